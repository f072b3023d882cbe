#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The Shardscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
# The real `shardscope` binary in remote mode on Xvfb: opened with --endpoint-url on a
# `shardscope-cli serve` endpoint (standing in for AWS), driven by X input (xdotool): create a
# stream (Ctrl+N), run a generator on the Publish tab (Ctrl+3, Ctrl+G), quit (Ctrl+Q). Then the
# records must be on the *endpoint* (read back with shardscope-cli --endpoint-url), and the
# window's own data directory must never have been created (a remote session does not open or
# lock the embedded engine).
# Usage: xvfb_remote_smoke.sh APP CLI SHOT_DIR
set -euo pipefail
app=$1 cli=$2 shots=${3:-}
for tool in xvfb-run xdotool; do
    command -v "$tool" >/dev/null || { echo "xvfb_remote_smoke: $tool is missing (packaging/dev/deps.sh --tests installs it)"; exit 1; }
done
work=$(mktemp -d)
server=""
trap '[ -n "$server" ] && kill $server 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT
"$cli" --data-dir "$work/endpoint" serve --listen 127.0.0.1:0 >"$work/serve.log" 2>&1 &
server=$!
url=""
for _ in $(seq 200); do url=$(sed -n 's/^Serving the Kinesis API at \([^ ]*\).*/\1/p' "$work/serve.log"); [ -n "$url" ] && break; sleep 0.05; done
[ -n "$url" ] || { echo "xvfb_remote_smoke: the endpoint did not start"; cat "$work/serve.log"; exit 1; }
export AWS_ACCESS_KEY_ID=AKIDSMOKE AWS_SECRET_ACCESS_KEY=secret AWS_REGION=us-east-1
export SHS_SMOKE_APP=$app SHS_SMOKE_DATA=$work/window-data SHS_SMOKE_SHOTS=$shots SHS_SMOKE_LOG=$work/app.log SHS_SMOKE_URL=$url
export XDG_CONFIG_HOME=$work/config XDG_DATA_HOME=$work/share HOME=$work/home

xvfb-run -a -s "-screen 0 1280x900x24" bash -euo pipefail -c '
    export QT_QPA_PLATFORM=xcb
    "$SHS_SMOKE_APP" --data-dir "$SHS_SMOKE_DATA" --endpoint-url "$SHS_SMOKE_URL" >"$SHS_SMOKE_LOG" 2>&1 &
    pid=$!
    fail() { echo "xvfb_remote_smoke: $*"; cat "$SHS_SMOKE_LOG"; kill $pid 2>/dev/null || true; exit 1; }
    window() {
        local w=""
        for _ in $(seq "$2"); do
            w=$(xdotool search --onlyvisible --name "$1" 2>/dev/null | head -1) && [ -n "$w" ] && break
            sleep 0.1
        done
        echo "$w"
    }
    # The title names the host the window works on.
    win=$(window "^Shardscope — 127.0.0.1" 100)
    [ -n "$win" ] || fail "no remote Shardscope window appeared"
    xdotool windowfocus --sync "$win"
    sleep 0.5
    xdotool key ctrl+n
    dlg=$(window "^New stream" 50)
    [ -n "$dlg" ] || fail "the New stream dialog did not open"
    xdotool windowfocus --sync "$dlg"
    xdotool type --delay 20 "remote-smoke"
    xdotool key Return
    for _ in $(seq 50); do
        xdotool search --onlyvisible --name "^New stream" >/dev/null 2>&1 || break
        sleep 0.1
    done
    xdotool windowfocus --sync "$win"
    sleep 3  # CREATING -> ACTIVE on the endpoint, seen by polling
    xdotool key ctrl+3
    sleep 0.3
    xdotool key ctrl+g
    sleep 3
    if [ -n "$SHS_SMOKE_SHOTS" ] && command -v import >/dev/null; then
        mkdir -p "$SHS_SMOKE_SHOTS"
        import -window root "$SHS_SMOKE_SHOTS/xvfb_remote_smoke.png" || true
    fi
    xdotool key ctrl+q
    for _ in $(seq 100); do
        kill -0 $pid 2>/dev/null || break
        sleep 0.1
    done
    kill -0 $pid 2>/dev/null && fail "the window did not quit on Ctrl+Q"
    wait $pid || fail "shardscope exited with status $?"
'
[ ! -e "$work/window-data" ] || { echo "xvfb_remote_smoke: the remote session opened the embedded data directory"; exit 1; }
r() { "$cli" --endpoint-url "$url" "$@"; }
r describe-stream-summary --stream-name remote-smoke | grep -q '"StreamStatus": "ACTIVE"' ||
    { echo "xvfb_remote_smoke: stream 'remote-smoke' is not ACTIVE on the endpoint"; cat "$work/app.log"; exit 1; }
records=0
for shard in $(r list-shards --stream-name remote-smoke | python3 -c 'import json,sys; print(" ".join(s["ShardId"] for s in json.load(sys.stdin)["Shards"]))'); do
    it=$(r get-shard-iterator --stream-name remote-smoke --shard-id "$shard" --shard-iterator-type TRIM_HORIZON |
         python3 -c 'import json,sys; print(json.load(sys.stdin)["ShardIterator"])')
    n=$(r get-records --shard-iterator "$it" --limit 10000 | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["Records"]))')
    records=$((records + n))
done
if [ "$records" -lt 100 ]; then
    echo "xvfb_remote_smoke: expected the generator's records on the endpoint, found $records"
    cat "$work/app.log"
    exit 1
fi
echo "xvfb_remote_smoke: ok — stream 'remote-smoke' created through the remote window, $records records on the endpoint"
