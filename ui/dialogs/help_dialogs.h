// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The Help menu's dialogs. ShortcutsDialog lists every keyboard shortcut of a window, read from
// its actions and shortcuts (a QAction's text, a QShortcut's whatsThis), so the list is the
// window's own and cannot go stale. AboutDialog: the version, the licence, Qt's version, and what
// Shardscope is and is not (a simulation on one machine, not AWS).
#include <QDialog>

class QTableWidget;

namespace shs::ui {

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
