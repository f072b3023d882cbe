// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
// Random sequences of SplitShard, MergeShards and UpdateShardCount — valid and invalid — checked
// after every step against a model of the open hash ranges kept in unsigned __int128:
// tiling, routing of explicit hash keys, the right error code for refused operations, sequence
// numbers that grow within a shard and from parent to child, and every record readable.
// SHS_PROPERTY_SEED / SHS_PROPERTY_ITERS override the rows' seeds and step counts.
#include "engine_harness.h"

#include "engine/hash_key_range.h"
#include "engine/sequence_number.h"

#include <QtTest>

#include <map>
#include <random>

using namespace shs::core;
using shs::test::EngineHarness;

namespace {
__extension__ typedef unsigned __int128 u128;
u128 toU(HashKey k)
{
    return (u128(k.hi()) << 64) | k.lo();
}
HashKey fromU(u128 v)
{
    return {std::uint64_t(v >> 64), std::uint64_t(v)};
}
bool seqLess(const std::string &a, const std::string &b)
{
    return a.size() != b.size() ? a.size() < b.size() : a < b;
}
std::string dec(u128 v)
{
    return fromU(v).toDecimal();
}
} // namespace

class TestLineageProperties : public QObject
{
    Q_OBJECT
  private Q_SLOTS:
    void randomReshards_data();
    void randomReshards();
};

void TestLineageProperties::randomReshards_data()
{
    QTest::addColumn<quint64>("seed");
    for (quint64 s : {1u, 7u, 42u})
        QTest::newRow(qPrintable(QStringLiteral("seed-%1").arg(s))) << s;
}

void TestLineageProperties::randomReshards()
{
    QFETCH(quint64, seed);
    const quint64 runSeed = qEnvironmentVariableIsSet("SHS_PROPERTY_SEED")
                                ? qEnvironmentVariable("SHS_PROPERTY_SEED").toULongLong()
                                : seed;
    const int steps = qEnvironmentVariableIsSet("SHS_PROPERTY_ITERS")
                          ? qEnvironmentVariableIntValue("SHS_PROPERTY_ITERS")
                          : 120;
    std::mt19937_64 rng(runSeed);
    EngineHarness h;
    const int initial = int(1 + rng() % 6);
    h.ready("s", initial);
    // A year of retention: the daily UpdateShardCount budget makes the test skip whole days, and
    // no record may age out while we check that every one is still there.
    QVERIFY(h.run([](Engine &e) { return e.increaseStreamRetentionPeriod({{"s", {}}, 8760}); }));
    // Model: open ranges by start -> end.
    std::map<u128, u128> model;
    for (const auto &r : HashKeyRange::uniformSplit(std::uint32_t(initial)))
        model[toU(r.start)] = toU(r.end);
    std::map<std::string, std::vector<std::string>> acked; // shardId -> sequence numbers
    std::map<std::string, std::string> dataBySeq;
    QStringList log;
    auto fail = [&](const QString &what) {
        return qPrintable(QStringLiteral("seed %1: %2\n  after: %3")
                              .arg(runSeed)
                              .arg(what, log.join(QStringLiteral("; "))));
    };
    auto openShards = [&] {
        ListShardsRequest r;
        r.stream.name = "s";
        r.filter = ShardFilter{ShardFilterType::AtLatest, {}, {}};
        auto v = h.engine().listShards(r).value().shards;
        std::sort(v.begin(), v.end(),
                  [](auto &a, auto &b) { return a.startingHashKey < b.startingHashKey; });
        return v;
    };
    int counter = 0;
    for (int step = 0; step < steps; ++step) {
        auto open = openShards();
        QVERIFY2(open.size() == model.size(), fail(QStringLiteral("open shard count %1 vs model %2")
                                                       .arg(open.size())
                                                       .arg(model.size())));
        std::size_t i = 0;
        for (const auto &[start, end] : model) {
            QVERIFY2(toU(open[i].startingHashKey) == start && toU(open[i].endingHashKey) == end,
                     fail(QStringLiteral("range %1 differs from the model")
                              .arg(QString::fromStdString(open[i].shardId))));
            ++i;
        }
        // Some writes at random keys: each must land in the model's owner.
        for (int w = 0; w < 3; ++w) {
            const u128 key = (u128(rng()) << 64) | rng();
            const std::string data = "r" + std::to_string(counter++);
            auto p = h.run([&](Engine &e) {
                return e.putRecord({{"s", {}}, data, "k", dec(key), {}});
            });
            QVERIFY2(p, fail(QStringLiteral("put failed")));
            auto owner = std::prev(model.upper_bound(key));
            const auto &sh = *std::find_if(open.begin(), open.end(), [&](auto &o) {
                return toU(o.startingHashKey) == owner->first;
            });
            QVERIFY2(
                p->shardId == sh.shardId,
                fail(QStringLiteral("key %1 went to %2, model says %3")
                         .arg(QString::fromStdString(dec(key)), QString::fromStdString(p->shardId),
                              QString::fromStdString(sh.shardId))));
            auto &seqs = acked[p->shardId];
            QVERIFY2(seqs.empty() || seqLess(seqs.back(), p->sequenceNumber),
                     fail(QStringLiteral("sequence went backwards")));
            seqs.push_back(p->sequenceNumber);
            dataBySeq[p->sequenceNumber] = data;
        }
        const int op = int(rng() % 10);
        if (op < 4) {
            // Split: a random open shard at a random key; sometimes outside the allowed range.
            const auto &sh = open[rng() % open.size()];
            const u128 start = toU(sh.startingHashKey), end = toU(sh.endingHashKey);
            const bool valid = rng() % 4 != 0 && end - start > 3;
            const u128 key = valid ? start + 2 + (((u128(rng()) << 64) | rng()) % (end - start - 2))
                                   : start + (rng() % 2);
            auto r = h.run([&](Engine &e) {
                return e.splitShard({{"s", {}}, sh.shardId, dec(key)});
            });
            log << QStringLiteral("split %1@%2%3")
                       .arg(QString::fromStdString(sh.shardId), QString::fromStdString(dec(key)),
                            r ? QString() : QStringLiteral("(refused)"));
            QVERIFY2(bool(r) == valid, fail(QStringLiteral("split validity")));
            if (!valid) {
                QVERIFY2(r.error().code == ErrorCode::InvalidArgument,
                         fail(QStringLiteral("split refusal code")));
                continue;
            }
            model[start] = key - 1;
            model[key] = end;
        } else if (op < 7 && open.size() > 1) {
            // Merge: usually neighbours, sometimes not.
            const std::size_t a = rng() % open.size();
            const bool adjacent = rng() % 4 != 0 && a + 1 < open.size();
            const std::size_t b = adjacent ? a + 1 : (a + 2) % open.size();
            const bool swap = rng() % 2;
            const auto &x = open[swap ? b : a];
            const auto &y = open[swap ? a : b];
            auto r = h.run([&](Engine &e) {
                return e.mergeShards({{"s", {}}, x.shardId, y.shardId});
            });
            const bool valid = adjacent || (b + 1 == a) || (a + 1 == b);
            log << QStringLiteral("merge %1+%2%3")
                       .arg(QString::fromStdString(x.shardId), QString::fromStdString(y.shardId),
                            r ? QString() : QStringLiteral("(refused)"));
            QVERIFY2(bool(r) == (valid && a != b), fail(QStringLiteral("merge validity")));
            if (!r) {
                QVERIFY2(r.error().code == ErrorCode::InvalidArgument,
                         fail(QStringLiteral("merge refusal code")));
                continue;
            }
            const u128 lo = std::min(toU(x.startingHashKey), toU(y.startingHashKey));
            const u128 hi = std::max(toU(x.endingHashKey), toU(y.endingHashKey));
            model.erase(toU(x.startingHashKey));
            model.erase(toU(y.startingHashKey));
            model[lo] = hi;
        } else {
            const int current = int(open.size());
            const int target = int(1 + rng() % std::uint64_t(std::min(3 * current, 40)));
            const bool valid = target <= 2 * current && target * 2 >= current;
            auto r = h.run([&](Engine &e) {
                return e.updateShardCount({{"s", {}}, target, "UNIFORM_SCALING"});
            });
            log << QStringLiteral("scale %1->%2%3")
                       .arg(current)
                       .arg(target)
                       .arg(r ? QString() : QStringLiteral("(refused)"));
            if (!r && r.error().message.find("10 times") != std::string::npos) {
                h.advance(24 * 3600'000); // the daily budget, not the rules: try again tomorrow
                --step;
                continue;
            }
            QVERIFY2(bool(r) == valid, fail(QStringLiteral("scale validity")));
            if (!r) {
                QVERIFY2(r.error().code == ErrorCode::LimitExceeded,
                         fail(QStringLiteral("scale refusal code")));
                continue;
            }
            model.clear();
            for (const auto &rr : HashKeyRange::uniformSplit(std::uint32_t(target)))
                model[toU(rr.start)] = toU(rr.end);
        }
        h.advance(500);
        const std::string broken = h.engine().checkInvariants();
        QVERIFY2(broken.empty(), fail(QString::fromStdString(broken)));
    }
    // Every acknowledged record is readable exactly where it was acknowledged, in order.
    ListShardsRequest all;
    all.stream.name = "s";
    const auto everyShard = h.engine().listShards(all).value().shards;
    for (const auto &sh : everyShard) {
        auto it = h.engine().getShardIterator(
            {{"s", {}}, sh.shardId, ShardIteratorType::TrimHorizon, {}, {}});
        QVERIFY2(it, it ? "" : it.error().toString().c_str());
        std::vector<std::string> seen;
        std::string cursor = it->shardIterator;
        for (;;) {
            auto r = h.engine().getRecords({cursor, {}, {}});
            QVERIFY(r);
            for (auto &rec : r->records) {
                QCOMPARE(rec.data, dataBySeq[rec.sequenceNumber]);
                seen.push_back(rec.sequenceNumber);
            }
            if (r->records.empty() || !r->nextShardIterator)
                break;
            cursor = *r->nextShardIterator;
        }
        QVERIFY2(seen == acked[sh.shardId],
                 fail(QStringLiteral("records of %1 differ: %2 read, %3 acknowledged")
                          .arg(QString::fromStdString(sh.shardId))
                          .arg(seen.size())
                          .arg(acked[sh.shardId].size())));
        if (sh.parentShardId) // children's numbers are greater than every parent's
            for (const auto &parent : everyShard)
                if (parent.shardId == *sh.parentShardId)
                    QVERIFY(seqLess(*parent.endingSequenceNumber, sh.startingSequenceNumber));
    }
}

QTEST_APPLESS_MAIN(TestLineageProperties)
#include "tst_lineage_properties.moc"
