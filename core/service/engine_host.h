// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// EngineHost: owns the engine thread and the storage thread, and turns the single-threaded Engine
// into an asynchronous service with group commit.
//
//   callers ──post(job)──► engine thread: drains every queued job, runs each against the Engine;
//                          a job that mutated state has its batch taken and its delivery deferred
//                          ──(merged batches, deferred deliveries)──► storage thread: commits
//                          everything queued in ONE transaction, then runs the deliveries.
//
// So concurrent puts share one fsync, and a caller is told "ok" only after its records are
// durable (Engine invariant 4). Read-only jobs are answered at once. A failed commit makes the
// engine read-only (sticky) and fails the deliveries of that batch and every later one.
// In-flight (uncommitted) payload is bounded (Options::maxInFlightBytes); past it the engine
// thread waits for the storage thread, which back-pressures callers.
//
// Thread safety: post()/call() and mailbox() are thread-safe. call() blocks: never use it on
// the UI thread.
#include "snapshot_mailbox.h"
#include "subscription_hub.h"

#include "engine/engine.h"

#include "kms/key_service.h"
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>

#include <future>
#include <memory>
#include <mutex>
#include <thread>

namespace shs::service {

/// Runs after the batch a job wrote has been committed (argument: the commit's outcome).
using Delivery = std::function<void(const core::Result<void> &)>;

class EngineHost final
{
  public:
    struct Options
    {
        int tickIntervalMs = 50;
        std::size_t maxInFlightBytes = 64u * 1024 * 1024;
        int readerThreads = 2; ///< GetRecords storage reads run here, off the engine thread
        /// Adaptive group commit: when fewer callers are queued than the last commit carried, the
        /// others were most likely just acknowledged and are about to ask again; wait this long
        /// for them so that they share the next fsync. 0 disables.
        int gatherMicros = 150;
        /// The local KMS and data keys (encryption at rest); null: kept in memory, on the
        /// host's clock.
        std::shared_ptr<kms::KeyService> keys;
    };

    struct Stats
    {
        std::uint64_t commits = 0;
        std::uint64_t batchesCommitted = 0;
        std::uint64_t recordsCommitted = 0;
        std::uint64_t commitMicros = 0; ///< time spent inside StoragePort::commit()
        std::uint64_t ticks = 0;        ///< engine ticks run (tests wait for time to be seen)
    };

    EngineHost(std::unique_ptr<core::StoragePort> storage, core::EngineConfig config,
               std::shared_ptr<core::Clock> clock, Options options);
    EngineHost(std::unique_ptr<core::StoragePort> storage, core::EngineConfig config,
               std::shared_ptr<core::Clock> clock);
    ~EngineHost();

    /// The local KMS and the data keys the engine encrypts records under.
    kms::KeyService &keys() { return *m_keys; }

    /// Loads state and starts both threads.
    core::Result<void> start();
    /// Drains every queued job, commits the last batch and joins the threads.
    void stop();

    /// Runs `job` on the engine thread. `done` receives its result once any mutation it made is
    /// durable; it runs on the engine or storage thread, so it must be quick and thread-safe.
    template <typename T>
    void post(std::function<core::Result<T>(core::Engine &)> job,
              std::function<void(core::Result<T>)> done)
    {
        enqueue(
            [job = std::move(job), done](core::Engine &engine) -> Delivery {
                auto result = std::make_shared<core::Result<T>>(job(engine));
                return [result, done](const core::Result<void> &commit) {
                    if (!commit && result->has_value())
                        done(core::Result<T>(commit.error()));
                    else
                        done(std::move(*result));
                };
            },
            [done](const core::Error &e) { done(core::Result<T>(e)); });
    }

    /// Blocking convenience for threads that may wait (CLI, tests, benchmarks).
    template <typename T> core::Result<T> call(std::function<core::Result<T>(core::Engine &)> job)
    {
        auto promise = std::make_shared<std::promise<core::Result<T>>>();
        auto future = promise->get_future();
        post<T>(std::move(job), [promise](core::Result<T> r) { promise->set_value(std::move(r)); });
        return future.get();
    }

    /// GetRecords: the iterator is checked on the engine thread, the records are read on a reader
    /// thread with its own connection, so long reads never hold up writes. `done` runs on a
    /// reader thread (or the engine thread for a refused iterator).
    void getRecords(core::GetRecordsRequest request,
                    std::function<void(core::Result<core::GetRecordsResult>)> done);
    core::Result<core::GetRecordsResult> getRecords(core::GetRecordsRequest request);

    /// PutRecord / PutRecords, measured: the time from the request to the durable answer goes into
    /// the stream's PutRecords.Latency metrics.
    void putRecord(core::PutRecordRequest request,
                   std::function<void(core::Result<core::PutRecordResult>)> done);
    void putRecords(core::PutRecordsRequest request,
                    std::function<void(core::Result<core::PutRecordsResult>)> done);
    core::Result<core::PutRecordResult> putRecord(core::PutRecordRequest request);
    core::Result<core::PutRecordsResult> putRecords(core::PutRecordsRequest request);

    /// SubscribeToShard: the subscription's events go to `sink` as records are committed
    /// (subscription_hub.h); the handle applies back-pressure or cancels. Thread-safe.
    std::shared_ptr<SubscriptionHandle> subscribe(core::SubscribeToShardRequest request,
                                                  SubscriptionSink sink)
    {
        return m_hub.subscribe(std::move(request), std::move(sink));
    }
    /// Subscriptions running now.
    int subscriptions() const { return m_hub.count(); }

    /// The zone replicas of the data (empty: one database; store/zoned_storage.h). Thread-safe.
    std::vector<core::ZoneStatus> zones() const { return m_storage->zones(); }
    /// A zone outage, its end, or a lost disk (ZoneAction). Thread-safe.
    core::Result<void> changeZone(const std::string &zone, core::ZoneAction action)
    {
        return m_storage->changeZone(zone, action);
    }

    SnapshotMailbox &mailbox() { return m_mailbox; }
    const core::Clock &clock() const { return *m_clock; }
    Stats stats() const;
    /// The engine time through which every metric minute is kept: the time of the last tick
    /// whose batch (the minutes it closed) is committed. A minute that ends at or before it can
    /// be read whole with metricHistory(), whatever jumps engine time made. Thread-safe.
    std::int64_t metricsKeptThroughMs() const { return m_keptThroughMs.load(); }
    /// Waits until every job posted so far has been delivered (tests, CLI shutdown).
    void flush();

  private:
    /// A job runs on the engine thread; `refuse` answers its caller if it throws instead.
    struct Job
    {
        std::function<Delivery(core::Engine &)> run;
        std::function<void(const core::Error &)> refuse;
    };
    struct Pending
    {
        core::WriteBatch batch;
        std::vector<Delivery> deliveries;
        std::int64_t tickedAtMs = -1; ///< the engine time of the tick whose minutes it holds
    };

    struct ReadJob
    {
        core::Engine::ReadPlan plan;
        std::function<void(core::Result<core::GetRecordsResult>)> done;
        std::chrono::steady_clock::time_point asked;
        std::function<void(core::RecordReader &)> task; ///< set: any other read (subscriptions)
    };
    template <typename Result, typename Request>
    void measuredPut(Request request, std::function<void(core::Result<Result>)> done);
    void recordLatency(std::uint64_t streamUid, bool put,
                       std::chrono::steady_clock::time_point since);

    void enqueue(std::function<Delivery(core::Engine &)> run,
                 std::function<void(const core::Error &)> refuse = {});
    /// An operation threw: drop what it staged, turn read-only, and the refusal for its caller.
    core::Error internalError(const char *what);
    void engineLoop();
    void storageLoop();
    void readerLoop(std::unique_ptr<core::RecordReader> reader);
    void publishSnapshot();
    void publishMetrics();

    std::unique_ptr<core::StoragePort> m_storage;
    std::shared_ptr<core::Clock> m_clock;
    std::shared_ptr<kms::KeyService> m_keys; ///< before m_engine, which holds its ring
    core::Engine m_engine;
    Options m_options;
    SnapshotMailbox m_mailbox;
    std::uint64_t m_publishedVersion = 0;
    std::int64_t m_publishedSecond = -1;
    std::uint64_t m_metricsTopology = 0; ///< the snapshot version the last frame listed
    std::uint64_t m_metricsVersion = 0;
    std::chrono::steady_clock::time_point m_lastMetricsPublish{};

    std::mutex m_jobsMutex;
    std::condition_variable m_jobsCv;
    std::vector<Job> m_jobs;
    bool m_stopping = false;

    mutable std::mutex m_storeMutex;
    std::condition_variable m_storeCv;
    std::condition_variable m_spaceCv;
    std::deque<Pending> m_pending;
    std::size_t m_inFlightBytes = 0;
    std::size_t m_lastDeliveries = 0;
    bool m_storageStopping = false;
    std::optional<core::Error> m_storageError;
    Stats m_stats;
    std::atomic<std::uint64_t> m_ticks{0};
    std::atomic<std::int64_t> m_keptThroughMs{0};

    std::mutex m_readMutex;
    std::condition_variable m_readCv;
    std::deque<ReadJob> m_reads;
    bool m_readersStopping = false;
    std::vector<std::thread> m_readerThreads;
    crypto::AeadKey m_tokenKey{};
    SubscriptionHub m_hub; ///< after the queues it posts to

    std::thread m_engineThread;
    std::thread m_storageThread;
    bool m_started = false;
};

} // namespace shs::service
