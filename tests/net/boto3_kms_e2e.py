#!/usr/bin/env python3
# SPDX-FileCopyrightText: 2026 The Shardscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""The local KMS and Kinesis encryption through boto3 with its defaults (but for the endpoint
URL): every KMS operation Shardscope serves, by boto3's kms client on the same endpoint; a stream
encrypted under an alias, EncryptionType on PutRecord(s), GetRecords and SubscribeToShard; the KMS
errors a writer and a reader meet when the key is disabled or pending deletion, and reads of old
records once it is enabled again. Usage: boto3_kms_e2e.py SHARDSCOPE_CLI"""
import sys
import time

import boto3
from botocore.exceptions import ClientError

import serve_fixture

cli = sys.argv[1]
server, url = serve_fixture.start(cli)


def code_of(call):
    try:
        call()
    except ClientError as e:
        return e.response["Error"]["Code"], e.response["Error"].get("Message", "")
    raise AssertionError("the call succeeded")


try:
    args = dict(endpoint_url=url, region_name="us-east-1", aws_access_key_id="AKIDEXAMPLE",
                aws_secret_access_key="secret")
    kms = boto3.client("kms", **args)
    kinesis = boto3.client("kinesis", **args)
    done = set()

    # --- the KMS operations
    key = kms.create_key(Description="orders")["KeyMetadata"]
    assert key["KeyState"] == "Enabled" and key["KeyManager"] == "CUSTOMER", key
    assert key["Arn"] == "arn:aws:kms:us-east-1:000000000000:key/" + key["KeyId"], key
    done.add("CreateKey")
    kms.create_alias(AliasName="alias/orders", TargetKeyId=key["KeyId"])
    done.add("CreateAlias")
    for form in (key["KeyId"], key["Arn"], "alias/orders", "arn:aws:kms:us-east-1:000000000000:alias/orders"):
        assert kms.describe_key(KeyId=form)["KeyMetadata"]["KeyId"] == key["KeyId"], form
    done.add("DescribeKey")
    assert key["KeyId"] in [k["KeyId"] for k in kms.list_keys()["Keys"]]
    done.add("ListKeys")
    aliases = {a["AliasName"]: a for a in kms.list_aliases()["Aliases"]}
    assert aliases["alias/orders"]["TargetKeyId"] == key["KeyId"], aliases
    assert "alias/aws/kinesis" in aliases, aliases
    done.add("ListAliases")
    blob = kms.encrypt(KeyId="alias/orders", Plaintext=b"hello", EncryptionContext={"a": "b"})["CiphertextBlob"]
    done.add("Encrypt")
    plain = kms.decrypt(CiphertextBlob=blob, EncryptionContext={"a": "b"})
    assert plain["Plaintext"] == b"hello" and plain["KeyId"] == key["Arn"], plain
    assert code_of(lambda: kms.decrypt(CiphertextBlob=blob))[0] == "InvalidCiphertextException"
    done.add("Decrypt")
    dk = kms.generate_data_key(KeyId=key["KeyId"], KeySpec="AES_256")
    assert len(dk["Plaintext"]) == 32 and kms.decrypt(CiphertextBlob=dk["CiphertextBlob"])["Plaintext"] == dk["Plaintext"]
    done.add("GenerateDataKey")
    code, message = code_of(lambda: kms.describe_key(KeyId="alias/missing"))
    assert code == "NotFoundException" and "alias/missing" in message, (code, message)

    # --- a stream encrypted under the alias
    kinesis.create_stream(StreamName="enc", ShardCount=1)
    kinesis.get_waiter("stream_exists").wait(StreamName="enc", WaiterConfig={"Delay": 0.2, "MaxAttempts": 50})
    before = kinesis.put_record(StreamName="enc", Data=b"plain", PartitionKey="k")
    assert before["EncryptionType"] == "NONE", before
    kinesis.start_stream_encryption(StreamName="enc", EncryptionType="KMS", KeyId="alias/orders")
    status = kinesis.describe_stream_summary(StreamName="enc")["StreamDescriptionSummary"]["StreamStatus"]
    assert status == "UPDATING", status
    kinesis.get_waiter("stream_exists").wait(StreamName="enc", WaiterConfig={"Delay": 0.2, "MaxAttempts": 50})
    d = kinesis.describe_stream(StreamName="enc")["StreamDescription"]
    assert d["EncryptionType"] == "KMS" and d["KeyId"] == "alias/orders", d
    put = kinesis.put_record(StreamName="enc", Data=b"secret", PartitionKey="k")
    assert put["EncryptionType"] == "KMS", put
    many = kinesis.put_records(StreamName="enc", Records=[{"Data": b"s%d" % i, "PartitionKey": "k"} for i in range(5)])
    assert many["EncryptionType"] == "KMS" and many["FailedRecordCount"] == 0, many
    it = kinesis.get_shard_iterator(StreamName="enc", ShardId="shardId-000000000000",
                                    ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    records = kinesis.get_records(ShardIterator=it)["Records"]
    assert [r.get("EncryptionType", "NONE") for r in records] == ["NONE"] + ["KMS"] * 6, records
    assert records[1]["Data"] == b"secret"

    arn = d["StreamARN"]
    consumer = kinesis.register_stream_consumer(StreamARN=arn, ConsumerName="enc-reader")["Consumer"]
    for _ in range(100):
        if kinesis.describe_stream_consumer(ConsumerARN=consumer["ConsumerARN"])["ConsumerDescription"][
                "ConsumerStatus"] == "ACTIVE":
            break
        time.sleep(0.1)
    events = kinesis.subscribe_to_shard(ConsumerARN=consumer["ConsumerARN"], ShardId="shardId-000000000000",
                                        StartingPosition={"Type": "TRIM_HORIZON"})["EventStream"]
    seen = []
    for event in events:
        seen += event["SubscribeToShardEvent"]["Records"]
        if len(seen) >= 7:
            break
    events.close()
    assert [r.get("EncryptionType", "NONE") for r in seen[:7]] == ["NONE"] + ["KMS"] * 6, seen

    # --- the key disabled: writers and readers meet KMSDisabledException
    kms.disable_key(KeyId=key["KeyId"])
    done.add("DisableKey")
    code, message = code_of(lambda: kinesis.put_record(StreamName="enc", Data=b"x", PartitionKey="k"))
    assert code == "KMSDisabledException" and key["Arn"] in message, (code, message)
    assert code_of(lambda: kinesis.get_records(ShardIterator=it))[0] == "KMSDisabledException"
    kms.enable_key(KeyId=key["KeyId"])
    done.add("EnableKey")
    assert kinesis.get_records(ShardIterator=it)["Records"][1]["Data"] == b"secret"

    # --- pending deletion: KMSInvalidStateException; cancelled, the key comes back disabled
    scheduled = kms.schedule_key_deletion(KeyId=key["KeyId"], PendingWindowInDays=7)
    assert scheduled["KeyState"] == "PendingDeletion" and scheduled["PendingWindowInDays"] == 7, scheduled
    done.add("ScheduleKeyDeletion")
    assert code_of(lambda: kinesis.put_record(StreamName="enc", Data=b"x", PartitionKey="k"))[0] == \
        "KMSInvalidStateException"
    kms.cancel_key_deletion(KeyId=key["KeyId"])
    done.add("CancelKeyDeletion")
    assert kms.describe_key(KeyId=key["KeyId"])["KeyMetadata"]["KeyState"] == "Disabled"
    kms.enable_key(KeyId=key["KeyId"])

    kinesis.stop_stream_encryption(StreamName="enc", EncryptionType="KMS", KeyId="alias/orders")
    kinesis.get_waiter("stream_exists").wait(StreamName="enc", WaiterConfig={"Delay": 0.2, "MaxAttempts": 50})
    assert kinesis.put_record(StreamName="enc", Data=b"after", PartitionKey="k")["EncryptionType"] == "NONE"
    kms.delete_alias(AliasName="alias/orders")
    done.add("DeleteAlias")
    assert code_of(lambda: kinesis.start_stream_encryption(StreamName="enc", EncryptionType="KMS",
                                                           KeyId="alias/orders"))[0] == "KMSNotFoundException"

    # An operation the local KMS does not serve is refused by name.
    code, message = code_of(lambda: kms.list_grants(KeyId=key["KeyId"]))
    assert code == "UnknownOperationException" and "ListGrants" in message, (code, message)
    print("ok -", len(done), "KMS operations:", ", ".join(sorted(done)))
    print("passed")
finally:
    server.terminate()
    server.wait(timeout=10)
