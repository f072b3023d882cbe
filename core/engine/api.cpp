// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "api.h"

#include <cstdio>

namespace shs::core {

const char *toString(StreamStatus s)
{
    switch (s) {
    case StreamStatus::Creating:
        return "CREATING";
    case StreamStatus::Deleting:
        return "DELETING";
    case StreamStatus::Active:
        return "ACTIVE";
    case StreamStatus::Updating:
        return "UPDATING";
    }
    return "ACTIVE";
}

const char *toString(StreamMode m)
{
    return m == StreamMode::OnDemand ? "ON_DEMAND" : "PROVISIONED";
}

const char *toString(ShardIteratorType t)
{
    switch (t) {
    case ShardIteratorType::AtSequenceNumber:
        return "AT_SEQUENCE_NUMBER";
    case ShardIteratorType::AfterSequenceNumber:
        return "AFTER_SEQUENCE_NUMBER";
    case ShardIteratorType::TrimHorizon:
        return "TRIM_HORIZON";
    case ShardIteratorType::Latest:
        return "LATEST";
    case ShardIteratorType::AtTimestamp:
        return "AT_TIMESTAMP";
    }
    return "TRIM_HORIZON";
}

const char *toString(ShardFilterType t)
{
    switch (t) {
    case ShardFilterType::AfterShardId:
        return "AFTER_SHARD_ID";
    case ShardFilterType::AtTrimHorizon:
        return "AT_TRIM_HORIZON";
    case ShardFilterType::FromTrimHorizon:
        return "FROM_TRIM_HORIZON";
    case ShardFilterType::AtLatest:
        return "AT_LATEST";
    case ShardFilterType::AtTimestamp:
        return "AT_TIMESTAMP";
    case ShardFilterType::FromTimestamp:
        return "FROM_TIMESTAMP";
    }
    return "FROM_TRIM_HORIZON";
}

std::optional<StreamMode> streamModeFromString(std::string_view s)
{
    if (s == "PROVISIONED")
        return StreamMode::Provisioned;
    if (s == "ON_DEMAND")
        return StreamMode::OnDemand;
    return std::nullopt;
}

std::optional<ShardIteratorType> iteratorTypeFromString(std::string_view s)
{
    for (auto t : {ShardIteratorType::AtSequenceNumber, ShardIteratorType::AfterSequenceNumber,
                   ShardIteratorType::TrimHorizon, ShardIteratorType::Latest,
                   ShardIteratorType::AtTimestamp})
        if (s == toString(t))
            return t;
    return std::nullopt;
}

std::optional<ShardFilterType> shardFilterTypeFromString(std::string_view s)
{
    for (auto t : {ShardFilterType::AfterShardId, ShardFilterType::AtTrimHorizon,
                   ShardFilterType::FromTrimHorizon, ShardFilterType::AtLatest,
                   ShardFilterType::AtTimestamp, ShardFilterType::FromTimestamp})
        if (s == toString(t))
            return t;
    return std::nullopt;
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
