// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine.h"

#include "crypto/md5.h"
#include "encoding.h"
#include "hash_key_range.h"
#include "kinesis_limits.h"
#include "partition_key_router.h"
#include "sequence_number.h"
#include "shard_iterator.h"

#include <algorithm>
#include <map>
#include <set>
#include <sstream>
#include <unordered_map>

namespace shs::core {

namespace {

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
    ShardThrottle throttle;
    // Extent of stored records (assigned, possibly not yet committed).
    bool hasRecords = false;
    std::uint64_t firstSeq = 0;
    std::int64_t firstTs = 0;
    std::uint64_t lastSeq = 0;
    std::int64_t lastTs = 0;

    bool open() const { return !endSeq.has_value(); }
    std::int64_t createSecs() const { return createdMs / 1000; }
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

std::string validationMessage(std::string_view value, std::string_view field, std::string_view constraint)
{
    std::string m = "1 validation error detected: Value '";
    m += value;
    m += "' at '";
    m += field;
    m += "' failed to satisfy constraint: ";
    m += constraint;
    return m;
}

Error validation(std::string_view value, std::string_view field, std::string_view constraint)
{
    return makeError(ErrorCode::Validation, validationMessage(value, field, constraint));
}

bool validStreamNameChars(std::string_view name)
{
    return std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
               || c == '.' || c == '-';
    });
}

Result<void> validateStreamName(std::string_view name, std::string_view field = "streamName")
{
    if (name.empty())
        return validation(name, field, "Member must have length greater than or equal to 1");
    if (name.size() > static_cast<std::size_t>(kMaxStreamNameLength))
        return validation(name, field, "Member must have length less than or equal to 128");
    if (!validStreamNameChars(name))
        return validation(name, field, "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
    return ok();
}

bool isHashKeyPattern(std::string_view s)
{
    if (s.empty() || s.size() > 39 || (s.size() > 1 && s[0] == '0'))
        return false;
    return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::vector<std::string> splitLines(const std::string &s)
{
    std::vector<std::string> out;
    std::string cur;
    std::istringstream in(s);
    while (std::getline(in, cur))
        out.push_back(cur);
    return out;
}

} // namespace

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
    bool countersDirty = false;
    std::optional<std::string> storageFailure;
    std::int64_t lastNow = 0;
    std::map<std::string, TokenBucket> controlBuckets; // per operation (and stream, where AWS counts per stream)
    std::int64_t persistedTimeMs = 0;

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
        return "arn:aws:kinesis:" + config.region + ":" + config.accountId + ":stream/" + name;
    }

    void markDirty(Stream &s)
    {
        dirtyStreams.insert(s.uid);
        ++version;
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
        return makeError(ErrorCode::ResourceInUse, "Stream " + s.name + " under account " + account()
                                                       + " not ACTIVE, instead in state "
                                                       + toString(s.status));
    }
    Error shardNotFound(const std::string &shardId, const std::string &stream) const
    {
        return makeError(ErrorCode::ResourceNotFound, "Shard " + shardId + " in stream " + stream
                                                          + " under account " + account()
                                                          + " does not exist");
    }
    Error rateExceeded(const Stream &s, const Shard &sh) const
    {
        return makeError(ErrorCode::ProvisionedThroughputExceeded, "Rate exceeded for shard " + formatShardId(sh.index)
                                                                       + " in stream " + s.name + " under account "
                                                                       + account() + ".");
    }

    /// Control-plane TPS (kinesis-api.md §5.2) in the "aws" profile: LimitExceededException.
    Result<void> allowControl(const char *operation, std::int64_t perSecond, const std::string &stream = {})
    {
        if (!config.limits.controlPlane)
            return ok();
        const std::string key = std::string(operation) + "/" + stream;
        auto it = controlBuckets.find(key);
        const std::int64_t t = now();
        if (it == controlBuckets.end())
            it = controlBuckets.emplace(key, TokenBucket(perSecond, perSecond, t)).first;
        if (it->second.tryTake(1, t))
            return ok();
        return makeError(ErrorCode::LimitExceeded, stream.empty() ? "Rate exceeded for account " + account() + "."
                                                                  : "Rate exceeded for stream " + stream + " under account "
                                                                        + account() + ".");
    }

    Error readOnly() const
    {
        return makeError(ErrorCode::InternalFailure,
                         "Internal Service Failure. Shardscope's storage failed (" + *storageFailure
                             + "); the engine is read-only until it is restarted.");
    }

    // --- lookup ----------------------------------------------------------------------------
    Result<Stream *> resolve(const StreamRef &ref)
    {
        std::string name = ref.name;
        if (!ref.arn.empty()) {
            const std::string prefix = "arn:aws:kinesis:";
            const std::string &arn = ref.arn;
            std::string region, acct, arnName;
            bool okArn = arn.rfind(prefix, 0) == 0;
            if (okArn) {
                const auto r1 = arn.find(':', prefix.size());
                const auto r2 = r1 == std::string::npos ? r1 : arn.find(':', r1 + 1);
                okArn = r2 != std::string::npos && arn.compare(r2 + 1, 7, "stream/") == 0;
                if (okArn) {
                    region = arn.substr(prefix.size(), r1 - prefix.size());
                    acct = arn.substr(r1 + 1, r2 - r1 - 1);
                    arnName = arn.substr(r2 + 8);
                    okArn = acct.size() == 12
                            && std::all_of(acct.begin(), acct.end(), [](char c) { return c >= '0' && c <= '9'; })
                            && !arnName.empty();
                }
            }
            if (!okArn)
                return validation(arn, "streamARN",
                                  "Member must satisfy regular expression pattern: "
                                  "arn:aws.*:kinesis:.*:\\d{12}:stream/\\S+");
            if (acct != config.accountId || region != config.region)
                return streamNotFound(arnName, acct);
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
        return r;
    }

    Result<void> checkWritable() const
    {
        if (storageFailure)
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

    // Appends a record to the pending batch; returns its (seq, ts).
    std::pair<std::uint64_t, std::int64_t> append(Stream &s, Shard &sh, std::string &&pk,
                                                  std::string &&data, std::int64_t t)
    {
        const std::uint64_t seq = s.nextSeq++;
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
    Result<Shard *> routeRecord(Stream &s, const std::string &pk, const std::optional<std::string> &ehk,
                                std::size_t dataSize, const std::string &fieldPrefix)
    {
        const auto pkLen = utf8Length(pk);
        if (pk.empty())
            return validation(pk, fieldPrefix + "partitionKey",
                              "Member must have length greater than or equal to 1");
        if (!pkLen || *pkLen > static_cast<std::size_t>(kMaxPartitionKeyChars))
            return validation(pk, fieldPrefix + "partitionKey",
                              "Member must have length less than or equal to 256");
        if (dataSize + pk.size() > static_cast<std::size_t>(kMaxRecordBytes)) {
            std::string m = "1 validation error detected: Value at '" + fieldPrefix
                            + "data' failed to satisfy constraint: Member must have length less "
                              "than or equal to 1048576";
            return makeError(ErrorCode::Validation, m);
        }
        HashKey key;
        if (ehk) {
            if (!isHashKeyPattern(*ehk))
                return validation(*ehk, fieldPrefix + "explicitHashKey",
                                  "Member must satisfy regular expression pattern: 0|([1-9]\\d{0,38})");
            auto parsed = HashKey::fromDecimal(*ehk);
            if (!parsed)
                return makeError(ErrorCode::InvalidArgument,
                                 "Invalid ExplicitHashKey. ExplicitHashKey must be in the range: "
                                 "[0, 2^128-1]. Specified value was "
                                     + *ehk);
            key = *parsed;
        } else {
            key = s.router.hash(pk);
        }
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
            return makeError(ErrorCode::InvalidArgument,
                             "Minimum allowed retention period is 24 hours. Requested retention period ("
                                 + std::to_string(hours) + " hours) is too short.");
        if (hours > kMaxRetentionHours)
            return makeError(ErrorCode::InvalidArgument,
                             "Maximum allowed retention period is 8760 hours. Requested retention period ("
                                 + std::to_string(hours) + " hours) is too long.");
        if (s.status != StreamStatus::Active)
            return notActive(s);
        if (increase && hours < s.retentionHours)
            return makeError(ErrorCode::InvalidArgument,
                             "Requested retention period (" + std::to_string(hours) + " hours) for stream "
                                 + s.name + " can not be shorter than existing retention period ("
                                 + std::to_string(s.retentionHours)
                                 + " hours). Use DecreaseRetentionPeriod API.");
        if (!increase && hours > s.retentionHours)
            return makeError(ErrorCode::InvalidArgument,
                             "Requested retention period (" + std::to_string(hours) + " hours) for stream "
                                 + s.name + " can not be longer than existing retention period ("
                                 + std::to_string(s.retentionHours)
                                 + " hours). Use IncreaseRetentionPeriod API.");
        s.retentionHours = static_cast<int>(hours);
        markDirty(s);
        return ok();
    }

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

Engine::Engine(EngineConfig config, const Clock &clock, StoragePort &storage)
    : d(std::make_unique<Impl>(std::move(config), clock, storage))
{}

Engine::~Engine() = default;

Result<void> Engine::load()
{
    auto state = d->storage.load();
    if (!state)
        return state.error();
    d->streams.clear();
    d->byUid.clear();
    for (const auto &row : state->streams) {
        auto s = std::make_unique<Stream>();
        s->uid = row.uid;
        s->name = row.name;
        s->streamId = row.streamId;
        s->status = static_cast<StreamStatus>(row.status);
        s->mode = static_cast<StreamMode>(row.mode);
        s->retentionHours = row.retentionHours;
        s->createdMs = row.createdMs;
        s->statusSinceMs = row.statusSinceMs;
        s->nextShardIndex = row.nextShardIndex;
        s->nextSeq = row.nextSeq;
        s->tags = decodeTags(row.tags);
        s->encryptionType = row.encryptionType;
        s->keyId = row.keyId;
        d->nextStreamUid = std::max(d->nextStreamUid, row.uid + 1);
        d->byUid[row.uid] = s.get();
        d->streams[row.name] = std::move(s);
    }
    std::unordered_map<std::uint64_t, Shard *> shardByUid;
    for (const auto &row : state->shards) {
        auto it = d->byUid.find(row.streamUid);
        if (it == d->byUid.end())
            continue;
        Shard sh;
        sh.uid = row.uid;
        sh.index = row.index;
        sh.parent = row.parentIndex;
        sh.adjacentParent = row.adjacentParentIndex;
        sh.range = {HashKey::fromHex(row.startHex).value_or(HashKey()),
                    HashKey::fromHex(row.endHex).value_or(HashKey())};
        sh.createdMs = row.createdMs;
        sh.startSeq = row.startSeq;
        if (row.endSeq >= 0)
            sh.endSeq = static_cast<std::uint64_t>(row.endSeq);
        sh.closedMs = row.closedMs;
        d->nextShardUid = std::max(d->nextShardUid, row.uid + 1);
        auto &slot = it->second->shards[row.index];
        slot = sh;
        shardByUid[row.uid] = &slot;
    }
    for (const auto &e : state->extents) {
        auto it = shardByUid.find(e.shardUid);
        if (it == shardByUid.end())
            continue;
        Shard &sh = *it->second;
        sh.hasRecords = true;
        sh.firstSeq = e.firstSeq;
        sh.firstTs = e.firstTs;
        sh.lastSeq = e.lastSeq;
        sh.lastTs = e.lastTs;
        d->lastNow = std::max(d->lastNow, e.lastTs);
    }
    const std::int64_t loadedAt = d->now();
    for (auto &[name, s] : d->streams) {
        for (auto &[idx, sh] : s->shards)
            sh.throttle.reset(d->config.limits, loadedAt);
        s->rebuildOpenIndex();
        // Never reissue a sequence number, even if the counter row lagged a crash.
        for (auto &[idx, sh] : s->shards)
            if (sh.hasRecords)
                s->nextSeq = std::max(s->nextSeq, sh.lastSeq + 1);
    }
    if (auto it = state->meta.find("next_stream_uid"); it != state->meta.end())
        d->nextStreamUid = std::max<std::uint64_t>(d->nextStreamUid, std::stoull(it->second));
    if (auto it = state->meta.find("next_shard_uid"); it != state->meta.end())
        d->nextShardUid = std::max<std::uint64_t>(d->nextShardUid, std::stoull(it->second));
    if (auto it = state->meta.find("engine_time_ms"); it != state->meta.end())
        d->lastNow = std::max<std::int64_t>(d->lastNow, std::stoll(it->second));
    ++d->version;
    return ok();
}

// ----------------------------------------------------------------------------- control plane

Result<void> Engine::createStream(const CreateStreamRequest &req)
{
    if (auto c = d->allowControl("CreateStream", 5); !c)
        return c;
    if (auto w = d->checkWritable(); !w)
        return w;
    if (auto v = validateStreamName(req.streamName); !v)
        return v;
    const StreamMode mode = req.mode.value_or(StreamMode::Provisioned);
    std::int64_t count = kOnDemandInitialShards;
    if (mode == StreamMode::Provisioned) {
        if (!req.shardCount)
            return makeError(ErrorCode::InvalidArgument,
                             "ShardCount must be specified when StreamMode is PROVISIONED");
        count = *req.shardCount;
        if (count < 1)
            return validation(std::to_string(count), "shardCount",
                              "Member must have value greater than or equal to 1");
        if (count > 1000000)
            return validation(std::to_string(count), "shardCount",
                              "Member must have value less than or equal to 1000000");
    }
    if (d->streams.count(req.streamName))
        return makeError(ErrorCode::ResourceInUse, "Stream " + req.streamName + " under account "
                                                       + d->account() + " already exists.");
    const int open = d->openShardTotal();
    if (open + count > d->config.shardLimit)
        return makeError(
            ErrorCode::LimitExceeded,
            "This request would exceed the shard limit for the account " + d->account() + " in "
                + d->config.region + ". Current shard count for the account: " + std::to_string(open)
                + ". Limit: " + std::to_string(d->config.shardLimit)
                + ". Number of additional shards that would have resulted from this request: "
                + std::to_string(count)
                + ". Refer to the AWS Service Limits page "
                  "(http://docs.aws.amazon.com/general/latest/gr/aws_service_limits.html) for current "
                  "limits and how to request higher limits.");
    if (mode == StreamMode::OnDemand) {
        int onDemand = 0;
        for (auto &[n, s] : d->streams)
            onDemand += s->mode == StreamMode::OnDemand ? 1 : 0;
        if (onDemand >= d->config.onDemandStreamLimit)
            return makeError(ErrorCode::LimitExceeded,
                             "This request would exceed the on-demand stream count limit for the account "
                                 + d->account() + " in " + d->config.region
                                 + ". Current on-demand stream count: " + std::to_string(onDemand)
                                 + ". Limit: " + std::to_string(d->config.onDemandStreamLimit) + ".");
    }
    if (req.tags.size() > static_cast<std::size_t>(kMaxTagsPerStream))
        return makeError(ErrorCode::InvalidArgument,
                         "Failed to create stream " + req.streamName + " under account " + d->account()
                             + " because a given stream cannot have more than 50 tags.");

    const std::int64_t t = d->now();
    auto s = std::make_unique<Stream>();
    s->uid = d->nextStreamUid++;
    s->name = req.streamName;
    s->streamId = d->newStreamId();
    s->status = StreamStatus::Creating;
    s->mode = mode;
    s->createdMs = t;
    s->statusSinceMs = t;
    s->tags = req.tags;
    const auto ranges = HashKeyRange::uniformSplit(static_cast<std::uint32_t>(count));
    for (const auto &range : ranges) {
        Shard sh;
        sh.uid = d->nextShardUid++;
        sh.index = s->nextShardIndex++;
        sh.range = range;
        sh.createdMs = t;
        sh.startSeq = s->nextSeq;
        sh.throttle.reset(d->config.limits, t);
        s->shards[sh.index] = sh;
    }
    s->rebuildOpenIndex();
    d->countersDirty = true;
    Stream &ref = *s;
    d->byUid[s->uid] = s.get();
    d->streams[s->name] = std::move(s);
    d->markDirty(ref);
    return ok();
}

Result<void> Engine::deleteStream(const DeleteStreamRequest &req)
{
    if (auto c = d->allowControl("DeleteStream", 5); !c)
        return c;
    if (auto w = d->checkWritable(); !w)
        return w;
    auto sr = d->resolve(req.stream);
    if (!sr)
        return sr.error();
    Stream &s = **sr;
    if (s.status == StreamStatus::Deleting)
        return d->notActive(s);
    s.status = StreamStatus::Deleting;
    s.statusSinceMs = d->now();
    d->markDirty(s);
    return ok();
}

Result<StreamDescription> Engine::describeStream(const DescribeStreamRequest &req)
{
    auto sr = d->resolve(req.stream);
    if (!sr)
        return sr.error();
    if (auto c = d->allowControl("DescribeStream", 10, (*sr)->name); !c)
        return c.error();
    const Stream &s = **sr;
    std::int64_t limit = req.limit.value_or(kDescribeStreamMaxShards);
    if (limit < 1)
        return validation(std::to_string(limit), "limit", "Member must have value greater than or equal to 1");
    if (limit > 10000)
        return validation(std::to_string(limit), "limit", "Member must have value less than or equal to 10000");
    limit = std::min<std::int64_t>(limit, kDescribeStreamMaxShards);
    StreamDescription out;
    out.streamName = s.name;
    out.streamArn = d->arnFor(s.name);
    out.status = s.status;
    out.mode = s.mode;
    out.retentionPeriodHours = s.retentionHours;
    out.creationMs = s.createdMs;
    out.encryptionType = s.encryptionType;
    if (!s.keyId.empty())
        out.keyId = s.keyId;
    std::int64_t after = -1;
    if (req.exclusiveStartShardId) {
        auto idx = parseShardId(*req.exclusiveStartShardId);
        if (!idx)
            return validation(*req.exclusiveStartShardId, "exclusiveStartShardId",
                              "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
        after = *idx;
    }
    for (const auto &[idx, sh] : s.shards) {
        if (static_cast<std::int64_t>(idx) <= after)
            continue;
        if (static_cast<std::int64_t>(out.shards.size()) == limit) {
            out.hasMoreShards = true;
            break;
        }
        out.shards.push_back(d->describe(sh));
    }
    return out;
}

Result<StreamDescriptionSummary> Engine::describeStreamSummary(const StreamRef &ref)
{
    auto sr = d->resolve(ref);
    if (!sr)
        return sr.error();
    if (auto c = d->allowControl("DescribeStreamSummary", 20, (*sr)->name); !c)
        return c.error();
    const Stream &s = **sr;
    StreamDescriptionSummary out;
    out.streamName = s.name;
    out.streamArn = d->arnFor(s.name);
    out.streamId = s.streamId;
    out.status = s.status;
    out.mode = s.mode;
    out.retentionPeriodHours = s.retentionHours;
    out.creationMs = s.createdMs;
    out.encryptionType = s.encryptionType;
    if (!s.keyId.empty())
        out.keyId = s.keyId;
    out.openShardCount = static_cast<int>(s.openByStart.size());
    return out;
}

Result<ListStreamsResult> Engine::listStreams(const ListStreamsRequest &req)
{
    if (auto c = d->allowControl("ListStreams", 5); !c)
        return c.error();
    std::int64_t limit = req.limit.value_or(kListStreamsDefaultLimit);
    if (limit < 1)
        return validation(std::to_string(limit), "limit", "Member must have value greater than or equal to 1");
    if (limit > 10000)
        return validation(std::to_string(limit), "limit", "Member must have value less than or equal to 10000");
    std::string after;
    if (req.nextToken) {
        auto page = d->tokens.decodePage('S', *req.nextToken);
        if (!page)
            return makeError(ErrorCode::InvalidArgument, "Invalid NextToken.");
        if (d->now() - page->first > kNextTokenLifetimeMs)
            return makeError(ErrorCode::ExpiredNextToken,
                             "The NextToken has expired. NextTokens are valid for 300 seconds.");
        after = page->second;
    } else if (req.exclusiveStartStreamName) {
        after = *req.exclusiveStartStreamName;
    }
    ListStreamsResult out;
    auto it = after.empty() ? d->streams.begin() : d->streams.upper_bound(after);
    for (; it != d->streams.end(); ++it) {
        if (static_cast<std::int64_t>(out.streamNames.size()) == limit) {
            out.hasMoreStreams = true;
            break;
        }
        const Stream &s = *it->second;
        out.streamNames.push_back(s.name);
        out.summaries.push_back({s.name, d->arnFor(s.name), s.status, s.mode, s.createdMs});
    }
    if (out.hasMoreStreams)
        out.nextToken = d->tokens.encodePage('S', d->now(), out.streamNames.back());
    return out;
}

Result<ListShardsResult> Engine::listShards(const ListShardsRequest &req)
{
    const bool hasStream = !req.stream.name.empty() || !req.stream.arn.empty();
    if (req.nextToken && hasStream)
        return makeError(ErrorCode::InvalidArgument, "NextToken and StreamName cannot be provided together.");
    if (!req.nextToken && !hasStream)
        return makeError(ErrorCode::InvalidArgument, "Either NextToken or StreamName should be provided.");
    if (req.nextToken && req.exclusiveStartShardId)
        return makeError(ErrorCode::InvalidArgument,
                         "NextToken and ExclusiveStartShardId cannot be provided together.");
    if (req.nextToken && req.streamCreationTimestampMs)
        return makeError(ErrorCode::InvalidArgument,
                         "NextToken and StreamCreationTimestamp cannot be provided together.");
    std::int64_t maxResults = req.maxResults.value_or(kListShardsMaxResults);
    if (maxResults < 1)
        return validation(std::to_string(maxResults), "maxResults",
                          "Member must have value greater than or equal to 1");
    if (maxResults > kListShardsMaxResultsParam)
        return validation(std::to_string(maxResults), "maxResults",
                          "Member must have value less than or equal to 10000");
    maxResults = std::min<std::int64_t>(maxResults, kListShardsMaxResults);

    Stream *s = nullptr;
    std::int64_t after = -1;
    ShardFilter filter;
    if (req.nextToken) {
        auto page = d->tokens.decodePage('H', *req.nextToken);
        if (!page)
            return makeError(ErrorCode::InvalidArgument, "Invalid NextToken.");
        if (d->now() - page->first > kNextTokenLifetimeMs)
            return makeError(ErrorCode::ExpiredNextToken,
                             "The NextToken has expired. NextTokens are valid for 300 seconds.");
        const auto fields = splitLines(page->second);
        if (fields.size() != 6)
            return makeError(ErrorCode::InvalidArgument, "Invalid NextToken.");
        auto it = d->byUid.find(std::stoull(fields[0]));
        if (it == d->byUid.end())
            return d->streamNotFound(fields[1]);
        s = it->second;
        after = std::stoll(fields[2]);
        filter.type = static_cast<ShardFilterType>(std::stoi(fields[3]));
        if (!fields[4].empty())
            filter.shardId = fields[4];
        if (!fields[5].empty())
            filter.timestampMs = std::stoll(fields[5]);
    } else {
        auto sr = d->resolve(req.stream);
        if (!sr)
            return sr.error();
        s = *sr;
        if (req.streamCreationTimestampMs && *req.streamCreationTimestampMs / 1000 != s->createdMs / 1000)
            return d->streamNotFound(s->name);
        if (req.exclusiveStartShardId) {
            auto idx = parseShardId(*req.exclusiveStartShardId);
            if (!idx)
                return validation(*req.exclusiveStartShardId, "exclusiveStartShardId",
                                  "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
            after = *idx;
        }
        if (req.filter) {
            filter = *req.filter;
            if (filter.type == ShardFilterType::AfterShardId) {
                if (!filter.shardId)
                    return makeError(ErrorCode::InvalidArgument,
                                     "Must specify ShardId in ShardFilter when the type is AFTER_SHARD_ID.");
                auto idx = parseShardId(*filter.shardId);
                if (!idx)
                    return validation(*filter.shardId, "shardFilter.shardId",
                                      "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
                after = std::max<std::int64_t>(after, *idx);
            }
            if ((filter.type == ShardFilterType::AtTimestamp || filter.type == ShardFilterType::FromTimestamp)
                && !filter.timestampMs)
                return makeError(ErrorCode::InvalidArgument,
                                 std::string("Must specify Timestamp in ShardFilter when the type is ")
                                     + toString(filter.type) + ".");
        }
    }

    const std::int64_t t = d->now();
    const std::int64_t trimHorizon = std::max(t - s->retentionMs(), s->createdMs);
    auto openAt = [](const Shard &sh, std::int64_t when) {
        return sh.createdMs <= when && (sh.open() || sh.closedMs > when);
    };
    ListShardsResult out;
    std::int64_t last = after;
    bool more = false;
    for (const auto &[idx, sh] : s->shards) {
        if (static_cast<std::int64_t>(idx) <= after)
            continue;
        bool include = true;
        switch (filter.type) {
        case ShardFilterType::AfterShardId:
        case ShardFilterType::FromTrimHorizon: include = true; break;
        case ShardFilterType::AtTrimHorizon: include = openAt(sh, trimHorizon); break;
        case ShardFilterType::AtLatest: include = sh.open(); break;
        case ShardFilterType::AtTimestamp:
            include = openAt(sh, std::max(*filter.timestampMs, s->createdMs));
            break;
        case ShardFilterType::FromTimestamp:
            include = sh.open() || sh.closedMs >= *filter.timestampMs;
            break;
        }
        if (!include)
            continue;
        if (static_cast<std::int64_t>(out.shards.size()) == maxResults) {
            more = true;
            break;
        }
        out.shards.push_back(d->describe(sh));
        last = idx;
    }
    if (more) {
        std::string payload = std::to_string(s->uid) + "\n" + s->name + "\n" + std::to_string(last) + "\n"
                              + std::to_string(static_cast<int>(filter.type)) + "\n"
                              + filter.shardId.value_or("") + "\n"
                              + (filter.timestampMs ? std::to_string(*filter.timestampMs) : "") + "\n";
        out.nextToken = d->tokens.encodePage('H', t, payload);
    }
    return out;
}

Result<void> Engine::increaseStreamRetentionPeriod(const RetentionRequest &req)
{
    return d->retentionChange(req, true);
}

Result<void> Engine::decreaseStreamRetentionPeriod(const RetentionRequest &req)
{
    return d->retentionChange(req, false);
}

Result<void> Engine::addTagsToStream(const AddTagsRequest &req)
{
    if (auto w = d->checkWritable(); !w)
        return w;
    auto sr = d->resolve(req.stream);
    if (!sr)
        return sr.error();
    if (auto c = d->allowControl("AddTagsToStream", 5); !c)
        return c;
    Stream &s = **sr;
    if (req.tags.empty())
        return validation("{}", "tags", "Member must have length greater than or equal to 1");
    for (const auto &[k, v] : req.tags) {
        if (k.empty() || k.size() > static_cast<std::size_t>(kMaxTagKeyLength))
            return makeError(ErrorCode::InvalidArgument,
                             "Tag key '" + k + "' must be between 1 and 128 characters long.");
        if (v.size() > static_cast<std::size_t>(kMaxTagValueLength))
            return makeError(ErrorCode::InvalidArgument,
                             "Tag value for key '" + k + "' must be at most 256 characters long.");
    }
    auto merged = s.tags;
    for (const auto &[k, v] : req.tags)
        merged[k] = v;
    if (merged.size() > static_cast<std::size_t>(kMaxTagsPerStream))
        return makeError(ErrorCode::InvalidArgument,
                         "Failed to add tags to stream " + s.name + " under account " + d->account()
                             + " because a given stream cannot have more than 50 tags.");
    s.tags = std::move(merged);
    d->markDirty(s);
    return ok();
}

Result<void> Engine::removeTagsFromStream(const RemoveTagsRequest &req)
{
    if (auto w = d->checkWritable(); !w)
        return w;
    auto sr = d->resolve(req.stream);
    if (!sr)
        return sr.error();
    if (auto c = d->allowControl("RemoveTagsFromStream", 5); !c)
        return c;
    Stream &s = **sr;
    if (req.tagKeys.empty())
        return validation("[]", "tagKeys", "Member must have length greater than or equal to 1");
    if (req.tagKeys.size() > 50)
        return validation("[...]", "tagKeys", "Member must have length less than or equal to 50");
    for (const auto &k : req.tagKeys)
        s.tags.erase(k);
    d->markDirty(s);
    return ok();
}

Result<ListTagsResult> Engine::listTagsForStream(const ListTagsRequest &req)
{
    auto sr = d->resolve(req.stream);
    if (!sr)
        return sr.error();
    if (auto c = d->allowControl("ListTagsForStream", 5); !c)
        return c.error();
    const Stream &s = **sr;
    const std::int64_t limit = req.limit.value_or(50);
    if (limit < 1)
        return validation(std::to_string(limit), "limit", "Member must have value greater than or equal to 1");
    if (limit > 50)
        return validation(std::to_string(limit), "limit", "Member must have value less than or equal to 50");
    ListTagsResult out;
    auto it = req.exclusiveStartTagKey ? s.tags.upper_bound(*req.exclusiveStartTagKey) : s.tags.begin();
    for (; it != s.tags.end(); ++it) {
        if (static_cast<std::int64_t>(out.tags.size()) == limit) {
            out.hasMoreTags = true;
            break;
        }
        out.tags.emplace_back(it->first, it->second);
    }
    return out;
}

Result<DescribeLimitsResult> Engine::describeLimits()
{
    if (auto c = d->allowControl("DescribeLimits", 1); !c)
        return c.error();
    DescribeLimitsResult out;
    out.shardLimit = d->config.shardLimit;
    out.openShardCount = d->openShardTotal();
    for (auto &[n, s] : d->streams)
        out.onDemandStreamCount += s->mode == StreamMode::OnDemand ? 1 : 0;
    out.onDemandStreamCountLimit = d->config.onDemandStreamLimit;
    return out;
}

// ----------------------------------------------------------------------------- data plane

Result<PutRecordResult> Engine::putRecord(PutRecordRequest &&req)
{
    auto sr = d->resolveForData(req.stream);
    if (!sr)
        return sr.error();
    if (auto w = d->checkWritable(); !w)
        return w.error();
    Stream &s = **sr;
    auto shard = d->routeRecord(s, req.partitionKey, req.explicitHashKey, req.data.size(), "");
    if (!shard)
        return shard.error();
    if (req.sequenceNumberForOrdering) {
        auto parsed = parseSequenceNumber(*req.sequenceNumberForOrdering);
        if (!parsed || parsed->recordSecs * 1000 > d->now() + 1000)
            return makeError(ErrorCode::InvalidArgument,
                             "ExclusiveMinimumSequenceNumber " + *req.sequenceNumberForOrdering
                                 + " used in PutRecord on stream " + s.name + " under account "
                                 + d->account() + " is invalid.");
        // Numbers from this stream's counter are already greater; a number from elsewhere that
        // is ahead of the counter moves the counter past it.
        if (parsed->seqIx >= s.nextSeq)
            s.nextSeq = parsed->seqIx + 1;
    }
    Shard &sh = **shard;
    if (!sh.throttle.tryWrite(std::int64_t(req.data.size() + req.partitionKey.size()), d->now()))
        return d->rateExceeded(s, sh);
    auto [seq, ts] = d->append(s, sh, std::move(req.partitionKey), std::move(req.data), d->now());
    PutRecordResult out;
    out.shardId = formatShardId(sh.index);
    out.sequenceNumber = d->sequenceNumber(sh, seq, ts);
    out.encryptionType = s.encryptionType;
    return out;
}

Result<PutRecordsResult> Engine::putRecords(PutRecordsRequest &&req)
{
    auto sr = d->resolveForData(req.stream);
    if (!sr)
        return sr.error();
    if (auto w = d->checkWritable(); !w)
        return w.error();
    Stream &s = **sr;
    if (req.records.empty())
        return validation("[]", "records", "Member must have length greater than or equal to 1");
    if (req.records.size() > static_cast<std::size_t>(kMaxPutRecordsCount))
        return makeError(ErrorCode::Validation,
                         "1 validation error detected: Value '[...]' at 'records' failed to satisfy "
                         "constraint: Member must have length less than or equal to 500");
    std::vector<Shard *> targets(req.records.size());
    std::size_t total = 0;
    for (std::size_t i = 0; i < req.records.size(); ++i) {
        const auto &r = req.records[i];
        auto shard = d->routeRecord(s, r.partitionKey, r.explicitHashKey, r.data.size(),
                                    "records." + std::to_string(i + 1) + ".member.");
        if (!shard)
            return shard.error();
        targets[i] = *shard;
        total += r.data.size() + r.partitionKey.size();
    }
    if (total > static_cast<std::size_t>(kMaxPutRecordsRequestBytes))
        return makeError(ErrorCode::InvalidArgument, "Records size exceeds 5 MB limit");
    PutRecordsResult out;
    out.encryptionType = s.encryptionType;
    out.records.resize(req.records.size());
    const std::int64_t t = d->now();
    for (std::size_t i = 0; i < req.records.size(); ++i) {
        auto &r = req.records[i];
        Shard &sh = *targets[i];
        // Throttling fails only the entries over their shard's limit (in request order).
        if (!sh.throttle.tryWrite(std::int64_t(r.data.size() + r.partitionKey.size()), t)) {
            const Error e = d->rateExceeded(s, sh);
            out.records[i].errorCode = std::string(e.name());
            out.records[i].errorMessage = e.message;
            ++out.failedRecordCount;
            continue;
        }
        auto [seq, ts] = d->append(s, sh, std::move(r.partitionKey), std::move(r.data), t);
        out.records[i].shardId = formatShardId(sh.index);
        out.records[i].sequenceNumber = d->sequenceNumber(sh, seq, ts);
    }
    return out;
}

Result<GetShardIteratorResult> Engine::getShardIterator(const GetShardIteratorRequest &req)
{
    auto sr = d->resolveForData(req.stream);
    if (!sr)
        return sr.error();
    Stream &s = **sr;
    auto idx = parseShardId(req.shardId);
    if (!idx)
        return makeError(ErrorCode::ResourceNotFound, "Could not find shard " + req.shardId + " in stream "
                                                          + s.name + " under account " + d->account() + ".");
    const std::string shardId = formatShardId(*idx);
    auto it = s.shards.find(*idx);
    if (it == s.shards.end())
        return d->shardNotFound(shardId, s.name);
    Shard &sh = it->second;
    const std::int64_t t = d->now();
    if (!sh.throttle.tryIteratorCall(t))
        return d->rateExceeded(s, sh);
    const char *typeName = toString(req.type);
    std::uint64_t position = 0;
    const bool wantsSeq = req.type == ShardIteratorType::AtSequenceNumber
                          || req.type == ShardIteratorType::AfterSequenceNumber;
    if (req.startingSequenceNumber && !wantsSeq && req.type != ShardIteratorType::AtTimestamp)
        return makeError(ErrorCode::InvalidArgument,
                         std::string("Must either specify (1) AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER "
                                     "and StartingSequenceNumber or (2) TRIM_HORIZON or LATEST and no "
                                     "StartingSequenceNumber. Request specified ")
                             + typeName + " and also a StartingSequenceNumber.");
    const std::uint64_t endPosition = sh.endSeq ? *sh.endSeq + 1 : s.nextSeq;
    switch (req.type) {
    case ShardIteratorType::AtSequenceNumber:
    case ShardIteratorType::AfterSequenceNumber: {
        if (!req.startingSequenceNumber)
            return makeError(ErrorCode::InvalidArgument,
                             std::string("Must either specify (1) AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER "
                                         "and StartingSequenceNumber or (2) TRIM_HORIZON or LATEST and no "
                                         "StartingSequenceNumber. Request specified ")
                                 + typeName + " and no StartingSequenceNumber.");
        const std::string &text = *req.startingSequenceNumber;
        auto parsed = parseSequenceNumber(text);
        if (!parsed)
            return makeError(ErrorCode::InvalidArgument,
                             "StartingSequenceNumber " + text + " used in GetShardIterator on shard "
                                 + shardId + " in stream " + s.name + " under account " + d->account()
                                 + " is invalid.");
        if (parsed->shardIndex != *idx)
            return makeError(ErrorCode::InvalidArgument,
                             "Invalid StartingSequenceNumber. It encodes " + formatShardId(parsed->shardIndex)
                                 + ", while it was used in a call to a shard with " + shardId);
        if (parsed->shardCreateSecs != sh.createSecs() || parsed->seqIx > endPosition)
            return makeError(ErrorCode::InvalidArgument,
                             "StartingSequenceNumber " + text + " used in GetShardIterator on shard "
                                 + shardId + " in stream " + s.name + " under account " + d->account()
                                 + " is invalid because it did not come from this stream.");
        position = parsed->seqIx + (req.type == ShardIteratorType::AfterSequenceNumber ? 1 : 0);
        break;
    }
    case ShardIteratorType::TrimHorizon: position = 0; break;
    case ShardIteratorType::Latest: position = endPosition; break;
    case ShardIteratorType::AtTimestamp: {
        if (!req.timestampMs)
            return makeError(ErrorCode::InvalidArgument,
                             "Must specify timestampInMillis parameter for iterator of type AT_TIMESTAMP. "
                             "Current request has no timestamp parameter.");
        if (*req.timestampMs > t)
            return makeError(ErrorCode::InvalidArgument,
                             "The timestampInMillis parameter cannot be greater than the "
                             "currentTimestampInMillis. timestampInMillis: "
                                 + std::to_string(*req.timestampMs)
                                 + ", currentTimestampInMillis: " + std::to_string(t));
        position = endPosition;
        if (sh.hasRecords) {
            // First record with ts >= timestamp: binary search (ts is monotonic in seq).
            std::uint64_t lo = sh.firstSeq, hi = sh.lastSeq + 1;
            while (lo < hi) {
                const std::uint64_t mid = lo + (hi - lo) / 2;
                auto r = d->storage.firstRecordFrom(sh.uid, mid);
                if (!r)
                    return r.error();
                if (!r->has_value()) {
                    hi = mid;
                    continue;
                }
                if ((*r)->second >= *req.timestampMs) {
                    position = std::min(position, (*r)->first);
                    hi = mid;
                } else {
                    lo = (*r)->first + 1;
                }
            }
        }
        break;
    }
    }
    IteratorToken token{t, s.uid, *idx, position, s.name};
    return GetShardIteratorResult{d->tokens.encodeIterator(token)};
}

Result<Engine::ReadPlan> Engine::planGetRecords(const GetRecordsRequest &req)
{
    auto token = d->tokens.decodeIterator(req.shardIterator);
    if (!token)
        return makeError(ErrorCode::InvalidArgument, "Invalid ShardIterator.");
    const std::int64_t t = d->now();
    if (token->createdMs > t + 1000)
        return makeError(ErrorCode::InvalidArgument, "Invalid ShardIterator.");
    if (t - token->createdMs > kIteratorLifetimeMs)
        return makeError(ErrorCode::ExpiredIterator,
                         "Iterator expired. The iterator was created at time " + amzUtcString(token->createdMs)
                             + " while right now it is " + amzUtcString(t)
                             + " which is further in the future than the tolerated delay of 300000 "
                               "milliseconds.");
    const std::int64_t limit = req.limit.value_or(kMaxGetRecordsLimit);
    if (limit < 1)
        return validation(std::to_string(limit), "limit", "Member must have value greater than or equal to 1");
    if (limit > kMaxGetRecordsLimit)
        return makeError(ErrorCode::InvalidArgument,
                         validationMessage(std::to_string(limit), "limit",
                                           "Member must have value less than or equal to 10000"));
    const std::string shardId = formatShardId(token->shardIndex);
    auto sit = d->byUid.find(token->streamUid);
    if (sit == d->byUid.end())
        return d->shardNotFound(shardId, token->streamName);
    Stream &s = *sit->second;
    if (req.streamArn && *req.streamArn != d->arnFor(s.name))
        return makeError(ErrorCode::InvalidArgument,
                         "StreamARN " + *req.streamArn + " does not match the stream of the ShardIterator.");
    if (s.status != StreamStatus::Active && s.status != StreamStatus::Updating)
        return d->streamNotFound(s.name);
    auto shIt = s.shards.find(token->shardIndex);
    if (shIt == s.shards.end())
        return d->shardNotFound(shardId, s.name);
    Shard &sh = shIt->second;
    if (!sh.throttle.tryReadCall(t))
        return d->rateExceeded(s, sh);
    ReadPlan plan;
    plan.nowMs = t;
    plan.streamUid = s.uid;
    plan.streamName = s.name;
    plan.shardUid = sh.uid;
    plan.shardIndex = sh.index;
    plan.shardCreateSecs = sh.createSecs();
    plan.shardOpen = sh.open();
    plan.shardHasRecords = sh.hasRecords;
    plan.shardLastSeq = sh.lastSeq;
    plan.position = token->position;
    plan.minTs = t - s.retentionMs();
    plan.limit = static_cast<std::size_t>(limit);
    plan.encryptionType = s.encryptionType;
    if (!sh.open()) {
        for (const auto &[idx, child] : s.shards) {
            if (child.parent == static_cast<std::int64_t>(sh.index)
                || child.adjacentParent == static_cast<std::int64_t>(sh.index)) {
                ChildShard c;
                c.shardId = formatShardId(idx);
                if (child.parent >= 0)
                    c.parentShards.push_back(formatShardId(static_cast<std::uint32_t>(child.parent)));
                if (child.adjacentParent >= 0)
                    c.parentShards.push_back(formatShardId(static_cast<std::uint32_t>(child.adjacentParent)));
                c.startingHashKey = child.range.start;
                c.endingHashKey = child.range.end;
                plan.childShards.push_back(std::move(c));
            }
        }
    }
    return plan;
}

Result<GetRecordsResult> Engine::readPlanned(const ReadPlan &plan, RecordReader &reader, TokenCodec &tokens)
{
    std::vector<StoredRecord> stored;
    if (auto r = reader.readRecords(plan.shardUid, plan.position, plan.minTs, plan.limit,
                                    static_cast<std::size_t>(kMaxGetRecordsBytes), stored);
        !r)
        return r.error();
    GetRecordsResult out;
    out.records.reserve(stored.size());
    std::uint64_t next = plan.position;
    for (auto &rec : stored) {
        Record r;
        r.sequenceNumber = formatSequenceNumber({plan.shardCreateSecs, plan.shardIndex, rec.seq, rec.ts / 1000});
        r.arrivalMs = rec.ts;
        r.data = std::move(rec.data);
        r.partitionKey = std::move(rec.partitionKey);
        r.encryptionType = plan.encryptionType;
        out.records.push_back(std::move(r));
        next = rec.seq + 1;
    }
    if (!stored.empty() && plan.shardHasRecords && plan.shardLastSeq >= next)
        out.millisBehindLatest = std::max<std::int64_t>(0, plan.nowMs - stored.back().ts);
    if (stored.empty() && !plan.shardOpen && !plan.childShards.empty()) {
        // End of a closed shard: ChildShards, and no NextShardIterator (never both, never neither).
        out.childShards = plan.childShards;
        return out;
    }
    out.nextShardIterator = tokens.encodeIterator({plan.nowMs, plan.streamUid, plan.shardIndex, next, plan.streamName});
    return out;
}

Result<GetRecordsResult> Engine::getRecords(const GetRecordsRequest &req)
{
    auto plan = planGetRecords(req);
    if (!plan)
        return plan.error();
    auto result = readPlanned(*plan, d->storage, d->tokens);
    if (result)
        chargeRead(*plan, result->records.size(), payloadBytes(*result), result->millisBehindLatest);
    return result;
}

std::int64_t Engine::payloadBytes(const GetRecordsResult &result)
{
    std::int64_t bytes = 0;
    for (const auto &r : result.records)
        bytes += std::int64_t(r.data.size() + r.partitionKey.size());
    return bytes;
}

void Engine::chargeRead(const ReadPlan &plan, std::size_t records, std::int64_t bytes, std::int64_t millisBehindLatest)
{
    auto sit = d->byUid.find(plan.streamUid);
    if (sit == d->byUid.end())
        return;
    auto shIt = sit->second->shards.find(plan.shardIndex);
    if (shIt == sit->second->shards.end())
        return;
    shIt->second.throttle.chargeRead(bytes, d->now());
    (void)records;
    (void)millisBehindLatest;
}

void Engine::setLimits(const LimitsProfile &limits)
{
    d->config.limits = limits;
    d->controlBuckets.clear();
    const std::int64_t t = d->now();
    for (auto &[name, s] : d->streams)
        for (auto &[idx, sh] : s->shards)
            sh.throttle.reset(limits, t);
    ++d->version;
}

const LimitsProfile &Engine::limits() const
{
    return d->config.limits;
}

// ----------------------------------------------------------------------------- time

void Engine::tick()
{
    const std::int64_t t = d->now();
    std::vector<std::string> gone;
    for (auto &[name, sp] : d->streams) {
        Stream &s = *sp;
        if (s.status == StreamStatus::Creating && t - s.statusSinceMs >= d->config.createDelayMs) {
            s.status = StreamStatus::Active;
            s.statusSinceMs = t;
            d->markDirty(s);
        } else if (s.status == StreamStatus::Deleting && t - s.statusSinceMs >= d->config.deleteDelayMs) {
            if (!d->storageFailure)
                gone.push_back(name);
            continue;
        }
        if (!d->storageFailure)
            d->trimRetention(s, t);
    }
    for (const auto &name : gone) {
        auto it = d->streams.find(name);
        d->batch.deleteStreams.push_back(it->second->uid);
        d->dirtyStreams.erase(it->second->uid);
        d->seqDirty.erase(it->second->uid);
        d->byUid.erase(it->second->uid);
        d->streams.erase(it);
        ++d->version;
    }
}

// ----------------------------------------------------------------------------- persistence

bool Engine::hasPendingWrites() const
{
    return !d->batch.empty() || !d->dirtyStreams.empty() || !d->seqDirty.empty() || d->countersDirty;
}

WriteBatch Engine::takePendingBatch()
{
    for (auto uid : d->dirtyStreams) {
        auto it = d->byUid.find(uid);
        if (it == d->byUid.end())
            continue;
        const Stream &s = *it->second;
        d->batch.upsertStreams.push_back(d->rowFor(s));
        for (const auto &[idx, sh] : s.shards)
            d->batch.upsertShards.push_back(d->rowFor(s, sh));
    }
    for (auto uid : d->seqDirty) {
        auto it = d->byUid.find(uid);
        if (it != d->byUid.end() && !d->dirtyStreams.count(uid))
            d->batch.nextSeqs.emplace_back(uid, it->second->nextSeq);
    }
    if (d->countersDirty) {
        d->batch.meta["next_stream_uid"] = std::to_string(d->nextStreamUid);
        d->batch.meta["next_shard_uid"] = std::to_string(d->nextShardUid);
    }
    // Engine time is persisted now and then (at most once per engine second, and with every
    // topology change); on load it is also raised to the newest record's arrival time.
    if (!d->batch.empty()
        && (d->lastNow - d->persistedTimeMs >= 1000 || !d->batch.upsertStreams.empty())) {
        d->batch.meta["engine_time_ms"] = std::to_string(d->lastNow);
        d->persistedTimeMs = d->lastNow;
    }
    d->dirtyStreams.clear();
    d->seqDirty.clear();
    d->countersDirty = false;
    WriteBatch out = std::move(d->batch);
    d->batch = WriteBatch{};
    return out;
}

void Engine::setStorageFailure(std::string message)
{
    if (!d->storageFailure) {
        d->storageFailure = std::move(message);
        ++d->version;
    }
}

const std::optional<std::string> &Engine::storageFailure() const
{
    return d->storageFailure;
}

// ----------------------------------------------------------------------------- observation

std::uint64_t Engine::topologyVersion() const
{
    return d->version;
}

EngineSnapshot Engine::snapshot() const
{
    EngineSnapshot snap;
    snap.version = d->version;
    snap.engineTimeMs = d->lastNow;
    snap.accountId = d->config.accountId;
    snap.region = d->config.region;
    snap.storageFailure = d->storageFailure;
    for (const auto &[name, sp] : d->streams) {
        const Stream &s = *sp;
        StreamInfo info;
        info.name = s.name;
        info.arn = d->arnFor(s.name);
        info.status = s.status;
        info.mode = s.mode;
        info.retentionHours = s.retentionHours;
        info.createdMs = s.createdMs;
        info.openShardCount = static_cast<int>(s.openByStart.size());
        info.tags = s.tags;
        for (const auto &[idx, sh] : s.shards) {
            ShardInfo si;
            si.shardId = formatShardId(idx);
            if (sh.parent >= 0)
                si.parentShardId = formatShardId(static_cast<std::uint32_t>(sh.parent));
            if (sh.adjacentParent >= 0)
                si.adjacentParentShardId = formatShardId(static_cast<std::uint32_t>(sh.adjacentParent));
            si.startingHashKey = sh.range.start;
            si.endingHashKey = sh.range.end;
            si.open = sh.open();
            si.createdMs = sh.createdMs;
            si.closedMs = sh.closedMs;
            info.shards.push_back(std::move(si));
        }
        snap.streams.push_back(std::move(info));
    }
    return snap;
}

std::int64_t Engine::nowMs() const
{
    return d->now();
}

const EngineConfig &Engine::config() const
{
    return d->config;
}

std::string Engine::streamArn(const std::string &name) const
{
    return d->arnFor(name);
}

HashKey Engine::hashPartitionKey(std::string_view partitionKey)
{
    return HashKey::fromBigEndian(d->md5.digest(partitionKey));
}

std::string Engine::checkInvariants() const
{
    for (const auto &[name, sp] : d->streams) {
        const Stream &s = *sp;
        HashKey expect;
        bool first = true;
        for (auto idx : s.openByStart) {
            const Shard &sh = s.shards.at(idx);
            if (sh.range.end < sh.range.start)
                return name + ": shard " + formatShardId(idx) + " has an inverted range";
            if (first ? sh.range.start != HashKey::zero() : sh.range.start != expect)
                return name + ": open shards leave a gap or overlap before " + formatShardId(idx);
            first = false;
            if (sh.range.end == HashKey::max()) {
                if (idx != s.openByStart.back())
                    return name + ": open shards continue past 2^128-1";
                expect = HashKey::max();
            } else {
                expect = sh.range.end.plusOne();
            }
        }
        if (first || expect != HashKey::max())
            return name + ": open shards do not reach 2^128-1";
        for (const auto &[idx, sh] : s.shards) {
            if (sh.hasRecords && (sh.lastSeq >= s.nextSeq || sh.firstSeq > sh.lastSeq || sh.firstTs > sh.lastTs))
                return name + ": shard " + formatShardId(idx) + " has records beyond the sequence counter";
        }
    }
    return {};
}

// ----------------------------------------------------------------------------- storage helpers

void WriteBatch::append(WriteBatch &&later)
{
    if (records.empty())
        records = std::move(later.records);
    else
        std::move(later.records.begin(), later.records.end(), std::back_inserter(records));
    std::move(later.upsertStreams.begin(), later.upsertStreams.end(), std::back_inserter(upsertStreams));
    std::move(later.upsertShards.begin(), later.upsertShards.end(), std::back_inserter(upsertShards));
    deleteStreams.insert(deleteStreams.end(), later.deleteStreams.begin(), later.deleteStreams.end());
    trims.insert(trims.end(), later.trims.begin(), later.trims.end());
    nextSeqs.insert(nextSeqs.end(), later.nextSeqs.begin(), later.nextSeqs.end());
    for (auto &[k, v] : later.meta)
        meta[k] = std::move(v);
    payloadBytes += later.payloadBytes;
}

std::string encodeTags(const std::map<std::string, std::string> &tags)
{
    std::string out;
    for (const auto &[k, v] : tags) {
        out += std::to_string(k.size()) + ":" + k + std::to_string(v.size()) + ":" + v;
    }
    return out;
}

std::map<std::string, std::string> decodeTags(const std::string &text)
{
    std::map<std::string, std::string> out;
    std::size_t i = 0;
    auto takeField = [&](std::string &field) {
        const auto colon = text.find(':', i);
        if (colon == std::string::npos)
            return false;
        const auto len = std::stoull(text.substr(i, colon - i));
        if (colon + 1 + len > text.size())
            return false;
        field = text.substr(colon + 1, len);
        i = colon + 1 + len;
        return true;
    };
    while (i < text.size()) {
        std::string k, v;
        if (!takeField(k) || !takeField(v))
            break;
        out[k] = v;
    }
    return out;
}

} // namespace shs::core
