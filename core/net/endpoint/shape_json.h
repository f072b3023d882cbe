// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// AWS JSON 1.1 for any type with a Shape (engine/shapes.h): written in the service's member order
// with JsonWriter (compact on the wire, the AWS CLI's layout for shardscope-cli), read from a
// QJsonObject with the service's errors — a member of the wrong JSON type is a
// SerializationException, a missing required member or an unknown enum value a
// ValidationException in AWS's "N validation errors detected" form.
//
// The endpoint reads requests and writes responses with it; the remote client writes requests
// and reads responses (leniently: a service may add members or leave optional ones out).
#include "json_writer.h"

#include "engine/shapes.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>

#include <cmath>
#include <string>

namespace shs::net::shapejson {

namespace shape = core::shape;

// ---- writing ----

template <class F> void writeValue(JsonWriter &w, const F &value, unsigned flags);

/// The members of `value` into an object the caller opened. Members "A.B" go into a wire
/// structure A, opened at its first present member.
template <shape::Structure T> void writeMembers(JsonWriter &w, const T &value)
{
    std::string_view group; // the open wire structure, if any
    auto closeGroup = [&] {
        if (!group.empty())
            w.endObject();
        group = {};
    };
    shape::forEachMember<T>([&](const auto &m) {
        using Field = typename std::decay_t<decltype(m)>::FieldType;
        if constexpr (shape::Structure<Field>) {
            if (m.name.empty()) { // inlined structure
                closeGroup();
                writeMembers(w, value.*(m.field));
                return;
            }
        }
        if (!shape::present(m, value))
            return;
        const auto dot = m.name.find('.');
        std::string_view name = m.name;
        if (dot != std::string_view::npos) {
            if (group != m.name.substr(0, dot)) {
                closeGroup();
                group = m.name.substr(0, dot);
                w.key(group).beginObject();
            }
            name = m.name.substr(dot + 1);
        } else {
            closeGroup();
        }
        w.key(name);
        writeValue(w, value.*(m.field), m.flags);
    });
    closeGroup();
}

template <class F> void writeValue(JsonWriter &w, const F &value, unsigned flags)
{
    if constexpr (shape::IsOptional<F>::value) {
        writeValue(w, *value, flags);
    } else if constexpr (std::is_same_v<F, std::string>) {
        if (flags & shape::Blob)
            w.base64(value);
        else
            w.string(value);
    } else if constexpr (std::is_same_v<F, bool>) {
        w.boolean(value);
    } else if constexpr (std::is_same_v<F, core::HashKey>) {
        w.string(value.toDecimal());
    } else if constexpr (std::is_enum_v<F>) {
        w.string(shape::nameOf(value));
    } else if constexpr (std::is_integral_v<F>) {
        if (flags & shape::Timestamp)
            w.timestamp(static_cast<std::int64_t>(value));
        else
            w.integer(static_cast<std::int64_t>(value));
    } else if constexpr (shape::IsVector<F>::value) {
        w.beginArray();
        for (const auto &e : value)
            writeValue(w, e, flags);
        w.endArray();
    } else if constexpr (shape::IsMap<F>::value) {
        w.beginObject();
        for (const auto &[k, v] : value)
            w.member(k, v);
        w.endObject();
    } else if constexpr (shape::Structure<F>) {
        w.beginObject();
        writeMembers(w, value);
        w.endObject();
    } else {
        static_assert(sizeof(F) == 0, "a field type the shapes do not know");
    }
}

/// The member of `value` whose wire name is `name`, as key and value; null when it is absent (as
/// the AWS CLI prints a member it keeps from a page that lacked it).
template <shape::Structure T>
void writeNamedMember(JsonWriter &w, const T &value, std::string_view name)
{
    bool written = false;
    shape::forEachMember<T>([&](const auto &m) {
        if (written || m.name != name)
            return;
        written = true;
        w.key(name);
        if (shape::present(m, value))
            writeValue(w, value.*(m.field), m.flags);
        else
            w.null();
    });
    if (!written)
        w.key(name).null();
}

/// The whole value as a JSON object; `wrapper` names an outer member the service puts it in
/// ("StreamDescription").
template <shape::Structure T>
QByteArray encode(const T &value, JsonWriter::Style style = {}, std::string_view wrapper = {})
{
    JsonWriter w(style);
    w.beginObject();
    if (!wrapper.empty())
        w.key(wrapper).beginObject();
    writeMembers(w, value);
    if (!wrapper.empty())
        w.endObject();
    w.endObject();
    return w.take();
}

// ---- reading ----

/// What reading found wrong: the first type error (SerializationException), then the
/// validation errors.
struct Reading
{
    std::string serialization;
    shape::Violations violations;

    void typeError(std::string_view member, const char *what)
    {
        if (serialization.empty())
            serialization = "'" + std::string(member) + "' must be " + what + ".";
    }
    /// The SerializationException, else the ValidationException, else nothing.
    std::optional<core::Error> problem() const;
};

/// Epoch seconds (a number, fraction allowed) or ISO 8601 text, in milliseconds.
std::optional<std::int64_t> timestampMs(const QJsonValue &v);
/// Strict standard base64 with padding, as the SDKs send it.
std::optional<std::string> base64(const QJsonValue &v);
std::string_view lastPart(std::string_view wireName);

template <class F>
void readValue(const QJsonValue &v, F &out, unsigned flags, std::string_view wireName,
               const shape::Path &path, Reading &r);

template <shape::Structure T>
void readMembers(const QJsonObject &o, T &out, const shape::Path &path, Reading &r)
{
    shape::forEachMember<T>([&](const auto &m) {
        using Field = typename std::decay_t<decltype(m)>::FieldType;
        Field &field = out.*(m.field);
        if constexpr (shape::Structure<Field>) {
            if (m.name.empty()) { // inlined; Required there means its StreamARN is
                readMembers(o, field, path, r);
                if constexpr (std::is_same_v<Field, core::StreamRef>)
                    if (m.is(shape::Required) && field.arn.empty())
                        r.violations.add(path.member("StreamARN"), std::nullopt,
                                         "Member must not be null");
                return;
            }
        }
        QJsonValue v;
        const auto dot = m.name.find('.');
        if (dot == std::string_view::npos) {
            v = o.value(QLatin1String(m.name.data(), qsizetype(m.name.size())));
        } else {
            const std::string_view groupName = m.name.substr(0, dot);
            const QJsonValue group
                = o.value(QLatin1String(groupName.data(), qsizetype(groupName.size())));
            if (group.isUndefined() || group.isNull()) {
                if (m.is(shape::Required) && !shape::IsOptional<Field>::value)
                    r.violations.add(path.member(groupName), std::nullopt,
                                     "Member must not be null");
                return;
            }
            if (!group.isObject())
                return r.typeError(groupName, "a structure");
            v = group.toObject().value(
                QLatin1String(m.name.data() + dot + 1, qsizetype(m.name.size() - dot - 1)));
        }
        const shape::Path memberPath = path.member(m.name);
        if (v.isUndefined() || v.isNull()) {
            if (m.is(shape::Required))
                r.violations.add(memberPath, std::nullopt, "Member must not be null");
            return;
        }
        readValue(v, field, m.flags, m.name, memberPath, r);
    });
}

template <class F>
void readValue(const QJsonValue &v, F &out, unsigned flags, std::string_view wireName,
               const shape::Path &path, Reading &r)
{
    const std::string_view member = lastPart(wireName);
    if constexpr (shape::IsOptional<F>::value) {
        out.emplace();
        readValue(v, *out, flags, wireName, path, r);
    } else if constexpr (std::is_same_v<F, std::string>) {
        if (flags & shape::Blob) {
            if (!v.isString())
                return r.typeError(member, "a base64 string");
            auto bytes = base64(v);
            if (!bytes) {
                if (r.serialization.empty())
                    r.serialization
                        = "Base64 encoded data in '" + std::string(member) + "' is not valid.";
                return;
            }
            out = std::move(*bytes);
        } else {
            if (!v.isString())
                return r.typeError(member, "a string");
            out = v.toString().toStdString();
        }
    } else if constexpr (std::is_same_v<F, bool>) {
        if (!v.isBool())
            return r.typeError(member, "a boolean");
        out = v.toBool();
    } else if constexpr (std::is_same_v<F, core::HashKey>) {
        auto key
            = v.isString() ? core::HashKey::fromDecimal(v.toString().toStdString()) : std::nullopt;
        if (!key)
            return r.typeError(member, "a decimal hash key");
        out = *key;
    } else if constexpr (std::is_enum_v<F>) {
        if (!v.isString())
            return r.typeError(member, "a string");
        const std::string text = v.toString().toStdString();
        if (auto e = shape::fromName<F>(text))
            out = *e;
        else
            r.violations.add(path, text,
                             "Member must satisfy enum value set: [" + shape::allowedNames<F>()
                                 + "]");
    } else if constexpr (std::is_integral_v<F>) {
        if (flags & shape::Timestamp) {
            auto ms = timestampMs(v);
            if (!ms)
                return r.typeError(member, "a timestamp");
            out = static_cast<F>(*ms);
        } else {
            const double d = v.toDouble();
            if (!v.isDouble() || std::floor(d) != d || std::abs(d) > 9.0e15
                || d < double(std::numeric_limits<F>::min())
                || d > double(std::numeric_limits<F>::max()))
                return r.typeError(member, "an integer");
            out = static_cast<F>(d);
        }
    } else if constexpr (shape::IsVector<F>::value) {
        if (!v.isArray())
            return r.typeError(member, "a list");
        const QJsonArray a = v.toArray();
        out.clear();
        out.reserve(std::size_t(a.size()));
        for (qsizetype i = 0; i < a.size(); ++i) {
            const QJsonValue e = a.at(i);
            out.emplace_back();
            const shape::Path itemPath = path.element(std::size_t(i) + 1);
            if (e.isNull())
                r.violations.add(itemPath, std::nullopt, "Member must not be null");
            else
                readValue(e, out.back(), flags, wireName, itemPath, r);
        }
    } else if constexpr (shape::IsMap<F>::value) {
        if (!v.isObject())
            return r.typeError(member, "a map");
        const QJsonObject m = v.toObject();
        for (auto it = m.begin(); it != m.end(); ++it) {
            if (!it.value().isString())
                return r.typeError(member, "a map of strings");
            out[it.key().toStdString()] = it.value().toString().toStdString();
        }
    } else if constexpr (shape::Structure<F>) {
        if (!v.isObject())
            return r.typeError(member, "a structure");
        readMembers(v.toObject(), out, path, r);
    } else {
        static_assert(sizeof(F) == 0, "a field type the shapes do not know");
    }
}

/// Reads a whole value; `wrapper` names the outer member the service puts it in.
template <shape::Structure T>
T decode(const QJsonObject &o, Reading &r, std::string_view wrapper = {})
{
    T out{};
    if (wrapper.empty())
        readMembers(o, out, shape::Path{}, r);
    else
        readMembers(o.value(QLatin1String(wrapper.data(), qsizetype(wrapper.size()))).toObject(),
                    out, shape::Path{}, r);
    return out;
}

} // namespace shs::net::shapejson
