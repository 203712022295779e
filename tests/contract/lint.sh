#!/usr/bin/env bash
# Installs the pinned Node tools (from the committed package-lock.json, into
# tests/contract/node_modules, never globally) and lints the OpenAPI document.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here"
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    npm ci --no-audit --no-fund --loglevel=error >/dev/null
fi
node_modules/.bin/redocly lint ../../openapi/openapi.yaml --config redocly.yaml --format=stylish
