// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Timestamps as the AWS CLI prints and reads them. The responses themselves are written from
// their shapes (core/net/endpoint/shape_json.h), as the local endpoint writes them.
#include "engine/api.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QString>

namespace shs::cli {

QString isoTime(std::int64_t epochMs);
/// ISO 8601 ("2026-11-26T10:00:00Z", with or without fraction/offset) or epoch seconds.
std::optional<std::int64_t> parseTime(const QString &text);
QString q(const std::string &s);

} // namespace shs::cli
