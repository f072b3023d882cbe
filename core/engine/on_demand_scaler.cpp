// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "on_demand_scaler.h"

#include "throughput_limiter.h"

#include <algorithm>
#include <cmath>
#include <istream>
#include <sstream>

namespace shs::core {

namespace {
constexpr std::size_t kWindow = 5; ///< the write rate over the last 5 complete seconds

double average(const MetricsAccumulator &m, Metric metric, std::int64_t t)
{
    std::int64_t sum = 0;
    for (const auto &sample : m.recent(kWindow, t))
        sum += sample.values[static_cast<std::size_t>(metric)];
    return double(sum) / double(kWindow);
}
} // namespace

void ShardKeySample::note(HashKey key)
{
    if (m_keys.size() < kKeys)
        m_keys.push_back(key);
    else
        m_keys[m_next] = key;
    m_next = (m_next + 1) % kKeys;
}

std::optional<HashKey> ShardKeySample::medianIn(const HashKeyRange &range) const
{
    std::vector<HashKey> keys;
    for (const auto &k : m_keys)
        if (range.contains(k))
            keys.push_back(k);
    if (keys.size() < 16)
        return std::nullopt;
    std::nth_element(keys.begin(), keys.begin() + std::ptrdiff_t(keys.size() / 2), keys.end());
    return keys[keys.size() / 2];
}

int OnDemandScaler::wanted(const MetricsAccumulator &totals, std::int64_t t, const Config &config,
                           int warmShards)
{
    std::int64_t secondBytes = 0, secondRecords = 0;
    for (const auto &sample : totals.recent(kWindow, t)) {
        secondBytes
            = std::max(secondBytes, sample.values[static_cast<std::size_t>(Metric::IncomingBytes)]);
        secondRecords = std::max(secondRecords,
                                 sample.values[static_cast<std::size_t>(Metric::IncomingRecords)]);
    }
    if (t - m_peakAtMs > config.peakWindowMs) {
        m_peakWriteBytes = 0;
        m_peakWriteRecords = 0;
    }
    if (secondBytes >= m_peakWriteBytes || secondRecords >= m_peakWriteRecords) {
        m_peakWriteBytes = std::max(m_peakWriteBytes, secondBytes);
        m_peakWriteRecords = std::max(m_peakWriteRecords, secondRecords);
        m_peakAtMs = t;
    }
    return shardsFor(peak(), config, warmShards);
}

int OnDemandScaler::shardsFor(const Peak &peak, const Config &config, int warmShards)
{
    const LimitsProfile aws = LimitsProfile::aws();
    // Room for twice the previous peak.
    return std::max(
        {config.minShards, warmShards,
         int(std::ceil(2.0 * double(peak.writeBytesPerSecond) / double(aws.writeBytesPerSecond))),
         int(std::ceil(2.0 * double(peak.writeRecordsPerSecond)
                       / double(aws.writeRecordsPerSecond)))});
}

std::optional<OnDemandScaler::Split> OnDemandScaler::nextSplit(const std::vector<OpenShard> &open,
                                                               int wanted, std::int64_t t) const
{
    const LimitsProfile aws = LimitsProfile::aws();
    const double shardBytes = double(aws.writeBytesPerSecond);
    const double shardRecords = double(aws.writeRecordsPerSecond);
    const OpenShard *hottest = nullptr;
    double hottestLoad = 0;
    for (const auto &sh : open) {
        if (t - sh.createdMs < 1000 || t - sh.keys->lastSplitMs < 10'000)
            continue;
        const bool throttled
            = sh.metrics->recent(kWindow, t)
                  .back()
                  .values[static_cast<std::size_t>(Metric::WriteProvisionedThroughputExceeded)]
              > 0;
        const double load
            = std::max(average(*sh.metrics, Metric::IncomingBytes, t) / shardBytes,
                       average(*sh.metrics, Metric::IncomingRecords, t) / shardRecords)
              + (throttled ? 1.0 : 0.0);
        if (load > hottestLoad) {
            hottestLoad = load;
            hottest = &sh;
        }
    }
    const bool needMore = int(open.size()) < wanted;
    if (!hottest || (!needMore && hottestLoad < 0.5))
        return std::nullopt;
    const HashKeyRange &r = hottest->range;
    HashKey at = r.start.plus(r.end.minus(r.start).dividedBy(2)).plusOne();
    if (const auto median = hottest->keys->medianIn(r);
        median && *median > r.start.plusOne() && *median < r.end)
        at = *median;
    if (!(at > r.start.plusOne() && at < r.end))
        return std::nullopt; // too narrow to split
    return Split{hottest->index, at, needMore};
}

std::optional<std::pair<std::uint32_t, std::uint32_t>>
OnDemandScaler::nextMerge(const std::vector<OpenShard> &open, int wanted, std::int64_t t,
                          const Config &config) const
{
    if (t - m_lastScaleMs < config.scaleDownAfterMs || int(open.size()) <= wanted)
        return std::nullopt;
    const double shardBytes = double(LimitsProfile::aws().writeBytesPerSecond);
    for (std::size_t i = 0; i + 1 < open.size(); ++i) {
        const OpenShard &a = open[i];
        const OpenShard &b = open[i + 1];
        const double load = (average(*a.metrics, Metric::IncomingBytes, t)
                             + average(*b.metrics, Metric::IncomingBytes, t))
                            / shardBytes;
        if (load < 0.25 && t - a.createdMs >= config.scaleDownAfterMs
            && t - b.createdMs >= config.scaleDownAfterMs)
            return std::pair(a.index, b.index);
    }
    return std::nullopt;
}

std::string OnDemandScaler::encode() const
{
    std::ostringstream o;
    o << "peak " << m_peakWriteBytes << ' ' << m_peakWriteRecords << ' ' << m_peakAtMs << " last "
      << m_lastScaleMs;
    return o.str();
}

void OnDemandScaler::decodeWord(const std::string &word, std::istream &in)
{
    if (word == "peak")
        in >> m_peakWriteBytes >> m_peakWriteRecords >> m_peakAtMs;
    else if (word == "last")
        in >> m_lastScaleMs;
}

} // namespace shs::core
