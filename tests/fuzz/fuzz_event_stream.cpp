// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
// The event-stream decoder (what the remote backend reads SubscribeToShard's answer with) and
// encoder: any bytes, fed in pieces the first byte sizes, are framed or refused, never crash or
// hang; every decoded message encodes again and decodes to the same headers and payload.
#include "eventstream/event_stream.h"

#include <cstdint>
#include <cstdlib>

using namespace shs::net::eventstream;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size == 0)
        return 0;
    const std::size_t piece = std::size_t(data[0] % 64) + 1;
    const QByteArray bytes(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));
    Decoder d;
    for (qsizetype i = 0; i < bytes.size(); i += qsizetype(piece)) {
        d.feed(bytes.mid(i, qsizetype(piece)));
        while (auto m = d.next()) {
            Decoder again;
            again.feed(encode(*m));
            auto back = again.next();
            if (!back || back->headers != m->headers || back->payload != m->payload
                || again.buffered() != 0)
                std::abort();
        }
    }
    if (d.buffered() > bytes.size())
        std::abort();
    return 0;
}
