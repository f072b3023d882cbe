// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "bar_drag.h"
#include "charts/throughput_chart_view.h"
#include "consume/consume_panel.h"
#include "dialogs/alarm_dialog.h"
#include "dialogs/capacity_dialog.h"
#include "dialogs/create_stream_dialog.h"
#include "dialogs/encryption_dialog.h"
#include "dialogs/help_dialogs.h"
#include "dialogs/retention_dialog.h"
#include "dialogs/stream_settings_dialog.h"
#include "main_window.h"
#include "pages/alarms_page.h"
#include "publish/publish_panel.h"
#include "publish/tail_file_form.h"
#include "service/alarm_monitor.h"
#include "store/alarm_store.h"
#include "widgets/hash_range_bar.h"
#include "widgets/lineage_view.h"
#include "widgets/routing_explainer.h"
#include "widgets/zone_strip.h"
#include "zoned_host.h"
#include <QDialogButtonBox>
#include <QStatusBar>
#include <QToolButton>

#include <QDateTimeEdit>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMenu>
#include <QSortFilterProxyModel>
#include <QTemporaryDir>

#include <QDoubleSpinBox>
#include <QPlainTextEdit>

#include "models/stream_list_model.h"
#include <QCheckBox>

#include "pages/shards_page.h"
#include "service/engine_host.h"
#include "service/fault_injector.h"
#include "service/local_backend.h"
#include "store/memory_storage.h"

#include "kms/sealed_storage.h"

#include <QLineEdit>
#include <QTreeWidget>

#include "charts/throughput_chart_view.h"
#include "dialogs/tags_dialog.h"
#include "metrics/heat_map_panel.h"
#include "metrics/sparkline_grid.h"
#include "metrics/throughput_panel.h"
#include <QAction>
#include <QClipboard>
#include <QComboBox>
#include <QGuiApplication>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QScreen>
#include <QScrollBar>
#include <QSettings>
#include <QSpinBox>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTextBlock>
#include <QTextBrowser>

#include <QHeaderView>
#include <QtTest>

using namespace shs;
using namespace shs::core;
using shs::ui::CreateStreamDialog;

class TestMainWindow : public QObject
{
    Q_OBJECT
  private Q_SLOTS:
    void init();
    void cleanup();
    void opensOnTheEmptyState();
    void helpMenuListsEveryShortcutAndTheVersion();
    void helpMenuOpensTheUserGuide();
    void aNarrowStreamListKeepsNamesInView();
    void createStreamThroughTheDialog();
    void refusedCreateShowsTheReasonInline();
    void deleteRemovesTheStream();
    void storageFailureShowsABanner();
    void engineSpeedControlsTheClock();
    void limitsProfileIsShownAndSwitchable();
    void dragOnTheBarSplitsTheShard();
    void declinedSplitChangesNothing();
    void boundaryClickMergesNeighbours();
    void refusedSplitIsExplainedOnTheBar();
    void barColoursShardsByWriteLoad();
    void routingExplainerAgreesWithTheEngine();
    void routingExplainerRefusesWhatPutRecordRefuses();
    void lineageShowsParentsAboveChildren();
    void publishOneRecord();
    void generatorIsThrottledAtTheShardLimit();
    void generatorRetriesThrottledRecords();
    void generatorThroughTheKplPathAggregates();
    void generatorCarriesWhatItCannotStoreWithTimeSpedUp();
    void tailAFileAsTheKinesisAgentDoes();
    void alarmsAreDefinedEvaluatedAndNotified();
    void encryptionFromTheWindowPadlockAndStoredBytes();
    void consumeAllShardsFiltersInspectsAndExports();
    void consumeLatestAndSequenceNumbers();
    void consumeFollowsReshardingAndIsThrottled();
    void consumeByEnhancedFanOut();
    void capacityDialogScalesAndSwitchesModes();
    void capacityDialogExplainsOnDemandScaling();
    void copyAsAwsCli();
    void settingsPersistAcrossWindows();
    void keyboardShortcuts();
    void retentionDialogIncreasesDecreasesAndRefuses();
    void settingsDialogAppliesTheNewerOperations();
    void throughputAndHeatMapShowTheEngineMetrics();
    void theShardsTabShowsWhatEachShardHoldsUntilRetentionTrimsIt();
    void everyPageFitsAProjectorAt200Percent();
    void tagsDialogEditsTheStreamsTags();
    void zonesFromTheWindowOutagesAndAcknowledgements();
    void faultRulesReachTheWindowsOwnCalls();

  private:
    void openDialog(ui::MainWindow &w, CreateStreamDialog *&dialog);
    void createActive(const std::string &name, int shards);
    int openShards(const std::string &name);
    bool waitActive(const std::string &name);
    /// Shows the window on `name` and returns its hash bar once it shows the shards.
    ui::HashRangeBar *showStream(ui::MainWindow &w, const QString &name);
    std::shared_ptr<ScaledClock> m_clock;
    store::MemoryStorage *m_storage = nullptr;
    std::unique_ptr<service::EngineHost> m_host;
    std::unique_ptr<service::LocalBackend> m_backend;
};

void TestMainWindow::init()
{
    // Settings go to a test location, and every test starts from none.
    QStandardPaths::setTestModeEnabled(true);
    QSettings().clear();
    m_clock = std::make_shared<ScaledClock>();
    m_clock->setSpeed(100); // CREATING -> ACTIVE in 5 ms of real time
    auto storage = std::make_unique<store::MemoryStorage>();
    m_storage = storage.get();
    service::EngineHost::Options opts;
    opts.tickIntervalMs = 10;
    // Encrypted streams sealed as the embedded engine seals them (in memory here).
    opts.keys = kms::KeyService::inMemory("us-east-1", "000000000000",
                                          [c = m_clock] { return c->nowMs(); });
    m_host = std::make_unique<service::EngineHost>(
        std::make_unique<kms::SealedStorage>(std::move(storage), opts.keys->ring()), EngineConfig{},
        m_clock, opts);
    QVERIFY(m_host->start());
    m_backend
        = std::make_unique<service::LocalBackend>(*m_host, m_clock, QStringLiteral("/tmp/test"));
}

void TestMainWindow::cleanup()
{
    m_host->stop();
    m_backend.reset();
    m_host.reset();
}

void TestMainWindow::openDialog(ui::MainWindow &w, CreateStreamDialog *&dialog)
{
    w.newStreamAction()->trigger();
    dialog = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT((dialog = w.findChild<CreateStreamDialog *>()) != nullptr, 2000);
}

void TestMainWindow::opensOnTheEmptyState()
{
    ui::MainWindow w(*m_backend);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QCOMPARE(w.pages()->currentIndex(), 0);
    QVERIFY(!w.deleteStreamAction()->isEnabled());
    QVERIFY(w.findChild<QPushButton *>(QStringLiteral("emptyCreate"))->isVisible());
    QVERIFY(w.statusBar()->currentMessage().contains(QStringLiteral("/tmp/test")));
    // No larger than the screen (the offscreen screen is 800×600; a presenter's 200 % zoom makes
    // 1100×680 into 2200×1360 pixels on a 1920×1080 projector).
    const QSize screen = w.screen()->availableGeometry().size();
    QVERIFY2(w.width() <= screen.width() && w.height() <= screen.height(),
             qPrintable(QStringLiteral("%1×%2 on %3×%4")
                            .arg(w.width())
                            .arg(w.height())
                            .arg(screen.width())
                            .arg(screen.height())));
}

/// In a narrow stream list (a lesson window, a zoomed one), selecting a stream shows its name
/// even after a click on a column further right had scrolled the list sideways.
void TestMainWindow::aNarrowStreamListKeepsNamesInView()
{
    createActive("alpha", 1);
    createActive("beta", 1);
    ui::MainWindow w(*m_backend);
    w.resize(700, 500);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QVERIFY(QTest::qWaitFor([&] { return w.streamModel()->rowCount() == 2; }));
    auto *list = w.streamView();
    list->setFixedWidth(120); // narrower than its columns
    QVERIFY(QTest::qWaitFor([&] { return list->horizontalScrollBar()->maximum() > 0; }));
    int last = ui::StreamListModel::ColumnCount - 1;
    while (list->isColumnHidden(last))
        --last;
    list->setCurrentIndex(w.streamModel()->index(0, last)); // as a click on that column does
    QVERIFY(list->horizontalScrollBar()->value() > 0);
    w.selectStream(QStringLiteral("beta"));
    QCOMPARE(w.selectedStream(), QStringLiteral("beta"));
    QCOMPARE(list->horizontalScrollBar()->value(), 0);
}

void TestMainWindow::createStreamThroughTheDialog()
{
    ui::MainWindow w(*m_backend);
    w.show();
    CreateStreamDialog *dialog = nullptr;
    openDialog(w, dialog);
    QVERIFY(dialog);
    QVERIFY(!dialog->createButton()->isEnabled()); // no name yet
    QTest::keyClicks(dialog->nameEdit(), QStringLiteral("clicks"));
    dialog->shardCountSpin()->setValue(3);
    QVERIFY(dialog->copyCliButton()->isEnabled());
    QCOMPARE(dialog->cliCommand(),
             QStringLiteral("aws kinesis create-stream --stream-name clicks --shard-count 3"));
    QTest::mouseClick(dialog->createButton(), Qt::LeftButton);
    QTRY_COMPARE(w.pages()->currentIndex(), 1);
    QTRY_COMPARE(w.streamModel()->rowCount(), 1);
    QTRY_COMPARE(w.streamModel()->index(0, ui::StreamListModel::StatusColumn).data().toString(),
                 QStringLiteral("ACTIVE"));
    QCOMPARE(w.selectedStream(), QStringLiteral("clicks"));
    QCOMPARE(w.shardTable()->rowCount(), 3);
    QVERIFY(w.shardTable()
                ->item(2, ui::ShardsPage::RangeColumn)
                ->text()
                .endsWith(QStringLiteral("– 340282366920938463463374607431768211455")));
    QCOMPARE(w.shardTable()->item(0, ui::ShardsPage::ShareColumn)->text(),
             QStringLiteral("33.33 %"));
    QVERIFY(w.deleteStreamAction()->isEnabled());
    // The notice that said CREATING says ACTIVE once it is.
    QTRY_VERIFY(w.findChild<QLabel *>(QStringLiteral("notice"))
                    ->text()
                    .contains(QStringLiteral("is ACTIVE")));
}

void TestMainWindow::refusedCreateShowsTheReasonInline()
{
    ui::MainWindow w(*m_backend);
    w.show();
    CreateStreamDialog *dialog = nullptr;
    openDialog(w, dialog);
    QTest::keyClicks(dialog->nameEdit(), QStringLiteral("dup"));
    QTest::mouseClick(dialog->createButton(), Qt::LeftButton);
    QTRY_COMPARE(w.streamModel()->rowCount(), 1);
    QTRY_VERIFY(w.findChild<CreateStreamDialog *>() == nullptr); // closed on success
    openDialog(w, dialog);
    QTest::keyClicks(dialog->nameEdit(), QStringLiteral("dup"));
    QTest::mouseClick(dialog->createButton(), Qt::LeftButton);
    QTRY_VERIFY(dialog->errorLabel()->isVisible());
    const QString text = dialog->errorLabel()->text();
    QVERIFY2(text.contains(QStringLiteral("Cannot create stream 'dup'")), qPrintable(text));
    QVERIFY(text.contains(QStringLiteral("Stream dup under account 000000000000 already exists.")));
    QVERIFY(text.contains(QStringLiteral("ResourceInUseException")));
    QVERIFY(text.contains(QStringLiteral("Choose another name")));
    QVERIFY(dialog->isVisible()); // nothing typed is lost
    QCOMPARE(dialog->nameEdit()->text(), QStringLiteral("dup"));
    dialog->reject();
}

void TestMainWindow::deleteRemovesTheStream()
{
    ui::MainWindow w(*m_backend);
    w.show();
    CreateStreamRequest c;
    c.streamName = "gone";
    c.shardCount = 1;
    QVERIFY(m_host->call<void>([c](Engine &e) { return e.createStream(c); }));
    QTRY_COMPARE(w.streamModel()->rowCount(), 1);
    QTRY_VERIFY(w.deleteStreamAction()->isEnabled());
    // The confirmation names the stream and the CLI line; declining keeps it.
    QString asked;
    w.setConfirmer([&asked](const QString &, const QString &text) {
        asked = text;
        return false;
    });
    w.deleteStreamAction()->trigger();
    QVERIFY(asked.contains(QStringLiteral("'gone'")));
    QVERIFY(asked.contains(QStringLiteral("aws kinesis delete-stream --stream-name gone")));
    m_host->flush(); // a delete, had one been sent, would have been answered by now
    const auto kept = m_host->call<StreamDescriptionSummary>([](Engine &e) {
        return e.describeStreamSummary(StreamRef{"gone", {}});
    });
    QVERIFY(kept && kept->status != StreamStatus::Deleting);
    QCOMPARE(w.streamModel()->rowCount(), 1);
    w.setConfirmer([](const QString &, const QString &) { return true; });
    w.deleteStreamAction()->trigger();
    QTRY_COMPARE(w.streamModel()->rowCount(), 0);
    QTRY_COMPARE(w.pages()->currentIndex(), 0);
}

void TestMainWindow::storageFailureShowsABanner()
{
    ui::MainWindow w(*m_backend);
    w.show();
    CreateStreamRequest c;
    c.streamName = "s";
    c.shardCount = 1;
    QVERIFY(m_host->call<void>([c](Engine &e) { return e.createStream(c); }));
    QVERIFY(!w.banner()->isVisible());
    m_storage->failNextCommits(1, "Cannot commit: database or disk is full");
    CreateStreamRequest d;
    d.streamName = "t";
    d.shardCount = 1;
    QVERIFY(!m_host->call<void>([d](Engine &e) { return e.createStream(d); }));
    QTRY_VERIFY(w.banner()->isVisible());
    QVERIFY(w.banner()->text().contains(QStringLiteral("database or disk is full")));
    QVERIFY(w.banner()->text().contains(QStringLiteral("read-only")));
}

void TestMainWindow::engineSpeedControlsTheClock()
{
    ui::MainWindow w(*m_backend);
    QComboBox *speed = w.speedCombo();
    QVERIFY(speed);
    speed->setCurrentIndex(speed->findData(0.0));
    QCOMPARE(m_clock->speed(), 0.0);
    const auto t = m_clock->nowMs();
    QTest::qWait(50);
    QCOMPARE(m_clock->nowMs(), t);
    speed->setCurrentIndex(speed->findData(3600.0));
    QCOMPARE(m_clock->speed(), 3600.0);
    QTRY_VERIFY(w.findChild<QLabel *>(QStringLiteral("engineClock"))
                    ->text()
                    .contains(QStringLiteral("3600")));
}

void TestMainWindow::limitsProfileIsShownAndSwitchable()
{
    ui::MainWindow w(*m_backend);
    w.show();
    QComboBox *limits = w.limitsCombo();
    auto *label = w.findChild<QLabel *>(QStringLiteral("limitsLabel"));
    QTRY_COMPARE(label->text(), QStringLiteral("Limits: aws"));
    QCOMPARE(limits->currentData().toString(), QStringLiteral("aws"));
    QVERIFY(label->toolTip().contains(QStringLiteral("1000 records/s")));
    limits->setCurrentIndex(limits->findData(QStringLiteral("off")));
    Q_EMIT limits->activated(limits->currentIndex());
    QTRY_COMPARE(label->text(), QStringLiteral("Limits: off"));
    QCOMPARE(
        m_host->call<std::string>([](Engine &e) -> Result<std::string> { return e.limits().name; })
            .value(),
        std::string("off"));
}

using shs::test::dragOn;
using shs::test::mouse;

void TestMainWindow::createActive(const std::string &name, int shards)
{
    CreateStreamRequest c;
    c.streamName = name;
    c.shardCount = shards;
    QVERIFY(m_host->call<void>([c](Engine &e) { return e.createStream(c); }));
    QTRY_VERIFY(m_host
                    ->call<StreamDescriptionSummary>([name](Engine &e) {
                        return e.describeStreamSummary(StreamRef{name, {}});
                    })
                    .value()
                    .status
                == StreamStatus::Active);
}

bool TestMainWindow::waitActive(const std::string &name)
{
    return QTest::qWaitFor([&] {
        auto s = m_host->call<StreamDescriptionSummary>([name](Engine &e) {
            return e.describeStreamSummary(StreamRef{name, {}});
        });
        return s && s->status == StreamStatus::Active;
    });
}

int TestMainWindow::openShards(const std::string &name)
{
    return m_host
        ->call<StreamDescriptionSummary>([name](Engine &e) {
            return e.describeStreamSummary(StreamRef{name, {}});
        })
        .value()
        .openShardCount;
}

ui::HashRangeBar *TestMainWindow::showStream(ui::MainWindow &w, const QString &name)
{
    w.show();
    if (!QTest::qWaitForWindowExposed(&w))
        return nullptr;
    w.selectStream(name);
    auto *bar = w.hashBar();
    return QTest::qWaitFor([bar] { return bar->shardAt(10).has_value(); }) ? bar : nullptr;
}

void TestMainWindow::dragOnTheBarSplitsTheShard()
{
    createActive("clicks", 2);
    ui::MainWindow w(*m_backend);
    auto *bar = showStream(w, QStringLiteral("clicks"));
    QVERIFY(bar);
    QString asked;
    w.setConfirmer([&](const QString &, const QString &text) {
        asked = text;
        return true;
    });
    const int width = bar->width();
    QVERIFY(width > 200);
    // Drag inside the first shard (the left half) and release at a fifth of the bar.
    const double release = width / 5.0;
    const std::string key = bar->mapping().keyAtX(release).toDecimal();
    dragOn(bar, width / 10.0, release);
    QVERIFY2(asked.contains(QString::fromStdString(key)), qPrintable(asked));
    QVERIFY(asked.contains(QStringLiteral("shardId-000000000000")));
    // The engine split shard 0 at that key; once ACTIVE the bar shows the two children.
    QTRY_COMPARE(openShards("clicks"), 3);
    QTRY_VERIFY_WITH_TIMEOUT(bar->shardAt(release + 2).has_value()
                                 && bar->shardAt(release + 2)->shardId
                                        == QStringLiteral("shardId-000000000003"),
                             5000);
    const auto left = bar->shardAt(release - 2);
    QVERIFY(left.has_value());
    QCOMPARE(left->shardId, QStringLiteral("shardId-000000000002"));
    QCOMPARE(left->end.plusOne().toDecimal(), key);
    QCOMPARE(bar->shardAt(width - 5)->shardId, QStringLiteral("shardId-000000000001"));
    // The shard table lists the closed parent as well.
    QTRY_COMPARE(w.shardTable()->rowCount(), 4);
    // The bar says the split is done — and stops saying it once the parent it names has expired
    // (two engine days later, past the 24-hour retention), rather than go stale.
    QTRY_VERIFY2_WITH_TIMEOUT(
        bar->message().startsWith(QStringLiteral("Done: shardId-000000000000 closed")),
        qPrintable(bar->message()), 10'000);
    m_clock->advance(49LL * 3600 * 1000);
    QTRY_VERIFY_WITH_TIMEOUT(w.shardTable()->rowCount() == 3, 10'000);
    QTRY_VERIFY2(bar->message().isEmpty(), qPrintable(bar->message()));
}

void TestMainWindow::declinedSplitChangesNothing()
{
    createActive("keep", 1);
    ui::MainWindow w(*m_backend);
    auto *bar = showStream(w, QStringLiteral("keep"));
    QVERIFY(bar);
    int asked = 0;
    w.setConfirmer([&](const QString &, const QString &) {
        ++asked;
        return false;
    });
    dragOn(bar, 50, 200);
    QCOMPARE(asked, 1);
    QCOMPARE(bar->message(), QStringLiteral("Split cancelled."));
    m_host->flush(); // a split, had one been sent, would have been answered by now
    QCOMPARE(openShards("keep"), 1);
}

void TestMainWindow::boundaryClickMergesNeighbours()
{
    createActive("pairs", 2);
    ui::MainWindow w(*m_backend);
    auto *bar = showStream(w, QStringLiteral("pairs"));
    QVERIFY(bar);
    QString asked;
    w.setConfirmer([&](const QString &, const QString &text) {
        asked = text;
        return true;
    });
    const double boundary = bar->mapping().xForKey(bar->shardAt(bar->width() - 5)->start);
    mouse(bar, QEvent::MouseButtonPress, boundary);
    mouse(bar, QEvent::MouseButtonRelease, boundary);
    QVERIFY(asked.contains(QStringLiteral("Merge shardId-000000000000 and shardId-000000000001")));
    // The confirmation predicts the merged shard's load from the parents' recent writes.
    QVERIFY2(asked.contains(QStringLiteral("the merged shard")), qPrintable(asked));
    QTRY_COMPARE(openShards("pairs"), 1);
    QTRY_VERIFY(bar->shardAt(10).has_value()
                && bar->shardAt(10)->shardId == QStringLiteral("shardId-000000000002"));
    QCOMPARE(bar->shardAt(bar->width() - 5)->shardId, QStringLiteral("shardId-000000000002"));
}

void TestMainWindow::refusedSplitIsExplainedOnTheBar()
{
    createActive("busy", 2);
    ui::MainWindow w(*m_backend);
    auto *bar = showStream(w, QStringLiteral("busy"));
    QVERIFY(bar);
    w.setConfirmer([](const QString &, const QString &) { return true; });
    // Stop the clock so that the first split keeps the stream UPDATING; the second is refused.
    m_clock->setSpeed(0);
    dragOn(bar, 20, bar->width() / 6.0);
    QTRY_VERIFY(bar->message().contains(QStringLiteral("UPDATING")));
    dragOn(bar, bar->width() - 20, bar->width() * 0.8);
    QTRY_VERIFY(bar->message().contains(QStringLiteral("ResourceInUseException")));
    QVERIFY2(bar->message().contains(QStringLiteral("shardId-000000000001")),
             qPrintable(bar->message()));
    m_clock->setSpeed(100);
    QTRY_COMPARE(openShards("busy"), 3);
}

void TestMainWindow::barColoursShardsByWriteLoad()
{
    createActive("hot", 2);
    ui::MainWindow w(*m_backend);
    auto *bar = showStream(w, QStringLiteral("hot"));
    QVERIFY(bar);
    const QImage idle = bar->grab().toImage();
    // Sample near the top of the bar, away from the centred shard labels.
    const QColor idleColour = QColor::fromHsvF(0.47, 0.45, 0.80);
    const auto near = [](const QColor &a, const QColor &b) {
        return std::abs(a.red() - b.red()) <= 2 && std::abs(a.green() - b.green()) <= 2
               && std::abs(a.blue() - b.blue()) <= 2;
    };
    QVERIFY2(near(idle.pixelColor(bar->width() / 8, 8), idleColour),
             qPrintable(idle.pixelColor(bar->width() / 8, 8).name()));
    // Write ~3,000 records/s into one partition key for a few engine seconds: over the limit.
    m_clock->setSpeed(1);
    QElapsedTimer t;
    t.start();
    int throttled = 0;
    while (t.elapsed() < 2500) {
        PutRecordsRequest req;
        req.stream.name = "hot";
        for (int i = 0; i < 300; ++i)
            req.records.push_back({std::string(10, 'x'), "one-hot-key", std::nullopt});
        auto r = m_host->call<PutRecordsResult>(
            [req](Engine &e) mutable { return e.putRecords(std::move(req)); });
        QVERIFY(r);
        throttled += r.value().failedRecordCount;
        QTest::qWait(100);
    }
    QVERIFY(throttled > 0);
    // The shard holding MD5("one-hot-key") turns from teal to red-hatched; its neighbour stays
    // idle.
    QTRY_VERIFY_WITH_TIMEOUT(bar->grab().toImage() != idle, 3000);
    const QImage hot = bar->grab().toImage();
    const QColor left = hot.pixelColor(bar->width() / 8, 8);
    const QColor right = hot.pixelColor(bar->width() * 5 / 8, 8);
    // One shard is red (hue near 0, past the limit), the other still the idle teal.
    const auto isHot = [](const QColor &c) {
        return c.hsvHueF() >= 0 && (c.hsvHueF() < 0.15 || c.hsvHueF() > 0.95)
               && c.hsvSaturationF() > 0.5;
    };
    const auto isIdle = [&](const QColor &c) { return near(c, idleColour); };
    QVERIFY2((isHot(left) && isIdle(right)) || (isHot(right) && isIdle(left)),
             qPrintable(QStringLiteral("left %1, right %2").arg(left.name(), right.name())));
}

void TestMainWindow::routingExplainerAgreesWithTheEngine()
{
    // Three shards (uneven: 2^128 does not divide by 3), then shard 1 split off-centre.
    createActive("routes", 3);
    QVERIFY(m_host->call<void>([](Engine &e) {
        return e.splitShard(
            {{"routes", {}}, "shardId-000000000001", "150000000000000000000000000000000000000"});
    }));
    QTRY_COMPARE(openShards("routes"), 4);
    ui::MainWindow w(*m_backend);
    auto *bar = showStream(w, QStringLiteral("routes"));
    QVERIFY(bar);
    QTRY_VERIFY(bar->shardAt(bar->width() / 2.0).has_value()
                && bar->shardAt(bar->width() / 2.0)->shardId
                       != QStringLiteral("shardId-000000000001"));
    auto *router = w.routingExplainer();
    QVERIFY(router);
    const QStringList partitionKeys{QStringLiteral("a"),
                                    QStringLiteral("user-42"),
                                    QStringLiteral("order#2026-11-26"),
                                    QString::fromUtf8("日本語のキー"),
                                    QString::fromUtf8("🎉 party"),
                                    QString(256, QLatin1Char('k'))};
    QSet<QString> shardsSeen;
    for (int i = 0; i < 200; ++i) {
        const QString pk
            = i < partitionKeys.size() ? partitionKeys[i] : QStringLiteral("device-%1").arg(i);
        router->explain(pk, false);
        QVERIFY2(router->route().has_value(), qPrintable(pk));
        auto put = m_host->call<PutRecordResult>([pk](Engine &e) {
            return e.putRecord({{"routes", {}}, "d", pk.toStdString(), std::nullopt, std::nullopt});
        });
        QVERIFY(put);
        QCOMPARE(router->route()->shardId, QString::fromStdString(put->shardId));
        QCOMPARE(bar->marker(), std::optional<HashKey>(router->route()->key));
        shardsSeen.insert(router->route()->shardId);
    }
    QCOMPARE(shardsSeen.size(), 4);
    // Known digest: MD5("a") = 0cc175b9c0f1b6a831c399e269772661.
    router->explain(QStringLiteral("a"), false);
    QCOMPARE(router->route()->md5Hex, QStringLiteral("0cc175b9c0f1b6a831c399e269772661"));
    QCOMPARE(QString::fromStdString(router->route()->key.toDecimal()),
             QStringLiteral("16955237001963240173058271559858726497"));
    QVERIFY(router->resultText().contains(QStringLiteral("0cc175b9c0f1b6a831c399e269772661")));
    // Explicit hash keys, including both sides of every boundary.
    QStringList explicitKeys{QStringLiteral("0"),
                             QStringLiteral("340282366920938463463374607431768211455"),
                             QStringLiteral("150000000000000000000000000000000000000"),
                             QStringLiteral("149999999999999999999999999999999999999")};
    auto shards = m_host->call<ListShardsResult>([](Engine &e) {
        ListShardsRequest r;
        r.stream.name = "routes";
        return e.listShards(r);
    });
    QVERIFY(shards);
    for (const auto &sh : shards->shards) {
        explicitKeys << QString::fromStdString(sh.startingHashKey.toDecimal())
                     << QString::fromStdString(sh.endingHashKey.toDecimal());
    }
    for (const QString &k : explicitKeys) {
        router->explain(k, true);
        QVERIFY2(router->route().has_value(), qPrintable(k));
        auto put = m_host->call<PutRecordResult>([k](Engine &e) {
            return e.putRecord({{"routes", {}}, "d", "ignored", k.toStdString(), std::nullopt});
        });
        QVERIFY(put);
        QCOMPARE(router->route()->shardId, QString::fromStdString(put->shardId));
        QVERIFY(router->route()->md5Hex.isEmpty());
    }
    // A click on empty space below the streams keeps the stream shown (in a lesson the views
    // went blank).
    router->explain(QStringLiteral("user-42"), false);
    QVERIFY(bar->marker().has_value());
    auto *viewport = w.streamView()->viewport();
    const QPoint below(viewport->width() / 2, viewport->height() - 5);
    QVERIFY(!w.streamView()->indexAt(below).isValid());
    QTest::mouseClick(viewport, Qt::LeftButton, {}, below);
    QTest::mouseClick(viewport, Qt::RightButton, {}, below);
    QCOMPARE(w.selectedStream(), QStringLiteral("routes"));
    QVERIFY(bar->marker().has_value());
    // Clearing the selection otherwise: the marker and the bar's messages go with the stream;
    // the key typed stays and routes again on the next stream.
    bar->setMessage(QStringLiteral("Merging …"), false);
    w.streamView()->selectionModel()->clearSelection();
    QTRY_VERIFY(!bar->marker().has_value());
    QVERIFY(bar->message().isEmpty());
    QCOMPARE(router->input()->text(), QStringLiteral("user-42"));
    w.selectStream(QStringLiteral("routes"));
    QTRY_VERIFY(bar->marker().has_value());
}

void TestMainWindow::routingExplainerRefusesWhatPutRecordRefuses()
{
    createActive("strict", 2);
    ui::MainWindow w(*m_backend);
    auto *bar = showStream(w, QStringLiteral("strict"));
    QVERIFY(bar);
    auto *router = w.routingExplainer();
    router->explain(QStringLiteral("user-1"), false);
    QVERIFY(bar->marker().has_value());
    const struct
    {
        QString input;
        bool explicitKey;
        const char *reason;
    } cases[]
        = {{QString(257, QLatin1Char('k')), false, "1 to 256"},
           {QStringLiteral("abc"), true, "not a hash key"},
           {QStringLiteral("-1"), true, "not a hash key"},
           {QStringLiteral("340282366920938463463374607431768211456"), true, "not a hash key"},
           {QStringLiteral("007"), true, "not a hash key"}};
    for (const auto &c : cases) {
        router->explain(c.input, c.explicitKey);
        QVERIFY2(!router->route().has_value(), qPrintable(c.input));
        QVERIFY2(router->resultText().contains(QLatin1String(c.reason)),
                 qPrintable(router->resultText()));
        QVERIFY(!bar->marker().has_value());
        // The engine refuses the same input.
        const std::string in = c.input.toStdString();
        const bool ex = c.explicitKey;
        auto put = m_host->call<PutRecordResult>([in, ex](Engine &e) {
            return e.putRecord({{"strict", {}},
                                "d",
                                ex ? std::string("pk") : in,
                                ex ? std::optional<std::string>(in) : std::nullopt,
                                std::nullopt});
        });
        QVERIFY2(!put, qPrintable(c.input));
    }
    // Typing into the field explains as you type.
    router->explicitBox()->setChecked(false);
    router->input()->clear();
    QTest::keyClicks(router->input(), QStringLiteral("abc"));
    QVERIFY(router->route().has_value());
    QCOMPARE(router->route()->md5Hex, QStringLiteral("900150983cd24fb0d6963f7d28e17f72"));
}

void TestMainWindow::lineageShowsParentsAboveChildren()
{
    createActive("family", 2);
    ui::MainWindow w(*m_backend);
    auto *bar = showStream(w, QStringLiteral("family"));
    QVERIFY(bar);
    auto *lineage = w.lineageView();
    QCOMPARE(lineage->generations(), 1);
    QCOMPARE(w.shardTabs()->tabText(1), QStringLiteral("Lineage (1 generation)"));
    // Split shard 0 into 2 and 3, then merge 3 with 1 into 4.
    QVERIFY(m_host->call<void>([](Engine &e) {
        return e.splitShard(
            {{"family", {}}, "shardId-000000000000", "85070591730234615865843651857942052864"});
    }));
    QTRY_COMPARE(openShards("family"), 3);
    QVERIFY(waitActive("family"));
    QVERIFY(m_host->call<void>([](Engine &e) {
        return e.mergeShards({{"family", {}}, "shardId-000000000003", "shardId-000000000001"});
    }));
    QTRY_COMPARE(openShards("family"), 2);
    QTRY_COMPARE(lineage->generations(), 3);
    QCOMPARE(w.shardTabs()->tabText(1), QStringLiteral("Lineage (3 generations)"));
    QCOMPARE(lineage->generationOf(QStringLiteral("shardId-000000000000")), 0);
    QCOMPARE(lineage->generationOf(QStringLiteral("shardId-000000000001")), 0);
    QCOMPARE(lineage->generationOf(QStringLiteral("shardId-000000000002")), 1);
    QCOMPARE(lineage->generationOf(QStringLiteral("shardId-000000000003")), 1);
    QCOMPARE(lineage->generationOf(QStringLiteral("shardId-000000000004")), 2);
    w.shardTabs()->setCurrentIndex(1);
    QTRY_VERIFY(lineage->width() > 100);
    // Parents sit above their children; a child spans exactly its parents' keys.
    const QRectF p0 = lineage->boxOf(QStringLiteral("shardId-000000000000"));
    const QRectF c2 = lineage->boxOf(QStringLiteral("shardId-000000000002"));
    const QRectF c3 = lineage->boxOf(QStringLiteral("shardId-000000000003"));
    const QRectF p1 = lineage->boxOf(QStringLiteral("shardId-000000000001"));
    const QRectF m4 = lineage->boxOf(QStringLiteral("shardId-000000000004"));
    QVERIFY(p0.bottom() < c2.top() && c2.bottom() < m4.top());
    QVERIFY(std::abs(c2.left() - p0.left()) < 1 && std::abs(c3.right() - p0.right()) < 1);
    QVERIFY(std::abs(c2.right() - c3.left()) < 1);
    QVERIFY(std::abs(m4.left() - c3.left()) < 1 && std::abs(m4.right() - p1.right()) < 1);
    QCOMPARE(lineage->shardAt(m4.center()), QStringLiteral("shardId-000000000004"));
    // Every box says which shard it is; a narrow one keeps at least its number.
    QCOMPARE(lineage->labelOf(QStringLiteral("shardId-000000000003")).value(0),
             QStringLiteral("#3 (closed)"));
    QVERIFY(lineage->labelOf(QStringLiteral("shardId-000000000004"))
                .value(1)
                .startsWith(QStringLiteral("since ")));
    ui::LineageView narrow;
    QList<ui::LineageView::Node> nodes;
    nodes.append({QStringLiteral("shardId-000000000000"),
                  {},
                  {},
                  HashKey(),
                  HashKey::max(),
                  false,
                  0,
                  15'000});
    nodes.append({QStringLiteral("shardId-000000000001"),
                  QStringLiteral("shardId-000000000000"),
                  {},
                  HashKey(),
                  HashKey(std::uint64_t(1) << 63, 0).minusOne(),
                  true,
                  15'000,
                  0});
    nodes.append({QStringLiteral("shardId-000000000002"),
                  QStringLiteral("shardId-000000000000"),
                  {},
                  HashKey(std::uint64_t(1) << 63, 0),
                  HashKey::max(),
                  false,
                  15'000,
                  30'000});
    narrow.setNodes(nodes);
    narrow.resize(QFontMetrics(narrow.font()).horizontalAdvance(QStringLiteral("#2 (closed)")) * 2,
                  200);
    // Too narrow for "(closed)" and the whole span: the number and the closing time.
    const QStringList twoLines = narrow.labelOf(QStringLiteral("shardId-000000000002"));
    QCOMPARE(twoLines.size(), 2);
    QCOMPARE(twoLines[0], QStringLiteral("#2"));
    QVERIFY2(twoLines[1].startsWith(QStringLiteral("–00:00")), qPrintable(twoLines[1]));
    // Narrower still (a 64-shard stream): the number and the closing minute, then the number.
    narrow.resize(QFontMetrics(narrow.font()).horizontalAdvance(QStringLiteral("–00:00")) * 2 + 24,
                  200);
    QCOMPARE(narrow.labelOf(QStringLiteral("shardId-000000000002")),
             (QStringList{QStringLiteral("#2"), QStringLiteral("–00:00")}));
    narrow.resize(QFontMetrics(narrow.font()).horizontalAdvance(QStringLiteral("#2")) * 2 + 24,
                  200);
    QCOMPARE(narrow.labelOf(QStringLiteral("shardId-000000000002")),
             QStringList{QStringLiteral("#2")});
    narrow.resize(QFontMetrics(narrow.font()).horizontalAdvance(QStringLiteral("#2 (closed)")) * 2,
                  200);
    QCOMPARE(narrow.labelOf(QStringLiteral("shardId-000000000000")).value(0),
             QStringLiteral("#0 (closed)"));
    // The bar shows only the open shards: 2 and 4.
    QTRY_COMPARE(bar->shardAt(5)->shardId, QStringLiteral("shardId-000000000002"));
    QCOMPARE(bar->shardAt(bar->width() - 5)->shardId, QStringLiteral("shardId-000000000004"));
}

namespace {
std::int64_t recordsIn(service::EngineHost &host, const std::string &stream)
{
    std::int64_t total = 0;
    auto shards = host.call<ListShardsResult>([stream](Engine &e) {
        ListShardsRequest r;
        r.stream.name = stream;
        return e.listShards(r);
    });
    for (const auto &sh : shards->shards) {
        auto it = host.call<GetShardIteratorResult>([stream, id = sh.shardId](Engine &e) {
            return e.getShardIterator({{stream, {}}, id, ShardIteratorType::TrimHorizon, {}, {}});
        });
        auto recs = host.getRecords({it->shardIterator, 10000, {}});
        if (recs)
            total += std::int64_t(recs->records.size());
    }
    return total;
}
} // namespace

void TestMainWindow::publishOneRecord()
{
    createActive("pub", 2);
    ui::MainWindow w(*m_backend);
    QVERIFY(showStream(w, QStringLiteral("pub")));
    auto *pub = w.publishPanel();
    QCOMPARE(pub->stream(), QStringLiteral("pub"));
    w.shardTabs()->setCurrentIndex(2);
    // JSON that does not parse: refused in the panel, nothing sent.
    pub->partitionKeyEdit()->setText(QStringLiteral("user-42"));
    pub->formatCombo()->setCurrentIndex(
        pub->formatCombo()->findData(int(ui::PublishPanel::DataFormat::Json)));
    pub->dataEdit()->setPlainText(QStringLiteral(R"({"page": )"));
    QTest::mouseClick(pub->sendButton(), Qt::LeftButton);
    QVERIFY2(pub->resultLabel()->text().contains(QStringLiteral("not valid JSON")),
             qPrintable(pub->resultLabel()->text()));
    QVERIFY(pub->resultLabel()->text().contains(QStringLiteral("'pub'")));
    QCOMPARE(recordsIn(*m_host, "pub"), 0);
    // Valid JSON: stored, and the answer names the shard the routing explainer predicts.
    pub->dataEdit()->setPlainText(QStringLiteral(R"({"page": "/cart"})"));
    QTest::mouseClick(pub->sendButton(), Qt::LeftButton);
    QTRY_VERIFY(pub->resultLabel()->text().contains(QStringLiteral("Stored in")));
    w.routingExplainer()->explain(QStringLiteral("user-42"), false);
    QVERIFY(pub->resultLabel()->text().contains(w.routingExplainer()->route()->shardId));
    QCOMPARE(recordsIn(*m_host, "pub"), 1);
    // No partition key: the engine's ValidationException, explained inline.
    pub->partitionKeyEdit()->clear();
    QTest::mouseClick(pub->sendButton(), Qt::LeftButton);
    QTRY_VERIFY(pub->resultLabel()->text().contains(QStringLiteral("ValidationException")));
    QVERIFY(pub->resultLabel()->text().contains(QStringLiteral("partitionKey")));
    // Hex bytes with an explicit hash key at the top of the key space: the last shard.
    pub->partitionKeyEdit()->setText(QStringLiteral("k"));
    pub->explicitHashKeyEdit()->setText(QStringLiteral("340282366920938463463374607431768211455"));
    pub->formatCombo()->setCurrentIndex(
        pub->formatCombo()->findData(int(ui::PublishPanel::DataFormat::Hex)));
    pub->dataEdit()->setPlainText(QStringLiteral("de ad be ef"));
    QTest::mouseClick(pub->sendButton(), Qt::LeftButton);
    QTRY_VERIFY(
        pub->resultLabel()->text().contains(QStringLiteral("Stored in <b>shardId-000000000001")));
    QCOMPARE(recordsIn(*m_host, "pub"), 2);
}

void TestMainWindow::generatorIsThrottledAtTheShardLimit()
{
    createActive("gen", 1);
    ui::MainWindow w(*m_backend);
    QVERIFY(showStream(w, QStringLiteral("gen")));
    auto *pub = w.publishPanel();
    w.shardTabs()->setCurrentIndex(2);
    m_clock->setSpeed(1);
    // 3,000 records/s at one shard: it takes 1,000/s (plus a second of burst) and throttles the
    // rest.
    pub->rateSpin()->setValue(3000);
    pub->sizeSpin()->setValue(100);
    pub->distributionCombo()->setCurrentIndex(
        pub->distributionCombo()->findData(int(producer::KeyDistribution::HotKey)));
    QTest::mouseClick(pub->startButton(), Qt::LeftButton);
    QCOMPARE(pub->runs().size(), 1);
    auto *run = pub->runs().first();
    QVERIFY(run->running());
    QTRY_VERIFY_WITH_TIMEOUT(run->counts().throttled > 500, 10000);
    // However long its state grows, the run's Stop button stays in view: it stands before the
    // state, which takes (and elides to) what is left rather than growing past the view.
    auto *runs = pub->runsTable();
    int stateColumn = -1, stopColumn = -1;
    for (int col = 0; col < runs->columnCount(); ++col) {
        if (runs->horizontalHeaderItem(col)->text() == QStringLiteral("State"))
            stateColumn = col;
        if (runs->cellWidget(0, col))
            stopColumn = col;
    }
    QVERIFY(stateColumn >= 0 && stopColumn >= 0);
    QVERIFY(stopColumn < stateColumn);
    QCOMPARE(runs->horizontalHeader()->sectionResizeMode(stateColumn), QHeaderView::Stretch);
    pub->stopRun(run);
    QVERIFY(!run->running());
    QTRY_COMPARE(run->inFlight(), 0);
    const auto c = run->counts();
    QVERIFY(c.acknowledged > 0);
    QCOMPARE(c.failed, 0);
    QCOMPARE(c.retried, 0);
    // The table shows the counts, and they stop moving once stopped.
    QCOMPARE(pub->runsTable()->item(0, 2)->text(), QString::number(c.acknowledged));
    QCOMPARE(pub->runsTable()->item(0, 3)->text(), QString::number(c.throttled));
    // A stopped run sends nothing even when its loop step runs; with every call the engine had
    // answered and delivered, the counts and the stream agree.
    run->tick();
    QCOMPARE(run->inFlight(), 0);
    m_host->flush();
    QCoreApplication::processEvents();
    QCOMPARE(run->counts().acknowledged, c.acknowledged);
    QCOMPARE(recordsIn(*m_host, "gen"), c.acknowledged);
}

void TestMainWindow::generatorRetriesThrottledRecords()
{
    createActive("retry", 1);
    ui::MainWindow w(*m_backend);
    QVERIFY(showStream(w, QStringLiteral("retry")));
    auto *pub = w.publishPanel();
    m_clock->setSpeed(1);
    pub->rateSpin()->setValue(1500);
    pub->sizeSpin()->setValue(50);
    pub->retryBox()->setChecked(true);
    QTest::mouseClick(pub->startButton(), Qt::LeftButton);
    auto *run = pub->runs().first();
    QTRY_VERIFY_WITH_TIMEOUT(run->counts().retried > 100 && run->counts().acknowledged > 1500,
                             10000);
    pub->stopRun(run);
    QTRY_COMPARE(run->inFlight(), 0);
    // Every acknowledged record is stored once: a retry resends only what was throttled.
    QCOMPARE(recordsIn(*m_host, "retry"), run->counts().acknowledged);
    QVERIFY(run->spec().retryThrottled);
}

// At 60× a 4,500 records/s generator stores a sample and carries the rest; its row says which,
// and why, and stopping it ends the carried load too.
void TestMainWindow::generatorCarriesWhatItCannotStoreWithTimeSpedUp()
{
    createActive("fast", 8);
    ui::MainWindow w(*m_backend);
    QVERIFY(showStream(w, QStringLiteral("fast")));
    auto *pub = w.publishPanel();
    w.showPage(QStringLiteral("publish"));
    m_clock->setSpeed(60);
    pub->rateSpin()->setValue(4500);
    QTest::mouseClick(pub->startButton(), Qt::LeftButton);
    auto *run = pub->runs().first();
    QTRY_VERIFY_WITH_TIMEOUT(run->counts().carried > 100'000, 15000);
    auto *runs = pub->runsTable();
    int stateColumn = -1;
    for (int col = 0; col < runs->columnCount(); ++col)
        if (runs->horizontalHeaderItem(col)->text() == QStringLiteral("State"))
            stateColumn = col;
    QTRY_VERIFY(runs->item(0, 2)->text().contains(QStringLiteral(" carried")));
    QVERIFY2(runs->item(0, 2)->text().contains(QStringLiteral(" stored + ")),
             qPrintable(runs->item(0, 2)->text()));
    const QString state = runs->item(0, stateColumn)->text();
    QVERIFY2(state.contains(QStringLiteral("stores 333 records/s, carries 4,167")),
             qPrintable(state));
    QVERIFY(runs->item(0, stateColumn)->toolTip().contains(QStringLiteral("not stored")));
    pub->stopRun(run);
    m_clock->setSpeed(0);
    QTRY_COMPARE(run->inFlight(), 0);
    m_host->flush();
    QTRY_VERIFY(runs->item(0, stateColumn)->text().contains(QStringLiteral("carried ")));
    const auto c = run->counts();
    // Stored records are in the stream; carried ones only in its metrics.
    QCOMPARE(recordsIn(*m_host, "fast"), c.acknowledged);
    QVERIFY(c.carried > 10 * c.acknowledged);
}

namespace {
std::vector<PutRecordResult> putMany(service::EngineHost &host, const std::string &stream,
                                     int count, const std::string &prefix)
{
    std::vector<PutRecordResult> out;
    for (int i = 0; i < count; ++i) {
        auto r = host.call<PutRecordResult>([=](Engine &e) {
            return e.putRecord({{stream, {}},
                                R"({"n":)" + std::to_string(i) + "}",
                                prefix + std::to_string(i % 5),
                                std::nullopt,
                                std::nullopt});
        });
        if (r)
            out.push_back(*r);
    }
    return out;
}

void choose(QComboBox *combo, const QVariant &data)
{
    combo->setCurrentIndex(combo->findData(data));
}
} // namespace

void TestMainWindow::consumeAllShardsFiltersInspectsAndExports()
{
    createActive("reads", 2);
    QCOMPARE(int(putMany(*m_host, "reads", 30, "key-").size()), 30);
    ui::MainWindow w(*m_backend);
    QVERIFY(showStream(w, QStringLiteral("reads")));
    auto *con = w.consumePanel();
    w.showPage(QStringLiteral("consume"));
    QCOMPARE(con->shardCombo()->count(), 3); // all shards + 2
    // Each shard with its state and its share of the hash-key space.
    QCOMPARE(con->shardCombo()->itemText(1),
             QStringLiteral("shardId-000000000000 — open, keys 0.0–50.0 %"));
    // AT_TIMESTAMP starts from a time that means something: five minutes ago, or the stream's
    // creation when that is later (here: the stream is younger than five minutes).
    choose(con->iteratorCombo(), int(ShardIteratorType::AtTimestamp));
    const auto snapshot = m_backend->mailbox().latest();
    std::int64_t created = 0;
    for (const auto &s : snapshot->streams)
        if (s.name == "reads")
            created = s.shards.front().createdMs;
    QVERIFY(created > m_backend->nowMs() - 5 * 60 * 1000);
    QCOMPARE(con->timestampEdit()->dateTime().toMSecsSinceEpoch(), created);
    choose(con->iteratorCombo(), int(ShardIteratorType::TrimHorizon));
    QTest::mouseClick(con->startButton(), Qt::LeftButton);
    QTRY_COMPARE(con->recordModel()->rowCount(), 30);
    QVERIFY(con->statusLabel()->text().contains(QStringLiteral("30 records")));
    QCOMPARE(con->startButton()->text(), QStringLiteral("Stop"));
    // Filter: key-3 was used for 6 of the 30 records.
    con->filterEdit()->setText(QStringLiteral("key-3"));
    QCOMPARE(con->filteredModel()->rowCount(), 6);
    QVERIFY2(
        con->statusLabel()->text().contains(QStringLiteral("30 records")) // read, and of them shown
            && con->statusLabel()->text().contains(
                QStringLiteral("6 shown: partition key contains “key-3”")),
        qPrintable(con->statusLabel()->text()));
    // Inspect: pretty JSON of the selected record.
    con->recordView()->setCurrentIndex(con->filteredModel()->index(0, 0));
    choose(con->inspectCombo(), int(ui::ConsumePanel::InspectAs::Json));
    QVERIFY2(con->inspector()->toPlainText().startsWith(QStringLiteral("{\n    \"n\": ")),
             qPrintable(con->inspector()->toPlainText()));
    // Export what passes the filter.
    QTemporaryDir dir;
    QString error;
    QVERIFY(con->exportTo(dir.filePath(QStringLiteral("r.csv")),
                          ui::ConsumePanel::ExportFormat::Csv, &error));
    QFile csv(dir.filePath(QStringLiteral("r.csv")));
    QVERIFY(csv.open(QIODevice::ReadOnly));
    const auto lines = csv.readAll().split('\n');
    QCOMPARE(lines.size(), 8); // header, 6 rows, trailing newline
    QVERIFY(lines[0].startsWith("shard_id,sequence_number,partition_key"));
    QVERIFY(lines[1].contains("\"key-3\""));
    QVERIFY(con->exportTo(dir.filePath(QStringLiteral("r.json")),
                          ui::ConsumePanel::ExportFormat::Json, &error));
    QFile json(dir.filePath(QStringLiteral("r.json")));
    QVERIFY(json.open(QIODevice::ReadOnly));
    const auto records = QJsonDocument::fromJson(json.readAll())
                             .object()
                             .value(QStringLiteral("Records"))
                             .toArray();
    QCOMPARE(records.size(), 6);
    const auto first = records.at(0).toObject();
    QCOMPARE(first.value(QStringLiteral("PartitionKey")).toString(), QStringLiteral("key-3"));
    QVERIFY(QByteArray::fromBase64(first.value(QStringLiteral("Data")).toString().toLatin1())
                .startsWith("{\"n\":"));
    QVERIFY(!con->exportTo(QStringLiteral("/nonexistent-dir/r.csv"),
                           ui::ConsumePanel::ExportFormat::Csv, &error));
    QVERIFY2(error.contains(QStringLiteral("/nonexistent-dir/r.csv")), qPrintable(error));
    // Live: new records show up without pressing anything.
    putMany(*m_host, "reads", 4, "late-");
    con->filterEdit()->clear();
    QVERIFY(!con->statusLabel()->text().contains(QStringLiteral("shown")));
    QTRY_COMPARE(con->recordModel()->rowCount(), 34);
    QTest::mouseClick(con->startButton(), Qt::LeftButton);
    QVERIFY(!con->reader()->running());
    QCOMPARE(con->startButton()->text(), QStringLiteral("Start reading"));
}

void TestMainWindow::consumeLatestAndSequenceNumbers()
{
    createActive("seqs", 1);
    const auto first = putMany(*m_host, "seqs", 10, "a-");
    ui::MainWindow w(*m_backend);
    QVERIFY(showStream(w, QStringLiteral("seqs")));
    auto *con = w.consumePanel();
    w.showPage(QStringLiteral("consume"));
    // A sequence number across all shards is refused inline, before any call.
    choose(con->iteratorCombo(), int(ShardIteratorType::AtSequenceNumber));
    con->sequenceEdit()->setText(QString::fromStdString(first[3].sequenceNumber));
    QTest::mouseClick(con->startButton(), Qt::LeftButton);
    QTRY_VERIFY(
        con->statusLabel()->text().contains(QStringLiteral("Pick the shard that holds it")));
    // On its shard: AFTER_SEQUENCE_NUMBER of record 3 gives records 4..9, page by page.
    choose(con->shardCombo(), QStringLiteral("shardId-000000000000"));
    choose(con->iteratorCombo(), int(ShardIteratorType::AfterSequenceNumber));
    choose(con->modeCombo(), false);
    QTest::mouseClick(con->startButton(), Qt::LeftButton);
    QTRY_VERIFY(con->nextPageButton()->isEnabled() && con->reader()->callsInFlight() == 0
                && con->reader()->counts().shardsReading == 1);
    QCOMPARE(con->recordModel()->rowCount(), 0); // page mode waits for the click
    QTest::mouseClick(con->nextPageButton(), Qt::LeftButton);
    QTRY_COMPARE(con->recordModel()->rowCount(), 6);
    QCOMPARE(con->recordModel()->row(0).sequenceNumber,
             QString::fromStdString(first[4].sequenceNumber));
    // The GetRecords loop is shown: the iterator sent, and the next one the answer named.
    QVERIFY2(con->statusLabel()->text().contains(
                 QStringLiteral("on shardId-000000000000 → 6 records and NextShardIterator")),
             qPrintable(con->statusLabel()->text()));
    QCOMPARE(con->reader()->lastCall()->records, std::size_t(6));
    QVERIFY(con->statusLabel()->toolTip().contains(
        QString::fromStdString(con->reader()->lastCall()->nextShardIterator)));
    QTest::mouseClick(con->startButton(), Qt::LeftButton); // stop
    // A sequence number that is not one: the engine's refusal, inline.
    choose(con->iteratorCombo(), int(ShardIteratorType::AtSequenceNumber));
    con->sequenceEdit()->setText(QStringLiteral("12345"));
    QTest::mouseClick(con->startButton(), Qt::LeftButton);
    QTRY_VERIFY(con->statusLabel()->text().contains(QStringLiteral("Exception")));
    QVERIFY(con->statusLabel()->text().contains(QStringLiteral("shardId-000000000000")));
    // LATEST, live: only what arrives after the start.
    choose(con->iteratorCombo(), int(ShardIteratorType::Latest));
    choose(con->modeCombo(), true);
    QTest::mouseClick(con->startButton(), Qt::LeftButton);
    QTRY_VERIFY(con->reader()->counts().calls >= 1);
    putMany(*m_host, "seqs", 3, "b-");
    QTRY_COMPARE(con->recordModel()->rowCount(), 3);
    QCOMPARE(con->recordModel()->row(0).partitionKey, QStringLiteral("b-0"));
    // AT_TIMESTAMP: the picker holds engine time; reading from the first record's time gets all.
    QTest::mouseClick(con->startButton(), Qt::LeftButton);
    choose(con->iteratorCombo(), int(ShardIteratorType::AtTimestamp));
    QVERIFY(con->timestampEdit()->isVisible());
    con->timestampEdit()->setDateTime(
        QDateTime::fromMSecsSinceEpoch(m_clock->nowMs() - 3600'000, QTimeZone::utc()));
    QTest::mouseClick(con->startButton(), Qt::LeftButton);
    QTRY_COMPARE(con->recordModel()->rowCount(), 13);
}

void TestMainWindow::consumeFollowsReshardingAndIsThrottled()
{
    createActive("kids", 1);
    putMany(*m_host, "kids", 5, "p-");
    QVERIFY(m_host->call<void>([](Engine &e) {
        return e.splitShard(
            {{"kids", {}}, "shardId-000000000000", "170141183460469231731687303715884105728"});
    }));
    QTRY_COMPARE(openShards("kids"), 2);
    QVERIFY(waitActive("kids"));
    putMany(*m_host, "kids", 5, "c-");
    ui::MainWindow w(*m_backend);
    QVERIFY(showStream(w, QStringLiteral("kids")));
    auto *con = w.consumePanel();
    QCOMPARE(con->shardCombo()->count(), 4); // all + parent + 2 children
    m_clock->setSpeed(1);
    con->pollSpin()->setValue(20); // 50 calls/s per shard: far over Kinesis' 5
    QTest::mouseClick(con->startButton(), Qt::LeftButton);
    QTRY_COMPARE(con->recordModel()->rowCount(), 10);
    QTRY_VERIFY(con->reader()->counts().shardsFinished == 1);
    QTRY_VERIFY_WITH_TIMEOUT(con->reader()->counts().throttled > 0, 5000);
    QTRY_VERIFY(con->statusLabel()->text().contains(QStringLiteral("reads throttled")));
    QCOMPARE(con->recordModel()->rowCount(), 10); // each record once, parent and children
    QVERIFY(con->shardCombo()->itemText(1).contains(QStringLiteral("closed")));
    // With engine time paused the budget never refills: the status says why reads stay throttled.
    m_clock->setSpeed(0);
    QTRY_VERIFY2(con->statusLabel()->text().contains(QStringLiteral("engine time is paused")),
                 qPrintable(con->statusLabel()->text()));
}

void TestMainWindow::consumeByEnhancedFanOut()
{
    createActive("efo", 2);
    putMany(*m_host, "efo", 12, "k-");
    const auto summary = m_host->call<StreamDescriptionSummary>([](Engine &e) {
        return e.describeStreamSummary(StreamRef{"efo", {}});
    });
    QVERIFY(summary);
    QVERIFY(m_host->call<Consumer>([arn = summary->streamArn](Engine &e) {
        return e.registerStreamConsumer({arn, "dashboard", {}, {}});
    }));
    ui::MainWindow w(*m_backend);
    QVERIFY(showStream(w, QStringLiteral("efo")));
    auto *con = w.consumePanel();
    w.showPage(QStringLiteral("consume"));
    // The consumer is offered once ACTIVE (the tab lists them while shown).
    QTRY_VERIFY_WITH_TIMEOUT(con->readWithCombo()->count() == 2, 8000);
    QVERIFY2(con->readWithCombo()->itemText(1).contains(QStringLiteral("dashboard")),
             qPrintable(con->readWithCombo()->itemText(1)));
    m_clock->setSpeed(1); // real time from here: the restart below comes within 5 s
    con->readWithCombo()->setCurrentIndex(1);
    QVERIFY(!con->modeCombo()->isEnabled()); // pushed events: live only
    QVERIFY(!con->pollSpin()->isEnabled());
    QVERIFY2(con->cliCommands().startsWith(
                 QStringLiteral("aws kinesis subscribe-to-shard --consumer-arn arn:aws:kinesis:")),
             qPrintable(con->cliCommands()));
    QVERIFY(con->cliCommands().contains(QStringLiteral("--starting-position Type=TRIM_HORIZON")));
    QCOMPARE(con->cliCommands().count(QLatin1Char('\n')), 1); // one line per shard
    QTest::mouseClick(con->startButton(), Qt::LeftButton);
    QTRY_COMPARE(con->recordModel()->rowCount(), 12);
    QTRY_VERIFY2(con->statusLabel()->text().contains(QStringLiteral("2 subscriptions")),
                 qPrintable(con->statusLabel()->text()));
    QVERIFY(con->statusLabel()->text().contains(QStringLiteral("SubscribeToShard events pushed")));
    QVERIFY(con->reader()->fanOut());
    putMany(*m_host, "efo", 5, "late-"); // pushed as they arrive
    QTRY_COMPARE(con->recordModel()->rowCount(), 17);
    QCOMPARE(con->reader()->counts().calls, 2); // no call per read: one subscription per shard
    QTest::mouseClick(con->startButton(), Qt::LeftButton);
    QVERIFY(!con->reader()->running());
    QCOMPARE(con->reader()->subscriptions(), 0);
    // Reading again at once as the same consumer: AWS's one-subscription rule, inline.
    QTest::mouseClick(con->startButton(), Qt::LeftButton);
    QTRY_VERIFY2(con->statusLabel()->text().contains(QStringLiteral("ResourceInUseException")),
                 qPrintable(con->statusLabel()->text()));
    QVERIFY(con->statusLabel()->text().contains(QStringLiteral("dashboard")));
}

void TestMainWindow::capacityDialogScalesAndSwitchesModes()
{
    QCOMPARE(ui::CapacityDialog::shardCountBounds(2), std::make_pair(1, 4));
    QCOMPARE(ui::CapacityDialog::shardCountBounds(5), std::make_pair(3, 10));
    QCOMPARE(ui::CapacityDialog::shardCountBounds(6000), std::make_pair(3000, 10000));
    createActive("cap", 2);
    ui::MainWindow w(*m_backend);
    QVERIFY(showStream(w, QStringLiteral("cap")));
    QTRY_VERIFY(w.capacityAction()->isEnabled());
    auto open = [&w]() -> ui::CapacityDialog * {
        w.capacityAction()->trigger();
        ui::CapacityDialog *d = nullptr;
        (void)QTest::qWaitFor(
            [&] { return (d = w.findChild<ui::CapacityDialog *>()) != nullptr && d->isVisible(); });
        return d;
    };
    auto *d = open();
    QVERIFY(d);
    QVERIFY(d->modeLabel()->text().contains(QStringLiteral("provisioned")));
    QVERIFY(d->modeLabel()->text().contains(QStringLiteral("2 switches left")));
    // What it has cost, in its mode and in the other (the CLI's cost, in the window).
    QTRY_VERIFY2(d->costLabel()->text().contains(QStringLiteral("Cost so far")),
                 qPrintable(d->costLabel()->text()));
    QVERIFY(d->costLabel()->text().contains(QStringLiteral("as provisioned")));
    QVERIFY(d->costLabel()->text().contains(QStringLiteral("on-demand would have cost")));
    QVERIFY(d->scalingLabel()->isHidden()); // provisioned: nothing scales it
    // More than double: refused inline with AWS's reason; the dialog stays.
    d->targetSpin()->setValue(5);
    QTest::mouseClick(d->updateCountButton(), Qt::LeftButton);
    QTRY_VERIFY(d->errorLabel()->isVisible());
    QVERIFY2(d->errorLabel()->text().contains(QStringLiteral("'cap'")),
             qPrintable(d->errorLabel()->text()));
    QVERIFY(d->errorLabel()->text().contains(QStringLiteral("Exception")));
    // Double: accepted, the dialog closes and the window says what started.
    d->targetSpin()->setValue(4);
    QTest::mouseClick(d->updateCountButton(), Qt::LeftButton);
    QTRY_VERIFY(!w.findChild<ui::CapacityDialog *>());
    QTRY_COMPARE(openShards("cap"), 4);
    QVERIFY(waitActive("cap"));
    // Switch to on-demand, then back; the third switch in 24 h is refused.
    for (int i = 0; i < 2; ++i) {
        QTRY_VERIFY(w.capacityAction()->isEnabled());
        d = open();
        QVERIFY(d);
        QVERIFY(d->modeLabel()->text().contains(i == 0 ? QStringLiteral("2 switches left")
                                                       : QStringLiteral("1 switch left")));
        if (i == 1) {
            // On-demand: the peak that sizes it and what keeps it from scaling down.
            QTRY_VERIFY(d->scalingLabel()->isVisible());
            QVERIFY2(d->scalingLabel()->text().contains(QStringLiteral("shards are open")),
                     qPrintable(d->scalingLabel()->text()));
            QVERIFY(d->costLabel()->text().contains(QStringLiteral("as on-demand")));
        }
        QTest::mouseClick(d->switchModeButton(), Qt::LeftButton);
        QTRY_VERIFY(!w.findChild<ui::CapacityDialog *>());
        QVERIFY(waitActive("cap"));
        // Wait until the window's snapshot has seen the switch (the dialog reads it).
        QTRY_VERIFY(
            w.streamModel()
                    ->streamAt(w.streamModel()->rowOf(QStringLiteral("cap")))
                    ->modeSwitchesLeft
                == 1 - i
            && w.streamModel()->streamAt(w.streamModel()->rowOf(QStringLiteral("cap")))->status
                   == StreamStatus::Active);
        QTRY_VERIFY(w.capacityAction()->isEnabled());
    }
    QCOMPARE(m_host
                 ->call<StreamDescriptionSummary>([](Engine &e) {
                     return e.describeStreamSummary({"cap", {}});
                 })
                 ->mode,
             StreamMode::Provisioned);
    d = open();
    QVERIFY(d);
    QVERIFY(d->modeLabel()->text().contains(QStringLiteral("0 switches left")));
    QTest::mouseClick(d->switchModeButton(), Qt::LeftButton);
    QTRY_VERIFY(d->errorLabel()->isVisible());
    QVERIFY2(d->errorLabel()->text().contains(QStringLiteral("twice in the last 24 hours")),
             qPrintable(d->errorLabel()->text()));
    d->reject();
}

void TestMainWindow::capacityDialogExplainsOnDemandScaling()
{
    // A peak of 1,500 records/s asks for 3 shards (room for twice it), under the floor of 4; 6
    // are open, so cold neighbours merge once 15 minutes have passed since the last split.
    Engine::CostReport r;
    r.mode = StreamMode::OnDemand;
    r.current.mode = "ON_DEMAND";
    r.current.total = 0.125;
    r.current.lines = {{"stream-hours", 2, "hours", 0.08}, {"data in", 0.5, "GB", 0.045}};
    r.whatIf.mode = "PROVISIONED";
    r.whatIf.total = 0.06;
    r.whatIf.shardsAssumed = 2;
    r.usage.hours = 2;
    r.usage.records = 5'400'000;
    r.usage.bytesIn = 600LL * 1024 * 1024;
    const qint64 now = 1'795'687'230'000; // 2026-11-26 10:00:30 UTC
    Engine::CostReport::OnDemandState o;
    o.peakWriteRecordsPerSecond = 1500;
    o.peakWriteBytesPerSecond = 1536 * 1024;
    o.peakAtMs = now - 90'000;
    o.peakExpiresMs = o.peakAtMs + 30LL * 24 * 3600 * 1000;
    o.wantedShards = 4;
    o.minShards = 4;
    o.openShards = 6;
    o.lastScaleMs = now - 60'000;
    o.scaleDownAfterMs = 15 * 60 * 1000;
    r.onDemand = o;
    const QString scaling = ui::CapacityDialog::describeScaling(r, now);
    QVERIFY2(scaling.contains(QStringLiteral("the peak is 1,500 records/s (1.50 MiB/s), last "
                                             "reached 1 min 30 s ago")),
             qPrintable(scaling));
    QVERIFY(scaling.contains(QStringLiteral("4 shards")));
    QVERIFY(scaling.contains(QStringLiteral("stops counting on 2026-12-26 09:59")));
    QVERIFY2(scaling.contains(QStringLiteral("merge from 2026-11-26 10:14")), qPrintable(scaling));
    r.onDemand->openShards = 4;
    QVERIFY(ui::CapacityDialog::describeScaling(r, now).contains(
        QStringLiteral("none will merge until the peak ages out")));
    const QString cost = ui::CapacityDialog::describeCost(r);
    QVERIFY2(cost.contains(QStringLiteral("<b>$0.13</b> as on-demand")), qPrintable(cost));
    QVERIFY(cost.contains(QStringLiteral("stream-hours $0.08")));
    QVERIFY(
        cost.contains(QStringLiteral("provisioned would have cost <b>$0.06</b> with 2 shards")));
    QVERIFY(cost.contains(QStringLiteral("in 600.00 MiB")));
    r.mode = StreamMode::Provisioned;
    r.onDemand.reset();
    QVERIFY(ui::CapacityDialog::describeScaling(r, now).isEmpty());
}

void TestMainWindow::copyAsAwsCli()
{
    createActive("cli", 2);
    ui::MainWindow w(*m_backend);
    auto *bar = showStream(w, QStringLiteral("cli"));
    QVERIFY(bar);
    auto *clipboard = QGuiApplication::clipboard();
    // Publish: the put-record for the form, with the data raw.
    auto *pub = w.publishPanel();
    pub->partitionKeyEdit()->setText(QStringLiteral("user 7"));
    pub->dataEdit()->setPlainText(QStringLiteral("hello"));
    pub->copyCliButton()->click();
    QCOMPARE(clipboard->text(),
             QStringLiteral(
                 "aws kinesis put-record --stream-name cli --data hello --partition-key 'user 7' "
                 "--cli-binary-format raw-in-base64-out"));
    // Consume: one get-shard-iterator per shard for "all shards".
    auto *con = w.consumePanel();
    con->copyCliButton()->click();
    QCOMPARE(clipboard->text().split(QLatin1Char('\n')).size(), 2);
    QVERIFY(clipboard->text().contains(
        QStringLiteral("--shard-id shardId-000000000001 --shard-iterator-type TRIM_HORIZON")));
    // The split confirmation shows the command it is about to run.
    QString asked;
    w.setConfirmer([&](const QString &, const QString &text) {
        asked = text;
        return false;
    });
    dragOn(bar, 20, 100);
    QVERIFY2(asked.contains(QStringLiteral(
                 "aws kinesis split-shard --stream-name cli --shard-to-split shardId-000000000000 "
                 "--new-starting-hash-key ")),
             qPrintable(asked));
    // Capacity: update-shard-count with the target in the spin box.
    w.capacityAction()->trigger();
    ui::CapacityDialog *d = nullptr;
    QTRY_VERIFY((d = w.findChild<ui::CapacityDialog *>()) != nullptr);
    d->targetSpin()->setValue(3);
    d->copyCountButton()->click();
    QCOMPARE(
        clipboard->text(),
        QStringLiteral("aws kinesis update-shard-count --stream-name cli --target-shard-count 3 "
                       "--scaling-type UNIFORM_SCALING"));
    d->copySwitchButton()->click();
    QVERIFY(clipboard->text().endsWith(
        QStringLiteral(":stream/cli --stream-mode-details StreamMode=ON_DEMAND")));
    d->reject();
}

void TestMainWindow::settingsPersistAcrossWindows()
{
    createActive("first", 1);
    createActive("second", 1);
    {
        ui::MainWindow w(*m_backend);
        QVERIFY(showStream(w, QStringLiteral("second")));
        w.shardTabs()->setCurrentIndex(3);
        w.resize(1234, 700);
        QVERIFY(w.close());
    }
    ui::MainWindow again(*m_backend);
    again.show();
    QTRY_COMPARE(again.selectedStream(), QStringLiteral("second"));
    QCOMPARE(again.shardTabs()->currentIndex(), 3);
    QVERIFY(!QSettings().value(QStringLiteral("window/geometry")).toByteArray().isEmpty());
    QVERIFY(!QSettings().value(QStringLiteral("window/splitter")).toByteArray().isEmpty());
    again.shardTabs()->setCurrentIndex(0);
    QVERIFY(again.close());
}

void TestMainWindow::keyboardShortcuts()
{
    createActive("keys", 1);
    ui::MainWindow w(*m_backend);
    QVERIFY(showStream(w, QStringLiteral("keys")));
    w.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&w));
    for (int i : {3, 1, 2, 0}) {
        QTest::keyClick(&w, Qt::Key(Qt::Key_1 + i), Qt::ControlModifier);
        QCOMPARE(w.shardTabs()->currentIndex(), i);
    }
    QTest::keyClick(&w, Qt::Key_L, Qt::ControlModifier);
    QVERIFY(w.routingExplainer()->input()->hasFocus());
    QTest::keyClicks(w.routingExplainer()->input(), QStringLiteral("abc"));
    QVERIFY(w.routingExplainer()->route().has_value());
    // Ctrl+Return in the Publish tab puts the record.
    QTest::keyClick(&w, Qt::Key_3, Qt::ControlModifier);
    auto *pub = w.publishPanel();
    pub->partitionKeyEdit()->setFocus();
    pub->partitionKeyEdit()->setText(QStringLiteral("k"));
    pub->dataEdit()->setPlainText(QStringLiteral("x"));
    QTest::keyClick(pub->partitionKeyEdit(), Qt::Key_Return, Qt::ControlModifier);
    QTRY_VERIFY(pub->resultLabel()->text().contains(QStringLiteral("Stored in")));
    // Ctrl+K opens the capacity dialog.
    QTest::keyClick(&w, Qt::Key_K, Qt::ControlModifier);
    ui::CapacityDialog *d = nullptr;
    QTRY_VERIFY((d = w.findChild<ui::CapacityDialog *>()) != nullptr);
    d->reject();
}

void TestMainWindow::retentionDialogIncreasesDecreasesAndRefuses()
{
    createActive("keep", 1);
    ui::MainWindow w(*m_backend);
    QVERIFY(showStream(w, QStringLiteral("keep")));
    QTRY_VERIFY(w.retentionAction()->isEnabled());
    auto open = [&w]() -> ui::RetentionDialog * {
        w.retentionAction()->trigger();
        ui::RetentionDialog *d = nullptr;
        (void)QTest::qWaitFor(
            [&] { return (d = w.findChild<ui::RetentionDialog *>()) != nullptr; });
        return d;
    };
    auto retention = [this] {
        return m_host
            ->call<StreamDescriptionSummary>([](Engine &e) {
                return e.describeStreamSummary({"keep", {}});
            })
            ->retentionPeriodHours;
    };
    auto *d = open();
    QVERIFY(d);
    QCOMPARE(d->hoursSpin()->value(), 24);
    QVERIFY(!d->applyButton()->isEnabled()); // nothing to change yet
    // Below Kinesis' minimum: AWS's refusal, inline, and nothing changes.
    d->hoursSpin()->setValue(12);
    QTest::mouseClick(d->applyButton(), Qt::LeftButton);
    QTRY_VERIFY(d->errorLabel()->isVisible());
    QVERIFY2(d->errorLabel()->text().contains(QStringLiteral("'keep'")),
             qPrintable(d->errorLabel()->text()));
    QVERIFY(d->errorLabel()->text().contains(QStringLiteral("Exception")));
    QCOMPARE(retention(), 24);
    // A week: IncreaseStreamRetentionPeriod (and its CLI line).
    d->hoursSpin()->setValue(168);
    QCOMPARE(d->cliCommand(),
             QStringLiteral("aws kinesis increase-stream-retention-period --stream-name keep "
                            "--retention-period-hours 168"));
    QTest::mouseClick(d->applyButton(), Qt::LeftButton);
    QTRY_VERIFY(!w.findChild<ui::RetentionDialog *>());
    QCOMPARE(retention(), 168);
    QTRY_COMPARE(w.streamModel()
                     ->index(w.streamModel()->rowOf(QStringLiteral("keep")),
                             ui::StreamListModel::RetentionColumn)
                     .data()
                     .toString(),
                 QStringLiteral("7 days"));
    QVERIFY(waitActive("keep"));
    QTRY_VERIFY(w.retentionAction()->isEnabled());
    // Back to two days: DecreaseStreamRetentionPeriod.
    d = open();
    QVERIFY(d);
    QTRY_COMPARE(d->hoursSpin()->value(), 168);
    d->hoursSpin()->setValue(48);
    QTest::mouseClick(d->applyButton(), Qt::LeftButton);
    QTRY_VERIFY(!w.findChild<ui::RetentionDialog *>());
    QCOMPARE(retention(), 48);
}

void TestMainWindow::settingsDialogAppliesTheNewerOperations()
{
    createActive("cfg", 1);
    ui::MainWindow w(*m_backend);
    QVERIFY(showStream(w, QStringLiteral("cfg")));
    QTRY_VERIFY(w.settingsAction()->isEnabled());
    auto open = [&w]() -> ui::StreamSettingsDialog * {
        w.settingsAction()->trigger();
        ui::StreamSettingsDialog *d = nullptr;
        (void)QTest::qWaitFor(
            [&] { return (d = w.findChild<ui::StreamSettingsDialog *>()) != nullptr; });
        return d;
    };
    auto summary = [this](const std::string &name) {
        return *m_host->call<StreamDescriptionSummary>([name](Engine &e) {
            return e.describeStreamSummary({name, {}});
        });
    };
    // Before: AWS would publish no shard-level metric of this stream, and the panel says so.
    QVERIFY(w.throughputPanel()->shardLevelMetricsLabel()->text().contains(
        QStringLiteral("none of these per shard")));
    auto *d = open();
    QVERIFY(d);
    QTRY_VERIFY(d->commitmentLabel()->text().contains(QStringLiteral("DISABLED")));
    QVERIFY(!d->warmSpin()->isEnabled()); // a provisioned stream
    QVERIFY(!d->applyButton()->isEnabled());
    d->metricBox(0)->setChecked(true); // IncomingBytes
    d->metricBox(4)->setChecked(true); // WriteProvisionedThroughputExceeded
    d->maxRecordSpin()->setValue(2048);
    const QString arn = QString::fromStdString(summary("cfg").streamArn);
    QCOMPARE(d->cliCommands(),
             QStringLiteral("aws kinesis enable-enhanced-monitoring --stream-name cfg "
                            "--shard-level-metrics IncomingBytes "
                            "WriteProvisionedThroughputExceeded\n"
                            "aws kinesis update-max-record-size --stream-arn %1 "
                            "--max-record-size-in-ki-b 2048")
                 .arg(arn));
    QTest::mouseClick(d->applyButton(), Qt::LeftButton);
    QTRY_VERIFY(!w.findChild<ui::StreamSettingsDialog *>());
    QCOMPARE(summary("cfg").maxRecordSizeKiB, 2048);
    QCOMPARE(summary("cfg").enhancedMonitoring.front().shardLevelMetrics,
             (std::vector<std::string>{"IncomingBytes", "WriteProvisionedThroughputExceeded"}));
    QTRY_VERIFY2(w.throughputPanel()->shardLevelMetricsLabel()->text().contains(
                     QStringLiteral("IncomingBytes, WriteProvisionedThroughputExceeded")),
                 qPrintable(w.throughputPanel()->shardLevelMetricsLabel()->text()));
    QTRY_VERIFY(w.detailsLabel()->text().contains(QStringLiteral("Records of up to 2 MiB")));
    // Out of Kinesis' range: AWS's refusal inline, naming the stream; nothing changes.
    d = open();
    QVERIFY(d);
    QCOMPARE(d->maxRecordSpin()->value(), 2048);
    QVERIFY(d->metricBox(0)->isChecked());
    d->maxRecordSpin()->setValue(20000);
    QTest::mouseClick(d->applyButton(), Qt::LeftButton);
    QTRY_VERIFY(d->errorLabel()->isVisible());
    QVERIFY2(d->errorLabel()->text().contains(QStringLiteral("'cfg'"))
                 && d->errorLabel()->text().contains(QStringLiteral("ValidationException")),
             qPrintable(d->errorLabel()->text()));
    QCOMPARE(summary("cfg").maxRecordSizeKiB, 2048);
    d->reject();
    QTRY_VERIFY(!w.findChild<ui::StreamSettingsDialog *>());

    // An on-demand stream: warm throughput needs the account's commitment, which the dialog
    // enables.
    QVERIFY(m_host->call<void>([](Engine &e) {
        CreateStreamRequest c;
        c.streamName = "od";
        c.mode = StreamMode::OnDemand;
        return e.createStream(c);
    }));
    QVERIFY(waitActive("od"));
    QTRY_VERIFY(w.streamModel()->rowOf(QStringLiteral("od")) >= 0);
    QVERIFY(showStream(w, QStringLiteral("od")));
    QTRY_VERIFY(w.detailsLabel()->text().contains(QStringLiteral("ACTIVE, on-demand")));
    QVERIFY(w.settingsAction()->isEnabled());
    d = open();
    QVERIFY(d);
    QVERIFY2(d->warmSpin()->isEnabled(), qPrintable(d->windowTitle()));
    d->warmSpin()->setValue(6);
    QTest::mouseClick(d->applyButton(), Qt::LeftButton);
    QTRY_VERIFY(d->errorLabel()->isVisible());
    QVERIFY2(d->errorLabel()->text().contains(QStringLiteral("UpdateAccountSettings")),
             qPrintable(d->errorLabel()->text()));
    QTRY_VERIFY(d->commitmentButton()->isEnabled());
    QTest::mouseClick(d->commitmentButton(), Qt::LeftButton);
    QTRY_VERIFY(d->commitmentLabel()->text().contains(QStringLiteral("ENABLED")));
    d->distributionCombo()->setCurrentIndex(1); // AUTO
    QTest::mouseClick(d->applyButton(), Qt::LeftButton);
    QTRY_VERIFY(!w.findChild<ui::StreamSettingsDialog *>());
    QVERIFY(waitActive("od"));
    const auto od = summary("od");
    QCOMPARE(od.openShardCount, 6);
    QCOMPARE(od.warmThroughput->targetMiBps, std::optional<std::int64_t>(6));
    QCOMPARE(od.recordDistributionStrategy, std::optional(RecordDistributionStrategy::Auto));
    QTRY_VERIFY(w.detailsLabel()->text().contains(QStringLiteral("Kept warm for 6 MiB/s")));
    QVERIFY2(w.detailsLabel()->text().contains(QStringLiteral("RecordDistributionStrategy AUTO")),
             qPrintable(w.detailsLabel()->text()));
}

// Retention made visible before the data is gone (issue 14): the Shards tab counts each shard's
// records, says how old the oldest is and when retention trims it, and follows the trim.
void TestMainWindow::theShardsTabShowsWhatEachShardHoldsUntilRetentionTrimsIt()
{
    createActive("kept", 2);
    m_clock->setSpeed(0);
    PutRecordsRequest req;
    req.stream.name = "kept";
    for (int i = 0; i < 400; ++i)
        req.records.push_back({"d", "a", std::nullopt}); // MD5("a") = 0cc1…: shard 0
    for (int call = 0; call < 2; ++call) {
        auto r = m_host->call<PutRecordsResult>(
            [req](Engine &e) mutable { return e.putRecords(std::move(req)); });
        QVERIFY(r && r->failedRecordCount == 0);
    }
    m_clock->advance(3 * 3600 * 1000);
    ui::MainWindow w(*m_backend);
    QVERIFY(showStream(w, QStringLiteral("kept")));
    QCOMPARE(w.shardTabs()->currentIndex(), 0);
    auto cell = [&](int row, int column) {
        auto *item = w.shardTable()->item(row, column);
        return item ? item->text() : QString();
    };
    QTRY_COMPARE(cell(0, ui::ShardsPage::RecordsColumn),
                 QStringLiteral("800 · oldest 3 h 0 min\ntrimmed in 21 h 0 min"));
    QVERIFY(w.shardTable()
                ->item(0, ui::ShardsPage::RecordsColumn)
                ->toolTip()
                .contains(QStringLiteral("24-hour retention")));
    QCOMPARE(cell(1, ui::ShardsPage::RecordsColumn), QStringLiteral("0"));
    // A day after they were written, retention has trimmed them.
    m_clock->advance(21 * 3600 * 1000 + 1000);
    QTRY_COMPARE(cell(0, ui::ShardsPage::RecordsColumn), QStringLiteral("0"));
}

// A 1920×1080 projector at 200 % zoom (shardscope --zoom 200) leaves 960×540 logical pixels:
// the window, on every page, must fit in them (it scrolls rather than overflow the screen).
void TestMainWindow::everyPageFitsAProjectorAt200Percent()
{
    createActive("fits", 4);
    ui::MainWindow w(*m_backend);
    QVERIFY(showStream(w, QStringLiteral("fits")));
    for (int i = 0; i < w.shardTabs()->count(); ++i) {
        w.shardTabs()->setCurrentIndex(i);
        const QSize needed = w.minimumSizeHint().expandedTo(w.minimumSize());
        qInfo("%s: %d×%d", qPrintable(w.shardTabs()->tabText(i)), needed.width(), needed.height());
        QVERIFY2(needed.width() <= 960 && needed.height() <= 540,
                 qPrintable(QStringLiteral("%1 needs %2×%3")
                                .arg(w.shardTabs()->tabText(i))
                                .arg(needed.width())
                                .arg(needed.height())));
    }
}

void TestMainWindow::throughputAndHeatMapShowTheEngineMetrics()
{
    createActive("live", 2);
    // One engine second, on a paused clock: 600 records under one key — 5 s into a minute, so
    // that the second after it is in the same minute (the heat map's keys are this minute's).
    m_clock->setSpeed(0);
    m_clock->advance(65'000 - m_clock->nowMs() % 60'000);
    PutRecordsRequest req;
    req.stream.name = "live";
    for (int i = 0; i < 300; ++i)
        req.records.push_back({std::string(100, 'x'), "sensor-1", std::nullopt});
    Result<PutRecordsResult> r = m_host->call<PutRecordsResult>(
        [req](Engine &e) mutable { return e.putRecords(std::move(req)); });
    QVERIFY(r && r->failedRecordCount == 0);
    r = m_host->call<PutRecordsResult>(
        [req](Engine &e) mutable { return e.putRecords(std::move(req)); });
    QVERIFY(r && r->failedRecordCount == 0);
    const QString hotShard = QString::fromStdString(r->records.front().shardId);
    m_clock->advance(1000);
    ui::MainWindow w(*m_backend);
    QVERIFY(showStream(w, QStringLiteral("live")));
    QTest::keyClick(&w, Qt::Key_5, Qt::ControlModifier);
    QCOMPARE(w.currentPageName(), QStringLiteral("throughput"));
    auto *chart = w.throughputPanel()->chart();
    QTRY_VERIFY(!chart->points(QStringLiteral("Records in")).isEmpty()
                && chart->points(QStringLiteral("Records in")).back().y() == 600.0);
    auto *grid = w.throughputPanel()->grid();
    QCOMPARE(grid->series().size(), 2);
    int hotIndex = -1;
    for (int i = 0; i < grid->series().size(); ++i)
        if (grid->series()[i].shardId == hotShard)
            hotIndex = i;
    QVERIFY(hotIndex >= 0);
    QCOMPARE(grid->series()[hotIndex].writeRecords, 600.0);
    QCOMPARE(grid->series()[1 - hotIndex].writeRecords, 0.0);
    // Clicking the other shard's sparkline opens the heat map on its keys (none this minute).
    QTest::mouseClick(grid, Qt::LeftButton, {}, grid->cellRect(1 - hotIndex).center());
    QCOMPARE(w.currentPageName(), QStringLiteral("heatmap"));
    QTRY_COMPARE(w.heatMapPanel()->keyShard(), grid->series()[1 - hotIndex].shardId);
    QCOMPARE(w.heatMapPanel()->keyTable()->rowCount(), 0);
    // Unpinned (a new stream selection), the busiest shard's keys show: sensor-1, 600 records.
    w.heatMapPanel()->selectShard({});
    QTRY_COMPARE(w.heatMapPanel()->keyShard(), hotShard);
    QTRY_COMPARE(w.heatMapPanel()->keyTable()->rowCount(), 1);
    QCOMPARE(w.heatMapPanel()->keyTable()->item(0, 0)->text(), QStringLiteral("sensor-1"));
    QCOMPARE(w.heatMapPanel()->keyTable()->item(0, 1)->text(), QStringLiteral("600"));
}

void TestMainWindow::tagsDialogEditsTheStreamsTags()
{
    createActive("tagged", 1);
    QVERIFY(m_host->call<void>([](Engine &e) {
        return e.addTagsToStream({{"tagged", {}}, {{"team", "data"}, {"old", "x"}}});
    }));
    ui::MainWindow w(*m_backend);
    QVERIFY(showStream(w, QStringLiteral("tagged")));
    QTRY_VERIFY(w.tagsAction()->isEnabled());
    auto open = [&w]() -> ui::TagsDialog * {
        w.tagsAction()->trigger();
        ui::TagsDialog *d = nullptr;
        (void)QTest::qWaitFor([&] { return (d = w.findChild<ui::TagsDialog *>()) != nullptr; });
        return d;
    };
    auto tags = [this] {
        auto r = m_host->call<ListTagsResult>([](Engine &e) {
            return e.listTagsForStream({{"tagged", {}}, {}, {}});
        });
        std::map<std::string, std::string> out;
        if (r)
            out.insert(r->tags.begin(), r->tags.end());
        return out;
    };
    auto *d = open();
    QVERIFY(d);
    auto *t = d->table();
    QCOMPARE(t->rowCount(), 2); // old, team (sorted by key)
    QCOMPARE(t->item(1, 0)->text(), QStringLiteral("team"));
    QVERIFY(!d->saveButton()->isEnabled()); // nothing changed
    // Change a value, remove a key, add one.
    t->item(1, 1)->setText(QStringLiteral("streaming"));
    t->setCurrentCell(0, 0);
    QTest::mouseClick(d->removeButton(), Qt::LeftButton);
    d->addRow(QStringLiteral("env"), QStringLiteral("dev, staging"));
    QVERIFY(d->saveButton()->isEnabled());
    QCOMPARE(
        d->summaryLabel()->text(),
        QStringLiteral(
            "Save sends AddTagsToStream with 2 tag(s), then RemoveTagsFromStream with 1 key(s)."));
    QCOMPARE(
        d->cliCommands(),
        QStringLiteral("aws kinesis remove-tags-from-stream --stream-name tagged --tag-keys old\n"
                       "aws kinesis add-tags-to-stream --stream-name tagged --tags "
                       "'{\"env\":\"dev, staging\",\"team\":\"streaming\"}'"));
    // A duplicate key is named before anything is sent.
    d->addRow(QStringLiteral("env"), QStringLiteral("prod"));
    QVERIFY(!d->saveButton()->isEnabled());
    QVERIFY(d->summaryLabel()->text().contains(QStringLiteral("'env' appears twice")));
    t->setCurrentCell(t->rowCount() - 1, 0);
    QTest::mouseClick(d->removeButton(), Qt::LeftButton);
    QTest::mouseClick(d->saveButton(), Qt::LeftButton);
    QTRY_VERIFY(!w.findChild<ui::TagsDialog *>());
    const std::map<std::string, std::string> expected{{"env", "dev, staging"},
                                                      {"team", "streaming"}};
    QCOMPARE(tags(), expected);
    QTRY_VERIFY(w.findChild<QLabel *>(QStringLiteral("notice"))
                    ->text()
                    .contains(QStringLiteral("Tags of 'tagged' saved")));
    // The details line shows them once the snapshot has them.
    QTRY_VERIFY(w.findChild<QLabel *>(QStringLiteral("streamDetails"))
                    ->text()
                    .contains(QStringLiteral("team=streaming")));

    // The stream goes away while the dialog is open: Kinesis' refusal inline, the table kept.
    d = open();
    QVERIFY(d);
    d->addRow(QStringLiteral("owner"), QStringLiteral("me"));
    QVERIFY(m_host->call<void>([](Engine &e) { return e.deleteStream({{"tagged", {}}, false}); }));
    QTRY_VERIFY(!m_host->call<StreamDescriptionSummary>([](Engine &e) {
        return e.describeStreamSummary({"tagged", {}});
    }));
    QPointer<ui::TagsDialog> guard(d);
    QTest::mouseClick(d->saveButton(), Qt::LeftButton);
    QTRY_VERIFY(!guard || d->errorLabel()->isVisible());
    QVERIFY2(guard, "the dialog closed although the stream is gone");
    QVERIFY2(d->errorLabel()->text().contains(QStringLiteral("'tagged'")),
             qPrintable(d->errorLabel()->text()));
    QVERIFY(d->errorLabel()->text().contains(QStringLiteral("Exception")));
    QCOMPARE(d->table()->rowCount(), 3);
    QCOMPARE(d->table()->item(2, 0)->text(), QStringLiteral("owner"));
}

void TestMainWindow::helpMenuListsEveryShortcutAndTheVersion()
{
    QApplication::setApplicationVersion(QStringLiteral("9.8.7"));
    ui::MainWindow w(*m_backend);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    auto *help = w.findChild<QMenu *>(QStringLiteral("helpMenu"));
    QVERIFY(help);
    w.findChild<QAction *>(QStringLiteral("shortcutsAction"))->trigger();
    ui::ShortcutsDialog *keys = nullptr;
    QTRY_VERIFY((keys = w.findChild<ui::ShortcutsDialog *>()) != nullptr);
    QMap<QString, QString> rows;
    for (int r = 0; r < keys->table()->rowCount(); ++r)
        rows.insert(keys->table()->item(r, 0)->text(), keys->table()->item(r, 1)->text());
    // Read from the window itself: menu actions, tab keys, presenter mode's own keys.
    QVERIFY2(rows.value(QStringLiteral("Ctrl+N")).startsWith(QStringLiteral("New stream")),
             qPrintable(rows.value(QStringLiteral("Ctrl+N"))));
    QVERIFY(!rows.contains(QStringLiteral("Ctrl+E"))); // Endpoint… is hidden: no endpoint here
    QVERIFY2(rows.value(QStringLiteral("Ctrl+1")).contains(QStringLiteral("Show the Shards tab")),
             qPrintable(rows.value(QStringLiteral("Ctrl+1"))));
    QVERIFY(rows.value(QStringLiteral("Ctrl+L")).contains(QStringLiteral("partition key")));
    QVERIFY(rows.value(QStringLiteral("F5")).startsWith(QStringLiteral("Presenter mode")));
    QCOMPARE(rows.value(QStringLiteral("Ctrl+P")),
             QStringLiteral("In presenter mode: pause or resume engine time"));
    QCOMPARE(rows.value(QStringLiteral("Ctrl+/")), QStringLiteral("Keyboard shortcuts"));
    for (const QAction *a : w.findChildren<QAction *>())
        if (!a->shortcut().isEmpty() && !a->text().isEmpty() && a->isVisible())
            QVERIFY2(rows.contains(a->shortcut().toString(QKeySequence::NativeText)),
                     qPrintable(a->text()));
    keys->close();

    w.findChild<QAction *>(QStringLiteral("aboutAction"))->trigger();
    ui::AboutDialog *about = nullptr;
    QTRY_VERIFY((about = w.findChild<ui::AboutDialog *>()) != nullptr);
    QVERIFY(about->text().contains(QStringLiteral("Shardscope 9.8.7")));
    QVERIFY(about->text().contains(QStringLiteral("GPL-3.0-or-later")));
    QVERIFY(about->text().contains(QString::fromLatin1(qVersion())));
    about->close();
    QApplication::setApplicationVersion(QString());
}

/// Help > User guide (F1): the guide compiled in, its sections listed and shown on a click, and
/// found by the search field; asked for again, the same dialog comes up.
void TestMainWindow::helpMenuOpensTheUserGuide()
{
    ui::MainWindow w(*m_backend);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QAction *action = w.findChild<QAction *>(QStringLiteral("guideAction"));
    QVERIFY(action);
    QCOMPARE(action->shortcut(), QKeySequence(QKeySequence::HelpContents));
    action->trigger();
    ui::GuideDialog *guide = nullptr;
    QTRY_VERIFY((guide = w.findChild<ui::GuideDialog *>()) != nullptr);
    QVERIFY(QTest::qWaitForWindowExposed(guide));
    QStringList sections;
    for (int i = 0; i < guide->contents()->count(); ++i)
        sections << guide->contents()->item(i)->text().trimmed();
    for (const char *title :
         {"Getting started in the window", "The local endpoint: the AWS CLI and the SDKs",
          "Python: boto3", "JavaScript: the AWS SDK v3",
          "Remote mode: real Kinesis, and credentials", "The command line: shardscope-cli",
          "Lessons and presenter mode", "The data directory and durability", "Troubleshooting"})
        QVERIFY2(sections.contains(QString::fromUtf8(title)), title);
    // Rendered, not shown as Markdown source.
    const QString text = guide->browser()->toPlainText();
    QVERIFY(text.contains(QStringLiteral("aws kinesis put-record --stream-name orders")));
    QVERIFY(!text.contains(QStringLiteral("```")));
    QVERIFY(!text.contains(QStringLiteral("## Troubleshooting")));

    QCOMPARE(guide->browser()->verticalScrollBar()->value(), 0);
    QVERIFY(guide->showSection(QStringLiteral("Troubleshooting")));
    QVERIFY(guide->browser()->verticalScrollBar()->value() > 0);
    QVERIFY(guide->browser()->textCursor().block().text() == QStringLiteral("Troubleshooting"));
    QVERIFY(!guide->showSection(QStringLiteral("No such section")));
    QVERIFY(guide->find(QStringLiteral("ProvisionedThroughputExceededException")));
    QCOMPARE(guide->browser()->textCursor().selectedText(),
             QStringLiteral("ProvisionedThroughputExceededException"));
    QVERIFY(!guide->find(QStringLiteral("words the guide never uses")));

    action->trigger();
    QCOMPARE(w.findChildren<ui::GuideDialog *>().size(), 1);
    guide->close();
}

/// A generator through the KPL path: 3,000 records/s of 100 bytes on one shard go through in a
/// few Kinesis records; the row says user against Kinesis records and what aggregation saved;
/// stopping sends what the producer buffered, and the stream holds exactly those Kinesis records.
void TestMainWindow::tailAFileAsTheKinesisAgentDoes()
{
    createActive("logs", 1);
    ui::MainWindow w(*m_backend);
    QVERIFY(showStream(w, QStringLiteral("logs")));
    auto *pub = w.publishPanel();
    w.shardTabs()->setCurrentIndex(2);
    m_clock->setSpeed(1);
    QTemporaryDir dir;
    const QString log = dir.filePath(QStringLiteral("access.log"));
    auto append = [&log](const QByteArray &text) {
        QFile f(log);
        QVERIFY(f.open(QIODevice::Append));
        f.write(text);
    };
    const QByteArray line1 = "127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] \"GET /a HTTP/1.0\" "
                             "200 2326\n";
    append(line1 + "not a log line\n");
    pub->sourceCombo()->setCurrentIndex(1);
    auto *form = pub->tailForm();
    QVERIFY(form->isVisible());
    QVERIFY(!pub->rateSpin()->isVisible());
    QCOMPARE(pub->startButton()->text(), QStringLiteral("Start tailing"));
    // Bad input is refused inline, naming the path, the reason and what to do.
    form->pathEdit()->setText(QStringLiteral("logs/access.log"));
    QTest::mouseClick(pub->startButton(), Qt::LeftButton);
    QVERIFY(form->errorLabel()->isVisible());
    QVERIFY2(form->errorLabel()->text().contains(QStringLiteral("must start at /")),
             qPrintable(form->errorLabel()->text()));
    form->pathEdit()->setText(dir.filePath(QStringLiteral("missing/access.log")));
    QTest::mouseClick(pub->startButton(), Qt::LeftButton);
    QVERIFY2(form->errorLabel()->text().contains(QStringLiteral("does not exist")),
             qPrintable(form->errorLabel()->text()));
    form->pathEdit()->setText(log + QLatin1Char('*'));
    form->multiLineEdit()->setText(QStringLiteral("("));
    QTest::mouseClick(pub->startButton(), Qt::LeftButton);
    QVERIFY2(form->errorLabel()->text().contains(QStringLiteral("not a regular expression")),
             qPrintable(form->errorLabel()->text()));
    QVERIFY(pub->tailRuns().isEmpty());
    QCOMPARE(pub->runsTable()->rowCount(), 0);
    // From the start, as the Agent's LOGTOJSON reads an Apache common log.
    form->multiLineEdit()->clear();
    form->fromCombo()->setCurrentIndex(
        form->fromCombo()->findData(int(producer::AgentFlow::InitialPosition::StartOfFile)));
    form->formatCombo()->setCurrentIndex(
        form->formatCombo()->findData(int(producer::AgentProcessing::LogFormat::CommonApacheLog)));
    QTest::mouseClick(pub->startButton(), Qt::LeftButton);
    QVERIFY(!form->errorLabel()->isVisible());
    QCOMPARE(pub->tailRuns().size(), 1);
    auto *run = pub->tailRuns().first();
    QVERIFY2(pub->runsTable()->item(0, 1)->text().contains(QStringLiteral("LOGTOJSON")),
             qPrintable(pub->runsTable()->item(0, 1)->text()));
    append(line1 + line1);
    QFile::rename(log, log + QStringLiteral(".1")); // rotated: the new file is read too
    append(line1);
    QTRY_COMPARE_WITH_TIMEOUT(run->counts().recordsSent, 4, 10000);
    QCOMPARE(recordsIn(*m_host, "logs"), 4);
    QCOMPARE(run->counts().recordsDropped, 1); // not a log line
    QTRY_VERIFY_WITH_TIMEOUT(
        pub->runsTable()->item(0, 2)->text() == QStringLiteral("4 from 5 lines"), 5000);
    QString state = pub->runsTable()->item(0, 6)->text();
    QVERIFY2(state.startsWith(QStringLiteral("tailing 2 files · lag ")), qPrintable(state));
    QVERIFY2(state.endsWith(QStringLiteral(" · followed 1 rotation · 1 line dropped (headers, or "
                                           "not in the log format)")),
             qPrintable(state));
    QVERIFY(pub->runsTable()->item(0, 6)->toolTip().contains(QStringLiteral("Kinesis Agent")));
    if (const QString shots = qEnvironmentVariable("SHS_SHOT_DIR"); !shots.isEmpty()) {
        w.resize(1280, 800);
        QTest::qWait(200);
        w.grab().save(shots + QStringLiteral("/tail_a_file.png"));
    }
    pub->stopTail(run);
    QTRY_VERIFY_WITH_TIMEOUT(!run->running(), 5000);
    QTRY_COMPARE_WITH_TIMEOUT(
        pub->runsTable()->item(0, 6)->text(),
        QStringLiteral("stopped · followed 1 rotation · 1 line dropped (headers, "
                       "or not in the log format)"),
        5000);
    QVERIFY(!pub->runsTable()->cellWidget(0, 5)->isEnabled());
}

void TestMainWindow::alarmsAreDefinedEvaluatedAndNotified()
{
    createActive("alarmed", 1);
    ui::MainWindow w(*m_backend);
    auto store = store::AlarmStore::open(":memory:");
    QVERIFY(store);
    auto *monitor
        = new service::AlarmMonitor(*m_backend, *m_backend->embedded(), std::move(*store), &w);
    w.setAlarmMonitor(monitor);
    QVERIFY(showStream(w, QStringLiteral("alarmed")));
    QVERIFY(w.showPage(QStringLiteral("alarms")));
    auto *page = w.alarmsPage();
    QCOMPARE(page->table()->rowCount(), 0);
    QVERIFY(page->reasonLabel()->text().contains(QStringLiteral("No alarms on alarmed yet")));
    // AWS's recommended alarms: nothing is written or read, so their datapoints are unknown.
    QTest::mouseClick(page->recommendedButton(), Qt::LeftButton);
    QCOMPARE(page->table()->rowCount(), 5);
    QTRY_VERIFY_WITH_TIMEOUT(
        page->table()->item(0, 1)->toolTip().startsWith(QStringLiteral("Insufficient Data: ")),
        5000);
    for (int row = 0; row < 5; ++row)
        QCOMPARE(page->table()->item(row, 1)->text(), QStringLiteral("INSUFFICIENT_DATA"));
    const int tab = w.shardTabs()->indexOf(page->content());
    QCOMPARE(w.shardTabs()->tabText(tab), QStringLiteral("Alarms"));
    auto *list = w.findChild<QTableView *>(QStringLiteral("streamList"));
    const QModelIndex name = list->model()->index(0, 0);
    QVERIFY(list->model()->data(name, Qt::DecorationRole).isNull());
    // A new alarm through the dialog; a bad one is refused there, naming why.
    page->setDialogRunner([](ui::AlarmDialog &d) {
        d.nameEdit()->setText(QStringLiteral("writes"));
        d.metricCombo()->setCurrentIndex(
            d.metricCombo()->findText(QStringLiteral("IncomingRecords")));
        d.statisticCombo()->setCurrentIndex(d.statisticCombo()->findText(QStringLiteral("Sum")));
        d.datapointsSpin()->setValue(2);
        const bool refused = !d.buttons()->button(QDialogButtonBox::Ok)->isEnabled()
                             && d.summaryLabel()->text().contains(
                                 QStringLiteral("DatapointsToAlarm must be between 1 and the "
                                                "EvaluationPeriods (1)"));
        d.datapointsSpin()->setValue(1);
        d.comparisonCombo()->setCurrentIndex(
            d.comparisonCombo()->findData(int(alarms::Comparison::GreaterThanThreshold)));
        d.thresholdSpin()->setValue(0);
        d.missingCombo()->setCurrentIndex(
            d.missingCombo()->findData(int(alarms::MissingData::NotBreaching)));
        return refused
               && d.summaryLabel()->text()
                      == QStringLiteral("ALARM when the Sum of IncomingRecords over a "
                                        "minute is > 0.0 in 1 of the last 1 periods.");
    });
    QTest::mouseClick(page->newButton(), Qt::LeftButton);
    QCOMPARE(page->table()->rowCount(), 6);
    QTRY_COMPARE_WITH_TIMEOUT(page->table()->item(5, 1)->text(), QStringLiteral("OK"), 5000);
    // Records written this minute: at the next minute's evaluation the alarm fires.
    m_clock->setSpeed(1);
    PutRecordsRequest r;
    r.stream.name = "alarmed";
    for (int i = 0; i < 50; ++i)
        r.records.push_back({"x", "k" + std::to_string(i), std::nullopt});
    QVERIFY(m_host->call<PutRecordsResult>(
        [r](Engine &e) mutable { return e.putRecords(std::move(r)); }));
    m_clock->advance(60'000);
    QTRY_COMPARE_WITH_TIMEOUT(page->table()->item(5, 1)->text(), QStringLiteral("ALARM"), 10000);
    QTRY_VERIFY_WITH_TIMEOUT(w.statusBar()->currentMessage().startsWith(
                                 QStringLiteral("Alarm writes is in ALARM: Threshold Crossed: 1 "
                                                "out of the last 1 datapoints [50.0 (")),
                             5000);
    QCOMPARE(w.shardTabs()->tabText(tab), QStringLiteral("Alarms (1)"));
    QVERIFY(!list->model()->data(name, Qt::DecorationRole).isNull());
    QVERIFY(
        list->model()->data(name, Qt::ToolTipRole).toString().contains(QStringLiteral("writes")));
    page->table()->selectRow(5);
    QVERIFY2(page->reasonLabel()->text().contains(QStringLiteral("was greater than the threshold")),
             qPrintable(page->reasonLabel()->text()));
    QVERIFY(page->historyTable()->rowCount() >= 2);
    QCOMPARE(page->historyTable()->item(0, 1)->text(), QStringLiteral("OK → ALARM"));
    if (const QString shots = qEnvironmentVariable("SHS_SHOT_DIR"); !shots.isEmpty()) {
        w.resize(1280, 800);
        QTest::qWait(200);
        w.grab().save(shots + QStringLiteral("/alarms.png"));
    }
    // Deleted: gone from the table.
    QTest::mouseClick(page->deleteButton(), Qt::LeftButton);
    QCOMPARE(page->table()->rowCount(), 5);
}

void TestMainWindow::encryptionFromTheWindowPadlockAndStoredBytes()
{
    createActive("vault", 1);
    QCOMPARE(int(putMany(*m_host, "vault", 2, "before-").size()), 2);
    ui::MainWindow w(*m_backend);
    QVERIFY(showStream(w, QStringLiteral("vault")));
    auto *list = w.streamModel();
    const QModelIndex name = list->index(list->rowOf(QStringLiteral("vault")), 0);
    QVERIFY(list->data(name, Qt::DecorationRole).isNull()); // no padlock yet
    QVERIFY(w.encryptionAction()->isEnabled());
    StreamInfo info;
    for (const auto &s : m_backend->mailbox().latest()->streams)
        if (s.name == "vault")
            info = s;
    {
        ui::EncryptionDialog dialog(*m_backend, info, &w);
        QVERIFY(dialog.stateLabel()->text().startsWith(QStringLiteral("Not encrypted")));
        // The KMS's keys: alias/aws/kinesis is listed before it exists.
        QTRY_COMPARE(dialog.keyList()->topLevelItemCount(), 1);
        QCOMPARE(dialog.keyList()->topLevelItem(0)->text(0), QStringLiteral("alias/aws/kinesis"));
        // A bad alias is refused inline, naming it, why and what to do.
        dialog.newAliasEdit()->setText(QStringLiteral("alias/aws/mine"));
        QTest::mouseClick(dialog.createKeyButton(), Qt::LeftButton);
        QTRY_VERIFY(!dialog.errorLabel()->isHidden());
        QVERIFY2(dialog.errorLabel()->text().contains(QStringLiteral("alias/aws/")),
                 qPrintable(dialog.errorLabel()->text()));
        // A key of our own, named.
        dialog.newAliasEdit()->setText(QStringLiteral("vault-key"));
        QTest::mouseClick(dialog.createKeyButton(), Qt::LeftButton);
        QTRY_COMPARE(dialog.keyIdEdit()->text(), QStringLiteral("alias/vault-key"));
        QTRY_COMPARE(dialog.keyList()->topLevelItemCount(), 3); // the unnamed one, ours, AWS's
        // Disabled, the key refuses StartStreamEncryption: said in the dialog.
        QTreeWidgetItem *ours = nullptr;
        for (int i = 0; i < dialog.keyList()->topLevelItemCount(); ++i)
            if (dialog.keyList()->topLevelItem(i)->text(0) == QStringLiteral("alias/vault-key"))
                ours = dialog.keyList()->topLevelItem(i);
        QVERIFY(ours);
        dialog.keyList()->setCurrentItem(ours);
        QVERIFY(dialog.toggleKeyButton()->isEnabled());
        QTest::mouseClick(dialog.toggleKeyButton(), Qt::LeftButton);
        QTRY_VERIFY(
            dialog.keyList()->topLevelItemCount() == 3
            && dialog.keyList()->findItems(QStringLiteral("Disabled"), Qt::MatchExactly, 1).size()
                   == 1);
        QCOMPARE(dialog.keyIdEdit()->text(), QStringLiteral("alias/vault-key"));
        QVERIFY(dialog.cliCommand(true).contains(
            QStringLiteral("start-stream-encryption --stream-name vault --encryption-type KMS "
                           "--key-id alias/vault-key")));
        QTest::mouseClick(dialog.startButton(), Qt::LeftButton);
        QTRY_VERIFY(dialog.errorLabel()->text().contains(QStringLiteral("KMSDisabledException")));
        QVERIFY2(dialog.errorLabel()->text().contains(QStringLiteral("vault")),
                 qPrintable(dialog.errorLabel()->text()));
        // Enabled again, it encrypts the stream.
        for (int i = 0; i < dialog.keyList()->topLevelItemCount(); ++i)
            if (dialog.keyList()->topLevelItem(i)->text(0) == QStringLiteral("alias/vault-key"))
                dialog.keyList()->setCurrentItem(dialog.keyList()->topLevelItem(i));
        QCOMPARE(dialog.toggleKeyButton()->text(), QStringLiteral("Enable key"));
        QTest::mouseClick(dialog.toggleKeyButton(), Qt::LeftButton);
        QTRY_VERIFY(
            dialog.keyList()->findItems(QStringLiteral("Disabled"), Qt::MatchExactly, 1).isEmpty());
        QSignalSpy changed(&dialog, &ui::EncryptionDialog::changed);
        QTest::mouseClick(dialog.startButton(), Qt::LeftButton);
        QTRY_COMPARE(changed.count(), 1);
    }
    QVERIFY(waitActive("vault"));
    QTRY_VERIFY(!list->data(list->index(list->rowOf(QStringLiteral("vault")), 0),
                            Qt::DecorationRole)
                     .isNull()); // the padlock
    QVERIFY(list->data(list->index(list->rowOf(QStringLiteral("vault")), 0), Qt::ToolTipRole)
                .toString()
                .contains(QStringLiteral("Encrypted at rest under alias/vault-key")));
    const auto after = putMany(*m_host, "vault", 2, "secret-");
    QCOMPARE(int(after.size()), 2);
    QCOMPARE(after.front().encryptionType, std::string("KMS"));

    // The inspector: what a reader gets beside what the engine stores.
    auto *con = w.consumePanel();
    w.showPage(QStringLiteral("consume"));
    choose(con->iteratorCombo(), int(ShardIteratorType::TrimHorizon));
    QTest::mouseClick(con->startButton(), Qt::LeftButton);
    QTRY_COMPARE(con->recordModel()->rowCount(), 4);
    choose(con->inspectCombo(), int(ui::ConsumePanel::InspectAs::Text));
    con->recordView()->setCurrentIndex(con->filteredModel()->index(0, 0));
    QVERIFY(!con->inspector()->toPlainText().contains(QStringLiteral("EncryptionType KMS")));
    con->recordView()->setCurrentIndex(con->filteredModel()->index(2, 0));
    QTRY_VERIFY2(con->inspector()->toPlainText().contains(QStringLiteral("What the engine stores")),
                 qPrintable(con->inspector()->toPlainText()));
    const QString shown = con->inspector()->toPlainText();
    QVERIFY2(shown.contains(QStringLiteral("sealed with AES-256-GCM")), qPrintable(shown));
    QVERIFY2(shown.contains(QStringLiteral("arn:aws:kms:us-east-1:000000000000:key/")),
             qPrintable(shown));
    // The reader's part shows the record; the stored part (a hex dump) does not.
    const QString stored = shown.mid(shown.indexOf(QStringLiteral("What the engine stores")));
    // (the hex dump's text column would show {"n":0} if the bytes were not sealed)
    QVERIFY2(!stored.contains(QStringLiteral("\"n\"")), qPrintable(stored));
    QVERIFY(shown.left(shown.indexOf(QStringLiteral("What the engine stores")))
                .contains(QStringLiteral("{\"n\":0}")));
    if (const QString shots = qEnvironmentVariable("SHS_SHOT_DIR"); !shots.isEmpty()) {
        w.resize(1280, 800);
        QTest::qWait(200);
        w.grab().save(shots + QStringLiteral("/encryption_inspector.png"));
    }
}

void TestMainWindow::generatorThroughTheKplPathAggregates()
{
    createActive("kpl", 1);
    ui::MainWindow w(*m_backend);
    QVERIFY(showStream(w, QStringLiteral("kpl")));
    auto *pub = w.publishPanel();
    w.shardTabs()->setCurrentIndex(2);
    m_clock->setSpeed(1);
    pub->rateSpin()->setValue(3000);
    pub->sizeSpin()->setValue(100);
    QVERIFY(pub->retryBox()->isEnabled());
    pub->producerCombo()->setCurrentIndex(
        pub->producerCombo()->findData(int(producer::ProducerPath::Kpl)));
    QVERIFY(!pub->retryBox()->isEnabled()); // the KPL always retries
    QTest::mouseClick(pub->startButton(), Qt::LeftButton);
    auto *run = pub->runs().first();
    QCOMPARE(run->spec().path, producer::ProducerPath::Kpl);
    QVERIFY(pub->runsTable()->item(0, 1)->text().contains(QStringLiteral("KPL")));
    QTRY_VERIFY_WITH_TIMEOUT(run->counts().acknowledged > 4000, 15000);
    if (const QString dir = qEnvironmentVariable("SHS_SHOT_DIR"); !dir.isEmpty()) {
        w.resize(1280, 800);
        QTest::qWait(200);
        w.grab().save(dir + QStringLiteral("/kpl_generator.png"));
    }
    pub->stopRun(run);
    QTRY_VERIFY_WITH_TIMEOUT(!run->running(), 15000);
    const auto c = run->counts();
    QCOMPARE(c.failed, 0);
    QVERIFY(c.kinesisRecords * 20 < c.acknowledged);
    const QLocale locale;
    QCOMPARE(pub->runsTable()->item(0, 2)->text(),
             QStringLiteral("%1 in %2 Kinesis records")
                 .arg(locale.toString(qint64(c.acknowledged)),
                      locale.toString(qint64(c.kinesisRecords))));
    const QString state = pub->runsTable()->item(0, 6)->text();
    QVERIFY2(state.startsWith(QStringLiteral("stopped · ")), qPrintable(state));
    QVERIFY2(state.contains(QStringLiteral("records per Kinesis record")), qPrintable(state));
    QVERIFY2(state.contains(
                 QStringLiteral("PUT units, not %1").arg(locale.toString(qint64(c.acknowledged)))),
             qPrintable(state));
    const QString why = pub->runsTable()->item(0, 6)->toolTip();
    QVERIFY2(why.contains(QStringLiteral("PutRecords calls"))
                 && why.contains(QStringLiteral(" less at US$")),
             qPrintable(why));
    m_host->flush();
    QCoreApplication::processEvents();
    QCOMPARE(recordsIn(*m_host, "kpl"), c.kinesisRecords);
}

void TestMainWindow::zonesFromTheWindowOutagesAndAcknowledgements()
{
    // This test's engine keeps its records in three zones (the others' in memory).
    QTemporaryDir dir;
    m_host->stop();
    m_backend.reset();
    service::EngineHost::Options opts;
    opts.tickIntervalMs = 10;
    m_host = test::startZonedHost(dir, EngineConfig{}, m_clock, opts);
    QVERIFY(m_host);
    m_backend = std::make_unique<service::LocalBackend>(*m_host, m_clock, dir.path());
    createActive("zoned", 2);
    ui::MainWindow w(*m_backend);
    QVERIFY(showStream(w, QStringLiteral("zoned")));
    auto *strip = w.findChild<ui::ZoneStrip *>();
    QVERIFY(strip);
    QVERIFY(!strip->isHidden());
    for (int i = 0; i < 3; ++i)
        QCOMPARE(strip->zoneButton(i)->text(),
                 QStringLiteral("us-east-1%1\nin sync").arg(QChar(u'a' + i)));
    QVERIFY2(strip->note()->text().contains(QStringLiteral("at least two")),
             qPrintable(strip->note()->text()));

    // b taken down from its menu: writes go on, and b counts what this stream's records it lacks.
    QMenu *menu = strip->zoneButton(1)->menu();
    QVERIFY(menu);
    QCOMPARE(menu->actions().size(), 6); // down, up, wipe | fill the disk, fail it
    menu->actions().at(0)->trigger();
    QCOMPARE(strip->zoneButton(1)->text(), QStringLiteral("us-east-1b\ndown · 0 records behind"));
    QCOMPARE(int(putMany(*m_host, "zoned", 7, "z-").size()), 7);
    strip->refresh();
    QCOMPARE(strip->zoneButton(1)->text(), QStringLiteral("us-east-1b\ndown · 7 records behind"));

    // The Publish tab's acknowledgement says which zones hold the write.
    auto *pub = w.publishPanel();
    pub->partitionKeyEdit()->setText(QStringLiteral("user-1"));
    pub->dataEdit()->setPlainText(QStringLiteral("hello"));
    QTest::mouseClick(pub->sendButton(), Qt::LeftButton);
    QTRY_VERIFY(pub->resultLabel()->text().contains(QStringLiteral("Stored in")));
    QVERIFY2(pub->resultLabel()->text().contains(QStringLiteral(
                 "Held by us-east-1a, us-east-1c; us-east-1b will get it when it catches up.")),
             qPrintable(pub->resultLabel()->text()));

    // a down too: writes are refused (said under the strip and in Publish); c, the last zone in
    // sync, cannot go down: refused inline, naming it, why and what to do.
    strip->act(0, ZoneAction::Down);
    QVERIFY(strip->note()->text().contains(QStringLiteral("ServiceUnavailable")));
    QTest::mouseClick(pub->sendButton(), Qt::LeftButton);
    QTRY_VERIFY2(pub->resultLabel()->text().contains(QStringLiteral("ServiceUnavailable")),
                 qPrintable(pub->resultLabel()->text()));
    strip->act(2, ZoneAction::Down);
    QVERIFY2(strip->note()->text().contains(QStringLiteral("us-east-1c"))
                 && strip->note()->text().contains(QStringLiteral("last zone in sync")),
             qPrintable(strip->note()->text()));
    QCOMPARE(strip->zoneButton(2)->text(), QStringLiteral("us-east-1c\nin sync"));

    // Back up: both catch up and rejoin; b's disk wiped: rebuilt from the others.
    strip->act(0, ZoneAction::Up);
    strip->act(1, ZoneAction::Up);
    QTRY_VERIFY(strip->zoneButton(0)->text().endsWith(QStringLiteral("in sync")));
    QTRY_VERIFY(strip->zoneButton(1)->text().endsWith(QStringLiteral("in sync")));
    strip->act(1, ZoneAction::Wipe);
    QTRY_VERIFY(strip->zoneButton(1)->text().endsWith(QStringLiteral("in sync")));
    QTRY_VERIFY2(strip->note()->text().contains(QStringLiteral("Rebuilt from")),
                 qPrintable(strip->note()->text()));
    QTest::mouseClick(pub->sendButton(), Qt::LeftButton);
    QTRY_VERIFY(pub->resultLabel()->text().contains(
        QStringLiteral("Held by us-east-1a, us-east-1b, us-east-1c.")));
    QCOMPARE(recordsIn(*m_host, "zoned"), std::int64_t(9));

    // c's disk fills: its next write fails as SQLite fails it, c drops out, and writes go on.
    strip->act(2, ZoneAction::DiskFull);
    QCOMPARE(int(putMany(*m_host, "zoned", 2, "d-").size()), 2);
    strip->refresh();
    QCOMPARE(strip->zoneButton(2)->text(), QStringLiteral("us-east-1c\nfailed · 2 records behind"));
    QVERIFY2(strip->note()->text().contains(QStringLiteral("database or disk is full")),
             qPrintable(strip->note()->text()));
    strip->act(2, ZoneAction::Up); // the disk freed: it catches up
    QTRY_VERIFY(strip->zoneButton(2)->text().endsWith(QStringLiteral("in sync")));
    if (const QString shots = qEnvironmentVariable("SHS_SHOT_DIR"); !shots.isEmpty()) {
        strip->act(2, ZoneAction::Down);
        QVERIFY(w.grab().save(shots + QStringLiteral("/zones_window.png")));
        strip->act(2, ZoneAction::Up);
    }
}

void TestMainWindow::faultRulesReachTheWindowsOwnCalls()
{
    // The Faults tab's rules (shared with the endpoint) apply to the window's Publish and its
    // generators; a connection's faults do not, as the window has no connection.
    auto faults = std::make_shared<service::FaultInjector>();
    m_backend->setFaults(faults);
    QVERIFY(faults->addAll(service::FaultInjector::parse(QJsonDocument::fromJson(R"({"rules":[
        {"id":"once","kind":"error","operation":"PutRecord","error":"ServiceUnavailable","maxFires":1},
        {"id":"half","kind":"partial","operation":"PutRecords","share":0.5,"seed":3},
        {"id":"cut","kind":"reset"}]})")
                                                             .object())
                               .value()));
    createActive("faulty", 2);
    ui::MainWindow w(*m_backend);
    QVERIFY(showStream(w, QStringLiteral("faulty")));
    auto *pub = w.publishPanel();
    pub->partitionKeyEdit()->setText(QStringLiteral("user-1"));
    pub->dataEdit()->setPlainText(QStringLiteral("hello"));
    QTest::mouseClick(pub->sendButton(), Qt::LeftButton);
    QTRY_VERIFY2(pub->resultLabel()->text().contains(QStringLiteral("ServiceUnavailable")),
                 qPrintable(pub->resultLabel()->text()));
    QTest::mouseClick(pub->sendButton(), Qt::LeftButton); // the rule fired once
    QTRY_VERIFY(pub->resultLabel()->text().contains(QStringLiteral("Stored in")));

    // A generator's PutRecords calls meet the partial failures: half their entries refused.
    pub->rateSpin()->setValue(200);
    pub->startButton()->click();
    auto *run = pub->runs().first();
    QTRY_VERIFY(run->counts().acknowledged > 50 && run->counts().throttled > 50);
    pub->stopRun(run);
    QTRY_COMPARE(run->inFlight(), 0);
    QCOMPARE(recordsIn(*m_host, "faulty"), std::int64_t(1 + run->counts().acknowledged));
    std::map<std::string, std::int64_t> fired;
    for (const auto &rule : faults->rules())
        fired[rule.rule.id] = rule.fired;
    QCOMPARE(fired["once"], std::int64_t(1));
    QVERIFY(fired["half"] > 0);
    QCOMPARE(fired["cut"], std::int64_t(0)); // no connection to reset
    const auto log = faults->fired(0);
    QVERIFY(!log.empty());
    QCOMPARE(log.front().client, std::string("the window"));
    QCOMPARE(log.front().detail, std::string("ServiceUnavailable"));
}

QTEST_MAIN(TestMainWindow)
#include "tst_main_window.moc"
