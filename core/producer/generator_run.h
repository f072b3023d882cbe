// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// GeneratorRun: one running generator. A timer (20 Hz) turns elapsed *engine* time into records
// due at the spec's rate (so a paused engine sends nothing and the limits are met on engine
// time), sends them with PutRecords (≤ 500 per call, at most kMaxInFlight calls outstanding)
// through the StreamBackend, and counts what Kinesis answered: acknowledged, throttled
// (ProvisionedThroughputExceededException entries) and failed (anything else, or a record
// given up after kMaxAttempts). With retryThrottled, throttled records are resent after
// 100 ms · 2^attempt of real time (jittered), as the AWS SDKs back off.
//
// At high engine speeds the rate in real time can exceed what one window should push; records
// beyond kMaxPerTick per tick are not generated and counted as `skipped`.
#include "record_generator.h"

#include "service/stream_backend.h"

#include <QElapsedTimer>
#include <QObject>

#include <deque>

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

    struct Counts
    {
        std::int64_t acknowledged = 0;
        std::int64_t throttled
            = 0; ///< throttled answers (a retried record may count more than once)
        std::int64_t failed = 0;
        std::int64_t skipped = 0;
        std::int64_t retried = 0;
        QString lastError;
    };

    GeneratorRun(service::StreamBackend &backend, GeneratorSpec spec, std::uint64_t seed,
                 QObject *parent = nullptr);
    ~GeneratorRun() override;

    const GeneratorSpec &spec() const { return m_generator.spec(); }
    const Counts &counts() const { return m_counts; }
    bool running() const { return m_running; }
    int inFlight() const { return m_inFlight; }

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
    void send(std::vector<Pending> batch);

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
    std::mt19937 m_jitter{7};
};

} // namespace shs::producer
