// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "tail_checkpoints.h"

#include "sqlite_stmt.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <unistd.h>

namespace shs::store {

using core::ErrorCode;
using core::makeError;
using core::Result;

namespace {

constexpr const char *kSchema = R"sql(
CREATE TABLE IF NOT EXISTS flows(flow TEXT PRIMARY KEY) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS file_checkpoints(
    flow TEXT NOT NULL, fileId TEXT NOT NULL, path TEXT NOT NULL, offset INTEGER NOT NULL,
    fingerprint BLOB NOT NULL, lastUpdated INTEGER NOT NULL,
    PRIMARY KEY(flow, fileId)) WITHOUT ROWID;
)sql";

core::Error sqlError(sqlite3 *db, const std::string &what)
{
    return makeError(ErrorCode::StorageFailure, "agent checkpoints: " + what + ": "
                                                    + (db ? sqlite3_errmsg(db) : "out of memory"));
}

} // namespace

Result<std::unique_ptr<TailCheckpointFile>> TailCheckpointFile::open(const std::string &path)
{
    std::unique_ptr<TailCheckpointFile> f(new TailCheckpointFile);
    f->m_path = path;
    if (path != ":memory:") {
        // Created 0600 before SQLite opens it: the paths of what a user tails are theirs.
        const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
        if (fd < 0)
            return makeError(ErrorCode::StorageFailure, "agent checkpoints: cannot open " + path
                                                            + ": " + std::strerror(errno));
        ::close(fd);
    }
    switch (openShared(path, kSchema, &f->m_db)) {
    case OpenStep::Open:
        return sqlError(f->m_db, "cannot open " + path);
    case OpenStep::Schema:
        return sqlError(f->m_db, "cannot create the tables in " + path
                                     + " (is it the Kinesis Agent's own checkpoint file?)");
    case OpenStep::Done:
        break;
    }
    return f;
}

TailCheckpointFile::~TailCheckpointFile()
{
    sqlite3_close(m_db);
}

Result<std::vector<TailCheckpoint>> TailCheckpointFile::load(const std::string &flow)
{
    const std::lock_guard lock(m_mutex);
    Stmt s(m_db, "SELECT fileId, path, offset, fingerprint, lastUpdated FROM file_checkpoints "
                 "WHERE flow = ?1 ORDER BY fileId");
    if (!s.ok())
        return sqlError(m_db, "prepare");
    s.bind(1, flow);
    std::vector<TailCheckpoint> out;
    int rc;
    while ((rc = s.step()) == SQLITE_ROW)
        out.push_back({s.text(0), s.text(1), s.i64(2), s.blob(3), s.i64(4)});
    if (rc != SQLITE_DONE)
        return sqlError(m_db, "cannot read the checkpoints");
    return out;
}

Result<bool> TailCheckpointFile::known(const std::string &flow)
{
    const std::lock_guard lock(m_mutex);
    Stmt s(m_db, "SELECT 1 FROM flows WHERE flow = ?1");
    if (!s.ok())
        return sqlError(m_db, "prepare");
    s.bind(1, flow);
    const int rc = s.step();
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return sqlError(m_db, "cannot read the flows");
    return rc == SQLITE_ROW;
}

Result<void> TailCheckpointFile::save(const std::string &flow,
                                      const std::vector<TailCheckpoint> &files)
{
    const std::lock_guard lock(m_mutex);
    if (sqlite3_exec(m_db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) != SQLITE_OK)
        return sqlError(m_db, "cannot begin");
    auto fail = [this](const char *what) {
        auto e = sqlError(m_db, what);
        sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr);
        return e;
    };
    {
        Stmt mark(m_db, "INSERT OR IGNORE INTO flows(flow) VALUES(?1)");
        Stmt clear(m_db, "DELETE FROM file_checkpoints WHERE flow = ?1");
        if (!mark.ok() || !clear.ok())
            return fail("prepare");
        mark.bind(1, flow);
        clear.bind(1, flow);
        if (mark.step() != SQLITE_DONE || clear.step() != SQLITE_DONE)
            return fail("cannot write the checkpoints");
        Stmt put(m_db, "INSERT INTO file_checkpoints(flow, fileId, path, offset, fingerprint, "
                       "lastUpdated) VALUES(?1, ?2, ?3, ?4, ?5, ?6)");
        if (!put.ok())
            return fail("prepare");
        for (const auto &f : files) {
            put.reset();
            put.bind(1, flow);
            put.bind(2, f.fileId);
            put.bind(3, f.path);
            put.bind(4, f.offset);
            put.bindBlob(5, f.fingerprint);
            put.bind(6, f.updatedMs);
            if (put.step() != SQLITE_DONE)
                return fail("cannot write the checkpoints");
        }
    }
    if (sqlite3_exec(m_db, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK)
        return fail("cannot commit");
    return {};
}

} // namespace shs::store
