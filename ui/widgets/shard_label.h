// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The short label drawn on a shard's box: "#12" for "shardId-000000000012".
#include <QString>

namespace shs::ui {

inline QString shortShardLabel(const QString &shardId)
{
    bool ok = false;
    const auto n = shardId.mid(8).toLongLong(&ok);
    return ok ? QStringLiteral("#%1").arg(n) : shardId;
}

} // namespace shs::ui
