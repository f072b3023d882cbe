// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
// shardscope-cli consume: a KCL-style consumer application (core/consumer) headless — N workers
// sharing a stream's shards through a lease table in SQLite, against the embedded engine or any
// endpoint. What the workers do with their leases goes to stderr as it happens; a JSON summary
// (workers, the lease table, records processed, duplicates, checksum) to stdout at the end.
//
// SIGINT/SIGTERM stop the workers gracefully (each checkpoints and releases its leases); kill -9
// is a crash (the leases expire and move to whoever runs next); SIGSTOP/SIGCONT is a real pause.
// Workers of several processes coordinate through the same --lease-table file.
#include "cli_context.h"
#include "cli_json.h"

#include "consumer/consumer_application.h"
#include "heap_trimmer.h"
#include "store/sqlite_lease_table.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QJsonArray>
#include <QTimer>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <unistd.h>

namespace shs::cli {

namespace {
std::atomic<bool> g_stop{false};
void onStop(int)
{
    g_stop = true;
}

QJsonObject leaseJson(const core::Lease &l)
{
    QJsonObject o;
    o[QStringLiteral("leaseKey")] = QString::fromStdString(l.leaseKey);
    if (!l.leaseOwner.empty())
        o[QStringLiteral("leaseOwner")] = QString::fromStdString(l.leaseOwner);
    o[QStringLiteral("leaseCounter")] = qint64(l.leaseCounter);
    o[QStringLiteral("checkpoint")] = QString::fromStdString(l.checkpoint);
    o[QStringLiteral("checkpointSubSequenceNumber")] = qint64(l.checkpointSubSequenceNumber);
    o[QStringLiteral("ownerSwitchesSinceCheckpoint")] = qint64(l.ownerSwitchesSinceCheckpoint);
    auto set = [](const std::vector<std::string> &ids) {
        QJsonArray a;
        for (const auto &id : ids)
            a.append(QString::fromStdString(id));
        return a;
    };
    if (!l.parentShardId.empty())
        o[QStringLiteral("parentShardId")] = set(l.parentShardId);
    if (!l.childShardIds.empty())
        o[QStringLiteral("childShardIds")] = set(l.childShardIds);
    o[QStringLiteral("startingHashKey")] = QString::fromStdString(l.startingHashKey);
    o[QStringLiteral("endingHashKey")] = QString::fromStdString(l.endingHashKey);
    return o;
}
} // namespace

int runConsume(Context &ctx, const QStringList &argv)
{
    Args a(QStringLiteral("consume"), argv,
           {QStringLiteral("application"), QStringLiteral("stream"), QStringLiteral("workers"),
            QStringLiteral("processor"), QStringLiteral("from"), QStringLiteral("timestamp"),
            QStringLiteral("checkpoint-every"), QStringLiteral("checkpoint-seconds"),
            QStringLiteral("lease-seconds"), QStringLiteral("idle-ms"), QStringLiteral("duration"),
            QStringLiteral("until-records"), QStringLiteral("lease-table"),
            QStringLiteral("worker-prefix")},
           {QStringLiteral("reset"), QStringLiteral("quiet"), QStringLiteral("fan-out")});
    consumer::ConsumerOptions o;
    o.application = a.required(QStringLiteral("application")).toStdString();
    o.stream = a.required(QStringLiteral("stream")).toStdString();
    const qint64 workers = a.integer(QStringLiteral("workers"), 1);
    if (workers < 1 || workers > 64)
        throw UsageError("--workers takes 1 to 64");
    auto processor = consumer::ProcessorSpec::parse(
        a.value(QStringLiteral("processor")).value_or(QStringLiteral("count")).toStdString());
    if (!processor)
        throw UsageError(processor.error().message);
    o.processor = *processor;
    const QString from = a.value(QStringLiteral("from")).value_or(QStringLiteral("TRIM_HORIZON"));
    if (from == QStringLiteral("TRIM_HORIZON")) {
        o.initialPosition = core::ShardIteratorType::TrimHorizon;
    } else if (from == QStringLiteral("LATEST")) {
        o.initialPosition = core::ShardIteratorType::Latest;
    } else if (from == QStringLiteral("AT_TIMESTAMP")) {
        o.initialPosition = core::ShardIteratorType::AtTimestamp;
        o.initialTimestampMs = parseTime(a.required(QStringLiteral("timestamp")));
        if (!o.initialTimestampMs)
            throw UsageError("--timestamp takes ISO 8601 or epoch seconds");
    } else {
        throw UsageError("consume --from takes TRIM_HORIZON, LATEST or AT_TIMESTAMP (the KCL's "
                         "initialPositionInStream)");
    }
    o.checkpointEveryRecords = int(a.integer(QStringLiteral("checkpoint-every"), 1000));
    o.checkpointEveryMs = a.integer(QStringLiteral("checkpoint-seconds"), 10) * 1000;
    o.leaseDurationMs = a.integer(QStringLiteral("lease-seconds"), 10) * 1000;
    o.idleBetweenReadsMs = a.integer(QStringLiteral("idle-ms"), 1000);
    if (o.checkpointEveryRecords < 0 || o.checkpointEveryMs < 0)
        throw UsageError("--checkpoint-every and --checkpoint-seconds take 0 (off) or more");
    if (o.leaseDurationMs < 1000)
        throw UsageError("--lease-seconds takes 1 or more (the KCL's failoverTimeMillis)");
    if (o.idleBetweenReadsMs < 0)
        throw UsageError("--idle-ms takes 0 or more");
    const qint64 durationMs = a.integer(QStringLiteral("duration"), 0) * 1000;
    const qint64 untilRecords = a.integer(QStringLiteral("until-records"), 0);
    const bool quiet = a.flag(QStringLiteral("quiet"));
    o.fanOut = a.flag(QStringLiteral("fan-out"));

    // The lease table: a file beside the data directory's engine by default, shared by every
    // process that names it.
    QString tablePath = a.value(QStringLiteral("lease-table")).value_or(QString());
    if (tablePath.isEmpty()) {
        const QString dir
            = ctx.options.dataDir.isEmpty() ? app::defaultDataDir() : ctx.options.dataDir;
        QDir().mkpath(dir);
        tablePath = QDir(dir).filePath(QStringLiteral("consumers.sqlite3"));
    }
    auto table = store::SqliteLeaseTable::open(tablePath.toStdString(), o.application, o.stream);
    if (!table) {
        std::fprintf(stderr, "shardscope-cli consume: %s\n", table.error().message.c_str());
        return table.error().code == core::ErrorCode::ResourceInUse ? ExitUsage : ExitFailure;
    }
    if (a.flag(QStringLiteral("reset"))) {
        if (auto r = (*table)->reset(); !r) {
            std::fprintf(stderr, "shardscope-cli consume: %s\n", r.error().message.c_str());
            return ExitFailure;
        }
    }

    core::StreamRef ref{o.stream, {}};
    auto exists = ctx.run(core::ops::DescribeStreamSummary, ref);
    if (!exists)
        return serviceError(exists.error(), "DescribeStreamSummary");

    // Worker ids are unique per process, as the KCL's are, so processes sharing a table never
    // mistake each other's leases for their own.
    const std::string prefix = a.value(QStringLiteral("worker-prefix"))
                                   .value_or(QString::number(::getpid()) + QStringLiteral("-w"))
                                   .toStdString();
    core::SystemClock clock;
    consumer::ConsumerApplication application(o, ctx.backend(), **table, clock, prefix);
    std::int64_t printed = 0;
    auto printEvents = [&] {
        const auto &ledger = application.ledger();
        const auto &events = ledger.events();
        const std::int64_t fresh
            = std::min<std::int64_t>(ledger.eventsLogged() - printed, std::int64_t(events.size()));
        printed = ledger.eventsLogged();
        if (quiet)
            return;
        for (std::size_t i = events.size() - std::size_t(fresh); i < events.size(); ++i)
            std::fprintf(stderr, "%s %s %s\n",
                         qPrintable(QDateTime::fromMSecsSinceEpoch(events[i].atMs, Qt::UTC)
                                        .toString(QStringLiteral("HH:mm:ss.zzz"))),
                         events[i].worker.c_str(), events[i].text.c_str());
    };

    std::signal(SIGINT, onStop);
    std::signal(SIGTERM, onStop);
    const std::int64_t started = clock.nowMs();
    bool stopping = false;
    QEventLoop loop;
    QObject::connect(&application, &consumer::ConsumerApplication::ticked, &loop, [&] {
        printEvents();
        const bool timeUp = durationMs > 0 && clock.nowMs() - started >= durationMs;
        const bool enough = untilRecords > 0 && application.ledger().distinct() >= untilRecords;
        if (!stopping && (g_stop || timeUp || enough)) {
            stopping = true;
            application.stopAll();
        }
        if (stopping && application.idle())
            loop.quit();
    });
    application.start(int(workers), 50);
    app::HeapTrimmer trimmer;
    loop.exec();
    printEvents();

    const auto s = application.snapshot();
    QJsonObject out;
    out[QStringLiteral("Application")] = QString::fromStdString(o.application);
    out[QStringLiteral("StreamName")] = QString::fromStdString(o.stream);
    out[QStringLiteral("Processor")] = QString::fromStdString(o.processor.toString());
    out[QStringLiteral("Retrieval")] = o.fanOut
                                           ? QStringLiteral("SubscribeToShard (enhanced fan-out)")
                                           : QStringLiteral("GetRecords (polling)");
    if (!application.consumerArn().empty())
        out[QStringLiteral("ConsumerARN")] = QString::fromStdString(application.consumerArn());
    out[QStringLiteral("LeaseTable")] = tablePath;
    QJsonArray ws;
    for (const auto &w : s.workers) {
        QJsonObject j;
        j[QStringLiteral("WorkerId")] = QString::fromStdString(w.id);
        j[QStringLiteral("State")]
            = QString::fromLatin1(consumer::ConsumerWorker::stateName(w.state));
        j[QStringLiteral("RecordsProcessed")] = qint64(w.processed);
        j[QStringLiteral("LeasesTaken")] = qint64(w.counts.taken);
        j[QStringLiteral("LeasesStolen")] = qint64(w.counts.stolen);
        j[QStringLiteral("LeasesLost")] = qint64(w.counts.lost);
        ws.append(j);
    }
    out[QStringLiteral("Workers")] = ws;
    out[QStringLiteral("RecordsDelivered")] = qint64(s.deliveries);
    out[QStringLiteral("DistinctRecords")] = qint64(s.distinct);
    out[QStringLiteral("Duplicates")] = qint64(s.duplicates);
    out[QStringLiteral("SkippedByFailingProcessor")] = qint64(s.skipped);
    out[QStringLiteral("Forwarded")] = qint64(s.forwarded);
    out[QStringLiteral("Checksum")] = QString::number(s.checksum, 16);
    QJsonArray leases;
    for (const auto &l : s.leases)
        leases.append(leaseJson(l));
    out[QStringLiteral("Leases")] = leases;
    printJson(out);
    return ExitOk;
}

} // namespace shs::cli
