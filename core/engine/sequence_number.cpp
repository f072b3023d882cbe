// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sequence_number.h"

#include <array>
#include <cstdio>

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
    // Assemble the 188-bit value from its fields with shifts (47 hex digits = bits 187..0):
    //   '2'(4) createSecs(36) nibble(4) seqIx(64) '00'(8) recordSecs(36) shardIndex(32) '2'(4)
    const std::uint64_t create = static_cast<std::uint64_t>(p.shardCreateSecs) & 0xFFFFFFFFFULL;
    const std::uint64_t record = static_cast<std::uint64_t>(p.recordSecs) & 0xFFFFFFFFFULL;
    // Low word: bits 0..63 = '2'(4) | shardIndex(32) | recordSecs low 28 bits.
    const std::uint64_t w0
        = 2ULL | (std::uint64_t{p.shardIndex} << 4) | ((record & 0xFFFFFFFULL) << 36);
    // Bits 64..127 = recordSecs high 8 bits | byte1 (8, zero) | seqIx low 48 bits.
    const std::uint64_t w1 = (record >> 28) | ((p.seqIx & 0xFFFFFFFFFFFFULL) << 16);
    // Bits 128..191 = seqIx high 16 | nibble(4) | createSecs(36) | '2'(4) (top 4 bits zero).
    const std::uint64_t w2 = (p.seqIx >> 48) | (std::uint64_t{p.shardIndex & 0xF} << 16)
                             | (create << 20) | (2ULL << 56);
    Big192 b;
    b.limb = {static_cast<std::uint32_t>(w0), static_cast<std::uint32_t>(w0 >> 32),
              static_cast<std::uint32_t>(w1), static_cast<std::uint32_t>(w1 >> 32),
              static_cast<std::uint32_t>(w2), static_cast<std::uint32_t>(w2 >> 32)};
    // Decimal by chunks of 10^9; the constant divisor compiles to multiplications.
    std::array<std::uint32_t, 8> chunks{};
    int n = 0;
    int top = 5;
    while (top >= 0) {
        std::uint64_t rem = 0;
        for (int i = top; i >= 0; --i) {
            const std::uint64_t cur = (rem << 32) | b.limb[static_cast<std::size_t>(i)];
            b.limb[static_cast<std::size_t>(i)] = static_cast<std::uint32_t>(cur / 1000000000u);
            rem = cur % 1000000000u;
        }
        chunks[static_cast<std::size_t>(n++)] = static_cast<std::uint32_t>(rem);
        while (top >= 0 && b.limb[static_cast<std::size_t>(top)] == 0)
            --top;
    }
    char buf[64];
    char *out = buf;
    {
        char tmp[10];
        int len = 0;
        std::uint32_t v = chunks[static_cast<std::size_t>(n - 1)];
        do {
            tmp[len++] = static_cast<char>('0' + v % 10);
            v /= 10;
        } while (v);
        while (len)
            *out++ = tmp[--len];
    }
    for (int i = n - 2; i >= 0; --i) {
        std::uint32_t v = chunks[static_cast<std::size_t>(i)];
        for (int k = 8; k >= 0; --k) {
            out[k] = static_cast<char>('0' + v % 10);
            v /= 10;
        }
        out += 9;
    }
    return std::string(buf, out);
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
