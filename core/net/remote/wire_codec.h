// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The client side of AWS JSON 1.1 for the remote backend: engine requests → the request members
// Kinesis expects (StreamName/StreamARN, base64 Data, epoch-second Timestamps, decimal hash keys),
// and Kinesis answers → engine results. The endpoint (endpoint/) goes the other way.
//
// Decoders are lenient where servers legitimately differ (kinesalite omits StreamModeDetails,
// StreamSummaries and EncryptionType; LocalStack sends 0-padded timestamps as floats) and strict
// where the workbench would otherwise show something false: a shard without a parseable hash-key
// range or a record without a sequence number is an error naming the member.
#include "engine/api.h"
#include "engine/result.h"

#include <QJsonObject>

namespace shs::net::wire {

QJsonObject encode(const core::CreateStreamRequest &r);
QJsonObject
encode(const core::StreamRef &r); ///< DescribeStreamSummary and others naming only a stream
QJsonObject encode(const core::ListStreamsRequest &r);
QJsonObject encode(const core::ListShardsRequest &r);
QJsonObject encode(const core::PutRecordRequest &r);
QJsonObject encode(const core::PutRecordsRequest &r);
QJsonObject encode(const core::GetShardIteratorRequest &r);
QJsonObject encode(const core::GetRecordsRequest &r);
QJsonObject encode(const core::ListTagsRequest &r);

core::Result<core::StreamDescriptionSummary> decodeStreamDescriptionSummary(const QJsonObject &o);
core::Result<core::ListStreamsResult> decodeListStreams(const QJsonObject &o);
core::Result<core::ListShardsResult> decodeListShards(const QJsonObject &o);
core::Result<core::PutRecordResult> decodePutRecord(const QJsonObject &o);
core::Result<core::PutRecordsResult> decodePutRecords(const QJsonObject &o);
core::Result<core::GetShardIteratorResult> decodeGetShardIterator(const QJsonObject &o);
core::Result<core::GetRecordsResult> decodeGetRecords(const QJsonObject &o);
core::Result<core::ListTagsResult> decodeListTags(const QJsonObject &o);

std::optional<core::StreamStatus> streamStatusFromString(std::string_view s);

} // namespace shs::net::wire
