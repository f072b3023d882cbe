// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
// The KPL-style producer from the command line (producer::KplProducer): `produce` writes the lines
// of standard input as user records, and `bench put --producer kpl|both` measures it against the
// SDK path. Both drive the producer on this thread's event loop, over the backend (the embedded
// engine, or any endpoint for `produce`).
#include "cli_context.h"

#include "engine/catalogue.h"
#include "producer/kpl_producer.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QTimer>

#include <condition_variable>
#include <cstdio>
#include <deque>
#include <iostream>
#include <mutex>
#include <thread>

namespace shs::cli {

using producer::KplConfig;
using producer::KplProducer;
using producer::KplResult;

core::Result<KplConfig> readKplConfig(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        return core::makeError(core::ErrorCode::InvalidArgument,
                               "Cannot read the producer configuration " + path.toStdString() + ": "
                                   + file.errorString().toStdString());
    // The KPL's default_config.properties form: "Name = value" lines, "#" comments.
    std::map<std::string, std::string> props;
    int n = 0;
    while (!file.atEnd()) {
        ++n;
        const QString line = QString::fromUtf8(file.readLine()).trimmed();
        if (line.isEmpty() || line.startsWith(QLatin1Char('#'))
            || line.startsWith(QLatin1Char('!')))
            continue;
        const qsizetype eq = line.indexOf(QLatin1Char('='));
        if (eq <= 0)
            return core::makeError(core::ErrorCode::InvalidArgument,
                                   path.toStdString() + ":" + std::to_string(n)
                                       + ": expected Name = value");
        props[line.left(eq).trimmed().toStdString()] = line.mid(eq + 1).trimmed().toStdString();
    }
    auto config = KplConfig::fromProperties(props);
    if (!config)
        return core::makeError(core::ErrorCode::InvalidArgument,
                               path.toStdString() + ": " + config.error().message);
    return config;
}

std::unique_ptr<KplProducer> makeKplProducer(Context &ctx, const KplConfig &config,
                                             const std::string &stream, const core::Clock &clock,
                                             QObject *receiver)
{
    service::StreamBackend &backend = ctx.backend();
    return std::make_unique<KplProducer>(
        config, core::StreamRef{stream, {}}, clock,
        [&backend, receiver](core::PutRecordsRequest request, KplProducer::PutRecordsDone done) {
            backend.submit(core::ops::PutRecords, std::move(request), receiver, std::move(done));
        },
        [&ctx, stream]() -> core::Result<std::vector<core::ShardDescription>> {
            // The KPL's listing: the open shards (AT_LATEST), every page.
            return listAllShards(ctx, stream,
                                 core::ShardFilter{core::ShardFilterType::AtLatest, {}, {}});
        });
}

core::Result<std::vector<core::ShardDescription>>
listAllShards(Context &ctx, const std::string &stream, core::ShardFilter filter)
{
    std::vector<core::ShardDescription> shards;
    core::ListShardsRequest r;
    r.stream.name = stream;
    r.filter = std::move(filter);
    for (;;) {
        auto page = ctx.run(core::ops::ListShards, r);
        if (!page)
            return page.error();
        shards.insert(shards.end(), page->shards.begin(), page->shards.end());
        if (!page->nextToken)
            return shards;
        r = {};
        r.nextToken = page->nextToken;
    }
}

QJsonObject kplCountsJson(const producer::KplCounts &c, double seconds)
{
    return {{QStringLiteral("UserRecordsAdded"), double(c.userRecordsAdded)},
            {QStringLiteral("UserRecords"), double(c.userRecordsPut)},
            {QStringLiteral("UserRecordsFailed"), double(c.userRecordsFailed)},
            {QStringLiteral("UserRecordsExpired"), double(c.userRecordsExpired)},
            {QStringLiteral("KinesisRecords"), double(c.kinesisRecordsPut)},
            {QStringLiteral("PutRecordsCalls"), double(c.putRecordsCalls)},
            {QStringLiteral("PayloadUnits"), double(c.payloadUnits)},
            {QStringLiteral("ThrottledEntries"), double(c.entriesThrottled)},
            {QStringLiteral("Retries"), double(c.retries)},
            {QStringLiteral("UserRecordsPerKinesisRecord"),
             c.kinesisRecordsPut ? double(c.userRecordsPut) / double(c.kinesisRecordsPut) : 0.0},
            {QStringLiteral("AverageLatencyMs"),
             c.userRecordsPut ? double(c.latencyMsSum) / double(c.userRecordsPut) : 0.0},
            {QStringLiteral("Seconds"), seconds},
            {QStringLiteral("UserRecordsPerSecond"),
             seconds > 0 ? double(c.userRecordsPut) / seconds : 0.0}};
}

QJsonObject benchKpl(Context &ctx, const KplConfig &config, const std::string &stream,
                     int recordBytes, int keys, double duration, qint64 records)
{
    core::SystemClock clock;
    QObject receiver;
    auto producer = makeKplProducer(ctx, config, stream, clock, &receiver);
    if (auto started = producer->start(); !started)
        return {{QStringLiteral("Error"), QString::fromStdString(started.error().toString())}};
    std::string payload(std::size_t(recordBytes), 'x');
    for (std::size_t i = 0; i < payload.size(); ++i)
        payload[i] = char('a' + (i * 7) % 26);
    // Back-pressure, as KPL users apply it: add while fewer than this many are outstanding.
    const std::int64_t window = 50'000;
    qint64 added = 0;
    std::uint64_t key = 0;
    QElapsedTimer elapsed;
    elapsed.start();
    QEventLoop loop;
    QTimer timer;
    QString error;
    QObject::connect(&timer, &QTimer::timeout, &loop, [&] {
        const bool more
            = duration > 0 ? elapsed.elapsed() < qint64(duration * 1000) : added < records;
        if (more) {
            while (producer->outstanding() < window && (duration > 0 || added < records)) {
                const auto r
                    = producer->addUserRecord("key-" + std::to_string(key++ % std::uint64_t(keys)),
                                              payload, std::nullopt, {});
                if (!r) {
                    error = QString::fromStdString(r.error().toString());
                    loop.quit();
                    return;
                }
                if (++added % 1000 == 0)
                    break; // let answers in
            }
            producer->tick();
        } else {
            producer->flush();
            if (producer->outstanding() == 0)
                loop.quit();
        }
    });
    timer.start(1);
    loop.exec();
    const double seconds = double(elapsed.nsecsElapsed()) / 1e9;
    QJsonObject out = kplCountsJson(producer->counts(), seconds);
    if (!error.isEmpty())
        out.insert(QStringLiteral("Error"), error);
    out.insert(QStringLiteral("Producer"), QStringLiteral("kpl"));
    out.insert(QStringLiteral("RecordBytes"), recordBytes);
    QJsonObject settings;
    for (const auto &[name, value] : producer->config().properties())
        settings.insert(QString::fromStdString(name), QString::fromStdString(value));
    out.insert(QStringLiteral("Configuration"), settings);
    return out;
}

int runProduce(Context &ctx, const QStringList &argv)
{
    Args a(
        QStringLiteral("produce"), argv,
        {QStringLiteral("stream-name"), QStringLiteral("partition-key"), QStringLiteral("config")},
        {QStringLiteral("quiet")});
    const std::string stream = a.required(QStringLiteral("stream-name")).toStdString();
    const auto fixedKey = a.value(QStringLiteral("partition-key"));
    if (fixedKey && (fixedKey->isEmpty() || fixedKey->toUtf8().size() > 256))
        throw UsageError("produce --partition-key takes 1 to 256 characters");
    KplConfig config;
    if (auto path = a.value(QStringLiteral("config"))) {
        auto read = readKplConfig(*path);
        if (!read)
            throw UsageError(read.error().message);
        config = *read;
    }
    const bool quiet = a.flag(QStringLiteral("quiet"));

    core::SystemClock clock;
    QObject receiver;
    auto producer = makeKplProducer(ctx, config, stream, clock, &receiver);
    if (auto started = producer->start(); !started)
        return serviceError(started.error(), "ListShards");

    // Standard input on a thread of its own, in a bounded queue: a slow stream slows the reader.
    std::mutex mutex;
    std::condition_variable space;
    std::deque<std::string> lines;
    bool eof = false;
    std::thread reader([&] {
        std::string line;
        while (std::getline(std::cin, line)) {
            std::unique_lock lock(mutex);
            space.wait(lock, [&] { return lines.size() < 10'000; });
            lines.push_back(std::move(line));
        }
        const std::lock_guard lock(mutex);
        eof = true;
    });

    std::int64_t lineNumber = 0, failed = 0;
    QElapsedTimer elapsed;
    elapsed.start();
    QEventLoop loop;
    QTimer timer;
    QObject::connect(&timer, &QTimer::timeout, &loop, [&] {
        std::deque<std::string> taken;
        bool done = false;
        {
            const std::lock_guard lock(mutex);
            if (producer->outstanding() < 50'000)
                taken.swap(lines);
            done = eof && lines.empty();
        }
        space.notify_all();
        for (auto &line : taken) {
            const std::int64_t n = ++lineNumber;
            // One key per line spreads the lines over the shards, as the KPL's users often do.
            std::string key = fixedKey ? fixedKey->toStdString() : std::to_string(n);
            const auto r = producer->addUserRecord(
                std::move(key), std::move(line), std::nullopt, [&failed, n](KplResult result) {
                    if (result.successful)
                        return;
                    ++failed;
                    const auto &last = result.attempts.back();
                    std::fprintf(stderr, "shardscope-cli: line %lld was not written: %s: %s\n",
                                 static_cast<long long>(n), last.errorCode.c_str(),
                                 last.errorMessage.c_str());
                });
            if (!r) {
                ++failed;
                std::fprintf(stderr, "shardscope-cli: line %lld: %s\n", static_cast<long long>(n),
                             r.error().message.c_str());
            }
        }
        if (done) {
            producer->flush();
            if (producer->outstanding() == 0)
                loop.quit();
        } else {
            producer->tick();
        }
    });
    timer.start(5);
    loop.exec();
    reader.join();
    if (!quiet) {
        QJsonObject out = kplCountsJson(producer->counts(), double(elapsed.nsecsElapsed()) / 1e9);
        out.insert(QStringLiteral("Lines"), double(lineNumber));
        out.insert(QStringLiteral("StreamName"), QString::fromStdString(stream));
        printJson(out);
    }
    return failed == 0 ? ExitOk : ExitServiceError;
}

} // namespace shs::cli
