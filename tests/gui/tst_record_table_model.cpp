// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
// RecordTableModel under QAbstractItemModelTester: precise appends, trimming past maxRows,
// clear; and the consume panel's renderings of record data.
#include "consume/consume_panel.h"
#include "models/record_table_model.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QtTest>

using shs::ui::ConsumePanel;
using shs::ui::RecordRow;
using shs::ui::RecordTableModel;

class TestRecordTableModel : public QObject
{
    Q_OBJECT
  private Q_SLOTS:
    void appendsAreInsertsAndTrimmingRemovesTheOldest();
    void valuesAndSortRole();
    void render_data();
    void render();
};

namespace {
QList<RecordRow> rows(int from, int count)
{
    QList<RecordRow> out;
    for (int i = from; i < from + count; ++i)
        out.push_back({QStringLiteral("shardId-000000000000"), QString::number(1000 + i),
                       QStringLiteral("k%1").arg(i), 1795687200000 + i, QByteArray(i % 7, 'x')});
    return out;
}
} // namespace

void TestRecordTableModel::appendsAreInsertsAndTrimmingRemovesTheOldest()
{
    RecordTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setMaxRows(10);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    model.append(rows(0, 6));
    QCOMPARE(model.rowCount(), 6);
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(removed.count(), 0);
    model.append(rows(6, 6)); // 12 > 10: the two oldest go
    QCOMPARE(model.rowCount(), 10);
    QCOMPARE(removed.count(), 1);
    QCOMPARE(removed.at(0).at(1).toInt(), 0);
    QCOMPARE(removed.at(0).at(2).toInt(), 1);
    QCOMPARE(model.row(0).partitionKey, QStringLiteral("k2"));
    QCOMPARE(model.row(9).partitionKey, QStringLiteral("k11"));
    model.append(rows(12, 25)); // a batch larger than the cap keeps its newest 10
    QCOMPARE(model.rowCount(), 10);
    QCOMPARE(model.row(0).partitionKey, QStringLiteral("k27"));
    QCOMPARE(model.row(9).partitionKey, QStringLiteral("k36"));
    model.setMaxRows(4);
    QCOMPARE(model.rowCount(), 4);
    QCOMPARE(model.row(0).partitionKey, QStringLiteral("k33"));
    model.clear();
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(reset.count(), 0);
}

void TestRecordTableModel::valuesAndSortRole()
{
    RecordTableModel model;
    model.append(rows(3, 1));
    const auto at = [&](int column, int role) { return model.data(model.index(0, column), role); };
    QCOMPARE(at(RecordTableModel::ArrivalColumn, Qt::DisplayRole).toString(),
             QStringLiteral("2026-11-26 10:00:00.003"));
    QCOMPARE(at(RecordTableModel::SizeColumn, Qt::DisplayRole).toString(), QStringLiteral("3 B"));
    QCOMPARE(at(RecordTableModel::SizeColumn, RecordTableModel::SortRole).toLongLong(), 3);
    QCOMPARE(at(RecordTableModel::SequenceColumn, RecordTableModel::SortRole).toString().size(),
             56);
    QCOMPARE(model.headerData(RecordTableModel::SequenceColumn, Qt::Horizontal, Qt::DisplayRole)
                 .toString(),
             QStringLiteral("Sequence number"));
}

void TestRecordTableModel::render_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<int>("as");
    QTest::addColumn<QString>("expected");
    QTest::newRow("text") << QByteArray("h\xc3\xa9llo") << int(ConsumePanel::InspectAs::Text)
                          << QString::fromUtf8("héllo");
    QTest::newRow("pretty json") << QByteArray(R"({"a":[1,2]})")
                                 << int(ConsumePanel::InspectAs::Json)
                                 << QStringLiteral(
                                        "{\n    \"a\": [\n        1,\n        2\n    ]\n}\n");
    QTest::newRow("hex")
        << QByteArray("Hello, Kinesis!\x00\x01", 17) << int(ConsumePanel::InspectAs::Hex)
        << QStringLiteral(
               "00000000  48 65 6c 6c 6f 2c 20 4b 69 6e 65 73 69 73 21 00  Hello, Kinesis!.\n"
               "00000010  01                                               .\n");
}

void TestRecordTableModel::render()
{
    QFETCH(QByteArray, data);
    QFETCH(int, as);
    QFETCH(QString, expected);
    QCOMPARE(ConsumePanel::render(data, ConsumePanel::InspectAs(as)), expected);
    // Data that is not JSON says so and still shows the bytes.
    const QString notJson = ConsumePanel::render("plain", ConsumePanel::InspectAs::Json);
    QVERIFY(notJson.startsWith(QStringLiteral("(not JSON")));
    QVERIFY(notJson.endsWith(QStringLiteral("plain")));
}

QTEST_MAIN(TestRecordTableModel)
#include "tst_record_table_model.moc"
