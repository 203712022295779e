#!/usr/bin/env bash
# The soak of zi-server (`make soak`, not part of `make test`): SOAK_SECONDS (600) of mixed load
# with a hostile stream beside it; fails if RSS or open descriptors keep growing after the
# warm-up, or if the server dies, answers 5xx to bad input, stops answering /healthz or does
# not exit 0 on SIGTERM.
#
# Usage: tests/soak/run.sh [BUILD_DIR]   (default: build; zi-server must be built: make all)
# Environment:
#   SOAK_SECONDS (600)      length of the load; the first 20 % is warm-up
#   SOAK_CONNECTIONS (8)    wrk connections of the mix (2 threads); SOAK_DELAY_MS (10) pause
#                           between one connection's requests: a steady few hundred a second,
#                           not a benchmark
#   SOAK_HOSTILE_RATE (30)  hostile requests a second (tests/soak/hostile.py), spread over its ~50
#                           cases: a case that leaks 25 KB a request adds ~8 MiB in 10 minutes
#   SOAK_HOSTILE_SKIP       comma-separated hostile cases to leave out (to tell which one leaks)
#   SOAK_SAMPLE_S           seconds between samples (default SOAK_SECONDS / 120, at least 1)
#   SOAK_RSS_PCT (10), SOAK_RSS_MB (4), SOAK_FD_SLACK (5), SOAK_MAX_BAD_PCT (0.1): the bounds
#                           (tests/soak/analyse.py states the rule)
#
# What it does: a private PostgreSQL cluster under var/soak-pg (throw-away: fsync off; created
# once, reused, stopped at the end), a fresh database zi_soak (migrated, demo data, one admin
# key), zi-server (plain build) on a free port; then, all at once for SOAK_SECONDS:
#   wrk -t2 -c$SOAK_CONNECTIONS  tests/soak/mixed.lua mix: reads, lists, POSTs with and without
#                                Idempotency-Key, PATCH with If-Match, events with wait=1
#   wrk -t1 -c2                  tests/soak/mixed.lua feed: long-polls, half of them wait 1 s
#   tests/soak/hostile.py        malformed and oversized bodies, bad keys, ambiguous framing,
#                                thousands of query parameters, invalid UTF-8, requests started
#                                and abandoned
#   a sampler                    VmRSS, open descriptors, threads of zi-server every SOAK_SAMPLE_S
# then one idle sample, GET /healthz, a count of units the hostile requests wrote (must be 0),
# SIGTERM (exit 0 expected), and the verdict: build/soak/report.md, build/soak/samples.csv.
# Works as root (the cluster runs as postgres, see sql/pg-cluster.sh) and as a normal user.
set -uo pipefail
build=${1:-build}
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root" || exit 1
here=tests/soak
secs=${SOAK_SECONDS:-600}
conns=${SOAK_CONNECTIONS:-8}
delay=${SOAK_DELAY_MS:-10}
hrate=${SOAK_HOSTILE_RATE:-30}
pgdir=var/soak-pg
db=zi_soak
bin=$build/bin/zi-server
out=$build/soak
meta=$out/meta.env
samples=$out/samples.csv

die() {
    echo "soak: $*" >&2
    exit 1
}
note() {
    echo "soak: $*" >&2
}

for v in secs conns delay hrate; do
    [[ ${!v} =~ ^[1-9][0-9]*$ ]] || die "$v must be a positive integer (got '${!v}')"
done
((secs >= 20)) || die "SOAK_SECONDS must be at least 20 (a verdict needs samples in each quarter)"
sample_s=${SOAK_SAMPLE_S:-$(((secs + 119) / 120))}
[[ $sample_s =~ ^[1-9][0-9]*$ ]] || die "SOAK_SAMPLE_S must be a positive integer (got '$sample_s')"
[ -x "$bin" ] || die "$bin is not built (run: make all)"
for tool in wrk psql curl python3; do
    command -v $tool >/dev/null || die "$tool is missing (make soak installs it: sh tools/deps.sh wrk)"
done

rm -rf "$out"
mkdir -p "$out"
: >"$meta"
setmeta() { printf '%s=%s\n' "$1" "$2" >>"$meta"; }

server_pid=""
sampler_pid=""
load_pids=()
cluster_started=0
cleanup() {
    local rc=$?
    local p
    for p in "${load_pids[@]}" $sampler_pid; do
        kill -TERM "$p" 2>/dev/null
    done
    for p in "${load_pids[@]}" $sampler_pid; do
        wait "$p" 2>/dev/null
    done
    if [ -n "$server_pid" ]; then
        kill -TERM "$server_pid" 2>/dev/null
        wait "$server_pid" 2>/dev/null
    fi
    if [ "$cluster_started" = 1 ]; then
        sql/pg-cluster.sh stop "$pgdir" >/dev/null 2>&1 || note "could not stop the cluster in $pgdir"
    fi
    exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

pgq() { sql/pg-cluster.sh psql "$pgdir" -X -q -v ON_ERROR_STOP=1 "$@"; }

# ---- the cluster (throw-away), a fresh database --------------------------------------------
if [ ! -e "$pgdir/data/PG_VERSION" ]; then
    ZI_PG_FAST=1 sql/pg-cluster.sh init "$pgdir" "$(sql/free-port.sh)" || die "could not create the cluster in $pgdir"
fi
cluster_started=1
sql/pg-cluster.sh start "$pgdir" >/dev/null 2>&1 || sql/pg-cluster.sh start "$pgdir" || die "could not start $pgdir"
pgq -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" || die "could not drop the old $db"
pgq -c "CREATE DATABASE $db" || die "could not create $db"
url=$(sql/pg-cluster.sh url "$pgdir" "$db") || exit 1
"$bin" migrate --database-url "$url" >"$out/migrate.log" 2>&1 || { cat "$out/migrate.log"; die "migrate failed"; }
for f in sql/seed/*.sql; do
    psql "$url" -X -q -v ON_ERROR_STOP=1 --single-transaction -f "$f" >/dev/null || die "loading $f failed"
done
key=$("$bin" create-key --role admin --name "soak" --database-url "$url") || die "create-key failed"
unit_ids=$(pgq -d "$db" -At -c "SELECT string_agg(id::text, ',') FROM (SELECT id FROM units ORDER BY code LIMIT 50) u")
[ -n "$unit_ids" ] || die "no unit in $db"
first_unit=${unit_ids%%,*}

# ---- the server ---------------------------------------------------------------------------
# The rate limiter stays on (its per-client state is part of what must not grow) with a budget
# no soak client reaches.
server_args="--log-level warning --rate-limit-per-min 6000000 --rate-limit-burst 100000"
for attempt in 1 2 3; do
    port=$(sql/free-port.sh)
    # shellcheck disable=SC2086
    "$bin" serve --database-url "$url" --listen "127.0.0.1:$port" $server_args >"$out/server.log" 2>&1 &
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
code=$(curl -s -o /dev/null -w '%{http_code}' -X POST "$base/v1/units" -H "Authorization: Bearer $key" \
    -H 'Content-Type: application/json' -d '{"code":"soak-check","name":"Soak check","kind":"sd"}')
[ "$code" = 201 ] || die "POST /v1/units answered $code"

# ---- load, hostile stream and sampler, all at once ----------------------------------------
# Sampler: t_s,phase,rss_kb,fds,threads; t is seconds since the load started. The sampler
# reads /proc only: ls of /proc/PID/fd counts the server's descriptors (ours, as its owner, or
# as root).
sample() { # PHASE T
    local rss thr fds
    rss=$(awk '$1 == "VmRSS:" {print $2}' "/proc/$server_pid/status" 2>/dev/null)
    thr=$(awk '$1 == "Threads:" {print $2}' "/proc/$server_pid/status" 2>/dev/null)
    # shellcheck disable=SC2012  # the names are numbers
    fds=$(ls "/proc/$server_pid/fd" 2>/dev/null | wc -l)
    [ -n "$rss" ] && printf '%s,%s,%s,%s,%s\n' "$2" "$1" "$rss" "$fds" "$thr" >>"$samples"
}
echo "t_s,phase,rss_kb,fds,threads" >"$samples"
sample idle 0
note "zi-server on $base (pid $server_pid), database $db; $secs s of load, a sample every $sample_s s"
note "mix: wrk -t2 -c$conns, ${delay} ms between a connection's requests; feed: wrk -t1 -c2; hostile: $hrate/s"

setmeta loadavg_before "$(cut -d' ' -f1-3 /proc/loadavg)"
t0=$(date +%s%N)
# Both wrk runs end on their own after $secs; --timeout above the 1 s long-polls.
wrk -t2 -c"$conns" -d"${secs}s" --timeout 10s -s $here/mixed.lua "$base" -- "$key" "$delay" "$unit_ids" mix \
    >"$out/wrk-mix.txt" 2>&1 &
load_pids+=($!)
wrk -t1 -c2 -d"${secs}s" --timeout 10s -s $here/mixed.lua "$base" -- "$key" 50 "$unit_ids" feed \
    >"$out/wrk-feed.txt" 2>&1 &
load_pids+=($!)
python3 $here/hostile.py --port "$port" --key "$key" --unit "$first_unit" --seconds "$secs" --rate "$hrate" \
    --skip "${SOAK_HOSTILE_SKIP:-}" --out "$out/hostile.json" >"$out/hostile.log" 2>&1 &
load_pids+=($!)
(
    i=1
    while :; do
        # Sleep to the next multiple of sample_s from t0, so the samples do not drift.
        now=$(date +%s%N)
        next=$((t0 + i * sample_s * 1000000000))
        ((next > now)) && sleep "$(awk -v d=$((next - now)) 'BEGIN { printf "%.3f", d / 1e9 }')"
        ((i * sample_s > secs)) && break
        sample load $((i * sample_s))
        i=$((i + 1))
    done
) &
sampler_pid=$!

server_alive=1
died=""
for p in "${load_pids[@]}"; do
    while kill -0 "$p" 2>/dev/null; do
        if ! kill -0 "$server_pid" 2>/dev/null; then
            wait "$server_pid"
            died="exit status $? during the load"
            server_alive=0
            server_pid=""
            break 2
        fi
        sleep 1
    done
    wait "$p"
done
wait "$sampler_pid" 2>/dev/null
sampler_pid=""
if [ "$server_alive" = 1 ]; then
    wait "${load_pids[@]}" 2>/dev/null
fi
load_pids=()
setmeta loadavg_after "$(cut -d' ' -f1-3 /proc/loadavg)"
setmeta server_alive "$server_alive"
setmeta server_died "$died"

# ---- after the load: idle sample, /healthz, nothing written by hostile requests, SIGTERM --
healthz=dead
sigterm_exit=none
sigterm_ms=0
hostile_writes="?"
if [ -n "$server_pid" ]; then
    sleep 3
    sample idle $((($(date +%s%N) - t0) / 1000000000))
    healthz=$(curl -s -o /dev/null -m 5 -w '%{http_code}' "$base/healthz")
    hostile_writes=$(pgq -d "$db" -At -c "SELECT count(*) FROM units WHERE code ILIKE 'hostile%'")
    s0=$(date +%s%N)
    kill -TERM "$server_pid"
    # TimeoutStopSec of deploy/systemd/zi-server.service is the bound in production.
    for _ in $(seq 1 400); do
        kill -0 "$server_pid" 2>/dev/null || break
        sleep 0.1
    done
    if kill -0 "$server_pid" 2>/dev/null; then
        sigterm_exit="still running 40 s after SIGTERM"
        kill -KILL "$server_pid"
        wait "$server_pid" 2>/dev/null
    else
        wait "$server_pid"
        sigterm_exit=$?
    fi
    sigterm_ms=$((($(date +%s%N) - s0) / 1000000))
    server_pid=""
fi
setmeta healthz_end "$healthz"
setmeta hostile_writes "$hostile_writes"
setmeta sigterm_exit "$sigterm_exit"
setmeta sigterm_ms "$sigterm_ms"
# Nothing of ours may outlive the run: children of this shell (the cluster is stopped by the trap).
leftover=$(pgrep -a -P $$ | grep -E 'wrk|hostile|zi-server' | tr -s ' \n' ' ')
setmeta leftover "$leftover"
[ -s "$out/hostile.json" ] || { cat "$out/hostile.log" >&2; die "the hostile stream wrote no statistics"; }
log_lines=$(grep -cv '^zi-server listening on ' "$out/server.log")
[ "$log_lines" -gt 0 ] && note "zi-server logged $log_lines warning/error line(s) in $out/server.log"

setmeta seconds "$secs"
setmeta sample_s "$sample_s"
setmeta mix "mix -t2 -c$conns, ${delay} ms pause; feed -t1 -c2"
setmeta hostile "$hrate requests/s, abandoned requests every 2 s${SOAK_HOSTILE_SKIP:+, without $SOAK_HOSTILE_SKIP}"
setmeta server_args "$server_args"
setmeta server_log_lines "$log_lines"
setmeta date "$(date -u '+%Y-%m-%d %H:%M UTC')"
setmeta user "$(id -un)"
setmeta cpus "$(nproc)"
setmeta kernel "Linux $(uname -r)"
commit=$(git rev-parse --short HEAD 2>/dev/null) && { git diff --quiet HEAD -- server || commit="$commit + uncommitted changes"; }
setmeta commit "${commit:-?}"

echo
python3 $here/analyse.py report --samples "$samples" --meta "$meta" --hostile "$out/hostile.json" \
    --wrk "$out/wrk-mix.txt" --wrk "$out/wrk-feed.txt" --report "$out/report.md"
