// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine_impl.h"

#include <cmath>

namespace shs::core {

// ----------------------------------------------------------------------------- data plane

Result<PutRecordResult> Engine::putRecord(PutRecordRequest &&req)
{
    auto sr = d->resolveForData(req.stream);
    if (!sr)
        return sr.error();
    if (auto w = d->checkWritable(); !w)
        return w.error();
    Stream &s = **sr;
    HashKey key;
    auto shard = routeRecord(s, req.partitionKey, req.explicitHashKey, req.data.size(), "", &key);
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
    auto dataKey = d->dataKeyFor(s);
    if (!dataKey)
        return dataKey.error();
    if (!sh.throttle.tryWrite(std::int64_t(req.data.size() + req.partitionKey.size()), d->now())) {
        d->countWriteThrottled(s, sh, d->now());
        return d->rateExceeded(s, sh);
    }
    auto [seq, ts] = d->append(s, sh, std::move(req.partitionKey), std::move(req.data), d->now(),
                               key, *dataKey);
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
        return makeError(
            ErrorCode::Validation,
            "1 validation error detected: Value '[...]' at 'records' failed to satisfy "
            "constraint: Member must have length less than or equal to 500");
    std::vector<Shard *> targets(req.records.size());
    std::vector<HashKey> keys(req.records.size());
    std::size_t total = 0;
    for (std::size_t i = 0; i < req.records.size(); ++i) {
        const auto &r = req.records[i];
        auto shard = routeRecord(s, r.partitionKey, r.explicitHashKey, r.data.size(),
                                 "records." + std::to_string(i + 1) + ".member.", &keys[i]);
        if (!shard)
            return shard.error();
        targets[i] = *shard;
        total += r.data.size() + r.partitionKey.size();
    }
    // 5 MiB per request; 10 MiB to a stream that takes large records (the model's text).
    if (s.settings.maxRecordBytes() > kMaxRecordBytes) {
        if (total > static_cast<std::size_t>(kMaxPutRecordsLargeRequestBytes))
            return makeError(ErrorCode::InvalidArgument, "Records size exceeds 10 MB limit");
    } else if (total > static_cast<std::size_t>(kMaxPutRecordsRequestBytes)) {
        return makeError(ErrorCode::InvalidArgument, "Records size exceeds 5 MB limit");
    }
    auto dataKey = d->dataKeyFor(s);
    if (!dataKey)
        return dataKey.error();
    PutRecordsResult out;
    out.encryptionType = s.encryptionType;
    out.records.resize(req.records.size());
    const std::int64_t t = d->now();
    for (std::size_t i = 0; i < req.records.size(); ++i) {
        auto &r = req.records[i];
        Shard &sh = *targets[i];
        // Throttling fails only the entries over their shard's limit (in request order).
        if (!sh.throttle.tryWrite(std::int64_t(r.data.size() + r.partitionKey.size()), t)) {
            d->countWriteThrottled(s, sh, t);
            const Error e = d->rateExceeded(s, sh);
            out.records[i].errorCode = std::string(e.name());
            out.records[i].errorMessage = e.message;
            ++out.failedRecordCount;
            continue;
        }
        auto [seq, ts]
            = d->append(s, sh, std::move(r.partitionKey), std::move(r.data), t, keys[i], *dataKey);
        out.records[i].shardId = formatShardId(sh.index);
        out.records[i].sequenceNumber = d->sequenceNumber(sh, seq, ts);
    }
    return out;
}

namespace {
Error carriedRateRefused()
{
    return makeError(ErrorCode::InvalidArgument,
                     "A carried load's rate must be 0 to 10,000,000 records per second.");
}

bool carriedRateOk(double recordsPerSecond)
{
    return recordsPerSecond >= 0 && recordsPerSecond <= CarriedLoad::kMaxRecordsPerSecond;
}

Error noCarriedLoad(std::uint64_t id)
{
    return makeError(ErrorCode::InvalidArgument,
                     "Carried load " + std::to_string(id) + " does not exist (it was stopped).");
}
} // namespace

Result<std::uint64_t> Engine::startCarrying(const CarriedLoadSpec &spec)
{
    auto sr = d->resolveForData(spec.stream);
    if (!sr)
        return sr.error();
    if (auto w = d->checkWritable(); !w)
        return w.error();
    Stream &s = **sr;
    auto refuse = [](const std::string &why) { return makeError(ErrorCode::InvalidArgument, why); };
    if (!carriedRateOk(spec.recordsPerSecond))
        return carriedRateRefused();
    if (spec.keys.empty() || spec.keys.size() > CarriedLoadSpec::kMaxKeys)
        return refuse("A carried load needs 1 to 4,096 partition keys.");
    std::vector<CarriedLoad::Key> keys;
    keys.reserve(spec.keys.size());
    double total = 0;
    for (const auto &[pk, weight] : spec.keys) {
        // Each key must be one a PutRecords entry of this size could carry.
        if (auto valid
            = checkRecord(s, pk, std::size_t(std::max<std::int64_t>(0, spec.dataBytes)), "");
            !valid)
            return valid.error();
        if (!(weight > 0 && std::isfinite(weight)))
            return refuse("The weight of partition key " + pk
                          + " in a carried load must be positive.");
        total += weight;
        keys.push_back({pk, d->hasher.hash(pk), weight});
    }
    if (!std::isfinite(total))
        return refuse("The weights of a carried load's partition keys must have a finite sum.");
    const std::int64_t t = d->now();
    return d->carried.add(s.uid, s.name, spec.recordsPerSecond,
                          std::max<std::int64_t>(0, spec.dataBytes), std::move(keys), t,
                          spec.untilMs);
}

Result<CarriedCounts> Engine::carry(std::uint64_t id, double recordsPerSecond, std::int64_t untilMs)
{
    const std::int64_t t = d->now(); // plays the load up to now at its old rate
    const CarriedCounts *counts = d->carried.counts(id);
    if (!counts)
        return noCarriedLoad(id);
    const CarriedCounts so = *counts;
    // The stream must still take writes, as the load's PutRecords would find.
    const auto [uid, name] = d->carried.streamOf(id);
    if (auto *s = d->registry.byUid(uid);
        !s || (s->status != StreamStatus::Active && s->status != StreamStatus::Updating)) {
        d->carried.remove(id);
        return d->streamNotFound(name);
    }
    if (auto w = d->checkWritable(); !w)
        return w.error();
    if (!carriedRateOk(recordsPerSecond))
        return carriedRateRefused();
    d->carried.update(id, recordsPerSecond, untilMs, t);
    return so;
}

Result<CarriedCounts> Engine::stopCarrying(std::uint64_t id)
{
    (void)d->now(); // plays the load up to now
    const CarriedCounts *counts = d->carried.counts(id);
    if (!counts)
        return noCarriedLoad(id);
    const CarriedCounts so = *counts;
    d->carried.remove(id);
    return so;
}

Result<GetShardIteratorResult> Engine::getShardIterator(const GetShardIteratorRequest &req)
{
    auto sr = d->resolveForData(req.stream);
    if (!sr)
        return sr.error();
    Stream &s = **sr;
    auto idx = parseShardId(req.shardId);
    if (!idx)
        return makeError(ErrorCode::ResourceNotFound, "Could not find shard " + req.shardId
                                                          + " in stream " + s.name
                                                          + " under account " + d->account() + ".");
    const std::string shardId = formatShardId(*idx);
    auto it = s.shards.find(*idx);
    if (it == s.shards.end())
        return d->shardNotFound(shardId, s.name);
    Shard &sh = it->second;
    const std::int64_t t = d->now();
    if (!sh.throttle.tryIteratorCall(t))
        return d->rateExceeded(s, sh);
    auto position = d->startPosition(s, sh, {req.type, req.startingSequenceNumber, req.timestampMs},
                                     "GetShardIterator", t);
    if (!position)
        return position.error();
    IteratorToken token{t,         s.uid,  *idx,
                        *position, s.name, d->readers.start(s.uid, *idx, req.type, t)};
    return GetShardIteratorResult{d->tokens.encodeIterator(token)};
}

Result<std::uint64_t> Engine::Impl::startPosition(const Stream &s, const Shard &sh,
                                                  const StartingPosition &pos,
                                                  const char *operation, std::int64_t t)
{
    const std::string shardId = formatShardId(sh.index);
    const bool subscribing = std::string_view(operation) == "SubscribeToShard";
    const char *typeName = toString(pos.type);
    std::uint64_t position = 0;
    const bool wantsSeq = pos.type == ShardIteratorType::AtSequenceNumber
                          || pos.type == ShardIteratorType::AfterSequenceNumber;
    if (pos.sequenceNumber && !wantsSeq && pos.type != ShardIteratorType::AtTimestamp)
        return makeError(
            ErrorCode::InvalidArgument,
            std::string("Must either specify (1) AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER "
                        "and StartingSequenceNumber or (2) TRIM_HORIZON or LATEST and no "
                        "StartingSequenceNumber. Request specified ")
                + typeName + " and also a StartingSequenceNumber.");
    const std::uint64_t endPosition = sh.endSeq ? *sh.endSeq + 1 : s.nextSeq;
    switch (pos.type) {
    case ShardIteratorType::AtSequenceNumber:
    case ShardIteratorType::AfterSequenceNumber: {
        if (!pos.sequenceNumber)
            return makeError(
                ErrorCode::InvalidArgument,
                std::string("Must either specify (1) AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER "
                            "and StartingSequenceNumber or (2) TRIM_HORIZON or LATEST and no "
                            "StartingSequenceNumber. Request specified ")
                    + typeName + " and no StartingSequenceNumber.");
        const std::string &text = *pos.sequenceNumber;
        auto parsed = parseSequenceNumber(text);
        if (!parsed)
            return makeError(ErrorCode::InvalidArgument,
                             "StartingSequenceNumber " + text + " used in " + std::string(operation)
                                 + " on shard " + shardId + " in stream " + s.name
                                 + " under account " + account() + " is invalid.");
        if (parsed->shardIndex != sh.index)
            return makeError(ErrorCode::InvalidArgument,
                             "Invalid StartingSequenceNumber. It encodes "
                                 + formatShardId(parsed->shardIndex)
                                 + ", while it was used in a call to a shard with " + shardId);
        if (parsed->shardCreateSecs != sh.createSecs() || parsed->seqIx > endPosition)
            return makeError(ErrorCode::InvalidArgument,
                             "StartingSequenceNumber " + text + " used in " + std::string(operation)
                                 + " on shard " + shardId + " in stream " + s.name
                                 + " under account " + account()
                                 + " is invalid because it did not come from this stream.");
        position = parsed->seqIx + (pos.type == ShardIteratorType::AfterSequenceNumber ? 1 : 0);
        break;
    }
    case ShardIteratorType::TrimHorizon:
        position = 0;
        break;
    case ShardIteratorType::Latest:
        position = endPosition;
        break;
    case ShardIteratorType::AtTimestamp: {
        if (!pos.timestampMs)
            return makeError(
                ErrorCode::InvalidArgument,
                "Must specify timestampInMillis parameter for iterator of type AT_TIMESTAMP. "
                "Current request has no timestamp parameter.");
        if (*pos.timestampMs > t && !subscribing)
            return makeError(ErrorCode::InvalidArgument,
                             "The timestampInMillis parameter cannot be greater than the "
                             "currentTimestampInMillis. timestampInMillis: "
                                 + std::to_string(*pos.timestampMs)
                                 + ", currentTimestampInMillis: " + std::to_string(t));
        position = endPosition;
        if (sh.hasRecords) {
            // First record with ts >= timestamp: binary search (ts is monotonic in seq).
            std::uint64_t lo = sh.firstSeq, hi = sh.lastSeq + 1;
            while (lo < hi) {
                const std::uint64_t mid = lo + (hi - lo) / 2;
                auto r = storage.firstRecordFrom(sh.uid, mid);
                if (!r)
                    return r.error();
                if (!r->has_value()) {
                    hi = mid;
                    continue;
                }
                if ((*r)->second >= *pos.timestampMs) {
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
    return position;
}

std::optional<std::pair<std::string, std::string>>
Engine::iteratorTarget(std::string_view iterator) const
{
    const auto token = d->tokens.decodeIterator(iterator);
    if (!token)
        return std::nullopt;
    return std::pair{token->streamName, formatShardId(token->shardIndex)};
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
                         "Iterator expired. The iterator was created at time "
                             + amzUtcString(token->createdMs) + " while right now it is "
                             + amzUtcString(t)
                             + " which is further in the future than the tolerated delay of 300000 "
                               "milliseconds.");
    const std::int64_t limit = req.limit.value_or(kMaxGetRecordsLimit);
    if (limit < 1)
        return validation(std::to_string(limit), "limit",
                          "Member must have value greater than or equal to 1");
    if (limit > kMaxGetRecordsLimit)
        return makeError(ErrorCode::InvalidArgument,
                         validationMessage(std::to_string(limit), "limit",
                                           "Member must have value less than or equal to 10000"));
    const std::string shardId = formatShardId(token->shardIndex);
    Stream *found = d->registry.byUid(token->streamUid);
    if (!found)
        return d->shardNotFound(shardId, token->streamName);
    Stream &s = *found;
    if (req.streamArn && *req.streamArn != d->arnFor(s.name))
        return makeError(ErrorCode::InvalidArgument,
                         "StreamARN " + *req.streamArn
                             + " does not match the stream of the ShardIterator.");
    if (s.status != StreamStatus::Active && s.status != StreamStatus::Updating)
        return d->streamNotFound(s.name);
    auto shIt = s.shards.find(token->shardIndex);
    if (shIt == s.shards.end())
        return d->shardNotFound(shardId, s.name);
    Shard &sh = shIt->second;
    if (!sh.throttle.tryReadCall(t)) {
        d->readers.throttled(s.uid, sh.index, token->readerId, t);
        sh.metrics.add(Metric::ReadProvisionedThroughputExceeded, 1, t);
        s.metrics.add(Metric::ReadProvisionedThroughputExceeded, 1, t);
        return d->rateExceeded(s, sh);
    }
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
    plan.keys = d->config.keys;
    plan.shardStartSeq = sh.startSeq;
    plan.shardLastTs = sh.lastTs;
    plan.readerId = token->readerId;
    if (!sh.open())
        plan.childShards = d->childShardsOf(s, sh);
    return plan;
}

Result<GetRecordsResult> Engine::readPlanned(const ReadPlan &plan, RecordReader &reader,
                                             TokenCodec &tokens)
{
    std::vector<StoredRecord> stored;
    if (auto r = reader.readRecords(plan.shardUid, plan.position, plan.minTs, plan.limit,
                                    static_cast<std::size_t>(kMaxGetRecordsBytes), stored);
        !r)
        return r.error();
    if (auto k = checkReadable(plan.keys, stored); !k)
        return k.error();
    GetRecordsResult out;
    out.records.reserve(stored.size());
    std::uint64_t next = plan.position;
    for (auto &rec : stored) {
        Record r;
        r.sequenceNumber
            = formatSequenceNumber({plan.shardCreateSecs, plan.shardIndex, rec.seq, rec.ts / 1000});
        r.arrivalMs = rec.ts;
        r.data = std::move(rec.data);
        r.partitionKey = std::move(rec.partitionKey);
        r.encryptionType = rec.dataKey ? "KMS" : "NONE";
        out.records.push_back(std::move(r));
        next = rec.seq + 1;
    }
    if (!stored.empty() && plan.shardHasRecords && plan.shardLastSeq >= next)
        out.millisBehindLatest = std::max<std::int64_t>(0, plan.nowMs - stored.back().ts);
    // The end of a closed shard only once every record it holds has been read: a record the
    // engine took may not be committed (readable) yet.
    const bool unread
        = plan.shardHasRecords && plan.shardLastSeq >= next && plan.shardLastTs >= plan.minTs;
    if (stored.empty() && !plan.shardOpen && !plan.childShards.empty() && !unread) {
        // End of a closed shard: ChildShards, and no NextShardIterator (never both, never neither).
        out.childShards = plan.childShards;
        return out;
    }
    out.nextShardIterator = tokens.encodeIterator(
        {plan.nowMs, plan.streamUid, plan.shardIndex, next, plan.streamName, plan.readerId});
    return out;
}

Result<GetRecordsResult> Engine::getRecords(const GetRecordsRequest &req)
{
    auto plan = planGetRecords(req);
    if (!plan)
        return plan.error();
    auto result = readPlanned(*plan, d->storage, d->tokens);
    if (result)
        chargeRead(*plan, result->records.size(), payloadBytes(*result),
                   result->millisBehindLatest);
    return result;
}

std::int64_t Engine::payloadBytes(const GetRecordsResult &result)
{
    std::int64_t bytes = 0;
    for (const auto &r : result.records)
        bytes += std::int64_t(r.data.size() + r.partitionKey.size());
    return bytes;
}

void Engine::chargeRead(const ReadPlan &plan, std::size_t records, std::int64_t bytes,
                        std::int64_t millisBehindLatest)
{
    Stream *found = d->registry.byUid(plan.streamUid);
    if (!found)
        return;
    auto shIt = found->shards.find(plan.shardIndex);
    if (shIt == found->shards.end())
        return;
    Shard &sh = shIt->second;
    Stream &s = *found;
    const std::int64_t t = d->now();
    sh.throttle.chargeRead(bytes, t);
    d->readers.read(s.uid, sh.index, plan.readerId, std::int64_t(records), bytes, t);
    for (MetricsAccumulator *m : {&sh.metrics, &s.metrics}) {
        m->add(Metric::OutgoingBytes, bytes, t);
        m->add(Metric::OutgoingRecords, std::int64_t(records), t);
        m->add(Metric::GetRecordsCalls, 1, t);
        m->max(Metric::IteratorAgeMilliseconds, millisBehindLatest, t);
    }
    s.usage.countRead(bytes, d->advantage);
}

void Engine::recordCallLatency(std::uint64_t streamUid, bool put, std::int64_t micros)
{
    Stream *s = d->registry.byUid(streamUid);
    if (!s || !d->config.metrics)
        return;
    MetricsAccumulator &m = s->metrics;
    const std::int64_t t = d->now();
    if (put) {
        m.add(Metric::PutRecordsSuccess, 1, t);
        m.add(Metric::PutRecordsLatencySumMicros, micros, t);
        m.max(Metric::PutRecordsLatencyMaxMicros, micros, t);
    } else {
        m.max(Metric::GetRecordsLatencyMaxMicros, micros, t);
    }
}

void Engine::recordPutFailure(std::uint64_t streamUid)
{
    Stream *s = d->registry.byUid(streamUid);
    if (!s || !d->config.metrics)
        return;
    s->metrics.add(Metric::PutRecordsFailedCalls, 1, d->now());
}

std::uint64_t Engine::streamUid(const StreamRef &stream)
{
    auto s = d->resolve(stream);
    return s ? (*s)->uid : 0;
}

void Engine::setLimits(const LimitsProfile &limits)
{
    d->config.limits = limits;
    d->controlRates.clear();
    const std::int64_t t = d->now();
    for (auto &[name, s] : d->registry)
        for (auto &[idx, sh] : s->shards)
            sh.throttle.reset(limits, t);
    ++d->version;
}

const LimitsProfile &Engine::limits() const
{
    return d->config.limits;
}

} // namespace shs::core
