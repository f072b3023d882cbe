// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "lesson_panel.h"

#include "theme.h"

#include <QAbstractButton>
#include <QButtonGroup>
#include <QCheckBox>
#include <QEvent>
#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QRadioButton>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace shs::ui {

namespace {

QFrame *box(QWidget *parent)
{
    auto *f = new QFrame(parent);
    f->setFrameShape(QFrame::StyledPanel);
    return f;
}

QLabel *wrapped(QWidget *parent, Qt::TextFormat format = Qt::RichText)
{
    auto *l = new QLabel(parent);
    l->setWordWrap(true);
    l->setTextFormat(format);
    l->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return l;
}

/// Forwards a click on a choice's label to its radio button.
class ClickForwarder : public QObject
{
  public:
    ClickForwarder(QAbstractButton *button, QObject *parent) : QObject(parent), m_button(button) {}
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::MouseButtonRelease && m_button->isEnabled())
            m_button->click();
        return QObject::eventFilter(watched, event);
    }

  private:
    QAbstractButton *m_button;
};

} // namespace

LessonPanel::LessonPanel(lesson::LessonRunner &runner, QWidget *parent)
    : QWidget(parent), m_runner(&runner)
{
    setObjectName(QStringLiteral("lessonPanel"));
    auto *layout = new QVBoxLayout(this);
    // Rich text with relative sizes, so that both follow the panel's font (presenter zoom).
    m_title = wrapped(this);
    m_title->setText(QStringLiteral("<span style=\"font-size: large; font-weight: bold\">%1</span>")
                         .arg(runner.lesson().title.toHtmlEscaped()));
    m_step = wrapped(this);
    m_narration = new QTextBrowser(this);
    m_narration->setOpenExternalLinks(true);
    m_narration->setMinimumHeight(120);
    layout->addWidget(m_title);
    layout->addWidget(m_step);
    layout->addWidget(m_narration, 1);

    m_goalBox = box(this);
    auto *goalLayout = new QVBoxLayout(m_goalBox);
    m_goal = wrapped(m_goalBox);
    m_checks = wrapped(m_goalBox);
    m_checks->setObjectName(QStringLiteral("lessonChecks"));
    m_hints = wrapped(m_goalBox);
    auto *goalButtons = new QHBoxLayout;
    m_hintButton = new QPushButton(tr("Hint"), m_goalBox);
    m_showMe = new QPushButton(tr("Show me"), m_goalBox);
    m_showMe->setToolTip(tr("The lesson does it for you, and you watch what happens"));
    goalButtons->addWidget(m_hintButton);
    goalButtons->addWidget(m_showMe);
    goalButtons->addStretch();
    goalLayout->addWidget(m_goal);
    goalLayout->addWidget(m_checks);
    goalLayout->addWidget(m_hints);
    goalLayout->addLayout(goalButtons);
    layout->addWidget(m_goalBox);

    m_questionBox = box(this);
    auto *questionLayout = new QVBoxLayout(m_questionBox);
    m_question = wrapped(m_questionBox);
    m_choices = new QVBoxLayout;
    m_choiceGroup = new QButtonGroup(this);
    m_checkAnswer = new QPushButton(tr("Check my answer"), m_questionBox);
    m_explanation = wrapped(m_questionBox);
    questionLayout->addWidget(m_question);
    questionLayout->addLayout(m_choices);
    auto *answerRow = new QHBoxLayout;
    answerRow->addWidget(m_checkAnswer);
    answerRow->addStretch();
    questionLayout->addLayout(answerRow);
    questionLayout->addWidget(m_explanation);
    layout->addWidget(m_questionBox);

    m_busy = wrapped(this, Qt::PlainText);
    m_error = wrapped(this, Qt::PlainText);
    layout->addWidget(m_busy);
    layout->addWidget(m_error);

    auto *nav = new QHBoxLayout;
    m_back = new QPushButton(tr("Back"), this);
    m_back->setToolTip(tr("Back one step: the engine is rebuilt as that step found it "
                          "(PageUp)"));
    m_reset = new QPushButton(tr("Reset"), this);
    m_reset->setToolTip(tr("Start the lesson again on a fresh scratch engine"));
    m_next = new QPushButton(tr("Next"), this);
    m_next->setToolTip(tr("PageDown or Space"));
    m_next->setDefault(true);
    m_back->setObjectName(QStringLiteral("backButton"));
    m_next->setObjectName(QStringLiteral("nextButton"));
    m_autoplay = new QCheckBox(tr("Play it for me"), this);
    m_autoplay->setToolTip(tr("Answers each question and shows each solution, step after step"));
    nav->addWidget(m_back);
    nav->addWidget(m_reset);
    nav->addStretch();
    nav->addWidget(m_autoplay);
    nav->addWidget(m_next);
    layout->addLayout(nav);

    connect(m_hintButton, &QPushButton::clicked, this, [this] {
        if (m_runner)
            m_shownHints << m_runner->nextHint();
        refresh();
    });
    connect(m_showMe, &QPushButton::clicked, this, [this] {
        if (m_runner)
            m_runner->showMe();
    });
    connect(m_checkAnswer, &QPushButton::clicked, this, [this] {
        if (m_runner && m_choiceGroup->checkedId() >= 0)
            m_runner->answer(m_choiceGroup->checkedId());
    });
    connect(m_choiceGroup, &QButtonGroup::idClicked, this, [this] { refresh(); });
    connect(m_back, &QPushButton::clicked, this, [this] {
        if (m_runner)
            m_runner->back();
    });
    connect(m_reset, &QPushButton::clicked, this, [this] {
        if (m_runner)
            m_runner->reset();
    });
    connect(m_next, &QPushButton::clicked, this, [this] {
        if (m_runner)
            m_runner->next();
    });
    connect(m_autoplay, &QCheckBox::toggled, this, [this](bool on) {
        if (m_runner)
            m_runner->setAutoplay(on);
    });
    connect(&runner, &lesson::LessonRunner::stepChanged, this, &LessonPanel::rebuildStep);
    connect(&runner, &lesson::LessonRunner::progressed, this, &LessonPanel::refresh);
    connect(&runner, &lesson::LessonRunner::actionFailed, this, [this](const QString &m) {
        m_error->setText(tr("The lesson could not do this: %1. Press Reset to start the lesson "
                            "again.")
                             .arg(m));
        m_error->setStyleSheet(errorTextCss());
        m_error->show();
    });
    m_autoplay->setChecked(runner.autoplay());
    rebuildStep();
}

void LessonPanel::choose(int index)
{
    if (auto *b = m_choiceGroup->button(index)) {
        b->setChecked(true);
        refresh();
    }
}

void LessonPanel::rebuildStep()
{
    if (!m_runner)
        return;
    const auto &step = m_runner->step();
    m_step->setText(tr("<b>Step %1 of %2 · %3</b>")
                        .arg(m_runner->stepIndex() + 1)
                        .arg(m_runner->stepCount())
                        .arg(step.title.toHtmlEscaped()));
    m_narration->setHtml(step.narration);
    m_shownHints.clear();
    m_error->clear();
    m_error->hide();
    m_goalBox->setVisible(step.goal.has_value());
    if (step.goal)
        m_goal->setText(tr("<b>Your goal:</b> %1").arg(step.goal->text));
    m_questionBox->setVisible(step.question.has_value());
    for (auto *b : m_choiceGroup->buttons()) {
        m_choiceGroup->removeButton(b);
        delete b->parentWidget(); // the choice's row
    }
    if (step.question) {
        m_question->setText(tr("<b>Question:</b> %1").arg(step.question->text));
        for (int i = 0; i < step.question->choices.size(); ++i) {
            // A radio button does not wrap its text: the choice is a wrapped label beside it
            // (clicking it picks the choice), so long answers never widen the panel.
            auto *row = new QWidget(m_questionBox);
            auto *rowLayout = new QHBoxLayout(row);
            rowLayout->setContentsMargins(0, 0, 0, 0);
            auto *b = new QRadioButton(row);
            auto *text = wrapped(row);
            text->setText(step.question->choices[i]);
            text->setTextInteractionFlags(Qt::NoTextInteraction);
            b->setAccessibleName(text->text());
            text->installEventFilter(new ClickForwarder(b, text));
            rowLayout->addWidget(b, 0, Qt::AlignTop);
            rowLayout->addWidget(text, 1);
            m_choiceGroup->addButton(b, i);
            m_choices->addWidget(row);
        }
    }
    refresh();
}

void LessonPanel::refresh()
{
    if (!m_runner)
        return;
    const auto &step = m_runner->step();
    const bool busy = m_runner->busy();
    m_busy->setText(busy ? tr("The lesson is setting things up on its scratch engine…")
                         : QString());
    m_busy->setVisible(busy);
    if (step.goal) {
        const auto reached = m_runner->goalState() == lesson::LessonRunner::GoalState::Reached;
        QStringList lines;
        const auto &outcomes = m_runner->checkOutcomes();
        for (std::size_t i = 0; i < step.goal->checks.size(); ++i) {
            const auto &check = step.goal->checks[i];
            const bool met = reached || (i < outcomes.size() && outcomes[i].met);
            QString line = (met ? QStringLiteral("✔ ") : QStringLiteral("○ "))
                           + check.describe().toHtmlEscaped();
            if (!reached && i < outcomes.size())
                line += QStringLiteral(" <i>— %1</i>").arg(outcomes[i].status.toHtmlEscaped());
            lines << line;
        }
        if (reached)
            lines << tr("<b>Goal reached.</b>");
        m_checks->setText(lines.join(QStringLiteral("<br>")));
        QStringList hints;
        for (const auto &h : m_shownHints)
            if (!h.isEmpty())
                hints << tr("Hint: %1").arg(h);
        m_hints->setText(hints.join(QStringLiteral("<br>")));
        m_hints->setVisible(!hints.isEmpty());
        m_hintButton->setEnabled(!reached && m_runner->hintsShown() < step.goal->hints.size());
        m_showMe->setEnabled(!reached && !busy && !step.goal->showMe.empty());
        m_showMe->setVisible(!step.goal->showMe.empty());
    }
    if (step.question) {
        const bool answered = m_runner->questionAnswered();
        m_checkAnswer->setEnabled(!answered && m_choiceGroup->checkedId() >= 0);
        for (auto *b : m_choiceGroup->buttons())
            b->setEnabled(!answered);
        if (answered) {
            if (auto *chosen = m_choiceGroup->button(m_runner->chosenAnswer()))
                chosen->setChecked(true);
            const bool right = m_runner->chosenAnswer() == step.question->answer;
            m_explanation->setText(
                (right ? tr("<b>Right.</b> %1")
                       : tr("<b>Not quite — the answer is “%1”.</b> %2")
                             .arg(step.question->choices.value(step.question->answer)))
                    .arg(step.question->explanation));
        } else {
            m_explanation->clear();
        }
        m_explanation->setVisible(answered);
    }
    m_back->setEnabled(!busy && m_runner->stepIndex() > 0);
    m_reset->setEnabled(!busy);
    m_next->setText(m_runner->atLastStep() ? tr("Finish") : tr("Next"));
    m_next->setEnabled(m_runner->canGoNext());
    if (m_runner->finished()) {
        m_next->setEnabled(false);
        m_busy->setText(tr("Lesson finished. The scratch engine keeps running: try things out, "
                           "or close this window to go back to your own streams."));
        m_busy->show();
    }
}

} // namespace shs::ui
