// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// GeneratorRun: one running generator. A timer (20 Hz; 100 Hz while it carries) turns elapsed
// *engine* time into records due at the spec's rate (so a paused engine sends nothing and the
// limits are met on engine time), sends them with PutRecords (≤ 500 per call, at most kMaxInFlight
// calls outstanding) through the StreamBackend, and counts what Kinesis answered: acknowledged,
// throttled (ProvisionedThroughputExceededException entries) and failed (anything else, or a record
// given up after kMaxAttempts). With retryThrottled, throttled records are resent after
// 100 ms · 2^attempt of real time (jittered), as the AWS SDKs back off.
//
// With engine time sped up, the rate in real time soon exceeds what this machine can store
// record by record (4,500 records/s at 60× is 270,000 a second). On the embedded engine a run
// then stores a sample — at most kSampledPerRealSecond records per real second — and *carries*
// the rest of its rate (core::CarriedLoad): keys drawn from the same distribution, routed,
// admitted or throttled by the shards' limits, and counted in the metrics, hot keys, on-demand
// scaling and cost, second by second as engine time passes — but not stored, and not retried.
// The counts say how much was carried. Records beyond kMaxPerTick per tick, or due while every
// call slot is busy for a second (a remote endpoint, or an engine too slow to answer), are not
// generated and are counted as `skipped`.
//
// Through the KPL path (spec().path) the records due go to a KplProducer instead, on the
// backend's clock, with the stream's open shards from the latest snapshot; it aggregates,
// collects, limits and retries them itself, and never carries. The counts then also say what
// reached Kinesis: Kinesis records, PutRecords calls, PUT payload units and bytes, and the
// producer's added latency. Stopping sends what it still buffers before the run is stopped.
#include "kpl_producer.h"
#include "record_generator.h"

#include "service/stream_backend.h"

#include <QElapsedTimer>
#include <QObject>

#include <deque>
#include <memory>

class QTimer;

namespace shs::producer {

class GeneratorRun : public QObject
{
    Q_OBJECT
  public:
    /// 10 calls of 500 per 50 ms tick: the form's maximum of 100,000 records/s is reachable when
    /// the engine answers within a tick.
    static constexpr int kMaxInFlight = 10;
    static constexpr int kMaxPerTick = 5000;
    static constexpr int kMaxAttempts = 6;
    static constexpr int kTickMs = 50;
    static constexpr int kFastTickMs = 10; ///< while it carries: 200 stored records a tick
    /// With engine time faster than real time: records stored per real second, at most.
    static constexpr double kSampledPerRealSecond = 20'000;
    /// A carried load lasts this long in real time unless the next tick extends it.
    static constexpr double kCarryLeaseRealMs = 2000;

    struct Counts
    {
        std::int64_t acknowledged = 0;
        std::int64_t throttled
            = 0; ///< throttled answers (a retried record may count more than once)
        std::int64_t failed = 0;
        std::int64_t skipped = 0;
        std::int64_t retried = 0;
        std::int64_t carried = 0;          ///< admitted by the limits without being stored
        std::int64_t carriedThrottled = 0; ///< carried and refused by the shards' limits
        // The KPL path: acknowledged and failed count user records; these, what reached Kinesis.
        std::int64_t kinesisRecords = 0;
        std::int64_t putRecordsCalls = 0;
        std::int64_t payloadUnits = 0;
        std::int64_t kinesisBytes = 0;
        std::int64_t latencyMsSum = 0; ///< add to acknowledgement, over `acknowledged`
        std::int64_t buffered = 0;     ///< in the producer, not yet answered
        QString lastError;
    };

    GeneratorRun(service::StreamBackend &backend, GeneratorSpec spec, std::uint64_t seed,
                 QObject *parent = nullptr);
    ~GeneratorRun() override;

    const GeneratorSpec &spec() const { return m_generator.spec(); }
    const Counts &counts() const { return m_counts; }
    bool running() const { return m_running || m_draining; }
    /// Stopped, but the KPL path still sends what it buffered.
    bool draining() const { return m_draining; }
    int inFlight() const { return m_inFlight; }
    /// The part of the rate stored record by record now; the rest is carried.
    double storedRate() const;
    double carriedRate() const { return spec().recordsPerSecond - storedRate(); }

    void start();
    void stop();
    /// One step of the loop (the timer calls it; tests may too).
    void tick();

  Q_SIGNALS:
    void countsChanged();
    /// The stream went away or refuses every call: the run stopped itself.
    void stoppedWithError(const QString &reason);

  private:
    struct Pending
    {
        core::PutRecordsEntry entry;
        int attempt = 0;
        qint64 notBeforeMs = 0; ///< real time (m_real)
    };
    std::int64_t engineNowMs() const;
    bool startKpl();
    void tickKpl(std::int64_t due);
    /// The counts from the producer's totals (and countsChanged).
    void syncKplCounts();
    void send(std::vector<Pending> batch);
    /// Starts, updates and extends the carried load at `rate` (engine time `now`).
    void carryRest(std::int64_t now, double rate);
    void showCarried(const core::CarriedCounts &current);
    /// A call refused: said, and the run stops if the stream is gone or storage failed.
    void refused(const core::Error &error);

    service::StreamBackend &m_backend;
    RecordGenerator m_generator;
    QTimer *m_timer;
    QElapsedTimer m_real;
    std::int64_t m_lastEngineMs = 0;
    double m_due = 0;
    std::deque<Pending> m_retries;
    int m_inFlight = 0;
    bool m_running = false;
    Counts m_counts;
    std::vector<std::pair<std::string, double>> m_keyMix; ///< for the carried load
    std::uint64_t m_carryId = 0;                          ///< the carried load, if any
    bool m_carryCall = false;                             ///< a call about it in flight
    core::CarriedCounts m_carriedBefore;                  ///< by the loads that ended
    std::mt19937 m_jitter{7};
    /// The KPL path: the producer, on the backend's clock.
    struct BackendClock final : core::Clock
    {
        explicit BackendClock(service::StreamBackend &b) : backend(b) {}
        std::int64_t nowMs() const override { return backend.nowMs(); }
        service::StreamBackend &backend;
    };
    BackendClock m_clock{m_backend};
    std::unique_ptr<KplProducer> m_kpl;
    bool m_draining = false;
};

} // namespace shs::producer
