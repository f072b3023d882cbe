// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Stmt: one prepared SQLite statement, finalised when it goes out of scope, for the store's small
// tables (the lease table, the file tailer's checkpoints). Internal to shs_store.
#include <sqlite3.h>

#include <cstdint>
#include <string>

namespace shs::store {

/// Where opening a small shared file stopped (OpenStep::Done: it is open).
enum class OpenStep { Done, Open, Schema };

/// Opens (creating) a small table file that several processes share — the lease table, the
/// alarms, the tailer's checkpoints: WAL, synchronous=NORMAL (a power cut may take back the last
/// writes), a 5 s busy timeout, then `schema`. `*db` is set even on failure, for its message.
inline OpenStep openShared(const std::string &path, const char *schema, sqlite3 **db)
{
    if (sqlite3_open_v2(path.c_str(), db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr)
        != SQLITE_OK)
        return OpenStep::Open;
    sqlite3_busy_timeout(*db, 5000);
    sqlite3_exec(*db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL", nullptr, nullptr,
                 nullptr);
    if (sqlite3_exec(*db, schema, nullptr, nullptr, nullptr) != SQLITE_OK)
        return OpenStep::Schema;
    return OpenStep::Done;
}

class Stmt
{
  public:
    Stmt(sqlite3 *db, const char *sql)
    {
        if (sqlite3_prepare_v2(db, sql, -1, &m_s, nullptr) != SQLITE_OK)
            m_s = nullptr;
    }
    ~Stmt() { sqlite3_finalize(m_s); }
    Stmt(const Stmt &) = delete;
    Stmt &operator=(const Stmt &) = delete;
    bool ok() const { return m_s != nullptr; }
    void bind(int i, const std::string &v)
    {
        sqlite3_bind_text(m_s, i, v.data(), int(v.size()), SQLITE_TRANSIENT);
    }
    void bindBlob(int i, const std::string &v)
    {
        sqlite3_bind_blob(m_s, i, v.data(), int(v.size()), SQLITE_TRANSIENT);
    }
    /// NULL for an empty owner (the KCL's unowned lease).
    void bindOwner(int i, const std::string &owner)
    {
        if (owner.empty())
            sqlite3_bind_null(m_s, i);
        else
            bind(i, owner);
    }
    void bind(int i, std::int64_t v) { sqlite3_bind_int64(m_s, i, v); }
    void bind(int i, double v) { sqlite3_bind_double(m_s, i, v); }
    int step() { return sqlite3_step(m_s); }
    void reset() { sqlite3_reset(m_s); }
    std::string text(int col) const
    {
        const auto *p = reinterpret_cast<const char *>(sqlite3_column_text(m_s, col));
        return p ? std::string(p, std::size_t(sqlite3_column_bytes(m_s, col))) : std::string();
    }
    std::string blob(int col) const
    {
        const auto *p = static_cast<const char *>(sqlite3_column_blob(m_s, col));
        return p ? std::string(p, std::size_t(sqlite3_column_bytes(m_s, col))) : std::string();
    }
    std::int64_t i64(int col) const { return sqlite3_column_int64(m_s, col); }
    double real(int col) const { return sqlite3_column_double(m_s, col); }

  private:
    sqlite3_stmt *m_s = nullptr;
};

} // namespace shs::store
