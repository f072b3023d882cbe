// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "connection_dialog.h"

#include "theme.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>

namespace shs::ui {

using service::ConnectionRequest;

ConnectionDialog::ConnectionDialog(service::ConnectionControl &control, const QString &current,
                                   QWidget *parent)
    : QDialog(parent), m_control(control)
{
    setWindowTitle(tr("Connect"));
    setObjectName(QStringLiteral("connectionDialog"));
    auto *layout = new QVBoxLayout(this);
    layout->setSizeConstraint(
        QLayout::SetMinimumSize); // grows with a long error instead of clipping
    auto *now = new QLabel(tr("Connected to: %1").arg(current.toHtmlEscaped()), this);
    now->setObjectName(QStringLiteral("currentConnection"));
    now->setWordWrap(true);
    now->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(now);

    m_embedded = new QRadioButton(tr("Embedded engine — streams on this computer, with engine "
                                     "time, limits profiles and cost"),
                                  this);
    m_remote = new QRadioButton(
        tr("Kinesis endpoint — AWS, LocalStack, kinesalite, or another Shardscope's endpoint"),
        this);
    m_embedded->setChecked(true);
    layout->addWidget(m_embedded);
    layout->addWidget(m_remote);

    m_remoteBox = new QWidget(this);
    auto *form = new QFormLayout(m_remoteBox);
    form->setContentsMargins(24, 0, 0, 0);
    auto *savedRow = new QHBoxLayout;
    m_saved = new QComboBox(m_remoteBox);
    m_saved->setObjectName(QStringLiteral("savedConnections"));
    m_forget = new QPushButton(tr("Forget"), m_remoteBox);
    savedRow->addWidget(m_saved, 1);
    savedRow->addWidget(m_forget);
    form->addRow(tr("Saved"), savedRow);
    m_endpoint = new QLineEdit(m_remoteBox);
    m_endpoint->setObjectName(QStringLiteral("endpointUrl"));
    m_endpoint->setPlaceholderText(tr(
        "empty: AWS in the region · http://localhost:4566 (LocalStack) · http://127.0.0.1:4567"));
    form->addRow(tr("Endpoint URL"), m_endpoint);
    m_region = new QComboBox(m_remoteBox);
    m_region->setObjectName(QStringLiteral("region"));
    m_region->setEditable(true);
    m_region->addItem(QString());
    for (const char *r :
         {"us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1", "eu-west-1",
          "eu-west-2", "eu-west-3", "eu-central-1", "eu-north-1", "ap-south-1", "ap-northeast-1",
          "ap-northeast-2", "ap-southeast-1", "ap-southeast-2", "sa-east-1"})
        m_region->addItem(QString::fromLatin1(r));
    m_region->lineEdit()->setPlaceholderText(tr("empty: AWS_REGION, or the profile's region"));
    form->addRow(tr("Region"), m_region);
    m_profile = new QComboBox(m_remoteBox);
    m_profile->setObjectName(QStringLiteral("profile"));
    m_profile->setEditable(true);
    m_profile->addItem(QString());
    m_profile->addItems(control.awsProfiles());
    m_profile->lineEdit()->setPlaceholderText(tr("empty: AWS_PROFILE, or default"));
    form->addRow(tr("Profile"), m_profile);
    m_accessKey = new QLineEdit(m_remoteBox);
    m_accessKey->setObjectName(QStringLiteral("accessKeyId"));
    m_accessKey->setPlaceholderText(tr("optional: instead of the profile's keys"));
    form->addRow(tr("Access key ID"), m_accessKey);
    m_secret = new QLineEdit(m_remoteBox);
    m_secret->setObjectName(QStringLiteral("secretAccessKey"));
    m_secret->setEchoMode(QLineEdit::Password);
    form->addRow(tr("Secret access key"), m_secret);
    m_token = new QLineEdit(m_remoteBox);
    m_token->setObjectName(QStringLiteral("sessionToken"));
    m_token->setEchoMode(QLineEdit::Password);
    m_token->setPlaceholderText(tr("only for temporary credentials"));
    form->addRow(tr("Session token"), m_token);
    m_saveAs = new QLineEdit(m_remoteBox);
    m_saveAs->setObjectName(QStringLiteral("saveAs"));
    m_saveAs->setPlaceholderText(tr("optional: a name to find this connection again"));
    form->addRow(tr("Save as"), m_saveAs);
    m_rememberKeys = new QCheckBox(tr("Remember the keys in the system keychain"), m_remoteBox);
    m_rememberKeys->setObjectName(QStringLiteral("rememberKeys"));
    m_rememberKeys->setVisible(control.keychainAvailable());
    form->addRow(QString(), m_rememberKeys);
    m_secretsNote = new QLabel(
        control.keychainAvailable()
            ? tr("Keys typed here are never written to disk, settings or logs: they stay in memory "
                 "for this session, or go to the system keychain if you tick the box and save the "
                 "connection. Saved connections keep the endpoint, region and profile name.")
            : tr("Keys typed here stay in memory for this session only: they are never written to "
                 "disk, settings or logs (this build has no keychain support). Saved connections "
                 "keep the endpoint, region and profile name."),
        this);
    m_secretsNote->setObjectName(QStringLiteral("secretsNote"));
    m_secretsNote->setWordWrap(true);
    m_secretsNote->setContentsMargins(24, 0, 0, 0);
    layout->addWidget(m_remoteBox);
    layout->addWidget(m_secretsNote);

    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("connectionError"));
    m_error->setWordWrap(true);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->setStyleSheet(errorTextCss());
    m_error->hide();
    layout->addWidget(m_error);

    auto *buttons = new QDialogButtonBox(this);
    m_connect = buttons->addButton(tr("Connect"), QDialogButtonBox::AcceptRole);
    m_connect->setObjectName(QStringLiteral("connectButton"));
    m_connect->setDefault(true);
    buttons->addButton(QDialogButtonBox::Cancel);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_connect, &QPushButton::clicked, this, &ConnectionDialog::connectNow);
    connect(m_embedded, &QRadioButton::toggled, this, &ConnectionDialog::updateEnabled);

    m_savedConnections = control.savedConnections();
    m_saved->addItem(tr("(new connection)"));
    for (const auto &c : m_savedConnections)
        m_saved->addItem(c.name);
    connect(m_saved, &QComboBox::activated, this, &ConnectionDialog::loadSaved);
    connect(m_forget, &QPushButton::clicked, this, [this] {
        const int i = m_saved->currentIndex();
        if (i <= 0)
            return;
        m_control.forgetConnection(m_savedConnections[std::size_t(i - 1)].name);
        m_savedConnections.erase(m_savedConnections.begin() + (i - 1));
        m_saved->removeItem(i);
        m_saved->setCurrentIndex(0);
        updateEnabled();
    });
    updateEnabled();
    setMinimumWidth(620);
}

void ConnectionDialog::updateEnabled()
{
    m_remoteBox->setEnabled(m_remote->isChecked());
    m_forget->setEnabled(m_saved->currentIndex() > 0);
}

void ConnectionDialog::loadSaved(int index)
{
    if (index > 0) {
        const auto &c = m_savedConnections[std::size_t(index - 1)];
        m_endpoint->setText(c.endpointUrl);
        m_region->setCurrentText(c.region);
        m_profile->setCurrentText(c.profile);
        m_saveAs->setText(c.name);
        m_accessKey->clear();
        m_secret->clear();
        m_token->clear();
        m_accessKey->setPlaceholderText(c.keysInKeychain
                                            ? tr("from the system keychain (type to replace)")
                                            : tr("optional: instead of the profile's keys"));
        m_rememberKeys->setChecked(c.keysInKeychain);
    }
    updateEnabled();
}

ConnectionRequest ConnectionDialog::request() const
{
    ConnectionRequest r;
    r.embedded = m_embedded->isChecked();
    r.endpointUrl = m_endpoint->text().trimmed();
    r.region = m_region->currentText().trimmed();
    r.profile = m_profile->currentText().trimmed();
    r.accessKeyId = m_accessKey->text().trimmed();
    r.secretAccessKey = m_secret->text().trimmed();
    r.sessionToken = m_token->text().trimmed();
    r.saveAs = m_saveAs->text().trimmed();
    r.rememberKeys
        = m_rememberKeys->isVisible() && m_rememberKeys->isChecked() && !r.accessKeyId.isEmpty();
    if (m_saved->currentIndex() > 0)
        r.savedName = m_savedConnections[std::size_t(m_saved->currentIndex() - 1)].name;
    return r;
}

void ConnectionDialog::connectNow()
{
    const ConnectionRequest r = request();
    const auto fail = [this](const QString &why) {
        m_error->setText(why);
        m_error->show();
        m_connect->setEnabled(true);
        m_connect->setText(tr("Connect"));
    };
    if (!r.embedded) {
        if (!r.accessKeyId.isEmpty() && r.secretAccessKey.isEmpty())
            return fail(tr("Cannot connect: an access key ID needs its secret access key. Type the "
                           "secret, or clear the "
                           "key ID to use the profile's keys."));
        if (!r.endpointUrl.isEmpty() && !r.endpointUrl.startsWith(QStringLiteral("http://"))
            && !r.endpointUrl.startsWith(QStringLiteral("https://")))
            return fail(
                tr("Cannot connect to '%1': the endpoint URL starts with http:// or https://, e.g. "
                   "http://127.0.0.1:4567.")
                    .arg(r.endpointUrl));
        if (m_rememberKeys->isChecked() && !r.accessKeyId.isEmpty() && r.saveAs.isEmpty())
            return fail(tr(
                "Cannot remember the keys: give the connection a name under \"Save as\", or untick "
                "\"Remember\" to keep them in memory for this session."));
    }
    m_error->hide();
    m_connect->setEnabled(false);
    m_connect->setText(tr("Connecting…"));
    m_control.connectTo(r, this, [this, fail](const QString &error) {
        if (error.isEmpty())
            accept();
        else
            fail(error);
    });
}

} // namespace shs::ui
