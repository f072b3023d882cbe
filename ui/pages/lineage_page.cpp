// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "lineage_page.h"

#include "widgets/lineage_view.h"

#include <QScrollArea>

namespace shs::ui {

LineagePage::LineagePage() : m_view(new LineageView), m_scroll(new QScrollArea)
{
    setParent(m_scroll); // the page lives as long as what it shows
    m_view->setObjectName(QStringLiteral("lineageView"));
    m_scroll->setWidget(m_view);
    m_scroll->setWidgetResizable(true);
    m_scroll->setFrameShape(QFrame::NoFrame);
}

QString LineagePage::title() const
{
    return m_view->generations() == 1 ? tr("Lineage (1 generation)")
                                      : tr("Lineage (%1 generations)").arg(m_view->generations());
}

QWidget *LineagePage::content()
{
    return m_scroll;
}

void LineagePage::showStream(const core::StreamInfo *s)
{
    QList<LineageView::Node> nodes;
    if (s)
        for (const core::ShardInfo &sh : s->shards)
            nodes.push_back({QString::fromStdString(sh.shardId),
                             QString::fromStdString(sh.parentShardId.value_or("")),
                             QString::fromStdString(sh.adjacentParentShardId.value_or("")),
                             sh.startingHashKey, sh.endingHashKey, sh.open, sh.createdMs,
                             sh.closedMs});
    m_view->setNodes(nodes);
}

StreamPage::Area LineagePage::spotlight(std::function<QString()> shardId)
{
    if (!shardId)
        return {m_scroll, {}};
    return {m_view, [this, shardId] { return m_view->boxOf(shardId()).toAlignedRect(); }};
}

} // namespace shs::ui
