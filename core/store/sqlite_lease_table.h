// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// SqliteLeaseTable: a consumer application's lease table (engine/leases.h) in SQLite, where the
// KCL keeps it in DynamoDB. One file holds the tables of many applications: rows keyed by
// (application, leaseKey), with the KCL's attribute names as columns, and each application bound
// to the stream it was first run on.
//
// Every conditional write is one UPDATE … WHERE leaseCounter = ? AND leaseOwner IS ?, atomic in
// SQLite as DynamoDB's Expected clause is, so workers in several processes (each with its own
// SqliteLeaseTable on the same file, WAL, a 5 s busy timeout) coordinate as the KCL's do.
// synchronous=NORMAL: a lease write lost to a power cut only makes a lease look older.
// Thread-safe (one connection behind a mutex).
#include "engine/leases.h"

#include <memory>
#include <mutex>
#include <string>

struct sqlite3;

namespace shs::store {

class SqliteLeaseTable final : public core::LeaseTable
{
  public:
    /// Opens (creating) the file at `path` (":memory:" for a private table) for `application`
    /// consuming `stream`. Refused with ResourceInUseException when the application already
    /// consumes another stream from this file.
    static core::Result<std::unique_ptr<SqliteLeaseTable>>
    open(const std::string &path, const std::string &application, const std::string &stream);
    ~SqliteLeaseTable() override;

    core::Result<std::vector<core::Lease>> listLeases() override;
    core::Result<std::optional<core::Lease>> getLease(const std::string &leaseKey) override;
    core::Result<bool> createLeaseIfNotExists(const core::Lease &lease) override;
    core::Result<bool> renewLease(core::Lease &lease) override;
    core::Result<bool> takeLease(core::Lease &lease, const std::string &owner) override;
    core::Result<bool> evictLease(core::Lease &lease) override;
    core::Result<bool> updateLease(core::Lease &lease) override;
    core::Result<bool> deleteLease(const core::Lease &lease) override;

    /// Drops the application's leases (a fresh start from its initial position).
    core::Result<void> reset();
    const std::string &application() const { return m_app; }

  private:
    SqliteLeaseTable() = default;
    core::Result<bool> conditional(const char *sql, const core::Lease &lease,
                                   const std::string &newOwner);

    std::mutex m_mutex;
    sqlite3 *m_db = nullptr;
    std::string m_app;
};

} // namespace shs::store
