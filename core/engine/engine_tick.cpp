// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
// Everything that happens because engine time passes: state transitions, resharding that
// completes, metrics seconds and minutes, usage for cost, retention and the expiry of closed
// shards, and on-demand autoscaling.
#include "engine_impl.h"

namespace shs::core {

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
    s.usage.notePeaks(seconds);
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
        // Record counts too, so that loading counts at most a minute of records per shard.
        for (auto &[idx, sh] : s.shards)
            if (sh.recordCount != sh.persistedCount) {
                markShardDirty(s, idx);
                sh.persistedCount = sh.recordCount;
            }
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
    for (auto &[name, sp] : d->registry) {
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
    for (auto &[name, sp] : d->registry) {
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
        if (s.consumers.advance(t, d->config.createDelayMs, d->config.deleteDelayMs))
            d->markDirty(s);
        d->rollMetrics(s, t);
        d->accumulateUsage(s, t);
        if (!d->failure) {
            d->trimRetention(s, t);
            d->expireClosedShards(s, t);
            d->autoscale(s, t);
        }
    }
    for (const auto &name : gone) {
        const std::uint64_t uid = d->registry.find(name)->uid;
        d->batch.deleteStreams.push_back(uid);
        d->dirtyStreams.erase(uid);
        d->rowDirty.erase(uid);
        d->seqDirty.erase(uid);
        d->subscriptions.forget(uid);
        d->readers.forget(uid);
        d->registry.remove(name);
        ++d->version;
    }
}

} // namespace shs::core
