// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// ZonedStorage: the StoragePort that keeps a data directory's records in three zone replicas, the
// way Kinesis keeps a stream's data in three Availability Zones — a faithful simulation on one
// machine. Each zone is a SqliteStorage of its own (its own file, writer connection and thread),
// so the three fsyncs of a commit overlap.
//
// Acknowledgement: commit() returns ok when every zone in sync holds the batch durably and at
// least two do. A zone whose write fails drops out (Failed) and the others carry on. If only one
// zone holds a batch, commit() answers ServiceUnavailable: the batch stays in that zone (it is
// not acknowledged, as a write AWS times out on may still have happened), the engine's state
// still matches the disk, and acceptingWrites() refuses further writes until a second zone is in
// sync. Reads go to a zone in sync, so they continue from the survivor.
//
// Outages (changeZone): Down takes a zone out (it falls behind; how far is counted per stream),
// Up brings it back — its thread catches up from a peer in sync in rounds of `syncChunk` records
// (SqliteStorage::syncFrom) while writes go on, then runs a last round between two commits and
// rejoins. Wipe deletes the zone's files and rebuilds it the same way from nothing. The last
// zone in sync cannot be taken down or wiped.
//
// Opening: every zone's position (lsn: batches applied) is read; the zones at the highest are in
// sync and the others catch up; open() returns once two zones are in sync (or none can be). A zone
// whose file is missing (beside zones that exist) or does not open (moved aside as FILE.damaged-MS)
// is rebuilt. The highest position holds every acknowledged batch, since each was in at least two
// zones.
//
// Thread safety: the StoragePort contract (commit on one thread, the read calls on the engine
// thread, each openReader() reader on its own); zones(), changeZone() and acceptingWrites() from
// any thread.
#include "sqlite_storage.h"

#include "engine/storage_port.h"

#include <chrono>
#include <memory>
#include <string>
#include <vector>

namespace shs::store {

struct ZoneOptions
{
    std::vector<std::string> names; ///< e.g. us-east-1a, us-east-1b, us-east-1c
    std::vector<std::string> paths; ///< each zone's database file
    SqliteOptions sqlite;           ///< for every zone (its path is ignored)
    std::size_t syncChunk = 16384;  ///< records a catch-up round copies

    /// Three zones named after `region` (us-east-1a, us-east-1b, us-east-1c) whose files are
    /// path(0), path(1), path(2).
    template <typename PathOf> static ZoneOptions three(const std::string &region, PathOf path)
    {
        ZoneOptions o;
        for (int i = 0; i < 3; ++i) {
            o.names.push_back(region + char('a' + i));
            o.paths.push_back(path(i));
        }
        return o;
    }
};

class ZonedStorage final : public core::StoragePort
{
  public:
    static core::Result<std::unique_ptr<ZonedStorage>> open(const ZoneOptions &options);
    ~ZonedStorage() override;

    core::Result<core::LoadedState> load() override;
    core::Result<void> readRecords(std::uint64_t shardUid, std::uint64_t fromSeq,
                                   std::int64_t minTs, std::size_t limit, std::size_t maxBytes,
                                   std::vector<core::StoredRecord> &out) override;
    core::Result<std::optional<std::pair<std::uint64_t, std::int64_t>>>
    firstRecordFrom(std::uint64_t shardUid, std::uint64_t fromSeq) override;
    core::Result<std::uint64_t> countRecords(std::uint64_t shardUid, std::uint64_t fromSeq,
                                             std::uint64_t toSeq) override;
    core::Result<void> readMinutePoints(std::uint64_t streamUid, std::int64_t fromMinute,
                                        std::int64_t toMinute,
                                        std::vector<core::MinutePoint> &out) override;
    core::Result<std::unique_ptr<core::RecordReader>> openReader() override;
    core::Result<void> commit(const core::WriteBatch &batch) override;

    core::Result<void> acceptingWrites() const override;
    std::vector<core::ZoneStatus> zones() const override;
    core::Result<void> changeZone(const std::string &zone, core::ZoneAction action) override;

    /// Waits until no zone is catching up or rebuilding, or `timeout` passes; true if settled.
    bool waitSettled(std::chrono::milliseconds timeout) const;

    struct Impl; ///< internal (shared with this file's readers)

  private:
    ZonedStorage();
    std::shared_ptr<Impl> d;
};

} // namespace shs::store
