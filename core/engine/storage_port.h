// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// StoragePort: what the engine needs from persistence (leveldb's Env idea). The engine reads
// through it on its own thread; writes leave the engine as WriteBatch values that the host
// commits on a storage thread, merging concurrent batches into one transaction (group commit).
//
// Contract for implementations:
//  - commit() applies a batch atomically (all or nothing) and durably before returning ok.
//  - Batches are committed in the order they were taken from the engine.
//  - Read calls see only committed data. They are called from one thread (the engine's) and may
//    run concurrently with commit() on another thread.
//  - Records are keyed by (shardUid, seq); within a shard, ts never decreases as seq grows.
#include "metrics.h"
#include "result.h"

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace shs::core {

struct StoredRecord
{
    std::uint64_t shardUid = 0;
    std::uint64_t seq = 0;
    std::int64_t ts = 0;
    std::string partitionKey;
    std::string data;
    /// 0: written as it came. Else the data key (KeyVault) its partition key and data are
    /// encrypted under at rest; readers get them decrypted and the record reports
    /// EncryptionType KMS.
    std::uint32_t dataKey = 0;
    /// Set by a StoragePort's prepare() once partitionKey and data hold the sealed bytes.
    bool sealed = false;
};

struct StreamRow
{
    std::uint64_t uid = 0;
    std::string name;
    std::string streamId;
    int status = 0; // StreamStatus
    int mode = 0;   // StreamMode
    int retentionHours = 24;
    std::int64_t createdMs = 0;
    std::int64_t statusSinceMs = 0;
    std::uint32_t nextShardIndex = 0;
    std::uint64_t nextSeq = 0;
    std::string tags; // encodeTags()
    std::string encryptionType = "NONE";
    std::string keyId;
    std::string pending;        // an UPDATING stream's operation (engine-encoded)
    std::string history;        // rolling-24-hour counters (engine-encoded)
    std::string usage;          // StreamUsage::encode()
    std::string settings;       // StreamSettings::encode(): the later operations' per-stream state
    std::string consumers = {}; // StreamConsumers::encode(): enhanced fan-out consumers
};

struct ShardRow
{
    std::uint64_t uid = 0;
    std::uint64_t streamUid = 0;
    std::uint32_t index = 0;
    std::int64_t parentIndex = -1;
    std::int64_t adjacentParentIndex = -1;
    std::string startHex;
    std::string endHex;
    std::int64_t createdMs = 0;
    std::uint64_t startSeq = 0;
    std::int64_t endSeq = -1; // -1 while open
    std::int64_t closedMs = 0;
    std::int64_t seqSecs = 0; // the creation second written into sequence numbers
    // The shard held recordCount records with seq < countSeq when the row was written; load adds
    // the records from countSeq on (the engine writes the row at trims and once a minute).
    std::uint64_t recordCount = 0;
    std::uint64_t countSeq = 0;
};

struct ShardExtent
{
    std::uint64_t shardUid = 0;
    std::uint64_t firstSeq = 0;
    std::int64_t firstTs = 0;
    std::uint64_t lastSeq = 0;
    std::int64_t lastTs = 0;
};

struct WriteBatch
{
    std::vector<StoredRecord> records;
    std::vector<StreamRow> upsertStreams;
    std::vector<ShardRow> upsertShards;
    std::vector<std::uint64_t> deleteStreams; // stream row, its shards and their records
    std::vector<std::uint64_t> deleteShards;  // shard row and its records (expired shards)
    std::vector<MinutePoint> minutePoints;    // 1-minute metric history
    std::vector<std::pair<std::uint64_t, std::int64_t>>
        metricTrims;                                            // (streamUid, delete minute < this)
    std::vector<std::pair<std::uint64_t, std::uint64_t>> trims; // (shardUid, delete seq < this)
    std::vector<std::pair<std::uint64_t, std::uint64_t>> nextSeqs; // (streamUid, nextSeq)
    std::map<std::string, std::string> meta;
    std::size_t payloadBytes = 0;

    bool empty() const
    {
        return records.empty() && upsertStreams.empty() && upsertShards.empty()
               && deleteStreams.empty() && deleteShards.empty() && minutePoints.empty()
               && metricTrims.empty() && trims.empty() && nextSeqs.empty() && meta.empty();
    }
    /// Appends `later` after this batch (group commit); order is preserved.
    void append(WriteBatch &&later);
};

struct LoadedState
{
    std::vector<StreamRow> streams;
    std::vector<ShardRow> shards;
    std::vector<ShardExtent> extents; // only for shards that hold records
    std::map<std::string, std::string> meta;
};

/// One replica of the data (an Availability Zone of store/zoned_storage.h), as a reader of
/// StoragePort::zones() sees it.
struct ZoneStatus
{
    enum class State {
        InSync,     ///< has every batch; takes part in every write
        Down,       ///< an outage (simulated): takes no writes and falls behind
        CatchingUp, ///< back: copying what it missed from a peer in sync
        Rebuilding, ///< its files were lost: copying everything from a peer in sync
        Failed,     ///< its disk refused a write or its files do not open (`detail` says why)
    };
    std::string name; ///< e.g. "us-east-1a"
    State state = State::InSync;
    std::uint64_t lsn = 0;    ///< batches it holds (the write-ahead position)
    std::uint64_t behind = 0; ///< records it lacks (Down/Failed: missed; catching up: to copy)
    std::uint64_t copied = 0; ///< catching up or rebuilding: records copied so far
    std::map<std::uint64_t, std::uint64_t> behindByStream; ///< streamUid -> records it lacks
    std::string detail;
};

/// What a user can do to a zone.
enum class ZoneAction {
    Down,        ///< take it out (a simulated outage)
    Up,          ///< bring it back: it catches up from a peer in sync
    Wipe,        ///< lose its files (a destroyed disk): it is rebuilt from a peer in sync
    DiskFull,    ///< its disk fills: its next write fails ("database or disk is full")
    DiskFailing, ///< its disk fails: its next write fails ("disk I/O error")
    // Up frees or replaces the disk of a zone that failed, and it catches up.
};

/// Read access to committed records. A StoragePort is one; openReader() makes more, each for
/// one thread (reads then run in parallel with the engine thread and with commits).
class RecordReader
{
  public:
    virtual ~RecordReader() = default;
    /// Records of `shardUid` with seq >= fromSeq and ts >= minTs, in seq order, at most `limit`
    /// records and, past the first record, at most `maxBytes` of data + partition keys.
    virtual Result<void> readRecords(std::uint64_t shardUid, std::uint64_t fromSeq,
                                     std::int64_t minTs, std::size_t limit, std::size_t maxBytes,
                                     std::vector<StoredRecord> &out)
        = 0;
    /// The first record (seq, ts) with seq >= fromSeq, if any.
    virtual Result<std::optional<std::pair<std::uint64_t, std::int64_t>>>
    firstRecordFrom(std::uint64_t shardUid, std::uint64_t fromSeq) = 0;
    /// The record (shardUid, seq) as it is kept — sealed, for an encrypted one — if it exists
    /// (the record inspector's "stored on disk"). This default is readRecords().
    virtual Result<std::optional<StoredRecord>> readStored(std::uint64_t shardUid,
                                                           std::uint64_t seq);
    /// How many records of `shardUid` have fromSeq <= seq < toSeq. This default reads them in
    /// pages; implementations count where they keep them.
    virtual Result<std::uint64_t> countRecords(std::uint64_t shardUid, std::uint64_t fromSeq,
                                               std::uint64_t toSeq);
};

class StoragePort : public RecordReader
{
  public:
    virtual Result<LoadedState> load() = 0;
    /// 1-minute metric points of a stream with minute in [fromMinute, toMinute].
    virtual Result<void> readMinutePoints(std::uint64_t streamUid, std::int64_t fromMinute,
                                          std::int64_t toMinute, std::vector<MinutePoint> &out)
        = 0;
    /// Another reader of the same data, for use on one other thread.
    virtual Result<std::unique_ptr<RecordReader>> openReader() = 0;
    /// Applies a batch atomically and durably.
    virtual Result<void> commit(const WriteBatch &batch) = 0;
    /// Called by the host on the engine thread for each batch before it is queued for commit,
    /// so that work on the records (sealing them: kms/sealed_storage.h) runs beside the storage
    /// thread rather than on it. commit() must accept batches whether prepared or not.
    virtual void prepare(WriteBatch &batch) { (void)batch; }

    /// Whether a write would be acknowledged now; checked before an operation changes anything
    /// (ServiceUnavailable when fewer than two zones are in sync). Thread-safe.
    virtual Result<void> acceptingWrites() const { return ok(); }
    /// The replicas, when the data is kept in zones (empty: one database). Thread-safe.
    virtual std::vector<ZoneStatus> zones() const { return {}; }
    /// Acts on the zone named `zone`. Thread-safe.
    virtual Result<void> changeZone(const std::string &zone, ZoneAction action);
};

std::string_view zoneStateName(ZoneStatus::State state);

/// Tags as a storage string: key and value length-prefixed, so any bytes survive.
std::string encodeTags(const std::map<std::string, std::string> &tags);
std::map<std::string, std::string> decodeTags(const std::string &text);

} // namespace shs::core
