// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// TailCheckpointFile: where the Agent-style file tailer (producer/file_tailer.h) keeps how far
// each file of each flow has been acknowledged, as the Kinesis Agent keeps its `checkpointFile`
// (a SQLite database, one row per flow and file). A file is named by its device and inode, so a
// renamed file keeps its place; the first bytes read from it (its fingerprint) tell a file that
// reused an inode from the file that had it.
//
// save() replaces a flow's rows in one transaction, so the file on disk always holds one whole
// state of the flow. WAL, synchronous=NORMAL: a power cut may take back the last checkpoints, and
// the lines after them are sent again, as at-least-once allows; a checkpoint never runs ahead of
// what Kinesis acknowledged. Thread-safe (one connection behind a mutex).
#include "engine/result.h"

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

struct sqlite3;

namespace shs::store {

struct TailCheckpoint
{
    std::string fileId;      ///< "device:inode"
    std::string path;        ///< where it was last seen
    std::int64_t offset = 0; ///< bytes acknowledged (or skipped) from the start of the file
    std::string fingerprint; ///< its first bytes, as read
    std::int64_t updatedMs = 0;
    bool operator==(const TailCheckpoint &) const = default;
};

class TailCheckpointFile
{
  public:
    /// Opens (creating, mode 0600) the database at `path`; ":memory:" for a private one.
    static core::Result<std::unique_ptr<TailCheckpointFile>> open(const std::string &path);
    ~TailCheckpointFile();
    TailCheckpointFile(const TailCheckpointFile &) = delete;
    TailCheckpointFile &operator=(const TailCheckpointFile &) = delete;

    /// The flow's rows; none for a flow never run from this file.
    core::Result<std::vector<TailCheckpoint>> load(const std::string &flow);
    /// Whether the flow has run from this file before (it has a row, or an empty marker).
    core::Result<bool> known(const std::string &flow);
    /// Replaces the flow's rows with `files` (and marks the flow known).
    core::Result<void> save(const std::string &flow, const std::vector<TailCheckpoint> &files);
    const std::string &path() const { return m_path; }

  private:
    TailCheckpointFile() = default;
    std::mutex m_mutex;
    sqlite3 *m_db = nullptr;
    std::string m_path;
};

} // namespace shs::store
