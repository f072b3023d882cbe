// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
// RemoteBackend end to end against real Kinesis-compatible servers: every target named in
// SHS_REMOTE_TARGETS ("name=url;name=url", set by remote_e2e.sh: `shardscope-cli serve`,
// kinesalite and kinesis-local from npm), or an in-process Shardscope endpoint when run alone.
// Connect, list, create, put, read back across all shards, split, merge, update shard count
// (where the server has it), tags, retention, delete — all seen through the polled snapshot the
// window draws from — and the client-side metrics. Then the failures: nobody listening, a server
// that never answers, throttled writes and reads, polling that meets LimitExceeded.
#include "fake_cloudwatch.h"
#include "local_kinesis.h"

#include "endpoint/endpoint_server.h"
#include "remote/remote_backend.h"

#include "engine/clock.h"
#include "service/engine_host.h"
#include "store/memory_storage.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QtTest>

#include <set>

using namespace shs;
using namespace shs::core;

class TestRemoteBackend : public QObject
{
    Q_OBJECT
  private Q_SLOTS:
    void initTestCase();
    void lifecycle_data();
    void lifecycle();
    void unreachableAndSilentServers();
    void throttlingIsReportedAndRespected();
    void cloudWatchMinuteMetrics();
    void cloudWatchAlarmsOfTheStreamReadOnly();
    void kmsKeysThroughTheServicesKms();
    void httpsWithTheCaBundle();
    void clockSkewIsCorrectedAndReported();
    void settledStreamsArePolledSparingly();

  private:
    using Local = test::LocalKinesis;
    static std::unique_ptr<Local> startLocal(const std::string &limits);
    std::unique_ptr<Local> m_local; // when no targets are given
    std::vector<std::pair<QString, QString>> m_targets;
};

namespace {

net::AwsConfig configFor(const QString &url)
{
    net::AwsConfig c;
    c.accessKeyId = QStringLiteral("AKIDREMOTETEST");
    c.secretAccessKey = QStringLiteral("secret");
    c.region = QStringLiteral("us-east-1");
    c.endpointUrl = url;
    return c;
}

template <typename T, typename Start> Result<T> await(Start start)
{
    std::optional<Result<T>> out;
    QObject context;
    start(&context, [&](Result<T> r) { out.emplace(std::move(r)); });
    if (!QTest::qWaitFor([&] { return out.has_value(); }, 30'000))
        return makeError(ErrorCode::InternalFailure, "no answer in 30 s");
    return std::move(*out);
}

/// An emulator may list a reshard's children a moment before it reports ACTIVE (AWS answers
/// ResourceInUseException then too): asks again for a few seconds, as a person would.
template <typename T, typename Start> Result<T> awaitWhileInUse(Start start)
{
    Result<T> r = await<T>(start);
    for (int i = 0; i < 25 && !r && r.error().code == ErrorCode::ResourceInUse; ++i) {
        QTest::qWait(200);
        r = await<T>(start);
    }
    return r;
}

const StreamInfo *find(const service::SnapshotMailbox &mailbox, const std::string &name)
{
    static SnapshotPtr keep; // the returned pointer stays valid until the next call
    keep = mailbox.latest();
    if (!keep)
        return nullptr;
    for (const auto &s : keep->streams)
        if (s.name == name)
            return &s;
    return nullptr;
}

int openShards(const StreamInfo *s)
{
    return s ? int(std::count_if(s->shards.begin(), s->shards.end(),
                                 [](const ShardInfo &i) { return i.open; }))
             : -1;
}

} // namespace

std::unique_ptr<TestRemoteBackend::Local> TestRemoteBackend::startLocal(const std::string &limits)
{
    auto local = std::make_unique<Local>();
    return local->start(limits) ? std::move(local) : nullptr;
}

void TestRemoteBackend::initTestCase()
{
    for (const QString &entry :
         qEnvironmentVariable("SHS_REMOTE_TARGETS").split(QLatin1Char(';'), Qt::SkipEmptyParts)) {
        const auto eq = entry.indexOf(QLatin1Char('='));
        QVERIFY2(eq > 0, "SHS_REMOTE_TARGETS takes name=url;name=url");
        m_targets.emplace_back(entry.left(eq), entry.mid(eq + 1));
    }
    if (m_targets.empty()) {
        m_local = startLocal("off");
        QVERIFY(m_local);
        m_targets.emplace_back(QStringLiteral("in-process"), m_local->server->url());
    }
}

void TestRemoteBackend::lifecycle_data()
{
    QTest::addColumn<QString>("url");
    for (const auto &[name, url] : m_targets)
        QTest::newRow(qPrintable(name)) << url;
}

void TestRemoteBackend::lifecycle()
{
    QFETCH(QString, url);
    net::RemoteBackend::Options options;
    options.pollIntervalMs = 200;
    options.readGapMs = 100;                      // emulators do not throttle; keep the test quick
    auto clock = std::make_shared<ScaledClock>(); // real time, and skipped ahead below
    options.clock = clock;
    net::RemoteBackend backend(configFor(url), options);
    QSignalSpy polled(&backend, &net::RemoteBackend::polled);
    backend.startPolling();
    QVERIFY(polled.wait(10'000));
    QVERIFY2(backend.mailbox().latest()->backendNotice.empty(),
             backend.mailbox().latest()->backendNotice.c_str());
    QVERIFY(backend.embedded() == nullptr); // no engine speed or limits profile to offer

    const std::string name
        = "remote-" + std::to_string(QRandomGenerator::global()->bounded(1'000'000));
    CreateStreamRequest create;
    create.streamName = name;
    create.shardCount = 2;
    auto created = await<void>(
        [&](QObject *c, auto done) { backend.submit(ops::CreateStream, create, c, done); });
    QVERIFY2(created, created ? "" : created.error().toString().c_str());
    // The window sees it appear, then ACTIVE with two open shards tiling the key space.
    QTRY_VERIFY_WITH_TIMEOUT(find(backend.mailbox(), name)
                                 && find(backend.mailbox(), name)->status == StreamStatus::Active
                                 && openShards(find(backend.mailbox(), name)) == 2,
                             20'000);
    {
        const StreamInfo *s = find(backend.mailbox(), name);
        QCOMPARE(s->shards.front().startingHashKey, HashKey::zero());
        QCOMPARE(s->shards.back().endingHashKey, HashKey::max());
        QVERIFY(!s->arn.empty());
    }

    // Put 300 records (PutRecords and PutRecord), read every one back across all shards.
    std::multiset<std::pair<std::string, std::string>> sent;
    PutRecordsRequest batch;
    batch.stream.name = name;
    for (int i = 0; i < 300; ++i) {
        batch.records.push_back(
            {"payload-" + std::to_string(i), "key-" + std::to_string(i), std::nullopt});
        sent.insert({"key-" + std::to_string(i), "payload-" + std::to_string(i)});
    }
    auto put = await<PutRecordsResult>(
        [&](QObject *c, auto done) { backend.submit(ops::PutRecords, batch, c, done); });
    QVERIFY2(put, put ? "" : put.error().toString().c_str());
    QCOMPARE(put->failedRecordCount, 0);
    QCOMPARE(int(put->records.size()), 300);
    PutRecordRequest one;
    one.stream.name = name;
    one.partitionKey = "single";
    one.data = std::string("\0\x01binary\xff", 9);
    sent.insert({one.partitionKey, one.data});
    auto single = await<PutRecordResult>(
        [&](QObject *c, auto done) { backend.submit(ops::PutRecord, one, c, done); });
    QVERIFY2(single, single ? "" : single.error().toString().c_str());

    std::multiset<std::pair<std::string, std::string>> received;
    for (const ShardInfo &shard : find(backend.mailbox(), name)->shards) {
        GetShardIteratorRequest it;
        it.stream.name = name;
        it.shardId = shard.shardId;
        it.type = ShardIteratorType::TrimHorizon;
        auto iterator = await<GetShardIteratorResult>(
            [&](QObject *c, auto done) { backend.submit(ops::GetShardIterator, it, c, done); });
        QVERIFY2(iterator, iterator ? "" : iterator.error().toString().c_str());
        std::string next = iterator->shardIterator;
        for (int call = 0; call < 20 && !next.empty(); ++call) {
            GetRecordsRequest get;
            get.shardIterator = next;
            auto page = await<GetRecordsResult>(
                [&](QObject *c, auto done) { backend.submit(ops::GetRecords, get, c, done); });
            QVERIFY2(page, page ? "" : page.error().toString().c_str());
            for (const Record &r : page->records)
                received.insert({r.partitionKey, r.data});
            next = page->nextShardIterator.value_or(std::string());
            if (page->records.empty() && page->millisBehindLatest == 0)
                break;
        }
    }
    QCOMPARE(received.size(), sent.size());
    QVERIFY(received == sent);

    // What the workbench sent and read is in its per-second metrics, per shard and in total.
    clock->advance(1100); // the last second closes
    auto metrics = await<service::MetricsWindow>([&](QObject *c, auto done) {
        backend.recentMetrics(StreamRef{name, {}}, 120, c, done);
    });
    std::int64_t in = 0, out = 0, inByShards = 0;
    for (const auto &s : metrics->stream) {
        in += s.values[std::size_t(Metric::IncomingRecords)];
        out += s.values[std::size_t(Metric::OutgoingRecords)];
    }
    for (const auto &shard : metrics->shards)
        for (const auto &s : shard.samples)
            inByShards += s.values[std::size_t(Metric::IncomingRecords)];
    QCOMPARE(in, 301);
    QCOMPARE(inByShards, 301);
    QCOMPARE(out, 301);

    // Split the first shard in the middle of its range: three open shards, the parent closed,
    // both children naming it.
    const ShardInfo first = find(backend.mailbox(), name)->shards.front();
    SplitShardRequest split;
    split.stream.name = name;
    split.shardToSplit = first.shardId;
    split.newStartingHashKey = HashKey::fromUnitFraction(0.25).toDecimal();
    auto splitDone = await<void>(
        [&](QObject *c, auto done) { backend.submit(ops::SplitShard, split, c, done); });
    QVERIFY2(splitDone, splitDone ? "" : splitDone.error().toString().c_str());
    QTRY_VERIFY_WITH_TIMEOUT(find(backend.mailbox(), name)->status == StreamStatus::Active
                                 && openShards(find(backend.mailbox(), name)) == 3,
                             20'000);
    std::vector<ShardInfo> children;
    for (const ShardInfo &s : find(backend.mailbox(), name)->shards) {
        if (s.shardId == first.shardId)
            QVERIFY(!s.open);
        if (s.parentShardId == first.shardId)
            children.push_back(s);
    }
    QCOMPARE(int(children.size()), 2);

    // Merge the two children back: one open shard with both as parents.
    MergeShardsRequest merge;
    merge.stream.name = name;
    merge.shardToMerge = children[0].shardId;
    merge.adjacentShardToMerge = children[1].shardId;
    auto merged = awaitWhileInUse<void>(
        [&](QObject *c, auto done) { backend.submit(ops::MergeShards, merge, c, done); });
    QVERIFY2(merged, merged ? "" : merged.error().toString().c_str());
    QTRY_VERIFY_WITH_TIMEOUT(find(backend.mailbox(), name)->status == StreamStatus::Active
                                 && openShards(find(backend.mailbox(), name)) == 2,
                             20'000);
    bool lineage = false;
    for (const ShardInfo &s : find(backend.mailbox(), name)->shards)
        lineage = lineage || (s.open && s.parentShardId && s.adjacentParentShardId);
    QVERIFY(lineage);

    // UpdateShardCount where the server has it (kinesalite does not: UnknownOperationException).
    UpdateShardCountRequest scale;
    scale.stream.name = name;
    scale.targetShardCount = 4;
    auto scaled = awaitWhileInUse<UpdateShardCountResult>(
        [&](QObject *c, auto done) { backend.submit(ops::UpdateShardCount, scale, c, done); });
    if (scaled) {
        QTRY_VERIFY_WITH_TIMEOUT(find(backend.mailbox(), name)->status == StreamStatus::Active
                                     && openShards(find(backend.mailbox(), name)) == 4,
                                 20'000);
    } else {
        QCOMPARE(scaled.error().name(), std::string_view("UnknownOperationException"));
        qInfo("%s has no UpdateShardCount: %s", QTest::currentDataTag(),
              scaled.error().message.c_str());
    }

    // Tags and retention, seen through the snapshot.
    AddTagsRequest tags;
    tags.stream.name = name;
    tags.tags = {{"team", "streaming"}};
    auto tagged = awaitWhileInUse<void>(
        [&](QObject *c, auto done) { backend.submit(ops::AddTagsToStream, tags, c, done); });
    QVERIFY2(tagged, tagged ? "" : tagged.error().toString().c_str());
    QTRY_VERIFY_WITH_TIMEOUT(find(backend.mailbox(), name)->tags.count("team"), 20'000);
    RetentionRequest retention{StreamRef{name, {}}, 48};
    auto kept = awaitWhileInUse<void>([&](QObject *c, auto done) {
        backend.submit(ops::IncreaseStreamRetentionPeriod, retention, c, done);
    });
    QVERIFY2(kept, kept ? "" : kept.error().toString().c_str());
    QTRY_COMPARE_WITH_TIMEOUT(find(backend.mailbox(), name)->retentionHours, 48, 20'000);

    DeleteStreamRequest del;
    del.stream.name = name;
    auto deleted = await<void>(
        [&](QObject *c, auto done) { backend.submit(ops::DeleteStream, del, c, done); });
    QVERIFY2(deleted, deleted ? "" : deleted.error().toString().c_str());
    QTRY_VERIFY_WITH_TIMEOUT(find(backend.mailbox(), name) == nullptr, 20'000);
    // Polling stayed polite: one ListStreams per cycle plus at most refreshesPerCycle streams.
    QVERIFY(backend.pollStats().cycles > 0);
    QVERIFY(backend.pollStats().calls
            <= backend.pollStats().cycles * (1 + 3 * options.refreshesPerCycle) + 20);
}

void TestRemoteBackend::unreachableAndSilentServers()
{
    // Nobody listening: the error says where and what to check; the snapshot says it is stale.
    QTcpServer closed;
    QVERIFY(closed.listen(QHostAddress::LocalHost, 0));
    const QString dead = QStringLiteral("http://127.0.0.1:%1").arg(closed.serverPort());
    closed.close();
    net::RemoteBackend::Options options;
    options.pollIntervalMs = 100;
    options.maxPollIntervalMs = 400;
    net::RemoteBackend nowhere(configFor(dead), options);
    QSignalSpy polled(&nowhere, &net::RemoteBackend::polled);
    nowhere.startPolling();
    QVERIFY(polled.wait(10'000));
    const std::string notice = nowhere.mailbox().latest()->backendNotice;
    QVERIFY2(notice.find("Cannot refresh from " + dead.toStdString()) != std::string::npos,
             notice.c_str());
    QVERIFY2(notice.find("Trying again every") != std::string::npos, notice.c_str());
    QTRY_VERIFY_WITH_TIMEOUT(nowhere.pollStats().intervalMs == 400, 10'000); // backed off, capped
    auto refused = await<void>([&](QObject *c, auto done) {
        nowhere.submit(ops::CreateStream, CreateStreamRequest{"x", 1, std::nullopt, {}}, c, done);
    });
    QVERIFY(!refused);
    QCOMPARE(refused.error().name(), std::string_view("EndpointConnectionError"));

    // A server that accepts and never answers: the per-attempt timeout, named.
    QTcpServer silent;
    QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
    net::RemoteBackend::Options quick;
    quick.client.timeoutMs = 300;
    quick.client.maxAttempts = 2;
    net::RemoteBackend slow(
        configFor(QStringLiteral("http://127.0.0.1:%1").arg(silent.serverPort())), quick);
    QElapsedTimer took;
    took.start();
    auto timedOut = await<ListStreamsResult>(
        [&](QObject *c, auto done) { slow.submit(ops::ListStreams, {}, c, done); });
    QVERIFY(!timedOut);
    QVERIFY2(timedOut.error().message.find("no answer within 300 ms") != std::string::npos,
             timedOut.error().message.c_str());
    QVERIFY(took.elapsed() < 5000); // two attempts of 300 ms and a backoff, not a hang
}

void TestRemoteBackend::throttlingIsReportedAndRespected()
{
    // The local endpoint with the `aws` limits: the same throttling a real shard applies.
    auto local = startLocal("aws");
    QVERIFY(local);
    net::RemoteBackend::Options options;
    options.pollIntervalMs = 200;
    options.readGapMs = 250; // four reads a second per shard: inside the shard's five
    options.client.maxAttempts = 1;
    auto clock = std::make_shared<ScaledClock>(); // real time, and skipped ahead below
    options.clock = clock;
    net::RemoteBackend backend(configFor(local->server->url()), options);
    QSignalSpy polled(&backend, &net::RemoteBackend::polled);
    backend.startPolling();
    auto created = await<void>([&](QObject *c, auto done) {
        backend.submit(ops::CreateStream, CreateStreamRequest{"hot", 2, std::nullopt, {}}, c, done);
    });
    QVERIFY(created);
    QTRY_VERIFY_WITH_TIMEOUT(find(backend.mailbox(), "hot")
                                 && find(backend.mailbox(), "hot")->status == StreamStatus::Active
                                 && openShards(find(backend.mailbox(), "hot")) == 2,
                             20'000);

    // 1,500 records on one key in one second: over the shard's 1,000 records/s. The failed entries
    // are counted against the shard that owns the key (MD5, as Kinesis routes).
    PutRecordsRequest batch;
    batch.stream.name = "hot";
    for (int i = 0; i < 500; ++i)
        batch.records.push_back({"x", "one-hot-key", std::nullopt});
    int failed = 0;
    std::string shardOfKey;
    for (int round = 0; round < 3; ++round) {
        auto put = await<PutRecordsResult>(
            [&](QObject *c, auto done) { backend.submit(ops::PutRecords, batch, c, done); });
        QVERIFY(put);
        failed += put->failedRecordCount;
        for (const auto &r : put->records)
            if (!r.shardId.empty())
                shardOfKey = r.shardId;
    }
    QVERIFY(failed > 0);
    QVERIFY(!shardOfKey.empty());
    clock->advance(1100); // the last second closes
    auto metrics = await<service::MetricsWindow>([&](QObject *c, auto done) {
        backend.recentMetrics(StreamRef{"hot", {}}, 10, c, done);
    });
    QVERIFY(metrics);
    for (const auto &shard : metrics->shards) {
        std::int64_t throttled = 0;
        for (const auto &s : shard.samples)
            throttled += s.values[std::size_t(Metric::WriteProvisionedThroughputExceeded)];
        QCOMPARE(throttled, shard.shardId == shardOfKey ? std::int64_t(failed) : 0);
        if (shard.shardId == shardOfKey) {
            // The minute in progress, or the last one if a minute boundary just passed.
            const auto &hot = shard.hotKeys.empty() ? shard.hotKeysLastMinute : shard.hotKeys;
            QVERIFY(!hot.empty());
            QCOMPARE(hot.front().partitionKey, std::string("one-hot-key"));
        }
    }

    // Ten reads of one shard asked for at once: spaced by the gate, so the shard never throttles.
    GetShardIteratorRequest it;
    it.stream.name = "hot";
    it.shardId = shardOfKey;
    it.type = ShardIteratorType::Latest;
    auto iterator = await<GetShardIteratorResult>(
        [&](QObject *c, auto done) { backend.submit(ops::GetShardIterator, it, c, done); });
    QVERIFY(iterator);
    std::string next = iterator->shardIterator;
    int throttledReads = 0;
    for (int i = 0; i < 10; ++i) {
        auto page = await<GetRecordsResult>([&](QObject *c, auto done) {
            backend.submit(ops::GetRecords, GetRecordsRequest{next, std::nullopt, std::nullopt}, c,
                           done);
        });
        if (!page) {
            throttledReads += page.error().code == ErrorCode::ProvisionedThroughputExceeded;
            continue;
        }
        next = *page->nextShardIterator;
    }
    QCOMPARE(throttledReads, 0);
    QVERIFY(backend.pollStats().readsDelayed >= 8);

    // Polling faster than the account's ListStreams allowance (5/s): the service says
    // LimitExceeded, the workbench backs off and says so.
    net::RemoteBackend::Options eager;
    eager.pollIntervalMs = 20;
    eager.maxPollIntervalMs = 640;
    net::RemoteBackend pushy(configFor(local->server->url()), eager);
    pushy.startPolling();
    QTRY_VERIFY_WITH_TIMEOUT(pushy.pollStats().limited > 0, 10'000);
    QTRY_VERIFY_WITH_TIMEOUT(pushy.pollStats().intervalMs >= 160, 10'000);
    const std::string notice = pushy.mailbox().latest()->backendNotice;
    QVERIFY2(notice.find("LimitExceededException") != std::string::npos, notice.c_str());
    QVERIFY2(notice.find("keep their share") != std::string::npos, notice.c_str());
}

void TestRemoteBackend::kmsKeysThroughTheServicesKms()
{
    // The Encryption dialog's calls on a remote connection: the KMS beside the endpoint
    // (Shardscope's own here), signed for "kms"; and a stream encrypted under its key.
    auto local = startLocal("off");
    QVERIFY(local);
    net::AwsConfig config = configFor(local->server->url());
    config.kmsEndpointUrl = config.endpointUrl;
    net::RemoteBackend backend(config);
    QVERIFY(backend.hasKms());
    auto made = await<kms::KeyMetadataResult>([&](QObject *c, auto done) {
        kms::CreateKeyRequest r;
        r.description = "remote";
        backend.submitKms(kms::ops::CreateKey, r, c, done);
    });
    QVERIFY2(made, made ? "" : made.error().message.c_str());
    QCOMPARE(made->keyMetadata.description, std::string("remote"));
    QVERIFY(await<void>([&](QObject *c, auto done) {
        backend.submitKms(kms::ops::CreateAlias,
                          kms::CreateAliasRequest{"alias/remote", made->keyMetadata.keyId}, c,
                          done);
    }));
    auto aliases = await<kms::ListAliasesResult>([&](QObject *c, auto done) {
        backend.submitKms(kms::ops::ListAliases, kms::ListAliasesRequest{}, c, done);
    });
    QVERIFY(aliases);
    QVERIFY(std::any_of(aliases->aliases.begin(), aliases->aliases.end(), [&](const auto &a) {
        return a.aliasName == "alias/remote" && a.targetKeyId == made->keyMetadata.keyId;
    }));
    // The service's own errors come back by name.
    auto missing = await<kms::KeyMetadataResult>([&](QObject *c, auto done) {
        backend.submitKms(kms::ops::DescribeKey, kms::KeyIdRequest{"alias/none"}, c, done);
    });
    QVERIFY(!missing);
    QCOMPARE(
        QString::fromUtf8(missing.error().name().data(), qsizetype(missing.error().name().size())),
        QStringLiteral("NotFoundException"));
    QVERIFY(await<void>([&](QObject *c, auto done) {
        backend.submit(ops::CreateStream, CreateStreamRequest{"enc", 1, std::nullopt, {}}, c, done);
    }));
    for (int i = 0; i < 100; ++i) {
        auto d = await<StreamDescriptionSummary>([&](QObject *c, auto done) {
            backend.submit(ops::DescribeStreamSummary, StreamRef{"enc", {}}, c, done);
        });
        if (d && d->status == StreamStatus::Active)
            break;
        QTest::qWait(20);
    }
    StreamEncryptionRequest start;
    start.stream.name = "enc";
    start.keyId = "alias/remote";
    QVERIFY(await<void>([&](QObject *c, auto done) {
        backend.submit(ops::StartStreamEncryption, start, c, done);
    }));
    // Without a KMS endpoint: refused, saying what to do.
    net::AwsConfig none = configFor(local->server->url());
    net::RemoteBackend kinesisOnly(none);
    QVERIFY(!kinesisOnly.hasKms());
    auto refused = await<kms::ListKeysResult>([&](QObject *c, auto done) {
        kinesisOnly.submitKms(kms::ops::ListKeys, kms::ListKeysRequest{}, c, done);
    });
    QVERIFY(!refused);
    QVERIFY(refused.error().message.find("alias/aws/kinesis") != std::string::npos);
}

void TestRemoteBackend::cloudWatchAlarmsOfTheStreamReadOnly()
{
    // DescribeAlarms over two pages: the stream's alarms in AWS/Kinesis are kept, another
    // stream's and another namespace's are not.
    auto alarm = [](const char *name, const char *ns, const char *stream, const char *state) {
        return QJsonObject{
            {QStringLiteral("AlarmName"), QString::fromLatin1(name)},
            {QStringLiteral("Namespace"), QString::fromLatin1(ns)},
            {QStringLiteral("MetricName"), QStringLiteral("GetRecords.IteratorAgeMilliseconds")},
            {QStringLiteral("Dimensions"),
             QJsonArray{QJsonObject{{QStringLiteral("Name"), QStringLiteral("StreamName")},
                                    {QStringLiteral("Value"), QString::fromLatin1(stream)}}}},
            {QStringLiteral("Statistic"), QStringLiteral("Maximum")},
            {QStringLiteral("Period"), 60},
            {QStringLiteral("EvaluationPeriods"), 15},
            {QStringLiteral("DatapointsToAlarm"), 15},
            {QStringLiteral("Threshold"), 43200000.0},
            {QStringLiteral("ComparisonOperator"), QStringLiteral("GreaterThanOrEqualToThreshold")},
            {QStringLiteral("TreatMissingData"), QStringLiteral("missing")},
            {QStringLiteral("StateValue"), QString::fromLatin1(state)},
            {QStringLiteral("StateReason"), QStringLiteral("Threshold Crossed: …")},
            {QStringLiteral("StateUpdatedTimestamp"), 1796454000.5}};
    };
    test::FakeCloudWatch cloudWatch(
        {QJsonObject{{QStringLiteral("MetricAlarms"),
                      QJsonArray{alarm("orders-age", "AWS/Kinesis", "orders", "ALARM"),
                                 alarm("other-age", "AWS/Kinesis", "other", "OK"),
                                 alarm("lambda", "AWS/Lambda", "orders", "OK")}},
                     {QStringLiteral("NextToken"), QStringLiteral("page-2")}},
         QJsonObject{{QStringLiteral("MetricAlarms"),
                      QJsonArray{alarm("orders-quiet", "AWS/Kinesis", "orders", "OK")}}}});
    auto local = startLocal("off");
    QVERIFY(local);
    net::AwsConfig config = configFor(local->server->url());
    config.cloudWatchEndpointUrl = cloudWatch.url();
    net::RemoteBackend backend(config, {});
    auto alarms = await<std::vector<alarms::StoredAlarm>>([&](QObject *c, auto done) {
        backend.cloudWatchAlarms(StreamRef{"orders", {}}, c, done);
    });
    QVERIFY2(alarms, alarms ? "" : alarms.error().toString().c_str());
    QCOMPARE(alarms->size(), std::size_t(2));
    const auto &a = alarms->at(0);
    QCOMPARE(a.definition.name, std::string("orders-age"));
    QCOMPARE(a.definition.streamName, std::string("orders"));
    QCOMPARE(a.definition.evaluationPeriods, 15);
    QCOMPARE(a.definition.threshold, 43200000.0);
    QVERIFY(a.definition.statistic == alarms::Statistic::Maximum);
    QVERIFY(a.status.state == alarms::State::Alarm);
    QCOMPARE(a.status.updatedMs, std::int64_t(1796454000500));
    QCOMPARE(alarms->at(1).definition.name, std::string("orders-quiet"));
    QCOMPARE(cloudWatch.requests.size(), 2);
    QCOMPARE(cloudWatch.requests[0].headers.value("x-amz-target"),
             QByteArray("GraniteServiceVersion20100801.DescribeAlarms"));
    QCOMPARE(cloudWatch.requests[0].body.value(QStringLiteral("AlarmTypes")).toArray().at(0),
             QJsonValue(QStringLiteral("MetricAlarm")));
    QCOMPARE(cloudWatch.requests[1].body.value(QStringLiteral("NextToken")).toString(),
             QStringLiteral("page-2"));
    // Without CloudWatch: none, and said so.
    net::RemoteBackend plain(configFor(local->server->url()), {});
    auto none = await<std::vector<alarms::StoredAlarm>>([&](QObject *c, auto done) {
        plain.cloudWatchAlarms(StreamRef{"orders", {}}, c, done);
    });
    QVERIFY(!none);
    QVERIFY(none.error().message.find("CloudWatch alarms come from AWS") != std::string::npos);
}

void TestRemoteBackend::cloudWatchMinuteMetrics()
{
    auto local = startLocal("off");
    QVERIFY(local);
    // Two pages, as CloudWatch pages: s0 (IncomingRecords) over both, out of order; s7 (the first
    // shard's IncomingRecords, enhanced monitoring) on the first.
    const double m = double(QDateTime::currentSecsSinceEpoch() / 60 * 60);
    test::FakeCloudWatch cloudWatch(
        {QJsonObject{{QStringLiteral("MetricDataResults"),
                      QJsonArray{test::cloudWatchResult(QStringLiteral("s0"), {m - 120, m - 60},
                                                        {600, 900}),
                                 test::cloudWatchResult(QStringLiteral("s7"), {m - 60}, {450})}},
                     {QStringLiteral("NextToken"), QStringLiteral("page-2")}},
         QJsonObject{
             {QStringLiteral("MetricDataResults"),
              QJsonArray{test::cloudWatchResult(QStringLiteral("s0"), {m - 180}, {300})}}}});
    net::AwsConfig config = configFor(local->server->url());
    config.cloudWatchEndpointUrl = cloudWatch.url();
    net::RemoteBackend::Options options;
    options.pollIntervalMs = 100;
    net::RemoteBackend backend(config, options);
    QCOMPARE(backend.cloudWatchSource(), cloudWatch.url());
    backend.startPolling();
    auto created = await<void>([&](QObject *c, auto done) {
        backend.submit(ops::CreateStream, CreateStreamRequest{"cw", 2, std::nullopt, {}}, c, done);
    });
    QVERIFY(created);
    QTRY_VERIFY_WITH_TIMEOUT(openShards(find(backend.mailbox(), "cw")) == 2, 10'000);

    auto metrics = await<service::CloudWatchMetrics>([&](QObject *c, auto done) {
        backend.cloudWatchMetrics(StreamRef{"cw", {}}, 60, c, done);
    });
    QVERIFY2(metrics, metrics ? "" : metrics.error().toString().c_str());
    QCOMPARE(metrics->periodSeconds, 60);
    QCOMPARE(metrics->endMs - metrics->startMs, std::int64_t(60 * 60'000));
    QCOMPARE(metrics->series[0].metricName, std::string("IncomingRecords"));
    QCOMPARE(metrics->series[0].timesMs,
             (std::vector<std::int64_t>{std::int64_t(m - 180) * 1000, std::int64_t(m - 120) * 1000,
                                        std::int64_t(m - 60) * 1000}));
    QCOMPARE(metrics->series[0].values, (std::vector<double>{300, 600, 900}));
    QCOMPARE(metrics->series[7].shardId, std::string("shardId-000000000000"));
    QCOMPARE(metrics->series[7].values, std::vector<double>{450});
    QCOMPARE(metrics->series[6].metricName, std::string("GetRecords.IteratorAgeMilliseconds"));
    QCOMPARE(metrics->series[6].stat, std::string("Maximum"));

    // The requests: CloudWatch's JSON 1.0 target, signed for "monitoring", 7 stream + 4 × 2 shard
    // queries at 60-second periods, the second page asked with the token.
    QCOMPARE(cloudWatch.requests.size(), 2);
    const auto &first = cloudWatch.requests[0];
    QCOMPARE(first.headers.value("x-amz-target"),
             QByteArray("GraniteServiceVersion20100801.GetMetricData"));
    QCOMPARE(first.headers.value("content-type"), QByteArray("application/x-amz-json-1.0"));
    QVERIFY2(first.headers.value("authorization").contains("/us-east-1/monitoring/aws4_request"),
             first.headers.value("authorization").constData());
    const QJsonArray queries = first.body.value(QStringLiteral("MetricDataQueries")).toArray();
    QCOMPARE(queries.size(), 7 + 4 * 2);
    const QJsonObject stat = queries[7].toObject().value(QStringLiteral("MetricStat")).toObject();
    QCOMPARE(stat.value(QStringLiteral("Period")).toInt(), 60);
    QCOMPARE(stat.value(QStringLiteral("Metric"))
                 .toObject()
                 .value(QStringLiteral("Namespace"))
                 .toString(),
             QStringLiteral("AWS/Kinesis"));
    QCOMPARE(stat.value(QStringLiteral("Metric"))
                 .toObject()
                 .value(QStringLiteral("Dimensions"))
                 .toArray()
                 .size(),
             2);
    QCOMPARE(cloudWatch.requests[1].body.value(QStringLiteral("NextToken")).toString(),
             QStringLiteral("page-2"));

    // Without a CloudWatch endpoint (kinesalite, an explicit --endpoint-url): none, and said so.
    net::RemoteBackend plain(configFor(local->server->url()), options);
    QVERIFY(plain.cloudWatchSource().isEmpty());
    auto none = await<service::CloudWatchMetrics>([&](QObject *c, auto done) {
        plain.cloudWatchMetrics(StreamRef{"cw", {}}, 60, c, done);
    });
    QVERIFY(!none);
    QVERIFY(none.error().message.find("CloudWatch") != std::string::npos);
}

void TestRemoteBackend::httpsWithTheCaBundle()
{
    // The local endpoint over TLS with a generated self-signed certificate (as `serve --tls`).
    QString why;
    const auto tls = test::makeTestTls(&why);
    QVERIFY2(tls, qPrintable(why));
    Local local;
    QVERIFY(local.start("off", 100, {}, tls->server));
    const net::EndpointServer &server = *local.server;
    QVERIFY(server.url().startsWith(QStringLiteral("https://")));

    // Not trusted: refused at the handshake, with what to do, and not retried.
    net::RemoteBackend untrusting(configFor(server.url()));
    auto refused = await<ListStreamsResult>(
        [&](QObject *c, auto done) { untrusting.submit(ops::ListStreams, {}, c, done); });
    QVERIFY(!refused);
    QVERIFY2(refused.error().message.find("AWS_CA_BUNDLE") != std::string::npos,
             refused.error().message.c_str());
    QCOMPARE(untrusting.client().stats().attempts, 1);

    // Trusted through the CA bundle, as the AWS CLI takes it: the calls go through over HTTPS.
    QTemporaryDir dir;
    const QString bundle = dir.filePath(QStringLiteral("endpoint-cert.pem"));
    QFile f(bundle);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(QByteArray::fromStdString(tls->certificatePem));
    f.close();
    net::AwsConfig config = configFor(server.url());
    config.caBundle = bundle;
    net::RemoteBackend trusting(config);
    auto created = await<void>([&](QObject *c, auto done) {
        trusting.submit(ops::CreateStream, CreateStreamRequest{"secure", 1, std::nullopt, {}}, c,
                        done);
    });
    QVERIFY2(created, created ? "" : created.error().toString().c_str());
    auto listed = await<ListStreamsResult>(
        [&](QObject *c, auto done) { trusting.submit(ops::ListStreams, {}, c, done); });
    QVERIFY(listed);
    QCOMPARE(listed->streamNames, std::vector<std::string>{"secure"});

    // A bundle that is not one: said so before anything is sent.
    config.caBundle = dir.filePath(QStringLiteral("missing.pem"));
    net::RemoteBackend broken(config);
    auto unread = await<ListStreamsResult>(
        [&](QObject *c, auto done) { broken.submit(ops::ListStreams, {}, c, done); });
    QVERIFY(!unread);
    QVERIFY2(unread.error().message.find("holds no PEM certificate") != std::string::npos,
             unread.error().message.c_str());
}

void TestRemoteBackend::clockSkewIsCorrectedAndReported()
{
    // An endpoint that verifies signatures (15 minutes of tolerance, as AWS) and a computer whose
    // clock is 20 minutes slow.
    auto local = startLocal("off");
    QVERIFY(local);
    local->server->endpoint().setCredentials({{"AKIDREMOTETEST", "secret"}});
    net::RemoteBackend::Options slowClock;
    slowClock.client.clockOffsetMs = -20 * 60'000;
    slowClock.pollIntervalMs = 100;
    net::RemoteBackend backend(configFor(local->server->url()), slowClock);
    // The first signature expires; the service's Date header corrects the clock; the call succeeds.
    auto listed = await<ListStreamsResult>(
        [&](QObject *c, auto done) { backend.submit(ops::ListStreams, {}, c, done); });
    QVERIFY2(listed, listed ? "" : listed.error().toString().c_str());
    QVERIFY(std::abs(backend.client().stats().clockSkewMs - 20 * 60'000) < 10'000);
    // The polling client (no retries) learns it too, and the window is told.
    QSignalSpy polled(&backend, &net::RemoteBackend::polled);
    backend.startPolling();
    QVERIFY(polled.wait(10'000));
    QTRY_VERIFY2_WITH_TIMEOUT(backend.mailbox().latest()->backendNotice.find("20 minutes behind")
                                  != std::string::npos,
                              backend.mailbox().latest()->backendNotice.c_str(), 10'000);

    // Without a Date header to go by (a bare client of an old server), the error says what to do.
    net::KinesisClient::Options skewed;
    skewed.clockOffsetMs = -20 * 60'000;
    skewed.maxAttempts = 1;
    QTcpServer bare;
    QVERIFY(bare.listen(QHostAddress::LocalHost, 0));
    connect(&bare, &QTcpServer::newConnection, this, [&bare] {
        QTcpSocket *s = bare.nextPendingConnection();
        connect(s, &QTcpSocket::readyRead, s, [s] {
            s->readAll();
            const QByteArray body
                = R"json({"__type":"InvalidSignatureException","message":"Signature expired: 20261126T080000Z is now earlier than 20261126T081500Z (20261126T082000Z - 5 min.)"})json";
            s->write("HTTP/1.1 400 Bad Request\r\nContent-Type: "
                     "application/x-amz-json-1.1\r\nContent-Length: "
                     + QByteArray::number(body.size()) + "\r\n\r\n" + body);
        });
    });
    net::KinesisClient client(
        configFor(QStringLiteral("http://127.0.0.1:%1").arg(bare.serverPort())), skewed);
    std::optional<Result<QJsonObject>> answer;
    client.call("ListStreams", {}, [&](Result<QJsonObject> r) { answer.emplace(std::move(r)); });
    QTRY_VERIFY_WITH_TIMEOUT(answer.has_value(), 10'000);
    QVERIFY(!*answer);
    QVERIFY2(answer->error().message.find("clock is more than 15 minutes off") != std::string::npos,
             answer->error().message.c_str());
    QCOMPARE(answer->error().name(), std::string_view("InvalidSignatureException"));
}

void TestRemoteBackend::settledStreamsArePolledSparingly()
{
    // Twelve ACTIVE streams nobody changes, polled every 100 ms: each is described once per
    // settledRefreshMs of the backend's clock, not every cycle — the account's
    // DescribeStreamSummary allowance (20/s) is shared with the user's applications. The clock is
    // injected and paused, so the test counts cycles instead of waiting for time to pass.
    auto local = startLocal("off");
    QVERIFY(local);
    for (int i = 0; i < 12; ++i) {
        CreateStreamRequest c{"quiet-" + std::to_string(i), 1, std::nullopt, {}};
        QVERIFY(local->host->call<void>([c](Engine &e) { return e.createStream(c); }));
    }
    auto clock = std::make_shared<ScaledClock>(1'795'687'200'000, 0.0);
    net::RemoteBackend::Options options;
    options.pollIntervalMs = 100;
    options.settledRefreshMs = 1000;
    options.clock = clock;
    net::RemoteBackend backend(configFor(local->server->url()), options);
    backend.startPolling();
    QTRY_VERIFY_WITH_TIMEOUT(
        backend.mailbox().latest() && backend.mailbox().latest()->streams.size() == 12
            && std::all_of(backend.mailbox().latest()->streams.begin(),
                           backend.mailbox().latest()->streams.end(),
                           [](const StreamInfo &s) { return s.status == StreamStatus::Active; }),
        10'000);
    // Calls beyond each cycle's ListStreams, over five more cycles.
    auto describingOverFiveCycles = [&backend]() -> qint64 {
        const auto before = backend.pollStats();
        if (!QTest::qWaitFor([&] { return backend.pollStats().cycles >= before.cycles + 5; },
                             10'000))
            return -1;
        const auto after = backend.pollStats();
        return (after.calls - before.calls) - (after.cycles - before.cycles);
    };
    // Once the first descriptions are done (a stream seen ACTIVE may still have its tags to
    // read), every stream was described less than settledRefreshMs ago: cycles list, describe none.
    qint64 quiet = -1;
    for (int i = 0; i < 10 && quiet != 0; ++i)
        quiet = describingOverFiveCycles();
    QCOMPARE(quiet, 0);
    // A second later each is described once (DescribeStreamSummary + ListShards), ten a cycle.
    clock->advance(1000);
    QCOMPARE(describingOverFiveCycles(), 12 * 2);
    QCOMPARE(describingOverFiveCycles(), 0);
}

QTEST_GUILESS_MAIN(TestRemoteBackend)
#include "tst_remote_backend.moc"
