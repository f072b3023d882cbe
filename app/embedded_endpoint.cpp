// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "embedded_endpoint.h"

#include "endpoint/endpoint_server.h"

#include <QHostAddress>

namespace shs::app {

EmbeddedEndpoint::EmbeddedEndpoint(service::EngineHost &host, std::string region)
    : m_host(host), m_region(std::move(region))
{}

EmbeddedEndpoint::~EmbeddedEndpoint() = default;

core::Result<void> EmbeddedEndpoint::start(const QString &address, int port)
{
    stop();
    const QHostAddress host(address);
    if (host.isNull())
        return core::makeError(core::ErrorCode::InvalidArgument,
                               "'" + address.toStdString()
                                   + "' is not an IP address (for example 127.0.0.1)");
    if (port < 0 || port > 65535)
        return core::makeError(core::ErrorCode::InvalidArgument, "the port must be 0 to 65535");
    net::EndpointServer::Options options;
    options.address = host;
    options.port = quint16(port);
    options.region = m_region;
    auto server = std::make_unique<net::EndpointServer>(m_host, options);
    server->endpoint().setFaults(m_faults);
    if (auto started = server->start(); !started)
        return started.error();
    m_server = std::move(server);
    return {};
}

void EmbeddedEndpoint::stop()
{
    m_server.reset();
}

service::EndpointStatus EmbeddedEndpoint::status() const
{
    service::EndpointStatus s;
    if (!m_server)
        return s;
    s.running = true;
    s.url = m_server->url();
    s.connections = m_server->openConnections();
    s.requests = m_server->endpoint().stats().requests.load();
    s.errors = m_server->endpoint().stats().errors.load();
    s.clients = m_server->endpoint().clients();
    return s;
}

} // namespace shs::app
