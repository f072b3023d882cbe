// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// AlarmMonitor: the window's alarms (alarms/alarm.h) on the embedded engine — kept in an
// AlarmRepository (store::AlarmStore, alarms.sqlite3 in the data directory), evaluated as
// CloudWatch evaluates them, once each minute of engine time (2 s into it, and only on minutes
// the engine has kept: EmbeddedEngine::metricsKeptThroughMs) and at once when one is defined,
// on the engine's minute points. Each alarm's recent datapoints are kept for its chart. A state
// change is recorded with its history and said through stateChanged(), which the window turns
// into a badge and a notification. Runs on the thread it lives on (the UI thread); the metrics
// come through EmbeddedEngine::metricHistory, so that thread never waits on the engine.
#include "service/stream_backend.h"

#include "alarms/alarm.h"

#include <QObject>

#include <map>
#include <memory>

class QTimer;

namespace shs::service {

class AlarmMonitor : public QObject
{
    Q_OBJECT
  public:
    /// Datapoints kept per alarm for its chart.
    static constexpr int kChartPeriods = 30;
    static constexpr int kCheckMs = 500;
    /// Engine time after a minute ends before the alarms are evaluated on it.
    static constexpr std::int64_t kSettleMs = 2000;

    AlarmMonitor(StreamBackend &backend, EmbeddedEngine &engine,
                 std::unique_ptr<alarms::AlarmRepository> repository, QObject *parent = nullptr);
    ~AlarmMonitor() override;

    /// Every alarm, as last read; those of one stream.
    const std::vector<alarms::StoredAlarm> &alarms() const { return m_alarms; }
    std::vector<alarms::StoredAlarm> alarmsOf(const std::string &stream) const;
    /// An alarm's last kChartPeriods datapoints, oldest first (empty until evaluated).
    std::vector<alarms::Datapoint> series(const std::string &name) const;
    core::Result<std::vector<alarms::HistoryItem>> history(const std::string &name, int limit);

    core::Result<void> put(const alarms::AlarmDefinition &alarm);
    /// AWS's recommended alarms for `stream` with its retention.
    core::Result<void> putRecommended(const std::string &stream, int retentionHours);
    core::Result<void> remove(const std::string &name);
    /// Evaluates every alarm now (and then each minute of engine time).
    void evaluateNow();
    /// Evaluations finished (tests wait on it).
    std::int64_t evaluations() const { return m_evaluations; }

  Q_SIGNALS:
    /// The alarms, their states or their datapoints changed.
    void changed();
    /// An alarm changed state (not on its first check).
    void stateChanged(const alarms::HistoryItem &item);

  private:
    void check();
    void reload();
    std::int64_t evaluationTime() const;

    StreamBackend &m_backend;
    EmbeddedEngine &m_engine;
    std::unique_ptr<alarms::AlarmRepository> m_repository;
    QTimer *m_timer;
    std::vector<alarms::StoredAlarm> m_alarms;
    std::map<std::string, std::vector<alarms::Datapoint>> m_series;
    std::int64_t m_lastMinute = -1;
    int m_pending = 0; ///< metric reads in flight
    bool m_again = false;
    std::int64_t m_evaluations = 0;
};

} // namespace shs::service
