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
//
// twentyConsumersSixteenShards: 20 consumers × 16 shards subscribed at once (320 subscriptions,
// each consumer a service::ShardFollower in fan-out mode from TRIM_HORIZON, renewing after each
// subscription's 5 minutes), sustained for SHS_BENCH_SUSTAIN_SECONDS (300 by default) of 1 KiB
// records at SHS_BENCH_SUSTAIN_RATE per second over the 16 shards (1,600 by default: 100 a
// shard), after an 8 MiB backlog on shard 0 that every consumer reads at once — each at its own
// 2 MiB/s, all 20 together at 40 MiB/s from one shard, where polling readers would share 2 MiB/s.
// Prints each consumer's catch-up time and its highest 1-second rate on shard 0, the put→event
// latency of the sustained part, what was delivered, and the process's peak RSS.
#include "service/engine_host.h"
#include "service/local_backend.h"
#include "service/shard_follower.h"
#include "store/sqlite_storage.h"

#include <QEventLoop>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <map>

using namespace shs;
using namespace shs::core;

class BenchSubscribe : public QObject
{
    Q_OBJECT
  private Q_SLOTS:
    void fanOutBesidePolling();
    void twentyConsumersSixteenShards();
};

namespace {
using Steady = std::chrono::steady_clock;
std::int64_t nowMicros()
{
    return std::chrono::duration_cast<std::chrono::microseconds>(Steady::now().time_since_epoch())
        .count();
}

/// An environment variable's integer value, or `fallback` when it is not set.
int envInt(const char *name, int fallback)
{
    return qEnvironmentVariableIsSet(name) ? qEnvironmentVariableIntValue(name) : fallback;
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
/// PutRecord paced to `rate` a second of wall time until `total` records: each record's data the
/// steady-clock time it was sent (then `suffix`), its key one of `keys`.
class PacedProducer
{
  public:
    PacedProducer(service::EngineHost &host, std::string stream, int rate, int total,
                  std::string suffix, int keys)
        : m_host(host), m_stream(std::move(stream)), m_rate(rate), m_total(total),
          m_suffix(std::move(suffix)), m_keys(keys)
    {
        m_pace.setTimerType(Qt::PreciseTimer);
        QObject::connect(&m_pace, &QTimer::timeout, [this] { due(); });
    }
    void start()
    {
        m_begin = Steady::now();
        m_pace.start(1);
    }
    int sent() const { return m_sent; }
    int refused() const { return m_refused; }
    bool done() const { return m_sent >= m_total; }

  private:
    void due()
    {
        const auto due
            = std::int64_t(std::chrono::duration<double>(Steady::now() - m_begin).count() * m_rate);
        while (m_sent < std::min<std::int64_t>(due, m_total)) {
            PutRecordRequest put;
            put.stream.name = m_stream;
            put.data = std::to_string(nowMicros()) + m_suffix;
            put.partitionKey = "key-" + std::to_string(m_sent % m_keys);
            m_host.putRecord(std::move(put),
                             [this](Result<PutRecordResult> r) { m_refused += r ? 0 : 1; });
            ++m_sent;
        }
        if (done())
            m_pace.stop();
    }
    service::EngineHost &m_host;
    std::string m_stream;
    int m_rate;
    int m_total;
    std::string m_suffix;
    int m_keys;
    QTimer m_pace;
    Steady::time_point m_begin;
    int m_sent = 0;
    int m_refused = 0;
};

/// An engine on SQLite (synchronous FULL) in a temporary directory, ticking every 5 ms, and the
/// window's backend on it.
struct BenchEngine
{
    QTemporaryDir tmp;
    std::shared_ptr<ScaledClock> clock = std::make_shared<ScaledClock>();
    std::unique_ptr<service::EngineHost> host;
    std::unique_ptr<service::LocalBackend> backend;

    bool start(LimitsProfile limits)
    {
        store::SqliteOptions opt;
        opt.path = tmp.path().toStdString() + "/db";
        auto storage = store::SqliteStorage::open(opt);
        if (!storage)
            return false;
        EngineConfig cfg;
        cfg.createDelayMs = 0;
        cfg.limits = std::move(limits);
        service::EngineHost::Options options;
        options.tickIntervalMs = 5;
        host = std::make_unique<service::EngineHost>(std::move(*storage), cfg, clock, options);
        if (!host->start())
            return false;
        backend = std::make_unique<service::LocalBackend>(*host, clock, tmp.path());
        return true;
    }
    /// Creates the stream and waits until it is ACTIVE: its ARN, or empty.
    std::string createActive(const std::string &name, int shards)
    {
        CreateStreamRequest create;
        create.streamName = name;
        create.shardCount = shards;
        if (!host->call<void>([create](Engine &e) { return e.createStream(create); }))
            return {};
        for (int i = 0; i < 500; ++i) {
            auto s = host->call<StreamDescriptionSummary>([name](Engine &e) {
                return e.describeStreamSummary({name, {}});
            });
            if (s && s->status == StreamStatus::Active)
                return s->streamArn;
            QTest::qWait(10);
        }
        return {};
    }
    /// Registers consumers c0, c1, … at RegisterStreamConsumer's call rate (5 a second), as a
    /// client would, and waits until all are ACTIVE (listing at ListStreamConsumers' rate): their
    /// ARNs, or none.
    std::vector<std::string> registerConsumers(const std::string &streamArn, int count)
    {
        std::vector<std::string> arns;
        for (int c = 0; c < count; ++c) {
            Result<Consumer> r = makeError(ErrorCode::LimitExceeded, "not yet");
            for (int attempt = 0; attempt < 50 && !r; ++attempt) {
                r = host->call<Consumer>([&](Engine &e) {
                    return e.registerStreamConsumer({streamArn, "c" + std::to_string(c), {}, {}});
                });
                if (!r)
                    QTest::qWait(250);
            }
            if (!r)
                return {};
            arns.push_back(r->consumerArn);
        }
        for (int attempt = 0; attempt < 50; ++attempt) {
            QTest::qWait(300);
            ListStreamConsumersRequest list;
            list.streamArn = streamArn;
            auto r = host->call<ListStreamConsumersResult>(
                [list](Engine &e) { return e.listStreamConsumers(list); });
            if (r && std::count_if(r->consumers.begin(), r->consumers.end(), [](const auto &c) {
                         return c.status == ConsumerStatus::Active;
                     }) == count)
                return arns;
        }
        return {};
    }
};
} // namespace

void BenchSubscribe::fanOutBesidePolling()
{
    const int seconds = envInt("SHS_BENCH_SECONDS", 10);
    const int rate = envInt("SHS_BENCH_RATE", 1000);
    constexpr int kShards = 4;
    constexpr int kConsumers = 5;
    BenchEngine bench;
    QVERIFY(bench.start(LimitsProfile::aws()));
    service::EngineHost &host = *bench.host;
    service::LocalBackend &backend = *bench.backend;
    const std::string streamArn = bench.createActive("bench", kShards);
    QVERIFY(!streamArn.empty());
    const std::vector<std::string> consumers = bench.registerConsumers(streamArn, kConsumers);
    QCOMPARE(int(consumers.size()), kConsumers);

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
    const int total = seconds * rate;
    PacedProducer producer(host, "bench", rate, total, {}, 1000);
    producer.start();
    // A real event loop, not QTRY_* (whose qWait sleeps 10 ms between event passes, which would be
    // measured as latency).
    QEventLoop loop;
    QTimer check;
    const auto deadline = Steady::now() + std::chrono::seconds(seconds + 20);
    QObject::connect(&check, &QTimer::timeout, [&] {
        const bool all = producer.sent() >= total
                         && fanOut.size() >= std::size_t((total - producer.refused()) * kConsumers)
                         && polling.size() >= std::size_t(total - producer.refused());
        if (all || Steady::now() > deadline)
            loop.quit();
    });
    check.start(50);
    loop.exec();
    QCOMPARE(producer.sent(), total);
    QCOMPARE(fanOut.size(), std::size_t((total - producer.refused()) * kConsumers));
    QCOMPARE(polling.size(), std::size_t(total - producer.refused()));
    reader.stop();
    qInfo("%d PutRecord at %d/s over %d shards (%d refused); %d consumers x %d shards subscribed",
          total, rate, kShards, producer.refused(), kConsumers, kShards);
    qInfo("SubscribeToShard put->event: %s", qPrintable(percentiles(fanOut)));
    qInfo("GetRecords every 250 ms put->answer: %s", qPrintable(percentiles(polling)));
    for (auto &s : subs)
        s->cancel();
    host.stop();
}

void BenchSubscribe::twentyConsumersSixteenShards()
{
    const int seconds = envInt("SHS_BENCH_SUSTAIN_SECONDS", 300);
    const int rate = envInt("SHS_BENCH_SUSTAIN_RATE", 1600);
    constexpr int kShards = 16;
    constexpr int kConsumers = 20;
    constexpr int kBacklog = 8192; // 1 KiB records on shard 0: 8 MiB
    const std::string payload(1024 - 20, 'x');
    BenchEngine bench;
    QVERIFY(bench.start(LimitsProfile::off())); // the backlog goes in at once; then AWS's limits
    service::EngineHost &host = *bench.host;
    service::LocalBackend &backend = *bench.backend;
    const std::string streamArn = bench.createActive("wide", kShards);
    QVERIFY(!streamArn.empty());
    for (int done = 0; done < kBacklog; done += 500) {
        PutRecordsRequest put;
        put.stream.name = "wide";
        for (int i = 0; i < std::min(500, kBacklog - done); ++i)
            put.records.push_back(
                {std::to_string(nowMicros()) + ' ' + payload, "backlog", std::string("0")});
        auto r = host.putRecords(std::move(put));
        QVERIFY(r && r->failedRecordCount == 0);
    }
    bool limited = false;
    QObject context;
    backend.setLimits(LimitsProfile::aws(), &context, [&](Result<void> r) { limited = bool(r); });
    QTRY_VERIFY(limited);
    const std::vector<std::string> consumers = bench.registerConsumers(streamArn, kConsumers);
    QCOMPARE(int(consumers.size()), kConsumers);

    // Every consumer reads every shard from TRIM_HORIZON.
    struct PerConsumer
    {
        std::int64_t delivered = 0;
        std::int64_t backlogRead = 0;
        double caughtUpSeconds = 0;
        std::map<std::int64_t, std::int64_t> shard0BytesBySecond;
    };
    std::vector<PerConsumer> per(kConsumers);
    std::vector<double> latencies, catchingUp; // after every consumer caught up; before
    latencies.reserve(std::size_t(seconds) * std::size_t(rate) * kConsumers);
    int caughtUp = 0;
    std::vector<std::unique_ptr<service::ShardFollower>> followers;
    const auto begin = Steady::now();
    const auto elapsed
        = [&] { return std::chrono::duration<double>(Steady::now() - begin).count(); };
    for (int c = 0; c < kConsumers; ++c) {
        service::ShardFollower::Options o;
        o.stream = "wide";
        o.consumerArn = consumers[std::size_t(c)];
        auto f = std::make_unique<service::ShardFollower>(backend, o);
        QObject::connect(
            f.get(), &service::ShardFollower::recordsArrived,
            [&, c](const std::string &shard, const std::vector<Record> &records) {
                PerConsumer &pc = per[std::size_t(c)];
                pc.delivered += std::int64_t(records.size());
                const bool shard0 = shard == "shardId-000000000000";
                const std::int64_t now = nowMicros();
                for (const auto &rec : records) {
                    if (shard0)
                        pc.shard0BytesBySecond[std::int64_t(elapsed())]
                            += std::int64_t(rec.data.size() + rec.partitionKey.size());
                    if (rec.partitionKey == "backlog") {
                        if (++pc.backlogRead == kBacklog) {
                            pc.caughtUpSeconds = elapsed();
                            ++caughtUp;
                        }
                    } else {
                        (caughtUp == kConsumers ? latencies : catchingUp)
                            .push_back(
                                double(now - std::stoll(rec.data.substr(0, rec.data.find(' '))))
                                / 1000.0);
                    }
                }
            });
        f->start();
        followers.push_back(std::move(f));
    }

    // The sustained load: PutRecord paced to `rate` a second, keys spread over the 16 shards.
    const int total = seconds * rate;
    PacedProducer producer(host, "wide", rate, total, ' ' + payload, 4096);
    producer.start();
    QEventLoop loop;
    QTimer check;
    const auto deadline = Steady::now() + std::chrono::seconds(seconds + 60);
    QObject::connect(&check, &QTimer::timeout, [&] {
        const std::int64_t want = kBacklog + (total - producer.refused());
        const bool all = producer.sent() >= total
                         && std::all_of(per.begin(), per.end(),
                                        [&](const auto &p) { return p.delivered >= want; });
        const bool failed = std::any_of(followers.begin(), followers.end(),
                                        [](const auto &f) { return !f->running(); });
        if (all || failed || Steady::now() > deadline)
            loop.quit();
    });
    check.start(50);
    loop.exec();
    for (const auto &f : followers)
        QVERIFY2(f->running(), f->failure() ? f->failure()->error.toString().c_str() : "stopped");
    QCOMPARE(producer.sent(), total);
    std::int64_t subscriptions = 0, calls = 0;
    for (const auto &f : followers) {
        subscriptions += f->subscriptions();
        calls += f->counts().calls;
    }
    double slowest = 0, fastest = 1e9;
    std::int64_t peakBytes = 0;
    for (const auto &p : per) {
        QCOMPARE(p.delivered, std::int64_t(kBacklog + total - producer.refused()));
        slowest = std::max(slowest, p.caughtUpSeconds);
        fastest = std::min(fastest, p.caughtUpSeconds);
        for (const auto &[second, bytes] : p.shard0BytesBySecond)
            if (second > 0) // the first second holds the bucket's 1-second burst
                peakBytes = std::max(peakBytes, bytes);
    }
    for (auto &f : followers)
        f->stop();
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    qInfo("%d consumers x %d shards: %lld subscriptions open at the end, %lld SubscribeToShard "
          "calls in %d s",
          kConsumers, kShards, static_cast<long long>(subscriptions), static_cast<long long>(calls),
          seconds);
    qInfo("backlog of %d KiB on shard 0 read by every consumer at once: caught up in %.2f-%.2f s "
          "(2 MiB/s each after a 1-second burst: %.2f s); highest 1-second rate of any consumer "
          "on shard 0 after the first second %.2f MiB/s",
          kBacklog, fastest, slowest, double(kBacklog - 2048) / 2048.0,
          double(peakBytes) / (1024.0 * 1024.0));
    qInfo("sustained: %d PutRecord at %d/s (%d refused), each to %d consumers; put->event once "
          "every consumer had caught up: %s; while they caught up (shard 0's new records queue "
          "behind its backlog): %s",
          total, rate, producer.refused(), kConsumers, qPrintable(percentiles(latencies)),
          qPrintable(percentiles(catchingUp)));
    qInfo("peak RSS %ld MiB", usage.ru_maxrss / 1024);
    host.stop();
}

QTEST_GUILESS_MAIN(BenchSubscribe)
#include "bench_subscribe.moc"
