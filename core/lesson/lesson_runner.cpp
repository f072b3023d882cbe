// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "lesson_runner.h"

#include "engine/catalogue.h"

#include <QElapsedTimer>
#include <QTimer>

#include <algorithm>

namespace shs::lesson {

namespace {

constexpr int kPollMs = 250;
constexpr int kWaitStepMs = 20;
constexpr qint64 kWaitLimitMs = 60'000;

QString errorText(const core::Error &e)
{
    return QString::fromStdString(e.toString());
}

} // namespace

producer::KeyDistribution distributionOf(const std::string &name)
{
    if (name == "zipf")
        return producer::KeyDistribution::Zipf;
    if (name == "hotkey")
        return producer::KeyDistribution::HotKey;
    if (name == "sequential")
        return producer::KeyDistribution::Sequential;
    return producer::KeyDistribution::Uniform;
}

std::string distributionName(producer::KeyDistribution d)
{
    switch (d) {
    case producer::KeyDistribution::Zipf:
        return "zipf";
    case producer::KeyDistribution::HotKey:
        return "hotkey";
    case producer::KeyDistribution::Sequential:
        return "sequential";
    case producer::KeyDistribution::Uniform:
        break;
    }
    return "uniform";
}

core::StreamMode modeOf(const std::string &name)
{
    return name == "ON_DEMAND" ? core::StreamMode::OnDemand : core::StreamMode::Provisioned;
}

producer::GeneratorSpec generatorSpec(const Action &a)
{
    producer::GeneratorSpec spec;
    spec.streamName = a.stream;
    spec.recordsPerSecond = a.rate;
    spec.distinctKeys = a.keys;
    spec.distribution = distributionOf(a.distribution);
    spec.recordBytes = a.recordBytes;
    spec.retryThrottled = a.retry;
    return spec;
}

core::CreateStreamRequest createStreamRequest(const Action &a)
{
    core::CreateStreamRequest r;
    r.streamName = a.stream;
    if (a.mode == "ON_DEMAND")
        r.mode = core::StreamMode::OnDemand;
    else
        r.shardCount = a.shards;
    return r;
}

std::uint64_t generatorSeed(int step, std::size_t running)
{
    return static_cast<std::uint64_t>(step) * 1000 + running + 1;
}

std::string splitKey(const core::ShardInfo &shard, const std::string &at)
{
    if (at != "middle")
        return at;
    return shard.startingHashKey.plus(shard.endingHashKey.minus(shard.startingHashKey).dividedBy(2))
        .plusOne()
        .toDecimal();
}

LessonRunner::LessonRunner(Lesson lesson, EngineFactory factory, QObject *parent)
    : QObject(parent), m_lesson(std::move(lesson)), m_factory(std::move(factory)),
      m_poll(new QTimer(this))
{
    m_poll->setInterval(kPollMs);
    connect(m_poll, &QTimer::timeout, this, &LessonRunner::poll);
}

LessonRunner::~LessonRunner()
{
    stopGenerators();
}

void LessonRunner::setAutoplay(bool on)
{
    m_autoplay = on;
    if (on)
        QTimer::singleShot(0, this, [this, g = m_generation] {
            if (g == m_generation)
                autoAdvance();
        });
}

void LessonRunner::begin()
{
    rebuildTo(0);
}

LessonRunner::GoalState LessonRunner::goalState() const
{
    if (!step().goal)
        return GoalState::None;
    return m_reached ? GoalState::Reached : GoalState::Pending;
}

QString LessonRunner::nextHint()
{
    if (!step().goal || m_hintsShown >= step().goal->hints.size())
        return {};
    const QString hint = step().goal->hints.value(m_hintsShown++);
    Q_EMIT progressed();
    return hint;
}

void LessonRunner::showMe()
{
    if (!step().goal || m_busy)
        return;
    m_showMeDone = true;
    m_busy = true;
    Q_EMIT progressed();
    perform(step().goal->showMe, [this] {
        m_busy = false;
        Q_EMIT progressed();
        autoAdvance();
    });
}

bool LessonRunner::answer(int choice)
{
    if (!step().question)
        return false;
    m_answer = choice;
    Q_EMIT progressed();
    return choice == step().question->answer;
}

bool LessonRunner::canGoNext() const
{
    if (m_busy || m_finished)
        return false;
    if (step().goal && !m_reached)
        return false;
    if (step().question && m_answer < 0)
        return false;
    return true;
}

void LessonRunner::next()
{
    if (!canGoNext())
        return;
    if (atLastStep()) {
        m_finished = true;
        m_poll->stop();
        Q_EMIT progressed();
        Q_EMIT lessonFinished(m_lesson.id);
        return;
    }
    openStep(m_step + 1);
}

void LessonRunner::back()
{
    const int target = std::max(0, m_step - 1);
    QTimer::singleShot(0, this, [this, target] { rebuildTo(target); });
}

void LessonRunner::reset()
{
    QTimer::singleShot(0, this, [this] { rebuildTo(0); });
}

void LessonRunner::rebuildTo(int index)
{
    ++m_generation;
    stopGenerators();
    m_metrics.clear();
    m_metricsInFlight = false;
    m_finished = false;
    m_backend = nullptr;
    m_backend = m_factory();
    if (auto *embedded = m_backend ? m_backend->embedded() : nullptr)
        embedded->setSpeed(m_speedFactor);
    Q_EMIT engineChanged(m_backend);
    // The state a step starts from is what the steps before it did: their actions and, for a
    // goal, its "show me".
    std::vector<Action> replay;
    for (int i = 0; i < index; ++i) {
        const Step &s = m_lesson.steps[static_cast<std::size_t>(i)];
        replay.insert(replay.end(), s.actions.begin(), s.actions.end());
        if (s.goal)
            replay.insert(replay.end(), s.goal->showMe.begin(), s.goal->showMe.end());
    }
    m_step = index;
    m_busy = true;
    Q_EMIT progressed();
    perform(std::move(replay), [this, index] { openStep(index); });
}

void LessonRunner::openStep(int index)
{
    m_step = index;
    m_reached = false;
    m_showMeDone = false;
    m_hintsShown = 0;
    m_answer = -1;
    m_outcomes.clear();
    m_lastError.clear();
    m_busy = true;
    Q_EMIT stepChanged(index);
    perform(step().actions, [this] {
        m_busy = false;
        if (step().goal)
            m_poll->start();
        Q_EMIT progressed();
        autoAdvance();
    });
}

void LessonRunner::perform(std::vector<Action> actions, std::function<void()> done)
{
    auto queue = std::make_shared<std::vector<Action>>(std::move(actions));
    auto index = std::make_shared<std::size_t>(0);
    auto runNext = std::make_shared<std::function<void()>>();
    const auto generation = m_generation;
    // The step holds itself only weakly; each pending action's callback holds it strongly, so the
    // chain is freed when its last callback returns.
    std::weak_ptr<std::function<void()>> self = runNext;
    *runNext = [this, queue, index, self, done, generation] {
        if (generation != m_generation)
            return; // the engine was replaced meanwhile
        if (*index >= queue->size())
            return done();
        const Action &action = (*queue)[(*index)++];
        performOne(action, [this, next = self.lock(), generation, action](QString error) {
            if (generation != m_generation)
                return;
            if (!error.isEmpty()) {
                m_lastError = QStringLiteral("%1 (line %2): %3")
                                  .arg(action.describe())
                                  .arg(action.line)
                                  .arg(error);
                Q_EMIT actionFailed(m_lastError);
            }
            (*next)();
        });
    };
    (*runNext)();
}

const core::StreamInfo *LessonRunner::findStream(const std::string &name)
{
    m_seen = m_backend ? m_backend->mailbox().latest() : nullptr;
    return m_seen ? lesson::findStream(*m_seen, name) : nullptr;
}

void LessonRunner::performOne(const Action &a, std::function<void(QString error)> done)
{
    if (!m_backend)
        return done(QStringLiteral("no engine"));
    auto &backend = *m_backend;
    const auto generation = m_generation;
    // Waits until `until` holds of the stream's latest picture (nullptr: the stream is gone).
    auto waitUntil = [this, generation, name = a.stream,
                      done](std::function<bool(const core::StreamInfo *)> until) {
        auto timer = new QTimer(this);
        auto clock = std::make_shared<QElapsedTimer>();
        clock->start();
        timer->setInterval(kWaitStepMs);
        auto check = [this, timer, clock, generation, name, until, done] {
            if (generation != m_generation) {
                timer->deleteLater();
                return;
            }
            if (until(findStream(name))) {
                timer->stop();
                timer->deleteLater();
                return done({});
            }
            if (clock->elapsed() > kWaitLimitMs) {
                timer->stop();
                timer->deleteLater();
                done(QStringLiteral("the stream %1 did not get there within a minute (is engine "
                                    "time paused?)")
                         .arg(QString::fromStdString(name)));
            }
        };
        connect(timer, &QTimer::timeout, this, check);
        timer->start();
    };
    auto activeAnd = [](std::function<bool(const core::StreamInfo &)> also) {
        return [also](const core::StreamInfo *s) {
            return s && s->status == core::StreamStatus::Active && also(*s);
        };
    };
    // A split or a merge has taken effect when the shard it closes is closed.
    auto closedShard = [activeAnd](std::string id) {
        return activeAnd([id = std::move(id)](const core::StreamInfo &s) {
            return std::any_of(s.shards.begin(), s.shards.end(),
                               [&](const auto &x) { return x.shardId == id && !x.open; });
        });
    };
    // Submits `op`, then waits for `until` (on success) or reports the refusal.
    auto submitThen = [&, waitUntil](const auto &op, auto request,
                                     std::function<bool(const core::StreamInfo *)> until) {
        backend.submit(op, std::move(request), this, [done, waitUntil, until](auto result) {
            if (!result)
                return done(errorText(result.error()));
            waitUntil(until);
        });
    };
    const core::StreamInfo *stream = findStream(a.stream);
    const core::StreamRef ref{a.stream, stream ? stream->arn : std::string()};
    auto needStream = [&]() -> bool {
        if (stream)
            return true;
        done(QStringLiteral("there is no stream %1").arg(QString::fromStdString(a.stream)));
        return false;
    };

    switch (a.kind) {
    case Action::Kind::CreateStream: {
        auto r = createStreamRequest(a);
        return submitThen(core::ops::CreateStream, std::move(r),
                          activeAnd([](const core::StreamInfo &) { return true; }));
    }
    case Action::Kind::DeleteStream:
        if (!needStream())
            return;
        return submitThen(core::ops::DeleteStream, core::DeleteStreamRequest{ref, true},
                          [](const core::StreamInfo *s) { return s == nullptr; });
    case Action::Kind::StartGenerator: {
        if (!needStream())
            return;
        // Seeded by the step and the generator's place, so a lesson replays the same records.
        const auto seed = generatorSeed(m_step, m_generators.size());
        const auto spec = generatorSpec(a);
        auto *run = new producer::GeneratorRun(backend, spec, seed, this);
        m_generators.emplace_back(run);
        run->start();
        return done({});
    }
    case Action::Kind::StopGenerators:
        stopGenerators();
        return done({});
    case Action::Kind::SetSpeed:
        if (auto *embedded = backend.embedded())
            embedded->setSpeed(a.speed * m_speedFactor);
        return done({});
    case Action::Kind::Split: {
        if (!needStream())
            return;
        const auto shard = resolveShard(*stream, a.shard);
        if (!shard || !shard->open)
            return done(QStringLiteral("%1 is not an open shard of %2")
                            .arg(QString::fromStdString(a.shard.describe()),
                                 QString::fromStdString(a.stream)));
        const std::string key = splitKey(*shard, a.at);
        const std::string id = shard->shardId;
        return submitThen(core::ops::SplitShard, core::SplitShardRequest{ref, id, key},
                          closedShard(id));
    }
    case Action::Kind::Merge: {
        if (!needStream())
            return;
        const auto lower = resolveShard(*stream, a.shard);
        const auto upper = resolveShard(*stream, a.with);
        if (!lower || !upper)
            return done(QStringLiteral("%1 has no shard %2")
                            .arg(QString::fromStdString(a.stream),
                                 QString::fromStdString((!lower ? a.shard : a.with).describe())));
        const std::string id = lower->shardId;
        return submitThen(core::ops::MergeShards,
                          core::MergeShardsRequest{ref, lower->shardId, upper->shardId},
                          closedShard(id));
    }
    case Action::Kind::UpdateShardCount: {
        if (!needStream())
            return;
        core::UpdateShardCountRequest r;
        r.stream = ref;
        r.targetShardCount = a.target;
        const int target = a.target;
        return submitThen(
            core::ops::UpdateShardCount, std::move(r),
            activeAnd([target](const core::StreamInfo &s) { return s.openShardCount == target; }));
    }
    case Action::Kind::SetCapacityMode: {
        if (!needStream())
            return;
        const auto mode = modeOf(a.mode);
        if (stream->mode == mode)
            return done({});
        core::UpdateStreamModeRequest r;
        r.stream = ref;
        r.mode = mode;
        return submitThen(core::ops::UpdateStreamMode, std::move(r),
                          activeAnd([mode](const core::StreamInfo &s) { return s.mode == mode; }));
    }
    case Action::Kind::SetRetention: {
        if (!needStream())
            return;
        const int hours = a.hours;
        if (stream->retentionHours == hours)
            return done({});
        const auto &op = hours > stream->retentionHours ? core::ops::IncreaseStreamRetentionPeriod
                                                        : core::ops::DecreaseStreamRetentionPeriod;
        return submitThen(
            op, core::RetentionRequest{ref, hours},
            activeAnd([hours](const core::StreamInfo &s) { return s.retentionHours == hours; }));
    }
    case Action::Kind::PutRecords: {
        if (!needStream())
            return;
        core::PutRecordsRequest r;
        r.stream = ref;
        for (int i = 0; i < a.count; ++i)
            r.records.push_back({a.data, a.key, std::nullopt});
        backend.submit(core::ops::PutRecords, std::move(r), this, [done](auto result) {
            if (!result)
                return done(errorText(result.error()));
            if (result->failedRecordCount > 0)
                return done(QStringLiteral("%1 of the records were refused (%2)")
                                .arg(result->failedRecordCount)
                                .arg(QString::fromStdString(result->records.front().errorCode)));
            done({});
        });
        return;
    }
    }
    done({});
}

void LessonRunner::poll()
{
    if (!m_backend || m_busy || m_reached || !step().goal) {
        if (m_reached || !step().goal)
            m_poll->stop();
        return;
    }
    const auto snapshot = m_backend->mailbox().latest();
    if (!snapshot)
        return;
    const auto &checks = step().goal->checks;
    // One metrics request in flight at a time, for the first stream that needs one.
    // An answer lost with a replaced engine must not stall the goal: ask again after 2 s.
    if (m_metricsInFlight && m_metricsAsked.elapsed() > 2000)
        m_metricsInFlight = false;
    if (!m_metricsInFlight)
        for (const auto &c : checks)
            if (needsMetrics(c)) {
                m_metricsInFlight = true;
                m_metricsAsked.start();
                const auto generation = m_generation;
                m_backend->recentMetrics(core::StreamRef{c.stream, {}}, 120, this,
                                         [this, generation, name = c.stream](auto result) {
                                             if (generation != m_generation)
                                                 return;
                                             m_metricsInFlight = false;
                                             if (result)
                                                 m_metrics[name] = std::move(*result);
                                         });
                break;
            }
    m_outcomes.clear();
    bool all = true;
    for (const auto &c : checks) {
        const auto it = m_metrics.find(c.stream);
        m_outcomes.push_back(evaluate(c, *snapshot, it == m_metrics.end() ? nullptr : &it->second));
        all = all && m_outcomes.back().met;
    }
    Q_EMIT progressed();
    if (all) {
        m_reached = true;
        m_poll->stop();
        Q_EMIT progressed();
        Q_EMIT goalReached();
        autoAdvance();
    }
}

void LessonRunner::autoAdvance()
{
    if (!m_autoplay || m_busy || m_finished)
        return;
    if (step().question && m_answer < 0)
        answer(step().question->answer);
    if (step().goal && !m_reached && !m_showMeDone) {
        showMe();
        return;
    }
    if (canGoNext()) {
        const auto generation = m_generation;
        const int at = m_step;
        // A beat between steps, so that a person watching autoplay can follow.
        QTimer::singleShot(m_speedFactor > 1 ? 50 : 1500, this, [this, generation, at] {
            if (generation == m_generation && at == m_step && m_autoplay)
                next();
        });
    }
}

void LessonRunner::stopGenerators()
{
    for (auto &run : m_generators)
        if (run) {
            run->stop();
            delete run.data();
        }
    m_generators.clear();
}

} // namespace shs::lesson
