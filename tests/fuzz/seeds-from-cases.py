#!/usr/bin/env python3
"""Turns the API tests' hostile requests (tests/api/cases/<resource>/<NN-name>/request) into
seeds of the fuzz_request target, so that every case written for the live server also starts
the fuzzer off on that route and that refusal. The placeholders of tests/api/cases/README.md
become what the fuzz harness understands: the keys of tests/fuzz/support.c by role, a fixed
UUID for ids, 1 for versions. usage: seeds-from-cases.py CASES_DIR OUT_DIR"""
import os
import re
import sys

KEYS = {
    "admin": b"zi_fuzzadminAAAAAAAAAAAAAAAAAAAAAAA",
    "upg": b"zi_fuzzupgAAAAAAAAAAAAAAAAAAAAAAAAA",
    "evaluator": b"zi_fuzzevaluatorAAAAAAAAAAAAAAAAAAA",
    "officer": b"zi_fuzzofficerAAAAAAAAAAAAAAAAAAAAA",
    "employee": b"zi_fuzzemployeeAAAAAAAAAAAAAAAAAAAA",
}
UUID = b"11111111-1111-4111-8111-111111111111"
TOKEN = re.compile(rb"\$(\$|[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)?)")


def key_for(fixture):
    for word, role in ((b"emp", "employee"), (b"off", "officer"), (b"ev", "evaluator"), (b"upg", "upg")):
        if fixture.startswith(word):
            return KEYS[role]
    return KEYS["admin"]


def substitute(m):
    word = m.group(1)
    if word == b"$":
        return b"$"
    if word == b"ADMIN":
        return KEYS["admin"]
    if word == b"RAND":
        return b"fuzz-1"
    name, _, member = word.partition(b".")
    if member == b"key":
        return key_for(name)
    if member == b"version":
        return b"1"
    if member == b"code":
        return b"ZT-FX-fuzz-1"
    if member.endswith(b"id"):
        return UUID
    return m.group(0)


def main():
    cases, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    n = 0
    for resource in sorted(os.listdir(cases)):
        folder = os.path.join(cases, resource)
        if not os.path.isdir(folder):
            continue
        for case in sorted(os.listdir(folder)):
            path = os.path.join(folder, case, "request")
            if not os.path.isfile(path):
                continue
            with open(path, "rb") as f:
                text = TOKEN.sub(substitute, f.read())
            with open(os.path.join(out, "case-%s-%s" % (resource, case)), "wb") as f:
                f.write(text)
            n += 1
    print("seeds from API cases: %d" % n)


if __name__ == "__main__":
    main()
