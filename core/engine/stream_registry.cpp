// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "stream_registry.h"

#include "arn.h"

namespace shs::core {

using detail::Stream;

StreamRegistry::StreamRegistry(std::string region, std::string account)
    : m_region(std::move(region)), m_account(std::move(account))
{}

std::string StreamRegistry::arnFor(std::string_view name) const
{
    return streamArn(m_region, m_account, name);
}

Error StreamRegistry::notFound(std::string_view name, std::string_view account) const
{
    return makeError(ErrorCode::ResourceNotFound,
                     "Stream " + std::string(name) + " under account "
                         + std::string(account.empty() ? m_account : account) + " not found.");
}

Result<Stream *> StreamRegistry::resolve(const StreamRef &ref) const
{
    std::string name = ref.name;
    if (!ref.arn.empty()) {
        const std::string &arn = ref.arn;
        const auto parsed = parseKinesisArn(arn);
        if (!parsed || parsed->consumerName)
            return detail::validation(arn, "streamARN",
                                      "Member must satisfy regular expression pattern: "
                                      "arn:aws.*:kinesis:.*:\\d{12}:stream/\\S+");
        if (parsed->account != m_account || parsed->region != m_region)
            return notFound(parsed->streamName, parsed->account);
        if (!name.empty() && name != parsed->streamName)
            return makeError(ErrorCode::InvalidArgument,
                             "StreamARN " + arn + " does not match StreamName " + name + ".");
        name = parsed->streamName;
    }
    if (name.empty())
        return makeError(ErrorCode::InvalidArgument,
                         "Either StreamName or StreamARN should be provided.");
    if (auto v = detail::validateStreamName(name); !v)
        return v.error();
    if (Stream *s = find(name))
        return s;
    return notFound(name);
}

Stream *StreamRegistry::find(std::string_view name) const
{
    const auto it = m_streams.find(name);
    return it == m_streams.end() ? nullptr : it->second.get();
}

Stream *StreamRegistry::byUid(std::uint64_t uid) const
{
    const auto it = m_byUid.find(uid);
    return it == m_byUid.end() ? nullptr : it->second;
}

Stream &StreamRegistry::add(std::unique_ptr<Stream> stream)
{
    Stream &s = *stream;
    m_byUid[s.uid] = &s;
    m_streams[s.name] = std::move(stream);
    return s;
}

void StreamRegistry::remove(std::string_view name)
{
    const auto it = m_streams.find(name);
    if (it == m_streams.end())
        return;
    m_byUid.erase(it->second->uid);
    m_streams.erase(it);
}

void StreamRegistry::clear()
{
    m_streams.clear();
    m_byUid.clear();
}

int StreamRegistry::openShardTotal() const
{
    int n = 0;
    for (const auto &[name, s] : m_streams)
        n += static_cast<int>(s->openByStart.size());
    return n;
}

int StreamRegistry::onDemandStreams() const
{
    int n = 0;
    for (const auto &[name, s] : m_streams)
        n += s->mode == StreamMode::OnDemand ? 1 : 0;
    return n;
}

} // namespace shs::core
