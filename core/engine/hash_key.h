// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// HashKey: an unsigned 128-bit integer, the coordinate of the Kinesis hash-key space
// [0, 2^128-1]. Stored as two 64-bit words (portable; no __int128 in the production type —
// the property tests use unsigned __int128 as the oracle).
//
// Decimal text is the wire form (`0|([1-9]\d{0,38})`, kinesis-api.md §1.7). fromDecimal() accepts
// exactly that pattern and values up to 2^128-1; anything else is rejected, never wrapped.
//
// Thread safety: a value type; safe to copy across threads.
#include <array>
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace shs::core {

class HashKey final
{
  public:
    constexpr HashKey() = default;
    constexpr HashKey(std::uint64_t hi, std::uint64_t lo) : m_hi(hi), m_lo(lo) {}

    static constexpr HashKey zero() { return {}; }
    static constexpr HashKey max() { return {~std::uint64_t{0}, ~std::uint64_t{0}}; }
    static constexpr HashKey fromU64(std::uint64_t v) { return {0, v}; }

    /// Parses the wire pattern `0|([1-9]\d{0,38})`; nullopt if malformed or > 2^128-1.
    static std::optional<HashKey> fromDecimal(std::string_view text);
    /// Big-endian 16 bytes (an MD5 digest) to a key.
    static HashKey fromBigEndian(const std::array<std::uint8_t, 16> &bytes);

    std::string toDecimal() const;
    std::string toHex() const; ///< 32 lowercase hex digits, zero padded (storage form).
    static std::optional<HashKey> fromHex(std::string_view hex);

    constexpr std::uint64_t hi() const { return m_hi; }
    constexpr std::uint64_t lo() const { return m_lo; }

    /// Wrapping arithmetic (callers check bounds where it matters).
    HashKey plus(HashKey other) const;
    HashKey minus(HashKey other) const;
    HashKey plusOne() const { return plus(fromU64(1)); }
    HashKey minusOne() const { return minus(fromU64(1)); }
    /// Division by a small divisor; remainder through `rem` when given.
    HashKey dividedBy(std::uint32_t divisor, std::uint32_t *rem = nullptr) const;
    /// Multiplication by a small factor; `overflow` set when the result wraps.
    HashKey times(std::uint32_t factor, bool *overflow = nullptr) const;
    /// Fraction of the whole key space, in [0, 1].
    double toUnitFraction() const;
    /// floor(fraction * 2^128) clamped to [0, 2^128-1].
    static HashKey fromUnitFraction(double fraction);

    friend constexpr bool operator==(const HashKey &, const HashKey &) = default;
    friend constexpr std::strong_ordering operator<=>(const HashKey &a, const HashKey &b)
    {
        if (auto c = a.m_hi <=> b.m_hi; c != 0)
            return c;
        return a.m_lo <=> b.m_lo;
    }

  private:
    std::uint64_t m_hi = 0;
    std::uint64_t m_lo = 0;
};

} // namespace shs::core
