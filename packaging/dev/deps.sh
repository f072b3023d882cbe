#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The Shardscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs Shardscope's build (and, with --tests, test) dependencies from Debian 12's apt.
# The package set is the one measured in the platform notes (mind libqt6opengl6-dev: Qt Charts'
# CMake config needs it, and it is only a Recommends of qt6-base-dev).
set -euo pipefail
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
packages=(build-essential cmake ninja-build ccache pkg-config
          qt6-base-dev libqt6opengl6-dev libxkbcommon-dev qt6-charts-dev qt6-svg-dev qt6-httpserver-dev qt6-websockets-dev
          libsqlite3-dev libssl-dev libnghttp2-dev fonts-dejavu-core libgl1-mesa-dri qtkeychain-qt6-dev)
if [ "${1:-}" = "--tests" ]; then
    packages+=(xvfb xauth xdotool awscli python3 python3-boto3 sqlite3 dpkg-dev file
               dbus-daemon gnome-keyring # a private session bus and Secret Service for gui.keychain
               appstream desktop-file-utils # packaging.metadata validates the desktop metadata
               shared-mime-info libglib2.0-bin # ... and the lesson MIME type, as GIO reads it
               zsh # packaging.manuals parses the zsh completion
               lintian # packaging.deb requires a lintian-clean package
               debootstrap) # packaging.clean_install installs the package on a fresh Debian 12 root
    # The JavaScript SDK test needs node and npm; keep a node that is already there (any
    # packaging of it), else take Debian's.
    if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
        packages+=(nodejs npm)
    fi
fi
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
    echo "Installing: ${missing[*]}"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
