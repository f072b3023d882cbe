// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// StreamSettingsDialog: a stream's settings of the newer operations, each with what it does —
// shard-level metrics (Enable/DisableEnhancedMonitoring), the largest record
// (UpdateMaxRecordSize) and, for on-demand streams, the record distribution
// (UpdateStreamRecordDistributionStrategy) and the warm throughput (UpdateStreamWarmThroughput);
// and the account's minimum throughput billing commitment that warm throughput needs
// (UpdateAccountSettings, applied at once: it is the account's, not the stream's). Apply sends what
// changed, in that order, through the backend's catalogue submission; a refusal stops there and
// shows inline what was applied and what not.
#include "engine/snapshot.h"
#include "service/stream_backend.h"

#include <QDialog>

#include <functional>
#include <vector>

class QCheckBox;
class QComboBox;
class QLabel;
class QPushButton;
class QSpinBox;

namespace shs::ui {

class StreamSettingsDialog : public QDialog
{
    Q_OBJECT
  public:
    StreamSettingsDialog(service::StreamBackend &backend, const core::StreamInfo &stream,
                         QWidget *parent = nullptr);

    /// The AWS CLI commands for the changes entered, one per line (empty: nothing changed).
    QString cliCommands() const;

    // For tests and automation.
    QCheckBox *metricBox(int index) const { return m_metrics[std::size_t(index)]; }
    QSpinBox *maxRecordSpin() const { return m_maxRecord; }
    QSpinBox *warmSpin() const { return m_warm; }
    QComboBox *distributionCombo() const { return m_distribution; }
    QLabel *commitmentLabel() const { return m_commitment; }
    QPushButton *commitmentButton() const { return m_commitmentButton; }
    QPushButton *applyButton() const { return m_apply; }
    QLabel *errorLabel() const { return m_error; }

  Q_SIGNALS:
    void changed(const QString &what);

  protected:
    void resizeEvent(QResizeEvent *event) override;

  private:
    struct Change
    {
        QString what; ///< "shard-level metrics on: IncomingBytes"
        QString cli;
        std::function<void(std::function<void(core::Result<void>)>)> send;
    };
    std::vector<Change> changes() const;
    std::vector<std::string> enabledMetrics() const;
    void apply();
    void runFrom(std::shared_ptr<std::vector<Change>> list, std::size_t next, QStringList done);
    void showCommitment(const core::MinimumThroughputBillingCommitment &c);
    void toggleCommitment();
    void refresh();

    service::StreamBackend &m_backend;
    core::StreamInfo m_stream;
    std::vector<QCheckBox *> m_metrics;
    QSpinBox *m_maxRecord;
    QSpinBox *m_warm;
    QComboBox *m_distribution;
    QLabel *m_commitment;
    QPushButton *m_commitmentButton;
    bool m_commitmentEnabled = false; ///< status ENABLED: the button disables it
    QPushButton *m_apply;
    QPushButton *m_copyCli = nullptr;
    QLabel *m_error;
};

} // namespace shs::ui
