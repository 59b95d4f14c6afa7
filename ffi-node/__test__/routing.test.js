'use strict'
// Routing over the shared vectors (testdata/vectors/routing_*.json: travel times on the
// bundled Andorra map and dispatch), run as core/routing/tests/vectors.rs runs them.
const test = require('node:test')
const assert = require('node:assert/strict')
const { RoadGraph, Dispatcher } = require('..')
const { loadVectors } = require('./helpers')

const Q = loadVectors('routing_queries.json')
const D = loadVectors('routing_dispatch.json')

test('query vectors: travel times (batch, async batch, single) on the bundled map', async () => {
  const g = RoadGraph.bundledAndorra('car')
  assert.equal(g.nodeCount, Number(Q.nodes))
  assert.ok(Q.queries.length >= 200)
  const pairs = Q.queries.map((q) => ({ from: q.from_node, to: q.to_node }))
  const want = Q.queries.map((q) => q.travel_time_ms)
  assert.deepEqual(g.travelTimeBatch(pairs), want)
  assert.deepEqual(await g.travelTimeBatchAsync(pairs), want)
  for (const q of Q.queries.slice(0, 20)) {
    assert.equal(g.travelTime(q.from_node, q.to_node), q.travel_time_ms)
    const r = g.route(q.from_node, q.to_node)
    if (q.travel_time_ms === null) assert.equal(r, null)
    else {
      assert.equal(r.travelTimeMs, q.travel_time_ms)
      assert.equal(r.nodes[0], q.from_node)
      assert.equal(r.nodes[r.nodes.length - 1], q.to_node)
    }
  }
  const m = g.matrix(pairs.slice(0, 3).map((p) => p.from), pairs.slice(0, 3).map((p) => p.to))
  for (let i = 0; i < 3; i++) assert.equal(m[i][i], want[i])
})

test('dispatch vectors: nearest unit with reasons, joint assignment', () => {
  const g = RoadGraph.bundledAndorra('emergency')
  const units = D.units.map((u) => ({
    id: u.id,
    unitType: u.unit_type,
    status: u.status,
    lastFix: { position: u.last_fix.position, headingDeg: u.last_fix.heading_deg ?? undefined, timestampS: u.last_fix.timestamp_s },
  }))
  const d = new Dispatcher(g, units, Number(D.snap_radius_m))
  D.incidents.forEach((inc, i) => {
    const exp = D.expected_nearest[i]
    const c = d.nearestUnit(inc)
    assert.equal(c.unitId ?? null, exp.unit_id)
    assert.equal(c.etaMs ?? null, exp.eta_ms)
    assert.equal(c.reason, exp.reason)
  })
  const plan = d.assign(D.incidents)
  const exp = D.expected_assignment
  assert.equal(Math.round(plan.totalResponseS * 1000), exp.total_response_ms)
  plan.choices.forEach((c, i) => {
    assert.equal(c.unitId ?? null, exp.choices[i].unit_id)
    assert.equal(c.etaMs ?? null, exp.choices[i].eta_ms)
  })
})

test('errors carry codes', () => {
  assert.throws(() => RoadGraph.bundledAndorra('bicycle'), (e) => e.code === 'ERR_INVALID_ARG_VALUE')
  assert.throws(() => RoadGraph.load(Buffer.from('not a graph')), (e) => typeof e.code === 'string' && e.code.startsWith('ROUTING_'))
  const g = RoadGraph.bundledAndorra()
  assert.throws(() => g.travelTime(0, 1e9), (e) => typeof e.code === 'string' && e.code.startsWith('ROUTING_'))
})
