// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Showing a window on a remote backend for the GUI and screenshot tests: the stream list fills by
// polling, then the stream is selected and the bar waits for its shards.
#include "main_window.h"
#include "widgets/hash_range_bar.h"

#include <QAbstractItemModel>
#include <QTableView>
#include <QTest>

namespace shs::test {

/// Shows `w` at `size`; once the one stream is listed, selects `stream` and waits until the bar
/// shows its shards (the stream is ACTIVE and its shards are known). False if that never happens.
inline bool showRemoteStream(ui::MainWindow &w, QSize size, const QString &stream)
{
    w.resize(size);
    w.show();
    if (!QTest::qWaitForWindowExposed(&w)
        || !QTest::qWaitFor([&w] { return w.streamView()->model()->rowCount() == 1; }, 10'000))
        return false;
    w.selectStream(stream);
    auto *bar = w.hashBar();
    return QTest::qWaitFor(
        [bar] {
            return bar->shardAt(10).has_value() && bar->shardAt(bar->width() - 10).has_value();
        },
        10'000);
}

} // namespace shs::test
