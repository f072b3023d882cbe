// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
// Launches the real `shardscope` binary: it opens on a data directory, quits cleanly on SIGTERM
// (committing and releasing its lock), and refuses a locked directory with a clear message.
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

QTEST_GUILESS_MAIN(TestAppSmoke)
#include "tst_app_smoke.moc"
