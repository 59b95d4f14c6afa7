//! The request and decision model: principals, resources, environment, obligations.

use crate::value::{Attributes, Value};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// Who asks: a user with roles and attributes (department, ward, shift, licence...).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Principal {
    /// The user's identifier (compared with care-team members and consent actors).
    pub id: String,
    /// Directly assigned roles; inherited roles are added from the schema.
    #[serde(default)]
    pub roles: Vec<String>,
    /// Attributes declared in the schema's `principal` section.
    #[serde(default)]
    pub attributes: Attributes,
}

/// What is accessed: a typed resource with attributes.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Resource {
    /// The resource type, one of the schema's resource types (for example `Patient`).
    #[serde(rename = "type")]
    pub kind: String,
    /// The resource identifier.
    pub id: String,
    /// Attributes declared for this type in the schema.
    #[serde(default)]
    pub attributes: Attributes,
}

/// A break-glass (emergency access) declaration made by the user.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BreakGlass {
    /// Why normal access rules are overridden; must not be blank.
    pub reason: String,
    /// Optional end of the emergency window (seconds since the epoch); after it the
    /// declaration no longer counts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<i64>,
}

/// The circumstances of a request.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Environment {
    /// The time of the request, seconds since the epoch (UTC).
    #[serde(default)]
    pub time: i64,
    /// Offset of local time from UTC in minutes, used by time-of-day windows.
    #[serde(default)]
    pub utc_offset_minutes: i32,
    /// HL7 PurposeOfUse code (TREAT, ETREAT, BTG, HPAYMT, HOPERAT...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub purpose_of_use: Option<String>,
    /// Where the request comes from (for example `ward-terminal`, `vpn`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<String>,
    /// A break-glass declaration, if the user made one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub break_glass: Option<BreakGlass>,
    /// Further context attributes declared in the schema.
    #[serde(default)]
    pub attributes: Attributes,
}

/// One authorization question.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Request {
    /// Who asks.
    pub principal: Principal,
    /// The action (for example `read`).
    pub action: String,
    /// What is accessed.
    pub resource: Resource,
    /// The circumstances.
    #[serde(default)]
    pub environment: Environment,
}

/// The effect of a decision.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Effect {
    /// Access is granted (subject to the obligations).
    Allow,
    /// Access is refused.
    Deny,
}

/// The level of an AUDIT obligation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AuditLevel {
    /// Routine access logging.
    Low,
    /// Logging with review (sensitive records).
    Medium,
    /// Logging with mandatory after-the-fact review (break-glass, VIP).
    High,
}

impl AuditLevel {
    /// The lowercase name used in policies.
    pub fn as_str(self) -> &'static str {
        match self {
            AuditLevel::Low => "low",
            AuditLevel::Medium => "medium",
            AuditLevel::High => "high",
        }
    }

    /// Parses `low`, `medium` or `high`.
    pub fn parse(s: &str) -> Option<AuditLevel> {
        match s {
            "low" => Some(AuditLevel::Low),
            "medium" => Some(AuditLevel::Medium),
            "high" => Some(AuditLevel::High),
            _ => None,
        }
    }
}

/// The kind of identifier a MASK obligation hides, named so that a masking library
/// (`medcore::pii`'s `mask(kind, value)`) can fulfil it.
pub const MASK_KINDS: &[&str] = &[
    "ssn", "mrn", "name", "dob", "phone", "email", "address", "zip", "generic",
];

/// Something the caller must do when it enforces the decision.
///
/// Codes follow the HL7 v3 ObligationPolicy code system (2.16.840.1.113883.1.11.20445):
/// `MASK`, `REDACT`, `AUDIT`, `ENCRYPT`. `REQUIRE_REASON` has no HL7 code and is a medcore
/// extension: the caller must record the user's reason for access before showing data.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "code")]
pub enum Obligation {
    /// Show the field masked; `kind` is one of [`MASK_KINDS`].
    #[serde(rename = "MASK")]
    Mask {
        /// The resource field to mask (for example `ssn`).
        field: String,
        /// The identifier kind, for the masking function.
        kind: String,
    },
    /// Remove the field from what is shown.
    #[serde(rename = "REDACT")]
    Redact {
        /// The resource field to remove.
        field: String,
    },
    /// Record the access in the audit trail at this level.
    #[serde(rename = "AUDIT")]
    Audit {
        /// How closely the access will be reviewed.
        level: AuditLevel,
    },
    /// Encrypt the data (or the named field) in transit and at rest.
    #[serde(rename = "ENCRYPT")]
    Encrypt {
        /// The field to encrypt; the whole record when absent.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        field: Option<String>,
    },
    /// Record the user's reason for access before showing data.
    #[serde(rename = "REQUIRE_REASON")]
    RequireReason,
}

impl Obligation {
    /// The obligation code (HL7 ObligationPolicy where one exists).
    pub fn code(&self) -> &'static str {
        match self {
            Obligation::Mask { .. } => "MASK",
            Obligation::Redact { .. } => "REDACT",
            Obligation::Audit { .. } => "AUDIT",
            Obligation::Encrypt { .. } => "ENCRYPT",
            Obligation::RequireReason => "REQUIRE_REASON",
        }
    }
}

/// A problem met while evaluating one rule (a missing attribute, a type mismatch).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleError {
    /// The rule's id.
    pub rule: Arc<str>,
    /// What went wrong.
    pub message: String,
}

/// The answer to a [`Request`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Decision {
    /// Allow or deny.
    pub effect: Effect,
    /// Ids of the rules that determined the effect (empty for a default deny).
    pub determining: Vec<Arc<str>>,
    /// What the caller must do when enforcing an allow (and, for a deny, the AUDIT
    /// obligations of the denying rules and of break-glass).
    pub obligations: Vec<Obligation>,
    /// Advice: messages for the user or the caller; not binding.
    pub advice: Vec<String>,
    /// Evaluation problems; a forbid rule with an error counted as applying (fail closed).
    pub errors: Vec<RuleError>,
    /// Whether a valid break-glass declaration was in force for this request.
    pub break_glass: bool,
}

impl Decision {
    /// Whether the effect is [`Effect::Allow`].
    pub fn is_allowed(&self) -> bool {
        self.effect == Effect::Allow
    }

    /// The MASK obligations as `(field, kind)` pairs, for a masking function.
    pub fn masks(&self) -> Vec<(&str, &str)> {
        self.obligations
            .iter()
            .filter_map(|o| match o {
                Obligation::Mask { field, kind } => Some((field.as_str(), kind.as_str())),
                _ => None,
            })
            .collect()
    }

    /// Applies MASK and REDACT obligations to a record's fields: REDACT removes the field,
    /// MASK replaces its value with `mask(kind, value)` (for example `medcore::pii`'s masking).
    pub fn apply_field_obligations<F>(&self, record: &mut Attributes, mut mask: F)
    where
        F: FnMut(&str, &str) -> String,
    {
        for o in &self.obligations {
            match o {
                Obligation::Redact { field } => {
                    record.remove(field);
                }
                Obligation::Mask { field, kind } => {
                    if let Some(Value::String(s)) = record.get_mut(field) {
                        *s = mask(kind, s);
                    }
                }
                _ => {}
            }
        }
    }
}
