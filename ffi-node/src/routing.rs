//! `routing`: conversions between `medcore::routing` and JS values. A `RoadGraph` is a
//! long-lived handle on a prepared graph (the bundled Andorra map, or a prepared file);
//! travel times are integer milliseconds (`null` when unreachable). A `Dispatcher` places
//! units on a graph and chooses units for incidents.

use crate::errors::{self, guard, Result};
use crate::names;
use crate::task::{self, Work};
use medcore::routing as core;
use napi::bindgen_prelude::{AsyncTask, Buffer};
use napi_derive::napi;
use std::sync::{Arc, RwLock, RwLockReadGuard, RwLockWriteGuard};

/// Routes, `None` where unreachable.
type Routes = Vec<Option<core::Route>>;

/// Travel times in milliseconds, `None` when unreachable.
type Times = Vec<Option<u32>>;

/// A point, degrees.
#[napi(object)]
pub struct LatLon {
    /// Latitude, degrees north.
    pub lat: f64,
    /// Longitude, degrees east.
    pub lon: f64,
}

fn latlon(p: &LatLon) -> core::LatLon {
    core::LatLon {
        lat: p.lat,
        lon: p.lon,
    }
}

fn latlon_js(p: &core::LatLon) -> LatLon {
    LatLon {
        lat: p.lat,
        lon: p.lon,
    }
}

/// A pair of graph nodes.
#[napi(object)]
pub struct NodePair {
    /// Start node.
    pub from: u32,
    /// End node.
    pub to: u32,
}

/// A route between two nodes.
#[napi(object)]
pub struct Route {
    /// Travel time, milliseconds.
    pub travel_time_ms: u32,
    /// Travel time, seconds.
    pub travel_time_s: f64,
    /// Length, metres.
    pub distance_m: f64,
    /// Nodes passed, in order.
    pub nodes: Vec<u32>,
    /// Edges taken, in order.
    pub edges: Vec<u32>,
    /// The polyline, with the edges' geometry.
    pub coordinates: Vec<LatLon>,
}

fn route(r: &core::Route) -> Route {
    Route {
        travel_time_ms: r.travel_time_ms,
        travel_time_s: r.travel_time_s,
        distance_m: r.distance_m,
        nodes: r.nodes.clone(),
        edges: r.edges.clone(),
        coordinates: r.coordinates.iter().map(latlon_js).collect(),
    }
}

/// The nearest point of the road network to a position.
#[napi(object)]
pub struct Snap {
    /// The edge snapped to.
    pub edge: u32,
    /// The edge's start node.
    pub from_node: u32,
    /// The edge's end node.
    pub to_node: u32,
    /// Where along the edge, 0 to 1.
    pub fraction: f64,
    /// The snapped point.
    pub point: LatLon,
    /// Distance from the position, metres.
    pub distance_m: f64,
    /// The edge's bearing at the point, degrees.
    pub edge_bearing_deg: f64,
}

fn routing_err(e: core::RoutingError) -> napi::Error<String> {
    errors::error(e.code(), e.to_string())
}

fn profile(name: Option<&str>) -> Result<core::Profile> {
    match name.unwrap_or("car") {
        "car" => Ok(core::Profile::car()),
        "emergency" => Ok(core::Profile::emergency()),
        other => Err(errors::invalid_arg(format!(
            "unknown routing profile {other:?} (car, emergency)"
        ))),
    }
}

/// A prepared road graph (customizable contraction hierarchy): exact, fast queries.
#[napi]
pub struct RoadGraph {
    inner: Shared,
}

/// A prepared graph shared with dispatchers and async tasks; traffic updates take the write
/// lock (a poisoned lock is still usable: the graph is re-customized as a whole).
type Shared = Arc<RwLock<core::PreparedGraph>>;

fn read(g: &Shared) -> RwLockReadGuard<'_, core::PreparedGraph> {
    g.read().unwrap_or_else(|p| p.into_inner())
}

fn write(g: &Shared) -> RwLockWriteGuard<'_, core::PreparedGraph> {
    g.write().unwrap_or_else(|p| p.into_inner())
}

fn shared(g: core::PreparedGraph) -> RoadGraph {
    RoadGraph {
        inner: Arc::new(RwLock::new(g)),
    }
}

#[napi]
impl RoadGraph {
    /// The bundled Andorra map (OpenStreetMap contributors, ODbL), prepared for `profile`
    /// (`car`, the default, or `emergency`).
    #[napi(factory)]
    pub fn bundled_andorra(profile: Option<String>) -> Result<RoadGraph> {
        guard(|| {
            let p = self::profile(profile.as_deref())?;
            core::bundled_andorra(&p).map(shared).map_err(routing_err)
        })
    }

    /// A graph from a prepared file's bytes (written by `medcore routing prepare`).
    #[napi(factory)]
    pub fn load(bytes: Buffer) -> Result<RoadGraph> {
        guard(|| core::load_prepared(&bytes).map(shared).map_err(routing_err))
    }

    /// Number of nodes (junctions).
    #[napi(getter)]
    pub fn node_count(&self) -> u32 {
        read(&self.inner).graph().num_nodes()
    }

    /// Number of directed edges.
    #[napi(getter)]
    pub fn edge_count(&self) -> u32 {
        read(&self.inner).graph().num_edges()
    }

    /// Travel time from node `from` to node `to`, milliseconds; `null` when unreachable.
    #[napi]
    pub fn travel_time(&self, from: u32, to: u32) -> Result<Option<u32>> {
        guard(|| read(&self.inner).travel_time(from, to).map_err(routing_err))
    }

    /// Travel times of many node pairs.
    #[napi]
    pub fn travel_time_batch(&self, pairs: Vec<NodePair>) -> Result<Vec<Option<u32>>> {
        guard(|| {
            let p: Vec<(u32, u32)> = pairs.iter().map(|p| (p.from, p.to)).collect();
            read(&self.inner).travel_time_batch(&p).map_err(routing_err)
        })
    }

    /// `travelTimeBatch` off the JS thread.
    #[napi(ts_return_type = "Promise<Array<number | null>>")]
    pub fn travel_time_batch_async(&self, pairs: Vec<NodePair>) -> AsyncTask<Work<Times, Times>> {
        let g = Arc::clone(&self.inner);
        let p: Vec<(u32, u32)> = pairs.iter().map(|p| (p.from, p.to)).collect();
        task::run(
            move || {
                read(&g)
                    .travel_time_batch(&p)
                    .map_err(|e| task::failure(e.code(), e.to_string()))
            },
            |v| v,
        )
    }

    /// The fastest route from node `from` to node `to`; `null` when unreachable.
    #[napi]
    pub fn route(&self, from: u32, to: u32) -> Result<Option<Route>> {
        guard(|| {
            read(&self.inner)
                .route(from, to)
                .map(|r| r.as_ref().map(route))
                .map_err(routing_err)
        })
    }

    /// Travel times from every source to every target: `matrix[i][j]`, milliseconds.
    #[napi]
    pub fn matrix(&self, sources: Vec<u32>, targets: Vec<u32>) -> Result<Vec<Vec<Option<u32>>>> {
        guard(|| {
            let m = read(&self.inner)
                .matrix(&sources, &targets)
                .map_err(routing_err)?;
            Ok((0..m.sources)
                .map(|i| (0..m.targets).map(|j| m.get(i, j)).collect())
                .collect())
        })
    }

    /// Snaps a position to the nearest road within `radiusM` metres (a `headingDeg` prefers
    /// roads in the direction of travel).
    #[napi]
    pub fn snap(&self, position: LatLon, radius_m: f64, heading_deg: Option<f64>) -> Result<Snap> {
        guard(|| {
            let s = read(&self.inner)
                .snap(latlon(&position), heading_deg, radius_m)
                .map_err(routing_err)?;
            Ok(Snap {
                edge: s.edge,
                from_node: s.from_node,
                to_node: s.to_node,
                fraction: s.fraction,
                point: latlon_js(&s.point),
                distance_m: s.distance_m,
                edge_bearing_deg: s.edge_bearing_deg,
            })
        })
    }

    /// The prepared file's bytes (read back with `RoadGraph.load`).
    #[napi]
    pub fn save(&self) -> Result<Buffer> {
        guard(|| Ok(core::save_prepared(&read(&self.inner)).into()))
    }

    /// Preparation statistics (sizes and timings).
    #[napi]
    pub fn stats(&self) -> Result<PrepareStats> {
        guard(|| {
            let s = read(&self.inner).stats();
            Ok(PrepareStats {
                nodes: s.nodes,
                edges: s.edges,
                arcs: s.arcs,
                order_ms: s.order_ms,
                topology_ms: s.topology_ms,
                customize_ms: s.customize_ms,
            })
        })
    }

    /// The position of a node; `null` when there is no such node.
    #[napi]
    pub fn coord(&self, node: u32) -> Option<LatLon> {
        read(&self.inner).graph().coord(node).map(|c| latlon_js(&c))
    }

    /// Routes of many node pairs (`null` where unreachable).
    #[napi]
    pub fn route_batch(&self, pairs: Vec<NodePair>) -> Result<Vec<Option<Route>>> {
        guard(|| {
            let p: Vec<(u32, u32)> = pairs.iter().map(|p| (p.from, p.to)).collect();
            let rs = read(&self.inner).route_batch(&p).map_err(routing_err)?;
            Ok(rs.iter().map(|r| r.as_ref().map(route)).collect())
        })
    }

    /// `routeBatch` off the JS thread.
    #[napi(ts_return_type = "Promise<Array<Route | null>>")]
    pub fn route_batch_async(
        &self,
        pairs: Vec<NodePair>,
    ) -> AsyncTask<Work<Routes, Vec<Option<Route>>>> {
        let g = Arc::clone(&self.inner);
        let p: Vec<(u32, u32)> = pairs.iter().map(|p| (p.from, p.to)).collect();
        task::run(
            move || {
                read(&g)
                    .route_batch(&p)
                    .map_err(|e| task::failure(e.code(), e.to_string()))
            },
            |rs| rs.iter().map(|r| r.as_ref().map(route)).collect(),
        )
    }

    /// Travel times from one node to many, milliseconds.
    #[napi]
    pub fn one_to_many(&self, from: u32, targets: Vec<u32>) -> Result<Vec<Option<u32>>> {
        guard(|| {
            read(&self.inner)
                .one_to_many(from, &targets)
                .map_err(routing_err)
        })
    }

    /// `matrix` off the JS thread.
    #[napi(ts_return_type = "Promise<Array<Array<number | null>>>")]
    pub fn matrix_async(
        &self,
        sources: Vec<u32>,
        targets: Vec<u32>,
    ) -> AsyncTask<Work<Vec<Times>, Vec<Times>>> {
        let g = Arc::clone(&self.inner);
        task::run(
            move || {
                let m = read(&g)
                    .matrix(&sources, &targets)
                    .map_err(|e| task::failure(e.code(), e.to_string()))?;
                Ok((0..m.sources)
                    .map(|i| (0..m.targets).map(|j| m.get(i, j)).collect())
                    .collect())
            },
            |m| m,
        )
    }

    /// Plain Dijkstra on the current weights (a reference for checking), milliseconds.
    #[napi]
    pub fn dijkstra_travel_time(&self, from: u32, to: u32) -> Result<Option<u32>> {
        guard(|| {
            read(&self.inner)
                .dijkstra_travel_time(from, to)
                .map_err(routing_err)
        })
    }

    /// The fastest route between two positions, each snapped within `radiusM` metres;
    /// `null` when unreachable.
    #[napi]
    pub fn route_between_points(
        &self,
        from: LatLon,
        to: LatLon,
        radius_m: f64,
    ) -> Result<Option<Route>> {
        guard(|| {
            read(&self.inner)
                .route_between_points(latlon(&from), latlon(&to), radius_m)
                .map(|r| r.as_ref().map(route))
                .map_err(routing_err)
        })
    }

    /// Live traffic: sets speed factors on edges (1 = free flow, 0.5 = half speed), then
    /// re-customizes the graph. Dispatchers over this graph see the new times.
    #[napi]
    pub fn set_speed_factors(&self, updates: Vec<EdgeSpeedFactor>) -> Result<()> {
        guard(|| {
            let u: Vec<core::EdgeSpeedFactor> = updates
                .iter()
                .map(|u| core::EdgeSpeedFactor {
                    edge: u.edge,
                    factor: u.factor,
                })
                .collect();
            write(&self.inner)
                .set_speed_factors(&u)
                .map_err(routing_err)
        })
    }

    /// Applies a time-of-day profile (the built-in urban weekday profile when absent) at
    /// `secondOfDay`, then re-customizes.
    #[napi]
    pub fn set_time_of_day(
        &self,
        second_of_day: u32,
        profile: Option<Vec<ClassHourlyFactors>>,
    ) -> Result<()> {
        guard(|| {
            let p = match profile {
                None => core::TimeOfDayProfile::urban_weekday(),
                Some(classes) => core::TimeOfDayProfile {
                    classes: classes
                        .iter()
                        .map(|c| {
                            Ok(core::ClassHourlyFactors {
                                class: names::parse("class", &c.class)?,
                                factors: c.factors.clone(),
                            })
                        })
                        .collect::<Result<Vec<_>>>()?,
                },
            };
            write(&self.inner)
                .set_time_of_day(Some((p, second_of_day)))
                .map_err(routing_err)
        })
    }

    /// Removes all traffic (free flow) and re-customizes.
    #[napi]
    pub fn clear_traffic(&self) -> Result<()> {
        guard(|| {
            write(&self.inner).clear_traffic();
            Ok(())
        })
    }
}

/// Preparation statistics.
#[napi(object)]
pub struct PrepareStats {
    /// Nodes.
    pub nodes: u32,
    /// Directed edges.
    pub edges: u32,
    /// Arcs of the contraction hierarchy.
    pub arcs: u32,
    /// Node ordering time, milliseconds.
    pub order_ms: f64,
    /// Topology construction time, milliseconds.
    pub topology_ms: f64,
    /// Customization time, milliseconds.
    pub customize_ms: f64,
}

/// A live-traffic speed factor for one edge.
#[napi(object)]
pub struct EdgeSpeedFactor {
    /// The edge.
    pub edge: u32,
    /// Speed relative to free flow (1 = free flow).
    pub factor: f64,
}

/// Hourly speed factors of one road class (24 values, hour 0 first).
#[napi(object)]
pub struct ClassHourlyFactors {
    /// The road class, e.g. `primary`, `residential`.
    pub class: String,
    /// 24 factors.
    pub factors: Vec<f64>,
}

/// A unit's last GPS fix.
#[napi(object)]
pub struct GpsFix {
    /// Where.
    pub position: LatLon,
    /// Heading, degrees.
    pub heading_deg: Option<f64>,
    /// When, seconds since the epoch.
    pub timestamp_s: Option<i64>,
}

/// An ambulance.
#[napi(object)]
pub struct Unit {
    /// Unit id.
    pub id: String,
    /// `als` or `bls`.
    pub unit_type: String,
    /// `available`, `on_scene`, `transporting`, `out_of_service`...
    pub status: String,
    /// The last GPS fix.
    pub last_fix: GpsFix,
}

fn unit(u: &Unit) -> Result<core::Unit> {
    Ok(core::Unit {
        id: u.id.clone(),
        unit_type: names::parse("unitType", &u.unit_type)?,
        status: names::parse("status", &u.status)?,
        last_fix: core::GpsFix {
            position: latlon(&u.last_fix.position),
            heading_deg: u.last_fix.heading_deg,
            timestamp_s: u.last_fix.timestamp_s.unwrap_or(0),
        },
    })
}

/// An incident needing a unit.
#[napi(object)]
pub struct Incident {
    /// Incident id.
    pub id: String,
    /// Where.
    pub location: LatLon,
    /// `immediate`, `urgent`...
    pub priority: String,
}

fn incident(i: &Incident) -> Result<core::Incident> {
    Ok(core::Incident {
        id: i.id.clone(),
        location: latlon(&i.location),
        priority: names::parse("priority", &i.priority)?,
    })
}

/// The unit chosen for an incident, with the reason in words.
#[napi(object)]
pub struct UnitChoice {
    /// The incident.
    pub incident_id: String,
    /// The unit, absent when none can serve.
    pub unit_id: Option<String>,
    /// ETA, milliseconds.
    pub eta_ms: Option<u32>,
    /// ETA, seconds.
    pub eta_s: Option<f64>,
    /// Why this unit (and why not the others).
    pub reason: String,
}

fn choice(c: &core::UnitChoice) -> UnitChoice {
    UnitChoice {
        incident_id: c.incident_id.clone(),
        unit_id: c.unit_id.clone(),
        eta_ms: c.eta_ms,
        eta_s: c.eta_s,
        reason: c.reason.clone(),
    }
}

/// Units assigned to incidents together (minimum total response time).
#[napi(object)]
pub struct AssignmentPlan {
    /// One choice per incident, in order.
    pub choices: Vec<UnitChoice>,
    /// Sum of the response times, seconds.
    pub total_response_s: f64,
}

/// A unit that could not be placed on the graph.
#[napi(object)]
pub struct UnplacedUnit {
    /// The unit.
    pub unit_id: String,
    /// Why.
    pub reason: String,
}

/// Units placed on a graph, ready to choose units for incidents.
#[napi]
pub struct Dispatcher {
    inner: Arc<core::Dispatcher>,
    graph: Shared,
}

#[napi]
impl Dispatcher {
    /// Places `units` on `graph`, snapping each within `snapRadiusM` metres.
    #[napi(constructor)]
    pub fn new(graph: &RoadGraph, units: Vec<Unit>, snap_radius_m: f64) -> Result<Dispatcher> {
        guard(|| {
            let units = units.iter().map(unit).collect::<Result<Vec<_>>>()?;
            let inner = core::Dispatcher::new(&read(&graph.inner), &units, snap_radius_m)
                .map_err(routing_err)?;
            Ok(Dispatcher {
                inner: Arc::new(inner),
                graph: Arc::clone(&graph.inner),
            })
        })
    }

    /// Units that could not be placed, and why.
    #[napi(getter)]
    pub fn unplaced(&self) -> Vec<UnplacedUnit> {
        self.inner
            .unplaced()
            .iter()
            .map(|u| UnplacedUnit {
                unit_id: u.unit_id.clone(),
                reason: u.reason.clone(),
            })
            .collect()
    }

    /// The nearest capable available unit by road.
    #[napi]
    pub fn nearest_unit(&self, incident: Incident) -> Result<UnitChoice> {
        guard(|| {
            let inc = self::incident(&incident)?;
            self.inner
                .nearest_unit(&read(&self.graph), &inc)
                .map(|c| choice(&c))
                .map_err(routing_err)
        })
    }

    /// Assigns units to many incidents at once.
    #[napi]
    pub fn assign(&self, incidents: Vec<Incident>) -> Result<AssignmentPlan> {
        guard(|| {
            let incs = incidents.iter().map(incident).collect::<Result<Vec<_>>>()?;
            let plan = self
                .inner
                .assign(&read(&self.graph), &incs)
                .map_err(routing_err)?;
            Ok(AssignmentPlan {
                choices: plan.choices.iter().map(choice).collect(),
                total_response_s: plan.total_response_s,
            })
        })
    }

    /// The nearest unit for each incident independently (a unit may be chosen twice).
    #[napi]
    pub fn nearest_units(&self, incidents: Vec<Incident>) -> Result<Vec<UnitChoice>> {
        guard(|| {
            let incs = incidents.iter().map(incident).collect::<Result<Vec<_>>>()?;
            let cs = self
                .inner
                .nearest_units(&read(&self.graph), &incs)
                .map_err(routing_err)?;
            Ok(cs.iter().map(choice).collect())
        })
    }

    /// `nearestUnits` off the JS thread.
    #[napi(ts_return_type = "Promise<Array<UnitChoice>>")]
    pub fn nearest_units_async(
        &self,
        incidents: Vec<Incident>,
    ) -> Result<AsyncTask<Work<Vec<core::UnitChoice>, Vec<UnitChoice>>>> {
        guard(|| {
            let incs = incidents.iter().map(incident).collect::<Result<Vec<_>>>()?;
            let (d, g) = (Arc::clone(&self.inner), Arc::clone(&self.graph));
            Ok(task::run(
                move || {
                    d.nearest_units(&read(&g), &incs)
                        .map_err(|e| task::failure(e.code(), e.to_string()))
                },
                |cs| cs.iter().map(choice).collect(),
            ))
        })
    }

    /// `assign` off the JS thread.
    #[napi(ts_return_type = "Promise<AssignmentPlan>")]
    pub fn assign_async(
        &self,
        incidents: Vec<Incident>,
    ) -> Result<AsyncTask<Work<core::AssignmentPlan, AssignmentPlan>>> {
        guard(|| {
            let incs = incidents.iter().map(incident).collect::<Result<Vec<_>>>()?;
            let (d, g) = (Arc::clone(&self.inner), Arc::clone(&self.graph));
            Ok(task::run(
                move || {
                    d.assign(&read(&g), &incs)
                        .map_err(|e| task::failure(e.code(), e.to_string()))
                },
                |plan| AssignmentPlan {
                    choices: plan.choices.iter().map(choice).collect(),
                    total_response_s: plan.total_response_s,
                },
            ))
        })
    }

    /// ETA and route of one unit (by id) to a destination, from its last fix; `null` when
    /// unreachable.
    #[napi]
    pub fn eta(&self, unit_id: String, destination: LatLon) -> Result<Option<Route>> {
        guard(|| {
            self.inner
                .eta(&read(&self.graph), &unit_id, latlon(&destination))
                .map(|r| r.as_ref().map(route))
                .map_err(routing_err)
        })
    }
}

/// A receiving hospital and its capabilities.
#[napi(object)]
pub struct Hospital {
    /// Hospital id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Where.
    pub location: LatLon,
    /// Trauma centre level (1 highest), absent when none.
    pub trauma_level: Option<u8>,
    /// Stroke capability: `none` (default), `primary` or `thrombectomy`.
    #[napi(ts_type = "'none' | 'primary' | 'thrombectomy'")]
    pub stroke: Option<String>,
    /// Primary PCI (STEMI) capable.
    pub pci: Option<bool>,
    /// Burns unit.
    pub burns: Option<bool>,
    /// Paediatric capable.
    pub paediatric: Option<bool>,
    /// On diversion.
    pub on_diversion: Option<bool>,
    /// Beds available.
    pub beds_available: u32,
}

fn hospital(h: &Hospital) -> Result<core::Hospital> {
    Ok(core::Hospital {
        id: h.id.clone(),
        name: h.name.clone(),
        location: latlon(&h.location),
        trauma_level: h.trauma_level,
        stroke: names::parse_opt("stroke", &h.stroke)?.unwrap_or_default(),
        pci: h.pci.unwrap_or(false),
        burns: h.burns.unwrap_or(false),
        paediatric: h.paediatric.unwrap_or(false),
        on_diversion: h.on_diversion.unwrap_or(false),
        beds_available: h.beds_available,
    })
}

/// What the patient needs from the destination.
#[napi(object)]
pub struct PatientNeeds {
    /// `major_trauma`, `stroke_lvo`, `stroke`, `stemi`, `burns` or `general`.
    #[napi(ts_type = "'major_trauma' | 'stroke_lvo' | 'stroke' | 'stemi' | 'burns' | 'general'")]
    pub condition: String,
    /// A child.
    pub paediatric: Option<bool>,
}

/// How one hospital was judged.
#[napi(object)]
pub struct HospitalAssessment {
    /// The hospital.
    pub hospital_id: String,
    /// Travel time, seconds; absent when unreachable.
    pub travel_time_s: Option<f64>,
    /// Meets the patient's needs.
    pub capable: bool,
    /// Not on diversion and has beds.
    pub open: bool,
    /// In words.
    pub note: String,
}

/// The destination chosen, with the reason.
#[napi(object)]
pub struct HospitalChoice {
    /// The chosen hospital.
    pub hospital_id: String,
    /// Travel time, seconds.
    pub travel_time_s: f64,
    /// `capable_open`, `capable_despite_diversion` or `nearest_open`.
    pub basis: String,
    /// Why, in words.
    pub reason: String,
    /// Every hospital's assessment.
    pub assessments: Vec<HospitalAssessment>,
}

/// Chooses the destination hospital for a patient at `position` (snapped within `radiusM`):
/// capabilities, diversion and beds first, then travel time.
#[napi]
pub fn select_hospital(
    graph: &RoadGraph,
    position: LatLon,
    needs: PatientNeeds,
    hospitals: Vec<Hospital>,
    radius_m: f64,
) -> Result<HospitalChoice> {
    guard(|| {
        let n = core::PatientNeeds {
            condition: names::parse("condition", &needs.condition)?,
            paediatric: needs.paediatric.unwrap_or(false),
        };
        let hs = hospitals.iter().map(hospital).collect::<Result<Vec<_>>>()?;
        let c = core::select_hospital(&read(&graph.inner), latlon(&position), &n, &hs, radius_m)
            .map_err(routing_err)?;
        Ok(HospitalChoice {
            hospital_id: c.hospital_id,
            travel_time_s: c.travel_time_s,
            basis: names::name(&c.basis),
            reason: c.reason,
            assessments: c
                .assessments
                .into_iter()
                .map(|a| HospitalAssessment {
                    hospital_id: a.hospital_id,
                    travel_time_s: a.travel_time_s,
                    capable: a.capable,
                    open: a.open,
                    note: a.note,
                })
                .collect(),
        })
    })
}

/// An ambulance station.
#[napi(object)]
pub struct Station {
    /// Station id.
    pub id: String,
    /// Where.
    pub location: LatLon,
}

/// What one station reaches.
#[napi(object)]
pub struct StationCoverage {
    /// The station.
    pub station_id: String,
    /// Nodes reached within the limit.
    pub nodes: Vec<u32>,
    /// Fraction of all nodes.
    pub fraction: f64,
}

/// What the stations reach together within a time limit, and the gaps.
#[napi(object)]
pub struct CoverageReport {
    /// The limit, minutes.
    pub minutes: f64,
    /// Per station.
    pub stations: Vec<StationCoverage>,
    /// Nodes reached by any station.
    pub covered_nodes: u32,
    /// Fraction of all nodes reached.
    pub covered_fraction: f64,
    /// Nodes no station reaches.
    pub uncovered: Vec<u32>,
}

fn coverage_js(r: core::CoverageReport) -> CoverageReport {
    CoverageReport {
        minutes: r.minutes,
        stations: r
            .stations
            .into_iter()
            .map(|s| StationCoverage {
                station_id: s.station_id,
                nodes: s.nodes,
                fraction: s.fraction,
            })
            .collect(),
        covered_nodes: r.covered_nodes,
        covered_fraction: r.covered_fraction,
        uncovered: r.uncovered,
    }
}

fn stations(st: &[Station]) -> Vec<core::Station> {
    st.iter()
        .map(|s| core::Station {
            id: s.id.clone(),
            location: latlon(&s.location),
        })
        .collect()
}

/// What every station reaches within `minutes` (each snapped within `radiusM`), and the gaps.
#[napi]
pub fn coverage(
    graph: &RoadGraph,
    stations: Vec<Station>,
    minutes: f64,
    radius_m: f64,
) -> Result<CoverageReport> {
    guard(|| {
        core::coverage(
            &read(&graph.inner),
            &self::stations(&stations),
            minutes,
            radius_m,
        )
        .map(coverage_js)
        .map_err(routing_err)
    })
}

/// `coverage` off the JS thread.
#[napi(ts_return_type = "Promise<CoverageReport>")]
pub fn coverage_async(
    graph: &RoadGraph,
    stations: Vec<Station>,
    minutes: f64,
    radius_m: f64,
) -> AsyncTask<Work<core::CoverageReport, CoverageReport>> {
    let g = Arc::clone(&graph.inner);
    let st = self::stations(&stations);
    task::run(
        move || {
            core::coverage(&read(&g), &st, minutes, radius_m)
                .map_err(|e| task::failure(e.code(), e.to_string()))
        },
        coverage_js,
    )
}

/// Nodes reachable from `position` (snapped within `radiusM`) within `minutes`.
#[napi]
pub fn isochrone(
    graph: &RoadGraph,
    position: LatLon,
    minutes: f64,
    radius_m: f64,
) -> Result<Vec<u32>> {
    guard(|| {
        core::isochrone(&read(&graph.inner), latlon(&position), minutes, radius_m)
            .map_err(routing_err)
    })
}

/// Great-circle distance between two positions, metres.
#[napi]
pub fn haversine_m(a: LatLon, b: LatLon) -> f64 {
    core::haversine_m(latlon(&a), latlon(&b))
}

/// A named polygon.
#[napi(object)]
pub struct GeofenceDef {
    /// Fence id.
    pub id: String,
    /// The polygon's vertices, in order (closed implicitly).
    pub polygon: Vec<LatLon>,
}

/// One GPS fix of a unit.
#[napi(object)]
pub struct TrackPoint {
    /// The unit.
    pub unit_id: String,
    /// When, seconds since the epoch.
    pub timestamp_s: i64,
    /// Where.
    pub position: LatLon,
}

/// A unit entering or leaving a fence.
#[napi(object)]
pub struct GeofenceEvent {
    /// The unit.
    pub unit_id: String,
    /// The fence.
    pub geofence_id: String,
    /// `enter` or `exit`.
    pub kind: String,
    /// When, seconds since the epoch.
    pub timestamp_s: i64,
    /// Where.
    pub position: LatLon,
}

fn track_point(t: &TrackPoint) -> core::TrackPoint {
    core::TrackPoint {
        unit_id: t.unit_id.clone(),
        timestamp_s: t.timestamp_s,
        position: latlon(&t.position),
    }
}

fn geofence_event(e: &core::GeofenceEvent) -> GeofenceEvent {
    GeofenceEvent {
        unit_id: e.unit_id.clone(),
        geofence_id: e.geofence_id.clone(),
        kind: names::name(&e.kind),
        timestamp_s: e.timestamp_s,
        position: latlon_js(&e.position),
    }
}

/// Polygon geofences with enter/exit events from GPS tracks; remembers which fences each
/// unit is in.
#[napi]
pub struct GeofenceSet {
    inner: core::GeofenceSet,
}

#[napi]
impl GeofenceSet {
    /// Fences from their definitions.
    #[napi(constructor)]
    pub fn new(defs: Vec<GeofenceDef>) -> Result<GeofenceSet> {
        guard(|| {
            let d: Vec<core::GeofenceDef> = defs
                .iter()
                .map(|f| core::GeofenceDef {
                    id: f.id.clone(),
                    polygon: f.polygon.iter().map(latlon).collect(),
                })
                .collect();
            Ok(GeofenceSet {
                inner: core::GeofenceSet::new(&d).map_err(routing_err)?,
            })
        })
    }

    /// Ids of the fences containing a position.
    #[napi]
    pub fn containing(&self, position: LatLon) -> Vec<String> {
        self.inner.containing(latlon(&position))
    }

    /// Feeds one GPS fix; returns the enter/exit events it causes.
    #[napi]
    pub fn update(&mut self, fix: TrackPoint) -> Result<Vec<GeofenceEvent>> {
        guard(|| {
            Ok(self
                .inner
                .update(&track_point(&fix))
                .iter()
                .map(geofence_event)
                .collect())
        })
    }

    /// Feeds a whole track; returns every event in order.
    #[napi]
    pub fn process_track(&mut self, track: Vec<TrackPoint>) -> Result<Vec<GeofenceEvent>> {
        guard(|| {
            let t: Vec<core::TrackPoint> = track.iter().map(track_point).collect();
            Ok(self
                .inner
                .process_track(&t)
                .iter()
                .map(geofence_event)
                .collect())
        })
    }

    /// Forgets which fences each unit is in.
    #[napi]
    pub fn reset(&mut self) {
        self.inner.reset()
    }
}
