// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// LessonBuilder (Learn > Record a lesson…): records what the teacher does in the window as lesson
// steps, lets them write each step's narration, turn the stream's current state into the step's
// goal, add hints and a question, and save the lesson file, try it, or export it as an AWS CLI
// script.
//
// While recording, every operation the window's backend performs successfully (StreamBackend's
// operation observer: create, delete, split, merge, UpdateShardCount, mode, retention, puts), each
// generator the Publish tab starts or stops, and each change of engine speed becomes an action of
// the current step, translated by core/lesson/lesson_recorder. Records the generators send are
// not recorded (they are the generator). Actions go to the step's own actions (performed when
// the step opens) or to its goal's "show me" (what the learner is asked to do), as the teacher
// chooses; either can be moved to the other or removed afterwards.
//
// Saving checks the lesson as `lesson check` would and plays its actions on an engine of its own
// (lesson_script.h), so a file that cannot be played is refused inline, naming the step and what
// to do, and nothing is written.
#include "lessons_page.h"

#include "lesson/lesson.h"

#include <QPointer>
#include <QWidget>

#include <optional>
#include <vector>

class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QRadioButton;
class QSpinBox;
class QTimer;

namespace shs::service {
class StreamBackend;
}
namespace shs::producer {
class GeneratorRun;
}

namespace shs::ui {

class MainWindow;

class LessonBuilder : public QWidget
{
    Q_OBJECT
  public:
    LessonBuilder(service::StreamBackend &backend, MainWindow &window,
                  LessonsPage::Opener opener = {}, QWidget *parent = nullptr);
    ~LessonBuilder() override;

    bool recording() const { return m_recording; }
    /// Starts or pauses recording. The first start records the streams and generators that
    /// exist as the lesson's starting state.
    void setRecording(bool on);
    /// Where recorded actions go: the step's own actions, or its goal's "show me".
    void setRecordIntoShowMe(bool showMe);
    /// Starts a new step after the current one (recording goes on into it).
    void newStep();
    /// The selected stream's state (and its last 10 s of metrics) as the current step's goal;
    /// `done` runs when it is filled in.
    void goalFromCurrentState(std::function<void()> done = {});
    /// The lesson as the editors describe it.
    lesson::Lesson lesson();
    /// Checks, plays and writes the lesson file; false with the reason shown inline.
    bool save(const QString &path);
    /// Writes the lesson as an AWS CLI script (lesson_script.h).
    bool exportScript(const QString &path);
    /// Opens the lesson in its own window through the opener, from a temporary file.
    bool tryIt();

    // For tests.
    QPushButton *recordButton() const { return m_record; }
    QListWidget *stepList() const { return m_steps; }
    QListWidget *actionList() const { return m_actions; }
    QListWidget *checkList() const { return m_checks; }
    QLineEdit *titleEdit() const { return m_title; }
    QLineEdit *stepTitleEdit() const { return m_stepTitle; }
    QPlainTextEdit *narrationEdit() const { return m_narration; }
    QLineEdit *goalTextEdit() const { return m_goalText; }
    QLabel *messageLabel() const { return m_message; }

  private:
    struct Draft
    {
        QString title;
        QString narration;
        QString highlight; ///< a Highlight view name, or empty
        std::vector<lesson::Action> actions;
        std::vector<lesson::Action> showMe;
        std::optional<lesson::Goal> goal;
        std::vector<bool> keep; ///< per check of the goal
        QString hints;          ///< one a line
        QString question;
        QString choices; ///< one a line
        int answer = 0;
        QString explanation;
    };

    void buildUi();
    void record(std::vector<lesson::Action> actions);
    void recordGenerators(producer::GeneratorRun *stopped);
    void pollSpeed();
    /// Editors → m_drafts[m_current], and back.
    void storeStep();
    void loadStep(int index);
    void refreshSteps();
    QString stepLabel(int index, const QString &title) const;
    void refreshActions();
    void removeAction();
    void moveAction();
    void showMessage(const QString &text, bool error);
    /// The lesson, checked and played; nullopt with the reason shown.
    std::optional<lesson::Lesson> checkedLesson();

    service::StreamBackend &m_backend;
    QPointer<MainWindow> m_window;
    LessonsPage::Opener m_opener;
    std::vector<Draft> m_drafts;
    int m_current = -1;
    bool m_recording = false;
    bool m_started = false;
    bool m_intoShowMe = false;
    double m_lastSpeed = -1;
    QTimer *m_speedPoll;

    QPushButton *m_record;
    QRadioButton *m_intoActions;
    QRadioButton *m_intoShowMeButton;
    QLineEdit *m_title;
    QLineEdit *m_summary;
    QSpinBox *m_minutes;
    QListWidget *m_steps;
    QLineEdit *m_stepTitle;
    QPlainTextEdit *m_narration;
    QComboBox *m_highlight;
    QListWidget *m_actions;
    QLineEdit *m_goalText;
    QListWidget *m_checks;
    QPlainTextEdit *m_hints;
    QLineEdit *m_question;
    QPlainTextEdit *m_choices;
    QSpinBox *m_answer;
    QLineEdit *m_explanation;
    QLabel *m_message;
};

} // namespace shs::ui
