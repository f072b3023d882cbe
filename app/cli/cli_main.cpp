// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
// shardscope-cli: the headless twin of the workbench. Same engine, no window; commands named and
// shaped like the AWS CLI's `aws kinesis ...`, plus tail and bench.
#include "cli_context.h"
#include "cli_json.h"

#include "endpoint/shape_json.h"
#include "engine/catalogue.h"
#include "engine/encoding.h"
#include "remote/remote_backend.h"
#include "service/local_backend.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTextStream>
#include <QThread>
#include <QUrl>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <map>

namespace shs::cli {

using namespace shs::core;

Context::Context() = default;
Context::~Context()
{
    close();
}

void Context::close()
{
    m_backend.reset(); // before the engine it may use
    m_engine.reset();
}

namespace {
void embeddedOnly(const Context &ctx)
{
    if (ctx.remote)
        throw UsageError("'" + ctx.command.toStdString()
                         + "' works on the embedded engine only: a Kinesis endpoint does not "
                           "expose what it reads. "
                           "Run it without --endpoint-url/--profile.");
}
} // namespace

service::EmbeddedEngine &Context::embedded()
{
    embeddedOnly(*this);
    return *backend().embedded();
}

service::EngineHost &Context::host()
{
    embeddedOnly(*this);
    if (!m_engine) {
        auto opened = app::EmbeddedEngine::open(options);
        if (!opened)
            throw OpenError(opened.error().message);
        m_engine = std::move(*opened);
    }
    return m_engine->host();
}

service::StreamBackend &Context::backend()
{
    if (m_backend)
        return *m_backend;
    if (remote) {
        QString error;
        auto config = net::resolveAwsConfig(*remote, QProcessEnvironment::systemEnvironment(),
                                            QDir::homePath(), &error);
        if (!config)
            throw OpenError(error.toStdString());
        m_backend = std::make_unique<net::RemoteBackend>(std::move(*config));
    } else {
        host();
        m_backend = std::make_unique<service::LocalBackend>(m_engine->host(), m_engine->clock(),
                                                            m_engine->dataDir());
    }
    return *m_backend;
}

void printJson(const QByteArray &text)
{
    std::fwrite(text.constData(), 1, size_t(text.size()), stdout);
    if (!text.endsWith('\n'))
        std::fputc('\n', stdout);
    std::fflush(stdout);
}

void printJson(const QJsonObject &object)
{
    printJson(QJsonDocument(object).toJson(QJsonDocument::Indented));
}

int serviceError(const Error &error, const char *operation)
{
    std::fprintf(stderr, "\nAn error occurred (%s) when calling the %s operation: %s\n",
                 std::string(error.name()).c_str(), operation, error.message.c_str());
    return ExitServiceError;
}

std::string decodeData(const Context &ctx, const QString &text)
{
    if (ctx.rawBinary)
        return text.toStdString();
    auto decoded = base64Decode(text.toStdString());
    if (!decoded)
        throw UsageError(
            QStringLiteral("Invalid base64: \"%1\". Pass --cli-binary-format raw-in-base64-out "
                           "to send the text as it is.")
                .arg(text.left(40))
                .toStdString());
    return *decoded;
}

namespace {

StreamRef streamRef(const Args &a)
{
    StreamRef r;
    r.name = a.value(QStringLiteral("stream-name")).value_or(QString()).toStdString();
    r.arn = a.value(QStringLiteral("stream-arn")).value_or(QString()).toStdString();
    if (r.name.empty() && r.arn.empty())
        throw UsageError("needs --stream-name or --stream-arn");
    return r;
}

const QStringList kStream = {QStringLiteral("stream-name"), QStringLiteral("stream-arn")};

QStringList with(QStringList base, std::initializer_list<const char *> more)
{
    for (auto m : more)
        base << QString::fromLatin1(m);
    return base;
}

QByteArray readSource(const QString &spec)
{
    if (spec == QStringLiteral("-")) {
        QFile in;
        if (!in.open(stdin, QIODevice::ReadOnly))
            throw UsageError("cannot read standard input");
        return in.readAll();
    }
    if (spec.startsWith(QStringLiteral("file://"))) {
        QFile f(spec.mid(7));
        if (!f.open(QIODevice::ReadOnly))
            throw UsageError(QStringLiteral("cannot read %1: %2")
                                 .arg(spec.mid(7), f.errorString())
                                 .toStdString());
        return f.readAll();
    }
    return spec.toUtf8();
}

int cmdPutRecords(Context &ctx, const QStringList &argv)
{
    Args a(QStringLiteral("put-records"), argv, with(kStream, {"records", "cli-binary-format"}));
    ctx.rawBinary
        = a.value(QStringLiteral("cli-binary-format")) == QStringLiteral("raw-in-base64-out");
    PutRecordsRequest r;
    r.stream = streamRef(a);
    const QByteArray text
        = readSource(a.value(QStringLiteral("records")).value_or(QStringLiteral("-")));
    QJsonParseError err;
    const auto doc = QJsonDocument::fromJson(text, &err);
    QJsonArray list
        = doc.isArray() ? doc.array() : doc.object().value(QStringLiteral("Records")).toArray();
    if (err.error != QJsonParseError::NoError)
        throw UsageError(QStringLiteral("--records is not valid JSON: %1 at offset %2")
                             .arg(err.errorString())
                             .arg(err.offset)
                             .toStdString());
    for (int i = 0; i < list.size(); ++i) {
        const QJsonObject o = list[i].toObject();
        if (!o.contains(QStringLiteral("Data")) || !o.contains(QStringLiteral("PartitionKey")))
            throw UsageError(
                QStringLiteral("record %1 needs Data and PartitionKey").arg(i + 1).toStdString());
        PutRecordsEntry e;
        e.data = decodeData(ctx, o.value(QStringLiteral("Data")).toString());
        e.partitionKey = o.value(QStringLiteral("PartitionKey")).toString().toStdString();
        if (o.contains(QStringLiteral("ExplicitHashKey")))
            e.explicitHashKey = o.value(QStringLiteral("ExplicitHashKey")).toString().toStdString();
        r.records.push_back(std::move(e));
    }
    auto res = ctx.run(core::ops::PutRecords, std::move(r));
    if (!res)
        return serviceError(res.error(), "PutRecords");
    printJson(net::shapejson::encode(*res, net::JsonWriter::awsCli()));
    return ExitOk;
}

QJsonObject metricValuesJson(const MetricValues &v)
{
    QJsonObject o;
    for (int i = 0; i < kMetricCount; ++i)
        o[QString::fromLatin1(metricName(static_cast<Metric>(i)))]
            = double(v[static_cast<std::size_t>(i)]);
    return o;
}

int cmdMetrics(Context &ctx, const QStringList &argv)
{
    Args a(QStringLiteral("metrics"), argv, with(kStream, {"seconds", "minutes"}));
    const StreamRef r = streamRef(a);
    if (auto minutes = a.integer(QStringLiteral("minutes"))) {
        // Persisted 1-minute history (any process can read it).
        const qint64 n = *minutes;
        auto &engine = ctx.embedded();
        const std::int64_t now = ctx.backend().nowMs();
        auto res = ctx.await<std::vector<MinutePoint>>(
            [&](service::StreamBackend &, QObject *c,
                service::Continuation<std::vector<MinutePoint>> done) {
                engine.metricHistory(r, now - n * 60000, now, c, std::move(done));
            });
        if (!res)
            return serviceError(res.error(), "GetMetricData");
        QJsonArray points;
        for (const auto &p : *res) {
            QJsonObject o = metricValuesJson(p.values);
            o[QStringLiteral("Timestamp")] = isoTime(p.minute * 60000);
            o[QStringLiteral("ShardId")] = p.shardIndex == 0xFFFFFFFFu
                                               ? QStringLiteral("(stream)")
                                               : q(formatShardId(p.shardIndex));
            points.append(o);
        }
        printJson(
            QJsonObject{{QStringLiteral("Period"), 60}, {QStringLiteral("Datapoints"), points}});
        return ExitOk;
    }
    const auto seconds = std::size_t(a.integer(QStringLiteral("seconds"), 10));
    auto res = ctx.call<Engine::StreamMetrics>(
        [r, seconds](Engine &e) { return e.recentMetrics(r, seconds); });
    if (!res)
        return serviceError(res.error(), "GetMetricData");
    auto series = [](const std::vector<MetricSample> &samples) {
        QJsonArray out;
        for (const auto &s : samples) {
            QJsonObject o = metricValuesJson(s.values);
            o[QStringLiteral("Timestamp")] = isoTime(s.second * 1000);
            out.append(o);
        }
        return out;
    };
    auto keys = [](const std::vector<HotKey> &hot) {
        QJsonArray out;
        for (const auto &k : hot)
            out.append(QJsonObject{{QStringLiteral("PartitionKey"), q(k.partitionKey)},
                                   {QStringLiteral("Count"), double(k.count)},
                                   {QStringLiteral("Overestimate"), double(k.overestimate)}});
        return out;
    };
    QJsonArray shards;
    for (const auto &sh : res->shards)
        shards.append(
            QJsonObject{{QStringLiteral("ShardId"), q(sh.shardId)},
                        {QStringLiteral("Open"), sh.open},
                        {QStringLiteral("PerSecond"), series(sh.samples)},
                        {QStringLiteral("TopPartitionKeysLastMinute"), keys(sh.hotKeys)},
                        {QStringLiteral("TopPartitionKeysThisMinute"), keys(sh.hotKeysNow)}});
    printJson(QJsonObject{{QStringLiteral("StreamName"), q(res->streamName)},
                          {QStringLiteral("Period"), 1},
                          {QStringLiteral("Stream"), series(res->stream)},
                          {QStringLiteral("Shards"), shards}});
    return ExitOk;
}

QJsonObject costJson(const CostEstimate &c)
{
    QJsonArray lines;
    for (const auto &l : c.lines)
        lines.append(QJsonObject{{QStringLiteral("Item"), q(l.item)},
                                 {QStringLiteral("Quantity"), l.quantity},
                                 {QStringLiteral("Unit"), q(l.unit)},
                                 {QStringLiteral("USD"), l.dollars}});
    QJsonObject o{{QStringLiteral("StreamMode"), q(c.mode)},
                  {QStringLiteral("Lines"), lines},
                  {QStringLiteral("TotalUSD"), c.total}};
    if (c.shardsAssumed)
        o[QStringLiteral("ShardsAssumed")] = c.shardsAssumed;
    return o;
}

int cmdCost(Context &ctx, const QStringList &argv)
{
    Args a(QStringLiteral("cost"), argv, kStream);
    const StreamRef r = streamRef(a);
    auto &engine = ctx.embedded();
    auto res = ctx.await<Engine::CostReport>(
        [&](service::StreamBackend &, QObject *c, service::Continuation<Engine::CostReport> done) {
            engine.costReport(r, c, std::move(done));
        });
    if (!res)
        return serviceError(res.error(), "Cost");
    const StreamUsage &u = res->usage;
    QJsonObject out{
        {QStringLiteral("Since"), isoTime(u.sinceMs)},
        {QStringLiteral("Hours"), u.hours},
        {QStringLiteral("Usage"),
         QJsonObject{{QStringLiteral("ShardHours"), u.shardHours},
                     {QStringLiteral("OnDemandStreamHours"), u.streamHours},
                     {QStringLiteral("PutPayloadUnits"), double(u.putPayloadUnits)},
                     {QStringLiteral("BytesIn"), double(u.bytesIn)},
                     {QStringLiteral("BytesOut"), double(u.bytesOut)},
                     {QStringLiteral("Records"), double(u.records)},
                     {QStringLiteral("PeakBytesInPerSecond"), double(u.peakBytesInPerSecond)},
                     {QStringLiteral("PeakRecordsInPerSecond"), double(u.peakRecordsInPerSecond)}}},
        {QStringLiteral("Current"), costJson(res->current)},
        {QStringLiteral("WhatIf"), costJson(res->whatIf)},
        {QStringLiteral("PriceRegion"), q(res->prices.region)}};
    if (const auto &o = res->onDemand) {
        // What sizes an on-demand stream, as the Capacity dialog says it.
        QJsonObject scaling{
            {QStringLiteral("PeakWriteRecordsPerSecond"), double(o->peakWriteRecordsPerSecond)},
            {QStringLiteral("PeakWriteBytesPerSecond"), double(o->peakWriteBytesPerSecond)},
            {QStringLiteral("WantedShards"), o->wantedShards},
            {QStringLiteral("OpenShards"), o->openShards},
            {QStringLiteral("MinimumShards"), o->minShards},
            {QStringLiteral("WarmThroughputShards"), o->warmShards}};
        if (o->peakAtMs > 0) {
            scaling[QStringLiteral("PeakAt")] = isoTime(o->peakAtMs);
            scaling[QStringLiteral("PeakExpiresAt")] = isoTime(o->peakExpiresMs);
        }
        if (o->lastScaleMs > 0)
            scaling[QStringLiteral("NoMergeBefore")]
                = isoTime(o->lastScaleMs + o->scaleDownAfterMs);
        out[QStringLiteral("OnDemandScaling")] = scaling;
    }
    printJson(out);
    return ExitOk;
}

int cmdWait(Context &ctx, const QStringList &argv)
{
    if (argv.isEmpty()
        || (argv[0] != QStringLiteral("stream-exists")
            && argv[0] != QStringLiteral("stream-not-exists")))
        throw UsageError("wait takes stream-exists or stream-not-exists");
    const bool exists = argv[0] == QStringLiteral("stream-exists");
    Args a(QStringLiteral("wait ") + argv[0], argv.mid(1), kStream);
    const StreamRef r = streamRef(a);
    // AWS CLI polls every 10 s, 18 times; the embedded engine settles in well under a second,
    // so poll every 100 ms for the same 180 s budget.
    // A remote endpoint is asked once a second (DescribeStreamSummary allows 20 per second per
    // account, shared with the user's applications).
    const int pollMs = ctx.remote ? 1000 : 100;
    for (int attempt = 0; attempt < 180'000 / pollMs; ++attempt) {
        auto res = ctx.run(core::ops::DescribeStreamSummary, r);
        if (exists && res && res->status == StreamStatus::Active)
            return ExitOk;
        if (!exists && !res && res.error().code == ErrorCode::ResourceNotFound)
            return ExitOk;
        if (exists && !res && res.error().code != ErrorCode::ResourceNotFound)
            return serviceError(res.error(), "DescribeStream");
        QThread::msleep(static_cast<unsigned long>(pollMs));
    }
    std::fprintf(stderr, "\nWaiter %s failed: Max attempts exceeded\n", qPrintable(argv[0]));
    return ExitFailure;
}

struct Command
{
    const char *name;
    std::function<int(Context &, const QStringList &)> run;
    const char *usage;
};

const std::vector<Command> &commands()
{
    static const std::vector<Command> list = {
        {"put-records", cmdPutRecords,
         "--stream-name NAME --records file://records.json|-|JSON [--cli-binary-format "
         "raw-in-base64-out]"},
        {"metrics", cmdMetrics,
         "--stream-name NAME [--seconds N (<= 180, this process)] [--minutes N (persisted)]"},
        {"cost", cmdCost,
         "--stream-name NAME   (usage so far, its cost, and the other capacity mode's)"},
        {"wait", cmdWait, "stream-exists|stream-not-exists --stream-name NAME"},
        {"tail", runTail,
         "--stream NAME [--from TRIM_HORIZON|LATEST|AT_TIMESTAMP] [--timestamp T] [--no-follow] "
         "[--max-records N] "
         "[--format json|text (text opens KPL aggregates: a line per user record, "
         "SEQUENCE:SUBSEQUENCE)]"},
        {"consume", runConsume,
         "--application NAME --stream NAME [--workers N] [--processor count|slow:MS|fail:N|"
         "forward:STREAM] [--from TRIM_HORIZON|LATEST|AT_TIMESTAMP] [--timestamp T] "
         "[--checkpoint-every N] [--checkpoint-seconds S] [--lease-seconds S] [--idle-ms MS] "
         "[--fan-out] [--duration S] [--until-records N] [--lease-table FILE] [--worker-prefix P] "
         "[--reset] "
         "[--quiet]   (a KCL-style consumer application: workers share the shards through a "
         "lease table)"},
        {"lesson", runLesson,
         "list | check FILE… | play FILE|ID [--speed-factor F (1-60)] [--timeout S] | export "
         "FILE|ID [--output SCRIPT]   (lessons: validate a file, naming the line and field of "
         "every error; play one headless on a scratch engine by its \"show me\" path; write it "
         "as an AWS CLI script that replays it on real Kinesis, with what that costs)"},
        {"serve", runServe,
         "[--listen ADDRESS:PORT (default 127.0.0.1:4567)] [--allow-remote] [--credentials FILE "
         "(verify SigV4)] "
         "[--tls | --tls-cert PEM --tls-key PEM] [--faults FILE (fault rules from the start)]   "
         "(the Kinesis API for the AWS CLI and SDKs)"},
        {"faults", runFaults,
         "add --rule JSON|--file FILE | list [--after SERIAL] | remove --id ID | clear   "
         "(fault rules on a running endpoint: errors, partial failures, latency, dropped and "
         "reset connections, slow bodies, clock skew; --endpoint-url names it, default "
         "http://127.0.0.1:4567)"},
        {"zones", runZones,
         "[list] | down ZONE | up ZONE | wipe ZONE | disk-full ZONE | disk-failing ZONE   (the "
         "three zones of a running endpoint's engine: their state and how far each is behind; "
         "an outage, its end (a failed disk freed or replaced), a lost disk rebuilt from the "
         "other zones, a disk that fills or fails on the next write; --endpoint-url names it, "
         "default http://127.0.0.1:4567)"},
        {"produce", runProduce,
         "--stream-name NAME [--partition-key KEY (default: the line number)] [--config FILE "
         "(KPL settings, Name = value)] [--quiet]   (standard input's lines as user records "
         "through a KPL-style producer: aggregated, collected, rate-limited per shard and "
         "retried; a line that could not be written is named on stderr)"},
        {"alarms", runAlarms,
         "put --alarm-name NAME --stream-name NAME [--shard-id ID] --metric-name NAME "
         "--statistic Average|Sum|Maximum|Minimum|SampleCount --period S --evaluation-periods N "
         "[--datapoints-to-alarm M] --threshold X --comparison-operator "
         "GreaterThanOrEqualToThreshold|GreaterThanThreshold|LessThanThreshold|"
         "LessThanOrEqualToThreshold [--treat-missing-data missing|ignore|breaching|notBreaching] "
         "[--alarm-description TEXT] | recommended --stream-name NAME | list [--stream-name NAME] "
         "[--state-value OK|ALARM|INSUFFICIENT_DATA] | evaluate [--stream-name NAME] | history "
         "[--alarm-name NAME] [--max-records N] | delete --alarm-names NAME… | metrics   "
         "(CloudWatch-style alarms on the engine's metrics, kept in alarms.sqlite3 in the data "
         "directory; the window evaluates them every minute of engine time)"},
        {"agent", runAgent,
         "--config FILE (the Kinesis Agent's agent.json) [--checkpoint-file FILE (default: its "
         "checkpointFile, else agent-checkpoints.sqlite3 in the data directory)] [--once (stop "
         "when the files are sent)] [--status-seconds S (default 30; 0: none)] [--quiet]   "
         "(the Kinesis Agent's flows: files tailed line by line into streams, following "
         "rotation, truncation and copy-truncate, with checkpoints; SIGINT/SIGTERM sends what "
         "is buffered and stops)"},
        {"bench", runBench,
         "put|get|e2e --stream NAME [--shards N] [--records N] [--size BYTES] [--batch N] "
         "[--threads N] "
         "[--keys N] [--duration S] [--rate R] [--ack-log FILE] [--async (put: callers continue "
         "from their acknowledgements instead of blocking threads)] [--producer sdk|kpl|both "
         "(put: through the KPL-style producer, or both in turn on the same stream)] "
         "[--producer-config FILE] [--endpoint-url http://HOST:PORT (over the wire)]"},
    };
    return list;
}

void printUsage(FILE *to)
{
    std::fprintf(to, "usage: shardscope-cli [global options] <command> [options]\n\nglobal "
                     "options (before or after the command):\n");
    for (const auto &g : globalOptions())
        std::fprintf(to, "  %-34s %s\n", (std::string(g.name) + ' ' + g.value).c_str(), g.help);
    std::fprintf(to, "\ncommands:\n");
    for (const auto &c : commands())
        std::fprintf(to, "  %-34s %s\n", c.name, c.usage);
    bool heading = false;
    for (const auto &d : derivedCommands()) {
        if (std::any_of(commands().begin(), commands().end(),
                        [&d](const Command &c) { return d.name == c.name; }))
            continue;
        if (!heading)
            std::fprintf(to,
                         "\nmore Kinesis operations (options: shardscope-cli COMMAND --help):\n");
        heading = true;
        std::fprintf(to, "  %-34s %s\n", d.name.c_str(), d.summary.c_str());
    }
    std::fprintf(to,
                 "\nThe data directory defaults to %s. Output is JSON shaped like the AWS CLI's.\n",
                 qPrintable(app::defaultDataDir()));
}

} // namespace

const std::vector<GlobalOption> &globalOptions()
{
    static const std::vector<GlobalOption> table = {
        {"--data-dir", "DIR", "the embedded engine's data directory"},
        {"--synchronous", "full|normal",
         "SQLite synchronous mode: full (default: every acknowledged record is on disk) or "
         "normal"},
        {"--zones", "3|1",
         "keep the records in three zone replicas, as Kinesis does (default), or in one "
         "database"},
        {"--account-id", "ID", "the 12-digit account in ARNs and messages (000000000000)"},
        {"--region", "REGION",
         "the region (us-east-1; with --endpoint-url, as the AWS CLI resolves it)"},
        {"--limits", "aws|off|custom:WB,WR,RB,RC",
         "per-shard limits: AWS's (default), none, or write bytes/s, write records/s, read "
         "bytes/s, read calls/s"},
        {"--metrics", "on|off", "count per-second metrics (on; off only to measure their cost)"},
        {"--prices", "FILE", "prices for the cost command (key=value lines)"},
        {"--endpoint-url", "URL",
         "run the AWS-CLI-shaped commands against a Kinesis endpoint (AWS, LocalStack, "
         "kinesalite, another shardscope's serve) instead of the embedded engine"},
        {"--profile", "NAME",
         "credentials and region from this profile of ~/.aws (as the AWS CLI)"},
        {"--ca-bundle", "PEM", "trust this certificate bundle for https endpoints"},
    };
    return table;
}

std::vector<CommandDoc> commandDocs()
{
    std::vector<CommandDoc> out;
    static const QRegularExpression option(QStringLiteral("--[a-z0-9][a-z0-9-]*"));
    for (const auto &c : commands()) {
        CommandDoc d;
        d.name = c.name;
        d.usage = c.usage;
        QStringList seen;
        for (auto it = option.globalMatch(QLatin1String(c.usage)); it.hasNext();) {
            const QString name = it.next().captured();
            const bool global = std::any_of(
                globalOptions().begin(), globalOptions().end(),
                [&name](const GlobalOption &g) { return name == QLatin1String(g.name); });
            if (!global && !seen.contains(name)) {
                seen << name;
                d.options.emplace_back(name.toStdString(), std::string());
            }
        }
        out.push_back(std::move(d));
    }
    for (const auto &dc : derivedCommands()) {
        if (std::any_of(out.begin(), out.end(),
                        [&dc](const CommandDoc &d) { return d.name == dc.name; }))
            continue;
        out.push_back({dc.name, {}, dc.summary, dc.options});
    }
    return out;
}

} // namespace shs::cli

int main(int argc, char **argv)
{
    using namespace shs::cli;
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("shardscope"));
    QStringList args = QCoreApplication::arguments().mid(1);
    Context ctx;
    ctx.options.processName = QStringLiteral("shardscope-cli");
    try {
        // Build-time: the manual page and shell completions, from the tables --help prints.
        if (args.size() == 1 && args.first() == QStringLiteral("--print-manual")) {
            printManual(stdout);
            return ExitOk;
        }
        if (args.size() == 2 && args.first() == QStringLiteral("--print-completion"))
            return printCompletion(args[1], stdout) ? ExitOk : ExitUsage;
        QString region, profile, caBundle;
        // Global options may come before or after the command, as the AWS CLI takes them:
        // those after it are moved in front (bench keeps its own --endpoint-url).
        static const QStringList globalNames = [] {
            QStringList names;
            for (const auto &g : globalOptions())
                names << QLatin1String(g.name);
            return names;
        }();
        {
            qsizetype commandAt = 0;
            while (commandAt < args.size() && args[commandAt].startsWith(QLatin1String("--")))
                commandAt += args[commandAt] == QStringLiteral("--help") ? 1 : 2;
            if (commandAt < args.size() && args[commandAt] != QStringLiteral("bench")) {
                QStringList front = args.mid(0, commandAt + 1), rest;
                for (qsizetype i = commandAt + 1; i < args.size(); ++i) {
                    if (globalNames.contains(args[i]) && i + 1 < args.size()) {
                        front.insert(front.size() - 1, args[i]);
                        front.insert(front.size() - 1, args[++i]);
                    } else {
                        rest << args[i];
                    }
                }
                args = front + rest;
            }
        }
        while (!args.isEmpty() && args.first().startsWith(QLatin1String("--"))) {
            const QString opt = args.takeFirst();
            if (opt == QStringLiteral("--help")) {
                printUsage(stdout);
                return ExitOk;
            }
            if (args.isEmpty())
                throw UsageError(QStringLiteral("option %1 needs a value").arg(opt).toStdString());
            const QString value = args.takeFirst();
            if (opt == QStringLiteral("--data-dir"))
                ctx.options.dataDir = value;
            else if (opt == QStringLiteral("--synchronous")) {
                if (value != QStringLiteral("full") && value != QStringLiteral("normal"))
                    throw UsageError("--synchronous takes full or normal");
                ctx.options.synchronousFull = value == QStringLiteral("full");
            } else if (opt == QStringLiteral("--zones")) {
                if (value != QStringLiteral("1") && value != QStringLiteral("3"))
                    throw UsageError("--zones takes 3 or 1");
                ctx.options.zones = value.toInt();
            } else if (opt == QStringLiteral("--account-id")) {
                if (value.size() != 12
                    || !QRegularExpression(QStringLiteral("^\\d{12}$")).match(value).hasMatch())
                    throw UsageError("--account-id takes 12 digits");
                ctx.options.accountId = value.toStdString();
            } else if (opt == QStringLiteral("--region")) {
                ctx.options.region = value.toStdString();
                region = value;
            } else if (opt == QStringLiteral("--endpoint-url")) {
                const QUrl url(value);
                if (!url.isValid()
                    || (url.scheme() != QStringLiteral("http")
                        && url.scheme() != QStringLiteral("https"))
                    || url.host().isEmpty())
                    throw UsageError("--endpoint-url takes http://HOST:PORT or "
                                     "https://HOST[:PORT], e.g. http://127.0.0.1:4567");
                ctx.remote.emplace().endpointUrl = value;
            } else if (opt == QStringLiteral("--profile")) {
                profile = value;
            } else if (opt == QStringLiteral("--ca-bundle")) {
                caBundle = value;
            } else if (opt == QStringLiteral("--prices")) {
                QFile f(value);
                if (!f.open(QIODevice::ReadOnly))
                    throw UsageError(QStringLiteral("cannot read --prices %1: %2")
                                         .arg(value, f.errorString())
                                         .toStdString());
                std::string error;
                if (!shs::core::PriceTable::parse(f.readAll().toStdString(), ctx.options.prices,
                                                  &error))
                    throw UsageError("--prices " + value.toStdString() + ": " + error);
            } else if (opt == QStringLiteral("--limits")) {
                if (!shs::core::LimitsProfile::parse(value.toStdString(), ctx.options.limits))
                    throw UsageError("--limits takes aws, off or "
                                     "custom:WRITE_BYTES,WRITE_RECORDS,READ_BYTES,READ_CALLS");
            } else if (opt == QStringLiteral("--metrics")) {
                if (value != QStringLiteral("on") && value != QStringLiteral("off"))
                    throw UsageError("--metrics takes on or off");
                ctx.options.metrics = value == QStringLiteral("on");
            } else
                throw UsageError(QStringLiteral("unknown global option %1").arg(opt).toStdString());
        }
        if (args.size() >= 2 && args.first() == QStringLiteral("help"))
            args = QStringList{args[1], QStringLiteral("--help")}; // help COMMAND
        if (args.isEmpty() || args.first() == QStringLiteral("help")) {
            printUsage(args.isEmpty() ? stderr : stdout);
            return args.isEmpty() ? ExitUsage : ExitOk;
        }
        if (!profile.isEmpty() && !ctx.remote)
            ctx.remote.emplace();
        if (ctx.remote) {
            ctx.remote->profile = profile;
            ctx.remote->region = region;
            ctx.remote->caBundle = caBundle;
        }
        const QString name = args.takeFirst();
        ctx.command = name;
        const bool help = args.contains(QStringLiteral("--help"));
        for (const auto &c : commands()) {
            if (name == QLatin1String(c.name)) {
                if (help) {
                    std::printf("usage: shardscope-cli %s %s\n", c.name, c.usage);
                    return ExitOk;
                }
                const int rc = c.run(ctx, args);
                ctx.close();
                return rc;
            }
        }
        for (const auto &d : derivedCommands()) {
            if (name.toStdString() == d.name) {
                const int rc = d.run(ctx, args);
                ctx.close();
                return rc;
            }
        }
        throw UsageError(QStringLiteral("unknown command '%1'").arg(name).toStdString());
    } catch (const UsageError &e) {
        std::fprintf(
            stderr,
            "shardscope-cli: %s\nRun 'shardscope-cli help' for the list of commands and options.\n",
            e.what());
        return ExitUsage;
    } catch (const OpenError &e) {
        std::fprintf(stderr, "shardscope-cli: %s\n", e.what());
        return ExitFailure;
    }
}
