// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Engine values as the AWS CLI prints them (wire names, base64 data, ISO-8601 timestamps).
#include "engine/api.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QString>

namespace shs::cli {

QString isoTime(std::int64_t epochMs);
/// ISO 8601 ("2026-11-26T10:00:00Z", with or without fraction/offset) or epoch seconds.
std::optional<std::int64_t> parseTime(const QString &text);
QString q(const std::string &s);

QJsonObject toJson(const core::ShardDescription &s);
QJsonObject toJson(const core::Record &r);
QJsonObject toJson(const core::ChildShard &c);
QJsonObject toJson(const core::StreamDescriptionSummary &s);
QJsonObject toJson(const core::StreamDescription &s);
QJsonObject toJson(const core::GetRecordsResult &r);
QJsonObject toJson(const core::PutRecordsResult &r);

} // namespace shs::cli
