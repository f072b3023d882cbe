// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
// Encryption at rest on SQLite: the records of an encrypted stream reach neither the database
// file nor its WAL (nor the KMS file) in the clear, while an unencrypted stream's do (so the
// search can find what is there); they read back after a restart, through KMS Decrypt of their
// data keys; a sealed record changed on disk is refused, naming it; and the KMS key material opens
// only under its own kms.key.
#include "manual_clock.h"

#include "kms/key_service.h"
#include "kms/sealed_storage.h"
#include "service/engine_host.h"
#include "store/data_dir.h"
#include "store/kms_file.h"
#include "store/sqlite_storage.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <sqlite3.h>

using namespace shs;
using namespace shs::core;

namespace {

struct Opened
{
    std::unique_ptr<store::DataDir> dir;
    std::shared_ptr<kms::KeyService> keys;
    std::unique_ptr<service::EngineHost> host;
};

Result<Opened> openEngine(const QString &path, std::shared_ptr<test::ManualClock> clock)
{
    Opened o;
    auto dir = store::DataDir::open(path.toStdString(), "tst_encryption_at_rest");
    if (!dir)
        return dir.error();
    auto file = store::KmsFile::open((*dir)->kmsPath());
    if (!file)
        return file.error();
    std::shared_ptr<store::KmsFile> kmsStore(std::move(*file));
    kms::KmsOptions ko;
    ko.masterKey = (*dir)->kmsMasterKey();
    ko.nowMs = [clock] { return clock->nowMs(); };
    ko.persistence = kmsStore.get();
    o.keys = std::make_shared<kms::KeyService>(ko, kmsStore, kmsStore.get());
    if (auto l = o.keys->load(); !l)
        return l.error();
    store::SqliteOptions opt;
    opt.path = (*dir)->databasePath();
    auto storage = store::SqliteStorage::open(opt);
    if (!storage)
        return storage.error();
    EngineConfig cfg;
    cfg.limits = LimitsProfile::off();
    cfg.tokenKey = (*dir)->tokenKey();
    service::EngineHost::Options options;
    options.keys = o.keys;
    o.host = std::make_unique<service::EngineHost>(
        std::make_unique<kms::SealedStorage>(std::move(*storage), o.keys->ring()), cfg, clock,
        options);
    if (auto r = o.host->start(); !r)
        return r.error();
    o.dir = std::move(*dir);
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

void createActive(service::EngineHost &host, test::ManualClock &clock, const std::string &name)
{
    CreateStreamRequest c;
    c.streamName = name;
    c.shardCount = 1;
    if (auto r = host.call<void>([c](Engine &e) { return e.createStream(c); }); !r)
        qFatal("%s", r.error().message.c_str());
    tick(host, clock, 500);
}

void putMany(service::EngineHost &host, const std::string &stream, const std::string &prefix,
             int count)
{
    PutRecordsRequest r;
    r.stream.name = stream;
    for (int i = 0; i < count; ++i)
        r.records.push_back({prefix + "-DATA-" + std::to_string(i),
                             prefix + "-KEY-" + std::to_string(i), std::nullopt});
    auto put = host.call<PutRecordsResult>(
        [r](Engine &e) mutable { return e.putRecords(std::move(r)); });
    if (!put || put->failedRecordCount != 0)
        qFatal("put failed");
}

Result<std::vector<Record>> readAll(service::EngineHost &host, const std::string &stream)
{
    GetShardIteratorRequest g;
    g.stream.name = stream;
    g.shardId = formatShardId(0);
    g.type = ShardIteratorType::TrimHorizon;
    auto it = host.call<GetShardIteratorResult>([g](Engine &e) { return e.getShardIterator(g); });
    if (!it)
        return it.error();
    std::vector<Record> out;
    std::string cursor = it->shardIterator;
    for (;;) {
        GetRecordsRequest r{cursor, {}, {}};
        auto res = host.call<GetRecordsResult>([r](Engine &e) { return e.getRecords(r); });
        if (!res)
            return res.error();
        if (res->records.empty())
            break;
        for (auto &rec : res->records)
            out.push_back(rec);
        cursor = *res->nextShardIterator;
    }
    return out;
}

/// Every file of the data directory, as bytes, that contains `needle`.
QStringList filesContaining(const QString &dir, const QByteArray &needle)
{
    QStringList found;
    for (const QString &name : QDir(dir).entryList(QDir::Files)) {
        QFile f(dir + QLatin1Char('/') + name);
        if (f.open(QIODevice::ReadOnly) && f.readAll().contains(needle))
            found << name;
    }
    return found;
}

} // namespace

class TestEncryptionAtRest : public QObject
{
    Q_OBJECT
  private Q_SLOTS:
    void noPlaintextReachesTheFilesAndRecordsReadBack()
    {
        QTemporaryDir tmp;
        auto clock = std::make_shared<test::ManualClock>();
        {
            auto o = openEngine(tmp.path(), clock);
            QVERIFY2(o, o ? "" : o.error().message.c_str());
            service::EngineHost &host = *o->host;
            createActive(host, *clock, "plain");
            createActive(host, *clock, "secret");
            StreamEncryptionRequest start;
            start.stream.name = "secret";
            start.keyId = "alias/aws/kinesis";
            QVERIFY(host.call<void>([start](Engine &e) { return e.startStreamEncryption(start); }));
            tick(host, *clock, 500);
            // Both commit paths: a small commit (staged in records_log) and a large one.
            putMany(host, "plain", "OPEN", 10);
            putMany(host, "secret", "HIDDEN", 10);
            putMany(host, "secret", "HIDDENBIG", 300);
            putMany(host, "plain", "OPENBIG", 300);

            // While it runs (the WAL holds the commits): the unencrypted stream's records are
            // found, the encrypted stream's nowhere.
            QVERIFY(!filesContaining(tmp.path(), "OPEN-DATA-3").isEmpty());
            QVERIFY(!filesContaining(tmp.path(), "OPENBIG-KEY-7").isEmpty());
            QCOMPARE(filesContaining(tmp.path(), "HIDDEN-DATA-3"), QStringList());
            QCOMPARE(filesContaining(tmp.path(), "HIDDEN-KEY-3"), QStringList());
            QCOMPARE(filesContaining(tmp.path(), "HIDDENBIG-DATA-1"), QStringList());
            QCOMPARE(filesContaining(tmp.path(), "HIDDENBIG-KEY-2"), QStringList());

            auto read = readAll(host, "secret");
            QVERIFY(read);
            QCOMPARE(read->size(), std::size_t(310));
            QCOMPARE(read->at(3).data, std::string("HIDDEN-DATA-3"));
            QCOMPARE(read->at(3).partitionKey, std::string("HIDDEN-KEY-3"));
            QCOMPARE(read->at(3).encryptionType, std::string("KMS"));
            o->host->stop();
        }
        // Closed (the WAL checkpointed into the database file): still nowhere.
        QCOMPARE(filesContaining(tmp.path(), "HIDDEN-DATA-3"), QStringList());
        QCOMPARE(filesContaining(tmp.path(), "HIDDENBIG-KEY-200"), QStringList());
        QVERIFY(!filesContaining(tmp.path(), "OPEN-DATA-3").isEmpty());
        QCOMPARE(
            QFile::permissions(tmp.path() + QStringLiteral("/kms.key"))
                & (QFile::ReadGroup | QFile::ReadOther | QFile::WriteGroup | QFile::WriteOther),
            QFileDevice::Permissions());

        // A restart reads them back: the data keys come back through KMS Decrypt.
        {
            auto o = openEngine(tmp.path(), clock);
            QVERIFY(o);
            auto read = readAll(*o->host, "secret");
            QVERIFY2(read, read ? "" : read.error().message.c_str());
            QCOMPARE(read->size(), std::size_t(310));
            QCOMPARE(read->at(309).data, std::string("HIDDENBIG-DATA-299"));
            o->host->stop();
        }

        // A sealed record changed on disk is refused, by name; nothing is misread.
        {
            sqlite3 *db = nullptr;
            QCOMPARE(sqlite3_open(
                         (tmp.path() + QStringLiteral("/shardscope.db")).toUtf8().constData(), &db),
                     SQLITE_OK);
            QCOMPARE(sqlite3_exec(db,
                                  "UPDATE records SET data = substr(data, 1, 20) || x'00' || "
                                  "substr(data, 22) WHERE dk > 0 AND seq = (SELECT min(seq) FROM "
                                  "records WHERE dk > 0)",
                                  nullptr, nullptr, nullptr),
                     SQLITE_OK);
            QCOMPARE(sqlite3_changes(db), 1);
            sqlite3_close(db);
            auto o = openEngine(tmp.path(), clock);
            QVERIFY(o);
            auto read = readAll(*o->host, "secret");
            QVERIFY(!read);
            QVERIFY(QString::fromStdString(read.error().message)
                        .contains(QStringLiteral("does not decrypt")));
            o->host->stop();
        }

        // The KMS's material opens only under its own kms.key.
        QFile key(tmp.path() + QStringLiteral("/kms.key"));
        QVERIFY(key.open(QIODevice::WriteOnly | QIODevice::Truncate));
        key.write(QByteArray(32, 'x'));
        key.close();
        auto refused = openEngine(tmp.path(), clock);
        QVERIFY(!refused);
        QVERIFY(
            QString::fromStdString(refused.error().message).contains(QStringLiteral("kms.key")));
    }
};

QTEST_GUILESS_MAIN(TestEncryptionAtRest)
#include "tst_encryption_at_rest.moc"
