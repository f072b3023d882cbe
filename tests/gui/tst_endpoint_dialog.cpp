// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
// The workbench starts the local Kinesis endpoint (Endpoint…, Ctrl+E): traffic from an outside
// client shows in the window like any other, the dialog lists the client with its user agent,
// requests and errors, and a port in use is refused inline with the reason.
#include "dialogs/endpoint_dialog.h"
#include "dialogs/faults_panel.h"
#include "embedded_endpoint.h"
#include "main_window.h"
#include "models/stream_list_model.h"

#include "service/engine_host.h"
#include "service/local_backend.h"
#include "store/memory_storage.h"

#include <QAction>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableWidget>
#include <QTcpServer>
#include <QTcpSocket>
#include <QtTest>

using namespace shs;
using namespace shs::core;

class TestEndpointDialog : public QObject
{
    Q_OBJECT
  private Q_SLOTS:
    void outsideTrafficShowsInTheWindow();
    void faultsTabAddsRulesAndShowsWhatFired();
};

namespace {
QByteArray call(quint16 port, const QByteArray &op, const QByteArray &body,
                const QByteArray &command = "test")
{
    QTcpSocket s;
    s.connectToHost(QHostAddress::LocalHost, port);
    if (!s.waitForConnected(3000))
        return {};
    s.write("POST / HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-amz-json-1.1\r\n"
            "User-Agent: aws-cli/2.9.19 Python/3.11.2 command/kinesis."
            + command + "\r\nX-Amz-Target: Kinesis_20131202." + op
            + "\r\nX-Amz-Date: 20261126T100000Z\r\nAuthorization: AWS4-HMAC-SHA256 "
              "Credential=AKID/20261126/us-east-1/kinesis/aws4_request, SignedHeaders=host, "
              "Signature=00\r\n"
              "Connection: close\r\nContent-Length: "
            + QByteArray::number(body.size()) + "\r\n\r\n" + body);
    QByteArray reply;
    while (s.waitForReadyRead(3000))
        reply += s.readAll();
    return reply;
}
} // namespace

void TestEndpointDialog::outsideTrafficShowsInTheWindow()
{
    QStandardPaths::setTestModeEnabled(true);
    QSettings().clear();
    auto clock = std::make_shared<ScaledClock>();
    clock->setSpeed(100);
    EngineConfig cfg;
    service::EngineHost host(std::make_unique<store::MemoryStorage>(), cfg, clock);
    QVERIFY(host.start());
    service::LocalBackend backend(host, clock, QStringLiteral("/tmp/x"));
    app::EmbeddedEndpoint endpoint(host);
    {
        ui::MainWindow w(backend);
        QVERIFY(!w.endpointAction()->isVisible()); // nothing to control yet
        w.setEndpointControl(&endpoint);
        QVERIFY(w.endpointAction()->isVisible());
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.endpointAction()->trigger();
        ui::EndpointDialog *d = nullptr;
        QTRY_VERIFY((d = w.findChild<ui::EndpointDialog *>()) != nullptr);
        QVERIFY(d->statusLabel()->text().startsWith(QStringLiteral("Stopped")));
        d->portSpin()->setValue(0); // any free port
        QTest::mouseClick(d->startButton(), Qt::LeftButton);
        QVERIFY(endpoint.status().running);
        QVERIFY(d->statusLabel()->text().contains(endpoint.status().url));
        QVERIFY(d->examples().contains(QStringLiteral("--endpoint-url ") + endpoint.status().url));
        QTRY_VERIFY(w.findChild<QLabel *>(QStringLiteral("endpointLabel"))
                        ->text()
                        .contains(endpoint.status().url));
        const quint16 port = quint16(endpoint.status().url.section(QLatin1Char(':'), -1).toInt());

        // An outside client creates a stream and writes to it: the window shows it.
        QVERIFY(call(port, "CreateStream", R"({"StreamName":"from-cli","ShardCount":2})")
                    .startsWith("HTTP/1.1 200"));
        QTRY_COMPARE(w.streamModel()->rowCount(), 1);
        QTRY_COMPARE(w.streamModel()->index(0, ui::StreamListModel::StatusColumn).data().toString(),
                     QStringLiteral("ACTIVE"));
        for (int i = 0; i < 3; ++i)
            QVERIFY(call(port, "PutRecord",
                         R"({"StreamName":"from-cli","PartitionKey":"k","Data":"aGk="})",
                         "put-record")
                        .startsWith("HTTP/1.1 200"));
        QVERIFY(call(port, "DescribeStreamSummary", R"({"StreamName":"nope"})")
                    .contains("ResourceNotFoundException"));
        d->refresh();
        QCOMPARE(d->clientTable()->rowCount(), 1); // one CLI, whatever the command
        QCOMPARE(d->clientTable()->item(0, 0)->text(), QStringLiteral("127.0.0.1"));
        QCOMPARE(d->clientTable()->item(0, 1)->text(),
                 QStringLiteral("aws-cli/2.9.19 Python/3.11.2 command/kinesis.test"));
        QCOMPARE(d->clientTable()->item(0, 2)->text(), QStringLiteral("5"));
        QCOMPARE(d->clientTable()->item(0, 4)->text(),
                 QStringLiteral("ResourceNotFoundException 1"));
        QVERIFY(d->clientTable()->item(0, 3)->text().toDouble() > 0);

        // Stop; then a port someone else holds is refused inline, naming it.
        QTest::mouseClick(d->startButton(), Qt::LeftButton);
        QVERIFY(!endpoint.status().running);
        QTcpServer squatter;
        QVERIFY(squatter.listen(QHostAddress::LocalHost, 0));
        d->portSpin()->setValue(squatter.serverPort());
        QTest::mouseClick(d->startButton(), Qt::LeftButton);
        QVERIFY(!endpoint.status().running);
        QVERIFY(d->errorLabel()->isVisible());
        QVERIFY2(d->errorLabel()->text().contains(QString::number(squatter.serverPort())),
                 qPrintable(d->errorLabel()->text()));
        QVERIFY(d->errorLabel()->text().contains(QStringLiteral("Pick another port")));
    }
    endpoint.stop();
    host.stop();
}

void TestEndpointDialog::faultsTabAddsRulesAndShowsWhatFired()
{
    QStandardPaths::setTestModeEnabled(true);
    QSettings().clear();
    auto clock = std::make_shared<ScaledClock>();
    EngineConfig cfg;
    cfg.createDelayMs = 0;
    service::EngineHost host(std::make_unique<store::MemoryStorage>(), cfg, clock);
    QVERIFY(host.start());
    app::EmbeddedEndpoint endpoint(host);
    {
        ui::EndpointDialog d(endpoint);
        d.resize(900, 940);
        d.show();
        QVERIFY(QTest::qWaitForWindowExposed(&d));
        ui::FaultsPanel *f = d.faultsPanel();
        QCOMPARE(f->ruleTable()->rowCount(), 0);

        // A rule the injector refuses is named inline, and nothing is added.
        f->kindCombo()->setCurrentIndex(f->kindCombo()->findData(int(service::FaultKind::Latency)));
        f->operationCombo()->setCurrentIndex(
            f->operationCombo()->findData(QStringLiteral("ListShards")));
        f->distributionCombo()->setCurrentIndex(
            f->distributionCombo()->findData(QStringLiteral("uniform")));
        f->latencySpin()->setValue(500);
        f->latencyMaxSpin()->setValue(100);
        const auto rule = f->formRule();
        QCOMPARE(rule.kind, service::FaultKind::Latency);
        QCOMPARE(rule.operation, std::string("ListShards"));
        QTest::mouseClick(f->addButton(), Qt::LeftButton);
        QVERIFY2(
            f->errorLabel()->text().contains(QStringLiteral("a uniform latency needs maxMs >= ms")),
            qPrintable(f->errorLabel()->text()));
        QCOMPARE(f->ruleTable()->rowCount(), 0);

        // An error on PutRecord, every time: added from the form, set before the endpoint starts.
        f->kindCombo()->setCurrentIndex(f->kindCombo()->findData(int(service::FaultKind::Error)));
        f->operationCombo()->setCurrentIndex(
            f->operationCombo()->findData(QStringLiteral("PutRecord")));
        f->streamEdit()->setText(QStringLiteral("orders"));
        f->probabilitySpin()->setValue(100);
        f->errorCombo()->setCurrentIndex(
            f->errorCombo()->findData(QStringLiteral("KMSDisabledException")));
        QTest::mouseClick(f->addButton(), Qt::LeftButton);
        QVERIFY2(f->errorLabel()->text().isEmpty(), qPrintable(f->errorLabel()->text()));
        QCOMPARE(f->ruleTable()->rowCount(), 1);
        QCOMPARE(f->ruleTable()->item(0, 1)->text(), QStringLiteral("KMSDisabledException"));
        QCOMPARE(f->ruleTable()->item(0, 2)->text(), QStringLiteral("PutRecord, stream orders"));

        // A partial failure: PutRecords only, so the operation is fixed.
        f->kindCombo()->setCurrentIndex(f->kindCombo()->findData(int(service::FaultKind::Partial)));
        QCOMPARE(f->operationCombo()->currentData().toString(), QStringLiteral("PutRecords"));
        QVERIFY(!f->operationCombo()->isEnabled());
        f->probabilitySpin()->setValue(0);
        f->shareSpin()->setValue(50);
        QTest::mouseClick(f->addButton(), Qt::LeftButton);
        QCOMPARE(f->ruleTable()->rowCount(), 2);

        d.portSpin()->setValue(0);
        QTest::mouseClick(d.startButton(), Qt::LeftButton);
        QVERIFY(endpoint.status().running);
        const quint16 port = quint16(endpoint.status().url.section(QLatin1Char(':'), -1).toInt());
        QVERIFY(call(port, "CreateStream", R"({"StreamName":"orders","ShardCount":1})")
                    .startsWith("HTTP/1.1 200"));
        QTRY_VERIFY(
            call(port, "DescribeStreamSummary", R"({"StreamName":"orders"})").contains("ACTIVE"));
        const QByteArray refused
            = call(port, "PutRecord", R"({"StreamName":"orders","PartitionKey":"k","Data":"aGk="})",
                   "put-record");
        QVERIFY2(refused.contains("KMSDisabledException"), refused.constData());
        QVERIFY(call(port, "ListShards", R"({"StreamName":"orders"})").startsWith("HTTP/1.1 200"));
        d.refresh();
        QCOMPARE(f->ruleTable()->item(0, 5)->text(), QStringLiteral("1")); // fired
        QCOMPARE(f->firedTable()->rowCount(), 1);
        QCOMPARE(f->firedTable()->item(0, 2)->text(), QStringLiteral("PutRecord"));
        QCOMPARE(f->firedTable()->item(0, 3)->text(), QStringLiteral("127.0.0.1 aws-cli/2.9.19"));
        QCOMPARE(f->firedTable()->item(0, 4)->text(),
                 QStringLiteral("error: KMSDisabledException"));
        QVERIFY2(
            f->firedTable()->item(0, 5)->text().startsWith(QStringLiteral("ListShards after ")),
            qPrintable(f->firedTable()->item(0, 5)->text()));
        QCOMPARE(f->firedTable()->item(0, 6)->text(),
                 QStringLiteral("orders shardId-000000000000"));
        if (const QString dir = qEnvironmentVariable("SHS_SHOT_DIR"); !dir.isEmpty()) {
            auto *tabs = d.findChild<QTabWidget *>(QStringLiteral("endpointTabs"));
            tabs->setCurrentWidget(f);
            d.grab().save(dir + QStringLiteral("/endpoint-faults.png"));
        }

        // Rules outlive a stop and start; Remove takes the selected one, Clear the rest.
        QTest::mouseClick(d.startButton(), Qt::LeftButton);
        QTest::mouseClick(d.startButton(), Qt::LeftButton);
        QVERIFY(endpoint.status().running);
        QCOMPARE(endpoint.faults().rules().size(), std::size_t(2));
        f->ruleTable()->selectRow(0);
        QTest::mouseClick(f->removeButton(), Qt::LeftButton);
        QCOMPARE(f->ruleTable()->rowCount(), 1);
        QCOMPARE(f->ruleTable()->item(0, 0)->text(), QStringLiteral("f2"));
        QTest::mouseClick(f->clearButton(), Qt::LeftButton);
        QCOMPARE(f->ruleTable()->rowCount(), 0);
        QVERIFY(!f->clearButton()->isEnabled());
    }
    endpoint.stop();
    host.stop();
}

QTEST_MAIN(TestEndpointDialog)
#include "tst_endpoint_dialog.moc"
