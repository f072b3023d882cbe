// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// SparklineGrid: one small painted chart per shard, in a grid that reflows with the width. Each
// cell draws the shard's write utilisation (max of bytes/s ÷ 1 MiB and records/s ÷ 1,000) and
// read utilisation (bytes/s ÷ 2 MiB) per second, the limit as a line at 100 % (the same line is
// 1 MiB/s / 1,000 rec/s for writes and 2 MiB/s for reads, since both are drawn as shares of
// their limit), red ticks for seconds with throttling, and the current rates and iterator age.
// Painted by hand: 64 Qt Charts would cost the UI thread ~0.36 ms per series update each.
#include "metric_series.h"

#include <QWidget>

namespace shs::ui {

class SparklineGrid : public QWidget
{
    Q_OBJECT
  public:
    static constexpr int kCellWidth = 210;
    static constexpr int kCellHeight = 74;
    static constexpr int kGap = 6;

    explicit SparklineGrid(QWidget *parent = nullptr);

    void setSeries(QVector<ShardSeriesView> series, int retentionHours);
    const QVector<ShardSeriesView> &series() const { return m_series; }
    void setSelectedShard(const QString &shardId);
    QString selectedShard() const { return m_selected; }

    int columns() const;
    /// The cell of shard `i` in widget coordinates.
    QRect cellRect(int i) const;
    /// The y scale's top as a utilisation (at least 1.25, so the limit line always shows).
    static double scaleTop(const ShardSeriesView &s);

    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override;
    QSize sizeHint() const override;

  Q_SIGNALS:
    void shardClicked(const QString &shardId);

  protected:
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    bool event(QEvent *event) override;

  private:
    int columnsFor(int width) const;
    int indexAt(const QPoint &pos) const;
    QVector<ShardSeriesView> m_series;
    int m_retentionHours = 24;
    QString m_selected;
};

} // namespace shs::ui
