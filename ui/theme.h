// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Light and dark palettes, and Appearance: which one the application uses. "System" (the
// default) follows the desktop: the freedesktop portal's org.freedesktop.appearance
// color-scheme (GNOME, KDE and others; read asynchronously over D-Bus and followed when it
// changes), else GTK_THEME ending in ":dark", else whether the platform theme's own palette is
// dark. SHARDSCOPE_COLOR_SCHEME=light|dark|system overrides the saved choice for one run.
// Colours that are not palette roles (error text, the notice line) come from here too, so they
// stay readable on either background.
#include <QDBusVariant>
#include <QObject>
#include <QPalette>
#include <QString>

namespace shs::ui {

enum class ColorScheme { System, Light, Dark };

QPalette lightPalette();
QPalette darkPalette();
bool isDark(const QPalette &palette);
/// Error text on the window or base colour of the application's palette.
QColor errorColour();
/// "color: #…" for error labels, evaluated now (call it when showing the error).
QString errorTextCss();
/// The notice line's style: a tinted strip for errors, the alternate base otherwise.
QString noticeCss(bool error);

class Appearance : public QObject
{
    Q_OBJECT
  public:
    /// Reads the saved preference (QSettings "appearance/colorScheme") and the environment,
    /// applies the palette, and starts listening to the desktop. One per application.
    explicit Appearance(QObject *parent = nullptr);
    ~Appearance() override;
    /// The instance, or nullptr before one exists.
    static Appearance *instance();

    ColorScheme preference() const { return m_preference; }
    /// Saves and applies the user's choice.
    void setPreference(ColorScheme scheme);
    /// What the desktop asks for (when the preference is System).
    bool systemPrefersDark() const { return m_systemDark; }
    bool dark() const;
    /// For tests and the portal: the desktop's wish changed.
    void setSystemPrefersDark(bool dark);

  Q_SIGNALS:
    void changed(bool dark);

  private Q_SLOTS:
    void portalSettingChanged(const QString &ns, const QString &key, const QDBusVariant &value);

  private:
    void apply();
    void askPortal();

    ColorScheme m_preference = ColorScheme::System;
    bool m_systemDark = false;
    bool m_applied = false;
    bool m_appliedDark = false;
};

} // namespace shs::ui
