// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// ShardReader: reads one shard or all shards of a stream the way a consumer does — ListShards,
// GetShardIterator of the chosen type, then GetRecords with NextShardIterator — through the
// StreamBackend, so it meets the same read limits (5 calls/s and 2 MiB/s per shard) and a
// learner can see a reader being throttled. Live mode polls every `pollMs` of real time; page
// mode makes one round of calls per nextPage(). Reading all shards follows resharding: a
// closed shard read to its end hands over to its ChildShards (from TRIM_HORIZON), each shard
// read once.
#include "models/record_table_model.h"

#include "service/stream_backend.h"

#include <QMap>
#include <QObject>
#include <QSet>

#include <optional>

class QTimer;

namespace shs::ui {

class ShardReader : public QObject
{
    Q_OBJECT
  public:
    struct Options
    {
        QString stream;
        QString shardId; ///< empty: all shards
        core::ShardIteratorType type = core::ShardIteratorType::TrimHorizon;
        QString sequenceNumber; ///< AT_/AFTER_SEQUENCE_NUMBER
        qint64 timestampMs = 0; ///< AT_TIMESTAMP
        int limit = 1000;       ///< GetRecords Limit
        int pollMs = 250;       ///< live mode: per shard, real time
        bool live = true;
    };
    struct Counts
    {
        qint64 calls = 0;
        qint64 records = 0;
        qint64 throttled = 0;          ///< ProvisionedThroughputExceededException answers
        qint64 millisBehindLatest = 0; ///< the largest of the last answers
        int shardsReading = 0;
        int shardsFinished = 0; ///< closed shards read to their end
        QString lastError;
    };

    ShardReader(service::StreamBackend &backend, Options options, QObject *parent = nullptr);
    ~ShardReader() override;

    /// Starts: lists the shards and gets their iterators. Refusals arrive through failed().
    void start();
    void stop();
    /// Page mode: one GetRecords per shard that has an iterator and no call outstanding.
    void nextPage();
    bool running() const { return m_running; }
    const Counts &counts() const { return m_counts; }
    const Options &options() const { return m_options; }
    int callsInFlight() const;

  Q_SIGNALS:
    void recordsArrived(const QList<shs::ui::RecordRow> &rows);
    void countsChanged();
    /// The read cannot start or continue (the stream is gone, a bad sequence number, …).
    void failed(const QString &reason);

  private:
    struct ShardState
    {
        QString iterator;
        bool pending = false;
        bool finished = false;
    };
    void beginShard(const QString &shardId, core::ShardIteratorType type);
    void poll();
    void read(const QString &shardId);
    void fail(const QString &reason);

    service::StreamBackend &m_backend;
    Options m_options;
    QTimer *m_timer;
    QMap<QString, ShardState> m_shards;
    QSet<QString> m_started;
    Counts m_counts;
    bool m_running = false;
};

} // namespace shs::ui
