// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
// The event-stream framing: AWS's empty-message test vector, round trips through the incremental
// decoder in any split, and every refusal.
#include "eventstream/event_stream.h"

#include <QtTest>

using namespace shs::net::eventstream;
namespace eventstream = shs::net::eventstream;

class TestEventStream : public QObject
{
    Q_OBJECT
  private Q_SLOTS:
    void emptyMessageVector();
    void roundTripInAnySplit();
    void decodesEveryHeaderType();
    void refusals_data();
    void refusals();
};

void TestEventStream::emptyMessageVector()
{
    // aws-c-event-stream's "empty message": 16 bytes, prelude CRC 0x05c248eb, CRC 0x7d98c8ff.
    const QByteArray expected = QByteArray::fromHex("000000100000000005c248eb7d98c8ff");
    QCOMPARE(encode(Message{}), expected);
    Decoder d;
    d.feed(expected);
    auto m = d.next();
    QVERIFY(m);
    QVERIFY(m->headers.empty());
    QVERIFY(m->payload.isEmpty());
    QCOMPARE(crc32("123456789", 9), 0xCBF43926u); // the CRC-32 check value
}

void TestEventStream::roundTripInAnySplit()
{
    QByteArray stream;
    stream += eventstream::event("initial-response", "application/x-amz-json-1.1", "{}");
    stream += eventstream::event("SubscribeToShardEvent", "application/x-amz-json-1.1",
                                 R"({"Records":[],"MillisBehindLatest":0})");
    stream += exception("ResourceInUseException", "application/x-amz-json-1.1",
                        R"({"message":"taken over"})");
    for (int chunk : {1, 3, 7, 64, 4096}) {
        Decoder d;
        std::vector<Message> got;
        for (qsizetype i = 0; i < stream.size(); i += chunk) {
            d.feed(stream.mid(i, chunk));
            while (auto m = d.next())
                got.push_back(*m);
        }
        QVERIFY(!d.failed());
        QCOMPARE(got.size(), std::size_t(3));
        QCOMPARE(got[0].header(":event-type"), std::string("initial-response"));
        QCOMPARE(got[0].header(":message-type"), std::string("event"));
        QCOMPARE(got[1].payload, QByteArray(R"({"Records":[],"MillisBehindLatest":0})"));
        QCOMPARE(got[2].header(":message-type"), std::string("exception"));
        QCOMPARE(got[2].header(":exception-type"), std::string("ResourceInUseException"));
        QCOMPARE(d.buffered(), std::size_t(0));
    }
}

void TestEventStream::decodesEveryHeaderType()
{
    // Headers of types 0-9 as a peer may send them.
    QByteArray h;
    auto name
        = [&h](const char *n, char type) { h.append(char(std::strlen(n))).append(n).append(type); };
    name("t", 0);
    name("f", 1);
    name("b", 2);
    h.append(char(-2));
    name("s", 3);
    h.append(QByteArray::fromHex("ff9c"));
    name("i", 4);
    h.append(QByteArray::fromHex("00010000"));
    name("l", 5);
    h.append(QByteArray::fromHex("0000000000000005"));
    name("y", 6);
    h.append(QByteArray::fromHex("0002")).append("ab");
    name("d", 8);
    h.append(QByteArray::fromHex("000001921938b600"));
    name("u", 9);
    h.append(QByteArray(16, 'u'));
    QByteArray msg;
    auto u32 = [&msg](quint32 v) {
        msg.append(char(v >> 24)).append(char(v >> 16)).append(char(v >> 8)).append(char(v));
    };
    u32(quint32(16 + h.size()));
    u32(quint32(h.size()));
    u32(crc32(msg.constData(), 8));
    msg += h;
    u32(crc32(msg.constData(), std::size_t(msg.size())));
    Decoder d;
    d.feed(msg);
    auto m = d.next();
    QVERIFY2(m, d.error().c_str());
    QCOMPARE(m->header("t"), std::string("true"));
    QCOMPARE(m->header("f"), std::string("false"));
    QCOMPARE(m->header("b"), std::string("-2"));
    QCOMPARE(m->header("s"), std::string("-100"));
    QCOMPARE(m->header("i"), std::string("65536"));
    QCOMPARE(m->header("l"), std::string("5"));
    QCOMPARE(m->header("y"), std::string("ab"));
    QCOMPARE(m->header("d"), std::string("1727000000000"));
    QCOMPARE(m->header("u").size(), std::size_t(16));
}

void TestEventStream::refusals_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("error");
    QByteArray good = eventstream::event("SubscribeToShardEvent", "application/json", "{}");
    QByteArray badPrelude = good;
    badPrelude[8] = char(badPrelude[8] ^ 1);
    QTest::newRow("prelude-crc") << badPrelude << "the prelude's CRC does not match";
    QByteArray badCrc = good;
    badCrc[badCrc.size() - 1] = char(badCrc[badCrc.size() - 1] ^ 1);
    QTest::newRow("message-crc") << badCrc << "the message's CRC does not match";
    QByteArray payloadFlip = good;
    payloadFlip[payloadFlip.size() - 5] = 'X';
    QTest::newRow("payload-changed") << payloadFlip << "the message's CRC does not match";
    auto prelude = [](quint32 total, quint32 headers) {
        QByteArray p;
        for (quint32 v : {total, headers})
            p.append(char(v >> 24)).append(char(v >> 16)).append(char(v >> 8)).append(char(v));
        const quint32 c = crc32(p.constData(), 8);
        p.append(char(c >> 24)).append(char(c >> 16)).append(char(c >> 8)).append(char(c));
        return p;
    };
    QTest::newRow("too-short") << prelude(12, 0) << "a message of 12 bytes (16 to 16 MiB allowed)";
    QTest::newRow("too-long") << prelude(17 * 1024 * 1024, 0)
                              << "a message of 17825792 bytes (16 to 16 MiB allowed)";
    QTest::newRow("headers-past-end")
        << prelude(40, 30) << "headers of 30 bytes in a message of 40";
    QByteArray badHeader = prelude(16 + 3, 3)
                           + QByteArray("\x01"
                                        "a\x0f",
                                        3);
    const quint32 c = crc32(badHeader.constData(), std::size_t(badHeader.size()));
    badHeader.append(char(c >> 24)).append(char(c >> 16)).append(char(c >> 8)).append(char(c));
    QTest::newRow("unknown-header-type") << badHeader << "malformed headers";
}

void TestEventStream::refusals()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, error);
    Decoder d;
    d.feed(bytes);
    QVERIFY(!d.next());
    QVERIFY(d.failed());
    QCOMPARE(QString::fromStdString(d.error()), error);
    // Refused for good: a good message after it is not read.
    d.feed(eventstream::event("x", "y", "{}"));
    QVERIFY(!d.next());
}

QTEST_GUILESS_MAIN(TestEventStream)
#include "tst_event_stream.moc"
