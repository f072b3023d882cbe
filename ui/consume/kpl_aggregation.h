// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// KPL aggregation (the Kinesis Producer Library's record format, kinesis-api.md §7.1): one
// Kinesis record carrying many user records —
//   magic F3 89 9A C2 | protobuf AggregatedRecord | MD5 of the protobuf bytes (16)
// decoded the way the KCL does (§7.3): only when the magic, the length and the MD5 all match, and
// the protobuf parses; anything else is an ordinary record. Pure functions (protobuf read by hand:
// varints and length-delimited fields), tested with records built by encodeKplAggregate.
#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

namespace shs::ui {

struct KplUserRecord
{
    QString partitionKey;
    std::optional<QString> explicitHashKey;
    QByteArray data;
};

/// The user records, or nullopt when `data` is not a well-formed aggregate.
std::optional<QList<KplUserRecord>> decodeKplAggregate(const QByteArray &data);
/// The aggregate the KPL would send for these records (keys de-duplicated into the tables).
QByteArray encodeKplAggregate(const QList<KplUserRecord> &records);

} // namespace shs::ui
