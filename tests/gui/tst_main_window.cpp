// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "dialogs/create_stream_dialog.h"
#include "main_window.h"
#include "models/stream_list_model.h"

#include "service/engine_host.h"
#include "service/local_backend.h"
#include "store/memory_storage.h"

#include <QAction>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QStatusBar>
#include <QStackedWidget>
#include <QTableView>
#include <QTableWidget>
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
    void createStreamThroughTheDialog();
    void refusedCreateShowsTheReasonInline();
    void deleteRemovesTheStream();
    void storageFailureShowsABanner();
    void engineSpeedControlsTheClock();
    void limitsProfileIsShownAndSwitchable();

private:
    void openDialog(ui::MainWindow &w, CreateStreamDialog *&dialog);
    std::shared_ptr<ScaledClock> m_clock;
    store::MemoryStorage *m_storage = nullptr;
    std::unique_ptr<service::EngineHost> m_host;
    std::unique_ptr<service::LocalBackend> m_backend;
};

void TestMainWindow::init()
{
    m_clock = std::make_shared<ScaledClock>();
    m_clock->setSpeed(100); // CREATING -> ACTIVE in 5 ms of real time
    auto storage = std::make_unique<store::MemoryStorage>();
    m_storage = storage.get();
    service::EngineHost::Options opts;
    opts.tickIntervalMs = 10;
    m_host = std::make_unique<service::EngineHost>(std::move(storage), EngineConfig{}, m_clock, opts);
    QVERIFY(m_host->start());
    m_backend = std::make_unique<service::LocalBackend>(*m_host, m_clock, QStringLiteral("/tmp/test"));
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
    QTest::mouseClick(dialog->createButton(), Qt::LeftButton);
    QTRY_COMPARE(w.pages()->currentIndex(), 1);
    QTRY_COMPARE(w.streamModel()->rowCount(), 1);
    QTRY_COMPARE(w.streamModel()->index(0, ui::StreamListModel::StatusColumn).data().toString(), QStringLiteral("ACTIVE"));
    QCOMPARE(w.selectedStream(), QStringLiteral("clicks"));
    QCOMPARE(w.shardTable()->rowCount(), 3);
    QVERIFY(w.shardTable()->item(2, 3)->text().endsWith(QStringLiteral("– 340282366920938463463374607431768211455")));
    QCOMPARE(w.shardTable()->item(0, 2)->text(), QStringLiteral("33.33 %"));
    QVERIFY(w.deleteStreamAction()->isEnabled());
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
    w.deleteStream(QStringLiteral("gone"));
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
    QTRY_VERIFY(w.findChild<QLabel *>(QStringLiteral("engineClock"))->text().contains(QStringLiteral("3600")));
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
    QCOMPARE(m_host->call<std::string>([](Engine &e) -> Result<std::string> { return e.limits().name; }).value(),
             std::string("off"));
}

QTEST_MAIN(TestMainWindow)
#include "tst_main_window.moc"
