// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
// The window's Consumers tab (Ctrl+7) as a lecturer uses it: start an application of two workers,
// see the lease table with the KCL's attribute names and the hash-key space coloured by owner,
// kill a worker and watch its lease move after the lease duration (the log says so, the
// duplicates are counted and explained), refusals inline; register and deregister an enhanced
// fan-out consumer. The application's clock is a ManualClock the test moves.
#include "consumers/consumers_panel.h"
#include "consumers/lease_owner_bar.h"
#include "consumers/read_budget_view.h"
#include "embedded_backend.h"
#include "main_window.h"
#include "manual_clock.h"
#include "models/stream_list_model.h"
#include "service/shard_follower.h"
#include "store/sqlite_lease_table.h"

#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableWidget>
#include <QtTest>

using namespace shs;
using namespace shs::core;

class TestConsumersPanel : public QObject
{
    Q_OBJECT
  private Q_SLOTS:
    void init();
    void cleanup();
    void applicationWorkersLeasesAndAKill();
    void refusalsAreInline();
    void registerAndDeregisterAFanOutConsumer();
    void anApplicationReadsByEnhancedFanOut();
    void readBudgetsShowWhatIsSharedAndWhatIsNot();

  private:
    void control(std::function<Result<void>(Engine &)> job);
    void createWithRecords(const std::string &name, int shards, int records);
    /// Moves the application's clock in steps until `done`.
    bool until(const std::function<bool()> &done, int steps = 3000);
    std::unique_ptr<ui::MainWindow> window();

    test::EmbeddedBackend m_engine;
    test::ManualClock m_clock{1'795'687'200'000};
};

void TestConsumersPanel::init()
{
    EngineConfig cfg;
    cfg.createDelayMs = 0;
    cfg.updateDelayMs = 0;
    cfg.limits = LimitsProfile::off();
    QVERIFY(m_engine.start(cfg));
}

void TestConsumersPanel::cleanup()
{
    m_engine.stop();
}

void TestConsumersPanel::control(std::function<Result<void>(Engine &)> job)
{
    m_engine.clock->advance(1000);
    auto r = m_engine.host->call<void>([job](Engine &e) -> Result<void> {
        auto out = job(e);
        e.tick();
        return out;
    });
    QVERIFY2(r, r ? "" : r.error().message.c_str());
}

void TestConsumersPanel::createWithRecords(const std::string &name, int shards, int records)
{
    CreateStreamRequest c;
    c.streamName = name;
    c.shardCount = shards;
    control([c](Engine &e) { return e.createStream(c); });
    PutRecordsRequest put;
    put.stream.name = name;
    for (int i = 0; i < records; ++i)
        put.records.push_back({"r" + std::to_string(i), "user-" + std::to_string(i % 20), {}});
    auto r = m_engine.host->call<PutRecordsResult>(
        [put](Engine &e) mutable { return e.putRecords(std::move(put)); });
    QVERIFY(r && r->failedRecordCount == 0);
}

bool TestConsumersPanel::until(const std::function<bool()> &done, int steps)
{
    for (int i = 0; i < steps && !done(); ++i) {
        m_clock.advance(100);
        QTest::qWait(2);
    }
    return done();
}

std::unique_ptr<ui::MainWindow> TestConsumersPanel::window()
{
    auto w = std::make_unique<ui::MainWindow>(*m_engine.backend);
    w->setLeaseTableOpener([](const std::string &application,
                              const std::string &stream) -> Result<std::unique_ptr<LeaseTable>> {
        // One private file per window, as the data directory's would be.
        static QTemporaryDir dir;
        auto t = store::SqliteLeaseTable::open(
            dir.filePath(QStringLiteral("consumers.sqlite3")).toStdString(), application, stream);
        if (!t)
            return t.error();
        return std::unique_ptr<LeaseTable>(std::move(*t));
    });
    w->consumersPanel()->setClock(&m_clock);
    w->resize(1400, 900);
    w->show();
    if (!QTest::qWaitForWindowExposed(w.get()))
        qWarning("the window was not exposed");
    return w;
}

void TestConsumersPanel::applicationWorkersLeasesAndAKill()
{
    createWithRecords("orders", 2, 200);
    auto w = window();
    QTRY_VERIFY(w->hasSnapshot());
    QTRY_VERIFY(w->streamModel()->rowCount() > 0);
    w->selectStream(QStringLiteral("orders"));
    QTRY_COMPARE(w->selectedStream(), QStringLiteral("orders"));
    QTest::keyClick(w.get(), Qt::Key_7, Qt::ControlModifier);
    auto *panel = w->consumersPanel();
    QTRY_VERIFY(panel->isVisible());
    panel->applicationEdit()->setText(QStringLiteral("audit"));
    panel->workersSpin()->setValue(2);
    panel->checkpointRecordsSpin()->setValue(0); // never by count,
    panel->checkpointSecondsSpin()->setValue(0); // nor by time: a kill redoes everything
    QTest::mouseClick(panel->startButton(), Qt::LeftButton);
    QVERIFY(panel->application());
    QCOMPARE(panel->startButton()->text(), QStringLiteral("Stop all"));
    auto owners = [&] {
        QSet<QString> out;
        for (int r = 0; r < panel->leaseTable()->rowCount(); ++r)
            if (auto *item = panel->leaseTable()->item(r, 1))
                out.insert(item->text());
        return out;
    };
    QVERIFY(until([&] {
        return panel->application()->ledger().distinct() == 200
               && owners() == QSet<QString>{QStringLiteral("w1"), QStringLiteral("w2")};
    }));
    // The lease table, with the KCL's attribute names, and the bar coloured by owner.
    QCOMPARE(panel->leaseTable()->rowCount(), 2);
    QCOMPARE(panel->leaseTable()->horizontalHeaderItem(0)->text(), QStringLiteral("leaseKey"));
    QCOMPARE(panel->leaseTable()->horizontalHeaderItem(3)->text(), QStringLiteral("checkpoint"));
    QCOMPARE(int(panel->ownerBar()->leases().size()), 2);
    // Each lease's lag, as its worker last heard it (caught up: 0), and each worker's rate.
    QCOMPARE(panel->leaseTable()->horizontalHeaderItem(7)->text(),
             QStringLiteral("MillisBehindLatest"));
    QCOMPARE(panel->leaseTable()->item(0, 7)->text(), QStringLiteral("0"));
    QCOMPARE(panel->workersTable()->horizontalHeaderItem(4)->text(), QStringLiteral("Records/s"));
    // Same key, same worker: the one that holds its shard's lease.
    panel->keyEdit()->setText(QStringLiteral("user-3"));
    QVERIFY2(panel->keyAnswer()->text().contains(QStringLiteral("leased by <b>w"))
                 && panel->keyAnswer()->text().contains(QStringLiteral("last processed by w")),
             qPrintable(panel->keyAnswer()->text()));
    QCOMPARE(panel->workersTable()->rowCount(), 2);
    QVERIFY2(panel->summaryLabel()->text().contains(QStringLiteral("200 distinct")),
             qPrintable(panel->summaryLabel()->text()));
    QVERIFY(panel->eventLog()->toPlainText().contains(QStringLiteral("synced 2 shards")));
    // Kill w1: after the lease duration (10 s) w2 takes its lease and processes its shard again.
    panel->workersTable()->selectRow(0);
    QCOMPARE(panel->workersTable()->item(0, 0)->text(), QStringLiteral("w1"));
    QVERIFY(panel->killWorkerButton()->isEnabled());
    QTest::mouseClick(panel->killWorkerButton(), Qt::LeftButton);
    QTRY_COMPARE(panel->workersTable()->item(0, 1)->text(), QStringLiteral("killed"));
    QVERIFY(!panel->killWorkerButton()->isEnabled());
    QVERIFY(until([&] { return owners() == QSet<QString>{QStringLiteral("w2")}; }));
    QVERIFY(panel->eventLog()->toPlainText().contains(QStringLiteral("(expired; was w1)")));
    QVERIFY(until(
        [&] { return panel->summaryLabel()->text().contains(QStringLiteral("duplicates")); }));
    QVERIFY2(
        panel->summaryLabel()->text().contains(QStringLiteral("explained by leases that moved")),
        qPrintable(panel->summaryLabel()->text()));
    if (const QString dir = qEnvironmentVariable("SHS_SHOT_DIR"); !dir.isEmpty())
        w->grab().save(dir + QStringLiteral("/consumers_panel.png"));
    // Stop all: graceful, the button says Start again.
    QTest::mouseClick(panel->startButton(), Qt::LeftButton);
    QVERIFY(until([&] { return panel->startButton()->text() == QStringLiteral("Start"); }));
    QVERIFY(panel->eventLog()->toPlainText().contains(
        QStringLiteral("w2  stopped; released 2 leases")));
}

void TestConsumersPanel::refusalsAreInline()
{
    createWithRecords("orders", 1, 10);
    createWithRecords("payments", 1, 10);
    auto w = window();
    QTRY_VERIFY(w->hasSnapshot());
    QTRY_VERIFY(w->streamModel()->rowCount() > 0);
    w->selectStream(QStringLiteral("orders"));
    QTRY_COMPARE(w->selectedStream(), QStringLiteral("orders"));
    QTest::keyClick(w.get(), Qt::Key_7, Qt::ControlModifier);
    auto *panel = w->consumersPanel();
    panel->processorCombo()->setCurrentIndex(
        panel->processorCombo()->findData(QStringLiteral("slow")));
    panel->processorArgument()->clear();
    QVERIFY(!panel->start());
    QVERIFY(panel->errorLabel()->isVisible());
    QVERIFY2(panel->errorLabel()->text().contains(
                 QStringLiteral("Cannot start application 'audit': Processor 'slow:'")),
             qPrintable(panel->errorLabel()->text()));
    panel->processorCombo()->setCurrentIndex(0);
    panel->applicationEdit()->clear();
    QVERIFY(!panel->start());
    QVERIFY(panel->errorLabel()->text().contains(QStringLiteral("without a name")));
    // An application is bound to its stream.
    panel->applicationEdit()->setText(QStringLiteral("audit"));
    QVERIFY(panel->start());
    QVERIFY(!panel->errorLabel()->isVisible());
    panel->stopAll();
    QVERIFY(until([&] { return panel->application()->idle(); }));
    w->selectStream(QStringLiteral("payments"));
    QVERIFY(!panel->start());
    QVERIFY2(panel->errorLabel()->text().contains(
                 QStringLiteral("Application audit already consumes stream orders")),
             qPrintable(panel->errorLabel()->text()));
}

void TestConsumersPanel::registerAndDeregisterAFanOutConsumer()
{
    createWithRecords("orders", 1, 1);
    auto w = window();
    QTRY_VERIFY(w->hasSnapshot());
    QTRY_VERIFY(w->streamModel()->rowCount() > 0);
    w->selectStream(QStringLiteral("orders"));
    QTRY_COMPARE(w->selectedStream(), QStringLiteral("orders"));
    QTest::keyClick(w.get(), Qt::Key_7, Qt::ControlModifier);
    auto *panel = w->consumersPanel();
    QTRY_VERIFY(panel->fanOutStatus()->text().contains(QStringLiteral("No enhanced fan-out")));
    QVERIFY(panel->registerButton()->isEnabled());
    panel->registerConsumer(QStringLiteral("dashboard"));
    QTRY_COMPARE(panel->fanOutTable()->rowCount(), 1);
    QCOMPARE(panel->fanOutTable()->item(0, 0)->text(), QStringLiteral("dashboard"));
    QVERIFY(panel->fanOutTable()->item(0, 3)->text().contains(
        QStringLiteral(":stream/orders/consumer/dashboard:")));
    // A second with the same name is refused, inline.
    panel->registerConsumer(QStringLiteral("dashboard"));
    QTRY_VERIFY(panel->fanOutStatus()->text().contains(QStringLiteral("ResourceInUseException")));
    QVERIFY(
        panel->fanOutStatus()->text().contains(QStringLiteral("register consumer 'dashboard'")));
    // ACTIVE after the engine's registration delay.
    control([](Engine &) { return ok(); });
    for (int i = 0; i < 10; ++i)
        control([](Engine &) { return ok(); });
    panel->listConsumers();
    QTRY_COMPARE(panel->fanOutTable()->item(0, 1)->text(), QStringLiteral("ACTIVE"));
    panel->fanOutTable()->selectRow(0);
    QVERIFY(panel->deregisterButton()->isEnabled());
    panel->sections()->setCurrentIndex(1); // "Fan-out consumers and read budgets"
    QTRY_VERIFY(panel->deregisterButton()->isVisible());
    QTest::mouseClick(panel->deregisterButton(), Qt::LeftButton);
    QTRY_VERIFY(panel->fanOutStatus()->text().contains(QStringLiteral("Deregistering")));
    for (int i = 0; i < 10; ++i)
        control([](Engine &) { return ok(); });
    panel->listConsumers();
    QTRY_COMPARE(panel->fanOutTable()->rowCount(), 0);
}

void TestConsumersPanel::anApplicationReadsByEnhancedFanOut()
{
    createWithRecords("orders", 2, 100);
    auto w = window();
    QTRY_VERIFY(w->hasSnapshot());
    QTRY_VERIFY(w->streamModel()->rowCount() > 0);
    w->selectStream(QStringLiteral("orders"));
    QTRY_COMPARE(w->selectedStream(), QStringLiteral("orders"));
    auto *panel = w->consumersPanel();
    QVERIFY(panel->fanOutCheck()->isEnabled()); // the embedded engine subscribes
    panel->fanOutCheck()->setChecked(true);
    panel->applicationEdit()->setText(QStringLiteral("dashboard"));
    panel->workersSpin()->setValue(1);
    QVERIFY(panel->start());
    QVERIFY(until([&] { return panel->application()->ledger().distinct() == 100; }));
    QVERIFY(until([&] {
        return panel->summaryLabel()->text().contains(
            QStringLiteral("enhanced fan-out (SubscribeToShard)"));
    }));
    QCOMPARE(m_engine.host->subscriptions(), 2);
    // Its consumer is one of the stream's, listed below.
    panel->listConsumers();
    QTRY_COMPARE(panel->fanOutTable()->rowCount(), 1);
    QCOMPARE(panel->fanOutTable()->item(0, 0)->text(), QStringLiteral("dashboard"));
    panel->stopAll();
    QVERIFY(until([&] { return panel->application()->idle(); }));
    QTRY_COMPARE(m_engine.host->subscriptions(), 0);
}

void TestConsumersPanel::readBudgetsShowWhatIsSharedAndWhatIsNot()
{
    // Live: two polling readers of one shard (two Consume-tab-like followers) and a fan-out
    // subscription appear as three readers of shard 0, the pollers under one shared budget.
    createWithRecords("orders", 1, 30);
    auto w = window();
    QTRY_VERIFY(w->streamModel()->rowCount() > 0);
    w->selectStream(QStringLiteral("orders"));
    QTest::keyClick(w.get(), Qt::Key_7, Qt::ControlModifier);
    auto *panel = w->consumersPanel();
    auto *budgets = panel->readBudgets();
    panel->sections()->setCurrentIndex(1);
    QTRY_VERIFY(budgets->isVisible());
    QTRY_VERIFY(budgets->summaryLabel()->text().contains(QStringLiteral("Nobody reads")));
    panel->registerConsumer(QStringLiteral("dashboard"));
    QTRY_COMPARE(panel->fanOutTable()->rowCount(), 1);
    (void)m_engine.host->call<void>([](Engine &e) -> Result<void> {
        e.tick();
        return ok();
    });
    std::vector<std::unique_ptr<service::ShardFollower>> readers;
    for (int i = 0; i < 2; ++i) {
        service::ShardFollower::Options o;
        o.stream = "orders";
        o.pollMs = 50;
        readers.push_back(std::make_unique<service::ShardFollower>(*m_engine.backend, o));
        readers.back()->start();
    }
    QTRY_VERIFY(readers[0]->counts().records == 30 && readers[1]->counts().records == 30);
    service::ShardFollower::Options fan;
    fan.stream = "orders";
    QTRY_VERIFY(!panel->fanOutTable()->item(0, 3)->text().isEmpty()
                && panel->fanOutTable()->item(0, 1)->text() == QStringLiteral("ACTIVE"));
    fan.consumerArn = panel->fanOutTable()->item(0, 3)->text().toStdString();
    readers.push_back(std::make_unique<service::ShardFollower>(*m_engine.backend, fan));
    readers.back()->start();
    QTRY_COMPARE(readers.back()->counts().records, 30);
    auto rowsWith = [budgets](const QString &text) {
        int n = 0;
        for (int r = 0; r < budgets->table()->rowCount(); ++r)
            if (budgets->table()->item(r, 1)->text().contains(text))
                ++n;
        return n;
    };
    QTRY_VERIFY_WITH_TIMEOUT(rowsWith(QStringLiteral("polling reader ")) == 2
                                 && rowsWith(QStringLiteral("all polling readers (2)")) == 1
                                 && rowsWith(QStringLiteral("dashboard (SubscribeToShard)")) == 1,
                             5000);
    QVERIFY2(budgets->summaryLabel()->text().contains(
                 QStringLiteral("Polling readers share each shard's 5 GetRecords calls/s")),
             qPrintable(budgets->summaryLabel()->text()));
    QVERIFY(budgets->summaryLabel()->text().contains(QStringLiteral("limits profile is off")));
    for (auto &r : readers)
        r->stop();

    // Rates, from two samples one engine second apart: 3 + 3 calls/s on one shard is over the 5
    // it shares, and said so; the consumer's 1 MiB/s is half of its own 2 MiB/s.
    ui::ReadBudgetView view(*m_engine.backend);
    view.setStream(QStringLiteral("orders"));
    ReadActivityReport report;
    report.streamName = "orders";
    report.nowMs = 1'795'687'200'000;
    report.sharedBytesPerSecond = 2 * 1024 * 1024;
    report.consumerBytesPerSecond = 2 * 1024 * 1024;
    ShardReadActivity shard;
    shard.shardId = "shardId-000000000000";
    shard.polling = {{1, ShardIteratorType::TrimHorizon, report.nowMs, report.nowMs, 1, 1, 100, 0},
                     {2, ShardIteratorType::Latest, report.nowMs, report.nowMs, 1, 1, 100, 0}};
    shard.fanOut = {{"dashboard", report.nowMs, 0}};
    report.shards = {shard};
    view.show(report);
    report.nowMs += 1000;
    for (auto &p : report.shards[0].polling) {
        p.calls += 3;
        p.bytes += 3 * 1024;
        p.lastMs = report.nowMs;
    }
    report.shards[0].polling[1].throttled = 1;
    report.shards[0].fanOut[0].bytes = 1024 * 1024;
    view.show(report);
    QCOMPARE(view.table()->rowCount(), 4); // two pollers, their total, the consumer
    QCOMPARE(view.table()->item(0, 3)->text(), QStringLiteral("3.0"));
    QCOMPARE(view.table()->item(0, 4)->text(), QStringLiteral("3.0 KiB/s"));
    QCOMPARE(view.table()->item(0, 5)->text(), QStringLiteral("60 % · 0 %"));
    QCOMPARE(view.table()->item(2, 1)->text(), QStringLiteral("all polling readers (2)"));
    QCOMPARE(view.table()->item(2, 3)->text(), QStringLiteral("6.0"));
    QCOMPARE(view.table()->item(2, 6)->text(), QStringLiteral("1.0"));
    QCOMPARE(view.table()->item(3, 2)->text(), QStringLiteral("2 MiB/s of its own"));
    QCOMPARE(view.table()->item(3, 4)->text(), QStringLiteral("1.00 MiB/s"));
    QCOMPARE(view.table()->item(3, 5)->text(), QStringLiteral("50 %"));
    QVERIFY2(view.summaryLabel()->text().contains(
                 QStringLiteral("The shared budget of shardId-000000000000 is used up")),
             qPrintable(view.summaryLabel()->text()));
    QVERIFY(view.summaryLabel()->text().contains(QStringLiteral("enhanced fan-out consumer")));
}

QTEST_MAIN(TestConsumersPanel)
#include "tst_consumers_panel.moc"
