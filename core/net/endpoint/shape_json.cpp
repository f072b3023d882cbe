// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "shape_json.h"

#include <QDateTime>

namespace shs::net::shapejson {

std::optional<core::Error> Reading::problem() const
{
    if (!serialization.empty())
        return core::Error{core::ErrorCode::Serialization, serialization};
    return violations.error();
}

std::optional<std::int64_t> timestampMs(const QJsonValue &v)
{
    if (v.isDouble())
        return static_cast<std::int64_t>(std::llround(v.toDouble() * 1000.0));
    if (v.isString()) { // accepted leniently, as kinesalite does
        const auto t = QDateTime::fromString(v.toString(), Qt::ISODateWithMs);
        if (t.isValid())
            return t.toMSecsSinceEpoch();
    }
    return std::nullopt;
}

std::optional<std::string> base64(const QJsonValue &v)
{
    const QByteArray text = v.toString().toLatin1();
    const auto decoded
        = QByteArray::fromBase64Encoding(text, QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded || decoded.decoded.toBase64() != text)
        return std::nullopt;
    return decoded.decoded.toStdString();
}

std::string_view lastPart(std::string_view wireName)
{
    const auto dot = wireName.rfind('.');
    return dot == std::string_view::npos ? wireName : wireName.substr(dot + 1);
}

} // namespace shs::net::shapejson
