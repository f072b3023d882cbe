// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
// Enhanced fan-out latency, wall time: PutRecord at a steady rate (1,000 records/s by default)
// into a 4-shard stream on SQLite (synchronous FULL, the aws limits profile), with 5 consumers
// subscribed to every shard (20 subscriptions through LocalBackend::subscribeToShard) and, beside
// them, one polling reader per shard (service::ShardFollower, GetRecords every 250 ms: 4 calls/s,
// under the 5 calls/s limit). Each record carries the steady-clock time it was sent; each
// delivery's latency is the time from that send to the event (or GetRecords answer) on the
// reader's thread. Prints p50/p90/p99/max per path and what was delivered.
// SHS_BENCH_SECONDS and SHS_BENCH_RATE change the run.
#include "service/engine_host.h"
#include "service/local_backend.h"
#include "service/shard_follower.h"
#include "store/sqlite_storage.h"

#include <QEventLoop>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>

#include <algorithm>
#include <chrono>

using namespace shs;
using namespace shs::core;

class BenchSubscribe : public QObject
{
    Q_OBJECT
  private Q_SLOTS:
    void fanOutBesidePolling();
};

namespace {
using Steady = std::chrono::steady_clock;
std::int64_t nowMicros()
{
    return std::chrono::duration_cast<std::chrono::microseconds>(Steady::now().time_since_epoch())
        .count();
}

QString percentiles(std::vector<double> v)
{
    if (v.empty())
        return QStringLiteral("none");
    std::sort(v.begin(), v.end());
    auto at
        = [&](double p) { return v[std::min(v.size() - 1, std::size_t(p * double(v.size())))]; };
    return QStringLiteral("p50 %1 ms, p90 %2 ms, p99 %3 ms, max %4 ms over %5 deliveries")
        .arg(at(0.5), 0, 'f', 2)
        .arg(at(0.9), 0, 'f', 2)
        .arg(at(0.99), 0, 'f', 2)
        .arg(v.back(), 0, 'f', 2)
        .arg(v.size());
}
} // namespace

void BenchSubscribe::fanOutBesidePolling()
{
    const int seconds = qEnvironmentVariableIsSet("SHS_BENCH_SECONDS")
                            ? qEnvironmentVariableIntValue("SHS_BENCH_SECONDS")
                            : 10;
    const int rate = qEnvironmentVariableIsSet("SHS_BENCH_RATE")
                         ? qEnvironmentVariableIntValue("SHS_BENCH_RATE")
                         : 1000;
    constexpr int kShards = 4;
    constexpr int kConsumers = 5;
    QTemporaryDir tmp;
    store::SqliteOptions opt;
    opt.path = tmp.path().toStdString() + "/db";
    auto storage = store::SqliteStorage::open(opt);
    QVERIFY(storage);
    EngineConfig cfg;
    cfg.createDelayMs = 0;
    auto clock = std::make_shared<ScaledClock>();
    service::EngineHost::Options options;
    options.tickIntervalMs = 5;
    service::EngineHost host(std::move(*storage), cfg, clock, options);
    QVERIFY(host.start());
    service::LocalBackend backend(host, clock, tmp.path());

    CreateStreamRequest create;
    create.streamName = "bench";
    create.shardCount = kShards;
    QVERIFY(host.call<void>([create](Engine &e) { return e.createStream(create); }));
    std::string streamArn;
    QTRY_VERIFY(host.call<StreamDescriptionSummary>([](Engine &e) {
                        return e.describeStreamSummary({"bench", {}});
                    })
                    ->status
                == StreamStatus::Active);
    streamArn = host.call<StreamDescriptionSummary>([](Engine &e) {
                        return e.describeStreamSummary({"bench", {}});
                    })
                    ->streamArn;
    std::vector<std::string> consumers;
    for (int c = 0; c < kConsumers; ++c) {
        auto r = host.call<Consumer>([&](Engine &e) {
            return e.registerStreamConsumer({streamArn, "c" + std::to_string(c), {}, {}});
        });
        QVERIFY(r);
        consumers.push_back(r->consumerArn);
    }
    QTRY_VERIFY(std::all_of(consumers.begin(), consumers.end(), [&](const std::string &arn) {
        auto d = host.call<ConsumerDescription>([arn](Engine &e) {
            return e.describeStreamConsumer({{}, {}, arn, {}});
        });
        return d && d->consumer.status == ConsumerStatus::Active;
    }));

    QObject receiver;
    std::vector<double> fanOut, polling;
    fanOut.reserve(std::size_t(seconds * rate * kConsumers));
    auto latency
        = [](const std::string &data) { return double(nowMicros() - std::stoll(data)) / 1000.0; };
    std::vector<std::shared_ptr<service::ShardSubscription>> subs;
    int started = 0;
    for (const auto &arn : consumers)
        for (int s = 0; s < kShards; ++s) {
            SubscribeToShardRequest request;
            request.consumerArn = arn;
            request.shardId = formatShardId(std::uint32_t(s));
            request.startingPosition.type = ShardIteratorType::Latest;
            service::ShardSubscriber sub;
            sub.started = [&started](const Result<void> &r) {
                if (r)
                    ++started;
            };
            sub.event = [&](SubscribeToShardEvent e) {
                for (const auto &rec : e.records)
                    fanOut.push_back(latency(rec.data));
            };
            sub.ended = [](std::optional<Error>) {};
            subs.push_back(backend.subscribeToShard(request, &receiver, std::move(sub)));
        }
    QTRY_COMPARE(started, kConsumers * kShards);
    service::ShardFollower::Options follow;
    follow.stream = "bench";
    follow.type = ShardIteratorType::Latest;
    follow.pollMs = 250;
    service::ShardFollower reader(backend, follow);
    QObject::connect(&reader, &service::ShardFollower::recordsArrived,
                     [&](const std::string &, const std::vector<Record> &records) {
                         for (const auto &rec : records)
                             polling.push_back(latency(rec.data));
                     });
    reader.start();
    QTRY_VERIFY(reader.counts().shardsReading == kShards);
    QTest::qWait(500); // every reader has an iterator at LATEST before the first put

    // The producer: PutRecord calls paced to `rate` per second of wall time.
    int sent = 0, refused = 0;
    const int total = seconds * rate;
    const auto begin = Steady::now();
    QTimer pace;
    pace.setTimerType(Qt::PreciseTimer);
    QObject::connect(&pace, &QTimer::timeout, [&] {
        const auto due
            = std::int64_t(std::chrono::duration<double>(Steady::now() - begin).count() * rate);
        while (sent < std::min<std::int64_t>(due, total)) {
            PutRecordRequest put;
            put.stream.name = "bench";
            put.data = std::to_string(nowMicros());
            put.partitionKey = "key-" + std::to_string(sent % 1000);
            host.putRecord(std::move(put),
                           [&refused](Result<PutRecordResult> r) { refused += r ? 0 : 1; });
            ++sent;
        }
        if (sent >= total)
            pace.stop();
    });
    pace.start(1);
    // A real event loop, not QTRY_* (whose qWait sleeps 10 ms between event passes, which would be
    // measured as latency).
    QEventLoop loop;
    QTimer check;
    const auto deadline = Steady::now() + std::chrono::seconds(seconds + 20);
    QObject::connect(&check, &QTimer::timeout, [&] {
        const bool all = sent >= total
                         && fanOut.size() >= std::size_t((total - refused) * kConsumers)
                         && polling.size() >= std::size_t(total - refused);
        if (all || Steady::now() > deadline)
            loop.quit();
    });
    check.start(50);
    loop.exec();
    QCOMPARE(sent, total);
    QCOMPARE(fanOut.size(), std::size_t((total - refused) * kConsumers));
    QCOMPARE(polling.size(), std::size_t(total - refused));
    reader.stop();
    qInfo("%d PutRecord at %d/s over %d shards (%d refused); %d consumers x %d shards subscribed",
          total, rate, kShards, refused, kConsumers, kShards);
    qInfo("SubscribeToShard put->event: %s", qPrintable(percentiles(fanOut)));
    qInfo("GetRecords every 250 ms put->answer: %s", qPrintable(percentiles(polling)));
    for (auto &s : subs)
        s->cancel();
    host.stop();
}

QTEST_GUILESS_MAIN(BenchSubscribe)
#include "bench_subscribe.moc"
