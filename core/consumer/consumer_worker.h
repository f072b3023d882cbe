// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// ConsumerWorker: one KCL worker of an application — its lease coordinator and its shard
// consumers. On each tick, by the application's clock:
//
// - every leaseDuration / 3 it renews the leases it holds (a conditional write each). A lease its
//   own clock says it has not renewed within the lease duration is dropped without asking the
//   table (the KCL's renewer does the same: a worker that was paused — a zombie — must assume
//   another has taken its shards), and one whose renewal is refused is lost;
// - every 2 × leaseDuration (and at once on start) it scans the table, syncs shards into it when
//   it is empty (ListShards: leases for the stream's root shards from TRIM_HORIZON or
//   AT_TIMESTAMP, for its open shards from LATEST), takes expired leases and steals towards an
//   even share (core::LeaseTaker), and deletes its leases at SHARD_END once every child has
//   started;
// - it ticks each shard consumer.
//
// stop(): each shard consumer finishes its batch and checkpoints, then the worker evicts its
// leases so others take them at once (the KCL 3's graceful hand-off). kill(): gone at once — no
// checkpoint, no eviction; its leases expire after the lease duration. pause(ms): nothing at all
// happens for ms (a long GC pause), then it runs on as a zombie until it notices.
#include "consumer_ledger.h"
#include "consumer_options.h"
#include "shard_consumer.h"

#include "engine/clock.h"
#include "engine/leases.h"
#include "service/stream_backend.h"

#include <QObject>

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace shs::consumer {

class ConsumerWorker : public QObject
{
    Q_OBJECT
  public:
    enum class State { Running, Paused, Stopping, Stopped, Killed };
    struct Counts
    {
        std::int64_t taken = 0;  ///< expired leases taken
        std::int64_t stolen = 0; ///< leases stolen from a busier worker
        std::int64_t lost = 0;
        std::int64_t renewals = 0;
    };

    ConsumerWorker(std::string id, service::StreamBackend &backend, core::LeaseTable &table,
                   const core::Clock &clock, const ConsumerOptions &options, ConsumerLedger &ledger,
                   std::uint64_t seed, QObject *parent = nullptr);
    ~ConsumerWorker() override;

    void tick();
    void stop();
    void kill();
    void pause(std::int64_t ms);

    const std::string &id() const { return m_id; }
    State state() const { return m_state; }
    static const char *stateName(State s);
    const Counts &counts() const { return m_counts; }
    /// The shard consumers of the leases this worker holds, by shard id.
    const std::map<std::string, std::unique_ptr<ShardConsumer>> &shards() const { return m_shards; }
    std::int64_t processed() const { return m_processed + liveProcessed(); }

  private:
    void renew(std::int64_t now);
    /// Scans the table and takes expired leases; with `balance`, also steals towards an even
    /// share.
    void takeLeases(std::int64_t now, bool balance);
    void syncShards(std::optional<std::string> nextToken);
    void cleanUp(const std::vector<core::Lease> &scan);
    void adopt(core::Lease lease);
    void drop(const std::string &shardId);
    void finishStop();
    std::int64_t liveProcessed() const;
    void log(std::string text);

    std::string m_id;
    service::StreamBackend &m_backend;
    core::LeaseTable &m_table;
    const core::Clock &m_clock;
    const ConsumerOptions &m_options;
    ConsumerLedger &m_ledger;
    core::LeaseTaker m_taker;
    State m_state = State::Running;
    std::map<std::string, std::unique_ptr<ShardConsumer>> m_shards;
    std::map<std::string, std::int64_t> m_renewedMs; ///< when each held lease was last renewed
    std::int64_t m_nextRenewMs = 0;
    std::int64_t m_nextTakeMs = 0; ///< the next balancing cycle (2 × the lease duration)
    std::int64_t m_nextScanMs = 0; ///< the next look for expired leases (lease duration / 3)
    std::int64_t m_pausedUntilMs = 0;
    bool m_syncing = false;
    std::vector<core::ShardDescription> m_syncShards;
    std::int64_t m_processed = 0; ///< by shard consumers already dropped
    Counts m_counts;
};

} // namespace shs::consumer
