// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// ConsumerOptions: a consumer application's configuration, with the KCL's names and defaults where
// it has them (failoverTimeMillis, maxLeasesToStealAtOneTime, maxRecords,
// idleTimeBetweenReadsInMillis, parentShardPollIntervalMillis, initialPositionInStream).
#include "record_processor.h"

#include "engine/api.h"

#include <cstdint>
#include <optional>
#include <string>

namespace shs::consumer {

struct ConsumerOptions
{
    std::string application; ///< the KCL's applicationName (and lease table name)
    std::string stream;
    /// initialPositionInStream: TrimHorizon, Latest or AtTimestamp.
    core::ShardIteratorType initialPosition = core::ShardIteratorType::TrimHorizon;
    std::optional<std::int64_t> initialTimestampMs = {};
    ProcessorSpec processor = {};
    int checkpointEveryRecords = 1000;       ///< 0: not by count
    std::int64_t checkpointEveryMs = 10'000; ///< 0: not by time
    std::int64_t leaseDurationMs = 10'000;   ///< failoverTimeMillis
    int maxStealsAtOnce = 1;                 ///< maxLeasesToStealAtOneTime
    int maxRecords = 10'000;                 ///< GetRecords Limit
    std::int64_t idleBetweenReadsMs = 1'000; ///< idleTimeBetweenReadsInMillis
    std::int64_t parentPollMs = 10'000;      ///< parentShardPollIntervalMillis
    std::int64_t throttleBackoffMs = 1'000;  ///< after ProvisionedThroughputExceeded
    /// Enhanced fan-out retrieval (SubscribeToShard) instead of polling: the application
    /// registers a consumer named after itself, as the KCL does, and each shard subscribes.
    bool fanOut = false;
    /// Set by the application once its consumer is ACTIVE (fan-out only).
    std::string consumerArn = {};
};

} // namespace shs::consumer
