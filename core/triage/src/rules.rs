//! Matching call or presentation findings against rule conditions supplied as data.

use crate::error::TriageError;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A rule's condition: every `all` finding present, at least one `any` finding present (when
/// `any` is not empty), no `none` finding present, and the age within the bounds given.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Condition {
    /// Findings that must all be present.
    #[serde(default)]
    pub all: Vec<String>,
    /// Findings of which at least one must be present.
    #[serde(default)]
    pub any: Vec<String>,
    /// Findings that must be absent.
    #[serde(default)]
    pub none: Vec<String>,
    /// Lowest age, years, inclusive.
    #[serde(default)]
    pub age_min: Option<f64>,
    /// Highest age, years, exclusive.
    #[serde(default)]
    pub age_max: Option<f64>,
}

impl Condition {
    /// True when the findings (and age, if the condition has age bounds) satisfy the condition.
    /// A condition with age bounds does not match when the age is unknown.
    pub fn matches(&self, findings: &[&str], age_years: Option<f64>) -> bool {
        let has = |f: &String| findings.contains(&f.as_str());
        if !self.all.iter().all(has) {
            return false;
        }
        if !self.any.is_empty() && !self.any.iter().any(has) {
            return false;
        }
        if self.none.iter().any(has) {
            return false;
        }
        if self.age_min.is_some() || self.age_max.is_some() {
            let Some(age) = age_years else { return false };
            if self.age_min.is_some_and(|m| age < m) || self.age_max.is_some_and(|m| age >= m) {
                return false;
            }
        }
        true
    }

    /// Checks that the condition is not empty and uses only known findings.
    pub fn validate(
        &self,
        location: &str,
        vocabulary: &BTreeMap<String, String>,
    ) -> Result<(), TriageError> {
        if self.all.is_empty() && self.any.is_empty() {
            return Err(TriageError::table(
                location,
                "a condition needs at least one finding in `all` or `any`",
            ));
        }
        for (part, list) in [("all", &self.all), ("any", &self.any), ("none", &self.none)] {
            for (i, f) in list.iter().enumerate() {
                if !vocabulary.contains_key(f) {
                    return Err(TriageError::table(
                        format!("{location}.{part}[{i}]"),
                        format!("finding {f:?} is not declared in `findings`"),
                    ));
                }
            }
        }
        for (name, v) in [("age_min", self.age_min), ("age_max", self.age_max)] {
            if let Some(v) = v {
                if !v.is_finite() || v < 0.0 {
                    return Err(TriageError::table(
                        format!("{location}.{name}"),
                        "age bounds must be finite and non-negative",
                    ));
                }
            }
        }
        Ok(())
    }
}

/// Checks a caller's findings against the declared vocabulary.
pub fn check_findings<'a>(
    field: &str,
    findings: &'a [String],
    vocabulary: &BTreeMap<String, String>,
) -> Result<Vec<&'a str>, TriageError> {
    let mut out = Vec::with_capacity(findings.len());
    for f in findings {
        if !vocabulary.contains_key(f) {
            let known: Vec<&str> = vocabulary.keys().map(String::as_str).collect();
            return Err(TriageError::unknown(field, f, &known));
        }
        out.push(f.as_str());
    }
    Ok(out)
}
