// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "request_signer.h"

#include "crypto/sigv4.h"

#include <algorithm>

namespace shs::net {

QList<QPair<QByteArray, QByteArray>>
signAwsJsonRequest(const AwsJsonService &service, const AwsConfig &config,
                   const QByteArray &hostHeader, const QByteArray &operation,
                   const QByteArray &body, const QDateTime &now)
{
    const QByteArray amzDate = now.toUTC().toString(QStringLiteral("yyyyMMddTHHmmssZ")).toLatin1();
    const std::string date = amzDate.left(8).toStdString();
    const std::string payloadHash
        = crypto::hex(crypto::sha256({body.constData(), std::size_t(body.size())}));
    QList<QPair<QByteArray, QByteArray>> headers{
        {"host", hostHeader},
        {"content-type", service.contentType},
        {"x-amz-target", service.targetPrefix + '.' + operation},
        {"x-amz-date", amzDate},
        {"x-amz-content-sha256", QByteArray::fromStdString(payloadHash)}};
    if (!config.sessionToken.isEmpty())
        headers.append({"x-amz-security-token", config.sessionToken.toUtf8()});
    std::sort(headers.begin(), headers.end());
    crypto::sigv4::CanonicalInput in;
    in.method = "POST";
    in.path = "/";
    QByteArray signedNames;
    for (const auto &[k, v] : headers) {
        in.headers.emplace_back(k.toStdString(), v.toStdString());
        signedNames += (signedNames.isEmpty() ? "" : ";") + k;
    }
    in.payloadHash = payloadHash;
    const std::string region = config.region.toStdString();
    const std::string name = service.signingName.toStdString();
    const std::string scope = date + '/' + region + '/' + name + "/aws4_request";
    const std::string signature = crypto::sigv4::signature(
        config.secretAccessKey.toStdString(), date, region, name,
        crypto::sigv4::stringToSign(amzDate.toStdString(), scope,
                                    crypto::sigv4::canonicalRequest(in)));
    headers.append({"authorization", "AWS4-HMAC-SHA256 Credential=" + config.accessKeyId.toUtf8()
                                         + '/' + QByteArray::fromStdString(scope)
                                         + ", SignedHeaders=" + signedNames
                                         + ", Signature=" + QByteArray::fromStdString(signature)});
    return headers;
}

} // namespace shs::net
