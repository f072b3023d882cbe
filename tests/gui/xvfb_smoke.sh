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
export SHS_SMOKE_APP=$app SHS_SMOKE_DATA=$work/data SHS_SMOKE_SHOTS=$shots SHS_SMOKE_LOG=$work/app.log
export XDG_CONFIG_HOME=$work/config XDG_DATA_HOME=$work/share

xvfb-run -a -s "-screen 0 1280x900x24" bash -euo pipefail -c '
    export QT_QPA_PLATFORM=xcb
    "$SHS_SMOKE_APP" --data-dir "$SHS_SMOKE_DATA" >"$SHS_SMOKE_LOG" 2>&1 &
    pid=$!
    fail() { echo "xvfb_smoke: $*"; cat "$SHS_SMOKE_LOG"; kill $pid 2>/dev/null || true; exit 1; }
    # window TITLE_REGEX TENTHS: prints the first visible window so titled, waiting up to TENTHS/10 s.
    window() {
        local w=""
        for _ in $(seq "$2"); do
            w=$(xdotool search --onlyvisible --name "$1" 2>/dev/null | head -1) && [ -n "$w" ] && break
            sleep 0.1
        done
        echo "$w"
    }
    # The main window, mapped and focused (there is no window manager: focus it ourselves).
    win=$(window "^Shardscope" 100)
    [ -n "$win" ] || fail "no Shardscope window appeared"
    xdotool windowfocus --sync "$win"
    sleep 0.5
    # Create a stream: the "New stream" dialog opens with the name field focused; Enter presses Create.
    xdotool key ctrl+n
    dlg=$(window "^New stream" 50)
    [ -n "$dlg" ] || fail "the New stream dialog did not open"
    xdotool windowfocus --sync "$dlg"
    xdotool type --delay 20 "smoke"
    xdotool key Return
    for _ in $(seq 50); do
        xdotool search --onlyvisible --name "^New stream" >/dev/null 2>&1 || break
        sleep 0.1
    done
    xdotool windowfocus --sync "$win"
    sleep 1.5  # CREATING -> ACTIVE on engine time
    # Publish tab, start a generator with the default settings, let it run.
    xdotool key ctrl+3
    sleep 0.3
    xdotool key ctrl+g
    sleep 3
    if [ -n "$SHS_SMOKE_SHOTS" ] && command -v import >/dev/null; then
        mkdir -p "$SHS_SMOKE_SHOTS"
        import -window root "$SHS_SMOKE_SHOTS/xvfb_smoke.png" || true
    fi
    xdotool key ctrl+q
    for _ in $(seq 100); do
        kill -0 $pid 2>/dev/null || break
        sleep 0.1
    done
    kill -0 $pid 2>/dev/null && fail "the window did not quit on Ctrl+Q"
    wait $pid || fail "shardscope exited with status $?"
'
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
