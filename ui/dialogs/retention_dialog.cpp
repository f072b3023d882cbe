// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "retention_dialog.h"
#include "theme.h"

#include "error_text.h"
#include "service/aws_cli.h"

#include <QClipboard>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGuiApplication>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace shs::ui {

using namespace shs::core;

RetentionDialog::RetentionDialog(service::StreamBackend &backend, const StreamInfo &stream,
                                 QWidget *parent)
    : QDialog(parent), m_backend(backend), m_stream(stream), m_hours(new QSpinBox(this)),
      m_effect(new QLabel(this)), m_apply(new QPushButton(tr("Apply"), this)),
      m_error(new QLabel(this))
{
    const QString name = QString::fromStdString(stream.name);
    setWindowTitle(tr("Retention of %1").arg(name));
    auto *layout = new QVBoxLayout(this);
    auto *form = new QFormLayout;
    // Kinesis accepts 24 … 8760; the spin box lets a learner type a value it refuses, to see why.
    m_hours->setRange(1, 100'000);
    m_hours->setValue(stream.retentionHours);
    m_hours->setSuffix(tr(" hours"));
    form->addRow(tr("Keep records for"), m_hours);
    layout->addLayout(form);
    m_effect->setWordWrap(true);
    layout->addWidget(m_effect);
    m_error->setObjectName(QStringLiteral("retentionError"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(errorTextCss());
    m_error->hide();
    layout->addWidget(m_error);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    buttons->addButton(m_apply, QDialogButtonBox::AcceptRole);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_apply, &QPushButton::clicked, this, &RetentionDialog::apply);
    m_copyCli = buttons->addButton(tr("Copy as AWS CLI"), QDialogButtonBox::ActionRole);
    connect(m_copyCli, &QPushButton::clicked, this,
            [this] { QGuiApplication::clipboard()->setText(cliCommand()); });
    layout->addWidget(buttons);
    const auto describe = [this](int hours) {
        const int now = m_stream.retentionHours;
        if (hours == now)
            m_effect->setText(tr("Now %1 hours (%2 days). Kinesis keeps 24 to 8,760 hours (365 "
                                 "days); beyond 7 days "
                                 "it bills long-term retention.")
                                  .arg(now)
                                  .arg(now / 24.0, 0, 'f', 1));
        else if (hours > now)
            m_effect->setText(tr("IncreaseStreamRetentionPeriod: records stay readable for %1 days "
                                 "instead of %2.")
                                  .arg(hours / 24.0, 0, 'f', 1)
                                  .arg(now / 24.0, 0, 'f', 1));
        else
            m_effect->setText(tr("DecreaseStreamRetentionPeriod: records older than %1 hours "
                                 "become unreadable and "
                                 "are deleted; TRIM_HORIZON moves forward.")
                                  .arg(hours));
        m_apply->setEnabled(hours != now);
        m_copyCli->setEnabled(hours != now);
    };
    connect(m_hours, &QSpinBox::valueChanged, this, describe);
    describe(stream.retentionHours);
    setMinimumWidth(460);
}

QString RetentionDialog::cliCommand() const
{
    const int hours = m_hours->value();
    return awscli::updateRetention(QString::fromStdString(m_stream.name), hours,
                                   hours > m_stream.retentionHours);
}

void RetentionDialog::apply()
{
    const int hours = m_hours->value();
    const bool increase = hours > m_stream.retentionHours;
    RetentionRequest req;
    req.stream.name = m_stream.name;
    req.retentionPeriodHours = hours;
    m_apply->setEnabled(false);
    m_backend.submit(
        increase ? ops::IncreaseStreamRetentionPeriod : ops::DecreaseStreamRetentionPeriod,
        std::move(req), this, [this, hours, increase](Result<void> r) {
            m_apply->setEnabled(true);
            const QString name = QString::fromStdString(m_stream.name);
            if (!r) {
                m_error->setText(explainError(
                    tr("set the retention of '%1' to %2 hours").arg(name).arg(hours), r.error()));
                m_error->show();
                return;
            }
            Q_EMIT changed(tr("%1 the retention of '%2' to %3 hours.")
                               .arg(increase ? tr("Increased") : tr("Decreased"), name)
                               .arg(hours));
            accept();
        });
}

} // namespace shs::ui
