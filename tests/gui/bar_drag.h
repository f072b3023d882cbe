// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Mouse drags on the hash-range bar, as a person makes them (press, six moves, release), for the
// GUI tests that split by dragging.
#include <QApplication>
#include <QMouseEvent>
#include <QWidget>

namespace shs::test {

inline void mouse(QWidget *w, QEvent::Type type, double x)
{
    const QPointF local(x, 20);
    const auto button = type == QEvent::MouseMove ? Qt::NoButton : Qt::LeftButton;
    const auto buttons = type == QEvent::MouseButtonRelease ? Qt::MouseButtons{}
                                                            : Qt::MouseButtons{Qt::LeftButton};
    QMouseEvent e(type, local, w->mapToGlobal(local), button, buttons, Qt::NoModifier);
    QApplication::sendEvent(w, &e);
}

inline void dragOn(QWidget *w, double from, double to)
{
    mouse(w, QEvent::MouseButtonPress, from);
    for (int i = 1; i <= 6; ++i)
        mouse(w, QEvent::MouseMove, from + (to - from) * i / 6);
    mouse(w, QEvent::MouseButtonRelease, to);
}

} // namespace shs::test
