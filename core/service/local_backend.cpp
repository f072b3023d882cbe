// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "local_backend.h"

#include "dispatch.h"

#include <algorithm>
#include <map>

#include <QCoreApplication>
#include <QDateTime>
#include <QMetaObject>
#include <QPointer>
#include <QTimer>

namespace shs::service {

using namespace shs::core;

LocalBackend::LocalBackend(EngineHost &host, std::shared_ptr<ScaledClock> clock, QString dataDir)
    : m_host(host), m_clock(std::move(clock)), m_dataDir(std::move(dataDir)),
      m_dispatcher(new QObject), m_relay(std::make_shared<Relay>())
{
    m_relay->target = m_dispatcher;
}

LocalBackend::~LocalBackend()
{
    {
        const std::lock_guard lock(m_relay->mutex);
        m_relay->target = nullptr;
    }
    // Answers already posted to the dispatcher are discarded with it.
    delete m_dispatcher;
}

QString LocalBackend::description() const
{
    return QStringLiteral("Embedded engine — %1").arg(m_dataDir);
}

template <typename T>
std::function<void(Result<T>)> LocalBackend::onContextThread(QObject *context, Continuation<T> done)
{
    QPointer<QObject> guard(context);
    return [guard, relay = m_relay, done = std::move(done)](Result<T> r) {
        // Runs on an engine thread: hop to the dispatcher's thread, then check the context there.
        auto shared = std::make_shared<Result<T>>(std::move(r));
        const std::lock_guard lock(relay->mutex);
        if (!relay->target)
            return; // the backend is gone
        QMetaObject::invokeMethod(
            relay->target,
            [guard, done, shared] {
                if (guard)
                    done(std::move(*shared));
            },
            Qt::QueuedConnection);
    };
}

template <typename T>
void LocalBackend::dispatch(std::function<Result<T>(Engine &)> job, QObject *context,
                            Continuation<T> done)
{
    m_host.post<T>(std::move(job), onContextThread<T>(context, std::move(done)));
}

void LocalBackend::submitErased(std::string_view operation, std::shared_ptr<const void> request,
                                QObject *context, std::function<void(ErasedAnswer)> done)
{
    using Run = std::function<void(EngineHost &, std::shared_ptr<const void>,
                                   std::function<void(ErasedAnswer)>)>;
    struct Entry
    {
        Run run;
        std::function<std::string(const void *)> stream; ///< the request's stream name, if any
    };
    // One entry per catalogue operation: undo the erasure, run it as the endpoint does.
    static const auto table = [] {
        std::map<std::string, Entry, std::less<>> t;
        ops::forEach([&t](const auto &op) {
            using Op = std::decay_t<decltype(op)>;
            using Req = typename Op::Request;
            using Resp = typename Op::Response;
            Entry e;
            e.run = [&op](EngineHost &host, std::shared_ptr<const void> erased,
                          std::function<void(ErasedAnswer)> answer) {
                Req typed = *std::static_pointer_cast<const Req>(erased);
                service::dispatch<Req, Resp>(
                    host, op, std::move(typed), [answer = std::move(answer)](Result<Resp> r) {
                        if (!r)
                            return answer(ErasedAnswer(r.error()));
                        if constexpr (std::is_void_v<Resp>)
                            answer(ErasedAnswer(std::shared_ptr<void>()));
                        else
                            answer(ErasedAnswer(std::make_shared<Resp>(std::move(r.value()))));
                    });
            };
            e.stream = [](const void *erased) -> std::string {
                if constexpr (requires(const Req &r) { r.stream.name; })
                    return static_cast<const Req *>(erased)->stream.name;
                else
                    return {};
            };
            t.emplace(std::string(op.name), std::move(e));
        });
        return t;
    }();
    const auto it = table.find(operation);
    if (it == table.end()) {
        done(ErasedAnswer(ops::unknownOperation(operation)));
        return;
    }
    if (!m_faults || !m_faults->active())
        return it->second.run(m_host, std::move(request),
                              onContextThread<std::shared_ptr<void>>(context, std::move(done)));
    submitWithFaults(operation, std::move(request), context, std::move(done), it->second.run,
                     it->second.stream(request.get()));
}

void LocalBackend::submitWithFaults(
    std::string_view operation, std::shared_ptr<const void> request, QObject *context,
    std::function<void(ErasedAnswer)> done,
    const std::function<void(EngineHost &, std::shared_ptr<const void>,
                             std::function<void(ErasedAnswer)>)> &run,
    std::string stream)
{
    static const std::string kClient = "the window";
    const std::int64_t now = QDateTime::currentMSecsSinceEpoch();
    FaultCall call;
    call.operation = std::string(operation);
    call.client = kClient;
    call.stream = std::move(stream);
    call.inProcess = true;
    const core::SnapshotPtr snap = m_host.mailbox().latest();
    if (snap)
        call.account = snap->accountId;
    const bool puts = operation == ops::PutRecords.name;
    const auto *putsRequest
        = puts ? static_cast<const PutRecordsRequest *>(request.get()) : nullptr;
    if (puts) {
        std::vector<std::pair<std::string, std::optional<std::string>>> keys;
        for (const auto &e : putsRequest->records)
            keys.emplace_back(e.partitionKey, e.explicitHashKey);
        call.shards = m_faults->wantsPlace(call.operation)
                          ? FaultInjector::routeEntries(keys, snap.get(), call.stream)
                          : std::vector<std::string>(keys.size());
    }
    m_faults->noteRequest(kClient, call.operation, now);
    const FaultDecision d = m_faults->decide(call, now);
    // Zone and disk faults act at once, and bring their zone back when asked to.
    for (const auto &z : d.zones) {
        if (!m_host.changeZone(z.zone, z.action))
            continue;
        if (z.durationMs > 0)
            QTimer::singleShot(std::chrono::milliseconds(z.durationMs), m_dispatcher,
                               [&host = m_host, zone = z.zone] {
                                   (void)host.changeZone(zone, core::ZoneAction::Up);
                               });
    }
    // Latency: the answer waits on the dispatcher's thread (while its context lives).
    if (d.delayMs > 0) {
        QPointer<QObject> guard(context);
        done = [guard, delay = d.delayMs, done = std::move(done)](ErasedAnswer a) {
            if (!guard)
                return;
            QTimer::singleShot(delay, guard.data(),
                               [done, a = std::move(a)]() mutable { done(std::move(a)); });
        };
    }
    auto answer = onContextThread<std::shared_ptr<void>>(context, std::move(done));
    if (d.error) {
        ErrorCode code = ErrorCode::InternalFailure;
        for (int c = 0; c <= int(ErrorCode::CryptoFailure); ++c)
            if (errorName(ErrorCode(c)) == d.error->type) {
                code = ErrorCode(c);
                break;
            }
        return answer(ErasedAnswer(makeError(code, d.error->message)));
    }
    if (!puts || d.failEntries.empty())
        return run(m_host, std::move(request), std::move(answer));
    // Partial failure: the failing entries are not written; the answer lists every entry in
    // order, as the endpoint's does.
    auto kept = std::make_shared<PutRecordsRequest>();
    kept->stream = putsRequest->stream;
    for (std::size_t i = 0; i < putsRequest->records.size(); ++i)
        if (!d.failEntries[i])
            kept->records.push_back(putsRequest->records[i]);
    auto merge = [d, call](const PutRecordsResult &written) {
        auto out = std::make_shared<PutRecordsResult>();
        out->failedRecordCount = written.failedRecordCount;
        out->encryptionType = written.encryptionType;
        std::size_t next = 0;
        for (std::size_t i = 0; i < d.failEntries.size(); ++i) {
            if (!d.failEntries[i]) {
                out->records.push_back(written.records.at(next++));
                continue;
            }
            ++out->failedRecordCount;
            out->records.push_back(
                {{}, {}, d.entryErrorCode, FaultInjector::entryMessage(d, call.shards[i], call)});
        }
        return out;
    };
    if (kept->records.empty())
        return answer(ErasedAnswer(std::shared_ptr<void>(merge(PutRecordsResult{}))));
    run(m_host, kept, [answer, merge](ErasedAnswer written) {
        if (!written)
            return answer(std::move(written));
        answer(ErasedAnswer(std::shared_ptr<void>(
            merge(*std::static_pointer_cast<PutRecordsResult>(written.value())))));
    });
}

} // namespace shs::service

namespace shs::service {

void LocalBackend::recentMetrics(core::StreamRef stream, int seconds, QObject *context,
                                 Continuation<MetricsWindow> done)
{
    const auto window = static_cast<std::size_t>(std::clamp(seconds, 1, 180));
    dispatch<MetricsWindow>(
        [stream = std::move(stream), window](core::Engine &e) -> core::Result<MetricsWindow> {
            auto m = e.recentMetrics(stream, window);
            if (!m)
                return m.error();
            MetricsWindow out;
            out.streamName = std::move(m.value().streamName);
            out.nowMs = m.value().nowMs;
            out.stream = std::move(m.value().stream);
            out.shards.reserve(m.value().shards.size());
            for (auto &series : m.value().shards)
                out.shards.push_back({std::move(series.shardId), series.open,
                                      std::move(series.samples), std::move(series.hotKeysNow),
                                      std::move(series.hotKeys), series.holdings});
            return out;
        },
        context, std::move(done));
}

void LocalBackend::setLimits(core::LimitsProfile limits, QObject *context, Continuation<void> done)
{
    dispatch<void>(
        [limits = std::move(limits)](core::Engine &e) -> core::Result<void> {
            e.setLimits(limits);
            return core::ok();
        },
        context, std::move(done));
}

void LocalBackend::metricHistory(core::StreamRef stream, std::int64_t fromMs, std::int64_t toMs,
                                 QObject *context,
                                 Continuation<std::vector<core::MinutePoint>> done)
{
    dispatch<std::vector<core::MinutePoint>>(
        [stream = std::move(stream), fromMs, toMs](core::Engine &e) {
            return e.metricHistory(stream, fromMs, toMs);
        },
        context, std::move(done));
}

void LocalBackend::costReport(core::StreamRef stream, QObject *context,
                              Continuation<core::Engine::CostReport> done)
{
    dispatch<core::Engine::CostReport>(
        [stream = std::move(stream)](core::Engine &e) { return e.costReport(stream); }, context,
        std::move(done));
}

void LocalBackend::startCarrying(core::Engine::CarriedLoadSpec spec, QObject *context,
                                 Continuation<std::uint64_t> done)
{
    dispatch<std::uint64_t>(
        [spec = std::move(spec)](core::Engine &e) { return e.startCarrying(spec); }, context,
        std::move(done));
}

void LocalBackend::carry(std::uint64_t id, double recordsPerSecond, std::int64_t untilMs,
                         QObject *context, Continuation<core::CarriedCounts> done)
{
    dispatch<core::CarriedCounts>(
        [=](core::Engine &e) { return e.carry(id, recordsPerSecond, untilMs); }, context,
        std::move(done));
}

void LocalBackend::stopCarrying(std::uint64_t id, QObject *context,
                                Continuation<core::CarriedCounts> done)
{
    dispatch<core::CarriedCounts>([id](core::Engine &e) { return e.stopCarrying(id); }, context,
                                  std::move(done));
}

void LocalBackend::readActivity(core::StreamRef stream, QObject *context,
                                Continuation<core::ReadActivityReport> done)
{
    dispatch<core::ReadActivityReport>(
        [stream = std::move(stream)](core::Engine &e) { return e.readActivity(stream); }, context,
        std::move(done));
}

void LocalBackend::storedRecord(core::StreamRef stream, std::string shardId,
                                std::string sequenceNumber, QObject *context,
                                Continuation<core::Engine::StoredView> done)
{
    dispatch<core::Engine::StoredView>(
        [stream = std::move(stream), shardId = std::move(shardId),
         sequenceNumber = std::move(sequenceNumber)](core::Engine &e) {
            return e.storedRecord(stream, shardId, sequenceNumber);
        },
        context, std::move(done));
}

void LocalBackend::submitKmsErased(std::string_view operation, std::shared_ptr<const void> request,
                                   QObject *context, std::function<void(ErasedAnswer)> done)
{
    using Run = std::function<ErasedAnswer(kms::LocalKms &, const void *)>;
    // One entry per KMS catalogue operation: undo the erasure, run it as the endpoint does.
    static const auto table = [] {
        std::map<std::string, Run, std::less<>> t;
        kms::ops::forEach([&t](const auto &op) {
            using Op = std::decay_t<decltype(op)>;
            using Req = typename Op::Request;
            using Resp = typename Op::Response;
            t.emplace(std::string(op.name), [&op](kms::LocalKms &keys, const void *erased) {
                Req typed = *static_cast<const Req *>(erased);
                auto r = op.run(keys, std::move(typed));
                if (!r)
                    return ErasedAnswer(r.error());
                if constexpr (std::is_void_v<Resp>)
                    return ErasedAnswer(std::shared_ptr<void>());
                else
                    return ErasedAnswer(std::make_shared<Resp>(std::move(r.value())));
            });
        });
        return t;
    }();
    const auto it = table.find(operation);
    if (it == table.end())
        return StreamBackend::submitKmsErased(operation, std::move(request), context,
                                              std::move(done));
    // On the engine thread, in order with the operations that use the keys.
    dispatch<std::shared_ptr<void>>(
        [run = it->second, request = std::move(request),
         host = &m_host](core::Engine &) -> core::Result<std::shared_ptr<void>> {
            return run(host->keys().kms(), request.get());
        },
        context, std::move(done));
}

namespace {
/// The engine's subscription handle, as the reader's.
class LocalSubscription final : public ShardSubscription
{
  public:
    explicit LocalSubscription(std::shared_ptr<SubscriptionHandle> handle)
        : m_handle(std::move(handle))
    {}
    ~LocalSubscription() override { m_handle->cancel(); }
    void setWritable(bool writable) override { m_handle->setWritable(writable); }
    void cancel() override { m_handle->cancel(); }

  private:
    std::shared_ptr<SubscriptionHandle> m_handle;
};
} // namespace

std::shared_ptr<ShardSubscription>
LocalBackend::subscribeToShard(core::SubscribeToShardRequest request, QObject *context,
                               ShardSubscriber subscriber)
{
    // The hub calls the sink on the engine and reader threads; each call hops to the dispatcher's
    // thread in order (one queue), and runs only while the context lives.
    QPointer<QObject> guard(context);
    auto relay = m_relay;
    auto post = [guard, relay](std::function<void()> f) {
        const std::lock_guard lock(relay->mutex);
        if (!relay->target)
            return;
        QMetaObject::invokeMethod(
            relay->target,
            [guard, f = std::move(f)] {
                if (guard)
                    f();
            },
            Qt::QueuedConnection);
    };
    auto target = std::make_shared<ShardSubscriber>(std::move(subscriber));
    SubscriptionSink sink;
    sink.started
        = [post, target](const Result<void> &r) { post([target, r] { target->started(r); }); };
    sink.event = [post, target](SubscribeToShardEvent e) {
        post([target, e = std::move(e)]() mutable { target->event(std::move(e)); });
    };
    sink.ended = [post, target](std::optional<Error> error) {
        post([target, error] { target->ended(error); });
    };
    return std::make_shared<LocalSubscription>(
        m_host.subscribe(std::move(request), std::move(sink)));
}

} // namespace shs::service
