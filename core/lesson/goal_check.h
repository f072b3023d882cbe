// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Goal checks against live engine state: pure functions of a topology snapshot and the stream's
// recent per-second metrics (engine seconds, so a check means the same at any engine speed).
#include "lesson.h"

#include "engine/snapshot.h"
#include "service/stream_backend.h"

#include <optional>

namespace shs::lesson {

struct CheckOutcome
{
    bool met = false;
    QString status; ///< what the engine shows now ("3 open shards", "throttled 2 s ago")
};

/// The stream named `name` in `snapshot`, or nullptr.
const core::StreamInfo *findStream(const core::EngineSnapshot &snapshot, const std::string &name);

/// The open shard `ref` names in `stream` now, if any: by id (open or closed), by place among the
/// open shards in hash-key order, or as the open shard a partition key's MD5 falls in.
std::optional<core::ShardInfo> resolveShard(const core::StreamInfo &stream, const ShardRef &ref);

/// `metrics` is the check's stream's recent window (nullptr when it has none yet).
CheckOutcome evaluate(const Check &check, const core::EngineSnapshot &snapshot,
                      const service::MetricsWindow *metrics);

/// Whether `check` needs the stream's metrics window.
bool needsMetrics(const Check &check);

} // namespace shs::lesson
