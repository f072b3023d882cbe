// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "usage_meter.h"

#include <algorithm>

namespace shs::core {

namespace {
constexpr double kMsPerHour = 3600.0 * 1000.0;
constexpr double kGiB = 1024.0 * 1024.0 * 1024.0;
} // namespace

void UsageMeter::countWrite(std::int64_t bytes, bool advantage)
{
    countWrites(bytes, 1, advantage);
}

void UsageMeter::countWrites(std::int64_t bytes, std::int64_t count, bool advantage)
{
    StreamUsage &u = m_usage;
    u.putPayloadUnits += count * ((bytes + 25 * 1024 - 1) / (25 * 1024) + (bytes == 0 ? 1 : 0));
    u.bytesIn += count * bytes;
    const std::int64_t billed = count * ((bytes + 1023) / 1024 + (bytes == 0 ? 1 : 0)) * 1024;
    u.onDemandBilledBytesIn += billed;
    if (advantage)
        u.advantageBilledBytesIn += billed;
    u.records += count;
}

void UsageMeter::countRead(std::int64_t bytes, bool advantage)
{
    m_usage.bytesOut += bytes;
    if (advantage)
        m_usage.advantageBytesOut += bytes;
}

void UsageMeter::notePeaks(const std::vector<MetricSample> &seconds)
{
    StreamUsage &u = m_usage;
    for (const auto &sample : seconds) {
        const auto value = [&sample](Metric m) { return sample.values[std::size_t(m)]; };
        u.peakBytesInPerSecond = std::max(u.peakBytesInPerSecond, value(Metric::IncomingBytes));
        u.peakRecordsInPerSecond
            = std::max(u.peakRecordsInPerSecond, value(Metric::IncomingRecords));
        u.peakBytesOutPerSecond = std::max(u.peakBytesOutPerSecond, value(Metric::OutgoingBytes));
    }
}

void UsageMeter::accrue(std::int64_t nowMs, const Shape &shape, bool advantage)
{
    StreamUsage &u = m_usage;
    if (m_accruedToMs == 0 || nowMs < m_accruedToMs) {
        m_accruedToMs = nowMs;
        if (u.sinceMs == 0)
            u.sinceMs = nowMs;
        return;
    }
    const double hours = double(nowMs - m_accruedToMs) / kMsPerHour;
    if (hours <= 0)
        return;
    const double open = double(shape.openShards);
    u.hours += hours;
    if (advantage)
        u.advantageHours += hours;
    if (shape.mode == StreamMode::Provisioned) {
        u.shardHours += open * hours;
        if (shape.retentionHours > 24)
            u.extendedRetentionShardHours += open * hours;
    } else {
        u.streamHours += hours;
        if (advantage)
            u.advantageStreamHours += hours;
    }
    // Stored data beyond 24 h (and beyond 7 days), estimated from the average write rate.
    const double bytesPerHour = u.hours > 0 ? double(u.bytesIn) / u.hours : 0;
    const double extendedHours = std::clamp(double(shape.retentionHours) - 24.0, 0.0, 144.0);
    const double longTermHours = std::max(0.0, double(shape.retentionHours) - 168.0);
    if (shape.mode == StreamMode::OnDemand) {
        const double extended = bytesPerHour * extendedHours / kGiB * hours;
        u.extendedRetentionGbHours += extended;
        if (advantage)
            u.advantageExtendedRetentionGbHours += extended;
    }
    u.longTermRetentionGbHours += bytesPerHour * longTermHours / kGiB * hours;
    m_accruedToMs = nowMs;
}

} // namespace shs::core
