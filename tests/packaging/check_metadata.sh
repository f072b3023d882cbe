#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The Shardscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
# The desktop entry and the AppStream metadata validate cleanly: desktop-file-validate says
# nothing (not even a hint, such as two main categories), and `appstreamcli validate --pedantic`
# finds no error, warning, info or pedantic remark — except one, explained below.
set -euo pipefail
src="$1"   # the source tree
build="$2" # the build tree (the metadata is configured there)
desktop="$src/packaging/linux/io.github.shardscope.Shardscope.desktop"
metainfo="$build/packaging/io.github.shardscope.Shardscope.metainfo.xml"
said="$(desktop-file-validate "$desktop" 2>&1)" || { echo "$said"; exit 1; }
[ -z "$said" ] || { echo "desktop-file-validate: $said"; exit 1; }
grep -q '^Categories=Development;' "$desktop"
out="$(appstreamcli validate --no-net --pedantic "$metainfo" 2>&1)" || { echo "$out"; exit 1; }
# cid-contains-uppercase-letter: the id is the reverse-DNS name of the desktop file, the icon
# and the metadata, with the application's name capitalised as the freedesktop examples write it
# (org.gnome.Nautilus); renaming installed files for a pedantic hint would break upgrades.
remarks="$(echo "$out" | grep -E '^[EWIP]: ' | grep -v 'cid-contains-uppercase-letter' || true)"
[ -z "$remarks" ] || { echo "appstreamcli validate:"; echo "$out"; exit 1; }
# The release is the project's version, written once (the top-level CMakeLists.txt).
version="$(sed -n 's/^project(Shardscope VERSION \([0-9.]*\).*/\1/p' "$src/CMakeLists.txt")"
grep -q "<release version=\"$version\" date=\"[0-9-]*\"" "$metainfo" \
    || { echo "the release is not version $version"; exit 1; }
echo "metadata ok: version $version"
