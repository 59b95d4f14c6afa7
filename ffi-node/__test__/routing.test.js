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

test('dispatch vectors: nearest unit with reasons, joint assignment', async () => {
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
  assert.deepEqual(await d.nearestUnitsAsync(D.incidents), d.nearestUnits(D.incidents))
  assert.deepEqual(await d.assignAsync(D.incidents), d.assign(D.incidents))
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

const { GeofenceSet, selectHospital, coverage, coverageAsync, isochrone, haversineM } = require('..')

const ANDORRA_LA_VELLA = { lat: 42.5078, lon: 1.5211 }
const ESCALDES = { lat: 42.51, lon: 1.538 }
const ENCAMP = { lat: 42.5345, lon: 1.58 }
const LA_MASSANA = { lat: 42.545, lon: 1.5148 }
const RADIUS = 500

test('graph file round trip, stats, coordinates, batch routes', async () => {
  const g = RoadGraph.bundledAndorra('car')
  const h = RoadGraph.load(g.save())
  assert.equal(h.nodeCount, g.nodeCount)
  assert.equal(g.stats().nodes, g.nodeCount)
  assert.equal(g.stats().edges, g.edgeCount)
  const c = g.coord(0)
  assert.ok(c.lat > 42.4 && c.lat < 42.7 && c.lon > 1.4 && c.lon < 1.8)
  assert.equal(g.coord(1e9), null)
  const qs = Q.queries.slice(0, 30)
  const pairs = qs.map((q) => ({ from: q.from_node, to: q.to_node }))
  const want = qs.map((q) => q.travel_time_ms)
  assert.deepEqual(h.travelTimeBatch(pairs), want)
  const routes = g.routeBatch(pairs)
  const asyncRoutes = await g.routeBatchAsync(pairs)
  assert.deepEqual(routes.map((r) => r?.travelTimeMs ?? null), want)
  assert.deepEqual(asyncRoutes, routes)
  assert.deepEqual(g.oneToMany(pairs[0].from, pairs.map((p) => p.to))[0], want[0])
  assert.deepEqual(await g.matrixAsync([pairs[0].from], [pairs[0].to]), [[want[0]]])
  for (const q of qs.slice(0, 10)) assert.equal(g.dijkstraTravelTime(q.from_node, q.to_node), q.travel_time_ms)
  const r = g.routeBetweenPoints(ANDORRA_LA_VELLA, ENCAMP, RADIUS)
  assert.ok(r.travelTimeS > 60 && r.travelTimeS < 1800, `${r.travelTimeS}`)
  const km = haversineM(ANDORRA_LA_VELLA, ENCAMP) / 1000
  assert.ok(km > 5 && km < 7, `${km}`)
})

test('traffic updates change times exactly as Dijkstra does, and clear back to the vectors', () => {
  const g = RoadGraph.bundledAndorra('car')
  const q = Q.queries.find((x) => x.travel_time_ms !== null && x.travel_time_ms > 60000)
  const r = g.route(q.from_node, q.to_node)
  g.setSpeedFactors(r.edges.map((edge) => ({ edge, factor: 0.25 })))
  const slowed = g.travelTime(q.from_node, q.to_node)
  assert.ok(slowed > q.travel_time_ms)
  assert.equal(slowed, g.dijkstraTravelTime(q.from_node, q.to_node))
  g.setTimeOfDay(8 * 3600)
  assert.equal(g.travelTime(q.from_node, q.to_node), g.dijkstraTravelTime(q.from_node, q.to_node))
  g.setTimeOfDay(3 * 3600, [{ class: 'primary', factors: Array(24).fill(0.5) }])
  assert.equal(g.travelTime(q.from_node, q.to_node), g.dijkstraTravelTime(q.from_node, q.to_node))
  assert.throws(() => g.setTimeOfDay(0, [{ class: 'runway', factors: [] }]), (e) => e.code === 'ERR_INVALID_ARG_VALUE')
  assert.throws(() => g.setSpeedFactors([{ edge: 1e9, factor: 0.5 }]), (e) => typeof e.code === 'string' && e.code.startsWith('ROUTING_'))
  g.clearTraffic()
  assert.equal(g.travelTime(q.from_node, q.to_node), q.travel_time_ms)
})

const hospital = (id, location, extra = {}) => ({ id, name: id, location, bedsAvailable: 5, ...extra })

test('hospital choice: capability, diversion, beds, then time (as the core scenario)', () => {
  const g = RoadGraph.bundledAndorra('emergency')
  const hs = [
    hospital('Escaldes General', ESCALDES, { traumaLevel: 3 }),
    hospital('Andorra Heart', { lat: 42.509, lon: 1.525 }, { pci: true, onDiversion: true, stroke: 'thrombectomy' }),
    hospital('Encamp Cardiac', ENCAMP, { pci: true, stroke: 'primary', paediatric: true }),
    hospital('Massana Trauma', LA_MASSANA, { traumaLevel: 1, burns: true, bedsAvailable: 0 }),
  ]
  const pick = (condition, paediatric = false) => selectHospital(g, ANDORRA_LA_VELLA, { condition, paediatric }, hs, RADIUS)
  const stemi = pick('stemi')
  assert.equal(stemi.hospitalId, 'Encamp Cardiac')
  assert.equal(stemi.basis, 'capable_open')
  assert.match(stemi.reason, /Andorra Heart/)
  assert.match(stemi.reason, /on diversion/)
  assert.match(stemi.reason, /not a PCI centre/)
  assert.equal(stemi.assessments.length, 4)
  assert.equal(pick('stroke_lvo').hospitalId, 'Andorra Heart')
  assert.equal(pick('stroke_lvo').basis, 'capable_despite_diversion')
  const trauma = pick('major_trauma')
  assert.equal(trauma.hospitalId, 'Massana Trauma')
  assert.match(trauma.reason, /level I or II trauma centre/)
  const general = pick('general')
  assert.equal(general.hospitalId, general.assessments.find((a) => a.open).hospitalId)
  assert.equal(pick('general', true).hospitalId, 'Encamp Cardiac')
  assert.equal(pick('burns', true).basis, 'nearest_open')
  assert.equal(stemi.travelTimeS, g.routeBetweenPoints(ANDORRA_LA_VELLA, ENCAMP, RADIUS).travelTimeS)
  assert.throws(() => pick('headache'), (e) => e.code === 'ERR_INVALID_ARG_VALUE')
  assert.throws(
    () => selectHospital(g, ANDORRA_LA_VELLA, { condition: 'general' }, [], RADIUS),
    (e) => typeof e.code === 'string' && e.code.startsWith('ROUTING_'),
  )
})

test('geofences: enter and exit events from a track', () => {
  const set = new GeofenceSet([
    { id: 'ED-bay', polygon: [{ lat: 42.5, lon: 1.52 }, { lat: 42.5, lon: 1.54 }, { lat: 42.52, lon: 1.54 }, { lat: 42.52, lon: 1.52 }] },
  ])
  const fix = (unitId, timestampS, lat, lon) => ({ unitId, timestampS, position: { lat, lon } })
  const track = [
    fix('M1', 0, 42.49, 1.5),
    fix('M2', 0, 42.51, 1.53),
    fix('M1', 30, 42.505, 1.525),
    fix('M1', 60, 42.51, 1.53),
    fix('M1', 90, 42.53, 1.53),
    fix('M2', 30, 42.51, 1.53),
  ]
  const ev = set.processTrack(track)
  assert.deepEqual(ev.map((e) => [e.unitId, e.kind, e.timestampS]), [['M2', 'enter', 0], ['M1', 'enter', 30], ['M1', 'exit', 90]])
  assert.equal(ev[0].geofenceId, 'ED-bay')
  assert.deepEqual(set.containing({ lat: 42.51, lon: 1.53 }), ['ED-bay'])
  assert.deepEqual(set.update(fix('M2', 60, 42.6, 1.6)).map((e) => e.kind), ['exit'])
  set.reset()
  assert.deepEqual(set.update(fix('M1', 120, 42.51, 1.53)).map((e) => e.kind), ['enter'])
  assert.throws(
    () => new GeofenceSet([{ id: 'x', polygon: [{ lat: 42.5, lon: 1.5 }, { lat: 42.5, lon: 1.5 }, { lat: 42.6, lon: 1.5 }] }]),
    (e) => e.code === 'ROUTING_GEOFENCE',
  )
})

test('station coverage grows with time; isochrone; dispatcher ETA and per-incident choices', async () => {
  const g = RoadGraph.bundledAndorra('emergency')
  const stations = [{ id: 'AlV', location: ANDORRA_LA_VELLA }, { id: 'Encamp', location: ENCAMP }]
  const r5 = coverage(g, stations, 5, RADIUS)
  const r10 = await coverageAsync(g, stations, 10, RADIUS)
  assert.ok(r5.coveredNodes < r10.coveredNodes)
  assert.ok(r5.coveredFraction > 0 && r10.coveredFraction <= 1)
  assert.equal(r5.coveredNodes + r5.uncovered.length, g.nodeCount)
  assert.deepEqual(r5.stations.map((s) => s.stationId), ['AlV', 'Encamp'])
  assert.deepEqual([...isochrone(g, ANDORRA_LA_VELLA, 5, RADIUS)].sort((a, b) => a - b), [...r5.stations[0].nodes].sort((a, b) => a - b))
  const units = D.units.map((u) => ({
    id: u.id,
    unitType: u.unit_type,
    status: u.status,
    lastFix: { position: u.last_fix.position, headingDeg: u.last_fix.heading_deg ?? undefined, timestampS: u.last_fix.timestamp_s },
  }))
  const d = new Dispatcher(g, units, Number(D.snap_radius_m))
  const cs = d.nearestUnits(D.incidents)
  cs.forEach((c, i) => assert.equal(c.unitId ?? null, D.expected_nearest[i].unit_id))
  const first = cs.find((c) => c.unitId)
  const inc = D.incidents.find((i) => i.id === first.incidentId)
  assert.equal(d.eta(first.unitId, inc.location).travelTimeMs, first.etaMs)
  assert.throws(() => d.eta('no-such-unit', ESCALDES), (e) => typeof e.code === 'string' && e.code.startsWith('ROUTING_'))
})
