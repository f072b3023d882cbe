// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "stream_consumers.h"

#include "error_code.h"
#include "storage_port.h"

#include <algorithm>
#include <charconv>

namespace shs::core {

Result<RegisteredConsumer *> StreamConsumers::add(const std::string &name, std::int64_t t,
                                                  int limit, std::string_view stream)
{
    if (m_consumers.count(name))
        return makeError(ErrorCode::ResourceInUse, "Consumer " + name + " under stream "
                                                       + std::string(stream) + " already exists.");
    if (size() >= limit)
        return makeError(ErrorCode::LimitExceeded,
                         "Stream " + std::string(stream) + " already has " + std::to_string(size())
                             + " registered consumers; a stream can have at most "
                             + std::to_string(limit) + ".");
    const auto creating = std::count_if(m_consumers.begin(), m_consumers.end(), [](const auto &c) {
        return c.second.status == ConsumerStatus::Creating;
    });
    if (creating >= kMaxCreatingConsumers)
        return makeError(ErrorCode::LimitExceeded,
                         "Stream " + std::string(stream) + " already has "
                             + std::to_string(creating)
                             + " consumers in the CREATING state; at most 5 can be created at "
                               "once. Wait until one is ACTIVE.");
    RegisteredConsumer c;
    c.name = name;
    c.creationMs = t;
    c.status = ConsumerStatus::Creating;
    c.statusSinceMs = t;
    return &(m_consumers[name] = std::move(c));
}

RegisteredConsumer *StreamConsumers::find(std::string_view name)
{
    auto it = m_consumers.find(std::string(name));
    return it == m_consumers.end() ? nullptr : &it->second;
}

const RegisteredConsumer *StreamConsumers::find(std::string_view name) const
{
    auto it = m_consumers.find(std::string(name));
    return it == m_consumers.end() ? nullptr : &it->second;
}

RegisteredConsumer *StreamConsumers::find(std::string_view name, std::int64_t creationSeconds)
{
    RegisteredConsumer *c = find(name);
    return c && c->creationSeconds() == creationSeconds ? c : nullptr;
}

void StreamConsumers::startDeleting(RegisteredConsumer &c, std::int64_t t)
{
    if (c.status == ConsumerStatus::Deleting)
        return;
    c.status = ConsumerStatus::Deleting;
    c.statusSinceMs = t;
}

bool StreamConsumers::advance(std::int64_t t, std::int64_t createDelayMs,
                              std::int64_t deleteDelayMs)
{
    bool changed = false;
    for (auto it = m_consumers.begin(); it != m_consumers.end();) {
        RegisteredConsumer &c = it->second;
        if (c.status == ConsumerStatus::Creating && t - c.statusSinceMs >= createDelayMs) {
            c.status = ConsumerStatus::Active;
            c.statusSinceMs = t;
            changed = true;
        } else if (c.status == ConsumerStatus::Deleting && t - c.statusSinceMs >= deleteDelayMs) {
            it = m_consumers.erase(it);
            changed = true;
            continue;
        }
        ++it;
    }
    return changed;
}

// Persisted as length-prefixed fields ("<length>:<bytes>"), six per consumer: name, creation
// ms, status, status-since ms, tags (encodeTags) and the resource policy. Any bytes survive.

namespace {
void put(std::string &out, std::string_view field)
{
    out += std::to_string(field.size());
    out += ':';
    out += field;
}

bool take(std::string_view &in, std::string_view &field)
{
    const auto colon = in.find(':');
    if (colon == std::string_view::npos)
        return false;
    std::size_t len = 0;
    const auto [p, ec] = std::from_chars(in.data(), in.data() + colon, len);
    if (ec != std::errc() || p != in.data() + colon || colon + 1 + len > in.size())
        return false;
    field = in.substr(colon + 1, len);
    in.remove_prefix(colon + 1 + len);
    return true;
}

std::int64_t number(std::string_view s)
{
    std::int64_t v = 0;
    std::from_chars(s.data(), s.data() + s.size(), v);
    return v;
}
} // namespace

std::string StreamConsumers::encode() const
{
    std::string out;
    for (const auto &[name, c] : m_consumers) {
        put(out, c.name);
        put(out, std::to_string(c.creationMs));
        put(out, std::to_string(static_cast<int>(c.status)));
        put(out, std::to_string(c.statusSinceMs));
        put(out, encodeTags(c.tags));
        put(out, c.resourcePolicy);
    }
    return out;
}

StreamConsumers StreamConsumers::decode(std::string_view text)
{
    StreamConsumers out;
    while (!text.empty()) {
        std::string_view f[6];
        for (auto &field : f)
            if (!take(text, field))
                return out; // a damaged tail is dropped; what was read stays
        RegisteredConsumer c;
        c.name = std::string(f[0]);
        c.creationMs = number(f[1]);
        const auto status = number(f[2]);
        c.status = status == 1   ? ConsumerStatus::Deleting
                   : status == 2 ? ConsumerStatus::Active
                                 : ConsumerStatus::Creating;
        c.statusSinceMs = number(f[3]);
        c.tags = decodeTags(std::string(f[4]));
        c.resourcePolicy = std::string(f[5]);
        out.m_consumers[c.name] = std::move(c);
    }
    return out;
}

} // namespace shs::core
