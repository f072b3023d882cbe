// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
// SHS_ASSERT and the standard-C++ ring's log hook: on in every build (this one defines NDEBUG),
// a failure is logged with its file, line and condition, counted, and left to the caller to
// recover from.
#include "engine/check.h"

#include <QtTest>

#include <string>
#include <vector>

using namespace shs::core;

namespace {
std::vector<std::string> g_seen;
void capture(LogLevel level, std::string_view category, std::string_view message)
{
    g_seen.push_back(std::to_string(int(level)) + " " + std::string(category) + " "
                     + std::string(message));
}
} // namespace

class TestCheck : public QObject
{
    Q_OBJECT
  private Q_SLOTS:
    void assertionsAreOnAndRecoverable();
};

void TestCheck::assertionsAreOnAndRecoverable()
{
    setLogHandler(&capture);
    const auto before = assertionFailures();
    int evaluated = 0;
    QVERIFY(SHS_ASSERT(++evaluated == 1)); // a true condition: evaluated once, nothing logged
    QVERIFY(g_seen.empty());
    const int line = __LINE__ + 1;
    const bool held = SHS_ASSERT(evaluated == 2);
    QVERIFY(!held); // the caller recovers
    QCOMPARE(assertionFailures(), before + 1);
    QCOMPARE(g_seen.size(), std::size_t(1));
    const QString seen = QString::fromStdString(g_seen[0]);
    QVERIFY2(seen.startsWith(QStringLiteral("3 shs.assert "))
                 && seen.contains(QStringLiteral("tst_check.cpp:%1: assertion failed: "
                                                 "evaluated == 2")
                                      .arg(line)),
             qPrintable(seen));
    setLogHandler(nullptr);
}

QTEST_APPLESS_MAIN(TestCheck)
#include "tst_check.moc"
