// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Aead: AES-256-GCM sealing of small tokens (shard iterators, paging tokens). seal() output is
// nonce(12) || ciphertext || tag(16); open() returns nullopt for anything that was not sealed
// with this key and AAD, so tampered or foreign tokens are rejected, never misread.
//
// Thread safety: one instance per thread (it owns cipher contexts).
#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace shs::crypto {

using AeadKey = std::array<std::uint8_t, 32>;

class Aead final
{
  public:
    explicit Aead(const AeadKey &key);
    ~Aead();
    Aead(const Aead &) = delete;
    Aead &operator=(const Aead &) = delete;

    static constexpr std::size_t kOverhead = 12 + 16;

    std::optional<std::string> seal(std::string_view plaintext, std::string_view aad);
    std::optional<std::string> open(std::string_view sealed, std::string_view aad);

  private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

/// Cryptographically secure random bytes (OpenSSL RAND_bytes). False on failure.
bool randomBytes(std::uint8_t *out, std::size_t count);

} // namespace shs::crypto
