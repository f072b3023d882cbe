// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// KPL aggregation (the Kinesis Producer Library's record format, kinesis-api.md §7.1): one
// Kinesis record carrying many user records —
//   magic F3 89 9A C2 | protobuf AggregatedRecord | MD5 of the protobuf bytes (16)
// decoded the way the KCL does (§7.3): only when the magic, the length and the MD5 all match and
// the protobuf parses (required fields present, table indexes in range); anything else is an
// ordinary record. The protobuf is read by hand (varints and length-delimited fields) from
// untrusted bytes: fuzzed by tests/fuzz/fuzz_kpl_aggregate. Shared by the Consume tab, which opens
// aggregates as their user records, and the producers to come, which write them.
// Pure functions; thread-safe.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace shs::core::kpl {

inline constexpr std::string_view kMagic{"\xF3\x89\x9A\xC2", 4};

struct UserRecord
{
    std::string partitionKey;
    std::optional<std::string> explicitHashKey = {};
    std::string data;

    bool operator==(const UserRecord &) const = default;
};

/// The user records, or nullopt when `record` is not a well-formed aggregate.
std::optional<std::vector<UserRecord>> decode(std::string_view record);
/// The aggregate the KPL would send for these records (keys de-duplicated into the tables).
std::string encode(const std::vector<UserRecord> &records);

} // namespace shs::core::kpl
