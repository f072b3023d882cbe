// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "snapshot_mailbox.h"

namespace shs::service {

void SnapshotMailbox::publish(core::SnapshotPtr snapshot)
{
    const auto v = snapshot ? snapshot->version : 0;
    {
        std::lock_guard lock(m_mutex);
        m_latest = std::move(snapshot);
    }
    m_version.store(v, std::memory_order_release);
}

core::SnapshotPtr SnapshotMailbox::latest() const
{
    std::lock_guard lock(m_mutex);
    return m_latest;
}

void SnapshotMailbox::publishMetrics(MetricsFramePtr frame)
{
    const auto v = frame ? frame->version : 0;
    {
        std::lock_guard lock(m_mutex);
        m_metrics = std::move(frame);
    }
    m_metricsVersion.store(v, std::memory_order_release);
}

MetricsFramePtr SnapshotMailbox::latestMetrics() const
{
    std::lock_guard lock(m_mutex);
    return m_metrics;
}

} // namespace shs::service
