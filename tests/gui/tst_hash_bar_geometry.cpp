// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
// Pure geometry of the hash-range bar: x <-> hash key at the edges, the centre, under zoom and
// near shard boundaries.
#include "widgets/hash_bar_geometry.h"

#include <QtTest>

using shs::core::HashKey;
using shs::ui::HashBarGeometry;

namespace {
HashKey dec(const char *text)
{
    return *HashKey::fromDecimal(text);
}
// 2^126, 2^127 and 3 * 2^126: the boundaries of four equal shards.
const char *const kQuarter = "85070591730234615865843651857942052864";
const char *const kHalf = "170141183460469231731687303715884105728";
const char *const kThreeQuarters = "255211775190703847597530955573826158592";
const char *const kMax = "340282366920938463463374607431768211455";
} // namespace

class TestHashBarGeometry : public QObject
{
    Q_OBJECT
  private Q_SLOTS:
    void keyAtX_data();
    void keyAtX();
    void xForKeyIsTheInverse_data();
    void xForKeyIsTheInverse();
    void zoomKeepsTheKeyUnderTheCursor_data();
    void zoomKeepsTheKeyUnderTheCursor();
    void zoomNeverLeavesTheKeySpace();
    void panStopsAtTheEnds();
    void nearBoundariesUnderZoom();
    void resetShowsEverything();
};

void TestHashBarGeometry::keyAtX_data()
{
    QTest::addColumn<int>("width");
    QTest::addColumn<double>("x");
    QTest::addColumn<QString>("key");
    QTest::newRow("left edge") << 600 << 0.0 << QStringLiteral("0");
    QTest::newRow("left of the bar clamps") << 600 << -40.0 << QStringLiteral("0");
    QTest::newRow("right edge is 2^128-1") << 600 << 600.0 << QString::fromLatin1(kMax);
    QTest::newRow("right of the bar clamps") << 600 << 900.0 << QString::fromLatin1(kMax);
    QTest::newRow("centre is 2^127") << 600 << 300.0 << QString::fromLatin1(kHalf);
    QTest::newRow("quarter is 2^126") << 600 << 150.0 << QString::fromLatin1(kQuarter);
    QTest::newRow("three quarters") << 800 << 600.0 << QString::fromLatin1(kThreeQuarters);
    QTest::newRow("odd width centre") << 2 << 1.0 << QString::fromLatin1(kHalf);
}

void TestHashBarGeometry::keyAtX()
{
    QFETCH(int, width);
    QFETCH(double, x);
    QFETCH(QString, key);
    HashBarGeometry g;
    g.setWidth(width);
    QCOMPARE(QString::fromStdString(g.keyAtX(x).toDecimal()), key);
}

void TestHashBarGeometry::xForKeyIsTheInverse_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<double>("x");
    QTest::newRow("zero") << QStringLiteral("0") << 0.0;
    QTest::newRow("2^126") << QString::fromLatin1(kQuarter) << 150.0;
    QTest::newRow("2^127") << QString::fromLatin1(kHalf) << 300.0;
    QTest::newRow("max") << QString::fromLatin1(kMax) << 600.0;
}

void TestHashBarGeometry::xForKeyIsTheInverse()
{
    QFETCH(QString, key);
    QFETCH(double, x);
    HashBarGeometry g;
    g.setWidth(600);
    const HashKey k = *HashKey::fromDecimal(key.toStdString());
    QVERIFY2(std::abs(g.xForKey(k) - x) < 1e-6, qPrintable(QString::number(g.xForKey(k))));
    // Round trip through the pixel lands within one pixel's worth of keys.
    const double back = g.xForKey(g.keyAtX(x));
    QVERIFY(std::abs(back - x) < 1e-6);
}

void TestHashBarGeometry::zoomKeepsTheKeyUnderTheCursor_data()
{
    QTest::addColumn<double>("x");
    QTest::addColumn<double>("factor");
    QTest::newRow("centre x4") << 300.0 << 4.0;
    QTest::newRow("left third x1000") << 200.0 << 1000.0;
    QTest::newRow("near right edge x16") << 590.0 << 16.0;
    QTest::newRow("zoom out from zoomed") << 120.0 << 0.5;
}

void TestHashBarGeometry::zoomKeepsTheKeyUnderTheCursor()
{
    QFETCH(double, x);
    QFETCH(double, factor);
    HashBarGeometry g;
    g.setWidth(600);
    g.setView(0.2, 0.6);
    const double before = g.keyAtX(x).toUnitFraction();
    const double spanBefore = g.span();
    g.zoomAt(x, factor);
    QVERIFY(std::abs(g.span() - std::min(1.0, spanBefore / factor)) < 1e-12);
    // The key under the cursor stays under it (to well within a pixel).
    const double after = g.keyAtX(x).toUnitFraction();
    QVERIFY2(std::abs(after - before) < g.span() / 600 / 100,
             qPrintable(QStringLiteral("%1 vs %2").arg(before).arg(after)));
}

void TestHashBarGeometry::zoomNeverLeavesTheKeySpace()
{
    HashBarGeometry g;
    g.setWidth(600);
    for (int i = 0; i < 200; ++i)
        g.zoomAt(600, 2.0);
    QVERIFY(g.span() >= HashBarGeometry::kMinSpan * (1 - 1e-6)); // to within rounding of the ends
    QVERIFY(g.viewStart() >= 0.0 && g.viewEnd() <= 1.0);
    QVERIFY(g.zoomed());
    // Zoomed fully in at the right edge, the right edge still maps to the last key.
    QCOMPARE(QString::fromStdString(g.keyAtX(600).toDecimal()), QString::fromLatin1(kMax));
    for (int i = 0; i < 200; ++i)
        g.zoomAt(0, 0.5);
    QCOMPARE(g.viewStart(), 0.0);
    QCOMPARE(g.viewEnd(), 1.0);
    QVERIFY(!g.zoomed());
}

void TestHashBarGeometry::panStopsAtTheEnds()
{
    HashBarGeometry g;
    g.setWidth(600);
    g.setView(0.4, 0.5);
    g.panBy(600); // one view width to the right
    QVERIFY(std::abs(g.viewStart() - 0.5) < 1e-12);
    g.panBy(1e6);
    QCOMPARE(g.viewEnd(), 1.0);
    QVERIFY(std::abs(g.span() - 0.1) < 1e-12);
    g.panBy(-1e9);
    QCOMPARE(g.viewStart(), 0.0);
    QVERIFY(std::abs(g.span() - 0.1) < 1e-12);
}

void TestHashBarGeometry::nearBoundariesUnderZoom()
{
    // Zoom on the boundary 2^127 between two shards until a pixel holds about 2^90 keys: the
    // pixels either side of the boundary fall on either side of it.
    HashBarGeometry g;
    g.setWidth(600);
    const double half = 0.5;
    const double span = std::ldexp(600.0, -38); // 600 * 2^90 keys / 2^128
    g.setView(half - span / 2, half + span / 2);
    const HashKey boundary = dec(kHalf);
    QVERIFY(std::abs(g.xForKey(boundary) - 300.0) < 1e-6);
    QVERIFY(g.keyAtX(299) < boundary);
    QVERIFY(boundary <= g.keyAtX(300));
    QVERIFY(boundary < g.keyAtX(301));
    // One pixel is 2^90 keys, so the keys at 300 and 301 differ by about that.
    const HashKey step = g.keyAtX(301).minus(g.keyAtX(300));
    const double ratio = step.toUnitFraction() / std::ldexp(1.0, -38);
    QVERIFY2(ratio > 0.99 && ratio < 1.01, qPrintable(QString::number(ratio)));
}

void TestHashBarGeometry::resetShowsEverything()
{
    HashBarGeometry g;
    g.setWidth(600);
    g.zoomAt(100, 50);
    QVERIFY(g.zoomed());
    g.resetView();
    QVERIFY(!g.zoomed());
    QCOMPARE(QString::fromStdString(g.keyAtX(0).toDecimal()), QStringLiteral("0"));
}

QTEST_APPLESS_MAIN(TestHashBarGeometry)
#include "tst_hash_bar_geometry.moc"
