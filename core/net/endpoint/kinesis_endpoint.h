// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// KinesisEndpoint: the Kinesis wire API (AWS JSON 1.1) over an EngineHost. A request is decoded
// into the same engine request the workbench uses, posted to the engine thread, and answered from
// the continuation (house style: "the endpoint is just another client").
//
//   POST / with X-Amz-Target: Kinesis_20131202.<Operation>, Content-Type application/x-amz-json-1.1
//   → 200 with the operation's JSON, or 400/500 with {"__type", "message"} and x-amzn-ErrorType;
//   every answer carries x-amzn-RequestId.
//
// Authentication: an AWS4-HMAC-SHA256 Authorization header (or presigned query) must be present
// and well-formed (MissingAuthenticationTokenException / IncompleteSignatureException). With
// credentials configured (setCredentials, from an AWS credentials file) the signature is verified
// too: an unknown access key is UnrecognizedClientException, a wrong signature or a clock more
// than 15 minutes off is InvalidSignatureException, with AWS's texts.
#include "http/http_server.h"

#include "service/endpoint_control.h"
#include "service/engine_host.h"
#include "service/fault_injector.h"

#include <QObject>
#include <QString>

#include <array>
#include <atomic>
#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace shs::net {

class KinesisEndpoint
{
  public:
    struct Stats
    {
        std::atomic<qint64> requests{0};
        std::atomic<qint64> errors{0};
    };

    /// `region`: the engine's; requests signed for another region are refused as AWS refuses them
    /// (empty accepts any).
    explicit KinesisEndpoint(service::EngineHost &host, std::string region = {});

    /// Access key id → secret; empty (the default) accepts any well-formed signature.
    void setCredentials(std::map<std::string, std::string> secretsByAccessKey);
    /// The pairs of an AWS credentials file (`[profile]`, `aws_access_key_id`,
    /// `aws_secret_access_key`); nullopt with `error` naming the problem.
    static std::optional<std::map<std::string, std::string>>
    parseCredentialsFile(const QByteArray &text, std::string *error);

    /// The HttpServer handler: runs on the server's thread, answers later from any thread.
    void handle(HttpRequest request, Responder respond);

    const Stats &stats() const { return m_stats; }
    /// Requests per operation and errors per `__type` so far.
    std::map<std::string, qint64> countsByOperation() const;
    std::map<std::string, qint64> countsByError() const;

    /// The clients seen (address + user agent), most recent first, at most 64.
    std::vector<service::EndpointClient> clients() const;

    /// The operations served, in AWS's spelling.
    static QStringList operations();

    /// Fault rules for the Kinesis requests served here (service/fault_injector.h). Also reachable
    /// over HTTP from loopback: GET, POST and DELETE on /_shardscope/faults[/ID].
    service::FaultInjector &faults() { return *m_faults; }
    /// Shares rules that outlive this endpoint (the workbench keeps them across stop and start).
    void setFaults(std::shared_ptr<service::FaultInjector> faults) { m_faults = std::move(faults); }

  private:
    struct Client
    {
        service::EndpointClient info;
        std::int64_t bucketSecond = 0;
        std::array<std::int64_t, 10> perSecond{}; // requests in each of the last 10 seconds
    };
    void count(const std::string &operation, const std::string &error,
               const std::string &clientKey = {}, const HttpRequest *request = nullptr);
    /// An error answered after the request was counted (the engine refused it).
    void countError(const std::string &error, const std::string &clientKey);
    /// SubscribeToShard: a 200 whose body is the event stream (in the request's encoding).
    void subscribe(const QJsonObject &body, bool cbor, Responder respond,
                   const std::string &clientKey);

    /// A Kinesis request with fault rules in force: placed (stream, shards), decided, applied.
    void serveWithFaults(const std::string &op, QJsonObject body, bool cbor, Responder respond,
                         const std::string &client, const QByteArray &amzDate);
    void applyFaults(const std::string &op, QJsonObject body, bool cbor, Responder respond,
                     const std::string &client, const QByteArray &amzDate, service::FaultCall call);
    /// The fault control API: /_shardscope/faults.
    void faultControl(const HttpRequest &request, Responder respond);
    /// /_shardscope/zones: GET the zones; POST /_shardscope/zones/NAME {"action":
    /// "down"|"up"|"wipe"} (loopback only).
    void zoneControl(const HttpRequest &request, Responder respond);

    service::EngineHost &m_host;
    std::shared_ptr<service::FaultInjector> m_faults = std::make_shared<service::FaultInjector>();
    /// Where zone and disk faults bring their zone back (its timers die with the endpoint).
    std::unique_ptr<QObject> m_zoneTimers = std::make_unique<QObject>();
    std::string m_region;
    Stats m_stats;
    mutable std::mutex m_countsMutex;
    std::map<std::string, qint64> m_byOperation;
    std::map<std::string, qint64> m_byError;
    std::map<std::string, Client> m_clients;      // by "address\nuser agent"
    std::map<std::string, std::string> m_secrets; // guarded by m_countsMutex
};

} // namespace shs::net
