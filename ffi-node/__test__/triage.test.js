'use strict'
// Triage over the shared vectors (testdata/vectors/triage_*.json), run as
// core/triage/tests/vectors.rs and cases.rs run them. Vector inputs use the core's field
// names; the Node API takes the same fields in camelCase.
const test = require('node:test')
const assert = require('node:assert/strict')
const triage = require('..')
const { loadVectors } = require('./helpers')

const camel = (s) => s.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase())
function input(obj) {
  return Object.fromEntries(Object.entries(obj).map(([k, v]) => [camel(k), v]))
}
const points = (score) => Object.fromEntries(score.breakdown.map((p) => [p.parameter, p.points]))

function checkPoints(id, score, expected) {
  for (const [name, pts] of Object.entries(expected)) {
    assert.equal(points(score)[name], pts, `${id} ${name}`)
  }
}

test('NEWS2 vectors (RCP chart), through the batch call', () => {
  const v = loadVectors('triage_news2.json')
  const all = v.cases.concat(v.between_rows)
  assert.ok(v.cases.length >= 20000)
  const results = triage.news2Batch(all.map((c) => input(c.input)))
  assert.equal(results.length, all.length)
  all.forEach((c, i) => {
    const r = results[i]
    assert.equal(r.error, undefined, c.id)
    assert.equal(r.value.total, c.expected.total, c.id)
    assert.equal(r.value.risk, c.expected.risk, c.id)
    assert.equal(r.value.partial, false, c.id)
    checkPoints(c.id, r.value, c.expected.points)
  })
  // A sample through the single call gives the same scores.
  for (const c of all.slice(0, 200)) {
    assert.deepEqual(triage.news2(input(c.input)), results[all.indexOf(c)].value)
  }
})

test('NEWS2 async batch equals the sync batch', async () => {
  const inputs = loadVectors('triage_news2.json').cases.slice(0, 500).map((c) => input(c.input))
  assert.deepEqual(await triage.news2BatchAsync(inputs), triage.news2Batch(inputs))
})

test('qSOFA vectors', () => {
  for (const c of loadVectors('triage_qsofa.json').cases) {
    const s = triage.qsofa(input(c.input))
    assert.equal(s.total, c.expected.total, c.id)
    assert.equal(s.risk, c.expected.risk, c.id)
    checkPoints(c.id, s, c.expected.points)
  }
})

test('GCS vectors', () => {
  for (const c of loadVectors('triage_gcs.json').cases) {
    const s = triage.gcs(input(c.input))
    assert.equal(s.total, c.expected.total, c.id)
    assert.equal(s.risk, c.expected.risk, c.id)
    assert.equal(s.partial, c.expected.partial, c.id)
    if (c.expected.max_possible !== undefined) assert.equal(s.maxPossible, c.expected.max_possible, c.id)
  }
})

test('SIRS vectors', () => {
  for (const c of loadVectors('triage_sirs.json').cases) {
    const s = triage.sirs(input(c.input))
    assert.equal(s.total, c.expected.total, c.id)
    assert.equal(s.risk, c.expected.risk, c.id)
    assert.equal(s.partial, c.expected.partial, c.id)
    assert.equal(s.maxPossible, c.expected.max_possible, c.id)
    assert.equal(s.breakdown.reduce((a, p) => a + p.points, 0), s.total, c.id)
  }
})

for (const [file, protocol, run] of [
  ['triage_start.json', 'start', triage.start],
  ['triage_jumpstart.json', 'jumpstart', triage.mciTriage],
]) {
  test(`${protocol} vectors`, async () => {
    const cases = loadVectors(file).cases
    for (const c of cases) {
      const r = run(input(c.input))
      assert.equal(r.protocol, protocol, c.id)
      assert.equal(r.category ?? null, c.expected.category, c.id)
      assert.deepEqual(r.missing, c.expected.missing, c.id)
    }
    if (protocol === 'jumpstart') {
      const batch = await triage.mciBatchAsync(cases.map((c) => input(c.input)))
      assert.deepEqual(batch.map((b) => b.value.category ?? null), cases.map((c) => c.expected.category))
    }
  })
}

// triage_cases.json: the expected object is a subset of the core's serialized result.
function serializedScore(s) {
  return {
    instrument: s.instrument,
    total: s.total,
    max_possible: s.maxPossible,
    breakdown: s.breakdown.map((p) => {
      const o = { parameter: p.parameter, value: p.value, band: p.band, points: p.points }
      if (p.betweenRows) o.between_rows = true
      return o
    }),
    partial: s.partial,
    missing: s.missing,
    risk: s.risk,
  }
}
function serializedMci(r) {
  const o = { protocol: r.protocol, category: r.category ?? null, colour: r.colour ?? null, path: r.path, partial: r.partial, missing: r.missing }
  if (r.globalSort !== undefined && r.globalSort !== null) o.global_sort = r.globalSort
  return o
}
function subset(path, expected, got) {
  if (expected !== null && typeof expected === 'object' && !Array.isArray(expected)) {
    for (const [k, v] of Object.entries(expected)) subset(`${path}.${k}`, v, got?.[k])
  } else if (Array.isArray(expected)) {
    assert.ok(Array.isArray(got), path)
    expected.forEach((v, i) => subset(`${path}[${i}]`, v, got[i]))
  } else {
    // An absent value in the Node result is the core's null.
    assert.deepEqual(expected === null && got === undefined ? null : got, expected, path)
  }
}
// A result in the core's serialized shape: snake_case keys, absent values as null.
const snake = (s) => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)
function serialized(v) {
  if (v === undefined) return null
  if (Array.isArray(v)) return v.map(serialized)
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [snake(k), serialized(x)]))
  return v
}
const RULES = triage.DispatchRules.example()
const RUN = {
  esi: (i) => serialized(triage.esi(i)),
  dispatch: (i) => serialized(RULES.dispatch(i)),
  news2: (i) => serializedScore(triage.news2(i)),
  mews: (i) => serializedScore(new triage.MewsBands().score(i)),
  pews: (i) => serializedScore(new triage.PewsAgeBands().score(i)),
  salt: (i) => serializedMci(triage.salt(i)),
}
for (const c of loadVectors('triage_cases.json').cases.filter((c) => RUN[c.instrument])) {
  test(`case vector: ${c.id}`, () => {
    let got
    try {
      got = RUN[c.instrument](input(c.input))
    } catch (e) {
      assert.ok(e instanceof Error)
      got = { error: { code: e.code, message: e.message } }
    }
    subset(c.id, c.expected, got)
  })
}

test('errors carry the core code; batch items carry their own error', () => {
  assert.throws(() => triage.news2({ spo2: 101 }), (e) => e.code === 'TRIAGE_OUT_OF_RANGE')
  assert.throws(() => triage.news2({ consciousness: 'Q' }), (e) => e.code === 'TRIAGE_UNKNOWN_CODE')
  assert.throws(() => triage.gcs({ eye: 'xx' }), (e) => e.code === 'TRIAGE_UNKNOWN_CODE')
  assert.throws(() => triage.pews({ behaviour: 'dancing' }), (e) => e.code === 'ERR_INVALID_ARG_VALUE')
  const [ok, bad] = triage.qsofaBatch([{ respirationRate: 30 }, { systolicBp: -5 }])
  assert.equal(ok.value.total, 1)
  assert.equal(bad.value, undefined)
  assert.equal(bad.error.code, 'TRIAGE_OUT_OF_RANGE')
  assert.throws(() => triage.MewsBands.fromJson('{}'), (e) => typeof e.code === 'string' && e.code.startsWith('TRIAGE_'))
})

const CASES = loadVectors('triage_cases.json').cases
const ofKind = (k) => CASES.filter((c) => c.instrument === k && !c.expected.error).map((c) => input(c.input))

test('every instrument of triage_cases.json runs in Node', () => {
  for (const c of CASES) assert.ok(RUN[c.instrument], c.instrument)
})

test('ESI, dispatch and SALT batches (sync and async) equal the single calls', async () => {
  const esi = ofKind('esi')
  const single = esi.map((i) => triage.esi(i))
  assert.deepEqual(triage.esiBatch(esi).map((r) => r.value), single)
  assert.deepEqual((await triage.esiBatchAsync(esi)).map((r) => r.value), single)
  const calls = CASES.filter((c) => c.instrument === 'dispatch').map((c) => input(c.input))
  const batch = RULES.dispatchBatch(calls)
  const asyncBatch = await RULES.dispatchBatchAsync(calls)
  assert.deepEqual(asyncBatch, batch)
  CASES.filter((c) => c.instrument === 'dispatch').forEach((c, i) => {
    if (c.expected.error) assert.equal(batch[i].error.code, c.expected.error.code, c.id)
    else assert.deepEqual(batch[i].value, RULES.dispatch(calls[i]), c.id)
  })
  const salt = ofKind('salt')
  assert.deepEqual((await triage.saltBatchAsync(salt)).map((r) => r.value), salt.map((i) => triage.salt(i)))
})

test('ESI: v4 and v5, unknown resources and versions are refused with codes', () => {
  const base = { ageYears: 40, lifesavingIntervention: false, unresponsive: false, highRiskSituation: false, newConfusionLethargyDisorientation: false, severePainOrDistress: false, resources: ['labs', 'ct'], heartRate: 80, respirationRate: 16, spo2: 98 }
  assert.equal(triage.esi(base).version, 'v5')
  assert.equal(triage.esi({ ...base, version: 'v4' }).version, 'v4')
  assert.equal(triage.esi(base).level, 3)
  assert.equal(triage.esi(base).resourcesCounted, 2)
  assert.throws(() => triage.esi({ ...base, resources: ['magic'] }), (e) => e.code === 'TRIAGE_UNKNOWN_CODE')
  assert.throws(() => triage.esi({ ...base, version: 'v9' }), (e) => e.code === 'ERR_INVALID_ARG_VALUE')
  const [ok, bad] = triage.esiBatch([base, { ...base, spo2: 140 }])
  assert.equal(ok.value.level, 3)
  assert.equal(bad.error.code, 'TRIAGE_OUT_OF_RANGE')
})

test('ED scales: the example discriminator table (as core/triage/tests/mci_dispatch.rs)', async () => {
  const ed = triage.EdTriage.example()
  const r = ed.triage({ presentation: 'shortness_of_breath', findings: ['recent_onset', 'spo2_below_90'] })
  assert.equal(r.level.level, 2)
  assert.equal(r.discriminator, 'spo2_below_90')
  assert.equal(typeof r.level.targetMinutes, 'number')
  const [r2, r3] = ed.triageBatch([{ presentation: 'limb_injury' }, { presentation: 'headache' }])
  assert.equal(r2.value.level.level, 5)
  assert.equal(r2.value.discriminator ?? null, null)
  assert.equal(r3.error.code, 'TRIAGE_UNKNOWN_CODE')
  assert.deepEqual(await ed.triageBatchAsync([{ presentation: 'limb_injury' }]), [r2])
  assert.throws(() => ed.triage({ presentation: 'headache' }), (e) => e.code === 'TRIAGE_UNKNOWN_CODE')
  assert.throws(() => triage.EdTriage.fromJson('{"scale": "ctas"}'), (e) => typeof e.code === 'string' && e.code.startsWith('TRIAGE_'))
})

test('dispatch tables round-trip through JSON; bad tables are refused with codes', () => {
  const again = triage.DispatchRules.fromJson(RULES.toJson())
  const call = { findings: ['chest_pain'], ageYears: 50 }
  assert.deepEqual(again.dispatch(call), RULES.dispatch(call))
  assert.throws(() => triage.DispatchRules.fromJson('{"name": "x"}'), (e) => typeof e.code === 'string' && e.code.startsWith('TRIAGE_'))
})

test('NEWS2 summaries (single, batch, async) agree with the full scores on the RCP vectors', async () => {
  const v = loadVectors('triage_news2.json')
  const cases = v.cases.slice(0, 2000)
  const inputs = cases.map((c) => input(c.input))
  const sums = triage.news2SummaryBatch(inputs)
  assert.deepEqual(await triage.news2SummaryBatchAsync(inputs), sums)
  const order = ['respiration_rate', 'spo2', 'supplemental_oxygen', 'systolic_bp', 'pulse', 'consciousness', 'temperature']
  cases.forEach((c, i) => {
    const s = sums[i].value
    assert.equal(s.total, c.expected.total, c.id)
    assert.equal(s.risk, c.expected.risk, c.id)
    assert.equal(s.partial, false, c.id)
    order.forEach((p, j) => {
      if (c.expected.points[p] !== undefined) assert.equal(s.points[j], c.expected.points[p], `${c.id} ${p}`)
    })
  })
  assert.deepEqual(triage.news2Summary(inputs[0]), sums[0].value)
  const partial = triage.news2Summary({ pulse: 80 })
  assert.equal(partial.partial, true)
  assert.equal(partial.points[4], 0)
  assert.equal(partial.points[0] ?? null, null)
  assert.throws(() => triage.news2Summary({ spo2: 101 }), (e) => e.code === 'TRIAGE_OUT_OF_RANGE')
})
