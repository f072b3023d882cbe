// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "stream_settings.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <optional>
#include <set>

namespace shs::core {

namespace {

// Persisted as fields separated by 0x1E, each "name 0x1F value": neither byte can stand raw in
// a JSON document or a metric name.
constexpr char kField = '\x1e';
constexpr char kValue = '\x1f';

std::string join(const std::vector<std::string> &items)
{
    std::string out;
    for (const auto &i : items)
        out += (out.empty() ? "" : ",") + i;
    return out;
}

/// A strict JSON reader that only checks syntax and notes the top-level object's keys.
class JsonSyntax
{
  public:
    explicit JsonSyntax(std::string_view text) : m_s(text) {}

    /// The top-level object's member names, or nullopt with `error` set.
    std::optional<std::set<std::string>> topLevelKeys(std::string &error)
    {
        std::set<std::string> keys;
        space();
        if (!peek('{')) {
            error = "the policy is not a JSON object";
            return std::nullopt;
        }
        if (!object(&keys) || (space(), m_i != m_s.size())) {
            error = "the policy is not valid JSON (at byte " + std::to_string(m_i) + ")";
            return std::nullopt;
        }
        return keys;
    }

  private:
    bool peek(char c) const { return m_i < m_s.size() && m_s[m_i] == c; }
    void space()
    {
        while (m_i < m_s.size()
               && (m_s[m_i] == ' ' || m_s[m_i] == '\t' || m_s[m_i] == '\n' || m_s[m_i] == '\r'))
            ++m_i;
    }
    bool eat(char c)
    {
        space();
        if (!peek(c))
            return false;
        ++m_i;
        return true;
    }
    bool string(std::string *out)
    {
        if (!eat('"'))
            return false;
        while (m_i < m_s.size() && m_s[m_i] != '"') {
            const unsigned char c = static_cast<unsigned char>(m_s[m_i]);
            if (c < 0x20)
                return false;
            if (c == '\\') {
                if (++m_i >= m_s.size())
                    return false;
                if (m_s[m_i] == 'u') {
                    if (m_i + 4 >= m_s.size()
                        || !std::all_of(m_s.begin() + std::ptrdiff_t(m_i) + 1,
                                        m_s.begin() + std::ptrdiff_t(m_i) + 5, [](char h) {
                                            return std::isxdigit(static_cast<unsigned char>(h));
                                        }))
                        return false;
                    m_i += 4;
                } else if (std::string_view("\"\\/bfnrt").find(m_s[m_i])
                           == std::string_view::npos) {
                    return false;
                }
            } else if (out) {
                out->push_back(m_s[m_i]);
            }
            ++m_i;
        }
        return eat('"');
    }
    bool literal(std::string_view word)
    {
        if (m_s.substr(m_i, word.size()) != word)
            return false;
        m_i += word.size();
        return true;
    }
    bool number()
    {
        const std::size_t start = m_i;
        if (peek('-'))
            ++m_i;
        auto digits = [&] {
            const std::size_t from = m_i;
            while (m_i < m_s.size() && m_s[m_i] >= '0' && m_s[m_i] <= '9')
                ++m_i;
            return m_i > from;
        };
        if (!digits())
            return false;
        if (peek('.')) {
            ++m_i;
            if (!digits())
                return false;
        }
        if (peek('e') || peek('E')) {
            ++m_i;
            if (peek('+') || peek('-'))
                ++m_i;
            if (!digits())
                return false;
        }
        return m_i > start;
    }
    bool value(int depth)
    {
        if (depth > 64)
            return false;
        space();
        if (peek('{'))
            return object(nullptr, depth + 1);
        if (peek('['))
            return array(depth + 1);
        if (peek('"'))
            return string(nullptr);
        if (peek('t'))
            return literal("true");
        if (peek('f'))
            return literal("false");
        if (peek('n'))
            return literal("null");
        return number();
    }
    bool object(std::set<std::string> *keys, int depth = 0)
    {
        if (!eat('{'))
            return false;
        if (eat('}'))
            return true;
        do {
            std::string key;
            if (!string(&key) || !eat(':') || !value(depth))
                return false;
            if (keys)
                keys->insert(key);
        } while (eat(','));
        return eat('}');
    }
    bool array(int depth)
    {
        if (!eat('['))
            return false;
        if (eat(']'))
            return true;
        do {
            if (!value(depth))
                return false;
        } while (eat(','));
        return eat(']');
    }

    std::string_view m_s;
    std::size_t m_i = 0;
};

} // namespace

std::string StreamSettings::encode() const
{
    std::string out;
    auto field = [&out](std::string_view name, const std::string &value) {
        out += name;
        out += kValue;
        out += value;
        out += kField;
    };
    if (!shardLevelMetrics.empty())
        field("metrics", join(shardLevelMetrics));
    if (!resourcePolicy.empty())
        field("policy", resourcePolicy);
    if (maxRecordSizeKiB != 1024)
        field("maxrecord", std::to_string(maxRecordSizeKiB));
    if (warmThroughputMiBps != 0)
        field("warm", std::to_string(warmThroughputMiBps));
    if (autoDistribution)
        field("distribution", "AUTO");
    return out;
}

StreamSettings StreamSettings::decode(std::string_view text)
{
    StreamSettings s;
    while (!text.empty()) {
        const auto end = text.find(kField);
        const std::string_view item = text.substr(0, end);
        text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
        const auto sep = item.find(kValue);
        if (sep == std::string_view::npos)
            continue;
        const std::string_view name = item.substr(0, sep);
        const std::string value(item.substr(sep + 1));
        if (name == "metrics") {
            std::size_t from = 0;
            while (from <= value.size()) {
                const auto comma = value.find(',', from);
                const std::string m = value.substr(from, comma - from);
                if (!m.empty())
                    s.shardLevelMetrics.push_back(m);
                if (comma == std::string::npos)
                    break;
                from = comma + 1;
            }
        } else if (name == "policy") {
            s.resourcePolicy = value;
        } else if (name == "maxrecord") {
            s.maxRecordSizeKiB = std::clamp(std::atoi(value.c_str()), 1024, 10240);
        } else if (name == "warm") {
            s.warmThroughputMiBps = std::max<std::int64_t>(0, std::atoll(value.c_str()));
        } else if (name == "distribution") {
            s.autoDistribution = value == "AUTO";
        }
    }
    return s;
}

Result<std::vector<std::string>> switchMetrics(const std::vector<std::string> &current,
                                               const std::vector<std::string> &names, bool on)
{
    std::set<std::string_view> named;
    for (const auto &n : names) {
        if (n == "ALL") {
            named.insert(kShardLevelMetrics.begin(), kShardLevelMetrics.end());
        } else if (std::find(kShardLevelMetrics.begin(), kShardLevelMetrics.end(), n)
                   != kShardLevelMetrics.end()) {
            named.insert(n);
        } else {
            std::string allowed;
            for (auto m : kShardLevelMetrics)
                allowed += std::string(m) + ", ";
            return makeError(ErrorCode::Validation,
                             "1 validation error detected: Value '[" + join(names)
                                 + "]' at 'shardLevelMetrics' failed to satisfy constraint: "
                                   "Member must satisfy constraint: [Member must satisfy enum "
                                   "value set: ["
                                 + allowed + "ALL]]");
        }
    }
    std::vector<std::string> out;
    for (auto m : kShardLevelMetrics) {
        const bool was = std::find(current.begin(), current.end(), m) != current.end();
        if (on ? (was || named.count(m)) : (was && !named.count(m)))
            out.emplace_back(m);
    }
    return out;
}

Result<void> checkPolicyDocument(std::string_view policy)
{
    if (policy.size() > kMaxResourcePolicyBytes)
        return makeError(ErrorCode::InvalidArgument,
                         "The policy is " + std::to_string(policy.size())
                             + " bytes; a resource policy can be at most "
                             + std::to_string(kMaxResourcePolicyBytes) + " bytes.");
    std::string error;
    const auto keys = JsonSyntax(policy).topLevelKeys(error);
    if (!keys)
        return makeError(ErrorCode::InvalidArgument, "Invalid policy document: " + error + ".");
    for (const char *required : {"Version", "Statement"})
        if (!keys->count(required))
            return makeError(ErrorCode::InvalidArgument,
                             "Invalid policy document: it has no " + std::string(required) + ".");
    return ok();
}

} // namespace shs::core
