// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Spotlight: a frame drawn over the window around the part a lesson step talks about (a widget,
// or a rectangle inside one: a shard on the bar, a lineage box). It never takes a click, follows
// its target as the window moves and resizes, and hides while the target is not visible.
#include <QPointer>
#include <QWidget>

#include <functional>

class QTimer;

namespace shs::ui {

class Spotlight : public QWidget
{
    Q_OBJECT
  public:
    /// A child of `window` covering it.
    explicit Spotlight(QWidget *window);

    /// Outlines `target` (or `area()` inside it, in its coordinates, when given); nullptr clears.
    void setTarget(QWidget *target, std::function<QRect()> area = {});
    QWidget *target() const { return m_target; }
    /// The outlined rectangle in the window's coordinates (empty: nothing shown).
    QRect outlined() const { return m_rect; }

  protected:
    void paintEvent(QPaintEvent *event) override;

  private:
    void follow();

    QPointer<QWidget> m_target;
    std::function<QRect()> m_area;
    QRect m_rect;
    QTimer *m_timer;
};

} // namespace shs::ui
