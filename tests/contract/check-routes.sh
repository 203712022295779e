#!/usr/bin/env bash
# The server's route tables and the OpenAPI document must describe the same operations, with
# the same query allowlists and request body fields (types, lengths, bounds, enum values).
# Then the checker's self-test: one change at a time to the server's own description must be
# reported (check-routes-selftest.mjs; without arguments it runs on routes-sample.json).
set -euo pipefail
bin=${1:?usage: check-routes.sh path/to/zi-server}
here=$(cd "$(dirname "$0")" && pwd)
spec="$here/../../openapi/openapi.yaml"
tmp=$(mktemp)
trap 'rm -f "$tmp" "$tmp.self"' EXIT
"$bin" routes >"$tmp"
node "$here/check-routes.mjs" "$spec" "$tmp"
# Only failures and the summary line; the whole list: node check-routes-selftest.mjs
rc=0
node "$here/check-routes-selftest.mjs" "$spec" "$tmp" >"$tmp.self" || rc=$?
grep -v -e '^selftest: ok ' -e '^ *→ ' "$tmp.self" || true
exit "$rc"
