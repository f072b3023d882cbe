// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "consumer_application.h"

namespace shs::consumer {

ConsumerApplication::ConsumerApplication(ConsumerOptions options, service::StreamBackend &backend,
                                         core::LeaseTable &table, const core::Clock &clock,
                                         std::string workerPrefix, QObject *parent)
    : QObject(parent), m_options(std::move(options)), m_backend(backend), m_table(table),
      m_clock(clock), m_prefix(std::move(workerPrefix))
{
    connect(&m_timer, &QTimer::timeout, this, &ConsumerApplication::tick);
}

ConsumerApplication::~ConsumerApplication() = default;

void ConsumerApplication::start(int workers, int tickMs)
{
    if (m_options.fanOut)
        registerConsumer();
    for (int i = 0; i < workers; ++i)
        addWorker();
    if (tickMs > 0)
        m_timer.start(tickMs);
    tick();
}

void ConsumerApplication::tick()
{
    if (m_nextDescribeMs >= 0 && m_clock.nowMs() >= m_nextDescribeMs && !m_registering)
        describeConsumer();
    for (auto &w : m_workers)
        w->tick();
    Q_EMIT ticked();
}

std::string ConsumerApplication::addWorker()
{
    const std::string id = m_prefix + std::to_string(m_nextWorker);
    // Distinct seeds, so that workers do not all pick the same expired lease first.
    m_workers.push_back(std::make_unique<ConsumerWorker>(
        id, m_backend, m_table, m_clock, m_options, m_ledger, std::uint64_t(m_nextWorker) * 7919u));
    ++m_nextWorker;
    return id;
}

ConsumerWorker *ConsumerApplication::worker(const std::string &id) const
{
    for (const auto &w : m_workers)
        if (w->id() == id)
            return w.get();
    return nullptr;
}

bool ConsumerApplication::stopWorker(const std::string &id)
{
    auto *w = worker(id);
    if (!w)
        return false;
    w->stop();
    return true;
}

bool ConsumerApplication::killWorker(const std::string &id)
{
    auto *w = worker(id);
    if (!w)
        return false;
    w->kill();
    return true;
}

bool ConsumerApplication::pauseWorker(const std::string &id, std::int64_t ms)
{
    auto *w = worker(id);
    if (!w)
        return false;
    w->pause(ms);
    return true;
}

void ConsumerApplication::stopAll()
{
    for (auto &w : m_workers)
        w->stop();
}

bool ConsumerApplication::idle() const
{
    for (const auto &w : m_workers)
        if (w->state() != ConsumerWorker::State::Stopped
            && w->state() != ConsumerWorker::State::Killed)
            return false;
    return true;
}

ConsumerApplication::Snapshot ConsumerApplication::snapshot() const
{
    Snapshot s;
    s.nowMs = m_clock.nowMs();
    for (const auto &w : m_workers) {
        WorkerView v;
        v.id = w->id();
        v.state = w->state();
        v.counts = w->counts();
        v.processed = w->processed();
        for (const auto &[id, sc] : w->shards())
            v.shards.push_back({id, ShardConsumer::stateName(sc->state()), sc->processed(),
                                sc->millisBehindLatest(), sc->throttled(), sc->lastProcessed()});
        s.workers.push_back(std::move(v));
    }
    if (auto leases = m_table.listLeases())
        s.leases = std::move(*leases);
    s.deliveries = m_ledger.deliveries();
    s.distinct = m_ledger.distinct();
    s.duplicates = m_ledger.duplicates();
    s.skipped = m_ledger.skippedRecords();
    s.forwarded = m_ledger.forwardedRecords();
    s.checksum = m_ledger.checksum();
    s.keysThatMoved = m_ledger.keysThatMoved();
    return s;
}

void ConsumerApplication::registerConsumer()
{
    m_registering = true;
    core::StreamRef ref{m_options.stream, {}};
    m_backend.submit(
        core::ops::DescribeStreamSummary, ref, this,
        [this](core::Result<core::StreamDescriptionSummary> summary) {
            if (!summary) {
                m_registering = false;
                m_ledger.log(m_clock.nowMs(), m_options.application,
                             "cannot describe the stream: " + summary.error().toString());
                m_nextDescribeMs = -1;
                return;
            }
            m_streamArn = summary->streamArn;
            core::RegisterStreamConsumerRequest request;
            request.streamArn = m_streamArn;
            request.consumerName = m_options.application;
            m_backend.submit(
                core::ops::RegisterStreamConsumer, request, this,
                [this](core::Result<core::Consumer> r) {
                    m_registering = false;
                    if (r) {
                        m_pendingConsumerArn = r->consumerArn;
                        m_ledger.log(m_clock.nowMs(), m_options.application,
                                     "registered consumer " + r->consumerArn + " (CREATING)");
                    } else if (r.error().code != core::ErrorCode::ResourceInUse) {
                        m_ledger.log(m_clock.nowMs(), m_options.application,
                                     "cannot register its consumer: " + r.error().toString());
                        return;
                    }
                    // Registered now, or already (ResourceInUse): wait for ACTIVE.
                    m_nextDescribeMs = m_clock.nowMs();
                    describeConsumer();
                });
        });
}

void ConsumerApplication::describeConsumer()
{
    m_registering = true;
    core::ConsumerRef ref;
    ref.streamArn = m_streamArn;
    ref.consumerName = m_options.application;
    m_backend.submit(core::ops::DescribeStreamConsumer, ref, this,
                     [this](core::Result<core::ConsumerDescription> r) {
                         m_registering = false;
                         m_nextDescribeMs = m_clock.nowMs() + 1000;
                         if (!r)
                             return;
                         if (r->consumer.status == core::ConsumerStatus::Active) {
                             m_options.consumerArn = r->consumer.consumerArn;
                             m_nextDescribeMs = -1;
                             m_ledger.log(m_clock.nowMs(), m_options.application,
                                          "consumer " + r->consumer.consumerArn
                                              + " is ACTIVE: each shard subscribes");
                         }
                     });
}

} // namespace shs::consumer
