// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
// How long a lesson takes to open, from Lessons… to the first step ready on screen: a scratch
// engine started, the window built and shown with its lesson panel, and step 1's actions done on
// the engine (streams ACTIVE, generators running). Target: ≤ 1 s (issue 14).
//   QT_QPA_PLATFORM=offscreen ./bench_lessons -iterations 5
#include "lesson_session.h"

#include "lesson/lesson_library.h"

#include <QTest>

using namespace shs;

class BenchLessons : public QObject
{
    Q_OBJECT
  private Q_SLOTS:
    void openToFirstStep_data()
    {
        QTest::addColumn<QString>("path");
        for (const auto &entry : lesson::builtInLessons())
            QTest::newRow(qPrintable(entry.lesson.id)) << entry.path;
    }
    void openToFirstStep()
    {
        QFETCH(QString, path);
        QBENCHMARK {
            auto parsed = lesson::readLessonFile(path);
            QVERIFY(parsed.ok());
            app::LessonSession session(std::move(parsed.lesson));
            session.start();
            QVERIFY(QTest::qWaitForWindowExposed(session.window()));
            QVERIFY(QTest::qWaitFor([&] { return !session.runner().busy(); }, 10'000));
        }
    }
};

QTEST_MAIN(BenchLessons)
#include "bench_lessons.moc"
