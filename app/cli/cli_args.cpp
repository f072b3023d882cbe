// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli_args.h"

namespace shs::cli {

Args::Args(const QString &command, const QStringList &argv, const QStringList &valueOptions,
           const QStringList &flags)
    : m_command(command)
{
    for (int i = 0; i < argv.size(); ++i) {
        const QString &a = argv[i];
        if (!a.startsWith(QLatin1String("--"))) {
            m_positional << a;
            continue;
        }
        QString name = a.mid(2);
        QString inlineValue;
        bool hasInline = false;
        if (const auto eq = name.indexOf(QLatin1Char('='));
            eq > 0 && valueOptions.contains(name.left(eq))) {
            inlineValue = name.mid(eq + 1);
            name = name.left(eq);
            hasInline = true;
        }
        if (flags.contains(name)) {
            m_flags << name;
        } else if (valueOptions.contains(name)) {
            if (hasInline) {
                m_values[name] = inlineValue;
            } else {
                if (i + 1 >= argv.size())
                    throw UsageError(QStringLiteral("option --%1 of %2 needs a value")
                                         .arg(name, m_command)
                                         .toStdString());
                m_values[name] = argv[++i];
            }
        } else {
            throw UsageError(
                QStringLiteral("unknown option --%1 for %2").arg(name, m_command).toStdString());
        }
    }
}

std::optional<QString> Args::value(const QString &name) const
{
    auto it = m_values.find(name);
    if (it == m_values.end())
        return std::nullopt;
    return *it;
}

QString Args::required(const QString &name) const
{
    auto v = value(name);
    if (!v)
        throw UsageError(QStringLiteral("%1 needs --%2").arg(m_command, name).toStdString());
    return *v;
}

std::optional<qint64> Args::integer(const QString &name) const
{
    auto v = value(name);
    if (!v)
        return std::nullopt;
    bool ok = false;
    const qint64 n = v->toLongLong(&ok);
    if (!ok)
        throw UsageError(
            QStringLiteral("--%1 expects a whole number, not '%2'").arg(name, *v).toStdString());
    return n;
}

qint64 Args::integer(const QString &name, qint64 fallback) const
{
    return integer(name).value_or(fallback);
}

} // namespace shs::cli
