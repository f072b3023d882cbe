// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
// The demo generator's statistics and payloads, and the publish panel's data encodings.
#include "producer/record_generator.h"
#include "publish/publish_panel.h"

#include <QJsonDocument>
#include <QtTest>

#include <cmath>
#include <map>

using namespace shs;
using namespace shs::ui;

class TestRecordGenerator : public QObject
{
    Q_OBJECT
  private Q_SLOTS:
    void uniformSpreadsEvenly();
    void zipfFollowsItsLaw();
    void hotKeyTakesItsShare();
    void sequentialCycles();
    void keyMixStandsForTheDistribution();
    void payloadsHaveTheRequestedSizeAndStayValid_data();
    void payloadsHaveTheRequestedSizeAndStayValid();
    void seededRunsRepeat();
    void encodeData_data();
    void encodeData();
};

namespace {
std::map<int, int> histogram(producer::RecordGenerator &g, int n)
{
    std::map<int, int> h;
    for (int i = 0; i < n; ++i)
        ++h[g.nextKeyIndex()];
    return h;
}
} // namespace

void TestRecordGenerator::uniformSpreadsEvenly()
{
    producer::GeneratorSpec spec;
    spec.distinctKeys = 10;
    producer::RecordGenerator g(spec, 1);
    const auto h = histogram(g, 100'000);
    QCOMPARE(int(h.size()), 10);
    for (const auto &[k, c] : h) {
        QVERIFY(k >= 0 && k < 10);
        QVERIFY2(std::abs(c - 10'000) < 500, qPrintable(QString::number(c)));
    }
}

void TestRecordGenerator::zipfFollowsItsLaw()
{
    producer::GeneratorSpec spec;
    spec.distinctKeys = 1000;
    spec.distribution = producer::KeyDistribution::Zipf;
    spec.zipfExponent = 1.1;
    producer::RecordGenerator g(spec, 2);
    double harmonic = 0;
    for (int k = 1; k <= 1000; ++k)
        harmonic += 1.0 / std::pow(k, 1.1);
    const int n = 200'000;
    auto h = histogram(g, n);
    for (int rank : {1, 2, 10}) {
        const double expected = n / std::pow(rank, 1.1) / harmonic;
        const double got = h[rank - 1];
        QVERIFY2(std::abs(got - expected) < 0.05 * expected + 50,
                 qPrintable(QStringLiteral("rank %1: %2 vs %3").arg(rank).arg(got).arg(expected)));
    }
    QVERIFY(h[0] > h[1] && h[1] > h[9]);
}

void TestRecordGenerator::hotKeyTakesItsShare()
{
    producer::GeneratorSpec spec;
    spec.distinctKeys = 100;
    spec.distribution = producer::KeyDistribution::HotKey;
    producer::RecordGenerator g(spec, 3);
    auto h = histogram(g, 50'000);
    QVERIFY2(std::abs(h[0] / 50'000.0 - producer::RecordGenerator::kHotShare) < 0.01,
             qPrintable(QString::number(h[0])));
    QVERIFY(h.size() > 90);
}

// A carried load's keys: at most the number asked for, shares summing to 1, the hot keys exact,
// and the tail's runs carrying the tail's share.
void TestRecordGenerator::keyMixStandsForTheDistribution()
{
    auto total = [](const auto &mix) {
        double sum = 0;
        for (const auto &[key, share] : mix)
            sum += share;
        return sum;
    };
    producer::GeneratorSpec spec;
    spec.distinctKeys = 10;
    spec.distribution = producer::KeyDistribution::HotKey;
    auto hot = producer::RecordGenerator(spec, 1).keyMix(4096);
    QCOMPARE(hot.size(), std::size_t(10));
    QCOMPARE(hot[0].first, std::string("user-0"));
    QVERIFY(qAbs(hot[0].second - 0.8) < 1e-12);
    QVERIFY(qAbs(hot[9].second - 0.2 / 9) < 1e-12);
    QVERIFY(qAbs(total(hot) - 1) < 1e-9);

    spec.distinctKeys = 1'000'000;
    spec.distribution = producer::KeyDistribution::Zipf;
    spec.zipfExponent = 1.1;
    auto zipf = producer::RecordGenerator(spec, 1).keyMix(4096);
    QCOMPARE(zipf.size(), std::size_t(4096));
    QVERIFY(qAbs(total(zipf) - 1) < 1e-9);
    double harmonic = 0;
    for (int k = 1; k <= 1'000'000; ++k)
        harmonic += 1.0 / std::pow(k, 1.1);
    QVERIFY(qAbs(zipf[0].second - 1 / harmonic) < 1e-9); // rank 1 exactly
    QVERIFY(qAbs(zipf[2047].second - 1 / std::pow(2048, 1.1) / harmonic) < 1e-12);
    QVERIFY(zipf[2048].second > zipf[2047].second); // a run of ~488 ranks

    spec.distribution = producer::KeyDistribution::Uniform;
    auto uniform = producer::RecordGenerator(spec, 1).keyMix(4096);
    QCOMPARE(uniform.size(), std::size_t(4096));
    QVERIFY(qAbs(total(uniform) - 1) < 1e-9);
    QVERIFY(qAbs(uniform[0].second - 1e-6) < 1e-15);
}

void TestRecordGenerator::sequentialCycles()
{
    producer::GeneratorSpec spec;
    spec.distinctKeys = 3;
    spec.distribution = producer::KeyDistribution::Sequential;
    producer::RecordGenerator g(spec, 4);
    std::vector<std::string> keys;
    for (int i = 0; i < 7; ++i)
        keys.push_back(g.next(0).partitionKey);
    const std::vector<std::string> expected{"user-0", "user-1", "user-2", "user-0",
                                            "user-1", "user-2", "user-0"};
    QVERIFY(keys == expected);
}

void TestRecordGenerator::payloadsHaveTheRequestedSizeAndStayValid_data()
{
    QTest::addColumn<int>("payload");
    QTest::addColumn<int>("bytes");
    QTest::addColumn<bool>("json");
    QTest::newRow("clickstream 200 B")
        << int(producer::PayloadTemplate::Clickstream) << 200 << true;
    QTest::newRow("clickstream 1 KiB")
        << int(producer::PayloadTemplate::Clickstream) << 1024 << true;
    QTest::newRow("IoT 300 B") << int(producer::PayloadTemplate::IotSensor) << 300 << true;
    QTest::newRow("financial 512 B") << int(producer::PayloadTemplate::Financial) << 512 << true;
    QTest::newRow("log line 256 B") << int(producer::PayloadTemplate::LogLine) << 256 << false;
    QTest::newRow("smaller than the template")
        << int(producer::PayloadTemplate::Clickstream) << 10 << true;
}

void TestRecordGenerator::payloadsHaveTheRequestedSizeAndStayValid()
{
    QFETCH(int, payload);
    QFETCH(int, bytes);
    QFETCH(bool, json);
    producer::GeneratorSpec spec;
    spec.payload = producer::PayloadTemplate(payload);
    spec.recordBytes = bytes;
    producer::RecordGenerator g(spec, 5);
    for (int i = 0; i < 50; ++i) {
        const auto e = g.next(1795687200000 + i);
        if (bytes >= 160)
            QCOMPARE(int(e.data.size()), bytes);
        else
            QVERIFY(int(e.data.size()) > bytes); // the template's natural size
        if (json) {
            QJsonParseError pe{};
            const auto doc = QJsonDocument::fromJson(QByteArray::fromStdString(e.data), &pe);
            QVERIFY2(pe.error == QJsonParseError::NoError, e.data.c_str());
            QVERIFY(doc.isObject());
        }
        QVERIFY(e.data.find(e.partitionKey) != std::string::npos);
    }
}

void TestRecordGenerator::seededRunsRepeat()
{
    producer::GeneratorSpec spec;
    spec.distribution = producer::KeyDistribution::Zipf;
    producer::RecordGenerator a(spec, 42), b(spec, 42), c(spec, 43);
    bool differs = false;
    for (int i = 0; i < 100; ++i) {
        const auto x = a.next(i), y = b.next(i), z = c.next(i);
        QCOMPARE(x.partitionKey, y.partitionKey);
        QCOMPARE(x.data, y.data);
        differs = differs || x.partitionKey != z.partitionKey;
    }
    QVERIFY(differs);
}

void TestRecordGenerator::encodeData_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("format");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("error");
    QTest::newRow("text utf-8") << QString::fromUtf8("héllo") << int(PublishPanel::DataFormat::Text)
                                << true << QByteArray("h\xc3\xa9llo") << QString();
    QTest::newRow("json object") << QStringLiteral(R"({"a": 1})")
                                 << int(PublishPanel::DataFormat::Json) << true
                                 << QByteArray(R"({"a": 1})") << QString();
    QTest::newRow("json broken") << QStringLiteral(R"({"a": )")
                                 << int(PublishPanel::DataFormat::Json) << false << QByteArray()
                                 << QStringLiteral("not valid JSON");
    QTest::newRow("hex spaced") << QStringLiteral("48 65 6c 6C 6f")
                                << int(PublishPanel::DataFormat::Hex) << true << QByteArray("Hello")
                                << QString();
    QTest::newRow("hex 0x prefix") << QStringLiteral("0x00ff") << int(PublishPanel::DataFormat::Hex)
                                   << true << QByteArray("\x00\xff", 2) << QString();
    QTest::newRow("hex odd digits") << QStringLiteral("abc") << int(PublishPanel::DataFormat::Hex)
                                    << false << QByteArray() << QStringLiteral("not hex bytes");
    QTest::newRow("hex bad digit") << QStringLiteral("zz") << int(PublishPanel::DataFormat::Hex)
                                   << false << QByteArray() << QStringLiteral("not hex bytes");
}

void TestRecordGenerator::encodeData()
{
    QFETCH(QString, text);
    QFETCH(int, format);
    QFETCH(bool, ok);
    QFETCH(QByteArray, bytes);
    QFETCH(QString, error);
    QString why;
    const auto out = PublishPanel::encode(text, PublishPanel::DataFormat(format), &why);
    QCOMPARE(out.has_value(), ok);
    if (ok)
        QCOMPARE(QByteArray::fromStdString(*out), bytes);
    else
        QVERIFY2(why.contains(error), qPrintable(why));
}

QTEST_MAIN(TestRecordGenerator)
#include "tst_record_generator.moc"
