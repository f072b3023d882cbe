#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The Shardscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
# Drives a running X server (run it under xvfb-run) the way a person would, with xdotool: starts
# the app, waits for its window, creates a stream (Ctrl+N, type the name, Enter), starts a
# generator on the Publish tab (Ctrl+3, Ctrl+G), lets it run, takes a screenshot, quits (Ctrl+Q)
# and checks the exit status. Shared by xvfb_smoke.sh (embedded engine) and xvfb_remote_smoke.sh.
# Usage: xvfb_drive.sh NAME TITLE_REGEX STREAM ACTIVE_WAIT_S SHOT_PNG|"" LOG -- APP [ARGS...]
set -euo pipefail
name=$1 title=$2 stream=$3 activeWait=$4 shot=$5 log=$6
shift 6
[ "$1" = "--" ] && shift
export QT_QPA_PLATFORM=xcb
"$@" >"$log" 2>&1 &
pid=$!
fail() { echo "$name: $*"; cat "$log"; kill $pid 2>/dev/null || true; exit 1; }
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
win=$(window "$title" 100)
[ -n "$win" ] || fail "no window titled '$title' appeared"
xdotool windowfocus --sync "$win"
sleep 0.5
# Create a stream: the "New stream" dialog opens with the name field focused; Enter presses Create.
xdotool key ctrl+n
dlg=$(window "^New stream" 50)
[ -n "$dlg" ] || fail "the New stream dialog did not open"
xdotool windowfocus --sync "$dlg"
xdotool type --delay 20 "$stream"
xdotool key Return
for _ in $(seq 50); do
    xdotool search --onlyvisible --name "^New stream" >/dev/null 2>&1 || break
    sleep 0.1
done
xdotool windowfocus --sync "$win"
sleep "$activeWait" # CREATING -> ACTIVE
# Publish tab, start a generator with the default settings, let it run.
xdotool key ctrl+3
sleep 0.3
xdotool key ctrl+g
sleep 3
if [ -n "$shot" ] && command -v import >/dev/null; then
    mkdir -p "$(dirname "$shot")"
    import -window root "$shot" || true
fi
xdotool key ctrl+q
for _ in $(seq 100); do
    kill -0 $pid 2>/dev/null || break
    sleep 0.1
done
kill -0 $pid 2>/dev/null && fail "the window did not quit on Ctrl+Q"
wait $pid || fail "shardscope exited with status $?"
