#!/usr/bin/env bash
# Everything `make test` checks, in order; ends with one "N passed, N failed" line.
set -uo pipefail
build=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
out=$build/test-logs/all.log
mkdir -p "$build/test-logs"
: >"$out"
passed=0
failed=0
failed_steps=()

# Check prints "NN%: Checks: X, Failures: Y, Errors: Z" per runner.
count_check() {
    local line
    while read -r line; do
        local x y z
        x=$(sed -E 's/.*Checks: ([0-9]+).*/\1/' <<<"$line")
        y=$(sed -E 's/.*Failures: ([0-9]+).*/\1/' <<<"$line")
        z=$(sed -E 's/.*Errors: ([0-9]+).*/\1/' <<<"$line")
        passed=$((passed + x - y - z))
        failed=$((failed + y + z))
    done < <(grep -aE '^[0-9]+%: Checks: ' "$1")
}

step() {
    local name=$1
    shift
    echo "== $name"
    local log=$build/test-logs/step-${name// /-}.log
    "$@" 2>&1 | tee "$log"
    local rc=${PIPESTATUS[0]}
    if grep -aqE '^[0-9]+%: Checks: ' "$log"; then
        count_check "$log"
        # A runner that died without a summary still fails the step.
        [ "$rc" -ne 0 ] && ! grep -aqE 'Failures: [1-9]|Errors: [1-9]' "$log" && failed=$((failed + 1))
    elif [ "$rc" -eq 0 ]; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
    fi
    [ "$rc" -eq 0 ] || { echo "!! $name failed (exit $rc)"; failed_steps+=("$name (exit $rc)"); }
}

step "unit" tests/run-unit.sh "$build/bin/unit-tests"
step "openapi lint" tests/contract/lint.sh
step "fuzz smoke" tests/fuzz/run.sh smoke "$build"
step "api" tests/run-api.sh "$build"
step "contract" node tests/contract/validate-responses.mjs openapi/openapi.yaml "$build/test-responses.jsonl"
step "route tables vs openapi" tests/contract/check-routes.sh "$build/bin/zi-server"
step "docs code samples" tests/docs/check-samples.py "$build"
step "scale-out behind nginx" tests/scale/run.sh "$build"
step "faults" tests/faults/run.sh "$build"
step "hostile catalogue" tests/hostile/run.sh "$build"

# CI shows only the tail of the output: name what failed right above the summary.
if [ "$failed" -ne 0 ]; then
    echo "== what failed"
    printf '!! step: %s\n' "${failed_steps[@]}"
    grep -ahE '^[^ ]+:[0-9]+:[FE]:|^FAIL ' "$build"/test-logs/step-*.log | cut -c1-300 | head -40
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
