// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine_harness.h"

#include <cstdio>
#include <cstdlib>

namespace shs::test {

EngineHarness::EngineHarness(core::EngineConfig config) : m_config(std::move(config))
{
    // A fixed key unless the test chose one (a stand-in for the data directory's key file).
    bool unset = true;
    for (auto b : m_config.tokenKey)
        unset = unset && b == 0;
    for (std::size_t i = 0; unset && i < m_config.tokenKey.size(); ++i)
        m_config.tokenKey[i] = static_cast<std::uint8_t>(i * 7 + 1);
    restart();
}

void EngineHarness::commit()
{
    if (!m_engine->hasPendingWrites())
        return;
    auto batch = m_engine->takePendingBatch();
    if (auto r = m_storage.commit(batch); !r)
        m_engine->setStorageFailure(r.error().message);
}

void EngineHarness::advance(std::int64_t ms)
{
    m_clock.advance(ms);
    m_engine->tick();
    commit();
}

void EngineHarness::ready(const std::string &name, int shards)
{
    core::CreateStreamRequest req;
    req.streamName = name;
    req.shardCount = shards;
    if (auto r = m_engine->createStream(req); !r) {
        std::fprintf(stderr, "createStream failed: %s\n", r.error().toString().c_str());
        std::abort();
    }
    commit();
    advance(m_config.createDelayMs);
}

void EngineHarness::restart()
{
    if (m_engine)
        commit();
    m_engine = std::make_unique<core::Engine>(m_config, m_clock, m_storage);
    if (auto r = m_engine->load(); !r) {
        std::fprintf(stderr, "load failed: %s\n", r.error().toString().c_str());
        std::abort();
    }
}

} // namespace shs::test
