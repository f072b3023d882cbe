// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// HeapTrimmer: gives the heap's free pages back to the system now and then, for the processes
// that run for hours (the window, `serve`, `consume`, `agent`). glibc keeps what a thread frees
// in that thread's arena, between the chunks still in use, so without it resident memory follows
// the most a process ever held at once (a large response, a burst of reads), not what it holds
// now: the hour-long soak measured 9 MB of such pages in `serve` (README, Reliability figures).
// Elsewhere than glibc it does nothing.
#include <QObject>

class QTimer;

namespace shs::app {

class HeapTrimmer : public QObject
{
  public:
    static constexpr int kIntervalMs = 30'000;

    /// Trims every `intervalMs` of real time on this thread's event loop.
    explicit HeapTrimmer(QObject *parent = nullptr, int intervalMs = kIntervalMs);
    /// Returns the free pages of every arena now; true if any went back.
    static bool trimNow();

  private:
    QTimer *m_timer;
};

} // namespace shs::app
