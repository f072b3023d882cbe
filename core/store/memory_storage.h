// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// MemoryStorage: a StoragePort in memory, for tests, fuzzers and benchmarks that must not touch a
// disk. Same contract as SqliteStorage, minus durability. failNextCommits() injects failures.
//
// Thread safety: internally locked; reads and commits may come from different threads.
#include "engine/storage_port.h"

#include <map>
#include <mutex>
#include <tuple>

namespace shs::store {

class MemoryStorage final : public core::StoragePort
{
  public:
    core::Result<core::LoadedState> load() override;
    core::Result<void> readRecords(std::uint64_t shardUid, std::uint64_t fromSeq,
                                   std::int64_t minTs, std::size_t limit, std::size_t maxBytes,
                                   std::vector<core::StoredRecord> &out) override;
    core::Result<std::optional<std::pair<std::uint64_t, std::int64_t>>>
    firstRecordFrom(std::uint64_t shardUid, std::uint64_t fromSeq) override;
    core::Result<std::uint64_t> countRecords(std::uint64_t shardUid, std::uint64_t fromSeq,
                                             std::uint64_t toSeq) override;
    core::Result<void> commit(const core::WriteBatch &batch) override;
    core::Result<std::unique_ptr<core::RecordReader>> openReader() override;
    core::Result<void> readMinutePoints(std::uint64_t streamUid, std::int64_t fromMinute,
                                        std::int64_t toMinute,
                                        std::vector<core::MinutePoint> &out) override;

    void failNextCommits(int count, std::string message = "disk full");
    std::size_t recordCount() const;
    std::size_t commitCount() const;

  private:
    struct Rec
    {
        std::int64_t ts;
        std::string pk;
        std::string data;
        std::uint32_t dataKey = 0;
    };
    mutable std::mutex m_mutex;
    std::map<std::uint64_t, core::StreamRow> m_streams;
    std::map<std::uint64_t, core::ShardRow> m_shards;
    std::map<std::uint64_t, std::map<std::uint64_t, Rec>> m_records;
    std::map<std::string, std::string> m_meta;
    std::map<std::tuple<std::uint64_t, std::int64_t, std::uint32_t>, core::MetricValues> m_minutes;
    int m_failCommits = 0;
    std::string m_failMessage;
    std::size_t m_commits = 0;
};

} // namespace shs::store
