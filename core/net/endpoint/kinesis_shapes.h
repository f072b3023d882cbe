// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The Kinesis response shapes as JSON, in the service's member order — one definition for the
// local endpoint (compact, epoch-second timestamps: the wire) and for shardscope-cli (the AWS
// CLI's indented output with ISO 8601 timestamps), so the two cannot drift apart.
#include "engine/api.h"
#include "json_writer.h"

#include <QByteArray>

namespace shs::net::shapes {

QByteArray encode(const core::StreamDescription &s, JsonWriter::Style style = {});
QByteArray encode(const core::StreamDescriptionSummary &s, JsonWriter::Style style = {});
QByteArray encode(const core::ListStreamsResult &r, JsonWriter::Style style = {});
QByteArray encode(const core::ListShardsResult &r, JsonWriter::Style style = {});
QByteArray encode(const core::PutRecordResult &r, JsonWriter::Style style = {});
QByteArray encode(const core::PutRecordsResult &r, JsonWriter::Style style = {});
QByteArray encode(const core::GetRecordsResult &r, JsonWriter::Style style = {});
/// Parts, for outputs that gather pages (the AWS CLI's list-shards and list-streams) or add a
/// member (a line of `tail`).
void writeShard(JsonWriter &w, const core::ShardDescription &shard);
void writeStreamSummaryEntry(JsonWriter &w, const core::StreamSummary &summary);
/// A Record's members (GetRecords' shape) into an object the caller opened.
void writeRecordMembers(JsonWriter &w, const core::Record &record);

} // namespace shs::net::shapes
