// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
// A KCL-style consumer application end to end on the embedded engine: workers balance the leases,
// every record is processed, a key stays with one worker, and the failures — a graceful stop, a
// kill, a pause past the lease duration (a zombie) — move leases as the KCL's rules say, with
// duplicates only where a checkpoint was missed; children are processed after their parents
// across a split and a merge; and at-least-once holds across random kills and reshards. The
// application's time is a ManualClock the test moves; nothing here waits for time to pass.
#include "consumer/consumer_application.h"
#include "embedded_backend.h"
#include "manual_clock.h"
#include "store/sqlite_lease_table.h"

#include <QtTest>

#include <random>
#include <set>

using namespace shs;
using namespace shs::core;
using consumer::ConsumerApplication;
using consumer::ConsumerOptions;

class TestConsumerApplication : public QObject
{
    Q_OBJECT
  private Q_SLOTS:
    void init();
    void cleanup();
    void workersShareTheShardsAndProcessEveryRecordOnce();
    void aKilledWorkersLeasesExpireAndItsUncheckpointedRecordsComeAgain();
    void aKilledWorkersLeasesAreOwnedAgainWithinALeaseDurationAndACycle();
    void aStoppedWorkerCheckpointsAndHandsOverWithoutDuplicates();
    void aPausedWorkerLosesItsLeasesAndNotices();
    void childrenAfterTheirParentsAcrossASplitAndAMerge();
    void atLeastOnceAcrossKillsAndReshards();
    void aFailingProcessorSkipsTheRestOfItsBatch();
    void aSlowProcessorHoldsItsShardForItsCost();
    void aForwardingProcessorFeedsAnotherStream();
    void fanOutRegistersAConsumerAndSubscribesEachShard();

  private:
    void control(std::function<Result<void>(Engine &)> job);
    void create(const std::string &name, int shards);
    /// Puts `n` records over `keys` keys ("k0".."k<keys-1>", data "<key>#<i>"); remembers them.
    void put(const std::string &stream, int n, int keys);
    std::unique_ptr<ConsumerApplication> app(ConsumerOptions o, int workers);
    /// Ticks the application, `stepMs` of its clock a step, until `done` (false after maxSteps).
    bool runUntil(ConsumerApplication &a, const std::function<bool()> &done, int maxSteps = 3000,
                  std::int64_t stepMs = 100);
    std::vector<ShardDescription> openShards(const std::string &stream);
    std::int64_t countRecords(const std::string &stream);
    bool everyPutProcessed(const ConsumerApplication &a) const;
    std::map<std::string, int> leasesByOwner(const ConsumerApplication &a) const;

    test::EmbeddedBackend m_engine;
    test::ManualClock m_clock{1'000'000};
    std::unique_ptr<store::SqliteLeaseTable> m_table;
    std::vector<std::pair<std::string, std::string>> m_put; ///< (shard, sequence number)
    std::uint64_t m_putChecksum = 0;
    int m_counter = 0;
    /// The engine's clock moves with the application's (fan-out: SubscribeToShard's 5-second
    /// rule and heartbeats are engine time).
    bool m_engineFollows = false;
};

void TestConsumerApplication::init()
{
    EngineConfig cfg;
    cfg.createDelayMs = 0;
    cfg.updateDelayMs = 0;
    cfg.limits = LimitsProfile::off();
    QVERIFY(m_engine.start(cfg));
    auto t = store::SqliteLeaseTable::open(":memory:", "app", "orders");
    QVERIFY(t);
    m_table = std::move(*t);
    m_put.clear();
    m_putChecksum = 0;
    m_counter = 0;
    m_engineFollows = false;
}

void TestConsumerApplication::cleanup()
{
    m_table.reset();
    m_engine.stop();
}

void TestConsumerApplication::control(std::function<Result<void>(Engine &)> job)
{
    m_engine.clock->advance(1000);
    auto r = m_engine.host->call<void>([job](Engine &e) -> Result<void> {
        auto out = job(e);
        e.tick();
        return out;
    });
    QVERIFY2(r, r ? "" : r.error().message.c_str());
}

void TestConsumerApplication::create(const std::string &name, int shards)
{
    CreateStreamRequest c;
    c.streamName = name;
    c.shardCount = shards;
    control([c](Engine &e) { return e.createStream(c); });
}

void TestConsumerApplication::put(const std::string &stream, int n, int keys)
{
    PutRecordsRequest request;
    request.stream.name = stream;
    for (int i = 0; i < n; ++i) {
        const std::string key = "k" + std::to_string(m_counter % keys);
        request.records.push_back({key + "#" + std::to_string(m_counter), key, std::nullopt});
        ++m_counter;
    }
    auto copy = request.records;
    auto r = m_engine.host->call<PutRecordsResult>(
        [request](Engine &e) mutable { return e.putRecords(std::move(request)); });
    QVERIFY(r);
    QCOMPARE(r->failedRecordCount, 0);
    for (std::size_t i = 0; i < r->records.size(); ++i) {
        m_put.emplace_back(r->records[i].shardId, r->records[i].sequenceNumber);
        m_putChecksum += consumer::recordChecksum(copy[i].data);
    }
}

std::unique_ptr<ConsumerApplication> TestConsumerApplication::app(ConsumerOptions o, int workers)
{
    if (o.application.empty())
        o.application = "app";
    if (o.stream.empty())
        o.stream = "orders";
    auto a = std::make_unique<ConsumerApplication>(o, *m_engine.backend, *m_table, m_clock);
    a->start(workers, 0);
    return a;
}

bool TestConsumerApplication::runUntil(ConsumerApplication &a, const std::function<bool()> &done,
                                       int maxSteps, std::int64_t stepMs)
{
    for (int i = 0; i < maxSteps; ++i) {
        if (done())
            return true;
        m_clock.advance(stepMs);
        if (m_engineFollows)
            m_engine.clock->advance(stepMs);
        a.tick();
        QTest::qWait(1); // the engine thread's answers
    }
    return done();
}

std::vector<ShardDescription> TestConsumerApplication::openShards(const std::string &stream)
{
    ListShardsRequest r;
    r.stream.name = stream;
    r.filter = ShardFilter{ShardFilterType::AtLatest, std::nullopt, std::nullopt};
    auto got = m_engine.host->call<ListShardsResult>([r](Engine &e) { return e.listShards(r); });
    return got ? got->shards : std::vector<ShardDescription>{};
}

std::int64_t TestConsumerApplication::countRecords(const std::string &stream)
{
    return *m_engine.host->call<std::int64_t>([stream](Engine &e) -> Result<std::int64_t> {
        ListShardsRequest l;
        l.stream.name = stream;
        auto shards = e.listShards(l);
        if (!shards)
            return shards.error();
        std::int64_t n = 0;
        for (const auto &s : shards->shards) {
            auto it = e.getShardIterator({{stream, {}},
                                          s.shardId,
                                          ShardIteratorType::TrimHorizon,
                                          std::nullopt,
                                          std::nullopt});
            if (!it)
                return it.error();
            std::optional<std::string> next = it->shardIterator;
            while (next) {
                auto got = e.getRecords({*next, 10000, std::nullopt});
                if (!got)
                    return got.error();
                n += std::int64_t(got->records.size());
                if (got->records.empty())
                    break;
                next = got->nextShardIterator;
            }
        }
        return n;
    });
}

bool TestConsumerApplication::everyPutProcessed(const ConsumerApplication &a) const
{
    for (const auto &[shard, seq] : m_put)
        if (!a.ledger().contains(shard, seq))
            return false;
    return true;
}

std::map<std::string, int>
TestConsumerApplication::leasesByOwner(const ConsumerApplication &a) const
{
    std::map<std::string, int> out;
    for (const auto &w : a.workers())
        out[w->id()] = int(w->shards().size());
    return out;
}

namespace {
/// Every duplicate is explained by a missed checkpoint, and no more (true once the workers that
/// lost leases have noticed).
bool explained(const ConsumerApplication &a)
{
    return a.ledger().duplicates() == a.ledger().expectedRedeliveries();
}

bool logged(const ConsumerApplication &a, const std::string &worker, const std::string &text)
{
    for (const auto &e : a.ledger().events())
        if ((worker.empty() || e.worker == worker) && e.text.find(text) != std::string::npos)
            return true;
    return false;
}
} // namespace

void TestConsumerApplication::workersShareTheShardsAndProcessEveryRecordOnce()
{
    create("orders", 4);
    put("orders", 400, 20);
    ConsumerOptions o;
    o.idleBetweenReadsMs = 200;
    auto a = app(o, 3);
    QVERIFY(runUntil(*a, [&] {
        auto held = leasesByOwner(*a);
        return a->ledger().distinct() == 400 && held["w1"] >= 1 && held["w2"] >= 1
               && held["w3"] >= 1;
    }));
    const auto s = a->snapshot();
    QCOMPARE(int(s.leases.size()), 4);
    for (const auto &l : s.leases) {
        QVERIFY(!l.leaseOwner.empty());
        QCOMPARE(l.startingHashKey.empty(), false);
    }
    // Workers started together: the first took every unowned lease, the others stole towards an
    // even share. A stolen lease's old owner processed until its renewal failed; once it noticed,
    // the duplicates are exactly what it processed since its last checkpoint.
    QVERIFY(runUntil(*a, [&] { return explained(*a); }));
    QCOMPARE(a->ledger().checksum(), m_putChecksum);
    QVERIFY(everyPutProcessed(*a));
    // Balancing moved leases (stolen), but a key's records were all read from one shard, so
    // each key ended with the worker that holds its shard.
    std::map<std::string, std::string> shardOwner;
    for (const auto &l : s.leases)
        shardOwner[l.leaseKey] = l.leaseOwner;
    QCOMPARE(int(a->ledger().keyOwners().size()), 20);
    // Checkpoints reached the table (every 10 s of the application's clock, or at 1,000).
    QVERIFY(runUntil(*a, [&] {
        for (const auto &l : a->snapshot().leases)
            if (checkpoint::isSentinel(l.checkpoint))
                return false;
        return true;
    }));
}

void TestConsumerApplication::aKilledWorkersLeasesExpireAndItsUncheckpointedRecordsComeAgain()
{
    create("orders", 2);
    put("orders", 100, 10);
    ConsumerOptions o;
    o.idleBetweenReadsMs = 200;
    o.checkpointEveryRecords = 0; // no checkpoints at all: everything w1 did is redone
    o.checkpointEveryMs = 0;
    auto a = app(o, 2);
    QVERIFY(runUntil(*a, [&] {
        auto held = leasesByOwner(*a);
        return a->ledger().distinct() == 100 && held["w1"] == 1 && held["w2"] == 1;
    }));
    QVERIFY(runUntil(*a, [&] { return explained(*a); }));
    const std::int64_t dupsBefore = a->ledger().duplicates();
    const std::int64_t w1Processed = a->worker("w1")->shards().begin()->second->processed();
    QVERIFY(w1Processed > 0);
    const std::int64_t killedAt = m_clock.nowMs();
    QVERIFY(a->killWorker("w1"));
    put("orders", 50, 10);
    QVERIFY(runUntil(*a, [&] { return leasesByOwner(*a)["w2"] == 2 && everyPutProcessed(*a); }));
    // w2 took w1's lease only once it had stood still for the lease duration.
    QVERIFY(logged(*a, "w2", "(expired; was w1)"));
    std::int64_t tookAt = 0;
    for (const auto &e : a->ledger().events())
        if (e.worker == "w2" && e.text.find("was w1") != std::string::npos)
            tookAt = e.atMs;
    QVERIFY(tookAt - killedAt > o.leaseDurationMs);
    // Everything w1 processed on its lease since its last checkpoint (all of it) came again.
    QCOMPARE(a->ledger().duplicates() - dupsBefore, w1Processed);
    QVERIFY(explained(*a));
    QCOMPARE(a->ledger().distinct(), std::int64_t(150));
    QCOMPARE(a->ledger().checksum(), m_putChecksum);
}

void TestConsumerApplication::aKilledWorkersLeasesAreOwnedAgainWithinALeaseDurationAndACycle()
{
    // However a kill falls against the survivors' scans, every lease of the killed worker is
    // owned again within one lease duration plus one balancing cycle (2 × the lease duration).
    create("orders", 6);
    put("orders", 60, 12);
    ConsumerOptions o;
    o.idleBetweenReadsMs = 200;
    auto a = app(o, 3);
    std::int64_t worst = 0;
    std::string victim = "w1";
    for (int trial = 0; trial < 5; ++trial) {
        QVERIFY(runUntil(
            *a,
            [&] {
                for (const auto &[worker, held] : leasesByOwner(*a))
                    if (a->worker(worker)->state() == consumer::ConsumerWorker::State::Running
                        && held != 2)
                        return false;
                return true;
            },
            4000));
        // Kills at different phases of the survivors' cycles.
        QVERIFY(runUntil(
                    *a, [] { return false; }, 1 + trial * 7, 100)
                == false);
        const std::int64_t killedAt = m_clock.nowMs();
        QVERIFY(a->killWorker(victim));
        std::int64_t ownedAt = 0;
        QVERIFY(runUntil(*a, [&] {
            for (const auto &l : a->snapshot().leases)
                if (l.leaseOwner == victim)
                    return false;
            ownedAt = m_clock.nowMs();
            return true;
        }));
        worst = std::max(worst, ownedAt - killedAt);
        victim = a->addWorker(); // the next trial kills a newcomer once it has its share
    }
    qInfo("leases of a killed worker owned again after at most %lld ms (lease %lld ms)",
          static_cast<long long>(worst), static_cast<long long>(o.leaseDurationMs));
    QVERIFY2(worst <= o.leaseDurationMs + 2 * o.leaseDurationMs,
             qPrintable(QString::number(worst)));
    QVERIFY(runUntil(*a, [&] { return everyPutProcessed(*a) && explained(*a); }));
}

void TestConsumerApplication::aStoppedWorkerCheckpointsAndHandsOverWithoutDuplicates()
{
    create("orders", 2);
    put("orders", 100, 10);
    ConsumerOptions o;
    o.idleBetweenReadsMs = 200;
    o.checkpointEveryRecords = 0;
    o.checkpointEveryMs = 0; // only the shutdown checkpoints
    auto a = app(o, 2);
    QVERIFY(runUntil(*a, [&] {
        auto held = leasesByOwner(*a);
        return a->ledger().distinct() == 100 && held["w1"] == 1 && held["w2"] == 1;
    }));
    const std::string w1Shard = a->worker("w1")->shards().begin()->first;
    QVERIFY(runUntil(*a, [&] { return explained(*a); }));
    const std::int64_t dupsBefore = a->ledger().duplicates();
    const std::int64_t stoppedAt = m_clock.nowMs();
    QVERIFY(a->stopWorker("w1"));
    QVERIFY(runUntil(
        *a, [&] { return a->worker("w1")->state() == consumer::ConsumerWorker::State::Stopped; }));
    auto lease = *m_table->getLease(w1Shard);
    QVERIFY(lease->leaseOwner.empty()); // released
    QVERIFY(!checkpoint::isSentinel(lease->checkpoint));
    put("orders", 50, 10);
    QVERIFY(runUntil(*a, [&] { return leasesByOwner(*a)["w2"] == 2 && everyPutProcessed(*a); }));
    QVERIFY(logged(*a, "w2", w1Shard + " (unowned)"));
    QCOMPARE(a->ledger().duplicates(), dupsBefore); // none from the hand-over
    // Taken at w2's next scan, not after a lease duration of silence.
    std::int64_t tookAt = 0;
    for (const auto &e : a->ledger().events())
        if (e.worker == "w2" && e.text.find(w1Shard + " (unowned)") != std::string::npos)
            tookAt = e.atMs;
    QVERIFY(tookAt - stoppedAt <= 2 * o.leaseDurationMs + 200);
}

void TestConsumerApplication::aPausedWorkerLosesItsLeasesAndNotices()
{
    create("orders", 2);
    put("orders", 40, 10);
    ConsumerOptions o;
    o.idleBetweenReadsMs = 200;
    auto a = app(o, 2);
    QVERIFY(runUntil(*a, [&] {
        auto held = leasesByOwner(*a);
        return a->ledger().distinct() == 40 && held["w1"] == 1 && held["w2"] == 1;
    }));
    const std::int64_t lostBefore = a->worker("w1")->counts().lost; // a steal at the start
    QVERIFY(a->pauseWorker("w1", 6 * o.leaseDurationMs));
    put("orders", 40, 10);
    // While w1 is paused its lease expires and w2 takes it; the new records are processed. (w2
    // sees the counter stand still between two of its scans, 20 s apart: within 40 s.)
    QVERIFY(runUntil(
        *a, [&] { return leasesByOwner(*a)["w2"] == 2 && everyPutProcessed(*a); }, 550));
    QCOMPARE(a->worker("w1")->state(), consumer::ConsumerWorker::State::Paused);
    QCOMPARE(leasesByOwner(*a)["w1"], 1); // it still believes it holds one
    // It resumes, and notices before it does anything with what it holds.
    QVERIFY(runUntil(
        *a, [&] { return a->worker("w1")->state() == consumer::ConsumerWorker::State::Running; }));
    QVERIFY(logged(*a, "w1", "did not renew it within the lease duration"));
    QCOMPARE(a->worker("w1")->counts().lost, lostBefore + 1);
    // It then takes its share back by stealing, as any worker below its share would.
    QVERIFY(runUntil(*a, [&] {
        auto held = leasesByOwner(*a);
        return held["w1"] == 1 && held["w2"] == 1;
    }));
    QVERIFY(logged(*a, "w1", "stole"));
    QVERIFY(everyPutProcessed(*a));
    QVERIFY(runUntil(*a, [&] { return explained(*a); }));
}

void TestConsumerApplication::childrenAfterTheirParentsAcrossASplitAndAMerge()
{
    create("orders", 1);
    put("orders", 60, 6);
    ConsumerOptions o;
    o.idleBetweenReadsMs = 200;
    o.parentPollMs = 500;
    o.checkpointEveryRecords = 10;
    auto a = app(o, 2);
    // Processing order per key.
    std::map<std::string, std::vector<int>> order;
    const_cast<consumer::ConsumerLedger &>(a->ledger()).onProcessed
        = [&](const std::string &, const std::string &, const std::string &key,
              const std::string &data) {
              order[key].push_back(std::stoi(data.substr(data.find('#') + 1)));
          };
    QVERIFY(runUntil(*a, [&] { return a->ledger().distinct() == 60; }));
    // Split the one shard, write, merge the two children back, write again.
    control([](Engine &e) {
        return e.splitShard(
            {{"orders", {}}, "shardId-000000000000", "170141183460469231731687303715884105728"});
    });
    put("orders", 60, 6);
    control([](Engine &e) {
        return e.mergeShards({{"orders", {}}, "shardId-000000000001", "shardId-000000000002"});
    });
    put("orders", 60, 6);
    QVERIFY(runUntil(*a, [&] { return everyPutProcessed(*a) && explained(*a); }));
    // Each key's records in the order they were written (a duplicate repeats an earlier run of
    // records; the first deliveries are in order).
    for (const auto &[key, seen] : order) {
        std::vector<int> first;
        std::set<int> had;
        for (int i : seen)
            if (had.insert(i).second)
                first.push_back(i);
        QVERIFY2(std::is_sorted(first.begin(), first.end()), key.c_str());
    }
    QVERIFY(logged(*a, "",
                   "shardId-000000000000: reached SHARD_END; leases created for "
                   "shardId-000000000001, shardId-000000000002"));
    QVERIFY(logged(*a, "", "reached SHARD_END; leases created for shardId-000000000003"));
    // The finished parents are cleaned up once their children started; the merged child stays.
    const bool cleaned = runUntil(*a, [&] {
        const auto leases = a->snapshot().leases;
        return leases.size() == 1 && leases[0].leaseKey == "shardId-000000000003";
    });
    if (!cleaned) {
        for (const auto &l : a->snapshot().leases)
            qInfo("%s owner %s checkpoint %s", l.leaseKey.c_str(), l.leaseOwner.c_str(),
                  l.checkpoint.c_str());
        for (const auto &e : a->ledger().events())
            qInfo("%lld %s %s", static_cast<long long>(e.atMs), e.worker.c_str(), e.text.c_str());
    }
    QVERIFY(cleaned);
}

void TestConsumerApplication::atLeastOnceAcrossKillsAndReshards()
{
    create("orders", 2);
    ConsumerOptions o;
    o.idleBetweenReadsMs = 200;
    o.parentPollMs = 500;
    o.checkpointEveryRecords = 25;
    o.checkpointEveryMs = 3000;
    auto a = app(o, 3);
    std::mt19937 random(20261204);
    for (int round = 0; round < 8; ++round) {
        put("orders", 80, 16);
        runUntil(
            *a, [] { return false; }, 60 + int(random() % 60));
        std::vector<std::string> alive;
        for (const auto &w : a->workers())
            if (w->state() == consumer::ConsumerWorker::State::Running)
                alive.push_back(w->id());
        switch (random() % 4) {
        case 0: // a crash, and a replacement
            if (!alive.empty())
                a->killWorker(alive[random() % alive.size()]);
            a->addWorker();
            break;
        case 1: { // split the first open shard in the middle of its range
            const auto shards = openShards("orders");
            if (shards.size() < 6) {
                const auto &s = shards.front();
                const std::string mid
                    = s.startingHashKey.plus(s.endingHashKey.minus(s.startingHashKey).dividedBy(2))
                          .plusOne()
                          .toDecimal();
                control([s, mid](Engine &e) {
                    return e.splitShard({{"orders", {}}, s.shardId, mid});
                });
            }
            break;
        }
        case 2: { // merge the first two neighbours
            auto shards = openShards("orders");
            std::sort(shards.begin(), shards.end(), [](const auto &x, const auto &y) {
                return x.startingHashKey < y.startingHashKey;
            });
            if (shards.size() >= 2) {
                const auto l = shards[0].shardId, r = shards[1].shardId;
                control([l, r](Engine &e) { return e.mergeShards({{"orders", {}}, l, r}); });
            }
            break;
        }
        case 3: // a pause past the lease duration
            if (!alive.empty())
                a->pauseWorker(alive[random() % alive.size()], 2 * o.leaseDurationMs);
            break;
        }
    }
    a->addWorker();
    QVERIFY(runUntil(
        *a, [&] { return everyPutProcessed(*a); }, 6000));
    QCOMPARE(a->ledger().distinct(), std::int64_t(m_put.size()));
    QCOMPARE(a->ledger().checksum(), m_putChecksum);
    QVERIFY(runUntil(*a, [&] { return explained(*a); }));
}

void TestConsumerApplication::aFailingProcessorSkipsTheRestOfItsBatch()
{
    create("orders", 1);
    put("orders", 100, 4);
    ConsumerOptions o;
    o.idleBetweenReadsMs = 200;
    o.processor = *consumer::ProcessorSpec::parse("fail:30");
    auto a = app(o, 1);
    // One batch of 100: records 1-29 processed, the 30th throws: it and the 70 after it skipped.
    QVERIFY(runUntil(*a, [&] { return a->ledger().skippedRecords() > 0; }));
    QCOMPARE(a->ledger().distinct(), std::int64_t(29));
    QCOMPARE(a->ledger().skippedRecords(), std::int64_t(71));
    QVERIFY(logged(*a, "w1", "processRecords threw; skipping the rest of the batch (71 records)"));
    // The application goes on with the next batch.
    put("orders", 20, 4);
    QVERIFY(runUntil(*a, [&] { return a->ledger().distinct() == 29 + 20; }));
}

void TestConsumerApplication::aSlowProcessorHoldsItsShardForItsCost()
{
    create("orders", 1);
    put("orders", 10, 2);
    ConsumerOptions o;
    o.idleBetweenReadsMs = 200;
    o.processor = *consumer::ProcessorSpec::parse("slow:100");
    auto a = app(o, 1);
    QVERIFY(runUntil(
        *a, [&] { return a->ledger().distinct() == 10; }, 3000, 1));
    auto state = [&] { return a->snapshot().workers[0].shards.at(0).state; };
    QCOMPARE(state(), std::string("processing"));
    m_clock.advance(990); // 10 records x 100 ms
    a->tick();
    QCOMPARE(state(), std::string("processing"));
    m_clock.advance(20);
    a->tick();
    QCOMPARE(state(), std::string("reading"));
}

void TestConsumerApplication::aForwardingProcessorFeedsAnotherStream()
{
    create("orders", 2);
    create("orders-copy", 1);
    put("orders", 120, 12);
    ConsumerOptions o;
    o.idleBetweenReadsMs = 200;
    o.processor = *consumer::ProcessorSpec::parse("forward:orders-copy");
    auto a = app(o, 2);
    QVERIFY(runUntil(*a, [&] { return a->ledger().distinct() == 120; }));
    // At-least-once carries through a pipeline: a record processed twice (after a steal) is
    // forwarded twice.
    QVERIFY(runUntil(*a, [&] { return explained(*a); }));
    QCOMPARE(a->ledger().forwardedRecords(), a->ledger().deliveries());
    // Every delivery reached the copy; a batch whose worker lost the lease while forwarding it
    // lands too, though that worker never finished it.
    QVERIFY(countRecords("orders-copy") >= a->ledger().deliveries());
    QVERIFY(!consumer::ProcessorSpec::parse("forward:"));
    QVERIFY(!consumer::ProcessorSpec::parse("slow:0"));
    QVERIFY(!consumer::ProcessorSpec::parse("explode"));
}

void TestConsumerApplication::fanOutRegistersAConsumerAndSubscribesEachShard()
{
    create("orders", 2);
    put("orders", 100, 10);
    m_engineFollows = true;
    ConsumerOptions o;
    o.fanOut = true;
    o.checkpointEveryRecords = 0;
    o.checkpointEveryMs = 0;
    auto a = app(o, 2);
    // The application registers a consumer named after itself and waits for ACTIVE.
    QVERIFY(runUntil(*a, [&] { return !a->consumerArn().empty(); }));
    QVERIFY(a->consumerArn().find(":stream/orders/consumer/app:") != std::string::npos);
    QVERIFY(logged(*a, "app", "registered consumer"));
    const bool settled = runUntil(*a, [&] {
        auto held = leasesByOwner(*a);
        return everyPutProcessed(*a) && held["w1"] == 1 && held["w2"] == 1 && explained(*a);
    });
    if (!settled) {
        qInfo("distinct %lld dup %lld expected %lld",
              static_cast<long long>(a->ledger().distinct()),
              static_cast<long long>(a->ledger().duplicates()),
              static_cast<long long>(a->ledger().expectedRedeliveries()));
        for (const auto &e : a->ledger().events())
            qInfo("%lld %s %s", static_cast<long long>(e.atMs), e.worker.c_str(), e.text.c_str());
        for (const auto &wv : a->snapshot().workers)
            for (const auto &sh : wv.shards)
                qInfo("%s %s %s", wv.id.c_str(), sh.shardId.c_str(), sh.state.c_str());
    }
    QVERIFY(settled);
    // Records written now are pushed to the subscriptions: no reads.
    put("orders", 60, 10);
    QVERIFY(runUntil(*a, [&] { return everyPutProcessed(*a); }));
    QCOMPARE(m_engine.host->subscriptions(), 2);
    // A kill ends w1's subscription; after the lease duration w2 takes the lease and subscribes
    // from its checkpoint (none: everything w1 did comes again).
    const std::int64_t dupsBefore = a->ledger().duplicates();
    const std::int64_t w1Processed = a->worker("w1")->shards().begin()->second->processed();
    QVERIFY(a->killWorker("w1"));
    put("orders", 40, 10);
    QVERIFY(runUntil(*a, [&] { return leasesByOwner(*a)["w2"] == 2 && everyPutProcessed(*a); }));
    QCOMPARE(a->ledger().duplicates() - dupsBefore, w1Processed);
    QVERIFY(explained(*a));
    QTRY_COMPARE(m_engine.host->subscriptions(), 2);
    // A graceful stop ends the subscriptions too.
    a->stopAll();
    QVERIFY(runUntil(*a, [&] { return a->idle(); }));
    QTRY_COMPARE(m_engine.host->subscriptions(), 0);
}

QTEST_GUILESS_MAIN(TestConsumerApplication)
#include "tst_consumer_application.moc"
