// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// FaultsPanel: the endpoint's fault rules in the window (the Faults tab of Endpoint…). Add a rule
// from a form — the fault, what it applies to (operation, stream, shard), its probability and seed,
// and the fault's own parameters — see each rule's matched and fired counts, remove one or clear
// them, and follow what fired: when, on which request of which client, and what that client did
// next. A rule the injector refuses is named inline with the reason. Refreshed by refresh().
#include "service/fault_injector.h"

#include <QWidget>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QStackedWidget;
class QTableWidget;

namespace shs::ui {

class FaultsPanel : public QWidget
{
    Q_OBJECT
  public:
    explicit FaultsPanel(service::FaultInjector &faults, QWidget *parent = nullptr);

    void refresh();
    /// The rule the form describes now.
    service::FaultRule formRule() const;

    // For tests and automation.
    QComboBox *kindCombo() const { return m_kind; }
    QComboBox *operationCombo() const { return m_operation; }
    QLineEdit *streamEdit() const { return m_stream; }
    QLineEdit *shardEdit() const { return m_shard; }
    QDoubleSpinBox *probabilitySpin() const { return m_probability; }
    QComboBox *errorCombo() const { return m_error; }
    QDoubleSpinBox *shareSpin() const { return m_share; }
    QComboBox *distributionCombo() const { return m_distribution; }
    QSpinBox *latencySpin() const { return m_ms; }
    QSpinBox *latencyMaxSpin() const { return m_maxMs; }
    QPushButton *addButton() const { return m_add; }
    QPushButton *removeButton() const { return m_remove; }
    QPushButton *clearButton() const { return m_clear; }
    QLabel *errorLabel() const { return m_problem; }
    QTableWidget *ruleTable() const { return m_rules; }
    QTableWidget *firedTable() const { return m_fired; }

  private:
    void add();
    void showParameters();

    service::FaultInjector &m_faults;
    QComboBox *m_kind;
    QComboBox *m_operation;
    QLineEdit *m_stream;
    QLineEdit *m_shard;
    QDoubleSpinBox *m_probability;
    QSpinBox *m_seed;
    QStackedWidget *m_parameters;
    QComboBox *m_error;        // error
    QDoubleSpinBox *m_share;   // partial
    QComboBox *m_entryError;   // partial
    QComboBox *m_distribution; // latency
    QSpinBox *m_ms;
    QSpinBox *m_maxMs;
    QComboBox *m_stage; // drop, reset
    QSpinBox *m_rate;   // slowBody
    QSpinBox *m_skew;   // clockSkew
    QComboBox *m_zone;  // zone: which, down or wiped, for how long
    QComboBox *m_zoneAction;
    QSpinBox *m_zoneFor;
    QComboBox *m_diskZone; // disk: which, full or failing, for how long
    QComboBox *m_diskError;
    QSpinBox *m_diskFor;
    QPushButton *m_add;
    QLabel *m_problem;
    QTableWidget *m_rules;
    QPushButton *m_remove;
    QPushButton *m_clear;
    QTableWidget *m_fired;
    QLabel *m_firedCount;
};

} // namespace shs::ui
