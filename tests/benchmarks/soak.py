#!/usr/bin/env python3
# SPDX-FileCopyrightText: 2026 The Shardscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""The soak (a drill, not part of the test suite: it runs for an hour). `shardscope-cli serve`
with three zones and fault rules firing (partial PutRecords failures, latency, InternalFailure on
GetRecords, a zone outage now and then), the window open on it (remote mode, offscreen), a boto3
producer with its default retries that writes until each entry is acknowledged, and a KCL-style
consumer application (`shardscope-cli consume`). Every minute it samples the resident memory of
the server and the window; at the end it reads the stream back and checks that every
acknowledged record is there once.

Usage: soak.py SHARDSCOPE_CLI SHARDSCOPE [SECONDS (3600)] [RECORDS_PER_SECOND (200)] [BYTES (1024)]
Prints one line a minute and a JSON summary; exit status 1 if a check fails."""
import json
import os
import subprocess
import sys
import tempfile
import threading
import time

import boto3
from botocore.config import Config

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "net"))
import serve_fixture  # noqa: E402

cli, app = sys.argv[1], sys.argv[2]
seconds = int(sys.argv[3]) if len(sys.argv) > 3 else 3600
rate = int(sys.argv[4]) if len(sys.argv) > 4 else 200
size = int(sys.argv[5]) if len(sys.argv) > 5 else 1024

work = tempfile.mkdtemp()
faults = os.path.join(work, "faults.json")
with open(faults, "w") as f:
    json.dump({"rules": [
        {"kind": "partial", "operation": "PutRecords", "share": 0.1, "probability": 0.2, "seed": 7},
        {"kind": "latency", "distribution": "uniform", "ms": 5, "maxMs": 60, "probability": 0.1,
         "seed": 8},
        {"kind": "error", "operation": "GetRecords", "error": "InternalFailure",
         "probability": 0.01, "seed": 9},
        {"kind": "zone", "operation": "PutRecords", "zone": "us-east-1b", "probability": 0.0005,
         "durationMs": 5000, "seed": 10},
    ]}, f)
server, url = serve_fixture.start(cli, ["--faults", faults])
env = dict(os.environ, AWS_ACCESS_KEY_ID="soak", AWS_SECRET_ACCESS_KEY="soak",
           AWS_DEFAULT_REGION="us-east-1", QT_QPA_PLATFORM="offscreen")
kinesis = boto3.client("kinesis", endpoint_url=url, region_name="us-east-1",
                       aws_access_key_id="soak", aws_secret_access_key="soak")
kinesis.create_stream(StreamName="soak", ShardCount=2)
kinesis.get_waiter("stream_exists").wait(StreamName="soak", WaiterConfig={"Delay": 0.2})
window = subprocess.Popen([app, "--endpoint-url", url], env=env, stdout=subprocess.DEVNULL,
                          stderr=subprocess.DEVNULL)
# Its own lease table: one in $HOME could hold an earlier soak's leases and checkpoints.
consumer_out = open(os.path.join(work, "consumer.json"), "w")
consumer = subprocess.Popen([cli, "--endpoint-url", url, "consume", "--application", "soak-app",
                             "--stream", "soak", "--duration", str(seconds + 1800), "--quiet",
                             "--lease-table", os.path.join(work, "leases.sqlite3")],
                            env=env, stdout=consumer_out, stderr=subprocess.DEVNULL)

acked = []
stop = threading.Event()
problems = []


def produce():
    client = boto3.client("kinesis", endpoint_url=url, region_name="us-east-1",
                          aws_access_key_id="soak", aws_secret_access_key="soak",
                          config=Config(retries={"mode": "standard"}))
    n = 0
    while not stop.is_set():
        started = time.time()
        pending = [{"Data": (b"soak-%d " % (n + i)).ljust(size, b"."),
                    "PartitionKey": "k%d" % ((n + i) % 97)} for i in range(rate // 5)]
        n += len(pending)
        while pending and not stop.is_set():
            try:
                answer = client.put_records(StreamName="soak", Records=pending)
            except Exception as e:  # retries spent (a zone outage, say): the same entries again
                time.sleep(0.2)
                continue
            again = []
            for entry, result in zip(pending, answer["Records"]):
                if "SequenceNumber" in result:
                    acked.append((result["ShardId"], result["SequenceNumber"], entry["Data"]))
                else:
                    again.append(entry)
            pending = again
        time.sleep(max(0.0, 0.2 - (time.time() - started)))


def rss_kib(pid):
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        return 0
    return 0


producer = threading.Thread(target=produce)
producer.start()
samples = []
start = time.time()
try:
    while time.time() - start < seconds:
        time.sleep(60 if seconds >= 600 else 10)
        minute = round((time.time() - start) / 60, 1)
        s = {"minute": minute, "serveKiB": rss_kib(server.pid), "windowKiB": rss_kib(window.pid),
             "acked": len(acked)}
        samples.append(s)
        print(json.dumps(s), flush=True)
        if window.poll() is not None:
            problems.append("the window exited with %s" % window.returncode)
            break
finally:
    stop.set()
    producer.join()
# It runs until stopped below (its --duration outlasts the read-back): gone now, it failed.
consumer_early = consumer.poll()

fired = json.loads(subprocess.run([cli, "--endpoint-url", url, "faults", "list"],
                                  capture_output=True, text=True).stdout)
fired_by_rule = {r["id"]: r["fired"] for r in fired["rules"]}
# Every acknowledged record, read back once.
seen = {}
for shard in kinesis.list_shards(StreamName="soak")["Shards"]:
    it = kinesis.get_shard_iterator(StreamName="soak", ShardId=shard["ShardId"],
                                    ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    while True:
        try:
            page = kinesis.get_records(ShardIterator=it, Limit=10000)
        except Exception:
            continue  # an injected InternalFailure: ask again
        for r in page["Records"]:
            key = (shard["ShardId"], r["SequenceNumber"])
            if key in seen:
                problems.append("read twice: %s" % (key,))
            seen[key] = r["Data"]
        if not page["Records"] and page.get("MillisBehindLatest", 0) == 0:
            break
        it = page["NextShardIterator"]
missing = [a for a in acked if seen.get((a[0], a[1])) != a[2]]
if missing:
    problems.append("%d acknowledged records missing, e.g. %s" % (len(missing), missing[:3]))
zones = json.loads(subprocess.run([cli, "--endpoint-url", url, "zones", "list"],
                                  capture_output=True, text=True).stdout)

if consumer_early is not None:
    problems.append("the consumer application exited early with %s" % consumer_early)
for p in (window, consumer):
    p.terminate()
for p in (window, consumer):
    try:
        p.wait(30)
    except subprocess.TimeoutExpired:
        p.kill()
server.terminate()
server.wait(30)


def growth(key):
    """Resident memory's growth after minute 10: the mean of the last ten samples against the
    mean of the first ten from minute 10 on (one sample swings by a few MB with what is in flight
    and when the heap was last trimmed), and the last sample against the one at minute 10."""
    after10 = [s[key] for s in samples if s["minute"] >= min(10, seconds / 120)]
    if len(after10) < 2:
        return {"means": 0.0, "points": 0.0}
    n = max(1, min(10, len(after10) // 2))
    first, last = sum(after10[:n]) / n, sum(after10[-n:]) / n
    return {"means": round(100.0 * (last - first) / first, 1),
            "points": round(100.0 * (after10[-1] - after10[0]) / after10[0], 1)}


summary = {"seconds": seconds, "acknowledged": len(acked), "readBack": len(seen),
           "faultsFired": fired_by_rule, "serveRssGrowthPercentAfter10Min": growth("serveKiB"),
           "windowRssGrowthPercentAfter10Min": growth("windowKiB"),
           "serveKiB": [samples[0]["serveKiB"], samples[-1]["serveKiB"]] if samples else [],
           "windowKiB": [samples[0]["windowKiB"], samples[-1]["windowKiB"]] if samples else [],
           "zones": [z["State"] for z in zones["Zones"]], "problems": problems}
consumer_out.close()
try:
    with open(os.path.join(work, "consumer.json")) as f:
        summary["consumerDistinctRecords"] = json.load(f).get("DistinctRecords")
except (OSError, ValueError):
    summary["consumerDistinctRecords"] = None
print(json.dumps(summary, indent=2))
sys.exit(1 if problems else 0)
