// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "stream_overview.h"

#include "error_text.h"
#include "lesson/goal_check.h"
#include "metrics/metric_series.h"
#include "models/live_metrics.h"
#include "service/aws_cli.h"
#include "widgets/hash_range_bar.h"
#include "widgets/routing_explainer.h"
#include "widgets/utilisation.h"
#include "widgets/zone_strip.h"

#include <QLabel>
#include <QVBoxLayout>

#include <algorithm>

namespace shs::ui {

using namespace shs::core;

StreamOverview::StreamOverview(service::StreamBackend &backend, const LiveMetrics &live,
                               Confirm confirm, QWidget *parent)
    : QWidget(parent), m_backend(backend), m_live(live), m_confirm(std::move(confirm)),
      m_details(new QLabel(this)), m_zones(new ZoneStrip(backend, this)),
      m_bar(new HashRangeBar(this)), m_router(new RoutingExplainer(this))
{
    m_details->setObjectName(QStringLiteral("streamDetails"));
    m_details->setWordWrap(true);
    m_details->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_bar->setObjectName(QStringLiteral("hashRangeBar"));
    connect(m_bar, &HashRangeBar::splitRequested, this, &StreamOverview::requestSplit);
    connect(m_bar, &HashRangeBar::mergeRequested, this, &StreamOverview::requestMerge);
    m_router->setObjectName(QStringLiteral("routingExplainer"));
    connect(m_router, &RoutingExplainer::keyChanged, m_bar, &HashRangeBar::setMarker);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_details);
    layout->addWidget(m_zones);
    layout->addWidget(m_bar);
    layout->addWidget(m_router);
}

void StreamOverview::followSnapshot(const EngineSnapshot &snapshot, const StreamInfo *shown)
{
    if (!m_reshardStream.isEmpty()) {
        // Say when the split or merge is done: the parents closed and the stream ACTIVE again.
        const StreamInfo *s = lesson::findStream(snapshot, m_reshardStream.toStdString());
        if (!s) {
            m_reshardStream.clear();
        } else if (s->status == StreamStatus::Active) {
            QStringList children;
            bool closed = true;
            for (const ShardInfo &shard : s->shards) {
                const QString id = QString::fromStdString(shard.shardId);
                if (m_reshardParents.contains(id))
                    closed = closed && !shard.open;
                else if (shard.open && shard.parentShardId
                         && m_reshardParents.contains(QString::fromStdString(*shard.parentShardId)))
                    children << id;
            }
            if (closed && !children.isEmpty()) {
                if (shown && QString::fromStdString(shown->name) == m_reshardStream) {
                    m_bar->setMessage(
                        tr("Done: %1 closed; %2 took over the keys. Closed shards stay readable "
                           "until their records expire.")
                            .arg(m_reshardParents.join(tr(" and ")), children.join(tr(" and "))),
                        false);
                    m_doneNote = {m_bar->message(), m_reshardStream, m_reshardParents};
                }
                m_reshardStream.clear();
            }
        }
    }
    // Notes on the bar describe a moment: they go when it has passed, rather than go stale.
    if (m_bar->message().isEmpty())
        return;
    if (m_bar->message() == m_doneNote.text) {
        // "Done: … closed" until a parent it names has expired (it is no longer listed).
        bool listed = shown && QString::fromStdString(shown->name) == m_doneNote.stream;
        for (const QString &parent : m_doneNote.shards)
            listed = listed
                     && std::any_of(shown->shards.begin(), shown->shards.end(),
                                    [&](const ShardInfo &sh) {
                                        return QString::fromStdString(sh.shardId) == parent;
                                    });
        if (!listed) {
            m_bar->setMessage({}, false);
            m_doneNote = {};
        }
    } else if (m_reshardStream.isEmpty() && shown && shown->status == StreamStatus::Active
               && m_bar->message().contains(QLatin1String("UPDATING"))) {
        // An UPDATING note whose reshard is no longer awaited (it finished while another stream
        // was selected, or was done by someone else).
        m_bar->setMessage({}, false);
    }
}

void StreamOverview::showStream(const StreamInfo *s)
{
    m_zones->showStream(s);
    if (!s) {
        m_stream.clear();
        m_details->setText(tr("Select a stream to see its shards."));
        m_bar->setShards({});
        m_router->setShards({});
        m_bar->setMarker(std::nullopt);
        m_bar->setMessage({}, false);
        return;
    }
    m_stream = QString::fromStdString(s->name);
    QList<HashRangeBar::Segment> segments;
    for (const ShardInfo &sh : s->shards)
        if (sh.open)
            segments.push_back(
                {QString::fromStdString(sh.shardId), sh.startingHashKey, sh.endingHashKey});
    m_bar->setShards(segments);
    m_router->setShards(segments);
    showDetails(*s);
}

void StreamOverview::showDetails(const StreamInfo &s)
{
    QStringList tags;
    for (const auto &[k, v] : s.tags)
        tags << QString(QString::fromStdString(k) + QLatin1Char('=') + QString::fromStdString(v))
                    .toHtmlEscaped();
    const QString arnLine
        = QString::fromStdString(s.arn).toHtmlEscaped()
          + (tags.isEmpty() ? QString() : tr(" · tags: %1").arg(tags.join(QStringLiteral(", "))));
    QString settings;
    if (s.maxRecordSizeKiB != 1024)
        settings += tr(" Records of up to %1 MiB (MaxRecordSizeInKiB %2).")
                        .arg(s.maxRecordSizeKiB / 1024.0, 0, 'g', 3)
                        .arg(s.maxRecordSizeKiB);
    if (s.warmThroughput && s.warmThroughput->targetMiBps)
        settings += tr(" Kept warm for %1 MiB/s of writes.").arg(*s.warmThroughput->targetMiBps);
    if (s.encryptionType == "KMS")
        settings += tr(" Encrypted at rest under %1 (Stream ▸ Encryption…).")
                        .arg(QString::fromStdString(s.keyId).toHtmlEscaped());
    m_details->setText(
        tr("<b>%1</b> — %2, %3<br/><span style='color:gray'>%4</span><br/>Retention %5 hours. "
           "%6 open shards tile the hash-key space 0 … 2<sup>128</sup>−1; %7%8")
            .arg(QString::fromStdString(s.name).toHtmlEscaped(),
                 QString::fromLatin1(toString(s.status)),
                 s.mode == StreamMode::OnDemand ? tr("on-demand") : tr("provisioned"), arnLine)
            .arg(s.retentionHours)
            .arg(s.openShardCount)
            .arg(s.autoDistribution
                     ? tr("the service spreads records over them whatever their keys "
                          "(RecordDistributionStrategy AUTO).")
                     : tr("a record goes to the shard whose range holds MD5(partition key)."),
                 settings));
}

void StreamOverview::showLive(const LiveMetrics &live)
{
    // Utilisation against the AWS per-shard write limit (1 MiB/s or 1,000 records/s) in the last
    // complete second, hatched when a write was throttled in the last 5 seconds.
    const service::MetricsWindow recent = live.window(5);
    QMap<QString, HashRangeBar::Load> load;
    for (const auto &sh : recent.shards) {
        if (!sh.open || sh.samples.empty())
            continue;
        const auto &last = sh.samples.back().values;
        const double bytes = double(last[int(Metric::IncomingBytes)]);
        const double records = double(last[int(Metric::IncomingRecords)]);
        HashRangeBar::Load l;
        l.ratio = writeUtilisation(bytes, records);
        l.throttled = std::any_of(sh.samples.begin(), sh.samples.end(), [](const MetricSample &s) {
            return s.values[int(Metric::WriteProvisionedThroughputExceeded)] > 0;
        });
        l.rates
            = tr("%1 KiB/s, %2 records/s").arg(bytes / 1024.0, 0, 'f', 1).arg(records, 0, 'f', 0);
        load.insert(QString::fromStdString(sh.shardId), l);
    }
    m_bar->setLoad(load);
}

void StreamOverview::requestSplit(const QString &shardId, const QString &key)
{
    const QString stream = m_stream;
    if (stream.isEmpty())
        return;
    if (!m_confirm(tr("Split shard"),
                   tr("Split %1 of stream '%2' at NewStartingHashKey\n%3?\n\nThe shard closes; two "
                      "children take its "
                      "keys below and from that key on. Its records stay readable until they "
                      "expire.\n\nAWS CLI:\n%4")
                       .arg(shardId, stream, key, awscli::splitShard(stream, shardId, key)))) {
        m_bar->setMessage(tr("Split cancelled."), false);
        return;
    }
    SplitShardRequest req;
    req.stream.name = stream.toStdString();
    req.shardToSplit = shardId.toStdString();
    req.newStartingHashKey = key.toStdString();
    m_bar->setMessage(tr("Splitting %1 at %2…").arg(shardId, key), false);
    m_backend.submit(
        ops::SplitShard, std::move(req), this, [this, stream, shardId, key](Result<void> r) {
            if (r) {
                m_bar->setMessage(tr("Splitting %1: the stream is UPDATING; the "
                                     "children appear when it is ACTIVE again.")
                                      .arg(shardId),
                                  false);
                m_reshardStream = stream;
                m_reshardParents = {shardId};
            } else {
                m_bar->setMessage(explainError(tr("split %1 at %2").arg(shardId, key), r.error()),
                                  true);
            }
        });
}

void StreamOverview::requestMerge(const QString &a, const QString &b)
{
    const QString stream = m_stream;
    if (stream.isEmpty())
        return;
    if (!m_confirm(
            tr("Merge shards"),
            tr("Merge %1 and %2 of stream '%3'?\n\nBoth close; one child takes their keys. "
               "%4\n\nAWS CLI:\n%5")
                .arg(a, b, stream,
                     describeMerge(
                         forecastMerge(m_live.window(10), a.toStdString(), b.toStdString()), a, b),
                     awscli::mergeShards(stream, a, b)))) {
        m_bar->setMessage(tr("Merge cancelled."), false);
        return;
    }
    MergeShardsRequest req;
    req.stream.name = stream.toStdString();
    req.shardToMerge = a.toStdString();
    req.adjacentShardToMerge = b.toStdString();
    m_backend.submit(ops::MergeShards, std::move(req), this, [this, stream, a, b](Result<void> r) {
        if (r) {
            m_bar->setMessage(tr("Merging %1 and %2: the stream is UPDATING.").arg(a, b), false);
            m_reshardStream = stream;
            m_reshardParents = {a, b};
        } else {
            m_bar->setMessage(explainError(tr("merge %1 and %2").arg(a, b), r.error()), true);
        }
    });
}

} // namespace shs::ui
