// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "heat_map.h"

#include "widgets/shard_label.h"
#include "widgets/utilisation.h"

#include <QHelpEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>

#include <algorithm>
#include <cmath>

namespace shs::ui {

HeatMap::HeatMap(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("heatMap"));
    setMouseTracking(true);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    setAccessibleName(tr("Write heat map of the shards over time"));
}

void HeatMap::setSeries(QVector<ShardSeriesView> series)
{
    m_series = std::move(series);
    update();
}

void HeatMap::setSelectedShard(const QString &shardId)
{
    if (m_selected == shardId)
        return;
    m_selected = shardId;
    update();
}

int HeatMap::columnCount() const
{
    int n = 0;
    for (const auto &s : m_series)
        n = std::max(n, int(s.write.size()));
    return n;
}

QRectF HeatMap::plotRect() const
{
    const int rows = std::max(1, int(m_series.size()));
    const double rowHeight = std::clamp((height() - kAxisHeight - 2.0) / rows, 3.0, 48.0);
    return {double(kLabelWidth), 1.0, width() - kLabelWidth - 2.0, rowHeight * rows};
}

QRectF HeatMap::cellRect(int row, int column) const
{
    const QRectF plot = plotRect();
    const int cols = std::max(1, columnCount());
    const double w = plot.width() / cols;
    const double h = plot.height() / std::max<qsizetype>(1, m_series.size());
    return {plot.left() + column * w, plot.top() + row * h, w, h};
}

void HeatMap::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    const QPalette pal = palette();
    p.fillRect(rect(), pal.color(QPalette::Base));
    if (m_series.isEmpty() || columnCount() == 0) {
        p.setPen(pal.color(QPalette::PlaceholderText));
        p.drawText(rect(), Qt::AlignCenter, tr("No shards to show yet."));
        return;
    }
    const QRectF plot = plotRect();
    const int cols = columnCount();
    const double rowHeight = plot.height() / double(m_series.size());
    const bool labels = rowHeight >= fontMetrics().height() * 0.8;
    const QColor throttleColour(0xc6, 0x28, 0x28);
    for (int row = 0; row < m_series.size(); ++row) {
        const ShardSeriesView &s = m_series[row];
        // Align the newest second on the right even when a shard has fewer samples.
        const int offset = cols - int(s.write.size());
        for (int k = 0; k < s.write.size(); ++k) {
            const QRectF c = cellRect(row, offset + k);
            const double u = s.write[k];
            // Idle seconds stay the background, so traffic stands out.
            if (u > 0)
                p.fillRect(c.adjusted(0, 0, 0.5, -0.5), utilisationColor(u));
            if (k < s.throttled.size() && s.throttled[k]) {
                p.setPen(QPen(throttleColour, 1.2));
                p.setBrush(Qt::NoBrush);
                p.drawRect(c.adjusted(0.6, 0.6, -0.6, -0.6));
            }
        }
        if (s.shardId == m_selected) {
            p.setPen(QPen(pal.color(QPalette::Highlight), 2));
            p.setBrush(Qt::NoBrush);
            p.drawRect(QRectF(plot.left(), plot.top() + row * rowHeight, plot.width(), rowHeight)
                           .adjusted(1, 1, -1, -1));
        }
        if (labels) {
            p.setPen(s.open ? pal.color(QPalette::Text) : pal.color(QPalette::PlaceholderText));
            p.drawText(QRectF(0, plot.top() + row * rowHeight, kLabelWidth - 4, rowHeight),
                       Qt::AlignRight | Qt::AlignVCenter, shortShardLabel(s.shardId));
        }
    }
    p.setPen(pal.color(QPalette::Mid));
    p.setBrush(Qt::NoBrush);
    p.drawRect(plot);
    // Time axis: seconds before now.
    p.setPen(pal.color(QPalette::PlaceholderText));
    const QRectF axis(plot.left(), plot.bottom() + 2, plot.width(), kAxisHeight / 2.0);
    p.drawText(axis, Qt::AlignLeft | Qt::AlignTop, tr("−%1 s").arg(cols));
    p.drawText(axis, Qt::AlignHCenter | Qt::AlignTop, tr("engine seconds"));
    p.drawText(axis, Qt::AlignRight | Qt::AlignTop, tr("now"));
    const QRectF legend(0, axis.bottom(), width(), kAxisHeight / 2.0);
    p.drawText(
        legend, Qt::AlignHCenter | Qt::AlignTop,
        fontMetrics().elidedText(
            tr("Colour: writes against the shard limit (teal idle, amber past 70 %, red at it); "
               "red outline: throttled"),
            Qt::ElideRight, width()));
}

void HeatMap::mousePressEvent(QMouseEvent *event)
{
    const QRectF plot = plotRect();
    const QPointF pos = event->position();
    if (m_series.isEmpty() || pos.y() < plot.top() || pos.y() >= plot.bottom())
        return;
    const int row
        = std::clamp(int((pos.y() - plot.top()) / (plot.height() / double(m_series.size()))), 0,
                     int(m_series.size()) - 1);
    setSelectedShard(m_series[row].shardId);
    Q_EMIT shardClicked(m_series[row].shardId);
}

bool HeatMap::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        const QRectF plot = plotRect();
        const int cols = columnCount();
        if (m_series.isEmpty() || cols == 0 || !plot.contains(help->pos())) {
            QToolTip::hideText();
            return true;
        }
        const int row = std::clamp(
            int((help->pos().y() - plot.top()) / (plot.height() / double(m_series.size()))), 0,
            int(m_series.size()) - 1);
        const int col
            = std::clamp(int((help->pos().x() - plot.left()) / (plot.width() / cols)), 0, cols - 1);
        const ShardSeriesView &s = m_series[row];
        const int k = col - (cols - int(s.write.size()));
        if (k < 0) {
            QToolTip::hideText();
            return true;
        }
        QToolTip::showText(help->globalPos(),
                           tr("<b>%1</b>, %2 s ago<br>Writes at %3 % of the shard limit%4")
                               .arg(s.shardId)
                               .arg(cols - col)
                               .arg(100.0 * s.write[k], 0, 'f', 0)
                               .arg(k < s.throttled.size() && s.throttled[k]
                                        ? tr("<br><b>Throttled</b> in this second")
                                        : QString()),
                           this, cellRect(row, col).toRect());
        return true;
    }
    return QWidget::event(event);
}

} // namespace shs::ui
