// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Http2Session: the server side of one HTTP/2 connection, over Debian's libnghttp2 (framing,
// HPACK, flow control, PING, SETTINGS and stream limits are the library's; no framer of ours).
// Bytes in through feed(), bytes out through takeOutput(); requests come out as HttpRequest
// values (":method", ":path" and the rest of the headers, lower-cased; ":authority" as "host"),
// and answers go back by stream id, whole or as a ResponseStream written over time (DATA frames
// paced by the peer's flow-control window).
//
// Limits: at most 100 concurrent streams, header blocks of maxHeaderBytes and bodies of
// maxBodyBytes (a stream over either is reset, or answered 413, and nobody else is affected);
// a protocol violation (a bad preface, an oversized frame, a malformed header block) ends the
// session with GOAWAY. Not thread-safe: the connection's thread drives it.
#include "http_server.h"

#include <cstdint>
#include <functional>
#include <map>
#include <memory>

struct nghttp2_session;

namespace shs::net {

class Http2Session
{
  public:
    struct Options
    {
        qint64 maxBodyBytes = 16 * 1024 * 1024;
        int maxHeaderBytes = 64 * 1024;
        std::uint32_t maxConcurrentStreams = 100;
        std::int32_t initialWindow = 1024 * 1024;        ///< what a client may send on a stream
                                                         ///< before we read it
        std::int32_t connectionWindow = 8 * 1024 * 1024; ///< the same for all its streams together
    };
    using RequestHandler = std::function<void(std::int32_t stream, HttpRequest request)>;

    Http2Session(Options options, RequestHandler onRequest);
    ~Http2Session();
    Http2Session(const Http2Session &) = delete;
    Http2Session &operator=(const Http2Session &) = delete;

    /// Bytes from the peer; false when the session failed (the GOAWAY is in the output).
    bool feed(const QByteArray &bytes);
    /// What to send now, at most about `budget` bytes (the socket's room).
    QByteArray takeOutput(qint64 budget);
    /// Whether the session is over (GOAWAY sent or received and every stream done).
    bool finished() const;

    /// The answer to `stream`; dropped if the stream was reset meanwhile.
    void respond(std::int32_t stream, HttpResponse response);
    /// Resets `stream` (RST_STREAM INTERNAL_ERROR) instead of answering it (fault injection).
    void resetStream(std::int32_t stream);
    /// More of a streamed answer (`fin`: its end).
    void streamData(std::int32_t stream, QByteArray bytes, bool fin);
    /// Streams open now (requests being read or answered).
    int openStreams() const { return int(m_streams.size()); }
    /// The peer went away: every streamed answer hears so.
    void closeAll();

  private:
    struct Stream;
    Stream *stream(std::int32_t id);

    friend struct Http2Callbacks;
    Options m_options;
    RequestHandler m_onRequest;
    nghttp2_session *m_session = nullptr;
    std::map<std::int32_t, std::unique_ptr<Stream>> m_streams;
    bool m_failed = false;
};

} // namespace shs::net
