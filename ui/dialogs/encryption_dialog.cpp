// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "encryption_dialog.h"
#include "theme.h"

#include "error_text.h"
#include "service/aws_cli.h"

#include <QClipboard>
#include <QDateTime>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTimeZone>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace shs::ui {

using namespace shs::core;

namespace {
enum Column { NameColumn, StateColumn, ManagerColumn, KeyIdColumn, DescriptionColumn };
constexpr int KeyIdRole = Qt::UserRole + 1;    ///< what StartStreamEncryption is given
constexpr int KeyStateRole = Qt::UserRole + 2; ///< kms::KeyState, -1: not made yet
constexpr int ManagedRole = Qt::UserRole + 3;
constexpr const char *kManagedAlias = "alias/aws/kinesis";
} // namespace

EncryptionDialog::EncryptionDialog(service::StreamBackend &backend, const StreamInfo &stream,
                                   QWidget *parent)
    : QDialog(parent), m_backend(backend), m_stream(stream), m_state(new QLabel(this)),
      m_keys(new QTreeWidget(this)), m_newAlias(new QLineEdit(this)),
      m_create(new QPushButton(tr("Create key"), this)),
      m_toggle(new QPushButton(tr("Disable key"), this)), m_keyId(new QLineEdit(this)),
      m_start(new QPushButton(tr("Encrypt with this key"), this)),
      m_stop(new QPushButton(tr("Stop encryption"), this)), m_error(new QLabel(this))
{
    const QString name = QString::fromStdString(stream.name);
    setWindowTitle(tr("Encryption of %1").arg(name));
    auto *layout = new QVBoxLayout(this);
    m_state->setObjectName(QStringLiteral("encryptionState"));
    m_state->setWordWrap(true);
    m_state->setTextFormat(Qt::PlainText);
    const bool encrypted = stream.encryptionType == "KMS";
    if (stream.status == StreamStatus::Updating && !stream.pendingOperation.empty())
        m_state->setText(tr("Updating: %1. Records are written as before until the stream is "
                            "ACTIVE again.")
                             .arg(QString::fromStdString(stream.pendingOperation)));
    else if (encrypted)
        m_state->setText(tr("Encrypted at rest under %1. Each record written since is sealed "
                            "(AES-256-GCM) under a data key that this KMS key wraps, renewed "
                            "every five minutes; readers get it back as written while the key is "
                            "usable.")
                             .arg(QString::fromStdString(stream.keyId)));
    else
        m_state->setText(tr("Not encrypted: records are kept as they were written. Choose a KMS "
                            "key to encrypt the records written from now on."));
    layout->addWidget(m_state);

    const bool kms = m_backend.hasKms();
    m_keys->setObjectName(QStringLiteral("kmsKeys"));
    m_keys->setRootIsDecorated(false);
    m_keys->setHeaderLabels(
        {tr("Key (alias)"), tr("State"), tr("Managed by"), tr("Key id"), tr("Description")});
    m_keys->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_keys->setMinimumHeight(150);
    m_keys->setVisible(kms);
    layout->addWidget(m_keys);

    auto *keyRow = new QHBoxLayout;
    m_newAlias->setObjectName(QStringLiteral("newKeyAlias"));
    m_newAlias->setPlaceholderText(tr("alias/orders (optional)"));
    keyRow->addWidget(new QLabel(tr("New key, named"), this));
    keyRow->addWidget(m_newAlias, 1);
    keyRow->addWidget(m_create);
    keyRow->addWidget(m_toggle);
    if (kms)
        layout->addLayout(keyRow);
    else {
        m_newAlias->hide();
        m_create->hide();
        m_toggle->hide();
    }
    m_toggle->setEnabled(false);

    auto *form = new QFormLayout;
    m_keyId->setObjectName(QStringLiteral("encryptionKeyId"));
    m_keyId->setText(encrypted ? QString::fromStdString(stream.keyId)
                               : QString::fromLatin1(kManagedAlias));
    m_keyId->setToolTip(tr("A key id, key ARN, alias name (alias/…) or alias ARN"));
    form->addRow(tr("KeyId"), m_keyId);
    layout->addLayout(form);
    if (!kms) {
        auto *note = new QLabel(tr("This connection reaches Kinesis, not its KMS: name the key by "
                                   "its id, ARN or alias (alias/aws/kinesis is AWS's own key for "
                                   "Kinesis), or list your keys with aws kms list-aliases."),
                                this);
        note->setWordWrap(true);
        layout->addWidget(note);
    }

    m_error->setObjectName(QStringLiteral("encryptionError"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(errorTextCss());
    m_error->hide();
    layout->addWidget(m_error);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->addButton(m_start, QDialogButtonBox::ActionRole);
    buttons->addButton(m_stop, QDialogButtonBox::ActionRole);
    auto *copy = buttons->addButton(tr("Copy as AWS CLI"), QDialogButtonBox::ActionRole);
    connect(copy, &QPushButton::clicked, this, [this] {
        QGuiApplication::clipboard()->setText(cliCommand(m_stream.encryptionType != "KMS"));
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    const bool active = stream.status == StreamStatus::Active;
    m_start->setEnabled(active);
    m_stop->setEnabled(active && encrypted);
    if (encrypted)
        m_start->setText(tr("Encrypt with this key instead"));

    connect(m_keys, &QTreeWidget::itemSelectionChanged, this, &EncryptionDialog::selectionChanged);
    connect(m_create, &QPushButton::clicked, this, &EncryptionDialog::createKey);
    connect(m_toggle, &QPushButton::clicked, this, &EncryptionDialog::toggleKey);
    connect(m_start, &QPushButton::clicked, this, [this] { change(true); });
    connect(m_stop, &QPushButton::clicked, this, [this] { change(false); });
    setMinimumWidth(720);
    if (kms)
        refreshKeys();
}

StreamEncryptionRequest EncryptionDialog::request(bool start) const
{
    // Stopping names the key the stream is encrypted under (KeyId is required to stop too).
    StreamEncryptionRequest r;
    r.stream.name = m_stream.name;
    r.keyId = start || m_stream.keyId.empty() ? m_keyId->text().trimmed().toStdString()
                                              : m_stream.keyId;
    return r;
}

QString EncryptionDialog::cliCommand(bool start) const
{
    const StreamEncryptionRequest r = request(start);
    return start ? awscli::command(ops::StartStreamEncryption, r)
                 : awscli::command(ops::StopStreamEncryption, r);
}

void EncryptionDialog::fail(const QString &action, const Error &error)
{
    m_error->setText(explainError(action, error));
    m_error->show();
}

void EncryptionDialog::refreshKeys()
{
    m_backend.submitKms(kms::ops::ListKeys, kms::ListKeysRequest{1000, std::nullopt}, this,
                        [this](Result<kms::ListKeysResult> keys) {
                            if (!keys)
                                return fail(tr("list the KMS keys"), keys.error());
                            m_backend.submitKms(
                                kms::ops::ListAliases,
                                kms::ListAliasesRequest{std::nullopt, 1000, std::nullopt}, this,
                                [this, listed = std::move(keys->keys)](
                                    Result<kms::ListAliasesResult> aliases) mutable {
                                    if (!aliases)
                                        return fail(tr("list the KMS aliases"), aliases.error());
                                    describeKeys(std::move(listed), {},
                                                 std::move(aliases->aliases));
                                });
                        });
}

void EncryptionDialog::describeKeys(std::vector<kms::KeyListEntry> keys,
                                    std::vector<kms::KeyMetadata> described,
                                    std::vector<kms::AliasListEntry> aliases)
{
    if (described.size() == keys.size())
        return showKeys(described, aliases);
    const std::string next = keys[described.size()].keyId;
    m_backend.submitKms(kms::ops::DescribeKey, kms::KeyIdRequest{next}, this,
                        [this, keys = std::move(keys), described = std::move(described),
                         aliases = std::move(aliases)](Result<kms::KeyMetadataResult> d) mutable {
                            if (!d)
                                return fail(tr("describe a KMS key"), d.error());
                            described.push_back(std::move(d->keyMetadata));
                            describeKeys(std::move(keys), std::move(described), std::move(aliases));
                        });
}

void EncryptionDialog::showKeys(const std::vector<kms::KeyMetadata> &keys,
                                const std::vector<kms::AliasListEntry> &aliases)
{
    const QString selected = m_keyId->text().trimmed();
    m_keys->clear();
    bool managedMade = false;
    for (const auto &k : keys) {
        QStringList names;
        for (const auto &a : aliases)
            if (a.targetKeyId && *a.targetKeyId == k.keyId)
                names << QString::fromStdString(a.aliasName);
        const bool managed = k.keyManager == kms::KeyManager::Aws;
        managedMade = managedMade || managed;
        auto *item = new QTreeWidgetItem(m_keys);
        item->setText(NameColumn,
                      names.isEmpty() ? tr("(no alias)") : names.join(QStringLiteral(", ")));
        QString state = QString::fromLatin1(kms::toString(k.keyState));
        if (k.deletionDate)
            state += tr(" — deleted on %1")
                         .arg(QDateTime::fromMSecsSinceEpoch(*k.deletionDate, QTimeZone::utc())
                                  .toString(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'")));
        item->setText(StateColumn, state);
        item->setText(ManagerColumn, managed ? tr("AWS") : tr("You"));
        item->setText(KeyIdColumn, QString::fromStdString(k.keyId));
        item->setText(DescriptionColumn, QString::fromStdString(k.description));
        const QString keyId = names.isEmpty() ? QString::fromStdString(k.keyId) : names.first();
        item->setData(NameColumn, KeyIdRole, keyId);
        item->setData(NameColumn, KeyStateRole, int(k.keyState));
        item->setData(NameColumn, ManagedRole, managed);
        if (k.keyState != kms::KeyState::Enabled)
            item->setForeground(StateColumn, QColor(0xd1, 0x24, 0x2f));
        if (keyId == selected || QString::fromStdString(k.keyId) == selected)
            item->setSelected(true);
    }
    if (!managedMade) { // AWS lists its managed alias before the key exists; so does this list
        auto *item = new QTreeWidgetItem(m_keys);
        item->setText(NameColumn, QString::fromLatin1(kManagedAlias));
        item->setText(StateColumn, tr("made on first use"));
        item->setText(ManagerColumn, tr("AWS"));
        item->setText(DescriptionColumn, tr("AWS's key for Kinesis"));
        item->setData(NameColumn, KeyIdRole, QString::fromLatin1(kManagedAlias));
        item->setData(NameColumn, KeyStateRole, -1);
        item->setData(NameColumn, ManagedRole, true);
        if (selected == QLatin1String(kManagedAlias))
            item->setSelected(true);
    }
}

void EncryptionDialog::selectionChanged()
{
    const auto items = m_keys->selectedItems();
    if (items.isEmpty()) {
        m_toggle->setEnabled(false);
        return;
    }
    const QTreeWidgetItem *item = items.first();
    m_keyId->setText(item->data(NameColumn, KeyIdRole).toString());
    const int state = item->data(NameColumn, KeyStateRole).toInt();
    const bool managed = item->data(NameColumn, ManagedRole).toBool();
    m_toggle->setEnabled(
        !managed
        && (state == int(kms::KeyState::Enabled) || state == int(kms::KeyState::Disabled)));
    m_toggle->setText(state == int(kms::KeyState::Disabled) ? tr("Enable key") : tr("Disable key"));
    m_toggle->setToolTip(managed ? tr("AWS managed keys cannot be disabled")
                                 : tr("A disabled key refuses writers and readers of the streams "
                                      "it protects (KMSDisabledException)"));
}

void EncryptionDialog::createKey()
{
    QString alias = m_newAlias->text().trimmed();
    if (!alias.isEmpty() && !alias.startsWith(QLatin1String("alias/")))
        alias.prepend(QLatin1String("alias/"));
    m_error->hide();
    m_create->setEnabled(false);
    kms::CreateKeyRequest request;
    request.description = tr("Created for %1 in Shardscope")
                              .arg(QString::fromStdString(m_stream.name))
                              .toStdString();
    m_backend.submitKms(
        kms::ops::CreateKey, request, this, [this, alias](Result<kms::KeyMetadataResult> made) {
            if (!made) {
                m_create->setEnabled(true);
                return fail(tr("create a KMS key"), made.error());
            }
            const std::string keyId = made->keyMetadata.keyId;
            if (alias.isEmpty()) {
                m_create->setEnabled(true);
                m_keyId->setText(QString::fromStdString(keyId));
                Q_EMIT changed(tr("Created KMS key %1.").arg(QString::fromStdString(keyId)));
                return refreshKeys();
            }
            m_backend.submitKms(
                kms::ops::CreateAlias, kms::CreateAliasRequest{alias.toStdString(), keyId}, this,
                [this, alias, keyId](Result<void> named) {
                    m_create->setEnabled(true);
                    if (!named) {
                        m_keyId->setText(QString::fromStdString(keyId));
                        refreshKeys();
                        return fail(tr("name the new key %1").arg(alias), named.error());
                    }
                    m_newAlias->clear();
                    m_keyId->setText(alias);
                    Q_EMIT changed(
                        tr("Created KMS key %1 as %2.").arg(QString::fromStdString(keyId), alias));
                    refreshKeys();
                });
        });
}

void EncryptionDialog::toggleKey()
{
    const auto items = m_keys->selectedItems();
    if (items.isEmpty())
        return;
    const QString id = items.first()->text(KeyIdColumn);
    const QString shown = items.first()->text(NameColumn);
    const bool enable
        = items.first()->data(NameColumn, KeyStateRole).toInt() == int(kms::KeyState::Disabled);
    m_error->hide();
    m_backend.submitKms(enable ? kms::ops::EnableKey : kms::ops::DisableKey,
                        kms::KeyIdRequest{id.toStdString()}, this,
                        [this, enable, shown](Result<void> r) {
                            if (!r)
                                return fail(enable ? tr("enable key %1").arg(shown)
                                                   : tr("disable key %1").arg(shown),
                                            r.error());
                            Q_EMIT changed(enable ? tr("Enabled KMS key %1.").arg(shown)
                                                  : tr("Disabled KMS key %1: writers and readers "
                                                       "of streams under it are refused.")
                                                        .arg(shown));
                            refreshKeys();
                        });
}

void EncryptionDialog::change(bool start)
{
    StreamEncryptionRequest r = request(start);
    const QString name = QString::fromStdString(m_stream.name);
    const QString key = QString::fromStdString(r.keyId);
    if (r.keyId.empty()) {
        m_error->setText(tr("Cannot encrypt '%1': no key is named. Choose a key above or type "
                            "its id, ARN or alias (alias/aws/kinesis is always there).")
                             .arg(name));
        m_error->show();
        return;
    }
    m_error->hide();
    m_start->setEnabled(false);
    m_stop->setEnabled(false);
    auto done = [this, start, name, key](Result<void> res) {
        if (!res) {
            m_start->setEnabled(true);
            m_stop->setEnabled(m_stream.encryptionType == "KMS");
            return fail(start ? tr("encrypt '%1' under %2").arg(name, key)
                              : tr("stop encrypting '%1'").arg(name),
                        res.error());
        }
        Q_EMIT changed(start ? tr("Encrypting '%1' under %2: UPDATING, then every record written "
                                  "is sealed at rest.")
                                   .arg(name, key)
                             : tr("Stopped encrypting '%1': UPDATING, then new records are kept "
                                  "as written; the encrypted ones stay encrypted.")
                                   .arg(name));
        accept();
    };
    if (start)
        m_backend.submit(ops::StartStreamEncryption, std::move(r), this, std::move(done));
    else
        m_backend.submit(ops::StopStreamEncryption, std::move(r), this, std::move(done));
}

} // namespace shs::ui
