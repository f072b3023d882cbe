// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// EmbeddedEndpoint: service::EndpointControl over net::EndpointServer and the embedded engine —
// how the workbench starts and stops the local Kinesis endpoint without seeing core/net.
#include "service/endpoint_control.h"
#include "service/engine_host.h"

#include <memory>

namespace shs::net {
class EndpointServer;
}

namespace shs::app {

class EmbeddedEndpoint final : public service::EndpointControl
{
  public:
    explicit EmbeddedEndpoint(service::EngineHost &host, std::string region = "us-east-1");
    ~EmbeddedEndpoint() override;

    core::Result<void> start(const QString &address, int port) override;
    void stop() override;
    service::EndpointStatus status() const override;
    service::FaultInjector &faults() override { return *m_faults; }
    /// The same rules, for the window's own calls (LocalBackend::setFaults).
    const std::shared_ptr<service::FaultInjector> &sharedFaults() const { return m_faults; }

  private:
    service::EngineHost &m_host;
    std::string m_region;
    std::unique_ptr<net::EndpointServer> m_server;
    std::shared_ptr<service::FaultInjector> m_faults = std::make_shared<service::FaultInjector>();
};

} // namespace shs::app
