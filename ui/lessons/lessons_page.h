// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// LessonsPage: the curriculum — every built-in lesson with its length and whether this user has
// finished it — "Open a lesson file…", and "Export as AWS CLI script…", which writes the selected
// lesson as a bash script that replays it on real Kinesis and says what that will cost. Choosing
// one asks the opener the window was given; a file that cannot be used is refused inline, naming
// the file, each error with its line, and what to do next.
#include <QWidget>

#include <functional>

class QLabel;
class QListWidget;
class QPushButton;

namespace shs::ui {

class LessonsPage : public QWidget
{
    Q_OBJECT
  public:
    /// Opens a lesson; returns what went wrong (empty on success).
    using Opener = std::function<QString(const QString &path)>;

    LessonsPage(Opener opener, QWidget *parent = nullptr);

    /// Remembers that this user finished the lesson (QSettings "lessons/finished").
    static void markFinished(const QString &lessonId);
    static bool isFinished(const QString &lessonId);

    QListWidget *list() const { return m_list; }
    QPushButton *startButton() const { return m_start; }
    QLabel *errorLabel() const { return m_error; }
    QPushButton *exportButton() const { return m_export; }
    /// Writes the selected lesson as an AWS CLI script to `path`, as "Export as AWS CLI script…"
    /// does after its dialog; the outcome (or what went wrong and what to do) shows inline.
    bool exportSelected(const QString &path);
    /// Opens a file as "Open a lesson file…" does after its dialog.
    void openFile(const QString &path);
    /// Re-reads the finished marks.
    void refresh();

  Q_SIGNALS:
    /// A lesson opened (the dialog hosting the page closes).
    void opened();

  private:
    void startSelected();

    Opener m_opener;
    QListWidget *m_list;
    QPushButton *m_start;
    QPushButton *m_openFile;
    QPushButton *m_export;
    QLabel *m_error;
};

} // namespace shs::ui
