// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "help_dialogs.h"

#include <QAbstractTextDocumentLayout>
#include <QAction>
#include <QApplication>
#include <QDialogButtonBox>
#include <QFile>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QScrollBar>
#include <QShortcut>
#include <QSplitter>
#include <QTableWidget>
#include <QTextBlock>
#include <QTextBrowser>
#include <QTextCursor>
#include <QTextDocument>
#include <QVBoxLayout>

namespace shs::ui {

namespace {
constexpr int kBlockRole = Qt::UserRole + 1; ///< a section's heading: its block position

QColor mix(const QColor &a, const QColor &b, double share)
{
    return QColor::fromRgbF(float(a.redF() * (1 - share) + b.redF() * share),
                            float(a.greenF() * (1 - share) + b.greenF() * share),
                            float(a.blueF() * (1 - share) + b.blueF() * share));
}

/// Commands on a tinted ground, indented; the output shown after them (```text) on a fainter one,
/// so a reader tells what to type from what comes back. Headings get room above them.
void styleGuide(QTextDocument *doc, const QPalette &palette)
{
    const QColor base = palette.color(QPalette::Base);
    const QColor text = palette.color(QPalette::Text);
    QTextCursor cursor(doc);
    for (QTextBlock block = doc->begin(); block.isValid(); block = block.next()) {
        QTextBlockFormat format = block.blockFormat();
        if (format.headingLevel() > 0) {
            format.setTopMargin(format.headingLevel() == 2 ? 18 : 12);
        } else if (format.hasProperty(QTextFormat::BlockCodeFence)) {
            const bool output
                = format.stringProperty(QTextFormat::BlockCodeLanguage) == QLatin1String("text");
            format.setBackground(mix(base, text, output ? 0.03 : 0.08));
            format.setLeftMargin(output ? 28 : 12);
            format.setTopMargin(0);
            format.setBottomMargin(0);
        } else {
            continue;
        }
        cursor.setPosition(block.position());
        cursor.setBlockFormat(format);
    }
}
} // namespace

QString GuideDialog::markdown()
{
    QFile file(QStringLiteral(":/shardscope/guide/guide.md"));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.readAll());
}

QString GuideDialog::html(const QPalette &palette)
{
    QTextDocument doc;
    QFont font; // a browser's sans-serif at a reading size, not this machine's widget font
    font.setFamilies({QStringLiteral("sans-serif")});
    font.setPointSize(11);
    doc.setDefaultFont(font);
    doc.setMarkdown(markdown());
    styleGuide(&doc, palette);
    doc.setMetaInformation(QTextDocument::DocumentTitle, tr("Shardscope user guide"));
    return doc.toHtml();
}

GuideDialog::GuideDialog(QWidget *parent)
    : QDialog(parent), m_browser(new QTextBrowser(this)), m_contents(new QListWidget(this)),
      m_search(new QLineEdit(this))
{
    setObjectName(QStringLiteral("guideDialog"));
    setWindowTitle(tr("Shardscope user guide"));
    auto *layout = new QVBoxLayout(this);
    m_search->setObjectName(QStringLiteral("guideSearch"));
    m_search->setPlaceholderText(tr("Find in the guide (Enter finds the next)"));
    m_search->setClearButtonEnabled(true);
    layout->addWidget(m_search);

    auto *split = new QSplitter(this);
    m_contents->setObjectName(QStringLiteral("guideContents"));
    m_contents->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_contents->setTextElideMode(Qt::ElideRight); // the whole title is its tooltip
    m_browser->setObjectName(QStringLiteral("guideText"));
    m_browser->setOpenExternalLinks(true);
    split->addWidget(m_contents);
    split->addWidget(m_browser);
    split->setStretchFactor(1, 1);
    split->setSizes({270, 730});
    layout->addWidget(split, 1);

    const QString text = markdown();
    if (text.isEmpty())
        m_browser->setPlainText(tr("The user guide is not part of this build. It is "
                                   "resources/guide/guide.md in Shardscope's source tree."));
    else
        m_browser->setMarkdown(text);
    styleGuide(m_browser->document(), palette());
    // The sections, from the document's headings.
    for (QTextBlock block = m_browser->document()->begin(); block.isValid(); block = block.next()) {
        const int level = block.blockFormat().headingLevel();
        if (level != 2 && level != 3)
            continue;
        auto *item = new QListWidgetItem(
            (level == 3 ? QStringLiteral("    ") : QString()) + block.text(), m_contents);
        if (level == 2) {
            QFont bold = item->font();
            bold.setBold(true);
            item->setFont(bold);
        }
        item->setData(kBlockRole, block.position());
        item->setToolTip(block.text());
    }
    connect(m_contents, &QListWidget::currentItemChanged, this, [this](QListWidgetItem *item) {
        if (item)
            scrollToBlock(item->data(kBlockRole).toInt());
    });
    connect(m_search, &QLineEdit::returnPressed, this, [this] {
        if (!find(m_search->text()))
            m_search->setStyleSheet(QStringLiteral("color: palette(placeholder-text);"));
    });
    connect(m_search, &QLineEdit::textEdited, this, [this] { m_search->setStyleSheet({}); });

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    resize(1000, 720);
}

void GuideDialog::scrollToBlock(int position)
{
    const QTextBlock block = m_browser->document()->findBlock(position);
    QTextCursor cursor(block);
    m_browser->setTextCursor(cursor);
    const QRectF rect = m_browser->document()->documentLayout()->blockBoundingRect(block);
    m_browser->verticalScrollBar()->setValue(int(rect.top()));
}

bool GuideDialog::showSection(const QString &title)
{
    for (int i = 0; i < m_contents->count(); ++i)
        if (m_contents->item(i)->text().trimmed() == title.trimmed()) {
            m_contents->setCurrentRow(i);
            scrollToBlock(m_contents->item(i)->data(kBlockRole).toInt());
            return true;
        }
    return false;
}

bool GuideDialog::find(const QString &text)
{
    if (text.isEmpty())
        return false;
    if (m_browser->find(text))
        return true;
    m_browser->moveCursor(QTextCursor::Start); // wrap round once
    return m_browser->find(text);
}

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
