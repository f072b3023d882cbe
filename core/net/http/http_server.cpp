// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "http_server.h"
#include "http2_session.h"
#include "http_parser.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QLocale>
#include <QPointer>
#include <QSslServer>
#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

#include <mutex>

#include <sys/socket.h>

namespace shs::net {

namespace {
/// The Date header's IMF-fixdate for now (`skewMs` off), formatted once per second per thread.
QByteArray httpDate(qint64 skewMs = 0)
{
    if (skewMs != 0)
        return QLocale::c()
            .toString(QDateTime::currentDateTimeUtc().addMSecs(skewMs),
                      QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'"))
            .toLatin1();
    thread_local qint64 second = -1;
    thread_local QByteArray text;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    if (now.toSecsSinceEpoch() != second) {
        second = now.toSecsSinceEpoch();
        text = QLocale::c()
                   .toString(now, QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'"))
                   .toLatin1();
    }
    return text;
}
} // namespace

void ResponseStream::write(QByteArray bytes)
{
    if (bytes.isEmpty())
        return;
    Transport transport;
    std::function<void(bool)> onWritable;
    {
        const std::lock_guard lock(m_mutex);
        if (m_finished || m_closed)
            return;
        m_queued += bytes.size();
        if (m_transport)
            transport = m_transport;
        else
            m_early.append(bytes);
        if (!m_full && m_queued + m_buffered > kHighWater) {
            m_full = true;
            onWritable = m_onWritable;
        }
    }
    if (transport)
        transport(std::move(bytes), false);
    if (onWritable)
        onWritable(false);
}

void ResponseStream::finish()
{
    Transport transport;
    {
        const std::lock_guard lock(m_mutex);
        if (m_finished || m_closed)
            return;
        m_finished = true;
        if (m_transport)
            transport = m_transport;
        else
            m_earlyFinish = true;
    }
    if (transport)
        transport({}, true);
}

void ResponseStream::setCallbacks(std::function<void(bool)> onWritable,
                                  std::function<void()> onClosed)
{
    const std::lock_guard lock(m_mutex);
    m_onWritable = std::move(onWritable);
    m_onClosed = std::move(onClosed);
}

bool ResponseStream::closed() const
{
    const std::lock_guard lock(m_mutex);
    return m_closed;
}

void ResponseStream::attach(Transport transport)
{
    QList<QByteArray> early;
    bool finish = false;
    {
        const std::lock_guard lock(m_mutex);
        m_transport = transport;
        early.swap(m_early);
        finish = m_earlyFinish;
    }
    for (auto &bytes : early)
        transport(std::move(bytes), false);
    if (finish)
        transport({}, true);
}

void ResponseStream::sent(qint64 bytes)
{
    std::function<void(bool)> onWritable;
    {
        const std::lock_guard lock(m_mutex);
        m_queued -= bytes;
        if (m_full && m_queued + m_buffered < kLowWater) {
            m_full = false;
            onWritable = m_onWritable;
        }
    }
    if (onWritable)
        onWritable(true);
}

void ResponseStream::reportBuffered(qint64 bytes)
{
    std::function<void(bool)> onWritable;
    {
        const std::lock_guard lock(m_mutex);
        m_buffered = bytes;
        if (m_full && m_queued + m_buffered < kLowWater) {
            m_full = false;
            onWritable = m_onWritable;
        }
    }
    if (onWritable)
        onWritable(true);
}

void ResponseStream::peerClosed()
{
    std::function<void()> onClosed;
    {
        const std::lock_guard lock(m_mutex);
        if (m_closed || m_finished)
            return;
        m_closed = true;
        onClosed = m_onClosed;
    }
    if (onClosed)
        onClosed();
}

QByteArray HttpRequest::header(const QByteArray &lowerName) const
{
    for (const auto &[k, v] : headers)
        if (k == lowerName)
            return v;
    return {};
}

bool HttpRequest::hasHeader(const QByteArray &lowerName) const
{
    for (const auto &h : headers)
        if (h.first == lowerName)
            return true;
    return false;
}

QByteArray HttpServer::reasonPhrase(int status)
{
    switch (status) {
    case 100:
        return "Continue";
    case 200:
        return "OK";
    case 400:
        return "Bad Request";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 408:
        return "Request Timeout";
    case 411:
        return "Length Required";
    case 413:
        return "Payload Too Large";
    case 431:
        return "Request Header Fields Too Large";
    case 500:
        return "Internal Server Error";
    case 501:
        return "Not Implemented";
    case 503:
        return "Service Unavailable";
    case 505:
        return "HTTP Version Not Supported";
    default:
        return "Status";
    }
}

/// One client connection: parses requests in order and writes their responses.
class HttpServer::Connection : public QObject
{
  public:
    Connection(HttpServer &server, QTcpSocket *socket)
        : QObject(&server), m_server(server), m_socket(socket)
    {
        m_socket->setParent(this);
        m_requestTimer.setSingleShot(true);
        m_idleTimer.setSingleShot(true);
        connect(&m_requestTimer, &QTimer::timeout, this, [this] {
            ++m_server.m_stats.timedOut;
            fail(408, "the request did not arrive in time");
        });
        connect(&m_idleTimer, &QTimer::timeout, this, [this] {
            if (m_h2 && m_h2->openStreams() > 0) // an answer still streaming is not idleness
                return m_idleTimer.start(m_server.m_options.idleTimeoutMs);
            m_socket->disconnectFromHost();
        });
        connect(m_socket, &QTcpSocket::readyRead, this, &Connection::read);
        connect(m_socket, &QTcpSocket::bytesWritten, this, [this](qint64) {
            if (m_h2)
                flushH2();
            else if (m_stream)
                m_stream->reportBuffered(m_socket->bytesToWrite());
        });
        connect(m_socket, &QTcpSocket::disconnected, this, &Connection::finish);
        connect(m_socket, &QTcpSocket::errorOccurred, this, [this](QAbstractSocket::SocketError) {
            if (m_socket->state() != QAbstractSocket::ConnectedState)
                finish();
        });
        m_idleTimer.start(m_server.m_options.idleTimeoutMs);
        // h2 by ALPN on TLS; cleartext (and TLS without ALPN) is sniffed in read().
        if (auto *tls = qobject_cast<QSslSocket *>(m_socket);
            tls && tls->sslConfiguration().nextNegotiatedProtocol() == "h2")
            startH2();
    }

  private:
    enum class State { Idle, Waiting, Streaming, Closing }; // Idle: reading the next request

    void read()
    {
        if (m_state == State::Closing)
            return;
        QByteArray bytes = m_socket->readAll();
        if (m_h2)
            return feedH2(bytes);
        if (!m_sniffed) {
            // HTTP/2 with prior knowledge starts with its preface; anything else is HTTP/1.x.
            static const QByteArray preface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";
            m_sniff += bytes;
            const qsizetype n = std::min(m_sniff.size(), preface.size());
            if (m_sniff.left(n) == preface.left(n)) {
                if (m_sniff.size() < preface.size()) {
                    // Wait for the rest of it, as long as for the rest of a request.
                    if (!m_requestTimer.isActive())
                        m_requestTimer.start(m_server.m_options.requestTimeoutMs);
                    return;
                }
                startH2();
                return feedH2(std::exchange(m_sniff, {}));
            }
            m_sniffed = true;
            bytes = std::exchange(m_sniff, {});
        }
        m_parser.feed(bytes);
        parse();
    }

    // ---- HTTP/2 (http2_session.h) -------------------------------------------------------

    void startH2()
    {
        m_sniffed = true;
        m_requestTimer.stop();
        // HTTP/2 writes small frames apart in time (a WINDOW_UPDATE as a body arrives, the answer
        // when the engine has it): with Nagle's algorithm the answer would wait for the peer's
        // delayed ACK of the first, 40 ms a call. Every HTTP/2 server sets TCP_NODELAY.
        m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        Http2Session::Options o;
        o.maxBodyBytes = m_server.m_options.maxBodyBytes;
        o.maxHeaderBytes = m_server.m_options.maxHeaderBytes;
        m_h2 = std::make_unique<Http2Session>(o, [this](std::int32_t id, HttpRequest request) {
            dispatchH2(id, std::move(request));
        });
        flushH2(); // our SETTINGS
    }

    void feedH2(const QByteArray &bytes)
    {
        m_idleTimer.start(m_server.m_options.idleTimeoutMs);
        if (!m_h2->feed(bytes)) {
            ++m_server.m_stats.malformed;
            flushH2(); // the GOAWAY
            m_state = State::Closing;
            m_socket->disconnectFromHost();
            return;
        }
        flushH2();
    }

    void flushH2()
    {
        if (!m_h2)
            return;
        const qint64 room = 1024 * 1024 - m_socket->bytesToWrite();
        if (room > 0) {
            const QByteArray out = m_h2->takeOutput(room);
            if (!out.isEmpty())
                m_socket->write(out);
        }
        if (m_h2->finished() && m_state != State::Closing) {
            m_state = State::Closing;
            m_socket->disconnectFromHost();
        }
    }

    /// A Responder callable from any thread: it hops to the server's thread (the QPointer is read
    /// only there) and delivers to this connection, or is dropped if the connection or the server
    /// has gone.
    Responder relayed(std::function<void(Connection &, HttpResponse)> deliver)
    {
        QPointer<Connection> self(this);
        return
            [self, relay = m_server.m_relay, deliver = std::move(deliver)](HttpResponse response) {
                const std::lock_guard lock(relay->mutex);
                if (!relay->target)
                    return;
                QMetaObject::invokeMethod(
                    relay->target,
                    [self, deliver, response = std::move(response)]() mutable {
                        if (!self)
                            return;
                        if (const int delay = std::exchange(response.delayMs, 0); delay > 0)
                            return QTimer::singleShot(
                                delay, self.data(),
                                [self, deliver, response = std::move(response)]() mutable {
                                    deliver(*self, std::move(response));
                                });
                        deliver(*self, std::move(response));
                    },
                    Qt::QueuedConnection);
            };
    }

    /// An answer cut instead of sent (fault injection). HTTP/2 resets only its stream.
    void cut(HttpResponse::Cut how, std::int32_t h2Stream = 0)
    {
        if (how == HttpResponse::Cut::Reset && m_h2) {
            m_h2->resetStream(h2Stream);
            flushH2();
            return;
        }
        m_state = State::Closing;
        if (how == HttpResponse::Cut::Reset) {
            // SO_LINGER of 0: close() sends RST instead of FIN.
            const linger hard{1, 0};
            ::setsockopt(int(m_socket->socketDescriptor()), SOL_SOCKET, SO_LINGER, &hard,
                         sizeof hard);
            m_socket->abort();
            finish();
            return;
        }
        m_socket->disconnectFromHost();
    }

    /// A body sent at `bytesPerSecond` (fault injection): the response becomes a stream fed by a
    /// timer of this connection's.
    HttpResponse paced(HttpResponse response)
    {
        auto stream = std::make_shared<ResponseStream>();
        auto *timer = new QTimer(this);
        auto clock = std::make_shared<QElapsedTimer>();
        clock->start();
        connect(timer, &QTimer::timeout, this,
                [stream, timer, clock, body = std::exchange(response.body, {}),
                 rate = response.bytesPerSecond, sent = qsizetype(0)]() mutable {
                    const auto due = std::min<qsizetype>(
                        body.size(), qsizetype(double(rate) * double(clock->elapsed()) / 1000.0));
                    if (due > sent) {
                        stream->write(body.mid(sent, due - sent));
                        sent = due;
                    }
                    if (sent >= body.size() || stream->closed()) {
                        stream->finish();
                        timer->stop();
                        timer->deleteLater();
                    }
                });
        timer->start(50);
        response.stream = stream;
        response.bytesPerSecond = 0;
        return response;
    }

    void dispatchH2(std::int32_t id, HttpRequest request)
    {
        ++m_server.m_stats.requests;
        request.peer = m_socket->peerAddress();
        request.peerPort = m_socket->peerPort();
        m_server.m_handler(std::move(request), relayed([id](Connection &c, HttpResponse r) {
                               c.respondH2(id, std::move(r));
                           }));
    }

    void respondH2(std::int32_t id, HttpResponse response)
    {
        if (!m_h2)
            return;
        if (response.cut != HttpResponse::Cut::None)
            return cut(response.cut, id);
        if (response.bytesPerSecond > 0 && !response.stream)
            response = paced(std::move(response));
        if (response.stream) {
            QPointer<Connection> self(this);
            response.stream->attach(
                [self, id, relay = m_server.m_relay](QByteArray bytes, bool fin) {
                    const std::lock_guard lock(relay->mutex);
                    if (!relay->target)
                        return;
                    QMetaObject::invokeMethod(
                        relay->target,
                        [self, id, bytes = std::move(bytes), fin]() mutable {
                            if (self && self->m_h2) {
                                self->m_h2->streamData(id, std::move(bytes), fin);
                                self->flushH2();
                            }
                        },
                        Qt::QueuedConnection);
                });
        }
        m_h2->respond(id, std::move(response));
        flushH2();
    }

    void parse()
    {
        while (m_state == State::Idle) {
            if (m_parser.midRequest() && !m_requestTimer.isActive()) {
                m_requestTimer.start(m_server.m_options.requestTimeoutMs);
                m_idleTimer.stop();
            }
            const auto step = m_parser.next();
            if (m_parser.takeContinue())
                m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
            if (step == HttpRequestParser::Step::NeedMore)
                return;
            if (step == HttpRequestParser::Step::Refused) {
                fail(m_parser.refusalStatus(), m_parser.refusalReason());
                return;
            }
            m_request = m_parser.take();
            m_request.peer = m_socket->peerAddress();
            m_request.peerPort = m_socket->peerPort();
            dispatch();
        }
    }

    void dispatch()
    {
        m_requestTimer.stop();
        m_state = State::Waiting;
        ++m_server.m_stats.requests;
        const bool http10 = m_request.version == "HTTP/1.0";
        const QByteArray connection = m_request.header("connection").toLower();
        m_closeAfter = connection == "close" || (http10 && connection != "keep-alive");
        const quint64 id = ++m_sequence;
        m_server.m_handler(std::move(m_request), relayed([id](Connection &c, HttpResponse r) {
                               c.write(id, std::move(r));
                           }));
    }

    void write(quint64 id, HttpResponse response)
    {
        if (id != m_sequence || m_state != State::Waiting)
            return;
        if (response.cut != HttpResponse::Cut::None)
            return cut(response.cut);
        if (response.bytesPerSecond > 0 && !response.stream)
            response = paced(std::move(response));
        if (response.stream)
            return startStream(id, std::move(response));
        send(std::move(response));
        if (m_state == State::Closing)
            return;
        m_state = State::Idle;
        m_idleTimer.start(m_server.m_options.idleTimeoutMs);
        parse(); // a pipelined request may be waiting
    }

    /// A body written over time: chunked (HTTP/1.1) or delimited by the close (HTTP/1.0).
    void startStream(quint64 id, HttpResponse response)
    {
        m_chunked = m_request.version != "HTTP/1.0";
        QByteArray out = "HTTP/1.1 " + QByteArray::number(response.status) + ' '
                         + reasonPhrase(response.status)
                         + "\r\nDate: " + httpDate(response.dateSkewMs) + "\r\n";
        for (const auto &[k, v] : response.headers)
            out += k + ": " + v + "\r\n";
        out += m_chunked ? "Transfer-Encoding: chunked\r\n" : "Connection: close\r\n";
        out += "\r\n";
        m_socket->write(out);
        m_state = State::Streaming;
        m_stream = response.stream;
        QPointer<Connection> self(this);
        m_stream->attach([self, id, relay = m_server.m_relay](QByteArray bytes, bool fin) {
            const std::lock_guard lock(relay->mutex);
            if (!relay->target)
                return;
            QMetaObject::invokeMethod(
                relay->target,
                [self, id, bytes = std::move(bytes), fin]() mutable {
                    if (self)
                        self->streamWrite(id, std::move(bytes), fin);
                },
                Qt::QueuedConnection);
        });
    }

    void streamWrite(quint64 id, QByteArray bytes, bool fin)
    {
        if (id != m_sequence || m_state != State::Streaming || !m_stream)
            return;
        if (!bytes.isEmpty()) {
            if (m_chunked)
                m_socket->write(QByteArray::number(bytes.size(), 16) + "\r\n" + bytes + "\r\n");
            else
                m_socket->write(bytes);
            m_stream->sent(bytes.size());
            m_stream->reportBuffered(m_socket->bytesToWrite());
        }
        if (!fin)
            return;
        m_stream.reset();
        if (!m_chunked || m_closeAfter) {
            if (m_chunked)
                m_socket->write("0\r\n\r\n");
            m_state = State::Closing;
            m_socket->disconnectFromHost();
            return;
        }
        m_socket->write("0\r\n\r\n");
        m_state = State::Idle;
        m_idleTimer.start(m_server.m_options.idleTimeoutMs);
        parse(); // a pipelined request may be waiting
    }

    void send(HttpResponse response)
    {
        const bool close = response.close || m_closeAfter;
        QByteArray out = "HTTP/1.1 " + QByteArray::number(response.status) + ' '
                         + reasonPhrase(response.status) + "\r\n";
        out += "Date: " + httpDate(response.dateSkewMs)
               + "\r\n"; // RFC 9110: a server with a clock sends it (SDKs correct skew by it)
        for (const auto &[k, v] : response.headers)
            out += k + ": " + v + "\r\n";
        out += "Content-Length: " + QByteArray::number(response.body.size()) + "\r\n";
        if (close)
            out += "Connection: close\r\n";
        out += "\r\n";
        out += response.body;
        m_socket->write(out);
        if (close) {
            m_state = State::Closing;
            m_socket->disconnectFromHost();
        }
    }

    void fail(int status, const char *why)
    {
        ++m_server.m_stats.malformed;
        m_requestTimer.stop();
        HttpResponse r;
        r.status = status;
        r.headers.append(
            qMakePair(QByteArray("Content-Type"), QByteArray("text/plain; charset=utf-8")));
        r.body = QByteArray(why) + '\n';
        r.close = true;
        send(std::move(r));
    }

    void finish()
    {
        if (m_finished)
            return;
        m_finished = true;
        m_requestTimer.stop();
        m_idleTimer.stop();
        --m_server.m_open;
        if (m_stream)
            m_stream->peerClosed();
        m_stream.reset();
        if (m_h2)
            m_h2->closeAll();
        deleteLater();
    }

    HttpServer &m_server;
    QTcpSocket *m_socket;
    HttpRequestParser m_parser{
        {m_server.m_options.maxBodyBytes, m_server.m_options.maxHeaderBytes}};
    HttpRequest m_request;
    State m_state = State::Idle;
    bool m_closeAfter = false;
    bool m_finished = false;
    bool m_chunked = true;
    std::shared_ptr<ResponseStream> m_stream; ///< while State::Streaming
    bool m_sniffed = false;                   ///< decided between HTTP/1.x and HTTP/2
    QByteArray m_sniff;                       ///< the first bytes, until decided
    std::unique_ptr<Http2Session> m_h2;       ///< set: the connection speaks HTTP/2
    quint64 m_sequence = 0;
    QTimer m_requestTimer;
    QTimer m_idleTimer;
};

HttpServer::HttpServer(Options options, HttpHandler handler, QObject *parent)
    : QObject(parent), m_options(options), m_handler(std::move(handler)),
      m_relay(std::make_shared<Relay>())
{
    m_relay->target = this;
    if (m_options.tls) {
        auto *tls = new QSslServer(this);
        QSslConfiguration conf = *m_options.tls;
        conf.setAllowedNextProtocols({QByteArrayLiteral("h2"), QByteArrayLiteral("http/1.1")});
        tls->setSslConfiguration(conf);
        tls->setHandshakeTimeout(m_options.requestTimeoutMs);
        connect(tls, &QSslServer::errorOccurred, this,
                [this](QSslSocket *, QAbstractSocket::SocketError) { ++m_stats.tlsFailures; });
        connect(tls, &QSslServer::handshakeInterruptedOnError, this,
                [this](QSslSocket *, const QSslError &) { ++m_stats.tlsFailures; });
        m_server = tls;
    } else {
        m_server = new QTcpServer(this);
    }
    // A TLS connection is offered once its handshake is done.
    connect(m_server, &QTcpServer::pendingConnectionAvailable, this, &HttpServer::accept);
    connect(m_server, &QTcpServer::newConnection, this, &HttpServer::accept);
}

HttpServer::~HttpServer()
{
    const std::lock_guard lock(m_relay->mutex);
    m_relay->target = nullptr;
}

bool HttpServer::listen(const QHostAddress &address, quint16 port, QString *error)
{
    if (m_server->listen(address, port))
        return true;
    if (error)
        *error = m_server->errorString();
    return false;
}

quint16 HttpServer::port() const
{
    return m_server->serverPort();
}

QHostAddress HttpServer::address() const
{
    return m_server->serverAddress();
}

void HttpServer::close()
{
    m_server->close();
}

void HttpServer::accept()
{
    while (QTcpSocket *socket = m_server->nextPendingConnection()) {
        if (m_open >= m_options.maxConnections) {
            ++m_stats.connectionsRefused;
            socket->write("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: "
                          "close\r\n\r\n");
            socket->disconnectFromHost();
            connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            continue;
        }
        ++m_open;
        ++m_stats.connectionsAccepted;
        new Connection(*this, socket);
    }
}

} // namespace shs::net
