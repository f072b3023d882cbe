// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "json_writer.h"

#include <QDateTime>
#include <QTimeZone>

#include <cstdio>

namespace shs::net {

void JsonWriter::newline(std::size_t depth)
{
    if (m_style.indent <= 0)
        return;
    m_out += '\n';
    m_out += QByteArray(qsizetype(depth) * m_style.indent, ' ');
}

void JsonWriter::separate()
{
    if (m_afterKey) {
        m_afterKey = false;
        return;
    }
    if (!m_first.empty()) {
        if (!m_first.back())
            m_out += ',';
        m_first.back() = false;
        newline(m_first.size());
    }
}

void JsonWriter::close(char bracket)
{
    const bool empty = m_first.back();
    m_first.pop_back();
    if (!empty)
        newline(m_first.size());
    m_out += bracket;
}

JsonWriter &JsonWriter::beginObject()
{
    separate();
    m_out += '{';
    m_first.push_back(true);
    return *this;
}

JsonWriter &JsonWriter::endObject()
{
    close('}');
    return *this;
}

JsonWriter &JsonWriter::beginArray()
{
    separate();
    m_out += '[';
    m_first.push_back(true);
    return *this;
}

JsonWriter &JsonWriter::endArray()
{
    close(']');
    return *this;
}

JsonWriter &JsonWriter::key(std::string_view name)
{
    separate();
    quote(name);
    m_out += m_style.indent > 0 ? ": " : ":";
    m_afterKey = true;
    return *this;
}

JsonWriter &JsonWriter::string(std::string_view value)
{
    separate();
    quote(value);
    return *this;
}

void JsonWriter::quote(std::string_view value)
{
    m_out += '"';
    for (const char ch : value) {
        const auto c = static_cast<unsigned char>(ch);
        switch (c) {
        case '"':
            m_out += "\\\"";
            break;
        case '\\':
            m_out += "\\\\";
            break;
        case '\n':
            m_out += "\\n";
            break;
        case '\r':
            m_out += "\\r";
            break;
        case '\t':
            m_out += "\\t";
            break;
        case '\b':
            m_out += "\\b";
            break;
        case '\f':
            m_out += "\\f";
            break;
        default:
            if (c < 0x20) {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\u%04x", c);
                m_out += buf;
            } else {
                m_out += ch;
            }
        }
    }
    m_out += '"';
}

JsonWriter &JsonWriter::integer(std::int64_t value)
{
    separate();
    m_out += QByteArray::number(static_cast<qlonglong>(value));
    return *this;
}

JsonWriter &JsonWriter::boolean(bool value)
{
    separate();
    m_out += value ? "true" : "false";
    return *this;
}

JsonWriter &JsonWriter::null()
{
    separate();
    m_out += "null";
    return *this;
}

JsonWriter &JsonWriter::epochSeconds(std::int64_t epochMs)
{
    separate();
    const bool negative = epochMs < 0;
    const std::uint64_t a = negative ? std::uint64_t(-(epochMs + 1)) + 1 : std::uint64_t(epochMs);
    if (negative)
        m_out += '-';
    m_out += QByteArray::number(static_cast<qulonglong>(a / 1000));
    if (const auto frac = a % 1000) {
        char buf[8];
        std::snprintf(buf, sizeof buf, ".%03u", unsigned(frac));
        QByteArray f(buf);
        while (f.endsWith('0'))
            f.chop(1);
        m_out += f;
    }
    return *this;
}

JsonWriter &JsonWriter::timestamp(std::int64_t epochMs)
{
    if (!m_style.isoTimestamps)
        return epochSeconds(epochMs);
    return string(isoTime(epochMs).toStdString());
}

QString JsonWriter::isoTime(std::int64_t epochMs)
{
    const auto t = QDateTime::fromMSecsSinceEpoch(epochMs, QTimeZone::utc());
    return t.toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzz")) + QStringLiteral("000+00:00");
}

JsonWriter &JsonWriter::base64(std::string_view bytes)
{
    separate();
    m_out += '"';
    m_out += QByteArray::fromRawData(bytes.data(), qsizetype(bytes.size())).toBase64();
    m_out += '"';
    return *this;
}

} // namespace shs::net
