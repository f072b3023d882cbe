// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "kpl_producer.h"

#include "engine/kinesis_limits.h"
#include "engine/kpl_aggregate.h"
#include "engine/partition_key_router.h"

#include <algorithm>
#include <charconv>
#include <deque>
#include <mutex>
#include <random>
#include <utility>

namespace shs::producer {

using core::ErrorCode;
using core::HashKey;
using core::makeError;

namespace {

constexpr std::int64_t kPayloadUnitBytes = 25 * 1024; // a PUT payload unit: 25 KB
constexpr std::int64_t kShardRecordsPerSecond = 1000;
constexpr std::int64_t kShardBytesPerSecond = core::kMiB;
/// An aggregate's bytes beyond its records' data: magic, MD5, and per record the protobuf's
/// tags, lengths and indexes (a new partition key adds its own bytes and framing).
constexpr std::uint64_t kAggregateOverhead = 4 + 16;
constexpr std::uint64_t kPerRecordOverhead = 12;
constexpr std::uint64_t kPerKeyOverhead = 4;

std::optional<std::uint64_t> parseUnsigned(const std::string &text)
{
    std::uint64_t v = 0;
    const auto *end = text.data() + text.size();
    const auto [p, ec] = std::from_chars(text.data(), end, v);
    if (ec != std::errc() || p != end || text.empty())
        return std::nullopt;
    return v;
}

std::optional<bool> parseBool(const std::string &text)
{
    if (text == "true")
        return true;
    if (text == "false")
        return false;
    return std::nullopt;
}

} // namespace

core::Result<KplConfig> KplConfig::fromProperties(const std::map<std::string, std::string> &props)
{
    KplConfig c;
    struct Range
    {
        std::uint64_t *field;
        std::uint64_t min, max;
    };
    const std::map<std::string, Range> numbers{
        {"AggregationMaxCount", {&c.aggregationMaxCount, 1, 4294967295ULL}},
        {"AggregationMaxSize", {&c.aggregationMaxSize, 64, 1048576}},
        {"CollectionMaxCount", {&c.collectionMaxCount, 1, 500}},
        {"CollectionMaxSize", {&c.collectionMaxSize, 52224, 9223372036854775807ULL}},
        {"RecordMaxBufferedTime", {&c.recordMaxBufferedTime, 0, 9223372036854775807ULL}},
        {"RecordTtl", {&c.recordTtl, 100, 9223372036854775807ULL}},
        {"RateLimit", {&c.rateLimit, 1, 9223372036854775807ULL}},
        {"MaxConnections", {&c.maxConnections, 1, 256}},
    };
    const std::map<std::string, bool *> flags{{"AggregationEnabled", &c.aggregationEnabled},
                                              {"FailIfThrottled", &c.failIfThrottled}};
    for (const auto &[name, value] : props) {
        if (auto n = numbers.find(name); n != numbers.end()) {
            const auto v = parseUnsigned(value);
            if (!v || *v < n->second.min || *v > n->second.max)
                return makeError(ErrorCode::InvalidArgument,
                                 name + " must be between " + std::to_string(n->second.min)
                                     + " and " + std::to_string(n->second.max) + ", got " + value
                                     + ".");
            *n->second.field = *v;
        } else if (auto f = flags.find(name); f != flags.end()) {
            const auto v = parseBool(value);
            if (!v)
                return makeError(ErrorCode::InvalidArgument,
                                 name + " must be true or false, got " + value + ".");
            *f->second = *v;
        } else {
            std::string known;
            for (const auto &[k, r] : numbers)
                known += (known.empty() ? "" : ", ") + k;
            for (const auto &[k, r] : flags)
                known += ", " + k;
            return makeError(ErrorCode::InvalidArgument, "Unknown producer setting " + name
                                                             + " (this producer has: " + known
                                                             + ").");
        }
    }
    return c;
}

std::map<std::string, std::string> KplConfig::properties() const
{
    return {{"AggregationEnabled", aggregationEnabled ? "true" : "false"},
            {"AggregationMaxCount", std::to_string(aggregationMaxCount)},
            {"AggregationMaxSize", std::to_string(aggregationMaxSize)},
            {"CollectionMaxCount", std::to_string(collectionMaxCount)},
            {"CollectionMaxSize", std::to_string(collectionMaxSize)},
            {"RecordMaxBufferedTime", std::to_string(recordMaxBufferedTime)},
            {"RecordTtl", std::to_string(recordTtl)},
            {"RateLimit", std::to_string(rateLimit)},
            {"FailIfThrottled", failIfThrottled ? "true" : "false"},
            {"MaxConnections", std::to_string(maxConnections)}};
}

struct KplProducer::Impl : std::enable_shared_from_this<KplProducer::Impl>
{
    struct UserRecord
    {
        std::string partitionKey;
        std::optional<std::string> explicitHashKey;
        std::string data;
        HashKey hash;
        std::int64_t addedMs = 0;
        std::int64_t waitingSinceMs = 0; ///< added, or answered by the last attempt
        std::int64_t notBeforeMs = 0;    ///< backoff
        std::vector<KplAttempt> attempts;
        Callback done;
    };
    using UserPtr = std::unique_ptr<UserRecord>;

    /// Records bound for one Kinesis record: an aggregate being filled, or closed and waiting.
    struct Bundle
    {
        std::vector<UserPtr> users;
        std::vector<std::string> keys; ///< distinct partition keys
        std::uint64_t bytes = kAggregateOverhead;
        std::int64_t firstMs = 0;
    };

    struct Shard
    {
        Shard() = default;
        Shard(Shard &&) = default;
        Shard &operator=(Shard &&) = default;
        Shard(const Shard &) = delete; // it owns records
        Shard &operator=(const Shard &) = delete;

        std::string shardId;
        Bundle open;
        std::deque<Bundle> closed;
        double recordTokens = 0;
        double byteTokens = 0;
    };

    /// A Kinesis record in a collection: its entry and whose records it carries.
    struct Entry
    {
        core::PutRecordsEntry entry;
        std::string predictedShard;
        std::vector<UserPtr> users;
    };

    struct Call
    {
        std::vector<Entry> entries;
        std::int64_t sentMs = 0;
    };

    KplConfig config;
    core::StreamRef stream;
    const core::Clock &clock;
    Sender sender;
    ShardSource shardSource;

    mutable std::mutex mutex;
    core::PartitionKeyRouter router;
    std::vector<Shard> shards;
    bool started = false;
    bool stale = false; ///< an answer came from another shard than predicted
    std::int64_t lastRefillMs = 0;
    std::vector<UserPtr> backoff;
    std::vector<Entry> collection;
    std::uint64_t collectionBytes = 0;
    std::int64_t collectionFirstMs = 0;
    std::map<std::uint64_t, Call> inFlight;
    std::uint64_t nextCall = 1;
    std::size_t roundRobin = 0;
    std::int64_t outstanding = 0;
    KplCounts counts;
    std::mt19937_64 jitter;

    /// Work that runs after the lock is released: callbacks, and calls to send.
    struct Deferred
    {
        std::vector<std::pair<Callback, KplResult>> results;
        std::vector<std::pair<std::uint64_t, core::PutRecordsRequest>> sends;
    };

    Impl(KplConfig c, core::StreamRef s, const core::Clock &cl, Sender snd, ShardSource src,
         std::uint64_t seed)
        : config(c), stream(std::move(s)), clock(cl), sender(std::move(snd)),
          shardSource(std::move(src)), jitter(seed)
    {}

    double recordCapacity() const
    {
        return double(kShardRecordsPerSecond) * double(config.rateLimit) / 100.0;
    }
    double byteCapacity() const
    {
        return double(kShardBytesPerSecond) * double(config.rateLimit) / 100.0;
    }

    static std::uint64_t userBytes(const UserRecord &u)
    {
        return u.data.size() + kPerRecordOverhead
               + (u.explicitHashKey ? u.explicitHashKey->size() + kPerKeyOverhead : 0);
    }

    // --- completion -------------------------------------------------------------------------

    void complete(UserPtr u, KplResult r, Deferred &out)
    {
        r.attempts = std::move(u->attempts);
        --outstanding;
        if (r.successful) {
            ++counts.userRecordsPut;
            counts.latencyMsSum += clock.nowMs() - u->addedMs;
        } else {
            ++counts.userRecordsFailed;
        }
        if (u->done)
            out.results.emplace_back(std::move(u->done), std::move(r));
    }

    void expire(UserPtr u, std::int64_t now, Deferred &out)
    {
        u->attempts.push_back(
            {now - u->waitingSinceMs, 0, "Expired", "Record has reached expiration"});
        ++counts.userRecordsExpired;
        complete(std::move(u), {}, out);
    }

    bool expired(const UserRecord &u, std::int64_t now) const
    {
        return now - u.addedMs >= std::int64_t(config.recordTtl);
    }

    // --- routing and aggregation ------------------------------------------------------------

    void setShards(std::vector<core::ShardDescription> open)
    {
        shards.clear();
        std::vector<core::PartitionKeyRouter::OpenShard> ranges;
        for (auto &d : open) {
            if (d.endingSequenceNumber)
                continue;
            Shard s;
            s.shardId = d.shardId;
            s.recordTokens = recordCapacity();
            s.byteTokens = byteCapacity();
            ranges.push_back({core::HashKeyRange{d.startingHashKey, d.endingHashKey},
                              std::uint32_t(shards.size())});
            shards.push_back(std::move(s));
        }
        router.setOpenShards(std::move(ranges));
    }

    /// Every record buffered for a shard, taken out (to be routed again over new shards).
    std::vector<UserPtr> takeBuffered()
    {
        std::vector<UserPtr> all;
        for (auto &s : shards) {
            for (auto &b : s.closed)
                for (auto &u : b.users)
                    all.push_back(std::move(u));
            for (auto &u : s.open.users)
                all.push_back(std::move(u));
        }
        return all;
    }

    void close(Shard &s)
    {
        if (s.open.users.empty())
            return;
        s.closed.push_back(std::move(s.open));
        s.open = Bundle{};
    }

    void place(UserPtr u, std::int64_t now)
    {
        const auto index = router.route(u->hash);
        Shard &s = shards[index ? *index : 0];
        // Whether the open aggregate has this key yet: found once, as its table is searched.
        bool newKey = std::find(s.open.keys.begin(), s.open.keys.end(), u->partitionKey)
                      == s.open.keys.end();
        const std::uint64_t keyBytes = u->partitionKey.size() + kPerKeyOverhead;
        const std::uint64_t size = userBytes(*u) + (newKey ? keyBytes : 0);
        const bool alone
            = !config.aggregationEnabled || kAggregateOverhead + size > config.aggregationMaxSize;
        if (alone) {
            // Sent as it is, after what the shard already buffered.
            close(s);
            Bundle b;
            b.firstMs = now;
            b.bytes = u->data.size();
            b.keys.push_back(u->partitionKey);
            b.users.push_back(std::move(u));
            s.closed.push_back(std::move(b));
            return;
        }
        if (!s.open.users.empty()
            && (s.open.bytes + size > config.aggregationMaxSize
                || s.open.users.size() >= config.aggregationMaxCount)) {
            close(s);
            newKey = true; // a fresh aggregate has no key yet
        }
        if (s.open.users.empty())
            s.open.firstMs = now;
        if (newKey) {
            s.open.keys.push_back(u->partitionKey);
            s.open.bytes += keyBytes;
        }
        s.open.bytes += userBytes(*u);
        s.open.users.push_back(std::move(u));
        if (s.open.users.size() >= config.aggregationMaxCount)
            close(s);
    }

    /// The Kinesis record for a closed bundle: the records alone or as the KPL's aggregate.
    Entry encode(Bundle b, const std::string &shardId) const
    {
        Entry e;
        e.predictedShard = shardId;
        const UserRecord &first = *b.users.front();
        e.entry.partitionKey = first.partitionKey;
        if (b.users.size() == 1) {
            e.entry.data = first.data;
            e.entry.explicitHashKey = first.explicitHashKey;
        } else {
            std::vector<core::kpl::UserRecord> records;
            records.reserve(b.users.size());
            for (const auto &u : b.users)
                records.push_back({u->partitionKey, u->explicitHashKey, u->data});
            e.entry.data = core::kpl::encode(records);
            // The whole aggregate goes where its first record's hash key predicts.
            e.entry.explicitHashKey = first.hash.toDecimal();
        }
        e.users = std::move(b.users);
        return e;
    }

    // --- sending ------------------------------------------------------------------------------

    void refill(std::int64_t now)
    {
        const double elapsed = double(std::max<std::int64_t>(0, now - lastRefillMs)) / 1000.0;
        lastRefillMs = now;
        for (auto &s : shards) {
            s.recordTokens
                = std::min(recordCapacity(), s.recordTokens + elapsed * recordCapacity());
            s.byteTokens = std::min(byteCapacity(), s.byteTokens + elapsed * byteCapacity());
        }
    }

    void sendCollection(std::int64_t now, Deferred &out)
    {
        if (collection.empty())
            return;
        Call call;
        call.sentMs = now;
        core::PutRecordsRequest request;
        request.stream = stream;
        request.records.reserve(collection.size());
        for (auto &e : collection)
            request.records.push_back(e.entry);
        call.entries = std::move(collection);
        collection.clear();
        collectionBytes = 0;
        const std::uint64_t id = nextCall++;
        inFlight.emplace(id, std::move(call));
        ++counts.putRecordsCalls;
        out.sends.emplace_back(id, std::move(request));
    }

    void pump(bool force, Deferred &out)
    {
        const std::int64_t now = clock.nowMs();
        refill(now);
        // Expired records fail wherever they wait.
        for (auto it = backoff.begin(); it != backoff.end();) {
            if (expired(**it, now)) {
                expire(std::move(*it), now, out);
                it = backoff.erase(it);
            } else {
                ++it;
            }
        }
        // Records whose backoff has passed join aggregation again.
        for (auto it = backoff.begin(); it != backoff.end();) {
            if ((*it)->notBeforeMs <= now) {
                UserPtr u = std::move(*it);
                it = backoff.erase(it);
                place(std::move(u), now);
            } else {
                ++it;
            }
        }
        for (auto &s : shards)
            if (!s.open.users.empty()
                && (force || now - s.open.firstMs >= std::int64_t(config.recordMaxBufferedTime)))
                close(s);
        // Closed bundles pass their shard's limiter into the collection, shards taken in turn.
        const auto collectionFull = [this](std::uint64_t moreBytes) {
            return collection.size() >= config.collectionMaxCount
                   || (!collection.empty()
                       && collectionBytes + moreBytes > config.collectionMaxSize);
        };
        bool progress = true;
        while (progress && !shards.empty()) {
            progress = false;
            for (std::size_t k = 0; k < shards.size(); ++k) {
                Shard &s = shards[(roundRobin + k) % shards.size()];
                if (s.closed.empty())
                    continue;
                Bundle &b = s.closed.front();
                // Expired records leave the bundle before it is sent, in place: this runs on
                // every pump while the bundle waits for its shard's tokens.
                std::size_t kept = 0;
                for (auto &u : b.users) {
                    if (expired(*u, now))
                        expire(std::move(u), now, out);
                    else if (&b.users[kept++] != &u)
                        b.users[kept - 1] = std::move(u);
                }
                b.users.resize(kept);
                if (b.users.empty()) {
                    s.closed.pop_front();
                    progress = true;
                    continue;
                }
                const double bytes = double(b.bytes);
                const bool fullBucket = s.byteTokens >= byteCapacity();
                if (s.recordTokens < 1.0 || (s.byteTokens < bytes && !fullBucket))
                    continue; // the shard's limit: wait for tokens
                if (collectionFull(b.bytes)) {
                    if (inFlight.size() >= config.maxConnections)
                        break;
                    sendCollection(now, out);
                }
                s.recordTokens -= 1.0;
                s.byteTokens -= bytes;
                // A collection is due when its oldest record has waited RecordMaxBufferedTime
                // in all, as the KPL counts it.
                collectionFirstMs
                    = collection.empty() ? b.firstMs : std::min(collectionFirstMs, b.firstMs);
                Entry e = encode(std::move(b), s.shardId);
                s.closed.pop_front();
                collectionBytes += e.entry.data.size() + e.entry.partitionKey.size();
                collection.push_back(std::move(e));
                progress = true;
            }
            if (!shards.empty())
                roundRobin = (roundRobin + 1) % shards.size();
        }
        if (!collection.empty() && inFlight.size() < config.maxConnections
            && (force || collectionFull(0)
                || now - collectionFirstMs >= std::int64_t(config.recordMaxBufferedTime)))
            sendCollection(now, out);
    }

    void retryOrFail(UserPtr u, const std::string &code, std::int64_t now, Deferred &out)
    {
        const bool throttled = code == "ProvisionedThroughputExceededException";
        if (throttled)
            ++counts.entriesThrottled;
        const bool retryable = throttled || code == "InternalFailure"
                               || code == "ServiceUnavailable" || code == "InternalFailureException"
                               || code == "ThrottlingException" || code == "LimitExceededException"
                               || code == "EndpointConnectionError";
        if (!retryable || (throttled && config.failIfThrottled)) {
            complete(std::move(u), {}, out);
            return;
        }
        if (expired(*u, now)) {
            expire(std::move(u), now, out);
            return;
        }
        const auto n = std::min<std::size_t>(u->attempts.size(), 5);
        const std::int64_t base = std::min<std::int64_t>(2000, 100LL << n);
        u->notBeforeMs
            = now + base / 2 + std::uniform_int_distribution<std::int64_t>(0, base / 2)(jitter);
        u->waitingSinceMs = now;
        ++counts.retries;
        backoff.push_back(std::move(u));
    }

    void answered(std::uint64_t id, core::Result<core::PutRecordsResult> answer, Deferred &out)
    {
        auto it = inFlight.find(id);
        if (it == inFlight.end())
            return;
        Call call = std::move(it->second);
        inFlight.erase(it);
        const std::int64_t now = clock.nowMs();
        const std::int64_t duration = now - call.sentMs;
        for (std::size_t i = 0; i < call.entries.size(); ++i) {
            Entry &e = call.entries[i];
            const core::PutRecordsResultEntry *r
                = answer && i < answer->records.size() ? &answer->records[i] : nullptr;
            std::string code, message;
            if (!answer) {
                code = std::string(answer.error().name());
                message = answer.error().message;
            } else if (!r) {
                code = "InternalFailure";
                message = "The answer lists fewer entries than were sent.";
            } else {
                code = r->errorCode;
                message = r->errorMessage;
            }
            if (code.empty()) {
                ++counts.kinesisRecordsPut;
                counts.kinesisBytesPut += std::int64_t(e.entry.data.size());
                counts.payloadUnits += std::max<std::int64_t>(
                    1, (std::int64_t(e.entry.data.size() + e.entry.partitionKey.size())
                        + kPayloadUnitBytes - 1)
                           / kPayloadUnitBytes);
                if (r->shardId != e.predictedShard)
                    stale = true; // the shards changed: list them again
            }
            const bool aggregated = e.users.size() > 1;
            for (std::size_t k = 0; k < e.users.size(); ++k) {
                UserPtr u = std::move(e.users[k]);
                u->attempts.push_back({call.sentMs - u->waitingSinceMs, duration, code, message});
                if (code.empty()) {
                    KplResult result;
                    result.successful = true;
                    result.shardId = r->shardId;
                    result.sequenceNumber = r->sequenceNumber;
                    result.subSequenceNumber = k;
                    result.aggregated = aggregated;
                    complete(std::move(u), std::move(result), out);
                } else {
                    retryOrFail(std::move(u), code, now, out);
                }
            }
        }
    }

    // --- the loop -----------------------------------------------------------------------------

    void run(Deferred &out)
    {
        for (auto &[callback, result] : out.results)
            callback(std::move(result));
        out.results.clear();
        auto sends = std::move(out.sends);
        out.sends.clear();
        for (auto &[id, request] : sends) {
            std::weak_ptr<Impl> self = weak_from_this();
            sender(std::move(request), [self, id](core::Result<core::PutRecordsResult> answer) {
                if (auto me = self.lock()) {
                    Deferred later;
                    {
                        const std::lock_guard lock(me->mutex);
                        me->answered(id, std::move(answer), later);
                        me->pump(false, later);
                    }
                    me->run(later);
                }
            });
        }
    }

    void relistIfStale()
    {
        {
            const std::lock_guard lock(mutex);
            if (!stale)
                return;
            stale = false;
        }
        auto listed = shardSource();
        const bool anyOpen
            = listed && std::any_of(listed->begin(), listed->end(), [](const auto &d) {
                  return !d.endingSequenceNumber.has_value();
              });
        if (!anyOpen)
            return; // keep the old map; the next answer from an unexpected shard tries again
        const std::lock_guard lock(mutex);
        ++counts.shardListings;
        std::vector<UserPtr> buffered = takeBuffered();
        setShards(std::move(*listed));
        const std::int64_t now = clock.nowMs();
        for (auto &u : buffered)
            place(std::move(u), now);
    }
};

KplProducer::KplProducer(KplConfig config, core::StreamRef stream, const core::Clock &clock,
                         Sender sender, ShardSource shards, std::uint64_t seed)
    : m(std::make_shared<Impl>(config, std::move(stream), clock, std::move(sender),
                               std::move(shards), seed))
{}

KplProducer::~KplProducer() = default;

core::Result<void> KplProducer::start()
{
    auto listed = m->shardSource();
    if (!listed)
        return listed.error();
    const std::lock_guard lock(m->mutex);
    ++m->counts.shardListings;
    m->setShards(std::move(*listed));
    if (m->shards.empty())
        return makeError(ErrorCode::ResourceNotFound,
                         "Stream " + m->stream.name + " has no open shard to write to.");
    m->lastRefillMs = m->clock.nowMs();
    m->started = true;
    return core::ok();
}

core::Result<void> KplProducer::addUserRecord(std::string partitionKey, std::string data,
                                              std::optional<std::string> explicitHashKey,
                                              Callback done)
{
    // The KPL's own checks, with its texts.
    if (partitionKey.empty() || partitionKey.size() > std::size_t(core::kMaxPartitionKeyChars))
        return makeError(ErrorCode::InvalidArgument,
                         "Invalid parition key. Length must be at least 1 and at most 256, got "
                             + std::to_string(partitionKey.size()) + ".");
    if (data.size() > std::size_t(core::kMaxRecordBytes))
        return makeError(ErrorCode::InvalidArgument,
                         "Data must be less than or equal to 1MB in size, got "
                             + std::to_string(data.size()) + " bytes");
    auto u = std::make_unique<Impl::UserRecord>();
    if (explicitHashKey) {
        const auto key = HashKey::fromDecimal(*explicitHashKey);
        if (!key)
            return makeError(ErrorCode::InvalidArgument,
                             "Invalid hash key. Must be between 0 and 2^128 - 1, got "
                                 + *explicitHashKey);
        u->hash = *key;
    }
    const std::lock_guard lock(m->mutex);
    if (!m->started)
        return makeError(ErrorCode::InvalidArgument,
                         "The producer has not started: its stream's shards are not listed yet.");
    if (!explicitHashKey)
        u->hash = m->router.hash(partitionKey);
    u->partitionKey = std::move(partitionKey);
    u->explicitHashKey = std::move(explicitHashKey);
    u->data = std::move(data);
    u->addedMs = u->waitingSinceMs = m->clock.nowMs();
    u->done = std::move(done);
    ++m->outstanding;
    ++m->counts.userRecordsAdded;
    m->place(std::move(u), m->clock.nowMs());
    return core::ok();
}

void KplProducer::tick()
{
    m->relistIfStale();
    Impl::Deferred out;
    {
        const std::lock_guard lock(m->mutex);
        m->pump(false, out);
    }
    m->run(out);
}

void KplProducer::flush()
{
    m->relistIfStale();
    Impl::Deferred out;
    {
        const std::lock_guard lock(m->mutex);
        m->pump(true, out);
    }
    m->run(out);
}

std::int64_t KplProducer::outstanding() const
{
    const std::lock_guard lock(m->mutex);
    return m->outstanding;
}

KplCounts KplProducer::counts() const
{
    const std::lock_guard lock(m->mutex);
    return m->counts;
}

const KplConfig &KplProducer::config() const
{
    return m->config;
}

} // namespace shs::producer
