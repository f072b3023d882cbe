// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine_impl.h"

namespace shs::core {

// ----------------------------------------------------------------------------- time

void Engine::tick()
{
    const std::int64_t t = d->now();
    std::vector<std::string> gone;
    for (auto &[name, sp] : d->streams) {
        Stream &s = *sp;
        if (s.status == StreamStatus::Creating && t - s.statusSinceMs >= d->config.createDelayMs) {
            s.status = StreamStatus::Active;
            s.statusSinceMs = t;
            d->markDirty(s);
        } else if (s.status == StreamStatus::Deleting && t - s.statusSinceMs >= d->config.deleteDelayMs) {
            if (!d->storageFailure)
                gone.push_back(name);
            continue;
        }
        if (!d->storageFailure)
            d->trimRetention(s, t);
    }
    for (const auto &name : gone) {
        auto it = d->streams.find(name);
        d->batch.deleteStreams.push_back(it->second->uid);
        d->dirtyStreams.erase(it->second->uid);
        d->seqDirty.erase(it->second->uid);
        d->byUid.erase(it->second->uid);
        d->streams.erase(it);
        ++d->version;
    }
}

} // namespace shs::core
