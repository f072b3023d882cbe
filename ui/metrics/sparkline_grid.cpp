// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sparkline_grid.h"

#include "widgets/shard_label.h"
#include "widgets/utilisation.h"

#include <QHelpEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QToolTip>

#include <algorithm>

namespace shs::ui {

namespace {
constexpr int kTextHeight = 28;
const QColor kWriteColour(0x1f, 0x77, 0xb4);
const QColor kReadColour(0x2c, 0xa0, 0x2c);
const QColor kLimitColour(0xc6, 0x28, 0x28);
} // namespace

SparklineGrid::SparklineGrid(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("sparklineGrid"));
    QSizePolicy policy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    policy.setHeightForWidth(true);
    setSizePolicy(policy);
    setMouseTracking(true);
    setAccessibleName(tr("Per-shard throughput"));
}

void SparklineGrid::setSeries(QVector<ShardSeriesView> series, int retentionHours)
{
    const bool reflow = series.size() != m_series.size();
    m_series = std::move(series);
    m_retentionHours = retentionHours;
    if (reflow)
        updateGeometry();
    update();
}

void SparklineGrid::setSelectedShard(const QString &shardId)
{
    if (m_selected == shardId)
        return;
    m_selected = shardId;
    update();
}

int SparklineGrid::columnsFor(int width) const
{
    return std::max(1, (width + kGap) / (kCellWidth + kGap));
}

int SparklineGrid::columns() const
{
    return columnsFor(width());
}

int SparklineGrid::heightForWidth(int width) const
{
    const int cols = columnsFor(width);
    const int rows = int((m_series.size() + cols - 1) / cols);
    return std::max(kCellHeight, rows * (kCellHeight + kGap) - kGap);
}

QSize SparklineGrid::sizeHint() const
{
    return {2 * kCellWidth + kGap, heightForWidth(2 * kCellWidth + kGap)};
}

QRect SparklineGrid::cellRect(int i) const
{
    const int cols = columns();
    const int cellWidth = (width() - (cols - 1) * kGap) / cols;
    return {(i % cols) * (cellWidth + kGap), (i / cols) * (kCellHeight + kGap), cellWidth,
            kCellHeight};
}

double SparklineGrid::scaleTop(const ShardSeriesView &s)
{
    return std::max(1.25, s.peak() * 1.1);
}

int SparklineGrid::indexAt(const QPoint &pos) const
{
    for (int i = 0; i < m_series.size(); ++i)
        if (cellRect(i).contains(pos))
            return i;
    return -1;
}

void SparklineGrid::paintEvent(QPaintEvent *event)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QPalette pal = palette();
    if (m_series.isEmpty()) {
        p.setPen(pal.color(QPalette::PlaceholderText));
        p.drawText(rect(), Qt::AlignCenter, tr("No shards to chart yet."));
        return;
    }
    const QFontMetrics fm = fontMetrics();
    for (int i = 0; i < m_series.size(); ++i) {
        const QRect cell = cellRect(i);
        if (!cell.intersects(event->rect()))
            continue;
        const ShardSeriesView &s = m_series[i];
        const bool selected = s.shardId == m_selected;
        p.setPen(QPen(selected ? pal.color(QPalette::Highlight) : pal.color(QPalette::Mid),
                      selected ? 2 : 1));
        p.setBrush(pal.color(QPalette::Base));
        p.drawRoundedRect(QRectF(cell).adjusted(0.5, 0.5, -0.5, -0.5), 3, 3);

        // Text: label and write rate on the first line, read rate and iterator age on the second.
        const QRect text = cell.adjusted(6, 2, -6, 0);
        const double util = s.write.isEmpty() ? 0.0 : s.write.back();
        p.setPen(pal.color(QPalette::Text));
        QFont bold = font();
        bold.setBold(true);
        p.setFont(bold);
        const QString label = shortShardLabel(s.shardId) + (s.open ? QString() : tr(" (closed)"));
        p.drawText(QRect(text.left(), text.top(), text.width(), fm.height()),
                   Qt::AlignLeft | Qt::AlignVCenter, label);
        p.setFont(font());
        p.setPen(util >= 1.0 ? kLimitColour : kWriteColour);
        p.drawText(QRect(text.left(), text.top(), text.width(), fm.height()),
                   Qt::AlignRight | Qt::AlignVCenter,
                   tr("in %1 · %2 rec/s")
                       .arg(formatBytesRate(s.writeBytes))
                       .arg(s.writeRecords, 0, 'f', 0));
        p.setPen(kReadColour);
        const QString age
            = s.iteratorAgeMs ? tr("age %1").arg(formatAge(*s.iteratorAgeMs)) : tr("not read");
        p.drawText(QRect(text.left(), text.top() + fm.height(), text.width(), fm.height()),
                   Qt::AlignLeft | Qt::AlignVCenter,
                   tr("out %1").arg(formatBytesRate(s.readBytes)));
        p.setPen(pal.color(QPalette::PlaceholderText));
        p.drawText(QRect(text.left(), text.top() + fm.height(), text.width(), fm.height()),
                   Qt::AlignRight | Qt::AlignVCenter, age);

        // Plot.
        const QRectF plot = QRectF(cell).adjusted(6, kTextHeight + 2, -6, -6);
        const int n = int(std::max(s.write.size(), s.read.size()));
        if (n < 2 || plot.height() < 8)
            continue;
        const double top = scaleTop(s);
        auto y = [&](double v) {
            return plot.bottom() - std::clamp(v / top, 0.0, 1.0) * plot.height();
        };
        auto x = [&](int k) { return plot.left() + plot.width() * double(k) / double(n - 1); };
        // Throttled seconds as red ticks along the bottom.
        p.setPen(Qt::NoPen);
        p.setBrush(kLimitColour);
        for (int k = 0; k < s.throttled.size(); ++k)
            if (s.throttled[k])
                p.drawRect(QRectF(x(k) - 1, plot.bottom() - 3, 2.5, 4));
        // Write: filled in the utilisation colour of its latest value, outlined in blue.
        QPainterPath area;
        area.moveTo(x(0), plot.bottom());
        for (int k = 0; k < s.write.size(); ++k)
            area.lineTo(x(k), y(s.write[k]));
        area.lineTo(x(int(s.write.size()) - 1), plot.bottom());
        area.closeSubpath();
        QColor fill = utilisationColor(util);
        fill.setAlpha(110);
        p.fillPath(area, fill);
        QPolygonF writeLine, readLine;
        for (int k = 0; k < s.write.size(); ++k)
            writeLine << QPointF(x(k), y(s.write[k]));
        for (int k = 0; k < s.read.size(); ++k)
            readLine << QPointF(x(k), y(s.read[k]));
        p.setBrush(Qt::NoBrush);
        p.setPen(QPen(kWriteColour, 1.4));
        p.drawPolyline(writeLine);
        p.setPen(QPen(kReadColour, 1.2));
        p.drawPolyline(readLine);
        // The limit: 100 % of the write limit (1 MiB/s or 1,000 rec/s) and of the read limit (2
        // MiB/s).
        p.setPen(QPen(kLimitColour, 1, Qt::DashLine));
        p.drawLine(QPointF(plot.left(), y(1.0)), QPointF(plot.right(), y(1.0)));
    }
}

void SparklineGrid::mousePressEvent(QMouseEvent *event)
{
    const int i = indexAt(event->position().toPoint());
    if (i < 0)
        return;
    setSelectedShard(m_series[i].shardId);
    Q_EMIT shardClicked(m_series[i].shardId);
}

bool SparklineGrid::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        const int i = indexAt(help->pos());
        if (i < 0) {
            QToolTip::hideText();
            return true;
        }
        const ShardSeriesView &s = m_series[i];
        QString age = tr("not read in this window");
        if (s.iteratorAgeMs)
            age = tr("%1 (%2 % of the %3 h retention)")
                      .arg(formatAge(*s.iteratorAgeMs))
                      .arg(100.0 * retentionShare(*s.iteratorAgeMs, m_retentionHours), 0, 'f', 2)
                      .arg(m_retentionHours);
        QToolTip::showText(
            help->globalPos(),
            tr("<b>%1</b>%2<br>In: %3, %4 records/s — %5 % of the write limit (1 MiB/s or 1,000 "
               "records/s)"
               "<br>Out: %6, %7 records/s — %8 % of the read limit (2 MiB/s)"
               "<br>Throttled in the window: %9 records written, %10 GetRecords calls"
               "<br>Iterator age: %11<br><i>Click to see its top partition keys.</i>")
                .arg(s.shardId, s.open ? QString() : tr(" (closed)"), formatBytesRate(s.writeBytes))
                .arg(s.writeRecords, 0, 'f', 0)
                .arg(100.0 * (s.write.isEmpty() ? 0.0 : s.write.back()), 0, 'f', 0)
                .arg(formatBytesRate(s.readBytes))
                .arg(s.readRecords, 0, 'f', 0)
                .arg(100.0 * (s.read.isEmpty() ? 0.0 : s.read.back()), 0, 'f', 0)
                .arg(s.writeThrottled)
                .arg(s.readThrottled)
                .arg(age),
            this, cellRect(i));
        return true;
    }
    return QWidget::event(event);
}

} // namespace shs::ui
