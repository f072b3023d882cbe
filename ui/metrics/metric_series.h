// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Pure conversions from a backend MetricsWindow to what the throughput views draw: per-shard
// utilisation series against AWS's limits (sparklines, heat map), the stream's rates (chart), the
// iterator age as a share of retention, and a shard's heaviest partition keys with their share.
// No widgets here, so the numbers are tested directly.
#include "engine/snapshot.h"
#include "service/stream_backend.h"

#include <QString>
#include <QVector>

#include <optional>

namespace shs::ui {

struct ShardSeriesView
{
    QString shardId;
    bool open = true;
    QVector<double> write;   ///< write utilisation per second, oldest first (1.0 = the limit)
    QVector<double> read;    ///< read utilisation per second (1.0 = 2 MiB/s)
    QVector<bool> throttled; ///< a write or read was throttled in that second
    double writeBytes = 0;   ///< the last complete second
    double writeRecords = 0;
    double readBytes = 0;
    double readRecords = 0;
    qint64 writeThrottled = 0; ///< records throttled over the window
    qint64 readThrottled = 0;  ///< GetRecords calls throttled over the window
    std::optional<qint64>
        iteratorAgeMs;   ///< the latest second with GetRecords calls; none if unread
    double peak() const; ///< the largest write or read utilisation in the window
};

/// Per shard, in the window's order. `openOnly` drops closed shards.
QVector<ShardSeriesView> shardSeries(const service::MetricsWindow &window, bool openOnly);

struct StreamSeriesView
{
    QVector<double> recordsIn, recordsOut, bytesIn, bytesOut, writeThrottled, readThrottled;
    qint64 lastSecond = 0; ///< engine epoch second of the newest point
};
StreamSeriesView streamSeries(const service::MetricsWindow &window);

/// The write limit as it was each second of a window, and the reshards that changed it: a
/// split, a merge, or a batch of both (UpdateShardCount, on-demand scaling) in one second.
struct ReshardMark
{
    int index = 0;  ///< the second of the window (0 = oldest) whose end first saw the new shards
    QString label;  ///< "split #1", "merge #2 + #3", "4 → 8 shards"
    int before = 0; ///< open shards at the end of the second before
    int after = 0;  ///< ... and at the end of this one
};
struct WriteLimitHistory
{
    QVector<int> openShards; ///< at the end of each second, oldest first
    QVector<ReshardMark> marks;
};
/// From the shards' creation and closing times (ShardInfo::createdMs/closedMs), over the `seconds`
/// engine seconds ending with `lastSecond` (epoch seconds, as MetricSample::second).
WriteLimitHistory writeLimitHistory(const std::vector<core::ShardInfo> &shards, qint64 lastSecond,
                                    int seconds);

/// The age as a share of the retention period, 0..1 (an iterator older than retention points at
/// records already trimmed).
double retentionShare(qint64 iteratorAgeMs, int retentionHours);

struct KeyShare
{
    QString partitionKey;
    qint64 count = 0;      ///< counted this minute (an upper bound)
    qint64 lowerBound = 0; ///< count minus the sketch's overestimate
    double share = 0;      ///< of the shard's records this minute, 0..1, from the lower bound
    double shareUpper = 0; ///< ... from the count
    double perSecond = 0;  ///< count over the seconds it was counted in (since the shard's
                           ///< first second with records this minute)
};
/// The shard's heaviest keys of the minute in progress, with their share of the shard's records
/// over the same seconds (summed from the per-second samples).
QVector<KeyShare> topKeys(const service::ShardMetrics &shard, qint64 nowMs, int limit = 10);

/// What merging two shards would put on the child, from their writes over the last `seconds`
/// complete seconds of `window`, against one shard's limit (1,000 records/s, 1 MiB/s).
struct MergeForecast
{
    int seconds = 0;            ///< seconds of history used (0: none yet)
    double recordsPerSecond[2]; ///< each parent's
    double bytesPerSecond[2];
    double records = 0; ///< the child's, records/s
    double bytes = 0;   ///< the child's, bytes/s
    double load = 0;    ///< the larger of records and bytes against the limit (1.0 = at it)
    bool over() const { return load > 1.0; }
};
MergeForecast forecastMerge(const service::MetricsWindow &window, const std::string &a,
                            const std::string &b, int seconds = 10);
/// The forecast as the merge confirmation says it.
QString describeMerge(const MergeForecast &f, const QString &a, const QString &b);

/// Human text for a duration: "850 ms", "12 s", "4 min 10 s", "3 h 5 min", "2 d 4 h".
QString formatAge(qint64 ms);
/// "512 B/s", "12.5 KiB/s", "1.02 MiB/s".
QString formatBytesRate(double bytesPerSecond);
/// "512 B", "12.5 KiB", "1.02 MiB", "3.40 GiB".
QString formatBytes(double bytes);

} // namespace shs::ui
