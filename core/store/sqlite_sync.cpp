// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
// SqliteStorage::syncFrom: a zone replica catching up from a peer (zoned_storage.h). The peer is
// ATTACHed to this replica's writer connection, so the copy is SQL from table to table with no
// decoding, and the peer's side of each round is one read snapshot.
//
// Why the difference is only "the peer's newer records, plus the small tables": every replica
// applies the same batches in the same order, and the peer holds every batch this one holds. Within
// a shard, records are only appended (at the tail) and trimmed (at the head), so this replica's
// records of a shard are the peer's, plus a head the peer has trimmed since, minus a tail it has
// not seen yet. Streams, shards and metadata are small and copied whole; metric minutes change only
// near the newest minute, so the final round copies those from a little before this one's newest.
#include "sqlite_stmt.h"
#include "sqlite_storage.h"

#include <limits>

namespace shs::store {

using namespace shs::core;

namespace {

Error syncError(sqlite3 *db, const std::string &what)
{
    return makeError(ErrorCode::StorageFailure, what + ": " + sqlite3_errmsg(db));
}

bool exec(sqlite3 *db, const char *sql)
{
    return sqlite3_exec(db, sql, nullptr, nullptr, nullptr) == SQLITE_OK;
}

// Metric minutes at or after (this replica's newest minute - kMetricMargin) are copied again: a
// minute's row takes additions until the engine has flushed it (and once more at shutdown).
constexpr std::int64_t kMetricMargin = 10;

} // namespace

Result<SqliteStorage::SyncRound> SqliteStorage::syncFrom(const std::string &peerPath, bool final,
                                                         std::size_t maxRecords)
{
    if (auto folded = foldStaged(); !folded)
        return folded.error();
    sqlite3 *db = writerDb();
    {
        Stmt attach(db, "ATTACH DATABASE ?1 AS peer");
        if (!attach.ok())
            return syncError(db, "Cannot read the zone " + peerPath);
        attach.bind(1, peerPath);
        if (attach.step() != SQLITE_DONE)
            return syncError(db, "Cannot read the zone " + peerPath);
    }
    SyncRound round;
    auto body = [&]() -> Result<void> {
        if (!exec(db, "BEGIN IMMEDIATE"))
            return syncError(db, "Cannot begin catching up from " + peerPath);
        Stmt shards(db, "SELECT uid, stream_uid FROM peer.shards ORDER BY uid");
        Stmt last(db, "SELECT max(seq) FROM main.records WHERE shard=?1");
        Stmt count(db, "SELECT (SELECT count(*) FROM peer.records WHERE shard=?1 AND seq>?2) + "
                       "(SELECT count(*) FROM peer.records_log WHERE shard=?1 AND seq>?2)");
        Stmt copy(db, "INSERT OR IGNORE INTO main.records(shard, seq, ts, pk, data, dk) "
                      "SELECT shard, seq, ts, pk, data, dk FROM ("
                      "SELECT shard, seq, ts, pk, data, dk FROM peer.records "
                      "WHERE shard=?1 AND seq>?2 UNION ALL "
                      "SELECT shard, seq, ts, pk, data, dk FROM peer.records_log "
                      "WHERE shard=?1 AND seq>?2) ORDER BY seq LIMIT ?3");
        Stmt first(db, "SELECT min(s) FROM (SELECT min(seq) AS s FROM peer.records WHERE shard=?1 "
                       "UNION ALL SELECT min(seq) FROM peer.records_log WHERE shard=?1)");
        Stmt trim(db, "DELETE FROM main.records WHERE shard=?1 AND seq<?2");
        if (!shards.ok() || !last.ok() || !count.ok() || !copy.ok() || !first.ok() || !trim.ok())
            return syncError(db, "Cannot compare with the zone " + peerPath);
        std::size_t budget = final ? std::numeric_limits<std::size_t>::max() : maxRecords;
        while (shards.step() == SQLITE_ROW) {
            const std::int64_t shard = shards.i64(0);
            const auto stream = std::uint64_t(shards.i64(1));
            last.bind(1, shard);
            if (last.step() != SQLITE_ROW)
                return syncError(db, "Cannot read records");
            const bool none = last.text(0).empty();
            const std::int64_t from = none ? -1 : last.i64(0);
            last.reset();
            count.bind(1, shard);
            count.bind(2, from);
            if (count.step() != SQLITE_ROW)
                return syncError(db, "Cannot count records");
            const auto lacking = std::uint64_t(count.i64(0));
            count.reset();
            std::uint64_t copied = 0;
            if (lacking > 0 && budget > 0) {
                copy.bind(1, shard);
                copy.bind(2, from);
                copy.bind(3, std::int64_t(std::min<std::uint64_t>(lacking, budget)));
                if (copy.step() != SQLITE_DONE)
                    return syncError(db, "Cannot copy records from " + peerPath);
                copy.reset();
                copied = std::uint64_t(sqlite3_changes(db));
                budget -= std::size_t(std::min<std::uint64_t>(copied, budget));
            }
            round.copied += copied;
            if (lacking > copied) {
                round.remaining += lacking - copied;
                round.remainingByStream[stream] += lacking - copied;
            }
            if (!final)
                continue;
            // The head the peer has trimmed since.
            first.bind(1, shard);
            if (first.step() != SQLITE_ROW)
                return syncError(db, "Cannot read records");
            const bool empty = first.text(0).empty();
            const std::int64_t cut
                = empty ? std::numeric_limits<std::int64_t>::max() : first.i64(0);
            first.reset();
            trim.bind(1, shard);
            trim.bind(2, cut);
            if (trim.step() != SQLITE_DONE)
                return syncError(db, "Cannot trim records");
            trim.reset();
        }
        std::int64_t newestMinute = std::numeric_limits<std::int64_t>::min() / 2;
        {
            Stmt newest(db, "SELECT max(minute) FROM main.metrics_minute");
            if (newest.ok() && newest.step() == SQLITE_ROW && !newest.text(0).empty())
                newestMinute = newest.i64(0) - kMetricMargin;
        }
        {
            Stmt minutes(db, "INSERT OR REPLACE INTO main.metrics_minute "
                             "SELECT * FROM peer.metrics_minute WHERE minute>=?1");
            if (!minutes.ok())
                return syncError(db, "Cannot copy metrics from " + peerPath);
            minutes.bind(1, newestMinute);
            if (minutes.step() != SQLITE_DONE)
                return syncError(db, "Cannot copy metrics from " + peerPath);
        }
        if (final) {
            static const char *const kWhole[] = {
                "DELETE FROM main.records WHERE shard NOT IN (SELECT uid FROM peer.shards)",
                "DELETE FROM main.streams",
                "INSERT INTO main.streams SELECT * FROM peer.streams",
                "DELETE FROM main.shards",
                "INSERT INTO main.shards SELECT * FROM peer.shards",
                "DELETE FROM main.meta",
                "INSERT INTO main.meta SELECT * FROM peer.meta",
                "DELETE FROM main.metrics_minute WHERE stream_uid NOT IN "
                "(SELECT uid FROM peer.streams)",
                "DELETE FROM main.metrics_minute WHERE minute < coalesce((SELECT min(p.minute) "
                "FROM peer.metrics_minute p WHERE p.stream_uid=metrics_minute.stream_uid), "
                "minute)",
            };
            for (const char *sql : kWhole)
                if (!exec(db, sql))
                    return syncError(db, "Cannot copy the state of " + peerPath);
        }
        if (!exec(db, "COMMIT"))
            return syncError(db, "Cannot commit what was copied from " + peerPath);
        return ok();
    };
    Result<void> done = body();
    if (!done)
        exec(db, "ROLLBACK");
    exec(db, "DETACH DATABASE peer");
    if (!done)
        return done.error();
    return round;
}

} // namespace shs::store
