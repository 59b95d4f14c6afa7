'use strict'
// FHIR over the Microsoft FHIR-Converter samples (testdata/hl7/microsoft-FHIR-Converter, MIT),
// run as core/fhir/tests/validation.rs and roundtrip.rs run them: every v2 sample converts to
// a structurally valid Bundle whose JSON reads back and writes out unchanged.
const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const m = require('..')
const { fhirFromV2, fhirFromV2Batch, fhirFromV2BatchAsync, FhirResource } = m
const { ROOT, loadVectors } = require('./helpers')

const DIR = path.join(ROOT, 'testdata', 'hl7', 'microsoft-FHIR-Converter', 'hl7v2')
const SAMPLES = fs.readdirSync(DIR).sort().map((f) => [f, fs.readFileSync(path.join(DIR, f), 'utf8')])

test('every converter sample converts to a valid Bundle that round-trips (batch and async)', async () => {
  assert.ok(SAMPLES.length >= 100)
  const texts = SAMPLES.map(([, t]) => t)
  const batch = fhirFromV2Batch(texts)
  assert.deepEqual(await fhirFromV2BatchAsync(texts), batch)
  batch.forEach((r, i) => {
    const name = SAMPLES[i][0]
    assert.equal(r.error, undefined, name)
    const bundle = FhirResource.parse(r.value.bundleJson, true)
    assert.equal(bundle.resourceType, 'Bundle', name)
    assert.deepEqual(bundle.validate(), [], name)
    assert.equal(bundle.isValid(), true, name)
    assert.deepEqual(JSON.parse(bundle.toJson()), JSON.parse(r.value.bundleJson), name)
    const json = JSON.parse(r.value.bundleJson)
    assert.equal(json.type, 'batch', name)
    assert.ok(json.entry.length > 0, name)
  })
  const one = fhirFromV2(texts[0], { bundleKind: 'transaction', defaultOffset: '+01:00' })
  assert.equal(JSON.parse(one.bundleJson).type, 'transaction')
  assert.deepEqual(fhirFromV2(texts[0]), batch[0].value)
})

test('validation rules and the OperationOutcome (as core/fhir/tests/validation.rs)', () => {
  const obs = FhirResource.parse('{"resourceType":"Observation","status":"done","valueString":""}', true)
  const codes = obs.validate().map((i) => `${i.code} ${i.location}`)
  assert.ok(codes.includes('FHIR_BINDING Observation.status'), codes.join())
  assert.ok(codes.includes('FHIR_REQUIRED Observation.code'), codes.join())
  assert.ok(codes.includes('FHIR_EMPTY Observation.valueString'), codes.join())
  assert.equal(obs.isValid(), false)
  const outcome = JSON.parse(obs.operationOutcome())
  assert.equal(outcome.resourceType, 'OperationOutcome')
  assert.equal(outcome.issue.length, codes.length)
  const p = FhirResource.parse('{"resourceType":"Patient","gender":"M","telecom":[{"value":"555"}],"extension":[{"valueString":"x"}]}', true)
  assert.deepEqual(p.validate().map((i) => i.location), ['Patient.gender', 'Patient.telecom[0].system', 'Patient.extension[0].url'])
})

test('read modes and errors carry codes', () => {
  const json = '{"resourceType":"Patient","id":"p1","gender":"female","name":[{"family":"Doe","nickname":"J"}]}'
  const lenient = FhirResource.parse(json)
  assert.equal(lenient.id, 'p1')
  assert.deepEqual(JSON.parse(lenient.toJson()), JSON.parse(json), 'unknown elements are kept')
  assert.throws(() => FhirResource.parse(json, true), (e) => e.code === 'FHIR_UNKNOWN_ELEMENT' && e.message.includes('Patient.name[0].nickname'))
  assert.throws(() => FhirResource.parse('{not json'), (e) => e.code === 'FHIR_JSON')
  assert.throws(() => FhirResource.parse('{"id":"x"}'), (e) => e.code === 'FHIR_MISSING_RESOURCE_TYPE')
  assert.throws(() => fhirFromV2('not a message'), (e) => typeof e.code === 'string' && e.code.startsWith('FHIR_'))
  assert.throws(() => fhirFromV2(SAMPLES[0][1], { bundleKind: 'collection' }), (e) => e.code === 'ERR_INVALID_ARG_VALUE')
  const [ok, bad] = fhirFromV2Batch([SAMPLES[0][1], 'garbage'])
  assert.ok(ok.value)
  assert.match(bad.error.code, /^FHIR_/)
})

const sample = (name) => SAMPLES.find(([f]) => f.startsWith(name))[1]
const bundleOf = (name) => fhirFromV2(sample(name)).bundleJson
const entries = (json, type) => JSON.parse(json).entry.map((e) => e.resource).filter((r) => r.resourceType === type)

test('Bundle to v2: the per-resource calls give the segments of the Bundle call', () => {
  const json = bundleOf('ADT-A01-01')
  const s = m.fhirBundleToV2(json)
  assert.match(s.pid, /^PID\|1\|/)
  assert.match(s.pv1, /^PV1\|/)
  assert.equal(m.fhirPatientToPid(JSON.stringify(entries(json, 'Patient')[0])), s.pid)
  assert.equal(m.fhirEncounterToPv1(JSON.stringify(entries(json, 'Encounter')[0]), json), s.pv1)
  const oru = bundleOf('ORU-R01-01')
  const obx = m.fhirBundleToV2(oru).obx
  assert.ok(obx.length > 0)
  entries(oru, 'Observation').forEach((o, i) => assert.equal(m.fhirObservationToObx(JSON.stringify(o), i + 1, oru), obx[i]))
  assert.throws(() => m.fhirPatientToPid(JSON.stringify(entries(json, 'Encounter')[0])), (e) => e.code === 'FHIR_JSON' && /expected a Patient/.test(e.message))
  assert.throws(() => m.fhirBundleToV2('{"resourceType":"Patient"}'), (e) => e.code === 'FHIR_JSON')
  const [ok, bad] = m.fhirBundleToV2Batch([json, '{'])
  assert.deepEqual(ok.value, s)
  assert.equal(bad.error.code, 'FHIR_JSON')
})

test('linkable de-identification keeps the same patient linkable across messages (as core/fhir/tests/deid.rs)', async () => {
  const policy = m.fhirLinkablePolicy('2024-01-01', 'hospital-a')
  assert.equal(policy.overrides.names, 'tokenize')
  assert.equal(policy.tenant, 'hospital-a')
  const tok = m.Tokenizer.fromMaster(Buffer.alloc(32, 7))
  const patient = (json) => entries(m.fhirDeidentifyBundle(json, policy, tok).json, 'Patient')[0]
  const a = patient(bundleOf('ADT-A01-01'))
  const b = patient(bundleOf('ADT-A02-01'))
  assert.equal(a.id, b.id)
  assert.ok(a.identifier.length > 0 && a.identifier.every((i) => i.value.startsWith('mct1:')))
  assert.deepEqual(a.identifier, b.identifier)
  const json = bundleOf('ADT-A01-01')
  const sync = m.fhirDeidentifyBundle(json, policy, tok)
  assert.deepEqual(await m.fhirDeidentifyBundleAsync(json, policy, tok), sync)
  assert.ok(sync.changes.some((c) => c.kind === 'names' && c.action === 'tokenize'))
  const other = m.fhirDeidentifyBundle(json, policy, m.Tokenizer.fromMaster(Buffer.alloc(32, 9)))
  assert.ok(!other.json.includes(a.identifier[0].value))
  const safe = m.fhirDeidentifyBundle(json, { asOf: '2024-01-01' })
  assert.ok(entries(safe.json, 'Patient')[0].name === undefined)
  await assert.rejects(m.fhirDeidentifyBundleAsync('{"resourceType":"Patient"}', policy, tok), (e) => e.code === 'FHIR_JSON')
  assert.throws(() => m.fhirDeidentifyResource(json, { asOf: '2024-01-01', overrides: { names: 'shred' } }), (e) => e.code === 'ERR_INVALID_ARG_VALUE')
})

test('obligation masking from an authz decision, single, Bundle and async', async () => {
  const d = m.PolicySet.defaultSet().authorize({
    principal: { id: 'mgr-1', roles: ['Manager'], attributes: { department: 'cardiology' } },
    action: 'read',
    resource: {
      type: 'Patient',
      id: 'p-1',
      attributes: { patient: 'p-1', department: 'cardiology', confidentiality: 'N', care_team: [], labels: [] },
    },
  })
  assert.ok(d.allowed)
  const masks = d.obligations.filter((o) => o.code === 'MASK').map((o) => o.field).sort()
  assert.deepEqual(masks, ['address', 'dob', 'mrn', 'phone', 'ssn'])
  const v = loadVectors('fhir_deid.json').mask.find((c) => c.name === 'manager-default')
  const one = m.fhirApplyDecision(JSON.stringify(v.resource), d)
  assert.deepEqual(JSON.parse(one.json), v.expected)
  assert.deepEqual(one.changes, v.changes)
  const json = bundleOf('ADT-A01-01')
  const bundle = m.fhirApplyObligationsBundle(json, d.obligations)
  assert.deepEqual(await m.fhirApplyObligationsBundleAsync(json, d.obligations), bundle)
  assert.ok(bundle.changes.length > 0 && bundle.changes.every((c) => c.path.startsWith('Bundle.entry[')))
  assert.throws(() => m.fhirApplyObligations(json, [{ code: 'SHRED', field: 'ssn' }]), (e) => e.code === 'ERR_INVALID_ARG_VALUE')
  await assert.rejects(m.fhirApplyObligationsBundleAsync('[]', d.obligations), (e) => e.code === 'FHIR_JSON' || e.code === 'FHIR_MISSING_RESOURCE_TYPE')
})
