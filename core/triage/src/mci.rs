//! Mass-casualty triage: START, JumpSTART (with the age switch) and SALT.
//!
//! * START (Benson M, Koenig KL, Schultz CH. *Disaster triage: START, then SAVE.* Prehosp
//!   Disaster Med 1996;11(2):117–124): walking → minor; not breathing → reposition the airway:
//!   breathing → immediate, still apnoeic → dead; respiration rate > 30 → immediate; radial
//!   pulse absent **or** capillary refill > 2 s → immediate; cannot follow simple commands →
//!   immediate; otherwise delayed.
//! * JumpSTART (Romig LE. *Pediatric triage. A system to JumpSTART your triage of young
//!   patients at MCIs.* JEMS 2002;27(7):52–63): walking → minor; apnoeic → position the
//!   airway: breathing → immediate; still apnoeic without a palpable peripheral pulse → dead;
//!   with a pulse give five rescue breaths: breathing → immediate, otherwise dead;
//!   respiration rate < 15 or > 45 → immediate; no palpable peripheral pulse → immediate;
//!   AVPU "P" with inappropriate response (posturing) or "U" → immediate; otherwise delayed.
//! * SALT (Lerner EB, Schwartz RB, Coule PL, et al. *Mass casualty triage: an evaluation of
//!   the data and development of a proposed national guideline.* Disaster Med Public Health
//!   Prep 2008;2(Suppl 1):S25–S34): global sorting (still → first, waving → second, walking →
//!   last), then after life-saving interventions: not breathing → dead; obeys commands or
//!   moves purposefully, peripheral pulse, no respiratory distress and major haemorrhage
//!   controlled → minimal (minor injuries only) or delayed; otherwise immediate when likely
//!   to survive with the current resources, else expectant.
//!
//! Thresholds are applied literally. A respiration rate of 0 means apnoea. When a needed
//! finding is missing, the category is `None` and the finding is listed in `missing`.
//! [`mci_triage`] switches on age: JumpSTART for children under 9 completed years (the
//! JumpSTART range "1 to 8 years", infants included), START otherwise.

use crate::error::{check_range, limits, TriageError};
use serde::{Deserialize, Serialize};

/// Citation for START.
pub const CITATION_START: &str = "Benson M, Koenig KL, Schultz CH. Disaster triage: START, then \
SAVE - a new method of dynamic triage for victims of a catastrophic earthquake. Prehosp Disaster \
Med 1996;11(2):117-124.";
/// Citation for JumpSTART.
pub const CITATION_JUMPSTART: &str =
    "Romig LE. Pediatric triage. A system to JumpSTART your triage \
of young patients at MCIs. JEMS 2002;27(7):52-58,60-63.";
/// Citation for SALT.
pub const CITATION_SALT: &str =
    "Lerner EB, Schwartz RB, Coule PL, et al. Mass casualty triage: an \
evaluation of the data and development of a proposed national guideline. Disaster Med Public \
Health Prep 2008;2(Suppl 1):S25-S34.";

/// Children younger than this many years are triaged with JumpSTART by [`mci_triage`].
pub const JUMPSTART_BELOW_AGE_YEARS: f64 = 9.0;

/// Triage category (tag colour in brackets).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MciCategory {
    /// Immediate (red).
    Immediate,
    /// Delayed (yellow).
    Delayed,
    /// Minor / minimal (green).
    Minor,
    /// Expectant (grey; SALT only).
    Expectant,
    /// Dead (black).
    Dead,
}

impl MciCategory {
    /// The tag colour.
    pub fn colour(self) -> &'static str {
        match self {
            MciCategory::Immediate => "red",
            MciCategory::Delayed => "yellow",
            MciCategory::Minor => "green",
            MciCategory::Expectant => "grey",
            MciCategory::Dead => "black",
        }
    }
}

/// Which protocol produced a result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Protocol {
    /// START (adults).
    Start,
    /// JumpSTART (children).
    Jumpstart,
    /// SALT.
    Salt,
}

/// AVPU as used by JumpSTART, separating appropriate from inappropriate responses to pain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaediatricAvpu {
    /// Alert.
    Alert,
    /// Responds to voice.
    Voice,
    /// Responds appropriately to pain (localises, withdraws).
    PainAppropriate,
    /// Responds inappropriately to pain (posturing, unintelligible).
    PainInappropriate,
    /// Unresponsive.
    Unresponsive,
}

/// Findings for START and JumpSTART; every field optional.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MciInput {
    /// Age in years (used by [`mci_triage`] to choose START or JumpSTART).
    #[serde(default)]
    pub age_years: Option<f64>,
    /// Able to walk.
    #[serde(default)]
    pub walking: Option<bool>,
    /// Breathing spontaneously (a respiration rate above 0 also says yes; 0 says no).
    #[serde(default)]
    pub breathing: Option<bool>,
    /// Breathing after the airway was repositioned.
    #[serde(default)]
    pub breathing_after_airway_repositioning: Option<bool>,
    /// JumpSTART: breathing after five rescue breaths.
    #[serde(default)]
    pub breathing_after_rescue_breaths: Option<bool>,
    /// Respiration rate, breaths per minute.
    #[serde(default)]
    pub respiration_rate: Option<f64>,
    /// Radial pulse (START) or palpable peripheral pulse (JumpSTART) present.
    #[serde(default)]
    pub radial_pulse: Option<bool>,
    /// Capillary refill time, seconds (START).
    #[serde(default)]
    pub capillary_refill_s: Option<f64>,
    /// Follows simple commands (START).
    #[serde(default)]
    pub follows_commands: Option<bool>,
    /// AVPU (JumpSTART).
    #[serde(default)]
    pub avpu: Option<PaediatricAvpu>,
}

/// The result of a mass-casualty triage.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MciResult {
    /// The protocol followed.
    pub protocol: Protocol,
    /// The category, or `None` when a needed finding is missing.
    pub category: Option<MciCategory>,
    /// The tag colour.
    pub colour: Option<&'static str>,
    /// SALT global sorting priority (1 first, 3 last).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub global_sort: Option<u8>,
    /// The steps taken.
    pub path: Vec<String>,
    /// True when a needed finding is missing.
    pub partial: bool,
    /// The missing findings.
    pub missing: Vec<&'static str>,
    /// Citation.
    pub citation: &'static str,
}

struct Run {
    protocol: Protocol,
    path: Vec<String>,
    missing: Vec<&'static str>,
    global_sort: Option<u8>,
}

impl Run {
    fn new(protocol: Protocol) -> Self {
        Run {
            protocol,
            path: Vec::with_capacity(5),
            missing: Vec::new(),
            global_sort: None,
        }
    }
    fn step(&mut self, s: impl Into<String>) {
        self.path.push(s.into());
    }
    fn done(self, category: Option<MciCategory>) -> MciResult {
        MciResult {
            protocol: self.protocol,
            category,
            colour: category.map(MciCategory::colour),
            global_sort: self.global_sort,
            path: self.path,
            partial: !self.missing.is_empty(),
            missing: self.missing,
            citation: match self.protocol {
                Protocol::Start => CITATION_START,
                Protocol::Jumpstart => CITATION_JUMPSTART,
                Protocol::Salt => CITATION_SALT,
            },
        }
    }
    fn need(mut self, field: &'static str) -> MciResult {
        self.missing.push(field);
        self.step(format!("{field}: not assessed"));
        self.done(None)
    }
}

fn validated(input: &MciInput) -> Result<(Option<f64>, Option<f64>), TriageError> {
    let (lo, hi) = limits::RESPIRATION_RATE;
    let rr = check_range("respiration_rate", input.respiration_rate, lo, hi)?;
    let (lo, hi) = limits::CAPILLARY_REFILL_S;
    let crt = check_range("capillary_refill_s", input.capillary_refill_s, lo, hi)?;
    let (lo, hi) = limits::AGE_YEARS;
    check_range("age_years", input.age_years, lo, hi)?;
    if let (Some(false), Some(r)) = (input.breathing, rr) {
        if r > 0.0 {
            return Err(TriageError::Inconsistent {
                field: "breathing",
                reason: format!("breathing = false contradicts respiration_rate = {r}"),
            });
        }
    }
    Ok((rr, crt))
}

fn breathing(input: &MciInput, rr: Option<f64>) -> Option<bool> {
    input.breathing.or(rr.map(|r| r > 0.0))
}

/// START, for adults.
pub fn start(input: &MciInput) -> Result<MciResult, TriageError> {
    let (rr, crt) = validated(input)?;
    let mut run = Run::new(Protocol::Start);
    match input.walking {
        Some(true) => {
            run.step("walking: yes → minor");
            return Ok(run.done(Some(MciCategory::Minor)));
        }
        Some(false) => run.step("walking: no"),
        None => return Ok(run.need("walking")),
    }
    match breathing(input, rr) {
        Some(true) => run.step("breathing: yes"),
        Some(false) => {
            run.step("breathing: no → reposition airway");
            return Ok(match input.breathing_after_airway_repositioning {
                Some(true) => {
                    run.step("breathing after repositioning: yes → immediate");
                    run.done(Some(MciCategory::Immediate))
                }
                Some(false) => {
                    run.step("breathing after repositioning: no → dead");
                    run.done(Some(MciCategory::Dead))
                }
                None => run.need("breathing_after_airway_repositioning"),
            });
        }
        None => return Ok(run.need("breathing")),
    }
    match rr {
        Some(r) if r > 30.0 => {
            run.step(format!("respiration rate {r} > 30 → immediate"));
            return Ok(run.done(Some(MciCategory::Immediate)));
        }
        Some(r) => run.step(format!("respiration rate {r} ≤ 30")),
        None => return Ok(run.need("respiration_rate")),
    }
    let pulse_bad = input.radial_pulse == Some(false);
    let crt_bad = crt.is_some_and(|c| c > 2.0);
    if pulse_bad || crt_bad {
        let why = match (pulse_bad, crt) {
            (true, _) => "radial pulse absent".to_string(),
            (false, Some(c)) => format!("capillary refill {c} s > 2"),
            _ => "perfusion inadequate".to_string(),
        };
        run.step(format!("{why} → immediate"));
        return Ok(run.done(Some(MciCategory::Immediate)));
    }
    if input.radial_pulse.is_none() && crt.is_none() {
        return Ok(run.need("radial_pulse"));
    }
    run.step("perfusion adequate");
    match input.follows_commands {
        Some(false) => {
            run.step("follows commands: no → immediate");
            Ok(run.done(Some(MciCategory::Immediate)))
        }
        Some(true) => {
            run.step("follows commands: yes → delayed");
            Ok(run.done(Some(MciCategory::Delayed)))
        }
        None => Ok(run.need("follows_commands")),
    }
}

/// JumpSTART, for children.
pub fn jumpstart(input: &MciInput) -> Result<MciResult, TriageError> {
    let (rr, _) = validated(input)?;
    let mut run = Run::new(Protocol::Jumpstart);
    match input.walking {
        Some(true) => {
            run.step("walking: yes → minor");
            return Ok(run.done(Some(MciCategory::Minor)));
        }
        Some(false) => run.step("walking: no"),
        None => return Ok(run.need("walking")),
    }
    match breathing(input, rr) {
        Some(true) => run.step("breathing: yes"),
        Some(false) => {
            run.step("breathing: no → position upper airway");
            match input.breathing_after_airway_repositioning {
                Some(true) => {
                    run.step("breathing after positioning: yes → immediate");
                    return Ok(run.done(Some(MciCategory::Immediate)));
                }
                Some(false) => run.step("breathing after positioning: no"),
                None => return Ok(run.need("breathing_after_airway_repositioning")),
            }
            match input.radial_pulse {
                Some(false) => {
                    run.step("palpable pulse: no → dead");
                    return Ok(run.done(Some(MciCategory::Dead)));
                }
                Some(true) => run.step("palpable pulse: yes → five rescue breaths"),
                None => return Ok(run.need("radial_pulse")),
            }
            return Ok(match input.breathing_after_rescue_breaths {
                Some(true) => {
                    run.step("breathing after rescue breaths: yes → immediate");
                    run.done(Some(MciCategory::Immediate))
                }
                Some(false) => {
                    run.step("breathing after rescue breaths: no → dead");
                    run.done(Some(MciCategory::Dead))
                }
                None => run.need("breathing_after_rescue_breaths"),
            });
        }
        None => return Ok(run.need("breathing")),
    }
    match rr {
        Some(r) if !(15.0..=45.0).contains(&r) => {
            run.step(format!("respiration rate {r} outside 15–45 → immediate"));
            return Ok(run.done(Some(MciCategory::Immediate)));
        }
        Some(r) => run.step(format!("respiration rate {r} within 15–45")),
        None => return Ok(run.need("respiration_rate")),
    }
    match input.radial_pulse {
        Some(false) => {
            run.step("palpable pulse: no → immediate");
            return Ok(run.done(Some(MciCategory::Immediate)));
        }
        Some(true) => run.step("palpable pulse: yes"),
        None => return Ok(run.need("radial_pulse")),
    }
    match input.avpu {
        Some(PaediatricAvpu::PainInappropriate) | Some(PaediatricAvpu::Unresponsive) => {
            run.step("AVPU: inappropriate P or U → immediate");
            Ok(run.done(Some(MciCategory::Immediate)))
        }
        Some(_) => {
            run.step("AVPU: A, V or appropriate P → delayed");
            Ok(run.done(Some(MciCategory::Delayed)))
        }
        None => Ok(run.need("avpu")),
    }
}

/// START or JumpSTART by age (see [`JUMPSTART_BELOW_AGE_YEARS`]).
pub fn mci_triage(input: &MciInput) -> Result<MciResult, TriageError> {
    match input.age_years {
        Some(a) if (0.0..JUMPSTART_BELOW_AGE_YEARS).contains(&a) => jumpstart(input),
        Some(_) => start(input),
        None => {
            validated(input)?;
            Ok(Run::new(Protocol::Start).need("age_years"))
        }
    }
}

/// Triages many casualties in one call (START or JumpSTART by age).
pub fn mci_batch(inputs: &[MciInput]) -> Vec<Result<MciResult, TriageError>> {
    inputs.iter().map(mci_triage).collect()
}

/// SALT findings; every field optional.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SaltInput {
    /// Global sort: walks.
    #[serde(default)]
    pub walks: Option<bool>,
    /// Global sort: waves or moves purposefully.
    #[serde(default)]
    pub waves_or_purposeful_movement: Option<bool>,
    /// Breathing after life-saving interventions (airway opened; two rescue breaths for a
    /// child).
    #[serde(default)]
    pub breathing: Option<bool>,
    /// Obeys commands or makes purposeful movements.
    #[serde(default)]
    pub obeys_commands: Option<bool>,
    /// Peripheral pulse present.
    #[serde(default)]
    pub peripheral_pulse: Option<bool>,
    /// In respiratory distress.
    #[serde(default)]
    pub respiratory_distress: Option<bool>,
    /// Major haemorrhage controlled (true also when there is none).
    #[serde(default)]
    pub major_haemorrhage_controlled: Option<bool>,
    /// Minor injuries only.
    #[serde(default)]
    pub minor_injuries_only: Option<bool>,
    /// Likely to survive given the current resources.
    #[serde(default)]
    pub likely_to_survive: Option<bool>,
}

/// SALT.
pub fn salt(input: &SaltInput) -> Result<MciResult, TriageError> {
    let mut run = Run::new(Protocol::Salt);
    run.global_sort = match (input.walks, input.waves_or_purposeful_movement) {
        (Some(true), _) => Some(3),
        (_, Some(true)) => Some(2),
        (Some(false), Some(false)) => Some(1),
        _ => None,
    };
    if let Some(g) = run.global_sort {
        run.step(format!(
            "global sort: {}",
            match g {
                3 => "walks → assess last",
                2 => "waves/purposeful movement → assess second",
                _ => "still or obvious life threat → assess first",
            }
        ));
    }
    match input.breathing {
        Some(false) => {
            run.step("breathing after life-saving interventions: no → dead");
            return Ok(run.done(Some(MciCategory::Dead)));
        }
        Some(true) => run.step("breathing: yes"),
        None => return Ok(run.need("breathing")),
    }
    let checks: [(&'static str, Option<bool>); 4] = [
        ("obeys_commands", input.obeys_commands),
        ("peripheral_pulse", input.peripheral_pulse),
        (
            "respiratory_distress",
            input.respiratory_distress.map(|d| !d),
        ),
        (
            "major_haemorrhage_controlled",
            input.major_haemorrhage_controlled,
        ),
    ];
    let failed: Vec<&str> = checks
        .iter()
        .filter(|(_, v)| *v == Some(false))
        .map(|(n, _)| *n)
        .collect();
    if failed.is_empty() {
        let absent: Vec<&'static str> = checks
            .iter()
            .filter(|(_, v)| v.is_none())
            .map(|(n, _)| *n)
            .collect();
        if !absent.is_empty() {
            run.missing.extend(absent);
            run.step("assessment incomplete");
            return Ok(run.done(None));
        }
        run.step("obeys commands, pulse, no respiratory distress, haemorrhage controlled");
        return Ok(match input.minor_injuries_only {
            Some(true) => {
                run.step("minor injuries only → minimal");
                run.done(Some(MciCategory::Minor))
            }
            Some(false) => {
                run.step("more than minor injuries → delayed");
                run.done(Some(MciCategory::Delayed))
            }
            None => run.need("minor_injuries_only"),
        });
    }
    run.step(format!("failed: {}", failed.join(", ")));
    match input.likely_to_survive {
        Some(true) => {
            run.step("likely to survive with current resources → immediate");
            Ok(run.done(Some(MciCategory::Immediate)))
        }
        Some(false) => {
            run.step("unlikely to survive with current resources → expectant");
            Ok(run.done(Some(MciCategory::Expectant)))
        }
        None => Ok(run.need("likely_to_survive")),
    }
}

/// SALT for many casualties.
pub fn salt_batch(inputs: &[SaltInput]) -> Vec<Result<MciResult, TriageError>> {
    inputs.iter().map(salt).collect()
}
