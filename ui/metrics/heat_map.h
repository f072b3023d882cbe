// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// HeatMap: shards (rows) over time (columns, one per engine second, newest on the right), each
// cell in the utilisation colour of that shard's writes in that second; seconds with throttling
// are outlined in red. Clicking a row selects the shard (its top partition keys show beside).
#include "metric_series.h"

#include <QWidget>

namespace shs::ui {

class HeatMap : public QWidget
{
    Q_OBJECT
  public:
    static constexpr int kLabelWidth = 46;
    static constexpr int kAxisHeight = 36; // two lines: the time axis and the legend

    explicit HeatMap(QWidget *parent = nullptr);

    void setSeries(QVector<ShardSeriesView> series);
    const QVector<ShardSeriesView> &series() const { return m_series; }
    void setSelectedShard(const QString &shardId);
    QString selectedShard() const { return m_selected; }

    /// The rectangle of row `row`, column `column` (0 = oldest) in widget coordinates.
    QRectF cellRect(int row, int column) const;
    int columnCount() const;

    QSize sizeHint() const override { return {520, 260}; }
    QSize minimumSizeHint() const override { return {240, 120}; }

  Q_SIGNALS:
    void shardClicked(const QString &shardId);

  protected:
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    bool event(QEvent *event) override;

  private:
    QRectF plotRect() const;
    QVector<ShardSeriesView> m_series;
    QString m_selected;
};

} // namespace shs::ui
