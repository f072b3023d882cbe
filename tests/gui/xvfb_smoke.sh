#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The Shardscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
# The real `shardscope` binary on a real X server (Xvfb), driven by real keyboard input
# (xdotool, XTEST): create a stream (Ctrl+N, type a name, Enter), start a generator on the Publish
# tab (Ctrl+3, Ctrl+G), let it run a few engine seconds at 1×, quit with Ctrl+Q. Then the exit
# status must be 0, the data directory unlocked, and shardscope-cli must read the records back.
# Usage: xvfb_smoke.sh APP CLI SHOT_DIR
set -euo pipefail
app=$1 cli=$2 shots=${3:-}
for tool in xvfb-run xdotool; do
    command -v "$tool" >/dev/null || { echo "xvfb_smoke: $tool is missing (packaging/dev/deps.sh --tests installs it)"; exit 1; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export XDG_CONFIG_HOME=$work/config XDG_DATA_HOME=$work/share

xvfb-run -a -s "-screen 0 1280x900x24" "$(dirname "$0")/xvfb_drive.sh" xvfb_smoke "^Shardscope" smoke 1.5 \
    "${shots:+$shots/xvfb_smoke.png}" "$work/app.log" -- "$app" --data-dir "$work/data"
# The records the generator acknowledged are in the data directory, readable by another process.
summary=$("$cli" --data-dir "$work/data" describe-stream-summary --stream-name smoke)
grep -q '"StreamStatus": "ACTIVE"' <<<"$summary" || { echo "xvfb_smoke: stream 'smoke' is not ACTIVE: $summary"; exit 1; }
records=$("$cli" --data-dir "$work/data" tail --stream smoke --no-follow --format json | grep -c '"SequenceNumber"' || true)
if [ "$records" -lt 100 ]; then
    echo "xvfb_smoke: expected the generator's records in the stream, found $records"
    cat "$work/app.log"
    exit 1
fi
echo "xvfb_smoke: ok — stream 'smoke' created through the window, $records records read back after a clean quit"
