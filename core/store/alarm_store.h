// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// AlarmStore: CloudWatch-style alarms (alarms/alarm.h) and their state history in SQLite —
// `alarms.sqlite3` in the data directory, its own file beside the engine's. put() creates an
// alarm in INSUFFICIENT_DATA ("Unchecked: Initial alarm creation") or changes its definition
// keeping its state, as PutMetricAlarm does; recordState() writes the new state and its history
// item in one transaction. WAL, synchronous=NORMAL, 5 s busy timeout, so the window and
// shardscope-cli may share the file. Thread-safe (one connection behind a mutex).
#include "alarms/alarm.h"

#include <memory>
#include <mutex>

struct sqlite3;

namespace shs::store {

class AlarmStore final : public alarms::AlarmRepository
{
  public:
    static core::Result<std::unique_ptr<AlarmStore>> open(const std::string &path);
    ~AlarmStore() override;

    /// Creates or redefines the alarm (validated first).
    core::Result<void> put(const alarms::AlarmDefinition &alarm, std::int64_t nowMs) override;
    /// Deletes the alarms named, and their history; ResourceNotFound naming the first unknown.
    core::Result<void> remove(const std::vector<std::string> &names) override;
    core::Result<std::vector<alarms::StoredAlarm>> list(const std::string &stream = {}) override;
    core::Result<void> recordState(const std::string &name,
                                   const alarms::HistoryItem &item) override;
    /// State changes, newest first: of one alarm (or all when `name` is empty), at most `limit`.
    core::Result<std::vector<alarms::HistoryItem>> history(const std::string &name,
                                                           int limit) override;

  private:
    AlarmStore() = default;
    std::mutex m_mutex;
    sqlite3 *m_db = nullptr;
};

} // namespace shs::store
