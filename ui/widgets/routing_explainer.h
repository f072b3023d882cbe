// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// RoutingExplainer: type a partition key (or an ExplicitHashKey) and see how Kinesis routes it:
// the MD5 of the key's UTF-8 bytes, that digest read as a big-endian 128-bit hash key, its place
// in the key space, and the open shard whose range holds it. Input that PutRecord would refuse
// gets AWS's reason inline instead.
#include "hash_range_bar.h"

#include "engine/hash_key.h"
#include "engine/partition_key_router.h"

#include <QWidget>

#include <optional>

class QCheckBox;
class QLabel;
class QLineEdit;

namespace shs::ui {

class RoutingExplainer : public QWidget
{
    Q_OBJECT
  public:
    struct Route
    {
        QString md5Hex; ///< empty for an ExplicitHashKey
        core::HashKey key;
        QString shardId; ///< empty when no shard is shown
    };

    explicit RoutingExplainer(QWidget *parent = nullptr);

    /// The open shards of the selected stream.
    void setShards(const QList<HashRangeBar::Segment> &shards);
    /// Explains `text` as a partition key, or as an ExplicitHashKey when `explicitKey`.
    void explain(const QString &text, bool explicitKey);
    /// The route of the current input, if it is valid.
    const std::optional<Route> &route() const { return m_route; }
    QString resultText() const;
    QLineEdit *input() const { return m_input; }
    QCheckBox *explicitBox() const { return m_explicit; }

  Q_SIGNALS:
    /// The hash key to mark on the bar (nullopt: none).
    void keyChanged(std::optional<core::HashKey> key);

  private:
    void update();

    QLineEdit *m_input;
    QCheckBox *m_explicit;
    QLabel *m_result;
    QList<HashRangeBar::Segment> m_shards;
    core::PartitionKeyRouter m_router; ///< the engine's router over m_shards (index: position)
    std::optional<Route> m_route;
};

} // namespace shs::ui
