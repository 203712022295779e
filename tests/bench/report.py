#!/usr/bin/env python3
"""Helpers of tests/bench/run.sh and reports.sh.

  report.py pct FILE...              p50 and p99 latency (µs) of pgbench -l logs, and their count
  report.py lag < SAMPLES            p50, p99 and max of sealing-lag samples (ms), and their count
  report.py sqlcheck OBJDIR BENCHDIR  the unit pgbench scripts against the compiled statements
  report.py stmt OBJ REGEX           the compiled statement matching REGEX, as pgbench needs it
  report.py cursor SORT VALUE ID     a list cursor, encoded as the server encodes it
  report.py report OUTDIR            results.json and report.md from results.tsv, meta.env, rss.tsv
"""
import base64
import json
import math
import re
import statistics
import sys

# ---- small commands -------------------------------------------------------------------------


def percentile(sorted_vals, q):
    """Nearest-rank percentile (what wrk reports too)."""
    if not sorted_vals:
        return 0
    k = max(0, min(len(sorted_vals) - 1, math.ceil(q / 100.0 * len(sorted_vals)) - 1))
    return sorted_vals[k]


def cmd_pct(files):
    # pgbench -l: "client_id transaction_no time script_no time_epoch time_us [...]", time in µs.
    lat = []
    for f in files:
        with open(f) as fh:
            for line in fh:
                parts = line.split()
                if len(parts) >= 3 and parts[2].isdigit():
                    lat.append(int(parts[2]))
    lat.sort()
    print(percentile(lat, 50), percentile(lat, 99), len(lat))


def cmd_lag(lines):
    """p50, p99 and max of the sealing-lag samples (ms) read from stdin, and their count."""
    vals = sorted(float(x) for x in lines if x.strip())
    if vals:
        print(f"{percentile(vals, 50):g} {percentile(vals, 99):g} {vals[-1]:g} {len(vals)}")


def object_strings(path, minlen=30):
    """The printable runs of a compiled object, as strings(1) -n minlen finds them."""
    with open(path, "rb") as fh:
        data = fh.read()
    return [m.group().decode("ascii") for m in re.finditer(rb"[\x20-\x7e\t]{%d,}" % minlen, data)]


# The to_char format with colons, which pgbench would read as variables (:MI, :SS); the same
# string written with \x3a in an E'' literal is the same constant once lexed.
TS_FMT = "'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'"
TS_FMT_PGBENCH = "E'YYYY-MM-DD\"T\"HH24\\x3aMI\\x3aSS.US\"Z\"'"


def find_stmt(obj, regex):
    found = sorted({s for s in object_strings(obj) if re.search(regex, s)})
    if len(found) != 1:
        raise LookupError(f"{len(found)} statements in {obj} match {regex}")
    return found[0]


def cmd_stmt(obj, regex):
    try:
        print(find_stmt(obj, regex).replace(TS_FMT, TS_FMT_PGBENCH))
    except (OSError, LookupError) as e:
        print(e, file=sys.stderr)
        sys.exit(1)


# Each unit pgbench script: the object, the statement's pattern, and the mechanical edits that
# turn the server's text into the script's (see the scripts' header comments).
INSERT_BODY = ("('{\"code\":\"pgb' || :client_id || 'x' || :n || '\",\"name\":\"Bench pgb' || :client_id "
               "|| 'x' || :n || '\",\"kind\":\"sd\"}')::jsonb")
SQL_CHECKS = [
    ("get-unit.sql", "units_db.o", r"^SELECT json_build_object.* FROM units u WHERE u\.id = \$1::uuid$",
     [(r"\$1::uuid", ":id::uuid")]),
    ("list-units.sql", "units_db.o", r"^SELECT json_build_object.*ORDER BY u\.name ASC, u\.id ASC LIMIT \$8::int$",
     [(r"\$8", ":limit"), (r"\$[1-7]\b", "NULL")]),
    ("insert-unit.sql", "units_db.o", r"^INSERT INTO units AS u .* RETURNING ",
     [(r"\$1::jsonb", INSERT_BODY.replace("\\", "\\\\"))]),
]


def script_sql(path):
    with open(path) as fh:
        return "\n".join(line.rstrip("\n") for line in fh
                         if not line.startswith("--") and not line.startswith("\\")).strip()


def cmd_sqlcheck(objdir, benchdir):
    ok, bad = [], []
    for name, obj, regex, edits in SQL_CHECKS:
        try:
            want = find_stmt(f"{objdir}/{obj}", regex)
        except (OSError, LookupError) as e:
            bad.append(f"{name}: not checked ({e})")
            continue
        for pat, repl in edits:
            want = re.sub(pat, repl, want)
        want = want.replace(TS_FMT, TS_FMT_PGBENCH) + ";"
        have = script_sql(f"{benchdir}/{name}")
        if have == want:
            ok.append(name)
        else:
            bad.append(f"{name}: **DIFFERS** from the compiled server: the pgbench figures compare another query")
            print(f"--- {name} expected (from {obj})\n{want}\n--- {name} has\n{have}", file=sys.stderr)
    msg = "; ".join(bad) if bad else f"{', '.join(ok)} are the server's statements (checked in {objdir})"
    print(msg)


def cmd_cursor(sort, value, ident):
    # cursor.c: base64url without padding of the compact JSON array [sort, value, id].
    text = json.dumps([sort, value, ident], separators=(",", ":"))
    print(base64.urlsafe_b64encode(text.encode()).decode().rstrip("="))


# ---- the report -----------------------------------------------------------------------------

def load_rows(path):
    rows = []
    with open(path) as fh:
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


def load_rss(path):
    """{server: {phase: [kB, ...]}} from rss.tsv."""
    out = {}
    try:
        with open(path) as fh:
            for line in fh:
                parts = line.split("\t")
                if len(parts) == 3 and parts[2].strip().isdigit():
                    out.setdefault(parts[0], {}).setdefault(parts[1], []).append(int(parts[2]))
    except OSError:
        pass
    return out


def first_bad(outdir):
    """{raw file: the first answer that was not a 2xx} from the wrk outputs."""
    import glob
    import os
    out = {}
    for f in sorted(glob.glob(f"{outdir}/raw/*-zi-*.txt")):
        with open(f, errors="replace") as fh:
            for line in fh:
                if line.startswith("BENCH-FIRST-BAD "):
                    out[os.path.basename(f)] = line[len("BENCH-FIRST-BAD "):].strip()[:300]
                    break
    return out


def med(values):
    vals = [v for v in values if v is not None]
    return statistics.median(vals) if vals else None


def fmt(v, kind):
    if v is None:
        return "—"
    if kind == "rps":
        return f"{v / 1000:.2f}k" if v >= 1000 else f"{v:.0f}"
    if kind == "ms":
        return f"{v:.2f}" if v < 10 else f"{v:.1f}"
    if kind == "ratio":
        return f"{v:.2f}"
    return str(v)


def cell(values, kind):
    vals = [v for v in values if v is not None]
    if not vals:
        return "—"
    if len(vals) == 1:
        return fmt(vals[0], kind)
    return f"{fmt(statistics.median(vals), kind)} ({fmt(min(vals), kind)}–{fmt(max(vals), kind)})"


class Data:
    def __init__(self, rows):
        self.rows = rows

    def series(self, sc, tool, c, key):
        """{run: value} of one measurement."""
        return {r["run"]: r[key] for r in self.rows
                if r["scenario"] == sc and r["tool"] == tool and r["conns"] == c and r[key] is not None}

    def ratios(self, num, den):
        """Per-run ratios of two {run: value} series (measured back to back in that run)."""
        return [num[r] / den[r] for r in sorted(num) if r in den and den[r]]

    def errors(self, sc, tool, c):
        return sum((r["bad"] or 0) + (r["errors"] or 0) for r in self.rows
                   if r["scenario"] == sc and r["tool"] == tool and r["conns"] == c)


# The table's rows: zi-server's scenario, its label, the pgbench scenario it is compared with.
SCENARIOS = [
    ("get", "GET /v1/units/{id}", "get", "same SQL"),
    ("getkey", "GET /v1/units/{id}, admin key", "get", "same SQL"),
    ("list", "GET /v1/units?limit=50", "list", "same SQL"),
    ("listkey", "GET /v1/units?limit=50, admin key", "list", "same SQL"),
    ("post-a", "POST /v1/units (journal)", "ins-plain", "plain insert"),
    ("post-b", "POST /v1/units + Idempotency-Key", "ins-plain", "plain insert"),
    ("post-c", "POST /v1/units, units_journal off", "ins-plain", "plain insert"),
    ("rpage1", "reports list, page 1 (upg key)", "rpage1", "same SQL"),
    ("rdeep", "reports list, deep page", "rdeep", "same SQL"),
    ("rqueue", "UPG queue (sort=next_due&due_within=5)", "rqueue", "same SQL"),
]

# The targets (issue 12), judged at 64 connections unless said; then the baseline's
# rule for lists (PERF-BASELINE.md). kind: ratio (zi/pgbench of the same run), rel (zi/zi),
# p99 (ms), rss (kB).
TARGETS = [
    ("key-vs-anon", "GET one unit with a key ≥ 0.9 × the same GET without a key", "rel", ("getkey", "get"), 64, ">=", 0.9,
     "getkey", "≥ 0.9 × no key"),
    ("key-vs-pgbench", "GET one unit with a key ≥ 0.5 × pgbench", "ratio", ("getkey", "get"), 64, ">=", 0.5,
     "getkey", "≥ 0.5 × pgbench"),
    ("post-vs-insert-16", "POST /v1/units (journal) ≥ 0.5 × pgbench plain insert, c16", "ratio", ("post-a", "ins-plain"),
     16, ">=", 0.5, "post-a", "≥ 0.5 × pgbench"),
    ("post-vs-insert-64", "POST /v1/units (journal) ≥ 0.5 × pgbench plain insert, c64", "ratio", ("post-a", "ins-plain"),
     64, ">=", 0.5, "post-a", "≥ 0.5 × pgbench"),
    ("post-p99", "p99 of POST /v1/units ≤ 50 ms", "p99", ("post-a",), 64, "<=", 50.0, "post-a", "p99 ≤ 50 ms"),
    ("get-p99", "p99 of GET one unit ≤ 15 ms", "p99", ("get",), 64, "<=", 15.0, "get", "p99 ≤ 15 ms"),
    ("getkey-p99", "p99 of GET one unit with a key ≤ 15 ms", "p99", ("getkey",), 64, "<=", 15.0, "getkey", "p99 ≤ 15 ms"),
    ("list-vs-pgbench", "list of 50 ≥ 0.6 × pgbench", "ratio", ("list", "list"), 64, ">=", 0.6, "list", "≥ 0.6 × pgbench"),
    ("rss", "peak RSS of zi-server (VmHWM) ≤ 32 MB", "rss", ("hwm_kb",), None, "<=", 32768, None, None),
    ("rss-reports", "peak RSS of the reports instance ≤ 32 MB", "rss", ("reports_hwm_kb",), None, "<=", 32768, None, None),
    ("list-p99-16", "baseline: list p99 ≤ 1.5 × pgbench's, c16", "p99rel", ("list", "list"), 16, "<=", 1.5,
     "list", "p99 ≤ 1.5 × pgbench's (baseline)"),
    ("list-p99-64", "baseline: list p99 ≤ 1.5 × pgbench's, c64", "p99rel", ("list", "list"), 64, "<=", 1.5,
     "list", "p99 ≤ 1.5 × pgbench's (baseline)"),
]


def judge(d, meta, t):
    tid, text, kind, args, c, op, limit, row, short = t
    per_run = []
    if kind == "ratio":
        per_run = d.ratios(d.series(args[0], "zi", c, "rps"), d.series(args[1], "pgbench", c, "rps"))
    elif kind == "rel":
        per_run = d.ratios(d.series(args[0], "zi", c, "rps"), d.series(args[1], "zi", c, "rps"))
    elif kind == "p99":
        per_run = list(d.series(args[0], "zi", c, "p99_ms").values())
    elif kind == "p99rel":
        per_run = d.ratios(d.series(args[0], "zi", c, "p99_ms"), d.series(args[1], "pgbench", c, "p99_ms"))
    elif kind == "rss":
        v = meta.get(args[0], "")
        per_run = [int(v)] if v.isdigit() else []
    value = med(per_run)
    met = None if value is None else (value >= limit if op == ">=" else value <= limit)
    return {"id": tid, "target": text, "conns": c, "op": op, "limit": limit, "value": value,
            "per_run": per_run, "met": met, "row": row, "short": short}


def cmd_report(outdir):
    rows = load_rows(f"{outdir}/results.tsv")
    meta = load_meta(f"{outdir}/meta.env")
    rss = load_rss(f"{outdir}/rss.tsv")
    d = Data(rows)
    runs = int(meta.get("runs", "0") or 0)

    summary = []
    for sc, label, pgsc, pgwhat in SCENARIOS:
        for c in (16, 64):
            zi = d.series(sc, "zi", c, "rps")
            if not zi:
                continue
            pg = d.series(pgsc, "pgbench", c, "rps")
            rr = d.ratios(zi, pg)
            summary.append({
                "scenario": sc, "label": label, "conns": c,
                "zi": {"rps": med(zi.values()), "p50_ms": med(d.series(sc, "zi", c, "p50_ms").values()),
                       "p99_ms": med(d.series(sc, "zi", c, "p99_ms").values()),
                       "rps_per_run": [zi[r] for r in sorted(zi)], "errors": d.errors(sc, "zi", c)},
                "pgbench": {"scenario": pgsc, "what": pgwhat, "tps": med(pg.values()),
                            "p50_ms": med(d.series(pgsc, "pgbench", c, "p50_ms").values()),
                            "p99_ms": med(d.series(pgsc, "pgbench", c, "p99_ms").values())},
                "ratio": {"median": med(rr), "min": min(rr) if rr else None, "max": max(rr) if rr else None,
                          "per_run": rr},
            })
    targets = [judge(d, meta, t) for t in TARGETS]
    targets = [t for t in targets if t["value"] is not None or not t["id"].startswith("rss-reports")]

    rss_out = {}
    for server, phases in rss.items():
        loaded = {p: max(v) for p, v in phases.items() if p != "idle"}
        top = max(loaded.items(), key=lambda kv: kv[1]) if loaded else (None, None)
        rss_out[server] = {"max_sampled_kb": top[1], "max_phase": top[0], "by_phase_max_kb": loaded,
                           "samples": sum(len(v) for v in phases.values())}

    result = {
        "machine": {k: meta.get(k) for k in ("date", "cpus", "cpu_model", "mem_total", "kernel", "pg_version",
                                             "pg_settings", "wrk_version", "commit")},
        "config": {"seconds": int(meta.get("seconds", 0) or 0), "runs": runs,
                   "reports": int(meta.get("reports", 0) or 0), "durability": {k: meta.get(k) for k in
                   ("fsync", "synchronous_commit", "full_page_writes")}},
        "cpu": {"busy_before_pct": meta.get("busy_before"), "busy_ours_pct": meta.get("busy_ours"),
                "busy_others_pct": meta.get("busy_others")},
        "checks": {k: meta.get(k) for k in ("sql_check", "server_log_lines", "server_exit", "reports_server_exit",
                                            "pgbench_failed")},
        "seal_lag_ms": {f"c{c}": dict(zip(("p50", "p99", "max", "samples"), map(float, meta[f"seal_lag_c{c}"].split())))
                        for c in (16, 64) if meta.get(f"seal_lag_c{c}")},
        "memory": {"rss_idle_kb": meta.get("rss_idle_kb"), "hwm_kb": meta.get("hwm_kb"),
                   "rss_end_kb": meta.get("rss_end_kb"), "reports_rss_idle_kb": meta.get("reports_rss_idle_kb"),
                   "reports_hwm_kb": meta.get("reports_hwm_kb"), "sampled": rss_out},
        "reports_dataset": {k[8:]: v for k, v in meta.items() if k.startswith("reports_") and "kb" not in k
                            and k != "reports_server_exit"},
        "pgbench_only": {f"{sc}-c{c}": {"tps": med(d.series(sc, "pgbench", c, "rps").values()),
                                        "p50_ms": med(d.series(sc, "pgbench", c, "p50_ms").values()),
                                        "p99_ms": med(d.series(sc, "pgbench", c, "p99_ms").values())}
                         for sc, c in (("get", 8), ("list", 8), ("ins-plain", 16), ("ins-plain", 64),
                                       ("ins-journal", 16), ("ins-journal", 64))
                         if d.series(sc, "pgbench", c, "rps")},
        "deep_vs_page1": {f"c{c}": {"zi": d.ratios(d.series("rdeep", "zi", c, "rps"), d.series("rpage1", "zi", c, "rps")),
                                    "pgbench": d.ratios(d.series("rdeep", "pgbench", c, "rps"),
                                                        d.series("rpage1", "pgbench", c, "rps"))}
                          for c in (16, 64) if d.series("rdeep", "zi", c, "rps")},
        "first_bad": first_bad(outdir),
        "summary": summary,
        "targets": targets,
        "measurements": rows,
    }
    with open(f"{outdir}/results.json", "w") as fh:
        json.dump(result, fh, indent=1, ensure_ascii=False)
        fh.write("\n")

    text = markdown(result, d, meta)
    with open(f"{outdir}/report.md", "w") as fh:
        fh.write(text)
    print(text)


def markdown(res, d, meta):
    L = []
    w = L.append
    m = res["machine"]
    runs = res["config"]["runs"]
    w(f"# zi-server benchmark — {m.get('date') or ''}")
    w("")
    w(f"- Machine: {m.get('cpus')} CPUs ({m.get('cpu_model')}), {m.get('mem_total')}, {m.get('kernel')}; wrk, "
      "zi-server and PostgreSQL share them.")
    w(f"- PostgreSQL {m.get('pg_version')} ({m.get('pg_settings')}), private cluster var/bench-pg, durability on "
      f"(fsync={meta.get('fsync')}, synchronous_commit={meta.get('synchronous_commit')}, "
      f"full_page_writes={meta.get('full_page_writes')}). zi-server {m.get('commit')}, default pool 8, "
      "`--log-level warning --rate-limit-per-min 0`.")
    w(f"- **Median of {runs} interleaved run(s)** (min–max), {res['config']['seconds']} s each; ratios are taken "
      "within each run (zi-server and pgbench back to back), then the median. Latencies in ms.")
    w("- zi-server: `wrk -t2 -cC --latency` with keep-alive; p50/p99 from wrk's histogram. pgbench: `-n -cC -j2` "
      "on the server's own statement (checked against the compiled server), p50/p99 nearest-rank over its "
      "per-transaction log (`-l`).")
    w(f"- CPU during the measurements: {meta.get('busy_ours', '?')} % used by the benchmark, "
      f"{meta.get('busy_others', '?')} % by other processes ({meta.get('busy_before', '?')} % just before).")
    others = meta.get("busy_others", "")
    if others.isdigit() and int(others) > 10:
        w("")
        w(f"**Warning: other processes used {others} % of the CPUs during the run: the figures are lower and "
          "noisier than this machine can do. Rerun on a quiet machine before quoting them.**")
    if runs < 3:
        w("")
        w(f"**Only {runs} run(s): the issue's targets are judged on medians of ≥ 3 runs; these verdicts are "
          "indicative.**")
    w("")

    # Each table row shows the targets judged on it.
    tmap = {}
    for t in res["targets"]:
        if t["row"]:
            tmap.setdefault((t["row"], t["conns"]), []).append(t)

    def yn(met):
        return "—" if met is None else ("met" if met else "**missed**")

    w("| scenario | c | zi-server req/s | p50 | p99 | errors¹ | pgbench | pgbench tps | p50 | p99 | ratio | target | met? |")
    w("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for s in res["summary"]:
        sc, c = s["scenario"], s["conns"]
        ts = tmap.get((sc, c), [])
        target = "; ".join(t["short"] for t in ts) if ts else "—"
        met = "; ".join(yn(t["met"]) for t in ts) if ts else "—"
        zi_rps = d.series(sc, "zi", c, "rps")
        pg_rps = d.series(s["pgbench"]["scenario"], "pgbench", c, "rps")
        w(f"| {s['label']} | {c} | {cell(zi_rps.values(), 'rps')} "
          f"| {cell(d.series(sc, 'zi', c, 'p50_ms').values(), 'ms')} "
          f"| {cell(d.series(sc, 'zi', c, 'p99_ms').values(), 'ms')} | {s['zi']['errors']} "
          f"| {s['pgbench']['what']} | {cell(pg_rps.values(), 'rps')} "
          f"| {cell(d.series(s['pgbench']['scenario'], 'pgbench', c, 'p50_ms').values(), 'ms')} "
          f"| {cell(d.series(s['pgbench']['scenario'], 'pgbench', c, 'p99_ms').values(), 'ms')} "
          f"| {cell(s['ratio']['per_run'], 'ratio')} | {target} | {met} |")
    w("")
    w("¹ non-2xx responses + socket errors, summed over the runs. \"plain insert\": pgbench's INSERT of the row "
      "POST creates, with no trigger firing (session_replication_role=replica).")
    w("")

    w("pgbench alone:")
    w("")
    w("| statement | c | tps | p50 | p99 | note |")
    w("|---|---|---|---|---|---|")
    notes = {("get", 8): "the server's pool size: zi-server c64 / this = "
                         + cell(d.ratios(d.series("get", "zi", 64, "rps"), d.series("get", "pgbench", 8, "rps")), "ratio"),
             ("list", 8): "the server's pool size: zi-server c64 / this = "
                          + cell(d.ratios(d.series("list", "zi", 64, "rps"), d.series("list", "pgbench", 8, "rps")), "ratio")}
    for c in (16, 64):
        notes[("ins-journal", c)] = "the INSERT with the triggers on (journal) = " + cell(
            d.ratios(d.series("ins-journal", "pgbench", c, "rps"), d.series("ins-plain", "pgbench", c, "rps")),
            "ratio") + " × plain"
        notes[("ins-plain", c)] = "the plain insert"
    for sc, c in (("get", 8), ("list", 8), ("ins-plain", 16), ("ins-plain", 64), ("ins-journal", 16),
                  ("ins-journal", 64)):
        v = d.series(sc, "pgbench", c, "rps")
        if v:
            w(f"| {sc} | {c} | {cell(v.values(), 'rps')} | {cell(d.series(sc, 'pgbench', c, 'p50_ms').values(), 'ms')} "
              f"| {cell(d.series(sc, 'pgbench', c, 'p99_ms').values(), 'ms')} | {notes.get((sc, c), '')} |")
    w("")

    w("## Targets (issue 12; 64 connections unless said)")
    w("")
    w("| target | value | met? |")
    w("|---|---|---|")
    for t in res["targets"]:
        if t["value"] is None:
            val = "not measured"
        elif t["id"].startswith("rss"):
            val = f"{t['value'] / 1024:.1f} MB"
        elif t["id"].endswith("p99") or t["id"] == "post-p99":
            val = f"{t['value']:.2f} ms"
        else:
            val = f"{cell(t['per_run'], 'ratio')} ×"
        w(f"| {t['target']} | {val} | {yn(t['met'])} |")
    w("")

    if res["seal_lag_ms"]:
        w("## Sealing lag")
        w("")
        w("The age of the oldest unsealed journal record, sampled every 0.1 s while POST /v1/units ran (an upper "
          "bound of the delay from a write's commit to its place in the audit chain and the feed):")
        w("")
        for c, v in res["seal_lag_ms"].items():
            w(f"- {c}: p50 {v['p50']:g} ms, p99 {v['p99']:g} ms, max {v['max']:g} ms ({v['samples']:g} samples)")
        w("")

    mem = res["memory"]
    w("## Memory")
    w("")
    for server, label, idle, hwm in (("main", "zi-server", mem.get("rss_idle_kb"), mem.get("hwm_kb")),
                                     ("reports", "reports instance", mem.get("reports_rss_idle_kb"),
                                      mem.get("reports_hwm_kb"))):
        if not hwm:
            continue
        s = mem["sampled"].get(server, {})
        w(f"- {label}: idle {idle} kB after start; peak (VmHWM) {hwm} kB; largest RSS sampled under load "
          f"{s.get('max_sampled_kb')} kB (during {s.get('max_phase')}, {s.get('samples', 0)} samples every 0.25 s)")
    w("")

    rd = res["reports_dataset"]
    if rd.get("on") == "1":
        w("## Reports data set")
        w("")
        w(f"- {rd.get('rows')} reports in zi_bench_reports ({rd.get('db_size')}), {rd.get('loaded')}; "
          f"deep page = page {rd.get('deep_page')} of 50, cursor {rd.get('cursor')}.")
        w(f"- UPG queue on {rd.get('today')}: due by {rd.get('due_by')} (5 working days), {rd.get('queue_rows')} "
          "reports in it. Each page read also writes one access record to the audit chain (the reporters' "
          "identities are on it); pgbench runs the SELECT alone.")
        for c, v in res["deep_vs_page1"].items():
            w(f"- Deep page / page 1, {c}: zi-server {cell(v['zi'], 'ratio')} ×, pgbench {cell(v['pgbench'], 'ratio')} × "
              "(keyset cursors: ≈ 1 expected).")
        w("- Plans PostgreSQL keeps for the three statements: build/bench/raw/plan-*.txt.")
        w("")

    c = res["checks"]
    w("## Checks")
    w("")
    w(f"- pgbench SQL vs the compiled server: {c.get('sql_check')}")
    w(f"- zi-server warnings and errors logged: {c.get('server_log_lines')} lines (build/bench/server*.log)")
    w(f"- zi-server exit status after SIGTERM: {c.get('server_exit')}"
      + (f" (reports instance: {c.get('reports_server_exit')})" if c.get("reports_server_exit") else ""))
    w(f"- failed pgbench transactions (all runs): {c.get('pgbench_failed')}")
    for f, line in res["first_bad"].items():
        w(f"- first non-2xx answer in {f}: `{line[:160]}`")
    w("")
    return "\n".join(L)


def main():
    a = sys.argv[1:]
    if len(a) >= 1 and a[0] == "pct":
        cmd_pct(a[1:])
    elif a == ["lag"]:
        cmd_lag(sys.stdin)
    elif len(a) == 3 and a[0] == "sqlcheck":
        cmd_sqlcheck(a[1], a[2])
    elif len(a) == 3 and a[0] == "stmt":
        cmd_stmt(a[1], a[2])
    elif len(a) == 4 and a[0] == "cursor":
        cmd_cursor(a[1], a[2], a[3])
    elif len(a) == 2 and a[0] == "report":
        cmd_report(a[1])
    else:
        print(__doc__, file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main()
