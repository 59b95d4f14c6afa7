// Routing through the Kotlin bindings: the shared vectors testdata/vectors/routing_queries.json
// (200 travel times on the bundled Andorra map, one batch call, checked against single queries,
// the matrix and plain Dijkstra) and routing_dispatch.json (nearest units with their reasons and
// the assignment), then routes, snapping, a prepared file round trip, live traffic, hospital
// choice, coverage and geofences, and the error mapping.
package org.medcore.tests

import org.medcore.DispatchUnit
import org.medcore.Dispatcher
import org.medcore.GeofenceDef
import org.medcore.GeofenceEventKind
import org.medcore.GeofenceSet
import org.medcore.GpsFix
import org.medcore.Hospital
import org.medcore.Incident
import org.medcore.IncidentPriority
import org.medcore.LatLon
import org.medcore.MedcoreException
import org.medcore.PatientCondition
import org.medcore.PatientNeeds
import org.medcore.RoutingGraph
import org.medcore.RoutingPair
import org.medcore.RoutingProfile
import org.medcore.RoutingSpeedFactor
import org.medcore.SelectionBasis
import org.medcore.Station
import org.medcore.TrackPoint
import org.medcore.UnitStatus
import org.medcore.DispatchUnitType
import org.medcore.routingCoverage
import org.medcore.routingHaversineM
import org.medcore.routingIsochrone
import org.medcore.routingSelectHospital
import java.io.File
import kotlin.math.abs
import kotlin.math.roundToLong

@Suppress("UNCHECKED_CAST")
private fun latLon(v: Any?): LatLon {
    val m = v as Map<String, Any?>
    return LatLon(m["lat"] as Double, m["lon"] as Double)
}

private fun u32(v: Any?): UInt? = (v as Double?)?.toLong()?.toUInt()

private val carGraph: RoutingGraph by lazy { RoutingGraph.andorra(RoutingProfile.CAR) }
private val emergencyGraph: RoutingGraph by lazy { RoutingGraph.andorra(RoutingProfile.EMERGENCY) }

@Suppress("UNCHECKED_CAST")
private fun queryVectors(dir: File) {
    val file = Json.parse(File(dir, "routing_queries.json").readText()) as Map<String, Any?>
    val g = carGraph
    check(g.numNodes() == u32(file["nodes"]) && g.numEdges() == u32(file["edges"])) { "graph ${g.numNodes()} ${g.numEdges()}" }
    val queries = file["queries"] as List<Map<String, Any?>>
    check(queries.size >= 200) { "only ${queries.size} routing queries" }
    val pairs = queries.map { RoutingPair(u32(it["from_node"])!!, u32(it["to_node"])!!) }
    val got = g.travelTimeBatch(pairs)
    for ((q, t) in queries.zip(got)) {
        check(t == u32(q["travel_time_ms"])) { "travel time $q: $t" }
    }
    // Single queries, routes, Dijkstra and the matrix agree with the batch on a sample.
    val sample = pairs.take(12)
    for ((i, p) in sample.withIndex()) {
        check(g.travelTime(p.from, p.to) == got[i]) { "single $p" }
        check(g.dijkstraTravelTime(p.from, p.to) == got[i]) { "dijkstra $p" }
        val r = g.route(p.from, p.to)
        check(r?.travelTimeMs == got[i]) { "route $p: ${r?.travelTimeMs}" }
        if (r != null) {
            check(r.nodes.first() == p.from && r.nodes.last() == p.to && r.edges.size == r.nodes.size - 1) { "route nodes $p" }
            check(r.distanceM > 0.0 && r.coordinates.size >= 2 && abs(r.travelTimeS * 1000 - r.travelTimeMs.toDouble()) < 1.0) { "route $p" }
        }
    }
    val sources = sample.map { it.from }
    val targets = sample.map { it.to }
    val m = g.matrix(sources, targets)
    for (i in sources.indices) {
        check(m[i][i] == got[i]) { "matrix ($i, $i) ${m[i][i]}" }
    }
    check(g.oneToMany(sources[0], targets) == m[0]) { "one to many" }
    check(g.routeBatch(sample).map { it?.travelTimeMs } == got.take(12)) { "route batch" }
}

@Suppress("UNCHECKED_CAST")
private fun dispatchVectors(dir: File) {
    val file = Json.parse(File(dir, "routing_dispatch.json").readText()) as Map<String, Any?>
    check(file["profile"] == "emergency") { "profile ${file["profile"]}" }
    val units = (file["units"] as List<Map<String, Any?>>).map { u ->
        val fix = u["last_fix"] as Map<String, Any?>
        DispatchUnit(
            id = u["id"] as String,
            unitType = DispatchUnitType.valueOf((u["unit_type"] as String).uppercase()),
            status = UnitStatus.valueOf((u["status"] as String).uppercase()),
            lastFix = GpsFix(latLon(fix["position"]), fix["heading_deg"] as Double?, (fix["timestamp_s"] as Double).toLong()),
        )
    }
    val incidents = (file["incidents"] as List<Map<String, Any?>>).map {
        Incident(it["id"] as String, latLon(it["location"]), IncidentPriority.valueOf((it["priority"] as String).uppercase()))
    }
    val d = Dispatcher(emergencyGraph, units, file["snap_radius_m"] as Double)
    check(d.unplaced().isEmpty()) { "unplaced ${d.unplaced()}" }
    val expected = file["expected_nearest"] as List<Map<String, Any?>>
    val all = d.nearestUnits(incidents)
    for ((i, e) in expected.withIndex()) {
        val c = d.nearestUnit(incidents[i])
        check(c == all[i]) { "nearest single and batch differ for ${e["incident_id"]}" }
        check(c.incidentId == e["incident_id"] && c.unitId == e["unit_id"]) { "nearest $c" }
        check(c.etaMs == u32(e["eta_ms"]) && c.reason == e["reason"]) { "nearest $c, expected $e" }
    }
    val plan = d.assign(incidents)
    val exp = file["expected_assignment"] as Map<String, Any?>
    check((plan.totalResponseS * 1000.0).roundToLong() == (exp["total_response_ms"] as Double).toLong()) { "total ${plan.totalResponseS}" }
    for ((c, e) in plan.choices.zip(exp["choices"] as List<Map<String, Any?>>)) {
        check(c.unitId == e["unit_id"] && c.etaMs == u32(e["eta_ms"])) { "assignment $c, expected $e" }
    }
    // The ETA of the chosen unit is its route time.
    val first = all[0]
    val eta = d.eta(first.unitId!!, incidents[0].location)
    check(eta?.travelTimeMs == first.etaMs) { "eta ${eta?.travelTimeMs} vs ${first.etaMs}" }
}

fun routingVectors(dir: File) {
    queryVectors(dir)
    dispatchVectors(dir)
}

fun routingApi() {
    val g = carGraph
    val a = LatLon(42.5078, 1.5211) // Andorra la Vella
    val b = LatLon(42.5345, 1.58) // Encamp
    val s = g.snap(a, null, 200.0)
    check(s.distanceM < 200.0 && s.fraction in 0.0..1.0 && s.edge < g.numEdges()) { "snap $s" }
    val r = g.routeBetweenPoints(a, b, 200.0)!!
    check(r.travelTimeS > 60.0 && r.distanceM > routingHaversineM(a, b)) { "route between points $r" }
    check(abs(routingHaversineM(a, b) - 5.5e3) < 1.0e3) { "haversine ${routingHaversineM(a, b)}" }
    check(g.coord(s.fromNode) != null && g.coord(g.numNodes()) == null) { "coord" }
    check(g.stats().nodes == g.numNodes()) { "stats" }

    // A prepared file round trip gives the same answers.
    val copy = RoutingGraph.load(g.save())
    check(copy.travelTime(276u, 1676u) == g.travelTime(276u, 1676u)) { "loaded graph" }

    // Live traffic on a copy: slowing the route's edges makes it slower; clearing restores it.
    val base = copy.route(276u, 1676u)!!
    copy.setSpeedFactors(base.edges.map { RoutingSpeedFactor(it, 0.5) })
    val slow = copy.travelTime(276u, 1676u)!!
    check(slow > base.travelTimeMs && slow == copy.dijkstraTravelTime(276u, 1676u)) { "traffic $slow vs ${base.travelTimeMs}" }
    copy.clearTraffic()
    check(copy.travelTime(276u, 1676u) == base.travelTimeMs) { "clear traffic" }
    copy.setTimeOfDay(8u * 3600u, null)
    check(copy.travelTime(276u, 1676u)!! >= base.travelTimeMs) { "rush hour" }
    try {
        copy.setSpeedFactors(listOf(RoutingSpeedFactor(1u, -2.0)))
        check(false) { "a negative speed factor was accepted" }
    } catch (e: MedcoreException.Routing) {
        check(e.code == "ROUTING_TRAFFIC") { "traffic error ${e.message}" }
    }

    // Hospital choice: a STEMI goes to the cath lab, anything else to the nearest open hospital.
    val near = Hospital(id = "H1", name = "Near", location = LatLon(42.506, 1.519), bedsAvailable = 5u)
    val pci = Hospital(id = "H2", name = "Cath lab", location = LatLon(42.5345, 1.58), pci = true, bedsAvailable = 5u)
    val stemi = routingSelectHospital(g, a, PatientNeeds(PatientCondition.STEMI), listOf(near, pci))
    check(stemi.hospitalId == "H2" && stemi.basis == SelectionBasis.CAPABLE_OPEN && stemi.assessments.size == 2) { "stemi $stemi" }
    val general = routingSelectHospital(g, a, PatientNeeds(PatientCondition.GENERAL), listOf(near, pci))
    check(general.hospitalId == "H1" && general.travelTimeS <= stemi.travelTimeS) { "general $general" }
    val diverted = routingSelectHospital(g, a, PatientNeeds(PatientCondition.STEMI), listOf(near, pci.copy(onDiversion = true)))
    check(diverted.hospitalId == "H2" && diverted.basis == SelectionBasis.CAPABLE_DESPITE_DIVERSION) { "diverted $diverted" }

    // Coverage and isochrones.
    val iso = routingIsochrone(g, a, 5.0)
    val cov = routingCoverage(g, listOf(Station("S1", a)), 5.0)
    check(iso.isNotEmpty() && cov.stations[0].nodes == iso.sorted()) { "coverage ${cov.coveredNodes} vs ${iso.size}" }
    check(cov.coveredNodes.toInt() + cov.uncovered.size == g.numNodes().toInt()) { "coverage gap" }

    // Geofences.
    val fence = GeofenceSet(
        listOf(GeofenceDef("centre", listOf(LatLon(42.50, 1.51), LatLon(42.50, 1.53), LatLon(42.52, 1.53), LatLon(42.52, 1.51)))),
    )
    check(fence.containing(LatLon(42.51, 1.52)) == listOf("centre") && fence.containing(b).isEmpty()) { "containing" }
    val ev = fence.processTrack(
        listOf(
            TrackPoint("M1", 1, LatLon(42.48, 1.50)),
            TrackPoint("M1", 2, LatLon(42.51, 1.52)),
            TrackPoint("M1", 3, LatLon(42.53, 1.55)),
        ),
    )
    check(ev.map { it.kind } == listOf(GeofenceEventKind.ENTER, GeofenceEventKind.EXIT) && ev[0].timestampS == 2L) { "events $ev" }
    fence.reset()
    check(fence.update(TrackPoint("M1", 4, LatLon(42.51, 1.52))).single().kind == GeofenceEventKind.ENTER) { "after reset" }
    try {
        GeofenceSet(listOf(GeofenceDef("bad", listOf(a, b))))
        check(false) { "a two-point fence was accepted" }
    } catch (e: MedcoreException.Routing) {
        check(e.code == "ROUTING_GEOFENCE") { "geofence error ${e.message}" }
    }

    // Errors.
    try {
        g.travelTime(0u, 999999u)
        check(false) { "an unknown node was accepted" }
    } catch (e: MedcoreException.Routing) {
        check(e.code == "ROUTING_NODE_OUT_OF_RANGE" && e.detail.contains("999999")) { "node error ${e.message}" }
    }
    try {
        g.snap(LatLon(0.0, 0.0), null, 100.0)
        check(false) { "a position far from any road snapped" }
    } catch (e: MedcoreException.Routing) {
        check(e.code == "ROUTING_NO_ROAD_NEARBY") { "snap error ${e.message}" }
    }
    try {
        RoutingGraph.load(byteArrayOf(1, 2, 3))
        check(false) { "garbage loaded as a graph" }
    } catch (e: MedcoreException.Routing) {
        check(e.code == "ROUTING_GRAPH_FILE") { "load error ${e.message}" }
    }
}
