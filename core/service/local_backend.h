// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// LocalBackend: StreamBackend over an EngineHost (the embedded engine). Results are delivered
// through a dispatcher QObject living on the thread that created the backend (the UI thread);
// deliveries for a destroyed context are dropped.
#include "engine_host.h"
#include "fault_injector.h"
#include "stream_backend.h"

#include "engine/clock.h"

#include <QPointer>

#include <memory>
#include <mutex>

namespace shs::service {

class LocalBackend final : public StreamBackend, public EmbeddedEngine
{
  public:
    LocalBackend(EngineHost &host, std::shared_ptr<core::ScaledClock> clock, QString dataDir);
    ~LocalBackend() override;

    QString description() const override;
    void recentMetrics(core::StreamRef stream, int seconds, QObject *context,
                       Continuation<MetricsWindow> done) override;
    SnapshotMailbox &mailbox() override { return m_host.mailbox(); }
    std::int64_t nowMs() const override { return m_clock->nowMs(); }
    EmbeddedEngine *embedded() override { return this; }
    bool hasKms() const override { return true; }

    // EmbeddedEngine
    double speed() const override { return m_clock->speed(); }
    void setSpeed(double speed) override { m_clock->setSpeed(speed); }
    std::int64_t metricsKeptThroughMs() const override { return m_host.metricsKeptThroughMs(); }
    void setLimits(core::LimitsProfile limits, QObject *context, Continuation<void> done) override;
    void metricHistory(core::StreamRef stream, std::int64_t fromMs, std::int64_t toMs,
                       QObject *context,
                       Continuation<std::vector<core::MinutePoint>> done) override;
    void costReport(core::StreamRef stream, QObject *context,
                    Continuation<core::Engine::CostReport> done) override;
    void readActivity(core::StreamRef stream, QObject *context,
                      Continuation<core::ReadActivityReport> done) override;
    void storedRecord(core::StreamRef stream, std::string shardId, std::string sequenceNumber,
                      QObject *context, Continuation<core::Engine::StoredView> done) override;
    std::vector<core::ZoneStatus> zones() const override { return m_host.zones(); }
    core::Result<void> changeZone(const std::string &zone, core::ZoneAction action) override
    {
        return m_host.changeZone(zone, action);
    }
    void startCarrying(core::Engine::CarriedLoadSpec spec, QObject *context,
                       Continuation<std::uint64_t> done) override;
    void carry(std::uint64_t id, double recordsPerSecond, std::int64_t untilMs, QObject *context,
               Continuation<core::CarriedCounts> done) override;
    void stopCarrying(std::uint64_t id, QObject *context,
                      Continuation<core::CarriedCounts> done) override;
    std::shared_ptr<ShardSubscription> subscribeToShard(core::SubscribeToShardRequest request,
                                                        QObject *context,
                                                        ShardSubscriber subscriber) override;

    /// Fault rules for the window's own calls (its generators, Publish, Consume): the rules of
    /// the Endpoint… dialog's Faults tab, shared with the endpoint. Errors, partial PutRecords
    /// failures, latency, zone and disk faults apply; a connection's faults (drop, reset, slow
    /// body, clock skew) do not, as there is none. The fired log names the client "the window".
    void setFaults(std::shared_ptr<FaultInjector> faults) { m_faults = std::move(faults); }

  protected:
    void submitErased(std::string_view operation, std::shared_ptr<const void> request,
                      QObject *context, std::function<void(ErasedAnswer)> done) override;
    void submitKmsErased(std::string_view operation, std::shared_ptr<const void> request,
                         QObject *context, std::function<void(ErasedAnswer)> done) override;

  private:
    /// submitErased() with the fault rules applied (setFaults()).
    void submitWithFaults(std::string_view operation, std::shared_ptr<const void> request,
                          QObject *context, std::function<void(ErasedAnswer)> done,
                          const std::function<void(EngineHost &, std::shared_ptr<const void>,
                                                   std::function<void(ErasedAnswer)>)> &run,
                          std::string stream);
    template <typename T>
    void dispatch(std::function<core::Result<T>(core::Engine &)> job, QObject *context,
                  Continuation<T> done);
    /// Wraps `done` so that it runs on the dispatcher's thread, and only while `context` lives.
    template <typename T>
    std::function<void(core::Result<T>)> onContextThread(QObject *context, Continuation<T> done);

    EngineHost &m_host;
    std::shared_ptr<core::ScaledClock> m_clock;
    QString m_dataDir;
    QObject *m_dispatcher;
    /// Where engine threads send answers. Cleared (under its mutex) before the dispatcher dies,
    /// so an answer arriving after the backend is gone — an in-flight put finishing while the
    /// engine drains at exit — is dropped instead of posted to a deleted object.
    struct Relay
    {
        std::mutex mutex;
        QObject *target = nullptr;
    };
    std::shared_ptr<Relay> m_relay;
    std::shared_ptr<FaultInjector> m_faults;
};

} // namespace shs::service
