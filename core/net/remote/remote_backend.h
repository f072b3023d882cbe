// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// RemoteBackend: the StreamBackend of a Kinesis endpoint — AWS, LocalStack, kinesalite,
// kinesis-local or another Shardscope's `serve` — so the window and shardscope-cli work unchanged
// on it. Calls go through KinesisClient (SigV4, SDK-style retries, explained errors) and the wire
// codec; answers run on the thread that owns the backend (the UI thread), only while `context`
// lives.
//
// Topology: startPolling() keeps the mailbox's snapshot current by polling within a share of the
// account's API limits — per cycle one ListStreams page walk (5 TPS per account on AWS) and at
// most `refreshesPerCycle` DescribeStreamSummary + ListShards pairs (20 TPS per account /
// 1000 TPS per stream), tags only for new streams and after the workbench changed them
// (ListTagsForStream: 5 TPS). Streams the workbench just changed, and streams that are not
// ACTIVE, are refreshed first (and the next cycle comes sooner); settled streams at most every
// `settledRefreshMs`, least recently described first. A
// LimitExceededException doubles the interval (up to maxPollIntervalMs) and the snapshot's
// backendNotice says so; five clean cycles halve it again. The polling client never retries:
// it backs off instead of adding load.
//
// Metrics: from what this workbench itself sends and reads (the only per-second truth a remote
// client has): IncomingBytes/Records per shard from successful puts, throttled puts attributed to
// the shard that owns the record's hash key (MD5 of the partition key, as Kinesis routes),
// OutgoingBytes/Records, GetRecords calls and iterator age from reads (iterators are mapped back
// to the shard they were issued for), hot keys per shard. One MetricsFrame per wall second.
//
// Reads: GetRecords on one shard is spaced at least `readGapMs` apart (the workbench takes at
// most one of the shard's five calls per second); a ProvisionedThroughputExceededException
// doubles that shard's gap (up to 8 s) and says so, instead of competing with the user's own
// readers.
//
// Not available remotely (and reported as such, never silently different): the engine clock, the
// limits profile, minute history and the cost meter.
#include "aws_config.h"
#include "kinesis_client.h"

#include "engine/clock.h"
#include "engine/metrics.h"
#include "engine/partition_key_router.h"
#include "service/stream_backend.h"

#include <QObject>
#include <QPointer>

#include <chrono>
#include <map>
#include <memory>
#include <set>
#include <unordered_map>

class QTimer;

namespace shs::crypto {
class Md5;
}

namespace shs::net {

struct PollCycle;

class RemoteBackend final : public QObject, public service::StreamBackend
{
    Q_OBJECT
  public:
    struct Options
    {
        int pollIntervalMs = 2000;
        int maxPollIntervalMs = 32'000;
        int refreshesPerCycle = 10; ///< DescribeStreamSummary + ListShards pairs per cycle
        int settledRefreshMs
            = 10'000; ///< an ACTIVE stream the workbench did not change: described this often
        int readGapMs = 1000; ///< minimum spacing of this workbench's GetRecords per shard
        KinesisClient::Options client;
        /// Where the backend's time comes from (metric seconds, refresh ages, read gates); the
        /// system clock unless a test injects one. Signing always uses real time.
        std::shared_ptr<const core::Clock> clock;
    };
    struct PollStats
    {
        qint64 cycles = 0;
        qint64 calls = 0;   ///< control-plane calls made by polling
        qint64 limited = 0; ///< LimitExceeded answers to polling
        int intervalMs = 0; ///< current interval
        qint64 readsDelayed = 0;
    };

    RemoteBackend(AwsConfig config, Options options, QObject *parent = nullptr);
    explicit RemoteBackend(AwsConfig config, QObject *parent = nullptr)
        : RemoteBackend(std::move(config), Options{}, parent)
    {}
    ~RemoteBackend() override;

    /// Starts topology polling and the per-second metrics frames (the window needs them; the CLI
    /// does not).
    void startPolling();
    /// Polls now (after a change the user made), unless a cycle is running.
    void refreshSoon();

    const KinesisClient &client() const { return *m_client; }
    const PollStats &pollStats() const { return m_pollStats; }
    const AwsConfig &config() const { return m_client->config(); }

    QString description() const override;
    std::int64_t nowMs() const override { return m_clock->nowMs(); }
    QString endpointUrl() const override { return config().endpointUrl; }
    QStringList awsCliTarget() const override;
    QString cloudWatchSource() const override;
    bool hasKms() const override { return m_kms != nullptr; }
    void cloudWatchAlarms(core::StreamRef stream, QObject *context,
                          service::Continuation<std::vector<alarms::StoredAlarm>> done) override;
    void cloudWatchMetrics(core::StreamRef stream, int minutes, QObject *context,
                           service::Continuation<service::CloudWatchMetrics> done) override;
    void recentMetrics(core::StreamRef stream, int seconds, QObject *context,
                       service::Continuation<service::MetricsWindow> done) override;
    service::SnapshotMailbox &mailbox() override { return m_mailbox; }
    /// SubscribeToShard over the wire (HTTP/2 where the endpoint speaks it), its event stream
    /// decoded (eventstream/), each event's JSON read from the model's shape. Use from this
    /// backend's thread.
    std::shared_ptr<service::ShardSubscription>
    subscribeToShard(core::SubscribeToShardRequest request, QObject *context,
                     service::ShardSubscriber subscriber) override;

  Q_SIGNALS:
    /// A polling cycle ended and its snapshot is in the mailbox (tests wait on it).
    void polled();

  protected:
    void submitErased(std::string_view operation, std::shared_ptr<const void> request,
                      QObject *context, std::function<void(service::ErasedAnswer)> done) override;
    void submitKmsErased(std::string_view operation, std::shared_ptr<const void> request,
                         QObject *context,
                         std::function<void(service::ErasedAnswer)> done) override;

  private:
    // The operations this backend does more with than send them — it shows a created stream at
    // once and meters the data plane itself; submitErased() routes them here.
    void createStream(core::CreateStreamRequest request, QObject *context,
                      service::Continuation<void> done);
    void putRecord(core::PutRecordRequest request, QObject *context,
                   service::Continuation<core::PutRecordResult> done);
    void putRecords(core::PutRecordsRequest request, QObject *context,
                    service::Continuation<core::PutRecordsResult> done);
    void getShardIterator(core::GetShardIteratorRequest request, QObject *context,
                          service::Continuation<core::GetShardIteratorResult> done);
    void getRecords(core::GetRecordsRequest request, QObject *context,
                    service::Continuation<core::GetRecordsResult> done);
    struct ShardTraffic
    {
        core::MetricsAccumulator metrics;
        core::MinuteHotKeys hotKeys;
    };
    struct StreamTraffic
    {
        core::MetricsAccumulator totals;
        std::map<std::string, ShardTraffic> shards;
    };
    struct Known
    {
        core::StreamInfo info;
        /// Where a key goes among info.shards' open shards (OpenShard::index: position there).
        core::PartitionKeyRouter router;
        std::int64_t describedAtMs = 0; ///< when polling last described it; 0: never
        std::int64_t watchUntilMs
            = 0;           ///< after the workbench's change: refreshed every cycle until then
        bool dirty = true; ///< changed by the workbench: refresh first
        std::uint64_t changes
            = 0; ///< the workbench's changes so far; a refresh begun before one does not settle it
        bool tagsDirty = true;
    };
    struct ReadGate
    {
        qint64 nextAllowedMs = 0;
        int gapMs = 0;
    };
    struct IteratorInfo
    {
        std::string stream;
        std::string shardId;
    };

    void fetchAlarms(QJsonObject body, std::string stream,
                     std::shared_ptr<std::vector<alarms::StoredAlarm>> out, QPointer<QObject> guard,
                     service::Continuation<std::vector<alarms::StoredAlarm>> done, int page);
    void fetchCloudWatch(QJsonObject body, std::shared_ptr<service::CloudWatchMetrics> out,
                         QPointer<QObject> guard,
                         service::Continuation<service::CloudWatchMetrics> done, int page);
    void markDirty(const std::string &stream, bool tags = false);
    std::string streamNameOf(const core::StreamRef &ref) const;

    // polling
    void pollCycle();
    void listStreamsPage(std::shared_ptr<PollCycle> cycle, std::optional<std::string> after,
                         std::optional<std::string> token, int page);
    void refreshNext(std::shared_ptr<PollCycle> cycle);
    void refreshStream(std::shared_ptr<PollCycle> cycle, std::string name);
    void listShardsPage(std::shared_ptr<PollCycle> cycle, std::string name,
                        std::optional<std::string> token,
                        std::vector<core::ShardDescription> shards);
    void listTagsPage(std::shared_ptr<PollCycle> cycle, std::string name,
                      std::optional<std::string> after, std::map<std::string, std::string> tags);
    /// A stream's refresh is complete: settle it (unless changed meanwhile) and go on.
    void described(std::shared_ptr<PollCycle> cycle, Known &stream);
    void finishCycle(std::shared_ptr<PollCycle> cycle);
    void pollCall(const char *operation, const QJsonObject &body, std::shared_ptr<PollCycle> cycle,
                  std::function<void(core::Result<QJsonObject>)> next);
    void publishSnapshot();

    // metrics
    void tickMetrics();
    StreamTraffic &traffic(const std::string &stream);
    void countWrite(const std::string &stream, const std::string &shardId, const std::string &key,
                    std::int64_t bytes, std::int64_t now);
    void countThrottledWrite(const std::string &stream, const std::string &key,
                             const std::optional<std::string> &explicitHashKey, std::int64_t now);
    void countPutCall(const std::string &stream, std::chrono::steady_clock::time_point started,
                      std::int64_t now);
    std::string shardForKey(const std::string &stream, const std::string &partitionKey,
                            const std::optional<std::string> &explicitHashKey);

    KinesisClient *m_client;
    KinesisClient *m_pollClient;
    KinesisClient *m_cloudWatch = nullptr; ///< when config().cloudWatchEndpointUrl is set
    KinesisClient *m_kms = nullptr;        ///< when config().kmsEndpointUrl is set
    Options m_options;
    std::shared_ptr<const core::Clock> m_clock;
    service::SnapshotMailbox m_mailbox;
    std::map<std::string, Known> m_streams;
    std::string m_account;
    std::string m_region;
    std::string m_notice;     ///< polling: backed off, or cannot reach
    std::string m_readNotice; ///< reads slowed by throttling (shown for 30 s)
    std::int64_t m_readNoticeUntil = 0;
    std::string m_pollError;
    PollStats m_pollStats;
    int m_cleanCycles = 0;
    bool m_cycleRunning = false;
    bool m_pollAgain = false;
    std::uint64_t m_snapshotVersion = 0;
    QTimer *m_pollTimer = nullptr;
    QTimer *m_metricsTimer = nullptr;
    std::map<std::string, StreamTraffic> m_traffic;
    std::int64_t m_lastFrameSecond = -1;
    std::uint64_t m_frameVersion = 0;
    std::map<std::string, ReadGate> m_readGates; ///< by "stream/shard"
    std::unordered_map<std::string, IteratorInfo> m_iterators;
};

} // namespace shs::net
