// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "heat_map_page.h"

#include "models/live_metrics.h"

#include <QTimer>

namespace shs::ui {

HeatMapPage::HeatMapPage(service::StreamBackend &backend)
    : m_backend(backend), m_panel(new HeatMapPanel)
{
    setParent(m_panel); // the page lives as long as what it shows
    auto *timer = new QTimer(this);
    timer->setInterval(500);
    connect(timer, &QTimer::timeout, this, &HeatMapPage::pollHotKeys);
    timer->start();
}

void HeatMapPage::showStream(const core::StreamInfo *s)
{
    const QString name = s ? QString::fromStdString(s->name) : QString();
    if (name != m_stream) {
        m_hotKeys.clear();
        m_hotKeysNowMs = 0;
    }
    m_stream = name;
    if (s)
        m_panel->setStream(name, s->shards);
    else
        m_panel->setStream({});
}

void HeatMapPage::showLive(const LiveMetrics &live)
{
    service::MetricsWindow window = live.window(kLiveSeconds);
    for (auto &sh : window.shards) {
        const auto keys = m_hotKeys.find(sh.shardId);
        if (keys != m_hotKeys.end()) {
            sh.hotKeys = keys->second.hotKeys;
            sh.hotKeysLastMinute = keys->second.hotKeysLastMinute;
        }
    }
    if (m_hotKeysNowMs > window.nowMs)
        window.nowMs = m_hotKeysNowMs;
    m_panel->setMetrics(window);
}

void HeatMapPage::pollHotKeys()
{
    if (m_stream.isEmpty() || m_inFlight || !isCurrentPage(m_panel)
        || !m_panel->window()->isVisible())
        return;
    m_inFlight = true;
    core::StreamRef ref;
    ref.name = m_stream.toStdString();
    const QString stream = m_stream;
    m_backend.recentMetrics(std::move(ref), 1, this,
                            [this, stream](core::Result<service::MetricsWindow> r) {
                                m_inFlight = false;
                                if (!r || m_stream != stream)
                                    return;
                                m_hotKeys.clear();
                                for (auto &sh : r.value().shards)
                                    m_hotKeys[sh.shardId] = std::move(sh);
                                m_hotKeysNowMs = r.value().nowMs;
                                Q_EMIT hotKeysChanged();
                            });
}

} // namespace shs::ui
