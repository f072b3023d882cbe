// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine_harness.h"

#include "engine/hash_key_range.h"
#include "engine/sequence_number.h"

#include <QtTest>

#include <random>

using namespace shs::core;
using shs::test::EngineHarness;

namespace {
QString text(const Error &e)
{
    return QString::fromStdString(e.toString());
}
const std::string kMax = "340282366920938463463374607431768211455";
const std::string kHalf = "170141183460469231731687303715884105728";

bool seqLess(const std::string &a, const std::string &b)
{
    return a.size() != b.size() ? a.size() < b.size() : a < b;
}

struct Lab
{
    EngineHarness h;
    explicit Lab(int shards) { h.ready("s", shards); }
    Engine &e() { return h.engine(); }
    std::vector<ShardDescription> list(std::optional<ShardFilter> filter = {})
    {
        ListShardsRequest r;
        r.stream.name = "s";
        r.filter = filter;
        return e().listShards(r).value().shards;
    }
    Result<PutRecordResult> putAt(const std::string &ehk, const std::string &data)
    {
        return h.run([&](Engine &en) { return en.putRecord({{"s", {}}, data, "k", ehk, {}}); });
    }
    void settle() { h.advance(500); }
    GetRecordsResult readAll(const std::string &shardId, std::vector<std::string> &out)
    {
        auto it
            = e().getShardIterator({{"s", {}}, shardId, ShardIteratorType::TrimHorizon, {}, {}});
        std::string cursor = it.value().shardIterator;
        for (;;) {
            auto r = e().getRecords({cursor, {}, {}}).value();
            for (auto &rec : r.records)
                out.push_back(rec.data);
            if (!r.nextShardIterator || r.records.empty())
                return r;
            cursor = *r.nextShardIterator;
        }
    }
};
} // namespace

class TestResharding : public QObject
{
    Q_OBJECT
  private Q_SLOTS:
    void splitLineageAndEndOfShard();
    void splitErrors_data();
    void splitErrors();
    void mergeLineage();
    void mergeErrors();
    void updateShardCount_data();
    void updateShardCount();
    void updateShardCountRules();
    void listShardsAcrossGenerations();
    void closedShardsExpireWithRetention();
    void restartInTheMiddleOfAReshard();
    void capacityModeSwitching();
    void aDamagedLayoutIsRefusedOnLoad();
    void randomReshardingAgainstAModel_data();
    void randomReshardingAgainstAModel();
};

void TestResharding::aDamagedLayoutIsRefusedOnLoad()
{
    Lab lab(3);
    // Damage the stored layout: shard 1's row now claims shard 2's range too (an overlap).
    auto state = lab.h.storage().load().value();
    WriteBatch b;
    for (auto row : state.shards)
        if (row.index == 1) {
            row.endHex = HashKey::max().toHex();
            b.upsertShards.push_back(row);
        }
    QVERIFY(lab.h.storage().commit(b));
    lab.h.restart();
    QVERIFY(lab.e().failure().has_value());
    // Named as what it is: the engine's own state broke an invariant, not the disk.
    QCOMPARE(lab.e().failure()->kind, EngineFailure::Kind::Invariant);
    QVERIFY(QString::fromStdString(lab.e().failure()->message)
                .contains(QStringLiteral("do not tile the hash-key space")));
    QVERIFY(!lab.putAt("0", "x")); // writes refused, reads still possible
    QVERIFY(lab.e().describeStreamSummary({"s", {}}));
}

void TestResharding::splitLineageAndEndOfShard()
{
    Lab lab(2);
    auto before = lab.putAt("0", "before");
    QVERIFY(lab.h.run([](Engine &e) {
        return e.splitShard(
            {{"s", {}}, "shardId-000000000000", "85070591730234615865843651857942052864"});
    }));
    QCOMPARE(lab.e().describeStreamSummary({"s", {}})->status, StreamStatus::Updating);
    // While UPDATING, writes and reads go on; the parent still takes its keys.
    auto during = lab.putAt("0", "during");
    QCOMPARE(during->shardId, std::string("shardId-000000000000"));
    lab.settle();
    QCOMPARE(lab.e().describeStreamSummary({"s", {}})->status, StreamStatus::Active);
    const auto shards = lab.list();
    QCOMPARE(shards.size(), size_t(4));
    const auto &parent = shards[0];
    QVERIFY(parent.endingSequenceNumber.has_value());
    QCOMPARE(shards[2].shardId, std::string("shardId-000000000002"));
    QCOMPARE(*shards[2].parentShardId, std::string("shardId-000000000000"));
    QVERIFY(!shards[2].adjacentParentShardId);
    QCOMPARE(shards[2].startingHashKey, HashKey());
    QCOMPARE(shards[2].endingHashKey.toDecimal(),
             std::string("85070591730234615865843651857942052863"));
    QCOMPARE(shards[3].startingHashKey.toDecimal(),
             std::string("85070591730234615865843651857942052864"));
    QCOMPARE(shards[3].endingHashKey, parent.endingHashKey);
    // Children's numbers are greater than every parent number, including its ending number.
    QVERIFY(seqLess(*parent.endingSequenceNumber, shards[2].startingSequenceNumber));
    auto after = lab.putAt("0", "after");
    QCOMPARE(after->shardId, std::string("shardId-000000000002"));
    QVERIFY(seqLess(during->sequenceNumber, after->sequenceNumber));
    QVERIFY(seqLess(before->sequenceNumber, during->sequenceNumber));
    // The parent reads to its end, then answers ChildShards and no NextShardIterator.
    std::vector<std::string> data;
    auto end = lab.readAll("shardId-000000000000", data);
    QCOMPARE(data, (std::vector<std::string>{"before", "during"}));
    QVERIFY(!end.nextShardIterator);
    QCOMPARE(end.childShards.size(), size_t(2));
    QCOMPARE(end.childShards[0].shardId, std::string("shardId-000000000002"));
    QCOMPARE(end.childShards[0].parentShards, std::vector<std::string>{"shardId-000000000000"});
    // LATEST on a closed shard yields that end response at once.
    auto latest = lab.e().getShardIterator(
        {{"s", {}}, "shardId-000000000000", ShardIteratorType::Latest, {}, {}});
    auto r = lab.e().getRecords({latest->shardIterator, {}, {}});
    QVERIFY(r->records.empty() && !r->nextShardIterator && r->childShards.size() == 2);
    QVERIFY(lab.e().checkInvariants().empty());
}

void TestResharding::splitErrors_data()
{
    QTest::addColumn<QString>("shard");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("error");
    QTest::newRow("key-at-start-plus-one")
        << "shardId-000000000000"
        << "1"
        << "InvalidArgumentException: NewStartingHashKey 1 used in SplitShard() on "
           "shard shardId-000000000000 in stream s under account 000000000000 is not "
           "both greater than one plus the shard's StartingHashKey 0 and less than "
           "the shard's EndingHashKey 170141183460469231731687303715884105727.";
    QTest::newRow("key-at-end")
        << "shardId-000000000000"
        << "170141183460469231731687303715884105727"
        << "InvalidArgumentException: NewStartingHashKey 170141183460469231731687303715884105727 "
           "used in SplitShard() on shard shardId-000000000000 in stream s under account "
           "000000000000 is not both greater than one plus the shard's StartingHashKey 0 and "
           "less than the shard's EndingHashKey 170141183460469231731687303715884105727.";
    QTest::newRow("malformed-key")
        << "shardId-000000000000"
        << "-5"
        << "ValidationException: 1 validation error detected: Value '-5' at "
           "'newStartingHashKey' failed to satisfy constraint: Member must satisfy regular "
           "expression pattern: 0|([1-9]\\d{0,38})";
    QTest::newRow("missing-shard")
        << "shardId-000000000009"
        << "5"
        << "ResourceNotFoundException: Could not find shard shardId-000000000009 in stream s "
           "under account 000000000000.";
}

void TestResharding::splitErrors()
{
    QFETCH(QString, shard);
    QFETCH(QString, key);
    QFETCH(QString, error);
    Lab lab(2);
    auto r = lab.h.run([&](Engine &e) {
        return e.splitShard({{"s", {}}, shard.toStdString(), key.toStdString()});
    });
    QVERIFY(!r);
    QCOMPARE(text(r.error()), error);
    QCOMPARE(lab.e().describeStreamSummary({"s", {}})->status, StreamStatus::Active);
}

void TestResharding::mergeLineage()
{
    Lab lab(3);
    QVERIFY(lab.h.run([](Engine &e) {
        return e.mergeShards({{"s", {}}, "shardId-000000000002", "shardId-000000000001"});
    }));
    lab.settle();
    const auto open = lab.list(ShardFilter{ShardFilterType::AtLatest, {}, {}});
    QCOMPARE(open.size(), size_t(2));
    const auto &child = open[1];
    QCOMPARE(child.shardId, std::string("shardId-000000000003"));
    QCOMPARE(*child.parentShardId, std::string("shardId-000000000002"));
    QCOMPARE(*child.adjacentParentShardId, std::string("shardId-000000000001"));
    QCOMPARE(child.startingHashKey, open[0].endingHashKey.plusOne());
    QCOMPARE(child.endingHashKey.toDecimal(), kMax);
    std::vector<std::string> data;
    auto end = lab.readAll("shardId-000000000001", data);
    QCOMPARE(end.childShards.size(), size_t(1));
    QCOMPARE(end.childShards[0].parentShards,
             (std::vector<std::string>{"shardId-000000000002", "shardId-000000000001"}));
    QVERIFY(lab.e().checkInvariants().empty());
}

void TestResharding::mergeErrors()
{
    Lab lab(3);
    auto notAdjacent = lab.h.run([](Engine &e) {
        return e.mergeShards({{"s", {}}, "shardId-000000000000", "shardId-000000000002"});
    });
    QCOMPARE(
        text(notAdjacent.error()),
        QStringLiteral(
            "InvalidArgumentException: Shards shardId-000000000000 and shardId-000000000002 in "
            "stream s "
            "under account 000000000000 are not an adjacent pair of shards eligible for merging"));
    QVERIFY(lab.h.run([](Engine &e) {
        return e.mergeShards({{"s", {}}, "shardId-000000000000", "shardId-000000000001"});
    }));
    auto busy = lab.h.run([](Engine &e) {
        return e.splitShard(
            {{"s", {}}, "shardId-000000000002", "300000000000000000000000000000000000000"});
    });
    QCOMPARE(text(busy.error()),
             QStringLiteral("ResourceInUseException: Stream s under account 000000000000 not "
                            "ACTIVE, instead in state UPDATING"));
    lab.settle();
    auto closed = lab.h.run([](Engine &e) {
        return e.mergeShards({{"s", {}}, "shardId-000000000000", "shardId-000000000003"});
    });
    QCOMPARE(
        text(closed.error()),
        QStringLiteral("InvalidArgumentException: Shard shardId-000000000000 in stream s under "
                       "account 000000000000 "
                       "has already been merged or split, and thus is not eligible for merging."));
}

void TestResharding::updateShardCount_data()
{
    QTest::addColumn<int>("from");
    QTest::addColumn<int>("to");
    QTest::addColumn<int>("created"); // shards created, intermediate ones included
    QTest::newRow("4-to-8") << 4 << 8 << 8;
    QTest::newRow("8-to-4") << 8 << 4 << 4;
    // 3 -> 5: four splits (one shard holds two cuts) and two merges; 5 -> 3: two splits, four
    // merges.
    QTest::newRow("3-to-5") << 3 << 5 << 10;
    QTest::newRow("5-to-3") << 5 << 3 << 8;
    QTest::newRow("1-to-2") << 1 << 2 << 2;
    QTest::newRow("64-to-128") << 64 << 128 << 128;
}

void TestResharding::updateShardCount()
{
    QFETCH(int, from);
    QFETCH(int, to);
    QFETCH(int, created);
    Lab lab(from);
    for (int i = 0; i < 50; ++i)
        QVERIFY(lab.h.run([&](Engine &e) {
            return e.putRecord({{"s", {}}, std::to_string(i), "pk" + std::to_string(i), {}, {}});
        }));
    auto r = lab.h.run([&](Engine &e) {
        return e.updateShardCount({{"s", {}}, to, "UNIFORM_SCALING"});
    });
    QVERIFY2(r, r ? "" : r.error().toString().c_str());
    QCOMPARE(r->currentShardCount, from);
    QCOMPARE(r->targetShardCount, to);
    lab.settle();
    auto open = lab.list(ShardFilter{ShardFilterType::AtLatest, {}, {}});
    std::sort(open.begin(), open.end(), [](const ShardDescription &a, const ShardDescription &b) {
        return a.startingHashKey < b.startingHashKey;
    });
    const auto uniform = HashKeyRange::uniformSplit(std::uint32_t(to));
    QCOMPARE(open.size(), size_t(to));
    for (int i = 0; i < to; ++i) {
        QCOMPARE(open[size_t(i)].startingHashKey, uniform[size_t(i)].start);
        QCOMPARE(open[size_t(i)].endingHashKey, uniform[size_t(i)].end);
    }
    QCOMPARE(int(lab.list().size()) - from, created);
    QVERIFY2(lab.e().checkInvariants().empty(), lab.e().checkInvariants().c_str());
    // Every record is still readable, parents first.
    std::vector<std::string> all;
    for (const auto &sh : lab.list()) {
        std::vector<std::string> part;
        lab.readAll(sh.shardId, part);
        all.insert(all.end(), part.begin(), part.end());
    }
    QCOMPARE(int(all.size()), 50);
}

void TestResharding::updateShardCountRules()
{
    Lab lab(4);
    auto up = lab.h.run([](Engine &e) {
        return e.updateShardCount({{"s", {}}, 9, "UNIFORM_SCALING"});
    });
    QCOMPARE(QString::fromUtf8(up.error().name().data()), QStringLiteral("LimitExceededException"));
    QVERIFY(
        QString::fromStdString(up.error().message).contains(QStringLiteral("more than double")));
    auto down = lab.h.run([](Engine &e) {
        return e.updateShardCount({{"s", {}}, 1, "UNIFORM_SCALING"});
    });
    QVERIFY(
        QString::fromStdString(down.error().message).contains(QStringLiteral("less than half")));
    auto type = lab.h.run([](Engine &e) {
        return e.updateShardCount({{"s", {}}, 5, "PROPORTIONAL"});
    });
    QCOMPARE(
        text(type.error()),
        QStringLiteral("ValidationException: 1 validation error detected: Value 'PROPORTIONAL' at "
                       "'scalingType' failed to satisfy constraint: Member must satisfy enum value "
                       "set: [UNIFORM_SCALING]"));
    for (int i = 0; i < 10; ++i) {
        QVERIFY(lab.h.run([&](Engine &e) {
            return e.updateShardCount({{"s", {}}, i % 2 ? 4 : 5, "UNIFORM_SCALING"});
        }));
        lab.settle();
        lab.h.advance(60'000);
    }
    auto eleventh = lab.h.run([](Engine &e) {
        return e.updateShardCount({{"s", {}}, 5, "UNIFORM_SCALING"});
    });
    QVERIFY(QString::fromStdString(eleventh.error().message)
                .contains(QStringLiteral("10 times in the last 24 hours")));
    lab.h.advance(24 * 3600'000);
    QVERIFY(lab.h.run([](Engine &e) {
        return e.updateShardCount({{"s", {}}, 5, "UNIFORM_SCALING"});
    }));
}

void TestResharding::listShardsAcrossGenerations()
{
    Lab lab(2);
    const auto created = lab.h.clock().nowMs();
    lab.h.advance(60'000);
    QVERIFY(lab.h.run([](Engine &e) {
        return e.splitShard(
            {{"s", {}}, "shardId-000000000001", "255211775190703847597530955573826158592"});
    }));
    lab.settle();
    const auto splitAt = lab.h.clock().nowMs();
    auto ids = [](const std::vector<ShardDescription> &v) {
        std::vector<std::string> out;
        for (auto &s : v)
            out.push_back(s.shardId.substr(s.shardId.size() - 1));
        return out;
    };
    QCOMPARE(ids(lab.list()), (std::vector<std::string>{"0", "1", "2", "3"}));
    QCOMPARE(ids(lab.list(ShardFilter{ShardFilterType::AtLatest, {}, {}})),
             (std::vector<std::string>{"0", "2", "3"}));
    QCOMPARE(ids(lab.list(ShardFilter{ShardFilterType::AtTrimHorizon, {}, {}})),
             (std::vector<std::string>{"0", "1"}));
    QCOMPARE(ids(lab.list(ShardFilter{ShardFilterType::AtTimestamp, {}, created + 1000})),
             (std::vector<std::string>{"0", "1"}));
    QCOMPARE(ids(lab.list(ShardFilter{ShardFilterType::AtTimestamp, {}, splitAt + 1})),
             (std::vector<std::string>{"0", "2", "3"}));
    QCOMPARE(ids(lab.list(ShardFilter{ShardFilterType::FromTimestamp, {}, splitAt + 1})),
             (std::vector<std::string>{"0", "2", "3"}));
    QCOMPARE(ids(lab.list(ShardFilter{ShardFilterType::FromTimestamp, {}, created})),
             (std::vector<std::string>{"0", "1", "2", "3"}));
    QCOMPARE(ids(lab.list(ShardFilter{
                 ShardFilterType::AfterShardId, std::string("shardId-000000000001"), {}})),
             (std::vector<std::string>{"2", "3"}));
}

void TestResharding::closedShardsExpireWithRetention()
{
    Lab lab(1);
    QVERIFY(lab.putAt("0", "old"));
    QVERIFY(lab.h.run([](Engine &e) {
        return e.splitShard({{"s", {}}, "shardId-000000000000", kHalf});
    }));
    lab.settle();
    QCOMPARE(lab.list().size(), size_t(3));
    lab.h.advance(24 * 3600'000 - 1000);
    QCOMPARE(lab.list().size(), size_t(3)); // the parent is readable until retention expires it
    lab.h.advance(2000);
    const auto shards = lab.list();
    QCOMPARE(shards.size(), size_t(2));
    QCOMPARE(*shards[0].parentShardId,
             std::string("shardId-000000000000")); // children still name it
    QCOMPARE(lab.h.storage().recordCount(), size_t(0));
    auto gone = lab.e().getShardIterator(
        {{"s", {}}, "shardId-000000000000", ShardIteratorType::TrimHorizon, {}, {}});
    QCOMPARE(QString::fromUtf8(gone.error().name().data()),
             QStringLiteral("ResourceNotFoundException"));
    QVERIFY(lab.e().checkInvariants().empty());
}

void TestResharding::restartInTheMiddleOfAReshard()
{
    Lab lab(4);
    QVERIFY(lab.h.run([](Engine &e) {
        return e.updateShardCount({{"s", {}}, 6, "UNIFORM_SCALING"});
    }));
    lab.h.restart(); // the engine stops while the stream is UPDATING
    auto s = lab.e().describeStreamSummary({"s", {}});
    QCOMPARE(s->status, StreamStatus::Updating);
    QCOMPARE(QString::fromStdString(lab.e().snapshot().streams[0].pendingOperation),
             QStringLiteral("UpdateShardCount to 6"));
    lab.settle();
    QCOMPARE(lab.e().describeStreamSummary({"s", {}})->openShardCount, 6);
    QVERIFY(lab.e().checkInvariants().empty());
    lab.h.restart();
    QCOMPARE(lab.list(ShardFilter{ShardFilterType::AtLatest, {}, {}}).size(), size_t(6));
    QVERIFY(lab.e().checkInvariants().empty());
    auto later = lab.putAt(kMax, "x");
    for (const auto &sh : lab.list(ShardFilter{ShardFilterType::AtLatest, {}, {}}))
        if (sh.endingHashKey == HashKey::max())
            QCOMPARE(later->shardId, sh.shardId);
}

void TestResharding::capacityModeSwitching()
{
    Lab lab(2);
    QVERIFY(lab.h.run([](Engine &e) {
        return e.updateStreamMode({{"s", {}}, StreamMode::OnDemand});
    }));
    QCOMPARE(lab.e().describeStreamSummary({"s", {}})->status, StreamStatus::Updating);
    lab.settle();
    QCOMPARE(lab.e().describeStreamSummary({"s", {}})->mode, StreamMode::OnDemand);
    auto split = lab.h.run([](Engine &e) {
        return e.splitShard({{"s", {}}, "shardId-000000000000", "5"});
    });
    QCOMPARE(text(split.error()), QStringLiteral("ValidationException: Specifies that you tried to "
                                                 "invoke this API for a data stream with the "
                                                 "on-demand capacity mode. This API is only "
                                                 "supported for data streams with the provisioned "
                                                 "capacity mode."));
    QCOMPARE(QString::fromUtf8(lab.h
                                   .run([](Engine &e) {
                                       return e.updateShardCount({{"s", {}}, 3, "UNIFORM_SCALING"});
                                   })
                                   .error()
                                   .name()
                                   .data()),
             QStringLiteral("ValidationException"));
    auto merge = lab.h.run([](Engine &e) {
        return e.mergeShards({{"s", {}}, "shardId-000000000000", "shardId-000000000001"});
    });
    QCOMPARE(text(merge.error()), text(split.error()));
    auto same = lab.h.run([](Engine &e) {
        return e.updateStreamMode({{"s", {}}, StreamMode::OnDemand});
    });
    QCOMPARE(QString::fromUtf8(same.error().name().data()),
             QStringLiteral("InvalidArgumentException"));
    QVERIFY(lab.h.run([](Engine &e) {
        return e.updateStreamMode({{"s", {}}, StreamMode::Provisioned});
    }));
    lab.settle();
    auto third = lab.h.run([](Engine &e) {
        return e.updateStreamMode({{"s", {}}, StreamMode::OnDemand});
    });
    QCOMPARE(QString::fromUtf8(third.error().name().data()),
             QStringLiteral("LimitExceededException"));
    QVERIFY(QString::fromStdString(third.error().message)
                .contains(QStringLiteral("twice in the last 24 hours")));
    lab.h.advance(24 * 3600'000);
    QVERIFY(lab.h.run([](Engine &e) {
        return e.updateStreamMode({{"s", {}}, StreamMode::OnDemand});
    }));
}

namespace {
__extension__ typedef unsigned __int128 u128;
u128 toU(const HashKey &k)
{
    return (u128(k.hi()) << 64) | k.lo();
}
HashKey fromU(u128 v)
{
    return HashKey(std::uint64_t(v >> 64), std::uint64_t(v));
}
struct ModelShard
{
    std::string id;
    u128 start;
    u128 end;
};
} // namespace

void TestResharding::randomReshardingAgainstAModel_data()
{
    QTest::addColumn<int>("seed");
    for (int seed : {1, 2, 3, 4})
        QTest::newRow(qPrintable(QStringLiteral("seed-%1").arg(seed))) << seed;
}

// Random splits, merges and shard-count updates, each checked against a simple model of the
// open shards (u128 ranges): tiling, shard ids from the next free index, lineage, routing of
// explicit hash keys (to the old layout while UPDATING, the new one after), sequence numbers
// increasing within a shard and above every parent's, and every record read back from its shard.
void TestResharding::randomReshardingAgainstAModel()
{
    QFETCH(int, seed);
    std::mt19937_64 rng(std::uint64_t(seed) * 7919u);
    Lab lab(3);
    std::vector<ModelShard> open;
    for (const auto &sh : lab.list())
        open.push_back({sh.shardId, toU(sh.startingHashKey), toU(sh.endingHashKey)});
    std::uint32_t nextIndex = 3;
    std::map<std::string, std::vector<std::pair<std::string, std::string>>>
        written; // shard -> (seq, data)
    int counter = 0;
    auto putSome = [&](int n) {
        for (int i = 0; i < n; ++i) {
            u128 h = (u128(rng()) << 64) | rng();
            if (i % 3 == 1) { // the edges of a shard are where routing goes wrong
                const auto &sh = open[rng() % open.size()];
                h = (rng() % 2) ? sh.start : sh.end;
            }
            const auto owner = std::find_if(open.begin(), open.end(), [h](const ModelShard &m) {
                return m.start <= h && h <= m.end;
            });
            QVERIFY(owner != open.end());
            const std::string data = "r" + std::to_string(++counter);
            auto r = lab.putAt(fromU(h).toDecimal(), data);
            QVERIFY2(r, r ? "" : r.error().toString().c_str());
            QCOMPARE(r->shardId, owner->id);
            auto &w = written[r->shardId];
            if (!w.empty())
                QVERIFY(seqLess(w.back().first, r->sequenceNumber));
            w.emplace_back(r->sequenceNumber, data);
        }
    };
    auto sortOpen = [&] {
        std::sort(open.begin(), open.end(),
                  [](const ModelShard &a, const ModelShard &b) { return a.start < b.start; });
    };
    int updates = 0, splits = 0, merges = 0;
    for (int step = 0; step < 120; ++step) {
        putSome(4);
        const int op = int(rng() % 10);
        std::vector<ModelShard> after = open;
        std::map<std::string, std::pair<std::string, std::string>>
            parents; // new shard -> (parent, adjacent)
        bool scaled = false;
        if (op < 5) {
            const std::size_t i = rng() % open.size();
            const ModelShard victim = open[i];
            if (victim.end - victim.start < 3)
                continue;
            // AWS: greater than one plus the shard's StartingHashKey, less than its EndingHashKey.
            const u128 key = victim.start + 2 + u128(rng()) % (victim.end - victim.start - 2);
            auto r = lab.h.run([&](Engine &e) {
                return e.splitShard({{"s", {}}, victim.id, fromU(key).toDecimal()});
            });
            QVERIFY2(r, r ? "" : r.error().toString().c_str());
            after.erase(after.begin() + std::ptrdiff_t(i));
            after.push_back({formatShardId(nextIndex), victim.start, key - 1});
            after.push_back({formatShardId(nextIndex + 1), key, victim.end});
            parents[formatShardId(nextIndex)] = {victim.id, ""};
            parents[formatShardId(nextIndex + 1)] = {victim.id, ""};
            nextIndex += 2;
            ++splits;
        } else if (op < 9 || updates >= 8) {
            if (open.size() < 2)
                continue;
            const std::size_t i = rng() % (open.size() - 1);
            const bool leftFirst = rng() % 2;
            const ModelShard &a = open[i];
            const ModelShard &b = open[i + 1];
            const std::string toMerge = leftFirst ? a.id : b.id;
            const std::string adjacent = leftFirst ? b.id : a.id;
            auto r = lab.h.run([&](Engine &e) {
                return e.mergeShards({{"s", {}}, toMerge, adjacent});
            });
            QVERIFY2(r, r ? "" : r.error().toString().c_str());
            const ModelShard merged{formatShardId(nextIndex), a.start, b.end};
            after.erase(after.begin() + std::ptrdiff_t(i), after.begin() + std::ptrdiff_t(i) + 2);
            after.push_back(merged);
            parents[merged.id] = {toMerge, adjacent};
            nextIndex += 1;
            ++merges;
        } else {
            const int n = int(open.size());
            const int lo = (n + 1) / 2;
            const int hi = std::min(2 * n, 24);
            int target = lo + int(rng() % std::uint64_t(hi - lo + 1));
            if (target == n)
                target = n == 1 ? 2 : n - 1;
            auto r = lab.h.run([&](Engine &e) {
                return e.updateShardCount({{"s", {}}, target, "UNIFORM_SCALING"});
            });
            QVERIFY2(r, r ? "" : r.error().toString().c_str());
            ++updates;
            scaled = true;
            after.clear();
            for (const auto &range : HashKeyRange::uniformSplit(std::uint32_t(target)))
                after.push_back({"", toU(range.start), toU(range.end)});
        }
        // UPDATING: another change is refused, and the old layout still takes the keys.
        const u128 mid = open[0].start + (open[0].end - open[0].start) / 2;
        auto busy = lab.h.run([&](Engine &e) {
            return e.splitShard({{"s", {}}, open[0].id, fromU(mid).toDecimal()});
        });
        QVERIFY(!busy);
        QCOMPARE(QString::fromUtf8(busy.error().name().data()),
                 QStringLiteral("ResourceInUseException"));
        putSome(2);
        lab.settle();
        QCOMPARE(lab.e().describeStreamSummary({"s", {}})->status, StreamStatus::Active);
        // The engine's open shards are the model's: same ranges, and (split/merge) same ids.
        auto listed = lab.list(ShardFilter{ShardFilterType::AtLatest, {}, {}});
        std::sort(listed.begin(), listed.end(),
                  [](const ShardDescription &x, const ShardDescription &y) {
                      return x.startingHashKey < y.startingHashKey;
                  });
        open = after;
        sortOpen();
        QCOMPARE(listed.size(), open.size());
        u128 expectStart = 0;
        for (std::size_t k = 0; k < open.size(); ++k) {
            QCOMPARE(toU(listed[k].startingHashKey), open[k].start);
            QCOMPARE(toU(listed[k].endingHashKey), open[k].end);
            QCOMPARE(open[k].start, expectStart); // the model tiles, so the engine does
            expectStart = open[k].end + 1;
            if (open[k].id.empty())
                open[k].id = listed[k].shardId;
            QCOMPARE(listed[k].shardId, open[k].id);
            if (auto p = parents.find(listed[k].shardId); p != parents.end()) {
                QCOMPARE(listed[k].parentShardId.value_or(""), p->second.first);
                QCOMPARE(listed[k].adjacentParentShardId.value_or(""), p->second.second);
            }
        }
        QCOMPARE(open.back().end, ~u128(0));
        if (scaled) { // the next free index follows whatever UpdateShardCount created
            nextIndex = 0;
            for (const auto &sh : lab.list())
                nextIndex
                    = std::max(nextIndex, std::uint32_t(std::stoul(sh.shardId.substr(8))) + 1);
        }
        QVERIFY2(lab.e().checkInvariants().empty(), lab.e().checkInvariants().c_str());
    }
    putSome(8);
    QVERIFY2(splits >= 20 && merges >= 20 && updates >= 3,
             qPrintable(QStringLiteral("%1 splits, %2 merges, %3 updates")
                            .arg(splits)
                            .arg(merges)
                            .arg(updates)));

    // Lineage of every shard ever: a split child lies inside its parent, a merge child is exactly
    // its two neighbouring parents; parents are closed and every child number is above theirs.
    const auto all = lab.list();
    std::map<std::string, ShardDescription> byId;
    for (const auto &sh : all)
        byId[sh.shardId] = sh;
    for (const auto &sh : all) {
        if (!sh.parentShardId)
            continue;
        const auto &parent = byId.at(*sh.parentShardId);
        QVERIFY(parent.endingSequenceNumber.has_value());
        QVERIFY(seqLess(*parent.endingSequenceNumber, sh.startingSequenceNumber));
        if (sh.adjacentParentShardId) {
            const auto &adj = byId.at(*sh.adjacentParentShardId);
            QVERIFY(adj.endingSequenceNumber.has_value());
            QVERIFY(seqLess(*adj.endingSequenceNumber, sh.startingSequenceNumber));
            const auto lo = std::min(parent.startingHashKey, adj.startingHashKey);
            const auto hi = std::max(parent.endingHashKey, adj.endingHashKey);
            QCOMPARE(sh.startingHashKey, lo);
            QCOMPARE(sh.endingHashKey, hi);
            QVERIFY(toU(std::min(parent.endingHashKey, adj.endingHashKey)) + 1
                    == toU(std::max(parent.startingHashKey, adj.startingHashKey)));
        } else {
            QVERIFY(parent.startingHashKey <= sh.startingHashKey
                    && sh.endingHashKey <= parent.endingHashKey);
        }
        for (const auto &[seq, data] : written[sh.shardId])
            QVERIFY(seqLess(*parent.endingSequenceNumber, seq));
    }
    // Every record is in the shard that owned its key when it was written, in order, once.
    for (const auto &sh : all) {
        auto it = lab.e().getShardIterator(
            {{"s", {}}, sh.shardId, ShardIteratorType::TrimHorizon, {}, {}});
        QVERIFY(it);
        std::string cursor = it->shardIterator;
        std::vector<std::pair<std::string, std::string>> read;
        for (;;) {
            auto r = lab.e().getRecords({cursor, {}, {}}).value();
            for (auto &rec : r.records)
                read.emplace_back(rec.sequenceNumber, rec.data);
            if (!r.nextShardIterator) {
                QCOMPARE(r.childShards.empty(), !sh.endingSequenceNumber.has_value());
                break;
            }
            if (r.records.empty())
                break;
            cursor = *r.nextShardIterator;
        }
        QCOMPARE(read, written[sh.shardId]);
    }
}

QTEST_APPLESS_MAIN(TestResharding)
#include "tst_resharding.moc"
