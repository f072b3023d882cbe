// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sqlite_lease_table.h"
#include "sqlite_stmt.h"

#include <sqlite3.h>

namespace shs::store {

using core::Error;
using core::ErrorCode;
using core::Lease;
using core::makeError;
using core::Result;

namespace {

constexpr const char *kSchema = R"sql(
CREATE TABLE IF NOT EXISTS applications(
    application TEXT PRIMARY KEY, stream TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS leases(
    application TEXT NOT NULL, leaseKey TEXT NOT NULL, leaseOwner TEXT,
    leaseCounter INTEGER NOT NULL, checkpoint TEXT NOT NULL,
    checkpointSubSequenceNumber INTEGER NOT NULL, ownerSwitchesSinceCheckpoint INTEGER NOT NULL,
    parentShardId TEXT NOT NULL, childShardIds TEXT NOT NULL,
    startingHashKey TEXT NOT NULL, endingHashKey TEXT NOT NULL,
    PRIMARY KEY(application, leaseKey)) WITHOUT ROWID;
)sql";

constexpr const char *kColumns
    = "leaseKey, leaseOwner, leaseCounter, checkpoint, checkpointSubSequenceNumber, "
      "ownerSwitchesSinceCheckpoint, parentShardId, childShardIds, startingHashKey, endingHashKey";

Error sqlError(sqlite3 *db, const std::string &what)
{
    return makeError(ErrorCode::StorageFailure,
                     "lease table: " + what + ": " + (db ? sqlite3_errmsg(db) : "out of memory"));
}

/// A string set as stored: ids joined by commas (shard ids never hold one).
std::string joinSet(const std::vector<std::string> &ids)
{
    std::string s;
    for (const auto &id : ids)
        s += (s.empty() ? "" : ",") + id;
    return s;
}

std::vector<std::string> splitSet(const std::string &s)
{
    std::vector<std::string> out;
    std::size_t from = 0;
    while (from < s.size()) {
        const std::size_t comma = s.find(',', from);
        const std::size_t to = comma == std::string::npos ? s.size() : comma;
        out.push_back(s.substr(from, to - from));
        from = to + 1;
    }
    return out;
}

Lease leaseFrom(const Stmt &s)
{
    Lease l;
    l.leaseKey = s.text(0);
    l.leaseOwner = s.text(1);
    l.leaseCounter = s.i64(2);
    l.checkpoint = s.text(3);
    l.checkpointSubSequenceNumber = s.i64(4);
    l.ownerSwitchesSinceCheckpoint = s.i64(5);
    l.parentShardId = splitSet(s.text(6));
    l.childShardIds = splitSet(s.text(7));
    l.startingHashKey = s.text(8);
    l.endingHashKey = s.text(9);
    return l;
}

} // namespace

Result<std::unique_ptr<SqliteLeaseTable>> SqliteLeaseTable::open(const std::string &path,
                                                                 const std::string &application,
                                                                 const std::string &stream)
{
    std::unique_ptr<SqliteLeaseTable> t(new SqliteLeaseTable);
    t->m_app = application;
    switch (openShared(path, kSchema, &t->m_db)) {
    case OpenStep::Open:
        return sqlError(t->m_db, "cannot open " + path);
    case OpenStep::Schema:
        return sqlError(t->m_db, "cannot create the tables in " + path);
    case OpenStep::Done:
        break;
    }
    Stmt bind(t->m_db, "INSERT INTO applications(application, stream) VALUES(?1, ?2) "
                       "ON CONFLICT(application) DO NOTHING");
    if (!bind.ok())
        return sqlError(t->m_db, "prepare");
    bind.bind(1, application);
    bind.bind(2, stream);
    if (bind.step() != SQLITE_DONE)
        return sqlError(t->m_db, "cannot record the application");
    Stmt which(t->m_db, "SELECT stream FROM applications WHERE application = ?1");
    which.bind(1, application);
    if (which.step() != SQLITE_ROW)
        return sqlError(t->m_db, "cannot read the application");
    if (const std::string bound = which.text(0); bound != stream)
        return makeError(ErrorCode::ResourceInUse,
                         "Application " + application + " already consumes stream " + bound
                             + "; its leases are shards of that stream. Choose another "
                               "application name, or reset it.");
    return t;
}

SqliteLeaseTable::~SqliteLeaseTable()
{
    sqlite3_close_v2(m_db);
}

Result<std::vector<Lease>> SqliteLeaseTable::listLeases()
{
    const std::lock_guard lock(m_mutex);
    const std::string sql = std::string("SELECT ") + kColumns
                            + " FROM leases WHERE application = ?1 ORDER BY leaseKey";
    Stmt s(m_db, sql.c_str());
    if (!s.ok())
        return sqlError(m_db, "prepare");
    s.bind(1, m_app);
    std::vector<Lease> out;
    int rc;
    while ((rc = s.step()) == SQLITE_ROW)
        out.push_back(leaseFrom(s));
    if (rc != SQLITE_DONE)
        return sqlError(m_db, "scan");
    return out;
}

Result<std::optional<Lease>> SqliteLeaseTable::getLease(const std::string &leaseKey)
{
    const std::lock_guard lock(m_mutex);
    const std::string sql = std::string("SELECT ") + kColumns
                            + " FROM leases WHERE application = ?1 AND leaseKey = ?2";
    Stmt s(m_db, sql.c_str());
    if (!s.ok())
        return sqlError(m_db, "prepare");
    s.bind(1, m_app);
    s.bind(2, leaseKey);
    const int rc = s.step();
    if (rc == SQLITE_ROW)
        return std::optional<Lease>(leaseFrom(s));
    if (rc != SQLITE_DONE)
        return sqlError(m_db, "get " + leaseKey);
    return std::optional<Lease>();
}

Result<bool> SqliteLeaseTable::createLeaseIfNotExists(const Lease &l)
{
    const std::lock_guard lock(m_mutex);
    const std::string sql = std::string("INSERT INTO leases(application, ") + kColumns
                            + ") VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) "
                              "ON CONFLICT(application, leaseKey) DO NOTHING";
    Stmt s(m_db, sql.c_str());
    if (!s.ok())
        return sqlError(m_db, "prepare");
    s.bind(1, m_app);
    s.bind(2, l.leaseKey);
    s.bindOwner(3, l.leaseOwner);
    s.bind(4, l.leaseCounter);
    s.bind(5, l.checkpoint);
    s.bind(6, l.checkpointSubSequenceNumber);
    s.bind(7, l.ownerSwitchesSinceCheckpoint);
    s.bind(8, joinSet(l.parentShardId));
    s.bind(9, joinSet(l.childShardIds));
    s.bind(10, l.startingHashKey);
    s.bind(11, l.endingHashKey);
    if (s.step() != SQLITE_DONE)
        return sqlError(m_db, "create " + l.leaseKey);
    return sqlite3_changes(m_db) == 1;
}

Result<bool> SqliteLeaseTable::conditional(const char *sql, const Lease &l,
                                           const std::string &newOwner)
{
    // ?1 application, ?2 leaseKey, ?3 expected counter, ?4 expected owner, ?5 new owner,
    // ?6 checkpoint, ?7 sub-sequence, ?8 childShardIds. A statement uses some of them; binding
    // the others is refused with SQLITE_RANGE, which is harmless.
    Stmt s(m_db, sql);
    if (!s.ok())
        return sqlError(m_db, "prepare");
    s.bind(1, m_app);
    s.bind(2, l.leaseKey);
    s.bind(3, l.leaseCounter);
    s.bindOwner(4, l.leaseOwner);
    s.bindOwner(5, newOwner);
    s.bind(6, l.checkpoint);
    s.bind(7, l.checkpointSubSequenceNumber);
    s.bind(8, joinSet(l.childShardIds));
    if (s.step() != SQLITE_DONE)
        return sqlError(m_db, "update " + l.leaseKey);
    return sqlite3_changes(m_db) == 1;
}

Result<bool> SqliteLeaseTable::renewLease(Lease &l)
{
    const std::lock_guard lock(m_mutex);
    auto r = conditional("UPDATE leases SET leaseCounter = leaseCounter + 1 "
                         "WHERE application = ?1 AND leaseKey = ?2 AND leaseCounter = ?3 "
                         "AND leaseOwner IS ?4",
                         l, l.leaseOwner);
    if (r && *r)
        ++l.leaseCounter;
    return r;
}

Result<bool> SqliteLeaseTable::takeLease(Lease &l, const std::string &owner)
{
    const std::lock_guard lock(m_mutex);
    auto r = conditional(
        "UPDATE leases SET leaseCounter = leaseCounter + 1, leaseOwner = ?5, "
        "ownerSwitchesSinceCheckpoint = ownerSwitchesSinceCheckpoint + (leaseOwner IS NOT ?5) "
        "WHERE application = ?1 AND leaseKey = ?2 AND leaseCounter = ?3",
        l, owner);
    if (r && *r) {
        ++l.leaseCounter;
        if (l.leaseOwner != owner)
            ++l.ownerSwitchesSinceCheckpoint;
        l.leaseOwner = owner;
    }
    return r;
}

Result<bool> SqliteLeaseTable::evictLease(Lease &l)
{
    const std::lock_guard lock(m_mutex);
    auto r = conditional("UPDATE leases SET leaseCounter = leaseCounter + 1, leaseOwner = NULL "
                         "WHERE application = ?1 AND leaseKey = ?2 AND leaseCounter = ?3 "
                         "AND leaseOwner IS ?4",
                         l, {});
    if (r && *r) {
        ++l.leaseCounter;
        l.leaseOwner.clear();
    }
    return r;
}

Result<bool> SqliteLeaseTable::updateLease(Lease &l)
{
    const std::lock_guard lock(m_mutex);
    auto r = conditional(
        "UPDATE leases SET leaseCounter = leaseCounter + 1, checkpoint = ?6, "
        "checkpointSubSequenceNumber = ?7, childShardIds = ?8, ownerSwitchesSinceCheckpoint = 0 "
        "WHERE application = ?1 AND leaseKey = ?2 AND leaseCounter = ?3 AND leaseOwner IS ?4",
        l, l.leaseOwner);
    if (r && *r) {
        ++l.leaseCounter;
        l.ownerSwitchesSinceCheckpoint = 0;
    }
    return r;
}

Result<bool> SqliteLeaseTable::deleteLease(const Lease &l)
{
    const std::lock_guard lock(m_mutex);
    Stmt s(m_db,
           "DELETE FROM leases WHERE application = ?1 AND leaseKey = ?2 AND leaseCounter = ?3");
    if (!s.ok())
        return sqlError(m_db, "prepare");
    s.bind(1, m_app);
    s.bind(2, l.leaseKey);
    s.bind(3, l.leaseCounter);
    if (s.step() != SQLITE_DONE)
        return sqlError(m_db, "delete " + l.leaseKey);
    return sqlite3_changes(m_db) == 1;
}

Result<void> SqliteLeaseTable::reset()
{
    const std::lock_guard lock(m_mutex);
    Stmt s(m_db, "DELETE FROM leases WHERE application = ?1");
    if (!s.ok())
        return sqlError(m_db, "prepare");
    s.bind(1, m_app);
    if (s.step() != SQLITE_DONE)
        return sqlError(m_db, "reset");
    return core::ok();
}

} // namespace shs::store
