// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// EncryptionDialog: a stream's server-side encryption. It says whether the stream is encrypted and
// under which key; lists the KMS keys (the embedded engine's local KMS: every key with its aliases,
// state and who manages it, and alias/aws/kinesis); creates a key with an alias; enables and
// disables a key (to see what writers and readers meet); and starts or stops encryption
// (StartStreamEncryption / StopStreamEncryption, the stream UPDATING meanwhile). On a remote
// connection the keys come from the service's KMS; where none is reachable, the key is named by
// hand. Refusals inline, naming the key or the stream, the reason and the next step.
#include "engine/snapshot.h"
#include "service/stream_backend.h"

#include <QDialog>

class QLabel;
class QLineEdit;
class QPushButton;
class QTreeWidget;

namespace shs::ui {

class EncryptionDialog : public QDialog
{
    Q_OBJECT
  public:
    EncryptionDialog(service::StreamBackend &backend, const core::StreamInfo &stream,
                     QWidget *parent = nullptr);

    QTreeWidget *keyList() const { return m_keys; }
    QLineEdit *keyIdEdit() const { return m_keyId; }
    QLineEdit *newAliasEdit() const { return m_newAlias; }
    QPushButton *createKeyButton() const { return m_create; }
    QPushButton *toggleKeyButton() const { return m_toggle; }
    QPushButton *startButton() const { return m_start; }
    QPushButton *stopButton() const { return m_stop; }
    QLabel *stateLabel() const { return m_state; }
    QLabel *errorLabel() const { return m_error; }
    /// The start- (or stop-) stream-encryption line for the key entered.
    QString cliCommand(bool start) const;
    /// Reads the keys again (after a change made elsewhere).
    void refreshKeys();

  Q_SIGNALS:
    void changed(const QString &what);

  private:
    core::StreamEncryptionRequest request(bool start) const;
    void showKeys(const std::vector<kms::KeyMetadata> &keys,
                  const std::vector<kms::AliasListEntry> &aliases);
    void describeKeys(std::vector<kms::KeyListEntry> keys, std::vector<kms::KeyMetadata> described,
                      std::vector<kms::AliasListEntry> aliases);
    void selectionChanged();
    void createKey();
    void toggleKey();
    void change(bool start);
    void fail(const QString &action, const core::Error &error);

    service::StreamBackend &m_backend;
    core::StreamInfo m_stream;
    QLabel *m_state;
    QTreeWidget *m_keys;
    QLineEdit *m_newAlias;
    QPushButton *m_create;
    QPushButton *m_toggle;
    QLineEdit *m_keyId;
    QPushButton *m_start;
    QPushButton *m_stop;
    QLabel *m_error;
};

} // namespace shs::ui
