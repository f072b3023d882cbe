// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// LocalKinesis: an in-process Shardscope endpoint (engine in memory, on real time) standing in for
// a Kinesis service in the remote-mode tests — the same wire protocol, SigV4 and error shapes —
// and the AwsConfig that reaches it. Header-only: the tests that use it link shs_net and shs_store.
#include "endpoint/endpoint_server.h"
#include "remote/aws_config.h"

#include "crypto/self_signed.h"
#include "engine/clock.h"
#include "service/engine_host.h"
#include "store/memory_storage.h"

#include <map>
#include <memory>
#include <optional>
#include <string>

namespace shs::test {

/// A generated self-signed certificate (as `serve --tls` makes one) and the server side of TLS.
struct TestTls
{
    std::string certificatePem;
    QSslConfiguration server;
};

inline std::optional<TestTls> makeTestTls(QString *why)
{
    std::string error;
    const auto pem = crypto::makeSelfSignedCertificate(&error);
    if (!pem) {
        *why = QString::fromStdString(error);
        return std::nullopt;
    }
    const auto tls
        = net::EndpointServer::tlsConfiguration(QByteArray::fromStdString(pem->certificate),
                                                QByteArray::fromStdString(pem->privateKey), why);
    if (!tls)
        return std::nullopt;
    return TestTls{pem->certificate, *tls};
}

struct LocalKinesis
{
    std::shared_ptr<core::ScaledClock> clock = std::make_shared<core::ScaledClock>();
    std::unique_ptr<service::EngineHost> host;
    std::unique_ptr<net::EndpointServer> server;

    /// Starts on a free loopback port with `limits` ("aws", "off", …) and state transitions of
    /// `transitionMs`; with `credentials` (access key → secret) signatures are verified; with
    /// `tls` it serves HTTPS.
    bool start(const std::string &limits = "off", std::int64_t transitionMs = 100,
               std::map<std::string, std::string> credentials = {},
               std::optional<QSslConfiguration> tls = {})
    {
        core::EngineConfig cfg;
        cfg.createDelayMs = cfg.deleteDelayMs = cfg.updateDelayMs = transitionMs;
        if (!core::LimitsProfile::parse(limits, cfg.limits))
            return false;
        host = std::make_unique<service::EngineHost>(std::make_unique<store::MemoryStorage>(), cfg,
                                                     clock);
        if (!host->start())
            return false;
        net::EndpointServer::Options options;
        options.port = 0;
        options.region = "us-east-1";
        options.http.tls = std::move(tls);
        server = std::make_unique<net::EndpointServer>(*host, options);
        if (!credentials.empty())
            server->endpoint().setCredentials(std::move(credentials));
        return server->start().has_value();
    }

    bool createStream(const std::string &name, int shards)
    {
        core::CreateStreamRequest c;
        c.streamName = name;
        c.shardCount = shards;
        return host->call<void>([c](core::Engine &e) { return e.createStream(c); }).has_value();
    }

    net::AwsConfig config(const QString &accessKeyId,
                          const QString &secret = QStringLiteral("secret")) const
    {
        net::AwsConfig c;
        c.accessKeyId = accessKeyId;
        c.secretAccessKey = secret;
        c.region = QStringLiteral("us-east-1");
        c.endpointUrl = server->url();
        return c;
    }
};

} // namespace shs::test
