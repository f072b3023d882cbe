// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// HeatMapPanel: the "Heat map" tab. The heat map of the shards over time beside the top partition
// keys of one shard — the one the user clicked, or else the hottest — with their share of the
// shard's records this minute and what that means for splitting.
#include "metric_series.h"

#include <QWidget>

class QLabel;
class QTableWidget;

namespace shs::ui {

class HeatMap;

class HeatMapPanel : public QWidget
{
    Q_OBJECT
  public:
    explicit HeatMapPanel(QWidget *parent = nullptr);

    /// `shards`: the stream's shards with their creation times, so that shards a reshard has just
    /// created are judged by the seconds they have existed, and said to be new.
    void setStream(const QString &streamName, std::vector<core::ShardInfo> shards = {});
    void setMetrics(const service::MetricsWindow &window);
    /// Pins the key table to a shard; an empty id follows the hottest open shard.
    void selectShard(const QString &shardId);

    // For tests and automation.
    HeatMap *heatMap() const { return m_map; }
    QTableWidget *keyTable() const { return m_keys; }
    QLabel *keyTitle() const { return m_keyTitle; }
    QLabel *insight() const { return m_insight; }
    /// The shard whose keys are shown.
    QString keyShard() const { return m_keyShard; }

  Q_SIGNALS:
    void shardClicked(const QString &shardId);

  private:
    void showKeys();

    QString m_stream;
    QString m_pinned;
    QString m_keyShard;
    service::MetricsWindow m_window;
    std::vector<core::ShardInfo> m_shards;
    HeatMap *m_map;
    QLabel *m_keyTitle;
    QTableWidget *m_keys;
    QLabel *m_insight;
};

} // namespace shs::ui
