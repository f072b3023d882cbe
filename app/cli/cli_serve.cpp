// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
// shardscope-cli serve: the engine headless, with the Kinesis endpoint, until SIGINT/SIGTERM.
#include "cli_context.h"

#include "crypto/self_signed.h"
#include "endpoint/endpoint_server.h"
#include "heap_trimmer.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QTimer>

#include <atomic>
#include <csignal>
#include <cstdio>

namespace shs::cli {

namespace {
std::atomic<bool> g_stop{false};
void onSignal(int)
{
    g_stop = true;
}
} // namespace

int runServe(Context &ctx, const QStringList &argv)
{
    Args a(QStringLiteral("serve"), argv,
           {QStringLiteral("listen"), QStringLiteral("credentials"), QStringLiteral("tls-cert"),
            QStringLiteral("tls-key"), QStringLiteral("faults")},
           {QStringLiteral("allow-remote"), QStringLiteral("tls")});
    const QString listen
        = a.value(QStringLiteral("listen")).value_or(QStringLiteral("127.0.0.1:4567"));
    const qsizetype colon = listen.lastIndexOf(QLatin1Char(':'));
    bool portOk = false;
    const int port = colon > 0 ? listen.mid(colon + 1).toInt(&portOk) : 0;
    QString host = colon > 0 ? listen.left(colon) : QString();
    if (host.startsWith(QLatin1Char('[')) && host.endsWith(QLatin1Char(']')))
        host = host.mid(1, host.size() - 2);
    const QHostAddress address(host);
    if (!portOk || port < 0 || port > 65535 || address.isNull())
        throw UsageError(
            "serve: --listen takes ADDRESS:PORT, e.g. 127.0.0.1:4567 (port 0 picks a free one)");
    if (!address.isLoopback()) {
        if (!a.flag(QStringLiteral("allow-remote")))
            throw UsageError(
                QStringLiteral(
                    "serve: %1 is not a loopback address; other machines could reach the engine. "
                    "Add --allow-remote to listen there anyway.")
                    .arg(host)
                    .toStdString());
        std::fprintf(
            stderr,
            "shardscope-cli: warning: listening on %s — any machine that can reach it can read and "
            "write every stream (signatures are not verified)\n",
            qPrintable(host));
    }
    net::EndpointServer::Options options;
    options.address = address;
    options.port = quint16(port);
    options.region = ctx.options.region;
    std::map<std::string, std::string> secrets;
    if (auto path = a.value(QStringLiteral("credentials"))) {
        QFile f(*path);
        if (!f.open(QIODevice::ReadOnly))
            throw UsageError(QStringLiteral("serve: cannot read --credentials %1: %2")
                                 .arg(*path, f.errorString())
                                 .toStdString());
        std::string why;
        auto parsed = net::KinesisEndpoint::parseCredentialsFile(f.readAll(), &why);
        if (!parsed)
            throw UsageError("serve: --credentials " + path->toStdString() + ": " + why);
        secrets = std::move(*parsed);
    }
    // TLS: a certificate and key given, or (--tls) a self-signed one written beside the data.
    const auto certPath = a.value(QStringLiteral("tls-cert")),
               keyPath = a.value(QStringLiteral("tls-key"));
    if (certPath.has_value() != keyPath.has_value())
        throw UsageError("serve: --tls-cert and --tls-key go together");
    QString trustHint;
    if (certPath || a.flag(QStringLiteral("tls"))) {
        QByteArray certPem, keyPem;
        if (certPath) {
            QFile c(*certPath), k(*keyPath);
            if (!c.open(QIODevice::ReadOnly) || !k.open(QIODevice::ReadOnly))
                throw UsageError(QStringLiteral("serve: cannot read %1 or %2")
                                     .arg(*certPath, *keyPath)
                                     .toStdString());
            certPem = c.readAll();
            keyPem = k.readAll();
        } else {
            std::string why;
            auto made = crypto::makeSelfSignedCertificate(&why);
            if (!made) {
                std::fprintf(stderr, "shardscope-cli: cannot make a TLS certificate: %s\n",
                             why.c_str());
                return ExitFailure;
            }
            certPem = QByteArray::fromStdString(made->certificate);
            keyPem = QByteArray::fromStdString(made->privateKey);
            const QString dir
                = (ctx.options.dataDir.isEmpty() ? app::defaultDataDir() : ctx.options.dataDir);
            const QString path = dir + QStringLiteral("/endpoint-cert.pem");
            QDir().mkpath(dir); // a fresh data directory does not exist before the engine opens it
            QFile out(path);
            if (!out.open(QIODevice::WriteOnly | QIODevice::Truncate)
                || out.write(certPem) != certPem.size()) {
                std::fprintf(stderr, "shardscope-cli: cannot write %s: %s\n", qPrintable(path),
                             qPrintable(out.errorString()));
                return ExitFailure;
            }
            trustHint = QStringLiteral("  (self-signed; trust it with --ca-bundle %1)").arg(path);
        }
        QString why;
        auto tls = net::EndpointServer::tlsConfiguration(certPem, keyPem, &why);
        if (!tls)
            throw UsageError("serve: TLS: " + why.toStdString());
        options.http.tls = *tls;
    }
    // Fault rules from the start (more can be added while it runs: shardscope-cli faults).
    std::vector<service::FaultRule> faultRules;
    if (auto path = a.value(QStringLiteral("faults"))) {
        QFile f(*path);
        if (!f.open(QIODevice::ReadOnly))
            throw UsageError(QStringLiteral("serve: cannot read --faults %1: %2")
                                 .arg(*path, f.errorString())
                                 .toStdString());
        QJsonParseError parseError{};
        const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &parseError);
        if (parseError.error != QJsonParseError::NoError || !doc.isObject())
            throw UsageError("serve: --faults " + path->toStdString()
                             + " is not a JSON object (a rule, or {\"rules\": [...]}): "
                             + parseError.errorString().toStdString());
        auto rules = service::FaultInjector::parse(doc.object());
        if (!rules)
            throw UsageError("serve: --faults " + path->toStdString() + ": "
                             + rules.error().message);
        faultRules = std::move(rules.value());
    }
    net::EndpointServer server(ctx.host(), options);
    server.endpoint().setCredentials(secrets);
    if (!faultRules.empty())
        if (auto added = server.endpoint().faults().addAll(std::move(faultRules)); !added)
            throw UsageError("serve: --faults: " + added.error().message);
    if (auto started = server.start(); !started) {
        std::fprintf(stderr, "shardscope-cli: %s\n", started.error().message.c_str());
        return ExitFailure;
    }
    // A second shardscope-cli refused the data directory is told where to reach these streams.
    (void)ctx.engine().advertise("serving the Kinesis API at " + server.url().toStdString());
    std::printf(
        "Serving the Kinesis API at %s (data directory %s)%s\n"
        "  aws kinesis list-streams --endpoint-url %s --region %s%s\n"
        "Stop with Ctrl+C.\n",
        qPrintable(server.url()),
        qPrintable(ctx.options.dataDir.isEmpty() ? app::defaultDataDir() : ctx.options.dataDir),
        secrets.empty()
            ? ", any signature accepted"
            : qPrintable(
                QStringLiteral(", signatures verified for %1 access keys").arg(secrets.size())),
        qPrintable(server.url()), ctx.options.region.c_str(), qPrintable(trustHint));
    if (const auto rules = server.endpoint().faults().rules(); !rules.empty())
        std::printf("Fault rules in force: %zu (shardscope-cli faults list --endpoint-url %s)\n",
                    rules.size(), qPrintable(server.url()));
    std::fflush(stdout);
    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);
    QTimer poll;
    QObject::connect(&poll, &QTimer::timeout, [] {
        if (g_stop)
            QCoreApplication::quit();
    });
    poll.start(100);
    app::HeapTrimmer trimmer; // resident memory follows what the server holds (the soak)
    QCoreApplication::exec();
    server.stop();
    std::printf("Stopped after %lld requests (%lld errors).\n",
                qlonglong(server.endpoint().stats().requests.load()),
                qlonglong(server.endpoint().stats().errors.load()));
    return ExitOk;
}

} // namespace shs::cli
