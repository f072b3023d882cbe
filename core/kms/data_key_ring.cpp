// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "data_key_ring.h"

#include <algorithm>

namespace shs::kms {

using core::Result;

namespace {
const EncryptionContext &kinesisContext()
{
    static const EncryptionContext context{{"aws:kinesis:service", "shardscope"}};
    return context;
}
} // namespace

DataKeyRing::DataKeyRing(LocalKms &kms, DataKeyStore *store) : m_kms(kms), m_store(store) {}

Result<void> DataKeyRing::load()
{
    if (!m_store)
        return core::ok();
    auto rows = m_store->loadDataKeys();
    if (!rows)
        return rows.error();
    std::lock_guard lock(m_mutex);
    for (auto &row : *rows) {
        m_next = std::max(m_next, row.id + 1);
        auto cur = m_current.find(row.keyArn);
        if (cur == m_current.end() || m_rows[cur->second].createdMs <= row.createdMs)
            m_current[row.keyArn] = row.id;
        m_rows[row.id] = std::move(row);
    }
    return core::ok();
}

Result<void> DataKeyRing::checkKey(const std::string &keyId)
{
    // GenerateDataKey's checks without making one: the key exists and can encrypt.
    if (auto arn = m_kms.usableArn(keyId); !arn)
        return LocalKms::kinesisError(arn.error());
    return core::ok();
}

Result<std::uint32_t> DataKeyRing::dataKeyFor(const std::string &keyId, std::int64_t nowMs)
{
    auto arn = m_kms.usableArn(keyId);
    if (!arn)
        return LocalKms::kinesisError(arn.error());
    std::lock_guard lock(m_mutex);
    auto cur = m_current.find(*arn);
    if (cur != m_current.end()) {
        const DataKeyRow &row = m_rows.at(cur->second);
        if (nowMs >= row.createdMs && nowMs - row.createdMs < kRotateMs)
            return row.id;
    }
    GenerateDataKeyRequest request;
    request.keyId = *arn;
    request.keySpec = "AES_256";
    request.encryptionContext = kinesisContext();
    auto made = m_kms.generateDataKey(request);
    if (!made)
        return LocalKms::kinesisError(made.error());
    DataKeyRow row{m_next, *arn, nowMs, std::move(made->ciphertextBlob)};
    if (m_store)
        if (auto s = m_store->addDataKey(row); !s)
            return s.error();
    ++m_next;
    crypto::AeadKey key{};
    std::copy(made->plaintext.begin(), made->plaintext.end(), key.begin());
    m_plain[row.id] = key;
    m_current[*arn] = row.id;
    const std::uint32_t id = row.id;
    m_rows[id] = std::move(row);
    return id;
}

Result<void> DataKeyRing::readable(std::uint32_t dataKey)
{
    std::string arn;
    {
        std::lock_guard lock(m_mutex);
        auto it = m_rows.find(dataKey);
        if (it == m_rows.end())
            return core::makeError(core::ErrorCode::KmsNotFound,
                                   "Data key " + std::to_string(dataKey)
                                       + " is not known to this data directory's KMS.");
        arn = it->second.keyArn;
    }
    return checkKey(arn);
}

std::string DataKeyRing::keyArnOf(std::uint32_t dataKey)
{
    std::lock_guard lock(m_mutex);
    auto it = m_rows.find(dataKey);
    return it == m_rows.end() ? std::string() : it->second.keyArn;
}

Result<crypto::AeadKey> DataKeyRing::plaintext(std::uint32_t dataKey)
{
    DataKeyRow row;
    {
        std::lock_guard lock(m_mutex);
        if (auto p = m_plain.find(dataKey); p != m_plain.end())
            return p->second;
        auto it = m_rows.find(dataKey);
        if (it == m_rows.end())
            return core::makeError(core::ErrorCode::KmsNotFound,
                                   "Data key " + std::to_string(dataKey)
                                       + " is not known to this data directory's KMS.");
        row = it->second;
    }
    DecryptRequest request;
    request.ciphertextBlob = row.wrapped;
    request.encryptionContext = kinesisContext();
    auto opened = m_kms.decrypt(request);
    if (!opened)
        return LocalKms::kinesisError(opened.error());
    if (opened->plaintext.size() != sizeof(crypto::AeadKey))
        return core::makeError(core::ErrorCode::CryptoFailure,
                               "Data key " + std::to_string(dataKey) + " has the wrong length.");
    crypto::AeadKey key{};
    std::copy(opened->plaintext.begin(), opened->plaintext.end(), key.begin());
    std::lock_guard lock(m_mutex);
    m_plain[dataKey] = key;
    return key;
}

std::size_t DataKeyRing::count() const
{
    std::lock_guard lock(m_mutex);
    return m_rows.size();
}

} // namespace shs::kms
