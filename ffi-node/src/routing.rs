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
use std::sync::Arc;

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
    inner: Arc<core::PreparedGraph>,
}

#[napi]
impl RoadGraph {
    /// The bundled Andorra map (OpenStreetMap contributors, ODbL), prepared for `profile`
    /// (`car`, the default, or `emergency`).
    #[napi(factory)]
    pub fn bundled_andorra(profile: Option<String>) -> Result<RoadGraph> {
        guard(|| {
            let p = self::profile(profile.as_deref())?;
            core::bundled_andorra(&p)
                .map(|g| RoadGraph { inner: Arc::new(g) })
                .map_err(routing_err)
        })
    }

    /// A graph from a prepared file's bytes (written by `medcore routing prepare`).
    #[napi(factory)]
    pub fn load(bytes: Buffer) -> Result<RoadGraph> {
        guard(|| {
            core::load_prepared(&bytes)
                .map(|g| RoadGraph { inner: Arc::new(g) })
                .map_err(routing_err)
        })
    }

    /// Number of nodes (junctions).
    #[napi(getter)]
    pub fn node_count(&self) -> u32 {
        self.inner.graph().num_nodes()
    }

    /// Number of directed edges.
    #[napi(getter)]
    pub fn edge_count(&self) -> u32 {
        self.inner.graph().num_edges()
    }

    /// Travel time from node `from` to node `to`, milliseconds; `null` when unreachable.
    #[napi]
    pub fn travel_time(&self, from: u32, to: u32) -> Result<Option<u32>> {
        guard(|| self.inner.travel_time(from, to).map_err(routing_err))
    }

    /// Travel times of many node pairs.
    #[napi]
    pub fn travel_time_batch(&self, pairs: Vec<NodePair>) -> Result<Vec<Option<u32>>> {
        guard(|| {
            let p: Vec<(u32, u32)> = pairs.iter().map(|p| (p.from, p.to)).collect();
            self.inner.travel_time_batch(&p).map_err(routing_err)
        })
    }

    /// `travelTimeBatch` off the JS thread.
    #[napi(ts_return_type = "Promise<Array<number | null>>")]
    pub fn travel_time_batch_async(&self, pairs: Vec<NodePair>) -> AsyncTask<Work<Times, Times>> {
        let g = Arc::clone(&self.inner);
        let p: Vec<(u32, u32)> = pairs.iter().map(|p| (p.from, p.to)).collect();
        task::run(
            move || {
                g.travel_time_batch(&p)
                    .map_err(|e| task::failure(e.code(), e.to_string()))
            },
            |v| v,
        )
    }

    /// The fastest route from node `from` to node `to`; `null` when unreachable.
    #[napi]
    pub fn route(&self, from: u32, to: u32) -> Result<Option<Route>> {
        guard(|| {
            self.inner
                .route(from, to)
                .map(|r| r.as_ref().map(route))
                .map_err(routing_err)
        })
    }

    /// Travel times from every source to every target: `matrix[i][j]`, milliseconds.
    #[napi]
    pub fn matrix(&self, sources: Vec<u32>, targets: Vec<u32>) -> Result<Vec<Vec<Option<u32>>>> {
        guard(|| {
            let m = self.inner.matrix(&sources, &targets).map_err(routing_err)?;
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
            let s = self
                .inner
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
    inner: core::Dispatcher,
    graph: Arc<core::PreparedGraph>,
}

#[napi]
impl Dispatcher {
    /// Places `units` on `graph`, snapping each within `snapRadiusM` metres.
    #[napi(constructor)]
    pub fn new(graph: &RoadGraph, units: Vec<Unit>, snap_radius_m: f64) -> Result<Dispatcher> {
        guard(|| {
            let units = units.iter().map(unit).collect::<Result<Vec<_>>>()?;
            let inner =
                core::Dispatcher::new(&graph.inner, &units, snap_radius_m).map_err(routing_err)?;
            Ok(Dispatcher {
                inner,
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
                .nearest_unit(&self.graph, &inc)
                .map(|c| choice(&c))
                .map_err(routing_err)
        })
    }

    /// Assigns units to many incidents at once.
    #[napi]
    pub fn assign(&self, incidents: Vec<Incident>) -> Result<AssignmentPlan> {
        guard(|| {
            let incs = incidents.iter().map(incident).collect::<Result<Vec<_>>>()?;
            let plan = self.inner.assign(&self.graph, &incs).map_err(routing_err)?;
            Ok(AssignmentPlan {
                choices: plan.choices.iter().map(choice).collect(),
                total_response_s: plan.total_response_s,
            })
        })
    }
}
