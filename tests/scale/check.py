#!/usr/bin/env python3
"""Scale-out checks (issue 13 §6), run by tests/scale/run.sh against two zi-server instances
behind nginx. Usage: check.py PROXY_URL INSTANCE_A_URL INSTANCE_B_URL ADMIN_KEY"""
import secrets
import sys
import threading
import time
import os

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "pylib"))
from zicheck import call as _call, check, finish  # noqa: E402

PROXY, A, B, KEY = sys.argv[1:5]
REVOCATION_BOUND_MS = 1000  # README: a revoked key is refused by every instance within 1 s


def call(base, method, path, body=None, key=KEY, headers=None, timeout=30):
    return _call(base, method, path, body, key, headers, timeout)


def unit_body(tag):
    code = "zt-scale-" + tag
    return {"code": code, "name": "[Uji] scale-out " + tag, "kind": "other"}


def racing_idempotent_posts_make_one_row():
    body = unit_body(secrets.token_hex(4))
    idem = "scale-" + secrets.token_hex(8)
    targets = [A] * 12 + [B] * 12 + [PROXY] * 8
    out = [None] * len(targets)
    gate = threading.Barrier(len(targets))

    def post(i):
        gate.wait()
        out[i] = call(targets[i], "POST", "/v1/units", body, headers={"Idempotency-Key": idem})

    threads = [threading.Thread(target=post, args=(i,)) for i in range(len(targets))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    statuses = sorted({o[0] for o in out})
    assert statuses == [201], f"statuses {statuses}: {[o for o in out if o[0] != 201][:2]}"
    ids = {o[2]["id"] for o in out}
    assert len(ids) == 1, f"{len(ids)} different units for one Idempotency-Key"
    replayed = sum(1 for o in out if o[1].get("Idempotent-Replayed") == "true")
    assert replayed == len(targets) - 1, f"{replayed} replays of {len(targets)} (expected all but one)"
    uid = ids.pop()
    st, _, page = call(A, "GET", f"/v1/audit?resource_type=unit&resource_id={uid}&action=unit.created")
    assert st == 200 and len(page["data"]) == 1, f"audit holds {len(page['data'])} creations of the unit"
    print(f"  {len(targets)} racing POSTs (12 to each instance, 8 through nginx): one unit, {replayed} replays")


def a_key_revoked_through_one_instance_is_refused_by_the_other():
    st, _, made = call(PROXY, "POST", "/v1/api-keys", {"role": "evaluator", "name": "scale-out revocation"})
    assert st == 201, f"create key: {st} {made}"
    other = made["key"]
    for _ in range(2):  # now cached by B
        st, _, _ = call(B, "GET", "/v1/events?limit=1", key=other)
        assert st == 200, f"the new key on B: {st}"
    st, _, _ = call(A, "DELETE", f"/v1/api-keys/{made['id']}")
    assert st == 200, f"revoke through A: {st}"
    t0 = time.monotonic()
    while True:
        st, _, _ = call(B, "GET", "/v1/events?limit=1", key=other)
        ms = (time.monotonic() - t0) * 1000
        if st == 401:
            break
        assert st == 200, f"B answered {st}"
        assert ms < 2 * REVOCATION_BOUND_MS, f"B still accepts the revoked key after {ms:.0f} ms"
        time.sleep(0.01)
    assert ms <= REVOCATION_BOUND_MS, f"B refused the key only after {ms:.0f} ms (bound {REVOCATION_BOUND_MS})"
    print(f"  revoked through A, refused by B after {ms:.1f} ms")


def a_feed_consumer_sees_every_write_once_in_order():
    st, _, first = call(PROXY, "GET", "/v1/events?after=9223372036854775806&limit=1")
    assert st == 200, f"feed head: {st}"
    start = first["last_seq"]
    created, lock = set(), threading.Lock()
    writers_done = threading.Event()
    seen = []

    def consume():
        after = start
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            s, _, page = call(PROXY, "GET", f"/v1/events?after={after}&limit=1000&wait=2")
            assert s == 200, f"feed: {s}"
            seen.extend(page["data"])
            after = page["last_seq"]
            with lock:
                ids = set(created)
            got = {e["resource_id"] for e in seen if e["type"] == "unit.created"}
            if writers_done.is_set() and ids <= got:
                return

    def write(n):
        for i in range(50):
            s, _, doc = call(PROXY, "POST", "/v1/units", unit_body(f"{n}-{i}-{secrets.token_hex(3)}"))
            assert s == 201, f"write: {s} {doc}"
            with lock:
                created.add(doc["id"])

    consumer = threading.Thread(target=consume)
    consumer.start()
    writers = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for t in writers:
        t.start()
    for t in writers:
        t.join()
    writers_done.set()
    consumer.join()
    seqs = [e["seq"] for e in seen]
    assert seqs == list(range(start + 1, start + 1 + len(seqs))), "the feed skipped, repeated or reordered events"
    creations = [e["resource_id"] for e in seen if e["type"] == "unit.created"]
    assert len(created) == 200, f"{len(created)} writes acknowledged"
    missing = created - set(creations)
    assert not missing, f"{len(missing)} acknowledged writes never appeared in the feed"
    assert len(creations) == len(set(creations)), "a write appeared twice in the feed"
    print(f"  200 writes through nginx by 4 writers; the consumer read {len(seqs)} events, "
          f"seq {start + 1}..{start + len(seqs)}, no gap, no repeat")


check("racing idempotent POSTs across instances make one row", racing_idempotent_posts_make_one_row)
check("a key revoked through one instance is refused by the other within the bound",
      a_key_revoked_through_one_instance_is_refused_by_the_other)
check("a feed consumer behind nginx sees every write once, in order", a_feed_consumer_sees_every_write_once_in_order)
finish()
