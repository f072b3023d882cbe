// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
// shardscope: the workbench window on the embedded engine, or on a Kinesis endpoint.
#include "dialogs/help_dialogs.h"
#include "embedded_engine.h"
#include "heap_trimmer.h"
#include "lesson_session.h"
#include "window_options.h"
#include "workbench.h"

#include "main_window.h"
#include "presenter_mode.h"
#include "remote/aws_config.h"
#include "theme.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDateTime>
#include <QFile>
#include <QIcon>
#include <QMessageBox>
#include <QStyle>
#include <QStyleFactory>
#include <QTimer>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace {
std::atomic<bool> g_quit{false};
void onSignal(int)
{
    g_quit = true;
}
/// Writes the time of the window's first paint that shows a snapshot (once).
class ReadyReporter : public QObject
{
  public:
    ReadyReporter(QString path, shs::ui::MainWindow &window)
        : m_path(std::move(path)), m_window(window)
    {
        if (!m_path.isEmpty())
            m_window.installEventFilter(this);
    }
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::Paint && !m_written && m_window.hasSnapshot()) {
            m_written = true;
            m_window.removeEventFilter(this);
            QFile f(m_path);
            if (f.open(QIODevice::WriteOnly | QIODevice::Truncate))
                f.write(QByteArray::number(QDateTime::currentMSecsSinceEpoch()) + '\n');
        }
        return QObject::eventFilter(watched, event);
    }

  private:
    QString m_path;
    shs::ui::MainWindow &m_window;
    bool m_written = false;
};
} // namespace

int main(int argc, char **argv)
{
    // Build-time: the manual page, from the options --help prints (no display needed).
    if (argc == 2 && std::strcmp(argv[1], "--print-manual") == 0) {
        QCoreApplication core(argc, argv);
        QCoreApplication::setApplicationName(QStringLiteral("shardscope"));
        shs::app::printWindowManual(stdout);
        return 0;
    }
    // Build-time: the user guide as HTML, the package's documentation (offscreen: no display).
    if (argc == 2 && std::strcmp(argv[1], "--print-guide") == 0) {
        qputenv("QT_QPA_PLATFORM", "offscreen");
        QApplication app(argc, argv);
        QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
        const QByteArray html
            = shs::ui::GuideDialog::html(QApplication::style()->standardPalette()).toUtf8();
        std::fwrite(html.constData(), 1, std::size_t(html.size()), stdout);
        return 0;
    }
    // --zoom PERCENT scales every painted pixel, which Qt can only do before the application
    // exists (QT_SCALE_FACTOR); the parser below validates and documents it.
    for (int i = 1; i + 1 < argc; ++i)
        if (std::strcmp(argv[i], "--zoom") == 0) {
            const double percent = std::atof(argv[i + 1]);
            if (percent >= 50 && percent <= 400)
                qputenv("QT_SCALE_FACTOR", QByteArray::number(percent / 100.0));
        }
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("shardscope"));
    QApplication::setApplicationDisplayName(QStringLiteral("Shardscope"));
    QApplication::setOrganizationName(QStringLiteral("shardscope"));
    QApplication::setApplicationVersion(QStringLiteral(SHS_VERSION));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/shardscope/icons/shardscope.svg")));
    QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("A desktop workbench for Amazon Kinesis Data Streams."));
    parser.addHelpOption();
    parser.addVersionOption();
    const shs::app::WindowOptions o;
    for (const QCommandLineOption *option : o.all())
        parser.addOption(*option);
    parser.addPositionalArgument(o.lessonFiles.name, o.lessonFiles.description,
                                 o.lessonFiles.syntax);
    parser.process(app);
    // Light or dark, following the desktop unless the user chose (View > Appearance).
    shs::ui::Appearance appearance;

    shs::app::EmbeddedOptions options;
    options.dataDir = parser.value(o.dataDir);
    options.processName = QStringLiteral("shardscope");
    if (parser.value(o.synchronous) != QStringLiteral("full")
        && parser.value(o.synchronous) != QStringLiteral("normal")) {
        std::fprintf(stderr, "shardscope: --synchronous takes full or normal\n");
        return 2;
    }
    options.synchronousFull = parser.value(o.synchronous) == QStringLiteral("full");
    if (parser.value(o.zones) != QStringLiteral("1")
        && parser.value(o.zones) != QStringLiteral("3")) {
        std::fprintf(stderr, "shardscope: --zones takes 1 or 3\n");
        return 2;
    }
    options.zones = parser.value(o.zones).toInt();
    const QString accountId = parser.value(o.account);
    if (accountId.size() != 12
        || !std::all_of(accountId.begin(), accountId.end(), [](QChar c) { return c.isDigit(); })) {
        std::fprintf(stderr, "shardscope: --account-id takes 12 digits\n");
        return 2;
    }
    options.accountId = accountId.toStdString();
    options.region = parser.value(o.region).toStdString();

    std::optional<shs::net::AwsConfigRequest> remote;
    if (parser.isSet(o.endpointUrl) || parser.isSet(o.profile)) {
        remote.emplace();
        remote->endpointUrl = parser.value(o.endpointUrl);
        remote->profile = parser.value(o.profile);
        remote->region = parser.isSet(o.region) ? parser.value(o.region) : QString();
    }

    int rc;
    {
        shs::app::Workbench workbench(options);
        shs::ui::MainWindow *first = nullptr;
        // Lessons: --lesson, and the files given as arguments (a double-click on a lesson file).
        QStringList lessons = parser.positionalArguments();
        if (parser.isSet(o.lessonOption))
            lessons.prepend(parser.value(o.lessonOption));
        for (const QString &lesson : lessons)
            if (const QString why = workbench.openLesson(lesson); !why.isEmpty()) {
                std::fprintf(stderr, "shardscope: the lesson %s cannot be opened:\n%s\n",
                             qPrintable(lesson), qPrintable(why));
                if (QGuiApplication::platformName() != QStringLiteral("offscreen"))
                    QMessageBox::critical(
                        nullptr, QStringLiteral("Shardscope cannot open a lesson"),
                        QStringLiteral("The lesson %1 cannot be opened:\n\n%2\n\nMend the file "
                                       "(shardscope-cli lesson check names each problem), or "
                                       "open a built-in lesson with shardscope --lesson ID.")
                            .arg(lesson, why));
                return 2;
            }
        if (!lessons.isEmpty()) {
            first = workbench.lessons().front()->window();
        } else {
            if (const QString why = workbench.start(remote ? &*remote : nullptr); !why.isEmpty()) {
                std::fprintf(stderr, "shardscope: %s\n", qPrintable(why));
                if (QGuiApplication::platformName() != QStringLiteral("offscreen"))
                    QMessageBox::critical(nullptr, QStringLiteral("Shardscope cannot start"), why);
                return 1;
            }
            first = workbench.window();
        }
        if (parser.isSet(o.zoomOption)) {
            const double percent = parser.value(o.zoomOption).toDouble();
            if (percent < 50 || percent > 400) {
                std::fprintf(stderr, "shardscope: --zoom takes 50 to 400 (percent)\n");
                return 2;
            }
        }
        if (parser.isSet(o.presenterOption))
            first->presenter()->setActive(true);
        // SHARDSCOPE_READY_FILE: write the wall-clock time (epoch ms) at which the window first
        // paints with the engine's state — the start-to-interactive benchmark reads it.
        ReadyReporter ready(qEnvironmentVariable("SHARDSCOPE_READY_FILE"), *first);

        // SIGTERM/SIGINT close the window cleanly (the engine commits and releases its lock).
        std::signal(SIGTERM, onSignal);
        std::signal(SIGINT, onSignal);
        QTimer quitPoll;
        QObject::connect(&quitPoll, &QTimer::timeout, &app, [] {
            if (g_quit)
                QApplication::quit();
        });
        quitPoll.start(100);
        shs::app::HeapTrimmer trimmer;
        rc = QApplication::exec();
    }
    return rc;
}
