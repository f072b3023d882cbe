// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// KmsFile: the local KMS's state and Kinesis's wrapped data keys, in kms.sqlite3 beside the
// records (DataDir::kmsPath()). synchronous=FULL: a data key is on disk before any record is
// written under it, and a key's new state before it is answered. The key material inside the
// state is sealed under the data directory's kms.key (kms/local_kms.h); nothing here is
// plaintext key material.
//
// Thread safety: every member is thread-safe (one mutex).
#include "kms/data_key_ring.h"
#include "kms/local_kms.h"

#include <memory>
#include <mutex>

struct sqlite3;

namespace shs::store {

class KmsFile final : public kms::KmsPersistence, public kms::DataKeyStore
{
  public:
    static core::Result<std::unique_ptr<KmsFile>> open(const std::string &path);
    ~KmsFile() override;

    core::Result<std::string> loadState() override;
    core::Result<void> saveState(const std::string &state) override;
    core::Result<std::vector<kms::DataKeyRow>> loadDataKeys() override;
    core::Result<void> addDataKey(const kms::DataKeyRow &row) override;

  private:
    KmsFile() = default;
    std::mutex m_mutex;
    sqlite3 *m_db = nullptr;
};

} // namespace shs::store
