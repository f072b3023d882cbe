// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
// `shardscope-cli … serve` as a child process for the Node tests and benchmarks: started with the
// given arguments (before and after `serve`), resolved with its URL once it says where it listens.
import { spawn } from "node:child_process";

export function startServe(cli, globalArgs, serveArgs = ["--listen", "127.0.0.1:0"]) {
  const server = spawn(cli, [...globalArgs, "serve", ...serveArgs],
    { stdio: ["ignore", "pipe", "inherit"] });
  const url = new Promise((resolve, reject) => {
    let out = "";
    server.stdout.on("data", (d) => {
      out += d;
      const m = out.match(/Serving the Kinesis API at (\S+)/);
      if (m) resolve(m[1]);
    });
    server.on("exit", (code) => reject(new Error(`serve exited with ${code}`)));
    setTimeout(() => reject(new Error("the server did not start")), 10000);
  });
  return { server, url };
}
