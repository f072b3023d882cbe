// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "http2_session.h"

#include <QDateTime>
#include <QLocale>

#include <nghttp2/nghttp2.h>

#include <algorithm>
#include <cstring>

namespace shs::net {

struct Http2Session::Stream
{
    std::int32_t id = 0;
    HttpRequest request;
    qint64 headerBytes = 0;
    bool refused = false;    ///< over a limit: answered already, the rest is ignored
    bool dispatched = false; ///< handed to the handler
    bool answered = false;
    // The answer's body: what is buffered, whether more may come, the stream writing it.
    QByteArray out;
    qsizetype outPos = 0;
    bool outDone = false;
    std::shared_ptr<ResponseStream> writer;
};

namespace {
QByteArray date(qint64 skewMs)
{
    return QLocale::c()
        .toString(QDateTime::currentDateTimeUtc().addMSecs(skewMs),
                  QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'"))
        .toLatin1();
}

nghttp2_nv nv(const QByteArray &name, const QByteArray &value)
{
    return {reinterpret_cast<std::uint8_t *>(const_cast<char *>(name.constData())),
            reinterpret_cast<std::uint8_t *>(const_cast<char *>(value.constData())),
            std::size_t(name.size()), std::size_t(value.size()), NGHTTP2_NV_FLAG_NONE};
}
} // namespace

/// nghttp2's callbacks, with access to the session's streams.
struct Http2Callbacks
{
    static Http2Session &of(void *p) { return *static_cast<Http2Session *>(p); }

    static int beginHeaders(nghttp2_session *, const nghttp2_frame *frame, void *self)
    {
        if (frame->hd.type != NGHTTP2_HEADERS || frame->headers.cat != NGHTTP2_HCAT_REQUEST)
            return 0;
        auto s = std::make_unique<Http2Session::Stream>();
        s->id = frame->hd.stream_id;
        s->request.version = "HTTP/2";
        of(self).m_streams[s->id] = std::move(s);
        return 0;
    }

    static int header(nghttp2_session *session, const nghttp2_frame *frame,
                      const std::uint8_t *name, std::size_t nameLen, const std::uint8_t *value,
                      std::size_t valueLen, std::uint8_t, void *self)
    {
        Http2Session &h = of(self);
        Http2Session::Stream *s = h.stream(frame->hd.stream_id);
        if (!s || s->refused)
            return 0;
        s->headerBytes += qint64(nameLen + valueLen + 32);
        if (s->headerBytes > h.m_options.maxHeaderBytes) {
            // A header flood costs the stream, not the connection.
            s->refused = true;
            nghttp2_submit_rst_stream(session, NGHTTP2_FLAG_NONE, s->id, NGHTTP2_ENHANCE_YOUR_CALM);
            return 0;
        }
        const QByteArray n(reinterpret_cast<const char *>(name), qsizetype(nameLen));
        const QByteArray v(reinterpret_cast<const char *>(value), qsizetype(valueLen));
        if (n == ":method")
            s->request.method = v;
        else if (n == ":path")
            s->request.target = v;
        else if (n == ":authority")
            s->request.headers.append({"host", v});
        else if (!n.startsWith(':'))
            s->request.headers.append({n.toLower(), v});
        return 0;
    }

    static int dataChunk(nghttp2_session *session, std::uint8_t, std::int32_t id,
                         const std::uint8_t *data, std::size_t len, void *self)
    {
        Http2Session &h = of(self);
        Http2Session::Stream *s = h.stream(id);
        if (!s || s->refused)
            return 0;
        if (s->request.body.size() + qint64(len) > h.m_options.maxBodyBytes) {
            s->refused = true;
            HttpResponse r;
            r.status = 413;
            r.headers = {{"content-type", "text/plain; charset=utf-8"}};
            r.body = "the request body is over the limit\n";
            h.respond(id, std::move(r));
            (void)session;
            return 0;
        }
        s->request.body.append(reinterpret_cast<const char *>(data), qsizetype(len));
        return 0;
    }

    static int frameRecv(nghttp2_session *, const nghttp2_frame *frame, void *self)
    {
        if ((frame->hd.type != NGHTTP2_HEADERS && frame->hd.type != NGHTTP2_DATA)
            || !(frame->hd.flags & NGHTTP2_FLAG_END_STREAM))
            return 0;
        Http2Session &h = of(self);
        Http2Session::Stream *s = h.stream(frame->hd.stream_id);
        if (!s || s->refused || s->dispatched)
            return 0;
        s->dispatched = true;
        h.m_onRequest(s->id, s->request);
        return 0;
    }

    static int streamClose(nghttp2_session *, std::int32_t id, std::uint32_t, void *self)
    {
        Http2Session &h = of(self);
        auto it = h.m_streams.find(id);
        if (it == h.m_streams.end())
            return 0;
        auto writer = it->second->writer;
        const bool done = it->second->outDone;
        h.m_streams.erase(it);
        if (writer && !done)
            writer->peerClosed(); // reset by the client, or the session ended
        return 0;
    }

    static ssize_t read(nghttp2_session *, std::int32_t id, std::uint8_t *buf, std::size_t length,
                        std::uint32_t *flags, nghttp2_data_source *, void *self)
    {
        Http2Session::Stream *s = of(self).stream(id);
        if (!s)
            return NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE;
        const qsizetype left = s->out.size() - s->outPos;
        const std::size_t n = std::min<std::size_t>(length, std::size_t(left));
        if (n > 0) {
            std::memcpy(buf, s->out.constData() + s->outPos, n);
            s->outPos += qsizetype(n);
            if (s->writer)
                s->writer->sent(qint64(n));
            if (s->outPos > 64 * 1024 && s->outPos * 2 > s->out.size()) {
                s->out.remove(0, s->outPos); // keep the buffer to what is unsent
                s->outPos = 0;
            }
        }
        if (s->outPos == s->out.size()) {
            if (s->outDone)
                *flags |= NGHTTP2_DATA_FLAG_EOF;
            else if (n == 0)
                return NGHTTP2_ERR_DEFERRED; // streamData() resumes it
        }
        return ssize_t(n);
    }
};

Http2Session::Http2Session(Options options, RequestHandler onRequest)
    : m_options(options), m_onRequest(std::move(onRequest))
{
    nghttp2_session_callbacks *cbs = nullptr;
    nghttp2_session_callbacks_new(&cbs);
    nghttp2_session_callbacks_set_on_begin_headers_callback(cbs, &Http2Callbacks::beginHeaders);
    nghttp2_session_callbacks_set_on_header_callback(cbs, &Http2Callbacks::header);
    nghttp2_session_callbacks_set_on_data_chunk_recv_callback(cbs, &Http2Callbacks::dataChunk);
    nghttp2_session_callbacks_set_on_frame_recv_callback(cbs, &Http2Callbacks::frameRecv);
    nghttp2_session_callbacks_set_on_stream_close_callback(cbs, &Http2Callbacks::streamClose);
    nghttp2_option *opt = nullptr;
    nghttp2_option_new(&opt);
    // Headers count against the stream that sent them (above), not a fixed table of ours.
    nghttp2_option_set_max_send_header_block_length(opt, 64 * 1024);
    nghttp2_session_server_new2(&m_session, cbs, this, opt);
    nghttp2_option_del(opt);
    nghttp2_session_callbacks_del(cbs);
    const nghttp2_settings_entry settings[]
        = {{NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS, m_options.maxConcurrentStreams},
           {NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE, std::uint32_t(m_options.initialWindow)},
           {NGHTTP2_SETTINGS_MAX_HEADER_LIST_SIZE, std::uint32_t(m_options.maxHeaderBytes)}};
    nghttp2_submit_settings(m_session, NGHTTP2_FLAG_NONE, settings,
                            sizeof settings / sizeof settings[0]);
    // The connection's own window, room for several large PutRecords at once (8 callers of
    // 500 × 1 KiB records send 5.6 MB): with the default 64 KiB, or one stream's window, they
    // would take turns waiting for window updates.
    nghttp2_session_set_local_window_size(m_session, NGHTTP2_FLAG_NONE, 0,
                                          m_options.connectionWindow);
}

Http2Session::~Http2Session()
{
    closeAll();
    nghttp2_session_del(m_session);
}

Http2Session::Stream *Http2Session::stream(std::int32_t id)
{
    auto it = m_streams.find(id);
    return it == m_streams.end() ? nullptr : it->second.get();
}

bool Http2Session::feed(const QByteArray &bytes)
{
    if (m_failed)
        return false;
    const auto n = nghttp2_session_mem_recv(
        m_session, reinterpret_cast<const std::uint8_t *>(bytes.constData()), bytes.size());
    if (n < 0) {
        // nghttp2 queued a GOAWAY for a protocol error where it could; make sure of it.
        m_failed = true;
        nghttp2_session_terminate_session(m_session, NGHTTP2_PROTOCOL_ERROR);
        return false;
    }
    return true;
}

QByteArray Http2Session::takeOutput(qint64 budget)
{
    QByteArray out;
    while (out.size() < budget) {
        const std::uint8_t *data = nullptr;
        const auto n = nghttp2_session_mem_send(m_session, &data);
        if (n <= 0)
            break;
        out.append(reinterpret_cast<const char *>(data), qsizetype(n));
    }
    return out;
}

bool Http2Session::finished() const
{
    return !nghttp2_session_want_read(m_session) && !nghttp2_session_want_write(m_session);
}

void Http2Session::respond(std::int32_t id, HttpResponse response)
{
    Stream *s = stream(id);
    if (!s || s->answered)
        return;
    s->answered = true;
    QList<QByteArray> storage; // the header bytes live until nghttp2 has copied them
    storage.reserve(2 * (response.headers.size() + 3));
    std::vector<nghttp2_nv> headers;
    auto add = [&](QByteArray name, QByteArray value) {
        storage.append(std::move(name));
        storage.append(std::move(value));
        headers.push_back(nv(storage[storage.size() - 2], storage.back()));
    };
    add(":status", QByteArray::number(response.status));
    add("date", date(response.dateSkewMs));
    for (const auto &[k, v] : response.headers) {
        const QByteArray name = k.toLower();
        if (name == "connection" || name == "transfer-encoding" || name == "keep-alive")
            continue; // connection-specific: not in HTTP/2
        add(name, v);
    }
    if (response.stream) {
        s->writer = response.stream;
    } else {
        add("content-length", QByteArray::number(response.body.size()));
        s->out = std::move(response.body);
        s->outDone = true;
    }
    nghttp2_data_provider provider{};
    provider.read_callback = &Http2Callbacks::read;
    nghttp2_submit_response(m_session, id, headers.data(), headers.size(), &provider);
}

void Http2Session::resetStream(std::int32_t id)
{
    Stream *s = stream(id);
    if (!s || s->answered)
        return;
    s->answered = true;
    nghttp2_submit_rst_stream(m_session, NGHTTP2_FLAG_NONE, id, NGHTTP2_INTERNAL_ERROR);
}

void Http2Session::streamData(std::int32_t id, QByteArray bytes, bool fin)
{
    Stream *s = stream(id);
    if (!s || s->outDone)
        return;
    s->out += bytes;
    s->outDone = fin;
    nghttp2_session_resume_data(m_session, id);
}

void Http2Session::closeAll()
{
    auto streams = std::move(m_streams);
    m_streams.clear();
    for (auto &[id, s] : streams)
        if (s->writer && !s->outDone)
            s->writer->peerClosed();
}

} // namespace shs::net
