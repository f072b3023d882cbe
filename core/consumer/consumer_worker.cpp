// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "consumer_worker.h"

#include <set>

namespace shs::consumer {

namespace cp = core::checkpoint;
using core::Lease;

const char *ConsumerWorker::stateName(State s)
{
    switch (s) {
    case State::Running:
        return "running";
    case State::Paused:
        return "paused";
    case State::Stopping:
        return "stopping";
    case State::Stopped:
        return "stopped";
    case State::Killed:
        return "killed";
    }
    return "";
}

ConsumerWorker::ConsumerWorker(std::string id, service::StreamBackend &backend,
                               core::LeaseTable &table, const core::Clock &clock,
                               const ConsumerOptions &options, ConsumerLedger &ledger,
                               std::uint64_t seed, QObject *parent)
    : QObject(parent), m_id(std::move(id)), m_backend(backend), m_table(table), m_clock(clock),
      m_options(options), m_ledger(ledger),
      m_taker(m_id, {options.leaseDurationMs, options.maxStealsAtOnce, 1 << 30}, seed)
{
    log("started");
}

ConsumerWorker::~ConsumerWorker() = default;

void ConsumerWorker::log(std::string text)
{
    m_ledger.log(m_clock.nowMs(), m_id, std::move(text));
}

std::int64_t ConsumerWorker::liveProcessed() const
{
    std::int64_t n = 0;
    for (const auto &[id, sc] : m_shards)
        n += sc->processed();
    return n;
}

void ConsumerWorker::tick()
{
    if (m_state == State::Stopped || m_state == State::Killed)
        return;
    const std::int64_t now = m_clock.nowMs();
    if (m_state == State::Paused) {
        if (now < m_pausedUntilMs)
            return;
        m_state = State::Running;
        log("resumes after its pause and renews its leases");
        renew(now); // first, before anything it held in hand is processed
        m_nextRenewMs = now + m_options.leaseDurationMs / 3;
        for (auto &[id, sc] : m_shards)
            sc->setFrozen(false);
    }
    if (now >= m_nextRenewMs) {
        renew(now);
        m_nextRenewMs = now + m_options.leaseDurationMs / 3;
    }
    // Expired leases are looked for as often as leases are renewed, so that a dead worker's
    // leases are owned again within a lease duration plus a third of one of its death; stealing
    // towards an even share waits for the balancing cycle. (The KCL does both every 2 × the
    // lease duration, so it can take up to 3 lease durations; see README.md.)
    if (m_state == State::Running && (now >= m_nextScanMs || now >= m_nextTakeMs)) {
        const bool balance = now >= m_nextTakeMs;
        m_nextScanMs = now + m_options.leaseDurationMs / 3;
        if (balance)
            m_nextTakeMs = now + 2 * m_options.leaseDurationMs;
        takeLeases(now, balance);
    }
    std::vector<std::string> lost;
    for (auto &[id, sc] : m_shards) {
        sc->tick();
        if (sc->state() == ShardConsumer::State::Lost)
            lost.push_back(id);
    }
    for (const auto &id : lost) {
        ++m_counts.lost;
        drop(id);
    }
    if (m_state == State::Stopping) {
        bool allDone = true;
        for (const auto &[id, sc] : m_shards)
            allDone = allDone && sc->done();
        if (allDone)
            finishStop();
    }
}

void ConsumerWorker::renew(std::int64_t now)
{
    std::vector<std::string> lost;
    for (auto &[id, sc] : m_shards) {
        if (sc->state() == ShardConsumer::State::Lost) {
            lost.push_back(id);
            continue;
        }
        if (now - m_renewedMs[id] > m_options.leaseDurationMs) {
            sc->leaseLost("this worker did not renew it within the lease duration ("
                          + std::to_string(m_options.leaseDurationMs)
                          + " ms): it was paused, so it must assume another worker has it");
            lost.push_back(id);
            continue;
        }
        auto r = m_table.renewLease(sc->lease());
        if (!r) {
            log("cannot renew " + id + ": " + r.error().message);
            continue;
        }
        if (!*r) {
            sc->leaseLost("its renewal was refused: another worker took it");
            lost.push_back(id);
            continue;
        }
        m_renewedMs[id] = now;
        ++m_counts.renewals;
    }
    for (const auto &id : lost) {
        ++m_counts.lost;
        drop(id);
    }
}

void ConsumerWorker::takeLeases(std::int64_t now, bool balance)
{
    auto scan = m_table.listLeases();
    if (!scan) {
        log("cannot scan the lease table: " + scan.error().message);
        return;
    }
    if (scan->empty()) {
        if (!m_syncing)
            syncShards(std::nullopt);
        return;
    }
    cleanUp(*scan);
    // A lease the table says is this worker's that it does not hold (an earlier run under the
    // same id): nobody else processes it, so it is taken back at once.
    for (Lease l : *scan) {
        if (l.leaseOwner != m_id || m_shards.count(l.leaseKey))
            continue;
        if (auto r = m_table.takeLease(l, m_id); r && *r) {
            log("took back " + l.leaseKey + " (owned by this worker id from an earlier run)");
            ++m_counts.taken;
            adopt(std::move(l));
        }
    }
    const core::LeaseTaker::Plan plan = m_taker.plan(*scan, now);
    auto take = [&](Lease lease, bool steal) {
        if (m_shards.count(lease.leaseKey))
            return;
        const std::string was = lease.leaseOwner;
        auto r = m_table.takeLease(lease, m_id);
        if (!r) {
            log("cannot take " + lease.leaseKey + ": " + r.error().message);
            return;
        }
        if (!*r)
            return; // another worker was quicker
        if (steal) {
            ++m_counts.stolen;
            log("stole " + lease.leaseKey + " from " + was + " (target "
                + std::to_string(plan.target) + " leases each, " + std::to_string(plan.workers)
                + " workers)");
        } else {
            ++m_counts.taken;
            log("took " + lease.leaseKey
                + (was.empty() ? std::string(" (unowned)") : " (expired; was " + was + ")"));
        }
        adopt(std::move(lease));
    };
    for (const Lease &l : plan.expired)
        take(l, false);
    if (balance)
        for (const Lease &l : plan.steal)
            take(l, true);
}

void ConsumerWorker::syncShards(std::optional<std::string> nextToken)
{
    m_syncing = true;
    if (!nextToken)
        m_syncShards.clear();
    core::ListShardsRequest request;
    if (nextToken) {
        request.nextToken = nextToken;
    } else {
        request.stream.name = m_options.stream;
        core::ShardFilter filter;
        switch (m_options.initialPosition) {
        case core::ShardIteratorType::Latest:
            filter.type = core::ShardFilterType::AtLatest;
            break;
        case core::ShardIteratorType::AtTimestamp:
            filter.type = core::ShardFilterType::AtTimestamp;
            filter.timestampMs = m_options.initialTimestampMs.value_or(0);
            break;
        default:
            filter.type = core::ShardFilterType::AtTrimHorizon;
            break;
        }
        request.filter = filter;
    }
    m_backend.submit(
        core::ops::ListShards, std::move(request), this,
        [this](core::Result<core::ListShardsResult> r) {
            if (m_state == State::Killed || m_state == State::Stopped)
                return;
            if (!r) {
                m_syncing = false;
                log("cannot list the shards of " + m_options.stream + ": " + r.error().toString());
                return;
            }
            m_syncShards.insert(m_syncShards.end(), r->shards.begin(), r->shards.end());
            if (r->nextToken)
                return syncShards(r->nextToken);
            // HierarchicalShardSyncer, simplified: from TRIM_HORIZON or AT_TIMESTAMP, leases for
            // the shards whose parents are not listed (their descendants' leases are created
            // at each shard end); from LATEST, for the open shards listed.
            std::set<std::string> listed;
            for (const auto &s : m_syncShards)
                listed.insert(s.shardId);
            const bool latest = m_options.initialPosition == core::ShardIteratorType::Latest;
            int created = 0;
            for (const auto &s : m_syncShards) {
                Lease l;
                l.leaseKey = s.shardId;
                if (s.parentShardId)
                    l.parentShardId.push_back(*s.parentShardId);
                if (s.adjacentParentShardId)
                    l.parentShardId.push_back(*s.adjacentParentShardId);
                bool root = true;
                for (const auto &p : l.parentShardId)
                    root = root && !listed.count(p);
                if (!latest && !root)
                    continue;
                l.checkpoint = latest ? cp::Latest
                               : m_options.initialPosition == core::ShardIteratorType::AtTimestamp
                                   ? cp::AtTimestamp
                                   : cp::TrimHorizon;
                l.startingHashKey = s.startingHashKey.toDecimal();
                l.endingHashKey = s.endingHashKey.toDecimal();
                auto made = m_table.createLeaseIfNotExists(l);
                if (made && *made)
                    ++created;
            }
            m_syncing = false;
            if (created > 0)
                log("synced " + std::to_string(created) + " shards into the lease table");
            m_nextTakeMs = 0; // take at once
        });
}

void ConsumerWorker::cleanUp(const std::vector<Lease> &scan)
{
    // LeaseCleanupManager: a lease at SHARD_END goes once every child has started (its
    // checkpoint moved off the initial position) or is gone.
    std::map<std::string, const Lease *> byKey;
    for (const Lease &l : scan)
        byKey[l.leaseKey] = &l;
    std::vector<std::string> gone;
    for (auto &[id, sc] : m_shards) {
        if (sc->state() != ShardConsumer::State::Finished)
            continue;
        const Lease &mine = sc->lease();
        bool started = !mine.childShardIds.empty();
        for (const std::string &child : mine.childShardIds) {
            // A child without a lease finished and was cleaned up itself (children's leases
            // exist before their parent checkpoints SHARD_END).
            auto it = byKey.find(child);
            started = started && (it == byKey.end() || !cp::isSentinel(it->second->checkpoint));
        }
        if (!started)
            continue;
        auto r = m_table.deleteLease(mine);
        if (r && *r) {
            log("deleted the finished lease " + id + " (its children have started)");
            gone.push_back(id);
        }
    }
    for (const auto &id : gone)
        drop(id);
}

void ConsumerWorker::adopt(Lease lease)
{
    const std::string id = lease.leaseKey;
    auto sc = std::make_unique<ShardConsumer>(
        ShardConsumer::Environment{m_backend, m_table, m_clock, m_options, m_ledger, m_id},
        std::move(lease), this);
    m_renewedMs[id] = m_clock.nowMs();
    m_shards[id] = std::move(sc);
    m_shards[id]->tick();
}

void ConsumerWorker::drop(const std::string &shardId)
{
    auto it = m_shards.find(shardId);
    if (it == m_shards.end())
        return;
    m_processed += it->second->processed();
    it->second->detach();
    it->second.release()->deleteLater(); // it may be on the stack of its own callback
    m_shards.erase(it);
    m_renewedMs.erase(shardId);
}

void ConsumerWorker::stop()
{
    if (m_state != State::Running && m_state != State::Paused)
        return;
    m_state = State::Stopping;
    log("stopping gracefully: each shard checkpoints, then its lease is released");
    for (auto &[id, sc] : m_shards) {
        sc->setFrozen(false);
        sc->requestShutdown();
    }
    tick();
}

void ConsumerWorker::finishStop()
{
    int released = 0;
    for (auto &[id, sc] : m_shards) {
        if (sc->state() == ShardConsumer::State::Lost)
            continue;
        auto r = m_table.evictLease(sc->lease());
        if (r && *r)
            ++released;
    }
    std::vector<std::string> ids;
    for (const auto &[id, sc] : m_shards)
        ids.push_back(id);
    for (const auto &id : ids)
        drop(id);
    m_state = State::Stopped;
    log("stopped; released " + std::to_string(released) + " leases");
}

void ConsumerWorker::kill()
{
    if (m_state == State::Stopped || m_state == State::Killed)
        return;
    const std::size_t held = m_shards.size();
    std::vector<std::string> ids;
    for (const auto &[id, sc] : m_shards) {
        ids.push_back(id);
        if (!sc->done())
            m_ledger.expectRedelivery(sc->sinceCheckpoint());
    }
    for (const auto &id : ids)
        drop(id); // no checkpoint, no release: as if the process died
    m_state = State::Killed;
    log("killed: its " + std::to_string(held)
        + " leases stay in the table, owned by it, until they expire");
}

void ConsumerWorker::pause(std::int64_t ms)
{
    if (m_state != State::Running)
        return;
    m_state = State::Paused;
    m_pausedUntilMs = m_clock.nowMs() + ms;
    for (auto &[id, sc] : m_shards)
        sc->setFrozen(true);
    log("paused for " + std::to_string(ms) + " ms (as a long garbage-collection pause would)");
}

} // namespace shs::consumer
