// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
// Launches the real `shardscope` binary: it opens on a data directory, quits cleanly on SIGTERM
// (committing and releasing its lock), refuses a locked directory with a clear message, and opens
// the lesson files it is given as arguments (what the desktop entry's %F passes on a double-click).
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>

class TestAppSmoke : public QObject
{
    Q_OBJECT
  private Q_SLOTS:
    void launchesAndQuitsCleanly();
    void lockedDirectoryIsRefused();
    void opensTheLessonFilesItIsGiven();
};

void TestAppSmoke::launchesAndQuitsCleanly()
{
    QTemporaryDir tmp;
    QProcess app;
    app.setProcessChannelMode(QProcess::MergedChannels);
    app.start(qEnvironmentVariable("SHS_APP"), {QStringLiteral("--data-dir"), tmp.path()});
    QVERIFY(app.waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT(QFile(tmp.path() + QStringLiteral("/LOCK")).size() > 0, 10000);
    QTest::qWait(500);
    QCOMPARE(app.state(), QProcess::Running);
    ::kill(pid_t(app.processId()), SIGTERM);
    QVERIFY(app.waitForFinished(10000));
    QCOMPARE(app.exitStatus(), QProcess::NormalExit);
    QVERIFY2(app.exitCode() == 0, app.readAll().constData());
    QVERIFY(QFile::exists(tmp.path() + QStringLiteral("/shardscope.db")));
    QCOMPARE(QFile(tmp.path() + QStringLiteral("/LOCK")).size(), 0); // released
}

void TestAppSmoke::lockedDirectoryIsRefused()
{
    QTemporaryDir tmp;
    QProcess holder;
    holder.start(qEnvironmentVariable("SHS_CLI"),
                 {QStringLiteral("--data-dir"), tmp.path(), QStringLiteral("bench"),
                  QStringLiteral("put"), QStringLiteral("--duration"), QStringLiteral("30"),
                  QStringLiteral("--batch"), QStringLiteral("10"), QStringLiteral("--size"),
                  QStringLiteral("10")});
    QVERIFY(holder.waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT(QFile(tmp.path() + QStringLiteral("/LOCK")).size() > 0, 10000);
    QProcess app;
    app.setProcessChannelMode(QProcess::MergedChannels);
    app.start(qEnvironmentVariable("SHS_APP"), {QStringLiteral("--data-dir"), tmp.path()});
    QVERIFY(app.waitForFinished(10000));
    QCOMPARE(app.exitCode(), 1);
    const QByteArray out = app.readAll();
    QVERIFY2(out.contains(QByteArray(QByteArray("is in use by process ")
                                     + QByteArray::number(holder.processId())
                                     + QByteArray(" (shardscope-cli)"))),
             out.constData());
    holder.kill();
    holder.waitForFinished();
}

void TestAppSmoke::opensTheLessonFilesItIsGiven()
{
    QTemporaryDir tmp;
    const QString lesson = qEnvironmentVariable("SHS_SOURCE_DIR")
                           + QStringLiteral("/resources/lessons/01-routing.json");
    QProcess app;
    app.setProcessChannelMode(QProcess::MergedChannels);
    auto env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("SHARDSCOPE_READY_FILE"), tmp.filePath(QStringLiteral("ready")));
    app.setProcessEnvironment(env);
    app.start(qEnvironmentVariable("SHS_APP"),
              {QStringLiteral("--data-dir"), tmp.filePath(QStringLiteral("data")), lesson});
    QVERIFY(app.waitForStarted());
    // The lesson window paints; a lesson runs on a scratch engine, so the data directory is not
    // opened.
    QTRY_VERIFY_WITH_TIMEOUT(QFile(tmp.filePath(QStringLiteral("ready"))).size() > 0, 10000);
    QCOMPARE(app.state(), QProcess::Running);
    QVERIFY(!QFile::exists(tmp.filePath(QStringLiteral("data/LOCK"))));
    ::kill(pid_t(app.processId()), SIGTERM);
    QVERIFY(app.waitForFinished(10000));
    QVERIFY2(app.exitCode() == 0, app.readAll().constData());

    // A file that is not a lesson: exit 2, naming the file and what is wrong with it.
    const QString bad = tmp.filePath(QStringLiteral("notes.json"));
    QFile f(bad);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(R"({"format": "shardscope-lesson", "version": 1, "id": "x"})");
    f.close();
    QProcess refused;
    refused.setProcessChannelMode(QProcess::MergedChannels);
    refused.start(qEnvironmentVariable("SHS_APP"), {bad});
    QVERIFY(refused.waitForFinished(10000));
    QCOMPARE(refused.exitCode(), 2);
    const QByteArray out = refused.readAll();
    QVERIFY2(
        out.contains(QByteArray(QByteArray("the lesson ") + bad.toUtf8() + " cannot be opened")),
        out.constData());
    QVERIFY2(out.contains("notes.json:"), out.constData());
}

QTEST_GUILESS_MAIN(TestAppSmoke)
#include "tst_app_smoke.moc"
