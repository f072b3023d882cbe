// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "consumer_ledger.h"

#include "record_processor.h"

namespace shs::consumer {

std::uint64_t ConsumerLedger::key(const std::string &shardId, const std::string &sequenceNumber)
{
    return recordChecksum(shardId + '/' + sequenceNumber);
}

void ConsumerLedger::processed(const std::string &shardId, const std::string &sequenceNumber,
                               const std::string &partitionKey, std::uint64_t checksum,
                               const std::string &worker)
{
    ++m_deliveries;
    if (m_seen.insert(key(shardId, sequenceNumber)).second)
        m_checksum += checksum;
    auto it = m_keyOwners.find(partitionKey);
    if (it != m_keyOwners.end()) {
        if (it->second != worker) {
            ++m_keysMoved;
            it->second = worker;
        }
    } else if (m_keyOwners.size() < kMaxKeys) {
        m_keyOwners.emplace(partitionKey, worker);
    }
}

bool ConsumerLedger::contains(const std::string &shardId, const std::string &sequenceNumber) const
{
    return m_seen.count(key(shardId, sequenceNumber)) > 0;
}

void ConsumerLedger::log(std::int64_t atMs, std::string worker, std::string text)
{
    m_events.push_back({atMs, std::move(worker), std::move(text)});
    ++m_logged;
    while (m_events.size() > kMaxEvents)
        m_events.pop_front();
}

} // namespace shs::consumer
