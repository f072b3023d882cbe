// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
// Stream and account settings: enhanced (shard-level) monitoring, the largest record, the warm
// throughput and the record distribution strategy, and the account's minimum throughput billing
// commitment (On-demand Advantage) that the warm throughput and the cost meter depend on. The
// values and their rules are in stream_settings.h and account_settings.h; this is where the
// operations reach them.
#include "catalogue.h"
#include "engine_impl.h"

namespace shs::core {

namespace {

template <class Impl>
Result<EnhancedMonitoringResult> switchMonitoring(Impl &d, const EnhancedMonitoringRequest &req,
                                                  bool on)
{
    const auto &op = on ? ops::EnableEnhancedMonitoring : ops::DisableEnhancedMonitoring;
    auto sr = d.writableStream(req.stream, op);
    if (!sr)
        return sr.error();
    Stream &s = **sr;
    auto desired = switchMetrics(s.settings.shardLevelMetrics, req.shardLevelMetrics, on);
    if (!desired)
        return desired.error();
    if (s.status != StreamStatus::Active)
        return d.notActive(s);
    EnhancedMonitoringResult out{s.name, s.settings.shardLevelMetrics, *desired, d.arnFor(s.name)};
    s.settings.shardLevelMetrics = std::move(*desired);
    d.markDirty(s);
    return out;
}

} // namespace

Result<EnhancedMonitoringResult>
Engine::enableEnhancedMonitoring(const EnhancedMonitoringRequest &req)
{
    return switchMonitoring(*d, req, true);
}

Result<EnhancedMonitoringResult>
Engine::disableEnhancedMonitoring(const EnhancedMonitoringRequest &req)
{
    return switchMonitoring(*d, req, false);
}

Result<AccountSettings> Engine::describeAccountSettings()
{
    if (auto c = d->allowControl(ops::DescribeAccountSettings); !c)
        return c.error();
    return AccountSettings{d->commitment.at(d->now())};
}

Result<AccountSettings> Engine::updateAccountSettings(const UpdateAccountSettingsRequest &req)
{
    if (auto w = d->checkWritable(); !w)
        return w.error();
    if (auto c = d->allowControl(ops::UpdateAccountSettings); !c)
        return c.error();
    auto updated = d->commitment.update(req.commitment.status, d->now());
    if (!updated)
        return updated.error();
    d->batch.meta[CommitmentState::kMetaKey] = d->commitment.encode();
    d->commitmentInForce();
    ++d->version;
    return AccountSettings{*updated};
}

Result<void> Engine::updateMaxRecordSize(const UpdateMaxRecordSizeRequest &req)
{
    auto sr = d->writableStream(req.stream, ops::UpdateMaxRecordSize);
    if (!sr)
        return sr.error();
    Stream &s = **sr;
    const auto kib = req.maxRecordSizeInKiB;
    if (kib < kDefaultMaxRecordSizeKiB)
        return validation(std::to_string(kib), "maxRecordSizeInKiB",
                          "Member must have value greater than or equal to 1024");
    if (kib > kMaxMaxRecordSizeKiB)
        return validation(std::to_string(kib), "maxRecordSizeInKiB",
                          "Member must have value less than or equal to 10240");
    if (s.status != StreamStatus::Active)
        return d->notActive(s);
    s.settings.maxRecordSizeKiB = static_cast<int>(kib);
    d->markDirty(s);
    return ok();
}

Result<UpdateStreamWarmThroughputResult>
Engine::updateStreamWarmThroughput(const UpdateStreamWarmThroughputRequest &req)
{
    auto sr = d->writableStream(req.stream, ops::UpdateStreamWarmThroughput);
    if (!sr)
        return sr.error();
    Stream &s = **sr;
    if (req.warmThroughputMiBps < 0)
        return validation(std::to_string(req.warmThroughputMiBps), "warmThroughputMiBps",
                          "Member must have value greater than or equal to 0");
    if (auto w = d->checkWarmThroughput(&s, s.mode, req.warmThroughputMiBps); !w)
        return w.error();
    if (s.status != StreamStatus::Active)
        return d->notActive(s);
    const int wanted = static_cast<int>(req.warmThroughputMiBps);
    const int open = static_cast<int>(s.openByStart.size());
    if (wanted > open)
        if (auto l = d->checkShardLimit(wanted - open); !l)
            return l.error();
    const std::int64_t t = d->now();
    const auto current = d->warmThroughputOf(s);
    s.settings.warmThroughputMiBps = req.warmThroughputMiBps;
    s.status = StreamStatus::Updating;
    s.statusSinceMs = t;
    s.pending = PendingOp{PendingOp::Warm, 0, 0, {}, req.warmThroughputMiBps, s.mode, {}};
    d->markDirty(s);
    return UpdateStreamWarmThroughputResult{
        d->arnFor(s.name), s.name,
        WarmThroughput{req.warmThroughputMiBps, current ? current->currentMiBps : std::nullopt}};
}

Result<void> Engine::updateStreamRecordDistributionStrategy(
    const UpdateStreamRecordDistributionStrategyRequest &req)
{
    auto sr = d->writableStream(req.stream, ops::UpdateStreamRecordDistributionStrategy);
    if (!sr)
        return sr.error();
    Stream &s = **sr;
    const bool autoOn = req.strategy == RecordDistributionStrategy::Auto;
    if (autoOn && s.mode != StreamMode::OnDemand)
        return makeError(ErrorCode::InvalidArgument,
                         "Stream " + s.name + " under account " + d->account()
                             + " is PROVISIONED; the AUTO record distribution strategy is only "
                               "supported for streams with the on-demand capacity mode.");
    if (s.status != StreamStatus::Active)
        return d->notActive(s);
    s.settings.autoDistribution = autoOn; // takes effect for the next record
    d->markDirty(s);
    return ok();
}

// ----------------------------------------------------------------------------- warm throughput

bool Engine::Impl::commitmentInForce()
{
    advantage = commitment.at(now()).status != "DISABLED";
    return advantage;
}

int Engine::Impl::warmShards(const Stream &s) const
{
    if (s.mode != StreamMode::OnDemand || !advantage || s.settings.warmThroughputMiBps <= 0)
        return 0;
    return shardsForWarmThroughput(s.settings.warmThroughputMiBps);
}

int Engine::Impl::shardsForWarmThroughput(std::int64_t mibps)
{
    const std::int64_t perShard = LimitsProfile::aws().writeBytesPerSecond;
    return static_cast<int>((mibps * kMiB + perShard - 1) / perShard);
}

std::optional<WarmThroughput> Engine::Impl::warmThroughputOf(const Stream &s) const
{
    if (s.mode != StreamMode::OnDemand || !advantage)
        return std::nullopt;
    const std::int64_t perShard = LimitsProfile::aws().writeBytesPerSecond;
    const auto current = std::int64_t(s.openByStart.size()) * perShard / kMiB;
    WarmThroughput w;
    w.currentMiBps = current;
    if (s.settings.warmThroughputMiBps > 0)
        w.targetMiBps = s.settings.warmThroughputMiBps;
    return w;
}

void Engine::Impl::warmUp(Stream &s, std::int64_t t)
{
    const int open = static_cast<int>(s.openByStart.size());
    // Within the account's shard limit.
    const int wanted = std::min(warmShards(s), open + config.shardLimit - openShardTotal());
    if (open >= wanted || failure)
        return;
    // Scaled as UpdateShardCount scales, to equal hash ranges: a warm throughput of N MiB/s is
    // N shards that evenly spread keys can all use.
    doUniformScale(s, wanted, t);
    s.scaler.scaled(t);
    verifyTiling(s);
    markDirty(s);
}

Result<void> Engine::Impl::checkWarmThroughput(const Stream *s, StreamMode mode, std::int64_t mibps)
{
    const std::string what
        = s ? "Stream " + s->name + " under account " + account() : std::string("The stream");
    if (mode != StreamMode::OnDemand)
        return makeError(ErrorCode::Validation,
                         "Specifies that you tried to invoke this API for a data stream with the "
                         "provisioned capacity mode. Warm throughput is only supported for data "
                         "streams with the on-demand capacity mode.");
    if (!commitmentInForce())
        return makeError(ErrorCode::InvalidArgument,
                         what
                             + " cannot have a warm throughput: warm throughput needs the "
                               "account's minimum throughput billing commitment (On-demand "
                               "Advantage). Enable it with UpdateAccountSettings first.");
    if (mibps > kMaxWarmThroughputMiBps)
        return makeError(ErrorCode::LimitExceeded,
                         what + " cannot be warmed to " + std::to_string(mibps)
                             + " MiBps: the limit is " + std::to_string(kMaxWarmThroughputMiBps)
                             + " MiBps (10 GiBps) per on-demand stream.");
    return ok();
}

} // namespace shs::core
