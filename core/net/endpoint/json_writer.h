// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// JsonWriter: JSON output with the control the wire needs and QJsonDocument lacks — members in
// the order written (the service's order), timestamps as plain decimal epoch seconds
// (1795687200.123, never 1.7956872E9: the Java SDK cannot parse exponents there), 64-bit integers
// printed exactly, members omitted rather than null. Compact by default (the wire); the AWS CLI
// style indents by 4 and prints timestamps as ISO 8601 (shardscope-cli's output).
#include <QByteArray>
#include <QString>

#include <cstdint>
#include <string_view>
#include <vector>

namespace shs::net {

struct JsonStyle
{
    int indent = 0; ///< spaces per level; 0: compact
    bool isoTimestamps
        = false; ///< timestamp(): "2026-11-26T10:00:00.123000+00:00" instead of epoch seconds
};

class JsonWriter
{
  public:
    using Style = JsonStyle;
    /// What the AWS CLI prints: `json.dumps(indent=4)` of the response, timestamps in ISO 8601.
    static constexpr Style awsCli() { return Style{4, true}; }

    explicit JsonWriter(Style style = {}) : m_style(style) {}

    JsonWriter &beginObject();
    JsonWriter &endObject();
    JsonWriter &beginArray();
    JsonWriter &endArray();
    JsonWriter &key(std::string_view name);
    JsonWriter &string(std::string_view value);
    JsonWriter &integer(std::int64_t value);
    JsonWriter &boolean(bool value);
    JsonWriter &null();
    /// A timestamp in the style's form: epoch seconds with a millisecond fraction
    /// (1795687200.123, 1795687200), or ISO 8601 in UTC.
    JsonWriter &timestamp(std::int64_t epochMs);
    /// The AWS CLI's ISO 8601 form: 2026-11-26T10:00:00.123000+00:00.
    static QString isoTime(std::int64_t epochMs);
    /// Base64 of the bytes, with padding.
    JsonWriter &base64(std::string_view bytes);

    // member shorthands
    JsonWriter &member(std::string_view name, std::string_view value)
    {
        return key(name).string(value);
    }
    JsonWriter &member(std::string_view name, const char *value) { return key(name).string(value); }
    JsonWriter &member(std::string_view name, std::int64_t value)
    {
        return key(name).integer(value);
    }
    JsonWriter &member(std::string_view name, int value) { return key(name).integer(value); }
    JsonWriter &member(std::string_view name, bool value) { return key(name).boolean(value); }

    const QByteArray &bytes() const { return m_out; }
    QByteArray take() { return std::move(m_out); }

  private:
    JsonWriter &epochSeconds(std::int64_t epochMs);
    void separate();
    void newline(std::size_t depth);
    void close(char bracket);
    void quote(std::string_view value);
    Style m_style;
    QByteArray m_out;
    std::vector<bool> m_first; // per open container: nothing written yet
    bool m_afterKey = false;
};

} // namespace shs::net
