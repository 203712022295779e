// Proves that check-routes.mjs notices drift: starting from a route description that matches
// the document (by default routes-sample.json, transcribed from server/src/api/*.c; the
// routes of issue 9, integrity commitments, were written from the contract as the server
// is to print them, with `"body": null` for importPactSignatures, whose handler reads JSON
// or CSV itself; those of issue 10, WBK/WBBM proposals, are `zi-server routes` output as
// printed, with "decimal" and "boolean" fields and `"body": {"mode": "custom"}` for
// putScoreSheet, whose handler reads the nested score sheet itself; those of issue 11,
// the calendar and gratification reports, are `zi-server routes` output too, with "date"
// query parameters, "required" ones (addWorkingDays' from and add) and the unit scope
// "own-private" of the private report routes as the contract states them; those of issue 11
// slice B — evidence files, the KPK packet, a unit's statistics, retention — are `zi-server
// routes` output as printed, with `"body": null` for addGratificationEvidence, whose handler
// reads the raw file bytes itself, and for runRetention, which takes no body; and the
// streamed CSV export, exportGratificationReports, with the list's filters), it makes
// one change at a time — to the routes or to the document, in memory — runs compareRoutes and
// expects a mismatch that names the changed parameter or field. It also makes changes that
// are equivalent by the checker's rules (enum order, nullable written as oneOf, a bound
// printed as a string, ...) and expects no mismatch for those.
//
// usage: node check-routes-selftest.mjs [openapi.yaml] [routes.json]
// Exit 0 when every change was judged as expected, 1 otherwise (also when the unchanged
// routes do not match the document: then no mismatch could be attributed to a change).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compareRoutes, parseRoutes, parseSpec } from './check-routes.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const specPath = process.argv[2] ?? join(here, '../../openapi/openapi.yaml');
const routesPath = process.argv[3] ?? join(here, 'routes-sample.json');
const specText = readFileSync(specPath, 'utf8');
const routesText = readFileSync(routesPath, 'utf8');

// ---- finding things to change ------------------------------------------------------------

function route(routes, operationId) {
  const r = routes.find((x) => x.operationId === operationId);
  if (!r) throw new Error(`no route ${operationId}`);
  return r;
}
function query(routes, operationId, name) {
  const q = route(routes, operationId).query?.find((x) => x.name === name);
  if (!q) throw new Error(`no query parameter ${operationId} ${name}`);
  return q;
}
function field(routes, operationId, name) {
  const f = route(routes, operationId).body?.fields?.find((x) => x.name === name);
  if (!f) throw new Error(`no body field ${operationId} ${name}`);
  return f;
}
function schema(spec, name) {
  const s = spec.components?.schemas?.[name];
  if (!s) throw new Error(`no schema ${name}`);
  return s;
}
function param(spec, path, method, name) {
  const p = spec.paths[path][method].parameters.find((x) => x.name === name);
  if (!p) throw new Error(`no parameter ${method} ${path} ${name}`);
  return p;
}
const newField = (name, extra = {}) => ({
  name, type: 'string', required: false, nullable: true, read_only: false, create_only: false, min: 0, max: 200, ...extra,
});

// ---- changes that must be reported: [description, expected text, change(routes, spec)] ------

const mustFail = [
  // query allowlist, both ways
  ['routes: drop query parameter q of listUnits', 'listUnits (GET /v1/units): query parameter q is in the document but the server rejects it',
    (r) => { const x = route(r, 'listUnits'); x.query = x.query.filter((q) => q.name !== 'q'); }],
  ['routes: add query parameter since to listAudit', 'listAudit (GET /v1/audit): query parameter since is accepted by the server but not in the document',
    (r) => route(r, 'listAudit').query.push({ name: 'since', type: 'string', min: 1, max: 64 })],
  ['routes: listUnits limit max 200 → 100', 'listUnits (GET /v1/units): query parameter limit: maximum 100 in the server, 200 in the document',
    (r) => { query(r, 'listUnits', 'limit').max = 100; }],
  ['routes: listEvents limit min 1 → 0', 'listEvents (GET /v1/events): query parameter limit: minimum 0 in the server, 1 in the document',
    (r) => { query(r, 'listEvents', 'limit').min = 0; }],
  ['routes: listEvents after max 9223372036854775807 → …806 (beyond 2^53)', 'listEvents (GET /v1/events): query parameter after: maximum 9223372036854775806 in the server',
    (r) => { query(r, 'listEvents', 'after').max = '9223372036854775806'; }],
  ['routes: listUnits q length min 1 → 2', 'listUnits (GET /v1/units): query parameter q: minimum length 2 in the server',
    (r) => { query(r, 'listUnits', 'q').min = 2; }],
  ['routes: listAudit action length max 64 → 128', 'listAudit (GET /v1/audit): query parameter action: maximum length 128 in the server',
    (r) => { query(r, 'listAudit', 'action').max = 128; }],
  ['routes: listUnits sort value -name → -title', 'listUnits (GET /v1/units): query parameter sort: enum values differ: [-title] only in the server; [-name] only in the document',
    (r) => { const q = query(r, 'listUnits', 'sort'); q.values = q.values.map((v) => (v === '-name' ? '-title' : v)); }],
  ['routes: listApiKeys role without employee', 'listApiKeys (GET /v1/api-keys): query parameter role: enum values differ: [employee] only in the document',
    (r) => { const q = query(r, 'listApiKeys', 'role'); q.values = q.values.filter((v) => v !== 'employee'); }],
  ['routes: listApiKeys unit_id uuid → string', 'listApiKeys (GET /v1/api-keys): query parameter unit_id: type string in the server, format uuid in the document',
    (r) => Object.assign(query(r, 'listApiKeys', 'unit_id'), { type: 'string', min: 36, max: 36 })],
  ['routes: listUnits active boolean → enum', 'listUnits (GET /v1/units): query parameter active: type enum in the server (JSON string), type boolean in the document',
    (r) => Object.assign(query(r, 'listUnits', 'active'), { type: 'enum', values: ['true', 'false'] })],
  ['routes: query list missing on listEvents', 'listEvents (GET /v1/events): the server printed no "query" list',
    (r) => { delete route(r, 'listEvents').query; }],

  // request bodies
  ['routes: add body field email to createUnit', 'createUnit (POST /v1/units): body field email is writable in the server (mode create) but not a property',
    (r) => route(r, 'createUnit').body.fields.splice(3, 0, newField('email'))],
  ['routes: drop body field designated_on from updateUnit', 'updateUnit (PATCH /v1/units/{id}): body field designated_on is a property of the document\'s request body but the server rejects it (unknown_field)',
    (r) => { const b = route(r, 'updateUnit').body; b.fields = b.fields.filter((f) => f.name !== 'designated_on'); }],
  ['routes: createUnit name required → optional', 'createUnit (POST /v1/units): body field name is in the document\'s required, not required by the server',
    (r) => { field(r, 'createUnit', 'name').required = false; }],
  ['routes: createApiKey unit_id optional → required', 'createApiKey (POST /v1/api-keys): body field unit_id is required in the server, not in the document\'s required',
    (r) => { field(r, 'createApiKey', 'unit_id').required = true; }],
  ['routes: createApiKey nip nullable → not nullable', 'createApiKey (POST /v1/api-keys): body field nip: not nullable in the server, nullable in the document',
    (r) => { field(r, 'createApiKey', 'nip').nullable = false; }],
  ['routes: updateUnit code not nullable → nullable', 'updateUnit (PATCH /v1/units/{id}): body field code: nullable in the server, not nullable in the document',
    (r) => { field(r, 'updateUnit', 'code').nullable = true; }],
  ['routes: createUnit address length max 500 → 1000', 'createUnit (POST /v1/units): body field address: maximum length 1000 in the server, maxLength 500 in the document',
    (r) => { field(r, 'createUnit', 'address').max = 1000; }],
  ['routes: createApiKey nip length min 18 → 17', 'createApiKey (POST /v1/api-keys): body field nip: minimum length 17 in the server, minLength 18 in the document',
    (r) => { field(r, 'createApiKey', 'nip').min = 17; }],
  ['routes: updateUnit staff_count max 100000 → 99999', 'updateUnit (PATCH /v1/units/{id}): body field staff_count: maximum 99999 in the server, 100000 in the document',
    (r) => { field(r, 'updateUnit', 'staff_count').max = 99999; }],
  ['routes: createUnit kind without mpp', 'createUnit (POST /v1/units): body field kind: enum values differ: [mpp] only in the document',
    (r) => { const f = field(r, 'createUnit', 'kind'); f.values = f.values.filter((v) => v !== 'mpp'); }],
  ['routes: createUnit designated_on date → string', 'createUnit (POST /v1/units): body field designated_on: type string in the server, format date in the document',
    (r) => Object.assign(field(r, 'createUnit', 'designated_on'), { type: 'string', min: 0, max: 10 })],
  ['routes: createUnit staff_count integer → string', 'createUnit (POST /v1/units): body field staff_count: type string in the server (JSON string), type integer in the document',
    (r) => Object.assign(field(r, 'createUnit', 'staff_count'), { type: 'string' })],
  ['routes: createUnit head_name becomes read_only', 'createUnit (POST /v1/units): body field head_name is a property of the document\'s request body but the server rejects it (read_only)',
    (r) => { field(r, 'createUnit', 'head_name').read_only = true; }],
  ['routes: updateUnit code becomes create_only', 'updateUnit (PATCH /v1/units/{id}): body field code is a property of the document\'s request body but the server rejects it (read_only: create_only in mode patch)',
    (r) => { field(r, 'updateUnit', 'code').create_only = true; }],
  ['routes: updateUnit mode patch → create', 'updateUnit (PATCH /v1/units/{id}): body field code is required in the server, not in the document\'s required',
    (r) => { route(r, 'updateUnit').body.mode = 'create'; }],
  ['routes: createUnit takes no body', 'createUnit (POST /v1/units): the document has a requestBody, the server takes no body',
    (r) => { route(r, 'createUnit').body = null; }],
  ['routes: getUnit takes a body', 'getUnit (GET /v1/units/{id}): the server accepts body fields [name], the document has no requestBody',
    (r) => { route(r, 'getUnit').body = { mode: 'create', fields: [newField('name')] }; }],
  ['routes: body member missing on createApiKey', 'createApiKey (POST /v1/api-keys): the server printed no "body" member',
    (r) => { delete route(r, 'createApiKey').body; }],

  // read-only fields of the representation
  ['routes: read-only predicate gains value wbk-plus', 'createUnit (POST /v1/units): 201 response field predicate: enum values differ: [wbk-plus] only in the server',
    (r) => field(r, 'createUnit', 'predicate').values.push('wbk-plus')],
  ['routes: updateUnit read-only predicate loses wbbm', 'updateUnit (PATCH /v1/units/{id}): 200 response field predicate: enum values differ: [wbbm] only in the document',
    (r) => { const f = field(r, 'updateUnit', 'predicate'); f.values = f.values.filter((v) => v !== 'wbbm'); }],
  ['routes: read-only field secret_hint not in the representation', 'createApiKey (POST /v1/api-keys): 201 response field secret_hint is read_only in the server',
    (r) => route(r, 'createApiKey').body.fields.push(newField('secret_hint', { read_only: true, nullable: false }))],

  // the document side
  ['document: UnitCreate without additionalProperties: false', 'createUnit (POST /v1/units): request body: the server rejects unknown fields (unknown_field), the document lacks additionalProperties: false',
    (r, s) => { delete schema(s, 'UnitCreate').additionalProperties; }],
  ['document: UnitPatch without minProperties', 'updateUnit (PATCH /v1/units/{id}): request body: the server answers an empty patch with 400 (empty_patch)',
    (r, s) => { delete schema(s, 'UnitPatch').minProperties; }],
  ['document: UnitPatch requires name', 'updateUnit (PATCH /v1/units/{id}): body field name is in the document\'s required, but a patch requires no field in the server',
    (r, s) => { schema(s, 'UnitPatch').required = ['name']; }],
  ['document: Predicate gains value wbk-plus (query enum and read-only field)', 'createUnit (POST /v1/units): 201 response field predicate: enum values differ: [wbk-plus] only in the document',
    (r, s) => schema(s, 'Predicate').enum.push('wbk-plus')],
  ['document: Unit.version no longer readOnly', 'createUnit (POST /v1/units): 201 response field version is read_only in the server, not readOnly in the document',
    (r, s) => { delete schema(s, 'Unit').properties.version.readOnly; }],
  ['document: Nip maxLength 18 → 19 (through oneOf and $ref)', 'createApiKey (POST /v1/api-keys): body field nip: maximum length 18 in the server, maxLength 19 in the document',
    (r, s) => { schema(s, 'Nip').maxLength = 19; }],
  ['document: Limit maximum 200 → 250 (components/parameters)', 'listAudit (GET /v1/audit): query parameter limit: maximum 200 in the server, 250 in the document',
    (r, s) => { s.components.parameters.Limit.schema.maximum = 250; }],
  ['document: events after maximum 2^53 + 1 (BigInt)', 'listEvents (GET /v1/events): query parameter after: maximum 9223372036854775807 in the server, 9007199254740993 in the document',
    (r, s) => { param(s, '/v1/events', 'get', 'after').schema.maximum = 2n ** 53n + 1n; }],
  ['document: listAudit resource_id loses format uuid', 'listAudit (GET /v1/audit): query parameter resource_id: type uuid in the server, format none in the document (expected uuid)',
    (r, s) => { delete param(s, '/v1/audit', 'get', 'resource_id').schema.format; }],
  ['document: listUnits q becomes required', 'listUnits (GET /v1/units): query parameter q: optional in the server, required in the document',
    (r, s) => { param(s, '/v1/units', 'get', 'q').required = true; }],
  ['document: ApiKeyCreate.name minLength 1 → 2', 'createApiKey (POST /v1/api-keys): body field name: minimum length 1 in the server, minLength 2 in the document',
    (r, s) => { schema(s, 'ApiKeyCreate').properties.name.minLength = 2; }],

  // list fields (arrays of strings): item counts, item lengths, the items' type
  ['routes: createDeclaration witnesses max 20 → 30 items', 'createDeclaration (POST /v1/declarations): body field witnesses: maximum items 30 in the server, maxItems 20 in the document',
    (r) => { field(r, 'createDeclaration', 'witnesses').max = 30; }],
  ['routes: createCityPledge principles min 1 → 0 items', 'createCityPledge (POST /v1/service-pledges): body field principles: minimum items 0 in the server, minItems 1 in the document',
    (r) => { field(r, 'createCityPledge', 'principles').min = 0; }],
  ['routes: updateDeclaration witnesses item length max 200 → 100', 'updateDeclaration (PATCH /v1/declarations/{id}): body field witnesses: maximum item length 100 in the server, items maxLength 200 in the document',
    (r) => { field(r, 'updateDeclaration', 'witnesses').item_max = 100; }],
  ['routes: createUnitPledge principles item length min 1 → 2', 'createUnitPledge (POST /v1/units/{id}/service-pledges): body field principles: minimum item length 2 in the server, items minLength 1 in the document',
    (r) => { field(r, 'createUnitPledge', 'principles').item_min = 2; }],
  ['routes: createDeclaration witnesses list → string', 'createDeclaration (POST /v1/declarations): body field witnesses: type string in the server (JSON string), type array in the document',
    (r) => Object.assign(field(r, 'createDeclaration', 'witnesses'), { type: 'string', min: 0, max: 200 })],
  ['routes: createDeclaration place string → list', 'createDeclaration (POST /v1/declarations): body field place: type list in the server (JSON array), type string in the document',
    (r) => Object.assign(field(r, 'createDeclaration', 'place'), { type: 'list', item_min: 1, item_max: 200 })],
  ['routes: createDeclaration witnesses becomes nullable', 'createDeclaration (POST /v1/declarations): body field witnesses: nullable in the server, not nullable in the document',
    (r) => { field(r, 'createDeclaration', 'witnesses').nullable = true; }],
  ['document: DeclarationCreate.witnesses items integer', 'createDeclaration (POST /v1/declarations): body field witnesses: items are strings in the server, items of type integer in the document',
    (r, s) => { schema(s, 'DeclarationCreate').properties.witnesses.items = { type: 'integer' }; }],
  ['document: DeclarationCreate.witnesses without items', 'createDeclaration (POST /v1/declarations): body field witnesses: list of strings in the server, the document\'s array has no items schema',
    (r, s) => { delete schema(s, 'DeclarationCreate').properties.witnesses.items; }],
  ['document: DeclarationPatch.witnesses items without maxLength', 'updateDeclaration (PATCH /v1/declarations/{id}): body field witnesses: maximum item length 200 in the server, items maxLength none in the document',
    (r, s) => { delete schema(s, 'DeclarationPatch').properties.witnesses.items.maxLength; }],
  ['document: ServicePledgeCreate.principles maxItems 20 → 25', 'createCityPledge (POST /v1/service-pledges): body field principles: maximum items 20 in the server, maxItems 25 in the document',
    (r, s) => { schema(s, 'ServicePledgeCreate').properties.principles.maxItems = 25; }],
  ['document: ServicePledgeCreate.principles items become an enum', 'createUnitPledge (POST /v1/units/{id}/service-pledges): body field principles: items are plain strings in the server, items with an enum [Senyum, Salam] in the document',
    (r, s) => { schema(s, 'ServicePledgeCreate').properties.principles.items.enum = ['Senyum', 'Salam']; }],

  // issue 9: a body the handler reads itself, read-only members through $ref, create-only fields
  ['document: importPactSignatures takes JSON only', 'importPactSignatures (POST /v1/units/{id}/pact-signatures/bulk): the document has a requestBody, the server takes no body',
    (r, s) => { delete s.paths['/v1/units/{id}/pact-signatures/bulk'].post.requestBody.content['text/csv']; }],
  ['routes: createDeclaration takes no body', 'createDeclaration (POST /v1/declarations): the document has a requestBody, the server takes no body',
    (r) => { route(r, 'createDeclaration').body = null; }],
  ['routes: read-only scope of declarations loses unit', 'createDeclaration (POST /v1/declarations): 201 response field scope: enum values differ: [unit] only in the document',
    (r) => { const f = field(r, 'createDeclaration', 'scope'); f.values = f.values.filter((v) => v !== 'unit'); }],
  ['document: PactSignature.civil_servant no longer readOnly', 'signPact (POST /v1/units/{id}/pact-signatures): 201 response field civil_servant is read_only in the server, not readOnly in the document',
    (r, s) => { delete schema(s, 'PactSignature').properties.civil_servant.readOnly; }],
  ['routes: updateDeclaration year no longer create-only', 'updateDeclaration (PATCH /v1/declarations/{id}): body field year is writable in the server (mode patch) but not a property',
    (r) => { field(r, 'updateDeclaration', 'year').create_only = false; }],
  ['document: CoverageYear maximum 2100 → 2099', 'getPactCoverage (GET /v1/units/{id}/pact-coverage): query parameter year: maximum 2100 in the server, 2099 in the document',
    (r, s) => { s.components.parameters.CoverageYear.schema.maximum = 2099; }],

  // issue 10: decimal and boolean fields, a body the handler reads itself, the new routes
  ['routes: createLkeThreshold ipak_min max 17.5 → 17.25', 'createLkeThreshold (POST /v1/lke-thresholds): body field ipak_min: maximum 17.25 in the server, 17.5 in the document',
    (r) => { field(r, 'createLkeThreshold', 'ipak_min').max = 17.25; }],
  ['routes: updateLkeThreshold total_min min 0 → 0.01', 'updateLkeThreshold (PATCH /v1/lke-thresholds/{id}): body field total_min: minimum 0.01 in the server, 0 in the document',
    (r) => { field(r, 'updateLkeThreshold', 'total_min').min = 0.01; }],
  ['document: LkeThresholdCreate.enablers_min without multipleOf', 'createLkeThreshold (POST /v1/lke-thresholds): body field enablers_min: at most 2 decimals in the server, multipleOf none in the document',
    (r, s) => { delete schema(s, 'LkeThresholdCreate').properties.enablers_min.multipleOf; }],
  ['document: LkeThresholdPatch.ipkp_min multipleOf 0.01 → 0.1', 'updateLkeThreshold (PATCH /v1/lke-thresholds/{id}): body field ipkp_min: at most 2 decimals in the server, multipleOf 0.1 in the document',
    (r, s) => { schema(s, 'LkeThresholdPatch').properties.ipkp_min.multipleOf = 0.1; }],
  ['document: LkeThresholdCreate.total_min number → integer', 'createLkeThreshold (POST /v1/lke-thresholds): body field total_min: type decimal in the server (JSON number), type integer in the document',
    (r, s) => { schema(s, 'LkeThresholdCreate').properties.total_min.type = 'integer'; }],
  ['routes: createLkeThreshold area_min_pct integer → decimal', 'createLkeThreshold (POST /v1/lke-thresholds): body field area_min_pct: type decimal in the server (JSON number), type integer in the document',
    (r) => Object.assign(field(r, 'createLkeThreshold', 'area_min_pct'), { type: 'decimal', min: 0.0, max: 100.0 })],
  ['routes: createLkeThreshold confirmed boolean → enum', 'createLkeThreshold (POST /v1/lke-thresholds): body field confirmed: type enum in the server (JSON string), type boolean in the document',
    (r) => Object.assign(field(r, 'createLkeThreshold', 'confirmed'), { type: 'enum', values: ['true', 'false'] })],
  ['routes: createLkeThreshold confirmed becomes required', 'createLkeThreshold (POST /v1/lke-thresholds): body field confirmed is required in the server, not in the document\'s required',
    (r) => { field(r, 'createLkeThreshold', 'confirmed').required = true; }],
  ['routes: updateLkeThreshold effective_from no longer create-only', 'updateLkeThreshold (PATCH /v1/lke-thresholds/{id}): body field effective_from is writable in the server (mode patch) but not a property',
    (r) => { field(r, 'updateLkeThreshold', 'effective_from').create_only = false; }],
  ['document: putScoreSheet without a requestBody', 'putScoreSheet (PUT /v1/proposals/{id}/score-sheet): the server reads a JSON body itself (mode custom), the document has no application/json requestBody',
    (r, s) => { delete s.paths['/v1/proposals/{id}/score-sheet'].put.requestBody; }],
  ['document: ScoreSheetPut without additionalProperties: false', 'putScoreSheet (PUT /v1/proposals/{id}/score-sheet): request body: the server rejects unknown fields (unknown_field), the document lacks additionalProperties: false',
    (r, s) => { delete schema(s, 'ScoreSheetPut').additionalProperties; }],
  ['routes: putScoreSheet body mode custom → something unknown', 'putScoreSheet (PUT /v1/proposals/{id}/score-sheet): the server\'s "body" is neither null, {mode: custom} nor {mode: create|patch, fields: [...]}',
    (r) => { route(r, 'putScoreSheet').body = { mode: 'nested' }; }],
  ['routes: transitionProposal occurred_on no longer nullable', 'transitionProposal (POST /v1/proposals/{id}/transitions): body field occurred_on: not nullable in the server, nullable in the document',
    (r) => { field(r, 'transitionProposal', 'occurred_on').nullable = false; }],
  ['routes: transitionProposal loses the state awarded', 'transitionProposal (POST /v1/proposals/{id}/transitions): body field to: enum values differ: [awarded] only in the document',
    (r) => { const f = field(r, 'transitionProposal', 'to'); f.values = f.values.filter((v) => v !== 'awarded'); }],
  ['routes: putProgrammeYear year becomes writable', 'putProgrammeYear (PUT /v1/programme-years/{year}): body field year is writable in the server (mode create) but not a property',
    (r) => { field(r, 'putProgrammeYear', 'year').read_only = false; }],
  ['document: Proposal.state no longer readOnly', 'createProposal (POST /v1/proposals): 201 response field state is read_only in the server, not readOnly in the document',
    (r, s) => { delete schema(s, 'Proposal').properties.state.readOnly; }],
  ['routes: getPublicSummary needs a key', 'GET /v1/public/summary: roles [admin] in the server, x-roles [public] in the document',
    (r) => { route(r, 'getPublicSummary').roles = ['admin']; }],
  ['routes: transitionProposal without unit scope', 'POST /v1/proposals/{id}/transitions: unit scope none in the server, x-unit-scope own in the document',
    (r) => { route(r, 'transitionProposal').unit_scope = null; }],
  ['routes: listProposals state filter without appeal', 'listProposals (GET /v1/proposals): query parameter state: enum values differ: [appeal] only in the document',
    (r) => { const q = query(r, 'listProposals', 'state'); q.values = q.values.filter((v) => v !== 'appeal'); }],
  ['routes: getSummary year max 2100 → 2099', 'getSummary (GET /v1/summary): query parameter year: maximum 2099 in the server, 2100 in the document',
    (r) => { query(r, 'getSummary', 'year').max = 2099; }],
  ['routes: revokeUnitPredicate not served', 'POST /v1/units/{id}/revocations is in the OpenAPI document but not served',
    (r) => { r.splice(r.findIndex((x) => x.operationId === 'revokeUnitPredicate'), 1); }],
  // issue 11: date query parameters, required query parameters, own-private unit scope,
  // the calendar's custom body, the gratification reports' fields
  ['routes: addWorkingDays from date → string', 'addWorkingDays (GET /v1/working-days): query parameter from: type string in the server, format date in the document',
    (r) => { query(r, 'addWorkingDays', 'from').type = 'string'; }],
  ['document: listGratificationReports received_from without format date', 'listGratificationReports (GET /v1/gratification-reports): query parameter received_from: type date in the server, format none in the document (expected date)',
    (r, s) => { delete param(s, '/v1/gratification-reports', 'get', 'received_from').schema.format; }],
  ['document: listGratificationReports received_to as an integer', 'listGratificationReports (GET /v1/gratification-reports): query parameter received_to: type date in the server (JSON string), type integer in the document',
    (r, s) => { param(s, '/v1/gratification-reports', 'get', 'received_to').schema = { type: 'integer' }; }],
  ['routes: addWorkingDays add no longer required', 'addWorkingDays (GET /v1/working-days): query parameter add: optional in the server, required in the document',
    (r) => { delete query(r, 'addWorkingDays', 'add').required; }],
  ['document: listGratificationReports due_within required', 'listGratificationReports (GET /v1/gratification-reports): query parameter due_within: optional in the server, required in the document',
    (r, s) => { param(s, '/v1/gratification-reports', 'get', 'due_within').required = true; }],
  ['routes: getGratificationReport scope own-private → own', 'GET /v1/gratification-reports/{id}: unit scope own in the server, x-unit-scope own-private in the document',
    (r) => { route(r, 'getGratificationReport').unit_scope = 'own'; }],
  ['document: listGratificationReports without x-unit-scope', 'GET /v1/gratification-reports: unit scope own-private in the server, x-unit-scope none in the document',
    (r, s) => { delete s.paths['/v1/gratification-reports'].get['x-unit-scope']; }],
  ['document: CalendarYearPut without additionalProperties: false', 'putCalendarYear (PUT /v1/calendar/{year}): request body: the server rejects unknown fields (unknown_field), the document lacks additionalProperties: false',
    (r, s) => { delete schema(s, 'CalendarYearPut').additionalProperties; }],
  ['routes: createGratificationReport reporter_nik max 16 → 18', 'createGratificationReport (POST /v1/gratification-reports): body field reporter_nik: maximum length 18 in the server, maxLength 16 in the document',
    (r) => { field(r, 'createGratificationReport', 'reporter_nik').max = 18; }],
  ['routes: assessGratification value_idr max 10^12 → 10^12 - 1', 'assessGratification (POST /v1/gratification-reports/assess): body field value_idr: maximum 999999999999 in the server, 1000000000000 in the document',
    (r) => { field(r, 'assessGratification', 'value_idr').max = 999999999999; }],
  ['routes: assessGratification given_this_year_idr becomes required', 'assessGratification (POST /v1/gratification-reports/assess): body field given_this_year_idr is required in the server, not in the document\'s required',
    (r) => { field(r, 'assessGratification', 'given_this_year_idr').required = true; }],
  ['routes: updateGratificationReport type no longer create-only', 'updateGratificationReport (PATCH /v1/gratification-reports/{id}): body field type is writable in the server (mode patch) but not a property',
    (r) => { field(r, 'updateGratificationReport', 'type').create_only = false; }],
  ['routes: updateGratificationReport giver_address no longer nullable', 'updateGratificationReport (PATCH /v1/gratification-reports/{id}): body field giver_address: not nullable in the server, nullable in the document',
    (r) => { field(r, 'updateGratificationReport', 'giver_address').nullable = false; }],
  ['document: GratificationReport.next_due no longer readOnly', 'createGratificationReport (POST /v1/gratification-reports): 201 response field next_due is read_only in the server, not readOnly in the document',
    (r, s) => { delete schema(s, 'GratificationReport').properties.next_due.readOnly; }],
  ['routes: transitionGratificationReport loses the outcome not_followed_up', 'transitionGratificationReport (POST /v1/gratification-reports/{id}/transitions): body field outcome: enum values differ: [not_followed_up] only in the document',
    (r) => { const f = field(r, 'transitionGratificationReport', 'outcome'); f.values = f.values.filter((v) => v !== 'not_followed_up'); }],
  ['routes: the UPG may list who saw a report', 'GET /v1/gratification-reports/{id}/accesses: roles [admin,employee,upg] in the server, x-roles [admin,employee] in the document',
    (r) => { route(r, 'listGratificationReportAccesses').roles.push('upg'); }],
  // issue 11 slice B: raw file bodies, a body-less POST, the packet's and the statistics'
  // scopes, the retention policies' patch
  ['document: addGratificationEvidence takes only JSON', 'addGratificationEvidence (POST /v1/gratification-reports/{id}/evidence): the document has a requestBody, the server takes no body',
    (r, s) => { s.paths['/v1/gratification-reports/{id}/evidence'].post.requestBody = { required: true, content: { 'application/json': { schema: { type: 'object' } } } }; }],
  ['routes: runRetention reads a JSON body field', 'runRetention (POST /v1/retention/run): the server accepts body fields [dry_run], the document has no requestBody',
    (r) => { route(r, 'runRetention').body = { mode: 'create', fields: [newField('dry_run', { type: 'boolean', nullable: false, min: undefined, max: undefined })] }; }],
  ['routes: addGratificationEvidence filename length max 200 → 255', 'addGratificationEvidence (POST /v1/gratification-reports/{id}/evidence): query parameter filename: maximum length 255 in the server, maxLength 200 in the document',
    (r) => { query(r, 'addGratificationEvidence', 'filename').max = 255; }],
  ['routes: getGratificationEvidence without unit scope', 'GET /v1/gratification-reports/{id}/evidence/{evidence_id}: unit scope none in the server, x-unit-scope own-private in the document',
    (r) => { route(r, 'getGratificationEvidence').unit_scope = null; }],
  ['routes: employees may fetch the KPK packet', 'GET /v1/gratification-reports/{id}/packet: roles [admin,employee,upg] in the server, x-roles [admin,upg] in the document',
    (r) => { route(r, 'getGratificationPacket').roles.push('employee'); }],
  ['document: getUnitGratificationSummary scope own → own-private', 'GET /v1/units/{id}/gratification-summary: unit scope own in the server, x-unit-scope own-private in the document',
    (r, s) => { s.paths['/v1/units/{id}/gratification-summary'].get['x-unit-scope'] = 'own-private'; }],
  ['routes: getUnitGratificationSummary year max 2100 → 2099', 'getUnitGratificationSummary (GET /v1/units/{id}/gratification-summary): query parameter year: maximum 2099 in the server, 2100 in the document',
    (r) => { query(r, 'getUnitGratificationSummary', 'year').max = 2099; }],
  ['routes: updateRetentionPolicy keep_days max 36500 → 3650', 'updateRetentionPolicy (PATCH /v1/retention-policies/{kind}): body field keep_days: maximum 3650 in the server, 36500 in the document',
    (r) => { field(r, 'updateRetentionPolicy', 'keep_days').max = 3650; }],
  ['document: RetentionPolicyPatch without minProperties', 'updateRetentionPolicy (PATCH /v1/retention-policies/{kind}): request body: the server answers an empty patch with 400 (empty_patch), the document lacks minProperties: 1',
    (r, s) => { delete schema(s, 'RetentionPolicyPatch').minProperties; }],
  ['document: RetentionPolicy.kind writable', 'updateRetentionPolicy (PATCH /v1/retention-policies/{kind}): 200 response field kind is read_only in the server, not readOnly in the document',
    (r, s) => { delete schema(s, 'RetentionPolicy').properties.kind.readOnly; }],
  ['routes: a third retention kind', 'updateRetentionPolicy (PATCH /v1/retention-policies/{kind}): 200 response field kind: enum values differ: [gratification_access_log] only in the server',
    (r) => { field(r, 'updateRetentionPolicy', 'kind').values.push('gratification_access_log'); }],
  ['routes: exportGratificationReports pages (limit)', 'exportGratificationReports (GET /v1/gratification-reports/export): query parameter limit is accepted by the server but not in the document',
    (r) => route(r, 'exportGratificationReports').query.push({ name: 'limit', type: 'integer', min: 1, max: 200 })],
  ['document: exportGratificationReports without the overdue filter', 'exportGratificationReports (GET /v1/gratification-reports/export): query parameter overdue is accepted by the server but not in the document',
    (r, s) => { const op = s.paths['/v1/gratification-reports/export'].get; op.parameters = op.parameters.filter((p) => p.name !== 'overdue'); }],
  ['document: GratificationReport without identity_erased_at', 'updateGratificationReport (PATCH /v1/gratification-reports/{id}): 200 response field identity_erased_at is read_only in the server (part of the representation) but not in the document\'s 200 response',
    (r, s) => { delete schema(s, 'GratificationReport').properties.identity_erased_at; }],
];
// ---- changes that must NOT be reported (equivalent by the checker's rules) ---------------------

const mustPass = [
  ['routes: archiveUnit body {create, []} → null (no writable field either way)',
    (r) => { route(r, 'archiveUnit').body = null; }],
  ['routes: listUnits sort values in reverse order (enums compare as sets)',
    (r) => query(r, 'listUnits', 'sort').values.reverse()],
  ['routes: listEvents after max printed as the string "9223372036854775807"',
    (r) => { query(r, 'listEvents', 'after').max = '9223372036854775807'; }],
  ['routes: read-only fields with other placeholder types and bounds',
    (r) => Object.assign(field(r, 'createUnit', 'active'), { type: 'integer', min: 5, max: 7 })],
  ['document: UnitCreate.head_name as oneOf [string, null] instead of type [string, "null"]',
    (r, s) => { schema(s, 'UnitCreate').properties.head_name = { oneOf: [{ type: 'string', maxLength: 200 }, { type: 'null' }] }; }],
  ['document: UnitPatch.address with an explicit minLength 0',
    (r, s) => { schema(s, 'UnitPatch').properties.address.minLength = 0; }],
  ['document: events after with an explicit maximum 9223372036854775807',
    (r, s) => { param(s, '/v1/events', 'get', 'after').schema.maximum = 2n ** 63n - 1n; }],
  ['document: UnitKind values in another order',
    (r, s) => schema(s, 'UnitKind').enum.sort()],
  ['document: DeclarationCreate.witnesses without the explicit minItems 0',
    (r, s) => { delete schema(s, 'DeclarationCreate').properties.witnesses.minItems; }],
  ['routes: createDeclaration witnesses printed without min (0 items)',
    (r) => { delete field(r, 'createDeclaration', 'witnesses').min; }],
  ['document: ServicePledgeCreate.principles items behind a $ref',
    (r, s) => {
      s.components.schemas.Principle = schema(s, 'ServicePledgeCreate').properties.principles.items;
      schema(s, 'ServicePledgeCreate').properties.principles.items = { $ref: '#/components/schemas/Principle' };
    }],
  ['document: DeclarationPatch.witnesses written as type ["array"] with items type ["string"]',
    (r, s) => {
      const w = schema(s, 'DeclarationPatch').properties.witnesses;
      w.type = ['array'];
      w.items.type = ['string'];
    }],
  ['routes: importPactSignatures printed without a body (its handler reads JSON or CSV)',
    (r) => { route(r, 'importPactSignatures').body = null; }],
  ['routes: createLkeThreshold decimal bounds printed as integers (100 instead of 100.0)',
    (r) => Object.assign(field(r, 'createLkeThreshold', 'total_min'), { min: 0, max: 100 })],
  ['document: LkeThresholdCreate.ipak_min wrapped in a oneOf with one branch',
    (r, s) => { schema(s, 'LkeThresholdCreate').properties.ipak_min = { oneOf: [{ type: 'number', minimum: 0, maximum: 17.5, multipleOf: 0.01 }] }; }],
  ['document: ScoreSheetPut behind an allOf (the custom body is still an object without unknown members)',
    (r, s) => {
      s.components.schemas.ScoreSheetPutBase = schema(s, 'ScoreSheetPut');
      s.paths['/v1/proposals/{id}/score-sheet'].put.requestBody.content['application/json'].schema =
        { allOf: [{ $ref: '#/components/schemas/ScoreSheetPutBase' }] };
    }],
  ['document: ProgrammeYearPut.bpk_opinion as type [string, "null"] with the enum inline',
    (r, s) => { schema(s, 'ProgrammeYearPut').properties.bpk_opinion = { type: ['string', 'null'], enum: ['TMP', 'TW', 'WDP', 'WTP', null] }; }],
  ['document: listGratificationReports received_to as type ["string"] with format date',
    (r, s) => { param(s, '/v1/gratification-reports', 'get', 'received_to').schema = { type: ['string'], format: 'date' }; }],
  ['routes: addWorkingDays from printed with "required": true first',
    (r) => { const q = query(r, 'addWorkingDays', 'from'); delete q.required; Object.assign(q, { required: true }); }],
  ['routes: listGratificationReports sort values in reverse order',
    (r) => query(r, 'listGratificationReports', 'sort').values.reverse()],
  ['document: GratificationReportCreate.reporter_nip as type [string, "null"] with its bounds inline',
    (r, s) => { schema(s, 'GratificationReportCreate').properties.reporter_nip = { type: ['string', 'null'], minLength: 18, maxLength: 18, pattern: '^[0-9]{18}$' }; }],
  ['document: addGratificationEvidence also documents application/octet-stream (any non-JSON media type fits a raw body)',
    (r, s) => { s.paths['/v1/gratification-reports/{id}/evidence'].post.requestBody.content['application/octet-stream'] = { schema: { type: 'string', format: 'binary' } }; }],
  ['routes: updateRetentionPolicy kind values in reverse order',
    (r) => field(r, 'updateRetentionPolicy', 'kind').values.reverse()],
];

// ---- running them -----------------------------------------------------------------------------------

const fresh = () => [parseRoutes(routesText), parseSpec(specText)];
let failed = 0;
const baseline = compareRoutes(...fresh().reverse());
if (baseline.length) {
  console.log(`selftest: FAIL the unchanged routes (${routesPath}) do not match the document:`);
  for (const p of baseline) console.log(`selftest:   ${p}`);
  process.exit(1);
}
for (const [what, expected, change] of mustFail) {
  let problems;
  try {
    const [routes, spec] = fresh();
    change(routes, spec);
    problems = compareRoutes(spec, routes);
  } catch (e) {
    console.log(`selftest: FAIL ${what}: cannot make the change: ${e.message}`);
    failed++;
    continue;
  }
  const hit = problems.find((p) => p.includes(expected));
  if (hit) console.log(`selftest: ok   ${what}\n                → ${hit}`);
  else {
    failed++;
    console.log(`selftest: FAIL ${what}: not reported as expected ("${expected}")`);
    for (const p of problems) console.log(`selftest:        got: ${p}`);
  }
}
for (const [what, change] of mustPass) {
  let problems;
  try {
    const [routes, spec] = fresh();
    change(routes, spec);
    problems = compareRoutes(spec, routes);
  } catch (e) {
    console.log(`selftest: FAIL ${what}: cannot make the change: ${e.message}`);
    failed++;
    continue;
  }
  if (!problems.length) console.log(`selftest: ok   ${what} (equivalent, not reported)`);
  else {
    failed++;
    console.log(`selftest: FAIL ${what}: reported although equivalent`);
    for (const p of problems) console.log(`selftest:        got: ${p}`);
  }
}
const total = mustFail.length + mustPass.length;
console.log(`selftest: ${total - failed} of ${total} changes judged as expected (${mustFail.length} must be reported, ${mustPass.length} must not)`);
process.exit(failed ? 1 : 0);
