// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
// FaultInjector: rules read and refused with their reasons, matched by operation, stream and shard,
// fired at their probability from their seed (the same seed, the same faults), partial failures
// by share, latency distributions, limits on firings, and what the client did next.
#include "service/fault_injector.h"

#include <QJsonDocument>
#include <QtTest>

#include <numeric>

using namespace shs;
using namespace shs::service;

class TestFaultInjector : public QObject
{
    Q_OBJECT
  private Q_SLOTS:
    void parsesRulesAndRefusesMistakes_data();
    void parsesRulesAndRefusesMistakes();
    void matchesByOperationStreamAndShard();
    void sameSeedSameFaults();
    void firesAtItsProbability();
    void partialFailsAShareOfTheEntriesOfItsShard();
    void latencyDistributions();
    void maxFiresAndRemoval();
    void tellsWhatTheClientDidNext();
    void roundTripsThroughJson();
};

namespace {
std::vector<FaultRule> rules(const char *json)
{
    auto parsed = FaultInjector::parse(QJsonDocument::fromJson(json).object());
    if (!parsed)
        qFatal("%s", parsed.error().message.c_str());
    return parsed.value();
}

FaultCall call(std::string op, std::string stream = "s", std::vector<std::string> shards = {})
{
    FaultCall c;
    c.operation = std::move(op);
    c.stream = std::move(stream);
    c.shards = std::move(shards);
    c.client = "127.0.0.1 Boto3/1.26.27";
    c.account = "000000000000";
    return c;
}
} // namespace

void TestFaultInjector::parsesRulesAndRefusesMistakes_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("error"); // empty: accepted
    QTest::newRow("error") << QByteArray(R"({"kind":"error","error":"InternalFailure"})")
                           << QString();
    QTest::newRow("list") << QByteArray(R"({"rules":[{"kind":"drop"},{"kind":"reset"}]})")
                          << QString();
    QTest::newRow("unknown kind") << QByteArray(R"({"kind":"explode"})") << "\"kind\" must be";
    QTest::newRow("unknown field")
        << QByteArray(R"({"kind":"drop","probabilty":0.5})") << "unknown field \"probabilty\"";
    QTest::newRow("probability as text")
        << QByteArray(R"({"kind":"drop","probability":"0.5"})") << "must be a number";
    QTest::newRow("probability over 1")
        << QByteArray(R"({"kind":"drop","probability":1.5})") << "between 0 and 1";
    QTest::newRow("unknown error")
        << QByteArray(R"({"kind":"error","error":"Boom"})") << "is not one a rule can raise";
    QTest::newRow("partial code") << QByteArray(
        R"({"kind":"partial","error":"ThrottlingException"})")
                                  << "ProvisionedThroughputExceededException or InternalFailure";
    QTest::newRow("partial share")
        << QByteArray(R"({"kind":"partial","share":0})") << "share must be over 0";
    QTest::newRow("partial op") << QByteArray(R"({"kind":"partial","operation":"PutRecord"})")
                                << "PutRecords only";
    QTest::newRow("uniform") << QByteArray(
        R"({"kind":"latency","distribution":"uniform","ms":50,"maxMs":10})")
                             << "maxMs >= ms";
    QTest::newRow("distribution") << QByteArray(R"({"kind":"latency","distribution":"pareto"})")
                                  << "fixed, uniform or exponential";
    QTest::newRow("slow") << QByteArray(R"({"kind":"slowBody"})") << "bytesPerSecond";
    QTest::newRow("skew") << QByteArray(R"({"kind":"clockSkew"})") << "skewSeconds";
    QTest::newRow("stage") << QByteArray(R"({"kind":"drop","stage":"later"})") << "request";
    QTest::newRow("empty") << QByteArray(R"({"rules":[]})") << "no fault rules";
    QTest::newRow("zone") << QByteArray(R"({"kind":"zone","zone":"us-east-1b","durationMs":500})")
                          << QString();
    QTest::newRow("zone unnamed") << QByteArray(R"({"kind":"zone"})") << "names its zone";
    QTest::newRow("zone action") << QByteArray(R"({"kind":"zone","zone":"z","action":"melt"})")
                                 << "down (an outage) or wipe";
    QTest::newRow("disk") << QByteArray(R"({"kind":"disk","zone":"us-east-1c","error":"io"})")
                          << QString();
    QTest::newRow("disk error") << QByteArray(R"({"kind":"disk","zone":"z","error":"smoke"})")
                                << "full (the disk fills) or io";
    QTest::newRow("duration") << QByteArray(R"({"kind":"disk","zone":"z","durationMs":-1})")
                              << "durationMs";
}

void TestFaultInjector::parsesRulesAndRefusesMistakes()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, error);
    FaultInjector faults;
    auto parsed = FaultInjector::parse(QJsonDocument::fromJson(json).object());
    core::Result<std::vector<std::string>> added
        = parsed ? faults.addAll(parsed.value())
                 : core::Result<std::vector<std::string>>(parsed.error());
    if (error.isEmpty()) {
        QVERIFY2(added.has_value(), added ? "" : added.error().message.c_str());
        QCOMPARE(faults.rules().size(), added.value().size());
        QCOMPARE(added.value().front(), std::string("f1"));
    } else {
        QVERIFY(!added.has_value());
        QCOMPARE(added.error().code, core::ErrorCode::Validation);
        QVERIFY2(QString::fromStdString(added.error().message).contains(error),
                 added.error().message.c_str());
        QVERIFY(faults.rules().empty()); // all or nothing
    }
}

void TestFaultInjector::matchesByOperationStreamAndShard()
{
    FaultInjector faults;
    QVERIFY(faults.addAll(rules(R"({"rules":[
        {"kind":"error","operation":"GetRecords","stream":"orders","shard":"shardId-000000000002",
         "error":"ExpiredIteratorException"}]})")));
    const std::int64_t now = 1'800'000'000'000;
    QVERIFY(!faults.decide(call("GetRecords", "orders", {"shardId-000000000001"}), now).any());
    QVERIFY(!faults.decide(call("GetRecords", "clicks", {"shardId-000000000002"}), now).any());
    QVERIFY(!faults.decide(call("PutRecord", "orders", {"shardId-000000000002"}), now).any());
    const auto d = faults.decide(call("GetRecords", "orders", {"shardId-000000000002"}), now);
    QVERIFY(d.error);
    QCOMPARE(d.error->type, std::string("ExpiredIteratorException"));
    QCOMPARE(d.error->status, 400);
    QVERIFY(QString::fromStdString(d.error->message)
                .startsWith(QStringLiteral("Iterator expired. The iterator was created at time ")));
    QVERIFY(faults.wantsPlace("GetRecords"));
    QVERIFY(!faults.wantsPlace("ListStreams"));
    QCOMPARE(faults.rules().front().matched, 1);
    QCOMPARE(faults.rules().front().fired, 1);

    // AWS's texts, with the stream, shard and account filled in; InternalFailure is a 500.
    FaultInjector other;
    QVERIFY(other.addAll(
        rules(R"({"rules":[{"kind":"error","error":"ProvisionedThroughputExceededException"},
                                             {"kind":"error","error":"InternalFailure"}]})")));
    const auto pte = other.decide(call("PutRecord", "orders", {"shardId-000000000003"}), now);
    QCOMPARE(pte.error->message, std::string("Rate exceeded for shard shardId-000000000003 in "
                                             "stream orders under account 000000000000."));
    FaultInjector internal;
    QVERIFY(internal.add(rules(R"({"kind":"error","error":"InternalFailure"})").front()));
    QCOMPARE(internal.decide(call("ListShards"), now).error->status, 500);
    QCOMPARE(internal.decide(call("ListShards"), now).error->type,
             std::string("InternalFailureException"));
}

void TestFaultInjector::sameSeedSameFaults()
{
    const char *json = R"({"rules":[
        {"kind":"error","operation":"PutRecords","probability":0.3,"seed":42},
        {"kind":"partial","probability":0.5,"share":0.25,"seed":7},
        {"kind":"latency","distribution":"exponential","ms":40,"probability":0.5,"seed":9}]})";
    auto run = [json](std::uint64_t seedShift) {
        FaultInjector faults;
        auto list = rules(json);
        for (auto &r : list)
            r.seed += seedShift;
        (void)faults.addAll(list);
        std::vector<std::string> shards(20, "shardId-000000000000");
        for (int i = 0; i < 200; ++i)
            (void)faults.decide(call(i % 3 ? "PutRecords" : "GetRecords", "s", shards), i);
        std::vector<std::string> trace;
        for (const auto &f : faults.fired())
            trace.push_back(f.ruleId + ' ' + f.operation + ' ' + f.detail);
        return trace;
    };
    const auto first = run(0);
    QVERIFY(first.size() > 50);
    QCOMPARE(run(0), first);
    QVERIFY(run(1) != first);
}

void TestFaultInjector::firesAtItsProbability()
{
    FaultInjector faults;
    QVERIFY(faults.add(rules(R"({"kind":"drop","probability":0.2,"seed":3})").front()));
    int fired = 0;
    for (int i = 0; i < 10'000; ++i)
        fired += faults.decide(call("PutRecord"), i).cut == FaultDecision::Cut::Drop;
    QVERIFY2(fired > 1800 && fired < 2200, qPrintable(QString::number(fired)));
    QCOMPARE(faults.rules().front().matched, 10'000);
    QCOMPARE(faults.rules().front().fired, fired);
}

void TestFaultInjector::partialFailsAShareOfTheEntriesOfItsShard()
{
    FaultInjector faults;
    QVERIFY(faults.add(rules(R"({"kind":"partial","share":0.5,"shard":"shardId-000000000001",
                                 "error":"InternalFailure","seed":5})")
                           .front()));
    std::vector<std::string> shards;
    for (int i = 0; i < 400; ++i)
        shards.push_back(i % 4 == 1 ? "shardId-000000000001" : "shardId-000000000000");
    const auto d = faults.decide(call("PutRecords", "s", shards), 0);
    QCOMPARE(d.failEntries.size(), shards.size());
    QCOMPARE(d.entryErrorCode, std::string("InternalFailure"));
    int failed = 0;
    for (std::size_t i = 0; i < shards.size(); ++i) {
        if (d.failEntries[i])
            QCOMPARE(shards[i], std::string("shardId-000000000001"));
        failed += d.failEntries[i];
    }
    QVERIFY2(failed > 35 && failed < 65, qPrintable(QString::number(failed))); // 100 eligible
    QCOMPARE(faults.fired().back().detail,
             std::to_string(failed) + " of 100 entries InternalFailure");
    // Not PutRecords: never a partial failure.
    QVERIFY(!faults.decide(call("PutRecord", "s", {"shardId-000000000001"}), 0).any());
}

void TestFaultInjector::latencyDistributions()
{
    auto sample = [](const char *json) {
        FaultInjector faults;
        (void)faults.add(rules(json).front());
        std::vector<int> out;
        for (int i = 0; i < 2000; ++i)
            out.push_back(faults.decide(call("PutRecord"), i).delayMs);
        return out;
    };
    for (int ms : sample(R"({"kind":"latency","ms":120})"))
        QCOMPARE(ms, 120);
    const auto uniform
        = sample(R"({"kind":"latency","distribution":"uniform","ms":100,"maxMs":200})");
    QCOMPARE(*std::min_element(uniform.begin(), uniform.end()) >= 100, true);
    QCOMPARE(*std::max_element(uniform.begin(), uniform.end()) <= 200, true);
    const auto exponential = sample(R"({"kind":"latency","distribution":"exponential","ms":50})");
    const double mean = std::accumulate(exponential.begin(), exponential.end(), 0.0) / 2000;
    QVERIFY2(mean > 45 && mean < 55, qPrintable(QString::number(mean)));
}

void TestFaultInjector::maxFiresAndRemoval()
{
    FaultInjector faults;
    QVERIFY(faults.add(rules(R"({"kind":"error","id":"three","maxFires":3})").front()));
    int fired = 0;
    for (int i = 0; i < 10; ++i)
        fired += bool(faults.decide(call("ListStreams"), i).error);
    QCOMPARE(fired, 3);
    QVERIFY(!faults.add(rules(R"({"kind":"drop","id":"three"})").front()));
    QVERIFY(faults.remove("three"));
    QVERIFY(!faults.remove("three"));
    QVERIFY(!faults.active());
    QCOMPARE(faults.firedCount(), 3);
}

void TestFaultInjector::tellsWhatTheClientDidNext()
{
    FaultInjector faults;
    QVERIFY(faults.add(
        rules(R"({"kind":"error","error":"ProvisionedThroughputExceededException","maxFires":1})")
            .front()));
    (void)faults.decide(call("PutRecords", "s", {"shardId-000000000000"}), 1000);
    QVERIFY(faults.fired().front().next.empty());
    FaultCall otherClient = call("ListShards");
    otherClient.client = "127.0.0.1 aws-cli/2.9.19";
    faults.noteRequest(otherClient.client, "ListShards", 1100);
    QVERIFY(faults.fired().front().next.empty());
    faults.noteRequest("127.0.0.1 Boto3/1.26.27", "PutRecords", 1212);
    QCOMPARE(faults.fired().front().next, std::string("PutRecords after 212 ms"));
    faults.noteRequest("127.0.0.1 Boto3/1.26.27", "GetRecords", 1500); // only the first next
    QCOMPARE(faults.fired().front().next, std::string("PutRecords after 212 ms"));
    QCOMPARE(faults.fired(1).size(), std::size_t(0));
}

void TestFaultInjector::roundTripsThroughJson()
{
    const auto original = rules(R"({"rules":[
        {"kind":"error","operation":"PutRecords","stream":"s","shard":"shardId-000000000001",
         "probability":0.25,"seed":11,"maxFires":4,"error":"KMSThrottlingException","message":"slow down"},
        {"kind":"partial","share":0.3,"error":"InternalFailure"},
        {"kind":"latency","distribution":"uniform","ms":5,"maxMs":30},
        {"kind":"reset","stage":"response"},
        {"kind":"slowBody","bytesPerSecond":512},
        {"kind":"clockSkew","skewSeconds":-1200},
        {"kind":"zone","zone":"us-east-1b","action":"wipe","durationMs":250},
        {"kind":"disk","zone":"us-east-1c","error":"io"}]})");
    FaultInjector faults;
    QVERIFY(faults.addAll(original));
    QJsonArray out;
    for (const auto &state : faults.rules())
        out.append(FaultInjector::toJson(state.rule));
    const auto again = FaultInjector::parse(QJsonObject{{QStringLiteral("rules"), out}});
    QVERIFY(again);
    QCOMPARE(again.value().size(), original.size());
    for (std::size_t i = 0; i < original.size(); ++i)
        QCOMPARE(QJsonDocument(FaultInjector::toJson(again.value()[i])).toJson(),
                 QJsonDocument(out[qsizetype(i)].toObject()).toJson());
    QCOMPARE(again.value()[3].afterEngine, true);
    QCOMPARE(again.value()[5].skewSeconds, -1200);
    QCOMPARE(again.value()[6].durationMs, std::int64_t(250));
    QCOMPARE(again.value()[7].error, std::string("io"));
    // When they fire, the decision names the zone, what happens to it and for how long.
    FaultInjector zoneFaults;
    QVERIFY(zoneFaults.addAll(rules(
        R"({"rules":[{"kind":"zone","zone":"us-east-1b","durationMs":400},
                     {"kind":"disk","zone":"us-east-1c"}]})")));
    const FaultDecision d = zoneFaults.decide(FaultCall{"PutRecord", "s", {}, "c", "1"}, 0);
    QCOMPARE(d.zones.size(), std::size_t(2));
    QCOMPARE(d.zones[0].zone, std::string("us-east-1b"));
    QVERIFY(d.zones[0].action == core::ZoneAction::Down);
    QCOMPARE(d.zones[0].durationMs, std::int64_t(400));
    QVERIFY(d.zones[1].action == core::ZoneAction::DiskFull);
    QCOMPARE(zoneFaults.fired(0).front().detail, std::string("us-east-1b down for 400 ms"));
}

QTEST_GUILESS_MAIN(TestFaultInjector)
#include "tst_fault_injector.moc"
