"""What the Python test scripts (tests/scale, tests/faults) share: one HTTP call that never
raises on an HTTP status, and named checks that end in one "N passed, N failed" line."""
import json
import sys
import urllib.error
import urllib.request

_results = []


def call(base, method, path, body=None, key=None, headers=None, timeout=30):
    """(status, headers, parsed body); status 0 when no answer came (connection refused, timeout)."""
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(base + path, data=data, method=method)
    if key:
        req.add_header("Authorization", "Bearer " + key)
    if data is not None:
        req.add_header("Content-Type", "application/json")
    for k, v in (headers or {}).items():
        req.add_header(k, v)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            raw = r.read()
            return r.status, dict(r.headers), json.loads(raw) if raw else None
    except urllib.error.HTTPError as e:
        raw = e.read()
        try:
            doc = json.loads(raw) if raw else None
        except ValueError:
            doc = raw.decode(errors="replace")
        return e.code, dict(e.headers), doc
    except (urllib.error.URLError, ConnectionError, TimeoutError) as e:
        return 0, {}, str(e)


def check(name, fn):
    """Runs fn; an AssertionError fails the check with its message."""
    try:
        fn()
        _results.append((name, None))
        print(f"PASS {name}")
    except AssertionError as e:
        _results.append((name, str(e)))
        print(f"FAIL {name}: {e}")


def finish():
    failed = sum(1 for _, e in _results if e)
    print(f"{len(_results) - failed} passed, {failed} failed")
    sys.exit(1 if failed else 0)
