// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "lesson_recorder.h"

#include "goal_check.h"
#include "lesson_runner.h"

#include "engine/catalogue.h"

#include <QLocale>

#include <algorithm>
#include <cmath>
#include <map>

namespace shs::lesson {

namespace {

constexpr int kRateSeconds = 10; ///< the window a recorded rate or throttling is judged over

const core::StreamInfo *streamOf(const core::EngineSnapshot &snapshot, const core::StreamRef &ref)
{
    for (const auto &s : snapshot.streams)
        if ((!ref.name.empty() && s.name == ref.name) || (!ref.arn.empty() && s.arn == ref.arn))
            return &s;
    return nullptr;
}

const core::ShardInfo *shardOf(const core::StreamInfo &stream, const std::string &id)
{
    for (const auto &s : stream.shards)
        if (s.shardId == id)
            return &s;
    return nullptr;
}

/// The place of `shard` among the open shards in hash-key order, counted by the open shards
/// wholly below it: the same before and after the split or merge that changes `shard`.
int openPlace(const core::StreamInfo &stream, const core::ShardInfo &shard)
{
    int below = 0;
    for (const auto &s : stream.shards)
        if (s.open && s.endingHashKey < shard.startingHashKey)
            ++below;
    return below;
}

ShardRef place(int index)
{
    ShardRef r;
    r.openIndex = index;
    return r;
}

std::string modeName(core::StreamMode mode)
{
    return mode == core::StreamMode::OnDemand ? "ON_DEMAND" : "PROVISIONED";
}

Action named(Action::Kind kind, const std::string &stream)
{
    Action a;
    a.kind = kind;
    a.stream = stream;
    return a;
}

template <class R> const R &as(const void *request)
{
    return *static_cast<const R *>(request);
}

/// Puts as putRecords actions: consecutive records with the same key and data become one action
/// of up to 500.
std::vector<Action> puts(const std::string &stream,
                         const std::vector<std::pair<std::string, std::string>> &records)
{
    std::vector<Action> out;
    for (const auto &[key, data] : records) {
        if (!out.empty() && out.back().key == key && out.back().data == data
            && out.back().count < 500) {
            ++out.back().count;
            continue;
        }
        Action a = named(Action::Kind::PutRecords, stream);
        a.key = key;
        a.data = data;
        a.count = 1;
        out.push_back(std::move(a));
    }
    return out;
}

} // namespace

std::vector<Action> startingState(const core::EngineSnapshot &snapshot)
{
    std::vector<Action> out;
    for (const auto &s : snapshot.streams) {
        if (s.status == core::StreamStatus::Deleting)
            continue;
        Action create = named(Action::Kind::CreateStream, s.name);
        if (s.mode == core::StreamMode::OnDemand)
            create.mode = "ON_DEMAND";
        else
            create.shards = std::clamp(s.openShardCount, 1, 64);
        out.push_back(create);
        if (s.retentionHours != 24) {
            Action r = named(Action::Kind::SetRetention, s.name);
            r.hours = s.retentionHours;
            out.push_back(r);
        }
    }
    return out;
}

std::vector<Action> actionsOf(std::string_view operation, const void *request,
                              const core::EngineSnapshot &snapshot)
{
    namespace ops = core::ops;
    if (operation == ops::CreateStream.name) {
        const auto &r = as<core::CreateStreamRequest>(request);
        Action a = named(Action::Kind::CreateStream, r.streamName);
        if (r.mode == core::StreamMode::OnDemand)
            a.mode = "ON_DEMAND";
        else
            a.shards = int(r.shardCount.value_or(1));
        return {a};
    }
    if (operation == ops::PutRecords.name) {
        const auto &r = as<core::PutRecordsRequest>(request);
        const auto *s = streamOf(snapshot, r.stream);
        if (!s)
            return {};
        std::vector<std::pair<std::string, std::string>> records;
        for (const auto &e : r.records)
            records.emplace_back(e.partitionKey, e.data);
        return puts(s->name, records);
    }
    if (operation == ops::PutRecord.name) {
        const auto &r = as<core::PutRecordRequest>(request);
        const auto *s = streamOf(snapshot, r.stream);
        return s ? puts(s->name, {{r.partitionKey, r.data}}) : std::vector<Action>{};
    }
    // The rest name a stream that exists.
    const core::StreamRef *ref = nullptr;
    if (operation == ops::DeleteStream.name)
        ref = &as<core::DeleteStreamRequest>(request).stream;
    else if (operation == ops::SplitShard.name)
        ref = &as<core::SplitShardRequest>(request).stream;
    else if (operation == ops::MergeShards.name)
        ref = &as<core::MergeShardsRequest>(request).stream;
    else if (operation == ops::UpdateShardCount.name)
        ref = &as<core::UpdateShardCountRequest>(request).stream;
    else if (operation == ops::UpdateStreamMode.name)
        ref = &as<core::UpdateStreamModeRequest>(request).stream;
    else if (operation == ops::IncreaseStreamRetentionPeriod.name
             || operation == ops::DecreaseStreamRetentionPeriod.name)
        ref = &as<core::RetentionRequest>(request).stream;
    else
        return {};
    const auto *s = streamOf(snapshot, *ref);
    if (!s)
        return {};
    if (operation == ops::DeleteStream.name)
        return {named(Action::Kind::DeleteStream, s->name)};
    if (operation == ops::SplitShard.name) {
        const auto &r = as<core::SplitShardRequest>(request);
        const auto *parent = shardOf(*s, r.shardToSplit);
        if (!parent)
            return {};
        Action a = named(Action::Kind::Split, s->name);
        a.shard = place(openPlace(*s, *parent));
        const std::string middle = splitKey(*parent, "middle");
        a.at = r.newStartingHashKey == middle ? "middle" : r.newStartingHashKey;
        return {a};
    }
    if (operation == ops::MergeShards.name) {
        const auto &r = as<core::MergeShardsRequest>(request);
        const auto *x = shardOf(*s, r.shardToMerge);
        const auto *y = shardOf(*s, r.adjacentShardToMerge);
        if (!x || !y)
            return {};
        const auto *lower = x->startingHashKey < y->startingHashKey ? x : y;
        Action a = named(Action::Kind::Merge, s->name);
        a.shard = place(openPlace(*s, *lower));
        a.with = place(a.shard.openIndex + 1);
        return {a};
    }
    if (operation == ops::UpdateShardCount.name) {
        Action a = named(Action::Kind::UpdateShardCount, s->name);
        a.target = int(as<core::UpdateShardCountRequest>(request).targetShardCount);
        return {a};
    }
    if (operation == ops::UpdateStreamMode.name) {
        Action a = named(Action::Kind::SetCapacityMode, s->name);
        a.mode = modeName(as<core::UpdateStreamModeRequest>(request).mode);
        return {a};
    }
    Action a = named(Action::Kind::SetRetention, s->name);
    a.hours = int(as<core::RetentionRequest>(request).retentionPeriodHours);
    return {a};
}

Action generatorAction(const producer::GeneratorSpec &spec)
{
    Action a = named(Action::Kind::StartGenerator, spec.streamName);
    a.rate = spec.recordsPerSecond;
    a.keys = spec.distinctKeys;
    a.distribution = distributionName(spec.distribution);
    a.recordBytes = spec.recordBytes;
    a.retry = spec.retryThrottled;
    return a;
}

Goal goalFromState(const core::StreamInfo &stream, const service::MetricsWindow *metrics)
{
    Goal g;
    QStringList said;
    const QLocale english(QLocale::English);
    auto add = [&](Check::Kind kind) -> Check & {
        Check c;
        c.kind = kind;
        c.stream = stream.name;
        g.checks.push_back(c);
        return g.checks.back();
    };
    if (stream.mode == core::StreamMode::Provisioned) {
        auto &open = add(Check::Kind::OpenShards);
        open.min = open.max = stream.openShardCount;
        said << QStringLiteral("%1 open shard(s)").arg(stream.openShardCount);
    } else {
        add(Check::Kind::CapacityMode).mode = "ON_DEMAND";
        said << QStringLiteral("on-demand");
    }
    const auto closed = std::count_if(stream.shards.begin(), stream.shards.end(),
                                      [](const auto &s) { return !s.open; });
    if (closed > 0) {
        add(Check::Kind::ClosedShards).min = int(closed);
        said << QStringLiteral("%1 closed parent shard(s)").arg(closed);
    }
    if (stream.retentionHours > 24) {
        add(Check::Kind::RetentionHours).min = stream.retentionHours;
        said << QStringLiteral("records kept %1 hours").arg(stream.retentionHours);
    }
    if (metrics && !metrics->stream.empty()) {
        const auto n = std::min<std::size_t>(metrics->stream.size(), kRateSeconds);
        std::int64_t records = 0;
        std::int64_t throttled = 0;
        for (auto it = metrics->stream.end() - std::ptrdiff_t(n); it != metrics->stream.end();
             ++it) {
            records += it->values[int(core::Metric::IncomingRecords)];
            throttled += it->values[int(core::Metric::WriteProvisionedThroughputExceeded)];
        }
        if (throttled > 0) {
            add(Check::Kind::Throttled).seconds = kRateSeconds;
            said << QStringLiteral("writes throttled");
        } else if (records > 0) {
            auto &c = add(Check::Kind::NoThrottling);
            c.seconds = kRateSeconds;
            // A tenth below what it takes now, so the same traffic meets the goal again.
            c.minRate = std::floor(double(records) / double(n) * 0.9);
            said << QStringLiteral("%1 records/s with no write throttled")
                        .arg(english.toString(qint64(c.minRate)));
        }
    }
    g.text = QStringLiteral("Bring %1 to %2.")
                 .arg(QString::fromStdString(stream.name), said.join(QStringLiteral(", ")));
    return g;
}

} // namespace shs::lesson
