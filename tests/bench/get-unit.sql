-- pgbench script: the statement zi-server runs for GET /v1/units/{id}
-- (units_db.c, S_GET "units_get"), run with pgbench -M prepared -D id=<uuid>, so that it is
-- prepared once per connection and executed with one text parameter, as the server does.
-- Two mechanical differences from the server's text, both resolved by the SQL lexer (the
-- parsed statement is identical): $1 is written :id (pgbench makes it $1 again), and the
-- colons of the to_char formats are written \x3a in E'' strings, because pgbench would take
-- ":MI" and ":SS" for variables. run.sh checks this file against the compiled server.
SELECT json_build_object('id', u.id, 'code', u.code, 'name', u.name, 'kind', u.kind, 'parent_id', u.parent_id, 'address', u.address, 'head_name', u.head_name, 'staff_count', u.staff_count, 'designation_decree', u.designation_decree, 'designated_on', to_char(u.designated_on, 'YYYY-MM-DD'), 'predicate', u.predicate, 'active', u.archived_at IS NULL, 'archived_at', to_char(u.archived_at AT TIME ZONE 'UTC', E'YYYY-MM-DD"T"HH24\x3aMI\x3aSS.US"Z"'), 'created_at', to_char(u.created_at AT TIME ZONE 'UTC', E'YYYY-MM-DD"T"HH24\x3aMI\x3aSS.US"Z"'), 'updated_at', to_char(u.updated_at AT TIME ZONE 'UTC', E'YYYY-MM-DD"T"HH24\x3aMI\x3aSS.US"Z"'), 'version', u.version)::text, u.version FROM units u WHERE u.id = :id::uuid;
