// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Shapes: each Kinesis request and response type described once, as a table of its wire members
// (botocore's `shapes`), so that decoding, validation, encoding in the service's member order and
// the CLI's options are derived rather than written per operation.
//
//   template<> struct Shape<SplitShardRequest> {
//       static constexpr auto members = std::tuple{
//           member("", &SplitShardRequest::stream),                       // StreamName, StreamARN
//           member("ShardToSplit", &SplitShardRequest::shardToSplit, Required, kShardIdRules),
//           member("NewStartingHashKey", &SplitShardRequest::newStartingHashKey, Required,
//                  kHashKeyRules)};
//   };
//
// A member's name is its wire name. "A.B" is member B of a wire structure A that has no C++ type of
// its own (StreamModeDetails.StreamMode, HashKeyRange.StartingHashKey); members sharing "A." must
// be adjacent. An empty name inlines a structure's members at this level (StreamRef).
//
// Field types: std::string, std::int64_t, int, bool, HashKey, an enum with an Enum<E> table, a
// structure with a Shape, std::vector of those, std::map<std::string, std::string>, and
// std::optional of any of them (absent on the wire when empty). Flags say how a string or number
// travels (Blob: base64 in JSON, a byte string in CBOR; Timestamp: epoch milliseconds here, epoch
// seconds in JSON).
//
// Standard C++ only: the JSON and CBOR codecs live in core/net (shape_json.h).
#include "hash_key.h"
#include "result.h"

#include <array>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

namespace shs::core::shape {

enum Flag : unsigned {
    None = 0,
    Required
    = 1u << 0,      ///< "Value null at 'x' failed to satisfy constraint: Member must not be null"
    Blob = 1u << 1, ///< std::string of bytes
    Timestamp = 1u << 2, ///< std::int64_t epoch milliseconds
    /// A plain std::string that is absent when empty (StreamName beside StreamARN): not read as
    /// "", not checked, not written.
    EmptyIsAbsent = 1u << 3,
};

/// The model's patterns that Kinesis checks, as predicates (std::regex would cost the data plane).
enum class Pattern {
    None,
    Name,           ///< StreamName, ConsumerName, ShardId: [a-zA-Z0-9_.-]+
    HashKey,        ///< 0|([1-9]\d{0,38})
    SequenceNumber, ///< 0|([1-9]\d{0,128})
    StreamArn,      ///< arn:aws.*:kinesis:.*:\d{12}:stream/\S+
    ResourceArn,    ///< arn:aws.*:kinesis:.*:\d{12}:.*stream/\S+ (a stream or one of its consumers)
    ConsumerArn,    ///< arn:aws.*:kinesis:.*:\d{12}:.*stream/<name>/consumer/<name>:[0-9]+
};

/// The model's constraints on one member.
struct Rules
{
    std::int64_t minLength = -1; ///< strings: Unicode characters; lists and maps: entries
    std::int64_t maxLength = -1;
    std::int64_t minValue = std::numeric_limits<std::int64_t>::min();
    std::int64_t maxValue = std::numeric_limits<std::int64_t>::max();
    Pattern pattern = Pattern::None;
};

template <class Owner, class Field> struct Member
{
    using OwnerType = Owner;
    using FieldType = Field;
    std::string_view name;
    Field Owner::*field;
    unsigned flags = None;
    Rules rules{};
    /// Writers leave the member out when this says so (PutRecords' entries carry either the
    /// sequence number or the error).
    bool (*omit)(const Owner &) = nullptr;

    constexpr bool is(Flag f) const { return (flags & f) != 0; }
};

template <class Owner, class Field>
constexpr Member<Owner, Field> member(std::string_view name, Field Owner::*field,
                                      unsigned flags = None, Rules rules = {},
                                      bool (*omit)(const Owner &) = nullptr)
{
    return Member<Owner, Field>{name, field, flags, rules, omit};
}

/// Specialised for each structure: `static constexpr auto members = std::tuple{member(...), ...};`
template <class T> struct Shape;

template <class T>
concept Structure = requires
{
    Shape<T>::members;
};

/// Specialised for each enum: `static constexpr std::array values{std::pair{E::X, "X"}, ...};`
template <class E> struct Enum;

template <class E>
concept EnumType = std::is_enum_v<E> && requires
{
    Enum<E>::values;
};

template <EnumType E> constexpr std::string_view nameOf(E value)
{
    for (const auto &[v, n] : Enum<E>::values)
        if (v == value)
            return n;
    return {};
}

template <EnumType E> constexpr std::optional<E> fromName(std::string_view name)
{
    for (const auto &[v, n] : Enum<E>::values)
        if (n == name)
            return v;
    return std::nullopt;
}

/// "PROVISIONED, ON_DEMAND": the set AWS's enum violation lists.
template <EnumType E> std::string allowedNames()
{
    std::string out;
    for (const auto &[v, n] : Enum<E>::values)
        out += (out.empty() ? "" : ", ") + std::string(n);
    return out;
}

template <class T> struct IsOptional : std::false_type
{
};
template <class T> struct IsOptional<std::optional<T>> : std::true_type
{
};
template <class T> struct IsVector : std::false_type
{
};
template <class T, class A> struct IsVector<std::vector<T, A>> : std::true_type
{
};
template <class T> struct IsMap : std::false_type
{
};
template <class K, class V, class C, class A> struct IsMap<std::map<K, V, C, A>> : std::true_type
{
};

/// Whether a writer puts the member of `owner` on the wire (or the command line): not when its
/// omit predicate says so, an optional is empty, an EmptyIsAbsent string is empty, or a map that
/// is not required is empty.
template <class Owner, class Field> bool present(const Member<Owner, Field> &m, const Owner &owner)
{
    if (m.omit && m.omit(owner))
        return false;
    const Field &f = owner.*(m.field);
    if constexpr (IsOptional<Field>::value)
        return f.has_value();
    else if constexpr (IsMap<Field>::value)
        return !f.empty() || m.is(Required);
    else if constexpr (std::is_same_v<Field, std::string>)
        return !(f.empty() && m.is(EmptyIsAbsent));
    else
        return true;
}

/// Calls f(member) for each member of T's shape, in the service's order.
template <Structure T, class F> constexpr void forEachMember(F &&f)
{
    std::apply([&](const auto &...m) { (f(m), ...); }, Shape<T>::members);
}

/// Where a member sits in a request, built on the stack while reading or validating and turned
/// into AWS's text ("records.3.member.partitionKey", "streamModeDetails.streamMode": each part
/// starts in lower case) only when something is reported.
struct Path
{
    const Path *parent = nullptr;
    std::string_view wireName; ///< a member, possibly dotted; empty for the root
    std::size_t index = 0;     ///< > 0: the index-th element (1-based) of the parent list

    Path member(std::string_view name) const { return Path{this, name, 0}; }
    Path element(std::size_t oneBased) const { return Path{this, {}, oneBased}; }
    std::string text() const;
};

/// "streamModeDetails.streamMode" from "StreamModeDetails.StreamMode" under `prefix`.
std::string memberPath(std::string_view prefix, std::string_view wireName);

/// Collects violations in AWS's "N validation errors detected: …; …" form.
class Violations
{
  public:
    /// "Value 'v' at 'path' failed to satisfy constraint: Member must …"; a null value (absent
    /// required member) is written without quotes.
    void add(const Path &path, const std::optional<std::string> &value,
             std::string_view constraint);
    /// "Value at 'path' failed …": a value AWS does not repeat (a blob).
    void addUnshown(const Path &path, std::string_view constraint);
    bool empty() const { return m_items.empty(); }
    std::size_t size() const { return m_items.size(); }
    /// ValidationException with AWS's text, or nullopt when there is nothing to say.
    std::optional<Error> error() const;

  private:
    std::vector<std::string> m_items;
};

/// Checks a string against a model pattern.
bool matches(Pattern pattern, std::string_view text);
/// The pattern as AWS prints it in "Member must satisfy regular expression pattern: …".
std::string_view patternText(Pattern pattern);
/// Unicode characters (UTF-8 code points) in text: what the model's string lengths count.
std::int64_t characters(std::string_view text);

namespace detail {

void checkString(const Rules &r, const Path &path, std::string_view value, bool blob,
                 Violations &out);
void checkNumber(const Rules &r, const Path &path, std::int64_t value, Violations &out);
void checkCount(const Rules &r, const Path &path, std::int64_t count, bool map, Violations &out);

template <class F>
void validateValue(const Rules &rules, unsigned flags, const Path &path, const F &value,
                   Violations &out);

template <Structure T> void validateStructure(const T &value, const Path &path, Violations &out)
{
    forEachMember<T>([&](const auto &m) {
        const auto &field = value.*(m.field);
        using Field = std::decay_t<decltype(field)>;
        if constexpr (Structure<Field>) {
            if (m.name.empty()) // inlined
                return validateStructure(field, path, out);
        }
        validateValue(m.rules, m.flags, path.member(m.name), field, out);
    });
}

template <class F>
void validateValue(const Rules &rules, unsigned flags, const Path &path, const F &value,
                   Violations &out)
{
    if constexpr (IsOptional<F>::value) {
        if (value)
            validateValue(rules, flags, path, *value, out);
    } else if constexpr (std::is_same_v<F, std::string>) {
        if (!(value.empty() && (flags & EmptyIsAbsent)))
            checkString(rules, path, value, (flags & Blob) != 0, out);
    } else if constexpr (std::is_same_v<F,
                                        bool> || std::is_same_v<F, HashKey> || std::is_enum_v<F>) {
        // whole values: their type is their constraint
    } else if constexpr (std::is_integral_v<F>) {
        if (!(flags & Timestamp))
            checkNumber(rules, path, static_cast<std::int64_t>(value), out);
    } else if constexpr (IsVector<F>::value) {
        checkCount(rules, path, static_cast<std::int64_t>(value.size()), false, out);
        if constexpr (Structure<typename F::value_type>) {
            std::size_t i = 0;
            for (const auto &e : value)
                validateStructure(e, path.element(++i), out);
        }
    } else if constexpr (IsMap<F>::value) {
        checkCount(rules, path, static_cast<std::int64_t>(value.size()), true, out);
    } else if constexpr (Structure<F>) {
        validateStructure(value, path, out);
    } else {
        static_assert(sizeof(F) == 0, "a field type the shapes do not know");
    }
}

} // namespace detail

/// The model's constraints on a request value: lengths, ranges and patterns (presence is the
/// decoder's, since a C++ value cannot be null). Empty when the request is well formed.
template <Structure T> Violations validate(const T &value)
{
    Violations out;
    detail::validateStructure(value, Path{}, out);
    return out;
}

} // namespace shs::core::shape
