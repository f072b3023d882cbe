// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine_host.h"

#include "engine/check.h"

#include <QLoggingCategory>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <type_traits>

Q_LOGGING_CATEGORY(lcEngineHost, "shs.service.enginehost")
Q_LOGGING_CATEGORY(lcEngine, "shs.engine")
Q_LOGGING_CATEGORY(lcStore, "shs.store")
Q_LOGGING_CATEGORY(lcAssert, "shs.assert")

namespace {
/// The standard-C++ ring's messages (core/engine/check.h) into Qt's logging categories, so that
/// QT_LOGGING_RULES filters them with the rest.
void toQtLogging(shs::core::LogLevel level, std::string_view category, std::string_view message)
{
    const QLoggingCategory &to = category == "shs.assert"  ? lcAssert()
                                 : category == "shs.store" ? lcStore()
                                                           : lcEngine();
    const QString text = QString::fromUtf8(message.data(), qsizetype(message.size()));
    switch (level) {
    case shs::core::LogLevel::Debug:
        qCDebug(to).noquote() << text;
        break;
    case shs::core::LogLevel::Info:
        qCInfo(to).noquote() << text;
        break;
    case shs::core::LogLevel::Warning:
        qCWarning(to).noquote() << text;
        break;
    case shs::core::LogLevel::Critical:
        qCCritical(to).noquote() << text;
        break;
    }
}
} // namespace

namespace shs::service {

using namespace shs::core;

namespace {
EngineConfig withKeys(EngineConfig config, KeyVault &keys)
{
    config.keys = &keys;
    return config;
}
} // namespace

EngineHost::EngineHost(std::unique_ptr<StoragePort> storage, EngineConfig config,
                       std::shared_ptr<Clock> clock, Options options)
    : m_storage(std::move(storage)), m_clock(std::move(clock)),
      m_keys(options.keys ? options.keys
                          : kms::KeyService::inMemory(config.region, config.accountId,
                                                      [c = m_clock] { return c->nowMs(); })),
      m_engine(withKeys(config, m_keys->ring()), *m_clock, *m_storage), m_options(options),
      m_tokenKey(config.tokenKey),
      m_hub(
          [this](std::function<void(Engine &)> f) {
              enqueue([f = std::move(f)](Engine &engine) -> Delivery {
                  f(engine);
                  return [](const Result<void> &) {};
              });
          },
          [this](std::function<void(RecordReader &)> task) {
              if (m_readerThreads.empty()) { // no reader threads: the engine thread reads
                  task(*m_storage);
                  return;
              }
              {
                  std::lock_guard lock(m_readMutex);
                  ReadJob job;
                  job.task = std::move(task);
                  m_reads.push_back(std::move(job));
              }
              m_readCv.notify_one();
          })
{
    core::setLogHandler(&toQtLogging);
}

EngineHost::EngineHost(std::unique_ptr<StoragePort> storage, EngineConfig config,
                       std::shared_ptr<Clock> clock)
    : EngineHost(std::move(storage), std::move(config), std::move(clock), Options{})
{}

EngineHost::~EngineHost()
{
    stop();
}

Result<void> EngineHost::start()
{
    if (m_started)
        return ok();
    if (auto r = m_engine.load(); !r)
        return r;
    m_engine.tick();
    publishSnapshot();
    std::vector<std::unique_ptr<RecordReader>> readers;
    for (int i = 0; i < m_options.readerThreads; ++i) {
        auto reader = m_storage->openReader();
        if (!reader)
            return reader.error();
        readers.push_back(std::move(*reader));
    }
    m_started = true;
    m_readersStopping = false;
    for (auto &reader : readers)
        m_readerThreads.emplace_back(
            [this, r = std::move(reader)]() mutable { readerLoop(std::move(r)); });
    m_storageThread = std::thread([this] { storageLoop(); });
    m_engineThread = std::thread([this] { engineLoop(); });
    return ok();
}

void EngineHost::stop()
{
    if (!m_started)
        return;
    {
        std::lock_guard lock(m_jobsMutex);
        m_stopping = true;
    }
    m_jobsCv.notify_all();
    m_engineThread.join();
    {
        std::lock_guard lock(m_storeMutex);
        m_storageStopping = true;
    }
    m_storeCv.notify_all();
    m_storageThread.join();
    {
        std::lock_guard lock(m_readMutex);
        m_readersStopping = true;
    }
    m_readCv.notify_all();
    for (auto &t : m_readerThreads)
        t.join();
    m_readerThreads.clear();
    m_started = false;
}

void EngineHost::enqueue(std::function<Delivery(core::Engine &)> run,
                         std::function<void(const core::Error &)> refuse)
{
    {
        std::lock_guard lock(m_jobsMutex);
        m_jobs.push_back(Job{std::move(run), std::move(refuse)});
    }
    m_jobsCv.notify_one();
}

void EngineHost::flush()
{
    (void)call<bool>([](Engine &) -> Result<bool> { return true; });
    // A read-only job is answered at once; wait for the storage queue to drain as well.
    std::unique_lock lock(m_storeMutex);
    m_spaceCv.wait(lock, [this] { return m_pending.empty() && m_inFlightBytes == 0; });
}

void EngineHost::recordLatency(std::uint64_t streamUid, bool put,
                               std::chrono::steady_clock::time_point since)
{
    if (!streamUid)
        return;
    const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(
                            std::chrono::steady_clock::now() - since)
                            .count();
    enqueue([streamUid, put, micros](Engine &engine) -> Delivery {
        engine.recordCallLatency(streamUid, put, micros);
        return [](const Result<void> &) {};
    });
}

template <typename R, typename Request>
void EngineHost::measuredPut(Request request, std::function<void(Result<R>)> done)
{
    const auto asked = std::chrono::steady_clock::now();
    auto uid = std::make_shared<std::uint64_t>(0);
    post<R>(
        [request = std::move(request), uid](Engine &engine) mutable -> Result<R> {
            *uid = engine.streamUid(request.stream);
            if constexpr (std::is_same_v<R, PutRecordResult>)
                return engine.putRecord(std::move(request));
            else
                return engine.putRecords(std::move(request));
        },
        [this, asked, uid, done = std::move(done)](Result<R> r) {
            // PutRecord(s).Success counts the calls that stored a record; a PutRecords call
            // whose every record was refused is a failure, as is a refused PutRecord.
            bool stored = bool(r);
            if constexpr (std::is_same_v<R, PutRecordsResult>)
                stored = stored && std::size_t(r->failedRecordCount) < r->records.size();
            if (stored)
                recordLatency(*uid, true, asked);
            else if (const std::uint64_t stream = *uid)
                enqueue([stream](Engine &engine) -> Delivery {
                    engine.recordPutFailure(stream);
                    return [](const Result<void> &) {};
                });
            done(std::move(r));
        });
}

void EngineHost::putRecord(PutRecordRequest request,
                           std::function<void(Result<PutRecordResult>)> done)
{
    measuredPut<PutRecordResult>(std::move(request), std::move(done));
}

void EngineHost::putRecords(PutRecordsRequest request,
                            std::function<void(Result<PutRecordsResult>)> done)
{
    measuredPut<PutRecordsResult>(std::move(request), std::move(done));
}

Result<PutRecordResult> EngineHost::putRecord(PutRecordRequest request)
{
    auto promise = std::make_shared<std::promise<Result<PutRecordResult>>>();
    auto future = promise->get_future();
    putRecord(std::move(request),
              [promise](Result<PutRecordResult> r) { promise->set_value(std::move(r)); });
    return future.get();
}

Result<PutRecordsResult> EngineHost::putRecords(PutRecordsRequest request)
{
    auto promise = std::make_shared<std::promise<Result<PutRecordsResult>>>();
    auto future = promise->get_future();
    putRecords(std::move(request),
               [promise](Result<PutRecordsResult> r) { promise->set_value(std::move(r)); });
    return future.get();
}

void EngineHost::getRecords(GetRecordsRequest request,
                            std::function<void(Result<GetRecordsResult>)> done)
{
    const auto asked = std::chrono::steady_clock::now();
    enqueue(
        [this, asked, request = std::move(request), done](Engine &engine) -> Delivery {
            auto plan = engine.planGetRecords(request);
            if (!plan || m_readerThreads.empty()) {
                auto result = std::make_shared<Result<GetRecordsResult>>(
                    plan ? engine.getRecords(request) : Result<GetRecordsResult>(plan.error()));
                return [result, done](const Result<void> &) { done(std::move(*result)); };
            }
            {
                std::lock_guard lock(m_readMutex);
                m_reads.push_back({std::move(*plan), done, asked, {}});
            }
            m_readCv.notify_one();
            return [](const Result<void> &) {};
        },
        [done](const Error &e) { done(Result<GetRecordsResult>(e)); });
}

Result<GetRecordsResult> EngineHost::getRecords(GetRecordsRequest request)
{
    auto promise = std::make_shared<std::promise<Result<GetRecordsResult>>>();
    auto future = promise->get_future();
    getRecords(std::move(request),
               [promise](Result<GetRecordsResult> r) { promise->set_value(std::move(r)); });
    return future.get();
}

void EngineHost::readerLoop(std::unique_ptr<RecordReader> reader)
{
    TokenCodec tokens(m_tokenKey);
    for (;;) {
        ReadJob job;
        {
            std::unique_lock lock(m_readMutex);
            m_readCv.wait(lock, [this] { return !m_reads.empty() || m_readersStopping; });
            if (m_reads.empty())
                return;
            job = std::move(m_reads.front());
            m_reads.pop_front();
        }
        if (job.task) {
            job.task(*reader);
            continue;
        }
        auto result = Engine::readPlanned(job.plan, *reader, tokens);
        if (result) {
            // Charge the shard's read budget on the engine thread before the caller can ask again.
            const std::size_t records = result->records.size();
            const std::int64_t bytes = Engine::payloadBytes(*result);
            const std::int64_t behind = result->millisBehindLatest;
            const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(
                                    std::chrono::steady_clock::now() - job.asked)
                                    .count();
            enqueue([plan = job.plan, records, bytes, behind, micros](Engine &engine) -> Delivery {
                engine.chargeRead(plan, records, bytes, behind);
                engine.recordCallLatency(plan.streamUid, false, micros);
                return [](const Result<void> &) {};
            });
        }
        job.done(std::move(result));
    }
}

EngineHost::Stats EngineHost::stats() const
{
    std::lock_guard lock(m_storeMutex);
    Stats s = m_stats;
    s.ticks = m_ticks.load();
    return s;
}

void EngineHost::publishSnapshot()
{
    if (m_engine.topologyVersion() == m_publishedVersion)
        return;
    m_publishedVersion = m_engine.topologyVersion();
    m_mailbox.publish(std::make_shared<const EngineSnapshot>(m_engine.snapshot()));
}

void EngineHost::publishMetrics()
{
    // Once per engine second, and again when streams or shards change (so the frame lists what
    // the snapshot lists); at most ~30 times per real second when time runs fast.
    const std::int64_t second = m_engine.nowMs() / 1000 - 1; // the last complete one
    if (second == m_publishedSecond && m_publishedVersion == m_metricsTopology)
        return;
    const auto now = std::chrono::steady_clock::now();
    if (now - m_lastMetricsPublish < std::chrono::milliseconds(33))
        return;
    m_lastMetricsPublish = now;
    m_publishedSecond = second;
    m_metricsTopology = m_publishedVersion;
    auto frame = std::make_shared<MetricsFrame>();
    frame->version = ++m_metricsVersion;
    frame->second = second;
    const core::SnapshotPtr snap = m_mailbox.latest(); // published just before
    if (!snap)
        return;
    frame->streams.reserve(snap->streams.size());
    for (const auto &info : snap->streams) {
        auto m = m_engine.recentMetrics(core::StreamRef{info.name, {}}, 1);
        if (!m)
            continue;
        MetricsFrame::Stream s;
        s.name = info.name;
        if (!m->stream.empty())
            s.totals = m->stream.back().values;
        s.shards.reserve(m->shards.size());
        for (const auto &sh : m->shards)
            s.shards.push_back(
                {sh.shardId, sh.open,
                 sh.samples.empty() ? core::MetricValues{} : sh.samples.back().values,
                 sh.holdings});
        frame->streams.push_back(std::move(s));
    }
    m_mailbox.publishMetrics(std::move(frame));
}

Error EngineHost::internalError(const char *what)
{
    qCCritical(lcEngineHost, "an engine operation threw: %s", what);
    (void)m_engine.takePendingBatch();
    m_engine.setFailure(EngineFailure::Kind::Internal, what);
    return m_engine.writable().error();
}

void EngineHost::engineLoop()
{
    using Clock = std::chrono::steady_clock;
    auto nextTick = Clock::now() + std::chrono::milliseconds(m_options.tickIntervalMs);
    std::vector<Job> jobs;
    for (;;) {
        bool stopping;
        {
            std::unique_lock lock(m_jobsMutex);
            m_jobsCv.wait_until(lock, nextTick, [this] { return !m_jobs.empty() || m_stopping; });
            jobs.swap(m_jobs);
            stopping = m_stopping;
        }
        // Back-pressure: do not run ahead of the disk by more than maxInFlightBytes.
        {
            std::unique_lock lock(m_storeMutex);
            m_spaceCv.wait(lock, [this] {
                return m_inFlightBytes < m_options.maxInFlightBytes || m_storageError.has_value();
            });
        }
        Pending group;
        std::vector<Delivery> immediate;
        // Each job runs once, whatever the others do. One that throws is a bug: what it staged
        // is dropped (it may be half an operation), the engine turns read-only, and its caller
        // is told so; the jobs around it run and are answered as usual.
        for (auto &job : jobs) {
            try {
                m_engine.takeGatedWrite();
                Delivery delivery = job.run(m_engine);
                if (m_engine.hasPendingWrites()) {
                    group.batch.append(m_engine.takePendingBatch());
                    // A batch one zone holds but two do not is ServiceUnavailable for the
                    // writes in it; a read that left bookkeeping behind was answered fully.
                    if (!m_engine.takeGatedWrite())
                        delivery = [d = std::move(delivery)](const Result<void> &commit) {
                            const bool unacknowledged
                                = !commit && commit.error().code == ErrorCode::ServiceUnavailable;
                            d(unacknowledged ? Result<void>(ok()) : commit);
                        };
                    group.deliveries.push_back(std::move(delivery));
                } else {
                    immediate.push_back(std::move(delivery));
                }
            } catch (const std::exception &e) {
                const Error refusal = internalError(e.what());
                if (job.refuse)
                    immediate.push_back([refuse = std::move(job.refuse),
                                         refusal](const Result<void> &) { refuse(refusal); });
            }
        }
        jobs.clear();
        if (Clock::now() >= nextTick || stopping) {
            try {
                // The minutes this tick closes end at or before t: kept once its batch is.
                const std::int64_t t = m_engine.nowMs();
                m_engine.tick();
                group.tickedAtMs = t;
                m_hub.pump(m_engine); // heartbeats, budgets refilled, the 5-minute end
                ++m_ticks;
                if (stopping)
                    m_engine.flushMetrics();
                if (m_engine.hasPendingWrites())
                    group.batch.append(m_engine.takePendingBatch());
            } catch (const std::exception &e) {
                (void)internalError(e.what());
            }
            nextTick = Clock::now() + std::chrono::milliseconds(m_options.tickIntervalMs);
        }
        // A storage failure reported by the storage thread becomes the engine's sticky state.
        {
            std::lock_guard lock(m_storeMutex);
            if (m_storageError && !m_engine.failure())
                m_engine.setStorageFailure(m_storageError->message);
        }
        publishSnapshot();
        publishMetrics();
        const Result<void> committedNothing = ok();
        for (auto &d : immediate)
            d(committedNothing);
        if (!group.batch.empty() || !group.deliveries.empty()) {
            m_storage->prepare(group.batch); // e.g. records sealed here, off the storage thread
            std::lock_guard lock(m_storeMutex);
            m_inFlightBytes += group.batch.payloadBytes + 1;
            m_pending.push_back(std::move(group));
            m_storeCv.notify_one();
        } else if (group.tickedAtMs >= 0) {
            // A tick that closed nothing: its time is kept once the batches before it are.
            std::lock_guard lock(m_storeMutex);
            if (m_inFlightBytes == 0) {
                m_keptThroughMs = std::max(m_keptThroughMs.load(), group.tickedAtMs);
            } else {
                m_inFlightBytes += 1;
                m_pending.push_back(std::move(group));
                m_storeCv.notify_one();
            }
        }
        if (stopping) {
            std::lock_guard lock(m_jobsMutex);
            if (m_jobs.empty()) {
                m_hub.stop(m_engine);
                break;
            }
        }
    }
}

void EngineHost::storageLoop()
{
    std::deque<Pending> work;
    for (;;) {
        {
            std::unique_lock lock(m_storeMutex);
            m_storeCv.wait(lock, [this] { return !m_pending.empty() || m_storageStopping; });
            if (m_pending.empty() && m_storageStopping)
                break;
            auto queued = [this] {
                std::size_t n = 0;
                for (const auto &p : m_pending)
                    n += p.deliveries.size();
                return n;
            };
            if (m_options.gatherMicros > 0 && !m_storageStopping && queued() < m_lastDeliveries) {
                const auto deadline = std::chrono::steady_clock::now()
                                      + std::chrono::microseconds(m_options.gatherMicros);
                m_storeCv.wait_until(lock, deadline, [&] {
                    return queued() >= m_lastDeliveries || m_storageStopping;
                });
            }
            m_lastDeliveries = queued();
            work.swap(m_pending);
        }
        // Group commit: everything queued goes into one transaction.
        WriteBatch merged;
        std::size_t bytes = 0;
        std::size_t batches = 0;
        std::int64_t ticked = -1;
        for (auto &p : work) {
            bytes += p.batch.payloadBytes + 1;
            batches += p.batch.empty() && p.deliveries.empty() ? 0 : 1; // not a bare tick
            ticked = std::max(ticked, p.tickedAtMs);
            merged.append(std::move(p.batch));
        }
        Result<void> outcome = ok();
        {
            std::optional<Error> previous;
            {
                std::lock_guard lock(m_storeMutex);
                previous = m_storageError;
            }
            if (previous)
                outcome = *previous;
            else if (!merged.empty()) {
                const auto t0 = std::chrono::steady_clock::now();
                outcome = m_storage->commit(merged);
                const auto us = std::chrono::duration_cast<std::chrono::microseconds>(
                    std::chrono::steady_clock::now() - t0);
                std::lock_guard lock(m_storeMutex);
                m_stats.commitMicros += std::uint64_t(us.count());
            }
        }
        const std::size_t records = merged.records.size();
        // ServiceUnavailable: the batch is on disk in one zone but not acknowledged (fewer than
        // two zones hold it); the engine still matches the disk, so it stays writable, and the
        // zones refuse further writes until a second one is in sync (store/zoned_storage.h).
        const bool unacknowledged
            = !outcome && outcome.error().code == ErrorCode::ServiceUnavailable;
        if ((outcome || unacknowledged) && records > 0 && m_hub.count() > 0) {
            // Subscriptions to these shards have new records to push.
            std::vector<std::uint64_t> shards;
            for (const auto &r : merged.records)
                if (shards.empty() || shards.back() != r.shardUid)
                    if (std::find(shards.begin(), shards.end(), r.shardUid) == shards.end())
                        shards.push_back(r.shardUid);
            m_hub.committed(std::move(shards));
        }
        merged = WriteBatch{};
        if (!outcome && !unacknowledged) {
            std::lock_guard lock(m_storeMutex);
            if (!m_storageError)
                m_storageError = outcome.error();
        }
        if (!outcome && !unacknowledged)
            enqueue([](Engine &) -> Delivery { return [](const Result<void> &) {}; });
        for (auto &p : work)
            for (auto &d : p.deliveries)
                d(outcome);
        work.clear();
        {
            std::lock_guard lock(m_storeMutex);
            m_inFlightBytes -= bytes;
            if (ticked > m_keptThroughMs.load())
                m_keptThroughMs = ticked;
            if (outcome && batches > 0) {
                ++m_stats.commits;
                m_stats.batchesCommitted += batches;
                m_stats.recordsCommitted += records;
            }
        }
        m_spaceCv.notify_all();
    }
}

} // namespace shs::service
