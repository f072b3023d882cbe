// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// ScratchEngine: an engine in memory for a lesson — no data directory, no lock, nothing written
// to disk, gone when destroyed. Engine time starts at the wall clock's now and runs at 1×; the
// lesson sets its speed. Shared by the window (lessons) and `shardscope-cli lesson play`.
#include "engine/clock.h"
#include "engine/throughput_limiter.h"
#include "service/stream_backend.h"

#include <memory>

namespace shs::service {
class EngineHost;
class LocalBackend;
} // namespace shs::service

namespace shs::app {

class ScratchEngine final
{
  public:
    /// nullptr only if the engine cannot start (it has no storage that could fail).
    /// `startMs`: engine time at the start (0: the wall clock's now; screenshots pin it).
    static std::unique_ptr<ScratchEngine> create(core::LimitsProfile limits = {},
                                                 std::int64_t startMs = 0);
    ~ScratchEngine();

    service::StreamBackend &backend();
    const std::shared_ptr<core::ScaledClock> &clock() const { return m_clock; }

  private:
    ScratchEngine() = default;
    std::shared_ptr<core::ScaledClock> m_clock;
    std::unique_ptr<service::EngineHost> m_host;
    std::unique_ptr<service::LocalBackend> m_backend;
};

} // namespace shs::app
