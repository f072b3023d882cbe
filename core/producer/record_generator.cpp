// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "record_generator.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace shs::producer {

const char *toString(KeyDistribution d)
{
    switch (d) {
    case KeyDistribution::Uniform:
        return "uniform";
    case KeyDistribution::Zipf:
        return "Zipf";
    case KeyDistribution::HotKey:
        return "one hot key";
    case KeyDistribution::Sequential:
        return "sequential";
    }
    return "?";
}

const char *toString(PayloadTemplate t)
{
    switch (t) {
    case PayloadTemplate::Clickstream:
        return "clickstream";
    case PayloadTemplate::IotSensor:
        return "IoT sensor";
    case PayloadTemplate::LogLine:
        return "log line";
    case PayloadTemplate::Financial:
        return "financial transaction";
    }
    return "?";
}

std::string GeneratorSpec::describe() const
{
    char buf[256];
    std::snprintf(buf, sizeof buf, "%g records/s · %d B · %d keys, %s%s · %s%s", recordsPerSecond,
                  recordBytes, distinctKeys, toString(distribution),
                  distribution == KeyDistribution::Zipf
                      ? (" s=" + std::to_string(zipfExponent).substr(0, 4)).c_str()
                      : "",
                  toString(payload),
                  path == ProducerPath::Kpl ? " · KPL"
                  : retryThrottled          ? " · retries"
                                            : "");
    return buf;
}

RecordGenerator::RecordGenerator(GeneratorSpec spec, std::uint64_t seed)
    : m_spec(std::move(spec)), m_rng(seed)
{
    m_spec.distinctKeys = std::clamp(m_spec.distinctKeys, 1, kMaxDistinctKeys);
    if (m_spec.distribution == KeyDistribution::Zipf) {
        m_zipfCdf.resize(static_cast<std::size_t>(m_spec.distinctKeys));
        double sum = 0;
        for (int k = 0; k < m_spec.distinctKeys; ++k) {
            sum += 1.0 / std::pow(double(k + 1), m_spec.zipfExponent);
            m_zipfCdf[static_cast<std::size_t>(k)] = sum;
        }
        for (double &c : m_zipfCdf)
            c /= sum;
    }
}

int RecordGenerator::nextKeyIndex()
{
    const int n = m_spec.distinctKeys;
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    switch (m_spec.distribution) {
    case KeyDistribution::Uniform:
        return std::uniform_int_distribution<int>(0, n - 1)(m_rng);
    case KeyDistribution::Zipf: {
        const double u = unit(m_rng);
        const auto it = std::lower_bound(m_zipfCdf.begin(), m_zipfCdf.end(), u);
        return static_cast<int>(std::min<std::ptrdiff_t>(it - m_zipfCdf.begin(), n - 1));
    }
    case KeyDistribution::HotKey:
        if (n == 1 || unit(m_rng) < kHotShare)
            return 0;
        return std::uniform_int_distribution<int>(1, n - 1)(m_rng);
    case KeyDistribution::Sequential:
        return static_cast<int>(m_count % static_cast<std::uint64_t>(n));
    }
    return 0;
}

std::string RecordGenerator::keyName(int index) const
{
    switch (m_spec.payload) {
    case PayloadTemplate::Clickstream:
        return "user-" + std::to_string(index);
    case PayloadTemplate::IotSensor:
        return "sensor-" + std::to_string(index);
    case PayloadTemplate::LogLine:
        return "host-" + std::to_string(index);
    case PayloadTemplate::Financial:
        return "account-" + std::to_string(index);
    }
    return std::to_string(index);
}

std::string RecordGenerator::payload(std::uint64_t n, const std::string &key, std::int64_t engineMs)
{
    static const char *const pages[] = {"/", "/search", "/product/42", "/cart", "/checkout"};
    static const char *const levels[] = {"INFO", "INFO", "INFO", "WARN", "ERROR"};
    const auto pick
        = [this](int count) { return std::uniform_int_distribution<int>(0, count - 1)(m_rng); };
    char buf[512];
    bool json = true;
    switch (m_spec.payload) {
    case PayloadTemplate::Clickstream:
        std::snprintf(buf, sizeof buf,
                      R"({"event":"page_view","user":"%s","page":"%s","seq":%llu,"ts":%lld)",
                      key.c_str(), pages[pick(5)], static_cast<unsigned long long>(n),
                      static_cast<long long>(engineMs));
        break;
    case PayloadTemplate::IotSensor:
        std::snprintf(buf, sizeof buf,
                      R"({"sensor":"%s","temperature_c":%.2f,"humidity":%.1f,"seq":%llu,"ts":%lld)",
                      key.c_str(), 18.0 + pick(1200) / 100.0, 30.0 + pick(400) / 10.0,
                      static_cast<unsigned long long>(n), static_cast<long long>(engineMs));
        break;
    case PayloadTemplate::LogLine:
        json = false;
        std::snprintf(buf, sizeof buf, "%lld %s %s app[%d]: request %llu served in %d ms",
                      static_cast<long long>(engineMs), levels[pick(5)], key.c_str(),
                      1000 + pick(9000), static_cast<unsigned long long>(n), 1 + pick(250));
        break;
    case PayloadTemplate::Financial:
        std::snprintf(
            buf, sizeof buf,
            R"({"account":"%s","type":"%s","amount":"%d.%02d","currency":"USD","txn":%llu,"ts":%lld)",
            key.c_str(), pick(2) ? "debit" : "credit", pick(5000), pick(100),
            static_cast<unsigned long long>(n), static_cast<long long>(engineMs));
        break;
    }
    std::string out = buf;
    const std::size_t want = static_cast<std::size_t>(std::max(0, m_spec.recordBytes));
    if (json) {
        // Pad inside the object so the record stays valid JSON: ,"pad":"xxx…"}
        const std::size_t padOverhead = 10; // ,"pad":"" plus the closing brace
        if (out.size() + padOverhead <= want)
            out += R"(,"pad":")" + std::string(want - out.size() - padOverhead, 'x') + "\"";
        out += '}';
    } else if (out.size() < want) {
        out += ' ';
        out += std::string(want - out.size(), '.');
    }
    return out;
}

core::PutRecordsEntry RecordGenerator::next(std::int64_t engineMs)
{
    const int index = nextKeyIndex();
    core::PutRecordsEntry e;
    e.partitionKey = keyName(index);
    e.data = payload(m_count, e.partitionKey, engineMs);
    ++m_count;
    return e;
}

double RecordGenerator::mass(int from, int to) const
{
    const int n = m_spec.distinctKeys;
    if (to <= from)
        return 0;
    switch (m_spec.distribution) {
    case KeyDistribution::Zipf:
        return m_zipfCdf[std::size_t(to - 1)] - (from > 0 ? m_zipfCdf[std::size_t(from - 1)] : 0.0);
    case KeyDistribution::HotKey: {
        if (n == 1)
            return 1;
        const double cold = (1 - kHotShare) / double(n - 1);
        return (from == 0 ? kHotShare + cold * double(to - 1) : cold * double(to - from));
    }
    case KeyDistribution::Uniform:
    case KeyDistribution::Sequential:
        break;
    }
    return double(to - from) / double(n);
}

std::vector<std::pair<std::string, double>> RecordGenerator::keyMix(std::size_t maxKeys) const
{
    const int n = m_spec.distinctKeys;
    const int limit
        = std::max(2, int(std::min<std::size_t>(maxKeys, std::size_t(kMaxDistinctKeys))));
    std::vector<std::pair<std::string, double>> mix;
    if (n <= limit) {
        for (int k = 0; k < n; ++k)
            mix.emplace_back(keyName(k), mass(k, k + 1));
        return mix;
    }
    const int head = limit / 2;
    for (int k = 0; k < head; ++k)
        mix.emplace_back(keyName(k), mass(k, k + 1));
    const int runs = limit - head;
    const double width = double(n - head) / double(runs);
    for (int r = 0; r < runs; ++r) {
        const int from = head + int(std::floor(width * r));
        const int to = r + 1 == runs ? n : head + int(std::floor(width * (r + 1)));
        if (to > from)
            mix.emplace_back(keyName(from + (to - from) / 2), mass(from, to));
    }
    return mix;
}

int RecordGenerator::dataBytes() const
{
    RecordGenerator copy = *this; // a payload draws from the generator's random numbers
    return int(copy.payload(0, keyName(0), 0).size());
}

} // namespace shs::producer
