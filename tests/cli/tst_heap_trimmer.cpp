// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
// The heap trimmer gives back what glibc keeps: 64 MB freed between chunks still in use stays
// resident until it trims, on its timer or at once.
#include "heap_trimmer.h"

#include <QFile>
#include <QtTest>

#include <cstdlib>
#include <cstring>
#include <thread>
#include <vector>

namespace {

/// Anonymous resident memory of this process, in KiB.
long long rssAnonKiB()
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : f.readAll().split('\n'))
        if (line.startsWith("RssAnon:"))
            return line.mid(8).trimmed().split(' ').first().toLongLong();
    return -1;
}

/// On a thread of its own (an arena of its own, as the engine's threads have): 64 MB in 64 KiB
/// chunks, written, then freed except the last, which keeps the freed space from being the
/// arena's top — glibc trims only the top by itself.
void *fragment()
{
    void *pinned = nullptr;
    std::thread([&pinned] {
        std::vector<void *> blocks;
        for (int i = 0; i < 1024; ++i) {
            void *b = std::malloc(64 * 1024);
            std::memset(b, 1, 64 * 1024);
            blocks.push_back(b);
        }
        pinned = blocks.back();
        blocks.pop_back();
        for (void *b : blocks)
            std::free(b);
    }).join();
    return pinned;
}

} // namespace

class TestHeapTrimmer : public QObject
{
    Q_OBJECT
  private Q_SLOTS:
    void freedPagesGoBack();
};

void TestHeapTrimmer::freedPagesGoBack()
{
#if !defined(__GLIBC__)
    QSKIP("the trimmer does nothing without glibc");
#endif
#if defined(__SANITIZE_ADDRESS__)
    QSKIP("AddressSanitizer's allocator keeps freed memory in quarantine");
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
    QSKIP("AddressSanitizer's allocator keeps freed memory in quarantine");
#endif
#endif
    const long long before = rssAnonKiB();
    QVERIFY(before > 0);
    void *pinned = fragment();
    const long long held = rssAnonKiB();
    QVERIFY2(held - before > 48 * 1024,
             qPrintable(QStringLiteral("%1 -> %2").arg(before).arg(held)));
    QVERIFY(shs::app::HeapTrimmer::trimNow());
    QVERIFY2(held - rssAnonKiB() > 48 * 1024, qPrintable(QString::number(rssAnonKiB())));
    std::free(pinned);

    // On its timer.
    pinned = fragment();
    const long long again = rssAnonKiB();
    QVERIFY(again - before > 48 * 1024);
    shs::app::HeapTrimmer trimmer(nullptr, 10);
    QTRY_VERIFY(again - rssAnonKiB() > 48 * 1024);
    std::free(pinned);
}

QTEST_GUILESS_MAIN(TestHeapTrimmer)
#include "tst_heap_trimmer.moc"
