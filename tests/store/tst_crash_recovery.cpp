// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
// Kills `shardscope-cli bench put --ack-log` with SIGKILL at random moments, many times, with the
// records kept in three zones (the default) and, in some rounds, one zone down from the start
// (SHS_ZONES_DOWN), so that it falls behind, catches up in the next round and is killed while it
// does. Then checks, reading from each zone alone (the other two down), that every acknowledged
// record is readable exactly once, in order per shard, that each shard's record count matches
// what is read, and that SQLite's integrity check passes on every zone; and once more after one
// zone's files are deleted and it is rebuilt from the others. Seed: SHS_CRASH_SEED (printed on
// every run).
#include "manual_clock.h"

#include "engine/sequence_number.h"
#include "service/engine_host.h"
#include "store/data_dir.h"
#include "store/sqlite_storage.h"
#include "store/zoned_storage.h"

#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QtTest>

#include <map>
#include <set>

using namespace shs;
using namespace shs::core;

class TestCrashRecovery : public QObject
{
    Q_OBJECT
  private Q_SLOTS:
    void acknowledgedRecordsSurviveSigkill();

  private:
    using Acked = std::map<std::string, std::set<std::string>>;
    /// Opens the three zones of `dataDir` and checks the acknowledgements from each zone alone;
    /// returns how many were found (each zone's reading).
    void verifyZones(const QString &dataDir, const Acked &acked, qsizetype ackCount);
    void verifyReads(service::EngineHost &host, const Acked &acked, qsizetype ackCount);
};

namespace {
bool seqLess(const std::string &a, const std::string &b)
{
    return a.size() != b.size() ? a.size() < b.size() : a < b;
}
} // namespace

void TestCrashRecovery::acknowledgedRecordsSurviveSigkill()
{
    const QString cli = qEnvironmentVariable("SHS_CLI");
    QVERIFY2(QFile::exists(cli), "SHS_CLI must name shardscope-cli");
    QTemporaryDir tmp;
    const QString dataDir = tmp.path() + QStringLiteral("/data");
    const QString ackLog = tmp.path() + QStringLiteral("/acks.log");
    const quint32 seed = qEnvironmentVariableIsSet("SHS_CRASH_SEED")
                             ? quint32(qEnvironmentVariableIntValue("SHS_CRASH_SEED"))
                             : QRandomGenerator::global()->generate();
    qInfo("crash seed %u (rerun with SHS_CRASH_SEED=%u)", seed, seed);
    QRandomGenerator rng(seed);
    const int rounds = 22;
    int killedMidRun = 0;
    int tornLines = 0;
    int zonesDown = 0;
    for (int round = 0; round < rounds; ++round) {
        // PutRecord (staged small commits), PutRecords of 50 (staged) and of 500 (direct, folding
        // whatever is staged) in turn.
        const QString batch = QStringList{QStringLiteral("1"), QStringLiteral("50"),
                                          QStringLiteral("500")}[round % 3];
        const qint64 before = QFileInfo(ackLog).size();
        QProcess p;
        p.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        // Some rounds run with a zone down from the start; the next round brings it back and it
        // catches up while the load runs (and the kill may land meanwhile).
        static const char *const kDown[] = {"", "us-east-1b", "", "us-east-1c", "us-east-1a"};
        const char *down = kDown[rng.bounded(5)];
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("SHS_ZONES_DOWN"), QString::fromLatin1(down));
        p.setProcessEnvironment(env);
        zonesDown += *down ? 1 : 0;
        p.start(cli, {QStringLiteral("--data-dir"), dataDir,
                      QStringLiteral("--limits"),   QStringLiteral("off"),
                      QStringLiteral("bench"),      QStringLiteral("put"),
                      QStringLiteral("--stream"),   QStringLiteral("crash"),
                      QStringLiteral("--shards"),   QStringLiteral("4"),
                      QStringLiteral("--batch"),    batch,
                      QStringLiteral("--threads"),  QStringLiteral("4"),
                      QStringLiteral("--size"),     QStringLiteral("64"),
                      QStringLiteral("--duration"), QStringLiteral("60"),
                      QStringLiteral("--ack-log"),  ackLog});
        QVERIFY(p.waitForStarted());
        // Let it make progress, then kill it at a random moment.
        QTRY_VERIFY_WITH_TIMEOUT(QFileInfo(ackLog).size() > before, 15000);
        QTest::qWait(int(rng.bounded(400)));
        if (p.state() == QProcess::Running)
            ++killedMidRun;
        p.kill(); // SIGKILL
        QVERIFY(p.waitForFinished(10000));
        // SIGKILL can land inside a write(2) of many lines, leaving a torn last line. End it here
        // so the next process's first line is not glued onto it.
        QFile log(ackLog);
        QVERIFY(log.open(QIODevice::ReadWrite));
        if (log.size() > 0 && log.seek(log.size() - 1) && log.read(1) != "\n") {
            QVERIFY(log.seek(log.size()));
            QCOMPARE(log.write("\n"), qint64(1));
            ++tornLines;
        }
    }
    QVERIFY(killedMidRun >= 20);
    qInfo("%d of %d rounds ran with a zone down", zonesDown, rounds);

    // Acknowledged (shard, seq) pairs: a line is an acknowledgement when it names one of the four
    // shards and a well-formed sequence number of that shard. A torn last line is not one.
    QFile f(ackLog);
    QVERIFY(f.open(QIODevice::ReadOnly));
    Acked acked;
    qsizetype ackCount = 0, rejected = 0;
    for (const QByteArray &line : f.readAll().split('\n')) {
        if (line.isEmpty())
            continue;
        const auto parts = line.split(' ');
        const auto seq
            = parts.size() == 2 ? parseSequenceNumber(parts[1].toStdString()) : std::nullopt;
        if (!seq || seq->shardIndex >= 4
            || parts[0].toStdString() != formatShardId(seq->shardIndex)) {
            ++rejected;
            continue;
        }
        QVERIFY2(
            acked[parts[0].toStdString()].insert(parts[1].toStdString()).second,
            qPrintable(QStringLiteral("%1 was acknowledged twice").arg(QString::fromUtf8(line))));
        ++ackCount;
    }
    qInfo("%lld acknowledgements, %d torn lines ended, %lld lines not acknowledgements",
          qlonglong(ackCount), tornLines, qlonglong(rejected));
    QVERIFY(ackCount > 1000);
    QVERIFY2(rejected <= tornLines, "only a torn last line may fail to parse");

    verifyZones(dataDir, acked, ackCount);
    // Deleting any one zone's files loses nothing: it is rebuilt from the other two.
    const int lost = int(rng.bounded(3));
    {
        auto dir = store::DataDir::open(dataDir.toStdString(), "tst_crash_recovery");
        QVERIFY(dir);
        for (const char *suffix : {"", "-wal", "-shm"})
            QFile::remove(QString::fromStdString((*dir)->zonePath(lost) + suffix));
    }
    qInfo("zone %d's files deleted", lost);
    verifyZones(dataDir, acked, ackCount);
}

void TestCrashRecovery::verifyZones(const QString &dataDir, const Acked &acked, qsizetype ackCount)
{
    auto dir = store::DataDir::open(dataDir.toStdString(), "tst_crash_recovery");
    QVERIFY(dir);
    const store::ZoneOptions zo
        = store::ZoneOptions::three("us-east-1", [&dir](int i) { return (*dir)->zonePath(i); });
    auto storage = store::ZonedStorage::open(zo);
    QVERIFY2(storage, storage ? "" : storage.error().message.c_str());
    store::ZonedStorage &zones = **storage;
    EngineConfig cfg;
    cfg.limits = LimitsProfile::off();
    cfg.tokenKey = (*dir)->tokenKey();
    service::EngineHost host(std::move(*storage), cfg, std::make_shared<SystemClock>());
    QVERIFY(host.start());
    QVERIFY(zones.waitSettled(std::chrono::seconds(120)));
    for (int alone = 0; alone < 3; ++alone) {
        for (int other = 0; other < 3; ++other)
            if (other != alone)
                QVERIFY(host.changeZone(zo.names[std::size_t(other)], ZoneAction::Down));
        verifyReads(host, acked, ackCount);
        if (QTest::currentTestFailed())
            qFatal("zone %s alone is missing acknowledged records",
                   zo.names[std::size_t(alone)].c_str());
        for (int other = 0; other < 3; ++other)
            if (other != alone)
                QVERIFY(host.changeZone(zo.names[std::size_t(other)], ZoneAction::Up));
        QVERIFY(zones.waitSettled(std::chrono::seconds(120)));
    }
    host.stop();
    for (const auto &path : zo.paths) {
        store::SqliteOptions opt;
        opt.path = path;
        auto check = store::SqliteStorage::open(opt);
        QVERIFY(check);
        QCOMPARE(QString::fromStdString((*check)->integrityCheck()), QStringLiteral("ok"));
    }
}

void TestCrashRecovery::verifyReads(service::EngineHost &host, const Acked &acked,
                                    qsizetype ackCount)
{
    qsizetype found = 0;
    // Each shard's record count (the Shards tab's), rebuilt at load from the last count written
    // and the records after it, is exactly what reading the shard finds.
    auto metrics = host.call<Engine::StreamMetrics>([](Engine &e) {
        return e.recentMetrics(StreamRef{"crash", {}}, 1);
    });
    QVERIFY(metrics);
    std::map<std::string, std::int64_t> counted;
    for (const auto &sh : metrics->shards)
        counted[sh.shardId] = sh.holdings.records;
    for (int shard = 0; shard < 4; ++shard) {
        const std::string shardId = formatShardId(std::uint32_t(shard));
        GetShardIteratorRequest g{{"crash", {}}, shardId, ShardIteratorType::TrimHorizon, {}, {}};
        auto it
            = host.call<GetShardIteratorResult>([g](Engine &e) { return e.getShardIterator(g); });
        QVERIFY(it);
        std::string cursor = it->shardIterator, last;
        std::set<std::string> seen;
        for (;;) {
            auto res = host.getRecords(GetRecordsRequest{cursor, {}, {}});
            QVERIFY2(res, res ? "" : res.error().message.c_str());
            if (res->records.empty())
                break;
            for (const auto &rec : res->records) {
                QVERIFY2(last.empty() || seqLess(last, rec.sequenceNumber), "records out of order");
                last = rec.sequenceNumber;
                QVERIFY2(seen.insert(rec.sequenceNumber).second, "a record was read twice");
            }
            cursor = *res->nextShardIterator;
        }
        QCOMPARE(counted[shardId], std::int64_t(seen.size()));
        auto mine = acked.find(shardId);
        if (mine == acked.end())
            continue;
        for (const auto &seq : mine->second) {
            QVERIFY2(seen.count(seq), qPrintable(QStringLiteral("acknowledged %1 %2 is missing")
                                                     .arg(QString::fromStdString(shardId),
                                                          QString::fromStdString(seq))));
            ++found;
        }
    }
    QCOMPARE(found, ackCount);
}

QTEST_GUILESS_MAIN(TestCrashRecovery)
#include "tst_crash_recovery.moc"
