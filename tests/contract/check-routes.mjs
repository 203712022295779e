// Checks zi-server's declarative route tables against openapi/openapi.yaml, both ways:
//   - the same operations (method + path), operationIds, x-roles, security (whether keys are
//     read) and x-unit-scope;
//   - the query allowlist: the operation's `in: query` parameters are exactly the route's
//     query names, each with the same type and bounds (integer minimum/maximum, string
//     minLength/maxLength, enum values, uuid/boolean/date) and the same `required`;
//   - the request body: the application/json schema's properties are exactly the writable
//     fields (not read_only; in mode patch not create_only either), `required` is the set
//     of required fields (create) or empty (patch), additionalProperties is false, and each
//     field has the same type, nullability, format, bounds and enum values (a "list" field,
//     an array of strings, also the same item count bounds and item length bounds);
//   - read-only fields: each read_only field of the body is a readOnly property of the
//     200/201 representation (or of its `data` items), with the same enum values if any.
//
// usage: node check-routes.mjs <openapi.yaml> <routes.json from `zi-server routes`>
// Prints one `route check: …` line per mismatch and a summary line; exit 1 on any mismatch,
// 2 when a file cannot be read or parsed.
//
// The comparison is the exported function compareRoutes(spec, routes) (used by
// check-routes-selftest.mjs); parseSpec / parseRoutes read the two files so that integers
// beyond 2^53 stay exact.
//
// Decisions:
//   * Enum values are compared as sets (missing and extra values are both reported; the
//     order is not). JSON Schema's `enum` and the server's validation are both membership
//     tests, so an order difference changes nothing a client can observe; failing `make
//     test` on it would be a false alarm. A `null` entry is ignored; nullability is checked
//     on its own.
//   * Integers beyond 2^53 (events `after`: 0..9223372036854775807). parseRoutes reads an
//     integer literal that a double cannot hold exactly as its decimal string, and the
//     server may equally print it as a string ("9223372036854775807"); parseSpec reads YAML
//     integers as BigInt where they do not fit a double. Such bounds are then compared
//     exactly, as BigInt. Only when a caller hands in a number that has already lost
//     precision (a plain JSON.parse of 9223372036854775807) do we fall back to comparing
//     the rounded doubles, i.e. with the tolerance of the double's rounding.
//   * A schema with no minimum/maximum but `format: int64` (int32) is bounded by that
//     format: the document states the server's events `after` maximum that way.
//   * A string minimum of 0 may be absent in the document (minLength 0 is the default).
//   * A "list" field (the server's array of one-line strings) is an `array` whose `items`
//     are `string`s: min/max are minItems/maxItems, item_min/item_max the items'
//     minLength/maxLength. A minimum of 0 may be absent in the document, for the count as
//     for the length. Nullability is that of the array; the items are never null.
//   * A body the server does not describe field by field: a route whose handler reads the
//     body itself (importPactSignatures takes JSON or CSV; addGratificationEvidence takes the
//     raw bytes of a JPEG, PNG, WebP or PDF file) prints `"body": null`. That matches a
//     requestBody that offers a media type besides application/json — such a body is never
//     a plain JSON object the dispatcher could check — and nothing else. The server prints
//     the same `"body": null` for a route that takes no body (runRetention), so this check
//     cannot tell a raw body from none: a document that gave runRetention a binary
//     requestBody would pass. Which media types a raw body takes and its size limit are not
//     printed either; the API tests check them.
//   * read_only fields are checked for presence, readOnly and enum values only: the
//     server's specs of read-only fields exist to reject them in requests, their type and
//     bounds are placeholders (e.g. `active` is FT_STRING there, a boolean in responses).
//   * A route whose body has no writable field (archiveUnit accepts at most `{}`) matches an
//     operation without a requestBody.
//   * A "decimal" field (the server's number with at most two decimals, e.g. an LKE
//     threshold) is a JSON Schema `number` with `multipleOf: 0.01` (a `multipleOf` of
//     0.1 or 1 would promise the server refuses 2 decimals, a missing one that it takes
//     any); min/max, printed as reals, are minimum/maximum, compared as numbers. A
//     "boolean" field is a `boolean` and has no bounds.
//   * A query parameter of type "date" (a real date YYYY-MM-DD, else 400 invalid_format) is a
//     JSON Schema `string` with `format: date`, like a date body field. A query parameter
//     the server requires (printed with "required": true, e.g. addWorkingDays' `from` and
//     `add`) must be `required: true` in the document, and only such a one.
//   * x-unit-scope: the server prints "own" (another unit's record is a 403) or
//     "own-private" (a private record: another unit's is a 404, like a missing one), and
//     the document's x-unit-scope must say the same.
//   * A JSON body the handler reads itself because it is nested (putScoreSheet's score
//     sheet) is printed as `"body": {"mode": "custom"}`: its members cannot be compared, so
//     it matches an operation whose requestBody has an application/json object schema with
//     additionalProperties: false (the handler refuses unknown members too), and nothing
//     else.
import { readFileSync, realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];
const INT_FORMAT_BOUNDS = {
  int32: [-(2n ** 31n), 2n ** 31n - 1n],
  int64: [-(2n ** 63n), 2n ** 63n - 1n],
};
// What each server type is in JSON Schema: the JSON type and the format (undefined: none).
const QUERY_TYPES = {
  integer: { json: 'integer' },
  string: { json: 'string', lengths: true },
  enum: { json: 'string', enum: true },
  uuid: { json: 'string', format: 'uuid' },
  boolean: { json: 'boolean' },
  cursor: { json: 'string', anyFormat: true, anyLength: true },
  date: { json: 'string', format: 'date' },
};
const FIELD_TYPES = {
  string: { json: 'string', lengths: true },
  text: { json: 'string', lengths: true },
  code: { json: 'string', lengths: true },
  integer: { json: 'integer' },
  date: { json: 'string', format: 'date' },
  uuid: { json: 'string', format: 'uuid' },
  enum: { json: 'string', enum: true },
  list: { json: 'array', list: true },
  boolean: { json: 'boolean' },
  decimal: { json: 'number', decimal: true },
};

// ---- reading the two files, integers exact -------------------------------------------

/** The OpenAPI document; integers that a double cannot hold exactly stay BigInt. */
export function parseSpec(text) {
  const walk = (v) => {
    if (typeof v === 'bigint') return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') {
      for (const k of Object.keys(v)) v[k] = walk(v[k]);
    }
    return v;
  };
  return walk(parse(text, { intAsBigInt: true }));
}

/** `zi-server routes` output; an integer literal beyond 2^53 is kept as its decimal string. */
export function parseRoutes(text) {
  const exact = text.replace(/"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g, (tok) =>
    tok[0] !== '"' && /^-?\d+$/.test(tok) && !Number.isSafeInteger(Number(tok)) ? `"${tok}"` : tok,
  );
  return JSON.parse(exact);
}

// ---- the document: $ref, allOf, nullable forms ----------------------------------------

function pointer(doc, ref) {
  if (typeof ref !== 'string' || !ref.startsWith('#/')) return undefined;
  let node = doc;
  for (const raw of ref.slice(2).split('/')) {
    const token = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, token)) return undefined;
    node = node[token];
  }
  return node;
}

/** Follows $ref (also chains); keywords beside a $ref (OpenAPI 3.1) override the target's. */
function deref(doc, node, seen = new Set()) {
  if (!node || typeof node !== 'object' || node.$ref === undefined) return node;
  if (seen.has(node.$ref)) throw new Error(`$ref cycle at ${node.$ref}`);
  seen.add(node.$ref);
  const target = pointer(doc, node.$ref);
  if (target === undefined) throw new Error(`unresolvable $ref ${node.$ref}`);
  const { $ref, ...siblings } = node;
  return { ...deref(doc, target, seen), ...siblings };
}

/** A schema with $ref resolved and allOf merged (properties merged, required united). */
function flatten(doc, schema) {
  const s = deref(doc, schema);
  if (!s || typeof s !== 'object' || !Array.isArray(s.allOf)) return s;
  const { allOf, ...rest } = s;
  const merged = {};
  for (const part of [...allOf.map((p) => flatten(doc, p)), rest]) {
    for (const [k, v] of Object.entries(part)) {
      if (k === 'properties') merged.properties = { ...merged.properties, ...v };
      else if (k === 'required') merged.required = [...new Set([...(merged.required ?? []), ...v])];
      else merged[k] = v;
    }
  }
  return merged;
}

function onlyNull(doc, branch) {
  const b = flatten(doc, branch);
  if (!b || typeof b !== 'object') return false;
  if (b.type === 'null' || (Array.isArray(b.type) && b.type.length === 1 && b.type[0] === 'null')) return true;
  if (b.const === null) return true;
  return Array.isArray(b.enum) && b.enum.length === 1 && b.enum[0] === null;
}

/**
 * What a property or parameter schema allows, in the terms the server prints:
 * { types: Set (without "null"), nullable, format, enum (without null), minLength, maxLength,
 *   minimum, maximum, minItems, maxItems, items (the items' schema, unresolved), readOnly }
 * or { error } for a form the checker cannot compare.
 * Nullable forms: type [T, "null"]; oneOf/anyOf [X, {type: "null"}]; enum with null.
 */
function describe(doc, schema) {
  let s = flatten(doc, schema);
  if (!s || typeof s !== 'object') return { error: 'has no schema' };
  let nullable = false;
  for (const k of ['oneOf', 'anyOf']) {
    if (!Array.isArray(s[k])) continue;
    const rest = s[k].filter((b) => !onlyNull(doc, b));
    if (rest.length !== 1) return { error: `uses a ${k} with ${rest.length} non-null branches, which this check cannot compare` };
    nullable ||= rest.length < s[k].length;
    const { [k]: _, ...siblings } = s;
    s = { ...flatten(doc, rest[0]), ...siblings };
  }
  const types = new Set(s.type === undefined ? [] : [].concat(s.type));
  if (types.delete('null')) nullable = true;
  let values = s.const !== undefined ? [s.const] : s.enum;
  if (Array.isArray(values)) {
    if (values.includes(null)) nullable = true;
    values = values.filter((v) => v !== null);
  }
  let { minimum, maximum } = s;
  // For integers, exclusiveMinimum n is minimum n + 1 (and likewise for the maximum).
  const exMin = exactInt(s.exclusiveMinimum);
  const exMax = exactInt(s.exclusiveMaximum);
  if (s.exclusiveMinimum !== undefined) minimum = exMin !== null ? exMin + 1n : s.exclusiveMinimum;
  if (s.exclusiveMaximum !== undefined) maximum = exMax !== null ? exMax - 1n : s.exclusiveMaximum;
  const implied = INT_FORMAT_BOUNDS[s.format];
  if (implied && types.has('integer')) {
    minimum ??= implied[0];
    maximum ??= implied[1];
  }
  return {
    types, nullable, format: s.format, enum: values, minLength: s.minLength, maxLength: s.maxLength,
    minimum, maximum, minItems: s.minItems, maxItems: s.maxItems, items: s.items, readOnly: s.readOnly === true,
    multipleOf: s.multipleOf,
  };
}

// ---- comparing values ------------------------------------------------------------------

/** A BigInt when v is an integer known exactly (BigInt, safe integer, decimal string). */
function exactInt(v) {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number' && Number.isSafeInteger(v)) return BigInt(v);
  if (typeof v === 'string' && /^-?\d+$/.test(v)) return BigInt(v);
  return null;
}

/** Equal bounds (both absent, or the same integer); see "Integers beyond 2^53" above. */
function sameBound(a, b) {
  if (a === undefined || a === null || b === undefined || b === null) return (a ?? null) === (b ?? null);
  const x = exactInt(a);
  const y = exactInt(b);
  if (x !== null && y !== null) return x === y;
  return Number(a) === Number(b);
}

const show = (v) => (v === undefined || v === null ? 'none' : String(v));
const list = (vs) => `[${vs.join(', ')}]`;

function enumDiff(server, document) {
  const s = new Set(server.map(String));
  const d = new Set(document.map(String));
  const onlyServer = [...s].filter((v) => !d.has(v));
  const onlyDoc = [...d].filter((v) => !s.has(v));
  if (!onlyServer.length && !onlyDoc.length) return null;
  const parts = [];
  if (onlyServer.length) parts.push(`${list(onlyServer)} only in the server`);
  if (onlyDoc.length) parts.push(`${list(onlyDoc)} only in the document`);
  return `enum values differ: ${parts.join('; ')}`;
}

/**
 * Compares one query parameter or body field as the server prints it ({type, min, max,
 * values, nullable, required?}) with its schema; adds a line per difference.
 */
function compareValue(doc, where, item, schema, kinds, problems) {
  const kind = kinds[item.type];
  if (!kind) {
    problems.push(`${where}: the server prints type "${item.type}", which this check does not know`);
    return;
  }
  const d = describe(doc, schema);
  if (d.error) {
    problems.push(`${where}: the document's schema ${d.error}`);
    return;
  }
  const docTypes = [...d.types].sort().join('|') || 'none';
  if (docTypes !== kind.json)
    problems.push(`${where}: type ${item.type} in the server (JSON ${kind.json}), type ${docTypes} in the document`);
  if (!kind.anyFormat && !INT_FORMAT_BOUNDS[d.format] && (d.format ?? undefined) !== kind.format)
    problems.push(`${where}: type ${item.type} in the server, format ${show(d.format)} in the document` +
      (kind.format ? ` (expected ${kind.format})` : ''));
  if ((item.nullable === true) !== d.nullable)
    problems.push(`${where}: ${item.nullable ? 'nullable' : 'not nullable'} in the server, ${d.nullable ? 'nullable' : 'not nullable'} in the document`);
  if (kind.enum) {
    if (!Array.isArray(d.enum)) problems.push(`${where}: enum in the server, no enum in the document`);
    else {
      const diff = enumDiff(item.values ?? [], d.enum);
      if (diff) problems.push(`${where}: ${diff}`);
    }
  } else if (Array.isArray(d.enum)) {
    problems.push(`${where}: type ${item.type} in the server, an enum ${list(d.enum)} in the document`);
  }
  if (kind.json === 'integer' || kind.decimal) {
    if (!sameBound(item.min, d.minimum))
      problems.push(`${where}: minimum ${show(item.min)} in the server, ${show(d.minimum)} in the document`);
    if (!sameBound(item.max, d.maximum))
      problems.push(`${where}: maximum ${show(item.max)} in the server, ${show(d.maximum)} in the document`);
  }
  if (kind.lengths) {
    // minLength 0 is JSON Schema's default: an absent minLength means 0.
    if (!sameBound(item.min ?? 0, d.minLength ?? 0))
      problems.push(`${where}: minimum length ${show(item.min)} in the server, minLength ${show(d.minLength)} in the document`);
    if (!sameBound(item.max, d.maxLength))
      problems.push(`${where}: maximum length ${show(item.max)} in the server, maxLength ${show(d.maxLength)} in the document`);
  }
  if (kind.decimal && !sameBound(0.01, d.multipleOf))
    problems.push(`${where}: at most 2 decimals in the server, multipleOf ${show(d.multipleOf)} in the document (expected 0.01)`);
  if (kind.list) compareList(doc, where, item, d, problems);
}

/** A "list" field: item count bounds and the items, strings with length bounds. */
function compareList(doc, where, item, d, problems) {
  // minItems 0 is JSON Schema's default: an absent minItems means 0.
  if (!sameBound(item.min ?? 0, d.minItems ?? 0))
    problems.push(`${where}: minimum items ${show(item.min)} in the server, minItems ${show(d.minItems)} in the document`);
  if (!sameBound(item.max, d.maxItems))
    problems.push(`${where}: maximum items ${show(item.max)} in the server, maxItems ${show(d.maxItems)} in the document`);
  if (d.items === undefined || d.items === true) {
    problems.push(`${where}: list of strings in the server, the document's array has no items schema`);
    return;
  }
  const it = describe(doc, d.items);
  if (it.error) {
    problems.push(`${where}: the document's items schema ${it.error}`);
    return;
  }
  const itemTypes = [...it.types].sort().join('|') || 'none';
  if (itemTypes !== 'string')
    problems.push(`${where}: items are strings in the server, items of type ${itemTypes} in the document`);
  if (it.nullable) problems.push(`${where}: items are never null in the server, nullable items in the document`);
  if (it.format !== undefined) problems.push(`${where}: items are plain strings in the server, items of format ${it.format} in the document`);
  if (Array.isArray(it.enum)) problems.push(`${where}: items are plain strings in the server, items with an enum ${list(it.enum)} in the document`);
  if (!sameBound(item.item_min ?? 0, it.minLength ?? 0))
    problems.push(`${where}: minimum item length ${show(item.item_min)} in the server, items minLength ${show(it.minLength)} in the document`);
  if (!sameBound(item.item_max, it.maxLength))
    problems.push(`${where}: maximum item length ${show(item.item_max)} in the server, items maxLength ${show(it.maxLength)} in the document`);
}

// ---- the three new checks ------------------------------------------------------------------

function queryParameters(doc, pathItem, op) {
  const byKey = new Map();
  for (const raw of [...(pathItem.parameters ?? []), ...(op.parameters ?? [])]) {
    const p = deref(doc, raw);
    byKey.set(`${p.in} ${p.name}`, p); // an operation's parameter overrides the path item's
  }
  return new Map([...byKey.values()].filter((p) => p.in === 'query').map((p) => [p.name, p]));
}

function checkQuery(doc, name, pathItem, op, route, problems) {
  if (!Array.isArray(route.query)) {
    problems.push(`${name}: the server printed no "query" list (a zi-server that does not describe its query parameters)`);
    return;
  }
  const documented = queryParameters(doc, pathItem, op);
  const served = new Map();
  for (const q of route.query) {
    if (served.has(q.name)) problems.push(`${name}: query parameter ${q.name} is listed twice by the server`);
    served.set(q.name, q);
  }
  for (const [qname, q] of served) {
    const p = documented.get(qname);
    if (!p) {
      problems.push(`${name}: query parameter ${qname} is accepted by the server but not in the document`);
      continue;
    }
    const where = `${name}: query parameter ${qname}`;
    if ((p.required === true) !== (q.required === true))
      problems.push(`${where}: ${q.required ? 'required' : 'optional'} in the server, ${p.required ? 'required' : 'optional'} in the document`);
    compareValue(doc, where, q, p.schema, QUERY_TYPES, problems);
  }
  for (const qname of documented.keys()) {
    if (!served.has(qname))
      problems.push(`${name}: query parameter ${qname} is in the document but the server rejects it (unknown_parameter)`);
  }
}

function writable(body) {
  return body.fields.filter((f) => !f.read_only && !(body.mode === 'patch' && f.create_only));
}

function checkBody(doc, name, op, route, problems) {
  if (!('body' in route)) {
    problems.push(`${name}: the server printed no "body" member (a zi-server that does not describe its request bodies)`);
    return;
  }
  const body = route.body;
  const custom = body !== null && typeof body === 'object' && body.mode === 'custom';
  if (body !== null && !custom && (typeof body !== 'object' || !Array.isArray(body.fields) || !['create', 'patch'].includes(body.mode))) {
    problems.push(`${name}: the server's "body" is neither null, {mode: custom} nor {mode: create|patch, fields: [...]}`);
    return;
  }
  const requestBody = op.requestBody ? deref(doc, op.requestBody) : null;
  if (custom) {
    // A JSON object the handler reads and checks itself: only its presence is comparable.
    const schema = requestBody?.content?.['application/json']?.schema;
    if (!schema) {
      problems.push(`${name}: the server reads a JSON body itself (mode custom), the document has no application/json requestBody`);
      return;
    }
    const s = flatten(doc, schema);
    if (s?.type !== 'object') problems.push(`${name}: request body: type ${show(s?.type)} in the document, object in the server`);
    if (s?.additionalProperties !== false)
      problems.push(`${name}: request body: the server rejects unknown fields (unknown_field), the document lacks additionalProperties: false`);
    return;
  }
  const fields = body ? writable(body) : [];
  if (!requestBody) {
    if (fields.length)
      problems.push(`${name}: the server accepts body fields ${list(fields.map((f) => f.name))}, the document has no requestBody`);
    return;
  }
  if (!body) {
    // The handler reads a body that is not (only) a JSON object, e.g. JSON or CSV.
    const mediaTypes = Object.keys(requestBody.content ?? {});
    if (!mediaTypes.some((m) => m.split(';')[0].trim().toLowerCase() !== 'application/json'))
      problems.push(`${name}: the document has a requestBody, the server takes no body`);
    return;
  }
  const media = requestBody.content?.['application/json'];
  if (!media?.schema) {
    problems.push(`${name}: the document's requestBody has no application/json schema`);
    return;
  }
  const schema = flatten(doc, media.schema);
  if (schema.type !== 'object') problems.push(`${name}: request body: type ${show(schema.type)} in the document, object in the server`);
  if (schema.additionalProperties !== false)
    problems.push(`${name}: request body: the server rejects unknown fields (unknown_field), the document lacks additionalProperties: false`);
  const props = schema.properties ?? {};
  const byName = new Map();
  for (const f of body.fields) {
    if (byName.has(f.name)) problems.push(`${name}: body field ${f.name} is listed twice by the server`);
    byName.set(f.name, f);
  }
  const names = new Set(fields.map((f) => f.name));
  for (const f of fields) {
    const where = `${name}: body field ${f.name}`;
    if (!Object.hasOwn(props, f.name)) {
      problems.push(`${where} is writable in the server (mode ${body.mode}) but not a property of the document's request body`);
      continue;
    }
    const d = describe(doc, props[f.name]);
    if (!d.error && d.readOnly) problems.push(`${where} is writable in the server, readOnly in the document's request body`);
    compareValue(doc, where, f, props[f.name], FIELD_TYPES, problems);
  }
  for (const p of Object.keys(props)) {
    if (names.has(p)) continue;
    const f = byName.get(p);
    const why = !f ? 'unknown_field' : f.read_only ? 'read_only' : `read_only: create_only in mode ${body.mode}`;
    problems.push(`${name}: body field ${p} is a property of the document's request body but the server rejects it (${why})`);
  }
  const docRequired = new Set(schema.required ?? []);
  if (body.mode === 'create') {
    const serverRequired = new Set(fields.filter((f) => f.required).map((f) => f.name));
    for (const f of serverRequired) {
      if (!docRequired.has(f)) problems.push(`${name}: body field ${f} is required in the server, not in the document's required`);
    }
    for (const f of docRequired) {
      if (!serverRequired.has(f)) problems.push(`${name}: body field ${f} is in the document's required, not required by the server`);
    }
  } else {
    for (const f of docRequired)
      problems.push(`${name}: body field ${f} is in the document's required, but a patch requires no field in the server`);
    if (!(schema.minProperties >= 1))
      problems.push(`${name}: request body: the server answers an empty patch with 400 (empty_patch), the document lacks minProperties: 1`);
  }
}

/** The representation a 200/201 answers with: the object, or the items of a {data: [...]} list. */
function representation(doc, op, status) {
  const response = op.responses?.[status] ? deref(doc, op.responses[status]) : null;
  const schema = response?.content?.['application/json']?.schema;
  if (!schema) return null;
  const s = flatten(doc, schema);
  if (s?.type !== 'object' || !s.properties) return null;
  const data = s.properties.data ? flatten(doc, s.properties.data) : null;
  if (data?.type === 'array' && data.items) {
    const item = flatten(doc, data.items);
    return item?.type === 'object' && item.properties ? item : null;
  }
  return s;
}

function checkReadOnly(doc, name, op, route, problems) {
  const readOnly = (route.body?.fields ?? []).filter((f) => f.read_only);
  if (!readOnly.length) return;
  for (const status of ['200', '201']) {
    const item = representation(doc, op, status);
    if (!item) continue;
    for (const f of readOnly) {
      const where = `${name}: ${status} response field ${f.name}`;
      if (!Object.hasOwn(item.properties, f.name)) {
        problems.push(`${where} is read_only in the server (part of the representation) but not in the document's ${status} response`);
        continue;
      }
      const d = describe(doc, item.properties[f.name]);
      if (d.error) {
        problems.push(`${where}: the document's schema ${d.error}`);
        continue;
      }
      if (!d.readOnly) problems.push(`${where} is read_only in the server, not readOnly in the document`);
      if (Array.isArray(f.values)) {
        if (!Array.isArray(d.enum)) problems.push(`${where}: enum in the server, no enum in the document`);
        else {
          const diff = enumDiff(f.values, d.enum);
          if (diff) problems.push(`${where}: ${diff}`);
        }
      }
    }
  }
}

// ---- the whole comparison ------------------------------------------------------------------

/** Every difference between the document and the routes, one line each (without prefix). */
export function compareRoutes(spec, routes) {
  const problems = [];
  const documented = new Map();
  for (const [path, item] of Object.entries(spec.paths ?? {})) {
    for (const m of METHODS) {
      if (item[m]) documented.set(`${m.toUpperCase()} ${path}`, { op: item[m], pathItem: item });
    }
  }
  // A zi-server that does not describe its query parameters and bodies at all: say so once.
  const undescribed = routes.length > 0 && routes.every((r) => !Array.isArray(r.query) && !('body' in r));
  if (undescribed)
    problems.push('the server printed no "query" and "body" members for any route: rebuild zi-server with route descriptions');
  const served = new Set();
  for (const r of routes) {
    const key = `${r.method} ${r.path}`;
    served.add(key);
    const found = documented.get(key);
    if (!found) {
      problems.push(`${key} (${r.operationId}) is served but not in the OpenAPI document`);
      continue;
    }
    const { op, pathItem } = found;
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

    const name = `${r.operationId} (${key})`;
    for (const check of undescribed ? [] : [
      () => checkQuery(spec, name, pathItem, op, r, problems),
      () => checkBody(spec, name, op, r, problems),
      () => checkReadOnly(spec, name, op, r, problems),
    ]) {
      try {
        check();
      } catch (e) {
        problems.push(`${name}: cannot be checked: ${e.message}`);
      }
    }
  }
  for (const key of documented.keys()) {
    if (!served.has(key)) problems.push(`${key} is in the OpenAPI document but not served`);
  }
  return problems;
}

function main(argv) {
  const [specPath, routesPath] = argv;
  if (!specPath || !routesPath) {
    console.error('usage: node check-routes.mjs <openapi.yaml> <routes.json>');
    return 2;
  }
  let spec, routes;
  try {
    spec = parseSpec(readFileSync(specPath, 'utf8'));
    routes = parseRoutes(readFileSync(routesPath, 'utf8'));
  } catch (e) {
    console.error(`route check: ${e.message}`);
    return 2;
  }
  const problems = compareRoutes(spec, routes);
  const operations = Object.values(spec.paths ?? {}).reduce((n, item) => n + METHODS.filter((m) => item[m]).length, 0);
  for (const p of problems) console.log(`route check: ${p}`);
  console.log(`route check: ${routes.length} routes, ${operations} documented operations, ${problems.length} mismatches`);
  return problems.length ? 1 : 0;
}

// Run as a program (also through a symlink), not when imported by the self-test.
function invokedDirectly() {
  try {
    return realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}
if (invokedDirectly()) process.exit(main(process.argv.slice(2)));
