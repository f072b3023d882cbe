// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "shard_iterator.h"

#include "encoding.h"

namespace shs::core {

namespace {
constexpr std::string_view kIteratorAad = "shardscope-iterator-v1";
constexpr std::string_view kPageAad = "shardscope-page-v1";
constexpr char kHeader[8] = {0, 0, 0, 0, 0, 0, 0, 1};

void putU64(std::string &out, std::uint64_t v)
{
    for (int i = 7; i >= 0; --i)
        out += static_cast<char>((v >> (8 * i)) & 0xFF);
}

void putU32(std::string &out, std::uint32_t v)
{
    for (int i = 3; i >= 0; --i)
        out += static_cast<char>((v >> (8 * i)) & 0xFF);
}

std::uint64_t getU(std::string_view in, std::size_t at, int bytes)
{
    std::uint64_t v = 0;
    for (int i = 0; i < bytes; ++i)
        v = (v << 8) | static_cast<unsigned char>(in[at + static_cast<std::size_t>(i)]);
    return v;
}
} // namespace

TokenCodec::TokenCodec(const crypto::AeadKey &key) : m_aead(key) {}

std::string TokenCodec::encodeIterator(const IteratorToken &t)
{
    std::string plain;
    plain.reserve(34 + t.streamName.size());
    plain += 'R';
    putU64(plain, static_cast<std::uint64_t>(t.createdMs));
    putU64(plain, t.streamUid);
    putU32(plain, t.shardIndex);
    putU64(plain, t.position);
    putU32(plain, t.readerId);
    plain += static_cast<char>(t.streamName.size() & 0xFF);
    plain += t.streamName;
    auto sealed = m_aead.seal(plain, kIteratorAad);
    if (!sealed)
        return {};
    return base64Encode(std::string(kHeader, 8) + *sealed);
}

std::optional<IteratorToken> TokenCodec::decodeIterator(std::string_view text)
{
    if (text.empty() || text.size() > 512)
        return std::nullopt;
    auto raw = base64Decode(text);
    if (!raw || raw->size() < 8 + crypto::Aead::kOverhead || raw->compare(0, 8, kHeader, 8) != 0)
        return std::nullopt;
    auto plain = m_aead.open(std::string_view(*raw).substr(8), kIteratorAad);
    if (!plain || plain->size() < 30 || ((*plain)[0] != 'I' && (*plain)[0] != 'R'))
        return std::nullopt;
    const std::size_t head = (*plain)[0] == 'R' ? 34 : 30; // 'R': with the reader id
    if (plain->size() < head)
        return std::nullopt;
    const auto nameLen = static_cast<unsigned char>((*plain)[head - 1]);
    if (plain->size() != head + nameLen)
        return std::nullopt;
    IteratorToken t;
    t.createdMs = static_cast<std::int64_t>(getU(*plain, 1, 8));
    t.streamUid = getU(*plain, 9, 8);
    t.shardIndex = static_cast<std::uint32_t>(getU(*plain, 17, 4));
    t.position = getU(*plain, 21, 8);
    if (head == 34)
        t.readerId = static_cast<std::uint32_t>(getU(*plain, 29, 4));
    t.streamName = plain->substr(head, nameLen);
    return t;
}

std::string TokenCodec::encodePage(char kind, std::int64_t createdMs, std::string_view payload)
{
    std::string plain;
    plain += kind;
    putU64(plain, static_cast<std::uint64_t>(createdMs));
    plain += payload;
    auto sealed = m_aead.seal(plain, kPageAad);
    return sealed ? base64Encode(*sealed) : std::string();
}

std::optional<std::pair<std::int64_t, std::string>> TokenCodec::decodePage(char kind,
                                                                           std::string_view text)
{
    if (text.empty() || text.size() > 1048576)
        return std::nullopt;
    auto raw = base64Decode(text);
    if (!raw)
        return std::nullopt;
    auto plain = m_aead.open(*raw, kPageAad);
    if (!plain || plain->size() < 9 || (*plain)[0] != kind)
        return std::nullopt;
    return std::make_pair(static_cast<std::int64_t>(getU(*plain, 1, 8)), plain->substr(9));
}

} // namespace shs::core
