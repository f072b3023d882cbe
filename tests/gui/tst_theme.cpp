// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
// Appearance: the saved choice, the environment override and the desktop's wish decide the
// palette; the View menu switches it; painted widgets and error text follow it.
#include "main_window.h"
#include "metrics/heat_map.h"
#include "theme.h"

#include "service/engine_host.h"
#include "service/local_backend.h"
#include "store/memory_storage.h"

#include <QApplication>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStyleFactory>
#include <QTableView>
#include <QtTest>

using namespace shs;
using namespace shs::ui;

class TestTheme : public QObject
{
    Q_OBJECT
  private Q_SLOTS:
    void initTestCase();
    void init();
    void palettesAreWhatTheySay();
    void followsTheSystemUntilTheUserChooses();
    void environmentOverridesTheSavedChoice();
    void viewMenuSwitchesTheWindow();
};

void TestTheme::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
}

void TestTheme::init()
{
    QSettings().clear();
    qunsetenv("SHARDSCOPE_COLOR_SCHEME");
    qunsetenv("GTK_THEME");
    QApplication::setPalette(lightPalette());
}

void TestTheme::palettesAreWhatTheySay()
{
    QVERIFY(isDark(darkPalette()));
    QVERIFY(!isDark(lightPalette()));
    // Text stays readable: far from its background in both.
    for (const QPalette &p : {darkPalette(), lightPalette()})
        QVERIFY(std::abs(p.color(QPalette::Text).lightness() - p.color(QPalette::Base).lightness())
                > 150);
    QApplication::setPalette(darkPalette());
    const QColor onDark = errorColour();
    QVERIFY(std::abs(onDark.lightness() - darkPalette().color(QPalette::Window).lightness()) > 90);
    QApplication::setPalette(lightPalette());
    QVERIFY(errorColour() != onDark);
    QVERIFY(errorTextCss().contains(errorColour().name()));
}

void TestTheme::followsTheSystemUntilTheUserChooses()
{
    Appearance a;
    QCOMPARE(a.preference(), ColorScheme::System);
    QVERIFY(!a.dark()); // the offscreen platform's palette is light, no portal here
    QSignalSpy changed(&a, &Appearance::changed);
    a.setSystemPrefersDark(true); // as the portal's SettingChanged would
    QVERIFY(a.dark());
    QVERIFY(isDark(QApplication::palette()));
    QCOMPARE(changed.size(), 1);
    // A heat map repaints on the dark base.
    HeatMap map;
    map.resize(200, 100);
    QCOMPARE(map.grab().toImage().pixelColor(5, 5), darkPalette().color(QPalette::Base));
    // The user's choice wins over the system and is saved.
    a.setPreference(ColorScheme::Light);
    QVERIFY(!isDark(QApplication::palette()));
    QCOMPARE(QSettings().value(QStringLiteral("appearance/colorScheme")).toString(),
             QStringLiteral("light"));
    a.setSystemPrefersDark(false);
    a.setSystemPrefersDark(true);
    QVERIFY(!isDark(QApplication::palette()));
    Appearance again; // a later run reads the saved choice
    QCOMPARE(again.preference(), ColorScheme::Light);
}

void TestTheme::environmentOverridesTheSavedChoice()
{
    QSettings().setValue(QStringLiteral("appearance/colorScheme"), QStringLiteral("light"));
    qputenv("SHARDSCOPE_COLOR_SCHEME", "dark");
    Appearance a;
    QCOMPARE(a.preference(), ColorScheme::Dark);
    QVERIFY(isDark(QApplication::palette()));
    qunsetenv("SHARDSCOPE_COLOR_SCHEME");
    qputenv("GTK_THEME", "Adwaita:dark");
    QSettings().clear();
    Appearance gtk;
    QVERIFY(gtk.systemPrefersDark());
    QVERIFY(gtk.dark());
}

void TestTheme::viewMenuSwitchesTheWindow()
{
    core::EngineConfig cfg;
    auto clock = std::make_shared<core::ScaledClock>();
    service::EngineHost host(std::make_unique<store::MemoryStorage>(), cfg, clock);
    QVERIFY(host.start());
    service::LocalBackend backend(host, clock, QStringLiteral("/tmp/test"));
    Appearance a;
    MainWindow w(backend);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    const auto actions = w.appearanceActions();
    QCOMPARE(actions.size(), 3);
    QVERIFY(actions[0]->isChecked()); // follow the system
    actions[2]->trigger();            // Dark
    QCOMPARE(a.preference(), ColorScheme::Dark);
    QTRY_VERIFY(isDark(w.palette()));
    QVERIFY(isDark(w.streamView()->palette()));
    actions[1]->trigger(); // Light
    QTRY_VERIFY(!isDark(w.palette()));
    host.stop();
}

QTEST_MAIN(TestTheme)
#include "tst_theme.moc"
