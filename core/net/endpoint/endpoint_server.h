// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// EndpointServer: the local Kinesis endpoint on its own network thread — an HttpServer whose
// handler is a KinesisEndpoint over the EngineHost. Sockets, parsing and JSON stay off the caller's
// thread (the workbench's UI thread, or shardscope-cli's main thread).
#include "endpoint/kinesis_endpoint.h"
#include "http/http_server.h"

#include "engine/result.h"

#include <QHostAddress>
#include <QString>

#include <memory>
#include <optional>

class QThread;

namespace shs::net {

class EndpointServer
{
  public:
    struct Options
    {
        QHostAddress address = QHostAddress::LocalHost;
        quint16 port = 4567;
        HttpServer::Options http;
        std::string region; ///< the engine's region; requests scoped to another are refused
    };

    EndpointServer(service::EngineHost &host, Options options);
    ~EndpointServer();

    /// Starts the thread and listens; refusals (port in use, address unavailable) say why.
    core::Result<void> start();
    void stop();
    bool running() const { return m_server != nullptr; }
    quint16 port() const { return m_port; }
    /// "http://127.0.0.1:4567" (https with TLS)
    QString url() const;
    /// A TLS configuration from PEM certificate (chain) and key; nullopt with `error` when
    /// unusable.
    static std::optional<QSslConfiguration>
    tlsConfiguration(const QByteArray &certificatePem, const QByteArray &keyPem, QString *error);
    KinesisEndpoint &endpoint() { return m_endpoint; }
    /// Connections open now (thread-safe: the server keeps the count atomically).
    int openConnections() const;

  private:
    Options m_options;
    KinesisEndpoint m_endpoint;
    std::unique_ptr<QThread> m_thread;
    QObject *m_context = nullptr;   // lives on m_thread
    HttpServer *m_server = nullptr; // lives on m_thread
    quint16 m_port = 0;
};

} // namespace shs::net
