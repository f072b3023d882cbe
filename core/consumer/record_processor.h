// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// RecordProcessor: what a consumer application does with each batch of a shard's records (the
// KCL's ShardRecordProcessor.processRecords), one of the kinds a user can pick:
//
// - count: counts the records and sums a checksum of their data;
// - slow:MS: as count, and each record costs MS milliseconds (of the application's clock) before
//   the next batch is fetched — a processor that cannot keep up, so MillisBehindLatest grows;
// - fail:N: as count, and every Nth record throws. The KCL logs a throwing processRecords and
//   skips the rest of the batch ("Skipping over the following data records"); so does this, and
//   counts what it skipped;
// - forward:STREAM: as count, and writes each record to STREAM with its partition key (a
//   pipeline), retrying throttled entries; the batch is done (and may be checkpointed) only once
//   every record is stored there.
//
// A processor is per shard consumer; process() answers through `done` (at once, or later).
#include "service/stream_backend.h"

#include <QObject>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace shs::consumer {

struct ProcessorSpec
{
    enum class Kind { Count, Slow, Failing, Forward };
    Kind kind = Kind::Count;
    int costMs = 0;        ///< slow: per record
    int failEvery = 0;     ///< fail: every Nth record
    std::string forwardTo; ///< forward: the stream

    /// "count", "slow:5", "fail:100", "forward:orders-enriched"; an error names what is wrong.
    static core::Result<ProcessorSpec> parse(std::string_view text);
    std::string toString() const;
};

/// What a batch came to.
struct BatchOutcome
{
    int processed = 0;       ///< records the processor finished
    int skipped = 0;         ///< records after a throw, not processed (the KCL's behaviour)
    bool threw = false;      ///< processRecords threw
    std::int64_t busyMs = 0; ///< slow: how long the batch takes
    int forwarded = 0;
    std::string lastProcessedSequence; ///< empty when none
};

class RecordProcessor
{
  public:
    using Done = std::function<void(BatchOutcome)>;
    virtual ~RecordProcessor() = default;
    /// `done` runs once, now or later on the thread of `context` (never after `context` goes).
    virtual void process(const std::vector<core::Record> &records, QObject *context, Done done) = 0;

    /// A processor of `spec`; `backend` writes a forwarding processor's records.
    static std::unique_ptr<RecordProcessor> make(const ProcessorSpec &spec,
                                                 service::StreamBackend &backend);
};

/// The checksum of one record's data (FNV-1a, 64 bits); a batch's is the sum, so it does not
/// depend on the order in which shards are read.
std::uint64_t recordChecksum(std::string_view data);

} // namespace shs::consumer
