// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// ConnectionDialog: where the workbench is connected — the embedded engine, or a Kinesis endpoint
// (AWS with a profile from ~/.aws or typed keys, LocalStack, kinesalite, another Shardscope's
// serve). Connect proves the connection first (one ListStreams) and shows what went wrong inline,
// with the next step; the window switches only when it works. Saved connections keep the
// endpoint, region and profile — never keys. Typed keys stay in memory for the session.
#include "service/connection_control.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QRadioButton;
class QWidget;

namespace shs::ui {

class ConnectionDialog : public QDialog
{
    Q_OBJECT
  public:
    ConnectionDialog(service::ConnectionControl &control, const QString &current,
                     QWidget *parent = nullptr);

    service::ConnectionRequest request() const;

    // For tests and automation.
    QRadioButton *embeddedChoice() const { return m_embedded; }
    QRadioButton *remoteChoice() const { return m_remote; }
    QComboBox *savedCombo() const { return m_saved; }
    QLineEdit *endpointEdit() const { return m_endpoint; }
    QComboBox *regionCombo() const { return m_region; }
    QComboBox *profileCombo() const { return m_profile; }
    QLineEdit *accessKeyEdit() const { return m_accessKey; }
    QLineEdit *secretEdit() const { return m_secret; }
    QLineEdit *saveAsEdit() const { return m_saveAs; }
    QCheckBox *rememberKeysBox() const { return m_rememberKeys; }
    QLabel *secretsNote() const { return m_secretsNote; }
    QPushButton *connectButton() const { return m_connect; }
    QLabel *errorLabel() const { return m_error; }

  private:
    void updateEnabled();
    void loadSaved(int index);
    void connectNow();

    service::ConnectionControl &m_control;
    std::vector<service::SavedConnection> m_savedConnections;
    QRadioButton *m_embedded;
    QRadioButton *m_remote;
    QWidget *m_remoteBox;
    QComboBox *m_saved;
    QPushButton *m_forget;
    QLineEdit *m_endpoint;
    QComboBox *m_region;
    QComboBox *m_profile;
    QLineEdit *m_accessKey;
    QLineEdit *m_secret;
    QLineEdit *m_token;
    QLineEdit *m_saveAs;
    QCheckBox *m_rememberKeys;
    QLabel *m_secretsNote;
    QLabel *m_error;
    QPushButton *m_connect;
};

} // namespace shs::ui
