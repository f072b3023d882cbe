// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// ConsumerApplication: a KCL-style consumer application — a name, a stream, a lease table and N
// workers in this process (more processes may run workers of the same application against the same
// lease table file: they coordinate through it alone). It ticks its workers on a real-time timer
// (or a test calls tick()), keeps the ledger of what they processed, and answers with a Snapshot
// for the window and the CLI.
//
// Workers are named `<prefix><n>` (w1, w2, …; a prefix that holds the process id when several
// processes share the table). Adding a worker after one was killed takes the next number: a
// worker id is never reused, as a restarted KCL process gets a new one.
#include "consumer_ledger.h"
#include "consumer_options.h"
#include "consumer_worker.h"

#include "engine/clock.h"
#include "engine/leases.h"
#include "service/stream_backend.h"

#include <QObject>
#include <QTimer>

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace shs::consumer {

/// Opens (creating) the lease table of `application` consuming `stream`; the composition root
/// decides where (a SQLite file in the data directory).
using LeaseTableOpener = std::function<core::Result<std::unique_ptr<core::LeaseTable>>(
    const std::string &application, const std::string &stream)>;

class ConsumerApplication : public QObject
{
    Q_OBJECT
  public:
    struct ShardView
    {
        std::string shardId;
        std::string state;
        std::int64_t processed = 0;
        std::int64_t millisBehindLatest = 0;
        std::int64_t throttled = 0;
        std::string lastProcessed;
    };
    struct WorkerView
    {
        std::string id;
        ConsumerWorker::State state = ConsumerWorker::State::Running;
        std::vector<ShardView> shards;
        ConsumerWorker::Counts counts;
        std::int64_t processed = 0;
    };
    struct Snapshot
    {
        std::int64_t nowMs = 0;
        std::vector<WorkerView> workers;
        std::vector<core::Lease> leases; ///< the table as last read
        std::int64_t deliveries = 0;
        std::int64_t distinct = 0;
        std::int64_t duplicates = 0;
        std::int64_t skipped = 0;
        std::int64_t forwarded = 0;
        std::uint64_t checksum = 0;
        std::int64_t keysThatMoved = 0;
    };

    ConsumerApplication(ConsumerOptions options, service::StreamBackend &backend,
                        core::LeaseTable &table, const core::Clock &clock,
                        std::string workerPrefix = "w", QObject *parent = nullptr);
    ~ConsumerApplication() override;

    /// Starts `workers` workers; with `tickMs` > 0 they are ticked on a timer of that period.
    void start(int workers, int tickMs = 50);
    void tick();
    /// Adds a worker; its id.
    std::string addWorker();
    bool stopWorker(const std::string &id);
    bool killWorker(const std::string &id);
    bool pauseWorker(const std::string &id, std::int64_t ms);
    /// Stops every worker gracefully (each checkpoints and releases its leases).
    void stopAll();
    /// Whether no worker is running, pausing or stopping.
    bool idle() const;

    Snapshot snapshot() const;
    const ConsumerLedger &ledger() const { return m_ledger; }
    const ConsumerOptions &options() const { return m_options; }
    ConsumerWorker *worker(const std::string &id) const;
    const std::vector<std::unique_ptr<ConsumerWorker>> &workers() const { return m_workers; }

    /// Fan-out: the application's consumer (named after it), once ACTIVE; empty before.
    const std::string &consumerArn() const { return m_options.consumerArn; }

  Q_SIGNALS:
    void ticked();

  private:
    /// Fan-out, as the KCL's FanOutConsumerRegistration: DescribeStreamSummary for the stream's
    /// ARN, DescribeStreamConsumer by name, RegisterStreamConsumer when there is none, then
    /// DescribeStreamConsumer each second until ACTIVE.
    void registerConsumer();
    void describeConsumer();
    std::string m_streamArn;
    std::string m_pendingConsumerArn;
    std::int64_t m_nextDescribeMs = -1; ///< -1: not waiting for ACTIVE
    bool m_registering = false;
    ConsumerOptions m_options;
    service::StreamBackend &m_backend;
    core::LeaseTable &m_table;
    const core::Clock &m_clock;
    std::string m_prefix;
    ConsumerLedger m_ledger;
    std::vector<std::unique_ptr<ConsumerWorker>> m_workers;
    int m_nextWorker = 1;
    QTimer m_timer;
};

} // namespace shs::consumer
