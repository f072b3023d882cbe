// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "lesson_session.h"

#include "lessons/lesson_panel.h"
#include "lessons/lessons_page.h"
#include "main_window.h"

#include <QGuiApplication>
#include <QScreen>

namespace shs::app {

LessonSession::LessonSession(lesson::Lesson lesson, QObject *parent, EngineMaker maker)
    : QObject(parent),
      m_maker(maker ? std::move(maker) : EngineMaker([] { return ScratchEngine::create(); })),
      m_runner(new lesson::LessonRunner(
          std::move(lesson), [this] { return freshEngine(); }, this))
{
    connect(m_runner, &lesson::LessonRunner::engineChanged, this, &LessonSession::showEngine);
    connect(m_runner, &lesson::LessonRunner::stepChanged, this, [this] {
        if (m_window)
            m_window->highlight(m_runner->step().highlight);
    });
    connect(m_runner, &lesson::LessonRunner::lessonFinished, this,
            [](const QString &id) { ui::LessonsPage::markFinished(id); });
}

LessonSession::~LessonSession()
{
    // The runner's generators and the window use the scratch engine: both go before it.
    delete m_runner;
    m_runner = nullptr;
    m_replacing = true;
    delete m_window.data();
    m_scratch.reset();
}

void LessonSession::start()
{
    m_runner->begin();
}

service::StreamBackend *LessonSession::freshEngine()
{
    // The window on the old engine goes first (its views hold the old backend); the new one
    // takes its place when the runner announces the new engine.
    QRect geometry;
    if (m_window) {
        m_replacing = true;
        geometry = m_window->geometry();
        delete m_window.data();
        m_replacing = false;
    }
    m_scratch.reset();
    m_scratch = m_maker();
    if (!m_scratch)
        return nullptr;
    m_lastGeometry = geometry;
    return &m_scratch->backend();
}

void LessonSession::showEngine(service::StreamBackend *backend)
{
    if (!backend)
        return;
    auto *window = new ui::MainWindow(*backend);
    window->setAttribute(Qt::WA_DeleteOnClose, true);
    auto *panel = new ui::LessonPanel(*m_runner);
    window->setLessonPanel(panel, m_runner->lesson().title);
    if (m_lastGeometry.isValid())
        window->setGeometry(m_lastGeometry);
    else if (const QScreen *screen = QGuiApplication::primaryScreen())
        // Roomy where the screen allows, never larger than it (a 1280×720 projector).
        window->resize(QSize(1440, 820).boundedTo(screen->availableGeometry().size()));
    else
        window->resize(1440, 820);
    connect(window, &QObject::destroyed, this, [this] {
        if (!m_replacing)
            Q_EMIT ended();
    });
    m_window = window;
    window->show();
    window->highlight(m_runner->step().highlight);
}

} // namespace shs::app
