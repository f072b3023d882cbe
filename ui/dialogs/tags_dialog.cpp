// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "tags_dialog.h"
#include "theme.h"

#include "error_text.h"
#include "service/aws_cli.h"

#include "engine/kinesis_limits.h"

#include <QApplication>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSet>
#include <QTableWidget>
#include <QVBoxLayout>

namespace shs::ui {

using namespace shs::core;

namespace {
QString cellText(const QTableWidget *t, int row, int column)
{
    const QTableWidgetItem *item = t->item(row, column);
    return item ? item->text() : QString();
}
} // namespace

TagsDialog::TagsDialog(service::StreamBackend &backend, const StreamInfo &stream, QWidget *parent)
    : QDialog(parent), m_backend(backend), m_stream(stream), m_table(new QTableWidget(0, 2, this)),
      m_summary(new QLabel(this)), m_error(new QLabel(this)),
      m_add(new QPushButton(tr("Add tag"), this)),
      m_remove(new QPushButton(tr("Remove tag"), this)), m_save(new QPushButton(tr("Save"), this)),
      m_copyCli(new QPushButton(tr("Copy as AWS CLI"), this))
{
    const QString name = QString::fromStdString(stream.name);
    setWindowTitle(tr("Tags of %1").arg(name));
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(
        tr("Tags label the stream for cost allocation and access control: up to 50 per stream, "
           "keys of 1–128 characters, values of up to 256. Keys are case-sensitive."),
        this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    m_table->setObjectName(QStringLiteral("tagTable"));
    m_table->setHorizontalHeaderLabels({tr("Key"), tr("Value")});
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_table->verticalHeader()->hide();
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    for (const auto &[k, v] : stream.tags) {
        const int row = m_table->rowCount();
        m_table->insertRow(row);
        m_table->setItem(row, 0, new QTableWidgetItem(QString::fromStdString(k)));
        m_table->setItem(row, 1, new QTableWidgetItem(QString::fromStdString(v)));
    }
    layout->addWidget(m_table, 1);
    auto *rowButtons = new QHBoxLayout;
    rowButtons->addWidget(m_add);
    rowButtons->addWidget(m_remove);
    rowButtons->addStretch(1);
    rowButtons->addWidget(m_copyCli);
    layout->addLayout(rowButtons);
    m_summary->setObjectName(QStringLiteral("tagSummary"));
    m_summary->setWordWrap(true);
    layout->addWidget(m_summary);
    m_error->setObjectName(QStringLiteral("tagError"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(errorTextCss());
    m_error->hide();
    layout->addWidget(m_error);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    buttons->addButton(m_save, QDialogButtonBox::AcceptRole);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_save, &QPushButton::clicked, this, &TagsDialog::save);
    connect(m_add, &QPushButton::clicked, this, [this] { addRow({}, {}, true); });
    connect(m_remove, &QPushButton::clicked, this, [this] {
        const int row = m_table->currentRow();
        if (row >= 0)
            m_table->removeRow(row);
        update();
    });
    connect(m_copyCli, &QPushButton::clicked, this,
            [this] { QApplication::clipboard()->setText(cliCommands()); });
    connect(m_table, &QTableWidget::itemChanged, this, &TagsDialog::update);
    connect(m_table, &QTableWidget::currentCellChanged, this, &TagsDialog::update);
    setMinimumSize(520, 380);
    update();
}

void TagsDialog::addRow(const QString &key, const QString &value, bool edit)
{
    const int row = m_table->rowCount();
    m_table->insertRow(row);
    m_table->setItem(row, 0, new QTableWidgetItem(key));
    m_table->setItem(row, 1, new QTableWidgetItem(value));
    m_table->setCurrentCell(row, 0);
    if (edit)
        m_table->editItem(m_table->item(row, 0));
    update();
}

TagsDialog::Changes TagsDialog::changes() const
{
    Changes c;
    std::map<std::string, std::string> now;
    for (int row = 0; row < m_table->rowCount(); ++row)
        now[cellText(m_table, row, 0).toStdString()] = cellText(m_table, row, 1).toStdString();
    for (const auto &[k, v] : now) {
        const auto was = m_stream.tags.find(k);
        if (was == m_stream.tags.end() || was->second != v)
            c.put[k] = v;
    }
    for (const auto &[k, v] : m_stream.tags)
        if (!now.count(k))
            c.remove.push_back(k);
    return c;
}

QString TagsDialog::problem() const
{
    QSet<QString> seen;
    for (int row = 0; row < m_table->rowCount(); ++row) {
        const QString key = cellText(m_table, row, 0);
        const QString value = cellText(m_table, row, 1);
        if (key.isEmpty())
            return tr("Row %1 has no key. Type one, or remove the row.").arg(row + 1);
        if (key.toStdString().size() > std::size_t(kMaxTagKeyLength))
            return tr("Tag key '%1…' is longer than 128 characters. Shorten it.").arg(key.left(20));
        if (value.toStdString().size() > std::size_t(kMaxTagValueLength))
            return tr("The value of tag '%1' is longer than 256 characters. Shorten it.").arg(key);
        if (seen.contains(key))
            return tr("Tag key '%1' appears twice; a stream has one value per key. Remove one of "
                      "the rows.")
                .arg(key);
        seen.insert(key);
    }
    if (m_table->rowCount() > kMaxTagsPerStream)
        return tr("%1 tags: a stream can have at most 50. Remove %2.")
            .arg(m_table->rowCount())
            .arg(m_table->rowCount() - 50);
    return {};
}

QString TagsDialog::cliCommands() const
{
    const Changes c = changes();
    const QString name = QString::fromStdString(m_stream.name);
    QStringList lines;
    if (!c.remove.empty())
        lines << awscli::removeTagsFromStream(name, c.remove);
    if (!c.put.empty())
        lines << awscli::addTagsToStream(name, c.put);
    return lines.join(QLatin1Char('\n'));
}

void TagsDialog::update()
{
    const Changes c = changes();
    const QString p = problem();
    m_remove->setEnabled(m_table->currentRow() >= 0 && !m_saving);
    m_save->setEnabled(!m_saving && p.isEmpty() && !c.empty());
    m_copyCli->setEnabled(!c.empty());
    if (!p.isEmpty()) {
        m_summary->setText(p);
        return;
    }
    if (c.empty()) {
        m_summary->setText(tr("%n tag(s); nothing changed.", nullptr, m_table->rowCount()));
        return;
    }
    QStringList parts;
    if (!c.put.empty())
        parts << tr("AddTagsToStream with %n tag(s)", nullptr, int(c.put.size()));
    if (!c.remove.empty())
        parts << tr("RemoveTagsFromStream with %n key(s)", nullptr, int(c.remove.size()));
    m_summary->setText(tr("Save sends %1.").arg(parts.join(tr(", then "))));
}

void TagsDialog::save()
{
    const Changes c = changes();
    if (c.empty() || !problem().isEmpty())
        return;
    m_saving = true;
    m_error->hide();
    update();
    const QString name = QString::fromStdString(m_stream.name);
    auto fail = [this, name](const QString &action, const core::Error &e) {
        m_saving = false;
        m_error->setText(explainError(action, e));
        m_error->show();
        update();
    };
    auto add = [this, c, name, fail] {
        if (c.put.empty()) {
            finish(c);
            return;
        }
        AddTagsRequest req;
        req.stream.name = m_stream.name;
        req.tags = c.put;
        m_backend.submit(ops::AddTagsToStream, std::move(req), this,
                         [this, c, name, fail](Result<void> r) {
                             if (!r) {
                                 // Removals already went through: what is on the stream now is the
                                 // old tags minus those.
                                 for (const auto &k : c.remove)
                                     m_stream.tags.erase(k);
                                 fail(tr("add tags to '%1'").arg(name), r.error());
                                 return;
                             }
                             finish(c);
                         });
    };
    if (c.remove.empty()) {
        add();
        return;
    }
    RemoveTagsRequest req;
    req.stream.name = m_stream.name;
    req.tagKeys = c.remove;
    m_backend.submit(ops::RemoveTagsFromStream, std::move(req), this,
                     [name, fail, add, this](Result<void> r) {
                         if (!r) {
                             fail(tr("remove tags from '%1'").arg(name), r.error());
                             return;
                         }
                         add();
                     });
}

void TagsDialog::finish(const Changes &c)
{
    m_saving = false;
    QStringList parts;
    if (!c.put.empty())
        parts << tr("%n added or changed", nullptr, int(c.put.size()));
    if (!c.remove.empty())
        parts << tr("%n removed", nullptr, int(c.remove.size()));
    Q_EMIT changed(tr("Tags of '%1' saved: %2.")
                       .arg(QString::fromStdString(m_stream.name), parts.join(tr(", "))));
    accept();
}

} // namespace shs::ui
