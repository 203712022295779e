#!/usr/bin/env python3
"""Helpers of tests/bench/run.sh.

  report.py pct FILE...                 p50 and p99 latency (µs) of pgbench -l logs
  report.py report RESULTS META OUT     the markdown report from results.tsv and meta
"""
import math
import statistics
import sys


def percentile(sorted_vals, q):
    """Nearest-rank percentile (what wrk reports too)."""
    if not sorted_vals:
        return 0
    k = max(0, min(len(sorted_vals) - 1, math.ceil(q / 100.0 * len(sorted_vals)) - 1))
    return sorted_vals[k]


def cmd_pct(files):
    lat = []
    for f in files:
        with open(f) as fh:
            for line in fh:
                parts = line.split()
                if len(parts) >= 3:
                    lat.append(int(parts[2]))
    lat.sort()
    print(percentile(lat, 50), percentile(lat, 99), len(lat))


def load(results):
    rows = []
    with open(results) as fh:
        header = fh.readline().rstrip("\n").split("\t")
        for line in fh:
            vals = line.rstrip("\n").split("\t")
            if len(vals) != len(header):
                continue
            r = dict(zip(header, vals))
            for k in ("run", "conns", "bad", "errors", "rows"):
                r[k] = int(r[k]) if r[k] not in ("", "-") else None
            for k in ("rps", "p50_ms", "p99_ms"):
                r[k] = float(r[k]) if r[k] not in ("", "-") else None
            rows.append(r)
    return rows


def load_meta(path):
    meta = {}
    with open(path) as fh:
        for line in fh:
            if "=" in line:
                k, v = line.rstrip("\n").split("=", 1)
                meta[k] = v
    return meta


def series(rows, scenario, tool, conns, key):
    """{run: value} for one measurement."""
    return {r["run"]: r[key] for r in rows
            if r["scenario"] == scenario and r["tool"] == tool and r["conns"] == conns and r[key] is not None}


def fmt_num(v, kind):
    if kind == "rps":
        return f"{v / 1000:.2f}k" if v >= 1000 else f"{v:.0f}"
    if kind == "ms":
        return f"{v:.2f}" if v < 10 else f"{v:.1f}"
    if kind == "ratio":
        return f"{v:.2f}"
    if kind == "pct":
        return f"{v * 100:+.0f} %"
    return str(v)


def cell(values, kind):
    vals = [v for v in values if v is not None]
    if not vals:
        return "—"
    med = statistics.median(vals)
    if len(vals) == 1:
        return fmt_num(med, kind)
    return f"{fmt_num(med, kind)} ({fmt_num(min(vals), kind)}–{fmt_num(max(vals), kind)})"


def med(values):
    vals = [v for v in values if v is not None]
    return statistics.median(vals) if vals else None


def ratios(num, den):
    return [num[r] / den[r] for r in num if r in den and den[r]]


def cmd_report(results, meta_path, out):
    rows = load(results)
    meta = load_meta(meta_path)
    runs = meta.get("runs", "?")
    secs = meta.get("seconds", "?")
    L = []
    w = L.append
    w(f"# zi-server benchmark — {meta.get('date', '')}")
    w("")
    w(f"Machine: {meta.get('cpus', '?')} CPUs ({meta.get('cpu_model', '?')}), {meta.get('kernel', '')}; "
      f"wrk, zi-server and PostgreSQL share them. zi-server {meta.get('commit', '?')}.")
    w(f"Every figure is the **median of {runs} runs (min–max)**, {secs} s each; the scenarios are "
      "interleaved run by run. Latencies in ms.")
    w("zi-server: `wrk -t2 -cC --latency` on 127.0.0.1 with keep-alive; default pool 8 / threads 8, "
      "`--log-level warning --rate-limit-per-min 0`.")
    w("pgbench: `-n -M prepared -cC -j2` running the statement the server runs "
      "(tests/bench/get-unit.sql, list-units.sql) over the same unix socket as the server; "
      "its p50/p99 come from its per-transaction log (`-l`).")
    w(f"PostgreSQL {meta.get('pg_version', '?')}, private cluster var/bench-pg with fsync={meta.get('fsync', '?')}, "
      f"synchronous_commit={meta.get('synchronous_commit', '?')}, full_page_writes={meta.get('full_page_writes', '?')}.")
    others = meta.get("busy_others")
    w(f"CPU during the measurements: {meta.get('busy_ours', '?')} % of the machine used by the benchmark "
      f"(wrk, pgbench, zi-server, PostgreSQL), {others if others is not None else '?'} % by other processes "
      f"({meta.get('busy_before', '?')} % just before the start).")
    if others is not None and others.isdigit() and int(others) > 10:
        w("")
        w(f"**Warning: other processes used {others} % of the CPUs during the run: the figures below are "
          "lower and noisier than this machine can do. Rerun on a quiet machine before quoting them.**")
    w("")

    w("## Reads")
    w("")
    w("| request | c | zi-server req/s | p50 | p99 | errors¹ | pgbench tps, same c | pgbench p50 | pgbench p99 "
      "| zi / pgbench, same c | zi / pgbench at 8 (pool size) |")
    w("|---|---|---|---|---|---|---|---|---|---|---|")
    names = {"get": "GET /v1/units/{id}", "getkey": "GET /v1/units/{id} with an API key",
             "list": "GET /v1/units?limit=50"}
    summary = {}
    for sc in ("get", "getkey", "list"):
        # The keyed read runs the same SQL as the anonymous one: compared with that pgbench.
        pgsc = "get" if sc == "getkey" else sc
        pg8 = series(rows, pgsc, "pgbench", 8, "rps")
        for c in (16, 64):
            zi = series(rows, sc, "zi", c, "rps")
            pg = series(rows, pgsc, "pgbench", c, "rps")
            errs = [(r["bad"] or 0) + (r["errors"] or 0) for r in rows
                    if r["scenario"] == sc and r["tool"] == "zi" and r["conns"] == c]
            rr = ratios(zi, pg)
            r8 = ratios(zi, pg8)
            summary[(sc, c)] = (med(rr), med(r8),
                                med(series(rows, sc, "zi", c, "p99_ms").values()),
                                med(series(rows, sc, "pgbench", c, "p99_ms").values()))
            w(f"| {names[sc]} | {c} | {cell(zi.values(), 'rps')} "
              f"| {cell(series(rows, sc, 'zi', c, 'p50_ms').values(), 'ms')} "
              f"| {cell(series(rows, sc, 'zi', c, 'p99_ms').values(), 'ms')} "
              f"| {sum(errs)} "
              f"| {cell(pg.values(), 'rps')} "
              f"| {cell(series(rows, pgsc, 'pgbench', c, 'p50_ms').values(), 'ms')} "
              f"| {cell(series(rows, pgsc, 'pgbench', c, 'p99_ms').values(), 'ms')} "
              f"| {cell(rr, 'ratio')} | {cell(r8, 'ratio')} |")
        if sc == "getkey":
            continue
        w(f"| {names[sc]}: pgbench alone | 8 | — | — | — | — | {cell(pg8.values(), 'rps')} "
          f"| {cell(series(rows, sc, 'pgbench', 8, 'p50_ms').values(), 'ms')} "
          f"| {cell(series(rows, sc, 'pgbench', 8, 'p99_ms').values(), 'ms')} | — | — |")
    w("")
    w("¹ zi-server: non-2xx responses + socket errors (connect, read, write, timeout), summed over all runs.")
    w("Ratios are computed per run (zi-server and pgbench measured back to back), then the median is taken.")
    w("")

    w("### Against PERF-BASELINE.md")
    w("")
    g64 = summary.get(("get", 64))
    l16 = summary.get(("list", 16))
    l64 = summary.get(("list", 64))

    def yn(ok):
        return "met" if ok else "**not met**"

    if g64 and g64[2] is not None:
        w(f"- p99 of GET /v1/units/{{id}} at 64 connections ≤ 15 ms: {g64[2]:.2f} ms — {yn(g64[2] <= 15)}.")
    for label, s in (("16", l16), ("64", l64)):
        if s and s[2] is not None and s[3]:
            w(f"- p99 of the list at {label} connections ≤ 1.5 × pgbench's ({1.5 * s[3]:.2f} ms): "
              f"{s[2]:.2f} ms = {s[2] / s[3]:.2f} × — {yn(s[2] <= 1.5 * s[3])}.")
    if g64 and l64 and g64[0] is not None and l64[0] is not None:
        w(f"- Ratios to pgbench at 64 connections (the judged figure): GET one {g64[0]:.2f}, list {l64[0]:.2f} "
          "(baseline's tuned probe: 0.72 and 0.66; raw libmicrohttpd reaches ~0.47 at 16).")
    k64 = summary.get(("getkey", 64))
    if k64 and g64 and k64[0] is not None and g64[0]:
        keyed = ratios(series(rows, "getkey", "zi", 64, "rps"), series(rows, "get", "zi", 64, "rps"))
        kv = med(keyed)
        if kv is not None:
            w(f"- GET one unit with a key at 64 connections (issue 12): {kv:.2f} × the same GET without a key "
              f"(target ≥ 0.9) — {yn(kv >= 0.9)}; {k64[0]:.2f} × pgbench (target ≥ 0.5) — {yn(k64[0] >= 0.5)}.")
    if g64 and g64[1] is not None:
        w(f"- Ratio at the service's own pool size (vs pgbench at 8): GET one {g64[1]:.2f} at 64 connections "
          "(baseline's tuned probe: ~0.35).")
    w("")

    w("## Writes: POST /v1/units, 16 connections")
    w("")
    w("| variant | req/s | p50 | p99 | non-201 | socket errors | units created² | req/s vs (a) |")
    w("|---|---|---|---|---|---|---|---|")
    variants = [("post-a", "(a) as is: audit record + event journalled by trigger"),
                ("post-b", "(b) as (a) + Idempotency-Key, unique per request"),
                ("post-c", "(c) journal trigger disabled, no Idempotency-Key")]
    post = {}
    for sc, label in variants:
        zi = series(rows, sc, "zi", 16, "rps")
        post[sc] = zi
        sel = [r for r in rows if r["scenario"] == sc and r["tool"] == "zi"]
        bad = sum(r["bad"] or 0 for r in sel)
        errs = sum(r["errors"] or 0 for r in sel)
        created = sum(r["rows"] or 0 for r in sel)
        rel = ratios(zi, post["post-a"]) if sc != "post-a" else []
        w(f"| {label} | {cell(zi.values(), 'rps')} "
          f"| {cell(series(rows, sc, 'zi', 16, 'p50_ms').values(), 'ms')} "
          f"| {cell(series(rows, sc, 'zi', 16, 'p99_ms').values(), 'ms')} "
          f"| {bad} | {errs} | {created} | {cell([x - 1 for x in rel], 'pct') if rel else '—'} |")
    w("")
    w("² Rows found in `units` after each run with the scenario's code prefix, summed over runs "
      "(≥ the 201s wrk counted: requests still in flight when wrk stops are committed but not counted).")
    w("")
    a, b, c = post.get("post-a", {}), post.get("post-b", {}), post.get("post-c", {})
    j = ratios(a, c)
    i = ratios(b, a)
    t = ratios(b, c)
    if j and i and t:
        w("Cost, per run then median (min–max):")
        w(f"- audit + event journal (c → a): {cell([x - 1 for x in j], 'pct')} requests/s")
        w(f"- Idempotency-Key on top (a → b): {cell([x - 1 for x in i], 'pct')}")
        w(f"- audit + events + idempotency together (c → b): {cell([x - 1 for x in t], 'pct')} "
          f"— {med([c[r] for r in c]):.0f} req/s without, {med([b[r] for r in b]):.0f} with")
    w("")

    w("## Memory of zi-server")
    w("")
    w(f"- RSS at idle after start: {meta.get('rss_idle_kb', '?')} kB")
    w(f"- Peak (VmHWM) at the end of all runs: {meta.get('hwm_kb', '?')} kB "
      f"(RSS then: {meta.get('rss_end_kb', '?')} kB)")
    w("")
    w("## Checks")
    w("")
    w(f"- pgbench SQL vs the compiled server: {meta.get('sql_check', '?')}")
    w(f"- zi-server warnings and errors logged: {meta.get('server_log_lines', '?')} lines (build/bench/server.log)")
    w(f"- zi-server exit status after SIGTERM: {meta.get('server_exit', '?')}")
    w(f"- failed pgbench transactions (all runs): {meta.get('pgbench_failed', '?')}")
    w("")
    text = "\n".join(L)
    with open(out, "w") as fh:
        fh.write(text)
    print(text)


def main():
    if len(sys.argv) >= 2 and sys.argv[1] == "pct":
        cmd_pct(sys.argv[2:])
    elif len(sys.argv) == 5 and sys.argv[1] == "report":
        cmd_report(*sys.argv[2:])
    else:
        print(__doc__, file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main()
