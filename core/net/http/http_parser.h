// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// HttpRequestParser: HTTP/1.1 requests out of a byte stream, with no socket and no clock, so that
// the server's connections and the fuzzer (tests/fuzz/fuzz_http_parser) run the same code.
// Request line and headers (≤ maxHeaderBytes), then a body by Content-Length or chunked
// (≤ maxBodyBytes, trailers ignored). Refusals carry the status the server answers with: 400
// malformed, 413 body too large, 431 headers too large, 501 unknown transfer coding, 505 not
// HTTP/1.x. After a refusal the parser takes nothing more (the server closes the connection).
// Not thread-safe; one per connection.
#include "http_server.h"

#include <QByteArray>

#include <utility>

namespace shs::net {

class HttpRequestParser
{
  public:
    struct Limits
    {
        qint64 maxBodyBytes = 16 * 1024 * 1024;
        int maxHeaderBytes = 64 * 1024;
    };
    enum class Step {
        NeedMore, ///< nothing complete in what is buffered
        Request,  ///< a whole request: take() it
        Refused,  ///< malformed or over a limit: refusalStatus(), refusalReason()
    };

    explicit HttpRequestParser(Limits limits) : m_limits(limits) {}

    void feed(const QByteArray &bytes) { m_buffer += bytes; }
    /// Parses what is buffered, up to the end of the next request.
    Step next();
    /// The request next() found (peer address and port are the caller's to fill).
    HttpRequest take() { return std::move(m_request); }
    /// Once per request, after its headers: the client asked for `100 Continue` and its body has
    /// not all arrived yet.
    bool takeContinue() { return std::exchange(m_continue, false); }

    /// A request has begun arriving (for the server's request timeout).
    bool midRequest() const { return m_state != State::Headers || !m_buffer.isEmpty(); }
    bool refused() const { return m_state == State::Refused; }
    int refusalStatus() const { return m_status; }
    const char *refusalReason() const { return m_reason; }

  private:
    enum class State { Headers, Body, Chunked, Refused };
    bool parseHeaders();
    bool takeBodyBytes();
    bool parseChunks();
    Step refuse(int status, const char *reason);

    Limits m_limits;
    QByteArray m_buffer;
    HttpRequest m_request;
    State m_state = State::Headers;
    qint64 m_remaining = 0;
    bool m_continue = false;
    int m_status = 0;
    const char *m_reason = "";
};

} // namespace shs::net
