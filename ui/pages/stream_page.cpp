// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "stream_page.h"

#include <QScrollArea>

namespace shs::ui {

QWidget *scrolledPage(QWidget *content)
{
    if (auto *viewport = content->parentWidget())
        if (auto *scroll = qobject_cast<QScrollArea *>(viewport->parentWidget());
            scroll && scroll->widget() == content)
            return scroll;
    auto *scroll = new QScrollArea;
    scroll->setWidget(content);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    return scroll;
}

} // namespace shs::ui
