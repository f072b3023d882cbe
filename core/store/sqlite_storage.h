// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// SqliteStorage: the durable StoragePort, on the SQLite C API (the only code with <sqlite3.h>).
//
// Layout (qt-platform-notes.md §5): page_size 16384 set before WAL and the first table,
// journal_mode WAL, auto_vacuum INCREMENTAL, records in a WITHOUT ROWID table keyed by
// (shard, seq), trimmed by primary-key range per shard (no ts index: the engine finds the cut by
// binary search, since ts is monotonic in seq). synchronous FULL by default: a commit that
// returned ok is on disk; NORMAL may lose the last commits on power loss or an OS crash, never
// corrupts. Schema versions live in PRAGMA user_version; migrations run in one transaction.
//
// Connections: the writer (commit(), on the storage thread), the engine thread's reader, and one
// per openReader() (the host's reader threads). Each reader connection's page cache is capped at 32
// MiB, the writer's at 8 MiB (appends need only the right edges of the tables).
//
// Staging: a transaction that is small (< 64 records) or spread thin (< 16 records per shard it
// touches) appends its records to records_log, a rowid table, instead: one or two pages per
// commit rather than one 16 KiB leaf per shard. A transaction for a single shard with nothing
// staged appends to that shard's tail directly (as cheap, and nothing to fold). The log folds into
// records, sorted by (shard, seq), when it reaches 16384 records / 16 MiB, on open, and in the same
// transaction as any direct write to a shard that has staged records, so within a shard every
// staged record is newer than every record in the table. Readers merge an in-memory copy of the log
// (read before the table, deduplicated) with the table: a record moving between the two is seen
// twice, never missed.
//
// Errors: every failure returns ErrorCode::StorageFailure naming the SQLite error ("database or
// disk is full", "disk I/O error"); a failed commit is rolled back whole.
#include "engine/storage_port.h"

#include <map>
#include <memory>
#include <string>

struct sqlite3;

namespace shs::store {

struct SqliteOptions
{
    std::string path;            ///< database file
    bool synchronousFull = true; ///< false: synchronous=NORMAL
    const char *vfs = nullptr;   ///< e.g. registerFaultyVfs() in tests
    int cacheMiB = 32;           ///< each reader connection's page cache
    /// The writer's page cache. Appends touch the tables' right edges only, so a small cache
    /// serves them; a large one would only fill, as the database grows, with pages written once
    /// (in three zones, three times over: the soak's memory growth, README).
    int writerCacheMiB = 8;
};

class SqliteStorage final : public core::StoragePort
{
  public:
    static core::Result<std::unique_ptr<SqliteStorage>> open(const SqliteOptions &options);
    ~SqliteStorage() override;

    core::Result<core::LoadedState> load() override;
    core::Result<void> readRecords(std::uint64_t shardUid, std::uint64_t fromSeq,
                                   std::int64_t minTs, std::size_t limit, std::size_t maxBytes,
                                   std::vector<core::StoredRecord> &out) override;
    core::Result<std::optional<std::pair<std::uint64_t, std::int64_t>>>
    firstRecordFrom(std::uint64_t shardUid, std::uint64_t fromSeq) override;
    core::Result<std::uint64_t> countRecords(std::uint64_t shardUid, std::uint64_t fromSeq,
                                             std::uint64_t toSeq) override;
    core::Result<void> commit(const core::WriteBatch &batch) override;
    core::Result<std::unique_ptr<core::RecordReader>> openReader() override;
    core::Result<void> readMinutePoints(std::uint64_t streamUid, std::int64_t fromMinute,
                                        std::int64_t toMinute,
                                        std::vector<core::MinutePoint> &out) override;

    /// "ok" or SQLite's list of problems (PRAGMA integrity_check), on the reader connection.
    std::string integrityCheck();
    static constexpr int kSchemaVersion = 8;

    // --- a zone replica (zoned_storage.h) --------------------------------------------------
    /// The position of this replica: the `lsn` of the last commitAt() (meta zone_lsn; 0: none).
    core::Result<std::uint64_t> lsn();
    /// commit(), recording `lsn` as this replica's position in the same transaction.
    core::Result<void> commitAt(const core::WriteBatch &batch, std::uint64_t lsn);

    struct SyncRound
    {
        std::uint64_t copied = 0;    ///< records copied by this round
        std::uint64_t remaining = 0; ///< records the peer holds that this one still lacks
        std::map<std::uint64_t, std::uint64_t> remainingByStream;
    };
    /// One round of bringing this replica to the state of `peerPath`, a replica of the same data
    /// that is ahead of it (it holds every batch this one holds, and more). A round copies at most
    /// `maxRecords` of the records this one lacks, in one transaction, reading the peer through
    /// ATTACH while its own writer goes on. The `final` round (run while the peer takes no
    /// writes) copies the rest and makes everything else equal: streams, shards, metadata (with
    /// the position), trimmed and deleted records, metrics. Runs on the writer's thread.
    core::Result<SyncRound> syncFrom(const std::string &peerPath, bool final,
                                     std::size_t maxRecords);

  private:
    SqliteStorage() = default;
    core::Result<void> commitWith(const core::WriteBatch &batch, const std::uint64_t *lsn);
    /// Moves every staged record into records (syncFrom() writes only there).
    core::Result<void> foldStaged();
    sqlite3 *writerDb() const;
    struct Impl;
    std::unique_ptr<Impl> d;
};

} // namespace shs::store
