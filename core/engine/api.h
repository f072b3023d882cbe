// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Request and result value types of the engine's Kinesis operations. Field names follow the
// Kinesis API reference (https://docs.aws.amazon.com/kinesis/latest/APIReference/) in our naming;
// wire names appear only in the (de)serializers of the CLI and the endpoint.
// Times are epoch milliseconds. Record data is raw bytes in std::string.
#include "hash_key.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace shs::core {

enum class StreamStatus { Creating, Deleting, Active, Updating };
enum class StreamMode { Provisioned, OnDemand };
enum class ShardIteratorType {
    AtSequenceNumber,
    AfterSequenceNumber,
    TrimHorizon,
    Latest,
    AtTimestamp
};
enum class ShardFilterType {
    AfterShardId,
    AtTrimHorizon,
    FromTrimHorizon,
    AtLatest,
    AtTimestamp,
    FromTimestamp
};
/// How an on-demand stream places records: by partition key (the default) or spread by the
/// service (AUTO, which ignores partition and explicit hash keys).
enum class RecordDistributionStrategy { UserPartitionKey, Auto };
/// An enhanced fan-out consumer's state: CREATING -> ACTIVE, DELETING -> gone.
enum class ConsumerStatus { Creating, Deleting, Active };

const char *toString(StreamStatus s);
const char *toString(StreamMode m);
const char *toString(ShardIteratorType t);
const char *toString(ShardFilterType t);
const char *toString(RecordDistributionStrategy d);
const char *toString(ConsumerStatus s);
std::optional<StreamMode> streamModeFromString(std::string_view s);
std::optional<ShardIteratorType> iteratorTypeFromString(std::string_view s);
std::optional<ShardFilterType> shardFilterTypeFromString(std::string_view s);

/// StreamName and/or StreamARN; when both are given they must name the same stream.
struct StreamRef
{
    std::string name;
    std::string arn;
    /// "Not Implemented. Reserved for future use" in the model; the KPL and KCL send it. Accepted
    /// and ignored, as AWS does.
    std::optional<std::string> streamId = {};
};

/// An empty request (DescribeLimits, DescribeAccountSettings).
struct NoInput
{
};

struct Tag
{
    std::string key;
    std::string value;
};

/// EnhancedMonitoring's entry: the shard-level metrics that are on.
struct EnhancedMetrics
{
    std::vector<std::string> shardLevelMetrics;
};

struct WarmThroughput
{
    std::optional<std::int64_t> targetMiBps;
    std::optional<std::int64_t> currentMiBps;
};

struct CreateStreamRequest
{
    std::string streamName;
    std::optional<std::int64_t> shardCount;
    std::optional<StreamMode> mode;
    std::map<std::string, std::string> tags;
    std::optional<std::int64_t> warmThroughputMiBps = {};
    std::optional<std::int64_t> maxRecordSizeInKiB = {};
    std::optional<RecordDistributionStrategy> recordDistributionStrategy = {};
};

struct DeleteStreamRequest
{
    StreamRef stream;
    bool enforceConsumerDeletion = false;
};

struct ShardDescription
{
    std::string shardId;
    std::optional<std::string> parentShardId;
    std::optional<std::string> adjacentParentShardId;
    HashKey startingHashKey;
    HashKey endingHashKey;
    std::string startingSequenceNumber;
    std::optional<std::string> endingSequenceNumber;
};

struct DescribeStreamRequest
{
    StreamRef stream;
    std::optional<std::int64_t> limit;
    std::optional<std::string> exclusiveStartShardId;
};

struct StreamDescription
{
    std::string streamName;
    std::string streamArn;
    StreamStatus status = StreamStatus::Creating;
    StreamMode mode = StreamMode::Provisioned;
    std::vector<ShardDescription> shards;
    bool hasMoreShards = false;
    int retentionPeriodHours = 24;
    std::int64_t creationMs = 0;
    std::vector<EnhancedMetrics> enhancedMonitoring{EnhancedMetrics{}};
    std::string encryptionType = "NONE";
    std::optional<std::string> keyId;
};

struct StreamDescriptionSummary
{
    std::string streamName;
    std::string streamArn;
    std::string streamId;
    StreamStatus status = StreamStatus::Creating;
    StreamMode mode = StreamMode::Provisioned;
    int retentionPeriodHours = 24;
    std::int64_t creationMs = 0;
    std::vector<EnhancedMetrics> enhancedMonitoring{EnhancedMetrics{}};
    std::string encryptionType = "NONE";
    std::optional<std::string> keyId;
    int openShardCount = 0;
    int consumerCount = 0;
    std::optional<WarmThroughput> warmThroughput = {}; ///< on-demand streams, with the commitment
    int maxRecordSizeKiB = 1024;
    std::optional<RecordDistributionStrategy> recordDistributionStrategy = {}; ///< on-demand
};

struct ListStreamsRequest
{
    std::optional<std::int64_t> limit;
    std::optional<std::string> exclusiveStartStreamName;
    std::optional<std::string> nextToken;
};

struct StreamSummary
{
    std::string streamName;
    std::string streamArn;
    StreamStatus status = StreamStatus::Creating;
    StreamMode mode = StreamMode::Provisioned;
    std::int64_t creationMs = 0;
};

struct ListStreamsResult
{
    std::vector<std::string> streamNames;
    bool hasMoreStreams = false;
    std::optional<std::string> nextToken;
    std::vector<StreamSummary> summaries;
};

struct ShardFilter
{
    ShardFilterType type = ShardFilterType::FromTrimHorizon;
    std::optional<std::string> shardId;
    std::optional<std::int64_t> timestampMs;
};

struct ListShardsRequest
{
    StreamRef stream;
    std::optional<std::string> nextToken;
    std::optional<std::string> exclusiveStartShardId;
    std::optional<std::int64_t> maxResults;
    std::optional<std::int64_t> streamCreationTimestampMs;
    std::optional<ShardFilter> filter;
};

struct ListShardsResult
{
    std::vector<ShardDescription> shards;
    std::optional<std::string> nextToken;
};

struct RetentionRequest
{
    StreamRef stream;
    std::int64_t retentionPeriodHours = 0;
};

struct AddTagsRequest
{
    StreamRef stream;
    std::map<std::string, std::string> tags;
};

struct RemoveTagsRequest
{
    StreamRef stream;
    std::vector<std::string> tagKeys;
};

struct ListTagsRequest
{
    StreamRef stream;
    std::optional<std::string> exclusiveStartTagKey;
    std::optional<std::int64_t> limit;
};

struct ListTagsResult
{
    std::vector<std::pair<std::string, std::string>> tags;
    bool hasMoreTags = false;
};

struct DescribeLimitsResult
{
    int shardLimit = 0;
    int openShardCount = 0;
    int onDemandStreamCount = 0;
    int onDemandStreamCountLimit = 0;
};

struct PutRecordRequest
{
    StreamRef stream;
    std::string data;
    std::string partitionKey;
    std::optional<std::string> explicitHashKey;
    std::optional<std::string> sequenceNumberForOrdering;
};

struct PutRecordResult
{
    std::string shardId;
    std::string sequenceNumber;
    std::string encryptionType = "NONE";
};

struct PutRecordsEntry
{
    std::string data;
    std::string partitionKey;
    std::optional<std::string> explicitHashKey;
};

struct PutRecordsRequest
{
    StreamRef stream;
    std::vector<PutRecordsEntry> records;
};

struct PutRecordsResultEntry
{
    std::string sequenceNumber; ///< empty when the entry failed
    std::string shardId;
    std::string errorCode; ///< "ProvisionedThroughputExceededException" or "InternalFailure"
    std::string errorMessage;
};

struct PutRecordsResult
{
    int failedRecordCount = 0;
    std::vector<PutRecordsResultEntry> records;
    std::string encryptionType = "NONE";
};

struct GetShardIteratorRequest
{
    StreamRef stream;
    std::string shardId;
    ShardIteratorType type = ShardIteratorType::TrimHorizon;
    std::optional<std::string> startingSequenceNumber;
    std::optional<std::int64_t> timestampMs;
};

struct GetShardIteratorResult
{
    std::string shardIterator;
};

struct GetRecordsRequest
{
    std::string shardIterator;
    std::optional<std::int64_t> limit;
    std::optional<std::string> streamArn;
};

struct Record
{
    std::string sequenceNumber;
    std::int64_t arrivalMs = 0;
    std::string data;
    std::string partitionKey;
    std::string encryptionType = "NONE";
};

struct ChildShard
{
    std::string shardId;
    std::vector<std::string> parentShards;
    HashKey startingHashKey;
    HashKey endingHashKey;
};

struct GetRecordsResult
{
    std::vector<Record> records;
    std::optional<std::string> nextShardIterator;
    std::int64_t millisBehindLatest = 0;
    std::vector<ChildShard> childShards;
};

struct SplitShardRequest
{
    StreamRef stream;
    std::string shardToSplit;
    std::string newStartingHashKey;
};

struct MergeShardsRequest
{
    StreamRef stream;
    std::string shardToMerge;
    std::string adjacentShardToMerge;
};

struct UpdateShardCountRequest
{
    StreamRef stream;
    std::int64_t targetShardCount = 0;
    std::string scalingType = "UNIFORM_SCALING";
};

struct UpdateShardCountResult
{
    std::string streamName;
    std::string streamArn;
    int currentShardCount = 0;
    int targetShardCount = 0;
};

struct UpdateStreamModeRequest
{
    StreamRef stream;
    StreamMode mode = StreamMode::Provisioned;
    std::optional<std::int64_t> warmThroughputMiBps = {};
};

enum class EncryptionType { None, Kms };

/// StartStreamEncryption / StopStreamEncryption (both name the type and the key).
struct StreamEncryptionRequest
{
    StreamRef stream;
    EncryptionType encryptionType = EncryptionType::Kms;
    std::string keyId;
};

/// EnableEnhancedMonitoring / DisableEnhancedMonitoring.
struct EnhancedMonitoringRequest
{
    StreamRef stream;
    std::vector<std::string> shardLevelMetrics;
};

struct EnhancedMonitoringResult
{
    std::string streamName;
    std::vector<std::string> currentShardLevelMetrics;
    std::vector<std::string> desiredShardLevelMetrics;
    std::string streamArn;
};

/// A stream or consumer ARN (TagResource, ListTagsForResource, the resource policies).
struct ResourceRequest
{
    std::string resourceArn;
};

struct TagResourceRequest
{
    std::string resourceArn;
    std::map<std::string, std::string> tags;
};

struct UntagResourceRequest
{
    std::string resourceArn;
    std::vector<std::string> tagKeys;
};

struct ListTagsForResourceResult
{
    std::vector<Tag> tags;
};

struct PutResourcePolicyRequest
{
    std::string resourceArn;
    std::string policy;
};

struct GetResourcePolicyResult
{
    std::string policy;
};

/// The On-demand Advantage commitment (DescribeAccountSettings / UpdateAccountSettings).
struct MinimumThroughputBillingCommitment
{
    std::string status; ///< ENABLED, DISABLED, ENABLED_UNTIL_EARLIEST_ALLOWED_END
    std::optional<std::int64_t> startedAtMs;
    std::optional<std::int64_t> endedAtMs;
    std::optional<std::int64_t> earliestAllowedEndAtMs;
};

struct AccountSettings
{
    std::optional<MinimumThroughputBillingCommitment> commitment;
};

struct UpdateAccountSettingsRequest
{
    MinimumThroughputBillingCommitment commitment;
};

struct UpdateMaxRecordSizeRequest
{
    StreamRef stream;
    std::int64_t maxRecordSizeInKiB = 0;
};

struct UpdateStreamWarmThroughputRequest
{
    StreamRef stream;
    std::int64_t warmThroughputMiBps = 0;
};

struct UpdateStreamRecordDistributionStrategyRequest
{
    StreamRef stream;
    RecordDistributionStrategy strategy = RecordDistributionStrategy::UserPartitionKey;
};

struct UpdateStreamWarmThroughputResult
{
    std::string streamArn;
    std::string streamName;
    WarmThroughput warmThroughput;
};

// ---- enhanced fan-out ----

/// A registered consumer (RegisterStreamConsumer's Consumer, ListStreamConsumers' entries).
struct Consumer
{
    std::string consumerName;
    std::string consumerArn;
    ConsumerStatus status = ConsumerStatus::Creating;
    std::int64_t creationMs = 0;
};

/// DescribeStreamConsumer's answer: the consumer and the ARN of its stream.
struct ConsumerDescription
{
    Consumer consumer;
    std::string streamArn;
};

struct RegisterStreamConsumerRequest
{
    std::string streamArn;
    std::string consumerName;
    std::optional<std::string> streamId = {};
    std::map<std::string, std::string> tags;
};

/// DescribeStreamConsumer / DeregisterStreamConsumer: the consumer's ARN, or its stream's ARN
/// and its name (empty strings are absent members).
struct ConsumerRef
{
    std::string streamArn;
    std::string consumerName;
    std::string consumerArn;
    std::optional<std::string> streamId = {};
};

struct ListStreamConsumersRequest
{
    std::string streamArn;
    std::optional<std::string> nextToken;
    std::optional<std::int64_t> maxResults;
    std::optional<std::int64_t> streamCreationTimestampMs;
    std::optional<std::string> streamId = {};
};

struct ListStreamConsumersResult
{
    std::vector<Consumer> consumers;
    std::optional<std::string> nextToken;
};

/// SubscribeToShard's StartingPosition: GetShardIterator's types.
struct StartingPosition
{
    ShardIteratorType type = ShardIteratorType::Latest;
    std::optional<std::string> sequenceNumber;
    std::optional<std::int64_t> timestampMs;
};

struct SubscribeToShardRequest
{
    std::string consumerArn;
    std::optional<std::string> streamId = {};
    std::string shardId;
    StartingPosition startingPosition;
};

/// One SubscribeToShardEvent: the records since the last event, where to resume, the lag; at the
/// end of a closed shard no continuation and the children instead.
struct SubscribeToShardEvent
{
    std::vector<Record> records;
    std::optional<std::string> continuationSequenceNumber;
    std::int64_t millisBehindLatest = 0;
    std::vector<ChildShard> childShards;
};

/// "shardId-%012d"
std::string formatShardId(std::uint32_t index);
/// Accepts "shardId-000000000007", "shardId-7" or "7" (as kinesalite does); nullopt otherwise.
std::optional<std::uint32_t> parseShardId(std::string_view text);

} // namespace shs::core
