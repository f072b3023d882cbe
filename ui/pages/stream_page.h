// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// StreamPage: one tab of the selected stream (shards, lineage, publish, consume, throughput, heat
// map, consumers). The main window only hosts pages: it hands each the selected stream with every
// snapshot, the live metrics while the page shows, and finds a page by the name lesson files use
// to point the spotlight at it (or at a shard in it).
#include "engine/snapshot.h"

#include <QRect>
#include <QString>
#include <QWidget>

#include <functional>

namespace shs::ui {

class LiveMetrics;

/// The page holding `content` is its window's current tab (whether or not the window shows yet).
inline bool isCurrentPage(const QWidget *content)
{
    return content->isVisibleTo(content->window());
}

/// `content` in a frameless scroll area that resizes it (made once; later calls return it): for
/// pages taller than a small window or a projector's zoom leaves room for.
QWidget *scrolledPage(QWidget *content);

/// `content` filling a frameless scroll area that scrolls only when the area is smaller than the
/// content's minimum size (made once; later calls return it): for pages that lay themselves out
/// in whatever room they get (charts, tables), so a window that fits them looks as if unscrolled,
/// and a projector's zoom scrolls them rather than overflow the screen. (QScrollArea's own
/// resizing gives a layout with word-wrapped labels its preferred height, and scrolls early.)
QWidget *fittedPage(QWidget *content);

/// Seconds of live metrics the Throughput and Heat map pages show.
inline constexpr int kLiveSeconds = 120;

class StreamPage
{
  public:
    virtual ~StreamPage() = default;
    /// The name lesson files give the page ("shards", "lineage", "heatmap", …).
    virtual QString viewName() const = 0;
    /// The tab's text, which may follow the stream ("Lineage (3 generations)").
    virtual QString title() const = 0;
    /// What the tab holds.
    virtual QWidget *content() = 0;
    /// The selected stream, or nullptr when none is: nothing of the stream shown before stays.
    virtual void showStream(const core::StreamInfo *stream) = 0;
    /// New seconds of the selected stream's live metrics, while the page is the one shown.
    virtual void showLive(const LiveMetrics &live) { (void)live; }
    /// The page became the one shown (pages that poll start at once rather than on their timer).
    virtual void shown() {}
    /// Where a spotlight on the page goes: a widget and, when the step names a shard (`shardId`
    /// is set; it answers when the spotlight looks), its area in that widget (empty: the whole
    /// widget).
    struct Area
    {
        QWidget *widget = nullptr;
        std::function<QRect()> rect;
    };
    virtual Area spotlight(std::function<QString()> shardId)
    {
        (void)shardId;
        return {content(), {}};
    }
};

} // namespace shs::ui
