// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// LiveMetrics: the UI's copy of the engine's live metrics. The frame pump hands it each
// MetricsFrame from the mailbox (the last complete engine second of every stream and shard); it
// keeps the selected ("focus") stream's per-second history for the last kSeconds and every
// stream's latest totals. When frames were skipped — engine time running faster than frames, or
// a stream just selected — it asks the backend once for the seconds it lacks (one request in
// flight) and merges the answer, so the history is exact in engine seconds at any speed.
//
// Values only; lives on the UI thread.
#include "service/stream_backend.h"

#include <QObject>
#include <QString>

#include <deque>
#include <map>
#include <string>
#include <vector>

namespace shs::ui {

class LiveMetrics : public QObject
{
    Q_OBJECT
  public:
    static constexpr int kSeconds = 180;

    explicit LiveMetrics(service::StreamBackend &backend, QObject *parent = nullptr);

    void applyFrame(const service::MetricsFramePtr &frame);
    /// The stream whose history is kept (the selected one); empty for none.
    void setFocus(const QString &stream);
    QString focus() const { return m_focus; }

    /// The focus stream's last `seconds` seconds, oldest first, one sample per second (zeros
    /// where nothing happened), in the shape the backend answers recentMetrics with.
    service::MetricsWindow window(int seconds) const;
    /// What a shard of the focus stream holds now (records -1: not known, or not listed).
    core::ShardHoldings holdings(const std::string &shardId) const;
    /// Records/s and bytes/s written to each stream in the last complete second.
    std::map<std::string, std::pair<double, double>> streamRates() const;
    std::int64_t lastSecond() const { return m_lastSecond; }
    /// The second of the last frame applied (the one the stream rates are from).
    std::int64_t frameSecond() const { return m_frameSecond; }
    bool backfillInFlight() const { return m_backfilling; }

  Q_SIGNALS:
    /// New seconds arrived (from a frame or a backfill).
    void updated();

  private:
    struct Ring
    {
        std::deque<core::MetricSample> samples; // ascending seconds, no duplicates
        bool open = true;
        core::ShardHoldings holdings; // as of the last frame or backfill
    };
    static void append(Ring &ring, std::int64_t second, const core::MetricValues &values);
    void backfill();

    service::StreamBackend &m_backend;
    QString m_focus;
    std::int64_t m_lastSecond = -1;
    std::int64_t m_frameSecond = -1;
    Ring m_totals;
    std::map<std::string, Ring> m_shards;
    std::vector<std::string> m_order; // the focus stream's shards, as the engine lists them
    std::map<std::string, std::pair<double, double>> m_rates;
    bool m_backfilling = false;
    bool m_needBackfill = false;
};

} // namespace shs::ui
