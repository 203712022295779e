#!/usr/bin/env bash
# Loads the API reference page in headless Chromium (Debian's chromium package) and checks
# that every operation of the contract is on the rendered page with its three code samples
# (curl, C with libzi, zi command; or an explicit "none" with its reason), and that the page
# carries the code-sample notes and the README's TypeScript quick start. Whether the samples
# are right is tests/docs/check-samples.py's job. Prints Check-style counts.
#   usage: tests/docs/check-docs.sh <base-url> <openapi.yaml>
set -uo pipefail
base=${1:?usage: check-docs.sh <base-url> <openapi.yaml>}
spec=${2:?usage: check-docs.sh <base-url> <openapi.yaml>}
profile=$(mktemp -d)
dom=$(mktemp)
trap 'rm -rf "$profile" "$dom"' EXIT
# The flags keep Chromium off the network (this machine has none) and out of root's profile.
# 120 s: the page is large (every operation with three samples) and the machine may be busy.
timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$profile" --dump-dom "$base/docs" >"$dom" 2>/dev/null
/usr/bin/python3 - "$spec" "$dom" <<'PY'
import re, sys, yaml
spec = yaml.safe_load(open(sys.argv[1], encoding='utf-8'))
dom = open(sys.argv[2], encoding='utf-8').read()
ids = [op['operationId'] for item in spec['paths'].values()
       for m, op in item.items() if m in ('get', 'post', 'put', 'patch', 'delete')]
on_page = set(re.findall(r'id="op-([A-Za-z0-9_]+)"', dom))
# sample id -> class of its element: "sample" (the code), "sample none", "sample missing"
samples = {}
for tag in re.findall(r'<div\s[^>]*>', dom):
    i = re.search(r'\bid="sample-([A-Za-z0-9_]+-(?:curl|c|zi))"', tag)
    c = re.search(r'\bclass="([^"]*)"', tag)
    if i and c:
        samples[i.group(1)] = c.group(1)
problems = []
for i in ids:
    if i not in on_page:
        problems.append(f'docs: operation {i} is not on the rendered /docs page')
        continue
    for kind in ('curl', 'c', 'zi'):
        cls = samples.get(f'{i}-{kind}')
        if cls is None:
            problems.append(f'docs: operation {i} has no {kind} sample on the page')
        elif 'missing' in cls:
            problems.append(f'docs: operation {i} shows a gap instead of its {kind} sample')
for anchor, what in (('code-samples', 'the code-sample notes'),
                     ('first-call-typescript', 'the TypeScript quick start')):
    if f'id="{anchor}"' not in dom:
        problems.append(f'docs: the page lacks {what} (#{anchor})')
rendered = '<h1>' in dom and spec['info']['title'] in dom
if not rendered:
    problems.append('docs: the page did not render (no title heading)')
for p in problems:
    print(p)
checks = 4 * len(ids) + 3
failures = len(problems)
print(f'{100 * (checks - failures) // checks}%: Checks: {checks}, Failures: {failures}, Errors: 0')
sys.exit(1 if failures else 0)
PY
