// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// StreamBackend: what the UI and the CLI see of a Kinesis service. LocalBackend serves it from the
// embedded engine; net::RemoteBackend from a Kinesis endpoint (AWS or any compatible service).
//
// Every call is asynchronous: `done` runs later on the thread of `context` (the UI thread), and
// only if `context` still exists. Calls never block the caller.
#include "alarms/alarm.h"
#include "snapshot_mailbox.h"

#include "engine/api.h"
#include "engine/catalogue.h"
#include "engine/metrics.h"
#include "engine/result.h"
#include "engine/throughput_limiter.h"
#include "kms/kms_catalogue.h"

#include <QObject>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace shs::service {

/// One shard's per-second metrics (CloudWatch names, engine seconds) and its heaviest partition
/// keys, for the throughput charts, the sparkline grid and the heat map.
struct ShardMetrics
{
    std::string shardId;
    bool open = true;
    std::vector<core::MetricSample> samples; ///< oldest first, one per second, zeros included
    std::vector<core::HotKey> hotKeys;       ///< the minute in progress, heaviest first
    std::vector<core::HotKey> hotKeysLastMinute;
    core::ShardHoldings holdings{}; ///< what it holds now (records -1: the service does not say)
};

/// A stream's recent metrics: stream totals and every listed shard, over the same seconds.
struct MetricsWindow
{
    std::string streamName;
    std::int64_t nowMs = 0;                 ///< engine time of the answer
    std::vector<core::MetricSample> stream; ///< oldest first
    std::vector<ShardMetrics> shards;
};

/// CloudWatch's AWS/Kinesis metrics of a stream (remote backends on AWS or a CloudWatch-compatible
/// service), at CloudWatch's own resolution.
struct CloudWatchSeries
{
    std::string metricName; ///< "IncomingRecords", "GetRecords.IteratorAgeMilliseconds", …
    std::string shardId;    ///< empty: the stream-level metric
    std::string stat;       ///< "Sum" or "Maximum"
    std::vector<std::int64_t> timesMs; ///< oldest first
    std::vector<double> values;
};
struct CloudWatchMetrics
{
    std::string streamName;
    QString source; ///< "CloudWatch at https://monitoring.eu-west-1.amazonaws.com"
    int periodSeconds = 60;
    std::int64_t startMs = 0;
    std::int64_t endMs = 0;
    std::vector<CloudWatchSeries> series;
};

template <typename T> using Continuation = std::function<void(core::Result<T>)>;

/// What only the embedded engine has, which a remote endpoint does not: how fast engine time runs,
/// which limits profile applies, its persisted metric history and its cost meter.
class EmbeddedEngine
{
  public:
    virtual ~EmbeddedEngine() = default;
    /// Engine time's speed: 0 paused, 1 real time, up to 3600.
    virtual double speed() const = 0;
    /// Re-anchors engine time at `speed`, so time never jumps.
    virtual void setSpeed(double speed) = 0;
    /// Switches the engine's limits profile (resets every shard's buckets).
    virtual void setLimits(core::LimitsProfile limits, QObject *context, Continuation<void> done)
        = 0;
    /// The stream's persisted 1-minute metric points between two engine times.
    /// Every minute that ends at or before metricsKeptThroughMs() is among them whole.
    virtual void metricHistory(core::StreamRef stream, std::int64_t fromMs, std::int64_t toMs,
                               QObject *context, Continuation<std::vector<core::MinutePoint>> done)
        = 0;
    /// The stream's usage so far, its cost in its mode and in the other one.
    virtual void costReport(core::StreamRef stream, QObject *context,
                            Continuation<core::Engine::CostReport> done)
        = 0;
    /// The engine time through which every metric minute is kept (service::EngineHost).
    virtual std::int64_t metricsKeptThroughMs() const = 0;
    /// A generator's load beyond what it stores (core::Engine::startCarrying, carry and
    /// stopCarrying): started, updated and extended, ended.
    virtual void startCarrying(core::Engine::CarriedLoadSpec spec, QObject *context,
                               Continuation<std::uint64_t> done)
        = 0;
    virtual void carry(std::uint64_t id, double recordsPerSecond, std::int64_t untilMs,
                       QObject *context, Continuation<core::CarriedCounts> done)
        = 0;
    virtual void stopCarrying(std::uint64_t id, QObject *context,
                              Continuation<core::CarriedCounts> done)
        = 0;
    /// Who reads the stream now and against which budget (AWS has no such call: the Consumers
    /// tab's read budgets exist for the embedded engine only).
    virtual void readActivity(core::StreamRef stream, QObject *context,
                              Continuation<core::ReadActivityReport> done)
        = 0;
    /// A record as the data directory keeps it — sealed, for an encrypted stream (the record
    /// inspector's "stored on disk").
    virtual void storedRecord(core::StreamRef stream, std::string shardId,
                              std::string sequenceNumber, QObject *context,
                              Continuation<core::Engine::StoredView> done)
        = 0;
    /// The data directory's zone replicas (empty: one database). Immediate and thread-safe.
    virtual std::vector<core::ZoneStatus> zones() const = 0;
    /// A zone outage, its end, or a lost disk (core::ZoneAction); the zone then changes on its
    /// own (catching up, rebuilding), as zones() shows. Immediate and thread-safe.
    virtual core::Result<void> changeZone(const std::string &zone, core::ZoneAction action) = 0;
};

/// What a SubscribeToShard subscription tells its reader, on the thread of the context given to
/// StreamBackend::subscribeToShard (and only while it lives): accepted or refused first, then
/// events in order, then how it ended (nullopt: cleanly — 5 minutes, or the end of a closed
/// shard; an error: what ended it). `ended` is not called after a refusal.
struct ShardSubscriber
{
    std::function<void(const core::Result<void> &)> started;
    std::function<void(core::SubscribeToShardEvent)> event;
    std::function<void(std::optional<core::Error>)> ended;
};

/// The reader's side of a subscription. Thread-safe.
class ShardSubscription
{
  public:
    virtual ~ShardSubscription() = default;
    /// Back-pressure: false holds further events until true again.
    virtual void setWritable(bool writable) = 0;
    /// Ends the subscription without another callback.
    virtual void cancel() = 0;
};

/// A catalogue operation's answer, type-erased: the Response (nullptr for an empty answer).
using ErasedAnswer = core::Result<std::shared_ptr<void>>;

class StreamBackend
{
  public:
    virtual ~StreamBackend() = default;

    /// "Embedded engine — /home/me/.local/share/shardscope" or an endpoint URL.
    virtual QString description() const = 0;

    /// Any operation of the catalogue (core/engine/catalogue.h): the embedded engine runs it, a
    /// remote backend sends it in the wire shape of its definition. `done` runs later on the
    /// thread of `context`, and only if `context` still exists.
    template <class Req, class Resp>
    void submit(const core::ops::Operation<Req, Resp> &op, std::type_identity_t<Req> request,
                QObject *context, std::type_identity_t<Continuation<Resp>> done)
    {
        auto shared = std::make_shared<const Req>(std::move(request));
        submitErased(op.name, shared, context,
                     [done = std::move(done), observer = m_observer, shared, name = op.name,
                      context](ErasedAnswer answer) {
                         if (!answer)
                             return done(core::Result<Resp>(answer.error()));
                         if (observer && *observer)
                             (*observer)(name, shared.get(), context);
                         if constexpr (std::is_void_v<Resp>)
                             done(core::ok());
                         else
                             done(std::move(*std::static_pointer_cast<Resp>(*answer)));
                     });
    }

    /// An operation of the KMS catalogue (kms/kms_catalogue.h) on this service's KMS: the embedded
    /// engine's local KMS. A backend without one refuses, saying so.
    template <class Req, class Resp>
    void submitKms(const kms::ops::Operation<Req, Resp> &op, std::type_identity_t<Req> request,
                   QObject *context, std::type_identity_t<Continuation<Resp>> done)
    {
        auto shared = std::make_shared<const Req>(std::move(request));
        submitKmsErased(op.name, shared, context,
                        [done = std::move(done), shared](ErasedAnswer answer) {
                            if (!answer)
                                return done(core::Result<Resp>(answer.error()));
                            if constexpr (std::is_void_v<Resp>)
                                done(core::ok());
                            else
                                done(std::move(*std::static_pointer_cast<Resp>(*answer)));
                        });
    }
    /// Whether submitKms() reaches a KMS (the embedded engine's).
    virtual bool hasKms() const { return false; }

    /// Told of every operation that succeeded, on the context's thread before its continuation:
    /// its name, its request (the operation's Request) and the context that asked. The lesson
    /// builder records what the teacher does with it. One observer; an empty one removes it.
    using OperationObserver
        = std::function<void(std::string_view operation, const void *request, QObject *context)>;
    void setOperationObserver(OperationObserver observer)
    {
        m_observer
            = observer ? std::make_shared<const OperationObserver>(std::move(observer)) : nullptr;
    }

    /// SubscribeToShard (enhanced fan-out): events pushed to `subscriber` as records arrive. A
    /// backend that cannot subscribe refuses through `started`, saying why.
    virtual std::shared_ptr<ShardSubscription>
    subscribeToShard(core::SubscribeToShardRequest request, QObject *context,
                     ShardSubscriber subscriber);

    /// The last `seconds` complete seconds (1..180) of the stream's and its shards' metrics.
    virtual void recentMetrics(core::StreamRef stream, int seconds, QObject *context,
                               Continuation<MetricsWindow> done)
        = 0;

    /// Where CloudWatch metrics come from (a URL), or empty when this backend has none.
    virtual QString cloudWatchSource() const { return {}; }
    /// The stream's CloudWatch metrics over the last `minutes` minutes, 1-minute periods: stream
    /// level, and per open shard (empty series unless enhanced monitoring is on). Only for backends
    /// with a cloudWatchSource().
    virtual void cloudWatchMetrics(core::StreamRef stream, int minutes, QObject *context,
                                   Continuation<CloudWatchMetrics> done);
    /// The stream's CloudWatch metric alarms (namespace AWS/Kinesis, its StreamName dimension),
    /// read-only, as DescribeAlarms gives them. Only for backends with a cloudWatchSource().
    virtual void cloudWatchAlarms(core::StreamRef stream, QObject *context,
                                  Continuation<std::vector<alarms::StoredAlarm>> done);

    /// Latest topology snapshot; thread-safe, used by the frame pump.
    virtual SnapshotMailbox &mailbox() = 0;
    /// The service's time now (epoch ms): engine time for the embedded engine, the remote
    /// backend's clock (real time unless a test injects one) for an endpoint.
    virtual std::int64_t nowMs() const = 0;
    /// What only the embedded engine offers (speed, limits profile, metric history, cost); nullptr
    /// for a remote endpoint, which keeps its own time and limits — the window shows those as the
    /// service's.
    virtual EmbeddedEngine *embedded() { return nullptr; }
    /// The Kinesis endpoint a remote backend talks to; empty for the embedded engine.
    virtual QString endpointUrl() const { return {}; }
    /// The AWS CLI global options that reach the same endpoint ("--endpoint-url", URL, "--region",
    /// R, …), for Copy as AWS CLI; empty for the embedded engine.
    virtual QStringList awsCliTarget() const { return {}; }

  protected:
    /// submit() without the types: `request` points to the named operation's Request, the
    /// answer to its Response. Backends build one table over the catalogue to undo the erasure.
    virtual void submitErased(std::string_view operation, std::shared_ptr<const void> request,
                              QObject *context, std::function<void(ErasedAnswer)> done)
        = 0;

    /// submitKms() without the types; this default refuses (no KMS reachable).
    virtual void submitKmsErased(std::string_view operation, std::shared_ptr<const void> request,
                                 QObject *context, std::function<void(ErasedAnswer)> done);

  private:
    std::shared_ptr<const OperationObserver> m_observer;
};

} // namespace shs::service
