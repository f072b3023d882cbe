// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// ShardFollower: reads a stream the way a polling Kinesis consumer does, through any
// StreamBackend — ListShards (with the shard filter that matches the starting position, paged),
// GetShardIterator of the chosen type, then GetRecords with each NextShardIterator. It meets the
// same read limits as any reader (5 calls/s and 2 MiB/s per shard), so a throttled read is counted
// and retried on the next poll with the same iterator.
//
// Reading all shards follows lineage as the KCL does: a closed shard read to its end hands over
// to its children (from TRIM_HORIZON), and a child of a merge starts only when every parent being
// read has ended, so records of one partition key arrive in order across a reshard. Each shard is
// read once. The one reader of `shardscope-cli tail` and the window's Consume tab.
//
// With a consumer ARN it reads by enhanced fan-out instead: a SubscribeToShard subscription per
// shard (events pushed as records arrive, the consumer's own 2 MiB/s per shard), subscribing
// again from the last ContinuationSequenceNumber when a subscription ends after its 5 minutes,
// and following lineage from the ChildShards of a closed shard's last event. Fan-out is live
// only; a refusal or an error mid-stream stops the reader with the error.
//
// Live mode polls every `pollMs` of real time (a reader's pace against the service, which is real
// time whatever the engine's clock); page mode reads one round per readRound(). Not thread-safe:
// use it on the thread of its QObject parent.
#include "stream_backend.h"

#include <QObject>
#include <QSet>
#include <QString>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

class QTimer;

namespace shs::service {

class ShardFollower : public QObject
{
    Q_OBJECT
  public:
    struct Options
    {
        std::string stream;
        std::string shardId; ///< empty: all shards, following lineage
        core::ShardIteratorType type = core::ShardIteratorType::TrimHorizon;
        std::string sequenceNumber;              ///< AT_/AFTER_SEQUENCE_NUMBER (one shard only)
        std::optional<std::int64_t> timestampMs; ///< AT_TIMESTAMP
        int limit = 1000;                        ///< GetRecords Limit
        bool live = true;                        ///< poll on a timer; false: readRound() only
        int pollMs = 250;                        ///< live mode: each shard, real time
        bool eager = false;      ///< live mode: read again at once after an answer with records
        std::string consumerArn; ///< non-empty: SubscribeToShard as this consumer (live)
    };
    struct Counts
    {
        qint64 calls = 0;  ///< GetRecords calls, or SubscribeToShard calls with fan-out
        qint64 events = 0; ///< SubscribeToShardEvents received (fan-out)
        qint64 records = 0;
        qint64 throttled = 0;          ///< ProvisionedThroughputExceededException answers
        qint64 millisBehindLatest = 0; ///< of the latest answer
        int shardsReading = 0;
        int shardsFinished = 0; ///< closed shards read to their end
    };
    /// Why reading stopped: what was being done ("list the shards of 'orders'") and the error.
    struct Failure
    {
        QString action;
        core::Error error;
        std::string operation; ///< the call that failed ("ListShards"); empty for bad options
    };

    ShardFollower(StreamBackend &backend, Options options, QObject *parent = nullptr);
    ~ShardFollower() override;

    /// Lists the shards and gets their iterators; live mode then reads. Refusals: failed().
    void start();
    void stop();
    /// One GetRecords for every shard that has an iterator and no call outstanding.
    void readRound();
    bool running() const { return m_running; }
    const Counts &counts() const { return m_counts; }
    const Options &options() const { return m_options; }
    const std::optional<Failure> &failure() const { return m_failure; }
    bool fanOut() const { return !m_options.consumerArn.empty(); }
    /// Subscriptions open now (fan-out).
    int subscriptions() const;
    /// The latest GetRecords answered: the loop a polling consumer runs, for the window to show.
    struct LastCall
    {
        std::string shardId;
        std::string shardIterator;     ///< the iterator sent
        std::string nextShardIterator; ///< the one the answer named; empty at a closed shard's end
        std::size_t records = 0;
        std::int64_t millisBehindLatest = 0;
    };
    const std::optional<LastCall> &lastCall() const { return m_lastCall; }
    int callsInFlight() const;

  Q_SIGNALS:
    /// Records of one shard, in sequence-number order (direct connections: the vector is not
    /// registered for queued delivery).
    void recordsArrived(const std::string &shardId, const std::vector<shs::core::Record> &records);
    void countsChanged();
    /// Every shard being read has answered and its latest answer held no records: the reader is
    /// at the tip of the stream (`tail --no-follow` stops here).
    void caughtUp();
    /// Every shard read has closed and been read to its end; nothing more will arrive.
    void ended();
    /// Reading cannot start or go on (the stream is gone, a sequence number of another shard, …).
    void failed();

  private:
    struct ShardState
    {
        std::string iterator;
        bool pending = false;  ///< a call is outstanding
        bool finished = false; ///< closed and read to its end
        bool answered = false; ///< at least one GetRecords answer
        bool lastEmpty = false;
        std::string sent;                                ///< the iterator of the call outstanding
        std::shared_ptr<ShardSubscription> subscription; ///< fan-out
        std::optional<core::StartingPosition> resumeAt;  ///< fan-out: where to subscribe again
    };
    void listShards(std::optional<std::string> nextToken);
    void beginShard(const std::string &shardId, core::ShardIteratorType type);
    void read(const std::string &shardId);
    void subscribe(const std::string &shardId);
    void onEvent(const std::string &shardId, core::SubscribeToShardEvent event);
    void onSubscriptionEnded(const std::string &shardId, std::optional<core::Error> error);
    void finishShard(ShardState &state);
    void onRecords(const std::string &shardId, core::Result<core::GetRecordsResult> r);
    void handOver(const std::vector<core::ChildShard> &children);
    void checkIdle();
    void fail(QString action, core::Error error, std::string_view operation = {});

    StreamBackend &m_backend;
    Options m_options;
    QTimer *m_timer;
    std::map<std::string, ShardState> m_shards; ///< every shard begun, by id
    bool m_listing = false;
    Counts m_counts;
    std::optional<Failure> m_failure;
    std::optional<LastCall> m_lastCall;
    bool m_running = false;
};

} // namespace shs::service
