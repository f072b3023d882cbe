// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// KeyService: the local KMS and Kinesis's data keys over it, as one value the host owns and the
// engine (KeyVault), the endpoint (the KMS operations) and the window share.
#include "data_key_ring.h"
#include "local_kms.h"

#include <memory>

namespace shs::kms {

class KeyService final
{
  public:
    /// `store` may be null: keys in memory only (tests, scratch engines). Call load() after.
    KeyService(KmsOptions options, std::shared_ptr<void> storeOwner = {},
               DataKeyStore *dataKeys = nullptr)
        : m_owner(std::move(storeOwner)), m_kms(std::move(options)), m_ring(m_kms, dataKeys)
    {}
    core::Result<void> load()
    {
        if (auto r = m_kms.load(); !r)
            return r;
        return m_ring.load();
    }
    LocalKms &kms() { return m_kms; }
    DataKeyRing &ring() { return m_ring; }

    /// Keys in memory only, on `nowMs`.
    static std::shared_ptr<KeyService> inMemory(std::string region, std::string account,
                                                std::function<std::int64_t()> nowMs)
    {
        KmsOptions o;
        o.region = std::move(region);
        o.account = std::move(account);
        o.nowMs = std::move(nowMs);
        return std::make_shared<KeyService>(std::move(o));
    }

  private:
    std::shared_ptr<void> m_owner; ///< keeps the persistence alive
    LocalKms m_kms;
    DataKeyRing m_ring;
};

} // namespace shs::kms
