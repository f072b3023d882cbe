// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
// shardscope-cli end to end: AWS-CLI-shaped JSON, exit codes and messages.
#include "fake_cloudwatch.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

class TestCli : public QObject
{
    Q_OBJECT
  private Q_SLOTS:
    void init();
    void streamLifecycleAndRecords();
    void putRecordsFromFileAndStdin();
    void listShardsPaging();
    void tailPrintsEveryShard();
    void benchVerifies();
    void reshardingAndModes();
    void metricsAndCost();
    void usageErrors_data();
    void usageErrors();
    void serviceErrorsLookLikeTheAwsCli();
    void lockedDataDirectoryNamesTheHolder();
    void tailReachesAServeThatHoldsTheDirectoryAndPrintsBinarySafely();
    void commandsOfTheCatalogueWithHelpAndGlobalOptionsAnywhere();
    void everyNewOperationFromTheCli();
    void consumeResumesFromItsCheckpoints();
    void consumeWorkersOfTwoProcessesShareALeaseTable();
    void consumeByFanOutThroughAnEndpoint();
    void lessonsAreListedCheckedAndPlayed();
    void produceWritesStandardInputThroughTheKplProducer();
    void alarmsAreDefinedEvaluatedListedAndDeleted();
    void alarmsOfARemoteStreamAreCloudWatchs();

  private:
    struct Run
    {
        int code;
        QByteArray out;
        QByteArray err;
        QJsonObject json() const { return QJsonDocument::fromJson(out).object(); }
    };
    Run cli(const QStringList &args, const QByteArray &stdinData = {});
    void createActive(const QString &name, int shards);
    /// `put-records --records -` of `count` one-byte records, keys k0, k1, …: its exit code.
    int putTinyRecords(const QString &stream, int count);

    std::unique_ptr<QTemporaryDir> m_tmp;
    QStringList m_globals; ///< global options for every call of a test
};

int TestCli::putTinyRecords(const QString &stream, int count)
{
    QByteArray records = "[";
    for (int i = 0; i < count; ++i)
        records += QByteArray(i ? "," : "") + R"({"Data":"eA==","PartitionKey":"k)"
                   + QByteArray::number(i) + "\"}";
    records += "]";
    return cli({QStringLiteral("put-records"), QStringLiteral("--stream-name"), stream,
                QStringLiteral("--records"), QStringLiteral("-")},
               records)
        .code;
}

TestCli::Run TestCli::cli(const QStringList &args, const QByteArray &stdinData)
{
    QProcess p;
    p.start(qEnvironmentVariable("SHS_CLI"),
            QStringList{QStringLiteral("--data-dir"), m_tmp->path()} + m_globals + args);
    if (!p.waitForStarted())
        return {-1, {}, "did not start"};
    if (!stdinData.isEmpty())
        p.write(stdinData);
    p.closeWriteChannel();
    p.waitForFinished(60000);
    return {p.exitCode(), p.readAllStandardOutput(), p.readAllStandardError()};
}

void TestCli::init()
{
    m_tmp = std::make_unique<QTemporaryDir>();
    m_globals.clear();
}

void TestCli::createActive(const QString &name, int shards)
{
    QCOMPARE(cli({QStringLiteral("create-stream"), QStringLiteral("--stream-name"), name,
                  QStringLiteral("--shard-count"), QString::number(shards)})
                 .code,
             0);
    QCOMPARE(cli({QStringLiteral("wait"), QStringLiteral("stream-exists"),
                  QStringLiteral("--stream-name"), name})
                 .code,
             0);
}

void TestCli::streamLifecycleAndRecords()
{
    createActive(QStringLiteral("orders"), 2);
    auto summary = cli({QStringLiteral("describe-stream-summary"), QStringLiteral("--stream-name"),
                        QStringLiteral("orders")});
    QCOMPARE(summary.code, 0);
    const auto s = summary.json()[QStringLiteral("StreamDescriptionSummary")].toObject();
    QCOMPARE(s[QStringLiteral("StreamStatus")].toString(), QStringLiteral("ACTIVE"));
    QCOMPARE(s[QStringLiteral("OpenShardCount")].toInt(), 2);
    QCOMPARE(s[QStringLiteral("StreamARN")].toString(),
             QStringLiteral("arn:aws:kinesis:us-east-1:000000000000:stream/orders"));
    // Printed as the AWS CLI prints the response: the service's member order, four-space indent,
    // ISO 8601 timestamps, empty lists as [].
    QVERIFY2(
        summary.out.startsWith(
            "{\n    \"StreamDescriptionSummary\": {\n        \"StreamName\": \"orders\",\n"
            "        \"StreamARN\": \"arn:aws:kinesis:us-east-1:000000000000:stream/orders\",\n"),
        summary.out.constData());
    QVERIFY(summary.out.contains("\"ShardLevelMetrics\": []"));
    QVERIFY(QRegularExpression(
                QStringLiteral("\"StreamCreationTimestamp\": "
                               "\"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}\\+00:00\""))
                .match(QString::fromUtf8(summary.out))
                .hasMatch());
    QVERIFY(summary.out.endsWith("}\n"));

    // Base64 data by default (AWS CLI v2), raw text with --cli-binary-format raw-in-base64-out.
    auto put = cli({QStringLiteral("put-record"), QStringLiteral("--stream-name"),
                    QStringLiteral("orders"), QStringLiteral("--partition-key"),
                    QStringLiteral("pk-1"), QStringLiteral("--data"), QStringLiteral("aGVsbG8=")});
    QCOMPARE(put.code, 0);
    QCOMPARE(put.json()[QStringLiteral("ShardId")].toString(),
             QStringLiteral("shardId-000000000001"));
    const QString seq = put.json()[QStringLiteral("SequenceNumber")].toString();
    QCOMPARE(seq.size(), 56);
    QCOMPARE(cli({QStringLiteral("put-record"), QStringLiteral("--stream-name"),
                  QStringLiteral("orders"), QStringLiteral("--partition-key"),
                  QStringLiteral("pk-1"), QStringLiteral("--data"), QStringLiteral("raw text"),
                  QStringLiteral("--cli-binary-format"), QStringLiteral("raw-in-base64-out")})
                 .code,
             0);

    auto it = cli({QStringLiteral("get-shard-iterator"), QStringLiteral("--stream-name"),
                   QStringLiteral("orders"), QStringLiteral("--shard-id"),
                   QStringLiteral("shardId-000000000001"), QStringLiteral("--shard-iterator-type"),
                   QStringLiteral("AT_SEQUENCE_NUMBER"),
                   QStringLiteral("--starting-sequence-number"), seq});
    QCOMPARE(it.code, 0);
    auto got = cli({QStringLiteral("get-records"), QStringLiteral("--shard-iterator"),
                    it.json()[QStringLiteral("ShardIterator")].toString()});
    QCOMPARE(got.code, 0);
    const auto records = got.json()[QStringLiteral("Records")].toArray();
    QCOMPARE(records.size(), 2);
    QCOMPARE(records[0].toObject()[QStringLiteral("Data")].toString(), QStringLiteral("aGVsbG8="));
    QCOMPARE(records[0].toObject()[QStringLiteral("SequenceNumber")].toString(), seq);
    QCOMPARE(
        QByteArray::fromBase64(records[1].toObject()[QStringLiteral("Data")].toString().toLatin1()),
        QByteArray("raw text"));
    QVERIFY(
        records[0].toObject()[QStringLiteral("ApproximateArrivalTimestamp")].toString().endsWith(
            QStringLiteral("+00:00")));
    QVERIFY(got.json().contains(QStringLiteral("NextShardIterator")));

    QCOMPARE(cli({QStringLiteral("increase-stream-retention-period"),
                  QStringLiteral("--stream-name"), QStringLiteral("orders"),
                  QStringLiteral("--retention-period-hours"), QStringLiteral("48")})
                 .code,
             0);
    auto list = cli({QStringLiteral("list-streams")});
    QCOMPARE(list.json()[QStringLiteral("StreamNames")].toArray(),
             QJsonArray{QStringLiteral("orders")});
    QCOMPARE(cli({QStringLiteral("delete-stream"), QStringLiteral("--stream-name"),
                  QStringLiteral("orders")})
                 .code,
             0);
    QCOMPARE(cli({QStringLiteral("wait"), QStringLiteral("stream-not-exists"),
                  QStringLiteral("--stream-name"), QStringLiteral("orders")})
                 .code,
             0);
}

void TestCli::putRecordsFromFileAndStdin()
{
    createActive(QStringLiteral("s"), 4);
    QJsonArray recs;
    for (int i = 0; i < 10; ++i)
        recs.append(
            QJsonObject{{QStringLiteral("Data"),
                         QString::fromLatin1(QByteArray("r" + QByteArray::number(i)).toBase64())},
                        {QStringLiteral("PartitionKey"), QStringLiteral("k%1").arg(i)}});
    const QByteArray json = QJsonDocument(recs).toJson();
    const QString file = m_tmp->path() + QStringLiteral("/records.json");
    QFile f(file);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(json);
    f.close();
    auto fromFile
        = cli({QStringLiteral("put-records"), QStringLiteral("--stream-name"), QStringLiteral("s"),
               QStringLiteral("--records"), QStringLiteral("file://") + file});
    QCOMPARE(fromFile.code, 0);
    QCOMPARE(fromFile.json()[QStringLiteral("FailedRecordCount")].toInt(), 0);
    QCOMPARE(fromFile.json()[QStringLiteral("Records")].toArray().size(), 10);
    auto fromStdin
        = cli({QStringLiteral("put-records"), QStringLiteral("--stream-name"), QStringLiteral("s")},
              json);
    QCOMPARE(fromStdin.code, 0);
    auto bad = cli({QStringLiteral("put-records"), QStringLiteral("--stream-name"),
                    QStringLiteral("s"), QStringLiteral("--records"),
                    QStringLiteral("[{\"Data\": \"!!\", \"PartitionKey\": \"k\"}]")});
    QCOMPARE(bad.code, 252);
    QVERIFY(bad.err.contains("Invalid base64"));
}

void TestCli::listShardsPaging()
{
    createActive(QStringLiteral("s"), 5);
    auto page = cli({QStringLiteral("list-shards"), QStringLiteral("--stream-name"),
                     QStringLiteral("s"), QStringLiteral("--max-items"), QStringLiteral("2")});
    QCOMPARE(page.code, 0);
    QCOMPARE(page.json()[QStringLiteral("Shards")].toArray().size(), 2);
    const QString token = page.json()[QStringLiteral("NextToken")].toString();
    QVERIFY(!token.isEmpty());
    auto rest = cli({QStringLiteral("list-shards"), QStringLiteral("--next-token"), token});
    QCOMPARE(rest.code, 0);
    const auto shards = rest.json()[QStringLiteral("Shards")].toArray();
    QCOMPARE(shards.size(), 3);
    QCOMPARE(shards[0].toObject()[QStringLiteral("ShardId")].toString(),
             QStringLiteral("shardId-000000000002"));
    QCOMPARE(shards[2]
                 .toObject()[QStringLiteral("HashKeyRange")]
                 .toObject()[QStringLiteral("EndingHashKey")]
                 .toString(),
             QStringLiteral("340282366920938463463374607431768211455"));
    auto filtered = cli({QStringLiteral("list-shards"), QStringLiteral("--stream-name"),
                         QStringLiteral("s"), QStringLiteral("--shard-filter"),
                         QStringLiteral("Type=AFTER_SHARD_ID,ShardId=shardId-000000000003")});
    QCOMPARE(filtered.json()[QStringLiteral("Shards")].toArray().size(), 1);

    // Paging as the AWS CLI pages (botocore's paginators): --starting-token continues, pages of
    // --page-size are gathered, and the gathered answer keeps only what the paginator keeps.
    auto resumed = cli({QStringLiteral("list-shards"), QStringLiteral("--starting-token"), token});
    QCOMPARE(resumed.json()[QStringLiteral("Shards")].toArray().size(), 3);
    auto small = cli({QStringLiteral("list-shards"), QStringLiteral("--stream-name"),
                      QStringLiteral("s"), QStringLiteral("--page-size"), QStringLiteral("1")});
    QCOMPARE(small.json()[QStringLiteral("Shards")].toArray().size(), 5);
    QVERIFY(!small.json().contains(QStringLiteral("NextToken")));
    auto described = cli({QStringLiteral("describe-stream"), QStringLiteral("--stream-name"),
                          QStringLiteral("s"), QStringLiteral("--page-size"), QStringLiteral("2")});
    QCOMPARE(described.code, 0);
    const auto description = described.json()[QStringLiteral("StreamDescription")].toObject();
    QCOMPARE(description[QStringLiteral("Shards")].toArray().size(), 5);
    QVERIFY(!description.contains(QStringLiteral("HasMoreShards")));
    QCOMPARE(description[QStringLiteral("StreamName")].toString(), QStringLiteral("s"));
    QVERIFY(described.out.indexOf("\"Shards\"") < described.out.indexOf("\"StreamARN\""));
    auto onePage = cli({QStringLiteral("describe-stream"), QStringLiteral("--stream-name"),
                        QStringLiteral("s"), QStringLiteral("--limit"), QStringLiteral("2")});
    const auto page1 = onePage.json()[QStringLiteral("StreamDescription")].toObject();
    QCOMPARE(page1[QStringLiteral("Shards")].toArray().size(), 2); // by hand: that one page
    QCOMPARE(page1[QStringLiteral("HasMoreShards")].toBool(), true);
    auto streams = cli({QStringLiteral("list-streams")});
    QVERIFY(streams.json().contains(QStringLiteral("StreamNames")));
    QVERIFY(!streams.json().contains(QStringLiteral("HasMoreStreams")));
    auto both = cli({QStringLiteral("list-shards"), QStringLiteral("--stream-name"),
                     QStringLiteral("s"), QStringLiteral("--max-results"), QStringLiteral("1"),
                     QStringLiteral("--max-items"), QStringLiteral("2")});
    QCOMPARE(both.code, 252);
    QVERIFY(both.err.contains("cannot be combined with paging by hand (--max-results)"));
}

void TestCli::tailPrintsEveryShard()
{
    createActive(QStringLiteral("s"), 3);
    for (int i = 0; i < 9; ++i)
        QCOMPARE(
            cli({QStringLiteral("put-record"), QStringLiteral("--stream-name"), QStringLiteral("s"),
                 QStringLiteral("--partition-key"), QStringLiteral("key-%1").arg(i),
                 QStringLiteral("--data"), QStringLiteral("line-%1").arg(i),
                 QStringLiteral("--cli-binary-format"), QStringLiteral("raw-in-base64-out")})
                .code,
            0);
    auto tail = cli({QStringLiteral("tail"), QStringLiteral("--stream"), QStringLiteral("s"),
                     QStringLiteral("--no-follow")});
    QCOMPARE(tail.code, 0);
    const auto lines = tail.out.trimmed().split('\n');
    QCOMPARE(lines.size(), 9);
    QSet<QString> shards;
    for (const auto &l : lines)
        shards.insert(QJsonDocument::fromJson(l).object()[QStringLiteral("ShardId")].toString());
    QVERIFY(shards.size() >= 2);
    auto limited = cli({QStringLiteral("tail"), QStringLiteral("--stream"), QStringLiteral("s"),
                        QStringLiteral("--max-records"), QStringLiteral("4"),
                        QStringLiteral("--format"), QStringLiteral("text")});
    QCOMPARE(limited.out.trimmed().split('\n').size(), 4);
    QVERIFY(limited.out.contains(" line-"));
}

void TestCli::benchVerifies()
{
    // The default "aws" profile throttles a fast producer: 5000 x 100 B at full speed into one
    // shard is far over 1,000 records/s, and the refusals are counted, not lost.
    auto limited
        = cli({QStringLiteral("bench"), QStringLiteral("put"), QStringLiteral("--stream"),
               QStringLiteral("t"), QStringLiteral("--shards"), QStringLiteral("1"),
               QStringLiteral("--records"), QStringLiteral("5000"), QStringLiteral("--batch"),
               QStringLiteral("500"), QStringLiteral("--size"), QStringLiteral("100")});
    QCOMPARE(limited.code, 0);
    QCOMPARE(limited.json()[QStringLiteral("LimitsProfile")].toString(), QStringLiteral("aws"));
    QVERIFY(limited.json()[QStringLiteral("Throttled")].toInt() > 0);
    QCOMPARE(limited.json()[QStringLiteral("Records")].toInt()
                 + limited.json()[QStringLiteral("Throttled")].toInt(),
             5000);
    // Asynchronous single-record callers send a throttled record again until it is taken.
    auto limitedAsync
        = cli({QStringLiteral("bench"), QStringLiteral("put"), QStringLiteral("--stream"),
               QStringLiteral("ta"), QStringLiteral("--shards"), QStringLiteral("1"),
               QStringLiteral("--records"), QStringLiteral("1200"), QStringLiteral("--batch"),
               QStringLiteral("1"), QStringLiteral("--size"), QStringLiteral("100"),
               QStringLiteral("--async")});
    QCOMPARE(limitedAsync.code, 0);
    QCOMPARE(limitedAsync.json()[QStringLiteral("Records")].toInt(), 1200);
    QVERIFY(limitedAsync.json()[QStringLiteral("Throttled")].toInt() > 0);
    QCOMPARE(limitedAsync.json()[QStringLiteral("Calls")].toInt(),
             1200 + limitedAsync.json()[QStringLiteral("Throttled")].toInt());

    m_globals = {QStringLiteral("--limits"), QStringLiteral("off")};
    auto put = cli({QStringLiteral("bench"), QStringLiteral("put"), QStringLiteral("--stream"),
                    QStringLiteral("b"), QStringLiteral("--records"), QStringLiteral("5000"),
                    QStringLiteral("--batch"), QStringLiteral("100"), QStringLiteral("--size"),
                    QStringLiteral("100")});
    QCOMPARE(put.code, 0);
    QCOMPARE(put.json()[QStringLiteral("Records")].toInt(), 5000);
    QCOMPARE(put.json()[QStringLiteral("Metrics")].toBool(), true);
    QVERIFY(put.json()[QStringLiteral("RecordsPerSecond")].toDouble() > 0);
    QVERIFY(put.json()[QStringLiteral("CallLatencyMs")].toObject().contains(QStringLiteral("p99")));
    // Callers that continue from their acknowledgements instead of blocking threads.
    auto async = cli({QStringLiteral("bench"), QStringLiteral("put"), QStringLiteral("--stream"),
                      QStringLiteral("b"), QStringLiteral("--records"), QStringLiteral("3000"),
                      QStringLiteral("--batch"), QStringLiteral("1"), QStringLiteral("--size"),
                      QStringLiteral("100"), QStringLiteral("--async")});
    QCOMPARE(async.code, 0);
    QCOMPARE(async.json()[QStringLiteral("Records")].toInt(), 3000);
    QCOMPARE(async.json()[QStringLiteral("Calls")].toInt(), 3000);
    QCOMPARE(async.json()[QStringLiteral("Failed")].toInt(), 0);
    m_globals = {QStringLiteral("--limits"), QStringLiteral("off"), QStringLiteral("--metrics"),
                 QStringLiteral("off")};
    auto bare = cli({QStringLiteral("bench"), QStringLiteral("put"), QStringLiteral("--stream"),
                     QStringLiteral("m"), QStringLiteral("--records"), QStringLiteral("1000"),
                     QStringLiteral("--size"), QStringLiteral("10")});
    QCOMPARE(bare.code, 0);
    QCOMPARE(bare.json()[QStringLiteral("Metrics")].toBool(), false);
    m_globals = {QStringLiteral("--metrics"), QStringLiteral("maybe")};
    auto badMetrics = cli({QStringLiteral("list-streams")});
    QCOMPARE(badMetrics.code, 252);
    QVERIFY(badMetrics.err.contains("--metrics takes on or off"));
    m_globals = {QStringLiteral("--limits"), QStringLiteral("off")};
    auto asyncBatch
        = cli({QStringLiteral("bench"), QStringLiteral("put"), QStringLiteral("--stream"),
               QStringLiteral("b"), QStringLiteral("--batch"), QStringLiteral("10"),
               QStringLiteral("--async")});
    QCOMPARE(asyncBatch.code, 252);
    QVERIFY(asyncBatch.err.contains("--batch 1"));
    auto get = cli({QStringLiteral("bench"), QStringLiteral("get"), QStringLiteral("--stream"),
                    QStringLiteral("b"), QStringLiteral("--expect"), QStringLiteral("8000")});
    QCOMPARE(get.code, 0);
    QCOMPARE(get.json()[QStringLiteral("Records")].toInt(), 8000);
    auto wrong = cli({QStringLiteral("bench"), QStringLiteral("get"), QStringLiteral("--stream"),
                      QStringLiteral("b"), QStringLiteral("--expect"), QStringLiteral("8001")});
    QCOMPARE(wrong.code, 255);
    QVERIFY(wrong.err.contains("verification failed"));
    auto e2e = cli({QStringLiteral("bench"), QStringLiteral("e2e"), QStringLiteral("--stream"),
                    QStringLiteral("e"), QStringLiteral("--rate"), QStringLiteral("200"),
                    QStringLiteral("--duration"), QStringLiteral("1")});
    QCOMPARE(e2e.code, 0);
    QCOMPARE(e2e.json()[QStringLiteral("Lost")].toInt(), 0);
    // Paced in real time: how many go out in the second depends on the machine's load (a test
    // asserts no speed); that some did, and none was lost, is the point.
    QVERIFY(e2e.json()[QStringLiteral("Sent")].toInt() > 0);
}

void TestCli::reshardingAndModes()
{
    createActive(QStringLiteral("s"), 2);
    QCOMPARE(cli({QStringLiteral("split-shard"), QStringLiteral("--stream-name"),
                  QStringLiteral("s"), QStringLiteral("--shard-to-split"),
                  QStringLiteral("shardId-000000000000"), QStringLiteral("--new-starting-hash-key"),
                  QStringLiteral("85070591730234615865843651857942052864")})
                 .code,
             0);
    QCOMPARE(cli({QStringLiteral("wait"), QStringLiteral("stream-exists"),
                  QStringLiteral("--stream-name"), QStringLiteral("s")})
                 .code,
             0);
    auto shards
        = cli({QStringLiteral("list-shards"), QStringLiteral("--stream-name"), QStringLiteral("s")})
              .json()[QStringLiteral("Shards")]
              .toArray();
    QCOMPARE(shards.size(), 4);
    QCOMPARE(shards[2].toObject()[QStringLiteral("ParentShardId")].toString(),
             QStringLiteral("shardId-000000000000"));
    QVERIFY(shards[0].toObject()[QStringLiteral("SequenceNumberRange")].toObject().contains(
        QStringLiteral("EndingSequenceNumber")));
    auto bad = cli(
        {QStringLiteral("merge-shards"), QStringLiteral("--stream-name"), QStringLiteral("s"),
         QStringLiteral("--shard-to-merge"), QStringLiteral("shardId-000000000002"),
         QStringLiteral("--adjacent-shard-to-merge"), QStringLiteral("shardId-000000000001")});
    QCOMPARE(bad.code, 254);
    QVERIFY(bad.err.contains(
        "(InvalidArgumentException) when calling the MergeShards operation: Shards "
        "shardId-000000000002 and "
        "shardId-000000000001 in stream s under account 000000000000 are not an adjacent pair"));
    auto scale
        = cli({QStringLiteral("update-shard-count"), QStringLiteral("--stream-name"),
               QStringLiteral("s"), QStringLiteral("--target-shard-count"), QStringLiteral("4"),
               QStringLiteral("--scaling-type"), QStringLiteral("UNIFORM_SCALING")});
    QCOMPARE(scale.code, 0);
    QCOMPARE(scale.json()[QStringLiteral("CurrentShardCount")].toInt(), 3);
    QCOMPARE(scale.json()[QStringLiteral("TargetShardCount")].toInt(), 4);
    QCOMPARE(cli({QStringLiteral("wait"), QStringLiteral("stream-exists"),
                  QStringLiteral("--stream-name"), QStringLiteral("s")})
                 .code,
             0);
    QCOMPARE(cli({QStringLiteral("update-stream-mode"), QStringLiteral("--stream-arn"),
                  QStringLiteral("arn:aws:kinesis:us-east-1:000000000000:stream/s"),
                  QStringLiteral("--stream-mode-details"), QStringLiteral("StreamMode=ON_DEMAND")})
                 .code,
             0);
    QCOMPARE(cli({QStringLiteral("wait"), QStringLiteral("stream-exists"),
                  QStringLiteral("--stream-name"), QStringLiteral("s")})
                 .code,
             0);
    auto summary = cli({QStringLiteral("describe-stream-summary"), QStringLiteral("--stream-name"),
                        QStringLiteral("s")});
    QCOMPARE(summary.json()[QStringLiteral("StreamDescriptionSummary")]
                 .toObject()[QStringLiteral("StreamModeDetails")]
                 .toObject()[QStringLiteral("StreamMode")]
                 .toString(),
             QStringLiteral("ON_DEMAND"));
    // cost says what sizes an on-demand stream: its floor of 4 shards here, no peak yet.
    auto scaling
        = cli({QStringLiteral("cost"), QStringLiteral("--stream-name"), QStringLiteral("s")})
              .json()[QStringLiteral("OnDemandScaling")]
              .toObject();
    QCOMPARE(scaling[QStringLiteral("WantedShards")].toInt(), 4);
    QCOMPARE(scaling[QStringLiteral("OpenShards")].toInt(), 4);
    QVERIFY(!scaling.contains(QStringLiteral("PeakAt")));
    auto refused
        = cli({QStringLiteral("update-shard-count"), QStringLiteral("--stream-name"),
               QStringLiteral("s"), QStringLiteral("--target-shard-count"), QStringLiteral("5"),
               QStringLiteral("--scaling-type"), QStringLiteral("UNIFORM_SCALING")});
    QCOMPARE(refused.code, 254);
    QVERIFY(refused.err.contains("(ValidationException)"));
}

void TestCli::metricsAndCost()
{
    m_globals = {QStringLiteral("--limits"), QStringLiteral("off")};
    QCOMPARE(cli({QStringLiteral("bench"), QStringLiteral("put"), QStringLiteral("--stream"),
                  QStringLiteral("m"), QStringLiteral("--shards"), QStringLiteral("2"),
                  QStringLiteral("--records"), QStringLiteral("2000"), QStringLiteral("--batch"),
                  QStringLiteral("100"), QStringLiteral("--size"), QStringLiteral("100")})
                 .code,
             0);
    // The minute in progress was flushed at exit: any later process sees it.
    auto history = cli({QStringLiteral("metrics"), QStringLiteral("--stream-name"),
                        QStringLiteral("m"), QStringLiteral("--minutes"), QStringLiteral("10")});
    QCOMPARE(history.code, 0);
    qint64 records = 0;
    for (const auto &p : history.json()[QStringLiteral("Datapoints")].toArray())
        if (p.toObject()[QStringLiteral("ShardId")].toString() == QStringLiteral("(stream)"))
            records += p.toObject()[QStringLiteral("IncomingRecords")].toInteger();
    QCOMPARE(records, 2000);
    auto live = cli({QStringLiteral("metrics"), QStringLiteral("--stream-name"),
                     QStringLiteral("m"), QStringLiteral("--seconds"), QStringLiteral("3")});
    QCOMPARE(live.json()[QStringLiteral("Shards")].toArray().size(), 2);
    QCOMPARE(live.json()[QStringLiteral("Stream")].toArray().size(), 3);
    auto cost = cli({QStringLiteral("cost"), QStringLiteral("--stream-name"), QStringLiteral("m")});
    QCOMPARE(cost.code, 0);
    QCOMPARE(
        cost.json()[QStringLiteral("Usage")].toObject()[QStringLiteral("PutPayloadUnits")].toInt(),
        2000);
    QCOMPARE(
        cost.json()[QStringLiteral("Current")].toObject()[QStringLiteral("StreamMode")].toString(),
        QStringLiteral("PROVISIONED"));
    QCOMPARE(
        cost.json()[QStringLiteral("WhatIf")].toObject()[QStringLiteral("StreamMode")].toString(),
        QStringLiteral("ON_DEMAND"));
    QVERIFY(!cost.json().contains(QStringLiteral("OnDemandScaling"))); // provisioned
    QFile prices(m_tmp->path() + QStringLiteral("/prices.txt"));
    QVERIFY(prices.open(QIODevice::WriteOnly));
    prices.write("region=eu-west-1\nshardHour=1\n");
    prices.close();
    auto custom = cli({QStringLiteral("--prices"), prices.fileName(), QStringLiteral("cost"),
                       QStringLiteral("--stream-name"), QStringLiteral("m")});
    QCOMPARE(custom.json()[QStringLiteral("PriceRegion")].toString(), QStringLiteral("eu-west-1"));
    QFile broken(m_tmp->path() + QStringLiteral("/broken.txt"));
    QVERIFY(broken.open(QIODevice::WriteOnly));
    broken.write("shardHour=cheap\n");
    broken.close();
    auto refused = cli({QStringLiteral("--prices"), broken.fileName(), QStringLiteral("cost"),
                        QStringLiteral("--stream-name"), QStringLiteral("m")});
    QCOMPARE(refused.code, 252);
    QVERIFY(refused.err.contains("shardHour needs a price >= 0, not 'cheap'"));
}

void TestCli::usageErrors_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("message");
    QTest::newRow("no-command") << QStringList{} << "usage: shardscope-cli";
    QTest::newRow("unknown-command")
        << QStringList{QStringLiteral("frobnicate")} << "unknown command 'frobnicate'";
    QTest::newRow("unknown-option")
        << QStringList{QStringLiteral("list-streams"), QStringLiteral("--nope")}
        << "list-streams: unknown option --nope; list-streams takes --limit";
    QTest::newRow("missing-value")
        << QStringList{QStringLiteral("create-stream"), QStringLiteral("--stream-name")}
        << "create-stream: --stream-name needs a value";
    QTest::newRow("missing-required")
        << QStringList{QStringLiteral("put-record"), QStringLiteral("--stream-name"),
                       QStringLiteral("s")}
        << "put-record: the following arguments are required: --data, --partition-key";
    QTest::newRow("bad-number") << QStringList{
        QStringLiteral("create-stream"), QStringLiteral("--stream-name"), QStringLiteral("s"),
        QStringLiteral("--shard-count"),
        QStringLiteral("two")} << "--shard-count takes an integer, not 'two'";
    QTest::newRow("consume-bad-processor")
        << QStringList{QStringLiteral("consume"), QStringLiteral("--application"),
                       QStringLiteral("a"),       QStringLiteral("--stream"),
                       QStringLiteral("s"),       QStringLiteral("--processor"),
                       QStringLiteral("slow")}
        << "Processor 'slow': slow needs a cost per record in milliseconds";
    QTest::newRow("consume-no-application")
        << QStringList{QStringLiteral("consume"), QStringLiteral("--stream"), QStringLiteral("s")}
        << "consume needs --application";
    QTest::newRow("bad-iterator-type") << QStringList{QStringLiteral("get-shard-iterator"),
                                                      QStringLiteral("--stream-name"),
                                                      QStringLiteral("s"),
                                                      QStringLiteral("--shard-id"),
                                                      QStringLiteral("0"),
                                                      QStringLiteral("--shard-iterator-type"),
                                                      QStringLiteral("OLDEST")}
                                       << "Invalid choice 'OLDEST'";
}

void TestCli::usageErrors()
{
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    auto r = cli(args);
    QCOMPARE(r.code, 252);
    QVERIFY2(QString::fromUtf8(r.err).contains(message), r.err.constData());
    QVERIFY(!QFile::exists(m_tmp->path()
                           + QStringLiteral("/shardscope.db"))); // usage errors touch nothing
}

void TestCli::serviceErrorsLookLikeTheAwsCli()
{
    auto r = cli({QStringLiteral("describe-stream-summary"), QStringLiteral("--stream-name"),
                  QStringLiteral("missing")});
    QCOMPARE(r.code, 254);
    QCOMPARE(QString::fromUtf8(r.err.trimmed()),
             QStringLiteral("An error occurred (ResourceNotFoundException) when calling the "
                            "DescribeStreamSummary operation: "
                            "Stream missing under account 000000000000 not found."));
    auto bad
        = cli({QStringLiteral("create-stream"), QStringLiteral("--stream-name"),
               QStringLiteral("bad name"), QStringLiteral("--shard-count"), QStringLiteral("1")});
    QCOMPARE(bad.code, 254);
    QVERIFY(bad.err.contains("(ValidationException) when calling the CreateStream operation"));
}

void TestCli::lockedDataDirectoryNamesTheHolder()
{
    createActive(QStringLiteral("s"), 1);
    QProcess holder;
    holder.start(qEnvironmentVariable("SHS_CLI"),
                 {QStringLiteral("--data-dir"), m_tmp->path(), QStringLiteral("tail"),
                  QStringLiteral("--stream"), QStringLiteral("s")});
    QVERIFY(holder.waitForStarted());
    QTRY_VERIFY(QFile(m_tmp->path() + QStringLiteral("/LOCK")).size() > 0);
    QTest::qWait(300);
    auto r = cli({QStringLiteral("list-streams")});
    QCOMPARE(r.code, 255);
    QVERIFY2(r.err.contains(QStringLiteral("is in use by process %1 (shardscope-cli)")
                                .arg(holder.processId())
                                .toUtf8()),
             r.err.constData());
    holder.kill();
    holder.waitForFinished();
    QCOMPARE(cli({QStringLiteral("list-streams")}).code, 0); // a killed holder leaves no stale lock
}

void TestCli::tailReachesAServeThatHoldsTheDirectoryAndPrintsBinarySafely()
{
    createActive(QStringLiteral("s"), 1);
    QProcess serve;
    serve.start(qEnvironmentVariable("SHS_CLI"),
                {QStringLiteral("--data-dir"), m_tmp->path(), QStringLiteral("serve"),
                 QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0")});
    QVERIFY(serve.waitForStarted());
    QString url;
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            static const QRegularExpression at(QStringLiteral("Serving the Kinesis API at (\\S+)"));
            const auto m = at.match(QString::fromUtf8(serve.peek(4096)));
            url = m.hasMatch() ? m.captured(1) : QString();
            return !url.isEmpty();
        }(),
        10000);
    // Another process is refused the directory and told where its streams can be reached.
    auto refused = cli({QStringLiteral("tail"), QStringLiteral("--stream"), QStringLiteral("s"),
                        QStringLiteral("--no-follow")});
    QCOMPARE(refused.code, 255);
    QVERIFY2(refused.err.contains(QByteArray("serving the Kinesis API at ").append(url.toUtf8())),
             refused.err.constData());
    QVERIFY2(refused.err.contains(QByteArray("add --endpoint-url ").append(url.toUtf8())),
             refused.err.constData());
    // Through the endpoint: put bytes a terminal must not see raw, tail them as text.
    qputenv("AWS_ACCESS_KEY_ID", "AKIDTAIL");
    qputenv("AWS_SECRET_ACCESS_KEY", "secret");
    qputenv("AWS_REGION", "us-east-1");
    const QByteArray data("a\0b\x1b[31m\\\n\xff\xc3\xa9", 13);
    m_globals = {QStringLiteral("--endpoint-url"), url};
    QCOMPARE(cli({QStringLiteral("put-record"), QStringLiteral("--stream-name"),
                  QStringLiteral("s"), QStringLiteral("--partition-key"), QStringLiteral("k\tey"),
                  QStringLiteral("--data"), QString::fromLatin1(data.toBase64())})
                 .code,
             0);
    auto tail
        = cli({QStringLiteral("tail"), QStringLiteral("--stream"), QStringLiteral("s"),
               QStringLiteral("--no-follow"), QStringLiteral("--format"), QStringLiteral("text")});
    serve.terminate();
    serve.waitForFinished();
    QCOMPARE(tail.code, 0);
    const QList<QByteArray> lines = tail.out.split('\n');
    QCOMPARE(lines.size(), 2); // one record, one line: the newline in the data is escaped
    QVERIFY2(lines[0].startsWith("shardId-000000000000 "), tail.out.constData());
    // NUL, ESC, backslash, newline and a stray byte escaped; é (valid UTF-8) kept.
    QVERIFY2(lines[0].endsWith(" k\\x09ey a\\x00b\\x1b[31m\\\\\\x0a\\xff\xc3\xa9"),
             lines[0].constData());
}

void TestCli::commandsOfTheCatalogueWithHelpAndGlobalOptionsAnywhere()
{
    // A global option after the command, as the AWS CLI takes it.
    QCOMPARE(cli({QStringLiteral("create-stream"), QStringLiteral("--stream-name"),
                  QStringLiteral("g"), QStringLiteral("--shard-count"), QStringLiteral("1"),
                  QStringLiteral("--region"), QStringLiteral("eu-west-1")})
                 .code,
             0);
    auto summary
        = cli({QStringLiteral("describe-stream-summary"), QStringLiteral("--stream-name"),
               QStringLiteral("g"), QStringLiteral("--region"), QStringLiteral("eu-west-1")});
    QCOMPARE(summary.code, 0);
    QCOMPARE(summary.json()[QStringLiteral("StreamDescriptionSummary")]
                 .toObject()[QStringLiteral("StreamARN")]
                 .toString(),
             QStringLiteral("arn:aws:kinesis:eu-west-1:000000000000:stream/g"));
    // Every operation of the catalogue is a command, with its options from the request's shape.
    for (const QStringList &ask :
         {QStringList{QStringLiteral("help"), QStringLiteral("tag-resource")},
          QStringList{QStringLiteral("tag-resource"), QStringLiteral("--help")}}) {
        auto help = cli(ask);
        QCOMPARE(help.code, 0);
        QVERIFY2(help.out.contains("--resource-arn") && help.out.contains("(required)")
                     && help.out.contains("--tags"),
                 help.out.constData());
    }
    auto list = cli({QStringLiteral("help")});
    for (const char *command : {"enable-enhanced-monitoring", "put-resource-policy",
                                "update-account-settings", "list-tags-for-resource"})
        QVERIFY2(list.out.contains(command), command);
    auto unknown = cli({QStringLiteral("tag-resource"), QStringLiteral("--resource")});
    QCOMPARE(unknown.code, 252);
    QVERIFY2(unknown.err.contains("tag-resource takes --tags, --resource-arn"),
             unknown.err.constData());
    auto missing = cli({QStringLiteral("enable-enhanced-monitoring"),
                        QStringLiteral("--stream-name"), QStringLiteral("g")});
    QCOMPARE(missing.code, 252);
    QVERIFY(missing.err.contains("the following arguments are required: --shard-level-metrics"));
    // Against the embedded engine, end to end; lists take several values as the AWS CLI's do.
    QCOMPARE(cli({QStringLiteral("wait"), QStringLiteral("stream-exists"),
                  QStringLiteral("--stream-name"), QStringLiteral("g"), QStringLiteral("--region"),
                  QStringLiteral("eu-west-1")})
                 .code,
             0);
    auto on = cli({QStringLiteral("enable-enhanced-monitoring"), QStringLiteral("--stream-name"),
                   QStringLiteral("g"), QStringLiteral("--shard-level-metrics"),
                   QStringLiteral("IncomingRecords"), QStringLiteral("IncomingBytes"),
                   QStringLiteral("--region"), QStringLiteral("eu-west-1")});
    QCOMPARE(on.code, 0);
    QCOMPARE(on.json()[QStringLiteral("DesiredShardLevelMetrics")].toArray(),
             (QJsonArray{QStringLiteral("IncomingBytes"), QStringLiteral("IncomingRecords")}));
    // The service's refusal, in the AWS CLI's words.
    auto refused = cli({QStringLiteral("put-resource-policy"), QStringLiteral("--resource-arn"),
                        QStringLiteral("arn:aws:kinesis:eu-west-1:000000000000:stream/g"),
                        QStringLiteral("--policy"), QStringLiteral("{}"),
                        QStringLiteral("--region"), QStringLiteral("eu-west-1")});
    QCOMPARE(refused.code, 254);
    QVERIFY2(refused.err.contains("An error occurred (InvalidArgumentException) when calling the "
                                  "PutResourcePolicy operation: Invalid policy document: it has "
                                  "no Version."),
             refused.err.constData());
    // A parameter from a file, as the AWS CLI reads file://; the policy comes back verbatim.
    const QByteArray policy = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": []\n}\n";
    QFile file(m_tmp->path() + QStringLiteral("/policy.json"));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(policy);
    file.close();
    const QString arn = QStringLiteral("arn:aws:kinesis:eu-west-1:000000000000:stream/g");
    QCOMPARE(cli({QStringLiteral("put-resource-policy"), QStringLiteral("--resource-arn"), arn,
                  QStringLiteral("--policy"), QStringLiteral("file://") + file.fileName(),
                  QStringLiteral("--region"), QStringLiteral("eu-west-1")})
                 .code,
             0);
    auto got = cli({QStringLiteral("get-resource-policy"), QStringLiteral("--resource-arn"), arn,
                    QStringLiteral("--region"), QStringLiteral("eu-west-1")});
    QCOMPARE(got.code, 0);
    QCOMPARE(got.json()[QStringLiteral("Policy")].toString().toUtf8(), policy);
}

void TestCli::everyNewOperationFromTheCli()
{
    // The operations the catalogue added, each as the AWS CLI spells it, on the embedded engine.
    auto ok = [this](const QStringList &args) {
        const Run r = cli(args);
        if (r.code != 0)
            qWarning("%s: %s", qPrintable(args.join(QLatin1Char(' '))), r.err.constData());
        return r;
    };
    QCOMPARE(
        ok({QStringLiteral("create-stream"), QStringLiteral("--stream-name"), QStringLiteral("n"),
            QStringLiteral("--stream-mode-details"), QStringLiteral("StreamMode=ON_DEMAND")})
            .code,
        0);
    QCOMPARE(ok({QStringLiteral("wait"), QStringLiteral("stream-exists"),
                 QStringLiteral("--stream-name"), QStringLiteral("n")})
                 .code,
             0);
    const QString arn = QStringLiteral("arn:aws:kinesis:us-east-1:000000000000:stream/n");
    auto summary = [&] {
        return cli({QStringLiteral("describe-stream-summary"), QStringLiteral("--stream-name"),
                    QStringLiteral("n")})
            .json()[QStringLiteral("StreamDescriptionSummary")]
            .toObject();
    };
    QCOMPARE(ok({QStringLiteral("update-max-record-size"), QStringLiteral("--stream-arn"), arn,
                 QStringLiteral("--max-record-size-in-ki-b"), QStringLiteral("2048")})
                 .code,
             0);
    QCOMPARE(summary()[QStringLiteral("MaxRecordSizeInKiB")].toInt(), 2048);
    QCOMPARE(ok({QStringLiteral("tag-resource"), QStringLiteral("--resource-arn"), arn,
                 QStringLiteral("--tags"), QStringLiteral("a=1,b=2")})
                 .code,
             0);
    QCOMPARE(ok({QStringLiteral("untag-resource"), QStringLiteral("--resource-arn"), arn,
                 QStringLiteral("--tag-keys"), QStringLiteral("a")})
                 .code,
             0);
    const auto tags
        = ok({QStringLiteral("list-tags-for-resource"), QStringLiteral("--resource-arn"), arn})
              .json()[QStringLiteral("Tags")]
              .toArray();
    QCOMPARE(tags.size(), 1);
    QCOMPARE(tags[0].toObject()[QStringLiteral("Key")].toString(), QStringLiteral("b"));
    QCOMPARE(ok({QStringLiteral("put-resource-policy"), QStringLiteral("--resource-arn"), arn,
                 QStringLiteral("--policy"),
                 QStringLiteral("{\"Version\":\"2012-10-17\",\"Statement\":[]}")})
                 .code,
             0);
    QCOMPARE(
        ok({QStringLiteral("delete-resource-policy"), QStringLiteral("--resource-arn"), arn}).code,
        0);
    QCOMPARE(ok({QStringLiteral("describe-account-settings")})
                 .json()[QStringLiteral("MinimumThroughputBillingCommitment")]
                 .toObject()[QStringLiteral("Status")]
                 .toString(),
             QStringLiteral("DISABLED"));
    QCOMPARE(ok({QStringLiteral("update-account-settings"),
                 QStringLiteral("--minimum-throughput-billing-commitment"),
                 QStringLiteral("Status=ENABLED")})
                 .code,
             0);
    QCOMPARE(
        ok({QStringLiteral("update-stream-warm-throughput"), QStringLiteral("--stream-name"),
            QStringLiteral("n"), QStringLiteral("--warm-throughput-mi-bps"), QStringLiteral("8")})
            .json()[QStringLiteral("WarmThroughput")]
            .toObject()[QStringLiteral("TargetMiBps")]
            .toInt(),
        8);
    QCOMPARE(ok({QStringLiteral("wait"), QStringLiteral("stream-exists"),
                 QStringLiteral("--stream-name"), QStringLiteral("n")})
                 .code,
             0);
    QCOMPARE(ok({QStringLiteral("update-stream-record-distribution-strategy"),
                 QStringLiteral("--stream-arn"), arn,
                 QStringLiteral("--record-distribution-strategy"), QStringLiteral("AUTO")})
                 .code,
             0);
    QCOMPARE(summary()[QStringLiteral("RecordDistributionStrategy")].toString(),
             QStringLiteral("AUTO"));
    QCOMPARE(
        ok({QStringLiteral("disable-enhanced-monitoring"), QStringLiteral("--stream-name"),
            QStringLiteral("n"), QStringLiteral("--shard-level-metrics"), QStringLiteral("ALL")})
            .code,
        0);
}

namespace {
/// Starts `serve` on a free port; its URL (empty if it did not start).
QString startServe(QProcess &serve, const QString &dataDir)
{
    serve.start(qEnvironmentVariable("SHS_CLI"),
                {QStringLiteral("--data-dir"), dataDir, QStringLiteral("serve"),
                 QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0")});
    if (!serve.waitForStarted())
        return {};
    static const QRegularExpression at(QStringLiteral("Serving the Kinesis API at (\\S+)"));
    QString url;
    for (int i = 0; i < 200 && url.isEmpty(); ++i) {
        serve.waitForReadyRead(50);
        const auto m = at.match(QString::fromUtf8(serve.peek(4096)));
        url = m.hasMatch() ? m.captured(1) : QString();
    }
    return url;
}

/// Waits until `process`'s standard error has said `text` (what it said so far is kept in
/// `seen`).
bool saysOnStderr(QProcess &process, QByteArray &seen, const QByteArray &text, int ms = 60000)
{
    QElapsedTimer t;
    t.start();
    while (!seen.contains(text) && t.elapsed() < ms) {
        process.waitForReadyRead(100);
        seen += process.readAllStandardError();
    }
    return seen.contains(text);
}
} // namespace

void TestCli::consumeResumesFromItsCheckpoints()
{
    createActive(QStringLiteral("orders"), 2);
    QByteArray records = "[";
    for (int i = 0; i < 200; ++i)
        records += QByteArray(i ? "," : "") + R"({"Data":"cmVjb3Jk","PartitionKey":"key-)"
                   + QByteArray::number(i % 17) + "\"}";
    records += "]";
    auto put = [&] {
        return cli({QStringLiteral("put-records"), QStringLiteral("--stream-name"),
                    QStringLiteral("orders"), QStringLiteral("--records"), QStringLiteral("-")},
                   records)
            .code;
    };
    QCOMPARE(put(), 0);
    const QStringList consume = {QStringLiteral("consume"), QStringLiteral("--application"),
                                 QStringLiteral("audit"),   QStringLiteral("--stream"),
                                 QStringLiteral("orders"),  QStringLiteral("--workers"),
                                 QStringLiteral("2"),       QStringLiteral("--until-records"),
                                 QStringLiteral("200"),     QStringLiteral("--idle-ms"),
                                 QStringLiteral("100")};
    // The first run lasts 3 s rather than stopping at its 200th record: the second worker steals
    // a lease for balance as the KCL does (the first took both), and the records the first
    // worker read there are not its to checkpoint; the new owner must read them again before
    // the run stops, or the lease keeps its old checkpoint (at-least-once).
    QStringList timed = consume;
    timed[timed.indexOf(QStringLiteral("--until-records"))] = QStringLiteral("--duration");
    timed[timed.indexOf(QStringLiteral("--duration")) + 1] = QStringLiteral("3");
    auto first = cli(timed);
    QCOMPARE(first.code, 0);
    auto j = first.json();
    QCOMPARE(j[QStringLiteral("DistinctRecords")].toInt(), 200);
    QCOMPARE(j[QStringLiteral("Workers")].toArray().size(), 2);
    const auto leases = j[QStringLiteral("Leases")].toArray();
    QCOMPARE(leases.size(), 2);
    for (const auto &l : leases) {
        // Stopped gracefully: checkpointed at a sequence number and released.
        QVERIFY2(
            l.toObject()[QStringLiteral("checkpoint")].toString().startsWith(QStringLiteral("4")),
            QJsonDocument(l.toObject()).toJson(QJsonDocument::Compact).constData());
        QVERIFY(!l.toObject().contains(QStringLiteral("leaseOwner")));
    }
    QVERIFY2(first.err.contains("synced 2 shards into the lease table"), first.err.constData());
    // A second run of the application (one worker: nothing to steal) starts where the first
    // checkpointed: only the new records.
    QCOMPARE(put(), 0);
    QStringList one = consume;
    one[one.indexOf(QStringLiteral("--workers")) + 1] = QStringLiteral("1");
    auto second = cli(one);
    QCOMPARE(second.code, 0);
    QCOMPARE(second.json()[QStringLiteral("DistinctRecords")].toInt(), 200);
    QCOMPARE(second.json()[QStringLiteral("Duplicates")].toInt(), 0);
    // The application is bound to its stream.
    createActive(QStringLiteral("other"), 1);
    auto refused
        = cli({QStringLiteral("consume"), QStringLiteral("--application"), QStringLiteral("audit"),
               QStringLiteral("--stream"), QStringLiteral("other")});
    QCOMPARE(refused.code, 252);
    QVERIFY2(refused.err.contains("Application audit already consumes stream orders"),
             refused.err.constData());
}

void TestCli::consumeWorkersOfTwoProcessesShareALeaseTable()
{
    createActive(QStringLiteral("orders"), 4);
    QProcess serve;
    const QString url = startServe(serve, m_tmp->path());
    QVERIFY(!url.isEmpty());
    qputenv("AWS_ACCESS_KEY_ID", "AKIDCONSUME");
    qputenv("AWS_SECRET_ACCESS_KEY", "secret");
    qputenv("AWS_REGION", "us-east-1");
    const QString table = m_tmp->filePath(QStringLiteral("leases.sqlite3"));
    auto start = [&](QProcess &p) {
        p.start(qEnvironmentVariable("SHS_CLI"),
                {QStringLiteral("--endpoint-url"), url, QStringLiteral("consume"),
                 QStringLiteral("--application"), QStringLiteral("pipeline"),
                 QStringLiteral("--stream"), QStringLiteral("orders"),
                 QStringLiteral("--lease-table"), table, QStringLiteral("--lease-seconds"),
                 QStringLiteral("2"), QStringLiteral("--idle-ms"), QStringLiteral("100"),
                 QStringLiteral("--checkpoint-every"), QStringLiteral("0"),
                 QStringLiteral("--checkpoint-seconds"), QStringLiteral("0")});
        return p.waitForStarted();
    };
    QProcess a, b;
    QByteArray aSaid, bSaid;
    QVERIFY(start(a));
    QVERIFY(saysOnStderr(a, aSaid, "took shardId-000000000003"));
    QVERIFY(start(b));
    // b joins: below its share, it steals from a (one lease each taker cycle).
    QVERIFY2(saysOnStderr(b, bSaid, "stole "), bSaid.constData());
    m_globals = {QStringLiteral("--endpoint-url"), url};
    QCOMPARE(putTinyRecords(QStringLiteral("orders"), 100), 0);
    // a dies without a word; after the lease duration b takes what a held.
    const QByteArray aId = QByteArray::number(a.processId()) + "-w1";
    a.kill();
    a.waitForFinished();
    QVERIFY2(saysOnStderr(b, bSaid, "(expired; was " + aId + ")"), bSaid.constData());
    b.terminate(); // SIGTERM: a graceful stop
    QVERIFY(b.waitForFinished(30000));
    bSaid += b.readAllStandardError();
    serve.terminate();
    serve.waitForFinished();
    QCOMPARE(b.exitCode(), 0);
    const auto j = QJsonDocument::fromJson(b.readAllStandardOutput()).object();
    // b ended holding all four shards' progress: every record was processed by b from a's last
    // checkpoint (none: checkpoints were off), so b saw all 100.
    QCOMPARE(j[QStringLiteral("DistinctRecords")].toInt(), 100);
    for (const auto &l : j[QStringLiteral("Leases")].toArray())
        QVERIFY(!l.toObject().contains(QStringLiteral("leaseOwner")));
    QVERIFY2(bSaid.contains("stopped; released 4 leases"), bSaid.constData());
}

void TestCli::consumeByFanOutThroughAnEndpoint()
{
    // SubscribeToShard from shardscope-cli's remote backend (Qt's HTTP/2 client, prior knowledge
    // on http) to serve (libnghttp2), the event stream decoded on the way back.
    createActive(QStringLiteral("orders"), 2);
    QProcess serve;
    const QString url = startServe(serve, m_tmp->path());
    QVERIFY(!url.isEmpty());
    qputenv("AWS_ACCESS_KEY_ID", "AKIDFANOUT");
    qputenv("AWS_SECRET_ACCESS_KEY", "secret");
    qputenv("AWS_REGION", "us-east-1");
    m_globals = {QStringLiteral("--endpoint-url"), url};
    QCOMPARE(putTinyRecords(QStringLiteral("orders"), 120), 0);
    auto run
        = cli({QStringLiteral("consume"), QStringLiteral("--application"), QStringLiteral("pushed"),
               QStringLiteral("--stream"), QStringLiteral("orders"), QStringLiteral("--fan-out"),
               QStringLiteral("--until-records"), QStringLiteral("120"),
               QStringLiteral("--lease-table"), m_tmp->filePath(QStringLiteral("fan.sqlite3"))});
    auto consumers = cli({QStringLiteral("list-stream-consumers"), QStringLiteral("--stream-arn"),
                          QStringLiteral("arn:aws:kinesis:us-east-1:000000000000:stream/orders")});
    serve.terminate();
    serve.waitForFinished();
    QCOMPARE(run.code, 0);
    const auto j = run.json();
    QCOMPARE(j[QStringLiteral("DistinctRecords")].toInt(), 120);
    QCOMPARE(j[QStringLiteral("Retrieval")].toString(),
             QStringLiteral("SubscribeToShard (enhanced fan-out)"));
    QVERIFY(j[QStringLiteral("ConsumerARN")].toString().contains(
        QStringLiteral(":stream/orders/consumer/pushed:")));
    QVERIFY2(run.err.contains("is ACTIVE: each shard subscribes"), run.err.constData());
    QVERIFY2(consumers.out.contains("\"ConsumerName\": \"pushed\""), consumers.out.constData());
}

void TestCli::lessonsAreListedCheckedAndPlayed()
{
    const auto list = cli({QStringLiteral("lesson"), QStringLiteral("list")});
    QCOMPARE(list.code, 0);
    QVERIFY(list.out.contains("routing"));
    QVERIFY(list.out.contains("Partition-key design and hot keys"));

    // A file with mistakes: every one named with its line and field, exit 255.
    const QString bad = m_tmp->filePath(QStringLiteral("bad.json"));
    QFile f(bad);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(R"({
  "format": "shardscope-lesson",
  "version": 1,
  "id": "mine",
  "title": "Mine",
  "steps": [
    {"title": "One", "narration": "x",
     "actions": [{"do": "createStream", "stream": "s", "shards": 0}],
     "goal": {"text": "g", "checks": [{"is": "openShards", "stream": "t", "min": 2}]}}
  ]
})");
    f.close();
    const auto checked = cli({QStringLiteral("lesson"), QStringLiteral("check"), bad});
    QCOMPARE(checked.code, 255);
    QVERIFY2(checked.err.contains("bad.json:8: steps[0].actions[0].shards: must be between 1 and "
                                  "64 (it is 0)"),
             checked.err.constData());
    QVERIFY2(checked.err.contains("bad.json:9: steps[0].goal.checks[0].stream: no earlier action "
                                  "creates a stream named \"t\""),
             checked.err.constData());
    QVERIFY(checked.err.contains("bad.json: 2 error(s)"));

    // The built-in lessons are valid, by id or by file.
    const auto good
        = cli({QStringLiteral("lesson"), QStringLiteral("check"), QStringLiteral("routing"),
               qEnvironmentVariable("SHS_SOURCE_DIR")
                   + QStringLiteral("/resources/lessons/03-limits.json")});
    QCOMPARE(good.code, 0);
    QVERIFY(good.out.contains("03-limits.json: ok"));

    // Played headless on a scratch engine: nothing reaches the data directory.
    const auto played
        = cli({QStringLiteral("lesson"), QStringLiteral("play"), QStringLiteral("resharding"),
               QStringLiteral("--speed-factor"), QStringLiteral("4"), QStringLiteral("--timeout"),
               QStringLiteral("50")});
    QVERIFY2(played.code == 0, played.err.constData());
    QVERIFY(played.out.contains("step 3/3: Merge neighbours"));
    QVERIFY(played.out.contains("goal reached after"));
    QVERIFY(played.out.contains("lesson resharding finished"));
    QVERIFY(QDir(m_tmp->path()).entryList(QDir::NoDotAndDotDot | QDir::AllEntries).size() == 1);

    // Exported as an AWS CLI script: to standard output, or to a file with what it costs; an
    // unwritable path is named with what to do.
    const auto script
        = cli({QStringLiteral("lesson"), QStringLiteral("export"), QStringLiteral("limits")});
    QVERIFY2(script.code == 0, script.err.constData());
    QVERIFY(script.out.startsWith("#!/usr/bin/env bash\n"));
    QVERIFY(script.out.contains("aws kinesis split-shard --stream-name limits"));
    const auto unwritable
        = cli({QStringLiteral("lesson"), QStringLiteral("export"), QStringLiteral("limits"),
               QStringLiteral("--output"), QStringLiteral("/proc/limits.sh")});
    QCOMPARE(unwritable.code, 255);
    QVERIFY2(unwritable.err.contains("cannot write /proc/limits.sh")
                 && unwritable.err.contains("choose a writable path"),
             unwritable.err.constData());
    const auto unknown
        = cli({QStringLiteral("lesson"), QStringLiteral("export"), QStringLiteral("no-such")});
    QVERIFY(unknown.code != 0);
    QVERIFY2(unknown.err.contains("no lesson file or built-in lesson named \"no-such\""),
             unknown.err.constData());
}

/// `produce`: standard input's lines as user records through the KPL-style producer, aggregated
/// (far fewer Kinesis records than lines); `tail --format text` opens the aggregates again, each
/// line once; a bad setting and a missing stream are refused; `bench put --producer kpl` counts
/// user records.
void TestCli::produceWritesStandardInputThroughTheKplProducer()
{
    createActive(QStringLiteral("lines"), 2);
    QByteArray input;
    for (int i = 1; i <= 5000; ++i)
        input += "line " + QByteArray::number(i) + "\n";
    auto run
        = cli({QStringLiteral("produce"), QStringLiteral("--stream-name"), QStringLiteral("lines")},
              input);
    QVERIFY2(run.code == 0, run.err.constData());
    QCOMPARE(run.json()[QStringLiteral("Lines")].toInt(), 5000);
    QCOMPARE(run.json()[QStringLiteral("UserRecords")].toInt(), 5000);
    QCOMPARE(run.json()[QStringLiteral("UserRecordsFailed")].toInt(), 0);
    const int kinesis = run.json()[QStringLiteral("KinesisRecords")].toInt();
    QVERIFY2(kinesis >= 2 && kinesis <= 20, qPrintable(QString::number(kinesis)));

    auto tail
        = cli({QStringLiteral("tail"), QStringLiteral("--stream"), QStringLiteral("lines"),
               QStringLiteral("--no-follow"), QStringLiteral("--format"), QStringLiteral("text")});
    QCOMPARE(tail.code, 0);
    QSet<QByteArray> seen;
    for (const QByteArray &line : tail.out.split('\n')) {
        if (line.isEmpty())
            continue;
        const QList<QByteArray> parts = line.split(' ');
        QCOMPARE(parts.size(), 5); // shard, SEQUENCE:SUB, key, "line", n
        QVERIFY(parts[1].contains(':'));
        seen.insert(parts[4]);
    }
    QCOMPARE(seen.size(), 5000);

    // One key for every line: all in one shard, in order.
    run = cli({QStringLiteral("produce"), QStringLiteral("--stream-name"), QStringLiteral("lines"),
               QStringLiteral("--partition-key"), QStringLiteral("one"), QStringLiteral("--quiet")},
              "a\nb\nc\n");
    QCOMPARE(run.code, 0);
    QVERIFY(run.out.isEmpty());

    const QString config = m_tmp->path() + QStringLiteral("/kpl.properties");
    QFile f(config);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("# KPL settings\nAggregationMaxSize = 99999999\n");
    f.close();
    run = cli({QStringLiteral("produce"), QStringLiteral("--stream-name"), QStringLiteral("lines"),
               QStringLiteral("--config"), config},
              "x\n");
    QCOMPARE(run.code, 252);
    QVERIFY2(run.err.contains("AggregationMaxSize must be between 64 and 1048576, got 99999999."),
             run.err.constData());
    run = cli({QStringLiteral("produce"), QStringLiteral("--stream-name"), QStringLiteral("none")},
              "x\n");
    QCOMPARE(run.code, 254);
    QVERIFY(run.err.contains("ResourceNotFoundException"));

    run = cli({QStringLiteral("bench"), QStringLiteral("put"), QStringLiteral("--stream"),
               QStringLiteral("kb"), QStringLiteral("--shards"), QStringLiteral("2"),
               QStringLiteral("--records"), QStringLiteral("20000"), QStringLiteral("--size"),
               QStringLiteral("100"), QStringLiteral("--producer"), QStringLiteral("kpl")});
    QVERIFY2(run.code == 0, run.err.constData());
    QCOMPARE(run.json()[QStringLiteral("UserRecords")].toInt(), 20000);
    QCOMPARE(run.json()[QStringLiteral("UserRecordsFailed")].toInt(), 0);
    QVERIFY(run.json()[QStringLiteral("UserRecordsPerKinesisRecord")].toDouble() > 10);
    QCOMPARE(run.json()[QStringLiteral("Configuration")]
                 .toObject()[QStringLiteral("AggregationMaxSize")]
                 .toString(),
             QStringLiteral("51200"));
}

void TestCli::alarmsAreDefinedEvaluatedListedAndDeleted()
{
    createActive(QStringLiteral("s"), 1);
    auto presets = cli({QStringLiteral("alarms"), QStringLiteral("recommended"),
                        QStringLiteral("--stream-name"), QStringLiteral("s")});
    QCOMPARE(presets.code, 0);
    QCOMPARE(presets.json()[QStringLiteral("AlarmNames")].toArray().size(), 5);
    // PutMetricAlarm's checks, with CloudWatch's error name.
    auto bad = cli({QStringLiteral("alarms"), QStringLiteral("put"), QStringLiteral("--alarm-name"),
                    QStringLiteral("x"), QStringLiteral("--stream-name"), QStringLiteral("s"),
                    QStringLiteral("--metric-name"), QStringLiteral("IncomingRecords"),
                    QStringLiteral("--statistic"), QStringLiteral("Sum"),
                    QStringLiteral("--evaluation-periods"), QStringLiteral("2"),
                    QStringLiteral("--datapoints-to-alarm"), QStringLiteral("3"),
                    QStringLiteral("--threshold"), QStringLiteral("1")});
    QCOMPARE(bad.code, 254);
    QVERIFY2(bad.err.contains("An error occurred (ValidationError) when calling the "
                              "PutMetricAlarm operation: DatapointsToAlarm must be between 1 and "
                              "the EvaluationPeriods (2)."),
             bad.err.constData());
    // An alarm on writes that counts missing data as breaching.
    QCOMPARE(cli({QStringLiteral("alarms"), QStringLiteral("put"), QStringLiteral("--alarm-name"),
                  QStringLiteral("s-writes"), QStringLiteral("--stream-name"), QStringLiteral("s"),
                  QStringLiteral("--metric-name"), QStringLiteral("PutRecords.Success"),
                  QStringLiteral("--statistic"), QStringLiteral("Sum"),
                  QStringLiteral("--evaluation-periods"), QStringLiteral("5"),
                  QStringLiteral("--threshold"), QStringLiteral("1"),
                  QStringLiteral("--comparison-operator"), QStringLiteral("LessThanThreshold"),
                  QStringLiteral("--treat-missing-data"), QStringLiteral("breaching")})
                 .code,
             0);
    // Nothing was written: that alarm fires, the recommended ones find their datapoints
    // unknown.
    auto evaluated = cli({QStringLiteral("alarms"), QStringLiteral("evaluate")});
    QCOMPARE(evaluated.code, 0);
    QCOMPARE(evaluated.json()[QStringLiteral("StateChanges")].toArray().size(), 6);
    auto alarm = cli({QStringLiteral("alarms"), QStringLiteral("list"),
                      QStringLiteral("--state-value"), QStringLiteral("ALARM")});
    const QJsonArray firing = alarm.json()[QStringLiteral("MetricAlarms")].toArray();
    QCOMPARE(firing.size(), 1);
    const QJsonObject a = firing[0].toObject();
    QCOMPARE(a[QStringLiteral("AlarmName")].toString(), QStringLiteral("s-writes"));
    QCOMPARE(a[QStringLiteral("Namespace")].toString(), QStringLiteral("AWS/Kinesis"));
    QCOMPARE(a[QStringLiteral("AlarmArn")].toString(),
             QStringLiteral("arn:aws:cloudwatch:us-east-1:000000000000:alarm:s-writes"));
    QCOMPARE(a[QStringLiteral("StateReason")].toString(),
             QStringLiteral("Threshold Crossed: no datapoints were received for 5 periods and 5 "
                            "missing datapoints were treated as [Breaching]."));
    auto history = cli({QStringLiteral("alarms"), QStringLiteral("history"),
                        QStringLiteral("--alarm-name"), QStringLiteral("s-IteratorAge")});
    const QJsonArray items = history.json()[QStringLiteral("AlarmHistoryItems")].toArray();
    QCOMPARE(items.size(), 1);
    QCOMPARE(items[0].toObject()[QStringLiteral("HistorySummary")].toString(),
             QStringLiteral("Alarm updated from INSUFFICIENT_DATA to INSUFFICIENT_DATA"));
    QVERIFY(items[0].toObject()[QStringLiteral("HistoryData")].toString().contains(
        QStringLiteral("Insufficient Data: 15 datapoints were unknown.")));
    QCOMPARE(cli({QStringLiteral("alarms"), QStringLiteral("delete"),
                  QStringLiteral("--alarm-names"), QStringLiteral("nope")})
                 .code,
             254);
    QCOMPARE(cli({QStringLiteral("alarms"), QStringLiteral("delete"),
                  QStringLiteral("--alarm-names"), QStringLiteral("s-IteratorAge")})
                 .code,
             0);
    QCOMPARE(cli({QStringLiteral("alarms"), QStringLiteral("list")})
                 .json()[QStringLiteral("MetricAlarms")]
                 .toArray()
                 .size(),
             5);
}

void TestCli::alarmsOfARemoteStreamAreCloudWatchs()
{
    shs::test::FakeCloudWatch cloudWatch({QJsonObject{
        {QStringLiteral("MetricAlarms"),
         QJsonArray{QJsonObject{
             {QStringLiteral("AlarmName"), QStringLiteral("s-age")},
             {QStringLiteral("Namespace"), QStringLiteral("AWS/Kinesis")},
             {QStringLiteral("MetricName"), QStringLiteral("GetRecords.IteratorAgeMilliseconds")},
             {QStringLiteral("Dimensions"),
              QJsonArray{QJsonObject{{QStringLiteral("Name"), QStringLiteral("StreamName")},
                                     {QStringLiteral("Value"), QStringLiteral("s")}}}},
             {QStringLiteral("Statistic"), QStringLiteral("Maximum")},
             {QStringLiteral("Period"), 60},
             {QStringLiteral("EvaluationPeriods"), 15},
             {QStringLiteral("Threshold"), 60000.0},
             {QStringLiteral("ComparisonOperator"),
              QStringLiteral("GreaterThanOrEqualToThreshold")},
             {QStringLiteral("StateValue"), QStringLiteral("OK")},
             {QStringLiteral("StateReason"), QStringLiteral("Threshold Crossed: …")},
             {QStringLiteral("StateUpdatedTimestamp"), 1796454000.0}}}}}});
    qputenv("AWS_ACCESS_KEY_ID", "AKIDALARMS");
    qputenv("AWS_SECRET_ACCESS_KEY", "secret");
    qputenv("AWS_REGION", "us-east-1");
    qputenv("AWS_ENDPOINT_URL_CLOUDWATCH", cloudWatch.url().toUtf8());
    // Kinesis itself is never asked: an endpoint nothing listens on will do.
    QProcess p;
    p.start(qEnvironmentVariable("SHS_CLI"),
            {QStringLiteral("--endpoint-url"), QStringLiteral("http://127.0.0.1:9"),
             QStringLiteral("alarms"), QStringLiteral("list"), QStringLiteral("--stream-name"),
             QStringLiteral("s")});
    QVERIFY(p.waitForStarted());
    // The fake answers on this thread's event loop, so wait in it.
    QTRY_VERIFY_WITH_TIMEOUT(p.state() == QProcess::NotRunning, 30000);
    qunsetenv("AWS_ENDPOINT_URL_CLOUDWATCH");
    const QByteArray err = p.readAllStandardError();
    QCOMPARE(p.exitCode(), 0);
    const QJsonArray alarms = QJsonDocument::fromJson(p.readAllStandardOutput())
                                  .object()[QStringLiteral("MetricAlarms")]
                                  .toArray();
    QCOMPARE(alarms.size(), 1);
    QCOMPARE(alarms[0].toObject()[QStringLiteral("AlarmName")].toString(), QStringLiteral("s-age"));
    QCOMPARE(alarms[0].toObject()[QStringLiteral("StateValue")].toString(), QStringLiteral("OK"));
    QCOMPARE(cloudWatch.requests.at(0).headers.value("x-amz-target"),
             QByteArray("GraniteServiceVersion20100801.DescribeAlarms"));
    // Defining one there is CloudWatch's business: refused, naming why.
    auto put = cli({QStringLiteral("--endpoint-url"), QStringLiteral("http://127.0.0.1:9"),
                    QStringLiteral("alarms"), QStringLiteral("put"), QStringLiteral("--alarm-name"),
                    QStringLiteral("x"), QStringLiteral("--stream-name"), QStringLiteral("s"),
                    QStringLiteral("--metric-name"), QStringLiteral("IncomingRecords"),
                    QStringLiteral("--threshold"), QStringLiteral("1")});
    QCOMPARE(put.code, 252);
    Q_UNUSED(err);
}

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
