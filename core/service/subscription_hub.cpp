// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "subscription_hub.h"

#include "engine/subscription_table.h"

#include <algorithm>

namespace shs::service {

using namespace shs::core;

struct SubscriptionHub::Sub
{
    std::shared_ptr<SubscriptionHandle> handle;
    SubscriptionSink sink;
    Engine::Subscription sub;
    bool inFlight = false;
    bool dirty = true; ///< read at once: the first event goes out without waiting
    bool finished = false;
    std::int64_t lastEventMs = 0;
    std::int64_t retryAtMs = 0; ///< the consumer's budget for the shard refills then
};

SubscriptionHub::SubscriptionHub(Post post, Read read)
    : m_post(std::move(post)), m_read(std::move(read)), m_relay(std::make_shared<Relay>())
{
    m_relay->hub = this;
}

SubscriptionHub::~SubscriptionHub()
{
    const std::lock_guard lock(m_relay->mutex);
    m_relay->hub = nullptr;
}

std::shared_ptr<SubscriptionHandle> SubscriptionHub::subscribe(SubscribeToShardRequest request,
                                                               SubscriptionSink sink)
{
    auto handle = std::make_shared<SubscriptionHandle>([relay = m_relay] {
        const std::lock_guard lock(relay->mutex);
        if (SubscriptionHub *hub = relay->hub)
            hub->m_post([hub](Engine &engine) { hub->pump(engine); });
    });
    m_post([this, handle, request = std::move(request),
            sink = std::move(sink)](Engine &engine) mutable {
        auto accepted = engine.subscribeToShard(request);
        if (!accepted) {
            sink.started(accepted.error());
            return;
        }
        // A takeover: the older subscription of this consumer to this shard reads once more and
        // ends with ResourceInUseException.
        for (auto &s : m_subs)
            if (s->sub.streamUid == accepted->streamUid && s->sub.shardIndex == accepted->shardIndex
                && s->sub.consumerName == accepted->consumerName)
                s->dirty = true;
        auto s = std::make_shared<Sub>();
        s->handle = handle;
        s->sink = std::move(sink);
        s->sub = std::move(*accepted);
        s->lastEventMs = engine.nowMs();
        s->sink.started(ok());
        m_subs.push_back(s);
        ++m_count;
        pump(engine);
    });
    return handle;
}

void SubscriptionHub::committed(std::vector<std::uint64_t> shardUids)
{
    if (m_count.load() == 0)
        return;
    m_post([this, shardUids = std::move(shardUids)](Engine &engine) {
        for (auto &s : m_subs)
            if (std::find(shardUids.begin(), shardUids.end(), s->sub.shardUid) != shardUids.end())
                s->dirty = true;
        pump(engine);
    });
}

void SubscriptionHub::pump(Engine &engine)
{
    const std::int64_t now = engine.nowMs();
    const auto subs = m_subs; // finish() edits m_subs
    for (const auto &s : subs) {
        if (s->finished)
            continue;
        if (s->handle->cancelled()) {
            s->finished = true;
            engine.endSubscription(s->sub);
            m_subs.erase(std::find(m_subs.begin(), m_subs.end(), s));
            --m_count;
            continue;
        }
        if (s->inFlight)
            continue;
        if (now - s->sub.startedMs >= kSubscriptionLifetimeMs) {
            finish(engine, s, std::nullopt);
            continue;
        }
        if (!s->handle->writable())
            continue;
        const bool due = s->dirty || now - s->lastEventMs >= kHeartbeatMs
                         || (s->retryAtMs && now >= s->retryAtMs);
        if (!due)
            continue;
        std::int64_t retryAt = 0;
        auto plan = engine.planSubscriptionRead(s->sub, &retryAt);
        if (!plan) {
            finish(engine, s, plan.error());
            continue;
        }
        if (plan->maxBytes == 0) {
            s->retryAtMs = retryAt; // dirty stays: records wait for the budget
            continue;
        }
        s->retryAtMs = 0;
        s->dirty = false;
        s->inFlight = true;
        m_read([this, s, plan = std::move(*plan)](RecordReader &reader) {
            auto read = Engine::readSubscriptionEvent(plan, reader);
            if (read && !s->handle->cancelled())
                s->sink.event(std::move(read->event));
            m_post([this, s, read = std::move(read)](Engine &e) mutable {
                readDone(e, s, std::move(read));
            });
        });
    }
}

void SubscriptionHub::readDone(Engine &engine, const std::shared_ptr<Sub> &s,
                               Result<Engine::SubscriptionRead> read)
{
    s->inFlight = false;
    if (s->finished)
        return;
    if (!read)
        return finish(engine, s, read.error());
    engine.chargeSubscription(s->sub, *read);
    s->sub.position = read->nextPosition;
    s->lastEventMs = engine.nowMs();
    if (read->endOfShard)
        return finish(engine, s, std::nullopt);
    if (read->more)
        s->dirty = true;
    pump(engine);
}

void SubscriptionHub::finish(Engine &engine, const std::shared_ptr<Sub> &s,
                             std::optional<Error> error)
{
    if (s->finished)
        return;
    s->finished = true;
    engine.endSubscription(s->sub);
    m_subs.erase(std::find(m_subs.begin(), m_subs.end(), s));
    --m_count;
    if (!s->handle->cancelled())
        s->sink.ended(std::move(error));
}

void SubscriptionHub::stop(Engine &engine)
{
    const auto subs = m_subs;
    for (const auto &s : subs)
        if (!s->inFlight)
            finish(engine, s, std::nullopt);
    // One with a read in flight ends when the read comes back (its job runs before the loop
    // exits); a host that stops for good drops what is still queued.
    for (const auto &s : m_subs) {
        s->finished = true;
        if (!s->handle->cancelled())
            s->sink.ended(std::nullopt);
    }
    m_subs.clear();
    m_count = 0;
}

} // namespace shs::service
