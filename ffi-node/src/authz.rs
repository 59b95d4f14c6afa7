//! `authz`: conversions between `medcore::authz` and JS values. A `PolicySet` is a long-lived
//! handle (the embedded default hospital set, or one read from policy text against a schema);
//! requests are plain objects; decisions carry effect, determining rules, obligations
//! (`{ code: 'MASK', field, kind }`...), advice and evaluation errors. The decision-log hook
//! is a JS function called with one event per decision, on the JS thread, after deciding.

use crate::errors::{self, guard, Result};
use crate::names;
use crate::task::{self, Work};
use medcore::authz as core;
use napi::bindgen_prelude::{AsyncTask, Either3, Either4, Function};
use napi_derive::napi;
use std::collections::HashMap;
use std::sync::Arc;

/// An attribute value: a boolean, an integer, a string, or a set of them.
type JsValue = Either4<bool, i64, String, Vec<Either3<bool, i64, String>>>;

fn scalar(v: &Either3<bool, i64, String>) -> core::Value {
    match v {
        Either3::A(b) => core::Value::Bool(*b),
        Either3::B(n) => core::Value::Long(*n),
        Either3::C(s) => core::Value::String(s.clone()),
    }
}

fn value(v: &JsValue) -> core::Value {
    match v {
        Either4::A(b) => core::Value::Bool(*b),
        Either4::B(n) => core::Value::Long(*n),
        Either4::C(s) => core::Value::String(s.clone()),
        Either4::D(items) => core::Value::Set(items.iter().map(scalar).collect()),
    }
}

fn attributes(a: &Option<HashMap<String, JsValue>>) -> core::Attributes {
    a.iter()
        .flatten()
        .map(|(k, v)| (k.clone(), value(v)))
        .collect()
}

/// Who asks.
#[napi(object)]
pub struct Principal {
    /// User id.
    pub id: String,
    /// Roles, e.g. `["Doctor"]`.
    pub roles: Option<Vec<String>>,
    /// Attributes, e.g. `{ department: 'cardiology' }`.
    #[napi(
        ts_type = "Record<string, boolean | number | string | Array<boolean | number | string>>"
    )]
    pub attributes: Option<HashMap<String, JsValue>>,
}

/// What is asked for.
#[napi(object)]
pub struct Resource {
    /// Resource type, e.g. `Patient`.
    #[napi(js_name = "type")]
    pub kind: String,
    /// Resource id.
    pub id: String,
    /// Attributes, e.g. `{ department: 'cardiology', care_team: [] }`.
    #[napi(
        ts_type = "Record<string, boolean | number | string | Array<boolean | number | string>>"
    )]
    pub attributes: Option<HashMap<String, JsValue>>,
}

/// An emergency access request: the stated reason and when it expires.
#[napi(object)]
pub struct BreakGlass {
    /// The reason given.
    pub reason: String,
    /// Expiry, seconds since the epoch.
    pub expires_at: Option<i64>,
}

/// The circumstances of a request.
#[napi(object)]
pub struct Environment {
    /// Time of the request, seconds since the epoch.
    pub time: Option<i64>,
    /// The caller's UTC offset, minutes.
    pub utc_offset_minutes: Option<i32>,
    /// HL7 purpose of use, e.g. `TREAT`, `ETREAT`.
    pub purpose_of_use: Option<String>,
    /// Where the request comes from.
    pub origin: Option<String>,
    /// Break-glass, when invoked.
    pub break_glass: Option<BreakGlass>,
    /// Other attributes.
    #[napi(
        ts_type = "Record<string, boolean | number | string | Array<boolean | number | string>>"
    )]
    pub attributes: Option<HashMap<String, JsValue>>,
}

/// One authorization request.
#[napi(object)]
pub struct Request {
    /// Who asks.
    pub principal: Principal,
    /// The action, e.g. `read`.
    pub action: String,
    /// What is asked for.
    pub resource: Resource,
    /// The circumstances.
    pub environment: Option<Environment>,
}

fn request(r: &Request) -> core::Request {
    let env = r.environment.as_ref();
    core::Request {
        principal: core::Principal {
            id: r.principal.id.clone(),
            roles: r.principal.roles.clone().unwrap_or_default(),
            attributes: attributes(&r.principal.attributes),
        },
        action: r.action.clone(),
        resource: core::Resource {
            kind: r.resource.kind.clone(),
            id: r.resource.id.clone(),
            attributes: attributes(&r.resource.attributes),
        },
        environment: environment(env),
    }
}

fn environment(env: Option<&Environment>) -> core::Environment {
    core::Environment {
        time: env.and_then(|e| e.time).unwrap_or(0),
        utc_offset_minutes: env.and_then(|e| e.utc_offset_minutes).unwrap_or(0),
        purpose_of_use: env.and_then(|e| e.purpose_of_use.clone()),
        origin: env.and_then(|e| e.origin.clone()),
        break_glass: env
            .and_then(|e| e.break_glass.as_ref())
            .map(|b| core::BreakGlass {
                reason: b.reason.clone(),
                expires_at: b.expires_at,
            }),
        attributes: attributes(&env.and_then(|e| e.attributes.clone())),
    }
}

/// An obligation the caller must fulfil: `MASK` (`field`, `kind`), `REDACT` (`field`),
/// `AUDIT` (`level`), `ENCRYPT` (`field`, optional) or `REQUIRE_REASON`.
#[napi(object)]
pub struct Obligation {
    /// HL7 ObligationPolicy code.
    pub code: String,
    /// The field it applies to.
    pub field: Option<String>,
    /// The mask kind (`MASK`), e.g. `ssn`.
    pub kind: Option<String>,
    /// The audit level (`AUDIT`): `low`, `medium` or `high`.
    pub level: Option<String>,
}

fn obligation(o: &core::Obligation) -> Obligation {
    let mut out = Obligation {
        code: o.code().to_string(),
        field: None,
        kind: None,
        level: None,
    };
    match o {
        core::Obligation::Mask { field, kind } => {
            out.field = Some(field.clone());
            out.kind = Some(kind.clone());
        }
        core::Obligation::Redact { field } => out.field = Some(field.clone()),
        core::Obligation::Audit { level } => out.level = Some(level.as_str().to_string()),
        core::Obligation::Encrypt { field } => out.field = field.clone(),
        core::Obligation::RequireReason => {}
    }
    out
}

/// An error met while evaluating a rule (an error inside a forbid fails closed).
#[napi(object)]
pub struct RuleError {
    /// The rule id.
    pub rule: String,
    /// What went wrong.
    pub message: String,
}

/// An authorization decision.
#[napi(object)]
pub struct Decision {
    /// `allow` or `deny`.
    pub effect: String,
    /// Whether the effect is `allow`.
    pub allowed: bool,
    /// Ids of the rules that determined the effect.
    pub determining: Vec<String>,
    /// Obligations, in order.
    pub obligations: Vec<Obligation>,
    /// Advice texts.
    pub advice: Vec<String>,
    /// Evaluation errors.
    pub errors: Vec<RuleError>,
    /// Whether break-glass opened access.
    pub break_glass: bool,
}

fn decision(d: &core::Decision) -> Decision {
    Decision {
        effect: names::name(&d.effect),
        allowed: d.is_allowed(),
        determining: d.determining.iter().map(|s| s.to_string()).collect(),
        obligations: d.obligations.iter().map(obligation).collect(),
        advice: d.advice.clone(),
        errors: d
            .errors
            .iter()
            .map(|e| RuleError {
                rule: e.rule.to_string(),
                message: e.message.clone(),
            })
            .collect(),
        break_glass: d.break_glass,
    }
}

/// One decision as the decision log records it (identifiers masked by the core).
#[napi(object)]
pub struct DecisionEvent {
    /// Unique id of the decision.
    pub decision_id: String,
    /// Time of the request, seconds since the epoch.
    pub time: i64,
    /// The principal, masked.
    pub principal: String,
    /// The principal's roles.
    pub roles: Vec<String>,
    /// The action.
    pub action: String,
    /// The resource type.
    pub resource_type: String,
    /// The resource id, masked.
    pub resource: String,
    /// `allow` or `deny`.
    pub effect: String,
    /// Determining rule ids.
    pub determining: Vec<String>,
    /// Obligations of the decision.
    pub obligations: Vec<Obligation>,
    /// Purpose of use.
    pub purpose_of_use: Option<String>,
    /// Break-glass reason, when invoked.
    pub break_glass_reason: Option<String>,
    /// Whether break-glass opened access.
    pub break_glass: bool,
    /// Number of evaluation errors.
    pub errors: u32,
    /// Hash of the policy set that decided.
    pub policy_hash: String,
}

fn event(e: &core::DecisionEvent) -> DecisionEvent {
    DecisionEvent {
        decision_id: e.decision_id.clone(),
        time: e.time,
        principal: e.principal.clone(),
        roles: e.roles.clone(),
        action: e.action.clone(),
        resource_type: e.resource_type.clone(),
        resource: e.resource.clone(),
        effect: names::name(&e.effect),
        determining: e.determining.iter().map(|s| s.to_string()).collect(),
        obligations: e.obligations.iter().map(obligation).collect(),
        purpose_of_use: e.purpose_of_use.clone(),
        break_glass_reason: e.break_glass_reason.clone(),
        break_glass: e.break_glass,
        errors: u32::try_from(e.errors).unwrap_or(u32::MAX),
        policy_hash: e.policy_hash.clone(),
    }
}

/// Sends the recorded events to the host's hook, in order.
fn deliver(sink: &core::MemorySink, hook: &Function<DecisionEvent, ()>) -> Result<()> {
    for e in sink.take() {
        hook.call(event(&e)).map_err(|err| {
            errors::error(
                "AUTHZ_LOG_HOOK",
                format!("decision-log hook threw: {}", err.reason),
            )
        })?;
    }
    Ok(())
}

/// Whether a request declares break-glass, and whether the declaration holds.
#[napi(object)]
pub struct BreakGlassStatus {
    /// The request declares break-glass.
    pub declared: bool,
    /// The declaration holds.
    pub valid: bool,
    /// Why it does not hold.
    pub problem: Option<String>,
}

/// A prepared policy set: rules checked against their schema, indexed for fast decisions.
#[napi]
pub struct PolicySet {
    inner: Arc<core::PolicySet>,
}

#[napi]
impl PolicySet {
    /// The embedded default hospital policy set (the role x resource x action matrix).
    #[napi(factory)]
    pub fn default_set() -> Result<PolicySet> {
        guard(|| {
            Ok(PolicySet {
                inner: Arc::new(core::default_policy_set()),
            })
        })
    }

    /// Reads policies from text (the policy language) against a schema given as JSON, or the
    /// default schema when absent. `source` names the text in error locations.
    #[napi(factory)]
    pub fn from_text(
        text: String,
        source: Option<String>,
        schema_json: Option<String>,
    ) -> Result<PolicySet> {
        guard(|| {
            let schema = match &schema_json {
                Some(s) => core::Schema::from_json("<schema>", s).map_err(errors::authz)?,
                None => core::default_schema(),
            };
            let src = source.as_deref().unwrap_or("<policies>");
            core::PolicySet::from_text(schema, src, &text)
                .map(|ps| PolicySet {
                    inner: Arc::new(ps),
                })
                .map_err(errors::authz)
        })
    }

    /// A hash identifying the rules (recorded in every decision event).
    #[napi(getter)]
    pub fn hash(&self) -> String {
        self.inner.hash().to_string()
    }

    /// Number of rules.
    #[napi(getter)]
    pub fn rule_count(&self) -> u32 {
        u32::try_from(self.inner.rules().len()).unwrap_or(u32::MAX)
    }

    /// Decides one request.
    #[napi]
    pub fn authorize(&self, request: Request) -> Result<Decision> {
        guard(|| Ok(decision(&self.inner.authorize(&self::request(&request)))))
    }

    /// Decides many requests, one decision each, in order.
    #[napi]
    pub fn authorize_batch(&self, requests: Vec<Request>) -> Result<Vec<Decision>> {
        guard(|| {
            let reqs: Vec<_> = requests.iter().map(request).collect();
            Ok(self
                .inner
                .authorize_batch(&reqs)
                .iter()
                .map(decision)
                .collect())
        })
    }

    /// `authorizeBatch` off the JS thread.
    #[napi(ts_return_type = "Promise<Array<Decision>>")]
    pub fn authorize_batch_async(
        &self,
        requests: Vec<Request>,
    ) -> AsyncTask<Work<Vec<core::Decision>, Vec<Decision>>> {
        let inner = Arc::clone(&self.inner);
        let reqs: Vec<_> = requests.iter().map(request).collect();
        task::run(
            move || Ok(inner.authorize_batch(&reqs)),
            |ds| ds.iter().map(decision).collect(),
        )
    }

    /// Decides one request and calls `hook` with its decision event.
    #[napi]
    pub fn authorize_logged(
        &self,
        request: Request,
        #[napi(ts_arg_type = "(event: DecisionEvent) => void")] hook: Function<DecisionEvent, ()>,
    ) -> Result<Decision> {
        guard(|| {
            let sink = core::MemorySink::new();
            let d = self.inner.authorize_logged(&self::request(&request), &sink);
            deliver(&sink, &hook)?;
            Ok(decision(&d))
        })
    }

    /// Decides many requests and calls `hook` with one decision event per request, in order.
    #[napi]
    pub fn authorize_batch_logged(
        &self,
        requests: Vec<Request>,
        #[napi(ts_arg_type = "(event: DecisionEvent) => void")] hook: Function<DecisionEvent, ()>,
    ) -> Result<Vec<Decision>> {
        guard(|| {
            let sink = core::MemorySink::new();
            let reqs: Vec<_> = requests.iter().map(request).collect();
            let ds = self.inner.authorize_batch_logged(&reqs, &sink);
            deliver(&sink, &hook)?;
            Ok(ds.iter().map(decision).collect())
        })
    }

    /// Whether the request carries a valid break-glass declaration (purpose `ETREAT` or
    /// `BTG`, a non-blank reason, a clinical role, not expired), and why not.
    #[napi]
    pub fn break_glass_status(&self, request: Request) -> Result<BreakGlassStatus> {
        guard(|| {
            Ok(
                match self.inner.break_glass_status(&self::request(&request)) {
                    None => BreakGlassStatus {
                        declared: false,
                        valid: false,
                        problem: None,
                    },
                    Some(Ok(())) => BreakGlassStatus {
                        declared: true,
                        valid: true,
                        problem: None,
                    },
                    Some(Err(why)) => BreakGlassStatus {
                        declared: true,
                        valid: false,
                        problem: Some(why),
                    },
                },
            )
        })
    }

    /// Problems with a request against the schema (unknown role, attribute...), in words;
    /// empty when the request is well-formed.
    #[napi]
    pub fn check_request(&self, request: Request) -> Result<Vec<String>> {
        guard(|| Ok(self.inner.check_request(&self::request(&request))))
    }
}

/// A patient's consent directive (empty lists mean "any"); rules made from it are named
/// `consent:<id>`.
#[napi(object)]
pub struct ConsentDirective {
    /// Directive id.
    pub id: String,
    /// The patient id (matched against `resource.patient`).
    pub patient: String,
    /// `deny` (a restriction, compiled to a hard forbid) or `permit` (consent to disclose).
    #[napi(ts_type = "'deny' | 'permit'")]
    pub decision: Option<String>,
    /// Principal ids it names.
    pub actors: Option<Vec<String>>,
    /// Roles it names.
    pub roles: Option<Vec<String>>,
    /// Actions it covers.
    pub actions: Option<Vec<String>>,
    /// Resource types it covers.
    pub resource_types: Option<Vec<String>>,
    /// Sensitivity labels it covers.
    pub labels: Option<Vec<String>>,
    /// Purposes of use it covers.
    pub purposes: Option<Vec<String>>,
    /// Start of validity, seconds since the epoch (inclusive).
    pub start: Option<i64>,
    /// End of validity, seconds since the epoch (exclusive).
    pub end: Option<i64>,
}

fn consent(c: &ConsentDirective) -> Result<core::ConsentDirective> {
    Ok(core::ConsentDirective {
        id: c.id.clone(),
        patient: c.patient.clone(),
        decision: names::parse_opt("decision", &c.decision)?,
        actors: c.actors.clone().unwrap_or_default(),
        roles: c.roles.clone().unwrap_or_default(),
        actions: c.actions.clone().unwrap_or_default(),
        resource_types: c.resource_types.clone().unwrap_or_default(),
        labels: c.labels.clone().unwrap_or_default(),
        purposes: c.purposes.clone().unwrap_or_default(),
        start: c.start,
        end: c.end,
    })
}

/// How one rule fared on a request.
#[napi(object)]
pub struct RuleTrace {
    /// The rule id.
    pub id: String,
    /// `permit`, `forbid` or `obligate`.
    pub kind: String,
    /// Whether it is a hard forbid.
    pub hard: bool,
    /// `applies`, `not_applicable` or `error`.
    pub outcome: String,
    /// The evaluation error (outcome `error`).
    pub message: Option<String>,
    /// Whether it determined the effect.
    pub determining: bool,
}

/// Why a decision came out as it did.
#[napi(object)]
pub struct Explanation {
    /// Rules in the set.
    pub rules_total: u32,
    /// Rules whose scope matched the request (the only ones evaluated).
    pub rules_considered: u32,
    /// Roles in force, including inherited ones.
    pub effective_roles: Vec<String>,
    /// The combining algorithm: `deny_overrides`, `permit_overrides` or `first_applicable`.
    pub combining: String,
    /// Whether break-glass was declared, and whether it was valid.
    pub break_glass: Option<String>,
    /// Each considered rule.
    pub trace: Vec<RuleTrace>,
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn explanation(e: &core::Explanation) -> Explanation {
    Explanation {
        rules_total: count(e.rules_total),
        rules_considered: count(e.rules_considered),
        effective_roles: e.effective_roles.clone(),
        combining: names::name(&e.combining),
        break_glass: e.break_glass.clone(),
        trace: e
            .trace
            .iter()
            .map(|t| {
                let (outcome, message) = match &t.outcome {
                    core::RuleOutcome::Applies => ("applies", None),
                    core::RuleOutcome::NotApplicable => ("not_applicable", None),
                    core::RuleOutcome::Error(m) => ("error", Some(m.clone())),
                };
                RuleTrace {
                    id: t.id.to_string(),
                    kind: names::name(&t.kind),
                    hard: t.hard,
                    outcome: outcome.to_string(),
                    message,
                    determining: t.determining,
                }
            })
            .collect(),
    }
}

/// A decision with its explanation.
#[napi(object)]
pub struct Explained {
    /// The decision (the same as `authorize` gives).
    pub decision: Decision,
    /// Every considered rule's trace.
    pub explanation: Explanation,
}

/// What to filter: a request without the resource, for one resource type.
#[napi(object)]
pub struct FilterRequest {
    /// Who asks.
    pub principal: Principal,
    /// The action, e.g. `read`.
    pub action: String,
    /// The resource type to filter, e.g. `Patient`.
    pub resource_type: String,
    /// The circumstances.
    pub environment: Option<Environment>,
}

/// Options for rendering a filter as SQL.
#[napi(object)]
pub struct SqlOptions {
    /// Placeholder style: `dollar` (default, `$1`), `question` (`?`) or `percent` (`%s`).
    #[napi(ts_type = "'dollar' | 'question' | 'percent'")]
    pub placeholder: Option<String>,
    /// Set encoding: `postgres_array` (default) or `json_array`.
    #[napi(ts_type = "'postgres_array' | 'json_array'")]
    pub set_encoding: Option<String>,
    /// Column for each attribute (the attribute name when absent); `$id` names the id column.
    pub columns: Option<HashMap<String, String>>,
    /// Prefix every column with this table alias.
    pub table_alias: Option<String>,
}

/// A parameterized SQL WHERE fragment.
#[napi(object)]
pub struct SqlFragment {
    /// The SQL text (`TRUE`/`FALSE` when constant).
    pub sql: String,
    /// Parameters, one per placeholder, in order.
    #[napi(ts_type = "Array<boolean | number | string | Array<boolean | number | string>>")]
    pub params: Vec<serde_json::Value>,
}

/// "Which resources may I see": the residual condition over resource attributes under which
/// a principal may perform an action on resources of one type.
#[napi]
pub struct Filter {
    inner: core::Filter,
    policies: Arc<core::PolicySet>,
}

#[napi]
impl Filter {
    /// The resource type filtered.
    #[napi(getter)]
    pub fn resource_type(&self) -> String {
        self.inner.resource_type.clone()
    }

    /// Ids of rules that could not be expressed over resource attributes and were taken
    /// conservatively (the filter may hide resources a direct check would allow, never the
    /// reverse).
    #[napi(getter)]
    pub fn approximated(&self) -> Vec<String> {
        self.inner.approximated.clone()
    }

    /// The residual condition as the core serializes it (`{ const: true }`, `{ and: [...] }`,
    /// `{ leaf: { test: 'eq', attr, value } }`...).
    #[napi(getter, ts_return_type = "Record<string, unknown>")]
    pub fn residual(&self) -> Result<serde_json::Value> {
        serde_json::to_value(&self.inner.residual)
            .map_err(|e| errors::error("AUTHZ_FILTER", e.to_string()))
    }

    /// Whether a resource passes the filter (the same answer as a direct authorization).
    #[napi]
    pub fn matches(&self, resource: Resource) -> Result<bool> {
        guard(|| {
            Ok(self.inner.matches(&core::Resource {
                kind: resource.kind.clone(),
                id: resource.id.clone(),
                attributes: attributes(&resource.attributes),
            }))
        })
    }

    /// The filter as a parameterized SQL WHERE fragment.
    #[napi]
    pub fn to_sql(&self, options: Option<SqlOptions>) -> Result<SqlFragment> {
        guard(|| {
            let opts = match options {
                None => core::SqlOptions::default(),
                Some(o) => core::SqlOptions {
                    placeholder: names::parse_opt("placeholder", &o.placeholder)?
                        .unwrap_or_default(),
                    set_encoding: names::parse_opt("setEncoding", &o.set_encoding)?
                        .unwrap_or_default(),
                    columns: o.columns.unwrap_or_default().into_iter().collect(),
                    table_alias: o.table_alias,
                },
            };
            let frag = self
                .inner
                .to_sql(&self.policies, &opts)
                .map_err(errors::authz)?;
            Ok(SqlFragment {
                sql: frag.sql,
                params: frag
                    .params
                    .iter()
                    .map(|p| serde_json::to_value(p).unwrap_or(serde_json::Value::Null))
                    .collect(),
            })
        })
    }
}

#[napi]
impl PolicySet {
    /// A new set with consent directives added as rules (`consent:<id>`).
    #[napi]
    pub fn with_consents(&self, directives: Vec<ConsentDirective>) -> Result<PolicySet> {
        guard(|| {
            let ds = directives.iter().map(consent).collect::<Result<Vec<_>>>()?;
            Ok(PolicySet {
                inner: Arc::new(self.inner.with_consents(&ds).map_err(errors::authz)?),
            })
        })
    }

    /// Decides one request and explains it: the decision with every considered rule's trace.
    #[napi]
    pub fn explain(&self, request: Request) -> Result<Explained> {
        guard(|| {
            let (d, e) = self.inner.explain(&self::request(&request));
            Ok(Explained {
                decision: decision(&d),
                explanation: explanation(&e),
            })
        })
    }

    /// "Which resources may I see": the filter for a principal, action and resource type.
    #[napi]
    pub fn filter(&self, request: FilterRequest) -> Result<Filter> {
        guard(|| {
            let fr = core::FilterRequest {
                principal: core::Principal {
                    id: request.principal.id.clone(),
                    roles: request.principal.roles.clone().unwrap_or_default(),
                    attributes: attributes(&request.principal.attributes),
                },
                action: request.action.clone(),
                resource_type: request.resource_type.clone(),
                environment: environment(request.environment.as_ref()),
            };
            Ok(Filter {
                inner: self.inner.filter(&fr).map_err(errors::authz)?,
                policies: Arc::clone(&self.inner),
            })
        })
    }
}

/// How the decision log masks an identifier.
#[napi]
pub fn mask_identifier(id: String) -> String {
    core::mask_identifier(&id)
}

/// The embedded default hospital policy text.
#[napi]
pub fn default_policy_text() -> String {
    core::DEFAULT_POLICY_TEXT.to_string()
}

/// The embedded default schema (JSON text).
#[napi]
pub fn default_schema_json() -> String {
    core::DEFAULT_SCHEMA_JSON.to_string()
}
