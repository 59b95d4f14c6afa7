//! Destination hospital selection: capability first, then diversion and beds, then road time.
//!
//! Requirements by condition (EMS destination practice): major trauma needs a level I or II
//! trauma centre; suspected large-vessel-occlusion stroke a thrombectomy-capable (comprehensive)
//! stroke centre; other stroke any stroke centre; STEMI a PCI centre; major burns a burns unit;
//! a child a paediatric service. Among capable hospitals that are not on diversion and have a
//! bed, the fastest by road wins. When none qualifies, the fastest capable hospital on
//! diversion or without beds is chosen (capability outranks diversion for these conditions),
//! and failing that the fastest open hospital to stabilise and transfer. The reason says which.

use crate::error::{Result, RoutingError};
use crate::geometry::LatLon;
use crate::prepared::PreparedGraph;
use serde::{Deserialize, Serialize};

/// Stroke capability.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum StrokeCapability {
    /// No stroke service.
    #[default]
    None,
    /// Primary stroke centre (thrombolysis).
    Primary,
    /// Thrombectomy-capable / comprehensive stroke centre.
    Thrombectomy,
}

/// A receiving hospital.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Hospital {
    /// Hospital id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Location (ambulance entrance).
    pub location: LatLon,
    /// Trauma centre level (1 = highest), `None` when not a trauma centre.
    #[serde(default)]
    pub trauma_level: Option<u8>,
    /// Stroke capability.
    #[serde(default)]
    pub stroke: StrokeCapability,
    /// Percutaneous coronary intervention (cath lab) available.
    #[serde(default)]
    pub pci: bool,
    /// Burns unit.
    #[serde(default)]
    pub burns: bool,
    /// Paediatric emergency service.
    #[serde(default)]
    pub paediatric: bool,
    /// Emergency department on diversion.
    #[serde(default)]
    pub on_diversion: bool,
    /// Beds available.
    pub beds_available: u32,
}

/// The patient's working diagnosis for destination purposes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Condition {
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
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PatientNeeds {
    /// Working diagnosis.
    pub condition: Condition,
    /// The patient is a child.
    #[serde(default)]
    pub paediatric: bool,
}

/// How a hospital was judged.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HospitalAssessment {
    /// Hospital id.
    pub hospital_id: String,
    /// Road travel time, seconds (`None` when unreachable).
    pub travel_time_s: Option<f64>,
    /// Meets the capability requirement.
    pub capable: bool,
    /// Open (not on diversion, has beds).
    pub open: bool,
    /// Human note.
    pub note: String,
}

/// Why the chosen hospital was chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SelectionBasis {
    /// Fastest capable and open hospital.
    CapableOpen,
    /// No capable hospital is open: fastest capable one despite diversion/no beds.
    CapableDespiteDiversion,
    /// No capable hospital reachable: fastest open hospital to stabilise and transfer.
    NearestOpen,
}

/// The selection result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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

/// The requirement text and test for a patient.
pub fn requirement(needs: &PatientNeeds) -> (&'static str, fn(&Hospital) -> bool) {
    let base: (&'static str, fn(&Hospital) -> bool) = match needs.condition {
        Condition::MajorTrauma => ("a level I or II trauma centre", |h| {
            h.trauma_level.is_some_and(|l| l <= 2)
        }),
        Condition::StrokeLvo => ("a thrombectomy-capable stroke centre", |h| {
            h.stroke == StrokeCapability::Thrombectomy
        }),
        Condition::Stroke => ("a stroke centre", |h| h.stroke != StrokeCapability::None),
        Condition::Stemi => ("a PCI centre", |h| h.pci),
        Condition::Burns => ("a burns unit", |h| h.burns),
        Condition::General => ("an emergency department", |_| true),
    };
    if needs.paediatric {
        match needs.condition {
            Condition::MajorTrauma => ("a level I or II trauma centre with paediatrics", |h| {
                h.paediatric && h.trauma_level.is_some_and(|l| l <= 2)
            }),
            Condition::StrokeLvo => (
                "a thrombectomy-capable stroke centre with paediatrics",
                |h| h.paediatric && h.stroke == StrokeCapability::Thrombectomy,
            ),
            Condition::Stroke => ("a stroke centre with paediatrics", |h| {
                h.paediatric && h.stroke != StrokeCapability::None
            }),
            Condition::Stemi => ("a PCI centre with paediatrics", |h| h.paediatric && h.pci),
            Condition::Burns => ("a burns unit with paediatrics", |h| h.paediatric && h.burns),
            Condition::General => ("a paediatric emergency department", |h| h.paediatric),
        }
    } else {
        base
    }
}

/// (hospital index, travel time s, capable, open)
type Row = (usize, Option<f64>, bool, bool);

fn mins(s: f64) -> String {
    let s = s.round() as u64;
    format!("{} min {:02} s", s / 60, s % 60)
}

/// Chooses the destination hospital for a patient at `from` (snapped within `radius_m`).
pub fn select_hospital(
    g: &PreparedGraph,
    from: LatLon,
    needs: &PatientNeeds,
    hospitals: &[Hospital],
    radius_m: f64,
) -> Result<HospitalChoice> {
    if hospitals.is_empty() {
        return Err(RoutingError::Dispatch("no hospitals given".into()));
    }
    let origin = g.snap_candidates(from, None, radius_m)?;
    let best = origin
        .first()
        .map(|s| s.distance_m)
        .ok_or(RoutingError::NoRoadNearby {
            lat: from.lat,
            lon: from.lon,
            radius_m,
        })?;
    let origin: Vec<_> = origin
        .into_iter()
        .filter(|s| s.distance_m <= best + 1.0)
        .collect();
    let (req_text, req) = requirement(needs);
    let mut rows: Vec<Row> = Vec::new();
    for (i, h) in hospitals.iter().enumerate() {
        let dest = g.snap_point(h.location, radius_m)?;
        let t = g
            .route_between_snaps(&origin, &dest)?
            .map(|r| r.travel_time_ms as f64 / 1000.0);
        rows.push((i, t, req(h), !h.on_diversion && h.beds_available > 0));
    }
    rows.sort_by(|a, b| {
        a.1.unwrap_or(f64::INFINITY)
            .total_cmp(&b.1.unwrap_or(f64::INFINITY))
            .then(a.0.cmp(&b.0))
    });
    let pick = |f: &dyn Fn(&Row) -> bool| rows.iter().find(|r| r.1.is_some() && f(r)).copied();
    let (chosen, basis) = if let Some(r) = pick(&|r| r.2 && r.3) {
        (r, SelectionBasis::CapableOpen)
    } else if let Some(r) = pick(&|r| r.2) {
        (r, SelectionBasis::CapableDespiteDiversion)
    } else if let Some(r) = pick(&|r| r.3) {
        (r, SelectionBasis::NearestOpen)
    } else {
        return Err(RoutingError::Dispatch(
            "no hospital is reachable by road".into(),
        ));
    };
    let ch = &hospitals[chosen.0];
    let t = chosen.1.unwrap_or(0.0);
    let mut skipped = Vec::new();
    let mut assessments = Vec::new();
    for r in &rows {
        let h = &hospitals[r.0];
        let why_closed = if h.on_diversion {
            "on diversion"
        } else if h.beds_available == 0 {
            "no beds available"
        } else {
            ""
        };
        let note = if r.0 == chosen.0 {
            "chosen".to_string()
        } else if !r.2 {
            format!("not {req_text}")
        } else if !r.3 {
            why_closed.to_string()
        } else {
            "slower".to_string()
        };
        if r.0 != chosen.0 && r.1.unwrap_or(f64::INFINITY) < t {
            skipped.push(format!(
                "{} ({}) {}",
                h.name,
                r.1.map(mins).unwrap_or_default(),
                note
            ));
        }
        assessments.push(HospitalAssessment {
            hospital_id: h.id.clone(),
            travel_time_s: r.1,
            capable: r.2,
            open: r.3,
            note,
        });
    }
    let skipped = if skipped.is_empty() {
        String::new()
    } else {
        format!("; nearer but skipped: {}", skipped.join("; "))
    };
    let reason = match basis {
        SelectionBasis::CapableOpen => format!("{} is {} (the fastest such hospital not on diversion and with beds): {} by road{}", ch.name, req_text, mins(t), skipped),
        SelectionBasis::CapableDespiteDiversion => format!(
            "{} is {} ({} by road, the fastest such hospital); every such hospital is on diversion or full, and capability comes first{}",
            ch.name,
            req_text,
            mins(t),
            skipped
        ),
        SelectionBasis::NearestOpen => format!("no reachable hospital is {req_text}; {} is the fastest open hospital to stabilise and transfer: {} by road{}", ch.name, mins(t), skipped),
    };
    Ok(HospitalChoice {
        hospital_id: ch.id.clone(),
        travel_time_s: t,
        basis,
        reason,
        assessments,
    })
}
