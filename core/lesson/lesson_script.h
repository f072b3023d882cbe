// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A lesson as an AWS CLI script: the lesson's "show me" path (each step's actions, then its
// goal's "show me") as `aws kinesis …` commands (AWS CLI v2) in a bash script that replays it on
// real Kinesis Data Streams, with the narration, goals and questions as comments, and what it
// will cost at the price table's list prices.
//
// Shard references ("shard 0", {"ofKey": "user-0"}, "middle") are resolved by playing the
// actions on an engine of our own on a manual clock: Shardscope's engine numbers shards and
// splits hash ranges as Kinesis does, so the ids and keys in the script are the ones AWS
// assigns for the same calls. Generators become loops of put-records calls once a second with a
// sample of the generator's own keys; the script's holds give the traffic the seconds each goal
// is judged over. The script deletes the streams it created when it ends, however it ends.
//
// Pure and synchronous (no threads, no event loop): the window, `shardscope-cli lesson export`
// and the tests all call it.
#include "lesson.h"

#include "engine/metrics.h"

#include <QString>
#include <QStringList>

namespace shs::lesson {

struct LessonScript
{
    QString text;              ///< the bash script (empty when `error` is set)
    QString error;             ///< an action that cannot be played ("step 3, show me: …")
    double runSeconds = 0;     ///< how long the script is expected to run on AWS
    core::CostEstimate cost;   ///< prorated, every stream and mode summed
    double wholeHourTotal = 0; ///< if every started shard-hour and stream-hour is billed in full
    QStringList notes;         ///< what does not carry over from the workbench to AWS
    bool ok() const { return error.isEmpty(); }
};

/// `fileName` names the script in its own usage lines ("routing.sh").
LessonScript awsCliScript(const Lesson &lesson, const QString &fileName,
                          const core::PriceTable &prices = {});
/// awsCliScript() written to `path` (named after it) and made executable. On failure the result's
/// `error` says why: the lesson cannot be played, or the file cannot be written (with the
/// system's reason; `fileError` is set then).
LessonScript writeAwsCliScript(const Lesson &lesson, const QString &path,
                               bool *fileError = nullptr);

} // namespace shs::lesson
