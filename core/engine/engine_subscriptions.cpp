// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
// SubscribeToShard: the checks of a new subscription, and the three halves of each of its events
// (plan on the engine thread, read anywhere, charge on the engine thread) — kinesis-api.md §3.
// The rules per consumer and shard are SubscriptionTable's; the event loop is the host's.
#include "engine_impl.h"

namespace shs::core {

namespace {
SubscriptionTable::Key keyOf(const Engine::Subscription &sub)
{
    return {sub.streamUid, sub.consumerName, sub.consumerCreationSeconds, sub.shardIndex};
}
} // namespace

Result<Engine::Subscription> Engine::subscribeToShard(const SubscribeToShardRequest &req)
{
    const auto arn = parseKinesisArn(req.consumerArn);
    if (!arn || !arn->consumerName)
        return validation(req.consumerArn, "consumerARN",
                          "Member must satisfy regular expression pattern: "
                          "^(arn):aws.*:kinesis:.*:\\d{12}:.*stream\\/[a-zA-Z0-9_.-]+\\/"
                          "consumer\\/[a-zA-Z0-9_.-]+:[0-9]+");
    StreamRef ref;
    ref.arn = arn->streamArn();
    auto sr = d->resolveForData(ref);
    if (!sr)
        return sr.error();
    Stream &s = **sr;
    const RegisteredConsumer *c
        = s.consumers.find(*arn->consumerName, arn->consumerCreationSeconds);
    if (!c)
        return d->consumerNotFound(s, *arn->consumerName);
    if (c->status != ConsumerStatus::Active)
        return makeError(ErrorCode::ResourceInUse,
                         "Consumer " + req.consumerArn + " under account " + d->account()
                             + " not ACTIVE, instead in state " + toString(c->status));
    const auto idx = parseShardId(req.shardId);
    if (!idx || !s.shards.count(*idx))
        return d->shardNotFound(idx ? formatShardId(*idx) : req.shardId, s.name);
    const Shard &sh = s.shards.at(*idx);
    const std::int64_t t = d->now();
    auto position = d->startPosition(s, sh, req.startingPosition, "SubscribeToShard", t);
    if (!position)
        return position.error();
    Subscription sub;
    sub.streamUid = s.uid;
    sub.streamName = s.name;
    sub.consumerName = c->name;
    sub.consumerCreationSeconds = c->creationSeconds();
    sub.shardIndex = sh.index;
    sub.shardUid = sh.uid;
    sub.position = *position;
    sub.startedMs = t;
    const auto generation = d->subscriptions.start(
        keyOf(sub), t, d->config.limits.enabled ? d->config.limits.readBytesPerSecond : 0);
    if (!generation)
        return makeError(ErrorCode::ResourceInUse,
                         "Another subscription of consumer " + req.consumerArn + " to shard "
                             + formatShardId(sh.index)
                             + " started less than 5 seconds ago. Subscribe again after 5 "
                               "seconds to take it over.");
    sub.generation = *generation;
    return sub;
}

Result<Engine::ReadPlan> Engine::planSubscriptionRead(const Subscription &sub,
                                                      std::int64_t *retryAtMs)
{
    Stream *s = d->registry.byUid(sub.streamUid);
    if (!s || (s->status != StreamStatus::Active && s->status != StreamStatus::Updating))
        return d->streamNotFound(sub.streamName);
    const RegisteredConsumer *c = s->consumers.find(sub.consumerName);
    if (!c || c->creationSeconds() != sub.consumerCreationSeconds
        || c->status != ConsumerStatus::Active)
        return d->consumerNotFound(*s, sub.consumerName);
    const auto key = keyOf(sub);
    if (!d->subscriptions.current(key, sub.generation))
        return makeError(ErrorCode::ResourceInUse,
                         "Another subscription of consumer " + sub.consumerName + " to shard "
                             + formatShardId(sub.shardIndex) + " in stream " + s->name
                             + " took over this one.");
    auto shIt = s->shards.find(sub.shardIndex);
    if (shIt == s->shards.end())
        return d->shardNotFound(formatShardId(sub.shardIndex), s->name);
    const Shard &sh = shIt->second;
    const std::int64_t t = d->now();
    ReadPlan plan;
    plan.nowMs = t;
    plan.streamUid = s->uid;
    plan.streamName = s->name;
    plan.shardUid = sh.uid;
    plan.shardIndex = sh.index;
    plan.shardCreateSecs = sh.createSecs();
    plan.shardOpen = sh.open();
    plan.shardHasRecords = sh.hasRecords;
    plan.shardLastSeq = sh.lastSeq;
    plan.shardLastTs = sh.lastTs;
    plan.shardStartSeq = sh.startSeq;
    plan.position = sub.position;
    plan.minTs = t - s->retentionMs();
    plan.limit = static_cast<std::size_t>(kMaxGetRecordsLimit);
    plan.keys = d->config.keys;
    if (!sh.open())
        plan.childShards = d->childShardsOf(*s, sh);
    const std::int64_t rate = d->config.limits.enabled ? d->config.limits.readBytesPerSecond : 0;
    plan.maxBytes = static_cast<std::size_t>(d->subscriptions.budget(key, t, rate, retryAtMs));
    return plan;
}

Result<Engine::SubscriptionRead> Engine::readSubscriptionEvent(const ReadPlan &plan,
                                                               RecordReader &reader)
{
    std::vector<StoredRecord> stored;
    if (auto r = reader.readRecords(plan.shardUid, plan.position, plan.minTs, plan.limit,
                                    plan.maxBytes, stored);
        !r)
        return r.error();
    if (auto k = checkReadable(plan.keys, stored); !k)
        return k.error();
    SubscriptionRead out;
    out.nextPosition = plan.position;
    out.event.records.reserve(stored.size());
    std::int64_t lastTs = plan.nowMs;
    for (auto &rec : stored) {
        Record r;
        r.sequenceNumber
            = formatSequenceNumber({plan.shardCreateSecs, plan.shardIndex, rec.seq, rec.ts / 1000});
        r.arrivalMs = rec.ts;
        out.bytes += std::int64_t(rec.data.size() + rec.partitionKey.size());
        r.data = std::move(rec.data);
        r.partitionKey = std::move(rec.partitionKey);
        r.encryptionType = rec.dataKey ? "KMS" : "NONE";
        lastTs = rec.ts;
        out.event.records.push_back(std::move(r));
        out.nextPosition = rec.seq + 1;
    }
    const bool unread = plan.shardHasRecords && plan.shardLastSeq >= out.nextPosition
                        && plan.shardLastTs >= plan.minTs;
    if (stored.empty() && !plan.shardOpen && !unread) {
        // The end of a closed shard: the children, and no continuation (never both).
        out.endOfShard = true;
        out.event.childShards = plan.childShards;
        return out;
    }
    // Read again at once: records remain, or a closed shard's final event is due.
    out.more = (!stored.empty() && unread) || !plan.shardOpen;
    if (!stored.empty() && unread)
        out.event.millisBehindLatest = std::max<std::int64_t>(0, plan.nowMs - lastTs);
    // Where a resubscription AFTER_SEQUENCE_NUMBER picks up: the last record delivered, or
    // just before the position reached (the shard's StartingSequenceNumber at the latest,
    // which no record carries).
    const std::uint64_t last
        = std::max<std::uint64_t>(out.nextPosition, plan.shardStartSeq + 1) - 1;
    const std::int64_t recordSecs = !stored.empty()              ? lastTs / 1000
                                    : last == plan.shardStartSeq ? plan.shardCreateSecs
                                                                 : plan.nowMs / 1000;
    out.event.continuationSequenceNumber
        = formatSequenceNumber({plan.shardCreateSecs, plan.shardIndex, last, recordSecs});
    return out;
}

void Engine::chargeSubscription(const Subscription &sub, const SubscriptionRead &read)
{
    d->subscriptions.charge(keyOf(sub), read.bytes, d->now());
}

void Engine::endSubscription(const Subscription &sub)
{
    d->subscriptions.end(keyOf(sub), sub.generation);
}

Result<ReadActivityReport> Engine::readActivity(const StreamRef &stream)
{
    auto sr = d->resolve(stream);
    if (!sr)
        return sr.error();
    const Stream &s = **sr;
    const std::int64_t t = d->now();
    ReadActivityReport out;
    out.streamName = s.name;
    out.nowMs = t;
    const LimitsProfile &limits = d->config.limits;
    out.limited = limits.enabled;
    out.sharedCallsPerSecond = limits.readCallsPerSecond;
    out.sharedBytesPerSecond = limits.readBytesPerSecond;
    out.consumerBytesPerSecond = limits.readBytesPerSecond;
    std::map<std::uint32_t, ShardReadActivity> shards;
    for (auto &[index, readers] : d->readers.readers(s.uid, t))
        shards[index].polling = std::move(readers);
    for (const auto &a : d->subscriptions.active())
        if (a.key.streamUid == s.uid)
            shards[a.key.shardIndex].fanOut.push_back({a.key.consumer, a.startedMs, a.bytesRead});
    for (auto &[index, activity] : shards) {
        activity.shardId = formatShardId(index);
        auto it = s.shards.find(index);
        activity.open = it != s.shards.end() && it->second.open();
        out.shards.push_back(std::move(activity));
    }
    return out;
}

} // namespace shs::core
