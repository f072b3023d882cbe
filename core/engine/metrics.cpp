// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "metrics.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <sstream>

namespace shs::core {

const char *metricName(Metric m)
{
    switch (m) {
    case Metric::IncomingBytes:
        return "IncomingBytes";
    case Metric::IncomingRecords:
        return "IncomingRecords";
    case Metric::OutgoingBytes:
        return "OutgoingBytes";
    case Metric::OutgoingRecords:
        return "OutgoingRecords";
    case Metric::WriteProvisionedThroughputExceeded:
        return "WriteProvisionedThroughputExceeded";
    case Metric::ReadProvisionedThroughputExceeded:
        return "ReadProvisionedThroughputExceeded";
    case Metric::IteratorAgeMilliseconds:
        return "IteratorAgeMilliseconds";
    case Metric::GetRecordsCalls:
        return "GetRecords.Calls";
    case Metric::PutRecordsSuccess:
        return "PutRecords.Success";
    case Metric::PutRecordsLatencySumMicros:
        return "PutRecords.LatencySumMicros";
    case Metric::PutRecordsLatencyMaxMicros:
        return "PutRecords.LatencyMaxMicros";
    case Metric::GetRecordsLatencyMaxMicros:
        return "GetRecords.LatencyMaxMicros";
    case Metric::PutRecordsFailedCalls:
        return "PutRecords.FailedCalls";
    case Metric::Count:
        break;
    }
    return "?";
}

bool isMaxMetric(Metric m)
{
    return m == Metric::IteratorAgeMilliseconds || m == Metric::PutRecordsLatencyMaxMicros
           || m == Metric::GetRecordsLatencyMaxMicros;
}

void MinuteHotKeys::roll(std::int64_t nowMs)
{
    const std::int64_t minute = nowMs / 60000;
    if (minute <= m_minute)
        return;
    m_last = minute == m_minute + 1 ? m_now.top(10) : std::vector<HotKey>{};
    m_now.clear();
    m_minute = minute;
}

void HotKeySketch::add(std::string_view key, std::int64_t weight)
{
    m_total += weight;
    for (auto &e : m_entries) {
        if (e.partitionKey == key) {
            e.count += weight;
            return;
        }
    }
    if (m_entries.size() < m_capacity) {
        m_entries.push_back({std::string(key), weight, 0});
        return;
    }
    // Space-Saving: the new key replaces the smallest counter and inherits its count.
    auto smallest
        = std::min_element(m_entries.begin(), m_entries.end(),
                           [](const HotKey &a, const HotKey &b) { return a.count < b.count; });
    smallest->overestimate = smallest->count;
    smallest->count += weight;
    smallest->partitionKey = std::string(key);
}

std::vector<HotKey> HotKeySketch::top(std::size_t k) const
{
    std::vector<HotKey> out = m_entries;
    std::sort(out.begin(), out.end(), [](const HotKey &a, const HotKey &b) {
        return a.count != b.count ? a.count > b.count : a.partitionKey < b.partitionKey;
    });
    if (out.size() > k)
        out.resize(k);
    return out;
}

void MetricsAccumulator::ensureStarted(std::int64_t nowMs)
{
    if (m_secondStart < 0) {
        m_secondStart = nowMs / 1000;
        m_minuteStart = nowMs / 60000;
    }
}

void MetricsAccumulator::add(Metric m, std::int64_t v, std::int64_t nowMs)
{
    advanceTo(nowMs);
    m_second[static_cast<std::size_t>(m)] += v;
}

void MetricsAccumulator::max(Metric m, std::int64_t v, std::int64_t nowMs)
{
    advanceTo(nowMs);
    auto &slot = m_second[static_cast<std::size_t>(m)];
    slot = std::max(slot, v);
}

void MetricsAccumulator::roll(std::int64_t nowMs, std::vector<MinutePoint> &minutes,
                              std::vector<MetricSample> *completedSeconds)
{
    advanceTo(nowMs);
    minutes.insert(minutes.end(), m_closedMinutes.begin(), m_closedMinutes.end());
    m_closedMinutes.clear();
    if (completedSeconds)
        completedSeconds->insert(completedSeconds->end(), m_closedSeconds.begin(),
                                 m_closedSeconds.end());
    m_closedSeconds.clear();
}

void MetricsAccumulator::advanceTo(std::int64_t nowMs)
{
    ensureStarted(nowMs);
    std::vector<MinutePoint> &minutes = m_closedMinutes;
    std::vector<MetricSample> *completedSeconds = &m_closedSeconds;
    const std::int64_t nowSecond = nowMs / 1000;
    if (nowSecond <= m_secondStart)
        return;
    auto closeMinute = [&](std::int64_t minute) {
        if (m_minuteHasData) {
            MinutePoint p;
            p.minute = minute;
            p.values = m_minute;
            minutes.push_back(p);
        }
        m_minute = {};
        m_minuteHasData = false;
    };
    // Close the second in progress, then account for the (empty) seconds skipped by a time jump;
    // only the last kShardSeconds of them can matter to the ring.
    bool first = true;
    std::int64_t s = m_secondStart;
    const std::int64_t lastEmpty = nowSecond - 1;
    while (s <= lastEmpty) {
        MetricSample sample;
        sample.second = s;
        if (first) {
            sample.values = m_second;
            first = false;
        }
        const std::int64_t minute = (s * 1000) / 60000;
        if (minute != m_minuteStart) {
            closeMinute(m_minuteStart);
            m_minuteStart = minute;
        }
        bool any = false;
        for (int i = 0; i < kMetricCount; ++i) {
            const auto idx = static_cast<std::size_t>(i);
            const bool isMax = isMaxMetric(static_cast<Metric>(i));
            // What flushMinute() already emitted of this second is not counted again.
            const std::int64_t v
                = isMax ? sample.values[idx] : sample.values[idx] - m_secondFlushed[idx];
            m_secondFlushed[idx] = 0;
            if (v == 0)
                continue;
            any = true;
            auto &acc = m_minute[idx];
            acc = isMax ? std::max(acc, v) : acc + v;
        }
        m_minuteHasData = m_minuteHasData || any;
        m_ring[m_ringNext] = sample;
        m_ringNext = (m_ringNext + 1) % kShardSeconds;
        m_ringCount = std::min(m_ringCount + 1, kShardSeconds);
        if (completedSeconds)
            completedSeconds->push_back(sample);
        // Skip ahead over long empty gaps: the ring keeps only kShardSeconds.
        if (!any && lastEmpty - s > std::int64_t(kShardSeconds) && !m_minuteHasData) {
            s = lastEmpty - std::int64_t(kShardSeconds);
            m_minuteStart = (s * 1000) / 60000;
        }
        ++s;
    }
    const std::int64_t nowMinute = nowMs / 60000;
    if (nowMinute != m_minuteStart) {
        closeMinute(m_minuteStart);
        m_minuteStart = nowMinute;
    }
    m_second = {};
    m_secondStart = nowSecond;
}

void MetricsAccumulator::flushMinute(std::int64_t nowMs, std::vector<MinutePoint> &minutes)
{
    std::vector<MinutePoint> closed;
    roll(nowMs, closed);
    minutes.insert(minutes.end(), closed.begin(), closed.end());
    MinutePoint p;
    p.minute = m_minuteStart;
    bool any = false;
    for (int i = 0; i < kMetricCount; ++i) {
        const auto idx = static_cast<std::size_t>(i);
        const std::int64_t v = m_second[idx];
        p.values[idx]
            = isMaxMetric(static_cast<Metric>(i)) ? std::max(m_minute[idx], v) : m_minute[idx] + v;
        any = any || p.values[idx] != 0;
    }
    if (any)
        minutes.push_back(p);
    // The second in progress stays visible to recent(); only the minute totals start afresh.
    m_minute = {};
    m_minuteHasData = false;
    m_secondFlushed = m_second;
}

std::vector<MetricSample> MetricsAccumulator::recent(std::size_t n, std::int64_t nowMs) const
{
    n = std::min(n, kShardSeconds);
    const std::int64_t lastCompleted = nowMs / 1000 - 1;
    std::map<std::int64_t, const MetricSample *> bySecond;
    for (std::size_t i = 0; i < m_ringCount; ++i) {
        const auto &s = m_ring[(m_ringNext + kShardSeconds - 1 - i) % kShardSeconds];
        bySecond[s.second] = &s;
    }
    std::vector<MetricSample> out;
    out.reserve(n);
    for (std::int64_t s = lastCompleted - std::int64_t(n) + 1; s <= lastCompleted; ++s) {
        auto it = bySecond.find(s);
        if (it != bySecond.end())
            out.push_back(*it->second);
        else if (s == m_secondStart)
            out.push_back({s, m_second});
        else
            out.push_back({s, {}});
    }
    return out;
}

std::string StreamUsage::encode() const
{
    std::ostringstream o;
    o.precision(17);
    o << hours << ' ' << shardHours << ' ' << streamHours << ' ' << extendedRetentionShardHours
      << ' ' << extendedRetentionGbHours << ' ' << longTermRetentionGbHours << ' '
      << putPayloadUnits << ' ' << bytesIn << ' ' << onDemandBilledBytesIn << ' ' << bytesOut << ' '
      << records << ' ' << peakBytesInPerSecond << ' ' << peakRecordsInPerSecond << ' '
      << peakBytesOutPerSecond << ' ' << sinceMs << ' ' << advantageHours << ' '
      << advantageStreamHours << ' ' << advantageExtendedRetentionGbHours << ' '
      << advantageBilledBytesIn << ' ' << advantageBytesOut;
    return o.str();
}

StreamUsage StreamUsage::decode(const std::string &text)
{
    StreamUsage u;
    std::istringstream i(text);
    i >> u.hours >> u.shardHours >> u.streamHours >> u.extendedRetentionShardHours
        >> u.extendedRetentionGbHours >> u.longTermRetentionGbHours >> u.putPayloadUnits
        >> u.bytesIn >> u.onDemandBilledBytesIn >> u.bytesOut >> u.records >> u.peakBytesInPerSecond
        >> u.peakRecordsInPerSecond >> u.peakBytesOutPerSecond >> u.sinceMs;
    if (i.fail())
        return StreamUsage{};
    // Added later: usage persisted before has none, and none accrued under a commitment.
    StreamUsage advantage;
    i >> advantage.advantageHours >> advantage.advantageStreamHours
        >> advantage.advantageExtendedRetentionGbHours >> advantage.advantageBilledBytesIn
        >> advantage.advantageBytesOut;
    if (!i.fail()) {
        u.advantageHours = advantage.advantageHours;
        u.advantageStreamHours = advantage.advantageStreamHours;
        u.advantageExtendedRetentionGbHours = advantage.advantageExtendedRetentionGbHours;
        u.advantageBilledBytesIn = advantage.advantageBilledBytesIn;
        u.advantageBytesOut = advantage.advantageBytesOut;
    }
    return u;
}

namespace {
struct PriceField
{
    const char *name;
    double PriceTable::*member;
};
constexpr PriceField kPriceFields[] = {
    {"shardHour", &PriceTable::shardHour},
    {"putPayloadUnitsPerMillion", &PriceTable::putPayloadUnitsPerMillion},
    {"extendedRetentionShardHour", &PriceTable::extendedRetentionShardHour},
    {"longTermRetentionGbMonth", &PriceTable::longTermRetentionGbMonth},
    {"onDemandStreamHour", &PriceTable::onDemandStreamHour},
    {"onDemandDataInPerGb", &PriceTable::onDemandDataInPerGb},
    {"onDemandDataOutPerGb", &PriceTable::onDemandDataOutPerGb},
    {"onDemandExtendedRetentionGbMonth", &PriceTable::onDemandExtendedRetentionGbMonth},
    {"advantageDataInPerGb", &PriceTable::advantageDataInPerGb},
    {"advantageDataOutPerGb", &PriceTable::advantageDataOutPerGb},
    {"advantageExtendedRetentionGbMonth", &PriceTable::advantageExtendedRetentionGbMonth},
};
constexpr double kGiB = 1024.0 * 1024.0 * 1024.0;
constexpr double kHoursPerMonth = 730.0;
} // namespace

bool PriceTable::parse(const std::string &text, PriceTable &out, std::string *error)
{
    PriceTable p;
    std::istringstream in(text);
    std::string line;
    int lineNo = 0;
    while (std::getline(in, line)) {
        ++lineNo;
        if (line.empty() || line[0] == '#')
            continue;
        const auto eq = line.find('=');
        const std::string key = eq == std::string::npos ? line : line.substr(0, eq);
        if (eq == std::string::npos) {
            if (error)
                *error = "line " + std::to_string(lineNo) + ": expected key=value";
            return false;
        }
        const std::string value = line.substr(eq + 1);
        if (key == "region") {
            p.region = value;
            continue;
        }
        bool known = false;
        for (const auto &f : kPriceFields) {
            if (key == f.name) {
                known = true;
                char *end = nullptr;
                const double v = std::strtod(value.c_str(), &end);
                if (value.empty() || *end != '\0' || !(v >= 0) || !std::isfinite(v)) {
                    if (error)
                        *error = "line " + std::to_string(lineNo) + ": " + key
                                 + " needs a price >= 0, not '" + value + "'";
                    return false;
                }
                p.*(f.member) = v;
            }
        }
        if (!known) {
            if (error)
                *error = "line " + std::to_string(lineNo) + ": unknown price '" + key + "'";
            return false;
        }
    }
    out = p;
    return true;
}

std::string PriceTable::encode() const
{
    std::ostringstream o;
    o << "region=" << region << "\n";
    for (const auto &f : kPriceFields)
        o << f.name << "=" << this->*(f.member) << "\n";
    return o.str();
}

CostEstimate provisionedCost(const StreamUsage &u, const PriceTable &p, bool whatIf)
{
    CostEstimate c;
    c.mode = "PROVISIONED";
    double shardHours = u.shardHours;
    double extendedShardHours = u.extendedRetentionShardHours;
    if (whatIf) {
        const double mib = 1024.0 * 1024.0;
        const int shards = std::max({1, int(std::ceil(double(u.peakBytesInPerSecond) / mib)),
                                     int(std::ceil(double(u.peakRecordsInPerSecond) / 1000.0)),
                                     int(std::ceil(double(u.peakBytesOutPerSecond) / (2 * mib)))});
        c.shardsAssumed = shards;
        shardHours = u.hours * shards;
        extendedShardHours = 0;
    }
    auto line = [&](std::string item, double qty, std::string unit, double dollars) {
        c.lines.push_back({std::move(item), qty, std::move(unit), dollars});
        c.total += dollars;
    };
    line("Shard hours", shardHours, "shard-hours", shardHours * p.shardHour);
    line("PUT payload units", double(u.putPayloadUnits), "25 KiB units",
         double(u.putPayloadUnits) / 1e6 * p.putPayloadUnitsPerMillion);
    if (extendedShardHours > 0)
        line("Extended retention", extendedShardHours, "shard-hours",
             extendedShardHours * p.extendedRetentionShardHour);
    if (u.longTermRetentionGbHours > 0)
        line("Long-term retention", u.longTermRetentionGbHours / kHoursPerMonth, "GB-months",
             u.longTermRetentionGbHours / kHoursPerMonth * p.longTermRetentionGbMonth);
    return c;
}

CostEstimate onDemandCost(const StreamUsage &u, const PriceTable &p, bool whatIf)
{
    CostEstimate c;
    c.mode = "ON_DEMAND";
    const double streamHours = whatIf ? u.hours : u.streamHours;
    const double advantageHours = whatIf ? u.advantageHours : u.advantageStreamHours;
    auto line = [&](std::string item, double qty, std::string unit, double dollars) {
        c.lines.push_back({std::move(item), qty, std::move(unit), dollars});
        c.total += dollars;
    };
    line("Stream hours", streamHours - advantageHours, "stream-hours",
         (streamHours - advantageHours) * p.onDemandStreamHour);
    const double in = double(u.onDemandBilledBytesIn - u.advantageBilledBytesIn) / kGiB;
    const double out = double(u.bytesOut - u.advantageBytesOut) / kGiB;
    line("Data in", in, "GB", in * p.onDemandDataInPerGb);
    line("Data out", out, "GB", out * p.onDemandDataOutPerGb);
    const double extended = u.extendedRetentionGbHours - u.advantageExtendedRetentionGbHours;
    if (extended > 0)
        line("Extended retention", extended / kHoursPerMonth, "GB-months",
             extended / kHoursPerMonth * p.onDemandExtendedRetentionGbMonth);
    if (advantageHours > 0 || u.advantageBilledBytesIn > 0 || u.advantageBytesOut > 0) {
        const double advIn = double(u.advantageBilledBytesIn) / kGiB;
        const double advOut = double(u.advantageBytesOut) / kGiB;
        line("Advantage: stream hours", advantageHours, "stream-hours", 0.0);
        line("Advantage: data in", advIn, "GB", advIn * p.advantageDataInPerGb);
        line("Advantage: data out", advOut, "GB", advOut * p.advantageDataOutPerGb);
        if (u.advantageExtendedRetentionGbHours > 0)
            line("Advantage: extended retention",
                 u.advantageExtendedRetentionGbHours / kHoursPerMonth, "GB-months",
                 u.advantageExtendedRetentionGbHours / kHoursPerMonth
                     * p.advantageExtendedRetentionGbMonth);
    }
    if (u.longTermRetentionGbHours > 0)
        line("Long-term retention", u.longTermRetentionGbHours / kHoursPerMonth, "GB-months",
             u.longTermRetentionGbHours / kHoursPerMonth * p.longTermRetentionGbMonth);
    return c;
}

} // namespace shs::core
