// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
// Shard iterators are outside bytes: any text must decode to a token or be refused, and GetRecords
// on it must answer with a Kinesis error or records, never crash.
#include "engine_harness.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    static shs::test::EngineHarness *h = [] {
        auto *harness = new shs::test::EngineHarness;
        harness->ready("s", 2);
        (void)harness->run([](shs::core::Engine &e) {
            return e.putRecord({{"s", {}}, "payload", "pk", {}, {}});
        });
        return harness;
    }();
    const std::string text(reinterpret_cast<const char *>(data), size);
    shs::core::GetRecordsRequest req{text, {}, {}};
    auto r = h->engine().getRecords(req);
    if (r && r->records.size() > 10000)
        __builtin_trap();
    return 0;
}
