// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
// Three zones (store/zoned_storage.h) under a running EngineHost: writes are acknowledged while two
// zones hold them; a zone that is down falls behind by exactly what it missed, per stream; with
// two down, writes are refused with ServiceUnavailable while reads go on from the survivor; a zone
// brought back, wiped, deleted or corrupted is brought level from its peers (while writes go on),
// and afterwards all three zone files hold the same streams, shards, records, metrics and
// position. The reads that prove a zone complete go to that zone alone (the others are down).
#include "manual_clock.h"

#include "service/engine_host.h"
#include "store/sqlite_storage.h"
#include "store/zoned_storage.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <atomic>
#include <sstream>
#include <thread>

using namespace shs;
using namespace shs::core;
using State = ZoneStatus::State;

namespace {

const std::vector<std::string> kNames = {"us-east-1a", "us-east-1b", "us-east-1c"};

std::vector<std::string> zonePaths(const QString &dir)
{
    std::vector<std::string> out;
    for (const char *f : {"/shardscope.db", "/shardscope.zone-b.db", "/shardscope.zone-c.db"})
        out.push_back(dir.toStdString() + f);
    return out;
}

struct Opened
{
    store::ZonedStorage *zones = nullptr; // owned by the host
    std::unique_ptr<service::EngineHost> host;
};

Result<Opened> openZoned(const QString &dir, std::shared_ptr<test::ManualClock> clock,
                         std::size_t syncChunk = 16384)
{
    store::ZoneOptions zo;
    zo.names = kNames;
    zo.paths = zonePaths(dir);
    zo.syncChunk = syncChunk;
    auto storage = store::ZonedStorage::open(zo);
    if (!storage)
        return storage.error();
    Opened o;
    o.zones = storage->get();
    EngineConfig cfg;
    cfg.limits = LimitsProfile::off();
    o.host = std::make_unique<service::EngineHost>(std::move(*storage), cfg, clock);
    if (auto r = o.host->start(); !r)
        return r.error();
    return o;
}

void tick(service::EngineHost &host, test::ManualClock &clock, std::int64_t ms)
{
    clock.advance(ms);
    (void)host.call<void>([](Engine &e) {
        e.tick();
        return ok();
    });
}

void createActive(service::EngineHost &host, test::ManualClock &clock, const std::string &name,
                  int shards = 2)
{
    CreateStreamRequest c;
    c.streamName = name;
    c.shardCount = shards;
    if (auto r = host.call<void>([c](Engine &e) { return e.createStream(c); }); !r)
        qFatal("%s", r.error().message.c_str());
    tick(host, clock, 500);
}

Result<PutRecordsResult> putMany(service::EngineHost &host, const std::string &stream,
                                 const std::string &prefix, int count)
{
    Result<PutRecordsResult> last = PutRecordsResult{};
    for (int from = 0; from < count; from += 500) { // a PutRecords call takes up to 500
        PutRecordsRequest r;
        r.stream.name = stream;
        for (int i = from; i < std::min(count, from + 500); ++i)
            r.records.push_back({prefix + "-" + std::to_string(i),
                                 prefix + "-key-" + std::to_string(i), std::nullopt});
        last = host.putRecords(std::move(r));
        if (!last || last->failedRecordCount != 0)
            return last ? Result<PutRecordsResult>(makeError(ErrorCode::InternalFailure, "failed"))
                        : last;
    }
    return last;
}

/// Every record of a stream's first two shards, read through the host's reader threads.
Result<std::vector<std::string>> readAll(service::EngineHost &host, const std::string &stream)
{
    std::vector<std::string> out;
    for (int shard = 0; shard < 2; ++shard) {
        GetShardIteratorRequest g;
        g.stream.name = stream;
        g.shardId = formatShardId(shard);
        g.type = ShardIteratorType::TrimHorizon;
        auto it
            = host.call<GetShardIteratorResult>([g](Engine &e) { return e.getShardIterator(g); });
        if (!it)
            return it.error();
        std::string cursor = it->shardIterator;
        for (;;) {
            auto res = host.getRecords(GetRecordsRequest{cursor, {}, {}});
            if (!res)
                return res.error();
            if (res->records.empty())
                break;
            for (auto &rec : res->records)
                out.push_back(rec.data);
            cursor = *res->nextShardIterator;
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<std::string> expected(const std::vector<std::pair<std::string, int>> &puts)
{
    std::vector<std::string> out;
    for (const auto &[prefix, n] : puts)
        for (int i = 0; i < n; ++i)
            out.push_back(prefix + "-" + std::to_string(i));
    std::sort(out.begin(), out.end());
    return out;
}

ZoneStatus zone(const service::EngineHost &host, const std::string &name)
{
    for (const auto &z : host.zones())
        if (z.name == name)
            return z;
    qFatal("no zone %s", name.c_str());
}

bool settle(store::ZonedStorage &zones)
{
    return zones.waitSettled(std::chrono::seconds(60));
}

/// Everything one zone file holds, as text: streams, shards, records, metrics, metadata.
std::string dump(const std::string &path)
{
    store::SqliteOptions o;
    o.path = path;
    auto db = store::SqliteStorage::open(o);
    if (!db)
        return "cannot open: " + db.error().message;
    auto state = (*db)->load();
    if (!state)
        return "cannot load";
    std::ostringstream out;
    for (const auto &s : state->streams) {
        out << "stream " << s.uid << ' ' << s.name << ' ' << s.status << ' ' << s.nextSeq << ' '
            << s.history.size() << '\n';
        std::vector<MinutePoint> minutes;
        (void)(*db)->readMinutePoints(s.uid, 0, INT64_MAX, minutes);
        for (const auto &m : minutes)
            out << " minute " << m.minute << ' ' << m.shardIndex << ' ' << m.values[0] << ' '
                << m.values[1] << '\n';
    }
    for (const auto &sh : state->shards) {
        out << "shard " << sh.uid << ' ' << sh.streamUid << ' ' << sh.index << ' ' << sh.endSeq
            << ' ' << sh.recordCount << '\n';
        std::vector<StoredRecord> records;
        (void)(*db)->readRecords(sh.uid, 0, INT64_MIN, SIZE_MAX, SIZE_MAX, records);
        for (const auto &r : records)
            out << ' ' << r.seq << ' ' << r.ts << ' ' << r.partitionKey << ' ' << r.data << '\n';
    }
    for (const auto &[k, v] : state->meta)
        out << "meta " << k << '=' << v << '\n';
    return out.str();
}

} // namespace

class TestZones : public QObject
{
    Q_OBJECT
  private:
    /// After `o` is stopped: the three zone files hold the same data.
    void verifyIdentical(const QString &dir)
    {
        const auto paths = zonePaths(dir);
        const std::string a = dump(paths[0]);
        QVERIFY(a.find("stream ") != std::string::npos);
        QCOMPARE(dump(paths[1]), a);
        QCOMPARE(dump(paths[2]), a);
    }

  private Q_SLOTS:
    void writesReachAllThreeZones()
    {
        QTemporaryDir tmp;
        auto clock = std::make_shared<test::ManualClock>();
        {
            auto o = openZoned(tmp.path(), clock);
            QVERIFY2(o, o ? "" : o.error().message.c_str());
            createActive(*o->host, *clock, "orders");
            QVERIFY(putMany(*o->host, "orders", "small", 10));  // staged
            QVERIFY(putMany(*o->host, "orders", "large", 400)); // direct
            o->host->flush();
            const auto zones = o->host->zones();
            QCOMPARE(zones.size(), std::size_t(3));
            for (const auto &z : zones) {
                QCOMPARE(QString::fromStdString(std::string(zoneStateName(z.state))),
                         QStringLiteral("in sync"));
                QCOMPARE(z.lsn, zones.front().lsn);
                QCOMPARE(z.behind, std::uint64_t(0));
            }
            QVERIFY(zones.front().lsn > 0);
            auto read = readAll(*o->host, "orders");
            QVERIFY(read);
            QCOMPARE(*read, expected({{"small", 10}, {"large", 400}}));
            o->host->stop();
        }
        verifyIdentical(tmp.path());
    }

    void aZoneDownFallsBehindAndCatchesUp()
    {
        QTemporaryDir tmp;
        auto clock = std::make_shared<test::ManualClock>();
        {
            auto o = openZoned(tmp.path(), clock, 100); // small rounds: several of them
            QVERIFY(o);
            service::EngineHost &host = *o->host;
            createActive(host, *clock, "orders");
            createActive(host, *clock, "clicks");
            QVERIFY(putMany(host, "orders", "before", 50));
            QVERIFY(host.changeZone("us-east-1b", ZoneAction::Down));
            QCOMPARE(
                QString::fromStdString(std::string(zoneStateName(zone(host, "us-east-1b").state))),
                QStringLiteral("down"));
            // Writes go on with two zones; b misses exactly these, counted per stream.
            QVERIFY(putMany(host, "orders", "during", 700));
            QVERIFY(putMany(host, "clicks", "during", 30));
            host.flush();
            const ZoneStatus b = zone(host, "us-east-1b");
            QCOMPARE(b.behind, std::uint64_t(730));
            const std::uint64_t orders
                = host.call<std::uint64_t>([](Engine &e) {
                          return Result<std::uint64_t>(e.streamUid(StreamRef{"orders", {}}));
                      })
                      .value();
            QCOMPARE(b.behindByStream.at(orders), std::uint64_t(700));
            QVERIFY(b.lsn < zone(host, "us-east-1a").lsn);

            // Back up while a writer goes on: it catches up and rejoins.
            std::atomic<bool> writing{true};
            std::atomic<int> written{0};
            std::thread writer([&] {
                while (writing) {
                    if (putMany(host, "orders", "live" + std::to_string(written.load()), 20))
                        ++written;
                }
            });
            QVERIFY(host.changeZone("us-east-1b", ZoneAction::Up));
            QVERIFY(settle(*o->zones));
            QTRY_VERIFY(written.load() > 3);
            writing = false;
            writer.join();
            host.flush();
            QCOMPARE(
                QString::fromStdString(std::string(zoneStateName(zone(host, "us-east-1b").state))),
                QStringLiteral("in sync"));
            QVERIFY(zone(host, "us-east-1b").copied >= 730);

            // b alone serves reads: it holds everything.
            QVERIFY(host.changeZone("us-east-1a", ZoneAction::Down));
            QVERIFY(host.changeZone("us-east-1c", ZoneAction::Down));
            std::vector<std::pair<std::string, int>> puts = {{"before", 50}, {"during", 700}};
            for (int i = 0; i < written.load(); ++i)
                puts.push_back({"live" + std::to_string(i), 20});
            auto read = readAll(host, "orders");
            QVERIFY2(read, read ? "" : read.error().message.c_str());
            QCOMPARE(read->size(), expected(puts).size());
            QCOMPARE(*read, expected(puts));
            QVERIFY(host.changeZone("us-east-1a", ZoneAction::Up));
            QVERIFY(host.changeZone("us-east-1c", ZoneAction::Up));
            QVERIFY(settle(*o->zones));
            host.stop();
        }
        verifyIdentical(tmp.path());
    }

    void twoZonesDownRefuseWritesAndReadsGoOn()
    {
        QTemporaryDir tmp;
        auto clock = std::make_shared<test::ManualClock>();
        auto o = openZoned(tmp.path(), clock);
        QVERIFY(o);
        service::EngineHost &host = *o->host;
        createActive(host, *clock, "orders");
        QVERIFY(putMany(host, "orders", "kept", 40));
        QVERIFY(host.changeZone("us-east-1a", ZoneAction::Down));
        QVERIFY(host.changeZone("us-east-1c", ZoneAction::Down));

        auto refused = putMany(host, "orders", "refused", 5);
        QVERIFY(!refused);
        QCOMPARE(QString::fromStdString(std::string(refused.error().name())),
                 QStringLiteral("ServiceUnavailable"));
        QVERIFY2(refused.error().message.find("us-east-1a is down") != std::string::npos,
                 refused.error().message.c_str());
        QCOMPARE(httpStatus(refused.error().code), 503);
        CreateStreamRequest c;
        c.streamName = "another";
        c.shardCount = 1;
        auto create = host.call<void>([c](Engine &e) { return e.createStream(c); });
        QVERIFY(!create);
        QCOMPARE(QString::fromStdString(std::string(create.error().name())),
                 QStringLiteral("ServiceUnavailable"));

        // Reads go on from the survivor.
        auto read = readAll(host, "orders");
        QVERIFY2(read, read ? "" : read.error().message.c_str());
        QCOMPARE(*read, expected({{"kept", 40}}));
        // The last zone in sync stays.
        auto last = host.changeZone("us-east-1b", ZoneAction::Down);
        QVERIFY(!last);
        QVERIFY(last.error().message.find("last zone in sync") != std::string::npos);
        QVERIFY(!host.changeZone("us-east-1z", ZoneAction::Down));

        // The engine is not read-only: a second zone back, and writes go on.
        QVERIFY(host.changeZone("us-east-1a", ZoneAction::Up));
        QVERIFY(settle(*o->zones));
        auto again = putMany(host, "orders", "after", 5);
        QVERIFY2(again, again ? "" : again.error().message.c_str());
        QVERIFY(host.changeZone("us-east-1c", ZoneAction::Up));
        QVERIFY(settle(*o->zones));
        host.stop();
        verifyIdentical(tmp.path());
    }

    void aWipedZoneIsRebuiltWhileWritesGoOn()
    {
        QTemporaryDir tmp;
        auto clock = std::make_shared<test::ManualClock>();
        {
            auto o = openZoned(tmp.path(), clock, 200);
            QVERIFY(o);
            service::EngineHost &host = *o->host;
            createActive(host, *clock, "orders");
            QVERIFY(putMany(host, "orders", "old", 1500));
            // Changes a rebuild must carry besides records: a deleted stream and a trim.
            createActive(host, *clock, "gone");
            QVERIFY(putMany(host, "gone", "x", 10));
            DeleteStreamRequest del;
            del.stream.name = "gone";
            QVERIFY(host.call<void>([del](Engine &e) { return e.deleteStream(del); }));
            tick(host, *clock, 1000);
            QVERIFY(host.changeZone("us-east-1c", ZoneAction::Wipe));
            QVERIFY(putMany(host, "orders", "new", 100));
            QVERIFY(settle(*o->zones));
            const ZoneStatus c = zone(host, "us-east-1c");
            QCOMPARE(QString::fromStdString(std::string(zoneStateName(c.state))),
                     QStringLiteral("in sync"));
            QVERIFY(c.copied >= 1500);
            QVERIFY(host.changeZone("us-east-1a", ZoneAction::Down));
            QVERIFY(host.changeZone("us-east-1b", ZoneAction::Down));
            auto read = readAll(host, "orders");
            QVERIFY2(read, read ? "" : read.error().message.c_str());
            QCOMPARE(*read, expected({{"old", 1500}, {"new", 100}}));
            QVERIFY(host.changeZone("us-east-1a", ZoneAction::Up));
            QVERIFY(host.changeZone("us-east-1b", ZoneAction::Up));
            QVERIFY(settle(*o->zones));
            host.stop();
        }
        verifyIdentical(tmp.path());
    }

    void lostAndDamagedFilesAreRebuiltAtOpen()
    {
        QTemporaryDir tmp;
        auto clock = std::make_shared<test::ManualClock>();
        const auto paths = zonePaths(tmp.path());
        {
            auto o = openZoned(tmp.path(), clock);
            QVERIFY(o);
            createActive(*o->host, *clock, "orders");
            QVERIFY(putMany(*o->host, "orders", "kept", 300));
            // b misses the last writes, so it opens behind.
            QVERIFY(o->host->changeZone("us-east-1b", ZoneAction::Down));
            QVERIFY(putMany(*o->host, "orders", "late", 50));
            o->host->stop();
        }
        // c's files are deleted.
        for (const char *suffix : {"", "-wal", "-shm"})
            QFile::remove(QString::fromStdString(paths[2] + suffix));
        {
            auto o = openZoned(tmp.path(), clock);
            QVERIFY2(o, o ? "" : o.error().message.c_str());
            QVERIFY(settle(*o->zones));
            for (const auto &z : o->host->zones())
                QCOMPARE(QString::fromStdString(std::string(zoneStateName(z.state))),
                         QStringLiteral("in sync"));
            o->host->stop();
        }
        verifyIdentical(tmp.path());
        // a's file is damaged: it is set aside and rebuilt.
        {
            QFile f(QString::fromStdString(paths[0]));
            QVERIFY(f.open(QIODevice::ReadWrite));
            f.write(QByteArray(4096, 'Z'));
        }
        {
            auto o = openZoned(tmp.path(), clock);
            QVERIFY2(o, o ? "" : o.error().message.c_str());
            const ZoneStatus a = zone(*o->host, "us-east-1a");
            QVERIFY2(a.detail.find("moved to") != std::string::npos, a.detail.c_str());
            QVERIFY(settle(*o->zones));
            QVERIFY(o->host->changeZone("us-east-1b", ZoneAction::Down));
            QVERIFY(o->host->changeZone("us-east-1c", ZoneAction::Down));
            auto read = readAll(*o->host, "orders");
            QVERIFY2(read, read ? "" : read.error().message.c_str());
            QCOMPARE(*read, expected({{"kept", 300}, {"late", 50}}));
            QVERIFY(o->host->changeZone("us-east-1b", ZoneAction::Up));
            QVERIFY(o->host->changeZone("us-east-1c", ZoneAction::Up));
            QVERIFY(settle(*o->zones));
            o->host->stop();
        }
        QCOMPARE(QDir(tmp.path()).entryList({QStringLiteral("shardscope.db.damaged-*")}).size(),
                 qsizetype(1));
        verifyIdentical(tmp.path());
    }
};

QTEST_GUILESS_MAIN(TestZones)
#include "tst_zones.moc"
