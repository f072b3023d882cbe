// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Small text encodings used by tokens and the CLI: standard base64 with padding (decode is strict
// and canonical, like Kinesis' own validation), and UTF-8 code-point counting.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace shs::core {

std::string base64Encode(std::string_view bytes);
/// nullopt unless `text` is canonical padded base64 (length % 4 == 0, alphabet, re-encodes equal).
std::optional<std::string> base64Decode(std::string_view text);
/// Number of Unicode code points in UTF-8 text; nullopt for invalid UTF-8.
std::optional<std::size_t> utf8Length(std::string_view text);
/// "Thu Jan 22 01:22:02 UTC 2015" (the form AWS uses in ExpiredIteratorException).
std::string amzUtcString(std::int64_t epochMs);

} // namespace shs::core
