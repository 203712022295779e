#!/usr/bin/env python3
"""The soak's verdict (tests/soak/run.sh): did zi-server's memory or descriptors keep growing
after the warm-up, and did the run's other checks hold?

Usage:
  analyse.py report --samples samples.csv --meta meta.env --hostile hostile.json
                    --wrk wrk-mix.txt [--wrk wrk-feed.txt ...] --report report.md
  analyse.py --selftest        the verdict logic against synthetic series (exit 1 if it errs)

samples.csv: t_s,phase,rss_kb,fds,threads (phase "load" while wrk runs, "idle" after it).

The trend rule, per quantity, over the load phase of D seconds (the first 20 % is warm-up and
judged by nothing but the liveness checks):
  base   = median of the second quarter (0.25 D .. 0.5 D)
  end    = median of the last quarter   (0.75 D .. D)
  growth = end - base    (the quarters' middles are half the run apart: a steady leak shows
                          half of what it adds over the whole run)
  slope  = least-squares slope over every sample after the warm-up; projected = slope x the
           length of that window
  FAIL when growth > bound AND projected > bound, with
           RSS: bound = max(SOAK_RSS_PCT % of base, SOAK_RSS_MB MiB)   (default 10 %, 4 MiB)
           descriptors: bound = SOAK_FD_SLACK                          (default 5)
Medians ignore short spikes (a burst of slow connections, a large response); the slope keeps a
step that came and went from passing for a trend. Both must show growth, so a server that
keeps growing fails and one that grew during the warm-up and then held steady passes. Fewer than
3 samples in either quarter: no verdict, which fails.
"""
import argparse
import csv
import json
import os
import statistics
import sys

WARMUP = 0.2


def env_num(name, default):
    v = os.environ.get(name, "")
    try:
        return float(v) if v else default
    except ValueError:
        sys.exit(f"analyse: {name}={v!r} is not a number")


def lsq_slope(ts, vs):
    n = len(ts)
    if n < 2:
        return 0.0
    mt, mv = sum(ts) / n, sum(vs) / n
    den = sum((t - mt) ** 2 for t in ts)
    return 0.0 if den == 0 else sum((t - mt) * (v - mv) for t, v in zip(ts, vs)) / den


def judge(ts, vs, duration, bound_of):
    """ts, vs: the load-phase samples (seconds from the start of the load, values).
    bound_of(base) -> the largest growth tolerated. Returns a dict with the numbers and
    "verdict": PASS, FAIL or NO VERDICT."""
    q2 = [v for t, v in zip(ts, vs) if 0.25 * duration <= t < 0.5 * duration]
    q4 = [v for t, v in zip(ts, vs) if 0.75 * duration <= t <= duration]
    after = [(t, v) for t, v in zip(ts, vs) if t >= WARMUP * duration]
    r = {"n_q2": len(q2), "n_q4": len(q4), "n_after": len(after)}
    if len(q2) < 3 or len(q4) < 3:
        r.update(verdict="NO VERDICT", why=f"too few samples (second quarter {len(q2)}, last quarter {len(q4)})")
        return r
    base, end = statistics.median(q2), statistics.median(q4)
    slope = lsq_slope([t for t, _ in after], [v for _, v in after])
    window = after[-1][0] - after[0][0]
    bound = bound_of(base)
    growth, projected = end - base, slope * window
    r.update(base=base, end=end, growth=growth, slope_per_min=slope * 60, projected=projected, bound=bound,
             window=window)
    if growth > bound and projected > bound:
        r.update(verdict="FAIL", why=f"grew {growth:g} (quarter medians) and {projected:.1f} (slope over "
                                      f"{window:.0f} s), both above the bound {bound:g}")
    else:
        r.update(verdict="PASS", why=f"growth {growth:g} (quarter medians), {projected:.1f} (slope over "
                                      f"{window:.0f} s); bound {bound:g}")
    return r


def rss_bound(pct, mb):
    return lambda base: max(base * pct / 100.0, mb * 1024.0)


def fd_bound(slack):
    return lambda base: slack


# ---------------------------------------------------------------------------------------
def selftest():
    """The trend rule on synthetic series: a test that cannot fail is a defect, so each case
    states the verdict it must give."""
    import math
    import random
    rnd = random.Random(13)
    d, step = 600, 5
    ts = list(range(0, d + 1, step))
    rb, fb = rss_bound(10, 4), fd_bound(5)
    base = 30_000  # kB

    def noise(a):
        return [rnd.uniform(-a, a) for _ in ts]

    cases = [
        # name, bound, values, expected verdict
        ("RSS flat with ±1 MiB noise", rb, [base + e for e in noise(1024)], "PASS"),
        ("RSS leaking 5 MiB/min", rb, [base + 5 * 1024 * t / 60 for t in ts], "FAIL"),
        ("RSS leaking 1 MiB/min (10 MiB over the run)", rb, [base + 1024 * t / 60 + e for t, e in zip(ts, noise(300))],
         "FAIL"),
        ("RSS +2 MiB over the run (under 4 MiB)", rb, [base + 2048 * t / d for t in ts], "PASS"),
        ("RSS ramp in the warm-up, then flat", rb,
         [base * min(1.0, 0.3 + t / (0.2 * d)) + e for t, e in zip(ts, noise(512))], "PASS"),
        ("RSS spikes of +50 MiB in 3 samples of the last quarter", rb,
         [base + (51_200 if t in (460, 530, 590) else 0) for t in ts], "PASS"),
        ("RSS step of +20 MiB at 60 % that stays", rb, [base + (20_480 if t >= 0.6 * d else 0) for t in ts], "FAIL"),
        ("RSS step of +20 MiB at 60 % gone by 70 %", rb,
         [base + (20_480 if 0.6 * d <= t < 0.7 * d else 0) for t in ts], "PASS"),
        ("RSS 600 MiB base, +40 MiB (quarters 20 < 60 MiB)", rb, [600 * 1024 + 40 * 1024 * t / d for t in ts], "PASS"),
        ("RSS 600 MiB base, +150 MiB (quarters 75 > 60 MiB)", rb, [600 * 1024 + 150 * 1024 * t / d for t in ts],
         "FAIL"),
        ("RSS saw-tooth (allocator trims every minute)", rb,
         [base + 4096 * ((t % 60) / 60) for t in ts], "PASS"),
        ("descriptors flat, 20..26 with load", fb, [20 + rnd.randint(0, 6) for _ in ts], "PASS"),
        ("descriptors leaking one per 30 s", fb, [20 + t // 30 for t in ts], "FAIL"),
        ("descriptors +3 after warm-up, then flat", fb, [20 + (3 if t > 0.3 * d else 0) for t in ts], "PASS"),
        ("descriptors leak, +14 over the run (quarters +7)", fb, [20 + math.floor(14 * t / d) for t in ts], "FAIL"),
        ("descriptors +8 over the run (quarters +4)", fb, [20 + math.floor(8 * t / d) for t in ts], "PASS"),
        ("too few samples", rb, None, "NO VERDICT"),
    ]
    wrong = 0
    for name, bound, vs, want in cases:
        if vs is None:
            got = judge([0, 300, 600], [1, 1, 1], d, bound)
        else:
            got = judge(ts, vs, d, bound)
        mark = "ok  " if got["verdict"] == want else "WRONG"
        wrong += got["verdict"] != want
        print(f"  {mark} {name:<52} want {want:<10} got {got['verdict']:<10} {got['why']}")
    # The whole report path, on files like run.sh's: a leaking server must fail the soak even
    # when every other check holds, and the same run without the leak must pass.
    import contextlib
    import io
    import tempfile
    with tempfile.TemporaryDirectory() as tmp:
        meta = os.path.join(tmp, "meta.env")
        with open(meta, "w") as f:
            f.write("seconds=600\nsample_s=5\nserver_alive=1\nhealthz_end=200\nsigterm_exit=0\n"
                    "sigterm_ms=300\nleftover=\nhostile_writes=0\n")
        host = os.path.join(tmp, "hostile.json")
        with open(host, "w") as f:
            json.dump({"cases": {"malformed_json": {"400": 60}}, "slow": {"silent": {"abandoned": 5}},
                       "findings": {"server_error": [], "smuggled": [], "repeated_head": [], "timeout": []}}, f)
        wrk = os.path.join(tmp, "wrk.txt")
        with open(wrk, "w") as f:
            f.write("SOAK kind=get n=1000 ok=1000 bad=0\nSOAK-STATUS kind=get status=200 n=1000\n"
                    "SOAK-TOTAL requests=1000 duration_us=600000000 p50_us=1000 p99_us=5000 max_us=9000 "
                    "connect=0 read=0 write=0 timeout=0\n")
        for name, grow_kb_per_s, want in (("flat", 0, 0), ("leaking 2 MiB/min", 2048 / 60, 1)):
            samples = os.path.join(tmp, "samples.csv")
            with open(samples, "w") as f:
                f.write("t_s,phase,rss_kb,fds,threads\n0,idle,20000,30,12\n")
                for t in range(5, 601, 5):
                    f.write(f"{t},load,{int(30_000 + grow_kb_per_s * t + rnd.uniform(-300, 300))},{50 + rnd.randint(0, 3)},12\n")
                f.write("605,idle,30000,31,12\n")
            args = argparse.Namespace(samples=samples, meta=meta, hostile=host, wrk=[wrk],
                                      report=os.path.join(tmp, "report.md"))
            with contextlib.redirect_stdout(io.StringIO()):
                rc = report(args)
            ok_ = rc == want
            wrong += not ok_
            print(f"  {'ok  ' if ok_ else 'WRONG'} whole report, RSS {name:<41} want exit {want}     got exit {rc}")
        n = len(cases) + 2
    print(f"analyse.py --selftest: {n - wrong} of {n} cases give the expected verdict")
    return 1 if wrong else 0


# ---------------------------------------------------------------------------------------
def read_meta(path):
    meta = {}
    with open(path) as f:
        for line in f:
            k, sep, v = line.rstrip("\n").partition("=")
            if sep:
                meta[k] = v
    return meta


def read_wrk(paths):
    kinds, statuses, firsts, totals = {}, {}, {}, []
    for p in paths:
        with open(p, errors="replace") as f:
            for line in f:
                w = line.split()
                if not w:
                    continue
                if w[0] == "SOAK":
                    kv = dict(x.split("=", 1) for x in w[1:])
                    k = kinds.setdefault(kv["kind"], [0, 0, 0])
                    k[0] += int(kv["n"])
                    k[1] += int(kv["ok"])
                    k[2] += int(kv["bad"])
                elif w[0] == "SOAK-STATUS":
                    kv = dict(x.split("=", 1) for x in w[1:])
                    statuses.setdefault(kv["kind"], {})[kv["status"]] = \
                        statuses.get(kv["kind"], {}).get(kv["status"], 0) + int(kv["n"])
                elif w[0] == "SOAK-FIRST-BAD":
                    firsts.setdefault(w[1], line.split(" ", 2)[2].strip())
                elif w[0] == "SOAK-TOTAL":
                    totals.append({k: int(v) for k, v in (x.split("=", 1) for x in w[1:])})
    return kinds, statuses, firsts, totals


def mib(kb):
    return f"{kb / 1024:.1f}"


def report(a):
    rows = []
    with open(a.samples) as f:
        for r in csv.DictReader(f):
            rows.append({"t": float(r["t_s"]), "phase": r["phase"], "rss": int(r["rss_kb"]),
                         "fds": int(r["fds"]), "threads": int(r["threads"])})
    meta = read_meta(a.meta)
    duration = float(meta.get("seconds", "0"))
    load = [r for r in rows if r["phase"] == "load"]
    idle = [r for r in rows if r["phase"] == "idle"]
    pct, mb, slack = env_num("SOAK_RSS_PCT", 10), env_num("SOAK_RSS_MB", 4), env_num("SOAK_FD_SLACK", 5)
    max_bad_pct = env_num("SOAK_MAX_BAD_PCT", 0.1)
    ts = [r["t"] for r in load]
    rss = judge(ts, [r["rss"] for r in load], duration, rss_bound(pct, mb))
    fds = judge(ts, [r["fds"] for r in load], duration, fd_bound(slack))
    thr = judge(ts, [r["threads"] for r in load], duration, fd_bound(slack))

    kinds, statuses, firsts, totals = read_wrk(a.wrk)
    with open(a.hostile) as f:
        hostile = json.load(f)

    checks = []  # (ok, text)
    checks.append((rss["verdict"] == "PASS", f"RSS after warm-up: {rss['verdict']} — {rss['why']} (kB)"))
    checks.append((fds["verdict"] == "PASS", f"open descriptors after warm-up: {fds['verdict']} — {fds['why']}"))
    checks.append((thr["verdict"] == "PASS", f"threads after warm-up: {thr['verdict']} — {thr['why']}"))
    checks.append((meta.get("server_alive") == "1", "zi-server alive through the whole run"
                   if meta.get("server_alive") == "1" else f"zi-server DIED: {meta.get('server_died', '?')}"))
    checks.append((meta.get("healthz_end") == "200", f"GET /healthz after the run: {meta.get('healthz_end', '?')}"))
    checks.append((meta.get("sigterm_exit") == "0",
                   f"SIGTERM: exit status {meta.get('sigterm_exit', '?')} after {meta.get('sigterm_ms', '?')} ms"))
    checks.append((meta.get("leftover") == "", "nothing left running (server, wrk, hostile stream)"
                   if meta.get("leftover") == "" else f"left running: {meta.get('leftover')}"))
    n_req = sum(k[0] for k in kinds.values())
    n_bad = sum(k[2] for k in kinds.values())
    sock_err = sum(t["connect"] + t["read"] + t["write"] + t["timeout"] for t in totals)
    bad_pct = 100.0 * (n_bad + sock_err) / max(1, n_req)
    checks.append((n_req > 0 and bad_pct <= max_bad_pct,
                   f"load: {n_req} requests, {n_bad} unexpected answers, {sock_err} socket errors "
                   f"({bad_pct:.3f} %; at most {max_bad_pct:g} % allowed)"))
    hf = hostile["findings"]
    skipped = sum(c.get("skipped", 0) for c in hostile["cases"].values())
    n_host = sum(sum(c.values()) for c in hostile["cases"].values()) - skipped
    n_slow = sum(sum(c.values()) for c in hostile["slow"].values())
    checks.append((n_host > 0 and not hf["server_error"] and not hf["smuggled"],
                   f"hostile stream: {n_host} requests and {n_slow} abandoned ones, "
                   f"{len(hf['server_error'])} answered 5xx, {len(hf['smuggled'])} served a smuggled request "
                   f"(not judged here, see Findings: {len(hf.get('timeout', []))} unanswered within 5 s, "
                   f"{len(hf.get('repeated_head', []))} repeated response heads, {skipped} skipped: all workers busy)"))
    checks.append((meta.get("hostile_writes") == "0",
                   f"units written by hostile requests: {meta.get('hostile_writes', '?')} (must be 0)"))
    passed = all(ok for ok, _ in checks)

    out = []
    w = out.append
    w(f"# zi-server soak — {'PASS' if passed else 'FAIL'}\n")
    w(f"{meta.get('date', '')}, commit {meta.get('commit', '?')}, {meta.get('cpus', '?')} CPUs, "
      f"{meta.get('kernel', '')}; run as {meta.get('user', '?')}; load average {meta.get('loadavg_before', '?')} "
      f"before, {meta.get('loadavg_after', '?')} after (other work on the machine slows the load, not the verdict).\n")
    w(f"Load: {duration:g} s of wrk ({meta.get('mix', '')}) plus the hostile stream ({meta.get('hostile', '')}); "
      f"zi-server {meta.get('server_args', '')}; a sample every {meta.get('sample_s', '?')} s; "
      f"warm-up: the first {WARMUP * 100:.0f} % ({WARMUP * duration:g} s).\n")
    w("## Verdict\n")
    for ok, text in checks:
        w(f"- {'ok  ' if ok else '**FAIL**'} {text}")
    w("")
    w("Rule: a quantity fails when the median of the last quarter exceeds the median of the second quarter by "
      "more than its bound **and** the least-squares slope after the warm-up, over that window, does too. "
      f"Bounds: RSS max({pct:g} % of the base, {mb:g} MiB); descriptors and threads {slack:g}.\n")
    w("## RSS and descriptors\n")
    w("| | RSS MiB | descriptors | threads |")
    w("|---|---:|---:|---:|")

    def line(name, r):
        if r:
            w(f"| {name} | {mib(r['rss'])} | {r['fds']} | {r['threads']} |")
    line("first sample (idle, before load)", rows[0] if rows else None)
    after_wu = next((r for r in load if r["t"] >= WARMUP * duration), None)
    line(f"first sample after warm-up (t={after_wu['t']:g} s)" if after_wu else "after warm-up", after_wu)
    if rss.get("base") is not None:
        w(f"| median, second quarter | {mib(rss['base'])} | {fds['base']:g} | {thr['base']:g} |")
        w(f"| median, last quarter | {mib(rss['end'])} | {fds['end']:g} | {thr['end']:g} |")
        w(f"| slope after warm-up, per minute | {rss['slope_per_min'] / 1024:+.3f} | {fds['slope_per_min']:+.3f} | "
          f"{thr['slope_per_min']:+.3f} |")
    line("last sample under load", load[-1] if load else None)
    line("idle after the load", idle[-1] if idle else None)
    w(f"| peak under load | {mib(max(r['rss'] for r in load)) if load else '-'} | "
      f"{max(r['fds'] for r in load) if load else '-'} | {max(r['threads'] for r in load) if load else '-'} |")
    w("")
    w("## Load (wrk)\n")
    for t in totals:
        w(f"- {t['requests']} requests in {t['duration_us'] / 1e6:.0f} s ({t['requests'] / max(1, t['duration_us'] / 1e6):.0f}/s), "
          f"p50 {t['p50_us'] / 1000:.1f} ms, p99 {t['p99_us'] / 1000:.1f} ms, max {t['max_us'] / 1000:.0f} ms; "
          f"socket errors: connect {t['connect']}, read {t['read']}, write {t['write']}, timeout {t['timeout']}")
    w("")
    w("| kind | requests | expected status | other | statuses |")
    w("|---|---:|---:|---:|---|")
    for k in sorted(kinds):
        n, ok_n, bad_n = kinds[k]
        st = ", ".join(f"{s}: {c}" for s, c in sorted(statuses.get(k, {}).items()))
        w(f"| {k} | {n} | {ok_n} | {bad_n} | {st} |")
    for k, v in sorted(firsts.items()):
        w(f"\nFirst unexpected answer to `{k}`: `{v[:240]}`")
    w("")
    w("## Hostile stream\n")
    w("| case | answers |")
    w("|---|---|")
    for name in sorted(hostile["cases"]):
        c = hostile["cases"][name]
        w(f"| {name} | {', '.join(f'{k}: {v}' for k, v in sorted(c.items()))} |")
    w("")
    w("Started and abandoned (held 1–4 s, then closed):\n")
    w("| case | outcome |")
    w("|---|---|")
    for name in sorted(hostile["slow"]):
        c = hostile["slow"][name]
        w(f"| {name} | {', '.join(f'{k}: {v}' for k, v in sorted(c.items()))} |")
    if any(hf.values()):
        w("\nFindings:")
        for k, v in hf.items():
            if v:
                uniq = sorted(set(v))
                w(f"- {k}: {len(v)} ({'; '.join(uniq[:10])})")
    w("")
    w("## Samples\n")
    w("| t (s) | phase | RSS MiB | RSS kB | descriptors | threads |")
    w("|---:|---|---:|---:|---:|---:|")
    for r in rows:
        ph = r["phase"] + (" (warm-up)" if r["phase"] == "load" and r["t"] < WARMUP * duration else "")
        w(f"| {r['t']:g} | {ph} | {mib(r['rss'])} | {r['rss']} | {r['fds']} | {r['threads']} |")
    text = "\n".join(out) + "\n"
    with open(a.report, "w") as f:
        f.write(text)

    # The terminal gets the verdict, the numbers and a thinned sample table.
    print("t (s)   phase        RSS MiB   fds  threads")
    stride = max(1, len(rows) // 30)
    for i, r in enumerate(rows):
        if i % stride == 0 or i == len(rows) - 1:
            ph = "warm-up" if r["phase"] == "load" and r["t"] < WARMUP * duration else r["phase"]
            print(f"{r['t']:6.0f}  {ph:<10} {r['rss'] / 1024:9.1f} {r['fds']:5d} {r['threads']:8d}")
    print()
    for ok, t in checks:
        print(f"  {'ok  ' if ok else 'FAIL'} {t}")
    print(f"\nsoak: {'PASS' if passed else 'FAIL'} (report: {a.report})")
    return 0 if passed else 1


def main():
    if len(sys.argv) == 2 and sys.argv[1] == "--selftest":
        sys.exit(selftest())
    ap = argparse.ArgumentParser()
    ap.add_argument("cmd", choices=["report"])
    ap.add_argument("--samples", required=True)
    ap.add_argument("--meta", required=True)
    ap.add_argument("--hostile", required=True)
    ap.add_argument("--wrk", action="append", default=[])
    ap.add_argument("--report", required=True)
    sys.exit(report(ap.parse_args()))


if __name__ == "__main__":
    main()
