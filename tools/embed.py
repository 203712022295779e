#!/usr/bin/python3
"""Build-time generator: embeds the OpenAPI document (as JSON) and the SQL migrations
into C sources, so zi-server carries its contract and its schema.

usage: embed.py openapi <openapi.yaml> <out.c>
       embed.py migrations <out.c> <NNNN_name.sql>...
       embed.py blob <c-name> <file> <out.c>
"""
import json
import os
import re
import sys


def c_string(data: bytes) -> str:
    out = []
    line = '"'
    for b in data:
        ch = chr(b)
        if ch == '"':
            piece = '\\"'
        elif ch == '\\':
            piece = '\\\\'
        elif ch == '\n':
            piece = '\\n'
        elif 32 <= b < 127 and ch != '?':
            piece = ch
        else:
            piece = '\\%03o' % b
        line += piece
        if len(line) > 100 or ch == '\n':
            out.append(line + '"')
            line = '"'
    out.append(line + '"')
    return '\n    '.join(out)


def openapi(src, dst):
    import yaml  # Debian: python3-yaml
    with open(src, encoding='utf-8') as f:
        doc = yaml.safe_load(f)
    data = json.dumps(doc, ensure_ascii=False, separators=(',', ':'), default=str).encode('utf-8')
    with open(dst, 'w') as f:
        f.write('/* Generated from %s by tools/embed.py. Do not edit. */\n#include <stddef.h>\n' % src)
        f.write('const char zi_openapi_json[] =\n    %s;\n' % c_string(data))
        f.write('const size_t zi_openapi_json_len = %d;\n' % len(data))


def migrations(dst, files):
    rows = []
    for path in sorted(files, key=os.path.basename):
        m = re.fullmatch(r'(\d{4})_([a-z0-9_]+)\.sql', os.path.basename(path))
        if not m:
            sys.exit('embed.py: migration file name must be NNNN_name.sql: %s' % path)
        with open(path, 'rb') as f:
            rows.append((m.group(1), m.group(2), f.read()))
    versions = [r[0] for r in rows]
    if len(set(versions)) != len(versions):
        sys.exit('embed.py: two migrations share a number')
    with open(dst, 'w') as f:
        f.write('/* Generated from sql/migrations by tools/embed.py. Do not edit. */\n')
        f.write('#include "db/migrate.h"\n\nconst zi_migration zi_migrations[] = {\n')
        for v, n, sql in rows:
            f.write('    {"%s", "%s",\n    %s},\n' % (v, n, c_string(sql)))
        f.write('};\nconst size_t zi_migrations_count = %d;\n' % len(rows))


def blob(name, src, dst):
    with open(src, 'rb') as f:
        data = f.read()
    with open(dst, 'w') as f:
        f.write('/* Generated from %s by tools/embed.py. Do not edit. */\n#include <stddef.h>\n' % src)
        f.write('const char %s[] =\n    %s;\n' % (name, c_string(data)))
        f.write('const size_t %s_len = %d;\n' % (name, len(data)))


if __name__ == '__main__':
    if len(sys.argv) == 4 and sys.argv[1] == 'openapi':
        openapi(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 5 and sys.argv[1] == 'blob':
        blob(sys.argv[2], sys.argv[3], sys.argv[4])
    elif len(sys.argv) >= 3 and sys.argv[1] == 'migrations':
        migrations(sys.argv[2], sys.argv[3:])
    else:
        sys.exit(__doc__)
