// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
// The local KMS (its operations, states, errors and saved state) and server-side encryption on
// the engine: StartStreamEncryption / StopStreamEncryption with every KeyId form, the stream
// UPDATING meanwhile, EncryptionType on writes and reads, the KMS errors when the key is disabled,
// pending deletion or gone, and data keys rotated every five minutes.
#include "engine_harness.h"

#include "kms/key_service.h"

#include <QtTest>

using namespace shs;
using namespace shs::core;
using shs::test::EngineHarness;

namespace {

QString typeOf(const Error &e)
{
    return QString::fromUtf8(e.name().data(), qsizetype(e.name().size()));
}

/// Saved state in memory, as the KMS file would keep it.
struct MemoryKmsStore final : kms::KmsPersistence, kms::DataKeyStore
{
    std::string state;
    std::vector<kms::DataKeyRow> rows;
    Result<std::string> loadState() override { return state; }
    Result<void> saveState(const std::string &s) override
    {
        state = s;
        return ok();
    }
    Result<std::vector<kms::DataKeyRow>> loadDataKeys() override { return rows; }
    Result<void> addDataKey(const kms::DataKeyRow &row) override
    {
        rows.push_back(row);
        return ok();
    }
};

struct Kms
{
    test::ManualClock clock;
    MemoryKmsStore saved;
    crypto::AeadKey master{};
    std::unique_ptr<kms::LocalKms> k;
    Kms()
    {
        master.fill(7);
        k = std::make_unique<kms::LocalKms>(options());
    }
    kms::KmsOptions options()
    {
        kms::KmsOptions o;
        o.nowMs = [this] { return clock.nowMs(); };
        o.masterKey = master;
        o.persistence = &saved;
        return o;
    }
    std::string create(const std::string &description = "orders")
    {
        kms::CreateKeyRequest r;
        r.description = description;
        auto made = k->createKey(r);
        if (!made)
            qFatal("%s", made.error().message.c_str());
        return made->keyMetadata.keyId;
    }
};

struct Encrypted
{
    std::shared_ptr<kms::KeyService> keys;
    std::unique_ptr<EngineHarness> h;
    Encrypted()
    {
        keys = kms::KeyService::inMemory("us-east-1", "000000000000",
                                         [this] { return clockRef ? clockRef->nowMs() : 0; });
        auto config = EngineHarness::withLimitsOff();
        config.keys = &keys->ring();
        h = std::make_unique<EngineHarness>(config);
        clockRef = &h->clock();
        h->ready("s", 1);
    }
    test::ManualClock *clockRef = nullptr;
    kms::LocalKms &kms() { return keys->kms(); }

    Result<void> start(const std::string &keyId)
    {
        StreamEncryptionRequest r;
        r.stream = StreamRef{"s", {}};
        r.keyId = keyId;
        return h->run([&](Engine &e) { return e.startStreamEncryption(r); });
    }
    Result<void> stop(const std::string &keyId)
    {
        StreamEncryptionRequest r;
        r.stream = StreamRef{"s", {}};
        r.keyId = keyId;
        return h->run([&](Engine &e) { return e.stopStreamEncryption(r); });
    }
    Result<PutRecordResult> put(const std::string &data)
    {
        PutRecordRequest r;
        r.stream = StreamRef{"s", {}};
        r.partitionKey = "pk";
        r.data = data;
        return h->run([&](Engine &e) { return e.putRecord(std::move(r)); });
    }
    Result<PutRecordsResult> putMany(const std::vector<std::string> &data)
    {
        PutRecordsRequest r;
        r.stream = StreamRef{"s", {}};
        for (const auto &d : data)
            r.records.push_back({d, "pk", std::nullopt});
        return h->run([&](Engine &e) { return e.putRecords(std::move(r)); });
    }
    Result<GetRecordsResult> readAll()
    {
        GetShardIteratorRequest g;
        g.stream = StreamRef{"s", {}};
        g.shardId = "shardId-000000000000";
        g.type = ShardIteratorType::TrimHorizon;
        auto it = h->engine().getShardIterator(g);
        if (!it)
            return it.error();
        GetRecordsRequest r;
        r.shardIterator = it->shardIterator;
        return h->engine().getRecords(r);
    }
    StreamDescriptionSummary summary()
    {
        auto s = h->engine().describeStreamSummary(StreamRef{"s", {}});
        if (!s)
            qFatal("%s", s.error().message.c_str());
        return *s;
    }
};

} // namespace

class TestEncryption : public QObject
{
    Q_OBJECT

  private Q_SLOTS:
    void keysAreNamedInEveryForm()
    {
        Kms f;
        const std::string id = f.create();
        QVERIFY(f.k->createAlias({"alias/orders", id}));
        const std::string arn = "arn:aws:kms:us-east-1:000000000000:key/" + id;
        for (const std::string &form :
             {id, arn, std::string("alias/orders"),
              std::string("arn:aws:kms:us-east-1:000000000000:alias/orders")}) {
            auto d = f.k->describeKey({form});
            QVERIFY2(d, form.c_str());
            QCOMPARE(d->keyMetadata.keyId, id);
            QCOMPARE(d->keyMetadata.arn, arn);
        }
        auto missing = f.k->describeKey({"alias/nope"});
        QVERIFY(!missing);
        QCOMPARE(typeOf(missing.error()), QStringLiteral("NotFoundException"));
        QCOMPARE(
            QString::fromStdString(missing.error().message),
            QStringLiteral("Alias arn:aws:kms:us-east-1:000000000000:alias/nope is not found."));
        auto dup = f.k->createAlias({"alias/orders", id});
        QCOMPARE(typeOf(dup.error()), QStringLiteral("AlreadyExistsException"));
        auto reserved = f.k->createAlias({"alias/aws/mine", id});
        QVERIFY(!reserved);
        auto noPrefix = f.k->createAlias({"orders2", id});
        QCOMPARE(typeOf(noPrefix.error()), QStringLiteral("ValidationException"));

        // The AWS managed key for Kinesis exists once used, and cannot be disabled.
        auto aliases = f.k->listAliases({});
        QVERIFY(aliases);
        QCOMPARE(aliases->aliases.size(), std::size_t(2));
        QVERIFY(!aliases->aliases[0].targetKeyId); // alias/aws/kinesis, not made yet
        auto managed = f.k->describeKey({"alias/aws/kinesis"});
        QVERIFY(managed);
        QCOMPARE(managed->keyMetadata.keyManager, kms::KeyManager::Aws);
        auto disable = f.k->disableKey({"alias/aws/kinesis"});
        QCOMPARE(typeOf(disable.error()), QStringLiteral("UnsupportedOperationException"));
        QCOMPARE(f.k->listKeys({})->keys.size(), std::size_t(2));

        QVERIFY(f.k->deleteAlias({"alias/orders"}));
        QCOMPARE(typeOf(f.k->describeKey({"alias/orders"}).error()),
                 QStringLiteral("NotFoundException"));
    }

    void encryptDecryptAndStates()
    {
        Kms f;
        const std::string id = f.create();
        kms::EncryptRequest e;
        e.keyId = id;
        e.plaintext = "card 4111";
        e.encryptionContext = {{"purpose", "test"}};
        auto sealed = f.k->encrypt(e);
        QVERIFY(sealed);
        QVERIFY(sealed->ciphertextBlob.find("card 4111") == std::string::npos);
        kms::DecryptRequest d;
        d.ciphertextBlob = sealed->ciphertextBlob;
        d.encryptionContext = e.encryptionContext;
        auto opened = f.k->decrypt(d);
        QVERIFY(opened);
        QCOMPARE(opened->plaintext, std::string("card 4111"));
        QCOMPARE(opened->keyId, "arn:aws:kms:us-east-1:000000000000:key/" + id);

        kms::DecryptRequest wrongContext = d;
        wrongContext.encryptionContext = {{"purpose", "other"}};
        QCOMPARE(typeOf(f.k->decrypt(wrongContext).error()),
                 QStringLiteral("InvalidCiphertextException"));
        kms::DecryptRequest flipped = d;
        flipped.ciphertextBlob.back() = static_cast<char>(flipped.ciphertextBlob.back() ^ 1);
        QCOMPARE(typeOf(f.k->decrypt(flipped).error()),
                 QStringLiteral("InvalidCiphertextException"));
        const std::string other = f.create("other");
        kms::DecryptRequest wrongKey = d;
        wrongKey.keyId = other;
        QCOMPARE(typeOf(f.k->decrypt(wrongKey).error()), QStringLiteral("IncorrectKeyException"));

        QVERIFY(f.k->disableKey({id}));
        auto refused = f.k->decrypt(d);
        QCOMPARE(typeOf(refused.error()), QStringLiteral("DisabledException"));
        QCOMPARE(QString::fromStdString(refused.error().message),
                 QString::fromStdString("arn:aws:kms:us-east-1:000000000000:key/" + id
                                        + " is disabled."));
        QVERIFY(f.k->enableKey({id}));
        QVERIFY(f.k->decrypt(d));

        kms::ScheduleKeyDeletionRequest tooSoon;
        tooSoon.keyId = id;
        tooSoon.pendingWindowInDays = 3;
        QCOMPARE(typeOf(f.k->scheduleKeyDeletion(tooSoon).error()),
                 QStringLiteral("ValidationException"));
        kms::ScheduleKeyDeletionRequest del;
        del.keyId = id;
        del.pendingWindowInDays = 7;
        auto scheduled = f.k->scheduleKeyDeletion(del);
        QVERIFY(scheduled);
        QCOMPARE(scheduled->deletionDate, f.clock.nowMs() + 7LL * 24 * 3600 * 1000);
        QCOMPARE(typeOf(f.k->decrypt(d).error()), QStringLiteral("KMSInvalidStateException"));
        QCOMPARE(typeOf(f.k->enableKey({id}).error()), QStringLiteral("KMSInvalidStateException"));
        auto cancelled = f.k->cancelKeyDeletion({id});
        QVERIFY(cancelled);
        QCOMPARE(f.k->describeKey({id})->keyMetadata.keyState, kms::KeyState::Disabled);
        QVERIFY(f.k->enableKey({id}));

        // Deleted when the window passes: gone, and what it encrypted with it.
        QVERIFY(f.k->scheduleKeyDeletion(del));
        f.clock.advance(7LL * 24 * 3600 * 1000 - 1);
        QVERIFY(f.k->describeKey({id}));
        f.clock.advance(1);
        QCOMPARE(typeOf(f.k->describeKey({id}).error()), QStringLiteral("NotFoundException"));
        QCOMPARE(typeOf(f.k->decrypt(d).error()), QStringLiteral("InvalidCiphertextException"));

        kms::GenerateDataKeyRequest both;
        both.keyId = other;
        both.numberOfBytes = 32;
        both.keySpec = "AES_256";
        QCOMPARE(typeOf(f.k->generateDataKey(both).error()), QStringLiteral("ValidationException"));
        both.numberOfBytes.reset();
        auto dk = f.k->generateDataKey(both);
        QVERIFY(dk);
        QCOMPARE(dk->plaintext.size(), std::size_t(32));
    }

    void stateIsSavedSealedUnderTheMasterKey()
    {
        Kms f;
        const std::string id = f.create("kept");
        QVERIFY(f.k->createAlias({"alias/kept", id}));
        kms::EncryptRequest e;
        e.keyId = "alias/kept";
        e.plaintext = "secret";
        auto sealed = f.k->encrypt(e);
        QVERIFY(sealed);
        QVERIFY(f.k->disableKey({id}));

        kms::LocalKms again(f.options());
        QVERIFY(again.load());
        auto d = again.describeKey({"alias/kept"});
        QVERIFY(d);
        QCOMPARE(d->keyMetadata.keyState, kms::KeyState::Disabled);
        QCOMPARE(d->keyMetadata.description, std::string("kept"));
        QVERIFY(again.enableKey({id}));
        kms::DecryptRequest dr;
        dr.ciphertextBlob = sealed->ciphertextBlob;
        QCOMPARE(again.decrypt(dr)->plaintext, std::string("secret"));

        // No key material in the saved state in the clear; another master key cannot open it.
        for (const auto &k : again.keys())
            QVERIFY(!k.metadata.keyId.empty());
        auto wrong = f.options();
        wrong.masterKey.fill(8);
        kms::LocalKms stranger(wrong);
        auto loaded = stranger.load();
        QVERIFY(!loaded);
        QVERIFY(QString::fromStdString(loaded.error().message).contains(QStringLiteral("kms.key")));
    }

    void streamEncryptionFollowsAws_data()
    {
        QTest::addColumn<QString>("form");
        QTest::newRow("key id") << QStringLiteral("id");
        QTest::newRow("key ARN") << QStringLiteral("arn");
        QTest::newRow("alias name") << QStringLiteral("alias");
        QTest::newRow("alias ARN") << QStringLiteral("aliasArn");
        QTest::newRow("aws/kinesis") << QStringLiteral("managed");
    }
    void streamEncryptionFollowsAws()
    {
        QFETCH(QString, form);
        Encrypted f;
        kms::CreateKeyRequest c;
        const std::string id = f.kms().createKey(c)->keyMetadata.keyId;
        QVERIFY(f.kms().createAlias({"alias/stream", id}));
        const std::string keyId
            = form == QLatin1String("id")      ? id
              : form == QLatin1String("arn")   ? "arn:aws:kms:us-east-1:000000000000:key/" + id
              : form == QLatin1String("alias") ? std::string("alias/stream")
              : form == QLatin1String("aliasArn")
                  ? std::string("arn:aws:kms:us-east-1:000000000000:alias/stream")
                  : std::string("alias/aws/kinesis");

        QCOMPARE(f.put("before")->encryptionType, std::string("NONE"));
        QVERIFY(f.start(keyId));
        QCOMPARE(f.summary().status, StreamStatus::Updating);
        // Not yet in effect while UPDATING.
        QCOMPARE(f.put("during")->encryptionType, std::string("NONE"));
        f.h->advance(500);
        const auto s = f.summary();
        QCOMPARE(s.status, StreamStatus::Active);
        QCOMPARE(s.encryptionType, std::string("KMS"));
        QCOMPARE(s.keyId.value_or(""), keyId);
        QCOMPARE(f.put("after")->encryptionType, std::string("KMS"));
        auto many = f.putMany({"a1", "a2"});
        QCOMPARE(many->encryptionType, std::string("KMS"));

        auto read = f.readAll();
        QVERIFY(read);
        QCOMPARE(read->records.size(), std::size_t(5));
        QCOMPARE(read->records[0].encryptionType, std::string("NONE"));
        QCOMPARE(read->records[1].encryptionType, std::string("NONE"));
        QCOMPARE(read->records[2].encryptionType, std::string("KMS"));
        QCOMPARE(read->records[2].data, std::string("after"));
        QCOMPARE(read->records[4].data, std::string("a2"));

        QVERIFY(f.stop(keyId));
        f.h->advance(500);
        QCOMPARE(f.summary().encryptionType, std::string("NONE"));
        QCOMPARE(f.put("plain again")->encryptionType, std::string("NONE"));
        auto again = f.readAll();
        QCOMPARE(again->records[5].encryptionType, std::string("NONE"));
        QCOMPARE(again->records[4].encryptionType, std::string("KMS"));
    }

    void kmsErrorsReachWritersAndReaders()
    {
        Encrypted f;
        const std::string id = f.kms().createKey({})->keyMetadata.keyId;

        auto missing = f.start("alias/none");
        QCOMPARE(typeOf(missing.error()), QStringLiteral("KMSNotFoundException"));
        auto malformed = f.start("arn:aws:kms:us-east-1:000000000000:key/not-a-uuid");
        QCOMPARE(typeOf(malformed.error()), QStringLiteral("InvalidArgumentException"));
        QVERIFY(f.kms().disableKey({id}));
        QCOMPARE(typeOf(f.start(id).error()), QStringLiteral("KMSDisabledException"));
        QVERIFY(f.kms().enableKey({id}));
        QVERIFY(f.start(id));
        QCOMPARE(typeOf(f.start(id).error()), QStringLiteral("ResourceInUseException")); // UPDATING
        f.h->advance(500);
        QVERIFY(f.put("one"));

        QVERIFY(f.kms().disableKey({id}));
        auto put = f.put("two");
        QCOMPARE(typeOf(put.error()), QStringLiteral("KMSDisabledException"));
        QCOMPARE(typeOf(f.putMany({"x"}).error()), QStringLiteral("KMSDisabledException"));
        auto read = f.readAll();
        QCOMPARE(typeOf(read.error()), QStringLiteral("KMSDisabledException"));

        QVERIFY(f.kms().enableKey({id}));
        QCOMPARE(f.readAll()->records.at(0).data, std::string("one"));

        kms::ScheduleKeyDeletionRequest del;
        del.keyId = id;
        del.pendingWindowInDays = 7;
        QVERIFY(f.kms().scheduleKeyDeletion(del));
        QCOMPARE(typeOf(f.put("three").error()), QStringLiteral("KMSInvalidStateException"));
        QCOMPARE(typeOf(f.readAll().error()), QStringLiteral("KMSInvalidStateException"));
        f.h->clock().advance(8LL * 24 * 3600 * 1000);
        QCOMPARE(typeOf(f.put("four").error()), QStringLiteral("KMSNotFoundException"));
    }

    void aNewKeyTwentyFiveTimesADay()
    {
        Encrypted f;
        const std::string a = f.kms().createKey({})->keyMetadata.keyId;
        const std::string b = f.kms().createKey({})->keyMetadata.keyId;
        for (int i = 0; i < 25; ++i) {
            QVERIFY(f.start(i % 2 ? b : a));
            f.h->advance(500);
        }
        QVERIFY(f.start(a)); // the key in use (the 25th was a) is not a new one
        f.h->advance(500);
        auto refused = f.start(b);
        QCOMPARE(typeOf(refused.error()), QStringLiteral("LimitExceededException"));
        // Kept across a restart, and forgotten a day later.
        f.h->restart();
        QCOMPARE(typeOf(f.start(b).error()), QStringLiteral("LimitExceededException"));
        f.h->advance(24LL * 3600 * 1000);
        QVERIFY(f.start(b));
    }

    void dataKeysRotateEveryFiveMinutes()
    {
        Encrypted f;
        const std::string id = f.kms().createKey({})->keyMetadata.keyId;
        QVERIFY(f.start(id));
        f.h->advance(500);
        QVERIFY(f.put("a"));
        QVERIFY(f.put("b"));
        QCOMPARE(f.keys->ring().count(), std::size_t(1));
        f.h->advance(kms::DataKeyRing::kRotateMs - 1000);
        QVERIFY(f.put("c"));
        QCOMPARE(f.keys->ring().count(), std::size_t(1));
        f.h->advance(1000);
        QVERIFY(f.put("d"));
        QCOMPARE(f.keys->ring().count(), std::size_t(2));
        // Records under the old and the new data key read alike.
        auto read = f.readAll();
        QCOMPARE(read->records.size(), std::size_t(4));
        QCOMPARE(read->records[3].data, std::string("d"));
    }
};

QTEST_GUILESS_MAIN(TestEncryption)
#include "tst_encryption.moc"
