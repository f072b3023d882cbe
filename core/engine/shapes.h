// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The shapes of the Kinesis requests and responses in api.h: wire names in the service's member
// order and the model's constraints (botocore's service-2.json, kinesis-api.md §1.7). One table
// per type; the codecs, the validation and the CLI's options are derived from them.
#include "api.h"
#include "shape.h"

namespace shs::core::shape {

// ---- enums ----

template <> struct Enum<StreamStatus>
{
    static constexpr std::array values{
        std::pair{StreamStatus::Creating, std::string_view("CREATING")},
        std::pair{StreamStatus::Deleting, std::string_view("DELETING")},
        std::pair{StreamStatus::Active, std::string_view("ACTIVE")},
        std::pair{StreamStatus::Updating, std::string_view("UPDATING")}};
};

template <> struct Enum<StreamMode>
{
    static constexpr std::array values{
        std::pair{StreamMode::Provisioned, std::string_view("PROVISIONED")},
        std::pair{StreamMode::OnDemand, std::string_view("ON_DEMAND")}};
};

template <> struct Enum<ShardIteratorType>
{
    static constexpr std::array values{
        std::pair{ShardIteratorType::AtSequenceNumber, std::string_view("AT_SEQUENCE_NUMBER")},
        std::pair{ShardIteratorType::AfterSequenceNumber,
                  std::string_view("AFTER_SEQUENCE_NUMBER")},
        std::pair{ShardIteratorType::TrimHorizon, std::string_view("TRIM_HORIZON")},
        std::pair{ShardIteratorType::Latest, std::string_view("LATEST")},
        std::pair{ShardIteratorType::AtTimestamp, std::string_view("AT_TIMESTAMP")}};
};

template <> struct Enum<ShardFilterType>
{
    static constexpr std::array values{
        std::pair{ShardFilterType::AfterShardId, std::string_view("AFTER_SHARD_ID")},
        std::pair{ShardFilterType::AtTrimHorizon, std::string_view("AT_TRIM_HORIZON")},
        std::pair{ShardFilterType::FromTrimHorizon, std::string_view("FROM_TRIM_HORIZON")},
        std::pair{ShardFilterType::AtLatest, std::string_view("AT_LATEST")},
        std::pair{ShardFilterType::AtTimestamp, std::string_view("AT_TIMESTAMP")},
        std::pair{ShardFilterType::FromTimestamp, std::string_view("FROM_TIMESTAMP")}};
};

template <> struct Enum<RecordDistributionStrategy>
{
    static constexpr std::array values{
        std::pair{RecordDistributionStrategy::Auto, std::string_view("AUTO")},
        std::pair{RecordDistributionStrategy::UserPartitionKey,
                  std::string_view("USER_PARTITION_KEY")}};
};

template <> struct Enum<EncryptionType>
{
    static constexpr std::array values{std::pair{EncryptionType::None, std::string_view("NONE")},
                                       std::pair{EncryptionType::Kms, std::string_view("KMS")}};
};

template <> struct Enum<ConsumerStatus>
{
    static constexpr std::array values{
        std::pair{ConsumerStatus::Creating, std::string_view("CREATING")},
        std::pair{ConsumerStatus::Deleting, std::string_view("DELETING")},
        std::pair{ConsumerStatus::Active, std::string_view("ACTIVE")}};
};

// ---- the model's constraints ----

inline constexpr Rules kNameRules{.minLength = 1, .maxLength = 128, .pattern = Pattern::Name};
inline constexpr Rules kStreamArnRules{
    .minLength = 1, .maxLength = 2048, .pattern = Pattern::StreamArn};
inline constexpr Rules kResourceArnRules{
    .minLength = 1, .maxLength = 2048, .pattern = Pattern::ResourceArn};
inline constexpr Rules kConsumerArnRules{
    .minLength = 1, .maxLength = 2048, .pattern = Pattern::ConsumerArn};
inline constexpr Rules kStreamIdRules{.minLength = 1, .maxLength = 24};
inline constexpr Rules kHashKeyRules{.pattern = Pattern::HashKey};
inline constexpr Rules kSequenceNumberRules{.pattern = Pattern::SequenceNumber};
inline constexpr Rules kNextTokenRules{.minLength = 1, .maxLength = 1048576};
inline constexpr Rules kPartitionKeyRules{.minLength = 1, .maxLength = 256};
inline constexpr Rules kListLimitRules{.minValue = 1, .maxValue = 10000};
inline constexpr Rules kShardCountRules{.minValue = 1, .maxValue = 1000000};
inline constexpr Rules kTagKeyRules{.minLength = 1, .maxLength = 128};
inline constexpr Rules kTagKeyListRules{.minLength = 1, .maxLength = 50};
inline constexpr Rules kTagMapRules{.minLength = 1, .maxLength = 200};
inline constexpr Rules kMetricsListRules{.minLength = 1, .maxLength = 7};
inline constexpr Rules kRecordSizeRules{.minValue = 1024, .maxValue = 10240};
inline constexpr Rules kNonNegativeRules{.minValue = 0};
inline constexpr Rules kKeyIdRules{.minLength = 1, .maxLength = 2048};

// ---- shared structures ----

/// StreamName and StreamARN (and the reserved StreamId), inlined into the requests that take
/// them. Marked Required where the operation needs the ARN (UpdateStreamMode).
template <> struct Shape<StreamRef>
{
    static constexpr auto members
        = std::tuple{member("StreamName", &StreamRef::name, EmptyIsAbsent, kNameRules),
                     member("StreamARN", &StreamRef::arn, EmptyIsAbsent, kStreamArnRules),
                     member("StreamId", &StreamRef::streamId, None, kStreamIdRules)};
};

template <> struct Shape<Tag>
{
    static constexpr auto members = std::tuple{member("Key", &Tag::key, Required, kTagKeyRules),
                                               member("Value", &Tag::value)};
};

using TagPair = std::pair<std::string, std::string>;
template <> struct Shape<TagPair>
{
    static constexpr auto members
        = std::tuple{member("Key", &TagPair::first, Required), member("Value", &TagPair::second)};
};

template <> struct Shape<EnhancedMetrics>
{
    static constexpr auto members
        = std::tuple{member("ShardLevelMetrics", &EnhancedMetrics::shardLevelMetrics)};
};

template <> struct Shape<WarmThroughput>
{
    static constexpr auto members
        = std::tuple{member("TargetMiBps", &WarmThroughput::targetMiBps),
                     member("CurrentMiBps", &WarmThroughput::currentMiBps)};
};

template <> struct Shape<ShardDescription>
{
    using S = ShardDescription;
    static constexpr auto members = std::tuple{
        member("ShardId", &S::shardId, Required),
        member("ParentShardId", &S::parentShardId),
        member("AdjacentParentShardId", &S::adjacentParentShardId),
        member("HashKeyRange.StartingHashKey", &S::startingHashKey, Required),
        member("HashKeyRange.EndingHashKey", &S::endingHashKey, Required),
        member("SequenceNumberRange.StartingSequenceNumber", &S::startingSequenceNumber, Required),
        member("SequenceNumberRange.EndingSequenceNumber", &S::endingSequenceNumber)};
};

template <> struct Shape<ChildShard>
{
    static constexpr auto members
        = std::tuple{member("ShardId", &ChildShard::shardId, Required),
                     member("ParentShards", &ChildShard::parentShards, Required),
                     member("HashKeyRange.StartingHashKey", &ChildShard::startingHashKey, Required),
                     member("HashKeyRange.EndingHashKey", &ChildShard::endingHashKey, Required)};
};

inline bool noEncryption(const Record &r)
{
    return r.encryptionType == "NONE"; // the service names the encryption only when there is one
}

template <> struct Shape<Record>
{
    static constexpr auto members
        = std::tuple{member("SequenceNumber", &Record::sequenceNumber, Required),
                     member("ApproximateArrivalTimestamp", &Record::arrivalMs, Timestamp),
                     member("Data", &Record::data, Required | Blob),
                     member("PartitionKey", &Record::partitionKey),
                     member("EncryptionType", &Record::encryptionType, None, {}, &noEncryption)};
};

template <> struct Shape<StreamSummary>
{
    static constexpr auto members
        = std::tuple{member("StreamName", &StreamSummary::streamName, Required),
                     member("StreamARN", &StreamSummary::streamArn, Required),
                     member("StreamStatus", &StreamSummary::status, Required),
                     member("StreamModeDetails.StreamMode", &StreamSummary::mode, Required),
                     member("StreamCreationTimestamp", &StreamSummary::creationMs, Timestamp)};
};

// ---- requests ----

template <> struct Shape<NoInput>
{
    static constexpr auto members = std::tuple{};
};

template <> struct Shape<CreateStreamRequest>
{
    using R = CreateStreamRequest;
    static constexpr auto members = std::tuple{
        member("StreamName", &R::streamName, Required, kNameRules),
        member("ShardCount", &R::shardCount, None, kShardCountRules),
        member("StreamModeDetails.StreamMode", &R::mode, Required),
        member("Tags", &R::tags, None, Rules{.maxLength = 200}),
        member("WarmThroughputMiBps", &R::warmThroughputMiBps, None, kNonNegativeRules),
        member("MaxRecordSizeInKiB", &R::maxRecordSizeInKiB, None, kRecordSizeRules),
        member("RecordDistributionStrategy", &R::recordDistributionStrategy)};
};

template <> struct Shape<DeleteStreamRequest>
{
    static constexpr auto members = std::tuple{
        member("", &DeleteStreamRequest::stream),
        member("EnforceConsumerDeletion", &DeleteStreamRequest::enforceConsumerDeletion)};
};

template <> struct Shape<DescribeStreamRequest>
{
    using R = DescribeStreamRequest;
    static constexpr auto members
        = std::tuple{member("", &R::stream), member("Limit", &R::limit, None, kListLimitRules),
                     member("ExclusiveStartShardId", &R::exclusiveStartShardId, None, kNameRules)};
};

template <> struct Shape<ListStreamsRequest>
{
    using R = ListStreamsRequest;
    static constexpr auto members = std::tuple{
        member("Limit", &R::limit, None, kListLimitRules),
        member("ExclusiveStartStreamName", &R::exclusiveStartStreamName, None, kNameRules),
        member("NextToken", &R::nextToken, None, kNextTokenRules)};
};

template <> struct Shape<ShardFilter>
{
    static constexpr auto members
        = std::tuple{member("Type", &ShardFilter::type, Required),
                     member("ShardId", &ShardFilter::shardId, None, kNameRules),
                     member("Timestamp", &ShardFilter::timestampMs, Timestamp)};
};

template <> struct Shape<ListShardsRequest>
{
    using R = ListShardsRequest;
    static constexpr auto members
        = std::tuple{member("", &R::stream),
                     member("NextToken", &R::nextToken, None, kNextTokenRules),
                     member("ExclusiveStartShardId", &R::exclusiveStartShardId, None, kNameRules),
                     member("MaxResults", &R::maxResults, None, kListLimitRules),
                     member("StreamCreationTimestamp", &R::streamCreationTimestampMs, Timestamp),
                     member("ShardFilter", &R::filter)};
};

template <> struct Shape<RetentionRequest>
{
    static constexpr auto members = std::tuple{
        member("", &RetentionRequest::stream),
        member("RetentionPeriodHours", &RetentionRequest::retentionPeriodHours, Required)};
};

template <> struct Shape<AddTagsRequest>
{
    static constexpr auto members
        = std::tuple{member("", &AddTagsRequest::stream),
                     member("Tags", &AddTagsRequest::tags, Required, kTagMapRules)};
};

template <> struct Shape<RemoveTagsRequest>
{
    static constexpr auto members
        = std::tuple{member("", &RemoveTagsRequest::stream),
                     member("TagKeys", &RemoveTagsRequest::tagKeys, Required, kTagKeyListRules)};
};

template <> struct Shape<ListTagsRequest>
{
    using R = ListTagsRequest;
    static constexpr auto members
        = std::tuple{member("", &R::stream),
                     member("ExclusiveStartTagKey", &R::exclusiveStartTagKey, None, kTagKeyRules),
                     member("Limit", &R::limit, None, Rules{.minValue = 1, .maxValue = 50})};
};

template <> struct Shape<PutRecordRequest>
{
    using R = PutRecordRequest;
    static constexpr auto members
        = std::tuple{member("", &R::stream), member("Data", &R::data, Required | Blob),
                     member("PartitionKey", &R::partitionKey, Required, kPartitionKeyRules),
                     member("ExplicitHashKey", &R::explicitHashKey, None, kHashKeyRules),
                     member("SequenceNumberForOrdering", &R::sequenceNumberForOrdering, None,
                            kSequenceNumberRules)};
};

template <> struct Shape<PutRecordsEntry>
{
    using R = PutRecordsEntry;
    static constexpr auto members
        = std::tuple{member("Data", &R::data, Required | Blob),
                     member("ExplicitHashKey", &R::explicitHashKey, None, kHashKeyRules),
                     member("PartitionKey", &R::partitionKey, Required, kPartitionKeyRules)};
};

template <> struct Shape<PutRecordsRequest>
{
    static constexpr auto members
        = std::tuple{member("Records", &PutRecordsRequest::records, Required,
                            Rules{.minLength = 1, .maxLength = 500}),
                     member("", &PutRecordsRequest::stream)};
};

template <> struct Shape<GetShardIteratorRequest>
{
    using R = GetShardIteratorRequest;
    static constexpr auto members = std::tuple{
        member("", &R::stream), member("ShardId", &R::shardId, Required, kNameRules),
        member("ShardIteratorType", &R::type, Required),
        member("StartingSequenceNumber", &R::startingSequenceNumber, None, kSequenceNumberRules),
        member("Timestamp", &R::timestampMs, Timestamp)};
};

template <> struct Shape<GetRecordsRequest>
{
    using R = GetRecordsRequest;
    static constexpr auto members
        = std::tuple{member("ShardIterator", &R::shardIterator, Required,
                            Rules{.minLength = 1, .maxLength = 512}),
                     member("Limit", &R::limit, None, kListLimitRules),
                     member("StreamARN", &R::streamArn, None, kStreamArnRules)};
};

template <> struct Shape<SplitShardRequest>
{
    using R = SplitShardRequest;
    static constexpr auto members = std::tuple{
        member("", &R::stream), member("ShardToSplit", &R::shardToSplit, Required, kNameRules),
        member("NewStartingHashKey", &R::newStartingHashKey, Required, kHashKeyRules)};
};

template <> struct Shape<MergeShardsRequest>
{
    using R = MergeShardsRequest;
    static constexpr auto members = std::tuple{
        member("", &R::stream), member("ShardToMerge", &R::shardToMerge, Required, kNameRules),
        member("AdjacentShardToMerge", &R::adjacentShardToMerge, Required, kNameRules)};
};

template <> struct Shape<UpdateShardCountRequest>
{
    using R = UpdateShardCountRequest;
    static constexpr auto members
        = std::tuple{member("", &R::stream),
                     member("TargetShardCount", &R::targetShardCount, Required, kShardCountRules),
                     member("ScalingType", &R::scalingType, Required)};
};

template <> struct Shape<StreamEncryptionRequest>
{
    using R = StreamEncryptionRequest;
    static constexpr auto members
        = std::tuple{member("", &R::stream), member("EncryptionType", &R::encryptionType, Required),
                     member("KeyId", &R::keyId, Required, kKeyIdRules)};
};

template <> struct Shape<UpdateStreamModeRequest>
{
    using R = UpdateStreamModeRequest;
    static constexpr auto members = std::tuple{
        member("", &R::stream, Required), // StreamARN is required
        member("StreamModeDetails.StreamMode", &R::mode, Required),
        member("WarmThroughputMiBps", &R::warmThroughputMiBps, None, kNonNegativeRules)};
};

template <> struct Shape<EnhancedMonitoringRequest>
{
    static constexpr auto members
        = std::tuple{member("", &EnhancedMonitoringRequest::stream),
                     member("ShardLevelMetrics", &EnhancedMonitoringRequest::shardLevelMetrics,
                            Required, kMetricsListRules)};
};

template <> struct Shape<ResourceRequest>
{
    static constexpr auto members = std::tuple{
        member("ResourceARN", &ResourceRequest::resourceArn, Required, kResourceArnRules)};
};

template <> struct Shape<TagResourceRequest>
{
    static constexpr auto members = std::tuple{
        member("Tags", &TagResourceRequest::tags, Required, kTagMapRules),
        member("ResourceARN", &TagResourceRequest::resourceArn, Required, kResourceArnRules)};
};

template <> struct Shape<UntagResourceRequest>
{
    static constexpr auto members = std::tuple{
        member("TagKeys", &UntagResourceRequest::tagKeys, Required, kTagKeyListRules),
        member("ResourceARN", &UntagResourceRequest::resourceArn, Required, kResourceArnRules)};
};

template <> struct Shape<PutResourcePolicyRequest>
{
    static constexpr auto members = std::tuple{
        member("ResourceARN", &PutResourcePolicyRequest::resourceArn, Required, kResourceArnRules),
        member("Policy", &PutResourcePolicyRequest::policy, Required)};
};

template <> struct Shape<MinimumThroughputBillingCommitment>
{
    using C = MinimumThroughputBillingCommitment;
    static constexpr auto members = std::tuple{
        member("Status", &C::status, Required), member("StartedAt", &C::startedAtMs, Timestamp),
        member("EndedAt", &C::endedAtMs, Timestamp),
        member("EarliestAllowedEndAt", &C::earliestAllowedEndAtMs, Timestamp)};
};

template <> struct Shape<UpdateAccountSettingsRequest>
{
    static constexpr auto members = std::tuple{member(
        "MinimumThroughputBillingCommitment", &UpdateAccountSettingsRequest::commitment, Required)};
};

template <> struct Shape<UpdateMaxRecordSizeRequest>
{
    static constexpr auto members
        = std::tuple{member("", &UpdateMaxRecordSizeRequest::stream),
                     member("MaxRecordSizeInKiB", &UpdateMaxRecordSizeRequest::maxRecordSizeInKiB,
                            Required, kRecordSizeRules)};
};

template <> struct Shape<UpdateStreamWarmThroughputRequest>
{
    static constexpr auto members = std::tuple{
        member("", &UpdateStreamWarmThroughputRequest::stream),
        member("WarmThroughputMiBps", &UpdateStreamWarmThroughputRequest::warmThroughputMiBps,
               Required, kNonNegativeRules)};
};

template <> struct Shape<UpdateStreamRecordDistributionStrategyRequest>
{
    using R = UpdateStreamRecordDistributionStrategyRequest;
    static constexpr auto members
        = std::tuple{member("", &R::stream, Required), // StreamARN is required
                     member("RecordDistributionStrategy", &R::strategy, Required)};
};

// ---- responses ----

template <> struct Shape<StreamDescription>
{
    using D = StreamDescription;
    static constexpr auto members
        = std::tuple{member("StreamName", &D::streamName, Required),
                     member("StreamARN", &D::streamArn, Required),
                     member("StreamStatus", &D::status, Required),
                     member("StreamModeDetails.StreamMode", &D::mode, Required),
                     member("Shards", &D::shards, Required),
                     member("HasMoreShards", &D::hasMoreShards, Required),
                     member("RetentionPeriodHours", &D::retentionPeriodHours, Required),
                     member("StreamCreationTimestamp", &D::creationMs, Required | Timestamp),
                     member("EnhancedMonitoring", &D::enhancedMonitoring, Required),
                     member("EncryptionType", &D::encryptionType),
                     member("KeyId", &D::keyId)};
};

template <> struct Shape<StreamDescriptionSummary>
{
    using D = StreamDescriptionSummary;
    static constexpr auto members
        = std::tuple{member("StreamName", &D::streamName, Required),
                     member("StreamARN", &D::streamArn, Required),
                     member("StreamId", &D::streamId, EmptyIsAbsent),
                     member("StreamStatus", &D::status, Required),
                     member("StreamModeDetails.StreamMode", &D::mode, Required),
                     member("RetentionPeriodHours", &D::retentionPeriodHours, Required),
                     member("StreamCreationTimestamp", &D::creationMs, Required | Timestamp),
                     member("EnhancedMonitoring", &D::enhancedMonitoring, Required),
                     member("EncryptionType", &D::encryptionType),
                     member("KeyId", &D::keyId),
                     member("OpenShardCount", &D::openShardCount, Required),
                     member("ConsumerCount", &D::consumerCount),
                     member("WarmThroughput", &D::warmThroughput),
                     member("MaxRecordSizeInKiB", &D::maxRecordSizeKiB),
                     member("RecordDistributionStrategy", &D::recordDistributionStrategy)};
};

template <> struct Shape<ListStreamsResult>
{
    using R = ListStreamsResult;
    static constexpr auto members
        = std::tuple{member("StreamNames", &R::streamNames, Required),
                     member("HasMoreStreams", &R::hasMoreStreams, Required),
                     member("NextToken", &R::nextToken), member("StreamSummaries", &R::summaries)};
};

template <> struct Shape<ListShardsResult>
{
    static constexpr auto members = std::tuple{member("Shards", &ListShardsResult::shards),
                                               member("NextToken", &ListShardsResult::nextToken)};
};

template <> struct Shape<ListTagsResult>
{
    static constexpr auto members
        = std::tuple{member("Tags", &ListTagsResult::tags, Required),
                     member("HasMoreTags", &ListTagsResult::hasMoreTags, Required)};
};

template <> struct Shape<DescribeLimitsResult>
{
    using R = DescribeLimitsResult;
    static constexpr auto members
        = std::tuple{member("ShardLimit", &R::shardLimit, Required),
                     member("OpenShardCount", &R::openShardCount, Required),
                     member("OnDemandStreamCount", &R::onDemandStreamCount, Required),
                     member("OnDemandStreamCountLimit", &R::onDemandStreamCountLimit, Required)};
};

template <> struct Shape<PutRecordResult>
{
    static constexpr auto members
        = std::tuple{member("ShardId", &PutRecordResult::shardId, Required),
                     member("SequenceNumber", &PutRecordResult::sequenceNumber, Required),
                     member("EncryptionType", &PutRecordResult::encryptionType)};
};

inline bool failedEntry(const PutRecordsResultEntry &e)
{
    return !e.errorCode.empty();
}
inline bool storedEntry(const PutRecordsResultEntry &e)
{
    return e.errorCode.empty();
}

template <> struct Shape<PutRecordsResultEntry>
{
    using E = PutRecordsResultEntry;
    static constexpr auto members
        = std::tuple{member("SequenceNumber", &E::sequenceNumber, None, {}, &failedEntry),
                     member("ShardId", &E::shardId, None, {}, &failedEntry),
                     member("ErrorCode", &E::errorCode, None, {}, &storedEntry),
                     member("ErrorMessage", &E::errorMessage, None, {}, &storedEntry)};
};

template <> struct Shape<PutRecordsResult>
{
    static constexpr auto members
        = std::tuple{member("FailedRecordCount", &PutRecordsResult::failedRecordCount),
                     member("Records", &PutRecordsResult::records, Required),
                     member("EncryptionType", &PutRecordsResult::encryptionType)};
};

template <> struct Shape<GetShardIteratorResult>
{
    static constexpr auto members
        = std::tuple{member("ShardIterator", &GetShardIteratorResult::shardIterator)};
};

inline bool noChildShards(const GetRecordsResult &r)
{
    return r.childShards.empty();
}

template <> struct Shape<GetRecordsResult>
{
    using R = GetRecordsResult;
    static constexpr auto members
        = std::tuple{member("Records", &R::records, Required),
                     member("NextShardIterator", &R::nextShardIterator),
                     member("MillisBehindLatest", &R::millisBehindLatest),
                     member("ChildShards", &R::childShards, None, {}, &noChildShards)};
};

template <> struct Shape<UpdateShardCountResult>
{
    using R = UpdateShardCountResult;
    static constexpr auto members
        = std::tuple{member("StreamName", &R::streamName), member("StreamARN", &R::streamArn),
                     member("CurrentShardCount", &R::currentShardCount),
                     member("TargetShardCount", &R::targetShardCount)};
};

template <> struct Shape<EnhancedMonitoringResult>
{
    using R = EnhancedMonitoringResult;
    static constexpr auto members
        = std::tuple{member("StreamName", &R::streamName),
                     member("CurrentShardLevelMetrics", &R::currentShardLevelMetrics),
                     member("DesiredShardLevelMetrics", &R::desiredShardLevelMetrics),
                     member("StreamARN", &R::streamArn)};
};

template <> struct Shape<ListTagsForResourceResult>
{
    static constexpr auto members = std::tuple{member("Tags", &ListTagsForResourceResult::tags)};
};

template <> struct Shape<GetResourcePolicyResult>
{
    static constexpr auto members
        = std::tuple{member("Policy", &GetResourcePolicyResult::policy, Required)};
};

template <> struct Shape<AccountSettings>
{
    static constexpr auto members
        = std::tuple{member("MinimumThroughputBillingCommitment", &AccountSettings::commitment)};
};

template <> struct Shape<UpdateStreamWarmThroughputResult>
{
    using R = UpdateStreamWarmThroughputResult;
    static constexpr auto members
        = std::tuple{member("StreamARN", &R::streamArn), member("StreamName", &R::streamName),
                     member("WarmThroughput", &R::warmThroughput)};
};

// ---- enhanced fan-out ----

template <> struct Shape<Consumer>
{
    static constexpr auto members = std::tuple{
        member("ConsumerName", &Consumer::consumerName, Required),
        member("ConsumerARN", &Consumer::consumerArn, Required),
        member("ConsumerStatus", &Consumer::status, Required),
        member("ConsumerCreationTimestamp", &Consumer::creationMs, Required | Timestamp)};
};

template <> struct Shape<ConsumerDescription>
{
    static constexpr auto members
        = std::tuple{member("", &ConsumerDescription::consumer),
                     member("StreamARN", &ConsumerDescription::streamArn, Required)};
};

template <> struct Shape<RegisterStreamConsumerRequest>
{
    using R = RegisterStreamConsumerRequest;
    static constexpr auto members
        = std::tuple{member("StreamARN", &R::streamArn, Required, kStreamArnRules),
                     member("ConsumerName", &R::consumerName, Required, kNameRules),
                     member("StreamId", &R::streamId, None, kStreamIdRules),
                     member("Tags", &R::tags, None, Rules{.maxLength = 200})};
};

template <> struct Shape<ConsumerRef>
{
    static constexpr auto members = std::tuple{
        member("StreamARN", &ConsumerRef::streamArn, EmptyIsAbsent, kStreamArnRules),
        member("ConsumerName", &ConsumerRef::consumerName, EmptyIsAbsent, kNameRules),
        member("ConsumerARN", &ConsumerRef::consumerArn, EmptyIsAbsent, kConsumerArnRules),
        member("StreamId", &ConsumerRef::streamId, None, kStreamIdRules)};
};

template <> struct Shape<ListStreamConsumersRequest>
{
    using R = ListStreamConsumersRequest;
    static constexpr auto members
        = std::tuple{member("StreamARN", &R::streamArn, Required, kStreamArnRules),
                     member("NextToken", &R::nextToken, None, kNextTokenRules),
                     member("MaxResults", &R::maxResults, None, kListLimitRules),
                     member("StreamCreationTimestamp", &R::streamCreationTimestampMs, Timestamp),
                     member("StreamId", &R::streamId, None, kStreamIdRules)};
};

template <> struct Shape<ListStreamConsumersResult>
{
    static constexpr auto members
        = std::tuple{member("Consumers", &ListStreamConsumersResult::consumers),
                     member("NextToken", &ListStreamConsumersResult::nextToken)};
};

template <> struct Shape<StartingPosition>
{
    static constexpr auto members = std::tuple{
        member("Type", &StartingPosition::type, Required),
        member("SequenceNumber", &StartingPosition::sequenceNumber, None, kSequenceNumberRules),
        member("Timestamp", &StartingPosition::timestampMs, Timestamp)};
};

template <> struct Shape<SubscribeToShardRequest>
{
    using R = SubscribeToShardRequest;
    static constexpr auto members
        = std::tuple{member("ConsumerARN", &R::consumerArn, Required, kConsumerArnRules),
                     member("StreamId", &R::streamId, None, kStreamIdRules),
                     member("ShardId", &R::shardId, Required, kNameRules),
                     member("StartingPosition", &R::startingPosition, Required)};
};

inline bool noEventChildShards(const SubscribeToShardEvent &e)
{
    return e.childShards.empty();
}

template <> struct Shape<SubscribeToShardEvent>
{
    using E = SubscribeToShardEvent;
    static constexpr auto members
        = std::tuple{member("Records", &E::records, Required),
                     member("ContinuationSequenceNumber", &E::continuationSequenceNumber),
                     member("MillisBehindLatest", &E::millisBehindLatest, Required),
                     member("ChildShards", &E::childShards, None, {}, &noEventChildShards)};
};

} // namespace shs::core::shape
