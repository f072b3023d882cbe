// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// CarriedLoad: write load that a generator carries rather than stores — a teaching device for
// rates beyond what this machine can store record by record, most of all with engine time sped
// up (no Kinesis operation; Engine::startCarrying). A source is a rate of records of one size
// over a weighted mix of partition keys, on one stream, until an engine time that its owner
// keeps extending (so a source whose owner went away stops by itself).
//
// The engine plays the sources as its time advances, before anything else happens at a later
// time (Engine::Impl::now()), in slices of kSliceMs (whole seconds when time jumped further than
// kCatchUpMs) aligned to the engine clock: a slice's
// records are split among the open shards by their keys' MD5 (round robin under the AUTO
// distribution), admitted or throttled by each shard's write limits at the slice's start, and
// counted in the metrics, the hot keys (each shard's kHotKeysPerShard heaviest keys, once an
// engine second), the
// on-demand scaler's key sample and the usage for cost — exactly where PutRecords entries are
// counted. They are not stored: no sequence numbers, nothing to read.
//
// Invariants: a source plays each slice once, in engine-time order across all sources, never
// beyond its untilMs, so metrics and token buckets only ever see time move forward; shares are
// split with carried remainders, so over time a source offers rate × time records (to within a
// record per shard) and accepted + throttled counts them all.
// Thread safety: not thread-safe; owned by the engine.
#include "stream_registry.h"

#include <cstdint>
#include <map>
#include <random>
#include <string>
#include <utility>
#include <vector>

namespace shs::core {

class CarriedLoad final
{
  public:
    static constexpr std::int64_t kSliceMs = 250;
    /// Time that passed in a jump longer than this (engine time sped up past ~200×) is played in
    /// whole seconds: the metrics keep their seconds at a quarter of the cost.
    static constexpr std::int64_t kCatchUpMs = 10'000;
    static constexpr std::size_t kHotKeysPerShard = 16;
    static constexpr std::int64_t kKeysNotedPerSlice = 4; ///< per shard, for the scaler's sample
    static constexpr double kMaxRecordsPerSecond = 10'000'000;

    struct Key
    {
        std::string partitionKey;
        HashKey hash;
        double weight = 0; ///< share of the source's records; a source's weights sum to 1
    };
    /// What the engine's counting needs besides the stream.
    struct Context
    {
        bool metrics = true;    ///< EngineConfig::metrics: off, nothing is counted (limits are)
        bool advantage = false; ///< the On-demand Advantage commitment is in force
        bool writable = true;   ///< false (the engine failed): slices pass without records
    };

    /// A new source from `fromMs`; its id.
    std::uint64_t add(std::uint64_t streamUid, std::string streamName, double recordsPerSecond,
                      std::int64_t dataBytes, std::vector<Key> keys, std::int64_t fromMs,
                      std::int64_t untilMs);
    /// Changes a source's rate and extends (or ends) it; a source that had lapsed resumes at
    /// `nowMs`. False if there is no such source.
    bool update(std::uint64_t id, double recordsPerSecond, std::int64_t untilMs,
                std::int64_t nowMs);
    bool remove(std::uint64_t id);
    const CarriedCounts *counts(std::uint64_t id) const;
    /// The stream of a source (uid and name), {0, ""} if there is no such source.
    std::pair<std::uint64_t, std::string> streamOf(std::uint64_t id) const;

    /// Whether a slice of some source starts at or before `t`.
    bool due(std::int64_t t) const { return m_nextSliceMs <= t; }
    /// Plays every slice that starts at or before `t`, in time order.
    void play(std::int64_t t, StreamRegistry &streams, const Context &context);

  private:
    struct ShardShare
    {
        std::uint32_t index = 0;
        double share = 0;       ///< of the source's records
        double due = 0;         ///< records owed from earlier slices (< 1)
        std::int64_t bytes = 0; ///< per record: data and the shard's mean partition-key length
        std::vector<std::size_t> hot; ///< key positions, heaviest first
        std::vector<double> hotShare; ///< of the shard's records
        std::vector<double> hotDue;
        std::vector<std::size_t> keyAt; ///< key positions with their cumulative weight in
        std::vector<double> keyCdf;     ///< keyCdf, to draw the hash keys the scaler notes
    };
    struct Source
    {
        std::uint64_t streamUid = 0;
        std::string streamName;
        double rate = 0;
        std::int64_t dataBytes = 0;
        std::vector<Key> keys;
        std::int64_t playedMs = 0; ///< slices before this are played
        std::int64_t untilMs = 0;
        double due = 0;
        CarriedCounts counts;
        std::vector<std::uint32_t> routedFor; ///< the open shards `shards` was built for
        bool autoRouted = false;
        std::vector<ShardShare> shards;
        std::mt19937_64 rng;
    };
    void route(Source &src, const detail::Stream &s);
    void playSlice(Source &src, std::int64_t sliceMs, StreamRegistry &streams,
                   const Context &context);
    void refreshNext();

    std::map<std::uint64_t, Source> m_sources;
    std::uint64_t m_nextId = 1;
    std::int64_t m_nextSliceMs = INT64_MAX;
};

} // namespace shs::core
