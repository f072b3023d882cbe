// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "theme.h"

#include <QApplication>
#include <QDBusConnection>
#include <QDBusMessage>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QSettings>
#include <QStyle>

#include <optional>

namespace shs::ui {

namespace {
Appearance *s_instance = nullptr;
constexpr auto kPortalService = "org.freedesktop.portal.Desktop";
constexpr auto kPortalPath = "/org/freedesktop/portal/desktop";
constexpr auto kPortalInterface = "org.freedesktop.portal.Settings";

QString schemeName(ColorScheme s)
{
    switch (s) {
    case ColorScheme::Light:
        return QStringLiteral("light");
    case ColorScheme::Dark:
        return QStringLiteral("dark");
    case ColorScheme::System:
        break;
    }
    return QStringLiteral("system");
}

ColorScheme schemeFrom(const QString &name)
{
    if (name.compare(QStringLiteral("dark"), Qt::CaseInsensitive) == 0)
        return ColorScheme::Dark;
    if (name.compare(QStringLiteral("light"), Qt::CaseInsensitive) == 0)
        return ColorScheme::Light;
    return ColorScheme::System;
}

/// The portal's color-scheme: 1 prefers dark, 2 prefers light, 0 no preference.
std::optional<bool> portalValueIsDark(const QVariant &v)
{
    QVariant inner = v;
    // Read() answers a variant holding a variant; SettingChanged a plain one.
    while (inner.canConvert<QDBusVariant>() && inner.userType() == qMetaTypeId<QDBusVariant>())
        inner = inner.value<QDBusVariant>().variant();
    bool ok = false;
    const uint value = inner.toUInt(&ok);
    if (!ok)
        return std::nullopt;
    if (value == 1)
        return true;
    if (value == 2)
        return false;
    return std::nullopt;
}
} // namespace

QPalette lightPalette()
{
    return QApplication::style() ? QApplication::style()->standardPalette() : QPalette();
}

QPalette darkPalette()
{
    QPalette p;
    const QColor window(0x2b, 0x2d, 0x30), base(0x1e, 0x1f, 0x22), text(0xe6, 0xe6, 0xe6);
    const QColor disabled(0x7f, 0x82, 0x87);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, QColor(0x33, 0x35, 0x39));
    p.setColor(QPalette::ToolTipBase, QColor(0x3c, 0x3f, 0x41));
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, QColor(0x9a, 0x9d, 0xa3));
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, QColor(0x35, 0x37, 0x3b));
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, QColor(0xff, 0x8a, 0x80));
    p.setColor(QPalette::Light, QColor(0x4a, 0x4d, 0x52));
    p.setColor(QPalette::Midlight, QColor(0x3e, 0x41, 0x45));
    p.setColor(QPalette::Mid, QColor(0x5a, 0x5d, 0x63));
    p.setColor(QPalette::Dark, QColor(0x18, 0x19, 0x1b));
    p.setColor(QPalette::Shadow, QColor(0x0a, 0x0a, 0x0a));
    p.setColor(QPalette::Highlight, QColor(0x3d, 0x8e, 0xd8));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, QColor(0x6c, 0xb6, 0xff));
    p.setColor(QPalette::LinkVisited, QColor(0xb3, 0x9d, 0xdb));
    for (auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, role, disabled);
    p.setColor(QPalette::Disabled, QPalette::Highlight, QColor(0x4a, 0x4d, 0x52));
    return p;
}

bool isDark(const QPalette &palette)
{
    return palette.color(QPalette::Window).lightness() < 128;
}

QColor errorColour()
{
    return isDark(QApplication::palette()) ? QColor(0xff, 0x8a, 0x80) : QColor(0xc6, 0x28, 0x28);
}

QString errorTextCss()
{
    return QStringLiteral("color: %1").arg(errorColour().name());
}

QString noticeCss(bool error)
{
    if (!error)
        return QStringLiteral("background: palette(alternate-base); padding: 6px;");
    return isDark(QApplication::palette())
               ? QStringLiteral("background: #4a2024; color: #ffcdd2; padding: 6px;")
               : QStringLiteral("background: #ffebee; color: #b71c1c; padding: 6px;");
}

Appearance::Appearance(QObject *parent) : QObject(parent)
{
    s_instance = this;
    // Before any palette of ours: does the platform theme itself hand out a dark palette?
    m_systemDark = isDark(QGuiApplication::palette());
    const QString gtkTheme = qEnvironmentVariable("GTK_THEME");
    if (gtkTheme.endsWith(QStringLiteral(":dark"), Qt::CaseInsensitive))
        m_systemDark = true;
    m_preference
        = schemeFrom(QSettings().value(QStringLiteral("appearance/colorScheme")).toString());
    if (qEnvironmentVariableIsSet("SHARDSCOPE_COLOR_SCHEME"))
        m_preference = schemeFrom(qEnvironmentVariable("SHARDSCOPE_COLOR_SCHEME"));
    apply();
    askPortal();
}

Appearance::~Appearance()
{
    if (s_instance == this)
        s_instance = nullptr;
}

Appearance *Appearance::instance()
{
    return s_instance;
}

bool Appearance::dark() const
{
    return m_preference == ColorScheme::Dark
           || (m_preference == ColorScheme::System && m_systemDark);
}

void Appearance::setPreference(ColorScheme scheme)
{
    m_preference = scheme;
    QSettings().setValue(QStringLiteral("appearance/colorScheme"), schemeName(scheme));
    apply();
}

void Appearance::setSystemPrefersDark(bool dark)
{
    m_systemDark = dark;
    apply();
}

void Appearance::apply()
{
    const bool wantDark = dark();
    if (m_applied && wantDark == m_appliedDark)
        return;
    m_applied = true;
    m_appliedDark = wantDark;
    QApplication::setPalette(wantDark ? darkPalette() : lightPalette());
    Q_EMIT changed(wantDark);
}

void Appearance::askPortal()
{
    QDBusConnection bus = QDBusConnection::sessionBus();
    if (!bus.isConnected())
        return; // no desktop session (CI, ssh): the other signals decide
    bus.connect(QString::fromLatin1(kPortalService), QString::fromLatin1(kPortalPath),
                QString::fromLatin1(kPortalInterface), QStringLiteral("SettingChanged"), this,
                SLOT(portalSettingChanged(QString, QString, QDBusVariant)));
    QDBusMessage read = QDBusMessage::createMethodCall(
        QString::fromLatin1(kPortalService), QString::fromLatin1(kPortalPath),
        QString::fromLatin1(kPortalInterface), QStringLiteral("Read"));
    read << QStringLiteral("org.freedesktop.appearance") << QStringLiteral("color-scheme");
    // Asynchronous: start-up never waits for the desktop.
    auto *watcher = new QDBusPendingCallWatcher(bus.asyncCall(read, 1000), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this, [this](QDBusPendingCallWatcher *w) {
        w->deleteLater();
        const QDBusPendingReply<QVariant> reply = *w;
        if (reply.isError())
            return;
        if (auto darkWanted = portalValueIsDark(reply.value()))
            setSystemPrefersDark(*darkWanted);
    });
}

void Appearance::portalSettingChanged(const QString &ns, const QString &key,
                                      const QDBusVariant &value)
{
    if (ns != QStringLiteral("org.freedesktop.appearance") || key != QStringLiteral("color-scheme"))
        return;
    if (auto darkWanted = portalValueIsDark(value.variant()))
        setSystemPrefersDark(*darkWanted);
    else
        setSystemPrefersDark(false);
}

} // namespace shs::ui
