// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "throughput_panel.h"

#include "sparkline_grid.h"

#include "charts/throughput_chart_view.h"
#include "engine/kinesis_limits.h"
#include "widgets/shard_label.h"

#include <QComboBox>
#include <QLabel>
#include <QLocale>
#include <QPainter>
#include <QScrollArea>
#include <QStackedWidget>
#include <QTime>
#include <QVBoxLayout>
#include <QtNumeric>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

namespace shs::ui {

namespace {
constexpr int kAgeRowHeight = 20;

// The chart's series, in spec order.
enum Series {
    Limit,
    KibLimit,
    RecordsIn,
    RecordsOut,
    KibIn,
    KibOut,
    WriteThrottled,
    ReadThrottled
};
} // namespace

IteratorAgeView::IteratorAgeView(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("iteratorAges"));
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
}

void IteratorAgeView::setAges(QVector<ConsumerAge> ages, int retentionHours)
{
    const bool resize = ages.size() != m_ages.size();
    m_ages = std::move(ages);
    m_retentionHours = retentionHours;
    if (resize)
        updateGeometry();
    update();
}

QSize IteratorAgeView::sizeHint() const
{
    return {400, kAgeRowHeight * int(std::max<qsizetype>(1, m_ages.size())) + 2};
}

void IteratorAgeView::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    const QPalette pal = palette();
    if (m_ages.isEmpty()) {
        p.setPen(pal.color(QPalette::PlaceholderText));
        p.drawText(rect().adjusted(4, 0, 0, 0), Qt::AlignLeft | Qt::AlignVCenter,
                   tr("No reader yet. Start one on the Consume tab (or from the AWS CLI) to see "
                      "how far behind it is."));
        return;
    }
    const int nameWidth = std::min(width() / 3, 260);
    for (int i = 0; i < m_ages.size(); ++i) {
        const ConsumerAge &a = m_ages[i];
        const QRect row(0, i * kAgeRowHeight, width(), kAgeRowHeight);
        p.setPen(pal.color(QPalette::Text));
        p.drawText(QRect(4, row.top(), nameWidth - 8, row.height()),
                   Qt::AlignLeft | Qt::AlignVCenter,
                   fontMetrics().elidedText(a.name, Qt::ElideRight, nameWidth - 8));
        const double share = retentionShare(a.ageMs, m_retentionHours);
        const QString text
            = tr("%1 behind — %2 % of %3 h%4")
                  .arg(formatAge(a.ageMs))
                  .arg(100.0 * share, 0, 'f', share < 0.01 ? 3 : 1)
                  .arg(m_retentionHours)
                  .arg(a.detail.isEmpty() ? QString() : QStringLiteral(", %1").arg(a.detail));
        const int textWidth
            = std::min(fontMetrics().horizontalAdvance(text) + 4, width() - nameWidth - 60);
        const QRect bar(nameWidth, row.top() + 4,
                        std::max(40, width() - nameWidth - textWidth - 12), row.height() - 8);
        p.fillRect(bar, pal.color(QPalette::AlternateBase));
        // Past half the retention the reader risks losing records to trimming: amber, then red.
        const QColor fill = share >= 0.8   ? QColor(0xc6, 0x28, 0x28)
                            : share >= 0.5 ? QColor(0xe6, 0x9b, 0x00)
                                           : QColor(0x2c, 0xa0, 0x2c);
        p.fillRect(QRectF(bar.left(), bar.top(), std::max(2.0, bar.width() * share), bar.height()),
                   fill);
        p.setPen(pal.color(QPalette::Mid));
        p.drawRect(bar.adjusted(0, 0, -1, -1));
        p.setPen(pal.color(QPalette::Text));
        p.drawText(QRect(bar.right() + 8, row.top(), width() - bar.right() - 8, row.height()),
                   Qt::AlignLeft | Qt::AlignVCenter,
                   fontMetrics().elidedText(text, Qt::ElideRight, width() - bar.right() - 8));
    }
}

ThroughputPanel::ThroughputPanel(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("throughputPanel"));
    auto *layout = new QVBoxLayout(this);
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("throughputSummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextFormat(Qt::RichText);
    layout->addWidget(m_summary);

    m_chart = new ThroughputChartView(this);
    m_chart->setObjectName(QStringLiteral("streamChart"));
    m_chart->setAxisTitles(tr("engine seconds before now"), tr("records/s"), tr("KiB/s"));
    const QColor blue(0x1f, 0x77, 0xb4), green(0x2c, 0xa0, 0x2c), red(0xc6, 0x28, 0x28);
    using Axis = ChartSeriesSpec::Axis;
    m_chart->setSeriesSpec(
        // Every series its own colour (the legend shows colours only), and the line style in its
        // name; bytes in lighter shades of their records' colours.
        // The two write limits are one entry (the legend has room for seven beside the plot).
        {{tr("Write limits (dashed)"), QColor(0x55, 0x55, 0x55), Qt::DashLine, 1.4, Axis::Left},
         {tr("Write limit KiB/s"), QColor(0x55, 0x55, 0x55), Qt::DashDotLine, 1.4, Axis::Right,
          false},
         {tr("Records in"), blue, Qt::SolidLine, 2.0, Axis::Left},
         {tr("Records out"), green, Qt::SolidLine, 2.0, Axis::Left},
         {tr("KiB in (dotted)"), QColor(0x6b, 0xae, 0xd6), Qt::DotLine, 1.8, Axis::Right},
         {tr("KiB out (dotted)"), QColor(0x74, 0xc4, 0x76), Qt::DotLine, 1.8, Axis::Right},
         {tr("Throttled writes"), red, Qt::SolidLine, 2.0, Axis::Left},
         {tr("Throttled reads"), QColor(0x8e, 0x24, 0xaa), Qt::SolidLine, 1.6, Axis::Left}});
    m_chart->setMinimumHeight(220);
    // Remote streams with CloudWatch: the live chart (this workbench's traffic, per second) or
    // CloudWatch's (everyone's, per minute) in the same place, picked here.
    m_chartSource = new QComboBox(this);
    m_chartSource->setObjectName(QStringLiteral("chartSource"));
    m_chartSource->addItem(tr("CloudWatch AWS/Kinesis — every client, 1-minute points"));
    m_chartSource->addItem(tr("This workbench's own traffic — per second"));
    m_chartSource->hide();
    layout->addWidget(m_chartSource, 0, Qt::AlignLeft);
    m_charts = new QStackedWidget(this);
    m_charts->addWidget(m_chart);
    layout->addWidget(m_charts, 3);

    m_cloudWatchLabel = new QLabel(this);
    m_cloudWatchLabel->setObjectName(QStringLiteral("cloudWatchLabel"));
    m_cloudWatchLabel->setWordWrap(true);
    m_cloudWatchLabel->setTextFormat(Qt::RichText);
    m_cloudWatchLabel->hide();
    layout->addWidget(m_cloudWatchLabel);
    m_cloudWatchChart = new ThroughputChartView(this);
    m_cloudWatchChart->setObjectName(QStringLiteral("cloudWatchChart"));
    m_cloudWatchChart->setAxisTitles(tr("minutes before now (CloudWatch, 1-minute points)"),
                                     tr("records/minute"), tr("iterator age, s"));
    m_cloudWatchChart->setSeriesSpec(
        {{tr("IncomingRecords"), blue, Qt::SolidLine, 2.0, Axis::Left},
         {tr("GetRecords.Records"), green, Qt::SolidLine, 2.0, Axis::Left},
         {tr("WriteProvisionedThroughputExceeded"), red, Qt::SolidLine, 2.0, Axis::Left},
         {tr("ReadProvisionedThroughputExceeded"), QColor(0x8e, 0x24, 0xaa), Qt::SolidLine, 1.6,
          Axis::Left},
         {tr("GetRecords.IteratorAgeMilliseconds (max)"), QColor(0x6d, 0x4c, 0x41), Qt::DotLine,
          1.6, Axis::Right}});
    m_cloudWatchChart->setMinimumHeight(220);
    m_charts->addWidget(m_cloudWatchChart);
    connect(m_chartSource, &QComboBox::currentIndexChanged, this,
            [this](int i) { m_charts->setCurrentWidget(i == 0 ? m_cloudWatchChart : m_chart); });

    // Under the chart, in one scroll area: the iterator ages and the shards' sparklines. The chart
    // keeps its height and the rest scrolls, so the tab fits a 1280×720 window (a lesson's, with
    // its narration docked) instead of pushing the window taller than the screen.
    auto *details = new QWidget;
    auto *detailsLayout = new QVBoxLayout(details);
    detailsLayout->setContentsMargins(0, 0, 0, 0);
    auto *agesTitle = new QLabel(
        tr("<b>Iterator age</b> — how far each reader is behind the newest record, as a share "
           "of the retention period (past it, records are trimmed before they are read)"),
        details);
    agesTitle->setWordWrap(true);
    detailsLayout->addWidget(agesTitle);
    m_ages = new IteratorAgeView(details);
    detailsLayout->addWidget(m_ages);

    auto *gridTitle = new QLabel(
        tr("<b>Shards</b> — write (blue) and read (green) as a share of the shard's limits; "
           "the dashed red line is 100 % (1 MiB/s or 1,000 records/s in, 2 MiB/s out); "
           "red ticks mark throttled seconds"),
        details);
    gridTitle->setWordWrap(true);
    detailsLayout->addWidget(gridTitle);
    m_shardLevel = new QLabel(details);
    m_shardLevel->setObjectName(QStringLiteral("shardLevelMetrics"));
    m_shardLevel->setWordWrap(true);
    detailsLayout->addWidget(m_shardLevel);
    m_grid = new SparklineGrid(details);
    detailsLayout->addWidget(m_grid, 1);
    auto *scroll = new QScrollArea(this);
    scroll->setObjectName(QStringLiteral("sparklineScroll"));
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(details);
    scroll->setMinimumHeight(SparklineGrid::kCellHeight + 8);
    layout->addWidget(scroll, 2);
    connect(m_grid, &SparklineGrid::shardClicked, this, &ThroughputPanel::shardClicked);
    setStream({}, 24, {});
    setShardLevelMetrics({});
}

void ThroughputPanel::setShardLevelMetrics(const QStringList &enabled)
{
    const QString text
        = enabled.isEmpty()
              ? tr("AWS would publish none of these per shard to CloudWatch: shard-level metrics "
                   "are off (Settings…).")
          : enabled.size() == 7
              ? tr("AWS would publish all seven per shard to CloudWatch (shard-level metrics: "
                   "ALL).")
              : tr("AWS would publish only %1 per shard to CloudWatch (shard-level metrics); the "
                   "rest are drawn here only.")
                    .arg(enabled.join(QStringLiteral(", ")));
    m_shardLevel->setText(QStringLiteral("<span style='color:gray'>%1</span>").arg(text));
}

void ThroughputPanel::setStream(const QString &streamName, int retentionHours,
                                std::vector<core::ShardInfo> shards)
{
    if (streamName != m_stream) {
        m_chart->clear();
        m_chart->setMarks({});
        m_grid->setSeries({}, retentionHours);
        m_shardAges.clear();
        m_summary->setText(
            streamName.isEmpty()
                ? tr("Select a stream to see its throughput.")
                : tr("Waiting for the first complete second of '%1'…").arg(streamName));
    }
    m_stream = streamName;
    m_retentionHours = retentionHours;
    m_shards = std::move(shards);
    m_chart->setTitle(streamName.isEmpty() ? QString() : tr("Stream '%1'").arg(streamName));
    updateAges();
}

void ThroughputPanel::setRemote(bool remote, const QString &cloudWatchSource,
                                const QString &unavailable)
{
    m_cloudWatchSource = cloudWatchSource;
    m_chart->setAxisTitles(remote ? tr("seconds before now — this workbench's own traffic")
                                  : tr("engine seconds before now"),
                           tr("records/s"), tr("KiB/s"));
    m_cloudWatchLabel->setVisible(remote);
    const bool cloudWatch = remote && !cloudWatchSource.isEmpty();
    m_chartSource->setVisible(cloudWatch);
    m_chartSource->setCurrentIndex(cloudWatch ? 0 : 1);
    m_charts->setCurrentWidget(cloudWatch ? m_cloudWatchChart : m_chart);
    if (!remote)
        return;
    m_cloudWatchLabel->setText(
        cloudWatchSource.isEmpty()
            ? tr("<b>CloudWatch</b> — not available: %1").arg(unavailable.toHtmlEscaped())
            : tr("<b>CloudWatch</b> AWS/Kinesis at %1 — asking…")
                  .arg(cloudWatchSource.toHtmlEscaped()));
}

void ThroughputPanel::setCloudWatch(const service::CloudWatchMetrics &metrics)
{
    if (QString::fromStdString(metrics.streamName) != m_stream || m_cloudWatchSource.isEmpty())
        return;
    // One value per minute from the start to the end of the window (CloudWatch leaves out minutes
    // without data: zero for a sum, no reader for the iterator age).
    const int minutes = int((metrics.endMs - metrics.startMs) / 60'000);
    const auto perMinute = [&](const service::CloudWatchSeries &s, double scale) {
        QVector<double> v(minutes, 0.0);
        for (std::size_t i = 0; i < s.timesMs.size(); ++i) {
            const int m = int((s.timesMs[i] - metrics.startMs) / 60'000);
            if (m >= 0 && m < minutes)
                v[m] = s.values[i] * scale;
        }
        return v;
    };
    static const char *const shown[]
        = {"IncomingRecords", "GetRecords.Records", "WriteProvisionedThroughputExceeded",
           "ReadProvisionedThroughputExceeded", "GetRecords.IteratorAgeMilliseconds"};
    double total = 0;
    int points = 0;
    std::set<std::string> shardsWithData;
    std::map<std::string, double> shardRecordsIn; // enhanced monitoring: IncomingRecords per shard
    for (const auto &s : metrics.series) {
        if (!s.shardId.empty()) {
            if (!s.values.empty())
                shardsWithData.insert(s.shardId);
            if (s.metricName == "IncomingRecords")
                for (double x : s.values)
                    shardRecordsIn[s.shardId] += x;
            continue;
        }
        for (int i = 0; i < 5; ++i) {
            if (s.metricName != shown[i])
                continue;
            m_cloudWatchChart->setValues(i, perMinute(s, i == 4 ? 0.001 : 1.0));
            points += int(s.values.size());
            if (i == 0)
                for (double x : s.values)
                    total += x;
        }
    }
    m_cloudWatchChart->setTitle(tr("Stream '%1' in CloudWatch").arg(m_stream));
    m_cloudWatchChart->rescale(10, 1);
    QString shardLevel = tr("no shard-level points (enhanced monitoring off)");
    if (!shardsWithData.empty()) {
        // The busiest shards by CloudWatch's own count, so a hot shard shows even when other
        // clients (not this workbench) make it hot.
        std::vector<std::pair<double, std::string>> busiest;
        for (const auto &[id, n] : shardRecordsIn)
            busiest.emplace_back(n, id);
        std::sort(busiest.rbegin(), busiest.rend());
        QStringList top;
        for (std::size_t i = 0; i < std::min<std::size_t>(3, busiest.size()); ++i)
            top << tr("%1 %2").arg(shortShardLabel(QString::fromStdString(busiest[i].second)),
                                   QLocale().toString(qint64(busiest[i].first)));
        shardLevel = tr("by shard (enhanced monitoring), most records in: %1")
                         .arg(top.join(QStringLiteral(", ")));
    }
    m_cloudWatchLabel->setText(
        tr("<b>CloudWatch</b>: 1-minute points, last %1 minutes — %2 records in; %3. Updated %4.")
            .arg(minutes)
            .arg(QLocale().toString(qint64(total)))
            .arg(shardLevel)
            .arg(QTime::currentTime().toString(QStringLiteral("HH:mm"))));
    m_cloudWatchLabel->setToolTip(
        tr("%1: the AWS/Kinesis metrics of every client of the stream, as CloudWatch keeps them — "
           "sums per minute (iterator age: the maximum), %2 points. Shard-level metrics need "
           "enhanced monitoring (aws kinesis enable-enhanced-monitoring).")
            .arg(metrics.source)
            .arg(points));
}

void ThroughputPanel::setCloudWatchError(const QString &error)
{
    if (m_cloudWatchSource.isEmpty())
        return;
    m_cloudWatchLabel->setText(tr("<b>CloudWatch</b> at %1 — %2")
                                   .arg(m_cloudWatchSource.toHtmlEscaped(), error.toHtmlEscaped()));
}

void ThroughputPanel::setMetrics(const service::MetricsWindow &window)
{
    if (QString::fromStdString(window.streamName) != m_stream)
        return;
    const StreamSeriesView s = streamSeries(window);
    const int n = int(s.recordsIn.size());
    double recordsTop = 10;
    for (int i = 0; i < n; ++i)
        recordsTop = std::max(
            {recordsTop, s.recordsIn[i], s.recordsOut[i], s.writeThrottled[i], s.readThrottled[i]});
    auto kib = [](QVector<double> v) {
        for (double &x : v)
            x /= 1024.0;
        return v;
    };
    // The write limit as it was each second (open shards then × 1,000 records/s, and × 1 MiB/s on
    // the KiB axis), each line shown when traffic comes within reach of it; reshards marked.
    const WriteLimitHistory history = writeLimitHistory(m_shards, s.lastSecond, n);
    QVector<double> recordsLimit(n), kibLimit(n);
    double recordsLimitTop = 0, kibTop = 0;
    for (int i = 0; i < n; ++i) {
        // No shard yet (the seconds before the stream existed): no limit, not a limit of zero.
        const double shards = history.openShards[i] > 0 ? double(history.openShards[i]) : qQNaN();
        recordsLimit[i] = shards * core::kShardWriteRecordsPerSecond;
        kibLimit[i] = shards * core::kShardWriteBytesPerSecond / 1024.0;
        if (history.openShards[i] > 0)
            recordsLimitTop = std::max(recordsLimitTop, recordsLimit[i]);
        kibTop = std::max({kibTop, s.bytesIn[i] / 1024.0, s.bytesOut[i] / 1024.0});
    }
    const bool showLimit = recordsLimitTop > 0 && recordsTop >= 0.25 * recordsLimitTop;
    const double kibLimitTop = recordsLimitTop / core::kShardWriteRecordsPerSecond
                               * core::kShardWriteBytesPerSecond / 1024.0;
    const bool showKibLimit = kibLimitTop > 0 && kibTop >= 0.25 * kibLimitTop;
    m_chart->setValues(Limit, showLimit ? recordsLimit : QVector<double>{});
    m_chart->setValues(KibLimit, showKibLimit ? kibLimit : QVector<double>{});
    QVector<ChartMark> marks;
    for (const ReshardMark &m : history.marks)
        marks.push_back({double(m.index - (n - 1)), m.label});
    m_chart->setMarks(marks);
    const int openNow = n > 0 ? history.openShards.back() : 0;
    const double limit = double(openNow) * core::kShardWriteRecordsPerSecond;
    m_chart->setValues(RecordsIn, s.recordsIn);
    m_chart->setValues(RecordsOut, s.recordsOut);
    m_chart->setValues(KibIn, kib(s.bytesIn));
    m_chart->setValues(KibOut, kib(s.bytesOut));
    m_chart->setValues(WriteThrottled, s.writeThrottled);
    m_chart->setValues(ReadThrottled, s.readThrottled);
    m_chart->rescale(10, 1);

    auto shards = shardSeries(window, true);
    m_shardAges.clear();
    const ShardSeriesView *oldest = nullptr;
    for (const auto &sh : shards)
        if (sh.iteratorAgeMs && (!oldest || *sh.iteratorAgeMs > *oldest->iteratorAgeMs))
            oldest = &sh;
    if (oldest)
        m_shardAges.push_back(
            {tr("Slowest shard's reader"),
             tr("%1, IteratorAgeMilliseconds").arg(shortShardLabel(oldest->shardId)),
             *oldest->iteratorAgeMs});
    m_grid->setSeries(std::move(shards), m_retentionHours);
    updateAges();

    if (n > 0) {
        const int last = n - 1;
        qint64 throttledW = 0, throttledR = 0;
        for (int i = 0; i < n; ++i) {
            throttledW += qint64(s.writeThrottled[i]);
            throttledR += qint64(s.readThrottled[i]);
        }
        m_summary->setText(
            tr("<b>%1</b> — last second: in %2 records/s, %3 · out %4 records/s, %5. "
               "Over %6 s: %7 writes and %8 reads throttled.%9")
                .arg(m_stream.toHtmlEscaped())
                .arg(s.recordsIn[last], 0, 'f', 0)
                .arg(formatBytesRate(s.bytesIn[last]))
                .arg(s.recordsOut[last], 0, 'f', 0)
                .arg(formatBytesRate(s.bytesOut[last]))
                .arg(n)
                .arg(throttledW)
                .arg(throttledR)
                .arg(limit > 0
                         ? tr(" Write limit: %1 open shards × 1,000 records/s or 1 MiB/s = %2 "
                              "records/s or %3 MiB/s.")
                               .arg(openNow)
                               .arg(limit, 0, 'f', 0)
                               .arg(openNow)
                         : QString()));
    }
}

void ThroughputPanel::setConsumers(QVector<ConsumerAge> consumers)
{
    m_consumers = std::move(consumers);
    updateAges();
}

void ThroughputPanel::updateAges()
{
    m_ages->setAges(m_consumers + m_shardAges, m_retentionHours);
}

} // namespace shs::ui
