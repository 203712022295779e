#!/usr/bin/env bash
# Faults (issue 13 §5): zi-server on a DURABLE private cluster (var/faults-pg: fsync and
# synchronous commit on, unlike the throw-away test cluster), then tests/faults/faults.py:
#   1. a steady write load with Idempotency-Keys while PostgreSQL is stopped immediately (a
#      crash, no shutdown) and restarted, twice: every acknowledged write is present exactly
#      once, and the audit chain still verifies;
#   2. the pool exhausted by statements stuck on a locked row: every request is answered
#      within a bound, the stuck ones with 503 and Retry-After, and nothing is changed.
# Prints "N passed, N failed"; non-zero on failure; leaves nothing running.
#
# Usage: tests/faults/run.sh <build-dir>
set -uo pipefail
build=${1:-build}
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root" || exit 2
bin=$build/bin/zi-server
pgdir=var/faults-pg
work=$(mktemp -d "${TMPDIR:-/tmp}/zi-faults.XXXXXX")
db=zi_faults_$$
server_pid=""
cleanup() {
    [ -n "$server_pid" ] && kill -TERM "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
    sql/pg-cluster.sh start $pgdir >/dev/null 2>&1
    sql/pg-cluster.sh psql $pgdir -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1
    sql/pg-cluster.sh stop $pgdir >/dev/null 2>&1
    rm -rf "$work"
}
trap cleanup EXIT

if [ ! -e $pgdir/data/PG_VERSION ]; then
    sql/pg-cluster.sh init $pgdir "$(sql/free-port.sh)" >/dev/null || exit 1
fi
sql/pg-cluster.sh start $pgdir >/dev/null || exit 1
sql/pg-cluster.sh psql $pgdir -qc "CREATE DATABASE $db" || exit 1
url=$(sql/pg-cluster.sh url $pgdir "$db")
"$bin" migrate --database-url "$url" >"$work/migrate.log" 2>&1 || { cat "$work/migrate.log"; exit 1; }
psql "$url" -q -v ON_ERROR_STOP=1 --single-transaction -f sql/seed/0001_units.sql >/dev/null 2>&1 ||
    for f in sql/seed/*.sql; do psql "$url" -q -v ON_ERROR_STOP=1 --single-transaction -f "$f" >/dev/null || exit 1; done
key=$("$bin" create-key --role admin --name "fault tests" --database-url "$url") || exit 1
port=$(sql/free-port.sh)
# A small pool and a 1 s statement timeout make exhaustion and timeouts quick to reach.
"$bin" serve --database-url "$url" --listen "127.0.0.1:$port" --log-level warning --rate-limit-per-min 0 \
    --pool-size 4 --threads 8 --statement-timeout-ms 1000 >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done

python3 tests/faults/faults.py "http://127.0.0.1:$port" "$key" "$url" \
    "ZI_PG_STOP_MODE=immediate sql/pg-cluster.sh stop $pgdir" "sql/pg-cluster.sh start $pgdir" \
    "$bin audit-verify --database-url '$url'"
rc=$?
if [ $rc -ne 0 ]; then
    echo "zi-server's log (warnings and errors):"
    grep -vE ' INFO: ' "$work/server.log" | tail -20
fi
if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "FAIL: zi-server died during the faults; its log:"
    tail -30 "$work/server.log"
    rc=1
fi
exit $rc
