// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "shards_page.h"

#include "metrics/metric_series.h"
#include "models/live_metrics.h"

#include <QDateTime>
#include <QHeaderView>
#include <QLocale>
#include <QTableWidget>
#include <QTimeZone>

namespace shs::ui {

using namespace shs::core;

namespace {
QString utc(std::int64_t ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, QTimeZone::utc())
               .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"))
           + QObject::tr(" UTC (engine time)");
}

void setCell(QTableWidget *table, int row, int column, const QString &text,
             const QString &toolTip = {}, Qt::Alignment align = Qt::AlignLeft | Qt::AlignVCenter)
{
    auto *item = table->item(row, column);
    if (!item) {
        item = new QTableWidgetItem;
        table->setItem(row, column, item);
    }
    item->setText(text);
    item->setToolTip(toolTip);
    item->setTextAlignment(align);
}
} // namespace

ShardsPage::ShardsPage(service::StreamBackend &backend)
    : m_backend(backend), m_table(new QTableWidget)
{
    setParent(m_table); // the page lives as long as what it shows
    m_table->setObjectName(QStringLiteral("shardTable"));
    m_table->setColumnCount(ColumnCount);
    m_table->setHorizontalHeaderLabels(
        {tr("Shard"), tr("State"), tr("Share"), tr("Records"), tr("Hash-key range")});
    m_table->horizontalHeaderItem(RecordsColumn)
        ->setToolTip(tr("Records the shard holds now (written and not yet past retention), how "
                        "old the oldest is, and when retention trims it"));
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->setWordWrap(false);
}

QString ShardsPage::title() const
{
    return tr("Shards");
}

QWidget *ShardsPage::content()
{
    return m_table;
}

void ShardsPage::showStream(const StreamInfo *s)
{
    m_shardIds.clear();
    if (!s) {
        m_table->setRowCount(0);
        return;
    }
    m_retentionMs = std::int64_t(s->retentionHours) * 3600 * 1000;
    m_table->setRowCount(int(s->shards.size()));
    for (int i = 0; i < int(s->shards.size()); ++i) {
        const ShardInfo &sh = s->shards[size_t(i)];
        m_shardIds.push_back(sh.shardId);
        const double share = sh.endingHashKey.minus(sh.startingHashKey).toUnitFraction() * 100.0;
        setCell(m_table, i, IdColumn, QString::fromStdString(sh.shardId));
        setCell(m_table, i, StateColumn, sh.open ? tr("OPEN") : tr("CLOSED"),
                sh.open ? QString()
                        : tr("Closed at %1: readable until its records pass retention, then "
                             "no longer listed")
                              .arg(utc(sh.closedMs)));
        setCell(m_table, i, ShareColumn, QStringLiteral("%1 %").arg(share, 0, 'f', 2), {},
                Qt::AlignRight | Qt::AlignVCenter);
        // Exact decimal bounds, as Kinesis prints them: the start, then the end on a second line.
        const QString range = QString::fromStdString(sh.startingHashKey.toDecimal())
                              + QStringLiteral("\n– ")
                              + QString::fromStdString(sh.endingHashKey.toDecimal());
        setCell(m_table, i, RangeColumn, range,
                range); // whole in the tip when the column is narrow
        if (!m_table->item(i, RecordsColumn))
            setCell(m_table, i, RecordsColumn, QString());
    }
}

void ShardsPage::showLive(const LiveMetrics &live)
{
    const std::int64_t now = m_backend.nowMs();
    const QLocale locale;
    for (int i = 0; i < int(m_shardIds.size()); ++i) {
        const ShardHoldings h = live.holdings(m_shardIds[size_t(i)]);
        if (h.records < 0) {
            setCell(m_table, i, RecordsColumn, QStringLiteral("—"),
                    tr("Kinesis does not report how many records a shard holds or how old they "
                       "are: read the shard from TRIM_HORIZON on the Consume tab to see them."));
            continue;
        }
        if (h.records == 0) {
            setCell(m_table, i, RecordsColumn, QStringLiteral("0"),
                    tr("The shard holds no records: none written, or all past retention"));
            continue;
        }
        const std::int64_t expires = h.oldestMs + m_retentionMs;
        setCell(m_table, i, RecordsColumn,
                tr("%1 · oldest %2\ntrimmed %3")
                    .arg(locale.toString(qint64(h.records)),
                         formatAge(std::max<std::int64_t>(0, now - h.oldestMs)),
                         expires <= now ? tr("now") : tr("in %1").arg(formatAge(expires - now))),
                tr("Oldest record: %1\nNewest record: %2\nThe oldest is trimmed at %3 and the "
                   "newest at %4, when they pass the stream's %5-hour retention. Retention… "
                   "(Ctrl+R) keeps them longer.")
                    .arg(utc(h.oldestMs), utc(h.newestMs), utc(expires),
                         utc(h.newestMs + m_retentionMs))
                    .arg(m_retentionMs / 3'600'000));
    }
}

} // namespace shs::ui
