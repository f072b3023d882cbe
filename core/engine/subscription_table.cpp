// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "subscription_table.h"

#include <algorithm>

namespace shs::core {

std::optional<std::uint64_t> SubscriptionTable::start(const Key &key, std::int64_t nowMs,
                                                      std::int64_t readBytesPerSecond)
{
    auto it = m_entries.find(key);
    if (it != m_entries.end() && it->second.generation != 0
        && nowMs - it->second.lastStartMs < kSubscriptionTakeoverMs)
        return std::nullopt;
    Entry &e = m_entries[key];
    if (it == m_entries.end() && readBytesPerSecond > 0)
        e.budget = TokenBucket(readBytesPerSecond, readBytesPerSecond, nowMs);
    e.generation = m_nextGeneration++;
    e.running = true;
    e.lastStartMs = nowMs;
    e.bytesRead = 0;
    return e.generation;
}

bool SubscriptionTable::current(const Key &key, std::uint64_t generation) const
{
    auto it = m_entries.find(key);
    return it != m_entries.end() && it->second.running && it->second.generation == generation;
}

std::int64_t SubscriptionTable::budget(const Key &key, std::int64_t nowMs,
                                       std::int64_t readBytesPerSecond, std::int64_t *retryAtMs)
{
    if (readBytesPerSecond <= 0)
        return std::int64_t{10} * 1024 * 1024;
    Entry &e = m_entries[key];
    const std::int64_t balance = e.budget.balance(nowMs);
    if (balance > 0)
        return balance;
    // In debt (or empty): the bucket refills at the rate; ask again when it holds a little.
    const std::int64_t wait = (-balance + 1) * 1000 / readBytesPerSecond + 1;
    if (retryAtMs)
        *retryAtMs = nowMs + std::max<std::int64_t>(wait, 10);
    return 0;
}

void SubscriptionTable::charge(const Key &key, std::int64_t bytes, std::int64_t nowMs)
{
    auto it = m_entries.find(key);
    if (it == m_entries.end())
        return;
    it->second.budget.take(bytes, nowMs);
    it->second.bytesRead += bytes;
}

void SubscriptionTable::end(const Key &key, std::uint64_t generation)
{
    auto it = m_entries.find(key);
    if (it != m_entries.end() && it->second.generation == generation)
        it->second.running = false;
}

void SubscriptionTable::forget(std::uint64_t streamUid, const std::string &consumer)
{
    for (auto it = m_entries.begin(); it != m_entries.end();) {
        if (it->first.streamUid == streamUid
            && (consumer.empty() || it->first.consumer == consumer))
            it = m_entries.erase(it);
        else
            ++it;
    }
}

std::vector<SubscriptionTable::Active> SubscriptionTable::active() const
{
    std::vector<Active> out;
    for (const auto &[key, e] : m_entries)
        if (e.running)
            out.push_back({key, e.lastStartMs, e.bytesRead});
    return out;
}

} // namespace shs::core
