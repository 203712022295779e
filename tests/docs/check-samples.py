#!/usr/bin/python3
"""Proves the code samples on /docs and the README's TypeScript example are real.

For every operation of openapi/openapi.yaml, tools/render-docs.py builds three samples: a
curl command, a C program with libzi and a zi command line (see its docstring for the
x-zi-sdk / x-zi-cli hints). This check
  - fails an operation whose hint is missing, names a function sdk/include/zi/zi.h does not
    declare, or cannot be turned into a sample ("none: <reason>" is accepted: it is shown),
    and one whose JSON request body has no example (the samples send the example);
  - compiles every C program on its own with the SDK header and the project's warnings, then
    links them all with build/lib/libzi into one program;
  - runs all three samples against a local stub that records the request and answers 404:
    each must send the operation's method and path with the example values, the example
    query parameters, the API key when the operation needs one, If-Match when it is
    required, and the request example as its body; curl must exit 0, the C program and zi
    1 (the server's error answer: anything else, such as zi's 2 for a usage error, fails);
  - generates TypeScript types from the contract with openapi-typescript and type-checks the
    example of README.md's "First call in five minutes (TypeScript)" with tsc --strict.

usage: tests/docs/check-samples.py [build-dir]      (from anywhere; prints Check-style counts)
Needs: build/bin/zi and build/lib/libzi (make sdk), cc, pkg-config, curl, node; the Node tools
of tests/contract (installed by tests/contract/lint.sh from its lockfile when missing).
"""
import concurrent.futures
import http.server
import importlib.util
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import threading
import urllib.parse

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SPEC = os.path.join(ROOT, 'openapi', 'openapi.yaml')
HEADER = os.path.join(ROOT, 'sdk', 'include', 'zi', 'zi.h')
README = os.path.join(ROOT, 'README.md')
NODE_DIR = os.path.join(ROOT, 'tests', 'contract')
CFLAGS = ['-std=c17', '-Wall', '-Wextra', '-Werror', '-Wshadow', '-Wstrict-prototypes', '-Wformat=2']
KEY = 'zi_sample_key_0123456789abcdef'
TIMEOUT = 60

failures = []
checks = 0


def check(ok, message):
    global checks
    checks += 1
    if not ok:
        failures.append(message)
        print('samples: ' + message, flush=True)
    return ok


def load_renderer():
    spec = importlib.util.spec_from_file_location('render_docs',
                                                  os.path.join(ROOT, 'tools', 'render-docs.py'))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# ---- the recording stub --------------------------------------------------------------------

class Recorder(http.server.BaseHTTPRequestHandler):
    """Records every request under the first segment of its path (the sample's tag) and
    answers 404 with a problem document, the way zi-server answers an unknown id."""
    protocol_version = 'HTTP/1.1'
    seen = {}
    lock = threading.Lock()

    def log_message(self, *args):
        pass

    def body(self):
        if self.headers.get('Transfer-Encoding', '').lower() == 'chunked':
            data = b''
            while True:
                size = int(self.rfile.readline().split(b';')[0].strip() or b'0', 16)
                if size == 0:
                    while self.rfile.readline() not in (b'\r\n', b'\n', b''):
                        pass
                    return data
                data += self.rfile.read(size)
                self.rfile.readline()
        return self.rfile.read(int(self.headers.get('Content-Length') or 0))

    def handle_any(self):
        url = urllib.parse.urlsplit(self.path)
        tag, _, rest = url.path.lstrip('/').partition('/')
        record = {'method': self.command, 'path': '/' + rest,
                  'query': urllib.parse.parse_qs(url.query, keep_blank_values=True),
                  'headers': {k.lower(): v for k, v in self.headers.items()},
                  'body': self.body()}
        with self.lock:
            self.seen.setdefault(tag, []).append(record)
        problem = json.dumps({'type': 'urn:zi:problem:not-found', 'title': 'Not found',
                              'status': 404, 'detail': 'the docs samples stub knows nothing',
                              'instance': 'stub'}).encode()
        self.send_response(404)
        self.send_header('Content-Type', 'application/problem+json')
        self.send_header('Content-Length', str(len(problem)))
        self.send_header('Connection', 'close')
        self.end_headers()
        self.wfile.write(problem)
        self.close_connection = True

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = handle_any


def compare(kind, op_id, want, got):
    """Failure messages for a recorded request that is not the one the samples stand for."""
    where = '%s sample of %s' % (kind, op_id)
    if len(got) != 1:
        return ['%s sent %d requests, not 1' % (where, len(got))]
    r = got[0]
    errs = []
    if (r['method'], r['path']) != (want['method'], want['path']):
        errs.append('%s sent %s %s, not %s %s' % (where, r['method'], r['path'], want['method'],
                                                   want['path']))
    for name, value in want['query'].items():
        if r['query'].get(name) != [value]:
            errs.append('%s sent query %s=%s, not %s' % (where, name, r['query'].get(name), value))
    auth = r['headers'].get('authorization')
    if want['needs_key'] and auth != 'Bearer ' + KEY:
        errs.append('%s sent no API key (Authorization: %s)' % (where, auth))
    if want['if_match'] and r['headers'].get('if-match') != want['if_match']:
        errs.append('%s sent If-Match %s, not %s' % (where, r['headers'].get('if-match'),
                                                      want['if_match']))
    media = r['headers'].get('content-type', '').split(';')[0].strip()
    if want['media'] is None:
        if r['body']:
            errs.append('%s sent a body, the operation takes none' % where)
    elif media != want['media']:
        errs.append('%s sent Content-Type %s, not %s' % (where, media or 'none', want['media']))
    elif want['media'] == 'application/json':
        try:
            body = json.loads(r['body'])
        except ValueError:
            body = r['body']
        if body != want['body']:
            errs.append('%s sent the body %s, not the request example %s'
                        % (where, r['body'][:200], json.dumps(want['body'])[:200]))
    elif r['body'] != want['body']:
        errs.append('%s sent a body of %d bytes that is not the example file'
                    % (where, len(r['body'])))
    return errs


# ---- C -----------------------------------------------------------------------------------------

def c_symbol(op_id):
    return 'zi_sample_' + op_id


def compile_c(work, build, programs):
    """Compiles each program alone (-c, main renamed), then links them with a driver that runs
    the one named by argv[1]. Returns the driver's path, or None."""
    jansson = subprocess.run(['pkg-config', '--cflags', '--libs', 'jansson'], capture_output=True,
                             text=True, check=True).stdout.split()
    jansson_cflags = [f for f in jansson if not f.startswith('-l') and not f.startswith('-L')]

    def one(op_id):
        src = os.path.join(work, 'c', op_id + '.c')
        proc = subprocess.run(['cc'] + CFLAGS + ['-I', os.path.join(ROOT, 'sdk', 'include')]
                              + jansson_cflags + ['-Dmain=' + c_symbol(op_id), '-c', src, '-o',
                                                  src[:-2] + '.o'],
                              capture_output=True, text=True)
        return op_id, proc

    os.makedirs(os.path.join(work, 'c'))
    for op_id, code in programs.items():
        with open(os.path.join(work, 'c', op_id + '.c'), 'w', encoding='utf-8') as f:
            f.write(code)
    compiled = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        for op_id, proc in pool.map(one, sorted(programs)):
            if check(proc.returncode == 0, 'the C sample of %s does not compile:\n%s'
                     % (op_id, proc.stderr.strip())):
                compiled.append(op_id)
    if not compiled:
        return None, compiled
    driver = os.path.join(work, 'c', 'driver.c')
    with open(driver, 'w', encoding='utf-8') as f:
        f.write('#include <stdio.h>\n#include <string.h>\n\n')
        for op_id in compiled:
            f.write('int %s(void);\n' % c_symbol(op_id))
        f.write('\nint main(int argc, char **argv)\n{\n')
        for op_id in compiled:
            f.write('    if (argc == 2 && strcmp(argv[1], "%s") == 0)\n        return %s();\n'
                    % (op_id, c_symbol(op_id)))
        f.write('    fprintf(stderr, "no such sample\\n");\n    return 99;\n}\n')
    exe = os.path.join(work, 'c', 'samples')
    lib = os.path.join(os.path.abspath(build), 'lib')
    proc = subprocess.run(['cc'] + CFLAGS + ['-o', exe, driver]
                          + [os.path.join(work, 'c', op_id + '.o') for op_id in compiled]
                          + ['-L', lib, '-Wl,-rpath,' + lib, '-lzi'] + jansson,
                          capture_output=True, text=True)
    if not check(proc.returncode == 0, 'the C samples do not link with %s/libzi:\n%s'
                 % (lib, proc.stderr.strip())):
        return None, []
    return exe, compiled


# ---- TypeScript ------------------------------------------------------------------------------------

def node_tools():
    """The tools of tests/contract/node_modules, installed from the lockfile if needed."""
    bins = os.path.join(NODE_DIR, 'node_modules', '.bin')
    stamp = os.path.join(NODE_DIR, 'node_modules', '.package-lock.json')
    stale = (not os.path.exists(stamp) or os.path.getmtime(os.path.join(NODE_DIR, 'package-lock.json'))
             > os.path.getmtime(stamp))
    if stale or not all(os.path.exists(os.path.join(bins, b)) for b in ('tsc', 'openapi-typescript')):
        # lint.sh installs the pinned tools (npm ci, with its fallbacks), then lints.
        subprocess.run([os.path.join(NODE_DIR, 'lint.sh')], capture_output=True)
    return bins


def check_typescript(build, readme_text, renderer):
    section = renderer.readme_section(readme_text, renderer.TS_SECTION)
    if not check(section is not None, 'README.md has no section "## %s"' % renderer.TS_SECTION):
        return
    blocks = re.findall(r'```(?:ts|typescript)\n(.*?)```', section, re.S)
    if not check(len(blocks) == 1, 'README.md section "%s" must hold one ```ts example, not %d'
                 % (renderer.TS_SECTION, len(blocks))):
        return
    out = os.path.join(os.path.abspath(build), 'ts')
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    bins = node_tools()
    if not check(all(os.path.exists(os.path.join(bins, b)) for b in ('tsc', 'openapi-typescript')),
                 'tsc and openapi-typescript are not in %s: tests/contract/lint.sh installs them '
                 '(npm ci)' % bins):
        return
    # The example imports "openapi-fetch": resolve it from the pinned tools.
    os.symlink(os.path.join(NODE_DIR, 'node_modules'), os.path.join(out, 'node_modules'))
    types = os.path.join(out, 'zi-api.d.ts')
    gen = subprocess.run([os.path.join(bins, 'openapi-typescript'), SPEC, '-o', types],
                         capture_output=True, text=True, timeout=TIMEOUT)
    if not check(gen.returncode == 0 and os.path.exists(types),
                 'openapi-typescript could not generate types from the contract:\n%s%s'
                 % (gen.stdout, gen.stderr)):
        return
    example = os.path.join(out, 'first-call.ts')
    with open(example, 'w', encoding='utf-8') as f:
        f.write(blocks[0])
    # A front-end project's usual settings, strict; no ambient @types from node_modules.
    with open(os.path.join(out, 'tsconfig.json'), 'w', encoding='utf-8') as f:
        json.dump({'compilerOptions': {'strict': True, 'noEmit': True, 'target': 'es2022',
                                       'module': 'esnext', 'moduleResolution': 'bundler',
                                       'lib': ['es2022', 'dom'], 'types': []},
                   'files': ['first-call.ts']}, f, indent=2)
    tsc = subprocess.run([os.path.join(bins, 'tsc'), '-p', out], capture_output=True, text=True,
                         timeout=TIMEOUT, cwd=out)
    check(tsc.returncode == 0, 'the TypeScript example of README.md does not type-check against '
          'the types generated from the contract:\n%s' % (tsc.stdout + tsc.stderr).strip())


# ---- main ----------------------------------------------------------------------------------

def main():
    build = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, 'build')
    zi_bin = os.path.join(os.path.abspath(build), 'bin', 'zi')
    for need in (zi_bin, os.path.join(os.path.abspath(build), 'lib', 'libzi.so')):
        if not os.path.exists(need):
            print('samples: %s is missing: build the SDK first (make -j2 all)' % need)
            print('0%: Checks: 1, Failures: 1, Errors: 0')
            sys.exit(1)
    renderer = load_renderer()
    with open(SPEC, encoding='utf-8') as f:
        doc = yaml.safe_load(f)
    with open(HEADER, encoding='utf-8') as f:
        protos = renderer.load_prototypes(f.read())
    with open(README, encoding='utf-8') as f:
        readme_text = f.read()

    ops = [(o, renderer.build_samples(o, protos)) for _, _, _, o in renderer.operations(doc)]
    work = tempfile.mkdtemp(prefix='zi-samples-')
    server = http.server.ThreadingHTTPServer(('127.0.0.1', 0), Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = 'http://127.0.0.1:%d' % server.server_address[1]
    try:
        runs = []  # (kind, op, samples, argv)
        programs = {}
        for o, s in ops:
            d = os.path.join(work, 'ops', o.op_id)
            os.makedirs(d)
            for name, data in s.files.items():
                with open(os.path.join(d, name), 'wb') as f:
                    f.write(data)
            check(not o.body_made_up, '%s has no example of its JSON request body: the samples '
                  'send the example (made up from the schema until there is one)' % o.op_id)
            for kind, (status, text) in (('curl', s.curl), ('C', s.c), ('zi', s.zi)):
                if status == 'missing':
                    check(False, 'no %s sample for %s: %s' % (kind, o.op_id, text))
                elif status == 'none':
                    check(True, '')
                    print('samples: %s of %s: none (%s)' % (kind, o.op_id, text))
                elif kind == 'curl':
                    runs.append((kind, o, s, ['bash', '-c', text]))
                elif kind == 'C':
                    programs[o.op_id] = text
                else:
                    argv = shlex.split(text)
                    runs.append((kind, o, s, [zi_bin] + argv[1:]))
        exe, compiled = compile_c(work, build, programs)
        runs += [('C', o, s, [exe, o.op_id]) for o, s in ops if o.op_id in compiled]

        def run(item):
            kind, o, s, argv = item
            tag = '%s-%s' % (kind, o.op_id)
            env = {k: v for k, v in os.environ.items()
                   if k not in ('ZI_LANG', 'LC_ALL', 'LC_MESSAGES', 'LANG', 'http_proxy',
                                'HTTP_PROXY', 'no_proxy', 'NO_PROXY')}
            env.update(ZI_URL=base + '/' + tag, ZI_API_KEY=KEY)
            try:
                proc = subprocess.run(argv, cwd=os.path.join(work, 'ops', o.op_id), env=env,
                                      stdin=subprocess.DEVNULL, capture_output=True,
                                      timeout=TIMEOUT)
                return item, proc.returncode, proc.stderr.decode('utf-8', 'replace')
            except subprocess.TimeoutExpired:
                return item, 'timeout', ''

        with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
            results = list(pool.map(run, runs))
        for (kind, o, s, argv), rc, err in results:
            tag = '%s-%s' % (kind, o.op_id)
            want_rc = 0 if kind == 'curl' else 1
            errs = compare(kind, o.op_id, s.request(), Recorder.seen.get(tag, []))
            if rc != want_rc:
                errs.insert(0, '%s sample of %s exited %s, not %d: %s'
                            % (kind, o.op_id, rc, want_rc, err.strip()[:400]))
            check(not errs, '\n  '.join(errs))
        check_typescript(build, readme_text, renderer)
    finally:
        server.shutdown()
        shutil.rmtree(work, ignore_errors=True)
    failed = len(failures)
    print('%d%%: Checks: %d, Failures: %d, Errors: 0' % (100 * (checks - failed) // max(checks, 1),
                                                          checks, failed))
    sys.exit(1 if failed else 0)


if __name__ == '__main__':
    main()
