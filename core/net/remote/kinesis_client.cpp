// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "kinesis_client.h"

#include "request_signer.h"

#include <QJsonDocument>
#include <QLocale>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRandomGenerator>
#include <QTimer>
#include <QUrl>

#include <algorithm>
#include <cstdlib>

namespace shs::net {

using core::ErrorCode;

namespace {

/// An HTTP Date (IMF-fixdate, "Thu, 26 Nov 2026 08:12:49 GMT"; Qt 6.4's RFC 2822 parser refuses
/// "GMT"); invalid when it is not one.
QDateTime parseHttpDate(const QByteArray &text)
{
    QDateTime t = QLocale::c().toDateTime(QString::fromLatin1(text.trimmed()),
                                          QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'"));
    t.setTimeSpec(Qt::UTC);
    return t;
}

bool isAuthError(const QByteArray &type)
{
    return type == "UnrecognizedClientException" || type == "InvalidSignatureException"
           || type == "MissingAuthenticationTokenException"
           || type == "IncompleteSignatureException" || type == "ExpiredTokenException"
           || type == "AccessDeniedException";
}

ErrorCode codeFor(const QByteArray &type)
{
    static const std::pair<const char *, ErrorCode> known[] = {
        {"ResourceNotFoundException", ErrorCode::ResourceNotFound},
        {"ResourceInUseException", ErrorCode::ResourceInUse},
        {"InvalidArgumentException", ErrorCode::InvalidArgument},
        {"ValidationException", ErrorCode::Validation},
        {"LimitExceededException", ErrorCode::LimitExceeded},
        {"ProvisionedThroughputExceededException", ErrorCode::ProvisionedThroughputExceeded},
        {"ExpiredIteratorException", ErrorCode::ExpiredIterator},
        {"ExpiredNextTokenException", ErrorCode::ExpiredNextToken},
        {"AccessDeniedException", ErrorCode::AccessDenied},
        {"KMSDisabledException", ErrorCode::KmsDisabled},
        {"KMSInvalidStateException", ErrorCode::KmsInvalidState},
        {"KMSNotFoundException", ErrorCode::KmsNotFound},
        {"KMSAccessDeniedException", ErrorCode::KmsAccessDenied},
        {"KMSThrottlingException", ErrorCode::KmsThrottling},
        {"KMSOptInRequired", ErrorCode::KmsOptInRequired},
        {"SerializationException", ErrorCode::Serialization},
        {"ServiceUnavailable", ErrorCode::ServiceUnavailable},
    };
    for (const auto &[name, code] : known)
        if (type == name)
            return code;
    return ErrorCode::InternalFailure;
}

/// What to tell the user for errors that are not Kinesis' own.
std::string explainAuth(const QByteArray &type, const std::string &message)
{
    if (type == "UnrecognizedClientException")
        return message
               + " The access key is not known to this endpoint: check the profile or keys you "
                 "connected with.";
    if (type == "InvalidSignatureException"
        && message.find("Signature expired") != std::string::npos)
        return message
               + " This computer's clock is more than 15 minutes off: correct it (NTP) and connect "
                 "again.";
    if (type == "ExpiredTokenException")
        return message
               + " The session token has expired: refresh the profile's credentials (aws sso "
                 "login, or new keys).";
    if (type == "MissingAuthenticationTokenException")
        return message + ": the endpoint wants signed requests; connect with credentials.";
    return message;
}

} // namespace

KinesisClient::KinesisClient(AwsConfig config, Options options, QObject *parent)
    : QObject(parent), m_config(std::move(config)), m_options(options),
      m_clockOffsetMs(options.clockOffsetMs), m_network(new QNetworkAccessManager(this))
{
    if (!m_config.caBundle.isEmpty()) {
        const QList<QSslCertificate> authorities
            = QSslCertificate::fromPath(m_config.caBundle, QSsl::Pem);
        if (authorities.isEmpty()) {
            m_tlsError = QStringLiteral("The CA bundle %1 (AWS_CA_BUNDLE or ca_bundle) holds no "
                                        "PEM certificate: check the path.")
                             .arg(m_config.caBundle);
        } else {
            QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
            tls.addCaCertificates(authorities);
            m_tls = tls;
        }
    }
}

bool KinesisClient::isThrottling(const QByteArray &errorType)
{
    static const char *const throttling[] = {"ProvisionedThroughputExceededException",
                                             "ThrottlingException",
                                             "Throttling",
                                             "TooManyRequestsException",
                                             "RequestLimitExceeded",
                                             "RequestThrottled",
                                             "SlowDown",
                                             "LimitExceededException"};
    return std::any_of(std::begin(throttling), std::end(throttling),
                       [&](const char *t) { return errorType == t; });
}

bool KinesisClient::isRetryable(const QByteArray &errorType, int httpStatus)
{
    return isThrottling(errorType) || httpStatus >= 500 || errorType == "InternalFailureException"
           || errorType == "ServiceUnavailable";
}

void KinesisClient::call(const QByteArray &operation, const QJsonObject &body, Done done)
{
    callWithBody(operation, QJsonDocument(body).toJson(QJsonDocument::Compact), std::move(done));
}

QNetworkRequest KinesisClient::signedRequest(const QByteArray &operation,
                                             const QByteArray &body) const
{
    const QUrl url(m_config.endpointUrl);
    QNetworkRequest request(url);
    QByteArray hostHeader = url.host().toUtf8();
    if (url.port() > 0)
        hostHeader += ':' + QByteArray::number(url.port());
    for (const auto &[name, value] :
         signAwsJsonRequest(m_options.service, m_config, hostHeader, operation, body,
                            QDateTime::currentDateTimeUtc().addMSecs(m_clockOffsetMs)))
        if (name != "host") // Qt writes Host itself, from the URL, exactly as signed
            request.setRawHeader(name, value);
    if (m_tls)
        request.setSslConfiguration(*m_tls);
    return request;
}

void KinesisClient::callWithBody(const QByteArray &operation, QByteArray body, Done done)
{
    ++m_stats.calls;
    attempt(operation, std::move(body), std::move(done), 0);
}

void KinesisClient::attempt(QByteArray operation, QByteArray body, Done done, int attemptNumber)
{
    ++m_stats.attempts;
    if (!m_tlsError.isEmpty()) {
        core::Error e = core::makeError(ErrorCode::InternalFailure, m_tlsError.toStdString());
        e.type = "EndpointConnectionError";
        QTimer::singleShot(0, this, [done, e] { done(e); });
        return;
    }
    QNetworkRequest request = signedRequest(operation, body);
    request.setTransferTimeout(m_options.timeoutMs);
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    QNetworkReply *reply = m_network->post(request, body);
    connect(
        reply, &QNetworkReply::finished, this,
        [this, reply, operation, body, done, attemptNumber]() mutable {
            reply->deleteLater();
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            const QByteArray payload = reply->isReadable() ? reply->readAll() : QByteArray();
            std::optional<core::Error> error;
            QByteArray type;
            if (status == 0) {
                // No HTTP answer at all.
                const auto e = reply->error();
                std::string why = reply->errorString().toStdString();
                if (e == QNetworkReply::OperationCanceledError || e == QNetworkReply::TimeoutError)
                    why = "no answer within "
                          + (m_options.timeoutMs % 1000
                                 ? std::to_string(m_options.timeoutMs) + " ms"
                                 : std::to_string(m_options.timeoutMs / 1000) + " s");
                const bool tls = e == QNetworkReply::SslHandshakeFailedError;
                error = core::makeError(ErrorCode::InternalFailure,
                                        "Cannot reach " + m_config.endpointUrl.toStdString() + ": "
                                            + why
                                            + (tls ? ". The endpoint's certificate is not trusted "
                                                     "here: name the certificate "
                                                     "authority that signed it in AWS_CA_BUNDLE "
                                                     "(or ca_bundle in the profile) — "
                                                     "for `shardscope-cli serve --tls`, the "
                                                     "endpoint-cert.pem it writes."
                                                   : ". Check the endpoint URL and that the "
                                                     "service is running and reachable."));
                error->type = "EndpointConnectionError";
                // A certificate the client does not trust stays untrusted: no retry.
                type = tls ? "SslHandshakeFailed" : "ServiceUnavailable";
            } else if (status != 200) {
                const QJsonObject o = QJsonDocument::fromJson(payload).object();
                type = o.value(QStringLiteral("__type")).toString().toUtf8();
                if (type.contains('#'))
                    type = type.mid(type.lastIndexOf('#') + 1);
                if (type.isEmpty())
                    type = reply->rawHeader("x-amzn-ErrorType").split(':').front();
                std::string message = o.value(QStringLiteral("message")).toString().toStdString();
                if (message.empty())
                    message = o.value(QStringLiteral("Message")).toString().toStdString();
                if (type.isEmpty())
                    type = status >= 500 ? "InternalFailureException" : "UnknownError";
                const ErrorCode code = isAuthError(type) ? ErrorCode::AccessDenied : codeFor(type);
                if (type == "UnknownOperationException")
                    message = (message.empty() ? "" : message + " ")
                              + m_config.endpointUrl.toStdString() + " does not implement "
                              + operation.toStdString()
                              + " (emulators implement a subset of Kinesis).";
                error = core::makeError(code, explainAuth(type, message));
                error->type = type.toStdString(); // the service's own name, whatever it is
            }
            if (!error) {
                // Operations without output (CreateStream, SplitShard, …) answer with an empty body
                // on AWS.
                if (payload.trimmed().isEmpty()) {
                    done(QJsonObject());
                    return;
                }
                const QJsonDocument doc = QJsonDocument::fromJson(payload);
                done(doc.isObject() ? core::Result<QJsonObject>(doc.object())
                                    : core::Result<QJsonObject>(core::makeError(
                                        ErrorCode::InternalFailure, "The endpoint's answer to "
                                                                        + operation.toStdString()
                                                                        + " is not JSON.")));
                return;
            }
            if (isThrottling(type))
                ++m_stats.throttled;
            // Clock skew, as the SDKs correct it: the signature expired on the service's clock;
            // take the service's time from its Date header and sign again (once per skew).
            if ((type == "InvalidSignatureException"
                 && error->message.find("Signature expired") != std::string::npos)
                || type == "RequestTimeTooSkewed" || type == "RequestExpired") {
                const QDateTime serverNow = parseHttpDate(reply->rawHeader("Date"));
                if (serverNow.isValid()) {
                    const qint64 skew
                        = serverNow.toMSecsSinceEpoch() - QDateTime::currentMSecsSinceEpoch();
                    if (std::abs(skew - m_clockOffsetMs) > 60'000) {
                        m_clockOffsetMs = skew;
                        m_stats.clockSkewMs
                            = skew - m_options.clockOffsetMs; // against this computer's own clock
                        ++m_stats.retries;
                        attempt(operation, body, done,
                                attemptNumber); // not a retry of the call: a correction
                        return;
                    }
                }
            }
            if (attemptNumber + 1 < m_options.maxAttempts && isRetryable(type, status)) {
                ++m_stats.retries;
                // Full jitter: random(0, min(cap, base * 2^attempt)).
                const int cap = std::min(m_options.maxBackoffMs,
                                         m_options.baseBackoffMs << std::min(attemptNumber, 16));
                const int wait = int(QRandomGenerator::global()->bounded(cap + 1));
                QTimer::singleShot(wait, this, [this, operation, body, done, attemptNumber] {
                    attempt(operation, body, done, attemptNumber + 1);
                });
                return;
            }
            done(*error);
        });
}

core::Error KinesisClient::serviceError(int status, const QByteArray &payload,
                                        const QByteArray &errorHeader,
                                        const QByteArray &operation) const
{
    const QJsonObject o = QJsonDocument::fromJson(payload).object();
    QByteArray type = o.value(QStringLiteral("__type")).toString().toUtf8();
    if (type.contains('#'))
        type = type.mid(type.lastIndexOf('#') + 1);
    if (type.isEmpty())
        type = errorHeader.split(':').front();
    std::string message = o.value(QStringLiteral("message")).toString().toStdString();
    if (message.empty())
        message = o.value(QStringLiteral("Message")).toString().toStdString();
    if (type.isEmpty())
        type = status >= 500 ? "InternalFailureException" : "UnknownError";
    if (type == "UnknownOperationException")
        message = (message.empty() ? "" : message + " ") + m_config.endpointUrl.toStdString()
                  + " does not implement " + operation.toStdString()
                  + " (emulators implement a subset of Kinesis).";
    core::Error e = core::makeError(isAuthError(type) ? ErrorCode::AccessDenied : codeFor(type),
                                    explainAuth(type, message));
    e.type = type.toStdString();
    return e;
}

QNetworkReply *KinesisClient::stream(const QByteArray &operation, const QByteArray &body,
                                     StreamHandlers handlers)
{
    ++m_stats.calls;
    ++m_stats.attempts;
    QNetworkRequest request = signedRequest(operation, body);
    request.setTransferTimeout(30'000);
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, true);
    if (request.url().scheme() == QStringLiteral("http"))
        request.setAttribute(QNetworkRequest::Http2DirectAttribute, true);
    QNetworkReply *reply = m_network->post(request, body);
    auto shared = std::make_shared<StreamHandlers>(std::move(handlers));
    auto status
        = [reply] { return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(); };
    connect(reply, &QNetworkReply::readyRead, this, [reply, shared, status] {
        if (status() == 200)
            shared->data(reply->readAll());
    });
    connect(reply, &QNetworkReply::finished, this, [this, reply, shared, status, operation] {
        reply->deleteLater();
        const int code = status();
        if (code == 200) {
            if (reply->bytesAvailable() > 0)
                shared->data(reply->readAll());
            if (reply->error() == QNetworkReply::NoError
                || reply->error() == QNetworkReply::OperationCanceledError)
                return shared->finished(std::nullopt, true);
            core::Error e
                = core::makeError(ErrorCode::InternalFailure,
                                  "The event stream from " + m_config.endpointUrl.toStdString()
                                      + " broke off: " + reply->errorString().toStdString());
            e.type = "EndpointConnectionError";
            return shared->finished(e, true);
        }
        if (code == 0) {
            core::Error e = core::makeError(ErrorCode::InternalFailure,
                                            "Cannot reach " + m_config.endpointUrl.toStdString()
                                                + ": " + reply->errorString().toStdString());
            e.type = "EndpointConnectionError";
            return shared->finished(e, false);
        }
        shared->finished(
            serviceError(code, reply->readAll(), reply->rawHeader("x-amzn-ErrorType"), operation),
            false);
    });
    return reply;
}

core::ErrorCode KinesisClient::errorCode(const QByteArray &type)
{
    return isAuthError(type) ? ErrorCode::AccessDenied : codeFor(type);
}

} // namespace shs::net
