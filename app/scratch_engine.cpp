// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "scratch_engine.h"

#include "crypto/aead.h"
#include "kms/sealed_storage.h"
#include "service/engine_host.h"
#include "service/local_backend.h"
#include "store/memory_storage.h"

#include <QDateTime>

namespace shs::app {

std::unique_ptr<ScratchEngine> ScratchEngine::create(core::LimitsProfile limits,
                                                     std::int64_t startMs)
{
    std::unique_ptr<ScratchEngine> scratch(new ScratchEngine);
    scratch->m_clock = std::make_shared<core::ScaledClock>(
        startMs ? startMs : QDateTime::currentMSecsSinceEpoch(), 1.0);
    core::EngineConfig config;
    config.limits = std::move(limits);
    if (!crypto::randomBytes(config.tokenKey.data(), config.tokenKey.size()))
        return nullptr;
    service::EngineHost::Options options;
    options.tickIntervalMs = 20; // lessons run engine time fast: keep transitions prompt
    // Encrypted streams are sealed in memory as on disk, so the inspector shows the same.
    options.keys = kms::KeyService::inMemory(config.region, config.accountId,
                                             [clock = scratch->m_clock] { return clock->nowMs(); });
    scratch->m_host = std::make_unique<service::EngineHost>(
        std::make_unique<kms::SealedStorage>(std::make_unique<store::MemoryStorage>(),
                                             options.keys->ring()),
        std::move(config), scratch->m_clock, options);
    if (!scratch->m_host->start())
        return nullptr;
    scratch->m_backend = std::make_unique<service::LocalBackend>(
        *scratch->m_host, scratch->m_clock,
        QStringLiteral("a lesson's scratch engine, in memory (your streams are not touched)"));
    return scratch;
}

ScratchEngine::~ScratchEngine()
{
    // The backend's pending answers go nowhere once the host is gone: drop it first.
    if (m_host)
        m_host->stop();
    m_backend.reset();
    m_host.reset();
}

service::StreamBackend &ScratchEngine::backend()
{
    return *m_backend;
}

} // namespace shs::app
