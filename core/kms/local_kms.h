// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// LocalKms: a key management service on this machine, with AWS KMS's operations, states and
// errors for symmetric keys — CreateKey, DescribeKey, ListKeys, CreateAlias, ListAliases,
// DeleteAlias, EnableKey, DisableKey, ScheduleKeyDeletion, CancelKeyDeletion, GenerateDataKey,
// Encrypt, Decrypt — so that `aws kms ... --endpoint-url` works against the local endpoint and
// Kinesis encryption meets the errors AWS's does.
//
// Keys: a UUID, `arn:aws:kms:REGION:ACCOUNT:key/UUID`, Enabled | Disabled | PendingDeletion, and
// 32 bytes of key material from OpenSSL's generator. A key scheduled for deletion (7–30 days) is
// deleted when its DeletionDate passes on the injected clock: its material is gone and whatever
// it encrypted can no longer be decrypted. `alias/aws/kinesis` names the AWS managed key that
// Kinesis uses by default; it is created on first use, as AWS creates it, and cannot be disabled,
// deleted or re-aliased.
//
// Ciphertext blobs: "SKMS" | 1 | keyId (36) | AES-256-GCM(nonce 12, ciphertext, tag 16) under the
// key's material, AAD "shardscope-kms-v1" | keyId | the encryption context (sorted key=value
// pairs). Decrypt finds the key in the blob, as AWS KMS does.
//
// At rest: the key material is sealed (AES-256-GCM) under the master key of the data directory
// (a 32-byte key file, mode 0600: store/kms_file.h); the state is saved through KmsPersistence
// after every change, before the change is answered.
//
// Errors are KMS's (`type` NotFoundException, DisabledException, KMSInvalidStateException,
// AlreadyExistsException, InvalidAliasNameException, InvalidCiphertextException,
// IncorrectKeyException, ValidationException, UnsupportedOperationException,
// InvalidMarkerException) with AWS's texts. kinesisError() turns one into the Kinesis exception a
// stream operation reports (KMSNotFoundException, KMSDisabledException, KMSInvalidStateException).
//
// Thread safety: every member is thread-safe (one mutex).
#include "kms_api.h"

#include "crypto/aead.h"
#include "engine/result.h"

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace shs::kms {

/// Where the KMS keeps its state: one text, saved whole (a few hundred bytes per key).
class KmsPersistence
{
  public:
    virtual ~KmsPersistence() = default;
    virtual core::Result<std::string> loadState() = 0;
    virtual core::Result<void> saveState(const std::string &state) = 0;
};

struct KmsOptions
{
    std::string region = "us-east-1";
    std::string account = "000000000000";
    std::function<std::int64_t()> nowMs;   ///< epoch ms (the engine's clock)
    crypto::AeadKey masterKey{};           ///< seals key material at rest
    KmsPersistence *persistence = nullptr; ///< null: in memory only
};

class LocalKms final
{
  public:
    explicit LocalKms(KmsOptions options);
    ~LocalKms();
    LocalKms(const LocalKms &) = delete;
    LocalKms &operator=(const LocalKms &) = delete;

    /// Reads the saved state (a material that does not open under the master key is an error).
    core::Result<void> load();

    core::Result<KeyMetadataResult> createKey(const CreateKeyRequest &request);
    core::Result<KeyMetadataResult> describeKey(const KeyIdRequest &request);
    core::Result<ListKeysResult> listKeys(const ListKeysRequest &request);
    core::Result<void> createAlias(const CreateAliasRequest &request);
    core::Result<ListAliasesResult> listAliases(const ListAliasesRequest &request);
    core::Result<void> deleteAlias(const AliasNameRequest &request);
    core::Result<void> enableKey(const KeyIdRequest &request);
    core::Result<void> disableKey(const KeyIdRequest &request);
    core::Result<ScheduleKeyDeletionResult>
    scheduleKeyDeletion(const ScheduleKeyDeletionRequest &request);
    core::Result<CancelKeyDeletionResult> cancelKeyDeletion(const KeyIdRequest &request);
    core::Result<GenerateDataKeyResult> generateDataKey(const GenerateDataKeyRequest &request);
    core::Result<EncryptResult> encrypt(const EncryptRequest &request);
    core::Result<DecryptResult> decrypt(const DecryptRequest &request);

    /// The ARN of the key `keyId` names (any KeyId form; `alias/aws/kinesis` is made on first
    /// use) if it can encrypt and decrypt now; else DisabledException, KMSInvalidStateException
    /// or NotFoundException. One look under the lock (a put's check).
    core::Result<std::string> usableArn(const std::string &keyId);
    /// The keys with their aliases, for the window (deleted keys left out).
    struct KeyView
    {
        KeyMetadata metadata;
        std::vector<std::string> aliases;
    };
    std::vector<KeyView> keys();
    std::string region() const;
    std::string account() const;

    /// The Kinesis exception for a KMS error met while using a stream's key.
    static core::Error kinesisError(const core::Error &kmsError);

  private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

} // namespace shs::kms
