// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Logging and assertions for the standard-C++ ring (engine, store), which cannot use Qt:
// messages go to a handler the outer ring installs (core/service routes them to the Qt logging
// categories "shs.engine", "shs.store", … so QT_LOGGING_RULES filters them), stderr until then.
//
// SHS_ASSERT(condition) is on in every build (NDEBUG or not): when the condition is false it
// logs the file, line and condition at critical level, counts the failure and evaluates to
// false, so the caller can recover:
//
//   if (!SHS_ASSERT(child.range.start == parent.range.start))
//       return makeError(ErrorCode::InternalFailure, "…");
#include <cstdint>
#include <string_view>

namespace shs::core {

enum class LogLevel { Debug, Info, Warning, Critical };

using LogHandler = void (*)(LogLevel level, std::string_view category, std::string_view message);

/// Installs the handler for every later message (nullptr: stderr). Not thread-safe against
/// concurrent logging: install it once at start-up.
void setLogHandler(LogHandler handler);
void log(LogLevel level, std::string_view category, std::string_view message);

/// Logs "file:line: assertion failed: condition" (category "shs.assert") and counts it.
void assertionFailed(const char *condition, const char *file, int line);
/// Assertion failures since the process started (tests check it stays 0).
std::uint64_t assertionFailures();

} // namespace shs::core

#define SHS_ASSERT(condition)                                                                      \
    (static_cast<bool>(condition)                                                                  \
         ? true                                                                                    \
         : (::shs::core::assertionFailed(#condition, __FILE__, __LINE__), false))
