// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The account's minimum throughput billing commitment (On-demand Advantage), as
// UpdateAccountSettings and DescribeAccountSettings see it: enabled for at least 24 hours; a
// disable asked for earlier is ENABLED_UNTIL_EARLIEST_ALLOWED_END and takes effect then.
// Persisted in the engine's meta data.
#include "api.h"
#include "result.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace shs::core {

inline constexpr std::int64_t kCommitmentMinimumMs = 24LL * 3600 * 1000;

class CommitmentState
{
  public:
    /// The commitment as of `nowMs`.
    MinimumThroughputBillingCommitment at(std::int64_t nowMs) const;
    /// ENABLED or DISABLED, asked at `nowMs`; the commitment afterwards.
    Result<MinimumThroughputBillingCommitment> update(std::string_view status, std::int64_t nowMs);

    std::string encode() const;
    static CommitmentState decode(std::string_view text);
    static constexpr const char *kMetaKey = "account.commitment";

  private:
    std::string m_status = "DISABLED";
    std::int64_t m_startedMs = 0;
    std::int64_t m_endedMs = 0;
    std::int64_t m_earliestEndMs = 0;
};

} // namespace shs::core
