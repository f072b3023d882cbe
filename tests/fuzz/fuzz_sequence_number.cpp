// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
// StartingSequenceNumber / SequenceNumberForOrdering text: accepted values round-trip exactly.
#include "engine/sequence_number.h"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::string text(reinterpret_cast<const char *>(data), size);
    if (auto p = shs::core::parseSequenceNumber(text)) {
        if (shs::core::formatSequenceNumber(*p) != text)
            __builtin_trap();
    }
    return 0;
}
