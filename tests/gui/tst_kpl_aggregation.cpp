// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
// KPL aggregated records: the wire bytes the KPL writes, decoded as the KCL decodes them (only
// with the magic, a matching MD5 and a well-formed protobuf), and passed through the engine
// unchanged so the Consume tab's inspector shows every user record.
#include "consume/consume_panel.h"
#include "engine/kpl_aggregate.h"

#include <QCryptographicHash>
#include <QtTest>

using namespace shs::ui;
namespace kpl = shs::core::kpl;

class TestKplAggregation : public QObject
{
    Q_OBJECT
  private Q_SLOTS:
    void knownBytes();
    void roundTripWithSharedKeys();
    void notAnAggregate_data();
    void notAnAggregate();
    void inspectorShowsUserRecords();
};

namespace {
std::optional<std::vector<kpl::UserRecord>> decodeKplAggregate(const QByteArray &bytes)
{
    return kpl::decode(std::string_view(bytes.constData(), std::size_t(bytes.size())));
}
QByteArray encodeKplAggregate(const std::vector<kpl::UserRecord> &records)
{
    return QByteArray::fromStdString(kpl::encode(records));
}
QByteArray aggregate(const QByteArray &protobuf)
{
    return QByteArray("\xF3\x89\x9A\xC2", 4) + protobuf
           + QCryptographicHash::hash(protobuf, QCryptographicHash::Md5);
}
} // namespace

void TestKplAggregation::knownBytes()
{
    // partition_key_table = ["a"]; records = [{partition_key_index: 0, data: "x"}]
    const QByteArray protobuf("\x0a\x01"
                              "a"
                              "\x1a\x05\x08\x00\x1a\x01"
                              "x",
                              10);
    QCOMPARE(encodeKplAggregate({{"a", std::nullopt, "x"}}), aggregate(protobuf));
    const auto users = decodeKplAggregate(aggregate(protobuf));
    QVERIFY(users);
    QCOMPARE(users->size(), std::size_t(1));
    QCOMPARE(users->front().partitionKey, std::string("a"));
    QCOMPARE(users->front().data, std::string("x"));
    QVERIFY(!users->front().explicitHashKey);
    // A record with tags (field 4, unused by KPL/KCL) and an unknown field still decodes.
    const QByteArray withTags("\x0a\x01"
                              "a"
                              "\x1a\x0c\x08\x00\x1a\x01"
                              "x"
                              "\x22\x03\x0a\x01"
                              "t"
                              "\x28\x07"
                              "\x38\x01",
                              19);
    QVERIFY(decodeKplAggregate(aggregate(withTags)));
}

void TestKplAggregation::roundTripWithSharedKeys()
{
    std::vector<kpl::UserRecord> in;
    for (int i = 0; i < 50; ++i)
        in.push_back(
            {"user-" + std::to_string(i % 7),
             i % 3 == 0 ? std::optional<std::string>(std::to_string(i * 1000)) : std::nullopt,
             std::string(std::size_t(i) * 13, char('a' + i % 26))});
    const QByteArray bytes = encodeKplAggregate(in);
    const auto out = decodeKplAggregate(bytes);
    QVERIFY(out);
    QVERIFY(*out == in);
    // Keys are de-duplicated into the table: 7 names, not 50.
    QVERIFY(bytes.count("user-3") == 1);
}

void TestKplAggregation::notAnAggregate_data()
{
    QTest::addColumn<QByteArray>("data");
    const QByteArray good = encodeKplAggregate({{"k", std::nullopt, "payload"}});
    QByteArray badMd5 = good;
    badMd5[badMd5.size() - 1] = char(badMd5.back() ^ 1);
    QTest::newRow("plain-json") << QByteArray(R"({"event":"click"})");
    QTest::newRow("magic-only") << QByteArray("\xF3\x89\x9A\xC2", 4);
    QTest::newRow("bad-md5") << badMd5;
    QTest::newRow("truncated-protobuf") << aggregate(QByteArray("\x0a\x05"
                                                                "ab",
                                                                4));
    QTest::newRow("index-out-of-range") << aggregate(QByteArray("\x0a\x01"
                                                                "a"
                                                                "\x1a\x05\x08\x03\x1a\x01"
                                                                "x",
                                                                10));
    QTest::newRow("record-without-data") << aggregate(QByteArray("\x0a\x01"
                                                                 "a"
                                                                 "\x1a\x02\x08\x00",
                                                                 7));
    QTest::newRow("wrong-wire-type") << aggregate(QByteArray("\x08\x01", 2));
    QTest::newRow("endless-varint") << aggregate(QByteArray(12, char(0xff)));
}

void TestKplAggregation::notAnAggregate()
{
    QFETCH(QByteArray, data);
    QVERIFY(!decodeKplAggregate(data));
    // The inspector shows such records as they are.
    QCOMPARE(ConsumePanel::inspect(data, ConsumePanel::InspectAs::Hex),
             ConsumePanel::render(data, ConsumePanel::InspectAs::Hex));
}

void TestKplAggregation::inspectorShowsUserRecords()
{
    const QByteArray bytes = encodeKplAggregate(
        {{"sensor-1", std::nullopt, R"({"t":21.5})"}, {"sensor-2", "42", R"({"t":19})"}});
    const QString text = ConsumePanel::inspect(bytes, ConsumePanel::InspectAs::Json);
    QVERIFY2(text.startsWith(QStringLiteral("KPL aggregated record: 2 user record(s)")),
             qPrintable(text));
    QVERIFY(text.contains(QStringLiteral("sub-sequence 0 · partition key sensor-1 · 10 bytes")));
    QVERIFY(text.contains(
        QStringLiteral("sub-sequence 1 · partition key sensor-2 · ExplicitHashKey 42")));
    QVERIFY(text.contains(QStringLiteral("\"t\": 21.5")));
}

QTEST_MAIN(TestKplAggregation)
#include "tst_kpl_aggregation.moc"
