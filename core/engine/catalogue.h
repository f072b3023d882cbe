// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The catalogue: every Kinesis operation Shardscope serves, defined once, as a value — its name,
// request and response types (whose shapes are in shapes.h), plane, AWS rate limit, a one-line
// summary and how the engine runs it. The endpoint's dispatch, decoding, validation and encoding
// (core/net), and the list of what is served, are derived from this table; adding an operation
// is a definition here, its engine module and its tests (core/README.md has the steps).
#include "engine.h"
#include "shapes.h"

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>

namespace shs::core::ops {

enum class Plane { Control, Data };
enum class RateScope { Account, Stream, Shard };

/// AWS's documented rate for the operation (kinesis-api.md §1, §5.2).
struct Rate
{
    std::int64_t perSecond = 0;
    RateScope scope = RateScope::Account;
};

/// How the AWS CLI pages an operation (botocore's paginators-1.json): it follows the pages and
/// prints them gathered, unless the user set a paging member by hand (`manual`: the input token
/// and limit key), and takes --starting-token, --page-size and --max-items. `resultKeys` (the
/// gathered lists) and `keep` (the members kept from the first page) name wire members inside
/// the response wrapper, in the order the AWS CLI prints them; every other member is dropped.
template <class Req, class Resp> struct Paginator
{
    std::array<std::string_view, 2> manual = {};
    /// The token of the page after `page`, if there is one.
    std::optional<std::string> (*nextToken)(const Resp &page) = nullptr;
    /// Asks for the page at `token` (and drops what the service refuses beside a token).
    void (*resume)(Req &request, const std::string &token) = nullptr;
    void (*pageSize)(Req &request, std::int64_t size) = nullptr;
    std::size_t (*items)(const Resp &page) = nullptr;
    /// Adds a later page's items to the gathered answer.
    void (*append)(Resp &gathered, Resp &&page) = nullptr;
    std::array<std::string_view, 2> resultKeys = {};
    std::array<std::string_view, 8> keep = {};
};
/// Operations with an empty answer have nothing to page.
struct NoPaginator
{
};
template <class Req, class Resp>
using PaginatorOf = std::conditional_t<std::is_void_v<Resp>, NoPaginator, Paginator<Req, Resp>>;

template <class Req, class Resp> struct Operation
{
    using Request = Req;
    using Response = Resp; ///< void: an empty answer
    std::string_view name;
    Plane plane = Plane::Control;
    Rate rate;
    std::string_view summary;
    Result<Resp> (*run)(Engine &, Req &&) = nullptr;
    /// The member the service wraps the response in ("StreamDescription"), if any.
    std::string_view responseWrapper = {};
    PaginatorOf<Req, Resp> paginator = {};
};

// clang-format off
inline constexpr Operation<CreateStreamRequest, void> CreateStream{
    "CreateStream", Plane::Control, {5, RateScope::Account},
    "Creates a stream, provisioned with ShardCount shards or on-demand.",
    [](Engine &e, CreateStreamRequest &&r) { return e.createStream(r); }};

inline constexpr Operation<DeleteStreamRequest, void> DeleteStream{
    "DeleteStream", Plane::Control, {5, RateScope::Account},
    "Deletes a stream and all its shards and data.",
    [](Engine &e, DeleteStreamRequest &&r) { return e.deleteStream(r); }};

inline constexpr Operation<DescribeStreamRequest, StreamDescription> DescribeStream{
    "DescribeStream", Plane::Control, {10, RateScope::Account},
    "Describes a stream and a page of its shards.",
    [](Engine &e, DescribeStreamRequest &&r) { return e.describeStream(r); },
    "StreamDescription",
    {{"ExclusiveStartShardId", "Limit"},
     [](const StreamDescription &p) -> std::optional<std::string> {
         if (!p.hasMoreShards || p.shards.empty())
             return std::nullopt;
         return p.shards.back().shardId; },
     [](DescribeStreamRequest &r, const std::string &t) { r.exclusiveStartShardId = t; },
     [](DescribeStreamRequest &r, std::int64_t n) { r.limit = n; },
     [](const StreamDescription &p) { return p.shards.size(); },
     [](StreamDescription &all, StreamDescription &&p) {
         all.shards.insert(all.shards.end(), p.shards.begin(), p.shards.end()); },
     {"Shards"},
     {"StreamARN", "StreamName", "StreamStatus", "RetentionPeriodHours", "EnhancedMonitoring",
      "EncryptionType", "KeyId", "StreamCreationTimestamp"}}};

inline constexpr Operation<StreamRef, StreamDescriptionSummary> DescribeStreamSummary{
    "DescribeStreamSummary", Plane::Control, {20, RateScope::Account},
    "Describes a stream without its shards.",
    [](Engine &e, StreamRef &&r) { return e.describeStreamSummary(r); },
    "StreamDescriptionSummary"};

inline constexpr Operation<ListStreamsRequest, ListStreamsResult> ListStreams{
    "ListStreams", Plane::Control, {5, RateScope::Account},
    "Lists the streams of the account.",
    [](Engine &e, ListStreamsRequest &&r) { return e.listStreams(r); },
    {},
    {{"NextToken", "Limit"},
     [](const ListStreamsResult &p) { return p.hasMoreStreams ? p.nextToken : std::nullopt; },
     [](ListStreamsRequest &r, const std::string &t) {
         r.nextToken = t;
         r.exclusiveStartStreamName.reset(); },
     [](ListStreamsRequest &r, std::int64_t n) { r.limit = n; },
     [](const ListStreamsResult &p) { return p.summaries.size(); },
     [](ListStreamsResult &all, ListStreamsResult &&p) {
         all.streamNames.insert(all.streamNames.end(), p.streamNames.begin(), p.streamNames.end());
         all.summaries.insert(all.summaries.end(), p.summaries.begin(), p.summaries.end()); },
     {"StreamNames", "StreamSummaries"}}};

inline constexpr Operation<ListShardsRequest, ListShardsResult> ListShards{
    "ListShards", Plane::Control, {1000, RateScope::Stream},
    "Lists the shards of a stream, with filters and paging.",
    [](Engine &e, ListShardsRequest &&r) { return e.listShards(r); },
    {},
    {{"NextToken", "MaxResults"},
     [](const ListShardsResult &p) { return p.nextToken; },
     [](ListShardsRequest &r, const std::string &t) { // a token stands for the stream and filter
         ListShardsRequest next;
         next.nextToken = t;
         next.maxResults = r.maxResults;
         r = std::move(next); },
     [](ListShardsRequest &r, std::int64_t n) { r.maxResults = n; },
     [](const ListShardsResult &p) { return p.shards.size(); },
     [](ListShardsResult &all, ListShardsResult &&p) {
         all.shards.insert(all.shards.end(), p.shards.begin(), p.shards.end()); },
     {"Shards"}}};

inline constexpr Operation<RetentionRequest, void> IncreaseStreamRetentionPeriod{
    "IncreaseStreamRetentionPeriod", Plane::Control, {5, RateScope::Account},
    "Lengthens the retention period of a stream (up to 8,760 hours).",
    [](Engine &e, RetentionRequest &&r) { return e.increaseStreamRetentionPeriod(r); }};

inline constexpr Operation<RetentionRequest, void> DecreaseStreamRetentionPeriod{
    "DecreaseStreamRetentionPeriod", Plane::Control, {5, RateScope::Account},
    "Shortens the retention period of a stream (down to 24 hours).",
    [](Engine &e, RetentionRequest &&r) { return e.decreaseStreamRetentionPeriod(r); }};

inline constexpr Operation<AddTagsRequest, void> AddTagsToStream{
    "AddTagsToStream", Plane::Control, {5, RateScope::Account},
    "Adds or overwrites tags of a stream (at most 50 per stream).",
    [](Engine &e, AddTagsRequest &&r) { return e.addTagsToStream(r); }};

inline constexpr Operation<RemoveTagsRequest, void> RemoveTagsFromStream{
    "RemoveTagsFromStream", Plane::Control, {5, RateScope::Account},
    "Removes tags from a stream.",
    [](Engine &e, RemoveTagsRequest &&r) { return e.removeTagsFromStream(r); }};

inline constexpr Operation<ListTagsRequest, ListTagsResult> ListTagsForStream{
    "ListTagsForStream", Plane::Control, {5, RateScope::Account},
    "Lists the tags of a stream.",
    [](Engine &e, ListTagsRequest &&r) { return e.listTagsForStream(r); }};

inline constexpr Operation<NoInput, DescribeLimitsResult> DescribeLimits{
    "DescribeLimits", Plane::Control, {1, RateScope::Account},
    "Describes the account's shard limit and usage.",
    [](Engine &e, NoInput &&) { return e.describeLimits(); }};

inline constexpr Operation<SplitShardRequest, void> SplitShard{
    "SplitShard", Plane::Control, {5, RateScope::Account},
    "Splits an open shard in two at NewStartingHashKey.",
    [](Engine &e, SplitShardRequest &&r) { return e.splitShard(r); }};

inline constexpr Operation<MergeShardsRequest, void> MergeShards{
    "MergeShards", Plane::Control, {5, RateScope::Account},
    "Merges two adjacent open shards into one.",
    [](Engine &e, MergeShardsRequest &&r) { return e.mergeShards(r); }};

inline constexpr Operation<UpdateShardCountRequest, UpdateShardCountResult> UpdateShardCount{
    "UpdateShardCount", Plane::Control, {10, RateScope::Account},
    "Scales a provisioned stream uniformly to TargetShardCount shards.",
    [](Engine &e, UpdateShardCountRequest &&r) { return e.updateShardCount(r); }};

inline constexpr Operation<UpdateStreamModeRequest, void> UpdateStreamMode{
    "UpdateStreamMode", Plane::Control, {5, RateScope::Account},
    "Switches a stream between provisioned and on-demand capacity.",
    [](Engine &e, UpdateStreamModeRequest &&r) { return e.updateStreamMode(r); }};

inline constexpr Operation<StreamEncryptionRequest, void> StartStreamEncryption{
    "StartStreamEncryption", Plane::Control, {5, RateScope::Account},
    "Encrypts the records written from now on under a KMS key (the stream is UPDATING meanwhile).",
    [](Engine &e, StreamEncryptionRequest &&r) { return e.startStreamEncryption(r); }};

inline constexpr Operation<StreamEncryptionRequest, void> StopStreamEncryption{
    "StopStreamEncryption", Plane::Control, {5, RateScope::Account},
    "Stops encrypting new records (those written encrypted stay so, readable while their key is).",
    [](Engine &e, StreamEncryptionRequest &&r) { return e.stopStreamEncryption(r); }};

inline constexpr Operation<PutRecordRequest, PutRecordResult> PutRecord{
    "PutRecord", Plane::Data, {1000, RateScope::Shard},
    "Writes one record (1 MiB/s or 1,000 records/s per shard).",
    [](Engine &e, PutRecordRequest &&r) { return e.putRecord(std::move(r)); }};

inline constexpr Operation<PutRecordsRequest, PutRecordsResult> PutRecords{
    "PutRecords", Plane::Data, {1000, RateScope::Shard},
    "Writes up to 500 records; each entry succeeds or fails on its own.",
    [](Engine &e, PutRecordsRequest &&r) { return e.putRecords(std::move(r)); }};

inline constexpr Operation<GetShardIteratorRequest, GetShardIteratorResult> GetShardIterator{
    "GetShardIterator", Plane::Data, {5, RateScope::Shard},
    "Returns an iterator to read a shard from a position (valid for 5 minutes).",
    [](Engine &e, GetShardIteratorRequest &&r) { return e.getShardIterator(r); }};

inline constexpr Operation<GetRecordsRequest, GetRecordsResult> GetRecords{
    "GetRecords", Plane::Data, {5, RateScope::Shard},
    "Reads records from a shard iterator (2 MiB/s and 5 calls/s per shard).",
    [](Engine &e, GetRecordsRequest &&r) { return e.getRecords(r); }};

inline constexpr Operation<EnhancedMonitoringRequest, EnhancedMonitoringResult>
    EnableEnhancedMonitoring{
    "EnableEnhancedMonitoring", Plane::Control, {5, RateScope::Account},
    "Turns shard-level CloudWatch metrics on (ALL: the seven).",
    [](Engine &e, EnhancedMonitoringRequest &&r) { return e.enableEnhancedMonitoring(r); }};

inline constexpr Operation<EnhancedMonitoringRequest, EnhancedMonitoringResult>
    DisableEnhancedMonitoring{
    "DisableEnhancedMonitoring", Plane::Control, {5, RateScope::Account},
    "Turns shard-level CloudWatch metrics off (ALL: the seven).",
    [](Engine &e, EnhancedMonitoringRequest &&r) { return e.disableEnhancedMonitoring(r); }};

inline constexpr Operation<TagResourceRequest, void> TagResource{
    "TagResource", Plane::Control, {5, RateScope::Account},
    "Adds or overwrites tags of a stream or consumer, by ARN (at most 50).",
    [](Engine &e, TagResourceRequest &&r) { return e.tagResource(r); }};

inline constexpr Operation<UntagResourceRequest, void> UntagResource{
    "UntagResource", Plane::Control, {5, RateScope::Account},
    "Removes tags from a stream or consumer, by ARN.",
    [](Engine &e, UntagResourceRequest &&r) { return e.untagResource(r); }};

inline constexpr Operation<ResourceRequest, ListTagsForResourceResult> ListTagsForResource{
    "ListTagsForResource", Plane::Control, {5, RateScope::Account},
    "Lists the tags of a stream or consumer, by ARN.",
    [](Engine &e, ResourceRequest &&r) { return e.listTagsForResource(r); }};

inline constexpr Operation<PutResourcePolicyRequest, void> PutResourcePolicy{
    "PutResourcePolicy", Plane::Control, {5, RateScope::Account},
    "Attaches an IAM resource policy document to a stream or consumer.",
    [](Engine &e, PutResourcePolicyRequest &&r) { return e.putResourcePolicy(r); }};

inline constexpr Operation<ResourceRequest, GetResourcePolicyResult> GetResourcePolicy{
    "GetResourcePolicy", Plane::Control, {5, RateScope::Account},
    "Returns the resource policy of a stream or consumer (\"{}\" when none).",
    [](Engine &e, ResourceRequest &&r) { return e.getResourcePolicy(r); }};

inline constexpr Operation<ResourceRequest, void> DeleteResourcePolicy{
    "DeleteResourcePolicy", Plane::Control, {5, RateScope::Account},
    "Removes the resource policy of a stream or consumer.",
    [](Engine &e, ResourceRequest &&r) { return e.deleteResourcePolicy(r); }};

inline constexpr Operation<NoInput, AccountSettings> DescribeAccountSettings{
    "DescribeAccountSettings", Plane::Control, {5, RateScope::Account},
    "Describes the account's minimum throughput billing commitment.",
    [](Engine &e, NoInput &&) { return e.describeAccountSettings(); }};

inline constexpr Operation<UpdateAccountSettingsRequest, AccountSettings> UpdateAccountSettings{
    "UpdateAccountSettings", Plane::Control, {5, RateScope::Account},
    "Enables or disables the minimum throughput billing commitment (at least 24 hours).",
    [](Engine &e, UpdateAccountSettingsRequest &&r) { return e.updateAccountSettings(r); }};

inline constexpr Operation<UpdateMaxRecordSizeRequest, void> UpdateMaxRecordSize{
    "UpdateMaxRecordSize", Plane::Control, {5, RateScope::Account},
    "Sets the largest record a stream takes, 1,024 to 10,240 KiB (data plus partition key).",
    [](Engine &e, UpdateMaxRecordSizeRequest &&r) { return e.updateMaxRecordSize(r); }};

inline constexpr Operation<UpdateStreamWarmThroughputRequest, UpdateStreamWarmThroughputResult>
    UpdateStreamWarmThroughput{
    "UpdateStreamWarmThroughput", Plane::Control, {5, RateScope::Account},
    "Keeps an on-demand stream scaled for WarmThroughputMiBps of writes (needs the commitment).",
    [](Engine &e, UpdateStreamWarmThroughputRequest &&r) {
        return e.updateStreamWarmThroughput(r);
    }};

inline constexpr Operation<UpdateStreamRecordDistributionStrategyRequest, void>
    UpdateStreamRecordDistributionStrategy{
    "UpdateStreamRecordDistributionStrategy", Plane::Control, {5, RateScope::Account},
    "Places an on-demand stream's records by partition key or spreads them (AUTO).",
    [](Engine &e, UpdateStreamRecordDistributionStrategyRequest &&r) {
        return e.updateStreamRecordDistributionStrategy(r);
    }};
inline constexpr Operation<RegisterStreamConsumerRequest, Consumer> RegisterStreamConsumer{
    "RegisterStreamConsumer", Plane::Control, {5, RateScope::Account},
    "Registers an enhanced fan-out consumer (CREATING, then ACTIVE; at most 20 per stream).",
    [](Engine &e, RegisterStreamConsumerRequest &&r) { return e.registerStreamConsumer(r); },
    "Consumer"};

inline constexpr Operation<ConsumerRef, ConsumerDescription> DescribeStreamConsumer{
    "DescribeStreamConsumer", Plane::Control, {20, RateScope::Stream},
    "Describes a consumer, by its ARN or by its stream's ARN and its name.",
    [](Engine &e, ConsumerRef &&r) { return e.describeStreamConsumer(r); },
    "ConsumerDescription"};

inline constexpr Operation<ListStreamConsumersRequest, ListStreamConsumersResult>
    ListStreamConsumers{
    "ListStreamConsumers", Plane::Control, {5, RateScope::Stream},
    "Lists the enhanced fan-out consumers of a stream.",
    [](Engine &e, ListStreamConsumersRequest &&r) { return e.listStreamConsumers(r); },
    {},
    {{"NextToken", "MaxResults"},
     [](const ListStreamConsumersResult &p) { return p.nextToken; },
     [](ListStreamConsumersRequest &r, const std::string &t) {
         r.nextToken = t;
         r.streamCreationTimestampMs.reset(); },
     [](ListStreamConsumersRequest &r, std::int64_t n) { r.maxResults = n; },
     [](const ListStreamConsumersResult &p) { return p.consumers.size(); },
     [](ListStreamConsumersResult &all, ListStreamConsumersResult &&p) {
         all.consumers.insert(all.consumers.end(), p.consumers.begin(), p.consumers.end()); },
     {"Consumers"}}};

inline constexpr Operation<ConsumerRef, void> DeregisterStreamConsumer{
    "DeregisterStreamConsumer", Plane::Control, {5, RateScope::Stream},
    "Deregisters a consumer (DELETING, then gone); its subscriptions end.",
    [](Engine &e, ConsumerRef &&r) { return e.deregisterStreamConsumer(r); }};
// clang-format on

/// An operation whose answer is an event stream: an `initial-response` event, then events of
/// type Event as data arrives, until the subscription ends (SubscribeToShard). Served by the
/// endpoint and the backends as a subscription, not as a call and its answer.
template <class Req, class Event> struct EventStreamOperation
{
    using Request = Req;
    using EventType = Event;
    std::string_view name;
    Plane plane = Plane::Data;
    Rate rate;
    std::string_view summary;
    std::string_view eventName; ///< the event's :event-type ("SubscribeToShardEvent")
};

// clang-format off
inline constexpr EventStreamOperation<SubscribeToShardRequest, SubscribeToShardEvent>
    SubscribeToShard{
    "SubscribeToShard", Plane::Data, {1, RateScope::Shard},
    "Streams a shard's records to an enhanced fan-out consumer as they arrive (5 minutes).",
    "SubscribeToShardEvent"};
// clang-format on

/// Every operation served, in the order the operations table lists them.
inline constexpr auto all = std::tuple{&CreateStream,
                                       &DeleteStream,
                                       &DescribeStream,
                                       &DescribeStreamSummary,
                                       &ListStreams,
                                       &ListShards,
                                       &IncreaseStreamRetentionPeriod,
                                       &DecreaseStreamRetentionPeriod,
                                       &AddTagsToStream,
                                       &RemoveTagsFromStream,
                                       &ListTagsForStream,
                                       &DescribeLimits,
                                       &SplitShard,
                                       &MergeShards,
                                       &UpdateShardCount,
                                       &UpdateStreamMode,
                                       &PutRecord,
                                       &PutRecords,
                                       &GetShardIterator,
                                       &GetRecords,
                                       &EnableEnhancedMonitoring,
                                       &DisableEnhancedMonitoring,
                                       &TagResource,
                                       &UntagResource,
                                       &ListTagsForResource,
                                       &PutResourcePolicy,
                                       &GetResourcePolicy,
                                       &DeleteResourcePolicy,
                                       &DescribeAccountSettings,
                                       &UpdateAccountSettings,
                                       &UpdateMaxRecordSize,
                                       &UpdateStreamWarmThroughput,
                                       &UpdateStreamRecordDistributionStrategy,
                                       &RegisterStreamConsumer,
                                       &DescribeStreamConsumer,
                                       &ListStreamConsumers,
                                       &DeregisterStreamConsumer,
                                       &StartStreamEncryption,
                                       &StopStreamEncryption};

/// Calls f(operation) for each operation in the catalogue.
template <class F> void forEach(F &&f)
{
    std::apply([&](const auto *...op) { (f(*op), ...); }, all);
}

/// The refusal of an operation Shardscope does not serve: UnknownOperationException,
/// "Operation X is not supported." (the endpoint, both backends).
Error unknownOperation(std::string_view operationName);

/// The AWS CLI's name for an operation or a member: "PutRecords" -> "put-records",
/// "StreamARN" -> "stream-arn", "MaxRecordSizeInKiB" -> "max-record-size-in-ki-b".
std::string cliName(std::string_view name);

} // namespace shs::core::ops
