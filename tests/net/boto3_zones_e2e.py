#!/usr/bin/env python3
# SPDX-FileCopyrightText: 2026 The Shardscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Three zones seen by boto3 with its defaults (retries included), with the outages driven by
`shardscope-cli zones` as a user's test suite would drive them: one zone down and writes go on
while it falls behind; two down and PutRecord is refused with ServiceUnavailable (HTTP 503) after
boto3's retries, while GetRecords goes on; a zone brought back during boto3's retries lets the
retried write through; zones brought back catch up, a wiped zone is rebuilt, and every
acknowledged record is read back once. Usage: boto3_zones_e2e.py SHARDSCOPE_CLI"""
import json
import subprocess
import sys
import threading
import time

import boto3
from botocore.exceptions import ClientError

import serve_fixture

cli = sys.argv[1]
server, url = serve_fixture.start(cli)


def zones(*args, ok=True):
    run = subprocess.run([cli, "--endpoint-url", url, "zones", *args], capture_output=True,
                         text=True, timeout=30)
    if ok:
        assert run.returncode == 0, (args, run.stdout, run.stderr)
        return {z["Zone"]: z for z in json.loads(run.stdout)["Zones"]}
    assert run.returncode != 0, (args, run.stdout)
    return run.stderr


def settle():
    deadline = time.time() + 60
    while time.time() < deadline:
        listed = zones("list")
        if all(z["State"] == "in sync" for z in listed.values()):
            return listed
        time.sleep(0.1)
    raise AssertionError("the zones did not settle: %s" % listed)


try:
    kinesis = boto3.client("kinesis", endpoint_url=url, region_name="us-east-1",
                           aws_access_key_id="AKIDEXAMPLE", aws_secret_access_key="secret")
    kinesis.create_stream(StreamName="zoned", ShardCount=1)
    kinesis.get_waiter("stream_exists").wait(StreamName="zoned", WaiterConfig={"Delay": 0.2})
    listed = settle()
    assert sorted(listed) == ["us-east-1a", "us-east-1b", "us-east-1c"], listed
    print("ok - three zones in sync:", ", ".join(sorted(listed)))

    acked = []

    def put(n):
        r = kinesis.put_record(StreamName="zoned", PartitionKey="k", Data=("r%d" % n).encode())
        acked.append(r["SequenceNumber"])

    for n in range(10):
        put(n)
    zones("down", "us-east-1b")
    for n in range(10, 25):
        put(n)
    b = zones("list")["us-east-1b"]
    assert b["State"] == "down" and b["RecordsBehind"] == 15, b
    print("ok - one zone down: writes go on, it is 15 records behind")

    zones("down", "us-east-1a")
    try:
        put(999)
        raise AssertionError("a write with two zones down was acknowledged")
    except ClientError as e:
        assert e.response["Error"]["Code"] == "ServiceUnavailable", e.response
        assert e.response["ResponseMetadata"]["HTTPStatusCode"] == 503, e.response
        assert e.response["ResponseMetadata"]["RetryAttempts"] > 0, e.response
        message = e.response["Error"]["Message"]
        assert "two zones in sync" in message, message
    it = kinesis.get_shard_iterator(StreamName="zoned", ShardId="shardId-000000000000",
                                    ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    assert len(kinesis.get_records(ShardIterator=it)["Records"]) >= 25
    refusal = zones("down", "us-east-1c", ok=False)
    assert "last zone in sync" in refusal, refusal
    print("ok - two zones down: ServiceUnavailable (503) after boto3's retries, reads go on, "
          "the last zone stays")

    # A zone back while boto3 retries: the retried write goes through.
    threading.Timer(0.15, lambda: zones("up", "us-east-1a")).start()
    put(25)
    print("ok - a zone back during boto3's retries: the retried write is acknowledged")

    zones("up", "us-east-1b")
    settle()
    zones("wipe", "us-east-1c")
    for n in range(26, 40):
        put(n)
    listed = settle()
    assert "Rebuilt from" in listed["us-east-1c"]["Detail"], listed
    assert zones("wipe", "us-east-1z", ok=False).find("There is no zone us-east-1z") >= 0
    print("ok - zones back catch up, a wiped zone is rebuilt:", listed["us-east-1c"]["Detail"])

    # Fault rules on the endpoint: a zone outage and a disk that fills, fired by requests.
    rules = {"rules": [
        {"kind": "zone", "zone": "us-east-1b", "operation": "PutRecord", "maxFires": 1,
         "durationMs": 400},
        {"kind": "disk", "zone": "us-east-1c", "error": "full", "operation": "ListShards",
         "maxFires": 1}]}
    added = subprocess.run([cli, "--endpoint-url", url, "faults", "add", "--rule", json.dumps(rules)],
                           capture_output=True, text=True, timeout=30)
    assert added.returncode == 0, added.stderr
    put(40)
    assert zones("list")["us-east-1b"]["State"] == "down"
    settle()  # back after 400 ms, caught up
    kinesis.list_shards(StreamName="zoned")
    put(41)
    c = zones("list")["us-east-1c"]
    assert c["State"] == "failed" and "database or disk is full" in c["Detail"], c
    zones("up", "us-east-1c")
    settle()
    listed = subprocess.run([cli, "--endpoint-url", url, "faults", "list"], capture_output=True,
                            text=True, timeout=30)
    fired = [f["detail"] for f in json.loads(listed.stdout)["fired"]]
    assert fired == ["us-east-1b down for 400 ms", "us-east-1c disk full"], fired
    subprocess.run([cli, "--endpoint-url", url, "faults", "clear"], check=True, timeout=30,
                   capture_output=True)
    print("ok - fault rules: a zone outage for 400 ms, a zone's disk filling; both caught up")

    # Every acknowledged record, read from one zone alone, once.
    zones("down", "us-east-1a")
    zones("down", "us-east-1b")
    it = kinesis.get_shard_iterator(StreamName="zoned", ShardId="shardId-000000000000",
                                    ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    seen = []
    while True:
        page = kinesis.get_records(ShardIterator=it)
        seen += [r["SequenceNumber"] for r in page["Records"]]
        if not page["Records"]:
            break
        it = page["NextShardIterator"]
    assert len(seen) == len(set(seen)), "a record was read twice"
    missing = set(acked) - set(seen)
    assert not missing, missing
    print("ok - %d acknowledged records read back once from us-east-1c alone" % len(acked))
finally:
    server.terminate()
    server.wait(10)
