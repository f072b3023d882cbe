#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The Shardscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
# Shardscope's Kinesis endpoint side by side with kinesalite and kinesis-local (both from npm), one
# run, one client (`shardscope-cli bench put --endpoint-url`), one workload: 1 KiB records, 4
# shards, PutRecords batches of 500 on 8 keep-alive connections. Shardscope runs durable
# (synchronous=FULL) with the per-shard limits off; the emulators run as they ship (in memory).
# Then each drains what it stored with GetRecords (one reader per shard), and a PutRecord at 100/s
# for 10 s is timed to its arrival at polling readers (1 ms idle poll).
# Usage: packaging/dev/bench-endpoints.sh [BUILD_DIR (build/dev)] [RECORDS for Shardscope (200000)]
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build/dev}
records=${2:-200000}
cli="$PWD/$build/app/shardscope-cli"
npmdir="$PWD/$build/npm/emulators"
mkdir -p "$npmdir"
[ -d "$npmdir/node_modules/kinesalite" ] && [ -d "$npmdir/node_modules/kinesis-local" ] ||
    (cd "$npmdir" && npm install --no-audit --no-fund --silent kinesalite@3.3.3 kinesis-local@0.6.2)
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
"$cli" --limits off --data-dir "$work/shardscope" serve --listen 127.0.0.1:4621 >"$work/s.log" 2>&1 & pids+=($!)
"$npmdir/node_modules/.bin/kinesalite" --port 4622 --createStreamMs 50 --shardLimit 1000 >"$work/k.log" 2>&1 & pids+=($!)
(cd "$npmdir/node_modules/kinesis-local" && KINESIS_MOCK_PLAIN_PORT=4623 KINESIS_MOCK_TLS_PORT=4624 \
    CREATE_STREAM_DURATION=50ms exec node main.js) >"$work/m.log" 2>&1 & pids+=($!)
sleep 6
run() { # NAME URL RECORDS: put, drain, then put→get latency on a second stream
    put=$("$cli" bench put --endpoint-url "$2" --stream bench --shards 4 --records "$3" --batch 500 --threads 8 --size 1024)
    get=$("$cli" bench get --endpoint-url "$2" --stream bench)
    e2e=$("$cli" bench e2e --endpoint-url "$2" --stream latency --shards 4 --rate 100 --duration 10 --poll-ms 1 || true)
    python3 - "$1" "$put" "$get" "$e2e" <<'PY'
import json, sys
name, put, get, e2e = sys.argv[1], json.loads(sys.argv[2]), json.loads(sys.argv[3]), json.loads(sys.argv[4])
print("| %s | %d | %.0f | %.0f / %.0f | %d | %.0f | %d/%d | %.1f / %.1f |" % (
    name, put["Records"], put["RecordsPerSecond"], put["CallLatencyMs"]["p50"], put["CallLatencyMs"]["p99"], put["Failed"],
    get["RecordsPerSecond"], e2e["Received"], e2e["Sent"], e2e["LatencyMs"]["p50"], e2e["LatencyMs"]["p99"]))
PY
}
echo "| Endpoint | Records put | PutRecords records/s | put p50 / p99 ms | Failed | GetRecords drain records/s | put→get received/sent | put→get p50 / p99 ms |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- |"
run "Shardscope (durable, FULL)" http://127.0.0.1:4621 "$records"
run "kinesalite 3.3.3 (in memory)" http://127.0.0.1:4622 $((records / 5))
run "kinesis-local 0.6.2 (in memory)" http://127.0.0.1:4623 $((records / 50))
