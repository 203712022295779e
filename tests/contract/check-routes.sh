#!/usr/bin/env bash
# The server's route tables and the OpenAPI document must describe the same operations.
set -euo pipefail
bin=${1:?usage: check-routes.sh path/to/zi-server}
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
"$bin" routes >"$tmp"
node "$here/check-routes.mjs" "$here/../../openapi/openapi.yaml" "$tmp"
