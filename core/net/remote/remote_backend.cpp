// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "remote_backend.h"

#include "wire_codec.h"

#include "endpoint/shape_json.h"
#include "engine/arn.h"
#include "eventstream/event_stream.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkReply>
#include <QPointer>
#include <QTimer>

#include <algorithm>
#include <chrono>
#include <deque>

namespace shs::net {

using namespace shs::core;
using service::Continuation;

namespace {

std::int64_t micros(std::chrono::steady_clock::time_point since)
{
    return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now()
                                                                 - since)
        .count();
}

std::string seconds(int ms)
{
    return ms % 1000 ? std::to_string(ms) + " ms" : std::to_string(ms / 1000) + " s";
}

} // namespace

/// One polling cycle in flight: what ListStreams returned and which streams it refreshes.
struct PollCycle
{
    std::vector<std::string> listed;
    std::map<std::string, StreamSummary> summaries;
    std::vector<std::string> toRefresh;
    std::map<std::string, std::uint64_t> changesAtStart; ///< per stream, when its refresh began
    std::size_t next = 0;
    bool limited = false;
    std::optional<Error> error;
};

RemoteBackend::RemoteBackend(AwsConfig config, Options options, QObject *parent)
    : QObject(parent), m_options(options),
      m_clock(options.clock ? options.clock : std::make_shared<core::SystemClock>())
{
    m_client = new KinesisClient(config, options.client, this);
    KinesisClient::Options once = options.client;
    once.maxAttempts = 1; // polling and reads back off themselves instead of retrying at once
    m_pollClient = new KinesisClient(std::move(config), once, this);
    if (!m_client->config().cloudWatchEndpointUrl.isEmpty()) {
        AwsConfig cw = m_client->config();
        cw.endpointUrl = cw.cloudWatchEndpointUrl;
        KinesisClient::Options cwOptions = options.client;
        cwOptions.service = kCloudWatchService;
        m_cloudWatch = new KinesisClient(std::move(cw), cwOptions, this);
    }
    if (!m_client->config().kmsEndpointUrl.isEmpty()) {
        AwsConfig k = m_client->config();
        k.endpointUrl = k.kmsEndpointUrl;
        KinesisClient::Options kOptions = options.client;
        kOptions.service = kKmsService;
        m_kms = new KinesisClient(std::move(k), kOptions, this);
    }
    m_pollStats.intervalMs = options.pollIntervalMs;
    m_region = m_client->config().region.toStdString();
}

RemoteBackend::~RemoteBackend() = default;

QString RemoteBackend::description() const
{
    const AwsConfig &c = config();
    return c.profile.isEmpty()
               ? QStringLiteral("Remote endpoint — %1 (%2)").arg(c.endpointUrl, c.region)
               : QStringLiteral("Remote endpoint — %1 (profile %2, %3)")
                     .arg(c.endpointUrl, c.profile, c.region);
}

QStringList RemoteBackend::awsCliTarget() const
{
    const AwsConfig &c = config();
    QStringList options;
    if (c.endpointSource != QStringLiteral("AWS")) // AWS's own endpoint follows from the region
        options << QStringLiteral("--endpoint-url") << c.endpointUrl;
    if (!c.region.isEmpty())
        options << QStringLiteral("--region") << c.region;
    if (!c.profile.isEmpty() && c.profile != QStringLiteral("default"))
        options << QStringLiteral("--profile") << c.profile;
    return options;
}

void RemoteBackend::startPolling()
{
    if (m_pollTimer)
        return;
    m_pollTimer = new QTimer(this);
    m_pollTimer->setSingleShot(true);
    connect(m_pollTimer, &QTimer::timeout, this, &RemoteBackend::pollCycle);
    m_metricsTimer = new QTimer(this);
    m_metricsTimer->setInterval(100);
    connect(m_metricsTimer, &QTimer::timeout, this, &RemoteBackend::tickMetrics);
    m_metricsTimer->start();
    pollCycle();
}

void RemoteBackend::refreshSoon()
{
    if (!m_pollTimer)
        return;
    if (m_cycleRunning)
        m_pollAgain = true;
    else if (m_pollStats.intervalMs <= m_options.pollIntervalMs) // never sooner while backed off
        m_pollTimer->start(
            std::min(m_pollTimer->isActive() ? m_pollTimer->remainingTime() : 0, 150));
}

void RemoteBackend::markDirty(const std::string &stream, bool tags)
{
    auto it = m_streams.find(stream);
    if (it != m_streams.end()) {
        it->second.dirty = true;
        ++it->second.changes;
        // A service may answer a change before its description shows it (UPDATING comes a moment
        // later): watch the stream closely for a while rather than trust the first look.
        it->second.watchUntilMs = nowMs() + 5'000;
        it->second.tagsDirty = it->second.tagsDirty || tags;
    }
    refreshSoon();
}

std::string RemoteBackend::streamNameOf(const StreamRef &ref) const
{
    if (!ref.name.empty())
        return ref.name;
    const auto arn = parseKinesisArn(ref.arn);
    return arn ? arn->streamName : ref.arn;
}

namespace {
/// A service's JSON answer read back into an operation's Response (leniently: a service may add
/// members or leave optional ones out); `service` names what should have sent it.
template <class Resp>
service::ErasedAnswer decodedAnswer(const QJsonObject &answer, std::string_view operation,
                                    std::string_view wrapper, const char *service)
{
    if constexpr (std::is_void_v<Resp>) {
        return service::ErasedAnswer(std::shared_ptr<void>());
    } else {
        shapejson::Reading reading;
        auto value = std::make_shared<Resp>(shapejson::decode<Resp>(answer, reading, wrapper));
        if (!reading.serialization.empty())
            return service::ErasedAnswer(
                makeError(ErrorCode::InternalFailure,
                          "The endpoint's answer to " + std::string(operation) + " is not what "
                              + service + " sends: " + reading.serialization));
        return service::ErasedAnswer(std::shared_ptr<void>(std::move(value)));
    }
}
} // namespace

void RemoteBackend::submitErased(std::string_view operation, std::shared_ptr<const void> request,
                                 QObject *context, std::function<void(service::ErasedAnswer)> done)
{
    using Send = std::function<void(RemoteBackend &, std::shared_ptr<const void>, QObject *,
                                    std::function<void(service::ErasedAnswer)>)>;
    // One entry per catalogue operation: the request written from its shape, the answer read
    // back into its Response (leniently: a service may add members or leave optional ones out).
    static const auto table = [] {
        std::map<std::string, Send, std::less<>> t;
        ops::forEach([&t](const auto &op) {
            using Op = std::decay_t<decltype(op)>;
            using Req = typename Op::Request;
            using Resp = typename Op::Response;
            t.emplace(std::string(op.name), [&op](RemoteBackend &self,
                                                  std::shared_ptr<const void> erased,
                                                  QObject *receiver,
                                                  std::function<void(service::ErasedAnswer)> then) {
                const auto typed = std::static_pointer_cast<const Req>(erased);
                // The operations this backend does more with than send them: their own paths.
                if constexpr (
                    std::is_same_v<
                        Req,
                        CreateStreamRequest> || std::is_same_v<Req, PutRecordRequest> || std::is_same_v<Req, PutRecordsRequest> || std::is_same_v<Req, GetShardIteratorRequest> || std::is_same_v<Req, GetRecordsRequest>) {
                    Continuation<Resp> typedDone = [then](Result<Resp> r) {
                        if (!r)
                            return then(service::ErasedAnswer(r.error()));
                        if constexpr (std::is_void_v<Resp>)
                            then(service::ErasedAnswer(std::shared_ptr<void>()));
                        else
                            then(service::ErasedAnswer(std::make_shared<Resp>(std::move(*r))));
                    };
                    Req copy = *typed;
                    if constexpr (std::is_same_v<Req, CreateStreamRequest>)
                        self.createStream(std::move(copy), receiver, std::move(typedDone));
                    else if constexpr (std::is_same_v<Req, PutRecordRequest>)
                        self.putRecord(std::move(copy), receiver, std::move(typedDone));
                    else if constexpr (std::is_same_v<Req, PutRecordsRequest>)
                        self.putRecords(std::move(copy), receiver, std::move(typedDone));
                    else if constexpr (std::is_same_v<Req, GetShardIteratorRequest>)
                        self.getShardIterator(std::move(copy), receiver, std::move(typedDone));
                    else
                        self.getRecords(std::move(copy), receiver, std::move(typedDone));
                    return;
                }
                QByteArray body = shapejson::encode(*typed);
                // What the call may change, for the next poll to look at again.
                std::string changed;
                if constexpr (requires { typed->stream; })
                    changed = self.streamNameOf(typed->stream);
                if constexpr (requires { typed->resourceArn; })
                    if (auto arn = parseKinesisArn(typed->resourceArn))
                        changed = arn->streamName;
                const bool changes = op.plane == ops::Plane::Control
                                     && !op.name.starts_with("Describe")
                                     && !op.name.starts_with("List") && !op.name.starts_with("Get");
                QPointer<QObject> guard(receiver);
                self.m_client->callWithBody(
                    QByteArray(op.name.data(), qsizetype(op.name.size())), std::move(body),
                    [&self, &op, guard, done = std::move(then), changed,
                     changes](Result<QJsonObject> answer) {
                        if (changes && !changed.empty()
                            && (answer || answer.error().code != ErrorCode::ResourceNotFound))
                            self.markDirty(changed, true);
                        if (!guard)
                            return;
                        if (!answer)
                            return done(service::ErasedAnswer(answer.error()));
                        done(decodedAnswer<Resp>(*answer, op.name, op.responseWrapper, "Kinesis"));
                    });
            });
        });
        return t;
    }();
    const auto it = table.find(operation);
    if (it == table.end())
        return done(service::ErasedAnswer(ops::unknownOperation(operation)));
    it->second(*this, std::move(request), context, std::move(done));
}

void RemoteBackend::submitKmsErased(std::string_view operation, std::shared_ptr<const void> request,
                                    QObject *context,
                                    std::function<void(service::ErasedAnswer)> done)
{
    using Send = std::function<void(KinesisClient &, std::shared_ptr<const void>, QObject *,
                                    std::function<void(service::ErasedAnswer)>)>;
    // One entry per KMS catalogue operation: written from its shape, read back into its Response.
    static const auto table = [] {
        std::map<std::string, Send, std::less<>> t;
        kms::ops::forEach([&t](const auto &op) {
            using Op = std::decay_t<decltype(op)>;
            using Req = typename Op::Request;
            using Resp = typename Op::Response;
            t.emplace(std::string(op.name),
                      [&op](KinesisClient &client, std::shared_ptr<const void> erased,
                            QObject *receiver, std::function<void(service::ErasedAnswer)> then) {
                          QPointer<QObject> guard(receiver);
                          client.callWithBody(
                              QByteArray(op.name.data(), qsizetype(op.name.size())),
                              shapejson::encode(*std::static_pointer_cast<const Req>(erased)),
                              [&op, guard, done = std::move(then)](Result<QJsonObject> answer) {
                                  if (!guard)
                                      return;
                                  if (!answer)
                                      return done(service::ErasedAnswer(answer.error()));
                                  done(decodedAnswer<Resp>(*answer, op.name, {}, "AWS KMS"));
                              });
                      });
        });
        return t;
    }();
    const auto it = table.find(operation);
    if (!m_kms || it == table.end())
        return StreamBackend::submitKmsErased(operation, std::move(request), context,
                                              std::move(done));
    it->second(*m_kms, std::move(request), context, std::move(done));
}

// ---- operations -----------------------------------------------------------------------------

void RemoteBackend::createStream(CreateStreamRequest request, QObject *context,
                                 Continuation<void> done)
{
    QPointer<QObject> guard(context);
    const std::string name = request.streamName;
    m_client->call(
        "CreateStream", wire::encode(request),
        [this, guard, done = std::move(done), name](Result<QJsonObject> r) {
            if (r) {
                Known &k = m_streams[name]; // shows as CREATING at once; the next poll fills it in
                k.info.name = name;
                k.info.modeSwitchesLeft = k.info.shardCountUpdatesLeft = -1;
                k.dirty = k.tagsDirty = true;
                ++k.changes;
                refreshSoon();
            }
            if (guard)
                done(r ? Result<void>() : Result<void>(r.error()));
        });
}

void RemoteBackend::putRecord(PutRecordRequest request, QObject *context,
                              Continuation<PutRecordResult> done)
{
    QPointer<QObject> guard(context);
    const auto started = std::chrono::steady_clock::now();
    const QJsonObject body = wire::encode(request);
    m_client->call(
        "PutRecord", body,
        [this, guard, done = std::move(done), started, stream = streamNameOf(request.stream),
         key = std::move(request.partitionKey), ehk = std::move(request.explicitHashKey),
         bytes = std::int64_t(request.data.size())](Result<QJsonObject> answer) {
            Result<PutRecordResult> r
                = answer ? wire::decodePutRecord(*answer) : Result<PutRecordResult>(answer.error());
            const std::int64_t now = nowMs();
            if (r) {
                countWrite(stream, r->shardId, key, bytes + std::int64_t(key.size()), now);
                countPutCall(stream, started, now);
            } else if (r.error().code == ErrorCode::ProvisionedThroughputExceeded) {
                countThrottledWrite(stream, key, ehk, now);
            }
            if (guard)
                done(std::move(r));
        });
}

void RemoteBackend::putRecords(PutRecordsRequest request, QObject *context,
                               Continuation<PutRecordsResult> done)
{
    QPointer<QObject> guard(context);
    const auto started = std::chrono::steady_clock::now();
    const QJsonObject body = wire::encode(request);
    m_client->call(
        "PutRecords", body,
        [this, guard, done = std::move(done), started, stream = streamNameOf(request.stream),
         entries = std::move(request.records)](Result<QJsonObject> answer) {
            Result<PutRecordsResult> r = answer ? wire::decodePutRecords(*answer)
                                                : Result<PutRecordsResult>(answer.error());
            const std::int64_t now = nowMs();
            if (r) {
                const std::size_t n = std::min(entries.size(), r->records.size());
                for (std::size_t i = 0; i < n; ++i) {
                    const auto &e = entries[i];
                    const auto &out = r->records[i];
                    if (!out.sequenceNumber.empty())
                        countWrite(stream, out.shardId, e.partitionKey,
                                   std::int64_t(e.data.size() + e.partitionKey.size()), now);
                    else if (out.errorCode == "ProvisionedThroughputExceededException")
                        countThrottledWrite(stream, e.partitionKey, e.explicitHashKey, now);
                }
                countPutCall(stream, started, now);
            }
            if (guard)
                done(std::move(r));
        });
}

void RemoteBackend::getShardIterator(GetShardIteratorRequest request, QObject *context,
                                     Continuation<GetShardIteratorResult> done)
{
    QPointer<QObject> guard(context);
    m_client->call("GetShardIterator", wire::encode(request),
                   [this, guard, done = std::move(done), stream = streamNameOf(request.stream),
                    shard = request.shardId](Result<QJsonObject> answer) {
                       Result<GetShardIteratorResult> r
                           = answer ? wire::decodeGetShardIterator(*answer)
                                    : Result<GetShardIteratorResult>(answer.error());
                       if (r) {
                           if (m_iterators.size() > 20'000)
                               m_iterators.clear(); // only metrics attribution is lost
                           m_iterators[r->shardIterator] = {stream, shard};
                       }
                       if (guard)
                           done(std::move(r));
                   });
}

void RemoteBackend::getRecords(GetRecordsRequest request, QObject *context,
                               Continuation<GetRecordsResult> done)
{
    QPointer<QObject> guard(context);
    const auto found = m_iterators.find(request.shardIterator);
    const IteratorInfo where = found == m_iterators.end() ? IteratorInfo{} : found->second;
    const std::string gateKey = where.stream + '/' + where.shardId;
    ReadGate &gate = m_readGates[gateKey];
    gate.gapMs = std::max(gate.gapMs, m_options.readGapMs);
    const std::int64_t now = nowMs();
    if (!where.shardId.empty() && now < gate.nextAllowedMs) {
        // This shard was read less than a gap ago: wait, rather than spend its 5 calls/s.
        ++m_pollStats.readsDelayed;
        QTimer::singleShot(
            int(gate.nextAllowedMs - now), this,
            [this, guard, request = std::move(request), done = std::move(done)]() mutable {
                if (guard)
                    getRecords(std::move(request), guard.data(), std::move(done));
            });
        return;
    }
    gate.nextAllowedMs = now + gate.gapMs;
    const auto started = std::chrono::steady_clock::now();
    m_pollClient->call(
        "GetRecords", wire::encode(request),
        [this, guard, done = std::move(done), where, gateKey, started,
         request](Result<QJsonObject> answer) mutable {
            Result<GetRecordsResult> r = answer ? wire::decodeGetRecords(*answer)
                                                : Result<GetRecordsResult>(answer.error());
            const std::int64_t at = nowMs();
            ReadGate &g = m_readGates[gateKey];
            if (!r && r.error().code == ErrorCode::ProvisionedThroughputExceeded
                && !where.shardId.empty()) {
                // The shard's read budget is in use (by the user's own readers, most likely):
                // read this shard half as often, say so, and try again after the new gap.
                g.gapMs = std::min(8000, g.gapMs * 2);
                g.nextAllowedMs = at + g.gapMs;
                StreamTraffic &t = traffic(where.stream);
                t.shards[where.shardId].metrics.add(Metric::ReadProvisionedThroughputExceeded, 1,
                                                    at);
                t.totals.add(Metric::ReadProvisionedThroughputExceeded, 1, at);
                m_readNoticeUntil = at + 30'000;
                m_readNotice
                    = "Reading " + where.shardId + " of " + where.stream + " once every "
                      + seconds(g.gapMs)
                      + ": the shard answered ProvisionedThroughputExceeded, so its 5 reads/s are "
                        "in use — the "
                        "workbench slows down rather than take them from your applications.";
                publishSnapshot();
                if (g.gapMs < 8000) {
                    if (guard)
                        getRecords(std::move(request), guard.data(), std::move(done));
                    return;
                }
            } else if (r) {
                g.gapMs = std::max(m_options.readGapMs, g.gapMs * 3 / 4);
            }
            if (r && !where.shardId.empty()) {
                m_iterators.erase(request.shardIterator);
                if (r->nextShardIterator)
                    m_iterators[*r->nextShardIterator] = where;
                StreamTraffic &t = traffic(where.stream);
                ShardTraffic &s = t.shards[where.shardId];
                std::int64_t bytes = 0;
                for (const Record &rec : r->records)
                    bytes += std::int64_t(rec.data.size() + rec.partitionKey.size());
                const std::int64_t n = std::int64_t(r->records.size());
                for (MetricsAccumulator *m : {&s.metrics, &t.totals}) {
                    m->add(Metric::OutgoingBytes, bytes, at);
                    m->add(Metric::OutgoingRecords, n, at);
                    m->add(Metric::GetRecordsCalls, 1, at);
                    m->max(Metric::IteratorAgeMilliseconds, r->millisBehindLatest, at);
                }
                t.totals.max(Metric::GetRecordsLatencyMaxMicros, micros(started), at);
            }
            if (guard)
                done(std::move(r));
        });
}

// ---- CloudWatch -----------------------------------------------------------------------------

QString RemoteBackend::cloudWatchSource() const
{
    return m_cloudWatch ? m_cloudWatch->config().endpointUrl : QString();
}

namespace {

/// The AWS/Kinesis metrics the Throughput tab shows, and how CloudWatch aggregates each.
struct CloudWatchQuery
{
    const char *metric;
    const char *stat;
};
constexpr CloudWatchQuery kStreamMetrics[] = {
    {"IncomingRecords", "Sum"},
    {"IncomingBytes", "Sum"},
    {"GetRecords.Records", "Sum"},
    {"GetRecords.Bytes", "Sum"},
    {"WriteProvisionedThroughputExceeded", "Sum"},
    {"ReadProvisionedThroughputExceeded", "Sum"},
    {"GetRecords.IteratorAgeMilliseconds", "Maximum"},
};
/// Shard-level metrics exist only with enhanced monitoring (EnableEnhancedMonitoring).
constexpr CloudWatchQuery kShardMetrics[] = {
    {"IncomingRecords", "Sum"},
    {"OutgoingRecords", "Sum"},
    {"WriteProvisionedThroughputExceeded", "Sum"},
    {"ReadProvisionedThroughputExceeded", "Sum"},
};
constexpr int kMaxShardsQueried = 100; // 7 + 4 × 100 queries: under GetMetricData's 500

QJsonObject metricStat(const std::string &stream, const std::string &shard,
                       const CloudWatchQuery &q)
{
    QJsonArray dimensions{QJsonObject{{QStringLiteral("Name"), QStringLiteral("StreamName")},
                                      {QStringLiteral("Value"), QString::fromStdString(stream)}}};
    if (!shard.empty())
        dimensions.append(QJsonObject{{QStringLiteral("Name"), QStringLiteral("ShardId")},
                                      {QStringLiteral("Value"), QString::fromStdString(shard)}});
    return QJsonObject{{QStringLiteral("Metric"),
                        QJsonObject{{QStringLiteral("Namespace"), QStringLiteral("AWS/Kinesis")},
                                    {QStringLiteral("MetricName"), QLatin1String(q.metric)},
                                    {QStringLiteral("Dimensions"), dimensions}}},
                       {QStringLiteral("Period"), 60},
                       {QStringLiteral("Stat"), QLatin1String(q.stat)}};
}

} // namespace

void RemoteBackend::cloudWatchMetrics(StreamRef stream, int minutes, QObject *context,
                                      Continuation<service::CloudWatchMetrics> done)
{
    if (!m_cloudWatch) {
        StreamBackend::cloudWatchMetrics(std::move(stream), minutes, context, std::move(done));
        return;
    }
    auto out = std::make_shared<service::CloudWatchMetrics>();
    out->streamName = streamNameOf(stream);
    out->source = QStringLiteral("CloudWatch at %1").arg(m_cloudWatch->config().endpointUrl);
    // Whole minutes, the last one complete: CloudWatch's points are stamped at the period start.
    const std::int64_t end = nowMs() / 60'000 * 60'000;
    out->endMs = end;
    out->startMs = end - std::int64_t(std::clamp(minutes, 1, 1440)) * 60'000;
    QJsonArray queries;
    for (const auto &q : kStreamMetrics) {
        queries.append(
            QJsonObject{{QStringLiteral("Id"), QStringLiteral("s%1").arg(out->series.size())},
                        {QStringLiteral("MetricStat"), metricStat(out->streamName, {}, q)},
                        {QStringLiteral("ReturnData"), true}});
        out->series.push_back({q.metric, {}, q.stat, {}, {}});
    }
    const auto known = m_streams.find(out->streamName);
    if (known != m_streams.end()) {
        int shards = 0;
        for (const ShardInfo &s : known->second.info.shards) {
            if (!s.open || ++shards > kMaxShardsQueried)
                continue;
            for (const auto &q : kShardMetrics) {
                queries.append(QJsonObject{
                    {QStringLiteral("Id"), QStringLiteral("s%1").arg(out->series.size())},
                    {QStringLiteral("MetricStat"), metricStat(out->streamName, s.shardId, q)},
                    {QStringLiteral("ReturnData"), true}});
                out->series.push_back({q.metric, s.shardId, q.stat, {}, {}});
            }
        }
    }
    QJsonObject body{{QStringLiteral("MetricDataQueries"), queries},
                     {QStringLiteral("StartTime"), double(out->startMs) / 1000.0},
                     {QStringLiteral("EndTime"), double(out->endMs) / 1000.0},
                     {QStringLiteral("ScanBy"), QStringLiteral("TimestampAscending")}};
    fetchCloudWatch(std::move(body), out, QPointer<QObject>(context), std::move(done), 0);
}

void RemoteBackend::cloudWatchAlarms(StreamRef stream, QObject *context,
                                     Continuation<std::vector<alarms::StoredAlarm>> done)
{
    if (!m_cloudWatch) {
        StreamBackend::cloudWatchAlarms(std::move(stream), context, std::move(done));
        return;
    }
    QJsonObject body{{QStringLiteral("AlarmTypes"), QJsonArray{QStringLiteral("MetricAlarm")}},
                     {QStringLiteral("MaxRecords"), 100}};
    fetchAlarms(std::move(body), stream.name, std::make_shared<std::vector<alarms::StoredAlarm>>(),
                QPointer<QObject>(context), std::move(done), 0);
}

namespace {
/// One of DescribeAlarms' MetricAlarms, if it watches `stream` in AWS/Kinesis.
std::optional<alarms::StoredAlarm> kinesisAlarm(const QJsonObject &a, const std::string &stream)
{
    if (a.value(QStringLiteral("Namespace")).toString() != QStringLiteral("AWS/Kinesis"))
        return std::nullopt;
    alarms::StoredAlarm out;
    alarms::AlarmDefinition &d = out.definition;
    for (const QJsonValue &v : a.value(QStringLiteral("Dimensions")).toArray()) {
        const QJsonObject dim = v.toObject();
        const std::string value = dim.value(QStringLiteral("Value")).toString().toStdString();
        if (dim.value(QStringLiteral("Name")).toString() == QStringLiteral("StreamName"))
            d.streamName = value;
        else if (dim.value(QStringLiteral("Name")).toString() == QStringLiteral("ShardId"))
            d.shardId = value;
    }
    if (d.streamName != stream)
        return std::nullopt;
    auto text
        = [&a](const char *key) { return a.value(QLatin1String(key)).toString().toStdString(); };
    d.name = text("AlarmName");
    d.description = text("AlarmDescription");
    d.metricName = text("MetricName");
    d.statistic = alarms::parseStatistic(text("Statistic")).value_or(alarms::Statistic::Average);
    d.periodSeconds = a.value(QStringLiteral("Period")).toInt(60);
    d.evaluationPeriods = a.value(QStringLiteral("EvaluationPeriods")).toInt(1);
    d.datapointsToAlarm = a.value(QStringLiteral("DatapointsToAlarm")).toInt(d.evaluationPeriods);
    d.threshold = a.value(QStringLiteral("Threshold")).toDouble();
    d.comparison = alarms::parseComparison(text("ComparisonOperator"))
                       .value_or(alarms::Comparison::GreaterThanOrEqualToThreshold);
    d.treatMissingData
        = alarms::parseMissingData(text("TreatMissingData")).value_or(alarms::MissingData::Missing);
    out.status.state
        = alarms::parseState(text("StateValue")).value_or(alarms::State::InsufficientData);
    out.status.reason = text("StateReason");
    const QJsonValue updated = a.value(QStringLiteral("StateUpdatedTimestamp"));
    out.status.updatedMs
        = updated.isDouble()
              ? std::llround(updated.toDouble() * 1000.0)
              : QDateTime::fromString(updated.toString(), Qt::ISODateWithMs).toMSecsSinceEpoch();
    return out;
}
} // namespace

void RemoteBackend::fetchAlarms(QJsonObject body, std::string stream,
                                std::shared_ptr<std::vector<alarms::StoredAlarm>> out,
                                QPointer<QObject> guard,
                                Continuation<std::vector<alarms::StoredAlarm>> done, int page)
{
    m_cloudWatch->call("DescribeAlarms", body,
                       [this, body, stream, out, guard, done = std::move(done),
                        page](Result<QJsonObject> r) mutable {
                           if (!guard)
                               return;
                           if (!r) {
                               done(r.error());
                               return;
                           }
                           for (const QJsonValue &v :
                                r->value(QStringLiteral("MetricAlarms")).toArray())
                               if (auto a = kinesisAlarm(v.toObject(), stream))
                                   out->push_back(std::move(*a));
                           const QString next = r->value(QStringLiteral("NextToken")).toString();
                           if (!next.isEmpty() && page < 20) {
                               body[QStringLiteral("NextToken")] = next;
                               fetchAlarms(std::move(body), std::move(stream), out, guard,
                                           std::move(done), page + 1);
                               return;
                           }
                           done(std::move(*out));
                       });
}

void RemoteBackend::fetchCloudWatch(QJsonObject body,
                                    std::shared_ptr<service::CloudWatchMetrics> out,
                                    QPointer<QObject> guard,
                                    Continuation<service::CloudWatchMetrics> done, int page)
{
    m_cloudWatch->call(
        "GetMetricData", body,
        [this, body, out, guard, done = std::move(done), page](Result<QJsonObject> r) mutable {
            if (!guard)
                return;
            if (!r) {
                done(r.error());
                return;
            }
            for (const QJsonValue &v : r->value(QStringLiteral("MetricDataResults")).toArray()) {
                const QJsonObject result = v.toObject();
                bool ok = false;
                const std::size_t index
                    = std::size_t(result.value(QStringLiteral("Id")).toString().mid(1).toUInt(&ok));
                if (!ok || index >= out->series.size())
                    continue;
                service::CloudWatchSeries &series = out->series[index];
                const QJsonArray times = result.value(QStringLiteral("Timestamps")).toArray();
                const QJsonArray values = result.value(QStringLiteral("Values")).toArray();
                for (qsizetype i = 0; i < std::min(times.size(), values.size()); ++i) {
                    const QJsonValue t = times[i];
                    series.timesMs.push_back(
                        t.isDouble() ? std::llround(t.toDouble() * 1000.0)
                                     : QDateTime::fromString(t.toString(), Qt::ISODateWithMs)
                                           .toMSecsSinceEpoch());
                    series.values.push_back(values[i].toDouble());
                }
            }
            const QString next = r->value(QStringLiteral("NextToken")).toString();
            if (!next.isEmpty() && page < 20) {
                body[QStringLiteral("NextToken")] = next;
                fetchCloudWatch(std::move(body), out, guard, std::move(done), page + 1);
                return;
            }
            // One series may arrive over several pages: keep each in time order.
            for (auto &series : out->series) {
                std::vector<std::size_t> order(series.timesMs.size());
                for (std::size_t i = 0; i < order.size(); ++i)
                    order[i] = i;
                std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
                    return series.timesMs[a] < series.timesMs[b];
                });
                std::vector<std::int64_t> times;
                std::vector<double> values;
                for (std::size_t i : order) {
                    times.push_back(series.timesMs[i]);
                    values.push_back(series.values[i]);
                }
                series.timesMs = std::move(times);
                series.values = std::move(values);
            }
            done(std::move(*out));
        });
}

// ---- metrics --------------------------------------------------------------------------------

RemoteBackend::StreamTraffic &RemoteBackend::traffic(const std::string &stream)
{
    return m_traffic[stream];
}

void RemoteBackend::countWrite(const std::string &stream, const std::string &shardId,
                               const std::string &key, std::int64_t bytes, std::int64_t now)
{
    StreamTraffic &t = traffic(stream);
    ShardTraffic &s = t.shards[shardId];
    s.hotKeys.add(key, 1, now);
    for (MetricsAccumulator *m : {&s.metrics, &t.totals}) {
        m->add(Metric::IncomingBytes, bytes, now);
        m->add(Metric::IncomingRecords, 1, now);
    }
}

void RemoteBackend::countThrottledWrite(const std::string &stream, const std::string &key,
                                        const std::optional<std::string> &explicitHashKey,
                                        std::int64_t now)
{
    StreamTraffic &t = traffic(stream);
    const std::string shard = shardForKey(stream, key, explicitHashKey);
    if (!shard.empty())
        t.shards[shard].metrics.add(Metric::WriteProvisionedThroughputExceeded, 1, now);
    t.totals.add(Metric::WriteProvisionedThroughputExceeded, 1, now);
}

void RemoteBackend::countPutCall(const std::string &stream,
                                 std::chrono::steady_clock::time_point started, std::int64_t now)
{
    StreamTraffic &t = traffic(stream);
    const std::int64_t us = micros(started);
    t.totals.add(Metric::PutRecordsSuccess, 1, now);
    t.totals.add(Metric::PutRecordsLatencySumMicros, us, now);
    t.totals.max(Metric::PutRecordsLatencyMaxMicros, us, now);
}

std::string RemoteBackend::shardForKey(const std::string &stream, const std::string &partitionKey,
                                       const std::optional<std::string> &explicitHashKey)
{
    const auto it = m_streams.find(stream);
    if (it == m_streams.end())
        return {};
    Known &known = it->second;
    const std::optional<HashKey> key = explicitHashKey ? HashKey::fromDecimal(*explicitHashKey)
                                                       : known.router.hash(partitionKey);
    const auto index = key ? known.router.route(*key) : std::nullopt;
    return index ? known.info.shards.at(*index).shardId : std::string();
}

void RemoteBackend::tickMetrics()
{
    const std::int64_t now = nowMs();
    const std::int64_t second = now / 1000;
    if (second == m_lastFrameSecond)
        return;
    m_lastFrameSecond = second;
    std::vector<MinutePoint> discarded; // minute history is the embedded engine's (persisted there)
    auto frame = std::make_shared<service::MetricsFrame>();
    frame->version = ++m_frameVersion;
    frame->second = second - 1;
    for (auto &[name, t] : m_traffic) {
        t.totals.roll(now, discarded);
        for (auto &[id, s] : t.shards) {
            s.metrics.roll(now, discarded);
            s.hotKeys.roll(now);
        }
        discarded.clear();
    }
    for (const auto &[name, known] : m_streams) {
        service::MetricsFrame::Stream out;
        out.name = name;
        const auto t = m_traffic.find(name);
        if (t != m_traffic.end())
            out.totals = t->second.totals.recent(1, now).front().values;
        for (const ShardInfo &s : known.info.shards) {
            service::MetricsFrame::Shard shard{s.shardId, s.open, {}};
            if (t != m_traffic.end()) {
                const auto st = t->second.shards.find(s.shardId);
                if (st != t->second.shards.end())
                    shard.values = st->second.metrics.recent(1, now).front().values;
            }
            out.shards.push_back(std::move(shard));
        }
        frame->streams.push_back(std::move(out));
    }
    m_mailbox.publishMetrics(std::move(frame));
}

void RemoteBackend::recentMetrics(StreamRef stream, int seconds, QObject *context,
                                  Continuation<service::MetricsWindow> done)
{
    const std::size_t n = std::size_t(std::clamp(seconds, 1, 180));
    const std::int64_t now = nowMs();
    service::MetricsWindow w;
    w.streamName = streamNameOf(stream);
    w.nowMs = now;
    const auto known = m_streams.find(w.streamName);
    const auto t = m_traffic.find(w.streamName);
    const MetricsAccumulator empty;
    w.stream = (t != m_traffic.end() ? t->second.totals : empty).recent(n, now);
    if (known != m_streams.end()) {
        for (const ShardInfo &s : known->second.info.shards) {
            service::ShardMetrics m;
            m.shardId = s.shardId;
            m.open = s.open;
            const ShardTraffic *st = nullptr;
            if (t != m_traffic.end()) {
                const auto found = t->second.shards.find(s.shardId);
                if (found != t->second.shards.end())
                    st = &found->second;
            }
            m.samples = (st ? st->metrics : empty).recent(n, now);
            if (st) {
                m.hotKeys = st->hotKeys.current();
                m.hotKeysLastMinute = st->hotKeys.lastMinute();
            }
            w.shards.push_back(std::move(m));
        }
    }
    QPointer<QObject> guard(context);
    QTimer::singleShot(0, this, [guard, done = std::move(done), w = std::move(w)]() mutable {
        if (guard)
            done(std::move(w));
    });
}

// ---- polling --------------------------------------------------------------------------------

void RemoteBackend::pollCall(const char *operation, const QJsonObject &body,
                             std::shared_ptr<PollCycle> cycle,
                             std::function<void(Result<QJsonObject>)> next)
{
    ++m_pollStats.calls;
    m_pollClient->call(operation, body,
                       [this, cycle, next = std::move(next)](Result<QJsonObject> r) {
                           if (!r) {
                               if (r.error().code == ErrorCode::LimitExceeded) {
                                   cycle->limited = true;
                                   ++m_pollStats.limited;
                               } else if (r.error().code != ErrorCode::ResourceNotFound
                                          && r.error().code != ErrorCode::ResourceInUse) {
                                   cycle->error = r.error();
                               }
                           }
                           next(std::move(r));
                       });
}

void RemoteBackend::pollCycle()
{
    if (m_cycleRunning) {
        m_pollAgain = true;
        return;
    }
    m_cycleRunning = true;
    listStreamsPage(std::make_shared<PollCycle>(), std::nullopt, std::nullopt, 0);
}

void RemoteBackend::listStreamsPage(std::shared_ptr<PollCycle> cycle,
                                    std::optional<std::string> after,
                                    std::optional<std::string> token, int page)
{
    ListStreamsRequest request;
    request.limit = 100;
    request.exclusiveStartStreamName = std::move(after);
    request.nextToken = std::move(token);
    pollCall(
        "ListStreams", wire::encode(request), cycle,
        [this, cycle, page](Result<QJsonObject> answer) {
            if (!answer) {
                finishCycle(cycle);
                return;
            }
            auto r = wire::decodeListStreams(*answer);
            if (!r) {
                cycle->error = r.error();
                finishCycle(cycle);
                return;
            }
            cycle->listed.insert(cycle->listed.end(), r->streamNames.begin(), r->streamNames.end());
            for (auto &s : r->summaries)
                cycle->summaries[s.streamName] = s;
            if (r->hasMoreStreams && !r->streamNames.empty() && page < 50) {
                // NextToken where the service gives one; ExclusiveStartStreamName otherwise
                // (kinesalite).
                if (r->nextToken)
                    listStreamsPage(cycle, std::nullopt, r->nextToken, page + 1);
                else
                    listStreamsPage(cycle, r->streamNames.back(), std::nullopt, page + 1);
                return;
            }
            // Reconcile: streams gone from the list are gone; new ones appear as listed.
            std::set<std::string> listed(cycle->listed.begin(), cycle->listed.end());
            for (auto it = m_streams.begin(); it != m_streams.end();)
                it = listed.count(it->first) || (it->second.describedAtMs == 0 && it->second.dirty)
                         ? std::next(it)
                         : m_streams.erase(it);
            for (const std::string &name : cycle->listed) {
                Known &k = m_streams[name];
                k.info.name = name;
                k.info.modeSwitchesLeft
                    = -1; // Kinesis does not say how many of its rolling-24 h allowance are left
                k.info.shardCountUpdatesLeft = -1;
                const auto sum = cycle->summaries.find(name);
                if (sum != cycle->summaries.end()) {
                    k.info.arn = sum->second.streamArn;
                    k.info.status = sum->second.status;
                    k.info.mode = sum->second.mode;
                    k.info.createdMs = sum->second.creationMs;
                }
            }
            // Which streams to describe this cycle: the workbench's changes and unsettled streams
            // first, then the least recently described.
            // A settled stream (ACTIVE, not changed by the workbench) is described again only after
            // settledRefreshMs: someone else's reshard shows within that, and a big account does
            // not spend its DescribeStreamSummary allowance on streams that do not change.
            std::vector<std::pair<std::tuple<int, qint64>, std::string>> order;
            const std::int64_t now = nowMs();
            for (const auto &[name, k] : m_streams) {
                const int urgency
                    = k.dirty                                                           ? 0
                      : (k.info.status != StreamStatus::Active || now < k.watchUntilMs) ? 1
                                                                                        : 2;
                if (urgency == 2 && k.describedAtMs > 0
                    && now - k.describedAtMs < m_options.settledRefreshMs)
                    continue;
                order.push_back({{urgency, k.describedAtMs}, name});
            }
            std::sort(order.begin(), order.end());
            for (std::size_t i = 0; i < order.size() && int(i) < m_options.refreshesPerCycle; ++i)
                cycle->toRefresh.push_back(order[i].second);
            refreshNext(cycle);
        });
}

void RemoteBackend::refreshNext(std::shared_ptr<PollCycle> cycle)
{
    if (cycle->limited || cycle->error || cycle->next >= cycle->toRefresh.size()) {
        finishCycle(cycle);
        return;
    }
    refreshStream(cycle, cycle->toRefresh[cycle->next++]);
}

void RemoteBackend::refreshStream(std::shared_ptr<PollCycle> cycle, std::string name)
{
    if (const auto known = m_streams.find(name); known != m_streams.end())
        cycle->changesAtStart[name] = known->second.changes;
    pollCall("DescribeStreamSummary", wire::encode(StreamRef{name, {}}), cycle,
             [this, cycle, name](Result<QJsonObject> answer) {
                 if (!answer) {
                     if (answer.error().code == ErrorCode::ResourceNotFound)
                         m_streams.erase(name);
                     refreshNext(cycle);
                     return;
                 }
                 auto d = wire::decodeStreamDescriptionSummary(*answer);
                 const auto it = m_streams.find(name);
                 if (!d || it == m_streams.end()) {
                     if (!d)
                         cycle->error = d.error();
                     refreshNext(cycle);
                     return;
                 }
                 StreamInfo &info = it->second.info;
                 info.arn = d->streamArn;
                 info.status = d->status;
                 info.mode = d->mode;
                 info.retentionHours = d->retentionPeriodHours;
                 info.createdMs = d->creationMs;
                 info.openShardCount = d->openShardCount;
                 info.shardLevelMetrics = d->enhancedMonitoring.empty()
                                              ? std::vector<std::string>{}
                                              : d->enhancedMonitoring.front().shardLevelMetrics;
                 info.maxRecordSizeKiB = d->maxRecordSizeKiB;
                 info.warmThroughput = d->warmThroughput;
                 info.autoDistribution
                     = d->recordDistributionStrategy == RecordDistributionStrategy::Auto;
                 info.encryptionType = d->encryptionType;
                 info.keyId = d->keyId.value_or(std::string());
                 if (m_account.empty())
                     if (const auto arn = parseKinesisArn(d->streamArn)) {
                         m_account = arn->account;
                         m_region = arn->region;
                     }
                 if (d->status == StreamStatus::Creating) {
                     info.shards.clear(); // ListShards refuses a stream that is still CREATING
                     it->second.router.setOpenShards({});
                     it->second.describedAtMs = nowMs();
                     refreshNext(cycle);
                     return;
                 }
                 listShardsPage(cycle, name, std::nullopt, {});
             });
}

void RemoteBackend::listShardsPage(std::shared_ptr<PollCycle> cycle, std::string name,
                                   std::optional<std::string> token,
                                   std::vector<ShardDescription> shards)
{
    ListShardsRequest request;
    request.stream.name = name;
    request.nextToken = token;
    request.maxResults = 1000;
    pollCall("ListShards", wire::encode(request), cycle,
             [this, cycle, name, shards = std::move(shards)](Result<QJsonObject> answer) mutable {
                 auto r = answer ? wire::decodeListShards(*answer)
                                 : Result<ListShardsResult>(answer.error());
                 if (!r) {
                     if (!answer && answer.error().code == ErrorCode::ResourceNotFound)
                         m_streams.erase(name);
                     else if (answer)
                         cycle->error = r.error();
                     refreshNext(cycle);
                     return;
                 }
                 shards.insert(shards.end(), std::make_move_iterator(r->shards.begin()),
                               std::make_move_iterator(r->shards.end()));
                 if (r->nextToken && !r->shards.empty()) {
                     listShardsPage(cycle, name, r->nextToken, std::move(shards));
                     return;
                 }
                 const auto it = m_streams.find(name);
                 if (it == m_streams.end()) {
                     refreshNext(cycle);
                     return;
                 }
                 std::vector<ShardInfo> infos;
                 infos.reserve(shards.size());
                 for (const ShardDescription &d : shards) {
                     ShardInfo s;
                     s.shardId = d.shardId;
                     s.parentShardId = d.parentShardId;
                     s.adjacentParentShardId = d.adjacentParentShardId;
                     s.startingHashKey = d.startingHashKey;
                     s.endingHashKey = d.endingHashKey;
                     s.open = !d.endingSequenceNumber;
                     infos.push_back(std::move(s));
                 }
                 std::vector<PartitionKeyRouter::OpenShard> open;
                 for (std::size_t i = 0; i < infos.size(); ++i)
                     if (infos[i].open)
                         open.push_back(
                             {HashKeyRange{infos[i].startingHashKey, infos[i].endingHashKey},
                              std::uint32_t(i)});
                 it->second.router.setOpenShards(std::move(open));
                 it->second.info.shards = std::move(infos);
                 if (it->second.tagsDirty)
                     listTagsPage(cycle, name, std::nullopt, {});
                 else
                     described(cycle, it->second);
             });
}

void RemoteBackend::listTagsPage(std::shared_ptr<PollCycle> cycle, std::string name,
                                 std::optional<std::string> after,
                                 std::map<std::string, std::string> tags)
{
    ListTagsRequest request;
    request.stream.name = name;
    request.limit = 10; // the oldest servers (and kinesalite) allow at most 10 per page
    request.exclusiveStartTagKey = after;
    pollCall("ListTagsForStream", wire::encode(request), cycle,
             [this, cycle, name, tags = std::move(tags)](Result<QJsonObject> answer) mutable {
                 const auto known = m_streams.find(name);
                 if (known == m_streams.end()) {
                     refreshNext(cycle);
                     return;
                 }
                 if (answer) {
                     if (auto page = wire::decodeListTags(*answer)) {
                         for (auto &[k, v] : page->tags)
                             tags[k] = v;
                         if (page->hasMoreTags && !page->tags.empty() && tags.size() < 60) {
                             listTagsPage(cycle, name, page->tags.back().first, std::move(tags));
                             return;
                         }
                         known->second.info.tags = std::move(tags);
                         known->second.tagsDirty = false;
                     }
                 }
                 described(cycle, known->second);
             });
}

void RemoteBackend::described(std::shared_ptr<PollCycle> cycle, Known &stream)
{
    // Settled only if the workbench changed nothing since this refresh began.
    stream.dirty = stream.changes != cycle->changesAtStart[stream.info.name];
    stream.describedAtMs = nowMs();
    refreshNext(std::move(cycle));
}

void RemoteBackend::finishCycle(std::shared_ptr<PollCycle> cycle)
{
    ++m_pollStats.cycles;
    const int base = m_options.pollIntervalMs;
    int &interval = m_pollStats.intervalMs;
    const std::string endpoint = config().endpointUrl.toStdString();
    if (cycle->limited) {
        interval = std::min(m_options.maxPollIntervalMs, interval * 2);
        m_cleanCycles = 0;
        m_notice = "Kinesis answered LimitExceededException to the workbench's polling: the stream "
                   "list now refreshes "
                   "every "
                   + seconds(interval)
                   + ", so that your applications keep their share of the account's API limits.";
    } else if (cycle->error) {
        interval = std::min(m_options.maxPollIntervalMs, interval * 2);
        m_cleanCycles = 0;
        m_notice = "Cannot refresh from " + endpoint + ": " + cycle->error->message
                   + " Trying again every " + seconds(interval) + "; what you see may be stale.";
    } else if (interval > base && ++m_cleanCycles >= 5) {
        interval = std::max(base, interval / 2);
        m_cleanCycles = 0;
        if (interval == base)
            m_notice.clear();
    } else if (interval == base) {
        m_notice.clear();
    }
    publishSnapshot();
    m_cycleRunning = false;
    Q_EMIT polled();
    bool unsettled = false;
    const std::int64_t now = nowMs();
    for (const auto &[name, k] : m_streams)
        unsettled
            = unsettled || k.dirty || k.info.status != StreamStatus::Active || now < k.watchUntilMs;
    int delay = interval;
    if (interval == base && (unsettled || m_pollAgain))
        delay = m_pollAgain ? 0 : std::max(250, base / 4); // watch CREATING/UPDATING settle
    m_pollAgain = false;
    if (m_pollTimer)
        m_pollTimer->start(delay);
}

void RemoteBackend::publishSnapshot()
{
    auto snap = std::make_shared<EngineSnapshot>();
    snap->version = ++m_snapshotVersion;
    snap->engineTimeMs = nowMs();
    snap->accountId = m_account;
    snap->region = m_region;
    snap->limitsProfile = "service";
    snap->limitsDescription
        = "Set by " + config().endpointUrl.toStdString()
          + " (AWS: per shard 1 MiB/s or 1,000 records/s written, 2 MiB/s and 5 calls/s read).";
    snap->backendNotice = m_notice;
    const qint64 skew = m_client->stats().clockSkewMs ? m_client->stats().clockSkewMs
                                                      : m_pollClient->stats().clockSkewMs;
    if (std::abs(skew) > 60'000)
        snap->backendNotice += std::string(snap->backendNotice.empty() ? "" : " ")
                               + "This computer's clock is "
                               + std::to_string((std::abs(skew) + 30'000) / 60'000) + " minutes "
                               + (skew > 0 ? "behind" : "ahead of")
                               + " the service's: the workbench signs with the service's time, but "
                                 "other AWS tools here "
                                 "will fail. Set the clock right (NTP).";
    if (snap->engineTimeMs < m_readNoticeUntil)
        snap->backendNotice += (snap->backendNotice.empty() ? "" : " ") + m_readNotice;
    snap->streams.reserve(m_streams.size());
    for (const auto &[name, k] : m_streams)
        snap->streams.push_back(k.info);
    m_mailbox.publish(std::move(snap));
}

// ---- SubscribeToShard ------------------------------------------------------------------------

namespace {
/// One subscription over the wire: the reply, its event-stream decoder, and the events held
/// while the reader is not writable.
class RemoteSubscription final : public service::ShardSubscription
{
  public:
    QPointer<QNetworkReply> reply;
    eventstream::Decoder decoder;
    std::deque<SubscribeToShardEvent> held;
    service::ShardSubscriber subscriber;
    QPointer<QObject> context;
    bool writable = true;
    bool started = false;
    bool over = false; ///< ended, refused or cancelled: no more callbacks

    ~RemoteSubscription() override { cancel(); }
    void setWritable(bool w) override
    {
        writable = w;
        while (writable && !held.empty() && !over && context) {
            auto e = std::move(held.front());
            held.pop_front();
            subscriber.event(std::move(e));
        }
    }
    void cancel() override
    {
        over = true;
        if (reply)
            reply->abort();
    }
    void deliver(SubscribeToShardEvent e)
    {
        if (over || !context)
            return;
        if (!writable)
            return held.push_back(std::move(e));
        subscriber.event(std::move(e));
    }
    void end(std::optional<Error> error)
    {
        if (over || !context)
            return;
        over = true;
        if (!started)
            return subscriber.started(error ? *error
                                            : makeError(ErrorCode::InternalFailure,
                                                        "The endpoint ended SubscribeToShard "
                                                        "before its initial response."));
        subscriber.ended(error);
    }
};
} // namespace

std::shared_ptr<service::ShardSubscription>
RemoteBackend::subscribeToShard(SubscribeToShardRequest request, QObject *context,
                                service::ShardSubscriber subscriber)
{
    auto sub = std::make_shared<RemoteSubscription>();
    sub->subscriber = std::move(subscriber);
    sub->context = context;
    std::weak_ptr<RemoteSubscription> weak = sub;
    KinesisClient::StreamHandlers handlers;
    handlers.data = [weak](const QByteArray &bytes) {
        auto s = weak.lock();
        if (!s || s->over)
            return;
        s->decoder.feed(bytes);
        while (auto m = s->decoder.next()) {
            const std::string kind = m->header(":message-type");
            if (kind == "exception" || kind == "error") {
                const QJsonObject o = QJsonDocument::fromJson(m->payload).object();
                std::string type = m->header(":exception-type");
                if (type.empty())
                    type = m->header(":error-code");
                Error e = makeError(ErrorCode::InternalFailure,
                                    o.value(QStringLiteral("message")).toString().toStdString());
                e.code = KinesisClient::errorCode(QByteArray::fromStdString(type));
                e.type = type;
                s->end(e);
                if (s->reply)
                    s->reply->abort();
                return;
            }
            const std::string event = m->header(":event-type");
            if (event == "initial-response") {
                if (!s->started && s->context) {
                    s->started = true;
                    s->subscriber.started(ok());
                }
                continue;
            }
            if (event != "SubscribeToShardEvent")
                continue; // an event this reader does not know: skipped, as the SDKs do
            shapejson::Reading reading;
            auto e = shapejson::decode<SubscribeToShardEvent>(
                QJsonDocument::fromJson(m->payload).object(), reading);
            if (!reading.serialization.empty()) {
                s->end(makeError(ErrorCode::InternalFailure,
                                 "The endpoint's SubscribeToShardEvent is not what Kinesis "
                                 "sends: "
                                     + reading.serialization));
                if (s->reply)
                    s->reply->abort();
                return;
            }
            s->deliver(std::move(e));
        }
        if (s->decoder.failed()) {
            s->end(makeError(ErrorCode::InternalFailure,
                             "The endpoint's event stream is malformed: " + s->decoder.error()));
            if (s->reply)
                s->reply->abort();
        }
    };
    handlers.finished = [weak](std::optional<Error> error, bool) {
        if (auto s = weak.lock())
            s->end(error);
    };
    sub->reply
        = m_client->stream("SubscribeToShard", shapejson::encode(request), std::move(handlers));
    return sub;
}

} // namespace shs::net
