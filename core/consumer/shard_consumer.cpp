// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "shard_consumer.h"

namespace shs::consumer {

using core::ErrorCode;
using core::ShardIteratorType;
namespace cp = core::checkpoint;

const char *ShardConsumer::stateName(State s)
{
    switch (s) {
    case State::WaitingForParents:
        return "waiting for parents";
    case State::Starting:
        return "starting";
    case State::Reading:
        return "reading";
    case State::Processing:
        return "processing";
    case State::ShardEnded:
        return "shard ended";
    case State::Finished:
        return "finished (SHARD_END)";
    case State::Lost:
        return "lost";
    case State::Stopped:
        return "stopped";
    }
    return "";
}

ShardConsumer::ShardConsumer(Environment env, core::Lease lease, QObject *parent)
    : QObject(parent), m_env(std::move(env)), m_lease(std::move(lease)),
      m_processor(RecordProcessor::make(m_env.options.processor, m_env.backend))
{
    m_lastCheckpointed = m_lease.checkpoint;
    m_lastCheckpointMs = m_env.clock.nowMs();
    if (m_lease.checkpoint == cp::ShardEnd)
        m_state = State::Finished;
}

ShardConsumer::~ShardConsumer() = default;

void ShardConsumer::log(std::string text)
{
    m_env.ledger.log(m_env.clock.nowMs(), m_env.worker, shardId() + ": " + std::move(text));
}

void ShardConsumer::tick()
{
    if (done() || m_inFlight)
        return;
    const std::int64_t now = m_env.clock.nowMs();
    if (now < m_nextActionMs)
        return;
    switch (m_state) {
    case State::WaitingForParents:
        return checkParents();
    case State::Starting:
        return start();
    case State::Reading:
        if (m_shutdownRequested)
            return finishShutdown();
        if (m_atEnd && m_events.empty())
            return endShard();
        if (m_env.options.checkpointEveryMs > 0 && m_sinceCheckpoint > 0
            && now - m_lastCheckpointMs >= m_env.options.checkpointEveryMs
            && !checkpoint("every " + std::to_string(m_env.options.checkpointEveryMs) + " ms"))
            return;
        if (!m_env.options.fanOut)
            return read();
        if (!m_events.empty())
            return processNextEvent();
        if (!m_subscription) // it ended: subscribe again from where processing stands
            return subscribe();
        return;
    case State::Processing: // a slow batch's time is up
        m_state = State::Reading;
        return tick();
    case State::ShardEnded:
        return endShard();
    case State::Finished:
    case State::Lost:
    case State::Stopped:
        return;
    }
}

void ShardConsumer::checkParents()
{
    // blockOnParentShard: every parent's lease is gone (cleaned up after it finished) or at
    // SHARD_END, so a partition key's records are processed in order across the reshard.
    for (const std::string &parent : m_lease.parentShardId) {
        auto l = m_env.table.getLease(parent);
        if (!l) {
            log("cannot read the parent's lease: " + l.error().message);
            m_nextActionMs = m_env.clock.nowMs() + m_env.options.parentPollMs;
            return;
        }
        if (*l && (*l)->checkpoint != cp::ShardEnd) {
            if (m_shutdownRequested) {
                m_state = State::Stopped;
                return;
            }
            m_nextActionMs = m_env.clock.nowMs() + m_env.options.parentPollMs;
            return;
        }
    }
    m_state = State::Starting;
    start();
}

core::StartingPosition ShardConsumer::startingPosition() const
{
    // After the last record processed, else from the lease's checkpoint: a sequence number, or
    // the sentinel's own position.
    const std::string &from = m_lastProcessed.empty() ? m_lease.checkpoint : m_lastProcessed;
    core::StartingPosition p;
    if (from == cp::TrimHorizon) {
        p.type = ShardIteratorType::TrimHorizon;
    } else if (from == cp::Latest) {
        p.type = ShardIteratorType::Latest;
    } else if (from == cp::AtTimestamp) {
        p.type = ShardIteratorType::AtTimestamp;
        p.timestampMs = m_env.options.initialTimestampMs.value_or(0);
    } else {
        p.type = ShardIteratorType::AfterSequenceNumber;
        p.sequenceNumber = from;
    }
    return p;
}

void ShardConsumer::start()
{
    if (m_shutdownRequested) {
        m_state = State::Stopped;
        return;
    }
    if (m_env.options.fanOut)
        return subscribe();
    const core::StartingPosition from = startingPosition();
    core::GetShardIteratorRequest request;
    request.stream.name = m_env.options.stream;
    request.shardId = shardId();
    request.type = from.type;
    request.startingSequenceNumber = from.sequenceNumber;
    request.timestampMs = from.timestampMs;
    m_inFlight = true;
    const std::uint64_t generation = m_generation;
    m_env.backend.submit(core::ops::GetShardIterator, std::move(request), this,
                         [this, generation](core::Result<core::GetShardIteratorResult> answer) {
                             whenThawed([this, generation, r = std::move(answer)]() mutable {
                                 onIterator(generation, std::move(r));
                             });
                         });
}

void ShardConsumer::onIterator(std::uint64_t generation,
                               core::Result<core::GetShardIteratorResult> r)
{
    if (generation != m_generation)
        return;
    m_inFlight = false;
    if (!r) {
        const std::int64_t wait = r.error().code == ErrorCode::ProvisionedThroughputExceeded
                                          || r.error().code == ErrorCode::LimitExceeded
                                      ? m_env.options.throttleBackoffMs
                                      : m_env.options.idleBetweenReadsMs * 5;
        log("GetShardIterator failed, retrying: " + r.error().toString());
        m_nextActionMs = m_env.clock.nowMs() + wait;
        return;
    }
    m_iterator = r->shardIterator;
    m_state = State::Reading;
    m_nextActionMs = 0;
    tick();
}

void ShardConsumer::subscribe()
{
    if (m_env.options.consumerArn.empty()) { // the application's consumer is not ACTIVE yet
        m_state = State::Starting;
        m_nextActionMs = m_env.clock.nowMs() + m_env.options.idleBetweenReadsMs;
        return;
    }
    core::SubscribeToShardRequest request;
    request.consumerArn = m_env.options.consumerArn;
    request.shardId = shardId();
    request.startingPosition = startingPosition();
    m_state = State::Starting;
    m_inFlight = true;
    const std::uint64_t generation = m_generation;
    service::ShardSubscriber subscriber;
    subscriber.started = [this, generation](const core::Result<void> &r) {
        whenThawed([this, generation, r] {
            if (generation != m_generation)
                return;
            m_inFlight = false;
            if (r) {
                m_state = State::Reading;
                return;
            }
            dropSubscription();
            // Another subscription of this consumer to the shard (the lease's previous owner)
            // holds it for 5 seconds: try again after that, as the KCL does.
            const bool inUse = r.error().code == ErrorCode::ResourceInUse;
            log("SubscribeToShard refused, retrying: " + r.error().toString());
            m_nextActionMs
                = m_env.clock.nowMs() + (inUse ? 5'000 : 5 * m_env.options.idleBetweenReadsMs);
        });
    };
    subscriber.event = [this, generation](core::SubscribeToShardEvent e) {
        whenThawed([this, generation, e = std::move(e)]() mutable {
            if (generation != m_generation)
                return;
            m_events.push_back(std::move(e));
            if (m_state == State::Reading && !m_inFlight)
                tick();
        });
    };
    subscriber.ended = [this, generation](std::optional<core::Error> error) {
        whenThawed([this, generation, error] { onSubscriptionEnded(generation, error); });
    };
    m_subscription
        = m_env.backend.subscribeToShard(std::move(request), this, std::move(subscriber));
}

void ShardConsumer::onSubscriptionEnded(std::uint64_t generation, std::optional<core::Error> error)
{
    if (generation != m_generation)
        return;
    m_subscription.reset();
    if (error) {
        log("the subscription ended with " + error->toString() + "; subscribing again");
        m_nextActionMs = m_env.clock.nowMs() + m_env.options.idleBetweenReadsMs;
    }
    // Cleanly (5 minutes, or the end of a closed shard): the events in hand are processed, then
    // tick() subscribes again or, at the shard's end, finishes it.
    if (m_state == State::Starting)
        m_state = State::Reading;
}

void ShardConsumer::processNextEvent()
{
    core::SubscribeToShardEvent e = std::move(m_events.front());
    m_events.pop_front();
    m_millisBehind = e.millisBehindLatest;
    if (!e.continuationSequenceNumber)
        m_atEnd = true; // the last event of a closed shard: its children follow
    if (!e.childShards.empty())
        m_children = e.childShards;
    if (e.records.empty())
        return tick();
    if (m_subscription)
        m_subscription->setWritable(false); // hold further events while this batch is processed
    core::GetRecordsResult batch;
    batch.records = std::move(e.records);
    processBatch(std::move(batch));
}

void ShardConsumer::dropSubscription()
{
    if (m_subscription)
        m_subscription->cancel();
    m_subscription.reset();
    m_events.clear();
}

void ShardConsumer::read()
{
    core::GetRecordsRequest request;
    request.shardIterator = m_iterator;
    request.limit = m_env.options.maxRecords;
    m_inFlight = true;
    const std::uint64_t generation = m_generation;
    m_env.backend.submit(core::ops::GetRecords, std::move(request), this,
                         [this, generation](core::Result<core::GetRecordsResult> r) {
                             whenThawed([this, generation, r = std::move(r)]() mutable {
                                 onRecords(generation, std::move(r));
                             });
                         });
}

void ShardConsumer::onRecords(std::uint64_t generation, core::Result<core::GetRecordsResult> r)
{
    if (generation != m_generation)
        return;
    m_inFlight = false;
    const std::int64_t now = m_env.clock.nowMs();
    if (!r) {
        switch (r.error().code) {
        case ErrorCode::ProvisionedThroughputExceeded:
            ++m_throttled;
            m_nextActionMs = now + m_env.options.throttleBackoffMs;
            return;
        case ErrorCode::ExpiredIterator:
            m_state = State::Starting; // a new iterator after the last record processed
            m_nextActionMs = 0;
            return tick();
        default:
            log("GetRecords failed, retrying: " + r.error().toString());
            m_nextActionMs = now + m_env.options.idleBetweenReadsMs;
            return;
        }
    }
    m_millisBehind = r->millisBehindLatest;
    if (r->nextShardIterator)
        m_iterator = *r->nextShardIterator;
    else
        m_atEnd = true;
    if (!r->childShards.empty())
        m_children = r->childShards;
    const bool hadRecords = !r->records.empty();
    if (!hadRecords) {
        m_nextActionMs = m_atEnd ? 0 : now + m_env.options.idleBetweenReadsMs;
        if (m_atEnd)
            tick();
        return;
    }
    processBatch(std::move(*r));
}

void ShardConsumer::processBatch(core::GetRecordsResult batch)
{
    m_state = State::Processing;
    m_inFlight = true;
    auto records = std::make_shared<std::vector<core::Record>>(std::move(batch.records));
    const std::uint64_t generation = m_generation;
    m_processor->process(*records, this, [this, generation, records](BatchOutcome outcome) {
        whenThawed([this, generation, records, outcome] {
            if (generation != m_generation)
                return;
            m_inFlight = false;
            afterBatch(outcome, *records);
        });
    });
}

void ShardConsumer::afterBatch(const BatchOutcome &outcome,
                               const std::vector<core::Record> &records)
{
    for (int i = 0; i < outcome.processed && i < int(records.size()); ++i) {
        const core::Record &r = records[std::size_t(i)];
        m_env.ledger.processed(shardId(), r.sequenceNumber, r.partitionKey, recordChecksum(r.data),
                               m_env.worker);
        if (m_env.ledger.onProcessed)
            m_env.ledger.onProcessed(shardId(), r.sequenceNumber, r.partitionKey, r.data);
    }
    m_env.ledger.forwarded(outcome.forwarded);
    m_processed += outcome.processed;
    if (outcome.threw) {
        m_env.ledger.skipped(outcome.skipped);
        log("processRecords threw; skipping the rest of the batch ("
            + std::to_string(outcome.skipped) + " records), as the KCL does");
    }
    // The batch is done with, processed or skipped: the next read starts after it.
    if (!records.empty())
        m_lastProcessed = records.back().sequenceNumber;
    m_sinceCheckpoint += std::int64_t(records.size());
    m_processedSinceCheckpoint += outcome.processed;
    if (m_env.options.checkpointEveryRecords > 0
        && m_sinceCheckpoint >= m_env.options.checkpointEveryRecords
        && !checkpoint("every " + std::to_string(m_env.options.checkpointEveryRecords)
                       + " records"))
        return;
    if (m_subscription)
        m_subscription->setWritable(true);
    // A slow processor holds the shard for its batch's cost; otherwise read again at once.
    m_nextActionMs = m_env.clock.nowMs() + outcome.busyMs;
    if (outcome.busyMs == 0) {
        m_state = State::Reading;
        tick();
    }
}

bool ShardConsumer::checkpoint(const std::string &reason)
{
    if (m_lastProcessed.empty() || m_lastProcessed == m_lastCheckpointed)
        return true;
    core::Lease attempt = m_lease;
    attempt.checkpoint = m_lastProcessed;
    attempt.checkpointSubSequenceNumber = 0;
    auto r = m_env.table.updateLease(attempt);
    if (!r) {
        log("checkpoint (" + reason + ") failed, will retry: " + r.error().message);
        return true;
    }
    if (!*r) {
        leaseLost("its checkpoint was refused: the lease's counter or owner changed");
        return false;
    }
    m_lease = attempt;
    m_lastCheckpointed = m_lastProcessed;
    m_sinceCheckpoint = 0;
    m_processedSinceCheckpoint = 0;
    m_lastCheckpointMs = m_env.clock.nowMs();
    return true;
}

void ShardConsumer::endShard()
{
    m_state = State::ShardEnded;
    std::vector<std::string> ids;
    for (const core::ChildShard &c : m_children) {
        core::Lease child;
        child.leaseKey = c.shardId;
        child.checkpoint = cp::TrimHorizon;
        child.parentShardId = c.parentShards;
        child.startingHashKey = c.startingHashKey.toDecimal();
        child.endingHashKey = c.endingHashKey.toDecimal();
        auto created = m_env.table.createLeaseIfNotExists(child);
        if (!created) {
            log("cannot create the lease of child " + c.shardId
                + ", retrying: " + created.error().message);
            m_nextActionMs = m_env.clock.nowMs() + m_env.options.idleBetweenReadsMs;
            return;
        }
        ids.push_back(c.shardId);
    }
    core::Lease attempt = m_lease;
    attempt.checkpoint = cp::ShardEnd;
    attempt.checkpointSubSequenceNumber = 0;
    attempt.childShardIds = ids;
    auto r = m_env.table.updateLease(attempt);
    if (!r) {
        log("checkpoint at SHARD_END failed, retrying: " + r.error().message);
        m_nextActionMs = m_env.clock.nowMs() + m_env.options.idleBetweenReadsMs;
        return;
    }
    if (!*r)
        return leaseLost("its SHARD_END checkpoint was refused: the lease moved");
    m_lease = attempt;
    m_lastProcessed = m_lastCheckpointed = cp::ShardEnd;
    m_sinceCheckpoint = m_processedSinceCheckpoint = 0;
    m_state = State::Finished;
    dropSubscription();
    std::string children;
    for (const auto &id : ids)
        children += (children.empty() ? "" : ", ") + id;
    log("reached SHARD_END" + (ids.empty() ? std::string() : "; leases created for " + children));
}

void ShardConsumer::whenThawed(std::function<void()> f)
{
    if (m_frozen)
        m_deferred.push_back(std::move(f));
    else
        f();
}

void ShardConsumer::detach()
{
    dropSubscription();
    ++m_generation;
    m_inFlight = false;
    m_deferred.clear();
    m_frozen = false;
}

void ShardConsumer::setFrozen(bool frozen)
{
    m_frozen = frozen;
    if (frozen)
        return;
    auto deferred = std::exchange(m_deferred, {});
    for (auto &f : deferred)
        f();
}

void ShardConsumer::leaseLost(const std::string &why)
{
    if (done())
        return;
    ++m_generation; // answers still to come are the new owner's business
    dropSubscription();
    m_inFlight = false;
    m_state = State::Lost;
    const std::int64_t unchecked = m_processedSinceCheckpoint;
    m_env.ledger.expectRedelivery(unchecked);
    log("lost the lease (" + why + ")"
        + (unchecked > 0 ? "; " + std::to_string(unchecked)
                               + " records since its last checkpoint will be delivered again"
                         : std::string()));
}

void ShardConsumer::requestShutdown()
{
    if (done())
        return;
    m_shutdownRequested = true;
    switch (m_state) {
    case State::WaitingForParents:
        m_state = State::Stopped;
        return;
    case State::Starting: // an iterator or a subscription on its way: dropped, then checkpoint
        ++m_generation;
        m_inFlight = false;
        return finishShutdown();
    case State::Reading:
        if (m_inFlight) { // the read in flight is dropped: nothing of it was processed
            ++m_generation;
            m_inFlight = false;
        }
        return finishShutdown();
    case State::Processing: // tick() after the batch finishes the shutdown
    case State::ShardEnded:
    case State::Finished:
    case State::Lost:
    case State::Stopped:
        return;
    }
}

void ShardConsumer::finishShutdown()
{
    dropSubscription();
    if (!checkpoint("shutdown"))
        return;
    m_state = State::Stopped;
    log("shut down gracefully, checkpointed at " + m_lastCheckpointed);
}

} // namespace shs::consumer
