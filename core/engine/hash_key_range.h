// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// HashKeyRange: a closed interval [start, end] of the hash-key space, start <= end.
// uniformSplit() reproduces CreateStream's layout (kinesis-api.md §4.2): h = floor(2^128 / N),
// shard i = [i*h, (i+1)*h - 1], the last shard ending at 2^128-1.
//
// Thread safety: a value type.
#include "hash_key.h"

#include <vector>

namespace shs::core {

struct HashKeyRange final
{
    HashKey start;
    HashKey end;

    bool contains(HashKey k) const { return start <= k && k <= end; }
    /// True when `next` starts right after this range (this.end + 1 == next.start).
    bool isAdjacentBefore(const HashKeyRange &next) const
    {
        return end != HashKey::max() && end.plusOne() == next.start;
    }
    /// Fraction of the key space covered, in (0, 1].
    double fraction() const;

    static std::vector<HashKeyRange> uniformSplit(std::uint32_t count);

    friend bool operator==(const HashKeyRange &, const HashKeyRange &) = default;
};

} // namespace shs::core
