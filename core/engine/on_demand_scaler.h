// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// OnDemandScaler: on-demand capacity (kinesis-api.md §5.2), one per stream. It keeps what the
// decisions need — the stream's write peak of the last 30 days and its last split or merge, each
// shard's recent hash keys and last split — and decides; the engine applies the split or merge it
// names (engine_reshard.cpp) and reports back with scaled().
//
//  - wanted(): room for twice the previous peak, never below the minimum or the warm throughput.
//  - nextSplit(): the hottest open shard (write load as a share of the "aws" limit, plus one if it
//    was throttled in the last second) while the stream wants more shards or the shard runs over
//    half its limit, at the median of the keys it received (so skewed traffic gets an uneven
//    split; the midpoint when the median cannot split), each shard at most once per 10 s.
//  - nextMerge(): after the cool-down, two neighbours together under 25 % of one shard, while more
//    shards are open than wanted.
//
// Thread safety: not thread-safe; owned by the engine.
#include "hash_key_range.h"
#include "metrics.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace shs::core {

/// One shard's recent hash keys (a ring) and its last on-demand split.
class ShardKeySample final
{
  public:
    void note(HashKey key);
    /// The median of the recent keys inside `range`, if at least 16 are.
    std::optional<HashKey> medianIn(const HashKeyRange &range) const;
    std::int64_t lastSplitMs = 0;

  private:
    static constexpr std::size_t kKeys = 1024;
    std::vector<HashKey> m_keys;
    std::size_t m_next = 0;
};

class OnDemandScaler final
{
  public:
    struct Config
    {
        int minShards = 4;
        std::int64_t peakWindowMs = 30LL * 24 * 3600 * 1000;
        std::int64_t scaleDownAfterMs = 15 * 60 * 1000;
    };
    /// What the scaler sees of an open shard.
    struct OpenShard
    {
        std::uint32_t index = 0;
        HashKeyRange range;
        std::int64_t createdMs = 0;
        const MetricsAccumulator *metrics = nullptr;
        const ShardKeySample *keys = nullptr;
    };
    struct Split
    {
        std::uint32_t index = 0;
        HashKey at;        ///< the new shard's starting hash key
        bool more = false; ///< fewer shards were open than wanted: ask again after this one
    };

    /// Takes the peak of the stream's last seconds (`totals`) and returns the open shards the
    /// stream should have at `nowMs`.
    int wanted(const MetricsAccumulator &totals, std::int64_t nowMs, const Config &config,
               int warmShards);
    /// The next shard to split, given the open shards sorted by range start.
    std::optional<Split> nextSplit(const std::vector<OpenShard> &open, int wanted,
                                   std::int64_t nowMs) const;
    /// The next neighbours to merge (indexes, lower range first).
    std::optional<std::pair<std::uint32_t, std::uint32_t>>
    nextMerge(const std::vector<OpenShard> &open, int wanted, std::int64_t nowMs,
              const Config &config) const;
    /// A split or merge was applied (or the stream was scaled otherwise) at `nowMs`.
    void scaled(std::int64_t nowMs) { m_lastScaleMs = nowMs; }

    /// The previous peak the stream keeps room for (twice over), and when it was last reached.
    struct Peak
    {
        std::int64_t writeBytesPerSecond = 0;
        std::int64_t writeRecordsPerSecond = 0;
        std::int64_t atMs = 0;
    };
    Peak peak() const { return {m_peakWriteBytes, m_peakWriteRecords, m_peakAtMs}; }
    std::int64_t lastScaleMs() const { return m_lastScaleMs; }
    /// The shards `peak` asks for: room for twice it, never below the minimum or the warm shards.
    static int shardsFor(const Peak &peak, const Config &config, int warmShards);

    /// Persisted with the stream's history: "peak B R AT last T".
    std::string encode() const;
    /// Reads the words after "peak" or "last" from `in` (the history text's reader).
    void decodeWord(const std::string &word, std::istream &in);

  private:
    std::int64_t m_peakWriteBytes = 0; ///< the previous peak (bytes/s, records/s) and its time
    std::int64_t m_peakWriteRecords = 0;
    std::int64_t m_peakAtMs = 0;
    std::int64_t m_lastScaleMs = 0; ///< the last split or merge
};

} // namespace shs::core
