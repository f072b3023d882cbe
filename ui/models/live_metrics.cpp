// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "live_metrics.h"

#include <algorithm>

namespace shs::ui {

using core::Metric;

LiveMetrics::LiveMetrics(service::StreamBackend &backend, QObject *parent)
    : QObject(parent), m_backend(backend)
{}

void LiveMetrics::append(Ring &ring, std::int64_t second, const core::MetricValues &values)
{
    if (!ring.samples.empty() && ring.samples.back().second >= second)
        return;
    ring.samples.push_back({second, values});
    while (ring.samples.size() > std::size_t(kSeconds))
        ring.samples.pop_front();
}

void LiveMetrics::setFocus(const QString &stream)
{
    if (stream == m_focus)
        return;
    m_focus = stream;
    m_totals = {};
    m_shards.clear();
    m_order.clear();
    m_needBackfill = !stream.isEmpty();
    if (m_needBackfill)
        backfill();
}

void LiveMetrics::applyFrame(const service::MetricsFramePtr &frame)
{
    if (!frame)
        return;
    m_rates.clear();
    m_frameSecond = frame->second;
    for (const auto &s : frame->streams)
        m_rates[s.name] = {double(s.totals[int(Metric::IncomingRecords)]),
                           double(s.totals[int(Metric::IncomingBytes)])};
    const bool gap = m_lastSecond >= 0 && frame->second > m_lastSecond + 1;
    m_lastSecond = std::max(m_lastSecond, frame->second);
    const std::string focus = m_focus.toStdString();
    for (const auto &s : frame->streams) {
        if (s.name != focus)
            continue;
        if (gap
            || (!m_totals.samples.empty() && frame->second > m_totals.samples.back().second + 1))
            m_needBackfill = true;
        append(m_totals, frame->second, s.totals);
        m_order.clear();
        for (const auto &sh : s.shards) {
            Ring &ring = m_shards[sh.shardId];
            ring.open = sh.open;
            ring.holdings = sh.holdings;
            append(ring, frame->second, sh.values);
            m_order.push_back(sh.shardId);
        }
        // Shards no longer listed (expired) leave.
        for (auto it = m_shards.begin(); it != m_shards.end();)
            it = std::find(m_order.begin(), m_order.end(), it->first) == m_order.end()
                     ? m_shards.erase(it)
                     : std::next(it);
    }
    if (m_needBackfill)
        backfill();
    Q_EMIT updated();
}

void LiveMetrics::backfill()
{
    if (m_backfilling || m_focus.isEmpty())
        return;
    m_backfilling = true;
    m_needBackfill = false;
    const QString stream = m_focus;
    core::StreamRef ref;
    ref.name = stream.toStdString();
    m_backend.recentMetrics(
        std::move(ref), kSeconds, this, [this, stream](core::Result<service::MetricsWindow> r) {
            m_backfilling = false;
            if (stream != m_focus)
                return backfill(); // the focus moved on meanwhile
            if (!r)
                return;
            // The engine's rings are authoritative; keep any newer seconds the frames brought
            // since.
            auto merge = [](Ring &ring, const std::vector<core::MetricSample> &history) {
                std::deque<core::MetricSample> merged(history.begin(), history.end());
                const std::int64_t last = merged.empty() ? -1 : merged.back().second;
                for (const auto &s : ring.samples)
                    if (s.second > last)
                        merged.push_back(s);
                while (merged.size() > std::size_t(kSeconds))
                    merged.pop_front();
                ring.samples = std::move(merged);
            };
            const auto &w = r.value();
            merge(m_totals, w.stream);
            std::vector<std::string> order;
            std::map<std::string, Ring> shards;
            for (const auto &sh : w.shards) {
                Ring ring = m_shards.count(sh.shardId) ? m_shards[sh.shardId] : Ring{};
                ring.open = sh.open;
                ring.holdings = sh.holdings;
                merge(ring, sh.samples);
                shards[sh.shardId] = std::move(ring);
                order.push_back(sh.shardId);
            }
            m_shards = std::move(shards);
            m_order = std::move(order);
            if (!w.stream.empty())
                m_lastSecond = std::max(m_lastSecond, w.stream.back().second);
            if (m_needBackfill)
                backfill();
            Q_EMIT updated();
        });
}

service::MetricsWindow LiveMetrics::window(int seconds) const
{
    service::MetricsWindow w;
    w.streamName = m_focus.toStdString();
    const std::int64_t last = m_lastSecond;
    w.nowMs = (last + 1) * 1000;
    if (last < 0 || m_focus.isEmpty())
        return w;
    const std::int64_t first = last - seconds + 1;
    auto fill = [first, last](const Ring &ring) {
        std::vector<core::MetricSample> out;
        out.reserve(std::size_t(last - first + 1));
        auto it = std::lower_bound(
            ring.samples.begin(), ring.samples.end(), first,
            [](const core::MetricSample &s, std::int64_t sec) { return s.second < sec; });
        for (std::int64_t sec = first; sec <= last; ++sec) {
            if (it != ring.samples.end() && it->second == sec) {
                out.push_back(*it);
                ++it;
            } else {
                out.push_back({sec, {}});
            }
        }
        return out;
    };
    w.stream = fill(m_totals);
    for (const auto &id : m_order) {
        const auto it = m_shards.find(id);
        if (it == m_shards.end())
            continue;
        service::ShardMetrics sh;
        sh.shardId = id;
        sh.open = it->second.open;
        sh.samples = fill(it->second);
        sh.holdings = it->second.holdings;
        w.shards.push_back(std::move(sh));
    }
    return w;
}

core::ShardHoldings LiveMetrics::holdings(const std::string &shardId) const
{
    const auto it = m_shards.find(shardId);
    return it == m_shards.end() ? core::ShardHoldings{} : it->second.holdings;
}

std::map<std::string, std::pair<double, double>> LiveMetrics::streamRates() const
{
    return m_rates;
}

} // namespace shs::ui
