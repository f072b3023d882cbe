// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// FileTailRun: "tail a file" as a generator source — one Agent flow (FileTailer) driven by a
// timer on the caller's thread, sending through a StreamBackend, on real time (files are written
// in real time, whatever the engine's speed). It keeps no checkpoints: each start is a first run
// from the flow's initialPosition. stop() sends what is buffered (at most the Agent's 10 s
// shutdown timeout) before the run is stopped.
#include "file_tailer.h"

#include "service/stream_backend.h"

#include <QElapsedTimer>
#include <QObject>

#include <memory>

class QTimer;

namespace shs::producer {

class FileTailRun : public QObject
{
    Q_OBJECT
  public:
    static constexpr int kTickMs = 50;
    static constexpr qint64 kShutdownTimeoutMs = 10'000;

    FileTailRun(service::StreamBackend &backend, AgentFlow flow, QObject *parent = nullptr);
    ~FileTailRun() override;

    const AgentFlow &flow() const { return m_tailer->flow(); }
    FileTailer::Counts counts() const { return m_tailer->counts(); }
    std::vector<FileTailer::FileState> files() const { return m_tailer->files(); }
    bool running() const { return m_running || m_draining; }
    bool draining() const { return m_draining; }
    /// "tail /var/log/app.log · from its end · Apache common log → JSON"
    std::string describe() const;

    void start();
    void stop();
    void tick();

  Q_SIGNALS:
    void countsChanged();

  private:
    core::SystemClock m_clock;
    QObject m_receiver; ///< answers come to this thread
    std::unique_ptr<FileTailer> m_tailer;
    QTimer *m_timer;
    QElapsedTimer m_stopping;
    bool m_running = false;
    bool m_draining = false;
};

} // namespace shs::producer
