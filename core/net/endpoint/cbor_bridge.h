// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// CBOR 1.1 (application/x-amz-cbor-1.1, the Java SDKs' and so KCL's default) on the same operation
// code as JSON: a request map is read into the JSON object the operations decode (byte strings
// become base64 text, tag-1 timestamps — integer epoch *milliseconds* on this wire — become epoch
// seconds), and a JSON answer is written back as CBOR the way Kinesis does: indefinite-length maps
// and arrays, `Data` as a byte string, `…Timestamp` members as tag 1 around integer milliseconds
// (a float there breaks the Java SDK), integers as integers.
#include <QByteArray>
#include <QJsonObject>

#include <optional>
#include <string>

namespace shs::net {

/// The request body as a JSON object, or nullopt with `error` set.
std::optional<QJsonObject> cborRequestToJson(const QByteArray &cbor, std::string *error);
/// Our JSON answer (JsonWriter output) as CBOR.
QByteArray jsonAnswerToCbor(const QByteArray &json);

} // namespace shs::net
