//! Routing (medcore-routing) in the C ABI.
//!
//! A road graph is an opaque handle (`medcore_routing_graph`: the bundled Andorra map prepared
//! for a profile, or a prepared graph file). Travel times, routes between two points and
//! matrices use native types (node ids, `medcore_routing_latlon`, integer milliseconds);
//! fleets, incidents, hospitals, geofences and traffic are JSON text (the core serde types).
//! Queries take the graph as `const`; traffic updates take it mutably and are synchronised
//! with queries by a lock inside the handle.

use crate::ffi::{boundary, bytes, cstr, handle, status, write, Failure};
use crate::json::{self, write_json};
use crate::medcore_status;
use crate::strings::medcore_string_list;
use medcore::routing::{
    self, bundled_andorra, load_prepared, save_prepared, Dispatcher, EdgeSpeedFactor, GeofenceDef,
    GeofenceSet, Hospital, Incident, LatLon, PatientNeeds, PreparedGraph, Profile, RoutingError,
    TimeOfDayProfile, TrackPoint, Unit,
};
use std::ffi::c_char;
use std::sync::{RwLock, RwLockReadGuard};

/// A travel time that does not exist (the target cannot be reached).
pub const MEDCORE_ROUTING_UNREACHABLE: u32 = u32::MAX;

impl From<RoutingError> for Failure {
    fn from(e: RoutingError) -> Failure {
        Failure::core(e.code(), e.to_string())
    }
}

/// A position in WGS 84 degrees.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct medcore_routing_latlon {
    /// Latitude, degrees.
    pub lat: f64,
    /// Longitude, degrees.
    pub lon: f64,
}

impl From<medcore_routing_latlon> for LatLon {
    fn from(p: medcore_routing_latlon) -> LatLon {
        LatLon {
            lat: p.lat,
            lon: p.lon,
        }
    }
}

/// A prepared road graph. Free with `medcore_routing_graph_free`.
pub struct medcore_routing_graph {
    inner: RwLock<PreparedGraph>,
}

impl medcore_routing_graph {
    fn new_handle(g: PreparedGraph) -> *mut medcore_routing_graph {
        Box::into_raw(Box::new(medcore_routing_graph {
            inner: RwLock::new(g),
        }))
    }

    fn read(&self) -> RwLockReadGuard<'_, PreparedGraph> {
        match self.inner.read() {
            Ok(g) => g,
            Err(p) => p.into_inner(),
        }
    }

    fn update<R>(&self, f: impl FnOnce(&mut PreparedGraph) -> R) -> R {
        match self.inner.write() {
            Ok(mut g) => f(&mut g),
            Err(p) => f(&mut p.into_inner()),
        }
    }
}

/// The bundled Andorra map (OpenStreetMap, ODbL) imported and prepared for `profile`: `"car"`
/// or `"emergency"`. `*out` receives a new caller-owned graph. Preparation takes about a
/// second in an optimised build: keep the graph.
///
/// # Safety
/// `profile` NUL-terminated; `out` valid for writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_routing_graph_new_andorra(
    profile: *const c_char,
    out: *mut *mut medcore_routing_graph,
) -> medcore_status {
    status(|| {
        let p = match unsafe { cstr(profile, "profile")? } {
            "car" => Profile::car(),
            "emergency" => Profile::emergency(),
            other => {
                return Err(Failure::invalid(format!(
                    "profile `{other}` is not known: use `car` or `emergency`"
                )))
            }
        };
        let g = bundled_andorra(&p)?;
        unsafe { write(out, medcore_routing_graph::new_handle(g), "out") }
    })
}

/// A graph from a prepared graph file (the bytes `medcore_routing_graph_save` writes; `data`
/// is borrowed for the call). A damaged or foreign file is `MEDCORE_ROUTING_GRAPH_FILE`.
/// `*out` receives a new caller-owned graph.
///
/// # Safety
/// `data` points to `len` bytes; `out` valid for writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_routing_graph_load(
    data: *const u8,
    len: usize,
    out: *mut *mut medcore_routing_graph,
) -> medcore_status {
    status(|| {
        let b = unsafe { bytes(data, len, "data")? };
        let g = load_prepared(b)?;
        unsafe { write(out, medcore_routing_graph::new_handle(g), "out") }
    })
}

/// The graph as a prepared graph file: `*out_data` receives a new caller-owned buffer of
/// `*out_len` bytes, freed with `medcore_bytes_free(data, len)`.
///
/// # Safety
/// `graph` a live graph; `out_data` and `out_len` valid for writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_routing_graph_save(
    graph: *const medcore_routing_graph,
    out_data: *mut *mut u8,
    out_len: *mut usize,
) -> medcore_status {
    status(|| {
        let g = unsafe { handle(graph, "graph")? };
        if out_data.is_null() || out_len.is_null() {
            return Err(Failure::invalid("`out_data` or `out_len` is NULL"));
        }
        let data = save_prepared(&g.read()).into_boxed_slice();
        let len = data.len();
        let ptr = Box::into_raw(data).cast::<u8>();
        unsafe {
            out_data.write(ptr);
            out_len.write(len);
        }
        Ok(())
    })
}

/// Frees a buffer returned by medcore with its length. NULL is allowed.
///
/// # Safety
/// `data` NULL or a buffer of `len` bytes returned by medcore and not freed yet.
#[no_mangle]
pub unsafe extern "C" fn medcore_bytes_free(data: *mut u8, len: usize) {
    boundary(|| {
        if !data.is_null() {
            // SAFETY: made by Box::into_raw of a boxed slice of `len` bytes.
            drop(unsafe { Box::from_raw(std::ptr::slice_from_raw_parts_mut(data, len)) });
        }
    })
}

/// The number of nodes (junctions) of the graph; 0 for NULL.
///
/// # Safety
/// `graph` NULL or a live graph.
#[no_mangle]
pub unsafe extern "C" fn medcore_routing_graph_node_count(
    graph: *const medcore_routing_graph,
) -> usize {
    boundary(|| unsafe { graph.as_ref() }.map_or(0, |g| g.read().graph().num_nodes() as usize))
}

/// Frees a graph. NULL is allowed.
///
/// # Safety
/// `graph` NULL or a live graph not used afterwards.
#[no_mangle]
pub unsafe extern "C" fn medcore_routing_graph_free(graph: *mut medcore_routing_graph) {
    boundary(|| {
        if !graph.is_null() {
            // SAFETY: made by Box::into_raw in `new_handle`.
            drop(unsafe { Box::from_raw(graph) });
        }
    })
}

/// The travel time between two nodes, integer milliseconds, into `*out_ms`
/// (`MEDCORE_ROUTING_UNREACHABLE` when there is no path). A node id out of range is
/// `MEDCORE_ROUTING_NODE_OUT_OF_RANGE`.
///
/// # Safety
/// `graph` a live graph; `out_ms` valid for writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_routing_travel_time(
    graph: *const medcore_routing_graph,
    from_node: u32,
    to_node: u32,
    out_ms: *mut u32,
) -> medcore_status {
    status(|| {
        let g = unsafe { handle(graph, "graph")? };
        let t = g.read().travel_time(from_node, to_node)?;
        unsafe { write(out_ms, t.unwrap_or(MEDCORE_ROUTING_UNREACHABLE), "out_ms") }
    })
}

/// Travel times for `count` node pairs `(from_nodes[i], to_nodes[i])` into `out_ms[i]`
/// (`MEDCORE_ROUTING_UNREACHABLE` when there is no path).
///
/// # Safety
/// `graph` a live graph; the three arrays hold `count` items.
#[no_mangle]
pub unsafe extern "C" fn medcore_routing_travel_time_batch(
    graph: *const medcore_routing_graph,
    from_nodes: *const u32,
    to_nodes: *const u32,
    count: usize,
    out_ms: *mut u32,
) -> medcore_status {
    status(|| {
        let g = unsafe { handle(graph, "graph")? };
        if count == 0 {
            return Ok(());
        }
        if from_nodes.is_null() || to_nodes.is_null() || out_ms.is_null() {
            return Err(Failure::invalid(
                "a NULL array was passed to travel_time_batch",
            ));
        }
        // SAFETY: the caller guarantees `count` items in each array.
        let (from, to) = unsafe {
            (
                std::slice::from_raw_parts(from_nodes, count),
                std::slice::from_raw_parts(to_nodes, count),
            )
        };
        let pairs: Vec<(u32, u32)> = from.iter().copied().zip(to.iter().copied()).collect();
        let times = g.read().travel_time_batch(&pairs)?;
        for (i, t) in times.into_iter().enumerate() {
            // SAFETY: `count` writable entries.
            unsafe {
                out_ms
                    .add(i)
                    .write(t.unwrap_or(MEDCORE_ROUTING_UNREACHABLE))
            };
        }
        Ok(())
    })
}

/// A route's figures.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct medcore_routing_route_summary {
    /// 1 when a route exists; the other fields are 0 otherwise.
    pub found: u8,
    /// Travel time, integer milliseconds.
    pub travel_time_ms: u32,
    /// Length, metres.
    pub distance_m: f64,
    /// The number of graph nodes on the route.
    pub node_count: usize,
    /// The number of points of the route's polyline.
    pub coordinate_count: usize,
}

unsafe fn write_route(
    route: Option<routing::Route>,
    out: *mut medcore_routing_route_summary,
    out_json: *mut *mut c_char,
) -> Result<(), Failure> {
    let summary = match &route {
        Some(r) => medcore_routing_route_summary {
            found: 1,
            travel_time_ms: r.travel_time_ms,
            distance_m: r.distance_m,
            node_count: r.nodes.len(),
            coordinate_count: r.coordinates.len(),
        },
        None => medcore_routing_route_summary {
            found: 0,
            travel_time_ms: 0,
            distance_m: 0.0,
            node_count: 0,
            coordinate_count: 0,
        },
    };
    unsafe { write(out, summary, "out")? };
    if !out_json.is_null() {
        unsafe { write_json(&route, out_json)? };
    }
    Ok(())
}

/// The fastest route between two positions, each snapped to the road within `radius_m`
/// metres (`MEDCORE_ROUTING_NO_ROAD_NEARBY` when there is none). `*out` receives the figures;
/// when `out_json` is not NULL it receives a new caller-owned string with the whole route
/// (`null` when none): `{travel_time_ms, travel_time_s, distance_m, nodes: [..], edges: [..],
/// coordinates: [{lat, lon}, ..]}`.
///
/// # Safety
/// `graph` a live graph; `out` valid for writes; `out_json` NULL or valid for writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_routing_route(
    graph: *const medcore_routing_graph,
    from: medcore_routing_latlon,
    to: medcore_routing_latlon,
    radius_m: f64,
    out: *mut medcore_routing_route_summary,
    out_json: *mut *mut c_char,
) -> medcore_status {
    status(|| {
        let g = unsafe { handle(graph, "graph")? };
        let r = g
            .read()
            .route_between_points(from.into(), to.into(), radius_m)?;
        unsafe { write_route(r, out, out_json) }
    })
}

/// The fastest route between two nodes (as `medcore_routing_route`).
///
/// # Safety
/// `graph` a live graph; `out` valid for writes; `out_json` NULL or valid for writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_routing_route_nodes(
    graph: *const medcore_routing_graph,
    from_node: u32,
    to_node: u32,
    out: *mut medcore_routing_route_summary,
    out_json: *mut *mut c_char,
) -> medcore_status {
    status(|| {
        let g = unsafe { handle(graph, "graph")? };
        let r = g.read().route(from_node, to_node)?;
        unsafe { write_route(r, out, out_json) }
    })
}

/// The travel-time matrix from `source_count` source nodes to `target_count` target nodes:
/// `out_ms[i * target_count + j]` receives the time from source i to target j
/// (`MEDCORE_ROUTING_UNREACHABLE` when there is no path).
///
/// # Safety
/// `graph` a live graph; the arrays hold their counts; `out_ms` holds `source_count *
/// target_count` items.
#[no_mangle]
pub unsafe extern "C" fn medcore_routing_matrix(
    graph: *const medcore_routing_graph,
    sources: *const u32,
    source_count: usize,
    targets: *const u32,
    target_count: usize,
    out_ms: *mut u32,
) -> medcore_status {
    status(|| {
        let g = unsafe { handle(graph, "graph")? };
        let n = source_count
            .checked_mul(target_count)
            .ok_or_else(|| Failure::invalid("the matrix is too large"))?;
        if n == 0 {
            return Ok(());
        }
        if sources.is_null() || targets.is_null() || out_ms.is_null() {
            return Err(Failure::invalid("a NULL array was passed to matrix"));
        }
        // SAFETY: the caller guarantees the counts.
        let (s, t) = unsafe {
            (
                std::slice::from_raw_parts(sources, source_count),
                std::slice::from_raw_parts(targets, target_count),
            )
        };
        let m = g.read().matrix(s, t)?;
        for i in 0..source_count {
            for j in 0..target_count {
                let v = m.get(i, j).unwrap_or(MEDCORE_ROUTING_UNREACHABLE);
                // SAFETY: `n` writable entries; i * target_count + j < n.
                unsafe { out_ms.add(i * target_count + j).write(v) };
            }
        }
        Ok(())
    })
}

/// Snaps a position to the nearest road within `radius_m` metres (optionally matching a
/// heading, degrees; NAN: none). `*out_json` receives a new caller-owned string: the snap
/// (`{edge, from_node, to_node, fraction, position: {lat, lon}, distance_m, ...}`).
///
/// # Safety
/// `graph` a live graph; `out_json` valid for writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_routing_snap(
    graph: *const medcore_routing_graph,
    position: medcore_routing_latlon,
    heading_deg: f64,
    radius_m: f64,
    out_json: *mut *mut c_char,
) -> medcore_status {
    status(|| {
        let g = unsafe { handle(graph, "graph")? };
        let heading = (!heading_deg.is_nan()).then_some(heading_deg);
        let s = g.read().snap(position.into(), heading, radius_m)?;
        unsafe { write_json(&s, out_json) }
    })
}

/// Speed factors on edges (live traffic): `factors_json` is `[{edge, factor}, ..]` (1 = free
/// flow, 0.5 = half speed, 0 = closed). Re-customizes the graph (exact; the node order stays).
///
/// # Safety
/// `graph` a live graph not used by other threads meanwhile only through this API;
/// `factors_json` NUL-terminated.
#[no_mangle]
pub unsafe extern "C" fn medcore_routing_graph_set_speed_factors(
    graph: *const medcore_routing_graph,
    factors_json: *const c_char,
) -> medcore_status {
    status(|| {
        let g = unsafe { handle(graph, "graph")? };
        let f: Vec<EdgeSpeedFactor> = unsafe { json::parse(factors_json, "factors_json")? };
        Ok(g.update(|g| g.set_speed_factors(&f))?)
    })
}

/// Applies a time-of-day profile at `second_of_day` (local time): `profile_json` is
/// `{classes: [{class, factors: [24 hourly multipliers]}]}`, `"urban_weekday"` for the built-in
/// profile, or NULL to remove the profile. Re-customizes the graph.
///
/// # Safety
/// `graph` a live graph; `profile_json` NULL or NUL-terminated.
#[no_mangle]
pub unsafe extern "C" fn medcore_routing_graph_set_time_of_day(
    graph: *const medcore_routing_graph,
    profile_json: *const c_char,
    second_of_day: u32,
) -> medcore_status {
    status(|| {
        let g = unsafe { handle(graph, "graph")? };
        let p = if profile_json.is_null() {
            None
        } else {
            let text = unsafe { cstr(profile_json, "profile_json")? };
            let p: TimeOfDayProfile = if text.trim() == "\"urban_weekday\"" {
                TimeOfDayProfile::urban_weekday()
            } else {
                json::from_text(text, "profile_json")?
            };
            Some((p, second_of_day))
        };
        Ok(g.update(|g| g.set_time_of_day(p))?)
    })
}

/// Removes all traffic (speed factors and time-of-day profile): free flow again.
///
/// # Safety
/// `graph` a live graph.
#[no_mangle]
pub unsafe extern "C" fn medcore_routing_graph_clear_traffic(
    graph: *const medcore_routing_graph,
) -> medcore_status {
    status(|| {
        let g = unsafe { handle(graph, "graph")? };
        g.update(|g| g.clear_traffic());
        Ok(())
    })
}

/// A fleet placed on a graph. Free with `medcore_routing_dispatcher_free`.
pub struct medcore_routing_dispatcher {
    inner: Dispatcher,
}

/// Places a fleet on `graph`: `units_json` is `[{id, unit_type: "als"|"bls"|..., status:
/// "available"|"on_scene"|"out_of_service"|..., last_fix: {position: {lat, lon}, heading_deg,
/// timestamp_s}}, ..]`; units further than `snap_radius_m` from a road are left unplaced.
/// `*out` receives a new caller-owned dispatcher (use it with the same graph).
///
/// # Safety
/// `graph` a live graph; `units_json` NUL-terminated; `out` valid for writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_routing_dispatcher_new(
    graph: *const medcore_routing_graph,
    units_json: *const c_char,
    snap_radius_m: f64,
    out: *mut *mut medcore_routing_dispatcher,
) -> medcore_status {
    status(|| {
        let g = unsafe { handle(graph, "graph")? };
        let units: Vec<Unit> = unsafe { json::parse(units_json, "units_json")? };
        let inner = Dispatcher::new(&g.read(), &units, snap_radius_m)?;
        let h = Box::into_raw(Box::new(medcore_routing_dispatcher { inner }));
        unsafe { write(out, h, "out") }
    })
}

/// The nearest capable available unit by road for one incident: `incident_json` is `{id,
/// location: {lat, lon}, priority: "immediate"|"urgent"|...}`; `*out_json` receives a new
/// caller-owned string `{incident_id, unit_id (null when none), eta_ms, reason}`.
///
/// # Safety
/// `dispatcher` and `graph` live; `incident_json` NUL-terminated; `out_json` valid for writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_routing_nearest_unit(
    dispatcher: *const medcore_routing_dispatcher,
    graph: *const medcore_routing_graph,
    incident_json: *const c_char,
    out_json: *mut *mut c_char,
) -> medcore_status {
    status(|| {
        let d = unsafe { handle(dispatcher, "dispatcher")? };
        let g = unsafe { handle(graph, "graph")? };
        let inc: Incident = unsafe { json::parse(incident_json, "incident_json")? };
        let c = d.inner.nearest_unit(&g.read(), &inc)?;
        unsafe { write_json(&c, out_json) }
    })
}

/// The nearest unit for each of many incidents independently (a JSON array in, a JSON array
/// of choices out, caller-owned).
///
/// # Safety
/// As for `medcore_routing_nearest_unit`.
#[no_mangle]
pub unsafe extern "C" fn medcore_routing_nearest_units(
    dispatcher: *const medcore_routing_dispatcher,
    graph: *const medcore_routing_graph,
    incidents_json: *const c_char,
    out_json: *mut *mut c_char,
) -> medcore_status {
    status(|| {
        let d = unsafe { handle(dispatcher, "dispatcher")? };
        let g = unsafe { handle(graph, "graph")? };
        let incs: Vec<Incident> = unsafe { json::parse(incidents_json, "incidents_json")? };
        let c = d.inner.nearest_units(&g.read(), &incs)?;
        unsafe { write_json(&c, out_json) }
    })
}

/// Distinct units for several incidents at once, minimising the total ETA (exact):
/// `*out_json` receives a new caller-owned string `{choices: [{incident_id, unit_id, eta_ms,
/// reason}], total_response_s, ...}`.
///
/// # Safety
/// As for `medcore_routing_nearest_unit`.
#[no_mangle]
pub unsafe extern "C" fn medcore_routing_assign(
    dispatcher: *const medcore_routing_dispatcher,
    graph: *const medcore_routing_graph,
    incidents_json: *const c_char,
    out_json: *mut *mut c_char,
) -> medcore_status {
    status(|| {
        let d = unsafe { handle(dispatcher, "dispatcher")? };
        let g = unsafe { handle(graph, "graph")? };
        let incs: Vec<Incident> = unsafe { json::parse(incidents_json, "incidents_json")? };
        let plan = d.inner.assign(&g.read(), &incs)?;
        unsafe { write_json(&plan, out_json) }
    })
}

/// Frees a dispatcher. NULL is allowed.
///
/// # Safety
/// `dispatcher` NULL or a live dispatcher not used afterwards.
#[no_mangle]
pub unsafe extern "C" fn medcore_routing_dispatcher_free(
    dispatcher: *mut medcore_routing_dispatcher,
) {
    boundary(|| {
        if !dispatcher.is_null() {
            // SAFETY: made by Box::into_raw in `medcore_routing_dispatcher_new`.
            drop(unsafe { Box::from_raw(dispatcher) });
        }
    })
}

/// Chooses the destination hospital for a patient at `from` (snapped within `radius_m`):
/// `needs_json` is the patient's needs (`{condition: "stemi"|"stroke"|"trauma"|..., ...}`),
/// `hospitals_json` an array of `{id, name, location: {lat, lon}, capabilities...}`.
/// `*out_json` receives a new caller-owned string: the choice with every hospital's
/// assessment and the basis of the choice.
///
/// # Safety
/// `graph` a live graph; the JSON texts NUL-terminated; `out_json` valid for writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_routing_select_hospital(
    graph: *const medcore_routing_graph,
    from: medcore_routing_latlon,
    needs_json: *const c_char,
    hospitals_json: *const c_char,
    radius_m: f64,
    out_json: *mut *mut c_char,
) -> medcore_status {
    status(|| {
        let g = unsafe { handle(graph, "graph")? };
        let needs: PatientNeeds = unsafe { json::parse(needs_json, "needs_json")? };
        let hospitals: Vec<Hospital> = unsafe { json::parse(hospitals_json, "hospitals_json")? };
        let c = routing::select_hospital(&g.read(), from.into(), &needs, &hospitals, radius_m)?;
        unsafe { write_json(&c, out_json) }
    })
}

/// A set of geofences with the inside/outside state of every unit seen. Free with
/// `medcore_routing_geofences_free`.
pub struct medcore_routing_geofences {
    inner: GeofenceSet,
}

/// Geofences from `defs_json`: `[{id, polygon: [{lat, lon}, ..]}, ..]` (at least three
/// points each; a malformed one is `MEDCORE_ROUTING_GEOFENCE`). `*out` receives a new
/// caller-owned set.
///
/// # Safety
/// `defs_json` NUL-terminated; `out` valid for writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_routing_geofences_new(
    defs_json: *const c_char,
    out: *mut *mut medcore_routing_geofences,
) -> medcore_status {
    status(|| {
        let defs: Vec<GeofenceDef> = unsafe { json::parse(defs_json, "defs_json")? };
        let inner = GeofenceSet::new(&defs)?;
        let h = Box::into_raw(Box::new(medcore_routing_geofences { inner }));
        unsafe { write(out, h, "out") }
    })
}

/// The ids of the geofences containing a position: `*out` receives a new caller-owned list
/// (free with `medcore_string_list_free`).
///
/// # Safety
/// `set` a live set; `out` valid for writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_routing_geofences_containing(
    set: *const medcore_routing_geofences,
    position: medcore_routing_latlon,
    out: *mut *mut medcore_string_list,
) -> medcore_status {
    status(|| {
        let s = unsafe { handle(set, "set")? };
        let ids = s.inner.containing(position.into());
        unsafe { write(out, medcore_string_list::new_handle(ids), "out") }
    })
}

/// Feeds track points (`track_json`: `[{unit_id, timestamp_s, position: {lat, lon}}, ..]`, a
/// single object is also accepted) and returns the enter/exit events they reveal:
/// `*out_json` receives a new caller-owned string `[{unit_id, geofence_id, kind:
/// "enter"|"exit", timestamp_s, position}, ..]`.
///
/// # Safety
/// `set` a live set not used by another thread meanwhile; `track_json` NUL-terminated;
/// `out_json` valid for writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_routing_geofences_update(
    set: *mut medcore_routing_geofences,
    track_json: *const c_char,
    out_json: *mut *mut c_char,
) -> medcore_status {
    status(|| {
        // SAFETY: the caller guarantees a live set used by this thread only.
        let s = unsafe { set.as_mut() }.ok_or_else(|| Failure::invalid("`set` is NULL"))?;
        let v: serde_json::Value = unsafe { json::parse(track_json, "track_json")? };
        let track: Vec<TrackPoint> = if v.is_array() {
            serde_json::from_value(v).map_err(|e| json::invalid("track_json", e))?
        } else {
            vec![serde_json::from_value(v).map_err(|e| json::invalid("track_json", e))?]
        };
        let events = s.inner.process_track(&track);
        unsafe { write_json(&events, out_json) }
    })
}

/// Forgets every unit's inside/outside state.
///
/// # Safety
/// `set` a live set not used by another thread meanwhile.
#[no_mangle]
pub unsafe extern "C" fn medcore_routing_geofences_reset(
    set: *mut medcore_routing_geofences,
) -> medcore_status {
    status(|| {
        // SAFETY: as documented.
        let s = unsafe { set.as_mut() }.ok_or_else(|| Failure::invalid("`set` is NULL"))?;
        s.inner.reset();
        Ok(())
    })
}

/// Frees a geofence set. NULL is allowed.
///
/// # Safety
/// `set` NULL or a live set not used afterwards.
#[no_mangle]
pub unsafe extern "C" fn medcore_routing_geofences_free(set: *mut medcore_routing_geofences) {
    boundary(|| {
        if !set.is_null() {
            // SAFETY: made by Box::into_raw in `medcore_routing_geofences_new`.
            drop(unsafe { Box::from_raw(set) });
        }
    })
}
