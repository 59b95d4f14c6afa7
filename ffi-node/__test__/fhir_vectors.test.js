'use strict'
// The shared FHIR vectors (testdata/vectors/fhir_*.json), run exactly as
// core/fhir/tests/vectors.rs runs them.
const test = require('node:test')
const assert = require('node:assert/strict')
const m = require('..')
const { loadVectors } = require('./helpers')

const CONVERT = loadVectors('fhir_convert.json').cases
const VALIDATION = loadVectors('fhir_validation.json').cases
const TO_V2 = loadVectors('fhir_to_v2.json').cases
const DEID = loadVectors('fhir_deid.json')

const policyOf = (p) => ({ asOf: p.as_of, overrides: p.overrides, tenant: p.tenant })
const tokenizerOf = (key) => (key ? m.Tokenizer.fromMaster(Buffer.from(key, 'base64')) : undefined)

test('vector files have the expected sizes', () => {
  assert.equal(CONVERT.length, 5)
  assert.ok(TO_V2.length >= 5)
  assert.equal(DEID.deid.length, 4)
  assert.equal(DEID.mask.length, 2)
  assert.equal(VALIDATION.filter((c) => c.issues.length > 0).length, 8)
})

for (const c of CONVERT) {
  test(`convert vector: ${c.name}`, () => {
    const options = { bundleKind: c.options.bundle_kind, defaultOffset: c.options.default_offset ?? undefined }
    const b = JSON.parse(m.fhirFromV2(c.message, options).bundleJson)
    assert.equal(b.type, c.bundle_type)
    assert.deepEqual(b.entry.map((e) => e.resource.resourceType), c.entry_types)
    let seenPatient = false
    let seenEncounter = false
    const expected = [...c.key_elements]
    for (const e of b.entry) {
      const r = e.resource
      const rt = r.resourceType
      let take = false
      if (rt === 'Patient') { take = !seenPatient; seenPatient = true }
      if (rt === 'Encounter') { take = !seenEncounter; seenEncounter = true }
      if (rt === 'Observation') take = true
      if (!take) continue
      const want = expected.shift()
      assert.ok(want, `${c.name}: a key-element object per resource`)
      for (const [k, v] of Object.entries(want)) assert.deepEqual(r[k], v, `${c.name} ${rt}.${k}`)
      // Key elements absent from the vector are absent from the output too.
      const keys = rt === 'Patient' ? ['identifier', 'name', 'gender', 'birthDate'] : rt === 'Encounter' ? ['class', 'status'] : []
      for (const k of keys) if (!(k in want)) assert.equal(r[k], undefined, `${c.name} ${rt}.${k}`)
    }
    assert.equal(expected.length, 0, `${c.name}: fewer resources than vectors`)
  })
}

for (const c of VALIDATION) {
  test(`validation vector: ${c.name}`, () => {
    const r = m.FhirResource.parse(JSON.stringify(c.resource), true)
    assert.deepEqual(r.validate(), c.issues)
  })
}

const segmentsOf = (s) => ({ pid: s.pid ?? null, pv1: s.pv1 ?? null, obx: s.obx })
const expectedOf = (e) => ({ pid: e.pid ?? null, pv1: e.pv1 ?? null, obx: e.obx })

test('to-v2 vectors (single, batch and async agree)', async () => {
  const jsons = TO_V2.map((c) => JSON.stringify(c.bundle))
  const batch = m.fhirBundleToV2Batch(jsons)
  assert.deepEqual(await m.fhirBundleToV2BatchAsync(jsons), batch)
  TO_V2.forEach((c, i) => {
    assert.equal(m.FhirResource.parse(jsons[i], true).resourceType, 'Bundle', c.name)
    const one = m.fhirBundleToV2(jsons[i])
    assert.deepEqual(segmentsOf(one), expectedOf(c.expected), c.name)
    assert.equal(one.text, [one.pid, one.pv1, ...one.obx].filter((s) => s !== undefined).join('\r'), c.name)
    assert.deepEqual(batch[i].value, one, c.name)
  })
})

for (const c of DEID.deid) {
  test(`deid vector: ${c.name}`, () => {
    const out = m.fhirDeidentifyResource(JSON.stringify(c.resource), policyOf(c.policy), tokenizerOf(c.token_key))
    assert.deepEqual(JSON.parse(out.json), c.expected)
    assert.deepEqual(out.changes, c.changes)
  })
}

for (const c of DEID.mask) {
  test(`mask vector: ${c.name}`, () => {
    const out = m.fhirApplyObligations(JSON.stringify(c.resource), c.obligations)
    assert.deepEqual(JSON.parse(out.json), c.expected)
    assert.deepEqual(out.changes, c.changes)
  })
}
