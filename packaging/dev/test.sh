#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The Shardscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
# Install what the tests need, build with warnings as errors, and run every test headless
# (GUI tests on the offscreen platform; the app smoke test under xvfb-run).
set -euo pipefail
cd "$(dirname "$0")/../.."
bash packaging/dev/deps.sh --tests
export QT_QPA_PLATFORM=offscreen
export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-$(mktemp -d)}"
chmod 700 "$XDG_RUNTIME_DIR"
# ccache keyed on paths relative to the checkout, so a fresh clone elsewhere reuses the cache.
export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=true
cmake --preset ci >/dev/null
cmake --build build/ci
ctest --preset ci
