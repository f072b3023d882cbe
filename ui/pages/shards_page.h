// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// ShardsPage: the selected stream's shards as Kinesis lists them — state, share of the hash-key
// space and exact range — with what each holds now: its records, how old the oldest is and when
// retention trims it (so retention is visible before the data is gone), on two lines like the
// range, so the exact range keeps its width. Counts come from the live metrics;
// a service that does not report them (Kinesis never does) shows a dash and says why.
#include "service/stream_backend.h"
#include "stream_page.h"

#include <QObject>

#include <map>

class QTableWidget;

namespace shs::ui {

class ShardsPage : public QObject, public StreamPage
{
    Q_OBJECT
  public:
    enum Column { IdColumn, StateColumn, ShareColumn, RecordsColumn, RangeColumn, ColumnCount };

    explicit ShardsPage(service::StreamBackend &backend);

    QString viewName() const override { return QStringLiteral("shards"); }
    QString title() const override;
    QWidget *content() override;
    void showStream(const core::StreamInfo *stream) override;
    void showLive(const LiveMetrics &live) override;

    QTableWidget *table() const { return m_table; }

  private:
    service::StreamBackend &m_backend;
    QTableWidget *m_table;
    std::vector<std::string> m_shardIds; // by row
    std::int64_t m_retentionMs = 0;
};

} // namespace shs::ui
