// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
// Live metrics through the mailbox: the host publishes a frame per engine second, the frame pump
// hands it over once, and LiveMetrics keeps the selected stream's history — exact in engine
// seconds even when frames are skipped (it backfills from the backend).
#include "frame_pump.h"
#include "models/live_metrics.h"

#include "embedded_backend.h"

#include <QSignalSpy>
#include <QtTest>

using namespace shs;
using namespace shs::core;

class TestLiveMetrics : public QObject
{
    Q_OBJECT
  private Q_SLOTS:
    void init();
    void cleanup();
    void framesCarryTheLastCompleteSecond();
    void historyMatchesTheEngineAfterSkippedFrames();
    void focusMovesAndStreamsComeAndGo();

  private:
    void put(const std::string &stream, int records, const std::string &key = "k");
    test::EmbeddedBackend m_engine;
};

void TestLiveMetrics::init()
{
    EngineConfig cfg;
    cfg.createDelayMs = 0;
    QVERIFY(m_engine.start(cfg));
    for (const char *name : {"a", "b"})
        QVERIFY(m_engine.createActive(name, 2));
}

void TestLiveMetrics::cleanup()
{
    m_engine.stop();
}

void TestLiveMetrics::put(const std::string &stream, int records, const std::string &key)
{
    PutRecordsRequest req;
    req.stream.name = stream;
    for (int i = 0; i < records; ++i)
        req.records.push_back({std::string(100, 'x'), key, std::nullopt});
    auto r = m_engine.host->call<PutRecordsResult>(
        [req](Engine &e) mutable { return e.putRecords(std::move(req)); });
    QVERIFY(r && r->failedRecordCount == 0);
}

void TestLiveMetrics::framesCarryTheLastCompleteSecond()
{
    auto &mailbox = m_engine.backend->mailbox();
    put("a", 300);
    m_engine.clock->advance(1000);
    const std::int64_t second = m_engine.clock->nowMs() / 1000 - 1;
    QTRY_VERIFY(mailbox.latestMetrics() && mailbox.latestMetrics()->second == second);
    const auto frame = mailbox.latestMetrics();
    QCOMPARE(frame->streams.size(), std::size_t(2));
    QCOMPARE(frame->streams[0].name, std::string("a"));
    QCOMPARE(frame->streams[0].totals[int(Metric::IncomingRecords)], 300);
    QCOMPARE(frame->streams[0].shards.size(), std::size_t(2));
    QCOMPARE(frame->streams[0].shards[0].values[int(Metric::IncomingRecords)]
                 + frame->streams[0].shards[1].values[int(Metric::IncomingRecords)],
             300);
    QCOMPARE(frame->streams[1].totals[int(Metric::IncomingRecords)], 0);
    // The pump hands each new frame over once.
    ui::FramePump pump(mailbox);
    QSignalSpy frames(&pump, &ui::FramePump::metricsChanged);
    pump.pumpNow();
    pump.pumpNow();
    QCOMPARE(frames.size(), 1);
    ui::LiveMetrics live(*m_engine.backend);
    live.applyFrame(frame);
    QCOMPARE(live.streamRates().at("a").first, 300.0);
    QCOMPARE(live.streamRates().at("a").second, double(300 * (100 + 1)));
    QCOMPARE(live.frameSecond(), second);
}

void TestLiveMetrics::historyMatchesTheEngineAfterSkippedFrames()
{
    ui::LiveMetrics live(*m_engine.backend);
    ui::FramePump pump(m_engine.backend->mailbox());
    connect(&pump, &ui::FramePump::metricsChanged, &live, &ui::LiveMetrics::applyFrame);
    live.setFocus(QStringLiteral("a"));
    // 30 engine seconds of varying traffic; the pump runs only every few seconds, so most
    // frames are never seen.
    for (int sec = 0; sec < 30; ++sec) {
        put("a", 10 * (sec + 1), "key-" + std::to_string(sec % 3));
        m_engine.clock->advance(1000);
        if (sec % 7 == 0) {
            QTest::qWait(30);
            pump.pumpNow();
        }
    }
    const std::int64_t last = m_engine.clock->nowMs() / 1000 - 1;
    QTRY_VERIFY_WITH_TIMEOUT(m_engine.backend->mailbox().latestMetrics()->second == last, 3000);
    pump.pumpNow();
    QTRY_VERIFY(live.lastSecond() == last && !live.backfillInFlight());
    const service::MetricsWindow mine = live.window(40);
    auto engine = m_engine.host->call<Engine::StreamMetrics>([](Engine &e) {
        return e.recentMetrics({"a", {}}, 40);
    });
    QVERIFY(engine);
    QCOMPARE(mine.stream.size(), std::size_t(40));
    QCOMPARE(mine.shards.size(), engine->shards.size());
    for (std::size_t i = 0; i < 40; ++i) {
        QCOMPARE(mine.stream[i].second, engine->stream[i].second);
        QCOMPARE(mine.stream[i].values, engine->stream[i].values);
        for (std::size_t s = 0; s < mine.shards.size(); ++s)
            QCOMPARE(mine.shards[s].samples[i].values, engine->shards[s].samples[i].values);
    }
    QCOMPARE(mine.stream.back().values[int(Metric::IncomingRecords)], 300);
}

void TestLiveMetrics::focusMovesAndStreamsComeAndGo()
{
    ui::LiveMetrics live(*m_engine.backend);
    ui::FramePump pump(m_engine.backend->mailbox());
    connect(&pump, &ui::FramePump::metricsChanged, &live, &ui::LiveMetrics::applyFrame);
    live.setFocus(QStringLiteral("a"));
    put("a", 5);
    put("b", 7);
    m_engine.clock->advance(1000);
    QTRY_VERIFY_WITH_TIMEOUT(
        (pump.pumpNow(), live.frameSecond() == m_engine.clock->nowMs() / 1000 - 1), 3000);
    QTRY_VERIFY(!live.backfillInFlight());
    QCOMPARE(live.window(1).stream.back().values[int(Metric::IncomingRecords)], 5);
    live.setFocus(QStringLiteral("b"));
    QVERIFY(live.window(1).shards.empty()); // nothing until the backfill answers
    QTRY_VERIFY(!live.backfillInFlight() && !live.window(1).shards.empty());
    QCOMPARE(live.window(1).stream.back().values[int(Metric::IncomingRecords)], 7);
    // A stream deleted: its history goes with the next frames and backfill.
    QVERIFY(m_engine.host->call<void>([](Engine &e) {
        return e.deleteStream({{"b", {}}, false});
    }));
    m_engine.clock->advance(60'000);
    QTRY_VERIFY_WITH_TIMEOUT((pump.pumpNow(), live.streamRates().count("b") == 0), 3000);
    live.setFocus({});
    QVERIFY(live.window(10).stream.empty());
}

QTEST_GUILESS_MAIN(TestLiveMetrics)
#include "tst_live_metrics.moc"
