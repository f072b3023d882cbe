// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "partition_key_router.h"

#include <algorithm>

namespace shs::core {

void PartitionKeyRouter::setOpenShards(std::vector<OpenShard> shards)
{
    std::sort(shards.begin(), shards.end(),
              [](const OpenShard &a, const OpenShard &b) { return a.range.start < b.range.start; });
    m_open = std::move(shards);
    m_startHi.clear();
    for (const auto &s : m_open)
        m_startHi.push_back(s.range.start.hi());
}

HashKey PartitionKeyRouter::hash(std::string_view partitionKey)
{
    return HashKey::fromBigEndian(m_md5.digest(partitionKey));
}

std::optional<std::uint32_t> PartitionKeyRouter::route(HashKey key) const
{
    if (m_open.empty())
        return std::nullopt;
    // Branch-free search on the high words (last shard whose start.hi <= key.hi), then settle
    // the few shards that may share a high word by full comparison.
    const std::uint64_t *starts = m_startHi.data();
    std::size_t base = 0;
    std::size_t n = m_startHi.size();
    while (n > 1) {
        const std::size_t half = n / 2;
        base = starts[base + half] <= key.hi() ? base + half : base;
        n -= half;
    }
    while (base + 1 < m_open.size() && m_open[base + 1].range.start <= key)
        ++base;
    while (base > 0 && key < m_open[base].range.start)
        --base;
    const OpenShard &s = m_open[base];
    if (!s.range.contains(key))
        return std::nullopt;
    return s.index;
}
} // namespace shs::core
