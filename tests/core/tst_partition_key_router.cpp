// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine_harness.h"

#include <QtTest>

using namespace shs::core;
using shs::test::EngineHarness;

class TestPartitionKeyRouter : public QObject
{
    Q_OBJECT
  private Q_SLOTS:
    void md5Vectors_data();
    void md5Vectors();
    void explicitHashKeyOverridesTheKey_data();
    void explicitHashKeyOverridesTheKey();
    void explicitHashKeyErrors_data();
    void explicitHashKeyErrors();
};

void TestPartitionKeyRouter::md5Vectors_data()
{
    // Expected values from Python: int(hashlib.md5(key.encode()).hexdigest(), 16), and the shard
    // of a 4-shard stream (h * 4 >> 128).
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("hashKey");
    QTest::addColumn<QString>("shard");
    QTest::newRow("pk-1") << "pk-1"
                          << "273922656776327812788301823748127981641"
                          << "shardId-000000000003";
    QTest::newRow("a") << "a"
                       << "16955237001963240173058271559858726497"
                       << "shardId-000000000000";
    QTest::newRow("partition-key-0") << "partition-key-0"
                                     << "98536078653302800145204944939796654687"
                                     << "shardId-000000000001";
    QTest::newRow("user-42") << "user-42"
                             << "157107139746365290205026809710278036035"
                             << "shardId-000000000001";
    QTest::newRow("utf8") << QStringLiteral("Ünïcødé") << "31602734422571674901621440756928340122"
                          << "shardId-000000000000";
}

void TestPartitionKeyRouter::md5Vectors()
{
    QFETCH(QString, key);
    QFETCH(QString, hashKey);
    QFETCH(QString, shard);
    EngineHarness h;
    h.ready("s", 4);
    QCOMPARE(QString::fromStdString(h.engine().hashPartitionKey(key.toStdString()).toDecimal()),
             hashKey);
    PutRecordRequest req;
    req.stream.name = "s";
    req.partitionKey = key.toStdString();
    req.data = "x";
    auto r = h.run([&](Engine &e) { return e.putRecord(std::move(req)); });
    QVERIFY2(r.has_value(), r ? "" : r.error().toString().c_str());
    QCOMPARE(QString::fromStdString(r->shardId), shard);
}

void TestPartitionKeyRouter::explicitHashKeyOverridesTheKey_data()
{
    QTest::addColumn<QString>("ehk");
    QTest::addColumn<QString>("shard");
    QTest::newRow("zero") << "0"
                          << "shardId-000000000000";
    QTest::newRow("last-of-first") << "85070591730234615865843651857942052863"
                                   << "shardId-000000000000";
    QTest::newRow("first-of-second") << "85070591730234615865843651857942052864"
                                     << "shardId-000000000001";
    QTest::newRow("max") << "340282366920938463463374607431768211455"
                         << "shardId-000000000003";
}

void TestPartitionKeyRouter::explicitHashKeyOverridesTheKey()
{
    QFETCH(QString, ehk);
    QFETCH(QString, shard);
    EngineHarness h;
    h.ready("s", 4);
    PutRecordRequest req;
    req.stream.name = "s";
    req.partitionKey = "pk-1"; // would go to shard 3
    req.explicitHashKey = ehk.toStdString();
    req.data = "x";
    auto r = h.run([&](Engine &e) { return e.putRecord(std::move(req)); });
    QVERIFY(r.has_value());
    QCOMPARE(QString::fromStdString(r->shardId), shard);
}

void TestPartitionKeyRouter::explicitHashKeyErrors_data()
{
    QTest::addColumn<QString>("ehk");
    QTest::addColumn<QString>("type");
    QTest::addColumn<QString>("message");
    QTest::newRow("2^128")
        << "340282366920938463463374607431768211456"
        << "InvalidArgumentException"
        << "Invalid ExplicitHashKey. ExplicitHashKey must be in the range: [0, 2^128-1]. "
           "Specified value was 340282366920938463463374607431768211456";
    QTest::newRow("negative")
        << "-1"
        << "ValidationException"
        << "1 validation error detected: Value '-1' at 'explicitHashKey' failed to "
           "satisfy constraint: Member must satisfy regular expression pattern: "
           "0|([1-9]\\d{0,38})";
}

void TestPartitionKeyRouter::explicitHashKeyErrors()
{
    QFETCH(QString, ehk);
    QFETCH(QString, type);
    QFETCH(QString, message);
    EngineHarness h;
    h.ready("s", 4);
    PutRecordRequest req;
    req.stream.name = "s";
    req.partitionKey = "k";
    req.explicitHashKey = ehk.toStdString();
    req.data = "x";
    auto r = h.run([&](Engine &e) { return e.putRecord(std::move(req)); });
    QVERIFY(!r.has_value());
    QCOMPARE(QString::fromUtf8(r.error().name().data(), qsizetype(r.error().name().size())), type);
    QCOMPARE(QString::fromStdString(r.error().message), message);
}

QTEST_APPLESS_MAIN(TestPartitionKeyRouter)
#include "tst_partition_key_router.moc"
