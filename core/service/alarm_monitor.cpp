// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "alarm_monitor.h"

#include <QTimer>

#include <algorithm>
#include <set>

namespace shs::service {

AlarmMonitor::AlarmMonitor(StreamBackend &backend, EmbeddedEngine &engine,
                           std::unique_ptr<alarms::AlarmRepository> repository, QObject *parent)
    : QObject(parent), m_backend(backend), m_engine(engine), m_repository(std::move(repository)),
      m_timer(new QTimer(this))
{
    reload();
    connect(m_timer, &QTimer::timeout, this, &AlarmMonitor::check);
    m_timer->start(kCheckMs);
    QTimer::singleShot(0, this, &AlarmMonitor::evaluateNow);
}

AlarmMonitor::~AlarmMonitor() = default;

void AlarmMonitor::reload()
{
    if (auto all = m_repository->list())
        m_alarms = std::move(*all);
}

std::vector<alarms::StoredAlarm> AlarmMonitor::alarmsOf(const std::string &stream) const
{
    std::vector<alarms::StoredAlarm> out;
    for (const auto &a : m_alarms)
        if (a.definition.streamName == stream)
            out.push_back(a);
    return out;
}

std::vector<alarms::Datapoint> AlarmMonitor::series(const std::string &name) const
{
    auto it = m_series.find(name);
    return it == m_series.end() ? std::vector<alarms::Datapoint>() : it->second;
}

core::Result<std::vector<alarms::HistoryItem>> AlarmMonitor::history(const std::string &name,
                                                                     int limit)
{
    return m_repository->history(name, limit);
}

core::Result<void> AlarmMonitor::put(const alarms::AlarmDefinition &alarm)
{
    if (auto r = m_repository->put(alarm, m_backend.nowMs()); !r)
        return r;
    reload();
    Q_EMIT changed();
    evaluateNow();
    return {};
}

core::Result<void> AlarmMonitor::putRecommended(const std::string &stream, int retentionHours)
{
    for (const auto &a : alarms::recommendedAlarms(stream, retentionHours))
        if (auto r = m_repository->put(a, m_backend.nowMs()); !r)
            return r;
    reload();
    Q_EMIT changed();
    evaluateNow();
    return {};
}

core::Result<void> AlarmMonitor::remove(const std::string &name)
{
    if (auto r = m_repository->remove({name}); !r)
        return r;
    m_series.erase(name);
    reload();
    Q_EMIT changed();
    return {};
}

void AlarmMonitor::check()
{
    // Each minute, kSettleMs into it (CloudWatch evaluates a little after a period ends).
    const std::int64_t now = evaluationTime();
    if (now / 60'000 != m_lastMinute && now % 60'000 >= kSettleMs)
        evaluateNow();
}

std::int64_t AlarmMonitor::evaluationTime() const
{
    // Engine time, but no further than the minutes the engine has kept: when time jumps (or runs
    // fast) a minute can end before the tick that closes it has been committed.
    return std::min(m_backend.nowMs(), m_engine.metricsKeptThroughMs());
}

void AlarmMonitor::evaluateNow()
{
    if (m_pending > 0) {
        m_again = true; // once the reads in flight are answered
        return;
    }
    reload();
    const std::int64_t now = evaluationTime();
    m_lastMinute = now / 60'000;
    // One read per stream, reaching back as far as its longest alarm (or chart) needs.
    std::map<std::string, std::int64_t> lookback;
    for (const auto &a : m_alarms) {
        const std::int64_t back
            = std::max(alarms::lookbackMs(a.definition),
                       std::int64_t(a.definition.periodSeconds) * 1000 * (kChartPeriods + 1));
        auto &l = lookback[a.definition.streamName];
        l = std::max(l, back);
    }
    if (lookback.empty()) {
        ++m_evaluations;
        Q_EMIT changed();
        return;
    }
    m_pending = int(lookback.size());
    for (const auto &[stream, back] : lookback) {
        m_engine.metricHistory(
            {stream, {}}, now - back, now, this,
            [this, stream = stream, now](core::Result<std::vector<core::MinutePoint>> points) {
                // A deleted stream has no metrics: its alarms see missing data.
                const std::vector<core::MinutePoint> none;
                const auto &ps = points ? *points : none;
                for (const auto &a : m_alarms) {
                    if (a.definition.streamName != stream)
                        continue;
                    m_series[a.definition.name]
                        = alarms::datapoints(a.definition, ps, now, kChartPeriods);
                    auto changedState = alarms::evaluateAndRecord(*m_repository, a, ps, now);
                    if (changedState && *changedState
                        && (*changedState)->oldState != (*changedState)->newState)
                        Q_EMIT stateChanged(**changedState);
                }
                if (--m_pending > 0)
                    return;
                ++m_evaluations;
                reload();
                Q_EMIT changed();
                if (std::exchange(m_again, false))
                    evaluateNow();
            });
    }
}

} // namespace shs::service
