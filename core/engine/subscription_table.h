// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// SubscriptionTable: SubscribeToShard's rules per (consumer, shard) — one subscription at a time
// (a second call within 5 s of a successful one is refused, a later one takes over and the older
// subscription is stale), and each consumer's own read budget for each shard (2 MiB/s in the
// "aws" profile, independent of polling readers and of other consumers; kinesis-api.md §3.4).
// An engine module; in memory only, as AWS keeps no subscription across its own restarts.
// Thread safety: not thread-safe; owned by the engine.
#include "result.h"
#include "throughput_limiter.h"

#include <compare>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace shs::core {

inline constexpr std::int64_t kSubscriptionTakeoverMs = 5000;
inline constexpr std::int64_t kSubscriptionLifetimeMs = 5 * 60 * 1000;

class SubscriptionTable final
{
  public:
    struct Key
    {
        std::uint64_t streamUid = 0;
        std::string consumer;
        std::int64_t consumerCreated = 0; ///< seconds, as in the consumer's ARN
        std::uint32_t shardIndex = 0;
        auto operator<=>(const Key &) const = default;
    };
    struct Active
    {
        Key key;
        std::int64_t startedMs = 0;
        std::int64_t bytesRead = 0;
    };

    /// A new subscription at `nowMs`: its generation, or nullopt when the last successful one for
    /// the key is less than 5 s old.
    std::optional<std::uint64_t> start(const Key &key, std::int64_t nowMs,
                                       std::int64_t readBytesPerSecond);
    /// Whether `generation` is still the key's subscription (not taken over, not ended).
    bool current(const Key &key, std::uint64_t generation) const;
    /// Bytes the subscription may read now; when none, `*retryAtMs` says when some will be.
    /// `readBytesPerSecond` 0: no limit.
    std::int64_t budget(const Key &key, std::int64_t nowMs, std::int64_t readBytesPerSecond,
                        std::int64_t *retryAtMs);
    void charge(const Key &key, std::int64_t bytes, std::int64_t nowMs);
    void end(const Key &key, std::uint64_t generation);
    /// Drops what is kept for a stream (deleted) or one of its consumers (deregistered).
    void forget(std::uint64_t streamUid, const std::string &consumer = {});
    /// The subscriptions running now.
    std::vector<Active> active() const;

  private:
    struct Entry
    {
        std::uint64_t generation = 0;
        bool running = false;
        std::int64_t lastStartMs = 0;
        std::int64_t bytesRead = 0;
        TokenBucket budget;
    };
    std::map<Key, Entry> m_entries;
    std::uint64_t m_nextGeneration = 1;
};

} // namespace shs::core
