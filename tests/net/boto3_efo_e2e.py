#!/usr/bin/env python3
# SPDX-FileCopyrightText: 2026 The Shardscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Enhanced fan-out with boto3 as its users configure it (defaults: HTTP/1.1, JSON): register,
describe, list and deregister consumers, and subscribe_to_shard read to the end of a closed shard,
resubscribing from ContinuationSequenceNumber as the KCL does — every record once, in order."""
import sys
import time

import boto3
from botocore.exceptions import ClientError

import serve_fixture

cli = sys.argv[1]
server, url = serve_fixture.start(cli)
try:
    kinesis = boto3.client("kinesis", endpoint_url=url, region_name="us-east-1", aws_access_key_id="AKIDEXAMPLE",
                           aws_secret_access_key="secret")
    kinesis.create_stream(StreamName="efo", ShardCount=1)
    kinesis.get_waiter("stream_exists").wait(StreamName="efo", WaiterConfig={"Delay": 0.2, "MaxAttempts": 50})
    arn = kinesis.describe_stream_summary(StreamName="efo")["StreamDescriptionSummary"]["StreamARN"]

    consumer = kinesis.register_stream_consumer(StreamARN=arn, ConsumerName="app")["Consumer"]
    assert consumer["ConsumerStatus"] == "CREATING", consumer
    assert consumer["ConsumerARN"].startswith(arn + "/consumer/app:"), consumer
    carn = consumer["ConsumerARN"]
    for _ in range(100):
        d = kinesis.describe_stream_consumer(ConsumerARN=carn)["ConsumerDescription"]
        if d["ConsumerStatus"] == "ACTIVE":
            break
        time.sleep(0.1)
    assert d["ConsumerStatus"] == "ACTIVE" and d["StreamARN"] == arn, d
    by_name = kinesis.describe_stream_consumer(StreamARN=arn, ConsumerName="app")["ConsumerDescription"]
    assert by_name["ConsumerARN"] == carn, by_name
    try:
        kinesis.register_stream_consumer(StreamARN=arn, ConsumerName="app")
        raise AssertionError("a second consumer called app was registered")
    except ClientError as e:
        assert e.response["Error"]["Code"] == "ResourceInUseException", e.response
    for name in ("b", "c"):
        kinesis.register_stream_consumer(StreamARN=arn, ConsumerName=name)
    pages = kinesis.get_paginator("list_stream_consumers").paginate(StreamARN=arn, PaginationConfig={"PageSize": 2})
    names = [c["ConsumerName"] for page in pages for c in page["Consumers"]]
    assert names == ["app", "b", "c"], names
    assert kinesis.describe_stream_summary(StreamName="efo")["StreamDescriptionSummary"]["ConsumerCount"] == 3
    print("ok - register, describe (by ARN and by name), list (paged), ConsumerCount", flush=True)

    # Records before and after a split: the parent is read to its end, then it names its children.
    sent = []
    for i in range(30):
        kinesis.put_record(StreamName="efo", Data=b"r%d" % i, PartitionKey="k%d" % i)
        sent.append(b"r%d" % i)
    kinesis.split_shard(StreamName="efo", ShardToSplit="shardId-000000000000", NewStartingHashKey=str(2 ** 127))
    for _ in range(100):
        if kinesis.describe_stream_summary(StreamName="efo")["StreamDescriptionSummary"]["StreamStatus"] == "ACTIVE":
            break
        time.sleep(0.1)

    def subscribe(position):
        # As the KCL does: a subscription taken over less than 5 s ago is ResourceInUseException;
        # back off and try again.
        for _ in range(100):
            try:
                return kinesis.subscribe_to_shard(ConsumerARN=carn, ShardId="shardId-000000000000",
                                                  StartingPosition=position)["EventStream"]
            except ClientError as e:
                assert e.response["Error"]["Code"] == "ResourceInUseException", e.response
                time.sleep(0.5)
        raise AssertionError("could not resubscribe")

    got, continuation, children, subscriptions = [], None, None, 0
    position = {"Type": "TRIM_HORIZON"}
    while children is None:
        stream = subscribe(position)
        subscriptions += 1
        for event in stream:
            e = event["SubscribeToShardEvent"]
            assert "MillisBehindLatest" in e, e
            got += [r["Data"] for r in e["Records"]]
            if e.get("ChildShards"):
                assert "ContinuationSequenceNumber" not in e, e
                children = e["ChildShards"]
                break
            continuation = e["ContinuationSequenceNumber"]
            if e["Records"]:
                assert continuation == e["Records"][-1]["SequenceNumber"], e
                if subscriptions == 1:
                    break  # drop the connection after the first records, as a crashed worker would
        stream.close()
        position = {"Type": "AFTER_SEQUENCE_NUMBER", "SequenceNumber": continuation}
    assert got == sent, (len(got), got[:5])
    assert sorted(c["ShardId"] for c in children) == ["shardId-000000000001", "shardId-000000000002"], children
    assert all(c["ParentShards"] == ["shardId-000000000000"] for c in children), children
    assert subscriptions >= 2, subscriptions
    print("ok - subscribe_to_shard: %d records once and in order over %d subscriptions, then ChildShards"
          % (len(got), subscriptions), flush=True)

    try:
        kinesis.subscribe_to_shard(ConsumerARN=arn + "/consumer/nobody:1", ShardId="shardId-000000000000",
                                   StartingPosition={"Type": "LATEST"})
        raise AssertionError("an unknown consumer subscribed")
    except ClientError as e:
        assert e.response["Error"]["Code"] == "ResourceNotFoundException", e.response
    print("ok - an unknown consumer is ResourceNotFoundException", flush=True)

    try:
        kinesis.delete_stream(StreamName="efo")
        raise AssertionError("a stream with consumers was deleted")
    except ClientError as e:
        assert e.response["Error"]["Code"] == "ResourceInUseException", e.response
        assert "EnforceConsumerDeletion" in e.response["Error"]["Message"], e.response
    kinesis.deregister_stream_consumer(ConsumerARN=carn)
    assert kinesis.describe_stream_consumer(ConsumerARN=carn)["ConsumerDescription"]["ConsumerStatus"] == "DELETING"
    kinesis.delete_stream(StreamName="efo", EnforceConsumerDeletion=True)
    kinesis.get_waiter("stream_not_exists").wait(StreamName="efo", WaiterConfig={"Delay": 0.2, "MaxAttempts": 50})
    print("ok - deregister, DeleteStream refused with consumers, then with EnforceConsumerDeletion", flush=True)
finally:
    server.terminate()
    server.wait(timeout=10)
