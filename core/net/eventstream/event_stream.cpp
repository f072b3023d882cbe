// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "event_stream.h"

#include <array>

namespace shs::net::eventstream {

namespace {

constexpr std::array<std::uint32_t, 256> makeTable()
{
    std::array<std::uint32_t, 256> t{};
    for (std::uint32_t i = 0; i < 256; ++i) {
        std::uint32_t c = i;
        for (int k = 0; k < 8; ++k)
            c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        t[i] = c;
    }
    return t;
}
constexpr auto kTable = makeTable();

void putU32(QByteArray &out, std::uint32_t v)
{
    out.append(char(v >> 24)).append(char(v >> 16)).append(char(v >> 8)).append(char(v));
}

std::uint32_t u32(const char *p)
{
    const auto *b = reinterpret_cast<const unsigned char *>(p);
    return std::uint32_t(b[0]) << 24 | std::uint32_t(b[1]) << 16 | std::uint32_t(b[2]) << 8
           | std::uint32_t(b[3]);
}

std::uint64_t be(const char *p, int n)
{
    std::uint64_t v = 0;
    for (int i = 0; i < n; ++i)
        v = v << 8 | static_cast<unsigned char>(p[i]);
    return v;
}

/// Reads the header block; false when it is malformed.
bool readHeaders(const char *p, std::size_t size,
                 std::vector<std::pair<std::string, std::string>> &out)
{
    std::size_t i = 0;
    while (i < size) {
        const std::size_t nameLen = static_cast<unsigned char>(p[i++]);
        if (nameLen == 0 || i + nameLen + 1 > size)
            return false;
        std::string name(p + i, nameLen);
        i += nameLen;
        const int type = static_cast<unsigned char>(p[i++]);
        std::string value;
        auto need = [&](std::size_t n) { return i + n <= size; };
        switch (type) {
        case 0:
            value = "true";
            break;
        case 1:
            value = "false";
            break;
        case 2:
        case 3:
        case 4:
        case 5:
        case 8: {
            const int n = type == 2 ? 1 : type == 3 ? 2 : type == 4 ? 4 : 8;
            if (!need(std::size_t(n)))
                return false;
            std::uint64_t v = be(p + i, n);
            // Sign-extend: these are signed integers (8: epoch milliseconds).
            if (n < 8 && (v >> (n * 8 - 1)) & 1)
                v |= ~std::uint64_t{0} << (n * 8);
            value = std::to_string(static_cast<std::int64_t>(v));
            i += std::size_t(n);
            break;
        }
        case 6:
        case 7: {
            if (!need(2))
                return false;
            const std::size_t len = std::size_t(be(p + i, 2));
            i += 2;
            if (!need(len))
                return false;
            value.assign(p + i, len);
            i += len;
            break;
        }
        case 9:
            if (!need(16))
                return false;
            value.assign(p + i, 16);
            i += 16;
            break;
        default:
            return false;
        }
        out.emplace_back(std::move(name), std::move(value));
    }
    return true;
}

} // namespace

std::uint32_t crc32(const char *data, std::size_t size, std::uint32_t crc)
{
    crc = ~crc;
    for (std::size_t i = 0; i < size; ++i)
        crc = kTable[(crc ^ static_cast<unsigned char>(data[i])) & 0xFFu] ^ (crc >> 8);
    return ~crc;
}

std::string Message::header(std::string_view name) const
{
    for (const auto &[k, v] : headers)
        if (k == name)
            return v;
    return {};
}

QByteArray encode(const Message &message)
{
    QByteArray headers;
    for (const auto &[name, value] : message.headers) {
        headers.append(char(name.size())).append(name.data(), qsizetype(name.size()));
        headers.append(char(7));
        headers.append(char(value.size() >> 8)).append(char(value.size()));
        headers.append(value.data(), qsizetype(value.size()));
    }
    const auto total = std::uint32_t(16 + headers.size() + message.payload.size());
    QByteArray out;
    out.reserve(qsizetype(total));
    putU32(out, total);
    putU32(out, std::uint32_t(headers.size()));
    putU32(out, crc32(out.constData(), 8));
    out += headers;
    out += message.payload;
    putU32(out, crc32(out.constData(), std::size_t(out.size())));
    return out;
}

QByteArray event(std::string_view eventType, std::string_view contentType, QByteArray payload)
{
    Message m;
    m.headers = {{":event-type", std::string(eventType)},
                 {":content-type", std::string(contentType)},
                 {":message-type", "event"}};
    m.payload = std::move(payload);
    return encode(m);
}

QByteArray exception(std::string_view exceptionType, std::string_view contentType,
                     QByteArray payload)
{
    Message m;
    m.headers = {{":exception-type", std::string(exceptionType)},
                 {":content-type", std::string(contentType)},
                 {":message-type", "exception"}};
    m.payload = std::move(payload);
    return encode(m);
}

void Decoder::feed(const QByteArray &bytes)
{
    if (!failed())
        m_buffer += bytes;
}

std::optional<Message> Decoder::next()
{
    if (failed() || m_buffer.size() < 12)
        return std::nullopt;
    const char *p = m_buffer.constData();
    const std::uint32_t total = u32(p);
    const std::uint32_t headersLen = u32(p + 4);
    if (crc32(p, 8) != u32(p + 8)) {
        m_error = "the prelude's CRC does not match";
        return std::nullopt;
    }
    if (total < 16 || total > kMaxMessageBytes) {
        m_error = "a message of " + std::to_string(total) + " bytes (16 to 16 MiB allowed)";
        return std::nullopt;
    }
    if (headersLen > kMaxHeaderBytes || headersLen > total - 16) {
        m_error = "headers of " + std::to_string(headersLen) + " bytes in a message of "
                  + std::to_string(total);
        return std::nullopt;
    }
    if (std::size_t(m_buffer.size()) < total)
        return std::nullopt;
    if (crc32(p, total - 4) != u32(p + total - 4)) {
        m_error = "the message's CRC does not match";
        return std::nullopt;
    }
    Message m;
    if (!readHeaders(p + 12, headersLen, m.headers)) {
        m_error = "malformed headers";
        return std::nullopt;
    }
    m.payload = QByteArray(p + 12 + headersLen, qsizetype(total - 16 - headersLen));
    m_buffer.remove(0, qsizetype(total));
    return m;
}

} // namespace shs::net::eventstream
