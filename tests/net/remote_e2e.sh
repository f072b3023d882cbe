#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The Shardscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
# Remote mode against three Kinesis-compatible servers on loopback ports: `shardscope-cli serve`,
# kinesalite and kinesis-local (kinesis-mock for Node), both pinned and installed from npm into a
# cache under the build directory. Runs tst_remote_backend against all three, then the headless
# twin's own remote mode (`shardscope-cli --endpoint-url …`) against each.
# Usage: remote_e2e.sh CLI TST_REMOTE_BACKEND CACHE_DIR
set -euo pipefail
cli=$1 tst=$2 cache=$3
command -v node >/dev/null && command -v npm >/dev/null ||
    { echo "remote_e2e: node and npm are needed (packaging/dev/deps.sh --tests installs them)"; exit 1; }
mkdir -p "$cache"
if [ ! -d "$cache/node_modules/kinesalite" ] || [ ! -d "$cache/node_modules/kinesis-local" ]; then
    (cd "$cache" && npm install --no-audit --no-fund --silent kinesalite@3.3.3 kinesis-local@0.6.2)
fi
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
"$cli" --data-dir "$work/shardscope" serve --listen 127.0.0.1:0 >"$work/serve.log" 2>&1 & pids+=($!)
kport=$(free_port)
"$cache/node_modules/.bin/kinesalite" --port "$kport" --createStreamMs 50 --deleteStreamMs 50 --updateStreamMs 50 \
    >"$work/kinesalite.log" 2>&1 & pids+=($!)
mport=$(free_port) mtls=$(free_port)
(cd "$cache/node_modules/kinesis-local" && KINESIS_MOCK_PLAIN_PORT=$mport KINESIS_MOCK_TLS_PORT=$mtls \
    CREATE_STREAM_DURATION=50ms DELETE_STREAM_DURATION=50ms UPDATE_STREAM_DURATION=50ms \
    SPLIT_SHARD_DURATION=50ms MERGE_SHARDS_DURATION=50ms exec node main.js) >"$work/kinesis-local.log" 2>&1 & pids+=($!)
url=""
for _ in $(seq 200); do url=$(sed -n 's/^Serving the Kinesis API at \([^ ]*\).*/\1/p' "$work/serve.log"); [ -n "$url" ] && break; sleep 0.05; done
[ -n "$url" ] || { echo "remote_e2e: shardscope-cli serve did not start"; cat "$work/serve.log"; exit 1; }
wait_port() { # PORT NAME LOG
    for _ in $(seq 300); do
        python3 -c 'import socket,sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), 0.2)' "$1" 2>/dev/null && return 0
        sleep 0.1
    done
    echo "remote_e2e: $2 did not start"; cat "$3"; exit 1
}
wait_port "$kport" kinesalite "$work/kinesalite.log"
wait_port "$mport" kinesis-local "$work/kinesis-local.log"
export AWS_ACCESS_KEY_ID=AKIDREMOTEE2E AWS_SECRET_ACCESS_KEY=secret AWS_REGION=us-east-1
targets="shardscope-serve=$url;kinesalite=http://127.0.0.1:$kport;kinesis-local=http://127.0.0.1:$mport"
SHS_REMOTE_TARGETS="$targets" "$tst" lifecycle

# The headless twin on each server: create, wait, put, read back, describe, delete.
for target in ${targets//;/ }; do
    name=${target%%=*} endpoint=${target#*=}
    r() { "$cli" --endpoint-url "$endpoint" "$@"; }
    s="cli-$RANDOM"
    r create-stream --stream-name "$s" --shard-count 2
    r wait stream-exists --stream-name "$s"
    r put-record --stream-name "$s" --partition-key k1 --data aGVsbG8= >/dev/null
    r put-record --stream-name "$s" --partition-key k2 --cli-binary-format raw-in-base64-out --data world >/dev/null
    got=""
    for shard in $(r list-shards --stream-name "$s" | python3 -c 'import json,sys; print(" ".join(x["ShardId"] for x in json.load(sys.stdin)["Shards"]))'); do
        it=$(r get-shard-iterator --stream-name "$s" --shard-id "$shard" --shard-iterator-type TRIM_HORIZON |
             python3 -c 'import json,sys; print(json.load(sys.stdin)["ShardIterator"])')
        got+=$(r get-records --shard-iterator "$it" |
               python3 -c 'import json,sys,base64; print(" ".join(sorted(r["PartitionKey"]+"="+base64.b64decode(r["Data"]).decode() for r in json.load(sys.stdin)["Records"])))')" "
    done
    sorted=$(echo $got | tr ' ' '\n' | sort | tr '\n' ' ')
    [ "$sorted" = "k1=hello k2=world " ] || { echo "remote_e2e: $name read back '$sorted'"; exit 1; }
    r describe-stream-summary --stream-name "$s" | grep -q '"OpenShardCount": 2' || { echo "remote_e2e: $name summary"; exit 1; }
    # Engine-only commands refuse plainly instead of answering about the wrong thing.
    if r metrics --stream-name "$s" 2>"$work/err"; then echo "remote_e2e: metrics should refuse"; exit 1; fi
    grep -q "embedded engine only" "$work/err"
    if r cost --stream-name "$s" 2>"$work/err"; then echo "remote_e2e: cost should refuse"; exit 1; fi
    grep -q "'cost' works on the embedded engine only" "$work/err"
    r delete-stream --stream-name "$s"
    r wait stream-not-exists --stream-name "$s"
    echo "remote_e2e: shardscope-cli --endpoint-url on $name: ok"
done
# HTTPS: `serve --tls` with its generated certificate, trusted through --ca-bundle (and refused,
# with what to do, without it).
"$cli" --data-dir "$work/tls" serve --listen 127.0.0.1:0 --tls >"$work/tls.log" 2>&1 & pids+=($!)
tls=""
for _ in $(seq 200); do tls=$(sed -n 's/^Serving the Kinesis API at \(https[^ ]*\).*/\1/p' "$work/tls.log"); [ -n "$tls" ] && break; sleep 0.05; done
[ -n "$tls" ] || { echo "remote_e2e: serve --tls did not start"; cat "$work/tls.log"; exit 1; }
"$cli" --endpoint-url "$tls" --ca-bundle "$work/tls/endpoint-cert.pem" create-stream --stream-name secure --shard-count 1
"$cli" --endpoint-url "$tls" --ca-bundle "$work/tls/endpoint-cert.pem" list-streams | grep -q '"secure"'
if "$cli" --endpoint-url "$tls" list-streams 2>"$work/err"; then echo "remote_e2e: an untrusted certificate was accepted"; exit 1; fi
grep -q "AWS_CA_BUNDLE" "$work/err"
echo "remote_e2e: HTTPS with --ca-bundle: ok"
# Nobody listening: the reason, the exit code of a failed call.
dead=$(free_port)
if "$cli" --endpoint-url "http://127.0.0.1:$dead" list-streams 2>"$work/err"; then echo "remote_e2e: expected a failure"; exit 1; fi
grep -q "EndpointConnectionError" "$work/err" && grep -q "Cannot reach http://127.0.0.1:$dead" "$work/err"
echo "remote_e2e: ok"
