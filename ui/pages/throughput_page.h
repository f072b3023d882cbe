// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// ThroughputPage: the stream's live throughput against its limits (ThroughputPanel) and, on a
// remote backend with CloudWatch, CloudWatch's minute points — asked for when the page shows and
// then once a minute, never more (CloudWatch's period; asking more often shows nothing new).
#include "metrics/throughput_panel.h"
#include "service/stream_backend.h"
#include "stream_page.h"

#include <QObject>

#include <functional>

namespace shs::ui {

class ThroughputPage : public QObject, public StreamPage
{
    Q_OBJECT
  public:
    /// `consumers`: readers the workbench runs besides the shards' own ages (the Consume tab's).
    ThroughputPage(service::StreamBackend &backend,
                   std::function<QVector<ConsumerAge>()> consumers);

    QString viewName() const override { return QStringLiteral("throughput"); }
    QString title() const override { return tr("Throughput"); }
    QWidget *content() override { return fittedPage(m_panel); }
    void showStream(const core::StreamInfo *stream) override;
    void showLive(const LiveMetrics &live) override;
    void shown() override { pollCloudWatch(false); }

    ThroughputPanel *panel() const { return m_panel; }

  private:
    void pollCloudWatch(bool force);

    service::StreamBackend &m_backend;
    std::function<QVector<ConsumerAge>()> m_consumers;
    ThroughputPanel *m_panel;
    QString m_stream;
    QString m_cloudWatchStream;
    qint64 m_cloudWatchAtMs = 0;
    bool m_cloudWatchInFlight = false;
};

} // namespace shs::ui
