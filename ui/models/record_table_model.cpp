// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "record_table_model.h"

#include <QDateTime>
#include <QTimeZone>

namespace shs::ui {

RecordTableModel::RecordTableModel(QObject *parent) : QAbstractTableModel(parent) {}

void RecordTableModel::setMaxRows(int rows)
{
    m_maxRows = std::max(1, rows);
    trimTo(m_maxRows);
}

void RecordTableModel::trimTo(int rows)
{
    const int extra = int(m_rows.size()) - rows;
    if (extra <= 0)
        return;
    beginRemoveRows({}, 0, extra - 1);
    m_rows.erase(m_rows.begin(), m_rows.begin() + extra);
    endRemoveRows();
}

void RecordTableModel::append(const QList<RecordRow> &rows)
{
    if (rows.isEmpty())
        return;
    // Only the newest maxRows of this batch can survive; drop the oldest rows to make room.
    const qsizetype take = std::min<qsizetype>(rows.size(), m_maxRows);
    trimTo(m_maxRows - int(take));
    const int first = int(m_rows.size());
    beginInsertRows({}, first, first + int(take) - 1);
    for (qsizetype i = rows.size() - take; i < rows.size(); ++i)
        m_rows.push_back(rows[i]);
    endInsertRows();
}

void RecordTableModel::clear()
{
    if (m_rows.empty())
        return;
    beginRemoveRows({}, 0, int(m_rows.size()) - 1);
    m_rows.clear();
    endRemoveRows();
}

int RecordTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int RecordTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RecordTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= int(m_rows.size()))
        return {};
    const RecordRow &r = m_rows[std::size_t(index.row())];
    if (role == Qt::DisplayRole || role == Qt::ToolTipRole) {
        switch (index.column()) {
        case ShardColumn:
            return r.shardId;
        case SequenceColumn:
            return r.sequenceNumber;
        case PartitionKeyColumn:
            return r.partitionKey;
        case ArrivalColumn:
            return QDateTime::fromMSecsSinceEpoch(r.arrivalMs, QTimeZone::utc())
                .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
        case SizeColumn:
            return QStringLiteral("%1 B").arg(r.data.size());
        default:
            return {};
        }
    }
    if (role == SortRole) {
        switch (index.column()) {
        case ShardColumn:
            return r.shardId;
        case SequenceColumn:
            return r.sequenceNumber.rightJustified(56, QLatin1Char('0'));
        case PartitionKeyColumn:
            return r.partitionKey;
        case ArrivalColumn:
            return r.arrivalMs;
        case SizeColumn:
            return qint64(r.data.size());
        default:
            return {};
        }
    }
    if (role == Qt::TextAlignmentRole && index.column() == SizeColumn)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QVariant RecordTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case ShardColumn:
        return tr("Shard");
    case SequenceColumn:
        return tr("Sequence number");
    case PartitionKeyColumn:
        return tr("Partition key");
    case ArrivalColumn:
        return tr("Arrival (UTC)");
    case SizeColumn:
        return tr("Size");
    default:
        return {};
    }
}

} // namespace shs::ui
