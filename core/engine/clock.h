// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Clock: the engine's only source of time (epoch milliseconds). Everything time-dependent
// (arrival timestamps, iterator expiry, retention, state transitions) reads it, so tests drive a
// ManualClock (tests/support) and the app a ScaledClock that can run 1x ... 3600x or pause.
//
// Invariant: nowMs() never goes backwards for a given clock instance.
// Thread safety: SystemClock and ScaledClock are thread-safe.
#include <cstdint>
#include <mutex>

namespace shs::core {

class Clock
{
  public:
    virtual ~Clock() = default;
    virtual std::int64_t nowMs() const = 0;
};

class SystemClock final : public Clock
{
  public:
    std::int64_t nowMs() const override;
};

/// Engine time = anchor + (real elapsed since anchor) * speed. setSpeed() re-anchors, so changing
/// speed never jumps time; speed 0 pauses. raiseTo() moves time forward to a floor (used after a
/// restart so that engine time never falls behind what was already persisted).
class ScaledClock final : public Clock
{
  public:
    ScaledClock();
    /// Starts at `engineMs` (demos, screenshots) instead of the wall clock.
    explicit ScaledClock(std::int64_t engineMs, double speed = 1.0);
    std::int64_t nowMs() const override;
    void setSpeed(double speed);
    double speed() const;
    void raiseTo(std::int64_t engineMs);
    /// Jumps forward by `ms` of engine time (a teaching "skip ahead").
    void advance(std::int64_t ms);

  private:
    std::int64_t nowLocked() const;
    static std::int64_t realNowMs();

    mutable std::mutex m_mutex;
    std::int64_t m_anchorReal;
    std::int64_t m_anchorEngine;
    double m_speed = 1.0;
    mutable std::int64_t m_last = 0;
};

} // namespace shs::core
