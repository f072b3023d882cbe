// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "frame_pump.h"

namespace shs::ui {

FramePump::FramePump(service::SnapshotMailbox &mailbox, QObject *parent)
    : QObject(parent), m_mailbox(mailbox)
{
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &FramePump::pumpNow);
}

void FramePump::start(int intervalMs)
{
    m_timer.start(intervalMs);
    pumpNow();
}

void FramePump::stop()
{
    m_timer.stop();
}

void FramePump::pumpNow()
{
    const auto v = m_mailbox.version();
    if (v != m_lastVersion) {
        if (auto snap = m_mailbox.latest()) {
            m_lastVersion = snap->version;
            Q_EMIT snapshotChanged(snap);
        }
    }
    if (const auto mv = m_mailbox.metricsVersion(); mv != m_lastMetricsVersion) {
        if (auto metrics = m_mailbox.latestMetrics()) {
            m_lastMetricsVersion = metrics->version;
            Q_EMIT metricsChanged(metrics);
        }
    }
    Q_EMIT frame();
}

} // namespace shs::ui
