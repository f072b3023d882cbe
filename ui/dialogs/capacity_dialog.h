// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// CapacityDialog: a stream's capacity — switch the capacity mode (UpdateStreamMode), with what
// changes and how many switches the rolling 24 h still allows; and, for a provisioned stream,
// set the shard count (UpdateShardCount, UNIFORM_SCALING) within AWS's bounds. Refusals appear
// inline; on success the dialog closes and emits what it started. Below, for the embedded
// engine, what the stream has cost so far in its mode and would have in the other, and for an
// on-demand stream the peak that sizes it, when that peak stops counting and what keeps its
// shards from scaling down.
#include "engine/engine.h"
#include "engine/snapshot.h"
#include "service/stream_backend.h"

#include <QDialog>

class QLabel;
class QPushButton;
class QSpinBox;

namespace shs::ui {

class CapacityDialog : public QDialog
{
    Q_OBJECT
  public:
    CapacityDialog(service::StreamBackend &backend, const core::StreamInfo &stream,
                   QWidget *parent = nullptr);

    /// The shard counts UpdateShardCount accepts from `open` shards: half (rounded up) to double, ≤
    /// 10,000.
    static std::pair<int, int> shardCountBounds(int open);
    /// The cost report as the dialog says it (rich text).
    static QString describeCost(const core::Engine::CostReport &report);
    /// ... and the on-demand scaling state (empty for a provisioned stream).
    static QString describeScaling(const core::Engine::CostReport &report, qint64 nowMs);

    QPushButton *switchModeButton() const { return m_switch; }
    QSpinBox *targetSpin() const { return m_target; }
    QPushButton *updateCountButton() const { return m_update; }
    QLabel *errorLabel() const { return m_error; }
    QLabel *modeLabel() const { return m_mode; }
    QPushButton *copySwitchButton() const { return m_copySwitch; }
    QPushButton *copyCountButton() const { return m_copyCount; }
    QLabel *costLabel() const { return m_cost; }
    QLabel *scalingLabel() const { return m_scaling; }

  Q_SIGNALS:
    void started(const QString &what);

  private:
    void switchMode();
    void updateCount();
    void showError(const QString &text);
    void busy(bool on);

    service::StreamBackend &m_backend;
    core::StreamInfo m_stream;
    QLabel *m_mode;
    QPushButton *m_switch;
    QSpinBox *m_target;
    QPushButton *m_update;
    QLabel *m_error;
    QPushButton *m_copySwitch;
    QPushButton *m_copyCount;
    QLabel *m_cost;
    QLabel *m_scaling;
};

} // namespace shs::ui
