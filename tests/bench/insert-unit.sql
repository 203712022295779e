-- pgbench script: the INSERT zi-server runs for POST /v1/units (units_db.c, S_CREATE
-- "units_create"), with the row wrk's post-unit.lua sends: {"code": C, "name": "Bench " C,
-- "kind": "sd"}, C unique per transaction. Run with pgbench -M prepared, so that it is
-- prepared once per connection like the server's statement.
-- Differences from the server's text, both mechanical: the server binds the request body as
-- $1::jsonb, this script builds the same JSON text from pgbench's variables (client_id and a
-- random n, so codes do not collide) and casts it to jsonb the same way; the colons of the
-- to_char formats are written \x3a in E'' strings (pgbench would take ":MI" and ":SS" for
-- variables). run.sh checks this file against the compiled server (report.py sqlcheck).
-- run.sh runs it twice: as a plain insert (PGOPTIONS session_replication_role=replica: no
-- trigger fires, so neither the journal nor anything else) and with every trigger on, as the
-- server's insert runs; the server's transaction does more than this statement.
\set n random(1, 999999999999)
INSERT INTO units AS u (code, name, kind, parent_id, address, head_name, staff_count, designation_decree, designated_on) SELECT (b.j ->> 'code'), (b.j ->> 'name'), (b.j ->> 'kind'), (b.j ->> 'parent_id')::uuid, (b.j ->> 'address'), (b.j ->> 'head_name'), (b.j ->> 'staff_count')::int, (b.j ->> 'designation_decree'), (b.j ->> 'designated_on')::date FROM (SELECT ('{"code":"pgb' || :client_id || 'x' || :n || '","name":"Bench pgb' || :client_id || 'x' || :n || '","kind":"sd"}')::jsonb AS j) AS b RETURNING json_build_object('id', u.id, 'code', u.code, 'name', u.name, 'kind', u.kind, 'parent_id', u.parent_id, 'address', u.address, 'head_name', u.head_name, 'staff_count', u.staff_count, 'designation_decree', u.designation_decree, 'designated_on', to_char(u.designated_on, 'YYYY-MM-DD'), 'predicate', u.predicate, 'active', u.archived_at IS NULL, 'archived_at', to_char(u.archived_at AT TIME ZONE 'UTC', E'YYYY-MM-DD"T"HH24\x3aMI\x3aSS.US"Z"'), 'created_at', to_char(u.created_at AT TIME ZONE 'UTC', E'YYYY-MM-DD"T"HH24\x3aMI\x3aSS.US"Z"'), 'updated_at', to_char(u.updated_at AT TIME ZONE 'UTC', E'YYYY-MM-DD"T"HH24\x3aMI\x3aSS.US"Z"'), 'version', u.version)::text, u.version, u.id::text;
