#!/usr/bin/python3
"""Build-time generator of the API reference page served at GET /docs.

Renders openapi/openapi.yaml into one self-contained HTML page (inline CSS, no script,
no network): every operation grouped by tag with its roles, code samples, parameters,
request body and responses, then every schema. Each operation's element has
id="op-<operationId>", which the docs test uses to check that no operation is missing.

Code samples. Every operation shows the same request three ways, as tabs: curl, a short
complete C program with libzi, and the `zi` command. Two hints in the contract drive them:

    x-zi-sdk: zi_units_get          the libzi function (declared in sdk/include/zi/zi.h)
    x-zi-cli: zi units get <id>     the zi command; <name> is replaced by the example value
                                    of that path or query parameter, <body> by the request
                                    example as one shell word

Either may instead say "none: <reason>", which the page shows. The curl line and the C
program are built here from the method, the path, the parameters' and the request body's
examples, the security and If-Match requirements, and the function's real prototype read
from zi.h. tests/docs/check-samples.py compiles and runs all three against a recording
stub, so a sample that is wrong fails the tests; a missing hint only shows as a gap on the
page (the build never fails for it) and fails the same check.

usage: render-docs.py <openapi.yaml> <out.html> [<zi.h> [<README.md>]]
       (zi.h and README.md default to sdk/include/zi/zi.h and README.md of this checkout)
"""
import html
import json
import os
import re
import shlex
import sys
import uuid

import markdown  # Debian: python3-markdown
import yaml      # Debian: python3-yaml

METHODS = ('get', 'post', 'put', 'patch', 'delete')
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_HEADER = os.path.join(ROOT, 'sdk', 'include', 'zi', 'zi.h')
DEFAULT_README = os.path.join(ROOT, 'README.md')
# The README section the page carries for front-end teams (checked by check-samples.py).
TS_SECTION = 'First call in five minutes (TypeScript)'

CSS = """
body{font:15px/1.5 system-ui,sans-serif;margin:0;color:#1b1f24;display:flex}
nav{width:18rem;flex:none;height:100vh;overflow:auto;position:sticky;top:0;background:#f4f6f8;
    padding:1rem;box-sizing:border-box;font-size:13px}
nav a{display:block;color:#1b1f24;text-decoration:none;padding:1px 0}
nav h3{margin:1rem 0 .25rem;font-size:13px;text-transform:uppercase;color:#57606a}
main{padding:1.5rem 2.5rem;max-width:60rem;min-width:0}
h1{margin-top:0}
section.op{border-top:1px solid #d0d7de;padding-top:1rem;margin-top:1.5rem}
.method{display:inline-block;font:bold 12px monospace;color:#fff;border-radius:3px;padding:2px 6px;
        text-transform:uppercase;margin-right:.5rem}
.get{background:#0969da}.post{background:#1a7f37}.patch{background:#9a6700}.delete{background:#cf222e}
.put{background:#8250df}
code,.path,pre{font-family:ui-monospace,monospace}
.path{font-size:15px;font-weight:600}
table{border-collapse:collapse;margin:.5rem 0;font-size:13px;width:100%}
th,td{border:1px solid #d0d7de;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f4f6f8}
.roles span{display:inline-block;background:#ddf4ff;border-radius:10px;padding:0 8px;margin-right:4px;
            font-size:12px}
pre{background:#f6f8fa;border:1px solid #d0d7de;border-radius:4px;padding:.6rem .8rem;overflow:auto;
    font-size:12.5px;line-height:1.45;margin:.25rem 0}
.samples{margin:.75rem 0}
.samples input{position:absolute;opacity:0}
.samples label{display:inline-block;padding:2px 12px;border:1px solid #d0d7de;border-bottom:none;
               border-radius:4px 4px 0 0;font-size:13px;cursor:pointer;background:#f4f6f8}
.samples input:checked+label{background:#fff;font-weight:600}
.samples input:focus-visible+label{outline:2px solid #0969da}
.samples .sample{display:none}
.samples .sample pre{margin-top:0}
.samples input:nth-of-type(1):checked~div.sample:nth-of-type(1),
.samples input:nth-of-type(2):checked~div.sample:nth-of-type(2),
.samples input:nth-of-type(3):checked~div.sample:nth-of-type(3){display:block}
.sample p{border:1px solid #d0d7de;padding:.6rem .8rem;font-size:13px;margin:0}
.sample.missing p{border-color:#cf222e;color:#cf222e}
"""


# What x-unit-scope means for the unit-bound roles (unit_officer, employee), after the roles.
# "own": another unit's record is a 403; "own-private" (a private record, e.g. a gratification
# report): another unit's record is a 404, the answer a record that does not exist gets.
UNIT_BOUND_ROLES = ('unit_officer', 'employee')
SCOPE_TEXT = {
    'own': ' — unit-bound roles: own unit only; other units get 403',
    'own-private': ' — unit-bound roles: own unit only; other units get 404 (a private record:'
                   ' the same answer as for one that does not exist)',
}


def md(text):
    return markdown.markdown(text or '', extensions=['tables', 'fenced_code'])


def esc(text):
    return html.escape(str(text), quote=True)


def resolve(doc, node):
    while isinstance(node, dict) and '$ref' in node:
        ref = node['$ref']
        if not ref.startswith('#/'):
            break
        node = doc
        for part in ref[2:].split('/'):
            node = node[part]
    return node


def ref_name(node):
    if isinstance(node, dict) and '$ref' in node:
        return node['$ref'].rsplit('/', 1)[-1]
    return None


def type_text(doc, schema):
    """A short description of a schema's type: `string (uuid)`, `[Unit]`, `Unit`, …"""
    name = ref_name(schema)
    if name:
        return '<a href="#schema-%s">%s</a>' % (esc(name), esc(name))
    schema = schema or {}
    if 'allOf' in schema:
        return ' & '.join(type_text(doc, s) for s in schema['allOf'])
    if 'oneOf' in schema or 'anyOf' in schema:
        return ' | '.join(type_text(doc, s) for s in schema.get('oneOf', schema.get('anyOf')))
    t = schema.get('type', 'any')
    if isinstance(t, list):
        t = ' | '.join(t)
    if t == 'array' or (isinstance(schema.get('type'), list) and 'array' in schema['type']):
        return '[%s]' % type_text(doc, schema.get('items', {}))
    extra = []
    if 'format' in schema:
        extra.append(schema['format'])
    if 'enum' in schema:
        extra.append('one of ' + ', '.join(esc(v) for v in schema['enum'] if v is not None))
    for key, label in (('minLength', 'min length'), ('maxLength', 'max length'), ('minimum', 'min'),
                       ('maximum', 'max'), ('pattern', 'pattern'), ('default', 'default')):
        if key in schema:
            extra.append('%s %s' % (label, esc(schema[key])))
    return esc(t) + (' <small>(%s)</small>' % '; '.join(extra) if extra else '')


def fields_table(doc, schema):
    schema = resolve(doc, schema or {})
    props = {}
    required = set()
    for part in schema.get('allOf', [schema]):
        part = resolve(doc, part)
        props.update(part.get('properties', {}))
        required.update(part.get('required', []))
    if not props:
        return '<p>%s</p>' % type_text(doc, schema)
    rows = []
    for name, prop in props.items():
        desc = resolve(doc, prop).get('description', '') if isinstance(prop, dict) else ''
        rows.append('<tr><td><code>%s</code>%s</td><td>%s</td><td>%s</td></tr>' % (
            esc(name), ' <b>*</b>' if name in required else '', type_text(doc, prop), md(desc)))
    return ('<table><tr><th>field (* required)</th><th>type</th><th>description</th></tr>%s</table>'
            % ''.join(rows))


# ---- code samples ---------------------------------------------------------------------------

class SampleError(Exception):
    """A sample that cannot be built from the contract and zi.h as they stand."""


def load_prototypes(header_text):
    """{function name: [(type, name), ...]} of every ZI_EXPORT function declared in zi.h."""
    text = re.sub(r'/\*.*?\*/', ' ', header_text, flags=re.S)
    protos = {}
    for m in re.finditer(r'ZI_EXPORT\s+([^;{]*?)\b(zi_\w+)\s*\(([^;{]*?)\)\s*;', text):
        params = []
        for part in m.group(3).split(','):
            part = ' '.join(part.split())
            if part in ('', 'void'):
                continue
            pm = re.match(r'(.*?)(\w+)$', part)
            params.append((pm.group(1).replace(' *', '*').strip(), pm.group(2)))
        protos[m.group(2)] = params
    return protos


def hint(op, key):
    """('ok', value) for a hint, ('none', reason) for "none: reason", ('missing', None)."""
    value = op.get(key)
    if value is None:
        return 'missing', None
    value = str(value).strip()
    m = re.match(r'none\s*:\s*(.+)$', value, re.S)
    if m:
        return 'none', m.group(1).strip()
    if value == 'none':
        return 'missing', None  # "none" without a reason is a silent gap too
    return 'ok', value


def example_of(doc, node):
    """The first example of a parameter, schema or media type object, or None."""
    node = resolve(doc, node or {})
    if node.get('example') is not None:
        return node['example']
    examples = node.get('examples')
    if isinstance(examples, list) and examples:
        return examples[0]
    if isinstance(examples, dict) and examples:
        return resolve(doc, next(iter(examples.values()))).get('value')
    return None


def param_example(doc, p):
    """A value for parameter p: its example, its schema's, or one made from its schema."""
    schema = resolve(doc, p.get('schema', {}))
    for v in (example_of(doc, p), example_of(doc, schema)):
        if v is not None:
            return v
    if schema.get('enum'):
        return schema['enum'][0]
    t = schema.get('type')
    if t == 'integer':
        if p['name'] == 'limit':
            return 20
        if 'year' in p['name']:
            return 2026
        return schema.get('default', schema.get('minimum', 1))
    if t == 'boolean':
        return True
    if schema.get('format') == 'uuid':
        # Stable, and the same for every parameter of that name across the page.
        return str(uuid.uuid5(uuid.NAMESPACE_URL, 'zi-docs:' + p['name']))
    if schema.get('format') == 'date':
        return '2026-03-17'
    return p['name']


def schema_example(doc, schema, depth=0):
    """A value made from a schema without an example: its required members (or, for an object
    without any, its first member), enums' first values, formats' typical values."""
    schema = resolve(doc, schema or {})
    v = example_of(doc, schema)
    if v is not None or depth > 6:
        return v
    if schema.get('enum'):
        return next(e for e in schema['enum'] if e is not None)
    if 'allOf' in schema:
        merged = {}
        for part in schema['allOf']:
            merged.update(schema_example(doc, part, depth + 1) or {})
        return merged
    if 'oneOf' in schema or 'anyOf' in schema:
        return schema_example(doc, (schema.get('oneOf') or schema.get('anyOf'))[0], depth + 1)
    t = schema.get('type')
    if isinstance(t, list):
        t = next((x for x in t if x != 'null'), 'null')
    if t == 'object' or 'properties' in schema:
        props = schema.get('properties', {})
        names = schema.get('required') or list(props)[:1]
        return {n: schema_example(doc, props.get(n, {}), depth + 1) for n in names}
    if t == 'array':
        return [schema_example(doc, schema.get('items', {}), depth + 1)]
    if t == 'integer':
        return schema.get('default', schema.get('minimum', 1))
    if t == 'number':
        return schema.get('default', schema.get('minimum', 1))
    if t == 'boolean':
        return schema.get('default', True)
    return {'uuid': str(uuid.uuid5(uuid.NAMESPACE_URL, 'zi-docs:id')), 'date': '2026-03-17',
            'date-time': '2026-03-17T08:00:00Z', 'email': 'nama@example.org',
            'uri': 'https://example.org/'}.get(schema.get('format'), 'text')


MAGIC = {  # the first bytes the server reads a file's type from (addGratificationEvidence)
    'image/jpeg': b'\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9',
    'image/png': b'\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01',
    'image/webp': b'RIFF\x1a\x00\x00\x00WEBPVP8 \x0e\x00\x00\x00',
    'application/pdf': b'%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n%%EOF\n',
}
EXTENSIONS = {'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp',
              'application/pdf': 'pdf', 'text/csv': 'csv'}


C_ESCAPES = {'"': '\\"', '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t'}


def c_literal(text):
    """text as one C string literal."""
    return '"%s"' % ''.join(C_ESCAPES.get(ch, ch) for ch in str(text))


def c_string(text, indent):
    """text as adjacent C string literals on lines of their own, indented by indent, split
    after newlines or near 76 columns."""
    pieces = []
    cur = ''
    for ch in text:
        cur += C_ESCAPES.get(ch, ch)
        if ch == '\n' or (len(cur) >= 66 and ch in ' ,'):
            pieces.append(cur)
            cur = ''
    if cur or not pieces:
        pieces.append(cur)
    return '\n'.join(' ' * indent + '"%s"' % p for p in pieces)


def c_call(prefix, fn, args, width=92):
    """prefix + fn(args), the arguments wrapped under the opening parenthesis."""
    lines = [prefix + fn + '(']
    col = len(lines[0])
    for n, a in enumerate(args):
        piece = a + (', ' if n + 1 < len(args) else ')')
        if len(lines[-1]) + len(piece.rstrip()) > width and lines[-1].strip() != fn + '(':
            lines[-1] = lines[-1].rstrip()
            lines.append(' ' * col)
        lines[-1] += piece
    return '\n'.join(lines)


class Operation:
    """One operation of the contract and everything its samples are made of."""

    def __init__(self, doc, path, method, op, path_params=()):
        self.doc, self.path, self.method, self.op = doc, path, method, op
        self.op_id = op.get('operationId', method + path)
        params = [resolve(doc, p) for p in list(path_params) + op.get('parameters', [])]
        self.params = {(p['in'], p['name']): p for p in params}
        self.path_names = re.findall(r'{(\w+)}', path)
        self.query_names = [n for (where, n) in self.params if where == 'query']
        security = op.get('security', doc.get('security', []))
        self.needs_key = bool(security) and {} not in security
        self.if_match = self.params.get(('header', 'If-Match'), {}).get('required', False)
        body = resolve(doc, op.get('requestBody', {}))
        self.media_types = list(body.get('content', {}))
        self.body_content = body.get('content', {})
        self.body_made_up = False

    def value(self, where, name):
        return param_example(self.doc, self.params[(where, name)])

    def json_body(self):
        """The JSON request example; without one, a body made from the schema (and
        self.body_made_up set: the samples check asks for an example)."""
        content = self.body_content.get('application/json', {})
        v = example_of(self.doc, content)
        if v is not None:
            return v
        self.body_made_up = True
        return schema_example(self.doc, content.get('schema', {}))

    def text_body(self, media):
        v = example_of(self.doc, self.body_content.get(media, {}))
        if not isinstance(v, str):
            raise SampleError('the %s request body has no example to send' % media)
        return v


class Samples:
    """The three samples of one operation, and the request each must send.

    curl, c, zi: ('ok', code) | ('none', reason) | ('missing', why). request: what every
    sample sends (method, path, query, body) for the checker; files: {name: bytes} that the
    samples read (the curl and zi samples name them, the checker creates them)."""

    def __init__(self, o, protos):
        self.o = o
        self.query = {}          # name -> example value, in the order they are added
        self.body_media = None   # the media type the samples send, or None for no body
        self.body = None         # JSON value, or bytes for a file body
        self.files = {}
        status, fn = hint(o.op, 'x-zi-sdk')
        for q in o.query_names:
            if o.params[('query', q)].get('required'):
                self.query[q] = o.value('query', q)
        self.c = self._c(status, fn, protos)
        try:
            if self.body_media is None and o.media_types:
                self._choose_body(o.media_types[0])
            self.curl = ('ok', self._curl())
        except SampleError as e:
            self.curl = ('missing', str(e))
        self.zi = self._zi()

    # -- the request -------------------------------------------------------------------------

    def _choose_body(self, media):
        o = self.o
        self.body_media = media
        if media == 'application/json':
            self.body = o.json_body()
        elif media == 'text/csv':
            self.body = o.text_body(media).encode('utf-8')
            self.files[self._file_name(media)] = self.body
        else:
            self.body = MAGIC.get(media, b'\x00')
            self.files[self._file_name(media)] = self.body

    def _file_name(self, media):
        """The file a file body is read from: the one the zi hint names, else the filename
        parameter's example, else body.<ext>."""
        ext = EXTENSIONS.get(media, 'bin')
        status, line = hint(self.o.op, 'x-zi-cli')
        if status == 'ok':
            for word in line.split():
                word = word.lstrip('@')
                if re.fullmatch(r'[\w.-]+\.' + ext, word):
                    return word
        if ('query', 'filename') in self.o.params:
            return str(self.o.value('query', 'filename'))
        return 'body.' + ext

    def path_with(self):
        return re.sub(r'{(\w+)}', lambda m: str(self.o.value('path', m.group(1))), self.o.path)

    def request(self):
        """What each sample must send: the checker compares the recorded requests to it."""
        return {'method': self.o.method.upper(), 'path': self.path_with(),
                'query': {k: query_text(v) for k, v in self.query.items()},
                'media': self.body_media, 'body': self.body, 'needs_key': self.o.needs_key,
                'if_match': '"3"' if self.o.if_match else None}

    # -- curl --------------------------------------------------------------------------------

    def _curl(self):
        o = self.o
        url = '$ZI_URL' + self.path_with()
        if self.query:
            url += '?' + '&'.join('%s=%s' % (k, url_escape(query_text(v)))
                                  for k, v in self.query.items())
        first = 'curl -sS' + ('' if o.method == 'get' else ' -X ' + o.method.upper()) + ' "%s"' % url
        lines = [first]
        if o.needs_key:
            lines.append('-H "Authorization: Bearer $ZI_API_KEY"')
        if o.if_match:
            lines.append("-H 'If-Match: \"3\"'")
        if self.body_media == 'application/json':
            lines.append("-H 'Content-Type: application/json'")
            lines.append('--data ' + shlex.quote(json_text(self.body, pretty=True)))
        elif self.body_media:
            lines.append("-H 'Content-Type: %s'" % self.body_media)
            lines.append('--data-binary @' + next(iter(self.files)))
        return ' \\\n  '.join(lines)

    # -- zi ----------------------------------------------------------------------------------

    def _zi(self):
        status, line = hint(self.o.op, 'x-zi-cli')
        if status != 'ok':
            return (status, line if status == 'none' else
                    'the contract gives no x-zi-cli for this operation')
        if not line.startswith('zi '):
            return ('missing', 'x-zi-cli must be a zi command line: %s' % line)

        def sub(m):
            name = m.group(1)
            if name == 'body':
                if self.body_media != 'application/json':
                    raise SampleError('<body> in x-zi-cli, but the request body is not JSON')
                return shlex.quote(json_text(self.body))
            for where in ('path', 'query'):
                if (where, name) in self.o.params:
                    return shlex.quote(str(query_text(self.o.value(where, name))))
            raise SampleError('x-zi-cli names <%s>, which is no parameter of %s'
                              % (name, self.o.op_id))
        try:
            return ('ok', re.sub(r'<(\w+)>', sub, line))
        except SampleError as e:
            return ('missing', str(e))

    # -- C with libzi --------------------------------------------------------------------------

    def _c(self, status, fn, protos):
        if status != 'ok':
            return (status, fn if status == 'none' else
                    'the contract gives no x-zi-sdk for this operation')
        if fn not in protos:
            return ('missing', 'x-zi-sdk names %s, which sdk/include/zi/zi.h does not declare' % fn)
        try:
            return ('ok', self._c_program(fn, protos[fn]))
        except SampleError as e:
            return ('missing', '%s: %s' % (fn, e))

    def _c_program(self, fn, params):
        o = self.o
        decls, setup, args, show, free = [], [], [], [], []
        used_path = []
        includes = {'stdio.h', 'stdlib.h'}
        body_name = None

        def path_arg(name):
            if name not in o.path_names and name in ('id', 'unit_id'):
                name = next((n for n in o.path_names if n not in used_path), name)
            if name in o.path_names and name not in used_path:
                used_path.append(name)
                return o.value('path', name)
            return None

        i = 0
        while i < len(params):
            ptype, pname = params[i]
            nxt = params[i + 1] if i + 1 < len(params) else (None, None)
            i += 1
            if ptype == 'zi_client*':
                args.append('client')
            elif pname == 'idempotency_key':
                args.append('NULL')
            elif ptype == 'const zi_if_match*':
                if o.if_match:
                    decls.append('zi_if_match if_match = {NULL, 3}; /* the "version" you read '
                                 '(or .etag) */')
                    args.append('&if_match')
                else:
                    args.append('NULL /* creates it; to replace it: the version you read */')
            elif re.fullmatch(r'const zi_\w+_params\*', ptype):
                struct = ptype[len('const '):-1]
                if ('query', 'limit') in o.params:
                    decls.append('%s params = %s_INIT;' % (struct, struct.upper()))
                    setup.append('params.limit = 20;')
                    self.query['limit'] = 20
                    args.append('&params')
                else:
                    args.append('NULL /* no filters */')
            elif ptype == 'const json_t*':
                self._choose_body('application/json')
                body_name = 'body'
                decls.append('json_t *body = json_loads(\n%s, 0, NULL);'
                             % c_string(json_text(self.body), 8))
                args.append('body')
                free.append('json_decref(body);')
            elif ptype == 'const char*' and nxt[0] == 'size_t' and pname == 'csv':
                i += 1
                self._choose_body('text/csv')
                includes.add('string.h')
                decls.append('const char *csv =\n%s;' % c_string(self.body.decode('utf-8'), 8))
                args += ['csv', 'strlen(csv)']
            elif ptype == 'const void*' and nxt[0] == 'size_t':
                i += 1
                media = next((m for m in o.media_types if m in MAGIC), None)
                if media is None:
                    raise SampleError('a file argument, but the request takes no file')
                self._choose_body(media)
                name = next(iter(self.files))
                decls.append('static unsigned char data[5 << 20];')
                setup.append('FILE *f = fopen(%s, "rb");' % c_literal(name))
                setup.append('size_t len = f ? fread(data, 1, sizeof data, f) : 0;')
                setup.append('if (f)\n        fclose(f);')
                args += ['data', 'len']
            elif pname == 'media_type':
                args.append(c_literal(self.body_media))
            elif ptype in ('const char*', 'int', 'int64_t'):
                v = path_arg(pname)
                if v is None and ('query', pname) in o.params:
                    v = o.value('query', pname)
                    self.query[pname] = v
                if v is None:
                    raise SampleError('no parameter of the operation gives argument %s' % pname)
                args.append(c_literal(v) if ptype == 'const char*' else str(int(v)))
            elif ptype == 'json_t**':
                var = re.sub(r'_out$', '', pname) or 'out'
                decls.append('json_t *%s = NULL;' % var)
                args.append('&' + var)
                if var in ('text', 'html', 'csv'):
                    show.append('fputs(json_string_value(%s), stdout);' % var)
                else:
                    show.append('json_dumpf(%s, stdout, JSON_INDENT(2) | JSON_ENCODE_ANY);' % var)
                    show.append('putchar(\'\\n\');')
                free.append('json_decref(%s);' % var)
            elif ptype == 'zi_etag*':
                decls.append('zi_etag etag;')
                args.append('&etag')
                show.append('printf("ETag: %s\\n", etag.value);')
            elif ptype == 'zi_file**':
                decls.append('zi_file *file = NULL;')
                args.append('&file')
                show.append('printf("%zu bytes of %s\\n", file->size, file->media_type);')
                free.append('zi_file_free(file);')
            else:
                raise SampleError('no rule for an argument %s %s' % (ptype, pname))
        missing = [n for n in o.path_names if n not in used_path]
        if missing:
            raise SampleError('no argument takes the path parameter(s) %s' % ', '.join(missing))
        if body_name is None and self.body_media is None and 'application/json' in o.media_types:
            raise SampleError('the operation takes a JSON body, the function no json_t')
        key = 'getenv("ZI_API_KEY")' if o.needs_key else 'NULL /* public: no key */'
        out = ['#include <zi/zi.h>', '']
        out += ['#include <%s>' % h for h in sorted(includes)]
        out += ['', 'int main(void)', '{',
                '    zi_client *client = NULL;',
                '    zi_status st = zi_client_new(getenv("ZI_URL"), %s, NULL, &client);' % key]
        out += ['    ' + d for d in decls]
        out += ['']
        out += ['    ' + s for s in setup]
        out += ['    if (st == ZI_OK)', c_call('        st = ', fn, args) + ';',
                '    if (st == ZI_OK) {']
        out += ['        ' + s for s in show] or ['        puts("done");']
        out += ['    } else {',
                '        const zi_error *e = zi_last_error(client);',
                '        fprintf(stderr, "%s (HTTP %ld): %s\\n", zi_strerror(st), e->http_status,',
                '                e->detail);',
                '    }']
        out += ['    ' + f for f in free]
        out += ['    zi_client_free(client);', '    return st == ZI_OK ? 0 : 1;', '}']
        return '\n'.join(out) + '\n'


def build_samples(o, protos):
    """Samples(o, protos); if the contract holds something the generator cannot read, an
    object whose three samples say so: the page is still built, and the check fails."""
    try:
        return Samples(o, protos)
    except Exception as e:  # noqa: BLE001 — a gap on the page, not a broken build
        failed = Samples.__new__(Samples)
        failed.o, failed.files, failed.body_media, failed.body, failed.query = o, {}, None, None, {}
        why = 'the samples of %s cannot be generated: %s: %s' % (o.op_id, type(e).__name__, e)
        failed.curl = failed.c = failed.zi = ('missing', why)
        return failed


def json_text(value, pretty=False):
    if pretty and len(json.dumps(value, ensure_ascii=False)) > 90:
        return json.dumps(value, ensure_ascii=False, indent=2)
    return json.dumps(value, ensure_ascii=False)


def query_text(v):
    if isinstance(v, bool):
        return 'true' if v else 'false'
    return str(v)


def url_escape(text):
    return re.sub(r'[^A-Za-z0-9._~-]', lambda m: ''.join('%%%02X' % b for b in m.group(0).encode()),
                  text)


def operations(doc, section='paths'):
    """(tag, path, method, Operation) of every operation of doc's paths (or, with section
    'webhooks', of its webhooks: the path is the webhook's name), in the contract's order."""
    out = []
    for path, item in (doc.get(section) or {}).items():
        for method in METHODS:
            if method in item:
                op = item[method]
                out.append(((op.get('tags') or ['Other'])[0], path, method,
                            Operation(doc, path, method, op, item.get('parameters', []))))
    return out


def samples_html(o, s):
    sid = esc(o.op_id)
    tabs = (('curl', 'curl', s.curl, 'no curl sample'),
            ('c', 'C (libzi)', s.c, 'No libzi function'),
            ('zi', 'zi command', s.zi, 'No zi command'))
    out = ['<div class="samples">']
    for n, (key, label, _, _) in enumerate(tabs):
        out.append('<input type="radio" name="samples-%s" id="tab-%s-%s"%s>'
                   '<label for="tab-%s-%s">%s</label>'
                   % (sid, sid, key, ' checked' if n == 0 else '', sid, key, esc(label)))
    # One element type for the three panels: the CSS pairs tab N with panel N by nth-of-type.
    for key, _, (status, text), none_label in tabs:
        if status == 'ok':
            out.append('<div class="sample" id="sample-%s-%s"><pre><code>%s</code></pre></div>'
                       % (sid, key, esc(text)))
        elif status == 'none':
            out.append('<div class="sample none" id="sample-%s-%s"><p>%s: %s</p></div>'
                       % (sid, key, none_label, esc(text)))
        else:
            out.append('<div class="sample missing" id="sample-%s-%s"><p>Sample missing: %s</p></div>'
                       % (sid, key, esc(text)))
    out.append('</div>')
    return ''.join(out)


def operation_html(doc, o, protos, webhook=False):
    """An operation's section; webhook: one of the contract's `webhooks`, a request zi-server
    sends to a subscriber (no samples: the receiver implements it)."""
    op, path, method, op_id = o.op, o.path, o.method, o.op_id
    out = ['<section class="op" id="%s-%s">' % ('webhook' if webhook else 'op', esc(op_id))]
    out.append('<h3><span class="method %s">%s</span><span class="path">%s</span></h3>'
               % (method, method.upper(),
                  esc('webhook "%s" — sent by zi-server to the subscription\'s url' % path
                      if webhook else path)))
    out.append('<p><b>%s</b> <small><code>%s</code></small></p>' % (esc(op.get('summary', '')), esc(op_id)))
    roles = op.get('x-roles', [])
    unit_bound = any(r in UNIT_BOUND_ROLES for r in roles)
    out.append('<p class="roles">Roles: %s%s</p>' % (
        ''.join('<span>%s</span>' % esc(r) for r in roles),
        SCOPE_TEXT.get(op.get('x-unit-scope'), '') if unit_bound else ''))
    out.append(md(op.get('description', '')))
    if not webhook:
        out.append(samples_html(o, build_samples(o, protos)))
    params = [resolve(doc, p) for p in op.get('parameters', [])]
    if params:
        rows = ''.join('<tr><td><code>%s</code>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>' % (
            esc(p['name']), ' <b>*</b>' if p.get('required') else '', esc(p.get('in', '')),
            type_text(doc, p.get('schema', {})), md(p.get('description', ''))) for p in params)
        out.append('<h4>Parameters</h4><table><tr><th>name</th><th>in</th><th>type</th>'
                   '<th>description</th></tr>%s</table>' % rows)
    body = resolve(doc, op.get('requestBody', {}))
    if body:
        for media, content in body.get('content', {}).items():
            out.append('<h4>Request body <small><code>%s</code></small></h4>' % esc(media))
            out.append(fields_table(doc, content.get('schema', {})))
    out.append('<h4>Responses</h4><table><tr><th>status</th><th>description</th><th>body</th></tr>')
    for status, resp in op.get('responses', {}).items():
        resp = resolve(doc, resp)
        bodies = ', '.join('<code>%s</code> %s' % (esc(m), type_text(doc, c.get('schema', {})))
                           for m, c in resp.get('content', {}).items())
        out.append('<tr><td>%s</td><td>%s</td><td>%s</td></tr>' % (esc(status), md(resp.get('description', '')),
                                                                      bodies))
    out.append('</table></section>')
    return '\n'.join(out)


def readme_section(readme_text, title):
    """The body of README section `## title` (up to the next ## heading), or None."""
    m = re.search(r'^## %s[ \t]*\n(.*?)(?=^## |\Z)' % re.escape(title), readme_text, re.M | re.S)
    return m.group(1) if m else None


SAMPLES_INTRO = """
**Code samples.** Every operation shows its request three ways: `curl`, a complete C program
with libzi (build it with `cc sample.c $(pkg-config --cflags --libs zi)`), and the `zi`
command. All three read the server from `ZI_URL` and the API key from `ZI_API_KEY`:

    export ZI_URL=http://127.0.0.1:8080 ZI_API_KEY=<your key>

Ids, versions and bodies in the samples are examples: put in your own.
"""


def render(doc, protos, readme_text=''):
    info = doc.get('info', {})
    tags = [t['name'] for t in doc.get('tags', [])]
    ops = operations(doc)
    hooks = operations(doc, 'webhooks')
    for tag, _, _, _ in ops + hooks:
        if tag not in tags:
            tags.append(tag)
    nav = ['<nav><b>%s</b>' % esc(info.get('title', 'API'))]
    body = ['<main><h1>%s <small>%s</small></h1>' % (esc(info.get('title', 'API')), esc(info.get('version', '')))]
    body.append(md(info.get('description', '')))
    body.append('<section id="code-samples">%s</section>' % md(SAMPLES_INTRO))
    nav.append('<a href="#code-samples">Code samples</a>')
    ts = readme_section(readme_text, TS_SECTION)
    if ts is not None:
        body.append('<section id="first-call-typescript"><h2>%s</h2>%s</section>'
                    % (esc(TS_SECTION), md(ts)))
        nav.append('<a href="#first-call-typescript">%s</a>' % esc(TS_SECTION))
    for tag in tags:
        tag_ops = [o for o in ops if o[0] == tag]
        tag_hooks = [o for o in hooks if o[0] == tag]
        if not tag_ops and not tag_hooks:
            continue
        tag_desc = next((t.get('description', '') for t in doc.get('tags', []) if t['name'] == tag), '')
        nav.append('<h3>%s</h3>' % esc(tag))
        body.append('<h2 id="tag-%s">%s</h2>%s' % (esc(tag), esc(tag), md(tag_desc)))
        for _, path, method, o in tag_ops:
            nav.append('<a href="#op-%s">%s %s</a>' % (esc(o.op_id), method.upper(), esc(path)))
            body.append(operation_html(doc, o, protos))
        for _, name, method, o in tag_hooks:
            nav.append('<a href="#webhook-%s">webhook %s</a>' % (esc(o.op_id), esc(name)))
            body.append(operation_html(doc, o, protos, webhook=True))
    nav.append('<h3>Schemas</h3>')
    body.append('<h2 id="schemas">Schemas</h2>')
    for name, schema in doc.get('components', {}).get('schemas', {}).items():
        nav.append('<a href="#schema-%s">%s</a>' % (esc(name), esc(name)))
        body.append('<section id="schema-%s"><h3>%s</h3>%s%s</section>' % (
            esc(name), esc(name), md(resolve(doc, schema).get('description', '')), fields_table(doc, schema)))
    nav.append('</nav>')
    body.append('</main>')
    return ('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            '<title>%s — API reference</title><style>%s</style></head><body>%s%s</body></html>\n'
            % (esc(info.get('title', 'API')), CSS, ''.join(nav), ''.join(body)))


def read(path):
    with open(path, encoding='utf-8') as f:
        return f.read()


def main():
    if not 3 <= len(sys.argv) <= 5:
        sys.exit(__doc__)
    doc = yaml.safe_load(read(sys.argv[1]))
    protos = load_prototypes(read(sys.argv[3] if len(sys.argv) > 3 else DEFAULT_HEADER))
    readme = read(sys.argv[4] if len(sys.argv) > 4 else DEFAULT_README)
    with open(sys.argv[2], 'w', encoding='utf-8') as f:
        f.write(render(doc, protos, readme))


if __name__ == '__main__':
    main()
