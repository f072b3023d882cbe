// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "read_activity.h"

namespace shs::core {

std::uint32_t ReadActivity::start(std::uint64_t streamUid, std::uint32_t shardIndex,
                                  ShardIteratorType origin, std::int64_t nowMs)
{
    if (++m_startsSincePrune >= 1024) { // bounded even if nobody looks
        m_startsSincePrune = 0;
        prune(nowMs);
    }
    const std::uint32_t id = m_next++;
    if (m_next == 0)
        m_next = 1; // 0 is kept for iterators without an id
    PollingReader &r = m_readers[{streamUid, shardIndex, id}];
    r.readerId = id;
    r.origin = origin;
    r.startedMs = nowMs;
    r.lastMs = nowMs;
    return id;
}

PollingReader &ReadActivity::at(const Key &key, std::int64_t nowMs)
{
    auto [it, fresh] = m_readers.try_emplace(key);
    if (fresh) { // an iterator from before a restart, or without an id
        it->second.readerId = key.readerId;
        it->second.startedMs = nowMs;
    }
    it->second.lastMs = nowMs;
    return it->second;
}

void ReadActivity::read(std::uint64_t streamUid, std::uint32_t shardIndex, std::uint32_t readerId,
                        std::int64_t records, std::int64_t bytes, std::int64_t nowMs)
{
    PollingReader &r = at({streamUid, shardIndex, readerId}, nowMs);
    ++r.calls;
    r.records += records;
    r.bytes += bytes;
}

void ReadActivity::throttled(std::uint64_t streamUid, std::uint32_t shardIndex,
                             std::uint32_t readerId, std::int64_t nowMs)
{
    ++at({streamUid, shardIndex, readerId}, nowMs).throttled;
}

std::map<std::uint32_t, std::vector<PollingReader>> ReadActivity::readers(std::uint64_t streamUid,
                                                                          std::int64_t nowMs)
{
    prune(nowMs);
    std::map<std::uint32_t, std::vector<PollingReader>> out;
    for (auto it = m_readers.lower_bound({streamUid, 0, 0});
         it != m_readers.end() && it->first.streamUid == streamUid; ++it)
        out[it->first.shardIndex].push_back(it->second);
    return out;
}

void ReadActivity::forget(std::uint64_t streamUid)
{
    std::erase_if(m_readers, [streamUid](const auto &e) { return e.first.streamUid == streamUid; });
}

void ReadActivity::prune(std::int64_t nowMs)
{
    std::erase_if(m_readers,
                  [nowMs](const auto &e) { return nowMs - e.second.lastMs > kForgetAfterMs; });
}

} // namespace shs::core
