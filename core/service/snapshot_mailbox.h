// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// SnapshotMailbox: latest-wins hand-over of engine snapshots from the engine thread to observers
// (the UI's frame pump). Publishing never blocks on readers; a slow reader just skips versions.
//
// Beside the topology snapshot it carries the live metrics: a MetricsFrame with, for every stream
// and every listed shard, the sums of the metric deltas of the last complete engine second. The
// host publishes one whenever the engine's second advances (at most ~30 per real second); a reader
// that skips frames sees `second` jump and asks the backend for the seconds it missed.
//
// Thread safety: all members are thread-safe.
#include "engine/metrics.h"
#include "engine/snapshot.h"

#include <atomic>
#include <mutex>

namespace shs::service {

/// The last complete engine second of every stream and shard.
struct MetricsFrame
{
    struct Shard
    {
        std::string shardId;
        bool open = true;
        core::MetricValues values{};
        core::ShardHoldings holdings{}; ///< now, not in that second (records -1: not known)
    };
    struct Stream
    {
        std::string name;
        core::MetricValues totals{};
        std::vector<Shard> shards;
    };
    std::uint64_t version = 0;
    std::int64_t second = 0; ///< engine epoch second the values belong to
    std::vector<Stream> streams;
};
using MetricsFramePtr = std::shared_ptr<const MetricsFrame>;

class SnapshotMailbox final
{
  public:
    void publish(core::SnapshotPtr snapshot);
    core::SnapshotPtr latest() const;
    /// Version of the latest snapshot; cheap, for "did anything change?" polling.
    std::uint64_t version() const { return m_version.load(std::memory_order_acquire); }

    void publishMetrics(MetricsFramePtr frame);
    MetricsFramePtr latestMetrics() const;
    std::uint64_t metricsVersion() const
    {
        return m_metricsVersion.load(std::memory_order_acquire);
    }

  private:
    mutable std::mutex m_mutex;
    core::SnapshotPtr m_latest;
    std::atomic<std::uint64_t> m_version{0};
    MetricsFramePtr m_metrics;
    std::atomic<std::uint64_t> m_metricsVersion{0};
};

} // namespace shs::service
