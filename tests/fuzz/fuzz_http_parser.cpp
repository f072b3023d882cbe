// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
// The endpoint's HTTP/1.1 request parser (core/net/http/http_parser), fed as a socket feeds it:
// the first byte picks where the input is cut into reads. Every input ends in requests, a wait for
// more, or a refusal with a 4xx/5xx status — never a crash — and no request is over the limits.
#include "http/http_parser.h"

#include <cstddef>
#include <cstdint>

using shs::net::HttpRequestParser;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size == 0)
        return 0;
    const std::size_t cut = std::size_t(data[0]) + 1; // bytes per read
    HttpRequestParser parser({/*maxBodyBytes=*/64 * 1024, /*maxHeaderBytes=*/4 * 1024});
    for (std::size_t at = 1; at < size; at += cut) {
        const std::size_t n = std::min(cut, size - at);
        parser.feed(QByteArray(reinterpret_cast<const char *>(data + at), qsizetype(n)));
        for (;;) {
            const auto step = parser.next();
            (void)parser.takeContinue();
            if (step == HttpRequestParser::Step::NeedMore)
                break;
            if (step == HttpRequestParser::Step::Refused) {
                if (parser.refusalStatus() < 400 || parser.refusalStatus() > 505)
                    __builtin_trap();
                return 0;
            }
            const auto request = parser.take();
            if (request.method.isEmpty() || !request.version.startsWith("HTTP/1.")
                || request.body.size() > 64 * 1024)
                __builtin_trap();
        }
    }
    return 0;
}
