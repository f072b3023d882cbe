// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Sequence numbers in the Kinesis "v2" layout (kinesis-api.md §4.1): a 186-bit integer printed
// in decimal (56 digits in practice) whose 47 hex digits are
//
//   '2' | shardCreateSecs (9) | shardIndex & 0xF (1) | seqIx (16) | '00' (2)
//       | recordSecs (9) | shardIndex (8) | '2'
//
// KCL's SequenceNumberValidator reads version 2 from the top 4 bits and the shard index from the
// next 32 bits of the low part, so numbers made here decode to the right shard there.
//
// Ordering: within one shard, shardCreateSecs and the index nibble are constant, so numbers
// compare like seqIx. The engine hands out seqIx from one counter per stream, so a record's
// number is strictly greater than every number handed out before it in that stream's shard.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace shs::core {

struct SequenceNumberParts
{
    std::int64_t shardCreateSecs = 0; // < 16^9
    std::uint32_t shardIndex = 0;     // <= 0x7fffffff
    std::uint64_t seqIx = 0;          // <= 0x7fffffffffffffff
    std::int64_t recordSecs = 0;      // < 16^9

    friend bool operator==(const SequenceNumberParts &, const SequenceNumberParts &) = default;
};

std::string formatSequenceNumber(const SequenceNumberParts &parts);
/// Parses the decimal wire form; nullopt unless it is a well-formed version-2 number.
std::optional<SequenceNumberParts> parseSequenceNumber(std::string_view decimal);

/// The largest seqIx (kinesalite uses it for a closed shard's EndingSequenceNumber).
inline constexpr std::uint64_t kMaxSeqIx = 0x7fffffffffffffffULL;

} // namespace shs::core
