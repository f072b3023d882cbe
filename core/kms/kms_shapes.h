// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The shapes of the local KMS's requests and results (kms_api.h): wire names in AWS KMS's
// member order and the model's constraints (botocore kms 2014-11-01). The endpoint's codecs and
// validation are derived from them, as for Kinesis (engine/shape.h).
#include "kms_api.h"

#include "engine/shape.h"

namespace shs::core::shape {

template <> struct Enum<kms::KeyState>
{
    static constexpr std::array values{
        std::pair{kms::KeyState::Enabled, std::string_view("Enabled")},
        std::pair{kms::KeyState::Disabled, std::string_view("Disabled")},
        std::pair{kms::KeyState::PendingDeletion, std::string_view("PendingDeletion")}};
};

template <> struct Enum<kms::KeyManager>
{
    static constexpr std::array values{
        std::pair{kms::KeyManager::Customer, std::string_view("CUSTOMER")},
        std::pair{kms::KeyManager::Aws, std::string_view("AWS")}};
};

inline constexpr Rules kKmsKeyIdRules{.minLength = 1, .maxLength = 2048};
inline constexpr Rules kKmsAliasRules{.minLength = 1, .maxLength = 256};
inline constexpr Rules kKmsLimitRules{.minValue = 1, .maxValue = 1000};
inline constexpr Rules kKmsMarkerRules{.minLength = 1, .maxLength = 1024};
inline constexpr Rules kKmsDescriptionRules{.minLength = 0, .maxLength = 8192};
inline constexpr Rules kKmsPolicyRules{.minLength = 1, .maxLength = 131072};
inline constexpr Rules kKmsPendingWindowRules{.minValue = 1, .maxValue = 365};
inline constexpr Rules kKmsNumberOfBytesRules{.minValue = 1, .maxValue = 1024};
inline constexpr Rules kKmsPlaintextRules{.minLength = 1, .maxLength = 4096};
inline constexpr Rules kKmsCiphertextRules{.minLength = 1, .maxLength = 6144};

template <> struct Shape<kms::KeyMetadata>
{
    using S = kms::KeyMetadata;
    static constexpr auto members
        = std::tuple{member("AWSAccountId", &S::awsAccountId),
                     member("KeyId", &S::keyId, Required),
                     member("Arn", &S::arn),
                     member("CreationDate", &S::creationDate, Timestamp),
                     member("Enabled", &S::enabled),
                     member("Description", &S::description),
                     member("KeyUsage", &S::keyUsage),
                     member("KeyState", &S::keyState),
                     member("DeletionDate", &S::deletionDate, Timestamp),
                     member("Origin", &S::origin),
                     member("KeyManager", &S::keyManager),
                     member("CustomerMasterKeySpec", &S::customerMasterKeySpec),
                     member("KeySpec", &S::keySpec),
                     member("EncryptionAlgorithms", &S::encryptionAlgorithms),
                     member("MultiRegion", &S::multiRegion),
                     member("PendingDeletionWindowInDays", &S::pendingDeletionWindowInDays)};
};

template <> struct Shape<kms::CreateKeyRequest>
{
    using S = kms::CreateKeyRequest;
    static constexpr auto members
        = std::tuple{member("Policy", &S::policy, None, kKmsPolicyRules),
                     member("Description", &S::description, None, kKmsDescriptionRules),
                     member("KeyUsage", &S::keyUsage),
                     member("CustomerMasterKeySpec", &S::customerMasterKeySpec),
                     member("KeySpec", &S::keySpec),
                     member("Origin", &S::origin),
                     member("MultiRegion", &S::multiRegion)};
};

template <> struct Shape<kms::KeyMetadataResult>
{
    static constexpr auto members
        = std::tuple{member("KeyMetadata", &kms::KeyMetadataResult::keyMetadata)};
};

template <> struct Shape<kms::KeyIdRequest>
{
    static constexpr auto members
        = std::tuple{member("KeyId", &kms::KeyIdRequest::keyId, Required, kKmsKeyIdRules)};
};

template <> struct Shape<kms::ListKeysRequest>
{
    static constexpr auto members
        = std::tuple{member("Limit", &kms::ListKeysRequest::limit, None, kKmsLimitRules),
                     member("Marker", &kms::ListKeysRequest::marker, None, kKmsMarkerRules)};
};

template <> struct Shape<kms::KeyListEntry>
{
    static constexpr auto members = std::tuple{member("KeyId", &kms::KeyListEntry::keyId),
                                               member("KeyArn", &kms::KeyListEntry::keyArn)};
};

template <> struct Shape<kms::ListKeysResult>
{
    static constexpr auto members
        = std::tuple{member("Keys", &kms::ListKeysResult::keys),
                     member("NextMarker", &kms::ListKeysResult::nextMarker),
                     member("Truncated", &kms::ListKeysResult::truncated)};
};

template <> struct Shape<kms::CreateAliasRequest>
{
    static constexpr auto members = std::tuple{
        member("AliasName", &kms::CreateAliasRequest::aliasName, Required, kKmsAliasRules),
        member("TargetKeyId", &kms::CreateAliasRequest::targetKeyId, Required, kKmsKeyIdRules)};
};

template <> struct Shape<kms::AliasNameRequest>
{
    static constexpr auto members = std::tuple{
        member("AliasName", &kms::AliasNameRequest::aliasName, Required, kKmsAliasRules)};
};

template <> struct Shape<kms::ListAliasesRequest>
{
    static constexpr auto members
        = std::tuple{member("KeyId", &kms::ListAliasesRequest::keyId, None, kKmsKeyIdRules),
                     member("Limit", &kms::ListAliasesRequest::limit, None, kKmsLimitRules),
                     member("Marker", &kms::ListAliasesRequest::marker, None, kKmsMarkerRules)};
};

template <> struct Shape<kms::AliasListEntry>
{
    using S = kms::AliasListEntry;
    static constexpr auto members = std::tuple{
        member("AliasName", &S::aliasName), member("AliasArn", &S::aliasArn),
        member("TargetKeyId", &S::targetKeyId), member("CreationDate", &S::creationDate, Timestamp),
        member("LastUpdatedDate", &S::lastUpdatedDate, Timestamp)};
};

template <> struct Shape<kms::ListAliasesResult>
{
    static constexpr auto members
        = std::tuple{member("Aliases", &kms::ListAliasesResult::aliases),
                     member("NextMarker", &kms::ListAliasesResult::nextMarker),
                     member("Truncated", &kms::ListAliasesResult::truncated)};
};

template <> struct Shape<kms::ScheduleKeyDeletionRequest>
{
    using S = kms::ScheduleKeyDeletionRequest;
    static constexpr auto members = std::tuple{
        member("KeyId", &S::keyId, Required, kKmsKeyIdRules),
        member("PendingWindowInDays", &S::pendingWindowInDays, None, kKmsPendingWindowRules)};
};

template <> struct Shape<kms::ScheduleKeyDeletionResult>
{
    using S = kms::ScheduleKeyDeletionResult;
    static constexpr auto members = std::tuple{
        member("KeyId", &S::keyId), member("DeletionDate", &S::deletionDate, Timestamp),
        member("KeyState", &S::keyState), member("PendingWindowInDays", &S::pendingWindowInDays)};
};

template <> struct Shape<kms::CancelKeyDeletionResult>
{
    static constexpr auto members
        = std::tuple{member("KeyId", &kms::CancelKeyDeletionResult::keyId)};
};

template <> struct Shape<kms::GenerateDataKeyRequest>
{
    using S = kms::GenerateDataKeyRequest;
    static constexpr auto members
        = std::tuple{member("KeyId", &S::keyId, Required, kKmsKeyIdRules),
                     member("EncryptionContext", &S::encryptionContext),
                     member("NumberOfBytes", &S::numberOfBytes, None, kKmsNumberOfBytesRules),
                     member("KeySpec", &S::keySpec)};
};

template <> struct Shape<kms::GenerateDataKeyResult>
{
    using S = kms::GenerateDataKeyResult;
    static constexpr auto members
        = std::tuple{member("CiphertextBlob", &S::ciphertextBlob, Blob),
                     member("Plaintext", &S::plaintext, Blob), member("KeyId", &S::keyId)};
};

template <> struct Shape<kms::EncryptRequest>
{
    using S = kms::EncryptRequest;
    static constexpr auto members
        = std::tuple{member("KeyId", &S::keyId, Required, kKmsKeyIdRules),
                     member("Plaintext", &S::plaintext, Required | Blob, kKmsPlaintextRules),
                     member("EncryptionContext", &S::encryptionContext),
                     member("EncryptionAlgorithm", &S::encryptionAlgorithm)};
};

template <> struct Shape<kms::EncryptResult>
{
    using S = kms::EncryptResult;
    static constexpr auto members
        = std::tuple{member("CiphertextBlob", &S::ciphertextBlob, Blob), member("KeyId", &S::keyId),
                     member("EncryptionAlgorithm", &S::encryptionAlgorithm)};
};

template <> struct Shape<kms::DecryptRequest>
{
    using S = kms::DecryptRequest;
    static constexpr auto members = std::tuple{
        member("CiphertextBlob", &S::ciphertextBlob, Required | Blob, kKmsCiphertextRules),
        member("EncryptionContext", &S::encryptionContext),
        member("KeyId", &S::keyId, None, kKmsKeyIdRules),
        member("EncryptionAlgorithm", &S::encryptionAlgorithm)};
};

template <> struct Shape<kms::DecryptResult>
{
    using S = kms::DecryptResult;
    static constexpr auto members
        = std::tuple{member("KeyId", &S::keyId), member("Plaintext", &S::plaintext, Blob),
                     member("EncryptionAlgorithm", &S::encryptionAlgorithm)};
};

} // namespace shs::core::shape
