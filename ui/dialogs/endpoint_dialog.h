// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// EndpointDialog: start and stop the local Kinesis endpoint (off by default, 127.0.0.1:4567),
// with its address, copy-pasteable `aws kinesis … --endpoint-url` examples, and the clients it has
// seen (address, user agent, requests, requests/s, errors by type), refreshed every second; and, on
// a second tab, the fault rules it applies (FaultsPanel).
// Listening beyond loopback needs an explicit tick and says what it means.
#include "service/endpoint_control.h"

#include <QDialog>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QTableWidget;
class QTimer;

namespace shs::ui {

class FaultsPanel;

class EndpointDialog : public QDialog
{
    Q_OBJECT
  public:
    EndpointDialog(service::EndpointControl &control, QWidget *parent = nullptr);

    /// The stream the examples use (the selected one), or a placeholder.
    void setExampleStream(const QString &stream);
    /// The example commands for the running endpoint.
    QString examples() const;

    // For tests and automation.
    QLineEdit *addressEdit() const { return m_address; }
    QSpinBox *portSpin() const { return m_port; }
    QCheckBox *remoteCheck() const { return m_remote; }
    QPushButton *startButton() const { return m_start; }
    QLabel *statusLabel() const { return m_status; }
    QLabel *errorLabel() const { return m_error; }
    QTableWidget *clientTable() const { return m_clients; }
    FaultsPanel *faultsPanel() const { return m_faults; }
    void refresh();

  Q_SIGNALS:
    /// The endpoint started or stopped (url empty when stopped).
    void stateChanged(const QString &url);

  private:
    void startOrStop();

    service::EndpointControl &m_control;
    QString m_stream;
    QLineEdit *m_address;
    QSpinBox *m_port;
    QCheckBox *m_remote;
    QLabel *m_warning;
    QPushButton *m_start;
    QLabel *m_status;
    QLabel *m_error;
    QPlainTextEdit *m_examples;
    QPushButton *m_copy;
    QTableWidget *m_clients;
    FaultsPanel *m_faults;
    QTimer *m_timer;
};

} // namespace shs::ui
