// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "heat_map.h"

#include "widgets/shard_label.h"
#include "widgets/utilisation.h"

#include <QFontMetricsF>
#include <QHelpEvent>
#include <QImage>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>

#include <algorithm>
#include <cmath>
#include <tuple>

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

double HeatMap::labelWidth() const
{
    return fontMetrics().horizontalAdvance(QStringLiteral("#0000")) + 8.0;
}

double HeatMap::axisHeight() const
{
    return 2.0 * (fontMetrics().height() + 3);
}

QRectF HeatMap::plotRect() const
{
    const int rows = std::max(1, int(m_series.size()));
    const double rowHeight = std::clamp((height() - axisHeight() - 2.0) / rows, 3.0,
                                        std::max(48.0, 2.4 * fontMetrics().height()));
    return {labelWidth(), 1.0, width() - labelWidth() - 2.0, rowHeight * rows};
}

HeatMap::ScaleLayout HeatMap::scaleLayout() const
{
    // One line, centred: "Writes against the shard limit: 0 % [▬▬▬] 70 % [▬] 100 %  ▢ throttled".
    // The gradient is the colour every view paints utilisation in; without room the title goes,
    // then the scale.
    const QFontMetricsF fm(font());
    const QRectF plot = plotRect();
    const double lineHeight = fm.height() + 3;
    const double top = plot.bottom() + 2 + lineHeight;
    const double gap = fm.averageCharWidth();
    const double gradient = 14 * fm.averageCharWidth(); // 0–100 %, split at 70 %
    const double box = fm.height() * 0.8;
    const QString zero = tr("0 %"), seventy = tr("70 %"), hundred = tr("100 %"),
                  throttled = tr("throttled");
    ScaleLayout l;
    l.title = tr("Writes against the shard limit:");
    const auto widthWith = [&](bool title) {
        return (title ? fm.horizontalAdvance(l.title) + gap : 0.0) + fm.horizontalAdvance(zero)
               + gradient + fm.horizontalAdvance(seventy) + 2 * gap + fm.horizontalAdvance(hundred)
               + 3 * gap + box + gap + fm.horizontalAdvance(throttled) + 2 * gap;
    };
    if (widthWith(true) > width())
        l.title.clear();
    const double total = widthWith(!l.title.isEmpty());
    if (total > width())
        return {};
    double x = (width() - total) / 2;
    const auto take = [&](double w) {
        const QRectF r(x, top, w, lineHeight);
        x += w;
        return r;
    };
    if (!l.title.isEmpty())
        take(fm.horizontalAdvance(l.title) + gap);
    l.zero = take(fm.horizontalAdvance(zero) + gap);
    const double inset = lineHeight * 0.2;
    l.low = take(gradient * 0.7).adjusted(0, inset, 0, -inset);
    l.seventy = take(fm.horizontalAdvance(seventy) + 2 * gap);
    l.high = take(gradient * 0.3).adjusted(0, inset, 0, -inset);
    l.hundred = take(fm.horizontalAdvance(hundred) + 3 * gap);
    l.throttledBox = take(box + gap);
    l.throttledBox.setSize(QSizeF(box, box));
    l.throttledBox.moveTop(top + (lineHeight - box) / 2);
    l.throttled = take(fm.horizontalAdvance(throttled) + 2 * gap);
    return l;
}

QRectF HeatMap::scaleRect() const
{
    const ScaleLayout l = scaleLayout();
    return l.low.isEmpty() ? QRectF() : l.low.united(l.high);
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
    // The cells as one image, a pixel per shard-second, scaled up without smoothing: one
    // drawImage instead of a fillRect per cell (64 shards × 120 s is 7,680 of them per frame).
    // Idle seconds stay the background, so traffic stands out.
    QImage cells(cols, int(m_series.size()), QImage::Format_RGB32);
    cells.fill(pal.color(QPalette::Base));
    for (int row = 0; row < m_series.size(); ++row) {
        const ShardSeriesView &s = m_series[row];
        // Align the newest second on the right even when a shard has fewer samples.
        const int offset = cols - int(s.write.size());
        auto *line = reinterpret_cast<QRgb *>(cells.scanLine(row));
        for (int k = 0; k < s.write.size(); ++k)
            if (s.write[k] > 0)
                line[offset + k] = utilisationColor(s.write[k]).rgb();
    }
    p.setRenderHint(QPainter::SmoothPixmapTransform, false);
    p.drawImage(QRectF(plot.left(), plot.top(), plot.width(), rowHeight * double(m_series.size())),
                cells);
    for (int row = 0; row < m_series.size(); ++row) {
        const ShardSeriesView &s = m_series[row];
        const int offset = cols - int(s.write.size());
        // A hairline of background between rows keeps the shards apart.
        if (row > 0 && rowHeight >= 4) {
            p.setPen(QPen(pal.color(QPalette::Base), 0.5));
            p.drawLine(QPointF(plot.left(), plot.top() + row * rowHeight - 0.25),
                       QPointF(plot.right(), plot.top() + row * rowHeight - 0.25));
        }
        for (int k = 0; k < s.throttled.size() && k < s.write.size(); ++k) {
            if (!s.throttled[k])
                continue;
            const QRectF c = cellRect(row, offset + k);
            p.setPen(QPen(throttleColour, 1.2));
            p.setBrush(Qt::NoBrush);
            p.drawRect(c.adjusted(0.6, 0.6, -0.6, -0.6));
        }
        if (s.shardId == m_selected) {
            p.setPen(QPen(pal.color(QPalette::Highlight), 2));
            p.setBrush(Qt::NoBrush);
            p.drawRect(QRectF(plot.left(), plot.top() + row * rowHeight, plot.width(), rowHeight)
                           .adjusted(1, 1, -1, -1));
        }
        if (labels) {
            p.setPen(s.open ? pal.color(QPalette::Text) : pal.color(QPalette::PlaceholderText));
            p.drawText(QRectF(0, plot.top() + row * rowHeight, labelWidth() - 4, rowHeight),
                       Qt::AlignRight | Qt::AlignVCenter, shortShardLabel(s.shardId));
        }
    }
    p.setPen(pal.color(QPalette::Mid));
    p.setBrush(Qt::NoBrush);
    p.drawRect(plot);
    // Time axis: seconds before now.
    p.setPen(pal.color(QPalette::PlaceholderText));
    const QRectF axis(plot.left(), plot.bottom() + 2, plot.width(), axisHeight() / 2.0);
    p.drawText(axis, Qt::AlignLeft | Qt::AlignTop, tr("−%1 s").arg(cols));
    p.drawText(axis, Qt::AlignHCenter | Qt::AlignTop, tr("engine seconds"));
    p.drawText(axis, Qt::AlignRight | Qt::AlignTop, tr("now"));
    // The colour scale: the gradient the cells are painted from, with its labels.
    const ScaleLayout l = scaleLayout();
    if (l.low.isEmpty())
        return;
    if (!l.title.isEmpty())
        p.drawText(QRectF(0, l.zero.top(), l.zero.left(), l.zero.height()),
                   Qt::AlignRight | Qt::AlignVCenter, l.title + QLatin1Char(' '));
    p.drawText(l.zero, Qt::AlignLeft | Qt::AlignVCenter, tr("0 %"));
    p.drawText(l.seventy, Qt::AlignHCenter | Qt::AlignVCenter, tr("70 %"));
    p.drawText(l.hundred, Qt::AlignHCenter | Qt::AlignVCenter, tr("100 %"));
    p.drawText(l.throttled, Qt::AlignLeft | Qt::AlignVCenter, tr("throttled"));
    for (const auto &[r, from, to] : {std::tuple{l.low, 0.0, 0.7}, std::tuple{l.high, 0.7, 1.0}}) {
        const int steps = std::max(1, int(r.width()));
        for (int i = 0; i < steps; ++i)
            p.fillRect(QRectF(r.left() + r.width() * i / steps, r.top(), r.width() / steps + 0.5,
                              r.height()),
                       utilisationColor(from + (to - from) * (i + 0.5) / steps));
        p.setPen(pal.color(QPalette::Mid));
        p.drawRect(r);
    }
    p.setPen(QPen(throttleColour, 1.2));
    p.drawRect(l.throttledBox);
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
