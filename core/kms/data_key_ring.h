// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// DataKeyRing: Kinesis's side of encryption at rest (engine/key_vault.h), over the local KMS.
// Records of an encrypted stream are sealed under a data key that GenerateDataKey made under the
// stream's KMS key; a data key is used for five minutes of engine time and then replaced, as
// Kinesis rotates them (it "calls AWS KMS approximately every five minutes when it is rotating the
// data key"). Each data key is kept wrapped (its KMS ciphertext blob, never its plaintext) through
// DataKeyStore before any record is written under it; its plaintext is held in memory only and
// comes back after a restart through KMS Decrypt — so a disabled, pending-deletion or deleted KMS
// key shuts its records out, and an enabled one opens them again.
//
// Thread safety: every member is thread-safe (one mutex; Decrypt only on a data key's first use).
#include "local_kms.h"

#include "crypto/aead.h"
#include "engine/key_vault.h"

#include <map>
#include <mutex>
#include <optional>

namespace shs::kms {

struct DataKeyRow
{
    std::uint32_t id = 0;
    std::string keyArn; ///< the KMS key that wraps it
    std::int64_t createdMs = 0;
    std::string wrapped; ///< GenerateDataKey's CiphertextBlob
};

class DataKeyStore
{
  public:
    virtual ~DataKeyStore() = default;
    virtual core::Result<std::vector<DataKeyRow>> loadDataKeys() = 0;
    /// Durable before it returns: records are written under the key right after.
    virtual core::Result<void> addDataKey(const DataKeyRow &row) = 0;
};

class DataKeyRing final : public core::KeyVault
{
  public:
    static constexpr std::int64_t kRotateMs = 5 * 60 * 1000;

    /// `store` may be null (in memory only).
    DataKeyRing(LocalKms &kms, DataKeyStore *store);
    core::Result<void> load();

    core::Result<void> checkKey(const std::string &keyId) override;
    core::Result<std::uint32_t> dataKeyFor(const std::string &keyId, std::int64_t nowMs) override;
    core::Result<void> readable(std::uint32_t dataKey) override;
    std::string keyArnOf(std::uint32_t dataKey) override;

    /// The data key's plaintext (Decrypt through the KMS on first use), or the Kinesis KMS error.
    core::Result<crypto::AeadKey> plaintext(std::uint32_t dataKey);
    /// How many data keys there are (each GenerateDataKey call made one).
    std::size_t count() const;

  private:
    LocalKms &m_kms;
    DataKeyStore *m_store;
    mutable std::mutex m_mutex;
    std::map<std::uint32_t, DataKeyRow> m_rows;
    std::map<std::uint32_t, crypto::AeadKey> m_plain;
    std::map<std::string, std::uint32_t> m_current; ///< KMS key ARN -> its newest data key
    std::uint32_t m_next = 1;
};

} // namespace shs::kms
