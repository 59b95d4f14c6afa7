//! Consent directives: patient opt-outs and restrictions become hard forbid rules; consents
//! to disclose (for example substance-use records under 42 CFR Part 2) become grants that the
//! `consented("LABEL")` condition tests.

use crate::ast::{CmpOp, Expr, Rule, RuleKind, Var};
use crate::eval::Scope;
use crate::value::Value;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Whether a directive refuses or grants.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ConsentDecision {
    /// An opt-out or restriction: matching access is refused, whatever else applies
    /// (compiled to a hard forbid; break-glass does not override it).
    Deny,
    /// A consent to disclose records with the listed labels to the listed recipients.
    Permit,
}

/// A patient's consent directive, as data. Empty lists mean "any".
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentDirective {
    /// Directive id; rules made from it are named `consent:<id>`.
    pub id: String,
    /// The patient id (matched against `resource.patient`).
    pub patient: String,
    /// Deny (restriction) or permit (consent to disclose).
    pub decision: Option<ConsentDecision>,
    /// Principal ids it names.
    #[serde(default)]
    pub actors: Vec<String>,
    /// Roles it names.
    #[serde(default)]
    pub roles: Vec<String>,
    /// Actions it covers.
    #[serde(default)]
    pub actions: Vec<String>,
    /// Resource types it covers.
    #[serde(default)]
    pub resource_types: Vec<String>,
    /// Sensitivity labels it covers (a restriction with labels covers only labelled records).
    #[serde(default)]
    pub labels: Vec<String>,
    /// Purposes of use it covers.
    #[serde(default)]
    pub purposes: Vec<String>,
    /// Start of validity (seconds since the epoch, inclusive).
    #[serde(default)]
    pub start: Option<i64>,
    /// End of validity (exclusive).
    #[serde(default)]
    pub end: Option<i64>,
}

fn strs(items: &[String]) -> Expr {
    Expr::Lit(Value::Set(
        items.iter().map(|s| Value::String(s.clone())).collect(),
    ))
}

fn and(a: Expr, b: Expr) -> Expr {
    Expr::And(Box::new(a), Box::new(b))
}

fn attr(var: Var, name: &str) -> Expr {
    Expr::Attr {
        var,
        name: name.to_string(),
        pos: Default::default(),
    }
}

impl ConsentDirective {
    /// The hard forbid rule a restriction compiles to (None for a permit directive).
    pub fn to_rule(&self) -> Option<Rule> {
        if self.decision != Some(ConsentDecision::Deny) {
            return None;
        }
        let mut cond = Expr::Cmp {
            op: CmpOp::Eq,
            left: Box::new(attr(Var::Resource, "patient")),
            right: Box::new(Expr::Lit(Value::String(self.patient.clone()))),
        };
        if !self.actors.is_empty() {
            cond = and(
                cond,
                Expr::In {
                    item: Box::new(Expr::Var(Var::Principal)),
                    set: Box::new(strs(&self.actors)),
                },
            );
        }
        if !self.labels.is_empty() {
            cond = and(
                cond,
                Expr::SetOp {
                    op: crate::ast::SetOp::ContainsAny,
                    target: Box::new(attr(Var::Resource, "labels")),
                    arg: Some(Box::new(strs(&self.labels))),
                },
            );
        }
        if !self.purposes.is_empty() {
            cond = and(
                cond,
                and(
                    Expr::Has {
                        var: Var::Context,
                        name: "purpose_of_use".into(),
                        pos: Default::default(),
                    },
                    Expr::In {
                        item: Box::new(attr(Var::Context, "purpose_of_use")),
                        set: Box::new(strs(&self.purposes)),
                    },
                ),
            );
        }
        if let Some(s) = self.start {
            cond = and(
                cond,
                Expr::Cmp {
                    op: CmpOp::Ge,
                    left: Box::new(attr(Var::Context, "time")),
                    right: Box::new(Expr::Lit(Value::Long(s))),
                },
            );
        }
        if let Some(e) = self.end {
            cond = and(
                cond,
                Expr::Cmp {
                    op: CmpOp::Lt,
                    left: Box::new(attr(Var::Context, "time")),
                    right: Box::new(Expr::Lit(Value::Long(e))),
                },
            );
        }
        let opt = |v: &Vec<String>| if v.is_empty() { None } else { Some(v.clone()) };
        Some(Rule {
            id: format!("consent:{}", self.id),
            kind: RuleKind::Forbid,
            hard: true,
            roles: opt(&self.roles),
            actions: opt(&self.actions),
            resources: opt(&self.resource_types),
            when: Some(cond),
            unless: None,
            obligations: vec![crate::model::Obligation::Audit {
                level: crate::model::AuditLevel::Medium,
            }],
            advice: vec![format!(
                "refused by the patient's consent directive {}",
                self.id
            )],
            pos: Default::default(),
            name_pos: Vec::new(),
        })
    }
}

/// Consents to disclose, by patient.
#[derive(Clone, Debug, Default)]
pub struct ConsentStore {
    by_patient: HashMap<String, Vec<ConsentDirective>>,
}

impl ConsentStore {
    /// Adds a permit directive.
    pub(crate) fn add(&mut self, d: ConsentDirective) {
        self.by_patient
            .entry(d.patient.clone())
            .or_default()
            .push(d);
    }

    /// Whether the patient consents to disclosing `label` records in this request.
    pub(crate) fn grants(&self, patient: &str, label: &str, scope: &Scope<'_>) -> bool {
        let Some(list) = self.by_patient.get(patient) else {
            return false;
        };
        let req = scope.req;
        list.iter().any(|d| {
            (d.labels.is_empty() || d.labels.iter().any(|l| l == label))
                && (d.actors.is_empty() || d.actors.contains(&req.principal.id))
                && (d.roles.is_empty() || d.roles.iter().any(|r| scope.roles.contains(&r.as_str())))
                && (d.actions.is_empty() || d.actions.contains(&req.action))
                && (d.resource_types.is_empty() || d.resource_types.contains(&req.resource.kind))
                && (d.purposes.is_empty()
                    || req
                        .environment
                        .purpose_of_use
                        .as_ref()
                        .is_some_and(|p| d.purposes.contains(p)))
                && d.start.is_none_or(|s| req.environment.time >= s)
                && d.end.is_none_or(|e| req.environment.time < e)
        })
    }

    /// The patients whose consent grants `label` to this principal/action/type/environment
    /// (used by query filtering, where the resource is not known).
    pub(crate) fn patients_granting(&self, label: &str, scope: &Scope<'_>) -> Vec<String> {
        let mut out: Vec<String> = self
            .by_patient
            .keys()
            .filter(|p| self.grants(p, label, scope))
            .cloned()
            .collect();
        out.sort();
        out
    }
}
