#!/usr/bin/env node
// Validate recorded API responses against the OpenAPI contract.
//
// usage: node validate-responses.mjs <openapi.yaml> <responses.jsonl>
//
// Each line of the JSONL file is one recorded response:
//   {"method":"GET","path":"/v1/units/abc","status":200,
//    "content_type":"application/json","body":<parsed JSON or null>,"test":"name"}
// (path without query string; blank lines are ignored). A response that is not JSON (e.g.
// a CSV export) is recorded with "body": null, or with its text as a JSON string.
//
// For each response: the operation is found by method and path template (a `{param}`
// segment matches one non-empty segment; literal segments win over templated ones, so
// /v1/units/by-code/{code} beats /v1/units/{id}/...). A response of no operation passes
// only as a 404 or 405 (unknown routes are tested on purpose). The status must be
// documented (exactly, as an NXX range, or by `default`). When the response documents
// JSON content (application/json or any +json type) and a body was recorded, the
// Content-Type must be one of the documented media types and the body must validate
// against its schema (JSON Schema 2020-12, Ajv, formats checked). A response whose
// Content-Type is not JSON (text/csv, text/plain, ...) must have that media type
// documented for its status, whether or not its body was recorded; a body recorded as a
// string is validated against that media type's schema (e.g. `type: string`). A binary
// response (an evidence file: image/jpeg, image/png, image/webp, application/pdf; the
// recorder keeps no body for it) is checked the same way: its Content-Type must be one
// the operation documents for that status, and there is no body to validate. 304
// responses and other null bodies are checked for the status only.
//
// Prints one line per failure, then
//   contract: N responses checked, N failed, N operations never exercised
// and the operationIds never exercised (informational). Exit status: 0 when nothing
// failed, 1 when something did, 2 when the arguments or the contract itself are unusable.

import { readFileSync } from 'node:fs';
import YAML from 'yaml';
import Ajv2020Module from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

const Ajv2020 = Ajv2020Module.default ?? Ajv2020Module;
const addFormats = addFormatsModule.default ?? addFormatsModule;

const DOC_ID = 'openapi.json';
const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const MAX_MESSAGES = 12; // Ajv messages printed per failed response

function die(message) {
  process.stderr.write(`validate-responses: ${message}\n`);
  process.exit(2);
}

// ---- JSON pointers ---------------------------------------------------------------

function escapeToken(token) {
  return String(token).replace(/~/g, '~0').replace(/\//g, '~1');
}

function unescapeToken(token) {
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** Value at a JSON pointer given as an array of (unescaped) tokens, or undefined. */
function at(doc, tokens) {
  let node = doc;
  for (const token of tokens) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, token)) {
      return undefined;
    }
    node = node[token];
  }
  return node;
}

/** URI fragment for Ajv, e.g. openapi.json#/paths/~1v1~1units/get/... */
function ajvRef(tokens) {
  return `${DOC_ID}#${tokens.map((t) => `/${encodeURIComponent(escapeToken(t))}`).join('')}`;
}

/**
 * Follow local `$ref`s (response, parameter, media type objects; not schemas, which
 * Ajv resolves itself). Returns { node, tokens } of the object finally referred to.
 */
function deref(doc, node, tokens) {
  const seen = new Set();
  while (node && typeof node === 'object' && typeof node.$ref === 'string') {
    const ref = node.$ref;
    if (!ref.startsWith('#')) {
      throw new Error(`only local $refs are supported, found ${ref}`);
    }
    if (seen.has(ref)) throw new Error(`$ref cycle at ${ref}`);
    seen.add(ref);
    const fragment = decodeURIComponent(ref.slice(1));
    tokens = fragment === '' ? [] : fragment.split('/').slice(1).map(unescapeToken);
    node = at(doc, tokens);
    if (node === undefined) throw new Error(`unresolved $ref ${ref}`);
  }
  return { node, tokens };
}

// ---- media types -----------------------------------------------------------------

function baseMediaType(value) {
  return String(value).split(';')[0].trim().toLowerCase();
}

function isJsonMediaType(value) {
  const base = baseMediaType(value);
  return base === 'application/json' || /^[a-z0-9!#$&^_.-]+\/[a-z0-9!#$&^_.-]+\+json$/.test(base);
}

/** Whether the documented media range `documented` covers the media type `actual`. */
function mediaTypeMatches(documented, actual) {
  const doc = baseMediaType(documented);
  if (doc === '*/*') return true;
  if (doc.endsWith('/*')) return actual.startsWith(doc.slice(0, -1));
  return doc === actual;
}

// ---- operations and path templates ---------------------------------------------------

function templateToMatcher(template) {
  const segments = template.split('/');
  const literal = segments.map((s) => !s.includes('{'));
  const patterns = segments.map((s) => {
    if (!s.includes('{')) return null;
    const source = s
      .split(/(\{[^}]*\})/)
      .map((part) => (/^\{[^}]*\}$/.test(part) ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      .join('');
    return new RegExp(`^${source}$`);
  });
  return {
    literal,
    matches(pathSegments) {
      if (pathSegments.length !== segments.length) return false;
      for (let i = 0; i < segments.length; i += 1) {
        if (literal[i] ? pathSegments[i] !== segments[i] : !patterns[i].test(pathSegments[i])) {
          return false;
        }
      }
      return true;
    },
  };
}

/** Negative when template a is more specific than b: the first differing segment is literal in a. */
function compareSpecificity(a, b) {
  for (let i = 0; i < Math.min(a.literal.length, b.literal.length); i += 1) {
    if (a.literal[i] !== b.literal[i]) return a.literal[i] ? -1 : 1;
  }
  return 0;
}

function collectOperations(doc) {
  const operations = [];
  const paths = doc.paths ?? {};
  for (const template of Object.keys(paths)) {
    const { node: pathItem, tokens: itemTokens } = deref(doc, paths[template], ['paths', template]);
    for (const method of HTTP_METHODS) {
      const operation = pathItem?.[method];
      if (!operation || typeof operation !== 'object') continue;
      operations.push({
        id: operation.operationId ?? `${method.toUpperCase()} ${template}`,
        method,
        template,
        matcher: templateToMatcher(template),
        operation,
        tokens: [...itemTokens, method],
      });
    }
  }
  return operations;
}

function findOperation(operations, method, path) {
  const segments = path.split('/');
  const candidates = operations.filter(
    (op) => op.method === method && op.matcher.matches(segments),
  );
  candidates.sort((a, b) => compareSpecificity(a.matcher, b.matcher));
  return candidates[0];
}

/** The documented response for a status: exact code, then NXX range, then default. */
function findResponse(doc, op, status) {
  const responses = op.operation.responses ?? {};
  const code = String(status);
  const range = `${code[0]}XX`;
  const key = [code, range, range.toLowerCase(), 'default'].find((k) => Object.hasOwn(responses, k));
  if (key === undefined) return undefined;
  return deref(doc, responses[key], [...op.tokens, 'responses', key]);
}

// ---- schemas -------------------------------------------------------------------------

function makeAjv(doc) {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  // The whole document is added as one schema, so that every `$ref` of the contract
  // ("#/components/schemas/Unit") resolves inside it; response schemas are then
  // compiled as references into it by JSON pointer. The document itself is not a
  // JSON Schema, so it is not checked against the meta-schema.
  ajv.addSchema(doc, DOC_ID, undefined, false);
  return ajv;
}

/** Compile every JSON response schema up front, so a broken contract fails at once. */
function compileAll(doc, ajv, operations) {
  const validators = new Map();
  for (const op of operations) {
    for (const key of Object.keys(op.operation.responses ?? {})) {
      const { node: response, tokens } = deref(doc, op.operation.responses[key], [...op.tokens, 'responses', key]);
      for (const mediaType of Object.keys(response?.content ?? {})) {
        const schemaTokens = [...tokens, 'content', mediaType, 'schema'];
        if (at(doc, schemaTokens) === undefined) continue;
        const ref = ajvRef(schemaTokens);
        if (validators.has(ref)) continue;
        try {
          validators.set(ref, ajv.compile({ $ref: ref }));
        } catch (error) {
          throw new Error(`cannot compile the schema of ${op.id} ${key} ${mediaType}: ${error.message}`);
        }
      }
    }
  }
  return validators;
}

function formatAjvError(error) {
  let text = `${error.instancePath || '/'} ${error.message}`;
  if (error.keyword === 'additionalProperties') {
    text += ` ('${error.params.additionalProperty}')`;
  } else if (error.keyword === 'enum') {
    text += ` (${error.params.allowedValues.map((v) => JSON.stringify(v)).join(', ')})`;
  } else if (error.keyword === 'const') {
    text += ` (${JSON.stringify(error.params.allowedValue)})`;
  }
  return text;
}

function summarizeErrors(errors) {
  const messages = [...new Set(errors.map(formatAjvError))];
  const shown = messages.slice(0, MAX_MESSAGES);
  if (messages.length > shown.length) shown.push(`(+${messages.length - shown.length} more)`);
  return shown.join('; ');
}

// ---- checking one recorded response ------------------------------------------------

/** Returns { skipped } or { operation, failure } (failure is a string or null). */
function checkRecord(doc, operations, validators, record) {
  const method = record.method.toLowerCase();
  const path = record.path.split(/[?#]/)[0];
  // OPTIONS (CORS preflight, Allow) is described in the document's prose, not per operation.
  if (method === 'options') return { skipped: true };
  // The test-only fixture resource (zi-server --test-fixtures, tests/api/test_framework.c)
  // is no part of the contract: production servers do not serve it.
  if (path === '/v1/test-fixtures' || path.startsWith('/v1/test-fixtures/')) return { skipped: true };
  const op = findOperation(operations, method, path);
  if (!op) {
    if (record.status === 404 || record.status === 405) return { skipped: true };
    return { failure: `no operation documents ${record.method.toUpperCase()} ${path}` };
  }
  const found = findResponse(doc, op, record.status);
  if (!found) {
    const documented = Object.keys(op.operation.responses ?? {}).join(', ');
    return { operation: op, failure: `status ${record.status} is not documented for ${op.id} (documented: ${documented})` };
  }
  const body = record.body ?? null;
  if (record.status === 304) return { operation: op, failure: null };

  const content = found.node.content ?? {};
  const documentedTypes = Object.keys(content);
  // A response in a media type that is not JSON (a CSV export): its Content-Type must be
  // documented for this status; its body, when recorded as text, must match the schema.
  const recordedType = typeof record.content_type === 'string' ? record.content_type.trim() : '';
  if (recordedType !== '' && !isJsonMediaType(recordedType) && (body !== null || documentedTypes.length > 0)) {
    const actual = baseMediaType(recordedType);
    const mediaType = documentedTypes.find((t) => mediaTypeMatches(t, actual));
    if (mediaType === undefined) {
      return {
        operation: op,
        failure: `Content-Type ${record.content_type} is not documented for ${op.id} ${record.status}` +
          ` (documented: ${documentedTypes.join(', ') || 'no body'})`,
      };
    }
    if (body === null) return { operation: op, failure: null };
    const validate = validators.get(ajvRef([...found.tokens, 'content', mediaType, 'schema']));
    if (!validate || validate(body)) return { operation: op, failure: null };
    return { operation: op, failure: `${mediaType} body: ${summarizeErrors(validate.errors)}` };
  }
  if (body === null) return { operation: op, failure: null };

  if (documentedTypes.length === 0) {
    return { operation: op, failure: `a body was recorded but ${op.id} ${record.status} documents none` };
  }
  if (!documentedTypes.some(isJsonMediaType)) return { operation: op, failure: null };

  if (typeof record.content_type !== 'string' || record.content_type.trim() === '') {
    return { operation: op, failure: `no Content-Type recorded (documented: ${documentedTypes.join(', ')})` };
  }
  const actual = baseMediaType(record.content_type);
  const mediaType = documentedTypes.find((t) => mediaTypeMatches(t, actual));
  if (mediaType === undefined) {
    return {
      operation: op,
      failure: `Content-Type ${record.content_type} is not documented (documented: ${documentedTypes.join(', ')})`,
    };
  }
  if (!isJsonMediaType(mediaType)) return { operation: op, failure: null };
  const validate = validators.get(ajvRef([...found.tokens, 'content', mediaType, 'schema']));
  if (!validate) return { operation: op, failure: null }; // JSON documented without a schema
  if (validate(body)) return { operation: op, failure: null };
  return { operation: op, failure: summarizeErrors(validate.errors) };
}

function recordProblem(record) {
  if (record === null || typeof record !== 'object' || Array.isArray(record)) return 'not a JSON object';
  if (typeof record.method !== 'string' || record.method === '') return '"method" must be a non-empty string';
  if (typeof record.path !== 'string' || !record.path.startsWith('/')) return '"path" must be a string starting with /';
  if (!Number.isInteger(record.status) || record.status < 100 || record.status > 599) {
    return '"status" must be an integer HTTP status';
  }
  if (record.content_type !== undefined && record.content_type !== null && typeof record.content_type !== 'string') {
    return '"content_type" must be a string or null';
  }
  return null;
}

// ---- main ---------------------------------------------------------------------------

function main(argv) {
  if (argv.length !== 2 || argv.includes('-h') || argv.includes('--help')) {
    process.stderr.write('usage: node validate-responses.mjs <openapi.yaml> <responses.jsonl>\n');
    process.exit(2);
  }
  const [contractFile, responsesFile] = argv;

  let doc;
  try {
    doc = YAML.parse(readFileSync(contractFile, 'utf8'));
  } catch (error) {
    die(`cannot read the contract ${contractFile}: ${error.message}`);
  }
  if (!doc || typeof doc !== 'object' || typeof doc.openapi !== 'string' || !doc.openapi.startsWith('3.1')) {
    die(`${contractFile} is not an OpenAPI 3.1 document`);
  }

  let operations;
  let validators;
  try {
    operations = collectOperations(doc);
    validators = compileAll(doc, makeAjv(doc), operations);
  } catch (error) {
    die(`${contractFile}: ${error.message}`);
  }

  let lines;
  try {
    lines = readFileSync(responsesFile, 'utf8').split('\n');
  } catch (error) {
    die(`cannot read ${responsesFile}: ${error.message}`);
  }

  let checked = 0;
  let failed = 0;
  let skipped = 0;
  const exercised = new Set();
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    const where = `${responsesFile}:${index + 1}`;
    let record;
    try {
      record = JSON.parse(line);
    } catch (error) {
      checked += 1;
      failed += 1;
      console.log(`FAIL ${where}: not JSON: ${error.message}`);
      return;
    }
    const problem = recordProblem(record);
    const test = typeof record?.test === 'string' && record.test !== '' ? record.test : where;
    if (problem) {
      checked += 1;
      failed += 1;
      console.log(`FAIL ${test}: malformed record (${where}): ${problem}`);
      return;
    }
    const result = checkRecord(doc, operations, validators, record);
    if (result.skipped) {
      skipped += 1;
      return;
    }
    checked += 1;
    if (result.operation) exercised.add(result.operation.id);
    if (result.failure) {
      failed += 1;
      console.log(`FAIL ${test}: ${record.method.toUpperCase()} ${record.path} -> ${record.status}: ${result.failure}`);
    }
  });

  const neverExercised = [...new Set(operations.map((op) => op.id))].filter((id) => !exercised.has(id));
  if (skipped > 0) {
    console.log(`contract: ${skipped} responses of no operation skipped (404/405 on unknown routes or methods, OPTIONS)`);
  }
  if (checked === 0) {
    process.stderr.write(`validate-responses: warning: ${responsesFile} holds no responses\n`);
  }
  console.log(`contract: ${checked} responses checked, ${failed} failed, ${neverExercised.length} operations never exercised`);
  if (neverExercised.length > 0) {
    console.log(`contract: never exercised (informational): ${neverExercised.join(', ')}`);
  }
  process.exitCode = failed > 0 ? 1 : 0;
}

main(process.argv.slice(2));
