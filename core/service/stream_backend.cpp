// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "stream_backend.h"

#include <QPointer>
#include <QTimer>

namespace shs::service {

void StreamBackend::cloudWatchMetrics(core::StreamRef, int, QObject *context,
                                      Continuation<CloudWatchMetrics> done)
{
    // Later, on the caller's thread, as every answer.
    QPointer<QObject> guard(context);
    QTimer::singleShot(0, context, [guard, done = std::move(done)] {
        if (guard)
            done(core::makeError(core::ErrorCode::Validation,
                                 "CloudWatch metrics come from AWS (or a CloudWatch-compatible "
                                 "endpoint); this backend "
                                 "has per-second metrics of its own instead."));
    });
}

} // namespace shs::service
