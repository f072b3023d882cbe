// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// CreateStreamDialog: name, capacity mode and shard count; sends CreateStream through the
// backend and stays open with the reason inline when Kinesis refuses.
#include "service/stream_backend.h"

#include <QDialog>

class QLineEdit;
class QSpinBox;
class QRadioButton;
class QLabel;
class QPushButton;

namespace shs::ui {

class CreateStreamDialog : public QDialog
{
    Q_OBJECT
  public:
    explicit CreateStreamDialog(service::StreamBackend &backend, QWidget *parent = nullptr);

    QLineEdit *nameEdit() const { return m_name; }
    QSpinBox *shardCountSpin() const { return m_shards; }
    QRadioButton *onDemandRadio() const { return m_onDemand; }
    QLabel *errorLabel() const { return m_error; }
    QPushButton *createButton() const { return m_create; }
    QPushButton *copyCliButton() const { return m_copyCli; }
    /// What Create would send, and the same as an `aws kinesis create-stream` line.
    core::CreateStreamRequest request() const;
    QString cliCommand() const;

  Q_SIGNALS:
    void streamCreated(const QString &name);

  private:
    void submit();
    void updateState();

    service::StreamBackend &m_backend;
    QLineEdit *m_name;
    QRadioButton *m_provisioned;
    QRadioButton *m_onDemand;
    QSpinBox *m_shards;
    QLabel *m_hint;
    QLabel *m_error;
    QPushButton *m_create;
    QPushButton *m_copyCli = nullptr;
};

} // namespace shs::ui
