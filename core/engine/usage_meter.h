// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// UsageMeter: one stream's billable usage for the cost meter — hours in each capacity mode,
// shard-hours, PUT payload units, bytes in (and on-demand's per-record 1 KiB rounding), bytes
// out, retention beyond 24 h and 7 days (estimated from the average write rate), peaks, and the
// parts that accrued while the account's commitment (On-demand Advantage) was in force. An
// engine module: the data plane counts each record and read into it, the tick accrues time, the
// cost report prices what it holds (metrics.h: provisionedCost / onDemandCost).
//
// Invariant: time only accrues forward; a restart resumes from the persisted usage.
// Thread safety: not thread-safe; owned by the engine, one per stream.
#include "api.h"
#include "metrics.h"

#include <cstdint>
#include <vector>

namespace shs::core {

class UsageMeter final
{
  public:
    /// What a stream looks like while time accrues.
    struct Shape
    {
        StreamMode mode = StreamMode::Provisioned;
        int openShards = 0;
        int retentionHours = 24;
    };

    const StreamUsage &usage() const { return m_usage; }
    /// Resumes from persisted usage (load).
    void restore(StreamUsage usage) { m_usage = std::move(usage); }

    /// A record of `bytes` (data and partition key) written.
    void countWrite(std::int64_t bytes, bool advantage);
    /// `count` records of `bytes` each (a carried load): as `count` calls of countWrite.
    void countWrites(std::int64_t bytes, std::int64_t count, bool advantage);
    /// `bytes` read by GetRecords.
    void countRead(std::int64_t bytes, bool advantage);
    /// The completed seconds of the stream's totals: their peaks.
    void notePeaks(const std::vector<MetricSample> &seconds);
    /// Accrues the time from the last call to `nowMs` at the stream's current shape.
    void accrue(std::int64_t nowMs, const Shape &shape, bool advantage);

  private:
    StreamUsage m_usage;
    std::int64_t m_accruedToMs = 0; ///< time counted up to here (0: not yet started)
};

} // namespace shs::core
