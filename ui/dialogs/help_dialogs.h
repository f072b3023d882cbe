// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The Help menu's dialogs. GuideDialog shows the user guide (resources/guide/guide.md, compiled
// in: the same file the package installs and whose every command a test runs), with its sections
// listed beside it and a search field. ShortcutsDialog lists every keyboard shortcut of a window,
// read from its actions and shortcuts (a QAction's text, a QShortcut's whatsThis), so the list is
// the window's own and cannot go stale. AboutDialog: the version, the licence, Qt's version, and
// what Shardscope is and is not (a simulation on one machine, not AWS).
#include <QDialog>

class QLineEdit;
class QListWidget;
class QTableWidget;
class QTextBrowser;

namespace shs::ui {

class GuideDialog : public QDialog
{
    Q_OBJECT
  public:
    explicit GuideDialog(QWidget *parent = nullptr);
    QTextBrowser *browser() const { return m_browser; }
    /// The guide's sections (its level-2 and level-3 headings), in order.
    QListWidget *contents() const { return m_contents; }
    /// Scrolls the section titled `title` to the top; false when there is none.
    bool showSection(const QString &title);
    /// Finds `text` after the cursor, wrapping round once; false when it is nowhere.
    bool find(const QString &text);

    /// The guide's Markdown, from the resources (empty if this build lacks it).
    static QString markdown();
    /// The guide as one HTML page, styled as the dialog shows it (the package's documentation:
    /// `shardscope --print-guide`, run by the build).
    static QString html(const QPalette &palette);

  private:
    void scrollToBlock(int position);

    QTextBrowser *m_browser;
    QListWidget *m_contents;
    QLineEdit *m_search;
};

class ShortcutsDialog : public QDialog
{
    Q_OBJECT
  public:
    explicit ShortcutsDialog(QWidget *window, QWidget *parent = nullptr);
    QTableWidget *table() const { return m_table; }

  private:
    QTableWidget *m_table;
};

class AboutDialog : public QDialog
{
    Q_OBJECT
  public:
    explicit AboutDialog(QWidget *parent = nullptr);
    /// The text shown (version, licence, Qt).
    QString text() const { return m_text; }

  private:
    QString m_text;
};

} // namespace shs::ui
