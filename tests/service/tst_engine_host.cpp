// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "manual_clock.h"

#include "service/engine_host.h"
#include "service/local_backend.h"
#include "store/memory_storage.h"

#include <QtTest>

#include <atomic>
#include <condition_variable>
#include <future>
#include <mutex>
#include <thread>

using namespace shs;
using namespace shs::core;

namespace {
/// MemoryStorage whose commits wait until the test opens the gate.
class GatedStorage final : public StoragePort
{
  public:
    store::MemoryStorage inner;
    std::mutex m;
    std::condition_variable cv;
    bool open = true;
    int commits = 0;
    std::atomic<int> waiting{0}; ///< commits held at the gate now

    Result<LoadedState> load() override { return inner.load(); }
    Result<void> readRecords(std::uint64_t a, std::uint64_t b, std::int64_t c, std::size_t d,
                             std::size_t e, std::vector<StoredRecord> &out) override
    {
        return inner.readRecords(a, b, c, d, e, out);
    }
    Result<std::optional<std::pair<std::uint64_t, std::int64_t>>>
    firstRecordFrom(std::uint64_t a, std::uint64_t b) override
    {
        return inner.firstRecordFrom(a, b);
    }
    Result<std::unique_ptr<RecordReader>> openReader() override { return inner.openReader(); }
    Result<void> readMinutePoints(std::uint64_t s, std::int64_t from, std::int64_t to,
                                  std::vector<MinutePoint> &out) override
    {
        return inner.readMinutePoints(s, from, to, out);
    }
    Result<void> commit(const WriteBatch &batch) override
    {
        std::unique_lock lock(m);
        ++waiting;
        cv.wait(lock, [this] { return open; });
        --waiting;
        ++commits;
        return inner.commit(batch);
    }
    void setOpen(bool o)
    {
        {
            std::lock_guard lock(m);
            open = o;
        }
        cv.notify_all();
    }
};

void makeActiveStream(service::EngineHost &host, test::ManualClock &clock, int shards = 4)
{
    CreateStreamRequest c;
    c.streamName = "s";
    c.shardCount = shards;
    QVERIFY(host.call<void>([c](Engine &e) { return e.createStream(c); }));
    clock.advance(500);
    QVERIFY(host.call<void>([](Engine &e) {
        e.tick();
        return ok();
    }));
}
/// A started host over a GatedStorage with an ACTIVE 4-shard stream "s".
struct GatedHost
{
    GatedStorage *gate;
    std::shared_ptr<test::ManualClock> clock = std::make_shared<test::ManualClock>();
    std::unique_ptr<service::EngineHost> host;
    GatedHost()
    {
        auto storage = std::make_unique<GatedStorage>();
        gate = storage.get();
        host = std::make_unique<service::EngineHost>(std::move(storage), EngineConfig{}, clock);
        QVERIFY(host->start());
        makeActiveStream(*host, *clock);
    }
};
} // namespace

class TestEngineHost : public QObject
{
    Q_OBJECT
  private Q_SLOTS:
    void acknowledgementWaitsForTheCommit();
    void concurrentPutsShareCommits();
    void readsAreAnsweredWithoutWaitingForCommits();
    void failedCommitFailsItsCallersAndTurnsReadOnly();
    void localBackendDeliversOnTheContextThreadAndDropsDeadContexts();
    void callLatencyIsMeasured();
    void aJobThatThrowsIsRefusedAndItsNeighboursRunOnce();
    void metricMinutesCountAsKeptOnceCommitted();
};

void TestEngineHost::callLatencyIsMeasured()
{
    GatedHost g;
    GatedStorage *gate = g.gate;
    service::EngineHost &host = *g.host;
    gate->setOpen(false);
    std::thread opener([gate] {
        std::this_thread::sleep_for(std::chrono::milliseconds(30));
        gate->setOpen(true);
    });
    QVERIFY(host.putRecord({{"s", {}}, "d", "pk", {}, {}})); // waits ~30 ms for its commit
    opener.join();
    PutRecordsRequest batch{{"s", {}}, {{"a", "k", {}}, {"b", "k", {}}}};
    QVERIFY(host.putRecords(batch));
    // A refused call is no success: it counts in PutRecord(s).Success's average as a failure.
    QVERIFY(!host.putRecord({{"s", {}}, "d", std::string(257, 'k'), {}, {}}));
    auto it = host.call<GetShardIteratorResult>([](Engine &e) {
        return e.getShardIterator(
            {{"s", {}}, "shardId-000000000000", ShardIteratorType::TrimHorizon, {}, {}});
    });
    (void)host.getRecords({it->shardIterator, {}, {}});
    // The read's latency is recorded by a job queued before the answer; let it run at this
    // engine time before moving the clock, or it lands in the next (incomplete) second.
    host.flush();
    g.clock->advance(1000);
    host.flush();
    auto m = host.call<Engine::StreamMetrics>([](Engine &e) {
        return e.recentMetrics({"s", {}}, 2);
    });
    QVERIFY(m);
    auto total = [&](Metric metric) {
        std::int64_t v = 0;
        for (const auto &s : m->stream)
            v = std::max(v, s.values[static_cast<std::size_t>(metric)]);
        return v;
    };
    QCOMPARE(total(Metric::PutRecordsSuccess), 2);
    QCOMPARE(total(Metric::PutRecordsFailedCalls), 1);
    QVERIFY2(total(Metric::PutRecordsLatencyMaxMicros) >= 25'000,
             qPrintable(QString::number(total(Metric::PutRecordsLatencyMaxMicros))));
    QVERIFY(total(Metric::PutRecordsLatencySumMicros) >= total(Metric::PutRecordsLatencyMaxMicros));
    QVERIFY(total(Metric::GetRecordsLatencyMaxMicros) > 0);
    host.stop();
}

void TestEngineHost::acknowledgementWaitsForTheCommit()
{
    GatedHost g;
    GatedStorage *gate = g.gate;
    service::EngineHost &host = *g.host;
    gate->setOpen(false);
    std::atomic<bool> acked{false};
    PutRecordRequest r{{"s", {}}, "data", "pk", {}, {}};
    host.post<PutRecordResult>([r](Engine &e) mutable { return e.putRecord(std::move(r)); },
                               [&](Result<PutRecordResult> res) { acked = res.has_value(); });
    // The record's commit is held at the gate: not durable yet, so not acknowledged.
    QTRY_VERIFY(gate->waiting.load() > 0);
    QVERIFY(!acked.load());
    QCOMPARE(gate->inner.recordCount(), size_t(0));
    gate->setOpen(true);
    QTRY_VERIFY(acked.load());
    QCOMPARE(gate->inner.recordCount(), size_t(1));
    host.stop();
}

void TestEngineHost::metricMinutesCountAsKeptOnceCommitted()
{
    // A jump of engine time ends a minute before the tick that closes it is committed:
    // metricsKeptThroughMs() says how far the minutes can be read whole (the alarms evaluate no
    // further), and passes the minute only once its points are on disk.
    GatedHost g;
    service::EngineHost &host = *g.host;
    QTRY_VERIFY(host.metricsKeptThroughMs() >= g.clock->nowMs());
    const std::int64_t minute = g.clock->nowMs() / 60'000;
    PutRecordRequest r{{"s", {}}, "data", "pk", {}, {}};
    QVERIFY(
        host.call<PutRecordResult>([r](Engine &e) mutable { return e.putRecord(std::move(r)); }));
    g.gate->setOpen(false);
    g.clock->advance(60'000);
    const auto ticks = host.stats().ticks;
    QTRY_VERIFY(host.stats().ticks >= ticks + 2);
    QTRY_VERIFY(g.gate->waiting.load() > 0); // the tick that closed the minute, at the gate
    QVERIFY(host.metricsKeptThroughMs() < (minute + 1) * 60'000);
    g.gate->setOpen(true);
    QTRY_VERIFY(host.metricsKeptThroughMs() >= (minute + 1) * 60'000);
    const auto points = host.call<std::vector<MinutePoint>>([minute](Engine &e) {
        return e.metricHistory({"s", {}}, minute * 60'000, (minute + 1) * 60'000);
    });
    QVERIFY(points);
    std::int64_t incoming = 0;
    for (const auto &p : *points)
        if (p.minute == minute && p.shardIndex == kStreamTotalsShard)
            incoming += p.values[std::size_t(Metric::IncomingRecords)];
    QCOMPARE(incoming, std::int64_t(1));
    host.stop();
}

void TestEngineHost::concurrentPutsShareCommits()
{
    GatedHost g;
    GatedStorage *gate = g.gate;
    service::EngineHost &host = *g.host;
    const int before = gate->commits;
    // Hold the disk while 16 callers queue up: they must all land in very few transactions.
    gate->setOpen(false);
    std::vector<std::thread> callers;
    std::atomic<int> ok{0};
    for (int t = 0; t < 16; ++t)
        callers.emplace_back([&, t] {
            PutRecordRequest r{{"s", {}}, "d", "pk-" + std::to_string(t), {}, {}};
            if (host.call<PutRecordResult>(
                    [r](Engine &e) mutable { return e.putRecord(std::move(r)); }))
                ++ok;
        });
    QTest::qWait(200);
    gate->setOpen(true);
    for (auto &c : callers)
        c.join();
    QCOMPARE(ok.load(), 16);
    QCOMPARE(gate->inner.recordCount(), size_t(16));
    QVERIFY2(gate->commits - before <= 3, qPrintable(QString::number(gate->commits - before)));
    host.stop();
}

void TestEngineHost::readsAreAnsweredWithoutWaitingForCommits()
{
    GatedHost g;
    GatedStorage *gate = g.gate;
    service::EngineHost &host = *g.host;
    gate->setOpen(false);
    host.post<PutRecordResult>(
        [](Engine &e) {
            return e.putRecord({{"s", {}}, "d", "pk", {}, {}});
        },
        [](Result<PutRecordResult>) {});
    auto summary = host.call<StreamDescriptionSummary>([](Engine &e) {
        return e.describeStreamSummary({"s", {}});
    });
    QVERIFY(summary);
    gate->setOpen(true);
    host.stop();
}

void TestEngineHost::failedCommitFailsItsCallersAndTurnsReadOnly()
{
    auto storage = std::make_unique<store::MemoryStorage>();
    store::MemoryStorage *mem = storage.get();
    auto clock = std::make_shared<test::ManualClock>();
    service::EngineHost host(std::move(storage), {}, clock);
    QVERIFY(host.start());
    makeActiveStream(host, *clock);
    mem->failNextCommits(1, "Cannot commit: database or disk is full");
    auto r = host.call<PutRecordResult>([](Engine &e) {
        return e.putRecord({{"s", {}}, "d", "pk", {}, {}});
    });
    QVERIFY(!r);
    QCOMPARE(QString::fromUtf8(r.error().name().data()),
             QStringLiteral("InternalFailureException"));
    QVERIFY(QString::fromStdString(r.error().message).contains(QStringLiteral("disk is full")));
    QTRY_VERIFY(host.mailbox().latest() && host.mailbox().latest()->failure.has_value());
    auto again = host.call<PutRecordResult>([](Engine &e) {
        return e.putRecord({{"s", {}}, "d", "pk", {}, {}});
    });
    QVERIFY(!again);
    QCOMPARE(mem->recordCount(), size_t(0));
    host.stop();
}

void TestEngineHost::aJobThatThrowsIsRefusedAndItsNeighboursRunOnce()
{
    GatedHost g;
    service::EngineHost &host = *g.host;
    // Hold the engine thread in a first job so that the next three are taken as one batch.
    std::promise<void> release;
    std::shared_future<void> released = release.get_future().share();
    std::atomic<int> entered{0};
    host.post<bool>(
        [released, &entered](Engine &) -> Result<bool> {
            ++entered;
            released.wait();
            return true;
        },
        [](Result<bool>) {});
    QTRY_COMPARE(entered.load(), 1);
    std::atomic<int> runs{0}, answers{0};
    std::vector<Result<PutRecordResult>> results(3, Result<PutRecordResult>(Error{}));
    std::mutex resultsMutex;
    auto answer = [&](int i) {
        return [&, i](Result<PutRecordResult> r) {
            std::lock_guard lock(resultsMutex);
            results[std::size_t(i)] = std::move(r);
            ++answers;
        };
    };
    auto put = [&runs](Engine &e) {
        ++runs;
        return e.putRecord({{"s", {}}, "d", "pk", {}, {}});
    };
    host.post<PutRecordResult>(put, answer(0));
    host.post<PutRecordResult>(
        [&runs](Engine &e) -> Result<PutRecordResult> {
            ++runs;
            // Staged, then thrown: half an operation, which must not reach the disk.
            (void)e.putRecord({{"s", {}}, "half", "pk", {}, {}});
            throw std::runtime_error("a bug in an operation");
        },
        answer(1));
    host.post<PutRecordResult>(put, answer(2));
    release.set_value();
    QTRY_COMPARE(answers.load(), 3);
    host.flush();
    QCOMPARE(runs.load(), 3); // each job ran once (the jobs before a throw ran twice before)
    QCOMPARE(answers.load(), 3);
    QVERIFY(results[0]); // acknowledged as usual
    QVERIFY(!results[1]);
    QCOMPARE(results[1].error().code, ErrorCode::InternalFailure);
    QVERIFY(QString::fromStdString(results[1].error().message)
                .contains(QStringLiteral("internal error (a bug in an operation)")));
    QVERIFY(!results[2]); // the engine is read-only after the bug
    const auto snapshot = host.mailbox().latest();
    QVERIFY(snapshot && snapshot->failure);
    QCOMPARE(snapshot->failure->kind, EngineFailure::Kind::Internal);
    // Only the acknowledged record is stored: the thrower's staged write was dropped.
    std::size_t stored = 0;
    for (int shard = 0; shard < 4; ++shard) {
        auto iterator = host.call<GetShardIteratorResult>([shard](Engine &e) {
            GetShardIteratorRequest r;
            r.stream.name = "s";
            r.shardId = formatShardId(std::uint32_t(shard));
            return e.getShardIterator(r);
        });
        QVERIFY(iterator);
        auto records = host.getRecords({iterator->shardIterator, {}, {}});
        QVERIFY(records);
        for (const auto &rec : records->records) {
            QCOMPARE(QByteArray::fromStdString(rec.data), QByteArray("d"));
            ++stored;
        }
    }
    QCOMPARE(stored, std::size_t(1));
    host.stop();
}

void TestEngineHost::localBackendDeliversOnTheContextThreadAndDropsDeadContexts()
{
    auto clock = std::make_shared<ScaledClock>();
    clock->setSpeed(100);
    service::EngineHost host(std::make_unique<store::MemoryStorage>(), {}, clock);
    QVERIFY(host.start());
    service::LocalBackend backend(host, clock, QStringLiteral("/tmp/x"));
    QObject context;
    bool delivered = false;
    Qt::HANDLE thread = nullptr;
    CreateStreamRequest c;
    c.streamName = "ui";
    c.shardCount = 1;
    backend.submit(ops::CreateStream, c, &context, [&](Result<void> res) {
        delivered = res.has_value();
        thread = QThread::currentThreadId();
    });
    QTRY_VERIFY(delivered);
    QCOMPARE(thread, QThread::currentThreadId());

    auto *dead = new QObject;
    bool called = false;
    // A second answer to a live context, after the one to the dead one: once it has arrived,
    // the dead one's would have too.
    bool later = false;
    backend.submit(ops::DescribeStreamSummary, StreamRef{"ui", {}}, dead,
                   [&](Result<StreamDescriptionSummary>) { called = true; });
    backend.submit(ops::DescribeStreamSummary, StreamRef{"ui", {}}, &context,
                   [&](Result<StreamDescriptionSummary>) { later = true; });
    delete dead;
    QTRY_VERIFY(later);
    QVERIFY(!called);

    // The backend itself goes away while an answer is on its way (an in-flight put at exit):
    // the answer is dropped, not posted to a deleted object.
    std::mutex m;
    std::condition_variable cv;
    bool release = false;
    auto gone = std::make_unique<service::LocalBackend>(host, clock, QStringLiteral("/tmp/x"));
    host.post<void>(
        [&](Engine &) -> Result<void> {
            std::unique_lock lock(m);
            cv.wait(lock, [&] { return release; });
            return {};
        },
        [](Result<void>) {});
    bool answered = false;
    gone->submit(ops::PutRecord,
                 PutRecordRequest{{"ui", {}}, "data", "key", std::nullopt, std::nullopt}, &context,
                 [&](Result<PutRecordResult>) { answered = true; });
    gone.reset();
    {
        std::lock_guard lock(m);
        release = true;
    }
    cv.notify_all();
    QVERIFY(
        host.call<void>([](Engine &) -> Result<void> { return {}; })); // the put has been answered
    QTest::qWait(50);
    QVERIFY(!answered);
    host.stop();
}

QTEST_GUILESS_MAIN(TestEngineHost)
#include "tst_engine_host.moc"
