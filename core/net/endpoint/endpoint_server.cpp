// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "endpoint_server.h"

#include <QSslKey>
#include <QThread>

namespace shs::net {

EndpointServer::EndpointServer(service::EngineHost &host, Options options)
    : m_options(std::move(options)), m_endpoint(host, m_options.region)
{}

EndpointServer::~EndpointServer()
{
    stop();
}

core::Result<void> EndpointServer::start()
{
    if (m_server)
        return {};
    m_thread = std::make_unique<QThread>();
    m_thread->setObjectName(QStringLiteral("shs-endpoint"));
    m_context = new QObject;
    m_context->moveToThread(m_thread.get());
    m_thread->start();
    QString error;
    bool ok = false;
    QMetaObject::invokeMethod(
        m_context,
        [this, &error, &ok] {
            auto *server = new HttpServer(
                m_options.http,
                [this](HttpRequest r, Responder respond) {
                    m_endpoint.handle(std::move(r), std::move(respond));
                },
                m_context);
            ok = server->listen(m_options.address, m_options.port, &error);
            if (ok) {
                m_server = server;
                m_port = server->port();
            } else {
                delete server;
            }
        },
        Qt::BlockingQueuedConnection);
    if (!ok) {
        stop();
        return core::makeError(core::ErrorCode::InternalFailure,
                               QStringLiteral("cannot listen on %1:%2: %3")
                                   .arg(m_options.address.toString())
                                   .arg(m_options.port)
                                   .arg(error)
                                   .toStdString());
    }
    return {};
}

void EndpointServer::stop()
{
    if (!m_thread)
        return;
    QMetaObject::invokeMethod(
        m_context,
        [this] {
            delete m_context; // and the server with its connections
            m_context = nullptr;
            m_server = nullptr;
        },
        Qt::BlockingQueuedConnection);
    m_thread->quit();
    m_thread->wait();
    m_thread.reset();
    m_port = 0;
}

QString EndpointServer::url() const
{
    QString host = m_options.address.toString();
    if (m_options.address.protocol() == QAbstractSocket::IPv6Protocol)
        host = QLatin1Char('[') + host + QLatin1Char(']');
    return QStringLiteral("%1://%2:%3")
        .arg(m_options.http.tls ? QStringLiteral("https") : QStringLiteral("http"), host)
        .arg(m_port);
}

std::optional<QSslConfiguration> EndpointServer::tlsConfiguration(const QByteArray &certificatePem,
                                                                  const QByteArray &keyPem,
                                                                  QString *error)
{
    const QList<QSslCertificate> chain = QSslCertificate::fromData(certificatePem, QSsl::Pem);
    if (chain.isEmpty() || chain.front().isNull()) {
        *error = QStringLiteral("no PEM certificate found");
        return std::nullopt;
    }
    QSslKey key;
    for (const auto algorithm : {QSsl::Ec, QSsl::Rsa, QSsl::Dsa}) {
        key = QSslKey(keyPem, algorithm, QSsl::Pem);
        if (!key.isNull())
            break;
    }
    if (key.isNull()) {
        *error = QStringLiteral("no unencrypted PEM private key (EC, RSA or DSA) found");
        return std::nullopt;
    }
    QSslConfiguration config = QSslConfiguration::defaultConfiguration();
    config.setLocalCertificateChain(chain);
    config.setPrivateKey(key);
    config.setPeerVerifyMode(QSslSocket::VerifyNone);
    config.setProtocol(QSsl::TlsV1_2OrLater);
    return config;
}

int EndpointServer::openConnections() const
{
    return m_server ? m_server->openConnections() : 0;
}

} // namespace shs::net
