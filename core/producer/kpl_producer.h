// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// KplProducer: a producer that behaves as the Kinesis Producer Library does (kinesis-api.md §7),
// over any PutRecords sender — the embedded engine or an endpoint.
//
// A user record is routed to the shard its hash key predicts (MD5 of its partition key, or its
// ExplicitHashKey, over the open shards). There it joins that shard's aggregate: the KPL's format
// (core/engine/kpl_aggregate.h), up to AggregationMaxCount records and AggregationMaxSize bytes.
// An aggregate carries the ExplicitHashKey of its first record, so it lands on the predicted
// shard; one record alone is sent as it is. A full aggregate, or one whose first record has
// waited RecordMaxBufferedTime, passes the shard's rate limiter: RateLimit % of the shard's
// 1,000 records/s and 1 MiB/s, in token buckets of one second. Then it joins a PutRecords
// collection, up to CollectionMaxCount entries and CollectionMaxSize bytes, with at most
// MaxConnections calls in flight.
//
// Entries refused with ProvisionedThroughputExceededException or InternalFailure go back into
// aggregation after a backoff (100 ms·2^attempt, at most 2 s, with jitter), unless
// FailIfThrottled. A whole call that fails with a retryable error (throttling, 5xx, the
// connection) is retried the same way; any other error fails its records. A record not
// acknowledged RecordTtl after it was added fails with "Expired". An answer from another shard
// than predicted means the shards changed: the producer lists them again before its next send.
// Each user record's result (the KPL's future) comes once, through its callback: the shard,
// sequence number and sub-sequence number, or the error, with every attempt.
//
// Time is the injected clock's; tick() does what is due, flush() sends everything buffered
// now. Thread-safe: records may be added from any thread, and the sender may answer on any
// thread. Callbacks run on the thread that completes the record, never under the producer's
// lock.
#include "engine/api.h"
#include "engine/clock.h"
#include "engine/result.h"

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace shs::producer {

/// The KPL's configuration, by the names of its default_config.properties and their defaults.
struct KplConfig
{
    bool aggregationEnabled = true;
    std::uint64_t aggregationMaxCount = 4294967295ULL;
    std::uint64_t aggregationMaxSize = 51200;
    std::uint64_t collectionMaxCount = 500;
    std::uint64_t collectionMaxSize = 5242880;
    std::uint64_t recordMaxBufferedTime = 100; ///< ms
    std::uint64_t recordTtl = 30000;           ///< ms
    std::uint64_t rateLimit = 150;             ///< % of each shard's limit
    bool failIfThrottled = false;
    std::uint64_t maxConnections = 24;

    /// Settings by their KPL names ("AggregationMaxSize" = "51200", …): the KPL's ranges are
    /// checked, an unknown name is refused, names not given keep their defaults.
    static core::Result<KplConfig> fromProperties(const std::map<std::string, std::string> &props);
    /// Every setting, by its KPL name, as text.
    std::map<std::string, std::string> properties() const;
};

/// One try of a user record (the KPL's Attempt).
struct KplAttempt
{
    std::int64_t delayMs = 0;    ///< from the record's arrival (or the previous attempt) to sending
    std::int64_t durationMs = 0; ///< the call
    std::string errorCode;       ///< empty on success
    std::string errorMessage;
};

/// A user record's outcome (the KPL's UserRecordResult).
struct KplResult
{
    bool successful = false;
    std::string shardId;
    std::string sequenceNumber;
    std::uint64_t subSequenceNumber = 0; ///< its place in the aggregate
    bool aggregated = false;             ///< sent inside an aggregate of two or more
    std::vector<KplAttempt> attempts;
};

struct KplCounts
{
    std::int64_t userRecordsAdded = 0;
    std::int64_t userRecordsPut = 0;
    std::int64_t userRecordsFailed = 0;
    std::int64_t userRecordsExpired = 0;
    std::int64_t kinesisRecordsPut = 0; ///< aggregates and lone records acknowledged
    std::int64_t putRecordsCalls = 0;
    std::int64_t kinesisBytesPut = 0;  ///< the Data of the acknowledged Kinesis records
    std::int64_t payloadUnits = 0;     ///< 25 KB PUT payload units of those records
    std::int64_t entriesThrottled = 0; ///< ProvisionedThroughputExceededException entries
    std::int64_t retries = 0;          ///< user records sent again
    std::int64_t shardListings = 0;
    std::int64_t latencyMsSum = 0; ///< from add to acknowledgement, over userRecordsPut
};

class KplProducer final
{
  public:
    using PutRecordsDone = std::function<void(core::Result<core::PutRecordsResult>)>;
    /// Sends one PutRecords call; `done` may run on any thread, once.
    using Sender = std::function<void(core::PutRecordsRequest, PutRecordsDone)>;
    /// The stream's open shards (ListShards, ShardFilter AT_LATEST). Called without the lock.
    using ShardSource = std::function<core::Result<std::vector<core::ShardDescription>>()>;
    using Callback = std::function<void(KplResult)>;

    KplProducer(KplConfig config, core::StreamRef stream, const core::Clock &clock, Sender sender,
                ShardSource shards, std::uint64_t seed = 1);
    ~KplProducer();
    KplProducer(const KplProducer &) = delete;
    KplProducer &operator=(const KplProducer &) = delete;

    /// Lists the shards; until it succeeds, records cannot be added.
    core::Result<void> start();

    /// Adds a user record: refused at once (InvalidArgumentException, AWS's limits) for an empty
    /// or over-long partition key, a bad ExplicitHashKey or data over 1 MiB.
    core::Result<void> addUserRecord(std::string partitionKey, std::string data,
                                     std::optional<std::string> explicitHashKey, Callback done);

    /// Expires what outlived RecordTtl, re-lists the shards if they changed, and sends what is
    /// due within the rate limits and MaxConnections.
    void tick();
    /// As tick(), sending every buffered record now, however long it has waited.
    void flush();

    /// User records added and not yet answered (the KPL's getOutstandingRecordsCount).
    std::int64_t outstanding() const;
    KplCounts counts() const;
    const KplConfig &config() const;

  private:
    struct Impl;
    std::shared_ptr<Impl> m;
};

} // namespace shs::producer
