// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// LeaseOwnerBar: the stream's hash-key space with each leased shard drawn in its owner's colour —
// who processes which keys, at a glance. A shard's box says its short id and its owner; an
// unowned lease is hatched grey, a finished one (SHARD_END) is faded. The same worker keeps its
// colour as long as it exists (colours follow worker ids, not positions).
#include "engine/leases.h"

#include <QColor>
#include <QWidget>

#include <vector>

namespace shs::ui {

class LeaseOwnerBar : public QWidget
{
    Q_OBJECT
  public:
    explicit LeaseOwnerBar(QWidget *parent = nullptr);

    /// The leases to draw (those with a hash range).
    void setLeases(std::vector<core::Lease> leases);
    const std::vector<core::Lease> &leases() const { return m_leases; }
    /// The colour of a worker (stable for its id).
    static QColor ownerColour(const QString &workerId);

    QSize sizeHint() const override { return {600, 52}; }
    QSize minimumSizeHint() const override { return {200, 44}; }

  protected:
    void paintEvent(QPaintEvent *event) override;

  private:
    std::vector<core::Lease> m_leases;
};

} // namespace shs::ui
