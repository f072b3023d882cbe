// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "http_server.h"

#include <QDateTime>
#include <QLocale>
#include <QPointer>
#include <QSslServer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

#include <mutex>

namespace shs::net {

namespace {
/// The Date header's IMF-fixdate for now, formatted once per second per thread.
QByteArray httpDate()
{
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
        connect(&m_idleTimer, &QTimer::timeout, this, [this] { m_socket->disconnectFromHost(); });
        connect(m_socket, &QTcpSocket::readyRead, this, &Connection::read);
        connect(m_socket, &QTcpSocket::disconnected, this, &Connection::finish);
        connect(m_socket, &QTcpSocket::errorOccurred, this, [this](QAbstractSocket::SocketError) {
            if (m_socket->state() != QAbstractSocket::ConnectedState)
                finish();
        });
        m_idleTimer.start(m_server.m_options.idleTimeoutMs);
    }

  private:
    enum class State { Headers, Body, Chunked, Waiting, Closing };

    void read()
    {
        if (m_state == State::Closing)
            return;
        m_buffer += m_socket->readAll();
        parse();
    }

    void parse()
    {
        while (m_state != State::Waiting && m_state != State::Closing && !m_buffer.isEmpty()) {
            if (m_state == State::Headers && !parseHeaders())
                return;
            if (m_state == State::Body && !parseBody())
                return;
            if (m_state == State::Chunked && !parseChunks())
                return;
        }
    }

    bool parseHeaders()
    {
        if (!m_requestTimer.isActive()) {
            m_requestTimer.start(m_server.m_options.requestTimeoutMs);
            m_idleTimer.stop();
        }
        const qsizetype end = m_buffer.indexOf("\r\n\r\n");
        if (end < 0) {
            if (m_buffer.size() > m_server.m_options.maxHeaderBytes)
                fail(431, "the request headers are too large");
            return false;
        }
        if (end > m_server.m_options.maxHeaderBytes) {
            fail(431, "the request headers are too large");
            return false;
        }
        const QList<QByteArray> lines = m_buffer.left(end).split('\n');
        m_buffer.remove(0, end + 4);
        m_request = HttpRequest{};
        m_request.peer = m_socket->peerAddress();
        m_request.peerPort = m_socket->peerPort();
        const QList<QByteArray> start = lines.front().trimmed().split(' ');
        if (start.size() != 3 || start[0].isEmpty() || !start[2].startsWith("HTTP/1.")) {
            fail(start.size() == 3 && start[2].startsWith("HTTP/") ? 505 : 400,
                 "malformed request line");
            return false;
        }
        m_request.method = start[0];
        m_request.target = start[1];
        m_request.version = start[2];
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const QByteArray line = lines[i].endsWith('\r') ? lines[i].chopped(1) : lines[i];
            const qsizetype colon = line.indexOf(':');
            if (colon <= 0 || line.front() == ' ' || line.front() == '\t') {
                fail(400, "malformed header line");
                return false;
            }
            m_request.headers.append(
                {line.left(colon).trimmed().toLower(), line.mid(colon + 1).trimmed()});
        }
        const QByteArray te = m_request.header("transfer-encoding").toLower();
        const bool hasLength = m_request.hasHeader("content-length");
        if (!te.isEmpty() && te != "chunked") {
            fail(501, "unsupported transfer encoding");
            return false;
        }
        if (!te.isEmpty() && hasLength) {
            fail(400, "both Content-Length and Transfer-Encoding");
            return false;
        }
        m_remaining = 0;
        if (te == "chunked") {
            m_state = State::Chunked;
        } else {
            bool ok = true;
            const QByteArray length = m_request.header("content-length");
            m_remaining = length.isEmpty() ? 0 : length.toLongLong(&ok);
            if (!ok || m_remaining < 0) {
                fail(400, "malformed Content-Length");
                return false;
            }
            if (m_remaining > m_server.m_options.maxBodyBytes) {
                fail(413, "the request body is larger than the server accepts");
                return false;
            }
            m_state = State::Body;
        }
        if (m_request.header("expect").toLower() == "100-continue"
            && m_request.version == "HTTP/1.1"
            && (m_state == State::Chunked || m_remaining > m_buffer.size()))
            m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
        return true;
    }

    /// Moves up to m_remaining buffered bytes into the body; true when none remain.
    bool takeBodyBytes()
    {
        const qint64 take = std::min<qint64>(m_remaining, m_buffer.size());
        m_request.body += m_buffer.left(take);
        m_buffer.remove(0, take);
        m_remaining -= take;
        return m_remaining == 0;
    }

    bool parseBody()
    {
        if (!takeBodyBytes())
            return false;
        dispatch();
        return true;
    }

    bool parseChunks()
    {
        for (;;) {
            if (m_remaining > 0) { // inside a chunk's data
                if (!takeBodyBytes())
                    return false;
                m_remaining = -1; // the CRLF after the data
            }
            if (m_remaining == -1) {
                if (m_buffer.size() < 2)
                    return false;
                if (!m_buffer.startsWith("\r\n")) {
                    fail(400, "malformed chunk");
                    return false;
                }
                m_buffer.remove(0, 2);
                m_remaining = 0;
            }
            const qsizetype eol = m_buffer.indexOf("\r\n");
            if (eol < 0) {
                if (m_buffer.size() > 1024)
                    fail(400, "malformed chunk size");
                return false;
            }
            bool ok = false;
            const qint64 size = m_buffer.left(eol).split(';').front().trimmed().toLongLong(&ok, 16);
            if (!ok || size < 0) {
                fail(400, "malformed chunk size");
                return false;
            }
            if (size == 0) {
                // Trailers (ignored) end with an empty line.
                const qsizetype end = m_buffer.indexOf("\r\n\r\n", eol);
                if (end < 0 && m_buffer.mid(eol, 4) != "\r\n\r\n") {
                    if (m_buffer.size() - eol > 8192)
                        fail(400, "malformed chunk trailer");
                    return false;
                }
                m_buffer.remove(0, (end < 0 ? eol : end) + 4);
                dispatch();
                return true;
            }
            if (m_request.body.size() + size > m_server.m_options.maxBodyBytes) {
                fail(413, "the request body is larger than the server accepts");
                return false;
            }
            m_buffer.remove(0, eol + 2);
            m_remaining = size;
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
        QPointer<Connection> self(this);
        const quint64 id = ++m_sequence;
        Responder respond = [self, id, relay = m_server.m_relay](HttpResponse response) {
            // From any thread: hop to the server's thread (the QPointer is read only there);
            // dropped if the connection or the server has gone.
            const std::lock_guard lock(relay->mutex);
            if (!relay->target)
                return;
            QMetaObject::invokeMethod(
                relay->target,
                [self, id, response = std::move(response)]() mutable {
                    if (self)
                        self->write(id, std::move(response));
                },
                Qt::QueuedConnection);
        };
        m_server.m_handler(std::move(m_request), std::move(respond));
    }

    void write(quint64 id, HttpResponse response)
    {
        if (id != m_sequence || m_state != State::Waiting)
            return;
        send(std::move(response));
        if (m_state == State::Closing)
            return;
        m_state = State::Headers;
        m_idleTimer.start(m_server.m_options.idleTimeoutMs);
        parse(); // a pipelined request may be waiting
    }

    void send(HttpResponse response)
    {
        const bool close = response.close || m_closeAfter;
        QByteArray out = "HTTP/1.1 " + QByteArray::number(response.status) + ' '
                         + reasonPhrase(response.status) + "\r\n";
        out += "Date: " + httpDate()
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
        m_buffer.clear();
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
        deleteLater();
    }

    HttpServer &m_server;
    QTcpSocket *m_socket;
    QByteArray m_buffer;
    HttpRequest m_request;
    State m_state = State::Headers;
    qint64 m_remaining = 0;
    bool m_closeAfter = false;
    bool m_finished = false;
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
        tls->setSslConfiguration(*m_options.tls);
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
