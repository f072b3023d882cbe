// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "heap_trimmer.h"

#include <QTimer>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace shs::app {

HeapTrimmer::HeapTrimmer(QObject *parent, int intervalMs)
    : QObject(parent), m_timer(new QTimer(this))
{
    connect(m_timer, &QTimer::timeout, this, [] { trimNow(); });
    m_timer->start(intervalMs);
}

bool HeapTrimmer::trimNow()
{
#if defined(__GLIBC__)
    // Walks every arena and releases the whole free pages inside it (not only at its top); a
    // few milliseconds for a hundred megabytes, taking each arena's lock in turn.
    return malloc_trim(0) == 1;
#else
    return false;
#endif
}

} // namespace shs::app
