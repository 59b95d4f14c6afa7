//! Dispatch priority: determinant levels (Omega to Echo) mapped to response plans, NHS
//! Ambulance Response Programme (ARP) categories with their targets, and a rule table,
//! loaded from data, that maps call findings to a level. The result carries what routing
//! needs: the unit type, the urgency and the response-time target.
//!
//! Protocol content (which findings give which level) is the user's data. The example table
//! shipped with medcore ([`DispatchRules::example`], `data/dispatch_rules.example.json`) was
//! written for demonstration and testing; it is not MPDS or any licensed protocol and must be
//! replaced by the service's own clinically governed rules.

use crate::error::TriageError;
use crate::rules::{check_findings, Condition};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The example rule table shipped with medcore (JSON).
pub const EXAMPLE_RULES_JSON: &str = include_str!("../data/dispatch_rules.example.json");

/// ARP citation.
pub const ARP_CITATION: &str = "NHS England. Ambulance Response Programme: response standards \
(July 2017): C1 mean 7 min, 90th centile 15 min; C2 mean 18 min, 90th centile 40 min; C3 90th \
centile 120 min; C4 90th centile 180 min.";

/// Determinant level, ordered from least to most acute.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeterminantLevel {
    /// Omega: referral or advice, no emergency response.
    Omega,
    /// Alpha: low acuity.
    Alpha,
    /// Bravo.
    Bravo,
    /// Charlie.
    Charlie,
    /// Delta.
    Delta,
    /// Echo: immediately life-threatening.
    Echo,
}

impl DeterminantLevel {
    /// All levels, least acute first.
    pub const ALL: [DeterminantLevel; 6] = [
        DeterminantLevel::Omega,
        DeterminantLevel::Alpha,
        DeterminantLevel::Bravo,
        DeterminantLevel::Charlie,
        DeterminantLevel::Delta,
        DeterminantLevel::Echo,
    ];

    /// The level's name in snake case.
    pub fn as_str(self) -> &'static str {
        match self {
            DeterminantLevel::Omega => "omega",
            DeterminantLevel::Alpha => "alpha",
            DeterminantLevel::Bravo => "bravo",
            DeterminantLevel::Charlie => "charlie",
            DeterminantLevel::Delta => "delta",
            DeterminantLevel::Echo => "echo",
        }
    }
}

/// Ambulance Response Programme category.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ArpCategory {
    /// Category 1: life-threatening.
    C1,
    /// Category 2: emergency.
    C2,
    /// Category 3: urgent.
    C3,
    /// Category 4: less urgent.
    C4,
}

/// Response-time targets of an ARP category, minutes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ArpTargets {
    /// Mean response target, where the standard sets one.
    pub mean_minutes: Option<u32>,
    /// 90th-centile response target.
    pub p90_minutes: u32,
}

impl ArpCategory {
    /// The category's targets (NHS England, 2017).
    pub fn targets(self) -> ArpTargets {
        match self {
            ArpCategory::C1 => ArpTargets {
                mean_minutes: Some(7),
                p90_minutes: 15,
            },
            ArpCategory::C2 => ArpTargets {
                mean_minutes: Some(18),
                p90_minutes: 40,
            },
            ArpCategory::C3 => ArpTargets {
                mean_minutes: None,
                p90_minutes: 120,
            },
            ArpCategory::C4 => ArpTargets {
                mean_minutes: None,
                p90_minutes: 180,
            },
        }
    }

    /// The category's description.
    pub fn description(self) -> &'static str {
        match self {
            ArpCategory::C1 => "life-threatening",
            ArpCategory::C2 => "emergency",
            ArpCategory::C3 => "urgent",
            ArpCategory::C4 => "less urgent",
        }
    }
}

/// The kind of unit to send.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitType {
    /// Advanced life support.
    Als,
    /// Basic life support.
    Bls,
    /// No unit: referral or advice.
    None,
}

/// How the unit travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Urgency {
    /// Lights and sirens.
    LightsAndSirens,
    /// Normal road speed.
    Routine,
    /// No dispatch: refer to another service.
    Referral,
}

/// What a determinant level leads to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResponsePlan {
    /// ARP category (`None` for referral without a response).
    pub arp_category: Option<ArpCategory>,
    /// Unit type.
    pub unit: UnitType,
    /// Urgency.
    pub urgency: Urgency,
    /// Number of units to send.
    #[serde(default = "one")]
    pub units: u8,
    /// Free-text description.
    #[serde(default)]
    pub description: String,
}

fn one() -> u8 {
    1
}

/// One rule of the table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DispatchRule {
    /// Identifier, unique in the table (becomes part of the determinant code).
    pub id: String,
    /// What the rule stands for.
    #[serde(default)]
    pub description: String,
    /// When it applies.
    pub when: Condition,
    /// The level it gives.
    pub level: DeterminantLevel,
}

/// A dispatch rule table: finding vocabulary, response plans per level, rules.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DispatchRulesData {
    /// Name of the table.
    pub name: String,
    /// Version of the table.
    #[serde(default)]
    pub version: String,
    /// Licence and provenance notice.
    #[serde(default)]
    pub notice: String,
    /// Finding codes and their descriptions.
    pub findings: BTreeMap<String, String>,
    /// Response plan per level; every level must have one.
    pub plans: BTreeMap<DeterminantLevel, ResponsePlan>,
    /// The rules.
    pub rules: Vec<DispatchRule>,
    /// Level when no rule matches.
    pub default_level: DeterminantLevel,
}

/// A validated rule table, ready for many calls (a long-lived handle).
#[derive(Debug, Clone, PartialEq)]
pub struct DispatchRules {
    data: DispatchRulesData,
}

/// A call to prioritise.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DispatchCall {
    /// Finding codes established by the call taker.
    #[serde(default)]
    pub findings: Vec<String>,
    /// Patient age, years, if known.
    #[serde(default)]
    pub age_years: Option<f64>,
}

/// A rule that matched.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MatchedRule {
    /// Rule id.
    pub id: String,
    /// Rule description.
    pub description: String,
    /// Its level.
    pub level: DeterminantLevel,
}

/// What routing needs to choose and send a unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct RoutingRequest {
    /// Whether to send a unit at all.
    pub dispatch: bool,
    /// Unit type.
    pub unit: UnitType,
    /// Number of units.
    pub units: u8,
    /// Urgency.
    pub urgency: Urgency,
    /// Queue priority, 1 (most urgent) to 6.
    pub priority: u8,
    /// Time within which 9 in 10 such calls should be reached, minutes.
    pub target_p90_minutes: Option<u32>,
}

/// The result of prioritising a call.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DispatchResult {
    /// Determinant level.
    pub level: DeterminantLevel,
    /// Determinant code: level and deciding rule id (e.g. `echo:R01`), or `level:default`.
    pub determinant: String,
    /// Every rule that matched, most acute first.
    pub matched: Vec<MatchedRule>,
    /// The plan for the level.
    pub plan: ResponsePlan,
    /// ARP targets for the plan's category.
    pub targets: Option<ArpTargets>,
    /// Input for routing.
    pub routing: RoutingRequest,
    /// Citation for the ARP categories.
    pub citation: &'static str,
}

impl DispatchRules {
    /// Validates a table given as data.
    pub fn new(data: DispatchRulesData) -> Result<DispatchRules, TriageError> {
        if data.findings.is_empty() {
            return Err(TriageError::table(
                "findings",
                "at least one finding must be declared",
            ));
        }
        for level in DeterminantLevel::ALL {
            let plan = data.plans.get(&level).ok_or_else(|| {
                TriageError::table(
                    format!("plans.{}", level.as_str()),
                    "every level needs a response plan",
                )
            })?;
            let coherent = match plan.unit {
                UnitType::None => plan.urgency == Urgency::Referral && plan.arp_category.is_none(),
                _ => {
                    plan.urgency != Urgency::Referral
                        && plan.arp_category.is_some()
                        && plan.units > 0
                }
            };
            if !coherent {
                return Err(TriageError::table(
                    format!("plans.{}", level.as_str()),
                    "a plan sends a unit (with an ARP category, non-referral urgency, units ≥ 1) or refers (unit none, urgency referral, no category)",
                ));
            }
        }
        let mut ids: Vec<&str> = Vec::with_capacity(data.rules.len());
        for (i, rule) in data.rules.iter().enumerate() {
            if rule.id.trim().is_empty() {
                return Err(TriageError::table(
                    format!("rules[{i}].id"),
                    "rule id must not be empty",
                ));
            }
            if ids.contains(&rule.id.as_str()) {
                return Err(TriageError::table(
                    format!("rules[{i}].id"),
                    format!("duplicate rule id {:?}", rule.id),
                ));
            }
            ids.push(&rule.id);
            rule.when
                .validate(&format!("rules[{i}].when"), &data.findings)?;
        }
        Ok(DispatchRules { data })
    }

    /// Parses and validates a table from JSON.
    pub fn from_json(json: &str) -> Result<DispatchRules, TriageError> {
        let data: DispatchRulesData = serde_json::from_str(json).map_err(|e| {
            TriageError::table(
                format!("line {} column {}", e.line(), e.column()),
                e.to_string(),
            )
        })?;
        DispatchRules::new(data)
    }

    /// The example table shipped with medcore (not clinical content; see the module notes).
    pub fn example() -> DispatchRules {
        // The embedded table is checked by the crate's tests; fall back to a minimal
        // table rather than panic if it were ever malformed.
        DispatchRules::from_json(EXAMPLE_RULES_JSON).unwrap_or_else(|_| DispatchRules::minimal())
    }

    fn minimal() -> DispatchRules {
        let plan = |arp, unit, urgency| ResponsePlan {
            arp_category: arp,
            unit,
            urgency,
            units: 1,
            description: String::new(),
        };
        let mut plans = BTreeMap::new();
        plans.insert(
            DeterminantLevel::Omega,
            plan(None, UnitType::None, Urgency::Referral),
        );
        for (l, c, u, g) in [
            (
                DeterminantLevel::Alpha,
                ArpCategory::C4,
                UnitType::Bls,
                Urgency::Routine,
            ),
            (
                DeterminantLevel::Bravo,
                ArpCategory::C3,
                UnitType::Bls,
                Urgency::Routine,
            ),
            (
                DeterminantLevel::Charlie,
                ArpCategory::C2,
                UnitType::Als,
                Urgency::LightsAndSirens,
            ),
            (
                DeterminantLevel::Delta,
                ArpCategory::C2,
                UnitType::Als,
                Urgency::LightsAndSirens,
            ),
            (
                DeterminantLevel::Echo,
                ArpCategory::C1,
                UnitType::Als,
                Urgency::LightsAndSirens,
            ),
        ] {
            plans.insert(l, plan(Some(c), u, g));
        }
        let mut findings = BTreeMap::new();
        findings.insert("not_breathing".to_string(), "not breathing".to_string());
        DispatchRules {
            data: DispatchRulesData {
                name: "minimal".into(),
                version: String::new(),
                notice: String::new(),
                findings,
                plans,
                rules: Vec::new(),
                default_level: DeterminantLevel::Charlie,
            },
        }
    }

    /// The table's data.
    pub fn data(&self) -> &DispatchRulesData {
        &self.data
    }

    /// Prioritises one call: the most acute matching rule decides (the first such rule in
    /// table order on ties); with no match, the table's default level.
    pub fn prioritise(&self, call: &DispatchCall) -> Result<DispatchResult, TriageError> {
        if let Some(a) = call.age_years {
            if !a.is_finite() || !(0.0..=130.0).contains(&a) {
                return Err(TriageError::OutOfRange {
                    field: "age_years",
                    value: a.to_string(),
                    min: 0.0,
                    max: 130.0,
                });
            }
        }
        let findings = check_findings("findings", &call.findings, &self.data.findings)?;
        let mut matched: Vec<(usize, &DispatchRule)> = self
            .data
            .rules
            .iter()
            .enumerate()
            .filter(|(_, r)| r.when.matches(&findings, call.age_years))
            .collect();
        matched.sort_by(|(ia, a), (ib, b)| b.level.cmp(&a.level).then(ia.cmp(ib)));
        let (level, determinant) = match matched.first() {
            Some((_, r)) => (r.level, format!("{}:{}", r.level.as_str(), r.id)),
            None => (
                self.data.default_level,
                format!("{}:default", self.data.default_level.as_str()),
            ),
        };
        let plan = self.data.plans.get(&level).cloned().ok_or_else(|| {
            TriageError::table(format!("plans.{}", level.as_str()), "missing plan")
        })?;
        let targets = plan.arp_category.map(ArpCategory::targets);
        let priority = 6 - DeterminantLevel::ALL
            .iter()
            .position(|l| *l == level)
            .unwrap_or(0) as u8;
        let routing = RoutingRequest {
            dispatch: plan.unit != UnitType::None,
            unit: plan.unit,
            units: plan.units,
            urgency: plan.urgency,
            priority,
            target_p90_minutes: targets.map(|t| t.p90_minutes),
        };
        Ok(DispatchResult {
            level,
            determinant,
            matched: matched
                .into_iter()
                .map(|(_, r)| MatchedRule {
                    id: r.id.clone(),
                    description: r.description.clone(),
                    level: r.level,
                })
                .collect(),
            plan,
            targets,
            routing,
            citation: ARP_CITATION,
        })
    }
}

/// Prioritises one call with a rule table.
pub fn dispatch(rules: &DispatchRules, call: &DispatchCall) -> Result<DispatchResult, TriageError> {
    rules.prioritise(call)
}

/// Prioritises many calls with one rule table.
pub fn dispatch_batch(
    rules: &DispatchRules,
    calls: &[DispatchCall],
) -> Vec<Result<DispatchResult, TriageError>> {
    calls.iter().map(|c| rules.prioritise(c)).collect()
}
