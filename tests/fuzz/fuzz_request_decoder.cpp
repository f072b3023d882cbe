// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
// The endpoint's request decoding, JSON and CBOR, end to end through the engine: the input's first
// byte picks the operation and the encoding, the rest is the body. Every input must be answered
// with an AWS error shape or a result (never a crash, a hang or a malformed answer).
// Corpus: corpus/fuzz_request_decoder/<Operation>.json and .cbor, one pair per operation of the
// catalogue (first byte = the operation's index in KinesisEndpoint::operations() * 2, + 1 for
// CBOR; tst_catalogue checks that every operation has its pair and that the bytes pick it).
#include "endpoint/kinesis_endpoint.h"

#include "service/engine_host.h"
#include "store/memory_storage.h"

#include <QCborMap>
#include <QCborValue>
#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStringList>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <future>

using namespace shs;

namespace {
struct World
{
    std::shared_ptr<core::ScaledClock> clock
        = std::make_shared<core::ScaledClock>(1'795'687'200'000, 1.0);
    std::unique_ptr<service::EngineHost> host;
    std::unique_ptr<net::KinesisEndpoint> endpoint;
    QStringList operations = net::KinesisEndpoint::operations();
    World()
    {
        core::EngineConfig cfg;
        cfg.createDelayMs = 0;
        cfg.limits = core::LimitsProfile::off();
        host = std::make_unique<service::EngineHost>(std::make_unique<store::MemoryStorage>(), cfg,
                                                     clock);
        if (!host->start())
            std::abort();
        endpoint = std::make_unique<net::KinesisEndpoint>(*host);
        // Something to find: a stream with records.
        core::CreateStreamRequest c;
        c.streamName = "fuzz";
        c.shardCount = 2;
        (void)host->call<void>([c](core::Engine &e) { return e.createStream(c); });
    }
    ~World() { host->stop(); }
};
World &world()
{
    static int argc = 1;
    static char name[] = "fuzz_request_decoder";
    static char *argv[] = {name, nullptr};
    static QCoreApplication app(argc, argv);
    static World w;
    return w;
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    World &w = world();
    if (size == 0)
        return 0;
    const int pick = data[0];
    const bool cbor = pick & 1;
    const QString op = w.operations[(pick >> 1) % w.operations.size()];
    net::HttpRequest req;
    req.method = "POST";
    req.target = "/";
    req.version = "HTTP/1.1";
    req.headers
        = {{"content-type", cbor ? "application/x-amz-cbor-1.1" : "application/x-amz-json-1.1"},
           {"x-amz-target", "Kinesis_20131202." + op.toLatin1()},
           {"x-amz-date", "20261126T100000Z"},
           {"authorization",
            "AWS4-HMAC-SHA256 Credential=AKID/20261126/us-east-1/kinesis/aws4_request, "
            "SignedHeaders=host, Signature=00"}};
    req.body = QByteArray(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));
    auto answer = std::make_shared<std::promise<net::HttpResponse>>();
    auto future = answer->get_future();
    w.endpoint->handle(std::move(req),
                       [answer](net::HttpResponse r) { answer->set_value(std::move(r)); });
    if (future.wait_for(std::chrono::seconds(10)) != std::future_status::ready) {
        std::fprintf(stderr, "fuzz_request_decoder: %s was never answered\n", qPrintable(op));
        std::abort();
    }
    net::HttpResponse r = future.get();
    static int counts[2] = {0, 0};
    static const bool reported = [] {
        std::atexit([] {
            std::printf("fuzz_request_decoder: %d answered 200, %d answered with an error shape\n",
                        counts[0], counts[1]);
        });
        return true;
    }();
    (void)reported;
    ++counts[r.status == 200 ? 0 : 1];
    if (r.status != 200 && r.status != 400 && r.status != 404 && r.status != 500)
        std::abort();
    if (r.stream) { // SubscribeToShard's event stream: a 200, then the client goes
        if (r.status != 200)
            std::abort();
        r.stream->peerClosed();
        return 0;
    }
    // The answer is well-formed in the request's encoding.
    if (cbor) {
        QCborParserError e;
        const QCborValue v = QCborValue::fromCbor(r.body, &e);
        if (e.error != QCborError::NoError || !v.isMap())
            std::abort();
        if (r.status != 200 && !v.toMap().value(QStringLiteral("__type")).isString())
            std::abort();
    } else {
        QJsonParseError e;
        const QJsonDocument d = QJsonDocument::fromJson(r.body, &e);
        if (e.error != QJsonParseError::NoError || !d.isObject())
            std::abort();
        if (r.status != 200 && !d.object().value(QStringLiteral("__type")).isString())
            std::abort();
    }
    return 0;
}
