// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "api.h"
#include "shapes.h"

#include <cstdio>

namespace shs::core {

// The wire names are the shapes' (shapes.h); each is a string literal, so data() is terminated.

const char *toString(StreamStatus s)
{
    return shape::nameOf(s).data();
}

const char *toString(StreamMode m)
{
    return shape::nameOf(m).data();
}

const char *toString(ShardIteratorType t)
{
    return shape::nameOf(t).data();
}

const char *toString(ShardFilterType t)
{
    return shape::nameOf(t).data();
}

const char *toString(RecordDistributionStrategy d)
{
    return shape::nameOf(d).data();
}

const char *toString(ConsumerStatus s)
{
    return shape::nameOf(s).data();
}

std::optional<StreamMode> streamModeFromString(std::string_view s)
{
    return shape::fromName<StreamMode>(s);
}

std::optional<ShardIteratorType> iteratorTypeFromString(std::string_view s)
{
    return shape::fromName<ShardIteratorType>(s);
}

std::optional<ShardFilterType> shardFilterTypeFromString(std::string_view s)
{
    return shape::fromName<ShardFilterType>(s);
}

std::string formatShardId(std::uint32_t index)
{
    std::string out = "shardId-000000000000";
    for (std::size_t i = out.size(); index && i > 8; --i, index /= 10)
        out[i - 1] = static_cast<char>('0' + index % 10);
    return out;
}

std::optional<std::uint32_t> parseShardId(std::string_view text)
{
    if (text.starts_with("shardId-"))
        text.remove_prefix(8);
    if (text.empty() || text.size() > 12)
        return std::nullopt;
    std::uint64_t v = 0;
    for (char c : text) {
        if (c < '0' || c > '9')
            return std::nullopt;
        v = v * 10 + static_cast<std::uint64_t>(c - '0');
    }
    if (v > 0x7fffffffu)
        return std::nullopt;
    return static_cast<std::uint32_t>(v);
}

} // namespace shs::core
