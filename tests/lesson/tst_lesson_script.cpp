// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
// Lessons without a window. The recorder: what a teacher does, as actions and goals. A lesson as
// a file: written back as read. A lesson as an AWS CLI script: every built-in lesson exports a
// script bash accepts, with the shard ids and hash keys AWS assigns, the commands derived from the
// catalogue, and its cost by the engine's price table; a lesson that cannot be played is refused
// with its line and field. (lesson_script_e2e.sh runs the scripts against `shardscope-cli serve`.)
#include "lesson/lesson.h"
#include "lesson/lesson_library.h"
#include "lesson/lesson_recorder.h"
#include "lesson/lesson_runner.h"
#include "lesson/lesson_script.h"

#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QtTest>

using namespace shs;

namespace {

lesson::Lesson builtIn(const QString &id)
{
    for (auto &entry : lesson::builtInLessons())
        if (entry.lesson.id == id)
            return entry.lesson;
    qFatal("no built-in lesson %s", qPrintable(id));
}

lesson::Lesson parse(const QByteArray &json)
{
    auto parsed = lesson::parseLesson(json);
    if (!parsed.ok())
        qFatal("%s", qPrintable(parsed.errors.front().format(QStringLiteral("test.json"))));
    return parsed.lesson;
}

/// bash's own syntax check of the script; empty when it passes.
QString bashSyntaxErrors(const QString &script)
{
    QProcess bash;
    bash.start(QStringLiteral("bash"), {QStringLiteral("-n")});
    bash.waitForStarted();
    bash.write(script.toUtf8());
    bash.closeWriteChannel();
    bash.waitForFinished();
    if (bash.exitStatus() == QProcess::NormalExit && bash.exitCode() == 0)
        return {};
    return QString::fromUtf8(bash.readAllStandardError());
}

double line(const core::CostEstimate &cost, const char *item)
{
    for (const auto &l : cost.lines)
        if (l.item == item)
            return l.quantity;
    return -1;
}

} // namespace

namespace {

core::HashKey key(const char *decimal)
{
    return *core::HashKey::fromDecimal(decimal);
}

/// orders after a split of shard 0: shard 0 closed over the lower half, 1 open over the upper
/// half, and its children 2 and 3 open over the quarters.
core::EngineSnapshot splitOrders()
{
    core::EngineSnapshot snap;
    core::StreamInfo s;
    s.name = "orders";
    s.arn = "arn:aws:kinesis:us-east-1:000000000000:stream/orders";
    s.status = core::StreamStatus::Active;
    s.openShardCount = 3;
    s.retentionHours = 48;
    const char *half = "170141183460469231731687303715884105727";
    const char *halfUp = "170141183460469231731687303715884105728";
    const char *quarter = "85070591730234615865843651857942052863";
    const char *quarterUp = "85070591730234615865843651857942052864";
    const char *top = "340282366920938463463374607431768211455";
    s.shards = {{"shardId-000000000000", {}, {}, key("0"), key(half), false},
                {"shardId-000000000001", {}, {}, key(halfUp), key(top), true},
                {"shardId-000000000002", {}, {}, key("0"), key(quarter), true},
                {"shardId-000000000003", {}, {}, key(quarterUp), key(half), true}};
    snap.streams.push_back(s);
    return snap;
}

} // namespace

class TestLessonScript : public QObject
{
    Q_OBJECT
  private Q_SLOTS:
    /// Operations become actions that name shards by their place, so that they mean the same
    /// shards in a lesson's fresh engine.
    void operationsBecomeActions()
    {
        const auto snap = splitOrders();
        // Splitting shard 3 (the upper quarter) in its middle: the second open shard.
        const core::SplitShardRequest split{
            {"orders", {}}, "shardId-000000000003", "127605887595351923798765477786913079296"};
        auto a = lesson::actionsOf(core::ops::SplitShard.name, &split, snap);
        QCOMPARE(a.size(), std::size_t(1));
        QCOMPARE(a[0].describe(), QStringLiteral("Split open shard #1 of orders in the middle"));
        const core::SplitShardRequest skewed{
            {"orders", {}}, "shardId-000000000001", "200000000000000000000000000000000000000"};
        a = lesson::actionsOf(core::ops::SplitShard.name, &skewed, snap);
        QCOMPARE(a[0].shard.openIndex, 2);
        QCOMPARE(a[0].at, std::string("200000000000000000000000000000000000000"));
        // A merge named upper first is recorded from its lower shard.
        const core::MergeShardsRequest merge{
            {"orders", {}}, "shardId-000000000003", "shardId-000000000002"};
        a = lesson::actionsOf(core::ops::MergeShards.name, &merge, snap);
        QCOMPARE(a[0].describe(),
                 QStringLiteral("Merge open shard #0 of orders with open shard #1"));
        // By ARN, as the Capacity dialog sends it.
        core::UpdateStreamModeRequest mode;
        mode.stream.arn = "arn:aws:kinesis:us-east-1:000000000000:stream/orders";
        mode.mode = core::StreamMode::OnDemand;
        a = lesson::actionsOf(core::ops::UpdateStreamMode.name, &mode, snap);
        QCOMPARE(a[0].describe(), QStringLiteral("Switch orders to ON_DEMAND"));
        // Puts: runs of one key and data become one action.
        core::PutRecordsRequest puts{{"orders", {}}, {}};
        for (int i = 0; i < 3; ++i)
            puts.records.push_back({"hi", "user-1", std::nullopt});
        puts.records.push_back({"other", "user-2", std::nullopt});
        a = lesson::actionsOf(core::ops::PutRecords.name, &puts, snap);
        QCOMPARE(a.size(), std::size_t(2));
        QCOMPARE(a[0].count, 3);
        QCOMPARE(a[1].key, std::string("user-2"));
        // A generator of the Publish tab, in the lesson file's names for its distribution.
        for (const auto d :
             {producer::KeyDistribution::Uniform, producer::KeyDistribution::Zipf,
              producer::KeyDistribution::HotKey, producer::KeyDistribution::Sequential}) {
            producer::GeneratorSpec spec;
            spec.streamName = "orders";
            spec.distribution = d;
            lesson::Lesson l;
            l.id = QStringLiteral("g");
            l.title = l.summary = QStringLiteral("g");
            lesson::Step step;
            step.title = step.narration = QStringLiteral("s");
            step.actions = lesson::startingState(snap);
            step.actions.push_back(lesson::generatorAction(spec));
            l.steps.push_back(step);
            const auto parsed = lesson::parseLesson(lesson::writeLesson(l));
            QVERIFY2(parsed.ok(),
                     qPrintable(parsed.ok() ? QString()
                                            : parsed.errors.front().format(QStringLiteral("g"))));
            QCOMPARE(lesson::distributionOf(parsed.lesson.steps[0].actions.back().distribution), d);
        }
        // Reads and tags are not lesson actions.
        const core::ListShardsRequest list{};
        QVERIFY(lesson::actionsOf(core::ops::ListShards.name, &list, snap).empty());
        // What exists when recording starts: created with its open shards, then its retention.
        const auto start = lesson::startingState(snap);
        QCOMPARE(start.size(), std::size_t(2));
        QCOMPARE(start[0].describe(), QStringLiteral("Create the stream orders with 3 shard(s)"));
        QCOMPARE(start[1].hours, 48);
    }

    /// The current state as a goal: shards, parents, retention, and the traffic's last 10 s.
    void theStateBecomesAGoal()
    {
        const auto snap = splitOrders();
        const auto &stream = snap.streams.front();
        service::MetricsWindow metrics;
        for (int i = 0; i < 12; ++i) {
            core::MetricSample sample{};
            sample.values[int(core::Metric::IncomingRecords)] = 1000;
            metrics.stream.push_back(sample);
        }
        auto goal = lesson::goalFromState(stream, &metrics);
        QStringList checks;
        for (const auto &c : goal.checks)
            checks << c.describe();
        QCOMPARE(goal.checks.size(), std::size_t(4));
        QCOMPARE(goal.checks[0].min, 3);
        QCOMPARE(goal.checks[0].max, 3);
        QCOMPARE(goal.checks[1].kind, lesson::Check::Kind::ClosedShards);
        QCOMPARE(goal.checks[2].min, 48);
        QCOMPARE(goal.checks[3].kind, lesson::Check::Kind::NoThrottling);
        QCOMPARE(goal.checks[3].minRate, 900.0);
        QVERIFY2(goal.text.startsWith(QStringLiteral("Bring orders to 3 open shard(s)")),
                 qPrintable(goal.text));
        // Throttled in the last seconds: the goal is to be throttled.
        metrics.stream.back().values[int(core::Metric::WriteProvisionedThroughputExceeded)] = 5;
        goal = lesson::goalFromState(stream, &metrics);
        QCOMPARE(goal.checks.back().kind, lesson::Check::Kind::Throttled);
        // No metrics: only the state.
        QCOMPARE(lesson::goalFromState(stream, nullptr).checks.size(), std::size_t(3));
    }

    /// writeLesson() gives back what parseLesson() read: every built-in lesson survives a round
    /// trip, and what is written is laid out as the built-in files are.
    void lessonsRoundTrip_data()
    {
        QTest::addColumn<QString>("path");
        for (const auto &entry : lesson::builtInLessons())
            QTest::newRow(qPrintable(entry.lesson.id)) << entry.path;
    }

    void lessonsRoundTrip()
    {
        QFETCH(QString, path);
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray original = file.readAll();
        const auto first = lesson::parseLesson(original);
        QVERIFY(first.ok());
        const QByteArray written = lesson::writeLesson(first.lesson);
        const auto second = lesson::parseLesson(written);
        QVERIFY2(second.ok(),
                 qPrintable(second.errors.empty()
                                ? QString()
                                : second.errors.front().format(QStringLiteral("written"))
                                      + QLatin1Char('\n') + QString::fromUtf8(written)));
        QCOMPARE(lesson::writeLesson(second.lesson), written);
        // The same lesson: every step's text, actions, goal and question.
        const auto &a = first.lesson;
        const auto &b = second.lesson;
        QCOMPARE(b.id, a.id);
        QCOMPARE(b.title, a.title);
        QCOMPARE(b.minutes, a.minutes);
        QCOMPARE(b.steps.size(), a.steps.size());
        for (std::size_t i = 0; i < a.steps.size(); ++i) {
            QCOMPARE(b.steps[i].narration, a.steps[i].narration);
            QCOMPARE(b.steps[i].actions.size(), a.steps[i].actions.size());
            for (std::size_t k = 0; k < a.steps[i].actions.size(); ++k)
                QCOMPARE(b.steps[i].actions[k].describe(), a.steps[i].actions[k].describe());
            QCOMPARE(bool(b.steps[i].goal), bool(a.steps[i].goal));
            if (a.steps[i].goal) {
                QCOMPARE(b.steps[i].goal->hints, a.steps[i].goal->hints);
                QCOMPARE(b.steps[i].goal->checks.size(), a.steps[i].goal->checks.size());
                for (std::size_t k = 0; k < a.steps[i].goal->checks.size(); ++k)
                    QCOMPARE(b.steps[i].goal->checks[k].describe(),
                             a.steps[i].goal->checks[k].describe());
            }
            QCOMPARE(bool(b.steps[i].question), bool(a.steps[i].question));
            if (a.steps[i].question)
                QCOMPARE(b.steps[i].question->explanation, a.steps[i].question->explanation);
        }
        // Laid out as the built-in files: the hand-written file's lines that are whole actions,
        // checks or narration paragraphs are lines of the written one too.
        const auto writtenLines = QString::fromUtf8(written).split(QLatin1Char('\n'));
        int matched = 0;
        for (const auto &line : QString::fromUtf8(original).split(QLatin1Char('\n')))
            if (line.trimmed().startsWith(QStringLiteral("{\"is\"")))
                matched += writtenLines.contains(line) ? 1 : 0;
        QVERIFY(matched > 0 || !original.contains("\"is\""));
    }

    void everyBuiltInLessonExports_data()
    {
        QTest::addColumn<QString>("id");
        for (const auto &entry : lesson::builtInLessons())
            QTest::newRow(qPrintable(entry.lesson.id)) << entry.lesson.id;
    }

    void everyBuiltInLessonExports()
    {
        QFETCH(QString, id);
        const auto l = builtIn(id);
        const auto script = lesson::awsCliScript(l, id + QStringLiteral(".sh"));
        QVERIFY2(script.ok(), qPrintable(script.error));
        QVERIFY2(bashSyntaxErrors(script.text).isEmpty(),
                 qPrintable(bashSyntaxErrors(script.text)));
        QVERIFY(script.text.startsWith(QStringLiteral("#!/usr/bin/env bash\n")));
        QVERIFY(script.text.contains(QStringLiteral("aws kinesis create-stream")));
        QVERIFY(script.text.contains(QStringLiteral("trap cleanup EXIT")));
        // Every step is announced, and its narration kept as comments without markup.
        for (int i = 0; i < int(l.steps.size()); ++i)
            QVERIFY2(script.text.contains(
                         QStringLiteral("\nstep %1 %2 ").arg(i + 1).arg(l.steps.size())),
                     qPrintable(QStringLiteral("step %1").arg(i + 1)));
        static const QRegularExpression markup(QStringLiteral("^#.*<(p|b|i|code|li)>"),
                                               QRegularExpression::MultilineOption);
        QVERIFY(!markup.match(script.text).hasMatch());
        QVERIFY(script.cost.total > 0);
        QVERIFY(script.wholeHourTotal >= script.cost.total);
        QVERIFY(script.runSeconds > 60);
        QVERIFY(script.text.contains(QStringLiteral("about $")));
    }

    /// The shard references of the lesson become the ids and hash keys AWS assigns.
    void shardReferencesBecomeIdsAndKeys()
    {
        const auto script = lesson::awsCliScript(builtIn(QStringLiteral("resharding")),
                                                 QStringLiteral("resharding.sh"));
        QVERIFY2(script.ok(), qPrintable(script.error));
        QVERIFY(script.text.contains(
            QStringLiteral("aws kinesis split-shard --stream-name orders --shard-to-split "
                           "shardId-000000000000 --new-starting-hash-key "
                           "85070591730234615865843651857942052864\n")));
        // The merge names the split's children, which the lesson calls "open shards #0 and #1".
        QVERIFY(script.text.contains(QStringLiteral(
            "aws kinesis merge-shards --stream-name orders --shard-to-merge "
            "shardId-000000000002 --adjacent-shard-to-merge shardId-000000000003\n")));
        QVERIFY(
            script.text.contains(QStringLiteral("start_generator orders 1 400 200 uniform 1000 ")));

        const auto scaling = lesson::awsCliScript(builtIn(QStringLiteral("scaling")),
                                                  QStringLiteral("scaling.sh"));
        QVERIFY(scaling.text.contains(QStringLiteral(
            "aws kinesis update-shard-count --stream-name clicks --target-shard-count 8 "
            "--scaling-type UNIFORM_SCALING\n")));
        // 3,000 records/s: six loops of 500, and the script says why.
        QVERIFY(scaling.text.contains(
            QStringLiteral("start_generator clicks 6 500 200 uniform 1000 ")));
        QVERIFY(scaling.notes.join(QLatin1Char(' ')).contains(QStringLiteral("6 loops")));

        // UpdateStreamMode takes the ARN, which names the account: the script asks for it.
        const auto modes = lesson::awsCliScript(builtIn(QStringLiteral("capacity-modes")),
                                                QStringLiteral("modes.sh"));
        QVERIFY(modes.text.contains(
            QStringLiteral("aws kinesis update-stream-mode --stream-arn \"$(stream_arn events)\" "
                           "--stream-mode-details StreamMode=ON_DEMAND\n")));
        QVERIFY(line(modes.cost, "Stream hours") > 0);
        QVERIFY(line(modes.cost, "Shard hours") > 0);

        const auto routing = lesson::awsCliScript(builtIn(QStringLiteral("routing")),
                                                  QStringLiteral("routing.sh"));
        QVERIFY(routing.text.contains(QStringLiteral("aws kinesis put-records --records ")));
        QVERIFY(routing.text.contains(QStringLiteral("\"PartitionKey\":\"user-0\"")));
    }

    /// The cost follows the script's time line: shard-hours while streams exist, PUT payload
    /// units for the records the generators send while the script holds.
    void theCostFollowsTheTimeLine()
    {
        const auto l = parse(R"({"format": "shardscope-lesson", "version": 1, "id": "cost",
            "title": "Cost", "summary": "s", "steps": [
              {"title": "one", "narration": "n",
               "actions": [{"do": "createStream", "stream": "s", "shards": 2},
                           {"do": "startGenerator", "stream": "s", "rate": 100}],
               "goal": {"text": "g", "checks": [{"is": "noThrottling", "stream": "s",
                                                 "seconds": 10, "minRate": 90}]}}]})");
        const auto script = lesson::awsCliScript(l, QStringLiteral("cost.sh"));
        QVERIFY2(script.ok(), qPrintable(script.error));
        // Created (30 s until ACTIVE), 15 s of traffic (the goal's 10 s and 5 to settle), then
        // the cleanup (30 s): 75 s of two shards, 1,500 records of 200 bytes.
        QCOMPARE(script.runSeconds, 75.0);
        QVERIFY(qAbs(line(script.cost, "Shard hours") - 2 * 75.0 / 3600) < 1e-9);
        QCOMPARE(line(script.cost, "PUT payload units"), 1500.0);
        QVERIFY(qAbs(script.cost.total - (2 * 75.0 / 3600 * 0.015 + 1500 / 1e6 * 0.014)) < 1e-9);
        // Billed by whole hours: each of the two shards for one hour.
        QVERIFY(qAbs(script.wholeHourTotal - (2 * 0.015 + 1500 / 1e6 * 0.014)) < 1e-9);
        QVERIFY(script.text.contains(QStringLiteral("hold 15 'the goal looks at the last 10 s'")));
    }

    /// A goal that waits for throttling holds until the generators' calls saw a refusal (at most
    /// 60 s more), so a slow machine's AWS CLI still reaches it; other goals hold for their time.
    void aThrottlingGoalHoldsUntilARecordIsRefused()
    {
        const auto l = parse(R"({"format": "shardscope-lesson", "version": 1, "id": "t",
            "title": "T", "summary": "S", "steps": [
              {"title": "Too small", "narration": ["<p>n</p>"],
               "actions": [{"do": "createStream", "stream": "s", "shards": 1},
                           {"do": "startGenerator", "stream": "s", "rate": 2500}],
               "goal": {"text": "g", "checks": [{"is": "throttled", "stream": "s",
                                                 "seconds": 10}]}}]})");
        const auto script = lesson::awsCliScript(l, QStringLiteral("t.sh"));
        QVERIFY2(script.ok(), qPrintable(script.error));
        QVERIFY(script.text.contains(
            QStringLiteral("\nhold_until_refused 15 'the goal looks at the last 10 s'\n")));
        QVERIFY(!script.text.contains(QStringLiteral("\nhold 15")));
        QVERIFY(script.text.contains(QStringLiteral("hold_until_refused() {")));
    }

    /// A lesson whose "show me" cannot be played is refused, naming the place in the file.
    void anUnplayableLessonIsRefusedWithItsPlace()
    {
        const auto l = parse(R"({"format": "shardscope-lesson", "version": 1, "id": "bad",
            "title": "Bad", "summary": "s", "steps": [
              {"title": "one", "narration": "n",
               "actions": [{"do": "createStream", "stream": "s", "shards": 2}]},
              {"title": "two", "narration": "n",
               "goal": {"text": "g", "checks": [{"is": "openShards", "stream": "s", "min": 3}],
                        "showMe": [{"do": "split", "stream": "s", "shard": 5}]}}]})");
        const auto script = lesson::awsCliScript(l, QStringLiteral("bad.sh"));
        QVERIFY(!script.ok());
        QVERIFY(script.text.isEmpty());
        QVERIFY2(script.error.contains(QStringLiteral("steps[1].goal.showMe[0]")),
                 qPrintable(script.error));
        QVERIFY2(script.error.contains(QStringLiteral("line 7")), qPrintable(script.error));
        QVERIFY2(script.error.contains(QStringLiteral("not an open shard of s")),
                 qPrintable(script.error));
    }
};

QTEST_GUILESS_MAIN(TestLessonScript)
#include "tst_lesson_script.moc"
