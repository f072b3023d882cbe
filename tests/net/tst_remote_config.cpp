// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
// Remote-mode groundwork: credentials, region and endpoint resolved as the AWS CLI resolves them
// (temporary ~/.aws files and environment variables), and requests signed by our signer accepted
// by the endpoint's verifier (itself checked against AWS's vectors and the AWS CLI) — and refused
// when the secret is wrong.
#include "endpoint/endpoint_server.h"
#include "remote/aws_config.h"
#include "remote/kinesis_client.h"
#include "remote/request_signer.h"

#include "service/engine_host.h"
#include "store/memory_storage.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonObject>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QtTest>

using namespace shs;

class TestRemoteConfig : public QObject
{
    Q_OBJECT
  private Q_SLOTS:
    void resolvesLikeTheAwsCli();
    void missingPiecesSayWhere();
    void signedRequestsVerify();
    void clientCallsRetriesAndExplains();
};

namespace {
void write(const QString &path, const QByteArray &text)
{
    QDir().mkpath(QFileInfo(path).path());
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(text);
}
} // namespace

void TestRemoteConfig::resolvesLikeTheAwsCli()
{
    QTemporaryDir home;
    write(home.path() + QStringLiteral("/.aws/credentials"),
          "[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = sdefault\n\n"
          "[dev]\naws_access_key_id=AKIDDEV\naws_secret_access_key=sdev\naws_session_token=tdev\n");
    write(home.path() + QStringLiteral("/.aws/config"),
          "[default]\nregion = eu-west-1\n\n[profile dev]\nregion = ap-south-1\nendpoint_url = "
          "http://127.0.0.1:4567\n"
          "[profile cfgonly]\naws_access_key_id = AKIDCFG\naws_secret_access_key = scfg\nregion = "
          "us-west-2\n");
    QString error;
    QProcessEnvironment env;
    // Nothing but the files: the default profile.
    auto c = net::resolveAwsConfig({}, env, home.path(), &error);
    QVERIFY2(c, qPrintable(error));
    QCOMPARE(c->accessKeyId, QStringLiteral("AKIDDEFAULT"));
    QCOMPARE(c->region, QStringLiteral("eu-west-1"));
    QCOMPARE(c->endpointUrl, QStringLiteral("https://kinesis.eu-west-1.amazonaws.com"));
    QCOMPARE(c->cloudWatchEndpointUrl,
             QStringLiteral("https://monitoring.eu-west-1.amazonaws.com")); // AWS's, for AWS
    QVERIFY(c->credentialSource.startsWith(QStringLiteral("credentials file")));
    // The profile names for the connection dialog: both files, "profile " stripped, sorted.
    QCOMPARE(
        net::awsProfiles(env, home.path()),
        (QStringList{QStringLiteral("cfgonly"), QStringLiteral("default"), QStringLiteral("dev")}));
    QVERIFY(!c->describe().contains(QStringLiteral("sdefault"))); // secrets never described
    // A named profile: its keys, session token, region and endpoint_url.
    net::AwsConfigRequest dev;
    dev.profile = QStringLiteral("dev");
    c = net::resolveAwsConfig(dev, env, home.path(), &error);
    QVERIFY2(c, qPrintable(error));
    QCOMPARE(c->accessKeyId, QStringLiteral("AKIDDEV"));
    QCOMPARE(c->sessionToken, QStringLiteral("tdev"));
    QCOMPARE(c->region, QStringLiteral("ap-south-1"));
    QCOMPARE(c->endpointUrl, QStringLiteral("http://127.0.0.1:4567"));
    QCOMPARE(c->cloudWatchEndpointUrl,
             QStringLiteral("http://127.0.0.1:4567")); // endpoint_url is every service's
    QVERIFY(c->caBundle.isEmpty());
    {
        QProcessEnvironment withBundle = env;
        withBundle.insert(QStringLiteral("AWS_CA_BUNDLE"), QStringLiteral("/etc/ssl/local-ca.pem"));
        QCOMPARE(net::resolveAwsConfig(dev, withBundle, home.path(), &error)->caBundle,
                 QStringLiteral("/etc/ssl/local-ca.pem"));
        net::AwsConfigRequest flag = dev;
        flag.caBundle = QStringLiteral("/tmp/flag.pem"); // --ca-bundle beats the environment
        QCOMPARE(net::resolveAwsConfig(flag, withBundle, home.path(), &error)->caBundle,
                 QStringLiteral("/tmp/flag.pem"));
    }
    // Keys only in the config file.
    net::AwsConfigRequest cfg;
    cfg.profile = QStringLiteral("cfgonly");
    c = net::resolveAwsConfig(cfg, env, home.path(), &error);
    QVERIFY2(c, qPrintable(error));
    QCOMPARE(c->accessKeyId, QStringLiteral("AKIDCFG"));
    QCOMPARE(c->region, QStringLiteral("us-west-2"));
    // Environment: keys beat the default profile; AWS_REGION beats AWS_DEFAULT_REGION beats files;
    // AWS_ENDPOINT_URL_KINESIS beats AWS_ENDPOINT_URL.
    env.insert(QStringLiteral("AWS_ACCESS_KEY_ID"), QStringLiteral("AKIDENV"));
    env.insert(QStringLiteral("AWS_SECRET_ACCESS_KEY"), QStringLiteral("senv"));
    env.insert(QStringLiteral("AWS_DEFAULT_REGION"), QStringLiteral("sa-east-1"));
    env.insert(QStringLiteral("AWS_ENDPOINT_URL"), QStringLiteral("http://generic:1"));
    c = net::resolveAwsConfig({}, env, home.path(), &error);
    QCOMPARE(c->accessKeyId, QStringLiteral("AKIDENV"));
    QCOMPARE(c->credentialSource, QStringLiteral("environment"));
    QCOMPARE(c->region, QStringLiteral("sa-east-1"));
    QCOMPARE(c->endpointUrl, QStringLiteral("http://generic:1"));
    env.insert(QStringLiteral("AWS_REGION"), QStringLiteral("ca-central-1"));
    env.insert(QStringLiteral("AWS_ENDPOINT_URL_KINESIS"), QStringLiteral("http://kinesis-only:2"));
    c = net::resolveAwsConfig({}, env, home.path(), &error);
    QCOMPARE(c->region, QStringLiteral("ca-central-1"));
    QCOMPARE(c->endpointUrl, QStringLiteral("http://kinesis-only:2"));
    QCOMPARE(c->cloudWatchEndpointUrl, QStringLiteral("http://generic:1"));
    env.insert(QStringLiteral("AWS_ENDPOINT_URL_CLOUDWATCH"),
               QStringLiteral("http://cloudwatch-only:4"));
    c = net::resolveAwsConfig({}, env, home.path(), &error);
    QCOMPARE(c->cloudWatchEndpointUrl, QStringLiteral("http://cloudwatch-only:4"));
    env.remove(QStringLiteral("AWS_ENDPOINT_URL_CLOUDWATCH"));
    // --profile on the command line beats environment keys; explicit flags beat everything.
    c = net::resolveAwsConfig(dev, env, home.path(), &error);
    QCOMPARE(c->accessKeyId, QStringLiteral("AKIDDEV"));
    net::AwsConfigRequest explicitKeys;
    explicitKeys.accessKeyId = QStringLiteral("AKIDTYPED");
    explicitKeys.secretAccessKey = QStringLiteral("styped");
    explicitKeys.region = QStringLiteral("us-east-2");
    explicitKeys.endpointUrl = QStringLiteral("http://typed:3");
    c = net::resolveAwsConfig(explicitKeys, env, home.path(), &error);
    QCOMPARE(c->accessKeyId, QStringLiteral("AKIDTYPED"));
    QCOMPARE(c->region, QStringLiteral("us-east-2"));
    QCOMPARE(c->endpointUrl, QStringLiteral("http://typed:3"));
    QCOMPARE(c->cloudWatchEndpointUrl,
             QStringLiteral("http://generic:1")); // --endpoint-url names Kinesis only
    // Other file locations.
    QTemporaryDir elsewhere;
    write(elsewhere.path() + QStringLiteral("/creds"),
          "[default]\naws_access_key_id=AKIDMOVED\naws_secret_access_key=s\n");
    QProcessEnvironment moved;
    moved.insert(QStringLiteral("AWS_SHARED_CREDENTIALS_FILE"),
                 elsewhere.path() + QStringLiteral("/creds"));
    moved.insert(QStringLiteral("AWS_CONFIG_FILE"), elsewhere.path() + QStringLiteral("/nothing"));
    moved.insert(QStringLiteral("AWS_REGION"), QStringLiteral("us-east-1"));
    c = net::resolveAwsConfig({}, moved, home.path(), &error);
    QVERIFY2(c, qPrintable(error));
    QCOMPARE(c->accessKeyId, QStringLiteral("AKIDMOVED"));
}

void TestRemoteConfig::missingPiecesSayWhere()
{
    QTemporaryDir home;
    QString error;
    net::AwsConfigRequest nope;
    nope.profile = QStringLiteral("nope");
    QVERIFY(!net::resolveAwsConfig(nope, {}, home.path(), &error));
    QVERIFY2(error.contains(QStringLiteral("(nope) could not be found")), qPrintable(error));
    QVERIFY(!net::resolveAwsConfig({}, {}, home.path(), &error));
    QVERIFY2(error.startsWith(QStringLiteral("Unable to locate credentials")), qPrintable(error));
    QProcessEnvironment keysOnly;
    keysOnly.insert(QStringLiteral("AWS_ACCESS_KEY_ID"), QStringLiteral("A"));
    keysOnly.insert(QStringLiteral("AWS_SECRET_ACCESS_KEY"), QStringLiteral("S"));
    QVERIFY(!net::resolveAwsConfig({}, keysOnly, home.path(), &error));
    QVERIFY2(error.startsWith(QStringLiteral("You must specify a region")), qPrintable(error));
}

void TestRemoteConfig::signedRequestsVerify()
{
    auto clock = std::make_shared<core::ScaledClock>();
    service::EngineHost host(std::make_unique<store::MemoryStorage>(), core::EngineConfig{}, clock);
    QVERIFY(host.start());
    net::EndpointServer::Options options;
    options.port = 0;
    options.region = "us-east-1";
    net::EndpointServer server(host, options);
    server.endpoint().setCredentials({{"AKIDREMOTE", "remote/secret+key"}});
    QVERIFY(server.start());
    auto send = [&](const net::AwsConfig &config) {
        const QByteArray body = "{}";
        const QByteArray hostHeader = "127.0.0.1:" + QByteArray::number(server.port());
        QByteArray req = "POST / HTTP/1.1\r\n";
        for (const auto &[k, v] : net::signKinesisRequest(config, hostHeader, "ListStreams", body,
                                                          QDateTime::currentDateTimeUtc()))
            req += k + ": " + v + "\r\n";
        req += "Content-Length: " + QByteArray::number(body.size())
               + "\r\nConnection: close\r\n\r\n" + body;
        QTcpSocket s;
        s.connectToHost(QHostAddress::LocalHost, server.port());
        if (!s.waitForConnected(3000))
            return QByteArray();
        s.write(req);
        QByteArray reply;
        while (s.waitForReadyRead(3000))
            reply += s.readAll();
        return reply;
    };
    net::AwsConfig good;
    good.accessKeyId = QStringLiteral("AKIDREMOTE");
    good.secretAccessKey = QStringLiteral("remote/secret+key");
    good.region = QStringLiteral("us-east-1");
    QVERIFY(send(good).startsWith("HTTP/1.1 200"));
    net::AwsConfig withToken = good;
    withToken.sessionToken = QStringLiteral("FQoGZXIvYXdzEXAMPLETOKEN");
    QVERIFY(send(withToken).startsWith("HTTP/1.1 200")); // the token header is signed too
    net::AwsConfig wrong = good;
    wrong.secretAccessKey = QStringLiteral("not-it");
    QVERIFY(send(wrong).contains("InvalidSignatureException"));
    server.stop();
    host.stop();
}

void TestRemoteConfig::clientCallsRetriesAndExplains()
{
    auto clock = std::make_shared<core::ScaledClock>();
    clock->setSpeed(100);
    core::EngineConfig cfg;
    service::EngineHost host(std::make_unique<store::MemoryStorage>(), cfg, clock);
    QVERIFY(host.start());
    net::EndpointServer::Options options;
    options.port = 0;
    options.region = "us-east-1";
    net::EndpointServer server(host, options);
    server.endpoint().setCredentials({{"AKIDREMOTE", "secret"}});
    QVERIFY(server.start());
    net::AwsConfig config;
    config.accessKeyId = QStringLiteral("AKIDREMOTE");
    config.secretAccessKey = QStringLiteral("secret");
    config.region = QStringLiteral("us-east-1");
    config.endpointUrl = server.url();
    net::KinesisClient client(config);
    auto call = [](net::KinesisClient &c, const QByteArray &op, const QJsonObject &body) {
        std::optional<core::Result<QJsonObject>> out;
        c.call(op, body, [&out](core::Result<QJsonObject> r) { out = std::move(r); });
        (void)QTest::qWaitFor([&] { return out.has_value(); }, 20000);
        return out.value_or(core::Result<QJsonObject>(
            core::makeError(core::ErrorCode::InternalFailure, "no answer")));
    };
    QVERIFY(call(
        client, "CreateStream",
        {{QStringLiteral("StreamName"), QStringLiteral("r")}, {QStringLiteral("ShardCount"), 1}}));
    auto listed = call(client, "ListStreams", {});
    QVERIFY(listed);
    QCOMPARE(listed->value(QStringLiteral("StreamNames")).toArray().first().toString(),
             QStringLiteral("r"));
    // The service's errors keep their code and text.
    auto missing = call(client, "DescribeStreamSummary",
                        {{QStringLiteral("StreamName"), QStringLiteral("nope")}});
    QVERIFY(!missing);
    QCOMPARE(missing.error().code, core::ErrorCode::ResourceNotFound);
    QCOMPARE(missing.error().message,
             std::string("Stream nope under account 000000000000 not found."));
    // Throttling is retried with backoff: twenty GetShardIterator at once on one shard (limit
    // 5/s with a 5-call burst: some are throttled even if a loaded machine spreads them over 2 s).
    QTRY_VERIFY(
        call(client, "DescribeStreamSummary", {{QStringLiteral("StreamName"), QStringLiteral("r")}})
            ->value(QStringLiteral("StreamDescriptionSummary"))
            .toObject()
            .value(QStringLiteral("StreamStatus"))
            .toString()
        == QStringLiteral("ACTIVE"));
    net::KinesisClient::Options patient;
    patient.maxAttempts = 8;
    net::KinesisClient retrying(config, patient);
    int ok = 0, answered = 0;
    for (int i = 0; i < 20; ++i)
        retrying.call("GetShardIterator",
                      {{QStringLiteral("StreamName"), QStringLiteral("r")},
                       {QStringLiteral("ShardId"), QStringLiteral("shardId-000000000000")},
                       {QStringLiteral("ShardIteratorType"), QStringLiteral("LATEST")}},
                      [&](core::Result<QJsonObject> r) {
                          ++answered;
                          ok += r.has_value();
                      });
    QTRY_COMPARE_WITH_TIMEOUT(answered, 20, 30000);
    QCOMPARE(ok, 20);
    QVERIFY(retrying.stats().throttled > 0);
    QVERIFY(retrying.stats().retries > 0);
    // Wrong secret: the reason and what to check.
    net::AwsConfig wrong = config;
    wrong.secretAccessKey = QStringLiteral("nope");
    net::KinesisClient badKey(wrong);
    auto refused = call(badKey, "ListStreams", {});
    QVERIFY(!refused);
    QVERIFY2(refused.error().message.find("Check your AWS Secret Access Key") != std::string::npos,
             refused.error().message.c_str());
    QCOMPARE(refused.error().name(),
             std::string_view("InvalidSignatureException")); // the service's own name
    QCOMPARE(refused.error().code, core::ErrorCode::AccessDenied);
    // Nobody listening: retried, then "Cannot reach …".
    QTcpServer closed;
    QVERIFY(closed.listen(QHostAddress::LocalHost, 0));
    const quint16 deadPort = closed.serverPort();
    closed.close();
    net::AwsConfig unreachable = config;
    unreachable.endpointUrl = QStringLiteral("http://127.0.0.1:%1").arg(deadPort);
    net::KinesisClient nowhere(unreachable);
    auto gone = call(nowhere, "ListStreams", {});
    QVERIFY(!gone);
    QVERIFY2(gone.error().message.find("Cannot reach http://127.0.0.1:") != std::string::npos,
             gone.error().message.c_str());
    QCOMPARE(nowhere.stats().attempts, 3); // the SDKs' standard mode: 3 attempts
    QCOMPARE(gone.error().name(), std::string_view("EndpointConnectionError"));
    // A server that never answers: the per-attempt timeout.
    QTcpServer silent;
    QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
    net::AwsConfig slowConfig = config;
    slowConfig.endpointUrl = QStringLiteral("http://127.0.0.1:%1").arg(silent.serverPort());
    net::KinesisClient::Options quick;
    quick.timeoutMs = 300;
    quick.maxAttempts = 2;
    net::KinesisClient waiting(slowConfig, quick);
    auto timedOut = call(waiting, "ListStreams", {});
    QVERIFY(!timedOut);
    QVERIFY2(timedOut.error().message.find("no answer within 300 ms") != std::string::npos,
             timedOut.error().message.c_str());
    server.stop();
    host.stop();
}

QTEST_GUILESS_MAIN(TestRemoteConfig)
#include "tst_remote_config.moc"
