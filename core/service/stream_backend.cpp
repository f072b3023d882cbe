// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "stream_backend.h"

#include <QPointer>
#include <QTimer>

namespace shs::service {

void StreamBackend::cloudWatchAlarms(core::StreamRef, QObject *context,
                                     Continuation<std::vector<alarms::StoredAlarm>> done)
{
    QPointer<QObject> guard(context);
    QTimer::singleShot(0, context, [guard, done = std::move(done)] {
        if (guard)
            done(core::makeError(core::ErrorCode::Validation,
                                 "CloudWatch alarms come from AWS (or a CloudWatch-compatible "
                                 "endpoint); this backend keeps alarms of its own."));
    });
}

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

std::shared_ptr<ShardSubscription> StreamBackend::subscribeToShard(core::SubscribeToShardRequest,
                                                                   QObject *context,
                                                                   ShardSubscriber subscriber)
{
    QPointer<QObject> guard(context);
    QTimer::singleShot(0, context, [guard, started = std::move(subscriber.started)] {
        if (guard)
            started(core::makeError(
                core::ErrorCode::Validation,
                "SubscribeToShard is not available through this backend: read by polling "
                "(GetRecords) instead."));
    });
    return nullptr;
}

} // namespace shs::service

namespace shs::service {

void StreamBackend::submitKmsErased(std::string_view operation, std::shared_ptr<const void>,
                                    QObject *context, std::function<void(ErasedAnswer)> done)
{
    QPointer<QObject> guard(context);
    QTimer::singleShot(0, context, [guard, done = std::move(done), op = std::string(operation)] {
        if (guard)
            done(ErasedAnswer(core::Error{
                core::ErrorCode::Validation,
                op
                    + ": this connection reaches Kinesis only, not a KMS. Name the key by its id, "
                      "ARN or alias (alias/aws/kinesis is always there), or manage keys with aws "
                      "kms.",
                "UnsupportedOperationException"}));
    });
}

} // namespace shs::service
