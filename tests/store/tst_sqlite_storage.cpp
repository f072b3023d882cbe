// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "manual_clock.h"

#include "service/engine_host.h"
#include "store/data_dir.h"
#include "store/faulty_vfs.h"
#include "store/sqlite_storage.h"

#include <QTemporaryDir>
#include <QtTest>

#include <sqlite3.h>

using namespace shs;
using namespace shs::core;

namespace {
struct Opened
{
    std::unique_ptr<store::DataDir> dir;
    std::unique_ptr<service::EngineHost> host;
};

Opened openEngine(const QString &path, std::shared_ptr<Clock> clock, const char *vfs = nullptr)
{
    Opened o;
    auto dir = store::DataDir::open(path.toStdString(), "tst_sqlite_storage");
    if (!dir)
        qFatal("%s", dir.error().message.c_str());
    store::SqliteOptions opt;
    opt.path = (*dir)->databasePath();
    opt.vfs = vfs;
    auto storage = store::SqliteStorage::open(opt);
    if (!storage)
        qFatal("%s", storage.error().message.c_str());
    EngineConfig cfg;
    cfg.limits = LimitsProfile::off();
    cfg.tokenKey = (*dir)->tokenKey();
    o.host = std::make_unique<service::EngineHost>(std::move(*storage), cfg, std::move(clock));
    if (auto r = o.host->start(); !r)
        qFatal("%s", r.error().message.c_str());
    o.dir = std::move(*dir);
    return o;
}

Result<void> createActive(service::EngineHost &host, test::ManualClock &clock,
                          const std::string &name, int shards)
{
    CreateStreamRequest c;
    c.streamName = name;
    c.shardCount = shards;
    auto r = host.call<void>([c](Engine &e) { return e.createStream(c); });
    if (!r)
        return r;
    clock.advance(500);
    return host.call<void>([](Engine &e) {
        e.tick();
        return ok();
    });
}

Result<PutRecordResult> put(service::EngineHost &host, const std::string &pk,
                            const std::string &data)
{
    PutRecordRequest r;
    r.stream.name = "s";
    r.partitionKey = pk;
    r.data = data;
    return host.call<PutRecordResult>([r](Engine &e) mutable { return e.putRecord(std::move(r)); });
}

std::vector<std::string> readAll(service::EngineHost &host, int shards)
{
    std::vector<std::string> out;
    for (int i = 0; i < shards; ++i) {
        GetShardIteratorRequest g;
        g.stream.name = "s";
        g.shardId = formatShardId(std::uint32_t(i));
        g.type = ShardIteratorType::TrimHorizon;
        auto it
            = host.call<GetShardIteratorResult>([g](Engine &e) { return e.getShardIterator(g); });
        if (!it)
            qFatal("%s", it.error().message.c_str());
        std::string cursor = it->shardIterator;
        for (;;) {
            GetRecordsRequest r{cursor, {}, {}};
            auto res = host.call<GetRecordsResult>([r](Engine &e) { return e.getRecords(r); });
            if (!res || res->records.empty())
                break;
            for (auto &rec : res->records)
                out.push_back(rec.data);
            cursor = *res->nextShardIterator;
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}
} // namespace

class TestSqliteStorage : public QObject
{
    Q_OBJECT
  private Q_SLOTS:
    void reopenAfterCleanShutdown();
    void stagingPlacesRecordsAndLosesNone();
    void secondOpenerGetsAClearError();
    void writeFailureIsStickyAndLosesNothing_data();
    void writeFailureIsStickyAndLosesNothing();
    void newerSchemaIsRefused();
    void retentionFreesStorage();
    void recordCountsFollowTrimsAndReopens();
};

void TestSqliteStorage::reopenAfterCleanShutdown()
{
    QTemporaryDir tmp;
    auto clock = std::make_shared<test::ManualClock>();
    std::string firstSeq;
    {
        auto o = openEngine(tmp.path(), clock);
        QVERIFY(createActive(*o.host, *clock, "s", 3));
        for (int i = 0; i < 300; ++i) {
            auto p = put(*o.host, "k" + std::to_string(i), "v" + std::to_string(1000 + i));
            QVERIFY(p);
            if (i == 0)
                firstSeq = p->sequenceNumber;
        }
        o.host->stop();
    }
    auto o = openEngine(tmp.path(), clock);
    auto all = readAll(*o.host, 3);
    QCOMPARE(int(all.size()), 300);
    QCOMPARE(all.front(), std::string("v1000"));
    auto s = o.host->call<StreamDescriptionSummary>([](Engine &e) {
        return e.describeStreamSummary({"s", {}});
    });
    QCOMPARE(s->status, StreamStatus::Active);
    // Sequence numbers keep growing across the restart.
    auto next = put(*o.host, "k0", "after");
    QVERIFY(next->sequenceNumber.size() >= firstSeq.size() && next->sequenceNumber > firstSeq);
    // The 1-minute metric history written by the first run is in SQLite: 300 records came in.
    auto history = o.host->call<std::vector<MinutePoint>>([](Engine &e) {
        return e.metricHistory({"s", {}}, 0, std::numeric_limits<std::int64_t>::max());
    });
    QVERIFY(history);
    std::int64_t incoming = 0;
    for (const auto &p : *history)
        if (p.shardIndex != 0xFFFFFFFFu)
            incoming += p.values[static_cast<std::size_t>(Metric::IncomingRecords)];
    QCOMPARE(incoming, 300);
}

void TestSqliteStorage::secondOpenerGetsAClearError()
{
    QTemporaryDir tmp;
    auto first = store::DataDir::open(tmp.path().toStdString(), "shardscope");
    QVERIFY(first);
    auto second = store::DataDir::open(tmp.path().toStdString(), "shardscope-cli");
    QVERIFY(!second);
    const QString msg = QString::fromStdString(second.error().message);
    QVERIFY2(msg.contains(QStringLiteral("is in use by process %1 (shardscope)")
                              .arg(QCoreApplication::applicationPid())),
             qPrintable(msg));
    QVERIFY(msg.contains(QStringLiteral("--data-dir")));
    first->reset();
    QVERIFY(store::DataDir::open(tmp.path().toStdString(), "shardscope-cli"));
}

void TestSqliteStorage::writeFailureIsStickyAndLosesNothing_data()
{
    QTest::addColumn<bool>("ioError");
    QTest::addColumn<QString>("expected");
    QTest::newRow("disk-full") << false << "database or disk is full";
    QTest::newRow("io-error") << true << "disk I/O error";
}

void TestSqliteStorage::writeFailureIsStickyAndLosesNothing()
{
    QFETCH(bool, ioError);
    QFETCH(QString, expected);
    QTemporaryDir tmp;
    auto clock = std::make_shared<test::ManualClock>();
    auto &plan = store::faultPlan();
    plan.writeBudgetBytes = -1;
    plan.ioError = ioError;
    std::vector<std::string> acked;
    {
        auto o = openEngine(tmp.path(), clock, store::registerFaultyVfs());
        QVERIFY(createActive(*o.host, *clock, "s", 2));
        for (int i = 0; i < 100; ++i) {
            QVERIFY(put(*o.host, "k" + std::to_string(i), "acked-" + std::to_string(1000 + i)));
            acked.push_back("acked-" + std::to_string(1000 + i));
        }
        plan.writeBudgetBytes = 0; // the disk is full from now on
        auto failed = put(*o.host, "k", "refused-1");
        QVERIFY(!failed);
        QCOMPARE(QString::fromUtf8(failed.error().name().data()),
                 QStringLiteral("InternalFailureException"));
        QVERIFY2(QString::fromStdString(failed.error().message).contains(expected),
                 failed.error().message.c_str());
        // Sticky: refused even though the "disk" would accept writes again.
        plan.writeBudgetBytes = -1;
        QTRY_VERIFY(o.host->mailbox().latest()->failure.has_value());
        auto again = put(*o.host, "k", "refused-2");
        QVERIFY(!again);
        QVERIFY(
            QString::fromStdString(again.error().message).contains(QStringLiteral("read-only")));
        // Reads still work.
        QCOMPARE(readAll(*o.host, 2), acked);
        o.host->stop();
    }
    auto o = openEngine(tmp.path(), clock);
    QCOMPARE(readAll(*o.host, 2), acked);
    store::SqliteOptions opt;
    opt.path = tmp.path().toStdString() + "/shardscope.db";
    o.host->stop();
    auto check = store::SqliteStorage::open(opt);
    QCOMPARE(QString::fromStdString((*check)->integrityCheck()), QStringLiteral("ok"));
}

void TestSqliteStorage::newerSchemaIsRefused()
{
    QTemporaryDir tmp;
    const std::string path = tmp.path().toStdString() + "/db";
    sqlite3 *db = nullptr;
    sqlite3_open(path.c_str(), &db);
    sqlite3_exec(db, "PRAGMA user_version=99", nullptr, nullptr, nullptr);
    sqlite3_close(db);
    store::SqliteOptions opt;
    opt.path = path;
    auto r = store::SqliteStorage::open(opt);
    QVERIFY(!r);
    QVERIFY(QString::fromStdString(r.error().message)
                .contains(QStringLiteral("newer Shardscope (schema 99")));
}

void TestSqliteStorage::retentionFreesStorage()
{
    QTemporaryDir tmp;
    auto clock = std::make_shared<test::ManualClock>();
    auto o = openEngine(tmp.path(), clock);
    QVERIFY(createActive(*o.host, *clock, "s", 1));
    for (int i = 0; i < 50; ++i)
        QVERIFY(put(*o.host, "k", std::string(4000, 'x')));
    clock->advance(25 * 3600 * 1000);
    QVERIFY(o.host->call<bool>([](Engine &e) -> Result<bool> {
        e.tick();
        return true;
    }));
    o.host->flush();
    QCOMPARE(int(readAll(*o.host, 1).size()), 0);
    o.host->stop();
    sqlite3 *db = nullptr;
    sqlite3_open((tmp.path().toStdString() + "/shardscope.db").c_str(), &db);
    sqlite3_stmt *s = nullptr;
    sqlite3_prepare_v2(db, "SELECT count(*) FROM records", -1, &s, nullptr);
    QCOMPARE(sqlite3_step(s), SQLITE_ROW);
    QCOMPARE(sqlite3_column_int(s, 0), 0);
    sqlite3_finalize(s);
    sqlite3_close(db);
}

namespace {
/// What each shard of "s" holds, by shard id, as the engine reports it.
std::map<std::string, ShardHoldings> holdingsOf(service::EngineHost &host)
{
    auto m = host.call<Engine::StreamMetrics>([](Engine &e) {
        return e.recentMetrics(StreamRef{"s", {}}, 1);
    });
    if (!m)
        qFatal("%s", m.error().message.c_str());
    std::map<std::string, ShardHoldings> out;
    for (const auto &sh : m->shards)
        out[sh.shardId] = sh.holdings;
    return out;
}
} // namespace

// The Shards tab's record count, oldest and newest record: exact after puts, after retention
// trims part of a shard and all of another, and after reopening — whether the count was last
// written a minute ago (the tail is counted at load) or with the trim.
void TestSqliteStorage::recordCountsFollowTrimsAndReopens()
{
    QTemporaryDir tmp;
    auto clock = std::make_shared<test::ManualClock>();
    const auto tick = [](service::EngineHost &host) {
        QVERIFY(host.call<bool>([](Engine &e) -> Result<bool> {
            e.tick();
            return true;
        }));
    };
    std::int64_t firstAt = 0, secondAt = 0;
    {
        auto o = openEngine(tmp.path(), clock);
        QVERIFY(createActive(*o.host, *clock, "s", 2));
        // MD5 of "a" starts 0c… (shard 0 of two), of "b" 92… (shard 1).
        firstAt = clock->nowMs();
        for (int i = 0; i < 30; ++i)
            QVERIFY(put(*o.host, "a", "old"));
        for (int i = 0; i < 10; ++i)
            QVERIFY(put(*o.host, "b", "old"));
        clock->advance(12 * 3600 * 1000);
        tick(*o.host);
        secondAt = clock->nowMs();
        for (int i = 0; i < 20; ++i)
            QVERIFY(put(*o.host, "a", "new"));
        auto h = holdingsOf(*o.host);
        QCOMPARE(h["shardId-000000000000"], (ShardHoldings{50, firstAt, secondAt}));
        QCOMPARE(h["shardId-000000000001"], (ShardHoldings{10, firstAt, firstAt}));
        o.host->stop(); // the counts were last written a minute before the 20 new records
    }
    {
        auto o = openEngine(tmp.path(), clock);
        auto h = holdingsOf(*o.host);
        QCOMPARE(h["shardId-000000000000"].records, 50);
        QCOMPARE(h["shardId-000000000001"].records, 10);
        // Past the first records' 24 hours: shard 0 keeps its 20 newer ones, shard 1 none.
        clock->advance(13 * 3600 * 1000);
        tick(*o.host);
        h = holdingsOf(*o.host);
        QCOMPARE(h["shardId-000000000000"], (ShardHoldings{20, secondAt, secondAt}));
        QCOMPARE(h["shardId-000000000001"], (ShardHoldings{0, 0, 0}));
        QCOMPARE(int(readAll(*o.host, 2).size()), 20);
        for (int i = 0; i < 5; ++i)
            QVERIFY(put(*o.host, "b", "later"));
        o.host->stop();
    }
    auto o = openEngine(tmp.path(), clock);
    auto h = holdingsOf(*o.host);
    QCOMPARE(h["shardId-000000000000"].records, 20);
    QCOMPARE(h["shardId-000000000001"].records, 5);
    QCOMPARE(h["shardId-000000000001"].oldestMs, clock->nowMs());
}

namespace {
std::int64_t countRows(const std::string &path, const char *table)
{
    sqlite3 *db = nullptr;
    sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
    sqlite3_stmt *s = nullptr;
    const std::string sql = std::string("SELECT count(*) FROM ") + table;
    sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr);
    std::int64_t n = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : -1;
    sqlite3_finalize(s);
    sqlite3_close(db);
    return n;
}

/// Every record of `shard` through the storage's reader, in order.
std::vector<std::uint64_t> seqsOf(StoragePort &storage, std::uint64_t shard)
{
    std::vector<StoredRecord> out;
    if (auto r = storage.readRecords(shard, 0, 0, 1'000'000, std::size_t(-1), out); !r)
        qFatal("%s", r.error().message.c_str());
    std::vector<std::uint64_t> seqs;
    for (const auto &rec : out)
        seqs.push_back(rec.seq);
    return seqs;
}
} // namespace

// The staging log (sqlite_storage.h): thin commits spread over several shards go to records_log,
// a commit for one shard with nothing staged appends to records directly, a direct write to a
// shard with staged rows moves them in the same transaction, and the log folds past its
// low-water mark. Through all of it (and a reopen) every record is read exactly once, in order.
void TestSqliteStorage::stagingPlacesRecordsAndLosesNone()
{
    QTemporaryDir tmp;
    const std::string path = tmp.path().toStdString() + "/s.db";
    store::SqliteOptions opt;
    opt.path = path;
    std::map<std::uint64_t, std::vector<std::uint64_t>> expected;
    std::uint64_t seq = 100;
    auto batchOf
        = [&](std::initializer_list<std::pair<std::uint64_t, int>> perShard, int bytes = 100) {
              WriteBatch b;
              for (const auto &[shard, n] : perShard)
                  for (int i = 0; i < n; ++i) {
                      b.records.push_back(
                          {shard, ++seq, 1000, "pk", std::string(std::size_t(bytes), 'x')});
                      b.payloadBytes += std::size_t(bytes) + 2;
                      expected[shard].push_back(seq);
                  }
              return b;
          };
    auto checkAll = [&](StoragePort &st) {
        for (const auto &[shard, seqs] : expected) {
            QCOMPARE(seqsOf(st, shard), seqs);
            // Counting sees the staged rows and the table's once each, whole or in part.
            QCOMPARE(st.countRecords(shard, 0, UINT64_MAX).value(), std::uint64_t(seqs.size()));
            const std::uint64_t mid = seqs[seqs.size() / 2];
            QCOMPARE(st.countRecords(shard, mid, UINT64_MAX).value(),
                     std::uint64_t(seqs.end() - std::find(seqs.begin(), seqs.end(), mid)));
            QCOMPARE(st.countRecords(shard, 0, mid).value(), std::uint64_t(seqs.size() / 2));
        }
    };
    {
        auto opened = store::SqliteStorage::open(opt);
        QVERIFY(opened);
        auto &st = **opened;
        // One clean shard: straight into records.
        QVERIFY(st.commit(batchOf({{1, 3}})));
        QCOMPARE(countRows(path, "records"), 3);
        QCOMPARE(countRows(path, "records_log"), 0);
        // Thin and spread over four shards: staged.
        QVERIFY(st.commit(batchOf({{1, 2}, {2, 2}, {3, 2}, {4, 2}})));
        QCOMPARE(countRows(path, "records"), 3);
        QCOMPARE(countRows(path, "records_log"), 8);
        checkAll(st);
        // One shard that has staged rows: staged as well (its rows stay newer than the table's).
        QVERIFY(st.commit(batchOf({{2, 1}})));
        QCOMPARE(countRows(path, "records_log"), 9);
        // A large direct write to shard 3 moves its staged rows with it.
        QVERIFY(st.commit(batchOf({{3, 80}})));
        QCOMPARE(countRows(path, "records"), 3 + 2 + 80);
        QCOMPARE(countRows(path, "records_log"), 7);
        checkAll(st);
        // Many thin commits: the log folds past its low-water mark and stays bounded.
        for (int i = 0; i < 700; ++i)
            QVERIFY(st.commit(batchOf({{1, 2}, {2, 2}, {3, 2}, {4, 2}}, 600)));
        const auto staged = countRows(path, "records_log");
        QVERIFY2(staged <= 16384, qPrintable(QString::number(staged)));
        QVERIFY2(countRows(path, "records") > 700 * 8 - 16384, "the log never folded");
        checkAll(st);
        QCOMPARE(st.integrityCheck(), std::string("ok"));
    }
    // Reopen: whatever was staged folds into records; nothing lost or doubled.
    auto reopened = store::SqliteStorage::open(opt);
    QVERIFY(reopened);
    QCOMPARE(countRows(path, "records_log"), 0);
    std::size_t total = 0;
    for (const auto &[shard, seqs] : expected)
        total += seqs.size();
    QCOMPARE(countRows(path, "records"), std::int64_t(total));
    checkAll(**reopened);
}

QTEST_GUILESS_MAIN(TestSqliteStorage)
#include "tst_sqlite_storage.moc"
