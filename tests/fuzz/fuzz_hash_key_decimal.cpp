// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
// ExplicitHashKey / NewStartingHashKey text: accepted values round-trip exactly.
#include "engine/hash_key.h"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::string text(reinterpret_cast<const char *>(data), size);
    if (auto k = shs::core::HashKey::fromDecimal(text)) {
        if (k->toDecimal() != text)
            __builtin_trap();
        if (shs::core::HashKey::fromHex(k->toHex()) != k)
            __builtin_trap();
    }
    (void)shs::core::HashKey::fromHex(text);
    return 0;
}
