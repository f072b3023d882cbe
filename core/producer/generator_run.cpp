// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "generator_run.h"

#include "engine/clock.h"

#include <QDateTime>
#include <QTimer>

#include <algorithm>

namespace shs::producer {

using namespace shs::core;

GeneratorRun::GeneratorRun(service::StreamBackend &backend, GeneratorSpec spec, std::uint64_t seed,
                           QObject *parent)
    : QObject(parent), m_backend(backend), m_generator(std::move(spec), seed),
      m_timer(new QTimer(this))
{
    m_timer->setInterval(kTickMs);
    connect(m_timer, &QTimer::timeout, this, &GeneratorRun::tick);
}

GeneratorRun::~GeneratorRun()
{
    if (auto *engine = m_backend.embedded(); engine && m_carryId != 0)
        engine->stopCarrying(m_carryId, nullptr, {});
}

double GeneratorRun::storedRate() const
{
    const double rate = spec().recordsPerSecond;
    auto *engine = m_backend.embedded();
    if (!engine || engine->speed() <= 1 || spec().path == ProducerPath::Kpl)
        return rate;
    return std::min(rate, kSampledPerRealSecond / engine->speed());
}

std::int64_t GeneratorRun::engineNowMs() const
{
    return m_backend.nowMs();
}

bool GeneratorRun::startKpl()
{
    const std::string stream = spec().streamName;
    m_kpl = std::make_unique<KplProducer>(
        KplConfig{}, core::StreamRef{stream, {}}, m_clock,
        [this](core::PutRecordsRequest request, KplProducer::PutRecordsDone done) {
            m_backend.submit(core::ops::PutRecords, std::move(request), this, std::move(done));
        },
        [this, stream]() -> Result<std::vector<core::ShardDescription>> {
            // The open shards as the window last saw them (no call, so the UI never waits).
            const auto snapshot = m_backend.mailbox().latest();
            if (snapshot)
                for (const auto &info : snapshot->streams)
                    if (info.name == stream) {
                        std::vector<core::ShardDescription> open;
                        for (const auto &shard : info.shards)
                            if (shard.open)
                                open.push_back({shard.shardId,
                                                shard.parentShardId,
                                                shard.adjacentParentShardId,
                                                shard.startingHashKey,
                                                shard.endingHashKey,
                                                {},
                                                std::nullopt});
                        return open;
                    }
            return core::makeError(ErrorCode::ResourceNotFound,
                                   "Stream " + stream + " is not in the window's picture yet.");
        });
    if (auto started = m_kpl->start(); !started) {
        m_kpl.reset();
        refused(started.error());
        return false;
    }
    return true;
}

void GeneratorRun::tickKpl(std::int64_t due)
{
    // Back-pressure, as a KPL user applies it: at most two seconds of records buffered.
    const std::int64_t room = std::max<std::int64_t>(
        0, std::int64_t(std::max(1000.0, 2 * spec().recordsPerSecond)) - m_kpl->outstanding());
    const std::int64_t take = std::min(due, room);
    m_counts.skipped += due - take;
    const std::int64_t now = engineNowMs();
    for (std::int64_t i = 0; i < take; ++i) {
        auto entry = m_generator.next(now);
        const auto added = m_kpl->addUserRecord(
            std::move(entry.partitionKey), std::move(entry.data), std::nullopt,
            [this](KplResult r) {
                if (r.successful)
                    return; // counted from the producer's totals
                m_counts.lastError = QString::fromStdString(r.attempts.back().errorCode + ": "
                                                            + r.attempts.back().errorMessage);
            });
        if (!added) {
            refused(added.error());
            return;
        }
    }
    if (m_draining)
        m_kpl->flush();
    else
        m_kpl->tick();
    syncKplCounts();
}

void GeneratorRun::syncKplCounts()
{
    const KplCounts k = m_kpl->counts();
    m_counts.acknowledged = k.userRecordsPut;
    m_counts.failed = k.userRecordsFailed;
    m_counts.throttled = k.entriesThrottled;
    m_counts.retried = k.retries;
    m_counts.kinesisRecords = k.kinesisRecordsPut;
    m_counts.putRecordsCalls = k.putRecordsCalls;
    m_counts.payloadUnits = k.payloadUnits;
    m_counts.kinesisBytes = k.kinesisBytesPut;
    m_counts.latencyMsSum = k.latencyMsSum;
    m_counts.buffered = m_kpl->outstanding();
    Q_EMIT countsChanged();
}

void GeneratorRun::start()
{
    if (m_running)
        return;
    if (spec().path == ProducerPath::Kpl && !m_kpl && !startKpl())
        return;
    m_running = true;
    m_real.start();
    m_lastEngineMs = engineNowMs();
    m_due = 0;
    m_timer->start();
    Q_EMIT countsChanged();
}

void GeneratorRun::stop()
{
    if (!m_running)
        return;
    m_running = false;
    if (m_kpl) {
        // What the producer buffers is sent first; the timer stops once all is answered. Either
        // way the counts take in the answers that came since the last tick.
        m_draining = m_kpl->outstanding() > 0;
        syncKplCounts();
        if (m_draining)
            return;
    }
    m_timer->stop();
    m_retries.clear();
    if (auto *engine = m_backend.embedded(); engine && m_carryId != 0) {
        engine->stopCarrying(m_carryId, this, [this](Result<CarriedCounts> r) {
            if (r) {
                m_carriedBefore.accepted += r->accepted;
                m_carriedBefore.throttled += r->throttled;
                showCarried({});
            }
        });
        m_carryId = 0;
    }
    Q_EMIT countsChanged();
}

void GeneratorRun::carryRest(std::int64_t now, double rate)
{
    auto *engine = m_backend.embedded();
    if (!engine || m_carryCall || (m_carryId == 0 && rate <= 0))
        return;
    const auto until
        = now + static_cast<std::int64_t>(kCarryLeaseRealMs * std::max(1.0, engine->speed()));
    m_carryCall = true;
    if (m_carryId != 0) {
        engine->carry(m_carryId, rate, until, this,
                      [this, id = m_carryId](Result<CarriedCounts> r) {
                          m_carryCall = false;
                          if (id != m_carryId)
                              return; // stopped meanwhile: stop() counts it
                          if (!r) {
                              m_carryId = 0;
                              refused(r.error());
                              return;
                          }
                          showCarried(*r);
                      });
        return;
    }
    if (m_keyMix.empty())
        m_keyMix = m_generator.keyMix(Engine::CarriedLoadSpec::kMaxKeys);
    Engine::CarriedLoadSpec load;
    load.stream.name = spec().streamName;
    load.recordsPerSecond = rate;
    load.dataBytes = m_generator.dataBytes();
    load.keys = m_keyMix;
    load.untilMs = until;
    engine->startCarrying(std::move(load), this, [this, engine](Result<std::uint64_t> r) {
        m_carryCall = false;
        if (!r) {
            refused(r.error());
            return;
        }
        if (!m_running) // stopped while it started
            engine->stopCarrying(*r, nullptr, {});
        else
            m_carryId = *r;
    });
}

void GeneratorRun::showCarried(const CarriedCounts &current)
{
    m_counts.carried = m_carriedBefore.accepted + current.accepted;
    m_counts.carriedThrottled = m_carriedBefore.throttled + current.throttled;
    Q_EMIT countsChanged();
}

void GeneratorRun::refused(const Error &error)
{
    m_counts.lastError = QString::fromStdString(std::string(error.name()) + ": " + error.message);
    Q_EMIT countsChanged();
    if (m_running
        && (error.code == ErrorCode::ResourceNotFound || error.code == ErrorCode::StorageFailure)) {
        stop();
        Q_EMIT stoppedWithError(m_counts.lastError);
    }
}

void GeneratorRun::tick()
{
    if (m_draining) {
        tickKpl(0);
        if (m_kpl->outstanding() == 0) {
            m_draining = false;
            m_timer->stop();
            Q_EMIT countsChanged();
        }
        return;
    }
    if (!m_running)
        return;
    const std::int64_t now = engineNowMs();
    const std::int64_t dt = std::max<std::int64_t>(0, now - m_lastEngineMs);
    m_lastEngineMs = now;
    if (m_kpl) {
        m_due += spec().recordsPerSecond * double(dt) / 1000.0;
        auto due = static_cast<std::int64_t>(m_due);
        if (due > kMaxPerTick) {
            m_counts.skipped += due - kMaxPerTick;
            due = kMaxPerTick;
        }
        m_due -= double(static_cast<std::int64_t>(m_due));
        tickKpl(due);
        return;
    }
    const double stored = storedRate();
    carryRest(now, spec().recordsPerSecond - stored);
    // The stored sample arrives once a tick; with time sped up, tick more often so that each
    // engine second gets its share (at 60x a 50 ms tick is 3 engine seconds: a sawtooth).
    const int interval = m_carryId != 0 || stored < spec().recordsPerSecond ? kFastTickMs : kTickMs;
    if (m_timer->interval() != interval)
        m_timer->setInterval(interval);
    m_due += stored * double(dt) / 1000.0;
    auto due = static_cast<std::int64_t>(m_due);
    if (due > kMaxPerTick) {
        m_counts.skipped += due - kMaxPerTick;
        m_due -= double(due - kMaxPerTick);
        due = kMaxPerTick;
    }
    // Retries whose backoff has passed go first, then new records; ≤ 500 per call.
    std::vector<Pending> batch;
    const qint64 real = m_real.elapsed();
    while (!m_retries.empty() && m_retries.front().notBeforeMs <= real
           && m_inFlight < kMaxInFlight) {
        batch.push_back(std::move(m_retries.front()));
        m_retries.pop_front();
        if (batch.size() == 500) {
            send(std::move(batch));
            batch.clear();
        }
    }
    std::int64_t made = 0;
    while (made < due && m_inFlight < kMaxInFlight) {
        batch.push_back({m_generator.next(now), 0, 0});
        ++made;
        if (batch.size() == 500) {
            send(std::move(batch));
            batch.clear();
        }
    }
    if (!batch.empty() && m_inFlight < kMaxInFlight)
        send(std::move(batch));
    else if (!batch.empty())
        for (auto &p : batch)
            m_retries.push_back(std::move(p)); // no call slot: keep them for the next tick
    m_due -= double(made);
    // When every call slot is busy, what is due waits — bounded at one second of records; what
    // falls past that bound is skipped, and counted as such.
    const double bound = std::max(1.0, stored);
    if (m_due > bound) {
        m_counts.skipped += static_cast<std::int64_t>(m_due - bound);
        m_due = bound;
    }
}

void GeneratorRun::send(std::vector<Pending> batch)
{
    PutRecordsRequest req;
    req.stream.name = spec().streamName;
    req.records.reserve(batch.size());
    for (const auto &p : batch)
        req.records.push_back(p.entry);
    ++m_inFlight;
    m_backend.submit(
        core::ops::PutRecords, std::move(req), this,
        [this, batch = std::move(batch)](Result<PutRecordsResult> r) mutable {
            --m_inFlight;
            if (!r) {
                m_counts.failed += std::int64_t(batch.size());
                refused(r.error());
                return;
            }
            const auto &entries = r.value().records;
            const qint64 real = m_real.elapsed();
            for (std::size_t i = 0; i < entries.size() && i < batch.size(); ++i) {
                const auto &e = entries[i];
                if (e.errorCode.empty()) {
                    ++m_counts.acknowledged;
                } else if (e.errorCode == "ProvisionedThroughputExceededException") {
                    ++m_counts.throttled;
                    Pending &p = batch[i];
                    if (spec().retryThrottled && m_running && p.attempt + 1 < kMaxAttempts) {
                        ++p.attempt;
                        ++m_counts.retried;
                        const qint64 backoff = (100LL << p.attempt) / 2;
                        p.notBeforeMs
                            = real + backoff
                              + std::uniform_int_distribution<qint64>(0, backoff)(m_jitter);
                        m_retries.push_back(std::move(p));
                    } else if (spec().retryThrottled) {
                        ++m_counts.failed; // gave up
                    }
                } else {
                    ++m_counts.failed;
                    m_counts.lastError
                        = QString::fromStdString(e.errorCode + ": " + e.errorMessage);
                }
            }
            std::stable_sort(
                m_retries.begin(), m_retries.end(),
                [](const Pending &a, const Pending &b) { return a.notBeforeMs < b.notBeforeMs; });
            Q_EMIT countsChanged();
        });
}

} // namespace shs::producer
