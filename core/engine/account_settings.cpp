// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "account_settings.h"

#include <sstream>

namespace shs::core {

MinimumThroughputBillingCommitment CommitmentState::at(std::int64_t nowMs) const
{
    MinimumThroughputBillingCommitment c;
    c.status = m_status;
    if (m_status == "ENABLED_UNTIL_EARLIEST_ALLOWED_END" && nowMs >= m_earliestEndMs)
        c.status = "DISABLED";
    if (m_startedMs)
        c.startedAtMs = m_startedMs;
    if (m_endedMs)
        c.endedAtMs = m_endedMs;
    if (m_earliestEndMs && c.status != "DISABLED")
        c.earliestAllowedEndAtMs = m_earliestEndMs;
    return c;
}

Result<MinimumThroughputBillingCommitment> CommitmentState::update(std::string_view status,
                                                                   std::int64_t nowMs)
{
    const std::string current = at(nowMs).status;
    if (status == "ENABLED") {
        if (current == "DISABLED") {
            m_startedMs = nowMs;
            m_earliestEndMs = nowMs + kCommitmentMinimumMs;
        }
        m_status = "ENABLED"; // also takes back a disable that had not taken effect
        m_endedMs = 0;
    } else if (status == "DISABLED") {
        if (current == "ENABLED") {
            if (nowMs >= m_earliestEndMs) {
                m_status = "DISABLED";
                m_endedMs = nowMs;
            } else {
                m_status = "ENABLED_UNTIL_EARLIEST_ALLOWED_END";
                m_endedMs = m_earliestEndMs;
            }
        }
    } else {
        return makeError(ErrorCode::Validation,
                         "1 validation error detected: Value '" + std::string(status)
                             + "' at 'minimumThroughputBillingCommitment.status' failed to "
                               "satisfy constraint: Member must satisfy enum value set: "
                               "[ENABLED, DISABLED]");
    }
    return at(nowMs);
}

std::string CommitmentState::encode() const
{
    return m_status + ' ' + std::to_string(m_startedMs) + ' ' + std::to_string(m_endedMs) + ' '
           + std::to_string(m_earliestEndMs);
}

CommitmentState CommitmentState::decode(std::string_view text)
{
    CommitmentState s;
    std::istringstream in{std::string(text)};
    std::string status;
    if (in >> status >> s.m_startedMs >> s.m_endedMs >> s.m_earliestEndMs)
        s.m_status = status;
    else
        s = CommitmentState{};
    return s;
}

} // namespace shs::core
