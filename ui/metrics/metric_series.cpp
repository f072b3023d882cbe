// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "metric_series.h"

#include "engine/throughput_limiter.h"

#include "widgets/shard_label.h"
#include "widgets/utilisation.h"

#include <QObject>

#include <algorithm>
#include <map>

namespace shs::ui {

using core::Metric;

namespace {
double value(const core::MetricSample &s, Metric m)
{
    return double(s.values[int(m)]);
}
} // namespace

double ShardSeriesView::peak() const
{
    double p = 0;
    for (double v : write)
        p = std::max(p, v);
    for (double v : read)
        p = std::max(p, v);
    return p;
}

QVector<ShardSeriesView> shardSeries(const service::MetricsWindow &window, bool openOnly)
{
    QVector<ShardSeriesView> out;
    out.reserve(qsizetype(window.shards.size()));
    for (const auto &shard : window.shards) {
        if (openOnly && !shard.open)
            continue;
        ShardSeriesView v;
        v.shardId = QString::fromStdString(shard.shardId);
        v.open = shard.open;
        v.write.reserve(qsizetype(shard.samples.size()));
        v.read.reserve(qsizetype(shard.samples.size()));
        v.throttled.reserve(qsizetype(shard.samples.size()));
        for (const auto &s : shard.samples) {
            v.write.push_back(writeUtilisation(value(s, Metric::IncomingBytes),
                                               value(s, Metric::IncomingRecords)));
            v.read.push_back(readUtilisation(value(s, Metric::OutgoingBytes)));
            const qint64 w = s.values[int(Metric::WriteProvisionedThroughputExceeded)];
            const qint64 r = s.values[int(Metric::ReadProvisionedThroughputExceeded)];
            v.throttled.push_back(w > 0 || r > 0);
            v.writeThrottled += w;
            v.readThrottled += r;
            if (s.values[int(Metric::GetRecordsCalls)] > 0)
                v.iteratorAgeMs = s.values[int(Metric::IteratorAgeMilliseconds)];
        }
        if (!shard.samples.empty()) {
            const auto &last = shard.samples.back();
            v.writeBytes = value(last, Metric::IncomingBytes);
            v.writeRecords = value(last, Metric::IncomingRecords);
            v.readBytes = value(last, Metric::OutgoingBytes);
            v.readRecords = value(last, Metric::OutgoingRecords);
        }
        out.push_back(std::move(v));
    }
    return out;
}

WriteLimitHistory writeLimitHistory(const std::vector<core::ShardInfo> &shards, qint64 lastSecond,
                                    int seconds)
{
    WriteLimitHistory h;
    // A shard counts in a second when it was open at that second's end: a split's children, not
    // its parent, carry the second it happened in.
    const auto openAt = [&](qint64 ms) {
        int n = 0;
        for (const auto &sh : shards)
            if (sh.createdMs <= ms && (sh.open || sh.closedMs > ms))
                ++n;
        return n;
    };
    const auto endOf = [](qint64 second) { return second * 1000 + 999; };
    const qint64 first = lastSecond - seconds + 1;
    h.openShards.reserve(seconds);
    for (int i = 0; i < seconds; ++i)
        h.openShards.push_back(openAt(endOf(first + i)));
    for (int i = 0; i < seconds; ++i) {
        const qint64 second = first + i;
        // The shards this second created, by the operation that created them.
        std::map<std::string, int> splits; // parent → children
        QStringList merged;
        int born = 0;
        for (const auto &sh : shards) {
            if (sh.createdMs / 1000 != second || !sh.parentShardId)
                continue;
            ++born;
            if (sh.adjacentParentShardId)
                merged << QStringLiteral("%1 + %2").arg(
                    shortShardLabel(QString::fromStdString(*sh.parentShardId)),
                    shortShardLabel(QString::fromStdString(*sh.adjacentParentShardId)));
            else
                ++splits[*sh.parentShardId];
        }
        if (born == 0)
            continue;
        ReshardMark m;
        m.index = i;
        m.before = openAt(endOf(second - 1));
        m.after = h.openShards[i];
        if (splits.size() == 1 && merged.isEmpty())
            m.label = QObject::tr("split %1")
                          .arg(shortShardLabel(QString::fromStdString(splits.begin()->first)));
        else if (splits.empty() && merged.size() == 1)
            m.label = QObject::tr("merge %1").arg(merged.front());
        else
            m.label = QObject::tr("%1 → %2 shards").arg(m.before).arg(m.after);
        h.marks.push_back(m);
    }
    return h;
}

StreamSeriesView streamSeries(const service::MetricsWindow &window)
{
    StreamSeriesView v;
    for (const auto &s : window.stream) {
        v.recordsIn.push_back(value(s, Metric::IncomingRecords));
        v.recordsOut.push_back(value(s, Metric::OutgoingRecords));
        v.bytesIn.push_back(value(s, Metric::IncomingBytes));
        v.bytesOut.push_back(value(s, Metric::OutgoingBytes));
        v.writeThrottled.push_back(value(s, Metric::WriteProvisionedThroughputExceeded));
        v.readThrottled.push_back(value(s, Metric::ReadProvisionedThroughputExceeded));
        v.lastSecond = s.second;
    }
    return v;
}

double retentionShare(qint64 iteratorAgeMs, int retentionHours)
{
    if (retentionHours <= 0)
        return 0;
    return std::clamp(double(iteratorAgeMs) / (double(retentionHours) * 3600.0 * 1000.0), 0.0, 1.0);
}

QVector<KeyShare> topKeys(const service::ShardMetrics &shard, qint64 nowMs, int limit)
{
    // The sketch counts the minute in progress, including the second in progress; the samples
    // cover complete seconds. Sum the samples of this minute and add the part of the current
    // second the sketch has seen but the samples have not (bounded below by the top key itself).
    // A key's rate is its count over the seconds it was counted in: from the shard's first
    // second with records this minute (a generator started at 10:00:40 has been measured for
    // the seconds since, not for the 40 before it), to now.
    const qint64 minuteStartSecond = (nowMs / 60000) * 60;
    qint64 shardRecords = 0;
    qint64 firstBusySecond = nowMs / 1000; // none complete: the second in progress
    for (const auto &s : shard.samples)
        if (s.second >= minuteStartSecond) {
            const qint64 n = s.values[int(Metric::IncomingRecords)];
            shardRecords += n;
            if (n > 0)
                firstBusySecond = std::min(firstBusySecond, qint64(s.second));
        }
    const double measuredSeconds = std::max(1.0, double(nowMs) / 1000.0 - double(firstBusySecond));
    qint64 keysTotal = 0;
    for (const auto &k : shard.hotKeys)
        keysTotal += k.count - k.overestimate;
    const double total = double(std::max(shardRecords, keysTotal));
    QVector<KeyShare> out;
    for (const auto &k : shard.hotKeys) {
        if (out.size() >= limit)
            break;
        KeyShare ks;
        ks.partitionKey = QString::fromStdString(k.partitionKey);
        ks.count = k.count;
        ks.lowerBound = k.count - k.overestimate;
        ks.share = total > 0 ? std::clamp(double(ks.lowerBound) / total, 0.0, 1.0) : 0.0;
        ks.shareUpper = total > 0 ? std::clamp(double(ks.count) / total, 0.0, 1.0) : 0.0;
        ks.perSecond = double(k.count) / measuredSeconds;
        out.push_back(std::move(ks));
    }
    return out;
}

MergeForecast forecastMerge(const service::MetricsWindow &window, const std::string &a,
                            const std::string &b, int seconds)
{
    MergeForecast f{};
    const std::string ids[2] = {a, b};
    for (int i = 0; i < 2; ++i) {
        f.recordsPerSecond[i] = 0;
        f.bytesPerSecond[i] = 0;
        for (const auto &s : window.shards) {
            if (s.shardId != ids[i])
                continue;
            const std::size_t n = std::min(s.samples.size(), std::size_t(std::max(seconds, 0)));
            for (std::size_t k = s.samples.size() - n; k < s.samples.size(); ++k) {
                f.recordsPerSecond[i] += double(s.samples[k].values[int(Metric::IncomingRecords)]);
                f.bytesPerSecond[i] += double(s.samples[k].values[int(Metric::IncomingBytes)]);
            }
            if (n > 0) {
                f.recordsPerSecond[i] /= double(n);
                f.bytesPerSecond[i] /= double(n);
            }
            f.seconds = std::max(f.seconds, int(n));
        }
    }
    f.records = f.recordsPerSecond[0] + f.recordsPerSecond[1];
    f.bytes = f.bytesPerSecond[0] + f.bytesPerSecond[1];
    const core::LimitsProfile aws = core::LimitsProfile::aws();
    f.load = std::max(f.records / double(aws.writeRecordsPerSecond),
                      f.bytes / double(aws.writeBytesPerSecond));
    return f;
}

QString describeMerge(const MergeForecast &f, const QString &a, const QString &b)
{
    if (f.seconds == 0)
        return QObject::tr("No writes measured on %1 or %2 yet: the merged shard starts with "
                           "what they take from now.")
            .arg(a, b);
    const QString rates
        = QObject::tr("Over the last %1 s, %2 took %3 records/s (%4) and %5 took %6 records/s "
                      "(%7): the merged shard would take %8 records/s and %9")
              .arg(f.seconds)
              .arg(a)
              .arg(f.recordsPerSecond[0], 0, 'f', 0)
              .arg(formatBytesRate(f.bytesPerSecond[0]))
              .arg(b)
              .arg(f.recordsPerSecond[1], 0, 'f', 0)
              .arg(formatBytesRate(f.bytesPerSecond[1]))
              .arg(f.records, 0, 'f', 0)
              .arg(formatBytesRate(f.bytes));
    if (f.over())
        return rates
               + QObject::tr(" — over one shard's limit of 1,000 records/s and 1 MiB/s (%1 % of "
                             "it). About %2 % of its writes would be throttled "
                             "(ProvisionedThroughputExceededException). Keep them apart, or "
                             "merge when the traffic is lower.")
                     .arg(100.0 * f.load, 0, 'f', 0)
                     .arg(100.0 * (1.0 - 1.0 / f.load), 0, 'f', 0);
    return rates
           + QObject::tr(", %1 % of one shard's limit: within it.").arg(100.0 * f.load, 0, 'f', 0);
}

QString formatAge(qint64 ms)
{
    if (ms < 1000)
        return QStringLiteral("%1 ms").arg(ms);
    const qint64 s = ms / 1000;
    if (s < 60)
        return QStringLiteral("%1 s").arg(s);
    if (s < 3600)
        return QStringLiteral("%1 min %2 s").arg(s / 60).arg(s % 60);
    if (s < 86400)
        return QStringLiteral("%1 h %2 min").arg(s / 3600).arg((s % 3600) / 60);
    return QStringLiteral("%1 d %2 h").arg(s / 86400).arg((s % 86400) / 3600);
}

QString formatBytes(double b)
{
    if (b < 1024)
        return QStringLiteral("%1 B").arg(b, 0, 'f', 0);
    if (b < 1024.0 * 1024.0)
        return QStringLiteral("%1 KiB").arg(b / 1024.0, 0, 'f', 1);
    if (b < 1024.0 * 1024.0 * 1024.0)
        return QStringLiteral("%1 MiB").arg(b / (1024.0 * 1024.0), 0, 'f', 2);
    return QStringLiteral("%1 GiB").arg(b / (1024.0 * 1024.0 * 1024.0), 0, 'f', 2);
}

QString formatBytesRate(double b)
{
    return formatBytes(b) + QStringLiteral("/s");
}

} // namespace shs::ui
