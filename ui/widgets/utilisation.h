// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Utilisation of a shard against AWS's per-shard limits, and the colour every view paints it in
// (the hash-range bar, the sparkline grid, the heat map).
//   write: max(bytes/s ÷ 1 MiB, records/s ÷ 1,000)    read: bytes/s ÷ 2 MiB
#include "engine/kinesis_limits.h"

#include <QColor>

#include <algorithm>

namespace shs::ui {

inline double writeUtilisation(double bytesPerSecond, double recordsPerSecond)
{
    return std::max(bytesPerSecond / double(core::kShardWriteBytesPerSecond),
                    recordsPerSecond / double(core::kShardWriteRecordsPerSecond));
}

inline double readUtilisation(double bytesPerSecond)
{
    return bytesPerSecond / double(core::kShardReadBytesPerSecond);
}

/// Calm teal when idle, amber past 70 %, red at the limit.
inline QColor utilisationColor(double ratio)
{
    const double r = std::clamp(ratio, 0.0, 1.0);
    if (r < 0.7)
        return QColor::fromHsvF(0.47 - 0.2 * r / 0.7, 0.45 + 0.3 * r, 0.80);
    // (1.0 - 0.7) / 0.3 is a hair above 1: clamp, since a negative hue makes an invalid colour.
    const double hot = std::clamp((r - 0.7) / 0.3, 0.0, 1.0);
    return QColor::fromHsvF(0.13 * (1.0 - hot), 0.85, 0.92);
}

} // namespace shs::ui
