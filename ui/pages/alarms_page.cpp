// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "alarms_page.h"

#include "charts/throughput_chart_view.h"
#include "dialogs/alarm_dialog.h"
#include "error_text.h"
#include "theme.h"

#include <QDateTime>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QRegularExpression>
#include <QSplitter>
#include <QTableWidget>
#include <QTimeZone>
#include <QTimer>
#include <QVBoxLayout>

#include <cmath>

namespace shs::ui {

namespace {
enum Column { NameCol, StateCol, MetricCol, ConditionCol, MissingCol, SinceCol, ColumnCount };

QString stateText(alarms::State s)
{
    return QString::fromLatin1(alarms::toString(s));
}

QString clock(std::int64_t ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, QTimeZone::utc())
        .toString(QStringLiteral("HH:mm:ss"));
}

/// "Maximum >= 43,200,000 for 15 of 15 × 1 min"
QString condition(const alarms::AlarmDefinition &a)
{
    const QLocale locale;
    return QStringLiteral("%1 %2 %3 · %4 of %5 × %6 min")
        .arg(QString::fromLatin1(alarms::toString(a.statistic)),
             QString::fromLatin1(alarms::symbol(a.comparison)),
             std::fabs(a.threshold) >= 1000
                 ? locale.toString(a.threshold, 'f', 0)
                 : QString::fromStdString(alarms::formatValue(a.threshold)))
        .arg(a.datapointsToAlarm)
        .arg(a.evaluationPeriods)
        .arg(a.periodSeconds / 60);
}
} // namespace

AlarmsPage::AlarmsPage(service::StreamBackend &backend, QWidget *parent)
    : QWidget(parent), m_backend(backend), m_poll(new QTimer(this)), m_intro(new QLabel(this)),
      m_recommended(new QPushButton(tr("Add AWS's recommended alarms"), this)),
      m_new(new QPushButton(tr("New alarm…"), this)),
      m_delete(new QPushButton(tr("Delete alarm"), this)), m_error(new QLabel(this)),
      m_table(new QTableWidget(this)), m_reason(new QLabel(this)),
      m_chart(new ThroughputChartView(this)), m_history(new QTableWidget(this))
{
    m_runDialog = [](AlarmDialog &d) { return d.exec() == QDialog::Accepted; };
    auto *layout = new QVBoxLayout(this);
    m_intro->setWordWrap(true);
    layout->addWidget(m_intro);
    auto *buttons = new QHBoxLayout;
    m_recommended->setObjectName(QStringLiteral("alarmsRecommended"));
    m_recommended->setToolTip(
        tr("AWS's recommended alarms for Kinesis Data Streams: iterator age, read and write "
           "throughput exceeded, GetRecords success and PutRecords success"));
    buttons->addWidget(m_recommended);
    buttons->addWidget(m_new);
    buttons->addWidget(m_delete);
    buttons->addStretch();
    layout->addLayout(buttons);
    m_error->setObjectName(QStringLiteral("alarmsError"));
    m_error->setWordWrap(true);
    m_error->hide();
    layout->addWidget(m_error);
    m_table->setObjectName(QStringLiteral("alarmsTable"));
    m_table->setColumnCount(ColumnCount);
    m_table->setHorizontalHeaderLabels(
        {tr("Alarm"), tr("State"), tr("Metric"), tr("Condition"), tr("Missing data"), tr("Since")});
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true);
    // Room for five alarms (AWS's recommended ones) before the table scrolls.
    m_table->setMinimumHeight(m_table->horizontalHeader()->sizeHint().height()
                              + 5 * m_table->verticalHeader()->defaultSectionSize() + 4);
    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_table);
    auto *detail = new QWidget(split);
    auto *detailLayout = new QVBoxLayout(detail);
    detailLayout->setContentsMargins(0, 0, 0, 0);
    m_reason->setObjectName(QStringLiteral("alarmReason"));
    m_reason->setWordWrap(true);
    m_reason->setTextInteractionFlags(Qt::TextSelectableByMouse);
    detailLayout->addWidget(m_reason);
    m_chart->setMinimumHeight(150);
    m_chart->setAxisTitles(tr("periods before now"), tr("value"), QString());
    m_chart->setSeriesSpec({{tr("datapoints"), QColor(0x1f, 0x77, 0xb4), Qt::SolidLine, 2.0,
                             ChartSeriesSpec::Axis::Left, true, true},
                            {tr("threshold"), QColor(0xd1, 0x24, 0x2f), Qt::DashLine}});
    detailLayout->addWidget(m_chart, 2);
    m_history->setObjectName(QStringLiteral("alarmHistory"));
    m_history->setColumnCount(3);
    m_history->setHorizontalHeaderLabels({tr("Time (UTC)"), tr("Change"), tr("Reason")});
    m_history->verticalHeader()->hide();
    m_history->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_history->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_history->horizontalHeader()->setStretchLastSection(true);
    m_history->setWordWrap(false);
    m_history->setTextElideMode(Qt::ElideRight);
    detailLayout->addWidget(m_history, 1);
    split->addWidget(detail);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 2);
    layout->addWidget(split, 1);

    connect(m_table, &QTableWidget::itemSelectionChanged, this, &AlarmsPage::showSelected);
    connect(m_recommended, &QPushButton::clicked, this, [this] {
        if (!m_monitor || m_stream.isEmpty())
            return;
        if (auto r = m_monitor->putRecommended(m_stream.toStdString(), m_retentionHours); !r)
            showError(tr("add the recommended alarms to %1").arg(m_stream), r.error());
    });
    connect(m_new, &QPushButton::clicked, this, [this] {
        if (!m_monitor || m_stream.isEmpty())
            return;
        AlarmDialog dialog(m_stream, m_shardIds, this);
        if (!m_runDialog(dialog))
            return;
        const auto alarm = dialog.alarm();
        if (auto r = m_monitor->put(alarm); !r)
            showError(tr("create alarm %1").arg(QString::fromStdString(alarm.name)), r.error());
        else
            m_error->hide();
    });
    connect(m_delete, &QPushButton::clicked, this, [this] {
        const QString name = selectedName();
        if (!m_monitor || name.isEmpty())
            return;
        if (auto r = m_monitor->remove(name.toStdString()); !r)
            showError(tr("delete alarm %1").arg(name), r.error());
    });
    // CloudWatch's alarms on a remote endpoint: once a minute while shown (its period).
    m_poll->setInterval(60'000);
    connect(m_poll, &QTimer::timeout, this, [this] {
        if (isCurrentPage(this))
            fetchCloudWatch();
    });
    setMonitor(nullptr);
}

void AlarmsPage::setIntro()
{
    if (m_monitor)
        m_intro->setText(
            tr("Alarms on the engine's metrics, evaluated each minute of engine time as CloudWatch "
               "evaluates them; a minute without traffic has no datapoint."));
    else if (!m_backend.cloudWatchSource().isEmpty())
        m_intro->setText(tr("CloudWatch's alarms on this stream (%1), read-only: define and "
                            "change them in CloudWatch. Their history is in CloudWatch too: `aws "
                            "cloudwatch describe-alarm-history --alarm-name NAME`.")
                             .arg(m_backend.cloudWatchSource()));
    else
        m_intro->setText(tr("Alarms watch the embedded engine's metrics. This endpoint has no "
                            "CloudWatch to read alarms from: name one in the connection's "
                            "CloudWatch endpoint (AWS_ENDPOINT_URL_CLOUDWATCH)."));
}

void AlarmsPage::fetchCloudWatch()
{
    if (m_monitor || m_stream.isEmpty() || m_fetching || m_backend.cloudWatchSource().isEmpty())
        return;
    m_fetching = true;
    const QString stream = m_stream;
    m_backend.cloudWatchAlarms({stream.toStdString(), {}}, this,
                               [this, stream](core::Result<std::vector<alarms::StoredAlarm>> r) {
                                   m_fetching = false;
                                   if (stream != m_stream)
                                       return;
                                   if (!r) {
                                       showError(tr("read CloudWatch's alarms on %1").arg(stream),
                                                 r.error());
                                       return;
                                   }
                                   m_error->hide();
                                   m_remote = std::move(*r);
                                   m_remoteStream = stream;
                                   refresh();
                               });
}

QString AlarmsPage::title() const
{
    // Short, so eight tabs still fit a 1,100-pixel window; the tooltip and the bell say more.
    return m_firing > 0 ? tr("Alarms (%1)").arg(m_firing) : tr("Alarms");
}

void AlarmsPage::setMonitor(service::AlarmMonitor *monitor)
{
    m_monitor = monitor;
    if (monitor)
        connect(monitor, &service::AlarmMonitor::changed, this, &AlarmsPage::refresh);
    setIntro();
    if (!monitor && !m_backend.cloudWatchSource().isEmpty())
        m_poll->start();
    for (QWidget *w : {static_cast<QWidget *>(m_recommended), static_cast<QWidget *>(m_new),
                       static_cast<QWidget *>(m_delete)})
        w->setEnabled(monitor != nullptr);
    refresh();
}

void AlarmsPage::showStream(const core::StreamInfo *stream)
{
    const QString name = stream ? QString::fromStdString(stream->name) : QString();
    m_retentionHours = stream ? stream->retentionHours : 24;
    m_shardIds.clear();
    if (stream)
        for (const auto &s : stream->shards)
            if (s.open)
                m_shardIds << QString::fromStdString(s.shardId);
    if (name != m_stream) {
        m_stream = name;
        m_error->hide();
        m_remote.clear();
        refresh();
        if (isCurrentPage(this))
            fetchCloudWatch();
    }
}

QString AlarmsPage::selectedName() const
{
    const auto rows = m_table->selectionModel()->selectedRows();
    return rows.isEmpty() ? QString() : m_table->item(rows.first().row(), NameCol)->text();
}

void AlarmsPage::showError(const QString &action, const core::Error &error)
{
    m_error->setStyleSheet(errorTextCss());
    m_error->setText(explainError(action, error));
    m_error->show();
}

void AlarmsPage::refresh()
{
    const QString keep = selectedName();
    const auto list = m_monitor && !m_stream.isEmpty() ? m_monitor->alarmsOf(m_stream.toStdString())
                      : m_remoteStream == m_stream     ? m_remote
                                                       : std::vector<alarms::StoredAlarm>();
    const int firing = int(std::count_if(list.begin(), list.end(), [](const auto &a) {
        return a.status.state == alarms::State::Alarm;
    }));
    m_table->blockSignals(true);
    m_table->setRowCount(int(list.size()));
    int select = list.empty() ? -1 : 0;
    for (int row = 0; row < int(list.size()); ++row) {
        const auto &a = list[std::size_t(row)];
        const QString name = QString::fromStdString(a.definition.name);
        if (name == keep)
            select = row;
        auto set = [&](int col, const QString &text, const QString &tip = {}) {
            auto *item = new QTableWidgetItem(text);
            item->setToolTip(tip.isEmpty() ? text : tip);
            m_table->setItem(row, col, item);
            return item;
        };
        set(NameCol, name, QString::fromStdString(a.definition.description));
        auto *state
            = set(StateCol, stateText(a.status.state), QString::fromStdString(a.status.reason));
        if (a.status.state == alarms::State::Alarm) {
            state->setBackground(QColor(0xd1, 0x24, 0x2f));
            state->setForeground(Qt::white);
        } else if (a.status.state == alarms::State::Ok) {
            state->setForeground(QColor(0x1a, 0x7f, 0x37));
        }
        set(MetricCol, QString::fromStdString(a.definition.metricName)
                           + (a.definition.shardId ? QStringLiteral(" (%1)").arg(
                                  QString::fromStdString(*a.definition.shardId))
                                                   : QString()));
        set(ConditionCol, condition(a.definition));
        set(MissingCol, QString::fromLatin1(alarms::toString(a.definition.treatMissingData)));
        set(SinceCol, clock(a.status.updatedMs));
    }
    m_table->blockSignals(false);
    if (select >= 0)
        m_table->selectRow(select);
    m_delete->setEnabled(m_monitor && select >= 0);
    showSelected();
    if (firing != m_firing) {
        m_firing = firing;
        Q_EMIT titleChanged();
    }
}

void AlarmsPage::showSelected()
{
    const QString name = selectedName();
    m_delete->setEnabled(m_monitor && !name.isEmpty());
    m_history->setRowCount(0);
    if (name.isEmpty()) {
        m_reason->setText(m_monitor && !m_stream.isEmpty()
                              ? tr("No alarms on %1 yet: add AWS's recommended ones, or a new "
                                   "one.")
                                    .arg(m_stream)
                              : QString());
        m_chart->setValues(0, {});
        m_chart->setValues(1, {});
        return;
    }
    const auto list = m_monitor ? m_monitor->alarmsOf(m_stream.toStdString()) : m_remote;
    const auto it = std::find_if(list.begin(), list.end(), [&](const auto &a) {
        return QString::fromStdString(a.definition.name) == name;
    });
    if (it == list.end())
        return;
    // The reason without its list of datapoints (the chart shows them; the tooltip has it all).
    const QString reason = QString::fromStdString(it->status.reason);
    QString brief = reason;
    brief.remove(QRegularExpression(QStringLiteral(" \\[[^\\]]*\\]")));
    m_reason->setText(tr("<b>%1</b> — %2 since %3 UTC. %4")
                          .arg(name.toHtmlEscaped(), stateText(it->status.state),
                               clock(it->status.updatedMs), brief.toHtmlEscaped()));
    m_reason->setToolTip(reason);
    const auto series
        = m_monitor ? m_monitor->series(it->definition.name) : std::vector<alarms::Datapoint>();
    QVector<double> values, threshold;
    for (const auto &d : series) {
        values << (d.value ? *d.value : std::nan(""));
        threshold << it->definition.threshold;
    }
    m_chart->setTitle(tr("%1 (%2, %3-minute periods)")
                          .arg(QString::fromStdString(it->definition.metricName),
                               QString::fromLatin1(alarms::toString(it->definition.statistic)))
                          .arg(it->definition.periodSeconds / 60));
    m_chart->setValues(0, values);
    m_chart->setValues(1, threshold);
    m_chart->rescale(std::max(std::fabs(it->definition.threshold) * 1.2, 0.01), 0);
    if (!m_monitor)
        return; // CloudWatch keeps a remote alarm's history
    if (auto history = m_monitor->history(it->definition.name, 50)) {
        m_history->setRowCount(int(history->size()));
        for (int row = 0; row < int(history->size()); ++row) {
            const auto &h = (*history)[std::size_t(row)];
            m_history->setItem(row, 0, new QTableWidgetItem(clock(h.timestampMs)));
            m_history->setItem(row, 1,
                               new QTableWidgetItem(stateText(h.oldState) + QStringLiteral(" → ")
                                                    + stateText(h.newState)));
            auto *why = new QTableWidgetItem(QString::fromStdString(h.reason));
            why->setToolTip(why->text());
            m_history->setItem(row, 2, why);
        }
    }
}

} // namespace shs::ui
