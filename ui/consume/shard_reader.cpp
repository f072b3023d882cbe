// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "shard_reader.h"

#include "error_text.h"

#include <QTimer>

namespace shs::ui {

using namespace shs::core;

ShardReader::ShardReader(service::StreamBackend &backend, Options options, QObject *parent)
    : QObject(parent), m_backend(backend), m_options(std::move(options)), m_timer(new QTimer(this))
{
    m_timer->setInterval(std::max(10, m_options.pollMs));
    connect(m_timer, &QTimer::timeout, this, &ShardReader::poll);
}

ShardReader::~ShardReader() = default;

int ShardReader::callsInFlight() const
{
    int n = 0;
    for (const auto &s : m_shards)
        n += s.pending ? 1 : 0;
    return n;
}

void ShardReader::fail(const QString &reason)
{
    m_counts.lastError = reason;
    stop();
    Q_EMIT countsChanged();
    Q_EMIT failed(reason);
}

void ShardReader::start()
{
    if (m_running)
        return;
    const bool bySequence = m_options.type == ShardIteratorType::AtSequenceNumber
                            || m_options.type == ShardIteratorType::AfterSequenceNumber;
    if (bySequence && m_options.shardId.isEmpty()) {
        fail(tr("Cannot read '%1' from a sequence number across all shards: a sequence number "
                "belongs to one shard. "
                "Pick the shard that holds it.")
                 .arg(m_options.stream));
        return;
    }
    m_running = true;
    if (!m_options.shardId.isEmpty()) {
        beginShard(m_options.shardId, m_options.type);
    } else {
        ListShardsRequest req;
        req.stream.name = m_options.stream.toStdString();
        m_backend.submit(
            core::ops::ListShards, std::move(req), this, [this](Result<ListShardsResult> r) {
                if (!m_running)
                    return;
                if (!r) {
                    fail(explainError(tr("list the shards of '%1'").arg(m_options.stream),
                                      r.error()));
                    return;
                }
                // LATEST: only open shards will see new records. Otherwise every listed shard; a
                // child is read from its start while its parent is read (as the AWS CLI would).
                for (const auto &sh : r->shards) {
                    if (m_options.type == ShardIteratorType::Latest && sh.endingSequenceNumber)
                        continue;
                    beginShard(QString::fromStdString(sh.shardId), m_options.type);
                }
            });
    }
    if (m_options.live)
        m_timer->start();
    Q_EMIT countsChanged();
}

void ShardReader::stop()
{
    m_running = false;
    m_timer->stop();
    m_counts.shardsReading = 0;
    Q_EMIT countsChanged();
}

void ShardReader::beginShard(const QString &shardId, ShardIteratorType type)
{
    if (m_started.contains(shardId))
        return;
    m_started.insert(shardId);
    m_shards.insert(shardId, ShardState{{}, true, false});
    GetShardIteratorRequest req;
    req.stream.name = m_options.stream.toStdString();
    req.shardId = shardId.toStdString();
    req.type = type;
    if (type == ShardIteratorType::AtSequenceNumber
        || type == ShardIteratorType::AfterSequenceNumber)
        req.startingSequenceNumber = m_options.sequenceNumber.trimmed().toStdString();
    if (type == ShardIteratorType::AtTimestamp)
        req.timestampMs = m_options.timestampMs;
    m_backend.submit(
        core::ops::GetShardIterator, std::move(req), this,
        [this, shardId](Result<GetShardIteratorResult> r) {
            auto &state = m_shards[shardId];
            state.pending = false;
            if (!m_running)
                return;
            if (!r) {
                fail(explainError(
                    tr("get a shard iterator for %1 of '%2'").arg(shardId, m_options.stream),
                    r.error()));
                return;
            }
            state.iterator = QString::fromStdString(r->shardIterator);
            ++m_counts.shardsReading;
            Q_EMIT countsChanged();
            if (m_options.live)
                read(shardId);
        });
}

void ShardReader::poll()
{
    if (!m_running)
        return;
    for (auto it = m_shards.begin(); it != m_shards.end(); ++it)
        if (!it->pending && !it->finished && !it->iterator.isEmpty())
            read(it.key());
}

void ShardReader::nextPage()
{
    if (!m_running)
        return;
    poll();
}

void ShardReader::read(const QString &shardId)
{
    auto &state = m_shards[shardId];
    if (state.pending || state.finished || state.iterator.isEmpty())
        return;
    state.pending = true;
    GetRecordsRequest req;
    req.shardIterator = state.iterator.toStdString();
    req.limit = m_options.limit;
    ++m_counts.calls;
    m_backend.submit(
        core::ops::GetRecords, std::move(req), this, [this, shardId](Result<GetRecordsResult> r) {
            auto &st = m_shards[shardId];
            st.pending = false;
            if (!m_running)
                return;
            if (!r) {
                if (r.error().code == ErrorCode::ProvisionedThroughputExceeded) {
                    ++m_counts.throttled; // keep the iterator; the next poll tries again
                    Q_EMIT countsChanged();
                    return;
                }
                fail(explainError(tr("read %1 of '%2'").arg(shardId, m_options.stream), r.error()));
                return;
            }
            QList<RecordRow> rows;
            rows.reserve(qsizetype(r->records.size()));
            for (const auto &rec : r->records)
                rows.push_back({shardId, QString::fromStdString(rec.sequenceNumber),
                                QString::fromStdString(rec.partitionKey), rec.arrivalMs,
                                QByteArray::fromStdString(rec.data)});
            m_counts.records += rows.size();
            m_counts.millisBehindLatest = r->millisBehindLatest;
            if (r->nextShardIterator) {
                st.iterator = QString::fromStdString(*r->nextShardIterator);
            } else {
                // A closed shard read to its end.
                st.finished = true;
                st.iterator.clear();
                --m_counts.shardsReading;
                ++m_counts.shardsFinished;
                if (m_options.shardId.isEmpty())
                    for (const auto &child : r->childShards)
                        beginShard(QString::fromStdString(child.shardId),
                                   ShardIteratorType::TrimHorizon);
            }
            if (!rows.isEmpty())
                Q_EMIT recordsArrived(rows);
            Q_EMIT countsChanged();
        });
}

} // namespace shs::ui
