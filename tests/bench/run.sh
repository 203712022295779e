#!/usr/bin/env bash
# The benchmark of zi-server (`make bench`), measured the way ../shared/PERF-BASELINE.md
# judges speed: wrk against the server and pgbench running the same SQL, on the same
# machine, medians of interleaved runs, ratios taken within one run.
#
# Usage: tests/bench/run.sh [BUILD_DIR]   (default: build; zi-server must be built)
# Environment:
#   BENCH_SECONDS (10)        per measurement
#   BENCH_RUNS (3)            interleaved runs; the issue's targets are judged on ≥ 3
#   BENCH_REPORTS (1000000)   gratification reports in the reports data set; 0 skips those
#                             scenarios (tests/bench/reports.sh)
#
# What it does: a private PostgreSQL cluster under var/bench-pg with durability ON (fsync,
# synchronous_commit, full_page_writes: writes pay for the WAL flush as in production; it is
# created once and reused), a fresh database zi_bench (migrated, demo data loaded, one admin
# key), zi-server on a free port with --log-level warning --rate-limit-per-min 0; with
# BENCH_REPORTS > 0 also the database zi_bench_reports (kept between invocations, see
# reports.sh) and a second zi-server on it. Then per run, in this order, each at 16 and 64
# connections:
#   get / getkey      GET /v1/units/{id} without and with an admin key; pgbench get-unit.sql
#   list / listkey    GET /v1/units?limit=50 without and with the key; pgbench list-units.sql
#                     (pgbench also at 8 connections, the server's pool size, for both)
#   post-a / post-b   POST /v1/units as is / with an Idempotency-Key, unique per request;
#   ins-plain         pgbench insert-unit.sql with no trigger firing (the plain insert of the
#                     same row), and ins-journal: the same with the triggers on
#   post-c            POST /v1/units with the units_journal trigger disabled
#   rpage1 / rdeep / rqueue   the reports list: page 1, a deep page, the UPG's queue, each with
#                     pgbench on the server's statement (reports.sh)
# The units created are deleted after each run so that every run reads the same 100 units.
# Results: build/bench/results.json (every measurement, medians, ratios, targets) and
# build/bench/report.md (printed at the end); results.tsv, rss.tsv (zi-server's RSS sampled
# every 0.25 s with the scenario running), raw outputs in build/bench/raw/. The servers and
# the cluster are stopped at the end; var/bench-pg stays.
#
# Latency percentiles: wrk's --latency histogram (p50, p99 of all requests, read by the lua
# scripts' done()); pgbench's per-transaction log (-l, one line per transaction with its
# latency in µs), from which report.py pct takes the nearest-rank p50 and p99, as wrk does.
set -uo pipefail
build=${1:-build}
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root" || exit 1
here=tests/bench
secs=${BENCH_SECONDS:-10}
runs=${BENCH_RUNS:-3}
nreports=${BENCH_REPORTS:-1000000}
pgdir=var/bench-pg
db=zi_bench
bin=$build/bin/zi-server
out=$build/bench
raw=$out/raw
results=$out/results.tsv
meta=$out/meta.env
phase_file=$out/.phase

die() {
    echo "bench: $*" >&2
    exit 1
}
note() {
    echo "bench: $*" >&2
}

[[ $secs =~ ^[1-9][0-9]*$ ]] || die "BENCH_SECONDS must be a positive integer (got '$secs')"
[[ $runs =~ ^[1-9][0-9]*$ ]] || die "BENCH_RUNS must be a positive integer (got '$runs')"
[[ $nreports =~ ^[0-9]+$ ]] || die "BENCH_REPORTS must be a number, 0 to skip (got '$nreports')"
[ "$nreports" = 0 ] || [ "$nreports" -ge 1000 ] || die "BENCH_REPORTS must be 0 or at least 1000"
[ -x "$bin" ] || die "$bin is not built (run: make all)"
for tool in wrk pgbench psql curl python3; do
    command -v $tool >/dev/null || die "$tool is missing (make bench installs it: sh tools/deps.sh wrk postgresql-contrib)"
done

rm -rf "$raw"
mkdir -p "$raw"
rm -f "$out/results.json" "$out/report.md" "$out/rss.tsv" "$out"/pgbench-*.sql "$out/server-reports.log"
printf 'run\tscenario\ttool\tconns\trps\tp50_ms\tp99_ms\tbad\terrors\trows\n' >"$results"
: >"$meta"
setmeta() { printf '%s=%s\n' "$1" "$2" >>"$meta"; }

server_pid=""
rserver_pid=""
sampler_pid=""
journal_off=0
cluster_started=0
stop_pid() { # PID: SIGTERM one process we started, and reap it
    kill -TERM "$1" 2>/dev/null
    wait "$1" 2>/dev/null
}
cleanup() {
    local rc=$?
    [ -n "$sampler_pid" ] && stop_pid "$sampler_pid"
    [ -n "$server_pid" ] && stop_pid "$server_pid"
    [ -n "$rserver_pid" ] && stop_pid "$rserver_pid"
    if [ "$journal_off" = 1 ]; then
        pgq -d "$db" -c "ALTER TABLE units ENABLE TRIGGER units_journal" >/dev/null 2>&1
    fi
    if [ "$cluster_started" = 1 ]; then
        sql/pg-cluster.sh stop "$pgdir" >/dev/null 2>&1 || note "could not stop the cluster in $pgdir"
    fi
    rm -f "$phase_file"
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
setmeta pg_settings "$(pgq -At -c "SELECT string_agg(name || '=' || setting || coalesce(unit, ''), ', ' ORDER BY name)
    FROM pg_settings WHERE name IN ('shared_buffers', 'max_connections', 'work_mem', 'max_wal_size')")"

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
# The statements are string literals in the compiled objects; the files differ from them only
# mechanically (see their header comments), and report.py sqlcheck proves it.
sql_check=$(python3 $here/report.py sqlcheck "$build/obj/server/src/db" "$here" 2>"$out/sql-check.diff")
[ -n "$sql_check" ] || sql_check="not checked (report.py sqlcheck failed: see $out/sql-check.diff)"
note "pgbench SQL: $sql_check"
setmeta sql_check "$sql_check"

# ---- CPU accounting: is anything else using the machine? ---------------------------------
# The figures mean something only if wrk, zi-server and PostgreSQL have the CPUs to
# themselves. cpu_ticks prints "all ours": ticks (USER_HZ) of all CPUs busy since boot, and
# ticks used by our processes (the zi-servers, this cluster's postmaster and its children,
# live or reaped, and this script's children: wrk, pgbench, psql).
proc_ticks() { # PID [with-children]: utime+stime (+cutime+cstime)
    awk -v kids="${2:-}" '{ sub(/^.*\) /, ""); t = $12 + $13; if (kids) t += $14 + $15; print t }' \
        "/proc/$1/stat" 2>/dev/null || echo 0
}
cpu_ticks() {
    local all ours pm p
    all=$(awk '$1 == "cpu" { print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat)
    ours=$(proc_ticks $$ kids)
    [ -n "$server_pid" ] && ours=$((ours + $(proc_ticks "$server_pid")))
    [ -n "$rserver_pid" ] && ours=$((ours + $(proc_ticks "$rserver_pid")))
    pm=$(head -1 "$pgdir/data/postmaster.pid" 2>/dev/null)
    if [ -n "$pm" ]; then
        ours=$((ours + $(proc_ticks "$pm" kids)))
        for p in $(ps -o pid= --ppid "$pm" 2>/dev/null); do ours=$((ours + $(proc_ticks "$p"))); done
    fi
    echo "$all $ours"
}
busy_pct() { # ALL0 OURS0 ALL1 OURS1 MS [ours]: % of the machine used by others (or by us)
    awk -v d=$(($3 - $1 - ($4 - $2))) -v o=$(($4 - $2)) -v which="${6:-others}" -v n="$(nproc)" \
        -v hz="$(getconf CLK_TCK)" -v t="$5" \
        'BEGIN { v = (which == "ours" ? o : d) / (t / 1000 * n * hz) * 100; if (v < 0) v = 0; if (v > 100) v = 100; printf "%.0f", v }'
}
# Before starting: how busy is the machine without us?
read -r a0 o0 < <(cpu_ticks)
ns0=$(date +%s%N)
sleep 2
read -r a1 o1 < <(cpu_ticks)
busy_before=$(busy_pct "$a0" "$o0" "$a1" "$o1" $((($(date +%s%N) - ns0) / 1000000)))
setmeta busy_before "$busy_before"
if [ "$busy_before" -gt 10 ]; then
    note "WARNING: other processes use ${busy_before} % of the CPUs right now; the figures will be low and noisy:"
    ps -eo pcpu=,pid=,args= --sort=-pcpu | head -5 | sed 's/^/    /' >&2
fi

# ---- the servers --------------------------------------------------------------------------
vm() { awk -v k="$2:" '$1 == k {print $2}' "/proc/$1/status" 2>/dev/null; }
# start_server NAME URL LOG: zi-server on a free port; sets NAME_pid and NAME_port.
start_server() {
    local name=$1 dburl=$2 log=$3 attempt pid port
    for attempt in 1 2 3; do
        port=$(sql/free-port.sh)
        "$bin" serve --database-url "$dburl" --listen "127.0.0.1:$port" --log-level warning \
            --rate-limit-per-min 0 >"$log" 2>&1 &
        pid=$!
        for _ in $(seq 1 100); do
            curl -sf "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        if curl -sf "http://127.0.0.1:$port/readyz" >/dev/null 2>&1; then
            printf -v "${name}_pid" '%s' "$pid"
            printf -v "${name}_port" '%s' "$port"
            return 0
        fi
        stop_pid "$pid"
        note "zi-server did not come up on port $port (attempt $attempt):"
        tail -5 "$log" >&2
    done
    die "zi-server would not start"
}
start_server server "$url" "$out/server.log"
# shellcheck disable=SC2154  # set by start_server
base=http://127.0.0.1:$server_port
sleep 1
setmeta rss_idle_kb "$(vm "$server_pid" VmRSS)"

code=$(curl -s -o "$raw/check-get.json" -w '%{http_code}' "$base/v1/units/$unit_id")
[ "$code" = 200 ] || die "GET /v1/units/$unit_id answered $code: $(head -c 300 "$raw/check-get.json")"
code=$(curl -s -o "$raw/check-list.json" -w '%{http_code}' "$base/v1/units?limit=50")
[ "$code" = 200 ] || die "GET /v1/units?limit=50 answered $code: $(head -c 300 "$raw/check-list.json")"
code=$(curl -s -o "$raw/check-post.json" -w '%{http_code}' -X POST "$base/v1/units" \
    -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \
    -d '{"code":"bench0check","name":"Bench check","kind":"sd"}')
[ "$code" = 201 ] || die "POST /v1/units answered $code: $(head -c 300 "$raw/check-post.json")"
pgq -d "$db" -c "DELETE FROM units WHERE code = 'bench0check'" >/dev/null

server_alive() { # PID LOG
    kill -0 "$1" 2>/dev/null && return 0
    wait "$1"
    echo "bench: zi-server died (exit $?); last lines of $2:" >&2
    tail -20 "$2" >&2
    [ "$1" = "$server_pid" ] && server_pid=""
    [ "$1" = "$rserver_pid" ] && rserver_pid=""
    exit 1
}

# ---- the reports data set and its server (reports.sh) ------------------------------------
# shellcheck source=tests/bench/reports.sh
. $here/reports.sh
reports_on=0
if [ "$nreports" -gt 0 ]; then
    reports_prepare && reports_on=1
fi
setmeta reports "$nreports"
setmeta reports_on "$reports_on"

# ---- RSS while the load runs ---------------------------------------------------------------
# VmHWM at the end gives the peak; the samples say in which scenario it was reached. Every
# 0.25 s: "server phase rss_kb", the phase being what bench_wrk / bench_pgbench run now.
echo idle >"$phase_file"
rss_sampler() {
    local ph k v _
    while :; do
        read -r ph <"$phase_file" 2>/dev/null || ph=idle
        for s in "main:$server_pid" "reports:$rserver_pid"; do
            [ -n "${s#*:}" ] || continue
            while read -r k v _; do
                [ "$k" = VmRSS: ] && printf '%s\t%s\t%s\n' "${s%%:*}" "$ph" "$v"
            done <"/proc/${s#*:}/status" 2>/dev/null
        done
        sleep 0.25
    done
}
rss_sampler >"$out/rss.tsv" 2>/dev/null &
sampler_pid=$!

# ---- measurements -------------------------------------------------------------------------
# bench_wrk RUN SCENARIO CONNS PATH SCRIPT [SCRIPT ARGS...]; the server is $wrk_base (default
# $base) with pid $wrk_pid.
bench_wrk() {
    local run=$1 sc=$2 c=$3 path=$4 script=$5 f line b=${wrk_base:-$base}
    shift 5
    f=$raw/$sc-zi-c$c-run$run.txt
    echo "$sc-c$c" >"$phase_file"
    if [ $# -gt 0 ]; then
        wrk -t2 -c"$c" -d"${secs}s" --latency -s "$script" "$b$path" -- "$@" >"$f" 2>&1
    else
        wrk -t2 -c"$c" -d"${secs}s" --latency -s "$script" "$b$path" >"$f" 2>&1
    fi
    echo idle >"$phase_file"
    if [ "$b" = "$base" ]; then server_alive "$server_pid" "$out/server.log"; else server_alive "$rserver_pid" "$out/server-reports.log"; fi
    line=$(grep '^BENCH ' "$f") || { cat "$f" >&2; die "wrk failed ($f)"; }
    # BENCH requests=.. duration_us=.. p50_us=.. p99_us=.. non2xx=.. connect=.. read=.. write=.. timeout=.. bad=..
    eval "local $(sed 's/^BENCH //' <<<"$line")"
    # shellcheck disable=SC2154
    awk -v run="$run" -v sc="$sc" -v c="$c" -v n="$requests" -v d="$duration_us" -v p50="$p50_us" \
        -v p99="$p99_us" -v bad="$bad" -v err=$((connect + read + write + timeout)) \
        'BEGIN { printf "%d\t%s\tzi\t%d\t%.1f\t%.3f\t%.3f\t%d\t%d\t-\n", run, sc, c, n / (d / 1e6), p50 / 1000, p99 / 1000, bad, err }' \
        >>"$results"
    printf '  run %d %-11s zi-server c%-3d %8.0f req/s  p50 %6.2f ms  p99 %7.2f ms  bad %d  socket errors %d\n' \
        "$run" "$sc" "$c" "$(awk -v n="$requests" -v d="$duration_us" 'BEGIN{print n / (d / 1e6)}')" \
        "$(awk -v v="$p50_us" 'BEGIN{print v / 1000}')" "$(awk -v v="$p99_us" 'BEGIN{print v / 1000}')" \
        "$bad" $((connect + read + write + timeout))
    if grep -q '^BENCH-FIRST-BAD' "$f"; then grep '^BENCH-FIRST-BAD' "$f" | sed 's/^/    /'; fi
}

pgbench_failed=0
# bench_pgbench RUN SCENARIO CONNS SQLFILE [pgbench options...]; the database is $pg_url
# (default $url), the protocol $pg_mode (default prepared).
bench_pgbench() {
    local run=$1 sc=$2 c=$3 sql=$4 f logdir tps failed p50 p99
    shift 4
    f=$raw/$sc-pgbench-c$c-run$run.txt
    logdir=$(mktemp -d "$raw/pgbench-log.XXXXXX")
    echo "$sc-pgbench-c$c" >"$phase_file"
    pgbench -n -M "${pg_mode:-prepared}" -c"$c" -j2 -T"$secs" -f "$sql" "$@" -l --log-prefix="$logdir/tx" \
        "${pg_url:-$url}" >"$f" 2>&1
    echo idle >"$phase_file"
    tps=$(sed -n 's/^tps = \([0-9.]*\) (without initial connection time).*/\1/p' "$f")
    [ -n "$tps" ] || { cat "$f" >&2; die "pgbench failed ($f)"; }
    failed=$(sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p' "$f")
    if grep -q 'aborted in command' "$f"; then
        note "pgbench: a client aborted ($f):"
        grep -m3 'aborted in command\|ERROR' "$f" | sed 's/^/    /' >&2
        failed=$((${failed:-0} + 1))
    fi
    pgbench_failed=$((pgbench_failed + ${failed:-0}))
    read -r p50 p99 _ < <(python3 $here/report.py pct "$logdir"/tx*)
    rm -rf "$logdir"
    printf '%d\t%s\tpgbench\t%d\t%s\t%.3f\t%.3f\t%d\t0\t-\n' "$run" "$sc" "$c" "$tps" \
        "$(awk -v v="$p50" 'BEGIN{print v / 1000}')" "$(awk -v v="$p99" 'BEGIN{print v / 1000}')" \
        "${failed:-0}" >>"$results"
    printf '  run %d %-11s pgbench   c%-3d %8.0f tps    p50 %6.2f ms  p99 %7.2f ms  failed %d\n' \
        "$run" "$sc" "$c" "$tps" "$(awk -v v="$p50" 'BEGIN{print v / 1000}')" \
        "$(awk -v v="$p99" 'BEGIN{print v / 1000}')" "${failed:-0}"
}

# How soon a write reaches the chain and the feed (sql/migrations/0008_journal_sealing.sql):
# every 0.1 s while POSTs run, the age in ms of the oldest record not yet sealed (0 when none),
# an upper bound of the delay from a write's commit to its seal. Nothing on a schema without
# journal_pending (a journal sealed in the writer's own transaction has no delay).
# One psql session for all samples: a psql started per sample would cost the POSTs measured
# meanwhile several per cent of the CPU. It stops when the file $1 appears (then psql's input
# ends and psql with it).
seal_lag_sampler() {
    pgq -d "$db" -At -c "SELECT 1 FROM journal_pending LIMIT 0" >/dev/null 2>&1 || return 0
    while [ ! -e "$1" ]; do
        echo "SELECT round((coalesce(extract(epoch FROM clock_timestamp() - min(written_at)), 0) * 1000)::numeric, 1)
              FROM journal_pending;"
        sleep 0.1
    done | pgq -d "$db" -At 2>/dev/null
}

# bench_post RUN VARIANT CONNS PREFIX [idem]: wrk POST, then counts the units created.
bench_post() {
    local run=$1 sc=$2 c=$3 prefix=$4 n lag_pid=""
    shift 4
    pgq -d "$db" -c "CHECKPOINT" >/dev/null
    if [ "$sc" = post-a ]; then
        rm -f "$raw/seal-lag.stop"
        seal_lag_sampler "$raw/seal-lag.stop" >"$raw/seal-lag-c$c-run$run.txt" &
        lag_pid=$!
    fi
    bench_wrk "$run" "$sc" "$c" /v1/units $here/post-unit.lua "$key" "$prefix" "$@"
    if [ -n "$lag_pid" ]; then
        touch "$raw/seal-lag.stop"
        wait "$lag_pid"
    fi
    n=$(pgq -d "$db" -At -c "SELECT count(*) FROM units WHERE code LIKE '${prefix}t%'")
    # the last row of results.tsv is this measurement: fill in its rows column
    sed -i '$ s/\t-$/\t'"$n"'/' "$results"
}

# bench_insert RUN VARIANT CONNS plain|journal: pgbench's insert of the row POST sends. A plain
# insert is one where no trigger fires (session_replication_role=replica, this session
# only): the row and its indexes, nothing else.
bench_insert() {
    local run=$1 sc=$2 c=$3 how=$4
    pgq -d "$db" -c "CHECKPOINT" >/dev/null
    if [ "$how" = plain ]; then
        PGOPTIONS="${PGOPTIONS:-} -c session_replication_role=replica" bench_pgbench "$run" "$sc" "$c" $here/insert-unit.sql
    else
        bench_pgbench "$run" "$sc" "$c" $here/insert-unit.sql
    fi
}

per_run=$((2 * 3 + 1 + 2 * 3 + 1 + 2 * 4 + 2))
[ "$reports_on" = 1 ] && per_run=$((per_run + 2 * 6))
total=$((per_run * secs * runs))
note "zi-server on $base (pid $server_pid), database $db, unit $unit_id"
note "$runs run(s) × $per_run measurements × $secs s ≈ $((total / 60)) min $((total % 60)) s of measuring"

read -r cpu_all0 cpu_ours0 < <(cpu_ticks)
t0=$(date +%s%N)
# A short unmeasured warm-up of both read paths (connections, prepared plans, caches).
wrk -t2 -c16 -d2s "$base/v1/units/$unit_id" >/dev/null 2>&1
wrk -t2 -c16 -d2s -s $here/get-key.lua "$base/v1/units?limit=50" -- "$key" >/dev/null 2>&1
pgbench -n -M prepared -c8 -j2 -T2 -f $here/get-unit.sql -D id="$unit_id" "$url" >/dev/null 2>&1
server_alive "$server_pid" "$out/server.log"
[ "$reports_on" = 1 ] && reports_warmup

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
            bench_wrk "$run" ${sc}key $c "$path" $here/get-key.lua "$key"
            bench_pgbench "$run" $sc $c "$sql" -D "$var"
        done
        bench_pgbench "$run" $sc 8 "$sql" -D "$var"
    done
    for c in 16 64; do
        bench_post "$run" post-a $c "bench${run}a$c"
        bench_post "$run" post-b $c "bench${run}b$c" idem
        bench_insert "$run" ins-plain $c plain
        bench_insert "$run" ins-journal $c journal
    done
    # "Journal off" by the trigger's name: what the journal costs the server's POST.
    pgq -d "$db" -c "ALTER TABLE units DISABLE TRIGGER units_journal" || die "could not disable the trigger"
    journal_off=1
    for c in 16 64; do
        bench_post "$run" post-c $c "bench${run}c$c"
    done
    pgq -d "$db" -c "ALTER TABLE units ENABLE TRIGGER units_journal" || die "could not enable the trigger"
    journal_off=0
    # Back to the 100 demo units for the next run's reads.
    pgq -d "$db" -c "DELETE FROM units WHERE code LIKE 'bench%' OR code LIKE 'pgb%'" -c "VACUUM ANALYZE units" >/dev/null
    [ "$reports_on" = 1 ] && reports_run "$run"
done

# ---- memory, log, shutdown, report -----------------------------------------------------
read -r cpu_all1 cpu_ours1 < <(cpu_ticks)
elapsed=$((($(date +%s%N) - t0) / 1000000))
setmeta busy_others "$(busy_pct "$cpu_all0" "$cpu_ours0" "$cpu_all1" "$cpu_ours1" "$elapsed")"
setmeta busy_ours "$(busy_pct "$cpu_all0" "$cpu_ours0" "$cpu_all1" "$cpu_ours1" "$elapsed" ours)"
stop_pid "$sampler_pid"
sampler_pid=""
for c in 16 64; do
    setmeta "seal_lag_c$c" "$(cat "$raw"/seal-lag-c$c-run*.txt 2>/dev/null | python3 $here/report.py lag)"
done
setmeta hwm_kb "$(vm "$server_pid" VmHWM)"
setmeta rss_end_kb "$(vm "$server_pid" VmRSS)"
kill -TERM "$server_pid"
wait "$server_pid"
setmeta server_exit "$?"
server_pid=""
if [ -n "$rserver_pid" ]; then
    setmeta reports_hwm_kb "$(vm "$rserver_pid" VmHWM)"
    kill -TERM "$rserver_pid"
    wait "$rserver_pid"
    setmeta reports_server_exit "$?"
    rserver_pid=""
fi
# Everything but the start-up line is a warning or an error.
log_lines=$(cat "$out/server.log" "$out/server-reports.log" 2>/dev/null | grep -cv '^zi-server listening on ')
setmeta server_log_lines "$log_lines"
if [ "$log_lines" -gt 0 ]; then
    note "zi-server logged $log_lines warning/error line(s) ($out/server*.log); first ones:"
    cat "$out/server.log" "$out/server-reports.log" 2>/dev/null | grep -v '^zi-server listening on ' | head -5 >&2
fi
setmeta pgbench_failed "$pgbench_failed"
setmeta date "$(date -u '+%Y-%m-%d %H:%M UTC')"
setmeta seconds "$secs"
setmeta runs "$runs"
setmeta cpus "$(nproc)"
setmeta cpu_model "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
setmeta mem_total "$(awk '$1 == "MemTotal:" { printf "%.1f GB", $2 / 1048576 }' /proc/meminfo)"
setmeta kernel "Linux $(uname -r)"
setmeta wrk_version "$(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2)"
if rev=$(git rev-parse --short HEAD 2>/dev/null); then
    setmeta commit "$rev$(git diff --quiet HEAD -- server sql 2>/dev/null || echo ' + uncommitted changes')"
else
    setmeta commit "(not a git checkout)"
fi

echo
python3 $here/report.py report "$out" || die "report failed"
echo
note "results: $out/results.json, report: $out/report.md; raw outputs: $raw/"
