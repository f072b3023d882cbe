// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "hash_bar_geometry.h"

#include <algorithm>

namespace shs::ui {

using core::HashKey;

HashKey HashBarGeometry::keyAtX(double x) const
{
    const double clamped = std::clamp(x, 0.0, double(m_width));
    if (clamped >= double(m_width) && m_end >= 1.0)
        return HashKey::max();
    return HashKey::fromUnitFraction(m_start + clamped / double(m_width) * span());
}

double HashBarGeometry::xForKey(HashKey key) const
{
    return (key.toUnitFraction() - m_start) / span() * double(m_width);
}

void HashBarGeometry::setView(double start, double end)
{
    double s = std::clamp(start, 0.0, 1.0);
    double e = std::clamp(end, 0.0, 1.0);
    if (e - s < kMinSpan) {
        const double mid = (s + e) / 2;
        s = std::clamp(mid - kMinSpan / 2, 0.0, 1.0 - kMinSpan);
        e = s + kMinSpan;
    }
    // s + span can round to just below 1 (or a start to just above 0): keep the ends reachable.
    if (e > 1.0 - 1e-15)
        e = 1.0;
    if (s < 1e-300)
        s = 0.0;
    m_start = s;
    m_end = e;
}

void HashBarGeometry::zoomAt(double x, double factor)
{
    if (factor <= 0)
        return;
    const double anchor = m_start + std::clamp(x, 0.0, double(m_width)) / double(m_width) * span();
    const double newSpan = std::clamp(span() / factor, kMinSpan, 1.0);
    double s = anchor - (anchor - m_start) / span() * newSpan;
    s = std::clamp(s, 0.0, 1.0 - newSpan);
    setView(s, s + newSpan);
}

void HashBarGeometry::panBy(double dx)
{
    const double delta = dx / double(m_width) * span();
    const double s = std::clamp(m_start + delta, 0.0, 1.0 - span());
    setView(s, s + span());
}

void HashBarGeometry::resetView()
{
    m_start = 0.0;
    m_end = 1.0;
}

} // namespace shs::ui
