// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "alarm_dialog.h"

#include "theme.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace shs::ui {

namespace {
/// The metric combo's data: index into alarms::alarmMetrics().
const alarms::MetricInfo &metricAt(int i)
{
    return alarms::alarmMetrics().at(std::size_t(i));
}
} // namespace

AlarmDialog::AlarmDialog(const QString &stream, const QStringList &shardIds, QWidget *parent)
    : QDialog(parent), m_stream(stream), m_name(new QLineEdit(this)), m_metric(new QComboBox(this)),
      m_shard(new QComboBox(this)), m_statistic(new QComboBox(this)), m_period(new QSpinBox(this)),
      m_evaluation(new QSpinBox(this)), m_datapoints(new QSpinBox(this)),
      m_comparison(new QComboBox(this)), m_threshold(new QDoubleSpinBox(this)),
      m_missing(new QComboBox(this)), m_summary(new QLabel(this)),
      m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("New alarm on %1").arg(stream));
    auto *layout = new QVBoxLayout(this);
    auto *form = new QFormLayout;
    m_name->setText(stream + QStringLiteral("-alarm"));
    form->addRow(tr("Alarm name"), m_name);
    const auto &metrics = alarms::alarmMetrics();
    for (int i = 0; i < int(metrics.size()); ++i)
        m_metric->addItem(
            metrics[std::size_t(i)].shardLevel
                ? tr("%1 (one shard)").arg(QString::fromLatin1(metrics[std::size_t(i)].name))
                : QString::fromLatin1(metrics[std::size_t(i)].name),
            i);
    form->addRow(tr("Metric"), m_metric);
    m_shard->addItems(shardIds);
    form->addRow(tr("Shard"), m_shard);
    form->addRow(tr("Statistic"), m_statistic);
    m_period->setRange(1, 1440);
    m_period->setValue(1);
    m_period->setSuffix(tr(" min"));
    form->addRow(tr("Period"), m_period);
    auto *datapoints = new QHBoxLayout;
    m_datapoints->setRange(1, 100);
    m_evaluation->setRange(1, 100);
    m_datapoints->setValue(1);
    m_evaluation->setValue(1);
    datapoints->addWidget(m_datapoints);
    datapoints->addWidget(new QLabel(tr("out of"), this));
    datapoints->addWidget(m_evaluation);
    datapoints->addWidget(new QLabel(tr("periods"), this));
    datapoints->addStretch();
    form->addRow(tr("Datapoints to alarm"), datapoints);
    for (auto c : {alarms::Comparison::GreaterThanOrEqualToThreshold,
                   alarms::Comparison::GreaterThanThreshold, alarms::Comparison::LessThanThreshold,
                   alarms::Comparison::LessThanOrEqualToThreshold})
        m_comparison->addItem(QString::fromLatin1(alarms::symbol(c)) + QStringLiteral("  ")
                                  + QString::fromLatin1(alarms::toString(c)),
                              int(c));
    form->addRow(tr("Condition"), m_comparison);
    m_threshold->setRange(-1e12, 1e12);
    m_threshold->setDecimals(3);
    form->addRow(tr("Threshold"), m_threshold);
    m_missing->addItem(tr("missing (unknown)"), int(alarms::MissingData::Missing));
    m_missing->addItem(tr("notBreaching (good)"), int(alarms::MissingData::NotBreaching));
    m_missing->addItem(tr("breaching (bad)"), int(alarms::MissingData::Breaching));
    m_missing->addItem(tr("ignore (keep the state)"), int(alarms::MissingData::Ignore));
    m_missing->setToolTip(tr("A minute without traffic has no datapoint: CloudWatch's "
                             "TreatMissingData says what it counts as."));
    form->addRow(tr("Missing data"), m_missing);
    layout->addLayout(form);
    m_summary->setObjectName(QStringLiteral("alarmSummary"));
    m_summary->setWordWrap(true);
    layout->addWidget(m_summary);
    layout->addWidget(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_metric, &QComboBox::currentIndexChanged, this, &AlarmDialog::metricChanged);
    for (QComboBox *c : {m_shard, m_statistic, m_comparison, m_missing})
        connect(c, &QComboBox::currentIndexChanged, this, &AlarmDialog::update);
    for (QSpinBox *s : {m_period, m_evaluation, m_datapoints})
        connect(s, &QSpinBox::valueChanged, this, &AlarmDialog::update);
    connect(m_threshold, &QDoubleSpinBox::valueChanged, this, &AlarmDialog::update);
    connect(m_name, &QLineEdit::textChanged, this, &AlarmDialog::update);
    metricChanged();
}

void AlarmDialog::metricChanged()
{
    const auto &m = metricAt(m_metric->currentData().toInt());
    m_shard->setEnabled(m.shardLevel && m_shard->count() > 0);
    const QString was = m_statistic->currentText();
    m_statistic->blockSignals(true);
    m_statistic->clear();
    for (auto s : m.statistics)
        m_statistic->addItem(QString::fromLatin1(alarms::toString(s)), int(s));
    const int keep = m_statistic->findText(was);
    m_statistic->setCurrentIndex(keep >= 0 ? keep : 0);
    m_statistic->blockSignals(false);
    m_metric->setToolTip(QString::fromLatin1(m.meaning));
    update();
}

alarms::AlarmDefinition AlarmDialog::alarm() const
{
    alarms::AlarmDefinition a;
    const auto &m = metricAt(m_metric->currentData().toInt());
    a.name = m_name->text().trimmed().toStdString();
    a.streamName = m_stream.toStdString();
    if (m.shardLevel)
        a.shardId = m_shard->currentText().toStdString();
    a.metricName = m.name;
    a.statistic = alarms::Statistic(m_statistic->currentData().toInt());
    a.periodSeconds = m_period->value() * 60;
    a.evaluationPeriods = m_evaluation->value();
    a.datapointsToAlarm = m_datapoints->value();
    a.comparison = alarms::Comparison(m_comparison->currentData().toInt());
    a.threshold = m_threshold->value();
    a.treatMissingData = alarms::MissingData(m_missing->currentData().toInt());
    return a;
}

void AlarmDialog::setAlarm(const alarms::AlarmDefinition &a)
{
    m_name->setText(QString::fromStdString(a.name));
    const auto &metrics = alarms::alarmMetrics();
    for (int i = 0; i < int(metrics.size()); ++i)
        if (a.metricName == metrics[std::size_t(i)].name
            && metrics[std::size_t(i)].shardLevel == a.shardId.has_value())
            m_metric->setCurrentIndex(m_metric->findData(i));
    if (a.shardId)
        m_shard->setCurrentText(QString::fromStdString(*a.shardId));
    m_statistic->setCurrentIndex(m_statistic->findData(int(a.statistic)));
    m_period->setValue(a.periodSeconds / 60);
    m_evaluation->setValue(a.evaluationPeriods);
    m_datapoints->setValue(a.datapointsToAlarm);
    m_comparison->setCurrentIndex(m_comparison->findData(int(a.comparison)));
    m_threshold->setValue(a.threshold);
    m_missing->setCurrentIndex(m_missing->findData(int(a.treatMissingData)));
}

void AlarmDialog::update()
{
    const auto a = alarm();
    const auto valid = alarms::validate(a);
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(bool(valid));
    if (!valid) {
        m_summary->setStyleSheet(errorTextCss());
        m_summary->setText(tr("Cannot create alarm %1: %2")
                               .arg(QString::fromStdString(a.name),
                                    QString::fromStdString(valid.error().message)));
        return;
    }
    m_summary->setStyleSheet(QString());
    m_summary->setText(
        tr("ALARM when the %1 of %2%3 over %4 is %5 %6 in %7 of the last %8 periods.")
            .arg(QString::fromLatin1(alarms::toString(a.statistic)),
                 QString::fromStdString(a.metricName),
                 a.shardId ? tr(" on %1").arg(QString::fromStdString(*a.shardId)) : QString(),
                 a.periodSeconds == 60 ? tr("a minute")
                                       : tr("%1 minutes").arg(a.periodSeconds / 60),
                 QString::fromLatin1(alarms::symbol(a.comparison)),
                 QString::fromStdString(alarms::formatValue(a.threshold)))
            .arg(a.datapointsToAlarm)
            .arg(a.evaluationPeriods));
}

} // namespace shs::ui
