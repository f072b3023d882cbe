// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "lineage_view.h"
#include "shard_label.h"

#include <QDateTime>
#include <QHelpEvent>
#include <QPainter>
#include <QTimeZone>
#include <QToolTip>

#include <algorithm>

namespace shs::ui {

using core::HashKey;

namespace {
constexpr int kMinRowHeight = 40;
constexpr int kRowGap = 18;
constexpr int kMargin = 4;

QString timeOf(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, QTimeZone::utc())
        .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}
} // namespace

LineageView::LineageView(QWidget *parent) : QWidget(parent)
{
    setAccessibleName(tr("Shard lineage"));
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
}

void LineageView::setNodes(const QList<Node> &nodes)
{
    m_nodes = nodes;
    m_generation.clear();
    QMap<QString, const Node *> byId;
    for (const auto &n : m_nodes)
        byId.insert(n.shardId, &n);
    // Shard ids grow with creation and parents are created before children, so one pass in id
    // order sees every parent first.
    QList<const Node *> ordered;
    for (const auto &n : m_nodes)
        ordered.push_back(&n);
    std::sort(ordered.begin(), ordered.end(),
              [](const Node *a, const Node *b) { return a->shardId < b->shardId; });
    m_rows = 0;
    for (const Node *n : ordered) {
        int g = 0;
        for (const QString &p : {n->parent, n->adjacentParent})
            if (!p.isEmpty() && m_generation.contains(p))
                g = std::max(g, m_generation.value(p) + 1);
        m_generation.insert(n->shardId, g);
        m_rows = std::max(m_rows, g + 1);
    }
    updateGeometry();
    update();
}

int LineageView::rowHeight() const
{
    // Two lines of text, so presenter zoom grows the boxes with their labels.
    return std::max(kMinRowHeight, 2 * fontMetrics().height() + 6);
}

QSize LineageView::sizeHint() const
{
    return {600, kMargin * 2 + std::max(1, m_rows) * (rowHeight() + kRowGap)};
}

QSize LineageView::minimumSizeHint() const
{
    return {200, kMargin * 2 + rowHeight()};
}

QRectF LineageView::boxOf(const QString &shardId) const
{
    for (const auto &n : m_nodes) {
        if (n.shardId != shardId)
            continue;
        const double w = width() - 2.0 * kMargin;
        const double left = kMargin + n.start.toUnitFraction() * w;
        const double right = n.end == HashKey::max()
                                 ? kMargin + w
                                 : kMargin + n.end.plusOne().toUnitFraction() * w;
        const double top = kMargin + m_generation.value(n.shardId) * (rowHeight() + kRowGap);
        return {left, top, std::max(2.0, right - left), double(rowHeight())};
    }
    return {};
}

QString LineageView::shardAt(const QPointF &point) const
{
    for (const auto &n : m_nodes)
        if (boxOf(n.shardId).contains(point))
            return n.shardId;
    return {};
}

void LineageView::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.fillRect(rect(), palette().color(QPalette::Base));
    if (m_nodes.isEmpty()) {
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(rect(), Qt::AlignCenter, tr("No shards."));
        return;
    }
    // Lines first, from the bottom of each parent to the top of its child.
    p.setRenderHint(QPainter::Antialiasing, true);
    p.setPen(QPen(palette().color(QPalette::Mid), 1.5));
    for (const auto &n : m_nodes) {
        const QRectF child = boxOf(n.shardId);
        for (const QString &parent : {n.parent, n.adjacentParent}) {
            if (parent.isEmpty() || !m_generation.contains(parent))
                continue;
            const QRectF from = boxOf(parent);
            // Aim at the part of the child that the parent's keys went to.
            const double fromX = from.center().x();
            const double toX = std::clamp(fromX, child.left() + 2, child.right() - 2);
            p.drawLine(QPointF(fromX, from.bottom()), QPointF(toX, child.top()));
        }
    }
    p.setRenderHint(QPainter::Antialiasing, false);
    const QColor openColour(0x6f, 0xcd, 0xbb);
    const QColor closedColour = palette().color(QPalette::Window).darker(108);
    for (const auto &n : m_nodes) {
        const QRectF box = boxOf(n.shardId);
        p.fillRect(box, n.open ? openColour : closedColour);
        p.setPen(palette().color(QPalette::Mid));
        p.drawRect(box.adjusted(0, 0, -1, -1));
        p.setPen(n.open ? palette().color(QPalette::Text)
                        : palette().color(QPalette::PlaceholderText));
        const QStringList lines = labelFor(n, box.width());
        if (lines.size() == 2) {
            p.drawText(box.adjusted(4, 2, -4, -box.height() / 2), Qt::AlignCenter, lines[0]);
            p.drawText(box.adjusted(4, box.height() / 2, -4, -2), Qt::AlignCenter, lines[1]);
        } else if (lines.size() == 1) {
            p.drawText(box, Qt::AlignCenter, lines[0]);
        }
    }
}

const LineageView::Node *LineageView::nodeOf(const QString &shardId) const
{
    const auto it = std::find_if(m_nodes.begin(), m_nodes.end(),
                                 [&](const Node &n) { return n.shardId == shardId; });
    return it == m_nodes.end() ? nullptr : &*it;
}

QStringList LineageView::labelOf(const QString &shardId) const
{
    const Node *n = nodeOf(shardId);
    return n ? labelFor(*n, boxOf(shardId).width()) : QStringList();
}

QStringList LineageView::labelFor(const Node &n, double width) const
{
    // The longest of each line that fits: a narrow box keeps its number and a shorter time
    // rather than losing the time (HH:mm:ss, then HH:mm; a closed shard's closing time first).
    const auto hms = [this](qint64 ms) { return timeOf(ms).mid(11); };
    const auto hm = [this](qint64 ms) { return timeOf(ms).mid(11, 5); };
    const QStringList spans
        = n.open
              ? QStringList{tr("since %1").arg(hms(n.createdMs)), hms(n.createdMs), hm(n.createdMs)}
              : QStringList{tr("%1–%2").arg(hms(n.createdMs), hms(n.closedMs)),
                            tr("%1–%2").arg(hm(n.createdMs), hm(n.closedMs)),
                            tr("–%1").arg(hms(n.closedMs)), tr("–%1").arg(hm(n.closedMs))};
    const QString label = shortShardLabel(n.shardId);
    const QStringList titles{label + (n.open ? QString() : tr(" (closed)")), label};
    const QFontMetrics fm(font());
    const auto fitting = [&](const QStringList &texts) {
        for (const QString &t : texts)
            if (width > fm.horizontalAdvance(t) + 6)
                return t;
        return QString();
    };
    const QString title = fitting(titles);
    if (title.isEmpty())
        return {};
    const QString span = fitting(spans);
    return span.isEmpty() ? QStringList{title} : QStringList{title, span};
}

bool LineageView::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        const Node *it = nodeOf(shardAt(help->pos()));
        if (!it) {
            QToolTip::hideText();
            return true;
        }
        QString text = QStringLiteral("<b>%1</b> — %2<br/>%3<br/>– %4")
                           .arg(it->shardId, it->open ? tr("open") : tr("closed"),
                                QString::fromStdString(it->start.toDecimal()),
                                QString::fromStdString(it->end.toDecimal()));
        if (!it->parent.isEmpty())
            text += tr("<br/>Parent %1").arg(it->parent);
        if (!it->adjacentParent.isEmpty())
            text += tr(", adjacent parent %1").arg(it->adjacentParent);
        text += tr("<br/>Created %1 UTC").arg(timeOf(it->createdMs));
        if (!it->open)
            text += tr("<br/>Closed %1 UTC; its records stay readable until retention expires them")
                        .arg(timeOf(it->closedMs));
        QToolTip::showText(help->globalPos(), text, this);
        return true;
    }
    return QWidget::event(event);
}

} // namespace shs::ui
