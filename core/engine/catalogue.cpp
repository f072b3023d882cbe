// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "catalogue.h"

namespace shs::core::ops {

std::string cliName(std::string_view operationName)
{
    std::string out;
    for (std::size_t i = 0; i < operationName.size(); ++i) {
        const char c = operationName[i];
        if (c >= 'A' && c <= 'Z') {
            if (i > 0)
                out += '-';
            out += char(c - 'A' + 'a');
        } else {
            out += c;
        }
    }
    return out;
}

} // namespace shs::core::ops
