// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// LessonPanel: the narration beside a lesson's window — the step's text, its goal with each check
// against the live engine (met or not, and what the engine shows now), hints one at a time, "Show
// me", the question with its explained answer, and Back / Reset / Next. It only shows the
// LessonRunner's state and forwards the learner's choices to it.
#include "lesson/lesson_runner.h"

#include <QPointer>
#include <QWidget>

class QButtonGroup;
class QCheckBox;
class QLabel;
class QPushButton;
class QTextBrowser;
class QVBoxLayout;

namespace shs::ui {

class LessonPanel : public QWidget
{
    Q_OBJECT
  public:
    explicit LessonPanel(lesson::LessonRunner &runner, QWidget *parent = nullptr);

    // For tests.
    QLabel *stepLabel() const { return m_step; }
    QTextBrowser *narration() const { return m_narration; }
    QLabel *goalLabel() const { return m_goal; }
    QLabel *checksLabel() const { return m_checks; }
    QLabel *hintsLabel() const { return m_hints; }
    QLabel *explanationLabel() const { return m_explanation; }
    QLabel *errorLabel() const { return m_error; }
    QPushButton *hintButton() const { return m_hintButton; }
    QPushButton *showMeButton() const { return m_showMe; }
    QPushButton *checkAnswerButton() const { return m_checkAnswer; }
    QPushButton *backButton() const { return m_back; }
    QPushButton *resetButton() const { return m_reset; }
    QPushButton *nextButton() const { return m_next; }
    QCheckBox *autoplayBox() const { return m_autoplay; }
    /// Chooses answer `index` of the question (as a click on its button would).
    void choose(int index);

  private:
    void rebuildStep();
    void refresh();

    QPointer<lesson::LessonRunner> m_runner;
    QLabel *m_title;
    QLabel *m_step;
    QTextBrowser *m_narration;
    QWidget *m_goalBox;
    QLabel *m_goal;
    QLabel *m_checks;
    QLabel *m_hints;
    QPushButton *m_hintButton;
    QPushButton *m_showMe;
    QWidget *m_questionBox;
    QLabel *m_question;
    QVBoxLayout *m_choices;
    QButtonGroup *m_choiceGroup;
    QPushButton *m_checkAnswer;
    QLabel *m_explanation;
    QLabel *m_busy;
    QLabel *m_error;
    QPushButton *m_back;
    QPushButton *m_reset;
    QPushButton *m_next;
    QCheckBox *m_autoplay;
    QStringList m_shownHints;
};

} // namespace shs::ui
