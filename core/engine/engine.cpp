// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine_impl.h"

#include <utility>

namespace shs::core {

Engine::Engine(EngineConfig config, const Clock &clock, StoragePort &storage)
    : d(std::make_unique<Impl>(std::move(config), clock, storage))
{}

Engine::~Engine() = default;

Result<void> Engine::load()
{
    auto state = d->storage.load();
    if (!state)
        return state.error();
    d->registry.clear();
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
        s->pending = PendingOp::decode(row.pending);
        s->decodeHistory(row.history);
        s->usage.restore(StreamUsage::decode(row.usage));
        s->settings = StreamSettings::decode(row.settings);
        s->consumers = StreamConsumers::decode(row.consumers);
        d->registry.usedStreamUid(row.uid);
        d->registry.add(std::move(s));
    }
    std::unordered_map<std::uint64_t, Shard *> shardByUid;
    for (const auto &row : state->shards) {
        Stream *owner = d->registry.byUid(row.streamUid);
        if (!owner)
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
        sh.seqSecs = row.seqSecs > 0 ? row.seqSecs : row.createdMs / 1000;
        d->registry.usedShardUid(row.uid);
        auto &slot = owner->shards[row.index];
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
    // Record counts: as the shard row last said, plus the records written after it.
    for (const auto &row : state->shards) {
        auto it = shardByUid.find(row.uid);
        if (it == shardByUid.end() || !it->second->hasRecords)
            continue;
        Shard &sh = *it->second;
        auto tail = d->storage.countRecords(sh.uid, row.countSeq, sh.lastSeq + 1);
        if (!tail)
            return tail.error();
        sh.recordCount = row.recordCount + *tail;
        sh.persistedCount = row.recordCount;
    }
    const std::int64_t loadedAt = d->now();
    for (auto &[name, s] : d->registry) {
        for (auto &[idx, sh] : s->shards)
            sh.throttle.reset(d->config.limits, loadedAt);
        s->rebuildOpenIndex();
        // Never reissue a sequence number, even if the counter row lagged a crash.
        for (auto &[idx, sh] : s->shards)
            if (sh.hasRecords)
                s->nextSeq = std::max(s->nextSeq, sh.lastSeq + 1);
        d->verifyTiling(*s);
    }
    // The persisted counters are the next uids to hand out.
    if (auto it = state->meta.find("next_stream_uid"); it != state->meta.end())
        if (const auto next = std::stoull(it->second); next > 0)
            d->registry.usedStreamUid(next - 1);
    if (auto it = state->meta.find("next_shard_uid"); it != state->meta.end())
        if (const auto next = std::stoull(it->second); next > 0)
            d->registry.usedShardUid(next - 1);
    if (auto it = state->meta.find("engine_time_ms"); it != state->meta.end())
        d->lastNow = std::max<std::int64_t>(d->lastNow, std::stoll(it->second));
    if (auto it = state->meta.find(CommitmentState::kMetaKey); it != state->meta.end())
        d->commitment = CommitmentState::decode(it->second);
    d->commitmentInForce();
    ++d->version;
    return ok();
}

// ----------------------------------------------------------------------------- control plane

Result<void> Engine::createStream(const CreateStreamRequest &req)
{
    if (auto c = d->allowControl(ops::CreateStream); !c)
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
    if (d->registry.find(req.streamName))
        return makeError(ErrorCode::ResourceInUse, "Stream " + req.streamName + " under account "
                                                       + d->account() + " already exists.");
    const int open = d->openShardTotal();
    if (open + count > d->config.shardLimit)
        return makeError(
            ErrorCode::LimitExceeded,
            "This request would exceed the shard limit for the account " + d->account() + " in "
                + d->config.region + ". Current shard count for the account: "
                + std::to_string(open) + ". Limit: " + std::to_string(d->config.shardLimit)
                + ". Number of additional shards that would have resulted from this request: "
                + std::to_string(count)
                + ". Refer to the AWS Service Limits page "
                  "(http://docs.aws.amazon.com/general/latest/gr/aws_service_limits.html) for "
                  "current "
                  "limits and how to request higher limits.");
    if (mode == StreamMode::OnDemand) {
        if (auto room = d->roomForOnDemandStream(); !room)
            return room.error();
    }
    if (req.maxRecordSizeInKiB
        && (*req.maxRecordSizeInKiB < kDefaultMaxRecordSizeKiB
            || *req.maxRecordSizeInKiB > kMaxMaxRecordSizeKiB))
        return validation(std::to_string(*req.maxRecordSizeInKiB), "maxRecordSizeInKiB",
                          *req.maxRecordSizeInKiB < kDefaultMaxRecordSizeKiB
                              ? "Member must have value greater than or equal to 1024"
                              : "Member must have value less than or equal to 10240");
    if (req.warmThroughputMiBps) {
        if (auto w = d->checkWarmThroughput(nullptr, mode, *req.warmThroughputMiBps); !w)
            return w;
        // An on-demand stream is created with its warm throughput ready.
        count = std::max<std::int64_t>(
            count, Engine::Impl::shardsForWarmThroughput(*req.warmThroughputMiBps));
        if (auto l = d->checkShardLimit(static_cast<int>(count)); !l)
            return l;
    }
    if (req.recordDistributionStrategy == RecordDistributionStrategy::Auto
        && mode != StreamMode::OnDemand)
        return makeError(ErrorCode::InvalidArgument,
                         "The AUTO record distribution strategy is only supported for streams "
                         "with the on-demand capacity mode; create stream "
                             + req.streamName
                             + " with StreamModeDetails ON_DEMAND, or leave it out.");
    if (req.tags.size() > static_cast<std::size_t>(kMaxTagsPerStream))
        return makeError(ErrorCode::InvalidArgument,
                         "Failed to create stream " + req.streamName + " under account "
                             + d->account()
                             + " because a given stream cannot have more than 50 tags.");

    const std::int64_t t = d->now();
    auto s = std::make_unique<Stream>();
    s->uid = d->registry.takeStreamUid();
    s->name = req.streamName;
    s->streamId = d->newStreamId();
    s->status = StreamStatus::Creating;
    s->mode = mode;
    s->createdMs = t;
    s->statusSinceMs = t;
    s->tags = req.tags;
    s->settings.maxRecordSizeKiB
        = static_cast<int>(req.maxRecordSizeInKiB.value_or(kDefaultMaxRecordSizeKiB));
    s->settings.warmThroughputMiBps = req.warmThroughputMiBps.value_or(0);
    s->settings.autoDistribution
        = req.recordDistributionStrategy == RecordDistributionStrategy::Auto;
    const auto ranges = HashKeyRange::uniformSplit(static_cast<std::uint32_t>(count));
    for (const auto &range : ranges) {
        Shard sh;
        sh.uid = d->registry.takeShardUid();
        sh.index = s->nextShardIndex++;
        sh.range = range;
        sh.createdMs = t;
        sh.seqSecs = t / 1000;
        sh.startSeq = s->nextSeq;
        sh.throttle.reset(d->config.limits, t);
        s->shards[sh.index] = sh;
    }
    // Records are numbered after their shard's StartingSequenceNumber, never with it, so that
    // AFTER_SEQUENCE_NUMBER of it reads from the first record (as on AWS).
    ++s->nextSeq;
    s->rebuildOpenIndex();
    d->countersDirty = true;
    Stream &ref = *s;
    d->registry.add(std::move(s));
    d->markDirty(ref);
    for (const auto &[idx, sh] : ref.shards)
        d->markShardDirty(ref, idx);
    return ok();
}

Result<void> Engine::deleteStream(const DeleteStreamRequest &req)
{
    if (auto c = d->allowControl(ops::DeleteStream); !c)
        return c;
    if (auto w = d->checkWritable(); !w)
        return w;
    auto sr = d->resolve(req.stream);
    if (!sr)
        return sr.error();
    Stream &s = **sr;
    if (s.status == StreamStatus::Deleting)
        return d->notActive(s);
    if (!s.consumers.empty() && !req.enforceConsumerDeletion)
        return makeError(ErrorCode::ResourceInUse,
                         "DeleteStream can't delete " + d->account() + ":" + s.name
                             + " because there are consumers associated with this data stream. "
                               "To delete "
                             + s.name
                             + " anyway, set the EnforceConsumerDeletion parameter to true to "
                               "force the deletion of all the consumers that are associated with "
                               "it.");
    s.status = StreamStatus::Deleting;
    s.statusSinceMs = d->now();
    for (const auto &[name, c] : s.consumers.all())
        if (auto *consumer = s.consumers.find(name))
            s.consumers.startDeleting(*consumer, s.statusSinceMs);
    d->markDirty(s);
    return ok();
}

Result<StreamDescription> Engine::describeStream(const DescribeStreamRequest &req)
{
    auto sr = d->resolve(req.stream);
    if (!sr)
        return sr.error();
    if (auto c = d->allowControl(ops::DescribeStream, (*sr)->name); !c)
        return c.error();
    const Stream &s = **sr;
    std::int64_t limit = req.limit.value_or(kDescribeStreamMaxShards);
    if (limit < 1)
        return validation(std::to_string(limit), "limit",
                          "Member must have value greater than or equal to 1");
    if (limit > 10000)
        return validation(std::to_string(limit), "limit",
                          "Member must have value less than or equal to 10000");
    limit = std::min<std::int64_t>(limit, kDescribeStreamMaxShards);
    StreamDescription out;
    out.streamName = s.name;
    out.streamArn = d->arnFor(s.name);
    out.status = s.status;
    out.mode = s.mode;
    out.retentionPeriodHours = s.retentionHours;
    out.creationMs = s.createdMs;
    out.enhancedMonitoring = {EnhancedMetrics{s.settings.shardLevelMetrics}};
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
    if (auto c = d->allowControl(ops::DescribeStreamSummary, (*sr)->name); !c)
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
    out.enhancedMonitoring = {EnhancedMetrics{s.settings.shardLevelMetrics}};
    out.encryptionType = s.encryptionType;
    if (!s.keyId.empty())
        out.keyId = s.keyId;
    out.openShardCount = static_cast<int>(s.openByStart.size());
    out.consumerCount = s.consumers.size();
    out.warmThroughput = d->warmThroughputOf(s);
    out.maxRecordSizeKiB = s.settings.maxRecordSizeKiB;
    if (s.mode == StreamMode::OnDemand)
        out.recordDistributionStrategy = s.settings.autoDistribution
                                             ? RecordDistributionStrategy::Auto
                                             : RecordDistributionStrategy::UserPartitionKey;
    return out;
}

Result<ListStreamsResult> Engine::listStreams(const ListStreamsRequest &req)
{
    if (auto c = d->allowControl(ops::ListStreams); !c)
        return c.error();
    std::int64_t limit = req.limit.value_or(kListStreamsDefaultLimit);
    if (limit < 1)
        return validation(std::to_string(limit), "limit",
                          "Member must have value greater than or equal to 1");
    if (limit > 10000)
        return validation(std::to_string(limit), "limit",
                          "Member must have value less than or equal to 10000");
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
    auto it = after.empty() ? d->registry.begin() : d->registry.after(after);
    for (; it != d->registry.end(); ++it) {
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
        return makeError(ErrorCode::InvalidArgument,
                         "NextToken and StreamName cannot be provided together.");
    if (!req.nextToken && !hasStream)
        return makeError(ErrorCode::InvalidArgument,
                         "Either NextToken or StreamName should be provided.");
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
        s = d->registry.byUid(std::stoull(fields[0]));
        if (!s)
            return d->streamNotFound(fields[1]);
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
        if (auto c = d->allowControl(ops::ListShards, s->name); !c)
            return c.error();
        if (req.streamCreationTimestampMs
            && *req.streamCreationTimestampMs / 1000 != s->createdMs / 1000)
            return d->streamNotFound(s->name);
        if (req.exclusiveStartShardId) {
            auto idx = parseShardId(*req.exclusiveStartShardId);
            if (!idx)
                return validation(
                    *req.exclusiveStartShardId, "exclusiveStartShardId",
                    "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
            after = *idx;
        }
        if (req.filter) {
            filter = *req.filter;
            if (filter.type == ShardFilterType::AfterShardId) {
                if (!filter.shardId)
                    return makeError(
                        ErrorCode::InvalidArgument,
                        "Must specify ShardId in ShardFilter when the type is AFTER_SHARD_ID.");
                auto idx = parseShardId(*filter.shardId);
                if (!idx)
                    return validation(
                        *filter.shardId, "shardFilter.shardId",
                        "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
                after = std::max<std::int64_t>(after, *idx);
            }
            if ((filter.type == ShardFilterType::AtTimestamp
                 || filter.type == ShardFilterType::FromTimestamp)
                && !filter.timestampMs)
                return makeError(
                    ErrorCode::InvalidArgument,
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
        case ShardFilterType::FromTrimHorizon:
            include = true;
            break;
        case ShardFilterType::AtTrimHorizon:
            include = openAt(sh, trimHorizon);
            break;
        case ShardFilterType::AtLatest:
            include = sh.open();
            break;
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
        std::string payload
            = std::to_string(s->uid) + "\n" + s->name + "\n" + std::to_string(last) + "\n"
              + std::to_string(static_cast<int>(filter.type)) + "\n" + filter.shardId.value_or("")
              + "\n" + (filter.timestampMs ? std::to_string(*filter.timestampMs) : "") + "\n";
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

Result<DescribeLimitsResult> Engine::describeLimits()
{
    if (auto c = d->allowControl(ops::DescribeLimits); !c)
        return c.error();
    DescribeLimitsResult out;
    out.shardLimit = d->config.shardLimit;
    out.openShardCount = d->openShardTotal();
    for (auto &[n, s] : d->registry)
        out.onDemandStreamCount += s->mode == StreamMode::OnDemand ? 1 : 0;
    out.onDemandStreamCountLimit = d->config.onDemandStreamLimit;
    return out;
}

// ----------------------------------------------------------------------------- persistence

bool Engine::hasPendingWrites() const
{
    return !d->batch.empty() || !d->dirtyStreams.empty() || !d->rowDirty.empty()
           || !d->seqDirty.empty() || !d->dirtyShards.empty() || d->countersDirty;
}

bool Engine::takeGatedWrite()
{
    return std::exchange(d->gatedWrite, false);
}

WriteBatch Engine::takePendingBatch()
{
    for (auto uid : d->dirtyStreams) {
        if (const Stream *s = d->registry.byUid(uid))
            d->batch.upsertStreams.push_back(d->rowFor(*s));
    }
    for (const auto &[uid, idx] : d->dirtyShards) {
        const Stream *s = d->registry.byUid(uid);
        if (!s)
            continue;
        auto sh = s->shards.find(idx);
        if (sh != s->shards.end())
            d->batch.upsertShards.push_back(d->rowFor(*s, sh->second));
    }
    d->dirtyShards.clear();
    for (auto uid : d->rowDirty) {
        const Stream *s = d->registry.byUid(uid);
        if (s && !d->dirtyStreams.count(uid))
            d->batch.upsertStreams.push_back(d->rowFor(*s));
    }
    for (auto uid : d->seqDirty) {
        const Stream *s = d->registry.byUid(uid);
        if (s && !d->dirtyStreams.count(uid))
            d->batch.nextSeqs.emplace_back(uid, s->nextSeq);
    }
    if (d->countersDirty) {
        d->batch.meta["next_stream_uid"] = std::to_string(d->registry.nextStreamUid());
        d->batch.meta["next_shard_uid"] = std::to_string(d->registry.nextShardUid());
    }
    // Engine time is persisted now and then (at most once per engine second, and with every
    // topology change); on load it is also raised to the newest record's arrival time.
    if (!d->batch.empty()
        && (d->lastNow - d->persistedTimeMs >= 1000 || !d->batch.upsertStreams.empty())) {
        d->batch.meta["engine_time_ms"] = std::to_string(d->lastNow);
        d->persistedTimeMs = d->lastNow;
    }
    d->dirtyStreams.clear();
    d->rowDirty.clear();
    d->seqDirty.clear();
    d->countersDirty = false;
    WriteBatch out = std::move(d->batch);
    d->batch = WriteBatch{};
    return out;
}

void Engine::setFailure(EngineFailure::Kind kind, std::string message)
{
    if (!d->failure) {
        d->failure = EngineFailure{kind, std::move(message)};
        ++d->version;
    }
}

const std::optional<EngineFailure> &Engine::failure() const
{
    return d->failure;
}

Result<void> Engine::writable() const
{
    return d->checkWritable();
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
    snap.failure = d->failure;
    snap.limitsProfile = d->config.limits.name;
    snap.limitsDescription = d->config.limits.describe();
    for (const auto &[name, sp] : d->registry) {
        const Stream &s = *sp;
        StreamInfo info;
        info.name = s.name;
        info.uid = s.uid;
        info.arn = d->arnFor(s.name);
        info.status = s.status;
        info.mode = s.mode;
        info.retentionHours = s.retentionHours;
        info.createdMs = s.createdMs;
        info.openShardCount = static_cast<int>(s.openByStart.size());
        info.shardLevelMetrics = s.settings.shardLevelMetrics;
        info.maxRecordSizeKiB = s.settings.maxRecordSizeKiB;
        info.warmThroughput = d->warmThroughputOf(s);
        info.autoDistribution = s.settings.autoDistribution;
        info.pendingOperation = s.pending.describe();
        info.modeSwitchesLeft
            = std::max(0, kModeSwitchesPerDay - countInRollingDay(s.modeTimes, d->lastNow));
        info.shardCountUpdatesLeft
            = std::max(0, kShardCountUpdatesPerDay - countInRollingDay(s.scaleTimes, d->lastNow));
        info.tags = s.tags;
        info.encryptionType = s.encryptionType;
        info.keyId = s.keyId;
        for (const auto &[cname, c] : s.consumers.all())
            info.consumers.push_back(d->consumerOf(s, c));
        for (const auto &[idx, sh] : s.shards) {
            ShardInfo si;
            si.shardId = formatShardId(idx);
            if (sh.parent >= 0)
                si.parentShardId = formatShardId(static_cast<std::uint32_t>(sh.parent));
            if (sh.adjacentParent >= 0)
                si.adjacentParentShardId
                    = formatShardId(static_cast<std::uint32_t>(sh.adjacentParent));
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

Result<Engine::StreamMetrics> Engine::recentMetrics(const StreamRef &ref, std::size_t seconds)
{
    auto sr = d->resolve(ref);
    if (!sr)
        return sr.error();
    Stream &s = **sr;
    const std::int64_t t = d->now();
    StreamMetrics out;
    out.streamName = s.name;
    out.nowMs = t;
    out.stream = s.metrics.recent(seconds, t);
    for (auto &[idx, sh] : s.shards) {
        sh.hotKeys.roll(t);
        ShardSeries series;
        series.shardId = formatShardId(idx);
        series.open = sh.open();
        series.samples = sh.metrics.recent(seconds, t);
        series.hotKeys = sh.hotKeys.lastMinute();
        series.hotKeysNow = sh.hotKeys.current();
        series.holdings = {std::int64_t(sh.recordCount), sh.hasRecords ? sh.firstTs : 0,
                           sh.hasRecords ? sh.lastTs : 0};
        out.shards.push_back(std::move(series));
    }
    return out;
}

Result<std::vector<MinutePoint>> Engine::metricHistory(const StreamRef &ref, std::int64_t fromMs,
                                                       std::int64_t toMs)
{
    auto sr = d->resolve(ref);
    if (!sr)
        return sr.error();
    std::vector<MinutePoint> out;
    if (auto r = d->storage.readMinutePoints((*sr)->uid, fromMs / 60000, toMs / 60000, out); !r)
        return r.error();
    return out;
}

Result<Engine::CostReport> Engine::costReport(const StreamRef &ref)
{
    auto sr = d->resolve(ref);
    if (!sr)
        return sr.error();
    Stream &s = **sr;
    d->accumulateUsage(s, d->now());
    CostReport r;
    r.mode = s.mode;
    r.usage = s.usage.usage();
    r.prices = d->config.prices;
    const bool provisioned = s.mode == StreamMode::Provisioned;
    r.current = provisioned ? provisionedCost(r.usage, d->config.prices, false)
                            : onDemandCost(r.usage, d->config.prices, false);
    r.whatIf = provisioned ? onDemandCost(r.usage, d->config.prices, true)
                           : provisionedCost(r.usage, d->config.prices, true);
    if (!provisioned) {
        const OnDemandScaler::Config scaling = d->scalingConfig();
        OnDemandScaler::Peak peak = s.scaler.peak();
        // No traffic (or only a peak older than the window) leaves nothing to keep room for.
        const bool aged = d->now() - peak.atMs > scaling.peakWindowMs;
        if (aged || (peak.writeBytesPerSecond == 0 && peak.writeRecordsPerSecond == 0))
            peak = {};
        CostReport::OnDemandState o;
        o.peakWriteBytesPerSecond = peak.writeBytesPerSecond;
        o.peakWriteRecordsPerSecond = peak.writeRecordsPerSecond;
        o.peakAtMs = peak.atMs;
        o.peakExpiresMs = peak.atMs > 0 ? peak.atMs + scaling.peakWindowMs : 0;
        o.warmShards = d->warmShards(s);
        o.minShards = scaling.minShards;
        o.wantedShards = OnDemandScaler::shardsFor(peak, scaling, o.warmShards);
        o.openShards = int(s.openByStart.size());
        o.lastScaleMs = s.scaler.lastScaleMs();
        o.scaleDownAfterMs = scaling.scaleDownAfterMs;
        r.onDemand = o;
    }
    return r;
}

void Engine::setPrices(const PriceTable &prices)
{
    d->config.prices = prices;
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
    return d->hasher.hash(partitionKey);
}

std::string Engine::checkInvariants() const
{
    for (const auto &[name, sp] : d->registry) {
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
        std::map<std::uint32_t, std::vector<HashKeyRange>> childrenOf;
        for (const auto &[idx, sh] : s.shards)
            for (std::int64_t p : {sh.parent, sh.adjacentParent})
                if (p >= 0)
                    childrenOf[static_cast<std::uint32_t>(p)].push_back(sh.range);
        for (const auto &[idx, sh] : s.shards) {
            if (sh.hasRecords
                && (sh.lastSeq >= s.nextSeq || sh.firstSeq > sh.lastSeq || sh.firstTs > sh.lastTs))
                return name + ": shard " + formatShardId(idx)
                       + " has records beyond the sequence counter";
            // Lineage: children start in a later second than their parents (so every child
            // sequence number is greater), and a closed shard's range is covered by its children.
            for (std::int64_t p : {sh.parent, sh.adjacentParent}) {
                auto it = p >= 0 ? s.shards.find(static_cast<std::uint32_t>(p)) : s.shards.end();
                if (it != s.shards.end() && (it->second.open() || it->second.seqSecs >= sh.seqSecs))
                    return name + ": child " + formatShardId(idx)
                           + " is not younger than its closed parent " + formatShardId(it->first);
            }
            if (!sh.open()) {
                const auto found = childrenOf.find(idx);
                std::vector<HashKeyRange> children
                    = found == childrenOf.end() ? std::vector<HashKeyRange>{} : found->second;
                if (children.empty())
                    return name + ": closed shard " + formatShardId(idx) + " has no children";
                std::sort(
                    children.begin(), children.end(),
                    [](const HashKeyRange &a, const HashKeyRange &b) { return a.start < b.start; });
                for (std::size_t i = 1; i < children.size(); ++i)
                    if (!children[i - 1].isAdjacentBefore(children[i]))
                        return name + ": the children of " + formatShardId(idx) + " leave a gap";
                if (children.front().start > sh.range.start || children.back().end < sh.range.end)
                    return name + ": the children of " + formatShardId(idx) + " do not cover it";
            }
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
    std::move(later.upsertStreams.begin(), later.upsertStreams.end(),
              std::back_inserter(upsertStreams));
    std::move(later.upsertShards.begin(), later.upsertShards.end(),
              std::back_inserter(upsertShards));
    deleteStreams.insert(deleteStreams.end(), later.deleteStreams.begin(),
                         later.deleteStreams.end());
    deleteShards.insert(deleteShards.end(), later.deleteShards.begin(), later.deleteShards.end());
    minutePoints.insert(minutePoints.end(), later.minutePoints.begin(), later.minutePoints.end());
    metricTrims.insert(metricTrims.end(), later.metricTrims.begin(), later.metricTrims.end());
    trims.insert(trims.end(), later.trims.begin(), later.trims.end());
    nextSeqs.insert(nextSeqs.end(), later.nextSeqs.begin(), later.nextSeqs.end());
    for (auto &[k, v] : later.meta)
        meta[k] = std::move(v);
    payloadBytes += later.payloadBytes;
}

Result<std::optional<StoredRecord>> RecordReader::readStored(std::uint64_t shardUid,
                                                             std::uint64_t seq)
{
    std::vector<StoredRecord> one;
    if (auto r = readRecords(shardUid, seq, std::numeric_limits<std::int64_t>::min(), 1,
                             std::numeric_limits<std::size_t>::max(), one);
        !r)
        return r.error();
    if (one.empty() || one.front().seq != seq)
        return std::optional<StoredRecord>();
    return std::optional<StoredRecord>(std::move(one.front()));
}

Result<std::uint64_t> RecordReader::countRecords(std::uint64_t shardUid, std::uint64_t fromSeq,
                                                 std::uint64_t toSeq)
{
    std::uint64_t count = 0;
    std::vector<StoredRecord> page;
    while (fromSeq < toSeq) {
        page.clear();
        if (auto r = readRecords(shardUid, fromSeq, std::numeric_limits<std::int64_t>::min(), 4096,
                                 std::numeric_limits<std::size_t>::max(), page);
            !r)
            return r.error();
        for (const auto &rec : page)
            if (rec.seq < toSeq)
                ++count;
        if (page.empty() || page.back().seq >= toSeq - 1)
            break;
        fromSeq = page.back().seq + 1;
    }
    return count;
}

Result<void> StoragePort::changeZone(const std::string &zone, ZoneAction action)
{
    (void)action;
    return makeError(ErrorCode::InvalidArgument,
                     "There is no zone " + zone
                         + ": this data directory keeps one copy of its records (start it with "
                           "--zones 3 to keep three).");
}

std::string_view zoneStateName(ZoneStatus::State state)
{
    switch (state) {
    case ZoneStatus::State::InSync:
        return "in sync";
    case ZoneStatus::State::Down:
        return "down";
    case ZoneStatus::State::CatchingUp:
        return "catching up";
    case ZoneStatus::State::Rebuilding:
        return "rebuilding";
    case ZoneStatus::State::Failed:
        return "failed";
    }
    return "in sync";
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
