// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Every Kinesis limit the engine enforces, in one place. Sources: kinesis-api.md §1.7 and §5.2,
// https://docs.aws.amazon.com/streams/latest/dev/service-sizes-and-limits.html
#include <cstdint>

namespace shs::core {

inline constexpr std::int64_t kMiB = 1024 * 1024;

// Records (PutRecord / PutRecords).
inline constexpr std::int64_t kMaxRecordBytes = kMiB;                // data + partition key
inline constexpr std::int64_t kMaxPutRecordsRequestBytes = 5 * kMiB; // incl. partition keys
// Large records (UpdateMaxRecordSize): a stream may take records of up to MaxRecordSizeInKiB
// (1,024-10,240); PutRecords requests to such a stream may total 10 MiB.
inline constexpr int kDefaultMaxRecordSizeKiB = 1024;
inline constexpr int kMaxMaxRecordSizeKiB = 10240;
inline constexpr std::int64_t kMaxPutRecordsLargeRequestBytes = 10 * kMiB;
// Warm throughput (UpdateStreamWarmThroughput): at most 10 GiB/s per on-demand stream.
inline constexpr std::int64_t kMaxWarmThroughputMiBps = 10240;
inline constexpr int kMaxPutRecordsCount = 500;
inline constexpr int kMaxPartitionKeyChars = 256;

// Reads (GetRecords).
inline constexpr int kMaxGetRecordsLimit = 10000;
inline constexpr std::int64_t kMaxGetRecordsBytes = 10 * kMiB;
inline constexpr std::int64_t kIteratorLifetimeMs = 300'000;  // 5 minutes
inline constexpr std::int64_t kNextTokenLifetimeMs = 300'000; // ListShards / ListStreams tokens

// Streams.
inline constexpr int kMinRetentionHours = 24;
inline constexpr int kMaxRetentionHours = 8760; // 365 days
inline constexpr int kDefaultRetentionHours = 24;
inline constexpr int kMaxStreamNameLength = 128;
inline constexpr int kOnDemandInitialShards = 4;
inline constexpr int kDefaultOnDemandStreamLimit = 50;
inline constexpr int kMaxTagsPerStream = 50;
inline constexpr int kMaxTagKeyLength = 128;
inline constexpr int kMaxTagValueLength = 256;
// Rolling 24-hour allowances per stream.
inline constexpr std::int64_t kRollingDayMs = 24LL * 3600 * 1000;
inline constexpr int kModeSwitchesPerDay = 2; // UpdateStreamMode
/// StartStreamEncryption: "a new AWS KMS key ... 25 times in a rolling 24-hour period".
inline constexpr int kNewKeysPerDay = 25;
inline constexpr int kShardCountUpdatesPerDay = 10; // UpdateShardCount

// Paging.
inline constexpr int kDescribeStreamMaxShards = 100;
inline constexpr int kListShardsMaxResults = 1000;
inline constexpr int kListShardsMaxResultsParam = 10000;
inline constexpr int kListStreamsDefaultLimit = 100;

// Per-shard throughput (enforced by the dynamics layer; shown by DescribeLimits and the UI).
inline constexpr std::int64_t kShardWriteBytesPerSecond = kMiB;
inline constexpr std::int64_t kShardWriteRecordsPerSecond = 1000;
inline constexpr std::int64_t kShardReadBytesPerSecond = 2 * kMiB;
inline constexpr std::int64_t kShardReadCallsPerSecond = 5;

/// Default account shard quota (current AWS docs: 20,000 in us-east-1, us-west-2 and eu-west-1;
/// 1,000 elsewhere). Configurable per engine.
inline constexpr int defaultShardLimitForRegion(bool largeRegion)
{
    return largeRegion ? 20000 : 1000;
}

} // namespace shs::core
