// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "hash_key.h"

#include <algorithm>
#include <cmath>

namespace shs::core {

namespace {
// Four 32-bit limbs, most significant first, for division by small numbers.
using Limbs = std::array<std::uint32_t, 4>;

Limbs toLimbs(HashKey k)
{
    return {static_cast<std::uint32_t>(k.hi() >> 32), static_cast<std::uint32_t>(k.hi()),
            static_cast<std::uint32_t>(k.lo() >> 32), static_cast<std::uint32_t>(k.lo())};
}

HashKey fromLimbs(const Limbs &l)
{
    return {(std::uint64_t{l[0]} << 32) | l[1], (std::uint64_t{l[2]} << 32) | l[3]};
}
} // namespace

std::optional<HashKey> HashKey::fromDecimal(std::string_view text)
{
    if (text.empty() || text.size() > 39)
        return std::nullopt;
    if (text.size() > 1 && text[0] == '0')
        return std::nullopt;
    HashKey value;
    for (char c : text) {
        if (c < '0' || c > '9')
            return std::nullopt;
        bool overflow = false;
        value = value.times(10, &overflow);
        if (overflow)
            return std::nullopt;
        HashKey next = value.plus(fromU64(static_cast<std::uint64_t>(c - '0')));
        if (next < value)
            return std::nullopt;
        value = next;
    }
    return value;
}

HashKey HashKey::fromBigEndian(const std::array<std::uint8_t, 16> &bytes)
{
    std::uint64_t hi = 0, lo = 0;
    for (int i = 0; i < 8; ++i)
        hi = (hi << 8) | bytes[static_cast<std::size_t>(i)];
    for (int i = 8; i < 16; ++i)
        lo = (lo << 8) | bytes[static_cast<std::size_t>(i)];
    return {hi, lo};
}

std::string HashKey::toDecimal() const
{
    if (m_hi == 0 && m_lo == 0)
        return "0";
    char buf[40];
    int pos = 40;
    HashKey v = *this;
    while (!(v.m_hi == 0 && v.m_lo == 0)) {
        std::uint32_t rem = 0;
        v = v.dividedBy(10, &rem);
        buf[--pos] = static_cast<char>('0' + rem);
    }
    return std::string(buf + pos, buf + 40);
}

std::string HashKey::toHex() const
{
    static constexpr char digits[] = "0123456789abcdef";
    std::string out(32, '0');
    for (int i = 0; i < 16; ++i) {
        out[static_cast<std::size_t>(15 - i)] = digits[(m_hi >> (4 * i)) & 0xF];
        out[static_cast<std::size_t>(31 - i)] = digits[(m_lo >> (4 * i)) & 0xF];
    }
    return out;
}

std::optional<HashKey> HashKey::fromHex(std::string_view hex)
{
    if (hex.empty() || hex.size() > 32)
        return std::nullopt;
    std::uint64_t hi = 0, lo = 0;
    for (char c : hex) {
        std::uint64_t d;
        if (c >= '0' && c <= '9')
            d = static_cast<std::uint64_t>(c - '0');
        else if (c >= 'a' && c <= 'f')
            d = static_cast<std::uint64_t>(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F')
            d = static_cast<std::uint64_t>(c - 'A' + 10);
        else
            return std::nullopt;
        hi = (hi << 4) | (lo >> 60);
        lo = (lo << 4) | d;
    }
    return HashKey{hi, lo};
}

HashKey HashKey::plus(HashKey other) const
{
    std::uint64_t lo = m_lo + other.m_lo;
    std::uint64_t carry = lo < m_lo ? 1 : 0;
    return {m_hi + other.m_hi + carry, lo};
}

HashKey HashKey::minus(HashKey other) const
{
    std::uint64_t lo = m_lo - other.m_lo;
    std::uint64_t borrow = m_lo < other.m_lo ? 1 : 0;
    return {m_hi - other.m_hi - borrow, lo};
}

HashKey HashKey::dividedBy(std::uint32_t divisor, std::uint32_t *rem) const
{
    Limbs l = toLimbs(*this);
    std::uint64_t r = 0;
    for (auto &limb : l) {
        std::uint64_t cur = (r << 32) | limb;
        limb = static_cast<std::uint32_t>(cur / divisor);
        r = cur % divisor;
    }
    if (rem)
        *rem = static_cast<std::uint32_t>(r);
    return fromLimbs(l);
}

HashKey HashKey::times(std::uint32_t factor, bool *overflow) const
{
    Limbs l = toLimbs(*this);
    std::uint64_t carry = 0;
    for (int i = 3; i >= 0; --i) {
        std::uint64_t cur = std::uint64_t{l[static_cast<std::size_t>(i)]} * factor + carry;
        l[static_cast<std::size_t>(i)] = static_cast<std::uint32_t>(cur);
        carry = cur >> 32;
    }
    if (overflow)
        *overflow = carry != 0;
    return fromLimbs(l);
}

double HashKey::toUnitFraction() const
{
    return (static_cast<double>(m_hi) + static_cast<double>(m_lo) / 18446744073709551616.0)
           / 18446744073709551616.0;
}

HashKey HashKey::fromUnitFraction(double fraction)
{
    if (!(fraction > 0.0))
        return zero();
    if (fraction >= 1.0)
        return max();
    const double scaledHi = fraction * 18446744073709551616.0;
    const double hiPart = std::floor(scaledHi);
    const double loPart = (scaledHi - hiPart) * 18446744073709551616.0;
    const auto hi = static_cast<std::uint64_t>(std::min(hiPart, 18446744073709551615.0));
    const auto lo = static_cast<std::uint64_t>(std::clamp(loPart, 0.0, 18446744073709549568.0));
    return {hi, lo};
}

} // namespace shs::core
