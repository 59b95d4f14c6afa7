//! Road routing for emergency services: a prepared graph object (the bundled Andorra map or a
//! prepared file), travel times, routes, matrices, snapping, live traffic, dispatch (nearest
//! units, assignment, ETA), hospital choice, station coverage and geofences. Node ids are
//! `UInt`; travel times are integer milliseconds (exact) with seconds alongside.

use crate::{guard, MedcoreError};
use medcore::routing as core;
use std::sync::{Arc, Mutex, RwLock};

/// A WGS84 position in degrees.
#[derive(Debug, Clone, Copy, PartialEq, uniffi::Record)]
pub struct LatLon {
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
}

impl From<LatLon> for core::LatLon {
    fn from(p: LatLon) -> Self {
        core::LatLon {
            lat: p.lat,
            lon: p.lon,
        }
    }
}

impl From<core::LatLon> for LatLon {
    fn from(p: core::LatLon) -> Self {
        LatLon {
            lat: p.lat,
            lon: p.lon,
        }
    }
}

/// The vehicle profile a graph is prepared for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum RoutingProfile {
    /// An ordinary car: road speeds, one-way streets.
    Car,
    /// An emergency vehicle.
    Emergency,
}

impl From<RoutingProfile> for core::Profile {
    fn from(p: RoutingProfile) -> Self {
        match p {
            RoutingProfile::Car => core::Profile::car(),
            RoutingProfile::Emergency => core::Profile::emergency(),
        }
    }
}

/// A shortest route.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct RoutingRoute {
    /// Travel time, milliseconds (exact).
    pub travel_time_ms: u32,
    /// Travel time, seconds.
    pub travel_time_s: f64,
    /// Length, metres.
    pub distance_m: f64,
    /// Graph nodes from source to target.
    pub nodes: Vec<u32>,
    /// Graph edges from source to target.
    pub edges: Vec<u32>,
    /// The polyline.
    pub coordinates: Vec<LatLon>,
}

impl From<core::Route> for RoutingRoute {
    fn from(r: core::Route) -> Self {
        RoutingRoute {
            travel_time_ms: r.travel_time_ms,
            travel_time_s: r.travel_time_s,
            distance_m: r.distance_m,
            nodes: r.nodes,
            edges: r.edges,
            coordinates: r.coordinates.into_iter().map(Into::into).collect(),
        }
    }
}

/// A (from, to) node pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Record)]
pub struct RoutingPair {
    /// Source node.
    pub from: u32,
    /// Target node.
    pub to: u32,
}

/// Sizes and timings of a preparation.
#[derive(Debug, Clone, Copy, PartialEq, uniffi::Record)]
pub struct RoutingStats {
    /// Graph nodes.
    pub nodes: u32,
    /// Graph edges.
    pub edges: u32,
    /// Hierarchy arcs.
    pub arcs: u32,
    /// Milliseconds spent ordering nodes.
    pub order_ms: f64,
    /// Milliseconds spent building the hierarchy topology.
    pub topology_ms: f64,
    /// Milliseconds spent customizing (weights).
    pub customize_ms: f64,
}

/// A GPS position snapped to a road edge.
#[derive(Debug, Clone, Copy, PartialEq, uniffi::Record)]
pub struct RoutingSnap {
    /// The directed edge.
    pub edge: u32,
    /// Its tail node.
    pub from_node: u32,
    /// Its head node.
    pub to_node: u32,
    /// Position along the edge, 0 at the tail and 1 at the head.
    pub fraction: f64,
    /// The snapped point on the road.
    pub point: LatLon,
    /// Distance from the GPS position to the road, metres.
    pub distance_m: f64,
    /// Direction of travel on the edge at the snapped point, degrees from north.
    pub edge_bearing_deg: f64,
}

/// A live speed factor for one edge (1 = free flow, 0.5 = half speed, 0 = closed).
#[derive(Debug, Clone, Copy, PartialEq, uniffi::Record)]
pub struct RoutingSpeedFactor {
    /// Edge id.
    pub edge: u32,
    /// Speed multiplier.
    pub factor: f64,
}

/// An OpenStreetMap road class.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
#[allow(missing_docs)]
pub enum RoadClass {
    Motorway,
    MotorwayLink,
    Trunk,
    TrunkLink,
    Primary,
    PrimaryLink,
    Secondary,
    SecondaryLink,
    Tertiary,
    TertiaryLink,
    Unclassified,
    Residential,
    LivingStreet,
    Service,
    Road,
    Other,
}

impl From<RoadClass> for core::RoadClass {
    fn from(c: RoadClass) -> Self {
        use core::RoadClass as C;
        match c {
            RoadClass::Motorway => C::Motorway,
            RoadClass::MotorwayLink => C::MotorwayLink,
            RoadClass::Trunk => C::Trunk,
            RoadClass::TrunkLink => C::TrunkLink,
            RoadClass::Primary => C::Primary,
            RoadClass::PrimaryLink => C::PrimaryLink,
            RoadClass::Secondary => C::Secondary,
            RoadClass::SecondaryLink => C::SecondaryLink,
            RoadClass::Tertiary => C::Tertiary,
            RoadClass::TertiaryLink => C::TertiaryLink,
            RoadClass::Unclassified => C::Unclassified,
            RoadClass::Residential => C::Residential,
            RoadClass::LivingStreet => C::LivingStreet,
            RoadClass::Service => C::Service,
            RoadClass::Road => C::Road,
            RoadClass::Other => C::Other,
        }
    }
}

/// Hourly speed factors (24 values, hour 0 = 00:00-00:59 local time) for one road class.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct RoutingClassHourlyFactors {
    /// The road class.
    pub class: RoadClass,
    /// 24 speed multipliers.
    pub factors: Vec<f64>,
}

/// An ambulance's capability level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum DispatchUnitType {
    /// Advanced life support.
    Als,
    /// Basic life support.
    Bls,
}

/// A unit's status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
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
#[derive(Debug, Clone, Copy, PartialEq, uniffi::Record)]
pub struct GpsFix {
    /// Position.
    pub position: LatLon,
    /// Heading, degrees from north, when known.
    #[uniffi(default = None)]
    pub heading_deg: Option<f64>,
    /// Unix time of the fix, seconds.
    #[uniffi(default = 0)]
    pub timestamp_s: i64,
}

/// One ambulance.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct DispatchUnit {
    /// Unit id.
    pub id: String,
    /// ALS or BLS.
    pub unit_type: DispatchUnitType,
    /// Current status.
    pub status: UnitStatus,
    /// Last GPS fix.
    pub last_fix: GpsFix,
}

/// Incident priority.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum IncidentPriority {
    /// Immediate threat to life: ALS required.
    Immediate,
    /// Urgent: any unit.
    Urgent,
    /// Not urgent: any unit.
    NonUrgent,
}

/// An incident to serve.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Incident {
    /// Incident id.
    pub id: String,
    /// Location.
    pub location: LatLon,
    /// Priority.
    pub priority: IncidentPriority,
}

impl From<Incident> for core::Incident {
    fn from(i: Incident) -> Self {
        core::Incident {
            id: i.id,
            location: i.location.into(),
            priority: match i.priority {
                IncidentPriority::Immediate => core::Priority::Immediate,
                IncidentPriority::Urgent => core::Priority::Urgent,
                IncidentPriority::NonUrgent => core::Priority::NonUrgent,
            },
        }
    }
}

/// The unit chosen for an incident, with the reason.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct UnitChoice {
    /// Incident id.
    pub incident_id: String,
    /// Chosen unit id, `null` when no capable available unit can reach the incident.
    pub unit_id: Option<String>,
    /// Road ETA, milliseconds.
    pub eta_ms: Option<u32>,
    /// Road ETA, seconds.
    pub eta_s: Option<f64>,
    /// Why this unit (or why none).
    pub reason: String,
}

impl From<core::UnitChoice> for UnitChoice {
    fn from(c: core::UnitChoice) -> Self {
        UnitChoice {
            incident_id: c.incident_id,
            unit_id: c.unit_id,
            eta_ms: c.eta_ms,
            eta_s: c.eta_s,
            reason: c.reason,
        }
    }
}

/// Several incidents assigned at once.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct AssignmentPlan {
    /// One choice per incident, in input order.
    pub choices: Vec<UnitChoice>,
    /// Sum of the ETAs of assigned incidents, seconds.
    pub total_response_s: f64,
}

/// A unit that could not be placed on the road network.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct UnplacedUnit {
    /// Unit id.
    pub unit_id: String,
    /// Why.
    pub reason: String,
}

/// A prepared road graph (contraction hierarchy) with live traffic. Queries may run from several
/// threads at once; traffic updates wait for running queries.
#[derive(uniffi::Object)]
pub struct RoutingGraph {
    inner: RwLock<core::PreparedGraph>,
}

impl RoutingGraph {
    fn read<T>(
        &self,
        f: impl FnOnce(&core::PreparedGraph) -> Result<T, core::RoutingError>,
    ) -> Result<T, MedcoreError> {
        guard(|| {
            let g = self
                .inner
                .read()
                .map_err(|_| MedcoreError::invalid("the graph was poisoned by a panic"))?;
            Ok(f(&g)?)
        })
    }

    fn write<T>(
        &self,
        f: impl FnOnce(&mut core::PreparedGraph) -> Result<T, core::RoutingError>,
    ) -> Result<T, MedcoreError> {
        guard(|| {
            let mut g = self
                .inner
                .write()
                .map_err(|_| MedcoreError::invalid("the graph was poisoned by a panic"))?;
            Ok(f(&mut g)?)
        })
    }
}

#[uniffi::export]
impl RoutingGraph {
    /// The bundled Andorra map (OpenStreetMap contributors, ODbL), prepared for `profile`.
    #[uniffi::constructor]
    pub fn andorra(profile: RoutingProfile) -> Result<Arc<Self>, MedcoreError> {
        guard(|| {
            Ok(Arc::new(RoutingGraph {
                inner: RwLock::new(core::bundled_andorra(&profile.into())?),
            }))
        })
    }

    /// A graph from the bytes of a prepared file (`save()` or `medcore route prepare`).
    #[uniffi::constructor]
    pub fn load(data: Vec<u8>) -> Result<Arc<Self>, MedcoreError> {
        guard(|| {
            Ok(Arc::new(RoutingGraph {
                inner: RwLock::new(core::load_prepared(&data)?),
            }))
        })
    }

    /// The prepared file's bytes.
    pub fn save(&self) -> Result<Vec<u8>, MedcoreError> {
        self.read(|g| Ok(core::save_prepared(g)))
    }

    /// Number of nodes.
    pub fn num_nodes(&self) -> Result<u32, MedcoreError> {
        self.read(|g| Ok(g.graph().num_nodes()))
    }

    /// Number of edges.
    pub fn num_edges(&self) -> Result<u32, MedcoreError> {
        self.read(|g| Ok(g.graph().num_edges()))
    }

    /// Preparation sizes and timings.
    pub fn stats(&self) -> Result<RoutingStats, MedcoreError> {
        self.read(|g| {
            let s = g.stats();
            Ok(RoutingStats {
                nodes: s.nodes,
                edges: s.edges,
                arcs: s.arcs,
                order_ms: s.order_ms,
                topology_ms: s.topology_ms,
                customize_ms: s.customize_ms,
            })
        })
    }

    /// The position of a node, `null` when out of range.
    pub fn coord(&self, node: u32) -> Result<Option<LatLon>, MedcoreError> {
        self.read(|g| Ok(g.graph().coord(node).map(Into::into)))
    }

    /// Exact shortest travel time (ms) from node to node, `null` when unreachable.
    pub fn travel_time(&self, from: u32, to: u32) -> Result<Option<u32>, MedcoreError> {
        self.read(|g| g.travel_time(from, to))
    }

    /// Travel times of many node pairs in one call, in order.
    pub fn travel_time_batch(
        &self,
        pairs: Vec<RoutingPair>,
    ) -> Result<Vec<Option<u32>>, MedcoreError> {
        let p: Vec<(u32, u32)> = pairs.iter().map(|p| (p.from, p.to)).collect();
        self.read(|g| g.travel_time_batch(&p))
    }

    /// The fastest route, `null` when unreachable.
    pub fn route(&self, from: u32, to: u32) -> Result<Option<RoutingRoute>, MedcoreError> {
        self.read(|g| Ok(g.route(from, to)?.map(Into::into)))
    }

    /// Routes of many node pairs in one call, in order.
    pub fn route_batch(
        &self,
        pairs: Vec<RoutingPair>,
    ) -> Result<Vec<Option<RoutingRoute>>, MedcoreError> {
        let p: Vec<(u32, u32)> = pairs.iter().map(|p| (p.from, p.to)).collect();
        self.read(|g| {
            Ok(g.route_batch(&p)?
                .into_iter()
                .map(|r| r.map(Into::into))
                .collect())
        })
    }

    /// Travel times from one node to many.
    pub fn one_to_many(
        &self,
        from: u32,
        targets: Vec<u32>,
    ) -> Result<Vec<Option<u32>>, MedcoreError> {
        self.read(|g| g.one_to_many(from, &targets))
    }

    /// The travel-time matrix (ms), one row per source.
    pub fn matrix(
        &self,
        sources: Vec<u32>,
        targets: Vec<u32>,
    ) -> Result<Vec<Vec<Option<u32>>>, MedcoreError> {
        self.read(|g| {
            let m = g.matrix(&sources, &targets)?;
            Ok((0..m.sources)
                .map(|i| (0..m.targets).map(|j| m.get(i, j)).collect())
                .collect())
        })
    }

    /// Plain Dijkstra on the current weights (a reference for checking).
    pub fn dijkstra_travel_time(&self, from: u32, to: u32) -> Result<Option<u32>, MedcoreError> {
        self.read(|g| g.dijkstra_travel_time(from, to))
    }

    /// Snaps a GPS position to the nearest road within `radius_m` (heading-aware when given).
    pub fn snap(
        &self,
        position: LatLon,
        heading_deg: Option<f64>,
        radius_m: f64,
    ) -> Result<RoutingSnap, MedcoreError> {
        self.read(|g| {
            let s = g.snap(position.into(), heading_deg, radius_m)?;
            Ok(RoutingSnap {
                edge: s.edge,
                from_node: s.from_node,
                to_node: s.to_node,
                fraction: s.fraction,
                point: s.point.into(),
                distance_m: s.distance_m,
                edge_bearing_deg: s.edge_bearing_deg,
            })
        })
    }

    /// The fastest route between two GPS positions (each snapped within `radius_m`).
    pub fn route_between_points(
        &self,
        from: LatLon,
        to: LatLon,
        radius_m: f64,
    ) -> Result<Option<RoutingRoute>, MedcoreError> {
        self.read(|g| {
            Ok(g.route_between_points(from.into(), to.into(), radius_m)?
                .map(Into::into))
        })
    }

    /// Live traffic: speed factors per edge, then re-customization.
    pub fn set_speed_factors(&self, updates: Vec<RoutingSpeedFactor>) -> Result<(), MedcoreError> {
        let u: Vec<core::EdgeSpeedFactor> = updates
            .iter()
            .map(|u| core::EdgeSpeedFactor {
                edge: u.edge,
                factor: u.factor,
            })
            .collect();
        self.write(|g| g.set_speed_factors(&u))
    }

    /// Applies a time-of-day profile (`null`: the built-in urban weekday profile) at
    /// `second_of_day`, then re-customizes.
    pub fn set_time_of_day(
        &self,
        second_of_day: u32,
        profile: Option<Vec<RoutingClassHourlyFactors>>,
    ) -> Result<(), MedcoreError> {
        let p = match profile {
            Some(classes) => core::TimeOfDayProfile {
                classes: classes
                    .into_iter()
                    .map(|c| core::ClassHourlyFactors {
                        class: c.class.into(),
                        factors: c.factors,
                    })
                    .collect(),
            },
            None => core::TimeOfDayProfile::urban_weekday(),
        };
        self.write(|g| g.set_time_of_day(Some((p, second_of_day))))
    }

    /// Removes all traffic (free flow) and re-customizes.
    pub fn clear_traffic(&self) -> Result<(), MedcoreError> {
        self.write(|g| {
            g.clear_traffic();
            Ok(())
        })
    }
}

/// Fleet state over a graph: where each available unit joins the road network.
#[derive(uniffi::Object)]
pub struct Dispatcher {
    inner: core::Dispatcher,
    graph: Arc<RoutingGraph>,
}

#[uniffi::export]
impl Dispatcher {
    /// Places the units on the graph (each snapped within `snap_radius_m`; units that cannot be
    /// placed are listed by `unplaced`).
    #[uniffi::constructor(default(snap_radius_m = 500.0))]
    pub fn new(
        graph: Arc<RoutingGraph>,
        units: Vec<DispatchUnit>,
        snap_radius_m: f64,
    ) -> Result<Arc<Self>, MedcoreError> {
        let units: Vec<core::Unit> = units
            .into_iter()
            .map(|u| core::Unit {
                id: u.id,
                unit_type: match u.unit_type {
                    DispatchUnitType::Als => core::UnitType::Als,
                    DispatchUnitType::Bls => core::UnitType::Bls,
                },
                status: match u.status {
                    UnitStatus::Available => core::UnitStatus::Available,
                    UnitStatus::EnRoute => core::UnitStatus::EnRoute,
                    UnitStatus::OnScene => core::UnitStatus::OnScene,
                    UnitStatus::Transporting => core::UnitStatus::Transporting,
                    UnitStatus::OutOfService => core::UnitStatus::OutOfService,
                },
                last_fix: core::GpsFix {
                    position: u.last_fix.position.into(),
                    heading_deg: u.last_fix.heading_deg,
                    timestamp_s: u.last_fix.timestamp_s,
                },
            })
            .collect();
        let inner = graph.read(|g| core::Dispatcher::new(g, &units, snap_radius_m))?;
        Ok(Arc::new(Dispatcher { inner, graph }))
    }

    /// Units that could not be placed on the road network, with the reason.
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

    /// The nearest capable available unit for an incident, with the reason for the choice.
    pub fn nearest_unit(&self, incident: Incident) -> Result<UnitChoice, MedcoreError> {
        self.graph
            .read(|g| Ok(self.inner.nearest_unit(g, &incident.into())?.into()))
    }

    /// The nearest unit for each incident independently (a unit may be chosen more than once).
    pub fn nearest_units(&self, incidents: Vec<Incident>) -> Result<Vec<UnitChoice>, MedcoreError> {
        let incs: Vec<core::Incident> = incidents.into_iter().map(Into::into).collect();
        self.graph.read(|g| {
            Ok(self
                .inner
                .nearest_units(g, &incs)?
                .into_iter()
                .map(Into::into)
                .collect())
        })
    }

    /// Distinct units for several incidents at once, minimizing the total ETA.
    pub fn assign(&self, incidents: Vec<Incident>) -> Result<AssignmentPlan, MedcoreError> {
        let incs: Vec<core::Incident> = incidents.into_iter().map(Into::into).collect();
        self.graph.read(|g| {
            let p = self.inner.assign(g, &incs)?;
            Ok(AssignmentPlan {
                choices: p.choices.into_iter().map(Into::into).collect(),
                total_response_s: p.total_response_s,
            })
        })
    }

    /// ETA and route of one unit (by id) to a destination, `null` when unreachable.
    pub fn eta(
        &self,
        unit_id: String,
        destination: LatLon,
    ) -> Result<Option<RoutingRoute>, MedcoreError> {
        self.graph.read(|g| {
            Ok(self
                .inner
                .eta(g, &unit_id, destination.into())?
                .map(Into::into))
        })
    }
}

/// A hospital's stroke capability.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum StrokeCapability {
    /// No stroke service.
    None,
    /// Primary stroke centre (thrombolysis).
    Primary,
    /// Thrombectomy-capable / comprehensive stroke centre.
    Thrombectomy,
}

/// A receiving hospital.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Hospital {
    /// Hospital id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Location (ambulance entrance).
    pub location: LatLon,
    /// Trauma centre level (1 = highest), `null` when not a trauma centre.
    #[uniffi(default = None)]
    pub trauma_level: Option<u8>,
    /// Stroke capability.
    #[uniffi(default = None)]
    pub stroke: Option<StrokeCapability>,
    /// Cath lab (PCI) available.
    #[uniffi(default = false)]
    pub pci: bool,
    /// Burns unit.
    #[uniffi(default = false)]
    pub burns: bool,
    /// Paediatric emergency service.
    #[uniffi(default = false)]
    pub paediatric: bool,
    /// Emergency department on diversion.
    #[uniffi(default = false)]
    pub on_diversion: bool,
    /// Beds available.
    pub beds_available: u32,
}

/// The patient's working diagnosis for destination purposes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum PatientCondition {
    /// Major trauma.
    MajorTrauma,
    /// Suspected large-vessel-occlusion stroke.
    StrokeLvo,
    /// Stroke without suspected LVO.
    Stroke,
    /// ST-elevation myocardial infarction.
    Stemi,
    /// Major burns.
    Burns,
    /// Anything else.
    General,
}

/// What the patient needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Record)]
pub struct PatientNeeds {
    /// Working diagnosis.
    pub condition: PatientCondition,
    /// The patient is a child.
    #[uniffi(default = false)]
    pub paediatric: bool,
}

/// How a hospital was judged.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct HospitalAssessment {
    /// Hospital id.
    pub hospital_id: String,
    /// Road travel time, seconds (`null` when unreachable).
    pub travel_time_s: Option<f64>,
    /// Meets the capability requirement.
    pub capable: bool,
    /// Open (not on diversion, has beds).
    pub open: bool,
    /// Human note.
    pub note: String,
}

/// Why the chosen hospital was chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum SelectionBasis {
    /// Fastest capable and open hospital.
    CapableOpen,
    /// No capable hospital is open: fastest capable one despite diversion or no beds.
    CapableDespiteDiversion,
    /// No capable hospital reachable: fastest open hospital to stabilise and transfer.
    NearestOpen,
}

/// The hospital choice, with every hospital's assessment.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct HospitalChoice {
    /// Chosen hospital id.
    pub hospital_id: String,
    /// Road travel time, seconds.
    pub travel_time_s: f64,
    /// Machine-readable basis.
    pub basis: SelectionBasis,
    /// Human-readable reason.
    pub reason: String,
    /// Every hospital, fastest first.
    pub assessments: Vec<HospitalAssessment>,
}

/// Chooses the destination hospital for a patient at `from`: capabilities, diversion and beds
/// first, then road travel time; the result carries the reason.
#[uniffi::export(default(radius_m = 500.0))]
pub fn routing_select_hospital(
    graph: Arc<RoutingGraph>,
    from: LatLon,
    needs: PatientNeeds,
    hospitals: Vec<Hospital>,
    radius_m: f64,
) -> Result<HospitalChoice, MedcoreError> {
    let needs = core::PatientNeeds {
        condition: match needs.condition {
            PatientCondition::MajorTrauma => core::Condition::MajorTrauma,
            PatientCondition::StrokeLvo => core::Condition::StrokeLvo,
            PatientCondition::Stroke => core::Condition::Stroke,
            PatientCondition::Stemi => core::Condition::Stemi,
            PatientCondition::Burns => core::Condition::Burns,
            PatientCondition::General => core::Condition::General,
        },
        paediatric: needs.paediatric,
    };
    let hospitals: Vec<core::Hospital> = hospitals
        .into_iter()
        .map(|h| core::Hospital {
            id: h.id,
            name: h.name,
            location: h.location.into(),
            trauma_level: h.trauma_level,
            stroke: match h.stroke {
                None | Some(StrokeCapability::None) => core::StrokeCapability::None,
                Some(StrokeCapability::Primary) => core::StrokeCapability::Primary,
                Some(StrokeCapability::Thrombectomy) => core::StrokeCapability::Thrombectomy,
            },
            pci: h.pci,
            burns: h.burns,
            paediatric: h.paediatric,
            on_diversion: h.on_diversion,
            beds_available: h.beds_available,
        })
        .collect();
    graph.read(|g| {
        let c = core::select_hospital(g, from.into(), &needs, &hospitals, radius_m)?;
        Ok(HospitalChoice {
            hospital_id: c.hospital_id,
            travel_time_s: c.travel_time_s,
            basis: match c.basis {
                core::SelectionBasis::CapableOpen => SelectionBasis::CapableOpen,
                core::SelectionBasis::CapableDespiteDiversion => {
                    SelectionBasis::CapableDespiteDiversion
                }
                core::SelectionBasis::NearestOpen => SelectionBasis::NearestOpen,
            },
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

/// A station (for coverage).
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Station {
    /// Station id.
    pub id: String,
    /// Location.
    pub location: LatLon,
}

/// Coverage of one station.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct StationCoverage {
    /// Station id.
    pub station_id: String,
    /// Graph nodes reachable within the limit, sorted.
    pub nodes: Vec<u32>,
    /// Share of all graph nodes.
    pub fraction: f64,
}

/// Coverage of a set of stations.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct CoverageReport {
    /// Time limit, minutes.
    pub minutes: f64,
    /// Per station.
    pub stations: Vec<StationCoverage>,
    /// Nodes reached by at least one station.
    pub covered_nodes: u32,
    /// Share of all nodes reached by at least one station.
    pub covered_fraction: f64,
    /// Nodes reached by no station (the coverage gap), sorted.
    pub uncovered: Vec<u32>,
}

/// What every station reaches by road within `minutes`, and the gaps.
#[uniffi::export(default(radius_m = 500.0))]
pub fn routing_coverage(
    graph: Arc<RoutingGraph>,
    stations: Vec<Station>,
    minutes: f64,
    radius_m: f64,
) -> Result<CoverageReport, MedcoreError> {
    let st: Vec<core::Station> = stations
        .into_iter()
        .map(|s| core::Station {
            id: s.id,
            location: s.location.into(),
        })
        .collect();
    graph.read(|g| {
        let r = core::coverage(g, &st, minutes, radius_m)?;
        Ok(CoverageReport {
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
        })
    })
}

/// Nodes reachable from a position within `minutes` under the current weights.
#[uniffi::export(default(radius_m = 500.0))]
pub fn routing_isochrone(
    graph: Arc<RoutingGraph>,
    from: LatLon,
    minutes: f64,
    radius_m: f64,
) -> Result<Vec<u32>, MedcoreError> {
    graph.read(|g| core::isochrone(g, from.into(), minutes, radius_m))
}

/// Great-circle distance in metres between two positions.
#[uniffi::export]
pub fn routing_haversine_m(a: LatLon, b: LatLon) -> f64 {
    core::haversine_m(a.into(), b.into())
}

/// A geofence: an exterior ring of at least three positions (closing point optional).
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct GeofenceDef {
    /// Geofence id.
    pub id: String,
    /// The ring.
    pub polygon: Vec<LatLon>,
}

/// One position of a unit's track.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct TrackPoint {
    /// Unit id.
    pub unit_id: String,
    /// Unix time, seconds.
    pub timestamp_s: i64,
    /// Position.
    pub position: LatLon,
}

impl From<TrackPoint> for core::TrackPoint {
    fn from(t: TrackPoint) -> Self {
        core::TrackPoint {
            unit_id: t.unit_id,
            timestamp_s: t.timestamp_s,
            position: t.position.into(),
        }
    }
}

/// Enter or exit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum GeofenceEventKind {
    /// The unit is now inside.
    Enter,
    /// The unit is now outside.
    Exit,
}

/// A geofence event.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct GeofenceEvent {
    /// Unit id.
    pub unit_id: String,
    /// Geofence id.
    pub geofence_id: String,
    /// Enter or exit.
    pub kind: GeofenceEventKind,
    /// Time of the fix that revealed the change.
    pub timestamp_s: i64,
    /// Position of that fix.
    pub position: LatLon,
}

fn events(e: Vec<core::GeofenceEvent>) -> Vec<GeofenceEvent> {
    e.into_iter()
        .map(|e| GeofenceEvent {
            unit_id: e.unit_id,
            geofence_id: e.geofence_id,
            kind: match e.kind {
                core::GeofenceEventKind::Enter => GeofenceEventKind::Enter,
                core::GeofenceEventKind::Exit => GeofenceEventKind::Exit,
            },
            timestamp_s: e.timestamp_s,
            position: e.position.into(),
        })
        .collect()
}

/// Polygon geofences with enter/exit events from GPS tracks (keeps per-unit state).
#[derive(uniffi::Object)]
pub struct GeofenceSet {
    inner: Mutex<core::GeofenceSet>,
}

impl GeofenceSet {
    fn with<T>(&self, f: impl FnOnce(&mut core::GeofenceSet) -> T) -> Result<T, MedcoreError> {
        guard(|| {
            let mut s = self
                .inner
                .lock()
                .map_err(|_| MedcoreError::invalid("the geofence set was poisoned by a panic"))?;
            Ok(f(&mut s))
        })
    }
}

#[uniffi::export]
impl GeofenceSet {
    /// Builds the set; rejects rings with fewer than three distinct valid positions.
    #[uniffi::constructor]
    pub fn new(defs: Vec<GeofenceDef>) -> Result<Arc<Self>, MedcoreError> {
        guard(|| {
            let d: Vec<core::GeofenceDef> = defs
                .into_iter()
                .map(|d| core::GeofenceDef {
                    id: d.id,
                    polygon: d.polygon.into_iter().map(Into::into).collect(),
                })
                .collect();
            Ok(Arc::new(GeofenceSet {
                inner: Mutex::new(core::GeofenceSet::new(&d)?),
            }))
        })
    }

    /// Ids of the fences containing a position.
    pub fn containing(&self, position: LatLon) -> Result<Vec<String>, MedcoreError> {
        self.with(|s| s.containing(position.into()))
    }

    /// Feeds one GPS fix; returns the enter/exit events it reveals.
    pub fn update(&self, fix: TrackPoint) -> Result<Vec<GeofenceEvent>, MedcoreError> {
        self.with(|s| events(s.update(&fix.into())))
    }

    /// Feeds a whole track; returns every event in order.
    pub fn process_track(
        &self,
        track: Vec<TrackPoint>,
    ) -> Result<Vec<GeofenceEvent>, MedcoreError> {
        let t: Vec<core::TrackPoint> = track.into_iter().map(Into::into).collect();
        self.with(|s| events(s.process_track(&t)))
    }

    /// Forgets which fences each unit is in.
    pub fn reset(&self) -> Result<(), MedcoreError> {
        self.with(|s| s.reset())
    }
}
