#!/usr/bin/env bash
# The hostile-input catalogue (issue 13 §4) against zi-server of its own: the plain build for
# five passes (RSS and descriptors must not grow after the first two), then the ASan/UBSan build
# for one (no sanitizer report). Prints "N passed, N failed"; leaves nothing running.
#
# Usage: tests/hostile/run.sh <build-dir>
set -uo pipefail
build=${1:-build}
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root" || exit 2
pgdir=var/test-pg
work=$(mktemp -d "${TMPDIR:-/tmp}/zi-hostile.XXXXXX")
db=zi_hostile_$$
server_pid=""
cleanup() {
    [ -n "$server_pid" ] && kill -TERM "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
    sql/pg-cluster.sh psql $pgdir -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1
    sql/pg-cluster.sh stop $pgdir >/dev/null 2>&1
    rm -rf "$work"
}
trap cleanup EXIT

if [ ! -e $pgdir/data/PG_VERSION ]; then
    ZI_PG_FAST=1 sql/pg-cluster.sh init $pgdir "$(sql/free-port.sh)" >/dev/null || exit 1
fi
sql/pg-cluster.sh start $pgdir >/dev/null 2>&1 || exit 1
sql/pg-cluster.sh psql $pgdir -qc "CREATE DATABASE $db" || exit 1
url=$(sql/pg-cluster.sh url $pgdir "$db")
"$build/bin/zi-server" migrate --database-url "$url" >"$work/migrate.log" 2>&1 || { cat "$work/migrate.log"; exit 1; }
for f in sql/seed/*.sql; do psql "$url" -q -v ON_ERROR_STOP=1 --single-transaction -f "$f" >/dev/null || exit 1; done
key=$("$build/bin/zi-server" create-key --role admin --name "hostile catalogue" --database-url "$url") || exit 1
upg=$("$build/bin/zi-server" create-key --role upg --name "hostile catalogue" --database-url "$url") || exit 1
evaluator=$("$build/bin/zi-server" create-key --role evaluator --name "hostile catalogue" --database-url "$url") || exit 1
export HOSTILE_ROLE_KEYS="upg=$upg,evaluator=$evaluator"

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:exitcode=86
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export LSAN_OPTIONS=suppressions=$root/tests/lsan.supp:print_suppressions=0
rc=0
for variant in zi-server:5 zi-server-asan:1; do
    bin=$build/bin/${variant%%:*}
    passes=${variant##*:}
    port=$(sql/free-port.sh)
    log=$work/${variant%%:*}.log
    # The access log at info: the catalogue checks that no request can add a line of its own.
    "$bin" serve --database-url "$url" --listen "127.0.0.1:$port" --log-level info --rate-limit-per-min 0 \
        >"$log" 2>&1 &
    server_pid=$!
    for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
    echo "hostile catalogue against ${variant%%:*} ($passes passes):"
    growth=""
    [ "$passes" -lt 2 ] && growth=--no-growth-check
    python3 tests/hostile/hostile.py "http://127.0.0.1:$port" "$key" "$server_pid" "$log" --passes "$passes" \
        $growth || rc=1
    kill -TERM "$server_pid"
    wait "$server_pid" || { echo "FAIL: ${variant%%:*} did not exit 0 after SIGTERM"; rc=1; }
    server_pid=""
    if grep -qE 'AddressSanitizer|LeakSanitizer|runtime error:' "$log"; then
        echo "FAIL: sanitizer report:"
        grep -A30 -E 'AddressSanitizer|LeakSanitizer|runtime error:' "$log" | head -50
        rc=1
    fi
done
exit $rc
