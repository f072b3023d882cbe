// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "embedded_engine.h"

#include "engine/kinesis_limits.h"
#include "kms/sealed_storage.h"
#include "store/data_dir.h"
#include "store/faulty_vfs.h"
#include "store/kms_file.h"
#include "store/sqlite_storage.h"
#include "store/zoned_storage.h"

#include <QDir>
#include <QFile>
#include <QStandardPaths>

namespace shs::app {

struct EmbeddedEngine::Parts
{
    std::unique_ptr<store::DataDir> dir;
};

QString defaultDataDir()
{
    QString base = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation);
    if (base.isEmpty())
        base = QDir::homePath() + QStringLiteral("/.local/share");
    return base + QStringLiteral("/shardscope");
}

core::Result<std::unique_ptr<EmbeddedEngine>> EmbeddedEngine::open(const EmbeddedOptions &options)
{
    std::unique_ptr<EmbeddedEngine> self(new EmbeddedEngine);
    self->m_parts = std::make_unique<Parts>();
    self->m_dataDir = options.dataDir.isEmpty() ? defaultDataDir() : options.dataDir;
    auto dir
        = store::DataDir::open(self->m_dataDir.toStdString(), options.processName.toStdString());
    if (!dir)
        return dir.error();
    self->m_dataDir = QString::fromStdString((*dir)->path());

    store::SqliteOptions sqlite;
    sqlite.path = (*dir)->databasePath();
    sqlite.synchronousFull = options.synchronousFull;
    // Fault drills: SHS_FAULT_WRITE_BUDGET=<bytes> makes writes fail once that many bytes have
    // been written (SHS_FAULT_KIND=io for I/O errors instead of a full disk).
    if (const QByteArray budget = qgetenv("SHS_FAULT_WRITE_BUDGET"); !budget.isEmpty()) {
        sqlite.vfs = store::registerFaultyVfs();
        store::faultPlan().writeBudgetBytes = budget.toLongLong();
        store::faultPlan().ioError = qgetenv("SHS_FAULT_KIND") == "io";
    }
    std::unique_ptr<core::StoragePort> storage;
    if (options.zones == 3) {
        store::ZoneOptions zones = store::ZoneOptions::three(
            options.region, [&dir](int i) { return (*dir)->zonePath(i); });
        zones.sqlite = sqlite;
        auto zoned = store::ZonedStorage::open(zones);
        if (!zoned)
            return zoned.error();
        storage = std::move(*zoned);
    } else {
        // One database: zone 0's file. The other zones' files, if an earlier run kept three,
        // would be stale when three are kept again; they go, to be rebuilt from this one.
        for (int i = 1; i < 3; ++i)
            for (const char *suffix : {"", "-wal", "-shm"})
                QFile::remove(QString::fromStdString((*dir)->zonePath(i) + suffix));
        auto single = store::SqliteStorage::open(sqlite);
        if (!single)
            return single.error();
        storage = std::move(*single);
    }

    core::EngineConfig config;
    config.accountId = options.accountId;
    config.region = options.region;
    const bool large = options.region == "us-east-1" || options.region == "us-west-2"
                       || options.region == "eu-west-1";
    config.shardLimit
        = options.shardLimit > 0 ? options.shardLimit : core::defaultShardLimitForRegion(large);
    config.tokenKey = (*dir)->tokenKey();
    config.limits = options.limits;
    config.prices = options.prices;
    config.metrics = options.metrics;

    self->m_clock = std::make_shared<core::ScaledClock>();
    // The local KMS and Kinesis's data keys live beside the records; records of encrypted
    // streams reach SQLite sealed (kms/sealed_storage.h).
    auto kmsFile = store::KmsFile::open((*dir)->kmsPath());
    if (!kmsFile)
        return kmsFile.error();
    kms::KmsOptions kmsOptions;
    kmsOptions.region = options.region;
    kmsOptions.account = options.accountId;
    kmsOptions.masterKey = (*dir)->kmsMasterKey();
    kmsOptions.nowMs = [clock = self->m_clock] { return clock->nowMs(); };
    std::shared_ptr<store::KmsFile> kmsStore(std::move(*kmsFile));
    kmsOptions.persistence = kmsStore.get();
    auto keys = std::make_shared<kms::KeyService>(std::move(kmsOptions), kmsStore, kmsStore.get());
    if (auto loaded = keys->load(); !loaded)
        return loaded.error();
    service::EngineHost::Options hostOptions;
    hostOptions.keys = keys;
    self->m_host = std::make_unique<service::EngineHost>(
        std::make_unique<kms::SealedStorage>(std::move(storage), keys->ring()), config,
        self->m_clock, hostOptions);
    if (auto r = self->m_host->start(); !r)
        return r.error();
    // Zone drills: SHS_ZONES_DOWN=us-east-1b[,…] starts with those zones down (an outage that
    // began before this process; tests/store/tst_crash_recovery.cpp).
    for (const QByteArray &zone : qgetenv("SHS_ZONES_DOWN").split(','))
        if (!zone.isEmpty())
            if (auto r = self->m_host->changeZone(zone.toStdString(), core::ZoneAction::Down); !r)
                return r.error();
    // Engine time never runs behind what was persisted (a scaled clock may have run ahead).
    if (auto snap = self->m_host->mailbox().latest())
        self->m_clock->raiseTo(snap->engineTimeMs);
    self->m_parts->dir = std::move(*dir);
    return self;
}

EmbeddedEngine::~EmbeddedEngine()
{
    if (m_host)
        m_host->stop();
    m_host.reset();
}

core::Result<void> EmbeddedEngine::advertise(const std::string &note)
{
    return m_parts->dir->advertise(note);
}

} // namespace shs::app
