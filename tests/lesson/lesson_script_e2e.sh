#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The Shardscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
# Lessons exported as AWS CLI scripts (`shardscope-cli lesson export`) run unmodified with Debian's
# AWS CLI v2 against `shardscope-cli serve` (SHS_ENDPOINT, waits shortened by HOLD_FACTOR): they
# create, reshard and switch what the lesson does, show the shards, report refused records, and
# delete their streams when they end; a stream that exists already is left alone.
# Usage: lesson_script_e2e.sh CLI
set -euo pipefail
cli=$1
[ -x /usr/bin/aws ] || { echo "lesson_script_e2e: /usr/bin/aws is missing (packaging/dev/deps.sh --tests installs awscli)"; exit 1; }
work=$(mktemp -d)
server=""
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
# The CLI v2 first on PATH, as a user who installed it has it; no user configuration.
export PATH=/usr/bin:$PATH
export AWS_ACCESS_KEY_ID=AKIDEXAMPLE AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY
export AWS_DEFAULT_REGION=us-east-1 AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null
export HOLD_FACTOR=0.1 POLL_SECONDS=0.2

"$cli" --data-dir "$work/data" serve --listen 127.0.0.1:0 >"$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 100); do grep -q "^Serving the Kinesis API at" "$work/serve.log" && break; sleep 0.05; done
url=$(sed -n 's/^Serving the Kinesis API at \([^ ]*\).*/\1/p' "$work/serve.log")
[ -n "$url" ] || { echo "lesson_script_e2e: the server did not start"; cat "$work/serve.log"; exit 1; }
export SHS_ENDPOINT=$url
check() { # check DESCRIPTION FILE PATTERN
    if ! grep -qE -- "$3" "$2"; then echo "lesson_script_e2e: $1: no line matches '$3' in:"; cat "$2"; exit 1; fi
    echo "ok - $1"
}
streams() { aws kinesis --endpoint-url "$url" list-streams --query 'length(StreamNames)' --output text; }

# The export: a file that says what it costs.
"$cli" lesson export resharding --output "$work/resharding.sh" >"$work/export.out"
check "export reports the cost" "$work/export.out" '^.*resharding.sh: about 0\.[0-9]{4} USD for a run of about [0-9]+ min'
[ -x "$work/resharding.sh" ] || { echo "lesson_script_e2e: the script is not executable"; exit 1; }

# Split and merge.
"$work/resharding.sh" >"$work/resharding.out" 2>&1 || { cat "$work/resharding.out"; exit 1; }
check "split shown" "$work/resharding.out" '^\$ aws kinesis split-shard --stream-name orders --shard-to-split shardId-000000000000 '
check "the children take the parent's range" "$work/resharding.out" '^ +shardId-000000000003 +85070591730234615865843651857942052864 to 170141183460469231731687303715884105727$'
check "merged child" "$work/resharding.out" '^ +shardId-000000000004 +0 to 170141183460469231731687303715884105727$'
check "records sent" "$work/resharding.out" '^   put-records: [1-9][0-9]* records sent, 0 refused'
check "cleanup" "$work/resharding.out" '^Deleted the stream orders\.$'
sleep 1
[ "$(streams)" = 0 ] || { echo "lesson_script_e2e: the script left streams behind"; exit 1; }

# A single put routed by its key, and the switch to on-demand by ARN, with throttling before it.
"$cli" lesson export routing >"$work/routing.sh"
bash "$work/routing.sh" >"$work/routing.out" 2>&1 || { cat "$work/routing.out"; exit 1; }
check "user-0 lands in shard 2" "$work/routing.out" '^shardId-000000000002	49'
"$cli" lesson export capacity-modes >"$work/modes.sh"
bash "$work/modes.sh" >"$work/modes.out" 2>&1 || { cat "$work/modes.out"; exit 1; }
check "mode switched by ARN" "$work/modes.out" '^\$ aws kinesis update-stream-mode --stream-arn arn:aws:kinesis:us-east-1:000000000000:stream/events --stream-mode-details StreamMode=ON_DEMAND'
check "throttling reported before the switch" "$work/modes.out" 'records sent, [1-9][0-9]* refused \(ProvisionedThroughputExceededException\)'
sleep 1
[ "$(streams)" = 0 ] || { echo "lesson_script_e2e: the scripts left streams behind"; exit 1; }

# A stream of the same name exists: the script stops and leaves it alone.
aws kinesis --endpoint-url "$url" create-stream --stream-name orders --shard-count 1
if "$work/resharding.sh" >"$work/taken.out" 2>&1; then echo "lesson_script_e2e: ran over an existing stream"; exit 1; fi
check "refuses an existing stream" "$work/taken.out" '^A stream named orders exists already here; the script leaves it alone and stops'
[ "$(streams)" = 1 ] || { echo "lesson_script_e2e: the existing stream was touched"; exit 1; }
echo "lesson_script_e2e: all passed"
