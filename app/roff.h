// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
// Text for the manual pages both binaries write (`--print-manual`).
#pragma once

#include <QDir>
#include <QString>

#include <string>

namespace shs::app {

/// Text for troff: backslashes and hyphens escaped, a leading dot or quote neutralised, a place to
/// break after each "|" of a list of choices, and the home directory of whoever built the page
/// written "~" (so a page does not carry a build machine's paths).
inline std::string roff(QString text)
{
    text.replace(QDir::homePath(), QStringLiteral("~"));
    std::string out;
    for (char c : text.toStdString()) {
        if (c == '\\')
            out += "\\e";
        else if (c == '-')
            out += "\\-";
        else if (c == '|')
            out += "|\\:";
        else
            out += c;
    }
    if (!out.empty() && (out.front() == '.' || out.front() == '\''))
        out.insert(0, "\\&");
    return out;
}

inline std::string roff(std::string_view text)
{
    return roff(QString::fromUtf8(text.data(), qsizetype(text.size())));
}

// A C string would match both QString (whose const char* constructor still takes part in
// overload resolution under QT_NO_CAST_FROM_ASCII) and string_view: said outright.
inline std::string roff(const char *text)
{
    return roff(QString::fromUtf8(text));
}

inline std::string roff(const std::string &text)
{
    return roff(std::string_view(text));
}

} // namespace shs::app
