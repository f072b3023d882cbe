// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "main_window.h"

#include "charts/throughput_chart_view.h"
#include "consume/consume_panel.h"
#include "consumers/consumers_panel.h"
#include "dialogs/capacity_dialog.h"
#include "dialogs/connection_dialog.h"
#include "dialogs/create_stream_dialog.h"
#include "dialogs/encryption_dialog.h"
#include "dialogs/endpoint_dialog.h"
#include "dialogs/help_dialogs.h"
#include "dialogs/retention_dialog.h"
#include "dialogs/stream_settings_dialog.h"
#include "dialogs/tags_dialog.h"
#include "error_text.h"
#include "frame_pump.h"
#include "lessons/lesson_builder.h"
#include "lessons/spotlight.h"
#include "metrics/heat_map.h"
#include "metrics/heat_map_panel.h"
#include "metrics/sparkline_grid.h"
#include "metrics/throughput_panel.h"
#include "models/live_metrics.h"
#include "models/stream_list_model.h"
#include "pages/alarms_page.h"
#include "pages/heat_map_page.h"
#include "pages/lineage_page.h"
#include "pages/shards_page.h"
#include "pages/stream_overview.h"
#include "pages/throughput_page.h"
#include "presenter_mode.h"
#include "publish/publish_panel.h"
#include "service/aws_cli.h"
#include "theme.h"
#include "view_export.h"
#include "widgets/hash_range_bar.h"
#include "widgets/lineage_view.h"
#include "widgets/routing_explainer.h"

#include "engine/clock.h"
#include "lesson/goal_check.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QComboBox>
#include <QDateTime>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDockWidget>
#include <QEvent>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QMouseEvent>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSettings>
#include <QShortcut>
#include <QSignalBlocker>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QSystemTrayIcon>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTimeZone>
#include <QToolBar>
#include <QUrl>
#include <QVBoxLayout>

namespace shs::ui {

using namespace shs::core;

MainWindow::MainWindow(service::StreamBackend &backend, QWidget *parent)
    : QMainWindow(parent), m_backend(backend), m_pump(new FramePump(backend.mailbox(), this)),
      m_model(new StreamListModel(this)), m_live(new LiveMetrics(backend, this))
{
    setWindowTitle(tr("Shardscope"));
    m_confirm = [this](const QString &title, const QString &text) {
        return QMessageBox::question(this, title, text, QMessageBox::Cancel | QMessageBox::Yes,
                                     QMessageBox::Cancel)
               == QMessageBox::Yes;
    };
    // Copy as AWS CLI reaches the endpoint this window works on.
    awscli::setTarget(m_backend.awsCliTarget());
    buildUi();
    resize(1100, 680);
    restoreSettings(); // before the first snapshot, which selects a stream
    m_spotlight = new Spotlight(this);
    connect(m_pump, &FramePump::snapshotChanged, this, &MainWindow::applySnapshot);
    connect(m_pump, &FramePump::frame, this, &MainWindow::updateClock);
    // Live metrics ride the same frames: the bar's colours, the list's rates and the charts.
    connect(m_pump, &FramePump::metricsChanged, m_live, &LiveMetrics::applyFrame);
    connect(m_live, &LiveMetrics::updated, this, &MainWindow::updateLive);
    m_pump->start();
    // No larger than the screen: 1100×680 at a presenter's 200 % zoom is 2200×1360 pixels, more
    // than a 1920×1080 projector shows; and a size saved on a larger screen may not fit this one.
    if (const auto *screen = this->screen())
        resize(size().boundedTo(screen->availableGeometry().size()));
}

MainWindow::~MainWindow() = default;

void MainWindow::buildUi()
{
    buildToolbar();
    auto *central = new QWidget(this);
    auto *outer = new QVBoxLayout(central);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->setSpacing(0);
    m_banner = new QLabel(central);
    m_banner->setObjectName(QStringLiteral("storageBanner"));
    m_banner->setWordWrap(true);
    m_banner->setStyleSheet(
        QStringLiteral("background: #c62828; color: white; padding: 8px; font-weight: bold;"));
    m_banner->hide();
    outer->addWidget(m_banner);
    m_backendNotice = new QLabel(central);
    m_backendNotice->setObjectName(QStringLiteral("backendNotice"));
    m_backendNotice->setWordWrap(true);
    m_backendNotice->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_backendNotice->setStyleSheet(noticeCss(false) + QStringLiteral("; padding: 6px;"));
    m_backendNotice->hide();
    outer->addWidget(m_backendNotice);
    m_notice = new QLabel(central);
    m_notice->setObjectName(QStringLiteral("notice"));
    m_notice->setWordWrap(true);
    m_notice->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_notice->hide();
    outer->addWidget(m_notice);

    m_pages = new QStackedWidget(central);
    outer->addWidget(m_pages, 1);

    m_pages->addWidget(buildEmptyPage());
    m_pages->addWidget(buildStreamPage());
    setCentralWidget(central);
    buildMenus();
    statusBar()->showMessage(m_backend.description());
    m_limitsLabel = new QLabel(this);
    m_limitsLabel->setObjectName(QStringLiteral("limitsLabel"));
    statusBar()->addPermanentWidget(m_limitsLabel);
    m_clock = new QLabel(this);
    m_clock->setObjectName(QStringLiteral("engineClock"));
    statusBar()->addPermanentWidget(m_clock);
}

void MainWindow::buildToolbar()
{
    auto *tools = addToolBar(tr("Streams"));
    tools->setObjectName(QStringLiteral("streamsToolbar"));
    tools->setMovable(false);
    m_connectAction = new QAction(tr("Connect…"), this);
    m_connectAction->setShortcut(QKeySequence::Open);
    m_connectAction->setToolTip(tr("Work on the embedded engine or on a Kinesis endpoint: AWS, "
                                   "LocalStack, kinesalite (Ctrl+O)"));
    m_connectAction->setVisible(false);
    connect(m_connectAction, &QAction::triggered, this, &MainWindow::openConnection);
    m_connectionBadge = new QLabel(this);
    m_connectionBadge->setObjectName(QStringLiteral("connectionBadge"));
    if (!m_backend.embedded()) {
        // Remote: say where, all the time — a learner must never mistake AWS for the sandbox.
        const QUrl url(m_backend.endpointUrl());
        m_connectionBadge->setText(tr("Remote: %1").arg(url.toString()));
        m_connectionBadge->setToolTip(m_backend.description() + QLatin1Char('\n')
                                      + tr("Connection > Connect… (Ctrl+O) switches to the "
                                           "embedded engine or another endpoint."));
        m_connectionBadge->setStyleSheet(QStringLiteral(
            "background: #1565c0; color: white; border-radius: 3px; padding: 2px 6px;"));
        setWindowTitle(tr("Shardscope — %1").arg(url.host()));
    }
    m_newStream = tools->addAction(tr("New stream…"));
    m_newStream->setShortcut(QKeySequence::New);
    m_newStream->setToolTip(tr("Create a stream (Ctrl+N)"));
    connect(m_newStream, &QAction::triggered, this, &MainWindow::newStream);
    m_deleteStream = tools->addAction(tr("Delete stream…"));
    m_deleteStream->setShortcut(QKeySequence::Delete);
    m_deleteStream->setEnabled(false);
    connect(m_deleteStream, &QAction::triggered, this, &MainWindow::confirmDelete);
    m_capacity = tools->addAction(tr("Capacity…"));
    m_capacity->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_K));
    m_capacity->setToolTip(tr("Switch the capacity mode or change the shard count (Ctrl+K)"));
    m_capacity->setEnabled(false);
    connect(m_capacity, &QAction::triggered, this, &MainWindow::openCapacity);
    // In the Stream menu only (the toolbar is full at 1,100 px).
    m_encryption = new QAction(tr("Encryption…"), this);
    m_encryption->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
    m_encryption->setToolTip(
        tr("Encrypt the stream's records at rest under a KMS key, or stop (Ctrl+Shift+E)"));
    m_encryption->setEnabled(false);
    connect(m_encryption, &QAction::triggered, this, &MainWindow::openEncryption);
    m_retention = tools->addAction(tr("Retention…"));
    m_retention->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    m_retention->setToolTip(tr("Change how long the stream keeps records (Ctrl+R)"));
    m_retention->setEnabled(false);
    connect(m_retention, &QAction::triggered, this, &MainWindow::openRetention);
    m_tags = tools->addAction(tr("Tags…"));
    m_tags->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_T));
    m_tags->setToolTip(tr("Add, change or remove the stream's tags (Ctrl+T)"));
    m_tags->setEnabled(false);
    connect(m_tags, &QAction::triggered, this, &MainWindow::openTags);
    m_settings = tools->addAction(tr("Settings…"));
    m_settings->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Comma));
    m_settings->setToolTip(tr("Shard-level metrics, largest record, warm throughput and record "
                              "distribution of the stream (Ctrl+,)"));
    m_settings->setEnabled(false);
    connect(m_settings, &QAction::triggered, this, &MainWindow::openSettings);
    // In the Learn menu and the empty state (the toolbar is full at 1000 px).
    m_lessonsAction = new QAction(tr("Lessons…"), this);
    addAction(m_lessonsAction);
    m_lessonsAction->setObjectName(QStringLiteral("lessonsAction"));
    m_lessonsAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_L));
    m_lessonsAction->setToolTip(tr("Guided lessons on a scratch engine: routing, hot keys, "
                                   "limits, resharding, scaling, capacity modes, retention "
                                   "(Ctrl+Shift+L)"));
    m_lessonsAction->setVisible(false);
    connect(m_lessonsAction, &QAction::triggered, this, [this] {
        QDialog dialog(this);
        dialog.setWindowTitle(tr("Lessons"));
        auto *layout = new QVBoxLayout(&dialog);
        auto *page = new LessonsPage(m_lessonOpener, &dialog);
        layout->addWidget(page);
        auto *close = new QDialogButtonBox(QDialogButtonBox::Close, &dialog);
        layout->addWidget(close);
        connect(close, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
        connect(page, &LessonsPage::opened, &dialog, &QDialog::accept);
        dialog.resize(620, 480);
        dialog.exec();
    });
    m_endpointAction = tools->addAction(tr("Endpoint…"));
    m_endpointAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    m_endpointAction->setToolTip(tr("Serve the Kinesis API to the AWS CLI and SDKs (Ctrl+E)"));
    m_endpointAction->setVisible(false);
    connect(m_endpointAction, &QAction::triggered, this, &MainWindow::openEndpoint);
    tools->addSeparator();
    buildEngineControls(tools);
}

void MainWindow::buildEngineControls(QToolBar *tools)
{
    tools->addWidget(m_connectionBadge);
    if (!m_backend.embedded())
        tools->addSeparator();
    if (auto *engine = m_backend.embedded()) {
        tools->addWidget(new QLabel(tr(" Engine speed ")));
        m_speed = new QComboBox(this);
        m_speed->setObjectName(QStringLiteral("engineSpeed"));
        for (const auto &[label, speed] :
             std::vector<std::pair<QString, double>>{{tr("Paused"), 0.0},
                                                     {tr("1×"), 1.0},
                                                     {tr("10×"), 10.0},
                                                     {tr("60×"), 60.0},
                                                     {tr("3600×"), 3600.0}})
            m_speed->addItem(label, speed);
        m_speed->setCurrentIndex(m_speed->findData(engine->speed()));
        m_speed->setToolTip(
            tr("Engine time drives arrival timestamps, iterator expiry and retention. "
               "Speed it up to watch retention trim records in minutes."));
        connect(m_speed, &QComboBox::currentIndexChanged, this, [this, engine](int i) {
            engine->setSpeed(m_speed->itemData(i).toDouble());
            m_lastClockSecond = -1;
            updateClock();
        });
        tools->addWidget(m_speed);
    }
    tools->addWidget(new QLabel(tr("  Limits ")));
    m_limits = new QComboBox(this);
    m_limits->setObjectName(QStringLiteral("limitsProfile"));
    m_limits->addItem(tr("AWS per-shard limits"), QStringLiteral("aws"));
    m_limits->addItem(tr("No throttling"), QStringLiteral("off"));
    m_limits->setToolTip(
        tr("AWS: each shard takes 1 MiB/s or 1,000 records/s of writes and serves 2 MiB/s and 5 "
           "GetRecords calls/s; over that, Kinesis answers ProvisionedThroughputExceededException. "
           "No throttling: for loading data fast."));
    if (!m_backend.embedded()) {
        // The service applies its own limits: shown, not offered.
        m_limits->clear();
        m_limits->addItem(tr("Set by the service"), QStringLiteral("service"));
        m_limits->setEnabled(false);
        m_limits->setToolTip(tr("A Kinesis endpoint applies its own limits (on AWS, per shard: 1 "
                                "MiB/s or 1,000 records/s "
                                "written, 2 MiB/s and 5 GetRecords calls/s read). Limits profiles "
                                "and engine speed belong "
                                "to the embedded engine: Connect… (Ctrl+O) to switch."));
    }
    connect(m_limits, &QComboBox::activated, this, [this](int i) {
        LimitsProfile p;
        auto *engine = m_backend.embedded();
        if (!engine || !LimitsProfile::parse(m_limits->itemData(i).toString().toStdString(), p))
            return;
        engine->setLimits(p, this, [this](Result<void> r) {
            if (!r)
                showNotice(explainError(tr("change the limits"), r.error()), true);
        });
    });
    tools->addWidget(m_limits);
}

QWidget *MainWindow::buildEmptyPage()
{
    // Page 0: nothing yet.
    auto *empty = new QWidget(m_pages);
    auto *emptyLayout = new QVBoxLayout(empty);
    emptyLayout->addStretch(2);
    auto *title = new QLabel(tr("No streams yet"), empty);
    QFont f = title->font();
    f.setPointSizeF(f.pointSizeF() * 1.6);
    f.setBold(true);
    title->setFont(f);
    title->setAlignment(Qt::AlignCenter);
    auto *explain = new QLabel(
        tr("A Kinesis stream is a set of shards. Each shard owns a slice of the 128-bit "
           "hash-key space and takes up to 1 MiB/s or 1,000 records/s of writes.\n"
           "Create a stream to see its shards and where partition keys land."),
        empty);
    explain->setAlignment(Qt::AlignCenter);
    explain->setWordWrap(true);
    auto *create = new QPushButton(tr("Create a stream…"), empty);
    create->setObjectName(QStringLiteral("emptyCreate"));
    connect(create, &QPushButton::clicked, this, &MainWindow::newStream);
    emptyLayout->addWidget(title);
    emptyLayout->addWidget(explain);
    auto *row = new QHBoxLayout;
    row->addStretch();
    row->addWidget(create);
    row->addStretch();
    emptyLayout->addLayout(row);
    // setLessonOpener() puts the curriculum here: a first launch offers lessons beside a stream.
    m_emptyLayout = emptyLayout;
    emptyLayout->addStretch(3);
    return empty;
}

QWidget *MainWindow::buildStreamPage()
{
    // Page 1: streams and the selected stream's shards.
    auto *split = new QSplitter(Qt::Horizontal, m_pages);
    m_split = split;
    m_streamView = new QTableView(split);
    m_streamView->setObjectName(QStringLiteral("streamList"));
    m_streamView->setModel(m_model);
    m_streamView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_streamView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_streamView->verticalHeader()->hide();
    // Every column as wide as what it shows, the last one taking what room is left: a narrow list
    // (a lesson's window, the builder beside it, a zoomed window) scrolls sideways with the names
    // whole at its left, rather than squeezing them to "c…".
    m_streamView->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_streamView->horizontalHeader()->setStretchLastSection(true);
    m_streamView->setColumnHidden(StreamListModel::CreatedColumn, true);
    // The stream's retention is in its details; the list keeps to what tells streams apart, so
    // it can stay a third of the window.
    m_streamView->setColumnHidden(StreamListModel::RetentionColumn, true);
    m_streamView->setAlternatingRowColors(true);
    connect(m_streamView->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &MainWindow::showSelected);
    // A click on empty space below the streams keeps the stream shown (a lesson's views went
    // blank when a learner clicked there); only another stream, or deleting it, changes it.
    m_streamView->viewport()->installEventFilter(this);

    auto *right = new QWidget(split);
    auto *rightLayout = new QVBoxLayout(right);
    m_overview = new StreamOverview(
        m_backend, *m_live,
        [this](const QString &heading, const QString &text) { return m_confirm(heading, text); },
        right);
    rightLayout->addWidget(m_overview);
    m_shardTabs = new QTabWidget(right);
    m_shardTabs->setObjectName(QStringLiteral("shardTabs"));
    m_shardTabs->setDocumentMode(true);
    // The pages, in tab order (Ctrl+1 … Ctrl+8); the window hosts them and nothing more.
    m_shardsPage = new ShardsPage(m_backend);
    m_lineagePage = new LineagePage;
    m_publish = new PublishPanel(m_backend);
    m_publish->setObjectName(QStringLiteral("publishPanel"));
    m_consume = new ConsumePanel(m_backend);
    m_consume->setObjectName(QStringLiteral("consumePanel"));
    m_throughputPage = new ThroughputPage(m_backend, [this] {
        QVector<ConsumerAge> consumers;
        if (const auto *reader = m_consume->reader(); reader && reader->running()) {
            const auto &o = reader->options();
            consumers.push_back(
                {tr("Consume tab — %1")
                     .arg(o.shardId.empty() ? tr("all shards") : QString::fromStdString(o.shardId)),
                 tr("MillisBehindLatest"), reader->counts().millisBehindLatest});
        }
        return consumers;
    });
    m_heatPage = new HeatMapPage(m_backend);
    connect(m_heatPage, &HeatMapPage::hotKeysChanged, this, &MainWindow::updateLive);
    m_consumers = new ConsumersPanel(m_backend);
    m_consumers->setObjectName(QStringLiteral("consumersPanel"));
    m_alarmsPage = new AlarmsPage(m_backend);
    m_alarmsPage->setObjectName(QStringLiteral("alarmsPage"));
    m_streamPages = {m_shardsPage,     m_lineagePage, m_publish,   m_consume,
                     m_throughputPage, m_heatPage,    m_consumers, m_alarmsPage};
    connect(m_alarmsPage, &AlarmsPage::titleChanged, this, [this] {
        const int i = int(m_streamPages.size()) - 1;
        m_shardTabs->setTabText(i, m_alarmsPage->title());
        m_shardTabs->setTabToolTip(i, m_alarmsPage->title() == tr("Alarms")
                                          ? tr("Ctrl+8")
                                          : tr("Ctrl+8 — an alarm of this stream is in ALARM"));
    });
    for (StreamPage *page : m_streamPages)
        m_shardTabs->addTab(page->content(), page->title());
    // Every view that draws data can be copied or exported for slides (right-click).
    const auto named = [this](const QString &what) {
        return [this, what] {
            const QString stream = selectedStream();
            return stream.isEmpty() ? what : stream + QLatin1Char('-') + what;
        };
    };
    addExportActions(hashBar(), named(QStringLiteral("hash-ranges")));
    addExportActions(lineageView(), named(QStringLiteral("lineage")));
    addExportActions(throughputPanel()->chart(), named(QStringLiteral("throughput")));
    addExportActions(throughputPanel()->cloudWatchChart(), named(QStringLiteral("cloudwatch")));
    addExportActions(throughputPanel()->grid(), named(QStringLiteral("shards")));
    addExportActions(heatMapPanel()->heatMap(), named(QStringLiteral("heat-map")));
    // A shard picked in one view shows its top keys in the heat map tab.
    connect(throughputPanel(), &ThroughputPanel::shardClicked, this, [this](const QString &id) {
        heatMapPanel()->selectShard(id);
        showPage(m_heatPage->viewName());
    });
    connect(m_shardTabs, &QTabWidget::currentChanged, this, [this](int index) {
        updateLive();
        if (index >= 0 && index < int(m_streamPages.size()))
            m_streamPages[size_t(index)]->shown();
    });
    rightLayout->addWidget(m_shardTabs, 1);
    split->addWidget(m_streamView);
    split->addWidget(right);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 5);
    split->setSizes({360, 740}); // the stream list a third, the stream two thirds
    return split;
}

void MainWindow::buildMenus()
{
    // Ctrl+1 … Ctrl+8: Shards, Lineage, Publish, Consume, Throughput, Heat map, Consumers, Alarms
    // (and the routing field with Ctrl+L). The menus: every toolbar action and tab with its
    // shortcut, and the appearance.
    auto *connectionMenu = menuBar()->addMenu(tr("&Connection"));
    connectionMenu->setObjectName(QStringLiteral("connectionMenu"));
    connectionMenu->addAction(m_connectAction);
    auto *streamMenu = menuBar()->addMenu(tr("&Stream"));
    streamMenu->addActions({m_newStream, m_deleteStream});
    streamMenu->addSeparator();
    streamMenu->addActions({m_capacity, m_retention, m_tags, m_settings, m_encryption});
    streamMenu->addSeparator();
    streamMenu->addAction(m_endpointAction);
    streamMenu->addSeparator();
    QAction *quit = streamMenu->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);
    auto *learnMenu = menuBar()->addMenu(tr("&Learn"));
    learnMenu->setObjectName(QStringLiteral("learnMenu"));
    learnMenu->addAction(m_lessonsAction);
    m_recordLessonAction
        = learnMenu->addAction(tr("Record a lesson…"), this, [this] { openLessonBuilder(); });
    m_recordLessonAction->setObjectName(QStringLiteral("recordLessonAction"));
    m_recordLessonAction->setToolTip(
        tr("Record what you do in the window as the steps of a lesson you can save and share"));
    learnMenu->menuAction()->setVisible(false);
    connect(m_lessonsAction, &QAction::changed, learnMenu, [this, learnMenu] {
        learnMenu->menuAction()->setVisible(m_lessonsAction->isVisible());
    });
    auto *viewMenu = menuBar()->addMenu(tr("&View"));
    viewMenu->setObjectName(QStringLiteral("viewMenu"));
    for (int i = 0; i < m_shardTabs->count(); ++i) {
        auto *tab = viewMenu->addAction(m_shardTabs->tabText(i));
        tab->setToolTip(
            tr("Show the %1 tab").arg(m_shardTabs->tabText(i).remove(QLatin1Char('&'))));
        tab->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + i)));
        connect(tab, &QAction::triggered, this, [this, i] { m_shardTabs->setCurrentIndex(i); });
        addAction(tab);
        m_shardTabs->setTabToolTip(i, tr("Ctrl+%1").arg(i + 1));
    }
    viewMenu->addSeparator();
    m_presenter = new PresenterMode(*this, {m_streamView}, m_backend.embedded());
    viewMenu->addAction(m_presenter->toggleAction());
    auto *appearance = viewMenu->addMenu(tr("&Appearance"));
    auto *schemes = new QActionGroup(this);
    for (const auto &[label, scheme] : std::vector<std::pair<QString, ColorScheme>>{
             {tr("Follow the system"), ColorScheme::System},
             {tr("Light"), ColorScheme::Light},
             {tr("Dark"), ColorScheme::Dark}}) {
        QAction *a = appearance->addAction(label);
        a->setCheckable(true);
        a->setData(int(scheme));
        schemes->addAction(a);
        if (Appearance *app = Appearance::instance()) {
            a->setChecked(app->preference() == scheme);
            connect(a, &QAction::triggered, this, [scheme] {
                if (Appearance *current = Appearance::instance())
                    current->setPreference(scheme);
            });
        } else {
            a->setEnabled(false);
        }
    }
    m_appearanceActions = schemes->actions();
    auto *helpMenu = menuBar()->addMenu(tr("&Help"));
    helpMenu->setObjectName(QStringLiteral("helpMenu"));
    QAction *guide = helpMenu->addAction(tr("User guide"), this, [this] {
        // One guide beside the window, raised when asked for again.
        auto *d = findChild<GuideDialog *>();
        if (!d) {
            d = new GuideDialog(this);
            d->setAttribute(Qt::WA_DeleteOnClose);
        }
        d->show();
        d->raise();
        d->activateWindow();
    });
    guide->setObjectName(QStringLiteral("guideAction"));
    guide->setShortcut(QKeySequence::HelpContents);
    QAction *keys = helpMenu->addAction(tr("Keyboard shortcuts…"), this, [this] {
        auto *d = new ShortcutsDialog(this, this);
        d->setAttribute(Qt::WA_DeleteOnClose);
        d->open();
    });
    keys->setObjectName(QStringLiteral("shortcutsAction"));
    keys->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Slash));
    QAction *about = helpMenu->addAction(tr("About Shardscope…"), this, [this] {
        auto *d = new AboutDialog(this);
        d->setAttribute(Qt::WA_DeleteOnClose);
        d->open();
    });
    about->setObjectName(QStringLiteral("aboutAction"));
    about->setMenuRole(QAction::AboutRole);
    auto *route = new QAction(tr("Explain where a partition key goes (the routing field)"), this);
    route->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    connect(route, &QAction::triggered, this, [this] {
        routingExplainer()->input()->setFocus();
        routingExplainer()->input()->selectAll();
    });
    addAction(route);
}

void MainWindow::applySnapshot(const SnapshotPtr &snapshot)
{
    const QString selected = selectedStream();
    m_snapshot = snapshot;
    m_model->applySnapshot(*snapshot);
    m_pages->setCurrentIndex(snapshot->streams.empty() ? 0 : 1);
    const int limitsIndex = m_limits->findData(QString::fromStdString(snapshot->limitsProfile));
    if (limitsIndex >= 0 && limitsIndex != m_limits->currentIndex()) {
        const QSignalBlocker block(m_limits);
        m_limits->setCurrentIndex(limitsIndex);
    }
    m_limitsLabel->setText(tr("Limits: %1").arg(QString::fromStdString(snapshot->limitsProfile)));
    m_limitsLabel->setToolTip(QString::fromStdString(snapshot->limitsDescription));
    m_backendNotice->setText(QString::fromStdString(snapshot->backendNotice));
    m_backendNotice->setVisible(!snapshot->backendNotice.empty());
    if (const auto &failure = snapshot->failure) {
        const QString why = QString::fromStdString(failure->message);
        switch (failure->kind) {
        case EngineFailure::Kind::Storage:
            m_banner->setText(
                tr("Storage failed: %1. The engine is read-only: reads work, writes are refused. "
                   "Acknowledged records are safe. Free disk space or fix the disk, then restart "
                   "Shardscope.")
                    .arg(why));
            break;
        case EngineFailure::Kind::Invariant:
            m_banner->setText(
                tr("Shardscope found its own state inconsistent: %1. The engine is read-only: "
                   "reads work, writes are refused. Acknowledged records are safe. Restart "
                   "Shardscope; if this comes back, the data directory is damaged — keep a copy "
                   "of it and report the problem.")
                    .arg(why));
            break;
        case EngineFailure::Kind::Internal:
            m_banner->setText(
                tr("Shardscope hit an internal error: %1. The engine is read-only: reads work, "
                   "writes are refused. Acknowledged records are safe. Restart Shardscope, and "
                   "report the problem with what you were doing.")
                    .arg(why));
            break;
        }
        m_banner->show();
    } else {
        m_banner->hide();
    }
    m_overview->followSnapshot(*snapshot, selectedInfo());
    if (!m_creating.isEmpty()) {
        // The notice said CREATING: say when it is ACTIVE (or gone), rather than leave it stale.
        const StreamInfo *created = m_model->streamAt(m_model->rowOf(m_creating));
        if (!created) {
            m_creating.clear();
        } else if (created->status == StreamStatus::Active) {
            showNotice(tr("Stream '%1' is ACTIVE: publish records on the Publish tab (Ctrl+3) or "
                          "split a shard by dragging "
                          "on the bar.")
                           .arg(m_creating),
                       false);
            m_creating.clear();
        }
    }
    if (!m_restoreStream.isEmpty() && m_model->rowOf(m_restoreStream) >= 0) {
        // The stream selected last time, once (it may be created later, or never).
        selectStream(m_restoreStream);
        m_restoreStream.clear();
    }
    if (selectedStream().isEmpty() && m_model->rowCount() > 0)
        selectStream(
            selected.isEmpty() || m_model->rowOf(selected) < 0
                ? m_model->data(m_model->index(0, 0), StreamListModel::StreamNameRole).toString()
                : selected);
    showSelected();
    Q_EMIT snapshotApplied();
}

QString MainWindow::selectedStream() const
{
    const auto rows = m_streamView->selectionModel()->selectedRows();
    return rows.isEmpty() ? QString()
                          : m_model->data(rows.first(), StreamListModel::StreamNameRole).toString();
}

void MainWindow::selectStream(const QString &name)
{
    const int row = m_model->rowOf(name);
    if (row < 0)
        return;
    m_streamView->selectRow(row);
    // A narrow list (a lesson window, a zoomed one) keeps the stream's name in view rather than
    // the column the selection happened to scroll to.
    m_streamView->horizontalScrollBar()->setValue(0);
}

void MainWindow::showSelected()
{
    const int row = m_model->rowOf(selectedStream());
    const StreamInfo *s = m_model->streamAt(row);
    m_deleteStream->setEnabled(s && s->status != StreamStatus::Deleting);
    m_capacity->setEnabled(s && s->status == StreamStatus::Active);
    m_retention->setEnabled(s && s->status == StreamStatus::Active);
    m_tags->setEnabled(s && s->status != StreamStatus::Deleting);
    m_settings->setEnabled(s && s->status == StreamStatus::Active);
    m_encryption->setEnabled(s && s->status != StreamStatus::Deleting
                             && s->status != StreamStatus::Creating);
    m_overview->showStream(s);
    for (int i = 0; i < int(m_streamPages.size()); ++i) {
        m_streamPages[size_t(i)]->showStream(s);
        m_shardTabs->setTabText(i, m_streamPages[size_t(i)]->title());
    }
    const QString focus = s ? QString::fromStdString(s->name) : QString();
    if (m_live->focus() != focus)
        m_live->setFocus(focus);
}

QTableWidget *MainWindow::shardTable() const
{
    return m_shardsPage->table();
}

HashRangeBar *MainWindow::hashBar() const
{
    return m_overview->bar();
}

RoutingExplainer *MainWindow::routingExplainer() const
{
    return m_overview->router();
}

LineageView *MainWindow::lineageView() const
{
    return m_lineagePage->view();
}

ThroughputPanel *MainWindow::throughputPanel() const
{
    return m_throughputPage->panel();
}

QLabel *MainWindow::detailsLabel() const
{
    return m_overview->details();
}

HeatMapPanel *MainWindow::heatMapPanel() const
{
    return m_heatPage->panel();
}

bool MainWindow::showPage(const QString &viewName)
{
    for (int i = 0; i < int(m_streamPages.size()); ++i)
        if (m_streamPages[size_t(i)]->viewName() == viewName) {
            m_shardTabs->setCurrentIndex(i);
            return true;
        }
    return false;
}

QString MainWindow::currentPageName() const
{
    const int i = m_shardTabs->currentIndex();
    return i >= 0 && i < int(m_streamPages.size()) ? m_streamPages[size_t(i)]->viewName()
                                                   : QString();
}

const StreamInfo *MainWindow::selectedInfo() const
{
    const QString name = selectedStream();
    if (!m_snapshot || name.isEmpty())
        return nullptr;
    for (const auto &s : m_snapshot->streams)
        if (QString::fromStdString(s.name) == name)
            return &s;
    return nullptr;
}

void MainWindow::openCapacity()
{
    const StreamInfo *s = selectedInfo();
    if (!s)
        return;
    auto *dialog = new CapacityDialog(m_backend, *s, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &CapacityDialog::started, this,
            [this](const QString &text) { showNotice(text, false); });
    dialog->open();
}

void MainWindow::openRetention()
{
    const StreamInfo *s = selectedInfo();
    if (!s)
        return;
    auto *dialog = new RetentionDialog(m_backend, *s, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &RetentionDialog::changed, this,
            [this](const QString &text) { showNotice(text, false); });
    dialog->open();
}

void MainWindow::openTags()
{
    const StreamInfo *s = selectedInfo();
    if (!s)
        return;
    auto *dialog = new TagsDialog(m_backend, *s, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &TagsDialog::changed, this,
            [this](const QString &text) { showNotice(text, false); });
    dialog->open();
}

void MainWindow::openEncryption()
{
    const StreamInfo *s = selectedInfo();
    if (!s)
        return;
    auto *dialog = new EncryptionDialog(m_backend, *s, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &EncryptionDialog::changed, this,
            [this](const QString &text) { showNotice(text, false); });
    dialog->open();
}

void MainWindow::openSettings()
{
    const StreamInfo *s = selectedInfo();
    if (!s)
        return;
    auto *dialog = new StreamSettingsDialog(m_backend, *s, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &StreamSettingsDialog::changed, this,
            [this](const QString &text) { showNotice(text, false); });
    dialog->open();
}

void MainWindow::updateLive()
{
    m_model->applyRates(m_live->streamRates());
    const QString stream = selectedStream();
    if (stream.isEmpty() || m_live->focus() != stream)
        return;
    m_overview->showLive(*m_live);
    // Only the page shown draws, and only while the window shows.
    const int index = m_shardTabs->currentIndex();
    if (isVisible() && index >= 0 && index < int(m_streamPages.size()))
        m_streamPages[size_t(index)]->showLive(*m_live);
}

void MainWindow::setLeaseTableOpener(consumer::LeaseTableOpener opener)
{
    m_consumers->setLeaseTableOpener(std::move(opener));
}

void MainWindow::setAlarmMonitor(service::AlarmMonitor *monitor)
{
    m_alarmMonitor = monitor;
    m_alarmsPage->setMonitor(monitor);
    if (!monitor)
        return;
    auto badges = [this] {
        std::map<std::string, std::vector<std::string>> firing;
        for (const auto &a : m_alarmMonitor->alarms())
            if (a.status.state == alarms::State::Alarm)
                firing[a.definition.streamName].push_back(a.definition.name);
        m_model->applyFiring(firing);
    };
    connect(monitor, &service::AlarmMonitor::changed, this, badges);
    connect(monitor, &service::AlarmMonitor::stateChanged, this, &MainWindow::notifyAlarm);
    badges();
}

void MainWindow::notifyAlarm(const alarms::HistoryItem &item)
{
    const QString name = QString::fromStdString(item.alarmName);
    QString text;
    if (item.newState == alarms::State::Alarm)
        text = tr("Alarm %1 is in ALARM: %2").arg(name, QString::fromStdString(item.reason));
    else if (item.newState == alarms::State::Ok)
        text = tr("Alarm %1 is OK again: %2").arg(name, QString::fromStdString(item.reason));
    else
        text = tr("Alarm %1 has insufficient data: %2")
                   .arg(name, QString::fromStdString(item.reason));
    statusBar()->showMessage(text, 60'000);
    if (item.newState != alarms::State::Alarm)
        return;
    QApplication::alert(this);
    // On the desktop too, where there is a notification area to show it.
    if (QSystemTrayIcon::isSystemTrayAvailable()) {
        if (!m_tray) {
            m_tray = new QSystemTrayIcon(windowIcon(), this);
            m_tray->setToolTip(tr("Shardscope"));
            connect(m_tray, &QSystemTrayIcon::messageClicked, this, [this] {
                showNormal();
                activateWindow();
                showPage(m_alarmsPage->viewName());
            });
        }
        m_tray->show();
        m_tray->showMessage(tr("Alarm %1 is in ALARM").arg(name),
                            QString::fromStdString(item.reason), QSystemTrayIcon::Warning, 30'000);
    }
}

void MainWindow::setEndpointControl(service::EndpointControl *control)
{
    m_endpoint = control;
    m_endpointAction->setVisible(control != nullptr);
}

void MainWindow::setConnectionControl(service::ConnectionControl *control)
{
    m_connection = control;
    m_connectAction->setVisible(control != nullptr);
}

void MainWindow::openConnection()
{
    if (!m_connection)
        return;
    if (auto *open = findChild<ConnectionDialog *>()) {
        open->raise();
        open->activateWindow();
        return;
    }
    auto *dialog = new ConnectionDialog(*m_connection, m_backend.description(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open(); // window-modal without a nested loop: connecting replaces this window
}

void MainWindow::openEndpoint()
{
    if (!m_endpoint)
        return;
    if (auto *open = findChild<EndpointDialog *>()) {
        open->raise();
        open->activateWindow();
        return;
    }
    auto *dialog = new EndpointDialog(*m_endpoint, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setExampleStream(selectedStream());
    connect(dialog, &EndpointDialog::stateChanged, this, [this](const QString &url) {
        if (!m_endpointLabel) {
            m_endpointLabel = new QLabel(this);
            m_endpointLabel->setObjectName(QStringLiteral("endpointLabel"));
            statusBar()->addPermanentWidget(m_endpointLabel);
        }
        m_endpointLabel->setText(url.isEmpty() ? QString() : tr("Endpoint: %1").arg(url));
        m_endpointLabel->setVisible(!url.isEmpty());
        showNotice(url.isEmpty() ? tr("The Kinesis endpoint is stopped.")
                                 : tr("Serving the Kinesis API at %1 — the AWS CLI and SDKs can "
                                      "use it with --endpoint-url.")
                                       .arg(url),
                   false);
    });
    dialog->show();
}

void MainWindow::newStream()
{
    auto *dialog = new CreateStreamDialog(m_backend, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &CreateStreamDialog::streamCreated, this, [this](const QString &name) {
        showNotice(
            tr("Stream '%1' is CREATING; it becomes ACTIVE in about half a second of engine time.")
                .arg(name),
            false);
        m_creating = name;
        m_pump->pumpNow();
        selectStream(name);
    });
    dialog->open();
}

void MainWindow::confirmDelete()
{
    const QString name = selectedStream();
    if (name.isEmpty())
        return;
    if (m_confirm(tr("Delete stream"),
                  tr("Delete stream '%1' and all of its records? This cannot be undone.\n\n"
                     "AWS CLI:\n%2")
                      .arg(name, awscli::deleteStream(name))))
        deleteStream(name);
}

void MainWindow::deleteStream(const QString &name)
{
    DeleteStreamRequest req;
    req.stream.name = name.toStdString();
    m_backend.submit(ops::DeleteStream, std::move(req), this, [this, name](Result<void> r) {
        if (r)
            showNotice(tr("Stream '%1' is DELETING.").arg(name), false);
        else
            showNotice(explainError(tr("delete stream '%1'").arg(name), r.error()), true);
    });
}

void MainWindow::showNotice(const QString &text, bool error)
{
    m_notice->setText(text);
    m_notice->setStyleSheet(noticeCss(error));
    m_notice->show();
}

void MainWindow::updateClock()
{
    auto *engine = m_backend.embedded();
    if (!engine) {
        m_clock->setText(tr("Service time (engine speed is the embedded engine's)"));
        return;
    }
    const qint64 now = m_backend.nowMs();
    if (now / 1000 == m_lastClockSecond)
        return;
    m_lastClockSecond = now / 1000;
    const double speed = engine->speed();
    const QString t = QDateTime::fromMSecsSinceEpoch(now, QTimeZone::utc())
                          .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    m_clock->setText(speed == 0.0 ? tr("Engine time %1 UTC (paused)").arg(t)
                                  : tr("Engine time %1 UTC (%2×)").arg(t).arg(speed));
}

// Settings: QSettings("shardscope") — window geometry, the splitter, the tab, the last stream.
void MainWindow::restoreSettings()
{
    QSettings settings;
    if (const auto geometry = settings.value(QStringLiteral("window/geometry")).toByteArray();
        !geometry.isEmpty())
        restoreGeometry(geometry);
    if (const auto split = settings.value(QStringLiteral("window/splitter")).toByteArray();
        !split.isEmpty())
        m_split->restoreState(split);
    m_shardTabs->setCurrentIndex(std::clamp(settings.value(QStringLiteral("window/tab"), 0).toInt(),
                                            0, m_shardTabs->count() - 1));
    m_restoreStream = settings.value(QStringLiteral("window/stream")).toString();
}

void MainWindow::saveSettings() const
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/splitter"), m_split->saveState());
    settings.setValue(QStringLiteral("window/tab"), m_shardTabs->currentIndex());
    if (const QString stream = selectedStream(); !stream.isEmpty())
        settings.setValue(QStringLiteral("window/stream"), stream);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (m_persistent)
        saveSettings();
    QMainWindow::closeEvent(event);
}

void MainWindow::setLessonOpener(LessonsPage::Opener opener)
{
    m_lessonOpener = std::move(opener);
    m_lessonsAction->setVisible(bool(m_lessonOpener));
    if (m_lessonOpener && !m_emptyLessons && m_emptyLayout) {
        auto *heading = new QLabel(tr("…or learn Kinesis step by step with a lesson:"));
        heading->setAlignment(Qt::AlignCenter);
        m_emptyLessons = new LessonsPage(m_lessonOpener);
        m_emptyLessons->setMinimumWidth(640);
        m_emptyLessons->setMaximumWidth(760);
        m_emptyLayout->insertSpacing(m_emptyLayout->count() - 1, 12);
        m_emptyLayout->insertWidget(m_emptyLayout->count() - 1, heading);
        m_emptyLayout->insertWidget(m_emptyLayout->count() - 1, m_emptyLessons, 4,
                                    Qt::AlignHCenter);
    }
}

LessonBuilder *MainWindow::openLessonBuilder()
{
    if (!m_builder) {
        m_builderDock = new QDockWidget(tr("Lesson builder"), this);
        m_builderDock->setObjectName(QStringLiteral("lessonBuilderDock"));
        m_builder = new LessonBuilder(m_backend, *this, m_lessonOpener);
        auto *scroll = new QScrollArea(m_builderDock);
        scroll->setWidgetResizable(true);
        scroll->setFrameShape(QFrame::NoFrame);
        scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
        scroll->setWidget(m_builder);
        m_builderDock->setWidget(scroll);
        m_builderDock->setMinimumWidth(440);
        addDockWidget(Qt::RightDockWidgetArea, m_builderDock);
    }
    m_builderDock->show();
    m_builderDock->raise();
    return m_builder;
}

void MainWindow::setLessonPanel(QWidget *panel, const QString &lessonTitle)
{
    m_persistent = false;
    setWindowTitle(tr("Lesson: %1 — Shardscope (scratch engine)").arg(lessonTitle));
    // The lesson's stream is what the narration talks about: its list takes less room.
    m_split->setSizes({230, 770});
    m_lessonsAction->setVisible(false);
    m_recordLessonAction->setVisible(false);
    m_lessonDock = new QDockWidget(tr("Lesson"), this);
    m_lessonDock->setObjectName(QStringLiteral("lessonDock"));
    m_lessonDock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable);
    // The narration scrolls rather than squeezes when it is taller than the screen (a projector
    // at 200 %).
    auto *scroll = new QScrollArea(m_lessonDock);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setWidget(panel);
    m_lessonDock->setWidget(scroll);
    m_presenter->setNarration(panel);
    m_lessonDock->setMinimumWidth(380);
    addDockWidget(Qt::RightDockWidgetArea, m_lessonDock);
    // A presentation clicker sends PageDown and PageUp.
    for (const auto &[key, name] :
         {std::pair{Qt::Key_PageDown, "nextButton"}, std::pair{Qt::Key_PageUp, "backButton"}}) {
        auto *shortcut = new QShortcut(QKeySequence(key), this);
        const QString buttonName = QString::fromLatin1(name);
        connect(shortcut, &QShortcut::activated, this, [panel, buttonName] {
            if (auto *b = panel->findChild<QPushButton *>(buttonName); b && b->isEnabled())
                b->click();
        });
    }
}

void MainWindow::highlight(const std::optional<lesson::Highlight> &what)
{
    m_highlight = what;
    if (!what) {
        m_spotlight->setTarget(nullptr);
        return;
    }
    const QString view = QString::fromStdString(what->view);
    // The shard a step names is found in the selected stream when the spotlight looks.
    std::function<QString()> shardId;
    if (!what->shard.empty())
        shardId = [this, ref = what->shard]() -> QString {
            if (const auto *info = selectedInfo())
                if (const auto shard = lesson::resolveShard(*info, ref))
                    return QString::fromStdString(shard->shardId);
            return {};
        };
    if (view == QLatin1String("streamList")) {
        m_spotlight->setTarget(m_streamView);
    } else if (view == QLatin1String("bar")) {
        if (!shardId)
            m_spotlight->setTarget(hashBar());
        else
            m_spotlight->setTarget(hashBar(),
                                   [this, shardId] { return hashBar()->shardRect(shardId()); });
    } else if (view == QLatin1String("routing")) {
        m_spotlight->setTarget(routingExplainer());
    } else if (view == QLatin1String("speed")) {
        m_spotlight->setTarget(m_speed);
    } else {
        for (int i = 0; i < int(m_streamPages.size()); ++i) {
            StreamPage *page = m_streamPages[size_t(i)];
            if (page->viewName() != view)
                continue;
            m_shardTabs->setCurrentIndex(i);
            const StreamPage::Area area = page->spotlight(shardId);
            m_spotlight->setTarget(area.widget, area.rect);
        }
    }
}

bool MainWindow::eventFilter(QObject *watched, QEvent *event)
{
    if (m_streamView && watched == m_streamView->viewport()
        && (event->type() == QEvent::MouseButtonPress
            || event->type() == QEvent::MouseButtonDblClick)) {
        const auto *press = static_cast<QMouseEvent *>(event);
        if (!m_streamView->indexAt(press->position().toPoint()).isValid())
            return true;
    }
    return QMainWindow::eventFilter(watched, event);
}

void MainWindow::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::WindowStateChange) {
        // Only while watched: no frames while minimized.
        if (isMinimized())
            m_pump->stop();
        else
            m_pump->start();
    }
    QMainWindow::changeEvent(event);
}

} // namespace shs::ui
