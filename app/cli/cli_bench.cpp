// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
// `shardscope-cli bench put|get|e2e` (load generator and verifying reader) and `tail`.
#include "cli_context.h"

#include "cli_json.h"
#include "endpoint/shape_json.h"
#include "engine/kpl_aggregate.h"
#include "service/shard_follower.h"

#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QThread>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <fcntl.h>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <thread>
#include <unistd.h>

namespace shs::cli {

using namespace shs::core;
using SteadyClock = std::chrono::steady_clock;

namespace {

double percentile(std::vector<double> &v, double p)
{
    if (v.empty())
        return 0;
    const std::size_t i = std::min(v.size() - 1, std::size_t(p / 100.0 * double(v.size())));
    std::nth_element(v.begin(), v.begin() + std::ptrdiff_t(i), v.end());
    return v[i];
}

bool seqLess(const std::string &a, const std::string &b)
{
    return a.size() != b.size() ? a.size() < b.size() : a < b;
}

/// Creates the stream when missing and waits until it is ACTIVE.
int ensureStream(Context &ctx, const std::string &name, int shards)
{
    StreamRef ref{name, {}};
    auto d = ctx.call<StreamDescriptionSummary>(
        [ref](Engine &e) { return e.describeStreamSummary(ref); });
    if (!d) {
        CreateStreamRequest c;
        c.streamName = name;
        c.shardCount = shards;
        auto r = ctx.call<void>([c](Engine &e) { return e.createStream(c); });
        if (!r && r.error().code != ErrorCode::ResourceInUse)
            return serviceError(r.error(), "CreateStream");
    }
    for (int i = 0; i < 300; ++i) {
        d = ctx.call<StreamDescriptionSummary>(
            [ref](Engine &e) { return e.describeStreamSummary(ref); });
        if (d && d->status == StreamStatus::Active)
            return ExitOk;
        QThread::msleep(100); // DescribeStreamSummary allows 20 calls/s
    }
    std::fprintf(stderr, "shardscope-cli: stream %s did not become ACTIVE\n", name.c_str());
    return ExitFailure;
}

std::vector<std::string> shardIds(Context &ctx, const std::string &stream, ShardFilterType type,
                                  std::optional<std::int64_t> ts = {},
                                  std::vector<ShardDescription> *full = nullptr)
{
    auto listed = listAllShards(ctx, stream, ShardFilter{type, std::nullopt, ts});
    if (!listed)
        throw OpenError(listed.error().toString());
    std::vector<std::string> out;
    for (auto &s : *listed)
        out.push_back(s.shardId);
    if (full)
        full->insert(full->end(), listed->begin(), listed->end());
    return out;
}

std::string iteratorFor(Context &ctx, const std::string &stream, const std::string &shard,
                        ShardIteratorType type, std::optional<std::int64_t> ts = {})
{
    GetShardIteratorRequest r;
    r.stream.name = stream;
    r.shardId = shard;
    r.type = type;
    r.timestampMs = ts;
    auto it = ctx.call<GetShardIteratorResult>([r](Engine &e) { return e.getShardIterator(r); });
    if (!it)
        throw OpenError(it.error().toString());
    return it->shardIterator;
}

/// GetRecords, waiting and asking again while the shard's read limits refuse (as a polite
/// consumer does); `throttles` counts the refusals.
Result<GetRecordsResult> getRecordsPolitely(Context &ctx, const GetRecordsRequest &r,
                                            std::atomic<qint64> &throttles)
{
    for (;;) {
        auto res = ctx.host().getRecords(r);
        if (res || res.error().code != ErrorCode::ProvisionedThroughputExceeded)
            return res;
        throttles.fetch_add(1);
        QThread::msleep(200);
    }
}

int benchPut(Context &ctx, const Args &a, QJsonObject *result = nullptr)
{
    const std::string stream
        = a.value(QStringLiteral("stream")).value_or(QStringLiteral("bench")).toStdString();
    const int shards = int(a.integer(QStringLiteral("shards"), 4));
    const qint64 total = a.integer(QStringLiteral("records"), 100000);
    const int size = int(a.integer(QStringLiteral("size"), 1024));
    const int batch = int(a.integer(QStringLiteral("batch"), 500));
    const int threads = int(a.integer(QStringLiteral("threads"), batch > 1 ? 4 : 16));
    const int keys = int(a.integer(QStringLiteral("keys"), 1000));
    const double duration
        = a.value(QStringLiteral("duration")).value_or(QStringLiteral("0")).toDouble();
    if (batch < 1 || batch > 500 || threads < 1 || size < 0 || keys < 1)
        throw UsageError("bench put: --batch 1..500, --threads >= 1, --size >= 0, --keys >= 1");
    const bool async = a.flag(QStringLiteral("async"));
    if (async && (batch != 1 || duration > 0 || a.value(QStringLiteral("ack-log"))))
        throw UsageError("bench put --async: single PutRecord callers (--batch 1) and --records "
                         "only (no --duration or --ack-log)");
    if (int rc = ensureStream(ctx, stream, shards); rc != ExitOk)
        return rc;

    int ackFd = -1;
    if (auto path = a.value(QStringLiteral("ack-log"))) {
        ackFd = ::open(path->toLocal8Bit().constData(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC,
                       0644);
        if (ackFd < 0)
            throw UsageError(QStringLiteral("cannot open --ack-log %1").arg(*path).toStdString());
    }
    std::mutex ackMutex;
    std::atomic<qint64> claimed{0}, acked{0}, failed{0}, throttled{0}, calls{0}, unavailable{0};
    // ServiceUnavailable (fewer than two zones in sync, e.g. one down and one catching up) is
    // retried after a pause, as the SDKs retry a 503; the call counts as Unavailable.
    auto waitOutUnavailable = [&] {
        unavailable.fetch_add(1);
        calls.fetch_add(1);
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    };
    std::atomic<bool> stop{false};
    std::mutex latMutex;
    std::vector<double> latencies;
    std::atomic<int> firstErrorSet{0};
    Error firstError;
    const auto statsBefore = ctx.host().stats();
    const auto commitsBefore = statsBefore.commits;
    const auto start = SteadyClock::now();
    // Each caller's payload differs a little, so that no two callers send identical bytes.
    auto payloadFor = [size](int id) {
        std::string payload(std::size_t(size), 'x');
        for (std::size_t i = 0; i < payload.size(); ++i)
            payload[i] = char('a' + (i * 7 + std::size_t(id)) % 26);
        return payload;
    };
    auto worker = [&](int id) {
        std::vector<double> local;
        const std::string payload = payloadFor(id);
        std::uint64_t keyCursor = std::uint64_t(id) * 7919u;
        while (!stop.load()) {
            const qint64 want
                = duration > 0 ? batch : std::min<qint64>(batch, total - claimed.fetch_add(batch));
            if (want <= 0)
                break;
            const auto t0 = SteadyClock::now();
            std::string lines;
            if (batch == 1) {
                PutRecordRequest r;
                r.stream.name = stream;
                r.partitionKey = "key-" + std::to_string(keyCursor++ % std::uint64_t(keys));
                r.data = payload;
                auto res = ctx.host().putRecord(std::move(r));
                if (!res && res.error().code == ErrorCode::ServiceUnavailable) {
                    waitOutUnavailable();
                    continue;
                }
                if (!res && res.error().code == ErrorCode::ProvisionedThroughputExceeded) {
                    throttled.fetch_add(1);
                    calls.fetch_add(1);
                    continue;
                }
                if (!res) {
                    failed.fetch_add(1);
                    if (firstErrorSet.fetch_add(1) == 0)
                        firstError = res.error();
                    break;
                }
                acked.fetch_add(1);
                if (ackFd >= 0)
                    lines = res->shardId + " " + res->sequenceNumber + "\n";
            } else {
                PutRecordsRequest r;
                r.stream.name = stream;
                r.records.reserve(std::size_t(want));
                for (qint64 i = 0; i < want; ++i)
                    r.records.push_back({payload,
                                         "key-" + std::to_string(keyCursor++ % std::uint64_t(keys)),
                                         std::nullopt});
                auto res = ctx.host().putRecords(std::move(r));
                if (!res && res.error().code == ErrorCode::ServiceUnavailable) {
                    waitOutUnavailable();
                    continue;
                }
                if (!res) {
                    failed.fetch_add(want);
                    if (firstErrorSet.fetch_add(1) == 0)
                        firstError = res.error();
                    break;
                }
                acked.fetch_add(want - res->failedRecordCount);
                for (const auto &e : res->records) {
                    if (e.errorCode == "ProvisionedThroughputExceededException")
                        throttled.fetch_add(1);
                    else if (!e.errorCode.empty())
                        failed.fetch_add(1);
                }
                if (ackFd >= 0)
                    for (const auto &e : res->records)
                        if (e.errorCode.empty())
                            lines += e.shardId + " " + e.sequenceNumber + "\n";
            }
            calls.fetch_add(1);
            local.push_back(
                std::chrono::duration<double, std::milli>(SteadyClock::now() - t0).count());
            if (ackFd >= 0) {
                std::lock_guard lock(ackMutex);
                const char *p = lines.data();
                std::size_t left = lines.size();
                while (left > 0) {
                    const ssize_t n = ::write(ackFd, p, left);
                    if (n <= 0)
                        break;
                    p += n;
                    left -= std::size_t(n);
                }
            }
            if (duration > 0
                && std::chrono::duration<double>(SteadyClock::now() - start).count() >= duration)
                break;
        }
        std::lock_guard lock(latMutex);
        latencies.insert(latencies.end(), local.begin(), local.end());
    };
    if (async) {
        // Each caller sends its next PutRecord from the previous one's acknowledgement, as the
        // endpoint's connections and the window's generators do, instead of blocking a thread.
        struct Caller
        {
            std::string payload;
            std::uint64_t keyCursor = 0;
            SteadyClock::time_point sent;
            std::vector<double> latencies;
        };
        std::vector<Caller> callers{std::size_t(threads)};
        std::mutex doneMutex;
        std::condition_variable doneCv;
        int active = threads;
        std::function<void(int, bool)> send = [&](int id, bool again) {
            Caller &c = callers[std::size_t(id)];
            if (stop.load() || (!again && claimed.fetch_add(1) >= total)) {
                std::lock_guard lock(doneMutex);
                if (--active == 0)
                    doneCv.notify_all();
                return;
            }
            PutRecordRequest r;
            r.stream.name = stream;
            r.partitionKey = "key-" + std::to_string(c.keyCursor++ % std::uint64_t(keys));
            r.data = c.payload;
            c.sent = SteadyClock::now();
            ctx.host().putRecord(std::move(r), [&, id](Result<PutRecordResult> res) {
                Caller &me = callers[std::size_t(id)];
                calls.fetch_add(1);
                const bool refused
                    = !res && res.error().code == ErrorCode::ProvisionedThroughputExceeded;
                if (refused) {
                    throttled.fetch_add(1);
                } else if (!res) {
                    failed.fetch_add(1);
                    if (firstErrorSet.fetch_add(1) == 0)
                        firstError = res.error();
                    stop.store(true);
                } else {
                    acked.fetch_add(1);
                    me.latencies.push_back(
                        std::chrono::duration<double, std::milli>(SteadyClock::now() - me.sent)
                            .count());
                }
                send(id, refused); // a refused record is sent again
            });
        };
        for (int i = 0; i < threads; ++i) {
            callers[std::size_t(i)].payload = payloadFor(i);
            callers[std::size_t(i)].keyCursor = std::uint64_t(i) * 7919u;
            send(i, false);
        }
        std::unique_lock lock(doneMutex);
        doneCv.wait(lock, [&] { return active == 0; });
        for (const auto &c : callers)
            latencies.insert(latencies.end(), c.latencies.begin(), c.latencies.end());
    } else {
        std::vector<std::thread> pool;
        for (int i = 0; i < threads; ++i)
            pool.emplace_back(worker, i);
        for (auto &t : pool)
            t.join();
    }
    const double secs = std::chrono::duration<double>(SteadyClock::now() - start).count();
    if (ackFd >= 0)
        ::close(ackFd);
    const auto statsAfter = ctx.host().stats();
    const auto commits = statsAfter.commits - commitsBefore;
    const double commitSecs = double(statsAfter.commitMicros - statsBefore.commitMicros) / 1e6;
    const double bytes = double(acked.load()) * double(size);
    QJsonObject out{
        {QStringLiteral("Operation"),
         batch == 1 ? QStringLiteral("PutRecord") : QStringLiteral("PutRecords")},
        {QStringLiteral("Stream"), q(stream)},
        {QStringLiteral("Threads"), threads},
        {QStringLiteral("BatchSize"), batch},
        {QStringLiteral("RecordBytes"), size},
        {QStringLiteral("Records"), double(acked.load())},
        {QStringLiteral("Failed"), double(failed.load())},
        {QStringLiteral("Unavailable"), double(unavailable.load())},
        {QStringLiteral("Throttled"), double(throttled.load())},
        {QStringLiteral("LimitsProfile"),
         q(ctx.host()
               .call<std::string>([](Engine &e) -> Result<std::string> { return e.limits().name; })
               .value())},
        {QStringLiteral("Metrics"), ctx.options.metrics},
        {QStringLiteral("Calls"), double(calls.load())},
        {QStringLiteral("Seconds"), secs},
        {QStringLiteral("RecordsPerSecond"), double(acked.load()) / secs},
        {QStringLiteral("MiBPerSecond"), bytes / secs / (1024.0 * 1024.0)},
        {QStringLiteral("Commits"), double(commits)},
        {QStringLiteral("RecordsPerCommit"),
         commits ? double(acked.load()) / double(commits) : 0.0},
        {QStringLiteral("MicrosPerCommit"), commits ? commitSecs * 1e6 / double(commits) : 0.0},
        {QStringLiteral("StorageBusyPercent"), 100.0 * commitSecs / secs},
        {QStringLiteral("CallLatencyMs"), latencyJson(latencies)}};
    if (result)
        *result = out;
    else
        printJson(out);
    if (firstErrorSet.load())
        return serviceError(firstError, batch == 1 ? "PutRecord" : "PutRecords");
    return ExitOk;
}

/// bench put --producer kpl|both: the KPL-style producer, alone or after the SDK path on the same
/// stream, with the ratio of their user records per second.
int benchPutProducers(Context &ctx, const Args &a, const QString &which)
{
    const std::string stream
        = a.value(QStringLiteral("stream")).value_or(QStringLiteral("bench")).toStdString();
    const int size = int(a.integer(QStringLiteral("size"), 1024));
    const int keys = int(a.integer(QStringLiteral("keys"), 1000));
    const qint64 records = a.integer(QStringLiteral("records"), 100000);
    const double duration
        = a.value(QStringLiteral("duration")).value_or(QStringLiteral("0")).toDouble();
    if (size < 1 || keys < 1)
        throw UsageError("bench put --producer: --size >= 1, --keys >= 1");
    producer::KplConfig config;
    if (auto path = a.value(QStringLiteral("producer-config"))) {
        auto read = readKplConfig(*path);
        if (!read)
            throw UsageError(read.error().message);
        config = *read;
    }
    if (int rc = ensureStream(ctx, stream, int(a.integer(QStringLiteral("shards"), 4)));
        rc != ExitOk)
        return rc;
    QJsonObject sdk;
    if (which == QStringLiteral("both"))
        if (int rc = benchPut(ctx, a, &sdk); rc != ExitOk)
            return rc;
    QJsonObject kpl = benchKpl(ctx, config, stream, size, keys, duration, records);
    if (kpl.contains(QStringLiteral("Error"))) {
        std::fprintf(stderr, "shardscope-cli: bench put --producer kpl: %s\n",
                     qPrintable(kpl.value(QStringLiteral("Error")).toString()));
        return ExitServiceError;
    }
    if (which != QStringLiteral("both")) {
        printJson(kpl);
        return ExitOk;
    }
    const double sdkRate = sdk.value(QStringLiteral("RecordsPerSecond")).toDouble();
    const double kplRate = kpl.value(QStringLiteral("UserRecordsPerSecond")).toDouble();
    printJson(QJsonObject{{QStringLiteral("Stream"), q(stream)},
                          {QStringLiteral("RecordBytes"), size},
                          {QStringLiteral("Sdk"), sdk},
                          {QStringLiteral("Kpl"), kpl},
                          {QStringLiteral("KplOverSdk"), sdkRate > 0 ? kplRate / sdkRate : 0.0}});
    return ExitOk;
}

int benchGet(Context &ctx, const Args &a)
{
    const std::string stream
        = a.value(QStringLiteral("stream")).value_or(QStringLiteral("bench")).toStdString();
    const auto shards = shardIds(ctx, stream, ShardFilterType::FromTrimHorizon);
    const qint64 expect = a.integer(QStringLiteral("expect"), -1);
    std::atomic<qint64> records{0}, bytes{0}, calls{0}, disorder{0}, throttles{0};
    std::mutex errMutex;
    std::optional<Error> error;
    const auto start = SteadyClock::now();
    std::vector<std::thread> pool;
    for (const auto &shard : shards) {
        pool.emplace_back([&, shard] {
            std::string it = iteratorFor(ctx, stream, shard, ShardIteratorType::TrimHorizon);
            std::string last;
            for (;;) {
                GetRecordsRequest r{it, 10000, std::nullopt};
                auto res = getRecordsPolitely(ctx, r, throttles);
                calls.fetch_add(1);
                if (!res) {
                    std::lock_guard lock(errMutex);
                    error = res.error();
                    return;
                }
                for (const auto &rec : res->records) {
                    if (!last.empty() && !seqLess(last, rec.sequenceNumber))
                        disorder.fetch_add(1);
                    last = rec.sequenceNumber;
                    bytes.fetch_add(qint64(rec.data.size()));
                }
                records.fetch_add(qint64(res->records.size()));
                if (res->records.empty() || !res->nextShardIterator)
                    return;
                it = *res->nextShardIterator;
            }
        });
    }
    for (auto &t : pool)
        t.join();
    const double secs = std::chrono::duration<double>(SteadyClock::now() - start).count();
    printJson(QJsonObject{
        {QStringLiteral("Operation"), QStringLiteral("GetRecords")},
        {QStringLiteral("Stream"), q(stream)},
        {QStringLiteral("Shards"), int(shards.size())},
        {QStringLiteral("Records"), double(records.load())},
        {QStringLiteral("Calls"), double(calls.load())},
        {QStringLiteral("Seconds"), secs},
        {QStringLiteral("RecordsPerSecond"), double(records.load()) / secs},
        {QStringLiteral("MiBPerSecond"), double(bytes.load()) / secs / (1024.0 * 1024.0)},
        {QStringLiteral("OutOfOrder"), double(disorder.load())},
        {QStringLiteral("Throttled"), double(throttles.load())}});
    if (error)
        return serviceError(*error, "GetRecords");
    if (disorder.load() || (expect >= 0 && records.load() != expect)) {
        std::fprintf(stderr,
                     "shardscope-cli: verification failed: %lld records (expected %lld), %lld out "
                     "of order\n",
                     static_cast<long long>(records.load()), static_cast<long long>(expect),
                     static_cast<long long>(disorder.load()));
        return ExitFailure;
    }
    return ExitOk;
}

int benchE2e(Context &ctx, const Args &a)
{
    const std::string stream
        = a.value(QStringLiteral("stream")).value_or(QStringLiteral("bench-e2e")).toStdString();
    const int shardCount = int(a.integer(QStringLiteral("shards"), 4));
    const double rate = a.value(QStringLiteral("rate")).value_or(QStringLiteral("100")).toDouble();
    const double duration
        = a.value(QStringLiteral("duration")).value_or(QStringLiteral("10")).toDouble();
    const int pollMs = int(a.integer(QStringLiteral("poll-ms"), 1));
    const int keys = int(a.integer(QStringLiteral("keys"), 100));
    if (rate <= 0 || duration <= 0)
        throw UsageError("bench e2e: --rate and --duration must be positive");
    if (int rc = ensureStream(ctx, stream, shardCount); rc != ExitOk)
        return rc;
    const auto shards = shardIds(ctx, stream, ShardFilterType::AtLatest);
    std::map<std::string, std::string> iterators;
    for (const auto &s : shards)
        iterators[s] = iteratorFor(ctx, stream, s, ShardIteratorType::Latest);

    const auto epoch = SteadyClock::now();
    std::atomic<qint64> sent{0}, received{0}, duplicates{0}, reordered{0}, readThrottles{0};
    std::atomic<bool> producing{true};
    std::mutex latMutex;
    std::vector<double> latencies;
    std::mutex seenMutex;
    std::set<qint64> seen;
    std::vector<std::thread> readers;
    for (auto &[shard, startIt] : iterators) {
        readers.emplace_back([&, startIt] {
            std::string it = startIt;
            std::map<std::string, qint64> lastPerKey;
            std::vector<double> local;
            auto quietSince = SteadyClock::now();
            for (;;) {
                GetRecordsRequest r{it, 10000, std::nullopt};
                auto res = getRecordsPolitely(ctx, r, readThrottles);
                const auto now = SteadyClock::now();
                if (!res || !res->nextShardIterator)
                    break;
                it = *res->nextShardIterator;
                for (const auto &rec : res->records) {
                    // Payload: "<producer index> <send time ns since epoch>".
                    const auto space = rec.data.find(' ');
                    const qint64 idx = std::stoll(rec.data.substr(0, space));
                    const qint64 ns = std::stoll(rec.data.substr(space + 1));
                    local.push_back(
                        double(std::chrono::duration_cast<std::chrono::nanoseconds>(now - epoch)
                                   .count()
                               - ns)
                        / 1e6);
                    {
                        std::lock_guard lock(seenMutex);
                        if (!seen.insert(idx).second)
                            duplicates.fetch_add(1);
                    }
                    auto &last = lastPerKey[rec.partitionKey];
                    if (idx <= last && last != 0)
                        reordered.fetch_add(1);
                    last = idx;
                    received.fetch_add(1);
                }
                if (!res->records.empty())
                    quietSince = now;
                if (!producing.load() && received.load() >= sent.load())
                    break;
                if (!producing.load() && now - quietSince > std::chrono::seconds(5))
                    break;
                if (res->records.empty())
                    std::this_thread::sleep_for(std::chrono::milliseconds(pollMs));
            }
            std::lock_guard lock(latMutex);
            latencies.insert(latencies.end(), local.begin(), local.end());
        });
    }
    // Producer: PutRecord at a steady rate.
    const auto interval = std::chrono::duration<double>(1.0 / rate);
    auto next = SteadyClock::now();
    const auto end = next
                     + std::chrono::duration_cast<SteadyClock::duration>(
                         std::chrono::duration<double>(duration));
    qint64 i = 1;
    std::optional<Error> error;
    while (SteadyClock::now() < end) {
        std::this_thread::sleep_until(next);
        next += std::chrono::duration_cast<SteadyClock::duration>(interval);
        PutRecordRequest r;
        r.stream.name = stream;
        r.partitionKey = "key-" + std::to_string(i % keys);
        r.data = std::to_string(i) + " "
                 + std::to_string(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                      SteadyClock::now() - epoch)
                                      .count());
        auto res = ctx.host().putRecord(std::move(r));
        if (!res) {
            error = res.error();
            break;
        }
        sent.fetch_add(1);
        ++i;
    }
    producing = false;
    for (auto &t : readers)
        t.join();
    const qint64 lost = sent.load() - (received.load() - duplicates.load());
    printJson(QJsonObject{{QStringLiteral("Operation"), QStringLiteral("PutRecord->GetRecords")},
                          {QStringLiteral("Stream"), q(stream)},
                          {QStringLiteral("RatePerSecond"), rate},
                          {QStringLiteral("PollIntervalMs"), pollMs},
                          {QStringLiteral("Sent"), double(sent.load())},
                          {QStringLiteral("Received"), double(received.load())},
                          {QStringLiteral("Lost"), double(lost)},
                          {QStringLiteral("Duplicates"), double(duplicates.load())},
                          {QStringLiteral("Reordered"), double(reordered.load())},
                          {QStringLiteral("ReadThrottles"), double(readThrottles.load())},
                          {QStringLiteral("PutToGetLatencyMs"), latencyJson(latencies)}});
    if (error)
        return serviceError(*error, "PutRecord");
    return (lost || duplicates.load() || reordered.load()) ? ExitFailure : ExitOk;
}

} // namespace

QJsonObject latencyJson(std::vector<double> v)
{
    const double mx = v.empty() ? 0 : *std::max_element(v.begin(), v.end());
    return QJsonObject{{QStringLiteral("p50"), percentile(v, 50)},
                       {QStringLiteral("p90"), percentile(v, 90)},
                       {QStringLiteral("p99"), percentile(v, 99)},
                       {QStringLiteral("max"), mx}};
}

int runBench(Context &ctx, const QStringList &argv)
{
    if (argv.isEmpty())
        throw UsageError("bench takes put, get or e2e");
    const QString mode = argv.first();
    Args a(QStringLiteral("bench ") + mode, argv.mid(1),
           {QStringLiteral("stream"), QStringLiteral("shards"), QStringLiteral("records"),
            QStringLiteral("size"), QStringLiteral("batch"), QStringLiteral("threads"),
            QStringLiteral("keys"), QStringLiteral("duration"), QStringLiteral("rate"),
            QStringLiteral("ack-log"), QStringLiteral("poll-ms"), QStringLiteral("expect"),
            QStringLiteral("endpoint-url"), QStringLiteral("producer"),
            QStringLiteral("producer-config")},
           {QStringLiteral("async")});
    if (auto url = a.value(QStringLiteral("endpoint-url"))) {
        if (a.value(QStringLiteral("producer")).value_or(QStringLiteral("sdk"))
            != QStringLiteral("sdk"))
            throw UsageError("bench put --producer kpl runs on the embedded engine; to write "
                             "through the KPL-style producer to an endpoint, use "
                             "shardscope-cli --endpoint-url URL produce");
        if (mode == QStringLiteral("put"))
            return benchPutWire(a, *url);
        if (mode == QStringLiteral("get"))
            return benchGetWire(a, *url);
        if (mode == QStringLiteral("e2e"))
            return benchE2eWire(a, *url);
        throw UsageError("bench takes put, get or e2e");
    }
    if (mode == QStringLiteral("put")) {
        const QString producer
            = a.value(QStringLiteral("producer")).value_or(QStringLiteral("sdk"));
        if (producer == QStringLiteral("kpl") || producer == QStringLiteral("both"))
            return benchPutProducers(ctx, a, producer);
        if (producer != QStringLiteral("sdk"))
            throw UsageError("bench put --producer takes sdk, kpl or both");
        return benchPut(ctx, a);
    }
    if (mode == QStringLiteral("get"))
        return benchGet(ctx, a);
    if (mode == QStringLiteral("e2e"))
        return benchE2e(ctx, a);
    throw UsageError(
        QStringLiteral("bench takes put, get or e2e, not '%1'").arg(mode).toStdString());
}

namespace {

/// Text a terminal shows as it is: printable UTF-8 unchanged, a backslash doubled, every other
/// byte (control characters, NUL, bytes that are not UTF-8) as \xHH — so binary data can neither
/// cut a line short nor drive the terminal.
std::string printable(std::string_view bytes)
{
    std::string out;
    out.reserve(bytes.size());
    auto hex = [&out](unsigned char c) {
        static const char digits[] = "0123456789abcdef";
        out += "\\x";
        out += digits[c >> 4];
        out += digits[c & 15];
    };
    for (std::size_t i = 0; i < bytes.size();) {
        const auto c = static_cast<unsigned char>(bytes[i]);
        if (c == '\\') {
            out += "\\\\";
            ++i;
        } else if (c >= 0x20 && c < 0x7f) {
            out += char(c);
            ++i;
        } else if (c >= 0xc2 && c <= 0xf4) { // a UTF-8 lead byte: copy the sequence if whole
            const std::size_t n = c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
            bool whole = i + n <= bytes.size();
            for (std::size_t k = 1; whole && k < n; ++k)
                whole = (static_cast<unsigned char>(bytes[i + k]) & 0xc0) == 0x80;
            // C1 controls (U+0080..U+009F) are escaped too.
            if (whole && !(c == 0xc2 && static_cast<unsigned char>(bytes[i + 1]) < 0xa0)) {
                out.append(bytes.substr(i, n));
                i += n;
            } else {
                hex(c);
                ++i;
            }
        } else {
            hex(c);
            ++i;
        }
    }
    return out;
}

} // namespace

int runTail(Context &ctx, const QStringList &argv)
{
    Args a(QStringLiteral("tail"), argv,
           {QStringLiteral("stream"), QStringLiteral("from"), QStringLiteral("timestamp"),
            QStringLiteral("max-records"), QStringLiteral("format")},
           {QStringLiteral("no-follow")});
    const std::string stream = a.required(QStringLiteral("stream")).toStdString();
    const QString from = a.value(QStringLiteral("from")).value_or(QStringLiteral("TRIM_HORIZON"));
    auto type = iteratorTypeFromString(from.toStdString());
    if (!type || *type == ShardIteratorType::AtSequenceNumber
        || *type == ShardIteratorType::AfterSequenceNumber)
        throw UsageError("tail --from takes TRIM_HORIZON, LATEST or AT_TIMESTAMP");
    std::optional<std::int64_t> ts;
    if (*type == ShardIteratorType::AtTimestamp) {
        ts = parseTime(a.required(QStringLiteral("timestamp")));
        if (!ts)
            throw UsageError("--timestamp takes ISO 8601 or epoch seconds");
    }
    const qint64 maxRecords = a.integer(QStringLiteral("max-records"), -1);
    const bool follow = !a.flag(QStringLiteral("no-follow"));
    const bool text = a.value(QStringLiteral("format")) == QStringLiteral("text");

    // Through the backend: the embedded engine, or any Kinesis endpoint (--endpoint-url).
    StreamRef ref{stream, {}};
    auto exists = ctx.run(core::ops::DescribeStreamSummary, ref);
    if (!exists)
        return serviceError(exists.error(), "DescribeStreamSummary");

    // The Consume tab's reader (service::ShardFollower): the oldest retained generation for
    // TRIM_HORIZON with children after their parents, the open shards for LATEST, the shards open
    // at T for AT_TIMESTAMP; throttled reads wait for the next poll.
    if (maxRecords == 0)
        return ExitOk;
    service::ShardFollower::Options o;
    o.stream = stream;
    o.type = *type;
    o.timestampMs = ts;
    o.limit = 10000;
    o.pollMs = 200;
    o.eager = true;
    service::ShardFollower follower(ctx.backend(), o);
    QEventLoop loop;
    qint64 printed = 0;
    QObject::connect(&follower, &service::ShardFollower::recordsArrived,
                     [&](const std::string &shard, const std::vector<core::Record> &records) {
                         for (const auto &rec : records) {
                             if (maxRecords >= 0 && printed >= maxRecords)
                                 break;
                             if (text) {
                                 // A KPL aggregate opens as its user records, as the KCL and
                                 // the Consume tab open it: SEQUENCE:SUBSEQUENCE each.
                                 std::string lines;
                                 if (const auto users = core::kpl::decode(rec.data)) {
                                     for (std::size_t i = 0; i < users->size(); ++i)
                                         lines += shard + ' ' + rec.sequenceNumber + ':'
                                                  + std::to_string(i) + ' '
                                                  + printable((*users)[i].partitionKey) + ' '
                                                  + printable((*users)[i].data) + '\n';
                                 } else {
                                     lines = shard + ' ' + rec.sequenceNumber + ' '
                                             + printable(rec.partitionKey) + ' '
                                             + printable(rec.data) + '\n';
                                 }
                                 std::fwrite(lines.data(), 1, lines.size(), stdout);
                             } else {
                                 net::JsonWriter line(net::JsonStyle{0, true});
                                 line.beginObject().member("ShardId", shard);
                                 net::shapejson::writeMembers(line, rec);
                                 const QByteArray bytes = line.endObject().take();
                                 std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stdout);
                                 std::fputc('\n', stdout);
                             }
                             ++printed;
                         }
                         std::fflush(stdout);
                         if (maxRecords >= 0 && printed >= maxRecords) {
                             follower.stop();
                             loop.quit();
                         }
                     });
    QObject::connect(&follower, &service::ShardFollower::caughtUp, [&] {
        if (!follow)
            loop.quit();
    });
    QObject::connect(&follower, &service::ShardFollower::ended, &loop, &QEventLoop::quit);
    QObject::connect(&follower, &service::ShardFollower::failed, &loop, &QEventLoop::quit);
    follower.start();
    if (follower.running())
        loop.exec();
    follower.stop();
    if (const auto &failure = follower.failure())
        return serviceError(failure->error, failure->operation.c_str());
    return ExitOk;
}

} // namespace shs::cli
