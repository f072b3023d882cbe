// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// startZonedHost: an EngineHost whose records are kept in three zones (us-east-1a, b and c), one
// database each under a temporary directory — what the window's tests of the zone strip stand on.
// Header-only: the tests that use it link shs_service and shs_store.
#include "engine/clock.h"
#include "service/engine_host.h"
#include "store/zoned_storage.h"

#include <QTemporaryDir>

#include <memory>

namespace shs::test {

/// A started host over three zones in `dir`, or null if they do not open or it does not start.
inline std::unique_ptr<service::EngineHost>
startZonedHost(const QTemporaryDir &dir, core::EngineConfig config,
               std::shared_ptr<core::Clock> clock, service::EngineHost::Options options = {})
{
    auto zoned = store::ZonedStorage::open(store::ZoneOptions::three("us-east-1", [&dir](int i) {
        return dir.filePath(QStringLiteral("zone-%1.db").arg(i)).toStdString();
    }));
    if (!zoned)
        return nullptr;
    auto host = std::make_unique<service::EngineHost>(std::move(*zoned), std::move(config),
                                                      std::move(clock), options);
    if (!host->start())
        return nullptr;
    return host;
}

} // namespace shs::test
