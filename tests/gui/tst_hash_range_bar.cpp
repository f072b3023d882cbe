// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
// The hash-range bar as a user handles it: drag to split (the key under the release point,
// clamped to keys Kinesis accepts, snapping to the midpoint), Escape, keyboard nudges, a click
// on a boundary to merge, wheel zoom, tooltips.
#include "widgets/hash_range_bar.h"

#include <QSignalSpy>
#include <QtTest>

#include <bit>

using shs::core::HashKey;
using shs::ui::HashRangeBar;

namespace {
constexpr int kY = 20; // inside the bar

HashKey dec(const char *text)
{
    return *HashKey::fromDecimal(text);
}

void send(QWidget *w, QEvent::Type type, double x, Qt::MouseButtons buttons,
          Qt::KeyboardModifiers mods = {})
{
    const QPointF local(x, kY);
    const Qt::MouseButton button = type == QEvent::MouseMove ? Qt::NoButton : Qt::LeftButton;
    QMouseEvent e(type, local, w->mapToGlobal(local), button, buttons, mods);
    QApplication::sendEvent(w, &e);
}

void drag(QWidget *w, double from, double to)
{
    send(w, QEvent::MouseButtonPress, from, Qt::LeftButton);
    const int steps = 8;
    for (int i = 1; i <= steps; ++i)
        send(w, QEvent::MouseMove, from + (to - from) * i / steps, Qt::LeftButton);
    send(w, QEvent::MouseButtonRelease, to, Qt::NoButton);
}

// Two shards halving the key space, as a fresh 2-shard stream has.
QList<HashRangeBar::Segment> twoShards()
{
    return {{QStringLiteral("shardId-000000000001"), dec("170141183460469231731687303715884105728"),
             HashKey::max()},
            {QStringLiteral("shardId-000000000000"), HashKey::zero(),
             dec("170141183460469231731687303715884105727")}};
}
} // namespace

class TestHashRangeBar : public QObject
{
    Q_OBJECT
  private Q_SLOTS:
    void init();
    void cleanup();
    void dragSplitsAtTheKeyUnderTheReleasePoint();
    void dragNearTheMidpointSnapsToIt();
    void dragBeyondTheShardClampsToAcceptedKeys();
    void escapeCancelsTheDrag();
    void keyboardNudgesMoveByAPixelOrLess();
    void clickWithoutMovingSelectsTheShard();
    void clickOnABoundaryAsksToMerge();
    void selectingTwoNeighboursAsksToMerge();
    void wheelZoomsAroundTheCursorAndDoubleClickResets();
    void narrowShardsCanBeSplitUnderZoom();
    void errorsAreShownOnTheBar();
    void manyShardsKeepTheirLabels();
    void shardsGoneMidDragCancelIt();

  private:
    HashRangeBar *m_bar = nullptr;
};

void TestHashRangeBar::init()
{
    m_bar = new HashRangeBar;
    m_bar->resize(600, m_bar->sizeHint().height());
    m_bar->setShards(twoShards());
    m_bar->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_bar));
    QCOMPARE(m_bar->mapping().width(), 600);
}

void TestHashRangeBar::cleanup()
{
    delete m_bar;
    m_bar = nullptr;
}

void TestHashRangeBar::dragSplitsAtTheKeyUnderTheReleasePoint()
{
    QSignalSpy split(m_bar, &HashRangeBar::splitRequested);
    QSignalSpy merge(m_bar, &HashRangeBar::mergeRequested);
    send(m_bar, QEvent::MouseButtonPress, 60, Qt::LeftButton);
    QVERIFY(m_bar->dragging());
    send(m_bar, QEvent::MouseMove, 90, Qt::LeftButton);
    send(m_bar, QEvent::MouseMove, 110, Qt::LeftButton);
    // While dragging, the key shown is the one under the cursor.
    QCOMPARE(m_bar->dragKey(), m_bar->mapping().keyAtX(110));
    send(m_bar, QEvent::MouseButtonRelease, 100, Qt::NoButton);
    QVERIFY(!m_bar->dragging());
    QCOMPARE(split.count(), 1);
    QCOMPARE(merge.count(), 0);
    QCOMPARE(split.at(0).at(0).toString(), QStringLiteral("shardId-000000000000"));
    const QString key = split.at(0).at(1).toString();
    QCOMPARE(key, QString::fromStdString(m_bar->mapping().keyAtX(100).toDecimal()));
    // 100 of 600 pixels: a sixth of the key space.
    QVERIFY(std::abs(HashKey::fromDecimal(key.toStdString())->toUnitFraction() - 1.0 / 6) < 1e-9);
}

void TestHashRangeBar::dragNearTheMidpointSnapsToIt()
{
    QSignalSpy split(m_bar, &HashRangeBar::splitRequested);
    drag(m_bar, 400, 452); // shard 1 spans 300..600; its midpoint is at 450
    QCOMPARE(split.count(), 1);
    QCOMPARE(split.at(0).at(0).toString(), QStringLiteral("shardId-000000000001"));
    // The even split of [2^127, 2^128-1]: 2^127 + 2^126.
    QCOMPARE(split.at(0).at(1).toString(),
             QStringLiteral("255211775190703847597530955573826158592"));
}

void TestHashRangeBar::dragBeyondTheShardClampsToAcceptedKeys()
{
    QSignalSpy split(m_bar, &HashRangeBar::splitRequested);
    drag(m_bar, 200, 580); // from shard 0 far into shard 1
    drag(m_bar, 20, -50);  // to the left of the bar
    QCOMPARE(split.count(), 2);
    // Kinesis accepts start + 1 < key < end: for shard 0 that is 2 .. 2^127 - 2.
    QCOMPARE(split.at(0).at(1).toString(),
             QStringLiteral("170141183460469231731687303715884105726"));
    QCOMPARE(split.at(1).at(1).toString(), QStringLiteral("2"));
}

void TestHashRangeBar::escapeCancelsTheDrag()
{
    QSignalSpy split(m_bar, &HashRangeBar::splitRequested);
    send(m_bar, QEvent::MouseButtonPress, 100, Qt::LeftButton);
    send(m_bar, QEvent::MouseMove, 180, Qt::LeftButton);
    QTest::keyClick(m_bar, Qt::Key_Escape);
    QVERIFY(!m_bar->dragging());
    send(m_bar, QEvent::MouseButtonRelease, 180, Qt::NoButton);
    QCOMPARE(split.count(), 0);
    QCOMPARE(m_bar->message(), QStringLiteral("Split cancelled."));
}

void TestHashRangeBar::keyboardNudgesMoveByAPixelOrLess()
{
    QSignalSpy split(m_bar, &HashRangeBar::splitRequested);
    send(m_bar, QEvent::MouseButtonPress, 100, Qt::LeftButton);
    send(m_bar, QEvent::MouseMove, 120, Qt::LeftButton);
    const HashKey start = m_bar->dragKey();
    const HashKey perPixel = HashKey::fromUnitFraction(1.0 / 600);
    QTest::keyClick(m_bar, Qt::Key_Right);
    QCOMPARE(m_bar->dragKey(), start.plus(perPixel));
    QTest::keyClick(m_bar, Qt::Key_Left, Qt::ShiftModifier);
    QCOMPARE(m_bar->dragKey(), start.plus(perPixel).minus(perPixel.dividedBy(64)));
    const HashKey chosen = m_bar->dragKey();
    QTest::keyClick(m_bar, Qt::Key_Return);
    QVERIFY(!m_bar->dragging());
    QCOMPARE(split.count(), 1);
    QCOMPARE(split.at(0).at(1).toString(), QString::fromStdString(chosen.toDecimal()));
    send(m_bar, QEvent::MouseButtonRelease, 120, Qt::NoButton);
    QCOMPARE(split.count(), 1); // the release after Enter does not split again
}

void TestHashRangeBar::clickWithoutMovingSelectsTheShard()
{
    QSignalSpy split(m_bar, &HashRangeBar::splitRequested);
    QSignalSpy clicked(m_bar, &HashRangeBar::shardClicked);
    send(m_bar, QEvent::MouseButtonPress, 450, Qt::LeftButton);
    send(m_bar, QEvent::MouseMove, 451, Qt::LeftButton);
    send(m_bar, QEvent::MouseButtonRelease, 451, Qt::NoButton);
    QCOMPARE(split.count(), 0);
    QCOMPARE(clicked.count(), 1);
    QCOMPARE(clicked.at(0).at(0).toString(), QStringLiteral("shardId-000000000001"));
}

void TestHashRangeBar::clickOnABoundaryAsksToMerge()
{
    QSignalSpy split(m_bar, &HashRangeBar::splitRequested);
    QSignalSpy merge(m_bar, &HashRangeBar::mergeRequested);
    send(m_bar, QEvent::MouseButtonPress, 301, Qt::LeftButton);
    send(m_bar, QEvent::MouseButtonRelease, 301, Qt::NoButton);
    QCOMPARE(split.count(), 0);
    QCOMPARE(merge.count(), 1);
    // Lower range first, whatever order the shards were given in.
    QCOMPARE(merge.at(0).at(0).toString(), QStringLiteral("shardId-000000000000"));
    QCOMPARE(merge.at(0).at(1).toString(), QStringLiteral("shardId-000000000001"));
    // Pressing on the boundary and dragging away is not a merge.
    send(m_bar, QEvent::MouseButtonPress, 300, Qt::LeftButton);
    send(m_bar, QEvent::MouseMove, 340, Qt::LeftButton);
    send(m_bar, QEvent::MouseButtonRelease, 340, Qt::NoButton);
    QCOMPARE(merge.count(), 1);
    QCOMPARE(split.count(), 0);
}

void TestHashRangeBar::wheelZoomsAroundTheCursorAndDoubleClickResets()
{
    const HashKey under = m_bar->mapping().keyAtX(150);
    for (int i = 0; i < 4; ++i) {
        QWheelEvent wheel(QPointF(150, kY), m_bar->mapToGlobal(QPointF(150, kY)), QPoint(),
                          QPoint(0, 120), Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false);
        QApplication::sendEvent(m_bar, &wheel);
    }
    QVERIFY(m_bar->mapping().zoomed());
    QVERIFY(std::abs(m_bar->mapping().span() - std::pow(1.25, -4)) < 1e-9);
    QVERIFY(std::abs(m_bar->mapping().xForKey(under) - 150) < 0.01);
    // Shift+wheel pans.
    const double before = m_bar->mapping().viewStart();
    QWheelEvent pan(QPointF(150, kY), m_bar->mapToGlobal(QPointF(150, kY)), QPoint(),
                    QPoint(0, -120), Qt::NoButton, Qt::ShiftModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(m_bar, &pan);
    QVERIFY(m_bar->mapping().viewStart() > before);
    QMouseEvent dbl(QEvent::MouseButtonDblClick, QPointF(150, kY),
                    m_bar->mapToGlobal(QPointF(150, kY)), Qt::LeftButton, Qt::LeftButton,
                    Qt::NoModifier);
    QApplication::sendEvent(m_bar, &dbl);
    QVERIFY(!m_bar->mapping().zoomed());
}

void TestHashRangeBar::narrowShardsCanBeSplitUnderZoom()
{
    // A shard of 2^100 keys is a 2^-28 sliver: invisible at full view, splittable when zoomed.
    const HashKey start = dec("170141183460469231731687303715884105728");
    const HashKey end = start.plus(HashKey(std::uint64_t{1} << 36, 0)).minusOne();
    QList<HashRangeBar::Segment> shards{
        {QStringLiteral("shardId-000000000000"), HashKey::zero(), start.minusOne()},
        {QStringLiteral("shardId-000000000007"), start, end},
        {QStringLiteral("shardId-000000000008"), end.plusOne(), HashKey::max()}};
    m_bar->setShards(shards);
    const double s = start.toUnitFraction();
    const double e = end.plusOne().toUnitFraction();
    m_bar->mapping().setView(s - (e - s), e + (e - s)); // the sliver fills the middle third
    QCOMPARE(m_bar->shardAt(300)->shardId, QStringLiteral("shardId-000000000007"));
    QSignalSpy split(m_bar, &HashRangeBar::splitRequested);
    drag(m_bar, 230, 260);
    QCOMPARE(split.count(), 1);
    QCOMPARE(split.at(0).at(0).toString(), QStringLiteral("shardId-000000000007"));
    const HashKey key = *HashKey::fromDecimal(split.at(0).at(1).toString().toStdString());
    QVERIFY(start.plusOne() < key && key < end);
    QCOMPARE(key, m_bar->mapping().keyAtX(260));
}

void TestHashRangeBar::manyShardsKeepTheirLabels()
{
    // n equal shards (n a power of two): shard i starts at i × 2^128 / n.
    const auto equal = [](int n) {
        QList<HashRangeBar::Segment> shards;
        const int shift = 64 - std::countr_zero(unsigned(n));
        for (int i = 0; i < n; ++i) {
            const HashKey start(std::uint64_t(i) << shift, 0);
            const HashKey end = i + 1 == n ? HashKey::max()
                                           : HashKey(std::uint64_t(i + 1) << shift, 0).minusOne();
            shards.push_back(
                {QStringLiteral("shardId-%1").arg(i, 12, 10, QLatin1Char('0')), start, end});
        }
        return shards;
    };
    const auto paint = [this] {
        m_bar->repaint();
        return m_bar->paintedLabels();
    };
    m_bar->setShards(equal(4));
    QCOMPARE(paint().value(QStringLiteral("shardId-000000000003")), QStringLiteral("#3"));
    // 32 shards on 800 px: the number without its "#".
    m_bar->resize(800, m_bar->height());
    m_bar->setShards(equal(32));
    auto labels = paint();
    QCOMPARE(labels.size(), 32);
    QCOMPARE(labels.value(QStringLiteral("shardId-000000000031")), QStringLiteral("31"));
    // 64 shards (the lecturer's scaling demo): up the bar in a smaller font, every one named.
    m_bar->setShards(equal(64));
    labels = paint();
    QCOMPARE(labels.size(), 64);
    QCOMPARE(labels.value(QStringLiteral("shardId-000000000063")), QStringLiteral("↑63"));
    // Presenter zoom: bigger text makes the bar taller, and the labels keep fitting across it.
    const int before = m_bar->sizeHint().height();
    QFont big = m_bar->font();
    big.setPointSizeF(big.pointSizeF() * 2.5);
    m_bar->setFont(big);
    QVERIFY(m_bar->sizeHint().height() > before);
    m_bar->setShards(equal(4));
    QCOMPARE(paint().value(QStringLiteral("shardId-000000000002")), QStringLiteral("#2"));
}

void TestHashRangeBar::errorsAreShownOnTheBar()
{
    m_bar->setMessage(QStringLiteral("Cannot split: LimitExceededException"), true);
    QCOMPARE(m_bar->message(), QStringLiteral("Cannot split: LimitExceededException"));
    // The message is painted: the bar image differs from the same bar with a hint.
    const QImage error = m_bar->grab().toImage();
    m_bar->setMessage(QStringLiteral("Drag inside a shard to split it"), false);
    QVERIFY(m_bar->grab().toImage() != error);
}

void TestHashRangeBar::shardsGoneMidDragCancelIt()
{
    QSignalSpy split(m_bar, &HashRangeBar::splitRequested);
    send(m_bar, QEvent::MouseButtonPress, 100, Qt::LeftButton);
    send(m_bar, QEvent::MouseMove, 140, Qt::LeftButton);
    // Meanwhile shard 0 was split by someone else (the CLI, a script).
    m_bar->setShards(
        {{QStringLiteral("shardId-000000000002"), HashKey::zero(),
          dec("85070591730234615865843651857942052863")},
         {QStringLiteral("shardId-000000000003"), dec("85070591730234615865843651857942052864"),
          dec("170141183460469231731687303715884105727")},
         twoShards().at(0)});
    QVERIFY(!m_bar->dragging());
    send(m_bar, QEvent::MouseButtonRelease, 140, Qt::NoButton);
    QCOMPARE(split.count(), 0);
}

void TestHashRangeBar::selectingTwoNeighboursAsksToMerge()
{
    // Three shards of a third each: #0 | #1 | #2.
    m_bar->setShards(
        {{QStringLiteral("shardId-000000000000"), HashKey::zero(),
          dec("113427455640312821154458202477256070485")},
         {QStringLiteral("shardId-000000000001"), dec("113427455640312821154458202477256070486"),
          dec("226854911280625642308916404954512140970")},
         {QStringLiteral("shardId-000000000002"), dec("226854911280625642308916404954512140971"),
          HashKey::max()}});
    QSignalSpy merge(m_bar, &HashRangeBar::mergeRequested);
    auto click = [this](double x, Qt::KeyboardModifiers mods = {}) {
        send(m_bar, QEvent::MouseButtonPress, x, Qt::LeftButton, mods);
        send(m_bar, QEvent::MouseButtonRelease, x, Qt::NoButton, mods);
    };
    click(100);
    QCOMPARE(m_bar->selectedShards(), QStringList{QStringLiteral("shardId-000000000000")});
    QVERIFY(m_bar->message().contains(QStringLiteral("Ctrl+click a neighbour")));
    // Not neighbours: refused on the bar, the first selection kept.
    click(500, Qt::ControlModifier);
    QCOMPARE(merge.count(), 0);
    QVERIFY(m_bar->message().contains(QStringLiteral("are not neighbours")));
    QCOMPARE(m_bar->selectedShards(), QStringList{QStringLiteral("shardId-000000000000")});
    // Its neighbour: MergeShards is asked for, lower shard first.
    click(300, Qt::ControlModifier);
    QCOMPARE(merge.count(), 1);
    QCOMPARE(merge.at(0).at(0).toString(), QStringLiteral("shardId-000000000000"));
    QCOMPARE(merge.at(0).at(1).toString(), QStringLiteral("shardId-000000000001"));
    QVERIFY(m_bar->selectedShards().isEmpty());
    // From the right, with Shift: still lower first.
    click(500);
    click(300, Qt::ShiftModifier);
    QCOMPARE(merge.count(), 2);
    QCOMPARE(merge.at(1).at(0).toString(), QStringLiteral("shardId-000000000001"));
    // A second plain click unselects; Escape clears; a shard that closes leaves the selection.
    click(300);
    click(300);
    QVERIFY(m_bar->selectedShards().isEmpty());
    click(300);
    QTest::keyClick(m_bar, Qt::Key_Escape);
    QVERIFY(m_bar->selectedShards().isEmpty());
    click(500);
    m_bar->setShards(twoShards());
    QVERIFY(m_bar->selectedShards().isEmpty());
}

QTEST_MAIN(TestHashRangeBar)
#include "tst_hash_range_bar.moc"
