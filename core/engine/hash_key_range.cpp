// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "hash_key_range.h"

namespace shs::core {

double HashKeyRange::fraction() const
{
    return end.minus(start).toUnitFraction() + 1.0 / 340282366920938463463374607431768211456.0;
}

std::vector<HashKeyRange> HashKeyRange::uniformSplit(std::uint32_t count)
{
    std::vector<HashKeyRange> out;
    if (count == 0)
        return out;
    out.reserve(count);
    // floor(2^128 / N) == floor((2^128 - 1) / N) unless N divides 2^128, i.e. N is a power of two.
    std::uint32_t rem = 0;
    HashKey step = HashKey::max().dividedBy(count, &rem);
    if (rem == count - 1)
        step = step.plusOne();
    HashKey start;
    for (std::uint32_t i = 0; i < count; ++i) {
        const bool last = i + 1 == count;
        HashKey end = last ? HashKey::max() : start.plus(step).minusOne();
        out.push_back({start, end});
        start = end.plusOne();
    }
    return out;
}

} // namespace shs::core
