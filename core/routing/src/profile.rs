//! Vehicle profiles: which OSM ways a vehicle may use, in which direction, and how fast.
//!
//! **Car**: the `highway` classes of [`RoadClass`]; access decided by the most specific of
//! `motorcar`, `motor_vehicle`, `vehicle`, `access` (denied: `no`, `private`, `agricultural`,
//! `forestry`, `delivery`, `military`, `restricted`, `psv`, `bus`, `emergency`); one-way from
//! `oneway` (`yes`/`true`/`1` forward, `-1`/`reverse` backward, `no`/`false`/`0` both;
//! `reversible`/`alternating` ways are left out), implied on `highway=motorway` and
//! `junction=roundabout`/`circular`; speed from `maxspeed` (`50`, `50 km/h`, `30 mph`, `30mph`,
//! `8 knots`), otherwise, and for values such as `walk`, `signals`, `none` or `RO:urban`, the class
//! default.
//!
//! **Emergency** (ambulance with lights and siren): `emergency=yes|designated` opens any way,
//! `emergency=no` closes it; otherwise the restrictions `private`, `destination`, `delivery`,
//! `customers`, `psv`, `bus`, `restricted`, `agricultural`, `forestry` are ignored, while `no`
//! and `military` are honoured. `oneway` is honoured unless `oneway:emergency=no`. Speeds are the
//! car speeds times [`Profile::speed_factor`] (1.2), capped at [`Profile::max_speed_kmh`] (150).

use crate::graph::RoadClass;
use serde::{Deserialize, Serialize};

/// A vehicle profile.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Profile {
    /// Name (`car` or `emergency`).
    pub name: String,
    /// Default speed per class (km/h), indexed by the class code.
    pub class_speeds_kmh: Vec<f64>,
    /// True for the emergency-vehicle rules.
    pub emergency: bool,
    /// Multiplier applied to legal/default speeds.
    pub speed_factor: f64,
    /// Upper bound on any speed, km/h.
    pub max_speed_kmh: f64,
}

/// How a way may be used.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WayRule {
    /// Road class.
    pub class: RoadClass,
    /// Travel along the way's node order allowed.
    pub forward: bool,
    /// Travel against the node order allowed.
    pub backward: bool,
    /// Speed, km/h.
    pub speed_kmh: f64,
}

impl Profile {
    /// The car profile with default class speeds (km/h): motorway 100, trunk 80, primary 65,
    /// secondary 55, tertiary 45, links 60/50/45/40/35, unclassified 35, residential 30,
    /// living street 7, service 15, road 25.
    pub fn car() -> Profile {
        let speeds = [
            100.0, 60.0, 80.0, 50.0, 65.0, 45.0, 55.0, 40.0, 45.0, 35.0, 35.0, 30.0, 7.0, 15.0,
            25.0, 30.0,
        ];
        Profile {
            name: "car".into(),
            class_speeds_kmh: speeds.to_vec(),
            emergency: false,
            speed_factor: 1.0,
            max_speed_kmh: 140.0,
        }
    }

    /// The emergency-vehicle profile (see module docs).
    pub fn emergency() -> Profile {
        Profile {
            name: "emergency".into(),
            emergency: true,
            speed_factor: 1.2,
            max_speed_kmh: 150.0,
            ..Profile::car()
        }
    }

    /// The default speed of a class, km/h.
    pub fn class_speed(&self, class: RoadClass) -> f64 {
        self.class_speeds_kmh
            .get(class as usize)
            .copied()
            .unwrap_or(30.0)
    }

    /// Evaluates a way's tags; `None` when the vehicle may not use it.
    pub fn way_rule<'a>(&self, tags: impl Iterator<Item = (&'a str, &'a str)>) -> Option<WayRule> {
        let mut highway = None;
        let (mut access, mut vehicle, mut motor_vehicle, mut motorcar, mut emergency) =
            (None, None, None, None, None);
        let (mut oneway, mut oneway_em, mut junction, mut maxspeed, mut area) =
            (None, None, None, None, false);
        for (k, v) in tags {
            match k {
                "highway" => highway = Some(v),
                "access" => access = Some(v),
                "vehicle" => vehicle = Some(v),
                "motor_vehicle" => motor_vehicle = Some(v),
                "motorcar" => motorcar = Some(v),
                "emergency" => emergency = Some(v),
                "oneway" => oneway = Some(v),
                "oneway:emergency" => oneway_em = Some(v),
                "junction" => junction = Some(v),
                "maxspeed" => maxspeed = Some(v),
                "area" => area = v == "yes",
                _ => {}
            }
        }
        let class = RoadClass::from_highway(highway?)?;
        if area {
            return None;
        }
        let restriction = motorcar.or(motor_vehicle).or(vehicle).or(access);
        if self.emergency {
            match emergency {
                Some("yes" | "designated") => {}
                Some("no") => return None,
                _ => {
                    if matches!(restriction, Some("no" | "military")) {
                        return None;
                    }
                }
            }
        } else if matches!(
            restriction,
            Some(
                "no" | "private"
                    | "agricultural"
                    | "forestry"
                    | "delivery"
                    | "military"
                    | "restricted"
                    | "psv"
                    | "bus"
                    | "emergency"
            )
        ) {
            return None;
        }
        let implied =
            class == RoadClass::Motorway || matches!(junction, Some("roundabout" | "circular"));
        let (mut forward, mut backward) = match oneway {
            Some("yes" | "true" | "1") => (true, false),
            Some("-1" | "reverse") => (false, true),
            Some("no" | "false" | "0") => (true, true),
            Some("reversible" | "alternating") => return None,
            _ => (true, !implied),
        };
        if self.emergency && oneway_em == Some("no") {
            forward = true;
            backward = true;
        }
        let legal = maxspeed
            .and_then(parse_maxspeed)
            .unwrap_or_else(|| self.class_speed(class));
        let speed_kmh = (legal * self.speed_factor).clamp(3.0, self.max_speed_kmh);
        Some(WayRule {
            class,
            forward,
            backward,
            speed_kmh,
        })
    }
}

/// Parses an OSM `maxspeed` value to km/h; `None` for values that are not a number with an
/// optional unit (`walk`, `none`, `signals`, `RO:urban`, several values, ...).
pub fn parse_maxspeed(v: &str) -> Option<f64> {
    let v = v.trim();
    let digits_end = v
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(v.len());
    let (num, unit) = v.split_at(digits_end);
    let n: f64 = num.parse().ok()?;
    if !n.is_finite() || n <= 0.0 {
        return None;
    }
    let kmh = match unit.trim() {
        "" | "km/h" | "kmh" | "kph" => n,
        "mph" => n * 1.609_344,
        "knots" => n * 1.852,
        _ => return None,
    };
    Some(kmh)
}
