// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
// `shardscope-cli agent` as a process, against `shardscope-cli serve` through its
// kinesis.endpoint: lines appended to two logs while the agent is killed with SIGKILL and
// started again six times, with a rotation by rename, a copy-truncate and a truncation between
// kills. Every line must reach the stream, each log's lines first arrive in order, and a line is
// sent again only if no checkpoint saved before the kill covered it. SHS_AGENT_DUMP=FILE keeps
// what the stream held, and where each kill left it, for a failure to be read.
#include "store/tail_checkpoints.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include <sys/stat.h>

#include <fstream>
#include <map>
#include <set>
#include <thread>

namespace {

std::string fileId(const QString &path)
{
    struct stat st;
    if (::stat(path.toLocal8Bit().constData(), &st) != 0)
        return {};
    return std::to_string(st.st_dev) + ":" + std::to_string(st.st_ino);
}

void append(const QString &path, const std::string &text)
{
    std::ofstream out(path.toStdString(), std::ios::app | std::ios::binary);
    out << text;
}

} // namespace

class TestAgent : public QObject
{
    Q_OBJECT
  private:
    QTemporaryDir m_tmp;
    QString m_url;

    QString dataDir() const { return m_tmp.filePath(QStringLiteral("data")); }
    QString logs() const { return m_tmp.filePath(QStringLiteral("logs")); }
    QString checkpoints() const { return m_tmp.filePath(QStringLiteral("checkpoints")); }

    int cli(const QStringList &args, QByteArray *out = nullptr, QByteArray *err = nullptr)
    {
        QProcess p;
        p.start(qEnvironmentVariable("SHS_CLI"), args);
        if (!p.waitForStarted() || !p.waitForFinished(60000))
            return -1;
        if (out)
            *out = p.readAllStandardOutput();
        if (err)
            *err = p.readAllStandardError();
        return p.exitCode();
    }
    /// The stream's records' data, in order (one shard).
    QStringList stream()
    {
        QByteArray out;
        [&] {
            QCOMPARE(cli({QStringLiteral("--endpoint-url"), m_url, QStringLiteral("tail"),
                          QStringLiteral("--stream"), QStringLiteral("logs"),
                          QStringLiteral("--no-follow"), QStringLiteral("--format"),
                          QStringLiteral("text")},
                         &out),
                     0);
        }();
        QStringList data;
        for (const QByteArray &line : out.split('\n'))
            if (!line.isEmpty())
                data << QString::fromUtf8(line.split(' ').last()).remove(QStringLiteral("\\x0a"));
        return data;
    }
    /// Lines each flow's saved checkpoints cover now, read from the files they name.
    std::set<QString> covered(const QStringList &flows)
    {
        std::set<QString> out;
        std::map<std::string, QString> paths; // file id → a path to it now
        for (const QString &name : QDir(logs()).entryList(QDir::Files))
            paths[fileId(QDir(logs()).filePath(name))] = QDir(logs()).filePath(name);
        auto file = shs::store::TailCheckpointFile::open(checkpoints().toStdString());
        [&] { QVERIFY(file); }();
        for (const QString &flow : flows) {
            auto rows = (*file)->load(flow.toStdString());
            [&] { QVERIFY(rows); }();
            for (const auto &row : *rows) {
                auto it = paths.find(row.fileId);
                if (it == paths.end())
                    continue; // let go since
                QFile f(it->second);
                [&] { QVERIFY(f.open(QIODevice::ReadOnly)); }();
                const QByteArray head = f.read(row.offset);
                for (const QByteArray &line : head.split('\n'))
                    if (!line.isEmpty())
                        out.insert(QString::fromUtf8(line));
            }
        }
        return out;
    }

  private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        QVERIFY(QDir().mkpath(logs()));
        qputenv("AWS_ACCESS_KEY_ID", "AKIDAGENT");
        qputenv("AWS_SECRET_ACCESS_KEY", "secret");
        qputenv("AWS_REGION", "us-east-1");
    }

    void everyLineArrivesAcrossKillsAndRotations()
    {
        QCOMPARE(cli({QStringLiteral("--data-dir"), dataDir(), QStringLiteral("create-stream"),
                      QStringLiteral("--stream-name"), QStringLiteral("logs"),
                      QStringLiteral("--shard-count"), QStringLiteral("1")}),
                 0);
        QProcess serve;
        serve.start(qEnvironmentVariable("SHS_CLI"),
                    {QStringLiteral("--data-dir"), dataDir(), QStringLiteral("serve"),
                     QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0")});
        QVERIFY(serve.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                static const QRegularExpression at(
                    QStringLiteral("Serving the Kinesis API at (\\S+)"));
                const auto m = at.match(QString::fromUtf8(serve.peek(4096)));
                m_url = m.hasMatch() ? m.captured(1) : QString();
                return !m_url.isEmpty();
            }(),
            10000);
        const QString app = QDir(logs()).filePath(QStringLiteral("app.log"));
        const QString other = QDir(logs()).filePath(QStringLiteral("other.log"));
        const QString appFlow = QStringLiteral("kinesis:logs:") + app + QLatin1Char('*');
        const QString otherFlow = QStringLiteral("kinesis:logs:") + other;
        const QJsonObject config{
            {QStringLiteral("kinesis.endpoint"), m_url},
            {QStringLiteral("checkpointFile"), checkpoints()},
            {QStringLiteral("cloudwatch.emitMetrics"), false},
            {QStringLiteral("flows"),
             QJsonArray{
                 QJsonObject{{QStringLiteral("filePattern"), QString(app + QLatin1Char('*'))},
                             {QStringLiteral("kinesisStream"), QStringLiteral("logs")},
                             {QStringLiteral("initialPosition"), QStringLiteral("START_OF_FILE")},
                             {QStringLiteral("maxBufferAgeMillis"), 1000},
                             {QStringLiteral("maxBufferSizeRecords"), 4}},
                 QJsonObject{{QStringLiteral("filePattern"), other},
                             {QStringLiteral("kinesisStream"), QStringLiteral("logs")},
                             {QStringLiteral("initialPosition"), QStringLiteral("START_OF_FILE")},
                             {QStringLiteral("maxBufferAgeMillis"), 1000},
                             {QStringLiteral("maxBufferSizeRecords"), 3}}}}};
        const QString configPath = m_tmp.filePath(QStringLiteral("agent.json"));
        {
            QFile f(configPath);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(QJsonDocument(config).toJson());
        }
        const QStringList agentArgs{QStringLiteral("--data-dir"), dataDir(),
                                    QStringLiteral("agent"), QStringLiteral("--config"),
                                    configPath};
        int appLines = 0, otherLines = 0;
        auto write = [&](int n) {
            for (int i = 0; i < n; ++i) {
                append(app, "app:" + std::to_string(++appLines) + "\n");
                if (i % 2 == 0)
                    append(other, "other:" + std::to_string(++otherLines) + "\n");
                if (i % 10 == 9)
                    std::this_thread::sleep_for(std::chrono::milliseconds(15));
            }
        };
        // kill k ends run k: what its checkpoints covered, and how long the stream was.
        std::vector<std::set<QString>> coveredAt;
        std::vector<qsizetype> lengthAt;
        const int cycles = 6;
        for (int cycle = 0; cycle < cycles; ++cycle) {
            QProcess agent;
            agent.setProcessChannelMode(QProcess::ForwardedErrorChannel);
            agent.setStandardOutputFile(QProcess::nullDevice());
            agent.start(qEnvironmentVariable("SHS_CLI"), agentArgs);
            QVERIFY(agent.waitForStarted());
            write(120);
            if (cycle == 1) {
                // Rotation by rename, then the writer carries on in a new file.
                QVERIFY(QFile::rename(app, app + QStringLiteral(".1")));
                write(60);
            } else if (cycle == 3) {
                // copytruncate: nothing is written between the copy and the truncation.
                QVERIFY(QFile::copy(app, app + QStringLiteral(".2")));
                QVERIFY(QFile::resize(app, 0));
                write(60);
            } else if (cycle == 4) {
                // A plain truncation, once the agent has read the file (what it has not read
                // when a file is truncated is gone, for the Agent as here).
                QTRY_VERIFY_WITH_TIMEOUT(
                    covered({otherFlow})
                        .count(QStringLiteral("other:") + QString::number(otherLines)),
                    20000);
                QVERIFY(QFile::resize(other, 0));
                write(60);
            }
            QTest::qWait(150 + 120 * cycle);
            agent.kill(); // SIGKILL
            QVERIFY(agent.waitForFinished(10000));
            QTest::qWait(300); // a call in flight at the kill lands or fails
            coveredAt.push_back(covered({appFlow, otherFlow}));
            lengthAt.push_back(stream().size());
        }
        // The last run sends everything and stops by itself.
        QByteArray err;
        QCOMPARE(cli(agentArgs + QStringList{QStringLiteral("--once"), QStringLiteral("--quiet")},
                     nullptr, &err),
                 0);
        const QStringList records = stream();
        if (qEnvironmentVariableIsSet("SHS_AGENT_DUMP")) {
            QFile dump(qEnvironmentVariable("SHS_AGENT_DUMP"));
            QVERIFY(dump.open(QIODevice::WriteOnly));
            dump.write(records.join(QLatin1Char('\n')).toUtf8());
            for (auto l : lengthAt)
                dump.write("\nKILL " + QByteArray::number(l));
        }
        serve.terminate();
        QVERIFY(serve.waitForFinished(10000));

        // Every line, each log's lines first seen in order.
        std::map<QString, int> next{{QStringLiteral("app"), 1}, {QStringLiteral("other"), 1}};
        std::set<QString> seen;
        int duplicates = 0;
        std::size_t run = 0; // the run that sent record i
        for (qsizetype i = 0; i < records.size(); ++i) {
            while (run < lengthAt.size() && i >= lengthAt[run])
                ++run;
            const QString &r = records[i];
            if (!seen.insert(r).second) {
                ++duplicates;
                // Sent again in run `run`: no kill before that run may have covered it.
                for (std::size_t k = 0; k < run; ++k)
                    QVERIFY2(!coveredAt[k].count(r),
                             qPrintable(r
                                        + QStringLiteral(" was sent again after the checkpoint "
                                                         "saved before kill ")
                                        + QString::number(k) + QStringLiteral(" covered it")));
                continue;
            }
            const QString log = r.section(QLatin1Char(':'), 0, 0);
            const int n = r.section(QLatin1Char(':'), 1).toInt();
            QVERIFY2(next.count(log), qPrintable(r));
            QVERIFY2(n == next[log],
                     qPrintable(
                         QStringLiteral("%1 came where %2:%3 was due").arg(r, log).arg(next[log])));
            ++next[log];
        }
        QCOMPARE(next[QStringLiteral("app")], appLines + 1);
        QCOMPARE(next[QStringLiteral("other")], otherLines + 1);
        qInfo("%d app and %d other lines through %d kills: %lld records, %d sent again", appLines,
              otherLines, cycles, static_cast<long long>(records.size()), duplicates);
    }
};

QTEST_GUILESS_MAIN(TestAgent)
#include "tst_agent.moc"
