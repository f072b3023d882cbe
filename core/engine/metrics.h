// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Per-second metrics on engine time, named after CloudWatch's AWS/Kinesis metrics
// (workbench-peers.md §2.3): per shard IncomingBytes, IncomingRecords, OutgoingBytes,
// OutgoingRecords, WriteProvisionedThroughputExceeded, ReadProvisionedThroughputExceeded,
// IteratorAgeMilliseconds (max), plus GetRecords calls, and per stream the PutRecords.Success
// count and PutRecords/GetRecords latency (durable acknowledgement). Kept in bounded rings for the
// live view (kShardSeconds per shard) and summed into 1-minute points persisted for history.
//
// HotKeySketch: Space-Saving top-k over the partition keys of the current minute (bounded: k
// counters, guaranteed to hold every key above 1/k of the traffic, with its overestimate).
//
// Thread safety: value types and single-owner accumulators (the engine's).
#include "hash_key.h"

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace shs::core {

enum class Metric : int {
    IncomingBytes,
    IncomingRecords,
    OutgoingBytes,
    OutgoingRecords,
    WriteProvisionedThroughputExceeded,
    ReadProvisionedThroughputExceeded,
    IteratorAgeMilliseconds, // max over the interval
    GetRecordsCalls,
    // Stream totals only (measured by the host from request to answer):
    PutRecordsSuccess,          // PutRecord and PutRecords calls answered ok
    PutRecordsLatencySumMicros, // average = sum / PutRecordsSuccess
    PutRecordsLatencyMaxMicros,
    GetRecordsLatencyMaxMicros,
    PutRecordsFailedCalls, // PutRecord calls refused, PutRecords calls that stored no record
    Count
};
inline constexpr int kMetricCount = static_cast<int>(Metric::Count);
/// The shardIndex of a stream's own (stream-total) minute points.
inline constexpr std::uint32_t kStreamTotalsShard = 0xFFFFFFFFu;
const char *metricName(Metric m);
/// Metrics that aggregate by maximum rather than by sum.
bool isMaxMetric(Metric m);

using MetricValues = std::array<std::int64_t, kMetricCount>;

struct MetricSample
{
    std::int64_t second = 0; ///< engine time, epoch seconds
    MetricValues values{};
};

struct MinutePoint
{
    std::uint64_t streamUid = 0;
    std::uint32_t shardIndex = 0;
    std::int64_t minute = 0; ///< engine time, epoch minutes
    MetricValues values{};
};

/// What a shard holds now: its records (exact; -1 where the service does not say, as Kinesis
/// never does) and the arrival times of the oldest and newest (0 when it holds none). The oldest
/// plus the stream's retention is when trimming next takes records from the shard.
struct ShardHoldings
{
    std::int64_t records = -1;
    std::int64_t oldestMs = 0;
    std::int64_t newestMs = 0;
    bool operator==(const ShardHoldings &) const = default;
};

struct HotKey
{
    std::string partitionKey;
    std::int64_t count = 0;
    std::int64_t overestimate = 0; ///< count - overestimate <= true count <= count
};

/// What a carried load (carried_load.h) offered so far.
struct CarriedCounts
{
    std::int64_t accepted = 0;  ///< admitted by the shards' limits and counted
    std::int64_t throttled = 0; ///< refused as ProvisionedThroughputExceeded would be
};

class HotKeySketch
{
  public:
    explicit HotKeySketch(std::size_t capacity = 32) : m_capacity(capacity) {}
    void add(std::string_view key, std::int64_t weight = 1);
    /// The k heaviest, heaviest first.
    std::vector<HotKey> top(std::size_t k) const;
    void clear() { m_entries.clear(); }
    std::int64_t total() const { return m_total; }

  private:
    std::size_t m_capacity;
    std::vector<HotKey> m_entries;
    std::int64_t m_total = 0;
};

/// The heaviest partition keys of the minute in progress and of the last complete minute, on
/// the caller's time: the one minute roll of the engine's shards and of the remote backend's
/// traffic. The last minute is empty when a whole minute passed with no roll (nothing was written
/// in it, so nothing was hot).
class MinuteHotKeys
{
  public:
    explicit MinuteHotKeys(std::size_t capacity = 32) : m_now(capacity) {}
    /// Counts `key` in the minute of `nowMs` (closing an earlier minute first).
    void add(std::string_view key, std::int64_t weight, std::int64_t nowMs)
    {
        roll(nowMs);
        m_now.add(key, weight);
    }
    /// Closes the minute in progress if `nowMs` falls in a later one.
    void roll(std::int64_t nowMs);
    /// The k heaviest of the minute in progress, heaviest first.
    std::vector<HotKey> current(std::size_t k = 10) const { return m_now.top(k); }
    /// The ten heaviest of the last complete minute.
    const std::vector<HotKey> &lastMinute() const { return m_last; }

  private:
    HotKeySketch m_now;
    std::vector<HotKey> m_last;
    std::int64_t m_minute = -1;
};

/// One shard's (or stream's) counters: the second in progress, a ring of completed seconds and
/// the minute in progress.
class MetricsAccumulator
{
  public:
    static constexpr std::size_t kShardSeconds = 180;

    void add(Metric m, std::int64_t v, std::int64_t nowMs);
    void max(Metric m, std::int64_t v, std::int64_t nowMs);
    /// Closes every second (and minute) before `nowMs`. Completed minutes with any traffic are
    /// appended to `minutes` (with shard identity filled by the caller).
    void roll(std::int64_t nowMs, std::vector<MinutePoint> &minutes,
              std::vector<MetricSample> *completedSeconds = nullptr);
    /// Emits the minute in progress (including the second in progress) so far, and starts it
    /// afresh: at shutdown, so that history is not lost; the store adds the rest later.
    void flushMinute(std::int64_t nowMs, std::vector<MinutePoint> &minutes);
    /// The last `n` completed seconds, oldest first (missing seconds are zeros).
    std::vector<MetricSample> recent(std::size_t n, std::int64_t nowMs) const;
    const MetricValues &currentSecond() const { return m_second; }

  private:
    void ensureStarted(std::int64_t nowMs);
    /// Closes every second and minute before `nowMs` into m_closedMinutes / m_closedSeconds.
    void advanceTo(std::int64_t nowMs);
    std::vector<MinutePoint> m_closedMinutes;
    std::vector<MetricSample> m_closedSeconds;
    std::int64_t m_secondStart = -1; // epoch seconds of m_second
    MetricValues m_secondFlushed{};  // part of m_second already emitted by flushMinute()
    MetricValues m_second{};
    std::int64_t m_minuteStart = -1; // epoch minutes of m_minute
    MetricValues m_minute{};
    bool m_minuteHasData = false;
    std::array<MetricSample, kShardSeconds> m_ring{};
    std::size_t m_ringCount = 0;
    std::size_t m_ringNext = 0;
};

/// Usage that cost is computed from (accumulated on engine time, persisted per stream).
struct StreamUsage
{
    double hours = 0;                       ///< the stream's existence, either mode
    double shardHours = 0;                  ///< provisioned: open shards x hours
    double streamHours = 0;                 ///< on-demand: hours in on-demand mode
    double extendedRetentionShardHours = 0; ///< provisioned, retention 25..168 h
    double extendedRetentionGbHours
        = 0; ///< on-demand, data held between 24 h and 7 days (estimated)
    double longTermRetentionGbHours = 0; ///< data held beyond 7 days (estimated)
    std::int64_t putPayloadUnits = 0;    ///< 25 KiB units
    std::int64_t bytesIn = 0;
    std::int64_t onDemandBilledBytesIn = 0; ///< each record rounded up to 1 KiB
    std::int64_t bytesOut = 0;
    std::int64_t records = 0;
    std::int64_t peakBytesInPerSecond = 0;
    std::int64_t peakRecordsInPerSecond = 0;
    std::int64_t peakBytesOutPerSecond = 0;
    std::int64_t sinceMs = 0; ///< when counting began
    /// The parts of the above that accrued while the account's minimum throughput billing
    /// commitment (On-demand Advantage) was in force, which on-demand prices differently.
    double advantageHours = 0;
    double advantageStreamHours = 0;
    double advantageExtendedRetentionGbHours = 0;
    std::int64_t advantageBilledBytesIn = 0;
    std::int64_t advantageBytesOut = 0;

    std::string encode() const;
    static StreamUsage decode(const std::string &text);
};

/// Prices per unit, editable. Defaults: us-east-1 list prices as published by AWS in 2025.
struct PriceTable
{
    std::string region = "us-east-1";
    double shardHour = 0.015;
    double putPayloadUnitsPerMillion = 0.014;
    double extendedRetentionShardHour = 0.02;
    double longTermRetentionGbMonth = 0.023;
    double onDemandStreamHour = 0.04;
    double onDemandDataInPerGb = 0.08;
    double onDemandDataOutPerGb = 0.04;
    double onDemandExtendedRetentionGbMonth = 0.10;
    /// On-demand Advantage: no stream-hour charge, and data in, out and extended retention "at
    /// least 60 % lower" than On-demand Standard (AWS's mode guide); the defaults are 60 % lower.
    double advantageDataInPerGb = 0.032;
    double advantageDataOutPerGb = 0.016;
    double advantageExtendedRetentionGbMonth = 0.04;

    /// "key=value" lines (the keys are the member names above); unknown keys are an error.
    static bool parse(const std::string &text, PriceTable &out, std::string *error);
    std::string encode() const;
};

struct CostLine
{
    std::string item;
    double quantity = 0;
    std::string unit;
    double dollars = 0;
};

struct CostEstimate
{
    std::string mode; ///< "PROVISIONED" or "ON_DEMAND"
    std::vector<CostLine> lines;
    double total = 0;
    int shardsAssumed = 0; ///< for a provisioned what-if: shards needed for the observed peak
};

/// What `usage` costs in provisioned mode. `whatIf`: the usage was recorded in on-demand mode,
/// so price the shards a provisioned stream would need for the observed per-second peak.
CostEstimate provisionedCost(const StreamUsage &usage, const PriceTable &prices, bool whatIf);
/// What `usage` costs in on-demand mode (`whatIf`: it was recorded in provisioned mode, so every
/// hour of the stream is an on-demand stream-hour). Usage under the commitment is billed at the
/// Advantage prices, with no stream-hours.
CostEstimate onDemandCost(const StreamUsage &usage, const PriceTable &prices, bool whatIf);

} // namespace shs::core
