//! CTAS and Manchester Triage level/time models, and a discriminator engine whose clinical
//! content (presentations and their discriminators) is supplied by the user as data.
//!
//! * CTAS (Canadian Triage and Acuity Scale; Beveridge R et al., *Implementation guidelines
//!   for the Canadian Emergency Department Triage & Acuity Scale*, CJEM 1999;1(3 suppl);
//!   Bullard MJ et al., *Revisions to the CTAS guidelines 2016*, CJEM 2017;19(S2):S18–S27):
//!   level 1 resuscitation, immediate (98 %); 2 emergent, 15 min (95 %); 3 urgent, 30 min
//!   (90 %); 4 less urgent, 60 min (85 %); 5 non-urgent, 120 min (80 %).
//! * Manchester Triage System (Manchester Triage Group, *Emergency Triage*, 3rd ed., 2014):
//!   1 immediate (red) 0 min; 2 very urgent (orange) 10 min; 3 urgent (yellow) 60 min;
//!   4 standard (green) 120 min; 5 non-urgent (blue) 240 min.
//!
//! The MTS flowcharts and CTAS complaint modifiers are licensed content and are not shipped;
//! [`DiscriminatorTable::example`] is a small illustration written for medcore.

use crate::error::TriageError;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The example discriminator table (JSON).
pub const EXAMPLE_DISCRIMINATORS_JSON: &str =
    include_str!("../data/ed_discriminators.example.json");

/// A triage scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EdScale {
    /// Canadian Triage and Acuity Scale.
    Ctas,
    /// Manchester Triage System.
    Manchester,
}

/// One level of a scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct EdLevel {
    /// Level number, 1 most urgent.
    pub level: u8,
    /// Name.
    pub name: &'static str,
    /// Colour.
    pub colour: &'static str,
    /// Time to first assessment by a clinician, minutes (0: immediate).
    pub target_minutes: u32,
    /// The share of patients the standard expects to be seen within target, percent.
    pub fractile_percent: Option<u8>,
}

const CTAS: [EdLevel; 5] = [
    EdLevel {
        level: 1,
        name: "resuscitation",
        colour: "blue",
        target_minutes: 0,
        fractile_percent: Some(98),
    },
    EdLevel {
        level: 2,
        name: "emergent",
        colour: "red",
        target_minutes: 15,
        fractile_percent: Some(95),
    },
    EdLevel {
        level: 3,
        name: "urgent",
        colour: "yellow",
        target_minutes: 30,
        fractile_percent: Some(90),
    },
    EdLevel {
        level: 4,
        name: "less urgent",
        colour: "green",
        target_minutes: 60,
        fractile_percent: Some(85),
    },
    EdLevel {
        level: 5,
        name: "non-urgent",
        colour: "white",
        target_minutes: 120,
        fractile_percent: Some(80),
    },
];

const MANCHESTER: [EdLevel; 5] = [
    EdLevel {
        level: 1,
        name: "immediate",
        colour: "red",
        target_minutes: 0,
        fractile_percent: None,
    },
    EdLevel {
        level: 2,
        name: "very urgent",
        colour: "orange",
        target_minutes: 10,
        fractile_percent: None,
    },
    EdLevel {
        level: 3,
        name: "urgent",
        colour: "yellow",
        target_minutes: 60,
        fractile_percent: None,
    },
    EdLevel {
        level: 4,
        name: "standard",
        colour: "green",
        target_minutes: 120,
        fractile_percent: None,
    },
    EdLevel {
        level: 5,
        name: "non-urgent",
        colour: "blue",
        target_minutes: 240,
        fractile_percent: None,
    },
];

impl EdScale {
    /// The scale's five levels.
    pub fn levels(self) -> &'static [EdLevel; 5] {
        match self {
            EdScale::Ctas => &CTAS,
            EdScale::Manchester => &MANCHESTER,
        }
    }

    /// One level, or an error naming the field.
    pub fn level(self, level: u8) -> Result<EdLevel, TriageError> {
        self.levels()
            .iter()
            .find(|l| l.level == level)
            .copied()
            .ok_or(TriageError::OutOfRange {
                field: "level",
                value: level.to_string(),
                min: 1.0,
                max: 5.0,
            })
    }

    /// Whether a patient at `level` who has waited `waited_minutes` is past the target.
    pub fn overdue(self, level: u8, waited_minutes: f64) -> Result<bool, TriageError> {
        if !waited_minutes.is_finite() || waited_minutes < 0.0 {
            return Err(TriageError::OutOfRange {
                field: "waited_minutes",
                value: waited_minutes.to_string(),
                min: 0.0,
                max: f64::MAX,
            });
        }
        Ok(waited_minutes > f64::from(self.level(level)?.target_minutes))
    }
}

/// A discriminator: a finding that, when present, sets the level.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Discriminator {
    /// Finding code.
    pub code: String,
    /// What it means.
    #[serde(default)]
    pub description: String,
    /// Level it gives (1 most urgent).
    pub level: u8,
}

/// A presentation (flowchart, complaint) with its discriminators.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Presentation {
    /// Code.
    pub code: String,
    /// Name.
    #[serde(default)]
    pub name: String,
    /// Discriminators.
    pub discriminators: Vec<Discriminator>,
    /// Level when no discriminator is present.
    pub default_level: u8,
}

/// A discriminator table for one scale.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DiscriminatorTable {
    /// Scale the levels belong to.
    pub scale: EdScale,
    /// Name.
    #[serde(default)]
    pub name: String,
    /// Licence and provenance notice.
    #[serde(default)]
    pub notice: String,
    /// Presentations, by code.
    pub presentations: Vec<Presentation>,
}

/// A presentation to triage.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EdTriageInput {
    /// Presentation code.
    pub presentation: String,
    /// Discriminator codes present.
    #[serde(default)]
    pub findings: Vec<String>,
}

/// The result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EdTriageResult {
    /// Scale.
    pub scale: EdScale,
    /// Level with its name, colour and target.
    pub level: EdLevel,
    /// The deciding discriminator, or `None` when the presentation's default applied.
    pub discriminator: Option<String>,
    /// Presentation.
    pub presentation: String,
}

/// A validated table (a long-lived handle).
#[derive(Debug, Clone, PartialEq)]
pub struct EdTriage {
    table: DiscriminatorTable,
    index: BTreeMap<String, usize>,
}

impl EdTriage {
    /// Validates a table.
    pub fn new(table: DiscriminatorTable) -> Result<EdTriage, TriageError> {
        let mut index = BTreeMap::new();
        for (i, p) in table.presentations.iter().enumerate() {
            if index.insert(p.code.clone(), i).is_some() {
                return Err(TriageError::table(
                    format!("presentations[{i}].code"),
                    format!("duplicate presentation {:?}", p.code),
                ));
            }
            table.scale.level(p.default_level).map_err(|_| {
                TriageError::table(
                    format!("presentations[{i}].default_level"),
                    "level must be 1–5",
                )
            })?;
            for (j, d) in p.discriminators.iter().enumerate() {
                table.scale.level(d.level).map_err(|_| {
                    TriageError::table(
                        format!("presentations[{i}].discriminators[{j}].level"),
                        "level must be 1–5",
                    )
                })?;
            }
        }
        Ok(EdTriage { table, index })
    }

    /// Parses and validates a table from JSON.
    pub fn from_json(json: &str) -> Result<EdTriage, TriageError> {
        let table: DiscriminatorTable = serde_json::from_str(json).map_err(|e| {
            TriageError::table(
                format!("line {} column {}", e.line(), e.column()),
                e.to_string(),
            )
        })?;
        EdTriage::new(table)
    }

    /// The example table shipped with medcore (illustrative content, not MTS or CTAS).
    pub fn example() -> Result<EdTriage, TriageError> {
        EdTriage::from_json(EXAMPLE_DISCRIMINATORS_JSON)
    }

    /// Triages many presentations with one table.
    pub fn triage_batch(
        &self,
        inputs: &[EdTriageInput],
    ) -> Vec<Result<EdTriageResult, TriageError>> {
        inputs.iter().map(|i| self.triage(i)).collect()
    }

    /// Triages one presentation: the most urgent discriminator present decides.
    pub fn triage(&self, input: &EdTriageInput) -> Result<EdTriageResult, TriageError> {
        let p = self
            .index
            .get(&input.presentation)
            .and_then(|i| self.table.presentations.get(*i))
            .ok_or_else(|| {
                let known: Vec<&str> = self.index.keys().map(String::as_str).collect();
                TriageError::unknown("presentation", &input.presentation, &known)
            })?;
        for f in &input.findings {
            if !p.discriminators.iter().any(|d| &d.code == f) {
                let known: Vec<&str> = p.discriminators.iter().map(|d| d.code.as_str()).collect();
                return Err(TriageError::unknown("findings", f, &known));
            }
        }
        let best = p
            .discriminators
            .iter()
            .filter(|d| input.findings.contains(&d.code))
            .min_by_key(|d| d.level);
        let (level, discriminator) = match best {
            Some(d) => (d.level, Some(d.code.clone())),
            None => (p.default_level, None),
        };
        Ok(EdTriageResult {
            scale: self.table.scale,
            level: self.table.scale.level(level)?,
            discriminator,
            presentation: p.code.clone(),
        })
    }
}
