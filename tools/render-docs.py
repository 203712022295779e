#!/usr/bin/python3
"""Build-time generator of the API reference page served at GET /docs.

Renders openapi/openapi.yaml into one self-contained HTML page (inline CSS, no script,
no network): every operation grouped by tag with its roles, parameters, request body
and responses, then every schema. Each operation's element has id="op-<operationId>",
which the docs test uses to check that no operation is missing.

usage: render-docs.py <openapi.yaml> <out.html>
"""
import html
import sys

import markdown  # Debian: python3-markdown
import yaml      # Debian: python3-yaml

METHODS = ('get', 'post', 'put', 'patch', 'delete')

CSS = """
body{font:15px/1.5 system-ui,sans-serif;margin:0;color:#1b1f24;display:flex}
nav{width:18rem;flex:none;height:100vh;overflow:auto;position:sticky;top:0;background:#f4f6f8;
    padding:1rem;box-sizing:border-box;font-size:13px}
nav a{display:block;color:#1b1f24;text-decoration:none;padding:1px 0}
nav h3{margin:1rem 0 .25rem;font-size:13px;text-transform:uppercase;color:#57606a}
main{padding:1.5rem 2.5rem;max-width:60rem}
h1{margin-top:0}
section.op{border-top:1px solid #d0d7de;padding-top:1rem;margin-top:1.5rem}
.method{display:inline-block;font:bold 12px monospace;color:#fff;border-radius:3px;padding:2px 6px;
        text-transform:uppercase;margin-right:.5rem}
.get{background:#0969da}.post{background:#1a7f37}.patch{background:#9a6700}.delete{background:#cf222e}
.put{background:#8250df}
code,.path{font-family:ui-monospace,monospace}
.path{font-size:15px;font-weight:600}
table{border-collapse:collapse;margin:.5rem 0;font-size:13px;width:100%}
th,td{border:1px solid #d0d7de;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f4f6f8}
.roles span{display:inline-block;background:#ddf4ff;border-radius:10px;padding:0 8px;margin-right:4px;
            font-size:12px}
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


def operation_html(doc, path, method, op):
    op_id = op.get('operationId', method + path)
    out = ['<section class="op" id="op-%s">' % esc(op_id)]
    out.append('<h3><span class="method %s">%s</span><span class="path">%s</span></h3>'
               % (method, method.upper(), esc(path)))
    out.append('<p><b>%s</b> <small><code>%s</code></small></p>' % (esc(op.get('summary', '')), esc(op_id)))
    roles = op.get('x-roles', [])
    unit_bound = any(r in UNIT_BOUND_ROLES for r in roles)
    out.append('<p class="roles">Roles: %s%s</p>' % (
        ''.join('<span>%s</span>' % esc(r) for r in roles),
        SCOPE_TEXT.get(op.get('x-unit-scope'), '') if unit_bound else ''))
    out.append(md(op.get('description', '')))
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


def render(doc):
    info = doc.get('info', {})
    tags = [t['name'] for t in doc.get('tags', [])]
    ops = []
    for path, item in doc.get('paths', {}).items():
        for method in METHODS:
            if method in item:
                op = item[method]
                tag = (op.get('tags') or ['Other'])[0]
                if tag not in tags:
                    tags.append(tag)
                ops.append((tag, path, method, op))
    nav = ['<nav><b>%s</b>' % esc(info.get('title', 'API'))]
    body = ['<main><h1>%s <small>%s</small></h1>' % (esc(info.get('title', 'API')), esc(info.get('version', '')))]
    body.append(md(info.get('description', '')))
    for tag in tags:
        tag_ops = [o for o in ops if o[0] == tag]
        if not tag_ops:
            continue
        tag_desc = next((t.get('description', '') for t in doc.get('tags', []) if t['name'] == tag), '')
        nav.append('<h3>%s</h3>' % esc(tag))
        body.append('<h2 id="tag-%s">%s</h2>%s' % (esc(tag), esc(tag), md(tag_desc)))
        for _, path, method, op in tag_ops:
            op_id = op.get('operationId', method + path)
            nav.append('<a href="#op-%s">%s %s</a>' % (esc(op_id), method.upper(), esc(path)))
            body.append(operation_html(doc, path, method, op))
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


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    with open(sys.argv[1], encoding='utf-8') as f:
        doc = yaml.safe_load(f)
    with open(sys.argv[2], 'w', encoding='utf-8') as f:
        f.write(render(doc))


if __name__ == '__main__':
    main()
