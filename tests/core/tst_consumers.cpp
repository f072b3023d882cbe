// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
// Enhanced fan-out in the engine: the consumer operations and their rules, and SubscribeToShard's
// checks, positions, continuations, takeover, shard end and per-consumer budget.
#include "engine_harness.h"

#include "engine/sequence_number.h"

#include <QtTest>

using namespace shs::core;
using shs::test::EngineHarness;

namespace {
QString typeOf(const Error &e)
{
    return QString::fromUtf8(e.name().data(), qsizetype(e.name().size()));
}
const std::string kArn = "arn:aws:kinesis:us-east-1:000000000000:stream/orders";

RegisterStreamConsumerRequest reg(const std::string &name, const std::string &stream = kArn)
{
    RegisterStreamConsumerRequest r;
    r.streamArn = stream;
    r.consumerName = name;
    return r;
}
ConsumerRef byArn(const std::string &arn)
{
    ConsumerRef r;
    r.consumerArn = arn;
    return r;
}
ConsumerRef byName(const std::string &name)
{
    ConsumerRef r;
    r.streamArn = kArn;
    r.consumerName = name;
    return r;
}
SubscribeToShardRequest subscribe(const std::string &consumerArn, const std::string &shard,
                                  ShardIteratorType type,
                                  std::optional<std::string> seq = std::nullopt)
{
    SubscribeToShardRequest r;
    r.consumerArn = consumerArn;
    r.shardId = shard;
    r.startingPosition.type = type;
    r.startingPosition.sequenceNumber = std::move(seq);
    return r;
}
void put(EngineHarness &h, const std::string &key, const std::string &data,
         std::optional<std::string> hashKey = std::nullopt)
{
    PutRecordRequest r;
    r.stream = StreamRef{"orders", {}};
    r.partitionKey = key;
    r.data = data;
    r.explicitHashKey = std::move(hashKey);
    QVERIFY(h.run([&](Engine &e) { return e.putRecord(std::move(r)); }));
}
/// One event of `sub`, as the host would make it: plan, read, charge.
Engine::SubscriptionRead nextEvent(EngineHarness &h, Engine::Subscription &sub)
{
    std::int64_t retry = 0;
    auto plan = h.engine().planSubscriptionRead(sub, &retry);
    if (!plan)
        qFatal("plan: %s", plan.error().message.c_str());
    auto read = Engine::readSubscriptionEvent(*plan, h.storage());
    if (!read)
        qFatal("read: %s", read.error().message.c_str());
    h.engine().chargeSubscription(sub, *read);
    sub.position = read->nextPosition;
    return *read;
}
std::string activeConsumer(EngineHarness &h, const std::string &name)
{
    auto c = h.run([&](Engine &e) { return e.registerStreamConsumer(reg(name)); });
    if (!c)
        qFatal("register: %s", c.error().message.c_str());
    h.advance(500);
    return c->consumerArn;
}
} // namespace

class TestConsumers : public QObject
{
    Q_OBJECT
  private Q_SLOTS:
    void registerGoesCreatingThenActive();
    void describeByArnOrByName();
    void registrationRules();
    void listPages();
    void deregisterGoesDeletingThenGone();
    void deleteStreamWithConsumers();
    void tagsAndPolicyOnConsumerArns();
    void consumersSurviveRestart();
    void subscribeRefusals();
    void subscriptionReadsInOrderWithContinuation();
    void resubscribeAfterContinuationLosesNothing();
    void closedShardEndsWithChildren();
    void takeoverAfterFiveSeconds();
    void eachConsumerHasItsOwnBudget();
    void readActivityTellsReadersApart();
};

void TestConsumers::registerGoesCreatingThenActive()
{
    EngineHarness h;
    h.ready("orders", 1);
    h.clock().set(1'800'000'000'123);
    auto c = h.run([](Engine &e) { return e.registerStreamConsumer(reg("app")); });
    QVERIFY(c);
    QCOMPARE(c->consumerName, std::string("app"));
    QCOMPARE(c->status, ConsumerStatus::Creating);
    QCOMPARE(c->consumerArn, kArn + "/consumer/app:1800000000");
    QCOMPARE(c->creationMs, 1'800'000'000'123);
    QCOMPARE(h.engine().describeStreamSummary(StreamRef{"orders", {}})->consumerCount, 1);
    h.advance(499);
    QCOMPARE(h.engine().describeStreamConsumer(byArn(c->consumerArn))->consumer.status,
             ConsumerStatus::Creating);
    h.advance(1);
    QCOMPARE(h.engine().describeStreamConsumer(byArn(c->consumerArn))->consumer.status,
             ConsumerStatus::Active);
    // The snapshot lists it for the window.
    const auto snap = h.engine().snapshot();
    QCOMPARE(snap.streams.at(0).consumers.size(), std::size_t(1));
    QCOMPARE(snap.streams.at(0).consumers[0].consumerArn, c->consumerArn);
}

void TestConsumers::describeByArnOrByName()
{
    EngineHarness h;
    h.ready("orders", 1);
    const std::string arn = activeConsumer(h, "app");
    auto a = h.engine().describeStreamConsumer(byArn(arn));
    auto b = h.engine().describeStreamConsumer(byName("app"));
    QVERIFY(a && b);
    QCOMPARE(a->consumer.consumerArn, b->consumer.consumerArn);
    QCOMPARE(a->streamArn, kArn);
    auto none = h.engine().describeStreamConsumer(byName("nobody"));
    QVERIFY(!none);
    QCOMPARE(typeOf(none.error()), QStringLiteral("ResourceNotFoundException"));
    QCOMPARE(
        QString::fromStdString(none.error().message),
        QStringLiteral("Consumer nobody of stream orders under account 000000000000 not found."));
    // An ARN with another creation second is another (former) consumer.
    auto stale = h.engine().describeStreamConsumer(byArn(kArn + "/consumer/app:1"));
    QCOMPARE(typeOf(stale.error()), QStringLiteral("ResourceNotFoundException"));
    ConsumerRef half;
    half.consumerName = "app";
    QCOMPARE(typeOf(h.engine().describeStreamConsumer(half).error()),
             QStringLiteral("InvalidArgumentException"));
    auto wrongStream = h.engine().describeStreamConsumer(
        byArn("arn:aws:kinesis:us-east-1:000000000000:stream/other/consumer/app:1"));
    QCOMPARE(typeOf(wrongStream.error()), QStringLiteral("ResourceNotFoundException"));
}

void TestConsumers::registrationRules()
{
    EngineHarness h;
    h.ready("orders", 1);
    QVERIFY(h.run([](Engine &e) { return e.registerStreamConsumer(reg("c0")); }));
    auto twice = h.run([](Engine &e) { return e.registerStreamConsumer(reg("c0")); });
    QCOMPARE(typeOf(twice.error()), QStringLiteral("ResourceInUseException"));
    for (int i = 1; i < 5; ++i)
        QVERIFY(h.run(
            [i](Engine &e) { return e.registerStreamConsumer(reg("c" + std::to_string(i))); }));
    // A sixth while five are CREATING.
    auto sixth = h.run([](Engine &e) { return e.registerStreamConsumer(reg("c5")); });
    QCOMPARE(typeOf(sixth.error()), QStringLiteral("LimitExceededException"));
    h.advance(500);
    for (int i = 5; i < 20; ++i) {
        QVERIFY(h.run(
            [i](Engine &e) { return e.registerStreamConsumer(reg("c" + std::to_string(i))); }));
        if (i % 5 == 4)
            h.advance(500);
    }
    auto over = h.run([](Engine &e) { return e.registerStreamConsumer(reg("c20")); });
    QVERIFY(!over);
    QCOMPARE(typeOf(over.error()), QStringLiteral("LimitExceededException"));
    QVERIFY(QString::fromStdString(over.error().message).contains(QStringLiteral("at most 20")));
    auto unknown = h.run([](Engine &e) {
        return e.registerStreamConsumer(
            reg("x", "arn:aws:kinesis:us-east-1:000000000000:stream/nope"));
    });
    QCOMPARE(typeOf(unknown.error()), QStringLiteral("ResourceNotFoundException"));
    // Tags over the limit register nothing.
    auto tagged = reg("tagged");
    for (int i = 0; i < 51; ++i)
        tagged.tags["k" + std::to_string(i)] = "v";
    EngineHarness h2;
    h2.ready("orders", 1);
    QCOMPARE(typeOf(h2.run([&](Engine &e) { return e.registerStreamConsumer(tagged); }).error()),
             QStringLiteral("InvalidArgumentException"));
    QCOMPARE(h2.engine().describeStreamSummary(StreamRef{"orders", {}})->consumerCount, 0);
}

void TestConsumers::listPages()
{
    EngineHarness h;
    h.ready("orders", 1);
    for (int i = 0; i < 5; ++i)
        QVERIFY(h.run(
            [i](Engine &e) { return e.registerStreamConsumer(reg("c" + std::to_string(i))); }));
    ListStreamConsumersRequest req;
    req.streamArn = kArn;
    req.maxResults = 2;
    std::vector<std::string> names;
    for (int page = 0; page < 5; ++page) {
        auto r = h.engine().listStreamConsumers(req);
        QVERIFY(r);
        for (const auto &c : r->consumers)
            names.push_back(c.consumerName);
        if (!r->nextToken)
            break;
        req.nextToken = r->nextToken;
    }
    QCOMPARE(names, (std::vector<std::string>{"c0", "c1", "c2", "c3", "c4"}));
    h.advance(301'000);
    auto expired = h.engine().listStreamConsumers(req);
    QCOMPARE(typeOf(expired.error()), QStringLiteral("ExpiredNextTokenException"));
    req.nextToken = "garbage";
    QCOMPARE(typeOf(h.engine().listStreamConsumers(req).error()),
             QStringLiteral("InvalidArgumentException"));
}

void TestConsumers::deregisterGoesDeletingThenGone()
{
    EngineHarness h;
    h.ready("orders", 1);
    const std::string arn = activeConsumer(h, "app");
    QVERIFY(h.run([&](Engine &e) { return e.deregisterStreamConsumer(byArn(arn)); }));
    QCOMPARE(h.engine().describeStreamConsumer(byArn(arn))->consumer.status,
             ConsumerStatus::Deleting);
    // The name stays taken until it is gone.
    QCOMPARE(typeOf(h.run([](Engine &e) { return e.registerStreamConsumer(reg("app")); }).error()),
             QStringLiteral("ResourceInUseException"));
    h.advance(500);
    QCOMPARE(typeOf(h.engine().describeStreamConsumer(byArn(arn)).error()),
             QStringLiteral("ResourceNotFoundException"));
    h.advance(1000);
    auto again = h.run([](Engine &e) { return e.registerStreamConsumer(reg("app")); });
    QVERIFY(again);
    QVERIFY(again->consumerArn != arn); // another creation second, another consumer
}

void TestConsumers::deleteStreamWithConsumers()
{
    EngineHarness h;
    h.ready("orders", 1);
    activeConsumer(h, "app");
    DeleteStreamRequest del;
    del.stream = StreamRef{"orders", {}};
    auto refused = h.run([&](Engine &e) { return e.deleteStream(del); });
    QVERIFY(!refused);
    QCOMPARE(typeOf(refused.error()), QStringLiteral("ResourceInUseException"));
    QCOMPARE(QString::fromStdString(refused.error().message),
             QStringLiteral("DeleteStream can't delete 000000000000:orders because there are "
                            "consumers associated with this data stream. To delete orders "
                            "anyway, set the EnforceConsumerDeletion parameter to true to force "
                            "the deletion of all the consumers that are associated with it."));
    del.enforceConsumerDeletion = true;
    QVERIFY(h.run([&](Engine &e) { return e.deleteStream(del); }));
    QCOMPARE(h.engine().describeStreamConsumer(byName("app"))->consumer.status,
             ConsumerStatus::Deleting);
    h.advance(500);
    QCOMPARE(typeOf(h.engine().describeStreamSummary(StreamRef{"orders", {}}).error()),
             QStringLiteral("ResourceNotFoundException"));
}

void TestConsumers::tagsAndPolicyOnConsumerArns()
{
    EngineHarness h;
    h.ready("orders", 1);
    auto withTags = reg("app");
    withTags.tags = {{"team", "ingest"}};
    auto c = h.run([&](Engine &e) { return e.registerStreamConsumer(withTags); });
    QVERIFY(c);
    ResourceRequest res{c->consumerArn};
    auto tags = h.engine().listTagsForResource(res);
    QVERIFY(tags);
    QCOMPARE(tags->tags.size(), std::size_t(1));
    TagResourceRequest tag;
    tag.resourceArn = c->consumerArn;
    tag.tags = {{"env", "test"}};
    QVERIFY(h.run([&](Engine &e) { return e.tagResource(tag); }));
    QCOMPARE(h.engine().listTagsForResource(res)->tags.size(), std::size_t(2));
    // The stream's own tags are untouched.
    QCOMPARE(h.engine().listTagsForResource(ResourceRequest{kArn})->tags.size(), std::size_t(0));
    UntagResourceRequest untag;
    untag.resourceArn = c->consumerArn;
    untag.tagKeys = {"team"};
    QVERIFY(h.run([&](Engine &e) { return e.untagResource(untag); }));
    QCOMPARE(h.engine().listTagsForResource(res)->tags.size(), std::size_t(1));
    PutResourcePolicyRequest policy;
    policy.resourceArn = c->consumerArn;
    policy.policy = R"({"Version":"2012-10-17","Statement":[]})";
    QVERIFY(h.run([&](Engine &e) { return e.putResourcePolicy(policy); }));
    QCOMPARE(h.engine().getResourcePolicy(res)->policy, policy.policy);
    QCOMPARE(h.engine().getResourcePolicy(ResourceRequest{kArn})->policy, std::string("{}"));
    auto gone = h.engine().listTagsForResource(ResourceRequest{kArn + "/consumer/x:1"});
    QCOMPARE(typeOf(gone.error()), QStringLiteral("ResourceNotFoundException"));
}

void TestConsumers::consumersSurviveRestart()
{
    EngineHarness h;
    h.ready("orders", 1);
    auto withTags = reg("app");
    withTags.tags = {{"team", "ingest"}};
    auto c = h.run([&](Engine &e) { return e.registerStreamConsumer(withTags); });
    QVERIFY(c);
    h.advance(500);
    h.restart();
    auto d = h.engine().describeStreamConsumer(byArn(c->consumerArn));
    QVERIFY(d);
    QCOMPARE(d->consumer.status, ConsumerStatus::Active);
    QCOMPARE(d->consumer.creationMs, c->creationMs);
    QCOMPARE(h.engine().listTagsForResource(ResourceRequest{c->consumerArn})->tags.at(0).value,
             std::string("ingest"));
}

void TestConsumers::subscribeRefusals()
{
    EngineHarness h;
    h.ready("orders", 1);
    auto creating = h.run([](Engine &e) { return e.registerStreamConsumer(reg("app")); });
    auto early = h.engine().subscribeToShard(
        subscribe(creating->consumerArn, "shardId-000000000000", ShardIteratorType::Latest));
    QCOMPARE(typeOf(early.error()), QStringLiteral("ResourceInUseException"));
    h.advance(500);
    const std::string arn = creating->consumerArn;
    QCOMPARE(typeOf(h.engine()
                        .subscribeToShard(
                            subscribe(arn, "shardId-000000000009", ShardIteratorType::Latest))
                        .error()),
             QStringLiteral("ResourceNotFoundException"));
    QCOMPARE(
        typeOf(h.engine()
                   .subscribeToShard(subscribe(kArn + "/consumer/nobody:1", "shardId-000000000000",
                                               ShardIteratorType::Latest))
                   .error()),
        QStringLiteral("ResourceNotFoundException"));
    QCOMPARE(typeOf(h.engine()
                        .subscribeToShard(subscribe(arn, "shardId-000000000000",
                                                    ShardIteratorType::AtSequenceNumber))
                        .error()),
             QStringLiteral("InvalidArgumentException"));
    QCOMPARE(typeOf(h.engine()
                        .subscribeToShard(subscribe(arn, "shardId-000000000000",
                                                    ShardIteratorType::AfterSequenceNumber,
                                                    std::string("12345")))
                        .error()),
             QStringLiteral("InvalidArgumentException"));
    // A future timestamp is no error here (later records only), unlike GetShardIterator.
    auto future = subscribe(arn, "shardId-000000000000", ShardIteratorType::AtTimestamp);
    future.startingPosition.timestampMs = h.engine().nowMs() + 60'000;
    QVERIFY(h.engine().subscribeToShard(future));
}

void TestConsumers::subscriptionReadsInOrderWithContinuation()
{
    EngineHarness h;
    h.ready("orders", 1);
    const std::string arn = activeConsumer(h, "app");
    auto sub = h.engine().subscribeToShard(
        subscribe(arn, "shardId-000000000000", ShardIteratorType::TrimHorizon));
    QVERIFY(sub);
    // Nothing yet: an empty event whose continuation resumes before the first record.
    auto empty = nextEvent(h, *sub);
    QVERIFY(empty.event.records.empty());
    QVERIFY(empty.event.continuationSequenceNumber);
    QCOMPARE(empty.event.millisBehindLatest, 0);
    const auto shards = h.engine().listShards([] {
        ListShardsRequest r;
        r.stream = StreamRef{"orders", {}};
        return r;
    }());
    QCOMPARE(*empty.event.continuationSequenceNumber, shards->shards.at(0).startingSequenceNumber);
    for (int i = 0; i < 5; ++i)
        put(h, "k", "r" + std::to_string(i));
    auto first = nextEvent(h, *sub);
    QCOMPARE(first.event.records.size(), std::size_t(5));
    for (int i = 0; i < 5; ++i)
        QCOMPARE(first.event.records[std::size_t(i)].data, "r" + std::to_string(i));
    QCOMPARE(*first.event.continuationSequenceNumber, first.event.records.back().sequenceNumber);
    QVERIFY(!first.more);
    auto idle = nextEvent(h, *sub);
    QVERIFY(idle.event.records.empty());
    QCOMPARE(*idle.event.continuationSequenceNumber, first.event.records.back().sequenceNumber);
    h.engine().endSubscription(*sub);
}

void TestConsumers::resubscribeAfterContinuationLosesNothing()
{
    EngineHarness h;
    h.ready("orders", 1);
    const std::string arn = activeConsumer(h, "app");
    auto sub = h.engine().subscribeToShard(
        subscribe(arn, "shardId-000000000000", ShardIteratorType::TrimHorizon));
    const auto checkpoint
        = *nextEvent(h, *sub).event.continuationSequenceNumber; // before any record
    h.engine().endSubscription(*sub);
    put(h, "k", "first");
    put(h, "k", "second");
    h.advance(5000);
    auto again = h.engine().subscribeToShard(
        subscribe(arn, "shardId-000000000000", ShardIteratorType::AfterSequenceNumber, checkpoint));
    QVERIFY(again);
    auto e = nextEvent(h, *again);
    QCOMPARE(e.event.records.size(), std::size_t(2));
    QCOMPARE(e.event.records[0].data, std::string("first"));
    // And GetShardIterator agrees: AFTER the shard's StartingSequenceNumber reads the first record.
    GetShardIteratorRequest it;
    it.stream = StreamRef{"orders", {}};
    it.shardId = "shardId-000000000000";
    it.type = ShardIteratorType::AfterSequenceNumber;
    it.startingSequenceNumber = checkpoint;
    auto iter = h.engine().getShardIterator(it);
    QVERIFY(iter);
    auto records = h.engine().getRecords(GetRecordsRequest{iter->shardIterator, {}, {}});
    QVERIFY(records);
    QCOMPARE(records->records.at(0).data, std::string("first"));
}

void TestConsumers::closedShardEndsWithChildren()
{
    EngineHarness h;
    h.ready("orders", 1);
    const std::string arn = activeConsumer(h, "app");
    put(h, "k", "before");
    SplitShardRequest split;
    split.stream = StreamRef{"orders", {}};
    split.shardToSplit = "shardId-000000000000";
    split.newStartingHashKey = "170141183460469231731687303715884105728";
    QVERIFY(h.run([&](Engine &e) { return e.splitShard(split); }));
    h.advance(500);
    auto sub = h.engine().subscribeToShard(
        subscribe(arn, "shardId-000000000000", ShardIteratorType::TrimHorizon));
    QVERIFY(sub);
    auto records = nextEvent(h, *sub);
    QCOMPARE(records.event.records.size(), std::size_t(1));
    QVERIFY(records.event.continuationSequenceNumber);
    QVERIFY(!records.endOfShard);
    auto last = nextEvent(h, *sub);
    QVERIFY(last.endOfShard);
    QVERIFY(!last.event.continuationSequenceNumber);
    QCOMPARE(last.event.childShards.size(), std::size_t(2));
    QCOMPARE(last.event.childShards[0].parentShards,
             std::vector<std::string>{"shardId-000000000000"});
    h.engine().endSubscription(*sub);
    // Resubscribing at LATEST to the closed shard gives the final event again (KCL relies on it).
    h.advance(5000);
    auto latest = h.engine().subscribeToShard(
        subscribe(arn, "shardId-000000000000", ShardIteratorType::Latest));
    QVERIFY(latest);
    QVERIFY(nextEvent(h, *latest).endOfShard);
}

void TestConsumers::takeoverAfterFiveSeconds()
{
    EngineHarness h;
    h.ready("orders", 1);
    const std::string arn = activeConsumer(h, "app");
    const auto req = subscribe(arn, "shardId-000000000000", ShardIteratorType::Latest);
    auto first = h.engine().subscribeToShard(req);
    QVERIFY(first);
    h.advance(4999);
    auto tooSoon = h.engine().subscribeToShard(req);
    QCOMPARE(typeOf(tooSoon.error()), QStringLiteral("ResourceInUseException"));
    h.advance(1);
    auto second = h.engine().subscribeToShard(req);
    QVERIFY(second);
    std::int64_t retry = 0;
    auto stale = h.engine().planSubscriptionRead(*first, &retry);
    QVERIFY(!stale);
    QCOMPARE(typeOf(stale.error()), QStringLiteral("ResourceInUseException"));
    QVERIFY(h.engine().planSubscriptionRead(*second, &retry));
    // Another consumer subscribes to the same shard at once: the rule is per consumer.
    const std::string other = activeConsumer(h, "other");
    QVERIFY(h.engine().subscribeToShard(
        subscribe(other, "shardId-000000000000", ShardIteratorType::Latest)));
    // A deregistered consumer's subscription ends with ResourceNotFoundException.
    QVERIFY(h.run([&](Engine &e) { return e.deregisterStreamConsumer(byArn(arn)); }));
    QCOMPARE(typeOf(h.engine().planSubscriptionRead(*second, &retry).error()),
             QStringLiteral("ResourceNotFoundException"));
}

void TestConsumers::eachConsumerHasItsOwnBudget()
{
    EngineConfig config;
    config.limits = LimitsProfile::aws();
    config.limits.writeBytesPerSecond = 64 * 1024 * 1024; // fill the shard fast
    config.limits.writeRecordsPerSecond = 1'000'000;
    EngineHarness h(config);
    h.ready("orders", 1);
    const std::string a = activeConsumer(h, "a");
    h.advance(1000);
    const std::string b = activeConsumer(h, "b");
    const std::string blob(1000 * 1024 - 10, 'x'); // ~1 MiB records
    for (int i = 0; i < 6; ++i) {
        put(h, "k" + std::to_string(i), blob);
        h.advance(1000); // stay within the shard's write limit
    }
    auto subA = h.engine().subscribeToShard(
        subscribe(a, "shardId-000000000000", ShardIteratorType::TrimHorizon));
    auto subB = h.engine().subscribeToShard(
        subscribe(b, "shardId-000000000000", ShardIteratorType::TrimHorizon));
    QVERIFY(subA && subB);
    // Each reads its 2 MiB now (a record or so past it, then debt); neither takes from the other.
    const auto ea = nextEvent(h, *subA);
    const auto eb = nextEvent(h, *subB);
    QCOMPARE(ea.event.records.size(), eb.event.records.size());
    QVERIFY(ea.more);
    QCOMPARE(ea.event.records.size(), std::size_t(2)); // two ~1 MiB records fit in 2 MiB
    // What is left of the second buys one more record (a debt), then the budget is spent.
    QCOMPARE(nextEvent(h, *subA).event.records.size(), std::size_t(1));
    std::int64_t retry = 0;
    auto spent = h.engine().planSubscriptionRead(*subA, &retry);
    QVERIFY(spent);
    QCOMPARE(spent->maxBytes, std::size_t(0));
    QVERIFY(retry > h.engine().nowMs());
    // Polling readers are untouched by EFO reads: GetRecords still gets its 5 calls.
    GetShardIteratorRequest it;
    it.stream = StreamRef{"orders", {}};
    it.shardId = "shardId-000000000000";
    it.type = ShardIteratorType::TrimHorizon;
    auto iter = h.engine().getShardIterator(it);
    QVERIFY(iter);
    QVERIFY(h.engine().getRecords(GetRecordsRequest{iter->shardIterator, 1, {}}));
    h.clock().set(retry);
    auto refilled = h.engine().planSubscriptionRead(*subA, &retry);
    QVERIFY(refilled && refilled->maxBytes > 0);
}

void TestConsumers::readActivityTellsReadersApart()
{
    // Two programs polling one shard are two readers (two chains of iterators) sharing its budget;
    // a subscription is reported beside them with its own.
    EngineConfig config;
    config.limits = LimitsProfile::aws();
    EngineHarness h(config);
    h.ready("orders", 2);
    for (int i = 0; i < 4; ++i)
        put(h, "k", std::string(100, 'x'), "0"); // shard 0
    const std::string arn = activeConsumer(h, "dash");
    GetShardIteratorRequest it;
    it.stream = StreamRef{"orders", {}};
    it.shardId = "shardId-000000000000";
    it.type = ShardIteratorType::TrimHorizon;
    auto first = h.engine().getShardIterator(it);
    it.type = ShardIteratorType::Latest;
    auto second = h.engine().getShardIterator(it);
    QVERIFY(first && second);
    // Each call a millisecond after the last (a read's bytes are paid for after it, at 2 MiB/s).
    auto read = [&](const std::string &iterator, int limit) {
        h.advance(1);
        return h.engine().getRecords(GetRecordsRequest{iterator, limit, {}});
    };
    auto a = read(first->shardIterator, 2);
    QVERIFY(a && a->records.size() == 2);
    auto a2 = read(*a->nextShardIterator, 10); // the same chain
    QVERIFY2(a2, a2 ? "" : a2.error().message.c_str());
    QCOMPARE(a2->records.size(), std::size_t(2));
    QVERIFY(read(second->shardIterator, 10));
    // Over 5 calls in a second: the next is throttled, and counted against the caller's chain.
    QVERIFY(read(*a2->nextShardIterator, 10));
    QVERIFY(read(*a2->nextShardIterator, 10));
    auto refused = read(*a2->nextShardIterator, 10);
    QVERIFY(!refused);
    QCOMPARE(refused.error().code, ErrorCode::ProvisionedThroughputExceeded);
    auto sub = h.engine().subscribeToShard(
        subscribe(arn, "shardId-000000000000", ShardIteratorType::TrimHorizon));
    QVERIFY(sub);
    nextEvent(h, *sub);

    auto report = h.engine().readActivity(StreamRef{"orders", {}});
    QVERIFY(report);
    QCOMPARE(report->sharedCallsPerSecond, 5);
    QCOMPARE(report->sharedBytesPerSecond, 2 * 1024 * 1024);
    QCOMPARE(report->consumerBytesPerSecond, 2 * 1024 * 1024);
    QCOMPARE(report->shards.size(), std::size_t(1)); // nobody reads shard 1
    const auto &shard = report->shards[0];
    QCOMPARE(shard.shardId, std::string("shardId-000000000000"));
    QCOMPARE(shard.polling.size(), std::size_t(2));
    const auto &trim = shard.polling[0];
    const auto &latest = shard.polling[1];
    QCOMPARE(trim.origin, ShardIteratorType::TrimHorizon);
    QCOMPARE(trim.calls, 4);
    QCOMPARE(trim.records, 4);
    QCOMPARE(trim.bytes, 4 * (100 + 1)); // data and partition key
    QCOMPARE(trim.throttled, 1);
    QCOMPARE(latest.origin, ShardIteratorType::Latest);
    QCOMPARE(latest.calls, 1);
    QCOMPARE(latest.records, 0);
    QVERIFY(trim.readerId != latest.readerId && trim.readerId != 0);
    QCOMPARE(shard.fanOut.size(), std::size_t(1));
    QCOMPARE(shard.fanOut[0].consumerName, std::string("dash"));
    QCOMPARE(shard.fanOut[0].bytes, 4 * (100 + 1));
    // Readers idle for 5 minutes (their iterators expired) are forgotten.
    h.engine().endSubscription(*sub);
    h.advance(ReadActivity::kForgetAfterMs + 1000);
    report = h.engine().readActivity(StreamRef{"orders", {}});
    QVERIFY(report && report->shards.empty());
}

QTEST_GUILESS_MAIN(TestConsumers)
#include "tst_consumers.moc"
