// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "kinesis_shapes.h"

namespace shs::net::shapes {

using namespace shs::core;

namespace {
void writeHashRange(JsonWriter &w, const HashKey &start, const HashKey &end)
{
    w.key("HashKeyRange")
        .beginObject()
        .member("StartingHashKey", start.toDecimal())
        .member("EndingHashKey", end.toDecimal())
        .endObject();
}

void writeEnhancedMonitoring(JsonWriter &w)
{
    w.key("EnhancedMonitoring")
        .beginArray()
        .beginObject()
        .key("ShardLevelMetrics")
        .beginArray()
        .endArray()
        .endObject()
        .endArray();
}

} // namespace

void writeShard(JsonWriter &w, const ShardDescription &s)
{
    w.beginObject().member("ShardId", s.shardId);
    if (s.parentShardId)
        w.member("ParentShardId", *s.parentShardId);
    if (s.adjacentParentShardId)
        w.member("AdjacentParentShardId", *s.adjacentParentShardId);
    writeHashRange(w, s.startingHashKey, s.endingHashKey);
    w.key("SequenceNumberRange")
        .beginObject()
        .member("StartingSequenceNumber", s.startingSequenceNumber);
    if (s.endingSequenceNumber)
        w.member("EndingSequenceNumber", *s.endingSequenceNumber);
    w.endObject().endObject();
}

void writeRecordMembers(JsonWriter &w, const Record &rec)
{
    w.member("SequenceNumber", rec.sequenceNumber);
    w.key("ApproximateArrivalTimestamp").timestamp(rec.arrivalMs);
    w.key("Data").base64(rec.data);
    w.member("PartitionKey", rec.partitionKey);
    if (rec.encryptionType != "NONE") // the service names the encryption only when there is one
        w.member("EncryptionType", rec.encryptionType);
}

void writeStreamSummaryEntry(JsonWriter &w, const StreamSummary &s)
{
    w.beginObject()
        .member("StreamName", s.streamName)
        .member("StreamARN", s.streamArn)
        .member("StreamStatus", toString(s.status));
    w.key("StreamModeDetails").beginObject().member("StreamMode", toString(s.mode)).endObject();
    w.key("StreamCreationTimestamp").timestamp(s.creationMs).endObject();
}

QByteArray encode(const StreamDescription &s, JsonWriter::Style style)
{
    JsonWriter w(style);
    w.beginObject().key("StreamDescription").beginObject();
    w.member("StreamName", s.streamName)
        .member("StreamARN", s.streamArn)
        .member("StreamStatus", toString(s.status));
    w.key("StreamModeDetails").beginObject().member("StreamMode", toString(s.mode)).endObject();
    w.key("Shards").beginArray();
    for (const auto &sh : s.shards)
        writeShard(w, sh);
    w.endArray();
    w.member("HasMoreShards", s.hasMoreShards)
        .member("RetentionPeriodHours", s.retentionPeriodHours);
    w.key("StreamCreationTimestamp").timestamp(s.creationMs);
    writeEnhancedMonitoring(w);
    w.member("EncryptionType", s.encryptionType);
    if (s.keyId)
        w.member("KeyId", *s.keyId);
    w.endObject().endObject();
    return w.take();
}

QByteArray encode(const StreamDescriptionSummary &s, JsonWriter::Style style)
{
    JsonWriter w(style);
    w.beginObject().key("StreamDescriptionSummary").beginObject();
    w.member("StreamName", s.streamName).member("StreamARN", s.streamArn);
    if (!s.streamId.empty())
        w.member("StreamId", s.streamId);
    w.member("StreamStatus", toString(s.status));
    w.key("StreamModeDetails").beginObject().member("StreamMode", toString(s.mode)).endObject();
    w.member("RetentionPeriodHours", s.retentionPeriodHours);
    w.key("StreamCreationTimestamp").timestamp(s.creationMs);
    writeEnhancedMonitoring(w);
    w.member("EncryptionType", s.encryptionType);
    if (s.keyId)
        w.member("KeyId", *s.keyId);
    w.member("OpenShardCount", s.openShardCount).member("ConsumerCount", s.consumerCount);
    if (s.maxRecordSizeKiB > 0)
        w.member("MaxRecordSizeInKiB", s.maxRecordSizeKiB);
    w.endObject().endObject();
    return w.take();
}

QByteArray encode(const ListStreamsResult &r, JsonWriter::Style style)
{
    JsonWriter w(style);
    w.beginObject().key("StreamNames").beginArray();
    for (const auto &n : r.streamNames)
        w.string(n);
    w.endArray().member("HasMoreStreams", r.hasMoreStreams);
    if (r.nextToken)
        w.member("NextToken", *r.nextToken);
    w.key("StreamSummaries").beginArray();
    for (const auto &s : r.summaries)
        writeStreamSummaryEntry(w, s);
    w.endArray().endObject();
    return w.take();
}

QByteArray encode(const ListShardsResult &r, JsonWriter::Style style)
{
    JsonWriter w(style);
    w.beginObject().key("Shards").beginArray();
    for (const auto &sh : r.shards)
        writeShard(w, sh);
    w.endArray();
    if (r.nextToken)
        w.member("NextToken", *r.nextToken);
    w.endObject();
    return w.take();
}

QByteArray encode(const PutRecordResult &r, JsonWriter::Style style)
{
    JsonWriter w(style);
    w.beginObject()
        .member("ShardId", r.shardId)
        .member("SequenceNumber", r.sequenceNumber)
        .member("EncryptionType", r.encryptionType)
        .endObject();
    return w.take();
}

QByteArray encode(const PutRecordsResult &r, JsonWriter::Style style)
{
    JsonWriter w(style);
    w.beginObject().member("FailedRecordCount", r.failedRecordCount).key("Records").beginArray();
    for (const auto &e : r.records) {
        w.beginObject();
        if (e.errorCode.empty())
            w.member("SequenceNumber", e.sequenceNumber).member("ShardId", e.shardId);
        else
            w.member("ErrorCode", e.errorCode).member("ErrorMessage", e.errorMessage);
        w.endObject();
    }
    w.endArray().member("EncryptionType", r.encryptionType).endObject();
    return w.take();
}

QByteArray encode(const GetRecordsResult &r, JsonWriter::Style style)
{
    JsonWriter w(style);
    w.beginObject().key("Records").beginArray();
    for (const auto &rec : r.records) {
        w.beginObject();
        writeRecordMembers(w, rec);
        w.endObject();
    }
    w.endArray();
    if (r.nextShardIterator)
        w.member("NextShardIterator", *r.nextShardIterator);
    w.member("MillisBehindLatest", r.millisBehindLatest);
    if (!r.childShards.empty()) {
        w.key("ChildShards").beginArray();
        for (const auto &c : r.childShards) {
            w.beginObject().member("ShardId", c.shardId).key("ParentShards").beginArray();
            for (const auto &p : c.parentShards)
                w.string(p);
            w.endArray();
            writeHashRange(w, c.startingHashKey, c.endingHashKey);
            w.endObject();
        }
        w.endArray();
    }
    w.endObject();
    return w.take();
}

} // namespace shs::net::shapes
