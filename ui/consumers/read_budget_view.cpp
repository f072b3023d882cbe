// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "read_budget_view.h"

#include "metrics/metric_series.h"
#include "theme.h"

#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>

namespace shs::ui {

namespace {
constexpr std::int64_t kActiveWithinMs = 30'000; ///< a polling reader shown: read this recently

QString budgetText(std::int64_t bytes)
{
    return bytes % (1024 * 1024) == 0 ? QStringLiteral("%1 MiB/s").arg(bytes / (1024 * 1024))
                                      : formatBytesRate(double(bytes));
}

QString share(double used, std::int64_t budget)
{
    return budget > 0 ? QStringLiteral("%1 %").arg(100.0 * used / double(budget), 0, 'f', 0)
                      : QStringLiteral("—");
}

/// "#7" for shardId-000000000007, as the hash bar labels shards.
QString shortId(const std::string &shardId)
{
    const auto index = core::parseShardId(shardId);
    return index ? QStringLiteral("#%1").arg(*index) : QString::fromStdString(shardId);
}

QTableWidgetItem *item(const QString &text, bool bold = false, bool alarm = false)
{
    auto *i = new QTableWidgetItem(text);
    i->setFlags(Qt::ItemIsSelectable | Qt::ItemIsEnabled);
    if (bold) {
        QFont f = i->font();
        f.setBold(true);
        i->setFont(f);
    }
    if (alarm)
        i->setForeground(errorColour());
    return i;
}
} // namespace

ReadBudgetView::ReadBudgetView(service::StreamBackend &backend, QWidget *parent)
    : QWidget(parent), m_backend(backend), m_summary(new QLabel(this)),
      m_table(new QTableWidget(0, 7, this)), m_timer(new QTimer(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_summary->setObjectName(QStringLiteral("readBudgetSummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextFormat(Qt::RichText);
    layout->addWidget(m_summary);
    m_table->setObjectName(QStringLiteral("readBudgetTable"));
    m_table->setHorizontalHeaderLabels({tr("Shard"), tr("Reader"), tr("Budget"), tr("Calls/s"),
                                        tr("Read"), tr("Used"), tr("Throttled/s")});
    m_table->horizontalHeaderItem(2)->setToolTip(
        tr("Polling readers of a shard share one budget of GetRecords calls and bytes a second; "
           "each enhanced fan-out consumer has bytes a second of its own"));
    m_table->horizontalHeaderItem(5)->setToolTip(
        tr("The share of the budget used: calls · bytes for polling readers, bytes for a "
           "consumer"));
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setSelectionMode(QAbstractItemView::NoSelection);
    layout->addWidget(m_table, 1);
    m_timer->setInterval(1000);
    connect(m_timer, &QTimer::timeout, this, [this] {
        if (isVisible())
            sample();
    });
    if (!m_backend.embedded()) {
        m_table->hide();
        m_summary->setText(
            tr("Read budgets are measured by the embedded engine. AWS reports reads per stream "
               "(GetRecords.Bytes, ReadProvisionedThroughputExceeded) and per consumer "
               "(SubscribeToShardEvent.Bytes) in CloudWatch, not per reader."));
        return;
    }
    m_timer->start();
}

void ReadBudgetView::setAutoSample(bool on)
{
    if (on && m_backend.embedded())
        m_timer->start();
    else
        m_timer->stop();
}

void ReadBudgetView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (m_timer->isActive())
        sample();
}

void ReadBudgetView::setStream(const QString &name)
{
    if (name == m_stream)
        return;
    m_stream = name;
    m_previous.clear();
    m_lastRates.clear();
    m_table->setRowCount(0);
    if (m_backend.embedded())
        m_summary->clear();
    if (isVisible())
        sample();
}

void ReadBudgetView::sample()
{
    auto *engine = m_backend.embedded();
    if (!engine || m_stream.isEmpty() || m_sampling)
        return;
    m_sampling = true;
    core::StreamRef ref;
    ref.name = m_stream.toStdString();
    const QString stream = m_stream;
    engine->readActivity(ref, this, [this, stream](core::Result<core::ReadActivityReport> r) {
        m_sampling = false;
        if (stream != m_stream || !r)
            return; // a stream being deleted: the stream list says so
        show(*r);
        Q_EMIT sampled();
    });
}

ReadBudgetView::Rates ReadBudgetView::rates(const std::string &key, const Counters &now)
{
    auto it = m_previous.find(key);
    Rates out;
    if (it != m_previous.end() && now.atMs > it->second.atMs) {
        const double seconds = double(now.atMs - it->second.atMs) / 1000.0;
        out.calls = double(now.calls - it->second.calls) / seconds;
        out.bytes = double(now.bytes - it->second.bytes) / seconds;
        out.throttled = double(now.throttled - it->second.throttled) / seconds;
        m_lastRates[key] = out;
        it->second = now;
    } else if (it != m_previous.end()) {
        out = m_lastRates[key]; // engine time stood still (paused)
    } else {
        m_previous[key] = now;
    }
    return out;
}

void ReadBudgetView::show(const core::ReadActivityReport &report)
{
    m_table->setRowCount(0);
    auto addRow = [this](const QList<QTableWidgetItem *> &cells) {
        const int row = m_table->rowCount();
        m_table->insertRow(row);
        for (int c = 0; c < cells.size(); ++c)
            m_table->setItem(row, c, cells[c]);
    };
    const QString shared = tr("%1 calls/s · %2")
                               .arg(report.sharedCallsPerSecond)
                               .arg(budgetText(report.sharedBytesPerSecond));
    const QString own = tr("%1 of its own").arg(budgetText(report.consumerBytesPerSecond));
    int pollingReaders = 0, subscriptions = 0;
    QStringList exhausted;
    for (const auto &shard : report.shards) {
        const QString id = shortId(shard.shardId);
        std::vector<std::pair<const core::PollingReader *, Rates>> active;
        for (const auto &p : shard.polling) {
            // Every reader is sampled (a rate needs its previous counters); those that have read
            // lately are shown.
            const Rates r = rates(shard.shardId + "/p" + std::to_string(p.readerId),
                                  {report.nowMs, p.calls, p.bytes, p.throttled});
            if (report.nowMs - p.lastMs <= kActiveWithinMs && (p.calls > 0 || p.throttled > 0))
                active.emplace_back(&p, r);
        }
        Rates total;
        for (const auto &[p, r] : active) {
            total.calls += r.calls;
            total.bytes += r.bytes;
            total.throttled += r.throttled;
            addRow({item(id),
                    item(tr("polling reader %1 (%2)")
                             .arg(p->readerId)
                             .arg(QString::fromLatin1(core::toString(p->origin)))),
                    item(tr("shared")), item(QString::number(r.calls, 'f', 1)),
                    item(formatBytesRate(r.bytes)),
                    item(tr("%1 · %2").arg(share(r.calls, report.sharedCallsPerSecond),
                                           share(r.bytes, report.sharedBytesPerSecond))),
                    item(QString::number(r.throttled, 'f', 1), false, r.throttled > 0)});
        }
        if (!active.empty()) {
            pollingReaders += int(active.size());
            const bool full = report.limited
                              && (total.throttled > 0
                                  || total.calls >= double(report.sharedCallsPerSecond) - 0.05);
            if (full)
                exhausted << QString::fromStdString(shard.shardId);
            addRow({item(id, true),
                    item(active.size() == 1 ? tr("all polling readers (1)")
                                            : tr("all polling readers (%1)").arg(active.size()),
                         true),
                    item(shared, true), item(QString::number(total.calls, 'f', 1), true, full),
                    item(formatBytesRate(total.bytes), true),
                    item(tr("%1 · %2").arg(share(total.calls, report.sharedCallsPerSecond),
                                           share(total.bytes, report.sharedBytesPerSecond)),
                         true, full),
                    item(QString::number(total.throttled, 'f', 1), true, total.throttled > 0)});
        }
        for (const auto &f : shard.fanOut) {
            ++subscriptions;
            const Rates r
                = rates(shard.shardId + "/c" + f.consumerName + "@" + std::to_string(f.startedMs),
                        {report.nowMs, 0, f.bytes, 0});
            addRow({item(id),
                    item(tr("%1 (SubscribeToShard)").arg(QString::fromStdString(f.consumerName))),
                    item(own), item(QStringLiteral("—")), item(formatBytesRate(r.bytes)),
                    item(share(r.bytes, report.consumerBytesPerSecond)),
                    item(QStringLiteral("—"))});
        }
    }
    QString text;
    if (pollingReaders == 0 && subscriptions == 0) {
        text = tr("Nobody reads '%1' right now. Start reading in the Consume tab, run a consumer "
                  "application above, or point a client at the endpoint.")
                   .arg(m_stream.toHtmlEscaped());
    } else {
        text = tr("Polling readers share each shard's %1 GetRecords calls/s and %2; each enhanced "
                  "fan-out consumer reads %3 per shard of its own.")
                   .arg(report.sharedCallsPerSecond)
                   .arg(budgetText(report.sharedBytesPerSecond))
                   .arg(budgetText(report.consumerBytesPerSecond));
        if (!exhausted.isEmpty())
            text += QStringLiteral(" <span style='%1'>%2</span>")
                        .arg(errorTextCss(),
                             tr("The shared budget of %1 is used up: its polling readers are "
                                "throttled (ProvisionedThroughputExceededException). Read less "
                                "often, or register an enhanced fan-out consumer for a budget "
                                "of its own.")
                                 .arg(exhausted.join(QStringLiteral(", "))));
    }
    if (!report.limited)
        text += tr(" The limits profile is off: nothing is throttled here; the budgets are AWS's.");
    m_summary->setText(text);
}

} // namespace shs::ui
