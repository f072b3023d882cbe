// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The local KMS's requests and results: the members of AWS KMS's model (botocore kms
// 2014-11-01) that a user of Kinesis encryption needs. Wire names and constraints are in
// kms_shapes.h; the operations in kms_catalogue.h.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace shs::kms {

enum class KeyState { Enabled, Disabled, PendingDeletion };
enum class KeyManager { Customer, Aws };

struct KeyMetadata
{
    std::string awsAccountId;
    std::string keyId;
    std::string arn;
    std::int64_t creationDate = 0; ///< epoch ms
    bool enabled = true;
    std::string description;
    std::string keyUsage = "ENCRYPT_DECRYPT";
    KeyState keyState = KeyState::Enabled;
    std::optional<std::int64_t> deletionDate;
    std::string origin = "AWS_KMS";
    KeyManager keyManager = KeyManager::Customer;
    std::string customerMasterKeySpec = "SYMMETRIC_DEFAULT";
    std::string keySpec = "SYMMETRIC_DEFAULT";
    std::vector<std::string> encryptionAlgorithms{"SYMMETRIC_DEFAULT"};
    bool multiRegion = false;
    std::optional<std::int64_t> pendingDeletionWindowInDays;
};

struct CreateKeyRequest
{
    std::optional<std::string> policy;
    std::string description;
    std::optional<std::string> keyUsage;
    std::optional<std::string> customerMasterKeySpec;
    std::optional<std::string> keySpec;
    std::optional<std::string> origin;
    std::optional<bool> multiRegion;
};

struct KeyMetadataResult
{
    KeyMetadata keyMetadata;
};

struct KeyIdRequest
{
    std::string keyId;
};

struct ListKeysRequest
{
    std::optional<std::int64_t> limit;
    std::optional<std::string> marker;
};

struct KeyListEntry
{
    std::string keyId;
    std::string keyArn;
};

struct ListKeysResult
{
    std::vector<KeyListEntry> keys;
    std::optional<std::string> nextMarker;
    bool truncated = false;
};

struct CreateAliasRequest
{
    std::string aliasName;
    std::string targetKeyId;
};

struct AliasNameRequest
{
    std::string aliasName;
};

struct ListAliasesRequest
{
    std::optional<std::string> keyId;
    std::optional<std::int64_t> limit;
    std::optional<std::string> marker;
};

struct AliasListEntry
{
    std::string aliasName;
    std::string aliasArn;
    std::optional<std::string> targetKeyId; ///< absent for an AWS managed alias not yet created
    std::optional<std::int64_t> creationDate;
    std::optional<std::int64_t> lastUpdatedDate;
};

struct ListAliasesResult
{
    std::vector<AliasListEntry> aliases;
    std::optional<std::string> nextMarker;
    bool truncated = false;
};

struct ScheduleKeyDeletionRequest
{
    std::string keyId;
    std::optional<std::int64_t> pendingWindowInDays;
};

struct ScheduleKeyDeletionResult
{
    std::string keyId; ///< the key's ARN, as AWS answers
    std::int64_t deletionDate = 0;
    KeyState keyState = KeyState::PendingDeletion;
    std::int64_t pendingWindowInDays = 30;
};

struct CancelKeyDeletionResult
{
    std::string keyId; ///< the key's ARN
};

using EncryptionContext = std::map<std::string, std::string>;

struct GenerateDataKeyRequest
{
    std::string keyId;
    EncryptionContext encryptionContext;
    std::optional<std::int64_t> numberOfBytes;
    std::optional<std::string> keySpec; ///< AES_256 | AES_128
};

struct GenerateDataKeyResult
{
    std::string ciphertextBlob;
    std::string plaintext;
    std::string keyId; ///< the key's ARN
};

struct EncryptRequest
{
    std::string keyId;
    std::string plaintext;
    EncryptionContext encryptionContext;
    std::optional<std::string> encryptionAlgorithm;
};

struct EncryptResult
{
    std::string ciphertextBlob;
    std::string keyId;
    std::string encryptionAlgorithm = "SYMMETRIC_DEFAULT";
};

struct DecryptRequest
{
    std::string ciphertextBlob;
    EncryptionContext encryptionContext;
    std::optional<std::string> keyId;
    std::optional<std::string> encryptionAlgorithm;
};

struct DecryptResult
{
    std::string keyId;
    std::string plaintext;
    std::string encryptionAlgorithm = "SYMMETRIC_DEFAULT";
};

const char *toString(KeyState state);

} // namespace shs::kms
