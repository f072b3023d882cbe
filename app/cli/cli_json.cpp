// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli_json.h"

#include "endpoint/json_writer.h"

#include <QDateTime>
#include <QTimeZone>

namespace shs::cli {

using namespace shs::core;

QString q(const std::string &s)
{
    return QString::fromStdString(s);
}

QString isoTime(std::int64_t epochMs)
{
    return net::JsonWriter::isoTime(epochMs);
}

std::optional<std::int64_t> parseTime(const QString &text)
{
    bool ok = false;
    const double secs = text.toDouble(&ok);
    if (ok)
        return static_cast<std::int64_t>(secs * 1000.0);
    auto t = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!t.isValid())
        t = QDateTime::fromString(text, Qt::ISODate);
    if (!t.isValid())
        return std::nullopt;
    if (t.timeSpec() == Qt::LocalTime)
        t.setTimeZone(QTimeZone::utc());
    return t.toMSecsSinceEpoch();
}

} // namespace shs::cli
