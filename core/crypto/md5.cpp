// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "md5.h"

#include <openssl/evp.h>

#include <cstdio>
#include <cstdlib>

namespace shs::crypto {

struct Md5::Impl
{
    EVP_MD *md = nullptr;
    EVP_MD_CTX *ctx = nullptr;
};

Md5::Md5() : d(std::make_unique<Impl>())
{
    d->md = EVP_MD_fetch(nullptr, "MD5", nullptr);
    d->ctx = EVP_MD_CTX_new();
    if (!d->md || !d->ctx) {
        // MD5 is in OpenSSL 3's default provider; without it nothing can be routed.
        std::fprintf(stderr, "shardscope: OpenSSL cannot provide MD5\n");
        std::abort();
    }
}

Md5::~Md5()
{
    EVP_MD_CTX_free(d->ctx);
    EVP_MD_free(d->md);
}

std::array<std::uint8_t, 16> Md5::digest(std::string_view bytes)
{
    std::array<std::uint8_t, 16> out{};
    unsigned int len = 0;
    EVP_DigestInit_ex2(d->ctx, d->md, nullptr);
    EVP_DigestUpdate(d->ctx, bytes.data(), bytes.size());
    EVP_DigestFinal_ex(d->ctx, out.data(), &len);
    return out;
}

} // namespace shs::crypto
