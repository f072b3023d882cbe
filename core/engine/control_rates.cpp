// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "control_rates.h"

namespace shs::core {

Result<void> ControlPlaneRates::allow(std::string_view operation, std::int64_t perSecond,
                                      std::string_view stream, std::string_view account,
                                      std::int64_t nowMs)
{
    std::string key(operation);
    key += '/';
    key += stream;
    auto it = m_buckets.find(key);
    if (it == m_buckets.end())
        it = m_buckets.emplace(std::move(key), TokenBucket(perSecond, perSecond, nowMs)).first;
    if (it->second.tryTake(1, nowMs))
        return ok();
    std::string message
        = stream.empty() ? "Rate exceeded for account "
                         : "Rate exceeded for stream " + std::string(stream) + " under account ";
    message += account;
    message += '.';
    return makeError(ErrorCode::LimitExceeded, std::move(message));
}

} // namespace shs::core
