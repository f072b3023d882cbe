#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The Shardscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs the AWS SDK for JavaScript v3 from npm (pinned, cached under the build directory),
# starts `shardscope-cli serve` and runs js_sdk_e2e.mjs against it: with the SDK's defaults
# (HTTP/2 for every Kinesis call) and with its HTTP/1.1 handler; then js_faults_e2e.mjs (faults
# scripted over the endpoint's control path).
# Usage: js_sdk_e2e.sh CLI CACHE_DIR
set -euo pipefail
cli=$1 cache=$2
here=$(cd "$(dirname "$0")" && pwd)
"$here/js_sdk_install.sh" "$cache"
cp "$here/js_sdk_e2e.mjs" "$here/js_faults_e2e.mjs" "$cache/"
work=$(mktemp -d)
"$cli" --data-dir "$work/data" serve --listen 127.0.0.1:0 >"$work/serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT
url=""
for _ in $(seq 100); do url=$(sed -n 's/^Serving the Kinesis API at \([^ ]*\).*/\1/p' "$work/serve.log"); [ -n "$url" ] && break; sleep 0.05; done
[ -n "$url" ] || { echo "js_sdk_e2e: the server did not start"; cat "$work/serve.log"; exit 1; }
node "$cache/js_sdk_e2e.mjs" "$url" default
node "$cache/js_sdk_e2e.mjs" "$url" http1
node "$cache/js_faults_e2e.mjs" "$url"
