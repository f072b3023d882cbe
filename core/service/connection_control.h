// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// ConnectionControl: what the window may do about where it is connected — the embedded engine or
// a Kinesis endpoint (AWS, LocalStack, kinesalite, another Shardscope's serve). The composition
// root (app/) implements it over net::RemoteBackend and the embedded engine; the UI never sees
// core/net.
//
// Secrets: keys typed in the connection dialog are never written to settings or logs: they stay in
// memory for the session, or — when the user asks and the build has one — go to the system
// keychain. Saved connections hold the endpoint, region and profile name.
#include <QObject>
#include <QString>
#include <QStringList>

#include <functional>
#include <vector>

namespace shs::service {

struct ConnectionRequest
{
    bool embedded = true;
    QString endpointUrl; ///< empty: the profile's endpoint_url, else AWS's for the region
    QString region;      ///< empty: resolved as the AWS CLI does
    QString profile;     ///< empty: AWS_PROFILE or "default"
    QString accessKeyId; ///< typed keys (optional; in memory, or the keychain when remembered)
    QString secretAccessKey;
    QString sessionToken;
    QString saveAs; ///< save the connection under this name once it works (no keys in settings)
    bool rememberKeys = false; ///< with saveAs: the typed keys go to the system keychain
    QString savedName; ///< a saved connection picked in the dialog: its keys come from the keychain
};

/// A connection the user saved by name (no secrets).
struct SavedConnection
{
    QString name;
    QString endpointUrl;
    QString region;
    QString profile;
    bool keysInKeychain = false; ///< its keys are in the system keychain (never in settings)
};

class ConnectionControl
{
  public:
    virtual ~ConnectionControl() = default;
    /// Profile names found in ~/.aws/credentials and ~/.aws/config (or the files the environment
    /// names), for the dialog's list.
    virtual QStringList awsProfiles() const = 0;
    virtual std::vector<SavedConnection> savedConnections() const = 0;
    virtual void forgetConnection(const QString &name) = 0;
    /// True when typed keys can be remembered in a system keychain (this build has one).
    virtual bool keychainAvailable() const = 0;
    /// Resolves credentials and region (keys from the keychain for a saved connection), asks the
    /// endpoint for one stream name to prove the connection, saves it when asked (keys to the
    /// keychain when asked), and on success switches the workbench to it (the window is rebuilt on
    /// the new backend). `done` gets an empty string on success, or what went wrong and what to do.
    /// It runs on the UI thread, and only while `context` lives.
    virtual void connectTo(const ConnectionRequest &request, QObject *context,
                           std::function<void(QString error)> done)
        = 0;
};

} // namespace shs::service
