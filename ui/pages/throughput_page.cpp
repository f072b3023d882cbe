// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "throughput_page.h"

#include "error_text.h"
#include "models/live_metrics.h"

#include <QTimer>

namespace shs::ui {

ThroughputPage::ThroughputPage(service::StreamBackend &backend,
                               std::function<QVector<ConsumerAge>()> consumers)
    : m_backend(backend), m_consumers(std::move(consumers)), m_panel(new ThroughputPanel)
{
    setParent(m_panel); // the page lives as long as what it shows
    m_panel->setRemote(
        !m_backend.embedded(), m_backend.cloudWatchSource(),
        tr("%1 has no CloudWatch. On AWS it is monitoring.REGION.amazonaws.com; elsewhere set "
           "AWS_ENDPOINT_URL_CLOUDWATCH (LocalStack serves one) and connect again.")
            .arg(m_backend.endpointUrl()));
    if (!m_backend.cloudWatchSource().isEmpty()) {
        auto *timer = new QTimer(this);
        timer->setInterval(60'000);
        connect(timer, &QTimer::timeout, this, [this] { pollCloudWatch(true); });
        timer->start();
    }
}

void ThroughputPage::showStream(const core::StreamInfo *s)
{
    if (!s) {
        m_stream.clear();
        m_panel->setStream({}, 24, {});
        return;
    }
    m_stream = QString::fromStdString(s->name);
    m_panel->setStream(m_stream, s->retentionHours, s->shards);
    QStringList enabled;
    for (const auto &m : s->shardLevelMetrics)
        enabled << QString::fromStdString(m);
    m_panel->setShardLevelMetrics(enabled);
    pollCloudWatch(false);
}

void ThroughputPage::showLive(const LiveMetrics &live)
{
    m_panel->setConsumers(m_consumers ? m_consumers() : QVector<ConsumerAge>{});
    m_panel->setMetrics(live.window(kLiveSeconds));
}

void ThroughputPage::pollCloudWatch(bool force)
{
    if (m_backend.cloudWatchSource().isEmpty() || m_stream.isEmpty() || !isCurrentPage(m_panel)
        || m_cloudWatchInFlight)
        return;
    const qint64 now = m_backend.nowMs();
    if (!force && m_stream == m_cloudWatchStream && now - m_cloudWatchAtMs < 60'000)
        return;
    m_cloudWatchInFlight = true;
    m_cloudWatchStream = m_stream;
    m_cloudWatchAtMs = now;
    core::StreamRef ref;
    ref.name = m_stream.toStdString();
    m_backend.cloudWatchMetrics(
        std::move(ref), 60, this, [this](core::Result<service::CloudWatchMetrics> r) {
            m_cloudWatchInFlight = false;
            if (r)
                m_panel->setCloudWatch(*r);
            else
                m_panel->setCloudWatchError(explainError(tr("read CloudWatch"), r.error()));
        });
}

} // namespace shs::ui
