// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "zone_strip.h"

#include "error_text.h"
#include "theme.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QToolButton>
#include <QVBoxLayout>

#include <climits>

namespace shs::ui {

using core::ZoneStatus;
using State = ZoneStatus::State;

namespace {

/// The zone's colour: a fill light or dark enough for black or white text, by state.
QColor fillFor(State state, bool dark)
{
    switch (state) {
    case State::InSync:
        return dark ? QColor(0x2e, 0x6b, 0x3a) : QColor(0xc8, 0xe6, 0xc9);
    case State::Down:
        return dark ? QColor(0x55, 0x55, 0x55) : QColor(0xd6, 0xd6, 0xd6);
    case State::CatchingUp:
    case State::Rebuilding:
        return dark ? QColor(0x7a, 0x5c, 0x12) : QColor(0xff, 0xe0, 0x8a);
    case State::Failed:
        return dark ? QColor(0x8b, 0x2a, 0x2a) : QColor(0xf4, 0xb6, 0xb6);
    }
    return {};
}

} // namespace

ZoneStrip::ZoneStrip(service::StreamBackend &backend, QWidget *parent)
    : QWidget(parent), m_backend(backend), m_title(new QLabel(tr("Zones:"), this)),
      m_note(new QLabel(this))
{
    setObjectName(QStringLiteral("zoneStrip"));
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    auto *row = new QHBoxLayout;
    row->addWidget(m_title);
    for (int i = 0; i < 3; ++i) {
        auto *b = new QToolButton(this);
        b->setObjectName(QStringLiteral("zone%1").arg(i));
        b->setPopupMode(QToolButton::InstantPopup);
        b->setToolButtonStyle(Qt::ToolButtonTextOnly);
        b->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
        auto *menu = new QMenu(b);
        menu->addAction(tr("Take down (an outage)"), this,
                        [this, i] { act(i, core::ZoneAction::Down); });
        menu->addAction(tr("Bring back up (it catches up)"), this,
                        [this, i] { act(i, core::ZoneAction::Up); });
        menu->addAction(tr("Wipe its disk (rebuilt from the others)"), this,
                        [this, i] { act(i, core::ZoneAction::Wipe); });
        menu->addSeparator();
        menu->addAction(tr("Fill its disk (its next write fails)"), this,
                        [this, i] { act(i, core::ZoneAction::DiskFull); });
        menu->addAction(tr("Make its disk fail (I/O errors)"), this,
                        [this, i] { act(i, core::ZoneAction::DiskFailing); });
        b->setMenu(menu);
        row->addWidget(b, 1);
        m_buttons.push_back(b);
    }
    outer->addLayout(row);
    m_note->setWordWrap(true);
    m_note->setObjectName(QStringLiteral("zoneNote"));
    m_note->setTextInteractionFlags(Qt::TextSelectableByMouse);
    outer->addWidget(m_note);
    m_timer.setInterval(500);
    connect(&m_timer, &QTimer::timeout, this, &ZoneStrip::refresh);
    refresh();
}

QToolButton *ZoneStrip::zoneButton(int zone) const
{
    return zone >= 0 && zone < int(m_buttons.size()) ? m_buttons[std::size_t(zone)] : nullptr;
}

void ZoneStrip::showStream(const core::StreamInfo *stream)
{
    m_streamUid = stream ? stream->uid : 0;
    m_stream = stream ? QString::fromStdString(stream->name) : QString();
    refresh();
}

void ZoneStrip::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    m_timer.start();
    refresh();
}

void ZoneStrip::hideEvent(QHideEvent *event)
{
    QWidget::hideEvent(event);
    m_timer.stop();
}

QString ZoneStrip::describe(const ZoneStatus &z) const
{
    const QLocale locale;
    // What this stream lacks in that zone (the whole directory's count when no stream is shown).
    std::uint64_t lacking = z.behind;
    if (m_streamUid) {
        auto it = z.behindByStream.find(m_streamUid);
        lacking = it == z.behindByStream.end() ? 0 : it->second;
    }
    const QString name = QString::fromStdString(z.name);
    auto records = [&locale](std::uint64_t n) {
        return n == 1 ? tr("1 record") : tr("%1 records").arg(locale.toString(qulonglong(n)));
    };
    switch (z.state) {
    case State::InSync:
        return tr("%1\nin sync").arg(name);
    case State::Down:
        return tr("%1\ndown · %2 behind").arg(name, records(lacking));
    case State::CatchingUp:
    case State::Rebuilding: {
        const std::uint64_t total = z.copied + z.behind;
        const int percent = total ? int(100 * z.copied / total) : 0;
        return tr("%1\n%2 · %3 % (%4 of %5)")
            .arg(name, z.state == State::Rebuilding ? tr("rebuilding") : tr("catching up"))
            .arg(percent)
            .arg(locale.toString(qulonglong(z.copied)), locale.toString(qulonglong(total)));
    }
    case State::Failed:
        return tr("%1\nfailed · %2 behind").arg(name, records(lacking));
    }
    return name;
}

void ZoneStrip::refresh()
{
    service::EmbeddedEngine *engine = m_backend.embedded();
    m_zones = engine ? engine->zones() : std::vector<ZoneStatus>();
    const bool shown = !m_zones.empty();
    const bool dark = isDark(palette());
    m_title->setVisible(shown);
    for (std::size_t i = 0; i < m_buttons.size(); ++i) {
        QToolButton *b = m_buttons[i];
        b->setVisible(i < m_zones.size());
        if (i >= m_zones.size())
            continue;
        const ZoneStatus &z = m_zones[i];
        const QString text = describe(z);
        b->setText(text);
        b->setStyleSheet(QStringLiteral("QToolButton { background: %1; color: %2; border: 1px "
                                        "solid palette(mid); border-radius: 4px; padding: 3px; } "
                                        "QToolButton::menu-indicator { image: none; }")
                             .arg(fillFor(z.state, dark).name(),
                                  dark ? QStringLiteral("white") : QStringLiteral("black")));
        QString tip = tr("%1: %2. Position %3 (batches held). Click for outages.")
                          .arg(QString::fromStdString(z.name),
                               QString::fromUtf8(core::zoneStateName(z.state).data()))
                          .arg(z.lsn);
        if (!z.detail.empty())
            tip += QLatin1Char(' ') + QString::fromStdString(z.detail);
        b->setToolTip(tip);
        b->setAccessibleName(QString(text).replace(QLatin1Char('\n'), QStringLiteral(": ")));
    }
    // Nothing to show on a remote connection (AWS's zones are not visible through the API) or
    // with one database (--zones 1): the strip stays out of the way.
    setVisible(shown);
    if (!shown)
        return;
    if (m_note->property("refusal").toBool())
        return; // a refusal stays until the next action
    QString note;
    for (const auto &z : m_zones)
        if (!z.detail.empty())
            note += QString::fromStdString(z.name) + QStringLiteral(": ")
                    + QString::fromStdString(z.detail) + QLatin1Char(' ');
    int inSync = 0;
    for (const auto &z : m_zones)
        inSync += z.state == State::InSync ? 1 : 0;
    if (inSync < 2)
        note += tr("Writes are refused with ServiceUnavailable: a write needs two zones in sync. "
                   "Reads go on. Bring a zone back up.");
    else if (note.isEmpty())
        note = tr("A write is acknowledged when every zone in sync holds it, and at least two "
                  "do. Simulated on this machine: one database file per zone.");
    m_note->setStyleSheet(inSync < 2 ? errorTextCss() : QString());
    m_note->setText(note.trimmed());
}

void ZoneStrip::act(int zone, core::ZoneAction action)
{
    service::EmbeddedEngine *engine = m_backend.embedded();
    if (!engine || zone < 0 || zone >= int(m_zones.size()))
        return;
    const QString name = QString::fromStdString(m_zones[std::size_t(zone)].name);
    m_note->setProperty("refusal", false);
    if (auto r = engine->changeZone(m_zones[std::size_t(zone)].name, action); !r) {
        const QString verb = action == core::ZoneAction::Down   ? tr("take zone %1 down")
                             : action == core::ZoneAction::Up   ? tr("bring zone %1 back up")
                             : action == core::ZoneAction::Wipe ? tr("wipe zone %1")
                                                                : tr("fail the disk of zone %1");
        m_note->setProperty("refusal", true);
        m_note->setStyleSheet(errorTextCss());
        m_note->setText(explainError(verb.arg(name), r.error()));
    }
    refresh();
}

} // namespace shs::ui
