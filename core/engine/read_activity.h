// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// ReadActivity: who reads each shard, for the workbench's read-budget view (the Consumers tab).
// Kinesis gives polling readers one budget per shard (5 GetRecords calls and 2 MiB a second,
// shared) and each enhanced fan-out consumer one of its own (2 MiB a second); this module is what
// lets a learner see that.
//
// Polling readers are told apart by the chain of shard iterators they follow: GetShardIterator
// starts a chain (a reader id, carried inside the iterator token), and each NextShardIterator
// carries it on. So two programs polling one shard are two readers, and a program that calls
// GetShardIterator again is a new one (as far as Kinesis can know). Fan-out readers are the
// subscriptions of the SubscriptionTable, reported beside them by the engine.
//
// Counters are cumulative; a view takes rates from two samples. A reader not seen for 5 minutes
// (its iterator has expired) is forgotten, so the table is bounded by the iterator call rate.
// Thread safety: not thread-safe; owned by the engine.
#include "api.h"

#include <compare>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace shs::core {

/// One polling reader of a shard (a chain of shard iterators).
struct PollingReader
{
    std::uint32_t readerId = 0; ///< 0: iterators issued before readers were told apart
    ShardIteratorType origin = ShardIteratorType::Latest; ///< how its chain started
    std::int64_t startedMs = 0;
    std::int64_t lastMs = 0;
    std::int64_t calls = 0; ///< GetRecords answered
    std::int64_t records = 0;
    std::int64_t bytes = 0;     ///< data and partition keys read
    std::int64_t throttled = 0; ///< GetRecords refused with ProvisionedThroughputExceeded
};

/// One enhanced fan-out subscription to a shard.
struct FanOutReader
{
    std::string consumerName;
    std::int64_t startedMs = 0;
    std::int64_t bytes = 0; ///< read by this subscription so far
};

struct ShardReadActivity
{
    std::string shardId;
    bool open = true;
    std::vector<PollingReader> polling; ///< oldest first
    std::vector<FanOutReader> fanOut;   ///< by consumer name
};

/// A stream's readers at one moment, with the budgets that apply to them.
struct ReadActivityReport
{
    std::string streamName;
    std::int64_t nowMs = 0;
    bool limited = true;                     ///< the limits profile throttles reads
    std::int64_t sharedCallsPerSecond = 5;   ///< per shard, all polling readers together
    std::int64_t sharedBytesPerSecond = 0;   ///< per shard, all polling readers together
    std::int64_t consumerBytesPerSecond = 0; ///< per shard, each fan-out consumer alone
    std::vector<ShardReadActivity> shards;   ///< shards with a reader, by shard index
};

class ReadActivity final
{
  public:
    static constexpr std::int64_t kForgetAfterMs = 5 * 60 * 1000;

    /// A new chain of iterators on a shard: its reader id.
    std::uint32_t start(std::uint64_t streamUid, std::uint32_t shardIndex, ShardIteratorType origin,
                        std::int64_t nowMs);
    void read(std::uint64_t streamUid, std::uint32_t shardIndex, std::uint32_t readerId,
              std::int64_t records, std::int64_t bytes, std::int64_t nowMs);
    void throttled(std::uint64_t streamUid, std::uint32_t shardIndex, std::uint32_t readerId,
                   std::int64_t nowMs);
    /// The stream's readers by shard index (forgetting those idle for kForgetAfterMs).
    std::map<std::uint32_t, std::vector<PollingReader>> readers(std::uint64_t streamUid,
                                                                std::int64_t nowMs);
    /// Drops a deleted stream's readers.
    void forget(std::uint64_t streamUid);
    std::size_t size() const { return m_readers.size(); }

  private:
    struct Key
    {
        std::uint64_t streamUid = 0;
        std::uint32_t shardIndex = 0;
        std::uint32_t readerId = 0;
        auto operator<=>(const Key &) const = default;
    };
    PollingReader &at(const Key &key, std::int64_t nowMs);
    void prune(std::int64_t nowMs);
    std::map<Key, PollingReader> m_readers;
    std::uint32_t m_next = 1;
    std::uint32_t m_startsSincePrune = 0;
};

} // namespace shs::core
