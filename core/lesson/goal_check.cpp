// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "goal_check.h"

#include "engine/partition_key_router.h"

#include <algorithm>

namespace shs::lesson {

namespace {

std::vector<core::ShardInfo> openShards(const core::StreamInfo &stream)
{
    std::vector<core::ShardInfo> open;
    for (const auto &shard : stream.shards)
        if (shard.open)
            open.push_back(shard);
    std::sort(open.begin(), open.end(),
              [](const auto &a, const auto &b) { return a.startingHashKey < b.startingHashKey; });
    return open;
}

/// The last `seconds` complete samples, oldest first (fewer when the window is shorter).
std::vector<core::MetricSample> lastSeconds(const std::vector<core::MetricSample> &samples,
                                            int seconds)
{
    const auto n = std::min<std::size_t>(samples.size(), static_cast<std::size_t>(seconds));
    return {samples.end() - static_cast<std::ptrdiff_t>(n), samples.end()};
}

std::int64_t value(const core::MetricSample &s, core::Metric m)
{
    return s.values[static_cast<int>(m)];
}

} // namespace

const core::StreamInfo *findStream(const core::EngineSnapshot &snapshot, const std::string &name)
{
    for (const auto &s : snapshot.streams)
        if (s.name == name)
            return &s;
    return nullptr;
}

std::optional<core::ShardInfo> resolveShard(const core::StreamInfo &stream, const ShardRef &ref)
{
    if (!ref.shardId.empty()) {
        for (const auto &shard : stream.shards)
            if (shard.shardId == ref.shardId)
                return shard;
        return std::nullopt;
    }
    const auto open = openShards(stream);
    if (ref.openIndex >= 0) {
        if (ref.openIndex < static_cast<int>(open.size()))
            return open[static_cast<std::size_t>(ref.openIndex)];
        return std::nullopt;
    }
    core::PartitionKeyRouter router;
    const core::HashKey key = router.hash(ref.ofKey);
    for (const auto &shard : open)
        if (shard.startingHashKey <= key && key <= shard.endingHashKey)
            return shard;
    return std::nullopt;
}

bool needsMetrics(const Check &check)
{
    return check.kind == Check::Kind::RecordsInShard || check.kind == Check::Kind::NoThrottling
           || check.kind == Check::Kind::Throttled;
}

CheckOutcome evaluate(const Check &check, const core::EngineSnapshot &snapshot,
                      const service::MetricsWindow *metrics)
{
    const auto *stream = findStream(snapshot, check.stream);
    if (!stream)
        return {
            false,
            QStringLiteral("there is no stream %1 yet").arg(QString::fromStdString(check.stream))};
    const bool active = stream->status == core::StreamStatus::Active;
    switch (check.kind) {
    case Check::Kind::StreamActive:
        return {active, QStringLiteral("%1 is %2")
                            .arg(QString::fromStdString(stream->name),
                                 QString::fromUtf8(toString(stream->status)))};
    case Check::Kind::OpenShards: {
        const int n = stream->openShardCount;
        const bool met
            = active && (check.min < 0 || n >= check.min) && (check.max < 0 || n <= check.max);
        return {met, QStringLiteral("%1 open shard(s) now%2")
                         .arg(n)
                         .arg(active ? QString() : QStringLiteral(", stream still UPDATING"))};
    }
    case Check::Kind::ClosedShards: {
        const auto closed = std::count_if(stream->shards.begin(), stream->shards.end(),
                                          [](const auto &s) { return !s.open; });
        return {closed >= check.min, QStringLiteral("%1 closed shard(s) now").arg(closed)};
    }
    case Check::Kind::CapacityMode: {
        const QString mode = QString::fromUtf8(toString(stream->mode));
        return {active && mode.toStdString() == check.mode, QStringLiteral("%1 now").arg(mode)};
    }
    case Check::Kind::RetentionHours:
        return {active && stream->retentionHours >= check.min,
                QStringLiteral("%1 hours now").arg(stream->retentionHours)};
    case Check::Kind::RecordsInShard: {
        const auto shard = resolveShard(*stream, check.shard);
        if (!shard)
            return {false, QStringLiteral("no such shard now")};
        std::int64_t records = 0;
        if (metrics)
            for (const auto &sm : metrics->shards)
                if (sm.shardId == shard->shardId)
                    for (const auto &s : lastSeconds(sm.samples, check.seconds))
                        records += value(s, core::Metric::IncomingRecords);
        return {records >= check.min, QStringLiteral("%1 record(s) reached %2")
                                          .arg(records)
                                          .arg(QString::fromStdString(shard->shardId))};
    }
    case Check::Kind::NoThrottling: {
        if (!metrics)
            return {false, QStringLiteral("measuring…")};
        const auto window = lastSeconds(metrics->stream, check.seconds);
        // Count the clean seconds that end the window: the goal holds once `seconds` of them are
        // in a row, each at the rate asked for (a 5 % allowance for where seconds cut the
        // generator's ticks).
        int clean = 0;
        double lastRate = 0;
        for (auto it = window.rbegin(); it != window.rend(); ++it) {
            const auto records = value(*it, core::Metric::IncomingRecords);
            if (it == window.rbegin())
                lastRate = static_cast<double>(records);
            if (value(*it, core::Metric::WriteProvisionedThroughputExceeded) > 0
                || static_cast<double>(records) < check.minRate * 0.95)
                break;
            ++clean;
        }
        return {clean >= check.seconds,
                QStringLiteral("%1 of %2 s clean (%3 records/s in the last second)")
                    .arg(clean)
                    .arg(check.seconds)
                    .arg(lastRate, 0, 'f', 0)};
    }
    case Check::Kind::Throttled: {
        if (!metrics)
            return {false, QStringLiteral("measuring…")};
        std::int64_t throttled = 0;
        for (const auto &s : lastSeconds(metrics->stream, check.seconds))
            throttled += value(s, core::Metric::WriteProvisionedThroughputExceeded);
        return {throttled > 0, QStringLiteral("%1 write(s) throttled in the last %2 s")
                                   .arg(throttled)
                                   .arg(check.seconds)};
    }
    }
    return {};
}

} // namespace shs::lesson
