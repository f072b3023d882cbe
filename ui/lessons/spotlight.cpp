// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "spotlight.h"

#include <QPainter>
#include <QPainterPath>
#include <QTimer>

namespace shs::ui {

namespace {
constexpr int kPad = 4;
constexpr int kPen = 4;
} // namespace

Spotlight::Spotlight(QWidget *window) : QWidget(window), m_timer(new QTimer(this))
{
    setAttribute(Qt::WA_TransparentForMouseEvents);
    setAttribute(Qt::WA_NoSystemBackground);
    setObjectName(QStringLiteral("spotlight"));
    // Ten times a second is enough to follow splitters, tabs and scrolling without a filter on
    // every ancestor.
    m_timer->setInterval(100);
    connect(m_timer, &QTimer::timeout, this, &Spotlight::follow);
    hide();
}

void Spotlight::setTarget(QWidget *target, std::function<QRect()> area)
{
    m_target = target;
    m_area = std::move(area);
    if (target)
        m_timer->start();
    else
        m_timer->stop();
    follow();
}

void Spotlight::follow()
{
    QWidget *window = parentWidget();
    QRect r;
    if (m_target && window && m_target->isVisible()) {
        const QRect inside = m_area ? m_area() : m_target->rect();
        if (!inside.isEmpty())
            r = QRect(m_target->mapTo(window, inside.topLeft()), inside.size())
                    .adjusted(-kPad, -kPad, kPad, kPad)
                    .intersected(window->rect());
    }
    if (window && geometry() != window->rect())
        setGeometry(window->rect());
    if (r != m_rect) {
        m_rect = r;
        update();
    }
    setVisible(!m_rect.isEmpty());
    if (isVisible())
        raise();
}

void Spotlight::paintEvent(QPaintEvent *)
{
    if (m_rect.isEmpty())
        return;
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    // A dark halo outside a bright line, so it reads on light and dark palettes and on a projector.
    const QRectF r = QRectF(m_rect).adjusted(kPen / 2.0, kPen / 2.0, -kPen / 2.0, -kPen / 2.0);
    p.setPen(QPen(QColor(0, 0, 0, 110), kPen + 4));
    p.drawRoundedRect(r, 6, 6);
    p.setPen(QPen(QColor(255, 170, 0), kPen));
    p.drawRoundedRect(r, 6, 6);
}

} // namespace shs::ui
