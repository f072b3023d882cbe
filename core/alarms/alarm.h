// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// CloudWatch alarms on the engine's metrics (standard C++ only): an alarm's definition as
// PutMetricAlarm takes it, the datapoints it sees, and its evaluation as CloudWatch evaluates
// it — the most recent EvaluationPeriods periods, DatapointsToAlarm of them breaching, the
// threshold and comparison, and TreatMissingData — with the states OK, ALARM and
// INSUFFICIENT_DATA and CloudWatch's reason texts.
//
// Datapoints come from the engine's 1-minute points (core::MinutePoint), so periods are whole
// minutes. How each metric's statistics are made from them is in alarmMetrics(): sums add up,
// Maximum takes the greatest minute, and the Average of a throttling or success metric is the
// share of records or calls refused or answered, as CloudWatch's average of Kinesis's per-request
// datapoints is. A minute without traffic has no point: its datapoint is missing, as in
// CloudWatch, where Kinesis sends nothing for an idle stream.
#include "engine/metrics.h"
#include "engine/result.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace shs::alarms {

enum class Statistic { SampleCount, Average, Sum, Minimum, Maximum };
enum class Comparison {
    GreaterThanOrEqualToThreshold,
    GreaterThanThreshold,
    LessThanThreshold,
    LessThanOrEqualToThreshold
};
enum class MissingData { Missing, Ignore, Breaching, NotBreaching };
enum class State { Ok, Alarm, InsufficientData };

/// CloudWatch's names: "Average", "GreaterThanThreshold", "notBreaching", "INSUFFICIENT_DATA".
const char *toString(Statistic s);
const char *toString(Comparison c);
const char *toString(MissingData m);
const char *toString(State s);
std::optional<Statistic> parseStatistic(const std::string &s);
std::optional<Comparison> parseComparison(const std::string &s);
std::optional<MissingData> parseMissingData(const std::string &s);
std::optional<State> parseState(const std::string &s);
/// ">=", ">", "<", "<=".
const char *symbol(Comparison c);

struct AlarmDefinition
{
    std::string name; ///< AlarmName
    std::string description;
    std::string streamName;             ///< the StreamName dimension
    std::optional<std::string> shardId; ///< the ShardId dimension (a shard-level metric)
    std::string metricName;             ///< "GetRecords.IteratorAgeMilliseconds"
    Statistic statistic = Statistic::Average;
    int periodSeconds = 60;
    int evaluationPeriods = 1;
    int datapointsToAlarm = 1;
    double threshold = 0;
    Comparison comparison = Comparison::GreaterThanOrEqualToThreshold;
    MissingData treatMissingData = MissingData::Missing;
    bool operator==(const AlarmDefinition &) const = default;
};

/// Where an alarm stands, and since when.
struct AlarmStatus
{
    State state = State::InsufficientData;
    std::string reason = "Unchecked: Initial alarm creation";
    std::int64_t updatedMs = 0;
};

/// One period: its start, and its value (none: missing).
struct Datapoint
{
    std::int64_t timestampMs = 0;
    std::optional<double> value;
    bool operator==(const Datapoint &) const = default;
};

/// A state change, as DescribeAlarmHistory lists it.
struct HistoryItem
{
    std::int64_t timestampMs = 0;
    std::string alarmName;
    State oldState = State::InsufficientData;
    State newState = State::InsufficientData;
    std::string summary; ///< "Alarm updated from OK to ALARM"
    std::string reason;
};

/// What an alarm can watch here: a metric, its level, its statistics, its unit.
struct MetricInfo
{
    const char *name;
    bool shardLevel;
    std::vector<Statistic> statistics;
    const char *unit;
    const char *meaning;
};
/// Every metric alarms can watch (stream level, then shard level).
const std::vector<MetricInfo> &alarmMetrics();
const MetricInfo *findMetric(const std::string &name, bool shardLevel);

/// CloudWatch's checks on PutMetricAlarm, with its texts (ValidationError), and this
/// workbench's: a metric and statistic it can compute, periods in whole minutes.
core::Result<void> validate(const AlarmDefinition &alarm);

/// The alarm's datapoints for the `periods` periods that end at the last period boundary at or
/// before `nowMs`, oldest first, from the stream's minute points (stream totals and shards).
std::vector<Datapoint> datapoints(const AlarmDefinition &alarm,
                                  const std::vector<core::MinutePoint> &points, std::int64_t nowMs,
                                  int periods);

struct Evaluation
{
    State state = State::InsufficientData;
    std::string reason;
    bool changed = false;
};
/// The alarm's state from its last EvaluationPeriods datapoints (oldest first), given where it
/// stands (TreatMissingData ignore keeps it).
Evaluation evaluate(const AlarmDefinition &alarm, const AlarmStatus &current,
                    const std::vector<Datapoint> &window);

/// AWS's recommended alarms for Kinesis Data Streams, for one stream: iterator age, read and
/// write throughput exceeded, GetRecords success and PutRecords success. Thresholds where AWS
/// says "depends on your situation" are chosen for a stream with `retentionHours` and said in
/// each description.
std::vector<AlarmDefinition> recommendedAlarms(const std::string &stream, int retentionHours);

/// CloudWatch's number format in reasons: 5.0, 0.25, 1.0E7.
std::string formatValue(double v);

} // namespace shs::alarms

namespace shs::alarms {

/// An alarm as kept: its definition and where it stands.
struct StoredAlarm
{
    AlarmDefinition definition;
    AlarmStatus status;
};

/// Where alarms are kept (store::AlarmStore in SQLite).
class AlarmRepository
{
  public:
    virtual ~AlarmRepository() = default;
    virtual core::Result<std::vector<StoredAlarm>> list(const std::string &stream = {}) = 0;
    /// Records a state change: the alarm's new status, and a history item.
    virtual core::Result<void> recordState(const std::string &name, const HistoryItem &item) = 0;
    /// Creates or redefines an alarm (validated first), as PutMetricAlarm does.
    virtual core::Result<void> put(const AlarmDefinition &alarm, std::int64_t nowMs) = 0;
    /// Deletes the alarms named and their history; ResourceNotFound for an unknown one.
    virtual core::Result<void> remove(const std::vector<std::string> &names) = 0;
    /// State changes, newest first: of one alarm (all when `name` is empty), at most `limit`.
    virtual core::Result<std::vector<HistoryItem>> history(const std::string &name, int limit) = 0;
};

/// Evaluates `alarm` at `nowMs` on the minute points of its stream (from at least
/// EvaluationPeriods × Period before now); a state change is recorded in `repository` and
/// returned.
core::Result<std::optional<HistoryItem>>
evaluateAndRecord(AlarmRepository &repository, const StoredAlarm &alarm,
                  const std::vector<core::MinutePoint> &points, std::int64_t nowMs);
/// How far back an alarm's points reach: EvaluationPeriods × Period before its last boundary.
std::int64_t lookbackMs(const AlarmDefinition &alarm);

} // namespace shs::alarms
