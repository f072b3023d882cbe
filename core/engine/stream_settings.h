// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// StreamSettings: what the later operations set on a stream — shard-level (enhanced) monitoring,
// the resource policy, the largest record, the warm throughput and the record distribution
// strategy — with their rules, and their persisted form (the streams table's
// `settings` column; fields it does not know are skipped, so later settings can join).
#include "result.h"

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace shs::core {

/// The shard-level metrics EnableEnhancedMonitoring switches, in the model's order.
inline constexpr std::array<std::string_view, 7> kShardLevelMetrics
    = {"IncomingBytes",
       "IncomingRecords",
       "OutgoingBytes",
       "OutgoingRecords",
       "WriteProvisionedThroughputExceeded",
       "ReadProvisionedThroughputExceeded",
       "IteratorAgeMilliseconds"};

/// Kinesis's limit on a resource policy document, in bytes.
inline constexpr std::size_t kMaxResourcePolicyBytes = 20480;

struct StreamSettings
{
    std::vector<std::string> shardLevelMetrics; ///< enabled, in kShardLevelMetrics order
    std::string resourcePolicy;                 ///< verbatim; empty: none
    int maxRecordSizeKiB = 1024;                ///< data plus partition key, 1,024-10,240
    std::int64_t warmThroughputMiBps = 0;       ///< on-demand, with the commitment; 0: none
    bool autoDistribution = false;              ///< RecordDistributionStrategy AUTO (on-demand)

    std::int64_t maxRecordBytes() const { return std::int64_t{maxRecordSizeKiB} * 1024; }

    std::string encode() const;
    static StreamSettings decode(std::string_view text);
};

/// `current` with `names` switched on or off (ALL: the seven), in kShardLevelMetrics order; a
/// name that is not a metric is AWS's ValidationException for the list.
Result<std::vector<std::string>> switchMetrics(const std::vector<std::string> &current,
                                               const std::vector<std::string> &names, bool on);

/// A resource policy as Kinesis takes it: a JSON object of at most kMaxResourcePolicyBytes with
/// a Version and a Statement. The refusal names what is wrong.
Result<void> checkPolicyDocument(std::string_view policy);

} // namespace shs::core
