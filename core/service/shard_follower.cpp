// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "shard_follower.h"

#include <QTimer>

#include <algorithm>

namespace shs::service {

using namespace shs::core;

ShardFollower::ShardFollower(StreamBackend &backend, Options options, QObject *parent)
    : QObject(parent), m_backend(backend), m_options(std::move(options)), m_timer(new QTimer(this))
{
    m_timer->setInterval(std::max(10, m_options.pollMs));
    connect(m_timer, &QTimer::timeout, this, &ShardFollower::readRound);
}

ShardFollower::~ShardFollower() = default;

int ShardFollower::callsInFlight() const
{
    return int(std::count_if(m_shards.begin(), m_shards.end(),
                             [](const auto &s) { return s.second.pending; }));
}

int ShardFollower::subscriptions() const
{
    return int(std::count_if(m_shards.begin(), m_shards.end(),
                             [](const auto &s) { return s.second.subscription != nullptr; }));
}

void ShardFollower::fail(QString action, Error error, std::string_view operation)
{
    m_failure = Failure{std::move(action), std::move(error), std::string(operation)};
    stop();
    Q_EMIT failed();
}

void ShardFollower::start()
{
    if (m_running)
        return;
    const QString stream = QString::fromStdString(m_options.stream);
    const bool bySequence = m_options.type == ShardIteratorType::AtSequenceNumber
                            || m_options.type == ShardIteratorType::AfterSequenceNumber;
    if (bySequence && m_options.shardId.empty()) {
        fail(tr("read '%1' from a sequence number across all shards").arg(stream),
             makeError(ErrorCode::InvalidArgument,
                       "A sequence number belongs to one shard. Pick the shard that holds it."));
        return;
    }
    if (fanOut() && !m_options.live) {
        fail(tr("read '%1' page by page with enhanced fan-out").arg(stream),
             makeError(ErrorCode::InvalidArgument,
                       "SubscribeToShard pushes records as they arrive; read live, or page by "
                       "page with GetRecords."));
        return;
    }
    m_running = true;
    m_failure.reset();
    if (fanOut()) // again after a stop: each shard from where it stood
        for (auto &[id, st] : m_shards)
            if (!st.finished && !st.subscription && st.resumeAt)
                subscribe(id);
    if (!m_options.shardId.empty())
        beginShard(m_options.shardId, m_options.type);
    else
        listShards(std::nullopt);
    if (m_options.live)
        m_timer->start();
    Q_EMIT countsChanged();
}

void ShardFollower::stop()
{
    m_running = false;
    m_timer->stop();
    for (auto &[id, st] : m_shards)
        if (st.subscription) {
            st.subscription->cancel();
            st.subscription.reset();
            st.pending = false;
        }
    m_counts.shardsReading = 0;
    Q_EMIT countsChanged();
}

void ShardFollower::listShards(std::optional<std::string> nextToken)
{
    // Start where Kinesis consumers start: the oldest generation still retained for
    // TRIM_HORIZON (their children follow when they end), the open shards for LATEST, the shards
    // open at the time for AT_TIMESTAMP.
    ListShardsRequest req;
    if (nextToken) {
        req.nextToken = std::move(nextToken);
    } else {
        req.stream.name = m_options.stream;
        const ShardFilterType filter
            = m_options.type == ShardIteratorType::Latest        ? ShardFilterType::AtLatest
              : m_options.type == ShardIteratorType::AtTimestamp ? ShardFilterType::AtTimestamp
                                                                 : ShardFilterType::AtTrimHorizon;
        req.filter = ShardFilter{filter, std::nullopt,
                                 filter == ShardFilterType::AtTimestamp ? m_options.timestampMs
                                                                        : std::nullopt};
    }
    m_listing = true;
    m_backend.submit(ops::ListShards, std::move(req), this, [this](Result<ListShardsResult> r) {
        m_listing = false;
        if (!m_running)
            return;
        if (!r) {
            fail(tr("list the shards of '%1'").arg(QString::fromStdString(m_options.stream)),
                 r.error(), ops::ListShards.name);
            return;
        }
        for (const auto &sh : r->shards)
            beginShard(sh.shardId, m_options.type);
        if (r->nextToken)
            listShards(r->nextToken);
        else
            checkIdle();
    });
}

void ShardFollower::beginShard(const std::string &shardId, ShardIteratorType type)
{
    if (m_shards.count(shardId))
        return;
    auto &state = m_shards[shardId];
    if (fanOut()) {
        StartingPosition at{type, std::nullopt, std::nullopt};
        if (type == ShardIteratorType::AtSequenceNumber
            || type == ShardIteratorType::AfterSequenceNumber)
            at.sequenceNumber = m_options.sequenceNumber;
        if (type == ShardIteratorType::AtTimestamp)
            at.timestampMs = m_options.timestampMs;
        state.resumeAt = std::move(at);
        subscribe(shardId);
        return;
    }
    state.pending = true;
    GetShardIteratorRequest req;
    req.stream.name = m_options.stream;
    req.shardId = shardId;
    req.type = type;
    if (type == ShardIteratorType::AtSequenceNumber
        || type == ShardIteratorType::AfterSequenceNumber)
        req.startingSequenceNumber = m_options.sequenceNumber;
    if (type == ShardIteratorType::AtTimestamp)
        req.timestampMs = m_options.timestampMs;
    m_backend.submit(ops::GetShardIterator, std::move(req), this,
                     [this, shardId](Result<GetShardIteratorResult> r) {
                         auto &st = m_shards[shardId];
                         st.pending = false;
                         if (!m_running)
                             return;
                         if (!r) {
                             fail(tr("get a shard iterator for %1 of '%2'")
                                      .arg(QString::fromStdString(shardId),
                                           QString::fromStdString(m_options.stream)),
                                  r.error(), ops::GetShardIterator.name);
                             return;
                         }
                         st.iterator = r->shardIterator;
                         ++m_counts.shardsReading;
                         Q_EMIT countsChanged();
                         if (m_options.live)
                             read(shardId);
                     });
}

void ShardFollower::readRound()
{
    if (!m_running)
        return;
    std::vector<std::string> ready;
    for (const auto &[id, st] : m_shards)
        if (!st.pending && !st.finished && !st.iterator.empty())
            ready.push_back(id);
    for (const auto &id : ready)
        read(id);
}

void ShardFollower::read(const std::string &shardId)
{
    auto &state = m_shards[shardId];
    if (state.pending || state.finished || state.iterator.empty())
        return;
    state.pending = true;
    state.sent = state.iterator;
    GetRecordsRequest req;
    req.shardIterator = state.iterator;
    req.limit = m_options.limit;
    ++m_counts.calls;
    m_backend.submit(
        ops::GetRecords, std::move(req), this,
        [this, shardId](Result<GetRecordsResult> r) { onRecords(shardId, std::move(r)); });
}

void ShardFollower::onRecords(const std::string &shardId, Result<GetRecordsResult> r)
{
    auto &st = m_shards[shardId];
    st.pending = false;
    if (!m_running)
        return;
    if (!r) {
        if (r.error().code == ErrorCode::ProvisionedThroughputExceeded) {
            ++m_counts.throttled; // keep the iterator; the next poll asks again
            Q_EMIT countsChanged();
            return;
        }
        fail(tr("read %1 of '%2'")
                 .arg(QString::fromStdString(shardId), QString::fromStdString(m_options.stream)),
             r.error(), ops::GetRecords.name);
        return;
    }
    st.answered = true;
    st.lastEmpty = r->records.empty();
    m_counts.records += qint64(r->records.size());
    m_counts.millisBehindLatest = r->millisBehindLatest;
    const bool more = r->nextShardIterator.has_value();
    m_lastCall = LastCall{shardId, st.sent, r->nextShardIterator.value_or(std::string()),
                          r->records.size(), r->millisBehindLatest};
    if (more) {
        st.iterator = *r->nextShardIterator;
    } else {
        finishShard(st); // a closed shard read to its end
    }
    if (!r->records.empty())
        Q_EMIT recordsArrived(shardId, r->records);
    if (!m_running) // a receiver stopped the reader
        return;
    if (!more && m_options.shardId.empty())
        handOver(r->childShards);
    Q_EMIT countsChanged();
    if (more && m_options.live && m_options.eager && !r->records.empty())
        read(shardId);
    checkIdle();
}

void ShardFollower::subscribe(const std::string &shardId)
{
    auto &state = m_shards[shardId];
    state.pending = true;
    SubscribeToShardRequest req;
    req.consumerArn = m_options.consumerArn;
    req.shardId = shardId;
    req.startingPosition = *state.resumeAt;
    ++m_counts.calls;
    ShardSubscriber subscriber;
    subscriber.started = [this, shardId](const Result<void> &r) {
        auto &st = m_shards[shardId];
        st.pending = false;
        if (!m_running)
            return;
        if (!r) {
            st.subscription.reset();
            fail(tr("subscribe to %1 of '%2' as consumer %3")
                     .arg(QString::fromStdString(shardId), QString::fromStdString(m_options.stream),
                          QString::fromStdString(m_options.consumerArn)),
                 r.error(), ops::SubscribeToShard.name);
            return;
        }
        ++m_counts.shardsReading;
        Q_EMIT countsChanged();
    };
    subscriber.event = [this, shardId](SubscribeToShardEvent e) { onEvent(shardId, std::move(e)); };
    subscriber.ended = [this, shardId](std::optional<Error> error) {
        onSubscriptionEnded(shardId, std::move(error));
    };
    auto subscription = m_backend.subscribeToShard(std::move(req), this, std::move(subscriber));
    if (m_running) // (not refused at once)
        m_shards[shardId].subscription = std::move(subscription);
    else if (subscription)
        subscription->cancel();
}

void ShardFollower::onEvent(const std::string &shardId, SubscribeToShardEvent e)
{
    auto &st = m_shards[shardId];
    if (!m_running || st.finished)
        return;
    ++m_counts.events;
    st.answered = true;
    st.lastEmpty = e.records.empty();
    m_counts.records += qint64(e.records.size());
    m_counts.millisBehindLatest = e.millisBehindLatest;
    const bool more = e.continuationSequenceNumber.has_value();
    if (more)
        st.resumeAt = StartingPosition{ShardIteratorType::AfterSequenceNumber,
                                       *e.continuationSequenceNumber, std::nullopt};
    else
        finishShard(st); // the last event of a closed shard
    if (!e.records.empty())
        Q_EMIT recordsArrived(shardId, e.records);
    if (!m_running)
        return;
    if (!more && m_options.shardId.empty())
        handOver(e.childShards);
    Q_EMIT countsChanged();
    checkIdle();
}

void ShardFollower::onSubscriptionEnded(const std::string &shardId, std::optional<Error> error)
{
    auto &st = m_shards[shardId];
    st.subscription.reset();
    if (!m_running || st.finished)
        return;
    --m_counts.shardsReading;
    if (error) {
        fail(tr("read %1 of '%2' as consumer %3")
                 .arg(QString::fromStdString(shardId), QString::fromStdString(m_options.stream),
                      QString::fromStdString(m_options.consumerArn)),
             *error, ops::SubscribeToShard.name);
        return;
    }
    subscribe(shardId); // its 5 minutes are up: on from the last continuation, as the KCL does
}

void ShardFollower::finishShard(ShardState &state)
{
    state.finished = true;
    state.iterator.clear();
    --m_counts.shardsReading;
    ++m_counts.shardsFinished;
}

void ShardFollower::handOver(const std::vector<ChildShard> &children)
{
    // A child begins when every parent being read has ended: a merged child waits for both, so
    // the records of a key arrive in order across the reshard.
    for (const auto &child : children) {
        const bool parentsDone = std::all_of(child.parentShards.begin(), child.parentShards.end(),
                                             [this](const std::string &p) {
                                                 auto it = m_shards.find(p);
                                                 return it == m_shards.end() || it->second.finished;
                                             });
        if (parentsDone)
            beginShard(child.shardId, ShardIteratorType::TrimHorizon);
    }
}

void ShardFollower::checkIdle()
{
    if (!m_running || m_listing)
        return;
    bool allFinished = true, atTip = true;
    for (const auto &[id, st] : m_shards) {
        if (st.pending)
            return;
        if (st.finished)
            continue;
        allFinished = false;
        if (!st.answered || !st.lastEmpty)
            atTip = false;
    }
    if (allFinished) {
        Q_EMIT ended();
        return;
    }
    if (atTip)
        Q_EMIT caughtUp();
}

} // namespace shs::service
