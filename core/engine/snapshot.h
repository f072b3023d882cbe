// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// EngineSnapshot: an immutable picture of the engine's topology for observers (UI, CLI). The
// engine builds one when topology changes (streams, shards, states); observers never see engine
// internals, only these values.
#include "api.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace shs::core {

struct ShardInfo
{
    std::string shardId;
    std::optional<std::string> parentShardId;
    std::optional<std::string> adjacentParentShardId;
    HashKey startingHashKey;
    HashKey endingHashKey;
    bool open = true;
    std::int64_t createdMs = 0;
    std::int64_t closedMs = 0;
};

struct StreamInfo
{
    std::string name;
    std::uint64_t uid = 0; ///< the engine's key (zones count what they lack by it); 0: remote
    std::string arn;
    StreamStatus status = StreamStatus::Creating;
    StreamMode mode = StreamMode::Provisioned;
    int retentionHours = 24;
    std::int64_t createdMs = 0;
    int openShardCount = 0;
    std::string pendingOperation; ///< while UPDATING, e.g. "SplitShard shardId-000000000001 at ..."
    int modeSwitchesLeft
        = 2; ///< UpdateStreamMode calls left in the rolling 24 h; -1: not known (remote)
    int shardCountUpdatesLeft
        = 10; ///< UpdateShardCount calls left in the rolling 24 h; -1: not known (remote)
    std::vector<ShardInfo> shards;
    std::map<std::string, std::string> tags;
    std::vector<std::string> shardLevelMetrics; ///< enhanced monitoring: what AWS would publish
    int maxRecordSizeKiB = 1024;                ///< data plus partition key
    std::optional<WarmThroughput> warmThroughput = {}; ///< on-demand, with the commitment
    bool autoDistribution = false;        ///< on-demand, RecordDistributionStrategy AUTO
    std::vector<Consumer> consumers = {}; ///< enhanced fan-out consumers, by name
    std::string encryptionType = "NONE";  ///< "KMS" once StartStreamEncryption took effect
    std::string keyId = {};               ///< as StartStreamEncryption named it
};

/// Why the engine turned read-only (sticky until restart).
struct EngineFailure
{
    enum class Kind {
        Storage,   ///< the disk refused a commit (full, I/O error)
        Invariant, ///< the engine's own state broke an invariant (a bug or a damaged database)
        Internal,  ///< an operation threw: a bug
    };
    Kind kind = Kind::Storage;
    std::string message;
};

struct EngineSnapshot
{
    std::uint64_t version = 0;
    std::int64_t engineTimeMs = 0;
    std::string accountId;
    std::string region;
    std::vector<StreamInfo> streams;      // sorted by name
    std::string limitsProfile;            // "aws", "off" or "custom"
    std::string limitsDescription;        // the numbers, for people
    std::optional<EngineFailure> failure; // set once: the engine is read-only, and why
    std::string
        backendNotice; // remote: why the picture may be stale (polling backed off, unreachable)
};

using SnapshotPtr = std::shared_ptr<const EngineSnapshot>;

} // namespace shs::core
