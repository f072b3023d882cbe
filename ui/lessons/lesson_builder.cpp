// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "lesson_builder.h"

#include "main_window.h"
#include "publish/publish_panel.h"
#include "theme.h"

#include "lesson/goal_check.h"
#include "lesson/lesson_recorder.h"
#include "lesson/lesson_script.h"
#include "producer/generator_run.h"
#include "service/stream_backend.h"

#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTimer>
#include <QVBoxLayout>

namespace shs::ui {

namespace {

constexpr int kShowMeRole = Qt::UserRole + 1;

/// Plain paragraphs (blank lines between them) as rich text; rich text as it is.
QString richText(const QString &text)
{
    const QString t = text.trimmed();
    if (t.isEmpty() || t.contains(QLatin1Char('<')))
        return t;
    static const QRegularExpression blank(QStringLiteral("\\n\\s*\\n"));
    QStringList paragraphs;
    for (const auto &p : t.split(blank, Qt::SkipEmptyParts))
        paragraphs << QStringLiteral("<p>") + p.simplified().toHtmlEscaped()
                          + QStringLiteral("</p>");
    return paragraphs.join(QLatin1Char(' '));
}

/// Long descriptions wrap instead of scrolling sideways in a narrow dock.
void wrapItems(QListWidget *list)
{
    list->setWordWrap(true);
    list->setResizeMode(QListView::Adjust);
    list->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
}

QStringList lines(const QString &text)
{
    QStringList out;
    for (const auto &l : text.split(QLatin1Char('\n')))
        if (!l.trimmed().isEmpty())
            out << l.trimmed();
    return out;
}

/// "steps[1].goal" → "step 2, goal": errors in the teacher's terms.
QString inSteps(QString text)
{
    static const QRegularExpression step(QStringLiteral("steps\\[(\\d+)\\]\\.?"));
    QRegularExpressionMatch m;
    while ((m = step.match(text)).hasMatch())
        text.replace(m.capturedStart(), m.capturedLength(),
                     QStringLiteral("step %1 ").arg(m.captured(1).toInt() + 1));
    return text;
}

QString slug(const QString &title)
{
    QString id = title.toLower();
    id.replace(QRegularExpression(QStringLiteral("[^a-z0-9]+")), QStringLiteral("-"));
    id = id.mid(0, 40);
    while (id.startsWith(QLatin1Char('-')))
        id.remove(0, 1);
    while (id.endsWith(QLatin1Char('-')))
        id.chop(1);
    return id.isEmpty() ? QStringLiteral("my-lesson") : id;
}

} // namespace

LessonBuilder::LessonBuilder(service::StreamBackend &backend, MainWindow &window,
                             LessonsPage::Opener opener, QWidget *parent)
    : QWidget(parent), m_backend(backend), m_window(&window), m_opener(std::move(opener)),
      m_speedPoll(new QTimer(this))
{
    setObjectName(QStringLiteral("lessonBuilder"));
    buildUi();
    m_drafts.push_back({});
    m_current = 0;
    refreshSteps();
    loadStep(0);

    m_backend.setOperationObserver(
        [this](std::string_view operation, const void *request, QObject *context) {
            // A generator's records are the generator, recorded when it starts.
            if (!m_recording || qobject_cast<producer::GeneratorRun *>(context))
                return;
            if (const auto snapshot = m_backend.mailbox().latest())
                record(lesson::actionsOf(operation, request, *snapshot));
        });
    auto *publish = window.publishPanel();
    connect(publish, &PublishPanel::generatorStarted, this, [this](producer::GeneratorRun *run) {
        if (m_recording)
            record({lesson::generatorAction(run->spec())});
    });
    connect(publish, &PublishPanel::generatorStopped, this, [this](producer::GeneratorRun *run) {
        if (m_recording)
            recordGenerators(run);
    });
    m_speedPoll->setInterval(250);
    connect(m_speedPoll, &QTimer::timeout, this, &LessonBuilder::pollSpeed);
}

LessonBuilder::~LessonBuilder()
{
    m_backend.setOperationObserver({});
}

void LessonBuilder::buildUi()
{
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(
        tr("Work in the window as you would in class: what you do is recorded as the steps of a "
           "lesson. Write what each step says, turn the state you reach into its goal, then save "
           "the file and share it."),
        this);
    intro->setWordWrap(true);
    layout->addWidget(intro);

    m_record = new QPushButton(tr("● Record"), this);
    m_record->setObjectName(QStringLiteral("recordButton"));
    m_record->setCheckable(true);
    m_record->setToolTip(tr("Record what you do in the window as actions of the current step"));
    auto *newStepButton = new QPushButton(tr("New step"), this);
    newStepButton->setObjectName(QStringLiteral("newStepButton"));
    auto *top = new QHBoxLayout;
    top->addWidget(m_record);
    top->addWidget(newStepButton);
    top->addStretch();
    layout->addLayout(top);
    m_intoActions = new QRadioButton(tr("as the step's actions"), this);
    m_intoShowMeButton = new QRadioButton(tr("as what the learner must do"), this);
    m_intoActions->setChecked(true);
    m_intoActions->setToolTip(tr("Performed by the lesson when the step opens"));
    m_intoShowMeButton->setToolTip(
        tr("The goal's \"Show me\": the learner is asked to do it, and can have it done"));
    auto *into = new QVBoxLayout;
    into->setSpacing(0);
    into->addWidget(new QLabel(tr("Record what you do"), this));
    into->addWidget(m_intoActions);
    into->addWidget(m_intoShowMeButton);
    layout->addLayout(into);
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("builderMessage"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_message);

    m_steps = new QListWidget(this);
    m_steps->setObjectName(QStringLiteral("builderSteps"));
    m_steps->setMaximumHeight(fontMetrics().height() * 5);
    auto *removeStep = new QPushButton(tr("Remove step"), this);
    layout->addWidget(new QLabel(tr("Steps"), this));
    layout->addWidget(m_steps);
    auto *stepButtons = new QHBoxLayout;
    stepButtons->addStretch();
    stepButtons->addWidget(removeStep);
    layout->addLayout(stepButtons);

    auto *stepBox = new QGroupBox(tr("Step"), this);
    auto *stepLayout = new QVBoxLayout(stepBox);
    auto *stepForm = new QFormLayout;
    m_stepTitle = new QLineEdit(stepBox);
    m_highlight = new QComboBox(stepBox);
    m_highlight->addItem(tr("nothing"), QString());
    for (const auto &view : lesson::Highlight::viewNames())
        m_highlight->addItem(view, view);
    stepForm->addRow(tr("Title"), m_stepTitle);
    stepForm->addRow(tr("Outline"), m_highlight);
    stepLayout->addLayout(stepForm);
    auto *narrationLabel
        = new QLabel(tr("Narration (blank lines between paragraphs; HTML allowed)"), stepBox);
    narrationLabel->setWordWrap(true);
    stepLayout->addWidget(narrationLabel);
    m_narration = new QPlainTextEdit(stepBox);
    m_narration->setMaximumHeight(fontMetrics().height() * 5);
    stepLayout->addWidget(m_narration);
    stepLayout->addWidget(new QLabel(tr("Recorded"), stepBox));
    m_actions = new QListWidget(stepBox);
    m_actions->setObjectName(QStringLiteral("builderActions"));
    m_actions->setMaximumHeight(fontMetrics().height() * 8);
    stepLayout->addWidget(m_actions);
    for (auto *list : {m_actions, m_steps})
        wrapItems(list);
    auto *removeAction = new QPushButton(tr("Remove"), stepBox);
    auto *moveAction = new QPushButton(tr("Step action ⇄ learner's task"), stepBox);
    moveAction->setToolTip(tr("Move the selected action between the step's own actions and what "
                              "the learner must do"));
    auto *actionButtons = new QHBoxLayout;
    actionButtons->addWidget(moveAction);
    actionButtons->addStretch();
    actionButtons->addWidget(removeAction);
    stepLayout->addLayout(actionButtons);

    auto *goalButton = new QPushButton(tr("Goal from the current state"), stepBox);
    goalButton->setObjectName(QStringLiteral("goalButton"));
    goalButton->setToolTip(tr("The selected stream as it is now, and its last 10 s of traffic, "
                              "as the checks the learner must meet"));
    stepLayout->addWidget(goalButton);
    m_goalText = new QLineEdit(stepBox);
    m_goalText->setPlaceholderText(tr("What the learner must do"));
    stepLayout->addWidget(m_goalText);
    m_checks = new QListWidget(stepBox);
    m_checks->setObjectName(QStringLiteral("builderChecks"));
    m_checks->setMaximumHeight(fontMetrics().height() * 6);
    stepLayout->addWidget(m_checks);
    wrapItems(m_checks);
    m_hints = new QPlainTextEdit(stepBox);
    m_hints->setPlaceholderText(tr("Hints, one a line, revealed one at a time"));
    m_hints->setMaximumHeight(fontMetrics().height() * 4);
    stepLayout->addWidget(m_hints);

    auto *questionForm = new QFormLayout;
    m_question = new QLineEdit(stepBox);
    m_question->setPlaceholderText(tr("Optional: a question for the learner"));
    m_choices = new QPlainTextEdit(stepBox);
    m_choices->setPlaceholderText(tr("2 to 6 answers, one a line"));
    m_choices->setMaximumHeight(fontMetrics().height() * 5);
    m_answer = new QSpinBox(stepBox);
    m_answer->setRange(1, 6);
    m_answer->setPrefix(tr("answer "));
    m_explanation = new QLineEdit(stepBox);
    m_explanation->setPlaceholderText(tr("Why that answer is right"));
    questionForm->addRow(tr("Question"), m_question);
    questionForm->addRow(tr("Choices"), m_choices);
    questionForm->addRow(tr("Right"), m_answer);
    questionForm->addRow(tr("Explained"), m_explanation);
    stepLayout->addLayout(questionForm);
    layout->addWidget(stepBox);
    auto *lessonBox = new QGroupBox(tr("Lesson"), this);
    auto *lessonForm = new QFormLayout(lessonBox);
    m_title = new QLineEdit(lessonBox);
    m_title->setPlaceholderText(tr("What the lesson teaches"));
    m_summary = new QLineEdit(lessonBox);
    m_summary->setPlaceholderText(tr("One line for the Lessons page"));
    m_minutes = new QSpinBox(lessonBox);
    m_minutes->setRange(1, 600);
    m_minutes->setValue(10);
    m_minutes->setSuffix(tr(" min"));
    lessonForm->addRow(tr("Title"), m_title);
    lessonForm->addRow(tr("Summary"), m_summary);
    lessonForm->addRow(tr("Length"), m_minutes);
    layout->addWidget(lessonBox);

    auto *save = new QPushButton(tr("Save lesson…"), this);
    save->setObjectName(QStringLiteral("saveLessonButton"));
    auto *tryButton = new QPushButton(tr("Try it"), this);
    tryButton->setToolTip(tr("Open the lesson in its own window, as a learner sees it"));
    tryButton->setVisible(bool(m_opener));
    auto *exportButton = new QPushButton(tr("Export as AWS CLI script…"), this);
    auto *bottom = new QHBoxLayout;
    bottom->addWidget(save);
    bottom->addWidget(tryButton);
    bottom->addWidget(exportButton);
    bottom->addStretch();
    layout->addLayout(bottom);
    layout->addStretch();

    connect(m_record, &QPushButton::toggled, this, &LessonBuilder::setRecording);
    connect(newStepButton, &QPushButton::clicked, this, &LessonBuilder::newStep);
    connect(m_intoShowMeButton, &QRadioButton::toggled, this,
            [this](bool on) { m_intoShowMe = on; });
    connect(m_steps, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row < 0 || row == m_current)
            return;
        storeStep();
        loadStep(row);
    });
    connect(m_stepTitle, &QLineEdit::textChanged, this, [this](const QString &title) {
        if (auto *item = m_steps->item(m_current))
            item->setText(stepLabel(m_current, title));
    });
    connect(removeStep, &QPushButton::clicked, this, [this] {
        if (m_drafts.size() <= 1) {
            m_drafts[0] = {};
            loadStep(0);
        } else {
            m_drafts.erase(m_drafts.begin() + m_current);
            m_current = -1;
            loadStep(std::min<int>(m_steps->currentRow(), int(m_drafts.size()) - 1));
        }
        refreshSteps();
    });
    connect(removeAction, &QPushButton::clicked, this, &LessonBuilder::removeAction);
    connect(moveAction, &QPushButton::clicked, this, &LessonBuilder::moveAction);
    connect(goalButton, &QPushButton::clicked, this, [this] { goalFromCurrentState(); });
    connect(save, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(
            this, tr("Save the lesson"),
            QDir::home().filePath(slug(m_title->text()) + QStringLiteral(".json")),
            tr("Shardscope lessons (*.json)"));
        if (!path.isEmpty())
            this->save(path);
    });
    connect(tryButton, &QPushButton::clicked, this, &LessonBuilder::tryIt);
    connect(exportButton, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(
            this, tr("Export the lesson as an AWS CLI script"),
            QDir::home().filePath(slug(m_title->text()) + QStringLiteral(".sh")),
            tr("Shell scripts (*.sh);;All files (*)"));
        if (!path.isEmpty())
            exportScript(path);
    });
}

void LessonBuilder::setRecording(bool on)
{
    m_recording = on;
    if (m_record->isChecked() != on)
        m_record->setChecked(on);
    m_record->setText(on ? tr("■ Pause recording") : tr("● Record"));
    if (on && !m_started) {
        // What exists already is where the lesson starts.
        m_started = true;
        std::vector<lesson::Action> start;
        if (const auto snapshot = m_backend.mailbox().latest())
            start = lesson::startingState(*snapshot);
        if (m_window)
            for (auto *run : m_window->publishPanel()->runs())
                if (run->running())
                    start.push_back(lesson::generatorAction(run->spec()));
        if (!start.empty()) {
            const bool showMe = m_intoShowMe;
            m_intoShowMe = false;
            record(start);
            m_intoShowMe = showMe;
        }
    }
    if (on) {
        pollSpeed();
        m_speedPoll->start();
    } else {
        m_speedPoll->stop();
    }
    showMessage(on ? tr("Recording into step %1.").arg(m_current + 1) : tr("Recording paused."),
                false);
}

void LessonBuilder::setRecordIntoShowMe(bool showMe)
{
    (showMe ? m_intoShowMeButton : m_intoActions)->setChecked(true);
    m_intoShowMe = showMe;
}

void LessonBuilder::newStep()
{
    storeStep();
    const int at = m_current + 1;
    m_drafts.insert(m_drafts.begin() + at, Draft{});
    m_current = -1;
    refreshSteps();
    loadStep(at);
    setRecordIntoShowMe(false);
    m_stepTitle->setFocus();
    if (m_recording)
        showMessage(tr("Recording into step %1.").arg(at + 1), false);
}

void LessonBuilder::record(std::vector<lesson::Action> actions)
{
    if (actions.empty() || m_current < 0)
        return;
    auto &d = m_drafts[std::size_t(m_current)];
    auto &into = m_intoShowMe ? d.showMe : d.actions;
    QStringList said;
    for (auto &a : actions) {
        said << a.describe();
        // Consecutive speed changes: only the last one matters.
        if (a.kind == lesson::Action::Kind::SetSpeed && !into.empty()
            && into.back().kind == lesson::Action::Kind::SetSpeed)
            into.back() = a;
        else
            into.push_back(std::move(a));
    }
    refreshActions();
    showMessage(
        tr("Recorded in step %1: %2").arg(m_current + 1).arg(said.join(QStringLiteral("; "))),
        false);
}

void LessonBuilder::recordGenerators(producer::GeneratorRun *stopped)
{
    // A lesson stops all its generators at once: stop them, then start again those that run on.
    lesson::Action stop;
    stop.kind = lesson::Action::Kind::StopGenerators;
    std::vector<lesson::Action> out{stop};
    if (m_window)
        for (auto *run : m_window->publishPanel()->runs())
            if (run != stopped && run->running())
                out.push_back(lesson::generatorAction(run->spec()));
    record(std::move(out));
}

void LessonBuilder::pollSpeed()
{
    auto *engine = m_backend.embedded();
    if (!engine)
        return;
    const double speed = engine->speed();
    if (m_lastSpeed < 0) {
        // The first look: a speed other than real time is where the lesson starts.
        m_lastSpeed = speed;
        if (speed == 1)
            return;
    } else if (speed == m_lastSpeed) {
        return;
    }
    m_lastSpeed = speed;
    lesson::Action a;
    a.kind = lesson::Action::Kind::SetSpeed;
    a.speed = speed;
    record({a});
}

void LessonBuilder::goalFromCurrentState(std::function<void()> done)
{
    const QString name = m_window ? m_window->selectedStream() : QString();
    const auto snapshot = m_backend.mailbox().latest();
    const core::StreamInfo *info
        = snapshot ? lesson::findStream(*snapshot, name.toStdString()) : nullptr;
    if (!info) {
        showMessage(tr("Select a stream in the list first: the goal is that stream's state."),
                    true);
        if (done)
            done();
        return;
    }
    const core::StreamInfo stream = *info;
    const int step = m_current;
    m_backend.recentMetrics(
        core::StreamRef{stream.name, {}}, 12, this,
        [this, stream, step, done = std::move(done)](core::Result<service::MetricsWindow> metrics) {
            if (step >= int(m_drafts.size()))
                return;
            storeStep();
            auto &d = m_drafts[std::size_t(step)];
            auto goal = lesson::goalFromState(stream, metrics ? &*metrics : nullptr);
            if (d.goal) { // keep what the teacher wrote
                goal.hints = d.goal->hints;
            }
            d.goal = goal;
            d.keep.assign(goal.checks.size(), true);
            loadStep(step);
            showMessage(tr("Step %1's goal: %2 Untick the checks the learner need not meet, and "
                           "say the goal in your words.")
                            .arg(step + 1)
                            .arg(goal.text),
                        false);
            if (done)
                done();
        });
}

void LessonBuilder::storeStep()
{
    if (m_current < 0 || m_current >= int(m_drafts.size()))
        return;
    auto &d = m_drafts[std::size_t(m_current)];
    d.title = m_stepTitle->text();
    d.narration = m_narration->toPlainText();
    d.highlight = m_highlight->currentData().toString();
    if (d.goal) {
        d.goal->text = m_goalText->text();
        for (int i = 0; i < m_checks->count() && i < int(d.keep.size()); ++i)
            d.keep[std::size_t(i)] = m_checks->item(i)->checkState() == Qt::Checked;
    }
    d.hints = m_hints->toPlainText();
    d.question = m_question->text();
    d.choices = m_choices->toPlainText();
    d.answer = m_answer->value() - 1;
    d.explanation = m_explanation->text();
}

void LessonBuilder::loadStep(int index)
{
    if (index < 0 || index >= int(m_drafts.size()))
        return;
    m_current = index;
    const auto &d = m_drafts[std::size_t(index)];
    m_stepTitle->setText(d.title);
    m_narration->setPlainText(d.narration);
    m_highlight->setCurrentIndex(std::max(0, m_highlight->findData(d.highlight)));
    m_goalText->setText(d.goal ? d.goal->text : QString());
    m_checks->clear();
    if (d.goal)
        for (std::size_t i = 0; i < d.goal->checks.size(); ++i) {
            auto *item = new QListWidgetItem(d.goal->checks[i].describe(), m_checks);
            item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
            item->setCheckState(i < d.keep.size() && !d.keep[i] ? Qt::Unchecked : Qt::Checked);
        }
    m_hints->setPlainText(d.hints);
    m_question->setText(d.question);
    m_choices->setPlainText(d.choices);
    m_answer->setValue(d.answer + 1);
    m_explanation->setText(d.explanation);
    refreshActions();
    if (m_steps->currentRow() != index) {
        const QSignalBlocker block(m_steps);
        m_steps->setCurrentRow(index);
    }
}

QString LessonBuilder::stepLabel(int index, const QString &title) const
{
    return QStringLiteral("%1. %2").arg(index + 1).arg(title.isEmpty() ? tr("(untitled)") : title);
}

void LessonBuilder::refreshSteps()
{
    const QSignalBlocker block(m_steps);
    m_steps->clear();
    for (std::size_t i = 0; i < m_drafts.size(); ++i)
        m_steps->addItem(stepLabel(int(i), m_drafts[i].title));
    m_steps->setCurrentRow(m_current);
}

void LessonBuilder::refreshActions()
{
    m_actions->clear();
    if (m_current < 0)
        return;
    const auto &d = m_drafts[std::size_t(m_current)];
    for (std::size_t i = 0; i < d.actions.size(); ++i) {
        auto *item = new QListWidgetItem(d.actions[i].describe(), m_actions);
        item->setData(kShowMeRole, false);
        item->setData(Qt::UserRole, int(i));
    }
    for (std::size_t i = 0; i < d.showMe.size(); ++i) {
        auto *item = new QListWidgetItem(tr("Learner: %1").arg(d.showMe[i].describe()), m_actions);
        item->setData(kShowMeRole, true);
        item->setData(Qt::UserRole, int(i));
        item->setToolTip(tr("The learner is asked to do this; \"Show me\" does it for them"));
    }
}

void LessonBuilder::removeAction()
{
    const auto *item = m_actions->currentItem();
    if (!item || m_current < 0)
        return;
    auto &d = m_drafts[std::size_t(m_current)];
    auto &list = item->data(kShowMeRole).toBool() ? d.showMe : d.actions;
    const int i = item->data(Qt::UserRole).toInt();
    if (i >= 0 && i < int(list.size()))
        list.erase(list.begin() + i);
    refreshActions();
}

void LessonBuilder::moveAction()
{
    const auto *item = m_actions->currentItem();
    if (!item || m_current < 0)
        return;
    auto &d = m_drafts[std::size_t(m_current)];
    const bool fromShowMe = item->data(kShowMeRole).toBool();
    auto &from = fromShowMe ? d.showMe : d.actions;
    auto &to = fromShowMe ? d.actions : d.showMe;
    const int i = item->data(Qt::UserRole).toInt();
    if (i < 0 || i >= int(from.size()))
        return;
    to.push_back(from[std::size_t(i)]);
    from.erase(from.begin() + i);
    refreshActions();
}

void LessonBuilder::showMessage(const QString &text, bool error)
{
    m_message->setStyleSheet(error ? errorTextCss() : QString());
    m_message->setText(text);
}

lesson::Lesson LessonBuilder::lesson()
{
    storeStep();
    lesson::Lesson l;
    l.title = m_title->text().trimmed();
    l.id = slug(l.title);
    l.summary = m_summary->text().trimmed();
    if (l.summary.isEmpty())
        l.summary = l.title;
    l.minutes = m_minutes->value();
    for (std::size_t i = 0; i < m_drafts.size(); ++i) {
        const auto &d = m_drafts[i];
        lesson::Step s;
        s.title = d.title.trimmed().isEmpty() ? tr("Step %1").arg(i + 1) : d.title.trimmed();
        s.narration = richText(d.narration);
        if (!d.highlight.isEmpty())
            s.highlight = lesson::Highlight{d.highlight.toStdString(), {}};
        s.actions = d.actions;
        if (d.goal || !d.showMe.empty()) {
            lesson::Goal g;
            if (d.goal) {
                g.text = d.goal->text.trimmed();
                for (std::size_t k = 0; k < d.goal->checks.size(); ++k)
                    if (k >= d.keep.size() || d.keep[k])
                        g.checks.push_back(d.goal->checks[k]);
            }
            g.hints = lines(d.hints);
            g.showMe = d.showMe;
            s.goal = g;
        }
        if (!d.question.trimmed().isEmpty()) {
            lesson::Question q;
            q.text = d.question.trimmed();
            q.choices = lines(d.choices);
            q.answer = d.answer;
            q.explanation = d.explanation.trimmed();
            s.question = q;
        }
        l.steps.push_back(std::move(s));
    }
    return l;
}

std::optional<lesson::Lesson> LessonBuilder::checkedLesson()
{
    const auto l = lesson();
    auto refuse = [this](const QString &why) -> std::optional<lesson::Lesson> {
        showMessage(why, true);
        return std::nullopt;
    };
    if (l.title.isEmpty())
        return refuse(tr("The lesson needs a title: write it under Lesson, then save again."));
    for (std::size_t i = 0; i < l.steps.size(); ++i) {
        const auto &s = l.steps[i];
        if (s.narration.isEmpty())
            return refuse(tr("Step %1 (%2) has no narration: write what the learner should "
                             "see and why, then save again.")
                              .arg(i + 1)
                              .arg(s.title));
        if (s.goal && s.goal->checks.empty())
            return refuse(tr("Step %1 (%2) asks the learner to do something but has no goal to "
                             "check it: press \"Goal from the current state\" once it is done "
                             "(or move the learner's task to the step's actions).")
                              .arg(i + 1)
                              .arg(s.title));
        if (s.goal && s.goal->text.isEmpty())
            return refuse(tr("Step %1 (%2) has a goal without words: say what the learner must "
                             "do.")
                              .arg(i + 1)
                              .arg(s.title));
    }
    // As `lesson check` would read the file…
    const auto parsed = lesson::parseLesson(lesson::writeLesson(l));
    if (!parsed.ok()) {
        const auto &e = parsed.errors.front();
        return refuse(tr("The lesson cannot be saved: %1: %2. Fix it, then save again.")
                          .arg(inSteps(e.field), e.message));
    }
    // …and as a learner would play it.
    const auto script = lesson::awsCliScript(parsed.lesson, QStringLiteral("check.sh"));
    if (!script.ok())
        return refuse(tr("The lesson cannot be played: %1. Remove or move that action, then "
                         "save again.")
                          .arg(inSteps(script.error)));
    return parsed.lesson;
}

bool LessonBuilder::save(const QString &path)
{
    const auto l = checkedLesson();
    if (!l)
        return false;
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)
        || file.write(lesson::writeLesson(*l)) < 0 || !file.flush()) {
        showMessage(tr("The lesson %1 cannot be written (%2). Choose a folder you can write to.")
                        .arg(QDir::toNativeSeparators(path), file.errorString()),
                    true);
        return false;
    }
    int goals = 0;
    for (const auto &s : l->steps)
        goals += s.goal ? 1 : 0;
    showMessage(tr("Saved %1: %2 steps, %3 goals. Share the file; it opens with Learn > "
                   "Lessons… > Open a lesson file…, or shardscope --lesson FILE.")
                    .arg(QDir::toNativeSeparators(path))
                    .arg(l->steps.size())
                    .arg(goals),
                false);
    return true;
}

bool LessonBuilder::exportScript(const QString &path)
{
    const auto l = checkedLesson();
    if (!l)
        return false;
    const auto script = lesson::writeAwsCliScript(*l, path);
    if (!script.ok()) {
        showMessage(tr("The script %1 cannot be written (%2). Choose a folder you can write to.")
                        .arg(QDir::toNativeSeparators(path), script.error),
                    true);
        return false;
    }
    showMessage(tr("Wrote %1: it replays the lesson on Amazon Kinesis for about $%2.")
                    .arg(QDir::toNativeSeparators(path))
                    .arg(script.cost.total, 0, 'f', script.cost.total < 0.1 ? 4 : 2),
                false);
    return true;
}

bool LessonBuilder::tryIt()
{
    if (!m_opener)
        return false;
    const auto l = checkedLesson();
    if (!l)
        return false;
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::TempLocation);
    const QString path = QDir(dir).filePath(QStringLiteral("shardscope-draft-%1.json").arg(l->id));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)
        || file.write(lesson::writeLesson(*l)) < 0 || !file.flush()) {
        showMessage(tr("The draft %1 cannot be written (%2).").arg(path, file.errorString()), true);
        return false;
    }
    file.close();
    const QString error = m_opener(path);
    if (!error.isEmpty()) {
        showMessage(tr("The lesson cannot be opened: %1").arg(error), true);
        return false;
    }
    showMessage(tr("The lesson is open in its own window, on a scratch engine."), false);
    return true;
}

} // namespace shs::ui
