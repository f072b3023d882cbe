// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "heat_map_panel.h"

#include "engine/throughput_limiter.h"

#include "heat_map.h"
#include "widgets/shard_label.h"

#include <algorithm>

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

namespace shs::ui {

HeatMapPanel::HeatMapPanel(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("heatMapPanel"));
    auto *layout = new QVBoxLayout(this);
    m_map = new HeatMap(this);
    layout->addWidget(m_map, 3);
    m_keyTitle = new QLabel(this);
    m_keyTitle->setObjectName(QStringLiteral("topKeysTitle"));
    m_keyTitle->setWordWrap(true);
    m_keyTitle->setTextFormat(Qt::RichText);
    layout->addWidget(m_keyTitle);
    auto *row = new QHBoxLayout;
    m_keys = new QTableWidget(0, 4, this);
    m_keys->setObjectName(QStringLiteral("topKeys"));
    m_keys->setHorizontalHeaderLabels(
        {tr("Partition key"), tr("This minute"), tr("Share"), tr("Records/s")});
    m_keys->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    for (int c = 1; c < 4; ++c)
        m_keys->horizontalHeader()->setSectionResizeMode(c, QHeaderView::ResizeToContents);
    m_keys->verticalHeader()->hide();
    m_keys->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    m_keys->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_keys->setSelectionBehavior(QAbstractItemView::SelectRows);
    row->addWidget(m_keys, 3);
    m_insight = new QLabel(this);
    m_insight->setObjectName(QStringLiteral("topKeysInsight"));
    m_insight->setWordWrap(true);
    m_insight->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    row->addWidget(m_insight, 2);
    layout->addLayout(row, 2);
    connect(m_map, &HeatMap::shardClicked, this, [this](const QString &id) {
        selectShard(id);
        Q_EMIT shardClicked(id);
    });
    setStream({});
}

void HeatMapPanel::setStream(const QString &streamName, std::vector<core::ShardInfo> shards)
{
    m_shards = std::move(shards);
    if (streamName != m_stream) {
        m_pinned.clear();
        m_window = {};
        m_map->setSeries({});
    }
    m_stream = streamName;
    showKeys();
}

void HeatMapPanel::setMetrics(const service::MetricsWindow &window)
{
    if (QString::fromStdString(window.streamName) != m_stream)
        return;
    m_window = window;
    m_map->setSeries(shardSeries(window, false));
    showKeys();
}

void HeatMapPanel::selectShard(const QString &shardId)
{
    m_pinned = shardId;
    showKeys();
}

namespace {
/// Whether the shard throttled a write in its last 10 seconds.
bool shardThrottled(const service::ShardMetrics &shard)
{
    const std::size_t from = shard.samples.size() > 10 ? shard.samples.size() - 10 : 0;
    for (std::size_t i = from; i < shard.samples.size(); ++i)
        if (shard.samples[i].values[int(core::Metric::WriteProvisionedThroughputExceeded)] > 0)
            return true;
    return false;
}
} // namespace

void HeatMapPanel::showKeys()
{
    // Seconds of its last 10 each shard has existed for: a reshard's children have fewer, and are
    // judged by those (a child created 2 s ago is not cold for lacking 8 s of records).
    const auto knownSeconds = [this](const std::string &id) -> qint64 {
        for (const auto &info : m_shards)
            if (info.shardId == id && info.parentShardId)
                return std::clamp<qint64>((m_window.nowMs - info.createdMs) / 1000, 0, 10);
        return 10;
    };
    // The pinned shard, or the open shard with the most records per second over the last 10
    // seconds it existed in.
    const service::ShardMetrics *shard = nullptr;
    if (!m_pinned.isEmpty()) {
        for (const auto &s : m_window.shards)
            if (QString::fromStdString(s.shardId) == m_pinned)
                shard = &s;
    }
    const bool hottest = !shard;
    QStringList newShards; // open, created by a reshard less than 10 s ago
    qint64 newest = 10;
    for (const auto &s : m_window.shards)
        if (const qint64 known = knownSeconds(s.shardId); s.open && known < 10) {
            newShards << shortShardLabel(QString::fromStdString(s.shardId));
            newest = std::min(newest, known);
        }
    if (!shard) {
        double best = -1;
        for (const auto &s : m_window.shards) {
            if (!s.open)
                continue;
            qint64 recent = 0;
            const std::size_t from = s.samples.size() > 10 ? s.samples.size() - 10 : 0;
            for (std::size_t i = from; i < s.samples.size(); ++i)
                recent += s.samples[i].values[int(core::Metric::IncomingRecords)];
            const double rate
                = double(recent) / double(std::max<qint64>(1, knownSeconds(s.shardId)));
            if (rate > best) {
                best = rate;
                shard = &s;
            }
        }
    }
    m_keyShard = shard ? QString::fromStdString(shard->shardId) : QString();
    m_map->setSelectedShard(m_pinned);
    m_keys->setRowCount(0);
    if (!shard) {
        m_keyTitle->setText(m_stream.isEmpty() ? tr("Select a stream.")
                                               : tr("<b>Top partition keys</b> — no shards yet."));
        m_insight->clear();
        return;
    }
    m_keyTitle->setText(
        tr("<b>Top partition keys of %1</b>%2 — this minute of engine time. Click a row of the "
           "heat map "
           "to pick another shard.")
            .arg(m_keyShard, hottest ? tr(" (the busiest open shard)") : QString()));
    const QVector<KeyShare> keys = topKeys(*shard, m_window.nowMs, 10);
    m_keys->setRowCount(int(keys.size()));
    for (int r = 0; r < keys.size(); ++r) {
        const KeyShare &k = keys[r];
        auto *key = new QTableWidgetItem(k.partitionKey);
        key->setToolTip(k.partitionKey);
        m_keys->setItem(r, 0, key);
        auto *count = new QTableWidgetItem(k.count == k.lowerBound
                                               ? QString::number(k.count)
                                               : tr("%1–%2").arg(k.lowerBound).arg(k.count));
        count->setToolTip(
            tr("Counted with a Space-Saving sketch: the true count lies between %1 and %2.")
                .arg(k.lowerBound)
                .arg(k.count));
        count->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        m_keys->setItem(r, 1, count);
        auto *share = new QTableWidgetItem(
            k.count == k.lowerBound ? QStringLiteral("%1 %").arg(100.0 * k.share, 0, 'f', 1)
                                    : QStringLiteral("%1–%2 %")
                                          .arg(100.0 * k.share, 0, 'f', 1)
                                          .arg(100.0 * k.shareUpper, 0, 'f', 1));
        share->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        m_keys->setItem(r, 2, share);
        auto *rate = new QTableWidgetItem(QString::number(k.perSecond, 'f', 1));
        rate->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        m_keys->setItem(r, 3, rate);
    }
    // Right after a reshard the children have (almost) no history: say so before any advice.
    const QString children = newShards.join(QStringLiteral(", "));
    const bool one = newShards.size() == 1;
    const QString fresh
        = newShards.isEmpty() ? QString()
          : newest == 0
              ? (one ? tr("%1 was just created by a reshard and has no history yet: what follows "
                          "settles over the next 10 s. ")
                     : tr("%1 were just created by a reshard and have no history yet: what "
                          "follows settles over the next 10 s. "))
                    .arg(children)
              : (one ? tr("%1 was created by a reshard %2 s ago, so it has %2 s of history: what "
                          "follows settles over the next %3 s. ")
                     : tr("%1 were created by a reshard %2 s ago, so they have %2 s of history: "
                          "what follows settles over the next %3 s. "))
                    .arg(children)
                    .arg(newest)
                    .arg(10 - newest);
    if (keys.isEmpty()) {
        m_insight->setText(fresh + tr("No records written to %1 this minute.").arg(m_keyShard));
    } else if (const KeyShare &top = keys.front();
               top.perSecond >= double(core::LimitsProfile::aws().writeRecordsPerSecond)) {
        // Advice from the key's rate against one shard's limit, not from its share: a key over
        // the limit cannot be helped by any split, a dominant key under it can.
        m_insight->setText(fresh
                           + tr("One key, '%1', is written at %2 records/s: more than one shard "
                                "takes (1,000 records/s or 1 MiB/s). Every record with that key "
                                "hashes to the same point, so no split can spread it. Spread it "
                                "with a suffix, or aggregate its records (the KPL's way).")
                                 .arg(top.partitionKey)
                                 .arg(top.perSecond, 0, 'f', 0));
    } else if (const double limit = double(core::LimitsProfile::aws().writeRecordsPerSecond);
               shardThrottled(*shard) && (top.perSecond >= 0.9 * limit || top.share >= 0.9)) {
        // Throttled writes are not counted: a key taking (nearly) all a throttled shard accepts
        // may be asking for more than any one shard takes.
        m_insight->setText(fresh
                           + tr("One key, '%1', is nearly all %3 accepts (%2 records/s; one shard "
                                "takes 1,000 records/s), and %3 is throttling. Refused writes "
                                "are not counted here, so the key may be asking for more than any "
                                "shard takes; if its producer sees it throttled, no split can "
                                "spread it. Spread it with a suffix, or aggregate its records (the "
                                "KPL's way).")
                                 .arg(top.partitionKey)
                                 .arg(top.perSecond, 0, 'f', 0)
                                 .arg(m_keyShard));
    } else if (top.share >= 0.5) {
        m_insight->setText(fresh
                           + tr("One key, '%1', carries %2 % of this shard's records at %3 "
                                "records/s — within one shard's limit of 1,000 records/s. A split "
                                "that gives it a child of its own (route the key above, then drag "
                                "on the bar next to its marker) ends the shard's throttling; the "
                                "rest of the keys go to the other child.")
                                 .arg(top.partitionKey)
                                 .arg(100.0 * top.share, 0, 'f', 0)
                                 .arg(top.perSecond, 0, 'f', 0));
    } else {
        m_insight->setText(
            fresh
            + tr("No single key dominates: splitting %1 (drag on the hash-range bar) "
                 "divides its keys, and "
                 "so its load, between two children.")
                  .arg(m_keyShard));
    }
}

} // namespace shs::ui
