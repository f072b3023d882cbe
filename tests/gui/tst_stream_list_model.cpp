// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/stream_list_model.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QtTest>

using namespace shs::core;
using shs::ui::StreamListModel;

namespace {
/// "a:ACTIVE:2 b:CREATING:1" -> a snapshot with those streams (name:status:openShards).
EngineSnapshot snapshotFromText(const QString &text)
{
    EngineSnapshot s;
    for (const QString &part : text.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        const auto f = part.split(QLatin1Char(':'));
        StreamInfo info;
        info.name = f[0].toStdString();
        info.status = f[1] == QStringLiteral("ACTIVE")     ? StreamStatus::Active
                      : f[1] == QStringLiteral("DELETING") ? StreamStatus::Deleting
                                                           : StreamStatus::Creating;
        info.openShardCount = f[2].toInt();
        info.retentionHours = 24;
        s.streams.push_back(info);
    }
    return s;
}

QStringList dumpModel(const StreamListModel &m)
{
    QStringList out;
    for (int r = 0; r < m.rowCount(); ++r)
        out << QStringLiteral("%1 %2 %3")
                   .arg(m.index(r, StreamListModel::NameColumn).data().toString(),
                        m.index(r, StreamListModel::StatusColumn).data().toString(),
                        m.index(r, StreamListModel::OpenShardsColumn).data().toString());
    return out;
}
} // namespace

class TestStreamListModel : public QObject
{
    Q_OBJECT
  private Q_SLOTS:
    void diffsArePrecise();
    void displayAndSortRoles();
    void writeRatesChangeOneCellEach();
};

void TestStreamListModel::diffsArePrecise()
{
    StreamListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);

    model.applySnapshot(snapshotFromText(QStringLiteral("b:CREATING:2 d:ACTIVE:1")));
    QCOMPARE(inserted.count(), 1); // one batch, not one per row
    QCOMPARE(dumpModel(model),
             QStringList({QStringLiteral("b CREATING 2"), QStringLiteral("d ACTIVE 1")}));

    model.applySnapshot(
        snapshotFromText(QStringLiteral("a:CREATING:4 b:ACTIVE:2 c:ACTIVE:1 d:ACTIVE:1")));
    QCOMPARE(inserted.count(), 3);
    QCOMPARE(changed.count(), 1); // only b changed
    QCOMPARE(dumpModel(model),
             QStringList({QStringLiteral("a CREATING 4"), QStringLiteral("b ACTIVE 2"),
                          QStringLiteral("c ACTIVE 1"), QStringLiteral("d ACTIVE 1")}));

    model.applySnapshot(snapshotFromText(QStringLiteral("a:CREATING:4 d:DELETING:1")));
    QCOMPARE(removed.count(), 1); // b and c in one run
    QCOMPARE(dumpModel(model),
             QStringList({QStringLiteral("a CREATING 4"), QStringLiteral("d DELETING 1")}));
    model.applySnapshot(snapshotFromText(QString()));
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(reset.count(), 0);
}

void TestStreamListModel::displayAndSortRoles()
{
    StreamListModel model;
    auto snap = snapshotFromText(QStringLiteral("s:ACTIVE:12"));
    snap.streams[0].retentionHours = 48;
    snap.streams[0].mode = StreamMode::OnDemand;
    model.applySnapshot(snap);
    QCOMPARE(model.index(0, StreamListModel::RetentionColumn).data().toString(),
             QStringLiteral("2 days"));
    QCOMPARE(
        model.index(0, StreamListModel::RetentionColumn).data(StreamListModel::SortRole).toInt(),
        48);
    QCOMPARE(
        model.index(0, StreamListModel::OpenShardsColumn).data(StreamListModel::SortRole).toInt(),
        12);
    QCOMPARE(model.index(0, StreamListModel::ModeColumn).data().toString(),
             QStringLiteral("On-demand"));
    QCOMPARE(model.rowOf(QStringLiteral("s")), 0);
    QCOMPARE(model.rowOf(QStringLiteral("x")), -1);
}

void TestStreamListModel::writeRatesChangeOneCellEach()
{
    StreamListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.applySnapshot(snapshotFromText(QStringLiteral("a:ACTIVE:1 b:ACTIVE:2 c:ACTIVE:1")));
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QCOMPARE(model.index(1, StreamListModel::WriteRateColumn).data().toString(),
             QStringLiteral("—"));
    model.applyRates({{"b", {1234.0, 250000.0}}});
    QCOMPARE(changed.count(), 1);
    const auto first = changed.at(0).at(0).value<QModelIndex>();
    QCOMPARE(first.row(), 1);
    QCOMPARE(first.column(), int(StreamListModel::WriteRateColumn));
    QCOMPARE(changed.at(0).at(1).value<QModelIndex>(), first);
    QCOMPARE(model.index(1, StreamListModel::WriteRateColumn).data().toString(),
             QLocale().toString(1234) + QStringLiteral("/s"));
    QCOMPARE(
        model.index(1, StreamListModel::WriteRateColumn).data(StreamListModel::SortRole).toDouble(),
        1234.0);
    QVERIFY(model.index(1, StreamListModel::WriteRateColumn)
                .data(Qt::ToolTipRole)
                .toString()
                .contains(QStringLiteral("244.1 KiB")));
    // The same rates again: nothing changes. b stops and c starts: two cells.
    model.applyRates({{"b", {1234.0, 250000.0}}});
    QCOMPARE(changed.count(), 1);
    model.applyRates({{"c", {10.0, 100.0}}});
    QCOMPARE(changed.count(), 3);
    QCOMPARE(model.index(1, StreamListModel::WriteRateColumn).data().toString(),
             QStringLiteral("—"));
    QCOMPARE(model.index(2, StreamListModel::WriteRateColumn).data().toString(),
             QStringLiteral("10/s"));
}

QTEST_GUILESS_MAIN(TestStreamListModel)
#include "tst_stream_list_model.moc"
