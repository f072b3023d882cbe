// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine_harness.h"

#include "engine/encoding.h"
#include "engine/sequence_number.h"

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
StreamRef ref(const std::string &name)
{
    return StreamRef{name, {}};
}

struct Session
{
    EngineHarness h;
    explicit Session(int shards = 1) { h.ready("s", shards); }

    Result<PutRecordResult> put(const std::string &pk, const std::string &data,
                                std::optional<std::string> ehk = std::nullopt)
    {
        PutRecordRequest r;
        r.stream = ref("s");
        r.partitionKey = pk;
        r.data = data;
        r.explicitHashKey = std::move(ehk);
        return h.run([&](Engine &e) { return e.putRecord(std::move(r)); });
    }
    Result<GetShardIteratorResult> iterator(ShardIteratorType type,
                                            std::optional<std::string> seq = {},
                                            std::optional<std::int64_t> ts = {},
                                            const std::string &shard = "shardId-000000000000")
    {
        GetShardIteratorRequest r;
        r.stream = ref("s");
        r.shardId = shard;
        r.type = type;
        r.startingSequenceNumber = std::move(seq);
        r.timestampMs = ts;
        return h.engine().getShardIterator(r);
    }
    Result<GetRecordsResult> get(const std::string &it, std::optional<std::int64_t> limit = {})
    {
        GetRecordsRequest r;
        r.shardIterator = it;
        r.limit = limit;
        return h.engine().getRecords(r);
    }
    std::vector<std::string> drain(const std::string &startIt)
    {
        std::vector<std::string> out;
        std::string it = startIt;
        for (int i = 0; i < 100; ++i) {
            auto r = get(it);
            if (!r || r->records.empty() || !r->nextShardIterator)
                break;
            for (auto &rec : r->records)
                out.push_back(rec.data);
            it = *r->nextShardIterator;
        }
        return out;
    }
};
} // namespace

class TestEngineRecords : public QObject
{
    Q_OBJECT
  private Q_SLOTS:
    void putThenReadFromTrimHorizon();
    void sequenceNumbersIncreaseWithinShard();
    void putRecordsResultsInRequestOrder();
    void putRecordsValidation_data();
    void putRecordsValidation();
    void recordSizeIncludesPartitionKey();
    void largeRecords();
    void partitionKeyLength();
    void iteratorTypes();
    void atTimestamp();
    void iteratorErrors_data();
    void iteratorErrors();
    void foreignSequenceNumbers();
    void iteratorExpiresAfterFiveMinutes();
    void tamperedIteratorsAreInvalid();
    void getRecordsLimits();
    void tenMiBCapPerCall();
    void millisBehindLatest();
    void retentionDeletesRecordsAndMovesTrimHorizon();
    void sequenceNumberForOrdering();
    void recordsSurviveRestart();
    void storageFailureIsStickyAndReadOnly();
};

void TestEngineRecords::putThenReadFromTrimHorizon()
{
    Session s;
    auto p = s.put("k", "hello");
    QVERIFY(p);
    QCOMPARE(p->shardId, std::string("shardId-000000000000"));
    QCOMPARE(p->encryptionType, std::string("NONE"));
    const auto it = s.iterator(ShardIteratorType::TrimHorizon);
    QVERIFY(it);
    QVERIFY(it->shardIterator.size() <= 512);
    // Like real iterators: eight bytes 00 .. 01 first, so the text starts "AAAAAAAAAA" + E/F/G/H.
    QVERIFY(QString::fromStdString(it->shardIterator).startsWith(QStringLiteral("AAAAAAAAAA")));
    QCOMPARE(base64Decode(it->shardIterator)->substr(0, 8), std::string("\0\0\0\0\0\0\0\1", 8));
    auto r = s.get(it->shardIterator);
    QVERIFY(r);
    QCOMPARE(r->records.size(), size_t(1));
    QCOMPARE(r->records[0].data, std::string("hello"));
    QCOMPARE(r->records[0].partitionKey, std::string("k"));
    QCOMPARE(r->records[0].sequenceNumber, p->sequenceNumber);
    QCOMPARE(r->records[0].arrivalMs, s.h.clock().nowMs());
    QVERIFY(r->nextShardIterator);
    QVERIFY(r->childShards.empty());
    auto empty = s.get(*r->nextShardIterator);
    QVERIFY(empty->records.empty());
    QVERIFY(empty->nextShardIterator);
    QCOMPARE(empty->millisBehindLatest, 0);
}

void TestEngineRecords::sequenceNumbersIncreaseWithinShard()
{
    Session s;
    std::vector<SequenceNumberParts> parts;
    for (int i = 0; i < 50; ++i) {
        auto p = s.put("k" + std::to_string(i), "d");
        QVERIFY(p);
        parts.push_back(*parseSequenceNumber(p->sequenceNumber));
        if (i % 10 == 0)
            s.h.clock().advance(1500);
    }
    for (std::size_t i = 1; i < parts.size(); ++i) {
        QVERIFY(parts[i].seqIx > parts[i - 1].seqIx);
        QCOMPARE(parts[i].shardIndex, 0u);
        QCOMPARE(parts[i].shardCreateSecs, parts[0].shardCreateSecs);
    }
}

void TestEngineRecords::putRecordsResultsInRequestOrder()
{
    Session s(4);
    PutRecordsRequest req;
    req.stream = ref("s");
    for (int i = 0; i < 500; ++i)
        req.records.push_back(
            {"payload-" + std::to_string(i), "pk-" + std::to_string(i), std::nullopt});
    req.records[7].explicitHashKey = "0";
    auto r = s.h.run([&](Engine &e) { return e.putRecords(std::move(req)); });
    QVERIFY(r);
    QCOMPARE(r->failedRecordCount, 0);
    QCOMPARE(r->records.size(), size_t(500));
    QCOMPARE(r->records[7].shardId, std::string("shardId-000000000000"));
    QCOMPARE(r->records[1].shardId,
             "shardId-00000000000"
                 + std::to_string(s.h.engine().hashPartitionKey("pk-1").hi() >> 62));
    // Read everything back: every shard in order, all 500 present exactly once.
    std::map<std::string, std::string> bySeq;
    for (int shard = 0; shard < 4; ++shard) {
        auto it = s.iterator(ShardIteratorType::TrimHorizon, {}, {},
                             formatShardId(std::uint32_t(shard)));
        auto got = s.get(it->shardIterator);
        for (auto &rec : got->records)
            bySeq[rec.sequenceNumber] = rec.data;
    }
    QCOMPARE(bySeq.size(), size_t(500));
    for (int i = 0; i < 500; ++i)
        QCOMPARE(bySeq.at(r->records[size_t(i)].sequenceNumber), "payload-" + std::to_string(i));
}

void TestEngineRecords::putRecordsValidation_data()
{
    QTest::addColumn<int>("count");
    QTest::addColumn<int>("size");
    QTest::addColumn<QString>("error");
    QTest::newRow("empty")
        << 0 << 1
        << "ValidationException: 1 validation error detected: Value '[]' at 'records' failed to "
           "satisfy constraint: Member must have length greater than or equal to 1";
    QTest::newRow("501-records")
        << 501 << 1
        << "ValidationException: 1 validation error detected: Value '[...]' at 'records' "
           "failed to satisfy constraint: Member must have length less than or equal to 500";
    QTest::newRow("over-5-MiB") << 6 << (1024 * 1024 - 1)
                                << "InvalidArgumentException: Records size exceeds 5 MB limit";
    QTest::newRow("exactly-5-MiB") << 5 << (1024 * 1024 - 1) << "";
}

void TestEngineRecords::putRecordsValidation()
{
    QFETCH(int, count);
    QFETCH(int, size);
    QFETCH(QString, error);
    Session s;
    PutRecordsRequest req;
    req.stream = ref("s");
    for (int i = 0; i < count; ++i)
        req.records.push_back({std::string(size_t(size), 'x'), "k", std::nullopt});
    auto r = s.h.run([&](Engine &e) { return e.putRecords(std::move(req)); });
    if (error.isEmpty()) {
        QVERIFY(r);
        QCOMPARE(int(r->records.size()), count);
    } else {
        QVERIFY(!r);
        QCOMPARE(QString::fromStdString(r.error().toString()), error);
        QCOMPARE(s.h.storage().recordCount(), size_t(0)); // nothing of a refused request is kept
    }
}

void TestEngineRecords::recordSizeIncludesPartitionKey()
{
    Session s;
    QVERIFY(s.put("k", std::string(1024 * 1024 - 1, 'x')));
    auto r = s.put("kk", std::string(1024 * 1024 - 1, 'x'));
    QVERIFY(!r);
    // Data within 1 MiB, the record (data plus key) over it: the message says so.
    QCOMPARE(msg(r.error()),
             QStringLiteral("1 validation error detected: Value at 'data' failed to satisfy "
                            "constraint: the record's data (1048575 bytes) and partition key (2 "
                            "bytes) are 1048577 bytes together; a record's data and partition key "
                            "may be at most 1048576 bytes (1 MiB) together. Shorten the data or "
                            "the partition key, or raise the stream's limit with "
                            "UpdateMaxRecordSize."));
    auto exact = s.put("k", std::string(1024 * 1024, 'x'));
    QVERIFY(!exact);
    QVERIFY(msg(exact.error())
                .contains(QStringLiteral("data (1048576 bytes) and partition key (1 "
                                         "byte) are 1048577 bytes together")));
    // Data alone over 1 MiB: the stream's limit, and how to raise it.
    auto over = s.put("k", std::string(1024 * 1024 + 1, 'x'));
    QVERIFY(!over);
    QVERIFY(msg(over.error())
                .endsWith(QStringLiteral("or raise the stream's limit with UpdateMaxRecordSize.")));
    // Data over 10 MiB: the model's constraint on the blob, in AWS's words.
    auto huge = s.put("k", std::string(10 * 1024 * 1024 + 1, 'x'));
    QVERIFY(!huge);
    QCOMPARE(msg(huge.error()),
             QStringLiteral("1 validation error detected: Value at 'data' failed to satisfy "
                            "constraint: Member must have length less than or equal to 10485760"));
    PutRecordsRequest req;
    req.stream = ref("s");
    req.records.push_back({"ok", "k", std::nullopt});
    req.records.push_back({std::string(1024 * 1024, 'x'), "k", std::nullopt});
    auto rr = s.h.run([&](Engine &e) { return e.putRecords(std::move(req)); });
    QVERIFY(msg(rr.error()).contains(QStringLiteral("'records.2.member.data'")));
}

void TestEngineRecords::largeRecords()
{
    // A stream that takes records of up to 3 MiB, under AWS's per-shard limits: a large record
    // bursts past the 1 MiB/s bucket and leaves the shard writing nothing until the average is
    // back at 1 MiB/s.
    EngineConfig cfg;
    cfg.limits = LimitsProfile::aws();
    cfg.createDelayMs = 0;
    EngineHarness h(cfg);
    h.ready("s", 1);
    auto setSize = [&](std::int64_t kib) {
        return h.run([&](Engine &e) { return e.updateMaxRecordSize({ref("s"), kib}); });
    };
    auto put = [&](std::size_t bytes) {
        return h.run([&](Engine &e) {
            return e.putRecord({ref("s"), std::string(bytes, 'x'), "k", {}, {}});
        });
    };
    auto low = setSize(1023);
    QVERIFY(!low);
    QCOMPARE(QString::fromStdString(low.error().toString()),
             QStringLiteral("ValidationException: 1 validation error detected: Value '1023' at "
                            "'maxRecordSizeInKiB' failed to satisfy constraint: Member must have "
                            "value greater than or equal to 1024"));
    QVERIFY(!setSize(10241));
    QVERIFY(!put(2 * 1024 * 1024)); // 1 MiB until raised
    QVERIFY(setSize(3072));
    QCOMPARE(h.engine().describeStreamSummary(ref("s"))->maxRecordSizeKiB, 3072);
    auto tooBig = put(3 * 1024 * 1024);
    QVERIFY(!tooBig); // data plus key over 3 MiB
    QVERIFY(msg(tooBig.error())
                .contains(QStringLiteral("3145728 bytes (3072 KiB, the stream's "
                                         "MaxRecordSizeInKiB) together")));
    QVERIFY(put(3 * 1024 * 1024 - 1)); // exactly 3 MiB with its key
    auto after = put(10);
    QVERIFY(!after); // the bucket is 2 MiB in debt
    QCOMPARE(after.error().code, ErrorCode::ProvisionedThroughputExceeded);
    h.advance(2000);
    QVERIFY(!put(10)); // paid back at 1 MiB/s: still short of a whole record after 2 s
    h.advance(1000);
    QVERIFY(put(10));
    // Read back whole.
    auto it = h.engine().getShardIterator(
        {ref("s"), "shardId-000000000000", ShardIteratorType::TrimHorizon, {}, {}});
    auto got = h.engine().getRecords({it->shardIterator, {}, {}});
    QVERIFY(got);
    QCOMPARE(got->records.size(), std::size_t(2));
    QCOMPARE(got->records[0].data.size(), std::size_t(3 * 1024 * 1024 - 1));
    // PutRecords to a large-record stream may total 10 MiB, not 5.
    h.engine().setLimits(LimitsProfile::off());
    PutRecordsRequest req;
    req.stream = ref("s");
    for (int i = 0; i < 3; ++i)
        req.records.push_back({std::string(3 * 1024 * 1024 - 1, 'y'), "k", std::nullopt});
    auto nine = h.run([&](Engine &e) { return e.putRecords(std::move(req)); });
    QVERIFY(nine);
    QCOMPARE(nine->failedRecordCount, 0);
    PutRecordsRequest eleven;
    eleven.stream = ref("s");
    for (int i = 0; i < 4; ++i)
        eleven.records.push_back({std::string(3 * 1024 * 1024 - 1, 'y'), "k", std::nullopt});
    auto refused = h.run([&](Engine &e) { return e.putRecords(std::move(eleven)); });
    QVERIFY(!refused);
    QCOMPARE(QString::fromStdString(refused.error().toString()),
             QStringLiteral("InvalidArgumentException: Records size exceeds 10 MB limit"));
    // CreateStream takes the limit too, and it survives a restart of the engine.
    CreateStreamRequest c;
    c.streamName = "big";
    c.shardCount = 1;
    c.maxRecordSizeInKiB = 10240;
    QVERIFY(h.run([&](Engine &e) { return e.createStream(c); }));
    h.restart();
    QCOMPARE(h.engine().describeStreamSummary(ref("big"))->maxRecordSizeKiB, 10240);
    QCOMPARE(h.engine().describeStreamSummary(ref("s"))->maxRecordSizeKiB, 3072);
}

void TestEngineRecords::partitionKeyLength()
{
    Session s;
    QVERIFY(s.put(std::string(256, 'k'), "x"));
    // 256 characters of 2 bytes each is still 256 characters.
    std::string wide;
    for (int i = 0; i < 256; ++i)
        wide += "\xc3\xa9";
    QVERIFY(s.put(wide, "x"));
    auto tooLong = s.put(std::string(257, 'k'), "x");
    QCOMPARE(typeOf(tooLong.error()), QStringLiteral("ValidationException"));
    QVERIFY(msg(tooLong.error())
                .endsWith(QStringLiteral("Member must have length less than or equal to 256")));
    auto empty = s.put("", "x");
    QVERIFY(msg(empty.error())
                .endsWith(QStringLiteral("Member must have length greater than or equal to 1")));
}

void TestEngineRecords::iteratorTypes()
{
    Session s;
    auto a = s.put("k", "a");
    auto b = s.put("k", "b");
    auto latest = s.iterator(ShardIteratorType::Latest);
    auto c = s.put("k", "c");
    QCOMPARE(s.drain(s.iterator(ShardIteratorType::TrimHorizon)->shardIterator),
             (std::vector<std::string>{"a", "b", "c"}));
    QCOMPARE(s.drain(latest->shardIterator), (std::vector<std::string>{"c"}));
    QCOMPARE(
        s.drain(s.iterator(ShardIteratorType::AtSequenceNumber, b->sequenceNumber)->shardIterator),
        (std::vector<std::string>{"b", "c"}));
    QCOMPARE(
        s.drain(
            s.iterator(ShardIteratorType::AfterSequenceNumber, b->sequenceNumber)->shardIterator),
        (std::vector<std::string>{"c"}));
    QCOMPARE(
        s.drain(
            s.iterator(ShardIteratorType::AfterSequenceNumber, c->sequenceNumber)->shardIterator),
        (std::vector<std::string>{}));
    QVERIFY(a);
}

void TestEngineRecords::atTimestamp()
{
    Session s;
    const auto t0 = s.h.clock().nowMs();
    (void)s.put("k", "early");
    s.h.clock().advance(10'000);
    const auto t1 = s.h.clock().nowMs();
    (void)s.put("k", "late-1");
    (void)s.put("k", "late-2");
    s.h.clock().advance(10'000);
    QCOMPARE(s.drain(s.iterator(ShardIteratorType::AtTimestamp, {}, t1)->shardIterator),
             (std::vector<std::string>{"late-1", "late-2"}));
    QCOMPARE(s.drain(s.iterator(ShardIteratorType::AtTimestamp, {}, t0 - 100'000)->shardIterator),
             (std::vector<std::string>{"early", "late-1", "late-2"}));
    QCOMPARE(s.drain(s.iterator(ShardIteratorType::AtTimestamp, {}, t1 + 1)->shardIterator),
             (std::vector<std::string>{}));
    auto future = s.iterator(ShardIteratorType::AtTimestamp, {}, s.h.clock().nowMs() + 5000);
    QCOMPARE(typeOf(future.error()), QStringLiteral("InvalidArgumentException"));
    QVERIFY(msg(future.error())
                .startsWith(QStringLiteral("The timestampInMillis parameter cannot be greater than "
                                           "the currentTimestampInMillis.")));
}

void TestEngineRecords::iteratorErrors_data()
{
    QTest::addColumn<int>("type");
    QTest::addColumn<bool>("withSeq");
    QTest::addColumn<QString>("shard");
    QTest::addColumn<QString>("error");
    QTest::newRow("latest-with-seq")
        << int(ShardIteratorType::Latest) << true << "shardId-000000000000"
        << "InvalidArgumentException: Must either specify (1) AT_SEQUENCE_NUMBER or "
           "AFTER_SEQUENCE_NUMBER and StartingSequenceNumber or (2) TRIM_HORIZON or "
           "LATEST and no StartingSequenceNumber. Request specified LATEST and also a "
           "StartingSequenceNumber.";
    QTest::newRow("at-seq-without-seq")
        << int(ShardIteratorType::AtSequenceNumber) << false << "shardId-000000000000"
        << "InvalidArgumentException: Must either specify (1) AT_SEQUENCE_NUMBER or "
           "AFTER_SEQUENCE_NUMBER and StartingSequenceNumber or (2) TRIM_HORIZON or "
           "LATEST and no StartingSequenceNumber. Request specified "
           "AT_SEQUENCE_NUMBER and no StartingSequenceNumber.";
    QTest::newRow("at-timestamp-without-ts")
        << int(ShardIteratorType::AtTimestamp) << false << "shardId-000000000000"
        << "InvalidArgumentException: Must specify timestampInMillis parameter "
           "for iterator of type AT_TIMESTAMP. Current request has no timestamp "
           "parameter.";
    QTest::newRow("missing-shard")
        << int(ShardIteratorType::TrimHorizon) << false << "shardId-000000000009"
        << "ResourceNotFoundException: Shard shardId-000000000009 in stream s under "
           "account 000000000000 does not exist";
    QTest::newRow("malformed-shard")
        << int(ShardIteratorType::TrimHorizon) << false << "shard-x"
        << "ResourceNotFoundException: Could not find shard shard-x in stream s under "
           "account 000000000000.";
}

void TestEngineRecords::iteratorErrors()
{
    QFETCH(int, type);
    QFETCH(bool, withSeq);
    QFETCH(QString, shard);
    QFETCH(QString, error);
    Session s;
    auto p = s.put("k", "x");
    auto r = s.iterator(ShardIteratorType(type),
                        withSeq ? std::optional(p->sequenceNumber) : std::nullopt, {},
                        shard.toStdString());
    QVERIFY(!r);
    QCOMPARE(QString::fromStdString(r.error().toString()), error);
}

void TestEngineRecords::foreignSequenceNumbers()
{
    Session s(2);
    auto onShard1 = s.put("k", "x", std::string("340282366920938463463374607431768211455"));
    QCOMPARE(onShard1->shardId, std::string("shardId-000000000001"));
    auto wrongShard = s.iterator(ShardIteratorType::AtSequenceNumber, onShard1->sequenceNumber);
    QCOMPARE(QString::fromStdString(wrongShard.error().toString()),
             QStringLiteral("InvalidArgumentException: Invalid StartingSequenceNumber. It encodes "
                            "shardId-000000000001, while it was used in a call to a shard with "
                            "shardId-000000000000"));
    // A number from another incarnation of shard 0 (different creation time).
    const auto foreign = formatSequenceNumber({1234567, 0, 5, 1234567});
    auto otherStream = s.iterator(ShardIteratorType::AtSequenceNumber, foreign);
    QCOMPARE(
        QString::fromStdString(otherStream.error().toString()),
        QStringLiteral(
            "InvalidArgumentException: StartingSequenceNumber %1 used in GetShardIterator on shard "
            "shardId-000000000000 in stream s under account 000000000000 is invalid because it did "
            "not come from this stream.")
            .arg(QString::fromStdString(foreign)));
    auto garbage = s.iterator(ShardIteratorType::AtSequenceNumber, std::string("12345"));
    QCOMPARE(
        QString::fromStdString(garbage.error().toString()),
        QStringLiteral("InvalidArgumentException: StartingSequenceNumber 12345 used in "
                       "GetShardIterator on shard "
                       "shardId-000000000000 in stream s under account 000000000000 is invalid."));
}

void TestEngineRecords::iteratorExpiresAfterFiveMinutes()
{
    Session s;
    (void)s.put("k", "x");
    const auto created = s.h.clock().nowMs();
    auto it = s.iterator(ShardIteratorType::TrimHorizon);
    s.h.clock().advance(300'000);
    QVERIFY(s.get(it->shardIterator)); // exactly 5 minutes is still fine
    s.h.clock().advance(1);
    auto r = s.get(it->shardIterator);
    QCOMPARE(typeOf(r.error()), QStringLiteral("ExpiredIteratorException"));
    QCOMPARE(
        msg(r.error()),
        QStringLiteral("Iterator expired. The iterator was created at time %1 while right now it "
                       "is %2 which is "
                       "further in the future than the tolerated delay of 300000 milliseconds.")
            .arg(QString::fromStdString(amzUtcString(created)),
                 QString::fromStdString(amzUtcString(created + 300'001))));
    QVERIFY(QString::fromStdString(amzUtcString(0))
            == QStringLiteral("Thu Jan 01 00:00:00 UTC 1970"));
}

void TestEngineRecords::tamperedIteratorsAreInvalid()
{
    Session s;
    (void)s.put("k", "x");
    const std::string good = s.iterator(ShardIteratorType::TrimHorizon)->shardIterator;
    std::vector<std::string> bad = {"", "garbage", "AAAAAAAAAAE=", good.substr(0, good.size() - 4)};
    auto raw = *base64Decode(good);
    for (std::size_t i : {std::size_t(3), std::size_t(12), raw.size() - 1}) {
        auto t = raw;
        t[i] = char(t[i] ^ 0x01);
        bad.push_back(base64Encode(t));
    }
    for (const auto &b : bad) {
        auto r = s.get(b);
        QVERIFY2(!r, b.c_str());
        QCOMPARE(QString::fromStdString(r.error().toString()),
                 QStringLiteral("InvalidArgumentException: Invalid ShardIterator."));
    }
    // An iterator from another data directory (another key) is just as invalid.
    EngineConfig other = EngineHarness::withLimitsOff();
    other.tokenKey[0] = 0xEE;
    EngineHarness elsewhere(other);
    elsewhere.ready("s", 1);
    QCOMPARE(typeOf(elsewhere.engine().getRecords({good, {}, {}}).error()),
             QStringLiteral("InvalidArgumentException"));
}

void TestEngineRecords::getRecordsLimits()
{
    Session s;
    for (int i = 0; i < 25; ++i)
        (void)s.put("k", std::to_string(i));
    auto it = s.iterator(ShardIteratorType::TrimHorizon)->shardIterator;
    auto r = s.get(it, 10);
    QCOMPARE(r->records.size(), size_t(10));
    QCOMPARE(r->records.back().data, std::string("9"));
    QVERIFY(r->millisBehindLatest >= 0);
    auto rest = s.get(*r->nextShardIterator, 100);
    QCOMPARE(rest->records.size(), size_t(15));
    QCOMPARE(rest->records.front().data, std::string("10"));
    QCOMPARE(typeOf(s.get(it, 0).error()), QStringLiteral("ValidationException"));
    auto big = s.get(it, 10001);
    QCOMPARE(typeOf(big.error()), QStringLiteral("InvalidArgumentException"));
    QVERIFY(msg(big.error()).contains(QStringLiteral("less than or equal to 10000")));
}

void TestEngineRecords::tenMiBCapPerCall()
{
    Session s;
    for (int i = 0; i < 12; ++i) {
        PutRecordsRequest req;
        req.stream = ref("s");
        req.records.push_back({std::string(1024 * 1024 - 1, char('a' + i)), "k", std::nullopt});
        QVERIFY(s.h.run([&](Engine &e) { return e.putRecords(std::move(req)); }));
    }
    auto r = s.get(s.iterator(ShardIteratorType::TrimHorizon)->shardIterator);
    QCOMPARE(r->records.size(), size_t(10)); // 10 x (1 MiB - 1 + 1) = 10 MiB
    auto rest = s.get(*r->nextShardIterator);
    QCOMPARE(rest->records.size(), size_t(2));
}

void TestEngineRecords::millisBehindLatest()
{
    Session s;
    (void)s.put("k", "a");
    s.h.clock().advance(4000);
    (void)s.put("k", "b");
    s.h.clock().advance(1000);
    auto r = s.get(s.iterator(ShardIteratorType::TrimHorizon)->shardIterator, 1);
    QCOMPARE(r->records.size(), size_t(1));
    QCOMPARE(r->millisBehindLatest, 5000); // now - arrival of the last record returned
    auto caught = s.get(*r->nextShardIterator);
    QCOMPARE(caught->millisBehindLatest, 0);
}

void TestEngineRecords::retentionDeletesRecordsAndMovesTrimHorizon()
{
    Session s;
    (void)s.put("k", "old");
    s.h.advance(3600'000);
    (void)s.put("k", "newer");
    QCOMPARE(s.h.storage().recordCount(), size_t(2));
    s.h.advance(23 * 3600'000 + 1); // "old" is now past 24 h
    QCOMPARE(s.h.storage().recordCount(), size_t(1));
    QCOMPARE(s.drain(s.iterator(ShardIteratorType::TrimHorizon)->shardIterator),
             (std::vector<std::string>{"newer"}));
    s.h.advance(3600'000);
    QCOMPARE(s.h.storage().recordCount(), size_t(0));
    QCOMPARE(s.drain(s.iterator(ShardIteratorType::TrimHorizon)->shardIterator),
             (std::vector<std::string>{}));
    // A longer retention keeps data longer.
    RetentionRequest up{ref("s"), 48};
    QVERIFY(s.h.run([&](Engine &e) { return e.increaseStreamRetentionPeriod(up); }));
    (void)s.put("k", "kept");
    s.h.advance(30 * 3600'000);
    QCOMPARE(s.drain(s.iterator(ShardIteratorType::TrimHorizon)->shardIterator),
             (std::vector<std::string>{"kept"}));
    QVERIFY(s.h.engine().checkInvariants().empty());
}

void TestEngineRecords::sequenceNumberForOrdering()
{
    Session s;
    auto first = s.put("k", "a");
    PutRecordRequest r;
    r.stream = ref("s");
    r.partitionKey = "k";
    r.data = "b";
    r.sequenceNumberForOrdering = first->sequenceNumber;
    auto second = s.h.run([&](Engine &e) { return e.putRecord(std::move(r)); });
    QVERIFY(parseSequenceNumber(second->sequenceNumber)->seqIx
            > parseSequenceNumber(first->sequenceNumber)->seqIx);
    PutRecordRequest bad;
    bad.stream = ref("s");
    bad.partitionKey = "k";
    bad.data = "c";
    bad.sequenceNumberForOrdering = "42";
    auto e = s.h.run([&](Engine &eng) { return eng.putRecord(std::move(bad)); });
    QCOMPARE(QString::fromStdString(e.error().toString()),
             QStringLiteral("InvalidArgumentException: ExclusiveMinimumSequenceNumber 42 used in "
                            "PutRecord on stream s "
                            "under account 000000000000 is invalid."));
}

void TestEngineRecords::recordsSurviveRestart()
{
    Session s;
    auto a = s.put("k", "a");
    s.h.restart();
    auto b = s.put("k", "b");
    QVERIFY(parseSequenceNumber(b->sequenceNumber)->seqIx
            > parseSequenceNumber(a->sequenceNumber)->seqIx);
    QCOMPARE(s.drain(s.iterator(ShardIteratorType::TrimHorizon)->shardIterator),
             (std::vector<std::string>{"a", "b"}));
}

void TestEngineRecords::storageFailureIsStickyAndReadOnly()
{
    Session s;
    (void)s.put("k", "a");
    s.h.storage().failNextCommits(1, "Cannot commit: database or disk is full");
    (void)s.put("k", "lost"); // the harness reports the failed commit to the engine
    QVERIFY(s.h.engine().failure().has_value());
    auto refused = s.put("k", "b");
    QCOMPARE(typeOf(refused.error()), QStringLiteral("InternalFailureException"));
    QVERIFY(msg(refused.error()).contains(QStringLiteral("database or disk is full")));
    CreateStreamRequest c;
    c.streamName = "t";
    c.shardCount = 1;
    QVERIFY(!s.h.run([&](Engine &e) { return e.createStream(c); }));
    // Reads still work and show only durable data.
    QCOMPARE(s.drain(s.iterator(ShardIteratorType::TrimHorizon)->shardIterator),
             (std::vector<std::string>{"a"}));
    QVERIFY(s.h.engine().snapshot().failure.has_value());
}

QTEST_APPLESS_MAIN(TestEngineRecords)
#include "tst_engine_records.moc"
