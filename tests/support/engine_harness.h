// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// EngineHarness: an Engine on a ManualClock and MemoryStorage that commits after every call, so
// core tests read like a client session. ready() creates a stream and makes it ACTIVE.
// Limits are "off" unless the test passes a config: semantics tests must not trip over
// throttling; the throttling tests ask for LimitsProfile::aws() explicitly.
#include "manual_clock.h"

#include "engine/engine.h"
#include "store/memory_storage.h"

#include <memory>

namespace shs::test {

class EngineHarness
{
  public:
    explicit EngineHarness(core::EngineConfig config = withLimitsOff());
    static core::EngineConfig withLimitsOff()
    {
        core::EngineConfig c;
        c.limits = core::LimitsProfile::off();
        return c;
    }

    core::Engine &engine() { return *m_engine; }
    ManualClock &clock() { return m_clock; }
    store::MemoryStorage &storage() { return m_storage; }

    /// Commits whatever the engine has pending (as the host would after each drain).
    void commit();
    /// Advances time and ticks (state transitions, retention), then commits.
    void advance(std::int64_t ms);
    /// Creates a provisioned stream and lets it become ACTIVE.
    void ready(const std::string &name, int shards);
    /// A fresh engine over the same storage (a restart).
    void restart();

    template <typename F> auto run(F &&f)
    {
        auto r = f(*m_engine);
        commit();
        return r;
    }

  private:
    core::EngineConfig m_config;
    ManualClock m_clock;
    store::MemoryStorage m_storage;
    std::unique_ptr<core::Engine> m_engine;
};

} // namespace shs::test
