// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What a teacher does on an engine, as lesson actions and goals — the lesson builder's recording.
// Pure functions of the operation and the engine's state; the window's builder (ui/lessons)
// feeds them from StreamBackend's operation observer, the Publish tab's generators and the
// engine speed.
//
// Shards are recorded by their place among the open shards in hash-key order, not by id: a
// lesson starts from an empty engine, where the recorded stream is created anew and its ids
// start again at 0, while places mean the same shards there. A split in the middle of its shard
// is recorded as "middle".
#include "lesson.h"

#include "engine/snapshot.h"
#include "producer/record_generator.h"
#include "service/stream_backend.h"

#include <optional>
#include <string_view>
#include <vector>

namespace shs::lesson {

/// The streams that exist when recording starts, as the actions that build them (created with
/// their open shard count, then their mode and retention when those are not the defaults).
std::vector<Action> startingState(const core::EngineSnapshot &snapshot);

/// A catalogue operation that succeeded (`request` points to its Request), as the lesson actions
/// that repeat it; empty for operations a lesson does not perform (reads, tags, …). `snapshot`
/// is the engine's latest state, before or after the operation took effect.
std::vector<Action> actionsOf(std::string_view operation, const void *request,
                              const core::EngineSnapshot &snapshot);

/// A generator of the Publish tab, as the lesson's startGenerator (keys from `spec`).
Action generatorAction(const producer::GeneratorSpec &spec);

/// The stream as it is now, as checks a goal can hold the learner to: its open shards, its
/// parents, its mode and retention when not the defaults, and — from its last 10 s of metrics —
/// throttling, or the rate it takes without throttling. `text` says it for people.
Goal goalFromState(const core::StreamInfo &stream, const service::MetricsWindow *metrics);

} // namespace shs::lesson
