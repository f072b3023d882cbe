#!/usr/bin/env python3
# SPDX-FileCopyrightText: 2026 The Shardscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""boto3 (Debian's python3-boto3) against `shardscope-cli serve`: a producer that meets the
per-shard write limit (partial PutRecords failures, retried with backoff until every record is
acknowledged), a consumer that reads every acknowledged record exactly once and in order, the
list_shards paging across a split (botocore's own paginator sends StreamName with NextToken, which
Kinesis refuses — so does the endpoint), and the stream_exists / stream_not_exists waiters.
Usage: boto3_e2e.py SHARDSCOPE_CLI"""
import random
import sys
import time

import boto3
from botocore.config import Config

import serve_fixture

cli = sys.argv[1]
server, url = serve_fixture.start(cli)
try:

    def ok(what):
        print("ok -", what, flush=True)

    kinesis = boto3.client("kinesis", endpoint_url=url, region_name="us-east-1", aws_access_key_id="AKIDEXAMPLE",
                           aws_secret_access_key="secret", config=Config(retries={"max_attempts": 1}))
    kinesis.create_stream(StreamName="boto", ShardCount=1)
    kinesis.get_waiter("stream_exists").wait(StreamName="boto", WaiterConfig={"Delay": 0.2, "MaxAttempts": 50})
    ok("stream_exists waiter")

    # Producer: 3 MiB into one shard (limit 1 MiB/s): PutRecords partially fails; retry what failed.
    rng = random.Random(20261126)
    pending = [(b"%06d:" % i + bytes(rng.getrandbits(8) for _ in range(1017)), "key-%d" % rng.randrange(10**6))
               for i in range(3000)]
    acked = {}  # data -> (shard, sequence number)
    partial_seen = 0
    backoff = 0.05
    while pending:
        batch, pending = pending[:500], pending[500:]
        res = kinesis.put_records(StreamName="boto", Records=[{"Data": d, "PartitionKey": k} for d, k in batch])
        assert len(res["Records"]) == len(batch)
        retry = []
        for (d, k), r in zip(batch, res["Records"]):
            if "ErrorCode" in r:
                assert r["ErrorCode"] == "ProvisionedThroughputExceededException", r
                assert r["ErrorMessage"] == ("Rate exceeded for shard shardId-000000000000 in stream boto under account "
                                             "000000000000."), r["ErrorMessage"]
                assert "SequenceNumber" not in r
                retry.append((d, k))
            else:
                acked[d] = (r["ShardId"], r["SequenceNumber"])
        assert res["FailedRecordCount"] == len(retry)
        if retry:
            partial_seen += 1
            pending = retry + pending
            time.sleep(backoff + rng.random() * backoff)
            backoff = min(backoff * 2, 1.0)
        else:
            backoff = 0.05
    assert partial_seen > 0, "the shard limit never refused an entry"
    assert len(acked) == 3000
    ok("3000 records acknowledged after %d partially failed PutRecords" % partial_seen)

    # Consumer: every acknowledged record once, in sequence order, with its data.
    it = kinesis.get_shard_iterator(StreamName="boto", ShardId="shardId-000000000000",
                                    ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    seen = []
    throttled_reads = 0
    while True:
        try:
            res = kinesis.get_records(ShardIterator=it, Limit=1000)
        except kinesis.exceptions.ProvisionedThroughputExceededException:
            throttled_reads += 1
            time.sleep(0.25)
            continue
        seen.extend(res["Records"])
        it = res["NextShardIterator"]
        if not res["Records"] and res["MillisBehindLatest"] == 0:
            break
    seqs = [int(r["SequenceNumber"]) for r in seen]
    assert seqs == sorted(seqs) and len(set(seqs)) == len(seqs), "out of order or duplicated"
    assert {r["Data"]: ("shardId-000000000000", r["SequenceNumber"]) for r in seen} == acked, "records differ"
    ok("read back 3000 records exactly once, in order (%d reads throttled on the way)" % throttled_reads)

    # A split, then the list_shards paginator one shard per page across the generations.
    kinesis.split_shard(StreamName="boto", ShardToSplit="shardId-000000000000",
                        NewStartingHashKey=str(2**127))
    kinesis.get_waiter("stream_exists").wait(StreamName="boto", WaiterConfig={"Delay": 0.2, "MaxAttempts": 50})
    # botocore's list_shards paginator repeats StreamName beside NextToken, which Kinesis refuses
    # ("NextToken and StreamName cannot be provided together"): the endpoint does what AWS does,
    # so page the way the KCL and KPL do — NextToken alone after the first page.
    try:
        list(kinesis.get_paginator("list_shards").paginate(StreamName="boto", PaginationConfig={"PageSize": 1}))
        raise AssertionError("the paginator's StreamName + NextToken was accepted")
    except kinesis.exceptions.InvalidArgumentException as e:
        assert "NextToken and StreamName cannot be provided together" in e.response["Error"]["Message"]
    pages = [kinesis.list_shards(StreamName="boto", MaxResults=1)]
    while "NextToken" in pages[-1]:
        pages.append(kinesis.list_shards(NextToken=pages[-1]["NextToken"], MaxResults=1))
    shards = [s for p in pages for s in p["Shards"]]
    assert len(pages) == 3 and [s["ShardId"] for s in shards] == ["shardId-000000000000", "shardId-000000000001",
                                                                    "shardId-000000000002"], shards
    assert "EndingSequenceNumber" in shards[0]["SequenceNumberRange"]
    assert shards[1]["ParentShardId"] == "shardId-000000000000"
    assert shards[2]["HashKeyRange"]["EndingHashKey"] == str(2**128 - 1)
    ok("list_shards paging across the split: 3 pages (and botocore's paginator refused as on AWS)")

    # Errors as botocore exceptions with AWS's codes.
    try:
        kinesis.describe_stream_summary(StreamName="missing")
        raise AssertionError("no error")
    except kinesis.exceptions.ResourceNotFoundException as e:
        assert e.response["Error"]["Message"] == "Stream missing under account 000000000000 not found."
    ok("ResourceNotFoundException")

    kinesis.delete_stream(StreamName="boto")
    kinesis.get_waiter("stream_not_exists").wait(StreamName="boto", WaiterConfig={"Delay": 0.2, "MaxAttempts": 50})
    ok("stream_not_exists waiter")
    print("boto3_e2e: all checks passed against", url)
finally:
    server.terminate()
    server.wait(10)
