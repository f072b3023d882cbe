// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// SealedStorage: a StoragePort that encrypts records at rest. Every record written with a data
// key (StoredRecord::dataKey, chosen by the engine through the DataKeyRing) reaches the storage
// beneath with its partition key emptied and its data replaced by
//
//     AES-256-GCM(nonce 12 | ciphertext | tag 16) of  varint(pk length) | pk | data
//
// under that data key, with AAD "shardscope-record-v1" | shard uid | sequence index — so a sealed
// record moved to another place in the table does not open. Readers get it back as it was
// written; a record whose data key cannot be had (its KMS key deleted) fails the read with the KMS
// error, and one that does not open (the file changed) with InternalFailure, naming the record.
// Nothing of an encrypted record's partition key or data reaches the storage beneath in the
// clear; records without a data key pass through untouched.
//
// Thread safety: as StoragePort — commit() on the storage thread, reads on the engine thread,
// each openReader() on its own thread (each keeps its own ciphers).
#include "data_key_ring.h"

#include "engine/storage_port.h"

#include <memory>

namespace shs::kms {

class SealedStorage final : public core::StoragePort
{
  public:
    SealedStorage(std::unique_ptr<core::StoragePort> inner, DataKeyRing &ring);
    ~SealedStorage() override;

    core::Result<core::LoadedState> load() override;
    core::Result<void> readMinutePoints(std::uint64_t streamUid, std::int64_t fromMinute,
                                        std::int64_t toMinute,
                                        std::vector<core::MinutePoint> &out) override;
    core::Result<std::unique_ptr<core::RecordReader>> openReader() override;
    core::Result<void> commit(const core::WriteBatch &batch) override;
    /// Seals the batch's records in place (on the engine thread); commit() seals any left.
    void prepare(core::WriteBatch &batch) override;
    core::Result<void> readRecords(std::uint64_t shardUid, std::uint64_t fromSeq,
                                   std::int64_t minTs, std::size_t limit, std::size_t maxBytes,
                                   std::vector<core::StoredRecord> &out) override;
    core::Result<std::optional<std::pair<std::uint64_t, std::int64_t>>>
    firstRecordFrom(std::uint64_t shardUid, std::uint64_t fromSeq) override;
    core::Result<std::uint64_t> countRecords(std::uint64_t shardUid, std::uint64_t fromSeq,
                                             std::uint64_t toSeq) override;
    /// As the storage beneath keeps it: sealed.
    core::Result<std::optional<core::StoredRecord>> readStored(std::uint64_t shardUid,
                                                               std::uint64_t seq) override;

    core::Result<void> acceptingWrites() const override { return m_inner->acceptingWrites(); }
    std::vector<core::ZoneStatus> zones() const override { return m_inner->zones(); }
    core::Result<void> changeZone(const std::string &zone, core::ZoneAction action) override
    {
        return m_inner->changeZone(zone, action);
    }

    /// The storage beneath (what is on disk), e.g. for the record inspector.
    core::StoragePort &inner() { return *m_inner; }

    /// One thread's ciphers: seal and open records under the ring's data keys.
    class Ciphers
    {
      public:
        explicit Ciphers(DataKeyRing &ring);
        ~Ciphers();
        core::Result<void> seal(core::StoredRecord &record);
        core::Result<void> open(core::StoredRecord &record);

      private:
        core::Result<crypto::Aead *> aead(std::uint32_t dataKey);
        DataKeyRing &m_ring;
        std::map<std::uint32_t, std::unique_ptr<crypto::Aead>> m_aeads;
    };

  private:
    std::unique_ptr<core::StoragePort> m_inner;
    DataKeyRing &m_ring;
    Ciphers m_prepareCiphers; ///< the engine thread's, for prepare()
    Ciphers m_writeCiphers;   ///< the storage thread's
    Ciphers m_readCiphers;    ///< the engine thread's, for reads
};

} // namespace shs::kms
