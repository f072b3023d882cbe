// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
// The engine's own cost of PutRecords (routing, sequence numbers, batching; no SQLite): 100
// batches of 500 x 1 KiB records into a 256-shard stream (room for 256 MiB/s and 256,000
// records/s, so nothing is throttled), with throttling and metrics off, then with the "aws"
// profile and metrics on. The difference is what throttling and metrics cost.
#include "manual_clock.h"

#include "engine/engine.h"
#include "store/memory_storage.h"

#include <QtTest>

using namespace shs;
using namespace shs::core;

class BenchEnginePut : public QObject
{
    Q_OBJECT
  private Q_SLOTS:
    void putRecords_data();
    void putRecords();
    void carriedLoad_data();
    void carriedLoad();
};

namespace {
/// Drops every batch: only the engine's work is measured.
class NullStorage final : public StoragePort
{
  public:
    Result<LoadedState> load() override { return LoadedState{}; }
    Result<void> readRecords(std::uint64_t, std::uint64_t, std::int64_t, std::size_t, std::size_t,
                             std::vector<StoredRecord> &) override
    {
        return ok();
    }
    Result<std::optional<std::pair<std::uint64_t, std::int64_t>>>
    firstRecordFrom(std::uint64_t, std::uint64_t) override
    {
        return std::optional<std::pair<std::uint64_t, std::int64_t>>{};
    }
    Result<void> readMinutePoints(std::uint64_t, std::int64_t, std::int64_t,
                                  std::vector<MinutePoint> &) override
    {
        return ok();
    }
    Result<std::unique_ptr<RecordReader>> openReader() override
    {
        return makeError(ErrorCode::InternalFailure, "none");
    }
    Result<void> commit(const WriteBatch &) override { return ok(); }
};
} // namespace

void BenchEnginePut::putRecords_data()
{
    QTest::addColumn<bool>("limitsAndMetrics");
    QTest::newRow("throttling-and-metrics-off") << false;
    QTest::newRow("aws-profile-and-metrics-on") << true;
}

void BenchEnginePut::putRecords()
{
    QFETCH(bool, limitsAndMetrics);
    test::ManualClock clock;
    NullStorage storage;
    EngineConfig cfg;
    cfg.limits = limitsAndMetrics ? LimitsProfile::aws() : LimitsProfile::off();
    cfg.metrics = limitsAndMetrics;
    cfg.createDelayMs = 0;
    Engine engine(cfg, clock, storage);
    QVERIFY(engine.load());
    CreateStreamRequest c;
    c.streamName = "s";
    c.shardCount = 256;
    QVERIFY(engine.createStream(c));
    engine.tick();
    (void)engine.takePendingBatch();
    const std::string payload(1024, 'x');
    std::vector<std::string> keys;
    for (int i = 0; i < 50000; ++i)
        keys.push_back("user-" + std::to_string(i));
    std::size_t k = 0;
    int failed = 0;
    QBENCHMARK {
        for (int b = 0; b < 100; ++b) {
            PutRecordsRequest r{{"s", {}}, {}};
            r.records.reserve(500);
            for (int i = 0; i < 500; ++i)
                r.records.push_back({payload, keys[k++ % keys.size()], std::nullopt});
            auto res = engine.putRecords(std::move(r));
            failed += res->failedRecordCount;
            (void)engine.takePendingBatch();
            clock.advance(5); // 50,000 records in 0.5 s: under 256 shards' limits
            engine.tick();
        }
    }
    QCOMPARE(failed, 0);
}

// A generator's carried load (carried_load.h) at the fastest engine speed: one engine-host tick
// (50 ms of real time) at 3600x is 180 engine seconds, 720 slices to play. The time per
// iteration is the engine thread's cost of one such tick; under 50 ms the engine keeps up.
void BenchEnginePut::carriedLoad_data()
{
    QTest::addColumn<int>("shards");
    QTest::addColumn<double>("speed");
    QTest::newRow("4-shards-60x") << 4 << 60.0;
    QTest::newRow("64-shards-60x") << 64 << 60.0;
    QTest::newRow("4-shards-3600x") << 4 << 3600.0;
    QTest::newRow("64-shards-3600x") << 64 << 3600.0;
}

void BenchEnginePut::carriedLoad()
{
    QFETCH(int, shards);
    QFETCH(double, speed);
    test::ManualClock clock;
    NullStorage storage;
    EngineConfig cfg;
    cfg.limits = LimitsProfile::aws();
    cfg.createDelayMs = 0;
    Engine engine(cfg, clock, storage);
    QVERIFY(engine.load());
    CreateStreamRequest c;
    c.streamName = "s";
    c.shardCount = shards;
    QVERIFY(engine.createStream(c));
    engine.tick();
    (void)engine.takePendingBatch();
    Engine::CarriedLoadSpec load;
    load.stream.name = "s";
    load.recordsPerSecond = 900.0 * shards; // 90 % of the stream's limit
    load.dataBytes = 200;
    for (int k = 0; k < 4096; ++k)
        load.keys.emplace_back("user-" + std::to_string(k), 1.0);
    load.untilMs = INT64_MAX;
    auto id = engine.startCarrying(load);
    QVERIFY(id);
    const auto tickMs = static_cast<std::int64_t>(50 * speed);
    QBENCHMARK {
        clock.advance(tickMs);
        engine.tick();
        (void)engine.takePendingBatch();
    }
    auto counts = engine.carry(*id, load.recordsPerSecond, INT64_MAX);
    QVERIFY(counts && counts->accepted > 0);
}

QTEST_APPLESS_MAIN(BenchEnginePut)
#include "bench_engine_put.moc"
