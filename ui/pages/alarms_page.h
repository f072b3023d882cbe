// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// AlarmsPage: the Alarms tab — the stream's CloudWatch-style alarms (service::AlarmMonitor) with
// their state, metric, condition and treatment of missing data; AWS's recommended alarms in one
// click; a new alarm (AlarmDialog) and deleting one. The selected alarm's datapoints are charted
// against its threshold, with its state reason and its history. On a remote endpoint (no
// monitor) it shows the stream's CloudWatch alarms read-only when CloudWatch answers (on showing,
// and each minute while shown), or says why not.
#include "service/alarm_monitor.h"
#include "stream_page.h"

#include <QWidget>

#include <functional>

class QLabel;
class QPushButton;
class QTableWidget;
class QTimer;

namespace shs::ui {

class AlarmDialog;
class ThroughputChartView;

class AlarmsPage : public QWidget, public StreamPage
{
    Q_OBJECT
  public:
    explicit AlarmsPage(service::StreamBackend &backend, QWidget *parent = nullptr);

    /// nullptr: no alarms here (a remote endpoint).
    void setMonitor(service::AlarmMonitor *monitor);
    /// Opens the dialog for a new alarm (tests replace it to fill the form).
    void setDialogRunner(std::function<bool(AlarmDialog &)> run) { m_runDialog = std::move(run); }

    QString viewName() const override { return QStringLiteral("alarms"); }
    QString title() const override;
    QWidget *content() override { return fittedPage(this); }
    void showStream(const core::StreamInfo *stream) override;
    void shown() override { fetchCloudWatch(); }

    QTableWidget *table() const { return m_table; }
    QTableWidget *historyTable() const { return m_history; }
    QPushButton *recommendedButton() const { return m_recommended; }
    QPushButton *newButton() const { return m_new; }
    QPushButton *deleteButton() const { return m_delete; }
    QLabel *reasonLabel() const { return m_reason; }
    QLabel *errorLabel() const { return m_error; }
    ThroughputChartView *chart() const { return m_chart; }

  Q_SIGNALS:
    /// The tab's title changed ("Alarms (1 in ALARM)").
    void titleChanged();

  private:
    void refresh();
    void fetchCloudWatch();
    void setIntro();
    void showSelected();
    QString selectedName() const;
    void showError(const QString &action, const core::Error &error);

    service::StreamBackend &m_backend;
    service::AlarmMonitor *m_monitor = nullptr;
    std::vector<alarms::StoredAlarm> m_remote; ///< CloudWatch's, on a remote endpoint
    QString m_remoteStream;                    ///< whose they are
    bool m_fetching = false;
    QTimer *m_poll;
    std::function<bool(AlarmDialog &)> m_runDialog;
    QString m_stream;
    int m_retentionHours = 24;
    QStringList m_shardIds;
    int m_firing = 0;
    QLabel *m_intro;
    QPushButton *m_recommended;
    QPushButton *m_new;
    QPushButton *m_delete;
    QLabel *m_error;
    QTableWidget *m_table;
    QLabel *m_reason;
    ThroughputChartView *m_chart;
    QTableWidget *m_history;
};

} // namespace shs::ui
