// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// ThroughputPanel: the "Throughput" tab. A Qt Charts chart of the stream (records/s in and out,
// KiB/s in and out, throttled writes and reads, and the stream's write limit — open shards ×
// 1,000 records/s — drawn as a series), the iterator age of each consumer as a share of the
// retention period, and the per-shard sparkline grid. Fed by MainWindow from
// StreamBackend::recentMetrics; holds no backend of its own.
#include "metric_series.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QStackedWidget;

namespace shs::ui {

class SparklineGrid;
class ThroughputChartView;

/// One reader's position as an age, e.g. the Consume tab's reader or the slowest shard's reader.
struct ConsumerAge
{
    QString name;   ///< "Consume tab — all shards, TRIM_HORIZON"
    QString detail; ///< which shard the age belongs to, or how it is measured
    qint64 ageMs = 0;
};

/// Bars of iterator age as a share of retention, one row per consumer.
class IteratorAgeView : public QWidget
{
    Q_OBJECT
  public:
    explicit IteratorAgeView(QWidget *parent = nullptr);
    void setAges(QVector<ConsumerAge> ages, int retentionHours);
    const QVector<ConsumerAge> &ages() const { return m_ages; }
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override { return sizeHint(); }

  protected:
    void paintEvent(QPaintEvent *event) override;

  private:
    QVector<ConsumerAge> m_ages;
    int m_retentionHours = 24;
};

class ThroughputPanel : public QWidget
{
    Q_OBJECT
  public:
    explicit ThroughputPanel(QWidget *parent = nullptr);

    /// The stream's shards, open and closed, with their creation and closing times: the write limit
    /// is drawn as it was each second, and reshards are marked.
    void setStream(const QString &streamName, int retentionHours,
                   std::vector<core::ShardInfo> shards);
    void setMetrics(const service::MetricsWindow &window);
    /// Readers the workbench knows of besides the per-shard ages in the window.
    void setConsumers(QVector<ConsumerAge> consumers);
    /// The shard-level metrics enabled with EnableEnhancedMonitoring: the only per-shard metrics
    /// AWS would publish to CloudWatch (the grid below shows every shard regardless).
    void setShardLevelMetrics(const QStringList &enabled);

    /// Remote backends: the per-second figures are this workbench's own traffic (said in the
    /// chart's axis), and below them CloudWatch's 1-minute points when `cloudWatchSource` is set,
    /// or `unavailable` says why there are none. Embedded: nothing of this shows.
    void setRemote(bool remote, const QString &cloudWatchSource, const QString &unavailable);
    void setCloudWatch(const service::CloudWatchMetrics &metrics);
    void setCloudWatchError(const QString &error);

    // For tests and automation.
    ThroughputChartView *chart() const { return m_chart; }
    SparklineGrid *grid() const { return m_grid; }
    IteratorAgeView *ageView() const { return m_ages; }
    QLabel *summaryLabel() const { return m_summary; }
    ThroughputChartView *cloudWatchChart() const { return m_cloudWatchChart; }
    QComboBox *chartSource() const { return m_chartSource; }
    QLabel *cloudWatchLabel() const { return m_cloudWatchLabel; }
    QLabel *shardLevelMetricsLabel() const { return m_shardLevel; }

  Q_SIGNALS:
    void shardClicked(const QString &shardId);

  private:
    void updateAges();

    QString m_stream;
    int m_retentionHours = 24;
    std::vector<core::ShardInfo> m_shards;
    QLabel *m_summary;
    ThroughputChartView *m_chart;
    QComboBox *m_chartSource;
    QStackedWidget *m_charts;
    QLabel *m_cloudWatchLabel;
    ThroughputChartView *m_cloudWatchChart;
    QString m_cloudWatchSource;
    IteratorAgeView *m_ages;
    SparklineGrid *m_grid;
    QLabel *m_shardLevel;
    QVector<ConsumerAge> m_consumers;
    QVector<ConsumerAge> m_shardAges;
};

} // namespace shs::ui
