// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// WindowOptions: the command-line options of `shardscope`, in one place for the parser, `--help`
// and the manual page (`shardscope --print-manual`, run by the build), so they cannot drift.
#include "embedded_engine.h"

#include <QCommandLineOption>

#include <cstdio>
#include <vector>

namespace shs::app {

struct WindowOptions
{
    QCommandLineOption dataDir{
        QStringLiteral("data-dir"),
        QStringLiteral("Data directory of the embedded engine (default %1).").arg(defaultDataDir()),
        QStringLiteral("DIR")};
    QCommandLineOption synchronous{
        QStringLiteral("synchronous"),
        QStringLiteral("SQLite synchronous mode: full (default, every acknowledged record "
                       "is on disk) or normal (faster; may lose the last commits on power "
                       "loss, never corrupts)."),
        QStringLiteral("MODE"), QStringLiteral("full")};
    QCommandLineOption zones{
        QStringLiteral("zones"),
        QStringLiteral("Keep the records in 3 zone replicas, as Kinesis does (default), or in "
                       "1 database."),
        QStringLiteral("N"), QStringLiteral("3")};
    QCommandLineOption account{
        QStringLiteral("account-id"),
        QStringLiteral("The 12-digit account in ARNs and messages (default 000000000000)."),
        QStringLiteral("ID"), QStringLiteral("000000000000")};
    QCommandLineOption region{QStringLiteral("region"),
                              QStringLiteral("The region in ARNs (default us-east-1)."),
                              QStringLiteral("REGION"), QStringLiteral("us-east-1")};
    QCommandLineOption endpointUrl{
        QStringLiteral("endpoint-url"),
        QStringLiteral("Open on a Kinesis endpoint instead of the embedded engine: AWS "
                       "(https://kinesis.REGION.amazonaws.com), LocalStack, kinesalite, or "
                       "another Shardscope's endpoint."),
        QStringLiteral("URL")};
    QCommandLineOption profile{
        QStringLiteral("profile"),
        QStringLiteral("Open on AWS (or the profile's endpoint_url) with this profile of "
                       "~/.aws/credentials and ~/.aws/config."),
        QStringLiteral("NAME")};
    QCommandLineOption lessonOption{
        QStringLiteral("lesson"),
        QStringLiteral("Open a lesson (a lesson file, or a built-in lesson's id such as "
                       "\"routing\") on a scratch engine; the data directory is not opened."),
        QStringLiteral("FILE")};
    QCommandLineOption zoomOption{
        QStringLiteral("zoom"),
        QStringLiteral("Scale the whole window, text and painted views, by PERCENT (50-400), "
                       "e.g. 200 on a projector."),
        QStringLiteral("PERCENT")};
    QCommandLineOption presenterOption{
        QStringLiteral("presenter"),
        QStringLiteral("Start in presenter mode: full screen, large text, no chrome (F5 or Esc "
                       "leaves).")};

    /// The positional arguments: lesson files, each opened as --lesson opens one (the desktop
    /// entry passes the files a user double-clicks).
    struct Positional
    {
        QString name, description, syntax;
    };
    Positional lessonFiles{
        QStringLiteral("lesson-file"),
        QStringLiteral("Lesson files to open, each as --lesson opens one (a double-click on a "
                       "lesson file does this)."),
        QStringLiteral("[LESSON-FILE...]")};

    /// In the order --help lists them.
    std::vector<const QCommandLineOption *> all() const
    {
        return {&lessonOption, &zoomOption, &presenterOption, &dataDir,     &synchronous,
                &zones,        &account,    &region,          &endpointUrl, &profile};
    }
};

/// shardscope(1) in troff (man(7)).
void printWindowManual(FILE *to);

} // namespace shs::app
