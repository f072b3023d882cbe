// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
// `shardscope-cli alarms`: CloudWatch-style alarms on the embedded engine's metrics
// (alarms/alarm.h), kept in alarms.sqlite3 in the data directory (store::AlarmStore). put and
// recommended define them (PutMetricAlarm's options, AWS's recommended alarms for a stream),
// evaluate checks them now on engine time and records what changed, list and history print
// DescribeAlarms' and DescribeAlarmHistory's shapes, delete removes them, metrics names what
// they can watch.
#include "cli_context.h"
#include "cli_json.h"

#include "engine/catalogue.h"
#include "store/alarm_store.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>

namespace shs::cli {

namespace {

using alarms::AlarmDefinition;

QString alarmsPath(Context &ctx)
{
    const QString dir = ctx.options.dataDir.isEmpty() ? app::defaultDataDir() : ctx.options.dataDir;
    QDir().mkpath(dir);
    return QDir(dir).filePath(QStringLiteral("alarms.sqlite3"));
}

std::unique_ptr<store::AlarmStore> openStore(Context &ctx)
{
    auto s = store::AlarmStore::open(alarmsPath(ctx).toStdString());
    if (!s)
        throw OpenError(s.error().message);
    return std::move(*s);
}

QJsonObject alarmJson(Context &ctx, const alarms::StoredAlarm &a)
{
    const AlarmDefinition &d = a.definition;
    QJsonArray dimensions{QJsonObject{{QStringLiteral("Name"), QStringLiteral("StreamName")},
                                      {QStringLiteral("Value"), q(d.streamName)}}};
    if (d.shardId)
        dimensions.append(QJsonObject{{QStringLiteral("Name"), QStringLiteral("ShardId")},
                                      {QStringLiteral("Value"), q(*d.shardId)}});
    return {
        {QStringLiteral("AlarmName"), q(d.name)},
        {QStringLiteral("AlarmArn"), q("arn:aws:cloudwatch:" + ctx.options.region + ":"
                                       + ctx.options.accountId + ":alarm:" + d.name)},
        {QStringLiteral("AlarmDescription"), q(d.description)},
        {QStringLiteral("ActionsEnabled"), false},
        {QStringLiteral("StateValue"), QString::fromLatin1(alarms::toString(a.status.state))},
        {QStringLiteral("StateReason"), q(a.status.reason)},
        {QStringLiteral("StateUpdatedTimestamp"), isoTime(a.status.updatedMs)},
        {QStringLiteral("MetricName"), q(d.metricName)},
        {QStringLiteral("Namespace"), QStringLiteral("AWS/Kinesis")},
        {QStringLiteral("Statistic"), QString::fromLatin1(alarms::toString(d.statistic))},
        {QStringLiteral("Dimensions"), dimensions},
        {QStringLiteral("Period"), d.periodSeconds},
        {QStringLiteral("EvaluationPeriods"), d.evaluationPeriods},
        {QStringLiteral("DatapointsToAlarm"), d.datapointsToAlarm},
        {QStringLiteral("Threshold"), d.threshold},
        {QStringLiteral("ComparisonOperator"), QString::fromLatin1(alarms::toString(d.comparison))},
        {QStringLiteral("TreatMissingData"),
         QString::fromLatin1(alarms::toString(d.treatMissingData))}};
}

QJsonObject historyJson(const alarms::HistoryItem &h)
{
    const QJsonObject data{{QStringLiteral("version"), QStringLiteral("1.0")},
                           {QStringLiteral("oldState"),
                            QJsonObject{{QStringLiteral("stateValue"),
                                         QString::fromLatin1(alarms::toString(h.oldState))}}},
                           {QStringLiteral("newState"),
                            QJsonObject{{QStringLiteral("stateValue"),
                                         QString::fromLatin1(alarms::toString(h.newState))},
                                        {QStringLiteral("stateReason"), q(h.reason)}}}};
    return {{QStringLiteral("AlarmName"), q(h.alarmName)},
            {QStringLiteral("AlarmType"), QStringLiteral("MetricAlarm")},
            {QStringLiteral("Timestamp"), isoTime(h.timestampMs)},
            {QStringLiteral("HistoryItemType"), QStringLiteral("StateUpdate")},
            {QStringLiteral("HistorySummary"), q(h.summary)},
            {QStringLiteral("HistoryData"),
             QString::fromUtf8(QJsonDocument(data).toJson(QJsonDocument::Compact))}};
}

/// CloudWatch's error names: ValidationError, ResourceNotFound; the store's own otherwise.
int storeError(const core::Error &e, const char *operation)
{
    const std::string name = e.code == core::ErrorCode::InvalidArgument    ? "ValidationError"
                             : e.code == core::ErrorCode::ResourceNotFound ? "ResourceNotFound"
                                                                           : std::string(e.name());
    std::fprintf(stderr, "\nAn error occurred (%s) when calling the %s operation: %s\n",
                 name.c_str(), operation, e.message.c_str());
    return ExitServiceError;
}

int put(Context &ctx, const QStringList &argv)
{
    Args a(QStringLiteral("alarms put"), argv,
           {QStringLiteral("alarm-name"), QStringLiteral("alarm-description"),
            QStringLiteral("stream-name"), QStringLiteral("shard-id"),
            QStringLiteral("metric-name"), QStringLiteral("statistic"), QStringLiteral("period"),
            QStringLiteral("evaluation-periods"), QStringLiteral("datapoints-to-alarm"),
            QStringLiteral("threshold"), QStringLiteral("comparison-operator"),
            QStringLiteral("treat-missing-data")});
    AlarmDefinition d;
    d.name = a.required(QStringLiteral("alarm-name")).toStdString();
    d.description = a.value(QStringLiteral("alarm-description")).value_or(QString()).toStdString();
    d.streamName = a.required(QStringLiteral("stream-name")).toStdString();
    if (auto shard = a.value(QStringLiteral("shard-id")))
        d.shardId = shard->toStdString();
    d.metricName = a.required(QStringLiteral("metric-name")).toStdString();
    auto choose = [&](const char *option, auto parse, auto fallback) {
        const auto text = a.value(QString::fromLatin1(option));
        if (!text)
            return fallback;
        auto v = parse(text->toStdString());
        if (!v)
            throw UsageError(std::string("--") + option + " does not take " + text->toStdString());
        return *v;
    };
    d.statistic = choose("statistic", alarms::parseStatistic, alarms::Statistic::Average);
    d.comparison = choose("comparison-operator", alarms::parseComparison,
                          alarms::Comparison::GreaterThanOrEqualToThreshold);
    d.treatMissingData
        = choose("treat-missing-data", alarms::parseMissingData, alarms::MissingData::Missing);
    d.periodSeconds = int(a.integer(QStringLiteral("period"), 60));
    d.evaluationPeriods = int(a.integer(QStringLiteral("evaluation-periods"), 1));
    d.datapointsToAlarm
        = int(a.integer(QStringLiteral("datapoints-to-alarm"), d.evaluationPeriods));
    bool ok = false;
    d.threshold = a.required(QStringLiteral("threshold")).toDouble(&ok);
    if (!ok)
        throw UsageError("--threshold takes a number");
    auto store = openStore(ctx);
    if (auto r = store->put(d, ctx.backend().nowMs()); !r)
        return storeError(r.error(), "PutMetricAlarm");
    return ExitOk;
}

int recommended(Context &ctx, const QStringList &argv)
{
    Args a(QStringLiteral("alarms recommended"), argv, {QStringLiteral("stream-name")});
    const std::string stream = a.required(QStringLiteral("stream-name")).toStdString();
    auto summary = ctx.run(core::ops::DescribeStreamSummary, core::StreamRef{stream, {}});
    if (!summary)
        return serviceError(summary.error(), "DescribeStreamSummary");
    auto store = openStore(ctx);
    QJsonArray names;
    for (const auto &d : alarms::recommendedAlarms(stream, summary->retentionPeriodHours)) {
        if (auto r = store->put(d, ctx.backend().nowMs()); !r)
            return storeError(r.error(), "PutMetricAlarm");
        names.append(q(d.name));
    }
    printJson(QJsonObject{{QStringLiteral("AlarmNames"), names}});
    return ExitOk;
}

/// `alarms list`: the data directory's alarms, or on an endpoint the stream's CloudWatch alarms
/// (read-only, without the ARN and actions CloudWatch keeps in its own region and account).
int list(Context &ctx, const QStringList &argv)
{
    Args a(QStringLiteral("alarms list"), argv,
           {QStringLiteral("stream-name"), QStringLiteral("state-value")});
    std::optional<alarms::State> state;
    if (auto s = a.value(QStringLiteral("state-value"))) {
        state = alarms::parseState(s->toStdString());
        if (!state)
            throw UsageError("--state-value takes OK, ALARM or INSUFFICIENT_DATA");
    }
    const bool cloudWatch = ctx.remote.has_value();
    core::Result<std::vector<alarms::StoredAlarm>> found = std::vector<alarms::StoredAlarm>();
    if (cloudWatch) {
        const std::string stream = a.required(QStringLiteral("stream-name")).toStdString();
        if (ctx.backend().cloudWatchSource().isEmpty())
            throw UsageError("alarms list on an endpoint reads CloudWatch's alarms, and this "
                             "connection has no CloudWatch: set AWS_ENDPOINT_URL_CLOUDWATCH (or "
                             "use an AWS profile)");
        found = ctx.await<std::vector<alarms::StoredAlarm>>(
            [&](service::StreamBackend &b, QObject *c,
                service::Continuation<std::vector<alarms::StoredAlarm>> done) {
                b.cloudWatchAlarms({stream, {}}, c, std::move(done));
            });
        if (!found)
            return serviceError(found.error(), "DescribeAlarms");
    } else {
        found = openStore(ctx)->list(
            a.value(QStringLiteral("stream-name")).value_or(QString()).toStdString());
        if (!found)
            return storeError(found.error(), "DescribeAlarms");
    }
    QJsonArray out;
    for (const auto &alarm : *found) {
        if (state && alarm.status.state != *state)
            continue;
        QJsonObject o = alarmJson(ctx, alarm);
        if (cloudWatch) {
            o.remove(QStringLiteral("AlarmArn"));
            o.remove(QStringLiteral("ActionsEnabled"));
        }
        out.append(o);
    }
    printJson(QJsonObject{{QStringLiteral("MetricAlarms"), out},
                          {QStringLiteral("CompositeAlarms"), QJsonArray()}});
    return ExitOk;
}

int evaluate(Context &ctx, const QStringList &argv)
{
    Args a(QStringLiteral("alarms evaluate"), argv, {QStringLiteral("stream-name")});
    auto store = openStore(ctx);
    auto all
        = store->list(a.value(QStringLiteral("stream-name")).value_or(QString()).toStdString());
    if (!all)
        return storeError(all.error(), "DescribeAlarms");
    const std::int64_t now = ctx.backend().nowMs();
    QJsonArray changes;
    for (const auto &alarm : *all) {
        auto points = ctx.await<std::vector<core::MinutePoint>>(
            [&](service::StreamBackend &, QObject *c,
                service::Continuation<std::vector<core::MinutePoint>> done) {
                ctx.embedded().metricHistory({alarm.definition.streamName, {}},
                                             now - alarms::lookbackMs(alarm.definition), now, c,
                                             std::move(done));
            });
        if (!points) {
            // A deleted stream has no metrics: its alarms see missing data.
            if (points.error().code != core::ErrorCode::ResourceNotFound)
                return serviceError(points.error(), "GetMetricData");
            points = std::vector<core::MinutePoint>();
        }
        auto changed = alarms::evaluateAndRecord(*store, alarm, *points, now);
        if (!changed)
            return storeError(changed.error(), "SetAlarmState");
        if (*changed)
            changes.append(historyJson(**changed));
    }
    auto after
        = store->list(a.value(QStringLiteral("stream-name")).value_or(QString()).toStdString());
    QJsonArray states;
    for (const auto &alarm : *after)
        states.append(QJsonObject{{QStringLiteral("AlarmName"), q(alarm.definition.name)},
                                  {QStringLiteral("StateValue"),
                                   QString::fromLatin1(alarms::toString(alarm.status.state))},
                                  {QStringLiteral("StateReason"), q(alarm.status.reason)}});
    printJson(QJsonObject{{QStringLiteral("EvaluatedAt"), isoTime(now)},
                          {QStringLiteral("Alarms"), states},
                          {QStringLiteral("StateChanges"), changes}});
    return ExitOk;
}

int history(Context &ctx, const QStringList &argv)
{
    Args a(QStringLiteral("alarms history"), argv,
           {QStringLiteral("alarm-name"), QStringLiteral("max-records")});
    const qint64 max = a.integer(QStringLiteral("max-records"), 100);
    if (max < 1 || max > 100)
        throw UsageError("--max-records takes 1 to 100");
    auto store = openStore(ctx);
    auto items = store->history(
        a.value(QStringLiteral("alarm-name")).value_or(QString()).toStdString(), int(max));
    if (!items)
        return storeError(items.error(), "DescribeAlarmHistory");
    QJsonArray out;
    for (const auto &h : *items)
        out.append(historyJson(h));
    printJson(QJsonObject{{QStringLiteral("AlarmHistoryItems"), out}});
    return ExitOk;
}

int remove(Context &ctx, const QStringList &argv)
{
    Args a(QStringLiteral("alarms delete"), argv, {QStringLiteral("alarm-names")});
    const QStringList names
        = a.positional() + QStringList{a.required(QStringLiteral("alarm-names"))};
    std::vector<std::string> list;
    for (const QString &n : names)
        list.push_back(n.toStdString());
    auto store = openStore(ctx);
    if (auto r = store->remove(list); !r)
        return storeError(r.error(), "DeleteAlarms");
    return ExitOk;
}

int metrics()
{
    QJsonArray out;
    for (const auto &m : alarms::alarmMetrics()) {
        QJsonArray statistics;
        for (auto s : m.statistics)
            statistics.append(QString::fromLatin1(alarms::toString(s)));
        out.append(QJsonObject{
            {QStringLiteral("MetricName"), QString::fromLatin1(m.name)},
            {QStringLiteral("Dimensions"),
             m.shardLevel ? QStringLiteral("StreamName, ShardId") : QStringLiteral("StreamName")},
            {QStringLiteral("Statistics"), statistics},
            {QStringLiteral("Unit"), QString::fromLatin1(m.unit)},
            {QStringLiteral("Meaning"), QString::fromLatin1(m.meaning)}});
    }
    printJson(QJsonObject{{QStringLiteral("Metrics"), out}});
    return ExitOk;
}

} // namespace

int runAlarms(Context &ctx, const QStringList &argv)
{
    const QString sub = argv.value(0);
    const QStringList rest = argv.mid(1);
    if (sub == QStringLiteral("metrics"))
        return metrics();
    // On a remote endpoint the alarms are CloudWatch's own: listed read-only when CloudWatch
    // answers; defined and evaluated there.
    if (ctx.remote && sub == QStringLiteral("list"))
        return list(ctx, rest);
    ctx.embedded();
    if (sub == QStringLiteral("put"))
        return put(ctx, rest);
    if (sub == QStringLiteral("recommended"))
        return recommended(ctx, rest);
    if (sub == QStringLiteral("list"))
        return list(ctx, rest);
    if (sub == QStringLiteral("evaluate"))
        return evaluate(ctx, rest);
    if (sub == QStringLiteral("history"))
        return history(ctx, rest);
    if (sub == QStringLiteral("delete"))
        return remove(ctx, rest);
    throw UsageError("alarms takes put, recommended, list, evaluate, history, delete or metrics");
}

} // namespace shs::cli
