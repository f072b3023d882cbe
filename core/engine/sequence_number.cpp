// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sequence_number.h"

#include <array>

namespace shs::core {

namespace {
// 192-bit unsigned integer, six 32-bit limbs, least significant first.
struct Big192
{
    std::array<std::uint32_t, 6> limb{};

    bool mulAdd(std::uint32_t mul, std::uint32_t add)
    {
        std::uint64_t carry = add;
        for (auto &l : limb) {
            const std::uint64_t cur = std::uint64_t{l} * mul + carry;
            l = static_cast<std::uint32_t>(cur);
            carry = cur >> 32;
        }
        return carry == 0;
    }
    std::uint32_t divmod(std::uint32_t div)
    {
        std::uint64_t rem = 0;
        for (int i = 5; i >= 0; --i) {
            const std::uint64_t cur = (rem << 32) | limb[static_cast<std::size_t>(i)];
            limb[static_cast<std::size_t>(i)] = static_cast<std::uint32_t>(cur / div);
            rem = cur % div;
        }
        return static_cast<std::uint32_t>(rem);
    }
    bool isZero() const
    {
        for (auto l : limb)
            if (l)
                return false;
        return true;
    }
    unsigned nibble(unsigned i) const // i-th hex digit from the least significant
    {
        return (limb[i / 8] >> (4 * (i % 8))) & 0xF;
    }
};

void putHex(char *out, std::uint64_t value, int digits)
{
    static constexpr char hex[] = "0123456789abcdef";
    for (int i = digits - 1; i >= 0; --i) {
        out[i] = hex[value & 0xF];
        value >>= 4;
    }
}

std::uint64_t hexField(const Big192 &b, unsigned fromTop, unsigned digits)
{
    // Hex digit positions counted from the top of a 47-digit number.
    std::uint64_t v = 0;
    for (unsigned k = 0; k < digits; ++k)
        v = (v << 4) | b.nibble(46 - (fromTop + k));
    return v;
}
} // namespace

std::string formatSequenceNumber(const SequenceNumberParts &p)
{
    char hex[47];
    hex[0] = '2';
    putHex(hex + 1, static_cast<std::uint64_t>(p.shardCreateSecs), 9);
    putHex(hex + 10, p.shardIndex & 0xF, 1);
    putHex(hex + 11, p.seqIx, 16);
    hex[27] = '0';
    hex[28] = '0';
    putHex(hex + 29, static_cast<std::uint64_t>(p.recordSecs), 9);
    putHex(hex + 38, p.shardIndex, 8);
    hex[46] = '2';

    Big192 b;
    for (char c : hex)
        b.mulAdd(16, static_cast<std::uint32_t>(c <= '9' ? c - '0' : c - 'a' + 10));
    // Decimal by chunks of 10^9.
    std::array<std::uint32_t, 8> chunks{};
    int n = 0;
    while (!b.isZero())
        chunks[static_cast<std::size_t>(n++)] = b.divmod(1000000000u);
    std::string out = std::to_string(chunks[static_cast<std::size_t>(n - 1)]);
    for (int i = n - 2; i >= 0; --i) {
        std::string part = std::to_string(chunks[static_cast<std::size_t>(i)]);
        out.append(9 - part.size(), '0');
        out += part;
    }
    return out;
}

std::optional<SequenceNumberParts> parseSequenceNumber(std::string_view text)
{
    if (text.empty() || text.size() > 129 || (text.size() > 1 && text[0] == '0'))
        return std::nullopt;
    Big192 b;
    for (char c : text) {
        if (c < '0' || c > '9')
            return std::nullopt;
        if (!b.mulAdd(10, static_cast<std::uint32_t>(c - '0')))
            return std::nullopt;
    }
    // Exactly 47 hex digits with a leading '2' and a trailing version nibble '2'.
    if (b.limb[5] >> 28 != 0 || b.nibble(46) != 2 || b.nibble(0) != 2)
        return std::nullopt;
    SequenceNumberParts p;
    p.shardCreateSecs = static_cast<std::int64_t>(hexField(b, 1, 9));
    const auto lowNibble = static_cast<std::uint32_t>(hexField(b, 10, 1));
    p.seqIx = hexField(b, 11, 16);
    const auto byte1 = hexField(b, 27, 2);
    p.recordSecs = static_cast<std::int64_t>(hexField(b, 29, 9));
    p.shardIndex = static_cast<std::uint32_t>(hexField(b, 38, 8));
    if (p.seqIx > kMaxSeqIx || p.shardIndex > 0x7fffffffu || byte1 != 0
        || (p.shardIndex & 0xF) != lowNibble)
        return std::nullopt;
    return p;
}

} // namespace shs::core
