'use strict'
// Authorization over the shared vectors (testdata/vectors/authz_default.json: the default
// hospital role x resource x action matrix), run as core/authz/tests/vectors.rs runs them.
const test = require('node:test')
const assert = require('node:assert/strict')
const { PolicySet } = require('..')
const { loadVectors } = require('./helpers')

const V = loadVectors('authz_default.json')

// A vector request in the Node shape (the same fields, camelCase where they have two words).
function request(r) {
  const env = r.environment ?? {}
  return {
    principal: r.principal,
    action: r.action,
    resource: r.resource,
    environment: {
      time: env.time,
      utcOffsetMinutes: env.utc_offset_minutes,
      purposeOfUse: env.purpose_of_use,
      origin: env.origin,
      breakGlass: env.break_glass && { reason: env.break_glass.reason, expiresAt: env.break_glass.expires_at },
      attributes: env.attributes,
    },
  }
}

// An obligation as the core serializes it (absent fields left out).
const serialized = (o) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null))

function check(c, d) {
  assert.equal(d.effect, c.expect.effect, c.name)
  assert.equal(d.allowed, c.expect.effect === 'allow', c.name)
  assert.deepEqual([...d.determining].sort(), [...c.expect.determining].sort(), c.name)
  assert.deepEqual(d.obligations.map(serialized), c.expect.obligations, c.name)
  assert.equal(d.errors.length > 0, c.expect.has_errors, c.name)
}

test('vector file', () => {
  assert.equal(V.policy_set, 'default')
  assert.ok(V.cases.length >= 30)
})

const ps = PolicySet.defaultSet()
for (const c of V.cases) {
  test(`authz vector: ${c.name}`, () => check(c, ps.authorize(request(c.request))))
}

test('batch, async batch and single decisions agree', async () => {
  const reqs = V.cases.map((c) => request(c.request))
  const batch = ps.authorizeBatch(reqs)
  const async = await ps.authorizeBatchAsync(reqs)
  V.cases.forEach((c, i) => {
    check(c, batch[i])
    check(c, async[i])
  })
})

test('decision-log hook receives one masked event per decision', () => {
  const events = []
  const reqs = V.cases.map((c) => request(c.request))
  const ds = ps.authorizeBatchLogged(reqs, (e) => events.push(e))
  assert.equal(events.length, reqs.length)
  events.forEach((e, i) => {
    assert.equal(e.effect, ds[i].effect)
    assert.deepEqual(e.determining, ds[i].determining)
    assert.equal(e.policyHash, ps.hash)
    assert.equal(e.action, reqs[i].action)
    assert.notEqual(e.principal, reqs[i].principal.id, 'identifiers are masked')
  })
  const one = []
  const d = ps.authorizeLogged(reqs[0], (e) => one.push(e))
  assert.equal(one.length, 1)
  assert.equal(one[0].effect, d.effect)
  assert.throws(
    () => ps.authorizeLogged(reqs[0], () => { throw new Error('log store down') }),
    (e) => e instanceof Error,
  )
})

test('break-glass: declared, valid or refused with a reason', () => {
  const bg = V.cases.find((c) => c.request.environment?.break_glass)
  assert.ok(bg, 'the vectors include a break-glass case')
  const status = ps.breakGlassStatus(request(bg.request))
  assert.equal(status.declared, true)
  const plain = V.cases.find((c) => !c.request.environment?.break_glass)
  assert.deepEqual(ps.breakGlassStatus(request(plain.request)), { declared: false, valid: false })
})

test('policy text: errors carry codes and locations; custom sets decide', () => {
  assert.throws(() => PolicySet.fromText('permit(role: Wizard);', 'site.policy'), (e) => e.code === 'AUTHZ_UNKNOWN_ROLE' && /site\.policy/.test(e.message))
  assert.throws(() => PolicySet.fromText('permit(', 'bad.policy'), (e) => e.code === 'AUTHZ_SYNTAX')
  const custom = PolicySet.fromText('@id("nurse-read") permit(role: Nurse, action: read, resource: Bed);', 'beds.policy')
  assert.equal(custom.ruleCount, 1)
  const d = custom.authorize({ principal: { id: 'n1', roles: ['Nurse'] }, action: 'read', resource: { type: 'Bed', id: 'b1' } })
  assert.equal(d.effect, 'allow')
  assert.deepEqual(d.determining, ['nurse-read'])
})
