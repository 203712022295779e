#!/usr/bin/env bash
# Runs the libFuzzer targets built by `make fuzz-build` ($BUILD/fuzz/bin/fuzz_*).
#   tests/fuzz/run.sh smoke [BUILD] [target…]   the seeds, then FUZZ_SMOKE_SECONDS (4) of each
#                                              target on a fresh corpus (`make test`)
#   tests/fuzz/run.sh long [BUILD] [target…]    FUZZ_SECONDS (60) of each on the corpus kept in
#                                              $BUILD/fuzz/corpus/<target> (`make fuzz`)
# Seeds: tests/fuzz/corpus/<target>/ (read only: new inputs go to $BUILD), and for fuzz_request
# the requests of tests/api/cases as well. Any crash, leak, timeout or sanitizer report fails
# the run; the input that caused it is written to $BUILD/fuzz/artifacts/<target>/ and the log
# to $BUILD/fuzz/logs/<target>.log. Prints one "fuzz <mode>: PASS|FAIL" line last; non-zero on failure.
set -uo pipefail
mode=${1:?usage: tests/fuzz/run.sh smoke|long [BUILD] [target...]}
build=${2:-build}
shift $(($# >= 2 ? 2 : 1))
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root" || exit 2

case $mode in
smoke) seconds=${FUZZ_SMOKE_SECONDS:-4} ;;
long) seconds=${FUZZ_SECONDS:-60} ;;
*)
    echo "usage: tests/fuzz/run.sh smoke|long [BUILD] [target...]" >&2
    exit 2
    ;;
esac
if ! [[ $seconds =~ ^[1-9][0-9]*$ ]]; then
    echo "fuzz $mode: FAIL (the time per target must be a whole number of seconds, got '$seconds')"
    exit 2
fi

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    for f in tests/fuzz/fuzz_*.c; do
        t=${f##*/}
        targets+=("${t%.c}")
    done
fi

out=$build/fuzz
mkdir -p "$out/logs"
# Sanitizer reports end the process with an error; leaks are checked per input and at exit.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:symbolize=1:allocator_may_return_null=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
# One line of the log that means a sanitizer spoke, even if the process somehow exited 0.
report='ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error:|^SUMMARY: '

# Runs one target; its verdict goes to $out/logs/<target>.result (first word ok or FAILED).
run_one() {
    local t=$1 bin=$out/bin/$1 log=$out/logs/$1.log result=$out/logs/$1.result
    local corpus artifacts dirs start rc runs cov
    if [ ! -x "$bin" ]; then
        echo "FAILED: not built ($bin); run make fuzz-build" >"$result"
        return
    fi
    if [ "$mode" = smoke ]; then
        corpus=$out/smoke-corpus/$t
        rm -rf "$corpus"
    else
        corpus=$out/corpus/$t
    fi
    artifacts=$out/artifacts/$t
    mkdir -p "$corpus" "$artifacts"
    dirs=("$corpus")
    [ -d "tests/fuzz/corpus/$t" ] && dirs+=("tests/fuzz/corpus/$t")
    if [ "$t" = fuzz_request ] && [ -d tests/api/cases ]; then
        if ! python3 tests/fuzz/seeds-from-cases.py tests/api/cases "$out/case-seeds" >/dev/null; then
            echo "FAILED: tests/fuzz/seeds-from-cases.py could not read tests/api/cases" >"$result"
            return
        fi
        dirs+=("$out/case-seeds")
    fi
    start=$SECONDS
    "$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
        -artifact_prefix="$artifacts/" -print_final_stats=1 "${dirs[@]}" >"$log" 2>&1
    rc=$?
    runs=$(grep -aoE '^stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$' || echo "?")
    cov=$(grep -aoE 'cov: [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+' || echo "?")
    if [ $rc -ne 0 ] || grep -aqE "$report" "$log"; then
        {
            echo "FAILED (exit $rc) after $((SECONDS - start)) s; log $log; the input is in $artifacts/:"
            grep -aE "$report|Test unit written" "$log" | head -12 | sed 's/^/    /'
        } >"$result"
    else
        echo "ok, $runs inputs in $((SECONDS - start)) s, coverage $cov" >"$result"
    fi
}

# FUZZ_JOBS targets at a time (2: the machines have two cores).
jobs=${FUZZ_JOBS:-2}
rm -f "$out"/logs/*.result
running=0
for t in "${targets[@]}"; do
    if [ "$running" -ge "$jobs" ]; then
        wait -n
        running=$((running - 1))
    fi
    run_one "$t" &
    running=$((running + 1))
done
wait

failed=()
for t in "${targets[@]}"; do
    result=$out/logs/$t.result
    [ -s "$result" ] || echo "FAILED: the runner left no verdict" >"$result"
    sed "1s/^/fuzz $t: /" "$result"
    head -1 "$result" | grep -q '^ok' || failed+=("$t")
done

if [ ${#failed[@]} -eq 0 ]; then
    echo "fuzz $mode: PASS (${#targets[@]} targets, no crash, leak or sanitizer report)"
    exit 0
fi
echo "fuzz $mode: FAIL (${#failed[@]} of ${#targets[@]} targets: ${failed[*]})"
exit 1
