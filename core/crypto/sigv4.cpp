// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sigv4.h"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>

namespace shs::crypto {

std::array<std::uint8_t, 32> sha256(std::string_view bytes)
{
    std::array<std::uint8_t, 32> out{};
    unsigned int len = 0;
    if (!EVP_Digest(bytes.data(), bytes.size(), out.data(), &len, EVP_sha256(), nullptr)) {
        std::fprintf(stderr, "shardscope: OpenSSL cannot provide SHA-256\n");
        std::abort();
    }
    return out;
}

std::array<std::uint8_t, 32> hmacSha256(std::string_view key, std::string_view message)
{
    std::array<std::uint8_t, 32> out{};
    unsigned int len = 0;
    if (!HMAC(EVP_sha256(), key.data(), int(key.size()),
              reinterpret_cast<const unsigned char *>(message.data()), message.size(), out.data(),
              &len)) {
        std::fprintf(stderr, "shardscope: OpenSSL cannot provide HMAC-SHA256\n");
        std::abort();
    }
    return out;
}

bool constantTimeEquals(std::string_view a, std::string_view b)
{
    return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string hex(const std::uint8_t *bytes, std::size_t size)
{
    static const char digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(size * 2);
    for (std::size_t i = 0; i < size; ++i) {
        out += digits[bytes[i] >> 4];
        out += digits[bytes[i] & 0xf];
    }
    return out;
}

namespace sigv4 {

std::string uriEncode(std::string_view text, bool keepSlash)
{
    std::string out;
    for (const char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'
            || c == '_' || c == '.' || c == '~' || (keepSlash && c == '/')) {
            out += ch;
        } else {
            char buf[4];
            std::snprintf(buf, sizeof buf, "%%%02X", c);
            out += buf;
        }
    }
    return out;
}

namespace {
/// Header values: trimmed, runs of spaces collapsed to one.
std::string canonicalValue(std::string_view v)
{
    std::string out;
    bool space = false;
    for (const char c : v) {
        if (c == ' ' || c == '\t') {
            space = !out.empty();
            continue;
        }
        if (space)
            out += ' ';
        space = false;
        out += c;
    }
    return out;
}
} // namespace

std::string canonicalRequest(const CanonicalInput &in)
{
    std::string r = in.method + '\n' + uriEncode(in.path.empty() ? "/" : in.path, true) + '\n';
    auto query = in.query;
    for (auto &[k, v] : query) {
        k = uriEncode(k, false);
        v = uriEncode(v, false);
    }
    std::sort(query.begin(), query.end());
    for (std::size_t i = 0; i < query.size(); ++i)
        r += (i ? "&" : "") + query[i].first + '=' + query[i].second;
    r += '\n';
    auto headers = in.headers;
    std::stable_sort(headers.begin(), headers.end(),
                     [](const auto &a, const auto &b) { return a.first < b.first; });
    std::string names;
    for (std::size_t i = 0; i < headers.size(); ++i) {
        // Repeated headers join with commas under one name.
        if (i > 0 && headers[i].first == headers[i - 1].first) {
            r.pop_back();
            r += ',' + canonicalValue(headers[i].second) + '\n';
            continue;
        }
        r += headers[i].first + ':' + canonicalValue(headers[i].second) + '\n';
        names += (names.empty() ? "" : ";") + headers[i].first;
    }
    r += '\n' + names + '\n' + in.payloadHash;
    return r;
}

std::string stringToSign(std::string_view amzDate, std::string_view scope,
                         std::string_view canonicalRequest)
{
    return "AWS4-HMAC-SHA256\n" + std::string(amzDate) + '\n' + std::string(scope) + '\n'
           + hex(sha256(canonicalRequest));
}

std::array<std::uint8_t, 32> signingKey(std::string_view secret, std::string_view date,
                                        std::string_view region, std::string_view service)
{
    const auto kDate = hmacSha256("AWS4" + std::string(secret), date);
    const auto kRegion
        = hmacSha256({reinterpret_cast<const char *>(kDate.data()), kDate.size()}, region);
    const auto kService
        = hmacSha256({reinterpret_cast<const char *>(kRegion.data()), kRegion.size()}, service);
    return hmacSha256({reinterpret_cast<const char *>(kService.data()), kService.size()},
                      "aws4_request");
}

std::string signature(std::string_view secret, std::string_view date, std::string_view region,
                      std::string_view service, std::string_view stringToSign)
{
    const auto key = signingKey(secret, date, region, service);
    return hex(hmacSha256({reinterpret_cast<const char *>(key.data()), key.size()}, stringToSign));
}

} // namespace sigv4
} // namespace shs::crypto
