// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine_harness.h"

#include <QtTest>

using namespace shs::core;
using shs::test::EngineHarness;

namespace {
QString typeOf(const Error &e)
{
    return QString::fromUtf8(e.name().data(), qsizetype(e.name().size()));
}
QString msg(const Error &e)
{
    return QString::fromStdString(e.message);
}
CreateStreamRequest create(const std::string &name, std::optional<std::int64_t> shards,
                           std::optional<StreamMode> mode = std::nullopt)
{
    CreateStreamRequest r;
    r.streamName = name;
    r.shardCount = shards;
    r.mode = mode;
    return r;
}
StreamRef ref(const std::string &name)
{
    return StreamRef{name, {}};
}
} // namespace

class TestEngineStreams : public QObject
{
    Q_OBJECT
  private Q_SLOTS:
    void createGoesCreatingThenActive();
    void createErrors_data();
    void createErrors();
    void shardLimit();
    void onDemandStartsWithFourShards();
    void arnAddressing();
    void describeStreamPages();
    void listStreamsPages();
    void deleteGoesDeletingThenGone();
    void dataRefusedWhileCreating();
    void retentionRules_data();
    void retentionRules();
    void retentionDirections();
    void tags();
    void listShardsFilters();
    void listShardsPagingAndTokens();
    void describeLimits();
    void stateSurvivesRestart();
};

void TestEngineStreams::createGoesCreatingThenActive()
{
    EngineHarness h;
    QVERIFY(h.run([](Engine &e) { return e.createStream(create("orders", 3)); }));
    auto s = h.engine().describeStreamSummary(ref("orders"));
    QVERIFY(s);
    QCOMPARE(s->status, StreamStatus::Creating);
    QCOMPARE(s->openShardCount, 3);
    QCOMPARE(s->streamArn, std::string("arn:aws:kinesis:us-east-1:000000000000:stream/orders"));
    QCOMPARE(s->retentionPeriodHours, 24);
    QVERIFY(QRegularExpression(QStringLiteral("^[a-z0-9]{20}-[a-z0-9]{3}$"))
                .match(QString::fromStdString(s->streamId))
                .hasMatch());
    h.advance(499);
    QCOMPARE(h.engine().describeStreamSummary(ref("orders"))->status, StreamStatus::Creating);
    h.advance(1);
    QCOMPARE(h.engine().describeStreamSummary(ref("orders"))->status, StreamStatus::Active);
    QVERIFY(h.engine().checkInvariants().empty());
}

void TestEngineStreams::createErrors_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<qint64>("shards");
    QTest::addColumn<QString>("type");
    QTest::addColumn<QString>("message");
    QTest::newRow("bad-chars")
        << "bad name" << qint64(1) << "ValidationException"
        << "1 validation error detected: Value 'bad name' at 'streamName' failed to "
           "satisfy constraint: Member must satisfy regular expression pattern: "
           "[a-zA-Z0-9_.-]+";
    QTest::newRow("too-long")
        << QString(129, QLatin1Char('a')) << qint64(1) << "ValidationException"
        << QStringLiteral("1 validation error detected: Value '%1' at 'streamName' failed "
                          "to satisfy constraint: Member must have length less than or "
                          "equal to 128")
               .arg(QString(129, QLatin1Char('a')));
    QTest::newRow("zero-shards")
        << "s" << qint64(0) << "ValidationException"
        << "1 validation error detected: Value '0' at 'shardCount' failed to satisfy "
           "constraint: Member must have value greater than or equal to 1";
    QTest::newRow("no-shard-count")
        << "s" << qint64(-1) << "InvalidArgumentException"
        << "ShardCount must be specified when StreamMode is PROVISIONED";
}

void TestEngineStreams::createErrors()
{
    QFETCH(QString, name);
    QFETCH(qint64, shards);
    QFETCH(QString, type);
    QFETCH(QString, message);
    EngineHarness h;
    auto r = h.run([&](Engine &e) {
        return e.createStream(
            create(name.toStdString(), shards < 0 ? std::nullopt : std::optional(shards)));
    });
    QVERIFY(!r);
    QCOMPARE(typeOf(r.error()), type);
    QCOMPARE(msg(r.error()), message);

    h.ready("dup", 1);
    auto dup = h.run([](Engine &e) { return e.createStream(create("dup", 1)); });
    QCOMPARE(typeOf(dup.error()), QStringLiteral("ResourceInUseException"));
    QCOMPARE(msg(dup.error()),
             QStringLiteral("Stream dup under account 000000000000 already exists."));
}

void TestEngineStreams::shardLimit()
{
    EngineConfig cfg;
    cfg.limits = LimitsProfile::off();
    cfg.shardLimit = 10;
    EngineHarness h(cfg);
    h.ready("a", 7);
    auto r = h.run([](Engine &e) { return e.createStream(create("b", 4)); });
    QVERIFY(!r);
    QCOMPARE(typeOf(r.error()), QStringLiteral("LimitExceededException"));
    QCOMPARE(msg(r.error()),
             QStringLiteral(
                 "This request would exceed the shard limit for the account 000000000000 in "
                 "us-east-1. Current shard count for the account: 7. Limit: 10. Number of "
                 "additional shards that would have resulted from this request: 4. Refer to the "
                 "AWS Service Limits page "
                 "(http://docs.aws.amazon.com/general/latest/gr/aws_service_limits.html) for "
                 "current limits and how to request higher limits."));
    QVERIFY(h.run([](Engine &e) { return e.createStream(create("b", 3)); }));
}

void TestEngineStreams::onDemandStartsWithFourShards()
{
    EngineHarness h;
    QVERIFY(h.run([](Engine &e) {
        return e.createStream(create("od", std::nullopt, StreamMode::OnDemand));
    }));
    auto s = h.engine().describeStreamSummary(ref("od"));
    QCOMPARE(s->mode, StreamMode::OnDemand);
    QCOMPARE(s->openShardCount, 4);
}

void TestEngineStreams::arnAddressing()
{
    EngineHarness h;
    h.ready("s", 1);
    StreamRef byArn{{}, "arn:aws:kinesis:us-east-1:000000000000:stream/s"};
    QVERIFY(h.engine().describeStreamSummary(byArn));
    StreamRef both{"s", "arn:aws:kinesis:us-east-1:000000000000:stream/s"};
    QVERIFY(h.engine().describeStreamSummary(both));
    StreamRef mismatch{"t", "arn:aws:kinesis:us-east-1:000000000000:stream/s"};
    QCOMPARE(typeOf(h.engine().describeStreamSummary(mismatch).error()),
             QStringLiteral("InvalidArgumentException"));
    StreamRef otherAccount{{}, "arn:aws:kinesis:us-east-1:111111111111:stream/s"};
    auto r = h.engine().describeStreamSummary(otherAccount);
    QCOMPARE(typeOf(r.error()), QStringLiteral("ResourceNotFoundException"));
    QCOMPARE(msg(r.error()), QStringLiteral("Stream s under account 111111111111 not found."));
    StreamRef garbage{{}, "arn:nope"};
    QCOMPARE(typeOf(h.engine().describeStreamSummary(garbage).error()),
             QStringLiteral("ValidationException"));
    QCOMPARE(typeOf(h.engine().describeStreamSummary(StreamRef{}).error()),
             QStringLiteral("InvalidArgumentException"));
}

void TestEngineStreams::describeStreamPages()
{
    EngineHarness h;
    h.ready("big", 150);
    DescribeStreamRequest req;
    req.stream = ref("big");
    auto first = h.engine().describeStream(req);
    QVERIFY(first);
    QCOMPARE(int(first->shards.size()), 100);
    QVERIFY(first->hasMoreShards);
    req.exclusiveStartShardId = first->shards.back().shardId;
    auto second = h.engine().describeStream(req);
    QCOMPARE(int(second->shards.size()), 50);
    QVERIFY(!second->hasMoreShards);
    QCOMPARE(second->shards.front().shardId, std::string("shardId-000000000100"));
    req.limit = 0;
    QCOMPARE(typeOf(h.engine().describeStream(req).error()), QStringLiteral("ValidationException"));
}

void TestEngineStreams::listStreamsPages()
{
    EngineHarness h;
    for (const char *n : {"c", "a", "e", "b", "d"})
        h.ready(n, 1);
    ListStreamsRequest req;
    req.limit = 2;
    auto p1 = h.engine().listStreams(req);
    QCOMPARE(p1->streamNames, (std::vector<std::string>{"a", "b"}));
    QVERIFY(p1->hasMoreStreams);
    QVERIFY(p1->nextToken.has_value());
    QCOMPARE(p1->summaries.at(0).status, StreamStatus::Active);
    ListStreamsRequest next;
    next.nextToken = p1->nextToken;
    next.limit = 10;
    auto p2 = h.engine().listStreams(next);
    QCOMPARE(p2->streamNames, (std::vector<std::string>{"c", "d", "e"}));
    QVERIFY(!p2->hasMoreStreams);
    ListStreamsRequest byName;
    byName.exclusiveStartStreamName = "c";
    QCOMPARE(h.engine().listStreams(byName)->streamNames, (std::vector<std::string>{"d", "e"}));
    h.clock().advance(300'001);
    QCOMPARE(typeOf(h.engine().listStreams(next).error()),
             QStringLiteral("ExpiredNextTokenException"));
    ListStreamsRequest forged;
    forged.nextToken = "AAAA";
    QCOMPARE(typeOf(h.engine().listStreams(forged).error()),
             QStringLiteral("InvalidArgumentException"));
}

void TestEngineStreams::deleteGoesDeletingThenGone()
{
    EngineHarness h;
    h.ready("s", 2);
    DeleteStreamRequest del;
    del.stream = ref("s");
    QVERIFY(h.run([&](Engine &e) { return e.deleteStream(del); }));
    QCOMPARE(h.engine().describeStreamSummary(ref("s"))->status, StreamStatus::Deleting);
    h.advance(500);
    auto gone = h.engine().describeStreamSummary(ref("s"));
    QCOMPARE(typeOf(gone.error()), QStringLiteral("ResourceNotFoundException"));
    QCOMPARE(msg(gone.error()), QStringLiteral("Stream s under account 000000000000 not found."));
    // The name is free again.
    h.ready("s", 1);
}

void TestEngineStreams::dataRefusedWhileCreating()
{
    EngineHarness h;
    QVERIFY(h.run([](Engine &e) { return e.createStream(create("s", 1)); }));
    PutRecordRequest put;
    put.stream = ref("s");
    put.partitionKey = "k";
    put.data = "x";
    auto r = h.run([&](Engine &e) { return e.putRecord(std::move(put)); });
    QCOMPARE(typeOf(r.error()), QStringLiteral("ResourceNotFoundException"));
    RetentionRequest ret{ref("s"), 48};
    auto rr = h.run([&](Engine &e) { return e.increaseStreamRetentionPeriod(ret); });
    QCOMPARE(typeOf(rr.error()), QStringLiteral("ResourceInUseException"));
    QCOMPARE(msg(rr.error()),
             QStringLiteral(
                 "Stream s under account 000000000000 not ACTIVE, instead in state CREATING"));
}

void TestEngineStreams::retentionRules_data()
{
    QTest::addColumn<bool>("increase");
    QTest::addColumn<qint64>("hours");
    QTest::addColumn<QString>("error");
    QTest::newRow("increase-to-48") << true << qint64(48) << "";
    QTest::newRow("increase-to-8760") << true << qint64(8760) << "";
    QTest::newRow("increase-to-same") << true << qint64(24) << "";
    QTest::newRow("too-short")
        << true << qint64(23)
        << "InvalidArgumentException: Minimum allowed retention period is 24 hours. "
           "Requested retention period (23 hours) is too short.";
    QTest::newRow("too-long")
        << true << qint64(8761)
        << "InvalidArgumentException: Maximum allowed retention period is 8760 hours. "
           "Requested retention period (8761 hours) is too long.";
    QTest::newRow("decrease-below-current")
        << false << qint64(30)
        << "InvalidArgumentException: Requested retention period (30 hours) "
           "for stream s can not be longer than existing retention period "
           "(24 hours). Use IncreaseRetentionPeriod API.";
}

void TestEngineStreams::retentionRules()
{
    QFETCH(bool, increase);
    QFETCH(qint64, hours);
    QFETCH(QString, error);
    EngineHarness h;
    h.ready("s", 1);
    RetentionRequest req{ref("s"), hours};
    auto r = h.run([&](Engine &e) {
        return increase ? e.increaseStreamRetentionPeriod(req)
                        : e.decreaseStreamRetentionPeriod(req);
    });
    if (error.isEmpty()) {
        QVERIFY2(r, r ? "" : r.error().toString().c_str());
        QCOMPARE(h.engine().describeStreamSummary(ref("s"))->retentionPeriodHours, int(hours));
    } else {
        QVERIFY(!r);
        QCOMPARE(QString::fromStdString(r.error().toString()), error);
    }
}

void TestEngineStreams::retentionDirections()
{
    EngineHarness h;
    h.ready("s", 1);
    RetentionRequest up{ref("s"), 72};
    QVERIFY(h.run([&](Engine &e) { return e.increaseStreamRetentionPeriod(up); }));
    RetentionRequest down{ref("s"), 48};
    auto bad = h.run([&](Engine &e) { return e.increaseStreamRetentionPeriod(down); });
    QCOMPARE(msg(bad.error()),
             QStringLiteral("Requested retention period (48 hours) for stream s can not be "
                            "shorter than existing retention period (72 hours). Use "
                            "DecreaseRetentionPeriod API."));
    QVERIFY(h.run([&](Engine &e) { return e.decreaseStreamRetentionPeriod(down); }));
    QCOMPARE(h.engine().describeStreamSummary(ref("s"))->retentionPeriodHours, 48);
}

void TestEngineStreams::tags()
{
    EngineHarness h;
    h.ready("s", 1);
    AddTagsRequest add{ref("s"), {{"team", "data"}, {"env", "dev"}}};
    QVERIFY(h.run([&](Engine &e) { return e.addTagsToStream(add); }));
    ListTagsRequest list{ref("s"), std::nullopt, 1};
    auto page = h.engine().listTagsForStream(list);
    QCOMPARE(page->tags.size(), size_t(1));
    QCOMPARE(page->tags[0].first, std::string("env"));
    QVERIFY(page->hasMoreTags);
    RemoveTagsRequest rm{ref("s"), {"env", "missing"}};
    QVERIFY(h.run([&](Engine &e) { return e.removeTagsFromStream(rm); }));
    ListTagsRequest all{ref("s"), std::nullopt, std::nullopt};
    auto rest = h.engine().listTagsForStream(all);
    QCOMPARE(rest->tags.size(), size_t(1));
    QCOMPARE(rest->tags[0].second, std::string("data"));
    AddTagsRequest tooMany{ref("s"), {}};
    for (int i = 0; i < 50; ++i)
        tooMany.tags["k" + std::to_string(i)] = "v";
    auto r = h.run([&](Engine &e) { return e.addTagsToStream(tooMany); });
    QCOMPARE(typeOf(r.error()), QStringLiteral("InvalidArgumentException"));
}

void TestEngineStreams::listShardsFilters()
{
    EngineHarness h;
    h.ready("s", 3);
    ListShardsRequest req;
    req.stream = ref("s");
    auto all = h.engine().listShards(req);
    QCOMPARE(all->shards.size(), size_t(3));
    QVERIFY(!all->nextToken);
    QCOMPARE(all->shards[1].startingHashKey.toDecimal(),
             std::string("113427455640312821154458202477256070485"));
    for (auto type : {ShardFilterType::AtLatest, ShardFilterType::AtTrimHorizon,
                      ShardFilterType::FromTrimHorizon}) {
        req.filter = ShardFilter{type, std::nullopt, std::nullopt};
        QCOMPARE(h.engine().listShards(req)->shards.size(), size_t(3));
    }
    req.filter = ShardFilter{ShardFilterType::AfterShardId, "shardId-000000000000", std::nullopt};
    auto after = h.engine().listShards(req);
    QCOMPARE(after->shards.size(), size_t(2));
    QCOMPARE(after->shards[0].shardId, std::string("shardId-000000000001"));
    req.filter = ShardFilter{ShardFilterType::AtTimestamp, std::nullopt, h.clock().nowMs()};
    QCOMPARE(h.engine().listShards(req)->shards.size(), size_t(3));
    req.filter = ShardFilter{ShardFilterType::AtTimestamp, std::nullopt, std::nullopt};
    QCOMPARE(typeOf(h.engine().listShards(req).error()),
             QStringLiteral("InvalidArgumentException"));
    req.filter = ShardFilter{ShardFilterType::AfterShardId, std::nullopt, std::nullopt};
    QCOMPARE(typeOf(h.engine().listShards(req).error()),
             QStringLiteral("InvalidArgumentException"));
}

void TestEngineStreams::listShardsPagingAndTokens()
{
    EngineHarness h;
    h.ready("s", 5);
    ListShardsRequest req;
    req.stream = ref("s");
    req.maxResults = 2;
    std::vector<std::string> seen;
    auto page = h.engine().listShards(req);
    QVERIFY(page);
    for (;;) {
        for (auto &s : page->shards)
            seen.push_back(s.shardId);
        if (!page->nextToken)
            break;
        ListShardsRequest next;
        next.nextToken = page->nextToken;
        next.maxResults = 2;
        page = h.engine().listShards(next);
        QVERIFY(page);
    }
    QCOMPARE(int(seen.size()), 5);
    QCOMPARE(seen.back(), std::string("shardId-000000000004"));

    auto first = h.engine().listShards(req);
    ListShardsRequest both;
    both.stream = ref("s");
    both.nextToken = first->nextToken;
    auto e1 = h.engine().listShards(both);
    QCOMPARE(msg(e1.error()),
             QStringLiteral("NextToken and StreamName cannot be provided together."));
    auto e2 = h.engine().listShards(ListShardsRequest{});
    QCOMPARE(msg(e2.error()), QStringLiteral("Either NextToken or StreamName should be provided."));
    h.clock().advance(300'001);
    ListShardsRequest late;
    late.nextToken = first->nextToken;
    QCOMPARE(typeOf(h.engine().listShards(late).error()),
             QStringLiteral("ExpiredNextTokenException"));
    req.maxResults = 10001;
    QCOMPARE(typeOf(h.engine().listShards(req).error()), QStringLiteral("ValidationException"));
}

void TestEngineStreams::describeLimits()
{
    EngineHarness h;
    h.ready("a", 3);
    QVERIFY(h.run([](Engine &e) {
        return e.createStream(create("od", std::nullopt, StreamMode::OnDemand));
    }));
    auto l = h.engine().describeLimits();
    QCOMPARE(l->openShardCount, 7);
    QCOMPARE(l->onDemandStreamCount, 1);
    QCOMPARE(l->shardLimit, 20000);
    QCOMPARE(l->onDemandStreamCountLimit, 50);
}

void TestEngineStreams::stateSurvivesRestart()
{
    EngineHarness h;
    h.ready("s", 2);
    AddTagsRequest add{ref("s"), {{"k", "v:with:colons"}}};
    QVERIFY(h.run([&](Engine &e) { return e.addTagsToStream(add); }));
    RetentionRequest up{ref("s"), 100};
    QVERIFY(h.run([&](Engine &e) { return e.increaseStreamRetentionPeriod(up); }));
    const auto before = h.engine().describeStreamSummary(ref("s"));
    h.restart();
    const auto after = h.engine().describeStreamSummary(ref("s"));
    QVERIFY(after);
    QCOMPARE(after->retentionPeriodHours, 100);
    QCOMPARE(after->streamId, before->streamId);
    QCOMPARE(after->status, StreamStatus::Active);
    QCOMPARE(h.engine().listTagsForStream({ref("s"), {}, {}})->tags.at(0).second,
             std::string("v:with:colons"));
    QVERIFY(h.engine().checkInvariants().empty());
}

QTEST_APPLESS_MAIN(TestEngineStreams)
#include "tst_engine_streams.moc"
