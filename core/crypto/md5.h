// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Md5: MD5 digests through OpenSSL EVP with the algorithm fetched once per instance (an implicit
// fetch per call halves throughput; qt-platform-notes.md §6). Used to route partition keys.
//
// Thread safety: one instance per thread (it owns a reusable EVP_MD_CTX).
#include <array>
#include <cstdint>
#include <memory>
#include <string_view>

namespace shs::crypto {

class Md5 final
{
  public:
    Md5();
    ~Md5();
    Md5(const Md5 &) = delete;
    Md5 &operator=(const Md5 &) = delete;

    std::array<std::uint8_t, 16> digest(std::string_view bytes);

  private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

} // namespace shs::crypto
