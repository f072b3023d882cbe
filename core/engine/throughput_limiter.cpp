// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "throughput_limiter.h"

#include <algorithm>
#include <sstream>

namespace shs::core {

bool LimitsProfile::parse(const std::string &text, LimitsProfile &out)
{
    if (text == "aws") {
        out = aws();
        return true;
    }
    if (text == "off") {
        out = off();
        return true;
    }
    if (text.rfind("custom:", 0) != 0)
        return false;
    std::istringstream in(text.substr(7));
    std::int64_t v[4];
    char comma;
    if (!(in >> v[0] >> comma >> v[1] >> comma >> v[2] >> comma >> v[3]) || !in.eof())
        return false;
    for (auto x : v)
        if (x < 1)
            return false;
    out = aws();
    out.name = "custom";
    out.writeBytesPerSecond = v[0];
    out.writeRecordsPerSecond = v[1];
    out.readBytesPerSecond = v[2];
    out.readCallsPerSecond = v[3];
    return true;
}

std::string LimitsProfile::describe() const
{
    if (!enabled)
        return name + ": no throttling";
    std::ostringstream s;
    s << name << ": per shard " << writeBytesPerSecond << " B/s or " << writeRecordsPerSecond
      << " records/s in, " << readBytesPerSecond << " B/s and " << readCallsPerSecond
      << " GetRecords/s out";
    return s.str();
}

TokenBucket::TokenBucket(std::int64_t ratePerSecond, std::int64_t capacity, std::int64_t nowMs)
    : m_rate(ratePerSecond), m_capacity(capacity * 1000), m_tokens(capacity * 1000), m_lastMs(nowMs)
{}

void TokenBucket::refill(std::int64_t nowMs)
{
    if (nowMs <= m_lastMs)
        return;
    const std::int64_t elapsed = nowMs - m_lastMs;
    m_lastMs = nowMs;
    // rate units/s * elapsed ms = thousandths of units.
    if (m_tokens < m_capacity)
        m_tokens = std::min(m_capacity, m_tokens + m_rate * elapsed);
}

bool TokenBucket::tryTake(std::int64_t amount, std::int64_t nowMs)
{
    refill(nowMs);
    if (m_tokens < amount * 1000)
        return false;
    m_tokens -= amount * 1000;
    return true;
}

void TokenBucket::take(std::int64_t amount, std::int64_t nowMs)
{
    refill(nowMs);
    m_tokens -= amount * 1000;
}

void TokenBucket::giveBack(std::int64_t amount)
{
    m_tokens = std::min(m_capacity, m_tokens + amount * 1000);
}

bool TokenBucket::available(std::int64_t amount, std::int64_t nowMs)
{
    refill(nowMs);
    return m_tokens >= amount * 1000;
}

bool TokenBucket::inDebt(std::int64_t nowMs)
{
    refill(nowMs);
    return m_tokens < 0;
}

std::int64_t TokenBucket::balance(std::int64_t nowMs)
{
    refill(nowMs);
    return m_tokens >= 0 ? m_tokens / 1000 : -((-m_tokens + 999) / 1000);
}

void ShardThrottle::reset(const LimitsProfile &limits, std::int64_t nowMs)
{
    m_enabled = limits.enabled;
    m_writeBytesPerSecond = limits.writeBytesPerSecond;
    m_writeBytes = TokenBucket(limits.writeBytesPerSecond, limits.writeBytesPerSecond, nowMs);
    m_writeRecords = TokenBucket(limits.writeRecordsPerSecond, limits.writeRecordsPerSecond, nowMs);
    m_readBytes = TokenBucket(limits.readBytesPerSecond, 0, nowMs); // pay after reading
    m_readCalls = TokenBucket(limits.readCallsPerSecond, limits.readCallsPerSecond, nowMs);
    m_iteratorCalls = TokenBucket(5, 5, nowMs);
}

bool ShardThrottle::tryIteratorCall(std::int64_t nowMs)
{
    return !m_enabled || m_iteratorCalls.tryTake(1, nowMs);
}

bool ShardThrottle::tryWrite(std::int64_t bytes, std::int64_t nowMs)
{
    if (!m_enabled)
        return true;
    // A large record needs the whole bucket, and takes more (a debt paid back at the rate).
    const std::int64_t needed = std::min(bytes, m_writeBytesPerSecond);
    if (!m_writeRecords.available(1, nowMs) || !m_writeBytes.available(needed, nowMs))
        return false;
    m_writeRecords.take(1, nowMs);
    m_writeBytes.take(bytes, nowMs);
    return true;
}

std::int64_t ShardThrottle::tryWriteMany(std::int64_t count, std::int64_t bytes, std::int64_t nowMs)
{
    if (!m_enabled || count <= 0)
        return std::max<std::int64_t>(0, count);
    if (bytes >= m_writeBytesPerSecond) { // large records: one at a time, as tryWrite takes them
        std::int64_t n = 0;
        while (n < count && tryWrite(bytes, nowMs))
            ++n;
        return n;
    }
    const std::int64_t byBytes = bytes > 0 ? m_writeBytes.balance(nowMs) / bytes : count;
    const std::int64_t n = std::clamp(std::min({count, m_writeRecords.balance(nowMs), byBytes}),
                                      std::int64_t{0}, count);
    if (n > 0) {
        m_writeRecords.take(n, nowMs);
        m_writeBytes.take(n * bytes, nowMs);
    }
    return n;
}

bool ShardThrottle::tryReadCall(std::int64_t nowMs)
{
    if (!m_enabled)
        return true;
    if (m_readBytes.inDebt(nowMs))
        return false;
    return m_readCalls.tryTake(1, nowMs);
}

void ShardThrottle::chargeRead(std::int64_t bytes, std::int64_t nowMs)
{
    if (m_enabled)
        m_readBytes.take(bytes, nowMs);
}

} // namespace shs::core
