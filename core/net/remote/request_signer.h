// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Signs an AWS JSON request (Kinesis: JSON 1.1; CloudWatch: JSON 1.0; POST /) with SigV4 for the
// remote backend: the headers to send — Host, Content-Type, X-Amz-Target, X-Amz-Date,
// X-Amz-Content-Sha256, X-Amz-Security-Token (temporary credentials) and Authorization — all of
// them signed.
#include "aws_config.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QPair>

namespace shs::net {

/// An AWS JSON service: what goes in X-Amz-Target and Content-Type, and the SigV4 signing name.
struct AwsJsonService
{
    QByteArray targetPrefix;
    QByteArray contentType;
    QByteArray signingName;
};
inline const AwsJsonService kKinesisService{"Kinesis_20131202", "application/x-amz-json-1.1",
                                            "kinesis"};
/// CloudWatch speaks AWS JSON 1.0 (the SDKs' protocol for it since 2023) under its old target name.
inline const AwsJsonService kCloudWatchService{"GraniteServiceVersion20100801",
                                               "application/x-amz-json-1.0", "monitoring"};
/// KMS, for the keys a stream is encrypted under (AWS JSON 1.1).
inline const AwsJsonService kKmsService{"TrentService", "application/x-amz-json-1.1", "kms"};

QList<QPair<QByteArray, QByteArray>>
signAwsJsonRequest(const AwsJsonService &service, const AwsConfig &config,
                   const QByteArray &hostHeader, const QByteArray &operation,
                   const QByteArray &body, const QDateTime &now);

inline QList<QPair<QByteArray, QByteArray>>
signKinesisRequest(const AwsConfig &config, const QByteArray &hostHeader,
                   const QByteArray &operation, const QByteArray &body, const QDateTime &now)
{
    return signAwsJsonRequest(kKinesisService, config, hostHeader, operation, body, now);
}

} // namespace shs::net
