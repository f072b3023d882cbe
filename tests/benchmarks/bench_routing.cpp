// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
// Routing: 1,000,000 partition keys through MD5 and the shard lookup, with 1, 64 and 1024 shards.
// Also the pieces: sequence-number formatting and iterator sealing, which every read pays per
// record or per call. Run: bench_routing -median 5  (README, benchmarks).
#include "engine/hash_key_range.h"
#include "engine/partition_key_router.h"
#include "engine/sequence_number.h"
#include "engine/shard_iterator.h"

#include <QtTest>

using namespace shs::core;

class BenchRouting : public QObject
{
    Q_OBJECT
  private Q_SLOTS:
    void route_data();
    void route();
    void formatSequenceNumbers();
    void sealIterators();
};

void BenchRouting::route_data()
{
    QTest::addColumn<int>("shards");
    QTest::newRow("1-shard") << 1;
    QTest::newRow("64-shards") << 64;
    QTest::newRow("1024-shards") << 1024;
}

void BenchRouting::route()
{
    QFETCH(int, shards);
    PartitionKeyRouter router;
    std::vector<PartitionKeyRouter::OpenShard> open;
    std::uint32_t i = 0;
    for (const auto &r : HashKeyRange::uniformSplit(std::uint32_t(shards)))
        open.push_back({r, i++});
    router.setOpenShards(open);
    std::vector<std::string> keys;
    keys.reserve(1000000);
    for (int k = 0; k < 1000000; ++k)
        keys.push_back("user-" + std::to_string(qint64(k) * 7919));
    std::uint64_t sum = 0;
    QBENCHMARK {
        for (const auto &k : keys)
            sum += *router.route(router.hash(k));
    }
    QVERIFY(sum > 0 || shards == 1);
}

void BenchRouting::formatSequenceNumbers()
{
    std::size_t total = 0;
    QBENCHMARK {
        for (std::uint64_t seq = 0; seq < 100000; ++seq)
            total
                += formatSequenceNumber({1780000000, 3, seq, 1780000000 + std::int64_t(seq / 1000)})
                       .size();
    }
    QVERIFY(total > 0);
}

void BenchRouting::sealIterators()
{
    shs::crypto::AeadKey key{};
    TokenCodec codec(key);
    std::size_t total = 0;
    QBENCHMARK {
        for (std::uint64_t i = 0; i < 10000; ++i)
            total += codec.encodeIterator({1780000000000, 1, 3, i, "clickstream"}).size();
    }
    QVERIFY(total > 0);
}

QTEST_APPLESS_MAIN(BenchRouting)
#include "bench_routing.moc"
