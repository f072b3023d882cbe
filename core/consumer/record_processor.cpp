// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "record_processor.h"

#include <QTimer>

#include <charconv>

namespace shs::consumer {

using core::ErrorCode;
using core::makeError;

std::uint64_t recordChecksum(std::string_view data)
{
    std::uint64_t h = 14695981039346656037ull;
    for (unsigned char c : data) {
        h ^= c;
        h *= 1099511628211ull;
    }
    return h;
}

core::Result<ProcessorSpec> ProcessorSpec::parse(std::string_view text)
{
    const auto colon = text.find(':');
    const std::string_view kind = text.substr(0, colon);
    const std::string_view arg = colon == std::string_view::npos ? "" : text.substr(colon + 1);
    auto number = [&](int &out, int min) -> bool {
        const auto r = std::from_chars(arg.data(), arg.data() + arg.size(), out);
        return r.ec == std::errc() && r.ptr == arg.data() + arg.size() && out >= min;
    };
    ProcessorSpec s;
    const std::string kinds
        = " Processors: count, slow:MS (milliseconds per record), fail:N (every Nth record "
          "throws), forward:STREAM.";
    if (kind == "count" && arg.empty()) {
        s.kind = Kind::Count;
    } else if (kind == "slow") {
        s.kind = Kind::Slow;
        if (!number(s.costMs, 1) || s.costMs > 60'000)
            return makeError(ErrorCode::InvalidArgument,
                             "Processor '" + std::string(text)
                                 + "': slow needs a cost per record in milliseconds, 1 to 60000 "
                                   "(slow:5).");
    } else if (kind == "fail") {
        s.kind = Kind::Failing;
        if (!number(s.failEvery, 1))
            return makeError(ErrorCode::InvalidArgument,
                             "Processor '" + std::string(text)
                                 + "': fail needs N, a positive count (fail:100 throws on every "
                                   "100th record).");
    } else if (kind == "forward") {
        s.kind = Kind::Forward;
        s.forwardTo = std::string(arg);
        if (s.forwardTo.empty())
            return makeError(ErrorCode::InvalidArgument,
                             "Processor '" + std::string(text)
                                 + "': forward needs the stream to write to (forward:STREAM).");
    } else {
        return makeError(ErrorCode::InvalidArgument,
                         "Unknown processor '" + std::string(text) + "'." + kinds);
    }
    return s;
}

std::string ProcessorSpec::toString() const
{
    switch (kind) {
    case Kind::Count:
        return "count";
    case Kind::Slow:
        return "slow:" + std::to_string(costMs);
    case Kind::Failing:
        return "fail:" + std::to_string(failEvery);
    case Kind::Forward:
        return "forward:" + forwardTo;
    }
    return "count";
}

namespace {

class CountingProcessor : public RecordProcessor
{
  public:
    explicit CountingProcessor(ProcessorSpec spec) : m_spec(std::move(spec)) {}
    void process(const std::vector<core::Record> &records, QObject *, Done done) override
    {
        BatchOutcome o;
        for (const core::Record &r : records) {
            if (m_spec.kind == ProcessorSpec::Kind::Failing
                && ++m_seen % std::uint64_t(m_spec.failEvery) == 0) {
                o.threw = true;
                o.skipped = int(records.size()) - o.processed;
                break;
            }
            ++o.processed;
            o.lastProcessedSequence = r.sequenceNumber;
        }
        if (m_spec.kind == ProcessorSpec::Kind::Slow)
            o.busyMs = std::int64_t(m_spec.costMs) * o.processed;
        done(std::move(o));
    }

  private:
    ProcessorSpec m_spec;
    std::uint64_t m_seen = 0;
};

/// Writes each batch to another stream, retrying the entries PutRecords failed (throttled) until
/// every one is stored; a call that fails whole (the stream is gone) is retried too, so the batch
/// is never checkpointed past a record that did not arrive.
class ForwardingProcessor : public RecordProcessor
{
  public:
    ForwardingProcessor(std::string stream, service::StreamBackend &backend)
        : m_stream(std::move(stream)), m_backend(backend)
    {}
    void process(const std::vector<core::Record> &records, QObject *context, Done done) override
    {
        auto pending = std::make_shared<std::vector<core::PutRecordsEntry>>();
        for (const core::Record &r : records)
            pending->push_back({r.data, r.partitionKey, std::nullopt});
        BatchOutcome o;
        o.processed = int(records.size());
        o.forwarded = int(records.size());
        if (!records.empty())
            o.lastProcessedSequence = records.back().sequenceNumber;
        send(std::move(pending), context, std::move(done), o, 0);
    }

  private:
    void send(std::shared_ptr<std::vector<core::PutRecordsEntry>> entries, QObject *context,
              Done done, BatchOutcome outcome, int attempt)
    {
        if (entries->empty())
            return done(outcome);
        // PutRecords takes 500 entries a call.
        auto batch = std::make_shared<std::vector<core::PutRecordsEntry>>();
        const std::size_t n = std::min<std::size_t>(500, entries->size());
        batch->assign(entries->begin(), entries->begin() + std::ptrdiff_t(n));
        entries->erase(entries->begin(), entries->begin() + std::ptrdiff_t(n));
        core::PutRecordsRequest request;
        request.stream.name = m_stream;
        request.records = *batch;
        m_backend.submit(
            core::ops::PutRecords, std::move(request), context,
            [this, entries, batch, context, done = std::move(done), outcome,
             attempt](core::Result<core::PutRecordsResult> r) mutable {
                if (!r) {
                    entries->insert(entries->begin(), batch->begin(), batch->end());
                } else {
                    for (std::size_t i = 0; i < r->records.size() && i < batch->size(); ++i)
                        if (!r->records[i].errorCode.empty())
                            entries->push_back((*batch)[i]);
                }
                const bool failed = !r || r->failedRecordCount > 0;
                if (!failed)
                    return send(entries, context, std::move(done), outcome, 0);
                // Back off (50 ms, doubling to 2 s) before the retry.
                const int delay = std::min(2000, 50 << std::min(attempt, 6));
                QTimer::singleShot(
                    delay, context,
                    [this, entries, context, done = std::move(done), outcome, attempt]() mutable {
                        send(entries, context, std::move(done), outcome, attempt + 1);
                    });
            });
    }

    std::string m_stream;
    service::StreamBackend &m_backend;
};

} // namespace

std::unique_ptr<RecordProcessor> RecordProcessor::make(const ProcessorSpec &spec,
                                                       service::StreamBackend &backend)
{
    if (spec.kind == ProcessorSpec::Kind::Forward)
        return std::make_unique<ForwardingProcessor>(spec.forwardTo, backend);
    return std::make_unique<CountingProcessor>(spec);
}

} // namespace shs::consumer
