#!/usr/bin/env bash
# Where the time goes in one benchmark scenario (issue 12 item 4): perf samples every CPU while
# wrk drives zi-server at C connections, then prints the share of each process (wrk, zi-server,
# the PostgreSQL backends, the kernel's idle) and zi-server's hottest functions.
#
# Usage: tests/bench/profile.sh BASE_URL PATH [C] [SECONDS] [HEADER]
#   e.g. tests/bench/profile.sh http://127.0.0.1:8080 /v1/units/<id> 64 10
# Needs perf (linux-perf) and wrk, a running zi-server built with symbols (make all builds -g),
# and root or kernel.perf_event_paranoid ≤ 0. Output: build/bench/profile/{by-process,zi-server}.txt.
set -euo pipefail
base=$1 path=$2 c=${3:-64} secs=${4:-10} header=${5:-}
root=$(cd "$(dirname "$0")/../.." && pwd)
out=$root/build/bench/profile
mkdir -p "$out"
for tool in perf wrk; do
    command -v $tool >/dev/null || { echo "profile: $tool is missing" >&2; exit 1; }
done
args=(-t2 -c"$c" -d"${secs}s" --latency)
[ -n "$header" ] && args+=(-H "$header")
perf record -a -g -F 499 -o "$out/perf.data" -- wrk "${args[@]}" "$base$path" >"$out/wrk.txt" 2>"$out/perf-record.log"
# zi-server's threads are named by libmicrohttpd (MHD-connection, MHD-listen) or zi-server.
comms=MHD-connection,MHD-listen,zi-server
perf report -i "$out/perf.data" --no-children --sort comm --stdio -g none 2>/dev/null |
    grep -E '^ +[0-9.]+%' | head -12 >"$out/by-process.txt"
perf report -i "$out/perf.data" --no-children --comm "$comms" --sort dso,sym --stdio -g none 2>/dev/null |
    grep -E '^ +[0-9.]+%' >"$out/zi-server.txt"
echo "== wrk"; grep -E 'Requests/sec|Latency|99%' "$out/wrk.txt"
echo "== CPU by process (share of all samples, every CPU, ${secs} s)"; cat "$out/by-process.txt"
echo "== zi-server's threads by library (share of all samples)"
awk '{gsub("%", "", $1); s[$2] += $1} END {for (k in s) printf "%7.2f%%  %s\n", s[k], k}' "$out/zi-server.txt" |
    sort -rn | head -10
echo "== zi-server's threads: hottest functions"; head -25 "$out/zi-server.txt"
