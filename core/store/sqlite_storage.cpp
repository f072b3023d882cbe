// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sqlite_storage.h"

#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <limits>
#include <map>
#include <mutex>
#include <set>
#include <sstream>

namespace shs::store {

using namespace shs::core;

namespace {

// Migration N brings the schema from version N-1 to N.
constexpr std::array<const char *, 8> kMigrations = {
    R"sql(
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE streams(
    uid INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, stream_id TEXT NOT NULL,
    status INTEGER NOT NULL, mode INTEGER NOT NULL, retention_hours INTEGER NOT NULL,
    created_ms INTEGER NOT NULL, status_since_ms INTEGER NOT NULL,
    next_shard_index INTEGER NOT NULL, next_seq INTEGER NOT NULL, tags TEXT NOT NULL,
    encryption_type TEXT NOT NULL, key_id TEXT NOT NULL);
CREATE TABLE shards(
    uid INTEGER PRIMARY KEY, stream_uid INTEGER NOT NULL, shard_index INTEGER NOT NULL,
    parent_index INTEGER NOT NULL, adjacent_parent_index INTEGER NOT NULL,
    start_hex TEXT NOT NULL, end_hex TEXT NOT NULL, created_ms INTEGER NOT NULL,
    start_seq INTEGER NOT NULL, end_seq INTEGER NOT NULL, closed_ms INTEGER NOT NULL);
CREATE INDEX shards_by_stream ON shards(stream_uid);
CREATE TABLE records(
    shard INTEGER NOT NULL, seq INTEGER NOT NULL, ts INTEGER NOT NULL,
    pk TEXT NOT NULL, data BLOB NOT NULL, PRIMARY KEY(shard, seq)) WITHOUT ROWID;
)sql",
    // 2: records_log, an append-only staging table for small commits (see sqlite_storage.h).
    R"sql(
CREATE TABLE records_log(
    shard INTEGER NOT NULL, seq INTEGER NOT NULL, ts INTEGER NOT NULL,
    pk TEXT NOT NULL, data BLOB NOT NULL);
)sql",
    // 3: resharding (sequence-number seconds, pending operations, rolling counters), usage for
    // cost, and 1-minute metric history.
    R"sql(
ALTER TABLE shards ADD COLUMN seq_secs INTEGER NOT NULL DEFAULT 0;
ALTER TABLE streams ADD COLUMN pending TEXT NOT NULL DEFAULT '';
ALTER TABLE streams ADD COLUMN history TEXT NOT NULL DEFAULT '';
ALTER TABLE streams ADD COLUMN usage TEXT NOT NULL DEFAULT '';
CREATE TABLE metrics_minute(
    stream_uid INTEGER NOT NULL, minute INTEGER NOT NULL, shard_index INTEGER NOT NULL,
    incoming_bytes INTEGER NOT NULL, incoming_records INTEGER NOT NULL,
    outgoing_bytes INTEGER NOT NULL, outgoing_records INTEGER NOT NULL,
    write_throttled INTEGER NOT NULL, read_throttled INTEGER NOT NULL,
    iterator_age_ms INTEGER NOT NULL, get_records_calls INTEGER NOT NULL,
    put_success INTEGER NOT NULL, put_latency_sum_us INTEGER NOT NULL,
    put_latency_max_us INTEGER NOT NULL, get_latency_max_us INTEGER NOT NULL,
    PRIMARY KEY(stream_uid, minute, shard_index)) WITHOUT ROWID;
)sql",
    // 4: per-stream settings of the later operations (enhanced monitoring, record size, warm
    // throughput, resource policy), engine-encoded.
    R"sql(
ALTER TABLE streams ADD COLUMN settings TEXT NOT NULL DEFAULT '';
)sql",
    // 5: enhanced fan-out consumers of each stream, engine-encoded.
    R"sql(
ALTER TABLE streams ADD COLUMN consumers TEXT NOT NULL DEFAULT '';
)sql",
    // 6: each shard's record count, as of a sequence number (load counts the records after it).
    R"sql(
ALTER TABLE shards ADD COLUMN record_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE shards ADD COLUMN count_seq INTEGER NOT NULL DEFAULT 0;
)sql",
    // 7: put calls that stored no record, for PutRecord(s).Success's average (alarms).
    R"sql(
ALTER TABLE metrics_minute ADD COLUMN put_failed INTEGER NOT NULL DEFAULT 0;
)sql",
    // 8: encryption at rest: the data key a record's pk and data are sealed under (0: none).
    R"sql(
ALTER TABLE records ADD COLUMN dk INTEGER NOT NULL DEFAULT 0;
ALTER TABLE records_log ADD COLUMN dk INTEGER NOT NULL DEFAULT 0;
)sql",
};
static_assert(kMigrations.size() == SqliteStorage::kSchemaVersion,
              "each schema version has its migration");

// A commit is staged in records_log when it is small (fewer than kStageBelowRecords records) or
// spread thin (fewer than kStageRecordsPerShard records per shard it touches: one 16 KiB leaf per
// shard would be rewritten for a few rows), unless it touches a single shard with nothing staged:
// that appends to the shard's tail directly, as cheaply, and leaves nothing to fold (measured:
// 16 single-record callers on a one-shard stream 34,000 -> 41,000 records/s with asynchronous
// callers). The log folds into records, sorted by (shard, seq),
// when it holds kStageMaxRecords / kStageMaxBytes, or in the transaction of a direct write that
// touches a shard with staged records.
constexpr std::size_t kStageBelowRecords = 64;
constexpr std::size_t kStageRecordsPerShard = 16;
constexpr std::size_t kStageMaxRecords = 16384;
constexpr std::size_t kStageMaxBytes = 16u * 1024 * 1024;
// Above the low-water marks every commit also moves up to kFoldPerCommit staged records (whole
// shards, fullest first) into records, so no single commit carries a large fold.
constexpr std::size_t kStageLowRecords = 4096;
constexpr std::size_t kStageLowBytes = 4u * 1024 * 1024;
constexpr std::size_t kFoldPerCommit = 2048;

Error sqlError(sqlite3 *db, const std::string &what)
{
    return makeError(ErrorCode::StorageFailure,
                     what + ": " + (db ? sqlite3_errmsg(db) : "out of memory"));
}

class Stmt
{
  public:
    Stmt() = default;
    Stmt(const Stmt &) = delete;
    Stmt &operator=(const Stmt &) = delete;
    ~Stmt() { sqlite3_finalize(m_s); }
    bool prepare(sqlite3 *db, const char *sql)
    {
        return sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &m_s, nullptr)
               == SQLITE_OK;
    }
    sqlite3_stmt *get() const { return m_s; }
    void reset() const
    {
        sqlite3_reset(m_s);
    } // every parameter is bound again before the next step

  private:
    sqlite3_stmt *m_s = nullptr;
};

std::int64_t i64(std::uint64_t v)
{
    return static_cast<std::int64_t>(v);
}

std::string text(sqlite3_stmt *s, int col)
{
    const auto *p = reinterpret_cast<const char *>(sqlite3_column_text(s, col));
    return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(s, col)))
             : std::string();
}

bool exec(sqlite3 *db, const char *sql)
{
    return sqlite3_exec(db, sql, nullptr, nullptr, nullptr) == SQLITE_OK;
}

/// The records in records_log, in memory, so readers never scan the log table. Holds at most
/// kStageMaxRecords records / kStageMaxBytes (plus one small commit) of payload.
struct StageMirror
{
    struct Rec
    {
        std::int64_t ts;
        std::string pk;
        std::string data;
        std::int64_t rowid = 0; // in records_log
        std::uint32_t dataKey = 0;
    };
    std::mutex mutex;
    std::map<std::uint64_t, std::map<std::uint64_t, Rec>> byShard;
    std::size_t records = 0;
    std::size_t bytes = 0;

    void clear()
    {
        byShard.clear();
        records = 0;
        bytes = 0;
    }
};

/// A read connection with its prepared statements; one per thread.
class SqliteReader final : public RecordReader
{
  public:
    ~SqliteReader() override { sqlite3_close_v2(m_db); } // deferred until the statements finalize

    static Result<std::unique_ptr<SqliteReader>>
    open(const std::string &path, const char *vfs, int cacheMiB, std::shared_ptr<StageMirror> stage)
    {
        auto r = std::make_unique<SqliteReader>();
        r->m_stage = std::move(stage);
        if (sqlite3_open_v2(path.c_str(), &r->m_db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
                            vfs)
            != SQLITE_OK)
            return sqlError(r->m_db, "Cannot open " + path + " for reading");
        sqlite3_extended_result_codes(r->m_db, 1);
        sqlite3_busy_timeout(r->m_db, 5000);
        const std::string cache = "PRAGMA cache_size=-" + std::to_string(cacheMiB * 1024);
        exec(r->m_db, cache.c_str());
        if (!r->m_range.prepare(
                r->m_db, "SELECT seq, ts, pk, data, dk FROM records WHERE shard=?1 AND seq>=?2 "
                         "AND ts>=?3 ORDER BY seq LIMIT ?4")
            || !r->m_first.prepare(
                r->m_db,
                "SELECT seq, ts FROM records WHERE shard=?1 AND seq>=?2 ORDER BY seq LIMIT 1")
            || !r->m_count.prepare(
                r->m_db, "SELECT count(*) FROM records WHERE shard=?1 AND seq>=?2 AND seq<?3")
            || !r->m_exists.prepare(r->m_db, "SELECT 1 FROM records WHERE shard=?1 AND seq=?2"))
            return sqlError(r->m_db, "Cannot prepare statements on " + path);
        return r;
    }

    sqlite3 *db() const { return m_db; }

    Result<void> readRecords(std::uint64_t shardUid, std::uint64_t fromSeq, std::int64_t minTs,
                             std::size_t limit, std::size_t maxBytes,
                             std::vector<StoredRecord> &out) override
    {
        // The staged copy first, then the table: a record that moves between the two in the
        // meantime is seen twice (and deduplicated), never missed (sqlite_storage.h).
        std::vector<StoredRecord> staged;
        {
            std::lock_guard lock(m_stage->mutex);
            auto it = m_stage->byShard.find(shardUid);
            if (it != m_stage->byShard.end())
                for (auto r = it->second.lower_bound(fromSeq);
                     r != it->second.end() && staged.size() < limit; ++r)
                    if (r->second.ts >= minTs)
                        staged.push_back({shardUid, r->first, r->second.ts, r->second.pk,
                                          r->second.data, r->second.dataKey});
        }
        if (staged.empty())
            return readTable(shardUid, fromSeq, minTs, limit, maxBytes, out);
        std::vector<StoredRecord> table;
        if (auto r = readTable(shardUid, fromSeq, minTs, limit,
                               std::numeric_limits<std::size_t>::max(), table);
            !r)
            return r;
        std::size_t i = 0, j = 0, bytes = 0;
        while (out.size() < limit && (i < table.size() || j < staged.size())) {
            StoredRecord *next;
            if (j == staged.size() || (i < table.size() && table[i].seq <= staged[j].seq)) {
                if (j < staged.size() && table[i].seq == staged[j].seq)
                    ++j; // moved while we looked: keep one copy
                next = &table[i++];
            } else {
                next = &staged[j++];
            }
            const std::size_t size = next->data.size() + next->partitionKey.size();
            if (!out.empty() && bytes + size > maxBytes)
                break;
            bytes += size;
            out.push_back(std::move(*next));
        }
        return ok();
    }

    Result<void> readTable(std::uint64_t shardUid, std::uint64_t fromSeq, std::int64_t minTs,
                           std::size_t limit, std::size_t maxBytes, std::vector<StoredRecord> &out)
    {
        sqlite3_stmt *s = m_range.get();
        sqlite3_bind_int64(s, 1, i64(shardUid));
        sqlite3_bind_int64(
            s, 2, fromSeq > static_cast<std::uint64_t>(INT64_MAX) ? INT64_MAX : i64(fromSeq));
        sqlite3_bind_int64(s, 3, minTs);
        sqlite3_bind_int64(s, 4, static_cast<std::int64_t>(limit));
        std::size_t bytes = 0;
        int rc;
        while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
            const auto pkLen = static_cast<std::size_t>(sqlite3_column_bytes(s, 2));
            const auto dataLen = static_cast<std::size_t>(sqlite3_column_bytes(s, 3));
            if (!out.empty() && bytes + pkLen + dataLen > maxBytes) {
                rc = SQLITE_DONE;
                break;
            }
            bytes += pkLen + dataLen;
            StoredRecord r;
            r.shardUid = shardUid;
            r.seq = static_cast<std::uint64_t>(sqlite3_column_int64(s, 0));
            r.ts = sqlite3_column_int64(s, 1);
            r.partitionKey.assign(reinterpret_cast<const char *>(sqlite3_column_text(s, 2)), pkLen);
            const void *blob = sqlite3_column_blob(s, 3);
            if (dataLen)
                r.data.assign(static_cast<const char *>(blob), dataLen);
            r.dataKey = static_cast<std::uint32_t>(sqlite3_column_int64(s, 4));
            out.push_back(std::move(r));
        }
        m_range.reset();
        if (rc != SQLITE_DONE)
            return sqlError(m_db, "Cannot read records");
        return ok();
    }

    Result<std::optional<std::pair<std::uint64_t, std::int64_t>>>
    firstRecordFrom(std::uint64_t shardUid, std::uint64_t fromSeq) override
    {
        sqlite3_stmt *s = m_first.get();
        sqlite3_bind_int64(s, 1, i64(shardUid));
        sqlite3_bind_int64(
            s, 2, fromSeq > static_cast<std::uint64_t>(INT64_MAX) ? INT64_MAX : i64(fromSeq));
        std::optional<std::pair<std::uint64_t, std::int64_t>> out;
        {
            std::lock_guard lock(m_stage->mutex);
            auto it = m_stage->byShard.find(shardUid);
            if (it != m_stage->byShard.end()) {
                auto r = it->second.lower_bound(fromSeq);
                if (r != it->second.end())
                    out = std::make_pair(r->first, r->second.ts);
            }
        }
        const int rc = sqlite3_step(s);
        if (rc == SQLITE_ROW) {
            const auto seq = static_cast<std::uint64_t>(sqlite3_column_int64(s, 0));
            if (!out || seq < out->first)
                out = std::make_pair(seq, sqlite3_column_int64(s, 1));
        }
        m_first.reset();
        if (rc != SQLITE_ROW && rc != SQLITE_DONE)
            return sqlError(m_db, "Cannot read records");
        return out;
    }

    Result<std::uint64_t> countRecords(std::uint64_t shardUid, std::uint64_t fromSeq,
                                       std::uint64_t toSeq) override
    {
        const auto bound = [](std::uint64_t v) {
            return v > static_cast<std::uint64_t>(INT64_MAX) ? INT64_MAX : i64(v);
        };
        // The staged ones first, then the table in one read transaction: a staged record that
        // moved into the table meanwhile is found there and counted once.
        std::vector<std::uint64_t> staged;
        {
            std::lock_guard lock(m_stage->mutex);
            auto it = m_stage->byShard.find(shardUid);
            if (it != m_stage->byShard.end())
                for (auto r = it->second.lower_bound(fromSeq);
                     r != it->second.end() && r->first < toSeq; ++r)
                    staged.push_back(r->first);
        }
        const bool txn = !staged.empty() && exec(m_db, "BEGIN");
        auto done = [&](Result<std::uint64_t> r) {
            if (txn)
                exec(m_db, "COMMIT");
            return r;
        };
        sqlite3_stmt *c = m_count.get();
        sqlite3_bind_int64(c, 1, i64(shardUid));
        sqlite3_bind_int64(c, 2, bound(fromSeq));
        sqlite3_bind_int64(c, 3, bound(toSeq));
        const int rc = sqlite3_step(c);
        std::uint64_t count
            = rc == SQLITE_ROW ? static_cast<std::uint64_t>(sqlite3_column_int64(c, 0)) : 0;
        m_count.reset();
        if (rc != SQLITE_ROW)
            return done(sqlError(m_db, "Cannot count records"));
        for (const std::uint64_t seq : staged) {
            sqlite3_stmt *e = m_exists.get();
            sqlite3_bind_int64(e, 1, i64(shardUid));
            sqlite3_bind_int64(e, 2, bound(seq));
            const int erc = sqlite3_step(e);
            m_exists.reset();
            if (erc == SQLITE_DONE)
                ++count;
            else if (erc != SQLITE_ROW)
                return done(sqlError(m_db, "Cannot count records"));
        }
        return done(count);
    }

  private:
    sqlite3 *m_db = nullptr;
    Stmt m_range, m_first, m_count, m_exists;
    std::shared_ptr<StageMirror> m_stage;
};

} // namespace

struct SqliteStorage::Impl
{
    sqlite3 *writer = nullptr;
    std::unique_ptr<SqliteReader> reader; // the engine thread's
    std::string path;
    const char *vfs = nullptr;
    int cacheMiB = 32;
    std::shared_ptr<StageMirror> stage = std::make_shared<StageMirror>();
    Stmt insertLog, compactLog, clearLog, trimLog, deleteStreamLog, deleteLogRow;
    Stmt deleteShardRow, deleteShardRecords, deleteShardLog, upsertMinute, trimMinutes,
        deleteStreamMinutes;
    std::unique_ptr<Stmt> readMinutes; // on the engine thread's reader connection
    // writer statements
    Stmt insertRecord, upsertStream, upsertShard, deleteStreamRow, deleteStreamShards,
        deleteStreamRecords, trim, setNextSeq, upsertMeta;

    ~Impl()
    {
        // sqlite3_close_v2 defers the close until the statements (members, destroyed after
        // this body) are finalized.
        reader.reset();
        sqlite3_close_v2(writer);
    }
};

Result<std::unique_ptr<SqliteStorage>> SqliteStorage::open(const SqliteOptions &opt)
{
    std::unique_ptr<SqliteStorage> self(new SqliteStorage);
    self->d = std::make_unique<Impl>();
    Impl &d = *self->d;
    const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    if (sqlite3_open_v2(opt.path.c_str(), &d.writer, flags, opt.vfs) != SQLITE_OK)
        return sqlError(d.writer, "Cannot open " + opt.path);
    sqlite3_extended_result_codes(d.writer, 1);
    sqlite3_busy_timeout(d.writer, 5000);
    // Layout pragmas take effect only before the first table exists.
    exec(d.writer, "PRAGMA page_size=16384");
    exec(d.writer, "PRAGMA auto_vacuum=INCREMENTAL");
    if (!exec(d.writer, "PRAGMA journal_mode=WAL"))
        return sqlError(d.writer, "Cannot switch " + opt.path + " to WAL");
    const std::string sync
        = opt.synchronousFull ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL";
    exec(d.writer, sync.c_str());
    const std::string cache = "PRAGMA cache_size=-" + std::to_string(opt.writerCacheMiB * 1024);
    exec(d.writer, cache.c_str());

    // Migrations.
    int version = 0;
    {
        Stmt v;
        if (!v.prepare(d.writer, "PRAGMA user_version"))
            return sqlError(d.writer, "Cannot read the schema version of " + opt.path);
        if (sqlite3_step(v.get()) == SQLITE_ROW)
            version = sqlite3_column_int(v.get(), 0);
    }
    if (version > kSchemaVersion)
        return makeError(ErrorCode::StorageFailure,
                         opt.path + " was written by a newer Shardscope (schema "
                             + std::to_string(version) + ", this build knows "
                             + std::to_string(kSchemaVersion) + "); open it with that version.");
    for (int v = version; v < kSchemaVersion; ++v) {
        if (!exec(d.writer, "BEGIN IMMEDIATE"))
            return sqlError(d.writer, "Cannot migrate " + opt.path);
        const std::string bump = "PRAGMA user_version=" + std::to_string(v + 1);
        if (!exec(d.writer, kMigrations[static_cast<std::size_t>(v)])
            || !exec(d.writer, bump.c_str())) {
            Error e = sqlError(d.writer, "Migration " + std::to_string(v + 1) + " of " + opt.path
                                             + " failed");
            exec(d.writer, "ROLLBACK");
            return e;
        }
        if (!exec(d.writer, "COMMIT"))
            return sqlError(d.writer, "Cannot migrate " + opt.path);
    }

    const bool prepared
        = d.insertRecord.prepare(
              d.writer,
              "INSERT INTO records(shard, seq, ts, pk, data, dk) VALUES(?1, ?2, ?3, ?4, ?5, ?6)")
          && d.upsertStream.prepare(
              d.writer, "INSERT OR REPLACE INTO streams(uid, name, stream_id, status, mode, "
                        "retention_hours, created_ms, status_since_ms, next_shard_index, next_seq, "
                        "tags, encryption_type, key_id, pending, history, usage, settings, "
                        "consumers) "
                        "VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18)")
          && d.upsertShard.prepare(
              d.writer,
              "INSERT OR REPLACE INTO shards(uid, stream_uid, shard_index, parent_index, "
              "adjacent_parent_index, start_hex, end_hex, created_ms, start_seq, end_seq, "
              "closed_ms, seq_secs, record_count, count_seq) "
              "VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14)")
          && d.deleteShardRow.prepare(d.writer, "DELETE FROM shards WHERE uid=?1")
          && d.deleteShardRecords.prepare(d.writer, "DELETE FROM records WHERE shard=?1")
          && d.deleteShardLog.prepare(d.writer, "DELETE FROM records_log WHERE shard=?1")
          && d.upsertMinute.prepare(
              d.writer,
              // Additive: a minute flushed at shutdown and finished by the next run adds up.
              "INSERT INTO metrics_minute "
              "VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16) "
              "ON CONFLICT(stream_uid, minute, shard_index) DO UPDATE SET "
              "incoming_bytes=incoming_bytes+excluded.incoming_bytes, "
              "incoming_records=incoming_records+excluded.incoming_records, "
              "outgoing_bytes=outgoing_bytes+excluded.outgoing_bytes, "
              "outgoing_records=outgoing_records+excluded.outgoing_records, "
              "write_throttled=write_throttled+excluded.write_throttled, "
              "read_throttled=read_throttled+excluded.read_throttled, "
              "iterator_age_ms=max(iterator_age_ms, excluded.iterator_age_ms), "
              "get_records_calls=get_records_calls+excluded.get_records_calls, "
              "put_success=put_success+excluded.put_success, "
              "put_latency_sum_us=put_latency_sum_us+excluded.put_latency_sum_us, "
              "put_latency_max_us=max(put_latency_max_us, excluded.put_latency_max_us), "
              "get_latency_max_us=max(get_latency_max_us, excluded.get_latency_max_us), "
              "put_failed=put_failed+excluded.put_failed")
          && d.trimMinutes.prepare(d.writer,
                                   "DELETE FROM metrics_minute WHERE stream_uid=?1 AND minute<?2")
          && d.deleteStreamMinutes.prepare(d.writer,
                                           "DELETE FROM metrics_minute WHERE stream_uid=?1")
          && d.deleteStreamRow.prepare(d.writer, "DELETE FROM streams WHERE uid=?1")
          && d.deleteStreamShards.prepare(d.writer, "DELETE FROM shards WHERE stream_uid=?1")
          && d.deleteStreamRecords.prepare(
              d.writer,
              "DELETE FROM records WHERE shard IN (SELECT uid FROM shards WHERE stream_uid=?1)")
          && d.trim.prepare(d.writer, "DELETE FROM records WHERE shard=?1 AND seq<?2")
          && d.setNextSeq.prepare(d.writer, "UPDATE streams SET next_seq=?2 WHERE uid=?1")
          && d.upsertMeta.prepare(d.writer,
                                  "INSERT OR REPLACE INTO meta(key, value) VALUES(?1, ?2)")
          && d.insertLog.prepare(d.writer, "INSERT INTO records_log(shard, seq, ts, pk, data, dk) "
                                           "VALUES(?1, ?2, ?3, ?4, ?5, ?6)")
          && d.compactLog.prepare(
              d.writer, "INSERT INTO records(shard, seq, ts, pk, data, dk) "
                        "SELECT shard, seq, ts, pk, data, dk FROM records_log ORDER BY shard, seq")
          && d.clearLog.prepare(d.writer, "DELETE FROM records_log")
          && d.trimLog.prepare(d.writer, "DELETE FROM records_log WHERE shard=?1 AND seq<?2")
          && d.deleteLogRow.prepare(d.writer, "DELETE FROM records_log WHERE rowid=?1")
          && d.deleteStreamLog.prepare(d.writer, "DELETE FROM records_log WHERE shard IN (SELECT "
                                                 "uid FROM shards WHERE stream_uid=?1)");
    if (!prepared)
        return sqlError(d.writer, "Cannot prepare statements on " + opt.path);

    // Whatever a previous run left staged moves into records before anything is read.
    if (!exec(d.writer, "BEGIN IMMEDIATE") || sqlite3_step(d.compactLog.get()) != SQLITE_DONE
        || sqlite3_step(d.clearLog.get()) != SQLITE_DONE || !exec(d.writer, "COMMIT")) {
        Error e = sqlError(d.writer, "Cannot fold the staged records of " + opt.path);
        exec(d.writer, "ROLLBACK");
        return e;
    }
    d.compactLog.reset();
    d.clearLog.reset();
    d.path = opt.path;
    d.vfs = opt.vfs;
    d.cacheMiB = opt.cacheMiB;
    auto reader = SqliteReader::open(opt.path, opt.vfs, opt.cacheMiB, d.stage);
    if (!reader)
        return reader.error();
    d.reader = std::move(*reader);
    d.readMinutes = std::make_unique<Stmt>();
    if (!d.readMinutes->prepare(
            d.reader->db(),
            "SELECT minute, shard_index, incoming_bytes, incoming_records, outgoing_bytes, "
            "outgoing_records, write_throttled, read_throttled, iterator_age_ms, "
            "get_records_calls, "
            "put_success, put_latency_sum_us, put_latency_max_us, get_latency_max_us, put_failed "
            "FROM metrics_minute WHERE stream_uid=?1 AND minute>=?2 AND minute<=?3 "
            "ORDER BY minute, shard_index"))
        return sqlError(d.reader->db(), "Cannot prepare statements on " + opt.path);
    return self;
}

SqliteStorage::~SqliteStorage() = default;

Result<LoadedState> SqliteStorage::load()
{
    sqlite3 *db = d->reader->db();
    LoadedState state;
    {
        Stmt s;
        if (!s.prepare(
                db, "SELECT uid, name, stream_id, status, mode, retention_hours, created_ms, "
                    "status_since_ms, next_shard_index, next_seq, tags, encryption_type, key_id, "
                    "pending, history, usage, settings, consumers FROM streams ORDER BY uid"))
            return sqlError(db, "Cannot load streams");
        while (sqlite3_step(s.get()) == SQLITE_ROW) {
            StreamRow r;
            r.uid = static_cast<std::uint64_t>(sqlite3_column_int64(s.get(), 0));
            r.name = text(s.get(), 1);
            r.streamId = text(s.get(), 2);
            r.status = sqlite3_column_int(s.get(), 3);
            r.mode = sqlite3_column_int(s.get(), 4);
            r.retentionHours = sqlite3_column_int(s.get(), 5);
            r.createdMs = sqlite3_column_int64(s.get(), 6);
            r.statusSinceMs = sqlite3_column_int64(s.get(), 7);
            r.nextShardIndex = static_cast<std::uint32_t>(sqlite3_column_int64(s.get(), 8));
            r.nextSeq = static_cast<std::uint64_t>(sqlite3_column_int64(s.get(), 9));
            r.tags = text(s.get(), 10);
            r.encryptionType = text(s.get(), 11);
            r.keyId = text(s.get(), 12);
            r.pending = text(s.get(), 13);
            r.history = text(s.get(), 14);
            r.usage = text(s.get(), 15);
            r.settings = text(s.get(), 16);
            r.consumers = text(s.get(), 17);
            state.streams.push_back(std::move(r));
        }
    }
    {
        Stmt s, first, last;
        if (!s.prepare(db,
                       "SELECT uid, stream_uid, shard_index, parent_index, adjacent_parent_index, "
                       "start_hex, end_hex, created_ms, start_seq, end_seq, closed_ms, seq_secs, "
                       "record_count, count_seq FROM shards ORDER BY uid")
            || !first.prepare(db,
                              "SELECT seq, ts FROM records WHERE shard=?1 ORDER BY seq ASC LIMIT 1")
            || !last.prepare(
                db, "SELECT seq, ts FROM records WHERE shard=?1 ORDER BY seq DESC LIMIT 1"))
            return sqlError(db, "Cannot load shards");
        while (sqlite3_step(s.get()) == SQLITE_ROW) {
            ShardRow r;
            r.uid = static_cast<std::uint64_t>(sqlite3_column_int64(s.get(), 0));
            r.streamUid = static_cast<std::uint64_t>(sqlite3_column_int64(s.get(), 1));
            r.index = static_cast<std::uint32_t>(sqlite3_column_int64(s.get(), 2));
            r.parentIndex = sqlite3_column_int64(s.get(), 3);
            r.adjacentParentIndex = sqlite3_column_int64(s.get(), 4);
            r.startHex = text(s.get(), 5);
            r.endHex = text(s.get(), 6);
            r.createdMs = sqlite3_column_int64(s.get(), 7);
            r.startSeq = static_cast<std::uint64_t>(sqlite3_column_int64(s.get(), 8));
            r.endSeq = sqlite3_column_int64(s.get(), 9);
            r.closedMs = sqlite3_column_int64(s.get(), 10);
            r.seqSecs = sqlite3_column_int64(s.get(), 11);
            r.recordCount = static_cast<std::uint64_t>(sqlite3_column_int64(s.get(), 12));
            r.countSeq = static_cast<std::uint64_t>(sqlite3_column_int64(s.get(), 13));
            sqlite3_bind_int64(first.get(), 1, i64(r.uid));
            sqlite3_bind_int64(last.get(), 1, i64(r.uid));
            if (sqlite3_step(first.get()) == SQLITE_ROW && sqlite3_step(last.get()) == SQLITE_ROW) {
                state.extents.push_back(
                    {r.uid, static_cast<std::uint64_t>(sqlite3_column_int64(first.get(), 0)),
                     sqlite3_column_int64(first.get(), 1),
                     static_cast<std::uint64_t>(sqlite3_column_int64(last.get(), 0)),
                     sqlite3_column_int64(last.get(), 1)});
            }
            first.reset();
            last.reset();
            state.shards.push_back(std::move(r));
        }
    }
    {
        Stmt s;
        if (!s.prepare(db, "SELECT key, value FROM meta"))
            return sqlError(db, "Cannot load metadata");
        while (sqlite3_step(s.get()) == SQLITE_ROW)
            state.meta[text(s.get(), 0)] = text(s.get(), 1);
    }
    return state;
}

Result<void> SqliteStorage::readRecords(std::uint64_t shardUid, std::uint64_t fromSeq,
                                        std::int64_t minTs, std::size_t limit, std::size_t maxBytes,
                                        std::vector<StoredRecord> &out)
{
    return d->reader->readRecords(shardUid, fromSeq, minTs, limit, maxBytes, out);
}

Result<std::optional<std::pair<std::uint64_t, std::int64_t>>>
SqliteStorage::firstRecordFrom(std::uint64_t shardUid, std::uint64_t fromSeq)
{
    return d->reader->firstRecordFrom(shardUid, fromSeq);
}

Result<std::uint64_t> SqliteStorage::countRecords(std::uint64_t shardUid, std::uint64_t fromSeq,
                                                  std::uint64_t toSeq)
{
    return d->reader->countRecords(shardUid, fromSeq, toSeq);
}

Result<std::unique_ptr<RecordReader>> SqliteStorage::openReader()
{
    auto r = SqliteReader::open(d->path, d->vfs, d->cacheMiB, d->stage);
    if (!r)
        return r.error();
    return std::unique_ptr<RecordReader>(std::move(*r));
}

Result<void> SqliteStorage::commit(const WriteBatch &b)
{
    return commitWith(b, nullptr);
}

Result<void> SqliteStorage::commitAt(const WriteBatch &b, std::uint64_t lsn)
{
    return commitWith(b, &lsn);
}

Result<std::uint64_t> SqliteStorage::lsn()
{
    Stmt s;
    if (!s.prepare(d->writer, "SELECT value FROM meta WHERE key='zone_lsn'"))
        return sqlError(d->writer, "Cannot read the zone position of " + d->path);
    const int rc = sqlite3_step(s.get());
    if (rc == SQLITE_DONE)
        return std::uint64_t(0);
    if (rc != SQLITE_ROW)
        return sqlError(d->writer, "Cannot read the zone position of " + d->path);
    return std::uint64_t(std::stoull("0" + text(s.get(), 0)));
}

sqlite3 *SqliteStorage::writerDb() const
{
    return d->writer;
}

Result<void> SqliteStorage::foldStaged()
{
    if (!exec(d->writer, "BEGIN IMMEDIATE") || sqlite3_step(d->compactLog.get()) != SQLITE_DONE
        || sqlite3_step(d->clearLog.get()) != SQLITE_DONE || !exec(d->writer, "COMMIT")) {
        Error e = sqlError(d->writer, "Cannot fold the staged records of " + d->path);
        d->compactLog.reset();
        d->clearLog.reset();
        exec(d->writer, "ROLLBACK");
        return e;
    }
    d->compactLog.reset();
    d->clearLog.reset();
    std::lock_guard lock(d->stage->mutex);
    d->stage->clear();
    return ok();
}

Result<void> SqliteStorage::commitWith(const WriteBatch &b, const std::uint64_t *lsn)
{
    sqlite3 *db = d->writer;
    if (!exec(db, "BEGIN IMMEDIATE"))
        return sqlError(db, "Cannot begin a transaction");
    auto fail = [&](const char *what) -> Result<void> {
        Error e = sqlError(db, what);
        exec(db, "ROLLBACK");
        return e;
    };
    auto run = [](const Stmt &st) {
        const int rc = sqlite3_step(st.get());
        st.reset();
        return rc == SQLITE_DONE;
    };
    for (const auto &r : b.upsertStreams) {
        sqlite3_stmt *s = d->upsertStream.get();
        sqlite3_bind_int64(s, 1, i64(r.uid));
        sqlite3_bind_text(s, 2, r.name.data(), static_cast<int>(r.name.size()), SQLITE_STATIC);
        sqlite3_bind_text(s, 3, r.streamId.data(), static_cast<int>(r.streamId.size()),
                          SQLITE_STATIC);
        sqlite3_bind_int(s, 4, r.status);
        sqlite3_bind_int(s, 5, r.mode);
        sqlite3_bind_int(s, 6, r.retentionHours);
        sqlite3_bind_int64(s, 7, r.createdMs);
        sqlite3_bind_int64(s, 8, r.statusSinceMs);
        sqlite3_bind_int64(s, 9, r.nextShardIndex);
        sqlite3_bind_int64(s, 10, i64(r.nextSeq));
        sqlite3_bind_text(s, 11, r.tags.data(), static_cast<int>(r.tags.size()), SQLITE_STATIC);
        sqlite3_bind_text(s, 12, r.encryptionType.data(), static_cast<int>(r.encryptionType.size()),
                          SQLITE_STATIC);
        sqlite3_bind_text(s, 13, r.keyId.data(), static_cast<int>(r.keyId.size()), SQLITE_STATIC);
        sqlite3_bind_text(s, 14, r.pending.data(), static_cast<int>(r.pending.size()),
                          SQLITE_STATIC);
        sqlite3_bind_text(s, 15, r.history.data(), static_cast<int>(r.history.size()),
                          SQLITE_STATIC);
        sqlite3_bind_text(s, 16, r.usage.data(), static_cast<int>(r.usage.size()), SQLITE_STATIC);
        sqlite3_bind_text(s, 17, r.settings.data(), static_cast<int>(r.settings.size()),
                          SQLITE_STATIC);
        sqlite3_bind_text(s, 18, r.consumers.data(), static_cast<int>(r.consumers.size()),
                          SQLITE_STATIC);
        if (!run(d->upsertStream))
            return fail("Cannot write a stream");
    }
    for (const auto &r : b.upsertShards) {
        sqlite3_stmt *s = d->upsertShard.get();
        sqlite3_bind_int64(s, 1, i64(r.uid));
        sqlite3_bind_int64(s, 2, i64(r.streamUid));
        sqlite3_bind_int64(s, 3, r.index);
        sqlite3_bind_int64(s, 4, r.parentIndex);
        sqlite3_bind_int64(s, 5, r.adjacentParentIndex);
        sqlite3_bind_text(s, 6, r.startHex.data(), static_cast<int>(r.startHex.size()),
                          SQLITE_STATIC);
        sqlite3_bind_text(s, 7, r.endHex.data(), static_cast<int>(r.endHex.size()), SQLITE_STATIC);
        sqlite3_bind_int64(s, 8, r.createdMs);
        sqlite3_bind_int64(s, 9, i64(r.startSeq));
        sqlite3_bind_int64(s, 10, r.endSeq);
        sqlite3_bind_int64(s, 11, r.closedMs);
        sqlite3_bind_int64(s, 12, r.seqSecs);
        sqlite3_bind_int64(s, 13, i64(r.recordCount));
        sqlite3_bind_int64(s, 14, i64(r.countSeq));
        if (!run(d->upsertShard))
            return fail("Cannot write a shard");
    }
    // Staging (see sqlite_storage.h): decide where this batch's records go, and which staged
    // records move into records in this same transaction.
    struct FoldRow
    {
        std::uint64_t shard;
        std::uint64_t seq;
        StageMirror::Rec rec;
    };
    std::set<std::uint64_t> batchShards;
    for (const auto &r : b.records)
        batchShards.insert(r.shardUid);
    const bool thin = b.records.size() < kStageBelowRecords
                      || b.records.size() < kStageRecordsPerShard * batchShards.size();
    bool toLog = false;
    bool fullFold = false;
    std::vector<FoldRow> folding;
    {
        std::lock_guard lock(d->stage->mutex);
        const StageMirror &m = *d->stage;
        // A batch for one shard that has nothing staged appends to that shard's tail directly:
        // the same leaf or two the log would take, and nothing to fold later.
        const bool oneCleanShard
            = batchShards.size() == 1 && !m.byShard.count(*batchShards.begin());
        toLog = !b.records.empty() && thin && !oneCleanShard
                && m.records + b.records.size() <= kStageMaxRecords
                && m.bytes + b.payloadBytes <= kStageMaxBytes;
        fullFold = m.records > 0 && (!b.deleteStreams.empty() || !b.deleteShards.empty());
        if (!fullFold) {
            std::set<std::uint64_t> chosen;
            // Required: a direct write to a shard with staged records moves them first.
            if (!toLog)
                for (auto shard : batchShards)
                    if (m.byShard.count(shard))
                        chosen.insert(shard);
            // Background: keep the log small, fullest shards first, a bounded amount per commit.
            std::size_t moving = 0;
            for (auto shard : chosen)
                moving += m.byShard.at(shard).size();
            if (m.records - moving > kStageLowRecords || m.bytes > kStageLowBytes) {
                // Shards with at least a page of rows staged move first (so each leaf written takes
                // many rows); smaller ones only when the log is near its cap.
                std::vector<std::pair<std::size_t, std::uint64_t>> bySize;
                for (const auto &[shard, rows] : m.byShard)
                    if (!chosen.count(shard))
                        bySize.emplace_back(rows.size(), shard);
                std::sort(bySize.rbegin(), bySize.rend());
                const bool nearCap
                    = m.records * 4 > kStageMaxRecords * 3 || m.bytes * 4 > kStageMaxBytes * 3;
                for (const auto &[n, shard] : bySize) {
                    if (moving >= kFoldPerCommit || (n < kStageRecordsPerShard && !nearCap))
                        break;
                    chosen.insert(shard);
                    moving += n;
                }
            }
            for (auto shard : chosen)
                for (const auto &[seq, rec] : m.byShard.at(shard))
                    folding.push_back({shard, seq, rec});
        }
    }
    if (fullFold && (!run(d->compactLog) || !run(d->clearLog)))
        return fail("Cannot fold staged records");
    for (const auto &f : folding) {
        sqlite3_stmt *s = d->insertRecord.get();
        sqlite3_bind_int64(s, 1, i64(f.shard));
        sqlite3_bind_int64(s, 2, i64(f.seq));
        sqlite3_bind_int64(s, 3, f.rec.ts);
        sqlite3_bind_text(s, 4, f.rec.pk.data(), static_cast<int>(f.rec.pk.size()), SQLITE_STATIC);
        sqlite3_bind_blob(s, 5, f.rec.data.data(), static_cast<int>(f.rec.data.size()),
                          SQLITE_STATIC);
        sqlite3_bind_int64(s, 6, f.rec.dataKey);
        if (!run(d->insertRecord))
            return fail("Cannot fold staged records");
        sqlite3_bind_int64(d->deleteLogRow.get(), 1, f.rec.rowid);
        if (!run(d->deleteLogRow))
            return fail("Cannot fold staged records");
    }
    std::vector<std::int64_t> logRowids;
    if (toLog)
        logRowids.reserve(b.records.size());
    for (const auto &r : b.records) {
        const Stmt &st = toLog ? d->insertLog : d->insertRecord;
        sqlite3_stmt *s = st.get();
        sqlite3_bind_int64(s, 1, i64(r.shardUid));
        sqlite3_bind_int64(s, 2, i64(r.seq));
        sqlite3_bind_int64(s, 3, r.ts);
        sqlite3_bind_text(s, 4, r.partitionKey.data(), static_cast<int>(r.partitionKey.size()),
                          SQLITE_STATIC);
        sqlite3_bind_blob(s, 5, r.data.data(), static_cast<int>(r.data.size()), SQLITE_STATIC);
        sqlite3_bind_int64(s, 6, r.dataKey);
        if (!run(st))
            return fail("Cannot write a record");
        if (toLog)
            logRowids.push_back(sqlite3_last_insert_rowid(db));
    }
    for (const auto &[stream, next] : b.nextSeqs) {
        sqlite3_bind_int64(d->setNextSeq.get(), 1, i64(stream));
        sqlite3_bind_int64(d->setNextSeq.get(), 2, i64(next));
        if (!run(d->setNextSeq))
            return fail("Cannot write a sequence counter");
    }
    for (const auto &[shard, below] : b.trims) {
        sqlite3_bind_int64(d->trim.get(), 1, i64(shard));
        sqlite3_bind_int64(d->trim.get(), 2,
                           below > static_cast<std::uint64_t>(INT64_MAX) ? INT64_MAX : i64(below));
        if (!run(d->trim))
            return fail("Cannot trim records");
        std::vector<std::int64_t>
            staleRows; // staged rows below the cut (rare: the log holds new rows)
        {
            std::lock_guard lock(d->stage->mutex);
            auto it = d->stage->byShard.find(shard);
            if (it != d->stage->byShard.end())
                for (auto r = it->second.begin(); r != it->second.end() && r->first < below; ++r)
                    staleRows.push_back(r->second.rowid);
        }
        for (auto rowid : staleRows) {
            sqlite3_bind_int64(d->deleteLogRow.get(), 1, rowid);
            if (!run(d->deleteLogRow))
                return fail("Cannot trim records");
        }
    }
    for (auto uid : b.deleteStreams) {
        for (const Stmt *st : {&d->deleteStreamLog, &d->deleteStreamRecords, &d->deleteStreamShards,
                               &d->deleteStreamMinutes, &d->deleteStreamRow}) {
            sqlite3_bind_int64(st->get(), 1, i64(uid));
            if (!run(*st))
                return fail("Cannot delete a stream");
        }
    }
    for (auto uid : b.deleteShards) {
        for (const Stmt *st : {&d->deleteShardLog, &d->deleteShardRecords, &d->deleteShardRow}) {
            sqlite3_bind_int64(st->get(), 1, i64(uid));
            if (!run(*st))
                return fail("Cannot delete an expired shard");
        }
    }
    static_assert(kMetricCount == 13, "metrics_minute has one column per metric");
    for (const auto &p : b.minutePoints) {
        sqlite3_bind_int64(d->upsertMinute.get(), 1, i64(p.streamUid));
        sqlite3_bind_int64(d->upsertMinute.get(), 2, p.minute);
        sqlite3_bind_int64(d->upsertMinute.get(), 3, p.shardIndex);
        for (int m = 0; m < kMetricCount; ++m)
            sqlite3_bind_int64(d->upsertMinute.get(), 4 + m, p.values[static_cast<std::size_t>(m)]);
        if (!run(d->upsertMinute))
            return fail("Cannot write metrics");
    }
    for (const auto &[stream, below] : b.metricTrims) {
        sqlite3_bind_int64(d->trimMinutes.get(), 1, i64(stream));
        sqlite3_bind_int64(d->trimMinutes.get(), 2, below);
        if (!run(d->trimMinutes))
            return fail("Cannot trim metrics");
    }
    for (const auto &[k, v] : b.meta) {
        sqlite3_bind_text(d->upsertMeta.get(), 1, k.data(), static_cast<int>(k.size()),
                          SQLITE_STATIC);
        sqlite3_bind_text(d->upsertMeta.get(), 2, v.data(), static_cast<int>(v.size()),
                          SQLITE_STATIC);
        if (!run(d->upsertMeta))
            return fail("Cannot write metadata");
    }
    if (lsn) {
        const std::string value = std::to_string(*lsn);
        sqlite3_bind_text(d->upsertMeta.get(), 1, "zone_lsn", -1, SQLITE_STATIC);
        sqlite3_bind_text(d->upsertMeta.get(), 2, value.data(), static_cast<int>(value.size()),
                          SQLITE_STATIC);
        if (!run(d->upsertMeta))
            return fail("Cannot write the zone position");
    }
    if (!exec(db, "COMMIT"))
        return fail("Cannot commit");
    // Durable: now the in-memory copy of the log follows (readers, see readRecords()).
    {
        std::lock_guard lock(d->stage->mutex);
        StageMirror &m = *d->stage;
        auto forget
            = [&m](std::uint64_t shard, std::map<std::uint64_t, StageMirror::Rec>::iterator r) {
                  m.bytes -= r->second.data.size() + r->second.pk.size();
                  --m.records;
                  auto &rows = m.byShard[shard];
                  rows.erase(r);
                  if (rows.empty())
                      m.byShard.erase(shard);
              };
        if (fullFold)
            m.clear();
        for (const auto &f : folding) {
            auto it = m.byShard.find(f.shard);
            if (it == m.byShard.end())
                continue;
            auto r = it->second.find(f.seq);
            if (r != it->second.end())
                forget(f.shard, r);
        }
        if (toLog) {
            for (std::size_t i = 0; i < b.records.size(); ++i) {
                const auto &r = b.records[i];
                m.byShard[r.shardUid][r.seq]
                    = StageMirror::Rec{r.ts, r.partitionKey, r.data, logRowids[i], r.dataKey};
                m.bytes += r.data.size() + r.partitionKey.size();
            }
            m.records += b.records.size();
        }
        for (const auto &[shard, below] : b.trims) {
            for (;;) {
                auto it = m.byShard.find(shard);
                if (it == m.byShard.end() || it->second.empty()
                    || it->second.begin()->first >= below)
                    break;
                forget(shard, it->second.begin());
            }
        }
    }
    if (!b.deleteStreams.empty() || !b.trims.empty())
        exec(db, "PRAGMA incremental_vacuum(256)");
    return ok();
}

Result<void> SqliteStorage::readMinutePoints(std::uint64_t streamUid, std::int64_t fromMinute,
                                             std::int64_t toMinute, std::vector<MinutePoint> &out)
{
    sqlite3_stmt *s = d->readMinutes->get();
    sqlite3_bind_int64(s, 1, i64(streamUid));
    sqlite3_bind_int64(s, 2, fromMinute);
    sqlite3_bind_int64(s, 3, toMinute);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        MinutePoint p;
        p.streamUid = streamUid;
        p.minute = sqlite3_column_int64(s, 0);
        p.shardIndex = static_cast<std::uint32_t>(sqlite3_column_int64(s, 1));
        for (int m = 0; m < kMetricCount; ++m)
            p.values[static_cast<std::size_t>(m)] = sqlite3_column_int64(s, 2 + m);
        out.push_back(p);
    }
    d->readMinutes->reset();
    if (rc != SQLITE_DONE)
        return sqlError(d->reader->db(), "Cannot read metrics");
    return ok();
}

std::string SqliteStorage::integrityCheck()
{
    Stmt s;
    if (!s.prepare(d->reader->db(), "PRAGMA integrity_check"))
        return sqlite3_errmsg(d->reader->db());
    std::string out;
    while (sqlite3_step(s.get()) == SQLITE_ROW) {
        if (!out.empty())
            out += "\n";
        out += text(s.get(), 0);
    }
    return out;
}

} // namespace shs::store
