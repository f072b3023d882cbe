// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/encoding.h"
#include "engine/shard_iterator.h"

#include <QtTest>

using namespace shs::core;

class TestShardIterator : public QObject
{
    Q_OBJECT
  private Q_SLOTS:
    void roundTrip_data();
    void roundTrip();
    void pageTokensAreBoundToTheirKind();
    void base64IsStrict_data();
    void base64IsStrict();
    void utf8Length();
};

void TestShardIterator::roundTrip_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<quint64>("position");
    QTest::newRow("short") << "s" << quint64(0);
    QTest::newRow("longest-name") << QString(128, QLatin1Char('n'))
                                  << quint64(0x7fffffffffffffffULL);
}

void TestShardIterator::roundTrip()
{
    QFETCH(QString, name);
    QFETCH(quint64, position);
    shs::crypto::AeadKey key{};
    key[5] = 9;
    TokenCodec codec(key);
    IteratorToken t{1780000000123, 77, 12, position, name.toStdString(), 4000000123u};
    const auto text = codec.encodeIterator(t);
    QVERIFY(text.size() <= 512);
    QCOMPARE(*codec.decodeIterator(text), t);
    QVERIFY(text != codec.encodeIterator(t)); // fresh nonce every time
}

void TestShardIterator::pageTokensAreBoundToTheirKind()
{
    shs::crypto::AeadKey key{};
    TokenCodec codec(key);
    const auto token = codec.encodePage('H', 5, "payload");
    QCOMPARE(codec.decodePage('H', token)->second, std::string("payload"));
    QVERIFY(!codec.decodePage('S', token));
    QVERIFY(!codec.decodeIterator(token));
}

void TestShardIterator::base64IsStrict_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("valid");
    QTest::newRow("empty") << "" << true;
    QTest::newRow("padded") << "aGk=" << true;
    QTest::newRow("double-pad") << "aA==" << true;
    QTest::newRow("no-padding") << "aGk" << false;
    QTest::newRow("bad-char") << "aG!=" << false;
    QTest::newRow("non-canonical") << "aGl=" << false;
    QTest::newRow("pad-in-middle") << "a=k=" << false;
}

void TestShardIterator::base64IsStrict()
{
    QFETCH(QString, text);
    QFETCH(bool, valid);
    QCOMPARE(base64Decode(text.toStdString()).has_value(), valid);
    if (valid)
        QCOMPARE(QString::fromStdString(base64Encode(*base64Decode(text.toStdString()))), text);
}

void TestShardIterator::utf8Length()
{
    QCOMPARE(*shs::core::utf8Length("abc"), size_t(3));
    QCOMPARE(*shs::core::utf8Length("\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80"), size_t(3));
    QVERIFY(!shs::core::utf8Length("\xc3").has_value());
    QVERIFY(!shs::core::utf8Length("\xff").has_value());
}

QTEST_APPLESS_MAIN(TestShardIterator)
#include "tst_shard_iterator.moc"
