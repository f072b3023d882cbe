// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
// "Copy as AWS CLI": the command lines for each action, and shell quoting that survives a POSIX
// shell (checked by running /bin/sh on the quoted words).
#include "engine/catalogue.h"
#include "service/aws_cli.h"

#include <QProcess>
#include <QtTest>
#include <set>

using namespace shs::core;
namespace awscli = shs::awscli;

class TestAwsCli : public QObject
{
    Q_OBJECT
  private Q_SLOTS:
    void commands_data();
    void commands();
    void quotingSurvivesTheShell_data();
    void quotingSurvivesTheShell();
    void remoteTargetIsAppended();
    void everyOperationHasItsCommand();
};

void TestAwsCli::commands_data()
{
    QTest::addColumn<QString>("actual");
    QTest::addColumn<QString>("expected");
    CreateStreamRequest provisioned{"clicks", 4, StreamMode::Provisioned, {}};
    CreateStreamRequest onDemand{"iot", std::nullopt, StreamMode::OnDemand, {}};
    QTest::newRow("create provisioned")
        << awscli::createStream(provisioned)
        << QStringLiteral("aws kinesis create-stream --stream-name clicks --shard-count 4");
    QTest::newRow("create on-demand")
        << awscli::createStream(onDemand)
        << QStringLiteral("aws kinesis create-stream --stream-name iot --stream-mode-details "
                          "StreamMode=ON_DEMAND");
    QTest::newRow("delete") << awscli::deleteStream(QStringLiteral("clicks"))
                            << QStringLiteral("aws kinesis delete-stream --stream-name clicks");
    QTest::newRow("split") << awscli::splitShard(
        QStringLiteral("clicks"), QStringLiteral("shardId-000000000001"),
        QStringLiteral("127605887595351923798765477786913079296"))
                           << QStringLiteral(
                                  "aws kinesis split-shard --stream-name clicks --shard-to-split "
                                  "shardId-000000000001 --new-starting-hash-key "
                                  "127605887595351923798765477786913079296");
    QTest::newRow("increase-retention")
        << awscli::updateRetention(QStringLiteral("clicks"), 168, true)
        << QStringLiteral("aws kinesis increase-stream-retention-period --stream-name clicks "
                          "--retention-period-hours 168");
    QTest::newRow("decrease-retention")
        << awscli::updateRetention(QStringLiteral("clicks"), 24, false)
        << QStringLiteral("aws kinesis decrease-stream-retention-period --stream-name clicks "
                          "--retention-period-hours 24");
    QTest::newRow("add-tags") << awscli::addTagsToStream(QStringLiteral("clicks"),
                                                         {{"team", "data eng"}, {"env", "dev"}})
                              << QStringLiteral(
                                     "aws kinesis add-tags-to-stream --stream-name clicks --tags "
                                     "'{\"env\":\"dev\",\"team\":\"data eng\"}'");
    QTest::newRow("remove-tags")
        << awscli::removeTagsFromStream(QStringLiteral("clicks"), {"env", "team"})
        << QStringLiteral(
               "aws kinesis remove-tags-from-stream --stream-name clicks --tag-keys env team");
    QTest::newRow("merge")
        << awscli::mergeShards(QStringLiteral("clicks"), QStringLiteral("shardId-000000000000"),
                               QStringLiteral("shardId-000000000001"))
        << QStringLiteral("aws kinesis merge-shards --stream-name clicks --shard-to-merge "
                          "shardId-000000000000 --adjacent-shard-to-merge shardId-000000000001");
    QTest::newRow("update-shard-count")
        << awscli::updateShardCount(QStringLiteral("clicks"), 8)
        << QStringLiteral("aws kinesis update-shard-count --stream-name clicks "
                          "--target-shard-count 8 --scaling-type UNIFORM_SCALING");
    QTest::newRow("update-stream-mode")
        << awscli::updateStreamMode(
               QStringLiteral("arn:aws:kinesis:us-east-1:000000000000:stream/clicks"),
               StreamMode::OnDemand)
        << QStringLiteral("aws kinesis update-stream-mode --stream-arn "
                          "arn:aws:kinesis:us-east-1:000000000000:stream/clicks "
                          "--stream-mode-details StreamMode=ON_DEMAND");
    PutRecordRequest text{
        {"clicks", {}}, R"({"page": "/cart"})", "user 42", std::nullopt, std::nullopt};
    QTest::newRow("put-record text")
        << awscli::putRecord(text, true)
        << QStringLiteral(
               R"(aws kinesis put-record --stream-name clicks --data '{"page": "/cart"}' )"
               R"(--partition-key 'user 42' --cli-binary-format raw-in-base64-out)");
    PutRecordRequest binary{
        {"clicks", {}}, std::string("\xde\xad\xbe\xef", 4), "k", std::string("0"), std::nullopt};
    QTest::newRow("put-record binary")
        << awscli::putRecord(binary, false)
        // Options in the model's member order, as the AWS CLI's reference lists them.
        << QStringLiteral("aws kinesis put-record --stream-name clicks --data 3q2+7w== "
                          "--partition-key k --explicit-hash-key 0");
    GetShardIteratorRequest latest{
        {"clicks", {}}, "shardId-000000000000", ShardIteratorType::Latest, {}, {}};
    QTest::newRow("iterator latest")
        << awscli::getShardIterator(latest)
        << QStringLiteral("aws kinesis get-shard-iterator --stream-name clicks --shard-id "
                          "shardId-000000000000 --shard-iterator-type LATEST");
    GetShardIteratorRequest at{
        {"clicks", {}}, "shardId-000000000000", ShardIteratorType::AtTimestamp, {}, 1795687200000};
    QTest::newRow("iterator at timestamp")
        << awscli::getShardIterator(at)
        << QStringLiteral(
               "aws kinesis get-shard-iterator --stream-name clicks --shard-id "
               "shardId-000000000000 "
               "--shard-iterator-type AT_TIMESTAMP --timestamp 2026-11-26T10:00:00.000Z");
    GetShardIteratorRequest after{
        {"clicks", {}}, "shardId-000000000000", ShardIteratorType::AfterSequenceNumber, "4968", {}};
    QTest::newRow("iterator after sequence number")
        << awscli::getShardIterator(after)
        << QStringLiteral(
               "aws kinesis get-shard-iterator --stream-name clicks --shard-id "
               "shardId-000000000000 "
               "--shard-iterator-type AFTER_SEQUENCE_NUMBER --starting-sequence-number 4968");
    // SubscribeToShard's StartingPosition is a structure: the CLI's shorthand, one option.
    const std::string consumer
        = "arn:aws:kinesis:us-east-1:000000000000:stream/clicks/consumer/tab:1795687200";
    SubscribeToShardRequest subscribe{
        consumer, {}, "shardId-000000000000", {ShardIteratorType::AtSequenceNumber, "4968", {}}};
    QTest::newRow("subscribe at sequence number")
        << awscli::subscribeToShard(subscribe)
        << QStringLiteral("aws kinesis subscribe-to-shard --consumer-arn "
                          "arn:aws:kinesis:us-east-1:000000000000:stream/clicks/consumer/"
                          "tab:1795687200 --shard-id shardId-000000000000 --starting-position "
                          "Type=AT_SEQUENCE_NUMBER,SequenceNumber=4968");
    subscribe.startingPosition = {ShardIteratorType::AtTimestamp, {}, 1795687200000};
    QTest::newRow("subscribe at timestamp")
        << awscli::subscribeToShard(subscribe)
        << QStringLiteral("aws kinesis subscribe-to-shard --consumer-arn "
                          "arn:aws:kinesis:us-east-1:000000000000:stream/clicks/consumer/"
                          "tab:1795687200 --shard-id shardId-000000000000 --starting-position "
                          "Type=AT_TIMESTAMP,Timestamp=2026-11-26T10:00:00.000Z");
}

void TestAwsCli::everyOperationHasItsCommand()
{
    // One command function per catalogue operation (operations of the same request and response
    // types share one).
    const auto all = awscli::everyCommand();
    QCOMPARE(all.size(), std::tuple_size_v<decltype(ops::all)>);
    QVERIFY(std::find(all.begin(), all.end(), nullptr) == all.end());
    // The newer operations, as the AWS CLI spells them.
    QCOMPARE(awscli::command(ops::UpdateStreamWarmThroughput,
                             UpdateStreamWarmThroughputRequest{{"clicks", {}}, 64}),
             QStringLiteral("aws kinesis update-stream-warm-throughput --stream-name clicks "
                            "--warm-throughput-mi-bps 64"));
    QCOMPARE(awscli::command(ops::UpdateStreamRecordDistributionStrategy,
                             UpdateStreamRecordDistributionStrategyRequest{
                                 {{}, "arn:aws:kinesis:us-east-1:000000000000:stream/clicks"},
                                 RecordDistributionStrategy::Auto}),
             QStringLiteral("aws kinesis update-stream-record-distribution-strategy --stream-arn "
                            "arn:aws:kinesis:us-east-1:000000000000:stream/clicks "
                            "--record-distribution-strategy AUTO"));
}

void TestAwsCli::commands()
{
    QFETCH(QString, actual);
    QFETCH(QString, expected);
    QCOMPARE(actual, expected);
}

void TestAwsCli::quotingSurvivesTheShell_data()
{
    QTest::addColumn<QString>("word");
    QTest::newRow("plain") << QStringLiteral("user-42");
    QTest::newRow("space") << QStringLiteral("user 42");
    QTest::newRow("single quote") << QStringLiteral("it's");
    QTest::newRow("json") << QStringLiteral(R"({"a": "$HOME `x` \n"})");
    QTest::newRow("unicode") << QString::fromUtf8("日本 🎉");
    QTest::newRow("glob") << QStringLiteral("*?[a]");
}

void TestAwsCli::quotingSurvivesTheShell()
{
    QFETCH(QString, word);
    QProcess sh;
    sh.start(QStringLiteral("/bin/sh"),
             {QStringLiteral("-c"), QStringLiteral("printf '%s' ") + awscli::quote(word)});
    QVERIFY(sh.waitForFinished(5000));
    QCOMPARE(QString::fromUtf8(sh.readAllStandardOutput()), word);
}

void TestAwsCli::remoteTargetIsAppended()
{
    // A window on a remote endpoint: every command carries the options that reach it.
    awscli::setTarget({QStringLiteral("--endpoint-url"), QStringLiteral("http://localhost:4566"),
                       QStringLiteral("--region"), QStringLiteral("eu-west-1"),
                       QStringLiteral("--profile"), QStringLiteral("my dev")});
    QCOMPARE(
        awscli::deleteStream(QStringLiteral("orders")),
        QStringLiteral(
            "aws kinesis delete-stream --stream-name orders --endpoint-url http://localhost:4566 "
            "--region eu-west-1 --profile 'my dev'"));
    awscli::setTarget({});
    QCOMPARE(awscli::deleteStream(QStringLiteral("orders")),
             QStringLiteral("aws kinesis delete-stream --stream-name orders"));
}

QTEST_APPLESS_MAIN(TestAwsCli)
#include "tst_aws_cli.moc"
