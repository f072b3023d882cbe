// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// HashRangeBar: the hash-key space 0 .. 2^128-1 as a horizontal bar, one segment per open shard,
// as wide as its share of the keys and coloured by its write utilisation.
//
// Split: press inside a shard and drag; a line shows the exact NewStartingHashKey under the
// cursor (clamped to keys Kinesis accepts for that shard, snapping to the shard's midpoint near
// it; Left/Right nudge by a pixel, with Shift by 1/64 of a pixel); release asks for the split
// (splitRequested), Escape cancels. Merge: click on the boundary between two neighbours
// (mergeRequested). Zoom with the wheel, pan with Shift+wheel, double-click to see everything.
// The widget tracks its own drag state (m_dragging) rather than trusting event->buttons().
#include "hash_bar_geometry.h"

#include "engine/hash_key.h"

#include <QMap>
#include <QWidget>

#include <optional>

namespace shs::ui {

class HashRangeBar : public QWidget
{
    Q_OBJECT
  public:
    struct Segment
    {
        QString shardId;
        core::HashKey start;
        core::HashKey end;
    };
    struct Load
    {
        double ratio = 0;       ///< max(bytes/s / limit, records/s / limit)
        bool throttled = false; ///< throttled in the last seconds
        QString rates;          ///< for the tooltip, e.g. "512 KiB/s, 300 records/s"
    };

    explicit HashRangeBar(QWidget *parent = nullptr);

    /// The open shards, any order.
    void setShards(const QList<Segment> &shards);
    void setLoad(const QMap<QString, Load> &load);
    const QMap<QString, Load> &load() const { return m_load; }
    /// A key to mark on the bar (the routing explainer's), or none.
    void setMarker(std::optional<core::HashKey> key);
    std::optional<core::HashKey> marker() const { return m_marker; }
    /// A line of text under the bar: a hint, or an error (red) after a refused operation.
    void setMessage(const QString &text, bool error);
    QString message() const { return m_message; }
    const HashBarGeometry &mapping() const { return m_geometry; }
    HashBarGeometry &mapping() { return m_geometry; }
    bool dragging() const { return m_dragging; }
    /// The key the drag currently points at (valid while dragging).
    core::HashKey dragKey() const { return m_dragKey; }
    /// The shard under x, if any.
    std::optional<Segment> shardAt(double x) const;
    /// Shards selected by clicking (one, or two on the way to a merge).
    QStringList selectedShards() const { return m_selected; }
    void clearSelection();
    /// Where an open shard is painted (empty when it is not on the bar or out of view).
    QRect shardRect(const QString &shardId) const;
    /// The label each shard got in the last paint: "#12", "12", or "↑12" (rotated); a shard
    /// too narrow for any is absent (tests).
    const QMap<QString, QString> &paintedLabels() const { return m_paintedLabels; }

    QSize sizeHint() const override;
    /// Tall enough for the message wrapped at `width` (at least three lines).
    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override;
    QSize minimumSizeHint() const override;

  Q_SIGNALS:
    void splitRequested(const QString &shardId, const QString &newStartingHashKey);
    void mergeRequested(const QString &shardToMerge, const QString &adjacentShardToMerge);
    void shardClicked(const QString &shardId);
    // A click selects a shard; Ctrl+click (or Shift+click) on its neighbour asks to merge the
    // two (mergeRequested), as a click on the boundary between them does.

  protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    bool event(QEvent *event) override;

  private:
    void clickShard(const Segment &shard, bool adding);
    QRect barRect() const;
    int barHeight() const;
    int textHeight() const;
    void updateDrag(double x);
    void setDragKey(core::HashKey key);
    /// A boundary within a few pixels of x: the two shards on either side.
    std::optional<std::pair<Segment, Segment>> boundaryAt(double x) const;

    QList<Segment> m_shards; // sorted by start
    QMap<QString, Load> m_load;
    HashBarGeometry m_geometry;
    QString m_message;
    std::optional<core::HashKey> m_marker;
    bool m_messageIsError = false;

    bool m_dragging = false;
    double m_dragAnchor = 0;
    double m_dragX = 0;
    Segment m_dragShard;
    core::HashKey m_dragKey;
    bool m_moved = false;
    QStringList m_selected;
    QMap<QString, QString> m_paintedLabels;
};

} // namespace shs::ui
