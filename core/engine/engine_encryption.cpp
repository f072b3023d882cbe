// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
// Server-side encryption: StartStreamEncryption and StopStreamEncryption. The key is checked
// through the KeyVault (key_vault.h) when the call is made; the stream is UPDATING until the
// change takes effect (PendingOp::Encrypt), and records written from then on carry a data key
// (engine_data.cpp) that the storage seals them under.
#include "arn.h"
#include "catalogue.h"
#include "engine_impl.h"

namespace shs::core {

namespace {

/// kinesis-mock's validateKeyId: an ARN must name a key (by UUID) or an alias.
std::optional<Error> malformedKeyId(const std::string &keyId)
{
    if (keyId.rfind("arn:", 0) != 0)
        return std::nullopt;
    const auto key = keyId.find(":key/");
    if (key != std::string::npos && isKeyUuid(std::string_view(keyId).substr(key + 5)))
        return std::nullopt;
    if (keyId.find(":alias/") != std::string::npos)
        return std::nullopt;
    return makeError(ErrorCode::InvalidArgument,
                     "KeyId " + keyId
                         + " is not a valid KMS key ARN: use arn:aws:kms:REGION:ACCOUNT:key/UUID "
                           "or arn:aws:kms:REGION:ACCOUNT:alias/NAME, a key id or an alias name.");
}

template <class Impl>
Result<void> changeEncryption(Impl &d, const StreamEncryptionRequest &req, bool start)
{
    const auto &op = start ? ops::StartStreamEncryption : ops::StopStreamEncryption;
    auto sr = d.writableStream(req.stream, op);
    if (!sr)
        return sr.error();
    Stream &s = **sr;
    if (req.encryptionType != EncryptionType::Kms)
        return makeError(ErrorCode::InvalidArgument,
                         std::string("EncryptionType NONE cannot ") + (start ? "start" : "stop")
                             + " encryption of stream " + s.name + ": use KMS.");
    if (auto bad = malformedKeyId(req.keyId))
        return *bad;
    if (s.status != StreamStatus::Active)
        return d.notActive(s);
    if (start) {
        if (!d.config.keys)
            return makeError(ErrorCode::KmsNotFound,
                             "Key '" + req.keyId + "' does not exist: this engine has no KMS.");
        if (auto k = d.config.keys->checkKey(req.keyId); !k)
            return k.error();
    }
    const std::int64_t t = d.now();
    if (start && req.keyId != s.keyId) {
        // AWS: a new KMS key can be applied 25 times in a rolling 24-hour period.
        auto &times = s.keyTimes;
        times.erase(std::remove_if(times.begin(), times.end(),
                                   [t](std::int64_t k) { return k <= t - kRollingDayMs; }),
                    times.end());
        if (countInRollingDay(times, t) >= kNewKeysPerDay)
            return makeError(ErrorCode::LimitExceeded,
                             "Stream " + s.name + " under account " + d.account()
                                 + " has already had a new KMS key applied "
                                 + std::to_string(kNewKeysPerDay)
                                 + " times in the last 24 hours; try again when the oldest of "
                                   "them is a day old.");
        times.push_back(t);
    }
    s.status = StreamStatus::Updating;
    s.statusSinceMs = t;
    PendingOp pending;
    pending.kind = PendingOp::Encrypt;
    pending.mode = s.mode;
    pending.keyId = start ? req.keyId : std::string();
    s.pending = pending;
    d.markDirty(s);
    return ok();
}

} // namespace

Result<void> Engine::startStreamEncryption(const StreamEncryptionRequest &req)
{
    return changeEncryption(*d, req, true);
}

Result<void> Engine::stopStreamEncryption(const StreamEncryptionRequest &req)
{
    return changeEncryption(*d, req, false);
}

Result<Engine::StoredView> Engine::storedRecord(const StreamRef &stream, const std::string &shardId,
                                                const std::string &sequenceNumber)
{
    auto sr = d->resolve(stream);
    if (!sr)
        return sr.error();
    Stream &s = **sr;
    const auto index = parseShardId(shardId);
    auto shIt = index ? s.shards.find(*index) : s.shards.end();
    if (shIt == s.shards.end())
        return d->shardNotFound(shardId, s.name);
    const auto seq = parseSequenceNumber(sequenceNumber);
    if (!seq)
        return makeError(ErrorCode::InvalidArgument,
                         "Sequence number " + sequenceNumber + " is not one Kinesis issues.");
    auto stored = d->storage.readStored(shIt->second.uid, seq->seqIx);
    if (!stored)
        return stored.error();
    if (!*stored)
        return makeError(ErrorCode::ResourceNotFound, "Record " + sequenceNumber + " of " + shardId
                                                          + " in stream " + s.name
                                                          + " is not stored (trimmed?).");
    StoredView out{std::move((*stored)->partitionKey),
                   std::move((*stored)->data),
                   (*stored)->dataKey,
                   {},
                   (*stored)->sealed};
    if (out.dataKey && d->config.keys)
        out.keyArn = d->config.keys->keyArnOf(out.dataKey);
    return out;
}

} // namespace shs::core
