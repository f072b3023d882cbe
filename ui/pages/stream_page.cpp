// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "stream_page.h"

#include <QEvent>
#include <QScrollArea>
#include <QScrollBar>

namespace shs::ui {

namespace {
/// The scroll area `content` already sits in, if any.
QScrollArea *areaOf(QWidget *content)
{
    if (auto *viewport = content->parentWidget())
        if (auto *scroll = qobject_cast<QScrollArea *>(viewport->parentWidget());
            scroll && scroll->widget() == content)
            return scroll;
    return nullptr;
}
} // namespace

QWidget *scrolledPage(QWidget *content)
{
    if (auto *existing = areaOf(content))
        return existing;
    auto *scroll = new QScrollArea;
    scroll->setWidget(content);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    return scroll;
}

namespace {
class FittedArea final : public QScrollArea
{
  public:
    explicit FittedArea(QWidget *content)
    {
        setFrameShape(QFrame::NoFrame);
        setWidgetResizable(false);
        setWidget(content);
        viewport()->installEventFilter(this);
    }

  protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (watched == viewport() && event->type() == QEvent::Resize)
            fit();
        return QScrollArea::eventFilter(watched, event);
    }
    bool event(QEvent *event) override
    {
        if (event->type() == QEvent::LayoutRequest)
            fit(); // the content's minimum changed
        return QScrollArea::event(event);
    }

  private:
    void fit()
    {
        if (QWidget *content = widget())
            content->resize(viewport()->size().expandedTo(content->minimumSizeHint()));
    }
};
} // namespace

QWidget *fittedPage(QWidget *content)
{
    if (auto *existing = areaOf(content))
        return existing;
    return new FittedArea(content);
}

} // namespace shs::ui
