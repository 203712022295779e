# shellcheck shell=bash disable=SC2154  # sourced by run.sh, whose variables it uses
# The reports scenarios of tests/bench/run.sh (sourced by it; uses its helpers and variables):
# the list of gratification reports over a data set of BENCH_REPORTS reports (1,000,000 by
# default), as the UPG reads it, page 1 against a deep page (keyset cursors should make both
# cost the same) and the UPG's queue (?sort=next_due&due_within=5, "what needs the UPG this
# week": openapi.yaml, listGratificationReports), each against pgbench on the server's own
# statement.
#
# The data set lives in its own database, zi_bench_reports, kept between invocations: loading
# a million rows takes minutes, measuring them seconds. The database's comment is the marker
# ("zi-bench-reports n=N fp=HASH", HASH over sql/migrations/*.sql and reports-load.sql): a
# different count, a changed migration or loader, or a half-done load (no comment yet) means
# drop and load again. Only the access records the list writes (one per page read) pile up
# between invocations; they are not read by the lists measured.
#
# Its own zi-server instance (the second one, rserver) serves it, so that zi_bench stays the
# fresh 100-unit database the other scenarios read.

rdb=zi_bench_reports

# Prints the statement whose text matches REGEX in OBJ, in the form a pgbench script needs.
reports_stmt() { python3 "$here"/report.py stmt "$1" "$2"; }

# reports_script FILE STMT ARGS: a pgbench script that PREPAREs the statement once per
# connection and EXECUTEs it with ARGS. Why not -M prepared: the server binds NULL to the
# filters it does not use, and pgbench cannot bind NULL; written as NULL literals the
# planner would fold them away and plan another query. PREPARE/EXECUTE (protocol simple)
# gives PostgreSQL the same parameterised statement with the same NULLs, planned by the same
# plan cache (custom plans first, then maybe the generic one) as the server's PQprepare. It
# costs pgbench the parsing of the short EXECUTE text per transaction, which favours the
# server slightly in the ratio. Run with -D prepared=0.
reports_script() {
    {
        echo '\if :prepared = 0'
        printf 'PREPARE bench_q AS %s;\n' "$2"
        echo '\set prepared 1'
        echo '\endif'
        printf 'EXECUTE bench_q(%s);\n' "$3"
    } >"$1"
}

reports_prepare() {
    local fp marker have t0 obj stmt_created stmt_due p row first next n pos
    fp=$(cat sql/migrations/*.sql $here/reports-load.sql | sha256sum | cut -c1-16)
    marker="zi-bench-reports n=$nreports fp=$fp"
    have=$(pgq -At -c "SELECT coalesce(shobj_description(oid, 'pg_database'), '(none)') FROM pg_database
                       WHERE datname = '$rdb'") || die "cannot query the cluster"
    rurl=$(sql/pg-cluster.sh url "$pgdir" "$rdb") || exit 1
    if [ "$have" = "$marker" ]; then
        note "reports: reusing $rdb ($marker)"
        setmeta reports_loaded "reused"
        "$bin" migrate --database-url "$rurl" >>"$out/migrate.log" 2>&1 || die "migrate of $rdb failed"
    else
        note "reports: loading $nreports reports into $rdb (${have:+was: $have}); this takes a while"
        t0=$(date +%s)
        pgq -c "DROP DATABASE IF EXISTS $rdb WITH (FORCE)" -c "CREATE DATABASE $rdb" || die "could not create $rdb"
        "$bin" migrate --database-url "$rurl" >>"$out/migrate.log" 2>&1 || die "migrate of $rdb failed"
        for f in sql/seed/*.sql; do
            psql "$rurl" -X -q -v ON_ERROR_STOP=1 --single-transaction -f "$f" >/dev/null || die "loading $f failed"
        done
        psql "$rurl" -X -q -v ON_ERROR_STOP=1 --single-transaction -v n="$nreports" -f $here/reports-load.sql \
            || die "loading the reports failed"
        # FREEZE: the reads measured must not be the ones setting hint bits on a million rows.
        pgq -d "$rdb" -c "VACUUM (FREEZE, ANALYZE)" || die "VACUUM of $rdb failed"
        pgq -c "COMMENT ON DATABASE $rdb IS '$marker'" || die "could not mark $rdb"
        setmeta reports_loaded "loaded in $(($(date +%s) - t0)) s"
        note "reports: loaded in $(($(date +%s) - t0)) s"
    fi
    n=$(pgq -d "$rdb" -At -c "SELECT count(*) FROM gratification_reports")
    setmeta reports_rows "$n"
    setmeta reports_db_size "$(pgq -At -c "SELECT pg_size_pretty(pg_database_size('$rdb'))")"
    # The UPG works the queue; an upg key sees every report (no unit, no NIP filter).
    rkey=$("$bin" create-key --role upg --name "bench-upg" --database-url "$rurl") || die "create-key (upg) failed"
    start_server rserver "$rurl" "$out/server-reports.log"
    rbase=http://127.0.0.1:$rserver_port
    setmeta reports_rss_idle_kb "$(vm "$rserver_pid" VmRSS)"

    # The server's today is UTC (api_today); its due_within=5 is 5 working days on from it,
    # which the server itself computes for us (GET /v1/working-days).
    rtoday=$(date -u +%F)
    rdue_by=$(curl -sf "$rbase/v1/working-days?from=$rtoday&add=5" |
        python3 -c 'import json, sys; print(json.load(sys.stdin)["date"])') || die "GET /v1/working-days failed"
    setmeta reports_queue_rows "$(pgq -d "$rdb" -At -c "SELECT count(*) FROM gratification_reports WHERE next_due <= '$rdue_by'")"

    # Page 1, and the position of the deep page: page 10,000 of 50 (row 500,000), or the
    # middle of a smaller data set.
    rpage1="/v1/gratification-reports?limit=50"
    rqueue="/v1/gratification-reports?limit=50&sort=next_due&due_within=5"
    code=$(curl -s -o "$raw/check-rpage1.json" -w '%{http_code}' -H "Authorization: Bearer $rkey" "$rbase$rpage1")
    [ "$code" = 200 ] || die "GET $rpage1 answered $code: $(head -c 300 "$raw/check-rpage1.json")"
    pos=$((n / 2 < 500000 ? n / 2 : 500000))
    pos=$((pos / 50 * 50))
    setmeta reports_deep_page "$((pos / 50 + 1))"
    # The cursor is opaque to clients. Following it from page 1 would read 2,500 pages of 200,
    # each writing an access record: minutes. So the cursor is built the way the server builds
    # it (report.py cursor: base64url of ["created_at", micros, id]) from the row before the
    # deep page, after proving on page 1 that this is the server's encoding: the cursor built
    # for row 50 must be page 1's next_cursor, and the deep page must start at row pos + 1.
    row=$(pgq -d "$rdb" -At -F ' ' -c "SELECT (extract(epoch FROM created_at) * 1000000)::bigint::text, id
                                        FROM gratification_reports ORDER BY created_at, id OFFSET 49 LIMIT 1")
    next=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["next_cursor"])' "$raw/check-rpage1.json")
    # shellcheck disable=SC2086
    if [ "$(python3 "$here"/report.py cursor created_at $row)" = "$next" ]; then
        row=$(pgq -d "$rdb" -At -F ' ' -c "SELECT (extract(epoch FROM created_at) * 1000000)::bigint::text, id
                                            FROM gratification_reports ORDER BY created_at, id OFFSET $((pos - 1)) LIMIT 1")
        # shellcheck disable=SC2086
        rcursor=$(python3 "$here"/report.py cursor created_at $row)
        setmeta reports_cursor "built like the server's, checked against page 1's next_cursor"
    else
        note "reports: the cursor is not encoded as expected; following next_cursor over $pos rows (slow)"
        rcursor=""
        p=0
        while [ $p -lt "$pos" ]; do
            curl -sf -o "$raw/follow.json" -H "Authorization: Bearer $rkey" \
                "$rbase/v1/gratification-reports?limit=200${rcursor:+&cursor=$rcursor}" || die "following the cursor failed"
            rcursor=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["next_cursor"])' "$raw/follow.json")
            p=$((p + 200))
        done
        pos=$p
        setmeta reports_cursor "followed from page 1 (limit=200)"
        row=$(pgq -d "$rdb" -At -F ' ' -c "SELECT (extract(epoch FROM created_at) * 1000000)::bigint::text, id
                                            FROM gratification_reports ORDER BY created_at, id OFFSET $((pos - 1)) LIMIT 1")
    fi
    rdeep="/v1/gratification-reports?limit=50&cursor=$rcursor"
    read -r rdeep_micros rdeep_id <<<"$row"
    first=$(pgq -d "$rdb" -At -c "SELECT id FROM gratification_reports ORDER BY created_at, id OFFSET $pos LIMIT 1")
    code=$(curl -s -o "$raw/check-rdeep.json" -w '%{http_code}' -H "Authorization: Bearer $rkey" "$rbase$rdeep")
    [ "$code" = 200 ] || die "GET $rdeep answered $code: $(head -c 300 "$raw/check-rdeep.json")"
    [ "$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["data"][0]["id"])' "$raw/check-rdeep.json")" = "$first" ] ||
        die "the deep page does not start at row $((pos + 1)) ($first): see $raw/check-rdeep.json"
    code=$(curl -s -o "$raw/check-rqueue.json" -w '%{http_code}' -H "Authorization: Bearer $rkey" "$rbase$rqueue")
    [ "$code" = 200 ] || die "GET $rqueue answered $code: $(head -c 300 "$raw/check-rqueue.json")"

    # pgbench scripts from the compiled statements (reports_db.c: reports_list_created,
    # reports_list_due), with the parameters the server binds for these three requests:
    # $1-$10 filters (NULL), $11 today, $12 due_by (due_within), $13 $14 the cursor, $15 limit+1.
    obj=$build/obj/server/src/db/reports_db.o
    stmt_created=$(reports_stmt "$obj" "^SELECT json_build_object\('id', g\.id, .* ORDER BY g\.created_at, g\.id LIMIT \\\$15::int$") ||
        die "the reports_list_created statement is not in $obj"
    stmt_due=$(reports_stmt "$obj" "^SELECT json_build_object\('id', g\.id, .* ORDER BY coalesce\(g\.next_due, 'infinity'::date\), g\.id LIMIT \\\$15::int$") ||
        die "the reports_list_due statement is not in $obj"
    local nulls="NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL"
    reports_script "$out/pgbench-rpage1.sql" "$stmt_created" "$nulls, '$rtoday', NULL, NULL, NULL, 51"
    reports_script "$out/pgbench-rdeep.sql" "$stmt_created" "$nulls, '$rtoday', NULL, '$rdeep_micros', '$rdeep_id', 51"
    reports_script "$out/pgbench-rqueue.sql" "$stmt_due" "$nulls, '$rtoday', '$rdue_by', NULL, NULL, 51"
    # The plans PostgreSQL keeps for them after the plan cache has settled (6 executions).
    for s in rpage1 rdeep rqueue; do
        {
            grep '^PREPARE' "$out/pgbench-$s.sql"
            for _ in 1 2 3 4 5 6; do grep '^EXECUTE' "$out/pgbench-$s.sql"; done
            echo "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) $(grep '^EXECUTE' "$out/pgbench-$s.sql")"
        } | psql "$rurl" -X -q -v ON_ERROR_STOP=1 2>&1 | grep -v '^ *{' | sed -n '/QUERY PLAN/,$p' >"$raw/plan-$s.txt"
    done
    setmeta reports_today "$rtoday"
    setmeta reports_due_by "$rdue_by"
}

reports_warmup() {
    local s
    for s in "$rpage1" "$rdeep" "$rqueue"; do
        wrk -t2 -c16 -d2s -s $here/reports-list.lua "$rbase$s" -- "$rkey" >/dev/null 2>&1
    done
    server_alive "$rserver_pid" "$out/server-reports.log"
}

reports_run() {
    local run=$1 c
    for c in 16 64; do
        wrk_base=$rbase bench_wrk "$run" rpage1 $c "$rpage1" $here/reports-list.lua "$rkey"
        pg_url=$rurl pg_mode=simple bench_pgbench "$run" rpage1 $c "$out/pgbench-rpage1.sql" -D prepared=0
        wrk_base=$rbase bench_wrk "$run" rdeep $c "$rdeep" $here/reports-list.lua "$rkey"
        pg_url=$rurl pg_mode=simple bench_pgbench "$run" rdeep $c "$out/pgbench-rdeep.sql" -D prepared=0
        wrk_base=$rbase bench_wrk "$run" rqueue $c "$rqueue" $here/reports-list.lua "$rkey"
        pg_url=$rurl pg_mode=simple bench_pgbench "$run" rqueue $c "$out/pgbench-rqueue.sql" -D prepared=0
    done
}
