// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A SQLite VFS shim ("shs-faulty") over the default VFS that can inject write failures, the way
// leveldb's fault-injection Env does. Used by the storage tests and by `shardscope-cli` when
// SHS_FAULT_WRITE_BUDGET is set (crash/fault drills): once the budget of written bytes is spent,
// every write fails with SQLITE_FULL (disk full) or SQLITE_IOERR_WRITE (I/O error).
//
// Thread safety: the plan is atomic; register once per process.
#include <atomic>
#include <cstdint>

namespace shs::store {

struct FaultPlan
{
    std::atomic<std::int64_t> writeBudgetBytes{-1}; ///< -1: unlimited
    std::atomic<bool> ioError{false};               ///< false: SQLITE_FULL, true: SQLITE_IOERR
    std::atomic<std::int64_t> failures{0};          ///< writes refused so far
};

/// Registers the VFS (idempotent) and returns its name.
const char *registerFaultyVfs();
FaultPlan &faultPlan();

} // namespace shs::store
