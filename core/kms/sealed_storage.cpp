// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sealed_storage.h"

namespace shs::kms {

using core::Result;
using core::StoredRecord;

namespace {

std::string recordAad(const StoredRecord &r)
{
    std::string aad = "shardscope-record-v1";
    for (int i = 0; i < 8; ++i)
        aad.push_back(static_cast<char>((r.shardUid >> (8 * i)) & 0xff));
    for (int i = 0; i < 8; ++i)
        aad.push_back(static_cast<char>((r.seq >> (8 * i)) & 0xff));
    return aad;
}

void putVarint(std::string &out, std::size_t v)
{
    while (v >= 0x80) {
        out.push_back(static_cast<char>((v & 0x7f) | 0x80));
        v >>= 7;
    }
    out.push_back(static_cast<char>(v));
}

bool getVarint(std::string_view in, std::size_t &pos, std::size_t &v)
{
    v = 0;
    for (int shift = 0; pos < in.size() && shift < 64; shift += 7) {
        const auto b = static_cast<unsigned char>(in[pos++]);
        v |= static_cast<std::size_t>(b & 0x7f) << shift;
        if (!(b & 0x80))
            return true;
    }
    return false;
}

class SealedReader final : public core::RecordReader
{
  public:
    SealedReader(std::unique_ptr<core::RecordReader> inner, DataKeyRing &ring)
        : m_inner(std::move(inner)), m_ciphers(ring)
    {}
    Result<void> readRecords(std::uint64_t shardUid, std::uint64_t fromSeq, std::int64_t minTs,
                             std::size_t limit, std::size_t maxBytes,
                             std::vector<StoredRecord> &out) override
    {
        const std::size_t first = out.size();
        if (auto r = m_inner->readRecords(shardUid, fromSeq, minTs, limit, maxBytes, out); !r)
            return r;
        for (std::size_t i = first; i < out.size(); ++i)
            if (auto o = m_ciphers.open(out[i]); !o)
                return o;
        return core::ok();
    }
    Result<std::optional<std::pair<std::uint64_t, std::int64_t>>>
    firstRecordFrom(std::uint64_t shardUid, std::uint64_t fromSeq) override
    {
        return m_inner->firstRecordFrom(shardUid, fromSeq);
    }
    Result<std::uint64_t> countRecords(std::uint64_t shardUid, std::uint64_t fromSeq,
                                       std::uint64_t toSeq) override
    {
        return m_inner->countRecords(shardUid, fromSeq, toSeq);
    }

  private:
    std::unique_ptr<core::RecordReader> m_inner;
    SealedStorage::Ciphers m_ciphers;
};

} // namespace

SealedStorage::Ciphers::Ciphers(DataKeyRing &ring) : m_ring(ring) {}
SealedStorage::Ciphers::~Ciphers() = default;

Result<crypto::Aead *> SealedStorage::Ciphers::aead(std::uint32_t dataKey)
{
    auto it = m_aeads.find(dataKey);
    if (it != m_aeads.end())
        return it->second.get();
    auto key = m_ring.plaintext(dataKey);
    if (!key)
        return key.error();
    auto made = std::make_unique<crypto::Aead>(*key);
    crypto::Aead *p = made.get();
    m_aeads.emplace(dataKey, std::move(made));
    return p;
}

Result<void> SealedStorage::Ciphers::seal(StoredRecord &r)
{
    auto a = aead(r.dataKey);
    if (!a)
        return a.error();
    std::string plain;
    plain.reserve(r.partitionKey.size() + r.data.size() + 4);
    putVarint(plain, r.partitionKey.size());
    plain += r.partitionKey;
    plain += r.data;
    auto sealed = (*a)->seal(plain, recordAad(r));
    if (!sealed)
        return core::makeError(core::ErrorCode::CryptoFailure,
                               "Cannot encrypt a record under data key "
                                   + std::to_string(r.dataKey));
    r.partitionKey.clear();
    r.data = std::move(*sealed);
    r.sealed = true;
    return core::ok();
}

Result<void> SealedStorage::Ciphers::open(StoredRecord &r)
{
    if (r.dataKey == 0)
        return core::ok();
    auto a = aead(r.dataKey);
    if (!a)
        return a.error();
    auto plain = (*a)->open(r.data, recordAad(r));
    std::size_t pos = 0, pkLen = 0;
    if (!plain || !getVarint(*plain, pos, pkLen) || pkLen > plain->size() - pos)
        return core::makeError(core::ErrorCode::InternalFailure,
                               "Record " + std::to_string(r.seq) + " of shard uid "
                                   + std::to_string(r.shardUid)
                                   + " does not decrypt under its data key: the database file "
                                     "was changed outside Shardscope.");
    r.partitionKey.assign(*plain, pos, pkLen);
    plain->erase(0, pos + pkLen); // in place: the data keeps the decrypted buffer
    r.data = std::move(*plain);
    r.sealed = false;
    return core::ok();
}

SealedStorage::SealedStorage(std::unique_ptr<core::StoragePort> inner, DataKeyRing &ring)
    : m_inner(std::move(inner)), m_ring(ring), m_prepareCiphers(ring), m_writeCiphers(ring),
      m_readCiphers(ring)
{}

SealedStorage::~SealedStorage() = default;

Result<core::LoadedState> SealedStorage::load()
{
    return m_inner->load();
}

Result<void> SealedStorage::readMinutePoints(std::uint64_t streamUid, std::int64_t fromMinute,
                                             std::int64_t toMinute,
                                             std::vector<core::MinutePoint> &out)
{
    return m_inner->readMinutePoints(streamUid, fromMinute, toMinute, out);
}

Result<std::unique_ptr<core::RecordReader>> SealedStorage::openReader()
{
    auto r = m_inner->openReader();
    if (!r)
        return r.error();
    return std::unique_ptr<core::RecordReader>(
        std::make_unique<SealedReader>(std::move(*r), m_ring));
}

void SealedStorage::prepare(core::WriteBatch &batch)
{
    for (auto &r : batch.records)
        if (r.dataKey && !r.sealed)
            (void)m_prepareCiphers.seal(r); // a failure leaves it for commit() to report
}

Result<void> SealedStorage::commit(const core::WriteBatch &batch)
{
    bool any = false;
    for (const auto &r : batch.records)
        if (r.dataKey && !r.sealed) {
            any = true;
            break;
        }
    if (!any)
        return m_inner->commit(batch);
    core::WriteBatch sealed = batch;
    for (auto &r : sealed.records)
        if (r.dataKey && !r.sealed)
            if (auto s = m_writeCiphers.seal(r); !s)
                return s;
    return m_inner->commit(sealed);
}

Result<void> SealedStorage::readRecords(std::uint64_t shardUid, std::uint64_t fromSeq,
                                        std::int64_t minTs, std::size_t limit, std::size_t maxBytes,
                                        std::vector<StoredRecord> &out)
{
    const std::size_t first = out.size();
    if (auto r = m_inner->readRecords(shardUid, fromSeq, minTs, limit, maxBytes, out); !r)
        return r;
    for (std::size_t i = first; i < out.size(); ++i)
        if (auto o = m_readCiphers.open(out[i]); !o)
            return o;
    return core::ok();
}

Result<std::optional<std::pair<std::uint64_t, std::int64_t>>>
SealedStorage::firstRecordFrom(std::uint64_t shardUid, std::uint64_t fromSeq)
{
    return m_inner->firstRecordFrom(shardUid, fromSeq);
}

Result<std::optional<StoredRecord>> SealedStorage::readStored(std::uint64_t shardUid,
                                                              std::uint64_t seq)
{
    auto r = m_inner->readStored(shardUid, seq);
    if (r && *r && (*r)->dataKey)
        (*r)->sealed = true;
    return r;
}

Result<std::uint64_t> SealedStorage::countRecords(std::uint64_t shardUid, std::uint64_t fromSeq,
                                                  std::uint64_t toSeq)
{
    return m_inner->countRecords(shardUid, fromSeq, toSeq);
}

} // namespace shs::kms
