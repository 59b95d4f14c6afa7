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

// Pricing, invoices and adjudication over the shared vectors, in the core's JSON shape with
// money as decimal strings, compared exactly (as core/billing/tests/*_vectors.rs do).
const { Pricer, Invoice, Plan, invoiceTotals } = require('..')

// A decimal string without insignificant zeros ("1000.00" -> "1000", "-0" -> "0").
function dec(s) {
  assert.equal(typeof s, 'string', `${s} is a decimal string`)
  assert.match(s, /^-?\d+(\.\d+)?$/)
  let t = s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s
  if (/^-0$/.test(t)) t = '0'
  return t
}
const sameDec = (got, want, msg) => assert.equal(dec(got), dec(want), msg)

test('IPPS pricing vectors (single, batch and async batch)', async () => {
  const P = loadVectors('billing_pricing.json')
  const pricer = Pricer.embedded()
  const check = (c, got) => {
    for (const [k, want] of Object.entries(c.expected)) {
      if (/^-?\d+(\.\d+)?$/.test(want)) sameDec(got[k], want, `${c.name}: ${k}`)
      else assert.equal(got[k], want, `${c.name}: ${k}`)
    }
  }
  for (const c of P.cases) check(c, pricer.price(c.input))
  const batch = pricer.priceBatch(P.cases.map((c) => c.input))
  const asyncBatch = await pricer.priceBatchAsync(P.cases.map((c) => c.input))
  P.cases.forEach((c, i) => {
    check(c, batch[i].value)
    assert.deepEqual(asyncBatch[i], batch[i])
  })
  const base = { fiscal_year: 2023, drg: 39, length_of_stay: 3, provider: { wage_index: '1' } }
  assert.throws(() => pricer.price(base), (e) => e.code === 'BILLING_UNKNOWN_FISCAL_YEAR')
  const [bad] = pricer.priceBatch([{ ...base, fiscal_year: 2025 }])
  assert.equal(bad.error.code, 'BILLING_UNKNOWN_DRG')
  assert.throws(
    () => pricer.price({ ...base, fiscal_year: 2025, weight: 1.1382 }),
    (e) => e.code === 'ERR_INVALID_ARG_VALUE' && e.message.includes('decimal strings'),
    'binary floats are refused',
  )
})

test('invoice vectors: totals exact to the cent', () => {
  const V = loadVectors('billing_invoices.json')
  for (const c of V.cases) {
    const t = invoiceTotals(c.invoice)
    assert.deepEqual(new Invoice(c.invoice).totals(), t)
    for (const k of ['subtotal', 'discount', 'net', 'tax', 'total']) sameDec(t[k], c.expected[k], `${c.name} ${k}`)
    for (const [field, key] of [['line_gross', 'gross'], ['line_net', 'net'], ['line_tax', 'tax'], ['line_total', 'total']]) {
      if (c.expected[field]) assert.deepEqual(t.lines.map((l) => dec(l[key])), c.expected[field].map(dec), `${c.name} ${field}`)
    }
  }
})

test('invoice transitions: issue, pay, credit, refund, void with error codes', () => {
  const V = loadVectors('billing_invoices.json')
  const tr = V.transitions
  const inv = new Invoice(V.cases.find((c) => c.invoice.id === tr.invoice).invoice)
  assert.equal(inv.status, 'draft')
  tr.steps.forEach((step, i) => {
    const id = `s${i}`
    const method = step.method ?? 'cash'
    const run = {
      issue: () => inv.issue(),
      pay: () => inv.recordPayment({ id, amount: step.amount, method }),
      credit: () => inv.credit({ id, amount: step.amount }),
      refund: () => inv.refund({ id, amount: step.amount, method }),
      void: () => { inv.void(); return inv.totals() },
    }[step.action]
    if (step.error) {
      assert.throws(run, (e) => e.code === step.error, `step ${i}`)
    } else {
      const t = run()
      assert.equal(inv.status, step.status, `step ${i}`)
      sameDec(t.balance, step.balance, `step ${i}`)
    }
  })
  assert.equal(inv.toJSON().id, tr.invoice)
  const draft = Invoice.draft('INV-9', 'EUR')
  draft.addLine({ id: '1', kind: 'consultation', quantity: '2', unit_price: '45.50' })
  sameDec(draft.totals().total, '91')
  assert.equal(draft.removeLine('1').id, '1')
  assert.throws(() => draft.addLine({ id: '2', kind: 'supply', quantity: '1', unit_price: 0.1 }), (e) => e.code === 'ERR_INVALID_ARG_VALUE')
  assert.throws(() => Invoice.draft('x', 'XXX1'), (e) => typeof e.code === 'string')
})

test('adjudication vectors: a plan year exact to the cent, accumulators carried', () => {
  const A = loadVectors('billing_adjudication.json')
  const plan = new Plan(A.plan)
  let acc
  const all = []
  for (const sc of A.scenarios) {
    const { adjudication, accumulators } = plan.adjudicate(sc.claim, acc)
    acc = accumulators
    all.push(adjudication)
    assert.equal(adjudication.lines.length, sc.lines.length, sc.name)
    adjudication.lines.forEach((got, i) => {
      const want = sc.lines[i]
      const ctx = `${sc.name} / ${got.line_id}`
      assert.equal(got.line_id, want.id, ctx)
      for (const [k, w] of [['allowed', 'allowed'], ['deductible', 'deductible'], ['copay', 'copay'], ['coinsurance', 'coinsurance'], ['plan_pays', 'plan'], ['patient_pays', 'patient']]) {
        sameDec(got[k], want[w], `${ctx} ${k}`)
      }
      assert.deepEqual(
        got.adjustments.map((a) => `${a.group}-${a.code} ${dec(a.amount)}`),
        want.adjustments.map((s) => { const [k, amt] = s.split(' '); return `${k} ${dec(amt)}` }),
        `${ctx} adjustments`,
      )
    })
    for (const [k, w] of Object.entries(sc.summary)) sameDec(adjudication.summary[k], w, `${sc.name} summary ${k}`)
  }
  const fa = A.final_accumulators
  sameDec(acc.family_deductible, fa.family_deductible)
  sameDec(acc.family_out_of_pocket, fa.family_out_of_pocket)
  for (const [m, want] of Object.entries(fa.members)) {
    sameDec(acc.members[m].deductible, want.deductible, `member ${m}`)
    sameDec(acc.members[m].out_of_pocket, want.out_of_pocket, `member ${m}`)
  }
  // The whole year in one call gives the same.
  const many = plan.adjudicateMany(A.scenarios.map((s) => s.claim))
  assert.deepEqual(many.adjudications, all)
  assert.deepEqual(many.accumulators, acc)
  // A bad claim changes nothing; a bad plan is refused.
  const bad = structuredClone(A.scenarios[0].claim)
  bad.lines[2].billed = '-1'
  assert.throws(() => plan.adjudicate(bad), (e) => e.code === 'BILLING_INVALID_VALUE')
  assert.throws(() => new Plan({ ...A.plan, coinsurance: '2' }), (e) => e.code === 'BILLING_INVALID_VALUE')
})
