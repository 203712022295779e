#ifndef ZI_SQL_COMMON_H
#define ZI_SQL_COMMON_H
/* SQL fragments shared by the db modules (compile-time string pieces, no I/O). */

/* RFC 3339 UTC with microseconds, whatever the session's TimeZone. */
#define TS(col) "to_char(" col " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')"
/* A timestamp as integer microseconds since the epoch (exact keyset cursor values) and back. */
#define MICROS(col) "(extract(epoch FROM " col ") * 1000000)::bigint::text"
#define FROM_MICROS(param) "('epoch'::timestamptz + " param "::bigint * interval '1 microsecond')"

/* A member of the request body, given to a write statement as $n::jsonb and aliased b.j
 * ("FROM (SELECT $n::jsonb AS j) AS b"), and a column set from it only when present. */
#define MEMBER(col) "(b.j ->> '" col "')"
#define SET_IF(alias, col, expr) col " = CASE WHEN b.j ? '" col "' THEN " expr " ELSE " alias "." col " END"

#endif
