//! The compiled policy set: a long-lived handle that answers requests.

use crate::ast::{Combining, PolicyDocument, Rule, RuleKind};
use crate::consent::{ConsentDecision, ConsentDirective, ConsentStore};
use crate::error::{AuthzError, Location};
use crate::eval::Scope;
use crate::index::{Index, ANY};
use crate::model::{AuditLevel, Decision, Effect, Obligation, Request, RuleError};
use crate::parser::parse_policies;
use crate::schema::Schema;
use crate::validate::{fold, validate_rule};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::atomic::AtomicU64;
use std::sync::Arc;

/// Purposes of use (HL7 PurposeOfUse) that can carry a break-glass declaration.
pub const BREAK_GLASS_PURPOSES: &[&str] = &["ETREAT", "BTG"];

/// Collects policy sources and consent directives, checks them against a schema and
/// compiles a [`PolicySet`].
#[derive(Debug, Clone)]
pub struct PolicySetBuilder {
    schema: Arc<Schema>,
    combining: Option<Combining>,
    rules: Vec<Rule>,
    consents: Vec<ConsentDirective>,
}

impl PolicySetBuilder {
    /// Starts an empty set over a schema.
    pub fn new(schema: Schema) -> Self {
        PolicySetBuilder {
            schema: Arc::new(schema),
            combining: None,
            rules: Vec::new(),
            consents: Vec::new(),
        }
    }

    /// Parses and adds policy text; `source` names it in error locations.
    pub fn add_text(&mut self, source: &str, text: &str) -> Result<&mut Self, AuthzError> {
        let doc = parse_policies(source, text)?;
        self.add_document(source, doc)
    }

    /// Parses and adds the JSON form of a [`PolicyDocument`].
    pub fn add_json(&mut self, source: &str, text: &str) -> Result<&mut Self, AuthzError> {
        let doc: PolicyDocument = serde_json::from_str(text).map_err(|e| AuthzError::Syntax {
            location: Location {
                source: source.into(),
                line: e.line() as u32,
                column: e.column() as u32,
            },
            message: e.to_string(),
        })?;
        self.add_document(source, doc)
    }

    /// Checks and adds a parsed document.
    pub fn add_document(
        &mut self,
        source: &str,
        doc: PolicyDocument,
    ) -> Result<&mut Self, AuthzError> {
        if let Some(c) = doc.combining {
            if self.combining.is_some_and(|old| old != c) {
                return Err(AuthzError::Invalid {
                    location: Location {
                        source: source.into(),
                        line: 0,
                        column: 0,
                    },
                    message: format!(
                        "combining algorithm `{}` conflicts with an earlier source",
                        c.as_str()
                    ),
                });
            }
            self.combining = Some(c);
        }
        for mut rule in doc.rules {
            validate_rule(&self.schema, source, &rule)?;
            if self.rules.iter().any(|r| r.id == rule.id) {
                return Err(AuthzError::Invalid {
                    location: crate::parser::loc(source, rule.pos),
                    message: format!("duplicate rule id `{}`", rule.id),
                });
            }
            if let Some(w) = rule.when.as_mut() {
                fold(w);
            }
            if let Some(u) = rule.unless.as_mut() {
                fold(u);
            }
            self.rules.push(rule);
        }
        Ok(self)
    }

    /// Adds a consent directive (checked against the schema).
    pub fn add_consent(&mut self, d: ConsentDirective) -> Result<&mut Self, AuthzError> {
        let bad = |m: String| AuthzError::BadRequest {
            message: format!("consent directive `{}`: {m}", d.id),
        };
        if d.id.trim().is_empty() || d.patient.trim().is_empty() {
            return Err(bad("id and patient are required".into()));
        }
        if d.decision.is_none() {
            return Err(bad("decision (deny or permit) is required".into()));
        }
        if self.consents.iter().any(|c| c.id == d.id) {
            return Err(bad("duplicate id".into()));
        }
        for r in &d.roles {
            if !self.schema.roles.contains_key(r) {
                return Err(bad(format!("unknown role `{r}`")));
            }
        }
        let actions = self.schema.actions();
        for a in &d.actions {
            if !actions.contains(a.as_str()) {
                return Err(bad(format!("unknown action `{a}`")));
            }
        }
        for t in &d.resource_types {
            match self.schema.resources.get(t) {
                None => return Err(bad(format!("unknown resource type `{t}`"))),
                Some(decl) if !decl.attributes.contains_key("patient") => {
                    return Err(bad(format!(
                        "resource type `{t}` has no `patient` attribute"
                    )))
                }
                _ => {}
            }
        }
        if let Some(mut rule) = d.to_rule() {
            if d.resource_types.is_empty() {
                let with_patient: Vec<String> = self
                    .schema
                    .resources
                    .iter()
                    .filter(|(_, decl)| decl.attributes.contains_key("patient"))
                    .map(|(n, _)| n.clone())
                    .collect();
                if with_patient.is_empty() {
                    return Err(bad("no resource type has a `patient` attribute".into()));
                }
                rule.resources = Some(with_patient);
            }
            let source = format!("consent:{}", d.id);
            validate_rule(&self.schema, &source, &rule)?;
        }
        self.consents.push(d);
        Ok(self)
    }

    /// Sets the combining algorithm (overriding the sources' declaration).
    pub fn combining(&mut self, c: Combining) -> &mut Self {
        self.combining = Some(c);
        self
    }

    /// Compiles the set: builds the index and the fingerprint.
    pub fn build(&self) -> Result<PolicySet, AuthzError> {
        let schema = Arc::clone(&self.schema);
        let mut rules = self.rules.clone();
        let mut store = ConsentStore::default();
        for d in &self.consents {
            match d.decision {
                Some(ConsentDecision::Deny) => {
                    if let Some(mut r) = d.to_rule() {
                        if r.resources.is_none() {
                            r.resources = Some(
                                schema
                                    .resources
                                    .iter()
                                    .filter(|(_, decl)| decl.attributes.contains_key("patient"))
                                    .map(|(n, _)| n.clone())
                                    .collect(),
                            );
                        }
                        rules.push(r);
                    }
                }
                Some(ConsentDecision::Permit) => store.add(d.clone()),
                None => {}
            }
        }
        Ok(PolicySet::compile(
            schema,
            self.combining.unwrap_or_default(),
            rules,
            store,
            self.consents.clone(),
        ))
    }
}

/// Interned names.
#[derive(Debug, Default)]
struct Names {
    ids: HashMap<String, u32>,
    names: Vec<String>,
}

impl Names {
    fn intern(&mut self, s: &str) -> u32 {
        if let Some(i) = self.ids.get(s) {
            return *i;
        }
        let i = self.names.len() as u32;
        self.ids.insert(s.to_string(), i);
        self.names.push(s.to_string());
        i
    }
    fn get(&self, s: &str) -> Option<u32> {
        self.ids.get(s).copied()
    }
}

/// How a rule fared on one request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "outcome", content = "message")]
pub enum RuleOutcome {
    /// Its scope and condition hold.
    Applies,
    /// Its condition does not hold.
    NotApplicable,
    /// Its condition could not be evaluated (a forbid or obligate then counts as applying).
    Error(String),
}

/// One line of an explanation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleTrace {
    /// The rule id.
    pub id: Arc<str>,
    /// Permit, forbid or obligate.
    pub kind: RuleKind,
    /// Whether it is a hard forbid.
    pub hard: bool,
    /// What happened.
    #[serde(flatten)]
    pub outcome: RuleOutcome,
    /// Whether it determined the effect.
    pub determining: bool,
}

/// Why a decision came out as it did.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Explanation {
    /// Rules in the set.
    pub rules_total: usize,
    /// Rules whose scope matched the request (the only ones evaluated).
    pub rules_considered: usize,
    /// Roles in force, including inherited ones.
    pub effective_roles: Vec<String>,
    /// The combining algorithm.
    pub combining: Combining,
    /// Whether break-glass was declared, and whether it was valid.
    pub break_glass: Option<String>,
    /// Each considered rule.
    pub trace: Vec<RuleTrace>,
}

/// A compiled, immutable policy set. Share it between threads (`Arc<PolicySet>`).
#[derive(Debug)]
pub struct PolicySet {
    pub(crate) schema: Arc<Schema>,
    pub(crate) combining: Combining,
    pub(crate) rules: Vec<Rule>,
    pub(crate) ids: Vec<Arc<str>>,
    pub(crate) consents: ConsentStore,
    directives: Vec<ConsentDirective>,
    index: Index,
    types: Names,
    actions: Names,
    roles: Names,
    role_closure: Vec<Vec<u32>>,
    clinical: Vec<bool>,
    hash: String,
    pub(crate) decisions: AtomicU64,
}

/// Effective roles of a principal.
pub(crate) struct RoleSet<'a> {
    pub ids: Vec<u32>,
    pub names: Vec<&'a str>,
}

impl PolicySet {
    fn compile(
        schema: Arc<Schema>,
        combining: Combining,
        rules: Vec<Rule>,
        consents: ConsentStore,
        directives: Vec<ConsentDirective>,
    ) -> PolicySet {
        let mut roles = Names::default();
        for r in schema.roles.keys() {
            roles.intern(r);
        }
        let mut types = Names::default();
        for t in schema.resources.keys() {
            types.intern(t);
        }
        let mut actions = Names::default();
        for a in schema.actions() {
            actions.intern(a);
        }
        let role_closure = roles
            .names
            .iter()
            .map(|r| {
                schema
                    .role_closure(r)
                    .iter()
                    .filter_map(|n| roles.get(n))
                    .collect()
            })
            .collect();
        let clinical = roles
            .names
            .iter()
            .map(|r| schema.roles.get(r).is_some_and(|d| d.clinical))
            .collect();
        let mut index = Index::default();
        let ids_of = |list: &Option<Vec<String>>, names: &Names| -> Vec<u32> {
            match list {
                None => vec![ANY],
                Some(l) => l.iter().filter_map(|n| names.get(n)).collect(),
            }
        };
        for (i, r) in rules.iter().enumerate() {
            index.insert(
                i as u32,
                &ids_of(&r.resources, &types),
                &ids_of(&r.actions, &actions),
                &ids_of(&r.roles, &roles),
            );
        }
        let ids = rules
            .iter()
            .map(|r| Arc::<str>::from(r.id.as_str()))
            .collect();
        let mut hasher = Sha256::new();
        hasher.update(combining.as_str().as_bytes());
        for r in &rules {
            hasher.update(serde_json::to_vec(r).unwrap_or_default());
            hasher.update([0u8]);
        }
        for d in &directives {
            hasher.update(serde_json::to_vec(d).unwrap_or_default());
            hasher.update([1u8]);
        }
        let hash = hasher
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        PolicySet {
            schema,
            combining,
            rules,
            ids,
            consents,
            directives,
            index,
            types,
            actions,
            roles,
            role_closure,
            clinical,
            hash,
            decisions: AtomicU64::new(0),
        }
    }

    /// Parses, checks and compiles policy text in one step.
    pub fn from_text(schema: Schema, source: &str, text: &str) -> Result<PolicySet, AuthzError> {
        let mut b = PolicySetBuilder::new(schema);
        b.add_text(source, text)?;
        b.build()
    }

    /// A builder holding this set's schema, rules and consent directives, to extend and rebuild
    /// (for example with new consent directives).
    pub fn to_builder(&self) -> PolicySetBuilder {
        let consent_ids: Vec<String> = self
            .directives
            .iter()
            .map(|d| format!("consent:{}", d.id))
            .collect();
        PolicySetBuilder {
            schema: Arc::clone(&self.schema),
            combining: Some(self.combining),
            rules: self
                .rules
                .iter()
                .filter(|r| !consent_ids.contains(&r.id))
                .cloned()
                .collect(),
            consents: self.directives.clone(),
        }
    }

    /// A new set with these consent directives added.
    pub fn with_consents(&self, directives: &[ConsentDirective]) -> Result<PolicySet, AuthzError> {
        let mut b = self.to_builder();
        for d in directives {
            b.add_consent(d.clone())?;
        }
        b.build()
    }

    /// The schema.
    pub fn schema(&self) -> &Schema {
        &self.schema
    }

    /// The rules, in order (consent restrictions last).
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// The combining algorithm.
    pub fn combining(&self) -> Combining {
        self.combining
    }

    /// SHA-256 (hex) over the combining algorithm, rules and consent directives: names the
    /// exact policy version in decision logs.
    pub fn hash(&self) -> &str {
        &self.hash
    }

    /// Number of index buckets (for diagnostics).
    pub fn index_buckets(&self) -> usize {
        self.index.len()
    }

    pub(crate) fn role_set<'a>(&'a self, req: &'a Request) -> RoleSet<'a> {
        let mut ids: Vec<u32> = Vec::with_capacity(req.principal.roles.len() * 2);
        let mut names: Vec<&'a str> = Vec::with_capacity(req.principal.roles.len() * 2);
        for r in &req.principal.roles {
            match self.roles.get(r) {
                Some(id) => {
                    if let Some(closure) = self.role_closure.get(id as usize) {
                        for &c in closure {
                            if !ids.contains(&c) {
                                ids.push(c);
                                if let Some(n) = self.roles.names.get(c as usize) {
                                    names.push(n);
                                }
                            }
                        }
                    }
                }
                None => {
                    if !names.contains(&r.as_str()) {
                        names.push(r);
                    }
                }
            }
        }
        RoleSet { ids, names }
    }

    /// Whether the request carries a valid break-glass declaration: purpose ETREAT or BTG, a
    /// non-blank reason, a clinical role, and (if time boxed) not expired. The error says why not.
    pub fn break_glass_status(&self, req: &Request) -> Option<Result<(), String>> {
        let roles = self.role_set(req);
        self.break_glass_check(req, &roles)
    }

    fn break_glass_check(&self, req: &Request, roles: &RoleSet<'_>) -> Option<Result<(), String>> {
        let env = &req.environment;
        let bg = env.break_glass.as_ref()?;
        let purpose_ok = env
            .purpose_of_use
            .as_deref()
            .is_some_and(|p| BREAK_GLASS_PURPOSES.contains(&p));
        Some(if !purpose_ok {
            Err("break-glass needs purpose of use ETREAT or BTG".into())
        } else if bg.reason.trim().is_empty() {
            Err("break-glass needs a reason".into())
        } else if !roles
            .ids
            .iter()
            .any(|&r| self.clinical.get(r as usize).copied().unwrap_or(false))
        {
            Err("break-glass is open to clinical roles only".into())
        } else if bg.expires_at.is_some_and(|e| env.time >= e) {
            Err("the break-glass window has expired".into())
        } else {
            Ok(())
        })
    }

    fn candidates(&self, req: &Request, roles: &RoleSet<'_>, full_scan: bool, out: &mut Vec<u32>) {
        if full_scan {
            out.clear();
            for (i, r) in self.rules.iter().enumerate() {
                let role_ok = r
                    .roles
                    .as_ref()
                    .is_none_or(|l| l.iter().any(|x| roles.names.contains(&x.as_str())));
                let action_ok = r.actions.as_ref().is_none_or(|l| l.contains(&req.action));
                let type_ok = r
                    .resources
                    .as_ref()
                    .is_none_or(|l| l.contains(&req.resource.kind));
                if role_ok && action_ok && type_ok {
                    out.push(i as u32);
                }
            }
        } else {
            self.index.candidates(
                self.types.get(&req.resource.kind),
                self.actions.get(&req.action),
                &roles.ids,
                out,
            );
        }
    }

    /// Decides one request.
    pub fn authorize(&self, req: &Request) -> Decision {
        self.decide(req, false, None)
    }

    /// Decides one request by scanning every rule instead of the index (same answer, slower;
    /// kept for verification).
    pub fn authorize_full_scan(&self, req: &Request) -> Decision {
        self.decide(req, true, None)
    }

    /// Decides many requests.
    pub fn authorize_batch(&self, reqs: &[Request]) -> Vec<Decision> {
        reqs.iter().map(|r| self.authorize(r)).collect()
    }

    /// Decides one request and says why.
    pub fn explain(&self, req: &Request) -> (Decision, Explanation) {
        let mut trace = Vec::new();
        let d = self.decide(req, false, Some(&mut trace));
        let roles = self.role_set(req);
        let bg = self.break_glass_check(req, &roles).map(|r| match r {
            Ok(()) => "declared and valid".to_string(),
            Err(e) => format!("declared but not valid: {e}"),
        });
        let ex = Explanation {
            rules_total: self.rules.len(),
            rules_considered: trace.len(),
            effective_roles: roles.names.iter().map(|s| s.to_string()).collect(),
            combining: self.combining,
            break_glass: bg,
            trace,
        };
        (d, ex)
    }

    fn decide(
        &self,
        req: &Request,
        full_scan: bool,
        mut trace: Option<&mut Vec<RuleTrace>>,
    ) -> Decision {
        let roles = self.role_set(req);
        let bg = self.break_glass_check(req, &roles);
        let break_glass = matches!(bg, Some(Ok(())));
        let scope = Scope {
            req,
            roles: &roles.names,
            break_glass,
            consents: &self.consents,
        };
        let mut cand = Vec::new();
        self.candidates(req, &roles, full_scan, &mut cand);

        let mut hard: Vec<u32> = Vec::new();
        let mut permits: Vec<u32> = Vec::new();
        let mut forbids: Vec<u32> = Vec::new();
        let mut obligates: Vec<u32> = Vec::new();
        let mut first: Option<u32> = None;
        let mut errors: Vec<RuleError> = Vec::new();
        for &i in &cand {
            let Some(rule) = self.rules.get(i as usize) else {
                continue;
            };
            let outcome = rule_outcome(rule, &scope);
            // An applicable rule counts; so does a failing forbid or obligation (fail closed).
            let counts = matches!(
                (&outcome, rule.kind),
                (RuleOutcome::Applies, _)
                    | (RuleOutcome::Error(_), RuleKind::Forbid | RuleKind::Obligate)
            );
            if let RuleOutcome::Error(m) = &outcome {
                errors.push(RuleError {
                    rule: self.id(i),
                    message: m.clone(),
                });
            }
            if counts {
                match rule.kind {
                    RuleKind::Forbid if rule.hard => hard.push(i),
                    RuleKind::Forbid => {
                        forbids.push(i);
                        first.get_or_insert(i);
                    }
                    RuleKind::Permit => {
                        permits.push(i);
                        first.get_or_insert(i);
                    }
                    RuleKind::Obligate => obligates.push(i),
                }
            }
            if let Some(t) = trace.as_deref_mut() {
                t.push(RuleTrace {
                    id: self.id(i),
                    kind: rule.kind,
                    hard: rule.hard,
                    outcome,
                    determining: false,
                });
            }
        }
        let (effect, determining): (Effect, Vec<u32>) = if !hard.is_empty() {
            (Effect::Deny, hard)
        } else {
            match self.combining {
                Combining::DenyOverrides if !forbids.is_empty() => (Effect::Deny, forbids),
                Combining::DenyOverrides | Combining::PermitOverrides if !permits.is_empty() => {
                    (Effect::Allow, permits)
                }
                Combining::PermitOverrides if !forbids.is_empty() => (Effect::Deny, forbids),
                Combining::FirstApplicable => match first {
                    Some(i)
                        if self
                            .rules
                            .get(i as usize)
                            .is_some_and(|r| r.kind == RuleKind::Permit) =>
                    {
                        (Effect::Allow, vec![i])
                    }
                    Some(i) => (Effect::Deny, vec![i]),
                    None => (Effect::Deny, Vec::new()),
                },
                _ => (Effect::Deny, Vec::new()),
            }
        };
        if let Some(t) = trace {
            for tr in t.iter_mut() {
                tr.determining = determining
                    .iter()
                    .any(|&i| self.ids.get(i as usize) == Some(&tr.id));
            }
        }
        let mut obligations = Vec::new();
        let mut advice = Vec::new();
        let mut take = |i: u32| {
            if let Some(r) = self.rules.get(i as usize) {
                obligations.extend(r.obligations.iter().cloned());
                advice.extend(r.advice.iter().cloned());
            }
        };
        determining.iter().for_each(|&i| take(i));
        if effect == Effect::Allow {
            obligates.iter().for_each(|&i| take(i));
        }
        match &bg {
            Some(Ok(())) => {
                obligations.push(Obligation::Audit {
                    level: AuditLevel::High,
                });
                // The stated reason is reviewed only where break-glass actually opened access;
                // a denied attempt is audited, nothing more.
                if effect == Effect::Allow {
                    obligations.push(Obligation::RequireReason);
                }
            }
            Some(Err(why)) => {
                obligations.push(Obligation::Audit {
                    level: AuditLevel::High,
                });
                advice.push(format!("break-glass not honoured: {why}"));
            }
            None => {}
        }
        Decision {
            effect,
            determining: determining.iter().map(|&i| self.id(i)).collect(),
            obligations: normalize_obligations(obligations),
            advice: dedup(advice),
            errors,
            break_glass,
        }
    }

    fn id(&self, i: u32) -> Arc<str> {
        self.ids
            .get(i as usize)
            .cloned()
            .unwrap_or_else(|| Arc::from("?"))
    }

    /// Checks a request against the schema: known role, action and type, the action applies to
    /// the type, required attributes present with the declared types. Returns the problems.
    pub fn check_request(&self, req: &Request) -> Vec<String> {
        let s = &self.schema;
        let mut out = Vec::new();
        for r in &req.principal.roles {
            if !s.roles.contains_key(r) {
                out.push(format!("unknown role `{r}`"));
            }
        }
        match s.resources.get(&req.resource.kind) {
            None => out.push(format!("unknown resource type `{}`", req.resource.kind)),
            Some(decl) => {
                if !decl.actions.contains(&req.action) {
                    out.push(format!(
                        "action `{}` does not apply to {}",
                        req.action, req.resource.kind
                    ));
                }
                out.extend(Schema::check_attributes(
                    "resource",
                    &decl.attributes,
                    &req.resource.attributes,
                ));
            }
        }
        out.extend(Schema::check_attributes(
            "principal",
            &s.principal,
            &req.principal.attributes,
        ));
        out.extend(Schema::check_attributes(
            "context",
            &s.context,
            &req.environment.attributes,
        ));
        out
    }

    pub(crate) fn type_known(&self, t: &str) -> bool {
        self.types.get(t).is_some()
    }

    pub(crate) fn candidate_rules(&self, req: &Request) -> Vec<u32> {
        let roles = self.role_set(req);
        let mut out = Vec::new();
        self.candidates(req, &roles, false, &mut out);
        out
    }
}

/// Evaluates a rule's `when` and `unless` conditions.
pub(crate) fn rule_outcome(rule: &Rule, scope: &Scope<'_>) -> RuleOutcome {
    if let Some(w) = &rule.when {
        match scope.eval_bool(w) {
            Ok(false) => return RuleOutcome::NotApplicable,
            Err(e) => return RuleOutcome::Error(e),
            Ok(true) => {}
        }
    }
    if let Some(u) = &rule.unless {
        match scope.eval_bool(u) {
            Ok(true) => return RuleOutcome::NotApplicable,
            Err(e) => return RuleOutcome::Error(e),
            Ok(false) => {}
        }
    }
    RuleOutcome::Applies
}

/// Deduplicates obligations and keeps one AUDIT at the highest level requested (last).
fn normalize_obligations(list: Vec<Obligation>) -> Vec<Obligation> {
    let mut out: Vec<Obligation> = Vec::with_capacity(list.len());
    let mut audit: Option<AuditLevel> = None;
    for o in list {
        match o {
            Obligation::Audit { level } => audit = Some(audit.map_or(level, |a| a.max(level))),
            other => {
                if !out.contains(&other) {
                    out.push(other)
                }
            }
        }
    }
    if let Some(level) = audit {
        out.push(Obligation::Audit { level });
    }
    out
}

fn dedup(list: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(list.len());
    for s in list {
        if !out.contains(&s) {
            out.push(s);
        }
    }
    out
}
