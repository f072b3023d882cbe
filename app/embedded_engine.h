// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// EmbeddedEngine: the composition of an in-process engine, shared by `shardscope` and
// `shardscope-cli`: locks the data directory, opens SQLite, builds the scaled engine clock and
// starts the EngineHost. Destruction drains the queue, commits and releases the lock.
#include "engine/clock.h"
#include "engine/metrics.h"
#include "engine/result.h"
#include "engine/throughput_limiter.h"
#include "service/engine_host.h"

#include <QString>

#include <memory>

namespace shs::app {

/// Three zones, as Kinesis keeps a stream: the cost is measured in the README's benchmarks.
inline constexpr int kDefaultZones = 3;

struct EmbeddedOptions
{
    QString dataDir; ///< empty: defaultDataDir()
    QString processName = QStringLiteral("shardscope");
    bool synchronousFull = true; ///< SQLite synchronous=FULL (default) or NORMAL
    /// 3: the records are kept in three zone replicas (store/zoned_storage.h); 1: one database.
    int zones = kDefaultZones;
    std::string accountId = "000000000000";
    std::string region = "us-east-1";
    int shardLimit = 0;         ///< 0: AWS's default for the region
    core::LimitsProfile limits; ///< per-shard and control-plane limits ("aws" by default)
    core::PriceTable prices;    ///< the cost meter's prices (us-east-1 list prices by default)
    bool metrics = true;        ///< false only to measure what metrics cost (benchmarks)
};

/// $XDG_DATA_HOME/shardscope (usually ~/.local/share/shardscope).
QString defaultDataDir();

class EmbeddedEngine final
{
  public:
    static core::Result<std::unique_ptr<EmbeddedEngine>> open(const EmbeddedOptions &options);
    ~EmbeddedEngine();

    service::EngineHost &host() { return *m_host; }
    const std::shared_ptr<core::ScaledClock> &clock() const { return m_clock; }
    const QString &dataDir() const { return m_dataDir; }
    /// Says in the data directory's lock file what this process offers ("serving the Kinesis API
    /// at URL"), for the processes it refuses.
    core::Result<void> advertise(const std::string &note);

  private:
    EmbeddedEngine() = default;
    struct Parts;
    std::unique_ptr<Parts> m_parts;
    std::shared_ptr<core::ScaledClock> m_clock;
    std::unique_ptr<service::EngineHost> m_host;
    QString m_dataDir;
};

} // namespace shs::app
