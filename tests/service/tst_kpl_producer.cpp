// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
// KplProducer behaves as the KPL does: aggregation by predicted shard in the KPL's format, its
// size and count limits, buffering time, collections, the per-shard rate limit, retries with
// backoff, the time-to-live, per-record results, re-listing after a reshard, its settings and
// refusals — on a manual clock, against a sender the test answers, and end to end on the engine.
#include "engine/kpl_aggregate.h"
#include "engine_harness.h"
#include "producer/kpl_producer.h"

#include <QtTest>

#include <deque>
#include <set>

using namespace shs;
using producer::KplConfig;
using producer::KplProducer;
using producer::KplResult;

namespace {

/// A sender whose calls wait until the test answers them.
struct QueueSender
{
    struct Call
    {
        core::PutRecordsRequest request;
        KplProducer::PutRecordsDone done;
    };
    std::deque<Call> calls;

    KplProducer::Sender sender()
    {
        return [this](core::PutRecordsRequest r, KplProducer::PutRecordsDone done) {
            calls.push_back({std::move(r), std::move(done)});
        };
    }
};

core::PutRecordsResult allStored(core::Engine &engine, const core::PutRecordsRequest &r,
                                 const std::vector<core::ShardDescription> &shards)
{
    core::PutRecordsResult out;
    int seq = 0;
    for (const auto &e : r.records) {
        const auto key = e.explicitHashKey ? core::HashKey::fromDecimal(*e.explicitHashKey).value()
                                           : engine.hashPartitionKey(e.partitionKey);
        core::PutRecordsResultEntry entry;
        for (const auto &s : shards)
            if (key >= s.startingHashKey && key <= s.endingHashKey)
                entry.shardId = s.shardId;
        entry.sequenceNumber = std::to_string(++seq);
        out.records.push_back(entry);
    }
    return out;
}

} // namespace

class TestKplProducer : public QObject
{
    Q_OBJECT
  private:
    test::EngineHarness m_harness;
    std::vector<core::ShardDescription> m_shards;
    QueueSender m_queue;

    KplProducer::ShardSource shardSource()
    {
        return [this]() -> core::Result<std::vector<core::ShardDescription>> { return m_shards; };
    }
    std::unique_ptr<KplProducer> make(KplConfig config)
    {
        m_queue.calls.clear();
        auto p = std::make_unique<KplProducer>(config, core::StreamRef{"s", {}}, m_harness.clock(),
                                               m_queue.sender(), shardSource());
        [&] { QVERIFY(p->start()); }();
        return p;
    }
    /// Answers every queued call as the engine would: each entry stored in its shard.
    void answerAll()
    {
        while (!m_queue.calls.empty()) {
            auto call = std::move(m_queue.calls.front());
            m_queue.calls.pop_front();
            call.done(allStored(m_harness.engine(), call.request, m_shards));
        }
    }

  private Q_SLOTS:
    void initTestCase()
    {
        m_harness.ready("s", 4);
        core::ListShardsRequest r;
        r.stream.name = "s";
        m_shards = m_harness.engine().listShards(r).value().shards;
        QCOMPARE(m_shards.size(), std::size_t(4));
    }

    void aggregatesEachShardsRecordsIntoOneKinesisRecord()
    {
        auto p = make({});
        std::vector<KplResult> results(1000);
        for (int i = 0; i < 1000; ++i)
            QVERIFY(p->addUserRecord("key-" + std::to_string(i), std::string(300, 'a' + i % 26),
                                     std::nullopt,
                                     [&results, i](KplResult r) { results[i] = std::move(r); }));
        p->flush();
        QCOMPARE(m_queue.calls.size(), std::size_t(1));
        const auto &request = m_queue.calls.front().request;
        // 1,000 records of 300 bytes over 4 shards: some 80 KB a shard, two 50 KB aggregates.
        QVERIFY2(request.records.size() >= 8 && request.records.size() <= 9,
                 qPrintable(QString::number(request.records.size())));
        int users = 0;
        for (const auto &e : request.records) {
            QVERIFY(e.data.size() <= 51200);
            const auto inner = core::kpl::decode(e.data);
            QVERIFY(inner.has_value());
            users += int(inner->size());
            // The aggregate's hash key is its first record's, and every record in it would have
            // gone to the same shard.
            const auto ehk = core::HashKey::fromDecimal(*e.explicitHashKey).value();
            const auto shardOf = [this](core::HashKey k) {
                for (const auto &s : m_shards)
                    if (k >= s.startingHashKey && k <= s.endingHashKey)
                        return s.shardId;
                return std::string();
            };
            QCOMPARE(e.partitionKey, inner->front().partitionKey);
            for (const auto &u : *inner)
                QCOMPARE(shardOf(m_harness.engine().hashPartitionKey(u.partitionKey)),
                         shardOf(ehk));
        }
        QCOMPARE(users, 1000);
        const auto kinesisRecords = std::int64_t(request.records.size());
        QCOMPARE(p->outstanding(), std::int64_t(1000));
        answerAll();
        QCOMPARE(p->outstanding(), std::int64_t(0));
        std::set<std::pair<std::string, std::uint64_t>> places;
        for (const auto &r : results) {
            QVERIFY(r.successful);
            QVERIFY(r.aggregated);
            QCOMPARE(r.attempts.size(), std::size_t(1));
            QVERIFY(r.attempts.front().errorCode.empty());
            places.insert({r.sequenceNumber, r.subSequenceNumber});
        }
        QCOMPARE(places.size(), std::size_t(1000)); // each (sequence, sub-sequence) once
        const auto c = p->counts();
        QCOMPARE(c.userRecordsPut, std::int64_t(1000));
        QCOMPARE(c.kinesisRecordsPut, kinesisRecords);
        QCOMPARE(c.putRecordsCalls, std::int64_t(1));
        QVERIFY(c.payloadUnits >= c.kinesisRecordsPut && c.payloadUnits <= 2 * c.kinesisRecordsPut);
    }

    void aggregationLimitsAndLoneRecords()
    {
        KplConfig config;
        config.aggregationMaxCount = 10;
        auto p = make(config);
        for (int i = 0; i < 100; ++i)
            QVERIFY(p->addUserRecord("k", "x", std::nullopt, {}));
        p->flush();
        for (const auto &e : m_queue.calls.front().request.records)
            QCOMPARE(core::kpl::decode(e.data)->size(), std::size_t(10));
        answerAll();

        config = {};
        config.aggregationMaxSize = 1000;
        p = make(config);
        for (int i = 0; i < 100; ++i)
            QVERIFY(p->addUserRecord("k" + std::to_string(i % 3), std::string(90, 'y'),
                                     std::nullopt, {}));
        // One record too large to aggregate goes alone, as it is.
        QVERIFY(p->addUserRecord("big", std::string(5000, 'z'), std::nullopt, {}));
        p->flush();
        bool sawBig = false;
        for (const auto &e : m_queue.calls.front().request.records) {
            QVERIFY(e.data.size() <= 5000);
            if (e.data == std::string(5000, 'z')) {
                sawBig = true;
                QVERIFY(!e.explicitHashKey);
            } else if (e.data.size() > 200) {
                QVERIFY2(e.data.size() <= 1000, qPrintable(QString::number(e.data.size())));
            }
        }
        QVERIFY(sawBig);
        answerAll();

        // Aggregation off: every record is its own Kinesis record.
        config = {};
        config.aggregationEnabled = false;
        p = make(config);
        QVERIFY(p->addUserRecord("a", "one", std::nullopt, {}));
        QVERIFY(p->addUserRecord("a", "two", std::nullopt, {}));
        p->flush();
        QCOMPARE(m_queue.calls.front().request.records.size(), std::size_t(2));
        QCOMPARE(m_queue.calls.front().request.records[0].data, std::string("one"));
        answerAll();
    }

    void buffersUntilRecordMaxBufferedTime()
    {
        auto p = make({}); // 100 ms
        QVERIFY(p->addUserRecord("k", "v", std::nullopt, {}));
        m_harness.clock().advance(99);
        p->tick();
        QVERIFY(m_queue.calls.empty());
        m_harness.clock().advance(1);
        p->tick();
        QCOMPARE(m_queue.calls.size(), std::size_t(1));
        answerAll();
    }

    void collectionsAndMaxConnections()
    {
        KplConfig config;
        config.aggregationEnabled = false;
        config.collectionMaxCount = 5;
        config.maxConnections = 2;
        auto p = make(config);
        for (int i = 0; i < 12; ++i)
            QVERIFY(p->addUserRecord("k" + std::to_string(i), "v", std::nullopt, {}));
        p->flush();
        QCOMPARE(m_queue.calls.size(), std::size_t(2)); // two in flight at most
        QCOMPARE(m_queue.calls[0].request.records.size(), std::size_t(5));
        answerAll(); // each answer lets the next collection go
        QCOMPARE(p->outstanding(), std::int64_t(2));
        p->flush();
        answerAll();
        QCOMPARE(p->outstanding(), std::int64_t(0));
        QCOMPARE(p->counts().putRecordsCalls, std::int64_t(3));
    }

    void rateLimitPerShard()
    {
        KplConfig config;
        config.aggregationEnabled = false;
        config.rateLimit = 100; // 1,000 records/s a shard
        auto p = make(config);
        for (int i = 0; i < 2500; ++i) // one key: one shard
            QVERIFY(p->addUserRecord("hot", "v", std::nullopt, {}));
        int sent = 0;
        const auto drain = [&] {
            p->flush();
            while (!m_queue.calls.empty()) {
                for (const auto &call : m_queue.calls)
                    sent += int(call.request.records.size());
                answerAll();
                p->flush();
            }
        };
        drain();
        QCOMPARE(sent, 1000); // one second's bucket
        m_harness.clock().advance(500);
        drain();
        QCOMPARE(sent, 1500);
        m_harness.clock().advance(1000);
        drain();
        QCOMPARE(sent, 2500);
    }

    void throttledEntriesAreRetriedWithBackoff()
    {
        auto p = make({});
        KplResult result;
        QVERIFY(p->addUserRecord("k", "v", std::nullopt, [&result](KplResult r) { result = r; }));
        p->flush();
        QCOMPARE(m_queue.calls.size(), std::size_t(1));
        {
            auto call = std::move(m_queue.calls.front());
            m_queue.calls.pop_front();
            core::PutRecordsResult refused;
            refused.failedRecordCount = 1;
            refused.records.push_back({"", "", "ProvisionedThroughputExceededException",
                                       "Rate exceeded for shard shardId-000000000000 in stream s "
                                       "under account 000000000000."});
            call.done(refused);
        }
        QVERIFY(m_queue.calls.empty());
        QCOMPARE(p->outstanding(), std::int64_t(1));
        m_harness.clock().advance(49); // the backoff is at least 50 ms
        p->flush();
        QVERIFY(m_queue.calls.empty());
        m_harness.clock().advance(1000);
        p->flush();
        QCOMPARE(m_queue.calls.size(), std::size_t(1));
        answerAll();
        QVERIFY(result.successful);
        QCOMPARE(result.attempts.size(), std::size_t(2));
        QCOMPARE(result.attempts[0].errorCode,
                 std::string("ProvisionedThroughputExceededException"));
        QVERIFY(result.attempts[1].errorCode.empty());
        QCOMPARE(p->counts().retries, std::int64_t(1));
        QCOMPARE(p->counts().entriesThrottled, std::int64_t(1));

        // FailIfThrottled: the refusal is the result.
        KplConfig config;
        config.failIfThrottled = true;
        p = make(config);
        QVERIFY(p->addUserRecord("k", "v", std::nullopt, [&result](KplResult r) { result = r; }));
        p->flush();
        auto call = std::move(m_queue.calls.front());
        m_queue.calls.pop_front();
        core::PutRecordsResult refused;
        refused.records.push_back({"", "", "ProvisionedThroughputExceededException", "Rate"});
        call.done(refused);
        QVERIFY(!result.successful);
        QCOMPARE(result.attempts.size(), std::size_t(1));
        QCOMPARE(p->outstanding(), std::int64_t(0));
    }

    void recordsOutlivingTheirTtlFail()
    {
        KplConfig config;
        config.aggregationEnabled = false;
        config.rateLimit = 1; // 10 records/s
        config.recordTtl = 500;
        auto p = make(config);
        int ok = 0, expired = 0;
        for (int i = 0; i < 40; ++i)
            QVERIFY(p->addUserRecord("hot", "v", std::nullopt, [&](KplResult r) {
                if (r.successful)
                    ++ok;
                else if (r.attempts.back().errorCode == "Expired")
                    ++expired;
            }));
        for (int t = 0; t < 8; ++t) {
            p->tick();
            answerAll();
            m_harness.clock().advance(100);
        }
        p->tick();
        QCOMPARE(ok + expired, 40);
        QVERIFY2(ok >= 10 && ok <= 16, qPrintable(QString::number(ok))); // 10 + 10/s for 0.5 s
        QCOMPARE(p->counts().userRecordsExpired, std::int64_t(expired));
        QCOMPARE(p->outstanding(), std::int64_t(0));
    }

    void aCallThatFailsForGoodFailsItsRecords()
    {
        auto p = make({});
        KplResult result;
        QVERIFY(p->addUserRecord("k", "v", std::nullopt, [&result](KplResult r) { result = r; }));
        p->flush();
        auto call = std::move(m_queue.calls.front());
        m_queue.calls.pop_front();
        call.done(core::makeError(core::ErrorCode::ResourceNotFound,
                                  "Stream s under account 000000000000 not found."));
        QVERIFY(!result.successful);
        QCOMPARE(result.attempts.front().errorCode, std::string("ResourceNotFoundException"));
        QVERIFY(m_queue.calls.empty());
    }

    void anAnswerFromAnotherShardListsTheShardsAgain()
    {
        auto p = make({});
        QVERIFY(p->addUserRecord("k", "v", std::nullopt, {}));
        p->flush();
        auto call = std::move(m_queue.calls.front());
        m_queue.calls.pop_front();
        core::PutRecordsResult moved;
        moved.records.push_back({"1", "shardId-000000000009", "", ""});
        call.done(moved);
        QCOMPARE(p->counts().shardListings, std::int64_t(1));
        p->tick();
        QCOMPARE(p->counts().shardListings, std::int64_t(2));
    }

    void badRecordsAndSettingsAreRefused()
    {
        auto p = make({});
        auto r = p->addUserRecord("", "v", std::nullopt, {});
        QVERIFY(!r);
        QCOMPARE(r.error().message,
                 std::string("Invalid parition key. Length must be at least 1 and at most 256, got "
                             "0."));
        QVERIFY(!p->addUserRecord(std::string(257, 'k'), "v", std::nullopt, {}));
        QVERIFY(!p->addUserRecord("k", std::string(1024 * 1024 + 1, 'd'), std::nullopt, {}));
        r = p->addUserRecord("k", "v", std::string("2e128"), {});
        QVERIFY(!r);
        QVERIFY(QString::fromStdString(r.error().message)
                    .startsWith(QStringLiteral("Invalid hash key")));
        QCOMPARE(p->outstanding(), std::int64_t(0));

        auto c = KplConfig::fromProperties({{"AggregationMaxSize", "20000"},
                                            {"RecordMaxBufferedTime", "250"},
                                            {"FailIfThrottled", "true"}});
        QVERIFY(c);
        QCOMPARE(c->aggregationMaxSize, std::uint64_t(20000));
        QCOMPARE(c->recordMaxBufferedTime, std::uint64_t(250));
        QVERIFY(c->failIfThrottled);
        QCOMPARE(c->collectionMaxCount, std::uint64_t(500)); // the KPL's default
        QCOMPARE(KplConfig::fromProperties(c->properties())->properties(), c->properties());
        auto bad = KplConfig::fromProperties({{"CollectionMaxCount", "501"}});
        QVERIFY(!bad);
        QCOMPARE(bad.error().message,
                 std::string("CollectionMaxCount must be between 1 and 500, got 501."));
        bad = KplConfig::fromProperties({{"AggregationEnabled", "yes"}});
        QVERIFY(!bad);
        bad = KplConfig::fromProperties({{"Region", "us-east-1"}});
        QVERIFY(!bad);
        QVERIFY(QString::fromStdString(bad.error().message)
                    .startsWith(QStringLiteral("Unknown producer setting")));
    }

    /// On the engine with AWS's limits: every user record is stored once, and a reader that opens
    /// the aggregates finds them all.
    void endToEndOnTheEngine()
    {
        core::EngineConfig config;
        test::EngineHarness harness(config); // AWS's limits
        harness.ready("e2e", 2);
        KplProducer p(
            {}, core::StreamRef{"e2e", {}}, harness.clock(),
            [&harness](core::PutRecordsRequest r, KplProducer::PutRecordsDone done) {
                auto answer = harness.engine().putRecords(std::move(r));
                harness.commit();
                done(std::move(answer));
            },
            [&harness]() -> core::Result<std::vector<core::ShardDescription>> {
                core::ListShardsRequest r;
                r.stream.name = "e2e";
                auto listed = harness.engine().listShards(r);
                if (!listed)
                    return listed.error();
                return listed->shards;
            });
        QVERIFY(p.start());
        int ok = 0;
        // 20,000 records of 100 bytes in 2 s: 10,000 records/s, ten times what two shards take
        // one record at a time.
        for (int t = 0; t < 20; ++t) {
            for (int i = 0; i < 1000; ++i) {
                const int n = t * 1000 + i;
                QVERIFY(p.addUserRecord("user-" + std::to_string(n % 50),
                                        std::to_string(n) + std::string(94, '.'), std::nullopt,
                                        [&ok](KplResult r) { ok += r.successful ? 1 : 0; }));
            }
            harness.clock().advance(100);
            p.tick();
        }
        for (int t = 0; t < 100 && p.outstanding() > 0; ++t) {
            harness.clock().advance(100);
            p.flush();
        }
        QCOMPARE(ok, 20000);
        QCOMPARE(p.counts().userRecordsFailed, std::int64_t(0));
        QVERIFY(p.counts().kinesisRecordsPut < 2000);
        // Read back and open the aggregates.
        std::set<int> seen;
        int total = 0;
        core::ListShardsRequest lr;
        lr.stream.name = "e2e";
        const auto listed = harness.engine().listShards(lr);
        QVERIFY(listed);
        for (const auto &shard : listed->shards) {
            core::GetShardIteratorRequest ir;
            ir.stream.name = "e2e";
            ir.shardId = shard.shardId;
            auto it = harness.engine().getShardIterator(ir)->shardIterator;
            for (int reads = 0; reads < 50; ++reads) {
                harness.clock().advance(1000);
                core::GetRecordsRequest gr;
                gr.shardIterator = it;
                auto got = harness.engine().getRecords(gr);
                QVERIFY(got);
                for (const auto &rec : got->records) {
                    auto inner = core::kpl::decode(rec.data);
                    std::vector<core::kpl::UserRecord> users
                        = inner ? *inner
                                : std::vector<core::kpl::UserRecord>{
                                    {rec.partitionKey, std::nullopt, rec.data}};
                    for (const auto &u : users) {
                        seen.insert(std::stoi(u.data));
                        ++total;
                    }
                }
                if (!got->nextShardIterator || got->records.empty())
                    break;
                it = *got->nextShardIterator;
            }
        }
        // Each once (retries may reorder a key's records, as the KPL's may).
        QCOMPARE(total, 20000);
        QCOMPARE(seen.size(), std::size_t(20000));
    }
};

QTEST_GUILESS_MAIN(TestKplProducer)
#include "tst_kpl_producer.moc"
