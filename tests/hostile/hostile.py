#!/usr/bin/env python3
"""The hostile-input catalogue (issue 13 §4), run by tests/hostile/run.sh against a running
zi-server. One case per file under tests/hostile/cases/<group>/<name>.json (see README.md
there). Every case is sent over a raw socket (we choose every byte), then:
  - the answer is a 4xx listed by the case (a problem+json document unless the case says why not);
  - the server still answers /healthz; nothing was written (the journal's head did not move);
and over the whole catalogue: every line of the server's log is a line it wrote (no injected
lines), and after a warm-up pass, further passes do not grow RSS or open descriptors.

Usage: hostile.py BASE_URL ADMIN_KEY SERVER_PID SERVER_LOG [--passes N] [--no-growth-check]"""
import glob
import json
import os
import re
import secrets
import socket
import sys
import time
import urllib.request

BASE, KEY, PID, LOG = sys.argv[1:5]
PASSES = int(sys.argv[sys.argv.index("--passes") + 1]) if "--passes" in sys.argv else 4
GROWTH = "--no-growth-check" not in sys.argv
HOST, PORT = BASE.split("//")[1].split(":")
PORT = int(PORT)
HERE = os.path.dirname(os.path.abspath(__file__))
LOG_LINE = re.compile(r"^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ zi-server (ERROR|WARN|WARNING|INFO|DEBUG): |"
                      r"zi-server listening on [0-9.]+:\d+$)")
RSS_SLACK_KB = 2048
# Keys of the other roles ("upg=zi_…,evaluator=zi_…") for operations the admin may not call.
ROLE_KEYS = dict(kv.split("=", 1) for kv in os.environ.get("HOSTILE_ROLE_KEYS", "").split(",") if "=" in kv)
ROLE_KEYS["admin"] = KEY
FD_SLACK = 2


def api(path):
    req = urllib.request.Request(BASE + path, headers={"Authorization": "Bearer " + KEY})
    with urllib.request.urlopen(req, timeout=10) as r:
        return json.loads(r.read())


def journal_head():
    return api("/v1/events?after=9223372036854775806&limit=1")["last_seq"]


def healthy():
    try:
        with urllib.request.urlopen(BASE + "/healthz", timeout=5) as r:
            return r.status == 200
    except OSError:
        return False


def proc_sample():
    with open(f"/proc/{PID}/status") as f:
        rss = next(int(line.split()[1]) for line in f if line.startswith("VmRSS:"))
    return rss, len(os.listdir(f"/proc/{PID}/fd"))


def exchange(raw, timeout=10.0):
    """Sends raw bytes; returns (status, headers dict lower-case, body bytes, closed)."""
    s = socket.create_connection((HOST, PORT), timeout=timeout)
    try:
        return read_answer(s, raw, timeout)
    except (socket.timeout, TimeoutError, ConnectionResetError, BrokenPipeError):
        return 0, {}, b"", True
    finally:
        s.close()


def read_answer(s, raw, timeout):
    s.sendall(raw)
    data = b""
    deadline = time.monotonic() + timeout
    while b"\r\n\r\n" not in data and time.monotonic() < deadline:
        chunk = s.recv(65536)
        if not chunk:
            break
        data += chunk
    if b"\r\n\r\n" not in data:
        return 0, {}, data, True
    head, body = data.split(b"\r\n\r\n", 1)
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        k, _, v = line.partition(":")
        headers[k.strip().lower()] = v.strip()
    want = int(headers.get("content-length", "0") or 0)
    while len(body) < want and time.monotonic() < deadline:
        chunk = s.recv(65536)
        if not chunk:
            break
        body += chunk
    # Did the server close the connection after answering?
    s.settimeout(0.3)
    try:
        closed = s.recv(1) == b""
    except socket.timeout:
        closed = False
    except ConnectionResetError:
        closed = True
    return status, headers, body[:want], closed


def fill(text, ctx):
    for k, v in ctx.items():
        text = text.replace("{" + k + "}", v)
    return text


def build(case, ctx, path=None, body=None):
    """The bytes of a case: "raw" as written (with \\r\\n), or method/path/headers/body."""
    if "raw" in case:
        return fill(case["raw"], ctx).encode("latin-1")
    method = case.get("method", "GET")
    target = fill(path if path is not None else case["path"], ctx)
    headers = dict(case.get("headers", {}))
    if case.get("auth", True):
        headers.setdefault("Authorization", "Bearer {KEY}")
    payload = body if body is not None else (
        bytes.fromhex(case["body_hex"]) if "body_hex" in case else fill(case.get("body", ""), ctx).encode())
    if payload or method in ("POST", "PATCH", "PUT"):
        headers.setdefault("Content-Type", "application/json")
        headers.setdefault("Content-Length", str(len(payload)))
    lines = [f"{method} {target} HTTP/1.1", f"Host: {HOST}:{PORT}", "Connection: close"]
    lines += [f"{k}: {fill(v, ctx)}" for k, v in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + payload


def check_answer(name, case, status, headers, body, closed, failures, names_field=None):
    exp = case["expect"]
    if status not in exp["status"]:
        failures.append(f"{name}: status {status} (expected {exp['status']}): {body[:300]!r}")
        return
    if not 400 <= status < 500:
        return  # an answer libmicrohttpd gives (or none), as the case expects and says why
    ctype = headers.get("content-type", "")
    if exp.get("problem", True) and body and "application/problem+json" not in ctype:
        failures.append(f"{name}: a {status} without a problem document ({ctype}): {body[:200]!r}")
    if exp.get("problem", True) and body:
        try:
            doc = json.loads(body)
        except ValueError:
            failures.append(f"{name}: the problem document does not parse: {body[:200]!r}")
            return
        if doc.get("status") != status:
            failures.append(f"{name}: problem status {doc.get('status')} on a {status}")
        if names_field is not None and status in (400, 422):
            fields = [e.get("field", "") for e in doc.get("errors", [])]
            if not any(f == names_field or f.startswith(names_field + "/") for f in fields):
                failures.append(f"{name}: the refusal does not name {names_field}: {fields}")
    if exp.get("close") and not closed:
        failures.append(f"{name}: the connection stayed open after an ambiguous request")


def string_field_targets(openapi):
    """(operationId, method, path, pointer, kind) for every string member of every JSON body."""
    out = []
    for path, item in openapi["paths"].items():
        for method, op in item.items():
            if method not in ("post", "patch", "put") or "requestBody" not in op:
                continue
            schema = op["requestBody"].get("content", {}).get("application/json", {}).get("schema")
            if not schema:
                continue
            schema = resolve(openapi, schema)
            for prop, ps in (schema.get("properties") or {}).items():
                ps = resolve(openapi, ps)
                types = ps.get("type") if isinstance(ps.get("type"), list) else [ps.get("type")]
                if ps.get("readOnly"):
                    continue
                if "string" in types and ps.get("format") not in ("uuid", "date", "date-time") and "enum" not in ps:
                    out.append((op["operationId"], method.upper(), path, "/" + prop, "string", op.get("x-roles", [])))
                elif "array" in types and resolve(openapi, ps.get("items", {})).get("type") == "string" and \
                        "enum" not in resolve(openapi, ps.get("items", {})):
                    out.append((op["operationId"], method.upper(), path, "/" + prop, "array", op.get("x-roles", [])))
    return out


def resolve(doc, schema):
    while isinstance(schema, dict) and "$ref" in schema:
        node = doc
        for part in schema["$ref"][2:].split("/"):
            node = node[part]
        schema = node
    if isinstance(schema, dict) and "allOf" in schema:
        merged = {"properties": {}}
        for sub in schema["allOf"]:
            sub = resolve(doc, sub)
            merged["properties"].update(sub.get("properties") or {})
            for k, v in sub.items():
                if k != "properties":
                    merged.setdefault(k, v)
        return merged
    return schema


def fill_path(path):
    path = re.sub(r"\{year\}", "2026", path)
    path = re.sub(r"\{kind\}", "gratification_evidence", path)
    return re.sub(r"\{[a-z_]+\}", "00000000-0000-4000-8000-00000000beef", path)


def run_pass(cases, ctx, targets, failures, counts):
    for name, case in cases:
        head = journal_head()
        if "each_string_field" in case:
            value = case["each_string_field"]  # a JSON string literal, quotes included
            for op, method, path, pointer, kind, roles in targets:
                member = pointer[1:]
                role = next((r for r in ("admin", "upg", "evaluator") if r in roles and r in ROLE_KEYS), None)
                if role is None:
                    counts["unreached"].add(op + " (no key of its roles)")
                    continue
                literal = f"[{value}]" if kind == "array" else value
                body = ('{"%s":%s}' % (member, literal)).encode("latin-1") if case.get("latin1") else \
                    ('{"%s":%s}' % (member, literal)).encode()
                sub = dict(case, method=method, headers={"If-Match": "*", "Authorization": "Bearer " + ROLE_KEYS[role]})
                raw = build(sub, ctx, path=fill_path(path), body=body)
                status, headers, rbody, closed = exchange(raw)
                counts["requests"] += 1
                if status == 404:
                    counts["unreached"].add(op)
                    continue
                check_answer(f"{name} in {op} {pointer}", case, status, headers, rbody, closed, failures,
                             names_field=pointer if case.get("names_field", True) else None)
        else:
            status, headers, rbody, closed = exchange(build(case, ctx), case.get("timeout", 10.0))
            counts["requests"] += 1
            check_answer(name, case, status, headers, rbody, closed, failures)
        if not healthy():
            failures.append(f"{name}: the server stopped answering /healthz")
            return
        if journal_head() != head:
            failures.append(f"{name}: something was written (the journal moved)")


def main():
    cases = []
    for path in sorted(glob.glob(os.path.join(HERE, "cases", "*", "*.json"))):
        with open(path) as f:
            case = json.load(f)
        for key in ("what", "expect"):
            if key not in case:
                sys.exit(f"{path}: no \"{key}\"")
        odd = [s for s in case["expect"]["status"] if not 400 <= s < 500]
        if (odd or case["expect"].get("problem") is False) and "why" not in case["expect"]:
            sys.exit(f"{path}: expects {odd or 'no problem document'} without saying why")
        cases.append((os.path.relpath(path, os.path.join(HERE, "cases"))[:-5], case))
    groups = sorted({n.split("/")[0] for n, _ in cases})
    unit = api("/v1/units?limit=1")["data"][0]["id"]
    ctx = {"KEY": KEY, "UNIT": unit, "HOST": f"{HOST}:{PORT}", "RANDOM": secrets.token_hex(4)}
    openapi = json.loads(urllib.request.urlopen(BASE + "/v1/openapi.json", timeout=10).read())
    targets = string_field_targets(openapi)
    failures, counts, samples = [], {"requests": 0, "unreached": set()}, []
    for p in range(PASSES):
        run_pass(cases, ctx, targets, failures, counts)
        if failures:
            break
        time.sleep(1.0)  # let closed connections be reaped
        samples.append(proc_sample())
    print(f"hostile catalogue: {len(cases)} cases in {len(groups)} groups ({', '.join(groups)}); "
          f"{len(targets)} string members of {len({t[0] for t in targets})} write operations; "
          f"{counts['requests']} requests in {PASSES} passes")
    if counts["unreached"]:
        print(f"  404 before validation (record ids in the path) for: {', '.join(sorted(counts['unreached']))}")
    if samples:
        print("  RSS / descriptors after each pass: " + ", ".join(f"{r} kB / {d}" for r, d in samples))
    if GROWTH and len(samples) >= 2 and not failures:
        # glibc's per-thread arenas settle over the first passes (measured: +2 MB over ten
        # passes, flat after): the trend is taken from the second pass on.
        (r0, d0), (r1, d1) = samples[min(1, len(samples) - 2)], samples[-1]
        if r1 - r0 > RSS_SLACK_KB:
            failures.append(f"RSS grew {r1 - r0} kB over the passes after the warm-up")
        if d1 - d0 > FD_SLACK:
            failures.append(f"open descriptors grew from {d0} to {d1}")
    with open(LOG, encoding="utf-8", errors="replace") as f:
        for n, line in enumerate(f, 1):
            if not LOG_LINE.match(line):
                failures.append(f"server log line {n} is not one the server wrote: {line[:160]!r}")
                break
    for f in failures[:40]:
        print("FAIL " + f)
    print(f"{0 if failures else 1} passed, {1 if failures else 0} failed")
    sys.exit(1 if failures else 0)


main()
