// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// JsonWriter: compact JSON output with the control the wire needs and QJsonDocument lacks —
// timestamps as plain decimal epoch seconds (1795687200.123, never 1.7956872E9: the Java SDK
// cannot parse exponents there), 64-bit integers printed exactly, members omitted rather than null.
#include <QByteArray>

#include <cstdint>
#include <string_view>
#include <vector>

namespace shs::net {

class JsonWriter
{
public:
    JsonWriter &beginObject();
    JsonWriter &endObject();
    JsonWriter &beginArray();
    JsonWriter &endArray();
    JsonWriter &key(std::string_view name);
    JsonWriter &string(std::string_view value);
    JsonWriter &integer(std::int64_t value);
    JsonWriter &boolean(bool value);
    /// Epoch milliseconds as seconds with a millisecond fraction: 1795687200.123, 1795687200.
    JsonWriter &epochSeconds(std::int64_t epochMs);
    /// Base64 of the bytes, with padding.
    JsonWriter &base64(std::string_view bytes);

    // member shorthands
    JsonWriter &member(std::string_view name, std::string_view value) { return key(name).string(value); }
    JsonWriter &member(std::string_view name, const char *value) { return key(name).string(value); }
    JsonWriter &member(std::string_view name, std::int64_t value) { return key(name).integer(value); }
    JsonWriter &member(std::string_view name, int value) { return key(name).integer(value); }
    JsonWriter &member(std::string_view name, bool value) { return key(name).boolean(value); }

    const QByteArray &bytes() const { return m_out; }
    QByteArray take() { return std::move(m_out); }

private:
    void separate();
    void quote(std::string_view value);
    QByteArray m_out;
    std::vector<bool> m_first; // per open container: nothing written yet
    bool m_afterKey = false;
};

} // namespace shs::net
