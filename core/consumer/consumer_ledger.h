// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// ConsumerLedger: what a consumer application has processed, across all its workers — every
// delivery of a record to a processor, the records seen more than once (duplicates: at-least-once
// at work after a kill or a lost lease), a checksum of the distinct records, which worker last
// processed each partition key, and a log of what the workers did with their leases.
//
// A record is known by a 64-bit hash of (shard, sequence number): 8 bytes of memory per distinct
// record. Not thread-safe: the application's thread owns it.
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <string>
#include <unordered_set>

namespace shs::consumer {

struct LedgerEvent
{
    std::int64_t atMs = 0; ///< the application's clock
    std::string worker;
    std::string text; ///< "took shardId-000000000001 (expired; was w1)"
};

class ConsumerLedger
{
  public:
    /// A record a processor finished.
    void processed(const std::string &shardId, const std::string &sequenceNumber,
                   const std::string &partitionKey, std::uint64_t checksum,
                   const std::string &worker);
    void skipped(std::int64_t records) { m_skipped += records; }
    void forwarded(std::int64_t records) { m_forwarded += records; }
    void log(std::int64_t atMs, std::string worker, std::string text);
    /// A lease left its worker with `records` processed since its last checkpoint: its next
    /// owner starts from that checkpoint, so they will be delivered again.
    void expectRedelivery(std::int64_t records) { m_expectedRedeliveries += records; }

    std::int64_t deliveries() const { return m_deliveries; }
    std::int64_t distinct() const { return std::int64_t(m_seen.size()); }
    std::int64_t duplicates() const { return m_deliveries - distinct(); }
    /// The duplicates the lost leases explain; once every shard is caught up, equal to
    /// duplicates() (at-least-once, and no more than the missed checkpoints say).
    std::int64_t expectedRedeliveries() const { return m_expectedRedeliveries; }
    std::int64_t skippedRecords() const { return m_skipped; }
    std::int64_t forwardedRecords() const { return m_forwarded; }
    /// The sum of recordChecksum() over distinct records.
    std::uint64_t checksum() const { return m_checksum; }
    /// Whether (shard, sequence number) was processed.
    bool contains(const std::string &shardId, const std::string &sequenceNumber) const;
    /// The worker that last processed each partition key (up to kMaxKeys keys).
    const std::map<std::string, std::string> &keyOwners() const { return m_keyOwners; }
    /// Partition keys that were processed by more than one worker, over time.
    std::int64_t keysThatMoved() const { return m_keysMoved; }
    /// The latest kMaxEvents events, oldest first.
    const std::deque<LedgerEvent> &events() const { return m_events; }
    /// How many events were ever logged (the last of them are events()).
    std::int64_t eventsLogged() const { return m_logged; }

    /// Called for every record processed (shard, sequence number, partition key, data), in
    /// processing order: for tests and traces.
    std::function<void(const std::string &, const std::string &, const std::string &,
                       const std::string &)>
        onProcessed;

    static constexpr std::size_t kMaxKeys = 10'000;
    static constexpr std::size_t kMaxEvents = 500;

  private:
    static std::uint64_t key(const std::string &shardId, const std::string &sequenceNumber);
    std::unordered_set<std::uint64_t> m_seen;
    std::int64_t m_deliveries = 0;
    std::int64_t m_skipped = 0;
    std::int64_t m_forwarded = 0;
    std::uint64_t m_checksum = 0;
    std::map<std::string, std::string> m_keyOwners;
    std::int64_t m_keysMoved = 0;
    std::deque<LedgerEvent> m_events;
    std::int64_t m_logged = 0;
    std::int64_t m_expectedRedeliveries = 0;
};

} // namespace shs::consumer
