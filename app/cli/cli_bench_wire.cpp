// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
// bench put --endpoint-url URL: the same PutRecords load sent over the Kinesis wire protocol
// (AWS JSON 1.1 over HTTP/1.1 keep-alive, one connection per thread), so any Kinesis-compatible
// endpoint — Shardscope's own, kinesalite, kinesis-local — is measured by the same client.
#include "cli_context.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpSocket>
#include <QThread>
#include <QUrl>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <mutex>
#include <random>
#include <thread>
#include <vector>

namespace shs::cli {

namespace {

/// One keep-alive HTTP/1.1 connection speaking AWS JSON 1.1 (a fixed, well-formed SigV4 header:
/// emulators check its presence only).
class WireConnection
{
  public:
    WireConnection(QString host, quint16 port) : m_host(std::move(host)), m_port(port) {}

    /// The HTTP status and body, or status 0 when the connection failed.
    std::pair<int, QByteArray> call(const QByteArray &operation, const QByteArray &body)
    {
        for (int attempt = 0; attempt < 2; ++attempt) {
            if (m_socket.state() != QAbstractSocket::ConnectedState) {
                m_socket.connectToHost(m_host, m_port);
                if (!m_socket.waitForConnected(5000))
                    return {0, m_socket.errorString().toUtf8()};
            }
            const QByteArray date = QDateTime::currentDateTimeUtc()
                                        .toString(QStringLiteral("yyyyMMddTHHmmssZ"))
                                        .toLatin1();
            QByteArray req
                = "POST / HTTP/1.1\r\nHost: " + m_host.toLatin1() + ':' + QByteArray::number(m_port)
                  + "\r\nContent-Type: application/x-amz-json-1.1\r\nX-Amz-Target: "
                    "Kinesis_20131202."
                  + operation + "\r\nX-Amz-Date: " + date
                  + "\r\nAuthorization: AWS4-HMAC-SHA256 Credential=AKIDBENCH/" + date.left(8)
                  + "/us-east-1/kinesis/aws4_request, SignedHeaders=host;x-amz-date, "
                    "Signature=0000000000000000000000000000000000000000000000000000000000000000"
                  + "\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
            m_socket.write(req);
            if (auto r = readResponse())
                return *r;
            m_socket.abort(); // a closed keep-alive connection: reconnect once
        }
        return {0, "no response"};
    }

  private:
    std::optional<std::pair<int, QByteArray>> readResponse()
    {
        QByteArray buf;
        for (;;) {
            const qsizetype end = buf.indexOf("\r\n\r\n");
            if (end >= 0) {
                const QByteArray head = buf.left(end).toLower();
                const qsizetype cl = head.indexOf("content-length:");
                const qsizetype length = cl < 0
                                             ? 0
                                             : head.mid(cl + 15, head.indexOf('\r', cl) - cl - 15)
                                                   .trimmed()
                                                   .toLongLong();
                while (buf.size() < end + 4 + length)
                    if (!m_socket.waitForReadyRead(30000))
                        return std::nullopt;
                    else
                        buf += m_socket.readAll();
                const int status = buf.mid(9, 3).toInt();
                return std::pair{status, buf.mid(end + 4, length)};
            }
            if (!m_socket.waitForReadyRead(30000))
                return std::nullopt;
            buf += m_socket.readAll();
        }
    }

    QString m_host;
    quint16 m_port;
    QTcpSocket m_socket;
};

QByteArray json(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

} // namespace

namespace {
std::pair<QString, quint16> hostPort(const QString &endpointUrl)
{
    const QUrl url(endpointUrl);
    if (!url.isValid() || url.scheme() != QStringLiteral("http") || url.host().isEmpty())
        throw UsageError("bench --endpoint-url takes http://HOST:PORT (plain HTTP/1.1)");
    return {url.host(), quint16(url.port(80))};
}

QJsonObject call(WireConnection &c, const QByteArray &op, const QJsonObject &body,
                 int *status = nullptr)
{
    auto [st, reply] = c.call(op, json(body));
    if (status)
        *status = st;
    return QJsonDocument::fromJson(reply).object();
}

QStringList shardIdsOver(WireConnection &c, const QString &stream)
{
    QStringList ids;
    QJsonObject page = call(c, "ListShards", {{QStringLiteral("StreamName"), stream}});
    for (;;) {
        for (const auto &s : page.value(QStringLiteral("Shards")).toArray())
            ids << s.toObject().value(QStringLiteral("ShardId")).toString();
        const QString next = page.value(QStringLiteral("NextToken")).toString();
        if (next.isEmpty())
            return ids;
        page = call(c, "ListShards", {{QStringLiteral("NextToken"), next}});
    }
}
/// Creates the stream through the wire when it is missing and waits until it is ACTIVE; an exit
/// code other than ExitOk after saying why on stderr.
int ensureStreamOverWire(WireConnection &c, const QString &endpointUrl, const QString &stream,
                         int shards)
{
    auto [st, reply]
        = c.call("DescribeStreamSummary", json({{QStringLiteral("StreamName"), stream}}));
    if (st == 0) {
        std::fprintf(stderr, "shardscope-cli: cannot reach %s: %s\n", qPrintable(endpointUrl),
                     reply.constData());
        return ExitFailure;
    }
    if (st != 200) {
        auto [cs, cb] = c.call("CreateStream", json({{QStringLiteral("StreamName"), stream},
                                                     {QStringLiteral("ShardCount"), shards}}));
        if (cs != 200) {
            std::fprintf(stderr, "shardscope-cli: CreateStream failed: %s\n", cb.constData());
            return ExitServiceError;
        }
    }
    for (int i = 0; i < 600; ++i) {
        if (call(c, "DescribeStreamSummary", {{QStringLiteral("StreamName"), stream}})
                .value(QStringLiteral("StreamDescriptionSummary"))
                .toObject()
                .value(QStringLiteral("StreamStatus"))
                .toString()
            == QStringLiteral("ACTIVE"))
            return ExitOk;
        QThread::msleep(100);
    }
    std::fprintf(stderr, "shardscope-cli: stream '%s' did not become ACTIVE within 60 s\n",
                 qPrintable(stream));
    return ExitServiceError;
}
} // namespace

int benchGetWire(const Args &a, const QString &endpointUrl)
{
    const auto [host, port] = hostPort(endpointUrl);
    const QString stream = a.value(QStringLiteral("stream")).value_or(QStringLiteral("bench"));
    WireConnection control(host, port);
    const QStringList shards = shardIdsOver(control, stream);
    if (shards.isEmpty()) {
        std::fprintf(stderr, "shardscope-cli: stream '%s' has no shards at %s\n",
                     qPrintable(stream), qPrintable(endpointUrl));
        return ExitServiceError;
    }
    std::atomic<qint64> records{0}, bytes{0}, calls{0}, throttled{0};
    const auto start = std::chrono::steady_clock::now();
    std::vector<std::thread> pool;
    for (const QString &shard : shards) {
        pool.emplace_back([&, shard] {
            WireConnection c(host, port);
            QString it
                = call(c, "GetShardIterator",
                       {{QStringLiteral("StreamName"), stream},
                        {QStringLiteral("ShardId"), shard},
                        {QStringLiteral("ShardIteratorType"), QStringLiteral("TRIM_HORIZON")}})
                      .value(QStringLiteral("ShardIterator"))
                      .toString();
            while (!it.isEmpty()) {
                auto [status, reply]
                    = c.call("GetRecords", json({{QStringLiteral("ShardIterator"), it},
                                                 {QStringLiteral("Limit"), 10000}}));
                calls.fetch_add(1);
                if (status != 200) {
                    if (reply.contains("ProvisionedThroughputExceeded")) {
                        throttled.fetch_add(1);
                        QThread::msleep(200);
                        continue;
                    }
                    break;
                }
                const QJsonObject r = QJsonDocument::fromJson(reply).object();
                const QJsonArray got = r.value(QStringLiteral("Records")).toArray();
                records.fetch_add(got.size());
                bytes.fetch_add(reply.size());
                it = r.value(QStringLiteral("NextShardIterator")).toString();
                if (got.isEmpty() && r.value(QStringLiteral("MillisBehindLatest")).toDouble() == 0)
                    break;
            }
        });
    }
    for (auto &t : pool)
        t.join();
    const double secs
        = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    printJson(QJsonObject{
        {QStringLiteral("Operation"), QStringLiteral("GetRecords")},
        {QStringLiteral("EndpointUrl"), endpointUrl},
        {QStringLiteral("Stream"), stream},
        {QStringLiteral("Shards"), int(shards.size())},
        {QStringLiteral("Records"), double(records.load())},
        {QStringLiteral("Calls"), double(calls.load())},
        {QStringLiteral("Throttled"), double(throttled.load())},
        {QStringLiteral("Seconds"), secs},
        {QStringLiteral("RecordsPerSecond"), double(records.load()) / secs},
        {QStringLiteral("ResponseMiBPerSecond"), double(bytes.load()) / secs / (1024.0 * 1024.0)}});
    return ExitOk;
}

int benchE2eWire(const Args &a, const QString &endpointUrl)
{
    const auto [host, port] = hostPort(endpointUrl);
    const QString stream = a.value(QStringLiteral("stream")).value_or(QStringLiteral("e2e"));
    const int shards = int(a.integer(QStringLiteral("shards"), 4));
    const double rate = a.value(QStringLiteral("rate")).value_or(QStringLiteral("100")).toDouble();
    const double duration
        = a.value(QStringLiteral("duration")).value_or(QStringLiteral("10")).toDouble();
    const int pollMs = int(a.integer(QStringLiteral("poll-ms"), 1));
    WireConnection control(host, port);
    if (const int rc = ensureStreamOverWire(control, endpointUrl, stream, shards); rc != ExitOk)
        return rc;
    const QStringList ids = shardIdsOver(control, stream);
    using Clock = std::chrono::steady_clock;
    const auto epoch = Clock::now();
    std::atomic<bool> stop{false};
    std::atomic<qint64> sent{0}, received{0};
    std::mutex latMutex;
    std::vector<double> latencies;
    std::vector<std::thread> readers;
    std::atomic<int> ready{0};
    for (const QString &shard : ids) {
        readers.emplace_back([&, shard] {
            WireConnection c(host, port);
            QString it = call(c, "GetShardIterator",
                              {{QStringLiteral("StreamName"), stream},
                               {QStringLiteral("ShardId"), shard},
                               {QStringLiteral("ShardIteratorType"), QStringLiteral("LATEST")}})
                             .value(QStringLiteral("ShardIterator"))
                             .toString();
            ready.fetch_add(1);
            while (!it.isEmpty() && !(stop.load() && received.load() >= sent.load())) {
                const QJsonObject r
                    = call(c, "GetRecords", {{QStringLiteral("ShardIterator"), it}});
                if (!r.contains(QStringLiteral("NextShardIterator"))) {
                    QThread::msleep(50); // throttled or failed: keep the iterator, try again
                    continue;
                }
                const qint64 now
                    = std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - epoch)
                          .count();
                const QJsonArray got = r.value(QStringLiteral("Records")).toArray();
                for (const auto &rec : got) {
                    const qint64 ns
                        = QByteArray::fromBase64(
                              rec.toObject().value(QStringLiteral("Data")).toString().toLatin1())
                              .toLongLong();
                    std::lock_guard lock(latMutex);
                    latencies.push_back(double(now - ns) / 1e6);
                }
                received.fetch_add(got.size());
                it = r.value(QStringLiteral("NextShardIterator")).toString();
                if (got.isEmpty())
                    QThread::msleep(std::uint32_t(pollMs));
            }
        });
    }
    while (ready.load() < int(ids.size()))
        QThread::msleep(10);
    WireConnection producer(host, port);
    const auto interval = std::chrono::nanoseconds(qint64(1e9 / rate));
    auto next = Clock::now();
    const auto end
        = next
          + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(duration));
    qint64 n = 0;
    while (Clock::now() < end) {
        std::this_thread::sleep_until(next);
        next += interval;
        const qint64 ns
            = std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - epoch).count();
        int st = 0;
        call(producer, "PutRecord",
             {{QStringLiteral("StreamName"), stream},
              {QStringLiteral("PartitionKey"), QStringLiteral("k%1").arg(n++)},
              {QStringLiteral("Data"), QString::fromLatin1(QByteArray::number(ns).toBase64())}},
             &st);
        if (st == 200)
            sent.fetch_add(1);
    }
    const auto deadline = Clock::now() + std::chrono::seconds(10);
    while (received.load() < sent.load() && Clock::now() < deadline)
        QThread::msleep(10);
    stop = true;
    for (auto &t : readers)
        t.join();
    printJson(QJsonObject{{QStringLiteral("Operation"), QStringLiteral("PutRecord→GetRecords")},
                          {QStringLiteral("EndpointUrl"), endpointUrl},
                          {QStringLiteral("Sent"), double(sent.load())},
                          {QStringLiteral("Received"), double(received.load())},
                          {QStringLiteral("LatencyMs"), latencyJson(latencies)}});
    return received.load() == sent.load() ? ExitOk : ExitServiceError;
}

int benchPutWire(const Args &a, const QString &endpointUrl)
{
    const auto [host, port] = hostPort(endpointUrl);
    const QString stream = a.value(QStringLiteral("stream")).value_or(QStringLiteral("bench"));
    const int shards = int(a.integer(QStringLiteral("shards"), 4));
    const qint64 total = a.integer(QStringLiteral("records"), 100000);
    const int size = int(a.integer(QStringLiteral("size"), 1024));
    const int batch = int(a.integer(QStringLiteral("batch"), 500));
    const int threads = int(a.integer(QStringLiteral("threads"), 8));
    if (batch < 1 || batch > 500 || threads < 1 || size < 1)
        throw UsageError("bench put --endpoint-url: --batch 1..500, --threads >= 1, --size >= 1");

    WireConnection control(host, port);
    if (const int rc = ensureStreamOverWire(control, endpointUrl, stream, shards); rc != ExitOk)
        return rc;

    std::atomic<qint64> claimed{0}, acked{0}, failed{0}, calls{0}, errors{0};
    std::mutex latMutex;
    std::vector<double> latencies;
    const auto start = std::chrono::steady_clock::now();
    auto worker = [&](int id) {
        WireConnection conn(host, port);
        std::mt19937_64 rng(std::uint64_t(id) * 7919u + 1);
        const QByteArray payload = QByteArray(size, char('a' + id % 26)).toBase64();
        std::vector<double> local;
        for (;;) {
            const qint64 want = std::min<qint64>(batch, total - claimed.fetch_add(batch));
            if (want <= 0)
                break;
            QByteArray body = "{\"StreamName\":\"" + stream.toUtf8() + "\",\"Records\":[";
            for (qint64 i = 0; i < want; ++i)
                body += (i ? ",{\"Data\":\"" : "{\"Data\":\"") + payload + "\",\"PartitionKey\":\"k"
                        + QByteArray::number(qulonglong(rng() % 100000)) + "\"}";
            body += "]}";
            const auto t0 = std::chrono::steady_clock::now();
            auto [status, reply] = conn.call("PutRecords", body);
            local.push_back(
                std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0)
                    .count());
            calls.fetch_add(1);
            if (status != 200) {
                errors.fetch_add(1);
                failed.fetch_add(want);
                if (status == 0)
                    break;
                continue;
            }
            // "FailedRecordCount":N without parsing the whole answer.
            const qsizetype at = reply.indexOf("\"FailedRecordCount\":");
            const qint64 f = at < 0 ? 0
                                    : reply.mid(at + 20, 12)
                                          .split(',')
                                          .front()
                                          .split('}')
                                          .front()
                                          .trimmed()
                                          .toLongLong();
            failed.fetch_add(f);
            acked.fetch_add(want - f);
        }
        std::lock_guard lock(latMutex);
        latencies.insert(latencies.end(), local.begin(), local.end());
    };
    std::vector<std::thread> pool;
    for (int i = 0; i < threads; ++i)
        pool.emplace_back(worker, i);
    for (auto &t : pool)
        t.join();
    const double secs
        = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    printJson(QJsonObject{
        {QStringLiteral("Operation"), QStringLiteral("PutRecords")},
        {QStringLiteral("EndpointUrl"), endpointUrl},
        {QStringLiteral("Stream"), stream},
        {QStringLiteral("Connections"), threads},
        {QStringLiteral("BatchSize"), batch},
        {QStringLiteral("RecordBytes"), size},
        {QStringLiteral("Records"), double(acked.load())},
        {QStringLiteral("Failed"), double(failed.load())},
        {QStringLiteral("ErrorResponses"), double(errors.load())},
        {QStringLiteral("Calls"), double(calls.load())},
        {QStringLiteral("Seconds"), secs},
        {QStringLiteral("RecordsPerSecond"), double(acked.load()) / secs},
        {QStringLiteral("MiBPerSecond"), double(acked.load()) * size / secs / (1024.0 * 1024.0)},
        {QStringLiteral("CallLatencyMs"), latencyJson(latencies)}});
    return errors.load() ? ExitServiceError : ExitOk;
}

} // namespace shs::cli
