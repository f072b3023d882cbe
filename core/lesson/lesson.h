// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Lesson: a guided lesson on a live engine, read from a lesson file (format "shardscope-lesson",
// version 1, documented in core/lesson/README.md). A lesson is a list of steps; each step has
// narration (Qt rich text), an optional highlight of the part of the window it talks about,
// actions the lesson performs when the step opens, and optionally a goal the learner must reach
// (checks against live engine state, hints, and a "show me" that performs a solution) and a
// question with an explained answer.
//
// parseLesson() never throws and never stops at the first problem: it returns every error with
// the line of the file and the field's path ("steps[2].goal.checks[0].seconds"), so that
// `shardscope-cli lesson check` can name them all.
#include <QByteArray>
#include <QString>
#include <QStringList>

#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace shs::lesson {

inline constexpr const char *kFormatName = "shardscope-lesson";
inline constexpr int kFormatVersion = 1;

/// A shard named by a lesson: its id, its place among the open shards in hash-key order (0 is the
/// lowest), or the open shard a partition key routes to. Shard ids are only stable within a lesson
/// (which starts from an empty engine), so lessons mostly use the other two.
struct ShardRef
{
    std::string shardId;
    int openIndex = -1;
    std::string ofKey;
    bool empty() const { return shardId.empty() && openIndex < 0 && ofKey.empty(); }
    std::string describe() const;
};

/// What the lesson does (at the start of a step, or for "show me").
struct Action
{
    enum class Kind {
        CreateStream,     ///< stream, shards (provisioned) or mode ON_DEMAND
        DeleteStream,     ///< stream
        StartGenerator,   ///< stream, rate, keys, distribution, recordBytes, retry
        StopGenerators,   ///< every generator the lesson started
        SetSpeed,         ///< speed (0 pauses engine time)
        Split,            ///< stream, shard, at ("middle", or a decimal hash key)
        Merge,            ///< stream, shard, with (its neighbour)
        UpdateShardCount, ///< stream, target
        SetCapacityMode,  ///< stream, mode
        SetRetention,     ///< stream, hours
        PutRecords,       ///< stream, key, count, data
    };
    Kind kind = Kind::CreateStream;
    int line = 0;
    QString path; ///< "steps[1].actions[0]", for errors
    std::string stream;
    int shards = 1;
    std::string mode; ///< PROVISIONED or ON_DEMAND
    double rate = 0;
    int keys = 100;
    std::string distribution = "uniform"; ///< uniform, zipf, hotkey, sequential
    int recordBytes = 200;
    bool retry = false;
    double speed = 1;
    ShardRef shard;
    ShardRef with;
    std::string at = "middle";
    int target = 0;
    int hours = 24;
    std::string key;
    int count = 1;
    std::string data = "hello";

    static const QStringList &kindNames();
    QString kindName() const;
    /// One line for people ("Split shard #0 of orders in the middle").
    QString describe() const;
};

/// One condition on live engine state.
struct Check
{
    enum class Kind {
        StreamActive,   ///< stream exists and is ACTIVE
        OpenShards,     ///< min / max open shards
        ClosedShards,   ///< at least min closed (parent) shards: lineage
        RecordsInShard, ///< at least min records written to `shard` over the last `seconds`
        NoThrottling,   ///< the last `seconds` engine seconds: ≥ minRate records/s each, none
                        ///< throttled
        Throttled,      ///< some write throttled in the last `seconds`
        CapacityMode,   ///< mode
        RetentionHours, ///< at least min hours
    };
    Kind kind = Kind::StreamActive;
    int line = 0;
    QString path;
    std::string stream;
    int min = -1;
    int max = -1;
    int seconds = 10;
    double minRate = 0;
    ShardRef shard;
    std::string mode;

    static const QStringList &kindNames();
    QString kindName() const;
    QString describe() const;
};

struct Goal
{
    QString text;              ///< what the learner must do, for people
    std::vector<Check> checks; ///< all must hold at once
    QStringList hints;
    std::vector<Action> showMe;
};

struct Question
{
    QString text;
    QStringList choices;
    int answer = 0; ///< index into choices
    QString explanation;
};

/// What the window shows while a step is open.
struct Highlight
{
    std::string view; ///< one of Highlight::viewNames()
    ShardRef shard;   ///< for "bar" and "lineage"
    static const QStringList &viewNames();
};

struct Step
{
    int line = 0;
    QString title;
    QString narration; ///< Qt rich text
    std::optional<Highlight> highlight;
    std::vector<Action> actions;
    std::optional<Goal> goal;
    std::optional<Question> question;
};

struct Lesson
{
    QString id;
    QString title;
    QString summary;
    int minutes = 10;
    std::vector<Step> steps;
};

struct LessonError
{
    int line = 0;
    QString field; ///< "steps[2].goal.checks[0].seconds", empty for the whole file
    QString message;
    /// "routing.json:14: steps[0].actions[1].rate: must be a number above 0"
    QString format(const QString &fileName) const;
};

struct ParsedLesson
{
    Lesson lesson;
    std::vector<LessonError> errors; ///< in line order; the lesson is usable only when empty
    bool ok() const { return errors.empty(); }
};

ParsedLesson parseLesson(const QByteArray &json);
/// Reads and parses a file; an unreadable file is one error.
ParsedLesson readLessonFile(const QString &path);

/// The lesson as a lesson file (lesson_writer.cpp), laid out as the built-in lessons are: the
/// format's member order, one action or check a line, narration one paragraph a line, defaults
/// left out. parseLesson(writeLesson(l)) gives `l` back.
QByteArray writeLesson(const Lesson &lesson);

} // namespace shs::lesson
