// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "hash_range_bar.h"
#include "shard_label.h"
#include "utilisation.h"

#include <QFontMetricsF>
#include <QHelpEvent>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace shs::ui {

using core::HashKey;

namespace {
constexpr int kBarTop = 4;
constexpr int kMinBarHeight = 40;
constexpr double kDragThreshold = 3.0;
constexpr double kBoundaryGrab = 4.0;
constexpr double kSnapPixels = 6.0;

} // namespace

HashRangeBar::HashRangeBar(QWidget *parent) : QWidget(parent)
{
    setMouseTracking(true);
    setFocusPolicy(Qt::StrongFocus);
    // As tall as its message needs at its width (heightForWidth), never taller.
    QSizePolicy policy(QSizePolicy::Expanding, QSizePolicy::Minimum);
    policy.setHeightForWidth(true);
    setSizePolicy(policy);
    setAccessibleName(tr("Hash-key space"));
    m_message = tr("Drag inside a shard to split it; click a boundary to merge two neighbours; "
                   "wheel to zoom.\n"
                   "Colour: each shard's writes against its limit of 1 MiB/s or 1,000 records/s — "
                   "teal idle, amber "
                   "past 70\u00a0%, red at the limit; hatched: throttled in the last 5\u00a0s.");
}

int HashRangeBar::textHeight() const
{
    // Three lines under the bar: the drag's key needs a line of its own, and errors carry
    // AWS's reason and the next step.
    return 3 * fontMetrics().lineSpacing() + 2;
}

QSize HashRangeBar::sizeHint() const
{
    return {600, kBarTop + barHeight() + textHeight() + 4};
}

QSize HashRangeBar::minimumSizeHint() const
{
    return {200, kBarTop + barHeight() + textHeight() + 4};
}

int HashRangeBar::heightForWidth(int width) const
{
    // A narrow bar (a lesson's or the builder's window) wraps the message onto more lines.
    const QRect needed = fontMetrics().boundingRect(QRect(0, 0, std::max(1, width - 8), 100'000),
                                                    Qt::TextWordWrap, m_message);
    return kBarTop + barHeight() + std::max(textHeight(), needed.height() + 2) + 4;
}

int HashRangeBar::barHeight() const
{
    // Grows with the text (presenter mode), so a label always fits across the bar.
    return std::max(kMinBarHeight, fontMetrics().height() * 5 / 2);
}

QRect HashRangeBar::barRect() const
{
    return {0, kBarTop, width(), barHeight()};
}

QRect HashRangeBar::shardRect(const QString &shardId) const
{
    for (const auto &s : m_shards)
        if (s.shardId == shardId) {
            const double x0 = std::max(0.0, m_geometry.xForKey(s.start));
            const double x1 = std::min(double(width()), m_geometry.xForKey(s.end));
            if (x1 <= x0)
                return {};
            const QRect bar = barRect();
            return QRect(QPoint(int(x0), bar.top()), QPoint(int(x1), bar.bottom()));
        }
    return {};
}

void HashRangeBar::resizeEvent(QResizeEvent *event)
{
    m_geometry.setWidth(width());
    QWidget::resizeEvent(event);
}

void HashRangeBar::setShards(const QList<Segment> &shards)
{
    m_shards = shards;
    std::sort(m_shards.begin(), m_shards.end(),
              [](const Segment &a, const Segment &b) { return a.start < b.start; });
    // A selected shard that closed (split or merged) is no longer selectable.
    m_selected.removeIf([this](const QString &id) {
        return std::none_of(m_shards.begin(), m_shards.end(),
                            [&](const Segment &s) { return s.shardId == id; });
    });
    if (m_dragging) {
        // The shard being dragged may be gone (split or merged meanwhile): cancel.
        const bool still = std::any_of(m_shards.begin(), m_shards.end(), [this](const Segment &s) {
            return s.shardId == m_dragShard.shardId;
        });
        if (!still)
            m_dragging = false;
    }
    update();
}

void HashRangeBar::setLoad(const QMap<QString, Load> &load)
{
    m_load = load;
    update();
}

void HashRangeBar::setMarker(std::optional<HashKey> key)
{
    m_marker = key;
    update();
}

void HashRangeBar::setMessage(const QString &text, bool error)
{
    m_message = text;
    m_messageIsError = error;
    updateGeometry(); // its height follows the wrapped message
    update();
}

std::optional<HashRangeBar::Segment> HashRangeBar::shardAt(double x) const
{
    const HashKey key = m_geometry.keyAtX(x);
    for (const auto &s : m_shards)
        if (s.start <= key && key <= s.end)
            return s;
    return std::nullopt;
}

std::optional<std::pair<HashRangeBar::Segment, HashRangeBar::Segment>>
HashRangeBar::boundaryAt(double x) const
{
    for (int i = 0; i + 1 < m_shards.size(); ++i) {
        const double bx = m_geometry.xForKey(m_shards[i + 1].start);
        if (std::abs(bx - x) <= kBoundaryGrab)
            return std::make_pair(m_shards[i], m_shards[i + 1]);
    }
    return std::nullopt;
}

void HashRangeBar::setDragKey(HashKey key)
{
    // Kinesis accepts a NewStartingHashKey greater than start + 1 and less than end.
    const HashKey lo = m_dragShard.start.plus(HashKey::fromU64(2));
    const HashKey hi = m_dragShard.end.minusOne();
    if (hi < lo) {
        m_dragKey = lo;
        return;
    }
    m_dragKey = std::clamp(key, lo, hi);
}

void HashRangeBar::updateDrag(double x)
{
    m_dragX = x;
    HashKey key = m_geometry.keyAtX(x);
    // Snap to the midpoint, the even split, when close to it.
    const HashKey mid
        = m_dragShard.start.plus(m_dragShard.end.minus(m_dragShard.start).dividedBy(2)).plusOne();
    if (std::abs(m_geometry.xForKey(mid) - x) <= kSnapPixels)
        key = mid;
    setDragKey(key);
    update();
}

void HashRangeBar::mousePressEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton || !barRect().contains(event->position().toPoint())) {
        QWidget::mousePressEvent(event);
        return;
    }
    const double x = event->position().x();
    m_dragAnchor = x;
    m_moved = false;
    if (boundaryAt(x)) {
        m_dragging = false;
        return; // a boundary click: handled on release
    }
    if (auto shard = shardAt(x)) {
        m_dragging = true;
        m_dragShard = *shard;
        updateDrag(x);
    }
}

void HashRangeBar::mouseMoveEvent(QMouseEvent *event)
{
    const double x = event->position().x();
    if (m_dragging) {
        if (std::abs(x - m_dragAnchor) >= kDragThreshold)
            m_moved = true;
        updateDrag(x);
        return;
    }
    setCursor(boundaryAt(x) ? Qt::SplitHCursor : Qt::CrossCursor);
}

void HashRangeBar::mouseReleaseEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton)
        return;
    const double x = event->position().x();
    if (m_dragging) {
        m_dragging = false;
        update();
        if (m_moved || std::abs(x - m_dragAnchor) >= kDragThreshold) {
            updateDrag(x);
            m_dragging = false;
            Q_EMIT splitRequested(m_dragShard.shardId,
                                  QString::fromStdString(m_dragKey.toDecimal()));
        } else {
            clickShard(m_dragShard, event->modifiers() & (Qt::ControlModifier | Qt::ShiftModifier));
            Q_EMIT shardClicked(m_dragShard.shardId);
        }
        return;
    }
    if (std::abs(x - m_dragAnchor) < kDragThreshold)
        if (auto pair = boundaryAt(x))
            Q_EMIT mergeRequested(pair->first.shardId, pair->second.shardId);
}

void HashRangeBar::clearSelection()
{
    if (m_selected.isEmpty())
        return;
    m_selected.clear();
    update();
}

void HashRangeBar::clickShard(const Segment &shard, bool adding)
{
    if (!adding || m_selected.size() != 1 || m_selected.front() == shard.shardId) {
        // A plain click selects one shard (a second click on it unselects).
        const bool again = m_selected == QStringList{shard.shardId};
        m_selected = again ? QStringList{} : QStringList{shard.shardId};
        if (!again)
            setMessage(tr("%1 selected. Ctrl+click a neighbour (or click the boundary between "
                          "them) to merge the two; "
                          "drag inside it to split it.")
                           .arg(shard.shardId),
                       false);
        update();
        return;
    }
    // Two shards: Kinesis merges only neighbours, whose ranges touch.
    const QString first = m_selected.front();
    const auto it = std::find_if(m_shards.begin(), m_shards.end(),
                                 [&](const Segment &s) { return s.shardId == first; });
    if (it == m_shards.end()) {
        m_selected = {shard.shardId};
        update();
        return;
    }
    const Segment &a = it->start < shard.start ? *it : shard;
    const Segment &b = it->start < shard.start ? shard : *it;
    if (a.end.plusOne() != b.start) {
        setMessage(tr("%1 and %2 are not neighbours: MergeShards joins two shards only when their "
                      "hash-key ranges touch. "
                      "Select two adjacent shards, or click the boundary between them.")
                       .arg(a.shardId, b.shardId),
                   true);
        return;
    }
    m_selected.clear();
    update();
    Q_EMIT mergeRequested(a.shardId, b.shardId);
}

void HashRangeBar::mouseDoubleClickEvent(QMouseEvent *)
{
    m_geometry.resetView();
    update();
}

void HashRangeBar::wheelEvent(QWheelEvent *event)
{
    const double steps = event->angleDelta().y() / 120.0;
    if (event->modifiers() & Qt::ShiftModifier)
        m_geometry.panBy(-steps * width() / 10.0);
    else
        m_geometry.zoomAt(event->position().x(), std::pow(1.25, steps));
    if (m_dragging)
        updateDrag(m_dragX);
    update();
    event->accept();
}

void HashRangeBar::keyPressEvent(QKeyEvent *event)
{
    if (!m_dragging) {
        if (event->key() == Qt::Key_Escape && !m_selected.isEmpty()) {
            clearSelection();
            return;
        }
        QWidget::keyPressEvent(event);
        return;
    }
    // One pixel's worth of keys, or 1/64 of it with Shift.
    const HashKey perPixel = HashKey::fromUnitFraction(m_geometry.span() / m_geometry.width());
    const HashKey step
        = (event->modifiers() & Qt::ShiftModifier) ? perPixel.dividedBy(64) : perPixel;
    switch (event->key()) {
    case Qt::Key_Escape:
        m_dragging = false;
        setMessage(tr("Split cancelled."), false);
        break;
    case Qt::Key_Left:
        setDragKey(m_dragKey.minus(std::max(step, HashKey::fromU64(1))));
        m_moved = true;
        break;
    case Qt::Key_Right:
        setDragKey(m_dragKey.plus(std::max(step, HashKey::fromU64(1))));
        m_moved = true;
        break;
    case Qt::Key_Return:
    case Qt::Key_Enter:
        m_dragging = false;
        Q_EMIT splitRequested(m_dragShard.shardId, QString::fromStdString(m_dragKey.toDecimal()));
        break;
    default:
        QWidget::keyPressEvent(event);
        return;
    }
    update();
}

bool HashRangeBar::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        if (auto shard = shardAt(help->pos().x()); shard && barRect().contains(help->pos())) {
            const double share = shard->end.minus(shard->start).toUnitFraction() * 100.0;
            QString text
                = QStringLiteral("<b>%1</b><br/>%2<br/>– %3<br/>%4 % of the key space")
                      .arg(shard->shardId, QString::fromStdString(shard->start.toDecimal()),
                           QString::fromStdString(shard->end.toDecimal()))
                      .arg(share, 0, 'f', share < 1 ? 4 : 2);
            const auto load = m_load.value(shard->shardId);
            if (!load.rates.isEmpty())
                text += QStringLiteral("<br/>%1 (%2 % of the write limit)%3")
                            .arg(load.rates)
                            .arg(load.ratio * 100, 0, 'f', 0)
                            .arg(load.throttled ? tr(", throttled") : QString());
            QToolTip::showText(help->globalPos(), text, this);
        } else {
            QToolTip::hideText();
        }
        return true;
    }
    return QWidget::event(event);
}

void HashRangeBar::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    const QRect bar = barRect();
    p.fillRect(bar, palette().color(QPalette::Base));
    p.setRenderHint(QPainter::Antialiasing, false);
    const QColor border = palette().color(QPalette::Mid);
    m_paintedLabels.clear();
    // Numbers are judged by the longest, so shards of one width get labels of one kind.
    const QFontMetricsF fm(p.font());
    double widestNumber = 0;
    for (const auto &s : m_shards)
        widestNumber
            = std::max(widestNumber,
                       fm.horizontalAdvance(shortShardLabel(s.shardId).remove(QLatin1Char('#'))));
    for (const auto &s : m_shards) {
        // A shard covers [start, end]; its right edge is where the next key would start.
        const double left = m_geometry.xForKey(s.start);
        const double right = s.end == HashKey::max() ? m_geometry.xForKey(HashKey::max()) + 1.0
                                                     : m_geometry.xForKey(s.end.plusOne());
        if (right < 0 || left > width())
            continue;
        const double x0 = std::max(0.0, left);
        const double x1 = std::min(double(width()), right);
        QRectF r(x0, bar.top(), std::max(1.0, x1 - x0), bar.height());
        const auto load = m_load.value(s.shardId);
        p.fillRect(r, utilisationColor(load.ratio));
        if (load.throttled) {
            QBrush hatch(QColor(150, 20, 20, 150), Qt::BDiagPattern);
            p.fillRect(r, hatch);
        }
        p.setPen(border);
        p.drawLine(QPointF(r.left(), r.top()), QPointF(r.left(), r.bottom()));
        if (m_selected.contains(s.shardId)) {
            p.setPen(QPen(palette().color(QPalette::Highlight), 3));
            p.setBrush(Qt::NoBrush);
            p.drawRect(r.adjusted(1.5, 1.5, -1.5, -1.5));
        }
        // "#12" when it fits, else "12", else "12" up the bar in a smaller font (64 shards on a
        // laptop-wide bar), so a lecturer can always name the shard they point at.
        const QString label = shortShardLabel(s.shardId);
        const QString digits = label.startsWith(QLatin1Char('#')) ? label.mid(1) : label;
        // The segment colours are light in either palette: dark text reads on all of them.
        p.setPen(QColor(0x14, 0x14, 0x14));
        if (r.width() > fm.horizontalAdvance(label) + 8) {
            p.drawText(r, Qt::AlignCenter, label);
            m_paintedLabels.insert(s.shardId, label);
        } else if (r.width() > widestNumber + 4) {
            p.drawText(r, Qt::AlignCenter, digits);
            m_paintedLabels.insert(s.shardId, digits);
        } else {
            QFont small = p.font();
            small.setPointSizeF(small.pointSizeF() * 0.75);
            const QFontMetricsF sm(small);
            if (r.width() >= sm.height() - 2 && r.height() > widestNumber * 0.75 + 4) {
                p.save();
                p.setFont(small);
                p.translate(r.center());
                p.rotate(-90);
                p.drawText(QRectF(-r.height() / 2, -r.width() / 2, r.height(), r.width()),
                           Qt::AlignCenter, digits);
                p.restore();
                m_paintedLabels.insert(s.shardId, QStringLiteral("↑") + digits);
            }
        }
    }
    p.setPen(border);
    p.drawRect(bar.adjusted(0, 0, -1, -1));

    if (m_marker) {
        // The routed key: a dark line with a notch on top, so it reads on any shard colour.
        const double x = m_geometry.xForKey(*m_marker);
        if (x >= -1 && x <= width() + 1) {
            p.setRenderHint(QPainter::Antialiasing, true);
            p.setPen(QPen(QColor(0x14, 0x14, 0x14), 2, Qt::DashLine));
            p.drawLine(QPointF(x, bar.top()), QPointF(x, bar.bottom()));
            p.setPen(Qt::NoPen);
            p.setBrush(QColor(0x14, 0x14, 0x14));
            const QPointF notch[]
                = {{x - 6, double(bar.top())}, {x + 6, double(bar.top())}, {x, bar.top() + 8.0}};
            p.drawPolygon(notch, 3);
            p.setRenderHint(QPainter::Antialiasing, false);
        }
    }
    if (m_dragging) {
        const double x = m_geometry.xForKey(m_dragKey);
        p.setPen(QPen(palette().color(QPalette::Highlight), 2));
        p.drawLine(QPointF(x, bar.top() - 2), QPointF(x, bar.bottom() + 2));
    }
    // The line under the bar: the drag's exact key, or the message.
    const QRect textLine(4, bar.bottom() + 3, width() - 8, height() - bar.bottom() - 3);
    QString text = m_message;
    QColor colour
        = m_messageIsError ? QColor(0xc6, 0x28, 0x28) : palette().color(QPalette::PlaceholderText);
    if (m_dragging) {
        text = tr("Split %1 at NewStartingHashKey\n%2 (%3 % of the key space)\nRelease to confirm "
                  "· Esc to cancel · "
                  "←/→ to nudge by a pixel, with Shift by 1/64")
                   .arg(m_dragShard.shardId, QString::fromStdString(m_dragKey.toDecimal()))
                   .arg(m_dragKey.toUnitFraction() * 100.0, 0, 'f', 4);
        colour = palette().color(QPalette::Text);
    } else if (m_geometry.zoomed()) {
        text += tr("  (zoomed: double-click to see the whole key space)");
    }
    p.setPen(colour);
    // Errors are long (AWS's reason and the next step): wrap.
    p.drawText(textLine, Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap, text);
}

} // namespace shs::ui
