// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// SecretStore: keys of saved connections in the system keychain (Secret Service, KWallet — through
// qtkeychain, when the build has it), never in settings files or logs. When there is no keychain
// (built without qtkeychain, or no Secret Service on the session bus) nothing is stored: the
// caller keeps the keys in memory for the session and says so.
//
// Asynchronous; `done` runs on the calling (UI) thread.
#include <QObject>
#include <QString>

#include <functional>
#include <optional>

namespace shs::app {

struct StoredKeys
{
    QString accessKeyId;
    QString secretAccessKey;
    QString sessionToken;
};

class SecretStore final : public QObject
{
    Q_OBJECT
  public:
    explicit SecretStore(QObject *parent = nullptr);

    /// True when this build can use a system keychain (it may still be unreachable at run time).
    static bool keychainBuilt();
    /// Stores the keys of connection `name`; `done` gets an empty string, or why they could not be
    /// stored (then they are kept in memory only).
    void store(const QString &name, const StoredKeys &keys,
               std::function<void(QString error)> done);
    /// The keys of connection `name`, or nullopt with why not.
    void load(const QString &name,
              std::function<void(std::optional<StoredKeys>, QString error)> done);
    void remove(const QString &name);

    static constexpr const char *kService = "shardscope";
};

} // namespace shs::app
