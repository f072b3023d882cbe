// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "record_routing.h"

#include "encoding.h"

namespace shs::core {

using namespace detail;

Result<void> checkRecord(const detail::Stream &s, const std::string &pk, std::size_t dataSize,
                         const std::string &fieldPrefix)
{
    const auto pkLen = utf8Length(pk);
    if (pk.empty())
        return validation(pk, fieldPrefix + "partitionKey",
                          "Member must have length greater than or equal to 1");
    if (!pkLen || *pkLen > static_cast<std::size_t>(kMaxPartitionKeyChars))
        return validation(pk, fieldPrefix + "partitionKey",
                          "Member must have length less than or equal to 256");
    // The model's constraint on the blob itself, in AWS's words.
    if (dataSize > static_cast<std::size_t>(kMaxMaxRecordSizeKiB) * 1024)
        return makeError(ErrorCode::Validation,
                         "1 validation error detected: Value at '" + fieldPrefix
                             + "data' failed to satisfy constraint: Member must have length "
                               "less than or equal to 10485760");
    const auto limit = static_cast<std::size_t>(s.settings.maxRecordBytes());
    auto bytes = [](std::size_t n) { return std::to_string(n) + (n == 1 ? " byte" : " bytes"); };
    if (dataSize + pk.size() > limit) // the stream's limit counts the key too
        return makeError(
            ErrorCode::Validation,
            "1 validation error detected: Value at '" + fieldPrefix
                + "data' failed to satisfy constraint: the record's data (" + bytes(dataSize)
                + ") and partition key (" + bytes(pk.size()) + ") are "
                + std::to_string(dataSize + pk.size())
                + " bytes together; a record's data and partition key may be at most "
                + std::to_string(limit) + " bytes ("
                + (limit == static_cast<std::size_t>(kMaxRecordBytes)
                       ? std::string("1 MiB")
                       : std::to_string(s.settings.maxRecordSizeKiB)
                             + " KiB, the stream's MaxRecordSizeInKiB")
                + ") together. Shorten the data or the partition key"
                + (limit < static_cast<std::size_t>(kMaxMaxRecordSizeKiB) * 1024
                       ? std::string(", or raise the stream's limit with UpdateMaxRecordSize.")
                       : std::string(".")));
    return ok();
}

Result<detail::Shard *> routeRecord(detail::Stream &s, const std::string &pk,
                                    const std::optional<std::string> &ehk, std::size_t dataSize,
                                    const std::string &fieldPrefix, HashKey *keyOut)
{
    if (auto valid = checkRecord(s, pk, dataSize, fieldPrefix); !valid)
        return valid.error();
    HashKey key;
    if (ehk) {
        if (!isHashKeyPattern(*ehk))
            return validation(*ehk, fieldPrefix + "explicitHashKey",
                              "Member must satisfy regular expression pattern: 0|([1-9]\\d{0,38})");
        auto parsed = HashKey::fromDecimal(*ehk);
        if (!parsed)
            return makeError(ErrorCode::InvalidArgument,
                             "Invalid ExplicitHashKey. ExplicitHashKey must be in the range: "
                             "[0, 2^128-1]. Specified value was "
                                 + *ehk);
        key = *parsed;
    }
    if (s.settings.autoDistribution && !s.openByStart.empty()) {
        // AUTO: the service places the record, whatever its keys say — round robin over the
        // open shards, noted at the middle of the shard's range (where the scaler splits).
        Shard &next = s.shards.at(s.openByStart[s.autoNext++ % s.openByStart.size()]);
        key = next.range.start.plus(next.range.end.minus(next.range.start).dividedBy(2));
    } else if (!ehk) {
        key = s.router.hash(pk); // MD5 only where the key decides
    }
    if (keyOut)
        *keyOut = key;
    Shard *sh = s.route(key);
    if (!sh)
        return makeError(ErrorCode::InternalFailure, "Internal Service Failure");
    return sh;
}

} // namespace shs::core
