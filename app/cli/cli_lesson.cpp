// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
// `shardscope-cli lesson list|check|play|export`: the built-in curriculum, validating lesson files
// (every error with its line and field), playing a lesson headless on a scratch engine by its
// "show me" path — what the test suite does with every built-in lesson — and writing it as an AWS
// CLI script that replays it on real Kinesis, with what that costs.
#include "cli_context.h"
#include "scratch_engine.h"

#include "lesson/lesson_library.h"
#include "lesson/lesson_runner.h"
#include "lesson/lesson_script.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QTimer>

#include <cstdio>
#include <optional>

namespace shs::cli {

namespace {

int lessonList()
{
    for (const auto &entry : lesson::builtInLessons())
        std::printf("%-16s %3d min  %s\n", qPrintable(entry.lesson.id), entry.lesson.minutes,
                    qPrintable(entry.lesson.title));
    return ExitOk;
}

int lessonCheck(const QStringList &files)
{
    if (files.isEmpty())
        throw UsageError("lesson check takes one or more lesson files");
    int bad = 0;
    for (const auto &file : files) {
        const auto where = lesson::locateLesson(file);
        const auto parsed = lesson::readLessonFile(where.value_or(file));
        const QString name = QFileInfo(file).fileName();
        if (parsed.ok()) {
            int goals = 0;
            int questions = 0;
            for (const auto &s : parsed.lesson.steps) {
                goals += s.goal ? 1 : 0;
                questions += s.question ? 1 : 0;
            }
            const auto count = [](std::size_t n, const char *one, const char *many) {
                return std::to_string(n) + ' ' + (n == 1 ? one : many);
            };
            std::printf("%s: ok (\"%s\": %s, %s, %s)\n", qPrintable(name),
                        qPrintable(parsed.lesson.title),
                        count(parsed.lesson.steps.size(), "step", "steps").c_str(),
                        count(std::size_t(goals), "goal", "goals").c_str(),
                        count(std::size_t(questions), "question", "questions").c_str());
            continue;
        }
        ++bad;
        for (const auto &e : parsed.errors)
            std::fprintf(stderr, "%s\n", qPrintable(e.format(name)));
        std::fprintf(stderr, "%s: %zu error(s)\n", qPrintable(name), parsed.errors.size());
    }
    return bad ? ExitFailure : ExitOk;
}

/// Reads a lesson named by file or built-in id, printing its errors.
std::optional<lesson::Lesson> readLesson(const QString &what, const char *command)
{
    const auto where = lesson::locateLesson(what);
    if (!where)
        throw UsageError(qPrintable(QStringLiteral("lesson %1: no lesson file or built-in lesson "
                                                   "named \"%2\" (shardscope-cli lesson list)")
                                        .arg(QLatin1String(command), what)));
    auto parsed = lesson::readLessonFile(*where);
    if (!parsed.ok()) {
        for (const auto &e : parsed.errors)
            std::fprintf(stderr, "%s\n", qPrintable(e.format(QFileInfo(*where).fileName())));
        return std::nullopt;
    }
    return std::move(parsed.lesson);
}

int lessonPlay(const Args &a)
{
    if (a.positional().size() != 2)
        throw UsageError("lesson play takes one lesson file or built-in lesson id");
    auto parsed = readLesson(a.positional().at(1), "play");
    if (!parsed)
        return ExitFailure;
    bool ok = false;
    const double factor
        = a.value(QStringLiteral("speed-factor")).value_or(QStringLiteral("1")).toDouble(&ok);
    if (!ok || factor < 1 || factor > 60)
        throw UsageError("--speed-factor takes 1 to 60");
    const qint64 timeoutMs = a.integer(QStringLiteral("timeout"), 600) * 1000;

    std::unique_ptr<app::ScratchEngine> scratch;
    lesson::LessonRunner runner(std::move(*parsed), [&scratch]() -> service::StreamBackend * {
        scratch.reset();
        scratch = app::ScratchEngine::create();
        return scratch ? &scratch->backend() : nullptr;
    });
    runner.setSpeedFactor(factor);
    QElapsedTimer real;
    real.start();
    int exit = ExitOk;
    auto engineSeconds
        = [&] { return scratch ? static_cast<double>(scratch->backend().nowMs()) / 1000.0 : 0.0; };
    const double startSeconds = static_cast<double>(QDateTime::currentMSecsSinceEpoch()) / 1000.0;
    QObject::connect(&runner, &lesson::LessonRunner::stepChanged, [&](int i) {
        std::printf("step %d/%d: %s\n", i + 1, runner.stepCount(), qPrintable(runner.step().title));
        std::fflush(stdout);
    });
    QObject::connect(&runner, &lesson::LessonRunner::goalReached, [&] {
        std::printf("  goal reached after %.1f s of engine time: %s\n",
                    engineSeconds() - startSeconds, qPrintable(runner.step().goal->text));
        std::fflush(stdout);
    });
    QObject::connect(&runner, &lesson::LessonRunner::actionFailed, [&](const QString &m) {
        std::fprintf(stderr, "  action failed: %s\n", qPrintable(m));
        exit = ExitFailure;
    });
    QObject::connect(&runner, &lesson::LessonRunner::lessonFinished, [&](const QString &id) {
        std::printf("lesson %s finished in %.1f s (engine time %.1f s)\n", qPrintable(id),
                    static_cast<double>(real.elapsed()) / 1000.0, engineSeconds() - startSeconds);
        QCoreApplication::exit(0);
    });
    QTimer timeout;
    timeout.setSingleShot(true);
    QObject::connect(&timeout, &QTimer::timeout, [&] {
        std::fprintf(stderr, "lesson play: step %d (%s) did not finish within %lld s",
                     runner.stepIndex() + 1, qPrintable(runner.step().title), timeoutMs / 1000);
        for (const auto &o : runner.checkOutcomes())
            std::fprintf(stderr, "; %s", qPrintable(o.status));
        std::fprintf(stderr, "\n");
        exit = ExitFailure;
        QCoreApplication::exit(1);
    });
    timeout.start(static_cast<int>(timeoutMs));
    runner.setAutoplay(true);
    runner.begin();
    QCoreApplication::exec();
    return runner.finished() ? exit : ExitFailure;
}

int lessonExport(const Args &a)
{
    if (a.positional().size() != 2)
        throw UsageError("lesson export takes one lesson file or built-in lesson id");
    const auto lesson = readLesson(a.positional().at(1), "export");
    if (!lesson)
        return ExitFailure;
    const QString output = a.value(QStringLiteral("output")).value_or(QString());
    if (output.isEmpty()) {
        const auto script = lesson::awsCliScript(*lesson, lesson->id + QStringLiteral(".sh"));
        if (!script.ok()) {
            std::fprintf(stderr, "lesson export: %s\n", qPrintable(script.error));
            return ExitFailure;
        }
        std::fputs(script.text.toUtf8().constData(), stdout);
        return ExitOk;
    }
    bool fileError = false;
    const auto script = lesson::writeAwsCliScript(*lesson, output, &fileError);
    if (fileError) {
        std::fprintf(stderr, "lesson export: cannot write %s (%s): choose a writable path\n",
                     qPrintable(output), qPrintable(script.error));
        return ExitFailure;
    }
    if (!script.ok()) {
        std::fprintf(stderr, "lesson export: %s\n", qPrintable(script.error));
        return ExitFailure;
    }
    std::printf("%s: about %.4f USD for a run of about %.0f min (at most %.4f USD billed by whole "
                "hours)\n",
                qPrintable(output), script.cost.total, script.runSeconds / 60,
                script.wholeHourTotal);
    return ExitOk;
}

} // namespace

int runLesson(Context &, const QStringList &argv)
{
    Args a(QStringLiteral("lesson"), argv,
           {QStringLiteral("speed-factor"), QStringLiteral("timeout"), QStringLiteral("output")});
    const QString sub = a.positional().value(0);
    if (sub == QStringLiteral("list"))
        return lessonList();
    if (sub == QStringLiteral("check"))
        return lessonCheck(a.positional().mid(1));
    if (sub == QStringLiteral("play"))
        return lessonPlay(a);
    if (sub == QStringLiteral("export"))
        return lessonExport(a);
    throw UsageError("lesson takes list, check FILE…, play FILE|ID or export FILE|ID");
}

} // namespace shs::cli
