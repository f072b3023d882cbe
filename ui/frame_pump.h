// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// FramePump: the one UI timer that pulls engine output. At most ~30 times a second it checks the
// backend's snapshot mailbox and, when the version moved, emits the latest snapshot once: the
// engine may change state thousands of times a second, the UI redraws at most once per frame.
// Likewise the live metrics: a newer MetricsFrame (the sums of the last engine second) is emitted
// once per frame at most.
#include "service/snapshot_mailbox.h"

#include <QObject>
#include <QTimer>

namespace shs::ui {

class FramePump : public QObject
{
    Q_OBJECT
  public:
    explicit FramePump(service::SnapshotMailbox &mailbox, QObject *parent = nullptr);
    void start(int intervalMs = 33);
    void stop();
    /// Emits the latest snapshot now if it is newer than the last one emitted.
    void pumpNow();

  Q_SIGNALS:
    void snapshotChanged(const shs::core::SnapshotPtr &snapshot);
    void metricsChanged(const shs::service::MetricsFramePtr &frame);
    void frame();

  private:
    service::SnapshotMailbox &m_mailbox;
    QTimer m_timer;
    std::uint64_t m_lastVersion = 0;
    std::uint64_t m_lastMetricsVersion = 0;
};

} // namespace shs::ui
