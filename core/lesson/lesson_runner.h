// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// LessonRunner: plays a Lesson on a scratch engine. Opening a step performs its actions in order
// (each waits for the stream to be ACTIVE again, as a person would); then, while the step's goal
// is not reached, its checks are evaluated four times a second against the engine's snapshot and
// the stream's per-second metrics. Next is allowed once the goal is reached and the question (if
// any) answered.
//
// Back and Reset need the engine as it was: the runner stops its generators and asks its
// EngineFactory for a fresh scratch engine (the window is rebuilt on it by the host), then
// replays every earlier step's actions and "show me" — a lesson's state is what its steps did.
// Both run from the event loop (queued), so a button of the window being replaced can call them.
//
// Autoplay answers each question and performs each "show me" as soon as a step is ready: the
// headless player (`shardscope-cli lesson play`, the tests) and the window's "Play it for me".
#include "goal_check.h"
#include "lesson.h"

#include "producer/generator_run.h"
#include "service/stream_backend.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>

#include <functional>
#include <map>
#include <memory>
#include <vector>

class QTimer;

namespace shs::lesson {

/// What the runner and the lesson scripts (lesson_script.h) share, so both play a lesson alike.
producer::KeyDistribution distributionOf(const std::string &name);
/// The lesson file's name of a distribution (distributionOf's inverse; not producer::toString,
/// which names it for people).
std::string distributionName(producer::KeyDistribution d);
core::StreamMode modeOf(const std::string &name);
producer::GeneratorSpec generatorSpec(const Action &startGenerator);
core::CreateStreamRequest createStreamRequest(const Action &createStream);
/// A lesson's generators are seeded by their step and how many run already: replays are equal.
std::uint64_t generatorSeed(int step, std::size_t running);
/// The hash key a split `at` ("middle" or a decimal key) of `shard` starts its upper child at.
std::string splitKey(const core::ShardInfo &shard, const std::string &at);

class LessonRunner : public QObject
{
    Q_OBJECT
  public:
    /// Destroys the previous scratch engine (if any) and returns a fresh, empty one that lives
    /// until the next call or the runner's end.
    using EngineFactory = std::function<service::StreamBackend *()>;

    enum class GoalState { None, Pending, Reached };

    LessonRunner(Lesson lesson, EngineFactory factory, QObject *parent = nullptr);
    ~LessonRunner() override;

    const Lesson &lesson() const { return m_lesson; }
    service::StreamBackend *backend() const { return m_backend; }
    int stepIndex() const { return m_step; }
    int stepCount() const { return static_cast<int>(m_lesson.steps.size()); }
    const Step &step() const { return m_lesson.steps[static_cast<std::size_t>(m_step)]; }

    /// Engine speeds the lesson sets are multiplied by this (headless play runs faster).
    void setSpeedFactor(double factor) { m_speedFactor = factor; }
    void setAutoplay(bool on);
    bool autoplay() const { return m_autoplay; }

    /// Creates the first scratch engine and opens step 0.
    void begin();
    bool busy() const { return m_busy; } ///< actions of the step (or "show me") still running
    GoalState goalState() const;
    /// Per check of the current goal: met, and what the engine shows.
    const std::vector<CheckOutcome> &checkOutcomes() const { return m_outcomes; }
    /// The hints revealed so far for this step.
    int hintsShown() const { return m_hintsShown; }
    /// Reveals the next hint; returns it (empty when none is left).
    QString nextHint();
    /// Performs the goal's "show me" actions.
    void showMe();
    bool questionAnswered() const { return m_answer >= 0; }
    int chosenAnswer() const { return m_answer; }
    /// Records the learner's answer; true when it is the right one.
    bool answer(int choice);
    bool canGoNext() const;
    bool atLastStep() const { return m_step + 1 >= stepCount(); }
    bool finished() const { return m_finished; }

    void next();
    void back();
    void reset();
    /// The last action that failed, or empty.
    const QString &lastError() const { return m_lastError; }

  Q_SIGNALS:
    /// A (new) scratch engine is in use: the host shows it.
    void engineChanged(service::StreamBackend *backend);
    void stepChanged(int index);
    /// Busy state, goal progress, hints or answer moved.
    void progressed();
    void goalReached();
    /// The learner went past the last step.
    void lessonFinished(const QString &lessonId);
    void actionFailed(const QString &message);

  private:
    void openStep(int index);
    void rebuildTo(int index);
    void perform(std::vector<Action> actions, std::function<void()> done);
    void performOne(const Action &action, std::function<void(QString error)> done);
    void poll();
    void autoAdvance();
    void stopGenerators();
    /// The stream in the latest snapshot (kept in m_seen, which the pointer points into).
    const core::StreamInfo *findStream(const std::string &name);

    Lesson m_lesson;
    EngineFactory m_factory;
    service::StreamBackend *m_backend = nullptr;
    std::vector<QPointer<producer::GeneratorRun>> m_generators;
    QTimer *m_poll;
    double m_speedFactor = 1;
    bool m_autoplay = false;
    int m_step = 0;
    bool m_busy = false;
    bool m_reached = false;
    bool m_finished = false;
    bool m_showMeDone = false;
    int m_hintsShown = 0;
    int m_answer = -1;
    std::uint64_t m_generation = 0; ///< bumped on every engine change: stale callbacks drop out
    std::vector<CheckOutcome> m_outcomes;
    std::map<std::string, service::MetricsWindow> m_metrics;
    bool m_metricsInFlight = false;
    QElapsedTimer m_metricsAsked;
    QString m_lastError;
    core::SnapshotPtr m_seen;
};

} // namespace shs::lesson
