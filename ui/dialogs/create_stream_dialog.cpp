// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "create_stream_dialog.h"
#include "theme.h"

#include "error_text.h"
#include "service/aws_cli.h"

#include <QClipboard>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGuiApplication>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace shs::ui {

CreateStreamDialog::CreateStreamDialog(service::StreamBackend &backend, QWidget *parent)
    : QDialog(parent), m_backend(backend)
{
    setWindowTitle(tr("New stream"));
    m_name = new QLineEdit(this);
    m_name->setPlaceholderText(tr("e.g. clickstream"));
    m_name->setMaxLength(128);
    m_provisioned = new QRadioButton(tr("Provisioned — you choose the shard count"), this);
    m_onDemand = new QRadioButton(tr("On-demand — Kinesis manages shards (starts with 4)"), this);
    m_provisioned->setChecked(true);
    m_shards = new QSpinBox(this);
    m_shards->setRange(1, 10000);
    m_shards->setValue(4);
    m_hint = new QLabel(this);
    m_hint->setWordWrap(true);
    m_hint->setForegroundRole(QPalette::PlaceholderText);
    m_error = new QLabel(this);
    m_error->setWordWrap(true);
    m_error->setObjectName(QStringLiteral("inlineError"));
    m_error->setStyleSheet(errorTextCss());
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->hide();

    auto *form = new QFormLayout;
    form->addRow(tr("Stream name"), m_name);
    auto *modeBox = new QWidget(this);
    auto *modes = new QVBoxLayout(modeBox);
    modes->setContentsMargins(0, 0, 0, 0);
    m_provisioned->setParent(modeBox);
    m_onDemand->setParent(modeBox);
    modes->addWidget(m_provisioned);
    modes->addWidget(m_onDemand);
    form->addRow(tr("Capacity mode"), modeBox);
    form->addRow(tr("Shards"), m_shards);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_create = buttons->addButton(tr("Create stream"), QDialogButtonBox::AcceptRole);
    m_create->setDefault(true);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_create, &QPushButton::clicked, this, &CreateStreamDialog::submit);
    m_copyCli = buttons->addButton(tr("Copy as AWS CLI"), QDialogButtonBox::ActionRole);
    m_copyCli->setObjectName(QStringLiteral("createCopyCli"));
    connect(m_copyCli, &QPushButton::clicked, this,
            [this] { QGuiApplication::clipboard()->setText(cliCommand()); });

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_hint);
    layout->addWidget(m_error);
    layout->addWidget(buttons);

    connect(m_name, &QLineEdit::textChanged, this, &CreateStreamDialog::updateState);
    connect(m_onDemand, &QRadioButton::toggled, this, &CreateStreamDialog::updateState);
    connect(m_shards, &QSpinBox::valueChanged, this, &CreateStreamDialog::updateState);
    setMinimumWidth(520);
    updateState();
    adjustSize();
}

void CreateStreamDialog::updateState()
{
    const bool onDemand = m_onDemand->isChecked();
    m_shards->setEnabled(!onDemand);
    const int shards = onDemand ? 4 : m_shards->value();
    m_hint->setText(onDemand
                        ? tr("Starts with 4 shards: 4 MiB/s or 4,000 records/s in, 8 MiB/s out.")
                        : tr("%1 shards: %2 MiB/s or %3 records/s in, %4 MiB/s out. Each shard "
                             "owns 1/%1 of the "
                             "hash-key space.")
                              .arg(shards)
                              .arg(shards)
                              .arg(QLocale().toString(shards * 1000))
                              .arg(shards * 2));
    m_create->setEnabled(!m_name->text().trimmed().isEmpty());
    m_copyCli->setEnabled(m_create->isEnabled());
}

core::CreateStreamRequest CreateStreamDialog::request() const
{
    core::CreateStreamRequest req;
    req.streamName = m_name->text().trimmed().toStdString();
    if (m_onDemand->isChecked())
        req.mode = core::StreamMode::OnDemand;
    else
        req.shardCount = m_shards->value();
    return req;
}

QString CreateStreamDialog::cliCommand() const
{
    return awscli::createStream(request());
}

void CreateStreamDialog::submit()
{
    core::CreateStreamRequest req = request();
    const QString name = m_name->text().trimmed();
    m_create->setEnabled(false);
    m_error->hide();
    m_backend.submit(
        core::ops::CreateStream, std::move(req), this, [this, name](core::Result<void> r) {
            m_create->setEnabled(true);
            if (r) {
                Q_EMIT streamCreated(name);
                accept();
                return;
            }
            m_error->setText(explainError(tr("create stream '%1'").arg(name), r.error()));
            m_error->show();
            adjustSize(); // grow to fit the reason (word-wrapped labels need heightForWidth)
            m_name->setFocus();
        });
}

} // namespace shs::ui
