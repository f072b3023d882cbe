// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "clock.h"

#include <algorithm>
#include <chrono>

namespace shs::core {

std::int64_t SystemClock::nowMs() const
{
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::int64_t ScaledClock::realNowMs()
{
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

ScaledClock::ScaledClock() : m_anchorReal(realNowMs()), m_anchorEngine(m_anchorReal) {}

ScaledClock::ScaledClock(std::int64_t engineMs, double speed)
    : m_anchorReal(realNowMs()), m_anchorEngine(engineMs), m_speed(speed < 0 ? 0 : speed),
      m_last(engineMs)
{}

std::int64_t ScaledClock::nowLocked() const
{
    const double elapsed = static_cast<double>(realNowMs() - m_anchorReal) * m_speed;
    const std::int64_t t = m_anchorEngine + static_cast<std::int64_t>(elapsed);
    m_last = std::max(m_last, t);
    return m_last;
}

std::int64_t ScaledClock::nowMs() const
{
    std::lock_guard lock(m_mutex);
    return nowLocked();
}

void ScaledClock::setSpeed(double speed)
{
    std::lock_guard lock(m_mutex);
    m_anchorEngine = nowLocked();
    m_anchorReal = realNowMs();
    m_speed = std::max(0.0, speed);
}

double ScaledClock::speed() const
{
    std::lock_guard lock(m_mutex);
    return m_speed;
}

void ScaledClock::raiseTo(std::int64_t engineMs)
{
    std::lock_guard lock(m_mutex);
    const std::int64_t now = nowLocked();
    if (engineMs > now) {
        m_anchorEngine = engineMs;
        m_anchorReal = realNowMs();
        m_last = engineMs;
    }
}

void ScaledClock::advance(std::int64_t ms)
{
    std::lock_guard lock(m_mutex);
    m_anchorEngine = nowLocked() + std::max<std::int64_t>(0, ms);
    m_anchorReal = realNowMs();
    m_last = m_anchorEngine;
}

} // namespace shs::core
