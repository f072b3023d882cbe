// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "memory_storage.h"

#include <algorithm>

namespace shs::store {

using namespace shs::core;

Result<LoadedState> MemoryStorage::load()
{
    std::lock_guard lock(m_mutex);
    LoadedState s;
    for (auto &[uid, row] : m_streams)
        s.streams.push_back(row);
    for (auto &[uid, row] : m_shards) {
        s.shards.push_back(row);
        auto it = m_records.find(uid);
        if (it != m_records.end() && !it->second.empty()) {
            const auto &first = *it->second.begin();
            const auto &last = *it->second.rbegin();
            s.extents.push_back({uid, first.first, first.second.ts, last.first, last.second.ts});
        }
    }
    s.meta = m_meta;
    return s;
}

Result<void> MemoryStorage::readRecords(std::uint64_t shardUid, std::uint64_t fromSeq,
                                        std::int64_t minTs, std::size_t limit, std::size_t maxBytes,
                                        std::vector<StoredRecord> &out)
{
    std::lock_guard lock(m_mutex);
    auto it = m_records.find(shardUid);
    if (it == m_records.end())
        return ok();
    std::size_t bytes = 0;
    for (auto r = it->second.lower_bound(fromSeq); r != it->second.end() && out.size() < limit;
         ++r) {
        if (r->second.ts < minTs)
            continue;
        const std::size_t size = r->second.data.size() + r->second.pk.size();
        if (!out.empty() && bytes + size > maxBytes)
            break;
        bytes += size;
        out.push_back(
            {shardUid, r->first, r->second.ts, r->second.pk, r->second.data, r->second.dataKey});
    }
    return ok();
}

Result<std::optional<std::pair<std::uint64_t, std::int64_t>>>
MemoryStorage::firstRecordFrom(std::uint64_t shardUid, std::uint64_t fromSeq)
{
    std::lock_guard lock(m_mutex);
    std::optional<std::pair<std::uint64_t, std::int64_t>> out;
    auto it = m_records.find(shardUid);
    if (it != m_records.end()) {
        auto r = it->second.lower_bound(fromSeq);
        if (r != it->second.end())
            out = std::make_pair(r->first, r->second.ts);
    }
    return out;
}

Result<std::uint64_t> MemoryStorage::countRecords(std::uint64_t shardUid, std::uint64_t fromSeq,
                                                  std::uint64_t toSeq)
{
    std::lock_guard lock(m_mutex);
    auto it = m_records.find(shardUid);
    if (it == m_records.end() || fromSeq >= toSeq)
        return std::uint64_t{0};
    return static_cast<std::uint64_t>(
        std::distance(it->second.lower_bound(fromSeq), it->second.lower_bound(toSeq)));
}

Result<void> MemoryStorage::commit(const WriteBatch &b)
{
    std::lock_guard lock(m_mutex);
    if (m_failCommits > 0) {
        --m_failCommits;
        return makeError(ErrorCode::StorageFailure, m_failMessage);
    }
    for (const auto &row : b.upsertStreams)
        m_streams[row.uid] = row;
    for (const auto &row : b.upsertShards)
        m_shards[row.uid] = row;
    for (const auto &r : b.records)
        m_records[r.shardUid][r.seq] = Rec{r.ts, r.partitionKey, r.data, r.dataKey};
    for (auto [shard, below] : b.trims) {
        auto it = m_records.find(shard);
        if (it != m_records.end())
            it->second.erase(it->second.begin(), it->second.lower_bound(below));
    }
    for (auto [stream, next] : b.nextSeqs) {
        auto it = m_streams.find(stream);
        if (it != m_streams.end())
            it->second.nextSeq = next;
    }
    for (auto uid : b.deleteStreams) {
        m_streams.erase(uid);
        for (auto it = m_shards.begin(); it != m_shards.end();) {
            if (it->second.streamUid == uid) {
                m_records.erase(it->first);
                it = m_shards.erase(it);
            } else {
                ++it;
            }
        }
    }
    for (auto uid : b.deleteShards) {
        m_shards.erase(uid);
        m_records.erase(uid);
    }
    for (const auto &p : b.minutePoints) {
        auto &v = m_minutes[{p.streamUid, p.minute, p.shardIndex}];
        for (int m = 0; m < kMetricCount; ++m) {
            const auto i = static_cast<std::size_t>(m);
            v[i] = isMaxMetric(static_cast<Metric>(m)) ? std::max(v[i], p.values[i])
                                                       : v[i] + p.values[i];
        }
    }
    for (const auto &[stream, below] : b.metricTrims)
        for (auto it = m_minutes.begin(); it != m_minutes.end();)
            it = std::get<0>(it->first) == stream && std::get<1>(it->first) < below
                     ? m_minutes.erase(it)
                     : std::next(it);
    for (auto uid : b.deleteStreams)
        for (auto it = m_minutes.begin(); it != m_minutes.end();)
            it = std::get<0>(it->first) == uid ? m_minutes.erase(it) : std::next(it);
    for (const auto &[k, v] : b.meta)
        m_meta[k] = v;
    ++m_commits;
    return ok();
}

namespace {
/// Reads through the (internally locked) MemoryStorage itself.
class MemoryReader final : public RecordReader
{
  public:
    explicit MemoryReader(MemoryStorage &s) : m_s(s) {}
    Result<void> readRecords(std::uint64_t shard, std::uint64_t from, std::int64_t minTs,
                             std::size_t limit, std::size_t maxBytes,
                             std::vector<StoredRecord> &out) override
    {
        return m_s.readRecords(shard, from, minTs, limit, maxBytes, out);
    }
    Result<std::optional<std::pair<std::uint64_t, std::int64_t>>>
    firstRecordFrom(std::uint64_t shard, std::uint64_t from) override
    {
        return m_s.firstRecordFrom(shard, from);
    }
    Result<std::uint64_t> countRecords(std::uint64_t shard, std::uint64_t from,
                                       std::uint64_t to) override
    {
        return m_s.countRecords(shard, from, to);
    }

  private:
    MemoryStorage &m_s;
};
} // namespace

Result<void> MemoryStorage::readMinutePoints(std::uint64_t streamUid, std::int64_t fromMinute,
                                             std::int64_t toMinute, std::vector<MinutePoint> &out)
{
    std::lock_guard lock(m_mutex);
    for (auto it = m_minutes.lower_bound({streamUid, fromMinute, 0}); it != m_minutes.end(); ++it) {
        const auto &[stream, minute, shard] = it->first;
        if (stream != streamUid || minute > toMinute)
            break;
        MinutePoint p;
        p.streamUid = stream;
        p.minute = minute;
        p.shardIndex = shard;
        p.values = it->second;
        out.push_back(p);
    }
    return ok();
}

Result<std::unique_ptr<RecordReader>> MemoryStorage::openReader()
{
    return std::unique_ptr<RecordReader>(std::make_unique<MemoryReader>(*this));
}

void MemoryStorage::failNextCommits(int count, std::string message)
{
    std::lock_guard lock(m_mutex);
    m_failCommits = count;
    m_failMessage = std::move(message);
}

std::size_t MemoryStorage::recordCount() const
{
    std::lock_guard lock(m_mutex);
    std::size_t n = 0;
    for (auto &[uid, recs] : m_records)
        n += recs.size();
    return n;
}

std::size_t MemoryStorage::commitCount() const
{
    std::lock_guard lock(m_mutex);
    return m_commits;
}

} // namespace shs::store
