// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
// The throughput views' numbers and pictures: utilisation against AWS's limits, iterator age as a
// share of retention, top partition keys with their share, the sparkline grid's layout and clicks,
// the heat map's cells painted in the utilisation colour, and the key panel's choice of shard.
#include "charts/throughput_chart_view.h"
#include "metrics/heat_map.h"
#include "metrics/heat_map_panel.h"
#include "metrics/metric_series.h"
#include "metrics/sparkline_grid.h"
#include "metrics/throughput_panel.h"
#include "widgets/utilisation.h"

#include "view_export.h"
#include <QLabel>
#include <QSet>
#include <QSignalSpy>
#include <QTableWidget>

#include <QClipboard>
#include <QContextMenuEvent>
#include <QGraphicsView>
#include <QMenu>
#include <QTemporaryDir>
#include <QtTest>

using namespace shs;
using namespace shs::ui;
using core::Metric;

namespace {
constexpr std::int64_t kNowMs = 1'795'687'230'500; // 10:00:30.5 UTC
constexpr std::int64_t kNowSecond = kNowMs / 1000;

core::MetricSample sample(std::int64_t second,
                          std::initializer_list<std::pair<Metric, std::int64_t>> values)
{
    core::MetricSample s;
    s.second = second;
    for (const auto &[m, v] : values)
        s.values[int(m)] = v;
    return s;
}

/// Shard 0: half the byte limit; shard 1: 1,200 records offered, 1,000 in, 200 throttled, read
/// at 1 MiB/s by a reader 4 s behind; shard 2 closed and idle. `seconds` samples each.
service::MetricsWindow window(int seconds = 10)
{
    service::MetricsWindow w;
    w.streamName = "s";
    w.nowMs = kNowMs;
    w.shards.resize(3);
    w.shards[0].shardId = "shardId-000000000000";
    w.shards[1].shardId = "shardId-000000000001";
    w.shards[2].shardId = "shardId-000000000002";
    w.shards[2].open = false;
    for (int i = 0; i < seconds; ++i) {
        const std::int64_t sec = kNowSecond - seconds + i;
        w.shards[0].samples.push_back(
            sample(sec, {{Metric::IncomingBytes, 512 * 1024}, {Metric::IncomingRecords, 100}}));
        w.shards[1].samples.push_back(
            sample(sec, {{Metric::IncomingBytes, 100'000},
                         {Metric::IncomingRecords, 1000},
                         {Metric::WriteProvisionedThroughputExceeded, i % 2 ? 200 : 0},
                         {Metric::OutgoingBytes, 1024 * 1024},
                         {Metric::OutgoingRecords, 900},
                         {Metric::GetRecordsCalls, 4},
                         {Metric::IteratorAgeMilliseconds, 4000 + i}}));
        w.shards[2].samples.push_back(sample(sec, {}));
        w.stream.push_back(
            sample(sec, {{Metric::IncomingRecords, 1100},
                         {Metric::OutgoingRecords, 900},
                         {Metric::IncomingBytes, 512 * 1024 + 100'000},
                         {Metric::WriteProvisionedThroughputExceeded, i % 2 ? 200 : 0}}));
    }
    return w;
}

/// Shards 0 and 1 open all along; shard 2 split into 3 and 4 four seconds before now, in the
/// second the window's 7th sample covers.
std::vector<core::ShardInfo> splitShards()
{
    std::vector<core::ShardInfo> shards(5);
    for (int i = 0; i < 5; ++i)
        shards[i].shardId = "shardId-00000000000" + std::to_string(i);
    const std::int64_t splitMs = (kNowSecond - 4) * 1000 + 300;
    shards[2].open = false;
    shards[2].closedMs = splitMs;
    for (int i : {3, 4}) {
        shards[i].parentShardId = "shardId-000000000002";
        shards[i].createdMs = splitMs;
    }
    return shards;
}

bool near(const QColor &a, const QColor &b, int tolerance = 3)
{
    return std::abs(a.red() - b.red()) <= tolerance && std::abs(a.green() - b.green()) <= tolerance
           && std::abs(a.blue() - b.blue()) <= tolerance;
}
} // namespace

class TestMetricViews : public QObject
{
    Q_OBJECT
  private Q_SLOTS:
    void utilisationAgainstAwsLimits();
    void shardSeriesFromWindow();
    void streamSeriesFromWindow();
    void retentionShareClamps();
    void topKeysShareThisMinute();
    void mergeForecastWarnsOfAnOverloadedChild();
    void formatting();
    void sparklineGridReflowsAndClicks();
    void heatMapPaintsUtilisation();
    void heatMapPanelPicksTheBusiestShard();
    void throughputPanelChartsTheStream();
    void chartLimitFollowsReshards();
    void viewsExportForSlides();
    void heatMapRightAfterASplit();
};

void TestMetricViews::utilisationAgainstAwsLimits()
{
    QCOMPARE(writeUtilisation(512 * 1024, 100), 0.5);    // bytes bind
    QCOMPARE(writeUtilisation(1000, 800), 0.8);          // records bind (small records)
    QCOMPARE(writeUtilisation(2 * 1024 * 1024, 0), 2.0); // over the limit (limits off)
    QCOMPARE(readUtilisation(1024 * 1024), 0.5);         // 2 MiB/s per shard
    QVERIFY(utilisationColor(0.0).isValid() && utilisationColor(1.0).isValid()
            && utilisationColor(7.0).isValid());
    QCOMPARE(utilisationColor(1.0), utilisationColor(3.0)); // clamped at the limit
    QVERIFY(utilisationColor(0.0) != utilisationColor(0.9));
}

void TestMetricViews::shardSeriesFromWindow()
{
    const auto w = window();
    const auto all = shardSeries(w, false);
    QCOMPARE(all.size(), 3);
    const auto open = shardSeries(w, true);
    QCOMPARE(open.size(), 2);
    const ShardSeriesView &s0 = open[0];
    QCOMPARE(s0.write.size(), 10);
    QCOMPARE(s0.write.back(), 0.5);
    QCOMPARE(s0.read.back(), 0.0);
    QVERIFY(!s0.iteratorAgeMs); // never read
    QCOMPARE(s0.writeThrottled, 0);
    const ShardSeriesView &s1 = open[1];
    QCOMPARE(s1.write.back(), 1.0);
    QCOMPARE(s1.read.back(), 0.5);
    QCOMPARE(s1.writeThrottled, 5 * 200);
    QCOMPARE(s1.throttled.count(true), 5);
    QVERIFY(!s1.throttled[0] && s1.throttled[1]);
    QCOMPARE(*s1.iteratorAgeMs, 4009); // the latest second with GetRecords calls
    QCOMPARE(s1.writeRecords, 1000.0);
    QCOMPARE(s1.readRecords, 900.0);
    QCOMPARE(s1.peak(), 1.0);
    QVERIFY(!all[2].open);
}

void TestMetricViews::streamSeriesFromWindow()
{
    const auto s = streamSeries(window(7));
    QCOMPARE(s.recordsIn.size(), 7);
    QCOMPARE(s.recordsIn.back(), 1100.0);
    QCOMPARE(s.recordsOut.back(), 900.0);
    QCOMPARE(s.bytesIn.back(), double(512 * 1024 + 100'000));
    QCOMPARE(s.lastSecond, kNowSecond - 1);
}

void TestMetricViews::retentionShareClamps()
{
    QCOMPARE(retentionShare(0, 24), 0.0);
    QCOMPARE(retentionShare(12 * 3600 * 1000LL, 24), 0.5);
    QCOMPARE(retentionShare(84 * 3600 * 1000LL, 168), 0.5);
    QCOMPARE(retentionShare(48 * 3600 * 1000LL, 24),
             1.0); // older than retention: everything trimmed
}

void TestMetricViews::mergeForecastWarnsOfAnOverloadedChild()
{
    // window(): shard 0 writes 100 records/s (512 KiB/s), shard 1 1,000 records/s: merged,
    // 1,100 records/s — over the limit, about 9 % throttled.
    const auto w = window();
    const auto f = forecastMerge(w, "shardId-000000000000", "shardId-000000000001");
    QCOMPARE(f.seconds, 10);
    QCOMPARE(f.recordsPerSecond[0], 100.0);
    QCOMPARE(f.recordsPerSecond[1], 1000.0);
    QCOMPARE(f.records, 1100.0);
    QVERIFY(f.over());
    const QString text = describeMerge(f, QStringLiteral("#0"), QStringLiteral("#1"));
    QVERIFY2(text.contains(QStringLiteral("1100 records/s")), qPrintable(text));
    QVERIFY(text.contains(QStringLiteral("over one shard's limit")));
    QVERIFY(text.contains(QStringLiteral("About 9 % of its writes would be throttled")));
    // Two quiet neighbours: within the limit, and said so.
    const auto quiet = forecastMerge(w, "shardId-000000000000", "shardId-000000000002");
    QVERIFY(!quiet.over());
    QVERIFY(describeMerge(quiet, QStringLiteral("#0"), QStringLiteral("#2"))
                .contains(QStringLiteral("within it")));
    // Nothing measured yet.
    QCOMPARE(forecastMerge(service::MetricsWindow{}, "a", "b").seconds, 0);
}

void TestMetricViews::topKeysShareThisMinute()
{
    service::ShardMetrics shard;
    shard.shardId = "shardId-000000000001";
    // 10:00:30.5: the minute began 30 complete seconds ago. One second of the previous minute
    // (10:00:00 - 1 s) must not count.
    shard.samples.push_back(sample(kNowSecond - 31, {{Metric::IncomingRecords, 5000}}));
    for (int i = 30; i >= 1; --i)
        shard.samples.push_back(sample(kNowSecond - i, {{Metric::IncomingRecords, 100}}));
    shard.hotKeys = {{"hot", 2400, 0}, {"warm", 300, 60}, {"cold", 10, 10}};
    const auto keys = topKeys(shard, kNowMs, 2);
    QCOMPARE(keys.size(), 2); // limit
    QCOMPARE(keys[0].partitionKey, QStringLiteral("hot"));
    QCOMPARE(keys[0].share, 0.8); // 2,400 of 3,000
    QCOMPARE(keys[0].shareUpper, 0.8);
    QCOMPARE(keys[1].lowerBound, 240);
    QCOMPARE(keys[1].share, 0.08);
    QCOMPARE(keys[1].shareUpper, 0.1);
    QCOMPARE(keys[0].perSecond, 2400 / 30.5);
    // A key written only for the last 10 s: its rate over those seconds, not the minute's 30.5
    // (the lecturer's user-0, shown at 374/s while written at ~540/s).
    service::ShardMetrics late = shard;
    for (auto &s : late.samples)
        if (s.second < kNowSecond - 10)
            s.values[int(Metric::IncomingRecords)] = 0;
    late.hotKeys = {{"user-0", 5400, 0}};
    QCOMPARE(topKeys(late, kNowMs).front().perSecond, 5400 / 10.5);
    // The sketch may have seen more than the complete seconds hold: shares never pass 100 %.
    shard.hotKeys = {{"only", 4000, 0}};
    QCOMPARE(topKeys(shard, kNowMs).front().share, 1.0);
    QVERIFY(topKeys(service::ShardMetrics{}, kNowMs).isEmpty());
}

void TestMetricViews::formatting()
{
    QCOMPARE(formatAge(850), QStringLiteral("850 ms"));
    QCOMPARE(formatAge(12'400), QStringLiteral("12 s"));
    QCOMPARE(formatAge(250'000), QStringLiteral("4 min 10 s"));
    QCOMPARE(formatAge(11'100'000), QStringLiteral("3 h 5 min"));
    QCOMPARE(formatAge(187'200'000), QStringLiteral("2 d 4 h"));
    QCOMPARE(formatBytesRate(512), QStringLiteral("512 B/s"));
    QCOMPARE(formatBytesRate(12'800), QStringLiteral("12.5 KiB/s"));
    QCOMPARE(formatBytesRate(1024 * 1024), QStringLiteral("1.00 MiB/s"));
}

void TestMetricViews::sparklineGridReflowsAndClicks()
{
    SparklineGrid grid;
    grid.setSeries(shardSeries(window(), false), 24);
    const int two = 2 * SparklineGrid::kCellWidth + SparklineGrid::kGap;
    QCOMPARE(grid.heightForWidth(two),
             2 * SparklineGrid::kCellHeight + SparklineGrid::kGap);     // 3 cells, 2 columns
    QCOMPARE(grid.heightForWidth(3 * two), SparklineGrid::kCellHeight); // one row
    QCOMPARE(grid.heightForWidth(100), 3 * SparklineGrid::kCellHeight + 2 * SparklineGrid::kGap);
    grid.resize(two, grid.heightForWidth(two));
    QCOMPARE(grid.columns(), 2);
    QCOMPARE(grid.cellRect(2).top(), SparklineGrid::kCellHeight + SparklineGrid::kGap);
    // The scale always shows the limit line, and grows with the peak.
    QCOMPARE(SparklineGrid::scaleTop(grid.series()[0]), 1.25);
    ShardSeriesView over;
    over.write = {0.2, 3.0};
    QCOMPARE(SparklineGrid::scaleTop(over), 3.3);
    QSignalSpy clicked(&grid, &SparklineGrid::shardClicked);
    QTest::mouseClick(&grid, Qt::LeftButton, {}, grid.cellRect(1).center());
    QCOMPARE(clicked.size(), 1);
    QCOMPARE(clicked.front().front().toString(), QStringLiteral("shardId-000000000001"));
    QCOMPARE(grid.selectedShard(), QStringLiteral("shardId-000000000001"));
    // The limit line is drawn at 100 %: a red pixel on it, in shard 1's plot.
    const QImage img = grid.grab().toImage();
    const QRect cell = grid.cellRect(1);
    const double plotTop = cell.top() + 28 + 2, plotBottom = cell.bottom() + 1 - 6;
    const int limitY = int(std::round(plotBottom - (1.0 / 1.25) * (plotBottom - plotTop)));
    bool red = false;
    for (int x = cell.left() + 8; x < cell.left() + 40 && !red; ++x)
        for (int dy = -1; dy <= 1; ++dy)
            red = red || near(img.pixelColor(x, limitY + dy), QColor(0xc6, 0x28, 0x28), 40);
    QVERIFY2(red, "no limit line at 100 %");
}

void TestMetricViews::heatMapPaintsUtilisation()
{
    HeatMap map;
    map.resize(400, 200);
    map.setSeries(shardSeries(window(), false));
    QCOMPARE(map.columnCount(), 10);
    const QImage img = map.grab().toImage();
    // Shard 0, an unthrottled second at 50 %: its cell's centre has the utilisation colour.
    QVERIFY(near(img.pixelColor(map.cellRect(0, 4).center().toPoint()), utilisationColor(0.5)));
    // Shard 1, second 0 (not throttled) at 100 %.
    QVERIFY(near(img.pixelColor(map.cellRect(1, 0).center().toPoint()), utilisationColor(1.0)));
    // Shard 2 is idle: the background.
    QVERIFY(near(img.pixelColor(map.cellRect(2, 5).center().toPoint()),
                 map.palette().color(QPalette::Base)));
    QSignalSpy clicked(&map, &HeatMap::shardClicked);
    QTest::mouseClick(&map, Qt::LeftButton, {}, map.cellRect(1, 3).center().toPoint());
    QCOMPARE(clicked.size(), 1);
    QCOMPARE(map.selectedShard(), QStringLiteral("shardId-000000000001"));
    // The colour scale under the map paints the same colours, 0 % on the left to 100 % on the
    // right (the caption once named three colours beside a gradient with no scale).
    map.resize(640, 200);
    const QImage wide = map.grab().toImage();
    const QRectF scale = map.scaleRect();
    QVERIFY(!scale.isEmpty());
    QVERIFY(scale.top() > map.cellRect(2, 0).bottom());
    const int y = int(scale.center().y());
    QVERIFY(near(wide.pixelColor(int(scale.left()) + 3, y), utilisationColor(0.0), 12));
    const QColor hot = wide.pixelColor(int(scale.right()) - 3, y); // about 97 %
    QVERIFY2(near(hot, utilisationColor(0.97), 8), qPrintable(hot.name()));
    // Bigger text (presenter mode) grows the labels and the lines under the map with it.
    QFont big = map.font();
    big.setPointSizeF(big.pointSizeF() * 2);
    map.setFont(big);
    QVERIFY(map.cellRect(0, 0).left() > 70);
}

void TestMetricViews::heatMapPanelPicksTheBusiestShard()
{
    HeatMapPanel panel;
    panel.resize(700, 500);
    panel.setStream(QStringLiteral("s"));
    auto w = window();
    w.shards[1].hotKeys = {{"user-7", 24'000, 0}, {"user-1", 500, 20}};
    w.shards[0].hotKeys = {{"a", 400, 0}, {"b", 390, 0}};
    panel.setMetrics(w);
    // Shard 1 wrote 1,000 records/s against shard 0's 100: it is the busiest.
    QCOMPARE(panel.keyShard(), QStringLiteral("shardId-000000000001"));
    QCOMPARE(panel.keyTable()->rowCount(), 2);
    QCOMPARE(panel.keyTable()->item(0, 0)->text(), QStringLiteral("user-7"));
    QVERIFY(panel.insight()->text().contains(QStringLiteral("'user-7'")));
    QVERIFY2(panel.insight()->text().contains(QStringLiteral("no split can spread it")),
             qPrintable(panel.insight()->text()));
    QVERIFY(panel.insight()->text().contains(QStringLiteral("2286 records/s")));
    // A dominant key under one shard's limit: a split that isolates it ends the throttling.
    auto under = window();
    under.shards[1].hotKeys = {{"user-7", 8000, 0}, {"user-1", 500, 20}};
    panel.setMetrics(under);
    QVERIFY2(panel.insight()->text().contains(QStringLiteral("A split that gives it a child")),
             qPrintable(panel.insight()->text()));
    QVERIFY(panel.insight()->text().contains(QStringLiteral("762 records/s")));
    // A key accepted at about a whole shard's limit while the shard throttles: refused writes are
    // not counted, so its demand may be beyond any shard (the hot-key lesson's case).
    auto atLimit = window();
    atLimit.shards[1].hotKeys = {{"user-7", 10'000, 0}, {"user-1", 500, 20}};
    panel.setMetrics(atLimit);
    QVERIFY2(panel.insight()->text().contains(QStringLiteral("is throttling. Refused writes are "
                                                             "not counted here")),
             qPrintable(panel.insight()->text()));
    QVERIFY(panel.insight()->text().contains(QStringLiteral("952 records/s")));
    panel.setMetrics(w);
    // Clicking shard 0's row pins it: no key dominates there.
    QTest::mouseClick(panel.heatMap(), Qt::LeftButton, {},
                      panel.heatMap()->cellRect(0, 2).center().toPoint());
    QCOMPARE(panel.keyShard(), QStringLiteral("shardId-000000000000"));
    QVERIFY(panel.insight()->text().contains(QStringLiteral("No single key dominates")));
    // Metrics of another stream are ignored; a new stream unpins.
    auto other = window();
    other.streamName = "other";
    other.shards.clear();
    panel.setMetrics(other);
    QCOMPARE(panel.keyShard(), QStringLiteral("shardId-000000000000"));
    panel.setStream(QStringLiteral("other"));
    QVERIFY(panel.keyShard().isEmpty());
}

void TestMetricViews::heatMapRightAfterASplit()
{
    // Shard 0 has written 100 records/s for 10 s; shard 2 was split 2 s ago, and its child 3 has
    // written 400 records/s since. Judged by the seconds it existed, the child is the busiest (by
    // the last 10 s' sums it would look colder than shard 0), and the panel says it is new.
    auto w = window(10);
    w.shards.resize(5);
    w.shards[3].shardId = "shardId-000000000003";
    w.shards[4].shardId = "shardId-000000000004";
    for (int s : {3, 4}) {
        w.shards[s].samples.clear();
        for (int i = 0; i < 10; ++i)
            w.shards[s].samples.push_back(sample(
                kNowSecond - 10 + i, {{Metric::IncomingRecords, s == 3 && i >= 8 ? 400 : 0}}));
    }
    w.shards[3].hotKeys = {{"user-1", 300, 0}, {"user-2", 280, 0}, {"user-3", 220, 0}};
    w.shards.erase(w.shards.begin() + 1); // shard 1 is not in this story
    auto shards = splitShards();
    for (int s : {3, 4})
        shards[s].createdMs = kNowMs - 2'000;
    shards[2].closedMs = kNowMs - 2'000;
    HeatMapPanel panel;
    panel.setStream(QStringLiteral("s"), shards);
    panel.setMetrics(w);
    QCOMPARE(panel.keyShard(), QStringLiteral("shardId-000000000003"));
    QVERIFY2(panel.insight()->text().startsWith(QStringLiteral(
                 "#3, #4 were created by a reshard 2 s ago, so they have 2 s of history")),
             qPrintable(panel.insight()->text()));
    // At the moment of the split: no history yet, said first.
    for (int s : {3, 4})
        shards[s].createdMs = kNowMs;
    panel.setStream(QStringLiteral("s"), shards);
    panel.setMetrics(w);
    QVERIFY2(panel.insight()->text().startsWith(
                 QStringLiteral("#3, #4 were just created by a reshard and have no history yet")),
             qPrintable(panel.insight()->text()));
    // Ten seconds on, they are shards like any other.
    for (int s : {3, 4})
        shards[s].createdMs = kNowMs - 10'000;
    panel.setStream(QStringLiteral("s"), shards);
    panel.setMetrics(w);
    QVERIFY(!panel.insight()->text().contains(QStringLiteral("reshard")));
    QCOMPARE(panel.keyShard(), QStringLiteral("shardId-000000000000"));
}

void TestMetricViews::throughputPanelChartsTheStream()
{
    ThroughputPanel panel;
    panel.resize(800, 700);
    std::vector<core::ShardInfo> twoShards(2);
    twoShards[0].shardId = "shardId-000000000000";
    twoShards[1].shardId = "shardId-000000000001";
    panel.setStream(QStringLiteral("s"), 24, twoShards);
    panel.setConsumers({{QStringLiteral("Consume tab — all shards"),
                         QStringLiteral("MillisBehindLatest"), 6 * 3600 * 1000LL}});
    panel.setMetrics(window(10));
    auto *chart = panel.chart();
    auto in = chart->points(QStringLiteral("Records in"));
    QCOMPARE(in.size(), 10);
    QCOMPARE(in[9], QPointF(0, 1100)); // the newest second at x = 0
    QCOMPARE(in[0], QPointF(-9, 1100));
    QCOMPARE(chart->points(QStringLiteral("KiB in (dotted)"))[9].y(),
             (512 * 1024 + 100'000) / 1024.0);
    // The write limit is drawn as data: 2 open shards × 1,000 records/s (traffic is within reach).
    const auto limit = chart->points(QStringLiteral("Write limits (dashed)"));
    QCOMPARE(limit.size(), 10);
    // Every series its own colour: in/out records and bytes, the limit and throttled writes.
    QSet<QRgb> colours;
    const QStringList names{
        QStringLiteral("Write limits (dashed)"), QStringLiteral("Records in"),
        QStringLiteral("Records out"),           QStringLiteral("KiB in (dotted)"),
        QStringLiteral("KiB out (dotted)"),      QStringLiteral("Throttled writes"),
        QStringLiteral("Throttled reads")};
    for (const auto &name : names)
        colours.insert(chart->pen(name).color().rgb());
    QCOMPARE(colours.size(), names.size());
    QCOMPARE(chart->pen(QStringLiteral("KiB in (dotted)")).style(), Qt::DotLine);
    // The bytes limit shares the records limit's entry: its colour, its own line style.
    QCOMPARE(chart->pen(QStringLiteral("Write limit KiB/s")).color(),
             chart->pen(QStringLiteral("Write limits (dashed)")).color());
    QCOMPARE(chart->pen(QStringLiteral("Write limit KiB/s")).style(), Qt::DashDotLine);
    // Tick labels never repeat: an idle bytes axis (0–1) gets two decimals, whole steps none.
    QCOMPARE(QString::fromLatin1(ui::labelFormatFor(1, 5)), QStringLiteral("%.2f"));
    QCOMPARE(QString::fromLatin1(ui::labelFormatFor(2, 5)), QStringLiteral("%.1f"));
    QCOMPARE(QString::fromLatin1(ui::labelFormatFor(2500, 5)), QStringLiteral("%.0f"));
    QCOMPARE(QString::fromLatin1(ui::labelFormatFor(10, 5)), QStringLiteral("%.1f"));
    QCOMPARE(limit[0].y(), 2000.0);
    QCOMPARE(chart->leftTop(), 2500.0); // a nice top over the 2,000 limit with 5 % headroom
    QCOMPARE(chart->xMin(), -9.0);
    QCOMPARE(panel.grid()->series().size(), 2); // open shards only
    // The Consume tab's reader and the slowest shard's reader.
    QCOMPARE(panel.ageView()->ages().size(), 2);
    QCOMPARE(panel.ageView()->ages()[1].ageMs, 4009);
    QVERIFY(panel.summaryLabel()->text().contains(QStringLiteral("1100 records/s")));
    QVERIFY(panel.summaryLabel()->text().contains(QStringLiteral("1000 writes")));
    // Another stream's window is ignored; switching streams clears the chart.
    auto other = window(3);
    other.streamName = "other";
    panel.setMetrics(other);
    QCOMPARE(chart->points(QStringLiteral("Records in")).size(), 10);
    panel.setStream(QStringLiteral("t"), 24, {});
    QVERIFY(chart->points(QStringLiteral("Records in")).isEmpty());
    QVERIFY(panel.grid()->series().isEmpty());
}

void TestMetricViews::chartLimitFollowsReshards()
{
    // The limit is drawn as it was each second — 3 shards before the split, 4 after — on both
    // axes, and the split is marked where it happened; the summary counts today's shards.
    const auto shards = splitShards();
    const WriteLimitHistory h = writeLimitHistory(shards, kNowSecond - 1, 10);
    QCOMPARE(h.openShards, (QVector<int>{3, 3, 3, 3, 3, 3, 4, 4, 4, 4}));
    QCOMPARE(h.marks.size(), 1);
    QCOMPARE(h.marks[0].index, 6);
    QCOMPARE(h.marks[0].label, QStringLiteral("split #2"));
    QCOMPARE(h.marks[0].before, 3);
    QCOMPARE(h.marks[0].after, 4);

    ThroughputPanel panel;
    panel.resize(900, 700);
    panel.show();
    panel.setStream(QStringLiteral("s"), 24, shards);
    auto heavy = window(10);
    for (auto &sample : heavy.stream)
        sample.values[int(Metric::IncomingBytes)] = 2 * 1024 * 1024;
    panel.setMetrics(heavy);
    auto *chart = panel.chart();
    const auto records = chart->points(QStringLiteral("Write limits (dashed)"));
    QCOMPARE(records.size(), 10);
    QCOMPARE(records[5].y(), 3000.0);
    QCOMPARE(records[6].y(), 4000.0);
    const auto kib = chart->points(QStringLiteral("Write limit KiB/s"));
    QCOMPARE(kib.size(), 10);
    QCOMPARE(kib[0].y(), 3 * 1024.0);
    QCOMPARE(kib[9].y(), 4 * 1024.0);
    QCOMPARE(chart->marks().size(), 1);
    QCOMPARE(chart->marks()[0].x, -3.0);
    QCOMPARE(chart->marks()[0].label, QStringLiteral("split #2"));
    QVERIFY2(panel.summaryLabel()->text().contains(QStringLiteral("4 open shards")),
             qPrintable(panel.summaryLabel()->text()));

    // A merge and a batch (UpdateShardCount) are named as such.
    auto merged = shards;
    core::ShardInfo child;
    child.shardId = "shardId-000000000005";
    child.parentShardId = "shardId-000000000000";
    child.adjacentParentShardId = "shardId-000000000001";
    child.createdMs = (kNowSecond - 2) * 1000;
    for (int i : {0, 1}) {
        merged[i].open = false;
        merged[i].closedMs = child.createdMs;
    }
    merged.push_back(child);
    auto m = writeLimitHistory(merged, kNowSecond - 1, 10);
    QCOMPARE(m.marks.size(), 2);
    QCOMPARE(m.marks[1].label, QStringLiteral("merge #0 + #1"));
    QCOMPARE(m.openShards.back(), 3);
    auto batch = merged;
    batch.back().createdMs = shards[3].createdMs;
    for (int i : {0, 1})
        batch[i].closedMs = shards[3].createdMs;
    m = writeLimitHistory(batch, kNowSecond - 1, 10);
    QCOMPARE(m.marks.size(), 1);
    QCOMPARE(m.marks[0].label, QStringLiteral("3 → 3 shards"));
    // Quiet traffic hides both limit lines (they would flatten the chart), not the marks.
    panel.setMetrics(window(10));
    QVERIFY(chart->points(QStringLiteral("Write limit KiB/s")).isEmpty());
    QCOMPARE(chart->marks().size(), 1);
}

void TestMetricViews::viewsExportForSlides()
{
    QTemporaryDir dir;
    ThroughputPanel panel;
    panel.resize(800, 600);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    std::vector<core::ShardInfo> twoShards(2);
    twoShards[0].shardId = "shardId-000000000000";
    twoShards[1].shardId = "shardId-000000000001";
    panel.setStream(QStringLiteral("s"), 24, twoShards);
    panel.setMetrics(window(10));
    auto *chart = panel.chart();
    // SVG: vectors, with the chart's own text in it.
    const QString svgPath = dir.filePath(QStringLiteral("s-throughput.svg"));
    QCOMPARE(exportView(chart, svgPath, QStringLiteral("s-throughput")), QString());
    QFile svg(svgPath);
    QVERIFY(svg.open(QIODevice::ReadOnly));
    const QByteArray xml = svg.readAll();
    QVERIFY(xml.contains("<svg"));
    QVERIFY(xml.contains("records/s"));
    QVERIFY(xml.contains("<path") || xml.contains("<polyline"));
    // PNG at twice the size, for a projector.
    const QString pngPath = dir.filePath(QStringLiteral("s-throughput.png"));
    QCOMPARE(exportView(chart, pngPath), QString());
    QCOMPARE(QImage(pngPath).size(), chart->size() * 2);
    // A folder that cannot be written: the error names the file and what to do.
    const QString refused = exportView(chart, QStringLiteral("/nonexistent/x.png"));
    QVERIFY2(refused.contains(QStringLiteral("Cannot write /nonexistent/x.png"))
                 && refused.contains(QStringLiteral("Choose a folder")),
             qPrintable(refused));
    // The context menu of a painted view: copy, PNG, SVG; copying puts the image on the clipboard.
    addExportActions(panel.grid(), [] { return QStringLiteral("s-shards"); });
    QStringList names;
    for (QAction *a : panel.grid()->actions())
        names << a->objectName();
    QCOMPARE(names, (QStringList{QStringLiteral("copyAsImage"), QStringLiteral("exportAsPNG"),
                                 QStringLiteral("exportAsSVG")}));
    QCOMPARE(panel.grid()->contextMenuPolicy(), Qt::ActionsContextMenu);
    panel.grid()->actions().first()->trigger();
    QCOMPARE(QGuiApplication::clipboard()->image().size(), panel.grid()->size() * 2);
    // A right-click inside the chart (its QChartView) reaches the chart's menu.
    addExportActions(chart, [] { return QStringLiteral("s-throughput"); });
    auto *view = chart->findChild<QGraphicsView *>();
    QVERIFY(view);
    bool shown = false;
    QTimer::singleShot(0, [&shown] {
        if (auto *menu = qobject_cast<QMenu *>(QApplication::activePopupWidget())) {
            shown = menu->actions().size() == 3;
            menu->close();
        }
    });
    const QPoint at = view->viewport()->rect().center();
    QContextMenuEvent event(QContextMenuEvent::Mouse, at, view->viewport()->mapToGlobal(at));
    QApplication::sendEvent(view->viewport(), &event);
    QVERIFY(shown);
}

QTEST_MAIN(TestMetricViews)
#include "tst_metric_views.moc"
