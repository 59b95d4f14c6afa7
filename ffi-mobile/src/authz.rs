//! Authorization: a policy set object (the embedded default set, policy text, consent
//! directives), requests as records built natively in the host, single and batch decisions with
//! obligations and masks, explanations, break-glass status, the decision-log hook (a trait the
//! host implements) and query filtering ("which resources of this type may I see").

use crate::{guard, MedcoreError};
use medcore::authz as core;
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, RwLock};

/// An attribute value: a boolean, a 64-bit integer (also times, in seconds since the epoch), a
/// string or a set of values.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Enum)]
pub enum AuthzValue {
    /// `true` or `false`.
    Bool {
        /// The value.
        value: bool,
    },
    /// A signed 64-bit integer.
    Long {
        /// The value.
        value: i64,
    },
    /// A string.
    Text {
        /// The value.
        value: String,
    },
    /// A set of values (order and duplicates carry no meaning).
    Set {
        /// The members.
        items: Vec<AuthzValue>,
    },
}

impl From<AuthzValue> for core::Value {
    fn from(v: AuthzValue) -> Self {
        match v {
            AuthzValue::Bool { value } => core::Value::Bool(value),
            AuthzValue::Long { value } => core::Value::Long(value),
            AuthzValue::Text { value } => core::Value::String(value),
            AuthzValue::Set { items } => {
                core::Value::Set(items.into_iter().map(Into::into).collect())
            }
        }
    }
}

impl From<core::Value> for AuthzValue {
    fn from(v: core::Value) -> Self {
        match v {
            core::Value::Bool(value) => AuthzValue::Bool { value },
            core::Value::Long(value) => AuthzValue::Long { value },
            core::Value::String(value) => AuthzValue::Text { value },
            core::Value::Set(items) => AuthzValue::Set {
                items: items.into_iter().map(Into::into).collect(),
            },
        }
    }
}

fn attrs_in(a: HashMap<String, AuthzValue>) -> core::Attributes {
    a.into_iter().map(|(k, v)| (k, v.into())).collect()
}

fn attrs_out(a: core::Attributes) -> HashMap<String, AuthzValue> {
    a.into_iter().map(|(k, v)| (k, v.into())).collect()
}

/// Who asks: an id, roles, and attributes (for example `department`).
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct AuthzPrincipal {
    /// The principal's id.
    pub id: String,
    /// Role names (roles inherit as the schema declares).
    #[uniffi(default)]
    pub roles: Vec<String>,
    /// Attributes by name.
    #[uniffi(default)]
    pub attributes: HashMap<String, AuthzValue>,
}

/// What is accessed: a resource type (`Patient`, `Observation`...), an id and attributes.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct AuthzResource {
    /// The resource type (`type` in the JSON form).
    pub kind: String,
    /// The resource id.
    pub id: String,
    /// Attributes by name (`patient`, `department`, `care_team`, `labels`...).
    #[uniffi(default)]
    pub attributes: HashMap<String, AuthzValue>,
}

/// A break-glass (emergency access) declaration.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct AuthzBreakGlass {
    /// The user's reason (must not be blank).
    pub reason: String,
    /// When the declaration expires (seconds since the epoch); `null` for no limit.
    #[uniffi(default = None)]
    pub expires_at: Option<i64>,
}

/// The circumstances of a request.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct AuthzEnvironment {
    /// The time of the request, seconds since the epoch (UTC).
    #[uniffi(default = 0)]
    pub time: i64,
    /// The local offset from UTC in minutes (for `within_hours`).
    #[uniffi(default = 0)]
    pub utc_offset_minutes: i32,
    /// The HL7 PurposeOfUse code (`TREAT`, `ETREAT`, `BTG`, ...).
    #[uniffi(default = None)]
    pub purpose_of_use: Option<String>,
    /// Where the request comes from (for example a network zone).
    #[uniffi(default = None)]
    pub origin: Option<String>,
    /// A break-glass declaration.
    #[uniffi(default = None)]
    pub break_glass: Option<AuthzBreakGlass>,
    /// Further context attributes by name.
    #[uniffi(default)]
    pub attributes: HashMap<String, AuthzValue>,
}

impl Default for AuthzEnvironment {
    fn default() -> Self {
        core::Environment::default().into()
    }
}

impl From<AuthzEnvironment> for core::Environment {
    fn from(e: AuthzEnvironment) -> Self {
        core::Environment {
            time: e.time,
            utc_offset_minutes: e.utc_offset_minutes,
            purpose_of_use: e.purpose_of_use,
            origin: e.origin,
            break_glass: e.break_glass.map(|b| core::BreakGlass {
                reason: b.reason,
                expires_at: b.expires_at,
            }),
            attributes: attrs_in(e.attributes),
        }
    }
}

impl From<core::Environment> for AuthzEnvironment {
    fn from(e: core::Environment) -> Self {
        AuthzEnvironment {
            time: e.time,
            utc_offset_minutes: e.utc_offset_minutes,
            purpose_of_use: e.purpose_of_use,
            origin: e.origin,
            break_glass: e.break_glass.map(|b| AuthzBreakGlass {
                reason: b.reason,
                expires_at: b.expires_at,
            }),
            attributes: attrs_out(e.attributes),
        }
    }
}

impl From<AuthzPrincipal> for core::Principal {
    fn from(p: AuthzPrincipal) -> Self {
        core::Principal {
            id: p.id,
            roles: p.roles,
            attributes: attrs_in(p.attributes),
        }
    }
}

impl From<AuthzResource> for core::Resource {
    fn from(r: AuthzResource) -> Self {
        core::Resource {
            kind: r.kind,
            id: r.id,
            attributes: attrs_in(r.attributes),
        }
    }
}

/// One authorization question.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct AuthzRequest {
    /// Who asks.
    pub principal: AuthzPrincipal,
    /// The action (`read`, `write`, ...).
    pub action: String,
    /// What is accessed.
    pub resource: AuthzResource,
    /// The circumstances.
    #[uniffi(default)]
    pub environment: AuthzEnvironment,
}

impl From<AuthzRequest> for core::Request {
    fn from(r: AuthzRequest) -> Self {
        core::Request {
            principal: r.principal.into(),
            action: r.action,
            resource: r.resource.into(),
            environment: r.environment.into(),
        }
    }
}

/// The effect of a decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum AuthzEffect {
    /// Access is granted (subject to the obligations).
    Allow,
    /// Access is refused.
    Deny,
}

impl From<core::Effect> for AuthzEffect {
    fn from(e: core::Effect) -> Self {
        match e {
            core::Effect::Allow => AuthzEffect::Allow,
            core::Effect::Deny => AuthzEffect::Deny,
        }
    }
}

/// The level of an AUDIT obligation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum AuthzAuditLevel {
    /// Routine access logging.
    Low,
    /// Logging with review (sensitive records).
    Medium,
    /// Logging with mandatory after-the-fact review (break-glass, VIP).
    High,
}

/// Something the caller must do when it enforces a decision (HL7 ObligationPolicy codes MASK,
/// REDACT, AUDIT, ENCRYPT, plus REQUIRE_REASON; `authzObligationCode` gives the code).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Enum)]
pub enum AuthzObligation {
    /// Show the field masked; `kind` names the masking (`ssn`, `mrn`, `name`, ...).
    Mask {
        /// The resource field.
        field: String,
        /// The identifier kind, for the masking function.
        kind: String,
    },
    /// Remove the field from what is shown.
    Redact {
        /// The resource field.
        field: String,
    },
    /// Record the access in the audit trail at this level.
    Audit {
        /// How closely the access will be reviewed.
        level: AuthzAuditLevel,
    },
    /// Encrypt the named field, or the whole record when `null`.
    Encrypt {
        /// The field.
        field: Option<String>,
    },
    /// Record the user's reason for access before showing data.
    RequireReason,
}

impl From<core::Obligation> for AuthzObligation {
    fn from(o: core::Obligation) -> Self {
        match o {
            core::Obligation::Mask { field, kind } => AuthzObligation::Mask { field, kind },
            core::Obligation::Redact { field } => AuthzObligation::Redact { field },
            core::Obligation::Audit { level } => AuthzObligation::Audit {
                level: match level {
                    core::AuditLevel::Low => AuthzAuditLevel::Low,
                    core::AuditLevel::Medium => AuthzAuditLevel::Medium,
                    core::AuditLevel::High => AuthzAuditLevel::High,
                },
            },
            core::Obligation::Encrypt { field } => AuthzObligation::Encrypt { field },
            core::Obligation::RequireReason => AuthzObligation::RequireReason,
        }
    }
}

impl From<AuthzObligation> for core::Obligation {
    fn from(o: AuthzObligation) -> Self {
        match o {
            AuthzObligation::Mask { field, kind } => core::Obligation::Mask { field, kind },
            AuthzObligation::Redact { field } => core::Obligation::Redact { field },
            AuthzObligation::Audit { level } => core::Obligation::Audit {
                level: match level {
                    AuthzAuditLevel::Low => core::AuditLevel::Low,
                    AuthzAuditLevel::Medium => core::AuditLevel::Medium,
                    AuthzAuditLevel::High => core::AuditLevel::High,
                },
            },
            AuthzObligation::Encrypt { field } => core::Obligation::Encrypt { field },
            AuthzObligation::RequireReason => core::Obligation::RequireReason,
        }
    }
}

/// The obligation's code: `MASK`, `REDACT`, `AUDIT`, `ENCRYPT` or `REQUIRE_REASON`.
#[uniffi::export]
pub fn authz_obligation_code(obligation: AuthzObligation) -> String {
    core::Obligation::from(obligation).code().to_string()
}

/// A problem met while evaluating one rule.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct AuthzRuleError {
    /// The rule's id.
    pub rule: String,
    /// What went wrong.
    pub message: String,
}

/// A MASK obligation as a (field, kind) pair, for `piiMask(kind, value)`.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct AuthzMask {
    /// The resource field.
    pub field: String,
    /// The identifier kind.
    pub kind: String,
}

/// The answer to a request.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct AuthzDecision {
    /// Allow or deny.
    pub effect: AuthzEffect,
    /// Whether the effect is allow.
    pub allowed: bool,
    /// Ids of the rules that determined the effect (empty for a default deny).
    pub determining: Vec<String>,
    /// What the caller must do when enforcing it.
    pub obligations: Vec<AuthzObligation>,
    /// The MASK obligations as (field, kind) pairs.
    pub masks: Vec<AuthzMask>,
    /// Advice for the user or the caller; not binding.
    pub advice: Vec<String>,
    /// Evaluation problems (a forbid with an error counts as applying: fail closed).
    pub errors: Vec<AuthzRuleError>,
    /// Whether a valid break-glass declaration was in force.
    pub break_glass: bool,
}

impl From<core::Decision> for AuthzDecision {
    fn from(d: core::Decision) -> Self {
        let masks = d
            .masks()
            .into_iter()
            .map(|(f, k)| AuthzMask {
                field: f.to_string(),
                kind: k.to_string(),
            })
            .collect();
        AuthzDecision {
            effect: d.effect.into(),
            allowed: d.is_allowed(),
            determining: d.determining.iter().map(|s| s.to_string()).collect(),
            masks,
            obligations: d.obligations.into_iter().map(Into::into).collect(),
            advice: d.advice,
            errors: d
                .errors
                .into_iter()
                .map(|e| AuthzRuleError {
                    rule: e.rule.to_string(),
                    message: e.message,
                })
                .collect(),
            break_glass: d.break_glass,
        }
    }
}

impl From<AuthzDecision> for core::Decision {
    fn from(d: AuthzDecision) -> Self {
        core::Decision {
            effect: match d.effect {
                AuthzEffect::Allow => core::Effect::Allow,
                AuthzEffect::Deny => core::Effect::Deny,
            },
            determining: d.determining.into_iter().map(Into::into).collect(),
            obligations: d.obligations.into_iter().map(Into::into).collect(),
            advice: d.advice,
            errors: d
                .errors
                .into_iter()
                .map(|e| core::RuleError {
                    rule: e.rule.into(),
                    message: e.message,
                })
                .collect(),
            break_glass: d.break_glass,
        }
    }
}

/// One decision-log event; identifiers are masked (`mask_identifier`).
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct AuthzDecisionEvent {
    /// `<policy hash prefix>-<sequence>`.
    pub decision_id: String,
    /// The request time (seconds since the epoch).
    pub time: i64,
    /// The principal id, masked.
    pub principal: String,
    /// The principal's roles.
    pub roles: Vec<String>,
    /// The action.
    pub action: String,
    /// The resource type.
    pub resource_type: String,
    /// The resource id, masked.
    pub resource: String,
    /// The effect.
    pub effect: AuthzEffect,
    /// Determining rule ids.
    pub determining: Vec<String>,
    /// The obligations.
    pub obligations: Vec<AuthzObligation>,
    /// The purpose of use.
    pub purpose_of_use: Option<String>,
    /// The break-glass reason, when one was declared.
    pub break_glass_reason: Option<String>,
    /// Whether a valid break-glass declaration was in force.
    pub break_glass: bool,
    /// The number of evaluation errors.
    pub errors: u64,
    /// The policy set's SHA-256 (hex).
    pub policy_hash: String,
}

impl From<core::DecisionEvent> for AuthzDecisionEvent {
    fn from(e: core::DecisionEvent) -> Self {
        AuthzDecisionEvent {
            decision_id: e.decision_id,
            time: e.time,
            principal: e.principal,
            roles: e.roles,
            action: e.action,
            resource_type: e.resource_type,
            resource: e.resource,
            effect: e.effect.into(),
            determining: e.determining.iter().map(|s| s.to_string()).collect(),
            obligations: e.obligations.into_iter().map(Into::into).collect(),
            purpose_of_use: e.purpose_of_use,
            break_glass_reason: e.break_glass_reason,
            break_glass: e.break_glass,
            errors: e.errors as u64,
            policy_hash: e.policy_hash,
        }
    }
}

/// The decision-log hook, implemented by the host (a log shipper, a SIEM client, a table).
/// `record` runs on the deciding thread: keep it cheap or hand the event to another thread.
/// An exception it throws is dropped: it never changes the decision.
#[uniffi::export(foreign)]
pub trait AuthzDecisionLog: Send + Sync {
    /// Receives one event.
    fn record(&self, event: AuthzDecisionEvent) -> Result<(), MedcoreError>;
}

struct HostSink(Arc<dyn AuthzDecisionLog>);

impl core::DecisionLogSink for HostSink {
    fn record(&self, event: &core::DecisionEvent) {
        // A failing hook must not change the decision.
        let _ = self.0.record(event.clone().into());
    }
}

/// Whether a patient's directive refuses or grants.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum AuthzConsentDecision {
    /// An opt-out or restriction (a hard forbid; break-glass does not override it).
    Deny,
    /// A consent to disclose records with the listed labels to the listed recipients.
    Permit,
}

/// A patient's consent directive. Empty lists mean "any".
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct AuthzConsentDirective {
    /// Directive id; its rules are named `consent:<id>`.
    pub id: String,
    /// The patient id (matched against `resource.patient`).
    pub patient: String,
    /// Deny (restriction) or permit (consent to disclose).
    pub decision: Option<AuthzConsentDecision>,
    /// Principal ids it names.
    #[uniffi(default)]
    pub actors: Vec<String>,
    /// Roles it names.
    #[uniffi(default)]
    pub roles: Vec<String>,
    /// Actions it covers.
    #[uniffi(default)]
    pub actions: Vec<String>,
    /// Resource types it covers.
    #[uniffi(default)]
    pub resource_types: Vec<String>,
    /// Sensitivity labels it covers.
    #[uniffi(default)]
    pub labels: Vec<String>,
    /// Purposes of use it covers.
    #[uniffi(default)]
    pub purposes: Vec<String>,
    /// Start of validity (seconds since the epoch, inclusive).
    #[uniffi(default = None)]
    pub start: Option<i64>,
    /// End of validity (exclusive).
    #[uniffi(default = None)]
    pub end: Option<i64>,
}

impl From<AuthzConsentDirective> for core::ConsentDirective {
    fn from(d: AuthzConsentDirective) -> Self {
        core::ConsentDirective {
            id: d.id,
            patient: d.patient,
            decision: d.decision.map(|x| match x {
                AuthzConsentDecision::Deny => core::ConsentDecision::Deny,
                AuthzConsentDecision::Permit => core::ConsentDecision::Permit,
            }),
            actors: d.actors,
            roles: d.roles,
            actions: d.actions,
            resource_types: d.resource_types,
            labels: d.labels,
            purposes: d.purposes,
            start: d.start,
            end: d.end,
        }
    }
}

/// A combining algorithm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum AuthzCombining {
    /// Any applicable forbid denies; otherwise any applicable permit allows.
    DenyOverrides,
    /// Any applicable permit allows (hard forbids still deny first).
    PermitOverrides,
    /// The first applicable permit or forbid, in source order, decides.
    FirstApplicable,
}

/// A rule's kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum AuthzRuleKind {
    /// Grants access.
    Permit,
    /// Refuses access.
    Forbid,
    /// Attaches obligations and advice to an allow.
    Obligate,
}

/// What happened to one rule.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Enum)]
pub enum AuthzRuleOutcome {
    /// Its scope and condition hold.
    Applies,
    /// Its condition does not hold.
    NotApplicable,
    /// Its condition could not be evaluated (a forbid or obligate then counts as applying).
    Error {
        /// Why.
        message: String,
    },
}

/// One line of an explanation.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct AuthzRuleTrace {
    /// The rule id.
    pub id: String,
    /// Permit, forbid or obligate.
    pub kind: AuthzRuleKind,
    /// Whether it is a hard forbid.
    pub hard: bool,
    /// What happened.
    pub outcome: AuthzRuleOutcome,
    /// Whether it determined the effect.
    pub determining: bool,
}

/// Why a decision came out as it did.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct AuthzExplanation {
    /// Rules in the set.
    pub rules_total: u64,
    /// Rules whose scope matched the request (the only ones evaluated).
    pub rules_considered: u64,
    /// Roles in force, inherited ones included.
    pub effective_roles: Vec<String>,
    /// The combining algorithm.
    pub combining: AuthzCombining,
    /// Whether break-glass was declared and whether it was valid (`null` when not declared).
    pub break_glass: Option<String>,
    /// Each considered rule.
    pub trace: Vec<AuthzRuleTrace>,
}

impl From<core::Explanation> for AuthzExplanation {
    fn from(x: core::Explanation) -> Self {
        AuthzExplanation {
            rules_total: x.rules_total as u64,
            rules_considered: x.rules_considered as u64,
            effective_roles: x.effective_roles,
            combining: match x.combining {
                core::Combining::DenyOverrides => AuthzCombining::DenyOverrides,
                core::Combining::PermitOverrides => AuthzCombining::PermitOverrides,
                core::Combining::FirstApplicable => AuthzCombining::FirstApplicable,
            },
            break_glass: x.break_glass,
            trace: x
                .trace
                .into_iter()
                .map(|t| AuthzRuleTrace {
                    id: t.id.to_string(),
                    kind: match t.kind {
                        core::RuleKind::Permit => AuthzRuleKind::Permit,
                        core::RuleKind::Forbid => AuthzRuleKind::Forbid,
                        core::RuleKind::Obligate => AuthzRuleKind::Obligate,
                    },
                    hard: t.hard,
                    outcome: match t.outcome {
                        core::RuleOutcome::Applies => AuthzRuleOutcome::Applies,
                        core::RuleOutcome::NotApplicable => AuthzRuleOutcome::NotApplicable,
                        core::RuleOutcome::Error(message) => AuthzRuleOutcome::Error { message },
                    },
                    determining: t.determining,
                })
                .collect(),
        }
    }
}

/// A decision with its explanation.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct AuthzExplained {
    /// The decision (the same as `authorize` gives).
    pub decision: AuthzDecision,
    /// Why.
    pub explanation: AuthzExplanation,
}

/// Whether a request carries a valid break-glass declaration.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Enum)]
pub enum AuthzBreakGlassStatus {
    /// No break-glass declared.
    NotDeclared,
    /// Declared and valid (purpose ETREAT or BTG, a reason, a clinical role, not expired).
    Valid,
    /// Declared but not valid.
    Invalid {
        /// Why not.
        reason: String,
    },
}

/// What to filter: a request without the resource.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct AuthzFilterRequest {
    /// Who asks.
    pub principal: AuthzPrincipal,
    /// The action.
    pub action: String,
    /// The resource type to filter.
    pub resource_type: String,
    /// The circumstances.
    #[uniffi(default)]
    pub environment: AuthzEnvironment,
}

/// How SQL placeholders are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum AuthzSqlPlaceholder {
    /// `$1, $2, ...` (PostgreSQL).
    Dollar,
    /// `?` (SQLite, JDBC).
    Question,
    /// `%s` (Python DB-API format style).
    Percent,
}

/// How set-valued attributes are stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum AuthzSqlSetEncoding {
    /// PostgreSQL arrays.
    PostgresArray,
    /// JSON arrays in a text column (SQLite `json_each`).
    JsonArray,
}

/// Options for rendering a filter as SQL.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct AuthzSqlOptions {
    /// Placeholder style (`null`: `Dollar`).
    #[uniffi(default = None)]
    pub placeholder: Option<AuthzSqlPlaceholder>,
    /// Set encoding (`null`: `PostgresArray`).
    #[uniffi(default = None)]
    pub set_encoding: Option<AuthzSqlSetEncoding>,
    /// Column for each attribute (identity when absent); `$id` names the id column.
    #[uniffi(default)]
    pub columns: HashMap<String, String>,
    /// Prefix every column with this table alias.
    #[uniffi(default = None)]
    pub table_alias: Option<String>,
}

/// A parameterized SQL WHERE fragment.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct AuthzSqlFragment {
    /// The SQL text (`TRUE`/`FALSE` when constant).
    pub sql: String,
    /// One parameter per placeholder, in order.
    pub params: Vec<AuthzValue>,
}

/// The answer to "which resources of this type may I see": a condition over resource
/// attributes, testable on resources and renderable as SQL.
#[derive(uniffi::Object)]
pub struct AuthzFilter {
    inner: core::Filter,
    set: Arc<core::PolicySet>,
}

#[uniffi::export]
impl AuthzFilter {
    /// The resource type filtered.
    pub fn resource_type(&self) -> String {
        self.inner.resource_type.clone()
    }

    /// Ids of rules taken conservatively (the filter may hide resources a direct check would
    /// allow, never the reverse).
    pub fn approximated(&self) -> Vec<String> {
        self.inner.approximated.clone()
    }

    /// Whether the filter is constant: `true` (everything visible), `false` (nothing) or `null`
    /// (it depends on the resource).
    pub fn constant(&self) -> Option<bool> {
        match self.inner.residual {
            core::Residual::Const(b) => Some(b),
            _ => None,
        }
    }

    /// Whether a resource passes the filter.
    pub fn matches(&self, resource: AuthzResource) -> bool {
        self.inner.matches(&resource.into())
    }

    /// The resources that pass the filter, in order.
    pub fn retain(&self, resources: Vec<AuthzResource>) -> Vec<AuthzResource> {
        resources
            .into_iter()
            .filter(|r| self.inner.matches(&r.clone().into()))
            .collect()
    }

    /// The residual condition as JSON text (the core's JSON form).
    pub fn residual_json(&self) -> Result<String, MedcoreError> {
        guard(|| {
            serde_json::to_string(&self.inner.residual)
                .map_err(|e| MedcoreError::invalid(e.to_string()))
        })
    }

    /// The filter as a parameterized SQL WHERE fragment for the policy set's schema.
    pub fn to_sql(&self, options: AuthzSqlOptions) -> Result<AuthzSqlFragment, MedcoreError> {
        guard(|| {
            let opts = core::SqlOptions {
                placeholder: match options.placeholder.unwrap_or(AuthzSqlPlaceholder::Dollar) {
                    AuthzSqlPlaceholder::Dollar => core::SqlPlaceholder::Dollar,
                    AuthzSqlPlaceholder::Question => core::SqlPlaceholder::Question,
                    AuthzSqlPlaceholder::Percent => core::SqlPlaceholder::Percent,
                },
                set_encoding: match options
                    .set_encoding
                    .unwrap_or(AuthzSqlSetEncoding::PostgresArray)
                {
                    AuthzSqlSetEncoding::PostgresArray => core::SqlSetEncoding::PostgresArray,
                    AuthzSqlSetEncoding::JsonArray => core::SqlSetEncoding::JsonArray,
                },
                columns: options.columns.into_iter().collect::<BTreeMap<_, _>>(),
                table_alias: options.table_alias,
            };
            let f = self.inner.to_sql(&self.set, &opts)?;
            Ok(AuthzSqlFragment {
                sql: f.sql,
                params: f.params.into_iter().map(Into::into).collect(),
            })
        })
    }
}

/// A compiled, immutable policy set; share it between threads.
#[derive(uniffi::Object)]
pub struct AuthzPolicySet {
    inner: Arc<core::PolicySet>,
    log: RwLock<Option<Arc<dyn AuthzDecisionLog>>>,
}

impl AuthzPolicySet {
    fn wrap(inner: core::PolicySet) -> Arc<Self> {
        Arc::new(AuthzPolicySet {
            inner: Arc::new(inner),
            log: RwLock::new(None),
        })
    }

    fn sink(&self) -> Option<HostSink> {
        self.log
            .read()
            .ok()
            .and_then(|h| h.as_ref().map(|hook| HostSink(hook.clone())))
    }

    fn decide(&self, req: &core::Request, sink: &Option<HostSink>) -> AuthzDecision {
        match sink {
            Some(s) => self.inner.authorize_logged(req, s),
            None => self.inner.authorize(req),
        }
        .into()
    }
}

#[uniffi::export]
impl AuthzPolicySet {
    /// The embedded default hospital policy set.
    #[uniffi::constructor]
    pub fn default_set() -> Arc<Self> {
        AuthzPolicySet::wrap(core::default_policy_set())
    }

    /// Compiles policy text against a schema (JSON text; the default schema when `null`);
    /// `source` names the text in error locations. Unknown roles, actions, types and attributes
    /// raise `MedcoreException.Authz` naming `source:line:column`.
    #[uniffi::constructor(default(source = "policies", schema_json = None))]
    pub fn from_text(
        text: String,
        source: String,
        schema_json: Option<String>,
    ) -> Result<Arc<Self>, MedcoreError> {
        guard(|| {
            let schema = match schema_json {
                Some(s) => core::Schema::from_json("<schema>", &s)?,
                None => core::default_schema(),
            };
            Ok(AuthzPolicySet::wrap(core::PolicySet::from_text(
                schema, &source, &text,
            )?))
        })
    }

    /// A new set with consent directives added as rules (the decision-log hook is not copied).
    pub fn with_consents(
        &self,
        directives: Vec<AuthzConsentDirective>,
    ) -> Result<Arc<AuthzPolicySet>, MedcoreError> {
        guard(|| {
            let d: Vec<core::ConsentDirective> = directives.into_iter().map(Into::into).collect();
            Ok(AuthzPolicySet::wrap(self.inner.with_consents(&d)?))
        })
    }

    /// The policy set's SHA-256 (hex).
    pub fn hash(&self) -> String {
        self.inner.hash().to_string()
    }

    /// The number of rules.
    pub fn rule_count(&self) -> u64 {
        self.inner.rules().len() as u64
    }

    /// Sets (or clears, with `null`) the decision-log hook; it receives one event per decision.
    pub fn set_decision_log(&self, hook: Option<Arc<dyn AuthzDecisionLog>>) {
        if let Ok(mut slot) = self.log.write() {
            *slot = hook;
        }
    }

    /// Decides one request.
    pub fn authorize(&self, request: AuthzRequest) -> Result<AuthzDecision, MedcoreError> {
        guard(|| Ok(self.decide(&request.into(), &self.sink())))
    }

    /// Decides many requests in one call, one decision per request, in order.
    pub fn authorize_batch(
        &self,
        requests: Vec<AuthzRequest>,
    ) -> Result<Vec<AuthzDecision>, MedcoreError> {
        guard(|| {
            let sink = self.sink();
            Ok(requests
                .into_iter()
                .map(|r| self.decide(&r.into(), &sink))
                .collect())
        })
    }

    /// Decides one request and explains it with every considered rule's trace.
    pub fn explain(&self, request: AuthzRequest) -> Result<AuthzExplained, MedcoreError> {
        guard(|| {
            let (d, x) = self.inner.explain(&request.into());
            Ok(AuthzExplained {
                decision: d.into(),
                explanation: x.into(),
            })
        })
    }

    /// Whether the request carries a valid break-glass declaration, and why not.
    pub fn break_glass_status(
        &self,
        request: AuthzRequest,
    ) -> Result<AuthzBreakGlassStatus, MedcoreError> {
        guard(|| {
            Ok(match self.inner.break_glass_status(&request.into()) {
                None => AuthzBreakGlassStatus::NotDeclared,
                Some(Ok(())) => AuthzBreakGlassStatus::Valid,
                Some(Err(reason)) => AuthzBreakGlassStatus::Invalid { reason },
            })
        })
    }

    /// Problems with a request's attributes against the schema (empty when well formed).
    pub fn check_request(&self, request: AuthzRequest) -> Result<Vec<String>, MedcoreError> {
        guard(|| Ok(self.inner.check_request(&request.into())))
    }

    /// The decision-log event of a decision (identifiers masked; assigns a decision id).
    pub fn decision_event(
        &self,
        request: AuthzRequest,
        decision: AuthzDecision,
    ) -> Result<AuthzDecisionEvent, MedcoreError> {
        guard(|| {
            Ok(self
                .inner
                .decision_event(&request.into(), &decision.into())
                .into())
        })
    }

    /// Query filtering: for a principal, action and resource type, which resources are allowed.
    pub fn filter(&self, request: AuthzFilterRequest) -> Result<Arc<AuthzFilter>, MedcoreError> {
        guard(|| {
            let fr = core::FilterRequest {
                principal: request.principal.into(),
                action: request.action,
                resource_type: request.resource_type,
                environment: request.environment.into(),
            };
            Ok(Arc::new(AuthzFilter {
                inner: self.inner.filter(&fr)?,
                set: self.inner.clone(),
            }))
        })
    }
}

/// How the decision log masks an identifier (`patient-000123` becomes `**********0123`).
#[uniffi::export]
pub fn authz_mask_identifier(id: String) -> String {
    core::mask_identifier(&id)
}

/// The text of the embedded default policy set.
#[uniffi::export]
pub fn authz_default_policy_text() -> String {
    core::DEFAULT_POLICY_TEXT.to_string()
}

/// The JSON text of the embedded default schema.
#[uniffi::export]
pub fn authz_default_schema_json() -> String {
    core::DEFAULT_SCHEMA_JSON.to_string()
}
