// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
// The window on a remote backend: a Kinesis endpoint (an in-process Shardscope endpoint standing in
// for AWS — the same wire protocol, SigV4 and error shapes) populates the stream list and the
// hash-range bar; a drag on the bar splits the shard *on the server*; what a remote endpoint cannot
// offer (engine speed, limits profiles) is visibly unavailable; an endpoint that goes away is
// reported in the window while the window stays responsive. Then the Workbench: Connect… (Ctrl+O)
// switches from the embedded engine to the endpoint and back, and a bad connection is refused
// inline with the reason, leaving the window as it was.
#include "bar_drag.h"
#include "fake_cloudwatch.h"
#include "local_kinesis.h"
#include "remote_window.h"

#include "charts/throughput_chart_view.h"
#include "consume/consume_panel.h"
#include "consumers/consumers_panel.h"
#include "consumers/read_budget_view.h"
#include "dialogs/capacity_dialog.h"
#include "dialogs/connection_dialog.h"
#include "main_window.h"
#include "metrics/sparkline_grid.h"
#include "metrics/throughput_panel.h"
#include "models/record_table_model.h"
#include "models/stream_list_model.h"
#include "pages/alarms_page.h"
#include "producer/generator_run.h"
#include "publish/publish_panel.h"
#include "secret_store.h"
#include "widgets/hash_range_bar.h"
#include "workbench.h"

#include "endpoint/endpoint_server.h"
#include "remote/remote_backend.h"

#include "engine/clock.h"
#include "pages/shards_page.h"
#include "service/engine_host.h"
#include "store/memory_storage.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QDoubleSpinBox>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QtTest>

using namespace shs;
using namespace shs::core;

class TestRemoteWindow : public QObject
{
    Q_OBJECT
  private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void dragSplitsTheRemoteShard();
    void lostEndpointIsReportedAndTheWindowResponds();
    void connectSwitchesBackendsAndRefusesBadOnes();
    void cloudWatchMinutesInTheThroughputTab();
    void cloudWatchAlarmsInTheAlarmsTabReadOnly();
    void publishThrottledAndConsumeRemotely();
    void rememberedKeysLiveInTheKeychainOnly();
    void consumeByFanOutRemotely();

  private:
    void startServer(const char *limits = "off");
    void createOnServer(const std::string &name, int shards);
    int openShardsOnServer(const std::string &name);
    /// The server engine's DescribeStreamSummary of `name`.
    Result<StreamDescriptionSummary> summaryOnServer(const std::string &name);
    net::AwsConfig config() const;

    std::unique_ptr<test::LocalKinesis> m_kinesis;
    QTemporaryDir m_home;
};

void TestRemoteWindow::initTestCase()
{
    // Nothing from the developer's own ~/.aws or settings leaks in.
    qputenv("HOME", m_home.path().toUtf8());
    qputenv("XDG_CONFIG_HOME", (m_home.path() + QStringLiteral("/config")).toUtf8());
    qputenv("AWS_ACCESS_KEY_ID", "AKIDWINDOWTEST");
    qputenv("AWS_SECRET_ACCESS_KEY", "secret");
    qunsetenv("AWS_PROFILE");
    QCoreApplication::setOrganizationName(QStringLiteral("shardscope-test"));
}

void TestRemoteWindow::startServer(const char *limits)
{
    m_kinesis = std::make_unique<test::LocalKinesis>();
    QVERIFY(m_kinesis->start(limits, 100, {{"AKIDWINDOWTEST", "secret"}})); // signatures verified
}

void TestRemoteWindow::init()
{
    startServer();
}

void TestRemoteWindow::cleanup()
{
    m_kinesis.reset();
}

net::AwsConfig TestRemoteWindow::config() const
{
    return m_kinesis->config(QStringLiteral("AKIDWINDOWTEST"));
}

void TestRemoteWindow::createOnServer(const std::string &name, int shards)
{
    QVERIFY(m_kinesis->createStream(name, shards));
}

Result<StreamDescriptionSummary> TestRemoteWindow::summaryOnServer(const std::string &name)
{
    return m_kinesis->host->call<StreamDescriptionSummary>([name](Engine &e) {
        return e.describeStreamSummary(StreamRef{name, {}});
    });
}

int TestRemoteWindow::openShardsOnServer(const std::string &name)
{
    auto s = summaryOnServer(name);
    return s ? s->openShardCount : -1;
}

void TestRemoteWindow::dragSplitsTheRemoteShard()
{
    createOnServer("orders", 2); // made by "someone else": the window finds it by polling
    net::RemoteBackend::Options options;
    options.pollIntervalMs = 200;
    net::RemoteBackend backend(config(), options);
    backend.startPolling();
    ui::MainWindow w(backend);
    QVERIFY(test::showRemoteStream(w, QSize(1100, 680), QStringLiteral("orders")));
    auto *bar = w.hashBar();
    QTRY_VERIFY_WITH_TIMEOUT(
        bar->shardAt(10).has_value() && bar->shardAt(bar->width() - 10).has_value()
            && bar->shardAt(10)->shardId != bar->shardAt(bar->width() - 10)->shardId,
        10'000);

    // Where the window is, all the time; what the service decides, shown and not offered.
    QVERIFY(w.connectionBadge()->text().contains(m_kinesis->server->url()));
    QVERIFY(w.windowTitle().contains(QStringLiteral("127.0.0.1")));
    QVERIFY(w.speedCombo() == nullptr);
    QVERIFY(!w.limitsCombo()->isEnabled());
    QCOMPARE(w.limitsCombo()->currentText(), QStringLiteral("Set by the service"));
    QVERIFY(w.backendNotice()->isHidden());

    // Drag inside the first shard: the split happens on the server, and the window shows it.
    QString asked;
    w.setConfirmer([&](const QString &, const QString &text) {
        asked = text;
        return true;
    });
    const int width = bar->width();
    const double release = width / 5.0;
    const std::string key = bar->mapping().keyAtX(release).toDecimal();
    test::dragOn(bar, width / 10.0, release);
    QVERIFY2(asked.contains(QString::fromStdString(key)), qPrintable(asked));
    // Copy as AWS CLI reaches this endpoint, not AWS.
    QVERIFY2(asked.contains(QStringLiteral("--endpoint-url ") + m_kinesis->server->url()
                            + QStringLiteral(" --region us-east-1")),
             qPrintable(asked));
    QTRY_COMPARE_WITH_TIMEOUT(openShardsOnServer("orders"), 3, 10'000);
    QTRY_VERIFY_WITH_TIMEOUT(bar->shardAt(release + 2).has_value()
                                 && bar->shardAt(release + 2)->shardId
                                        == QStringLiteral("shardId-000000000003"),
                             10'000);
    QCOMPARE(bar->shardAt(release - 2)->end.plusOne().toDecimal(), key);
    QTRY_COMPARE_WITH_TIMEOUT(w.shardTable()->rowCount(), 4, 10'000); // the closed parent too
    // Kinesis does not say how many records a shard holds: a dash and why, not a made-up zero.
    QTRY_VERIFY(w.shardTable()->item(0, ui::ShardsPage::RecordsColumn)
                && w.shardTable()->item(0, ui::ShardsPage::RecordsColumn)->text()
                       == QStringLiteral("—"));
    QVERIFY(w.shardTable()
                ->item(0, ui::ShardsPage::RecordsColumn)
                ->toolTip()
                .contains(QStringLiteral("Kinesis does not report")));

    const QString shots = qEnvironmentVariable("SHS_SCREENSHOT_DIR");
    if (!shots.isEmpty()) {
        QDir().mkpath(shots);
        QVERIFY(w.grab().save(shots + QStringLiteral("/remote.png")));
    }

    // Capacity: the service does not say how many mode switches are left, and the dialog does not
    // pretend to know; switching goes to the service (UpdateStreamMode, by ARN).
    QTRY_VERIFY_WITH_TIMEOUT(w.capacityAction()->isEnabled(), 5000);
    w.capacityAction()->trigger();
    ui::CapacityDialog *capacity = nullptr;
    QVERIFY(QTest::qWaitFor(
        [&] { return (capacity = w.findChild<ui::CapacityDialog *>()) != nullptr; }, 2000));
    QVERIFY2(capacity->modeLabel()->text().contains(QStringLiteral("does not report")),
             qPrintable(capacity->modeLabel()->text()));
    QTest::mouseClick(capacity->switchModeButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(summaryOnServer("orders").value().mode == StreamMode::OnDemand,
                             10'000);
    QTRY_COMPARE_WITH_TIMEOUT(
        w.streamModel()
            ->data(w.streamModel()->index(0, ui::StreamListModel::ModeColumn), Qt::DisplayRole)
            .toString(),
        QStringLiteral("On-demand"), 10'000);
}

void TestRemoteWindow::lostEndpointIsReportedAndTheWindowResponds()
{
    createOnServer("gone-soon", 1);
    net::RemoteBackend::Options options;
    options.pollIntervalMs = 100;
    options.maxPollIntervalMs = 800;
    options.client.timeoutMs = 500;
    net::RemoteBackend backend(config(), options);
    backend.startPolling();
    ui::MainWindow w(backend);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QTRY_VERIFY_WITH_TIMEOUT(w.streamView()->model()->rowCount() == 1, 10'000);
    const QString url = m_kinesis->server->url();
    m_kinesis->server.reset(); // the endpoint goes away
    QTRY_VERIFY_WITH_TIMEOUT(w.backendNotice()->isVisible(), 10'000);
    QVERIFY2(w.backendNotice()->text().contains(QStringLiteral("Cannot refresh from ") + url),
             qPrintable(w.backendNotice()->text()));
    QCOMPARE(w.streamView()->model()->rowCount(), 1); // the last picture stays
    // Responsive while it retries: a queued call comes through at once, every time.
    QElapsedTimer worst;
    qint64 slowest = 0;
    for (int i = 0; i < 20; ++i) {
        bool ran = false;
        worst.start();
        QTimer::singleShot(0, this, [&] { ran = true; });
        QVERIFY(QTest::qWaitFor([&] { return ran; }, 5000));
        slowest = std::max(slowest, worst.elapsed());
        QTest::qWait(50);
    }
    QVERIFY2(slowest < 1000, qPrintable(QString::number(slowest)));
}

void TestRemoteWindow::connectSwitchesBackendsAndRefusesBadOnes()
{
    createOnServer("on-the-server", 2);
    QTemporaryDir data;
    app::EmbeddedOptions options;
    options.dataDir = data.path();
    options.processName = QStringLiteral("tst_remote_window");
    app::Workbench workbench(options);
    QCOMPARE(workbench.start(nullptr), QString());
    QPointer<ui::MainWindow> first = workbench.window();
    QVERIFY(first);
    QVERIFY(first->connectAction()->isVisible());
    QVERIFY(first->endpointAction()->isVisible()); // the embedded engine can serve

    const auto openDialog = [&]() -> ui::ConnectionDialog * {
        workbench.window()->connectAction()->trigger();
        ui::ConnectionDialog *d = nullptr;
        return QTest::qWaitFor(
                   [&] {
                       return (d = workbench.window()->findChild<ui::ConnectionDialog *>())
                              != nullptr;
                   },
                   2000)
                   ? d
                   : nullptr;
    };

    // A bad endpoint: refused inline, with the reason; the window stays.
    QTcpServer closed;
    QVERIFY(closed.listen(QHostAddress::LocalHost, 0));
    const QString dead = QStringLiteral("http://127.0.0.1:%1").arg(closed.serverPort());
    closed.close();
    auto *dialog = openDialog();
    QVERIFY(dialog);
    dialog->remoteChoice()->setChecked(true);
    dialog->endpointEdit()->setText(dead);
    dialog->regionCombo()->setCurrentText(QStringLiteral("us-east-1"));
    QTest::mouseClick(dialog->connectButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(dialog->errorLabel()->isVisible(), 10'000);
    QVERIFY2(dialog->errorLabel()->text().contains(QStringLiteral("Cannot reach ") + dead),
             qPrintable(dialog->errorLabel()->text()));
    QVERIFY(dialog->errorLabel()->text().contains(QStringLiteral("EndpointConnectionError")));
    QCOMPARE(workbench.window(), first.data());

    // Wrong secret: the service's own reason.
    dialog->endpointEdit()->setText(m_kinesis->server->url());
    dialog->accessKeyEdit()->setText(QStringLiteral("AKIDWINDOWTEST"));
    dialog->secretEdit()->setText(QStringLiteral("not-the-secret"));
    QTest::mouseClick(dialog->connectButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(
        dialog->errorLabel()->text().contains(QStringLiteral("InvalidSignatureException")), 10'000);
    QCOMPARE(workbench.window(), first.data());
    if (const QString shots = qEnvironmentVariable("SHS_SCREENSHOT_DIR"); !shots.isEmpty())
        QVERIFY(dialog->grab().save(shots + QStringLiteral("/connect.png")));

    // The right one, saved by name (no secret saved): the window switches to the endpoint.
    dialog->secretEdit()->setText(QStringLiteral("secret"));
    dialog->saveAsEdit()->setText(QStringLiteral("local serve"));
    QSignalSpy changed(&workbench, &app::Workbench::windowChanged);
    QTest::mouseClick(dialog->connectButton(), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(changed.count(), 1, 10'000);
    QTRY_VERIFY(first.isNull()); // the embedded window is retired
    ui::MainWindow *remote = workbench.window();
    QVERIFY(remote->connectionBadge()->text().contains(m_kinesis->server->url()));
    QVERIFY(!remote->endpointAction()->isVisible());
    QTRY_VERIFY_WITH_TIMEOUT(remote->streamView()->model()->rowCount() == 1, 10'000);
    QCOMPARE(workbench.savedConnections().size(), std::size_t(1));
    QCOMPARE(workbench.savedConnections().front().endpointUrl, m_kinesis->server->url());
    QSettings settings;
    for (const QString &k : settings.allKeys())
        QVERIFY2(!settings.value(k).toString().contains(QStringLiteral("secret")), qPrintable(k));

    // And back to the embedded engine, whose streams are its own.
    dialog = openDialog();
    QVERIFY(dialog);
    QCOMPARE(dialog->savedCombo()->count(), 2);
    dialog->embeddedChoice()->setChecked(true);
    QTest::mouseClick(dialog->connectButton(), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(changed.count(), 2, 10'000);
    QVERIFY(workbench.window()->connectionBadge()->text().isEmpty());
    QVERIFY(workbench.window()->endpointAction()->isVisible());
    QTRY_VERIFY(workbench.remoteBackend() == nullptr);
}

void TestRemoteWindow::cloudWatchAlarmsInTheAlarmsTabReadOnly()
{
    createOnServer("watched", 1);
    test::FakeCloudWatch cloudWatch({QJsonObject{
        {QStringLiteral("MetricAlarms"),
         QJsonArray{QJsonObject{
             {QStringLiteral("AlarmName"), QStringLiteral("watched-throttled")},
             {QStringLiteral("Namespace"), QStringLiteral("AWS/Kinesis")},
             {QStringLiteral("MetricName"), QStringLiteral("WriteProvisionedThroughputExceeded")},
             {QStringLiteral("Dimensions"),
              QJsonArray{QJsonObject{{QStringLiteral("Name"), QStringLiteral("StreamName")},
                                     {QStringLiteral("Value"), QStringLiteral("watched")}}}},
             {QStringLiteral("Statistic"), QStringLiteral("Average")},
             {QStringLiteral("Period"), 60},
             {QStringLiteral("EvaluationPeriods"), 5},
             {QStringLiteral("DatapointsToAlarm"), 5},
             {QStringLiteral("Threshold"), 0.01},
             {QStringLiteral("ComparisonOperator"), QStringLiteral("GreaterThanThreshold")},
             {QStringLiteral("StateValue"), QStringLiteral("ALARM")},
             {QStringLiteral("StateReason"), QStringLiteral("Threshold Crossed: 5 out of the "
                                                            "last 5 datapoints …")},
             {QStringLiteral("StateUpdatedTimestamp"),
              QStringLiteral("2026-12-05T07:03:00Z")}}}}}});
    net::AwsConfig c = config();
    c.cloudWatchEndpointUrl = cloudWatch.url();
    net::RemoteBackend::Options options;
    options.pollIntervalMs = 200;
    net::RemoteBackend backend(c, options);
    backend.startPolling();
    ui::MainWindow w(backend);
    QVERIFY(test::showRemoteStream(w, QSize(1100, 900), QStringLiteral("watched")));
    QVERIFY(w.showPage(QStringLiteral("alarms")));
    auto *page = w.alarmsPage();
    QTRY_COMPARE_WITH_TIMEOUT(page->table()->rowCount(), 1, 10'000);
    QCOMPARE(page->table()->item(0, 0)->text(), QStringLiteral("watched-throttled"));
    QCOMPARE(page->table()->item(0, 1)->text(), QStringLiteral("ALARM"));
    QCOMPARE(page->table()->item(0, 3)->text(), QStringLiteral("Average > 0.01 · 5 of 5 × 1 min"));
    QVERIFY(page->reasonLabel()->text().contains(QStringLiteral("Threshold Crossed: 5 out of")));
    // Read-only: defined and changed in CloudWatch.
    QVERIFY(!page->recommendedButton()->isEnabled());
    QVERIFY(!page->newButton()->isEnabled());
    QVERIFY(!page->deleteButton()->isEnabled());
    QCOMPARE(cloudWatch.requests.at(0).headers.value("x-amz-target"),
             QByteArray("GraniteServiceVersion20100801.DescribeAlarms"));
}

void TestRemoteWindow::cloudWatchMinutesInTheThroughputTab()
{
    createOnServer("metered", 2);
    // Five minutes of IncomingRecords in CloudWatch, one throttled minute, a reader 90 s behind.
    const double m = double(QDateTime::currentSecsSinceEpoch() / 60 * 60);
    test::FakeCloudWatch cloudWatch({QJsonObject{
        {QStringLiteral("MetricDataResults"),
         QJsonArray{test::cloudWatchResult(QStringLiteral("s0"),
                                           {m - 300, m - 240, m - 180, m - 120, m - 60},
                                           {60'000, 58'000, 61'000, 59'500, 60'200}),
                    test::cloudWatchResult(QStringLiteral("s4"), {m - 120}, {37}),
                    test::cloudWatchResult(QStringLiteral("s6"), {m - 60}, {90'000}),
                    test::cloudWatchResult(QStringLiteral("s11"), {m - 60}, {41'000})}}}});
    net::AwsConfig c = config();
    c.cloudWatchEndpointUrl = cloudWatch.url();
    net::RemoteBackend::Options options;
    options.pollIntervalMs = 200;
    // Real time from the start of the minute the points were made for, so that the minute does
    // not roll over under the test (and skipped ahead below).
    auto clock = std::make_shared<core::ScaledClock>(std::int64_t(m) * 1000 + 1000);
    options.clock = clock;
    net::RemoteBackend backend(c, options);
    backend.startPolling();
    ui::MainWindow w(backend);
    QVERIFY(test::showRemoteStream(w, QSize(1100, 900),
                                   QStringLiteral("metered"))); // ACTIVE, shards known
    w.showPage(QStringLiteral("throughput"));
    auto *panel = w.throughputPanel();
    QTRY_VERIFY_WITH_TIMEOUT(
        panel->cloudWatchLabel()->text().contains(QStringLiteral("1-minute points")), 10'000);
    const QString label = panel->cloudWatchLabel()->text();
    QVERIFY2(panel->cloudWatchLabel()->toolTip().contains(cloudWatch.url()),
             qPrintable(panel->cloudWatchLabel()->toolTip()));
    QVERIFY2(label.contains(QLocale().toString(298'700)),
             qPrintable(label)); // the records in, summed
    // Enhanced monitoring: the second shard's IncomingRecords (query s11) names it the busiest.
    QVERIFY2(label.contains(QStringLiteral("most records in: #1 ") + QLocale().toString(41'000)),
             qPrintable(label));
    QVERIFY(panel->cloudWatchChart()->isVisible());
    const auto in = panel->cloudWatchChart()->points(QStringLiteral("IncomingRecords"));
    QCOMPARE(in.size(), 60); // one per minute of the hour
    QCOMPARE(in.last().y(), 60'200.0);
    const auto throttled
        = panel->cloudWatchChart()->points(QStringLiteral("WriteProvisionedThroughputExceeded"));
    QCOMPARE(throttled[throttled.size() - 2].y(), 37.0);
    QCOMPARE(cloudWatch.requests.size(), 1); // once a minute per stream, not per frame
    const qint64 cycles = backend.pollStats().cycles;
    QTRY_VERIFY_WITH_TIMEOUT(backend.pollStats().cycles >= cycles + 3, 10'000); // frames went by
    QCOMPARE(cloudWatch.requests.size(), 1);
    clock->advance(60'000); // a minute later, the next frame asks again
    QTRY_COMPARE_WITH_TIMEOUT(cloudWatch.requests.size(), 2, 10'000);

    // A remote endpoint without CloudWatch: said so, no empty chart.
    net::RemoteBackend plain(config(), options);
    plain.startPolling();
    ui::MainWindow other(plain);
    QVERIFY(other.throughputPanel()->cloudWatchChart()->isHidden());
    QVERIFY(other.throughputPanel()->cloudWatchLabel()->text().contains(
        QStringLiteral("AWS_ENDPOINT_URL_CLOUDWATCH")));

    const QString shots = qEnvironmentVariable("SHS_SCREENSHOT_DIR");
    if (!shots.isEmpty()) {
        QTRY_VERIFY_WITH_TIMEOUT(w.throughputPanel()->grid()->series().size() == 2, 5000);
        QVERIFY(w.grab().save(shots + QStringLiteral("/cloudwatch.png")));
    }
}

void TestRemoteWindow::publishThrottledAndConsumeRemotely()
{
    // The endpoint with AWS's per-shard limits: a generator over one shard's 1,000 records/s is
    // throttled by the service, and the window shows it — and stays responsive while it happens.
    cleanup();
    startServer("aws");
    createOnServer("busy", 1);
    QTRY_VERIFY_WITH_TIMEOUT(openShardsOnServer("busy") == 1, 5000);
    net::RemoteBackend::Options options;
    options.pollIntervalMs = 200;
    net::RemoteBackend backend(config(), options);
    backend.startPolling();
    ui::MainWindow w(backend);
    QVERIFY(test::showRemoteStream(w, QSize(1100, 760), QStringLiteral("busy")));
    auto *pub = w.publishPanel();
    w.shardTabs()->setCurrentIndex(2);
    pub->rateSpin()->setValue(3000);
    pub->sizeSpin()->setValue(100);
    pub->distributionCombo()->setCurrentIndex(
        pub->distributionCombo()->findData(int(producer::KeyDistribution::HotKey)));
    QTest::mouseClick(pub->startButton(), Qt::LeftButton);
    auto *run = pub->runs().first();
    qint64 slowest = 0;
    QElapsedTimer waited;
    waited.start();
    while (run->counts().throttled < 300 && waited.elapsed() < 20'000) {
        bool ran = false;
        QElapsedTimer queued;
        queued.start();
        QTimer::singleShot(0, this, [&] { ran = true; });
        QVERIFY(QTest::qWaitFor([&] { return ran; }, 5000));
        slowest = std::max(slowest, queued.elapsed());
        QTest::qWait(20);
    }
    QVERIFY2(run->counts().throttled >= 300, qPrintable(QString::number(run->counts().throttled)));
    QVERIFY2(slowest < 1000, qPrintable(QString::number(slowest)));
    // The bar shows the shard throttled: the workbench's own puts, counted against the shard
    // that owns the hot key.
    QTRY_VERIFY_WITH_TIMEOUT(
        w.hashBar()->load().value(QStringLiteral("shardId-000000000000")).throttled, 5000);
    pub->stopRun(run);
    QTRY_COMPARE_WITH_TIMEOUT(run->inFlight(), 0, 10'000);
    const auto acknowledged = run->counts().acknowledged;
    QVERIFY(acknowledged > 0);

    // Read everything back from TRIM_HORIZON through the Consume tab (the service's read limits
    // apply too; the workbench spaces its reads).
    auto *con = w.consumePanel();
    w.showPage(QStringLiteral("consume"));
    // AT_TIMESTAMP starts from now on the service's (real) time, not an engine clock there is none
    // of.
    QVERIFY(std::abs(con->timestampEdit()->dateTime().toMSecsSinceEpoch()
                     - QDateTime::currentMSecsSinceEpoch())
            < 120'000);
    QTest::mouseClick(con->startButton(), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(qint64(con->recordModel()->rowCount()), qint64(acknowledged), 30'000);
}

void TestRemoteWindow::consumeByFanOutRemotely()
{
    // The Consume tab as an enhanced fan-out consumer of a remote stream: SubscribeToShard over
    // Qt's HTTP/2 client (prior knowledge on http), records pushed as they are written.
    createOnServer("fan", 2);
    QTRY_VERIFY_WITH_TIMEOUT(summaryOnServer("fan").value().status == StreamStatus::Active, 5000);
    for (int i = 0; i < 20; ++i)
        QVERIFY(m_kinesis->host->call<PutRecordResult>([i](Engine &e) {
            return e.putRecord({{"fan", {}},
                                "r" + std::to_string(i),
                                "k" + std::to_string(i),
                                std::nullopt,
                                std::nullopt});
        }));
    const auto summary = summaryOnServer("fan");
    QVERIFY(summary);
    QVERIFY(m_kinesis->host->call<Consumer>([arn = summary->streamArn](Engine &e) {
        return e.registerStreamConsumer({arn, "wall", {}, {}});
    }));
    net::RemoteBackend::Options options;
    options.pollIntervalMs = 200;
    net::RemoteBackend backend(config(), options);
    backend.startPolling();
    ui::MainWindow w(backend);
    QVERIFY(test::showRemoteStream(w, QSize(1100, 760), QStringLiteral("fan")));
    auto *con = w.consumePanel();
    w.showPage(QStringLiteral("consume"));
    QTRY_VERIFY_WITH_TIMEOUT(con->readWithCombo()->count() == 2, 10'000);
    con->readWithCombo()->setCurrentIndex(1);
    QTest::mouseClick(con->startButton(), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(con->recordModel()->rowCount(), 20, 10'000);
    QTRY_COMPARE_WITH_TIMEOUT(con->reader()->subscriptions(), 2, 5000);
    QVERIFY2(con->statusLabel()->text().contains(QStringLiteral("2 subscriptions")),
             qPrintable(con->statusLabel()->text()));
    for (int i = 0; i < 3; ++i)
        QVERIFY(m_kinesis->host->call<PutRecordResult>([i](Engine &e) {
            return e.putRecord(
                {{"fan", {}}, "late" + std::to_string(i), "late", std::nullopt, std::nullopt});
        }));
    QTRY_COMPARE_WITH_TIMEOUT(con->recordModel()->rowCount(), 23, 5000);
    QCOMPARE(con->reader()->counts().calls, 2);
    QTest::mouseClick(con->startButton(), Qt::LeftButton);

    // The remote stream's consumers, registered and deregistered from the Consumers tab.
    auto *panel = w.consumersPanel();
    w.showPage(QStringLiteral("consumers"));
    panel->sections()->setCurrentIndex(1);
    QTRY_COMPARE_WITH_TIMEOUT(panel->fanOutTable()->rowCount(), 1, 10'000);
    panel->registerConsumer(QStringLiteral("audit"));
    const auto status = [panel](const QString &name) -> QString {
        for (int r = 0; r < panel->fanOutTable()->rowCount(); ++r)
            if (panel->fanOutTable()->item(r, 0)->text() == name)
                return panel->fanOutTable()->item(r, 1)->text();
        return {};
    };
    QTRY_COMPARE_WITH_TIMEOUT(status(QStringLiteral("audit")), QStringLiteral("ACTIVE"), 10'000);
    QString auditArn;
    for (int r = 0; r < panel->fanOutTable()->rowCount(); ++r)
        if (panel->fanOutTable()->item(r, 0)->text() == QStringLiteral("audit"))
            auditArn = panel->fanOutTable()->item(r, 3)->text();
    QVERIFY(auditArn.contains(QStringLiteral(":stream/fan/consumer/audit:")));
    panel->deregisterConsumer(auditArn);
    QTRY_COMPARE_WITH_TIMEOUT(panel->fanOutTable()->rowCount(), 1, 10'000);
    QCOMPARE(panel->fanOutTable()->item(0, 0)->text(), QStringLiteral("wall"));
    // Per-reader budgets are the embedded engine's; the remote view says where AWS reports reads.
    QVERIFY(panel->readBudgets()->summaryLabel()->text().contains(QStringLiteral("CloudWatch")));
}

void TestRemoteWindow::rememberedKeysLiveInTheKeychainOnly()
{
    // Run twice by ctest: plainly (no session bus: no keychain reachable) and as gui.keychain under
    // dbus-run-session with an unlocked gnome-keyring (SHS_EXPECT_KEYCHAIN=1).
    const bool keychain = qEnvironmentVariableIntValue("SHS_EXPECT_KEYCHAIN") == 1;
    QVERIFY(app::SecretStore::keychainBuilt()); // deps.sh installs qtkeychain-qt6-dev
    QSettings().remove(QStringLiteral("connections"));
    createOnServer("kept", 1);
    QTemporaryDir data;
    app::EmbeddedOptions options;
    options.dataDir = data.path();
    options.processName = QStringLiteral("tst_remote_window");
    auto workbench = std::make_unique<app::Workbench>(options);
    QCOMPARE(workbench->start(nullptr), QString());
    QVERIFY(workbench->keychainAvailable());
    const auto openDialog = [&]() -> ui::ConnectionDialog * {
        workbench->window()->connectAction()->trigger();
        ui::ConnectionDialog *d = nullptr;
        return QTest::qWaitFor(
                   [&] {
                       return (d = workbench->window()->findChild<ui::ConnectionDialog *>())
                              != nullptr;
                   },
                   2000)
                   ? d
                   : nullptr;
    };
    auto *dialog = openDialog();
    QVERIFY(dialog);
    QVERIFY(dialog->rememberKeysBox()->isVisibleTo(dialog));
    dialog->remoteChoice()->setChecked(true);
    dialog->endpointEdit()->setText(m_kinesis->server->url());
    dialog->regionCombo()->setCurrentText(QStringLiteral("us-east-1"));
    dialog->accessKeyEdit()->setText(QStringLiteral("AKIDWINDOWTEST"));
    dialog->secretEdit()->setText(QStringLiteral("secret"));
    dialog->rememberKeysBox()->setChecked(true);
    // Remembering needs a name.
    QTest::mouseClick(dialog->connectButton(), Qt::LeftButton);
    QVERIFY(dialog->errorLabel()->text().contains(QStringLiteral("Save as")));
    dialog->saveAsEdit()->setText(QStringLiteral("kept keys"));
    QSignalSpy changed(workbench.get(), &app::Workbench::windowChanged);
    QTest::mouseClick(dialog->connectButton(), Qt::LeftButton);
    if (!keychain) {
        // No keychain reachable: refused inline with the reason and the way on; nothing is lost.
        QTRY_VERIFY_WITH_TIMEOUT(
            dialog->errorLabel()->isVisible()
                && dialog->errorLabel()->text().contains(QStringLiteral("keychain")),
            20'000);
        QVERIFY(dialog->errorLabel()->text().contains(QStringLiteral("Untick")));
        QCOMPARE(dialog->secretEdit()->text(), QStringLiteral("secret"));
        QCOMPARE(changed.count(), 0);
        dialog->rememberKeysBox()->setChecked(false);
        QTest::mouseClick(dialog->connectButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(changed.count(), 1, 10'000);
        QCOMPARE(workbench->savedConnections().front().keysInKeychain, false);
        return;
    }
    QPointer<ui::ConnectionDialog> watched = dialog; // deleted with its window on success
    QTRY_VERIFY2_WITH_TIMEOUT(changed.count() == 1,
                              qPrintable(watched ? watched->errorLabel()->text() : QString()),
                              20'000);
    QCOMPARE(workbench->savedConnections().size(), std::size_t(1));
    QVERIFY(workbench->savedConnections().front().keysInKeychain);
    // The settings hold no key; the keychain does.
    QSettings settings;
    settings.sync();
    for (const QString &k : settings.allKeys())
        QVERIFY2(!settings.value(k).toString().contains(QStringLiteral("AKIDWINDOWTEST"))
                     && !settings.value(k).toString().contains(QStringLiteral("secret")),
                 qPrintable(k));
    app::SecretStore store;
    std::optional<app::StoredKeys> stored;
    bool loaded = false;
    store.load(QStringLiteral("kept keys"), [&](std::optional<app::StoredKeys> k, QString) {
        stored = k;
        loaded = true;
    });
    QTRY_VERIFY_WITH_TIMEOUT(loaded, 10'000);
    QVERIFY(stored);
    QCOMPARE(stored->secretAccessKey, QStringLiteral("secret"));

    // A new session: the saved connection connects with the keys from the keychain, none typed
    // (the endpoint verifies signatures, so only the right secret gets in).
    workbench.reset();
    workbench = std::make_unique<app::Workbench>(options);
    QCOMPARE(workbench->start(nullptr), QString());
    dialog = openDialog();
    QVERIFY(dialog);
    dialog->savedCombo()->setCurrentIndex(1);
    Q_EMIT dialog->savedCombo()->activated(1);
    QVERIFY(dialog->accessKeyEdit()->text().isEmpty());
    QVERIFY(dialog->accessKeyEdit()->placeholderText().contains(QStringLiteral("keychain")));
    dialog->remoteChoice()->setChecked(true);
    QSignalSpy again(workbench.get(), &app::Workbench::windowChanged);
    QTest::mouseClick(dialog->connectButton(), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(again.count(), 1, 20'000);
    QVERIFY(workbench->window()->connectionBadge()->text().contains(m_kinesis->server->url()));
    QVERIFY(workbench->savedConnections().front().keysInKeychain); // still there
    // Forgetting the connection forgets its keys.
    workbench->forgetConnection(QStringLiteral("kept keys"));
    loaded = false;
    QTRY_VERIFY_WITH_TIMEOUT((store.load(QStringLiteral("kept keys"),
                                         [&](std::optional<app::StoredKeys> k, QString) {
                                             stored = k;
                                             loaded = true;
                                         }),
                              QTest::qWaitFor([&] { return loaded; }, 5000) && !stored),
                             10'000);
}

QTEST_MAIN(TestRemoteWindow)
#include "tst_remote_window.moc"
