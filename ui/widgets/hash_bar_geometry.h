// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// HashBarGeometry: the mapping between x (pixels) and the 128-bit hash-key space for the
// hash-range bar, with zoom and pan. Pure values, no QWidget, so it is tested with data rows.
//
// The view is [viewStart, viewEnd] as fractions of the key space. x = 0 maps to viewStart and
// x = width to viewEnd; keyAtX() rounds down to a key, xForKey() is its inverse (to within one
// key step of a pixel). Zoom keeps the key under the cursor in place; the view never leaves
// [0, 1] and never gets narrower than kMinSpan.
#include "engine/hash_key.h"

namespace shs::ui {

class HashBarGeometry
{
  public:
    static constexpr double kMinSpan = 1e-9;

    void setWidth(int pixels) { m_width = pixels > 1 ? pixels : 1; }
    int width() const { return m_width; }
    double viewStart() const { return m_start; }
    double viewEnd() const { return m_end; }
    double span() const { return m_end - m_start; }
    bool zoomed() const { return m_start > 0.0 || m_end < 1.0; }

    /// The key under x (clamped to the view).
    core::HashKey keyAtX(double x) const;
    /// The x of a key (may lie outside [0, width] when the key is outside the view).
    double xForKey(core::HashKey key) const;
    /// Zooms by `factor` (> 1 zooms in) keeping the key under `x` where it is.
    void zoomAt(double x, double factor);
    /// Moves the view by `dx` pixels (positive: towards higher keys).
    void panBy(double dx);
    void resetView();
    void setView(double start, double end);

  private:
    int m_width = 1;
    double m_start = 0.0;
    double m_end = 1.0;
};

} // namespace shs::ui
