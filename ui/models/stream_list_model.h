// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// StreamListModel: one row per stream of the latest engine snapshot, sorted by name. Holds
// values, never engine pointers. applySnapshot() diffs by name and emits precise row inserts,
// removes and one dataChanged per changed row; it never resets.
#include "engine/snapshot.h"

#include <QAbstractTableModel>

#include <map>
#include <string>

namespace shs::ui {

class StreamListModel : public QAbstractTableModel
{
    Q_OBJECT
  public:
    enum Column {
        NameColumn,
        StatusColumn,
        ModeColumn,
        OpenShardsColumn,
        RetentionColumn,
        WriteRateColumn,
        CreatedColumn,
        ColumnCount
    };
    enum Role { StreamNameRole = Qt::UserRole + 1, StatusRole, SortRole };

    using QAbstractTableModel::QAbstractTableModel;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    void applySnapshot(const core::EngineSnapshot &snapshot);
    /// Live write rates (records/s, bytes/s) by stream name; one dataChanged per changed row,
    /// for the write-rate column only.
    void applyRates(const std::map<std::string, std::pair<double, double>> &rates);
    /// The alarms in ALARM by stream name: a badge (a bell) on the stream's name, and the
    /// alarms' names in its tooltip.
    void applyFiring(const std::map<std::string, std::vector<std::string>> &firing);
    /// Row of `name`, or -1.
    int rowOf(const QString &name) const;
    const core::StreamInfo *streamAt(int row) const;

  private:
    std::vector<core::StreamInfo> m_rows;
    std::map<std::string, std::pair<double, double>> m_rates;
    std::map<std::string, std::vector<std::string>> m_firing;
};

} // namespace shs::ui
