// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// CountingStorage: keeps metadata and counts records without keeping their bytes, for long
// simulated workloads (autoscaling ramps) where only "nothing acknowledged was lost" matters.
#include "store/memory_storage.h"

namespace shs::test {

class CountingStorage final : public core::StoragePort
{
  public:
    core::Result<core::LoadedState> load() override { return m_meta.load(); }
    core::Result<void> readRecords(std::uint64_t, std::uint64_t, std::int64_t, std::size_t,
                                   std::size_t, std::vector<core::StoredRecord> &) override
    {
        return core::ok();
    }
    core::Result<std::optional<std::pair<std::uint64_t, std::int64_t>>>
    firstRecordFrom(std::uint64_t, std::uint64_t) override
    {
        return std::optional<std::pair<std::uint64_t, std::int64_t>>{};
    }
    core::Result<void> readMinutePoints(std::uint64_t s, std::int64_t from, std::int64_t to,
                                        std::vector<core::MinutePoint> &out) override
    {
        return m_meta.readMinutePoints(s, from, to, out);
    }
    core::Result<std::unique_ptr<core::RecordReader>> openReader() override
    {
        return m_meta.openReader();
    }
    core::Result<void> commit(const core::WriteBatch &batch) override
    {
        m_records += batch.records.size();
        m_bytes += batch.payloadBytes;
        core::WriteBatch meta; // everything but the records (and their trims)
        meta.upsertStreams = batch.upsertStreams;
        meta.upsertShards = batch.upsertShards;
        meta.deleteStreams = batch.deleteStreams;
        meta.deleteShards = batch.deleteShards;
        meta.minutePoints = batch.minutePoints;
        meta.metricTrims = batch.metricTrims;
        meta.nextSeqs = batch.nextSeqs;
        meta.meta = batch.meta;
        return m_meta.commit(meta);
    }
    std::size_t records() const { return m_records; }

  private:
    store::MemoryStorage m_meta;
    std::size_t m_records = 0;
    std::size_t m_bytes = 0;
};

} // namespace shs::test
