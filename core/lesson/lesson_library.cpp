// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "lesson_library.h"

#include <QDir>
#include <QFileInfo>

namespace shs::lesson {

std::vector<LessonEntry> builtInLessons()
{
    std::vector<LessonEntry> out;
    const QDir dir(QStringLiteral(":/shardscope/lessons"));
    for (const auto &name : dir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name)) {
        const QString path = dir.filePath(name);
        auto parsed = readLessonFile(path);
        out.push_back({path, parsed.ok() ? std::move(parsed.lesson) : Lesson{}});
    }
    return out;
}

std::optional<QString> locateLesson(const QString &fileOrId)
{
    if (QFileInfo(fileOrId).isFile())
        return fileOrId;
    for (const auto &entry : builtInLessons())
        if (entry.lesson.id == fileOrId)
            return entry.path;
    return std::nullopt;
}

} // namespace shs::lesson
