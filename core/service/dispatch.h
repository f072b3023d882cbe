// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Runs any catalogue operation on an EngineHost: on the engine thread, answered once what it
// changed is durable — except the data-plane calls the host runs its own way (PutRecord and
// PutRecords measured for PutRecords.Latency, GetRecords read on a reader thread).
#include "engine_host.h"

#include "engine/catalogue.h"

#include <functional>
#include <type_traits>

namespace shs::service {

template <class Req, class Resp>
void dispatch(EngineHost &host, const core::ops::Operation<Req, Resp> &op, Req request,
              std::function<void(core::Result<Resp>)> done)
{
    if constexpr (std::is_same_v<Req, core::PutRecordRequest>) {
        host.putRecord(std::move(request), std::move(done));
    } else if constexpr (std::is_same_v<Req, core::PutRecordsRequest>) {
        host.putRecords(std::move(request), std::move(done));
    } else if constexpr (std::is_same_v<Req, core::GetRecordsRequest>) {
        host.getRecords(std::move(request), std::move(done));
    } else {
        host.post<Resp>(
            [run = op.run, request = std::move(request)](core::Engine &engine) mutable {
                return run(engine, std::move(request));
            },
            std::move(done));
    }
}

} // namespace shs::service
