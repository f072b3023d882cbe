// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
// Lessons: the file format's errors (line and field), the built-in curriculum played headless by
// its "show me" path on scratch engines, Back rebuilding the engine as the step found it, the
// panel's goal, hints and answers, and a lesson's window (dock, spotlight, PageDown).
#include "lesson_session.h"
#include "scratch_engine.h"

#include "lesson/goal_check.h"
#include "lesson/lesson_library.h"
#include "lesson/lesson_runner.h"
#include "lessons/lesson_builder.h"
#include "lessons/lesson_panel.h"
#include "lessons/spotlight.h"
#include "main_window.h"
#include "presenter_mode.h"
#include "publish/publish_panel.h"
#include "widgets/hash_range_bar.h"

#include <QCheckBox>
#include <QDockWidget>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSet>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>
#include <QToolBar>

using namespace shs;

namespace {

/// Lessons run at twice their engine speeds: fast enough for the suite, slow enough that a loaded
/// 2-core machine keeps the generators at their rates (at 4×, 12,000 records/s of real time).
constexpr double kSpeedFactor = 2;

/// A runner on scratch engines the test owns.
struct Scratch
{
    std::unique_ptr<app::ScratchEngine> engine;
    int created = 0;
    lesson::LessonRunner::EngineFactory factory()
    {
        return [this]() -> service::StreamBackend * {
            engine.reset();
            engine = app::ScratchEngine::create();
            ++created;
            return engine ? &engine->backend() : nullptr;
        };
    }
    const core::StreamInfo *stream(const std::string &name, core::SnapshotPtr &keep)
    {
        keep = engine->backend().mailbox().latest();
        return keep ? lesson::findStream(*keep, name) : nullptr;
    }
};

/// The stream's records written over the last 10 engine seconds.
std::int64_t incomingRecords(Scratch &scratch, const std::string &stream)
{
    service::MetricsWindow w;
    bool done = false;
    QObject context;
    scratch.engine->backend().recentMetrics(core::StreamRef{stream, {}}, 10, &context, [&](auto r) {
        if (r)
            w = *r;
        done = true;
    });
    if (!QTest::qWaitFor([&] { return done; }, 5000))
        return -1;
    std::int64_t in = 0;
    for (const auto &sample : w.stream)
        in += sample.values[int(core::Metric::IncomingRecords)];
    return in;
}

lesson::Lesson builtIn(const QString &id)
{
    const auto path = lesson::locateLesson(id);
    if (!path)
        return {};
    return lesson::readLessonFile(*path).lesson;
}

} // namespace

class TstLessons : public QObject
{
    Q_OBJECT
  private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("shardscope-test-lessons"));
        QSettings().clear();
    }

    void everyErrorIsNamedWithItsLineAndField()
    {
        const QByteArray text = R"({
  "format": "shardscope-lesson",
  "version": 1,
  "id": "bad lesson",
  "title": "Broken",
  "steps": [
    {
      "title": "One",
      "narration": "<p>Hi</p>",
      "actions": [
        {"do": "createStream", "stream": "s", "shards": 2},
        {"do": "startGenerator", "stream": "s", "rate": -5},
        {"do": "splitt", "stream": "s"}
      ],
      "goal": {
        "text": "t",
        "checks": [{"is": "openShards", "stream": "typo", "min": 3}]
      },
      "question": {"text": "q", "choices": ["a", "b"], "answer": 2, "explanation": "e"},
      "colour": "red"
    }
  ]
})";
        const auto parsed = lesson::parseLesson(text);
        QVERIFY(!parsed.ok());
        QStringList got;
        for (const auto &e : parsed.errors)
            got << e.format(QStringLiteral("bad.json"));
        const QString all = got.join(QLatin1Char('\n'));
        QVERIFY2(all.contains(QStringLiteral("bad.json:4: id: may hold only letters")),
                 qPrintable(all));
        QVERIFY2(all.contains(QStringLiteral("bad.json:12: steps[0].actions[1].rate: must be "
                                             "between 0.1 and 100000 (it is -5)")),
                 qPrintable(all));
        QVERIFY2(all.contains(QStringLiteral("bad.json:13: steps[0].actions[2].do: \"splitt\" is "
                                             "not one of:")),
                 qPrintable(all));
        QVERIFY2(all.contains(QStringLiteral("bad.json:17: steps[0].goal.checks[0].stream: no "
                                             "earlier action creates a stream named \"typo\"")),
                 qPrintable(all));
        QVERIFY2(all.contains(QStringLiteral("bad.json:19: steps[0].question.answer: must be "
                                             "between 0 and 1")),
                 qPrintable(all));
        QVERIFY2(all.contains(QStringLiteral("bad.json:20: steps[0].colour: unknown field")),
                 qPrintable(all));
        // In line order.
        for (std::size_t i = 1; i < parsed.errors.size(); ++i)
            QVERIFY(parsed.errors[i - 1].line <= parsed.errors[i].line);

        const auto broken
            = lesson::parseLesson("{\n  \"format\": \"shardscope-lesson\",\n  oops\n}");
        QCOMPARE(broken.errors.size(), std::size_t(1));
        QCOMPARE(broken.errors[0].line, 3);
        QVERIFY(broken.errors[0].message.startsWith(QStringLiteral("not valid JSON")));

        const auto newer = lesson::parseLesson(
            R"({"format": "shardscope-lesson", "version": 2, "id": "x", "title": "x", "steps": []})");
        QVERIFY(std::any_of(newer.errors.begin(), newer.errors.end(), [](const auto &e) {
            return e.field == QLatin1String("version")
                   && e.message.contains(QLatin1String("newer"));
        }));
    }

    void theCurriculumIsComplete()
    {
        const auto lessons = lesson::builtInLessons();
        QSet<QString> ids;
        for (const auto &entry : lessons) {
            const auto parsed = lesson::readLessonFile(entry.path);
            QVERIFY2(parsed.ok(),
                     qPrintable(entry.path + QLatin1Char(' ')
                                + (parsed.errors.empty() ? QString()
                                                         : parsed.errors[0].format(entry.path))));
            ids.insert(entry.lesson.id);
        }
        // The issue's list: routing, hot keys, limits, split/merge, UpdateShardCount, capacity
        // modes, retention and iterators.
        for (const char *id : {"routing", "hot-keys", "limits", "resharding", "scaling",
                               "capacity-modes", "retention"})
            QVERIFY2(ids.contains(QLatin1String(id)), id);
    }

    void everyBuiltInLessonPlaysHeadless_data()
    {
        QTest::addColumn<QString>("id");
        for (const auto &entry : lesson::builtInLessons())
            QTest::newRow(qPrintable(entry.lesson.id)) << entry.lesson.id;
    }
    void everyBuiltInLessonPlaysHeadless()
    {
        QFETCH(QString, id);
        Scratch scratch;
        lesson::LessonRunner runner(builtIn(id), scratch.factory());
        QStringList failures;
        connect(&runner, &lesson::LessonRunner::actionFailed, this,
                [&failures](const QString &m) { failures << m; });
        int goals = 0;
        connect(&runner, &lesson::LessonRunner::goalReached, this, [&goals] { ++goals; });
        runner.setSpeedFactor(kSpeedFactor);
        runner.setAutoplay(true);
        runner.begin();
        (void)QTest::qWaitFor([&] { return runner.finished() || !failures.isEmpty(); }, 90'000);
        QVERIFY2(failures.isEmpty(), qPrintable(failures.join(QLatin1Char('\n'))));
        QStringList where{QStringLiteral("stuck at step %1 (%2), busy %3")
                              .arg(runner.stepIndex() + 1)
                              .arg(runner.step().title)
                              .arg(runner.busy())};
        for (const auto &o : runner.checkOutcomes())
            where << o.status;
        QVERIFY2(runner.finished(), qPrintable(where.join(QStringLiteral("; "))));
        int expected = 0;
        for (const auto &s : runner.lesson().steps)
            expected += s.goal ? 1 : 0;
        QCOMPARE(goals, expected);
    }

    void backRebuildsTheEngineAsTheStepFoundIt()
    {
        Scratch scratch;
        lesson::LessonRunner runner(builtIn(QStringLiteral("resharding")), scratch.factory());
        runner.setSpeedFactor(kSpeedFactor);
        runner.begin();
        QTRY_VERIFY(!runner.busy());
        QCOMPARE(runner.stepIndex(), 0);
        runner.next();
        QTRY_VERIFY(!runner.busy());
        QCOMPARE(runner.stepIndex(), 1);
        QCOMPARE(runner.goalState(), lesson::LessonRunner::GoalState::Pending);
        QVERIFY(!runner.canGoNext());
        runner.showMe(); // the split
        QTRY_COMPARE(runner.goalState(), lesson::LessonRunner::GoalState::Reached);
        QVERIFY(!runner.canGoNext()); // the question is not answered yet
        QVERIFY(runner.answer(0));
        QVERIFY(runner.canGoNext());
        runner.next();
        QTRY_VERIFY(!runner.busy());
        QCOMPARE(runner.stepIndex(), 2);
        core::SnapshotPtr keep;
        QCOMPARE(scratch.stream("orders", keep)->openShardCount, 3);
        // Merge by hand, then go back: the step before starts again from after the split, on a
        // new engine, without the merge.
        runner.showMe();
        QTRY_COMPARE(runner.goalState(), lesson::LessonRunner::GoalState::Reached);
        QCOMPARE(scratch.stream("orders", keep)->openShardCount, 2);
        const int before = scratch.created;
        runner.back();
        QTRY_COMPARE(scratch.created, before + 1);
        QTRY_VERIFY(!runner.busy() && runner.stepIndex() == 1);
        const auto *orders = scratch.stream("orders", keep);
        QVERIFY(orders);
        // Step 2 opens after step 1's actions (2 shards, a generator): its own split is undone.
        QCOMPARE(orders->openShardCount, 2);
        QCOMPARE(int(orders->shards.size()), 2);
        QCOMPARE(runner.goalState(), lesson::LessonRunner::GoalState::Pending);
        QVERIFY(!runner.questionAnswered());
        // The replayed generator writes to the new engine.
        QTRY_VERIFY_WITH_TIMEOUT(incomingRecords(scratch, "orders") > 0, 10'000);
        // Reset: step 1 on another new engine.
        runner.reset();
        QTRY_COMPARE(scratch.created, before + 2);
        QTRY_VERIFY(!runner.busy() && runner.stepIndex() == 0);
    }

    void thePanelShowsGoalsHintsAndExplainedAnswers()
    {
        Scratch scratch;
        lesson::LessonRunner runner(builtIn(QStringLiteral("routing")), scratch.factory());
        runner.setSpeedFactor(kSpeedFactor);
        ui::LessonPanel panel(runner);
        panel.resize(420, 700);
        panel.show();
        runner.begin();
        QTRY_VERIFY(!runner.busy());
        QVERIFY(panel.stepLabel()->text().contains(QStringLiteral("Step 1 of 4")));
        QVERIFY(panel.narration()->toPlainText().contains(QStringLiteral("hash-key space")));
        // A question holds Next until it is answered; a wrong answer is corrected and explained.
        QVERIFY(!panel.nextButton()->isEnabled());
        QVERIFY(!panel.checkAnswerButton()->isEnabled());
        panel.choose(1);
        QVERIFY(panel.checkAnswerButton()->isEnabled());
        QTest::mouseClick(panel.checkAnswerButton(), Qt::LeftButton);
        QVERIFY(panel.explanationLabel()->isVisible());
        QVERIFY(panel.explanationLabel()->text().contains(QStringLiteral("Not quite")));
        QVERIFY(panel.explanationLabel()->text().contains(QStringLiteral("Shards own hash keys")));
        QVERIFY(panel.nextButton()->isEnabled());
        QTest::mouseClick(panel.nextButton(), Qt::LeftButton);
        QTRY_VERIFY(!runner.busy());
        QCOMPARE(runner.stepIndex(), 1);
        // The goal, its check against the engine, hints one at a time, and Show me.
        QVERIFY(panel.goalLabel()->text().contains(QStringLiteral("open shard #2")));
        QTRY_VERIFY(panel.checksLabel()->text().contains(QStringLiteral("0 record(s) reached")));
        QVERIFY(!panel.nextButton()->isEnabled());
        QTest::mouseClick(panel.hintButton(), Qt::LeftButton);
        QVERIFY(panel.hintsLabel()->text().contains(QStringLiteral("routing box")));
        QVERIFY(!panel.hintsLabel()->text().contains(QStringLiteral("user-0, user-1")));
        QTest::mouseClick(panel.hintButton(), Qt::LeftButton);
        QVERIFY(panel.hintsLabel()->text().contains(QStringLiteral("user-0, user-1")));
        QVERIFY(!panel.hintButton()->isEnabled()); // no hint left
        QTest::mouseClick(panel.showMeButton(), Qt::LeftButton);
        QTRY_VERIFY(panel.checksLabel()->text().contains(QStringLiteral("Goal reached")));
        QVERIFY(panel.nextButton()->isEnabled());
        // The record went where the check looked: shard #2 of the open shards.
        core::SnapshotPtr keep;
        const auto *clicks = scratch.stream("clicks", keep);
        const auto shard = lesson::resolveShard(*clicks, lesson::ShardRef{{}, 2, {}});
        const auto byKey = lesson::resolveShard(*clicks, lesson::ShardRef{{}, -1, "user-0"});
        QCOMPARE(shard->shardId, byKey->shardId);
    }

    void aLessonHasItsOwnWindowWithASpotlight()
    {
        app::LessonSession session(builtIn(QStringLiteral("hot-keys")));
        session.start();
        auto *window = session.window();
        QVERIFY(window);
        QVERIFY(window->lessonDock());
        QVERIFY(window->windowTitle().contains(QStringLiteral("Partition-key design")));
        QVERIFY(QTest::qWaitForWindowExposed(window));
        // No larger than the screen (it opened at 1440×820 on a 1280×800 one), unless the
        // window cannot be smaller.
        const QSize screen = QGuiApplication::primaryScreen()->availableGeometry().size();
        QVERIFY2(window->width() <= std::max(screen.width(), window->minimumSizeHint().width())
                     && window->height()
                            <= std::max(screen.height(), window->minimumSizeHint().height()),
                 qPrintable(QStringLiteral("%1x%2 on %3x%4")
                                .arg(window->width())
                                .arg(window->height())
                                .arg(screen.width())
                                .arg(screen.height())));
        auto &runner = session.runner();
        QTRY_VERIFY(!runner.busy());
        // Step 1 talks about the heat map: its tab shows, outlined.
        QCOMPARE(window->shardTabs()->tabText(window->shardTabs()->currentIndex()),
                 QStringLiteral("Heat map"));
        QTRY_VERIFY(window->spotlight()->isVisible());
        QCOMPARE(window->spotlight()->target(), window->shardTabs()->currentWidget());
        // Wait for the throttling, answer, and step with PageDown (a presentation clicker).
        QTRY_VERIFY_WITH_TIMEOUT(runner.goalState() == lesson::LessonRunner::GoalState::Reached,
                                 30'000);
        runner.answer(0);
        QTest::keyClick(window, Qt::Key_PageDown);
        QTRY_COMPARE(runner.stepIndex(), 1);
        // Step 2 outlines user-0's shard on the bar.
        QTRY_VERIFY(window->spotlight()->isVisible());
        QCOMPARE(window->spotlight()->target(), static_cast<QWidget *>(window->hashBar()));
        core::SnapshotPtr keep = runner.backend()->mailbox().latest();
        const auto *sensors = &keep->streams.front();
        const auto hot = lesson::resolveShard(*sensors, lesson::ShardRef{{}, -1, "user-0"});
        const QRect bar = window->hashBar()->shardRect(QString::fromStdString(hot->shardId));
        QVERIFY(!bar.isEmpty());
        const QRect outlined = window->spotlight()->outlined();
        QVERIFY(
            outlined.contains(QRect(window->hashBar()->mapTo(window, bar.topLeft()), bar.size())));
        QVERIFY(outlined.width() < window->hashBar()->width() / 2);
        // Back (PageUp) rebuilds: a new window takes the old one's place.
        QPointer<ui::MainWindow> old = window;
        QTest::keyClick(window, Qt::Key_PageUp);
        QTRY_VERIFY(old.isNull());
        QTRY_VERIFY(session.window() && !runner.busy());
        QCOMPARE(runner.stepIndex(), 0);
    }

    void presenterModeForAProjector()
    {
        app::LessonSession session(builtIn(QStringLiteral("routing")));
        session.start();
        auto *window = session.window();
        QVERIFY(QTest::qWaitForWindowExposed(window));
        auto &runner = session.runner();
        QTRY_VERIFY(!runner.busy());
        auto *presenter = window->presenter();
        auto *panel = window->lessonDock()->findChild<ui::LessonPanel *>();
        const qreal textSize = window->font().pointSizeF();
        const qreal narrationSize = panel->font().pointSizeF();
        const QColor background = window->palette().color(QPalette::Window);
        QVERIFY(window->menuBar()->isVisible());

        QTest::keyClick(window, Qt::Key_F5);
        QVERIFY(presenter->active());
        QVERIFY(window->isFullScreen());
        QVERIFY(!window->menuBar()->isVisible());
        QVERIFY(!window->statusBar()->isVisible());
        QVERIFY(!window->streamView()->isVisible());
        for (auto *bar : window->findChildren<QToolBar *>())
            QVERIFY(!bar->isVisible());
        QVERIFY(window->hashBar()->isVisible());
        QCOMPARE(window->font().pointSizeF(), textSize * 1.5);
        QCOMPARE(panel->font().pointSizeF(), narrationSize * 1.5 * 1.25);
        // Zoom from 125 to 300 %.
        for (int i = 0; i < 10; ++i)
            QTest::keyClick(window, Qt::Key_Equal, Qt::ControlModifier);
        QCOMPARE(presenter->zoom(), 300);
        QCOMPARE(window->font().pointSizeF(), textSize * 3);
        for (int i = 0; i < 10; ++i)
            QTest::keyClick(window, Qt::Key_Minus, Qt::ControlModifier);
        QCOMPARE(presenter->zoom(), 125);
        // High contrast: white on black.
        QTest::keyClick(window, Qt::Key_H, Qt::ControlModifier);
        QCOMPARE(window->palette().color(QPalette::Window), QColor(Qt::black));
        QCOMPARE(window->palette().color(QPalette::WindowText), QColor(Qt::white));
        // A clicker's Space answers nothing by itself: Next waits for the question.
        QTest::keyClick(window, Qt::Key_Space);
        QCOMPARE(runner.stepIndex(), 0);
        runner.answer(0);
        QTest::keyClick(window, Qt::Key_Space);
        QTRY_COMPARE(runner.stepIndex(), 1);
        // Pause and single-step engine time.
        auto *engine = runner.backend()->embedded();
        QCOMPARE(engine->speed(), 1.0);
        QTest::keyClick(window, Qt::Key_P, Qt::ControlModifier);
        QCOMPARE(engine->speed(), 0.0);
        const auto paused = runner.backend()->nowMs();
        QTest::keyClick(window, Qt::Key_Period, Qt::ControlModifier);
        QCOMPARE(engine->speed(), 1.0);
        QTRY_COMPARE(engine->speed(), 0.0);
        const auto stepped = runner.backend()->nowMs() - paused;
        QVERIFY2(stepped >= 900 && stepped <= 1500, qPrintable(QString::number(stepped)));
        QTest::keyClick(window, Qt::Key_P, Qt::ControlModifier);
        QCOMPARE(engine->speed(), 1.0);
        // Esc leaves and puts everything back.
        QTest::keyClick(window, Qt::Key_Escape);
        QVERIFY(!presenter->active());
        QVERIFY(window->menuBar()->isVisible());
        QVERIFY(window->streamView()->isVisible());
        QCOMPARE(window->font().pointSizeF(), textSize);
        QCOMPARE(panel->font().pointSizeF(), narrationSize);
        QCOMPARE(window->palette().color(QPalette::Window), background);
    }

    void finishingALessonIsRemembered()
    {
        Scratch scratch;
        QVERIFY(!ui::LessonsPage::isFinished(QStringLiteral("routing")));
        app::LessonSession session(builtIn(QStringLiteral("routing")));
        session.runner().setSpeedFactor(kSpeedFactor);
        session.runner().setAutoplay(true);
        session.start();
        QTRY_VERIFY_WITH_TIMEOUT(session.runner().finished(), 60'000);
        QVERIFY(ui::LessonsPage::isFinished(QStringLiteral("routing")));
    }

    /// The lesson builder records what the teacher does in the window — the stream that exists,
    /// a generator, the engine speed, then a split the learner is asked to make — turns the state
    /// into a goal, saves a file that `lesson check` accepts, and the saved lesson plays to its
    /// end; a learner's task without a goal is refused, naming the step.
    void theBuilderRecordsAPlayableLesson()
    {
        auto scratch = app::ScratchEngine::create();
        QVERIFY(scratch);
        auto &backend = scratch->backend();
        ui::MainWindow window(backend);
        window.resize(1280, 720);
        window.show();
        QVERIFY(QTest::qWaitFor([&] { return window.hasSnapshot(); }, 10'000));
        QObject context;
        auto submitted = [&](const auto &op, auto request) {
            bool done = false, ok = false;
            backend.submit(op, std::move(request), &context, [&](auto result) {
                ok = bool(result);
                done = true;
            });
            return QTest::qWaitFor([&] { return done; }, 10'000) && ok;
        };
        auto openShards = [&](int n) {
            return QTest::qWaitFor(
                [&] {
                    const auto snap = backend.mailbox().latest();
                    const auto *st = snap ? lesson::findStream(*snap, "orders") : nullptr;
                    return st && st->status == core::StreamStatus::Active
                           && st->openShardCount == n;
                },
                10'000);
        };
        core::CreateStreamRequest create;
        create.streamName = "orders";
        create.shardCount = 2;
        QVERIFY(submitted(core::ops::CreateStream, create)); // before recording: the start
        QVERIFY(openShards(2));

        auto *builder = window.openLessonBuilder();
        QVERIFY(builder);
        QVERIFY(window.findChild<QDockWidget *>(QStringLiteral("lessonBuilderDock"))->isVisible());
        builder->titleEdit()->setText(QStringLiteral("Split a busy shard"));
        builder->stepTitleEdit()->setText(QStringLiteral("Two shards"));
        builder->narrationEdit()->setPlainText(
            QStringLiteral("The stream orders has two shards.\n\nWatch the bar & the chart."));
        builder->setRecording(true);
        QCOMPARE(builder->actionList()->count(), 1);
        QCOMPARE(builder->actionList()->item(0)->text(),
                 QStringLiteral("Create the stream orders with 2 shard(s)"));

        window.selectStream(QStringLiteral("orders"));
        window.publishPanel()->rateSpin()->setValue(200);
        window.publishPanel()->startButton()->click();
        backend.embedded()->setSpeed(2);
        QVERIFY(QTest::qWaitFor([&] { return builder->actionList()->count() == 3; }, 5000));
        QVERIFY(builder->actionList()->item(1)->text().startsWith(
            QStringLiteral("Write 200 records/s")));
        QCOMPARE(builder->actionList()->item(2)->text(), QStringLiteral("Run engine time at 2×"));

        builder->newStep();
        builder->stepTitleEdit()->setText(QStringLiteral("Split it"));
        builder->narrationEdit()->setPlainText(QStringLiteral("Split the <b>left</b> shard."));
        builder->setRecordIntoShowMe(true);
        QVERIFY(submitted(core::ops::SplitShard,
                          core::SplitShardRequest{{"orders", {}},
                                                  "shardId-000000000000",
                                                  "85070591730234615865843651857942052864"}));
        QVERIFY(openShards(3));
        QCOMPARE(builder->actionList()->count(), 1);
        QCOMPARE(builder->actionList()->item(0)->text(),
                 QStringLiteral("Learner: Split open shard #0 of orders in the middle"));
        bool filled = false;
        builder->goalFromCurrentState([&] { filled = true; });
        QVERIFY(QTest::qWaitFor([&] { return filled; }, 5000));
        QStringList checks;
        for (int i = 0; i < builder->checkList()->count(); ++i)
            checks << builder->checkList()->item(i)->text();
        QVERIFY2(
            checks.contains(QStringLiteral("orders has at least 3 and at most 3 open shard(s)"))
                || checks.join(QLatin1Char('|')).contains(QStringLiteral("3 open")),
            qPrintable(checks.join(QLatin1Char('|'))));
        QVERIFY2(checks.join(QLatin1Char('|')).contains(QStringLiteral("closed")),
                 qPrintable(checks.join(QLatin1Char('|'))));
        QVERIFY(builder->goalTextEdit()->text().startsWith(QStringLiteral("Bring orders to 3")));
        builder->goalTextEdit()->setText(QStringLiteral("Split the left shard."));

        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("split.json"));
        QVERIFY2(builder->save(path), qPrintable(builder->messageLabel()->text()));
        QVERIFY(builder->messageLabel()->text().startsWith(QStringLiteral("Saved ")));
        const auto parsed = lesson::readLessonFile(path);
        QVERIFY(parsed.ok());
        const auto &l = parsed.lesson;
        QCOMPARE(l.id, QStringLiteral("split-a-busy-shard"));
        QCOMPARE(l.steps.size(), std::size_t(2));
        QCOMPARE(l.steps[0].narration,
                 QStringLiteral("<p>The stream orders has two shards.</p> <p>Watch the bar &amp; "
                                "the chart.</p>"));
        QCOMPARE(l.steps[0].actions.size(), std::size_t(3));
        QCOMPARE(l.steps[0].actions[1].rate, 200.0);
        QVERIFY(l.steps[1].goal);
        QCOMPARE(l.steps[1].goal->showMe.size(), std::size_t(1));
        QCOMPARE(l.steps[1].goal->showMe[0].shard.openIndex, 0);
        QCOMPARE(l.steps[1].goal->showMe[0].at, std::string("middle"));
        window.publishPanel()->stopRun(window.publishPanel()->runs().front());

        // The saved lesson plays to its end on a scratch engine, by its "show me".
        Scratch player;
        lesson::LessonRunner runner(l, player.factory());
        runner.setSpeedFactor(kSpeedFactor);
        runner.setAutoplay(true);
        runner.begin();
        QVERIFY2(QTest::qWaitFor([&] { return runner.finished(); }, 60'000),
                 qPrintable(runner.lastError()));

        // A learner's task with no goal to check it is refused, naming the step.
        builder->newStep();
        builder->narrationEdit()->setPlainText(QStringLiteral("Merge them back."));
        builder->setRecordIntoShowMe(true);
        QVERIFY(submitted(core::ops::MergeShards,
                          core::MergeShardsRequest{
                              {"orders", {}}, "shardId-000000000002", "shardId-000000000003"}));
        QVERIFY(!builder->save(path));
        QVERIFY2(builder->messageLabel()->text().contains(QStringLiteral("Step 3"))
                     && builder->messageLabel()->text().contains(
                         QStringLiteral("Goal from the current state")),
                 qPrintable(builder->messageLabel()->text()));
    }

    /// "Export as AWS CLI script…" writes the selected lesson as an executable script and says
    /// inline what it will cost; a path that cannot be written is named with what to do.
    void theLessonsPageExportsAwsCliScripts()
    {
        ui::LessonsPage page({});
        QVERIFY(page.exportButton()->isEnabled());
        int row = -1;
        for (int i = 0; i < page.list()->count(); ++i)
            if (page.list()->item(i)->text().contains(QStringLiteral("Split and merge")))
                row = i;
        QVERIFY(row >= 0);
        page.list()->setCurrentRow(row);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("resharding.sh"));
        QVERIFY(page.exportSelected(path));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QString script = QString::fromUtf8(file.readAll());
        QVERIFY(script.contains(QStringLiteral("aws kinesis merge-shards --stream-name orders")));
        QVERIFY(script.contains(QStringLiteral("bash resharding.sh")));
        QVERIFY(file.permissions() & QFileDevice::ExeOwner);
        QVERIFY2(page.errorLabel()->text().contains(QStringLiteral("Wrote "))
                     && page.errorLabel()->text().contains(QStringLiteral("for about $0.0")),
                 qPrintable(page.errorLabel()->text()));

        QVERIFY(!page.exportSelected(QStringLiteral("/proc/resharding.sh")));
        QVERIFY2(page.errorLabel()->text().contains(QStringLiteral("/proc/resharding.sh"))
                     && page.errorLabel()->text().contains(QStringLiteral("Choose a folder")),
                 qPrintable(page.errorLabel()->text()));
    }
};

QTEST_MAIN(TstLessons)
#include "tst_lessons.moc"
