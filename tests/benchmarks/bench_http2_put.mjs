// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
// PutRecords over HTTP/2 against HTTP/1.1 on one `shardscope-cli serve`, with one client for both
// (Node's own http and http2 modules, no SDK costs in the way): HTTP/1.1 on N keep-alive
// connections, each with one request outstanding, as the SDKs' HTTP/1.1 handlers do; HTTP/2 with
// N streams outstanding on one connection (h2c, prior knowledge), as the JavaScript SDK v3 does by
// default. The two alternate `rounds` times on the same stream, so the disk and the CPU are the
// same for both. Prints one JSON line per run and a summary; exits 1 if a record failed.
//
// Usage: node bench_http2_put.mjs SHARDSCOPE_CLI [records per run=100000] [rounds=3]
//        [concurrency=8] [record bytes=1024]
// (SHS_BENCH_DATA_DIR: the data directory; a fresh temporary one otherwise.)
import { startServe } from "../support/serve_process.mjs";
import http from "node:http";
import http2 from "node:http2";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const [cli, recordsArg, roundsArg, concurrencyArg, sizeArg] = process.argv.slice(2);
const perRun = Number(recordsArg ?? 100000);
const rounds = Number(roundsArg ?? 3);
const concurrency = Number(concurrencyArg ?? 8);
const size = Number(sizeArg ?? 1024);
const batch = 500;
const dataDir = process.env.SHS_BENCH_DATA_DIR ?? join(mkdtempSync(join(tmpdir(), "h2b-")), "d");

const { server, url: started } = startServe(cli, ["--limits", "off", "--data-dir", dataDir]);
const url = await started;
const target = new URL(url);
const headers = (op) => ({
  "content-type": "application/x-amz-json-1.1",
  "x-amz-target": `Kinesis_20131202.${op}`,
  "x-amz-date": "20261204T000000Z",
  authorization: "AWS4-HMAC-SHA256 Credential=AKID/20261204/us-east-1/kinesis/aws4_request, " +
    "SignedHeaders=host, Signature=00",
});

// One PutRecords body per caller, built once: the client's cost is the same for both protocols.
const data = Buffer.alloc(size, "x").toString("base64");
const bodyFor = (caller) => JSON.stringify({
  StreamName: "h2bench",
  Records: Array.from({ length: batch }, (_, i) => ({
    Data: data, PartitionKey: `k${caller}-${i}`,
  })),
});
const bodies = Array.from({ length: concurrency }, (_, i) => bodyFor(i));

const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
function h1(op, body) {
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: target.hostname, port: target.port, method: "POST", path: "/", agent,
      headers: { ...headers(op), "content-length": Buffer.byteLength(body) },
    }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode, body: Buffer.concat(chunks) }));
    });
    req.on("error", reject);
    req.end(body);
  });
}
let session;
function h2(op, body) {
  return new Promise((resolve, reject) => {
    const req = session.request({ ":method": "POST", ":path": "/", ...headers(op) });
    const chunks = [];
    let status;
    req.on("response", (h) => { status = h[":status"]; });
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => resolve({ status, body: Buffer.concat(chunks) }));
    req.on("error", reject);
    req.end(body);
  });
}

async function run(protocol) {
  const send = protocol === "HTTP/2" ? h2 : h1;
  let claimed = 0, acked = 0, failed = 0;
  const start = process.hrtime.bigint();
  await Promise.all(bodies.map(async (body) => {
    while (claimed < perRun) {
      claimed += batch;
      const r = await send("PutRecords", body);
      const answer = JSON.parse(r.body.toString());
      if (r.status !== 200) throw new Error(`${protocol}: ${r.status} ${r.body}`);
      failed += answer.FailedRecordCount;
      acked += batch - answer.FailedRecordCount;
    }
  }));
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const line = { Protocol: protocol, Records: acked, Failed: failed, Seconds: seconds,
    RecordsPerSecond: Math.round(acked / seconds), Concurrency: concurrency, RecordBytes: size };
  console.log(JSON.stringify(line));
  return line;
}

let exit = 0;
try {
  session = http2.connect(url);
  session.on("error", (e) => { console.error(e); });
  const created = await h1("CreateStream", JSON.stringify({ StreamName: "h2bench", ShardCount: 4 }));
  if (created.status !== 200) throw new Error(`CreateStream: ${created.body}`);
  for (;;) { // ACTIVE after the engine's CREATING delay
    const d = await h1("DescribeStreamSummary", JSON.stringify({ StreamName: "h2bench" }));
    if (JSON.parse(d.body).StreamDescriptionSummary.StreamStatus === "ACTIVE") break;
    await new Promise((r) => setTimeout(r, 50));
  }
  await run("HTTP/1.1"); // warm both paths once, uncounted
  await run("HTTP/2");
  const results = { "HTTP/1.1": [], "HTTP/2": [] };
  for (let i = 0; i < rounds; ++i)
    for (const p of i % 2 ? ["HTTP/2", "HTTP/1.1"] : ["HTTP/1.1", "HTTP/2"]) {
      const r = await run(p);
      results[p].push(r.RecordsPerSecond);
      if (r.Failed) exit = 1;
    }
  const median = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
  const summary = {
    Summary: true,
    "HTTP/1.1": { min: Math.min(...results["HTTP/1.1"]), median: median(results["HTTP/1.1"]),
      max: Math.max(...results["HTTP/1.1"]) },
    "HTTP/2": { min: Math.min(...results["HTTP/2"]), median: median(results["HTTP/2"]),
      max: Math.max(...results["HTTP/2"]) },
  };
  summary.Http2OverHttp1 = +(summary["HTTP/2"].median / summary["HTTP/1.1"].median).toFixed(3);
  console.log(JSON.stringify(summary));
} catch (e) {
  console.error(e);
  exit = 1;
} finally {
  session?.close();
  agent.destroy();
  server.kill("SIGTERM");
}
process.exit(exit);
