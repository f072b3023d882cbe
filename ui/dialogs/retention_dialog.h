// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// RetentionDialog: change how long a stream keeps its records (24 h … 8,760 h = 365 days) with
// Increase- or DecreaseStreamRetentionPeriod, whichever the new value needs. Refusals inline.
#include "engine/snapshot.h"
#include "service/stream_backend.h"

#include <QDialog>

class QLabel;
class QPushButton;
class QSpinBox;

namespace shs::ui {

class RetentionDialog : public QDialog
{
    Q_OBJECT
  public:
    RetentionDialog(service::StreamBackend &backend, const core::StreamInfo &stream,
                    QWidget *parent = nullptr);

    QSpinBox *hoursSpin() const { return m_hours; }
    QPushButton *applyButton() const { return m_apply; }
    QLabel *errorLabel() const { return m_error; }
    QPushButton *copyCliButton() const { return m_copyCli; }
    /// The increase- or decrease-stream-retention-period line for the value entered.
    QString cliCommand() const;

  Q_SIGNALS:
    void changed(const QString &what);

  private:
    void apply();

    service::StreamBackend &m_backend;
    core::StreamInfo m_stream;
    QSpinBox *m_hours;
    QLabel *m_effect;
    QPushButton *m_apply;
    QLabel *m_error;
    QPushButton *m_copyCli = nullptr;
};

} // namespace shs::ui
