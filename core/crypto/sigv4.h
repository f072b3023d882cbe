// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// AWS Signature Version 4 (AWS4-HMAC-SHA256) — the arithmetic, with SHA-256 and HMAC through
// OpenSSL EVP/EVP_MAC. No HTTP here: callers build the canonical request from their own request
// type (the endpoint verifies, a remote client will sign).
//
//   canonical request = method \n canonical URI \n canonical query \n canonical headers \n
//                       signed headers \n hex(sha256(payload))
//   string to sign    = "AWS4-HMAC-SHA256" \n amz-date \n scope \n hex(sha256(canonical request))
//   signing key       = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service),
//   "aws4_request")
//
// Thread safety: free functions, no shared state.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace shs::crypto {

std::array<std::uint8_t, 32> sha256(std::string_view bytes);
std::array<std::uint8_t, 32> hmacSha256(std::string_view key, std::string_view message);
std::string hex(const std::uint8_t *bytes, std::size_t size);
/// Equal contents, compared in time independent of where they differ (CRYPTO_memcmp).
bool constantTimeEquals(std::string_view a, std::string_view b);
template <std::size_t N> std::string hex(const std::array<std::uint8_t, N> &bytes)
{
    return hex(bytes.data(), N);
}

namespace sigv4 {

/// RFC 3986 percent-encoding as SigV4 wants it (unreserved kept; '/' kept when `keepSlash`).
std::string uriEncode(std::string_view text, bool keepSlash);

struct CanonicalInput
{
    std::string method;                                     ///< "POST"
    std::string path;                                       ///< "/" (not yet encoded)
    std::vector<std::pair<std::string, std::string>> query; ///< decoded names and values
    std::vector<std::pair<std::string, std::string>>
        headers;             ///< lower-case names; only the signed ones
    std::string payloadHash; ///< hex sha256 of the body (or x-amz-content-sha256)
};

std::string canonicalRequest(const CanonicalInput &in);
std::string stringToSign(std::string_view amzDate, std::string_view scope,
                         std::string_view canonicalRequest);
std::array<std::uint8_t, 32> signingKey(std::string_view secret, std::string_view date,
                                        std::string_view region, std::string_view service);
/// hex(HMAC(signing key, string to sign))
std::string signature(std::string_view secret, std::string_view date, std::string_view region,
                      std::string_view service, std::string_view stringToSign);

} // namespace sigv4
} // namespace shs::crypto
