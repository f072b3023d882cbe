// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
// AWS SDK for JavaScript v3 (@aws-sdk/client-kinesis from npm) against the endpoint URL given,
// configured as its users configure it — no request handler set, so every call goes over HTTP/2
// (h2c with prior knowledge on http://) — or with its HTTP/1.1 handler: stream lifecycle with the
// waiter, PutRecords, every record read back exactly once with its bytes, timestamps parsed as
// Dates, ListShards, enhanced fan-out (register a consumer, SubscribeToShard's event stream),
// errors as the SDK's exception classes.
// Usage: node js_sdk_e2e.mjs URL default|http1  (run by js_sdk_e2e.sh)
import {
  KinesisClient, CreateStreamCommand, DescribeStreamSummaryCommand, PutRecordsCommand, ListShardsCommand,
  GetShardIteratorCommand, GetRecordsCommand, DeleteStreamCommand, ResourceNotFoundException,
  RegisterStreamConsumerCommand, DescribeStreamConsumerCommand, SubscribeToShardCommand,
  waitUntilStreamExists, waitUntilStreamNotExists,
} from "@aws-sdk/client-kinesis";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import assert from "node:assert/strict";

const url = process.argv[2];
const mode = process.argv[3] ?? "default";
const kinesis = new KinesisClient({
  endpoint: url, region: "us-east-1",
  ...(mode === "http1" ? { requestHandler: new NodeHttpHandler() } : {}),
  credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" },
});
const ok = (what) => console.log(`ok - [${mode === "http1" ? "HTTP/1.1" : "default: HTTP/2"}]`, what);

await kinesis.send(new CreateStreamCommand({ StreamName: "js", ShardCount: 3 }));
await waitUntilStreamExists({ client: kinesis, maxWaitTime: 30, minDelay: 1 }, { StreamName: "js" });
const summary = (await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: "js" }))).StreamDescriptionSummary;
assert.equal(summary.StreamStatus, "ACTIVE");
assert.equal(summary.OpenShardCount, 3);
assert.ok(summary.StreamCreationTimestamp instanceof Date && Math.abs(summary.StreamCreationTimestamp - Date.now()) < 600_000);
ok("CreateStream, waitUntilStreamExists, DescribeStreamSummary (timestamps as Dates)");

const sent = new Map();
const records = [];
for (let i = 0; i < 100; i++) {
  const data = new TextEncoder().encode(`js-record-${i}`);
  records.push({ Data: data, PartitionKey: `pk-${i}` });
}
const put = await kinesis.send(new PutRecordsCommand({ StreamName: "js", Records: records }));
assert.equal(put.FailedRecordCount, 0);
put.Records.forEach((r, i) => sent.set(r.SequenceNumber, { shard: r.ShardId, data: `js-record-${i}` }));
ok("PutRecords of 100");

const shards = (await kinesis.send(new ListShardsCommand({ StreamName: "js" }))).Shards;
assert.equal(shards.length, 3);
const inFirstShard = [...sent.values()].filter((r) => r.shard === shards[0].ShardId).map((r) => r.data);
let read = 0;
for (const shard of shards) {
  let it = (await kinesis.send(new GetShardIteratorCommand({
    StreamName: "js", ShardId: shard.ShardId, ShardIteratorType: "TRIM_HORIZON" }))).ShardIterator;
  const got = await kinesis.send(new GetRecordsCommand({ ShardIterator: it }));
  let last = 0n;
  for (const r of got.Records) {
    const expected = sent.get(r.SequenceNumber);
    assert.ok(expected, `unknown record ${r.SequenceNumber}`);
    assert.equal(expected.shard, shard.ShardId);
    assert.equal(new TextDecoder().decode(r.Data), expected.data);
    assert.ok(r.ApproximateArrivalTimestamp instanceof Date);
    assert.ok(BigInt(r.SequenceNumber) > last);
    last = BigInt(r.SequenceNumber);
    sent.delete(r.SequenceNumber);
    read++;
  }
}
assert.equal(read, 100);
assert.equal(sent.size, 0);
ok("every record read back once, in order per shard, bytes intact");

// Enhanced fan-out: a consumer, and the first shard's records pushed over SubscribeToShard.
const consumer = (await kinesis.send(new RegisterStreamConsumerCommand({
  StreamARN: summary.StreamARN, ConsumerName: "js-reader" }))).Consumer;
for (let i = 0; i < 100; i++) {
  const d = (await kinesis.send(new DescribeStreamConsumerCommand({ ConsumerARN: consumer.ConsumerARN })))
    .ConsumerDescription;
  if (d.ConsumerStatus === "ACTIVE") break;
  await new Promise((r) => setTimeout(r, 100));
}
const subscription = await kinesis.send(new SubscribeToShardCommand({
  ConsumerARN: consumer.ConsumerARN, ShardId: shards[0].ShardId, StartingPosition: { Type: "TRIM_HORIZON" } }));
const pushed = [];
let continuation;
for await (const event of subscription.EventStream) {
  const e = event.SubscribeToShardEvent;
  assert.ok(e, `an unexpected event: ${JSON.stringify(event)}`);
  for (const r of e.Records) {
    assert.ok(r.ApproximateArrivalTimestamp instanceof Date);
    pushed.push(new TextDecoder().decode(r.Data));
  }
  continuation = e.ContinuationSequenceNumber;
  if (pushed.length >= inFirstShard.length) break;
}
assert.deepEqual(pushed, inFirstShard);
assert.ok(continuation);
ok(`RegisterStreamConsumer, SubscribeToShard: ${pushed.length} records pushed in order`);

await assert.rejects(kinesis.send(new DescribeStreamSummaryCommand({ StreamName: "missing" })), (e) => {
  assert.ok(e instanceof ResourceNotFoundException);
  assert.equal(e.message, "Stream missing under account 000000000000 not found.");
  return true;
});
ok("ResourceNotFoundException");

await kinesis.send(new DeleteStreamCommand({ StreamName: "js", EnforceConsumerDeletion: true }));
await waitUntilStreamNotExists({ client: kinesis, maxWaitTime: 30, minDelay: 1 }, { StreamName: "js" });
ok("DeleteStream, waitUntilStreamNotExists");
console.log("js_sdk_e2e: all checks passed against", url);
