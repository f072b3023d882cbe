// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// EmbeddedBackend: the window's backend on an engine in memory, on a paused clock the test moves —
// an EngineHost over MemoryStorage and a LocalBackend on it. Header-only: the tests that use it
// link shs_service and shs_store.
#include "engine/clock.h"
#include "service/engine_host.h"
#include "service/local_backend.h"
#include "store/memory_storage.h"

#include <memory>
#include <string>

namespace shs::test {

struct EmbeddedBackend
{
    std::shared_ptr<core::ScaledClock> clock
        = std::make_shared<core::ScaledClock>(1'795'687'200'000, 0.0); // paused
    std::unique_ptr<service::EngineHost> host;
    std::unique_ptr<service::LocalBackend> backend;

    /// Starts the host (ticking every 5 ms of real time) and the backend; false if it cannot.
    bool start(core::EngineConfig config)
    {
        service::EngineHost::Options options;
        options.tickIntervalMs = 5;
        host = std::make_unique<service::EngineHost>(std::make_unique<store::MemoryStorage>(),
                                                     std::move(config), clock, options);
        if (!host->start())
            return false;
        backend = std::make_unique<service::LocalBackend>(*host, clock, QStringLiteral("/tmp/x"));
        return true;
    }
    /// A provisioned stream of `shards` shards, ACTIVE once the engine ticks (with a config whose
    /// createDelayMs is 0, at once); false if the engine refused it.
    bool createActive(const std::string &name, int shards)
    {
        core::CreateStreamRequest c;
        c.streamName = name;
        c.shardCount = shards;
        return bool(host->call<void>([c](core::Engine &e) {
            if (auto r = e.createStream(c); !r)
                return r;
            e.tick();
            return core::Result<void>{};
        }));
    }
    void stop()
    {
        if (host)
            host->stop();
        backend.reset();
        host.reset();
    }
    ~EmbeddedBackend() { stop(); }
};

} // namespace shs::test
