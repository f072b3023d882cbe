#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The Shardscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
# The AWS CLI v2 (Debian's awscli) against `shardscope-cli serve`, unmodified but for
# --endpoint-url: the stream lifecycle, waiters, paging, records in and out, resharding, retention
# and errors — outputs checked, not only exit codes.
# Usage: aws_cli_e2e.sh CLI
set -euo pipefail
cli=$1
aws=/usr/bin/aws
[ -x "$aws" ] || { echo "aws_cli_e2e: $aws is missing (packaging/dev/deps.sh --tests installs awscli)"; exit 1; }
work=$(mktemp -d)
server=""
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
export AWS_ACCESS_KEY_ID=AKIDEXAMPLE AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY
export AWS_DEFAULT_REGION=us-east-1 AWS_PAGER="" AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null

"$cli" --data-dir "$work/data" serve --listen 127.0.0.1:0 >"$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 100); do grep -q "^Serving the Kinesis API at" "$work/serve.log" && break; sleep 0.05; done
url=$(sed -n 's/^Serving the Kinesis API at \([^ ]*\).*/\1/p' "$work/serve.log")
[ -n "$url" ] || { echo "aws_cli_e2e: the server did not start"; cat "$work/serve.log"; exit 1; }
k() { "$aws" kinesis --endpoint-url "$url" "$@"; }
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
check() { # check DESCRIPTION ACTUAL EXPECTED
    if [ "$2" != "$3" ]; then echo "aws_cli_e2e: $1: got '$2', expected '$3'"; exit 1; fi
    echo "ok - $1"
}
active() { # waits for the stream to be ACTIVE again (after a reshard), polling every 0.2 s
    for _ in $(seq 100); do
        [ "$(k describe-stream-summary --stream-name "$1" --query StreamDescriptionSummary.StreamStatus --output text)" = ACTIVE ] && return 0
        sleep 0.2
    done
    echo "aws_cli_e2e: $1 never became ACTIVE"; exit 1
}

k create-stream --stream-name e2e --shard-count 2
k create-stream --stream-name e2e-b --stream-mode-details StreamMode=ON_DEMAND
k wait stream-exists --stream-name e2e
k wait stream-exists --stream-name e2e-b
check "describe-stream shards" "$(k describe-stream --stream-name e2e --query 'length(StreamDescription.Shards)' --output text)" 2
summary=$(k describe-stream-summary --stream-name e2e)
check "describe-stream-summary status" "$(json "d['StreamDescriptionSummary']['StreamStatus']" <<<"$summary")" ACTIVE
check "open shards" "$(json "d['StreamDescriptionSummary']['OpenShardCount']" <<<"$summary")" 2
check "ARN" "$(json "d['StreamDescriptionSummary']['StreamARN']" <<<"$summary")" "arn:aws:kinesis:us-east-1:000000000000:stream/e2e"
check "on-demand mode" "$(k describe-stream-summary --stream-name e2e-b --query StreamDescriptionSummary.StreamModeDetails.StreamMode --output text)" ON_DEMAND

page=$(k list-streams --max-items 1)
check "list-streams --max-items 1" "$(json "','.join(d['StreamNames'])" <<<"$page")" e2e
token=$(json "d['NextToken']" <<<"$page")
check "list-streams second page" "$(k list-streams --max-items 1 --starting-token "$token" --query 'StreamNames[0]' --output text)" e2e-b

put=$(k put-record --stream-name e2e --partition-key user-1 --data "hello kinesis" --cli-binary-format raw-in-base64-out)
seq1=$(json "d['SequenceNumber']" <<<"$put")
shard1=$(json "d['ShardId']" <<<"$put")
check "put-record sequence number" "${#seq1}" 56
records='['
for i in $(seq 1 10); do records+="{\"Data\":\"$(printf 'event-%d' "$i" | base64)\",\"PartitionKey\":\"key-$i\"},"; done
records="${records%,}]"
echo "$records" >"$work/records.json"
puts=$(k put-records --stream-name e2e --records "file://$work/records.json")
check "put-records failed count" "$(json "d['FailedRecordCount']" <<<"$puts")" 0
check "put-records entries" "$(json "len(d['Records'])" <<<"$puts")" 10

total=0
for shard in $(k list-shards --stream-name e2e --query 'Shards[].ShardId' --output text); do
    it=$(k get-shard-iterator --stream-name e2e --shard-id "$shard" --shard-iterator-type TRIM_HORIZON --query ShardIterator --output text)
    got=$(k get-records --shard-iterator "$it")
    n=$(json "len(d['Records'])" <<<"$got")
    total=$((total + n))
    if [ "$shard" = "$shard1" ]; then
        first=$(json "d['Records'][0]['SequenceNumber']" <<<"$got")
        check "first record of $shard" "$first" "$seq1"
        check "its data" "$(json "d['Records'][0]['Data']" <<<"$got" | base64 -d)" "hello kinesis"
    fi
done
check "records read back from every shard" "$total" 11
it=$(k get-shard-iterator --stream-name e2e --shard-id "$shard1" --shard-iterator-type AFTER_SEQUENCE_NUMBER \
       --starting-sequence-number "$seq1" --query ShardIterator --output text)
check "AFTER_SEQUENCE_NUMBER skips it" "$(k get-records --shard-iterator "$it" --query 'length(Records[?SequenceNumber==`'"$seq1"'`])' --output text)" 0

k split-shard --stream-name e2e --shard-to-split shardId-000000000000 --new-starting-hash-key 85070591730234615865843651857942052864
active e2e
check "shards after split" "$(k list-shards --stream-name e2e --query 'length(Shards)' --output text)" 4
check "open shards after split" "$(k describe-stream-summary --stream-name e2e --query StreamDescriptionSummary.OpenShardCount --output text)" 3
check "children's parent" "$(k list-shards --stream-name e2e --query "Shards[?ShardId=='shardId-000000000002'].ParentShardId" --output text)" shardId-000000000000
k merge-shards --stream-name e2e --shard-to-merge shardId-000000000002 --adjacent-shard-to-merge shardId-000000000003
active e2e
check "open shards after merge" "$(k describe-stream-summary --stream-name e2e --query StreamDescriptionSummary.OpenShardCount --output text)" 2
scaled=$(k update-shard-count --stream-name e2e --target-shard-count 4 --scaling-type UNIFORM_SCALING)
check "update-shard-count target" "$(json "d['TargetShardCount']" <<<"$scaled")" 4
active e2e
check "open shards after update-shard-count" "$(k describe-stream-summary --stream-name e2e --query StreamDescriptionSummary.OpenShardCount --output text)" 4
# Enhanced monitoring (the commands this AWS CLI's model has of the newer operations): ALL
# expands, Current/Desired answer, the stream's summary reflects it.
on=$(k enable-enhanced-monitoring --stream-name e2e --shard-level-metrics ALL)
check "enable-enhanced-monitoring: desired" "$(json "len(d['DesiredShardLevelMetrics'])" <<<"$on")" 7
off=$(k disable-enhanced-monitoring --stream-name e2e --shard-level-metrics IncomingBytes OutgoingBytes)
check "disable-enhanced-monitoring: current" "$(json "len(d['CurrentShardLevelMetrics'])" <<<"$off")" 7
check "disable-enhanced-monitoring: desired" "$(json "len(d['DesiredShardLevelMetrics'])" <<<"$off")" 5
check "summary shows the metrics" "$(k describe-stream-summary --stream-name e2e --query 'length(StreamDescriptionSummary.EnhancedMonitoring[0].ShardLevelMetrics)' --output text)" 5
check "list-shards paging" "$(k list-shards --stream-name e2e --max-items 2 --query 'length(Shards)' --output text)" 2

k increase-stream-retention-period --stream-name e2e --retention-period-hours 48
check "retention" "$(k describe-stream-summary --stream-name e2e --query StreamDescriptionSummary.RetentionPeriodHours --output text)" 48

k decrease-stream-retention-period --stream-name e2e --retention-period-hours 36
check "decreased retention" "$(k describe-stream-summary --stream-name e2e --query StreamDescriptionSummary.RetentionPeriodHours --output text)" 36
k add-tags-to-stream --stream-name e2e --tags team=data,env=test
check "list-tags-for-stream" "$(k list-tags-for-stream --stream-name e2e --query 'Tags[].Key' --output text)" "env	team"
k remove-tags-from-stream --stream-name e2e --tag-keys env
check "a tag removed" "$(k list-tags-for-stream --stream-name e2e --query 'Tags[].Key' --output text)" team
check "describe-limits" "$(k describe-limits --query OnDemandStreamCountLimit --output text)" 50
arn=$(k describe-stream-summary --stream-name e2e-b --query StreamDescriptionSummary.StreamARN --output text)
k update-stream-mode --stream-arn "$arn" --stream-mode-details StreamMode=PROVISIONED
active e2e-b
check "update-stream-mode" "$(k describe-stream-summary --stream-name e2e-b --query StreamDescriptionSummary.StreamModeDetails.StreamMode --output text)" PROVISIONED
# Enhanced fan-out consumers, with this CLI's commands for them.
carn=$(k register-stream-consumer --stream-arn "$arn" --consumer-name cli-reader --query Consumer.ConsumerARN --output text)
case "$carn" in "$arn/consumer/cli-reader:"*) echo "ok - register-stream-consumer" ;;
    *) echo "aws_cli_e2e: unexpected consumer ARN: $carn"; exit 1 ;; esac
for _ in $(seq 50); do
    status=$(k describe-stream-consumer --consumer-arn "$carn" --query ConsumerDescription.ConsumerStatus --output text)
    [ "$status" = ACTIVE ] && break
    sleep 0.1
done
check "describe-stream-consumer: ACTIVE" "$status" ACTIVE
check "describe-stream-consumer by name" "$(k describe-stream-consumer --stream-arn "$arn" --consumer-name cli-reader --query ConsumerDescription.ConsumerARN --output text)" "$carn"
check "list-stream-consumers" "$(k list-stream-consumers --stream-arn "$arn" --query 'Consumers[].ConsumerName' --output text)" cli-reader
check "ConsumerCount" "$(k describe-stream-summary --stream-name e2e-b --query StreamDescriptionSummary.ConsumerCount --output text)" 1
k deregister-stream-consumer --consumer-arn "$carn"
for _ in $(seq 50); do # DELETING, then gone
    left=$(k list-stream-consumers --stream-arn "$arn" --query 'Consumers[].ConsumerStatus' --output text)
    [ -z "$left" ] && break
    sleep 0.1
done
check "deregister-stream-consumer: DELETING, then gone" "$left" ""
set +e
err=$(k describe-stream-summary --stream-name missing 2>&1 >/dev/null)
rc=$?
set -e
check "exit code of a service error" "$rc" 254
case "$err" in *"ResourceNotFoundException"*"Stream missing under account 000000000000 not found."*) echo "ok - error text" ;;
    *) echo "aws_cli_e2e: unexpected error text: $err"; exit 1 ;; esac
set +e
err=$(k list-streams --region eu-west-1 2>&1 >/dev/null)
set -e
case "$err" in *"InvalidSignatureException"*"Credential should be scoped to a valid region, not 'eu-west-1'"*) echo "ok - another region's signature refused" ;;
    *) echo "aws_cli_e2e: unexpected error for another region: $err"; exit 1 ;; esac

k delete-stream --stream-name e2e
k wait stream-not-exists --stream-name e2e
check "streams left" "$(k list-streams --query 'StreamNames' --output text)" e2e-b

# Signatures verified: the CLI's real SigV4 passes with the right secret and fails with a wrong one.
kill "$server"; wait "$server" 2>/dev/null || true
printf '[default]\naws_access_key_id = %s\naws_secret_access_key = %s\n' "$AWS_ACCESS_KEY_ID" "$AWS_SECRET_ACCESS_KEY" >"$work/credentials"
"$cli" --data-dir "$work/data" serve --listen 127.0.0.1:0 --credentials "$work/credentials" >"$work/serve.log" 2>&1 &
server=$!
url=""
for _ in $(seq 100); do url=$(sed -n 's/^Serving the Kinesis API at \([^ ]*\).*/\1/p' "$work/serve.log"); [ -n "$url" ] && break; sleep 0.05; done
grep -q "signatures verified for 1 access keys" "$work/serve.log" || { echo "aws_cli_e2e: credentials not loaded"; cat "$work/serve.log"; exit 1; }
check "signed by the CLI, verified" "$(k list-streams --query 'StreamNames' --output text)" e2e-b
set +e
err=$(AWS_SECRET_ACCESS_KEY=wrong-secret k list-streams 2>&1 >/dev/null)
rc=$?
set -e
check "wrong secret: exit code" "$rc" 254
case "$err" in *"InvalidSignatureException"*"signature we calculated does not match"*) echo "ok - wrong secret refused" ;;
    *) echo "aws_cli_e2e: unexpected error text: $err"; exit 1 ;; esac

# The local KMS on the same endpoint: aws kms creates a key and an alias, and a stream encrypted
# under the alias reports EncryptionType KMS on writes.
km() { "$aws" kms --endpoint-url "$url" "$@"; }
keyid=$(km create-key --description e2e --query KeyMetadata.KeyId --output text)
km create-alias --alias-name alias/e2e --target-key-id "$keyid"
check "aws kms describe-key by alias" "$(km describe-key --key-id alias/e2e --query KeyMetadata.KeyState --output text)" Enabled
k start-stream-encryption --stream-name e2e-b --encryption-type KMS --key-id alias/e2e
active e2e-b
check "a record written under the KMS key" "$(k put-record --stream-name e2e-b --partition-key p --data aGk= --query EncryptionType --output text)" KMS
km disable-key --key-id "$keyid"
set +e
err=$(k put-record --stream-name e2e-b --partition-key p --data aGk= 2>&1 >/dev/null)
set -e
case "$err" in *KMSDisabledException*) echo "ok - a disabled key refuses the write: $err" ;;
    *) echo "aws_cli_e2e: expected KMSDisabledException, got: $err"; exit 1 ;; esac
km enable-key --key-id "$keyid"
k stop-stream-encryption --stream-name e2e-b --encryption-type KMS --key-id alias/e2e
active e2e-b

# TLS with a generated self-signed certificate: the CLI verifies it with --ca-bundle.
kill "$server"; wait "$server" 2>/dev/null || true
"$cli" --data-dir "$work/data" serve --listen 127.0.0.1:0 --tls >"$work/serve.log" 2>&1 &
server=$!
url=""
for _ in $(seq 100); do url=$(sed -n 's/^Serving the Kinesis API at \([^ ]*\).*/\1/p' "$work/serve.log"); [ -n "$url" ] && break; sleep 0.05; done
case "$url" in https://*) echo "ok - serving over TLS at $url" ;; *) echo "aws_cli_e2e: no https URL"; cat "$work/serve.log"; exit 1 ;; esac
check "TLS, certificate verified" "$(k --ca-bundle "$work/data/endpoint-cert.pem" list-streams --query 'StreamNames' --output text)" e2e-b
set +e
err=$(k list-streams 2>&1 >/dev/null)
set -e
case "$err" in *"CERTIFICATE_VERIFY_FAILED"*) echo "ok - an untrusted certificate is refused by the client" ;;
    *) echo "aws_cli_e2e: expected a verification failure, got: $err"; exit 1 ;; esac
echo "aws_cli_e2e: all checks passed against $url"
