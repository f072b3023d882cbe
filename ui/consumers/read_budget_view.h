// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// ReadBudgetView: who reads each shard of the selected stream right now, against which budget —
// the part of Kinesis' read side that is easiest to get wrong. Polling readers (each a chain of
// shard iterators: the Consume tab, `shardscope-cli tail`, a KCL application polling, an SDK
// loop) share one budget per shard, 5 GetRecords calls and 2 MiB a second; each enhanced fan-out
// consumer's subscription has 2 MiB a second of its own. One row per reader with its calls/s,
// bytes/s and share of its budget, a total row for the shared budget (red once it is used up or
// reads are throttled), and a sentence per stream saying what is shared and what is not.
//
// Rates come from two samples of the engine's cumulative counters (Engine::readActivity), per
// second of engine time; sampled every second of real time while the view is shown. Embedded
// engine only: AWS has no such call (its CloudWatch metrics are per stream and per consumer).
#include "service/stream_backend.h"

#include <QWidget>

#include <map>
#include <optional>
#include <string>

class QLabel;
class QTableWidget;
class QTimer;

namespace shs::ui {

class ReadBudgetView : public QWidget
{
    Q_OBJECT
  public:
    explicit ReadBudgetView(service::StreamBackend &backend, QWidget *parent = nullptr);

    void setStream(const QString &name);
    /// Samples the engine now (a timer does it every second while shown).
    void sample();
    /// Renders a report taken at engine time `report.nowMs` against the previous one.
    void show(const core::ReadActivityReport &report);

    /// Whether a timer samples every second while shown (on by default; tests and screenshots
    /// sample by hand at chosen engine times).
    void setAutoSample(bool on);

    QTableWidget *table() const { return m_table; }

  Q_SIGNALS:
    /// A sample was shown.
    void sampled();

  public:
    QLabel *summaryLabel() const { return m_summary; }

  protected:
    void showEvent(QShowEvent *event) override;

  private:
    struct Counters
    {
        std::int64_t atMs = 0;
        std::int64_t calls = 0;
        std::int64_t bytes = 0;
        std::int64_t throttled = 0;
    };
    struct Rates
    {
        double calls = 0;
        double bytes = 0;
        double throttled = 0;
    };
    /// Rates of `key` since the previous sample (kept when engine time did not move).
    Rates rates(const std::string &key, const Counters &now);

    service::StreamBackend &m_backend;
    QString m_stream;
    bool m_sampling = false;
    std::map<std::string, Counters> m_previous;
    std::map<std::string, Rates> m_lastRates;
    QLabel *m_summary;
    QTableWidget *m_table;
    QTimer *m_timer;
};

} // namespace shs::ui
