// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
// SubscribeToShard through the host: events pushed as records are committed, in order, the
// heartbeat on engine time, back-pressure, the 5-minute end, a takeover's exception event, the
// end of a closed shard, and a deregistered consumer.
#include "manual_clock.h"

#include "engine/subscription_table.h"
#include "service/engine_host.h"
#include "store/memory_storage.h"

#include <QtTest>

#include <mutex>

using namespace shs;
using namespace shs::core;

namespace {

/// A sink that keeps what it is given.
struct Collector
{
    std::mutex m;
    std::optional<Result<void>> started;
    std::vector<SubscribeToShardEvent> events;
    std::optional<std::optional<Error>> ended;

    service::SubscriptionSink sink()
    {
        return {[this](const Result<void> &r) {
                    std::lock_guard lock(m);
                    started = r;
                },
                [this](SubscribeToShardEvent e) {
                    std::lock_guard lock(m);
                    events.push_back(std::move(e));
                },
                [this](std::optional<Error> e) {
                    std::lock_guard lock(m);
                    ended = std::move(e);
                }};
    }
    std::size_t count()
    {
        std::lock_guard lock(m);
        return events.size();
    }
    std::vector<std::string> data()
    {
        std::lock_guard lock(m);
        std::vector<std::string> out;
        for (const auto &e : events)
            for (const auto &r : e.records)
                out.push_back(r.data);
        return out;
    }
    bool hasEnded()
    {
        std::lock_guard lock(m);
        return ended.has_value();
    }
    bool isStarted()
    {
        std::lock_guard lock(m);
        return started.has_value();
    }
    QString endError()
    {
        std::lock_guard lock(m);
        if (!ended || !*ended)
            return {};
        const auto name = (*ended)->name();
        return QString::fromUtf8(name.data(), qsizetype(name.size()));
    }
};

class Fixture
{
  public:
    std::shared_ptr<test::ManualClock> clock = std::make_shared<test::ManualClock>();
    std::unique_ptr<service::EngineHost> host;
    std::string consumerArn;

    Fixture()
    {
        EngineConfig config;
        config.limits = LimitsProfile::off();
        service::EngineHost::Options options;
        options.tickIntervalMs = 5;
        host = std::make_unique<service::EngineHost>(std::make_unique<store::MemoryStorage>(),
                                                     config, clock, options);
        if (!host->start())
            qFatal("host did not start");
    }
    ~Fixture() { host->stop(); }

    /// Time moves, and the host has ticked since (transitions, heartbeats, ends).
    void advance(std::int64_t ms)
    {
        clock->advance(ms);
        const auto ticks = host->stats().ticks;
        QTRY_VERIFY(host->stats().ticks >= ticks + 2);
        host->flush();
    }
    void streamWithConsumer(int shards = 1)
    {
        CreateStreamRequest create;
        create.streamName = "orders";
        create.shardCount = shards;
        QVERIFY(host->call<bool>([&](Engine &e) -> Result<bool> {
            auto r = e.createStream(create);
            return r ? Result<bool>(true) : Result<bool>(r.error());
        }));
        advance(500);
        RegisterStreamConsumerRequest reg;
        reg.streamArn = "arn:aws:kinesis:us-east-1:000000000000:stream/orders";
        reg.consumerName = "app";
        auto c = host->call<Consumer>([&](Engine &e) { return e.registerStreamConsumer(reg); });
        QVERIFY(c);
        consumerArn = c->consumerArn;
        advance(500);
    }
    void put(const std::string &data, const std::string &key = "k")
    {
        PutRecordRequest r;
        r.stream = StreamRef{"orders", {}};
        r.partitionKey = key;
        r.data = data;
        QVERIFY(host->putRecord(std::move(r)));
    }
    std::shared_ptr<service::SubscriptionHandle>
    subscribe(Collector &c, ShardIteratorType type = ShardIteratorType::TrimHorizon,
              const std::string &shard = "shardId-000000000000")
    {
        SubscribeToShardRequest req;
        req.consumerArn = consumerArn;
        req.shardId = shard;
        req.startingPosition.type = type;
        return host->subscribe(req, c.sink());
    }
};

} // namespace

class TestSubscriptions : public QObject
{
    Q_OBJECT
  private Q_SLOTS:
    void eventsArriveAsRecordsAreCommitted();
    void refusedBeforeAnyEvent();
    void heartbeatAndFiveMinuteEnd();
    void backPressureHoldsEvents();
    void takeoverEndsTheOlderWithAnException();
    void closedShardEndsAfterChildShards();
    void deregisteredConsumerEnds();
    void cancelledSubscriptionFreesItsSlot();
};

void TestSubscriptions::eventsArriveAsRecordsAreCommitted()
{
    Fixture f;
    f.streamWithConsumer();
    Collector c;
    auto handle = f.subscribe(c);
    QTRY_VERIFY(c.isStarted());
    QVERIFY(*c.started);
    QTRY_COMPARE(c.count(), std::size_t(1)); // the first event at once, empty
    std::vector<std::string> sent;
    for (int i = 0; i < 200; ++i) {
        sent.push_back("r" + std::to_string(i));
        f.put(sent.back());
    }
    // Pushed on commit: no engine time passes, so no heartbeat or poll can deliver them.
    QTRY_COMPARE(c.data().size(), sent.size());
    QCOMPARE(c.data(), sent);
    std::lock_guard lock(c.m);
    for (const auto &e : c.events)
        QVERIFY(e.continuationSequenceNumber);
    QCOMPARE(*c.events.back().continuationSequenceNumber,
             c.events.back().records.empty() ? *c.events.back().continuationSequenceNumber
                                             : c.events.back().records.back().sequenceNumber);
}

void TestSubscriptions::refusedBeforeAnyEvent()
{
    Fixture f;
    f.streamWithConsumer();
    Collector c;
    f.subscribe(c, ShardIteratorType::Latest, "shardId-000000000007");
    QTRY_VERIFY(c.isStarted());
    QVERIFY(!*c.started);
    QCOMPARE(QString::fromStdString(c.started->error().message),
             QStringLiteral("Shard shardId-000000000007 in stream orders under account "
                            "000000000000 does not exist"));
    QCOMPARE(c.count(), std::size_t(0));
    QVERIFY(!c.hasEnded());
}

void TestSubscriptions::heartbeatAndFiveMinuteEnd()
{
    Fixture f;
    f.streamWithConsumer();
    Collector c;
    auto handle = f.subscribe(c, ShardIteratorType::Latest);
    QTRY_COMPARE(c.count(), std::size_t(1));
    f.advance(service::SubscriptionHub::kHeartbeatMs);
    QTRY_COMPARE(c.count(), std::size_t(2));
    {
        std::lock_guard lock(c.m);
        QVERIFY(c.events.back().records.empty());
        QCOMPARE(c.events.back().millisBehindLatest, 0);
    }
    QCOMPARE(f.host->subscriptions(), 1);
    f.advance(core::kSubscriptionLifetimeMs);
    QTRY_VERIFY(c.hasEnded());
    QVERIFY(!*c.ended); // a clean end: the client resubscribes
    QCOMPARE(f.host->subscriptions(), 0);
}

void TestSubscriptions::backPressureHoldsEvents()
{
    Fixture f;
    f.streamWithConsumer();
    Collector c;
    auto handle = f.subscribe(c);
    QTRY_COMPARE(c.count(), std::size_t(1));
    handle->setWritable(false);
    for (int i = 0; i < 10; ++i)
        f.put("held" + std::to_string(i));
    f.advance(3 * service::SubscriptionHub::kHeartbeatMs); // not even a heartbeat gets through
    QCOMPARE(c.data().size(), std::size_t(0));
    handle->setWritable(true);
    QTRY_COMPARE(c.data().size(), std::size_t(10));
}

void TestSubscriptions::takeoverEndsTheOlderWithAnException()
{
    Fixture f;
    f.streamWithConsumer();
    Collector first;
    auto h1 = f.subscribe(first, ShardIteratorType::Latest);
    QTRY_VERIFY(first.isStarted());
    Collector early;
    auto h2 = f.subscribe(early, ShardIteratorType::Latest);
    QTRY_VERIFY(early.isStarted());
    QCOMPARE(QString::fromUtf8(early.started->error().name().data()),
             QStringLiteral("ResourceInUseException"));
    f.advance(5000);
    Collector second;
    auto h3 = f.subscribe(second, ShardIteratorType::Latest);
    QTRY_VERIFY(second.isStarted());
    QVERIFY(*second.started);
    QTRY_VERIFY(first.hasEnded());
    QCOMPARE(first.endError(), QStringLiteral("ResourceInUseException"));
    QVERIFY(!second.hasEnded());
}

void TestSubscriptions::closedShardEndsAfterChildShards()
{
    Fixture f;
    f.streamWithConsumer();
    f.put("before");
    SplitShardRequest split;
    split.stream = StreamRef{"orders", {}};
    split.shardToSplit = "shardId-000000000000";
    split.newStartingHashKey = "170141183460469231731687303715884105728";
    QVERIFY(f.host->call<bool>([&](Engine &e) -> Result<bool> {
        auto r = e.splitShard(split);
        return r ? Result<bool>(true) : Result<bool>(r.error());
    }));
    f.advance(500);
    Collector c;
    auto handle = f.subscribe(c);
    QTRY_VERIFY(c.hasEnded());
    QVERIFY(!*c.ended);
    QCOMPARE(c.data(), std::vector<std::string>{"before"});
    std::lock_guard lock(c.m);
    const auto &last = c.events.back();
    QVERIFY(!last.continuationSequenceNumber);
    QCOMPARE(last.childShards.size(), std::size_t(2));
}

void TestSubscriptions::deregisteredConsumerEnds()
{
    Fixture f;
    f.streamWithConsumer();
    Collector c;
    auto handle = f.subscribe(c, ShardIteratorType::Latest);
    QTRY_COMPARE(c.count(), std::size_t(1));
    ConsumerRef ref;
    ref.consumerArn = f.consumerArn;
    QVERIFY(f.host->call<bool>([&](Engine &e) -> Result<bool> {
        auto r = e.deregisterStreamConsumer(ref);
        return r ? Result<bool>(true) : Result<bool>(r.error());
    }));
    f.advance(service::SubscriptionHub::kHeartbeatMs);
    QTRY_VERIFY(c.hasEnded());
    QCOMPARE(c.endError(), QStringLiteral("ResourceNotFoundException"));
}

void TestSubscriptions::cancelledSubscriptionFreesItsSlot()
{
    Fixture f;
    f.streamWithConsumer();
    Collector c;
    auto handle = f.subscribe(c, ShardIteratorType::Latest);
    QTRY_COMPARE(f.host->subscriptions(), 1);
    handle->cancel();
    QTRY_COMPARE(f.host->subscriptions(), 0);
    QVERIFY(!c.hasEnded()); // a cancelled sink hears nothing more
}

QTEST_GUILESS_MAIN(TestSubscriptions)
#include "tst_subscriptions.moc"
