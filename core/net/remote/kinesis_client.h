// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// KinesisClient: asynchronous Kinesis calls over HTTP(S) for the remote backend (issue 6) —
// AWS JSON 1.1 through QNetworkAccessManager, SigV4-signed per attempt, retried like the AWS SDKs
// retry (throttling errors and 5xx, exponential backoff with full jitter, at most maxAttempts),
// with a per-attempt timeout, clock-skew correction as the SDKs do it (a signature refused as
// expired is signed again with the service's time from its Date header, and stats().clockSkewMs
// says by how much the computer's clock is off), and every failure turned into a core::Error whose
// message says what happened and what to do: the service's own exception and text, or "cannot
// reach", "timed out", "TLS", "clock skew" explanations.
//
// Lives on the thread that created it (its QNetworkAccessManager's); `done` runs there.
#include "aws_config.h"
#include "request_signer.h"

#include "engine/result.h"

#include <QByteArray>
#include <QJsonObject>
#include <QObject>
#include <QSslConfiguration>

#include <optional>

#include <functional>

class QNetworkAccessManager;
class QNetworkRequest;
class QNetworkReply;

namespace shs::net {

class KinesisClient : public QObject
{
    Q_OBJECT
  public:
    struct Options
    {
        int maxAttempts = 3;     ///< the SDKs' standard retry mode
        int baseBackoffMs = 100; ///< backoff = random(0, min(maxBackoffMs, base * 2^attempt))
        int maxBackoffMs = 20'000;
        int timeoutMs = 10'000; ///< per attempt
        AwsJsonService service
            = kKinesisService; ///< or kCloudWatchService (config.endpointUrl then names it)
        qint64 clockOffsetMs
            = 0; ///< added to this computer's clock when signing (tests start skewed)
    };
    struct Stats
    {
        qint64 calls = 0;
        qint64 attempts = 0;
        qint64 retries = 0;
        qint64 throttled = 0;   ///< answers that were throttling errors
        qint64 clockSkewMs = 0; ///< the service's clock minus ours, once a signature expired on it
    };

    KinesisClient(AwsConfig config, Options options, QObject *parent = nullptr);
    KinesisClient(AwsConfig config, QObject *parent = nullptr)
        : KinesisClient(std::move(config), Options{}, parent)
    {}

    using Done = std::function<void(core::Result<QJsonObject>)>;
    /// Calls `operation` with `body`; `done` gets the answer's JSON or the error.
    void call(const QByteArray &operation, const QJsonObject &body, Done done);
    /// The same with the body already written (AWS JSON 1.1 bytes).
    void callWithBody(const QByteArray &operation, QByteArray body, Done done);

    const AwsConfig &config() const { return m_config; }
    const Stats &stats() const { return m_stats; }

    /// A streamed call (SubscribeToShard): the body arrives in pieces as the service writes it.
    /// Over HTTP/2 when the endpoint offers it (ALPN on https; prior knowledge on http, as the
    /// JavaScript SDK speaks to Kinesis), signed as any call, never retried; a transfer that stalls
    /// for 30 s is ended (heartbeats come every few seconds).
    struct StreamHandlers
    {
        std::function<void(const QByteArray &)> data; ///< 200 only
        /// The end: nullopt after a 200 that ended cleanly; else no answer, or the service's
        /// refusal (its error shape) — `answered` says whether a 200 ever came.
        std::function<void(std::optional<core::Error>, bool answered)> finished;
    };
    /// Starts `operation`; the reply, to abort (it deletes itself when finished).
    QNetworkReply *stream(const QByteArray &operation, const QByteArray &body,
                          StreamHandlers handlers);

    /// The engine's code for a service's error name ("ResourceInUseException"); InternalFailure
    /// for names it has none for.
    static core::ErrorCode errorCode(const QByteArray &type);
    /// The AWS error names the SDKs treat as throttling.
    static bool isThrottling(const QByteArray &errorType);
    /// Throttling, or a server error: what the SDKs retry with backoff.
    static bool isRetryable(const QByteArray &errorType, int httpStatus);

  private:
    /// A POST of `body` to the endpoint, SigV4-signed now (with the corrected clock), with the
    /// CA bundle's TLS configuration.
    QNetworkRequest signedRequest(const QByteArray &operation, const QByteArray &body) const;
    /// The error of a non-200 answer (the service's error shape).
    core::Error serviceError(int status, const QByteArray &payload, const QByteArray &errorHeader,
                             const QByteArray &operation) const;
    void attempt(QByteArray operation, QByteArray body, Done done, int attemptNumber);

    AwsConfig m_config;
    Options m_options;
    qint64 m_clockOffsetMs = 0; ///< corrected from the service's Date header after a skew error
    std::optional<QSslConfiguration>
        m_tls;          ///< with the CA bundle's certificates, when one is named
    QString m_tlsError; ///< the CA bundle could not be read
    QNetworkAccessManager *m_network;
    Stats m_stats;
};

} // namespace shs::net
