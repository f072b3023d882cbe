// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "wire_codec.h"

#include "endpoint/shape_json.h"
#include "engine/catalogue.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonArray>

#include <cmath>

namespace shs::net::wire {

using namespace shs::core;

namespace {

QString q(const std::string &s)
{
    return QString::fromStdString(s);
}

std::string s(const QJsonObject &o, const char *member)
{
    return o.value(QLatin1String(member)).toString().toStdString();
}

std::optional<std::string> opt(const QJsonObject &o, const char *member)
{
    const QJsonValue v = o.value(QLatin1String(member));
    if (!v.isString())
        return std::nullopt;
    return v.toString().toStdString();
}

/// AWS JSON timestamps are epoch seconds (a number, possibly fractional).
std::int64_t ms(const QJsonValue &v)
{
    if (v.isDouble())
        return std::llround(v.toDouble() * 1000.0);
    if (v.isString()) { // some emulators send ISO text
        const QDateTime t = QDateTime::fromString(v.toString(), Qt::ISODateWithMs);
        return t.isValid() ? t.toMSecsSinceEpoch() : 0;
    }
    return 0;
}

QJsonValue seconds(std::int64_t epochMs)
{
    return double(epochMs) / 1000.0;
}

void putRef(QJsonObject &o, const StreamRef &r)
{
    if (!r.name.empty())
        o.insert(QStringLiteral("StreamName"), q(r.name));
    if (!r.arn.empty())
        o.insert(QStringLiteral("StreamARN"), q(r.arn));
}

Error malformed(const char *operation, const std::string &what)
{
    return makeError(ErrorCode::InternalFailure, std::string("The endpoint's answer to ")
                                                     + operation
                                                     + " is not what Kinesis sends: " + what + ".");
}

StreamMode modeOf(const QJsonObject &o)
{
    const QString m = o.value(QStringLiteral("StreamModeDetails"))
                          .toObject()
                          .value(QStringLiteral("StreamMode"))
                          .toString();
    return streamModeFromString(m.toStdString()).value_or(StreamMode::Provisioned);
}

std::optional<ShardDescription> shardOf(const QJsonObject &o)
{
    ShardDescription d;
    d.shardId = s(o, "ShardId");
    d.parentShardId = opt(o, "ParentShardId");
    d.adjacentParentShardId = opt(o, "AdjacentParentShardId");
    const QJsonObject range = o.value(QStringLiteral("HashKeyRange")).toObject();
    const auto start = HashKey::fromDecimal(s(range, "StartingHashKey"));
    const auto end = HashKey::fromDecimal(s(range, "EndingHashKey"));
    if (d.shardId.empty() || !start || !end)
        return std::nullopt;
    d.startingHashKey = *start;
    d.endingHashKey = *end;
    const QJsonObject seq = o.value(QStringLiteral("SequenceNumberRange")).toObject();
    d.startingSequenceNumber = s(seq, "StartingSequenceNumber");
    d.endingSequenceNumber = opt(seq, "EndingSequenceNumber");
    return d;
}

Result<std::vector<ShardDescription>> shardsOf(const QJsonArray &array, const char *operation)
{
    std::vector<ShardDescription> out;
    out.reserve(std::size_t(array.size()));
    for (const QJsonValue &v : array) {
        auto d = shardOf(v.toObject());
        if (!d)
            return malformed(operation, "a shard without ShardId or a decimal HashKeyRange");
        out.push_back(std::move(*d));
    }
    return out;
}

} // namespace

std::optional<StreamStatus> streamStatusFromString(std::string_view text)
{
    for (StreamStatus st : {StreamStatus::Creating, StreamStatus::Deleting, StreamStatus::Active,
                            StreamStatus::Updating})
        if (text == toString(st))
            return st;
    return std::nullopt;
}

// ---- requests -------------------------------------------------------------------------------

QJsonObject encode(const CreateStreamRequest &r)
{
    QJsonObject o{{QStringLiteral("StreamName"), q(r.streamName)}};
    if (r.shardCount)
        o.insert(QStringLiteral("ShardCount"), double(*r.shardCount));
    if (r.mode)
        o.insert(QStringLiteral("StreamModeDetails"),
                 QJsonObject{{QStringLiteral("StreamMode"), QLatin1String(toString(*r.mode))}});
    if (!r.tags.empty()) {
        QJsonObject tags;
        for (const auto &[k, v] : r.tags)
            tags.insert(q(k), q(v));
        o.insert(QStringLiteral("Tags"), tags);
    }
    return o;
}

QJsonObject encode(const StreamRef &r)
{
    QJsonObject o;
    putRef(o, r);
    return o;
}

QJsonObject encode(const ListStreamsRequest &r)
{
    QJsonObject o;
    if (r.limit)
        o.insert(QStringLiteral("Limit"), double(*r.limit));
    if (r.exclusiveStartStreamName)
        o.insert(QStringLiteral("ExclusiveStartStreamName"), q(*r.exclusiveStartStreamName));
    if (r.nextToken)
        o.insert(QStringLiteral("NextToken"), q(*r.nextToken));
    return o;
}

QJsonObject encode(const ListShardsRequest &r)
{
    QJsonObject o;
    if (r.nextToken) {
        // NextToken names the stream itself; Kinesis refuses StreamName beside it.
        o.insert(QStringLiteral("NextToken"), q(*r.nextToken));
    } else {
        putRef(o, r.stream);
        if (r.exclusiveStartShardId)
            o.insert(QStringLiteral("ExclusiveStartShardId"), q(*r.exclusiveStartShardId));
        if (r.streamCreationTimestampMs)
            o.insert(QStringLiteral("StreamCreationTimestamp"),
                     seconds(*r.streamCreationTimestampMs));
    }
    if (r.maxResults)
        o.insert(QStringLiteral("MaxResults"), double(*r.maxResults));
    if (r.filter && !r.nextToken) {
        QJsonObject f{{QStringLiteral("Type"), QLatin1String(toString(r.filter->type))}};
        if (r.filter->shardId)
            f.insert(QStringLiteral("ShardId"), q(*r.filter->shardId));
        if (r.filter->timestampMs)
            f.insert(QStringLiteral("Timestamp"), seconds(*r.filter->timestampMs));
        o.insert(QStringLiteral("ShardFilter"), f);
    }
    return o;
}

QJsonObject encode(const PutRecordRequest &r)
{
    QJsonObject o;
    putRef(o, r.stream);
    o.insert(QStringLiteral("Data"), QLatin1String(QByteArray::fromStdString(r.data).toBase64()));
    o.insert(QStringLiteral("PartitionKey"), q(r.partitionKey));
    if (r.explicitHashKey)
        o.insert(QStringLiteral("ExplicitHashKey"), q(*r.explicitHashKey));
    if (r.sequenceNumberForOrdering)
        o.insert(QStringLiteral("SequenceNumberForOrdering"), q(*r.sequenceNumberForOrdering));
    return o;
}

QJsonObject encode(const PutRecordsRequest &r)
{
    QJsonObject o;
    putRef(o, r.stream);
    QJsonArray records;
    for (const auto &e : r.records) {
        QJsonObject entry{
            {QStringLiteral("Data"), QLatin1String(QByteArray::fromStdString(e.data).toBase64())},
            {QStringLiteral("PartitionKey"), q(e.partitionKey)}};
        if (e.explicitHashKey)
            entry.insert(QStringLiteral("ExplicitHashKey"), q(*e.explicitHashKey));
        records.append(entry);
    }
    o.insert(QStringLiteral("Records"), records);
    return o;
}

QJsonObject encode(const GetShardIteratorRequest &r)
{
    QJsonObject o;
    putRef(o, r.stream);
    o.insert(QStringLiteral("ShardId"), q(r.shardId));
    o.insert(QStringLiteral("ShardIteratorType"), QLatin1String(toString(r.type)));
    if (r.startingSequenceNumber)
        o.insert(QStringLiteral("StartingSequenceNumber"), q(*r.startingSequenceNumber));
    if (r.timestampMs)
        o.insert(QStringLiteral("Timestamp"), seconds(*r.timestampMs));
    return o;
}

QJsonObject encode(const GetRecordsRequest &r)
{
    QJsonObject o{{QStringLiteral("ShardIterator"), q(r.shardIterator)}};
    if (r.limit)
        o.insert(QStringLiteral("Limit"), double(*r.limit));
    if (r.streamArn)
        o.insert(QStringLiteral("StreamARN"), q(*r.streamArn));
    return o;
}

QJsonObject encode(const ListTagsRequest &r)
{
    QJsonObject o;
    putRef(o, r.stream);
    if (r.exclusiveStartTagKey)
        o.insert(QStringLiteral("ExclusiveStartTagKey"), q(*r.exclusiveStartTagKey));
    if (r.limit)
        o.insert(QStringLiteral("Limit"), double(*r.limit));
    return o;
}

// ---- answers --------------------------------------------------------------------------------

Result<StreamDescriptionSummary> decodeStreamDescriptionSummary(const QJsonObject &answer)
{
    // The catalogue's shape: every member the service sends, read as the endpoint reads them.
    shapejson::Reading reading;
    auto d = shapejson::decode<StreamDescriptionSummary>(
        answer, reading, ops::DescribeStreamSummary.responseWrapper);
    if (!reading.serialization.empty())
        return malformed("DescribeStreamSummary", reading.serialization);
    if (d.streamName.empty() || d.streamArn.empty())
        return malformed("DescribeStreamSummary", "no StreamName or no StreamARN");
    return d;
}

Result<ListStreamsResult> decodeListStreams(const QJsonObject &o)
{
    ListStreamsResult r;
    for (const QJsonValue &v : o.value(QStringLiteral("StreamNames")).toArray())
        r.streamNames.push_back(v.toString().toStdString());
    r.hasMoreStreams = o.value(QStringLiteral("HasMoreStreams")).toBool();
    r.nextToken = opt(o, "NextToken");
    for (const QJsonValue &v : o.value(QStringLiteral("StreamSummaries")).toArray()) {
        const QJsonObject e = v.toObject();
        StreamSummary sum;
        sum.streamName = s(e, "StreamName");
        sum.streamArn = s(e, "StreamARN");
        sum.status = streamStatusFromString(s(e, "StreamStatus")).value_or(StreamStatus::Active);
        sum.mode = modeOf(e);
        sum.creationMs = ms(e.value(QStringLiteral("StreamCreationTimestamp")));
        r.summaries.push_back(std::move(sum));
    }
    return r;
}

Result<ListShardsResult> decodeListShards(const QJsonObject &o)
{
    ListShardsResult r;
    auto shards = shardsOf(o.value(QStringLiteral("Shards")).toArray(), "ListShards");
    if (!shards)
        return shards.error();
    r.shards = std::move(*shards);
    r.nextToken = opt(o, "NextToken");
    return r;
}

Result<PutRecordResult> decodePutRecord(const QJsonObject &o)
{
    PutRecordResult r;
    r.shardId = s(o, "ShardId");
    r.sequenceNumber = s(o, "SequenceNumber");
    if (r.shardId.empty() || r.sequenceNumber.empty())
        return malformed("PutRecord", "no ShardId or SequenceNumber");
    r.encryptionType
        = o.value(QStringLiteral("EncryptionType")).toString(QStringLiteral("NONE")).toStdString();
    return r;
}

Result<PutRecordsResult> decodePutRecords(const QJsonObject &o)
{
    PutRecordsResult r;
    r.failedRecordCount = o.value(QStringLiteral("FailedRecordCount")).toInt();
    r.encryptionType
        = o.value(QStringLiteral("EncryptionType")).toString(QStringLiteral("NONE")).toStdString();
    for (const QJsonValue &v : o.value(QStringLiteral("Records")).toArray()) {
        const QJsonObject e = v.toObject();
        r.records.push_back(
            {s(e, "SequenceNumber"), s(e, "ShardId"), s(e, "ErrorCode"), s(e, "ErrorMessage")});
    }
    return r;
}

Result<GetShardIteratorResult> decodeGetShardIterator(const QJsonObject &o)
{
    GetShardIteratorResult r{s(o, "ShardIterator")};
    if (r.shardIterator.empty())
        return malformed("GetShardIterator", "no ShardIterator");
    return r;
}

Result<GetRecordsResult> decodeGetRecords(const QJsonObject &o)
{
    GetRecordsResult r;
    const QJsonArray records = o.value(QStringLiteral("Records")).toArray();
    r.records.reserve(std::size_t(records.size()));
    for (const QJsonValue &v : records) {
        const QJsonObject e = v.toObject();
        Record rec;
        rec.sequenceNumber = s(e, "SequenceNumber");
        if (rec.sequenceNumber.empty())
            return malformed("GetRecords", "a record without SequenceNumber");
        rec.arrivalMs = ms(e.value(QStringLiteral("ApproximateArrivalTimestamp")));
        rec.data = QByteArray::fromBase64(e.value(QStringLiteral("Data")).toString().toLatin1())
                       .toStdString();
        rec.partitionKey = s(e, "PartitionKey");
        rec.encryptionType = e.value(QStringLiteral("EncryptionType"))
                                 .toString(QStringLiteral("NONE"))
                                 .toStdString();
        r.records.push_back(std::move(rec));
    }
    r.nextShardIterator = opt(o, "NextShardIterator");
    r.millisBehindLatest = std::int64_t(o.value(QStringLiteral("MillisBehindLatest")).toDouble());
    for (const QJsonValue &v : o.value(QStringLiteral("ChildShards")).toArray()) {
        const QJsonObject e = v.toObject();
        ChildShard child;
        child.shardId = s(e, "ShardId");
        for (const QJsonValue &p : e.value(QStringLiteral("ParentShards")).toArray())
            child.parentShards.push_back(p.toString().toStdString());
        const QJsonObject range = e.value(QStringLiteral("HashKeyRange")).toObject();
        child.startingHashKey
            = HashKey::fromDecimal(s(range, "StartingHashKey")).value_or(HashKey::zero());
        child.endingHashKey
            = HashKey::fromDecimal(s(range, "EndingHashKey")).value_or(HashKey::max());
        r.childShards.push_back(std::move(child));
    }
    return r;
}

Result<ListTagsResult> decodeListTags(const QJsonObject &o)
{
    ListTagsResult r;
    for (const QJsonValue &v : o.value(QStringLiteral("Tags")).toArray()) {
        const QJsonObject e = v.toObject();
        r.tags.emplace_back(s(e, "Key"), s(e, "Value"));
    }
    r.hasMoreTags = o.value(QStringLiteral("HasMoreTags")).toBool();
    return r;
}

} // namespace shs::net::wire
