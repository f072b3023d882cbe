// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
// The Kinesis endpoint over real sockets: AWS JSON 1.1 shapes and errors, and the HTTP/1.1
// behaviours clients rely on (keep-alive, pipelining, Expect: 100-continue, chunked bodies,
// limits, timeouts, malformed requests) — none of which may crash the server or lose data.
#include "crypto/sigv4.h"
#include "endpoint/endpoint_server.h"
#include "local_kinesis.h"

#include "service/engine_host.h"
#include "store/memory_storage.h"

#include <QCborArray>
#include <QCborMap>
#include <QCborValue>
#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QSslSocket>
#include <QTcpSocket>
#include <QTimeZone>
#include <QtTest>

using namespace shs;
using namespace shs::core;

namespace {
const QByteArray kAuth
    = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261126/us-east-1/kinesis/aws4_request, "
      "SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=0123abcd";

struct Reply
{
    int status = 0;
    QMap<QByteArray, QByteArray> headers; // lower-case names
    QByteArray body;
    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
    QString type() const { return json().value(QStringLiteral("__type")).toString(); }
    QString message() const { return json().value(QStringLiteral("message")).toString(); }
};

QByteArray request(const QByteArray &operation, const QByteArray &body,
                   const QByteArray &extraHeaders = {},
                   const QByteArray &contentType = "application/x-amz-json-1.1")
{
    QByteArray r = "POST / HTTP/1.1\r\nHost: localhost\r\nContent-Type: " + contentType + "\r\n";
    if (!operation.isEmpty())
        r += "X-Amz-Target: Kinesis_20131202." + operation + "\r\n";
    r += "X-Amz-Date: 20261126T100000Z\r\nAuthorization: " + kAuth + "\r\n" + extraHeaders;
    r += "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
    return r;
}

/// Reads one response from the socket (Content-Length framed).
std::optional<Reply> readReply(QTcpSocket &s, QByteArray &buffer, int timeoutMs = 5000)
{
    QElapsedTimer t;
    t.start();
    for (;;) {
        buffer += s.readAll(); // what arrived while someone else ran the event loop
        const qsizetype end = buffer.indexOf("\r\n\r\n");
        if (end >= 0) {
            Reply r;
            const QList<QByteArray> lines = buffer.left(end).split('\n');
            r.status = lines.front().split(' ').value(1).toInt();
            for (qsizetype i = 1; i < lines.size(); ++i) {
                const qsizetype c = lines[i].indexOf(':');
                r.headers[lines[i].left(c).trimmed().toLower()] = lines[i].mid(c + 1).trimmed();
            }
            const qsizetype length = r.headers.value("content-length").toLongLong();
            if (buffer.size() >= end + 4 + length) {
                r.body = buffer.mid(end + 4, length);
                buffer.remove(0, end + 4 + length);
                return r;
            }
        }
        if (t.elapsed() > timeoutMs
            || (s.state() != QAbstractSocket::ConnectedState && s.bytesAvailable() == 0))
            return std::nullopt;
        if (s.waitForReadyRead(50))
            buffer += s.readAll();
    }
}
} // namespace

class TestEndpoint : public QObject
{
    Q_OBJECT
  private Q_SLOTS:
    void init();
    void cleanup();
    void streamLifecycleAndShapes();
    void putAndGetRecordsRoundTrip();
    void errorsHaveAwsShapes();
    void authenticationIsRequired();
    void keepAlivePipeliningAndClose();
    void expectContinueIsAnsweredAtOnce();
    void chunkedBodiesAreAccepted();
    void limitsAndMalformedRequests();
    void hostileCorpusNeverCrashes();
    void cborRequestsGetCborAnswers();
    void signaturesAreVerifiedWithCredentials();
    void credentialsFiles();
    void tlsWithAGeneratedCertificate();
    void categorizedBadInputLosesNothing();
    void requestsScopedToAnotherRegionAreRefused();
    void faultsOnTheWire();

  private:
    Reply send(const QByteArray &operation, const QJsonObject &body);
    Reply sendRaw(const QByteArray &bytes);
    std::shared_ptr<ScaledClock> m_clock;
    std::unique_ptr<service::EngineHost> m_host;
    std::unique_ptr<net::EndpointServer> m_server;
};

void TestEndpoint::init()
{
    m_clock = std::make_shared<ScaledClock>(1'795'687'200'123, 1.0);
    EngineConfig cfg;
    cfg.createDelayMs = 0;
    cfg.limits = LimitsProfile::off(); // the wire, not the per-shard limits, is under test here
    m_host = std::make_unique<service::EngineHost>(std::make_unique<store::MemoryStorage>(), cfg,
                                                   m_clock);
    QVERIFY(m_host->start());
    net::EndpointServer::Options options;
    options.port = 0; // any free port
    options.http.maxBodyBytes = 1024 * 1024;
    options.http.requestTimeoutMs = 500;
    m_server = std::make_unique<net::EndpointServer>(*m_host, options);
    auto started = m_server->start();
    QVERIFY2(started, started ? "" : started.error().message.c_str());
    QVERIFY(m_server->port() > 0);
}

void TestEndpoint::cleanup()
{
    m_server.reset();
    m_host->stop();
    m_host.reset();
}

Reply TestEndpoint::sendRaw(const QByteArray &bytes)
{
    QTcpSocket s;
    s.connectToHost(QHostAddress::LocalHost, m_server->port());
    if (!s.waitForConnected(3000))
        return {};
    s.write(bytes);
    QByteArray buffer;
    return readReply(s, buffer).value_or(Reply{});
}

Reply TestEndpoint::send(const QByteArray &operation, const QJsonObject &body)
{
    return sendRaw(request(operation, QJsonDocument(body).toJson(QJsonDocument::Compact)));
}

void TestEndpoint::streamLifecycleAndShapes()
{
    Reply r = send("CreateStream", {{"StreamName", "wire"}, {"ShardCount", 3}});
    QCOMPARE(r.status, 200);
    QCOMPARE(r.body, QByteArray("{}"));
    QCOMPARE(r.headers.value("content-type"), QByteArray("application/x-amz-json-1.1"));
    QVERIFY(!r.headers.value("x-amzn-requestid").isEmpty());
    QTRY_COMPARE(send("DescribeStreamSummary", {{"StreamName", "wire"}})
                     .json()["StreamDescriptionSummary"]
                     .toObject()["StreamStatus"]
                     .toString(),
                 QStringLiteral("ACTIVE"));
    r = send("DescribeStreamSummary", {{"StreamName", "wire"}});
    const QJsonObject summary = r.json()["StreamDescriptionSummary"].toObject();
    QCOMPARE(summary["OpenShardCount"].toInt(), 3);
    QCOMPARE(summary["StreamARN"].toString(),
             QStringLiteral("arn:aws:kinesis:us-east-1:000000000000:stream/wire"));
    QCOMPARE(summary["MaxRecordSizeInKiB"].toInt(), 1024);
    QVERIFY(QRegularExpression(QStringLiteral("^[a-z0-9]{20}-[a-z0-9]{3}$"))
                .match(summary["StreamId"].toString())
                .hasMatch());
    // Members in the service's order.
    QVERIFY(
        r.body.startsWith("{\"StreamDescriptionSummary\":{\"StreamName\":\"wire\",\"StreamARN\":"));
    // Timestamps are plain decimal epoch seconds with the millisecond fraction, never exponents.
    QVERIFY2(QRegularExpression(
                 QStringLiteral("\"StreamCreationTimestamp\":17956872\\d\\d(\\.\\d{1,3})?,"))
                 .match(QString::fromLatin1(r.body))
                 .hasMatch(),
             r.body.constData());
    r = send("ListShards", {{"StreamName", "wire"}, {"MaxResults", 2}});
    QCOMPARE(r.json()["Shards"].toArray().size(), 2);
    QVERIFY(r.json().contains("NextToken"));
    const QJsonObject shard = r.json()["Shards"].toArray()[0].toObject();
    QCOMPARE(shard["HashKeyRange"].toObject()["StartingHashKey"].toString(), QStringLiteral("0"));
    QVERIFY(!shard.contains("ParentShardId")); // absent members are omitted, not null
    r = send("ListShards", {{"NextToken", r.json()["NextToken"].toString()}});
    QCOMPARE(r.json()["Shards"].toArray().size(), 1);
    r = send("ListStreams", {});
    QCOMPARE(r.json()["StreamNames"].toArray(), QJsonArray{QStringLiteral("wire")});
    QCOMPARE(r.json()["HasMoreStreams"].toBool(), false);
    QCOMPARE(
        send("AddTagsToStream", {{"StreamName", "wire"}, {"Tags", QJsonObject{{"team", "data"}}}})
            .status,
        200);
    r = send("ListTagsForStream", {{"StreamName", "wire"}});
    QCOMPARE(r.json()["Tags"].toArray()[0].toObject()["Value"].toString(), QStringLiteral("data"));
    QCOMPARE(send("IncreaseStreamRetentionPeriod",
                  {{"StreamName", "wire"}, {"RetentionPeriodHours", 48}})
                 .status,
             200);
    r = send("DescribeStream", {{"StreamName", "wire"}});
    QCOMPARE(r.json()["StreamDescription"].toObject()["RetentionPeriodHours"].toInt(), 48);
    QCOMPARE(r.json()["StreamDescription"].toObject()["Shards"].toArray().size(), 3);
    r = send("DescribeLimits", {});
    QCOMPARE(r.json()["OpenShardCount"].toInt(), 3);
    QCOMPARE(send("DeleteStream", {{"StreamName", "wire"}}).status, 200);
}

void TestEndpoint::putAndGetRecordsRoundTrip()
{
    QCOMPARE(send("CreateStream", {{"StreamName", "rt"}, {"ShardCount", 1}}).status, 200);
    QTRY_COMPARE(send("DescribeStreamSummary", {{"StreamName", "rt"}})
                     .json()["StreamDescriptionSummary"]
                     .toObject()["StreamStatus"]
                     .toString(),
                 QStringLiteral("ACTIVE"));
    const QByteArray payload("\x00\x01binary\xff", 9);
    Reply r = send("PutRecord", {{"StreamName", "rt"},
                                 {"PartitionKey", "k1"},
                                 {"Data", QString::fromLatin1(payload.toBase64())}});
    QCOMPARE(r.status, 200);
    const QString seq1 = r.json()["SequenceNumber"].toString();
    QCOMPARE(r.json()["ShardId"].toString(), QStringLiteral("shardId-000000000000"));
    QJsonArray entries;
    for (int i = 0; i < 3; ++i)
        entries.append(QJsonObject{
            {"Data", QString::fromLatin1(QByteArray("r" + QByteArray::number(i)).toBase64())},
            {"PartitionKey", QStringLiteral("p%1").arg(i)}});
    r = send("PutRecords", {{"StreamName", "rt"}, {"Records", entries}});
    QCOMPARE(r.json()["FailedRecordCount"].toInt(), 0);
    QCOMPARE(r.json()["Records"].toArray().size(), 3);
    r = send("GetShardIterator", {{"StreamName", "rt"},
                                  {"ShardId", "shardId-000000000000"},
                                  {"ShardIteratorType", "TRIM_HORIZON"}});
    const QString it = r.json()["ShardIterator"].toString();
    QVERIFY(!it.isEmpty());
    r = send("GetRecords", {{"ShardIterator", it}});
    const QJsonArray records = r.json()["Records"].toArray();
    QCOMPARE(records.size(), 4);
    QCOMPARE(records[0].toObject()["SequenceNumber"].toString(), seq1);
    QCOMPARE(QByteArray::fromBase64(records[0].toObject()["Data"].toString().toLatin1()), payload);
    QCOMPARE(records[3].toObject()["PartitionKey"].toString(), QStringLiteral("p2"));
    QVERIFY(records[0].toObject()["ApproximateArrivalTimestamp"].isDouble());
    QVERIFY(r.json().contains("NextShardIterator"));
    QCOMPARE(r.json()["MillisBehindLatest"].toInteger(), 0);
    // A KPL-aggregated record (magic, protobuf, MD5; ExplicitHashKey set as the KPL sets it) passes
    // through byte for byte.
    const QByteArray protobuf(
        "\x0a\x02k1\x0a\x02k2\x1a\x06\x08\x00\x1a\x02u1\x1a\x06\x08\x01\x1a\x02u2", 22);
    const QByteArray kpl = QByteArray("\xF3\x89\x9A\xC2", 4) + protobuf
                           + QCryptographicHash::hash(protobuf, QCryptographicHash::Md5);
    r = send("PutRecord", {{"StreamName", "rt"},
                           {"PartitionKey", "k1"},
                           {"ExplicitHashKey", "1"},
                           {"Data", QString::fromLatin1(kpl.toBase64())}});
    QCOMPARE(r.status, 200);
    const QString kplSeq = r.json()["SequenceNumber"].toString();
    r = send("GetShardIterator", {{"StreamName", "rt"},
                                  {"ShardId", "shardId-000000000000"},
                                  {"ShardIteratorType", "AT_SEQUENCE_NUMBER"},
                                  {"StartingSequenceNumber", kplSeq}});
    const QJsonArray kplRecords
        = send("GetRecords", {{"ShardIterator", r.json()["ShardIterator"].toString()}})
              .json()["Records"]
              .toArray();
    QCOMPARE(QByteArray::fromBase64(kplRecords[0].toObject()["Data"].toString().toLatin1()), kpl);
    // AT_SEQUENCE_NUMBER from the wire, and an iterator type Kinesis does not know.
    r = send("GetShardIterator", {{"StreamName", "rt"},
                                  {"ShardId", "shardId-000000000000"},
                                  {"ShardIteratorType", "AFTER_SEQUENCE_NUMBER"},
                                  {"StartingSequenceNumber", seq1}});
    const Reply after
        = send("GetRecords", {{"ShardIterator", r.json()["ShardIterator"].toString()}});
    QVERIFY2(after.json()["Records"].toArray().size() == 4,
             after.body.constData()); // 3 + the KPL record
    r = send("GetShardIterator", {{"StreamName", "rt"},
                                  {"ShardId", "shardId-000000000000"},
                                  {"ShardIteratorType", "OLDEST"}});
    QCOMPARE(r.type(), QStringLiteral("ValidationException"));
    QVERIFY(r.message().contains("Member must satisfy enum value set"));
}

void TestEndpoint::errorsHaveAwsShapes()
{
    Reply r = send("DescribeStreamSummary", {{"StreamName", "nope"}});
    QCOMPARE(r.status, 400);
    QCOMPARE(r.type(), QStringLiteral("ResourceNotFoundException"));
    QCOMPARE(r.message(), QStringLiteral("Stream nope under account 000000000000 not found."));
    QCOMPARE(r.headers.value("x-amzn-errortype"), QByteArray("ResourceNotFoundException"));
    QVERIFY(!r.headers.value("x-amzn-requestid").isEmpty());
    r = send("PutRecord", {{"StreamName", "nope"}});
    QCOMPARE(r.type(), QStringLiteral("ValidationException"));
    QCOMPARE(r.message(),
             QStringLiteral(
                 "2 validation errors detected: Value null at 'data' failed to satisfy constraint: "
                 "Member must not be null; Value null at 'partitionKey' failed to satisfy "
                 "constraint: Member must not be null"));
    r = send("PutRecord", {{"StreamName", "nope"}, {"PartitionKey", 5}, {"Data", "aGk="}});
    QCOMPARE(r.type(), QStringLiteral("SerializationException"));
    r = send("PutRecord", {{"StreamName", "nope"}, {"PartitionKey", "k"}, {"Data", "not base64!"}});
    QCOMPARE(r.type(), QStringLiteral("SerializationException"));
    r = send("CreateStream", {{"StreamName", "x"}, {"ShardCount", 1.5}});
    QCOMPARE(r.type(), QStringLiteral("SerializationException"));
    r = sendRaw(request("ListStreams", "{not json"));
    QCOMPARE(r.status, 400);
    QCOMPARE(r.type(), QStringLiteral("SerializationException"));
    r = sendRaw(request("ListStreams", "[1,2]"));
    QCOMPARE(r.type(), QStringLiteral("SerializationException"));
    r = send("FlyToTheMoon", {});
    QCOMPARE(r.type(), QStringLiteral("UnknownOperationException"));
    r = sendRaw(request({}, "{}"));
    QCOMPARE(r.type(), QStringLiteral("UnknownOperationException"));
    // Plain JSON is not a Kinesis content type (AWS answers 404 UnknownOperationException).
    r = sendRaw(request("ListStreams", "{}", {}, "application/json"));
    QCOMPARE(r.status, 404);
    QCOMPARE(r.type(), QStringLiteral("UnknownOperationException"));
    QVERIFY(m_server->endpoint().countsByError().at("SerializationException") >= 5);
}

void TestEndpoint::authenticationIsRequired()
{
    QByteArray noAuth = request("ListStreams", "{}");
    noAuth.replace(QByteArray("Authorization: " + kAuth + "\r\n"), QByteArray());
    Reply r = sendRaw(noAuth);
    QCOMPARE(r.type(), QStringLiteral("MissingAuthenticationTokenException"));
    QCOMPARE(r.message(), QStringLiteral("Missing Authentication Token"));
    QByteArray partial = request("ListStreams", "{}");
    partial.replace(kAuth,
                    "AWS4-HMAC-SHA256 Credential=AKID/20261126/us-east-1/kinesis/aws4_request");
    r = sendRaw(partial);
    QCOMPARE(r.type(), QStringLiteral("IncompleteSignatureException"));
    QVERIFY(r.message().contains("'Signature'"));
    // Presigned query form, and both at once.
    QByteArray query = noAuth;
    query.replace("POST / HTTP/1.1",
                  "POST /?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=a&X-Amz-Signature=b&"
                  "X-Amz-SignedHeaders=host&X-Amz-Date=20261126T100000Z HTTP/1.1");
    QCOMPARE(sendRaw(query).status, 200);
    QByteArray both = request("ListStreams", "{}");
    both.replace("POST / HTTP/1.1", "POST /?X-Amz-Algorithm=AWS4-HMAC-SHA256 HTTP/1.1");
    QCOMPARE(sendRaw(both).type(), QStringLiteral("InvalidSignatureException"));
}

void TestEndpoint::keepAlivePipeliningAndClose()
{
    QTcpSocket s;
    s.connectToHost(QHostAddress::LocalHost, m_server->port());
    QVERIFY(s.waitForConnected(3000));
    // Three requests in one write: answered in order on the same connection.
    s.write(request("ListStreams", "{}") + request("FlyToTheMoon", "{}")
            + request("DescribeLimits", "{}"));
    QByteArray buffer;
    auto a = readReply(s, buffer);
    auto b = readReply(s, buffer);
    auto c = readReply(s, buffer);
    QVERIFY(a && b && c);
    QVERIFY(a->json().contains("StreamNames"));
    QCOMPARE(b->type(), QStringLiteral("UnknownOperationException"));
    QVERIFY(c->json().contains("ShardLimit"));
    QCOMPARE(s.state(), QAbstractSocket::ConnectedState);
    // Connection: close is honoured.
    s.write(request("ListStreams", "{}", "Connection: close\r\n"));
    auto d = readReply(s, buffer);
    QVERIFY(d && d->status == 200);
    QCOMPARE(d->headers.value("connection"), QByteArray("close"));
    QTRY_COMPARE(s.state(), QAbstractSocket::UnconnectedState);
}

void TestEndpoint::expectContinueIsAnsweredAtOnce()
{
    QTcpSocket s;
    s.connectToHost(QHostAddress::LocalHost, m_server->port());
    QVERIFY(s.waitForConnected(3000));
    const QByteArray body = "{}";
    QByteArray head = request("ListStreams", body, "Expect: 100-continue\r\n");
    head.chop(body.size());
    QElapsedTimer t;
    t.start();
    s.write(head);
    QByteArray buffer;
    while (!buffer.contains("\r\n\r\n") && t.elapsed() < 3000)
        if (s.waitForReadyRead(50))
            buffer += s.readAll();
    QVERIFY2(buffer.startsWith("HTTP/1.1 100 Continue\r\n\r\n"), buffer.constData());
    QVERIFY2(t.elapsed() < 500, "the interim response came late");
    buffer.remove(0, qsizetype(std::strlen("HTTP/1.1 100 Continue\r\n\r\n")));
    s.write(body);
    auto r = readReply(s, buffer);
    QVERIFY(r && r->status == 200);
    // A declared body over the limit is refused before it is sent.
    QTcpSocket big;
    big.connectToHost(QHostAddress::LocalHost, m_server->port());
    QVERIFY(big.waitForConnected(3000));
    big.write("POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-amz-json-1.1\r\nExpect: "
              "100-continue\r\n"
              "Content-Length: 99999999\r\n\r\n");
    QByteArray bigBuffer;
    auto refused = readReply(big, bigBuffer);
    QVERIFY(refused);
    QCOMPARE(refused->status, 413);
}

void TestEndpoint::chunkedBodiesAreAccepted()
{
    const QByteArray body = R"({"StreamName":"chunky","ShardCount":1})";
    QByteArray r
        = "POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-amz-json-1.1\r\nX-Amz-Target: "
          "Kinesis_20131202.CreateStream\r\nX-Amz-Date: 20261126T100000Z\r\nAuthorization: "
          + kAuth + "\r\nTransfer-Encoding: chunked\r\n\r\n";
    r += QByteArray::number(10, 16) + "\r\n" + body.left(10) + "\r\n";
    r += QByteArray::number(body.size() - 10, 16) + ";ext=1\r\n" + body.mid(10) + "\r\n0\r\n\r\n";
    QCOMPARE(sendRaw(r).status, 200);
    QTRY_COMPARE(send("DescribeStreamSummary", {{"StreamName", "chunky"}}).status, 200);
}

void TestEndpoint::limitsAndMalformedRequests()
{
    // A body over the limit (1 MiB here) gets 413 and a close.
    QCOMPARE(sendRaw("POST / HTTP/1.1\r\nContent-Length: 2000000\r\n\r\n").status, 413);
    QCOMPARE(sendRaw("GARBAGE\r\n\r\n").status, 400);
    QCOMPARE(sendRaw("POST / HTTP/2.0\r\n\r\n").status, 505);
    QCOMPARE(sendRaw("POST / HTTP/1.1\r\nBad Header Line\r\n\r\n").status, 400);
    QCOMPARE(sendRaw("POST / HTTP/1.1\r\nContent-Length: -4\r\n\r\n").status, 400);
    QCOMPARE(sendRaw("POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n").status, 501);
    QCOMPARE(sendRaw("POST / HTTP/1.1\r\nX: " + QByteArray(70000, 'a') + "\r\n\r\n").status, 431);
    // A request that never finishes is closed after the request timeout (500 ms here).
    QTcpSocket slow;
    slow.connectToHost(QHostAddress::LocalHost, m_server->port());
    QVERIFY(slow.waitForConnected(3000));
    slow.write("POST / HTTP/1.1\r\nContent-Length: 10\r\n\r\n{");
    QByteArray buffer;
    auto r = readReply(slow, buffer, 3000);
    QVERIFY(r);
    QCOMPARE(r->status, 408);
    QTRY_COMPARE(slow.state(), QAbstractSocket::UnconnectedState);
    // The server still serves.
    QCOMPARE(send("ListStreams", {}).status, 200);
}

void TestEndpoint::hostileCorpusNeverCrashes()
{
    // Seeded random mutations of valid requests, plus idle connections held open: every one gets
    // an answer or a clean close, and the server keeps serving.
    QCOMPARE(send("CreateStream", {{"StreamName", "corpus"}, {"ShardCount", 1}}).status, 200);
    QTRY_COMPARE(send("DescribeStreamSummary", {{"StreamName", "corpus"}})
                     .json()["StreamDescriptionSummary"]
                     .toObject()["StreamStatus"]
                     .toString(),
                 QStringLiteral("ACTIVE"));
    std::vector<std::unique_ptr<QTcpSocket>> idle;
    for (int i = 0; i < 50; ++i) {
        idle.push_back(std::make_unique<QTcpSocket>());
        idle.back()->connectToHost(QHostAddress::LocalHost, m_server->port());
    }
    const QList<QByteArray> seeds = {
        request("PutRecord", R"({"StreamName":"corpus","PartitionKey":"k","Data":"aGVsbG8="})"),
        request("PutRecords",
                R"({"StreamName":"corpus","Records":[{"Data":"aGk=","PartitionKey":"a"}]})"),
        request(
            "GetShardIterator",
            R"({"StreamName":"corpus","ShardId":"shardId-000000000000","ShardIteratorType":"LATEST"})"),
        request("ListShards", R"({"StreamName":"corpus","ShardFilter":{"Type":"AT_LATEST"}})"),
        request(
            "CreateStream",
            R"({"StreamName":"c2","StreamModeDetails":{"StreamMode":"ON_DEMAND"},"Tags":{"a":"b"}})"),
    };
    QRandomGenerator rng(20261126);
    std::vector<std::unique_ptr<QTcpSocket>> sockets;
    for (int i = 0; i < 240; ++i) {
        QByteArray m = seeds[int(rng.bounded(seeds.size()))];
        const int edits = 1 + int(rng.bounded(4));
        for (int e = 0; e < edits && m.size() > 1; ++e) {
            const int at = int(rng.bounded(m.size()));
            switch (rng.bounded(4)) {
            case 0:
                m[at] = char(rng.bounded(256));
                break; // flip a byte
            case 1:
                m.remove(at, 1 + int(rng.bounded(8)));
                break; // drop bytes
            case 2:
                m.insert(at, QByteArray(1 + int(rng.bounded(4)), char(rng.bounded(256))));
                break;
            case 3:
                m.truncate(at);
                break; // truncated request
            }
        }
        auto s = std::make_unique<QTcpSocket>();
        s->connectToHost(QHostAddress::LocalHost, m_server->port());
        QVERIFY(s->waitForConnected(3000));
        s->write(m);
        s->flush();
        sockets.push_back(std::move(s));
    }
    // Every request is answered, or (truncated) answered 408 or closed after the request timeout.
    int answered = 0, closed = 0;
    std::vector<QByteArray> buffers(sockets.size());
    std::vector<bool> done(sockets.size(), false);
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < 8000 && std::count(done.begin(), done.end(), false) > 0) {
        QTest::qWait(20);
        for (std::size_t i = 0; i < sockets.size(); ++i) {
            if (done[i])
                continue;
            buffers[i] += sockets[i]->readAll();
            if (buffers[i].contains("\r\n\r\n")) {
                done[i] = true;
                ++answered;
            } else if (sockets[i]->state() == QAbstractSocket::UnconnectedState) {
                done[i] = true;
                ++closed;
            }
        }
    }
    QCOMPARE(std::count(done.begin(), done.end(), false), 0);
    qInfo("hostile corpus: %d answered, %d closed or timed out", answered, closed);
    QVERIFY(answered > 100);
    // Still serving, and the records acknowledged before are intact.
    QCOMPARE(send("ListStreams", {}).status, 200);
    QVERIFY(send("DescribeStreamSummary", {{"StreamName", "corpus"}}).status == 200);
}

void TestEndpoint::cborRequestsGetCborAnswers()
{
    const QByteArray cbor = "application/x-amz-cbor-1.1";
    auto sendCbor = [&](const QByteArray &op, const QCborMap &body) {
        return sendRaw(request(op, body.toCborValue().toCbor(), {}, cbor));
    };
    auto map = [](const Reply &r) { return QCborValue::fromCbor(r.body).toMap(); };
    Reply r = sendCbor("CreateStream", QCborMap{{"StreamName", "cbor"}, {"ShardCount", 1}});
    QCOMPARE(r.status, 200);
    QCOMPARE(r.headers.value("content-type"), cbor);
    QTRY_COMPARE(map(sendCbor("DescribeStreamSummary", QCborMap{{"StreamName", "cbor"}}))
                     .value("StreamDescriptionSummary")
                     .toMap()
                     .value("StreamStatus")
                     .toString(),
                 QStringLiteral("ACTIVE"));
    r = sendCbor("DescribeStreamSummary", QCborMap{{"StreamName", "cbor"}});
    // Kinesis answers with indefinite-length maps, and timestamps as tag 1 around integer millis.
    QCOMPARE(quint8(r.body.at(0)), quint8(0xbf));
    const QCborValue created
        = map(r).value("StreamDescriptionSummary").toMap().value("StreamCreationTimestamp");
    QVERIFY(created.isTag() || created.isDateTime());
    QCOMPARE(created.tag(), QCborTag(QCborKnownTags::UnixTime_t));
    QVERIFY(created.taggedValue().isInteger());
    QVERIFY(std::abs(created.taggedValue().toInteger() - m_clock->nowMs()) < 60'000);
    // Blobs are byte strings both ways.
    const QByteArray payload("\x00cbor\xff", 6);
    r = sendCbor("PutRecord",
                 QCborMap{{"StreamName", "cbor"}, {"PartitionKey", "k"}, {"Data", payload}});
    QCOMPARE(r.status, 200);
    QVERIFY(map(r).value("SequenceNumber").isString());
    // AT_TIMESTAMP with a tag-1 millisecond timestamp (what the Java SDK sends).
    r = sendCbor("GetShardIterator",
                 QCborMap{{"StreamName", "cbor"},
                          {"ShardId", "shardId-000000000000"},
                          {"ShardIteratorType", "AT_TIMESTAMP"},
                          {"Timestamp", QCborValue(QCborKnownTags::UnixTime_t,
                                                   qint64(m_clock->nowMs() - 60'000))}});
    QCOMPARE(r.status, 200);
    r = sendCbor("GetRecords", QCborMap{{"ShardIterator", map(r).value("ShardIterator")}});
    const QCborArray records = map(r).value("Records").toArray();
    QCOMPARE(records.size(), 1);
    QCOMPARE(records[0].toMap().value("Data").toByteArray(), payload);
    QVERIFY(records[0].toMap().value("ApproximateArrivalTimestamp").taggedValue().isInteger());
    QVERIFY(map(r).value("MillisBehindLatest").isInteger());
    // Errors in CBOR too.
    r = sendCbor("DescribeStreamSummary", QCborMap{{"StreamName", "missing"}});
    QCOMPARE(r.status, 400);
    QCOMPARE(map(r).value("__type").toString(), QStringLiteral("ResourceNotFoundException"));
    QCOMPARE(r.headers.value("content-type"), cbor);
    r = sendRaw(request("ListStreams", "\xff\x00garbage", {}, cbor));
    QCOMPARE(map(r).value("__type").toString(), QStringLiteral("SerializationException"));
}

namespace {
/// A request signed the way the SDKs sign it (headers host, x-amz-date, x-amz-target,
/// content-type).
QByteArray signedRequest(const QByteArray &op, const QByteArray &body, const std::string &akid,
                         const std::string &secret, const QDateTime &when,
                         const QByteArray &tamperedBody = {})
{
    const QByteArray amzDate = when.toUTC().toString(QStringLiteral("yyyyMMddTHHmmssZ")).toLatin1();
    const std::string date = amzDate.left(8).toStdString();
    crypto::sigv4::CanonicalInput in;
    in.method = "POST";
    in.path = "/";
    in.headers = {{"content-type", "application/x-amz-json-1.1"},
                  {"host", "localhost:4567"},
                  {"x-amz-date", amzDate.toStdString()},
                  {"x-amz-target", "Kinesis_20131202." + op.toStdString()}};
    in.payloadHash = crypto::hex(crypto::sha256({body.constData(), std::size_t(body.size())}));
    const std::string scope = date + "/us-east-1/kinesis/aws4_request";
    const std::string sig = crypto::sigv4::signature(
        secret, date, "us-east-1", "kinesis",
        crypto::sigv4::stringToSign(amzDate.toStdString(), scope,
                                    crypto::sigv4::canonicalRequest(in)));
    const QByteArray sent = tamperedBody.isEmpty() ? body : tamperedBody;
    return "POST / HTTP/1.1\r\nHost: localhost:4567\r\nContent-Type: "
           "application/x-amz-json-1.1\r\nX-Amz-Target: "
           "Kinesis_20131202."
           + op + "\r\nX-Amz-Date: " + amzDate + "\r\nAuthorization: AWS4-HMAC-SHA256 Credential="
           + QByteArray::fromStdString(akid) + "/" + QByteArray::fromStdString(scope)
           + ", SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature="
           + QByteArray::fromStdString(sig)
           + "\r\nContent-Length: " + QByteArray::number(sent.size()) + "\r\n\r\n" + sent;
}
} // namespace

void TestEndpoint::signaturesAreVerifiedWithCredentials()
{
    const std::string secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    m_server->endpoint().setCredentials({{"AKIDEXAMPLE", secret}});
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QCOMPARE(sendRaw(signedRequest("ListStreams", "{}", "AKIDEXAMPLE", secret, now)).status, 200);
    Reply r = sendRaw(signedRequest("ListStreams", "{}", "AKIDEXAMPLE", "not-the-secret", now));
    QCOMPARE(r.type(), QStringLiteral("InvalidSignatureException"));
    QVERIFY(r.message().startsWith(
        "The request signature we calculated does not match the signature you provided."));
    r = sendRaw(signedRequest("ListStreams", "{}", "AKIDOTHER", secret, now));
    QCOMPARE(r.type(), QStringLiteral("UnrecognizedClientException"));
    QCOMPARE(r.message(), QStringLiteral("The security token included in the request is invalid."));
    // A body changed after signing does not match.
    r = sendRaw(signedRequest("ListStreams", "{}", "AKIDEXAMPLE", secret, now, R"({"Limit":1})"));
    QCOMPARE(r.type(), QStringLiteral("InvalidSignatureException"));
    // Signed 20 minutes ago: expired, as AWS says.
    r = sendRaw(signedRequest("ListStreams", "{}", "AKIDEXAMPLE", secret, now.addSecs(-20 * 60)));
    QCOMPARE(r.type(), QStringLiteral("InvalidSignatureException"));
    QVERIFY2(r.message().startsWith("Signature expired: "), qPrintable(r.message()));
    // Without credentials any well-formed signature passes again.
    m_server->endpoint().setCredentials({});
    QCOMPARE(sendRaw(signedRequest("ListStreams", "{}", "AKIDOTHER", "x", now)).status, 200);
}

void TestEndpoint::credentialsFiles()
{
    std::string error;
    auto parsed = net::KinesisEndpoint::parseCredentialsFile(
        "# test\n[default]\naws_access_key_id = AKID1\n"
        "aws_secret_access_key=secret/1\n\n[other]\n"
        "AWS_ACCESS_KEY_ID = AKID2\naws_secret_access_key = s2\n"
        "region = eu-west-1\n",
        &error);
    QVERIFY(parsed);
    QCOMPARE(parsed->size(), std::size_t(2));
    QCOMPARE(parsed->at("AKID1"), std::string("secret/1"));
    QCOMPARE(parsed->at("AKID2"), std::string("s2"));
    QVERIFY(!net::KinesisEndpoint::parseCredentialsFile("[p]\naws_access_key_id = A\n", &error));
    QVERIFY(error.find("[p]") != std::string::npos);
    QVERIFY(!net::KinesisEndpoint::parseCredentialsFile("garbage line\n", &error));
    QVERIFY(!net::KinesisEndpoint::parseCredentialsFile("", &error));
}

void TestEndpoint::tlsWithAGeneratedCertificate()
{
    QString why;
    const auto tls = test::makeTestTls(&why);
    QVERIFY2(tls, qPrintable(why));
    QVERIFY(!net::EndpointServer::tlsConfiguration("not a certificate", "nor a key", &why));
    net::EndpointServer::Options options;
    options.port = 0;
    options.http.tls = tls->server;
    net::EndpointServer server(*m_host, options);
    QVERIFY(server.start());
    QVERIFY(server.url().startsWith(QStringLiteral("https://127.0.0.1:")));
    // A client that trusts the certificate (and checks that it names 127.0.0.1) gets answers.
    QSslSocket s;
    QSslConfiguration client = QSslConfiguration::defaultConfiguration();
    client.setCaCertificates(
        QSslCertificate::fromData(QByteArray::fromStdString(tls->certificatePem)));
    client.setPeerVerifyMode(QSslSocket::VerifyPeer);
    s.setSslConfiguration(client);
    s.connectToHostEncrypted(QStringLiteral("127.0.0.1"), server.port());
    QVERIFY2(s.waitForEncrypted(5000), qPrintable(s.errorString()));
    s.write(request("ListStreams", "{}"));
    QByteArray buffer;
    auto r = readReply(s, buffer);
    QVERIFY(r);
    QCOMPARE(r->status, 200);
    QVERIFY(r->json().contains("StreamNames"));
    // Plain HTTP to the TLS port gets no answer: the handshake fails and the connection closes.
    QTcpSocket plain;
    plain.connectToHost(QHostAddress::LocalHost, server.port());
    QVERIFY(plain.waitForConnected(3000));
    plain.write(request("ListStreams", "{}"));
    QByteArray plainBuffer;
    QVERIFY(!readReply(plain, plainBuffer, 2000) || plainBuffer.isEmpty());
}

void TestEndpoint::categorizedBadInputLosesNothing()
{
    // Acknowledged data first: it must all be there afterwards.
    QCOMPARE(send("CreateStream", {{"StreamName", "keep"}, {"ShardCount", 2}}).status, 200);
    QTRY_COMPARE(send("DescribeStreamSummary", {{"StreamName", "keep"}})
                     .json()["StreamDescriptionSummary"]
                     .toObject()["StreamStatus"]
                     .toString(),
                 QStringLiteral("ACTIVE"));
    QSet<QString> acked;
    for (int i = 0; i < 40; ++i) {
        const Reply r
            = send("PutRecord", {{"StreamName", "keep"},
                                 {"PartitionKey", QStringLiteral("k%1").arg(i)},
                                 {"Data", QString::fromLatin1(QByteArray::number(i).toBase64())}});
        QCOMPARE(r.status, 200);
        acked.insert(r.json()["SequenceNumber"].toString());
    }

    struct Case
    {
        QByteArray category;
        QByteArray bytes;
    };
    QList<Case> cases;
    const QByteArray put = R"({"StreamName":"keep","PartitionKey":"k","Data":"aGVsbG8="})";
    // Wrong content types.
    for (const QByteArray &ct : QList<QByteArray>{
             "text/plain", "application/json", "", "application/x-amz-json-1.0", "application/cbor",
             "multipart/form-data; boundary=x", "application/x-www-form-urlencoded",
             "application/x-amz-json-1.1; charset=utf-16", "APPLICATION/X-AMZ-JSON-1.1", "*/*"})
        cases.append({"content-type", request("PutRecord", put, {}, ct)});
    // Broken JSON: every prefix of a valid body, and classic breakages.
    for (int cut = 1; cut < put.size(); ++cut)
        cases.append({"broken-json", request("PutRecord", put.left(cut))});
    for (const QByteArray &b : QList<QByteArray>{
             "{", "}", "{\"StreamName\":}", "{\"a\":1,}", "{\"Data\":NaN}", "[]", "null", "\"str\"",
             "1e999", "{\"StreamName\":\"\\ud800\"}", "\xff\xfe{}", "{}{}"})
        cases.append({"broken-json", request("ListStreams", b)});
    cases.append(
        {"broken-json", request("ListStreams", QByteArray(5000, '[') + QByteArray(5000, ']'))});
    // Broken CBOR.
    for (const QByteArray &b :
         {QByteArray("\xa1", 1), QByteArray("\xbf\x61\x41", 3),
          QByteArray("\x5b\xff\xff\xff\xff\xff\xff\xff\xff", 9), QByteArray("\xff", 1),
          QByteArray("\x1c", 1), QByteArray("\xa1\x01\x02", 3),
          QByteArray("\xa1\x64"
                     "Data"
                     "\xc1\x63"
                     "abc",
                     11),
          QByteArray("\x9f\x01", 2), QByteArray(200, '\x81')})
        cases.append({"broken-cbor", request("PutRecord", b, {}, "application/x-amz-cbor-1.1")});
    // Wrong types for every member of PutRecord.
    for (const char *member :
         {"StreamName", "PartitionKey", "Data", "ExplicitHashKey", "SequenceNumberForOrdering"})
        for (const QJsonValue &v : {QJsonValue(5), QJsonValue(true), QJsonValue(QJsonArray{1}),
                                    QJsonValue(QJsonObject{{"a", 1}})}) {
            QJsonObject o = QJsonDocument::fromJson(put).object();
            o[QLatin1String(member)] = v;
            cases.append({"wrong-type",
                          request("PutRecord", QJsonDocument(o).toJson(QJsonDocument::Compact))});
        }
    const QByteArray iterator
        = R"({"StreamName":"keep","ShardId":"shardId-000000000000","ShardIteratorType":"AT_TIMESTAMP","Timestamp":1})";
    for (const char *member :
         {"ShardId", "ShardIteratorType", "Timestamp", "StartingSequenceNumber"})
        for (const QJsonValue &v : {QJsonValue(7), QJsonValue(false), QJsonValue(QJsonArray{}),
                                    QJsonValue(QJsonObject{})}) {
            QJsonObject o = QJsonDocument::fromJson(iterator).object();
            o[QLatin1String(member)] = v;
            cases.append({"wrong-type", request("GetShardIterator",
                                                QJsonDocument(o).toJson(QJsonDocument::Compact))});
        }
    // Missing and extra fields.
    for (const char *member : {"StreamName", "PartitionKey", "Data"}) {
        QJsonObject o = QJsonDocument::fromJson(put).object();
        o.remove(QLatin1String(member));
        cases.append({"missing-field",
                      request("PutRecord", QJsonDocument(o).toJson(QJsonDocument::Compact))});
    }
    for (int i = 0; i < 10; ++i) {
        QJsonObject o = QJsonDocument::fromJson(put).object();
        o[QStringLiteral("Extra%1").arg(i)] = i;
        cases.append(
            {"extra-field", request("PutRecord", QJsonDocument(o).toJson(QJsonDocument::Compact))});
    }
    // Oversize records and bodies.
    cases.append({"oversize-record",
                  request("PutRecord",
                          R"({"StreamName":"keep","PartitionKey":"k","Data":")"
                              + QByteArray(1024 * 1024 + 8, 'x').toBase64().left(900000) + "\"}")});
    cases.append({"oversize-record",
                  request("PutRecord", R"({"StreamName":"keep","PartitionKey":")"
                                           + QByteArray(300, 'k') + R"(","Data":"aGk="})")});
    {
        QJsonArray many;
        for (int i = 0; i < 501; ++i)
            many.append(QJsonObject{{"Data", "aGk="}, {"PartitionKey", "p"}});
        cases.append({"oversize-record",
                      request("PutRecords",
                              QJsonDocument(QJsonObject{{"StreamName", "keep"}, {"Records", many}})
                                  .toJson(QJsonDocument::Compact))});
    }
    cases.append({QByteArray("oversize-body"),
                  QByteArray("POST / HTTP/1.1\r\nContent-Length: 5000000\r\n\r\n")});
    cases.append({"oversize-body", request("PutRecord", QByteArray(1100 * 1024, ' '))});
    // Unknown operations.
    for (const QByteArray &op : QList<QByteArray>{
             "SubscribeToShard", "putrecord", "PutRecord ", "Kinesis_20131202.PutRecord", "",
             "../etc/passwd", QByteArray("PutRecord\x00", 10), QByteArray(300, 'A'), "ListStreamsX",
             "DynamoDB_20120810.Scan"})
        cases.append({"unknown-operation", request(op, "{}")});
    // Malformed SigV4.
    for (const QByteArray &auth :
         QList<QByteArray>{"", "AWS4-HMAC-SHA256", "AWS4-HMAC-SHA256 ", "Basic dXNlcjpwYXNz",
                           "AWS4-HMAC-SHA256 Credential=", "AWS4-HMAC-SHA256 Signature=abc",
                           "AWS4-HMAC-SHA256 Credential=a/b, Signature=c",
                           "AWS4-HMAC-SHA256 SignedHeaders=host, Signature=x",
                           "aws4-hmac-sha256 Credential=a, Signature=b, SignedHeaders=c",
                           "AWS4-HMAC-SHA512 Credential=a, Signature=b, SignedHeaders=c",
                           QByteArray(8000, 'Z')}) {
        QByteArray r = request("ListStreams", "{}");
        r.replace(QByteArray("Authorization: " + kAuth), QByteArray("Authorization: " + auth));
        cases.append({"malformed-sigv4", r});
    }
    // Truncated requests (closed or timed out without an answer).
    for (int cut = 5; cut < 200; cut += 5)
        cases.append({"truncated", request("PutRecord", put).left(cut)});
    QVERIFY2(cases.size() >= 200, qPrintable(QString::number(cases.size())));

    // Idle connections held open the whole time, and a slow sender who finishes in time.
    std::vector<std::unique_ptr<QTcpSocket>> idle;
    for (int i = 0; i < 100; ++i) {
        idle.push_back(std::make_unique<QTcpSocket>());
        idle.back()->connectToHost(QHostAddress::LocalHost, m_server->port());
    }
    QTcpSocket slow;
    slow.connectToHost(QHostAddress::LocalHost, m_server->port());
    QVERIFY(slow.waitForConnected(3000));

    // All at once.
    std::vector<std::unique_ptr<QTcpSocket>> sockets;
    for (const Case &c : cases) {
        auto s = std::make_unique<QTcpSocket>();
        s->connectToHost(QHostAddress::LocalHost, m_server->port());
        QVERIFY(s->waitForConnected(3000));
        s->write(c.bytes);
        sockets.push_back(std::move(s));
    }
    const QByteArray slowRequest = request("ListStreams", "{}");
    for (qsizetype i = 0; i < slowRequest.size(); i += 20) {
        slow.write(slowRequest.mid(i, 20));
        slow.flush();
        QTest::qWait(5);
    }
    std::vector<QByteArray> buffers(sockets.size());
    std::vector<int> state(sockets.size(), 0); // 0 waiting, 1 answered, 2 closed
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < 10000 && std::count(state.begin(), state.end(), 0) > 0) {
        QTest::qWait(20);
        for (std::size_t i = 0; i < sockets.size(); ++i) {
            if (state[i])
                continue;
            buffers[i] += sockets[i]->readAll();
            if (buffers[i].contains("\r\n\r\n"))
                state[i] = 1;
            else if (sockets[i]->state() == QAbstractSocket::UnconnectedState)
                state[i] = 2;
        }
    }
    QMap<QByteArray, int> answeredByCategory;
    for (std::size_t i = 0; i < sockets.size(); ++i) {
        QVERIFY2(state[i] != 0, cases[int(i)].category.constData());
        if (state[i] != 1)
            continue;
        ++answeredByCategory[cases[int(i)].category];
        buffers[i] += sockets[i]->readAll();
        QTRY_VERIFY(buffers[i].size() >= buffers[i].indexOf("\r\n\r\n") + 4); // headers complete
        const int status = buffers[i].mid(9, 3).toInt();
        QVERIFY2(QList<int>({200, 400, 404, 408, 413, 431, 500, 501, 505}).contains(status),
                 qPrintable(QStringLiteral("%1: status %2")
                                .arg(QString::fromLatin1(cases[int(i)].category))
                                .arg(status)));
        // Answers from the endpoint (not the HTTP layer's own 4xx) carry AWS's error shape.
        if (status == 400 && buffers[i].contains("x-amzn-RequestId")) {
            // wait for the whole body
            QTRY_VERIFY_WITH_TIMEOUT(
                (buffers[i] += sockets[i]->readAll(),
                 buffers[i].contains("\"__type\"") || buffers[i].contains("__type")),
                3000);
        }
    }
    qInfo() << "bad input answered by category:" << answeredByCategory;
    QVERIFY(answeredByCategory.value("broken-json") > 20);
    QVERIFY(answeredByCategory.value("unknown-operation") == 10);
    QVERIFY(answeredByCategory.value("malformed-sigv4") == 11);
    QByteArray slowBuffer;
    auto slowReply = readReply(slow, slowBuffer, 5000);
    QVERIFY2(slowReply && slowReply->status == 200,
             qPrintable(QStringLiteral("slow sender: %1 / %2 bytes buffered, socket state %3")
                            .arg(slowReply ? slowReply->status : -1)
                            .arg(slowBuffer.size())
                            .arg(int(slow.state()))));
    // Nothing acknowledged was lost, and the server still serves.
    QSet<QString> found;
    for (const QString &shard :
         {QStringLiteral("shardId-000000000000"), QStringLiteral("shardId-000000000001")}) {
        Reply it = send(
            "GetShardIterator",
            {{"StreamName", "keep"}, {"ShardId", shard}, {"ShardIteratorType", "TRIM_HORIZON"}});
        for (const auto &rec :
             send("GetRecords", {{"ShardIterator", it.json()["ShardIterator"].toString()}})
                 .json()["Records"]
                 .toArray())
            found.insert(rec.toObject()["SequenceNumber"].toString());
    }
    QVERIFY(acked.subtract(found).isEmpty());
}

void TestEndpoint::requestsScopedToAnotherRegionAreRefused()
{
    net::EndpointServer::Options options;
    options.port = 0;
    options.region = "eu-west-1";
    net::EndpointServer server(*m_host, options);
    QVERIFY(server.start());
    QTcpSocket s;
    s.connectToHost(QHostAddress::LocalHost, server.port());
    QVERIFY(s.waitForConnected(3000));
    s.write(request("ListStreams", "{}")); // signed for us-east-1
    QByteArray buffer;
    auto r = readReply(s, buffer);
    QVERIFY(r);
    QCOMPARE(r->type(), QStringLiteral("InvalidSignatureException"));
    QVERIFY2(
        r->message().startsWith("Credential should be scoped to a valid region, not 'us-east-1'."),
        qPrintable(r->message()));
    QByteArray good = request("ListStreams", "{}");
    good.replace("/us-east-1/", "/eu-west-1/");
    s.write(good);
    r = readReply(s, buffer);
    QVERIFY(r);
    QCOMPARE(r->status, 200);
}

namespace {
/// One HTTP exchange on the control path; the status and the JSON answer.
std::pair<int, QJsonObject> faultControl(quint16 port, const QByteArray &method,
                                         const QByteArray &path, const QByteArray &body = {})
{
    QTcpSocket s;
    s.connectToHost(QHostAddress::LocalHost, port);
    if (!s.waitForConnected(3000))
        return {0, {}};
    s.write(method + ' ' + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Length: "
            + QByteArray::number(body.size()) + "\r\n\r\n" + body);
    QByteArray buffer;
    const auto reply = readReply(s, buffer);
    return reply ? std::pair{reply->status, reply->json()} : std::pair{0, QJsonObject{}};
}
} // namespace

void TestEndpoint::faultsOnTheWire()
{
    const quint16 port = m_server->port();
    const QByteArray faults = "/_shardscope/faults";
    QCOMPARE(send("CreateStream", {{"StreamName", "f"}, {"ShardCount", 1}}).status, 200);
    QTRY_COMPARE(send("DescribeStreamSummary", {{"StreamName", "f"}})
                     .json()["StreamDescriptionSummary"]
                     .toObject()["StreamStatus"]
                     .toString(),
                 QStringLiteral("ACTIVE"));

    // A dropped connection: no answer at all; before the engine, nothing was written.
    QCOMPARE(faultControl(port, "POST", faults,
                          R"({"kind":"drop","operation":"PutRecord","maxFires":1})")
                 .first,
             200);
    auto put = [this](const char *data) {
        return send("PutRecord", {{"StreamName", "f"},
                                  {"Data", QByteArray(data).toBase64().constData()},
                                  {"PartitionKey", "k"}});
    };
    QCOMPARE(put("lost").status, 0);
    // After the engine: the record is stored though its answer never came.
    QCOMPARE(
        faultControl(port, "POST", faults,
                     R"({"kind":"reset","operation":"PutRecord","stage":"response","maxFires":1})")
            .first,
        200);
    QCOMPARE(put("stored").status, 0);
    const Reply answered = put("answered");
    QVERIFY2(answered.status == 200, answered.body.constData());
    const QString iterator = send("GetShardIterator", {{"StreamName", "f"},
                                                       {"ShardId", "shardId-000000000000"},
                                                       {"ShardIteratorType", "TRIM_HORIZON"}})
                                 .json()
                                 .value(QStringLiteral("ShardIterator"))
                                 .toString();
    const QJsonArray records = send("GetRecords", {{"ShardIterator", iterator}})
                                   .json()
                                   .value(QStringLiteral("Records"))
                                   .toArray();
    QCOMPARE(records.size(), 2);
    QCOMPARE(QByteArray::fromBase64(
                 records[0].toObject().value(QStringLiteral("Data")).toString().toLatin1()),
             QByteArray("stored"));

    // An error with its status and AWS's text; a slow body arrives whole, no sooner than its rate
    // allows; a skewed clock shows in the Date header and refuses a signature 15 minutes off.
    QCOMPARE(faultControl(port, "DELETE", faults).first, 200);
    QCOMPARE(faultControl(port, "POST", faults, R"({"rules":[
        {"kind":"error","operation":"DescribeStreamSummary","error":"ServiceUnavailable"},
        {"kind":"slowBody","operation":"ListShards","bytesPerSecond":400},
        {"kind":"clockSkew","operation":"ListStreams","skewSeconds":3600}]})")
                 .first,
             200);
    const Reply unavailable = send("DescribeStreamSummary", {{"StreamName", "f"}});
    QCOMPARE(unavailable.status, 503);
    QCOMPARE(unavailable.type(), QStringLiteral("ServiceUnavailable"));
    QCOMPARE(unavailable.headers.value("x-amzn-errortype"), QByteArray("ServiceUnavailable"));

    QTcpSocket slow;
    slow.connectToHost(QHostAddress::LocalHost, port);
    QVERIFY(slow.waitForConnected(3000));
    QElapsedTimer sent;
    sent.start();
    slow.write(request("ListShards", R"({"StreamName":"f"})"));
    QByteArray raw;
    while (!raw.endsWith("\r\n0\r\n\r\n") && sent.elapsed() < 10'000)
        if (slow.waitForReadyRead(100))
            raw += slow.readAll();
    QVERIFY2(raw.contains("Transfer-Encoding: chunked"), raw.constData());
    QByteArray body; // de-chunked
    for (qsizetype at = raw.indexOf("\r\n\r\n") + 4; at < raw.size();) {
        const qsizetype eol = raw.indexOf("\r\n", at);
        const qsizetype n = raw.mid(at, eol - at).toLongLong(nullptr, 16);
        if (n == 0)
            break;
        body += raw.mid(eol + 2, n);
        at = eol + 2 + n + 2;
    }
    const QJsonArray shards
        = QJsonDocument::fromJson(body).object().value(QStringLiteral("Shards")).toArray();
    QCOMPARE(shards.size(), 1);
    QVERIFY2(sent.elapsed() >= body.size() * 1000 / 400 - 100,
             qPrintable(QStringLiteral("%1 bytes in %2 ms").arg(body.size()).arg(sent.elapsed())));

    const Reply skewed = send("ListStreams", {});
    QCOMPARE(skewed.type(), QStringLiteral("InvalidSignatureException"));
    QVERIFY2(
        skewed.message().startsWith(QStringLiteral("Signature expired: 20261126T100000Z is now "
                                                   "earlier than ")),
        qPrintable(skewed.message()));
    const QDateTime date
        = QLocale::c().toDateTime(QString::fromLatin1(skewed.headers.value("date")),
                                  QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'"));
    QVERIFY2(date.isValid(), skewed.headers.value("date").constData());
    QDateTime utc = date;
    utc.setTimeZone(QTimeZone::utc());
    QVERIFY(std::abs(QDateTime::currentDateTimeUtc().secsTo(utc) - 3600) < 10);

    // What fired, and the control path's refusals.
    const auto [status, state] = faultControl(port, "GET", faults);
    QCOMPARE(status, 200);
    QCOMPARE(state.value(QStringLiteral("rules")).toArray().size(), 3);
    QCOMPARE(state.value(QStringLiteral("fired")).toArray().size(), 5);
    QCOMPARE(faultControl(port, "GET", faults + "?after=4")
                 .second.value(QStringLiteral("fired"))
                 .toArray()
                 .size(),
             1);
    QCOMPARE(faultControl(port, "PUT", faults).first, 405);
    QCOMPARE(faultControl(port, "DELETE", faults + "/f99").first, 404);
    QCOMPARE(faultControl(port, "GET", faults + "/a/b").first, 404);
    const auto [bad, why] = faultControl(port, "POST", faults, "{not json");
    QCOMPARE(bad, 400);
    QCOMPARE(why.value(QStringLiteral("__type")).toString(),
             QStringLiteral("SerializationException"));
    QCOMPARE(faultControl(port, "POST", faults, R"({"kind":"latency","ms":-1})").first, 400);
    QCOMPARE(faultControl(port, "DELETE", faults).second.value(QStringLiteral("cleared")).toInt(),
             3);
    QCOMPARE(send("DescribeStreamSummary", {{"StreamName", "f"}}).status, 200);
}

QTEST_GUILESS_MAIN(TestEndpoint)
#include "tst_endpoint.moc"
