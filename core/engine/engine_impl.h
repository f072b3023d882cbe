// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Engine internals shared by engine*.cpp: the stream and shard state and Engine::Impl.
// Not part of the engine's API; include only from the engine's own sources.
#include "engine.h"

#include "account_settings.h"
#include "arn.h"
#include "catalogue.h"
#include "check.h"
#include "control_rates.h"
#include "stream_settings.h"
#include "usage_meter.h"

#include "crypto/md5.h"
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

namespace detail {

struct Shard
{
    std::uint64_t uid = 0;
    std::uint32_t index = 0;
    std::int64_t parent = -1;
    std::int64_t adjacentParent = -1;
    HashKeyRange range;
    std::int64_t createdMs = 0;
    std::uint64_t startSeq = 0;
    std::optional<std::uint64_t> endSeq;
    std::int64_t closedMs = 0;
    std::int64_t seqSecs = 0; // creation second in sequence numbers; children are always later
    ShardThrottle throttle;
    MetricsAccumulator metrics;
    MinuteHotKeys hotKeys; // partition keys of this minute and the last
    ShardKeySample keys;   // on-demand: recent hash keys and the last split (on_demand_scaler.h)
    // Extent of stored records (assigned, possibly not yet committed).
    bool hasRecords = false;
    std::uint64_t firstSeq = 0;
    std::int64_t firstTs = 0;
    std::uint64_t lastSeq = 0;
    std::int64_t lastTs = 0;

    bool open() const { return !endSeq.has_value(); }
    std::int64_t createSecs() const { return seqSecs; }
};

/// A stream's operation in progress (status UPDATING), applied when it completes.
struct PendingOp
{
    enum Kind { None, Split, Merge, Scale, Mode, Warm } kind = None;
    std::uint32_t a = 0, b = 0;
    HashKey key;
    std::int64_t target = 0; ///< Scale: shards; Warm and Mode (to on-demand): warm MiB/s
    StreamMode mode = StreamMode::Provisioned;

    std::string encode() const;
    static PendingOp decode(const std::string &text);
    std::string describe() const;
};

struct Stream
{
    std::uint64_t uid = 0;
    std::string name;
    std::string streamId;
    StreamStatus status = StreamStatus::Creating;
    StreamMode mode = StreamMode::Provisioned;
    int retentionHours = kDefaultRetentionHours;
    std::int64_t createdMs = 0;
    std::int64_t statusSinceMs = 0;
    std::uint32_t nextShardIndex = 0;
    std::uint64_t nextSeq = 0;
    std::map<std::string, std::string> tags;
    std::string encryptionType = "NONE";
    std::string keyId;
    std::map<std::uint32_t, Shard> shards;
    std::vector<std::uint32_t> openByStart; // open shard indexes sorted by range start
    PartitionKeyRouter router;
    PendingOp pending;
    std::vector<std::int64_t> scaleTimes; // UpdateShardCount calls, rolling 24 h
    std::vector<std::int64_t> modeTimes;  // UpdateStreamMode calls, rolling 24 h
    MetricsAccumulator metrics;           // stream totals
    UsageMeter usage;                     ///< for the cost meter (usage_meter.h)
    OnDemandScaler scaler;                // on-demand capacity (on_demand_scaler.h)
    std::int64_t lastPersistMinute = -1;  // usage is written once per engine minute
    StreamSettings settings;              // what the later operations set (stream_settings.h)
    std::size_t autoNext = 0;             // AUTO distribution: the next open shard, round robin

    std::string encodeHistory() const;
    void decodeHistory(const std::string &text);

    std::int64_t retentionMs() const { return std::int64_t{retentionHours} * 3600 * 1000; }
    void rebuildOpenIndex()
    {
        openByStart.clear();
        for (auto &[idx, s] : shards)
            if (s.open())
                openByStart.push_back(idx);
        std::sort(openByStart.begin(), openByStart.end(), [this](std::uint32_t a, std::uint32_t b) {
            return shards.at(a).range.start < shards.at(b).range.start;
        });
        std::vector<PartitionKeyRouter::OpenShard> open;
        open.reserve(openByStart.size());
        for (auto idx : openByStart)
            open.push_back({shards.at(idx).range, idx});
        router.setOpenShards(std::move(open));
    }
    Shard *route(HashKey key)
    {
        auto idx = router.route(key);
        return idx ? &shards.at(*idx) : nullptr;
    }
};

inline std::string validationMessage(std::string_view value, std::string_view field,
                                     std::string_view constraint)
{
    std::string m = "1 validation error detected: Value '";
    m += value;
    m += "' at '";
    m += field;
    m += "' failed to satisfy constraint: ";
    m += constraint;
    return m;
}

inline Error validation(std::string_view value, std::string_view field, std::string_view constraint)
{
    return makeError(ErrorCode::Validation, validationMessage(value, field, constraint));
}

inline bool validStreamNameChars(std::string_view name)
{
    return std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
               || c == '_' || c == '.' || c == '-';
    });
}

inline Result<void> validateStreamName(std::string_view name, std::string_view field = "streamName")
{
    if (name.empty())
        return validation(name, field, "Member must have length greater than or equal to 1");
    if (name.size() > static_cast<std::size_t>(kMaxStreamNameLength))
        return validation(name, field, "Member must have length less than or equal to 128");
    if (!validStreamNameChars(name))
        return validation(name, field,
                          "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
    return ok();
}

inline bool isHashKeyPattern(std::string_view s)
{
    if (s.empty() || s.size() > 39 || (s.size() > 1 && s[0] == '0'))
        return false;
    return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

inline std::vector<std::string> splitLines(const std::string &s)
{
    std::vector<std::string> out;
    std::string cur;
    std::istringstream in(s);
    while (std::getline(in, cur))
        out.push_back(cur);
    return out;
}

} // namespace detail

using namespace detail;

struct Engine::Impl
{
    EngineConfig config;
    const Clock &clock;
    StoragePort &storage;
    crypto::Md5 md5;
    TokenCodec tokens;

    std::map<std::string, std::unique_ptr<Stream>> streams; // by name
    std::unordered_map<std::uint64_t, Stream *> byUid;
    std::uint64_t nextStreamUid = 1;
    std::uint64_t nextShardUid = 1;
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
    std::int64_t persistedTimeMs = 0;
    CommitmentState commitment; ///< account settings (account_settings.h)
    bool advantage = false;     ///< the commitment is in force (as of the last tick or update)

    Impl(EngineConfig c, const Clock &clk, StoragePort &st)
        : config(std::move(c)), clock(clk), storage(st), tokens(config.tokenKey)
    {}

    std::int64_t now()
    {
        lastNow = std::max(lastNow, clock.nowMs());
        return lastNow;
    }

    const std::string &account() const { return config.accountId; }

    std::string arnFor(const std::string &name) const
    {
        return core::streamArn(config.region, config.accountId, name);
    }

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
    Error streamNotFound(const std::string &name, const std::string &acct) const
    {
        return makeError(ErrorCode::ResourceNotFound,
                         "Stream " + name + " under account " + acct + " not found.");
    }
    Error streamNotFound(const std::string &name) const { return streamNotFound(name, account()); }
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

    // --- lookup ----------------------------------------------------------------------------
    Result<Stream *> resolve(const StreamRef &ref)
    {
        std::string name = ref.name;
        if (!ref.arn.empty()) {
            const std::string &arn = ref.arn;
            const auto parsed = parseKinesisArn(arn);
            if (!parsed || parsed->consumerName)
                return validation(arn, "streamARN",
                                  "Member must satisfy regular expression pattern: "
                                  "arn:aws.*:kinesis:.*:\\d{12}:stream/\\S+");
            const std::string &arnName = parsed->streamName;
            if (parsed->account != config.accountId || parsed->region != config.region)
                return streamNotFound(arnName, parsed->account);
            if (!name.empty() && name != arnName)
                return makeError(ErrorCode::InvalidArgument,
                                 "StreamARN " + arn + " does not match StreamName " + name + ".");
            name = arnName;
        }
        if (name.empty())
            return makeError(ErrorCode::InvalidArgument,
                             "Either StreamName or StreamARN should be provided.");
        if (auto v = validateStreamName(name); !v)
            return v.error();
        auto it = streams.find(name);
        if (it == streams.end())
            return streamNotFound(name);
        return it->second.get();
    }

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

    int openShardTotal() const
    {
        int n = 0;
        for (auto &[name, s] : streams)
            n += static_cast<int>(s->openByStart.size());
        return n;
    }

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
        return r;
    }

    /// The account's on-demand stream count limit, before a stream becomes on-demand.
    Result<void> roomForOnDemandStream() const
    {
        int onDemand = 0;
        for (const auto &[n, s] : streams)
            onDemand += s->mode == StreamMode::OnDemand ? 1 : 0;
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
        return ok();
    }

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
        sh.metrics.add(Metric::IncomingBytes, b, t);
        sh.metrics.add(Metric::IncomingRecords, 1, t);
        s.metrics.add(Metric::IncomingBytes, b, t);
        s.metrics.add(Metric::IncomingRecords, 1, t);
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
        sh.metrics.add(Metric::WriteProvisionedThroughputExceeded, 1, t);
        s.metrics.add(Metric::WriteProvisionedThroughputExceeded, 1, t);
    }

    // Appends a record to the pending batch; returns its (seq, ts).
    std::pair<std::uint64_t, std::int64_t> append(Stream &s, Shard &sh, std::string &&pk,
                                                  std::string &&data, std::int64_t t, HashKey key)
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
        batch.payloadBytes += data.size() + pk.size();
        batch.records.push_back(StoredRecord{sh.uid, seq, ts, std::move(pk), std::move(data)});
        // No counter write here: on load the counter is max(persisted, last record + 1). It is
        // persisted with trims (trimRetention), the only way records disappear from a shard.
        return {seq, ts};
    }

    // Validates one record and finds its shard. `field` is "" for PutRecord or "records.N.member."
    Result<Shard *> routeRecord(Stream &s, const std::string &pk,
                                const std::optional<std::string> &ehk, std::size_t dataSize,
                                const std::string &fieldPrefix, HashKey *keyOut)
    {
        const auto pkLen = utf8Length(pk);
        if (pk.empty())
            return validation(pk, fieldPrefix + "partitionKey",
                              "Member must have length greater than or equal to 1");
        if (!pkLen || *pkLen > static_cast<std::size_t>(kMaxPartitionKeyChars))
            return validation(pk, fieldPrefix + "partitionKey",
                              "Member must have length less than or equal to 256");
        // The model's constraint on the blob itself, in AWS's words.
        if (dataSize > static_cast<std::size_t>(kMaxMaxRecordSizeKiB) * 1024)
            return makeError(ErrorCode::Validation,
                             "1 validation error detected: Value at '" + fieldPrefix
                                 + "data' failed to satisfy constraint: Member must have length "
                                   "less than or equal to 10485760");
        const auto limit = static_cast<std::size_t>(s.settings.maxRecordBytes());
        auto bytes
            = [](std::size_t n) { return std::to_string(n) + (n == 1 ? " byte" : " bytes"); };
        if (dataSize + pk.size() > limit) // the stream's limit counts the key too
            return makeError(
                ErrorCode::Validation,
                "1 validation error detected: Value at '" + fieldPrefix
                    + "data' failed to satisfy constraint: the record's data (" + bytes(dataSize)
                    + ") and partition key (" + bytes(pk.size()) + ") are "
                    + std::to_string(dataSize + pk.size())
                    + " bytes together; a record's data and partition key may be at most "
                    + std::to_string(limit) + " bytes ("
                    + (limit == static_cast<std::size_t>(kMaxRecordBytes)
                           ? std::string("1 MiB")
                           : std::to_string(s.settings.maxRecordSizeKiB)
                                 + " KiB, the stream's MaxRecordSizeInKiB")
                    + ") together. Shorten the data or the partition key"
                    + (limit < static_cast<std::size_t>(kMaxMaxRecordSizeKiB) * 1024
                           ? std::string(", or raise the stream's limit with UpdateMaxRecordSize.")
                           : std::string(".")));
        HashKey key;
        if (ehk) {
            if (!isHashKeyPattern(*ehk))
                return validation(
                    *ehk, fieldPrefix + "explicitHashKey",
                    "Member must satisfy regular expression pattern: 0|([1-9]\\d{0,38})");
            auto parsed = HashKey::fromDecimal(*ehk);
            if (!parsed)
                return makeError(ErrorCode::InvalidArgument,
                                 "Invalid ExplicitHashKey. ExplicitHashKey must be in the range: "
                                 "[0, 2^128-1]. Specified value was "
                                     + *ehk);
            key = *parsed;
        }
        if (s.settings.autoDistribution && !s.openByStart.empty()) {
            // AUTO: the service places the record, whatever its keys say — round robin over the
            // open shards, noted at the middle of the shard's range (where the scaler splits).
            Shard &next = s.shards.at(s.openByStart[s.autoNext++ % s.openByStart.size()]);
            key = next.range.start.plus(next.range.end.minus(next.range.start).dividedBy(2));
        } else if (!ehk) {
            key = s.router.hash(pk); // MD5 only where the key decides
        }
        if (keyOut)
            *keyOut = key;
        Shard *sh = s.route(key);
        if (!sh)
            return makeError(ErrorCode::InternalFailure, "Internal Service Failure");
        return sh;
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
        = 0xFFFFFFFFu; ///< shardIndex of stream-total minute points
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
            seqDirty.insert(s.uid);
            if (keep) {
                batch.trims.emplace_back(sh.uid, keep->first);
                sh.firstSeq = keep->first;
                sh.firstTs = keep->second;
            } else if (sh.lastTs < cutoff) {
                batch.trims.emplace_back(sh.uid, sh.lastSeq + 1);
                sh.hasRecords = false;
            }
        }
    }
};

} // namespace shs::core
