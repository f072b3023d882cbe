// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
// Resharding under load, wall time: a 64-shard stream on SQLite (synchronous FULL) takes
// PutRecords batches from two writer threads while SplitShard/MergeShards run back to back, then
// UpdateShardCount 64 -> 128. Measured from the call until the snapshot shows the new shards,
// with the UPDATING delay set to 0 (the engine's default 500 ms is a teaching pause, not work)
// and the engine ticking every millisecond. Prints median and maximum.
#include "service/engine_host.h"
#include "store/sqlite_storage.h"

#include <QTemporaryDir>
#include <QtTest>

#include <atomic>
#include <thread>

using namespace shs;
using namespace shs::core;

class BenchReshard : public QObject
{
    Q_OBJECT
  private Q_SLOTS:
    void reshardUnderLoad();
};

namespace {
using Steady = std::chrono::steady_clock;
double ms(Steady::duration d)
{
    return std::chrono::duration<double, std::milli>(d).count();
}
/// Polls every 200 us (QTRY_* polls every 50 ms, too coarse to time a reshard).
template <typename F> bool waitFor(F condition, int timeoutMs = 5000)
{
    const auto deadline = Steady::now() + std::chrono::milliseconds(timeoutMs);
    while (!condition()) {
        if (Steady::now() > deadline)
            return false;
        std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
    return true;
}
} // namespace

void BenchReshard::reshardUnderLoad()
{
    QTemporaryDir tmp;
    store::SqliteOptions opt;
    opt.path = tmp.path().toStdString() + "/db";
    auto storage = store::SqliteStorage::open(opt);
    QVERIFY(storage);
    EngineConfig cfg;
    cfg.limits = LimitsProfile::off();
    cfg.updateDelayMs = 0;
    cfg.createDelayMs = 0;
    service::EngineHost::Options options;
    options.tickIntervalMs = 1;
    service::EngineHost host(std::move(*storage), cfg, std::make_shared<SystemClock>(), options);
    QVERIFY(host.start());
    CreateStreamRequest c;
    c.streamName = "s";
    c.shardCount = 64;
    QVERIFY(host.call<void>([c](Engine &e) { return e.createStream(c); }));
    auto openShards = [&] {
        auto snap = host.mailbox().latest();
        return snap && !snap->streams.empty() && snap->streams[0].status == StreamStatus::Active
                   ? snap->streams[0].openShardCount
                   : -1;
    };
    QTRY_COMPARE(openShards(), 64);

    std::atomic<bool> stop{false};
    std::atomic<long> written{0};
    std::vector<std::thread> writers;
    for (int w = 0; w < 2; ++w)
        writers.emplace_back([&, w] {
            const std::string payload(1024, 'x');
            long i = 0;
            while (!stop.load()) {
                PutRecordsRequest r{{"s", {}}, {}};
                for (int k = 0; k < 100; ++k)
                    r.records.push_back({payload,
                                         "w" + std::to_string(w) + "-" + std::to_string(i++),
                                         std::nullopt});
                if (host.call<PutRecordsResult>(
                        [r](Engine &e) mutable { return e.putRecords(std::move(r)); }))
                    written += 100;
            }
        });
    QTest::qWait(300);

    std::vector<double> splits, merges;
    for (int round = 0; round < 15; ++round) {
        ListShardsRequest l;
        l.stream.name = "s";
        l.filter = ShardFilter{ShardFilterType::AtLatest, {}, {}};
        auto open = host.call<ListShardsResult>([l](Engine &e) { return e.listShards(l); })->shards;
        std::sort(open.begin(), open.end(),
                  [](auto &a, auto &b) { return a.startingHashKey < b.startingHashKey; });
        const auto &sh = open[std::size_t(round * 7) % open.size()];
        const HashKey mid
            = sh.startingHashKey.plus(sh.endingHashKey.minus(sh.startingHashKey).dividedBy(2));
        SplitShardRequest sr{{"s", {}}, sh.shardId, mid.toDecimal()};
        auto t0 = Steady::now();
        QVERIFY(host.call<void>([sr](Engine &e) { return e.splitShard(sr); }));
        QVERIFY(waitFor([&] { return openShards() == 65; }));
        splits.push_back(ms(Steady::now() - t0));
        open = host.call<ListShardsResult>([l](Engine &e) { return e.listShards(l); })->shards;
        std::sort(open.begin(), open.end(),
                  [](auto &a, auto &b) { return a.startingHashKey < b.startingHashKey; });
        std::size_t i = 0;
        while (i + 1 < open.size() && open[i].parentShardId != open[i + 1].parentShardId)
            ++i;
        MergeShardsRequest mr{{"s", {}}, open[i].shardId, open[i + 1].shardId};
        t0 = Steady::now();
        QVERIFY(host.call<void>([mr](Engine &e) { return e.mergeShards(mr); }));
        QVERIFY(waitFor([&] { return openShards() == 64; }));
        merges.push_back(ms(Steady::now() - t0));
    }
    // UpdateShardCount needs uniform ranges to be interesting: start from a fresh 64-shard stream.
    CreateStreamRequest u;
    u.streamName = "u";
    u.shardCount = 64;
    QVERIFY(host.call<void>([u](Engine &e) { return e.createStream(u); }));
    QTest::qWait(50);
    auto t0 = Steady::now();
    auto r = host.call<UpdateShardCountResult>([](Engine &e) {
        return e.updateShardCount({{"u", {}}, 128, "UNIFORM_SCALING"});
    });
    QVERIFY(r);
    QVERIFY(waitFor(
        [&] {
            auto snap = host.mailbox().latest();
            for (const auto &st : snap->streams)
                if (st.name == "u")
                    return st.status == StreamStatus::Active && st.openShardCount == 128;
            return false;
        },
        10000));
    const double scale = ms(Steady::now() - t0);
    stop = true;
    for (auto &t : writers)
        t.join();
    auto stat = [](std::vector<double> v) {
        std::sort(v.begin(), v.end());
        return QStringLiteral("median %1 ms, max %2 ms")
            .arg(v[v.size() / 2], 0, 'f', 1)
            .arg(v.back(), 0, 'f', 1);
    };
    qInfo("split, 64-shard stream under load: %s", qPrintable(stat(splits)));
    qInfo("merge, 64-shard stream under load: %s", qPrintable(stat(merges)));
    qInfo("UpdateShardCount 64 -> 128 under load: %.1f ms", scale);
    qInfo("records written meanwhile: %ld", written.load());
    host.stop();
}

QTEST_GUILESS_MAIN(BenchReshard)
#include "bench_reshard.moc"
