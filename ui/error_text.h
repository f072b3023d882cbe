// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Error text for people: names the object, gives AWS's reason verbatim and says what to do next.
#include "engine/result.h"

#include <QString>

namespace shs::ui {

/// e.g. action "create stream 'orders'" -> "Cannot create stream 'orders': <AWS message>
/// (ResourceInUseException). Choose another name, or delete the existing stream first."
QString explainError(const QString &action, const core::Error &error);
/// The suggested next step alone.
QString nextStep(const core::Error &error);

} // namespace shs::ui
