// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
// bench_ui: the workbench's budgets, measured on the real window and a real (SQLite) engine.
// Runs on Xvfb when DISPLAY is set (xvfb-run), else on the offscreen platform.
//
//   bench_ui live    [--shards 64] [--rate 50000] [--seconds 10] [--tab throughput|heat|shards]
//                    [--synchronous full|normal] [--projector PERCENT] [--zoom PERCENT]
//                    [--speed S]
//       A stream of N shards and a generator at R records/s of engine time (at speed S, 1× unless
//       given: past 1× the generator stores a sample and carries the rest), the given tab
//       showing. Phase 1: the UI thread's CPU time over wall time (target ≤ 50 %). Phase 2: the
//       live views (hash bar, sparkline grid, heat map) asked to repaint at 60 Hz; frames they
//       actually painted per second (target ≥ 20). --projector 200: a 1920×1080 projector in
//       presenter mode with its text at 200 %; --zoom 200: every pixel scaled as `shardscope
//       --zoom` does (QT_SCALE_FACTOR), the window 1920×1080 device pixels (target ≥ 30 fps).
//   bench_ui memory  --data-dir D --cli PATH [--records 10000000] [--seconds 20]
//       Fills stream "big" with N 100-byte records (shardscope-cli bench put) unless it holds
//       them already, opens the window on it and reads every shard from TRIM_HORIZON on the
//       Consume tab; peak RSS (target ≤ 400 MiB).
//   bench_ui startup --app PATH --data-dir D [--runs 5]
//       Launches `shardscope` and times, from the launch to the window showing the engine's
//       state (SHARDSCOPE_READY_FILE), the median of the runs (target ≤ 1.5 s).
#include "consume/consume_panel.h"
#include "embedded_engine.h"
#include "main_window.h"
#include "metrics/heat_map.h"
#include "metrics/heat_map_panel.h"
#include "metrics/sparkline_grid.h"
#include "metrics/throughput_panel.h"
#include "models/record_table_model.h"
#include "presenter_mode.h"
#include "producer/generator_run.h"
#include "producer/record_generator.h"
#include "publish/publish_panel.h"
#include "widgets/hash_range_bar.h"

#include "service/local_backend.h"

#include <QApplication>
#include <QComboBox>
#include <QDateTime>
#include <QDoubleSpinBox>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QProcess>
#include <QPushButton>
#include <QSpinBox>
#include <QStyleFactory>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <functional>
#include <vector>

using namespace shs;

namespace {

QString option(const QStringList &args, const QString &name, const QString &fallback = {})
{
    const int i = int(args.indexOf(QStringLiteral("--") + name));
    return i >= 0 && i + 1 < args.size() ? args[i + 1] : fallback;
}

double threadCpuMs()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
}

double rssMiB()
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : f.readAll().split('\n'))
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').front().toDouble() / 1024.0;
    return 0;
}

/// Runs the event loop (sleeping when idle, as the application does) for `ms`.
void spinFor(int ms)
{
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

/// Runs the event loop until `done` or `ms` pass; false on timeout.
bool spinUntil(const std::function<bool()> &done, int ms)
{
    QElapsedTimer t;
    t.start();
    while (!done()) {
        if (t.elapsed() > ms)
            return false;
        spinFor(10);
    }
    return true;
}

class PaintCounter : public QObject
{
  public:
    using QObject::QObject;
    qint64 paints = 0;
    bool eventFilter(QObject *o, QEvent *e) override
    {
        if (e->type() == QEvent::Paint)
            ++paints;
        return QObject::eventFilter(o, e);
    }
};

/// Lateness of a 10 ms timer: how long the UI thread keeps events waiting.
class LatencyProbe : public QObject
{
  public:
    explicit LatencyProbe(QObject *parent) : QObject(parent)
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(10);
        QObject::connect(&m_timer, &QTimer::timeout, this, [this] {
            const qint64 now = m_clock.nsecsElapsed();
            if (m_last > 0)
                m_lateMs.push_back(std::max(0.0, double(now - m_last) / 1e6 - 10.0));
            m_last = now;
        });
        m_clock.start();
        m_timer.start();
    }
    double percentile(double p)
    {
        if (m_lateMs.empty())
            return 0;
        std::sort(m_lateMs.begin(), m_lateMs.end());
        return m_lateMs[std::min(m_lateMs.size() - 1, std::size_t(p * double(m_lateMs.size())))];
    }

  private:
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_last = 0;
    std::vector<double> m_lateMs;
};

int live(const QStringList &args)
{
    const int shards = option(args, QStringLiteral("shards"), QStringLiteral("64")).toInt();
    const double rate = option(args, QStringLiteral("rate"), QStringLiteral("50000")).toDouble();
    const int seconds = option(args, QStringLiteral("seconds"), QStringLiteral("10")).toInt();
    const QString tab = option(args, QStringLiteral("tab"), QStringLiteral("throughput"));
    const double speed = option(args, QStringLiteral("speed"), QStringLiteral("1")).toDouble();
    QTemporaryDir tmp;
    app::EmbeddedOptions options;
    options.dataDir = tmp.path();
    options.processName = QStringLiteral("bench_ui");
    options.synchronousFull = option(args, QStringLiteral("synchronous"), QStringLiteral("full"))
                              == QStringLiteral("full");
    auto engine = app::EmbeddedEngine::open(options);
    if (!engine) {
        std::fprintf(stderr, "bench_ui: %s\n", engine.error().message.c_str());
        return 1;
    }
    auto &host = (*engine)->host();
    service::LocalBackend backend(host, (*engine)->clock(), tmp.path());
    ui::MainWindow w(backend);
    const int projector = option(args, QStringLiteral("projector"), QStringLiteral("0")).toInt();
    const int zoom = option(args, QStringLiteral("zoom"), QStringLiteral("100")).toInt();
    const QSize screen
        = projector > 0 || zoom != 100 ? QSize(1920, 1080) * 100 / zoom : QSize(1280, 900);
    w.resize(screen);
    w.show();
    if (projector > 0) {
        // Presenter mode, sized as the projector rather than full screen (offscreen and Xvfb
        // screens differ in size).
        w.presenter()->setActive(true);
        w.presenter()->setZoom(projector);
        w.showNormal();
        w.resize(screen);
    }
    core::CreateStreamRequest create;
    create.streamName = "live";
    create.shardCount = shards;
    if (!host.call<void>([create](core::Engine &e) { return e.createStream(create); })) {
        std::fprintf(stderr, "bench_ui: CreateStream failed\n");
        return 1;
    }
    if (!spinUntil(
            [&] {
                return w.selectedStream() == QStringLiteral("live")
                       && w.capacityAction()->isEnabled();
            },
            10000)) {
        std::fprintf(stderr, "bench_ui: the stream did not become ACTIVE\n");
        return 1;
    }
    auto *pub = w.publishPanel();
    w.shardTabs()->setCurrentWidget(w.shardTabs()->widget(2)); // Publish, to start the generator
    spinFor(100);
    pub->rateSpin()->setValue(rate);
    pub->sizeSpin()->setValue(200);
    pub->keysSpin()->setValue(producer::RecordGenerator::kMaxDistinctKeys);
    (*engine)->clock()->setSpeed(speed);
    pub->startButton()->click();
    if (pub->runs().isEmpty()) {
        std::fprintf(stderr, "bench_ui: the generator did not start\n");
        return 1;
    }
    producer::GeneratorRun *run = pub->runs().first();
    if (tab == QStringLiteral("heat"))
        w.showPage(QStringLiteral("heatmap"));
    else if (tab == QStringLiteral("shards"))
        w.shardTabs()->setCurrentIndex(0);
    else
        w.showPage(QStringLiteral("throughput"));
    spinFor(3000); // warm up: metrics fill, caches settle

    // Phase 1: what the UI thread spends in normal operation.
    auto *probe = new LatencyProbe(&w);
    const auto acked0 = run->counts().acknowledged, throttled0 = run->counts().throttled,
               failed0 = run->counts().failed, skipped0 = run->counts().skipped,
               carried0 = run->counts().carried;
    const double cpu0 = threadCpuMs();
    QElapsedTimer wall;
    wall.start();
    double peakRss = 0;
    while (wall.elapsed() < seconds * 1000) {
        spinFor(100);
        peakRss = std::max(peakRss, rssMiB());
    }
    const double busy = (threadCpuMs() - cpu0) / double(wall.elapsed());
    const double ackRate
        = double(run->counts().acknowledged - acked0) * 1000.0 / double(wall.elapsed());
    const double throttleRate
        = double(run->counts().throttled - throttled0) * 1000.0 / double(wall.elapsed());
    const double failRate
        = double(run->counts().failed - failed0) * 1000.0 / double(wall.elapsed());
    const double skipRate
        = double(run->counts().skipped - skipped0) * 1000.0 / double(wall.elapsed());
    const double carryRate
        = double(run->counts().carried - carried0) * 1000.0 / double(wall.elapsed());
    const double p99 = probe->percentile(0.99), p50 = probe->percentile(0.5);
    delete probe;

    // Phase 2: the live views asked to repaint at 60 Hz; how many frames they manage.
    QList<QWidget *> views{w.hashBar()};
    if (w.currentPageName() == QLatin1String("throughput"))
        views << w.throughputPanel()->grid();
    if (w.currentPageName() == QLatin1String("heatmap"))
        views << w.heatMapPanel()->heatMap();
    PaintCounter counter;
    QWidget *measured = views.back();
    measured->installEventFilter(&counter);
    QTimer frames;
    frames.setTimerType(Qt::PreciseTimer);
    QObject::connect(&frames, &QTimer::timeout, &w, [&views] {
        for (QWidget *v : views)
            v->update();
    });
    frames.start(16);
    const double cpu1 = threadCpuMs();
    QElapsedTimer wall2;
    wall2.start();
    spinFor(seconds * 1000);
    frames.stop();
    const double fps = double(counter.paints) * 1000.0 / double(wall2.elapsed());
    const double busy2 = (threadCpuMs() - cpu1) / double(wall2.elapsed());
    pub->stopRun(run);

    std::printf("bench_ui live: platform %s, %d shards, generator %.0f records/s (200 B, %d keys), "
                "tab %s, %d s per phase, "
                "synchronous=%s%s\n",
                qPrintable(QGuiApplication::platformName()), shards, rate,
                producer::RecordGenerator::kMaxDistinctKeys, qPrintable(tab), seconds,
                options.synchronousFull ? "FULL" : "NORMAL",
                qPrintable(QStringLiteral(", window %1x%2 logical at zoom %3 %4%5")
                               .arg(w.width())
                               .arg(w.height())
                               .arg(zoom)
                               .arg(QLatin1Char('%'))
                               .arg(projector > 0 ? QStringLiteral(", presenter mode, text %1 %2")
                                                        .arg(projector)
                                                        .arg(QLatin1Char('%'))
                                                  : QString())));
    std::printf(
        "  acknowledged %.0f records/s, throttled %.0f, failed %.0f, skipped %.0f records/s\n",
        ackRate, throttleRate, failRate, skipRate);
    if (speed > 1)
        std::printf("  engine time at %.0fx: stored %.0f + carried %.0f records per real second = "
                    "%.0f records/s of engine time\n",
                    speed, ackRate, carryRate, (ackRate + carryRate) / speed);
    std::printf("  UI thread busy %.1f %% (target <= 50 %%); event delay p50 %.1f ms, p99 %.1f ms; "
                "peak RSS %.0f MiB\n",
                100.0 * busy, p50, p99, peakRss);
    std::printf("  live views asked for 60 fps: %s painted %.1f fps (target >= 20), UI thread busy "
                "%.1f %%\n",
                measured->metaObject()->className(), fps, 100.0 * busy2);
    return 0;
}

int memory(const QStringList &args)
{
    const QString dir = option(args, QStringLiteral("data-dir"));
    const QString cli = option(args, QStringLiteral("cli"));
    const qint64 records
        = option(args, QStringLiteral("records"), QStringLiteral("10000000")).toLongLong();
    const int seconds = option(args, QStringLiteral("seconds"), QStringLiteral("20")).toInt();
    if (dir.isEmpty()) {
        std::fprintf(stderr, "bench_ui memory: --data-dir is required\n");
        return 2;
    }
    // Fill the stream unless a previous run did.
    qint64 have = 0;
    {
        app::EmbeddedOptions options;
        options.dataDir = dir;
        options.processName = QStringLiteral("bench_ui");
        auto engine = app::EmbeddedEngine::open(options);
        if (!engine) {
            std::fprintf(stderr, "bench_ui: %s\n", engine.error().message.c_str());
            return 1;
        }
        auto usage = (*engine)->host().call<core::Engine::CostReport>([](core::Engine &e) {
            return e.costReport({"big", {}});
        });
        if (usage)
            have = usage->usage.records;
    }
    if (have < records) {
        if (cli.isEmpty()) {
            std::fprintf(stderr, "bench_ui memory: --cli is needed to fill the stream\n");
            return 2;
        }
        std::printf("filling stream 'big' with %lld records of 100 bytes…\n",
                    qlonglong(records - have));
        std::fflush(stdout);
        QProcess fill;
        fill.setProcessChannelMode(QProcess::ForwardedChannels);
        fill.start(
            cli, {QStringLiteral("--data-dir"), dir, QStringLiteral("--limits"),
                  QStringLiteral("off"), QStringLiteral("bench"), QStringLiteral("put"),
                  QStringLiteral("--stream"), QStringLiteral("big"), QStringLiteral("--shards"),
                  QStringLiteral("4"), QStringLiteral("--records"), QString::number(records - have),
                  QStringLiteral("--batch"), QStringLiteral("500"), QStringLiteral("--threads"),
                  QStringLiteral("4"), QStringLiteral("--size"), QStringLiteral("100")});
        if (!fill.waitForFinished(-1) || fill.exitCode() != 0) {
            std::fprintf(stderr, "bench_ui memory: filling failed\n");
            return 1;
        }
    }
    const double rssStart = rssMiB();
    app::EmbeddedOptions options;
    options.dataDir = dir;
    options.processName = QStringLiteral("bench_ui");
    options.limits = core::LimitsProfile::off(); // read as fast as the machine allows
    auto engine = app::EmbeddedEngine::open(options);
    if (!engine) {
        std::fprintf(stderr, "bench_ui: %s\n", engine.error().message.c_str());
        return 1;
    }
    service::LocalBackend backend((*engine)->host(), (*engine)->clock(), dir);
    ui::MainWindow w(backend);
    w.resize(1280, 900);
    w.show();
    if (!spinUntil([&] { return w.selectedStream() == QStringLiteral("big"); }, 20000)) {
        std::fprintf(stderr, "bench_ui: stream 'big' did not show\n");
        return 1;
    }
    spinFor(1000);
    const double rssOpen = rssMiB();
    auto *con = w.consumePanel();
    w.showPage(QStringLiteral("consume"));
    spinFor(100);
    con->pollSpin()->setValue(con->pollSpin()->minimum());
    con->startButton()->click();
    double peak = rssMiB();
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < seconds * 1000) {
        spinFor(100);
        peak = std::max(peak, rssMiB());
    }
    const qint64 read = con->reader() ? con->reader()->counts().records : 0;
    con->startButton()->click(); // stop
    w.showPage(QStringLiteral("throughput"));
    spinFor(2000);
    peak = std::max(peak, rssMiB());
    std::printf("bench_ui memory: stream 'big' with %lld records (100 B); RSS %.0f MiB before "
                "opening, %.0f MiB with the "
                "window open, peak %.0f MiB while the Consume tab read %lld records in %d s (table "
                "keeps %d rows) "
                "(target <= 400 MiB)\n",
                qlonglong(std::max(have, records)), rssStart, rssOpen, peak, qlonglong(read),
                seconds, con->recordModel()->maxRows());
    return 0;
}

int startup(const QStringList &args)
{
    const QString appPath = option(args, QStringLiteral("app"), qEnvironmentVariable("SHS_APP"));
    const QString dir = option(args, QStringLiteral("data-dir"));
    const int runs = option(args, QStringLiteral("runs"), QStringLiteral("5")).toInt();
    if (appPath.isEmpty() || dir.isEmpty()) {
        std::fprintf(stderr, "bench_ui startup: --app and --data-dir are required\n");
        return 2;
    }
    QTemporaryDir tmp;
    std::vector<qint64> times;
    for (int i = 0; i < runs; ++i) {
        const QString ready = tmp.path() + QStringLiteral("/ready-%1").arg(i);
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("SHARDSCOPE_READY_FILE"), ready);
        p.setProcessEnvironment(env);
        p.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        const qint64 t0 = QDateTime::currentMSecsSinceEpoch();
        p.start(appPath, {QStringLiteral("--data-dir"), dir});
        if (!p.waitForStarted()) {
            std::fprintf(stderr, "bench_ui startup: cannot start %s\n", qPrintable(appPath));
            return 1;
        }
        QElapsedTimer t;
        t.start();
        while (!QFile::exists(ready) || QFile(ready).size() == 0) {
            if (t.elapsed() > 30000 || p.state() != QProcess::Running) {
                std::fprintf(stderr, "bench_ui startup: the window never became ready\n");
                return 1;
            }
            QThread::msleep(2);
        }
        QFile f(ready);
        (void)f.open(QIODevice::ReadOnly);
        times.push_back(f.readAll().trimmed().toLongLong() - t0);
        ::kill(pid_t(p.processId()), SIGTERM);
        p.waitForFinished(30000);
    }
    std::sort(times.begin(), times.end());
    std::printf("bench_ui startup: %s on %s: start to interactive median %lld ms, min %lld ms, max "
                "%lld ms over %d runs "
                "(target <= 1500 ms)\n",
                qPrintable(QGuiApplication::platformName()), qPrintable(dir),
                qlonglong(times[times.size() / 2]), qlonglong(times.front()),
                qlonglong(times.back()), runs);
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    if (!qEnvironmentVariableIsSet("DISPLAY") && !qEnvironmentVariableIsSet("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    // --zoom PERCENT scales every pixel, as `shardscope --zoom` does: before the app exists.
    for (int i = 1; i + 1 < argc; ++i)
        if (std::strcmp(argv[i], "--zoom") == 0)
            qputenv("QT_SCALE_FACTOR", QByteArray::number(std::atoi(argv[i + 1]) / 100.0));
    QApplication app(argc, argv);
    QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    const QStringList args = QApplication::arguments();
    const QString what = args.size() > 1 ? args[1] : QString();
    if (what == QStringLiteral("live"))
        return live(args);
    if (what == QStringLiteral("memory"))
        return memory(args);
    if (what == QStringLiteral("startup"))
        return startup(args);
    std::fprintf(stderr, "usage: bench_ui live|memory|startup [options] (see the comment at the "
                         "top of bench_ui.cpp)\n");
    return 2;
}
