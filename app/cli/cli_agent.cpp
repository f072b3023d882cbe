// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
// `shardscope-cli agent --config FILE`: the Kinesis Agent's job (producer::FileTailer per flow)
// from the Agent's own agent.json. Its flows ship the files they match to the embedded engine, or
// to the endpoint its `kinesis.endpoint` names (or --endpoint-url / --profile, which win), until
// SIGINT or SIGTERM; then each flow sends what it has buffered (at most the Agent's 10 s
// shutdown timeout) and saves its checkpoints. With --once it stops by itself once everything
// the files held has been sent. kill -9 loses nothing: the next run resumes at the checkpoints.
#include "cli_context.h"

#include "engine/catalogue.h"
#include "heap_trimmer.h"
#include "producer/file_tailer.h"
#include "store/tail_checkpoints.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QTimer>

#include <atomic>
#include <csignal>
#include <cstdio>

namespace shs::cli {

namespace {

std::atomic<bool> g_stopAgent{false};
void onStopAgent(int)
{
    g_stopAgent = true;
}

/// The Agent's shutdownTimeoutMillis default: what a stopping agent waits for its last sends.
constexpr qint64 kShutdownTimeoutMs = 10'000;

QJsonObject flowJson(const producer::FileTailer &t)
{
    const auto c = t.counts();
    QJsonObject o;
    o[QStringLiteral("Flow")] = QString::fromStdString(t.flow().id());
    o[QStringLiteral("KinesisStream")] = QString::fromStdString(t.flow().kinesisStream);
    o[QStringLiteral("FilePattern")] = QString::fromStdString(t.flow().filePattern);
    o[QStringLiteral("LinesRead")] = qint64(c.linesRead);
    o[QStringLiteral("RecordsSent")] = qint64(c.recordsSent);
    o[QStringLiteral("RecordsDropped")] = qint64(c.recordsDropped);
    o[QStringLiteral("TruncatedRecords")] = qint64(c.truncatedRecords);
    o[QStringLiteral("PutRecordsCalls")] = qint64(c.putRecordsCalls);
    o[QStringLiteral("EntriesRetried")] = qint64(c.entriesRetried);
    o[QStringLiteral("EntriesThrottled")] = qint64(c.entriesThrottled);
    o[QStringLiteral("CallsFailed")] = qint64(c.callsFailed);
    o[QStringLiteral("Rotations")] = qint64(c.rotations);
    o[QStringLiteral("Truncations")] = qint64(c.truncations);
    o[QStringLiteral("CopiesFollowed")] = qint64(c.copiesFollowed);
    o[QStringLiteral("FilesLetGo")] = qint64(c.filesLetGo);
    o[QStringLiteral("BytesBehind")] = qint64(c.bytesBehind);
    o[QStringLiteral("RecordsUnacknowledged")] = qint64(c.buffered);
    if (!c.lastError.empty())
        o[QStringLiteral("LastError")] = QString::fromStdString(c.lastError);
    QJsonArray files;
    for (const auto &f : t.files())
        files.append(QJsonObject{{QStringLiteral("Path"), QString::fromStdString(f.path)},
                                 {QStringLiteral("FileId"), QString::fromStdString(f.fileId)},
                                 {QStringLiteral("Size"), qint64(f.size)},
                                 {QStringLiteral("Read"), qint64(f.readOffset)},
                                 {QStringLiteral("Checkpoint"), qint64(f.checkpoint)}});
    o[QStringLiteral("Files")] = files;
    return o;
}

} // namespace

int runAgent(Context &ctx, const QStringList &argv)
{
    Args a(QStringLiteral("agent"), argv,
           {QStringLiteral("config"), QStringLiteral("checkpoint-file"),
            QStringLiteral("status-seconds")},
           {QStringLiteral("once"), QStringLiteral("quiet")});
    const QString configPath = a.required(QStringLiteral("config"));
    QFile file(configPath);
    if (!file.open(QIODevice::ReadOnly))
        throw UsageError(QStringLiteral("cannot read the agent configuration %1: %2")
                             .arg(configPath, file.errorString())
                             .toStdString());
    auto config = producer::AgentConfig::fromJson(file.readAll());
    if (!config) {
        std::string message
            = configPath.toStdString() + " is not a configuration the agent can run:";
        for (const auto &line :
             QString::fromStdString(config.error().message).split(QLatin1Char('\n')))
            message += "\n  " + line.toStdString();
        throw UsageError(message);
    }
    const qint64 statusSeconds = a.integer(QStringLiteral("status-seconds"), 30);
    if (statusSeconds < 0)
        throw UsageError("--status-seconds takes 0 (off) or more");
    const bool once = a.flag(QStringLiteral("once"));
    const bool quiet = a.flag(QStringLiteral("quiet"));
    for (const auto &key : config->ignored)
        std::fprintf(stderr,
                     "shardscope-cli agent: %s: the Kinesis Agent's setting, which does "
                     "nothing here\n",
                     key.c_str());
    for (const auto &key : config->unknown)
        std::fprintf(stderr, "shardscope-cli agent: %s: not a Kinesis Agent setting; ignored\n",
                     key.c_str());

    // Where the records go: --endpoint-url or --profile, else kinesis.endpoint, else the engine.
    if (!ctx.remote && !config->kinesisEndpoint.empty()) {
        QString url = QString::fromStdString(config->kinesisEndpoint);
        if (!url.contains(QStringLiteral("://")))
            url = QStringLiteral("https://") + url; // the Agent's form: a host name
        ctx.remote.emplace().endpointUrl = url;
    }
    if (ctx.remote) {
        if (ctx.remote->region.isEmpty() && !config->kinesisRegion.empty())
            ctx.remote->region = QString::fromStdString(config->kinesisRegion);
        if (!config->awsAccessKeyId.empty()) {
            ctx.remote->accessKeyId = QString::fromStdString(config->awsAccessKeyId);
            ctx.remote->secretAccessKey = QString::fromStdString(config->awsSecretAccessKey);
        }
    }

    QString checkpointPath = a.value(QStringLiteral("checkpoint-file"))
                                 .value_or(QString::fromStdString(config->checkpointFile));
    if (checkpointPath.isEmpty()) {
        // The Agent keeps /var/run/aws-kinesis-agent/checkpoints; Shardscope's state lives in
        // its data directory.
        const QString dir
            = ctx.options.dataDir.isEmpty() ? app::defaultDataDir() : ctx.options.dataDir;
        QDir().mkpath(dir);
        checkpointPath = QDir(dir).filePath(QStringLiteral("agent-checkpoints.sqlite3"));
    } else {
        QDir().mkpath(QFileInfo(checkpointPath).absolutePath());
    }
    auto checkpoints = store::TailCheckpointFile::open(checkpointPath.toStdString());
    if (!checkpoints) {
        std::fprintf(stderr, "shardscope-cli agent: %s\n", checkpoints.error().message.c_str());
        return ExitFailure;
    }

    service::StreamBackend &backend = ctx.backend();
    core::SystemClock clock;
    QObject receiver;
    std::vector<std::unique_ptr<producer::FileTailer>> tailers;
    std::uint64_t seed = std::uint64_t(QDateTime::currentMSecsSinceEpoch());
    for (const auto &flow : config->flows) {
        auto t = std::make_unique<producer::FileTailer>(
            flow, clock,
            [&backend, &receiver](core::PutRecordsRequest request,
                                  producer::FileTailer::PutRecordsDone done) {
                backend.submit(core::ops::PutRecords, std::move(request), &receiver,
                               std::move(done));
            },
            checkpoints->get(), seed++);
        if (auto started = t->start(); !started) {
            std::fprintf(stderr, "shardscope-cli agent: %s: %s\n", flow.id().c_str(),
                         started.error().message.c_str());
            return ExitFailure;
        }
        if (!quiet)
            std::fprintf(stderr, "shardscope-cli agent: %s: tailing %lld file(s) into %s%s\n",
                         flow.id().c_str(), static_cast<long long>(t->counts().filesTracked),
                         flow.kinesisStream.c_str(),
                         ctx.remote ? qPrintable(QStringLiteral(" at ") + ctx.remote->endpointUrl)
                                    : "");
        tailers.push_back(std::move(t));
    }

    std::signal(SIGINT, onStopAgent);
    std::signal(SIGTERM, onStopAgent);
    QElapsedTimer sinceStatus, stopping;
    sinceStatus.start();
    QEventLoop loop;
    QTimer timer;
    auto caughtUp = [&] {
        for (const auto &t : tailers) {
            if (!t->idle())
                return false;
            for (const auto &f : t->files())
                if (f.readOffset < f.size)
                    return false;
        }
        return true;
    };
    QObject::connect(&timer, &QTimer::timeout, &loop, [&] {
        const bool stop = g_stopAgent || (once && stopping.isValid());
        for (auto &t : tailers)
            (stop || once) ? t->flush() : t->tick();
        if (once && !stopping.isValid() && caughtUp())
            stopping.start();
        if (g_stopAgent && !stopping.isValid())
            stopping.start();
        if (stopping.isValid()) {
            bool idle = true;
            for (const auto &t : tailers)
                idle = idle && t->idle();
            if (idle || stopping.elapsed() >= kShutdownTimeoutMs)
                loop.quit();
        }
        if (!quiet && statusSeconds > 0 && sinceStatus.elapsed() >= statusSeconds * 1000) {
            sinceStatus.restart();
            for (const auto &t : tailers) {
                const auto c = t->counts();
                // As the Agent's periodic progress line.
                std::fprintf(stderr,
                             "shardscope-cli agent: %s: %lld lines read, %lld records sent, "
                             "%lld bytes behind, lag %lld ms%s%s\n",
                             t->flow().id().c_str(), static_cast<long long>(c.linesRead),
                             static_cast<long long>(c.recordsSent),
                             static_cast<long long>(c.bytesBehind), static_cast<long long>(c.lagMs),
                             c.lastError.empty() ? "" : "; ", c.lastError.c_str());
            }
        }
    });
    timer.start(20);
    app::HeapTrimmer trimmer;
    loop.exec();
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);

    int code = ExitOk;
    QJsonArray flows;
    for (auto &t : tailers) {
        if (auto saved = t->saveCheckpoints(); !saved) {
            std::fprintf(stderr, "shardscope-cli agent: %s\n", saved.error().message.c_str());
            code = ExitFailure;
        }
        if (!t->idle()) {
            std::fprintf(stderr,
                         "shardscope-cli agent: %s: %lld records were not acknowledged within "
                         "10 s; they are sent again from the checkpoint on the next run%s%s\n",
                         t->flow().id().c_str(), static_cast<long long>(t->counts().buffered),
                         t->counts().lastError.empty() ? "" : " (last error: ",
                         t->counts().lastError.empty() ? ""
                                                       : (t->counts().lastError + ")").c_str());
            code = ExitServiceError;
        }
        flows.append(flowJson(*t));
    }
    if (!quiet)
        printJson(QJsonObject{{QStringLiteral("Flows"), flows},
                              {QStringLiteral("CheckpointFile"), checkpointPath}});
    return code;
}

} // namespace shs::cli
