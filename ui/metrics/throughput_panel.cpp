// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "throughput_panel.h"

#include "sparkline_grid.h"

#include "charts/throughput_chart_view.h"
#include "widgets/shard_label.h"
#include "engine/kinesis_limits.h"

#include <QLabel>
#include <QPainter>
#include <QScrollArea>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace shs::ui {

namespace {
constexpr int kAgeRowHeight = 20;

// The chart's series, in spec order.
enum Series { Limit, RecordsIn, RecordsOut, KibIn, KibOut, WriteThrottled, ReadThrottled };
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
                   tr("No reader yet. Start one on the Consume tab (or from the AWS CLI) to see how far behind it is."));
        return;
    }
    const int nameWidth = std::min(width() / 3, 260);
    for (int i = 0; i < m_ages.size(); ++i) {
        const ConsumerAge &a = m_ages[i];
        const QRect row(0, i * kAgeRowHeight, width(), kAgeRowHeight);
        p.setPen(pal.color(QPalette::Text));
        p.drawText(QRect(4, row.top(), nameWidth - 8, row.height()), Qt::AlignLeft | Qt::AlignVCenter,
                   fontMetrics().elidedText(a.name, Qt::ElideRight, nameWidth - 8));
        const double share = retentionShare(a.ageMs, m_retentionHours);
        const QString text = tr("%1 behind — %2 % of %3 h%4")
                                 .arg(formatAge(a.ageMs))
                                 .arg(100.0 * share, 0, 'f', share < 0.01 ? 3 : 1)
                                 .arg(m_retentionHours)
                                 .arg(a.detail.isEmpty() ? QString() : QStringLiteral(", %1").arg(a.detail));
        const int textWidth = std::min(fontMetrics().horizontalAdvance(text) + 4, width() - nameWidth - 60);
        const QRect bar(nameWidth, row.top() + 4, std::max(40, width() - nameWidth - textWidth - 12), row.height() - 8);
        p.fillRect(bar, pal.color(QPalette::AlternateBase));
        // Past half the retention the reader risks losing records to trimming: amber, then red.
        const QColor fill = share >= 0.8 ? QColor(0xc6, 0x28, 0x28) : share >= 0.5 ? QColor(0xe6, 0x9b, 0x00)
                                                                                  : QColor(0x2c, 0xa0, 0x2c);
        p.fillRect(QRectF(bar.left(), bar.top(), std::max(2.0, bar.width() * share), bar.height()), fill);
        p.setPen(pal.color(QPalette::Mid));
        p.drawRect(bar.adjusted(0, 0, -1, -1));
        p.setPen(pal.color(QPalette::Text));
        p.drawText(QRect(bar.right() + 8, row.top(), width() - bar.right() - 8, row.height()), Qt::AlignLeft | Qt::AlignVCenter,
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
    m_chart->setSeriesSpec({{tr("Write limit"), red, Qt::DashLine, 1.0, Axis::Left},
                            {tr("Records in"), blue, Qt::SolidLine, 2.0, Axis::Left},
                            {tr("Records out"), green, Qt::SolidLine, 2.0, Axis::Left},
                            {tr("KiB in"), blue, Qt::DotLine, 1.6, Axis::Right},
                            {tr("KiB out"), green, Qt::DotLine, 1.6, Axis::Right},
                            {tr("Throttled writes"), red, Qt::SolidLine, 2.0, Axis::Left},
                            {tr("Throttled reads"), QColor(0x8e, 0x24, 0xaa), Qt::SolidLine, 1.6, Axis::Left}});
    m_chart->setMinimumHeight(220);
    layout->addWidget(m_chart, 3);

    auto *agesTitle = new QLabel(tr("<b>Iterator age</b> — how far each reader is behind the newest record, as a share "
                                    "of the retention period (past it, records are trimmed before they are read)"),
                                 this);
    agesTitle->setWordWrap(true);
    layout->addWidget(agesTitle);
    m_ages = new IteratorAgeView(this);
    layout->addWidget(m_ages);

    auto *gridTitle = new QLabel(tr("<b>Shards</b> — write (blue) and read (green) as a share of the shard's limits; "
                                    "the dashed red line is 100 % (1 MiB/s or 1,000 records/s in, 2 MiB/s out); "
                                    "red ticks mark throttled seconds"),
                                 this);
    gridTitle->setWordWrap(true);
    layout->addWidget(gridTitle);
    m_grid = new SparklineGrid;
    auto *scroll = new QScrollArea(this);
    scroll->setObjectName(QStringLiteral("sparklineScroll"));
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(m_grid);
    scroll->setMinimumHeight(SparklineGrid::kCellHeight + 8);
    layout->addWidget(scroll, 2);
    connect(m_grid, &SparklineGrid::shardClicked, this, &ThroughputPanel::shardClicked);
    setStream({}, 24, 0);
}

void ThroughputPanel::setStream(const QString &streamName, int retentionHours, int openShards)
{
    if (streamName != m_stream) {
        m_chart->clear();
        m_grid->setSeries({}, retentionHours);
        m_shardAges.clear();
        m_summary->setText(streamName.isEmpty() ? tr("Select a stream to see its throughput.")
                                                : tr("Waiting for the first complete second of '%1'…").arg(streamName));
    }
    m_stream = streamName;
    m_retentionHours = retentionHours;
    m_openShards = openShards;
    m_chart->setTitle(streamName.isEmpty() ? QString() : tr("Stream '%1'").arg(streamName));
    updateAges();
}

void ThroughputPanel::setMetrics(const service::MetricsWindow &window)
{
    if (QString::fromStdString(window.streamName) != m_stream)
        return;
    const StreamSeriesView s = streamSeries(window);
    const int n = int(s.recordsIn.size());
    double recordsTop = 10;
    for (int i = 0; i < n; ++i)
        recordsTop = std::max({recordsTop, s.recordsIn[i], s.recordsOut[i], s.writeThrottled[i], s.readThrottled[i]});
    auto kib = [](QVector<double> v) {
        for (double &x : v)
            x /= 1024.0;
        return v;
    };
    // The write limit line (open shards × 1,000 records/s) shows when traffic comes within reach.
    const double limit = double(m_openShards) * double(core::kShardWriteRecordsPerSecond);
    const bool showLimit = limit > 0 && recordsTop >= 0.25 * limit;
    m_chart->setValues(Limit, showLimit ? QVector<double>(n, limit) : QVector<double>{});
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
        m_shardAges.push_back({tr("Slowest shard's reader"), tr("%1, IteratorAgeMilliseconds").arg(shortShardLabel(oldest->shardId)),
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
        m_summary->setText(tr("<b>%1</b> — last second: in %2 records/s, %3 · out %4 records/s, %5. "
                              "Over %6 s: %7 writes and %8 reads throttled.%9")
                               .arg(m_stream.toHtmlEscaped())
                               .arg(s.recordsIn[last], 0, 'f', 0)
                               .arg(formatBytesRate(s.bytesIn[last]))
                               .arg(s.recordsOut[last], 0, 'f', 0)
                               .arg(formatBytesRate(s.bytesOut[last]))
                               .arg(n)
                               .arg(throttledW)
                               .arg(throttledR)
                               .arg(limit > 0 ? tr(" Write limit: %1 open shards × 1,000 records/s = %2 records/s.")
                                                    .arg(m_openShards)
                                                    .arg(limit, 0, 'f', 0)
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
