// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
// ShardFollower, the one shard-following reader (tail and the Consume tab): lineage across a
// split and a merge (a merged child waits for both parents), each record once, caught-up and
// ended signals, and refusals that name what was being done.
#include "embedded_backend.h"
#include "service/shard_follower.h"

#include <QSignalSpy>
#include <QtTest>

using namespace shs;
using namespace shs::core;

class TestShardFollower : public QObject
{
    Q_OBJECT
  private Q_SLOTS:
    void init();
    void cleanup();
    void mergedChildWaitsForBothParents();
    void followsASplitAndEndsAClosedShard();
    void caughtUpAtTheTipAndLatestSeesOnlyNewRecords();
    void refusalsNameTheCall();
    void fanOutFollowsLineageAsAConsumer();
    void fanOutRefusalsNameTheConsumer();

  private:
    void create(const std::string &name, int shards);
    void put(const std::string &stream, const std::string &key, const std::string &hashKey,
             int count);
    void control(std::function<Result<void>(Engine &)> job);
    std::string registerConsumer(const std::string &stream, const std::string &name);
    test::EmbeddedBackend m_engine;
};

void TestShardFollower::init()
{
    EngineConfig cfg;
    cfg.createDelayMs = 0;
    cfg.updateDelayMs = 0;
    cfg.limits = LimitsProfile::off();
    QVERIFY(m_engine.start(cfg));
}

void TestShardFollower::cleanup()
{
    m_engine.stop();
}

void TestShardFollower::control(std::function<Result<void>(Engine &)> job)
{
    m_engine.clock->advance(1000); // each change a second after what came before, as in real time
    auto r = m_engine.host->call<void>([job](Engine &e) -> Result<void> {
        auto out = job(e);
        e.tick(); // CREATING/UPDATING -> ACTIVE (the delays are 0)
        return out;
    });
    QVERIFY2(r, r ? "" : r.error().message.c_str());
}

void TestShardFollower::create(const std::string &name, int shards)
{
    CreateStreamRequest c;
    c.streamName = name;
    c.shardCount = shards;
    control([c](Engine &e) { return e.createStream(c); });
}

void TestShardFollower::put(const std::string &stream, const std::string &key,
                            const std::string &hashKey, int count)
{
    for (int i = 0; i < count; ++i) {
        auto r = m_engine.host->call<PutRecordResult>([=](Engine &e) {
            return e.putRecord(
                {{stream, {}}, key + "-" + std::to_string(i), key, hashKey, std::nullopt});
        });
        QVERIFY(r);
    }
}

std::string TestShardFollower::registerConsumer(const std::string &stream, const std::string &name)
{
    m_engine.clock->advance(1000);
    auto r = m_engine.host->call<Consumer>([=](Engine &e) -> Result<Consumer> {
        auto summary = e.describeStreamSummary({stream, {}});
        if (!summary)
            return summary.error();
        RegisterStreamConsumerRequest req;
        req.streamArn = summary->streamArn;
        req.consumerName = name;
        auto c = e.registerStreamConsumer(req);
        e.tick(); // CREATING -> ACTIVE (the delay is 0)
        return c;
    });
    if (!r)
        qWarning("%s", r.error().message.c_str());
    return r ? r->consumerArn : std::string();
}

namespace {
const std::string kLow = "1";                                        // shard 0 of two
const std::string kHigh = "300000000000000000000000000000000000000"; // shard 1 of two

struct Collected
{
    std::vector<std::pair<std::string, std::string>> records; // (shard, data) in arrival order
};

void collect(service::ShardFollower &f, Collected &c)
{
    QObject::connect(&f, &service::ShardFollower::recordsArrived,
                     [&c](const std::string &shard, const std::vector<Record> &records) {
                         for (const auto &r : records)
                             c.records.emplace_back(shard, r.data);
                     });
}

/// A follower started with `options`, what it delivered, and its caught-up and ended signals.
struct Reading
{
    Reading(service::StreamBackend &backend, const service::ShardFollower::Options &options)
        : follower(backend, options), caughtUp(&follower, &service::ShardFollower::caughtUp),
          ended(&follower, &service::ShardFollower::ended)
    {
        collect(follower, got);
        follower.start();
    }
    service::ShardFollower follower;
    Collected got;
    QSignalSpy caughtUp;
    QSignalSpy ended;
};
} // namespace

void TestShardFollower::mergedChildWaitsForBothParents()
{
    create("m", 2);
    put("m", "low", kLow, 1);   // shard 0: one record
    put("m", "high", kHigh, 3); // shard 1: three
    control([](Engine &e) {
        return e.mergeShards({{"m", {}}, "shardId-000000000000", "shardId-000000000001"});
    });
    put("m", "low", kLow, 2); // both keys now go to the child, shardId-000000000002
    put("m", "high", kHigh, 2);

    service::ShardFollower::Options o;
    o.stream = "m";
    o.live = false;
    o.limit = 1; // one record per call: shard 0 ends long before shard 1
    service::ShardFollower f(*m_engine.backend, o);
    Collected got;
    collect(f, got);
    QSignalSpy ended(&f, &service::ShardFollower::ended);
    f.start();
    QTRY_VERIFY(f.counts().shardsReading == 2 && f.callsInFlight() == 0);
    for (int round = 0; round < 2; ++round) { // shard 0: its record, then its end
        f.readRound();
        QTRY_VERIFY(f.callsInFlight() == 0);
    }
    QCOMPARE(f.counts().shardsFinished, 1);
    QCOMPARE(f.counts().shardsReading, 1); // the child waits for shard 1
    for (int round = 0; round < 20 && ended.isEmpty(); ++round) {
        f.readRound();
        QTRY_VERIFY(f.callsInFlight() == 0);
    }
    QCOMPARE(ended.count(), 0); // the child is open: it never ends
    QCOMPARE(f.counts().shardsFinished, 2);
    QCOMPARE(f.counts().shardsReading, 1);
    QCOMPARE(got.records.size(), std::size_t(8)); // each record once
    // Every parent record before any child record; a key's records in the order written.
    std::size_t firstChild = got.records.size(), lastParent = 0;
    for (std::size_t i = 0; i < got.records.size(); ++i) {
        if (got.records[i].first == "shardId-000000000002")
            firstChild = std::min(firstChild, i);
        else
            lastParent = i;
    }
    QVERIFY(lastParent < firstChild);
    std::vector<std::string> high;
    for (const auto &[shard, data] : got.records)
        if (data.rfind("high", 0) == 0)
            high.push_back(data);
    QCOMPARE(high, (std::vector<std::string>{"high-0", "high-1", "high-2", "high-0", "high-1"}));
}

void TestShardFollower::followsASplitAndEndsAClosedShard()
{
    create("s", 1);
    put("s", "a", kLow, 3);
    control([](Engine &e) {
        return e.splitShard(
            {{"s", {}}, "shardId-000000000000", "170141183460469231731687303715884105728"});
    });
    put("s", "a", kLow, 2);
    put("s", "b", kHigh, 2);
    service::ShardFollower::Options o;
    o.stream = "s";
    o.eager = true;
    o.pollMs = 10;
    Reading all(*m_engine.backend, o);
    QTRY_VERIFY(!all.caughtUp.isEmpty());
    QCOMPARE(all.got.records.size(), std::size_t(7));
    QCOMPARE(all.follower.counts().shardsFinished, 1);
    QCOMPARE(all.follower.counts().shardsReading, 2);
    all.follower.stop();
    QVERIFY(!all.follower.running());

    // One shard is read alone, children not followed: a closed shard read to its end ends it.
    o.shardId = "shardId-000000000000";
    Reading one(*m_engine.backend, o);
    QTRY_COMPARE(one.ended.count(), 1);
    QCOMPARE(one.got.records.size(), std::size_t(3));
    QCOMPARE(one.follower.counts().shardsFinished, 1);
    // Its last call: the closed shard's end names no next iterator.
    QVERIFY(one.follower.lastCall());
    QCOMPARE(one.follower.lastCall()->shardId, std::string("shardId-000000000000"));
    QVERIFY(!one.follower.lastCall()->shardIterator.empty());
    QVERIFY(one.follower.lastCall()->nextShardIterator.empty());
    QCOMPARE(one.follower.counts().shardsReading, 0);
}

void TestShardFollower::caughtUpAtTheTipAndLatestSeesOnlyNewRecords()
{
    create("l", 2);
    put("l", "old", kLow, 3);
    service::ShardFollower::Options o;
    o.stream = "l";
    o.type = ShardIteratorType::Latest;
    o.pollMs = 10;
    Reading latest(*m_engine.backend, o);
    QTRY_VERIFY(!latest.caughtUp.isEmpty());
    QVERIFY(latest.got.records.empty());
    put("l", "new", kHigh, 2);
    QTRY_COMPARE(latest.got.records.size(), std::size_t(2));
    QCOMPARE(latest.got.records[0],
             (std::pair<std::string, std::string>{"shardId-000000000001", "new-0"}));
}

void TestShardFollower::refusalsNameTheCall()
{
    service::ShardFollower::Options o;
    o.stream = "absent";
    service::ShardFollower f(*m_engine.backend, o);
    QSignalSpy failed(&f, &service::ShardFollower::failed);
    f.start();
    QTRY_COMPARE(failed.count(), 1);
    QVERIFY(!f.running());
    QCOMPARE(f.failure()->operation, std::string("ListShards"));
    QCOMPARE(f.failure()->error.code, ErrorCode::ResourceNotFound);
    QCOMPARE(f.failure()->action, QStringLiteral("list the shards of 'absent'"));

    o.stream = "x";
    o.type = ShardIteratorType::AfterSequenceNumber;
    service::ShardFollower bySequence(*m_engine.backend, o);
    bySequence.start();
    QVERIFY(!bySequence.running());
    QVERIFY(bySequence.failure()->action.contains(QStringLiteral("across all shards")));
    QVERIFY(bySequence.failure()->operation.empty());
}

void TestShardFollower::fanOutFollowsLineageAsAConsumer()
{
    // The Consume tab reading by SubscribeToShard: across a split, each record once, parents
    // before children, then records pushed as they are written.
    create("f", 1);
    put("f", "a", kLow, 3);
    control([](Engine &e) {
        return e.splitShard(
            {{"f", {}}, "shardId-000000000000", "170141183460469231731687303715884105728"});
    });
    put("f", "a", kLow, 2);
    put("f", "b", kHigh, 2);
    const std::string arn = registerConsumer("f", "tab");
    QVERIFY(!arn.empty());
    service::ShardFollower::Options o;
    o.stream = "f";
    o.consumerArn = arn;
    Reading all(*m_engine.backend, o);
    QTRY_COMPARE(all.got.records.size(), std::size_t(7));
    QTRY_COMPARE(all.follower.counts().shardsReading, 2);
    QCOMPARE(all.follower.counts().shardsFinished, 1);
    QCOMPARE(all.follower.subscriptions(), 2);
    QCOMPARE(all.follower.counts().calls, 3); // one SubscribeToShard per shard
    QVERIFY(all.follower.counts().events >= 3);
    for (std::size_t i = 0; i < 3; ++i)
        QCOMPARE(all.got.records[i].first, std::string("shardId-000000000000"));
    put("f", "c", kHigh, 4); // pushed, not polled: no further call
    QTRY_COMPARE(all.got.records.size(), std::size_t(11));
    QCOMPARE(all.got.records.back(),
             (std::pair<std::string, std::string>{"shardId-000000000002", "c-3"}));
    QCOMPARE(all.follower.counts().calls, 3);
    all.follower.stop();
    QCOMPARE(all.follower.subscriptions(), 0);

    // The subscription's 5 minutes end: it subscribes again after the last continuation, so
    // nothing is read twice or missed.
    m_engine.clock->advance(6000); // past the one-subscription-per-5-s rule
    o.shardId = "shardId-000000000002";
    o.type = ShardIteratorType::TrimHorizon;
    Reading one(*m_engine.backend, o);
    QTRY_COMPARE(one.got.records.size(), std::size_t(6));
    m_engine.clock->advance(5 * 60 * 1000 + 1000);
    QTRY_COMPARE(one.follower.counts().calls, 2);
    QTRY_COMPARE(one.follower.subscriptions(), 1);
    put("f", "d", kHigh, 1);
    QTRY_COMPARE(one.got.records.size(), std::size_t(7));
    QCOMPARE(one.got.records.back().second, std::string("d-0"));
    QVERIFY(one.follower.running());
}

void TestShardFollower::fanOutRefusalsNameTheConsumer()
{
    create("g", 1);
    const std::string arn = registerConsumer("g", "tab");
    service::ShardFollower::Options o;
    o.stream = "g";
    o.consumerArn = arn;
    Reading first(*m_engine.backend, o);
    QTRY_COMPARE(first.follower.subscriptions(), 1);
    QTRY_COMPARE(first.follower.counts().shardsReading, 1);
    // A second reader as the same consumer within 5 s: ResourceInUseException, named.
    service::ShardFollower second(*m_engine.backend, o);
    QSignalSpy failed(&second, &service::ShardFollower::failed);
    second.start();
    QTRY_COMPARE(failed.count(), 1);
    QCOMPARE(second.failure()->operation, std::string("SubscribeToShard"));
    QCOMPARE(second.failure()->error.code, ErrorCode::ResourceInUse);
    QVERIFY(second.failure()->action.contains(QString::fromStdString(arn)));
    // Page by page makes no sense for pushed events: refused before any call.
    o.live = false;
    service::ShardFollower paged(*m_engine.backend, o);
    paged.start();
    QVERIFY(!paged.running());
    QVERIFY(paged.failure()->action.contains(QStringLiteral("page by page")));
    QCOMPARE(paged.counts().calls, 0);
}

QTEST_GUILESS_MAIN(TestShardFollower)
#include "tst_shard_follower.moc"
