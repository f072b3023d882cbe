// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
// Base64 (record data, tokens) and UTF-8 counting (partition keys) on arbitrary bytes.
#include "engine/encoding.h"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::string bytes(reinterpret_cast<const char *>(data), size);
    if (auto decoded = shs::core::base64Decode(bytes)) {
        if (shs::core::base64Encode(*decoded) != bytes)
            __builtin_trap();
    }
    if (shs::core::base64Decode(shs::core::base64Encode(bytes)) != bytes)
        __builtin_trap();
    if (auto n = shs::core::utf8Length(bytes); n && *n > bytes.size())
        __builtin_trap();
    return 0;
}
