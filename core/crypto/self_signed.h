// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A self-signed TLS certificate for the local endpoint (OpenSSL 3): an EC P-256 key and an X.509
// v3 certificate for CN=localhost with subjectAltName DNS:localhost, IP:127.0.0.1, IP:::1, valid
// for a year, signed with SHA-256. PEM text out, so callers hand it to their TLS stack.
#include <optional>
#include <string>

namespace shs::crypto {

struct CertificatePem
{
    std::string certificate;
    std::string privateKey;
};

/// nullopt when OpenSSL cannot make one (`error` says why).
std::optional<CertificatePem> makeSelfSignedCertificate(std::string *error);

} // namespace shs::crypto
