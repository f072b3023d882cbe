// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Exporting a chart or painted view for slides: PNG at twice its size (sharp on a projector) or
// SVG as vectors, and "Copy as image" for pasting into a presentation. Every view that draws
// data (the stream chart, the hash-range bar, the heat map, the lineage, the sparklines) gets
// the three actions in its context menu.
#include <QImage>
#include <QString>

#include <functional>

class QWidget;

namespace shs::ui {

/// `view` as an image `scale` times its size, as it is painted now.
QImage renderView(QWidget *view, double scale = 2.0);
/// Writes `view` to `path`: SVG (vectors, QSvgGenerator) when the name ends in ".svg", else PNG
/// at twice its size. Returns an error to show, naming the file and what to do; empty when written.
QString exportView(QWidget *view, const QString &path, const QString &title = {});

/// Adds "Copy as image", "Export as PNG…" and "Export as SVG…" to `view`'s context menu.
/// `baseName` gives the file name offered, e.g. "orders-throughput" (asked for when chosen).
void addExportActions(QWidget *view, std::function<QString()> baseName);

} // namespace shs::ui
