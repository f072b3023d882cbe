// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The KMS catalogue: every AWS KMS operation the local KMS serves, defined once — its name,
// request and response types (shapes in kms_shapes.h), a one-line summary and how LocalKms runs
// it. The endpoint serves exactly these under X-Amz-Target "TrentService.<name>", with the
// decoding, validation and encoding derived from the shapes, as for Kinesis's catalogue.
#include "kms_shapes.h"
#include "local_kms.h"

#include <string_view>
#include <tuple>

namespace shs::kms::ops {

inline constexpr std::string_view kTargetPrefix = "TrentService.";

template <class Req, class Resp> struct Operation
{
    using Request = Req;
    using Response = Resp; ///< void: an empty answer
    std::string_view name;
    std::string_view summary;
    core::Result<Resp> (*run)(LocalKms &, Req &&) = nullptr;
};

// clang-format off
inline constexpr Operation<CreateKeyRequest, KeyMetadataResult> CreateKey{
    "CreateKey", "Creates a symmetric encryption key (AES-256-GCM).",
    [](LocalKms &k, CreateKeyRequest &&r) { return k.createKey(r); }};

inline constexpr Operation<KeyIdRequest, KeyMetadataResult> DescribeKey{
    "DescribeKey", "Describes a key named by id, ARN, alias or alias ARN.",
    [](LocalKms &k, KeyIdRequest &&r) { return k.describeKey(r); }};

inline constexpr Operation<ListKeysRequest, ListKeysResult> ListKeys{
    "ListKeys", "Lists the keys (paged with Marker).",
    [](LocalKms &k, ListKeysRequest &&r) { return k.listKeys(r); }};

inline constexpr Operation<CreateAliasRequest, void> CreateAlias{
    "CreateAlias", "Gives a key a name (alias/...).",
    [](LocalKms &k, CreateAliasRequest &&r) { return k.createAlias(r); }};

inline constexpr Operation<ListAliasesRequest, ListAliasesResult> ListAliases{
    "ListAliases", "Lists the aliases, or one key's.",
    [](LocalKms &k, ListAliasesRequest &&r) { return k.listAliases(r); }};

inline constexpr Operation<AliasNameRequest, void> DeleteAlias{
    "DeleteAlias", "Deletes an alias (its key stays).",
    [](LocalKms &k, AliasNameRequest &&r) { return k.deleteAlias(r); }};

inline constexpr Operation<KeyIdRequest, void> EnableKey{
    "EnableKey", "Lets a disabled key encrypt and decrypt again.",
    [](LocalKms &k, KeyIdRequest &&r) { return k.enableKey(r); }};

inline constexpr Operation<KeyIdRequest, void> DisableKey{
    "DisableKey", "Stops a key from encrypting and decrypting.",
    [](LocalKms &k, KeyIdRequest &&r) { return k.disableKey(r); }};

inline constexpr Operation<ScheduleKeyDeletionRequest, ScheduleKeyDeletionResult>
    ScheduleKeyDeletion{
    "ScheduleKeyDeletion", "Deletes a key after 7 to 30 days (engine time).",
    [](LocalKms &k, ScheduleKeyDeletionRequest &&r) { return k.scheduleKeyDeletion(r); }};

inline constexpr Operation<KeyIdRequest, CancelKeyDeletionResult> CancelKeyDeletion{
    "CancelKeyDeletion", "Keeps a key pending deletion (it comes back disabled).",
    [](LocalKms &k, KeyIdRequest &&r) { return k.cancelKeyDeletion(r); }};

inline constexpr Operation<GenerateDataKeyRequest, GenerateDataKeyResult> GenerateDataKey{
    "GenerateDataKey", "Makes a data key: its plaintext and its ciphertext under a key.",
    [](LocalKms &k, GenerateDataKeyRequest &&r) { return k.generateDataKey(r); }};

inline constexpr Operation<EncryptRequest, EncryptResult> Encrypt{
    "Encrypt", "Encrypts up to 4 KiB under a key.",
    [](LocalKms &k, EncryptRequest &&r) { return k.encrypt(r); }};

inline constexpr Operation<DecryptRequest, DecryptResult> Decrypt{
    "Decrypt", "Decrypts a ciphertext blob (its key is named inside it).",
    [](LocalKms &k, DecryptRequest &&r) { return k.decrypt(r); }};
// clang-format on

inline constexpr auto all = std::tuple{
    &CreateKey,       &DescribeKey, &ListKeys,   &CreateAlias,         &ListAliases,
    &DeleteAlias,     &EnableKey,   &DisableKey, &ScheduleKeyDeletion, &CancelKeyDeletion,
    &GenerateDataKey, &Encrypt,     &Decrypt};

template <class F> void forEach(F &&f)
{
    std::apply([&](const auto *...op) { (f(*op), ...); }, all);
}

} // namespace shs::kms::ops
