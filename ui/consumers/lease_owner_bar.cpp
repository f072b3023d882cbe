// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "lease_owner_bar.h"

#include "engine/hash_key.h"
#include "widgets/shard_label.h"

#include <QPainter>

#include <algorithm>

namespace shs::ui {

LeaseOwnerBar::LeaseOwnerBar(QWidget *parent) : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    setAccessibleName(tr("Lease owners over the hash-key space"));
}

void LeaseOwnerBar::setLeases(std::vector<core::Lease> leases)
{
    leases.erase(std::remove_if(leases.begin(), leases.end(),
                                [](const core::Lease &l) {
                                    return !core::HashKey::fromDecimal(l.startingHashKey)
                                           || !core::HashKey::fromDecimal(l.endingHashKey);
                                }),
                 leases.end());
    if (leases == m_leases)
        return;
    m_leases = std::move(leases);
    update();
}

QColor LeaseOwnerBar::ownerColour(const QString &workerId)
{
    // Eight well-separated hues; a worker's is chosen by its number (w1, w2, …, or the digits
    // at the end of its id), so it never changes while the worker lives.
    static const QColor hues[]
        = {QColor(0x1f, 0x77, 0xb4), QColor(0xff, 0x7f, 0x0e), QColor(0x2c, 0xa0, 0x2c),
           QColor(0x94, 0x67, 0xbd), QColor(0x8c, 0x56, 0x4b), QColor(0xe3, 0x77, 0xc2),
           QColor(0x17, 0xbe, 0xcf), QColor(0xbc, 0xbd, 0x22)};
    qsizetype i = workerId.size();
    while (i > 0 && workerId[i - 1].isDigit())
        --i;
    const uint n = workerId.mid(i).toUInt();
    return hues[(n == 0 ? qHash(workerId) : n - 1) % 8];
}

void LeaseOwnerBar::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing, false);
    const QRectF area = QRectF(rect()).adjusted(1, 1, -1, -1);
    p.fillRect(area, palette().alternateBase());
    if (m_leases.empty()) {
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(area, Qt::AlignCenter, tr("No leases yet: start an application"));
        return;
    }
    // Closed parents and their children may cover the same keys; draw parents first (finished,
    // faded) so the leases being processed lie on top.
    std::vector<const core::Lease *> order;
    for (const auto &l : m_leases)
        order.push_back(&l);
    std::stable_sort(order.begin(), order.end(), [](const auto *a, const auto *b) {
        return (a->checkpoint == core::checkpoint::ShardEnd)
               > (b->checkpoint == core::checkpoint::ShardEnd);
    });
    for (const core::Lease *l : order) {
        const double x0 = core::HashKey::fromDecimal(l->startingHashKey)->toUnitFraction();
        const double x1 = core::HashKey::fromDecimal(l->endingHashKey)->toUnitFraction();
        QRectF box(area.left() + x0 * area.width(), area.top(),
                   std::max(2.0, (x1 - x0) * area.width()), area.height());
        const bool finished = l->checkpoint == core::checkpoint::ShardEnd;
        const QString owner = QString::fromStdString(l->leaseOwner);
        QColor fill = owner.isEmpty() ? palette().color(QPalette::Mid) : ownerColour(owner);
        if (finished)
            fill.setAlpha(70);
        p.fillRect(box, fill);
        if (owner.isEmpty())
            p.fillRect(box, QBrush(palette().color(QPalette::Dark), Qt::BDiagPattern));
        p.setPen(palette().color(QPalette::Window));
        p.drawRect(box);
        if (box.width() > 40) {
            const QString id = shortShardLabel(QString::fromStdString(l->leaseKey));
            const QString text = finished          ? tr("%1 done").arg(id)
                                 : owner.isEmpty() ? tr("%1 unowned").arg(id)
                                                   : tr("%1 · %2").arg(id, owner);
            p.setPen(finished || owner.isEmpty() ? palette().color(QPalette::Text) : Qt::white);
            p.drawText(box.adjusted(4, 0, -4, 0), Qt::AlignCenter,
                       p.fontMetrics().elidedText(text, Qt::ElideRight, int(box.width()) - 8));
        }
    }
}

} // namespace shs::ui
