#!/usr/bin/env python3
# SPDX-FileCopyrightText: 2026 The Shardscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Runs every command of the user guide (resources/guide/guide.md), in order, as a reader would.

Fenced blocks, by their info string:
  sh          commands run in one bash session (set -e), in a fresh HOME and working directory;
  sh fails    commands that must fail, with each line of the ```text block after them in their
              output (the troubleshooting section's errors, as users meet them);
  sh install  the package's installation: run by packaging.clean_install on a clean Debian 12 root;
  python      a program run with python3 (boto3);
  js          an ES module run with node, beside the AWS SDK for JavaScript v3 (the npm cache of
              net.js_sdk_e2e);
  text        output, not run.
`shardscope` (the window) runs for real on the offscreen platform until its first paint, then is
closed; a `shardscope-cli ... serve ... &` is waited for until its port answers (the guide's
4567, which must be free). What the commands leave running is stopped when they end.

Usage: check_guide.py GUIDE SHARDSCOPE_CLI SHARDSCOPE JS_CACHE
"""
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile

RUN = {"sh", "sh fails", "sh install", "python", "js", "text"}


def blocks(path):
    """(info, first line number, text) of every fenced block."""
    out, info, start, lines = [], None, 0, []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            fence = re.match(r"^```\s*(.*?)\s*$", line)
            if fence and info is None:
                info, start, lines = fence.group(1), n + 1, []
            elif fence and fence.group(1) == "":
                out.append((info, start, "".join(lines)))
                info = None
            elif info is not None:
                lines.append(line)
    if info is not None:
        sys.exit(f"{path}:{start - 1}: a fenced block is not closed")
    return out


def port_free(port):
    with socket.socket() as s:
        # As the endpoint binds: a port left in TIME_WAIT by an earlier run is free.
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
            return True
        except OSError:
            return False


PRELUDE = r"""
set -eo pipefail
__out=''
exec 9>&2 # the run's own stderr, for when a block's output is redirected
__end() {
    local rc=$?
    if [ "$rc" -ne 0 ] && [ -n "$__out" ]; then
        echo "guide: a command failed (exit status $rc); the block's output:" >&9
        cat "$__out" >&9
    fi
    kill $(jobs -p) 2>/dev/null
    wait 2>/dev/null
    exit "$rc"
}
trap __end EXIT
# The window: started for real, closed after its first paint (or when it exits by itself).
shardscope() {
    local ready pid i
    ready=$(mktemp -u)
    ( # a subshell, so that the reader's $! still names their own last background command
        SHARDSCOPE_READY_FILE=$ready "$SHS_APP" "$@" &
        pid=$!
        for i in $(seq 600); do
            [ -s "$ready" ] && break
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        if kill -0 "$pid" 2>/dev/null; then
            [ -s "$ready" ] || { echo "guide: shardscope $* did not paint in 60 s" >&2; kill "$pid"; exit 1; }
            kill -TERM "$pid"
        fi
        wait "$pid"
    )
}
__wait_endpoint() { # PORT: until the endpoint answers
    local i
    for i in $(seq 200); do
        (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
        sleep 0.05
    done
    echo "guide: nothing answers on port $1" >&2
    return 1
}
__expect() { # OUTPUT_FILE EXPECTED_FILE WHERE: every expected line is in the output
    python3 - "$@" <<'PY'
import re, sys
out = open(sys.argv[1], encoding="utf-8").read().splitlines()
for line in open(sys.argv[2], encoding="utf-8").read().splitlines():
    if not line.strip():
        continue
    pattern = ".*".join(re.escape(part.strip()) for part in line.split("…"))
    if not any(re.search(pattern, o) for o in out):
        sys.exit(f"guide: {sys.argv[3]}: the output lacks the line\n  {line}\nIt was:\n" + "\n".join(out))
PY
}
"""


def main():
    guide, cli, app, js_cache = sys.argv[1:5]
    js_cache = os.path.abspath(js_cache)
    found = blocks(guide)
    for info, start, _ in found:
        if info not in RUN:
            sys.exit(f"{guide}:{start - 1}: unknown block type '{info}' (one of {sorted(RUN)})")
    work = tempfile.mkdtemp(prefix="guide-")
    try:
        home = os.path.join(work, "home")
        cwd = os.path.join(work, "cwd")
        bindir = os.path.join(work, "bin")
        runtime = os.path.join(work, "runtime")
        for d in (home, cwd, bindir, runtime):
            os.makedirs(d, mode=0o700)
        os.symlink(os.path.abspath(cli), os.path.join(bindir, "shardscope-cli"))
        port = "4567"
        if not port_free(4567):
            sys.exit("guide: port 4567, which the guide's endpoint uses, is taken on this machine "
                     "(a workbench's Endpoint…, or a shardscope-cli serve): stop it and run again")
        if any(info == "js" for info, _, _ in found):
            here = os.path.dirname(os.path.abspath(__file__))
            subprocess.check_call([os.path.join(here, "..", "net", "js_sdk_install.sh"), js_cache])
        script = [PRELUDE]
        ran = {"sh": 0, "sh fails": 0, "python": 0, "js": 0}
        for i, (info, start, text) in enumerate(found):
            where = f"{os.path.basename(guide)}:{start}"
            nxt = found[i + 1] if i + 1 < len(found) else None
            out = os.path.join(work, f"out-{start}")
            expect = ""
            if info in ("sh", "sh fails") and nxt and nxt[0] == "text":
                # The output shown after the commands is checked line by line ("…" stands for
                # what differs from run to run).
                expected = os.path.join(work, f"expected-{start}")
                with open(expected, "w", encoding="utf-8") as f:
                    f.write(nxt[2])
                expect = f"__expect '{out}' '{expected}' '{where}'\n"
            if info == "sh":
                body = []
                for line in text.splitlines():
                    body.append(line)
                    if re.search(r"\bshardscope-cli\b.*\bserve\b.*&\s*$", line):
                        m = re.search(r"127\.0\.0\.1:(\d+)", line)
                        body.append(f"__wait_endpoint {m.group(1) if m else port}")
                # In this shell (what a block exports or starts stays for the next); errexit
                # stops the run at a failing command, and the EXIT trap shows its output.
                script.append(f"echo '--- {where}'\n__out='{out}'\n{{\n" + "\n".join(body)
                              + f"\n}} >'{out}' 2>&1\ncat '{out}'\n__out=''\n" + expect)
            elif info == "sh fails":
                if not expect:
                    sys.exit(f"{where}: a 'sh fails' block needs the ```text block of its output after it")
                script.append(
                    f"echo '--- {where} (fails)'\n"
                    f"if ( set -e\n{text}) >'{out}' 2>&1; then\n"
                    f"    echo 'guide: {where}: these commands were to fail, and did not:' >&2; cat '{out}' >&2; exit 1\n"
                    f"fi\ncat '{out}'\n" + expect)
            elif info == "python":
                path = os.path.join(work, f"block-{start}.py")
                with open(path, "w", encoding="utf-8") as f:
                    f.write(text)
                script.append(f"echo '--- {where} (python)'\npython3 '{path}'\n")
            elif info == "js":
                os.makedirs(js_cache, exist_ok=True)
                path = os.path.join(js_cache, f"guide-{start}.mjs")
                with open(path, "w", encoding="utf-8") as f:
                    f.write(text)
                script.append(f"echo '--- {where} (js)'\nnode '{path}'\n")
            else:
                continue
            if info in ran:
                ran[info] += 1
        script.append("echo 'guide: every command ran'\n")
        env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
        env.update({"HOME": home, "PATH": bindir + ":/usr/bin:/bin", "SHS_APP": os.path.abspath(app),
                    "QT_QPA_PLATFORM": "offscreen", "LANG": "C.UTF-8", "XDG_RUNTIME_DIR": runtime})
        for k in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
            env.pop(k, None)
        path = os.path.join(work, "guide.sh")
        with open(path, "w", encoding="utf-8") as f:
            f.write("\n".join(script))
        # Its own process group, so that whatever the commands leave running (an endpoint in the
        # background) ends with the run.
        run = subprocess.Popen(["bash", path], cwd=cwd, env=env, start_new_session=True)
        try:
            rc = run.wait(timeout=540)
        except subprocess.TimeoutExpired:
            rc = "a timeout (540 s)"
        finally:
            try:
                os.killpg(run.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        if rc != 0:
            sys.exit(f"guide: the commands stopped with exit status {rc} (script: {path})")
        print(f"guide ok: {ran['sh']} sh blocks, {ran['sh fails']} expected failures, "
              f"{ran['python']} Python and {ran['js']} JavaScript programs")
    finally:
        if os.environ.get("SHS_KEEP_GUIDE_WORK") is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
