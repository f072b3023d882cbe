// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "local_kms.h"

#include "crypto/sigv4.h"
#include "engine/arn.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <sstream>

namespace shs::kms {

using core::Error;
using core::ErrorCode;
using core::Result;

const char *toString(KeyState state)
{
    switch (state) {
    case KeyState::Enabled:
        return "Enabled";
    case KeyState::Disabled:
        return "Disabled";
    case KeyState::PendingDeletion:
        return "PendingDeletion";
    }
    return "Enabled";
}

namespace {

constexpr std::string_view kManagedAlias = "alias/aws/kinesis";
constexpr std::string_view kBlobMagic = "SKMS";
constexpr std::int64_t kDayMs = 24LL * 3600 * 1000;

Error kmsError(const char *type, std::string message, ErrorCode code = ErrorCode::InvalidArgument)
{
    return Error{code, std::move(message), type};
}

Error validation(const std::string &value, const char *member, const std::string &constraint)
{
    return kmsError("ValidationException",
                    "1 validation error detected: Value '" + value + "' at '" + member
                        + "' failed to satisfy constraint: " + constraint,
                    ErrorCode::Validation);
}

std::string hexOf(std::string_view bytes)
{
    return crypto::hex(reinterpret_cast<const std::uint8_t *>(bytes.data()), bytes.size());
}

std::optional<std::string> unhex(std::string_view text)
{
    if (text.size() % 2)
        return std::nullopt;
    auto nibble = [](char c) -> int {
        if (c >= '0' && c <= '9')
            return c - '0';
        if (c >= 'a' && c <= 'f')
            return c - 'a' + 10;
        return -1;
    };
    std::string out;
    for (std::size_t i = 0; i < text.size(); i += 2) {
        const int hi = nibble(text[i]), lo = nibble(text[i + 1]);
        if (hi < 0 || lo < 0)
            return std::nullopt;
        out.push_back(static_cast<char>(hi * 16 + lo));
    }
    return out;
}

std::string newUuid()
{
    std::uint8_t b[16];
    crypto::randomBytes(b, sizeof b);
    b[6] = static_cast<std::uint8_t>((b[6] & 0x0f) | 0x40);
    b[8] = static_cast<std::uint8_t>((b[8] & 0x3f) | 0x80);
    char out[37];
    std::snprintf(out, sizeof out,
                  "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0],
                  b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13],
                  b[14], b[15]);
    return out;
}

/// One page of `all` for ListKeys and ListAliases: from the Marker (the index of the first item
/// the previous page left out) at most Limit items (100 unless given), with Truncated and
/// NextMarker when more follow.
template <class Page, class Item>
Result<Page> pageOf(std::vector<Item> all, std::vector<Item> Page::*items,
                    const std::optional<std::string> &marker, std::optional<std::int64_t> limit)
{
    std::size_t from = 0;
    if (marker) {
        try {
            from = std::stoul(*marker);
        } catch (...) {
            return kmsError("InvalidMarkerException", "Invalid marker " + *marker);
        }
    }
    const auto most = static_cast<std::size_t>(limit.value_or(100));
    Page out;
    auto &list = out.*items;
    for (std::size_t i = from; i < all.size() && list.size() < most; ++i)
        list.push_back(std::move(all[i]));
    if (from + list.size() < all.size()) {
        out.truncated = true;
        out.nextMarker = std::to_string(from + list.size());
    }
    return out;
}

std::string contextAad(const std::string &keyId, const EncryptionContext &context)
{
    std::string aad = "shardscope-kms-v1|" + keyId;
    for (const auto &[k, v] : context) // std::map: sorted
        aad += '|' + std::to_string(k.size()) + ':' + k + '=' + std::to_string(v.size()) + ':' + v;
    return aad;
}

} // namespace

struct LocalKms::Impl
{
    struct Key
    {
        std::string id;
        std::string description;
        KeyState state = KeyState::Enabled;
        KeyManager manager = KeyManager::Customer;
        std::int64_t createdMs = 0;
        std::int64_t deletionMs = 0;
        int pendingDays = 0;
        crypto::AeadKey material{};
        std::unique_ptr<crypto::Aead> aead;
    };
    struct Alias
    {
        std::string target;
        std::int64_t createdMs = 0;
        std::int64_t updatedMs = 0;
    };

    KmsOptions options;
    std::mutex mutex;
    std::vector<std::unique_ptr<Key>> keys; // creation order
    std::map<std::string, Alias> aliases;   // "alias/name" -> key id

    std::int64_t now() const { return options.nowMs ? options.nowMs() : 0; }
    std::string keyArn(const std::string &id) const
    {
        return "arn:aws:kms:" + options.region + ':' + options.account + ":key/" + id;
    }
    std::string aliasArn(const std::string &name) const
    {
        return "arn:aws:kms:" + options.region + ':' + options.account + ':' + name;
    }

    /// Deletes the keys whose deletion date has passed, with their aliases.
    void sweep()
    {
        const std::int64_t t = now();
        bool changed = false;
        for (auto it = keys.begin(); it != keys.end();) {
            if ((*it)->state == KeyState::PendingDeletion && (*it)->deletionMs <= t) {
                const std::string id = (*it)->id;
                for (auto a = aliases.begin(); a != aliases.end();)
                    a = a->second.target == id ? aliases.erase(a) : std::next(a);
                it = keys.erase(it);
                changed = true;
            } else {
                ++it;
            }
        }
        if (changed)
            (void)save();
    }

    Key *byId(const std::string &id)
    {
        for (auto &k : keys)
            if (k->id == id)
                return k.get();
        return nullptr;
    }

    Key &addKey(std::string description, KeyManager manager)
    {
        auto k = std::make_unique<Key>();
        k->id = newUuid();
        k->description = std::move(description);
        k->manager = manager;
        k->createdMs = now();
        crypto::randomBytes(k->material.data(), k->material.size());
        k->aead = std::make_unique<crypto::Aead>(k->material);
        keys.push_back(std::move(k));
        return *keys.back();
    }

    Key &managedKey()
    {
        auto it = aliases.find(std::string(kManagedAlias));
        if (it != aliases.end())
            if (Key *k = byId(it->second.target))
                return *k;
        Key &k = addKey("Default key that protects my Kinesis data when no other key is defined",
                        KeyManager::Aws);
        aliases[std::string(kManagedAlias)] = {k.id, k.createdMs, k.createdMs};
        (void)save();
        return k;
    }

    /// The key `keyId` names in any of its forms, whatever its state; NotFoundException if none.
    Result<Key *> resolve(const std::string &keyId)
    {
        sweep();
        const std::string arnPrefix = "arn:aws:kms:" + options.region + ':' + options.account + ':';
        std::string rest = keyId;
        if (keyId.rfind("arn:", 0) == 0) {
            if (keyId.rfind(arnPrefix, 0) != 0)
                return kmsError("NotFoundException", keyId.find(":alias/") != std::string::npos
                                                         ? "Alias " + keyId + " is not found."
                                                         : "Key '" + keyId + "' does not exist");
            rest = keyId.substr(arnPrefix.size());
            if (rest.rfind("key/", 0) == 0)
                rest = rest.substr(4);
            else if (rest.rfind("alias/", 0) != 0)
                return kmsError("NotFoundException", "Invalid arn " + keyId);
        }
        if (rest.rfind("alias/", 0) == 0) {
            if (rest == kManagedAlias)
                return &managedKey();
            auto it = aliases.find(rest);
            if (it == aliases.end())
                return kmsError("NotFoundException", "Alias " + aliasArn(rest) + " is not found.");
            if (Key *k = byId(it->second.target))
                return k;
            return kmsError("NotFoundException", "Alias " + aliasArn(rest) + " is not found.");
        }
        if (!core::isKeyUuid(rest))
            return kmsError("NotFoundException", "Invalid keyId '" + keyId + "'");
        if (Key *k = byId(rest))
            return k;
        return kmsError("NotFoundException", "Key '" + keyArn(rest) + "' does not exist");
    }

    /// The key, if it can encrypt and decrypt now.
    Result<Key *> usable(const std::string &keyId)
    {
        auto k = resolve(keyId);
        if (!k)
            return k;
        if ((*k)->state == KeyState::Disabled)
            return kmsError("DisabledException", keyArn((*k)->id) + " is disabled.");
        if ((*k)->state == KeyState::PendingDeletion)
            return kmsError("KMSInvalidStateException", keyArn((*k)->id) + " is pending deletion.");
        return k;
    }

    /// A key the user manages (DisableKey, ScheduleKeyDeletion, CreateAlias's target).
    Result<Key *> customerKey(const std::string &keyId, const char *action)
    {
        auto k = resolve(keyId);
        if (!k)
            return k;
        if ((*k)->manager == KeyManager::Aws)
            return kmsError("UnsupportedOperationException",
                            keyArn((*k)->id) + " is an AWS managed key: it cannot be " + action
                                + ". Create a customer managed key to control its state.");
        return k;
    }

    /// EnableKey and DisableKey: a customer key not pending deletion, saved before answering.
    Result<void> setState(const std::string &keyId, KeyState to)
    {
        std::lock_guard lock(mutex);
        auto k = customerKey(keyId, "enabled or disabled");
        if (!k)
            return k.error();
        if ((*k)->state == KeyState::PendingDeletion)
            return kmsError("KMSInvalidStateException", keyArn((*k)->id) + " is pending deletion.");
        const KeyState was = (*k)->state;
        (*k)->state = to;
        if (auto s = save(); !s) {
            (*k)->state = was;
            return s.error();
        }
        return core::ok();
    }

    KeyMetadata metadata(const Key &k) const
    {
        KeyMetadata m;
        m.awsAccountId = options.account;
        m.keyId = k.id;
        m.arn = keyArn(k.id);
        m.creationDate = k.createdMs;
        m.enabled = k.state == KeyState::Enabled;
        m.description = k.description;
        m.keyState = k.state;
        m.keyManager = k.manager;
        if (k.state == KeyState::PendingDeletion) {
            m.deletionDate = k.deletionMs;
            m.pendingDeletionWindowInDays = k.pendingDays;
        }
        return m;
    }

    Result<void> save()
    {
        if (!options.persistence)
            return core::ok();
        std::ostringstream o;
        crypto::Aead master(options.masterKey);
        for (const auto &k : keys) {
            const auto sealed
                = master.seal(std::string_view(reinterpret_cast<const char *>(k->material.data()),
                                               k->material.size()),
                              "shardscope-kms-material|" + k->id);
            if (!sealed)
                return core::makeError(ErrorCode::CryptoFailure,
                                       "Cannot seal the material of KMS key " + k->id);
            o << "key\t" << k->id << '\t' << static_cast<int>(k->state) << '\t'
              << static_cast<int>(k->manager) << '\t' << k->createdMs << '\t' << k->deletionMs
              << '\t' << k->pendingDays << '\t' << hexOf(*sealed) << '\t' << hexOf(k->description)
              << '\n';
        }
        for (const auto &[name, a] : aliases)
            o << "alias\t" << name << '\t' << a.target << '\t' << a.createdMs << '\t' << a.updatedMs
              << '\n';
        return options.persistence->saveState(o.str());
    }

    Result<std::string> seal(Key &k, std::string_view plaintext, const EncryptionContext &context)
    {
        auto sealed = k.aead->seal(plaintext, contextAad(k.id, context));
        if (!sealed)
            return core::makeError(ErrorCode::CryptoFailure, "Cannot encrypt under " + k.id);
        std::string blob(kBlobMagic);
        blob.push_back('\x01');
        blob += k.id;
        blob += *sealed;
        return blob;
    }
};

LocalKms::LocalKms(KmsOptions options) : d(std::make_unique<Impl>())
{
    d->options = std::move(options);
}

LocalKms::~LocalKms() = default;

std::string LocalKms::region() const
{
    return d->options.region;
}

std::string LocalKms::account() const
{
    return d->options.account;
}

Result<void> LocalKms::load()
{
    std::lock_guard lock(d->mutex);
    if (!d->options.persistence)
        return core::ok();
    auto state = d->options.persistence->loadState();
    if (!state)
        return state.error();
    crypto::Aead master(d->options.masterKey);
    std::istringstream in(*state);
    std::string line;
    d->keys.clear();
    d->aliases.clear();
    while (std::getline(in, line)) {
        std::vector<std::string> f;
        std::size_t start = 0;
        for (std::size_t tab; (tab = line.find('\t', start)) != std::string::npos; start = tab + 1)
            f.push_back(line.substr(start, tab - start));
        f.push_back(line.substr(start));
        if (f[0] == "key" && f.size() == 9) {
            auto k = std::make_unique<Impl::Key>();
            k->id = f[1];
            k->state = static_cast<KeyState>(std::stoi(f[2]));
            k->manager = static_cast<KeyManager>(std::stoi(f[3]));
            k->createdMs = std::stoll(f[4]);
            k->deletionMs = std::stoll(f[5]);
            k->pendingDays = std::stoi(f[6]);
            const auto sealed = unhex(f[7]);
            const auto material
                = sealed ? master.open(*sealed, "shardscope-kms-material|" + k->id) : std::nullopt;
            if (!material || material->size() != k->material.size())
                return core::makeError(
                    ErrorCode::CryptoFailure,
                    "The material of KMS key " + k->id
                        + " does not open under this data directory's master key (kms.key): "
                          "restore the key file that belongs to kms.sqlite3.");
            std::copy(material->begin(), material->end(), k->material.begin());
            k->description = unhex(f[8]).value_or(std::string());
            k->aead = std::make_unique<crypto::Aead>(k->material);
            d->keys.push_back(std::move(k));
        } else if (f[0] == "alias" && f.size() == 5) {
            d->aliases[f[1]] = {f[2], std::stoll(f[3]), std::stoll(f[4])};
        }
    }
    return core::ok();
}

Result<KeyMetadataResult> LocalKms::createKey(const CreateKeyRequest &r)
{
    std::lock_guard lock(d->mutex);
    const bool symmetric
        = r.keyUsage.value_or("ENCRYPT_DECRYPT") == "ENCRYPT_DECRYPT"
          && r.keySpec.value_or("SYMMETRIC_DEFAULT") == "SYMMETRIC_DEFAULT"
          && r.customerMasterKeySpec.value_or("SYMMETRIC_DEFAULT") == "SYMMETRIC_DEFAULT";
    if (!symmetric)
        return kmsError("UnsupportedOperationException",
                        "Shardscope's KMS makes symmetric encryption keys only (KeySpec "
                        "SYMMETRIC_DEFAULT, KeyUsage ENCRYPT_DECRYPT), the kind Kinesis uses.");
    if (r.origin && *r.origin != "AWS_KMS")
        return kmsError("UnsupportedOperationException",
                        "Shardscope's KMS makes its own key material (Origin AWS_KMS); " + *r.origin
                            + " is not available.");
    if (r.multiRegion.value_or(false))
        return kmsError("UnsupportedOperationException",
                        "Shardscope's KMS serves one region: multi-Region keys are not available.");
    Impl::Key &k = d->addKey(r.description, KeyManager::Customer);
    if (auto s = d->save(); !s) {
        d->keys.pop_back();
        return s.error();
    }
    return KeyMetadataResult{d->metadata(k)};
}

Result<KeyMetadataResult> LocalKms::describeKey(const KeyIdRequest &r)
{
    std::lock_guard lock(d->mutex);
    auto k = d->resolve(r.keyId);
    if (!k)
        return k.error();
    return KeyMetadataResult{d->metadata(**k)};
}

Result<ListKeysResult> LocalKms::listKeys(const ListKeysRequest &r)
{
    std::lock_guard lock(d->mutex);
    d->sweep();
    std::vector<KeyListEntry> all;
    for (const auto &k : d->keys)
        all.push_back({k->id, d->keyArn(k->id)});
    return pageOf(std::move(all), &ListKeysResult::keys, r.marker, r.limit);
}

Result<void> LocalKms::createAlias(const CreateAliasRequest &r)
{
    std::lock_guard lock(d->mutex);
    if (r.aliasName.rfind("alias/", 0) != 0 || r.aliasName.size() == 6)
        return kmsError("ValidationException",
                        "Alias must start with the prefix \"alias/\" followed by a name, as in "
                        "alias/orders-key.",
                        ErrorCode::Validation);
    for (char c : r.aliasName)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == ':' || c == '/' || c == '_'
              || c == '-'))
            return validation(r.aliasName, "aliasName",
                              "Member must satisfy regular expression pattern: ^[a-zA-Z0-9:/_-]+$");
    if (r.aliasName.rfind("alias/aws/", 0) == 0)
        return kmsError("NotAuthorizedException",
                        "Cannot create alias with prefix 'alias/aws/': it is reserved for AWS "
                        "managed keys.");
    d->sweep();
    if (d->aliases.count(r.aliasName))
        return kmsError("AlreadyExistsException",
                        "An alias with the name " + d->aliasArn(r.aliasName) + " already exists");
    if (r.targetKeyId.rfind("alias/", 0) == 0 || r.targetKeyId.find(":alias/") != std::string::npos)
        return kmsError("ValidationException",
                        "Aliases must refer to keys. Not aliases: give TargetKeyId as a key id "
                        "or key ARN.",
                        ErrorCode::Validation);
    auto k = d->customerKey(r.targetKeyId, "given an alias");
    if (!k)
        return k.error();
    if ((*k)->state == KeyState::PendingDeletion)
        return kmsError("KMSInvalidStateException", d->keyArn((*k)->id) + " is pending deletion.");
    const std::int64_t t = d->now();
    d->aliases[r.aliasName] = {(*k)->id, t, t};
    if (auto s = d->save(); !s) {
        d->aliases.erase(r.aliasName);
        return s.error();
    }
    return core::ok();
}

Result<ListAliasesResult> LocalKms::listAliases(const ListAliasesRequest &r)
{
    std::lock_guard lock(d->mutex);
    d->sweep();
    std::string only;
    if (r.keyId) {
        auto k = d->resolve(*r.keyId);
        if (!k)
            return k.error();
        only = (*k)->id;
    }
    std::vector<AliasListEntry> all;
    const bool managedMade = d->aliases.count(std::string(kManagedAlias)) > 0;
    for (const auto &[name, a] : d->aliases)
        if (only.empty() || a.target == only)
            all.push_back({name, d->aliasArn(name), a.target, a.createdMs, a.updatedMs});
    if (!managedMade && only.empty()) // AWS lists its managed aliases before their keys exist
        all.push_back({std::string(kManagedAlias), d->aliasArn(std::string(kManagedAlias)),
                       std::nullopt, std::nullopt, std::nullopt});
    std::sort(all.begin(), all.end(),
              [](const auto &a, const auto &b) { return a.aliasName < b.aliasName; });
    return pageOf(std::move(all), &ListAliasesResult::aliases, r.marker, r.limit);
}

Result<void> LocalKms::deleteAlias(const AliasNameRequest &r)
{
    std::lock_guard lock(d->mutex);
    if (r.aliasName.rfind("alias/aws/", 0) == 0)
        return kmsError("NotAuthorizedException",
                        "Cannot delete alias " + r.aliasName
                            + ": aliases beginning with alias/aws/ belong to AWS managed keys.");
    d->sweep();
    auto it = d->aliases.find(r.aliasName);
    if (it == d->aliases.end())
        return kmsError("NotFoundException",
                        "Alias " + d->aliasArn(r.aliasName) + " is not found.");
    const auto kept = *it;
    d->aliases.erase(it);
    if (auto s = d->save(); !s) {
        d->aliases.insert(kept);
        return s.error();
    }
    return core::ok();
}

Result<void> LocalKms::enableKey(const KeyIdRequest &r)
{
    return d->setState(r.keyId, KeyState::Enabled);
}

Result<void> LocalKms::disableKey(const KeyIdRequest &r)
{
    return d->setState(r.keyId, KeyState::Disabled);
}

Result<ScheduleKeyDeletionResult> LocalKms::scheduleKeyDeletion(const ScheduleKeyDeletionRequest &r)
{
    std::lock_guard lock(d->mutex);
    const std::int64_t days = r.pendingWindowInDays.value_or(30);
    if (days < 7)
        return validation(std::to_string(days), "pendingWindowInDays",
                          "Member must have value greater than or equal to 7");
    if (days > 30)
        return validation(std::to_string(days), "pendingWindowInDays",
                          "Member must have value less than or equal to 30");
    auto k = d->customerKey(r.keyId, "deleted");
    if (!k)
        return k.error();
    Impl::Key &key = **k;
    if (key.state == KeyState::PendingDeletion)
        return kmsError("KMSInvalidStateException", d->keyArn(key.id) + " is pending deletion.");
    const KeyState was = key.state;
    key.state = KeyState::PendingDeletion;
    key.pendingDays = static_cast<int>(days);
    key.deletionMs = d->now() + days * kDayMs;
    if (auto s = d->save(); !s) {
        key.state = was;
        key.pendingDays = 0;
        key.deletionMs = 0;
        return s.error();
    }
    return ScheduleKeyDeletionResult{d->keyArn(key.id), key.deletionMs, key.state, days};
}

Result<CancelKeyDeletionResult> LocalKms::cancelKeyDeletion(const KeyIdRequest &r)
{
    std::lock_guard lock(d->mutex);
    auto k = d->customerKey(r.keyId, "deleted");
    if (!k)
        return k.error();
    Impl::Key &key = **k;
    if (key.state != KeyState::PendingDeletion)
        return kmsError("KMSInvalidStateException",
                        d->keyArn(key.id) + " is not pending deletion.");
    // As AWS: a key whose deletion is cancelled comes back disabled.
    const std::int64_t deletionMs = key.deletionMs;
    const int pendingDays = key.pendingDays;
    key.state = KeyState::Disabled;
    key.deletionMs = 0;
    key.pendingDays = 0;
    if (auto s = d->save(); !s) {
        key.state = KeyState::PendingDeletion;
        key.deletionMs = deletionMs;
        key.pendingDays = pendingDays;
        return s.error();
    }
    return CancelKeyDeletionResult{d->keyArn(key.id)};
}

Result<GenerateDataKeyResult> LocalKms::generateDataKey(const GenerateDataKeyRequest &r)
{
    std::lock_guard lock(d->mutex);
    if (r.numberOfBytes.has_value() == r.keySpec.has_value())
        return kmsError("ValidationException", "Please specify either number of bytes or key spec.",
                        ErrorCode::Validation);
    std::size_t bytes = 0;
    if (r.keySpec) {
        if (*r.keySpec == "AES_256")
            bytes = 32;
        else if (*r.keySpec == "AES_128")
            bytes = 16;
        else
            return validation(*r.keySpec, "keySpec",
                              "Member must satisfy enum value set: [AES_256, AES_128]");
    } else {
        bytes = static_cast<std::size_t>(*r.numberOfBytes);
    }
    auto k = d->usable(r.keyId);
    if (!k)
        return k.error();
    std::string plain(bytes, '\0');
    crypto::randomBytes(reinterpret_cast<std::uint8_t *>(plain.data()), plain.size());
    auto blob = d->seal(**k, plain, r.encryptionContext);
    if (!blob)
        return blob.error();
    return GenerateDataKeyResult{std::move(*blob), std::move(plain), d->keyArn((*k)->id)};
}

Result<EncryptResult> LocalKms::encrypt(const EncryptRequest &r)
{
    std::lock_guard lock(d->mutex);
    if (r.encryptionAlgorithm && *r.encryptionAlgorithm != "SYMMETRIC_DEFAULT")
        return kmsError("InvalidKeyUsageException",
                        "The encryption algorithm " + *r.encryptionAlgorithm
                            + " is not compatible with the type of key: use SYMMETRIC_DEFAULT.");
    auto k = d->usable(r.keyId);
    if (!k)
        return k.error();
    auto blob = d->seal(**k, r.plaintext, r.encryptionContext);
    if (!blob)
        return blob.error();
    return EncryptResult{std::move(*blob), d->keyArn((*k)->id)};
}

Result<DecryptResult> LocalKms::decrypt(const DecryptRequest &r)
{
    std::lock_guard lock(d->mutex);
    const std::string &blob = r.ciphertextBlob;
    const std::size_t head = kBlobMagic.size() + 1 + 36;
    if (blob.size() < head + crypto::Aead::kOverhead || blob.compare(0, 4, kBlobMagic) != 0
        || blob[4] != '\x01')
        return kmsError("InvalidCiphertextException",
                        "The ciphertext was not produced by this KMS (or was changed).");
    const std::string id = blob.substr(5, 36);
    auto k = d->usable(id);
    if (!k) {
        if (k.error().type == "NotFoundException") // its key was deleted
            return kmsError("InvalidCiphertextException", "The key that encrypted this ciphertext ("
                                                              + d->keyArn(id)
                                                              + ") no longer exists.");
        return k.error();
    }
    if (r.keyId) {
        auto named = d->resolve(*r.keyId);
        if (!named)
            return named.error();
        if ((*named)->id != id)
            return kmsError("IncorrectKeyException",
                            "The key ID in the request does not identify a CMK that can perform "
                            "this operation.");
    }
    auto plain = (*k)->aead->open(std::string_view(blob).substr(head),
                                  contextAad(id, r.encryptionContext));
    if (!plain)
        return kmsError("InvalidCiphertextException",
                        "The ciphertext or its encryption context does not match what was "
                        "encrypted.");
    return DecryptResult{d->keyArn(id), std::move(*plain)};
}

Result<std::string> LocalKms::usableArn(const std::string &keyId)
{
    std::lock_guard lock(d->mutex);
    auto k = d->usable(keyId);
    if (!k)
        return k.error();
    return d->keyArn((*k)->id);
}

std::vector<LocalKms::KeyView> LocalKms::keys()
{
    std::lock_guard lock(d->mutex);
    d->sweep();
    std::vector<KeyView> out;
    for (const auto &k : d->keys) {
        KeyView v{d->metadata(*k), {}};
        for (const auto &[name, a] : d->aliases)
            if (a.target == k->id)
                v.aliases.push_back(name);
        out.push_back(std::move(v));
    }
    return out;
}

Error LocalKms::kinesisError(const Error &e)
{
    if (e.type == "NotFoundException" || e.type == "InvalidCiphertextException")
        return core::makeError(ErrorCode::KmsNotFound, e.message);
    if (e.type == "DisabledException")
        return core::makeError(ErrorCode::KmsDisabled, e.message);
    if (e.type == "KMSInvalidStateException")
        return core::makeError(ErrorCode::KmsInvalidState, e.message);
    if (e.type == "NotAuthorizedException" || e.type == "UnsupportedOperationException")
        return core::makeError(ErrorCode::KmsAccessDenied, e.message);
    return Error{e.code, e.message};
}

} // namespace shs::kms
