#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The Shardscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
# Builds the Debian package from the build tree and checks it: lintian finds no error or warning,
# metadata and dependencies, the files it installs, and that the installed binaries run (extracted into a scratch root; the
# libraries come from the machine, as they would after `apt install ./shardscope_*.deb`).
set -euo pipefail
build="$1"
export QT_QPA_PLATFORM=offscreen
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$build" && cpack -G DEB -B "$work/out" >/dev/null)
deb="$(ls "$work"/out/shardscope_*.deb)"
info="$(dpkg-deb -I "$deb")"
echo "$info" | grep -q "Package: shardscope" || { echo "no package name"; exit 1; }
for dep in libqt6widgets6 libqt6core6 libsqlite3-0 libssl3 fonts-dejavu-core; do
    echo "$info" | grep -q "$dep" || { echo "Depends lacks $dep:"; echo "$info"; exit 1; }
done
contents="$(dpkg-deb -c "$deb")"
for f in ./usr/bin/shardscope ./usr/bin/shardscope-cli \
         ./usr/share/applications/io.github.shardscope.Shardscope.desktop \
         ./usr/share/icons/hicolor/scalable/apps/io.github.shardscope.Shardscope.svg \
         ./usr/share/metainfo/io.github.shardscope.Shardscope.metainfo.xml \
         ./usr/share/mime/packages/io.github.shardscope.Shardscope.xml \
         ./usr/share/man/man1/shardscope.1.gz ./usr/share/man/man1/shardscope-cli.1.gz \
         ./usr/share/bash-completion/completions/shardscope-cli \
         ./usr/share/zsh/vendor-completions/_shardscope-cli \
         ./usr/share/doc/shardscope/copyright ./usr/share/doc/shardscope/changelog.gz \
         ./usr/share/doc/shardscope/guide.md ./usr/share/doc/shardscope/guide.html; do
    echo "$contents" | grep -q " $f\$" || { echo "missing $f"; echo "$contents"; exit 1; }
done
# lintian-clean: no error and no warning.
command -v lintian >/dev/null || { echo "lintian is needed: packaging/dev/deps.sh --tests installs it"; exit 1; }
if ! report="$(lintian --fail-on error,warning "$deb" 2>&1)"; then
    echo "lintian finds problems in $(basename "$deb"):"; echo "$report"; exit 1
fi
dpkg-deb -x "$deb" "$work/root"
zcat "$work/root/usr/share/doc/shardscope/changelog.gz" | head -1 | grep -q "^shardscope ($(dpkg-deb -f "$deb" Version)) " ||
    { echo "the changelog's version is not the package's"; exit 1; }
grep -q '^Exec=shardscope' "$work/root/usr/share/applications/io.github.shardscope.Shardscope.desktop"
# The guide's HTML is rendered from its Markdown: every section of the one is in the other.
grep '^## ' "$work/root/usr/share/doc/shardscope/guide.md" | sed 's/^## //' | while read -r title; do
    grep -qF -- "$title" "$work/root/usr/share/doc/shardscope/guide.html" || { echo "guide.html lacks '$title'"; exit 1; }
done
"$work/root/usr/bin/shardscope-cli" --data-dir "$work/data" create-stream --stream-name pkg --shard-count 1
"$work/root/usr/bin/shardscope-cli" --data-dir "$work/data" wait stream-exists --stream-name pkg
"$work/root/usr/bin/shardscope" --version | grep -q "shardscope"
timeout 20 "$work/root/usr/bin/shardscope" --data-dir "$work/data" &
pid=$!
for i in $(seq 1 100); do [ -s "$work/data/LOCK" ] && grep -q shardscope "$work/data/LOCK" && ! grep -q cli "$work/data/LOCK" && break; sleep 0.1; done
sleep 0.5
kill -TERM $pid
wait $pid
echo "package ok: $(basename "$deb")"
