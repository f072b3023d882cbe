// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
// shardscope-cli faults add|list|remove|clear: fault rules on a running endpoint (`serve`, or the
// workbench's Endpoint…), through its control path /_shardscope/faults (loopback only); and
// shardscope-cli zones list|down|up|wipe through /_shardscope/zones.
#include "cli_context.h"

#include "service/fault_injector.h"

#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>

#include <cstdio>

namespace shs::cli {

namespace {

struct Answer
{
    int status = 0;
    QJsonObject body;
    QString failure; ///< no answer at all
};

Answer exchange(const QString &method, const QUrl &url, const QByteArray &body = {})
{
    QNetworkAccessManager network;
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    request.setTransferTimeout(10'000);
    QNetworkReply *reply = network.sendCustomRequest(request, method.toLatin1(), body);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    Answer a;
    a.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray bytes = reply->readAll();
    if (a.status == 0)
        a.failure = reply->errorString();
    a.body = QJsonDocument::fromJson(bytes).object();
    reply->deleteLater();
    return a;
}

} // namespace

namespace {

QString controlBase(const Context &ctx)
{
    return ctx.remote && !ctx.remote->endpointUrl.isEmpty()
               ? ctx.remote->endpointUrl
               : QStringLiteral("http://127.0.0.1:4567");
}

/// Prints the answer, or what went wrong; the exit code.
int finish(const Answer &answer, const QString &base, const QString &what)
{
    if (answer.status == 0) {
        std::fprintf(stderr,
                     "shardscope-cli: cannot reach the endpoint at %s: %s. Is `shardscope-cli "
                     "serve` (or the workbench's endpoint) running there? Name it with "
                     "--endpoint-url.\n",
                     qPrintable(base), qPrintable(answer.failure));
        return ExitFailure;
    }
    if (answer.status != 200) {
        std::fprintf(stderr, "An error occurred (%s) when calling %s: %s\n",
                     qPrintable(answer.body.value(QStringLiteral("__type")).toString()),
                     qPrintable(what),
                     qPrintable(answer.body.value(QStringLiteral("message")).toString()));
        return ExitServiceError;
    }
    printJson(answer.body);
    return ExitOk;
}

} // namespace

int runZones(Context &ctx, const QStringList &argv)
{
    const QString verb = argv.isEmpty() ? QStringLiteral("list") : argv.front();
    const QString base = controlBase(ctx);
    QUrl url(base);
    url.setPath(QStringLiteral("/_shardscope/zones"));
    if (verb == QStringLiteral("list")) {
        if (argv.size() > 1)
            throw UsageError("zones list takes no arguments");
        return finish(exchange(QStringLiteral("GET"), url), base, QStringLiteral("zones list"));
    }
    static const QStringList verbs
        = {QStringLiteral("down"), QStringLiteral("up"), QStringLiteral("wipe"),
           QStringLiteral("disk-full"), QStringLiteral("disk-failing")};
    if (!verbs.contains(verb))
        throw UsageError("zones: " + verb.toStdString()
                         + " is not a zones command; use list, down ZONE, up ZONE, wipe ZONE, "
                           "disk-full ZONE or disk-failing ZONE");
    if (argv.size() != 2)
        throw UsageError("zones " + verb.toStdString() + " takes one zone, e.g. us-east-1b");
    url.setPath(url.path() + QLatin1Char('/') + argv[1]);
    const QByteArray body = QJsonDocument(QJsonObject{{QStringLiteral("action"), verb}}).toJson();
    return finish(exchange(QStringLiteral("POST"), url, body), base,
                  QStringLiteral("zones ") + verb);
}

int runFaults(Context &ctx, const QStringList &argv)
{
    if (argv.isEmpty())
        throw UsageError("faults: add, list, remove or clear");
    const QString verb = argv.front();
    Args a(QStringLiteral("faults ") + verb, argv.mid(1),
           {QStringLiteral("rule"), QStringLiteral("file"), QStringLiteral("id"),
            QStringLiteral("after")});
    const QString base = controlBase(ctx);
    QUrl url(base);
    url.setPath(QStringLiteral("/_shardscope/faults"));
    Answer answer;
    if (verb == QStringLiteral("add")) {
        QByteArray text;
        if (auto rule = a.value(QStringLiteral("rule"))) {
            text = rule->toUtf8();
        } else if (auto file = a.value(QStringLiteral("file"))) {
            QFile f(*file);
            if (!f.open(QIODevice::ReadOnly))
                throw UsageError(QStringLiteral("faults add: cannot read %1: %2")
                                     .arg(*file, f.errorString())
                                     .toStdString());
            text = f.readAll();
        } else {
            throw UsageError("faults add: give --rule JSON or --file FILE, e.g. --rule "
                             "'{\"kind\":\"error\",\"operation\":\"PutRecords\",\"error\":"
                             "\"ProvisionedThroughputExceededException\",\"probability\":0.2}'");
        }
        // Checked here too, so that a mistake is named before anything is sent.
        QJsonParseError parseError{};
        const QJsonDocument doc = QJsonDocument::fromJson(text, &parseError);
        if (parseError.error != QJsonParseError::NoError || !doc.isObject())
            throw UsageError("faults add: the rule is not a JSON object: "
                             + parseError.errorString().toStdString());
        if (auto rules = service::FaultInjector::parse(doc.object()); !rules)
            throw UsageError("faults add: " + rules.error().message);
        answer = exchange(QStringLiteral("POST"), url, text);
    } else if (verb == QStringLiteral("list")) {
        if (auto after = a.value(QStringLiteral("after")))
            url.setQuery(QStringLiteral("after=") + *after);
        answer = exchange(QStringLiteral("GET"), url);
    } else if (verb == QStringLiteral("remove")) {
        url.setPath(url.path() + QLatin1Char('/') + a.required(QStringLiteral("id")));
        answer = exchange(QStringLiteral("DELETE"), url);
    } else if (verb == QStringLiteral("clear")) {
        answer = exchange(QStringLiteral("DELETE"), url);
    } else {
        throw UsageError("faults: " + verb.toStdString()
                         + " is not a faults command; use add, list, remove or clear");
    }
    return finish(answer, base, QStringLiteral("faults ") + verb);
}

} // namespace shs::cli
