// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
// HTTP/2 on the endpoint, with Node's own http2 and net modules (no npm): h2c with prior knowledge
// beside HTTP/1.1 on one port, many streams on one connection, PING, a streamed SubscribeToShard
// over HTTP/2; and what misbehaving clients cost — a bad preface, an oversized frame, a header
// flood, a reset stream and a client that never reads cost the offender its connection or stream
// and nobody else anything; with --tls, h2 by ALPN beside HTTP/1.1 over TLS. Usage: node
// http2_e2e.mjs SHARDSCOPE_CLI
import { startServe } from "../support/serve_process.mjs";
import http from "node:http";
import http2 from "node:http2";
import net from "node:net";
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const cli = process.argv[2];
const started = startServe(cli, ["--data-dir", join(mkdtempSync(join(tmpdir(), "h2-")), "data")]);
const server = started.server;
const url = await started.url;
const { hostname } = new URL(url);
const port = Number(new URL(url).port);
const ok = (what) => console.log("ok -", what);
const headers = (op) => ({
  ":method": "POST", ":path": "/", "content-type": "application/x-amz-json-1.1",
  "x-amz-target": `Kinesis_20131202.${op}`, "x-amz-date": "20261204T000000Z",
  authorization: "AWS4-HMAC-SHA256 Credential=AKID/20261204/us-east-1/kinesis/aws4_request, " +
    "SignedHeaders=host, Signature=00",
});

function call(session, op, body) {
  return new Promise((resolve, reject) => {
    const req = session.request(headers(op));
    let data = "";
    let status;
    req.on("response", (h) => { status = h[":status"]; });
    req.on("data", (d) => { data += d; });
    req.on("end", () => resolve({ status, body: data ? JSON.parse(data) : {} }));
    req.on("error", reject);
    req.end(JSON.stringify(body));
  });
}
// Read (and drop) what the server sends, so that its close is seen.
const closed = (socket) => new Promise((resolve) => { socket.on("close", resolve); socket.resume(); });

try {
  // h2c with prior knowledge, and HTTP/1.1, on the same port.
  const session = http2.connect(url);
  session.on("error", () => {});
  const created = await call(session, "CreateStream", { StreamName: "h2", ShardCount: 1 });
  assert.equal(created.status, 200, JSON.stringify(created.body));
  const h1 = await new Promise((resolve, reject) => {
    const plain = Object.fromEntries(Object.entries(headers("ListStreams")).filter(([k]) => !k.startsWith(":")));
    const req = http.request({ host: hostname, port, method: "POST", path: "/", headers: plain },
      (res) => { let d = ""; res.on("data", (c) => { d += c; }); res.on("end", () => resolve([res.statusCode, d])); });
    req.on("error", reject);
    req.end("{}");
  });
  assert.equal(h1[0], 200);
  assert.deepEqual(JSON.parse(h1[1]).StreamNames, ["h2"]);
  ok("h2c (prior knowledge) and HTTP/1.1 on one port");

  // Many streams at once on one connection, and PING.
  await new Promise((r) => setTimeout(r, 700)); // CREATING -> ACTIVE
  const puts = [];
  for (let i = 0; i < 60; i++)
    puts.push(call(session, "PutRecord", { StreamName: "h2", PartitionKey: `k${i}`, Data: Buffer.from(`r${i}`).toString("base64") }));
  const answers = await Promise.all(puts);
  assert.ok(answers.every((a) => a.status === 200), JSON.stringify(answers.find((a) => a.status !== 200)));
  const rtt = await new Promise((resolve, reject) => session.ping((err, ms) => (err ? reject(err) : resolve(ms))));
  assert.ok(rtt >= 0);
  ok("60 concurrent PutRecord streams on one connection; PING answered");

  // SubscribeToShard streamed over HTTP/2.
  const arn = (await call(session, "DescribeStreamSummary", { StreamName: "h2" })).body.StreamDescriptionSummary.StreamARN;
  const consumer = (await call(session, "RegisterStreamConsumer", { StreamARN: arn, ConsumerName: "h2-reader" })).body.Consumer;
  await new Promise((r) => setTimeout(r, 700));
  const frames = await new Promise((resolve, reject) => {
    const req = session.request(headers("SubscribeToShard"));
    let buf = Buffer.alloc(0);
    const got = [];
    req.on("response", (h) => assert.equal(h["content-type"], "application/vnd.amazon.eventstream"));
    req.on("data", (d) => {
      buf = Buffer.concat([buf, d]);
      while (buf.length >= 4 && buf.length >= buf.readUInt32BE(0)) {
        const total = buf.readUInt32BE(0), hlen = buf.readUInt32BE(4);
        got.push({ headers: buf.subarray(12, 12 + hlen).toString("latin1"),
                   payload: buf.subarray(12 + hlen, total - 4).toString() });
        buf = buf.subarray(total);
      }
      const records = got.flatMap((m) => (m.headers.includes("SubscribeToShardEvent") ? JSON.parse(m.payload).Records : []));
      if (records.length >= 60) { req.close(http2.constants.NGHTTP2_CANCEL); resolve(got); }
    });
    req.on("error", reject);
    req.end(JSON.stringify({ ConsumerARN: consumer.ConsumerARN, ShardId: "shardId-000000000000",
                             StartingPosition: { Type: "TRIM_HORIZON" } }));
  });
  assert.ok(frames[0].headers.includes("initial-response"));
  ok(`SubscribeToShard over HTTP/2: initial-response, then ${frames.length - 1} events with all 60 records; reset by the client`);

  // A bad preface costs its own connection only.
  const bad = net.connect(port, hostname);
  bad.write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n" + "\x00\x00\x04\x09\x00\x00\x00\x00\x00garbage-not-settings");
  bad.on("error", () => {});
  await closed(bad);
  ok("a bad preface (no SETTINGS first) closes that connection");

  // An oversized frame: larger than the 16 KiB SETTINGS_MAX_FRAME_SIZE.
  const big = net.connect(port, hostname);
  big.on("error", () => {});
  const settings = Buffer.from([0, 0, 0, 4, 0, 0, 0, 0, 0]);
  const frame = Buffer.alloc(9 + 70000);
  frame.writeUIntBE(70000, 0, 3); frame[3] = 0; frame[4] = 0; frame.writeUInt32BE(1, 5);
  big.write(Buffer.concat([Buffer.from("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"), settings, frame]));
  await closed(big);
  ok("an oversized frame closes that connection (GOAWAY FRAME_SIZE_ERROR)");

  // A header flood: the stream is refused, the connection stays.
  const flood = { ...headers("ListStreams") };
  for (let i = 0; i < 400; i++) flood[`x-flood-${i}`] = "x".repeat(200);
  const floodSession = http2.connect(url, { maxSendHeaderBlockLength: 1 << 20, peerMaxConcurrentStreams: 100 });
  floodSession.on("error", () => {});
  const flooded = await new Promise((resolve) => {
    const req = floodSession.request(flood);
    req.on("response", (h) => resolve(`answered ${h[":status"]}`));
    req.on("error", (e) => resolve(`refused: ${e.code}`));
    req.on("close", () => resolve(`closed: ${req.rstCode}`));
    req.end("{}");
  });
  assert.ok(!flooded.startsWith("answered 200"), flooded);
  assert.equal((await call(floodSession, "ListStreams", {})).status, 200);
  floodSession.close();
  ok(`a header flood is refused (${flooded}); the same connection goes on`);

  // A client that never reads: its subscription stalls on flow control, others are served.
  const big1 = "x".repeat(60000);
  for (let i = 0; i < 40; i++)
    await call(session, "PutRecord", { StreamName: "h2", PartitionKey: `b${i}`, Data: Buffer.from(big1).toString("base64") });
  await new Promise((r) => setTimeout(r, 5100)); // the 5-second rule for the same consumer and shard
  const lazy = http2.connect(url, { settings: { initialWindowSize: 65535 } });
  lazy.on("error", () => {});
  const stalled = lazy.request(headers("SubscribeToShard"));
  stalled.pause(); // never reads
  stalled.end(JSON.stringify({ ConsumerARN: consumer.ConsumerARN, ShardId: "shardId-000000000000",
                               StartingPosition: { Type: "TRIM_HORIZON" } }));
  await new Promise((r) => setTimeout(r, 500));
  const t0 = Date.now();
  for (let i = 0; i < 20; i++)
    assert.equal((await call(session, "DescribeStreamSummary", { StreamName: "h2" })).status, 200);
  ok(`a client that never reads does not hold up others (20 calls in ${Date.now() - t0} ms)`);
  lazy.destroy();

  session.close();

  // With --tls: h2 by ALPN, and HTTP/1.1 over TLS for clients that offer only that, one port.
  const tls = startServe(cli, ["--data-dir", join(mkdtempSync(join(tmpdir(), "h2tls-")), "data")],
    ["--listen", "127.0.0.1:0", "--tls"]);
  const tlsServer = tls.server;
  try {
    const tlsUrl = await tls.url;
    assert.ok(tlsUrl.startsWith("https://"), tlsUrl);
    const secure = http2.connect(tlsUrl, { rejectUnauthorized: false });
    secure.on("error", () => {});
    await new Promise((resolve) => secure.on("connect", resolve));
    assert.equal(secure.alpnProtocol, "h2");
    assert.equal((await call(secure, "ListStreams", {})).status, 200);
    secure.close();
    const https = await import("node:https");
    const overH1 = await new Promise((resolve, reject) => {
      const req = https.request(tlsUrl, { method: "POST", rejectUnauthorized: false,
        ALPNProtocols: ["http/1.1"], headers: { "content-type": "application/x-amz-json-1.1",
          "x-amz-target": "Kinesis_20131202.ListStreams", "x-amz-date": headers("")["x-amz-date"],
          authorization: headers("").authorization } }, (res) => {
        res.resume();
        res.on("end", () => resolve({ status: res.statusCode, alpn: req.socket.alpnProtocol }));
      });
      req.on("error", reject);
      req.end("{}");
    });
    assert.equal(overH1.status, 200);
    assert.equal(overH1.alpn, "http/1.1");
    ok("with --tls, h2 by ALPN and HTTP/1.1 over TLS on one port");
  } finally {
    tlsServer.kill();
  }
  console.log("http2_e2e: all checks passed against", url);
} finally {
  server.kill();
}
