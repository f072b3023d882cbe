// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "help_dialogs.h"

#include <QAction>
#include <QApplication>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QShortcut>
#include <QTableWidget>
#include <QVBoxLayout>

namespace shs::ui {

ShortcutsDialog::ShortcutsDialog(QWidget *window, QWidget *parent)
    : QDialog(parent), m_table(new QTableWidget(0, 2, this))
{
    setWindowTitle(tr("Keyboard shortcuts"));
    auto *layout = new QVBoxLayout(this);
    m_table->setObjectName(QStringLiteral("shortcutsTable"));
    m_table->setHorizontalHeaderLabels({tr("Keys"), tr("What they do")});
    m_table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionMode(QAbstractItemView::NoSelection);
    QList<std::pair<QString, QString>> rows;
    QStringList seen;
    auto add = [&rows, &seen](const QKeySequence &keys, QString what) {
        const QString text = keys.toString(QKeySequence::NativeText);
        what.remove(QLatin1Char('&'));
        what.remove(QStringLiteral("…"));
        if (text.isEmpty() || what.trimmed().isEmpty() || seen.contains(text + what))
            return;
        seen << text + what;
        rows.append({text, what.trimmed()});
    };
    for (const QAction *action : window->findChildren<QAction *>())
        if (action->isVisible()) // what this window offers now (no Endpoint… on a remote one)
            for (const QKeySequence &keys : action->shortcuts())
                add(keys, action->toolTip().isEmpty() || action->toolTip() == action->text()
                              ? action->text()
                              : action->text() + QStringLiteral(" — ") + action->toolTip());
    for (const QShortcut *shortcut : window->findChildren<QShortcut *>())
        add(shortcut->key(), shortcut->whatsThis());
    m_table->setRowCount(int(rows.size()));
    for (int r = 0; r < int(rows.size()); ++r) {
        m_table->setItem(r, 0, new QTableWidgetItem(rows[r].first));
        m_table->setItem(r, 1, new QTableWidgetItem(rows[r].second));
    }
    layout->addWidget(m_table);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    resize(720, 560);
}

AboutDialog::AboutDialog(QWidget *parent) : QDialog(parent)
{
    setWindowTitle(tr("About Shardscope"));
    auto *layout = new QVBoxLayout(this);
    const QString version = QApplication::applicationVersion().isEmpty()
                                ? tr("(development build)")
                                : QApplication::applicationVersion();
    m_text = tr("<h2>Shardscope %1</h2>"
                "<p>A desktop workbench for Amazon Kinesis Data Streams: a local engine that "
                "behaves like Kinesis, shown as it works, a Kinesis endpoint for the AWS CLI and "
                "SDKs, and the same window on real Kinesis.</p>"
                "<p>The local engine is a simulation on this machine, faithful to what AWS "
                "documents; it is not AWS and is not affiliated with Amazon Web Services.</p>"
                "<p>Licence: GNU General Public License, version 3 or later "
                "(GPL-3.0-or-later). This program comes with no warranty.</p>"
                "<p>Built with Qt %2 (running on %3), SQLite and OpenSSL.</p>")
                 .arg(version.toHtmlEscaped(), QStringLiteral(QT_VERSION_STR),
                      QString::fromLatin1(qVersion()));
    auto *label = new QLabel(m_text, this);
    label->setObjectName(QStringLiteral("aboutText"));
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextBrowserInteraction);
    layout->addWidget(label);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    setMinimumWidth(520);
}

} // namespace shs::ui
