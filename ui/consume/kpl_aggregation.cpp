// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "kpl_aggregation.h"

#include <QCryptographicHash>
#include <QStringList>

#include <cstdint>
#include <vector>

namespace shs::ui {

namespace {

const QByteArray kMagic("\xF3\x89\x9A\xC2", 4);

/// A protobuf reader over [pos, end).
class Reader
{
  public:
    Reader(const char *begin, const char *end) : m_p(begin), m_end(end) {}
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

    std::optional<QByteArray> bytes()
    {
        const auto n = varint();
        if (!n || *n > std::uint64_t(m_end - m_p))
            return std::nullopt;
        QByteArray out(m_p, qsizetype(*n));
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

void putVarint(QByteArray &out, std::uint64_t v)
{
    while (v >= 0x80) {
        out += char((v & 0x7f) | 0x80);
        v >>= 7;
    }
    out += char(v);
}

void putBytes(QByteArray &out, int field, const QByteArray &bytes)
{
    putVarint(out, std::uint64_t(field) << 3 | 2);
    putVarint(out, std::uint64_t(bytes.size()));
    out += bytes;
}

} // namespace

std::optional<QList<KplUserRecord>> decodeKplAggregate(const QByteArray &data)
{
    if (data.size() <= kMagic.size() + 16 || !data.startsWith(kMagic))
        return std::nullopt;
    const QByteArray message = data.mid(kMagic.size(), data.size() - kMagic.size() - 16);
    if (QCryptographicHash::hash(message, QCryptographicHash::Md5) != data.right(16))
        return std::nullopt;
    QStringList partitionKeys, hashKeys;
    struct Raw
    {
        std::uint64_t pk = 0;
        std::optional<std::uint64_t> ehk;
        QByteArray data;
        bool hasPk = false, hasData = false;
    };
    std::vector<Raw> raws;
    Reader r(message.constData(), message.constData() + message.size());
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
            (field == 1 ? partitionKeys : hashKeys) << QString::fromUtf8(*s);
        } else if (field == 3) {
            const auto m = r.bytes();
            if (!m)
                return std::nullopt;
            Raw raw;
            Reader rr(m->constData(), m->constData() + m->size());
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
            raws.push_back(std::move(raw));
        } else if (!r.skip(wire)) {
            return std::nullopt;
        }
    }
    QList<KplUserRecord> out;
    for (const auto &raw : raws) {
        if (raw.pk >= std::uint64_t(partitionKeys.size())
            || (raw.ehk && *raw.ehk >= std::uint64_t(hashKeys.size())))
            return std::nullopt;
        KplUserRecord u;
        u.partitionKey = partitionKeys[qsizetype(raw.pk)];
        if (raw.ehk)
            u.explicitHashKey = hashKeys[qsizetype(*raw.ehk)];
        u.data = raw.data;
        out << u;
    }
    return out;
}

QByteArray encodeKplAggregate(const QList<KplUserRecord> &records)
{
    QStringList partitionKeys, hashKeys;
    QByteArray body;
    QByteArray recordsPart;
    for (const auto &u : records) {
        qsizetype pk = partitionKeys.indexOf(u.partitionKey);
        if (pk < 0) {
            pk = partitionKeys.size();
            partitionKeys << u.partitionKey;
        }
        QByteArray rec;
        putVarint(rec, 1 << 3 | 0);
        putVarint(rec, std::uint64_t(pk));
        if (u.explicitHashKey) {
            qsizetype ehk = hashKeys.indexOf(*u.explicitHashKey);
            if (ehk < 0) {
                ehk = hashKeys.size();
                hashKeys << *u.explicitHashKey;
            }
            putVarint(rec, 2 << 3 | 0);
            putVarint(rec, std::uint64_t(ehk));
        }
        putBytes(rec, 3, u.data);
        putBytes(recordsPart, 3, rec);
    }
    for (const auto &k : partitionKeys)
        putBytes(body, 1, k.toUtf8());
    for (const auto &k : hashKeys)
        putBytes(body, 2, k.toUtf8());
    body += recordsPart;
    return kMagic + body + QCryptographicHash::hash(body, QCryptographicHash::Md5);
}

} // namespace shs::ui
