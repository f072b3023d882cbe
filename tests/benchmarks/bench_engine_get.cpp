// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
// GetRecords from a warm cache: 200,000 x 1 KiB records in 4 shards on SQLite, drained with
// Limit 10000 through Engine::getRecords on one thread (no host, no threads). Records/s =
// 200,000 / time per iteration. The host-level figure (reader threads) is `shardscope-cli bench
// get`.
#include "manual_clock.h"

#include "engine/engine.h"
#include "store/sqlite_storage.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace shs;
using namespace shs::core;

class BenchEngineGet : public QObject
{
    Q_OBJECT
  private Q_SLOTS:
    void drainWarm();
};

void BenchEngineGet::drainWarm()
{
    QTemporaryDir tmp;
    store::SqliteOptions opt;
    opt.path = tmp.path().toStdString() + "/db";
    auto storage = std::move(store::SqliteStorage::open(opt).value());
    test::ManualClock clock;
    EngineConfig cfg;
    cfg.limits = LimitsProfile::off();
    Engine engine(cfg, clock, *storage);
    QVERIFY(engine.load());
    CreateStreamRequest c;
    c.streamName = "s";
    c.shardCount = 4;
    QVERIFY(engine.createStream(c));
    clock.advance(1000);
    engine.tick();
    const std::string payload(1024, 'x');
    for (int b = 0; b < 400; ++b) {
        PutRecordsRequest p;
        p.stream.name = "s";
        for (int i = 0; i < 500; ++i)
            p.records.push_back({payload, "key-" + std::to_string(b * 500 + i), std::nullopt});
        QVERIFY(engine.putRecords(std::move(p)));
        QVERIFY(storage->commit(engine.takePendingBatch()));
    }
    std::size_t records = 0;
    QBENCHMARK {
        records = 0;
        for (int shard = 0; shard < 4; ++shard) {
            auto it = engine.getShardIterator({{"s", {}},
                                               formatShardId(std::uint32_t(shard)),
                                               ShardIteratorType::TrimHorizon,
                                               {},
                                               {}});
            std::string cursor = it->shardIterator;
            for (;;) {
                auto r = engine.getRecords({cursor, 10000, {}});
                if (!r || r->records.empty())
                    break;
                records += r->records.size();
                cursor = *r->nextShardIterator;
            }
        }
    }
    QCOMPARE(records, std::size_t(200000));
}

QTEST_APPLESS_MAIN(BenchEngineGet)
#include "bench_engine_get.moc"
