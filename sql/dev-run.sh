#!/usr/bin/env bash
# `make run`: with ZI_DATABASE_URL unset, create once and start a private PostgreSQL
# under ./var, migrate, load the demo data once, print a development admin key and
# serve in the foreground. With ZI_DATABASE_URL set, nothing is provisioned and no
# demo data is loaded (it may be a real database): only migrate and serve.
set -euo pipefail
bin=${1:?usage: sql/dev-run.sh path/to/zi-server}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
mkdir -p var

if [ -n "${ZI_DATABASE_URL:-}" ]; then
    url=$ZI_DATABASE_URL
    keyfile=var/dev-admin-key.$(printf '%s' "$url" | sha256sum | cut -c1-12)
    demo=0
else
    port=${ZI_DEV_PG_PORT:-55432}
    if [ ! -e var/pg/data/PG_VERSION ] && ss -Htan "( sport = :$port )" 2>/dev/null | grep -q .; then
        port=$(sql/free-port.sh)
    fi
    sql/pg-cluster.sh init var/pg "$port"
    sql/pg-cluster.sh start var/pg
    if ! sql/pg-cluster.sh psql var/pg -tAc "SELECT 1 FROM pg_database WHERE datname = 'zi'" | grep -q 1; then
        sql/pg-cluster.sh psql var/pg -qc "CREATE DATABASE zi"
    fi
    url=$(sql/pg-cluster.sh url var/pg zi)
    keyfile=var/dev-admin-key
    demo=1
fi

"$bin" migrate --database-url "$url"

if [ "$demo" = 1 ]; then
    # Each seed file is loaded once: dev_seeds (a table of the private development database
    # only, never of a migration) remembers which. A database seeded before it existed
    # already holds the units of the first file.
    if [ "$(psql "$url" -tAc "SELECT to_regclass('dev_seeds') IS NULL")" = t ]; then
        psql "$url" -qc "CREATE TABLE dev_seeds (name text PRIMARY KEY, loaded_at timestamptz NOT NULL DEFAULT now())"
        if [ "$(psql "$url" -tAc 'SELECT count(*) FROM units')" != 0 ]; then
            psql "$url" -qc "INSERT INTO dev_seeds (name) VALUES ('0001_units.sql')"
        fi
    fi
    for f in sql/seed/*.sql; do
        name=$(basename "$f")
        [ "$(psql "$url" -tAc "SELECT count(*) FROM dev_seeds WHERE name = '$name'")" = 0 ] || continue
        { cat "$f"; printf "\nINSERT INTO dev_seeds (name) VALUES ('%s');\n" "$name"; } |
            psql "$url" -q -v ON_ERROR_STOP=1 --single-transaction || exit 1
        echo "demo data loaded: $name"
    done
fi

# The key is shown once by create-key; keep it so every `make run` can print it again.
if [ ! -s "$keyfile" ]; then
    (umask 077 && "$bin" create-key --role admin --name "development admin (make run)" --database-url "$url" >"$keyfile")
fi
listen=${ZI_LISTEN:-127.0.0.1:8080}
cat <<MSG

  ZI API on http://$listen   (contract: http://$listen/v1/openapi.json)
  development admin key:  $(cat "$keyfile")
  try:  curl -i 'http://$listen/v1/units?limit=2'
  stop with Ctrl-C; \`make stop-db\` stops the private PostgreSQL.

MSG
exec "$bin" serve --database-url "$url"
