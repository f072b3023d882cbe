// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Workbench: the window's composition root. Owns the embedded engine (opened on first use, so a
// remote session never takes the data directory's lock), its endpoint, the remote backend of the
// moment and the window; implements service::ConnectionControl, so Connect… (Ctrl+O) can switch
// between the embedded engine and Kinesis endpoints. A switch proves the new connection first,
// then opens a window on it and retires the old one (its backend is deleted after it).
//
// Saved connections live in QSettings ("connections/…": name, endpoint, region, profile, whether
// its keys are in the keychain — never keys). Typed keys live in the RemoteBackend's AwsConfig, in
// memory, and in the system keychain (SecretStore) only when the user asks to remember them.
#include "embedded_engine.h"
#include "secret_store.h"

#include "service/connection_control.h"

#include <QObject>
#include <QPointer>

#include <memory>
#include <optional>

namespace shs::net {
class RemoteBackend;
struct AwsConfigRequest;
} // namespace shs::net
namespace shs::service {
class LocalBackend;
}
namespace shs::ui {
class MainWindow;
}

namespace shs::app {

class EmbeddedEndpoint;
class LessonSession;

class Workbench final : public QObject, public service::ConnectionControl
{
    Q_OBJECT
  public:
    explicit Workbench(EmbeddedOptions options, QObject *parent = nullptr);
    ~Workbench() override;

    /// Opens the first window: on a Kinesis endpoint when `remote` is set (command line), else on
    /// the embedded engine. Returns what went wrong (empty on success).
    QString start(const net::AwsConfigRequest *remote);
    ui::MainWindow *window() const;
    /// Opens a lesson file (or built-in lesson id) in its own window on a scratch engine; returns
    /// what is wrong with it (every error with its line), empty on success. The engine of the
    /// user's data directory is neither opened nor touched by it.
    QString openLesson(const QString &fileOrId);
    /// The lesson windows open now (tests).
    QList<LessonSession *> lessons() const;
    net::RemoteBackend *remoteBackend() const;

    QStringList awsProfiles() const override;
    std::vector<service::SavedConnection> savedConnections() const override;
    void saveConnection(const service::SavedConnection &connection);
    void forgetConnection(const QString &name) override;
    bool keychainAvailable() const override;
    void connectTo(const service::ConnectionRequest &request, QObject *context,
                   std::function<void(QString error)> done) override;

  Q_SIGNALS:
    /// A new window is showing (the previous one is being retired).
    void windowChanged();

  private:
    QString openEmbedded();
    /// connectTo once the keys are known (typed, or read from the keychain).
    void connectWithKeys(service::ConnectionRequest request, QPointer<QObject> guard,
                         std::function<void(QString)> done, bool keysFromKeychain);
    void switchToRemote(net::RemoteBackend *backend);
    void showWindow(bool embedded);

    EmbeddedOptions m_options;
    std::unique_ptr<EmbeddedEngine> m_engine;
    std::unique_ptr<service::LocalBackend> m_local;
    std::unique_ptr<EmbeddedEndpoint> m_endpoint;
    QPointer<net::RemoteBackend> m_remote;
    QPointer<ui::MainWindow> m_window;
    SecretStore *m_secrets;
    QList<QPointer<LessonSession>> m_lessons;
};

} // namespace shs::app
