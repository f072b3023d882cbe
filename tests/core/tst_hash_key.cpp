// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/hash_key.h"
#include "engine/hash_key_range.h"

#include <QtTest>

using shs::core::HashKey;
using shs::core::HashKeyRange;

class TestHashKey : public QObject
{
    Q_OBJECT
  private Q_SLOTS:
    void decimalRoundTrip_data();
    void decimalRoundTrip();
    void rejectsMalformed_data();
    void rejectsMalformed();
    void arithmeticAcrossTheWordCarry();
    void uniformSplit_data();
    void uniformSplit();
    void hexRoundTrip();
    void unitFraction();
};

void TestHashKey::decimalRoundTrip_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("zero") << "0";
    QTest::newRow("one") << "1";
    QTest::newRow("2^64-1") << "18446744073709551615";
    QTest::newRow("2^64") << "18446744073709551616";
    QTest::newRow("half") << "170141183460469231731687303715884105728";
    QTest::newRow("max") << "340282366920938463463374607431768211455";
}

void TestHashKey::decimalRoundTrip()
{
    QFETCH(QString, text);
    auto key = HashKey::fromDecimal(text.toStdString());
    QVERIFY(key.has_value());
    QCOMPARE(QString::fromStdString(key->toDecimal()), text);
}

void TestHashKey::rejectsMalformed_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("empty") << "";
    QTest::newRow("leading-zero") << "01";
    QTest::newRow("negative") << "-1";
    QTest::newRow("2^128") << "340282366920938463463374607431768211456";
    QTest::newRow("40-digits") << "1000000000000000000000000000000000000000";
    QTest::newRow("letters") << "12a";
    QTest::newRow("space") << " 1";
}

void TestHashKey::rejectsMalformed()
{
    QFETCH(QString, text);
    QVERIFY(!HashKey::fromDecimal(text.toStdString()).has_value());
}

void TestHashKey::arithmeticAcrossTheWordCarry()
{
    const HashKey low{0, ~0ULL};
    QCOMPARE(low.plusOne(), HashKey(1, 0));
    QCOMPARE(HashKey(1, 0).minusOne(), low);
    QCOMPARE(HashKey::max().plusOne(), HashKey::zero()); // wraps, by contract
    std::uint32_t rem = 0;
    QCOMPARE(HashKey::max().dividedBy(10, &rem).toDecimal(),
             std::string("34028236692093846346337460743176821145"));
    QCOMPARE(rem, 5u);
    bool overflow = false;
    (void)HashKey::max().times(2, &overflow);
    QVERIFY(overflow);
    QVERIFY(HashKey(1, 0) > HashKey(0, ~0ULL));
}

void TestHashKey::uniformSplit_data()
{
    QTest::addColumn<int>("count");
    for (int n : {1, 2, 3, 4, 5, 7, 16, 64, 100, 1000})
        QTest::newRow(qPrintable(QStringLiteral("n=%1").arg(n))) << n;
}

void TestHashKey::uniformSplit()
{
    QFETCH(int, count);
    const auto ranges = HashKeyRange::uniformSplit(static_cast<std::uint32_t>(count));
    QCOMPARE(int(ranges.size()), count);
    // Oracle: unsigned __int128 arithmetic, h = floor(2^128 / N).
    __extension__ typedef unsigned __int128 u128;
    const u128 max = ~u128(0);
    const u128 h = max / u128(count) + ((max % u128(count)) == u128(count - 1) ? 1 : 0);
    for (int i = 0; i < count; ++i) {
        const u128 start = h * u128(i);
        const u128 end = i + 1 == count ? max : h * u128(i + 1) - 1;
        QCOMPARE(ranges[size_t(i)].start,
                 HashKey(std::uint64_t(start >> 64), std::uint64_t(start)));
        QCOMPARE(ranges[size_t(i)].end, HashKey(std::uint64_t(end >> 64), std::uint64_t(end)));
    }
    QCOMPARE(ranges.front().start, HashKey::zero());
    QCOMPARE(ranges.back().end, HashKey::max());
}

void TestHashKey::hexRoundTrip()
{
    const auto key = *HashKey::fromDecimal("170141183460469231731687303715884105727");
    QCOMPARE(key.toHex(), std::string("7fffffffffffffffffffffffffffffff"));
    QCOMPARE(*HashKey::fromHex(key.toHex()), key);
    QVERIFY(!HashKey::fromHex("xyz").has_value());
}

void TestHashKey::unitFraction()
{
    QCOMPARE(HashKey::zero().toUnitFraction(), 0.0);
    QVERIFY(qAbs(HashKey::max().toUnitFraction() - 1.0) < 1e-12);
    const auto half = HashKey::fromUnitFraction(0.5);
    QCOMPARE(half, HashKey(0x8000000000000000ULL, 0));
    QCOMPARE(HashKey::fromUnitFraction(1.5), HashKey::max());
}

QTEST_APPLESS_MAIN(TestHashKey)
#include "tst_hash_key.moc"
