// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "arn.h"

#include <algorithm>

namespace shs::core {

namespace {
bool digits(std::string_view s)
{
    return !s.empty()
           && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}
} // namespace

std::string streamArn(std::string_view region, std::string_view account, std::string_view name)
{
    return "arn:aws:kinesis:" + std::string(region) + ":" + std::string(account) + ":stream/"
           + std::string(name);
}

std::string KinesisArn::streamArn() const
{
    return "arn:" + partition + ":kinesis:" + region + ":" + account + ":stream/" + streamName;
}

bool isKeyUuid(std::string_view s)
{
    if (s.size() != 36)
        return false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash != (c == '-'))
            return false;
        if (!dash && !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            return false;
    }
    return true;
}

std::optional<KinesisArn> parseKinesisArn(std::string_view text)
{
    // arn:<partition>:kinesis:<region>:<account>:<resource>
    KinesisArn out;
    std::string_view parts[5];
    for (auto &part : parts) {
        const auto colon = text.find(':');
        if (colon == std::string_view::npos)
            return std::nullopt;
        part = text.substr(0, colon);
        text.remove_prefix(colon + 1);
    }
    if (parts[0] != "arn" || parts[1].substr(0, 3) != "aws" || parts[2] != "kinesis"
        || parts[4].size() != 12 || !digits(parts[4]) || !text.starts_with("stream/"))
        return std::nullopt;
    out.partition = std::string(parts[1]);
    out.region = std::string(parts[3]);
    out.account = std::string(parts[4]);
    text.remove_prefix(7);
    const auto consumer = text.find("/consumer/");
    if (consumer == std::string_view::npos) {
        if (text.empty() || text.find_first_of(" \t\r\n/") != std::string_view::npos)
            return std::nullopt;
        out.streamName = std::string(text);
        return out;
    }
    out.streamName = std::string(text.substr(0, consumer));
    std::string_view rest = text.substr(consumer + 10);
    const auto colon = rest.rfind(':');
    if (out.streamName.empty() || colon == std::string_view::npos || colon == 0
        || !digits(rest.substr(colon + 1)) || rest.size() - colon - 1 > 12)
        return std::nullopt;
    out.consumerName = std::string(rest.substr(0, colon));
    out.consumerCreationSeconds = std::stoll(std::string(rest.substr(colon + 1)));
    return out;
}

} // namespace shs::core
