// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
// Stream and account settings: enhanced (shard-level) monitoring and the account's minimum
// throughput billing commitment. The values and their rules are in stream_settings.h and
// account_settings.h; this is where the operations reach them.
#include "catalogue.h"
#include "engine_impl.h"

namespace shs::core {

namespace {

template <class Impl>
Result<EnhancedMonitoringResult> switchMonitoring(Impl &d, const EnhancedMonitoringRequest &req,
                                                  bool on)
{
    const auto &op = on ? ops::EnableEnhancedMonitoring : ops::DisableEnhancedMonitoring;
    auto sr = d.writableStream(req.stream, op.name.data(), op.rate.perSecond);
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
    if (auto c = d->allowControl(ops::DescribeAccountSettings.name.data(),
                                 ops::DescribeAccountSettings.rate.perSecond);
        !c)
        return c.error();
    return AccountSettings{d->commitment.at(d->now())};
}

Result<AccountSettings> Engine::updateAccountSettings(const UpdateAccountSettingsRequest &req)
{
    if (auto w = d->checkWritable(); !w)
        return w.error();
    if (auto c = d->allowControl(ops::UpdateAccountSettings.name.data(),
                                 ops::UpdateAccountSettings.rate.perSecond);
        !c)
        return c.error();
    auto updated = d->commitment.update(req.commitment.status, d->now());
    if (!updated)
        return updated.error();
    d->batch.meta[CommitmentState::kMetaKey] = d->commitment.encode();
    ++d->version;
    return AccountSettings{*updated};
}

} // namespace shs::core
