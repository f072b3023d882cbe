// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// KeyVault: what the engine needs from a key management service to encrypt a stream's records at
// rest (the local KMS implements it: kms/data_key_ring.h). A record of an encrypted stream is
// written with the id of a data key (StoredRecord::dataKey); the storage seals it under that key
// and the reader opens it. Errors are Kinesis's KMS exceptions with KMS's own texts
// (KMSNotFoundException, KMSDisabledException, KMSInvalidStateException, ...).
//
// Thread safety: every member may be called from any thread (the engine's, readers', storage's).
#include "result.h"

#include <cstdint>
#include <string>

namespace shs::core {

class KeyVault
{
  public:
    virtual ~KeyVault() = default;
    /// Checks that `keyId` (a key id, key ARN, alias name or alias ARN) names a key that can
    /// encrypt now (StartStreamEncryption).
    virtual Result<void> checkKey(const std::string &keyId) = 0;
    /// The data key that seals records written now under `keyId` — a new one when the last is
    /// five minutes old, as Kinesis rotates them — or the KMS error a writer meets.
    virtual Result<std::uint32_t> dataKeyFor(const std::string &keyId, std::int64_t nowMs) = 0;
    /// Whether records sealed under `dataKey` can be read now (their KMS key usable).
    virtual Result<void> readable(std::uint32_t dataKey) = 0;
    /// The ARN of the KMS key behind `dataKey` ("" if unknown).
    virtual std::string keyArnOf(std::uint32_t dataKey) = 0;
};

/// Records sealed under data keys whose KMS key cannot decrypt now are not read: the KMS error
/// of the first such key (GetRecords, SubscribeToShard).
template <class Records> Result<void> checkReadable(KeyVault *keys, const Records &records)
{
    std::uint32_t last = 0;
    for (const auto &r : records)
        if (r.dataKey && r.dataKey != last) {
            if (!keys)
                return makeError(ErrorCode::KmsNotFound,
                                 "The records' KMS key is not known to this engine.");
            if (auto k = keys->readable(r.dataKey); !k)
                return k.error();
            last = r.dataKey;
        }
    return ok();
}

} // namespace shs::core
