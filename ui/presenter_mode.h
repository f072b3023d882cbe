// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// PresenterMode: the window on a projector. F5 toggles it: full screen, the chrome hidden (menus,
// toolbar, status bar and the stream list — one large view at a time), text zoomed (Ctrl++ and
// Ctrl+- from 125 to 300 %, Ctrl+0 back to 150 %), optionally a high-contrast palette (Ctrl+H), a
// lesson's narration larger still; Space, PageDown and PageUp step a lesson (a clicker sends
// them); Ctrl+P pauses and resumes engine time, Ctrl+. runs it for one engine second. Esc or F5
// leaves, restoring everything as it was.
//
// Text zoom changes the window's font, which every widget and painted view measures its text with;
// `shardscope --zoom PERCENT` scales all painting (QT_SCALE_FACTOR) from the start.
#include "service/stream_backend.h"

#include <QFont>
#include <QObject>
#include <QPalette>
#include <QPointer>

class QAction;
class QMainWindow;
class QWidget;

namespace shs::ui {

class PresenterMode : public QObject
{
    Q_OBJECT
  public:
    static constexpr int kMinZoom = 125;
    static constexpr int kMaxZoom = 300;
    static constexpr int kDefaultZoom = 150;

    /// `hide`: what the mode hides besides the menus, toolbars and status bar (the stream list);
    /// `narration`: the lesson panel, if any (zoomed a further 25 %); `engine`: nullptr on remote.
    PresenterMode(QMainWindow &window, QList<QWidget *> hide, service::EmbeddedEngine *engine);

    QAction *toggleAction() const { return m_toggle; }
    bool active() const { return m_active; }
    void setActive(bool on);
    int zoom() const { return m_zoom; }
    /// Clamped to 125–300 %; applies at once while active.
    void setZoom(int percent);
    bool highContrast() const { return m_highContrast; }
    void setHighContrast(bool on);
    void setNarration(QWidget *panel) { m_narration = panel; }
    /// Pauses engine time, or resumes it at the speed it had.
    void pauseOrResume();
    /// Runs engine time at 1× for one second of real time, then pauses it.
    void stepOneSecond();

    static QPalette highContrastPalette();

  Q_SIGNALS:
    void changed();

  private:
    void apply();
    void fitNarration();

    QMainWindow &m_window;
    QList<QPointer<QWidget>> m_hide;
    service::EmbeddedEngine *m_engine;
    QPointer<QWidget> m_narration;
    QAction *m_toggle;
    bool m_active = false;
    bool m_highContrast = false;
    int m_zoom = kDefaultZoom;
    double m_resumeSpeed = 1;
    // What presenting changed, to put back.
    QFont m_font;
    QFont m_narrationFont;
    QPalette m_palette;
    bool m_wasFullScreen = false;
    bool m_wasMaximized = false;
    QList<QPointer<QWidget>> m_hidden;
};

} // namespace shs::ui
