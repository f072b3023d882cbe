// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// SubscriptionHub: runs the engine's SubscribeToShard subscriptions as event streams. An event is
// pushed when records are committed to the subscribed shard (the storage thread says which shards
// a commit touched), when the sink can take more after it was full, when the consumer's read
// budget for the shard refills, and as a heartbeat after kHeartbeatMs of engine time without one;
// the subscription ends cleanly after 5 minutes of engine time or after the final event of a
// closed shard, and with an error (an exception event) when it is taken over or its consumer,
// stream or shard goes.
//
// Each event is planned on the engine thread, read on a reader thread (the sink's `event` runs
// there), and charged back on the engine thread before the next one is planned: a subscription
// has at most one read in flight, so its events are in order. A sink applies back-pressure with
// SubscriptionHandle::setWritable(false) (no event is read for it until it says true again).
//
// Thread safety: the hub's state is the engine thread's; SubscriptionHandle is thread-safe.
#include "engine/engine.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

namespace shs::service {

/// Where a subscription's events go. `started` and `ended` run on the engine thread, `event` on a
/// reader thread; all must be quick and thread-safe. `ended` runs once, after the last `event`
/// (not at all if `started` got an error).
struct SubscriptionSink
{
    /// Accepted (ok: the initial response may go out), or refused before any event.
    std::function<void(const core::Result<void> &)> started;
    std::function<void(core::SubscribeToShardEvent)> event;
    /// nullopt: a clean end (5 minutes, the end of a closed shard, the service stopping); an
    /// error: what ended it, for an exception event.
    std::function<void(std::optional<core::Error>)> ended;
};

/// The caller's side of a subscription.
class SubscriptionHandle
{
  public:
    explicit SubscriptionHandle(std::function<void()> poke) : m_poke(std::move(poke)) {}
    /// Back-pressure: false holds further events until true again.
    void setWritable(bool writable)
    {
        const bool was = m_writable.exchange(writable);
        if (writable && !was)
            m_poke();
    }
    /// The reader went away: the subscription ends without calling the sink again.
    void cancel()
    {
        if (!m_cancelled.exchange(true))
            m_poke();
    }
    bool writable() const { return m_writable.load(); }
    bool cancelled() const { return m_cancelled.load(); }

  private:
    std::function<void()> m_poke;
    std::atomic<bool> m_writable{true};
    std::atomic<bool> m_cancelled{false};
};

class SubscriptionHub
{
  public:
    /// Idle subscriptions get an empty event (with the continuation and the lag) this often, in
    /// engine time. AWS does not document its cadence (kinesis-api.md §3.3).
    static constexpr std::int64_t kHeartbeatMs = 5000;

    using Post = std::function<void(std::function<void(core::Engine &)>)>;       ///< to the engine
    using Read = std::function<void(std::function<void(core::RecordReader &)>)>; ///< to a reader

    SubscriptionHub(Post post, Read read);
    ~SubscriptionHub();

    /// Any thread: starts a subscription (its checks run on the engine thread).
    std::shared_ptr<SubscriptionHandle> subscribe(core::SubscribeToShardRequest request,
                                                  SubscriptionSink sink);
    /// Engine thread: plans the events that are due (every tick, and after each wake-up).
    void pump(core::Engine &engine);
    /// Storage thread: a commit wrote records to these shards.
    void committed(std::vector<std::uint64_t> shardUids);
    /// Engine thread: ends every subscription cleanly (the host is stopping).
    void stop(core::Engine &engine);
    /// Subscriptions running now (thread-safe).
    int count() const { return m_count.load(); }

  private:
    struct Sub;
    void finish(core::Engine &engine, const std::shared_ptr<Sub> &sub,
                std::optional<core::Error> error);
    void readDone(core::Engine &engine, const std::shared_ptr<Sub> &sub,
                  core::Result<core::Engine::SubscriptionRead> read);

    /// What handles poke through: cleared when the hub goes, so a handle that outlives it
    /// pokes nothing.
    struct Relay
    {
        std::mutex mutex;
        SubscriptionHub *hub = nullptr;
    };
    Post m_post;
    Read m_read;
    std::shared_ptr<Relay> m_relay;
    std::vector<std::shared_ptr<Sub>> m_subs;
    std::atomic<int> m_count{0};
};

} // namespace shs::service
