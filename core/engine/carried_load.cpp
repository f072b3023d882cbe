// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "carried_load.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace shs::core {

using namespace detail;

std::uint64_t CarriedLoad::add(std::uint64_t streamUid, std::string streamName,
                               double recordsPerSecond, std::int64_t dataBytes,
                               std::vector<Key> keys, std::int64_t fromMs, std::int64_t untilMs)
{
    const std::uint64_t id = m_nextId++;
    Source &src = m_sources[id];
    src.streamUid = streamUid;
    src.streamName = std::move(streamName);
    src.rate = recordsPerSecond;
    src.dataBytes = dataBytes;
    src.keys = std::move(keys);
    const double total = std::accumulate(src.keys.begin(), src.keys.end(), 0.0,
                                         [](double sum, const Key &k) { return sum + k.weight; });
    for (auto &k : src.keys)
        k.weight /= total;
    src.playedMs = fromMs;
    src.untilMs = untilMs;
    src.rng.seed(id);
    refreshNext();
    return id;
}

bool CarriedLoad::update(std::uint64_t id, double recordsPerSecond, std::int64_t untilMs,
                         std::int64_t nowMs)
{
    auto it = m_sources.find(id);
    if (it == m_sources.end())
        return false;
    Source &src = it->second;
    src.rate = recordsPerSecond;
    // A lapsed source has played up to its old end; the time since had no load and is not owed.
    src.playedMs = std::max(src.playedMs, nowMs);
    src.untilMs = untilMs;
    refreshNext();
    return true;
}

bool CarriedLoad::remove(std::uint64_t id)
{
    const bool removed = m_sources.erase(id) > 0;
    refreshNext();
    return removed;
}

const CarriedCounts *CarriedLoad::counts(std::uint64_t id) const
{
    auto it = m_sources.find(id);
    return it == m_sources.end() ? nullptr : &it->second.counts;
}

std::pair<std::uint64_t, std::string> CarriedLoad::streamOf(std::uint64_t id) const
{
    auto it = m_sources.find(id);
    if (it == m_sources.end())
        return {0, {}};
    return {it->second.streamUid, it->second.streamName};
}

void CarriedLoad::refreshNext()
{
    m_nextSliceMs = INT64_MAX;
    for (const auto &[id, src] : m_sources)
        if (src.playedMs < src.untilMs)
            m_nextSliceMs = std::min(m_nextSliceMs, src.playedMs);
}

void CarriedLoad::play(std::int64_t t, StreamRegistry &streams, const Context &context)
{
    // One slice at a time, always the earliest, so that time only moves forward.
    const std::int64_t sliceMs = t - m_nextSliceMs > kCatchUpMs ? 1000 : kSliceMs;
    while (due(t)) {
        Source *next = nullptr;
        for (auto &[id, src] : m_sources)
            if (src.playedMs < src.untilMs && (!next || src.playedMs < next->playedMs))
                next = &src;
        playSlice(*next, sliceMs, streams, context);
        refreshNext();
    }
}

void CarriedLoad::route(Source &src, const Stream &s)
{
    src.routedFor = s.openByStart;
    src.autoRouted = s.settings.autoDistribution;
    std::vector<ShardShare> shards(s.openByStart.size());
    std::map<std::uint32_t, std::size_t> position;
    for (std::size_t i = 0; i < s.openByStart.size(); ++i) {
        shards[i].index = s.openByStart[i];
        position[s.openByStart[i]] = i;
    }
    // Which keys each shard takes, and with what share of the source's records.
    std::vector<std::vector<std::pair<std::size_t, double>>> taken(shards.size());
    for (std::size_t k = 0; k < src.keys.size(); ++k) {
        const Key &key = src.keys[k];
        if (src.autoRouted) { // every shard takes its equal part of every key
            for (auto &list : taken)
                list.emplace_back(k, key.weight / double(shards.size()));
            continue;
        }
        auto idx = s.router.route(key.hash);
        if (idx)
            taken[position.at(*idx)].emplace_back(k, key.weight);
    }
    for (std::size_t i = 0; i < shards.size(); ++i) {
        ShardShare &sh = shards[i];
        auto &list = taken[i];
        double keyBytes = 0;
        for (const auto &[k, w] : list) {
            sh.share += w;
            keyBytes += w * double(src.keys[k].partitionKey.size());
        }
        sh.bytes = src.dataBytes
                   + (sh.share > 0 ? std::llround(keyBytes / sh.share)
                                   : std::int64_t(src.keys.front().partitionKey.size()));
        std::stable_sort(list.begin(), list.end(),
                         [](const auto &a, const auto &b) { return a.second > b.second; });
        double cumulative = 0;
        for (const auto &[k, w] : list) {
            cumulative += w;
            sh.keyAt.push_back(k);
            sh.keyCdf.push_back(cumulative);
            if (sh.hot.size() < kHotKeysPerShard) {
                sh.hot.push_back(k);
                sh.hotShare.push_back(w / sh.share);
                sh.hotDue.push_back(0);
            }
        }
    }
    src.shards = std::move(shards);
}

void CarriedLoad::playSlice(Source &src, std::int64_t sliceMs, StreamRegistry &streams,
                            const Context &context)
{
    const std::int64_t t = src.playedMs;
    const std::int64_t end = std::min((t / sliceMs + 1) * sliceMs, src.untilMs);
    const bool secondEnds = end % 1000 == 0 || end == src.untilMs;
    src.playedMs = end;
    Stream *s = streams.byUid(src.streamUid);
    if (!context.writable || !s
        || (s->status != StreamStatus::Active && s->status != StreamStatus::Updating))
        return; // no stream to take the load (Engine::carry says so to the source's owner)
    if (src.routedFor != s->openByStart || src.autoRouted != s->settings.autoDistribution)
        route(src, *s);
    src.due += src.rate * double(end - t) / 1000.0;
    const auto records = static_cast<std::int64_t>(src.due);
    src.due -= double(records);
    for (ShardShare &share : src.shards) {
        share.due += double(records) * share.share;
        const auto offered = static_cast<std::int64_t>(share.due);
        share.due -= double(offered);
        if (offered <= 0)
            continue;
        Shard &sh = s->shards.at(share.index);
        const std::int64_t accepted = sh.throttle.tryWriteMany(offered, share.bytes, t);
        const std::int64_t throttled = offered - accepted;
        src.counts.accepted += accepted;
        src.counts.throttled += throttled;
        if (throttled > 0)
            countThrottledWrites(*s, sh, throttled, t);
        if (!context.metrics || accepted <= 0)
            continue;
        countIncoming(*s, sh, accepted, accepted * share.bytes, t);
        // The heaviest keys go to the sketch once a second (what the minute's ranking needs).
        for (std::size_t i = 0; i < share.hot.size(); ++i) {
            share.hotDue[i] += double(accepted) * share.hotShare[i];
            if (!secondEnds)
                continue;
            const auto n = static_cast<std::int64_t>(share.hotDue[i]);
            share.hotDue[i] -= double(n);
            if (n > 0)
                sh.hotKeys.add(src.keys[share.hot[i]].partitionKey, n, t);
        }
        // The scaler splits at the median of recent hash keys: a few drawn by weight.
        std::uniform_real_distribution<double> unit(0.0, share.share);
        for (std::int64_t i = 0; i < std::min(accepted, kKeysNotedPerSlice); ++i) {
            if (src.autoRouted) {
                sh.keys.note(sh.range.start.plus(sh.range.end.minus(sh.range.start).dividedBy(2)));
                continue;
            }
            const auto at
                = std::lower_bound(share.keyCdf.begin(), share.keyCdf.end(), unit(src.rng));
            const std::size_t pos = std::min<std::size_t>(std::size_t(at - share.keyCdf.begin()),
                                                          share.keyAt.size() - 1);
            sh.keys.note(src.keys[share.keyAt[pos]].hash);
        }
        s->usage.countWrites(share.bytes, accepted, context.advantage);
    }
}

} // namespace shs::core
