// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "kinesis_endpoint.h"

#include "cbor_bridge.h"
#include "json_writer.h"
#include "shape_json.h"

#include "eventstream/event_stream.h"

#include "service/dispatch.h"

#include "kms/kms_catalogue.h"

#include "crypto/md5.h"
#include "crypto/sigv4.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimeZone>
#include <QTimer>
#include <QUrlQuery>
#include <QUuid>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <functional>
#include <optional>

namespace shs::net {

using namespace shs::core;
namespace shape = core::shape;

namespace {

constexpr auto kJson = "application/x-amz-json-1.1";
constexpr auto kCbor = "application/x-amz-cbor-1.1";
constexpr auto kTargetPrefix = "Kinesis_20131202.";

QByteArray requestId()
{
    return QUuid::createUuid().toByteArray(QUuid::WithoutBraces);
}

HttpResponse errorResponse(std::string_view type, const std::string &message, int status = 400)
{
    JsonWriter w;
    w.beginObject().member("__type", type).member("message", message).endObject();
    HttpResponse r;
    r.status = status;
    r.headers = {{"Content-Type", kJson},
                 {"x-amzn-RequestId", requestId()},
                 {"x-amzn-ErrorType", QByteArray(type.data(), qsizetype(type.size()))}};
    r.body = w.take();
    return r;
}

HttpResponse errorResponse(const Error &e)
{
    return errorResponse(e.name(), e.message, httpStatus(e.code));
}

HttpResponse okResponse(QByteArray body)
{
    HttpResponse r;
    r.headers = {{"Content-Type", kJson}, {"x-amzn-RequestId", requestId()}};
    r.body = std::move(body);
    return r;
}

using Finish = std::function<void(Result<QByteArray>)>;
using Handler = std::function<void(const QJsonObject &, service::EngineHost &, Finish)>;

/// One operation of the catalogue on the wire: the request read and checked against its shape,
/// run on the engine host, the answer written in the service's member order.
template <class Req, class Resp>
void serve(const ops::Operation<Req, Resp> &op, const QJsonObject &body, service::EngineHost &host,
           Finish done)
{
    shapejson::Reading reading;
    Req request = shapejson::decode<Req>(body, reading);
    if (auto problem = reading.problem())
        return done(*problem);
    if (auto invalid = shape::validate(request).error())
        return done(*invalid);
    service::dispatch<Req, Resp>(host, op, std::move(request),
                                 [done = std::move(done), &op](Result<Resp> r) {
                                     if (!r)
                                         return done(r.error());
                                     if constexpr (std::is_void_v<Resp>)
                                         done(QByteArray("{}"));
                                     else
                                         done(shapejson::encode(r.value(), {}, op.responseWrapper));
                                 });
}

const std::map<std::string, Handler, std::less<>> &operationTable()
{
    static const auto table = [] {
        std::map<std::string, Handler, std::less<>> t;
        ops::forEach([&t](const auto &op) {
            t.emplace(std::string(op.name),
                      [&op](const QJsonObject &body, service::EngineHost &host, Finish done) {
                          serve(op, body, host, std::move(done));
                      });
        });
        return t;
    }();
    return table;
}

/// One operation of the KMS catalogue on the wire: read and checked against its shape, run on the
/// local KMS (thread-safe; it answers at once), the answer written in KMS's member order.
template <class Req, class Resp>
Result<QByteArray> serveKms(const kms::ops::Operation<Req, Resp> &op, const QJsonObject &body,
                            kms::LocalKms &keys)
{
    shapejson::Reading reading;
    Req request = shapejson::decode<Req>(body, reading);
    if (auto problem = reading.problem())
        return *problem;
    if (auto invalid = shape::validate(request).error())
        return *invalid;
    auto r = op.run(keys, std::move(request));
    if (!r)
        return r.error();
    if constexpr (std::is_void_v<Resp>)
        return QByteArray("{}");
    else
        return shapejson::encode(r.value());
}

using KmsHandler = std::function<Result<QByteArray>(const QJsonObject &, kms::LocalKms &)>;

const std::map<std::string, KmsHandler, std::less<>> &kmsTable()
{
    static const auto table = [] {
        std::map<std::string, KmsHandler, std::less<>> t;
        kms::ops::forEach([&t](const auto &op) {
            t.emplace(std::string(op.name), [&op](const QJsonObject &body, kms::LocalKms &keys) {
                return serveKms(op, body, keys);
            });
        });
        return t;
    }();
    return table;
}

/// Checks the SigV4 Authorization header (or presigned query); empty when acceptable.
std::optional<std::pair<std::string, std::string>> authProblem(const HttpRequest &req)
{
    const QByteArray auth = req.header("authorization");
    const QUrlQuery query(QString::fromLatin1(req.target.mid(req.target.indexOf('?') + 1)));
    const bool queryAuth
        = req.target.contains('?') && query.hasQueryItem(QStringLiteral("X-Amz-Algorithm"));
    if (!auth.isEmpty() && queryAuth)
        return std::pair{std::string("InvalidSignatureException"),
                         std::string("Found both 'X-Amz-Algorithm' as a query-string param and "
                                     "'Authorization' as HTTP header.")};
    if (queryAuth) {
        for (const char *p :
             {"X-Amz-Credential", "X-Amz-Signature", "X-Amz-SignedHeaders", "X-Amz-Date"})
            if (!query.hasQueryItem(QLatin1String(p)))
                return std::pair{std::string("IncompleteSignatureException"),
                                 std::string("AWS query-string parameters must include '") + p
                                     + "'."};
        return std::nullopt;
    }
    if (auth.isEmpty())
        return std::pair{std::string("MissingAuthenticationTokenException"),
                         std::string("Missing Authentication Token")};
    if (!auth.startsWith("AWS4-HMAC-SHA256 "))
        return std::pair{
            std::string("IncompleteSignatureException"),
            std::string("Authorization header requires the AWS4-HMAC-SHA256 algorithm.")};
    std::string missing;
    for (const char *p : {"Credential=", "Signature=", "SignedHeaders="})
        if (!auth.contains(p))
            missing += std::string(missing.empty() ? "" : " ") + "Authorization header requires '"
                       + std::string(p, std::strlen(p) - 1) + "' parameter.";
    if (!req.hasHeader("x-amz-date") && !req.hasHeader("date"))
        missing += std::string(missing.empty() ? "" : " ")
                   + "Authorization header requires existence of either a "
                     "'X-Amz-Date' or a 'Date' header.";
    if (!missing.empty())
        return std::pair{std::string("IncompleteSignatureException"),
                         missing + " Authorization=" + auth.toStdString()};
    return std::nullopt;
}

/// "AWS4-HMAC-SHA256 Credential=AKID/20261126/us-east-1/kinesis/aws4_request, SignedHeaders=a;b,
/// Signature=hex"
std::map<std::string, std::string> authorizationParts(const QByteArray &auth)
{
    std::map<std::string, std::string> parts;
    for (const QByteArray &piece : auth.mid(auth.indexOf(' ') + 1).split(',')) {
        const QByteArray p = piece.trimmed();
        const qsizetype eq = p.indexOf('=');
        if (eq > 0)
            parts[p.left(eq).toStdString()] = p.mid(eq + 1).toStdString();
    }
    return parts;
}

/// The SigV4 pieces of a request, from the presigned query or else the Authorization header.
struct SignatureParts
{
    QByteArray path;
    QUrlQuery query;
    bool presigned = false;
    std::string credential, signedHeaders, signature, amzDate;
};

SignatureParts signatureParts(const HttpRequest &req)
{
    SignatureParts s;
    const qsizetype q = req.target.indexOf('?');
    s.path = q < 0 ? req.target : req.target.left(q);
    s.query = QUrlQuery(QString::fromLatin1(q < 0 ? QByteArray() : req.target.mid(q + 1)));
    s.presigned = s.query.hasQueryItem(QStringLiteral("X-Amz-Algorithm"));
    if (s.presigned) {
        auto item = [&s](const char *name) {
            return s.query.queryItemValue(QLatin1String(name), QUrl::FullyDecoded).toStdString();
        };
        s.credential = item("X-Amz-Credential");
        s.signedHeaders = item("X-Amz-SignedHeaders");
        s.signature = item("X-Amz-Signature");
        s.amzDate = item("X-Amz-Date");
    } else {
        auto parts = authorizationParts(req.header("authorization"));
        s.credential = parts["Credential"];
        s.signedHeaders = parts["SignedHeaders"];
        s.signature = parts["Signature"];
        s.amzDate = req.header("x-amz-date").toStdString();
    }
    return s;
}

/// The region of the request's credential scope (AKID/date/region/service/aws4_request), or empty.
std::string scopeRegion(const HttpRequest &req)
{
    const QList<QByteArray> parts
        = QByteArray::fromStdString(signatureParts(req).credential).split('/');
    return parts.size() == 5 ? parts[2].toStdString() : std::string();
}

/// A request's X-Amz-Date against a clock `skewMs` off: AWS's refusal when over 15 minutes apart.
std::optional<std::string> skewProblem(const QByteArray &amzDate, std::int64_t skewMs)
{
    QDateTime signedAt
        = QDateTime::fromString(QString::fromLatin1(amzDate), QStringLiteral("yyyyMMddTHHmmssZ"));
    if (!signedAt.isValid())
        return std::nullopt;
    signedAt.setTimeZone(QTimeZone::utc());
    const QDateTime now = QDateTime::currentDateTimeUtc().addMSecs(skewMs);
    const auto fmt = QStringLiteral("yyyyMMddTHHmmssZ");
    if (signedAt.secsTo(now) > 15 * 60)
        return "Signature expired: " + amzDate.toStdString() + " is now earlier than "
               + now.addSecs(-15 * 60).toString(fmt).toStdString() + " ("
               + now.toString(fmt).toStdString() + " - 15 min.)";
    if (now.secsTo(signedAt) > 15 * 60)
        return "Signature not yet current: " + amzDate.toStdString() + " is still later than "
               + now.addSecs(15 * 60).toString(fmt).toStdString() + " ("
               + now.toString(fmt).toStdString() + " + 15 min.)";
    return std::nullopt;
}

/// Verifies the signature when credentials are configured; the error type and AWS's text if not.
std::optional<std::pair<std::string, std::string>>
signatureProblem(const HttpRequest &req, const std::map<std::string, std::string> &secrets)
{
    const SignatureParts parts = signatureParts(req);
    const QByteArray &path = parts.path;
    const QUrlQuery &query = parts.query;
    const bool presigned = parts.presigned;
    const std::string &credential = parts.credential, &signedHeaders = parts.signedHeaders,
                      &signature = parts.signature, &amzDate = parts.amzDate;
    // Credential = AKID/date/region/service/aws4_request
    const QList<QByteArray> scope = QByteArray::fromStdString(credential).split('/');
    if (scope.size() != 5 || scope[4] != "aws4_request")
        return std::pair{std::string("IncompleteSignatureException"),
                         "Credential should be scoped to a valid region, not '" + credential
                             + "'."};
    const auto secret = secrets.find(scope[0].toStdString());
    if (secret == secrets.end())
        return std::pair{std::string("UnrecognizedClientException"),
                         std::string("The security token included in the request is invalid.")};
    // Clock skew: AWS refuses signatures more than 15 minutes from its clock.
    if (auto skewed = skewProblem(QByteArray::fromStdString(amzDate), 0))
        return std::pair{std::string("InvalidSignatureException"), *skewed};
    crypto::sigv4::CanonicalInput in;
    in.method = req.method.toStdString();
    in.path = QByteArray::fromPercentEncoding(path).toStdString();
    for (const auto &[k, v] : query.queryItems(QUrl::FullyDecoded))
        if (!(presigned && k == QStringLiteral("X-Amz-Signature")))
            in.query.emplace_back(k.toStdString(), v.toStdString());
    for (const QByteArray &name : QByteArray::fromStdString(signedHeaders).split(';'))
        for (const auto &[k, v] : req.headers)
            if (k == name)
                in.headers.emplace_back(k.toStdString(), v.toStdString());
    const QByteArray contentHash = req.header("x-amz-content-sha256");
    in.payloadHash
        = !contentHash.isEmpty() ? contentHash.toStdString()
          : presigned
              ? std::string("UNSIGNED-PAYLOAD")
              : crypto::hex(crypto::sha256({req.body.constData(), std::size_t(req.body.size())}));
    const std::string canonical = crypto::sigv4::canonicalRequest(in);
    const std::string scopeText = scope[1].toStdString() + '/' + scope[2].toStdString() + '/'
                                  + scope[3].toStdString() + "/aws4_request";
    const std::string expected = crypto::sigv4::signature(
        secret->second, scope[1].toStdString(), scope[2].toStdString(), scope[3].toStdString(),
        crypto::sigv4::stringToSign(amzDate, scopeText, canonical));
    if (!crypto::constantTimeEquals(expected, signature))
        return std::pair{std::string("InvalidSignatureException"),
                         std::string("The request signature we calculated does not match the "
                                     "signature you provided. Check "
                                     "your AWS Secret Access Key and signing method. Consult the "
                                     "service documentation for "
                                     "details.")};
    return std::nullopt;
}

/// The stream a request names: StreamName, else the stream of its StreamARN or ConsumerARN.
std::string streamNameOf(const QJsonObject &body)
{
    if (const QString name = body.value(QStringLiteral("StreamName")).toString(); !name.isEmpty())
        return name.toStdString();
    for (const char *member : {"StreamARN", "ConsumerARN"}) {
        const QString arn = body.value(QLatin1String(member)).toString();
        if (const qsizetype at = arn.indexOf(QStringLiteral(":stream/")); at >= 0)
            return arn.mid(at + 8).section(QLatin1Char('/'), 0, 0).toStdString();
    }
    return {};
}

/// The records of a PutRecord or PutRecords body.
QJsonArray putEntries(const std::string &op, const QJsonObject &body)
{
    if (op == ops::PutRecords.name)
        return body.value(QStringLiteral("Records")).toArray();
    return QJsonArray{body};
}

/// The shard each record goes to now (from the latest snapshot's open shards; "" when not known).
std::vector<std::string> routeEntries(const QJsonArray &entries, const core::EngineSnapshot *snap,
                                      const std::string &stream)
{
    std::vector<std::pair<std::string, std::optional<std::string>>> keys;
    for (const QJsonValue &v : entries) {
        const QJsonObject e = v.toObject();
        const QString explicitKey = e.value(QStringLiteral("ExplicitHashKey")).toString();
        keys.emplace_back(e.value(QStringLiteral("PartitionKey")).toString().toStdString(),
                          explicitKey.isEmpty() ? std::nullopt
                                                : std::optional(explicitKey.toStdString()));
    }
    return service::FaultInjector::routeEntries(keys, snap, stream);
}

HttpResponse::Cut cutOf(service::FaultDecision::Cut cut)
{
    switch (cut) {
    case service::FaultDecision::Cut::Drop:
        return HttpResponse::Cut::Drop;
    case service::FaultDecision::Cut::Reset:
        return HttpResponse::Cut::Reset;
    case service::FaultDecision::Cut::None:
        break;
    }
    return HttpResponse::Cut::None;
}

} // namespace

KinesisEndpoint::KinesisEndpoint(service::EngineHost &host, std::string region)
    : m_host(host), m_region(std::move(region))
{}

void KinesisEndpoint::setCredentials(std::map<std::string, std::string> secretsByAccessKey)
{
    std::lock_guard lock(m_countsMutex);
    m_secrets = std::move(secretsByAccessKey);
}

std::optional<std::map<std::string, std::string>>
KinesisEndpoint::parseCredentialsFile(const QByteArray &text, std::string *error)
{
    std::map<std::string, std::string> out;
    std::string section, akid, secret;
    int line = 0;
    auto flush = [&]() -> bool {
        if (akid.empty() && secret.empty())
            return true;
        if (akid.empty() || secret.empty()) {
            *error = "profile [" + section
                     + "] needs both aws_access_key_id and aws_secret_access_key";
            return false;
        }
        out[akid] = secret;
        akid.clear();
        secret.clear();
        return true;
    };
    for (const QByteArray &raw : text.split('\n')) {
        ++line;
        const QByteArray l = raw.trimmed();
        if (l.isEmpty() || l.startsWith('#') || l.startsWith(';'))
            continue;
        if (l.startsWith('[') && l.endsWith(']')) {
            if (!flush())
                return std::nullopt;
            section = l.mid(1, l.size() - 2).trimmed().toStdString();
            continue;
        }
        const qsizetype eq = l.indexOf('=');
        if (eq <= 0) {
            *error = "line " + std::to_string(line) + " is not 'key = value'";
            return std::nullopt;
        }
        const QByteArray key = l.left(eq).trimmed().toLower();
        const std::string value = l.mid(eq + 1).trimmed().toStdString();
        if (key == "aws_access_key_id")
            akid = value;
        else if (key == "aws_secret_access_key")
            secret = value;
    }
    if (!flush())
        return std::nullopt;
    if (out.empty()) {
        *error = "no aws_access_key_id / aws_secret_access_key pairs found";
        return std::nullopt;
    }
    return out;
}

QStringList KinesisEndpoint::operations()
{
    QStringList out;
    for (const auto &[name, op] : operationTable())
        out << QString::fromStdString(name);
    out << QString::fromLatin1(ops::SubscribeToShard.name.data(),
                               qsizetype(ops::SubscribeToShard.name.size()));
    out.sort();
    return out;
}

void KinesisEndpoint::subscribe(const QJsonObject &body, bool cbor, Responder respond,
                                const std::string &client)
{
    shapejson::Reading reading;
    auto request = shapejson::decode<SubscribeToShardRequest>(body, reading);
    std::optional<Error> refusal = reading.problem();
    if (!refusal)
        refusal = shape::validate(request).error();
    if (refusal) {
        countError(std::string(refusal->name()), client);
        return respond(errorResponse(*refusal));
    }
    // The subscription's state as the three threads see it: the handle arrives after the
    // subscription may already have started (or the client gone).
    struct State
    {
        std::mutex mutex;
        std::shared_ptr<service::SubscriptionHandle> handle;
        bool closed = false;
        std::optional<bool> writable;
    };
    auto state = std::make_shared<State>();
    auto stream = std::make_shared<ResponseStream>();
    stream->setCallbacks(
        [state](bool writable) {
            const std::lock_guard lock(state->mutex);
            if (state->handle)
                state->handle->setWritable(writable);
            else
                state->writable = writable;
        },
        [state] {
            const std::lock_guard lock(state->mutex);
            state->closed = true;
            if (state->handle)
                state->handle->cancel();
        });
    const char *contentType = cbor ? kCbor : kJson;
    auto payload = [cbor](QByteArray json) { return cbor ? jsonAnswerToCbor(json) : json; };
    service::SubscriptionSink sink;
    sink.started
        = [this, stream, respond, client, contentType, payload](const Result<void> &accepted) {
              if (!accepted) {
                  countError(std::string(accepted.error().name()), client);
                  return respond(errorResponse(accepted.error()));
              }
              HttpResponse r;
              r.headers = {{"Content-Type", "application/vnd.amazon.eventstream"},
                           {"x-amzn-RequestId", requestId()}};
              r.stream = stream;
              respond(std::move(r));
              // The non-stream members of the answer (there are none), before any event.
              stream->write(eventstream::event("initial-response", contentType, payload("{}")));
          };
    sink.event = [stream, contentType, payload](SubscribeToShardEvent e) {
        stream->write(eventstream::event(ops::SubscribeToShard.eventName, contentType,
                                         payload(shapejson::encode(e))));
    };
    sink.ended = [this, stream, client, contentType, payload](std::optional<Error> error) {
        if (error) {
            countError(std::string(error->name()), client);
            JsonWriter w;
            w.beginObject().member("message", error->message).endObject();
            stream->write(eventstream::exception(error->name(), contentType, payload(w.take())));
        }
        stream->finish();
    };
    auto handle = m_host.subscribe(std::move(request), std::move(sink));
    const std::lock_guard lock(state->mutex);
    state->handle = handle;
    if (state->writable)
        handle->setWritable(*state->writable);
    if (state->closed)
        handle->cancel();
}

std::map<std::string, qint64> KinesisEndpoint::countsByOperation() const
{
    std::lock_guard lock(m_countsMutex);
    return m_byOperation;
}

std::map<std::string, qint64> KinesisEndpoint::countsByError() const
{
    std::lock_guard lock(m_countsMutex);
    return m_byError;
}

void KinesisEndpoint::count(const std::string &operation, const std::string &error,
                            const std::string &clientKey, const HttpRequest *request)
{
    ++m_stats.requests;
    if (!error.empty())
        ++m_stats.errors;
    std::lock_guard lock(m_countsMutex);
    if (!operation.empty())
        ++m_byOperation[operation];
    if (!error.empty())
        ++m_byError[error];
    if (clientKey.empty())
        return;
    const std::int64_t nowMs = QDateTime::currentMSecsSinceEpoch();
    auto it = m_clients.find(clientKey);
    if (it == m_clients.end()) {
        if (m_clients.size() >= 64) { // forget the longest silent
            auto oldest = std::min_element(
                m_clients.begin(), m_clients.end(), [](const auto &a, const auto &b) {
                    return a.second.info.lastSeenMs < b.second.info.lastSeenMs;
                });
            m_clients.erase(oldest);
        }
        Client c;
        if (request)
            c.info.address = request->peer.toString().toStdString();
        it = m_clients.emplace(clientKey, std::move(c)).first;
    }
    Client &c = it->second;
    if (request)
        c.info.userAgent = request->header("user-agent").toStdString(); // the latest in full
    const std::int64_t second = nowMs / 1000;
    for (std::int64_t s = std::max(c.bucketSecond + 1, second - 9); s <= second; ++s)
        c.perSecond[std::size_t(s % 10)] = 0;
    c.bucketSecond = second;
    ++c.perSecond[std::size_t(second % 10)];
    ++c.info.requests;
    if (!error.empty())
        ++c.info.errors[error];
    c.info.lastSeenMs = nowMs;
}

void KinesisEndpoint::countError(const std::string &error, const std::string &clientKey)
{
    ++m_stats.errors;
    std::lock_guard lock(m_countsMutex);
    ++m_byError[error];
    if (auto it = m_clients.find(clientKey); it != m_clients.end())
        ++it->second.info.errors[error];
}

std::vector<service::EndpointClient> KinesisEndpoint::clients() const
{
    std::lock_guard lock(m_countsMutex);
    const std::int64_t second = QDateTime::currentMSecsSinceEpoch() / 1000;
    std::vector<service::EndpointClient> out;
    for (const auto &[key, c] : m_clients) {
        service::EndpointClient info = c.info;
        std::int64_t recent = 0;
        for (std::int64_t s = second - 9; s <= second; ++s)
            if (s <= c.bucketSecond && s > c.bucketSecond - 10)
                recent += c.perSecond[std::size_t(s % 10)];
        info.requestsPerSecond = double(recent) / 10.0;
        out.push_back(std::move(info));
    }
    std::sort(out.begin(), out.end(),
              [](const auto &a, const auto &b) { return a.lastSeenMs > b.lastSeenMs; });
    return out;
}

void KinesisEndpoint::handle(HttpRequest request, Responder respond)
{
    if (request.target.startsWith("/_shardscope/faults"))
        return faultControl(request, std::move(respond));
    if (request.target.startsWith("/_shardscope/zones"))
        return zoneControl(request, std::move(respond));
    // A client is an address and a product ("aws-cli/2.9.19", "Boto3/1.26.27"): the rest of a user
    // agent changes per command (the AWS CLI appends command/kinesis.put-record).
    const std::string client = request.peer.toString().toStdString() + '\n'
                               + request.header("user-agent").split(' ').front().toStdString();
    auto fail = [this, &respond, &client, &request](const std::string &op, std::string_view type,
                                                    const std::string &message, int status = 400) {
        count(op, std::string(type), client, &request);
        respond(errorResponse(type, message, status));
    };
    if (request.method == "OPTIONS") {
        HttpResponse r;
        r.headers
            = {{"Access-Control-Allow-Origin", "*"},
               {"Access-Control-Allow-Methods", "POST, OPTIONS"},
               {"Access-Control-Allow-Headers", request.header("access-control-request-headers")},
               {"Access-Control-Max-Age", "172800"},
               {"x-amzn-RequestId", requestId()}};
        return respond(std::move(r));
    }
    const QByteArray target = request.header("x-amz-target");
    const QByteArray contentType
        = request.header("content-type").split(';').front().trimmed().toLower();
    std::string op;
    const bool kmsCall = target.startsWith(QByteArray::fromStdString(
        std::string(kms::ops::kTargetPrefix))); // the local KMS, on the same endpoint
    if (target.startsWith(kTargetPrefix))
        op = target.mid(qsizetype(std::strlen(kTargetPrefix))).toStdString();
    else if (kmsCall)
        op = target.mid(qsizetype(kms::ops::kTargetPrefix.size())).toStdString();
    if (request.method != "POST")
        return fail(op, "UnknownOperationException",
                    "Only POST is supported; the operation goes in X-Amz-Target.");
    if (contentType == kCbor) {
        // The same operations; the answer goes back in CBOR.
        respond = [inner = std::move(respond)](HttpResponse r) {
            if (r.stream) // an event stream: its messages carry CBOR payloads themselves
                return inner(std::move(r));
            r.body = jsonAnswerToCbor(r.body);
            for (auto &[k, v] : r.headers)
                if (k == "Content-Type")
                    v = kCbor;
            inner(std::move(r));
        };
    } else if (contentType != kJson) {
        return fail(op, "UnknownOperationException", "", 404);
    }
    const auto &table = operationTable();
    const auto it = table.find(op);
    const bool subscribing = !kmsCall && op == ops::SubscribeToShard.name;
    if (op.empty())
        return fail(op, "UnknownOperationException", "");
    const auto kmsIt = kmsCall ? kmsTable().find(op) : kmsTable().end();
    if (kmsCall && kmsIt == kmsTable().end()) {
        std::string served;
        kms::ops::forEach([&served](const auto &o) {
            served += (served.empty() ? "" : ", ") + std::string(o.name);
        });
        return fail(op, "UnknownOperationException",
                    "Operation " + op + " is not supported by Shardscope's KMS (it serves " + served
                        + ").");
    }
    if (!kmsCall && it == table.end() && !subscribing) {
        const Error unknown = ops::unknownOperation(op);
        return fail(op, unknown.name(), unknown.message);
    }
    if (auto problem = authProblem(request))
        return fail(op, problem->first, problem->second);
    // The region comes from the credential scope; this endpoint is one region's, as AWS's are.
    if (const std::string scoped = scopeRegion(request);
        !m_region.empty() && !scoped.empty() && scoped != m_region)
        return fail(op, "InvalidSignatureException",
                    "Credential should be scoped to a valid region, not '" + scoped
                        + "'. This endpoint serves " + m_region + ": sign for it (--region "
                        + m_region + ") or start the endpoint with --region " + scoped + ".");
    {
        std::map<std::string, std::string> secrets;
        {
            std::lock_guard lock(m_countsMutex);
            secrets = m_secrets;
        }
        if (!secrets.empty())
            if (auto problem = signatureProblem(request, secrets))
                return fail(op, problem->first, problem->second);
    }
    QJsonObject body;
    if (contentType == kCbor) {
        std::string why;
        auto decoded = cborRequestToJson(request.body, &why);
        if (!decoded)
            return fail(op, "SerializationException", why);
        body = std::move(*decoded);
    } else {
        QJsonParseError parseError{};
        const QJsonDocument doc = request.body.isEmpty()
                                      ? QJsonDocument(QJsonObject{})
                                      : QJsonDocument::fromJson(request.body, &parseError);
        if (parseError.error != QJsonParseError::NoError || !doc.isObject())
            return fail(op, "SerializationException",
                        parseError.error != QJsonParseError::NoError
                            ? "Start of structure or map found where not expected: "
                                  + parseError.errorString().toStdString()
                            : "Start of structure or map found where not expected.");
        body = doc.object();
    }
    // The request, seen; its error (if any) is counted when answered.
    count(op, {}, client, &request);
    if (kmsCall) {
        Result<QByteArray> r = kmsIt->second(body, m_host.keys().kms());
        if (r)
            return respond(okResponse(std::move(r.value())));
        countError(std::string(r.error().name()), client);
        return respond(errorResponse(r.error()));
    }
    if (m_faults->active())
        return serveWithFaults(op, std::move(body), contentType == kCbor, std::move(respond),
                               client, signatureParts(request).amzDate.c_str());
    if (subscribing)
        return subscribe(body, contentType == kCbor, std::move(respond), client);
    it->second(body, m_host, [this, respond, client](Result<QByteArray> r) {
        if (r)
            return respond(okResponse(std::move(r.value())));
        countError(std::string(r.error().name()), client);
        respond(errorResponse(r.error()));
    });
}

void KinesisEndpoint::serveWithFaults(const std::string &op, QJsonObject body, bool cbor,
                                      Responder respond, const std::string &client,
                                      const QByteArray &amzDate)
{
    const std::string label
        = QString::fromStdString(client).replace(QLatin1Char('\n'), QLatin1Char(' ')).toStdString();
    m_faults->noteRequest(label, op, QDateTime::currentMSecsSinceEpoch());
    service::FaultCall call;
    call.operation = op;
    call.client = label;
    call.stream = streamNameOf(body);
    const core::SnapshotPtr snap = m_host.mailbox().latest();
    if (snap)
        call.account = snap->accountId;
    const bool place = m_faults->wantsPlace(op);
    if (op == ops::PutRecords.name || op == ops::PutRecord.name) {
        const QJsonArray entries = putEntries(op, body);
        call.shards = place ? routeEntries(entries, snap.get(), call.stream)
                            : std::vector<std::string>(std::size_t(entries.size()));
    } else if (op == ops::GetRecords.name && place) {
        // The iterator says where it reads; only the engine can open it.
        const std::string iterator
            = body.value(QStringLiteral("ShardIterator")).toString().toStdString();
        using Target = std::optional<std::pair<std::string, std::string>>;
        return m_host.post<Target>(
            [iterator](core::Engine &engine) -> Result<Target> {
                return engine.iteratorTarget(iterator);
            },
            [this, op, body = std::move(body), cbor, respond = std::move(respond), client, amzDate,
             call = std::move(call)](Result<Target> target) mutable {
                if (target && target.value()) {
                    call.stream = target.value()->first;
                    call.shards = {target.value()->second};
                }
                applyFaults(op, std::move(body), cbor, std::move(respond), client, amzDate,
                            std::move(call));
            });
    } else {
        for (const char *member : {"ShardId", "ShardToMerge", "AdjacentShardToMerge"})
            if (const QString id = body.value(QLatin1String(member)).toString(); !id.isEmpty())
                call.shards.push_back(id.toStdString());
    }
    applyFaults(op, std::move(body), cbor, std::move(respond), client, amzDate, std::move(call));
}

void KinesisEndpoint::applyFaults(const std::string &op, QJsonObject body, bool cbor,
                                  Responder respond, const std::string &client,
                                  const QByteArray &amzDate, service::FaultCall call)
{
    const service::FaultDecision d = m_faults->decide(call, QDateTime::currentMSecsSinceEpoch());
    // Zone and disk faults act on the engine's zones at once; the request then meets them.
    for (const auto &z : d.zones) {
        if (auto r = m_host.changeZone(z.zone, z.action); !r) {
            qWarning("shardscope: a zone fault rule could not act: %s", r.error().message.c_str());
            continue;
        }
        if (z.durationMs > 0)
            QTimer::singleShot(
                std::chrono::milliseconds(z.durationMs), m_zoneTimers.get(),
                [this, zone = z.zone] { (void)m_host.changeZone(zone, core::ZoneAction::Up); });
    }
    if (d.cut != service::FaultDecision::Cut::None && !d.cutAfterEngine) {
        HttpResponse r;
        r.cut = cutOf(d.cut);
        r.delayMs = d.delayMs;
        return respond(std::move(r));
    }
    // Whatever the answer is, the faults that shape it go with it.
    auto answer = [respond, d](HttpResponse r) {
        r.delayMs = d.delayMs;
        r.bytesPerSecond = d.bytesPerSecond;
        r.dateSkewMs = d.skewMs;
        if (d.cutAfterEngine)
            r.cut = cutOf(d.cut);
        respond(std::move(r));
    };
    if (d.skewMs != 0)
        if (auto problem = skewProblem(amzDate, d.skewMs)) {
            countError("InvalidSignatureException", client);
            return answer(errorResponse("InvalidSignatureException", *problem));
        }
    if (d.error) {
        countError(d.error->type, client);
        return answer(errorResponse(d.error->type, d.error->message, d.error->status));
    }
    if (op == ops::SubscribeToShard.name) // an event stream: errors and cuts only
        return subscribe(body, cbor, std::move(respond), client);
    const auto it = operationTable().find(op);
    auto finish = [this, answer, client](Result<QByteArray> r) {
        if (r)
            return answer(okResponse(std::move(r.value())));
        countError(std::string(r.error().name()), client);
        answer(errorResponse(r.error()));
    };
    if (d.failEntries.empty())
        return it->second(body, m_host, std::move(finish));

    // A partial failure: the failed entries are not written; the rest are, and the answer lists
    // every entry in the request's order.
    {
        shapejson::Reading reading;
        const auto request = shapejson::decode<PutRecordsRequest>(body, reading);
        if (auto problem = reading.problem())
            return finish(*problem);
        if (auto invalid = shape::validate(request).error())
            return finish(*invalid);
    }
    const QJsonArray entries = body.value(QStringLiteral("Records")).toArray();
    QJsonArray kept;
    for (qsizetype i = 0; i < entries.size(); ++i)
        if (!d.failEntries[std::size_t(i)])
            kept.append(entries[i]);
    auto merge = [d, call, total = entries.size()](const QJsonObject &written) {
        const QJsonArray ok = written.value(QStringLiteral("Records")).toArray();
        int failed = written.value(QStringLiteral("FailedRecordCount")).toInt();
        QJsonArray out;
        qsizetype next = 0;
        for (qsizetype i = 0; i < total; ++i) {
            if (!d.failEntries[std::size_t(i)]) {
                out.append(ok.at(next++));
                continue;
            }
            ++failed;
            const std::string message
                = service::FaultInjector::entryMessage(d, call.shards[std::size_t(i)], call);
            out.append(
                QJsonObject{{QStringLiteral("ErrorCode"), QString::fromStdString(d.entryErrorCode)},
                            {QStringLiteral("ErrorMessage"), QString::fromStdString(message)}});
        }
        QJsonObject o;
        o.insert(QStringLiteral("FailedRecordCount"), failed);
        o.insert(QStringLiteral("Records"), out);
        if (written.contains(QStringLiteral("EncryptionType")))
            o.insert(QStringLiteral("EncryptionType"),
                     written.value(QStringLiteral("EncryptionType")));
        return QJsonDocument(o).toJson(QJsonDocument::Compact);
    };
    if (kept.isEmpty())
        return finish(merge({{QStringLiteral("FailedRecordCount"), 0},
                             {QStringLiteral("EncryptionType"), QStringLiteral("NONE")}}));
    body.insert(QStringLiteral("Records"), kept);
    it->second(body, m_host, [finish, merge](Result<QByteArray> r) {
        if (!r)
            return finish(std::move(r));
        finish(merge(QJsonDocument::fromJson(r.value()).object()));
    });
}

namespace {
/// The control paths' answers (/_shardscope/faults, /_shardscope/zones): JSON, or an AWS-shaped
/// refusal.
struct ControlAnswer
{
    Responder &respond;
    void reply(int status, const QJsonObject &o) const
    {
        HttpResponse r;
        r.status = status;
        r.headers = {{"Content-Type", "application/json"}};
        r.body = QJsonDocument(o).toJson(QJsonDocument::Indented);
        respond(std::move(r));
    }
    void refuse(int status, std::string_view type, const std::string &message) const
    {
        reply(status,
              {{QStringLiteral("__type"), QString::fromUtf8(type.data(), qsizetype(type.size()))},
               {QStringLiteral("message"), QString::fromStdString(message)}});
    }
};
} // namespace

void KinesisEndpoint::faultControl(const HttpRequest &request, Responder respond)
{
    const ControlAnswer answer{respond};
    auto reply = [&answer](int status, const QJsonObject &o) { answer.reply(status, o); };
    auto refuse = [&answer](int status, std::string_view type, const std::string &message) {
        answer.refuse(status, type, message);
    };
    if (!request.peer.isLoopback())
        return refuse(403, "AccessDeniedException",
                      "Fault rules are controlled from this machine only (a loopback address).");
    const qsizetype q = request.target.indexOf('?');
    const QByteArray path = q < 0 ? request.target : request.target.left(q);
    const QByteArray rest = path.mid(qsizetype(std::strlen("/_shardscope/faults")));
    if (!rest.isEmpty() && (!rest.startsWith('/') || rest.count('/') > 1))
        return refuse(
            404, "ResourceNotFoundException",
            "Not a fault control path: use /_shardscope/faults or /_shardscope/faults/ID.");
    const std::string id = rest.mid(1).toStdString();
    if (request.method == "GET" && id.empty()) {
        const QUrlQuery query(
            QString::fromLatin1(q < 0 ? QByteArray() : request.target.mid(q + 1)));
        const std::int64_t after = query.queryItemValue(QStringLiteral("after")).toLongLong();
        QJsonArray rules, fired;
        for (const auto &state : m_faults->rules()) {
            QJsonObject o = service::FaultInjector::toJson(state.rule);
            o.insert(QStringLiteral("matched"), double(state.matched));
            o.insert(QStringLiteral("fired"), double(state.fired));
            rules.append(o);
        }
        for (const auto &f : m_faults->fired(after))
            fired.append(service::FaultInjector::toJson(f));
        return reply(200, {{QStringLiteral("rules"), rules}, {QStringLiteral("fired"), fired}});
    }
    if (request.method == "POST" && id.empty()) {
        QJsonParseError parseError{};
        const QJsonDocument doc = QJsonDocument::fromJson(request.body, &parseError);
        if (parseError.error != QJsonParseError::NoError || !doc.isObject())
            return refuse(400, "SerializationException",
                          "The body must be a JSON object: a rule, or {\"rules\": [...]}.");
        auto rules = service::FaultInjector::parse(doc.object());
        if (!rules)
            return refuse(400, "ValidationException", rules.error().message);
        auto ids = m_faults->addAll(std::move(rules.value()));
        if (!ids)
            return refuse(400, "ValidationException", ids.error().message);
        QJsonArray added;
        for (const auto &i : ids.value())
            added.append(QString::fromStdString(i));
        return reply(200, {{QStringLiteral("added"), added}});
    }
    if (request.method == "DELETE") {
        if (id.empty()) {
            const auto n = qsizetype(m_faults->rules().size());
            m_faults->clear();
            return reply(200, {{QStringLiteral("cleared"), double(n)}});
        }
        if (!m_faults->remove(id))
            return refuse(404, "ResourceNotFoundException",
                          "No fault rule " + id + "; GET /_shardscope/faults lists the rules.");
        return reply(200, {{QStringLiteral("removed"), QString::fromStdString(id)}});
    }
    refuse(405, "MethodNotAllowed",
           "Use GET or POST on /_shardscope/faults, DELETE on /_shardscope/faults[/ID].");
}

namespace {
QJsonObject zoneJson(const core::ZoneStatus &z)
{
    QJsonObject behind;
    for (const auto &[stream, n] : z.behindByStream)
        behind.insert(QString::number(stream), double(n));
    return {{QStringLiteral("Zone"), QString::fromStdString(z.name)},
            {QStringLiteral("State"), QString::fromUtf8(core::zoneStateName(z.state).data())},
            {QStringLiteral("Position"), double(z.lsn)},
            {QStringLiteral("RecordsBehind"), double(z.behind)},
            {QStringLiteral("RecordsCopied"), double(z.copied)},
            {QStringLiteral("RecordsBehindByStreamUid"), behind},
            {QStringLiteral("Detail"), QString::fromStdString(z.detail)}};
}
} // namespace

void KinesisEndpoint::zoneControl(const HttpRequest &request, Responder respond)
{
    const ControlAnswer answer{respond};
    auto reply = [&answer](int status, const QJsonObject &o) { answer.reply(status, o); };
    auto refuse = [&answer](int status, std::string_view type, const std::string &message) {
        answer.refuse(status, type, message);
    };
    if (!request.peer.isLoopback())
        return refuse(403, "AccessDeniedException",
                      "Zones are controlled from this machine only (a loopback address).");
    const QByteArray rest = request.target.mid(qsizetype(std::strlen("/_shardscope/zones")));
    const std::string zone = rest.mid(1).toStdString();
    auto listing = [this] {
        QJsonArray zones;
        for (const auto &z : m_host.zones())
            zones.append(zoneJson(z));
        return QJsonObject{{QStringLiteral("Zones"), zones}};
    };
    if (request.method == "GET" && rest.isEmpty())
        return reply(200, listing());
    if (request.method == "POST" && rest.startsWith('/') && !zone.empty()) {
        const QString action = QJsonDocument::fromJson(request.body)
                                   .object()
                                   .value(QStringLiteral("action"))
                                   .toString();
        const std::optional<core::ZoneAction> a
            = action == QStringLiteral("down")        ? std::optional(core::ZoneAction::Down)
              : action == QStringLiteral("up")        ? std::optional(core::ZoneAction::Up)
              : action == QStringLiteral("wipe")      ? std::optional(core::ZoneAction::Wipe)
              : action == QStringLiteral("disk-full") ? std::optional(core::ZoneAction::DiskFull)
              : action == QStringLiteral("disk-failing")
                  ? std::optional(core::ZoneAction::DiskFailing)
                  : std::nullopt;
        if (!a)
            return refuse(
                400, "ValidationException",
                "The body must be {\"action\": \"down\"}, \"up\", \"wipe\", \"disk-full\" or "
                "\"disk-failing\".");
        if (auto r = m_host.changeZone(zone, *a); !r)
            return refuse(400, r.error().name(), r.error().message);
        return reply(200, listing());
    }
    refuse(405, "MethodNotAllowed",
           "Use GET on /_shardscope/zones, POST {\"action\": \"down\"|\"up\"|\"wipe\"|"
           "\"disk-full\"|\"disk-failing\"} on "
           "/_shardscope/zones/ZONE.");
}

} // namespace shs::net
