//! Traffic: live per-edge speed factors and time-of-day profiles per road class.
//!
//! A speed factor multiplies the free-flow speed: 0.5 doubles the edge's travel time, 0 closes
//! the edge. The effective weight is `round(base_ms / (edge_factor * class_factor(hour)))`
//! (at least 1 ms), so queries stay in exact integer milliseconds.

use crate::error::{Result, RoutingError};
use crate::graph::{RoadClass, RoadGraph, INF};
use serde::{Deserialize, Serialize};

/// A live speed factor for one edge.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct EdgeSpeedFactor {
    /// Edge id in the road graph.
    pub edge: u32,
    /// Speed multiplier (1 = free flow, 0.5 = half speed, 0 = closed).
    pub factor: f64,
}

/// Hourly speed factors (24 values, hour 0 = 00:00-00:59 local time) for one road class.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClassHourlyFactors {
    /// The road class.
    pub class: RoadClass,
    /// 24 speed multipliers.
    pub factors: Vec<f64>,
}

/// A time-of-day profile: hourly speed factors per road class (classes not listed run at 1).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct TimeOfDayProfile {
    /// Per-class hourly factors.
    pub classes: Vec<ClassHourlyFactors>,
}

impl TimeOfDayProfile {
    /// A typical urban weekday: main roads slowed to 60% at 07-09 and 16-18, 80% at 12-13.
    pub fn urban_weekday() -> TimeOfDayProfile {
        let mut f = vec![1.0; 24];
        for h in [7, 8, 16, 17] {
            f[h] = 0.6;
        }
        f[12] = 0.8;
        let classes = [
            RoadClass::Trunk,
            RoadClass::Primary,
            RoadClass::Secondary,
            RoadClass::Tertiary,
            RoadClass::PrimaryLink,
            RoadClass::SecondaryLink,
        ]
        .into_iter()
        .map(|class| ClassHourlyFactors {
            class,
            factors: f.clone(),
        })
        .collect();
        TimeOfDayProfile { classes }
    }

    /// Checks the shape and values.
    pub fn validate(&self) -> Result<()> {
        for c in &self.classes {
            if c.factors.len() != 24 {
                return Err(RoutingError::Traffic(format!(
                    "class {:?}: {} hourly factors, expected 24",
                    c.class,
                    c.factors.len()
                )));
            }
            if let Some(f) = c.factors.iter().find(|f| !f.is_finite() || **f < 0.0) {
                return Err(RoutingError::Traffic(format!(
                    "class {:?}: factor {f} is not a finite non-negative number",
                    c.class
                )));
            }
        }
        Ok(())
    }

    /// The factor of a class at a second of the day.
    pub fn factor(&self, class: RoadClass, second_of_day: u32) -> f64 {
        let hour = ((second_of_day / 3600) % 24) as usize;
        self.classes
            .iter()
            .find(|c| c.class == class)
            .and_then(|c| c.factors.get(hour).copied())
            .unwrap_or(1.0)
    }
}

/// The traffic state behind a prepared graph's current weights.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct TrafficState {
    pub edge_factors: Vec<f64>,
    pub profile: Option<(TimeOfDayProfile, u32)>,
}

impl TrafficState {
    pub fn new(edges: usize) -> TrafficState {
        TrafficState {
            edge_factors: vec![1.0; edges],
            profile: None,
        }
    }

    pub fn set_factors(&mut self, updates: &[EdgeSpeedFactor]) -> Result<()> {
        let m = self.edge_factors.len();
        for u in updates {
            if u.edge as usize >= m {
                return Err(RoutingError::EdgeOutOfRange {
                    edge: u.edge,
                    edges: m as u32,
                });
            }
            if !u.factor.is_finite() || u.factor < 0.0 {
                return Err(RoutingError::Traffic(format!(
                    "edge {}: factor {} is not a finite non-negative number",
                    u.edge, u.factor
                )));
            }
        }
        for u in updates {
            self.edge_factors[u.edge as usize] = u.factor;
        }
        Ok(())
    }

    /// Effective weights for the graph.
    pub fn weights(&self, g: &RoadGraph) -> Vec<u32> {
        g.edges
            .iter()
            .enumerate()
            .map(|(i, e)| {
                let mut f = self.edge_factors.get(i).copied().unwrap_or(1.0);
                if let Some((p, s)) = &self.profile {
                    f *= p.factor(e.class, *s);
                }
                scale(e.time_ms, f)
            })
            .collect()
    }
}

/// Applies a speed factor to a time.
pub fn scale(base_ms: u32, factor: f64) -> u32 {
    if factor <= 0.0 || !factor.is_finite() {
        return INF;
    }
    if factor == 1.0 {
        return base_ms;
    }
    let t = (base_ms as f64 / factor).round();
    if t >= (INF - 1) as f64 {
        INF - 1
    } else {
        (t as u32).max(1)
    }
}
