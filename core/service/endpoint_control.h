// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// EndpointControl: what the workbench may do with the local Kinesis endpoint — start it on an
// address and port, stop it, and see who talks to it. The composition root implements it over
// net::EndpointServer (the UI never sees core/net); a remote backend has none.
#include "engine/result.h"
#include "fault_injector.h"

#include <QString>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace shs::service {

/// One client seen by the endpoint: an address and a user agent.
struct EndpointClient
{
    std::string address;
    std::string userAgent;
    std::int64_t requests = 0;
    double requestsPerSecond = 0;               ///< over the last 10 seconds
    std::map<std::string, std::int64_t> errors; ///< by __type
    std::int64_t lastSeenMs = 0;                ///< wall clock
};

struct EndpointStatus
{
    bool running = false;
    QString url; ///< "http://127.0.0.1:4567" while running
    int connections = 0;
    std::int64_t requests = 0;
    std::int64_t errors = 0;
    std::vector<EndpointClient> clients; ///< most recently seen first
};

class EndpointControl
{
  public:
    virtual ~EndpointControl() = default;
    /// Listens on `address`:`port` (0: any free port). Refusals (port in use, no such address)
    /// come back as errors naming the reason. Quick: it does not wait for the network.
    virtual core::Result<void> start(const QString &address, int port) = 0;
    virtual void stop() = 0;
    /// A snapshot; thread-safe.
    virtual EndpointStatus status() const = 0;
    /// The fault rules the endpoint applies to its requests; kept while it is stopped and applied
    /// again when it starts.
    virtual FaultInjector &faults() = 0;
};

} // namespace shs::service
