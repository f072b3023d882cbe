// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "http_parser.h"

#include <QList>

#include <algorithm>

namespace shs::net {

HttpRequestParser::Step HttpRequestParser::refuse(int status, const char *reason)
{
    m_state = State::Refused;
    m_status = status;
    m_reason = reason;
    m_buffer.clear();
    return Step::Refused;
}

HttpRequestParser::Step HttpRequestParser::next()
{
    if (m_state == State::Refused)
        return Step::Refused;
    if (m_state == State::Headers) {
        const qsizetype end = m_buffer.indexOf("\r\n\r\n");
        if (end < 0) {
            if (m_buffer.size() > m_limits.maxHeaderBytes)
                return refuse(431, "the request headers are too large");
            return Step::NeedMore;
        }
        if (end > m_limits.maxHeaderBytes)
            return refuse(431, "the request headers are too large");
        if (!parseHeaders())
            return Step::Refused;
    }
    if (m_state == State::Body) {
        if (!takeBodyBytes())
            return Step::NeedMore;
        m_state = State::Headers;
        return Step::Request;
    }
    if (!parseChunks())
        return m_state == State::Refused ? Step::Refused : Step::NeedMore;
    m_state = State::Headers;
    return Step::Request;
}

bool HttpRequestParser::parseHeaders()
{
    const qsizetype end = m_buffer.indexOf("\r\n\r\n");
    const QList<QByteArray> lines = m_buffer.left(end).split('\n');
    m_buffer.remove(0, end + 4);
    m_request = HttpRequest{};
    const QList<QByteArray> start = lines.front().trimmed().split(' ');
    if (start.size() != 3 || start[0].isEmpty() || !start[2].startsWith("HTTP/1.")) {
        refuse(start.size() == 3 && start[2].startsWith("HTTP/") ? 505 : 400,
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
            refuse(400, "malformed header line");
            return false;
        }
        m_request.headers.append(
            {line.left(colon).trimmed().toLower(), line.mid(colon + 1).trimmed()});
    }
    const QByteArray te = m_request.header("transfer-encoding").toLower();
    const bool hasLength = m_request.hasHeader("content-length");
    if (!te.isEmpty() && te != "chunked") {
        refuse(501, "unsupported transfer encoding");
        return false;
    }
    if (!te.isEmpty() && hasLength) {
        refuse(400, "both Content-Length and Transfer-Encoding");
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
            refuse(400, "malformed Content-Length");
            return false;
        }
        if (m_remaining > m_limits.maxBodyBytes) {
            refuse(413, "the request body is larger than the server accepts");
            return false;
        }
        m_state = State::Body;
    }
    m_continue = m_request.header("expect").toLower() == "100-continue"
                 && m_request.version == "HTTP/1.1"
                 && (m_state == State::Chunked || m_remaining > m_buffer.size());
    return true;
}

bool HttpRequestParser::takeBodyBytes()
{
    const qint64 take = std::min<qint64>(m_remaining, m_buffer.size());
    m_request.body += m_buffer.left(take);
    m_buffer.remove(0, take);
    m_remaining -= take;
    return m_remaining == 0;
}

bool HttpRequestParser::parseChunks()
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
                refuse(400, "malformed chunk");
                return false;
            }
            m_buffer.remove(0, 2);
            m_remaining = 0;
        }
        const qsizetype eol = m_buffer.indexOf("\r\n");
        if (eol < 0) {
            if (m_buffer.size() > 1024)
                refuse(400, "malformed chunk size");
            return false;
        }
        bool ok = false;
        const qint64 size = m_buffer.left(eol).split(';').front().trimmed().toLongLong(&ok, 16);
        if (!ok || size < 0) {
            refuse(400, "malformed chunk size");
            return false;
        }
        if (size == 0) {
            // Trailers (ignored) end with an empty line.
            const qsizetype end = m_buffer.indexOf("\r\n\r\n", eol);
            if (end < 0 && m_buffer.mid(eol, 4) != "\r\n\r\n") {
                if (m_buffer.size() - eol > 8192)
                    refuse(400, "malformed chunk trailer");
                return false;
            }
            m_buffer.remove(0, (end < 0 ? eol : end) + 4);
            return true;
        }
        if (size > m_limits.maxBodyBytes - m_request.body.size()) { // (no overflow)
            refuse(413, "the request body is larger than the server accepts");
            return false;
        }
        m_buffer.remove(0, eol + 2);
        m_remaining = size;
    }
}

} // namespace shs::net
