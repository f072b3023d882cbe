// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
// Screenshots of the workbench on a seeded demo state, compared with golden images (per-channel
// tolerance and a budget of differing pixels). They are the README's pictures.
// SHS_UPDATE_GOLDENS=1 rewrites the goldens; failures leave actual and diff PNGs in SHS_SHOT_DIR.
// Pinned: offscreen platform, Fusion style and palette, DejaVu Sans 10 pt, fixed sizes, paused
// clock.
#include "../gui/bar_drag.h"
#include "../gui/remote_window.h"
#include "dialogs/create_stream_dialog.h"
#include "dialogs/help_dialogs.h"
#include "endpoint/endpoint_server.h"
#include "fake_cloudwatch.h"
#include "frame_pump.h"
#include "lessons/lesson_builder.h"
#include "local_kinesis.h"
#include "main_window.h"
#include "models/live_metrics.h"
#include "models/stream_list_model.h"
#include "remote/remote_backend.h"

#include "charts/throughput_chart_view.h"
#include "consume/consume_panel.h"
#include "consumers/consumers_panel.h"
#include "consumers/read_budget_view.h"
#include "dialogs/capacity_dialog.h"
#include "dialogs/stream_settings_dialog.h"
#include "engine/catalogue.h"
#include "kms/sealed_storage.h"
#include "manual_clock.h"
#include "metrics/heat_map.h"
#include "metrics/heat_map_panel.h"
#include "metrics/sparkline_grid.h"
#include "metrics/throughput_panel.h"
#include "pages/alarms_page.h"
#include "publish/publish_panel.h"
#include "service/alarm_monitor.h"
#include "service/engine_host.h"
#include "service/local_backend.h"
#include "service/shard_follower.h"
#include "store/alarm_store.h"
#include "store/memory_storage.h"
#include "store/sqlite_lease_table.h"
#include "theme.h"
#include "widgets/hash_range_bar.h"
#include "widgets/lineage_view.h"
#include "widgets/routing_explainer.h"
#include "widgets/zone_strip.h"
#include "zoned_host.h"

#include <QToolButton>

#include <QJsonArray>
#include <QTableView>
#include <QTableWidget>

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QPlainTextEdit>

#include <QTabWidget>

#include "lesson/lesson_library.h"
#include "lesson_session.h"
#include "lessons/lesson_panel.h"
#include "lessons/spotlight.h"
#include "presenter_mode.h"
#include <QApplication>
#include <QDir>
#include <QFontDatabase>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSettings>
#include <QSpinBox>
#include <QStandardPaths>

#include <QDockWidget>
#include <QSplitter>
#include <QStatusBar>
#include <QStyle>
#include <QStyleFactory>
#include <QtTest>

using namespace shs;
using namespace shs::core;

class TestScreenshots : public QObject
{
    Q_OBJECT
  private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void emptyWorkbench();
    void streamsAndShards();
    void createStreamRefused();
    void splittingAHotShard();
    void shardLineage();
    void publishing();
    void alarms();
    void consuming();
    void encryption();
    void zones();
    void consumerApplication();
    void readBudgets();
    void capacityDialog();
    void streamSettings();
    void throughput();
    void heatMap();
    void darkPalette();
    void remoteMode();
    void remoteCloudWatch();
    void lessonRouting();
    void lessonPresenter();
    void lessonBuilder();
    void lessonKeyMoments_data();
    void lessonKeyMoments();
    void userGuide();

  private:
    /// `seconds` engine seconds of traffic on clickstream: a hot partition key on shard 1 (over
    /// its limit half the time), a ramp on shard 2, a trickle on shard 0, and a reader on shard 2.
    /// `splitAt` >= 0: idle shard 3 is split at that second (the write limit steps up).
    void simulateTraffic(int seconds, int splitAt = -1);
    /// The Throughput tab after simulateTraffic(90), compared with `golden`.
    void shootThroughput(const QString &golden);
    /// Compares with the golden image outside `unstable` (regions whose text differs on every
    /// run by design, such as shard iterators: nonces make each one unique).
    void compareWithGolden(const QImage &actual, const QString &name,
                           const QList<QRect> &unstable = {});
    void seed();
    /// Shows the window at the pinned size on the seeded streams, clickstream selected.
    bool showOnClickstream(ui::MainWindow &w);
    /// A built-in lesson started on a scratch engine whose clock starts at the pinned time.
    std::unique_ptr<app::LessonSession> openLesson(const QString &id);
    std::shared_ptr<ScaledClock> m_clock;
    std::unique_ptr<service::EngineHost> m_host;
    std::unique_ptr<service::LocalBackend> m_backend;
};

void TestScreenshots::initTestCase()
{
    // No saved window settings: pinned sizes, tabs and selection only.
    QStandardPaths::setTestModeEnabled(true);
    QSettings().clear();
    QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    QApplication::setPalette(QApplication::style()->standardPalette());
    const int id = QFontDatabase::addApplicationFont(
        QStringLiteral("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"));
    QVERIFY2(id >= 0, "DejaVu Sans (fonts-dejavu-core) is needed for pinned screenshots");
    QFont f(QStringLiteral("DejaVu Sans"));
    f.setPointSize(10);
    QApplication::setFont(f);
    QDir().mkpath(qEnvironmentVariable("SHS_SHOT_DIR"));
}

void TestScreenshots::init()
{
    // 2026-11-26 10:00:00 UTC, paused.
    m_clock = std::make_shared<ScaledClock>(1795687200000, 0.0);
    EngineConfig cfg;
    cfg.createDelayMs = 0;
    // Encrypted streams sealed as the embedded engine seals them (in memory here).
    service::EngineHost::Options options;
    options.keys = kms::KeyService::inMemory(cfg.region, cfg.accountId,
                                             [c = m_clock] { return c->nowMs(); });
    m_host = std::make_unique<service::EngineHost>(
        std::make_unique<kms::SealedStorage>(std::make_unique<store::MemoryStorage>(),
                                             options.keys->ring()),
        cfg, m_clock, options);
    QVERIFY(m_host->start());
    m_backend = std::make_unique<service::LocalBackend>(
        *m_host, m_clock, QStringLiteral("~/.local/share/shardscope"));
}

void TestScreenshots::cleanup()
{
    QApplication::setPalette(QApplication::style()->standardPalette());
    m_host->stop();
    m_backend.reset();
    m_host.reset();
}

void TestScreenshots::seed()
{
    auto create = [this](const std::string &name, std::optional<int> shards, StreamMode mode) {
        CreateStreamRequest c;
        c.streamName = name;
        if (shards)
            c.shardCount = *shards;
        c.mode = mode;
        QVERIFY(m_host->call<void>([c](Engine &e) { return e.createStream(c); }));
    };
    create("clickstream", 4, StreamMode::Provisioned);
    create("iot-telemetry", std::nullopt, StreamMode::OnDemand);
    create("orders", 2, StreamMode::Provisioned);
    QVERIFY(m_host->call<void>([](Engine &e) {
        e.tick();
        return e.increaseStreamRetentionPeriod({{"orders", {}}, 168});
    }));
}

bool TestScreenshots::showOnClickstream(ui::MainWindow &w)
{
    w.resize(1100, 560);
    w.show();
    if (!QTest::qWaitForWindowExposed(&w)
        || !QTest::qWaitFor([&w] { return w.streamModel()->rowCount() == 3; }))
        return false;
    w.selectStream(QStringLiteral("clickstream"));
    // The live metrics have caught up with the engine's last complete second.
    return QTest::qWaitFor([&] {
        const std::int64_t second = m_clock->nowMs() / 1000 - 1;
        return w.liveMetrics()->lastSecond() == second && w.liveMetrics()->frameSecond() == second;
    });
}

void TestScreenshots::compareWithGolden(const QImage &actualIn, const QString &name,
                                        const QList<QRect> &unstable)
{
    const QImage actual = actualIn.convertToFormat(QImage::Format_RGB32);
    const QString shots = qEnvironmentVariable("SHS_SHOT_DIR");
    const QString goldenPath
        = qEnvironmentVariable("SHS_GOLDEN_DIR") + QLatin1Char('/') + name + QStringLiteral(".png");
    actual.save(shots + QLatin1Char('/') + name + QStringLiteral(".png"));
    if (qEnvironmentVariableIntValue("SHS_UPDATE_GOLDENS")) {
        QVERIFY(actual.save(goldenPath));
        return;
    }
    QImage golden(goldenPath);
    QVERIFY2(
        !golden.isNull(),
        qPrintable(
            QStringLiteral("missing golden %1 (run with SHS_UPDATE_GOLDENS=1)").arg(goldenPath)));
    golden = golden.convertToFormat(QImage::Format_RGB32);
    QCOMPARE(actual.size(), golden.size());
    QImage diff(actual.size(), QImage::Format_RGB32);
    diff.fill(Qt::white);
    qint64 differing = 0;
    for (int y = 0; y < actual.height(); ++y) {
        const auto *a = reinterpret_cast<const QRgb *>(actual.constScanLine(y));
        const auto *g = reinterpret_cast<const QRgb *>(golden.constScanLine(y));
        for (int x = 0; x < actual.width(); ++x) {
            if (std::any_of(unstable.begin(), unstable.end(),
                            [x, y](const QRect &r) { return r.contains(x, y); }))
                continue;
            const int d
                = std::max({qAbs(qRed(a[x]) - qRed(g[x])), qAbs(qGreen(a[x]) - qGreen(g[x])),
                            qAbs(qBlue(a[x]) - qBlue(g[x]))});
            if (d > 24) {
                ++differing;
                diff.setPixel(x, y, qRgb(255, 0, 0));
            }
        }
    }
    const qint64 budget = qint64(actual.width()) * actual.height() / 200; // 0.5 %
    if (differing > budget)
        diff.save(shots + QLatin1Char('/') + name + QStringLiteral("-diff.png"));
    QVERIFY2(differing <= budget,
             qPrintable(QStringLiteral("%1: %2 pixels differ (budget %3); see %4")
                            .arg(name)
                            .arg(differing)
                            .arg(budget)
                            .arg(shots)));
}

void TestScreenshots::emptyWorkbench()
{
    ui::MainWindow w(*m_backend);
    // A first launch offers the lessons beside "Create a stream…".
    w.setLessonOpener([](const QString &) { return QString(); });
    w.resize(1000, 640);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    w.framePump()->pumpNow();
    w.framePump()->stop();
    QTest::qWait(50);
    compareWithGolden(w.grab().toImage(), QStringLiteral("empty_workbench"));
}

void TestScreenshots::streamsAndShards()
{
    seed();
    ui::MainWindow w(*m_backend);
    QVERIFY(showOnClickstream(w));
    w.routingExplainer()->explain(QStringLiteral("user-42"), false);
    QVERIFY(w.routingExplainer()->route().has_value());
    w.framePump()->stop();
    QTest::qWait(50);
    compareWithGolden(w.grab().toImage(), QStringLiteral("streams_and_shards"));
}

void TestScreenshots::createStreamRefused()
{
    seed();
    ui::MainWindow w(*m_backend);
    w.resize(1100, 560);
    w.show();
    QTRY_COMPARE(w.streamModel()->rowCount(), 3);
    w.newStreamAction()->trigger();
    ui::CreateStreamDialog *dialog = nullptr;
    QTRY_VERIFY((dialog = w.findChild<ui::CreateStreamDialog *>()) != nullptr);
    dialog->nameEdit()->setText(QStringLiteral("orders"));
    dialog->shardCountSpin()->setValue(8);
    dialog->createButton()->click();
    QTRY_VERIFY(dialog->errorLabel()->isVisible());
    QTest::qWait(50);
    compareWithGolden(dialog->grab().toImage(), QStringLiteral("create_stream_refused"));
    dialog->reject();
}

void TestScreenshots::splittingAHotShard()
{
    seed();
    // One engine second of writes into clickstream's four shards, aimed with ExplicitHashKey at
    // each shard's middle: 1,200 records at shard 1 (200 over its limit: throttled), 600 at
    // shard 2, 100 at shard 0, none at shard 3.
    const std::pair<const char *, int> aims[] = {{"42535295865117307932921825928971026432", 100},
                                                 {"127605887595351923798765477786913079296", 1200},
                                                 {"212676479325586539664609129644855132160", 600}};
    int throttled = 0;
    for (const auto &[key, count] : aims) {
        for (int done = 0; done < count; done += 300) {
            PutRecordsRequest req;
            req.stream.name = "clickstream";
            for (int i = 0; i < std::min(300, count - done); ++i)
                req.records.push_back(
                    {std::string(200, 'x'), "user-" + std::to_string(done + i), std::string(key)});
            auto r = m_host->call<PutRecordsResult>(
                [req](Engine &e) mutable { return e.putRecords(std::move(req)); });
            QVERIFY(r);
            throttled += r->failedRecordCount;
        }
    }
    QCOMPARE(throttled, 200);
    m_clock->advance(1000);
    ui::MainWindow w(*m_backend);
    QVERIFY(showOnClickstream(w));
    auto *bar = w.hashBar();
    QTRY_VERIFY(bar->load().value(QStringLiteral("shardId-000000000001")).throttled);
    QCOMPARE(bar->load().value(QStringLiteral("shardId-000000000002")).ratio, 0.6);
    // Press in shard 2 and drag towards the right: the split line and its exact key show.
    auto mouse = [bar](QEvent::Type type, double x) {
        const QPointF at(x, 20);
        QMouseEvent e(type, at, bar->mapToGlobal(at),
                      type == QEvent::MouseMove ? Qt::NoButton : Qt::LeftButton, Qt::LeftButton,
                      Qt::NoModifier);
        QApplication::sendEvent(bar, &e);
    };
    const double w4 = bar->width() / 4.0;
    mouse(QEvent::MouseButtonPress, 2 * w4 + 20);
    mouse(QEvent::MouseMove, 2 * w4 + 60);
    mouse(QEvent::MouseMove, 2 * w4 + 0.3 * w4);
    QVERIFY(bar->dragging());
    w.framePump()->stop();
    QTest::qWait(50);
    compareWithGolden(w.grab().toImage(), QStringLiteral("splitting_a_hot_shard"));
}

void TestScreenshots::shardLineage()
{
    seed();
    // On engine time (paused clock, moved by hand): split shard 1 of clickstream, then merge
    // the upper child with shard 2, then split shard 3 off-centre.
    auto settle = [this] {
        for (int i = 0; i < 20; ++i) {
            m_clock->advance(15'000);
            auto s = m_host->call<StreamDescriptionSummary>([](Engine &e) {
                e.tick();
                return e.describeStreamSummary({"clickstream", {}});
            });
            if (s && s->status == StreamStatus::Active)
                return true;
        }
        return false;
    };
    QVERIFY(m_host->call<void>([](Engine &e) {
        return e.splitShard({{"clickstream", {}},
                             "shardId-000000000001",
                             "127605887595351923798765477786913079296"});
    }));
    QVERIFY(settle());
    QVERIFY(m_host->call<void>([](Engine &e) {
        return e.mergeShards({{"clickstream", {}}, "shardId-000000000005", "shardId-000000000002"});
    }));
    QVERIFY(settle());
    QVERIFY(m_host->call<void>([](Engine &e) {
        return e.splitShard({{"clickstream", {}},
                             "shardId-000000000003",
                             "280000000000000000000000000000000000000"});
    }));
    QVERIFY(settle());
    ui::MainWindow w(*m_backend);
    QVERIFY(showOnClickstream(w));
    QTRY_COMPARE(w.lineageView()->generations(), 3);
    w.shardTabs()->setCurrentIndex(1);
    w.framePump()->stop();
    QTest::qWait(50);
    compareWithGolden(w.grab().toImage(), QStringLiteral("shard_lineage"));
}

void TestScreenshots::alarms()
{
    // Seven minutes of a hot key on clickstream: three seconds a minute at 1,500 records/s on
    // one shard, a third refused (each second's third call of 500 stores nothing) — AWS's
    // write-throttling and PutRecords-success alarms fire on the fifth.
    seed();
    for (int minute = 0; minute < 7; ++minute) {
        for (int second = 0; second < 3; ++second) {
            for (int call = 0; call < 3; ++call) {
                PutRecordsRequest r;
                r.stream.name = "clickstream";
                for (int i = 0; i < 500; ++i)
                    r.records.push_back({std::string(40, 'x'), "user-42", std::nullopt});
                // Through the backend, as the window writes: the call counts in
                // PutRecords.Success.
                bool answered = false;
                m_backend->submit(core::ops::PutRecords, r, this,
                                  [&answered](Result<PutRecordsResult> a) { answered = bool(a); });
                QTRY_VERIFY(answered);
            }
            m_clock->advance(1000);
        }
        m_clock->advance(57'000);
    }
    m_clock->advance(3000); // past the settling time of the last minute
    auto store = store::AlarmStore::open(":memory:");
    QVERIFY(store);
    ui::MainWindow w(*m_backend);
    auto *monitor
        = new service::AlarmMonitor(*m_backend, *m_backend->embedded(), std::move(*store), &w);
    w.setAlarmMonitor(monitor);
    QVERIFY(monitor->putRecommended("clickstream", 24));
    QTRY_VERIFY(monitor->evaluations() >= 2);
    QVERIFY(showOnClickstream(w));
    w.resize(1100, 820);
    w.showPage(QStringLiteral("alarms"));
    auto *page = w.alarmsPage();
    for (int row = 0; row < page->table()->rowCount(); ++row)
        if (page->table()->item(row, 0)->text() == QStringLiteral("clickstream-WriteThrottled"))
            page->table()->selectRow(row);
    QVERIFY2(page->reasonLabel()->text().contains(QStringLiteral("ALARM")),
             qPrintable(page->reasonLabel()->text()));
    w.framePump()->stop();
    QTest::qWait(50);
    compareWithGolden(w.grab().toImage(), QStringLiteral("alarms"));
}

void TestScreenshots::publishing()
{
    seed();
    ui::MainWindow w(*m_backend);
    QVERIFY(showOnClickstream(w));
    w.resize(1100, 820);
    auto *pub = w.publishPanel();
    w.shardTabs()->setCurrentIndex(2);
    pub->partitionKeyEdit()->setText(QStringLiteral("user-42"));
    pub->formatCombo()->setCurrentIndex(
        pub->formatCombo()->findData(int(ui::PublishPanel::DataFormat::Json)));
    pub->dataEdit()->setPlainText(QStringLiteral(R"({"event": "page_view", "page": "/cart"})"));
    pub->sendButton()->click();
    QTRY_VERIFY(pub->resultLabel()->text().contains(QStringLiteral("Stored in")));
    // A generator at 1,500 records/s with one hot key: one engine second, stepped by hand.
    pub->rateSpin()->setValue(1500);
    pub->distributionCombo()->setCurrentIndex(
        pub->distributionCombo()->findData(int(producer::KeyDistribution::HotKey)));
    pub->startButton()->click();
    auto *run = pub->runs().first();
    m_clock->advance(1000);
    run->tick();
    QTRY_VERIFY(run->counts().acknowledged + run->counts().throttled == 1500
                && run->inFlight() == 0);
    pub->stopRun(run);
    m_clock->advance(1000);
    QTRY_VERIFY(std::any_of(w.hashBar()->load().begin(), w.hashBar()->load().end(),
                            [](const ui::HashRangeBar::Load &l) { return l.throttled; }));
    w.framePump()->stop();
    QTest::qWait(50);
    compareWithGolden(w.grab().toImage(), QStringLiteral("publishing"));
}

void TestScreenshots::consuming()
{
    seed();
    const char *const pages[] = {"/", "/search", "/product/42", "/cart", "/checkout"};
    for (int i = 0; i < 40; ++i) {
        const std::string data = R"({"event":"page_view","user":"user-)" + std::to_string(i % 7)
                                 + R"(","page":")" + pages[i % 5] + R"(","seq":)"
                                 + std::to_string(i) + "}";
        QVERIFY(m_host->call<PutRecordResult>([data, i](Engine &e) {
            return e.putRecord({{"clickstream", {}},
                                data,
                                "user-" + std::to_string(i % 7),
                                std::nullopt,
                                std::nullopt});
        }));
    }
    ui::MainWindow w(*m_backend);
    QVERIFY(showOnClickstream(w));
    w.resize(1100, 820);
    auto *con = w.consumePanel();
    w.showPage(QStringLiteral("consume"));
    con->modeCombo()->setCurrentIndex(con->modeCombo()->findData(false));
    con->startButton()->click();
    QTRY_VERIFY(con->reader()->counts().shardsReading == 4 && con->reader()->callsInFlight() == 0);
    con->nextPageButton()->click();
    QTRY_COMPARE(con->recordModel()->rowCount(), 40);
    con->filterEdit()->setText(QStringLiteral("user-3"));
    con->recordView()->setCurrentIndex(con->filteredModel()->index(1, 0));
    con->inspectCombo()->setCurrentIndex(
        con->inspectCombo()->findData(int(ui::ConsumePanel::InspectAs::Json)));
    w.framePump()->stop();
    QTest::qWait(50);
    // The status names the last call's shard iterators, unique on every run.
    const QRect status(con->statusLabel()->mapTo(&w, QPoint(0, 0)), con->statusLabel()->size());
    compareWithGolden(w.grab().toImage(), QStringLiteral("consuming"), {status});
}

void TestScreenshots::zones()
{
    // The records kept in three zones, us-east-1b down: the zone strip says how many of
    // clickstream's records it lacks, and the Publish tab's acknowledgement which zones hold the
    // write.
    QTemporaryDir dir;
    m_host->stop();
    m_backend.reset();
    EngineConfig cfg;
    cfg.createDelayMs = 0;
    m_host = test::startZonedHost(dir, cfg, m_clock);
    QVERIFY(m_host);
    m_backend = std::make_unique<service::LocalBackend>(
        *m_host, m_clock, QStringLiteral("~/.local/share/shardscope"));
    seed();
    QVERIFY(m_host->changeZone("us-east-1b", ZoneAction::Down));
    PutRecordsRequest batch;
    batch.stream.name = "clickstream";
    for (int i = 0; i < 120; ++i)
        batch.records.push_back(
            {"{\"event\":\"page_view\"}", "user-" + std::to_string(i % 9), std::nullopt});
    QVERIFY(m_host->putRecords(batch));
    ui::MainWindow w(*m_backend);
    QVERIFY(showOnClickstream(w));
    w.resize(1100, 820);
    auto *pub = w.publishPanel();
    w.shardTabs()->setCurrentIndex(2);
    pub->partitionKeyEdit()->setText(QStringLiteral("user-42"));
    pub->dataEdit()->setPlainText(QStringLiteral(R"({"event": "checkout"})"));
    pub->sendButton()->click();
    QTRY_VERIFY(pub->resultLabel()->text().contains(QStringLiteral("Held by")));
    auto *strip = w.findChild<ui::ZoneStrip *>();
    QVERIFY(strip);
    strip->refresh();
    QCOMPARE(strip->zoneButton(1)->text(), QStringLiteral("us-east-1b\ndown · 121 records behind"));
    w.framePump()->stop();
    QTest::qWait(50);
    compareWithGolden(w.grab().toImage(), QStringLiteral("zones"));
}

void TestScreenshots::encryption()
{
    // clickstream encrypted under a key of the local KMS: the padlock in the stream list, and the
    // inspector's stored bytes beside what a reader gets.
    seed();
    kms::CreateKeyRequest create;
    create.description = "clickstream";
    auto key = m_host->keys().kms().createKey(create);
    QVERIFY(key);
    QVERIFY(m_host->keys().kms().createAlias({"alias/clickstream-key", key->keyMetadata.keyId}));
    StreamEncryptionRequest start;
    start.stream.name = "clickstream";
    start.keyId = "alias/clickstream-key";
    QVERIFY(m_host->call<void>([start](Engine &e) { return e.startStreamEncryption(start); }));
    m_clock->advance(1000);
    QTRY_VERIFY(m_host
                    ->call<StreamDescriptionSummary>([](Engine &e) {
                        return e.describeStreamSummary(StreamRef{"clickstream", {}});
                    })
                    .value()
                    .status
                == StreamStatus::Active);
    for (int i = 0; i < 12; ++i) {
        const std::string data = R"({"event":"checkout","user":"user-)" + std::to_string(i % 4)
                                 + R"(","card":"4111 1111 1111 1111","seq":)" + std::to_string(i)
                                 + "}";
        QVERIFY(m_host->call<PutRecordResult>([data, i](Engine &e) {
            return e.putRecord({{"clickstream", {}},
                                data,
                                "user-" + std::to_string(i % 4),
                                std::nullopt,
                                std::nullopt});
        }));
    }
    ui::MainWindow w(*m_backend);
    QVERIFY(showOnClickstream(w));
    w.resize(1100, 820);
    auto *con = w.consumePanel();
    w.showPage(QStringLiteral("consume"));
    con->modeCombo()->setCurrentIndex(con->modeCombo()->findData(false));
    con->startButton()->click();
    QTRY_VERIFY(con->reader()->counts().shardsReading == 4 && con->reader()->callsInFlight() == 0);
    con->nextPageButton()->click();
    QTRY_COMPARE(con->recordModel()->rowCount(), 12);
    con->inspectCombo()->setCurrentIndex(
        con->inspectCombo()->findData(int(ui::ConsumePanel::InspectAs::Text)));
    con->recordView()->setCurrentIndex(con->filteredModel()->index(0, 0));
    QTRY_VERIFY(con->inspector()->toPlainText().contains(QStringLiteral("What the engine stores")));
    // Room for the stored bytes, as a lecturer drags the splitter.
    if (auto *split = con->findChild<QSplitter *>())
        split->setSizes({110, 400});
    w.framePump()->stop();
    QTest::qWait(50);
    // The iterators in the status and the sealed bytes (a random nonce, a new key) differ on
    // every run.
    const QRect status(con->statusLabel()->mapTo(&w, QPoint(0, 0)), con->statusLabel()->size());
    const QRect inspector(con->inspector()->mapTo(&w, QPoint(0, 0)), con->inspector()->size());
    compareWithGolden(w.grab().toImage(), QStringLiteral("encryption"), {status, inspector});
}

void TestScreenshots::consumerApplication()
{
    // A KCL-style application on clickstream: one worker takes every lease and checkpoints, two
    // more join and each steals one, the first loses them at its next renewal, and new records
    // are shared out. The application's clock is moved by hand, so every time is pinned.
    seed();
    auto put = [this](int from, int count) {
        for (int i = from; i < from + count; ++i)
            QVERIFY(m_host->call<PutRecordResult>([i](Engine &e) {
                return e.putRecord({{"clickstream", {}},
                                    R"({"event":"page_view","seq":)" + std::to_string(i) + "}",
                                    "user-" + std::to_string(i % 20),
                                    std::nullopt,
                                    std::nullopt});
            }));
    };
    put(0, 400);
    test::ManualClock clock(1795687200000);
    ui::MainWindow w(*m_backend);
    w.setLeaseTableOpener([](const std::string &application,
                             const std::string &stream) -> Result<std::unique_ptr<LeaseTable>> {
        auto t = store::SqliteLeaseTable::open(":memory:", application, stream);
        if (!t)
            return t.error();
        return std::unique_ptr<LeaseTable>(std::move(*t));
    });
    QVERIFY(showOnClickstream(w));
    w.resize(1360, 900);
    auto *panel = w.consumersPanel();
    panel->setClock(&clock);
    w.showPage(QStringLiteral("consumers"));
    panel->workersSpin()->setValue(1);
    QVERIFY(panel->start());
    auto *app = panel->application();
    QTRY_COMPARE(app->ledger().distinct(), std::int64_t(400));
    // Time moves in steps, each ticked, as it would in a running application (a jump past the
    // lease duration would look like a pause to the worker).
    const auto step = [&](int ms, int times) {
        for (int i = 0; i < times; ++i) {
            clock.advance(ms);
            m_clock->advance(ms); // the engine's read limits refill on its time
            app->tick();
            QTest::qWait(5);
        }
    };
    step(500, 21); // 10.5 s: the time checkpoint
    QTRY_VERIFY([&] {
        const auto leases = app->snapshot().leases;
        return leases.size() == 4 && std::all_of(leases.begin(), leases.end(), [](const Lease &l) {
                   return !checkpoint::isSentinel(l.checkpoint);
               });
    }());
    app->addWorker();
    app->addWorker();
    QTRY_VERIFY(app->worker("w2")->shards().size() == 1 && app->worker("w3")->shards().size() == 1);
    step(500, 8); // 4 s: w1's renewals of the stolen leases are refused
    QTRY_COMPARE(app->worker("w1")->shards().size(), std::size_t(2));
    put(400, 200);
    step(500, 6); // the workers' next reads (a throttled read waits a second)
    QTRY_COMPARE(app->ledger().distinct(), std::int64_t(600));
    panel->keyEdit()->setText(QStringLiteral("user-7"));
    panel->refresh();
    w.framePump()->stop();
    QTest::qWait(50);
    compareWithGolden(w.grab().toImage(), QStringLiteral("consumer_application"));
}

void TestScreenshots::readBudgets()
{
    // Three polling readers of shard 0 share its 5 calls/s (throttled) while the dashboard
    // consumer's subscription reads the same records on a budget of its own. Readers are driven
    // round by round at chosen engine times, so the rates are the same on every run.
    seed();
    const auto summary = m_host->call<StreamDescriptionSummary>([](Engine &e) {
        return e.describeStreamSummary({"clickstream", {}});
    });
    QVERIFY(summary);
    auto consumer = m_host->call<Consumer>([arn = summary->streamArn](Engine &e) {
        return e.registerStreamConsumer({arn, "dashboard", {}, {}});
    });
    QVERIFY(consumer);
    m_clock->advance(1000);
    QTRY_VERIFY(m_host
                    ->call<ConsumerDescription>([arn = consumer->consumerArn](Engine &e) {
                        return e.describeStreamConsumer({{}, {}, arn, {}});
                    })
                    ->consumer.status
                == ConsumerStatus::Active);
    ui::MainWindow w(*m_backend);
    QVERIFY(showOnClickstream(w));
    w.resize(1360, 900);
    auto *panel = w.consumersPanel();
    auto *budgets = panel->readBudgets();
    budgets->setAutoSample(false);
    w.showPage(QStringLiteral("consumers"));
    panel->sections()->setCurrentIndex(1);
    QTRY_VERIFY(budgets->isVisible());
    QTRY_COMPARE(panel->fanOutTable()->rowCount(), 1);
    std::vector<std::unique_ptr<service::ShardFollower>> pollers;
    for (int i = 0; i < 3; ++i) {
        service::ShardFollower::Options o;
        o.stream = "clickstream";
        o.shardId = "shardId-000000000000";
        o.live = false;
        o.limit = 100;
        pollers.push_back(std::make_unique<service::ShardFollower>(*m_backend, o));
        pollers.back()->start();
    }
    QTRY_VERIFY(std::all_of(pollers.begin(), pollers.end(), [](const auto &p) {
        return p->counts().shardsReading == 1 && p->callsInFlight() == 0;
    }));
    service::ShardFollower::Options fan;
    fan.stream = "clickstream";
    fan.shardId = "shardId-000000000000";
    fan.type = ShardIteratorType::Latest;
    fan.consumerArn = consumer->consumerArn;
    service::ShardFollower subscriber(*m_backend, fan);
    subscriber.start();
    QTRY_COMPARE(subscriber.subscriptions(), 1);
    QTRY_VERIFY(subscriber.counts().shardsReading == 1);
    QSignalSpy sampled(budgets, &ui::ReadBudgetView::sampled);
    budgets->sample();
    QTRY_COMPARE(sampled.count(), 1);
    const std::string blob(1000, 'x');
    int pushed = 0;
    for (int step = 0; step < 10; ++step) {
        m_clock->advance(200);
        for (int i = 0; i < 40; ++i, ++pushed)
            QVERIFY(m_host->call<PutRecordResult>([&blob](Engine &e) {
                return e.putRecord({{"clickstream", {}}, blob, "reader-demo", "0", std::nullopt});
            }));
        for (std::size_t i = 0; i < pollers.size(); ++i) { // each first in turn
            auto &p = pollers[(std::size_t(step) + i) % pollers.size()];
            p->readRound();
            QTRY_COMPARE(p->callsInFlight(), 0);
        }
        QTRY_COMPARE(subscriber.counts().records, qint64(pushed));
    }
    budgets->sample();
    QTRY_COMPARE(sampled.count(), 2);
    w.framePump()->stop();
    QTest::qWait(50);
    compareWithGolden(w.grab().toImage(), QStringLiteral("read_budgets"));
    for (auto &p : pollers)
        p->stop();
    subscriber.stop();
}

/// Learn > Record a lesson…: the streams as the lesson's start, then a split recorded as what the
/// learner must do, and the state after it as the step's goal.
void TestScreenshots::lessonBuilder()
{
    seed();
    ui::MainWindow w(*m_backend);
    QVERIFY(showOnClickstream(w));
    w.resize(1280, 720);
    auto *b = w.openLessonBuilder();
    b->titleEdit()->setText(QStringLiteral("Split a hot shard"));
    b->stepTitleEdit()->setText(QStringLiteral("Three streams"));
    b->narrationEdit()->setPlainText(QStringLiteral("Three streams, one of them on-demand."));
    b->setRecording(true);
    b->newStep();
    b->stepTitleEdit()->setText(QStringLiteral("Split the busiest shard"));
    b->narrationEdit()->setPlainText(
        QStringLiteral("Shard #1 of clickstream takes the hot key. Drag on the bar to split it."));
    b->setRecordIntoShowMe(true);
    bool done = false;
    m_backend->submit(core::ops::SplitShard,
                      SplitShardRequest{{"clickstream", {}},
                                        "shardId-000000000001",
                                        "127605887595351923798765477786913079296"},
                      &w, [&](auto) { done = true; });
    QVERIFY(QTest::qWaitFor([&] { return done; }));
    m_clock->advance(1000); // the split takes effect
    QVERIFY(m_host->call<void>([](Engine &e) {
        e.tick();
        return core::ok();
    }));
    QVERIFY(QTest::qWaitFor([&] {
        const auto snap = m_backend->mailbox().latest();
        for (const auto &st : snap ? snap->streams : std::vector<StreamInfo>{})
            if (st.name == "clickstream")
                return st.openShardCount == 5;
        return false;
    }));
    done = false;
    b->goalFromCurrentState([&] { done = true; });
    QVERIFY(QTest::qWaitFor([&] { return done; }));
    b->goalTextEdit()->setText(QStringLiteral("Split the shard that throttles."));
    // The builder scrolls to what was recorded and the goal made of it, once its word-wrapped
    // lists have laid out (they settle over a few event-loop turns).
    QTest::qWait(200);
    for (auto *list : b->findChildren<QListWidget *>())
        list->doItemsLayout();
    QTest::qWait(50);
    auto *area = qobject_cast<QScrollArea *>(b->parentWidget()->parentWidget());
    QVERIFY(area);
    area->verticalScrollBar()->setValue(b->checkList()->geometry().bottom()
                                        + b->checkList()->parentWidget()->y() + 8
                                        - area->viewport()->height());
    QTest::qWait(50);
    QVERIFY(b->width() <= b->parentWidget()->width()); // nothing cut off at the right
    compareWithGolden(w.grab().toImage(), QStringLiteral("lesson_builder"));
}

void TestScreenshots::capacityDialog()
{
    seed();
    ui::MainWindow w(*m_backend);
    QVERIFY(showOnClickstream(w));
    QTRY_VERIFY(w.capacityAction()->isEnabled());
    w.capacityAction()->trigger();
    ui::CapacityDialog *d = nullptr;
    QTRY_VERIFY((d = w.findChild<ui::CapacityDialog *>()) != nullptr && d->isVisible());
    d->targetSpin()->setValue(9);
    d->updateCountButton()->click();
    QTRY_VERIFY(d->errorLabel()->isVisible());
    d->adjustSize();
    QTest::qWait(50);
    compareWithGolden(d->grab().toImage(), QStringLiteral("capacity_refused"));
    d->reject();
}

void TestScreenshots::streamSettings()
{
    seed();
    // The account's commitment, and shard-level metrics on for two of them.
    QVERIFY(m_host->call<AccountSettings>([](Engine &e) {
        UpdateAccountSettingsRequest r;
        r.commitment.status = "ENABLED";
        return e.updateAccountSettings(r);
    }));
    QVERIFY(m_host->call<EnhancedMonitoringResult>([](Engine &e) {
        return e.enableEnhancedMonitoring(
            {{"iot-telemetry", {}}, {"IncomingBytes", "WriteProvisionedThroughputExceeded"}});
    }));
    ui::MainWindow w(*m_backend);
    QVERIFY(showOnClickstream(w));
    w.selectStream(QStringLiteral("iot-telemetry"));
    QTRY_VERIFY(w.settingsAction()->isEnabled()
                && w.detailsLabel()->text().contains(QStringLiteral("iot-telemetry")));
    w.settingsAction()->trigger();
    ui::StreamSettingsDialog *d = nullptr;
    QTRY_VERIFY((d = w.findChild<ui::StreamSettingsDialog *>()) != nullptr && d->isVisible());
    QTRY_VERIFY(d->commitmentButton()->isEnabled());
    d->maxRecordSpin()->setValue(4096);
    d->warmSpin()->setValue(64);
    d->adjustSize();
    QTest::qWait(50);
    compareWithGolden(d->grab().toImage(), QStringLiteral("stream_settings"));
    d->reject();
}

void TestScreenshots::simulateTraffic(int seconds, int splitAt)
{
    auto it = m_host->call<GetShardIteratorResult>([](Engine &e) {
        return e.getShardIterator(
            {{"clickstream", {}}, "shardId-000000000002", ShardIteratorType::TrimHorizon, {}, {}});
    });
    QVERIFY(it);
    std::string cursor = it->shardIterator;
    for (int sec = 0; sec < seconds; ++sec) {
        const int hot = sec % 20 < 10 ? 1150 : 700;
        const int ramp = 100 + 12 * sec;
        const std::pair<const char *, int> aims[]
            = {{"42535295865117307932921825928971026432", 40 + (sec % 7) * 5},
               {"127605887595351923798765477786913079296", hot},
               {"212676479325586539664609129644855132160", ramp}};
        int n = 0;
        for (const auto &[key, count] : aims) {
            for (int done = 0; done < count; done += 500) {
                PutRecordsRequest req;
                req.stream.name = "clickstream";
                for (int i = 0; i < std::min(500, count - done); ++i, ++n) {
                    // Shard 1's traffic is mostly one user.
                    const bool hotKey = key == aims[1].first && n % 4 != 0;
                    req.records.push_back({std::string(300, 'x'),
                                           hotKey ? "user-7" : "user-" + std::to_string(n % 97),
                                           std::string(key)});
                }
                QVERIFY(m_host->call<PutRecordsResult>(
                    [req](Engine &e) mutable { return e.putRecords(std::move(req)); }));
            }
        }
        if (sec >= 20) {
            GetRecordsRequest g{cursor, 400, {}};
            auto r = m_host->call<GetRecordsResult>([g](Engine &e) { return e.getRecords(g); });
            QVERIFY(r);
            cursor = *r->nextShardIterator;
        }
        if (sec == splitAt) {
            // The split completes at the engine's tick after its UPDATING delay (500 ms): ticked
            // here, so the children's creation time does not depend on the host's timer.
            QVERIFY(m_host->call<void>([](Engine &e) {
                return e.splitShard({{"clickstream", {}},
                                     "shardId-000000000003",
                                     "297747071055821155530452781502797185024"});
            }));
            m_clock->advance(600);
            QVERIFY(m_host->call<void>([](Engine &e) {
                e.tick();
                return Result<void>{};
            }));
            m_clock->advance(400);
            continue;
        }
        m_clock->advance(1000);
    }
}

void TestScreenshots::throughput()
{
    shootThroughput(QStringLiteral("throughput"));
}

void TestScreenshots::shootThroughput(const QString &golden)
{
    seed();
    // Idle shard 3 split half a minute before the end: the write limit steps from 4 shards' to
    // 5 shards', and the chart marks the split.
    simulateTraffic(90, 60);
    ui::MainWindow w(*m_backend);
    QVERIFY(showOnClickstream(w));
    w.resize(1100, 900);
    w.showPage(QStringLiteral("throughput"));
    QTRY_VERIFY(w.hashBar()->load().value(QStringLiteral("shardId-000000000001")).throttled);
    auto *grid = w.throughputPanel()->grid();
    QTRY_COMPARE(grid->series().size(), 5);
    QTRY_COMPARE(w.throughputPanel()->chart()->marks().size(), 1);
    QTRY_COMPARE(grid->series()[2].write.size(), qsizetype(ui::MainWindow::kMetricsSeconds));
    w.framePump()->stop();
    QTest::qWait(50);
    compareWithGolden(w.grab().toImage(), golden);
}

void TestScreenshots::heatMap()
{
    seed();
    simulateTraffic(90);
    ui::MainWindow w(*m_backend);
    QVERIFY(showOnClickstream(w));
    w.resize(1100, 760);
    w.showPage(QStringLiteral("heatmap"));
    QTRY_VERIFY(w.hashBar()->load().value(QStringLiteral("shardId-000000000001")).throttled);
    QTRY_COMPARE(w.heatMapPanel()->keyShard(), QStringLiteral("shardId-000000000001"));
    QTRY_VERIFY(w.heatMapPanel()->keyTable()->rowCount() > 1);
    w.framePump()->stop();
    QTest::qWait(50);
    compareWithGolden(w.grab().toImage(), QStringLiteral("heat_map"));
}

void TestScreenshots::darkPalette()
{
    // The Throughput tab again, in the dark palette (cleanup() restores the standard one).
    QApplication::setPalette(ui::darkPalette());
    shootThroughput(QStringLiteral("dark_palette"));
}

namespace {
/// The remote scenes' Kinesis endpoint: an in-process Shardscope endpoint with a stream "orders".
struct RemoteScene : test::LocalKinesis
{
    bool start(int shards)
    {
        return LocalKinesis::start("aws", 50) && createStream("orders", shards);
    }
    net::AwsConfig config() const { return LocalKinesis::config(QStringLiteral("AKIDEXAMPLE")); }
};

net::RemoteBackend::Options fastPolling()
{
    net::RemoteBackend::Options fast;
    fast.pollIntervalMs = 100;
    return fast;
}
} // namespace

void TestScreenshots::remoteMode()
{
    // The window on a Kinesis endpoint after a split made by dragging on the bar: done by the
    // service, seen by polling.
    RemoteScene scene;
    QVERIFY(scene.start(2));
    net::AwsConfig config = scene.config();
    config.profile = QStringLiteral("demo");
    config.credentialSource = QStringLiteral("profile demo");
    net::RemoteBackend backend(config, fastPolling());
    backend.startPolling();
    ui::MainWindow w(backend);
    QVERIFY(test::showRemoteStream(w, QSize(1100, 560), QStringLiteral("orders")));
    auto *bar = w.hashBar();
    w.setConfirmer([](const QString &, const QString &) { return true; });
    test::dragOn(bar, bar->width() / 10.0, bar->width() * 0.3);
    QTRY_COMPARE_WITH_TIMEOUT(w.shardTable()->rowCount(), 4, 10'000);
    QTRY_VERIFY_WITH_TIMEOUT(w.shardTable()->item(0, 1)->text() == QStringLiteral("CLOSED"),
                             10'000);
    QTest::qWait(300); // the "done" message after the next poll
    w.framePump()->stop();
    compareWithGolden(w.grab().toImage(), QStringLiteral("remote"));
}

void TestScreenshots::remoteCloudWatch()
{
    // A remote stream's Throughput tab with CloudWatch: an hour of 1-minute points — a ramp, a
    // throttled stretch, a reader falling behind — from a stand-in CloudWatch.
    RemoteScene scene;
    QVERIFY(scene.start(4));
    const double now = double(QDateTime::currentSecsSinceEpoch() / 60 * 60);
    QList<double> times, in, out, throttled, age;
    for (int m = 60; m >= 1; --m) {
        times << now - 60.0 * m;
        const double load = std::min(1.0, (60 - m) / 35.0);
        in << 150'000 + 120'000 * load;
        out << (m < 20 ? 180'000 : 150'000 + 110'000 * load);
        throttled << (m > 12 && m < 24 ? 2'000 + 150 * (24 - m) : 0);
        age << (m < 20 ? 20'000 + 4'000 * (20 - m) : 500);
    }
    test::FakeCloudWatch cloudWatch(
        {QJsonObject{{QStringLiteral("MetricDataResults"),
                      QJsonArray{test::cloudWatchResult(QStringLiteral("s0"), times, in),
                                 test::cloudWatchResult(QStringLiteral("s2"), times, out),
                                 test::cloudWatchResult(QStringLiteral("s4"), times, throttled),
                                 test::cloudWatchResult(QStringLiteral("s6"), times, age)}}}});
    net::AwsConfig config = scene.config();
    config.cloudWatchEndpointUrl = cloudWatch.url();
    net::RemoteBackend backend(config, fastPolling());
    backend.startPolling();
    ui::MainWindow w(backend);
    QVERIFY(test::showRemoteStream(w, QSize(1100, 900), QStringLiteral("orders")));
    w.showPage(QStringLiteral("throughput"));
    QTRY_VERIFY_WITH_TIMEOUT(
        w.throughputPanel()->cloudWatchLabel()->text().contains(QStringLiteral("1-minute points")),
        10'000);
    QTRY_VERIFY_WITH_TIMEOUT(w.throughputPanel()->grid()->series().size() == 4, 10'000);
    w.framePump()->stop();
    QTest::qWait(50);
    compareWithGolden(w.grab().toImage(), QStringLiteral("remote_cloudwatch"));
}

std::unique_ptr<app::LessonSession> TestScreenshots::openLesson(const QString &id)
{
    auto parsed = lesson::readLessonFile(*lesson::locateLesson(id));
    if (!parsed.ok())
        return nullptr;
    auto session = std::make_unique<app::LessonSession>(std::move(parsed.lesson), nullptr, [] {
        return app::ScratchEngine::create({}, 1795687200000);
    });
    session->start();
    return session;
}

void TestScreenshots::lessonRouting()
{
    // The routing lesson's second step, as a learner who asked for a hint and then for "Show me"
    // sees it at the lecturer's 1280×720: the record of user-0 reached open shard #2, the goal is
    // ticked, the routing box is outlined.
    const auto session = openLesson(QStringLiteral("routing"));
    QVERIFY(session);
    auto &runner = session->runner();
    QTRY_VERIFY(!runner.busy());
    QVERIFY(runner.answer(0));
    runner.next();
    QTRY_VERIFY(!runner.busy() && runner.stepIndex() == 1);
    auto *w = session->window();
    w->resize(1280, 720);
    QVERIFY(QTest::qWaitForWindowExposed(w));
    auto *panel = w->lessonDock()->findChild<ui::LessonPanel *>();
    QTest::mouseClick(panel->hintButton(), Qt::LeftButton);
    QTest::mouseClick(panel->showMeButton(), Qt::LeftButton);
    QTRY_COMPARE(runner.goalState(), lesson::LessonRunner::GoalState::Reached);
    w->routingExplainer()->explain(QStringLiteral("user-0"), false);
    QTRY_VERIFY(w->spotlight()->isVisible());
    QTest::qWait(300);
    w->framePump()->stop();
    // Engine time runs in a lesson: the clock in the status bar differs from run to run.
    const QRect clock(0, w->height() - w->statusBar()->height(), w->width(),
                      w->statusBar()->height());
    compareWithGolden(w->grab().toImage(), QStringLiteral("lesson_routing"), {clock});
}

void TestScreenshots::lessonPresenter()
{
    // The hot-key lesson on a 1920×1080 projector: presenter mode at 200 % with high contrast,
    // chrome hidden (the window is sized after presenting: the offscreen screen is smaller).
    const auto session = openLesson(QStringLiteral("hot-keys"));
    QVERIFY(session);
    auto &runner = session->runner();
    QTRY_VERIFY(!runner.busy());
    auto *w = session->window();
    QVERIFY(QTest::qWaitForWindowExposed(w));
    w->presenter()->setActive(true);
    w->presenter()->setZoom(200);
    w->presenter()->setHighContrast(true);
    w->showNormal();
    w->resize(1920, 1080);
    QTRY_VERIFY_WITH_TIMEOUT(runner.goalState() == lesson::LessonRunner::GoalState::Reached,
                             30'000);
    QVERIFY(runner.answer(0));
    QTest::qWait(500);
    // Traffic differs from run to run, so this picture is looked at, not compared: one large view
    // beside a narration of about a third of the screen, white on black, nothing clipped wider
    // than the screen.
    const QImage shot = w->grab().toImage();
    shot.save(qEnvironmentVariable("SHS_SHOT_DIR") + QStringLiteral("/lesson_presenter.png"));
    QCOMPARE(shot.width(), 1920);
    QVERIFY2(w->lessonDock()->width() <= 1920 * 42 / 100,
             qPrintable(QString::number(w->lessonDock()->width())));
    QCOMPARE(shot.pixelColor(2, shot.height() / 2), QColor(Qt::black));
}

void TestScreenshots::lessonKeyMoments_data()
{
    // Each built-in lesson's key moment (the routing lesson's is the golden above): the step, as
    // a learner who pressed "Show me" at every goal sees it at the lecturer's 1280×720.
    QTest::addColumn<QString>("id");
    QTest::addColumn<int>("step");
    QTest::addColumn<bool>("throughput"); // shown on the Throughput tab rather than the step's
    QTest::newRow("hot-keys") << QStringLiteral("hot-keys") << 0 << false; // the heat map's hot key
    QTest::newRow("limits") << QStringLiteral("limits") << 0 << false; // throttling on the chart
    QTest::newRow("resharding") << QStringLiteral("resharding") << 2 << false; // split, then merged
    QTest::newRow("scaling") << QStringLiteral("scaling") << 2 << true; // UpdateShardCount doubled
    QTest::newRow("capacity-modes") << QStringLiteral("capacity-modes") << 1 << false; // on-demand
    QTest::newRow("retention") << QStringLiteral("retention") << 1 << false; // retention raised
}

void TestScreenshots::lessonKeyMoments()
{
    // Live traffic differs from run to run, so these pictures are looked at, not compared; the
    // test checks that each lesson reaches its moment with every goal met, and keeps the
    // picture for the README (tests/screenshots/lessons/ with SHS_UPDATE_GOLDENS=1).
    QFETCH(QString, id);
    QFETCH(int, step);
    QFETCH(bool, throughput);
    const auto session = openLesson(id);
    QVERIFY(session);
    auto &runner = session->runner();
    runner.setSpeedFactor(2);
    QStringList failures;
    connect(&runner, &lesson::LessonRunner::actionFailed, this,
            [&failures](const QString &m) { failures << m; });
    auto *w = session->window();
    w->resize(1280, 720);
    QVERIFY(QTest::qWaitForWindowExposed(w));
    for (int s = 0;; ++s) {
        QVERIFY2(QTest::qWaitFor([&] { return !runner.busy(); }, 30'000),
                 qPrintable(QStringLiteral("step %1 stays busy").arg(s + 1)));
        if (runner.step().goal) {
            if (runner.goalState() != lesson::LessonRunner::GoalState::Reached)
                runner.showMe();
            QVERIFY2(
                QTest::qWaitFor(
                    [&] { return runner.goalState() == lesson::LessonRunner::GoalState::Reached; },
                    60'000),
                qPrintable(
                    QStringLiteral("%1: the goal of step %2 is not reached").arg(id).arg(s + 1)));
        }
        if (s == step)
            break;
        if (runner.step().question)
            runner.answer(runner.step().question->answer);
        runner.next();
        QVERIFY(QTest::qWaitFor([&] { return runner.stepIndex() == s + 1; }, 10'000));
    }
    QVERIFY2(failures.isEmpty(), qPrintable(failures.join(QLatin1Char('\n'))));
    if (throughput)
        w->shardTabs()->setCurrentIndex(w->shardTabs()->indexOf(w->throughputPanel()));
    QTest::qWait(1500); // the live views catch up with the moment
    // Readable at the lecturer's 1280×720: no tab pushes the window taller than the screen.
    QVERIFY2(w->height() <= 720, qPrintable(QString::number(w->height())));
    const QImage shot = w->grab().toImage();
    const QString name = QStringLiteral("lesson_%1.png").arg(id);
    shot.save(qEnvironmentVariable("SHS_SHOT_DIR") + QLatin1Char('/') + name);
    if (qEnvironmentVariableIntValue("SHS_UPDATE_GOLDENS")) {
        const QString dir = qEnvironmentVariable("SHS_GOLDEN_DIR") + QStringLiteral("/../lessons");
        QVERIFY(QDir().mkpath(dir));
        QVERIFY(shot.save(dir + QLatin1Char('/') + name));
    }
    QCOMPARE(shot.width(), 1280);
}

/// Help > User guide, open at the local endpoint's section: the sections beside the rendered text.
void TestScreenshots::userGuide()
{
    ui::MainWindow w(*m_backend);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    w.findChild<QAction *>(QStringLiteral("guideAction"))->trigger();
    ui::GuideDialog *guide = nullptr;
    QTRY_VERIFY((guide = w.findChild<ui::GuideDialog *>()) != nullptr && guide->isVisible());
    guide->resize(1100, 720);
    QVERIFY(guide->showSection(QStringLiteral("The AWS CLI")));
    QTest::qWait(50);
    compareWithGolden(guide->grab().toImage(), QStringLiteral("user_guide"));
    guide->close();
}

QTEST_MAIN(TestScreenshots)
#include "tst_screenshots.moc"
