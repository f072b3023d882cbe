// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Kinesis ARNs, parsed in one place: streams
//   arn:aws:kinesis:<region>:<12-digit account>:stream/<name>
// and their enhanced fan-out consumers
//   arn:aws:kinesis:<region>:<account>:stream/<name>/consumer/<consumer>:<creation epoch seconds>
// (kinesis-api.md §1; any partition "aws…", as the model's pattern allows).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace shs::core {

struct KinesisArn
{
    std::string partition = "aws";
    std::string region;
    std::string account;
    std::string streamName;
    std::optional<std::string> consumerName; ///< set for a consumer ARN
    std::int64_t consumerCreationSeconds = 0;

    std::string streamArn() const;
};

/// True for a KMS key id: a UUID in lowercase hex, 8-4-4-4-12.
bool isKeyUuid(std::string_view text);

/// nullopt unless `text` is a stream or consumer ARN of Kinesis with a 12-digit account.
std::optional<KinesisArn> parseKinesisArn(std::string_view text);
std::string streamArn(std::string_view region, std::string_view account, std::string_view name);

} // namespace shs::core
