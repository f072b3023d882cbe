// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Per-shard throughput limits (kinesis-api.md §5.2) as token buckets on engine time.
//
// Writes: 1 MiB/s of data + partition keys and 1,000 records/s per shard. Each bucket holds at
// most one second of its rate (so an idle shard can take a full second's worth at once) and
// refills continuously. A record needs one record token and its size in byte tokens. A record
// larger than one second's bytes (a large record, up to 10 MiB on streams that allow them) is
// taken from a full byte bucket and leaves it in debt, so the shard bursts for it and then
// writes nothing until the average is back at the rate — the "tank" of AWS's large-records page.
// Reads: 5 GetRecords calls/s per shard (bucket of 5), and 2 MiB/s of returned data paid
// afterwards: a call is refused while the shard's read-byte balance is negative, and a call that
// returned B bytes sets the balance back by B. So after a 10 MiB response, calls in the next
// 5 seconds are refused — AWS's documented rule — and small reads barely notice.
//
// Amounts are kept in thousandths, so refill is exact integer arithmetic.
// Thread safety: not thread-safe; owned by the engine.
#include <cstdint>
#include <string>

namespace shs::core {

/// The limits in force: "aws" (default), "off" (no throttling) or "custom" numbers.
struct LimitsProfile
{
    std::string name = "aws";
    bool enabled = true;      ///< false: no per-shard throttling
    bool controlPlane = true; ///< LimitExceededException for control-plane TPS
    std::int64_t writeBytesPerSecond = 1048576;
    std::int64_t writeRecordsPerSecond = 1000;
    std::int64_t readBytesPerSecond = 2097152;
    std::int64_t readCallsPerSecond = 5;

    static LimitsProfile aws() { return {}; }
    static LimitsProfile off()
    {
        LimitsProfile p;
        p.name = "off";
        p.enabled = false;
        p.controlPlane = false;
        return p;
    }
    /// "aws", "off" or "custom:WRITE_BYTES,WRITE_RECORDS,READ_BYTES,READ_CALLS" (per second).
    static bool parse(const std::string &text, LimitsProfile &out);
    std::string describe() const;
};

class TokenBucket
{
  public:
    TokenBucket() = default;
    /// `capacity` and `rate` in whole units; the bucket starts full.
    TokenBucket(std::int64_t ratePerSecond, std::int64_t capacity, std::int64_t nowMs);

    /// Takes `amount` if available (balance stays >= 0); returns whether it did.
    bool tryTake(std::int64_t amount, std::int64_t nowMs);
    /// Takes `amount` whatever the balance (it may go negative: a debt).
    void take(std::int64_t amount, std::int64_t nowMs);
    /// Gives back `amount` (a reservation that was not used).
    void giveBack(std::int64_t amount);
    bool available(std::int64_t amount, std::int64_t nowMs);
    bool inDebt(std::int64_t nowMs);
    std::int64_t balance(std::int64_t nowMs); ///< whole units, rounded down

  private:
    void refill(std::int64_t nowMs);
    std::int64_t m_rate = 0;     // units per second
    std::int64_t m_capacity = 0; // thousandths
    std::int64_t m_tokens = 0;   // thousandths
    std::int64_t m_lastMs = 0;
};

class ShardThrottle
{
  public:
    void reset(const LimitsProfile &limits, std::int64_t nowMs);
    /// One record of `bytes` (data + partition key): both buckets or neither.
    bool tryWrite(std::int64_t bytes, std::int64_t nowMs);
    /// Up to `count` records of `bytes` each at once (a carried load, carried_load.h): as many
    /// as both buckets hold, taken together; returns how many.
    std::int64_t tryWriteMany(std::int64_t count, std::int64_t bytes, std::int64_t nowMs);
    /// Before GetRecords: one call token and no read-byte debt.
    bool tryReadCall(std::int64_t nowMs);
    /// After GetRecords returned `bytes`.
    void chargeRead(std::int64_t bytes, std::int64_t nowMs);
    /// GetShardIterator: 5 calls/s per shard.
    bool tryIteratorCall(std::int64_t nowMs);

  private:
    bool m_enabled = false;
    std::int64_t m_writeBytesPerSecond = 0;
    TokenBucket m_writeBytes, m_writeRecords, m_readBytes, m_readCalls, m_iteratorCalls;
};

} // namespace shs::core
