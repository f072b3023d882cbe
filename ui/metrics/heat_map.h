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
    explicit HeatMap(QWidget *parent = nullptr);

    void setSeries(QVector<ShardSeriesView> series);
    const QVector<ShardSeriesView> &series() const { return m_series; }
    void setSelectedShard(const QString &shardId);
    QString selectedShard() const { return m_selected; }

    /// The rectangle of row `row`, column `column` (0 = oldest) in widget coordinates.
    QRectF cellRect(int row, int column) const;
    int columnCount() const;
    /// Where the colour scale under the map paints its gradient, 0 % on the left to 100 % of
    /// the shard limit on the right (the "70 %" label sits inside it); empty if there is no room.
    QRectF scaleRect() const;

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
    /// From the font, so the labels and the two lines under the map grow with presenter zoom.
    double labelWidth() const;
    double axisHeight() const; ///< two lines: the time axis and the colour scale
    struct ScaleLayout
    {
        QString title;
        QRectF low, high; ///< the gradient 0–70 % and 70–100 %
        QRectF zero, seventy, hundred, throttledBox, throttled; ///< labels and the key's box
    };
    ScaleLayout scaleLayout() const;
    QVector<ShardSeriesView> m_series;
    QString m_selected;
};

} // namespace shs::ui
