#!/usr/bin/env bash
# Scale-out (issue 13 §6): two zi-server instances behind nginx on loopback, one database.
# tests/scale/check.py then proves, through nginx and past it: racing idempotent POSTs make
# one row; a key revoked through one instance is refused by the other within the README's
# bound; a feed consumer sees every write once, in order, while writers go through both
# instances. Prints "N passed, N failed"; exits non-zero on any failure; leaves nothing running.
#
# Usage: tests/scale/run.sh <build-dir>
set -uo pipefail
build=${1:-build}
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root" || exit 2
bin=$build/bin/zi-server
pgdir=var/test-pg
work=$(mktemp -d "${TMPDIR:-/tmp}/zi-scale.XXXXXX")
db=zi_scale_$$
pids=()
cleanup() {
    [ -f "$work/nginx.pid" ] && kill -QUIT "$(cat "$work/nginx.pid")" 2>/dev/null
    for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null && wait "$p" 2>/dev/null; done
    sql/pg-cluster.sh psql $pgdir -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1
    sql/pg-cluster.sh stop $pgdir >/dev/null 2>&1
    rm -rf "$work"
}
trap cleanup EXIT

nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
if [ ! -x "$nginx_bin" ]; then
    echo "tests/scale: nginx is missing (make deps-test installs it)"
    exit 1
fi
if [ ! -e $pgdir/data/PG_VERSION ]; then
    ZI_PG_FAST=1 sql/pg-cluster.sh init $pgdir "$(sql/free-port.sh)" >/dev/null || exit 1
fi
sql/pg-cluster.sh start $pgdir >/dev/null || exit 1
sql/pg-cluster.sh psql $pgdir -qc "CREATE DATABASE $db" || exit 1
url=$(sql/pg-cluster.sh url $pgdir "$db")
"$bin" migrate --database-url "$url" >"$work/migrate.log" 2>&1 || { cat "$work/migrate.log"; exit 1; }
for f in sql/seed/*.sql; do psql "$url" -q -v ON_ERROR_STOP=1 --single-transaction -f "$f" >/dev/null || exit 1; done
key=$("$bin" create-key --role admin --name "scale-out test" --database-url "$url") || exit 1

wait_ready() {
    for _ in $(seq 1 100); do
        curl -sf "http://127.0.0.1:$1/healthz" >/dev/null 2>&1 && return 0
        sleep 0.1
    done
    echo "tests/scale: nothing answers on port $1"
    return 1
}

ports=()
for i in 1 2; do
    port=$(sql/free-port.sh)
    # Behind a proxy every client is one address: the per-address cap is raised, as the
    # README's deployment notes say; rate limits are off for the load.
    "$bin" serve --database-url "$url" --listen "127.0.0.1:$port" --log-level warning --rate-limit-per-min 0 \
        --max-connections-per-address 900 >"$work/zi-$i.log" 2>&1 &
    pids+=($!)
    ports+=("$port")
done
for p in "${ports[@]}"; do wait_ready "$p" || exit 1; done

proxy=$(sql/free-port.sh)
mkdir -p "$work/tmp"
user_line=""
[ "$(id -u)" = 0 ] && user_line="user root;"
cat >"$work/nginx.conf" <<CONF
$user_line
worker_processes 1;
pid $work/nginx.pid;
error_log $work/nginx-error.log warn;
events { worker_connections 512; }
http {
    access_log off;
    client_body_temp_path $work/tmp/body;
    proxy_temp_path $work/tmp/proxy;
    fastcgi_temp_path $work/tmp/fastcgi;
    uwsgi_temp_path $work/tmp/uwsgi;
    scgi_temp_path $work/tmp/scgi;
    upstream zi {
        server 127.0.0.1:${ports[0]};
        server 127.0.0.1:${ports[1]};
        keepalive 32;
    }
    server {
        listen 127.0.0.1:$proxy;
        location / {
            proxy_pass http://zi;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host \$host;
            proxy_set_header X-Forwarded-For \$remote_addr;
            proxy_read_timeout 60s;
            proxy_next_upstream off;
        }
    }
}
CONF
"$nginx_bin" -t -q -c "$work/nginx.conf" -e "$work/nginx-error.log" || { cat "$work/nginx-error.log"; exit 1; }
"$nginx_bin" -c "$work/nginx.conf" -e "$work/nginx-error.log" || { cat "$work/nginx-error.log"; exit 1; }
wait_ready "$proxy" || { cat "$work/nginx-error.log"; exit 1; }

echo "scale-out: nginx on $proxy in front of zi-server on ${ports[0]} and ${ports[1]}"
python3 tests/scale/check.py "http://127.0.0.1:$proxy" "http://127.0.0.1:${ports[0]}" \
    "http://127.0.0.1:${ports[1]}" "$key"
rc=$?
for i in 1 2; do
    if grep -qE 'AddressSanitizer|runtime error:' "$work/zi-$i.log"; then
        echo "FAIL: sanitizer report in instance $i's log"
        rc=1
    fi
done
exit $rc
