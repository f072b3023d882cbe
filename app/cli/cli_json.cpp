// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli_json.h"

#include <QDateTime>
#include <QTimeZone>

namespace shs::cli {

using namespace shs::core;

QString q(const std::string &s)
{
    return QString::fromStdString(s);
}

QString isoTime(std::int64_t epochMs)
{
    const auto t = QDateTime::fromMSecsSinceEpoch(epochMs, QTimeZone::utc());
    return t.toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzz")) + QStringLiteral("000+00:00");
}

std::optional<std::int64_t> parseTime(const QString &text)
{
    bool ok = false;
    const double secs = text.toDouble(&ok);
    if (ok)
        return static_cast<std::int64_t>(secs * 1000.0);
    auto t = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!t.isValid())
        t = QDateTime::fromString(text, Qt::ISODate);
    if (!t.isValid())
        return std::nullopt;
    if (t.timeSpec() == Qt::LocalTime)
        t.setTimeZone(QTimeZone::utc());
    return t.toMSecsSinceEpoch();
}

QJsonObject toJson(const ShardDescription &s)
{
    QJsonObject o;
    o[QStringLiteral("ShardId")] = q(s.shardId);
    if (s.parentShardId)
        o[QStringLiteral("ParentShardId")] = q(*s.parentShardId);
    if (s.adjacentParentShardId)
        o[QStringLiteral("AdjacentParentShardId")] = q(*s.adjacentParentShardId);
    o[QStringLiteral("HashKeyRange")] = QJsonObject{{QStringLiteral("StartingHashKey"), q(s.startingHashKey.toDecimal())},
                                                   {QStringLiteral("EndingHashKey"), q(s.endingHashKey.toDecimal())}};
    QJsonObject seq{{QStringLiteral("StartingSequenceNumber"), q(s.startingSequenceNumber)}};
    if (s.endingSequenceNumber)
        seq[QStringLiteral("EndingSequenceNumber")] = q(*s.endingSequenceNumber);
    o[QStringLiteral("SequenceNumberRange")] = seq;
    return o;
}

QJsonObject toJson(const Record &r)
{
    const QByteArray data = QByteArray::fromRawData(r.data.data(), qsizetype(r.data.size()));
    return QJsonObject{{QStringLiteral("SequenceNumber"), q(r.sequenceNumber)},
                       {QStringLiteral("ApproximateArrivalTimestamp"), isoTime(r.arrivalMs)},
                       {QStringLiteral("Data"), QString::fromLatin1(data.toBase64())},
                       {QStringLiteral("PartitionKey"), q(r.partitionKey)},
                       {QStringLiteral("EncryptionType"), q(r.encryptionType)}};
}

QJsonObject toJson(const ChildShard &c)
{
    QJsonArray parents;
    for (const auto &p : c.parentShards)
        parents.append(q(p));
    return QJsonObject{{QStringLiteral("ShardId"), q(c.shardId)},
                       {QStringLiteral("ParentShards"), parents},
                       {QStringLiteral("HashKeyRange"),
                        QJsonObject{{QStringLiteral("StartingHashKey"), q(c.startingHashKey.toDecimal())},
                                    {QStringLiteral("EndingHashKey"), q(c.endingHashKey.toDecimal())}}}};
}

QJsonObject toJson(const StreamDescriptionSummary &s)
{
    QJsonObject o{{QStringLiteral("StreamName"), q(s.streamName)},
                  {QStringLiteral("StreamARN"), q(s.streamArn)},
                  {QStringLiteral("StreamId"), q(s.streamId)},
                  {QStringLiteral("StreamStatus"), QString::fromLatin1(toString(s.status))},
                  {QStringLiteral("StreamModeDetails"),
                   QJsonObject{{QStringLiteral("StreamMode"), QString::fromLatin1(toString(s.mode))}}},
                  {QStringLiteral("RetentionPeriodHours"), s.retentionPeriodHours},
                  {QStringLiteral("StreamCreationTimestamp"), isoTime(s.creationMs)},
                  {QStringLiteral("EnhancedMonitoring"),
                   QJsonArray{QJsonObject{{QStringLiteral("ShardLevelMetrics"), QJsonArray{}}}}},
                  {QStringLiteral("EncryptionType"), q(s.encryptionType)},
                  {QStringLiteral("OpenShardCount"), s.openShardCount},
                  {QStringLiteral("ConsumerCount"), s.consumerCount},
                  {QStringLiteral("MaxRecordSizeInKiB"), s.maxRecordSizeKiB}};
    if (s.keyId)
        o[QStringLiteral("KeyId")] = q(*s.keyId);
    return o;
}

QJsonObject toJson(const StreamDescription &s)
{
    QJsonArray shards;
    for (const auto &sh : s.shards)
        shards.append(toJson(sh));
    QJsonObject o{{QStringLiteral("StreamName"), q(s.streamName)},
                  {QStringLiteral("StreamARN"), q(s.streamArn)},
                  {QStringLiteral("StreamStatus"), QString::fromLatin1(toString(s.status))},
                  {QStringLiteral("StreamModeDetails"),
                   QJsonObject{{QStringLiteral("StreamMode"), QString::fromLatin1(toString(s.mode))}}},
                  {QStringLiteral("Shards"), shards},
                  {QStringLiteral("HasMoreShards"), s.hasMoreShards},
                  {QStringLiteral("RetentionPeriodHours"), s.retentionPeriodHours},
                  {QStringLiteral("StreamCreationTimestamp"), isoTime(s.creationMs)},
                  {QStringLiteral("EnhancedMonitoring"),
                   QJsonArray{QJsonObject{{QStringLiteral("ShardLevelMetrics"), QJsonArray{}}}}},
                  {QStringLiteral("EncryptionType"), q(s.encryptionType)}};
    if (s.keyId)
        o[QStringLiteral("KeyId")] = q(*s.keyId);
    return o;
}

QJsonObject toJson(const GetRecordsResult &r)
{
    QJsonArray records;
    for (const auto &rec : r.records)
        records.append(toJson(rec));
    QJsonObject o{{QStringLiteral("Records"), records},
                  {QStringLiteral("MillisBehindLatest"), double(r.millisBehindLatest)}};
    if (r.nextShardIterator)
        o[QStringLiteral("NextShardIterator")] = q(*r.nextShardIterator);
    if (!r.childShards.empty()) {
        QJsonArray children;
        for (const auto &c : r.childShards)
            children.append(toJson(c));
        o[QStringLiteral("ChildShards")] = children;
    }
    return o;
}

QJsonObject toJson(const PutRecordsResult &r)
{
    QJsonArray records;
    for (const auto &e : r.records) {
        if (e.errorCode.empty())
            records.append(QJsonObject{{QStringLiteral("SequenceNumber"), q(e.sequenceNumber)},
                                       {QStringLiteral("ShardId"), q(e.shardId)}});
        else
            records.append(QJsonObject{{QStringLiteral("ErrorCode"), q(e.errorCode)},
                                       {QStringLiteral("ErrorMessage"), q(e.errorMessage)}});
    }
    return QJsonObject{{QStringLiteral("FailedRecordCount"), r.failedRecordCount},
                       {QStringLiteral("Records"), records},
                       {QStringLiteral("EncryptionType"), q(r.encryptionType)}};
}

} // namespace shs::cli
