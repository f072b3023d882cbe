// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Result<T>: a value or an Error{code, message}. The inner ring never throws for control flow;
// every fallible call returns one of these (std::expected needs C++23, so this is a small
// in-house variant with the same spirit).
#include "error_code.h"

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace shs::core {

struct Error
{
    ErrorCode code = ErrorCode::InternalFailure;
    std::string message;
    /// Set on errors that came from a remote endpoint: the service's own exception name (which may
    /// be one the engine never raises, e.g. UnrecognizedClientException), or
    /// "EndpointConnectionError" when no answer came at all.
    std::string type = {};

    std::string_view name() const
    {
        return type.empty() ? errorName(code) : std::string_view(type);
    }
    /// "ResourceNotFoundException: Stream foo under account ... not found."
    std::string toString() const { return std::string(name()) + ": " + message; }
};

inline Error makeError(ErrorCode code, std::string message)
{
    return Error{code, std::move(message)};
}

template <typename T> class [[nodiscard]] Result
{
  public:
    Result(T value) : m_v(std::in_place_index<0>, std::move(value)) {}
    Result(Error error) : m_v(std::in_place_index<1>, std::move(error)) {}

    bool has_value() const { return m_v.index() == 0; }
    explicit operator bool() const { return has_value(); }

    T &value() &
    {
        assert(has_value());
        return std::get<0>(m_v);
    }
    const T &value() const &
    {
        assert(has_value());
        return std::get<0>(m_v);
    }
    T &&value() &&
    {
        assert(has_value());
        return std::get<0>(std::move(m_v));
    }
    T &operator*() & { return value(); }
    const T &operator*() const & { return value(); }
    T *operator->() { return &value(); }
    const T *operator->() const { return &value(); }

    const Error &error() const
    {
        assert(!has_value());
        return std::get<1>(m_v);
    }
    Error &error()
    {
        assert(!has_value());
        return std::get<1>(m_v);
    }

  private:
    std::variant<T, Error> m_v;
};

template <> class [[nodiscard]] Result<void>
{
  public:
    Result() = default;
    Result(Error error) : m_error(std::move(error)), m_ok(false) {}

    bool has_value() const { return m_ok; }
    explicit operator bool() const { return m_ok; }
    const Error &error() const
    {
        assert(!m_ok);
        return m_error;
    }

  private:
    Error m_error;
    bool m_ok = true;
};

inline Result<void> ok()
{
    return {};
}

} // namespace shs::core
