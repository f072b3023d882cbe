// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/sequence_number.h"

#include <QtTest>

using namespace shs::core;

namespace {
// Decimal string -> binary digits (most significant first), by repeated halving: an oracle that
// shares no code with the production codec.
std::string toBinary(std::string dec)
{
    std::string bits;
    while (!(dec.size() == 1 && dec[0] == '0')) {
        int carry = 0;
        std::string next;
        for (char c : dec) {
            const int cur = carry * 10 + (c - '0');
            if (!next.empty() || cur / 2)
                next += char('0' + cur / 2);
            carry = cur % 2;
        }
        bits.insert(bits.begin(), char('0' + carry));
        dec = next.empty() ? "0" : next;
    }
    return bits;
}

std::uint64_t bitsValue(const std::string &bits, std::size_t fromLsb, int count)
{
    std::uint64_t v = 0;
    for (int i = count - 1; i >= 0; --i)
        v = (v << 1) | std::uint64_t(bits[bits.size() - 1 - (fromLsb + std::size_t(i))] - '0');
    return v;
}
} // namespace

class TestSequenceNumber : public QObject
{
    Q_OBJECT
  private Q_SLOTS:
    void awsDocumentationExampleDecodes();
    void roundTrip_data();
    void roundTrip();
    void kclValidatorLayout();
    void orderWithinShardFollowsSeqIx();
    void rejects_data();
    void rejects();
};

void TestSequenceNumber::awsDocumentationExampleDecodes()
{
    const std::string doc = "49546986683135544286507457936321625675700192471156785154";
    auto p = parseSequenceNumber(doc);
    QVERIFY(p.has_value());
    QCOMPARE(p->shardIndex, 0u);
    QCOMPARE(formatSequenceNumber(*p), doc);
}

void TestSequenceNumber::roundTrip_data()
{
    QTest::addColumn<qint64>("createSecs");
    QTest::addColumn<uint>("shard");
    QTest::addColumn<quint64>("seq");
    QTest::addColumn<qint64>("recordSecs");
    QTest::newRow("first-record") << qint64(1700000000) << 0u << quint64(0) << qint64(1700000000);
    QTest::newRow("shard-17") << qint64(1780000000) << 17u << quint64(123456789)
                              << qint64(1780000100);
    QTest::newRow("max-seq") << qint64(1780000000) << 0x7fffffffu << quint64(kMaxSeqIx)
                             << qint64(0xfffffffff);
}

void TestSequenceNumber::roundTrip()
{
    QFETCH(qint64, createSecs);
    QFETCH(uint, shard);
    QFETCH(quint64, seq);
    QFETCH(qint64, recordSecs);
    const SequenceNumberParts parts{createSecs, shard, seq, recordSecs};
    const auto text = formatSequenceNumber(parts);
    QVERIFY2(text.size() >= 55 && text.size() <= 57, text.c_str());
    QCOMPARE(*parseSequenceNumber(text), parts);
}

void TestSequenceNumber::kclValidatorLayout()
{
    // KCL SequenceNumberValidator: 186 bits, n >> 184 == 2 (version), shard index in bits 4..35.
    const auto text = formatSequenceNumber({1780000000, 42, 99, 1780000005});
    const auto bits = toBinary(text);
    QCOMPARE(int(bits.size()), 186);
    QCOMPARE(bitsValue(bits, 184, 2), 2u); // sequenceNumber >> 184 == 2
    QCOMPARE(bitsValue(bits, 4, 32), 42u);
    QCOMPARE(bitsValue(bits, 0, 4), 2u);
}

void TestSequenceNumber::orderWithinShardFollowsSeqIx()
{
    // Numbers compare as big integers (KCL uses BigInteger): longer or lexicographically greater.
    auto cmp = [](const std::string &a, const std::string &b) {
        return a.size() != b.size() ? a.size() < b.size() : a < b;
    };
    const auto a = formatSequenceNumber({1780000000, 3, 10, 1780009999});
    const auto b = formatSequenceNumber({1780000000, 3, 11, 1780000000});
    QVERIFY(cmp(a, b)); // a later seqIx wins even with an earlier record time
}

void TestSequenceNumber::rejects_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("empty") << "";
    QTest::newRow("zero") << "0";
    QTest::newRow("small") << "12345";
    QTest::newRow("leading-zero") << "049546986683135544286507457936321625675700192471156785154";
    QTest::newRow("not-digits") << "4954698668313554428650745793632162567570019247115678515x";
    QTest::newRow("version-1") << "49546986683135544286507457936321625675700192471156785153";
    QTest::newRow("too-long") << QString(130, QLatin1Char('9'));
}

void TestSequenceNumber::rejects()
{
    QFETCH(QString, text);
    QVERIFY(!parseSequenceNumber(text.toStdString()).has_value());
}

QTEST_APPLESS_MAIN(TestSequenceNumber)
#include "tst_sequence_number.moc"
