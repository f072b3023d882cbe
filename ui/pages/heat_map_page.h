// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// HeatMapPage: where the stream's writes land, shard by shard and second by second, and each
// shard's heaviest partition keys (HeatMapPanel). The keys are not a time series: the page asks
// the backend for them twice a second while it shows, and merges them into the live seconds.
#include "metrics/heat_map_panel.h"
#include "service/stream_backend.h"
#include "stream_page.h"

#include <QObject>

#include <map>

namespace shs::ui {

class HeatMapPage : public QObject, public StreamPage
{
    Q_OBJECT
  public:
    explicit HeatMapPage(service::StreamBackend &backend);

    QString viewName() const override { return QStringLiteral("heatmap"); }
    QString title() const override { return tr("Heat map"); }
    QWidget *content() override { return fittedPage(m_panel); }
    void showStream(const core::StreamInfo *stream) override;
    void showLive(const LiveMetrics &live) override;
    void shown() override { pollHotKeys(); }

    HeatMapPanel *panel() const { return m_panel; }

  Q_SIGNALS:
    /// New hot keys arrived: the window hands the page the live seconds again.
    void hotKeysChanged();

  private:
    void pollHotKeys();

    service::StreamBackend &m_backend;
    HeatMapPanel *m_panel;
    QString m_stream;
    bool m_inFlight = false;
    std::map<std::string, service::ShardMetrics> m_hotKeys; ///< by shard id
    std::int64_t m_hotKeysNowMs = 0;
};

} // namespace shs::ui
