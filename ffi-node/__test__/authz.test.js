'use strict'
// Authorization over the shared vectors (testdata/vectors/authz_default.json: the default
// hospital role x resource x action matrix), run as core/authz/tests/vectors.rs runs them.
const test = require('node:test')
const assert = require('node:assert/strict')
const { PolicySet, maskIdentifier, defaultPolicyText, defaultSchemaJson } = require('..')
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

const byName = (n) => V.cases.find((c) => c.name === n)

test('a patient restriction (consent deny) is a hard forbid, break-glass included', () => {
  const c = V.cases[0]
  const restricted = ps.withConsents([
    { id: 'r-7', patient: c.request.resource.attributes.patient, decision: 'deny', actors: [c.request.principal.id] },
  ])
  assert.notEqual(restricted.hash, ps.hash)
  assert.equal(restricted.ruleCount, ps.ruleCount + 1)
  const d = restricted.authorize(request(c.request))
  assert.equal(d.effect, 'deny')
  assert.deepEqual(d.determining, ['consent:r-7'])
  const bg = request(byName('break-glass with ETREAT and a reason').request)
  const sameActor = { ...bg, principal: request(c.request).principal, resource: request(c.request).resource }
  assert.equal(restricted.authorize(sameActor).effect, 'deny')
  // Another clinician is unaffected.
  const other = request(c.request)
  other.principal = { ...other.principal, id: 'dr-other' }
  assert.equal(restricted.authorize(other).effect, 'allow')
})

test('a consent to disclose opens labelled records to the named actor only', () => {
  const c = byName('SUD record without consent')
  assert.equal(ps.authorize(request(c.request)).effect, 'deny')
  const consented = ps.withConsents([
    {
      id: 'c-1',
      patient: c.request.resource.attributes.patient,
      decision: 'permit',
      actors: [c.request.principal.id],
      labels: ['SUD'],
    },
  ])
  assert.equal(consented.authorize(request(c.request)).effect, 'allow')
  const other = request(c.request)
  other.principal = { ...other.principal, id: 'dr-other' }
  assert.equal(consented.authorize(other).effect, 'deny')
  assert.throws(
    () => ps.withConsents([{ id: 'x', patient: 'p', decision: 'maybe' }]),
    (e) => e.code === 'ERR_INVALID_ARG_VALUE',
  )
})

test('explain gives the same decision and a trace naming the determining rules', () => {
  for (const c of V.cases) {
    const { decision, explanation } = ps.explain(request(c.request))
    check(c, decision)
    assert.equal(explanation.rulesTotal, ps.ruleCount, c.name)
    assert.ok(explanation.rulesConsidered <= explanation.rulesTotal, c.name)
    assert.equal(explanation.trace.length, explanation.rulesConsidered, c.name)
    const det = explanation.trace.filter((t) => t.determining).map((t) => t.id).sort()
    assert.deepEqual(det, [...decision.determining].sort(), c.name)
    for (const t of explanation.trace) {
      assert.ok(['applies', 'not_applicable', 'error'].includes(t.outcome), c.name)
      assert.equal(t.message !== undefined && t.message !== null, t.outcome === 'error', c.name)
    }
  }
})

test('which resources may I see: the filter agrees with direct decisions on every vector', () => {
  let compared = 0
  for (const c of V.cases) {
    const r = request(c.request)
    const f = ps.filter({
      principal: r.principal,
      action: r.action,
      resourceType: r.resource.type,
      environment: r.environment,
    })
    assert.equal(f.resourceType, r.resource.type)
    if (f.approximated.length > 0) continue
    assert.equal(f.matches(r.resource), c.expect.effect === 'allow', c.name)
    compared++
  }
  assert.ok(compared >= 25, `compared ${compared}`)
})

test('filter as SQL: placeholders, columns, aliases; errors carry codes', () => {
  const r = request(V.cases[0].request)
  const f = ps.filter({ principal: r.principal, action: 'read', resourceType: 'Patient', environment: r.environment })
  assert.equal(typeof f.residual, 'object')
  const pg = f.toSql()
  assert.match(pg.sql, /\$1/)
  assert.ok(pg.params.includes('cardiology'))
  const q = f.toSql({ placeholder: 'question', tableAlias: 'p', columns: { department: 'dept' } })
  assert.ok(!q.sql.includes('$1'))
  assert.match(q.sql, /p\.dept/)
  assert.equal((q.sql.match(/\?/g) ?? []).length, q.params.length)
  assert.throws(() => f.toSql({ placeholder: 'colon' }), (e) => e.code === 'ERR_INVALID_ARG_VALUE')
  assert.throws(
    () => ps.filter({ principal: r.principal, action: 'read', resourceType: 'Spaceship' }),
    (e) => typeof e.code === 'string' && e.code.startsWith('AUTHZ_'),
  )
})

test('policy text errors carry codes and locations; defaults and identifier masking', () => {
  assert.throws(
    () => PolicySet.fromText('permit(role: Wizard, action: read, resource: Patient);', 'x.pol'),
    (e) => e.code === 'AUTHZ_UNKNOWN_ROLE' && e.message.includes('x.pol:1:'),
  )
  assert.throws(() => PolicySet.fromText('permit(', 'y.pol'), (e) => e.code === 'AUTHZ_SYNTAX')
  const again = PolicySet.fromText(defaultPolicyText(), 'default', defaultSchemaJson())
  assert.equal(again.ruleCount, ps.ruleCount)
  const masked = maskIdentifier('dr-ada')
  assert.notEqual(masked, 'dr-ada')
  assert.equal(masked, maskIdentifier('dr-ada'))
})
