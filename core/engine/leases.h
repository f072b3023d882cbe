// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Leases: how the workers of a consumer application (the Kinesis Client Library's way) share a
// stream's shards. One lease per shard, in a lease table that every worker reads and writes with
// conditional updates, so that two workers never both believe they hold a shard for long.
//
// - Lease: one row, with the KCL's DynamoDB attribute names (leases/dynamodb/
//   DynamoDBLeaseSerializer.java): leaseKey, leaseOwner, leaseCounter, checkpoint,
//   checkpointSubSequenceNumber, ownerSwitchesSinceCheckpoint, parentShardId (a string set),
//   childShardIds, startingHashKey/endingHashKey (the Java class's hashKeyRange).
// - LeaseTable: the table's operations, each a conditional write as the KCL makes them on
//   DynamoDB; `false` is ConditionalCheckFailedException (someone else changed the row).
// - LeaseTaker: the KCL's DynamoDBLeaseTaker rules, pure: which leases a worker should take now.
//   A lease is expired when its leaseCounter has not moved for the lease duration *as this worker
//   observed it* (no clocks are compared across workers); a new unowned lease is expired at once.
//   A worker aims at ceil(leases / workers); it takes expired leases first, and only when none are
//   expired steals from the most loaded worker, at most `maxStealsAtOnce` per cycle.
#include "result.h"

#include <cstdint>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <vector>

namespace shs::core {

/// The checkpoint sentinels of the KCL (ExtendedSequenceNumber).
namespace checkpoint {
inline constexpr const char *TrimHorizon = "TRIM_HORIZON";
inline constexpr const char *Latest = "LATEST";
inline constexpr const char *AtTimestamp = "AT_TIMESTAMP";
inline constexpr const char *ShardEnd = "SHARD_END";
/// Whether `c` is a sentinel rather than a sequence number.
bool isSentinel(const std::string &c);
} // namespace checkpoint

struct Lease
{
    std::string leaseKey;   ///< the shard id
    std::string leaseOwner; ///< worker id; empty: unowned
    std::int64_t leaseCounter = 0;
    std::string checkpoint; ///< a sequence number or a sentinel
    std::int64_t checkpointSubSequenceNumber = 0;
    std::int64_t ownerSwitchesSinceCheckpoint = 0;
    std::vector<std::string> parentShardId;
    std::vector<std::string> childShardIds;
    std::string startingHashKey;
    std::string endingHashKey;

    bool operator==(const Lease &) const = default;
};

class LeaseTable
{
  public:
    virtual ~LeaseTable() = default;
    /// Every lease, by leaseKey (a consistent Scan).
    virtual Result<std::vector<Lease>> listLeases() = 0;
    virtual Result<std::optional<Lease>> getLease(const std::string &leaseKey) = 0;
    /// PutItem with `leaseKey` not existing; false when it already does.
    virtual Result<bool> createLeaseIfNotExists(const Lease &lease) = 0;
    /// Renew: if owner and counter still match `lease`, counter + 1 (written into `lease`).
    virtual Result<bool> renewLease(Lease &lease) = 0;
    /// Take: if the counter still matches, the owner becomes `owner`, counter + 1, and
    /// ownerSwitchesSinceCheckpoint + 1 when the owner changes.
    virtual Result<bool> takeLease(Lease &lease, const std::string &owner) = 0;
    /// Evict (graceful hand-off): if owner and counter match, unowned, counter + 1.
    virtual Result<bool> evictLease(Lease &lease) = 0;
    /// Checkpoint: if owner and counter match, write checkpoint, checkpointSubSequenceNumber and
    /// childShardIds from `lease`, ownerSwitchesSinceCheckpoint = 0, counter + 1.
    virtual Result<bool> updateLease(Lease &lease) = 0;
    /// Delete the row if its counter still matches (the cleanup of finished parents).
    virtual Result<bool> deleteLease(const Lease &lease) = 0;
};

class LeaseTaker
{
  public:
    struct Options
    {
        std::int64_t leaseDurationMs = 10'000; ///< the KCL's failoverTimeMillis
        int maxStealsAtOnce = 1;               ///< maxLeasesToStealAtOneTime
        int maxLeasesForWorker = 1 << 30;      ///< maxLeasesForWorker
    };
    /// What to do this cycle: leases to take because they expired, or to steal from a busier
    /// worker. Each is the lease as read, for a conditional take.
    struct Plan
    {
        std::vector<Lease> expired;
        std::vector<Lease> steal;
        int target = 0;  ///< the even share this worker aims at
        int workers = 0; ///< workers seen holding an unexpired lease (and this one)
    };

    LeaseTaker(std::string workerId, Options options, std::uint64_t seed = 1);

    /// Records a scan of the table at `nowMs` (counter movements) and plans the takes.
    Plan plan(const std::vector<Lease> &scan, std::int64_t nowMs);
    /// Whether `leaseKey`, as last observed, has not moved for the lease duration.
    bool expired(const std::string &leaseKey, std::int64_t nowMs) const;
    const std::string &workerId() const { return m_worker; }

  private:
    struct Observed
    {
        std::int64_t counter = 0;
        std::string owner;
        std::int64_t lastMoveMs = 0;
        bool unownedAtFirstSight = false; ///< expired until its counter moves
    };
    std::string m_worker;
    Options m_options;
    std::mt19937_64 m_random;
    std::map<std::string, Observed> m_seen;
};

} // namespace shs::core
