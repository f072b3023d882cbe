// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "faults_panel.h"

#include "theme.h"
#include "widgets/table_cells.h"

#include "engine/catalogue.h"

#include <QComboBox>
#include <QDateTime>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QStackedWidget>
#include <QTableWidget>
#include <QVBoxLayout>

namespace shs::ui {

namespace {
constexpr int kShownFired = 200;

QString describe(const service::FaultRule &r)
{
    using service::FaultKind;
    switch (r.kind) {
    case FaultKind::Error:
        return QString::fromStdString(r.error);
    case FaultKind::Partial:
        return QObject::tr("%1 % of PutRecords entries fail: %2")
            .arg(r.share * 100, 0, 'g', 3)
            .arg(QString::fromStdString(r.error));
    case FaultKind::Latency:
        return r.distribution == "uniform" ? QObject::tr("latency %1–%2 ms").arg(r.ms).arg(r.maxMs)
               : r.distribution == "exponential" ? QObject::tr("latency, mean %1 ms").arg(r.ms)
                                                 : QObject::tr("latency %1 ms").arg(r.ms);
    case FaultKind::Drop:
        return r.afterEngine ? QObject::tr("connection dropped after the write")
                             : QObject::tr("connection dropped before the engine");
    case FaultKind::Reset:
        return r.afterEngine ? QObject::tr("connection reset after the write")
                             : QObject::tr("connection reset before the engine");
    case FaultKind::SlowBody:
        return QObject::tr("answer body at %1 B/s").arg(r.bytesPerSecond);
    case FaultKind::ClockSkew:
        return QObject::tr("server clock %1%2 s")
            .arg(r.skewSeconds > 0 ? QStringLiteral("+") : QString())
            .arg(r.skewSeconds);
    case FaultKind::Zone:
    case FaultKind::Disk: {
        const QString zone = QString::fromStdString(r.zone);
        const QString what = r.kind == FaultKind::Zone
                                 ? (r.action == "wipe" ? QObject::tr("%1 loses its files")
                                                       : QObject::tr("%1 goes down"))
                                 : (r.error == "io" ? QObject::tr("%1's disk fails")
                                                    : QObject::tr("%1's disk fills"));
        return r.durationMs > 0
                   ? QObject::tr("%1, back after %2 ms").arg(what.arg(zone)).arg(r.durationMs)
                   : what.arg(zone);
    }
    }
    return {};
}
} // namespace

FaultsPanel::FaultsPanel(service::FaultInjector &faults, QWidget *parent)
    : QWidget(parent), m_faults(faults), m_kind(new QComboBox(this)),
      m_operation(new QComboBox(this)), m_stream(new QLineEdit(this)), m_shard(new QLineEdit(this)),
      m_probability(new QDoubleSpinBox(this)), m_seed(new QSpinBox(this)),
      m_parameters(new QStackedWidget(this)), m_error(new QComboBox(this)),
      m_share(new QDoubleSpinBox(this)), m_entryError(new QComboBox(this)),
      m_distribution(new QComboBox(this)), m_ms(new QSpinBox(this)), m_maxMs(new QSpinBox(this)),
      m_stage(new QComboBox(this)), m_rate(new QSpinBox(this)), m_skew(new QSpinBox(this)),
      m_zone(new QComboBox(this)), m_zoneAction(new QComboBox(this)), m_zoneFor(new QSpinBox(this)),
      m_diskZone(new QComboBox(this)), m_diskError(new QComboBox(this)),
      m_diskFor(new QSpinBox(this)), m_add(new QPushButton(tr("Add rule"), this)),
      m_problem(new QLabel(this)), m_rules(new QTableWidget(0, 6, this)),
      m_remove(new QPushButton(tr("Remove"), this)),
      m_clear(new QPushButton(tr("Clear all"), this)), m_fired(new QTableWidget(0, 7, this)),
      m_firedCount(new QLabel(this))
{
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(
        tr("Make the endpoint misbehave on purpose, to see what your client does: errors, partial "
           "PutRecords failures, latency, dropped or reset connections, slow answers, a server "
           "clock that is off, a zone outage, a zone's disk filling or failing. Rules apply to "
           "requests that reach the endpoint (the AWS CLI, the SDKs, your programs) and to the "
           "window's own calls — its generators, Publish and Consume — except a connection's "
           "faults (dropped, reset, slow, clock skew), which need a connection. The same seed "
           "gives the same faults."),
        this);
    intro->setWordWrap(true);
    layout->addWidget(intro);

    const std::pair<service::FaultKind, QString> kinds[]
        = {{service::FaultKind::Error, tr("Error")},
           {service::FaultKind::Partial, tr("Partial PutRecords failure")},
           {service::FaultKind::Latency, tr("Latency")},
           {service::FaultKind::Drop, tr("Dropped connection")},
           {service::FaultKind::Reset, tr("Reset connection")},
           {service::FaultKind::SlowBody, tr("Slow answer body")},
           {service::FaultKind::ClockSkew, tr("Server clock skew")},
           {service::FaultKind::Zone, tr("Zone outage")},
           {service::FaultKind::Disk, tr("Zone disk full or failing")}};
    for (const auto &[kind, label] : kinds)
        m_kind->addItem(label, int(kind));
    m_operation->addItem(tr("any operation"), QString());
    QStringList names;
    core::ops::forEach([&names](const auto &op) {
        names << QString::fromLatin1(op.name.data(), qsizetype(op.name.size()));
    });
    names << QStringLiteral("SubscribeToShard");
    names.sort();
    for (const QString &n : names)
        m_operation->addItem(n, n);
    m_operation->setCurrentIndex(m_operation->findData(QStringLiteral("PutRecords")));
    m_stream->setPlaceholderText(tr("any stream"));
    m_shard->setPlaceholderText(tr("any shard, or shardId-000000000001"));
    m_probability->setRange(0, 100);
    m_probability->setDecimals(1);
    m_probability->setSuffix(QStringLiteral(" %"));
    m_probability->setValue(20);
    m_seed->setRange(0, 1'000'000'000);
    m_seed->setValue(1);

    // The fault's own parameters, one page per kind.
    auto page = [this](std::initializer_list<std::pair<QString, QWidget *>> rows) {
        auto *w = new QWidget(m_parameters);
        auto *form = new QFormLayout(w);
        form->setContentsMargins(0, 0, 0, 0);
        for (const auto &[label, field] : rows)
            form->addRow(label, field);
        m_parameters->addWidget(w);
    };
    for (const auto &[name, status] : service::FaultInjector::errorNames())
        m_error->addItem(QStringLiteral("%1 (%2)").arg(QString::fromStdString(name)).arg(status),
                         QString::fromStdString(name));
    m_share->setRange(1, 100);
    m_share->setSuffix(QStringLiteral(" %"));
    m_share->setValue(30);
    m_entryError->addItem(QStringLiteral("ProvisionedThroughputExceededException"));
    m_entryError->addItem(QStringLiteral("InternalFailure"));
    m_distribution->addItem(tr("fixed"), QStringLiteral("fixed"));
    m_distribution->addItem(tr("uniform between"), QStringLiteral("uniform"));
    m_distribution->addItem(tr("exponential, mean"), QStringLiteral("exponential"));
    m_ms->setRange(0, 600'000);
    m_ms->setSuffix(QStringLiteral(" ms"));
    m_ms->setValue(200);
    m_maxMs->setRange(0, 600'000);
    m_maxMs->setSuffix(QStringLiteral(" ms"));
    m_maxMs->setValue(800);
    m_stage->addItem(tr("before the engine (nothing written)"), false);
    m_stage->addItem(tr("after the engine wrote (a retry writes twice)"), true);
    m_rate->setRange(1, 10'000'000);
    m_rate->setSuffix(QStringLiteral(" B/s"));
    m_rate->setValue(1024);
    m_skew->setRange(-7 * 24 * 3600, 7 * 24 * 3600);
    m_skew->setSuffix(QStringLiteral(" s"));
    m_skew->setValue(1200);
    page({{tr("Error"), m_error}});
    page({{tr("Entries failing"), m_share}, {tr("ErrorCode"), m_entryError}});
    page({{tr("Distribution"), m_distribution}, {tr("Latency"), m_ms}, {tr("Up to"), m_maxMs}});
    page({{tr("When"), m_stage}}); // drop and reset
    page({{tr("Rate"), m_rate}});
    page({{tr("Clock off by"), m_skew}});
    for (QComboBox *zone : {m_zone, m_diskZone}) {
        zone->setEditable(true); // the engine's zones, named after its region
        for (const char *name : {"us-east-1a", "us-east-1b", "us-east-1c"})
            zone->addItem(QString::fromLatin1(name));
        zone->setCurrentIndex(1);
    }
    m_zoneAction->addItem(tr("goes down (an outage)"), QStringLiteral("down"));
    m_zoneAction->addItem(tr("loses its files (rebuilt from the others)"), QStringLiteral("wipe"));
    m_diskError->addItem(tr("fills (database or disk is full)"), QStringLiteral("full"));
    m_diskError->addItem(tr("fails (disk I/O error)"), QStringLiteral("io"));
    for (QSpinBox *back : {m_zoneFor, m_diskFor}) {
        back->setRange(0, 3'600'000);
        back->setSuffix(QStringLiteral(" ms"));
        back->setSpecialValueText(tr("never (zones up)"));
        back->setValue(5000);
    }
    page({{tr("Zone"), m_zone}, {tr("It"), m_zoneAction}, {tr("Back up after"), m_zoneFor}});
    page({{tr("Zone"), m_diskZone},
          {tr("Its disk"), m_diskError},
          {tr("Back up after"), m_diskFor}});
    m_parameters->setMinimumHeight(m_parameters->sizeHint().height());
    connect(m_kind, &QComboBox::currentIndexChanged, this, &FaultsPanel::showParameters);

    auto *form = new QFormLayout;
    form->addRow(tr("Fault"), m_kind);
    form->addRow(tr("Operation"), m_operation);
    auto *where = new QHBoxLayout;
    where->addWidget(m_stream, 1);
    where->addWidget(m_shard, 1);
    form->addRow(tr("Stream, shard"), where);
    auto *odds = new QHBoxLayout;
    odds->addWidget(m_probability);
    odds->addWidget(new QLabel(tr("seed"), this));
    odds->addWidget(m_seed);
    odds->addStretch(1);
    odds->addWidget(m_add);
    form->addRow(tr("Probability"), odds);
    form->addRow(m_parameters);
    layout->addLayout(form);
    layout->addWidget(m_problem);
    m_problem->hide();
    m_problem->setObjectName(QStringLiteral("faultProblem"));
    m_problem->setWordWrap(true);
    m_problem->setStyleSheet(errorTextCss());
    connect(m_add, &QPushButton::clicked, this, &FaultsPanel::add);

    m_rules->setObjectName(QStringLiteral("faultRules"));
    m_rules->setHorizontalHeaderLabels(
        {tr("Rule"), tr("Fault"), tr("Applies to"), tr("Probability"), tr("Matched"), tr("Fired")});
    m_rules->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_rules->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
    m_rules->setWordWrap(false);
    m_rules->setMinimumHeight(120);
    m_rules->verticalHeader()->hide();
    m_rules->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_rules->setSelectionBehavior(QAbstractItemView::SelectRows);
    layout->addWidget(m_rules, 1);
    auto *ruleButtons = new QHBoxLayout;
    ruleButtons->addStretch(1);
    ruleButtons->addWidget(m_remove);
    ruleButtons->addWidget(m_clear);
    layout->addLayout(ruleButtons);
    connect(m_remove, &QPushButton::clicked, this, [this] {
        for (const auto &range : m_rules->selectedRanges())
            for (int row = range.topRow(); row <= range.bottomRow(); ++row)
                if (auto *item = m_rules->item(row, 0))
                    m_faults.remove(item->text().toStdString());
        refresh();
    });
    connect(m_clear, &QPushButton::clicked, this, [this] {
        m_faults.clear();
        refresh();
    });

    layout->addWidget(m_firedCount);
    m_fired->setObjectName(QStringLiteral("faultsFired"));
    m_fired->setHorizontalHeaderLabels({tr("Time"), tr("Rule"), tr("Request"), tr("Client"),
                                        tr("Fault"), tr("Then the client sent"), tr("Where")});
    m_fired->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_fired->horizontalHeader()->setSectionResizeMode(5, QHeaderView::Stretch);
    m_fired->setWordWrap(false);
    m_fired->setMinimumHeight(120);
    m_fired->verticalHeader()->hide();
    m_fired->setEditTriggers(QAbstractItemView::NoEditTriggers);
    layout->addWidget(m_fired, 2);
    showParameters();
    refresh();
}

void FaultsPanel::showParameters()
{
    const int kind = m_kind->currentData().toInt();
    // Pages in kind order, drop and reset sharing one ("when").
    m_parameters->setCurrentIndex(kind <= int(service::FaultKind::Drop) ? kind : kind - 1);
    const bool partial = kind == int(service::FaultKind::Partial);
    if (partial)
        m_operation->setCurrentIndex(m_operation->findData(QStringLiteral("PutRecords")));
    m_operation->setEnabled(!partial);
}

service::FaultRule FaultsPanel::formRule() const
{
    service::FaultRule r;
    r.kind = service::FaultKind(m_kind->currentData().toInt());
    r.operation = m_operation->currentData().toString().toStdString();
    r.stream = m_stream->text().trimmed().toStdString();
    r.shard = m_shard->text().trimmed().toStdString();
    r.probability = m_probability->value() / 100.0;
    r.seed = std::uint64_t(m_seed->value());
    switch (r.kind) {
    case service::FaultKind::Error:
        r.error = m_error->currentData().toString().toStdString();
        break;
    case service::FaultKind::Partial:
        r.share = m_share->value() / 100.0;
        r.error = m_entryError->currentText().toStdString();
        break;
    case service::FaultKind::Latency:
        r.distribution = m_distribution->currentData().toString().toStdString();
        r.ms = m_ms->value();
        r.maxMs = m_maxMs->value();
        break;
    case service::FaultKind::Drop:
    case service::FaultKind::Reset:
        r.afterEngine = m_stage->currentData().toBool();
        break;
    case service::FaultKind::SlowBody:
        r.bytesPerSecond = m_rate->value();
        break;
    case service::FaultKind::ClockSkew:
        r.skewSeconds = m_skew->value();
        break;
    case service::FaultKind::Zone:
        r.zone = m_zone->currentText().trimmed().toStdString();
        r.action = m_zoneAction->currentData().toString().toStdString();
        r.durationMs = m_zoneFor->value();
        break;
    case service::FaultKind::Disk:
        r.zone = m_diskZone->currentText().trimmed().toStdString();
        r.error = m_diskError->currentData().toString().toStdString();
        r.durationMs = m_diskFor->value();
        break;
    }
    return r;
}

void FaultsPanel::add()
{
    auto added = m_faults.add(formRule());
    if (!added) {
        m_problem->setText(
            tr("Cannot add the rule: %1.").arg(QString::fromStdString(added.error().message)));
        m_problem->show();
        return;
    }
    m_problem->clear();
    m_problem->hide();
    refresh();
}

void FaultsPanel::refresh()
{
    const auto rules = m_faults.rules();
    m_rules->setRowCount(int(rules.size()));
    for (int row = 0; row < int(rules.size()); ++row) {
        const auto &[rule, matched, fired] = rules[std::size_t(row)];
        QStringList scope;
        scope << (rule.operation.empty() ? tr("any operation")
                                         : QString::fromStdString(rule.operation));
        if (!rule.stream.empty())
            scope << tr("stream %1").arg(QString::fromStdString(rule.stream));
        if (!rule.shard.empty())
            scope << QString::fromStdString(rule.shard);
        setRowTexts(
            m_rules, row,
            {QString::fromStdString(rule.id), describe(rule), scope.join(QStringLiteral(", ")),
             QStringLiteral("%1 % (seed %2)").arg(rule.probability * 100, 0, 'g', 4).arg(rule.seed),
             QString::number(matched), QString::number(fired)});
    }
    m_remove->setEnabled(!rules.empty());
    m_clear->setEnabled(!rules.empty());

    auto fired = m_faults.fired();
    const std::int64_t total = m_faults.firedCount();
    if (fired.size() > std::size_t(kShownFired))
        fired.erase(fired.begin(), fired.end() - kShownFired);
    m_firedCount->setText(total == 0   ? tr("Nothing has fired yet.")
                          : total == 1 ? tr("Fired once:")
                                       : tr("Fired %1 times; the latest first:").arg(total));
    m_fired->setRowCount(int(fired.size()));
    for (int row = 0; row < int(fired.size()); ++row) {
        const auto &f = fired[fired.size() - 1 - std::size_t(row)];
        QString where = QString::fromStdString(f.stream);
        if (!f.shard.empty())
            where += QLatin1Char(' ') + QString::fromStdString(f.shard);
        setRowTexts(
            m_fired, row,
            {QDateTime::fromMSecsSinceEpoch(f.wallMs).toString(QStringLiteral("HH:mm:ss.zzz")),
             QString::fromStdString(f.ruleId), QString::fromStdString(f.operation),
             QString::fromStdString(f.client),
             QStringLiteral("%1: %2").arg(QLatin1String(service::FaultInjector::kindName(f.kind)),
                                          QString::fromStdString(f.detail)),
             f.next.empty() ? tr("(nothing yet)") : QString::fromStdString(f.next), where});
    }
}

} // namespace shs::ui
