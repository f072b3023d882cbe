// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "leases.h"

#include <algorithm>

namespace shs::core {

bool checkpoint::isSentinel(const std::string &c)
{
    return c == TrimHorizon || c == Latest || c == AtTimestamp || c == ShardEnd;
}

LeaseTaker::LeaseTaker(std::string workerId, Options options, std::uint64_t seed)
    : m_worker(std::move(workerId)), m_options(options), m_random(seed)
{}

bool LeaseTaker::expired(const std::string &leaseKey, std::int64_t nowMs) const
{
    auto it = m_seen.find(leaseKey);
    if (it == m_seen.end())
        return false;
    return it->second.unownedAtFirstSight
           || nowMs - it->second.lastMoveMs > m_options.leaseDurationMs;
}

LeaseTaker::Plan LeaseTaker::plan(const std::vector<Lease> &scan, std::int64_t nowMs)
{
    // DynamoDBLeaseTaker.updateAllLeases: a counter that moved restarts the lease's clock; a lease
    // seen for the first time starts it now if owned, and is expired at once if not.
    std::map<std::string, Observed> seen;
    for (const Lease &l : scan) {
        Observed o{l.leaseCounter, l.leaseOwner, nowMs, false};
        auto old = m_seen.find(l.leaseKey);
        if (old == m_seen.end()) {
            o.unownedAtFirstSight = l.leaseOwner.empty();
        } else if (old->second.counter == l.leaseCounter) {
            o.lastMoveMs = old->second.lastMoveMs;
            o.unownedAtFirstSight = old->second.unownedAtFirstSight;
        }
        seen[l.leaseKey] = o;
    }
    m_seen = std::move(seen);

    Plan plan;
    std::map<std::string, std::vector<const Lease *>> byOwner; // unexpired leases
    std::vector<const Lease *> expiredLeases;
    for (const Lease &l : scan) {
        if (expired(l.leaseKey, nowMs) || l.leaseOwner.empty())
            expiredLeases.push_back(&l);
        else
            byOwner[l.leaseOwner].push_back(&l);
    }
    byOwner[m_worker]; // this worker counts, holding nothing or not
    const int leases = int(scan.size());
    const int workers = int(byOwner.size());
    plan.workers = workers;
    if (leases == 0)
        return plan;
    int target = workers >= leases ? 1 : leases / workers + (leases % workers == 0 ? 0 : 1);
    target = std::min(target, m_options.maxLeasesForWorker);
    plan.target = target;
    const int mine = int(byOwner[m_worker].size());
    const int needed = target - mine;
    if (needed <= 0)
        return plan;

    if (!expiredLeases.empty()) {
        std::shuffle(expiredLeases.begin(), expiredLeases.end(), m_random);
        for (int i = 0; i < needed && i < int(expiredLeases.size()); ++i)
            plan.expired.push_back(*expiredLeases[std::size_t(i)]);
        return plan;
    }

    // chooseLeasesToSteal: from the most loaded worker, only when it is over the target (or at it
    // while this worker needs more than one), one lease per cycle by default.
    const std::vector<const Lease *> *busiest = nullptr;
    for (const auto &[owner, held] : byOwner)
        if (owner != m_worker && (!busiest || held.size() > busiest->size()))
            busiest = &held;
    if (!busiest || int(busiest->size()) < target + (needed > 1 ? 0 : 1))
        return plan;
    const int over = int(busiest->size()) - target;
    int steal = std::min(needed, over);
    if (needed > 1 && over == 0)
        steal = 1;
    steal = std::min(steal, m_options.maxStealsAtOnce);
    std::vector<const Lease *> candidates = *busiest;
    std::shuffle(candidates.begin(), candidates.end(), m_random);
    for (int i = 0; i < steal && i < int(candidates.size()); ++i)
        plan.steal.push_back(*candidates[std::size_t(i)]);
    return plan;
}

} // namespace shs::core
