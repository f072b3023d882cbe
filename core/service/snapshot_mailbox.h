// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// SnapshotMailbox: latest-wins hand-over of engine snapshots from the engine thread to observers
// (the UI's frame pump). Publishing never blocks on readers; a slow reader just skips versions.
//
// Thread safety: all members are thread-safe.
#include "engine/snapshot.h"

#include <atomic>
#include <mutex>

namespace shs::service {

class SnapshotMailbox final
{
public:
    void publish(core::SnapshotPtr snapshot);
    core::SnapshotPtr latest() const;
    /// Version of the latest snapshot; cheap, for "did anything change?" polling.
    std::uint64_t version() const { return m_version.load(std::memory_order_acquire); }

private:
    mutable std::mutex m_mutex;
    core::SnapshotPtr m_latest;
    std::atomic<std::uint64_t> m_version{0};
};

} // namespace shs::service
