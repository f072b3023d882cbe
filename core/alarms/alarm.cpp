// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "alarm.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <map>

namespace shs::alarms {

using core::Metric;

namespace {

template <typename E, std::size_t N>
std::optional<E> parseName(const std::string &s, const std::pair<const char *, E> (&names)[N])
{
    for (const auto &[name, value] : names)
        if (s == name)
            return value;
    return std::nullopt;
}

const std::pair<const char *, Statistic> kStatistics[] = {{"SampleCount", Statistic::SampleCount},
                                                          {"Average", Statistic::Average},
                                                          {"Sum", Statistic::Sum},
                                                          {"Minimum", Statistic::Minimum},
                                                          {"Maximum", Statistic::Maximum}};
const std::pair<const char *, Comparison> kComparisons[]
    = {{"GreaterThanOrEqualToThreshold", Comparison::GreaterThanOrEqualToThreshold},
       {"GreaterThanThreshold", Comparison::GreaterThanThreshold},
       {"LessThanThreshold", Comparison::LessThanThreshold},
       {"LessThanOrEqualToThreshold", Comparison::LessThanOrEqualToThreshold}};
const std::pair<const char *, MissingData> kMissing[]
    = {{"missing", MissingData::Missing},
       {"ignore", MissingData::Ignore},
       {"breaching", MissingData::Breaching},
       {"notBreaching", MissingData::NotBreaching}};
const std::pair<const char *, State> kStates[]
    = {{"OK", State::Ok}, {"ALARM", State::Alarm}, {"INSUFFICIENT_DATA", State::InsufficientData}};

template <typename E, std::size_t N>
const char *nameOf(E value, const std::pair<const char *, E> (&names)[N])
{
    for (const auto &[name, v] : names)
        if (v == value)
            return name;
    return "";
}

/// One minute's contribution to a period: what its statistics are made of.
struct Minute
{
    double sum = 0;   ///< the numerator (or the minute's value)
    double count = 0; ///< the denominator of an average; 1 for a plain value
    double max = 0;
    bool present = false;
};

double v(const core::MinutePoint &p, Metric m)
{
    return double(p.values[std::size_t(m)]);
}

/// The minute's contribution to `metric` (a stream- or shard-level name), from its point.
Minute minuteOf(const std::string &metric, const core::MinutePoint &p)
{
    Minute m;
    auto plain = [&](double value) {
        m.sum = m.max = value;
        m.count = 1;
        m.present = true;
    };
    auto share = [&](double part, double whole) {
        if (whole <= 0)
            return;
        m.sum = part;
        m.count = whole;
        m.max = part / whole;
        m.present = true;
    };
    const double reads = v(p, Metric::GetRecordsCalls);
    const double readThrottled = v(p, Metric::ReadProvisionedThroughputExceeded);
    const double writes = v(p, Metric::IncomingRecords);
    const double writeThrottled = v(p, Metric::WriteProvisionedThroughputExceeded);
    if (metric == "IncomingBytes")
        plain(v(p, Metric::IncomingBytes));
    else if (metric == "IncomingRecords")
        plain(writes);
    else if (metric == "GetRecords.Bytes" || metric == "OutgoingBytes")
        plain(v(p, Metric::OutgoingBytes));
    else if (metric == "GetRecords.Records" || metric == "OutgoingRecords")
        plain(v(p, Metric::OutgoingRecords));
    else if (metric == "GetRecords.IteratorAgeMilliseconds"
             || metric == "IteratorAgeMilliseconds") {
        if (reads > 0)
            plain(v(p, Metric::IteratorAgeMilliseconds));
    } else if (metric == "ReadProvisionedThroughputExceeded")
        share(readThrottled, reads + readThrottled);
    else if (metric == "WriteProvisionedThroughputExceeded")
        share(writeThrottled, writes + writeThrottled);
    else if (metric == "GetRecords.Success")
        share(reads, reads + readThrottled);
    else if (metric == "PutRecords.Success")
        share(v(p, Metric::PutRecordsSuccess),
              v(p, Metric::PutRecordsSuccess) + v(p, Metric::PutRecordsFailedCalls));
    else if (metric == "PutRecords.Latency") {
        if (v(p, Metric::PutRecordsSuccess) > 0) {
            m.sum = v(p, Metric::PutRecordsLatencySumMicros) / 1000.0;
            m.count = v(p, Metric::PutRecordsSuccess);
            m.max = v(p, Metric::PutRecordsLatencyMaxMicros) / 1000.0;
            m.present = true;
        }
    } else if (metric == "GetRecords.Latency") {
        if (reads > 0)
            plain(v(p, Metric::GetRecordsLatencyMaxMicros) / 1000.0);
    }
    return m;
}

std::string shardIdOf(std::uint32_t index)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "shardId-%012u", index);
    return buf;
}

/// "05/12/26 07:03:00": the dd/MM/yy HH:mm:ss (UTC) of CloudWatch's reasons.
std::string reasonTime(std::int64_t ms)
{
    const std::time_t t = std::time_t(ms / 1000);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%d/%m/%y %H:%M:%S", &tm);
    return buf;
}

bool breaches(const AlarmDefinition &a, double value)
{
    switch (a.comparison) {
    case Comparison::GreaterThanOrEqualToThreshold:
        return value >= a.threshold;
    case Comparison::GreaterThanThreshold:
        return value > a.threshold;
    case Comparison::LessThanThreshold:
        return value < a.threshold;
    case Comparison::LessThanOrEqualToThreshold:
        return value <= a.threshold;
    }
    return false;
}

/// "greater than or equal to"
std::string comparisonWords(Comparison c)
{
    switch (c) {
    case Comparison::GreaterThanOrEqualToThreshold:
        return "greater than or equal to";
    case Comparison::GreaterThanThreshold:
        return "greater than";
    case Comparison::LessThanThreshold:
        return "less than";
    case Comparison::LessThanOrEqualToThreshold:
        return "less than or equal to";
    }
    return "";
}

std::string plural(int n, const char *one, const char *many)
{
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

} // namespace

const char *toString(Statistic s)
{
    return nameOf(s, kStatistics);
}
const char *toString(Comparison c)
{
    return nameOf(c, kComparisons);
}
const char *toString(MissingData m)
{
    return nameOf(m, kMissing);
}
const char *toString(State s)
{
    return nameOf(s, kStates);
}
std::optional<Statistic> parseStatistic(const std::string &s)
{
    return parseName(s, kStatistics);
}
std::optional<Comparison> parseComparison(const std::string &s)
{
    return parseName(s, kComparisons);
}
std::optional<MissingData> parseMissingData(const std::string &s)
{
    return parseName(s, kMissing);
}
std::optional<State> parseState(const std::string &s)
{
    return parseName(s, kStates);
}

const char *symbol(Comparison c)
{
    switch (c) {
    case Comparison::GreaterThanOrEqualToThreshold:
        return ">=";
    case Comparison::GreaterThanThreshold:
        return ">";
    case Comparison::LessThanThreshold:
        return "<";
    case Comparison::LessThanOrEqualToThreshold:
        return "<=";
    }
    return "";
}

const std::vector<MetricInfo> &alarmMetrics()
{
    using S = Statistic;
    static const std::vector<MetricInfo> metrics = {
        {"GetRecords.IteratorAgeMilliseconds",
         false,
         {S::Maximum, S::Average, S::Minimum},
         "Milliseconds",
         "how far behind the newest record the stream's readers are"},
        {"ReadProvisionedThroughputExceeded",
         false,
         {S::Average, S::Sum},
         "Count",
         "GetRecords calls refused by the shards' read limits (Average: their share)"},
        {"WriteProvisionedThroughputExceeded",
         false,
         {S::Average, S::Sum},
         "Count",
         "records refused by the shards' write limits (Average: their share)"},
        {"GetRecords.Success",
         false,
         {S::Average, S::Sum},
         "Count",
         "GetRecords calls answered (Average: their share of the calls)"},
        {"PutRecords.Success",
         false,
         {S::Average, S::Sum},
         "Count",
         "PutRecord and PutRecords calls that stored a record (Average: their share)"},
        {"IncomingRecords",
         false,
         {S::Sum, S::Average, S::Maximum, S::Minimum},
         "Count",
         "records written"},
        {"IncomingBytes",
         false,
         {S::Sum, S::Average, S::Maximum, S::Minimum},
         "Bytes",
         "bytes written"},
        {"GetRecords.Records",
         false,
         {S::Sum, S::Average, S::Maximum, S::Minimum},
         "Count",
         "records read"},
        {"GetRecords.Bytes",
         false,
         {S::Sum, S::Average, S::Maximum, S::Minimum},
         "Bytes",
         "bytes read"},
        {"PutRecords.Latency",
         false,
         {S::Average, S::Maximum},
         "Milliseconds",
         "time to answer a PutRecord(s) call"},
        {"GetRecords.Latency",
         false,
         {S::Maximum},
         "Milliseconds",
         "time to answer a GetRecords call"},
        {"IteratorAgeMilliseconds",
         true,
         {S::Maximum, S::Average, S::Minimum},
         "Milliseconds",
         "how far behind the shard's newest record its readers are"},
        {"ReadProvisionedThroughputExceeded",
         true,
         {S::Average, S::Sum},
         "Count",
         "the shard's refused GetRecords calls"},
        {"WriteProvisionedThroughputExceeded",
         true,
         {S::Average, S::Sum},
         "Count",
         "the shard's refused records"},
        {"IncomingRecords",
         true,
         {S::Sum, S::Average, S::Maximum, S::Minimum},
         "Count",
         "records written to the shard"},
        {"IncomingBytes",
         true,
         {S::Sum, S::Average, S::Maximum, S::Minimum},
         "Bytes",
         "bytes written to the shard"},
        {"OutgoingRecords",
         true,
         {S::Sum, S::Average, S::Maximum, S::Minimum},
         "Count",
         "records read from the shard"},
        {"OutgoingBytes",
         true,
         {S::Sum, S::Average, S::Maximum, S::Minimum},
         "Bytes",
         "bytes read from the shard"},
    };
    return metrics;
}

const MetricInfo *findMetric(const std::string &name, bool shardLevel)
{
    for (const auto &m : alarmMetrics())
        if (name == m.name && m.shardLevel == shardLevel)
            return &m;
    return nullptr;
}

core::Result<void> validate(const AlarmDefinition &a)
{
    auto invalid = [](std::string message) {
        return core::makeError(core::ErrorCode::InvalidArgument, std::move(message));
    };
    if (a.name.empty() || a.name.size() > 255)
        return invalid("1 validation error detected: Value '" + a.name
                       + "' at 'alarmName' failed to satisfy constraint: Member must have length "
                         "between 1 and 255");
    if (a.streamName.empty())
        return invalid("The alarm " + a.name + " needs the StreamName dimension");
    if (a.periodSeconds < 60 || a.periodSeconds % 60 != 0)
        return invalid("The period " + std::to_string(a.periodSeconds)
                       + " is not a multiple of 60: the engine keeps its metrics by the minute");
    if (a.evaluationPeriods < 1)
        return invalid("1 validation error detected: Value '" + std::to_string(a.evaluationPeriods)
                       + "' at 'evaluationPeriods' failed to satisfy constraint: Member must have "
                         "value greater than or equal to 1");
    if (std::int64_t(a.periodSeconds) * a.evaluationPeriods > 7 * 24 * 3600)
        return invalid("The evaluation period of the alarm can't be longer than 7 days "
                       "(Period × EvaluationPeriods).");
    if (a.datapointsToAlarm < 1 || a.datapointsToAlarm > a.evaluationPeriods)
        return invalid("DatapointsToAlarm must be between 1 and the EvaluationPeriods ("
                       + std::to_string(a.evaluationPeriods) + ").");
    if (!std::isfinite(a.threshold))
        return invalid("The threshold must be a number");
    const MetricInfo *m = findMetric(a.metricName, a.shardId.has_value());
    if (!m) {
        std::string known;
        for (const auto &info : alarmMetrics())
            if (info.shardLevel == a.shardId.has_value())
                known += (known.empty() ? "" : ", ") + std::string(info.name);
        return invalid("The metric " + a.metricName + " is not one the engine keeps at "
                       + (a.shardId ? "shard" : "stream") + " level; choose one of " + known);
    }
    if (std::find(m->statistics.begin(), m->statistics.end(), a.statistic) == m->statistics.end()) {
        std::string known;
        for (auto s : m->statistics)
            known += (known.empty() ? "" : ", ") + std::string(toString(s));
        return invalid("The statistic " + std::string(toString(a.statistic)) + " of " + a.metricName
                       + " is not one the engine can compute; choose " + known);
    }
    return {};
}

std::vector<Datapoint> datapoints(const AlarmDefinition &a,
                                  const std::vector<core::MinutePoint> &points, std::int64_t nowMs,
                                  int periods)
{
    const std::int64_t periodMs = std::int64_t(a.periodSeconds) * 1000;
    const std::int64_t end = nowMs / periodMs * periodMs; // the last boundary at or before now
    const std::int64_t start = end - periodMs * periods;
    // The minutes of this alarm's series: the stream's totals, or one shard's.
    std::map<std::int64_t, Minute> minutes;
    for (const auto &p : points) {
        const bool mine = a.shardId ? p.shardIndex != core::kStreamTotalsShard
                                          && shardIdOf(p.shardIndex) == *a.shardId
                                    : p.shardIndex == core::kStreamTotalsShard;
        const std::int64_t ms = p.minute * 60'000;
        if (mine && ms >= start && ms < end)
            minutes[ms] = minuteOf(a.metricName, p);
    }
    std::vector<Datapoint> out;
    for (std::int64_t t = start; t < end; t += periodMs) {
        Datapoint d{t, std::nullopt};
        double sum = 0, count = 0, max = -INFINITY, min = INFINITY;
        int present = 0;
        for (auto it = minutes.lower_bound(t); it != minutes.end() && it->first < t + periodMs;
             ++it) {
            const Minute &m = it->second;
            if (!m.present)
                continue;
            ++present;
            sum += m.sum;
            count += m.count;
            max = std::max(max, m.max);
            min = std::min(min, m.max);
        }
        if (present > 0) {
            switch (a.statistic) {
            case Statistic::Sum:
                d.value = sum;
                break;
            case Statistic::Average:
                d.value = count > 0 ? sum / count : 0;
                break;
            case Statistic::Maximum:
                d.value = max;
                break;
            case Statistic::Minimum:
                d.value = min;
                break;
            case Statistic::SampleCount:
                d.value = count;
                break;
            }
        }
        out.push_back(d);
    }
    return out;
}

std::string formatValue(double v)
{
    // Java's Double.toString, as CloudWatch's reasons print values: plain between 10^-3 and
    // 10^7 (with at least one decimal), scientific outside ("4.32E7").
    char buf[64];
    const double a = std::fabs(v);
    if (a == 0 || (a >= 1e-3 && a < 1e7)) {
        if (v == std::floor(v)) {
            std::snprintf(buf, sizeof buf, "%.1f", v);
            return buf;
        }
        const auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed);
        return std::string(buf, r.ptr);
    }
    const auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific);
    std::string s(buf, r.ptr);
    const auto e = s.find('e');
    std::string mantissa = s.substr(0, e);
    if (mantissa.find('.') == std::string::npos)
        mantissa += ".0";
    int exponent = std::atoi(s.c_str() + e + 1);
    return mantissa + "E" + std::to_string(exponent);
}

Evaluation evaluate(const AlarmDefinition &a, const AlarmStatus &current,
                    const std::vector<Datapoint> &window)
{
    Evaluation e;
    const int n = int(window.size());
    int missing = 0, bad = 0, present = 0;
    std::vector<const Datapoint *> badPoints, goodPoints;
    for (auto it = window.rbegin(); it != window.rend();
         ++it) { // newest first, as CloudWatch lists
        if (!it->value) {
            ++missing;
            continue;
        }
        ++present;
        (breaches(a, *it->value) ? badPoints : goodPoints).push_back(&*it);
    }
    bad = int(badPoints.size());
    const int m = a.datapointsToAlarm;
    const std::string threshold = "the threshold (" + formatValue(a.threshold) + ")";
    auto list = [](const std::vector<const Datapoint *> &points) {
        std::string s = "[";
        for (std::size_t i = 0; i < points.size(); ++i)
            s += (i ? ", " : "") + formatValue(*points[i]->value) + " ("
                 + reasonTime(points[i]->timestampMs) + ")";
        return s + "]";
    };
    auto crossed = [&](State to, int count, const std::vector<const Datapoint *> &points,
                       int missingTreated, const char *treatedAs) {
        e.state = to;
        const bool alarm = to == State::Alarm;
        std::string s = "Threshold Crossed: ";
        if (present == 0) {
            s += "no datapoints were received for " + plural(n, "period", "periods") + " and "
                 + plural(missingTreated, "missing datapoint was", "missing datapoints were")
                 + " treated as [" + treatedAs + "].";
        } else {
            s += std::to_string(count) + " out of the last " + std::to_string(n) + " datapoints "
                 + list(points) + (count == 1 ? " was " : " were ") + (alarm ? "" : "not ")
                 + comparisonWords(a.comparison) + " " + threshold + " (minimum "
                 + plural(m, "datapoint", "datapoints") + " for "
                 + (alarm ? "OK -> ALARM" : "ALARM -> OK") + " transition).";
            if (missingTreated > 0)
                s += " "
                     + plural(missingTreated, "missing datapoint was", "missing datapoints were")
                     + " treated as [" + treatedAs + "].";
        }
        e.reason = s;
    };
    switch (a.treatMissingData) {
    case MissingData::Breaching:
        if (bad + missing >= m)
            crossed(State::Alarm, bad + missing, badPoints, missing, "Breaching");
        else
            crossed(State::Ok, present - bad, goodPoints, missing, "Breaching");
        break;
    case MissingData::NotBreaching:
        if (bad >= m)
            crossed(State::Alarm, bad, badPoints, missing, "NonBreaching");
        else
            crossed(State::Ok, present - bad + missing, goodPoints, missing, "NonBreaching");
        break;
    case MissingData::Missing:
    case MissingData::Ignore:
        if (present == 0) {
            if (a.treatMissingData == MissingData::Ignore) {
                e.state = current.state;
                e.reason = current.reason;
            } else {
                e.state = State::InsufficientData;
                e.reason = "Insufficient Data: " + plural(n, "datapoint was", "datapoints were")
                           + " unknown.";
            }
        } else if (bad >= m || (present < m && bad == present)) {
            // Fewer datapoints than DatapointsToAlarm: ALARM when all of them breach.
            crossed(State::Alarm, bad, badPoints, 0, "");
        } else {
            crossed(State::Ok, present - bad, goodPoints, 0, "");
        }
        break;
    }
    // A new alarm's first evaluation is recorded even when it stays INSUFFICIENT_DATA, as
    // CloudWatch replaces "Unchecked: Initial alarm creation" with what it found.
    e.changed = e.state != current.state || current.reason.rfind("Unchecked:", 0) == 0;
    return e;
}

std::vector<AlarmDefinition> recommendedAlarms(const std::string &stream, int retentionHours)
{
    std::vector<AlarmDefinition> out;
    auto add = [&](const char *suffix, const char *metric, Statistic statistic, int n, Comparison c,
                   double threshold, MissingData missing, std::string description) {
        AlarmDefinition a;
        a.name = stream + "-" + suffix;
        a.description = std::move(description);
        a.streamName = stream;
        a.metricName = metric;
        a.statistic = statistic;
        a.periodSeconds = 60;
        a.evaluationPeriods = n;
        a.datapointsToAlarm = n;
        a.comparison = c;
        a.threshold = threshold;
        a.treatMissingData = missing;
        out.push_back(std::move(a));
    };
    // Half the retention: past it, records may expire before they are read.
    const double halfRetentionMs = double(retentionHours) * 3600'000.0 / 2;
    add("IteratorAge", "GetRecords.IteratorAgeMilliseconds", Statistic::Maximum, 15,
        Comparison::GreaterThanOrEqualToThreshold, halfRetentionMs, MissingData::Missing,
        "AWS's recommended alarm: the stream's readers are falling behind. Threshold: half the "
        "retention period ("
            + std::to_string(retentionHours)
            + " h), past which records may "
              "expire before they are read; AWS leaves it to your situation.");
    add("ReadThrottled", "ReadProvisionedThroughputExceeded", Statistic::Average, 5,
        Comparison::GreaterThanThreshold, 0.01, MissingData::Missing,
        "AWS's recommended alarm: more than 1 % of GetRecords calls refused by the shards' read "
        "limits (5 calls or 2 MiB a second per shard) for 5 minutes.");
    add("WriteThrottled", "WriteProvisionedThroughputExceeded", Statistic::Average, 5,
        Comparison::GreaterThanThreshold, 0.01, MissingData::Missing,
        "AWS's recommended alarm: more than 1 % of records refused by the shards' write limits "
        "(1,000 records or 1 MiB a second per shard) for 5 minutes.");
    add("GetRecordsSuccess", "GetRecords.Success", Statistic::Average, 5,
        Comparison::LessThanOrEqualToThreshold, 0.99, MissingData::Missing,
        "AWS's recommended alarm: 1 % or more of GetRecords calls failing for 5 minutes.");
    add("PutRecordsSuccess", "PutRecords.Success", Statistic::Average, 5,
        Comparison::LessThanOrEqualToThreshold, 0.99, MissingData::Missing,
        "AWS's recommended alarm: 1 % or more of PutRecord and PutRecords calls storing no "
        "record for 5 minutes.");
    return out;
}

} // namespace shs::alarms

namespace shs::alarms {

std::int64_t lookbackMs(const AlarmDefinition &alarm)
{
    return std::int64_t(alarm.periodSeconds) * 1000 * (alarm.evaluationPeriods + 1);
}

core::Result<std::optional<HistoryItem>>
evaluateAndRecord(AlarmRepository &repository, const StoredAlarm &alarm,
                  const std::vector<core::MinutePoint> &points, std::int64_t nowMs)
{
    const auto window
        = datapoints(alarm.definition, points, nowMs, alarm.definition.evaluationPeriods);
    const Evaluation e = evaluate(alarm.definition, alarm.status, window);
    if (!e.changed)
        return std::optional<HistoryItem>();
    HistoryItem item;
    item.timestampMs = nowMs;
    item.alarmName = alarm.definition.name;
    item.oldState = alarm.status.state;
    item.newState = e.state;
    item.summary = std::string("Alarm updated from ") + toString(item.oldState) + " to "
                   + toString(item.newState);
    item.reason = e.reason;
    if (auto r = repository.recordState(alarm.definition.name, item); !r)
        return r.error();
    return std::optional<HistoryItem>(item);
}

} // namespace shs::alarms
