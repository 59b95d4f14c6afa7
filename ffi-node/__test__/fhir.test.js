'use strict'
// FHIR over the Microsoft FHIR-Converter samples (testdata/hl7/microsoft-FHIR-Converter, MIT),
// run as core/fhir/tests/validation.rs and roundtrip.rs run them: every v2 sample converts to
// a structurally valid Bundle whose JSON reads back and writes out unchanged.
const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const { fhirFromV2, fhirFromV2Batch, fhirFromV2BatchAsync, FhirResource } = require('..')
const { ROOT } = require('./helpers')

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
  assert.equal(JSON.parse(obs.operationOutcome()).issue.length, codes.length)
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
