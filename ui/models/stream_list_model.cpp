// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "stream_list_model.h"

#include <QIcon>
#include <QPainter>
#include <QPainterPath>
#include <QPixmap>

#include <QDateTime>
#include <QTimeZone>

namespace shs::ui {

using namespace shs::core;

int StreamListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int StreamListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant StreamListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return tr("Stream");
    case StatusColumn:
        return tr("Status");
    case ModeColumn:
        return tr("Mode");
    case OpenShardsColumn:
        return tr("Shards");
    case RetentionColumn:
        return tr("Retention");
    case WriteRateColumn:
        return tr("Writes");
    case CreatedColumn:
        return tr("Created (UTC)");
    }
    return {};
}

namespace {
/// A red bell-shaped dot, drawn once: the stream has an alarm in ALARM.
QIcon alarmBadge()
{
    static const QIcon icon = [] {
        QPixmap pm(32, 32);
        pm.fill(Qt::transparent);
        QPainter p(&pm);
        p.setRenderHint(QPainter::Antialiasing);
        p.setPen(Qt::NoPen);
        p.setBrush(QColor(0xd1, 0x24, 0x2f));
        QPainterPath bell;
        bell.moveTo(16, 4);
        bell.cubicTo(8, 4, 8, 14, 7, 20);
        bell.lineTo(4, 25);
        bell.lineTo(28, 25);
        bell.lineTo(25, 20);
        bell.cubicTo(24, 14, 24, 4, 16, 4);
        p.drawPath(bell);
        p.drawEllipse(QPointF(16, 27.5), 3.5, 3.5);
        return QIcon(pm);
    }();
    return icon;
}
/// A padlock (body and shackle), drawn into `p` within `box`: the stream is encrypted at rest.
void drawPadlock(QPainter &p, const QRectF &box)
{
    const qreal w = box.width(), h = box.height();
    p.setBrush(Qt::NoBrush);
    p.setPen(QPen(QColor(0x2b, 0x4c, 0x7e), w * 0.13));
    p.drawArc(QRectF(box.left() + w * 0.25, box.top() + h * 0.06, w * 0.5, h * 0.62), 0, 180 * 16);
    p.drawLine(QPointF(box.left() + w * 0.25, box.top() + h * 0.37),
               QPointF(box.left() + w * 0.25, box.top() + h * 0.48));
    p.drawLine(QPointF(box.left() + w * 0.75, box.top() + h * 0.37),
               QPointF(box.left() + w * 0.75, box.top() + h * 0.48));
    p.setPen(Qt::NoPen);
    p.setBrush(QColor(0x2b, 0x4c, 0x7e));
    p.drawRoundedRect(QRectF(box.left() + w * 0.1, box.top() + h * 0.46, w * 0.8, h * 0.5),
                      w * 0.08, w * 0.08);
    p.setBrush(QColor(0xff, 0xff, 0xff));
    p.drawEllipse(QPointF(box.center().x(), box.top() + h * 0.68), w * 0.07, w * 0.07);
}

QIcon padlockBadge()
{
    static const QIcon icon = [] {
        QPixmap pm(32, 32);
        pm.fill(Qt::transparent);
        QPainter p(&pm);
        p.setRenderHint(QPainter::Antialiasing);
        drawPadlock(p, QRectF(3, 1, 26, 30));
        return QIcon(pm);
    }();
    return icon;
}

/// The bell with a small padlock at its foot: in ALARM and encrypted.
QIcon alarmAndPadlockBadge()
{
    static const QIcon icon = [] {
        QPixmap pm = alarmBadge().pixmap(32, 32);
        QPainter p(&pm);
        p.setRenderHint(QPainter::Antialiasing);
        p.setPen(Qt::NoPen);
        p.setBrush(Qt::white);
        p.drawEllipse(QRectF(15, 13, 18, 19));
        drawPadlock(p, QRectF(17, 14, 14, 17));
        return QIcon(pm);
    }();
    return icon;
}
} // namespace

QVariant StreamListModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= int(m_rows.size()))
        return {};
    const StreamInfo &s = m_rows[size_t(index.row())];
    if (role == StreamNameRole)
        return QString::fromStdString(s.name);
    if (role == StatusRole)
        return int(s.status);
    if (index.column() == NameColumn && (role == Qt::DecorationRole || role == Qt::ToolTipRole)) {
        const auto it = m_firing.find(s.name);
        const bool firing = it != m_firing.end();
        const bool encrypted = s.encryptionType == "KMS";
        if (role == Qt::DecorationRole)
            return firing && encrypted ? alarmAndPadlockBadge()
                   : firing            ? alarmBadge()
                   : encrypted         ? padlockBadge()
                                       : QVariant();
        QStringList lines;
        if (encrypted)
            lines << tr("Encrypted at rest under %1 (Encryption… shows the key).")
                         .arg(QString::fromStdString(s.keyId));
        if (firing) {
            QStringList names;
            for (const auto &n : it->second)
                names << QString::fromStdString(n);
            lines << tr("In ALARM: %1. The Alarms tab says why.")
                         .arg(names.join(QStringLiteral(", ")));
        }
        return lines.isEmpty() ? QVariant() : QVariant(lines.join(QLatin1Char('\n')));
    }
    if (role == Qt::DisplayRole || role == SortRole) {
        const bool sort = role == SortRole;
        switch (index.column()) {
        case NameColumn:
            return QString::fromStdString(s.name);
        case StatusColumn:
            return QString::fromLatin1(toString(s.status));
        case ModeColumn:
            return s.mode == StreamMode::OnDemand ? tr("On-demand") : tr("Provisioned");
        case OpenShardsColumn:
            return sort ? QVariant(s.openShardCount) : QVariant(QString::number(s.openShardCount));
        case RetentionColumn:
            if (sort)
                return s.retentionHours;
            if (s.retentionHours % 24 != 0)
                return tr("%1 hours").arg(s.retentionHours);
            return s.retentionHours == 24 ? tr("1 day") : tr("%1 days").arg(s.retentionHours / 24);
        case WriteRateColumn: {
            const auto it = m_rates.find(s.name);
            const double records = it == m_rates.end() ? 0.0 : it->second.first;
            if (sort)
                return records;
            return records > 0 ? tr("%L1/s").arg(qint64(records)) : QStringLiteral("—");
        }
        case CreatedColumn:
            if (sort)
                return qint64(s.createdMs);
            return QDateTime::fromMSecsSinceEpoch(s.createdMs, QTimeZone::utc())
                .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
        }
    }
    if (role == Qt::ToolTipRole && index.column() == WriteRateColumn) {
        const auto it = m_rates.find(s.name);
        if (it == m_rates.end())
            return tr("No writes in the last second.");
        return tr("Last second: %L1 records, %2 KiB accepted (throttled records not counted)")
            .arg(qint64(it->second.first))
            .arg(it->second.second / 1024.0, 0, 'f', 1);
    }
    if (role == Qt::TextAlignmentRole
        && (index.column() == OpenShardsColumn || index.column() == RetentionColumn
            || index.column() == WriteRateColumn))
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole && index.column() == StatusColumn) {
        switch (s.status) {
        case StreamStatus::Creating:
            return tr("Kinesis is creating the stream; reads and writes start when it is ACTIVE.");
        case StreamStatus::Deleting:
            return tr("Kinesis is deleting the stream and its records.");
        case StreamStatus::Updating:
            return tr("A change is in progress; reads and writes continue.");
        case StreamStatus::Active:
            return tr("Ready for reads, writes and changes.");
        }
    }
    return {};
}

namespace {
bool sameRow(const StreamInfo &a, const StreamInfo &b)
{
    return a.status == b.status && a.mode == b.mode && a.openShardCount == b.openShardCount
           && a.retentionHours == b.retentionHours && a.createdMs == b.createdMs && a.arn == b.arn
           && a.shards.size() == b.shards.size() && a.tags == b.tags
           && a.encryptionType == b.encryptionType && a.keyId == b.keyId;
}
} // namespace

void StreamListModel::applySnapshot(const EngineSnapshot &snapshot)
{
    const auto &next = snapshot.streams; // sorted by name
    std::size_t i = 0, j = 0;
    while (i < m_rows.size() || j < next.size()) {
        if (j == next.size() || (i < m_rows.size() && m_rows[i].name < next[j].name)) {
            // Remove the run of old rows that are gone.
            std::size_t end = i;
            while (end < m_rows.size() && (j == next.size() || m_rows[end].name < next[j].name))
                ++end;
            beginRemoveRows({}, int(i), int(end) - 1);
            m_rows.erase(m_rows.begin() + std::ptrdiff_t(i), m_rows.begin() + std::ptrdiff_t(end));
            endRemoveRows();
        } else if (i == m_rows.size() || next[j].name < m_rows[i].name) {
            std::size_t end = j;
            while (end < next.size() && (i == m_rows.size() || next[end].name < m_rows[i].name))
                ++end;
            beginInsertRows({}, int(i), int(i + (end - j)) - 1);
            m_rows.insert(m_rows.begin() + std::ptrdiff_t(i), next.begin() + std::ptrdiff_t(j),
                          next.begin() + std::ptrdiff_t(end));
            endInsertRows();
            i += end - j;
            j = end;
        } else {
            if (!sameRow(m_rows[i], next[j])) {
                m_rows[i] = next[j];
                Q_EMIT dataChanged(index(int(i), 0), index(int(i), ColumnCount - 1),
                                   {Qt::DisplayRole, SortRole, StatusRole, Qt::ToolTipRole});
            } else {
                m_rows[i] = next[j]; // same visible values; keep the freshest copy
            }
            ++i;
            ++j;
        }
    }
}

void StreamListModel::applyRates(const std::map<std::string, std::pair<double, double>> &rates)
{
    for (std::size_t i = 0; i < m_rows.size(); ++i) {
        const auto &name = m_rows[i].name;
        const auto before = m_rates.find(name);
        const auto after = rates.find(name);
        const std::pair<double, double> was
            = before == m_rates.end() ? std::pair{0.0, 0.0} : before->second;
        const std::pair<double, double> now
            = after == rates.end() ? std::pair{0.0, 0.0} : after->second;
        if (was != now) {
            m_rates[name] = now;
            const QModelIndex cell = index(int(i), WriteRateColumn);
            Q_EMIT dataChanged(cell, cell, {Qt::DisplayRole, SortRole, Qt::ToolTipRole});
        }
    }
    // Forget streams that are gone.
    for (auto it = m_rates.begin(); it != m_rates.end();)
        it = rates.count(it->first) ? std::next(it) : m_rates.erase(it);
}

void StreamListModel::applyFiring(const std::map<std::string, std::vector<std::string>> &firing)
{
    if (firing == m_firing)
        return;
    m_firing = firing;
    if (!m_rows.empty())
        Q_EMIT dataChanged(index(0, NameColumn), index(int(m_rows.size()) - 1, NameColumn),
                           {Qt::DecorationRole, Qt::ToolTipRole});
}

int StreamListModel::rowOf(const QString &name) const
{
    const std::string n = name.toStdString();
    for (std::size_t i = 0; i < m_rows.size(); ++i)
        if (m_rows[i].name == n)
            return int(i);
    return -1;
}

const StreamInfo *StreamListModel::streamAt(int row) const
{
    return row >= 0 && row < int(m_rows.size()) ? &m_rows[size_t(row)] : nullptr;
}

} // namespace shs::ui
