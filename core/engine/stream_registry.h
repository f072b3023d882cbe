// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// StreamRegistry: the account's streams, by name (in name order, as ListStreams pages them) and
// by uid (as iterators and paging tokens name them), with the stream ARN of this account and
// region and the lookup every operation starts with — a StreamName, a StreamARN or both, in
// AWS's texts when they are malformed, disagree, or name nothing. An engine module; the engine
// owns one.
//
// Invariants: a name and a uid name the same stream or none; uids are never reused (the next
// ones are persisted with the engine's meta data and raised on load).
// Thread safety: not thread-safe; owned by the engine.
#include "stream_state.h"

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>

namespace shs::core {

class StreamRegistry final
{
  public:
    using Map = std::map<std::string, std::unique_ptr<detail::Stream>, std::less<>>;

    StreamRegistry(std::string region, std::string account);

    /// The stream a request names: by StreamARN (of this account and region) and/or StreamName.
    Result<detail::Stream *> resolve(const StreamRef &ref) const;
    detail::Stream *find(std::string_view name) const;
    detail::Stream *byUid(std::uint64_t uid) const;

    /// Adds a stream (its uid and name unused).
    detail::Stream &add(std::unique_ptr<detail::Stream> stream);
    void remove(std::string_view name);
    void clear();

    /// In name order.
    Map::const_iterator begin() const { return m_streams.begin(); }
    Map::const_iterator end() const { return m_streams.end(); }
    /// The first stream named after `name`.
    Map::const_iterator after(std::string_view name) const { return m_streams.upper_bound(name); }

    int openShardTotal() const;
    int onDemandStreams() const;

    /// New identities: stream and shard uids, and the persisted counters they come from.
    std::uint64_t takeStreamUid() { return m_nextStreamUid++; }
    std::uint64_t takeShardUid() { return m_nextShardUid++; }
    std::uint64_t nextStreamUid() const { return m_nextStreamUid; }
    std::uint64_t nextShardUid() const { return m_nextShardUid; }
    /// On load: never hand out `uid` or anything before it again.
    void usedStreamUid(std::uint64_t uid) { m_nextStreamUid = std::max(m_nextStreamUid, uid + 1); }
    void usedShardUid(std::uint64_t uid) { m_nextShardUid = std::max(m_nextShardUid, uid + 1); }

    std::string arnFor(std::string_view name) const;
    /// ResourceNotFoundException for `name` under `account` (this one by default), AWS's text.
    Error notFound(std::string_view name, std::string_view account = {}) const;

  private:
    std::string m_region;
    std::string m_account;
    Map m_streams;
    std::unordered_map<std::uint64_t, detail::Stream *> m_byUid;
    std::uint64_t m_nextStreamUid = 1;
    std::uint64_t m_nextShardUid = 1;
};

} // namespace shs::core
