// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// FakeCloudWatch: a stand-in for CloudWatch's endpoint in tests (no AWS here). HTTP/1.1 with
// keep-alive; records each request's headers and JSON body and answers with the next canned
// JSON body (AWS JSON 1.0), or {} when none are left.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QObject>
#include <QTcpServer>
#include <QTcpSocket>

#include <memory>

namespace shs::test {

class FakeCloudWatch : public QObject
{
  public:
    struct Request
    {
        QMap<QByteArray, QByteArray> headers; // lower-case names
        QJsonObject body;
    };
    explicit FakeCloudWatch(QList<QJsonObject> answers) : m_answers(std::move(answers))
    {
        m_server.listen(QHostAddress::LocalHost, 0);
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *s = m_server.nextPendingConnection()) {
                auto buffer = std::make_shared<QByteArray>();
                connect(s, &QTcpSocket::readyRead, this, [this, s, buffer] {
                    *buffer += s->readAll();
                    for (;;) {
                        const auto end = buffer->indexOf("\r\n\r\n");
                        if (end < 0)
                            return;
                        Request r;
                        qsizetype length = 0;
                        for (const QByteArray &line : buffer->left(end).split('\n').mid(1)) {
                            const auto colon = line.indexOf(':');
                            if (colon > 0)
                                r.headers[line.left(colon).trimmed().toLower()]
                                    = line.mid(colon + 1).trimmed();
                        }
                        length = r.headers.value("content-length").toLongLong();
                        if (buffer->size() < end + 4 + length)
                            return;
                        r.body = QJsonDocument::fromJson(buffer->mid(end + 4, length)).object();
                        buffer->remove(0, end + 4 + length);
                        requests.append(r);
                        const QByteArray answer
                            = QJsonDocument(m_answers.isEmpty() ? QJsonObject()
                                                                : m_answers.takeFirst())
                                  .toJson(QJsonDocument::Compact);
                        s->write("HTTP/1.1 200 OK\r\nContent-Type: "
                                 "application/x-amz-json-1.0\r\nContent-Length: "
                                 + QByteArray::number(answer.size()) + "\r\n\r\n" + answer);
                    }
                });
            }
        });
    }
    QString url() const { return QStringLiteral("http://127.0.0.1:%1").arg(m_server.serverPort()); }
    QList<Request> requests;

  private:
    QTcpServer m_server;
    QList<QJsonObject> m_answers;
};

/// One GetMetricData result: an Id with its timestamps (epoch seconds) and values.
inline QJsonObject cloudWatchResult(const QString &id, QList<double> times, QList<double> values)
{
    QJsonArray t, v;
    for (double x : times)
        t.append(x);
    for (double x : values)
        v.append(x);
    return QJsonObject{{QStringLiteral("Id"), id},
                       {QStringLiteral("Timestamps"), t},
                       {QStringLiteral("Values"), v},
                       {QStringLiteral("StatusCode"), QStringLiteral("Complete")}};
}

} // namespace shs::test
