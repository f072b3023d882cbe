// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
// The KCL's lease rules (core::LeaseTaker) and the SQLite lease table's conditional writes:
// expiry as each worker observes a counter, taking towards an even share, stealing at most one a
// cycle and only from a worker over its share, and every write refused when the row moved — also
// between two connections to one file, as two processes would share it.
#include "engine/leases.h"
#include "store/sqlite_lease_table.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace shs;
using namespace shs::core;

class TestLeases : public QObject
{
    Q_OBJECT
  private Q_SLOTS:
    void newUnownedLeasesAreTakenUpToTheTarget();
    void anOwnedLeaseExpiresOnlyWhenItsCounterStandsStill();
    void stealsOneAtATimeAndOnlyFromAWorkerOverItsShare();
    void conditionalWritesAreRefusedWhenTheRowMoved();
    void twoConnectionsToOneFileCoordinate();
    void anApplicationIsBoundToItsStream();
};

namespace {
std::vector<Lease> leases(int n, const std::string &owner = {}, std::int64_t counter = 1)
{
    std::vector<Lease> out;
    for (int i = 0; i < n; ++i) {
        Lease l;
        l.leaseKey = "shardId-00000000000" + std::to_string(i);
        l.leaseOwner = owner;
        l.leaseCounter = counter;
        l.checkpoint = checkpoint::TrimHorizon;
        out.push_back(l);
    }
    return out;
}
} // namespace

void TestLeases::newUnownedLeasesAreTakenUpToTheTarget()
{
    LeaseTaker w1("w1", {});
    auto scan = leases(4);
    // One worker seen: it aims at all four, and unowned leases are expired at first sight.
    auto plan = w1.plan(scan, 1000);
    QCOMPARE(plan.target, 4);
    QCOMPARE(int(plan.expired.size()), 4);
    QVERIFY(plan.steal.empty());
    // With w2 holding two (fresh), w1's share is two.
    scan[0].leaseOwner = scan[1].leaseOwner = "w2";
    scan[0].leaseCounter = scan[1].leaseCounter = 2; // a take moves the counter
    plan = w1.plan(scan, 2000);
    QCOMPARE(plan.workers, 2);
    QCOMPARE(plan.target, 2);
    QCOMPARE(int(plan.expired.size()), 2);
    for (const auto &l : plan.expired)
        QVERIFY(l.leaseOwner.empty());
}

void TestLeases::anOwnedLeaseExpiresOnlyWhenItsCounterStandsStill()
{
    LeaseTaker::Options o;
    o.leaseDurationMs = 10'000;
    LeaseTaker w1("w1", o);
    auto scan = leases(2, "w2", 5);
    auto plan = w1.plan(scan, 0);
    QVERIFY(plan.expired.empty()); // first sight of an owned lease: it may be alive
    // w2 renews one lease (its counter moves), not the other.
    scan[0].leaseCounter = 6;
    plan = w1.plan(scan, 6'000);
    QVERIFY(!w1.expired(scan[0].leaseKey, 6'000));
    QVERIFY(!w1.expired(scan[1].leaseKey, 6'000));
    plan = w1.plan(scan, 10'001);
    QVERIFY(!w1.expired(scan[0].leaseKey, 10'001)); // moved at 6 s
    QVERIFY(w1.expired(scan[1].leaseKey, 10'001));  // still since 0 s
    QCOMPARE(int(plan.expired.size()), 1);
    QCOMPARE(plan.expired[0].leaseKey, scan[1].leaseKey);
}

void TestLeases::stealsOneAtATimeAndOnlyFromAWorkerOverItsShare()
{
    LeaseTaker w3("w3", {});
    // w1 holds 4, w2 holds 2, w3 none: 6 leases, 3 workers, share 2. w3 needs 2 and w1 is over.
    auto scan = leases(6, "w1");
    scan[4].leaseOwner = scan[5].leaseOwner = "w2";
    auto plan = w3.plan(scan, 0);
    QCOMPARE(plan.target, 2);
    QVERIFY(plan.expired.empty());
    QCOMPARE(int(plan.steal.size()), 1); // maxLeasesToStealAtOneTime
    QCOMPARE(plan.steal[0].leaseOwner, std::string("w1"));
    // Balanced 2/2/2: nothing to do.
    scan[0].leaseOwner = scan[1].leaseOwner = "w3";
    scan[0].leaseCounter = scan[1].leaseCounter = 2;
    plan = w3.plan(scan, 1);
    QVERIFY(plan.steal.empty() && plan.expired.empty());
    // 4 leases, 3 workers, share 2: w3 holding 1 and the busiest at 2 (at, not over, the share)
    // is left alone — a steal would only move the imbalance.
    LeaseTaker w3b("w3", {});
    auto four = leases(4, "w1");
    four[2].leaseOwner = "w2";
    four[3].leaseOwner = "w3";
    plan = w3b.plan(four, 0);
    QCOMPARE(plan.target, 2);
    QVERIFY(plan.steal.empty());
}

void TestLeases::conditionalWritesAreRefusedWhenTheRowMoved()
{
    auto opened = store::SqliteLeaseTable::open(":memory:", "app", "orders");
    QVERIFY(opened);
    auto &t = **opened;
    Lease l = leases(1)[0];
    l.parentShardId = {"shardId-000000000007", "shardId-000000000008"};
    l.startingHashKey = "0";
    l.endingHashKey = "340282366920938463463374607431768211455";
    QVERIFY(*t.createLeaseIfNotExists(l));
    QVERIFY(!*t.createLeaseIfNotExists(l)); // exists
    auto got = t.getLease(l.leaseKey);
    QVERIFY(got && *got);
    QCOMPARE(**got, l);

    Lease a = **got;
    QVERIFY(*t.takeLease(a, "w1"));
    QCOMPARE(a.leaseOwner, std::string("w1"));
    QCOMPARE(a.leaseCounter, l.leaseCounter + 1);
    QCOMPARE(a.ownerSwitchesSinceCheckpoint, std::int64_t(1));
    Lease stale = l; // the counter as first read
    QVERIFY(!*t.takeLease(stale, "w2"));
    QVERIFY(*t.renewLease(a));
    // w2 takes it with the current counter; w1's renewal and checkpoint are refused.
    Lease b = **t.getLease(l.leaseKey);
    QVERIFY(*t.takeLease(b, "w2"));
    QCOMPARE(b.ownerSwitchesSinceCheckpoint, std::int64_t(2));
    QVERIFY(!*t.renewLease(a));
    a.checkpoint = "49600000000000000000000000000000000000000000000000000000";
    QVERIFY(!*t.updateLease(a));
    b.checkpoint = "49600000000000000000000000000000000000000000000000000001";
    b.childShardIds = {"shardId-000000000009"};
    QVERIFY(*t.updateLease(b));
    got = t.getLease(l.leaseKey);
    QCOMPARE((*got)->checkpoint, b.checkpoint);
    QCOMPARE((*got)->ownerSwitchesSinceCheckpoint, std::int64_t(0));
    QCOMPARE((*got)->childShardIds, b.childShardIds);
    QCOMPARE((*got)->leaseCounter, b.leaseCounter);
    // Evict (graceful hand-off) then delete, each conditional.
    QVERIFY(!*t.evictLease(a));
    QVERIFY(*t.evictLease(b));
    QVERIFY((*t.getLease(l.leaseKey))->leaseOwner.empty());
    QVERIFY(!*t.deleteLease(a));
    QVERIFY(*t.deleteLease(b));
    QVERIFY(t.listLeases()->empty());
}

void TestLeases::twoConnectionsToOneFileCoordinate()
{
    QTemporaryDir dir;
    const std::string path = dir.filePath(QStringLiteral("consumers.sqlite3")).toStdString();
    auto p1 = store::SqliteLeaseTable::open(path, "app", "orders");
    auto p2 = store::SqliteLeaseTable::open(path, "app", "orders");
    QVERIFY(p1 && p2);
    for (const Lease &l : leases(3))
        QVERIFY(*(*p1)->createLeaseIfNotExists(l));
    QCOMPARE(int((*p2)->listLeases()->size()), 3);
    // Both read the same row; only the first take wins.
    Lease a = **(*p1)->getLease("shardId-000000000000");
    Lease b = a;
    QVERIFY(*(*p1)->takeLease(a, "p1-w1"));
    QVERIFY(!*(*p2)->takeLease(b, "p2-w1"));
    QCOMPARE((*(*p2)->getLease(a.leaseKey))->leaseOwner, std::string("p1-w1"));
    // Another application in the same file has its own table.
    auto other = store::SqliteLeaseTable::open(path, "audit", "orders");
    QVERIFY(other);
    QVERIFY((*other)->listLeases()->empty());
    QVERIFY((*p2)->reset());
    QVERIFY((*p1)->listLeases()->empty());
}

void TestLeases::anApplicationIsBoundToItsStream()
{
    QTemporaryDir dir;
    const std::string path = dir.filePath(QStringLiteral("consumers.sqlite3")).toStdString();
    QVERIFY(store::SqliteLeaseTable::open(path, "app", "orders"));
    auto refused = store::SqliteLeaseTable::open(path, "app", "payments");
    QVERIFY(!refused);
    QCOMPARE(refused.error().code, ErrorCode::ResourceInUse);
    QVERIFY(refused.error().message.find("already consumes stream orders") != std::string::npos);
}

QTEST_GUILESS_MAIN(TestLeases)
#include "tst_leases.moc"
