#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The Shardscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
# Install the build dependencies, build, and launch the workbench on the embedded engine.
# Extra arguments go to shardscope (e.g. --data-dir DIR).
set -euo pipefail
cd "$(dirname "$0")/../.."
bash packaging/dev/deps.sh
cmake --preset dev >/dev/null
cmake --build build/dev --target shs_app shs_cli
exec ./build/dev/app/shardscope "$@"
