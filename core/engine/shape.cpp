// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "shape.h"

#include <algorithm>

namespace shs::core::shape {

std::string memberPath(std::string_view prefix, std::string_view wireName)
{
    std::string out(prefix);
    bool partStart = true;
    for (char c : wireName) {
        if (partStart && !out.empty() && c != '.')
            out += '.';
        if (c == '.') {
            partStart = true;
            continue;
        }
        out += partStart && c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c;
        partStart = false;
    }
    return out;
}

std::string Path::text() const
{
    if (!parent)
        return memberPath("", wireName);
    std::string prefix = parent->text();
    if (index > 0)
        return prefix + '.' + std::to_string(index) + ".member";
    return memberPath(prefix, wireName);
}

void Violations::add(const Path &path, const std::optional<std::string> &value,
                     std::string_view constraint)
{
    std::string item = "Value ";
    if (value)
        item += "'" + *value + "' ";
    else
        item += "null ";
    item += "at '";
    item += path.text();
    item += "' failed to satisfy constraint: ";
    item += constraint;
    m_items.push_back(std::move(item));
}

void Violations::addUnshown(const Path &path, std::string_view constraint)
{
    m_items.push_back("Value at '" + path.text()
                      + "' failed to satisfy constraint: " + std::string(constraint));
}

std::optional<Error> Violations::error() const
{
    if (m_items.empty())
        return std::nullopt;
    std::string text = std::to_string(m_items.size())
                       + (m_items.size() == 1 ? " validation error detected: "
                                              : " validation errors detected: ");
    for (std::size_t i = 0; i < m_items.size(); ++i)
        text += (i ? "; " : "") + m_items[i];
    return Error{ErrorCode::Validation, std::move(text)};
}

namespace {

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

bool decimal(std::string_view s, std::size_t maxDigits)
{
    if (s.empty() || s.size() > maxDigits || (s.size() > 1 && s[0] == '0'))
        return false;
    return std::all_of(s.begin(), s.end(), isDigit);
}

bool nameChar(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || isDigit(c) || c == '_' || c == '.'
           || c == '-';
}

/// arn:aws[^:]*:kinesis:[^:]*:\d{12}:<resource>, resource checked by `rest`.
template <class Rest> bool kinesisArn(std::string_view s, Rest rest)
{
    if (s.substr(0, 7) != "arn:aws")
        return false;
    std::size_t p = s.find(':', 7);
    if (p == std::string_view::npos || s.substr(p, 9) != ":kinesis:")
        return false;
    p = s.find(':', p + 9); // after the region
    if (p == std::string_view::npos || s.size() < p + 14 || s[p + 13] != ':')
        return false;
    if (!std::all_of(s.begin() + std::ptrdiff_t(p) + 1, s.begin() + std::ptrdiff_t(p) + 13,
                     isDigit))
        return false;
    return rest(s.substr(p + 14));
}

/// <name>/consumer/<name>:<digits>, after "stream/".
bool consumerResource(std::string_view r)
{
    const auto at = r.find("stream/");
    if (at == std::string_view::npos)
        return false;
    r.remove_prefix(at + 7);
    const auto slash = r.find("/consumer/");
    if (slash == 0 || slash == std::string_view::npos
        || !std::all_of(r.begin(), r.begin() + std::ptrdiff_t(slash), nameChar))
        return false;
    r.remove_prefix(slash + 10);
    const auto colon = r.rfind(':');
    return colon != 0 && colon != std::string_view::npos && colon + 1 < r.size()
           && std::all_of(r.begin(), r.begin() + std::ptrdiff_t(colon), nameChar)
           && std::all_of(r.begin() + std::ptrdiff_t(colon) + 1, r.end(), isDigit);
}

bool noSpace(std::string_view s)
{
    return !s.empty() && std::none_of(s.begin(), s.end(), [](char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
    });
}

} // namespace

bool matches(Pattern pattern, std::string_view text)
{
    switch (pattern) {
    case Pattern::None:
        return true;
    case Pattern::Name:
        return !text.empty() && std::all_of(text.begin(), text.end(), nameChar);
    case Pattern::HashKey:
        return decimal(text, 39);
    case Pattern::SequenceNumber:
        return decimal(text, 129);
    case Pattern::StreamArn:
        return kinesisArn(text, [](std::string_view r) {
            return r.substr(0, 7) == "stream/" && noSpace(r.substr(7));
        });
    case Pattern::ResourceArn:
        return kinesisArn(text, [](std::string_view r) {
            const auto at = r.find("stream/");
            return at != std::string_view::npos && noSpace(r.substr(at + 7));
        });
    case Pattern::ConsumerArn:
        return kinesisArn(text, consumerResource);
    }
    return false;
}

std::string_view patternText(Pattern pattern)
{
    switch (pattern) {
    case Pattern::None:
        return "";
    case Pattern::Name:
        return "[a-zA-Z0-9_.-]+";
    case Pattern::HashKey:
        return "0|([1-9]\\d{0,38})";
    case Pattern::SequenceNumber:
        return "0|([1-9]\\d{0,128})";
    case Pattern::StreamArn:
        return "arn:aws.*:kinesis:.*:\\d{12}:stream/\\S+";
    case Pattern::ResourceArn:
        return "arn:aws.*:kinesis:.*:\\d{12}:.*stream/\\S+";
    case Pattern::ConsumerArn:
        return "^(arn):aws.*:kinesis:.*:\\d{12}:.*stream\\/[a-zA-Z0-9_.-]+\\/consumer\\/"
               "[a-zA-Z0-9_.-]+:[0-9]+";
    }
    return "";
}

std::int64_t characters(std::string_view text)
{
    std::int64_t n = 0;
    for (unsigned char c : text)
        n += (c & 0xC0) != 0x80;
    return n;
}

namespace detail {

void checkString(const Rules &r, const Path &path, std::string_view value, bool blob,
                 Violations &out)
{
    // Blobs are not repeated in the message ("Value at 'data' failed …"); text is.
    const std::int64_t length = blob ? std::int64_t(value.size()) : characters(value);
    auto add = [&](const std::string &constraint) {
        if (blob)
            out.addUnshown(path, constraint);
        else
            out.add(path, std::string(value), constraint);
    };
    if (r.minLength >= 0 && length < r.minLength)
        add("Member must have length greater than or equal to " + std::to_string(r.minLength));
    else if (r.maxLength >= 0 && length > r.maxLength)
        add("Member must have length less than or equal to " + std::to_string(r.maxLength));
    else if (r.pattern != Pattern::None && !matches(r.pattern, value))
        add("Member must satisfy regular expression pattern: "
            + std::string(patternText(r.pattern)));
}

void checkNumber(const Rules &r, const Path &path, std::int64_t value, Violations &out)
{
    if (value < r.minValue)
        out.add(path, std::to_string(value),
                "Member must have value greater than or equal to " + std::to_string(r.minValue));
    else if (value > r.maxValue)
        out.add(path, std::to_string(value),
                "Member must have value less than or equal to " + std::to_string(r.maxValue));
}

void checkCount(const Rules &r, const Path &path, std::int64_t count, bool map, Violations &out)
{
    const std::string shown = map ? (count == 0 ? "{}" : "{...}") : (count == 0 ? "[]" : "[...]");
    if (r.minLength >= 0 && count < r.minLength)
        out.add(path, shown,
                "Member must have length greater than or equal to " + std::to_string(r.minLength));
    else if (r.maxLength >= 0 && count > r.maxLength)
        out.add(path, shown,
                "Member must have length less than or equal to " + std::to_string(r.maxLength));
}

} // namespace detail

} // namespace shs::core::shape
