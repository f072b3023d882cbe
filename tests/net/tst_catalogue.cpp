// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
// The catalogue and the shapes: every operation's request and response survive the wire both
// ways, a request built to its rules passes them, the endpoint serves exactly the catalogue, and
// the texts and member order are the service's.
#include "endpoint/kinesis_endpoint.h"
#include "endpoint/shape_json.h"

#include "engine/catalogue.h"
#include "local_kinesis.h"
#include "remote/remote_backend.h"
#include "service/local_backend.h"

#include <QJsonDocument>
#include <QtTest>

#include <set>

using namespace shs;
using namespace shs::core;
namespace shapejson = shs::net::shapejson;

namespace {

/// A value for every member, inside the member's rules: what a careful client would send.
template <class F> void fill(F &value, const shape::Rules &rules, unsigned flags);

template <shape::Structure T> T sample()
{
    T out{};
    shape::forEachMember<T>([&](const auto &m) {
        using Field = typename std::decay_t<decltype(m)>::FieldType;
        if constexpr (shape::Structure<Field>) {
            if (m.name.empty()) {
                out.*(m.field) = sample<Field>();
                return;
            }
        }
        fill(out.*(m.field), m.rules, m.flags);
    });
    return out;
}

std::string textFor(const shape::Rules &rules)
{
    switch (rules.pattern) {
    case shape::Pattern::StreamArn:
        return "arn:aws:kinesis:us-east-1:000000000000:stream/s";
    case shape::Pattern::ResourceArn:
    case shape::Pattern::ConsumerArn:
        return "arn:aws:kinesis:us-east-1:000000000000:stream/s/consumer/c:1795687200";
    case shape::Pattern::HashKey:
        return "170141183460469231731687303715884105728";
    case shape::Pattern::SequenceNumber:
        return "49654140532140283146426112323393513187";
    case shape::Pattern::Name:
        return "s-1.x_y";
    case shape::Pattern::None:
        break;
    }
    return std::string(std::size_t(std::max<std::int64_t>(rules.minLength, 3)), 'x');
}

template <class F> void fill(F &value, const shape::Rules &rules, unsigned flags)
{
    if constexpr (shape::IsOptional<F>::value) {
        value.emplace();
        fill(*value, rules, flags);
    } else if constexpr (std::is_same_v<F, std::string>) {
        value = (flags & shape::Blob) ? std::string("\0\x01\xff bytes", 9) : textFor(rules);
    } else if constexpr (std::is_same_v<F, bool>) {
        value = true;
    } else if constexpr (std::is_same_v<F, HashKey>) {
        value = *HashKey::fromDecimal("85070591730234615865843651857942052864");
    } else if constexpr (std::is_enum_v<F>) {
        value = shape::Enum<F>::values.back().first;
    } else if constexpr (std::is_integral_v<F>) {
        if (flags & shape::Timestamp)
            value = static_cast<F>(1795687200123);
        else
            value = static_cast<F>(std::clamp<std::int64_t>(7, rules.minValue, rules.maxValue));
    } else if constexpr (shape::IsVector<F>::value) {
        value.resize(2);
        for (auto &e : value)
            fill(e, shape::Rules{}, flags);
    } else if constexpr (shape::IsMap<F>::value) {
        value = {{"team", "streams"}, {"env", "lab"}};
    } else if constexpr (shape::Structure<F>) {
        value = sample<F>();
    }
}

template <shape::Structure T> void roundTrips(const char *what)
{
    const T original = sample<T>();
    const QByteArray once = shapejson::encode(original);
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(once, &error);
    QVERIFY2(error.error == QJsonParseError::NoError && doc.isObject(), what);
    shapejson::Reading reading;
    const T back = shapejson::decode<T>(doc.object(), reading);
    QVERIFY2(!reading.problem(),
             (std::string(what) + ": " + reading.problem().value_or(Error{}).message).c_str());
    QCOMPARE(shapejson::encode(back), once);
}

QJsonObject json(const char *text)
{
    return QJsonDocument::fromJson(QByteArray(text)).object();
}

template <shape::Structure T> std::string problemOf(const char *text)
{
    shapejson::Reading reading;
    const T request = shapejson::decode<T>(json(text), reading);
    if (auto p = reading.problem())
        return std::string(p->name()) + ": " + p->message;
    if (auto v = shape::validate(request).error())
        return std::string(v->name()) + ": " + v->message;
    return {};
}

} // namespace

class TestCatalogue : public QObject
{
    Q_OBJECT
  private Q_SLOTS:
    void everyOperationRoundTrips();
    void requestsBuiltToTheRulesPassThem();
    void theEndpointServesExactlyTheCatalogue();
    void namesAreUniqueAndCliNamesAreTheAwsClis();
    void validationTextsAreAws_data();
    void validationTextsAreAws();
    void membersAreWrittenInTheServicesOrder();
    void requiredMembersInsideWireStructures();
    void ratesAreAwssDocumented();
    void everyOperationHasFuzzSeeds();
    void newOperationsThroughBothBackends_data();
    void newOperationsThroughBothBackends();
};

void TestCatalogue::everyOperationRoundTrips()
{
    int operations = 0;
    ops::forEach([&](const auto &op) {
        using Op = std::decay_t<decltype(op)>;
        ++operations;
        roundTrips<typename Op::Request>(op.name.data());
        if constexpr (!std::is_void_v<typename Op::Response>)
            roundTrips<typename Op::Response>(op.name.data());
    });
    QCOMPARE(operations, int(std::tuple_size_v<decltype(ops::all)>));
}

void TestCatalogue::requestsBuiltToTheRulesPassThem()
{
    ops::forEach([&](const auto &op) {
        using Req = typename std::decay_t<decltype(op)>::Request;
        const auto problem = shape::validate(sample<Req>()).error();
        const std::string why = std::string(op.name) + ": " + (problem ? problem->message : "");
        QVERIFY2(!problem, why.c_str());
    });
}

void TestCatalogue::theEndpointServesExactlyTheCatalogue()
{
    QStringList names;
    ops::forEach([&](const auto &op) { names << QString::fromLatin1(op.name); });
    names << QString::fromLatin1(ops::SubscribeToShard.name); // the event stream
    names.sort();
    QCOMPARE(net::KinesisEndpoint::operations(), names);
}

void TestCatalogue::namesAreUniqueAndCliNamesAreTheAwsClis()
{
    std::set<std::string_view> seen;
    ops::forEach([&](const auto &op) {
        QVERIFY2(seen.insert(op.name).second, op.name.data());
        QVERIFY(!op.summary.empty());
        QVERIFY(op.run != nullptr);
        QVERIFY(op.rate.perSecond > 0);
    });
    QCOMPARE(QString::fromStdString(ops::cliName(ops::PutRecords.name)),
             QStringLiteral("put-records"));
    QCOMPARE(QString::fromStdString(ops::cliName(ops::DescribeStreamSummary.name)),
             QStringLiteral("describe-stream-summary"));
    QCOMPARE(QString::fromStdString(ops::cliName(ops::IncreaseStreamRetentionPeriod.name)),
             QStringLiteral("increase-stream-retention-period"));
    // Member names as the AWS CLI spells their options (botocore's xform_name).
    QCOMPARE(QString::fromStdString(ops::cliName("StreamARN")), QStringLiteral("stream-arn"));
    QCOMPARE(QString::fromStdString(ops::cliName("ResourceARN")), QStringLiteral("resource-arn"));
    QCOMPARE(QString::fromStdString(ops::cliName("MaxRecordSizeInKiB")),
             QStringLiteral("max-record-size-in-ki-b"));
    QCOMPARE(QString::fromStdString(ops::cliName("ShardLevelMetrics")),
             QStringLiteral("shard-level-metrics"));
    QCOMPARE(QString::fromStdString(ops::cliName("MinimumThroughputBillingCommitment")),
             QStringLiteral("minimum-throughput-billing-commitment"));
}

void TestCatalogue::validationTextsAreAws_data()
{
    QTest::addColumn<QString>("operation");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("expected");
    QTest::newRow("pattern and range, two at once")
        << "CreateStream" << QByteArray(R"({"StreamName":"bad name!","ShardCount":0})")
        << "ValidationException: 2 validation errors detected: Value 'bad name!' at 'streamName' "
           "failed to satisfy constraint: Member must satisfy regular expression pattern: "
           "[a-zA-Z0-9_.-]+; Value '0' at 'shardCount' failed to satisfy constraint: Member "
           "must have value greater than or equal to 1";
    QTest::newRow("nested enum")
        << "CreateStream"
        << QByteArray(R"({"StreamName":"s","StreamModeDetails":{"StreamMode":"FAST"}})")
        << "ValidationException: 1 validation error detected: Value 'FAST' at "
           "'streamModeDetails.streamMode' failed to satisfy constraint: Member must satisfy "
           "enum value set: [PROVISIONED, ON_DEMAND]";
    QTest::newRow("list entry members")
        << "PutRecords"
        << QByteArray(R"({"StreamName":"s","Records":[{"Data":"aGk=","PartitionKey":"k"},)"
                      R"({"Data":"aGk=","PartitionKey":"","ExplicitHashKey":"-1"}]})")
        // In the model's member order (PutRecordsRequestEntry: Data, ExplicitHashKey,
        // PartitionKey).
        << "ValidationException: 2 validation errors detected: Value '-1' at "
           "'records.2.member.explicitHashKey' failed to satisfy constraint: Member must satisfy "
           "regular expression pattern: 0|([1-9]\\d{0,38}); Value '' at "
           "'records.2.member.partitionKey' failed to satisfy constraint: Member must have "
           "length greater than or equal to 1";
    QTest::newRow("partition key counted in characters")
        << "PutRecord"
        // 250 characters in 300 bytes: within the 256 the model allows.
        << QByteArray(R"({"StreamName":"s","Data":"aGk=","PartitionKey":")" + QByteArray(200, 'a')
                      + QByteArray("\xc3\xa9").repeated(50) + R"("})")
        << QString();
    QTest::newRow("required, absent")
        << "GetShardIterator" << QByteArray(R"({"StreamName":"s"})")
        << "ValidationException: 2 validation errors detected: Value null at 'shardId' failed "
           "to satisfy constraint: Member must not be null; Value null at 'shardIteratorType' "
           "failed to satisfy constraint: Member must not be null";
    QTest::newRow("UpdateStreamMode needs the ARN and the details")
        << "UpdateStreamMode" << QByteArray(R"({"StreamName":"s"})")
        << "ValidationException: 2 validation errors detected: Value null at 'streamARN' failed "
           "to satisfy constraint: Member must not be null; Value null at 'streamModeDetails' "
           "failed to satisfy constraint: Member must not be null";
    QTest::newRow("wrong JSON type") << "ListStreams" << QByteArray(R"({"Limit":"ten"})")
                                     << "SerializationException: 'Limit' must be an integer.";
    QTest::newRow("tags: a map of strings")
        << "AddTagsToStream" << QByteArray(R"({"StreamName":"s","Tags":{"a":1}})")
        << "SerializationException: 'Tags' must be a map of strings.";
    QTest::newRow("empty tag list")
        << "RemoveTagsFromStream" << QByteArray(R"({"StreamName":"s","TagKeys":[]})")
        << "ValidationException: 1 validation error detected: Value '[]' at 'tagKeys' failed to "
           "satisfy constraint: Member must have length greater than or equal to 1";
    QTest::newRow("a stream ARN that is not one")
        << "DescribeStreamSummary" << QByteArray(R"({"StreamARN":"arn:aws:s3:::bucket"})")
        << "ValidationException: 1 validation error detected: Value 'arn:aws:s3:::bucket' at "
           "'streamARN' failed to satisfy constraint: Member must satisfy regular expression "
           "pattern: arn:aws.*:kinesis:.*:\\d{12}:stream/\\S+";
}

void TestCatalogue::validationTextsAreAws()
{
    QFETCH(QString, operation);
    QFETCH(QByteArray, body);
    QFETCH(QString, expected);
    std::string got = "(no such operation)";
    ops::forEach([&](const auto &op) {
        if (QString::fromLatin1(op.name) != operation)
            return;
        using Req = typename std::decay_t<decltype(op)>::Request;
        got = problemOf<Req>(body.constData());
    });
    QCOMPARE(QString::fromStdString(got), expected);
}

void TestCatalogue::membersAreWrittenInTheServicesOrder()
{
    StreamDescription d;
    d.streamName = "s";
    d.streamArn = "arn:aws:kinesis:us-east-1:000000000000:stream/s";
    d.status = StreamStatus::Active;
    d.creationMs = 1795687200123;
    ShardDescription shard;
    shard.shardId = "shardId-000000000001";
    shard.parentShardId = "shardId-000000000000";
    shard.startingHashKey = HashKey::zero();
    shard.endingHashKey = HashKey::max();
    shard.startingSequenceNumber = "1";
    d.shards = {shard};
    QCOMPARE(shapejson::encode(d, {}, ops::DescribeStream.responseWrapper),
             QByteArray(
                 R"({"StreamDescription":{"StreamName":"s","StreamARN":"arn:aws:kinesis:us-east-1:)"
                 R"(000000000000:stream/s","StreamStatus":"ACTIVE","StreamModeDetails":)"
                 R"({"StreamMode":"PROVISIONED"},"Shards":[{"ShardId":"shardId-000000000001",)"
                 R"("ParentShardId":"shardId-000000000000","HashKeyRange":{"StartingHashKey":"0",)"
                 R"("EndingHashKey":"340282366920938463463374607431768211455"},)"
                 R"("SequenceNumberRange":{"StartingSequenceNumber":"1"}}],"HasMoreShards":false,)"
                 R"("RetentionPeriodHours":24,"StreamCreationTimestamp":1795687200.123,)"
                 R"("EnhancedMonitoring":[{"ShardLevelMetrics":[]}],"EncryptionType":"NONE"}})"));
    // PutRecords: each entry carries either where it went or why it failed.
    PutRecordsResult r;
    r.failedRecordCount = 1;
    r.records = {{"49", "shardId-000000000000", {}, {}},
                 {{}, "shardId-000000000000", "ProvisionedThroughputExceededException", "Rate"}};
    QCOMPARE(shapejson::encode(r),
             QByteArray(R"({"FailedRecordCount":1,"Records":[{"SequenceNumber":"49","ShardId":)"
                        R"("shardId-000000000000"},{"ErrorCode":"ProvisionedThroughputExceeded)"
                        R"(Exception","ErrorMessage":"Rate"}],"EncryptionType":"NONE"})"));
    // A record names its encryption only when there is one; blobs are base64.
    GetRecordsResult g;
    g.records = {{"49", 1795687200000, std::string("\0hi", 3), "k", "NONE"}};
    g.millisBehindLatest = 0;
    QCOMPARE(
        shapejson::encode(g),
        QByteArray(R"({"Records":[{"SequenceNumber":"49","ApproximateArrivalTimestamp":)"
                   R"(1795687200,"Data":"AGhp","PartitionKey":"k"}],"MillisBehindLatest":0})"));
}

void TestCatalogue::requiredMembersInsideWireStructures()
{
    // CreateStream's StreamModeDetails is optional, but when given, StreamMode is required in it.
    QCOMPARE(QString::fromStdString(problemOf<CreateStreamRequest>(R"({"StreamName":"s"})")),
             QString());
    QCOMPARE(QString::fromStdString(
                 problemOf<CreateStreamRequest>(R"({"StreamName":"s","StreamModeDetails":{}})")),
             QStringLiteral("ValidationException: 1 validation error detected: Value null at "
                            "'streamModeDetails.streamMode' failed to satisfy constraint: Member "
                            "must not be null"));
    // An absent optional wire structure is not written either.
    CreateStreamRequest c;
    c.streamName = "s";
    QCOMPARE(shapejson::encode(c), QByteArray(R"({"StreamName":"s"})"));
}

void TestCatalogue::ratesAreAwssDocumented()
{
    // kinesis-api.md §1 and §5.2.
    QCOMPARE(ops::CreateStream.rate.perSecond, 5);
    QCOMPARE(ops::DescribeStream.rate.perSecond, 10);
    QCOMPARE(ops::DescribeStreamSummary.rate.perSecond, 20);
    QCOMPARE(ops::ListShards.rate.perSecond, 1000);
    QVERIFY(ops::ListShards.rate.scope == ops::RateScope::Stream);
    QCOMPARE(ops::DescribeLimits.rate.perSecond, 1);
    QCOMPARE(ops::GetRecords.rate.perSecond, 5);
    QVERIFY(ops::GetRecords.rate.scope == ops::RateScope::Shard);
    QVERIFY(ops::GetRecords.plane == ops::Plane::Data);
    QVERIFY(ops::SplitShard.plane == ops::Plane::Control);
}

void TestCatalogue::everyOperationHasFuzzSeeds()
{
    const QString dir = qEnvironmentVariable("SHS_SOURCE_DIR")
                        + QStringLiteral("/tests/fuzz/corpus/fuzz_request_decoder/");
    const QStringList served = net::KinesisEndpoint::operations();
    auto check = [&](std::string_view opName) {
        const QString name = QString::fromLatin1(opName.data(), qsizetype(opName.size()));
        for (const bool cbor : {false, true}) {
            QFile seed(dir + name + (cbor ? QStringLiteral(".cbor") : QStringLiteral(".json")));
            QVERIFY2(seed.open(QIODevice::ReadOnly), qPrintable(seed.fileName()));
            const QByteArray bytes = seed.readAll();
            QVERIFY(bytes.size() > 1);
            // The first byte picks this operation and the encoding in fuzz_request_decoder.
            QCOMPARE(int(quint8(bytes[0])), int(served.indexOf(name)) * 2 + (cbor ? 1 : 0));
        }
    };
    ops::forEach([&](const auto &op) { check(op.name); });
    check(ops::SubscribeToShard.name);
}

/// Runs one backend call to its answer.
template <class Req, class Resp>
Result<Resp> await(service::StreamBackend &backend, const ops::Operation<Req, Resp> &op, Req req)
{
    std::optional<Result<Resp>> out;
    QObject receiver;
    backend.submit(op, std::move(req), &receiver,
                   [&out](Result<Resp> r) { out.emplace(std::move(r)); });
    if (!QTest::qWaitFor([&] { return out.has_value(); }, 10000))
        return Error{ErrorCode::InternalFailure, "no answer"};
    return std::move(*out);
}

void TestCatalogue::newOperationsThroughBothBackends_data()
{
    QTest::addColumn<bool>("remote");
    QTest::newRow("embedded engine") << false;
    QTest::newRow("remote, against serve's endpoint") << true;
}

void TestCatalogue::newOperationsThroughBothBackends()
{
    QFETCH(bool, remote);
    test::LocalKinesis kinesis;
    QVERIFY(kinesis.start("off", 0));
    QVERIFY(kinesis.createStream("s", 2));
    std::unique_ptr<service::StreamBackend> backend;
    if (remote)
        backend = std::make_unique<net::RemoteBackend>(kinesis.config(QStringLiteral("AKIDCAT")));
    else
        backend = std::make_unique<service::LocalBackend>(*kinesis.host, kinesis.clock,
                                                          QStringLiteral("(memory)"));
    const std::string arn = "arn:aws:kinesis:us-east-1:000000000000:stream/s";
    QTRY_VERIFY(await(*backend, ops::DescribeStreamSummary, StreamRef{"s", {}})->status
                == StreamStatus::Active);

    EnhancedMonitoringRequest on;
    on.stream.name = "s";
    on.shardLevelMetrics = {"ALL"};
    auto enabled = await(*backend, ops::EnableEnhancedMonitoring, on);
    QVERIFY2(enabled, enabled ? "" : enabled.error().toString().c_str());
    QCOMPARE(enabled->desiredShardLevelMetrics.size(), std::size_t(7));
    QCOMPARE(QString::fromStdString(enabled->streamArn), QString::fromStdString(arn));
    auto summary = await(*backend, ops::DescribeStreamSummary, StreamRef{"s", {}});
    QVERIFY(summary);
    QCOMPARE(summary->enhancedMonitoring.at(0).shardLevelMetrics,
             enabled->desiredShardLevelMetrics);

    QVERIFY(await(*backend, ops::TagResource, TagResourceRequest{arn, {{"team", "streams"}}}));
    auto tags = await(*backend, ops::ListTagsForResource, ResourceRequest{arn});
    QVERIFY(tags);
    QCOMPARE(tags->tags.size(), std::size_t(1));
    QCOMPARE(QString::fromStdString(tags->tags[0].value), QStringLiteral("streams"));

    const std::string policy = R"({"Version":"2012-10-17","Statement":[]})";
    QVERIFY(await(*backend, ops::PutResourcePolicy, PutResourcePolicyRequest{arn, policy}));
    auto got = await(*backend, ops::GetResourcePolicy, ResourceRequest{arn});
    QVERIFY(got);
    QCOMPARE(QString::fromStdString(got->policy), QString::fromStdString(policy));
    // Refusals keep the service's exception name through either backend.
    auto bad = await(*backend, ops::PutResourcePolicy, PutResourcePolicyRequest{arn, "[1,2]"});
    QVERIFY(!bad);
    QCOMPARE(QString::fromLatin1(bad.error().name()), QStringLiteral("InvalidArgumentException"));
    auto missing = await(*backend, ops::ListTagsForResource,
                         ResourceRequest{"arn:aws:kinesis:us-east-1:000000000000:stream/nope"});
    QVERIFY(!missing);
    QCOMPARE(QString::fromLatin1(missing.error().name()),
             QStringLiteral("ResourceNotFoundException"));

    UpdateAccountSettingsRequest commit;
    commit.commitment.status = "ENABLED";
    auto settings = await(*backend, ops::UpdateAccountSettings, commit);
    QVERIFY(settings && settings->commitment);
    QCOMPARE(QString::fromStdString(settings->commitment->status), QStringLiteral("ENABLED"));
    QCOMPARE(*settings->commitment->earliestAllowedEndAtMs - *settings->commitment->startedAtMs,
             std::int64_t(24) * 3600 * 1000);
    auto described = await(*backend, ops::DescribeAccountSettings, NoInput{});
    QVERIFY(described && described->commitment);
    QCOMPARE(QString::fromStdString(described->commitment->status), QStringLiteral("ENABLED"));
}

QTEST_GUILESS_MAIN(TestCatalogue)
#include "tst_catalogue.moc"
