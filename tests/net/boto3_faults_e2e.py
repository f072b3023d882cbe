#!/usr/bin/env python3
# SPDX-FileCopyrightText: 2026 The Shardscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""boto3 (Debian's python3-boto3), configured as its users configure it (no retry settings: the
SDK's defaults), against `shardscope-cli serve --faults FILE`: a producer writes through injected
whole-call errors, partial PutRecords failures, connections reset before and after the engine
wrote, and added latency, retrying what failed; a consumer reads through injected throttling.
Every acknowledged record is read back, in order per shard (a record written twice because its
answer was lost is reported, as at-least-once allows). Then the same rules and the same seed
against a second server give the same faults, request for request, and the control path
(/_shardscope/faults) lists, adds and clears rules as a test suite would script them.
Usage: boto3_faults_e2e.py SHARDSCOPE_CLI"""
import json
import os
import sys
import tempfile
import time
import urllib.request

import boto3
import botocore.exceptions

import serve_fixture

cli = sys.argv[1]

RULES = {"rules": [
    {"kind": "error", "operation": "PutRecords", "error": "ProvisionedThroughputExceededException",
     "probability": 0.15, "seed": 11},
    {"kind": "error", "operation": "PutRecords", "error": "InternalFailure", "probability": 0.1, "seed": 12},
    {"kind": "partial", "share": 0.2, "probability": 0.5, "seed": 13},
    {"kind": "reset", "operation": "PutRecords", "probability": 0.05, "seed": 14},
    {"kind": "reset", "operation": "PutRecords", "stage": "response", "probability": 0.05, "seed": 15},
    {"kind": "latency", "operation": "PutRecords", "distribution": "uniform", "ms": 0, "maxMs": 20,
     "probability": 0.5, "seed": 16},
    {"kind": "error", "operation": "GetRecords", "error": "ProvisionedThroughputExceededException",
     "probability": 0.2, "seed": 17},
]}


def ok(what):
    print("ok -", what, flush=True)


def control(url, method, body=None, path=""):
    req = urllib.request.Request(url + "/_shardscope/faults" + path, method=method,
                                 data=None if body is None else json.dumps(body).encode())
    with urllib.request.urlopen(req, timeout=10) as r:
        return json.loads(r.read())


def client(url):
    return boto3.client("kinesis", endpoint_url=url, region_name="us-east-1", aws_access_key_id="AKIDEXAMPLE",
                        aws_secret_access_key="secret")


def produce(kinesis, stream, count, batch=50):
    """PutRecords with a producer's own retries: whole calls that still fail after the SDK's
    retries, and failed entries. Returns ({data: (shard, seq)}, calls retried, entries retried)."""
    pending = [(b"%s-%05d" % (stream.encode(), i), "key-%d" % (i * 7919 % 1000)) for i in range(count)]
    acked, call_retries, entry_retries = {}, 0, 0
    while pending:
        chunk, pending = pending[:batch], pending[batch:]
        try:
            res = kinesis.put_records(StreamName=stream, Records=[{"Data": d, "PartitionKey": k} for d, k in chunk])
        except (botocore.exceptions.ClientError, botocore.exceptions.ConnectionError,
                botocore.exceptions.HTTPClientError):
            call_retries += 1
            pending = chunk + pending
            continue
        assert len(res["Records"]) == len(chunk)
        failed = []
        for (d, k), r in zip(chunk, res["Records"]):
            if "ErrorCode" in r:
                assert r["ErrorCode"] in ("ProvisionedThroughputExceededException", "InternalFailure"), r
                assert "SequenceNumber" not in r
                failed.append((d, k))
            else:
                acked[d] = (r["ShardId"], r["SequenceNumber"])
        assert res["FailedRecordCount"] == len(failed)
        entry_retries += len(failed)
        pending = failed + pending
    return acked, call_retries, entry_retries


def consume(kinesis, stream):
    """Every record of every shard from TRIM_HORIZON, retrying throttled reads."""
    out = {}
    for shard in kinesis.list_shards(StreamName=stream)["Shards"]:
        it = kinesis.get_shard_iterator(StreamName=stream, ShardId=shard["ShardId"],
                                        ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
        seen = []
        while True:
            try:
                res = kinesis.get_records(ShardIterator=it)
            except kinesis.exceptions.ProvisionedThroughputExceededException:
                continue
            seen.extend(res["Records"])
            it = res["NextShardIterator"]
            if not res["Records"] and res["MillisBehindLatest"] == 0:
                break
        out[shard["ShardId"]] = seen
    return out


work = tempfile.mkdtemp()
rules_file = os.path.join(work, "faults.json")
with open(rules_file, "w") as f:
    json.dump(RULES, f)

server, url = serve_fixture.start(cli, ["--faults", rules_file])
try:
    kinesis = client(url)
    kinesis.create_stream(StreamName="faulty", ShardCount=3)
    kinesis.get_waiter("stream_exists").wait(StreamName="faulty", WaiterConfig={"Delay": 0.2, "MaxAttempts": 50})
    started = time.time()
    acked, call_retries, entry_retries = produce(kinesis, "faulty", 3000)
    assert len(acked) == 3000
    state = control(url, "GET")
    fired = {r["id"]: r["fired"] for r in state["rules"]}
    assert all(fired[i] > 0 for i in ("f1", "f2", "f3", "f4", "f5", "f6")), fired
    ok("3000 records acknowledged through %d injected faults in %.1f s (%d calls and %d entries retried "
       "by the producer after the SDK's own retries)" % (sum(fired.values()), time.time() - started,
                                                          call_retries, entry_retries))
    errors = [f for f in state["fired"] if f["kind"] == "error"]
    assert errors and all(f.get("next", "").startswith("PutRecords after ") for f in errors[:-1]), errors[:3]
    ok("the fired log says what the client did next (%s)" % errors[0]["next"])

    read = consume(kinesis, "faulty")
    assert control(url, "GET")["rules"][6]["fired"] > 0
    by_seq = {}
    for shard, records in read.items():
        seqs = [int(r["SequenceNumber"]) for r in records]
        assert seqs == sorted(seqs) and len(set(seqs)) == len(seqs), "shard %s out of order" % shard
        for r in records:
            by_seq[(shard, r["SequenceNumber"])] = r["Data"]
    for data, where in acked.items():
        assert by_seq.get(where) == data, "acknowledged record %s lost" % data
    copies = {}
    for records in read.values():
        for r in records:
            copies[r["Data"]] = copies.get(r["Data"], 0) + 1
    assert set(copies) == set(acked), "a record nobody sent"
    duplicated = sum(1 for n in copies.values() if n > 1)
    assert duplicated == 0 or fired["f5"] > 0, "duplicates without an answer lost"
    ok("every acknowledged record read back in order per shard through throttled reads "
       "(%d records stored twice: their PutRecords answer was reset after the write)" % duplicated)

    # The control path, as a user's test suite scripts it.
    added = control(url, "POST", {"kind": "error", "operation": "ListShards", "error": "KMSThrottlingException",
                                  "maxFires": 1})
    try:
        kinesis.list_shards(StreamName="faulty")
        raise AssertionError("no KMSThrottlingException")
    except kinesis.exceptions.KMSThrottlingException as e:
        assert e.response["Error"]["Message"] == "The request was denied due to request throttling."
    kinesis.list_shards(StreamName="faulty")  # maxFires: once
    assert control(url, "DELETE", path="/" + added["added"][0]) == {"removed": added["added"][0]}
    try:
        control(url, "POST", {"kind": "error", "error": "NoSuchError"})
        raise AssertionError("accepted")
    except urllib.error.HTTPError as e:
        assert e.code == 400 and "is not one a rule can raise" in json.loads(e.read())["message"]
    assert control(url, "DELETE") == {"cleared": 7}
    assert control(url, "GET")["rules"] == []
    ok("rules added, fired once, removed and cleared over /_shardscope/faults")
finally:
    server.terminate()
    server.wait(10)


def trace(seed_shift):
    """The faults a fixed sequence of calls meets on a fresh server with the rules' seeds shifted."""
    rules = json.loads(json.dumps(RULES))
    for r in rules["rules"]:
        r["seed"] += seed_shift
    path = os.path.join(work, "faults-%d.json" % seed_shift)
    with open(path, "w") as f:
        json.dump(rules, f)
    srv, u = serve_fixture.start(cli, ["--faults", path])
    try:
        k = client(u)
        k.create_stream(StreamName="again", ShardCount=3)
        k.get_waiter("stream_exists").wait(StreamName="again", WaiterConfig={"Delay": 0.2, "MaxAttempts": 50})
        produce(k, "again", 600)
        return [(f["rule"], f["operation"], f["detail"]) for f in control(u, "GET")["fired"]]
    finally:
        srv.terminate()
        srv.wait(10)


first = trace(0)
assert len(first) > 10, first
assert trace(0) == first, "the same seed gave different faults"
assert trace(1000) != first
ok("the same rules and seeds give the same %d faults, request for request" % len(first))
print("boto3_faults_e2e: all checks passed")
