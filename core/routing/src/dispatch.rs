//! Dispatch: fleet state, nearest capable available unit by road travel time, assignment of
//! several incidents at once (minimum total response time) and ETAs.
//!
//! Capability: an `immediate` incident (life threat) needs an ALS unit; `urgent` and
//! `non_urgent` incidents accept ALS or BLS. Only `available` units are dispatched. Units are
//! snapped to the road with their heading; each available unit's upward search space is stored
//! in buckets when the [`Dispatcher`] is built (once per fleet update), so each incident costs
//! one upward walk from the incident that scans the buckets.

use crate::error::{Result, RoutingError};
use crate::geometry::LatLon;
use crate::graph::INF;
use crate::hungarian::min_cost_assignment;
use crate::prepared::{PreparedGraph, Route};
use crate::query::Buckets;
use crate::snap::Snap;
use serde::{Deserialize, Serialize};

/// Unit capability level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitType {
    /// Advanced life support.
    Als,
    /// Basic life support.
    Bls,
}

/// Unit status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitStatus {
    /// Free for dispatch.
    Available,
    /// Driving to an incident.
    EnRoute,
    /// At an incident.
    OnScene,
    /// Taking a patient to hospital.
    Transporting,
    /// Not in service.
    OutOfService,
}

/// A GPS fix.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct GpsFix {
    /// Position.
    pub position: LatLon,
    /// Heading, degrees from north, when known.
    #[serde(default)]
    pub heading_deg: Option<f64>,
    /// Unix time of the fix, seconds.
    #[serde(default)]
    pub timestamp_s: i64,
}

/// One ambulance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Unit {
    /// Unit id.
    pub id: String,
    /// ALS or BLS.
    pub unit_type: UnitType,
    /// Current status.
    pub status: UnitStatus,
    /// Last GPS fix.
    pub last_fix: GpsFix,
}

/// Incident priority.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Priority {
    /// Immediate threat to life: ALS required.
    Immediate,
    /// Urgent: any unit.
    Urgent,
    /// Not urgent: any unit.
    NonUrgent,
}

impl UnitStatus {
    /// Human label ("on scene").
    pub fn label(self) -> &'static str {
        match self {
            UnitStatus::Available => "available",
            UnitStatus::EnRoute => "en route",
            UnitStatus::OnScene => "on scene",
            UnitStatus::Transporting => "transporting",
            UnitStatus::OutOfService => "out of service",
        }
    }
}

impl Priority {
    /// Whether a unit type may serve this priority.
    pub fn accepts(self, t: UnitType) -> bool {
        !(self == Priority::Immediate && t == UnitType::Bls)
    }
}

/// An incident to serve.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Incident {
    /// Incident id.
    pub id: String,
    /// Location.
    pub location: LatLon,
    /// Priority.
    pub priority: Priority,
}

/// The chosen unit for an incident.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnitChoice {
    /// Incident id.
    pub incident_id: String,
    /// Chosen unit id, `None` when no capable available unit can reach the incident.
    pub unit_id: Option<String>,
    /// Estimated time of arrival by road, milliseconds.
    pub eta_ms: Option<u32>,
    /// ETA in seconds.
    pub eta_s: Option<f64>,
    /// Why this unit (or why none).
    pub reason: String,
}

/// Several incidents assigned at once.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AssignmentPlan {
    /// One choice per incident, in input order.
    pub choices: Vec<UnitChoice>,
    /// Sum of the ETAs of assigned incidents, seconds.
    pub total_response_s: f64,
}

/// A unit that could not be placed on the road network.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnplacedUnit {
    /// Unit id.
    pub unit_id: String,
    /// Why.
    pub reason: String,
}

/// Dispatch state for one fleet snapshot on one prepared graph.
#[derive(Debug, Clone)]
pub struct Dispatcher {
    units: Vec<Unit>,
    /// Per unit: departure snap (available units only).
    snaps: Vec<Option<Snap>>,
    /// Bucket item index -> unit index.
    items: Vec<usize>,
    buckets: Buckets,
    unplaced: Vec<UnplacedUnit>,
    nodes: u32,
    snap_radius_m: f64,
}

fn fmt_eta(ms: u32) -> String {
    let s = (ms as f64 / 1000.0).round() as u64;
    format!("{} min {:02} s", s / 60, s % 60)
}

impl Dispatcher {
    /// Builds dispatch state: snaps available units within `snap_radius_m` of a road (heading
    /// used when present) and stores their upward searches in buckets.
    pub fn new(g: &PreparedGraph, units: &[Unit], snap_radius_m: f64) -> Result<Dispatcher> {
        let mut seen = std::collections::HashSet::new();
        for u in units {
            if !seen.insert(u.id.as_str()) {
                return Err(RoutingError::Dispatch(format!(
                    "unit id {} appears twice",
                    u.id
                )));
            }
        }
        let mut snaps = Vec::with_capacity(units.len());
        let mut items = Vec::new();
        let mut sources = Vec::new();
        let mut unplaced = Vec::new();
        for (i, u) in units.iter().enumerate() {
            if u.status != UnitStatus::Available {
                snaps.push(None);
                continue;
            }
            match g.snap(u.last_fix.position, u.last_fix.heading_deg, snap_radius_m) {
                Ok(s) => {
                    items.push(i);
                    sources.push((s.to_node, g.departure_offset_ms(&s)));
                    snaps.push(Some(s));
                }
                Err(e) => {
                    unplaced.push(UnplacedUnit {
                        unit_id: u.id.clone(),
                        reason: e.to_string(),
                    });
                    snaps.push(None);
                }
            }
        }
        let buckets = g.buckets(&sources, true)?;
        Ok(Dispatcher {
            units: units.to_vec(),
            snaps,
            items,
            buckets,
            unplaced,
            nodes: g.graph().num_nodes(),
            snap_radius_m,
        })
    }

    /// Units that are available but could not be snapped to a road.
    pub fn unplaced(&self) -> &[UnplacedUnit] {
        &self.unplaced
    }

    fn check(&self, g: &PreparedGraph) -> Result<()> {
        if g.graph().num_nodes() != self.nodes {
            return Err(RoutingError::Dispatch(
                "dispatcher was built on another graph".into(),
            ));
        }
        Ok(())
    }

    fn incident_targets(&self, g: &PreparedGraph, inc: &Incident) -> Result<Vec<Snap>> {
        g.snap_point(inc.location, self.snap_radius_m)
    }

    /// ETA (ms) of every unit to an incident (`INF` for units not available or not placed).
    fn etas_to(&self, g: &PreparedGraph, inc: &Incident) -> Result<Vec<u32>> {
        let mut per_item = vec![INF; self.items.len()];
        for s in self.incident_targets(g, inc)? {
            let mut tmp = vec![INF; self.items.len()];
            g.scan_buckets_all(
                &self.buckets,
                s.from_node,
                g.arrival_offset_ms(&s),
                true,
                &mut tmp,
            )?;
            for (a, b) in per_item.iter_mut().zip(tmp) {
                *a = (*a).min(b);
            }
        }
        let mut out = vec![INF; self.units.len()];
        for (k, &u) in self.items.iter().enumerate() {
            out[u] = per_item[k];
        }
        Ok(out)
    }

    fn excluded_summary(&self, inc: &Incident) -> String {
        let mut notes = Vec::new();
        for (i, u) in self.units.iter().enumerate() {
            if u.status != UnitStatus::Available {
                notes.push(format!("{} {}", u.id, u.status.label()));
            } else if !inc.priority.accepts(u.unit_type) {
                notes.push(format!("{} BLS cannot serve an immediate incident", u.id));
            } else if self.snaps[i].is_none() {
                notes.push(format!("{} not on the road network", u.id));
            }
        }
        if notes.is_empty() {
            String::new()
        } else {
            format!("; excluded: {}", notes.join(", "))
        }
    }

    /// The nearest capable available unit for one incident by road travel time.
    pub fn nearest_unit(&self, g: &PreparedGraph, inc: &Incident) -> Result<UnitChoice> {
        let targets = self.incident_targets(g, inc)?;
        self.nearest_unit_snapped(g, inc, &targets)
    }

    /// Like [`Dispatcher::nearest_unit`] with the incident already snapped (`targets` from
    /// [`PreparedGraph::snap_point`]): one upward walk per target scanning the unit buckets.
    pub fn nearest_unit_snapped(
        &self,
        g: &PreparedGraph,
        inc: &Incident,
        targets: &[Snap],
    ) -> Result<UnitChoice> {
        self.check(g)?;
        let mut best: Option<(usize, u32)> = None;
        for s in targets {
            let units = &self.units;
            let items = &self.items;
            let prio = inc.priority;
            let found = g.scan_buckets(
                &self.buckets,
                s.from_node,
                g.arrival_offset_ms(s),
                true,
                |item| {
                    items
                        .get(item as usize)
                        .and_then(|&u| units.get(u))
                        .is_some_and(|u| prio.accepts(u.unit_type))
                },
            )?;
            if let Some((item, t)) = found {
                let u = self.items[item as usize];
                if best.is_none_or(|(bu, bt)| t < bt || (t == bt && u < bu)) {
                    best = Some((u, t));
                }
            }
        }
        let capable = self
            .items
            .iter()
            .filter(|&&u| inc.priority.accepts(self.units[u].unit_type))
            .count();
        Ok(match best {
            Some((u, t)) => {
                let unit = &self.units[u];
                UnitChoice {
                    incident_id: inc.id.clone(),
                    unit_id: Some(unit.id.clone()),
                    eta_ms: Some(t),
                    eta_s: Some(t as f64 / 1000.0),
                    reason: format!(
                        "{} ({}) is the nearest of {} capable available units by road: ETA {}{}",
                        unit.id,
                        if unit.unit_type == UnitType::Als {
                            "ALS"
                        } else {
                            "BLS"
                        },
                        capable,
                        fmt_eta(t),
                        self.excluded_summary(inc)
                    ),
                }
            }
            None => UnitChoice {
                incident_id: inc.id.clone(),
                unit_id: None,
                eta_ms: None,
                eta_s: None,
                reason: format!(
                    "no capable available unit can reach the incident{}",
                    self.excluded_summary(inc)
                ),
            },
        })
    }

    /// Nearest unit for each incident independently (a unit may be chosen more than once).
    pub fn nearest_units(
        &self,
        g: &PreparedGraph,
        incidents: &[Incident],
    ) -> Result<Vec<UnitChoice>> {
        incidents.iter().map(|i| self.nearest_unit(g, i)).collect()
    }

    /// Assigns distinct units to several incidents at once. Serves as many incidents as
    /// possible, and among those plans minimizes the total ETA (exact, Hungarian method).
    pub fn assign(&self, g: &PreparedGraph, incidents: &[Incident]) -> Result<AssignmentPlan> {
        self.check(g)?;
        let rows = incidents.len();
        let cols = self.units.len() + rows; // one "unassigned" column per incident
        let mut etas = Vec::with_capacity(rows);
        for inc in incidents {
            etas.push(self.etas_to(g, inc)?);
        }
        // Cost: feasible ETA; infeasible larger than any sum of feasible ones; unassigned larger still.
        let feasible_sum: i64 = etas
            .iter()
            .flatten()
            .filter(|&&t| t != INF)
            .map(|&t| t as i64)
            .sum::<i64>()
            + 1;
        let forbidden = feasible_sum * 4 + 4;
        let unassigned = feasible_sum;
        let mut cost = vec![forbidden; rows * cols];
        for (r, inc) in incidents.iter().enumerate() {
            for (c, u) in self.units.iter().enumerate() {
                let t = etas[r][c];
                if t != INF && inc.priority.accepts(u.unit_type) {
                    cost[r * cols + c] = t as i64;
                }
            }
            cost[r * cols + self.units.len() + r] = unassigned;
        }
        let plan = min_cost_assignment(&cost, rows, cols)
            .ok_or_else(|| RoutingError::Dispatch("assignment failed".into()))?;
        let mut choices = Vec::with_capacity(rows);
        let mut total = 0u64;
        for (r, inc) in incidents.iter().enumerate() {
            let c = plan[r];
            if c < self.units.len() && cost[r * cols + c] < unassigned {
                let t = etas[r][c];
                total += t as u64;
                let nearest = self.nearest_unit(g, inc)?;
                let unit = &self.units[c];
                let why = if nearest.unit_id.as_deref() == Some(unit.id.as_str()) {
                    "its nearest capable unit".to_string()
                } else {
                    format!(
                        "{} is nearer ({}) but serving it elsewhere gives a lower total response time",
                        nearest.unit_id.unwrap_or_default(),
                        nearest.eta_ms.map(fmt_eta).unwrap_or_default()
                    )
                };
                choices.push(UnitChoice {
                    incident_id: inc.id.clone(),
                    unit_id: Some(unit.id.clone()),
                    eta_ms: Some(t),
                    eta_s: Some(t as f64 / 1000.0),
                    reason: format!("{} assigned, ETA {}: {}", unit.id, fmt_eta(t), why),
                });
            } else {
                choices.push(UnitChoice {
                    incident_id: inc.id.clone(),
                    unit_id: None,
                    eta_ms: None,
                    eta_s: None,
                    reason: "no capable available unit left for this incident".into(),
                });
            }
        }
        Ok(AssignmentPlan {
            choices,
            total_response_s: total as f64 / 1000.0,
        })
    }

    /// ETA and route of one unit (by id) to a destination, from its last fix.
    pub fn eta(
        &self,
        g: &PreparedGraph,
        unit_id: &str,
        destination: LatLon,
    ) -> Result<Option<Route>> {
        let u = self
            .units
            .iter()
            .find(|u| u.id == unit_id)
            .ok_or_else(|| RoutingError::Dispatch(format!("unknown unit {unit_id}")))?;
        let from = g.snap(
            u.last_fix.position,
            u.last_fix.heading_deg,
            self.snap_radius_m,
        )?;
        let to = g.snap_point(destination, self.snap_radius_m)?;
        g.route_between_snaps(&[from], &to)
    }
}

impl PreparedGraph {
    pub(crate) fn scan_buckets_all(
        &self,
        b: &Buckets,
        start: u32,
        offset: u32,
        buckets_forward: bool,
        out: &mut [u32],
    ) -> Result<()> {
        let r = self.rank_of(start)?;
        self.with_scratch(|sc| {
            b.scan_all(
                &self.topo,
                &self.metric,
                sc,
                r,
                offset,
                buckets_forward,
                out,
            )
        });
        Ok(())
    }
}
