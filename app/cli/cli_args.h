// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Command-line parsing for shardscope-cli: AWS CLI style `--name value` options and `--flag`s.
// Unknown options and missing values are usage errors (exit 252, as the AWS CLI does).
#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>
#include <stdexcept>

namespace shs::cli {

struct UsageError : std::runtime_error
{
    using std::runtime_error::runtime_error;
};

class Args
{
  public:
    /// `flags` take no value; every other known option takes exactly one value.
    Args(const QString &command, const QStringList &argv, const QStringList &valueOptions,
         const QStringList &flags = {});

    std::optional<QString> value(const QString &name) const;
    QString required(const QString &name) const;
    bool flag(const QString &name) const { return m_flags.contains(name); }
    std::optional<qint64> integer(const QString &name) const;
    qint64 integer(const QString &name, qint64 fallback) const;
    const QStringList &positional() const { return m_positional; }

  private:
    QString m_command;
    QMap<QString, QString> m_values;
    QStringList m_flags;
    QStringList m_positional;
};

} // namespace shs::cli
