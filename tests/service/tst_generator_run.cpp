// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
// A generator on the embedded engine with engine time sped up: it stores a sample and carries the
// rest of its rate, so the stream sees the whole rate second by second (issue 14: 4,500 records/s
// at 60× used to arrive as a spike every few seconds, most of it skipped).
#include "producer/generator_run.h"

#include "embedded_backend.h"

#include <QtTest>

#include <algorithm>

using namespace shs;
using namespace shs::core;

class TestGeneratorRun : public QObject
{
    Q_OBJECT
  private Q_SLOTS:
    void init();
    void cleanup();
    void carriesWhatItCannotStoreAtSixtyTimes();
    void storesEverythingInRealTime();
    void theKplPathWritesPastOneShardsRecordLimit();

  private:
    test::EmbeddedBackend m_engine;
};

namespace {
std::int64_t value(const MetricSample &s, Metric m)
{
    return s.values[static_cast<std::size_t>(m)];
}
} // namespace

void TestGeneratorRun::init()
{
    EngineConfig cfg;
    cfg.createDelayMs = 0;
    cfg.limits = LimitsProfile::aws();
    QVERIFY(m_engine.start(cfg));
    QVERIFY(m_engine.createActive("s", 8)); // room for 4,500 records/s: nothing throttled
}

void TestGeneratorRun::cleanup()
{
    m_engine.stop();
}

void TestGeneratorRun::carriesWhatItCannotStoreAtSixtyTimes()
{
    producer::GeneratorSpec spec;
    spec.streamName = "s";
    spec.recordsPerSecond = 4500;
    spec.recordBytes = 200;
    spec.distinctKeys = 100000;
    m_engine.clock->setSpeed(60);
    producer::GeneratorRun run(*m_engine.backend, spec, 1);
    QCOMPARE(run.storedRate(), producer::GeneratorRun::kSampledPerRealSecond / 60);
    QCOMPARE(run.carriedRate(), 4500 - producer::GeneratorRun::kSampledPerRealSecond / 60);
    const std::int64_t t0 = m_engine.clock->nowMs();
    run.start();
    QTRY_VERIFY_WITH_TIMEOUT(m_engine.clock->nowMs() - t0 >= 100'000, 20'000);
    auto m = m_engine.host->call<Engine::StreamMetrics>([](Engine &e) {
        return e.recentMetrics({"s", {}}, 60);
    });
    QVERIFY(m);
    run.stop();
    // The whole rate, second by second: no second far from 4,500. The stored sample arrives once
    // a generator tick, 0.6 engine seconds at 60× (10 ms); a stalled tick brings at most a second
    // of it (333 records).
    std::int64_t sum = 0, most = 0, least = INT64_MAX, throttled = 0;
    for (const auto &s : m->stream) {
        const auto in = value(s, Metric::IncomingRecords);
        sum += in;
        most = std::max(most, in);
        least = std::min(least, in);
        throttled += value(s, Metric::WriteProvisionedThroughputExceeded);
    }
    const double mean = double(sum) / double(m->stream.size());
    const QString shape
        = QStringLiteral("mean %1, least %2, most %3 records/s").arg(mean).arg(least).arg(most);
    qInfo("%s", qPrintable(shape));
    QVERIFY2(mean > 4500 * 0.9 && mean < 4500 * 1.1, qPrintable(shape));
    QVERIFY2(double(most) < 1.25 * mean && double(least) > 0.75 * mean, qPrintable(shape));
    QCOMPARE(throttled, 0);
    // A sample stored, the rest carried, and the counts say which.
    QTRY_VERIFY(run.counts().carried > 0 && run.inFlight() == 0);
    const auto c = run.counts();
    QVERIFY2(
        c.acknowledged > 0 && c.carried > 5 * c.acknowledged,
        qPrintable(QStringLiteral("%1 stored, %2 carried").arg(c.acknowledged).arg(c.carried)));
    QCOMPARE(c.carriedThrottled, 0);
    // The stored ones are there to read; the carried ones are not.
    m_engine.clock->setSpeed(0);
    auto after = m_engine.host->call<Engine::StreamMetrics>([](Engine &e) {
        return e.recentMetrics({"s", {}}, 1);
    });
    std::int64_t held = 0;
    for (const auto &shard : after->shards)
        held += shard.holdings.records;
    QCOMPARE(held, c.acknowledged);
}

void TestGeneratorRun::storesEverythingInRealTime()
{
    producer::GeneratorSpec spec;
    spec.streamName = "s";
    spec.recordsPerSecond = 50000; // the form's rates at 1× are stored record by record
    m_engine.clock->setSpeed(1);
    producer::GeneratorRun run(*m_engine.backend, spec, 1);
    QCOMPARE(run.storedRate(), 50000.0);
    QCOMPARE(run.carriedRate(), 0.0);
    m_engine.clock->setSpeed(10);
    QCOMPARE(run.storedRate(), producer::GeneratorRun::kSampledPerRealSecond / 10);
    m_engine.clock->setSpeed(0); // paused: nothing is due, nothing carried
    QCOMPARE(run.carriedRate(), 0.0);
}

/// Through the KPL path, 3,000 records/s of 100 bytes reach a one-shard stream: three times what
/// the shard takes record by record, in far fewer Kinesis records, none throttled for good; and
/// stopping sends what the producer still buffers.
void TestGeneratorRun::theKplPathWritesPastOneShardsRecordLimit()
{
    QVERIFY(m_engine.createActive("one", 1));
    QTRY_VERIFY(m_engine.backend->mailbox().latest()
                && std::any_of(m_engine.backend->mailbox().latest()->streams.begin(),
                               m_engine.backend->mailbox().latest()->streams.end(),
                               [](const StreamInfo &s) { return s.name == "one"; }));
    producer::GeneratorSpec spec;
    spec.streamName = "one";
    spec.recordsPerSecond = 3000;
    spec.recordBytes = 100;
    spec.payload = producer::PayloadTemplate::LogLine;
    spec.path = producer::ProducerPath::Kpl;
    m_engine.clock->setSpeed(1);
    producer::GeneratorRun run(*m_engine.backend, spec, 1);
    QCOMPARE(run.carriedRate(), 0.0);
    const std::int64_t t0 = m_engine.clock->nowMs();
    run.start();
    QVERIFY(run.running());
    QTRY_VERIFY_WITH_TIMEOUT(run.counts().acknowledged >= 6000, 20'000);
    run.stop();
    QTRY_VERIFY_WITH_TIMEOUT(!run.running(), 20'000); // drained
    const double seconds = double(m_engine.clock->nowMs() - t0) / 1000.0;
    const auto c = run.counts();
    const QString shape = QStringLiteral("%1 user records in %2 Kinesis records, %3 calls, %4 s")
                              .arg(c.acknowledged)
                              .arg(c.kinesisRecords)
                              .arg(c.putRecordsCalls)
                              .arg(seconds);
    qInfo("%s", qPrintable(shape));
    QCOMPARE(c.failed, 0);
    QCOMPARE(c.buffered, 0);
    QVERIFY2(double(c.acknowledged) / seconds > 1500, qPrintable(shape)); // past 1,000/s
    QVERIFY2(c.kinesisRecords * 20 < c.acknowledged, qPrintable(shape));
    QVERIFY(c.payloadUnits >= c.kinesisRecords);
    // The stream holds the Kinesis records.
    m_engine.clock->setSpeed(0);
    auto after = m_engine.host->call<Engine::StreamMetrics>([](Engine &e) {
        return e.recentMetrics({"one", {}}, 1);
    });
    QCOMPARE(after->shards.front().holdings.records, c.kinesisRecords);
}

QTEST_MAIN(TestGeneratorRun)
#include "tst_generator_run.moc"
