#!/usr/bin/env python3
"""The hostile stream of the soak (tests/soak/run.sh): raw-socket requests that a careless or
malicious client sends, at a modest rate, next to the ordinary load, so that anything they
leave behind in zi-server (memory, descriptors, threads) shows in the soak's samples.

Usage: hostile.py --port PORT --key ADMIN_KEY --unit UNIT_ID --seconds S [--rate R]
                  [--slow-every S] [--skip CASE,...] --out stats.json

Two threads:
  quick  one case every 1/R s (default R = 30), round robin over the cases in a shuffled
         order, each on a new connection, run by a pool of WORKERS threads; the first
         response's status is recorded (or "closed", "reset", "timeout": no answer within
         READ_TIMEOUT_S, "skipped": every worker busy). Request bodies that would
         create a unit use codes starting with "hostile", so run.sh can check that none of
         them was written.
  slow   every --slow-every seconds (default 2) opens a handful of connections that never
         finish: headers cut off, a body shorter than its Content-Length, a header dripped
         one byte at a time, a connection that says nothing; holds them 1-4 s and abandons them.

stats.json: {"cases": {name: {outcome: count}}, "slow": {name: {outcome: count}},
             "findings": {"server_error": [...], "smuggled": [...], "repeated_head": [...],
                          "timeout": [...]}}
A "server_error" is any 5xx but 501/503/505; "smuggled" is a 200 after the first response on
a connection that sent one request with a second one hidden in its body; "repeated_head" is
any other further response head (libmicrohttpd 0.9.75 sends its 400 head twice for a
malformed Content-Length).
"""
import argparse
import json
import queue
import random
import re
import socket
import threading
import time

READ_TIMEOUT_S = 5.0
KEEPALIVE_READ_S = 1.5
WORKERS = 48  # a case left unanswered holds one for READ_TIMEOUT_S
HOST = "127.0.0.1"


def req(method, target, headers=(), body=b"", key=None, host=True, version="HTTP/1.1", close=True):
    """An HTTP/1.1 request as bytes; headers is a list of (name, value) kept as given.
    close=False leaves the connection open (no "Connection: close"), as a smuggler would,
    so that a second request hidden in the body would be served."""
    lines = [f"{method} {target} {version}".encode("latin-1")]
    if host:
        lines.append(b"Host: soak")
    if key:
        lines.append(f"Authorization: Bearer {key}".encode())
    for name, value in headers:
        v = value if isinstance(value, bytes) else value.encode("latin-1")
        lines.append(name.encode("latin-1") + b": " + v)
    if body and not any(n.lower() in ("content-length", "transfer-encoding") for n, _ in headers):
        lines.append(b"Content-Length: %d" % len(body))
    if close:
        lines.append(b"Connection: close")
    return b"\r\n".join(lines) + b"\r\n\r\n" + body


def json_post(target, body, key, extra=()):
    return req("POST", target, [("Content-Type", "application/json"), *extra], body, key)


def build_cases(key, unit):
    """name -> a function returning the request's bytes (codes are unique per call)."""
    n = [0]

    def code():
        n[0] += 1
        return f"hostile{n[0]}"

    ok_unit = lambda: ('{"code":"%s","name":"Hostile","kind":"sd"}' % code()).encode()
    smuggled = b"GET /v1/units?limit=1 HTTP/1.1\r\nHost: soak\r\n\r\n"
    cases = {
        # bodies
        "malformed_json": lambda: json_post("/v1/units", b'{"code": "hostile0", "name": ', key),
        "json_not_object": lambda: json_post("/v1/units", b"[1,2,3]", key),
        "json_duplicate_keys": lambda: json_post(
            "/v1/units", ('{"code":"%s","code":"x","name":"H","kind":"sd"}' % code()).encode(), key),
        "json_deep_nesting": lambda: json_post("/v1/units", b'{"a":' * 3000 + b"1" + b"}" * 3000, key),
        "json_unknown_field": lambda: json_post(
            "/v1/units", ('{"code":"%s","name":"H","kind":"sd","evil":1}' % code()).encode(), key),
        "invalid_utf8_body": lambda: json_post(
            "/v1/units", b'{"code":"' + code().encode() + b'","name":"\xff\xfe\xc0\xaf","kind":"sd"}', key),
        "overlong_utf8_body": lambda: json_post(
            "/v1/units", b'{"code":"' + code().encode() + b'","name":"\xe0\x80\xaf","kind":"sd"}', key),
        "nul_escape_body": lambda: json_post(
            "/v1/units", ('{"code":"%s","name":"a\\u0000b","kind":"sd"}' % code()).encode(), key),
        "lone_surrogate_body": lambda: json_post(
            "/v1/units", ('{"code":"%s","name":"a\\ud800b","kind":"sd"}' % code()).encode(), key),
        "oversized_body_sent": lambda: json_post(
            "/v1/units", b'{"code":"' + code().encode() + b'","name":"' + b"x" * 200_000 + b'","kind":"sd"}', key),
        "oversized_announced": lambda: req(
            "POST", "/v1/units", [("Content-Type", "application/json"), ("Content-Length", "100000000")], b"", key),
        "expect_100_huge": lambda: req(
            "POST", "/v1/units", [("Content-Type", "application/json"), ("Content-Length", "100000000"),
                                  ("Expect", "100-continue")], b"", key),
        "wrong_content_type": lambda: req("POST", "/v1/units", [("Content-Type", "text/plain")], ok_unit(), key),
        "chunked_malformed": lambda: req(
            "POST", "/v1/units", [("Content-Type", "application/json"), ("Transfer-Encoding", "chunked")],
            b"zz\r\n{}\r\n0\r\n\r\n", key),
        # framing
        "duplicate_content_length": lambda: req(
            "POST", "/v1/units", [("Content-Type", "application/json"), ("Content-Length", "2"),
                                  ("Content-Length", str(2 + len(smuggled)))], b"{}" + smuggled, key,
            close=False),
        "content_length_list": lambda: req(
            "POST", "/v1/units", [("Content-Type", "application/json"), ("Content-Length", "2, 2")], b"{}", key),
        "te_and_cl": lambda: req(
            "POST", "/v1/units", [("Content-Type", "application/json"), ("Transfer-Encoding", "chunked"),
                                  ("Content-Length", "7")], b"2\r\n{}\r\n0\r\n\r\n" + smuggled, key,
            close=False),
        "te_unknown": lambda: req(
            "POST", "/v1/units", [("Content-Type", "application/json"), ("Transfer-Encoding", "gzip, chunked")],
            b"2\r\n{}\r\n0\r\n\r\n", key),
        "bare_lf_and_cr_in_header": lambda: b"GET /v1/units HTTP/1.1\nHost: soak\nX-Request-Id: a\rb\r\n\r\n",
        "header_without_colon": lambda: b"GET /v1/units HTTP/1.1\r\nHost: soak\r\nNoColonHere\r\n\r\n",
        "obs_fold_header": lambda: b"GET /v1/units HTTP/1.1\r\nHost: soak\r\nX-A: 1\r\n  folded\r\n\r\n",
        "garbage_request_line": lambda: b"\x00\x01\x02\xff GARBAGE\r\n\r\n",
        "unknown_method": lambda: req("BREW", "/v1/units"),
        "http_version_9": lambda: req("GET", "/v1/units", version="HTTP/9.9"),
        "http10_no_host": lambda: req("GET", "/v1/units?limit=1", host=False, version="HTTP/1.0"),
        # targets and query strings
        "many_query_params": lambda: req("GET", "/v1/units?" + "&".join(f"p{i}=1" for i in range(3000))),
        "repeated_query_param": lambda: req("GET", "/v1/units?" + "&".join(["limit=1"] * 1000)),
        "long_query_value": lambda: req("GET", "/v1/units?q=" + "x" * 6000),
        "huge_target": lambda: req("GET", "/v1/units/" + "a" * 60_000),
        "invalid_utf8_query": lambda: req("GET", "/v1/units?q=%FF%FE%C0%AF"),
        "invalid_utf8_path": lambda: req("GET", "/v1/units/by-code/%C0%AF%FF"),
        "nul_in_path": lambda: req("GET", "/v1/units/%00"),
        "dot_segments": lambda: req("GET", "/v1/../../../etc/passwd"),
        "many_path_segments": lambda: req("GET", "/v1/" + "/".join(["a"] * 500)),
        "forged_cursor": lambda: req("GET", "/v1/units?cursor=" + "QUFB" * 100),
        "forged_cursor_json": lambda: req("GET", "/v1/units?cursor=WyJuYW1lIiwgMSwgIngiXQ"),
        "bad_limit": lambda: req("GET", "/v1/units?limit=99999999999999999999"),
        "bad_uuid": lambda: req("GET", "/v1/units/not-a-uuid"),
        # headers
        "bad_key": lambda: req("GET", "/v1/events", key="zi_" + "A" * 32),
        "bad_key_long": lambda: req("GET", "/v1/events", key="zi_" + "B" * 7000),
        "bad_auth_scheme": lambda: req("GET", "/v1/events", [("Authorization", "Basic YWRtaW46YWRtaW4=")]),
        "auth_invalid_utf8": lambda: req("GET", "/v1/events", [("Authorization", b"Bearer \xff\xfe\x80")]),
        "huge_header": lambda: req("GET", "/v1/units", [("X-Filler", "a" * 100_000)]),
        "many_headers": lambda: req("GET", "/v1/units", [(f"X-H{i}", "v") for i in range(2000)]),
        "bad_if_match": lambda: json_post(
            f"/v1/units/{unit}", b'{"staff_count":1}', key, [("If-Match", '"garbage')]).replace(b"POST", b"PATCH", 1),
        "stale_if_match": lambda: json_post(
            f"/v1/units/{unit}", b'{"staff_count":1}', key, [("If-Match", '"999999"')]).replace(b"POST", b"PATCH", 1),
        "bad_idempotency_key": lambda: json_post("/v1/units", ok_unit(), key, [("Idempotency-Key", "a b\x7f")]),
        "long_idempotency_key": lambda: json_post("/v1/units", ok_unit(), key, [("Idempotency-Key", "k" * 400)]),
        "bad_request_id": lambda: req("GET", "/healthz", [("X-Request-Id", "x" * 500 + "\x1b[31m")]),
        "log_injection_request_id": lambda: req("GET", "/v1/units/nope", [("X-Request-Id", "a%0d%0aFAKE LOG")]),
        "bad_accept_language": lambda: req("GET", "/v1/units?limit=0", [("Accept-Language", "\xff" * 300 + ";q=x")]),
        "bad_if_none_match": lambda: req("GET", f"/v1/units/{unit}", [("If-None-Match", "," * 5000)]),
    }
    return cases


def read_all(sock, deadline):
    data = b""
    while time.monotonic() < deadline:
        sock.settimeout(max(0.05, deadline - time.monotonic()))
        try:
            chunk = sock.recv(65536)
        except socket.timeout:
            break
        if not chunk:
            break
        data += chunk
    return data


def run_case(payload):
    """Sends one request; returns (outcome, the statuses of any further response heads on the
    connection). A request without
    "Connection: close" is read for KEEPALIVE_READ_S: long enough for a smuggled second
    answer, short of the server's idle timeout."""
    close = b"\r\nConnection: close\r\n" in payload
    try:
        s = socket.create_connection((HOST, PORT), timeout=READ_TIMEOUT_S)
    except OSError as e:
        return f"connect-error:{e.__class__.__name__}", []
    try:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\0" * 8)
        try:
            s.sendall(payload)
        except OSError:
            pass  # the server may refuse and close before reading everything: read its answer
        deadline = time.monotonic() + (READ_TIMEOUT_S if close else KEEPALIVE_READ_S)
        try:
            data = read_all(s, deadline)
        except ConnectionResetError:
            return "reset", []
        except OSError as e:
            return f"error:{e.__class__.__name__}", []
        if not data:
            return ("timeout" if time.monotonic() >= deadline else "closed"), []
        heads = re.findall(rb"HTTP/1\.[01] (\d{3}) ", data)
        first = data.split(b"\r\n", 1)[0].split(b" ")
        status = first[1].decode("latin-1") if len(first) > 1 and data.startswith(b"HTTP/") else "garbled"
        return status, [h.decode() for h in heads[1:]]
    finally:
        s.close()


def quick(cases, seconds, rate, stats, findings, lock):
    """Issues cases at `rate` a second on WORKERS threads, so that a case the server leaves
    unanswered (READ_TIMEOUT_S) does not slow the stream; when every worker is busy the
    tick is counted as "skipped" rather than queued."""
    names = list(cases)
    order = []
    tickets = queue.Queue(maxsize=WORKERS)

    def record(name, outcome, more):
        with lock:
            c = stats.setdefault(name, {})
            c[outcome] = c.get(outcome, 0) + 1
            if outcome.isdigit() and outcome[0] == "5" and outcome not in ("501", "503", "505"):
                findings["server_error"].append(f"{name}: {outcome}")
            if "200" in more:
                # The request hidden after the first one's body was served.
                findings["smuggled"].append(f"{name}: a second request served ({outcome}, then {', '.join(more)})")
            elif more:
                findings["repeated_head"].append(f"{name}: {outcome}, then {', '.join(more)}")
            if outcome == "timeout":
                findings["timeout"].append(name)

    def worker():
        while True:
            name = tickets.get()
            if name is None:
                return
            outcome, more = run_case(cases[name]())
            record(name, outcome, more)

    pool = [threading.Thread(target=worker) for _ in range(WORKERS)]
    for t in pool:
        t.start()
    end = time.monotonic() + seconds
    nxt = time.monotonic()
    while time.monotonic() < end:
        if not order:
            order = names[:]
            random.shuffle(order)
        name = order.pop()
        try:
            tickets.put_nowait(name)
        except queue.Full:
            record(name, "skipped", [])
        nxt += 1.0 / rate
        time.sleep(max(0.0, nxt - time.monotonic()))
    for _ in pool:
        tickets.put(None)
    for t in pool:
        t.join()


def slow(key, seconds, every, stats, lock):
    """Requests that are started and abandoned."""
    partial = {
        "headers_cut": b"GET /v1/units?limit=1 HTTP/1.1\r\nHost: soak\r\nX-A: ",
        "body_short": b"POST /v1/units HTTP/1.1\r\nHost: soak\r\nAuthorization: Bearer " + key.encode()
                      + b"\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"code\":",
        "request_line_cut": b"GET /v1/uni",
        "silent": b"",
        "drip": b"GET /v1/units HTTP/1.1\r\nHost: soak\r\nX-Drip: " + b"d" * 64,
    }
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        held = []
        for name, data in partial.items():
            try:
                s = socket.create_connection((HOST, PORT), timeout=2)
                s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\0" * 8)
                if name != "drip":
                    s.sendall(data)
                held.append((name, s, data))
            except OSError as e:
                with lock:
                    c = stats.setdefault(name, {})
                    k = f"connect-error:{e.__class__.__name__}"
                    c[k] = c.get(k, 0) + 1
        hold = random.uniform(1, 4)
        t0 = time.monotonic()
        pos = 0
        while time.monotonic() - t0 < hold:
            for name, s, data in held:
                if name == "drip" and pos < len(data):
                    try:
                        s.send(data[pos:pos + 1])
                    except OSError:
                        pass
            pos += 1
            time.sleep(0.2)
        for name, s, _ in held:
            # Did the server answer (e.g. 408) or close before we gave up?
            s.setblocking(False)
            try:
                got = s.recv(64)
                outcome = "answered-" + got.split(b" ")[1].decode("latin-1") if got.startswith(b"HTTP/") else (
                    "closed-by-server" if got == b"" else "garbled")
            except BlockingIOError:
                outcome = "abandoned"
            except OSError:
                outcome = "reset"
            s.close()
            with lock:
                c = stats.setdefault(name, {})
                c[outcome] = c.get(outcome, 0) + 1
        time.sleep(max(0.0, every - hold))


def main():
    global PORT
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--key", required=True)
    ap.add_argument("--unit", required=True)
    ap.add_argument("--seconds", type=float, required=True)
    ap.add_argument("--rate", type=float, default=30.0)
    ap.add_argument("--slow-every", type=float, default=2.0)
    ap.add_argument("--skip", default="", help="comma-separated case names left out (to tell which one leaks)")
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    PORT = a.port
    cases = build_cases(a.key, a.unit)
    skip = {n for n in a.skip.split(",") if n}
    if skip - set(cases):
        ap.error(f"--skip: no such case: {sorted(skip - set(cases))}")
    cases = {n: f for n, f in cases.items() if n not in skip}
    stats, slow_stats = {}, {}
    findings = {"server_error": [], "smuggled": [], "repeated_head": [], "timeout": []}
    lock = threading.Lock()
    threads = [
        threading.Thread(target=quick, args=(cases, a.seconds, a.rate, stats, findings, lock)),
        threading.Thread(target=slow, args=(a.key, a.seconds, a.slow_every, slow_stats, lock)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    with open(a.out, "w") as f:
        json.dump({"cases": stats, "slow": slow_stats, "findings": findings,
                   "case_names": sorted(cases)}, f, indent=1, sort_keys=True)


if __name__ == "__main__":
    main()
