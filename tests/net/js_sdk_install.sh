#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The Shardscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs the AWS SDK for JavaScript v3 from npm into CACHE_DIR (pinned; nothing if it is there).
# Shared by net.js_sdk_e2e and guide.commands, which hold the same RESOURCE_LOCK while they run.
# Usage: js_sdk_install.sh CACHE_DIR
set -euo pipefail
cache=$1
command -v node >/dev/null && command -v npm >/dev/null ||
    { echo "node and npm are needed (packaging/dev/deps.sh --tests installs them)"; exit 1; }
mkdir -p "$cache"
if [ ! -d "$cache/node_modules/@aws-sdk/client-kinesis" ]; then
    (cd "$cache" && npm install --no-audit --no-fund --silent @aws-sdk/client-kinesis@3.1143.0 @smithy/node-http-handler@4.14.2)
fi
