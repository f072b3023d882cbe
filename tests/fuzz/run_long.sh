#!/bin/sh
# SPDX-FileCopyrightText: 2026 The Shardscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs every libFuzzer target (built by `cmake --preset fuzz`: clang, ASan + UBSan) for SECONDS
# each, JOBS at a time, on a scratch copy of its seed corpus. Prints one line per target and
# exits non-zero if any target found a crash, a leak or undefined behaviour (its reproducer is
# left in OUT/<target>/). Usage: tests/fuzz/run_long.sh [SECONDS] [JOBS] [OUT]
set -eu
seconds=${1:-600}
jobs=${2:-2}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out=${3:-$(mktemp -d)}
mkdir -p "$out"
bin="$root/build/fuzz/tests/fuzz"
targets="fuzz_request_decoder fuzz_http_parser fuzz_kpl_aggregate fuzz_shard_iterator \
fuzz_hash_key_decimal fuzz_sequence_number fuzz_text_codecs"
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
export ASAN_OPTIONS=detect_leaks=1
run() {
    t=$1
    mkdir -p "$out/$t/corpus"
    cp "$here/corpus/$t/"* "$out/$t/corpus/"
    if (cd "$out/$t" && "$bin/$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 \
        -print_final_stats=1 corpus > log 2>&1); then
        echo "$t: no finding in ${seconds} s ($(grep -m1 'stat::number_of_executed_units' "$out/$t/log" | awk '{print $2}') runs, $(ls "$out/$t/corpus" | wc -l) corpus entries)"
    else
        echo "$t: FINDING — see $out/$t/log"
        return 1
    fi
}
status=0
running=0
pids=""
for t in $targets; do
    run "$t" > "$out/$t.result" 2>&1 &
    pids="$pids $!"
    running=$((running + 1))
    if [ "$running" -ge "$jobs" ]; then
        for p in $pids; do wait "$p" || status=1; done
        pids=""
        running=0
    fi
done
for p in $pids; do wait "$p" || status=1; done
cat "$out"/*.result
exit $status
