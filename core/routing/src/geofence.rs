//! Geofences: polygons (the `geo` crate) with enter/exit events from GPS tracks.
//!
//! A point on a polygon's boundary counts as inside. The first fix of a unit establishes its
//! state: inside a fence yields an `enter` event at that fix, outside yields nothing. After that
//! an event is raised on every change.

use crate::error::{Result, RoutingError};
use crate::geometry::LatLon;
use geo::{Coord, Intersects, LineString, Point, Polygon};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// A geofence as plain data: an exterior ring of at least three positions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GeofenceDef {
    /// Geofence id.
    pub id: String,
    /// Exterior ring (closing point optional).
    pub polygon: Vec<LatLon>,
}

/// One position of a unit's track.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrackPoint {
    /// Unit id.
    pub unit_id: String,
    /// Unix time, seconds.
    pub timestamp_s: i64,
    /// Position.
    pub position: LatLon,
}

/// Enter or exit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GeofenceEventKind {
    /// The unit is now inside.
    Enter,
    /// The unit is now outside.
    Exit,
}

/// A geofence event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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

/// A set of geofences (handle), with per-unit inside/outside state.
#[derive(Debug, Clone)]
pub struct GeofenceSet {
    fences: Vec<(String, Polygon<f64>)>,
    state: HashMap<(String, usize), bool>,
}

impl GeofenceSet {
    /// Builds the set; rejects rings with fewer than three distinct valid positions and
    /// duplicate ids.
    pub fn new(defs: &[GeofenceDef]) -> Result<GeofenceSet> {
        let mut fences = Vec::with_capacity(defs.len());
        for d in defs {
            let err = |m: &str| RoutingError::Geofence {
                id: d.id.clone(),
                message: m.to_string(),
            };
            if fences.iter().any(|(id, _)| id == &d.id) {
                return Err(err("duplicate id"));
            }
            if let Some(p) = d.polygon.iter().find(|p| !p.is_valid()) {
                return Err(err(&format!("invalid position ({}, {})", p.lat, p.lon)));
            }
            let mut pts: Vec<LatLon> = d.polygon.clone();
            if pts.len() > 1 && pts.first() == pts.last() {
                pts.pop();
            }
            let mut distinct = pts.clone();
            distinct.sort_by(|a, b| a.lat.total_cmp(&b.lat).then(a.lon.total_cmp(&b.lon)));
            distinct.dedup();
            if distinct.len() < 3 {
                return Err(err("a polygon needs at least three distinct positions"));
            }
            let ring: LineString<f64> = pts.iter().map(|p| Coord { x: p.lon, y: p.lat }).collect();
            fences.push((d.id.clone(), Polygon::new(ring, vec![])));
        }
        Ok(GeofenceSet {
            fences,
            state: HashMap::new(),
        })
    }

    /// Ids of the fences containing a position.
    pub fn containing(&self, p: LatLon) -> Vec<String> {
        let pt = Point::new(p.lon, p.lat);
        self.fences
            .iter()
            .filter(|(_, poly)| poly.intersects(&pt))
            .map(|(id, _)| id.clone())
            .collect()
    }

    /// Feeds one fix and returns the events it causes (state is kept per unit and fence).
    pub fn update(&mut self, fix: &TrackPoint) -> Vec<GeofenceEvent> {
        let pt = Point::new(fix.position.lon, fix.position.lat);
        let mut out = Vec::new();
        if !fix.position.is_valid() {
            return out;
        }
        for (i, (id, poly)) in self.fences.iter().enumerate() {
            let inside = poly.intersects(&pt);
            let prev = self.state.insert((fix.unit_id.clone(), i), inside);
            let kind = match (prev, inside) {
                (None, true) | (Some(false), true) => GeofenceEventKind::Enter,
                (Some(true), false) => GeofenceEventKind::Exit,
                _ => continue,
            };
            out.push(GeofenceEvent {
                unit_id: fix.unit_id.clone(),
                geofence_id: id.clone(),
                kind,
                timestamp_s: fix.timestamp_s,
                position: fix.position,
            });
        }
        out
    }

    /// Events for a whole track (fixes in time order per unit), continuing from the current state.
    pub fn process_track(&mut self, track: &[TrackPoint]) -> Vec<GeofenceEvent> {
        track.iter().flat_map(|f| self.update(f)).collect()
    }

    /// Forgets all unit state.
    pub fn reset(&mut self) {
        self.state.clear();
    }
}
