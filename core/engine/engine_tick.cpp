// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
// Everything that happens because engine time passes: state transitions, resharding that
// completes, metrics seconds and minutes, usage for cost, retention and the expiry of closed
// shards, and on-demand autoscaling.
#include "engine_impl.h"

namespace shs::core {

namespace {
constexpr double kMsPerHour = 3600.0 * 1000.0;
constexpr double kGiB = 1024.0 * 1024.0 * 1024.0;
} // namespace

void Engine::Impl::accumulateUsage(Stream &s, std::int64_t t)
{
    if (s.usageMs == 0 || t < s.usageMs) {
        s.usageMs = t;
        if (s.usage.sinceMs == 0)
            s.usage.sinceMs = t;
        return;
    }
    const double hours = double(t - s.usageMs) / kMsPerHour;
    if (hours <= 0)
        return;
    const double open = double(s.openByStart.size());
    StreamUsage &u = s.usage;
    u.hours += hours;
    if (advantage)
        u.advantageHours += hours;
    if (s.mode == StreamMode::Provisioned) {
        u.shardHours += open * hours;
        if (s.retentionHours > 24)
            u.extendedRetentionShardHours += open * hours;
    } else {
        u.streamHours += hours;
        if (advantage)
            u.advantageStreamHours += hours;
    }
    // Stored data beyond 24 h (and beyond 7 days), estimated from the average write rate.
    const double bytesPerHour = u.hours > 0 ? double(u.bytesIn) / u.hours : 0;
    const double extendedHours = std::clamp(double(s.retentionHours) - 24.0, 0.0, 144.0);
    const double longTermHours = std::max(0.0, double(s.retentionHours) - 168.0);
    if (s.mode == StreamMode::OnDemand) {
        const double extended = bytesPerHour * extendedHours / kGiB * hours;
        u.extendedRetentionGbHours += extended;
        if (advantage)
            u.advantageExtendedRetentionGbHours += extended;
    }
    u.longTermRetentionGbHours += bytesPerHour * longTermHours / kGiB * hours;
    s.usageMs = t;
}

void Engine::Impl::rollMetrics(Stream &s, std::int64_t t)
{
    std::vector<MinutePoint> minutes;
    std::vector<MetricSample> seconds;
    s.metrics.roll(t, minutes, &seconds);
    for (auto &m : minutes) {
        m.streamUid = s.uid;
        m.shardIndex = kStreamTotals;
        batch.minutePoints.push_back(m);
    }
    for (const auto &sample : seconds) {
        s.usage.peakBytesInPerSecond
            = std::max(s.usage.peakBytesInPerSecond,
                       sample.values[static_cast<std::size_t>(Metric::IncomingBytes)]);
        s.usage.peakRecordsInPerSecond
            = std::max(s.usage.peakRecordsInPerSecond,
                       sample.values[static_cast<std::size_t>(Metric::IncomingRecords)]);
        s.usage.peakBytesOutPerSecond
            = std::max(s.usage.peakBytesOutPerSecond,
                       sample.values[static_cast<std::size_t>(Metric::OutgoingBytes)]);
    }
    for (auto &[idx, sh] : s.shards) {
        minutes.clear();
        sh.metrics.roll(t, minutes);
        for (auto &m : minutes) {
            m.streamUid = s.uid;
            m.shardIndex = idx;
            batch.minutePoints.push_back(m);
        }
        sh.hotKeys.roll(t);
    }
    // Persist usage and trim metric history (kept as long as the records, at least a day) once
    // per engine minute.
    const std::int64_t minute = t / 60000;
    if (minute != s.lastPersistMinute) {
        s.lastPersistMinute = minute;
        rowDirty.insert(s.uid);
        const std::int64_t keepMs = std::max<std::int64_t>(s.retentionMs(), 24LL * 3600 * 1000);
        batch.metricTrims.emplace_back(s.uid, (t - keepMs) / 60000);
    }
}

void Engine::Impl::expireClosedShards(Stream &s, std::int64_t t)
{
    // A closed shard whose every record is past retention is gone: no longer listed, its
    // storage freed. Its children keep naming it as their parent, as on AWS.
    std::vector<std::uint32_t> expired;
    for (const auto &[idx, sh] : s.shards)
        if (!sh.open() && sh.closedMs < t - s.retentionMs())
            expired.push_back(idx);
    if (expired.empty())
        return;
    for (auto idx : expired) {
        batch.deleteShards.push_back(s.shards.at(idx).uid);
        s.shards.erase(idx);
    }
    markDirty(s);
}

void Engine::flushMetrics()
{
    const std::int64_t t = d->now();
    for (auto &[name, sp] : d->streams) {
        Stream &s = *sp;
        std::vector<MinutePoint> minutes;
        s.metrics.flushMinute(t, minutes);
        for (auto &m : minutes) {
            m.streamUid = s.uid;
            m.shardIndex = Impl::kStreamTotals;
            d->batch.minutePoints.push_back(m);
        }
        for (auto &[idx, sh] : s.shards) {
            minutes.clear();
            sh.metrics.flushMinute(t, minutes);
            for (auto &m : minutes) {
                m.streamUid = s.uid;
                m.shardIndex = idx;
                d->batch.minutePoints.push_back(m);
            }
        }
        d->accumulateUsage(s, t);
        d->rowDirty.insert(s.uid);
    }
}

void Engine::tick()
{
    const std::int64_t t = d->now();
    d->commitmentInForce(); // a disable asked for earlier takes effect at its time
    std::vector<std::string> gone;
    for (auto &[name, sp] : d->streams) {
        Stream &s = *sp;
        if (s.status == StreamStatus::Creating && t - s.statusSinceMs >= d->config.createDelayMs) {
            s.status = StreamStatus::Active;
            s.statusSinceMs = t;
            d->markDirty(s);
        } else if (s.status == StreamStatus::Deleting
                   && t - s.statusSinceMs >= d->config.deleteDelayMs) {
            if (!d->failure)
                gone.push_back(name);
            continue;
        } else if (s.status == StreamStatus::Updating
                   && t - s.statusSinceMs >= d->config.updateDelayMs && !d->failure) {
            d->completePending(s, t);
        }
        d->rollMetrics(s, t);
        d->accumulateUsage(s, t);
        if (!d->failure) {
            d->trimRetention(s, t);
            d->expireClosedShards(s, t);
            d->autoscale(s, t);
        }
    }
    for (const auto &name : gone) {
        auto it = d->streams.find(name);
        d->batch.deleteStreams.push_back(it->second->uid);
        d->dirtyStreams.erase(it->second->uid);
        d->rowDirty.erase(it->second->uid);
        d->seqDirty.erase(it->second->uid);
        d->byUid.erase(it->second->uid);
        d->streams.erase(it);
        ++d->version;
    }
}

} // namespace shs::core
