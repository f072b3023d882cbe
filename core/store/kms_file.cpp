// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "kms_file.h"

#include "sqlite_stmt.h"

#include <sys/stat.h>

namespace shs::store {

using core::ErrorCode;
using core::makeError;
using core::Result;

namespace {

constexpr const char *kSchema = R"sql(
PRAGMA synchronous=FULL;
CREATE TABLE IF NOT EXISTS kms_state(id INTEGER PRIMARY KEY CHECK (id = 1), state TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS data_keys(
    id INTEGER PRIMARY KEY, key_arn TEXT NOT NULL, created_ms INTEGER NOT NULL,
    wrapped BLOB NOT NULL);
)sql";

core::Error sqlError(sqlite3 *db, const std::string &what)
{
    return makeError(ErrorCode::StorageFailure,
                     "kms: " + what + ": " + (db ? sqlite3_errmsg(db) : "out of memory"));
}

} // namespace

Result<std::unique_ptr<KmsFile>> KmsFile::open(const std::string &path)
{
    std::unique_ptr<KmsFile> f(new KmsFile);
    switch (openShared(path, kSchema, &f->m_db)) {
    case OpenStep::Open:
        return sqlError(f->m_db, "cannot open " + path);
    case OpenStep::Schema:
        return sqlError(f->m_db, "cannot create the tables in " + path);
    case OpenStep::Done:
        break;
    }
    ::chmod(path.c_str(), 0600);
    return f;
}

KmsFile::~KmsFile()
{
    sqlite3_close(m_db);
}

Result<std::string> KmsFile::loadState()
{
    const std::lock_guard lock(m_mutex);
    Stmt s(m_db, "SELECT state FROM kms_state WHERE id = 1");
    if (!s.ok())
        return sqlError(m_db, "cannot read the keys");
    const int rc = s.step();
    if (rc == SQLITE_ROW)
        return s.text(0);
    if (rc != SQLITE_DONE)
        return sqlError(m_db, "cannot read the keys");
    return std::string();
}

Result<void> KmsFile::saveState(const std::string &state)
{
    const std::lock_guard lock(m_mutex);
    Stmt s(m_db, "INSERT OR REPLACE INTO kms_state(id, state) VALUES(1, ?1)");
    if (!s.ok())
        return sqlError(m_db, "cannot save the keys");
    s.bind(1, state);
    if (s.step() != SQLITE_DONE)
        return sqlError(m_db, "cannot save the keys");
    return core::ok();
}

Result<std::vector<kms::DataKeyRow>> KmsFile::loadDataKeys()
{
    const std::lock_guard lock(m_mutex);
    Stmt s(m_db, "SELECT id, key_arn, created_ms, wrapped FROM data_keys ORDER BY id");
    if (!s.ok())
        return sqlError(m_db, "cannot read the data keys");
    std::vector<kms::DataKeyRow> out;
    int rc;
    while ((rc = s.step()) == SQLITE_ROW)
        out.push_back({static_cast<std::uint32_t>(s.i64(0)), s.text(1), s.i64(2), s.blob(3)});
    if (rc != SQLITE_DONE)
        return sqlError(m_db, "cannot read the data keys");
    return out;
}

Result<void> KmsFile::addDataKey(const kms::DataKeyRow &row)
{
    const std::lock_guard lock(m_mutex);
    Stmt s(m_db, "INSERT INTO data_keys(id, key_arn, created_ms, wrapped) VALUES(?1, ?2, ?3, ?4)");
    if (!s.ok())
        return sqlError(m_db, "cannot save a data key");
    s.bind(1, std::int64_t{row.id});
    s.bind(2, row.keyArn);
    s.bind(3, row.createdMs);
    s.bindBlob(4, row.wrapped);
    if (s.step() != SQLITE_DONE)
        return sqlError(m_db, "cannot save a data key");
    return core::ok();
}

} // namespace shs::store
