// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// StreamOverview: what sits above the selected stream's pages — its details, its zones (ZoneStrip),
// the hash-key bar
// (drag to split, pick neighbours to merge; live load and throttling on each shard) and the
// routing explainer. It asks before it splits or merges (showing the AWS CLI line, and for a merge
// the load the child would take from the parents' last seconds), says when the reshard is done,
// and drops notes that have stopped being true rather than leave them stale.
#include "engine/snapshot.h"
#include "service/stream_backend.h"

#include <QWidget>

#include <functional>

class QLabel;

namespace shs::ui {

class HashRangeBar;
class LiveMetrics;
class RoutingExplainer;
class ZoneStrip;

class StreamOverview : public QWidget
{
    Q_OBJECT
  public:
    using Confirm = std::function<bool(const QString &title, const QString &text)>;
    StreamOverview(service::StreamBackend &backend, const LiveMetrics &live, Confirm confirm,
                   QWidget *parent = nullptr);

    /// The selected stream (nullptr: none; nothing of the one shown before stays: its routing
    /// marker and notes go, the key typed stays and routes again on the next stream).
    void showStream(const core::StreamInfo *stream);
    /// A new snapshot of the backend, before the selection follows it: says when an announced
    /// split or merge has finished, and drops notes that no longer hold. `shown` is the stream
    /// shown now (nullptr: none).
    void followSnapshot(const core::EngineSnapshot &snapshot, const core::StreamInfo *shown);
    /// The bar's load: utilisation in the last complete second, hatched when a write was
    /// throttled in the last 5 seconds.
    void showLive(const LiveMetrics &live);

    QLabel *details() const { return m_details; }
    ZoneStrip *zones() const { return m_zones; }
    HashRangeBar *bar() const { return m_bar; }
    RoutingExplainer *router() const { return m_router; }

  private:
    void requestSplit(const QString &shardId, const QString &key);
    void requestMerge(const QString &a, const QString &b);
    void showDetails(const core::StreamInfo &s);

    service::StreamBackend &m_backend;
    const LiveMetrics &m_live;
    Confirm m_confirm;
    QLabel *m_details;
    ZoneStrip *m_zones;
    HashRangeBar *m_bar;
    RoutingExplainer *m_router;
    QString m_stream; ///< the stream shown
    /// A split or merge the bar announced: its stream and the shards it closes, so the bar can say
    /// when the service has finished it (a remote stream may never be seen UPDATING by polling).
    QString m_reshardStream;
    QStringList m_reshardParents;
    /// The "Done: … closed" note on the bar, its stream and the parents it names: cleared once a
    /// parent has expired, so the note never outlives what it describes.
    struct DoneNote
    {
        QString text;
        QString stream;
        QStringList shards;
    } m_doneNote;
};

} // namespace shs::ui
