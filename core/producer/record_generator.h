// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// RecordGenerator: synthetic records for demos — partition keys drawn from a distribution over
// a fixed set of distinct keys, payloads from a template padded to a size. Pure and seeded, so
// a run is reproducible and its statistics are testable.
//
// Distributions over keys 0 .. distinctKeys-1:
//   Uniform     every key equally likely;
//   Zipf        P(rank k) ∝ 1 / k^s (s = zipfExponent), rank 1 the hottest;
//   HotKey      one key takes kHotShare of the records, the rest are uniform over the others;
//   Sequential  0, 1, 2, … round-robin.
#include "engine/api.h"

#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace shs::producer {

enum class KeyDistribution { Uniform, Zipf, HotKey, Sequential };
enum class PayloadTemplate { Clickstream, IotSensor, LogLine, Financial };
/// How a generator writes: PutRecords as the SDKs do, or through the KPL-style producer
/// (kpl_producer.h: aggregated, collected, rate-limited per shard, always retried).
enum class ProducerPath { Sdk, Kpl };

struct GeneratorSpec
{
    std::string streamName;
    double recordsPerSecond = 100; ///< of engine time
    int recordBytes = 200;         ///< data size; at least the template's own size
    int distinctKeys = 1000;       ///< 1 .. kMaxDistinctKeys
    KeyDistribution distribution = KeyDistribution::Uniform;
    double zipfExponent = 1.1;
    PayloadTemplate payload = PayloadTemplate::Clickstream;
    bool retryThrottled = false; ///< resend throttled records with exponential backoff
    ProducerPath path = ProducerPath::Sdk;

    std::string describe() const;
};

const char *toString(KeyDistribution d);
const char *toString(PayloadTemplate t);

class RecordGenerator
{
  public:
    static constexpr int kMaxDistinctKeys = 1'000'000;
    static constexpr double kHotShare = 0.8;

    RecordGenerator(GeneratorSpec spec, std::uint64_t seed);

    const GeneratorSpec &spec() const { return m_spec; }
    /// The index (0-based rank) of the next key.
    int nextKeyIndex();
    std::string keyName(int index) const;
    /// The payload for record number `n` with key `key`, exactly recordBytes long (or the
    /// template's natural size when that is larger).
    std::string payload(std::uint64_t n, const std::string &key, std::int64_t engineMs);
    core::PutRecordsEntry next(std::int64_t engineMs);

    /// The distribution as at most `maxKeys` partition keys with the share of records each
    /// stands for (the shares sum to 1): every key when there are that few; else the hottest
    /// maxKeys/2 ranks exactly and the rest of the ranks in equal runs, each run named by its
    /// middle key and weighted with the run's whole share. For a carried load.
    std::vector<std::pair<std::string, double>> keyMix(std::size_t maxKeys) const;
    /// The data size of this generator's records (recordBytes, or the template's own size).
    int dataBytes() const;

  private:
    /// The share of records with key ranks in [from, to).
    double mass(int from, int to) const;

    GeneratorSpec m_spec;
    std::mt19937_64 m_rng;
    std::vector<double> m_zipfCdf;
    std::uint64_t m_count = 0;
};

} // namespace shs::producer
