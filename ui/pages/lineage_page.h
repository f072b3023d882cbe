// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// LineagePage: the stream's shards as generations of parents and children (LineageView), its tab
// counting the generations; a lesson's spotlight finds a shard's box.
#include "stream_page.h"

#include <QObject>

class QScrollArea;

namespace shs::ui {

class LineageView;

class LineagePage : public QObject, public StreamPage
{
    Q_OBJECT
  public:
    LineagePage();

    QString viewName() const override { return QStringLiteral("lineage"); }
    QString title() const override;
    QWidget *content() override;
    void showStream(const core::StreamInfo *stream) override;
    Area spotlight(std::function<QString()> shardId) override;

    LineageView *view() const { return m_view; }

  private:
    LineageView *m_view;
    QScrollArea *m_scroll;
};

} // namespace shs::ui
