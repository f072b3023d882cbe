// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// AlarmDialog: a CloudWatch alarm on the stream, field by field as PutMetricAlarm takes it — the
// metric (the stream's, or one shard's), the statistics that metric offers, the period in
// minutes, M of N datapoints, the comparison and threshold, and what missing data counts as.
// A sentence under the form reads the alarm back ("ALARM when the Maximum of …"); what
// alarms::validate refuses is said there, and OK stays disabled.
#include "alarms/alarm.h"

#include <QDialog>

class QComboBox;
class QDialogButtonBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace shs::ui {

class AlarmDialog : public QDialog
{
    Q_OBJECT
  public:
    AlarmDialog(const QString &stream, const QStringList &shardIds, QWidget *parent = nullptr);

    /// The alarm the form describes (valid once accepted).
    alarms::AlarmDefinition alarm() const;
    void setAlarm(const alarms::AlarmDefinition &alarm);

    QLineEdit *nameEdit() const { return m_name; }
    QComboBox *metricCombo() const { return m_metric; }
    QComboBox *statisticCombo() const { return m_statistic; }
    QSpinBox *periodSpin() const { return m_period; }
    QSpinBox *evaluationSpin() const { return m_evaluation; }
    QSpinBox *datapointsSpin() const { return m_datapoints; }
    QComboBox *comparisonCombo() const { return m_comparison; }
    QDoubleSpinBox *thresholdSpin() const { return m_threshold; }
    QComboBox *missingCombo() const { return m_missing; }
    QLabel *summaryLabel() const { return m_summary; }
    QDialogButtonBox *buttons() const { return m_buttons; }

  private:
    void metricChanged();
    void update();

    QString m_stream;
    QLineEdit *m_name;
    QComboBox *m_metric;
    QComboBox *m_shard;
    QComboBox *m_statistic;
    QSpinBox *m_period;
    QSpinBox *m_evaluation;
    QSpinBox *m_datapoints;
    QComboBox *m_comparison;
    QDoubleSpinBox *m_threshold;
    QComboBox *m_missing;
    QLabel *m_summary;
    QDialogButtonBox *m_buttons;
};

} // namespace shs::ui
