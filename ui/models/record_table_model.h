// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// RecordTableModel: records read from a stream, oldest first, as values. Appends are precise
// row inserts; past maxRows the oldest rows are removed (precise removes), so a live tail keeps
// bounded memory. SortRole carries raw values (sequence numbers as zero-padded text, times and
// sizes as numbers).
#include <QAbstractTableModel>
#include <QByteArray>
#include <QString>

#include <deque>

namespace shs::ui {

struct RecordRow
{
    QString shardId;
    QString sequenceNumber;
    QString partitionKey;
    qint64 arrivalMs = 0;
    QByteArray data;
    bool encrypted = false; ///< EncryptionType KMS: kept sealed at rest
};

class RecordTableModel : public QAbstractTableModel
{
    Q_OBJECT
  public:
    enum Column {
        ShardColumn,
        SequenceColumn,
        PartitionKeyColumn,
        ArrivalColumn,
        SizeColumn,
        ColumnCount
    };
    static constexpr int SortRole = Qt::UserRole + 1;

    explicit RecordTableModel(QObject *parent = nullptr);

    void setMaxRows(int rows);
    int maxRows() const { return m_maxRows; }
    void append(const QList<RecordRow> &rows);
    void clear();
    const RecordRow &row(int index) const { return m_rows[std::size_t(index)]; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

  private:
    void trimTo(int rows);
    std::deque<RecordRow> m_rows;
    int m_maxRows = 50'000;
};

} // namespace shs::ui
