// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Engine: an in-process Kinesis Data Streams service. A deterministic state machine: commands in
// (the Kinesis operations below), results out, time from an injected Clock, persistence through
// StoragePort reads and WriteBatch values that the caller commits.
//
// Invariants (checkInvariants(), called by the tests after every step):
//  (1) The open shards of every stream tile [0, 2^128-1] exactly: sorted, no gaps, no overlaps.
//  (2) Sequence numbers (seqIx) come from one counter per stream and only grow, so within a
//      shard every record's number is greater than every number handed out before it.
//  (3) Within a shard, arrival timestamps never decrease as seqIx grows.
//  (4) A result that depends on a mutation is only valid once the batch holding that mutation
//      (takePendingBatch()) has been committed; hosts deliver acknowledgements after the commit.
//
// Error texts follow AWS (kinesis-api.md §2.3, §4; kinesalite); deviations are listed in
// core/engine/README.md.
//
// Thread safety: not thread-safe. One thread owns an Engine (EngineHost's engine thread).
#include "api.h"
#include "clock.h"
#include "crypto/aead.h"
#include "metrics.h"
#include "read_activity.h"
#include "result.h"
#include "shard_iterator.h"
#include "snapshot.h"
#include "storage_port.h"
#include "throughput_limiter.h"

#include <memory>

namespace shs::core {

class KeyVault;

struct EngineConfig
{
    std::string accountId = "000000000000";
    std::string region = "us-east-1";
    int shardLimit = 20000;
    int onDemandStreamLimit = 50;
    std::int64_t createDelayMs = 500; ///< CREATING -> ACTIVE, engine time
    std::int64_t deleteDelayMs = 500; ///< DELETING -> gone, engine time
    std::int64_t updateDelayMs = 500; ///< UPDATING -> ACTIVE (resharding, mode switch), engine time
    crypto::AeadKey tokenKey{};       ///< seals iterators and paging tokens
    LimitsProfile limits;             ///< "aws" by default
    PriceTable prices;                ///< for the cost meter
    bool metrics
        = true; ///< per-second metrics, hot keys and usage (off only to measure their cost)
    /// On-demand capacity: a stream keeps at least this many shards, holds twice its previous
    /// peak write rate (30 days), splits shards running over kHotPercent of their write limit at
    /// the median of the hash keys they received, and merges cold neighbours after a cool-down.
    int onDemandMinShards = 4;
    std::int64_t onDemandPeakWindowMs = 30LL * 24 * 3600 * 1000;
    std::int64_t onDemandScaleDownAfterMs = 15 * 60 * 1000;
    /// Encryption at rest (key_vault.h); null: StartStreamEncryption finds no key.
    KeyVault *keys = nullptr;
};

class Engine final
{
  public:
    Engine(EngineConfig config, const Clock &clock, StoragePort &storage);
    ~Engine();
    Engine(const Engine &) = delete;
    Engine &operator=(const Engine &) = delete;

    /// Loads persisted state. Call once before any operation.
    Result<void> load();

    // Control plane.
    Result<void> createStream(const CreateStreamRequest &request);
    Result<void> deleteStream(const DeleteStreamRequest &request);
    Result<StreamDescription> describeStream(const DescribeStreamRequest &request);
    Result<StreamDescriptionSummary> describeStreamSummary(const StreamRef &stream);
    Result<ListStreamsResult> listStreams(const ListStreamsRequest &request);
    Result<ListShardsResult> listShards(const ListShardsRequest &request);
    Result<void> increaseStreamRetentionPeriod(const RetentionRequest &request);
    Result<void> decreaseStreamRetentionPeriod(const RetentionRequest &request);
    Result<void> addTagsToStream(const AddTagsRequest &request);
    Result<void> removeTagsFromStream(const RemoveTagsRequest &request);
    Result<ListTagsResult> listTagsForStream(const ListTagsRequest &request);
    Result<DescribeLimitsResult> describeLimits();

    // Resharding and capacity modes (provisioned streams; on-demand streams reshard themselves).
    Result<void> splitShard(const SplitShardRequest &request);
    Result<void> mergeShards(const MergeShardsRequest &request);
    Result<UpdateShardCountResult> updateShardCount(const UpdateShardCountRequest &request);
    Result<void> updateStreamMode(const UpdateStreamModeRequest &request);
    Result<void> startStreamEncryption(const StreamEncryptionRequest &request);
    Result<void> stopStreamEncryption(const StreamEncryptionRequest &request);
    /// A record as the storage keeps it (no Kinesis operation: the record inspector's "stored on
    /// disk"): sealed partition key and data for an encrypted record, with its data key and the
    /// KMS key that wraps it.
    struct StoredView
    {
        std::string partitionKey;
        std::string data;
        std::uint32_t dataKey = 0;
        std::string keyArn;
        bool sealed = false; ///< false: this storage keeps the record as written (in memory)
    };
    Result<StoredView> storedRecord(const StreamRef &stream, const std::string &shardId,
                                    const std::string &sequenceNumber);

    // Stream settings (engine_settings.cpp; the values live in StreamSettings, persisted with
    // the stream).
    Result<EnhancedMonitoringResult> enableEnhancedMonitoring(const EnhancedMonitoringRequest &r);
    Result<EnhancedMonitoringResult> disableEnhancedMonitoring(const EnhancedMonitoringRequest &r);
    Result<void> updateMaxRecordSize(const UpdateMaxRecordSizeRequest &request);
    Result<UpdateStreamWarmThroughputResult>
    updateStreamWarmThroughput(const UpdateStreamWarmThroughputRequest &request);
    Result<void> updateStreamRecordDistributionStrategy(
        const UpdateStreamRecordDistributionStrategyRequest &request);

    // Resources by ARN: tags (shared with the stream tag operations) and resource policies.
    Result<void> tagResource(const TagResourceRequest &request);
    Result<void> untagResource(const UntagResourceRequest &request);
    Result<ListTagsForResourceResult> listTagsForResource(const ResourceRequest &request);
    Result<void> putResourcePolicy(const PutResourcePolicyRequest &request);
    Result<GetResourcePolicyResult> getResourcePolicy(const ResourceRequest &request);
    Result<void> deleteResourcePolicy(const ResourceRequest &request);

    // Account settings (the On-demand Advantage commitment), kept with the engine's meta data.
    Result<AccountSettings> describeAccountSettings();
    Result<AccountSettings> updateAccountSettings(const UpdateAccountSettingsRequest &request);

    // Enhanced fan-out consumers (engine_consumers.cpp; state in StreamConsumers, persisted with
    // the stream).
    Result<Consumer> registerStreamConsumer(const RegisterStreamConsumerRequest &request);
    Result<ConsumerDescription> describeStreamConsumer(const ConsumerRef &request);
    Result<ListStreamConsumersResult>
    listStreamConsumers(const ListStreamConsumersRequest &request);
    Result<void> deregisterStreamConsumer(const ConsumerRef &request);

    // Data plane.
    Result<PutRecordResult> putRecord(PutRecordRequest &&request);
    Result<PutRecordsResult> putRecords(PutRecordsRequest &&request);
    Result<GetShardIteratorResult> getShardIterator(const GetShardIteratorRequest &request);
    Result<GetRecordsResult> getRecords(const GetRecordsRequest &request);

    /// Write load carried rather than stored (carried_load.h; no Kinesis operation): a teaching
    /// device for rates beyond what this machine can store record by record. Played as engine
    /// time advances; routed, admitted or throttled by the shards' limits and counted in the
    /// metrics, hot keys, on-demand scaling and usage as PutRecords entries are, but not stored.
    struct CarriedLoadSpec
    {
        static constexpr std::size_t kMaxKeys = 4096;
        StreamRef stream;
        double recordsPerSecond = 0;                      ///< of engine time
        std::int64_t dataBytes = 0;                       ///< each record's data
        std::vector<std::pair<std::string, double>> keys; ///< partition keys and their weights
        std::int64_t untilMs = 0; ///< engine time the load ends, unless carry() extends it
    };
    /// Starts a carried load now; its id.
    Result<std::uint64_t> startCarrying(const CarriedLoadSpec &spec);
    /// Sets the load's rate and end (a lapsed load resumes now); what it offered so far.
    Result<CarriedCounts> carry(std::uint64_t id, double recordsPerSecond, std::int64_t untilMs);
    /// Ends the load now; what it offered in all.
    Result<CarriedCounts> stopCarrying(std::uint64_t id);

    /// GetRecords in two halves, so that the storage read can run on another thread:
    /// planGetRecords() validates the iterator against the engine's state (engine thread);
    /// readPlanned() reads committed records and builds the answer (any thread, with its own
    /// reader and codec). getRecords() is the two run back to back.
    struct ReadPlan
    {
        std::int64_t nowMs = 0;
        std::uint64_t streamUid = 0;
        std::string streamName;
        std::uint64_t shardUid = 0;
        std::uint32_t shardIndex = 0;
        std::int64_t shardCreateSecs = 0;
        bool shardOpen = true;
        bool shardHasRecords = false;
        std::uint64_t shardLastSeq = 0;
        std::uint64_t position = 0;
        std::int64_t minTs = 0;
        std::size_t limit = 0;
        KeyVault *keys = nullptr; ///< whether encrypted records may be read (key_vault.h)
        std::vector<ChildShard> childShards;     // for the end of a closed shard
        std::uint64_t shardStartSeq = 0;         ///< the shard's StartingSequenceNumber's seqIx
        std::int64_t shardLastTs = 0;            ///< the arrival time of its last record
        std::size_t maxBytes = 10 * 1024 * 1024; ///< past the first record
        std::uint32_t readerId = 0;              ///< the iterator chain (read_activity.h)
    };
    Result<ReadPlan> planGetRecords(const GetRecordsRequest &request);
    /// The stream name and shard id an iterator reads, for fault rules that name them; nullopt
    /// when it does not decode. Changes nothing (the read-call budget is not touched).
    std::optional<std::pair<std::string, std::string>>
    iteratorTarget(std::string_view iterator) const;
    static Result<GetRecordsResult> readPlanned(const ReadPlan &plan, RecordReader &reader,
                                                TokenCodec &tokens);

    /// SubscribeToShard (engine_subscriptions.cpp). subscribeToShard() checks the consumer, the
    /// shard and the starting position and applies the one-subscription rule (a second call for
    /// the same consumer and shard within 5 s of a successful one is ResourceInUseException; a
    /// later one takes over). The host then runs the subscription as a loop of
    /// planSubscriptionRead() (engine thread: the consumer's own read budget for the shard, or
    /// the error that ends the subscription), readSubscriptionEvent() (any thread) and
    /// chargeSubscription() (engine thread), and endSubscription() when it stops.
    struct Subscription
    {
        std::uint64_t generation = 0; ///< a takeover makes the older subscription's stale
        std::uint64_t streamUid = 0;
        std::string streamName;
        std::string consumerName;
        std::int64_t consumerCreationSeconds = 0;
        std::uint32_t shardIndex = 0;
        std::uint64_t shardUid = 0;
        std::uint64_t position = 0; ///< the seqIx of the next record to deliver
        std::int64_t startedMs = 0;
    };
    Result<Subscription> subscribeToShard(const SubscribeToShardRequest &request);
    /// The next read of `sub`. A plan with maxBytes 0 means the consumer's budget for the shard
    /// is spent until `*retryAtMs`.
    Result<ReadPlan> planSubscriptionRead(const Subscription &sub, std::int64_t *retryAtMs);
    struct SubscriptionRead
    {
        SubscribeToShardEvent event;
        std::uint64_t nextPosition = 0;
        std::int64_t bytes = 0;
        bool endOfShard = false; ///< the final event of a closed shard (ChildShards)
        bool more = false;       ///< read again at once (records remain, or a closed shard's end)
    };
    static Result<SubscriptionRead> readSubscriptionEvent(const ReadPlan &plan,
                                                          RecordReader &reader);
    /// Charges the consumer's own budget for the shard (never the shard's shared one).
    void chargeSubscription(const Subscription &sub, const SubscriptionRead &read);
    /// The subscription stopped (client gone, 5 minutes, an error).
    void endSubscription(const Subscription &sub);

    /// Advances time-driven state: CREATING/DELETING transitions and retention trimming.
    void tick();

    // Metrics and cost (CloudWatch names; engine time).
    struct ShardSeries
    {
        std::string shardId;
        bool open = true;
        std::vector<MetricSample> samples; ///< oldest first
        std::vector<HotKey> hotKeys;       ///< top partition keys of the last complete minute
        std::vector<HotKey> hotKeysNow;    ///< ... and of the minute in progress
        ShardHoldings holdings;            ///< its records now, the oldest and the newest
    };
    struct StreamMetrics
    {
        std::string streamName;
        std::int64_t nowMs = 0;
        std::vector<MetricSample> stream; ///< stream totals, oldest first
        std::vector<ShardSeries> shards;  ///< every shard still listed
    };
    /// The last `seconds` complete seconds (at most 180) per shard and for the stream.
    Result<StreamMetrics> recentMetrics(const StreamRef &stream, std::size_t seconds);
    /// Persisted 1-minute points between two engine times.
    Result<std::vector<MinutePoint>> metricHistory(const StreamRef &stream, std::int64_t fromMs,
                                                   std::int64_t toMs);
    struct CostReport
    {
        StreamMode mode = StreamMode::Provisioned;
        StreamUsage usage;
        CostEstimate current; ///< billed as the stream's mode
        CostEstimate whatIf;  ///< the same traffic in the other mode
        PriceTable prices;
        /// On-demand streams: the peak that sizes them and what keeps them from scaling down.
        struct OnDemandState
        {
            std::int64_t peakWriteBytesPerSecond = 0;
            std::int64_t peakWriteRecordsPerSecond = 0;
            std::int64_t peakAtMs = 0;      ///< when the peak was last reached (0: no traffic)
            std::int64_t peakExpiresMs = 0; ///< when it stops counting (30 days later)
            int wantedShards = 0;           ///< what the peak, the minimum and warm throughput ask
            int minShards = 0;
            int warmShards = 0;
            int openShards = 0;
            std::int64_t lastScaleMs = 0;      ///< the last split or merge
            std::int64_t scaleDownAfterMs = 0; ///< no merge sooner than this after the last one
        };
        std::optional<OnDemandState> onDemand;
    };
    Result<CostReport> costReport(const StreamRef &stream);
    /// Who reads the stream now: each shard's polling readers (by iterator chain) and fan-out
    /// subscriptions, with the budgets that apply (read_activity.h).
    Result<ReadActivityReport> readActivity(const StreamRef &stream);
    void setPrices(const PriceTable &prices);

    /// A PutRecord(s) (`put`) or GetRecords call on `streamUid` was answered after `micros`
    /// (measured by the host, from the request to the durable answer).
    void recordCallLatency(std::uint64_t streamUid, bool put, std::int64_t micros);
    /// A PutRecord call refused, or a PutRecords call that stored none of its records: not a
    /// success in PutRecord(s).Success.
    void recordPutFailure(std::uint64_t streamUid);
    /// The uid of the stream a request names (0 if there is none), for hosts that measure calls.
    std::uint64_t streamUid(const StreamRef &stream);

    /// Writes the metrics of the minute in progress (at shutdown, so history is not lost).
    void flushMetrics();

    /// Switches the limits profile (resets every shard's buckets).
    void setLimits(const LimitsProfile &limits);
    const LimitsProfile &limits() const;
    /// After a planned read ran elsewhere: charges the shard's read budget and counts the read.
    void chargeRead(const ReadPlan &plan, std::size_t records, std::int64_t bytes,
                    std::int64_t millisBehindLatest);
    static std::int64_t payloadBytes(const GetRecordsResult &result);

    // Persistence.
    bool hasPendingWrites() const;
    /// Whether an operation that writes ran since the last call (it passed the write check):
    /// its caller must hear that a write was not acknowledged. What other calls left to write
    /// (bookkeeping: counters, read positions) is not theirs to be told about.
    bool takeGatedWrite();
    /// Mutations since the last call, to be committed in order.
    WriteBatch takePendingBatch();
    /// Storage failed, an invariant broke or an operation threw: the engine turns read-only
    /// (sticky: the first cause stays) and says why in every refusal.
    void setFailure(EngineFailure::Kind kind, std::string message);
    void setStorageFailure(std::string message)
    {
        setFailure(EngineFailure::Kind::Storage, std::move(message));
    }
    const std::optional<EngineFailure> &failure() const;
    /// ok, or the refusal every write gets while the engine is read-only.
    Result<void> writable() const;

    // Observation.
    /// Bumped on every topology change (streams, shards, states, retention, tags).
    std::uint64_t topologyVersion() const;
    EngineSnapshot snapshot() const;
    std::int64_t nowMs() const;
    const EngineConfig &config() const;
    std::string streamArn(const std::string &name) const;
    /// MD5 of the UTF-8 partition key as a big-endian 128-bit key (kinesis-api.md §4.2).
    HashKey hashPartitionKey(std::string_view partitionKey);
    /// Empty when all invariants hold; otherwise a description of the first violation.
    std::string checkInvariants() const;

  private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

} // namespace shs::core
