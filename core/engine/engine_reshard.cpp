// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
// Resharding (SplitShard, MergeShards, UpdateShardCount), capacity modes (UpdateStreamMode) and
// on-demand autoscaling. Lineage is Kinesis': a split closes its parent and opens two children
// with ParentShardId; a merge closes two adjacent parents and opens one child with
// ParentShardId (ShardToMerge) and AdjacentParentShardId. Closed parents get an
// EndingSequenceNumber (seqIx 0x7fffffffffffffff, as kinesalite writes it) and every child's
// sequence numbers start in a later second, so they are greater than every parent's.
#include "catalogue.h"
#include "engine_impl.h"

#include <cmath>

namespace shs::core {

namespace detail {

std::string PendingOp::encode() const
{
    std::ostringstream o;
    switch (kind) {
    case None:
        return {};
    case Split:
        o << "split " << a << ' ' << key.toHex();
        break;
    case Merge:
        o << "merge " << a << ' ' << b;
        break;
    case Scale:
        o << "scale " << target;
        break;
    case Mode:
        o << "mode " << static_cast<int>(mode);
        if (target > 0)
            o << ' ' << target;
        break;
    case Warm:
        o << "warm " << target;
        break;
    case Encrypt:
        o << "encrypt " << (keyId.empty() ? std::string("-") : keyId);
        break;
    }
    return o.str();
}

PendingOp PendingOp::decode(const std::string &text)
{
    PendingOp op;
    std::istringstream in(text);
    std::string kind;
    in >> kind;
    if (kind == "split") {
        std::string hex;
        in >> op.a >> hex;
        op.key = HashKey::fromHex(hex).value_or(HashKey());
        op.kind = Split;
    } else if (kind == "merge") {
        in >> op.a >> op.b;
        op.kind = Merge;
    } else if (kind == "scale") {
        in >> op.target;
        op.kind = Scale;
    } else if (kind == "mode") {
        int m = 0;
        in >> m;
        op.mode = static_cast<StreamMode>(m);
        op.kind = Mode;
        if (!in.fail() && !(in >> op.target)) { // the warm throughput is optional
            op.target = 0;
            return op;
        }
    } else if (kind == "warm") {
        in >> op.target;
        op.kind = Warm;
    } else if (kind == "encrypt") {
        in >> op.keyId;
        if (op.keyId == "-")
            op.keyId.clear();
        op.kind = Encrypt;
    }
    return in.fail() ? PendingOp{} : op;
}

std::string PendingOp::describe() const
{
    switch (kind) {
    case None:
        return {};
    case Split:
        return "SplitShard " + formatShardId(a) + " at " + key.toDecimal();
    case Merge:
        return "MergeShards " + formatShardId(a) + " + " + formatShardId(b);
    case Scale:
        return "UpdateShardCount to " + std::to_string(target);
    case Mode:
        return std::string("UpdateStreamMode to ") + toString(mode)
               + (target > 0 ? " warmed to " + std::to_string(target) + " MiBps" : std::string());
    case Warm:
        return "UpdateStreamWarmThroughput to " + std::to_string(target) + " MiBps";
    case Encrypt:
        return keyId.empty() ? std::string("StopStreamEncryption")
                             : "StartStreamEncryption with " + keyId;
    }
    return {};
}

} // namespace detail

std::string Stream::encodeHistory() const
{
    std::ostringstream o;
    o << "scale";
    for (auto t : scaleTimes)
        o << ' ' << t;
    o << " mode";
    for (auto t : modeTimes)
        o << ' ' << t;
    if (!keyTimes.empty()) {
        o << " keys";
        for (auto t : keyTimes)
            o << ' ' << t;
    }
    o << ' ' << scaler.encode();
    return o.str();
}

void Stream::decodeHistory(const std::string &text)
{
    std::istringstream in(text);
    std::string word;
    std::vector<std::int64_t> *into = nullptr;
    while (in >> word) {
        if (word == "scale")
            into = &scaleTimes;
        else if (word == "mode")
            into = &modeTimes;
        else if (word == "keys")
            into = &keyTimes;
        else if (word == "peak" || word == "last") {
            scaler.decodeWord(word, in);
            into = nullptr;
        } else if (into)
            into->push_back(std::stoll(word));
    }
}

namespace {
/// Forgets the times older than the rolling 24 h (so the lists stay short) and counts the rest.
int pruneToRollingDay(std::vector<std::int64_t> &times, std::int64_t now)
{
    times.erase(std::remove_if(times.begin(), times.end(),
                               [&](std::int64_t t) { return t <= now - kRollingDayMs; }),
                times.end());
    return countInRollingDay(times, now);
}
} // namespace

// ----------------------------------------------------------------------------- primitives

Shard &Engine::Impl::openChild(Stream &s, HashKeyRange range, std::int64_t parent,
                               std::int64_t adjacent, std::int64_t seqSecs, std::int64_t t)
{
    Shard sh;
    sh.uid = registry.takeShardUid();
    sh.index = s.nextShardIndex++;
    sh.parent = parent;
    sh.adjacentParent = adjacent;
    sh.range = range;
    sh.createdMs = t;
    sh.seqSecs = seqSecs;
    sh.startSeq = s.nextSeq++; // records come after it (see createStream)
    sh.throttle.reset(config.limits, t);
    countersDirty = true;
    markShardDirty(s, sh.index);
    Shard &slot = s.shards[sh.index];
    slot = std::move(sh);
    return slot;
}

void Engine::Impl::closeShard(Stream &s, Shard &sh, std::int64_t t)
{
    sh.endSeq = kMaxSeqIx;
    sh.closedMs = t;
    markShardDirty(s, sh.index);
}

std::pair<std::uint32_t, std::uint32_t> Engine::Impl::doSplit(Stream &s, std::uint32_t parentIndex,
                                                              HashKey newStart, std::int64_t t)
{
    Shard &p = s.shards.at(parentIndex);
    const HashKeyRange range = p.range;
    const std::int64_t secs = std::max(t / 1000 + 1, p.seqSecs + 1);
    closeShard(s, p, t);
    const std::uint32_t left
        = openChild(s, {range.start, newStart.minusOne()}, parentIndex, -1, secs, t).index;
    const std::uint32_t right = openChild(s, {newStart, range.end}, parentIndex, -1, secs, t).index;
    return {left, right};
}

std::uint32_t Engine::Impl::doMerge(Stream &s, std::uint32_t shardToMerge, std::uint32_t adjacent,
                                    std::int64_t t)
{
    Shard &a = s.shards.at(shardToMerge);
    Shard &b = s.shards.at(adjacent);
    const HashKeyRange range{std::min(a.range.start, b.range.start),
                             std::max(a.range.end, b.range.end)};
    const std::int64_t secs = std::max({t / 1000 + 1, a.seqSecs + 1, b.seqSecs + 1});
    closeShard(s, a, t);
    closeShard(s, b, t);
    return openChild(s, range, shardToMerge, adjacent, secs, t).index;
}

void Engine::Impl::doUniformScale(Stream &s, std::int64_t target, std::int64_t t)
{
    // Split every open shard at the target boundaries inside it, then merge the pieces of each
    // target range pairwise, left to right. The shards in between are created and closed at once:
    // the short-lived intermediate shards AWS documents.
    const auto targets = HashKeyRange::uniformSplit(static_cast<std::uint32_t>(target));
    std::vector<HashKey> cuts;
    for (std::size_t i = 1; i < targets.size(); ++i)
        cuts.push_back(targets[i].start);
    std::vector<std::uint32_t> pieces;
    const std::vector<std::uint32_t> open = s.openByStart;
    for (auto idx : open) {
        std::uint32_t cur = idx;
        auto it = std::upper_bound(cuts.begin(), cuts.end(), s.shards.at(cur).range.start);
        for (; it != cuts.end() && *it <= s.shards.at(cur).range.end; ++it) {
            auto [left, right] = doSplit(s, cur, *it, t);
            pieces.push_back(left);
            cur = right;
        }
        pieces.push_back(cur);
    }
    std::size_t p = 0;
    for (const auto &range : targets) {
        std::uint32_t acc = pieces[p++];
        while (p < pieces.size() && s.shards.at(pieces[p]).range.end <= range.end)
            acc = doMerge(s, acc, pieces[p++], t);
    }
    s.rebuildOpenIndex();
}

void Engine::Impl::completePending(Stream &s, std::int64_t t)
{
    const PendingOp op = s.pending;
    s.pending = {};
    switch (op.kind) {
    case PendingOp::None:
        break;
    case PendingOp::Split:
        if (s.shards.count(op.a) && s.shards.at(op.a).open())
            doSplit(s, op.a, op.key, t);
        break;
    case PendingOp::Merge:
        if (s.shards.count(op.a) && s.shards.count(op.b) && s.shards.at(op.a).open()
            && s.shards.at(op.b).open())
            doMerge(s, op.a, op.b, t);
        break;
    case PendingOp::Scale:
        doUniformScale(s, op.target, t);
        break;
    case PendingOp::Mode:
        s.mode = op.mode;
        s.scaler.scaled(t);
        if (s.mode == StreamMode::Provisioned) { // on-demand's settings do not carry over
            s.settings.warmThroughputMiBps = 0;
            s.settings.autoDistribution = false;
        } else if (op.target > 0) {
            s.settings.warmThroughputMiBps = op.target;
            warmUp(s, t);
        }
        break;
    case PendingOp::Warm:
        warmUp(s, t);
        break;
    case PendingOp::Encrypt:
        s.encryptionType = op.keyId.empty() ? "NONE" : "KMS";
        s.keyId = op.keyId;
        break;
    }
    s.rebuildOpenIndex();
    verifyTiling(s);
    s.status = StreamStatus::Active;
    s.statusSinceMs = t;
    markDirty(s);
}

Error Engine::Impl::onDemandRefusal() const
{
    return makeError(
        ErrorCode::Validation,
        "Specifies that you tried to invoke this API for a data stream with the on-demand capacity "
        "mode. "
        "This API is only supported for data streams with the provisioned capacity mode.");
}

Result<Shard *> Engine::Impl::openShardFor(Stream &s, const std::string &shardId, const char *verb)
{
    auto idx = parseShardId(shardId);
    if (!idx)
        return makeError(ErrorCode::ResourceNotFound, "Could not find shard " + shardId
                                                          + " in stream " + s.name
                                                          + " under account " + account() + ".");
    auto it = s.shards.find(*idx);
    if (it == s.shards.end())
        return makeError(ErrorCode::ResourceNotFound, "Could not find shard " + formatShardId(*idx)
                                                          + " in stream " + s.name
                                                          + " under account " + account() + ".");
    if (!it->second.open())
        return makeError(ErrorCode::InvalidArgument,
                         "Shard " + formatShardId(*idx) + " in stream " + s.name + " under account "
                             + account()
                             + " has already been merged or split, and thus is not "
                               "eligible for "
                             + verb + ".");
    return &it->second;
}

Result<void> Engine::Impl::checkShardLimit(int additional) const
{
    const int open = openShardTotal();
    if (open + additional <= config.shardLimit)
        return ok();
    return makeError(
        ErrorCode::LimitExceeded,
        "This request would exceed the shard limit for the account " + account() + " in "
            + config.region + ". Current shard count for the account: " + std::to_string(open)
            + ". Limit: " + std::to_string(config.shardLimit)
            + ". Number of additional shards that would have resulted from this request: "
            + std::to_string(additional)
            + ". Refer to the AWS Service Limits page "
              "(http://docs.aws.amazon.com/general/latest/gr/aws_service_limits.html) for current "
              "limits "
              "and how to request higher limits.");
}

// ----------------------------------------------------------------------------- operations

Result<void> Engine::splitShard(const SplitShardRequest &req)
{
    auto sr = d->writableStream(req.stream, ops::SplitShard);
    if (!sr)
        return sr.error();
    Stream &s = **sr;
    if (!isHashKeyPattern(req.newStartingHashKey))
        return validation(req.newStartingHashKey, "newStartingHashKey",
                          "Member must satisfy regular expression pattern: 0|([1-9]\\d{0,38})");
    auto key = HashKey::fromDecimal(req.newStartingHashKey);
    if (s.mode == StreamMode::OnDemand)
        return d->onDemandRefusal();
    auto shard = d->openShardFor(s, req.shardToSplit, "splitting");
    if (!shard)
        return shard.error();
    Shard &sh = **shard;
    if (auto l = d->checkShardLimit(1); !l)
        return l;
    if (!key || *key <= sh.range.start.plusOne() || *key >= sh.range.end)
        return makeError(
            ErrorCode::InvalidArgument,
            "NewStartingHashKey " + req.newStartingHashKey + " used in SplitShard() on shard "
                + formatShardId(sh.index) + " in stream " + s.name + " under account "
                + d->account() + " is not both greater than one plus the shard's StartingHashKey "
                + sh.range.start.toDecimal() + " and less than the shard's EndingHashKey "
                + sh.range.end.toDecimal() + ".");
    if (s.status != StreamStatus::Active)
        return d->notActive(s);
    s.status = StreamStatus::Updating;
    s.statusSinceMs = d->now();
    s.pending = PendingOp{PendingOp::Split, sh.index, 0, *key, 0, s.mode, {}};
    d->markDirty(s);
    return ok();
}

Result<void> Engine::mergeShards(const MergeShardsRequest &req)
{
    auto sr = d->writableStream(req.stream, ops::MergeShards);
    if (!sr)
        return sr.error();
    Stream &s = **sr;
    if (s.mode == StreamMode::OnDemand)
        return d->onDemandRefusal();
    auto a = d->openShardFor(s, req.shardToMerge, "merging");
    if (!a)
        return a.error();
    auto b = d->openShardFor(s, req.adjacentShardToMerge, "merging");
    if (!b)
        return b.error();
    Shard &sa = **a;
    Shard &sb = **b;
    if (sa.index == sb.index
        || !(sa.range.isAdjacentBefore(sb.range) || sb.range.isAdjacentBefore(sa.range)))
        return makeError(ErrorCode::InvalidArgument,
                         "Shards " + formatShardId(sa.index) + " and " + formatShardId(sb.index)
                             + " in stream " + s.name + " under account " + d->account()
                             + " are not an adjacent pair of shards eligible for merging");
    if (s.status != StreamStatus::Active)
        return d->notActive(s);
    s.status = StreamStatus::Updating;
    s.statusSinceMs = d->now();
    s.pending = PendingOp{PendingOp::Merge, sa.index, sb.index, {}, 0, s.mode, {}};
    d->markDirty(s);
    return ok();
}

Result<UpdateShardCountResult> Engine::updateShardCount(const UpdateShardCountRequest &req)
{
    auto sr = d->writableStream(req.stream, ops::UpdateShardCount);
    if (!sr)
        return sr.error();
    Stream &s = **sr;
    if (req.scalingType != "UNIFORM_SCALING")
        return validation(req.scalingType, "scalingType",
                          "Member must satisfy enum value set: [UNIFORM_SCALING]");
    if (req.targetShardCount < 1)
        return validation(std::to_string(req.targetShardCount), "targetShardCount",
                          "Member must have value greater than or equal to 1");
    if (s.mode == StreamMode::OnDemand)
        return d->onDemandRefusal();
    if (s.status != StreamStatus::Active)
        return d->notActive(s);
    const auto current = static_cast<std::int64_t>(s.openByStart.size());
    const std::int64_t target = req.targetShardCount;
    const std::int64_t t = d->now();
    auto limit = [&](const std::string &why) {
        return makeError(ErrorCode::LimitExceeded, "UpdateShardCount for stream " + s.name
                                                       + " under account " + d->account()
                                                       + " is not allowed: " + why);
    };
    if (target > 2 * current)
        return limit("the target shard count " + std::to_string(target)
                     + " is more than double the current open shard count "
                     + std::to_string(current) + ".");
    if (target * 2 < current)
        return limit("the target shard count " + std::to_string(target)
                     + " is less than half the current open shard count " + std::to_string(current)
                     + ".");
    if (target > 10000)
        return limit("a stream can have at most 10000 shards.");
    if (pruneToRollingDay(s.scaleTimes, t) >= kShardCountUpdatesPerDay)
        return limit("it has been called 10 times in the last 24 hours.");
    if (target > current)
        if (auto l = d->checkShardLimit(static_cast<int>(target - current)); !l)
            return l.error();
    s.scaleTimes.push_back(t);
    s.status = StreamStatus::Updating;
    s.statusSinceMs = t;
    s.pending = PendingOp{PendingOp::Scale, 0, 0, {}, target, s.mode, {}};
    d->markDirty(s);
    return UpdateShardCountResult{s.name, d->arnFor(s.name), static_cast<int>(current),
                                  static_cast<int>(target)};
}

Result<void> Engine::updateStreamMode(const UpdateStreamModeRequest &req)
{
    auto sr = d->writableStream(req.stream, ops::UpdateStreamMode);
    if (!sr)
        return sr.error();
    Stream &s = **sr;
    if (s.status != StreamStatus::Active)
        return d->notActive(s);
    if (s.mode == req.mode)
        return makeError(ErrorCode::InvalidArgument, "Stream " + s.name + " under account "
                                                         + d->account() + " is already in "
                                                         + toString(req.mode) + " mode.");
    const std::int64_t t = d->now();
    if (pruneToRollingDay(s.modeTimes, t) >= kModeSwitchesPerDay)
        return makeError(ErrorCode::LimitExceeded,
                         "Stream " + s.name + " under account " + d->account()
                             + " has already switched capacity mode twice in the last 24 hours.");
    if (req.mode == StreamMode::OnDemand) {
        if (auto room = d->roomForOnDemandStream(); !room)
            return room.error();
    }
    if (req.warmThroughputMiBps) {
        if (req.mode != StreamMode::OnDemand)
            return makeError(ErrorCode::InvalidArgument,
                             "WarmThroughputMiBps can only be given when stream " + s.name
                                 + " switches to ON_DEMAND.");
        if (auto w = d->checkWarmThroughput(&s, req.mode, *req.warmThroughputMiBps); !w)
            return w;
    }
    s.modeTimes.push_back(t);
    s.status = StreamStatus::Updating;
    s.statusSinceMs = t;
    s.pending
        = PendingOp{PendingOp::Mode, 0, 0, {}, req.warmThroughputMiBps.value_or(0), req.mode, {}};
    d->markDirty(s);
    return ok();
}

// ----------------------------------------------------------------------------- on-demand

void Engine::Impl::autoscale(Stream &s, std::int64_t t)
{
    if (s.mode != StreamMode::OnDemand || s.status != StreamStatus::Active || failure)
        return;
    const OnDemandScaler::Config scaling = scalingConfig();
    const int wanted = s.scaler.wanted(s.metrics, t, scaling, warmShards(s));
    auto openShards = [&s] {
        std::vector<OnDemandScaler::OpenShard> open;
        open.reserve(s.openByStart.size());
        for (auto idx : s.openByStart) {
            const Shard &sh = s.shards.at(idx);
            open.push_back({idx, sh.range, sh.createdMs, &sh.metrics, &sh.keys});
        }
        return open;
    };
    bool changed = false;
    for (int guard = 0; guard < 64; ++guard) {
        const auto split = s.scaler.nextSplit(openShards(), wanted, t);
        if (!split || !checkShardLimit(1))
            break;
        auto [left, right] = doSplit(s, split->index, split->at, t);
        s.shards.at(left).keys.lastSplitMs = t;
        s.shards.at(right).keys.lastSplitMs = t;
        s.rebuildOpenIndex();
        s.scaler.scaled(t);
        changed = true;
        if (!split->more)
            break;
    }
    if (!changed) {
        if (const auto merge = s.scaler.nextMerge(openShards(), wanted, t, scaling)) {
            doMerge(s, merge->first, merge->second, t);
            s.rebuildOpenIndex();
            s.scaler.scaled(t);
            changed = true;
        }
    }
    if (changed) {
        verifyTiling(s);
        markDirty(s);
    }
}

} // namespace shs::core
