# SPDX-FileCopyrightText: 2026 The Shardscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""`shardscope-cli serve` for the Python end-to-end tests: a fresh data directory, a free loopback
port, and the URL it prints once it listens."""
import os
import re
import subprocess
import tempfile
import time


def start(cli, serve_args=()):
    """Returns (process, url); the caller terminates the process. `serve_args` go after `serve`."""
    work = tempfile.mkdtemp()
    server = subprocess.Popen([cli, "--data-dir", os.path.join(work, "data"), "serve", "--listen", "127.0.0.1:0",
                               *serve_args],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    deadline = time.time() + 10
    while time.time() < deadline:
        m = re.match(r"Serving the Kinesis API at (\S+)", server.stdout.readline())
        if m:
            return server, m.group(1)
    server.terminate()
    raise AssertionError("the server did not start")
