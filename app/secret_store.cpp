// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "secret_store.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTimer>

#ifdef SHS_HAVE_QTKEYCHAIN
#include <qt6keychain/keychain.h>
#endif

namespace shs::app {

namespace {
QString keyFor(const QString &name)
{
    return QStringLiteral("connection/") + name;
}
} // namespace

SecretStore::SecretStore(QObject *parent) : QObject(parent) {}

bool SecretStore::keychainBuilt()
{
#ifdef SHS_HAVE_QTKEYCHAIN
    return true;
#else
    return false;
#endif
}

void SecretStore::store(const QString &name, const StoredKeys &keys,
                        std::function<void(QString)> done)
{
#ifdef SHS_HAVE_QTKEYCHAIN
    // Jobs have no parent: a job destroyed with its store while its keychain call is in flight
    // is called back after it is gone (seen as a crash in the next event loop pass). Each job
    // deletes itself when finished; `this` as the context drops the callback if the store went.
    auto *job = new QKeychain::WritePasswordJob(QLatin1String(kService));
    job->setAutoDelete(true);
    job->setKey(keyFor(name));
    job->setBinaryData(
        QJsonDocument(QJsonObject{{QStringLiteral("AccessKeyId"), keys.accessKeyId},
                                  {QStringLiteral("SecretAccessKey"), keys.secretAccessKey},
                                  {QStringLiteral("SessionToken"), keys.sessionToken}})
            .toJson(QJsonDocument::Compact));
    connect(job, &QKeychain::Job::finished, this, [done](QKeychain::Job *j) {
        done(j->error() == QKeychain::NoError ? QString() : j->errorString());
    });
    job->start();
#else
    Q_UNUSED(name);
    Q_UNUSED(keys);
    QTimer::singleShot(0, this,
                       [done] { done(tr("this build has no keychain support (qtkeychain)")); });
#endif
}

void SecretStore::load(const QString &name,
                       std::function<void(std::optional<StoredKeys>, QString)> done)
{
#ifdef SHS_HAVE_QTKEYCHAIN
    auto *job = new QKeychain::ReadPasswordJob(QLatin1String(kService));
    job->setAutoDelete(true);
    job->setKey(keyFor(name));
    connect(job, &QKeychain::Job::finished, this, [done](QKeychain::Job *j) {
        if (j->error() != QKeychain::NoError) {
            done(std::nullopt, j->errorString());
            return;
        }
        const QJsonObject o
            = QJsonDocument::fromJson(static_cast<QKeychain::ReadPasswordJob *>(j)->binaryData())
                  .object();
        done(StoredKeys{o.value(QStringLiteral("AccessKeyId")).toString(),
                        o.value(QStringLiteral("SecretAccessKey")).toString(),
                        o.value(QStringLiteral("SessionToken")).toString()},
             QString());
    });
    job->start();
#else
    Q_UNUSED(name);
    QTimer::singleShot(0, this, [done] {
        done(std::nullopt, tr("this build has no keychain support (qtkeychain)"));
    });
#endif
}

void SecretStore::remove(const QString &name)
{
#ifdef SHS_HAVE_QTKEYCHAIN
    auto *job = new QKeychain::DeletePasswordJob(QLatin1String(kService));
    job->setAutoDelete(true);
    job->setKey(keyFor(name));
    job->start();
#else
    Q_UNUSED(name);
#endif
}

} // namespace shs::app
