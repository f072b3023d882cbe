// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "check.h"

#include <atomic>
#include <cstdio>
#include <string>

namespace shs::core {

namespace {
std::atomic<LogHandler> g_handler{nullptr};
std::atomic<std::uint64_t> g_failures{0};
} // namespace

void setLogHandler(LogHandler handler)
{
    g_handler.store(handler);
}

void log(LogLevel level, std::string_view category, std::string_view message)
{
    if (const LogHandler handler = g_handler.load()) {
        handler(level, category, message);
        return;
    }
    static constexpr const char *kNames[] = {"debug", "info", "warning", "critical"};
    std::fprintf(stderr, "%.*s: %s: %.*s\n", int(category.size()), category.data(),
                 kNames[static_cast<int>(level)], int(message.size()), message.data());
}

void assertionFailed(const char *condition, const char *file, int line)
{
    ++g_failures;
    log(LogLevel::Critical, "shs.assert",
        std::string(file) + ":" + std::to_string(line) + ": assertion failed: " + condition);
}

std::uint64_t assertionFailures()
{
    return g_failures.load();
}

} // namespace shs::core
