// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
// Four writer threads put records while a fifth splits and merges shards over and over (through
// the EngineHost, on SQLite). Then the lineage is read parents first, as KCL does, and for every
// partition key the records must come back exactly once and in the order they were written.
#include "service/engine_host.h"
#include "store/sqlite_storage.h"

#include <QTemporaryDir>
#include <QtTest>

#include <atomic>
#include <deque>
#include <map>
#include <random>
#include <set>
#include <thread>

using namespace shs;
using namespace shs::core;

class TestConcurrentResharding : public QObject
{
    Q_OBJECT
  private Q_SLOTS:
    void writesWhileSplittingAndMerging();
};

void TestConcurrentResharding::writesWhileSplittingAndMerging()
{
    QTemporaryDir tmp;
    store::SqliteOptions opt;
    opt.path = tmp.path().toStdString() + "/db";
    auto storage = store::SqliteStorage::open(opt);
    QVERIFY(storage);
    auto clock = std::make_shared<ScaledClock>();
    clock->setSpeed(50); // UPDATING lasts 10 ms of real time
    EngineConfig cfg;
    cfg.limits = LimitsProfile::off();
    service::EngineHost::Options options;
    options.tickIntervalMs = 5;
    service::EngineHost host(std::move(*storage), cfg, clock, options);
    QVERIFY(host.start());
    CreateStreamRequest c;
    c.streamName = "s";
    c.shardCount = 4;
    QVERIFY(host.call<void>([c](Engine &e) { return e.createStream(c); }));
    QTRY_VERIFY(host.call<StreamDescriptionSummary>([](Engine &e) {
                        return e.describeStreamSummary({"s", {}});
                    })
                    ->status
                == StreamStatus::Active);

    std::atomic<bool> stop{false};
    std::atomic<int> failures{0};
    std::map<std::string, int> written; // key -> count, filled by each writer for its own keys
    std::mutex writtenMutex;
    std::vector<std::thread> writers;
    for (int w = 0; w < 4; ++w) {
        writers.emplace_back([&, w] {
            std::map<std::string, int> counters;
            int round = 0;
            while (!stop.load()) {
                PutRecordsRequest r{{"s", {}}, {}};
                for (int i = 0; i < 20; ++i) {
                    const std::string key
                        = "w" + std::to_string(w) + "-k" + std::to_string((round * 20 + i) % 37);
                    r.records.push_back(
                        {key + ":" + std::to_string(counters[key]++), key, std::nullopt});
                }
                ++round;
                auto res = host.call<PutRecordsResult>(
                    [r](Engine &e) mutable { return e.putRecords(std::move(r)); });
                if (!res || res->failedRecordCount)
                    ++failures;
            }
            std::lock_guard lock(writtenMutex);
            for (auto &[k, n] : counters)
                written[k] = n;
        });
    }
    int reshards = 0;
    std::mt19937 rng(1234);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(1500);
    while (std::chrono::steady_clock::now() < deadline) {
        ListShardsRequest l;
        l.stream.name = "s";
        l.filter = ShardFilter{ShardFilterType::AtLatest, {}, {}};
        auto open = host.call<ListShardsResult>([l](Engine &e) { return e.listShards(l); })->shards;
        std::sort(open.begin(), open.end(),
                  [](auto &a, auto &b) { return a.startingHashKey < b.startingHashKey; });
        Result<void> r = ok();
        if (open.size() < 3 || (rng() % 2 && open.size() < 12)) {
            const auto &sh = open[rng() % open.size()];
            const HashKey mid
                = sh.startingHashKey.plus(sh.endingHashKey.minus(sh.startingHashKey).dividedBy(2));
            SplitShardRequest sr{{"s", {}}, sh.shardId, mid.toDecimal()};
            r = host.call<void>([sr](Engine &e) { return e.splitShard(sr); });
        } else {
            const std::size_t i = rng() % (open.size() - 1);
            MergeShardsRequest mr{{"s", {}}, open[i].shardId, open[i + 1].shardId};
            r = host.call<void>([mr](Engine &e) { return e.mergeShards(mr); });
        }
        QVERIFY2(r, r ? "" : r.error().toString().c_str());
        ++reshards;
        QTRY_VERIFY(host.call<StreamDescriptionSummary>([](Engine &e) {
                            return e.describeStreamSummary({"s", {}});
                        })
                        ->status
                    == StreamStatus::Active);
    }
    stop = true;
    for (auto &t : writers)
        t.join();
    QCOMPARE(failures.load(), 0);
    QVERIFY2(reshards >= 10, qPrintable(QString::number(reshards)));
    QVERIFY(
        host.call<std::string>([](Engine &e) -> Result<std::string> { return e.checkInvariants(); })
            ->empty());

    // Parents first: a shard is read once all of its parents have been read to their end.
    ListShardsRequest all;
    all.stream.name = "s";
    const auto shards
        = host.call<ListShardsResult>([all](Engine &e) { return e.listShards(all); })->shards;
    std::map<std::string, ShardDescription> byId;
    for (const auto &sh : shards)
        byId[sh.shardId] = sh;
    std::set<std::string> done;
    std::deque<std::string> ready;
    auto isReady = [&](const ShardDescription &sh) {
        for (const auto &p : {sh.parentShardId, sh.adjacentParentShardId})
            if (p && byId.count(*p) && !done.count(*p))
                return false;
        return true;
    };
    for (const auto &sh : shards)
        if (isReady(sh))
            ready.push_back(sh.shardId);
    std::map<std::string, std::vector<int>> seen;
    while (!ready.empty()) {
        const std::string id = ready.front();
        ready.pop_front();
        if (done.count(id))
            continue;
        GetShardIteratorRequest g{{"s", {}}, id, ShardIteratorType::TrimHorizon, {}, {}};
        std::string cursor
            = host.call<GetShardIteratorResult>([g](Engine &e) { return e.getShardIterator(g); })
                  ->shardIterator;
        for (;;) {
            auto r = host.getRecords({cursor, {}, {}});
            QVERIFY(r);
            for (const auto &rec : r->records) {
                const auto colon = rec.data.find(':');
                seen[rec.partitionKey].push_back(std::stoi(rec.data.substr(colon + 1)));
            }
            if (!r->nextShardIterator)
                break;
            if (r->records.empty() && byId[id].endingSequenceNumber == std::nullopt)
                break; // an open shard, read to its current end
            cursor = *r->nextShardIterator;
        }
        done.insert(id);
        for (const auto &sh : shards)
            if (!done.count(sh.shardId)
                && (sh.parentShardId == id || sh.adjacentParentShardId == id) && isReady(sh))
                ready.push_back(sh.shardId);
    }
    QCOMPARE(done.size(), shards.size());
    QCOMPARE(seen.size(), written.size());
    for (const auto &[key, count] : written) {
        const auto &values = seen[key];
        QVERIFY2(int(values.size()) == count, qPrintable(QStringLiteral("%1: %2 read, %3 written")
                                                             .arg(QString::fromStdString(key))
                                                             .arg(values.size())
                                                             .arg(count)));
        for (int i = 0; i < count; ++i)
            QVERIFY2(values[size_t(i)] == i, qPrintable(QStringLiteral("%1: record %2 read as %3")
                                                            .arg(QString::fromStdString(key))
                                                            .arg(i)
                                                            .arg(values[size_t(i)])));
    }
    host.stop();
}

QTEST_GUILESS_MAIN(TestConcurrentResharding)
#include "tst_concurrent_resharding.moc"
