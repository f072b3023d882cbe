// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// DataDir: a Shardscope data directory and its exclusive lock.
//
// Layout: shardscope.db (+ -wal, -shm; with three zones also shardscope.zone-b.db and
// shardscope.zone-c.db), token.key (32 random bytes sealing iterators and paging
// tokens, mode 0600), kms.key (32 random bytes sealing the local KMS's key material, mode 0600),
// kms.sqlite3 (the local KMS: store/kms_file.h), LOCK (flock(2)-held by the owning process; holds
// "pid name"). The lock is advisory and dies with its process, so a crash never leaves a stale lock
// behind. A second process gets a clear error that names the process holding the directory.
//
// Thread safety: immutable after open().
#include "crypto/aead.h"
#include "engine/result.h"

#include <memory>
#include <string>

namespace shs::store {

class DataDir final
{
  public:
    /// Creates the directory if needed and takes the lock. `processName` is recorded in LOCK.
    static core::Result<std::unique_ptr<DataDir>> open(const std::string &path,
                                                       const std::string &processName);
    ~DataDir();

    const std::string &path() const { return m_path; }
    /// Adds a line to the lock file after the owner ("serving the Kinesis API at URL"), so that
    /// a process refused the directory can say where to reach its holder.
    core::Result<void> advertise(const std::string &note);
    std::string databasePath() const { return m_path + "/shardscope.db"; }
    /// The database of zone `index` (0, 1, 2) when the records are kept in three zones
    /// (zoned_storage.h): zone 0 is shardscope.db itself, so a one-zone directory becomes
    /// three by rebuilding the other two; then shardscope.zone-b.db and shardscope.zone-c.db.
    std::string zonePath(int index) const
    {
        return index == 0 ? databasePath()
                          : m_path + "/shardscope.zone-" + char('a' + index) + ".db";
    }
    const crypto::AeadKey &tokenKey() const { return m_tokenKey; }
    const crypto::AeadKey &kmsMasterKey() const { return m_kmsMasterKey; }
    std::string kmsPath() const { return m_path + "/kms.sqlite3"; }

  private:
    DataDir() = default;
    std::string m_path;
    int m_lockFd = -1;
    std::string m_owner; ///< "pid (process)", the lock file's first line
    crypto::AeadKey m_tokenKey{};
    crypto::AeadKey m_kmsMasterKey{};
};

} // namespace shs::store
