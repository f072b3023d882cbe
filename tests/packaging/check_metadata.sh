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
# The screenshots are the README's curated ones: each URL names a file of tests/screenshots/golden
# that README.md shows, at the version's tag, with the file's own width and height.
python3 - "$src" "$metainfo" "$version" <<'PY'
import struct, sys, xml.etree.ElementTree as ET
src, metainfo, version = sys.argv[1:]
readme = open(f"{src}/README.md").read()
shots = ET.parse(metainfo).getroot().findall("screenshots/screenshot")
assert len(shots) >= 3, "fewer than three screenshots"
assert shots[0].get("type") == "default", "the first screenshot is not the default"
for shot in shots:
    image = shot.find("image")
    url = image.text.strip()
    prefix = f"https://raw.githubusercontent.com/shardscope/shardscope/v{version}/"
    assert url.startswith(prefix), f"{url}: not at the tag v{version}"
    path = url[len(prefix):]
    assert path.startswith("tests/screenshots/golden/"), f"{url}: not a curated screenshot"
    assert f"]({path})" in readme, f"{path}: README.md does not show it"
    with open(f"{src}/{path}", "rb") as f:
        width, height = struct.unpack(">II", f.read(24)[16:24])
    assert (int(image.get("width")), int(image.get("height"))) == (width, height), \
        f"{path}: {width}x{height}, the metadata says {image.get('width')}x{image.get('height')}"
    assert shot.find("caption").text.strip(), f"{path}: no caption"
print(f"screenshots ok: {len(shots)}")
PY

# Lesson files: the MIME type the desktop entry opens, declared in the metadata, and a desktop's
# MIME database (update-mime-database, read by GIO as file managers do) tells a lesson from other
# JSON by its content, whether or not it was saved as *.json.
grep -q '^MimeType=application/x-shardscope-lesson;$' "$desktop"
grep -q '^Exec=shardscope %F$' "$desktop"
grep -q '<mediatype>application/x-shardscope-lesson</mediatype>' "$metainfo"
mime="$(mktemp -d)"
trap 'rm -rf "$mime"' EXIT
mkdir -p "$mime/share/mime/packages" "$mime/files"
cp "$src/packaging/linux/io.github.shardscope.Shardscope.xml" "$mime/share/mime/packages/"
said="$(XDG_DATA_DIRS="$mime/share:/usr/share" update-mime-database "$mime/share/mime" 2>&1)"
[ -z "$said" ] || { echo "update-mime-database: $said"; exit 1; }
type_of() { XDG_DATA_DIRS="$mime/share:/usr/share" gio info -a standard::content-type "$1" | sed -n 's/^ *standard::content-type: //p'; }
for lesson in "$src"/resources/lessons/*.json; do
    [ "$(type_of "$lesson")" = application/x-shardscope-lesson ] \
        || { echo "$lesson: $(type_of "$lesson"), not a lesson"; exit 1; }
done
cp "$src/resources/lessons/01-routing.json" "$mime/files/routing lesson"
[ "$(type_of "$mime/files/routing lesson")" = application/x-shardscope-lesson ]
echo '{"format": "something else", "steps": []}' >"$mime/files/other.json"
[ "$(type_of "$mime/files/other.json")" = application/json ] \
    || { echo "plain JSON taken for $(type_of "$mime/files/other.json")"; exit 1; }
echo "metadata ok: version $version, lessons are application/x-shardscope-lesson"
