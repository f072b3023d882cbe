// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine_harness.h"

#include "engine/throughput_limiter.h"

#include <QtTest>

using namespace shs::core;
using shs::test::EngineHarness;
using shs::test::ManualClock;

namespace {
EngineConfig awsConfig()
{
    EngineConfig c;
    c.limits = LimitsProfile::aws();
    return c;
}
QString typeOf(const Error &e)
{
    return QString::fromUtf8(e.name().data(), qsizetype(e.name().size()));
}
} // namespace

class TestThroughputLimiter : public QObject
{
    Q_OBJECT
  private Q_SLOTS:
    void writeBudget_data();
    void writeBudget();
    void manyWritesTakeWhatBothBucketsHold();
    void readBytesArePaidAfterwards();
    void readCallsPerSecond();
    void profiles_data();
    void profiles();
    void putRecordThrottledWithAwsText();
    void putRecordsFailsOnlyTheEntriesOverTheLimit();
    void getRecordsThrottledAfterTenMiB();
    void getShardIteratorFivePerSecond();
    void controlPlaneRateLimits();
    void offProfileNeverThrottles();
};

void TestThroughputLimiter::writeBudget_data()
{
    // Per-shard write limits (kinesis_limits.h): 1000 records/s and 1 MiB/s, one second of burst.
    QTest::addColumn<int>("priorRecords");
    QTest::addColumn<qint64>("priorBytes");
    QTest::addColumn<int>("advanceMs");
    QTest::addColumn<qint64>("nextBytes");
    QTest::addColumn<bool>("accepted");
    constexpr qint64 MiB = 1024 * 1024;
    QTest::newRow("1000th-record-accepted") << 999 << qint64(999) << 0 << qint64(1) << true;
    QTest::newRow("1001st-record-throttled") << 1000 << qint64(1000) << 0 << qint64(1) << false;
    QTest::newRow("bytes-up-to-1-MiB-accepted") << 1 << MiB - 10 << 0 << qint64(10) << true;
    QTest::newRow("one-byte-over-1-MiB-throttled") << 1 << MiB - 10 << 0 << qint64(11) << false;
    QTest::newRow("budget-refills-after-1-second")
        << 1000 << qint64(1000) << 1000 << qint64(1) << true;
    QTest::newRow("half-a-second-refills-half") << 1000 << qint64(1000) << 500 << qint64(1) << true;
    QTest::newRow("one-ms-refills-one-record") << 1000 << qint64(1000) << 1 << qint64(1) << true;
    QTest::newRow("no-time-no-refill") << 1000 << qint64(1000) << 0 << qint64(0) << false;
}

void TestThroughputLimiter::writeBudget()
{
    QFETCH(int, priorRecords);
    QFETCH(qint64, priorBytes);
    QFETCH(int, advanceMs);
    QFETCH(qint64, nextBytes);
    QFETCH(bool, accepted);
    ManualClock clock;
    ShardThrottle t;
    t.reset(LimitsProfile::aws(), clock.nowMs());
    // Spread the prior bytes over the prior records.
    for (int i = 0; i < priorRecords; ++i) {
        const qint64 share = priorBytes / priorRecords + (i < priorBytes % priorRecords ? 1 : 0);
        QVERIFY(t.tryWrite(share, clock.nowMs()));
    }
    clock.advance(advanceMs);
    QCOMPARE(t.tryWrite(nextBytes, clock.nowMs()), accepted);
}

// A carried load admits records in bulk: as many as the records bucket and the bytes bucket both
// hold, exactly as that many tryWrite calls would.
void TestThroughputLimiter::manyWritesTakeWhatBothBucketsHold()
{
    ManualClock clock;
    ShardThrottle bulk, single;
    bulk.reset(LimitsProfile::aws(), clock.nowMs());
    single.reset(LimitsProfile::aws(), clock.nowMs());
    auto one = [&](std::int64_t count, std::int64_t bytes) {
        std::int64_t n = 0;
        for (std::int64_t i = 0; i < count; ++i)
            n += single.tryWrite(bytes, clock.nowMs()) ? 1 : 0;
        return n;
    };
    QCOMPARE(bulk.tryWriteMany(1500, 100, clock.nowMs()), 1000); // records run out
    QCOMPARE(one(1500, 100), 1000);
    clock.advance(500);
    QCOMPARE(bulk.tryWriteMany(1000, 4096, clock.nowMs()), 256); // 1 MiB of bytes run out
    QCOMPARE(one(1000, 4096), 256);
    clock.advance(1000);
    QCOMPARE(bulk.tryWriteMany(0, 100, clock.nowMs()), 0);
    QCOMPARE(bulk.tryWriteMany(3, 2 * 1048576, clock.nowMs()), 1); // a large record, then debt
    QCOMPARE(one(3, 2 * 1048576), 1);
    ShardThrottle off;
    off.reset(LimitsProfile::off(), clock.nowMs());
    QCOMPARE(off.tryWriteMany(1'000'000, 1000, clock.nowMs()), 1'000'000);
}

void TestThroughputLimiter::readBytesArePaidAfterwards()
{
    ManualClock clock;
    ShardThrottle t;
    t.reset(LimitsProfile::aws(), clock.nowMs());
    QVERIFY(t.tryReadCall(clock.nowMs()));
    t.chargeRead(10 * 1024 * 1024, clock.nowMs()); // a full 10 MiB response
    clock.advance(200);
    QVERIFY(!t.tryReadCall(clock.nowMs()));
    clock.advance(4700); // 4.9 s after
    QVERIFY(!t.tryReadCall(clock.nowMs()));
    clock.advance(100); // 5 s after: paid off at 2 MiB/s
    QVERIFY(t.tryReadCall(clock.nowMs()));
    // Small reads barely notice.
    t.chargeRead(1000, clock.nowMs());
    clock.advance(200);
    QVERIFY(t.tryReadCall(clock.nowMs()));
}

void TestThroughputLimiter::readCallsPerSecond()
{
    ManualClock clock;
    ShardThrottle t;
    t.reset(LimitsProfile::aws(), clock.nowMs());
    for (int i = 0; i < 5; ++i)
        QVERIFY(t.tryReadCall(clock.nowMs()));
    QVERIFY(!t.tryReadCall(clock.nowMs()));
    clock.advance(200);
    QVERIFY(t.tryReadCall(clock.nowMs()));
    QVERIFY(!t.tryReadCall(clock.nowMs()));
}

void TestThroughputLimiter::profiles_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<QString>("name");
    QTest::newRow("aws") << "aws" << true << "aws";
    QTest::newRow("off") << "off" << true << "off";
    QTest::newRow("custom") << "custom:2048,10,4096,2" << true << "custom";
    QTest::newRow("custom-zero") << "custom:0,10,4096,2" << false << "";
    QTest::newRow("custom-short") << "custom:1,2,3" << false << "";
    QTest::newRow("unknown") << "fast" << false << "";
}

void TestThroughputLimiter::profiles()
{
    QFETCH(QString, text);
    QFETCH(bool, valid);
    QFETCH(QString, name);
    LimitsProfile p;
    QCOMPARE(LimitsProfile::parse(text.toStdString(), p), valid);
    if (valid)
        QCOMPARE(QString::fromStdString(p.name), name);
    if (text.startsWith(QStringLiteral("custom")) && valid) {
        QCOMPARE(p.writeBytesPerSecond, 2048);
        QCOMPARE(p.writeRecordsPerSecond, 10);
        ManualClock clock;
        ShardThrottle t;
        t.reset(p, clock.nowMs());
        for (int i = 0; i < 10; ++i)
            QVERIFY(t.tryWrite(10, clock.nowMs()));
        QVERIFY(!t.tryWrite(10, clock.nowMs()));
    }
}

void TestThroughputLimiter::putRecordThrottledWithAwsText()
{
    EngineHarness h(awsConfig());
    h.ready("s", 1);
    const std::string mib(1024 * 1024 - 1, 'x');
    auto first = h.run([&](Engine &e) { return e.putRecord({{"s", {}}, mib, "k", {}, {}}); });
    QVERIFY(first);
    auto second = h.run([&](Engine &e) { return e.putRecord({{"s", {}}, "x", "k", {}, {}}); });
    QVERIFY(!second);
    QCOMPARE(typeOf(second.error()), QStringLiteral("ProvisionedThroughputExceededException"));
    QCOMPARE(QString::fromStdString(second.error().message),
             QStringLiteral("Rate exceeded for shard shardId-000000000000 in stream s under "
                            "account 000000000000."));
    QCOMPARE(h.storage().recordCount(), size_t(1)); // nothing of the refused record is kept
    h.clock().advance(1000);
    QVERIFY(h.run([&](Engine &e) { return e.putRecord({{"s", {}}, "x", "k", {}, {}}); }));
}

void TestThroughputLimiter::putRecordsFailsOnlyTheEntriesOverTheLimit()
{
    EngineHarness h(awsConfig());
    h.ready("s", 2);
    // Within one second, shard 0 (ExplicitHashKey 0) takes 300 + 500 + 150 + 50 = 1000 records:
    // all accepted; shard 1 (ExplicitHashKey 2^128-1) takes 200 + 150 + 50 + 5.
    PutRecordsRequest a{{"s", {}}, {}};
    for (int i = 0; i < 500; ++i)
        a.records.push_back(
            {"d", "k",
             i < 300 ? std::optional<std::string>("0")
                     : std::optional<std::string>("340282366920938463463374607431768211455")});
    QCOMPARE(h.run([&](Engine &e) { return e.putRecords(std::move(a)); })->failedRecordCount, 0);
    PutRecordsRequest b{{"s", {}}, {}};
    for (int i = 0; i < 500; ++i)
        b.records.push_back({"d", "k", std::string("0")}); // shard 0: 800 so far
    auto r = h.run([&](Engine &e) { return e.putRecords(std::move(b)); });
    QVERIFY(r);
    QCOMPARE(r->failedRecordCount, 0);
    PutRecordsRequest c{{"s", {}}, {}};
    for (int i = 0; i < 300; ++i)
        c.records.push_back(
            {"d", "k", std::string(i % 2 ? "0" : "340282366920938463463374607431768211455")});
    auto r2 = h.run([&](Engine &e) { return e.putRecords(std::move(c)); });
    QVERIFY(r2);
    // Shard 0: 950 so far, shard 1: 350.
    QCOMPARE(r2->failedRecordCount, 0);
    PutRecordsRequest d{{"s", {}}, {}};
    for (int i = 0; i < 100; ++i)
        d.records.push_back(
            {"d", "k", std::string(i % 2 ? "0" : "340282366920938463463374607431768211455")});
    auto r3 = h.run([&](Engine &e) { return e.putRecords(std::move(d)); });
    // Shard 0 reaches exactly 1000 with the 50 odd entries; shard 1 takes the 50 even ones.
    QCOMPARE(r3->failedRecordCount, 0);
    PutRecordsRequest e2{{"s", {}}, {}};
    for (int i = 0; i < 10; ++i)
        e2.records.push_back(
            {"d", "k", std::string(i < 5 ? "0" : "340282366920938463463374607431768211455")});
    auto r4 = h.run([&](Engine &e) { return e.putRecords(std::move(e2)); });
    QCOMPARE(r4->failedRecordCount, 5);
    for (int i = 0; i < 10; ++i) {
        const auto &entry = r4->records[size_t(i)];
        if (i < 5) {
            QCOMPARE(entry.errorCode, std::string("ProvisionedThroughputExceededException"));
            QCOMPARE(entry.errorMessage, std::string("Rate exceeded for shard shardId-000000000000 "
                                                     "in stream s under account 000000000000."));
            QVERIFY(entry.sequenceNumber.empty());
        } else {
            QVERIFY(entry.errorCode.empty());
            QCOMPARE(entry.shardId, std::string("shardId-000000000001"));
        }
    }
}

void TestThroughputLimiter::getRecordsThrottledAfterTenMiB()
{
    EngineHarness h(awsConfig());
    h.ready("s", 1);
    // Fill 10 MiB over 10 seconds (1 MiB/s is the write limit).
    for (int i = 0; i < 10; ++i) {
        QVERIFY(h.run([&](Engine &e) {
            return e.putRecord({{"s", {}}, std::string(1024 * 1024 - 1, 'x'), "k", {}, {}});
        }));
        h.clock().advance(1000);
    }
    auto it = h.engine().getShardIterator(
        {{"s", {}}, "shardId-000000000000", ShardIteratorType::TrimHorizon, {}, {}});
    auto full = h.engine().getRecords({it->shardIterator, {}, {}});
    QCOMPARE(full->records.size(), size_t(10));
    h.clock().advance(1000);
    auto next = h.engine().getRecords({*full->nextShardIterator, {}, {}});
    QVERIFY(!next);
    QCOMPARE(typeOf(next.error()), QStringLiteral("ProvisionedThroughputExceededException"));
    h.clock().advance(4000);
    QVERIFY(h.engine().getRecords({*full->nextShardIterator, {}, {}}));
}

void TestThroughputLimiter::getShardIteratorFivePerSecond()
{
    EngineHarness h(awsConfig());
    h.ready("s", 1);
    GetShardIteratorRequest g{{"s", {}}, "shardId-000000000000", ShardIteratorType::Latest, {}, {}};
    for (int i = 0; i < 5; ++i)
        QVERIFY(h.engine().getShardIterator(g));
    QCOMPARE(typeOf(h.engine().getShardIterator(g).error()),
             QStringLiteral("ProvisionedThroughputExceededException"));
}

void TestThroughputLimiter::controlPlaneRateLimits()
{
    EngineHarness h(awsConfig());
    h.ready("s", 1);
    h.ready("t", 1);
    h.clock().advance(1000);
    int ok = 0;
    Error last;
    for (int i = 0; i < 25; ++i) {
        auto r = h.engine().describeStreamSummary({"s", {}});
        if (r)
            ++ok;
        else
            last = r.error();
    }
    QCOMPARE(ok, 20); // DescribeStreamSummary: 20 per second per account (kinesis-api.md §1.1)
    QCOMPARE(typeOf(last), QStringLiteral("LimitExceededException"));
    QCOMPARE(QString::fromStdString(last.message),
             QStringLiteral("Rate exceeded for account 000000000000."));
    QVERIFY(!h.engine().describeStreamSummary({"t", {}})); // another stream shares the account's
    // ListShards is counted per stream (1,000 per second each): one stream's calls leave the
    // other's alone.
    auto listShards = [&h](const std::string &stream) {
        ListShardsRequest request;
        request.stream.name = stream;
        return h.engine().listShards(request);
    };
    for (int i = 0; i < 1000; ++i)
        QVERIFY(listShards("s"));
    QCOMPARE(QString::fromStdString(listShards("s").error().message),
             QStringLiteral("Rate exceeded for stream s under account 000000000000."));
    QVERIFY(listShards("t"));
    int describes = 0;
    for (int i = 0; i < 15; ++i)
        describes += h.engine().describeStream({{"s", {}}, {}, {}}) ? 1 : 0;
    QCOMPARE(describes, 10); // DescribeStream: 10 per second
    h.clock().advance(1000);
    QVERIFY(h.engine().describeStreamSummary({"s", {}}));
    QVERIFY(h.engine().describeLimits());
    QCOMPARE(typeOf(h.engine().describeLimits().error()),
             QStringLiteral("LimitExceededException")); // 1 per second
    // Calls that change a stream are rated per account before the stream is looked up: the
    // sixth AddTagsToStream in a second is refused even when it names no stream that exists.
    for (int i = 0; i < 5; ++i)
        QVERIFY(h.run([&](Engine &e) {
            return e.addTagsToStream({{"s", {}}, {{"k", std::to_string(i)}}});
        }));
    auto sixth = h.run([](Engine &e) {
        return e.addTagsToStream({{"missing", {}}, {{"k", "v"}}});
    });
    QCOMPARE(typeOf(sixth.error()), QStringLiteral("LimitExceededException"));
    QCOMPARE(QString::fromStdString(sixth.error().message),
             QStringLiteral("Rate exceeded for account 000000000000."));
    h.clock().advance(1000);
    QCOMPARE(typeOf(h.run([](Engine &e) {
                         return e.addTagsToStream({{"missing", {}}, {{"k", "v"}}});
                     }).error()),
             QStringLiteral("ResourceNotFoundException"));
}

void TestThroughputLimiter::offProfileNeverThrottles()
{
    EngineHarness h(awsConfig());
    h.ready("s", 1);
    h.engine().setLimits(LimitsProfile::off());
    for (int i = 0; i < 3000; ++i)
        QVERIFY(h.run([&](Engine &e) { return e.putRecord({{"s", {}}, "d", "k", {}, {}}); }));
    for (int i = 0; i < 50; ++i)
        QVERIFY(h.engine().describeStreamSummary({"s", {}}));
    QCOMPARE(h.engine().limits().name, std::string("off"));
    h.engine().setLimits(LimitsProfile::aws());
    int accepted = 0;
    for (int i = 0; i < 1500; ++i)
        accepted += h.run([&](Engine &e) {
            return e.putRecord({{"s", {}}, "d", "k", {}, {}});
        })
                        ? 1
                        : 0;
    QCOMPARE(accepted, 1000);
}

QTEST_APPLESS_MAIN(TestThroughputLimiter)
#include "tst_throughput_limiter.moc"
