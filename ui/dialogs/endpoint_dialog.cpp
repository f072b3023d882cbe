// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "endpoint_dialog.h"

#include "faults_panel.h"
#include "theme.h"
#include "widgets/table_cells.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QDateTime>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>

namespace shs::ui {

EndpointDialog::EndpointDialog(service::EndpointControl &control, QWidget *parent)
    : QDialog(parent), m_control(control), m_address(new QLineEdit(this)),
      m_port(new QSpinBox(this)), m_remote(new QCheckBox(tr("Let other machines connect"), this)),
      m_warning(new QLabel(this)), m_start(new QPushButton(this)), m_status(new QLabel(this)),
      m_error(new QLabel(this)), m_examples(new QPlainTextEdit(this)),
      m_copy(new QPushButton(tr("Copy"), this)), m_clients(new QTableWidget(0, 5, this)),
      m_faults(new FaultsPanel(control.faults(), this)), m_timer(new QTimer(this))
{
    setWindowTitle(tr("Local Kinesis endpoint"));
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(
        tr("Serve the Kinesis API from this workbench's engine, so the AWS CLI, the SDKs and your "
           "own programs can write and read its streams with only an endpoint URL changed. Their "
           "traffic shows in the window like any other."),
        this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    QSettings settings;
    m_address->setText(
        settings.value(QStringLiteral("endpoint/address"), QStringLiteral("127.0.0.1")).toString());
    m_port->setRange(0, 65535);
    m_port->setValue(settings.value(QStringLiteral("endpoint/port"), 4567).toInt());
    m_port->setToolTip(tr("0 picks any free port"));
    auto *form = new QFormLayout;
    form->addRow(tr("Address"), m_address);
    form->addRow(tr("Port"), m_port);
    form->addRow(QString(), m_remote);
    layout->addLayout(form);
    m_warning->setWordWrap(true);
    m_warning->setText(tr(
        "Listening on every interface (0.0.0.0): any machine that can reach this one can read and "
        "write every stream — signatures are not checked."));
    m_warning->hide();
    layout->addWidget(m_warning);
    connect(m_remote, &QCheckBox::toggled, this, [this](bool on) {
        m_warning->setVisible(on);
        m_warning->setStyleSheet(errorTextCss());
        if (on && m_address->text() == QStringLiteral("127.0.0.1"))
            m_address->setText(QStringLiteral("0.0.0.0"));
        if (!on && m_address->text() == QStringLiteral("0.0.0.0"))
            m_address->setText(QStringLiteral("127.0.0.1"));
    });
    auto *row = new QHBoxLayout;
    row->addWidget(m_start);
    row->addWidget(m_status, 1);
    layout->addLayout(row);
    m_status->setObjectName(QStringLiteral("endpointStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->setObjectName(QStringLiteral("endpointError"));
    m_error->setWordWrap(true);
    m_error->hide();
    layout->addWidget(m_error);
    layout->addWidget(new QLabel(tr("Try it:"), this));
    m_examples->setReadOnly(true);
    m_examples->setMaximumHeight(110);
    m_examples->setFont(QFont(QStringLiteral("monospace")));
    layout->addWidget(m_examples);
    auto *copyRow = new QHBoxLayout;
    copyRow->addStretch(1);
    copyRow->addWidget(m_copy);
    layout->addLayout(copyRow);
    connect(m_copy, &QPushButton::clicked, this,
            [this] { QApplication::clipboard()->setText(examples()); });
    auto *tabs = new QTabWidget(this);
    tabs->setObjectName(QStringLiteral("endpointTabs"));
    m_clients->setObjectName(QStringLiteral("endpointClients"));
    m_clients->setHorizontalHeaderLabels(
        {tr("Address"), tr("User agent"), tr("Requests"), tr("Requests/s"), tr("Errors")});
    m_clients->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
    m_clients->verticalHeader()->hide();
    m_clients->setEditTriggers(QAbstractItemView::NoEditTriggers);
    tabs->addTab(m_clients, tr("Clients seen"));
    tabs->addTab(m_faults, tr("Faults"));
    layout->addWidget(tabs, 1);
    connect(m_start, &QPushButton::clicked, this, &EndpointDialog::startOrStop);
    connect(m_timer, &QTimer::timeout, this, &EndpointDialog::refresh);
    m_timer->start(1000);
    setMinimumSize(760, 760);
    refresh();
}

void EndpointDialog::setExampleStream(const QString &stream)
{
    m_stream = stream;
    refresh();
}

QString EndpointDialog::examples() const
{
    const service::EndpointStatus s = m_control.status();
    const QString url
        = s.running ? s.url : QStringLiteral("http://127.0.0.1:%1").arg(m_port->value());
    const QString stream = m_stream.isEmpty() ? QStringLiteral("demo") : m_stream;
    QStringList lines{
        QStringLiteral(
            "export AWS_ACCESS_KEY_ID=any AWS_SECRET_ACCESS_KEY=any AWS_DEFAULT_REGION=us-east-1"),
        QStringLiteral("aws kinesis list-streams --endpoint-url %1").arg(url)};
    if (m_stream.isEmpty())
        lines << QStringLiteral(
                     "aws kinesis create-stream --stream-name %1 --shard-count 2 --endpoint-url %2")
                     .arg(stream, url);
    lines << QStringLiteral(
                 "aws kinesis put-record --stream-name %1 --partition-key user-1 --data hello "
                 "--cli-binary-format raw-in-base64-out --endpoint-url %2")
                 .arg(stream, url);
    return lines.join(QLatin1Char('\n'));
}

void EndpointDialog::startOrStop()
{
    m_error->hide();
    if (m_control.status().running) {
        m_control.stop();
        Q_EMIT stateChanged({});
        refresh();
        return;
    }
    const QString address = m_address->text().trimmed();
    if (auto started = m_control.start(address, m_port->value()); !started) {
        m_error->setStyleSheet(errorTextCss());
        m_error->setText(tr("Cannot start the endpoint on %1:%2: %3. Pick another port (0 picks a "
                            "free one), or stop the "
                            "program that uses it.")
                             .arg(address)
                             .arg(m_port->value())
                             .arg(QString::fromStdString(started.error().message)));
        m_error->show();
        refresh();
        return;
    }
    QSettings settings;
    settings.setValue(QStringLiteral("endpoint/address"), address);
    settings.setValue(QStringLiteral("endpoint/port"), m_port->value());
    Q_EMIT stateChanged(m_control.status().url);
    refresh();
}

void EndpointDialog::refresh()
{
    const service::EndpointStatus s = m_control.status();
    m_start->setText(s.running ? tr("Stop") : tr("Start"));
    m_address->setEnabled(!s.running);
    m_port->setEnabled(!s.running);
    m_remote->setEnabled(!s.running);
    m_status->setText(s.running ? tr("Serving the Kinesis API at <b>%1</b> — %2 open connections, "
                                     "%3 requests, %4 errors.")
                                      .arg(s.url.toHtmlEscaped())
                                      .arg(s.connections)
                                      .arg(s.requests)
                                      .arg(s.errors)
                                : tr("Stopped. Start it to let the AWS CLI and SDKs in."));
    m_examples->setPlainText(examples());
    m_faults->refresh();
    m_clients->setRowCount(int(s.clients.size()));
    for (int r = 0; r < int(s.clients.size()); ++r) {
        const auto &c = s.clients[std::size_t(r)];
        QStringList errors;
        for (const auto &[type, n] : c.errors)
            errors << QStringLiteral("%1 %2").arg(QString::fromStdString(type)).arg(n);
        const QStringList cells{
            QString::fromStdString(c.address), QString::fromStdString(c.userAgent),
            QString::number(c.requests), QString::number(c.requestsPerSecond, 'f', 1),
            errors.isEmpty() ? QStringLiteral("—") : errors.join(QStringLiteral(", "))};
        setRowTexts(m_clients, r, cells);
    }
}

} // namespace shs::ui
