// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
// CloudWatch alarm semantics (alarms/alarm.h): M out of N datapoints, each TreatMissingData, the
// comparisons, CloudWatch's reason texts and number format, PutMetricAlarm's checks, the
// recommended presets — and alarms driven through OK, ALARM and INSUFFICIENT_DATA and back by
// traffic on the engine under AWS's limits, on a manual clock, their history kept in SQLite.
#include "alarms/alarm.h"
#include "engine_harness.h"
#include "store/alarm_store.h"

#include <QtTest>

using namespace shs;
using alarms::AlarmDefinition;
using alarms::Datapoint;
using alarms::MissingData;
using alarms::State;

namespace {

constexpr std::int64_t kMinute = 60'000;
/// 2026-12-05 07:00:00 UTC: a minute boundary.
constexpr std::int64_t kStart = 1'796'454'000'000;

AlarmDefinition throttlingAlarm(MissingData missing)
{
    AlarmDefinition a;
    a.name = std::string("throttled-") + alarms::toString(missing);
    a.streamName = "s";
    a.metricName = "WriteProvisionedThroughputExceeded";
    a.statistic = alarms::Statistic::Average;
    a.periodSeconds = 60;
    a.evaluationPeriods = 3;
    a.datapointsToAlarm = 2;
    a.threshold = 0.01;
    a.comparison = alarms::Comparison::GreaterThanThreshold;
    a.treatMissingData = missing;
    return a;
}

/// Datapoints from values: nullopt is missing.
std::vector<Datapoint> points(std::initializer_list<std::optional<double>> values)
{
    std::vector<Datapoint> out;
    std::int64_t t = kStart;
    for (const auto &v : values) {
        out.push_back({t, v});
        t += kMinute;
    }
    return out;
}

State stateOf(const AlarmDefinition &a, std::initializer_list<std::optional<double>> values,
              State current = State::Ok)
{
    alarms::AlarmStatus status;
    status.state = current;
    return alarms::evaluate(a, status, points(values)).state;
}

QString name(State s)
{
    return QString::fromLatin1(alarms::toString(s));
}

QString names(const std::tuple<State, State, State> &t)
{
    return name(std::get<0>(t)) + QLatin1Char(' ') + name(std::get<1>(t)) + QLatin1Char(' ')
           + name(std::get<2>(t));
}

} // namespace

class TestAlarms : public QObject
{
    Q_OBJECT
  private Q_SLOTS:
    void mOutOfNWithEachTreatmentOfMissingData()
    {
        using enum State;
        const auto missing = throttlingAlarm(MissingData::Missing);
        const auto ignore = throttlingAlarm(MissingData::Ignore);
        const auto breaching = throttlingAlarm(MissingData::Breaching);
        const auto notBreaching = throttlingAlarm(MissingData::NotBreaching);
        const std::optional<double> X = 0.5, O = 0.0, _ = std::nullopt;
        // Two of three breaching: ALARM whatever is done with missing data.
        for (const auto *a : {&missing, &ignore, &breaching, &notBreaching}) {
            QCOMPARE(name(stateOf(*a, {X, O, X})), name(Alarm));
            QCOMPARE(name(stateOf(*a, {O, O, X}, Alarm)), name(Ok));
        }
        // All missing: unknown, kept, breaching, not breaching.
        QCOMPARE(name(stateOf(missing, {_, _, _})), name(InsufficientData));
        QCOMPARE(name(stateOf(ignore, {_, _, _}, Alarm)), name(Alarm));
        QCOMPARE(name(stateOf(ignore, {_, _, _}, Ok)), name(Ok));
        QCOMPARE(name(stateOf(breaching, {_, _, _})), name(Alarm));
        QCOMPARE(name(stateOf(notBreaching, {_, _, _}, Alarm)), name(Ok));
        // One breaching and two missing: fewer present than DatapointsToAlarm, all breaching.
        QCOMPARE(name(stateOf(missing, {X, _, _})), name(Alarm));
        QCOMPARE(name(stateOf(ignore, {_, _, X})), name(Alarm));
        QCOMPARE(name(stateOf(breaching, {X, _, _})), name(Alarm));
        QCOMPARE(name(stateOf(notBreaching, {X, _, _})), name(Ok));
        // One good and two missing.
        QCOMPARE(name(stateOf(missing, {O, _, _}, Alarm)), name(Ok));
        QCOMPARE(name(stateOf(breaching, {O, _, _})), name(Alarm));
        QCOMPARE(name(stateOf(notBreaching, {O, _, _}, Alarm)), name(Ok));
        // The comparisons at the threshold.
        auto at = [](alarms::Comparison c, double v) {
            AlarmDefinition a = throttlingAlarm(MissingData::Missing);
            a.comparison = c;
            a.evaluationPeriods = a.datapointsToAlarm = 1;
            return stateOf(a, {v});
        };
        QCOMPARE(name(at(alarms::Comparison::GreaterThanOrEqualToThreshold, 0.01)), name(Alarm));
        QCOMPARE(name(at(alarms::Comparison::GreaterThanThreshold, 0.01)), name(Ok));
        QCOMPARE(name(at(alarms::Comparison::LessThanOrEqualToThreshold, 0.01)), name(Alarm));
        QCOMPARE(name(at(alarms::Comparison::LessThanThreshold, 0.01)), name(Ok));
    }

    void reasonsReadAsCloudWatchWritesThem()
    {
        auto a = throttlingAlarm(MissingData::Missing);
        alarms::AlarmStatus ok;
        ok.state = State::Ok;
        auto e = alarms::evaluate(a, ok, points({0.0, 0.25, 3.0}));
        QCOMPARE(name(e.state), name(State::Alarm));
        QVERIFY(e.changed);
        QCOMPARE(e.reason, std::string("Threshold Crossed: 2 out of the last 3 datapoints [3.0 "
                                       "(05/12/26 07:02:00), 0.25 (05/12/26 07:01:00)] were "
                                       "greater than the threshold (0.01) (minimum 2 datapoints "
                                       "for OK -> ALARM transition)."));
        alarms::AlarmStatus alarm;
        alarm.state = State::Alarm;
        e = alarms::evaluate(a, alarm, points({0.25, 0.0, std::nullopt}));
        QCOMPARE(name(e.state), name(State::Ok));
        QCOMPARE(e.reason, std::string("Threshold Crossed: 1 out of the last 3 datapoints [0.0 "
                                       "(05/12/26 07:01:00)] was not greater than the threshold "
                                       "(0.01) (minimum 2 datapoints for ALARM -> OK "
                                       "transition)."));
        e = alarms::evaluate(a, ok, points({std::nullopt, std::nullopt, std::nullopt}));
        QCOMPARE(e.reason, std::string("Insufficient Data: 3 datapoints were unknown."));
        e = alarms::evaluate(throttlingAlarm(MissingData::Breaching), ok,
                             points({std::nullopt, std::nullopt, std::nullopt}));
        QCOMPARE(e.reason, std::string("Threshold Crossed: no datapoints were received for 3 "
                                       "periods and 3 missing datapoints were treated as "
                                       "[Breaching]."));
        QCOMPARE(alarms::formatValue(5), std::string("5.0"));
        QCOMPARE(alarms::formatValue(0.1), std::string("0.1"));
        QCOMPARE(alarms::formatValue(43200000), std::string("4.32E7"));
    }

    void putMetricAlarmsChecksAndThePresets()
    {
        auto a = throttlingAlarm(MissingData::Missing);
        QVERIFY(alarms::validate(a));
        auto bad = a;
        bad.datapointsToAlarm = 4;
        QCOMPARE(alarms::validate(bad).error().message,
                 std::string("DatapointsToAlarm must be between 1 and the EvaluationPeriods (3)."));
        bad = a;
        bad.periodSeconds = 90;
        QVERIFY(alarms::validate(bad).error().message.find("not a multiple of 60")
                != std::string::npos);
        bad = a;
        bad.statistic = alarms::Statistic::Maximum;
        QVERIFY(alarms::validate(bad).error().message.find("choose Average, Sum")
                != std::string::npos);
        bad = a;
        bad.metricName = "IteratorAgeMilliseconds"; // a shard-level name without a shard
        QVERIFY(!alarms::validate(bad));
        bad.shardId = "shardId-000000000000";
        bad.statistic = alarms::Statistic::Maximum;
        QVERIFY(alarms::validate(bad));
        const auto presets = alarms::recommendedAlarms("orders", 24);
        QCOMPARE(presets.size(), std::size_t(5));
        for (const auto &p : presets)
            QVERIFY2(alarms::validate(p), p.name.c_str());
        QCOMPARE(presets[0].metricName, std::string("GetRecords.IteratorAgeMilliseconds"));
        QVERIFY(presets[0].statistic == alarms::Statistic::Maximum);
        QCOMPARE(presets[0].evaluationPeriods, 15);
        QCOMPARE(presets[0].datapointsToAlarm, 15);
        QCOMPARE(presets[0].threshold, 12.0 * 3600'000);
        QCOMPARE(presets[2].metricName, std::string("WriteProvisionedThroughputExceeded"));
        QCOMPARE(presets[2].evaluationPeriods, 5);
        QCOMPARE(presets[4].metricName, std::string("PutRecords.Success"));
        QVERIFY(presets[4].statistic == alarms::Statistic::Average);
        QCOMPARE(presets[4].threshold, 0.99);
        // PutRecords.Success's average: the share of put calls that stored a record.
        core::MinutePoint p;
        p.shardIndex = core::kStreamTotalsShard;
        p.minute = kStart / kMinute;
        p.values[std::size_t(core::Metric::PutRecordsSuccess)] = 3;
        p.values[std::size_t(core::Metric::PutRecordsFailedCalls)] = 1;
        const auto d = alarms::datapoints(presets[4], {p}, kStart + kMinute, 1);
        QCOMPARE(d.size(), std::size_t(1));
        QCOMPARE(*d[0].value, 0.75);
    }

    void trafficDrivesAlarmsThroughTheirStates()
    {
        test::EngineHarness h(core::EngineConfig{}); // AWS's limits
        h.clock().set(kStart - 30'000);
        h.ready("s", 1);
        h.advance(kStart - h.clock().nowMs());
        auto store = store::AlarmStore::open(":memory:");
        QVERIFY(store);
        const auto missing = throttlingAlarm(MissingData::Missing);
        const auto breaching = throttlingAlarm(MissingData::Breaching);
        const auto notBreaching = throttlingAlarm(MissingData::NotBreaching);
        for (const auto *a : {&missing, &breaching, &notBreaching})
            QVERIFY((*store)->put(*a, h.clock().nowMs()));
        int key = 0;
        // A minute of `perSecond` records a second to the one shard (1,000 a second admitted).
        auto minute = [&](int perSecond) {
            for (int s = 0; s < 60; ++s) {
                for (int sent = 0; sent < perSecond; sent += 500) {
                    core::PutRecordsRequest r;
                    r.stream.name = "s";
                    for (int i = 0; i < std::min(500, perSecond - sent); ++i)
                        r.records.push_back({"x", "k" + std::to_string(key++), std::nullopt});
                    QVERIFY(h.run([&](core::Engine &e) { return e.putRecords(std::move(r)); }));
                }
                h.advance(1000);
            }
        };
        // Evaluates every alarm now: the states, in the order of `order`.
        auto evaluate = [&]() {
            std::map<std::string, State> out;
            const auto history = h.engine().metricHistory(
                {"s", {}}, h.clock().nowMs() - 10 * kMinute, h.clock().nowMs());
            [&] { QVERIFY(history); }();
            const auto before = (*store)->list();
            for (const auto &a : *before) {
                [&] {
                    QVERIFY(alarms::evaluateAndRecord(**store, a, *history, h.clock().nowMs()));
                }();
            }
            const auto after = (*store)->list();
            for (const auto &a : *after)
                out[a.definition.name] = a.status.state;
            return std::tuple(out[missing.name], out[breaching.name], out[notBreaching.name]);
        };
        using enum State;
        using T = std::tuple<State, State, State>;
        QCOMPARE(names(evaluate()), names(T(InsufficientData, Alarm, Ok))); // nothing written yet
        minute(500);
        QCOMPARE(names(evaluate()), names(T(Ok, Alarm, Ok))); // [-, -, 0]
        minute(1200);                                         // a sixth refused
        QCOMPARE(names(evaluate()), names(T(Ok, Alarm, Ok))); // [-, 0, 0.17]
        minute(1200);
        QCOMPARE(names(evaluate()), names(T(Alarm, Alarm, Alarm))); // [0, 0.17, 0.17]
        // The writer stops: its minutes have no datapoints.
        h.advance(kMinute);
        QCOMPARE(names(evaluate()), names(T(Alarm, Alarm, Alarm))); // [0.17, 0.17, -]
        h.advance(kMinute);
        QCOMPARE(names(evaluate()),
                 names(T(Alarm, Alarm, Ok))); // [0.17, -, -]: one present, breaching
        h.advance(kMinute);
        QCOMPARE(names(evaluate()), names(T(InsufficientData, Alarm, Ok))); // [-, -, -]
        // It recovers, within the limits.
        minute(500);
        minute(500);
        QCOMPARE(names(evaluate()), names(T(Ok, Ok, Ok))); // [-, 0, 0]
        auto history = (*store)->history(missing.name, 100);
        QVERIFY(history);
        QStringList changes;
        for (auto it = history->rbegin(); it != history->rend(); ++it)
            changes << QString::fromStdString(it->summary);
        QCOMPARE(changes,
                 (QStringList{
                     QStringLiteral("Alarm updated from INSUFFICIENT_DATA to INSUFFICIENT_DATA"),
                     QStringLiteral("Alarm updated from INSUFFICIENT_DATA to OK"),
                     QStringLiteral("Alarm updated from OK to ALARM"),
                     QStringLiteral("Alarm updated from ALARM to INSUFFICIENT_DATA"),
                     QStringLiteral("Alarm updated from INSUFFICIENT_DATA to OK")}));
        QVERIFY2(history->at(2).reason.find(
                     "2 out of the last 3 datapoints [0.16666666666666666 (05/12/26 "
                     "07:02:00), 0.16666666666666666 (05/12/26 07:01:00)] were "
                     "greater than the threshold (0.01)")
                     != std::string::npos,
                 history->at(2).reason.c_str());
        // Redefining keeps the state; deleting removes the alarm and its history.
        auto redefined = missing;
        redefined.threshold = 0.5;
        QVERIFY((*store)->put(redefined, h.clock().nowMs()));
        QCOMPARE(name((*store)->list("s")->at(1).status.state), name(Ok));
        QCOMPARE((*store)->list("s")->at(1).definition.threshold, 0.5);
        QVERIFY((*store)->remove({"nope"}).error().code == core::ErrorCode::ResourceNotFound);
        QVERIFY((*store)->remove({missing.name}));
        QCOMPARE((*store)->history(missing.name, 10)->size(), std::size_t(0));
        QCOMPARE((*store)->list()->size(), std::size_t(2));
    }
};

QTEST_GUILESS_MAIN(TestAlarms)
#include "tst_alarms.moc"
