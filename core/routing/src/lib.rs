//! medcore routing: road graphs from OpenStreetMap, exact fast shortest paths, ambulance
//! dispatch, hospital selection and geofences, all in process.
//!
//! - [`RoadGraph`] from an OSM PBF ([`road_graph_from_pbf`], car or emergency [`Profile`]) or an
//!   edge list ([`RoadGraph::from_edge_list`]).
//! - [`PreparedGraph`]: a customizable contraction hierarchy (nested-dissection order, chordal
//!   completion, customization). Queries are exact: travel times are integer milliseconds.
//!   Traffic updates re-run only the customization. Saved with [`save_prepared`], loaded with
//!   [`load_prepared`].
//! - Snapping ([`PreparedGraph::snap`]), dispatch ([`Dispatcher`]), hospital selection
//!   ([`select_hospital`]), geofences ([`GeofenceSet`]) and coverage ([`coverage`]).
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod bundled;
mod cch;
mod coverage;
mod dijkstra;
mod dispatch;
mod error;
mod file;
mod geofence;
mod geometry;
mod graph;
mod hospital;
mod hungarian;
mod order;
mod osm;
mod prepared;
mod profile;
mod query;
mod scc;
mod snap;
mod traffic;

pub use bundled::{bundled_andorra, ANDORRA_PBF};
pub use coverage::{coverage, isochrone, CoverageReport, Station, StationCoverage};
pub use dijkstra::{dijkstra_bounded, dijkstra_time};
pub use dispatch::{
    AssignmentPlan, Dispatcher, GpsFix, Incident, Priority, Unit, UnitChoice, UnitStatus, UnitType,
    UnplacedUnit,
};
pub use error::{Result, RoutingError};
pub use file::{load_prepared, save_prepared, FORMAT_VERSION, MAGIC};
pub use geofence::{GeofenceDef, GeofenceEvent, GeofenceEventKind, GeofenceSet, TrackPoint};
pub use geometry::{bearing_deg, bearing_diff_deg, haversine_m, LatLon};
pub use graph::{Edge, RawEdge, RoadClass, RoadGraph, INF, NONE};
pub use hospital::{
    requirement, select_hospital, Condition, Hospital, HospitalAssessment, HospitalChoice,
    PatientNeeds, SelectionBasis, StrokeCapability,
};
pub use hungarian::min_cost_assignment;
pub use osm::{road_graph_from_pbf, ImportReport};
pub use prepared::{Matrix, PrepareStats, PreparedGraph, Route};
pub use profile::{parse_maxspeed, Profile, WayRule};
pub use snap::{Snap, CANDIDATE_MARGIN_M, HEADING_PENALTY_M_PER_DEG, MAX_HEADING_DIFF_DEG};
pub use traffic::{ClassHourlyFactors, EdgeSpeedFactor, TimeOfDayProfile};
