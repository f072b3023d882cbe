// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Engine::Impl: what ties the engine's modules together (the registry, the pending write batch,
// the failure state, the clock) and the steps the engine*.cpp sources share. The stream and
// shard state is in stream_state.h; each concern with state of its own is a module (README.md).
// Not part of the engine's API; include only from the engine's own sources.
#include "engine.h"

#include "account_settings.h"
#include "arn.h"
#include "carried_load.h"
#include "catalogue.h"
#include "check.h"
#include "control_rates.h"
#include "key_vault.h"
#include "read_activity.h"
#include "record_routing.h"
#include "stream_registry.h"
#include "stream_state.h"
#include "subscription_table.h"

#include "encoding.h"
#include "hash_key_range.h"
#include "kinesis_limits.h"
#include "metrics.h"
#include "on_demand_scaler.h"
#include "partition_key_router.h"
#include "sequence_number.h"
#include "shard_iterator.h"

#include <algorithm>
#include <map>
#include <set>
#include <sstream>
#include <unordered_map>

namespace shs::core {

/// How many of `times` (engine ms) fall in the rolling 24 h before `now`.
inline int countInRollingDay(const std::vector<std::int64_t> &times, std::int64_t now)
{
    return static_cast<int>(std::count_if(
        times.begin(), times.end(), [now](std::int64_t t) { return t > now - kRollingDayMs; }));
}

using namespace detail;

struct Engine::Impl
{
    EngineConfig config;
    const Clock &clock;
    StoragePort &storage;
    PartitionKeyRouter hasher; ///< hashPartitionKey(): the router's own MD5, for observers
    TokenCodec tokens;

    StreamRegistry registry; ///< the streams by name and uid, ARNs, lookup (stream_registry.h)
    std::uint64_t version = 1;

    WriteBatch batch;
    std::set<std::uint64_t> dirtyStreams;
    std::set<std::uint64_t> seqDirty;
    std::set<std::uint64_t> rowDirty; // stream row only (usage, counters), not its shards
    std::set<std::pair<std::uint64_t, std::uint32_t>> dirtyShards;
    bool countersDirty = false;
    std::optional<EngineFailure> failure; ///< read-only since, and why
    std::int64_t lastNow = 0;
    ControlPlaneRates controlRates; ///< control_rates.h
    SubscriptionTable
        subscriptions;    ///< SubscribeToShard's rules and budgets (subscription_table.h)
    ReadActivity readers; ///< polling readers by iterator chain (read_activity.h)
    std::int64_t persistedTimeMs = 0;
    CommitmentState commitment; ///< account settings (account_settings.h)
    bool advantage = false;     ///< the commitment is in force (as of the last tick or update)
    CarriedLoad carried;        ///< generators' load beyond what is stored (carried_load.h)

    Impl(EngineConfig c, const Clock &clk, StoragePort &st)
        : config(std::move(c)), clock(clk), storage(st), tokens(config.tokenKey),
          registry(config.region, config.accountId)
    {}

    /// Engine time. Before it moves on, the carried load of the time in between is played, so
    /// that what happens at the new time comes after it.
    std::int64_t now()
    {
        const std::int64_t c = clock.nowMs();
        if (c > lastNow && carried.due(c))
            carried.play(c, registry, {config.metrics, advantage, !failure});
        lastNow = std::max(lastNow, c);
        return lastNow;
    }

    const std::string &account() const { return config.accountId; }

    std::string arnFor(const std::string &name) const { return registry.arnFor(name); }

    /// The stream's row changed (and its topology version moves).
    void markDirty(Stream &s)
    {
        dirtyStreams.insert(s.uid);
        ++version;
    }
    /// One shard's row changed; only changed shard rows are written.
    void markShardDirty(const Stream &s, std::uint32_t index)
    {
        dirtyShards.insert({s.uid, index});
    }

    // --- error texts -----------------------------------------------------------------------
    Error streamNotFound(const std::string &name) const { return registry.notFound(name); }
    Error notActive(const Stream &s) const
    {
        return makeError(ErrorCode::ResourceInUse,
                         "Stream " + s.name + " under account " + account()
                             + " not ACTIVE, instead in state " + toString(s.status));
    }
    Error shardNotFound(const std::string &shardId, const std::string &stream) const
    {
        return makeError(ErrorCode::ResourceNotFound, "Shard " + shardId + " in stream " + stream
                                                          + " under account " + account()
                                                          + " does not exist");
    }
    Error rateExceeded(const Stream &s, const Shard &sh) const
    {
        return makeError(ErrorCode::ProvisionedThroughputExceeded,
                         "Rate exceeded for shard " + formatShardId(sh.index) + " in stream "
                             + s.name + " under account " + account() + ".");
    }

    /// The start of every call that changes a stream: the engine can write, the call is within
    /// its rate (checked before the stream is looked up, as AWS throttles at the door), and the
    /// stream exists.
    template <class Operation>
    Result<Stream *> writableStream(const StreamRef &ref, const Operation &op)
    {
        if (auto w = checkWritable(); !w)
            return w.error();
        if (auto c = allowControl(op); !c)
            return c.error();
        return resolve(ref);
    }

    /// A catalogue operation's control-plane rate (kinesis-api.md §5.2) in the "aws" profile,
    /// per account or per `stream` as its RateScope says: LimitExceededException over it.
    template <class Operation>
    Result<void> allowControl(const Operation &op, std::string_view stream = {})
    {
        if (!config.limits.controlPlane)
            return ok();
        return controlRates.allow(op.name, op.rate.perSecond,
                                  op.rate.scope == ops::RateScope::Stream ? stream
                                                                          : std::string_view(),
                                  account(), now());
    }

    Error readOnly() const
    {
        const char *what = failure->kind == EngineFailure::Kind::Storage ? "'s storage failed ("
                           : failure->kind == EngineFailure::Kind::Invariant
                               ? " found its state inconsistent ("
                               : " hit an internal error (";
        return makeError(ErrorCode::InternalFailure, "Internal Service Failure. Shardscope"
                                                         + std::string(what) + failure->message
                                                         + "); the engine is read-only until it "
                                                           "is restarted.");
    }

    // --- enhanced fan-out consumers -----------------------------------------------------------
    std::string consumerArn(const Stream &s, const RegisteredConsumer &c) const
    {
        return arnFor(s.name) + "/consumer/" + c.name + ":" + std::to_string(c.creationSeconds());
    }
    Consumer consumerOf(const Stream &s, const RegisteredConsumer &c) const
    {
        return Consumer{c.name, consumerArn(s, c), c.status, c.creationMs};
    }
    Error consumerNotFound(const Stream &s, const std::string &consumer) const
    {
        return makeError(ErrorCode::ResourceNotFound, "Consumer " + consumer + " of stream "
                                                          + s.name + " under account " + account()
                                                          + " not found.");
    }
    /// Adds or overwrites `tags` in `target` (a stream's or a consumer's) under AWS's rules;
    /// `what` names the resource in refusals (engine_resources.cpp).
    Result<void> addTags(Stream &s, std::map<std::string, std::string> &target,
                         const std::map<std::string, std::string> &tags, const std::string &what);

    // --- lookup ----------------------------------------------------------------------------
    Result<Stream *> resolve(const StreamRef &ref) const { return registry.resolve(ref); }

    /// Streams that accept reads and writes: ACTIVE or UPDATING (kinesis-api.md §5.1).
    Result<Stream *> resolveForData(const StreamRef &ref)
    {
        auto s = resolve(ref);
        if (!s)
            return s;
        if ((*s)->status != StreamStatus::Active && (*s)->status != StreamStatus::Updating)
            return streamNotFound((*s)->name);
        return s;
    }

    int openShardTotal() const { return registry.openShardTotal(); }

    std::string sequenceNumber(const Shard &sh, std::uint64_t seq, std::int64_t ts) const
    {
        return formatSequenceNumber({sh.createSecs(), sh.index, seq, ts / 1000});
    }

    ShardDescription describe(const Shard &sh) const
    {
        ShardDescription d;
        d.shardId = formatShardId(sh.index);
        if (sh.parent >= 0)
            d.parentShardId = formatShardId(static_cast<std::uint32_t>(sh.parent));
        if (sh.adjacentParent >= 0)
            d.adjacentParentShardId = formatShardId(static_cast<std::uint32_t>(sh.adjacentParent));
        d.startingHashKey = sh.range.start;
        d.endingHashKey = sh.range.end;
        d.startingSequenceNumber = sequenceNumber(sh, sh.startSeq, sh.createdMs);
        if (sh.endSeq)
            d.endingSequenceNumber = sequenceNumber(sh, *sh.endSeq, sh.closedMs);
        return d;
    }

    StreamRow rowFor(const Stream &s) const
    {
        StreamRow r;
        r.uid = s.uid;
        r.name = s.name;
        r.streamId = s.streamId;
        r.status = static_cast<int>(s.status);
        r.mode = static_cast<int>(s.mode);
        r.retentionHours = s.retentionHours;
        r.createdMs = s.createdMs;
        r.statusSinceMs = s.statusSinceMs;
        r.nextShardIndex = s.nextShardIndex;
        r.nextSeq = s.nextSeq;
        r.tags = encodeTags(s.tags);
        r.encryptionType = s.encryptionType;
        r.keyId = s.keyId;
        r.pending = s.pending.encode();
        r.history = s.encodeHistory();
        r.usage = s.usage.usage().encode();
        r.settings = s.settings.encode();
        r.consumers = s.consumers.encode();
        return r;
    }

    ShardRow rowFor(const Stream &s, const Shard &sh) const
    {
        ShardRow r;
        r.uid = sh.uid;
        r.streamUid = s.uid;
        r.index = sh.index;
        r.parentIndex = sh.parent;
        r.adjacentParentIndex = sh.adjacentParent;
        r.startHex = sh.range.start.toHex();
        r.endHex = sh.range.end.toHex();
        r.createdMs = sh.createdMs;
        r.startSeq = sh.startSeq;
        r.endSeq = sh.endSeq ? static_cast<std::int64_t>(*sh.endSeq) : -1;
        r.closedMs = sh.closedMs;
        r.seqSecs = sh.seqSecs;
        // Every record of the shard assigned so far is in this batch or an earlier one.
        r.recordCount = sh.recordCount;
        r.countSeq = s.nextSeq;
        return r;
    }

    /// The account's on-demand stream count limit, before a stream becomes on-demand.
    Result<void> roomForOnDemandStream() const
    {
        const int onDemand = registry.onDemandStreams();
        if (onDemand < config.onDemandStreamLimit)
            return ok();
        return makeError(ErrorCode::LimitExceeded,
                         "This request would exceed the on-demand stream count limit for the "
                         "account "
                             + account() + " in " + config.region
                             + ". Current on-demand stream count: " + std::to_string(onDemand)
                             + ". Limit: " + std::to_string(config.onDemandStreamLimit) + ".");
    }

    Result<void> checkWritable() const
    {
        if (failure)
            return readOnly();
        gatedWrite = true; // its caller is told whether the write was acknowledged (zones)
        return storage.acceptingWrites(); // fewer than two zones in sync: ServiceUnavailable
    }
    mutable bool gatedWrite = false;

    std::string newStreamId()
    {
        static constexpr char alphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
        std::uint8_t bytes[23];
        crypto::randomBytes(bytes, sizeof bytes);
        std::string id;
        for (int i = 0; i < 23; ++i) {
            if (i == 20)
                id += '-';
            id += alphabet[bytes[i] % 36];
        }
        return id;
    }

    void countWrite(Stream &s, Shard &sh, std::string_view pk, HashKey key, std::size_t bytes,
                    std::int64_t t)
    {
        if (!config.metrics)
            return;
        const auto b = std::int64_t(bytes);
        countIncoming(s, sh, 1, b, t);
        // Exact for the first 256 records of each second; past that, one record in eight with
        // weight eight, which keeps heavy hitters right and the cost bounded at high rates.
        const std::int64_t thisSecond
            = sh.metrics.currentSecond()[static_cast<std::size_t>(Metric::IncomingRecords)];
        if (thisSecond <= 256)
            sh.hotKeys.add(pk, 1, t);
        else if (thisSecond % 8 == 0)
            sh.hotKeys.add(pk, 8, t);
        sh.keys.note(key);
        s.usage.countWrite(b, advantage);
    }

    void countWriteThrottled(Stream &s, Shard &sh, std::int64_t t)
    {
        countThrottledWrites(s, sh, 1, t);
    }

    // Appends a record to the pending batch; returns its (seq, ts).
    std::pair<std::uint64_t, std::int64_t> append(Stream &s, Shard &sh, std::string &&pk,
                                                  std::string &&data, std::int64_t t, HashKey key,
                                                  std::uint32_t dataKey)
    {
        countWrite(s, sh, pk, key, data.size() + pk.size(), t);
        const std::uint64_t seq = s.nextSeq++;
        // Invariant (2): within a shard every record's number is greater than those before it.
        if (!SHS_ASSERT(!sh.hasRecords || seq > sh.lastSeq) && !failure) {
            failure = EngineFailure{EngineFailure::Kind::Invariant,
                                    "the sequence numbers of " + formatShardId(sh.index) + " in "
                                        + s.name + " stopped growing"};
            ++version;
        }
        const std::int64_t ts = std::max(t, sh.lastTs);
        if (!sh.hasRecords) {
            sh.hasRecords = true;
            sh.firstSeq = seq;
            sh.firstTs = ts;
        }
        sh.lastSeq = seq;
        sh.lastTs = ts;
        ++sh.recordCount;
        batch.payloadBytes += data.size() + pk.size();
        batch.records.push_back(
            StoredRecord{sh.uid, seq, ts, std::move(pk), std::move(data), dataKey});
        // No counter write here: on load the counter is max(persisted, last record + 1). It is
        // persisted with trims (trimRetention), the only way records disappear from a shard.
        return {seq, ts};
    }

    /// The data key for records written to `s` now (0 when it is not encrypted), or the KMS
    /// error its writers meet.
    Result<std::uint32_t> dataKeyFor(const Stream &s)
    {
        if (s.encryptionType != "KMS")
            return std::uint32_t{0};
        if (!config.keys)
            return makeError(ErrorCode::KmsNotFound,
                             "Key '" + s.keyId + "' does not exist: this engine has no KMS.");
        return config.keys->dataKeyFor(s.keyId, now());
    }

    Result<void> retentionChange(const RetentionRequest &req, bool increase)
    {
        if (auto w = checkWritable(); !w)
            return w;
        auto sr = resolve(req.stream);
        if (!sr)
            return sr.error();
        Stream &s = **sr;
        const auto hours = req.retentionPeriodHours;
        if (hours < kMinRetentionHours)
            return makeError(
                ErrorCode::InvalidArgument,
                "Minimum allowed retention period is 24 hours. Requested retention period ("
                    + std::to_string(hours) + " hours) is too short.");
        if (hours > kMaxRetentionHours)
            return makeError(
                ErrorCode::InvalidArgument,
                "Maximum allowed retention period is 8760 hours. Requested retention period ("
                    + std::to_string(hours) + " hours) is too long.");
        if (s.status != StreamStatus::Active)
            return notActive(s);
        if (increase && hours < s.retentionHours)
            return makeError(ErrorCode::InvalidArgument,
                             "Requested retention period (" + std::to_string(hours)
                                 + " hours) for stream " + s.name
                                 + " can not be shorter than existing retention period ("
                                 + std::to_string(s.retentionHours)
                                 + " hours). Use DecreaseRetentionPeriod API.");
        if (!increase && hours > s.retentionHours)
            return makeError(ErrorCode::InvalidArgument,
                             "Requested retention period (" + std::to_string(hours)
                                 + " hours) for stream " + s.name
                                 + " can not be longer than existing retention period ("
                                 + std::to_string(s.retentionHours)
                                 + " hours). Use IncreaseRetentionPeriod API.");
        s.retentionHours = static_cast<int>(hours);
        markDirty(s);
        return ok();
    }

    /// The open shards of `s` must tile [0, 2^128-1]. Checked after every topology change and
    /// on load; a violation is a bug or a damaged database: the engine turns read-only and says so.
    void verifyTiling(const Stream &s)
    {
        HashKey expect;
        bool first = true, broken = false;
        for (auto idx : s.openByStart) {
            const auto &range = s.shards.at(idx).range;
            if (first ? range.start != HashKey::zero() : range.start != expect)
                broken = true;
            first = false;
            if (range.end == HashKey::max())
                expect = HashKey::max();
            else
                expect = range.end.plusOne();
        }
        if (!SHS_ASSERT(!first && expect == HashKey::max() && !broken) && !failure) {
            failure = EngineFailure{EngineFailure::Kind::Invariant,
                                    "the open shards of stream " + s.name
                                        + " do not tile the hash-key space (a bug or a damaged "
                                          "database); writes are refused to protect the data"};
            ++version;
        }
    }

    // Reads (engine_data.cpp).
    /// The seqIx a read of `sh` starts at (GetShardIterator's types; SubscribeToShard's
    /// StartingPosition, where a future AT_TIMESTAMP means later records only); refusals name
    /// `operation`.
    Result<std::uint64_t> startPosition(const Stream &s, const Shard &sh,
                                        const StartingPosition &pos, const char *operation,
                                        std::int64_t t);
    /// The children of a closed shard, as ChildShards lists them.
    std::vector<ChildShard> childShardsOf(const Stream &s, const Shard &sh) const
    {
        std::vector<ChildShard> out;
        for (const auto &[idx, child] : s.shards) {
            if (child.parent != static_cast<std::int64_t>(sh.index)
                && child.adjacentParent != static_cast<std::int64_t>(sh.index))
                continue;
            ChildShard c;
            c.shardId = formatShardId(idx);
            if (child.parent >= 0)
                c.parentShards.push_back(formatShardId(static_cast<std::uint32_t>(child.parent)));
            if (child.adjacentParent >= 0)
                c.parentShards.push_back(
                    formatShardId(static_cast<std::uint32_t>(child.adjacentParent)));
            c.startingHashKey = child.range.start;
            c.endingHashKey = child.range.end;
            out.push_back(std::move(c));
        }
        return out;
    }

    // Stream settings that shape capacity (engine_settings.cpp).
    /// Whether the commitment is in force now; keeps `advantage` current.
    bool commitmentInForce();
    /// The shards an on-demand stream keeps for its warm throughput (0 without one, or without
    /// the commitment): one per MiB/s of the "aws" write limit.
    int warmShards(const Stream &s) const;
    /// The shards that hold `mibps` of writes at the "aws" per-shard limit (rounded up).
    static int shardsForWarmThroughput(std::int64_t mibps);
    /// The WarmThroughput of the descriptions (on-demand streams, with the commitment).
    std::optional<WarmThroughput> warmThroughputOf(const Stream &s) const;
    /// Splits the widest open shards at their middles until the stream holds warmShards().
    void warmUp(Stream &s, std::int64_t t);
    /// The refusal of a warm throughput where there can be none: not on-demand, no commitment,
    /// or over the 10 GiB/s ceiling.
    Result<void> checkWarmThroughput(const Stream *s, StreamMode mode, std::int64_t mibps);

    // Time (engine_tick.cpp).
    static constexpr std::uint32_t kStreamTotals
        = kStreamTotalsShard; ///< shardIndex of stream-total minute points
    void accumulateUsage(Stream &s, std::int64_t t)
    {
        s.usage.accrue(t, {s.mode, int(s.openByStart.size()), s.retentionHours}, advantage);
    }
    void rollMetrics(Stream &s, std::int64_t t);
    void expireClosedShards(Stream &s, std::int64_t t);

    // Resharding (engine_reshard.cpp).
    Shard &openChild(Stream &s, HashKeyRange range, std::int64_t parent, std::int64_t adjacent,
                     std::int64_t seqSecs, std::int64_t t);
    void closeShard(Stream &s, Shard &sh, std::int64_t t);
    std::pair<std::uint32_t, std::uint32_t> doSplit(Stream &s, std::uint32_t parentIndex,
                                                    HashKey newStart, std::int64_t t);
    std::uint32_t doMerge(Stream &s, std::uint32_t shardToMerge, std::uint32_t adjacent,
                          std::int64_t t);
    void doUniformScale(Stream &s, std::int64_t target, std::int64_t t);
    void completePending(Stream &s, std::int64_t t);
    void autoscale(Stream &s, std::int64_t t);
    /// On-demand scaling's settings, as the engine was configured.
    OnDemandScaler::Config scalingConfig() const
    {
        return {config.onDemandMinShards, config.onDemandPeakWindowMs,
                config.onDemandScaleDownAfterMs};
    }
    Error onDemandRefusal() const;
    Result<Shard *> openShardFor(Stream &s, const std::string &shardId, const char *verb);
    Result<void> checkShardLimit(int additional) const;

    void trimRetention(Stream &s, std::int64_t t)
    {
        const std::int64_t cutoff = t - s.retentionMs();
        for (auto &[idx, sh] : s.shards) {
            if (!sh.hasRecords || sh.firstTs >= cutoff)
                continue;
            // Binary search for the first record with ts >= cutoff (ts is monotonic in seq).
            std::uint64_t lo = sh.firstSeq, hi = sh.lastSeq + 1;
            std::optional<std::pair<std::uint64_t, std::int64_t>> keep;
            bool failed = false;
            while (lo < hi) {
                const std::uint64_t mid = lo + (hi - lo) / 2;
                auto r = storage.firstRecordFrom(sh.uid, mid);
                if (!r) {
                    failed = true;
                    break;
                }
                if (!r->has_value()) {
                    hi = mid;
                    continue;
                }
                if ((*r)->second >= cutoff) {
                    keep = **r;
                    hi = mid;
                } else {
                    lo = (*r)->first + 1;
                }
            }
            if (failed)
                continue;
            if (keep) {
                // Every record before the kept one is committed (a shard's records commit in
                // order), so storage counts what the trim removes.
                auto removed = storage.countRecords(sh.uid, sh.firstSeq, keep->first);
                if (!removed)
                    continue;
                seqDirty.insert(s.uid);
                batch.trims.emplace_back(sh.uid, keep->first);
                sh.firstSeq = keep->first;
                sh.firstTs = keep->second;
                sh.recordCount -= std::min(sh.recordCount, *removed);
            } else if (sh.lastTs < cutoff) {
                seqDirty.insert(s.uid);
                batch.trims.emplace_back(sh.uid, sh.lastSeq + 1);
                sh.hasRecords = false;
                sh.recordCount = 0;
            } else {
                continue;
            }
            // The count goes with the trim, in the same batch.
            markShardDirty(s, idx);
            sh.persistedCount = sh.recordCount;
        }
    }
};

} // namespace shs::core
