//! `medcore.routing`: prepared road graphs held as handles (bundled Andorra or a prepared
//! file), travel times, routes, matrices, snapping, traffic updates, dispatch, hospital
//! choice, geofences and coverage. Plain data (positions, units, incidents, hospitals) are
//! dicts shaped like the core's types; node ids are ints; times are integer milliseconds.

use crate::conv::{from_py, list_from_py, to_py};
use crate::errors;
use medcore::routing as core;
use pyo3::prelude::*;
use pyo3::types::PyBytes;

/// Registers the `routing` child module of `medcore._native`.
pub(crate) fn register(parent: &Bound<'_, PyModule>) -> PyResult<()> {
    let m = PyModule::new(parent.py(), "routing")?;
    m.add_class::<Graph>()?;
    m.add_class::<Dispatcher>()?;
    m.add_class::<GeofenceSet>()?;
    m.add_function(wrap_pyfunction!(select_hospital, &m)?)?;
    m.add_function(wrap_pyfunction!(coverage, &m)?)?;
    m.add_function(wrap_pyfunction!(isochrone, &m)?)?;
    m.add_function(wrap_pyfunction!(haversine_m, &m)?)?;
    parent.add_submodule(&m)?;
    Ok(())
}

fn profile(name: &str) -> PyResult<core::Profile> {
    match name {
        "car" => Ok(core::Profile::car()),
        "emergency" => Ok(core::Profile::emergency()),
        other => Err(pyo3::exceptions::PyValueError::new_err(format!(
            "unknown profile `{other}` (car or emergency)"
        ))),
    }
}

fn latlon(lat: f64, lon: f64) -> core::LatLon {
    core::LatLon { lat, lon }
}

/// A prepared road graph: contraction-hierarchy queries, live traffic re-customization.
#[pyclass(module = "medcore.routing")]
struct Graph {
    inner: core::PreparedGraph,
}

#[pymethods]
impl Graph {
    /// The bundled Andorra map (OpenStreetMap, ODbL), prepared for `profile` (`car` or
    /// `emergency`).
    #[staticmethod]
    #[pyo3(signature = (profile = "car"))]
    fn andorra(py: Python<'_>, profile: &str) -> PyResult<Self> {
        let p = self::profile(profile)?;
        let inner = py
            .detach(|| core::bundled_andorra(&p))
            .map_err(errors::routing)?;
        Ok(Graph { inner })
    }
    /// A graph from the bytes of a prepared file (`save` or `medcore route prepare`).
    #[staticmethod]
    fn load(py: Python<'_>, data: &[u8]) -> PyResult<Self> {
        let inner = py
            .detach(|| core::load_prepared(data))
            .map_err(errors::routing)?;
        Ok(Graph { inner })
    }
    /// The prepared file's bytes.
    fn save<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, &core::save_prepared(&self.inner))
    }
    /// Number of nodes.
    #[getter]
    fn num_nodes(&self) -> u32 {
        self.inner.graph().num_nodes()
    }
    /// Number of edges.
    #[getter]
    fn num_edges(&self) -> u32 {
        self.inner.graph().num_edges()
    }
    /// Preparation statistics (sizes and timings).
    fn stats<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner.stats())
    }
    /// The position of a node as `(lat, lon)`, or None.
    fn coord(&self, node: u32) -> Option<(f64, f64)> {
        self.inner.graph().coord(node).map(|c| (c.lat, c.lon))
    }
    /// Travel time in milliseconds from node to node, None when unreachable.
    fn travel_time(&self, from_: u32, to: u32) -> PyResult<Option<u32>> {
        self.inner.travel_time(from_, to).map_err(errors::routing)
    }
    /// Travel times of many `(from, to)` node pairs in one call (the GIL released).
    fn travel_time_batch(
        &self,
        py: Python<'_>,
        pairs: Vec<(u32, u32)>,
    ) -> PyResult<Vec<Option<u32>>> {
        let g = &self.inner;
        py.detach(|| g.travel_time_batch(&pairs))
            .map_err(errors::routing)
    }
    /// The fastest route (dict: travel_time_ms, travel_time_s, distance_m, nodes, edges,
    /// coordinates), None when unreachable.
    fn route<'py>(&self, py: Python<'py>, from_: u32, to: u32) -> PyResult<Bound<'py, PyAny>> {
        let r = self.inner.route(from_, to).map_err(errors::routing)?;
        to_py(py, &r)
    }
    /// Routes of many node pairs (the GIL released).
    fn route_batch<'py>(
        &self,
        py: Python<'py>,
        pairs: Vec<(u32, u32)>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let g = &self.inner;
        let r = py
            .detach(|| g.route_batch(&pairs))
            .map_err(errors::routing)?;
        to_py(py, &r)
    }
    /// Travel times from one node to many.
    fn one_to_many(
        &self,
        py: Python<'_>,
        from_: u32,
        targets: Vec<u32>,
    ) -> PyResult<Vec<Option<u32>>> {
        let g = &self.inner;
        py.detach(|| g.one_to_many(from_, &targets))
            .map_err(errors::routing)
    }
    /// The travel-time matrix, one row per source (the GIL released).
    fn matrix(
        &self,
        py: Python<'_>,
        sources: Vec<u32>,
        targets: Vec<u32>,
    ) -> PyResult<Vec<Vec<Option<u32>>>> {
        let g = &self.inner;
        let m = py
            .detach(|| g.matrix(&sources, &targets))
            .map_err(errors::routing)?;
        Ok((0..m.sources)
            .map(|i| (0..m.targets).map(|j| m.get(i, j)).collect())
            .collect())
    }
    /// Plain Dijkstra on the current weights (a reference for checking).
    fn dijkstra_travel_time(&self, from_: u32, to: u32) -> PyResult<Option<u32>> {
        self.inner
            .dijkstra_travel_time(from_, to)
            .map_err(errors::routing)
    }
    /// Snaps a GPS position to the nearest road within `radius_m` (heading-aware when given).
    #[pyo3(signature = (lat, lon, heading_deg = None, radius_m = 200.0))]
    fn snap<'py>(
        &self,
        py: Python<'py>,
        lat: f64,
        lon: f64,
        heading_deg: Option<f64>,
        radius_m: f64,
    ) -> PyResult<Bound<'py, PyAny>> {
        let s = self
            .inner
            .snap(latlon(lat, lon), heading_deg, radius_m)
            .map_err(errors::routing)?;
        to_py(py, &s)
    }
    /// The fastest route between two GPS positions (each snapped within `radius_m`).
    #[pyo3(signature = (from_lat, from_lon, to_lat, to_lon, radius_m = 200.0))]
    fn route_between_points<'py>(
        &self,
        py: Python<'py>,
        from_lat: f64,
        from_lon: f64,
        to_lat: f64,
        to_lon: f64,
        radius_m: f64,
    ) -> PyResult<Bound<'py, PyAny>> {
        let r = self
            .inner
            .route_between_points(latlon(from_lat, from_lon), latlon(to_lat, to_lon), radius_m)
            .map_err(errors::routing)?;
        to_py(py, &r)
    }
    /// Live traffic: speed factors per edge (dicts `{edge, factor}`), then re-customization.
    fn set_speed_factors(&mut self, py: Python<'_>, updates: &Bound<'_, PyAny>) -> PyResult<()> {
        let u: Vec<core::EdgeSpeedFactor> = list_from_py(updates)?;
        let g = &mut self.inner;
        py.detach(|| g.set_speed_factors(&u))
            .map_err(errors::routing)
    }
    /// Applies a time-of-day profile (dict, or None for the built-in urban weekday profile)
    /// at `second_of_day`, then re-customizes.
    #[pyo3(signature = (second_of_day, profile = None))]
    fn set_time_of_day(
        &mut self,
        py: Python<'_>,
        second_of_day: u32,
        profile: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<()> {
        let p: core::TimeOfDayProfile = match profile {
            Some(p) => from_py(p)?,
            None => core::TimeOfDayProfile::urban_weekday(),
        };
        let g = &mut self.inner;
        py.detach(|| g.set_time_of_day(Some((p, second_of_day))))
            .map_err(errors::routing)
    }
    /// Removes all traffic (free flow) and re-customizes.
    fn clear_traffic(&mut self, py: Python<'_>) {
        let g = &mut self.inner;
        py.detach(|| g.clear_traffic())
    }
    fn __repr__(&self) -> String {
        format!(
            "Graph(nodes={}, edges={})",
            self.inner.graph().num_nodes(),
            self.inner.graph().num_edges()
        )
    }
}

/// Fleet state over a graph: `Dispatcher(graph, units, snap_radius_m=500.0)` with units as
/// dicts (id, unit_type, status, last_fix).
#[pyclass(module = "medcore.routing")]
struct Dispatcher {
    inner: core::Dispatcher,
    graph: Py<Graph>,
}

#[pymethods]
impl Dispatcher {
    #[new]
    #[pyo3(signature = (graph, units, snap_radius_m = 500.0))]
    fn new(
        graph: Bound<'_, Graph>,
        units: &Bound<'_, PyAny>,
        snap_radius_m: f64,
    ) -> PyResult<Self> {
        let units: Vec<core::Unit> = list_from_py(units)?;
        let inner = core::Dispatcher::new(&graph.borrow().inner, &units, snap_radius_m)
            .map_err(errors::routing)?;
        Ok(Dispatcher {
            inner,
            graph: graph.unbind(),
        })
    }
    /// Units that could not be placed on the road network, with the reason.
    fn unplaced<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, self.inner.unplaced())
    }
    /// The nearest capable available unit for an incident (dict: id, location, priority), with
    /// the reason for the choice.
    fn nearest_unit<'py>(
        &self,
        py: Python<'py>,
        incident: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let inc: core::Incident = from_py(incident)?;
        let g = self.graph.borrow(py);
        to_py(
            py,
            &self
                .inner
                .nearest_unit(&g.inner, &inc)
                .map_err(errors::routing)?,
        )
    }
    /// The nearest unit for each incident independently (the GIL released).
    fn nearest_units<'py>(
        &self,
        py: Python<'py>,
        incidents: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let incs: Vec<core::Incident> = list_from_py(incidents)?;
        let g = self.graph.borrow(py);
        let (gi, d) = (&g.inner, &self.inner);
        let r = py
            .detach(|| d.nearest_units(gi, &incs))
            .map_err(errors::routing)?;
        to_py(py, &r)
    }
    /// Distinct units for several incidents at once, minimizing the total ETA.
    fn assign<'py>(
        &self,
        py: Python<'py>,
        incidents: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let incs: Vec<core::Incident> = list_from_py(incidents)?;
        let g = self.graph.borrow(py);
        let (gi, d) = (&g.inner, &self.inner);
        let r = py.detach(|| d.assign(gi, &incs)).map_err(errors::routing)?;
        to_py(py, &r)
    }
    /// ETA and route of one unit to a destination, None when unreachable.
    fn eta<'py>(
        &self,
        py: Python<'py>,
        unit_id: &str,
        lat: f64,
        lon: f64,
    ) -> PyResult<Bound<'py, PyAny>> {
        let g = self.graph.borrow(py);
        let r = self
            .inner
            .eta(&g.inner, unit_id, latlon(lat, lon))
            .map_err(errors::routing)?;
        to_py(py, &r)
    }
}

/// Chooses the destination hospital for a patient at `(lat, lon)`: capabilities, diversion
/// and beds first, then travel time; the result carries the reason.
#[pyfunction]
#[pyo3(signature = (graph, lat, lon, needs, hospitals, radius_m = 500.0))]
fn select_hospital<'py>(
    py: Python<'py>,
    graph: PyRef<'py, Graph>,
    lat: f64,
    lon: f64,
    needs: &Bound<'py, PyAny>,
    hospitals: &Bound<'py, PyAny>,
    radius_m: f64,
) -> PyResult<Bound<'py, PyAny>> {
    let needs: core::PatientNeeds = from_py(needs)?;
    let hospitals: Vec<core::Hospital> = list_from_py(hospitals)?;
    let r = core::select_hospital(&graph.inner, latlon(lat, lon), &needs, &hospitals, radius_m)
        .map_err(errors::routing)?;
    to_py(py, &r)
}

/// What every station (dict: id, location) reaches within `minutes`, and the gaps.
#[pyfunction]
#[pyo3(signature = (graph, stations, minutes, radius_m = 500.0))]
fn coverage<'py>(
    py: Python<'py>,
    graph: PyRef<'py, Graph>,
    stations: &Bound<'py, PyAny>,
    minutes: f64,
    radius_m: f64,
) -> PyResult<Bound<'py, PyAny>> {
    let st: Vec<core::Station> = list_from_py(stations)?;
    let g = &graph.inner;
    let r = py
        .detach(|| core::coverage(g, &st, minutes, radius_m))
        .map_err(errors::routing)?;
    to_py(py, &r)
}

/// Nodes reachable from `(lat, lon)` within `minutes`.
#[pyfunction]
#[pyo3(signature = (graph, lat, lon, minutes, radius_m = 500.0))]
fn isochrone(
    graph: PyRef<'_, Graph>,
    lat: f64,
    lon: f64,
    minutes: f64,
    radius_m: f64,
) -> PyResult<Vec<u32>> {
    core::isochrone(&graph.inner, latlon(lat, lon), minutes, radius_m).map_err(errors::routing)
}

/// Great-circle distance in metres between two positions.
#[pyfunction]
fn haversine_m(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    core::haversine_m(latlon(lat1, lon1), latlon(lat2, lon2))
}

/// Polygon geofences with enter/exit events from GPS tracks: `GeofenceSet(defs)` with defs as
/// dicts (id, polygon).
#[pyclass(module = "medcore.routing")]
struct GeofenceSet {
    inner: core::GeofenceSet,
}

#[pymethods]
impl GeofenceSet {
    #[new]
    fn new(defs: &Bound<'_, PyAny>) -> PyResult<Self> {
        let d: Vec<core::GeofenceDef> = list_from_py(defs)?;
        Ok(GeofenceSet {
            inner: core::GeofenceSet::new(&d).map_err(errors::routing)?,
        })
    }
    /// Ids of the fences containing a position.
    fn containing(&self, lat: f64, lon: f64) -> Vec<String> {
        self.inner.containing(latlon(lat, lon))
    }
    /// Feeds one GPS fix (dict: unit_id, position, timestamp_s); returns the enter/exit events.
    fn update<'py>(
        &mut self,
        py: Python<'py>,
        fix: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let f: core::TrackPoint = from_py(fix)?;
        to_py(py, &self.inner.update(&f))
    }
    /// Feeds a whole track; returns every event in order.
    fn process_track<'py>(
        &mut self,
        py: Python<'py>,
        track: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let t: Vec<core::TrackPoint> = list_from_py(track)?;
        to_py(py, &self.inner.process_track(&t))
    }
    /// Forgets which fences each unit is in.
    fn reset(&mut self) {
        self.inner.reset()
    }
}
