// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// ControlPlaneRates: the control plane's call rates (kinesis-api.md §5.2) as the "aws" limits
// profile applies them — a token bucket per operation, counted per account or per stream as the
// catalogue's RateScope says; over the rate, LimitExceededException with AWS's text. An engine
// module: the engine asks it at the door of every control-plane call.
//
// Invariant: buckets live in memory only and restart full (engine invariant 7); clear() when the
// limits profile changes.
// Thread safety: not thread-safe; owned by the engine.
#include "result.h"
#include "throughput_limiter.h"

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

namespace shs::core {

class ControlPlaneRates final
{
  public:
    /// One call of `operation` at `nowMs`: ok, or LimitExceededException naming the account (or,
    /// with `stream`, the stream) whose rate of `perSecond` it exceeds.
    Result<void> allow(std::string_view operation, std::int64_t perSecond, std::string_view stream,
                       std::string_view account, std::int64_t nowMs);
    void clear() { m_buckets.clear(); }

  private:
    std::map<std::string, TokenBucket, std::less<>> m_buckets; ///< "Operation/stream"
};

} // namespace shs::core
