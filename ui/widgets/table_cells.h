// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
// Filling a QTableWidget row from texts, reusing its items, for tables refreshed on a timer.
#pragma once

#include <QStringList>
#include <QTableWidget>

namespace shs::ui {

/// Sets row `row` to `cells`, one per column, each also its tooltip (the column may cut it short).
/// Items are reused, so a refresh keeps the selection and does not allocate.
inline void setRowTexts(QTableWidget *table, int row, const QStringList &cells)
{
    for (int col = 0; col < cells.size(); ++col) {
        auto *item = table->item(row, col);
        if (!item) {
            item = new QTableWidgetItem;
            table->setItem(row, col, item);
        }
        item->setText(cells[col]);
        item->setToolTip(cells[col]);
    }
}

} // namespace shs::ui
