#!/usr/bin/env bash
# Runs the API tests over real HTTP against a real zi-server on a real PostgreSQL:
# a private test cluster under var/test-pg (never the development one), a fresh
# database per server variant (dropped afterwards), the plain build and the
# -fsanitize=address,undefined build. Every response is recorded for the contract check.
set -uo pipefail
build=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
pgdir=var/test-pg
log_dir=$build/test-logs
mkdir -p "$log_dir"
responses=$build/test-responses.jsonl
: >"$responses"

if [ ! -e $pgdir/data/PG_VERSION ]; then
    ZI_PG_FAST=1 sql/pg-cluster.sh init $pgdir "$(sql/free-port.sh)" || exit 1
fi
sql/pg-cluster.sh start $pgdir >/dev/null || exit 1
admin_url=$(sql/pg-cluster.sh url $pgdir postgres) || exit 1

server_pid=""
dbs=()
cleanup() {
    [ -n "$server_pid" ] && kill -TERM "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
    sql/pg-cluster.sh start $pgdir >/dev/null 2>&1
    for db in "${dbs[@]}"; do
        sql/pg-cluster.sh psql $pgdir -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1
    done
    # Leave nothing running: a test run must not outlive itself (nor keep a chroot's /dev busy).
    sql/pg-cluster.sh stop $pgdir >/dev/null 2>&1
}
trap cleanup EXIT

wait_ready() {
    for _ in $(seq 1 100); do
        curl -sf "http://127.0.0.1:$1/healthz" >/dev/null 2>&1 && return 0
        sleep 0.1
    done
    return 1
}

failed=0
for variant in zi-server zi-server-asan; do
    bin=$build/bin/$variant
    db=zi_test_$$_${variant//-/_}
    dbs+=("$db")
    sql/pg-cluster.sh psql $pgdir -qc "CREATE DATABASE $db" || exit 1
    url=$(sql/pg-cluster.sh url $pgdir "$db")
    export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:exitcode=86
    export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
    export LSAN_OPTIONS=suppressions=$root/tests/lsan.supp:print_suppressions=0
    "$bin" migrate --database-url "$url" 2>"$log_dir/$variant-migrate.log" || { cat "$log_dir/$variant-migrate.log"; exit 1; }
    for f in sql/seed/*.sql; do
        psql "$url" -q -v ON_ERROR_STOP=1 --single-transaction -f "$f" || exit 1
    done
    # The test-only fixture resource (served with --test-fixtures): a second kind of
    # unit-scoped, private record with confidential fields, for the framework's tests.
    psql "$url" -q -v ON_ERROR_STOP=1 --single-transaction -f tests/api/fixture.sql || exit 1
    key=$("$bin" create-key --role admin --name "api tests" --database-url "$url") || exit 1
    port=$(sql/free-port.sh)
    server_log=$log_dir/$variant.log
    # info: the access log (the runtime suite reads it); 1 s statement timeout: the
    # runtime suite blocks a statement on a row lock and expects a quick 503; one CORS
    # origin: the cors suite (tests/api/test_cors.c) checks it is the only one allowed; no
    # rate limit: the suites fire hundreds of requests a second with one key (the
    # rate_limit suite starts servers of its own with small budgets).
    "$bin" serve --database-url "$url" --listen "127.0.0.1:$port" --log-level info \
        --statement-timeout-ms 1000 --cors-origins "https://app.example" --rate-limit-per-min 0 --test-fixtures 1 \
        >"$server_log" 2>&1 &
    server_pid=$!
    wait_ready "$port"
    echo "API tests against $variant (port $port, database $db):"
    ZI_TEST_URL="http://127.0.0.1:$port" ZI_TEST_ADMIN_KEY="$key" ZI_TEST_RESPONSE_LOG="$responses" \
    ZI_TEST_CASES_DIR="$root/tests/api/cases" \
    ZI_TEST_PG_STOP="sql/pg-cluster.sh stop $pgdir >/dev/null 2>&1" \
    ZI_TEST_PG_START="sql/pg-cluster.sh start $pgdir >/dev/null 2>&1" \
    ZI_TEST_PSQL="psql $url" \
    ZI_TEST_SERVER_BIN="$(realpath -m "$bin")" ZI_TEST_SERVER_LOG="$(realpath -m "$server_log")" \
    ZI_TEST_DATABASE_URL="$url" ZI_TEST_ADMIN_DATABASE_URL="$admin_url" ZI_TEST_ROOT="$root" \
        "$build/bin/api-tests" || failed=1
    sql/pg-cluster.sh start $pgdir >/dev/null 2>&1
    if [ "$variant" = zi-server ]; then
        echo "API reference page in headless Chromium:"
        tests/docs/check-docs.sh "http://127.0.0.1:$port" openapi/openapi.yaml || failed=1
        # The SDK against a second server on the same database with the default rate
        # limits: the SDK tests prove that a client honours a real 429 and Retry-After.
        sdk_port=$(sql/free-port.sh)
        "$bin" serve --database-url "$url" --listen "127.0.0.1:$sdk_port" --log-level warning \
            >"$log_dir/sdk-server.log" 2>&1 &
        sdk_pid=$!
        wait_ready "$sdk_port" || failed=1
        ZI_TEST_URL="http://127.0.0.1:$sdk_port" ZI_TEST_ADMIN_KEY="$key" tests/sdk/run.sh "$build" || failed=1
        kill -TERM "$sdk_pid"
        wait "$sdk_pid" || { echo "FAIL: the SDK tests' server did not exit 0"; failed=1; }
    fi
    kill -TERM "$server_pid"
    wait "$server_pid"
    rc=$?
    server_pid=""
    if [ $rc -ne 0 ]; then
        echo "FAIL: $variant exited with $rc after SIGTERM (expected 0); log: $server_log"
        tail -30 "$server_log"
        failed=1
    fi
    if grep -qE 'AddressSanitizer|LeakSanitizer|runtime error:' "$server_log"; then
        echo "FAIL: sanitizer report in $server_log:"
        grep -A30 -E 'AddressSanitizer|LeakSanitizer|runtime error:' "$server_log" | head -60
        failed=1
    fi
done
exit $failed
