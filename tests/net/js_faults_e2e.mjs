// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
// The AWS SDK for JavaScript v3 with its defaults (HTTP/2, the standard retry mode) through faults
// a test suite scripts over the endpoint's control path: whole-call errors, partial PutRecords
// failures, HTTP/2 streams reset after the write, and latency — every acknowledged record read
// back in order; then a server clock 20 minutes ahead, which the SDK corrects from the Date header
// of the refusal (clock skew correction) and carries on.
// Usage: node js_faults_e2e.mjs URL  (run by js_sdk_e2e.sh)
import {
  KinesisClient, CreateStreamCommand, PutRecordsCommand, ListShardsCommand, GetShardIteratorCommand,
  GetRecordsCommand, DeleteStreamCommand, waitUntilStreamExists,
} from "@aws-sdk/client-kinesis";
import assert from "node:assert/strict";

const url = process.argv[2];
const ok = (what) => console.log("ok - [faults, default: HTTP/2]", what);
const newClient = () => new KinesisClient({
  endpoint: url, region: "us-east-1", credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" },
});
async function control(method, body, path = "") {
  const res = await fetch(`${url}/_shardscope/faults${path}`, {
    method, body: body === undefined ? undefined : JSON.stringify(body),
  });
  assert.equal(res.status, 200, await res.clone().text());
  return res.json();
}

const kinesis = newClient();
await kinesis.send(new CreateStreamCommand({ StreamName: "jsfaults", ShardCount: 2 }));
await waitUntilStreamExists({ client: kinesis, maxWaitTime: 30, minDelay: 1 }, { StreamName: "jsfaults" });
await control("POST", { rules: [
  { kind: "error", operation: "PutRecords", error: "ProvisionedThroughputExceededException", probability: 0.2, seed: 21 },
  { kind: "error", operation: "PutRecords", error: "InternalFailure", probability: 0.1, seed: 22 },
  { kind: "partial", share: 0.25, probability: 0.5, seed: 23 },
  { kind: "reset", operation: "PutRecords", stage: "response", probability: 0.1, seed: 24 },
  { kind: "latency", operation: "PutRecords", distribution: "exponential", ms: 10, seed: 25 },
] });

// A producer's loop: what the SDK's retries could not save is sent again.
const acked = new Map(); // data -> [shard, sequence number]
let pending = Array.from({ length: 1500 }, (_, i) => ({ data: `js-fault-${i}`, key: `k-${i % 97}` }));
let callErrors = 0, entryRetries = 0;
const errorNames = new Set();
while (pending.length) {
  const batch = pending.slice(0, 100);
  pending = pending.slice(100);
  let res;
  try {
    res = await kinesis.send(new PutRecordsCommand({ StreamName: "jsfaults",
      Records: batch.map((r) => ({ Data: new TextEncoder().encode(r.data), PartitionKey: r.key })) }));
  } catch (e) {
    callErrors++;
    errorNames.add(e.name !== "Error" ? e.name : (e.code ?? e.message));
    pending = batch.concat(pending);
    continue;
  }
  const failed = [];
  res.Records.forEach((r, i) => {
    if (r.ErrorCode) {
      assert.ok(["ProvisionedThroughputExceededException", "InternalFailure"].includes(r.ErrorCode));
      failed.push(batch[i]);
    } else {
      acked.set(batch[i].data, [r.ShardId, r.SequenceNumber]);
    }
  });
  assert.equal(res.FailedRecordCount, failed.length);
  entryRetries += failed.length;
  pending = failed.concat(pending);
}
assert.equal(acked.size, 1500);
const state = await control("GET");
for (const rule of state.rules) assert.ok(rule.fired > 0, `rule ${rule.id} never fired`);
ok(`1500 records acknowledged through ${state.fired.length} injected faults (${callErrors} calls failed past the ` +
   `SDK's retries: ${[...errorNames].join(", ") || "none"}; ${entryRetries} entries retried)`);

await control("DELETE");
const shards = (await kinesis.send(new ListShardsCommand({ StreamName: "jsfaults" }))).Shards;
const stored = new Map();
let copies = 0;
for (const shard of shards) {
  let it = (await kinesis.send(new GetShardIteratorCommand({
    StreamName: "jsfaults", ShardId: shard.ShardId, ShardIteratorType: "TRIM_HORIZON" }))).ShardIterator;
  let last = -1n;
  for (;;) {
    const got = await kinesis.send(new GetRecordsCommand({ ShardIterator: it }));
    for (const r of got.Records) {
      const seq = BigInt(r.SequenceNumber);
      assert.ok(seq > last, "out of order");
      last = seq;
      const data = new TextDecoder().decode(r.Data);
      if (stored.has(data)) copies++;
      stored.set(`${shard.ShardId}/${r.SequenceNumber}`, data);
    }
    it = got.NextShardIterator;
    if (got.Records.length === 0 && got.MillisBehindLatest === 0) break;
  }
}
for (const [data, [shard, seq]] of acked) assert.equal(stored.get(`${shard}/${seq}`), data, `${data} lost`);
ok("every acknowledged record read back, in order per shard");

// A server clock 20 minutes ahead: the first signature is "expired"; the SDK reads the server's
// Date header, corrects its clock offset and retries.
await control("POST", { kind: "clockSkew", skewSeconds: 1200 });
const skewed = newClient();
const listed = await skewed.send(new ListShardsCommand({ StreamName: "jsfaults" }));
assert.equal(listed.Shards.length, 2);
assert.ok(listed.$metadata.attempts >= 2, "no retry for the skewed clock");
const offset = skewed.config.systemClockOffset;
assert.ok(Math.abs(offset - 1_200_000) < 10_000, `clock offset ${offset}`);
await control("DELETE");
ok(`a server clock 1200 s ahead: refused once, corrected by the SDK (offset ${Math.round(offset / 1000)} s), then served`);

await kinesis.send(new DeleteStreamCommand({ StreamName: "jsfaults" }));
