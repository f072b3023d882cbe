// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
// On-demand capacity, metrics and cost, on engine time.
#include "counting_storage.h"
#include "engine_harness.h"

#include <QtTest>

#include <random>
#include <set>

using namespace shs::core;
using shs::test::CountingStorage;
using shs::test::EngineHarness;
using shs::test::ManualClock;

namespace {
std::int64_t value(const MetricSample &s, Metric m)
{
    return s.values[static_cast<std::size_t>(m)];
}

/// An engine on a manual clock over CountingStorage, advanced one second at a time.
struct Sim
{
    ManualClock clock;
    CountingStorage storage;
    Engine engine;
    std::mt19937_64 rng{2026};
    explicit Sim(EngineConfig cfg) : engine(cfg, clock, storage) { QVERIFY(engine.load()); }
    void commit()
    {
        if (engine.hasPendingWrites())
            QVERIFY(storage.commit(engine.takePendingBatch()));
    }
    void second()
    {
        clock.advance(1000);
        engine.tick();
        commit();
    }
    int openShards(const std::string &name)
    {
        return engine.describeStreamSummary({name, {}}).value().openShardCount;
    }
    /// An on-demand stream, ACTIVE a second later.
    void createOnDemand(const std::string &name)
    {
        CreateStreamRequest c;
        c.streamName = name;
        c.mode = StreamMode::OnDemand;
        QVERIFY(engine.createStream(c));
        second();
    }
    /// Partition keys spread evenly over the hash-key space.
    std::string anyKey() { return "user-" + std::to_string(rng() % 100000); }
    /// Writes `mib` MiB in records of `recordKiB` KiB this second; returns {accepted, throttled}.
    std::pair<std::int64_t, std::int64_t> write(const std::string &name, double mib, int recordKiB,
                                                const std::function<std::string()> &key)
    {
        const auto records = static_cast<std::int64_t>(mib * 1024 / recordKiB);
        std::int64_t accepted = 0, throttled = 0;
        const std::string payload(std::size_t(recordKiB) * 1024 - 16, 'x');
        for (std::int64_t sent = 0; sent < records;) {
            PutRecordsRequest r{{name, {}}, {}};
            for (int i = 0; i < 64 && sent < records; ++i, ++sent)
                r.records.push_back({payload, key(), std::nullopt});
            auto res = engine.putRecords(std::move(r));
            if (!res)
                qFatal("%s", res.error().toString().c_str());
            throttled += res->failedRecordCount;
            accepted += std::int64_t(res->records.size()) - res->failedRecordCount;
        }
        commit();
        return {accepted, throttled};
    }
};

/// A carried load of `rate` records/s of 100 bytes over `keys` equally likely keys.
Engine::CarriedLoadSpec carriedLoad(const std::string &stream, double rate, int keys,
                                    std::int64_t untilMs)
{
    Engine::CarriedLoadSpec spec;
    spec.stream.name = stream;
    spec.recordsPerSecond = rate;
    spec.dataBytes = 100;
    for (int k = 0; k < keys; ++k)
        spec.keys.emplace_back("user-" + std::to_string(k), 1.0);
    spec.untilMs = untilMs;
    return spec;
}

std::int64_t offered(const CarriedCounts &c)
{
    return c.accepted + c.throttled;
}

EngineConfig awsLimits()
{
    EngineConfig c;
    c.limits = LimitsProfile::aws();
    c.createDelayMs = 0;
    return c;
}
} // namespace

class TestDynamics : public QObject
{
    Q_OBJECT
  private Q_SLOTS:
    void onDemandFollowsARampWithoutSustainedThrottling();
    void onDemandTakesDoubleItsPreviousPeakAtOnce();
    void singleHotKeyStillThrottles();
    void skewedKeysGetAnUnevenSplit();
    void metricsForAKnownWorkload();
    void costForAKnownWorkload();
    void pricesAreEditable();
    void warmThroughputNeedsTheCommitmentAndOnDemand();
    void warmThroughputKeepsShardsReady();
    void autoDistributionSpreadsOneKey();
    void commitmentBillsAtAdvantagePrices();
    void hotKeysRollByTheMinute();
    void carriedLoadIsPlayedSecondBySecond();
    void carriedLoadIsThrottledByItsShard();
    void carriedLoadScalesAnOnDemandStream();
    void carriedLoadEndsWithItsLeaseAndItsStream();
};

void TestDynamics::onDemandFollowsARampWithoutSustainedThrottling()
{
    Sim sim(awsLimits());
    sim.createOnDemand("od");
    QCOMPARE(sim.openShards("od"), 4);
    auto key = [&] { return sim.anyKey(); };
    // 1 -> 16 MiB/s over 5 minutes, back to 1 over 5 minutes, then quiet for 20 minutes.
    std::int64_t accepted = 0, throttled = 0;
    int worstRun = 0, run = 0, maxShards = 0;
    for (int s = 0; s < 600; ++s) {
        const double mib = s < 300 ? 1.0 + 15.0 * s / 300.0 : 16.0 - 15.0 * (s - 300) / 300.0;
        auto [a, t] = sim.write("od", mib, 64, key);
        accepted += a;
        throttled += t;
        run = t * 20 > a + t ? run + 1 : 0; // seconds with more than 5 % throttled
        worstRun = std::max(worstRun, run);
        sim.second();
        maxShards = std::max(maxShards, sim.openShards("od"));
    }
    QVERIFY2(maxShards >= 16,
             qPrintable(QStringLiteral("only %1 shards at 16 MiB/s").arg(maxShards)));
    QVERIFY2(worstRun <= 3,
             qPrintable(QStringLiteral("throttled for %1 seconds in a row").arg(worstRun)));
    QVERIFY2(
        throttled * 100 < accepted,
        qPrintable(QStringLiteral("%1 of %2 throttled").arg(throttled).arg(accepted + throttled)));
    QCOMPARE(std::int64_t(sim.storage.records()), accepted); // nothing acknowledged is lost
    for (int s = 0; s < 20 * 60; ++s)
        sim.second();
    const int after = sim.openShards("od");
    QVERIFY2(
        after < maxShards && after >= 4,
        qPrintable(QStringLiteral("%1 shards after the ramp (peak %2)").arg(after).arg(maxShards)));
    QVERIFY(sim.engine.checkInvariants().empty());
    // Lineage looks like manual resharding: every open shard descends from the first four.
    ListShardsRequest all;
    all.stream.name = "od";
    int withParents = 0;
    const auto shardList = sim.engine.listShards(all).value().shards;
    for (const auto &sh : shardList)
        withParents += sh.parentShardId ? 1 : 0;
    QVERIFY(withParents > 0);
}

// AWS: an on-demand stream accommodates up to double its previous peak write rate. After a few
// minutes at 3 MiB/s the stream has room for 6 MiB/s, so a sudden jump to 6 MiB/s is taken at
// once, without waiting for a shard to split.
void TestDynamics::onDemandTakesDoubleItsPreviousPeakAtOnce()
{
    Sim sim(awsLimits());
    sim.createOnDemand("od");
    auto key = [&] { return sim.anyKey(); };
    for (int s = 0; s < 240; ++s) {
        (void)sim.write("od", 3.0, 64, key);
        sim.second();
    }
    const int before = sim.openShards("od");
    QVERIFY2(before >= 6,
             qPrintable(QStringLiteral("%1 shards after 4 minutes at 3 MiB/s").arg(before)));
    std::int64_t accepted = 0, throttled = 0;
    for (int s = 0; s < 10; ++s) {
        auto [a, t] = sim.write("od", 6.0, 64, key);
        accepted += a;
        throttled += t;
        sim.second();
    }
    QVERIFY2(throttled * 100 <= accepted + throttled,
             qPrintable(QStringLiteral("%1 of %2 throttled at twice the peak")
                            .arg(throttled)
                            .arg(accepted + throttled)));
}

void TestDynamics::singleHotKeyStillThrottles()
{
    Sim sim(awsLimits());
    sim.createOnDemand("od");
    std::int64_t lastMinuteThrottled = 0, lastMinuteAccepted = 0;
    for (int s = 0; s < 180; ++s) {
        auto [a, t] = sim.write("od", 2.0, 64, [] { return std::string("the-one-key"); });
        if (s >= 120) {
            lastMinuteAccepted += a;
            lastMinuteThrottled += t;
        }
        sim.second();
    }
    // One key lives on one shard: at most 1 MiB/s of 2 MiB/s gets through, however many splits.
    QVERIFY2(lastMinuteThrottled * 10 > (lastMinuteAccepted + lastMinuteThrottled) * 4,
             qPrintable(QStringLiteral("%1 throttled, %2 accepted")
                            .arg(lastMinuteThrottled)
                            .arg(lastMinuteAccepted)));
}

void TestDynamics::skewedKeysGetAnUnevenSplit()
{
    Sim sim(awsLimits());
    sim.createOnDemand("od");
    // All keys hash into shard 0's range, and within it into its lowest eighth.
    std::vector<std::string> keys;
    for (int i = 0; keys.size() < 200; ++i) {
        const std::string k = "k" + std::to_string(i);
        if (sim.engine.hashPartitionKey(k).hi() < (1ULL << 59))
            keys.push_back(k);
    }
    for (int s = 0; s < 30; ++s) {
        (void)sim.write("od", 0.9, 16, [&] { return keys[sim.rng() % keys.size()]; });
        sim.second();
    }
    ListShardsRequest all;
    all.stream.name = "od";
    const auto shards = sim.engine.listShards(all).value().shards;
    bool uneven = false;
    for (const auto &sh : shards)
        if (sh.parentShardId == std::optional<std::string>("shardId-000000000000")
            && sh.startingHashKey != HashKey())
            uneven = sh.startingHashKey.hi()
                     < (1ULL << 60); // the split point sits among the keys, not at the midpoint
    QVERIFY2(uneven, "shard 0 was not split at the median of its keys");
}

void TestDynamics::metricsForAKnownWorkload()
{
    EngineHarness h(awsLimits());
    h.ready("s", 2);
    h.clock().advance(1000 - h.clock().nowMs() % 1000); // start on a second boundary
    // Second 1: 100 records of 1000 + 4 bytes to shard 0; second 2: 1200 of them.
    auto burst = [&](int n) {
        for (int i = 0; i < n; ++i)
            (void)h.run([&](Engine &e) {
                return e.putRecord(
                    {{"s", {}}, std::string(1000, 'x'), i % 10 ? "cold" : "heat", "0", {}});
            });
    };
    burst(100);
    h.advance(1000);
    burst(1200);
    auto it = h.engine().getShardIterator(
        {{"s", {}}, "shardId-000000000000", ShardIteratorType::TrimHorizon, {}, {}});
    auto got = h.engine().getRecords({it->shardIterator, 50, {}}); // 50 records a second old
    QCOMPARE(got->records.size(), size_t(50));
    h.advance(1000);
    auto m = h.engine().recentMetrics({"s", {}}, 2);
    QVERIFY(m);
    const auto &shard0 = m->shards[0].samples;
    QCOMPARE(shard0.size(), size_t(2));
    QCOMPARE(value(shard0[0], Metric::IncomingRecords), 100);
    QCOMPARE(value(shard0[0], Metric::IncomingBytes), 100 * 1004);
    // The bucket holds one second of capacity and was full again after a second: 1000 of 1200.
    QCOMPARE(value(shard0[1], Metric::IncomingRecords), 1000);
    QCOMPARE(value(shard0[1], Metric::WriteProvisionedThroughputExceeded), 200);
    QCOMPARE(value(shard0[1], Metric::OutgoingRecords), 50);
    QCOMPARE(value(shard0[1], Metric::OutgoingBytes), 50 * 1004);
    QCOMPARE(value(shard0[1], Metric::GetRecordsCalls), 1);
    QCOMPARE(value(shard0[1], Metric::IteratorAgeMilliseconds), 1000);
    QCOMPARE(value(m->stream[1], Metric::IncomingRecords), 1000);
    QCOMPARE(value(m->shards[1].samples[1], Metric::IncomingRecords), 0);
    QCOMPARE(m->shards[0].hotKeysNow.at(0).partitionKey, std::string("cold"));
    QCOMPARE(m->shards[0].hotKeysNow.at(1).partitionKey, std::string("heat"));
    // A minute later the points are in the history.
    h.advance(61'000);
    auto history = h.engine().metricHistory({"s", {}}, 0, h.clock().nowMs());
    QVERIFY(history);
    std::int64_t records = 0, throttled = 0;
    for (const auto &p : *history)
        if (p.shardIndex == 0) {
            records += p.values[static_cast<std::size_t>(Metric::IncomingRecords)];
            throttled
                += p.values[static_cast<std::size_t>(Metric::WriteProvisionedThroughputExceeded)];
        }
    QCOMPARE(records, 1100);
    QCOMPARE(throttled, 200);
    auto later = h.engine().recentMetrics({"s", {}}, 5);
    QCOMPARE(later->shards[0].hotKeys.empty() || later->shards[0].hotKeys[0].partitionKey == "cold",
             true);
}

void TestDynamics::costForAKnownWorkload()
{
    EngineHarness h;
    h.ready("s", 2);
    // 1000 records of 30 KiB (2 PUT payload units each; 31 KiB billed on demand) in one hour,
    // half of them read back once.
    for (int i = 0; i < 1000; ++i)
        QVERIFY(h.run([&](Engine &e) {
            return e.putRecord({{"s", {}}, std::string(30 * 1024 - 2, 'x'), "pk", {}, {}});
        }));
    auto it = h.engine().getShardIterator(
        {{"s", {}}, "shardId-000000000001", ShardIteratorType::TrimHorizon, {}, {}});
    (void)it;
    h.advance(3600'000);
    auto r = h.engine().costReport({"s", {}});
    QVERIFY(r);
    QCOMPARE(r->mode, StreamMode::Provisioned);
    QVERIFY(qAbs(r->usage.shardHours - 2.0) < 0.01);
    QCOMPARE(r->usage.putPayloadUnits, 2000);
    QCOMPARE(r->current.lines[0].item, std::string("Shard hours"));
    QVERIFY(qAbs(r->current.lines[0].dollars - 0.030) < 0.0002);
    QVERIFY(qAbs(r->current.lines[1].dollars - 2000 * 0.014 / 1e6) < 1e-9);
    QVERIFY(qAbs(r->current.total - (0.030 + 0.000028)) < 0.0002);
    // What-if on-demand: one stream-hour plus the data written (30 KiB rounded up to 30 KiB).
    QCOMPARE(r->whatIf.mode, std::string("ON_DEMAND"));
    const double gbIn = 1000.0 * 30 * 1024 / (1024.0 * 1024 * 1024);
    QVERIFY(qAbs(r->whatIf.lines[0].dollars - 0.04) < 0.001);
    QVERIFY(qAbs(r->whatIf.lines[1].quantity - gbIn) < 1e-6);
    QVERIFY(qAbs(r->whatIf.lines[1].dollars - gbIn * 0.08) < 1e-6);
    // Usage survives a restart.
    h.advance(60'000);
    h.restart();
    auto again = h.engine().costReport({"s", {}});
    QCOMPARE(again->usage.putPayloadUnits, 2000);
    QVERIFY(again->usage.shardHours >= 2.0);
}

void TestDynamics::pricesAreEditable()
{
    PriceTable p;
    std::string error;
    QVERIFY(PriceTable::parse(
        "region=eu-west-1\nshardHour=0.017\n# comment\nonDemandDataInPerGb=0.09\n", p, &error));
    QCOMPARE(p.region, std::string("eu-west-1"));
    QCOMPARE(p.shardHour, 0.017);
    QCOMPARE(p.onDemandDataInPerGb, 0.09);
    QCOMPARE(p.putPayloadUnitsPerMillion, 0.014); // unchanged default
    QVERIFY(!PriceTable::parse("shardHours=1", p, &error));
    QCOMPARE(error, std::string("line 1: unknown price 'shardHours'"));
    QVERIFY(!PriceTable::parse("shardHour=-1", p, &error));
    PriceTable round;
    QVERIFY(PriceTable::parse(PriceTable().encode(), round, &error));
    QCOMPARE(round.onDemandStreamHour, 0.04);
}

namespace {
Result<AccountSettings> commit(Engine &e, const char *status)
{
    UpdateAccountSettingsRequest r;
    r.commitment.status = status;
    return e.updateAccountSettings(r);
}
Result<UpdateStreamWarmThroughputResult> warm(Engine &e, const std::string &name, std::int64_t m)
{
    return e.updateStreamWarmThroughput({{name, {}}, m});
}
QString text(const Error &e)
{
    return QString::fromStdString(e.toString());
}
} // namespace

void TestDynamics::warmThroughputNeedsTheCommitmentAndOnDemand()
{
    Sim sim(awsLimits());
    CreateStreamRequest p;
    p.streamName = "prov";
    p.shardCount = 2;
    QVERIFY(sim.engine.createStream(p));
    sim.createOnDemand("od");
    // Provisioned: AWS's refusal for an API of the other capacity mode.
    auto onProvisioned = warm(sim.engine, "prov", 8);
    QVERIFY(!onProvisioned);
    QCOMPARE(onProvisioned.error().code, ErrorCode::Validation);
    // On-demand without the commitment: says what to enable.
    auto noCommitment = warm(sim.engine, "od", 8);
    QVERIFY(!noCommitment);
    QCOMPARE(noCommitment.error().code, ErrorCode::InvalidArgument);
    QVERIFY(text(noCommitment.error()).contains(QStringLiteral("UpdateAccountSettings")));
    // No WarmThroughput in the descriptions without the commitment.
    QVERIFY(!sim.engine.describeStreamSummary({"od", {}})->warmThroughput);
    QVERIFY(commit(sim.engine, "ENABLED"));
    auto tooMuch = warm(sim.engine, "od", 10241);
    QVERIFY(!tooMuch);
    QCOMPARE(tooMuch.error().code, ErrorCode::LimitExceeded);
    const auto summary = sim.engine.describeStreamSummary({"od", {}});
    QVERIFY(summary->warmThroughput);
    QCOMPARE(summary->warmThroughput->currentMiBps, std::optional<std::int64_t>(4));
    QVERIFY(!summary->warmThroughput->targetMiBps);
    QVERIFY(!sim.engine.describeStreamSummary({"prov", {}})->warmThroughput);
    // AUTO is for on-demand streams only.
    auto autoProv = sim.engine.updateStreamRecordDistributionStrategy(
        {{"prov", {}}, RecordDistributionStrategy::Auto});
    QVERIFY(!autoProv);
    QCOMPARE(autoProv.error().code, ErrorCode::InvalidArgument);
}

void TestDynamics::warmThroughputKeepsShardsReady()
{
    EngineConfig cfg = awsLimits();
    cfg.onDemandScaleDownAfterMs = 60'000;
    Sim sim(cfg);
    QVERIFY(commit(sim.engine, "ENABLED"));
    sim.createOnDemand("od");
    QCOMPARE(sim.openShards("od"), 4);
    auto w = warm(sim.engine, "od", 10);
    QVERIFY(w);
    QCOMPARE(w->streamName, std::string("od"));
    QCOMPARE(w->warmThroughput.targetMiBps, std::optional<std::int64_t>(10));
    QCOMPARE(w->warmThroughput.currentMiBps, std::optional<std::int64_t>(4));
    QCOMPARE(sim.engine.describeStreamSummary({"od", {}})->status, StreamStatus::Updating);
    sim.second();
    auto summary = sim.engine.describeStreamSummary({"od", {}});
    QCOMPARE(summary->status, StreamStatus::Active);
    QCOMPARE(summary->openShardCount, 10);
    QCOMPARE(summary->warmThroughput->targetMiBps, std::optional<std::int64_t>(10));
    QCOMPARE(summary->warmThroughput->currentMiBps, std::optional<std::int64_t>(10));
    QCOMPARE(sim.engine.checkInvariants(), std::string());
    // Ten idle minutes: the scaler merges cold shards of an ordinary stream, not warm ones.
    for (int i = 0; i < 600; ++i)
        sim.second();
    QCOMPARE(sim.openShards("od"), 10);
    // Warm throughput 0: the scaler may merge again.
    QVERIFY(warm(sim.engine, "od", 0));
    for (int i = 0; i < 700; ++i)
        sim.second();
    QVERIFY(sim.openShards("od") < 10);
    // Warmed to 10 again: 7 MiB/s of writes are taken at once (four cold shards would refuse
    // three of them).
    QVERIFY(warm(sim.engine, "od", 10));
    sim.second();
    const auto [accepted, throttled] = sim.write("od", 7, 4, [&] { return sim.anyKey(); });
    QVERIFY2(throttled == 0, qPrintable(QString::number(throttled)));
    QCOMPARE(accepted, 7 * 1024 / 4);
    // Survives a restart: the setting is persisted with the stream.
    QVERIFY(warm(sim.engine, "od", 6));
    sim.second();
    Engine again(awsLimits(), sim.clock, sim.storage);
    QVERIFY(again.load());
    QCOMPARE(again.describeStreamSummary({"od", {}})->warmThroughput->targetMiBps,
             std::optional<std::int64_t>(6));
}

void TestDynamics::autoDistributionSpreadsOneKey()
{
    Sim sim(awsLimits());
    sim.createOnDemand("od");
    QCOMPARE(sim.engine.describeStreamSummary({"od", {}})->recordDistributionStrategy,
             std::optional(RecordDistributionStrategy::UserPartitionKey));
    QVERIFY(sim.engine.updateStreamRecordDistributionStrategy(
        {{"od", {}}, RecordDistributionStrategy::Auto}));
    QCOMPARE(sim.engine.describeStreamSummary({"od", {}})->recordDistributionStrategy,
             std::optional(RecordDistributionStrategy::Auto));
    // One partition key, 4 MiB/s: by key it would all go to one shard and mostly be throttled;
    // AUTO spreads it over the four.
    std::set<std::string> shards;
    for (int i = 0; i < 8; ++i) {
        auto r = sim.engine.putRecord({{"od", {}}, "x", "same-key", {}, {}});
        QVERIFY(r);
        shards.insert(r->shardId);
    }
    QCOMPARE(shards.size(), std::size_t(4));
    const auto [accepted, throttled] = sim.write("od", 3.5, 64, [] { return "same-key"; });
    QVERIFY2(throttled == 0, qPrintable(QString::number(throttled)));
    QVERIFY(accepted > 0);
}

void TestDynamics::commitmentBillsAtAdvantagePrices()
{
    EngineConfig cfg = awsLimits();
    cfg.limits = LimitsProfile::off();
    Sim sim(cfg);
    sim.createOnDemand("od");
    // One hour under On-demand Standard, one under Advantage, 1 GiB written in each.
    auto writeGiB = [&] {
        for (int i = 0; i < 16; ++i) {
            sim.write("od", 64, 64, [&] { return sim.anyKey(); });
            sim.clock.advance(60'000);
            sim.engine.tick();
            sim.commit();
        }
    };
    writeGiB();
    sim.clock.advance(3600'000 - 16 * 60'000);
    sim.engine.tick();
    QVERIFY(commit(sim.engine, "ENABLED"));
    writeGiB();
    sim.clock.advance(3600'000 - 16 * 60'000);
    sim.engine.tick();
    auto r = sim.engine.costReport({"od", {}});
    QVERIFY(r);
    auto line = [&](const std::string &item) {
        for (const auto &l : r->current.lines)
            if (l.item == item)
                return l;
        return CostLine{"missing", 0, "", 0};
    };
    QVERIFY(qAbs(line("Stream hours").quantity - 1.0) < 0.02);
    QVERIFY(qAbs(line("Advantage: stream hours").quantity - 1.0) < 0.02);
    QCOMPARE(line("Advantage: stream hours").dollars, 0.0);
    const double standardIn = line("Data in").quantity,
                 advantageIn = line("Advantage: data in").quantity;
    QVERIFY2(advantageIn > 0.9 && qAbs(standardIn - advantageIn) < 0.05,
             qPrintable(QStringLiteral("%1 %2").arg(standardIn).arg(advantageIn)));
    QVERIFY(qAbs(line("Advantage: data in").dollars - advantageIn * 0.032) < 1e-9);
    QVERIFY(qAbs(line("Data in").dollars - standardIn * 0.08) < 1e-9);
    // Persisted with the usage.
    const StreamUsage back = StreamUsage::decode(r->usage.encode());
    QCOMPARE(back.advantageBilledBytesIn, r->usage.advantageBilledBytesIn);
    QVERIFY(qAbs(back.advantageStreamHours - r->usage.advantageStreamHours) < 1e-9);
    // Usage written before these fields existed still reads (with none under the commitment).
    QCOMPARE(StreamUsage::decode("1 0 1 0 0 0 5 10 1024 0 5 0 0 0 7").streamHours, 1.0);
}

void TestDynamics::hotKeysRollByTheMinute()
{
    // The one minute roll of the engine's shards and the remote backend's traffic.
    MinuteHotKeys keys;
    const std::int64_t m0 = 1'795'687'200'000; // a minute boundary
    keys.add("a", 3, m0 + 1000);
    keys.add("b", 1, m0 + 59'999);
    QCOMPARE(keys.current(1).at(0).partitionKey, std::string("a"));
    QVERIFY(keys.lastMinute().empty());
    keys.add("c", 1, m0 + 60'000); // a write in the next minute closes the last one first
    QCOMPARE(keys.current().size(), std::size_t(1));
    QCOMPARE(keys.lastMinute().size(), std::size_t(2));
    QCOMPARE(keys.lastMinute()[0].count, 3);
    keys.roll(m0 + 60'000); // the same minute: nothing changes
    QCOMPARE(keys.lastMinute().size(), std::size_t(2));
    keys.roll(m0 + 180'000); // minute 1 closed two minutes ago: the last complete minute was idle
    QVERIFY(keys.lastMinute().empty());
    QVERIFY(keys.current().empty());
    keys.roll(m0 + 10'000); // time from before is ignored
    QVERIFY(keys.current().empty());
}

// A generator's load beyond what it stores is played second by second as engine time passes, even
// when time jumps a minute at once (engine time sped up): every second carries its own records,
// none is stored, and what is written at the new time comes after them.
void TestDynamics::carriedLoadIsPlayedSecondBySecond()
{
    EngineHarness h(awsLimits());
    h.ready("s", 2);
    h.clock().advance(1000 - h.clock().nowMs() % 1000); // start on a second boundary
    const std::int64_t t0 = h.clock().nowMs();
    auto id = h.engine().startCarrying(carriedLoad("s", 1500, 1000, t0 + 600'000));
    QVERIFY(id);
    h.advance(60'000); // one jump: a minute of engine time
    QVERIFY(h.run([](Engine &e) {
        return e.putRecords({{"s", {}}, {{"stored", "pk", std::nullopt}}});
    }));
    h.advance(1000);
    // 61 seconds, and the slice that starts now (a load is played a slice ahead).
    auto counts = h.engine().carry(*id, 1500, t0 + 600'000);
    QVERIFY(counts);
    QVERIFY2(qAbs(offered(*counts) - (61 * 1500 + 375)) <= 2,
             qPrintable(QString::number(offered(*counts))));
    QCOMPARE(counts->throttled, 0); // ~750 records/s a shard, under 1,000
    auto m = h.engine().recentMetrics({"s", {}}, 61);
    QVERIFY(m);
    QCOMPARE(m->stream.size(), std::size_t(61));
    for (std::size_t i = 0; i + 1 < m->stream.size(); ++i)
        QVERIFY2(qAbs(value(m->stream[i], Metric::IncomingRecords) - 1500) <= 2,
                 qPrintable(QStringLiteral("second %1: %2 records")
                                .arg(i)
                                .arg(value(m->stream[i], Metric::IncomingRecords))));
    // The record put after the jump is counted in its own second, after the carried ones.
    QVERIFY(qAbs(value(m->stream.back(), Metric::IncomingRecords) - 1501) <= 2);
    std::int64_t shard0 = 0, shard1 = 0;
    for (const auto &sample : m->shards[0].samples)
        shard0 += value(sample, Metric::IncomingRecords);
    for (const auto &sample : m->shards[1].samples)
        shard1 += value(sample, Metric::IncomingRecords);
    QVERIFY2(shard0 > 61 * 600 && shard1 > 61 * 600, // MD5 spreads 1,000 keys about evenly
             qPrintable(QStringLiteral("%1 / %2").arg(shard0).arg(shard1)));
    // Carried, not stored: only the one record put is there to read.
    QCOMPARE(m->shards[0].holdings.records + m->shards[1].holdings.records, 1);
    QVERIFY(!m->shards[0].hotKeysNow.empty());
    QVERIFY(QByteArray::fromStdString(m->shards[0].hotKeysNow[0].partitionKey).startsWith("user-"));
    // Usage for cost counts them: one PUT payload unit each.
    auto cost = h.engine().costReport({"s", {}});
    QVERIFY(cost);
    QCOMPARE(cost->usage.putPayloadUnits, counts->accepted + 1);
}

// A load beyond its shard's limits is throttled by the shard's buckets, second by second.
void TestDynamics::carriedLoadIsThrottledByItsShard()
{
    EngineHarness h(awsLimits());
    h.ready("s", 1);
    h.clock().advance(1000 - h.clock().nowMs() % 1000);
    const std::int64_t t0 = h.clock().nowMs();
    auto id = h.engine().startCarrying(carriedLoad("s", 3000, 1, t0 + 600'000));
    QVERIFY(id);
    h.advance(10'000);
    auto m = h.engine().recentMetrics({"s", {}}, 10);
    QVERIFY(m);
    // The first second spends the full bucket too; after it, 1,000 in and 2,000 refused.
    for (std::size_t i = 1; i < m->stream.size(); ++i) {
        QCOMPARE(value(m->stream[i], Metric::IncomingRecords), 1000);
        QCOMPARE(value(m->stream[i], Metric::WriteProvisionedThroughputExceeded), 2000);
    }
    auto counts = h.engine().stopCarrying(*id);
    QVERIFY(counts);
    QCOMPARE(offered(*counts), 30'000 + 750); // and the slice starting now
    QVERIFY(counts->throttled >= 18'000);
    // One key of one shard: the hot-key view names it with all of the shard's records.
    QCOMPARE(m->shards[0].hotKeysNow.at(0).partitionKey, std::string("user-0"));
}

// On-demand capacity follows a carried load as it follows stored writes: a stream carrying twice
// its four shards' capacity at 60× (time in steps of 3 s) scales out until the throttling ends.
void TestDynamics::carriedLoadScalesAnOnDemandStream()
{
    Sim sim(awsLimits());
    sim.createOnDemand("od");
    QCOMPARE(sim.openShards("od"), 4);
    auto spec = carriedLoad("od", 8000, 4096, sim.clock.nowMs() + 3600'000);
    spec.dataBytes = 1000;
    auto id = sim.engine.startCarrying(spec);
    QVERIFY(id);
    for (int step = 0; step < 600; ++step) { // 30 minutes
        sim.clock.advance(3000);
        sim.engine.tick();
        sim.commit();
    }
    QVERIFY2(sim.openShards("od") >= 8,
             qPrintable(QStringLiteral("%1 shards for 8,000 records/s").arg(sim.openShards("od"))));
    auto m = sim.engine.recentMetrics({"od", {}}, 60);
    QVERIFY(m);
    std::int64_t in = 0, throttled = 0;
    for (const auto &sample : m->stream) {
        in += value(sample, Metric::IncomingRecords);
        throttled += value(sample, Metric::WriteProvisionedThroughputExceeded);
    }
    QVERIFY2(throttled * 100 < in + throttled,
             qPrintable(QStringLiteral("%1 of %2 throttled in the last minute")
                            .arg(throttled)
                            .arg(in + throttled)));
    QVERIFY(qAbs(in - 60 * 8000) <= 60 * 8000 / 100);
    QVERIFY(sim.engine.checkInvariants().empty());
}

// A load lasts until its end unless extended; a lapsed load resumes without owing the gap; a load
// on a deleted stream ends with the stream's error; bad loads are refused.
void TestDynamics::carriedLoadEndsWithItsLeaseAndItsStream()
{
    EngineHarness h; // limits off
    h.ready("s", 2);
    const std::int64_t t0 = h.clock().nowMs();
    auto id = h.engine().startCarrying(carriedLoad("s", 1000, 10, t0 + 5000));
    QVERIFY(id);
    h.advance(20'000);
    auto counts = h.engine().carry(*id, 1000, h.clock().nowMs() + 5000);
    QVERIFY(counts);
    QCOMPARE(offered(*counts), 5000); // its first 5 s only
    h.advance(10'000);
    counts = h.engine().carry(*id, 500, h.clock().nowMs() + 5000);
    QCOMPARE(offered(*counts), 10'000); // 5 s more, nothing for the gap
    h.advance(2000);
    counts = h.engine().stopCarrying(*id);
    // At its new rate for 2 s, and the slice starting now if a slice starts now.
    QVERIFY2(offered(*counts) >= 11'000 && offered(*counts) <= 11'125,
             qPrintable(QString::number(offered(*counts))));
    h.advance(2000);
    QCOMPARE(h.engine().carry(*id, 1, h.clock().nowMs()).error().code,
             ErrorCode::InvalidArgument); // stopped
    // The stream goes: the load ends with ResourceNotFound, as its PutRecords would.
    auto other = h.engine().startCarrying(carriedLoad("s", 1000, 10, h.clock().nowMs() + 60'000));
    QVERIFY(other);
    QVERIFY(h.run([](Engine &e) { return e.deleteStream({{"s", {}}, false}); }));
    h.advance(60'000);
    auto gone = h.engine().carry(*other, 1000, h.clock().nowMs() + 5000);
    QVERIFY(!gone);
    QCOMPARE(gone.error().code, ErrorCode::ResourceNotFound);
    QVERIFY(gone.error().message.find("Stream s under account") != std::string::npos);
    // Refused: no keys, a key too long, a negative rate, a stream that does not exist.
    h.ready("t", 1);
    auto none = carriedLoad("t", 10, 0, h.clock().nowMs() + 1000);
    QCOMPARE(h.engine().startCarrying(none).error().code, ErrorCode::InvalidArgument);
    auto longKey = carriedLoad("t", 10, 1, h.clock().nowMs() + 1000);
    longKey.keys[0].first = std::string(257, 'k');
    QCOMPARE(h.engine().startCarrying(longKey).error().code, ErrorCode::Validation);
    QCOMPARE(h.engine().startCarrying(carriedLoad("t", -1, 1, 0)).error().code,
             ErrorCode::InvalidArgument);
    QCOMPARE(h.engine().startCarrying(carriedLoad("nope", 10, 1, 0)).error().code,
             ErrorCode::ResourceNotFound);
}

QTEST_APPLESS_MAIN(TestDynamics)
#include "tst_dynamics.moc"
