#!/usr/bin/env bash
# Runs the SDK tests against the live zi-server that ZI_TEST_URL / ZI_TEST_ADMIN_KEY name
# (a real PostgreSQL behind it, demo data loaded): every libzi function and error path, the
# pagers, N threads x N clients, keep-alive over 1,000 calls, the export list, the examples,
# the zi command and an out-of-tree build with pkg-config.
#
#   1. build/bin/sdk-tests as Check runs it (a fork per test); the programs it starts
#      (examples, zi, the out-of-tree program) run under valgrind;
#   2. the same binary under valgrind, CK_FORK=no, so valgrind sees every test in-process;
#      any error or leak fails the run.
# Prints Check's summary line of each run; exits non-zero on any failure.
#
# Usage: tests/sdk/run.sh <build-dir>      (build it first: make sdk-build-test)
set -uo pipefail
build=${1:-build}
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root" || exit 2

if [ -z "${ZI_TEST_URL:-}" ] || [ -z "${ZI_TEST_ADMIN_KEY:-}" ]; then
    echo "tests/sdk/run.sh: set ZI_TEST_URL and ZI_TEST_ADMIN_KEY to a running zi-server" >&2
    exit 2
fi
for f in "$build/bin/sdk-tests" "$build/bin/zi" "$build/lib/libzi.so"; do
    if [ ! -e "$f" ]; then
        echo "tests/sdk/run.sh: $f is missing (make sdk-build-test BUILD=$build)" >&2
        exit 2
    fi
done

log_dir=$build/test-logs
mkdir -p "$log_dir"
vg=(valgrind -q --leak-check=full --error-exitcode=99)
export ZI_SDK_BUILD=$build
failed=0

echo "SDK tests (programs under valgrind):"
ZI_SDK_TEST_WRAP="${vg[*]}" "$build/bin/sdk-tests" || failed=1

echo "SDK tests again, in-process under valgrind:"
vlog=$log_dir/sdk-tests-valgrind.log
CK_FORK=no ZI_SDK_TEST_WRAP="" "${vg[@]}" "$build/bin/sdk-tests" >"$vlog" 2>&1
rc=$?
grep -E '^[0-9]+%: Checks: ' "$vlog"
if [ $rc -ne 0 ]; then
    echo "FAIL: sdk-tests under valgrind exited $rc (99: valgrind found errors or leaks); log: $vlog"
    grep -vE '^(keep-alive|rate limit|long poll):' "$vlog" | tail -60
    failed=1
else
    echo "valgrind: clean"
fi
grep -hE '^(keep-alive|rate limit|long poll):' "$vlog" || true
exit $failed
