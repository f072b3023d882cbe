// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "cbor_bridge.h"

#include <QCborArray>
#include <QCborMap>
#include <QCborStreamWriter>
#include <QCborValue>
#include <QJsonArray>
#include <QJsonDocument>

#include <cmath>

namespace shs::net {

namespace {

std::optional<QJsonValue> toJson(const QCborValue &v, int depth, std::string *error)
{
    if (depth > 32) {
        *error = "CBOR nested too deeply";
        return std::nullopt;
    }
    if (v.isTag() && v.tag() == QCborKnownTags::UnixTime_t) {
        // Kinesis' CBOR puts integer epoch *milliseconds* under tag 1 (not RFC 8949's seconds).
        const QCborValue inner = v.taggedValue();
        if (inner.isInteger())
            return QJsonValue(double(inner.toInteger()) / 1000.0);
        if (inner.isDouble())
            return QJsonValue(inner.toDouble() / 1000.0);
    }
    switch (v.type()) {
    case QCborValue::Integer:
        return QJsonValue(double(v.toInteger()));
    case QCborValue::Double:
        return QJsonValue(v.toDouble());
    case QCborValue::String:
        return QJsonValue(v.toString());
    case QCborValue::ByteArray:
        return QJsonValue(QString::fromLatin1(v.toByteArray().toBase64()));
    case QCborValue::True:
        return QJsonValue(true);
    case QCborValue::False:
        return QJsonValue(false);
    case QCborValue::Null:
    case QCborValue::Undefined:
        return QJsonValue(QJsonValue::Null);
    case QCborValue::Array: {
        QJsonArray out;
        for (const QCborValue &item : v.toArray()) {
            auto j = toJson(item, depth + 1, error);
            if (!j)
                return std::nullopt;
            out.append(*j);
        }
        return QJsonValue(out);
    }
    case QCborValue::Map: {
        QJsonObject out;
        const QCborMap map = v.toMap();
        for (auto it = map.constBegin(); it != map.constEnd(); ++it) {
            if (!it.key().isString()) {
                *error = "CBOR map keys must be text strings";
                return std::nullopt;
            }
            auto j = toJson(it.value(), depth + 1, error);
            if (!j)
                return std::nullopt;
            out.insert(it.key().toString(), *j);
        }
        return QJsonValue(out);
    }
    case QCborValue::DateTime: // tag 0: an ISO-8601 string
        return QJsonValue(v.toDateTime().toString(Qt::ISODateWithMs));
    case QCborValue::Tag:
        return toJson(v.taggedValue(), depth + 1, error);
    default:
        *error = "unsupported CBOR item";
        return std::nullopt;
    }
}

void write(QCborStreamWriter &w, const QString &key, const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::Object: {
        const QJsonObject o = v.toObject();
        w.startMap();
        for (auto it = o.begin(); it != o.end(); ++it) {
            w.append(it.key());
            write(w, it.key(), it.value());
        }
        w.endMap();
        break;
    }
    case QJsonValue::Array:
        w.startArray();
        for (const auto &item : v.toArray())
            write(w, key, item);
        w.endArray();
        break;
    case QJsonValue::String:
        if (key == QLatin1String("Data"))
            w.append(QByteArray::fromBase64(v.toString().toLatin1()));
        else
            w.append(v.toString());
        break;
    case QJsonValue::Double: {
        const double d = v.toDouble();
        if (key.endsWith(QLatin1String("Timestamp"))) {
            w.append(QCborKnownTags::UnixTime_t);
            w.append(qint64(std::llround(d * 1000.0)));
        } else if (std::floor(d) == d && std::abs(d) < 9.0e15) {
            w.append(qint64(d));
        } else {
            w.append(d);
        }
        break;
    }
    case QJsonValue::Bool:
        w.append(v.toBool());
        break;
    default:
        w.appendNull();
    }
}

} // namespace

std::optional<QJsonObject> cborRequestToJson(const QByteArray &cbor, std::string *error)
{
    if (cbor.isEmpty())
        return QJsonObject{};
    QCborParserError parseError;
    const QCborValue v = QCborValue::fromCbor(cbor, &parseError);
    if (parseError.error != QCborError::NoError) {
        *error = "CBOR could not be read: " + parseError.errorString().toStdString();
        return std::nullopt;
    }
    if (!v.isMap()) {
        *error = "Start of structure or map found where not expected.";
        return std::nullopt;
    }
    auto j = toJson(v, 0, error);
    if (!j)
        return std::nullopt;
    return j->toObject();
}

QByteArray jsonAnswerToCbor(const QByteArray &json)
{
    const QJsonDocument doc = QJsonDocument::fromJson(json);
    QByteArray out;
    QCborStreamWriter w(&out);
    write(w, {}, QJsonValue(doc.object()));
    return out;
}

} // namespace shs::net
