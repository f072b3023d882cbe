#!/usr/bin/env python3
# SPDX-FileCopyrightText: 2026 The Shardscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Every operation of boto3's own Kinesis model against `shardscope-cli serve`, as a user's boto3
sends it (default configuration but for the endpoint URL): each served operation works and answers
in the model's shape; the ones not served yet (channels) are
refused with UnknownOperationException naming the operation. A model
operation in neither list fails the test, so a newer botocore cannot slip past it.
Usage: boto3_operations_e2e.py SHARDSCOPE_CLI"""
import json
import sys
import time

import boto3
import botocore
from botocore.exceptions import ClientError

import serve_fixture

# Served here but not (yet) by Shardscope; each keeps a clear refusal until its issue lands.
NOT_YET = {
    "CreateChannel", "DescribeChannel", "UpdateChannel", "DeleteChannel", "ListChannels",
}

cli = sys.argv[1]
server, url = serve_fixture.start(cli)
try:
    kinesis = boto3.client("kinesis", endpoint_url=url, region_name="us-east-1", aws_access_key_id="AKIDEXAMPLE",
                           aws_secret_access_key="secret")
    model = set(kinesis.meta.service_model.operation_names)
    print("botocore", botocore.__version__, "-", len(model), "operations in its model", flush=True)
    done = set()

    def ok(operation, what=""):
        done.add(operation)
        print("ok -", operation, what, flush=True)

    def call(operation, **params):
        method = getattr(kinesis, botocore.xform_name(operation))
        return method(**params)

    call("CreateStream", StreamName="ops", ShardCount=2)
    kinesis.get_waiter("stream_exists").wait(StreamName="ops", WaiterConfig={"Delay": 0.2, "MaxAttempts": 50})
    ok("CreateStream", "(and the stream_exists waiter)")
    arn = call("DescribeStreamSummary", StreamName="ops")["StreamDescriptionSummary"]["StreamARN"]
    assert arn == "arn:aws:kinesis:us-east-1:000000000000:stream/ops", arn
    ok("DescribeStreamSummary")

    def wait_active():
        for _ in range(100):
            if call("DescribeStreamSummary", StreamName="ops")["StreamDescriptionSummary"]["StreamStatus"] == "ACTIVE":
                return
            time.sleep(0.1)
        raise AssertionError("the stream did not become ACTIVE")

    d = call("DescribeStream", StreamName="ops")["StreamDescription"]
    assert len(d["Shards"]) == 2 and d["EnhancedMonitoring"] == [{"ShardLevelMetrics": []}], d
    ok("DescribeStream")
    assert "ops" in call("ListStreams")["StreamNames"]
    ok("ListStreams")
    shards = call("ListShards", StreamName="ops")["Shards"]
    assert [s["ShardId"] for s in shards] == ["shardId-000000000000", "shardId-000000000001"]
    ok("ListShards")
    put = call("PutRecord", StreamName="ops", Data=b"\x00one", PartitionKey="a")
    ok("PutRecord", put["ShardId"])
    many = call("PutRecords", StreamName="ops", Records=[{"Data": b"r%d" % i, "PartitionKey": "k%d" % i}
                                                          for i in range(20)])
    assert many["FailedRecordCount"] == 0
    ok("PutRecords")
    it = call("GetShardIterator", StreamName="ops", ShardId=put["ShardId"], ShardIteratorType="TRIM_HORIZON")
    ok("GetShardIterator")
    got = call("GetRecords", ShardIterator=it["ShardIterator"])
    assert got["Records"][0]["Data"] == b"\x00one", got["Records"][:1]
    ok("GetRecords")
    call("IncreaseStreamRetentionPeriod", StreamName="ops", RetentionPeriodHours=48)
    ok("IncreaseStreamRetentionPeriod")
    call("DecreaseStreamRetentionPeriod", StreamName="ops", RetentionPeriodHours=24)
    ok("DecreaseStreamRetentionPeriod")
    call("AddTagsToStream", StreamName="ops", Tags={"team": "streams"})
    ok("AddTagsToStream")
    assert call("ListTagsForStream", StreamName="ops")["Tags"] == [{"Key": "team", "Value": "streams"}]
    ok("ListTagsForStream")
    call("RemoveTagsFromStream", StreamName="ops", TagKeys=["team"])
    ok("RemoveTagsFromStream")
    limits = call("DescribeLimits")
    assert limits["OpenShardCount"] == 2, limits
    ok("DescribeLimits")

    # Encryption under the AWS managed key (boto3_kms_e2e.py goes through the KMS's own keys).
    call("StartStreamEncryption", StreamName="ops", EncryptionType="KMS", KeyId="alias/aws/kinesis")
    wait_active()
    put = call("PutRecord", StreamName="ops", Data=b"sealed", PartitionKey="a")
    assert put["EncryptionType"] == "KMS", put
    ok("StartStreamEncryption")
    call("StopStreamEncryption", StreamName="ops", EncryptionType="KMS", KeyId="alias/aws/kinesis")
    wait_active()
    assert call("DescribeStreamSummary", StreamName="ops")["StreamDescriptionSummary"]["EncryptionType"] == "NONE"
    ok("StopStreamEncryption")

    # Enhanced monitoring: ALL expands; Current and Desired; DescribeStream reflects it.
    en = call("EnableEnhancedMonitoring", StreamName="ops", ShardLevelMetrics=["IncomingBytes"])
    assert en["CurrentShardLevelMetrics"] == [] and en["DesiredShardLevelMetrics"] == ["IncomingBytes"], en
    en = call("EnableEnhancedMonitoring", StreamName="ops", ShardLevelMetrics=["ALL"])
    assert len(en["DesiredShardLevelMetrics"]) == 7 and en["StreamARN"] == arn, en
    ok("EnableEnhancedMonitoring")
    dis = call("DisableEnhancedMonitoring", StreamARN=arn, ShardLevelMetrics=["IncomingBytes", "OutgoingBytes"])
    assert "IncomingBytes" not in dis["DesiredShardLevelMetrics"] and len(dis["DesiredShardLevelMetrics"]) == 5, dis
    metrics = call("DescribeStreamSummary", StreamName="ops")["StreamDescriptionSummary"]["EnhancedMonitoring"]
    assert metrics == [{"ShardLevelMetrics": dis["DesiredShardLevelMetrics"]}], metrics
    ok("DisableEnhancedMonitoring")

    # Tags by ARN share the stream's tags.
    if "TagResource" in model:
        call("TagResource", ResourceARN=arn, Tags={"env": "lab", "team": "streams"})
        ok("TagResource")
        assert call("ListTagsForStream", StreamName="ops")["Tags"] == [{"Key": "env", "Value": "lab"},
                                                                      {"Key": "team", "Value": "streams"}]
        tags = call("ListTagsForResource", ResourceARN=arn)["Tags"]
        assert tags == [{"Key": "env", "Value": "lab"}, {"Key": "team", "Value": "streams"}], tags
        ok("ListTagsForResource")
        call("UntagResource", ResourceARN=arn, TagKeys=["env"])
        assert call("ListTagsForResource", ResourceARN=arn)["Tags"] == [{"Key": "team", "Value": "streams"}]
        ok("UntagResource")

    # Resource policies: stored verbatim, checked as policy documents.
    if "PutResourcePolicy" in model:
        policy = json.dumps({"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::000000000000:root"},
            "Action": ["kinesis:GetRecords", "kinesis:GetShardIterator"], "Resource": arn}]}, indent=2)
        assert call("GetResourcePolicy", ResourceARN=arn)["Policy"] == "{}"
        call("PutResourcePolicy", ResourceARN=arn, Policy=policy)
        ok("PutResourcePolicy")
        assert call("GetResourcePolicy", ResourceARN=arn)["Policy"] == policy
        ok("GetResourcePolicy")
        try:
            call("PutResourcePolicy", ResourceARN=arn, Policy='{"Statement": []}')
            raise AssertionError("a policy without Version was accepted")
        except ClientError as e:
            assert e.response["Error"]["Code"] == "InvalidArgumentException", e.response
        call("DeleteResourcePolicy", ResourceARN=arn)
        assert call("GetResourcePolicy", ResourceARN=arn)["Policy"] == "{}"
        ok("DeleteResourcePolicy")

    # Account settings: the commitment, at least 24 hours once enabled.
    if "DescribeAccountSettings" in model:
        before = call("DescribeAccountSettings")["MinimumThroughputBillingCommitment"]
        assert before["Status"] == "DISABLED", before
        ok("DescribeAccountSettings")
        on = call("UpdateAccountSettings", MinimumThroughputBillingCommitment={"Status": "ENABLED"})
        c = on["MinimumThroughputBillingCommitment"]
        assert c["Status"] == "ENABLED" and (c["EarliestAllowedEndAt"] - c["StartedAt"]).total_seconds() == 86400, c
        off = call("UpdateAccountSettings", MinimumThroughputBillingCommitment={"Status": "DISABLED"})
        assert off["MinimumThroughputBillingCommitment"]["Status"] == "ENABLED_UNTIL_EARLIEST_ALLOWED_END", off
        ok("UpdateAccountSettings")

    # Large records: up to MaxRecordSizeInKiB of data plus key, once the stream allows them.
    if "UpdateMaxRecordSize" in model:
        big = b"\x01" * (1536 * 1024)
        try:
            call("PutRecord", StreamName="ops", Data=big, PartitionKey="big")
            raise AssertionError("a 1.5 MiB record was accepted by a 1 MiB stream")
        except ClientError as e:
            assert e.response["Error"]["Code"] == "ValidationException", e.response
            assert "UpdateMaxRecordSize" in e.response["Error"]["Message"], e.response
        call("UpdateMaxRecordSize", StreamARN=arn, MaxRecordSizeInKiB=2048)
        summary = call("DescribeStreamSummary", StreamName="ops")["StreamDescriptionSummary"]
        assert summary["MaxRecordSizeInKiB"] == 2048, summary
        put = call("PutRecord", StreamName="ops", Data=big, PartitionKey="big")
        it = call("GetShardIterator", StreamName="ops", ShardId=put["ShardId"], ShardIteratorType="AT_SEQUENCE_NUMBER",
                  StartingSequenceNumber=put["SequenceNumber"])["ShardIterator"]
        assert call("GetRecords", ShardIterator=it, Limit=1)["Records"][0]["Data"] == big
        ok("UpdateMaxRecordSize", "(a 1.5 MiB record written and read back)")

    # Enhanced fan-out (boto3_efo_e2e.py reads a subscription to the end of a shard).
    params = {"Tags": {"team": "readers"}} if "Tags" in kinesis.meta.service_model.operation_model(
        "RegisterStreamConsumer").input_shape.members else {}
    consumer = call("RegisterStreamConsumer", StreamARN=arn, ConsumerName="ops-reader", **params)["Consumer"]
    ok("RegisterStreamConsumer")
    carn = consumer["ConsumerARN"]
    for _ in range(100):
        status = call("DescribeStreamConsumer", ConsumerARN=carn)["ConsumerDescription"]["ConsumerStatus"]
        if status == "ACTIVE":
            break
        time.sleep(0.1)
    assert status == "ACTIVE", status
    ok("DescribeStreamConsumer")
    listed = call("ListStreamConsumers", StreamARN=arn)["Consumers"]
    assert [c["ConsumerARN"] for c in listed] == [carn], listed
    ok("ListStreamConsumers")
    if params:
        assert call("ListTagsForResource", ResourceARN=carn)["Tags"] == [{"Key": "team", "Value": "readers"}]
    events = call("SubscribeToShard", ConsumerARN=carn, ShardId="shardId-000000000000",
                  StartingPosition={"Type": "TRIM_HORIZON"})["EventStream"]
    first = next(iter(events))["SubscribeToShardEvent"]
    assert "ContinuationSequenceNumber" in first and "MillisBehindLatest" in first, first
    events.close()
    ok("SubscribeToShard", "(%d records in the first event)" % len(first["Records"]))
    call("DeregisterStreamConsumer", ConsumerARN=carn)
    ok("DeregisterStreamConsumer")

    # Resharding and capacity, then the end of the stream.
    call("SplitShard", StreamName="ops", ShardToSplit="shardId-000000000000",
         NewStartingHashKey=str(2 ** 126))
    wait_active()
    ok("SplitShard")
    call("MergeShards", StreamName="ops", ShardToMerge="shardId-000000000002",
         AdjacentShardToMerge="shardId-000000000003")
    wait_active()
    ok("MergeShards")
    count = call("UpdateShardCount", StreamName="ops", TargetShardCount=4, ScalingType="UNIFORM_SCALING")
    assert count["TargetShardCount"] == 4, count
    wait_active()
    ok("UpdateShardCount")
    call("UpdateStreamMode", StreamARN=arn, StreamModeDetails={"StreamMode": "ON_DEMAND"})
    wait_active()
    ok("UpdateStreamMode")
    if "UpdateStreamWarmThroughput" in model:
        # The commitment enabled above is in force until its earliest end, a day away.
        warm = call("UpdateStreamWarmThroughput", StreamARN=arn, WarmThroughputMiBps=8)
        assert warm["StreamName"] == "ops" and warm["WarmThroughput"]["TargetMiBps"] == 8, warm
        wait_active()
        summary = call("DescribeStreamSummary", StreamName="ops")["StreamDescriptionSummary"]
        assert summary["WarmThroughput"] == {"TargetMiBps": 8, "CurrentMiBps": 8}, summary
        assert summary["OpenShardCount"] == 8, summary
        ok("UpdateStreamWarmThroughput", "(eight shards kept warm)")

    for operation in sorted(model & NOT_YET):
        try:
            if operation == "SubscribeToShard":
                call(operation, ConsumerARN=arn + "/consumer/c:1", ShardId="shardId-000000000000",
                     StartingPosition={"Type": "LATEST"})
            else:
                # The smallest request the model accepts: the endpoint refuses before reading it.
                shape = kinesis.meta.service_model.operation_model(operation).input_shape
                params = {}
                for name in (shape.required_members if shape else []):
                    member = shape.members[name]
                    params[name] = {"string": arn, "integer": 1024, "long": 1024,
                                    "structure": {"Type": "LATEST"}}.get(member.type_name, arn)
                    if name == "EncryptionType":
                        params[name] = "KMS"
                    if name == "ConsumerName":
                        params[name] = "c"
                call(operation, **params)
            raise AssertionError(operation + " was answered")
        except ClientError as e:
            err = e.response["Error"]
            assert err["Code"] == "UnknownOperationException", (operation, err)
            assert operation in err.get("Message", ""), (operation, err)
            done.add(operation)
            print("ok -", operation, "refused:", err["Message"], flush=True)

    call("DeleteStream", StreamName="ops", EnforceConsumerDeletion=True)
    kinesis.get_waiter("stream_not_exists").wait(StreamName="ops", WaiterConfig={"Delay": 0.2, "MaxAttempts": 50})
    ok("DeleteStream", "(and the stream_not_exists waiter)")

    missing = sorted(model - done)
    assert not missing, "operations of the model this test does not call: %s" % missing
    print("%d passed, 0 failed" % len(done))
finally:
    server.terminate()
    server.wait(timeout=10)
