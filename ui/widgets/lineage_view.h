// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// LineageView: every shard a stream still lists, open and closed, as boxes over the hash-key
// space, one row per generation: parents above their children, each box as wide as its range,
// lines from parents to children, labelled with the shard and the engine-time span it was open.
//
// A shard's generation is 0 when it has no listed parent (an original shard, or one whose
// parents expired with retention), else 1 + the larger of its parents' generations.
#include "engine/hash_key.h"

#include <QList>
#include <QMap>
#include <QWidget>

#include <optional>

namespace shs::ui {

class LineageView : public QWidget
{
    Q_OBJECT
  public:
    struct Node
    {
        QString shardId;
        QString parent;         ///< empty: none
        QString adjacentParent; ///< empty: none (set for a merge)
        core::HashKey start;
        core::HashKey end;
        bool open = true;
        qint64 createdMs = 0;
        qint64 closedMs = 0;
    };

    explicit LineageView(QWidget *parent = nullptr);

    void setNodes(const QList<Node> &nodes);
    int generationOf(const QString &shardId) const { return m_generation.value(shardId, -1); }
    int generations() const { return m_rows; }
    /// Where a shard's box is drawn (empty if unknown).
    QRectF boxOf(const QString &shardId) const;
    /// The shard under a point, or an empty string.
    QString shardAt(const QPointF &point) const;
    /// The lines written in a shard's box, as wide as it allows: "#5 (closed)" over its lifetime,
    /// or the title alone, or just "#5"; empty only when not even that fits.
    QStringList labelOf(const QString &shardId) const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

  protected:
    void paintEvent(QPaintEvent *event) override;
    bool event(QEvent *event) override;

  private:
    int rowHeight() const;
    const Node *nodeOf(const QString &shardId) const;
    QStringList labelFor(const Node &node, double width) const;

    QList<Node> m_nodes;
    QMap<QString, int> m_generation;
    int m_rows = 0;
};

} // namespace shs::ui
