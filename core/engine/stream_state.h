// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The engine's state of a stream and its shards (Stream, Shard, the operation in progress), and
// the validation texts the engine's modules share. Engine-internal: include only from the
// engine's own sources.
#include "api.h"
#include "hash_key_range.h"
#include "kinesis_limits.h"
#include "metrics.h"
#include "on_demand_scaler.h"
#include "partition_key_router.h"
#include "result.h"
#include "stream_consumers.h"
#include "stream_settings.h"
#include "throughput_limiter.h"
#include "usage_meter.h"

#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace shs::core {

namespace detail {

struct Shard
{
    std::uint64_t uid = 0;
    std::uint32_t index = 0;
    std::int64_t parent = -1;
    std::int64_t adjacentParent = -1;
    HashKeyRange range;
    std::int64_t createdMs = 0;
    std::uint64_t startSeq = 0;
    std::optional<std::uint64_t> endSeq;
    std::int64_t closedMs = 0;
    std::int64_t seqSecs = 0; // creation second in sequence numbers; children are always later
    ShardThrottle throttle;
    MetricsAccumulator metrics;
    MinuteHotKeys hotKeys; // partition keys of this minute and the last
    ShardKeySample keys;   // on-demand: recent hash keys and the last split (on_demand_scaler.h)
    // Extent of stored records (assigned, possibly not yet committed).
    bool hasRecords = false;
    std::uint64_t firstSeq = 0;
    std::int64_t firstTs = 0;
    std::uint64_t lastSeq = 0;
    std::int64_t lastTs = 0;
    std::uint64_t recordCount = 0;    // records stored (assigned, possibly not yet committed)
    std::uint64_t persistedCount = 0; // as the shard row last written says

    bool open() const { return !endSeq.has_value(); }
    std::int64_t createSecs() const { return seqSecs; }
};

/// A stream's operation in progress (status UPDATING), applied when it completes.
struct PendingOp
{
    enum Kind { None, Split, Merge, Scale, Mode, Warm, Encrypt } kind = None;
    std::uint32_t a = 0, b = 0;
    HashKey key;
    std::int64_t target = 0; ///< Scale: shards; Warm and Mode (to on-demand): warm MiB/s
    StreamMode mode = StreamMode::Provisioned;
    std::string keyId; ///< Encrypt: the key to encrypt under; empty: stop encrypting

    std::string encode() const;
    static PendingOp decode(const std::string &text);
    std::string describe() const;
};

struct Stream
{
    std::uint64_t uid = 0;
    std::string name;
    std::string streamId;
    StreamStatus status = StreamStatus::Creating;
    StreamMode mode = StreamMode::Provisioned;
    int retentionHours = kDefaultRetentionHours;
    std::int64_t createdMs = 0;
    std::int64_t statusSinceMs = 0;
    std::uint32_t nextShardIndex = 0;
    std::uint64_t nextSeq = 0;
    std::map<std::string, std::string> tags;
    std::string encryptionType = "NONE";
    std::string keyId;
    std::map<std::uint32_t, Shard> shards;
    std::vector<std::uint32_t> openByStart; // open shard indexes sorted by range start
    PartitionKeyRouter router;
    PendingOp pending;
    std::vector<std::int64_t> scaleTimes; // UpdateShardCount calls, rolling 24 h
    std::vector<std::int64_t> modeTimes;  // UpdateStreamMode calls, rolling 24 h
    std::vector<std::int64_t> keyTimes;   // StartStreamEncryption with a new key, rolling 24 h
    MetricsAccumulator metrics;           // stream totals
    UsageMeter usage;                     ///< for the cost meter (usage_meter.h)
    OnDemandScaler scaler;                // on-demand capacity (on_demand_scaler.h)
    std::int64_t lastPersistMinute = -1;  // usage is written once per engine minute
    StreamSettings settings;              // what the later operations set (stream_settings.h)
    StreamConsumers consumers;            // enhanced fan-out consumers (stream_consumers.h)
    std::size_t autoNext = 0;             // AUTO distribution: the next open shard, round robin

    std::string encodeHistory() const;
    void decodeHistory(const std::string &text);

    std::int64_t retentionMs() const { return std::int64_t{retentionHours} * 3600 * 1000; }
    void rebuildOpenIndex()
    {
        openByStart.clear();
        for (auto &[idx, s] : shards)
            if (s.open())
                openByStart.push_back(idx);
        std::sort(openByStart.begin(), openByStart.end(), [this](std::uint32_t a, std::uint32_t b) {
            return shards.at(a).range.start < shards.at(b).range.start;
        });
        std::vector<PartitionKeyRouter::OpenShard> open;
        open.reserve(openByStart.size());
        for (auto idx : openByStart)
            open.push_back({shards.at(idx).range, idx});
        router.setOpenShards(std::move(open));
    }
    Shard *route(HashKey key)
    {
        auto idx = router.route(key);
        return idx ? &shards.at(*idx) : nullptr;
    }
};

/// `records` writes of `bytes` in all accepted by shard `sh` of `s`: the shard's and the stream's
/// IncomingRecords and IncomingBytes (PutRecord(s) entries and carried loads alike).
inline void countIncoming(Stream &s, Shard &sh, std::int64_t records, std::int64_t bytes,
                          std::int64_t t)
{
    sh.metrics.add(Metric::IncomingBytes, bytes, t);
    sh.metrics.add(Metric::IncomingRecords, records, t);
    s.metrics.add(Metric::IncomingBytes, bytes, t);
    s.metrics.add(Metric::IncomingRecords, records, t);
}

/// `records` writes refused by shard `sh`'s limits: WriteProvisionedThroughputExceeded.
inline void countThrottledWrites(Stream &s, Shard &sh, std::int64_t records, std::int64_t t)
{
    sh.metrics.add(Metric::WriteProvisionedThroughputExceeded, records, t);
    s.metrics.add(Metric::WriteProvisionedThroughputExceeded, records, t);
}

inline std::string validationMessage(std::string_view value, std::string_view field,
                                     std::string_view constraint)
{
    std::string m = "1 validation error detected: Value '";
    m += value;
    m += "' at '";
    m += field;
    m += "' failed to satisfy constraint: ";
    m += constraint;
    return m;
}

inline Error validation(std::string_view value, std::string_view field, std::string_view constraint)
{
    return makeError(ErrorCode::Validation, validationMessage(value, field, constraint));
}

inline bool validStreamNameChars(std::string_view name)
{
    return std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
               || c == '_' || c == '.' || c == '-';
    });
}

inline Result<void> validateStreamName(std::string_view name, std::string_view field = "streamName")
{
    if (name.empty())
        return validation(name, field, "Member must have length greater than or equal to 1");
    if (name.size() > static_cast<std::size_t>(kMaxStreamNameLength))
        return validation(name, field, "Member must have length less than or equal to 128");
    if (!validStreamNameChars(name))
        return validation(name, field,
                          "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
    return ok();
}

inline bool isHashKeyPattern(std::string_view s)
{
    if (s.empty() || s.size() > 39 || (s.size() > 1 && s[0] == '0'))
        return false;
    return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

inline std::vector<std::string> splitLines(const std::string &s)
{
    std::vector<std::string> out;
    std::string cur;
    std::istringstream in(s);
    while (std::getline(in, cur))
        out.push_back(cur);
    return out;
}

} // namespace detail

} // namespace shs::core
