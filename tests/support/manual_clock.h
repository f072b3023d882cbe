// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// ManualClock: engine time that moves only when a test says so. No test sleeps to wait for time.
#include "engine/clock.h"

#include <atomic>

namespace shs::test {

class ManualClock final : public core::Clock
{
  public:
    explicit ManualClock(std::int64_t startMs = 1'780'000'000'000) : m_now(startMs) {}
    std::int64_t nowMs() const override { return m_now.load(); }
    void advance(std::int64_t ms) { m_now.fetch_add(ms); }
    void set(std::int64_t ms) { m_now.store(ms); }

  private:
    std::atomic<std::int64_t> m_now;
};

} // namespace shs::test
