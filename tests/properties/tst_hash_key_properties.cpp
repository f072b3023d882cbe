// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
// Property tests of the 128-bit hash-key arithmetic against an oracle: unsigned __int128.
// Seeds come from the data rows; SHS_PROPERTY_SEED and SHS_PROPERTY_ITERS override them. A
// failure prints the seed and the operands, so `tst_hash_key_properties randomArithmetic:seed-1`
// with SHS_PROPERTY_SEED reproduces it.
#include "engine/hash_key.h"
#include "engine/hash_key_range.h"
#include "engine/partition_key_router.h"

#include <QtTest>

#include <random>

using shs::core::HashKey;
using shs::core::HashKeyRange;
using shs::core::PartitionKeyRouter;

namespace {
__extension__ typedef unsigned __int128 u128;

u128 toU128(HashKey k)
{
    return (u128(k.hi()) << 64) | k.lo();
}
HashKey fromU128(u128 v)
{
    return {std::uint64_t(v >> 64), std::uint64_t(v)};
}
std::string oracleDecimal(u128 v)
{
    if (v == 0)
        return "0";
    std::string s;
    while (v) {
        s.insert(s.begin(), char('0' + int(v % 10)));
        v /= 10;
    }
    return s;
}

struct Gen
{
    std::mt19937_64 rng;
    // Values that stress the edges: small, around 2^64, near the top, and uniform.
    u128 next()
    {
        switch (rng() % 5) {
        case 0:
            return rng() % 1000;
        case 1:
            return (u128(1) << 64) + u128(std::int64_t(rng() % 2001) - 1000);
        case 2:
            return ~u128(0) - (rng() % 1000);
        default:
            return (u128(rng()) << 64) | rng();
        }
    }
};

std::uint64_t seedFor(std::uint64_t row)
{
    return qEnvironmentVariableIsSet("SHS_PROPERTY_SEED")
               ? qEnvironmentVariable("SHS_PROPERTY_SEED").toULongLong()
               : row;
}
int iterations(int fallback)
{
    return qEnvironmentVariableIsSet("SHS_PROPERTY_ITERS")
               ? qEnvironmentVariableIntValue("SHS_PROPERTY_ITERS")
               : fallback;
}
} // namespace

class TestHashKeyProperties : public QObject
{
    Q_OBJECT
  private Q_SLOTS:
    void randomArithmetic_data();
    void randomArithmetic();
    void uniformSplitTilesTheSpace_data();
    void uniformSplitTilesTheSpace();
    void routingAgreesWithTheOracle_data();
    void routingAgreesWithTheOracle();
};

void TestHashKeyProperties::randomArithmetic_data()
{
    QTest::addColumn<quint64>("seed");
    for (quint64 s : {1u, 2u, 42u, 1780u})
        QTest::newRow(qPrintable(QStringLiteral("seed-%1").arg(s))) << s;
}

void TestHashKeyProperties::randomArithmetic()
{
    QFETCH(quint64, seed);
    Gen g{std::mt19937_64(seedFor(seed))};
    const int n = iterations(20000);
    for (int i = 0; i < n; ++i) {
        const u128 a = g.next(), b = g.next();
        const HashKey ka = fromU128(a), kb = fromU128(b);
        const QString ctx = QStringLiteral("seed %1 step %2: a=%3 b=%4")
                                .arg(seedFor(seed))
                                .arg(i)
                                .arg(QString::fromStdString(oracleDecimal(a)),
                                     QString::fromStdString(oracleDecimal(b)));
        // Decimal round trip and the oracle's decimal text.
        QVERIFY2(ka.toDecimal() == oracleDecimal(a), qPrintable(ctx));
        QVERIFY2(HashKey::fromDecimal(oracleDecimal(a)) == ka, qPrintable(ctx));
        QVERIFY2(HashKey::fromHex(ka.toHex()) == ka, qPrintable(ctx));
        // Order, wrapping add/sub, small multiply/divide.
        QVERIFY2((ka < kb) == (a < b) && (ka == kb) == (a == b), qPrintable(ctx));
        QVERIFY2(toU128(ka.plus(kb)) == u128(a + b), qPrintable(ctx));
        QVERIFY2(toU128(ka.minus(kb)) == u128(a - b), qPrintable(ctx));
        const std::uint32_t d = std::uint32_t(1 + g.rng() % 100000);
        std::uint32_t rem = 0;
        QVERIFY2(toU128(ka.dividedBy(d, &rem)) == a / d && rem == a % d, qPrintable(ctx));
        bool overflow = false;
        const HashKey prod = ka.times(d, &overflow);
        QVERIFY2(toU128(prod) == u128(a * d), qPrintable(ctx));
        QVERIFY2(overflow == (d != 0 && a > ~u128(0) / d), qPrintable(ctx));
        // A 40-digit or over-range decimal is refused, never wrapped.
        if (a > ~u128(0) / 10) {
            const std::string over = oracleDecimal(a) + "0";
            QVERIFY2(!HashKey::fromDecimal(over), qPrintable(ctx));
        }
        // Big-endian bytes (an MD5 digest) read as the same integer.
        std::array<std::uint8_t, 16> bytes{};
        for (int j = 0; j < 16; ++j)
            bytes[std::size_t(j)] = std::uint8_t(a >> (8 * (15 - j)));
        QVERIFY2(HashKey::fromBigEndian(bytes) == ka, qPrintable(ctx));
    }
}

void TestHashKeyProperties::uniformSplitTilesTheSpace_data()
{
    QTest::addColumn<quint64>("seed");
    QTest::newRow("seed-7") << quint64(7);
    QTest::newRow("seed-99") << quint64(99);
}

void TestHashKeyProperties::uniformSplitTilesTheSpace()
{
    QFETCH(quint64, seed);
    std::mt19937_64 rng(seedFor(seed));
    for (int i = 0; i < iterations(200) / 4 + 1; ++i) {
        const std::uint32_t n = std::uint32_t(1 + rng() % 3000);
        const auto ranges = HashKeyRange::uniformSplit(n);
        const u128 h = ~u128(0) / n + (((~u128(0)) % n) == n - 1 ? 1 : 0); // floor(2^128 / n)
        QCOMPARE(ranges.size(), std::size_t(n));
        u128 expect = 0;
        for (std::uint32_t s = 0; s < n; ++s) {
            QVERIFY2(toU128(ranges[s].start) == expect,
                     qPrintable(QStringLiteral("n=%1 shard %2").arg(n).arg(s)));
            QVERIFY2(toU128(ranges[s].start) == h * s,
                     qPrintable(QStringLiteral("n=%1 shard %2").arg(n).arg(s)));
            expect = toU128(ranges[s].end) + 1;
        }
        QVERIFY(toU128(ranges.back().end) == ~u128(0));
    }
}

void TestHashKeyProperties::routingAgreesWithTheOracle_data()
{
    QTest::addColumn<quint64>("seed");
    QTest::newRow("seed-3") << quint64(3);
    QTest::newRow("seed-11") << quint64(11);
}

void TestHashKeyProperties::routingAgreesWithTheOracle()
{
    QFETCH(quint64, seed);
    std::mt19937_64 rng(seedFor(seed));
    Gen g{std::mt19937_64(seedFor(seed) + 1)};
    for (int round = 0; round < 20; ++round) {
        // Random tiling: sorted random cut points, including adjacent ones near 2^64 and the ends.
        std::vector<u128> cuts = {0};
        const int pieces = int(1 + rng() % 200);
        for (int i = 1; i < pieces; ++i)
            cuts.push_back(g.next());
        cuts.push_back((u128(1) << 64));
        cuts.push_back((u128(1) << 64) + 1);
        std::sort(cuts.begin(), cuts.end());
        cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
        std::vector<PartitionKeyRouter::OpenShard> shards;
        for (std::size_t i = 0; i < cuts.size(); ++i) {
            const u128 end = i + 1 < cuts.size() ? cuts[i + 1] - 1 : ~u128(0);
            shards.push_back({{fromU128(cuts[i]), fromU128(end)}, std::uint32_t(i)});
        }
        std::shuffle(shards.begin(), shards.end(), rng);
        PartitionKeyRouter router;
        router.setOpenShards(shards);
        for (int k = 0; k < 2000; ++k) {
            const u128 key = k % 3 == 0 ? cuts[rng() % cuts.size()] - (k % 2) : g.next();
            const auto oracle
                = std::uint32_t(std::upper_bound(cuts.begin(), cuts.end(), key) - cuts.begin() - 1);
            const auto got = router.route(fromU128(key));
            QVERIFY2(got && *got == oracle,
                     qPrintable(QStringLiteral("seed %1 round %2 key %3: got %4 want %5")
                                    .arg(seedFor(seed))
                                    .arg(round)
                                    .arg(QString::fromStdString(oracleDecimal(key)))
                                    .arg(got ? int(*got) : -1)
                                    .arg(oracle)));
        }
    }
}

QTEST_APPLESS_MAIN(TestHashKeyProperties)
#include "tst_hash_key_properties.moc"
