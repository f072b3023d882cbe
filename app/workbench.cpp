// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "workbench.h"

#include "lesson/lesson_library.h"
#include "lesson_session.h"

#include "embedded_endpoint.h"

#include "main_window.h"
#include "remote/remote_backend.h"
#include "service/local_backend.h"
#include "store/alarm_store.h"
#include "store/sqlite_lease_table.h"

#include <QDir>
#include <QFileInfo>
#include <QProcessEnvironment>
#include <QSettings>

namespace shs::app {

Workbench::Workbench(EmbeddedOptions options, QObject *parent)
    : QObject(parent), m_options(std::move(options)), m_secrets(new SecretStore(this))
{}

bool Workbench::keychainAvailable() const
{
    return SecretStore::keychainBuilt();
}

Workbench::~Workbench()
{
    delete m_window.data(); // before the backends it uses
    delete m_remote.data();
    m_endpoint.reset();
    m_local.reset();
    m_engine.reset();
}

ui::MainWindow *Workbench::window() const
{
    return m_window.data();
}

net::RemoteBackend *Workbench::remoteBackend() const
{
    return m_remote.data();
}

QString Workbench::openEmbedded()
{
    if (m_engine)
        return {};
    auto engine = EmbeddedEngine::open(m_options);
    if (!engine)
        return QString::fromStdString(engine.error().message);
    m_engine = std::move(*engine);
    m_local = std::make_unique<service::LocalBackend>(m_engine->host(), m_engine->clock(),
                                                      m_engine->dataDir());
    m_endpoint = std::make_unique<EmbeddedEndpoint>(m_engine->host(),
                                                    m_options.region); // off until started
    // The Faults tab's rules apply to the window's own calls too (its generators, Publish).
    m_local->setFaults(m_endpoint->sharedFaults());
    return {};
}

QString Workbench::start(const net::AwsConfigRequest *remote)
{
    if (!remote) {
        if (QString error = openEmbedded(); !error.isEmpty())
            return error;
        showWindow(true);
        return {};
    }
    QString error;
    auto config = net::resolveAwsConfig(*remote, QProcessEnvironment::systemEnvironment(),
                                        QDir::homePath(), &error);
    if (!config)
        return error;
    m_remote = new net::RemoteBackend(std::move(*config));
    m_remote->startPolling();
    showWindow(false);
    return {};
}

void Workbench::showWindow(bool embedded)
{
    QPointer<ui::MainWindow> old = m_window;
    service::StreamBackend &backend
        = embedded ? static_cast<service::StreamBackend &>(*m_local) : *m_remote;
    auto *window = new ui::MainWindow(backend);
    window->setAttribute(Qt::WA_DeleteOnClose, false);
    if (embedded)
        window->setEndpointControl(m_endpoint.get());
    window->setConnectionControl(this);
    window->setLessonOpener([this](const QString &path) { return openLesson(path); });
    // Consumer applications keep their lease tables beside the engine's data (or in the default
    // data directory for a remote endpoint), one file for every application.
    const QString dir = embedded                      ? m_engine->dataDir()
                        : m_options.dataDir.isEmpty() ? defaultDataDir()
                                                      : m_options.dataDir;
    window->setLeaseTableOpener(
        [path = QDir(dir).filePath(QStringLiteral("consumers.sqlite3")).toStdString(),
         dir](const std::string &application,
              const std::string &stream) -> core::Result<std::unique_ptr<core::LeaseTable>> {
            QDir().mkpath(dir);
            auto table = store::SqliteLeaseTable::open(path, application, stream);
            if (!table)
                return table.error();
            return std::unique_ptr<core::LeaseTable>(std::move(*table));
        });
    if (embedded) {
        // The engine's alarms, kept beside its data and evaluated while the window lives.
        auto alarmsStore = store::AlarmStore::open(
            QDir(dir).filePath(QStringLiteral("alarms.sqlite3")).toStdString());
        if (alarmsStore)
            window->setAlarmMonitor(new service::AlarmMonitor(backend, *backend.embedded(),
                                                              std::move(*alarmsStore), window));
        else
            qWarning("Alarms are off: %s", alarmsStore.error().message.c_str());
    }
    m_window = window;
    window->show();
    if (old) {
        // Retire the old window after the new one shows (so the application never has no window),
        // and its remote backend after the window that uses it.
        old->close();
        old->deleteLater();
    }
    Q_EMIT windowChanged();
}

QStringList Workbench::awsProfiles() const
{
    return net::awsProfiles(QProcessEnvironment::systemEnvironment(), QDir::homePath());
}

std::vector<service::SavedConnection> Workbench::savedConnections() const
{
    QSettings settings;
    std::vector<service::SavedConnection> out;
    const int n = settings.beginReadArray(QStringLiteral("connections"));
    for (int i = 0; i < n; ++i) {
        settings.setArrayIndex(i);
        out.push_back({settings.value(QStringLiteral("name")).toString(),
                       settings.value(QStringLiteral("endpointUrl")).toString(),
                       settings.value(QStringLiteral("region")).toString(),
                       settings.value(QStringLiteral("profile")).toString(),
                       settings.value(QStringLiteral("keysInKeychain")).toBool()});
    }
    settings.endArray();
    return out;
}

namespace {
void writeConnections(const std::vector<service::SavedConnection> &list)
{
    QSettings settings;
    settings.remove(QStringLiteral("connections"));
    settings.beginWriteArray(QStringLiteral("connections"), int(list.size()));
    for (int i = 0; i < int(list.size()); ++i) {
        settings.setArrayIndex(i);
        const auto &c = list[std::size_t(i)];
        settings.setValue(QStringLiteral("name"), c.name);
        settings.setValue(QStringLiteral("endpointUrl"), c.endpointUrl);
        settings.setValue(QStringLiteral("region"), c.region);
        settings.setValue(QStringLiteral("profile"), c.profile);
        settings.setValue(QStringLiteral("keysInKeychain"), c.keysInKeychain);
    }
    settings.endArray();
}
} // namespace

void Workbench::saveConnection(const service::SavedConnection &connection)
{
    auto list = savedConnections();
    std::erase_if(list, [&](const auto &c) { return c.name == connection.name; });
    list.push_back(connection);
    writeConnections(list);
}

void Workbench::forgetConnection(const QString &name)
{
    m_secrets->remove(name);
    auto list = savedConnections();
    std::erase_if(list, [&](const auto &c) { return c.name == name; });
    writeConnections(list);
}

void Workbench::connectTo(const service::ConnectionRequest &request, QObject *context,
                          std::function<void(QString)> done)
{
    QPointer<QObject> guard(context);
    if (request.embedded) {
        const QString error = openEmbedded();
        if (!error.isEmpty()) {
            done(tr("Cannot open the embedded engine: %1").arg(error));
            return;
        }
        done(QString());
        QPointer<net::RemoteBackend> old = m_remote;
        m_remote = nullptr;
        showWindow(true);
        if (old)
            old->deleteLater(); // posted after the old window's deletion, so it goes second
        return;
    }
    // A saved connection whose keys are in the keychain, with none typed: read them first.
    if (request.accessKeyId.isEmpty() && !request.savedName.isEmpty()) {
        for (const auto &saved : savedConnections()) {
            if (saved.name != request.savedName || !saved.keysInKeychain)
                continue;
            m_secrets->load(saved.name, [this, withKeys = request, guard, done](
                                            std::optional<StoredKeys> keys, QString error) mutable {
                if (!guard)
                    return;
                if (!keys) {
                    done(tr("Cannot read the keys of '%1' from the system keychain: %2. Type them, "
                            "or leave them empty "
                            "and use a profile.")
                             .arg(withKeys.savedName, error));
                    return;
                }
                withKeys.accessKeyId = keys->accessKeyId;
                withKeys.secretAccessKey = keys->secretAccessKey;
                withKeys.sessionToken = keys->sessionToken;
                withKeys.rememberKeys = false; // already there
                connectWithKeys(std::move(withKeys), guard, std::move(done), true);
            });
            return;
        }
    }
    connectWithKeys(request, guard, std::move(done), false);
}

void Workbench::connectWithKeys(service::ConnectionRequest request, QPointer<QObject> guard,
                                std::function<void(QString)> done, bool keysFromKeychain)
{
    net::AwsConfigRequest r;
    r.endpointUrl = request.endpointUrl;
    r.region = request.region;
    r.profile = request.profile;
    r.accessKeyId = request.accessKeyId;
    r.secretAccessKey = request.secretAccessKey;
    r.sessionToken = request.sessionToken;
    QString error;
    auto config = net::resolveAwsConfig(r, QProcessEnvironment::systemEnvironment(),
                                        QDir::homePath(), &error);
    if (!config) {
        if (guard)
            done(tr("Cannot connect: %1").arg(error));
        return;
    }
    // Prove it: one ListStreams (the cheapest call that needs valid credentials).
    auto *candidate = new net::RemoteBackend(*config);
    core::ListStreamsRequest probe;
    probe.limit = 1;
    candidate->submit(
        core::ops::ListStreams, probe, candidate,
        [this, guard, done, candidate, request,
         keysFromKeychain](core::Result<core::ListStreamsResult> answer) {
            if (!answer) {
                const core::Error &e = answer.error();
                if (guard)
                    done(tr("Cannot connect to %1: %2 (%3)")
                             .arg(candidate->endpointUrl(), QString::fromStdString(e.message),
                                  QString::fromUtf8(e.name().data(), qsizetype(e.name().size()))));
                candidate->deleteLater();
                return;
            }
            if (request.saveAs.isEmpty()) {
                if (guard)
                    done(QString());
                switchToRemote(candidate);
                return;
            }
            // Keys stay in the keychain when just stored there, or read from it for this very
            // connection.
            const service::SavedConnection saved{
                request.saveAs, request.endpointUrl, request.region, request.profile,
                request.rememberKeys || (keysFromKeychain && request.savedName == request.saveAs)};
            if (!saved.keysInKeychain)
                m_secrets->remove(
                    request.saveAs); // keys it may have had are not this connection's any more
            if (!request.rememberKeys) {
                saveConnection(saved);
                if (guard)
                    done(QString());
                switchToRemote(candidate);
                return;
            }
            m_secrets->store(request.saveAs,
                             {request.accessKeyId, request.secretAccessKey, request.sessionToken},
                             [this, guard, done, candidate, saved](QString storeError) {
                                 if (!storeError.isEmpty()) {
                                     // Nothing is lost: the keys are still in the dialog.
                                     if (guard)
                                         done(tr("The connection works, but the keys could not be "
                                                 "saved in the system keychain: %1. "
                                                 "Untick \"Remember\" to connect with the keys "
                                                 "kept in memory for this "
                                                 "session.")
                                                  .arg(storeError));
                                     candidate->deleteLater();
                                     return;
                                 }
                                 saveConnection(saved);
                                 if (guard)
                                     done(QString());
                                 switchToRemote(candidate);
                             });
        });
}

void Workbench::switchToRemote(net::RemoteBackend *backend)
{
    QPointer<net::RemoteBackend> old = m_remote;
    m_remote = backend;
    m_remote->startPolling();
    showWindow(false);
    if (old)
        old->deleteLater(); // its window was closed and is deleted first (posted earlier)
}

} // namespace shs::app

namespace shs::app {

QString Workbench::openLesson(const QString &fileOrId)
{
    const auto path = lesson::locateLesson(fileOrId);
    if (!path)
        return tr("There is no lesson file or built-in lesson named \"%1\".").arg(fileOrId);
    auto parsed = lesson::readLessonFile(*path);
    if (!parsed.ok()) {
        QStringList lines;
        const QString name = QFileInfo(*path).fileName();
        for (const auto &e : parsed.errors)
            lines << e.format(name);
        return lines.join(QLatin1Char('\n'));
    }
    auto *session = new LessonSession(std::move(parsed.lesson), this);
    connect(session, &LessonSession::ended, session, &QObject::deleteLater);
    m_lessons << session;
    session->start();
    return {};
}

QList<LessonSession *> Workbench::lessons() const
{
    QList<LessonSession *> open;
    for (const auto &s : m_lessons)
        if (s)
            open << s.data();
    return open;
}

} // namespace shs::app
