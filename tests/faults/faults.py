#!/usr/bin/env python3
"""Fault tests (issue 13 §5), run by tests/faults/run.sh.
Usage: faults.py BASE_URL ADMIN_KEY DATABASE_URL PG_CRASH_CMD PG_START_CMD AUDIT_VERIFY_CMD"""
import secrets
import subprocess
import sys
import threading
import time
import os

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "pylib"))
from zicheck import call as _call, check, finish  # noqa: E402

BASE, KEY, DB_URL, CRASH, START, VERIFY = sys.argv[1:7]
POOL_WAIT_S = 1.5        # server/src/zi_limits.h ZI_POOL_WAIT_MS
STATEMENT_TIMEOUT_S = 1  # run.sh --statement-timeout-ms


def call(method, path, body=None, headers=None, timeout=30):
    return _call(BASE, method, path, body, KEY, headers, timeout)


def psql(sql):
    out = subprocess.run(["psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", DB_URL, "-c", sql],
                         capture_output=True, text=True, timeout=60)
    if out.returncode != 0:
        raise AssertionError(f"psql: {out.stderr.strip()}")
    return out.stdout.strip()


def shell(cmd):
    return subprocess.run(cmd, shell=True, capture_output=True, text=True, timeout=120)


def acknowledged_writes_survive_two_database_crashes():
    tag = secrets.token_hex(3)
    acked, gave_up, lock = {}, [], threading.Lock()
    stop = threading.Event()
    outcomes = {}

    def writer(n):
        i = 0
        while not stop.is_set():
            code = f"zt-fault-{tag}-{n}-{i}"
            body = {"code": code, "name": f"[Uji] fault {code}", "kind": "other"}
            idem = f"fault-{tag}-{n}-{i}"
            deadline = time.monotonic() + 30
            while True:
                st, hdr, doc = call("POST", "/v1/units", body, {"Idempotency-Key": idem}, timeout=10)
                with lock:
                    outcomes[st] = outcomes.get(st, 0) + 1
                if st == 201:
                    with lock:
                        acked[code] = doc["id"]
                    break
                # Not acknowledged: the same request again, with the same key, as a client must.
                assert st in (0, 503), f"write answered {st}: {doc}"
                if st == 503:
                    assert "Retry-After" in hdr, "a 503 without Retry-After"
                if time.monotonic() > deadline:
                    with lock:
                        gave_up.append(code)
                    break
                time.sleep(0.1)
            i += 1

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    try:
        for _ in range(2):
            time.sleep(3)
            r = shell(CRASH)
            assert r.returncode == 0, f"crash: {r.stderr}"
            time.sleep(2)
            r = shell(START)
            assert r.returncode == 0, f"restart: {r.stderr}"
        time.sleep(4)
    finally:
        stop.set()
        for t in threads:
            t.join()
    assert not gave_up, f"{len(gave_up)} writes never acknowledged within 30 s of retries"
    rows = psql(f"SELECT code || '=' || id FROM units WHERE code LIKE 'zt-fault-{tag}-%'")
    stored = {}
    for line in rows.splitlines():
        code, uid = line.split("=")
        assert code not in stored, f"{code} stored twice"
        stored[code] = uid
    missing = [c for c in acked if c not in stored]
    assert not missing, f"{len(missing)} acknowledged writes missing after the crashes, e.g. {missing[:3]}"
    wrong = [c for c in acked if stored[c] != acked[c]]
    assert not wrong, f"{len(wrong)} acknowledged ids differ from the stored ones"
    extra = [c for c in stored if c not in acked]
    assert not extra, f"{len(extra)} rows no client was told about: {extra[:3]}"
    r = shell(VERIFY)
    assert r.returncode == 0, f"audit-verify after the crashes: exit {r.returncode} {r.stdout} {r.stderr}"
    print(f"  {len(acked)} writes acknowledged across two crashes, each stored once; answers seen: "
          f"{dict(sorted(outcomes.items()))}; audit chain: {r.stdout.strip()}")


def an_exhausted_pool_answers_503_with_retry_after_within_a_bound():
    st, _, page = call("GET", "/v1/units?limit=2")
    assert st == 200, f"list: {st}"
    locked_id, other_id = page["data"][0]["id"], page["data"][1]["id"]
    before = psql(f"SELECT version FROM units WHERE id = '{locked_id}'")
    holder = subprocess.Popen(["psql", "-X", "-q", "-d", DB_URL, "-c",
                               f"BEGIN; SELECT 1 FROM units WHERE id = '{locked_id}' FOR UPDATE; "
                               f"SELECT pg_sleep(8); COMMIT;"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(0.5)
    out = []
    lock = threading.Lock()
    gate = threading.Barrier(20)

    def hit(kind):
        gate.wait()
        t0 = time.monotonic()
        if kind == "patch":
            st, hdr, doc = call("PATCH", f"/v1/units/{locked_id}", {"staff_count": 7}, {"If-Match": "*"})
        else:
            st, hdr, doc = call("GET", f"/v1/units/{other_id}")
        with lock:
            out.append((kind, st, time.monotonic() - t0, hdr, doc))

    threads = [threading.Thread(target=hit, args=("patch" if i < 12 else "get",)) for i in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    holder.wait(timeout=30)
    bound = STATEMENT_TIMEOUT_S + POOL_WAIT_S + 2.5  # and slack for a loaded machine
    slowest = max(o[2] for o in out)
    assert slowest <= bound, f"a request took {slowest:.2f} s (bound {bound} s)"
    statuses = {}
    for kind, st, _, hdr, doc in out:
        statuses[(kind, st)] = statuses.get((kind, st), 0) + 1
        assert st in ((503,) if kind == "patch" else (200, 503)), f"{kind} answered {st}: {doc}"
        if st == 503:
            assert "Retry-After" in hdr, f"{kind} 503 without Retry-After"
            assert isinstance(doc, dict) and doc.get("status") == 503, f"503 without a problem document: {doc}"
    assert statuses.get(("patch", 503), 0) == 12, f"{statuses}"
    after = psql(f"SELECT version FROM units WHERE id = '{locked_id}'")
    assert after == before, "the locked unit changed"
    st, _, _ = call("GET", f"/v1/units/{other_id}")
    assert st == 200, f"after the lock, a read answered {st}"
    print(f"  pool of 4, 12 PATCHes stuck on a locked row + 8 reads: {dict(sorted(statuses.items()))}; "
          f"slowest answer {slowest:.2f} s (bound {bound} s)")


check("acknowledged writes survive two immediate PostgreSQL stops, each stored once",
      acknowledged_writes_survive_two_database_crashes)
check("an exhausted pool answers 503 with Retry-After within a bound and changes nothing",
      an_exhausted_pool_answers_503_with_retry_after_within_a_bound)
finish()
