#!/usr/bin/env bash
# The benchmark of zi-server (`make bench`), measured the way ../shared/PERF-BASELINE.md
# judges speed: wrk against the server and pgbench running the same SQL, on the same
# machine, medians of interleaved runs.
#
# Usage: tests/bench/run.sh [BUILD_DIR]   (default: build; zi-server must be built)
# Environment: BENCH_SECONDS (10) per measurement, BENCH_RUNS (3).
#
# What it does: a private PostgreSQL cluster under var/bench-pg with durability ON (fsync,
# synchronous_commit, full_page_writes: writes pay for the WAL flush as in production; it is
# created once and reused), a fresh database zi_bench (migrated, demo data loaded, one
# admin key), zi-server on a free port with --log-level warning --rate-limit-per-min 0, then
# per run, in this order:
#   GET /v1/units/{id}     wrk c16, wrk c16 with an admin key, pgbench c16, the same at c64,
#                          pgbench c8
#   GET /v1/units?limit=50 the same
#   POST /v1/units c16     (a) as is, (b) with Idempotency-Key, (c) with the units_journal
#                          trigger disabled; the units created are deleted after the run so
#                          that every run reads the same 100 units.
# Results: build/bench/report.md (printed), build/bench/results.tsv, raw outputs in
# build/bench/raw/. The server and the cluster are stopped at the end; var/bench-pg stays.
set -uo pipefail
build=${1:-build}
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
here=tests/bench
secs=${BENCH_SECONDS:-10}
runs=${BENCH_RUNS:-3}
pgdir=var/bench-pg
db=zi_bench
bin=$build/bin/zi-server
out=$build/bench
raw=$out/raw
results=$out/results.tsv
meta=$out/meta.env

die() {
    echo "bench: $*" >&2
    exit 1
}
note() {
    echo "bench: $*" >&2
}

[[ $secs =~ ^[1-9][0-9]*$ ]] || die "BENCH_SECONDS must be a positive integer (got '$secs')"
[[ $runs =~ ^[1-9][0-9]*$ ]] || die "BENCH_RUNS must be a positive integer (got '$runs')"
[ -x "$bin" ] || die "$bin is not built (run: make all)"
for tool in wrk pgbench psql curl python3; do
    command -v $tool >/dev/null || die "$tool is missing (make bench installs it: sh tools/deps.sh wrk postgresql-contrib)"
done

rm -rf "$raw"
mkdir -p "$raw"
printf 'run\tscenario\ttool\tconns\trps\tp50_ms\tp99_ms\tbad\terrors\trows\n' >"$results"
: >"$meta"
setmeta() { printf '%s=%s\n' "$1" "$2" >>"$meta"; }

server_pid=""
journal_off=0
cluster_started=0
cleanup() {
    local rc=$?
    if [ -n "$server_pid" ]; then
        kill -TERM "$server_pid" 2>/dev/null
        wait "$server_pid" 2>/dev/null
        server_pid=""
    fi
    if [ "$journal_off" = 1 ]; then
        pgq -d "$db" -c "ALTER TABLE units ENABLE TRIGGER units_journal" >/dev/null 2>&1
    fi
    if [ "$cluster_started" = 1 ]; then
        sql/pg-cluster.sh stop "$pgdir" >/dev/null 2>&1 || note "could not stop the cluster in $pgdir"
    fi
    exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

pgq() { sql/pg-cluster.sh psql "$pgdir" -X -q -v ON_ERROR_STOP=1 "$@"; }

# ---- the cluster (durability on), a fresh database -------------------------------------
unset ZI_PG_FAST
if [ ! -e "$pgdir/data/PG_VERSION" ]; then
    sql/pg-cluster.sh init "$pgdir" "$(sql/free-port.sh)" || die "could not create the cluster in $pgdir"
fi
cluster_started=1
sql/pg-cluster.sh start "$pgdir" >/dev/null 2>&1 || sql/pg-cluster.sh start "$pgdir" || die "could not start $pgdir"
for s in fsync synchronous_commit full_page_writes; do
    v=$(pgq -At -c "SHOW $s") || die "cannot query the cluster in $pgdir"
    setmeta "$s" "$v"
    [ "$v" = on ] || die "$pgdir runs with $s=$v: benchmarks need durability on" \
        "(remove it with: sql/pg-cluster.sh destroy $pgdir)"
done
setmeta pg_version "$(pgq -At -c 'SHOW server_version')"

pgq -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" || die "could not drop the old $db"
pgq -c "CREATE DATABASE $db" || die "could not create $db"
url=$(sql/pg-cluster.sh url "$pgdir" "$db") || exit 1
"$bin" migrate --database-url "$url" >"$out/migrate.log" 2>&1 || { cat "$out/migrate.log"; die "migrate failed"; }
for f in sql/seed/*.sql; do
    psql "$url" -X -q -v ON_ERROR_STOP=1 --single-transaction -f "$f" >/dev/null || die "loading $f failed"
done
key=$("$bin" create-key --role admin --name "bench" --database-url "$url") || die "create-key failed"
pgq -d "$db" -c "VACUUM ANALYZE" || die "VACUUM failed"
unit_id=$(pgq -d "$db" -At -c "SELECT id FROM units WHERE lower(code) = 'pkm-wates'
                               UNION ALL (SELECT id FROM units ORDER BY code LIMIT 1) LIMIT 1")
[ -n "$unit_id" ] || die "no unit in $db"

# ---- the pgbench SQL must be what the server runs ---------------------------------------
# The statements are string literals in the compiled units_db.o; the files differ from them
# only mechanically (see their header comments).
obj=$build/obj/server/src/db/units_db.o
fmt_sed="s/'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'/E'YYYY-MM-DD\"T\"HH24\\\\x3aMI\\\\x3aSS.US\"Z\"'/g"
sql_check="same as the server's statements (units_get, units_list_name), checked in $obj"
if ! command -v strings >/dev/null || [ ! -r "$obj" ]; then
    sql_check="not checked (no strings(1) or no $obj)"
else
    if ! strings -n 30 "$obj" | grep -E '^SELECT json_build_object.* FROM units u WHERE u\.id = \$1::uuid$' |
        sed -e "$fmt_sed" -e 's/\$1::uuid/:id::uuid/' -e 's/$/;/' |
        diff - <(grep -v '^--' $here/get-unit.sql) >"$out/sql-check.diff"; then
        sql_check="**DIFFERS** for get-unit.sql (see $out/sql-check.diff): the pgbench figures compare another query"
    elif ! strings -n 30 "$obj" | grep -E '^SELECT json_build_object.*ORDER BY u\.name ASC, u\.id ASC LIMIT \$8::int$' |
        sed -e "$fmt_sed" -e 's/\$[1-7]/NULL/g' -e 's/\$8/:limit/' -e 's/$/;/' |
        diff - <(grep -v '^--' $here/list-units.sql) >"$out/sql-check.diff"; then
        sql_check="**DIFFERS** for list-units.sql (see $out/sql-check.diff): the pgbench figures compare another query"
    fi
fi
note "pgbench SQL: $sql_check"
setmeta sql_check "$sql_check"

# ---- CPU accounting: is anything else using the machine? ---------------------------------
# The figures mean something only if wrk, zi-server and PostgreSQL have the CPUs to
# themselves. cpu_ticks prints "all ours": ticks (USER_HZ) of all CPUs busy since boot, and
# ticks used by our processes (zi-server, this cluster's postmaster and its children, live
# or reaped, and this script's children: wrk, pgbench, psql).
proc_ticks() { # PID [with-children]: utime+stime (+cutime+cstime)
    awk -v kids="${2:-}" '{ sub(/^.*\) /, ""); t = $12 + $13; if (kids) t += $14 + $15; print t }' \
        "/proc/$1/stat" 2>/dev/null || echo 0
}
cpu_ticks() {
    local all ours pm p
    all=$(awk '$1 == "cpu" { print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat)
    ours=$(proc_ticks $$ kids)
    [ -n "$server_pid" ] && ours=$((ours + $(proc_ticks "$server_pid")))
    pm=$(head -1 "$pgdir/data/postmaster.pid" 2>/dev/null)
    if [ -n "$pm" ]; then
        ours=$((ours + $(proc_ticks "$pm" kids)))
        for p in $(ps -o pid= --ppid "$pm" 2>/dev/null); do ours=$((ours + $(proc_ticks "$p"))); done
    fi
    echo "$all $ours"
}
# Before starting: how busy is the machine without us?
read -r a0 o0 < <(cpu_ticks)
ns0=$(date +%s%N)
sleep 2
read -r a1 o1 < <(cpu_ticks)
ns1=$(date +%s%N)
busy_before=$(awk -v d=$((a1 - a0 - (o1 - o0))) -v n="$(nproc)" -v hz="$(getconf CLK_TCK)" \
    -v t=$(((ns1 - ns0) / 1000000)) \
    'BEGIN { v = d / (t / 1000 * n * hz) * 100; if (v < 0) v = 0; if (v > 100) v = 100; printf "%.0f", v }')
setmeta busy_before "$busy_before"
if [ "$busy_before" -gt 10 ]; then
    note "WARNING: other processes use ${busy_before} % of the CPUs right now; the figures will be low and noisy:"
    ps -eo pcpu=,pid=,args= --sort=-pcpu | head -5 | sed 's/^/    /' >&2
fi

# ---- the server ---------------------------------------------------------------------------
vm() { awk -v k="$1:" '$1 == k {print $2}' "/proc/$server_pid/status" 2>/dev/null; }
for attempt in 1 2 3; do
    port=$(sql/free-port.sh)
    "$bin" serve --database-url "$url" --listen "127.0.0.1:$port" --log-level warning \
        --rate-limit-per-min 0 >"$out/server.log" 2>&1 &
    server_pid=$!
    for _ in $(seq 1 100); do
        curl -sf "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break
        kill -0 "$server_pid" 2>/dev/null || break
        sleep 0.1
    done
    curl -sf "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break
    kill -TERM "$server_pid" 2>/dev/null
    wait "$server_pid" 2>/dev/null
    server_pid=""
    note "zi-server did not come up on port $port (attempt $attempt):"
    tail -5 "$out/server.log" >&2
done
[ -n "$server_pid" ] || die "zi-server would not start"
base=http://127.0.0.1:$port
sleep 1
setmeta rss_idle_kb "$(vm VmRSS)"

code=$(curl -s -o "$raw/check-get.json" -w '%{http_code}' "$base/v1/units/$unit_id")
[ "$code" = 200 ] || die "GET /v1/units/$unit_id answered $code: $(head -c 300 "$raw/check-get.json")"
code=$(curl -s -o "$raw/check-list.json" -w '%{http_code}' "$base/v1/units?limit=50")
[ "$code" = 200 ] || die "GET /v1/units?limit=50 answered $code: $(head -c 300 "$raw/check-list.json")"
code=$(curl -s -o "$raw/check-post.json" -w '%{http_code}' -X POST "$base/v1/units" \
    -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \
    -d '{"code":"bench0check","name":"Bench check","kind":"sd"}')
[ "$code" = 201 ] || die "POST /v1/units answered $code: $(head -c 300 "$raw/check-post.json")"
pgq -d "$db" -c "DELETE FROM units WHERE code = 'bench0check'" >/dev/null

# ---- measurements -------------------------------------------------------------------------
server_alive() {
    kill -0 "$server_pid" 2>/dev/null && return 0
    wait "$server_pid"
    echo "bench: zi-server died (exit $?); last lines of $out/server.log:" >&2
    tail -20 "$out/server.log" >&2
    server_pid=""
    exit 1
}

# bench_wrk RUN SCENARIO CONNS PATH SCRIPT [SCRIPT ARGS...]
bench_wrk() {
    local run=$1 sc=$2 c=$3 path=$4 script=$5 f line
    shift 5
    f=$raw/$sc-zi-c$c-run$run.txt
    if [ $# -gt 0 ]; then
        wrk -t2 -c"$c" -d"${secs}s" --latency -s "$script" "$base$path" -- "$@" >"$f" 2>&1
    else
        wrk -t2 -c"$c" -d"${secs}s" --latency -s "$script" "$base$path" >"$f" 2>&1
    fi
    server_alive
    line=$(grep '^BENCH ' "$f") || { cat "$f" >&2; die "wrk failed ($f)"; }
    # BENCH requests=.. duration_us=.. p50_us=.. p99_us=.. non2xx=.. connect=.. read=.. write=.. timeout=.. bad=..
    eval "local $(sed 's/^BENCH //' <<<"$line")"
    # shellcheck disable=SC2154
    awk -v run="$run" -v sc="$sc" -v c="$c" -v n="$requests" -v d="$duration_us" -v p50="$p50_us" \
        -v p99="$p99_us" -v bad="$bad" -v err=$((connect + read + write + timeout)) \
        'BEGIN { printf "%d\t%s\tzi\t%d\t%.1f\t%.3f\t%.3f\t%d\t%d\t-\n", run, sc, c, n / (d / 1e6), p50 / 1000, p99 / 1000, bad, err }' \
        >>"$results"
    printf '  run %d %-6s zi-server c%-3d %8.0f req/s  p50 %6.2f ms  p99 %7.2f ms  bad %d  socket errors %d\n' \
        "$run" "$sc" "$c" "$(awk -v n="$requests" -v d="$duration_us" 'BEGIN{print n / (d / 1e6)}')" \
        "$(awk -v v="$p50_us" 'BEGIN{print v / 1000}')" "$(awk -v v="$p99_us" 'BEGIN{print v / 1000}')" \
        "$bad" $((connect + read + write + timeout))
    if grep -q '^BENCH-FIRST-BAD' "$f"; then grep '^BENCH-FIRST-BAD' "$f" | sed 's/^/    /'; fi
}

pgbench_failed=0
# bench_pgbench RUN SCENARIO CONNS SQLFILE -D var=value
bench_pgbench() {
    local run=$1 sc=$2 c=$3 sql=$4 f logdir tps failed pct
    shift 4
    f=$raw/$sc-pgbench-c$c-run$run.txt
    logdir=$(mktemp -d "$raw/pgbench-log.XXXXXX")
    pgbench -n -M prepared -c"$c" -j2 -T"$secs" -f "$sql" "$@" -l --log-prefix="$logdir/tx" "$url" >"$f" 2>&1
    tps=$(sed -n 's/^tps = \([0-9.]*\) (without initial connection time).*/\1/p' "$f")
    [ -n "$tps" ] || { cat "$f" >&2; die "pgbench failed ($f)"; }
    failed=$(sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p' "$f")
    pgbench_failed=$((pgbench_failed + ${failed:-0}))
    read -r p50 p99 _ < <(python3 $here/report.py pct "$logdir"/tx*)
    rm -rf "$logdir"
    printf '%d\t%s\tpgbench\t%d\t%s\t%.3f\t%.3f\t%d\t0\t-\n' "$run" "$sc" "$c" "$tps" \
        "$(awk -v v="$p50" 'BEGIN{print v / 1000}')" "$(awk -v v="$p99" 'BEGIN{print v / 1000}')" \
        "${failed:-0}" >>"$results"
    printf '  run %d %-6s pgbench   c%-3d %8.0f tps    p50 %6.2f ms  p99 %7.2f ms  failed %d\n' \
        "$run" "$sc" "$c" "$tps" "$(awk -v v="$p50" 'BEGIN{print v / 1000}')" \
        "$(awk -v v="$p99" 'BEGIN{print v / 1000}')" "${failed:-0}"
}

# bench_post RUN VARIANT PREFIX [idem]: wrk POST at c16, then counts the units created.
bench_post() {
    local run=$1 sc=$2 prefix=$3 n
    shift 3
    pgq -d "$db" -c "CHECKPOINT" >/dev/null
    bench_wrk "$run" "$sc" 16 /v1/units $here/post-unit.lua "$key" "$prefix" "$@"
    n=$(pgq -d "$db" -At -c "SELECT count(*) FROM units WHERE code LIKE '${prefix}t%'")
    # the last row of results.tsv is this measurement: fill in its rows column
    sed -i '$ s/\t-$/\t'"$n"'/' "$results"
}

total=$(((12 + 3) * secs * runs))
note "zi-server on $base (pid $server_pid), database $db, unit $unit_id"
note "$runs run(s) × 15 measurements × $secs s ≈ $((total / 60)) min $((total % 60)) s of measuring"

read -r cpu_all0 cpu_ours0 < <(cpu_ticks)
t0=$(date +%s%N)
# A short unmeasured warm-up of both read paths (connections, prepared plans, caches).
wrk -t2 -c16 -d2s "$base/v1/units/$unit_id" >/dev/null 2>&1
wrk -t2 -c16 -d2s "$base/v1/units?limit=50" >/dev/null 2>&1
pgbench -n -M prepared -c8 -j2 -T2 -f $here/get-unit.sql -D id="$unit_id" "$url" >/dev/null 2>&1
server_alive

for run in $(seq 1 "$runs"); do
    echo "== run $run of $runs"
    for sc in get list; do
        if [ $sc = get ]; then
            path=/v1/units/$unit_id sql=$here/get-unit.sql var="id=$unit_id"
        else
            path="/v1/units?limit=50" sql=$here/list-units.sql var="limit=51"
        fi
        for c in 16 64; do
            bench_wrk "$run" $sc $c "$path" $here/get.lua
            # The same read with an API key: what third-party front ends always send.
            [ $sc = get ] && bench_wrk "$run" getkey $c "$path" $here/get-key.lua "$key"
            bench_pgbench "$run" $sc $c "$sql" -D "$var"
        done
        bench_pgbench "$run" $sc 8 "$sql" -D "$var"
    done
    bench_post "$run" post-a "bench${run}a"
    bench_post "$run" post-b "bench${run}b" idem
    pgq -d "$db" -c "ALTER TABLE units DISABLE TRIGGER units_journal" || die "could not disable the trigger"
    journal_off=1
    bench_post "$run" post-c "bench${run}c"
    pgq -d "$db" -c "ALTER TABLE units ENABLE TRIGGER units_journal" || die "could not enable the trigger"
    journal_off=0
    # Back to the 100 demo units for the next run's reads.
    pgq -d "$db" -c "DELETE FROM units WHERE code LIKE 'bench%'" -c "VACUUM ANALYZE units" >/dev/null
done

# ---- memory, log, shutdown, report -----------------------------------------------------
read -r cpu_all1 cpu_ours1 < <(cpu_ticks)
elapsed=$((($(date +%s%N) - t0) / 1000000))
setmeta busy_others "$(awk -v d=$((cpu_all1 - cpu_all0 - (cpu_ours1 - cpu_ours0))) -v n="$(nproc)" \
    -v hz="$(getconf CLK_TCK)" -v t="$elapsed" 'BEGIN { v = d / (t / 1000 * n * hz) * 100; if (v < 0) v = 0; printf "%.0f", v }')"
setmeta busy_ours "$(awk -v d=$((cpu_ours1 - cpu_ours0)) -v n="$(nproc)" -v hz="$(getconf CLK_TCK)" \
    -v t="$elapsed" 'BEGIN { printf "%.0f", d / (t / 1000 * n * hz) * 100 }')"
setmeta hwm_kb "$(vm VmHWM)"
setmeta rss_end_kb "$(vm VmRSS)"
kill -TERM "$server_pid"
wait "$server_pid"
server_exit=$?
server_pid=""
setmeta server_exit "$server_exit"
# Everything but the start-up line is a warning or an error.
log_lines=$(grep -cv '^zi-server listening on ' "$out/server.log")
setmeta server_log_lines "$log_lines"
if [ "$log_lines" -gt 0 ]; then
    note "zi-server logged $log_lines warning/error line(s) ($out/server.log); first ones:"
    grep -v '^zi-server listening on ' "$out/server.log" | head -5 >&2
fi
setmeta pgbench_failed "$pgbench_failed"
setmeta date "$(date -u '+%Y-%m-%d %H:%M UTC')"
setmeta seconds "$secs"
setmeta runs "$runs"
setmeta cpus "$(nproc)"
setmeta cpu_model "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
setmeta kernel "Linux $(uname -r)"
setmeta commit "$(git rev-parse --short HEAD 2>/dev/null)$(git diff --quiet HEAD -- server sql 2>/dev/null || echo ' + uncommitted changes')"

echo
python3 $here/report.py report "$results" "$meta" "$out/report.md" || die "report failed"
echo
note "report: $out/report.md; raw outputs: $raw/"
