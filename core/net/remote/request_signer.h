// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Signs a Kinesis request (AWS JSON 1.1 POST /) with SigV4 for the remote backend: the headers to
// send — Host, Content-Type, X-Amz-Target, X-Amz-Date, X-Amz-Content-Sha256, X-Amz-Security-Token
// (temporary credentials) and Authorization — all of them signed.
#include "aws_config.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QPair>

namespace shs::net {

QList<QPair<QByteArray, QByteArray>> signKinesisRequest(const AwsConfig &config, const QByteArray &hostHeader,
                                                        const QByteArray &operation, const QByteArray &body,
                                                        const QDateTime &now);

} // namespace shs::net
