// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "presenter_mode.h"

#include <QAbstractButton>
#include <QAction>
#include <QApplication>
#include <QDockWidget>
#include <QMainWindow>
#include <QMenuBar>
#include <QPushButton>
#include <QShortcut>
#include <QStatusBar>
#include <QTimer>
#include <QToolBar>

#include <algorithm>

namespace shs::ui {

PresenterMode::PresenterMode(QMainWindow &window, QList<QWidget *> hide,
                             service::EmbeddedEngine *engine)
    : QObject(&window), m_window(window), m_engine(engine), m_toggle(new QAction(&window))
{
    for (auto *w : hide)
        m_hide << w;
    m_toggle->setText(tr("Presenter mode"));
    m_toggle->setObjectName(QStringLiteral("presenterMode"));
    m_toggle->setCheckable(true);
    m_toggle->setShortcut(QKeySequence(Qt::Key_F5));
    m_toggle->setToolTip(
        tr("Full screen, large text, no chrome: for a projector (F5, Esc leaves)"));
    window.addAction(m_toggle);
    connect(m_toggle, &QAction::toggled, this, &PresenterMode::setActive);

    // Shortcuts that only act while presenting.
    auto shortcut = [this, &window](const QKeySequence &key, const QString &what, auto slot) {
        auto *s = new QShortcut(key, &window);
        s->setWhatsThis(tr("In presenter mode: %1").arg(what));
        s->setEnabled(false);
        connect(s, &QShortcut::activated, this, slot);
        connect(this, &PresenterMode::changed, s, [this, s] { s->setEnabled(m_active); });
        return s;
    };
    shortcut(QKeySequence(Qt::Key_Escape), tr("leave it"), [this] { setActive(false); });
    shortcut(QKeySequence(QKeySequence::ZoomIn), tr("larger text"),
             [this] { setZoom(m_zoom + 25); });
    shortcut(QKeySequence(Qt::CTRL | Qt::Key_Equal), tr("larger text"),
             [this] { setZoom(m_zoom + 25); });
    shortcut(QKeySequence(QKeySequence::ZoomOut), tr("smaller text"),
             [this] { setZoom(m_zoom - 25); });
    shortcut(QKeySequence(Qt::CTRL | Qt::Key_0), tr("text at 150 %"),
             [this] { setZoom(kDefaultZoom); });
    shortcut(QKeySequence(Qt::CTRL | Qt::Key_H), tr("high contrast on or off"),
             [this] { setHighContrast(!m_highContrast); });
    shortcut(QKeySequence(Qt::CTRL | Qt::Key_P), tr("pause or resume engine time"),
             [this] { pauseOrResume(); });
    shortcut(QKeySequence(Qt::CTRL | Qt::Key_Period), tr("run one engine second"),
             [this] { stepOneSecond(); });
    // A clicker's Space steps the lesson on (PageDown and PageUp are the lesson window's own).
    shortcut(QKeySequence(Qt::Key_Space), tr("the lesson's next step"), [this] {
        if (m_narration)
            if (auto *next = m_narration->findChild<QPushButton *>(QStringLiteral("nextButton"));
                next && next->isEnabled())
                next->click();
    });
}

QPalette PresenterMode::highContrastPalette()
{
    // White on black with a yellow highlight: the contrast a projector in a lit room needs.
    QPalette p;
    const QColor black(0, 0, 0), white(255, 255, 255), yellow(255, 214, 0), grey(170, 170, 170);
    for (auto group : {QPalette::Active, QPalette::Inactive}) {
        p.setColor(group, QPalette::Window, black);
        p.setColor(group, QPalette::WindowText, white);
        p.setColor(group, QPalette::Base, black);
        p.setColor(group, QPalette::AlternateBase, QColor(30, 30, 30));
        p.setColor(group, QPalette::Text, white);
        p.setColor(group, QPalette::Button, QColor(25, 25, 25));
        p.setColor(group, QPalette::ButtonText, white);
        p.setColor(group, QPalette::BrightText, yellow);
        p.setColor(group, QPalette::Highlight, yellow);
        p.setColor(group, QPalette::HighlightedText, black);
        p.setColor(group, QPalette::Link, QColor(0, 230, 255));
        p.setColor(group, QPalette::ToolTipBase, black);
        p.setColor(group, QPalette::ToolTipText, white);
        p.setColor(group, QPalette::PlaceholderText, grey);
        p.setColor(group, QPalette::Light, white);
        p.setColor(group, QPalette::Midlight, grey);
        p.setColor(group, QPalette::Mid, grey);
        p.setColor(group, QPalette::Dark, grey);
        p.setColor(group, QPalette::Shadow, white);
    }
    p.setColor(QPalette::Disabled, QPalette::WindowText, grey);
    p.setColor(QPalette::Disabled, QPalette::Text, grey);
    p.setColor(QPalette::Disabled, QPalette::ButtonText, grey);
    p.setColor(QPalette::Disabled, QPalette::Window, black);
    p.setColor(QPalette::Disabled, QPalette::Base, black);
    p.setColor(QPalette::Disabled, QPalette::Button, QColor(25, 25, 25));
    return p;
}

void PresenterMode::setActive(bool on)
{
    if (on == m_active)
        return;
    m_active = on;
    if (on) {
        m_font = m_window.font();
        m_palette = m_window.palette();
        if (m_narration)
            m_narrationFont = m_narration->font();
        m_wasFullScreen = m_window.isFullScreen();
        m_wasMaximized = m_window.isMaximized();
        m_hidden.clear();
        QList<QWidget *> chrome{m_window.menuBar(), m_window.statusBar()};
        for (auto *bar : m_window.findChildren<QToolBar *>())
            chrome << bar;
        for (const auto &w : m_hide)
            chrome << w.data();
        for (auto *w : chrome)
            if (w && w->isVisible()) {
                w->hide();
                m_hidden << w;
            }
        m_window.showFullScreen();
    } else {
        for (const auto &w : m_hidden)
            if (w)
                w->show();
        m_hidden.clear();
        m_window.setFont(m_font);
        m_window.setPalette(m_palette);
        if (m_narration)
            m_narration->setFont(m_narrationFont);
        if (!m_wasFullScreen)
            m_wasMaximized ? m_window.showMaximized() : m_window.showNormal();
    }
    {
        const QSignalBlocker block(m_toggle);
        m_toggle->setChecked(on);
    }
    apply();
    Q_EMIT changed();
}

void PresenterMode::setZoom(int percent)
{
    m_zoom = std::clamp(percent, kMinZoom, kMaxZoom);
    apply();
    Q_EMIT changed();
}

void PresenterMode::setHighContrast(bool on)
{
    m_highContrast = on;
    apply();
    Q_EMIT changed();
}

void PresenterMode::apply()
{
    if (!m_active)
        return;
    QFont f = m_font;
    f.setPointSizeF(m_font.pointSizeF() * m_zoom / 100.0);
    m_window.setFont(f);
    if (m_narration) {
        QFont n = m_narrationFont;
        n.setPointSizeF(m_narrationFont.pointSizeF() * m_zoom / 100.0 * 1.25);
        m_narration->setFont(n);
    }
    m_window.setPalette(m_highContrast ? highContrastPalette() : m_palette);
    fitNarration();
    // Full screen arrives with the window manager's resize: fit again once it has.
    QTimer::singleShot(250, this, &PresenterMode::fitNarration);
}

void PresenterMode::fitNarration()
{
    // One large view beside a narration of about a third of the screen.
    if (!m_active)
        return;
    for (auto *dock : m_window.findChildren<QDockWidget *>())
        if (dock->isVisible())
            m_window.resizeDocks({dock}, {m_window.width() * 38 / 100}, Qt::Horizontal);
}

void PresenterMode::pauseOrResume()
{
    if (!m_engine)
        return;
    if (m_engine->speed() > 0) {
        m_resumeSpeed = m_engine->speed();
        m_engine->setSpeed(0);
    } else {
        m_engine->setSpeed(m_resumeSpeed > 0 ? m_resumeSpeed : 1);
    }
    Q_EMIT changed();
}

void PresenterMode::stepOneSecond()
{
    if (!m_engine)
        return;
    if (m_engine->speed() > 0)
        m_resumeSpeed = m_engine->speed();
    m_engine->setSpeed(1);
    QTimer::singleShot(1000, this, [this] {
        m_engine->setSpeed(0);
        Q_EMIT changed();
    });
    Q_EMIT changed();
}

} // namespace shs::ui
