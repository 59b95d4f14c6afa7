//! Validation profiles: data (JSON or TOML) that set the severity of each rule, which tables
//! are checked, and override segment and field usage, cardinality, length, data type and table,
//! including the definition of Z-segments.
//!
//! Two profiles are built in: `lenient` (the default: real messages from real senders produce
//! no errors, common deviations are warnings) and `strict`. A profile file may start from one of
//! them with `"extends": "lenient"` and change only what it names.
//!
//! ```json
//! {
//!   "name": "acme-adt",
//!   "extends": "lenient",
//!   "severity": { "segment_unexpected": "error" },
//!   "tables": { "check": "all", "add": { "0004": ["X"] } },
//!   "segments": {
//!     "PV1": { "usage": "R" },
//!     "PID": { "fields": { "7": { "usage": "R", "length": 8, "datatype": "DT" } } },
//!     "ZPI": { "fields": { "1": { "datatype": "ST", "usage": "R" } } }
//!   }
//! }
//! ```

use crate::validate::issue::{Rule, Severity};
use crate::Hl7Error;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What a profile does with the issues of one rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Report as an error.
    Error,
    /// Report as a warning.
    Warning,
    /// Report as information.
    Info,
    /// Do not report.
    Ignore,
}

impl Level {
    /// The severity issues get, or `None` when they are not reported.
    pub fn severity(self) -> Option<Severity> {
        match self {
            Level::Error => Some(Severity::Error),
            Level::Warning => Some(Severity::Warning),
            Level::Info => Some(Severity::Info),
            Level::Ignore => None,
        }
    }
}

/// HL7 conformance usage codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Usage {
    /// Required.
    R,
    /// Required but may be empty (send it when known).
    RE,
    /// Optional.
    O,
    /// Conditional (treated as optional).
    C,
    /// Not supported: must not be sent.
    X,
}

/// Which tables a profile checks coded values against.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum TableSelection {
    /// `"all"`, `"hl7"` (HL7-defined tables: values of type ID) or `"none"`.
    Named(String),
    /// Exactly these tables, e.g. `["0001", "0203"]`.
    List(Vec<String>),
}

impl Default for TableSelection {
    fn default() -> Self {
        TableSelection::Named("hl7".into())
    }
}

/// Table checking settings.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TablePolicy {
    /// Which tables are checked.
    pub check: TableSelection,
    /// Tables checked in addition to the selection.
    pub also: Vec<String>,
    /// Local values accepted in addition to the standard ones, per table.
    pub add: BTreeMap<String, Vec<String>>,
}

/// Overrides for one field (or, in a Z-segment, its definition).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FieldProfile {
    /// Usage; `R` makes the field required, `X` forbids it.
    pub usage: Option<Usage>,
    /// Minimum repetitions.
    pub min: Option<u32>,
    /// Maximum repetitions (`-1` is unbounded).
    pub max: Option<i64>,
    /// Maximum length of each repetition, in characters of the encoded value.
    pub length: Option<usize>,
    /// Data type.
    pub datatype: Option<String>,
    /// Table the value is drawn from.
    pub table: Option<String>,
}

/// Overrides for one segment, or the definition of a Z-segment.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SegmentProfile {
    /// Usage wherever the segment appears in a structure.
    pub usage: Option<Usage>,
    /// Maximum occurrences wherever it appears (`-1` is unbounded).
    pub max: Option<i64>,
    /// Field overrides by field number (as a string key, e.g. `"7"`).
    pub fields: BTreeMap<String, FieldProfile>,
}

/// A validation profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Profile {
    /// Profile name.
    pub name: String,
    /// What the profile is for.
    pub description: String,
    /// A built-in profile this one starts from (`lenient` or `strict`).
    pub extends: Option<String>,
    /// Level of each rule; rules not named keep the base profile's level (error if none).
    pub severity: BTreeMap<Rule, Level>,
    /// Table checking.
    pub tables: TablePolicy,
    /// Segment overrides and Z-segment definitions, by segment id.
    pub segments: BTreeMap<String, SegmentProfile>,
    /// Fields (e.g. `PID-7`) whose structural field-level problems (required but empty,
    /// repeated beyond the limit, malformed data type) are always errors, whatever the level
    /// of their rule. Table and length problems keep their rule's level.
    pub critical: Vec<String>,
}

impl Default for Profile {
    /// An empty profile: every rule an error, HL7-defined tables checked, no overrides.
    /// (The validator's default is [`Profile::lenient`].)
    fn default() -> Self {
        Profile {
            name: String::new(),
            description: String::new(),
            extends: None,
            severity: BTreeMap::new(),
            tables: TablePolicy::default(),
            segments: BTreeMap::new(),
            critical: Vec::new(),
        }
    }
}

const LENIENT: &str = include_str!("../data/profiles/lenient.json");
const STRICT: &str = include_str!("../data/profiles/strict.json");

impl Profile {
    /// The built-in `lenient` profile (the default).
    pub fn lenient() -> Profile {
        Self::parse_builtin(LENIENT)
    }

    /// The built-in `strict` profile.
    pub fn strict() -> Profile {
        Self::parse_builtin(STRICT)
    }

    fn parse_builtin(text: &str) -> Profile {
        // The built-in texts are part of the crate and covered by its tests; an empty
        // profile (every rule an error) is the safe reading should one ever fail to parse.
        serde_json::from_str(text).unwrap_or_default()
    }

    /// A built-in profile by name: `lenient` or `strict`.
    pub fn builtin(name: &str) -> Option<Profile> {
        match name {
            "lenient" => Some(Profile::lenient()),
            "strict" => Some(Profile::strict()),
            _ => None,
        }
    }

    /// Reads a profile from JSON text.
    pub fn from_json(text: &str) -> Result<Profile, Hl7Error> {
        let p: Profile = serde_json::from_str(text).map_err(|e| Hl7Error::Profile {
            reason: format!("JSON line {} column {}: {e}", e.line(), e.column()),
        })?;
        p.resolve()
    }

    /// Reads a profile from TOML text.
    pub fn from_toml(text: &str) -> Result<Profile, Hl7Error> {
        let p: Profile = toml::from_str(text).map_err(|e| Hl7Error::Profile {
            reason: format!("TOML: {e}"),
        })?;
        p.resolve()
    }

    /// Reads a profile from text, JSON when it starts with `{`, TOML otherwise.
    pub fn from_text(text: &str) -> Result<Profile, Hl7Error> {
        if text.trim_start().starts_with('{') {
            Profile::from_json(text)
        } else {
            Profile::from_toml(text)
        }
    }

    /// Applies `extends`: the base's settings, overridden by this profile's.
    fn resolve(self) -> Result<Profile, Hl7Error> {
        let Some(base_name) = self.extends.clone() else {
            return Ok(self);
        };
        let mut base = Profile::builtin(&base_name).ok_or_else(|| Hl7Error::Profile {
            reason: format!("extends '{base_name}': only 'lenient' and 'strict' are built in"),
        })?;
        base.name = self.name;
        base.description = self.description;
        base.extends = Some(base_name);
        base.severity.extend(self.severity);
        if self.tables.check != TableSelection::default() {
            base.tables.check = self.tables.check;
        }
        base.tables.also.extend(self.tables.also);
        for (t, vals) in self.tables.add {
            base.tables.add.entry(t).or_default().extend(vals);
        }
        for (id, seg) in self.segments {
            base.segments.insert(id, seg);
        }
        for c in self.critical {
            if !base.critical.contains(&c) {
                base.critical.push(c);
            }
        }
        Ok(base)
    }

    /// The severity issues of `rule` get under this profile, `None` when ignored.
    pub fn severity_of(&self, rule: Rule) -> Option<Severity> {
        self.severity
            .get(&rule)
            .copied()
            .unwrap_or(Level::Error)
            .severity()
    }

    /// The severity of a field-level issue of `rule` at `segment`-`field`: an error when the
    /// profile lists the field as critical, the rule's level otherwise.
    pub fn field_severity_of(&self, rule: Rule, segment: &str, field: usize) -> Option<Severity> {
        let level = self.severity_of(rule)?;
        let is_field_rule = matches!(
            rule,
            Rule::FieldRequired | Rule::FieldRepetition | Rule::DataType
        );
        if is_field_rule && !self.critical.is_empty() {
            // `SEG-n` entries, compared without building the key.
            let mut digits = [0u8; 20];
            let mut i = digits.len();
            let mut v = field;
            loop {
                i -= 1;
                digits[i] = b'0' + (v % 10) as u8;
                v /= 10;
                if v == 0 {
                    break;
                }
            }
            let number = &digits[i..];
            let is_key = |c: &String| {
                c.strip_prefix(segment)
                    .and_then(|r| r.strip_prefix('-'))
                    .is_some_and(|r| r.as_bytes() == number)
            };
            if self.critical.iter().any(is_key) {
                return Some(Severity::Error);
            }
        }
        Some(level)
    }

    /// The overrides for a segment.
    pub fn segment(&self, id: &str) -> Option<&SegmentProfile> {
        self.segments.get(id)
    }

    /// The overrides for a field of a segment.
    pub fn field(&self, segment: &str, field: usize) -> Option<&FieldProfile> {
        let seg = self.segments.get(segment)?;
        seg.fields.get(field.to_string().as_str())
    }

    /// `true` when values of table `table` in a field of data type `datatype` are checked.
    pub fn checks_table(&self, table: &str, datatype: &str) -> bool {
        if self.tables.also.iter().any(|t| t == table) {
            return true;
        }
        match &self.tables.check {
            TableSelection::Named(n) => match n.as_str() {
                "all" => true,
                "hl7" => datatype == "ID",
                _ => false,
            },
            TableSelection::List(l) => l.iter().any(|t| t == table),
        }
    }

    /// `true` when the profile accepts `value` as a local addition to `table`.
    pub fn adds_value(&self, table: &str, value: &str) -> bool {
        self.tables
            .add
            .get(table)
            .is_some_and(|vals| vals.iter().any(|v| v == value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtins_parse() {
        let l = Profile::lenient();
        assert_eq!(l.name, "lenient");
        assert_eq!(
            l.severity_of(Rule::SegmentUnexpected),
            Some(Severity::Warning)
        );
        assert_eq!(l.severity_of(Rule::ZSegment), None);
        assert_eq!(l.severity_of(Rule::DataType), Some(Severity::Warning));
        assert_eq!(
            l.field_severity_of(Rule::DataType, "MSH", 7),
            Some(Severity::Error)
        );
        let s = Profile::strict();
        assert_eq!(
            s.severity_of(Rule::SegmentUnexpected),
            Some(Severity::Error)
        );
        assert!(s.checks_table("0004", "IS"));
        assert!(l.checks_table("0004", "IS"));
        assert!(!l.checks_table("0005", "IS"));
        assert!(l.checks_table("0103", "ID"));
    }

    #[test]
    fn json_and_toml_extend_builtins() {
        let j = Profile::from_json(
            r#"{"name":"acme","extends":"lenient","severity":{"segment_unexpected":"error"},
               "tables":{"add":{"0001":["X"]}},
               "segments":{"PID":{"fields":{"7":{"usage":"R","length":8}}},
                           "ZPI":{"fields":{"1":{"datatype":"NM","usage":"R"}}}}}"#,
        )
        .unwrap();
        assert_eq!(
            j.severity_of(Rule::SegmentUnexpected),
            Some(Severity::Error)
        );
        assert_eq!(j.severity_of(Rule::FieldWithdrawn), Some(Severity::Info));
        assert!(j.adds_value("0001", "X"));
        assert_eq!(j.field("PID", 7).unwrap().length, Some(8));
        assert_eq!(j.field("ZPI", 1).unwrap().datatype.as_deref(), Some("NM"));
        let t = Profile::from_toml(
            "name = \"t\"\nextends = \"strict\"\n[severity]\nz_segment = \"ignore\"\n\
             [segments.PV1]\nusage = \"X\"\n",
        )
        .unwrap();
        assert_eq!(t.severity_of(Rule::ZSegment), None);
        assert_eq!(t.segment("PV1").unwrap().usage, Some(Usage::X));
        assert_eq!(
            t.severity_of(Rule::SegmentUnexpected),
            Some(Severity::Error)
        );
    }

    #[test]
    fn bad_profiles_are_reported() {
        let e =
            Profile::from_json(r#"{"name":"x","severity":{"no_such_rule":"error"}}"#).unwrap_err();
        assert_eq!(e.code(), "HL7_PROFILE_INVALID");
        assert!(e.to_string().contains("line 1"), "{e}");
        assert!(Profile::from_json(r#"{"extends":"medium"}"#).is_err());
        assert!(Profile::from_toml("name = [").is_err());
        assert!(Profile::from_json(r#"{"segments":{"PID":{"usage":"Q"}}}"#).is_err());
    }
}
