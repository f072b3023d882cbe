// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "aws_cli.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <QByteArray>
#include <QDateTime>
#include <QRegularExpression>
#include <QStringList>
#include <QTimeZone>

namespace shs::ui::awscli {

using namespace shs::core;

QString quote(const QString &arg)
{
    static const QRegularExpression safe(QStringLiteral("^[A-Za-z0-9_./:=@%+,-]+$"));
    if (safe.match(arg).hasMatch())
        return arg;
    QString out = arg;
    out.replace(QLatin1Char('\''), QLatin1String("'\\''"));
    return QLatin1Char('\'') + out + QLatin1Char('\'');
}

namespace {
QStringList &globalTarget()
{
    static QStringList options;
    return options;
}

QString command(const char *operation, const QStringList &args)
{
    QString out = QStringLiteral("aws kinesis ") + QLatin1String(operation);
    for (int i = 0; i + 1 < args.size(); i += 2)
        out += QLatin1Char(' ') + args[i] + QLatin1Char(' ') + quote(args[i + 1]);
    if (args.size() % 2)
        out += QLatin1Char(' ') + args.last();
    const QStringList &target = globalTarget();
    for (int i = 0; i + 1 < target.size(); i += 2)
        out += QLatin1Char(' ') + target[i] + QLatin1Char(' ') + quote(target[i + 1]);
    return out;
}

QString q(const std::string &s)
{
    return QString::fromStdString(s);
}
} // namespace

void setTarget(const QStringList &globalOptions)
{
    globalTarget() = globalOptions;
}

QStringList target()
{
    return globalTarget();
}

QString createStream(const CreateStreamRequest &r)
{
    if (r.mode == StreamMode::OnDemand)
        return command("create-stream", {QStringLiteral("--stream-name"), q(r.streamName),
                                         QStringLiteral("--stream-mode-details"),
                                         QStringLiteral("StreamMode=ON_DEMAND")});
    return command("create-stream",
                   {QStringLiteral("--stream-name"), q(r.streamName),
                    QStringLiteral("--shard-count"), QString::number(r.shardCount.value_or(1))});
}

QString deleteStream(const QString &stream)
{
    return command("delete-stream", {QStringLiteral("--stream-name"), stream});
}

QString addTagsToStream(const QString &stream, const std::map<std::string, std::string> &tags)
{
    QJsonObject o;
    for (const auto &[k, v] : tags)
        o.insert(QString::fromStdString(k), QString::fromStdString(v));
    return command("add-tags-to-stream",
                   {QStringLiteral("--stream-name"), stream, QStringLiteral("--tags"),
                    QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact))});
}

QString removeTagsFromStream(const QString &stream, const std::vector<std::string> &keys)
{
    QStringList args{QStringLiteral("--stream-name"), stream, QStringLiteral("--tag-keys")};
    for (const auto &k : keys)
        args << QString::fromStdString(k);
    return command("remove-tags-from-stream", args);
}

QString updateRetention(const QString &stream, int hours, bool increase)
{
    return command(increase ? "increase-stream-retention-period"
                            : "decrease-stream-retention-period",
                   {QStringLiteral("--stream-name"), stream,
                    QStringLiteral("--retention-period-hours"), QString::number(hours)});
}

QString splitShard(const QString &stream, const QString &shardId, const QString &newStartingHashKey)
{
    return command("split-shard",
                   {QStringLiteral("--stream-name"), stream, QStringLiteral("--shard-to-split"),
                    shardId, QStringLiteral("--new-starting-hash-key"), newStartingHashKey});
}

QString mergeShards(const QString &stream, const QString &shard, const QString &adjacentShard)
{
    return command("merge-shards",
                   {QStringLiteral("--stream-name"), stream, QStringLiteral("--shard-to-merge"),
                    shard, QStringLiteral("--adjacent-shard-to-merge"), adjacentShard});
}

QString updateShardCount(const QString &stream, int target)
{
    return command("update-shard-count",
                   {QStringLiteral("--stream-name"), stream, QStringLiteral("--target-shard-count"),
                    QString::number(target), QStringLiteral("--scaling-type"),
                    QStringLiteral("UNIFORM_SCALING")});
}

QString updateStreamMode(const QString &streamArn, StreamMode mode)
{
    return command("update-stream-mode",
                   {QStringLiteral("--stream-arn"), streamArn,
                    QStringLiteral("--stream-mode-details"),
                    QStringLiteral("StreamMode=") + QLatin1String(toString(mode))});
}

QString putRecord(const PutRecordRequest &r, bool dataIsText)
{
    QStringList args{QStringLiteral("--stream-name"), q(r.stream.name),
                     QStringLiteral("--partition-key"), q(r.partitionKey)};
    if (r.explicitHashKey)
        args << QStringLiteral("--explicit-hash-key") << q(*r.explicitHashKey);
    if (dataIsText) {
        args << QStringLiteral("--data") << q(r.data) << QStringLiteral("--cli-binary-format")
             << QStringLiteral("raw-in-base64-out");
    } else {
        args << QStringLiteral("--data")
             << QString::fromLatin1(QByteArray::fromStdString(r.data).toBase64());
    }
    return command("put-record", args);
}

QString getShardIterator(const GetShardIteratorRequest &r)
{
    QStringList args{QStringLiteral("--stream-name"),
                     q(r.stream.name),
                     QStringLiteral("--shard-id"),
                     q(r.shardId),
                     QStringLiteral("--shard-iterator-type"),
                     QLatin1String(toString(r.type))};
    if (r.startingSequenceNumber)
        args << QStringLiteral("--starting-sequence-number") << q(*r.startingSequenceNumber);
    if (r.timestampMs)
        args << QStringLiteral("--timestamp")
             << QDateTime::fromMSecsSinceEpoch(*r.timestampMs, QTimeZone::utc())
                    .toString(QStringLiteral("yyyy-MM-dd'T'HH:mm:ss.zzz'Z'"));
    return command("get-shard-iterator", args);
}

} // namespace shs::ui::awscli
