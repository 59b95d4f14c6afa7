'use strict'
// MS-DRG grouping over the shared vectors (testdata/vectors/billing_grouper.json: 12,000
// synthetic claims grouped by an independent reproduction of the CMS grouper), with the same
// agreement floors as core/billing/tests/grouper_oracle.rs.
const test = require('node:test')
const assert = require('node:assert/strict')
const { Grouper } = require('..')
const { loadVectors } = require('./helpers')

const V = loadVectors('billing_grouper.json')
const claim = (c) => ({ id: c.id, age: c.age, sex: c.sex, dischargeStatus: c.discharge_status, pdx: c.pdx, sdx: c.sdx, procedures: c.procedures })

test('grouper agreement with the oracle (batch and async batch agree)', async () => {
  const g = Grouper.embedded()
  assert.equal(g.version, V.grouper_version)
  assert.ok(V.claims.length >= 10000)
  const claims = V.claims.map(claim)
  const results = g.groupMany(claims)
  let agree = 0
  let med = 0
  let medAgree = 0
  V.claims.forEach((c, i) => {
    assert.equal(results[i].id, c.id)
    const medical = g.drgKind(c.expected.drg) === 'medical'
    med += medical ? 1 : 0
    if (results[i].drg === c.expected.drg) {
      agree++
      medAgree += medical ? 1 : 0
    }
  })
  assert.ok((100 * agree) / V.claims.length >= 98.8, `overall ${agree}/${V.claims.length}`)
  assert.ok((100 * medAgree) / med >= 99.8, `medical ${medAgree}/${med}`)
  const sample = claims.slice(0, 300)
  assert.deepEqual(await g.groupManyAsync(sample), results.slice(0, 300))
  assert.deepEqual(g.group(sample[0]), results[0])
})

test('bad claims', () => {
  const g = Grouper.embedded()
  assert.throws(() => g.group({ pdx: 'I219', sex: 'X' }), (e) => e.code === 'ERR_INVALID_ARG_VALUE')
  assert.throws(() => Grouper.fromJson('{'), (e) => typeof e.code === 'string' && e.code.startsWith('BILLING_'))
})
