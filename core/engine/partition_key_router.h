// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// PartitionKeyRouter: where a record goes (kinesis-api.md §4.2). The hash key is the MD5 of the
// partition key's UTF-8 bytes read as a big-endian 128-bit integer, or the ExplicitHashKey when
// given; the record goes to the one open shard whose range contains it.
//
// Invariant: the open ranges passed to setOpenShards() tile [0, 2^128-1] (Engine invariant 1),
// so route() finds exactly one shard for every key.
// Thread safety: not thread-safe (owns an MD5 context); one per engine.
#include "hash_key_range.h"

#include "crypto/md5.h"

#include <optional>
#include <string_view>
#include <vector>

namespace shs::core {

class PartitionKeyRouter final
{
  public:
    struct OpenShard
    {
        HashKeyRange range;
        std::uint32_t index = 0;
    };

    /// Replaces the open shards (any order).
    void setOpenShards(std::vector<OpenShard> shards);
    const std::vector<OpenShard> &openShards() const { return m_open; }

    HashKey hash(std::string_view partitionKey);
    /// Index of the open shard owning `key`; nullopt only if the invariant is broken.
    std::optional<std::uint32_t> route(HashKey key) const;

  private:
    crypto::Md5 m_md5;
    std::vector<OpenShard> m_open;        // sorted by range.start
    std::vector<std::uint64_t> m_startHi; // range.start.hi() of m_open, for a cache-friendly search
};

} // namespace shs::core
