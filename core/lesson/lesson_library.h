// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The built-in curriculum: lesson files compiled into the binaries (resources/lessons, Qt resource
// path :/shardscope/lessons), in the order of their file names.
#include "lesson.h"

#include <optional>
#include <vector>

namespace shs::lesson {

struct LessonEntry
{
    QString path; ///< ":/shardscope/lessons/01-routing.json" or a file
    Lesson lesson;
};

/// The built-in lessons, parsed. A built-in lesson with errors is a build mistake: the test suite
/// checks every one, so none is dropped silently here either — it comes with an empty id.
std::vector<LessonEntry> builtInLessons();

/// A lesson file path, or the id of a built-in lesson ("routing"): the path to read.
std::optional<QString> locateLesson(const QString &fileOrId);

} // namespace shs::lesson
