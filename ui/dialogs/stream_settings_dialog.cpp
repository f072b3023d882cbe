// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "stream_settings_dialog.h"
#include "theme.h"

#include "engine/catalogue.h"
#include "engine/kinesis_limits.h"
#include "engine/stream_settings.h"
#include "error_text.h"
#include "service/aws_cli.h"

#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDateTime>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QGuiApplication>
#include <QLabel>
#include <QPushButton>
#include <QResizeEvent>
#include <QSpinBox>
#include <QTimeZone>
#include <QVBoxLayout>

namespace shs::ui {

using namespace shs::core;

namespace {
QLabel *note(const QString &text, QWidget *parent)
{
    auto *label
        = new QLabel(QStringLiteral("<span style='color:gray'>%1</span>").arg(text), parent);
    label->setWordWrap(true);
    return label;
}

QString when(std::optional<std::int64_t> ms)
{
    return ms ? QDateTime::fromMSecsSinceEpoch(*ms, QTimeZone::utc())
                    .toString(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'"))
              : QString();
}
} // namespace

StreamSettingsDialog::StreamSettingsDialog(service::StreamBackend &backend,
                                           const StreamInfo &stream, QWidget *parent)
    : QDialog(parent), m_backend(backend), m_stream(stream), m_maxRecord(new QSpinBox(this)),
      m_warm(new QSpinBox(this)), m_distribution(new QComboBox(this)),
      m_commitment(new QLabel(this)), m_commitmentButton(new QPushButton(this)),
      m_apply(new QPushButton(tr("Apply"), this)), m_error(new QLabel(this))
{
    const QString name = QString::fromStdString(stream.name);
    const bool onDemand = stream.mode == StreamMode::OnDemand;
    setWindowTitle(tr("Settings of %1").arg(name));
    auto *layout = new QVBoxLayout(this);

    auto *metrics = new QGroupBox(tr("Shard-level metrics (enhanced monitoring)"), this);
    auto *metricsLayout = new QVBoxLayout(metrics);
    auto *grid = new QGridLayout;
    for (std::size_t i = 0; i < kShardLevelMetrics.size(); ++i) {
        const std::string metric(kShardLevelMetrics[i]);
        auto *box = new QCheckBox(QString::fromStdString(metric), metrics);
        box->setChecked(
            std::find(stream.shardLevelMetrics.begin(), stream.shardLevelMetrics.end(), metric)
            != stream.shardLevelMetrics.end());
        grid->addWidget(box, int(i) / 2, int(i) % 2);
        m_metrics.push_back(box);
    }
    metricsLayout->addLayout(grid);
    metricsLayout->addWidget(
        note(tr("AWS publishes a shard-level metric to CloudWatch (and bills it as a custom "
                "metric) only while it is on; stream-level metrics are always published. The "
                "workbench draws every shard either way."),
             metrics));
    layout->addWidget(metrics);

    // Kinesis takes 1,024 … 10,240; the spin box lets a learner type a value it refuses, to see
    // why.
    auto *records = new QGroupBox(tr("Records"), this);
    auto *recordsLayout = new QVBoxLayout(records);
    auto *recordsForm = new QFormLayout;
    m_maxRecord->setRange(1, 100'000);
    m_maxRecord->setSingleStep(1024);
    m_maxRecord->setSuffix(tr(" KiB"));
    m_maxRecord->setValue(stream.maxRecordSizeKiB);
    recordsForm->addRow(tr("Largest record"), m_maxRecord);
    recordsLayout->addLayout(recordsForm);
    recordsLayout->addWidget(note(tr("1,024 to 10,240 KiB (10 MiB) of data plus partition key "
                                     "(UpdateMaxRecordSize). A shard still takes 1 MiB/s: a large "
                                     "record bursts past that, then the shard writes nothing "
                                     "until its average is back at the limit."),
                                  records));
    layout->addWidget(records);

    auto *capacity = new QGroupBox(tr("On-demand capacity"), this);
    auto *capacityLayout = new QVBoxLayout(capacity);
    auto *capacityForm = new QFormLayout;
    m_warm->setRange(0, 100'000);
    m_warm->setSuffix(tr(" MiB/s"));
    m_warm->setValue(stream.warmThroughput && stream.warmThroughput->targetMiBps
                         ? int(*stream.warmThroughput->targetMiBps)
                         : 0);
    capacityForm->addRow(tr("Warm throughput"), m_warm);
    m_distribution->addItem(tr("By partition key (USER_PARTITION_KEY)"));
    m_distribution->addItem(tr("Spread by the service (AUTO)"));
    m_distribution->setCurrentIndex(stream.autoDistribution ? 1 : 0);
    capacityForm->addRow(tr("Record distribution"), m_distribution);
    capacityLayout->addLayout(capacityForm);
    capacityLayout->addWidget(
        note(onDemand ? tr("A warm throughput keeps that many MiB/s of write capacity ready (one "
                           "shard per MiB/s; it needs the account's commitment below). AUTO "
                           "places records round robin over the shards whatever their keys: no "
                           "hot shard, and no order per key.")
                      : tr("Warm throughput and record distribution are for on-demand streams; "
                           "Capacity… switches this one."),
             capacity));
    m_warm->setEnabled(onDemand);
    m_distribution->setEnabled(onDemand);
    layout->addWidget(capacity);

    auto *account = new QGroupBox(tr("Account: minimum throughput billing commitment"), this);
    auto *accountLayout = new QVBoxLayout(account);
    m_commitment->setObjectName(QStringLiteral("commitment"));
    m_commitment->setWordWrap(true);
    m_commitment->setText(tr("Asking the backend…"));
    accountLayout->addWidget(m_commitment);
    m_commitmentButton->setEnabled(false);
    accountLayout->addWidget(m_commitmentButton, 0, Qt::AlignLeft);
    connect(m_commitmentButton, &QPushButton::clicked, this,
            &StreamSettingsDialog::toggleCommitment);
    layout->addWidget(account);

    m_error->setObjectName(QStringLiteral("settingsError"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(errorTextCss());
    m_error->hide();
    layout->addWidget(m_error);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    buttons->addButton(m_apply, QDialogButtonBox::AcceptRole);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_apply, &QPushButton::clicked, this, &StreamSettingsDialog::apply);
    m_copyCli = buttons->addButton(tr("Copy as AWS CLI"), QDialogButtonBox::ActionRole);
    connect(m_copyCli, &QPushButton::clicked, this,
            [this] { QGuiApplication::clipboard()->setText(cliCommands()); });
    layout->addWidget(buttons);

    for (auto *box : m_metrics)
        connect(box, &QCheckBox::toggled, this, &StreamSettingsDialog::refresh);
    connect(m_maxRecord, &QSpinBox::valueChanged, this, &StreamSettingsDialog::refresh);
    connect(m_warm, &QSpinBox::valueChanged, this, &StreamSettingsDialog::refresh);
    connect(m_distribution, &QComboBox::currentIndexChanged, this, &StreamSettingsDialog::refresh);
    refresh();
    setMinimumWidth(680);

    m_backend.submit(
        ops::DescribeAccountSettings, NoInput{}, this, [this](Result<AccountSettings> r) {
            if (!r) {
                m_commitment->setText(explainError(tr("read the account's commitment"), r.error()));
                return;
            }
            showCommitment(
                r->commitment.value_or(MinimumThroughputBillingCommitment{"DISABLED", {}, {}, {}}));
        });
}

void StreamSettingsDialog::resizeEvent(QResizeEvent *event)
{
    QDialog::resizeEvent(event);
    // A top-level layout does not give wrapped labels the height they need at this width; ask
    // it, so that no note is cut off however the dialog is sized.
    const int needed = layout()->totalHeightForWidth(width());
    if (needed > minimumHeight())
        setMinimumHeight(needed);
}

std::vector<std::string> StreamSettingsDialog::enabledMetrics() const
{
    std::vector<std::string> on;
    for (std::size_t i = 0; i < m_metrics.size(); ++i)
        if (m_metrics[i]->isChecked())
            on.emplace_back(kShardLevelMetrics[i]);
    return on;
}

std::vector<StreamSettingsDialog::Change> StreamSettingsDialog::changes() const
{
    std::vector<Change> out;
    service::StreamBackend &backend = m_backend;
    QObject *context = const_cast<StreamSettingsDialog *>(this);
    StreamRef byName;
    byName.name = m_stream.name;
    StreamRef byArn;
    byArn.arn = m_stream.arn;
    const auto now = enabledMetrics();
    const auto &was = m_stream.shardLevelMetrics;
    std::vector<std::string> turnOn, turnOff;
    for (const auto &m : now)
        if (std::find(was.begin(), was.end(), m) == was.end())
            turnOn.push_back(m);
    for (const auto &m : was)
        if (std::find(now.begin(), now.end(), m) == now.end())
            turnOff.push_back(m);
    auto join = [](const std::vector<std::string> &names) {
        QStringList l;
        for (const auto &n : names)
            l << QString::fromStdString(n);
        return l.join(QStringLiteral(", "));
    };
    if (!turnOn.empty()) {
        const EnhancedMonitoringRequest r{byName, turnOn};
        out.push_back({tr("shard-level metrics on: %1").arg(join(turnOn)),
                       awscli::command(ops::EnableEnhancedMonitoring, r),
                       [&backend, context, r](auto done) {
                           backend.submit(ops::EnableEnhancedMonitoring, r, context,
                                          [done](Result<EnhancedMonitoringResult> a) {
                                              done(a ? ok() : Result<void>(a.error()));
                                          });
                       }});
    }
    if (!turnOff.empty()) {
        const EnhancedMonitoringRequest r{byName, turnOff};
        out.push_back({tr("shard-level metrics off: %1").arg(join(turnOff)),
                       awscli::command(ops::DisableEnhancedMonitoring, r),
                       [&backend, context, r](auto done) {
                           backend.submit(ops::DisableEnhancedMonitoring, r, context,
                                          [done](Result<EnhancedMonitoringResult> a) {
                                              done(a ? ok() : Result<void>(a.error()));
                                          });
                       }});
    }
    if (m_maxRecord->value() != m_stream.maxRecordSizeKiB) {
        const UpdateMaxRecordSizeRequest r{byArn, m_maxRecord->value()};
        out.push_back({tr("largest record %1 KiB").arg(m_maxRecord->value()),
                       awscli::command(ops::UpdateMaxRecordSize, r),
                       [&backend, context, r](auto done) {
                           backend.submit(ops::UpdateMaxRecordSize, r, context, done);
                       }});
    }
    // The warm throughput last: it leaves the stream UPDATING, and the others need it ACTIVE.
    const bool autoNow = m_distribution->currentIndex() == 1;
    if (m_distribution->isEnabled() && autoNow != m_stream.autoDistribution) {
        const UpdateStreamRecordDistributionStrategyRequest r{
            byArn, autoNow ? RecordDistributionStrategy::Auto
                           : RecordDistributionStrategy::UserPartitionKey};
        out.push_back(
            {tr("record distribution %1")
                 .arg(autoNow ? QStringLiteral("AUTO") : QStringLiteral("USER_PARTITION_KEY")),
             awscli::command(ops::UpdateStreamRecordDistributionStrategy, r),
             [&backend, context, r](auto done) {
                 backend.submit(ops::UpdateStreamRecordDistributionStrategy, r, context, done);
             }});
    }
    const int warmWas = m_stream.warmThroughput && m_stream.warmThroughput->targetMiBps
                            ? int(*m_stream.warmThroughput->targetMiBps)
                            : 0;
    if (m_warm->isEnabled() && m_warm->value() != warmWas) {
        const UpdateStreamWarmThroughputRequest r{byArn, m_warm->value()};
        out.push_back({tr("warm throughput %1 MiB/s").arg(m_warm->value()),
                       awscli::command(ops::UpdateStreamWarmThroughput, r),
                       [&backend, context, r](auto done) {
                           backend.submit(ops::UpdateStreamWarmThroughput, r, context,
                                          [done](Result<UpdateStreamWarmThroughputResult> a) {
                                              done(a ? ok() : Result<void>(a.error()));
                                          });
                       }});
    }
    return out;
}

QString StreamSettingsDialog::cliCommands() const
{
    QStringList lines;
    for (const auto &c : changes())
        lines << c.cli;
    return lines.join(QLatin1Char('\n'));
}

void StreamSettingsDialog::refresh()
{
    const bool any = !changes().empty();
    m_apply->setEnabled(any);
    m_copyCli->setEnabled(any);
}

void StreamSettingsDialog::apply()
{
    auto list = std::make_shared<std::vector<Change>>(changes());
    if (list->empty())
        return;
    m_apply->setEnabled(false);
    m_error->hide();
    runFrom(std::move(list), 0, {});
}

void StreamSettingsDialog::runFrom(std::shared_ptr<std::vector<Change>> list, std::size_t next,
                                   QStringList done)
{
    const QString name = QString::fromStdString(m_stream.name);
    if (next == list->size()) {
        Q_EMIT changed(tr("Settings of '%1': %2.").arg(name, done.join(QStringLiteral("; "))));
        accept();
        return;
    }
    const Change &c = (*list)[next];
    c.send([this, list, next, done](Result<void> r) mutable {
        const Change &current = (*list)[next];
        if (!r) {
            m_apply->setEnabled(true);
            QString text = explainError(
                tr("set %1 on '%2'").arg(current.what, QString::fromStdString(m_stream.name)),
                r.error());
            if (!done.isEmpty())
                text += QStringLiteral("<br/>")
                        + tr("Already applied: %1.").arg(done.join(QStringLiteral("; ")));
            m_error->setText(text);
            m_error->show();
            return;
        }
        done << current.what;
        runFrom(list, next + 1, done);
    });
}

void StreamSettingsDialog::showCommitment(const MinimumThroughputBillingCommitment &c)
{
    // ENABLED can be disabled; DISABLED, and a disable already scheduled, can be (re-)enabled.
    m_commitmentEnabled = c.status == "ENABLED";
    QString text;
    if (c.status == "ENABLED")
        text = tr("<b>ENABLED</b> since %1; it can end from %2. On-demand streams are billed at "
                  "On-demand Advantage prices (no stream-hours, lower data prices) and may keep "
                  "a warm throughput.")
                   .arg(when(c.startedAtMs), when(c.earliestAllowedEndAtMs));
    else if (c.status == "ENABLED_UNTIL_EARLIEST_ALLOWED_END")
        text = tr("<b>Ending</b> at %1 (a commitment lasts at least 24 hours); until then it "
                  "is in force. Enabling it again cancels the end.")
                   .arg(when(c.earliestAllowedEndAtMs));
    else
        text = tr("<b>DISABLED</b>. On-demand streams are billed at On-demand Standard prices and "
                  "cannot keep a warm throughput. Enabling commits the account for at least 24 "
                  "hours (UpdateAccountSettings).");
    m_commitment->setText(text);
    m_commitmentButton->setText(m_commitmentEnabled ? tr("Disable the commitment")
                                                    : tr("Enable the commitment"));
    m_commitmentButton->setEnabled(true);
}

void StreamSettingsDialog::toggleCommitment()
{
    UpdateAccountSettingsRequest r;
    r.commitment.status = m_commitmentEnabled ? "DISABLED" : "ENABLED";
    m_commitmentButton->setEnabled(false);
    m_backend.submit(ops::UpdateAccountSettings, r, this, [this](Result<AccountSettings> a) {
        if (!a) {
            m_commitmentButton->setEnabled(true);
            m_error->setText(explainError(tr("change the account's commitment"), a.error()));
            m_error->show();
            return;
        }
        m_error->hide();
        showCommitment(a->commitment.value_or(MinimumThroughputBillingCommitment{}));
    });
}

} // namespace shs::ui
