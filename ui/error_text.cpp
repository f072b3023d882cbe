// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "error_text.h"

#include <QCoreApplication>

namespace shs::ui {

using namespace shs::core;

QString nextStep(const Error &e)
{
    const QString m = QString::fromStdString(e.message);
    auto tr = [](const char *s) { return QCoreApplication::translate("shs::ui::Errors", s); };
    switch (e.code) {
    case ErrorCode::ResourceInUse:
        if (m.contains(QLatin1String("already exists")))
            return tr("Choose another name, or delete the existing stream first.");
        if (m.contains(QLatin1String("not ACTIVE")))
            return tr("Wait until the stream is ACTIVE, then try again.");
        return tr("Close the other program using it, or choose another data directory.");
    case ErrorCode::ResourceNotFound:
        return tr("Check the name; the stream may have been deleted.");
    case ErrorCode::Validation:
        if (m.contains(QLatin1String("on-demand capacity mode")))
            return tr("On-demand streams reshard themselves; switch the stream to provisioned to "
                      "reshard by hand.");
        if (m.contains(QLatin1String("streamName")))
            return tr("Use 1–128 letters, digits, '_', '.' or '-'.");
        return tr("Correct the highlighted value and try again.");
    case ErrorCode::LimitExceeded:
        if (m.contains(QLatin1String("more than double"))
            || m.contains(QLatin1String("less than half")))
            return tr("Choose between half and double the open shard count, and scale again once "
                      "the stream is ACTIVE.");
        if (m.contains(QLatin1String("10 times in the last 24 hours"))
            || m.contains(QLatin1String("twice in the last 24 hours")))
            return tr("Wait until the oldest change is 24 hours old (engine time; a faster engine "
                      "speed gets there sooner).");
        if (m.contains(QLatin1String("Rate exceeded")))
            return tr("Slow down and try again in a second.");
        return tr("Use fewer shards, or delete streams you no longer need.");
    case ErrorCode::InvalidArgument:
        if (m.contains(QLatin1String("NewStartingHashKey")))
            return tr("Choose a key strictly inside the shard, away from its first two keys and "
                      "its last.");
        if (m.contains(QLatin1String("adjacent pair")))
            return tr("Only neighbours merge: pick two shards whose ranges touch.");
        if (m.contains(QLatin1String("already been merged or split")))
            return tr("Pick an open shard.");
        return tr("Correct the value and try again.");
    case ErrorCode::AccessDenied:
        return tr("Connect with credentials that may do this (Connection > Connect…, Ctrl+O).");
    case ErrorCode::StorageFailure:
    case ErrorCode::InternalFailure:
        if (!e.type.empty()) // from a remote endpoint: its message says what happened
            return e.type == "EndpointConnectionError"
                       ? QString()
                       : tr("The endpoint failed; try again shortly.");
        return tr("Free disk space or fix the storage problem, then restart Shardscope; "
                  "acknowledged records are safe.");
    default:
        return tr("Try again.");
    }
}

QString explainError(const QString &action, const Error &error)
{
    return QCoreApplication::translate("shs::ui::Errors", "Cannot %1: %2 (%3). %4")
        .arg(action, QString::fromStdString(error.message),
             QString::fromUtf8(error.name().data(), qsizetype(error.name().size())),
             nextStep(error))
        .trimmed();
}

} // namespace shs::ui
