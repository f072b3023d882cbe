// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// ShardConsumer: one worker's processing of one leased shard (the KCL's ShardConsumer):
//
//   WaitingForParents → Starting → Reading ⇄ Processing → … → ShardEnded → Finished
//
// It waits until every parent's lease is gone or checkpointed at SHARD_END (polled every
// parentPollMs), gets an iterator from the lease's checkpoint (AFTER_SEQUENCE_NUMBER for a
// sequence number, the sentinel's own type otherwise), reads with GetRecords (at once again after
// a batch with records, idleBetweenReadsMs after an empty one, throttleBackoffMs after
// ProvisionedThroughputExceeded, a fresh iterator after ExpiredIterator), hands each batch to the
// processor and checkpoints every N records or T ms. At the end of a closed shard it creates the
// children's leases (parentShardId set) and checkpoints SHARD_END with childShardIds.
//
// The lease is the worker's: it renews it in place (leaseCounter moves), and a checkpoint is a
// conditional write on the same copy, so a checkpoint after the lease was taken fails and the
// consumer ends as Lost. Graceful shutdown finishes the batch in hand and checkpoints. Every time
// comes from the injected clock; tick() moves it on.
#include "consumer_ledger.h"
#include "consumer_options.h"
#include "record_processor.h"

#include "engine/clock.h"
#include "engine/leases.h"
#include "service/stream_backend.h"

#include <QObject>

#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace shs::consumer {

class ShardConsumer : public QObject
{
    Q_OBJECT
  public:
    enum class State {
        WaitingForParents,
        Starting,
        Reading,
        Processing,
        ShardEnded, ///< creating the children's leases, checkpointing SHARD_END
        Finished,   ///< checkpointed at SHARD_END
        Lost,       ///< the lease went elsewhere: no more checkpoints
        Stopped     ///< shut down gracefully (checkpointed)
    };
    struct Environment
    {
        service::StreamBackend &backend;
        core::LeaseTable &table;
        const core::Clock &clock;
        const ConsumerOptions &options;
        ConsumerLedger &ledger;
        std::string worker;
    };

    ShardConsumer(Environment env, core::Lease lease, QObject *parent = nullptr);
    ~ShardConsumer() override;

    void tick();
    /// The lease moved away (renewal failed, or this worker's own view of it expired).
    void leaseLost(const std::string &why);
    /// Finish the batch in hand, checkpoint, stop (a graceful worker shutdown).
    void requestShutdown();
    /// The worker let go of it (killed, or dropped): nothing it has in flight runs any more.
    void detach();
    /// A paused worker's consumer: answers that arrive are held, and run when thawed.
    void setFrozen(bool frozen);

    core::Lease &lease() { return m_lease; }
    const std::string &shardId() const { return m_lease.leaseKey; }
    State state() const { return m_state; }
    bool done() const
    {
        return m_state == State::Finished || m_state == State::Lost || m_state == State::Stopped;
    }
    std::int64_t processed() const { return m_processed; }
    std::int64_t millisBehindLatest() const { return m_millisBehind; }
    std::int64_t throttled() const { return m_throttled; }
    /// Records processed since the last checkpoint (delivered again if the lease moves now).
    std::int64_t sinceCheckpoint() const { return m_processedSinceCheckpoint; }
    /// The last sequence number processed; empty before the first.
    const std::string &lastProcessed() const { return m_lastProcessed; }
    static const char *stateName(State s);

  private:
    void checkParents();
    /// Where reading resumes: GetShardIterator's type and SubscribeToShard's StartingPosition.
    core::StartingPosition startingPosition() const;
    void start();
    void onIterator(std::uint64_t generation, core::Result<core::GetShardIteratorResult> r);
    /// Fan-out: SubscribeToShard from where processing stands.
    void subscribe();
    void onSubscriptionEnded(std::uint64_t generation, std::optional<core::Error> error);
    void processNextEvent();
    void dropSubscription();
    void read();
    void onRecords(std::uint64_t generation, core::Result<core::GetRecordsResult> r);
    void processBatch(core::GetRecordsResult batch);
    void afterBatch(const BatchOutcome &outcome, const std::vector<core::Record> &records);
    /// Checkpoints m_lastProcessed; false when the lease was lost meanwhile.
    bool checkpoint(const std::string &reason);
    void endShard();
    void finishShutdown();
    void log(std::string text);
    /// Runs `f` now, or when thawed if frozen.
    void whenThawed(std::function<void()> f);

    Environment m_env;
    core::Lease m_lease;
    std::unique_ptr<RecordProcessor> m_processor;
    State m_state = State::WaitingForParents;
    std::uint64_t m_generation = 0; ///< answers of an older generation are ignored
    bool m_inFlight = false;
    bool m_shutdownRequested = false;
    std::string m_iterator;
    std::int64_t m_nextActionMs = 0; ///< parents' check, next read, end of a slow batch
    std::string m_lastProcessed;
    std::string m_lastCheckpointed;
    std::int64_t m_sinceCheckpoint = 0; ///< records handled (processed or skipped)
    std::int64_t m_processedSinceCheckpoint = 0;
    std::int64_t m_lastCheckpointMs = 0;
    std::int64_t m_processed = 0;
    std::int64_t m_millisBehind = 0;
    std::int64_t m_throttled = 0;
    std::vector<core::ChildShard> m_children;
    bool m_atEnd = false; ///< the shard is closed and its last batch was read
    std::shared_ptr<service::ShardSubscription> m_subscription; ///< fan-out
    std::deque<core::SubscribeToShardEvent> m_events;           ///< fan-out, not yet processed
    bool m_frozen = false;
    std::vector<std::function<void()>> m_deferred;
};

} // namespace shs::consumer
