// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Record routing: whether a record may be written to a stream and which open shard takes it —
// the model's limits on the partition key, the data and the ExplicitHashKey and the stream's own
// record size limit, in AWS's texts; then the stream's one PartitionKeyRouter (MD5 of the key, or
// the ExplicitHashKey, to the open shard whose range holds it), or, under the AUTO distribution,
// the next open shard round robin. An engine module over a stream's state; the data plane
// (engine_data.cpp) appends what it routes.
#include "stream_state.h"

#include <optional>
#include <string>

namespace shs::core {

/// Whether a record with partition key `pk` and `dataSize` bytes of data may be written to `s`
/// (the model's limits and the stream's own record size), in AWS's texts; `fieldPrefix` as below.
Result<void> checkRecord(const detail::Stream &s, const std::string &pk, std::size_t dataSize,
                         const std::string &fieldPrefix);

/// Validates one record of `dataSize` bytes (checkRecord) and finds its shard; `fieldPrefix` is ""
/// for PutRecord or "records.N.member." for PutRecords (AWS's member paths). The hash key the
/// record was placed by goes to `keyOut` (the on-demand scaler splits at the median of these).
Result<detail::Shard *> routeRecord(detail::Stream &s, const std::string &pk,
                                    const std::optional<std::string> &ehk, std::size_t dataSize,
                                    const std::string &fieldPrefix, HashKey *keyOut);

} // namespace shs::core
