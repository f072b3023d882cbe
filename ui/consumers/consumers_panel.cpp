// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "consumers_panel.h"

#include "engine/hash_key.h"
#include "engine/partition_key_router.h"
#include "error_text.h"
#include "lease_owner_bar.h"
#include "read_budget_view.h"
#include "theme.h"
#include "widgets/shard_label.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QTabWidget>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>

namespace shs::ui {

using consumer::ConsumerWorker;

namespace {
const core::Clock &systemClock()
{
    static const core::SystemClock clock;
    return clock;
}

QTableWidgetItem *cell(const QString &text)
{
    auto *item = new QTableWidgetItem(text);
    item->setFlags(Qt::ItemIsSelectable | Qt::ItemIsEnabled);
    return item;
}

QString joined(const std::vector<std::string> &ids)
{
    QStringList out;
    for (const auto &id : ids)
        out << shortShardLabel(QString::fromStdString(id));
    return out.join(QStringLiteral(", "));
}

/// A sequence number is 56 digits: its head and tail are what tell two apart.
QString shortCheckpoint(const std::string &c)
{
    const QString s = QString::fromStdString(c);
    return s.size() > 20 ? s.left(6) + QStringLiteral("…") + s.right(8) : s;
}
} // namespace

ConsumersPanel::ConsumersPanel(service::StreamBackend &backend, QWidget *parent)
    : QWidget(parent), m_backend(backend), m_clock(&systemClock())
{
    // Two sections: the application (as the KCL runs one), and the stream's readers — its
    // enhanced fan-out consumers and every shard's read budgets.
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    m_sections = new QTabWidget(this);
    m_sections->setObjectName(QStringLiteral("consumersSections"));
    outer->addWidget(m_sections);
    auto *appPage = new QWidget(m_sections);
    auto *layout = new QVBoxLayout(appPage);
    auto *readersPage = new QWidget(m_sections);
    auto *readersLayout = new QVBoxLayout(readersPage);
    m_sections->addTab(appPage, tr("Consumer application"));
    m_sections->addTab(readersPage, tr("Fan-out consumers and read budgets"));

    // The application's form.
    auto *app = new QGroupBox(tr("Consumer application (as the KCL runs one)"), this);
    auto *form = new QHBoxLayout;
    m_appName = new QLineEdit(QStringLiteral("audit"), app);
    m_appName->setObjectName(QStringLiteral("applicationName"));
    m_appName->setToolTip(tr("The application's name: its lease table's name in the KCL"));
    m_appName->setMinimumWidth(90);
    m_appName->setMaximumWidth(140);
    m_workers = new QSpinBox(app);
    m_workers->setRange(1, 16);
    m_workers->setValue(3);
    m_workers->setToolTip(tr("Workers to start; more can be added while it runs"));
    m_processor = new QComboBox(app);
    m_processor->addItem(tr("Count and checksum"), QStringLiteral("count"));
    m_processor->addItem(tr("Slow (ms per record)"), QStringLiteral("slow"));
    m_processor->addItem(tr("Fail every Nth record"), QStringLiteral("fail"));
    m_processor->addItem(tr("Forward to stream"), QStringLiteral("forward"));
    m_processorArg = new QLineEdit(app);
    m_processorArg->setMaximumWidth(120);
    m_from = new QComboBox(app);
    m_from->addItem(QStringLiteral("TRIM_HORIZON"), int(core::ShardIteratorType::TrimHorizon));
    m_from->addItem(QStringLiteral("LATEST"), int(core::ShardIteratorType::Latest));
    m_from->setToolTip(tr("initialPositionInStream: where a shard without a checkpoint starts"));
    m_fanOut = new QCheckBox(tr("Enhanced fan-out"), app);
    m_fanOut->setObjectName(QStringLiteral("fanOut"));
    m_fanOut->setToolTip(tr("Read with SubscribeToShard (records pushed, 2 MiB/s per shard of the "
                            "application's own) instead of polling GetRecords; the application "
                            "registers a consumer named after itself"));
    m_start = new QPushButton(tr("Start"), app);
    m_start->setObjectName(QStringLiteral("startApplication"));
    form->addWidget(new QLabel(tr("Name"), app));
    form->addWidget(m_appName);
    form->addWidget(new QLabel(tr("Workers"), app));
    form->addWidget(m_workers);
    form->addWidget(m_processor);
    form->addWidget(m_processorArg);
    form->addStretch(1);
    form->addWidget(m_start);
    auto *settings = new QHBoxLayout;
    m_checkpointRecords = new QSpinBox(app);
    m_checkpointRecords->setRange(0, 1'000'000);
    m_checkpointRecords->setValue(1000);
    m_checkpointRecords->setSpecialValueText(tr("never"));
    m_checkpointRecords->setSuffix(tr(" records"));
    m_checkpointSeconds = new QSpinBox(app);
    m_checkpointSeconds->setRange(0, 3600);
    m_checkpointSeconds->setValue(10);
    m_checkpointSeconds->setSpecialValueText(tr("never"));
    m_checkpointSeconds->setSuffix(tr(" s"));
    m_leaseSeconds = new QSpinBox(app);
    m_leaseSeconds->setRange(1, 600);
    m_leaseSeconds->setValue(10);
    m_leaseSeconds->setSuffix(tr(" s"));
    m_leaseSeconds->setToolTip(tr("failoverTimeMillis: how long a lease lives without renewal"));
    auto *position = new QHBoxLayout;
    position->addWidget(new QLabel(tr("From"), app));
    position->addWidget(m_from);
    settings->addWidget(new QLabel(tr("Checkpoint every"), app));
    settings->addWidget(m_checkpointRecords);
    settings->addWidget(new QLabel(tr("or"), app));
    settings->addWidget(m_checkpointSeconds);
    position->addWidget(new QLabel(tr("· Lease duration"), app));
    position->addWidget(m_leaseSeconds);
    position->addWidget(m_fanOut);
    position->addStretch(1);
    settings->addStretch(1);
    auto *appLayout = new QVBoxLayout(app);
    appLayout->addLayout(form);
    appLayout->addLayout(position);
    appLayout->addLayout(settings);
    layout->addWidget(app);

    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("consumersError"));
    m_error->setWordWrap(true);
    m_error->hide();
    layout->addWidget(m_error);
    m_summary = new QLabel(tr("No application running. Name one, pick its workers and a "
                              "processor, and Start: the workers share the shards through "
                              "leases."),
                           this);
    m_summary->setObjectName(QStringLiteral("consumersSummary"));
    m_summary->setWordWrap(true);
    layout->addWidget(m_summary);
    m_bar = new LeaseOwnerBar(this);
    m_bar->setObjectName(QStringLiteral("leaseOwnerBar"));
    layout->addWidget(m_bar);
    auto *keyRow = new QHBoxLayout;
    m_key = new QLineEdit(this);
    m_key->setObjectName(QStringLiteral("keyToWorker"));
    m_key->setPlaceholderText(tr("a partition key, e.g. user-7"));
    m_key->setMaximumWidth(220);
    m_keyAnswer = new QLabel(this);
    m_keyAnswer->setObjectName(QStringLiteral("keyToWorkerAnswer"));
    m_keyAnswer->setWordWrap(true);
    keyRow->addWidget(new QLabel(tr("Which worker processes"), this));
    keyRow->addWidget(m_key);
    keyRow->addWidget(m_keyAnswer, 1);
    layout->addLayout(keyRow);
    connect(m_key, &QLineEdit::textChanged, this, &ConsumersPanel::answerKey);

    // Workers and their controls beside the lease table.
    auto *split = new QSplitter(Qt::Horizontal, this);
    auto *workersBox = new QWidget(split);
    auto *workersLayout = new QVBoxLayout(workersBox);
    workersLayout->setContentsMargins(0, 0, 0, 0);
    m_workersTable = new QTableWidget(0, 7, workersBox);
    m_workersTable->setObjectName(QStringLiteral("workersTable"));
    m_workersTable->setHorizontalHeaderLabels({tr("Worker"), tr("State"), tr("Leases"),
                                               tr("Records"), tr("Records/s"), tr("Taken / stolen"),
                                               tr("Lost")});
    m_workersTable->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_workersTable->setSelectionMode(QAbstractItemView::SingleSelection);
    m_workersTable->verticalHeader()->hide();
    m_workersTable->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_workersTable->horizontalHeader()->setStretchLastSection(true);
    workersLayout->addWidget(m_workersTable, 1);
    auto *buttons = new QHBoxLayout;
    m_addWorker = new QPushButton(tr("Add worker"), workersBox);
    m_stopWorker = new QPushButton(tr("Stop"), workersBox);
    m_stopWorker->setToolTip(tr("Graceful: checkpoint, then release its leases"));
    m_killWorker = new QPushButton(tr("Kill"), workersBox);
    m_killWorker->setToolTip(tr("A crash: no checkpoint; its leases expire and move, and what "
                                "it processed since its last checkpoint comes again"));
    m_pauseWorker = new QPushButton(tr("Pause"), workersBox);
    m_pauseSeconds = new QSpinBox(workersBox);
    m_pauseSeconds->setRange(1, 600);
    m_pauseSeconds->setValue(30);
    m_pauseSeconds->setSuffix(tr(" s"));
    m_pauseWorker->setToolTip(tr("A long pause (garbage collection): past the lease duration it "
                                 "comes back a zombie and must notice it lost its leases"));
    for (QWidget *w : {static_cast<QWidget *>(m_addWorker), static_cast<QWidget *>(m_stopWorker),
                       static_cast<QWidget *>(m_killWorker), static_cast<QWidget *>(m_pauseWorker),
                       static_cast<QWidget *>(m_pauseSeconds)})
        buttons->addWidget(w);
    buttons->addStretch(1);
    workersLayout->addLayout(buttons);
    m_log = new QPlainTextEdit(split);
    m_log->setObjectName(QStringLiteral("leaseLog"));
    m_log->setReadOnly(true);
    m_log->setMaximumBlockCount(500);
    m_log->setPlaceholderText(tr("What the workers do with their leases appears here."));
    m_leaseTable = new QTableWidget(0, 8, this);
    m_leaseTable->setObjectName(QStringLiteral("leaseTable"));
    m_leaseTable->setHorizontalHeaderLabels(
        {QStringLiteral("leaseKey"), QStringLiteral("leaseOwner"), QStringLiteral("leaseCounter"),
         QStringLiteral("checkpoint"), QStringLiteral("ownerSwitchesSinceCheckpoint"),
         QStringLiteral("parentShardId"), QStringLiteral("childShardIds"),
         tr("MillisBehindLatest")});
    m_leaseTable->verticalHeader()->hide();
    m_leaseTable->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_leaseTable->setToolTip(tr("The lease table, with the KCL's attribute names"));
    split->addWidget(workersBox);
    split->addWidget(m_log);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 1);
    layout->addWidget(split, 2);
    m_leaseTable->setMinimumHeight(120);
    layout->addWidget(m_leaseTable, 1);

    // Enhanced fan-out consumers of the stream.
    auto *efo = new QGroupBox(tr("Enhanced fan-out consumers of the stream"), this);
    auto *efoLayout = new QVBoxLayout(efo);
    m_efoTable = new QTableWidget(0, 4, efo);
    m_efoTable->setObjectName(QStringLiteral("fanOutTable"));
    m_efoTable->setHorizontalHeaderLabels(
        {tr("ConsumerName"), tr("ConsumerStatus"), tr("Registered"), tr("ConsumerARN")});
    m_efoTable->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_efoTable->setSelectionMode(QAbstractItemView::SingleSelection);
    m_efoTable->verticalHeader()->hide();
    m_efoTable->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_efoTable->horizontalHeader()->setStretchLastSection(true);
    m_efoTable->setMaximumHeight(110);
    efoLayout->addWidget(m_efoTable);
    auto *efoButtons = new QHBoxLayout;
    m_register = new QPushButton(tr("Register…"), efo);
    m_deregister = new QPushButton(tr("Deregister"), efo);
    m_efoStatus = new QLabel(efo);
    m_efoStatus->setObjectName(QStringLiteral("fanOutStatus"));
    m_efoStatus->setWordWrap(true);
    efoButtons->addWidget(m_register);
    efoButtons->addWidget(m_deregister);
    efoButtons->addWidget(m_efoStatus, 1);
    efoLayout->addLayout(efoButtons);
    auto *budgets = new QGroupBox(tr("Read budgets: who reads each shard, right now"), this);
    auto *budgetsLayout = new QVBoxLayout(budgets);
    m_budgets = new ReadBudgetView(m_backend, budgets);
    budgetsLayout->addWidget(m_budgets);
    readersLayout->addWidget(efo);
    readersLayout->addWidget(budgets, 1);

    auto updateArgument = [this] {
        const QString kind = m_processor->currentData().toString();
        m_processorArg->setVisible(kind != QStringLiteral("count"));
        m_processorArg->setPlaceholderText(kind == QStringLiteral("slow")   ? tr("ms per record")
                                           : kind == QStringLiteral("fail") ? tr("N")
                                                                            : tr("stream"));
    };
    connect(m_processor, &QComboBox::currentIndexChanged, this, updateArgument);
    updateArgument();
    connect(m_start, &QPushButton::clicked, this, [this] {
        if (m_app && !m_app->idle())
            stopAll();
        else
            start();
    });
    connect(m_addWorker, &QPushButton::clicked, this, [this] {
        if (m_app) {
            m_app->addWorker();
            refresh();
        }
    });
    connect(m_stopWorker, &QPushButton::clicked, this, [this] { workerAction(tr("stop")); });
    connect(m_killWorker, &QPushButton::clicked, this, [this] { workerAction(tr("kill")); });
    connect(m_pauseWorker, &QPushButton::clicked, this, [this] { workerAction(tr("pause")); });
    connect(m_workersTable, &QTableWidget::itemSelectionChanged, this,
            &ConsumersPanel::updateButtons);
    connect(m_efoTable, &QTableWidget::itemSelectionChanged, this, &ConsumersPanel::updateButtons);
    connect(m_register, &QPushButton::clicked, this, [this] {
        bool ok = false;
        const QString name = QInputDialog::getText(
            this, tr("Register a consumer"),
            tr("Name of the enhanced fan-out consumer of '%1':").arg(m_stream), QLineEdit::Normal,
            m_appName->text(), &ok);
        if (ok && !name.isEmpty())
            registerConsumer(name);
    });
    connect(m_deregister, &QPushButton::clicked, this, [this] {
        const int row = m_efoTable->currentRow();
        if (row >= 0)
            deregisterConsumer(m_efoTable->item(row, 3)->text());
    });
    m_refresh = new QTimer(this);
    m_refresh->setInterval(250);
    connect(m_refresh, &QTimer::timeout, this, &ConsumersPanel::refresh);
    m_efoTimer = new QTimer(this);
    m_efoTimer->setInterval(2000);
    connect(m_efoTimer, &QTimer::timeout, this, [this] {
        if (isVisible())
            listConsumers();
    });
    m_efoTimer->start();
    updateButtons();
}

ConsumersPanel::~ConsumersPanel() = default;

void ConsumersPanel::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    listConsumers();
}

void ConsumersPanel::setStream(const QString &name, const QString &arn)
{
    if (name == m_stream && arn == m_streamArn)
        return;
    m_stream = name;
    m_streamArn = arn;
    m_budgets->setStream(name);
    m_efoTable->setRowCount(0);
    m_efoStatus->clear();
    updateButtons();
    if (isVisible())
        listConsumers();
}

void ConsumersPanel::showError(const QString &text)
{
    m_error->setStyleSheet(errorTextCss());
    m_error->setText(text);
    m_error->setVisible(!text.isEmpty());
}

bool ConsumersPanel::start()
{
    showError({});
    const QString name = m_appName->text().trimmed();
    const QString action = tr("start application '%1'").arg(name);
    if (m_stream.isEmpty()) {
        showError(tr("Cannot %1: no stream is selected. Select the stream to consume on the "
                     "left.")
                      .arg(action));
        return false;
    }
    if (name.isEmpty()) {
        showError(tr("Cannot start an application without a name: the name is its lease "
                     "table's. Type one, e.g. 'audit'."));
        return false;
    }
    if (!m_opener) {
        showError(tr("Cannot %1: this window has no lease table store.").arg(action));
        return false;
    }
    QString spec = m_processor->currentData().toString();
    if (spec != QStringLiteral("count"))
        spec += QLatin1Char(':') + m_processorArg->text().trimmed();
    auto processor = consumer::ProcessorSpec::parse(spec.toStdString());
    if (!processor) {
        showError(
            tr("Cannot %1: %2").arg(action, QString::fromStdString(processor.error().message)));
        return false;
    }
    auto table = m_opener(name.toStdString(), m_stream.toStdString());
    if (!table) {
        showError(explainError(action, table.error()));
        return false;
    }
    consumer::ConsumerOptions o;
    o.application = name.toStdString();
    o.stream = m_stream.toStdString();
    o.processor = *processor;
    o.initialPosition = core::ShardIteratorType(m_from->currentData().toInt());
    o.checkpointEveryRecords = m_checkpointRecords->value();
    o.checkpointEveryMs = std::int64_t(m_checkpointSeconds->value()) * 1000;
    o.leaseDurationMs = std::int64_t(m_leaseSeconds->value()) * 1000;
    o.idleBetweenReadsMs = 500;
    o.fanOut = m_fanOut->isChecked();
    o.parentPollMs = 1000;
    // The previous application (stopped, or still stopping) gives way.
    m_app.reset();
    m_table = std::move(*table);
    m_app = std::make_unique<consumer::ConsumerApplication>(o, m_backend, *m_table, *m_clock);
    m_appStream = m_stream;
    m_logShown = 0;
    m_log->clear();
    m_rates.clear();
    m_app->start(m_workers->value(), 50);
    m_refresh->start();
    refresh();
    return true;
}

void ConsumersPanel::stopAll()
{
    if (m_app)
        m_app->stopAll();
    refresh();
}

QString ConsumersPanel::selectedWorker() const
{
    const int row = m_workersTable->currentRow();
    return row >= 0 && m_workersTable->item(row, 0) ? m_workersTable->item(row, 0)->text()
                                                    : QString();
}

void ConsumersPanel::workerAction(const QString &verb)
{
    const QString id = selectedWorker();
    if (!m_app || id.isEmpty())
        return;
    if (verb == tr("stop"))
        m_app->stopWorker(id.toStdString());
    else if (verb == tr("kill"))
        m_app->killWorker(id.toStdString());
    else
        m_app->pauseWorker(id.toStdString(), std::int64_t(m_pauseSeconds->value()) * 1000);
    refresh();
}

void ConsumersPanel::updateButtons()
{
    const bool running = m_app && !m_app->idle();
    m_start->setText(running ? tr("Stop all") : tr("Start"));
    m_start->setToolTip(running ? tr("Stop every worker gracefully (each checkpoints)")
                                : tr("Start the application's workers on the selected stream"));
    m_addWorker->setEnabled(m_app != nullptr);
    const QString id = selectedWorker();
    const auto *w = m_app && !id.isEmpty() ? m_app->worker(id.toStdString()) : nullptr;
    const bool alive = w && w->state() == ConsumerWorker::State::Running;
    m_stopWorker->setEnabled(w && (alive || w->state() == ConsumerWorker::State::Paused));
    m_killWorker->setEnabled(w && w->state() != ConsumerWorker::State::Killed
                             && w->state() != ConsumerWorker::State::Stopped);
    m_pauseWorker->setEnabled(alive);
    m_register->setEnabled(!m_streamArn.isEmpty());
    m_deregister->setEnabled(m_efoTable->currentRow() >= 0);
}

void ConsumersPanel::refresh()
{
    if (!m_app) {
        updateButtons();
        return;
    }
    const auto s = m_app->snapshot();
    const QLocale locale;
    const int running = int(std::count_if(s.workers.begin(), s.workers.end(), [](const auto &w) {
        return w.state == ConsumerWorker::State::Running;
    }));
    QString summary = tr("<b>%1</b> on <b>%2</b> · %3 running · %4 records delivered, %5 distinct")
                          .arg(QString::fromStdString(m_app->options().application).toHtmlEscaped(),
                               m_appStream.toHtmlEscaped(),
                               running == 1 ? tr("1 worker") : tr("%1 workers").arg(running),
                               locale.toString(qlonglong(s.deliveries)),
                               locale.toString(qlonglong(s.distinct)));
    if (m_app->options().fanOut)
        summary += m_app->consumerArn().empty()
                       ? tr(" · enhanced fan-out: registering consumer '%1'…")
                             .arg(QString::fromStdString(m_app->options().application))
                       : tr(" · enhanced fan-out (SubscribeToShard)");
    const std::int64_t expected = m_app->ledger().expectedRedeliveries();
    if (s.duplicates > 0)
        summary += tr(" · <b>%1 duplicates</b> (%2 explained by leases that moved before a "
                      "checkpoint)")
                       .arg(locale.toString(qlonglong(s.duplicates)),
                            locale.toString(qlonglong(std::min(expected, s.duplicates))));
    if (s.skipped > 0)
        summary += tr(" · %1 skipped by a throwing processor")
                       .arg(locale.toString(qlonglong(s.skipped)));
    if (s.forwarded > 0)
        summary += tr(" · %1 forwarded").arg(locale.toString(qlonglong(s.forwarded)));
    summary += tr(" · checksum %1").arg(QString::number(s.checksum, 16));
    m_summary->setText(summary);
    m_bar->setLeases(s.leases);
    answerKey();

    const QString selected = selectedWorker();
    if (m_rates.size() > 64)
        m_rates.clear();
    m_workersTable->setRowCount(int(s.workers.size()));
    for (int r = 0; r < int(s.workers.size()); ++r) {
        const auto &w = s.workers[std::size_t(r)];
        QStringList leases;
        std::int64_t behind = 0;
        for (const auto &sh : w.shards) {
            leases << shortShardLabel(QString::fromStdString(sh.shardId));
            behind = std::max(behind, sh.millisBehindLatest);
        }
        auto *id = cell(QString::fromStdString(w.id));
        id->setForeground(LeaseOwnerBar::ownerColour(QString::fromStdString(w.id)));
        m_workersTable->setItem(r, 0, id);
        QString state = QString::fromLatin1(ConsumerWorker::stateName(w.state));
        if (w.state == ConsumerWorker::State::Running && behind > 0)
            state += tr(" (%1 s behind)").arg(double(behind) / 1000.0, 0, 'f', 1);
        m_workersTable->setItem(r, 1, cell(state));
        m_workersTable->setItem(r, 2, cell(leases.join(QStringLiteral(", "))));
        m_workersTable->setItem(r, 3, cell(locale.toString(qlonglong(w.processed))));
        // Records per second of the application's clock, over at least a second.
        auto &rate = m_rates[w.id];
        if (rate.sinceMs == 0) {
            rate = {s.nowMs, w.processed, 0.0};
        } else if (s.nowMs - rate.sinceMs >= 1000) {
            rate.perSecond
                = double(w.processed - rate.processed) * 1000.0 / double(s.nowMs - rate.sinceMs);
            rate.sinceMs = s.nowMs;
            rate.processed = w.processed;
        }
        m_workersTable->setItem(r, 4, cell(locale.toString(rate.perSecond, 'f', 0)));
        m_workersTable->setItem(
            r, 5, cell(QStringLiteral("%1 / %2").arg(w.counts.taken).arg(w.counts.stolen)));
        m_workersTable->setItem(r, 6, cell(QString::number(w.counts.lost)));
        if (QString::fromStdString(w.id) == selected && m_workersTable->currentRow() != r)
            m_workersTable->selectRow(r);
    }
    m_leaseTable->setRowCount(int(s.leases.size()));
    for (int r = 0; r < int(s.leases.size()); ++r) {
        const auto &l = s.leases[std::size_t(r)];
        m_leaseTable->setItem(r, 0, cell(QString::fromStdString(l.leaseKey)));
        auto *owner = cell(QString::fromStdString(l.leaseOwner));
        if (!l.leaseOwner.empty())
            owner->setForeground(LeaseOwnerBar::ownerColour(QString::fromStdString(l.leaseOwner)));
        m_leaseTable->setItem(r, 1, owner);
        m_leaseTable->setItem(r, 2, cell(QString::number(l.leaseCounter)));
        auto *checkpoint = cell(shortCheckpoint(l.checkpoint));
        checkpoint->setToolTip(QString::fromStdString(l.checkpoint));
        m_leaseTable->setItem(r, 3, checkpoint);
        m_leaseTable->setItem(r, 4, cell(QString::number(l.ownerSwitchesSinceCheckpoint)));
        m_leaseTable->setItem(r, 5, cell(joined(l.parentShardId)));
        m_leaseTable->setItem(r, 6, cell(joined(l.childShardIds)));
        // The lag of the worker processing it here (a lease held elsewhere shows none).
        QString lag = QStringLiteral("—");
        for (const auto &w : s.workers)
            for (const auto &sh : w.shards)
                if (sh.shardId == l.leaseKey && w.id == l.leaseOwner)
                    lag = locale.toString(qlonglong(sh.millisBehindLatest));
        m_leaseTable->setItem(r, 7, cell(lag));
    }
    // New events since the last look.
    const auto &ledger = m_app->ledger();
    const auto &events = ledger.events();
    const std::int64_t fresh
        = std::min<std::int64_t>(ledger.eventsLogged() - m_logShown, std::int64_t(events.size()));
    for (std::size_t i = events.size() - std::size_t(fresh); i < events.size(); ++i)
        m_log->appendPlainText(QStringLiteral("%1  %2  %3")
                                   .arg(QDateTime::fromMSecsSinceEpoch(events[i].atMs, Qt::UTC)
                                            .toString(QStringLiteral("HH:mm:ss")),
                                        QString::fromStdString(events[i].worker),
                                        QString::fromStdString(events[i].text)));
    m_logShown = ledger.eventsLogged();
    updateButtons();
}

void ConsumersPanel::answerKey()
{
    const QString key = m_key->text();
    if (key.isEmpty() || !m_app) {
        m_keyAnswer->setText(key.isEmpty() ? QString()
                                           : tr("Start an application to see who processes it."));
        return;
    }
    // The shard whose range holds MD5(key), and the lease of that shard still being processed.
    const core::HashKey hash = core::PartitionKeyRouter().hash(key.toStdString());
    const core::Lease *holder = nullptr;
    for (const auto &l : m_bar->leases()) {
        const auto from = core::HashKey::fromDecimal(l.startingHashKey);
        const auto to = core::HashKey::fromDecimal(l.endingHashKey);
        if (from && to && *from <= hash && hash <= *to
            && (!holder || holder->checkpoint == core::checkpoint::ShardEnd))
            holder = &l;
    }
    QString text;
    if (!holder) {
        text = tr("No lease covers its hash key yet.");
    } else {
        const QString shard = QString::fromStdString(holder->leaseKey);
        text = holder->leaseOwner.empty()
                   ? tr("→ %1, whose lease is unowned right now").arg(shortShardLabel(shard))
                   : tr("→ %1, leased by <b>%2</b>")
                         .arg(shortShardLabel(shard),
                              QString::fromStdString(holder->leaseOwner).toHtmlEscaped());
    }
    const auto &owners = m_app->ledger().keyOwners();
    if (auto it = owners.find(key.toStdString()); it != owners.end())
        text += tr(" · its records so far last processed by %1")
                    .arg(QString::fromStdString(it->second).toHtmlEscaped());
    m_keyAnswer->setText(text);
}

void ConsumersPanel::listConsumers()
{
    if (m_streamArn.isEmpty() || m_listing)
        return;
    m_listing = true;
    core::ListStreamConsumersRequest request;
    request.streamArn = m_streamArn.toStdString();
    const QString stream = m_stream;
    m_backend.submit(
        core::ops::ListStreamConsumers, request, this,
        [this, stream](core::Result<core::ListStreamConsumersResult> r) {
            m_listing = false;
            if (stream != m_stream)
                return;
            if (!r) {
                m_efoStatus->setStyleSheet(errorTextCss());
                m_efoStatus->setText(
                    explainError(tr("list the consumers of '%1'").arg(stream), r.error()));
                return;
            }
            const QString selected = m_efoTable->currentRow() >= 0
                                         ? m_efoTable->item(m_efoTable->currentRow(), 3)->text()
                                         : QString();
            m_efoTable->setRowCount(int(r->consumers.size()));
            for (int i = 0; i < int(r->consumers.size()); ++i) {
                const auto &c = r->consumers[std::size_t(i)];
                m_efoTable->setItem(i, 0, cell(QString::fromStdString(c.consumerName)));
                m_efoTable->setItem(i, 1, cell(QString::fromLatin1(core::toString(c.status))));
                m_efoTable->setItem(i, 2,
                                    cell(QDateTime::fromMSecsSinceEpoch(c.creationMs, Qt::UTC)
                                             .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"))));
                m_efoTable->setItem(i, 3, cell(QString::fromStdString(c.consumerArn)));
                if (QString::fromStdString(c.consumerArn) == selected)
                    m_efoTable->selectRow(i);
            }
            if (m_efoStatus->styleSheet() == errorTextCss() || m_efoStatus->text().isEmpty()) {
                m_efoStatus->setStyleSheet({});
                m_efoStatus->setText(
                    r->consumers.empty()
                        ? tr("No enhanced fan-out consumers: Register… one (up to 20 a stream); "
                             "each reads every shard at 2 MiB/s of its own with "
                             "SubscribeToShard.")
                    : r->consumers.size() == 1
                        ? tr("1 consumer; it has 2 MiB/s per shard of its own.")
                        : tr("%1 consumers; each has 2 MiB/s per shard of its own.")
                              .arg(r->consumers.size()));
            }
            updateButtons();
        });
}

void ConsumersPanel::registerConsumer(const QString &name)
{
    core::RegisterStreamConsumerRequest request;
    request.streamArn = m_streamArn.toStdString();
    request.consumerName = name.toStdString();
    m_backend.submit(
        core::ops::RegisterStreamConsumer, request, this,
        [this, name](core::Result<core::Consumer> r) {
            if (!r) {
                m_efoStatus->setStyleSheet(errorTextCss());
                m_efoStatus->setText(explainError(
                    tr("register consumer '%1' of '%2'").arg(name, m_stream), r.error()));
                return;
            }
            m_efoStatus->setStyleSheet({});
            m_efoStatus->setText(tr("Consumer '%1' registered: CREATING, then ACTIVE.").arg(name));
            listConsumers();
        });
}

void ConsumersPanel::deregisterConsumer(const QString &arn)
{
    core::ConsumerRef ref;
    ref.consumerArn = arn.toStdString();
    m_backend.submit(
        core::ops::DeregisterStreamConsumer, ref, this, [this, arn](core::Result<void> r) {
            if (!r) {
                m_efoStatus->setStyleSheet(errorTextCss());
                m_efoStatus->setText(
                    explainError(tr("deregister consumer %1").arg(arn), r.error()));
                return;
            }
            m_efoStatus->setStyleSheet({});
            m_efoStatus->setText(tr("Deregistering: DELETING until its subscriptions end."));
            listConsumers();
        });
}

} // namespace shs::ui
