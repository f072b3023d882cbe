// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "kpl_aggregate.h"

#include "crypto/md5.h"

#include <algorithm>
#include <cstdint>

namespace shs::core::kpl {

namespace {

/// A protobuf reader over [begin, end).
class Reader
{
  public:
    explicit Reader(std::string_view bytes) : m_p(bytes.data()), m_end(bytes.data() + bytes.size())
    {}
    bool atEnd() const { return m_p >= m_end; }

    std::optional<std::uint64_t> varint()
    {
        std::uint64_t v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (m_p >= m_end)
                return std::nullopt;
            const auto b = static_cast<std::uint8_t>(*m_p++);
            v |= std::uint64_t(b & 0x7f) << shift;
            if (!(b & 0x80))
                return v;
        }
        return std::nullopt;
    }

    std::optional<std::string_view> bytes()
    {
        const auto n = varint();
        if (!n || *n > std::uint64_t(m_end - m_p))
            return std::nullopt;
        const std::string_view out(m_p, std::size_t(*n));
        m_p += *n;
        return out;
    }

    /// Skips a field of this wire type; false when malformed.
    bool skip(std::uint64_t wireType)
    {
        switch (wireType) {
        case 0:
            return varint().has_value();
        case 1:
            return advance(8);
        case 2:
            return bytes().has_value();
        case 5:
            return advance(4);
        default:
            return false;
        }
    }

  private:
    bool advance(std::ptrdiff_t n)
    {
        if (m_end - m_p < n)
            return false;
        m_p += n;
        return true;
    }
    const char *m_p;
    const char *m_end;
};

void putVarint(std::string &out, std::uint64_t v)
{
    while (v >= 0x80) {
        out += char((v & 0x7f) | 0x80);
        v >>= 7;
    }
    out += char(v);
}

void putBytes(std::string &out, int field, std::string_view bytes)
{
    putVarint(out, std::uint64_t(field) << 3 | 2);
    putVarint(out, std::uint64_t(bytes.size()));
    out += bytes;
}

std::string md5(std::string_view bytes)
{
    crypto::Md5 hash;
    const auto d = hash.digest(bytes);
    return std::string(reinterpret_cast<const char *>(d.data()), d.size());
}

/// The index of `key` in `table`, added at the end if new.
std::uint64_t indexIn(std::vector<std::string> &table, const std::string &key)
{
    const auto it = std::find(table.begin(), table.end(), key);
    if (it != table.end())
        return std::uint64_t(it - table.begin());
    table.push_back(key);
    return table.size() - 1;
}

} // namespace

std::optional<std::vector<UserRecord>> decode(std::string_view record)
{
    if (record.size() <= kMagic.size() + 16 || record.substr(0, kMagic.size()) != kMagic)
        return std::nullopt;
    const std::string_view message
        = record.substr(kMagic.size(), record.size() - kMagic.size() - 16);
    if (md5(message) != record.substr(record.size() - 16))
        return std::nullopt;
    std::vector<std::string_view> partitionKeys, hashKeys;
    struct Raw
    {
        std::uint64_t pk = 0;
        std::optional<std::uint64_t> ehk;
        std::string_view data;
        bool hasPk = false, hasData = false;
    };
    std::vector<Raw> raws;
    Reader r(message);
    while (!r.atEnd()) {
        const auto key = r.varint();
        if (!key)
            return std::nullopt;
        const auto field = *key >> 3, wire = *key & 7;
        if ((field == 1 || field == 2 || field == 3) && wire != 2)
            return std::nullopt;
        if (field == 1 || field == 2) {
            const auto s = r.bytes();
            if (!s)
                return std::nullopt;
            (field == 1 ? partitionKeys : hashKeys).push_back(*s);
        } else if (field == 3) {
            const auto m = r.bytes();
            if (!m)
                return std::nullopt;
            Raw raw;
            Reader rr(*m);
            while (!rr.atEnd()) {
                const auto k = rr.varint();
                if (!k)
                    return std::nullopt;
                const auto f = *k >> 3, w = *k & 7;
                if (f == 1 && w == 0) {
                    const auto v = rr.varint();
                    if (!v)
                        return std::nullopt;
                    raw.pk = *v;
                    raw.hasPk = true;
                } else if (f == 2 && w == 0) {
                    raw.ehk = rr.varint();
                    if (!raw.ehk)
                        return std::nullopt;
                } else if (f == 3 && w == 2) {
                    const auto d = rr.bytes();
                    if (!d)
                        return std::nullopt;
                    raw.data = *d;
                    raw.hasData = true;
                } else if (!rr.skip(w)) {
                    return std::nullopt;
                }
            }
            if (!raw.hasPk || !raw.hasData) // required fields
                return std::nullopt;
            raws.push_back(raw);
        } else if (!r.skip(wire)) {
            return std::nullopt;
        }
    }
    std::vector<UserRecord> out;
    out.reserve(raws.size());
    for (const auto &raw : raws) {
        if (raw.pk >= partitionKeys.size() || (raw.ehk && *raw.ehk >= hashKeys.size()))
            return std::nullopt;
        UserRecord u;
        u.partitionKey = std::string(partitionKeys[raw.pk]);
        if (raw.ehk)
            u.explicitHashKey = std::string(hashKeys[*raw.ehk]);
        u.data = std::string(raw.data);
        out.push_back(std::move(u));
    }
    return out;
}

std::string encode(const std::vector<UserRecord> &records)
{
    std::vector<std::string> partitionKeys, hashKeys;
    std::string recordsPart;
    for (const auto &u : records) {
        std::string rec;
        putVarint(rec, 1 << 3 | 0);
        putVarint(rec, indexIn(partitionKeys, u.partitionKey));
        if (u.explicitHashKey) {
            putVarint(rec, 2 << 3 | 0);
            putVarint(rec, indexIn(hashKeys, *u.explicitHashKey));
        }
        putBytes(rec, 3, u.data);
        putBytes(recordsPart, 3, rec);
    }
    std::string body;
    for (const auto &k : partitionKeys)
        putBytes(body, 1, k);
    for (const auto &k : hashKeys)
        putBytes(body, 2, k);
    body += recordsPart;
    return std::string(kMagic) + body + md5(body);
}

} // namespace shs::core::kpl
