// Checks zi-server's declarative route tables against openapi/openapi.yaml: the same
// operations (method + path), the same operationIds and the same x-roles, both ways.
// usage: node check-routes.mjs <openapi.yaml> <routes.json from `zi-server routes`>
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

const [, , specPath, routesPath] = process.argv;
const spec = parse(readFileSync(specPath, 'utf8'));
const routes = JSON.parse(readFileSync(routesPath, 'utf8'));
const methods = ['get', 'post', 'put', 'patch', 'delete'];
const problems = [];
const documented = new Map();
for (const [path, item] of Object.entries(spec.paths ?? {})) {
  for (const m of methods) {
    if (item[m]) documented.set(`${m.toUpperCase()} ${path}`, item[m]);
  }
}
const served = new Set();
for (const r of routes) {
  const key = `${r.method} ${r.path}`;
  served.add(key);
  const op = documented.get(key);
  if (!op) {
    problems.push(`${key} (${r.operationId}) is served but not in the OpenAPI document`);
    continue;
  }
  if (op.operationId !== r.operationId)
    problems.push(`${key}: operationId ${r.operationId} in the server, ${op.operationId} in the document`);
  const want = [...(op['x-roles'] ?? [])].sort().join(',');
  const got = [...r.roles].sort().join(',');
  if (want !== got) problems.push(`${key}: roles [${got}] in the server, x-roles [${want}] in the document`);
  // Operations that never read a key say so with `security: []`.
  const ignoresKeys = Array.isArray(op.security) && op.security.length === 0;
  if (ignoresKeys === r.reads_keys)
    problems.push(`${key}: the server ${r.reads_keys ? 'reads' : 'ignores'} keys, the document's security says otherwise`);
  const scope = op['x-unit-scope'] ?? null;
  if ((r.unit_scope ?? null) !== scope)
    problems.push(`${key}: unit scope ${r.unit_scope ?? 'none'} in the server, x-unit-scope ${scope ?? 'none'} in the document`);
}
for (const key of documented.keys()) {
  if (!served.has(key)) problems.push(`${key} is in the OpenAPI document but not served`);
}
for (const p of problems) console.log(`route check: ${p}`);
console.log(`route check: ${routes.length} routes, ${documented.size} documented operations, ${problems.length} mismatches`);
process.exit(problems.length ? 1 : 0);
