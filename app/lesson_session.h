// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// LessonSession: one open lesson — its runner, its scratch engine and the window on it with the
// lesson panel docked. Back and Reset give the runner a fresh scratch engine; the session then
// replaces the window (same place and size) on it. Closing the window ends the session; finishing
// the lesson marks it finished for this user.
#include "scratch_engine.h"

#include "lesson/lesson_runner.h"
#include "main_window.h"

#include <QObject>
#include <QPointer>
#include <QRect>

#include <functional>
#include <memory>

namespace shs::app {

class LessonSession final : public QObject
{
    Q_OBJECT
  public:
    /// Makes each scratch engine (ScratchEngine::create() by default; screenshots pin the time).
    using EngineMaker = std::function<std::unique_ptr<ScratchEngine>()>;

    explicit LessonSession(lesson::Lesson lesson, QObject *parent = nullptr,
                           EngineMaker maker = {});
    ~LessonSession() override;

    /// Builds the first scratch engine and window, and opens step 1.
    void start();
    ui::MainWindow *window() const { return m_window; }
    lesson::LessonRunner &runner() { return *m_runner; }

  Q_SIGNALS:
    /// The learner closed the lesson's window.
    void ended();

  private:
    service::StreamBackend *freshEngine();
    void showEngine(service::StreamBackend *backend);

    EngineMaker m_maker;
    std::unique_ptr<ScratchEngine> m_scratch;
    lesson::LessonRunner *m_runner;
    QPointer<ui::MainWindow> m_window;
    bool m_replacing = false;
    QRect m_lastGeometry;
};

} // namespace shs::app
