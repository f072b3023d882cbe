// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// ZoneStrip: the selected stream's three zones (store/zoned_storage.h) in a row — in sync, down
// and how many of this stream's records it lacks, catching up or rebuilding and how far along,
// failed and why — each a button whose menu takes the zone down, brings it back or wipes its
// disk, or fills or fails it. Refusals (the last zone in sync) appear inline. It reads the zones
// twice a second while shown. It is hidden on a remote connection (AWS's zones are not visible
// through the API) and with one database (--zones 1).
#include "engine/snapshot.h"
#include "service/stream_backend.h"

#include <QTimer>
#include <QWidget>

#include <vector>

class QLabel;
class QToolButton;

namespace shs::ui {

class ZoneStrip : public QWidget
{
    Q_OBJECT
  public:
    explicit ZoneStrip(service::StreamBackend &backend, QWidget *parent = nullptr);

    /// The stream whose records the strip counts (nullptr: none).
    void showStream(const core::StreamInfo *stream);
    /// Reads the zones now.
    void refresh();
    /// Acts on a zone as its menu does (tests).
    void act(int zone, core::ZoneAction action);

    QToolButton *zoneButton(int zone) const;
    QLabel *note() const { return m_note; }

  protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

  private:
    QString describe(const core::ZoneStatus &zone) const;

    service::StreamBackend &m_backend;
    QLabel *m_title;
    std::vector<QToolButton *> m_buttons;
    QLabel *m_note;
    QTimer m_timer;
    std::uint64_t m_streamUid = 0;
    QString m_stream;
    std::vector<core::ZoneStatus> m_zones;
};

} // namespace shs::ui
