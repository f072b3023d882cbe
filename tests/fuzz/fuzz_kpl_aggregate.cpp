// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
// KPL aggregate decoding (core/engine/kpl_aggregate): any bytes decode to user records or to
// nothing, never a crash; what decodes re-encodes to an aggregate that decodes to the same
// records. The MD5 would stop almost every mutation at the door, so an input whose first byte is
// 0 is the protobuf of a correctly framed aggregate (magic and MD5 added here): that is what
// reaches the hand-written protobuf reader. Any other input is a Kinesis record as it is.
#include "engine/kpl_aggregate.h"

#include "crypto/md5.h"

#include <cstddef>
#include <cstdint>
#include <string>

namespace kpl = shs::core::kpl;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    std::string input(reinterpret_cast<const char *>(data), size);
    if (size > 0 && data[0] == 0) {
        shs::crypto::Md5 md5;
        const std::string protobuf = input.substr(1);
        const auto digest = md5.digest(protobuf);
        input = std::string(kpl::kMagic) + protobuf
                + std::string(reinterpret_cast<const char *>(digest.data()), digest.size());
    }
    const auto users = kpl::decode(input);
    if (!users || users->empty()) // (the KPL never sends an aggregate of no records)
        return 0;
    const auto again = kpl::decode(kpl::encode(*users));
    if (!again || *again != *users)
        __builtin_trap();
    return 0;
}
