#!/usr/bin/env bash
# Loads the API reference page in headless Chromium (Debian's chromium package) and checks
# that every operation of the contract is on the rendered page. Prints Check-style counts.
#   usage: tests/docs/check-docs.sh <base-url> <openapi.yaml>
set -uo pipefail
base=${1:?usage: check-docs.sh <base-url> <openapi.yaml>}
spec=${2:?usage: check-docs.sh <base-url> <openapi.yaml>}
profile=$(mktemp -d)
dom=$(mktemp)
trap 'rm -rf "$profile" "$dom"' EXIT
# The flags keep Chromium off the network (this machine has none) and out of root's profile.
timeout 60 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$profile" --dump-dom "$base/docs" >"$dom" 2>/dev/null
/usr/bin/python3 - "$spec" "$dom" <<'PY'
import re, sys, yaml
spec = yaml.safe_load(open(sys.argv[1], encoding='utf-8'))
dom = open(sys.argv[2], encoding='utf-8').read()
ids = [op['operationId'] for item in spec['paths'].values()
       for m, op in item.items() if m in ('get', 'post', 'put', 'patch', 'delete')]
on_page = set(re.findall(r'id="op-([A-Za-z0-9_]+)"', dom))
missing = [i for i in ids if i not in on_page]
checks = len(ids) + 1
failures = len(missing) + (0 if '<h1>' in dom and spec['info']['title'] in dom else 1)
for i in missing:
    print(f'docs: operation {i} is not on the rendered /docs page')
if failures > len(missing):
    print('docs: the page did not render (no title heading)')
print(f'{100 * (checks - failures) // checks}%: Checks: {checks}, Failures: {failures}, Errors: 0')
sys.exit(1 if failures else 0)
PY
