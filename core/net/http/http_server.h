// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// HttpServer: a small HTTP/1.1 and HTTP/2 server over QTcpServer, written for the Kinesis endpoint
// rather than taken from Qt HttpServer 6.4, which never answers `Expect: 100-continue` (clients
// that send it wait a second per request), buffers a body before any limit can refuse it, and
// serves no HTTP/2.
//
// - HTTP/2 (Http2Session over libnghttp2): cleartext prior knowledge (h2c) is told from HTTP/1.x
//   by the connection preface on the same port; with TLS, by ALPN ("h2", else "http/1.1") or the
//   preface. Each stream is a request; answers by stream, whole or streamed.
//
// - Keep-alive by default (HTTP/1.1), `Connection: close` honoured; one request at a time per
//   connection (pipelined requests wait their turn, answered in order).
// - `Expect: 100-continue` is answered at once (or refused with 413 when the declared body is too
//   large); bodies by Content-Length or chunked; header block ≤ 64 KiB, body ≤ maxBodyBytes.
// - A request must arrive within requestTimeoutMs of its first byte (slow senders are closed); an
//   idle connection is closed after idleTimeoutMs; at most maxConnections at once.
// - Malformed requests get a 400 and a close; nothing a client sends can crash the server.
//
// The handler runs on the server's thread; it may answer later from any thread through the
// Responder (the answer is marshalled back; it is dropped if the connection closed meanwhile).
#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QPair>
#include <QSslConfiguration>

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>

class QTcpServer;

namespace shs::net {

struct HttpRequest
{
    QByteArray method;
    QByteArray target;                            ///< path and query, as sent
    QByteArray version;                           ///< "HTTP/1.1"
    QList<QPair<QByteArray, QByteArray>> headers; ///< names lower-cased, in order
    QByteArray body;
    QHostAddress peer;
    quint16 peerPort = 0;
    /// The first header with this (lower-case) name, or empty.
    QByteArray header(const QByteArray &lowerName) const;
    bool hasHeader(const QByteArray &lowerName) const;
};

/// The body of a response written over time (SubscribeToShard's event stream): chunked over
/// HTTP/1.1. The producer writes from any thread and the connection sends in order; writes made
/// before the head is sent wait for it.
class ResponseStream
{
  public:
    /// Back-pressure marks: over kHighWater bytes not yet sent the stream says it is full, under
    /// kLowWater that it is writable again.
    static constexpr qint64 kHighWater = 1024 * 1024;
    static constexpr qint64 kLowWater = 256 * 1024;

    /// Thread-safe; ignored once finished or closed.
    void write(QByteArray bytes);
    /// The end of the body (thread-safe).
    void finish();
    /// Set before the response is handed over. `onWritable(false)` when full, `(true)` when
    /// drained again; `onClosed` when the client went away before the end. They run on the
    /// writer's or the server's thread and must be quick.
    void setCallbacks(std::function<void(bool)> onWritable, std::function<void()> onClosed);
    bool closed() const;

    // The connection's side.
    using Transport = std::function<void(QByteArray bytes, bool finish)>;
    void attach(Transport transport);
    /// Bytes handed to the transport but not yet on the wire.
    void reportBuffered(qint64 bytes);
    void peerClosed();

    /// Bytes the transport has put on its socket.
    void sent(qint64 bytes);

  private:
    mutable std::mutex m_mutex;
    Transport m_transport;
    QList<QByteArray> m_early;
    bool m_finished = false;
    bool m_earlyFinish = false;
    bool m_closed = false;
    bool m_full = false;
    qint64 m_queued = 0;   ///< written, not yet handed to the transport's socket
    qint64 m_buffered = 0; ///< in the socket's buffer
    std::function<void(bool)> m_onWritable;
    std::function<void()> m_onClosed;
};

struct HttpResponse
{
    int status = 200;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
    bool close = false; ///< close the connection after this response
    /// Set: the body is written over time through this stream instead of `body`.
    std::shared_ptr<ResponseStream> stream = {};

    // Faults on demand (service/fault_injector.h). The answer waits `delayMs`, then is cut instead
    // of sent (Drop: the connection closes; Reset: TCP RST over HTTP/1.x, RST_STREAM over
    // HTTP/2), or its body trickles at `bytesPerSecond`; its Date header is `dateSkewMs` off.
    int delayMs = 0;
    enum class Cut { None, Drop, Reset } cut = Cut::None;
    int bytesPerSecond = 0;
    qint64 dateSkewMs = 0;
};

using Responder = std::function<void(HttpResponse)>;
using HttpHandler = std::function<void(HttpRequest, Responder)>;

class HttpServer : public QObject
{
    Q_OBJECT
  public:
    struct Options
    {
        qint64 maxBodyBytes = 16 * 1024 * 1024;
        int maxHeaderBytes = 64 * 1024;
        int requestTimeoutMs = 30'000;
        int idleTimeoutMs = 120'000;
        int maxConnections = 1024;
        /// TLS (HTTPS) with this certificate and key when set; plain HTTP otherwise.
        std::optional<QSslConfiguration> tls;
    };
    struct Stats
    {
        qint64 connectionsAccepted = 0;
        qint64 connectionsRefused = 0; ///< over maxConnections
        qint64 requests = 0;
        qint64 malformed = 0; ///< answered 400/413/431 by the server itself
        qint64 timedOut = 0;
        qint64 tlsFailures = 0; ///< handshakes that failed
    };

    HttpServer(Options options, HttpHandler handler, QObject *parent = nullptr);
    ~HttpServer() override;

    bool listen(const QHostAddress &address, quint16 port, QString *error = nullptr);
    quint16 port() const;
    QHostAddress address() const;
    void close();
    /// Thread-safe.
    int openConnections() const { return m_open.load(); }
    const Stats &stats() const { return m_stats; }

    static QByteArray reasonPhrase(int status);

  private:
    class Connection;
    void accept();

    Options m_options;
    HttpHandler m_handler;
    QTcpServer *m_server;
    std::atomic<int> m_open{0};
    Stats m_stats;
    struct Relay
    {
        std::mutex mutex;
        QObject *target = nullptr;
    };
    std::shared_ptr<Relay> m_relay; ///< where answers from other threads are posted
};

} // namespace shs::net
