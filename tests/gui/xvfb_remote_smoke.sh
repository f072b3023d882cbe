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
export XDG_CONFIG_HOME=$work/config XDG_DATA_HOME=$work/share HOME=$work/home

# The title names the host the window works on; CREATING -> ACTIVE is seen by polling.
xvfb-run -a -s "-screen 0 1280x900x24" "$(dirname "$0")/xvfb_drive.sh" xvfb_remote_smoke "^Shardscope — 127.0.0.1" \
    remote-smoke 3 "${shots:+$shots/xvfb_remote_smoke.png}" "$work/app.log" -- \
    "$app" --data-dir "$work/window-data" --endpoint-url "$url"
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
