//! Structural validation of resources and bundles against the R4 base definitions: required
//! elements (min cardinality 1), value sets with a `required` binding on codes, no empty strings,
//! arrays or objects, and for bundles unique `fullUrl`s and resolvable references.

use crate::model::*;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::HashSet;

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The resource is not valid R4.
    Error,
    /// Valid, but probably not what was meant (e.g. an unresolved reference in a batch).
    Warning,
}

/// One validation finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Issue {
    /// Error or warning.
    pub severity: Severity,
    /// Stable rule code: `FHIR_REQUIRED`, `FHIR_BINDING`, `FHIR_EMPTY`, `FHIR_DUPLICATE_FULLURL`,
    /// `FHIR_UNRESOLVED_REFERENCE`.
    pub code: String,
    /// The element, as a FHIRPath-like path (e.g. `Bundle.entry[2].resource.Observation.status`).
    pub location: String,
    /// What is wrong.
    pub message: String,
}

struct V<'a> {
    out: &'a mut Vec<Issue>,
}

impl V<'_> {
    fn error(&mut self, code: &str, location: String, message: String) {
        self.out.push(Issue {
            severity: Severity::Error,
            code: code.into(),
            location,
            message,
        });
    }

    fn required(&mut self, path: &str, name: &str, present: bool) {
        if !present {
            self.error(
                "FHIR_REQUIRED",
                format!("{path}.{name}"),
                format!("{name} is required (min cardinality 1)"),
            );
        }
    }

    fn binding(&mut self, path: &str, name: &str, value: Option<&str>, allowed: &[&str]) {
        if let Some(v) = value {
            if !allowed.contains(&v) {
                self.error(
                    "FHIR_BINDING",
                    format!("{path}.{name}"),
                    format!(
                        "{v:?} is not in the required value set ({})",
                        allowed.join(", ")
                    ),
                );
            }
        }
    }
}

const GENDER: &[&str] = &["male", "female", "other", "unknown"];
const NAME_USE: &[&str] = &[
    "usual",
    "official",
    "temp",
    "nickname",
    "anonymous",
    "old",
    "maiden",
];
const ADDRESS_USE: &[&str] = &["home", "work", "temp", "old", "billing"];
const ADDRESS_TYPE: &[&str] = &["postal", "physical", "both"];
const CP_SYSTEM: &[&str] = &["phone", "fax", "email", "pager", "url", "sms", "other"];
const CP_USE: &[&str] = &["home", "work", "temp", "old", "mobile"];
const ID_USE: &[&str] = &["usual", "official", "temp", "secondary", "old"];
const REQUEST_INTENT: &[&str] = &[
    "proposal",
    "plan",
    "directive",
    "order",
    "original-order",
    "reflex-order",
    "filler-order",
    "instance-order",
    "option",
];
const REQUEST_PRIORITY: &[&str] = &["routine", "urgent", "asap", "stat"];

fn names(v: &mut V, path: &str, names: &[HumanName]) {
    for (i, n) in names.iter().enumerate() {
        v.binding(
            &format!("{path}.name[{i}]"),
            "use",
            n.use_.as_deref(),
            NAME_USE,
        );
    }
}

fn addresses<'a>(v: &mut V, path: &str, list: impl IntoIterator<Item = &'a Address>) {
    for (i, a) in list.into_iter().enumerate() {
        let p = format!("{path}.address[{i}]");
        v.binding(&p, "use", a.use_.as_deref(), ADDRESS_USE);
        v.binding(&p, "type", a.type_.as_deref(), ADDRESS_TYPE);
    }
}

fn telecoms(v: &mut V, path: &str, list: &[ContactPoint]) {
    for (i, c) in list.iter().enumerate() {
        let p = format!("{path}.telecom[{i}]");
        v.binding(&p, "system", c.system.as_deref(), CP_SYSTEM);
        v.binding(&p, "use", c.use_.as_deref(), CP_USE);
        // cpt-2: a value needs a system.
        if c.value.is_some() && c.system.is_none() {
            v.error(
                "FHIR_REQUIRED",
                format!("{p}.system"),
                "a telecom with a value needs a system (cpt-2)".into(),
            );
        }
    }
}

fn identifiers(v: &mut V, path: &str, list: &[Identifier]) {
    for (i, id) in list.iter().enumerate() {
        v.binding(
            &format!("{path}.identifier[{i}]"),
            "use",
            id.use_.as_deref(),
            ID_USE,
        );
    }
}

/// Reports empty strings, arrays and objects, and extensions without a url, anywhere in `v`.
fn json_rules(v: &mut V, value: &Value, path: &str) {
    match value {
        Value::String(s) if s.is_empty() => {
            v.error("FHIR_EMPTY", path.to_string(), "empty string".into())
        }
        Value::Array(a) if a.is_empty() => {
            v.error("FHIR_EMPTY", path.to_string(), "empty array".into())
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                json_rules(v, x, &format!("{path}[{i}]"));
            }
        }
        Value::Object(m) if m.is_empty() => {
            v.error("FHIR_EMPTY", path.to_string(), "empty object".into())
        }
        Value::Object(m) => {
            for (k, x) in m {
                let p = format!("{path}.{k}");
                if k == "extension" || k == "modifierExtension" {
                    for (i, e) in x.as_array().into_iter().flatten().enumerate() {
                        if !e.get("url").is_some_and(Value::is_string) {
                            v.error(
                                "FHIR_REQUIRED",
                                format!("{p}[{i}].url"),
                                "url is required (min cardinality 1)".into(),
                            );
                        }
                    }
                }
                // Contained and entry resources are checked on their own.
                if k == "resource" || k == "contained" {
                    continue;
                }
                json_rules(v, x, &p);
            }
        }
        _ => {}
    }
}

fn resource_rules(v: &mut V, r: &Resource, p: &str) {
    match r {
        Resource::Patient(x) => {
            v.binding(p, "gender", x.gender.as_deref(), GENDER);
            identifiers(v, p, &x.identifier);
            names(v, p, &x.name);
            addresses(v, p, &x.address);
            telecoms(v, p, &x.telecom);
            for (i, l) in x.link.iter().enumerate() {
                let lp = format!("{p}.link[{i}]");
                v.required(&lp, "other", l.other.is_some());
                v.required(&lp, "type", l.type_.is_some());
                v.binding(
                    &lp,
                    "type",
                    l.type_.as_deref(),
                    &["replaced-by", "replaces", "refer", "seealso"],
                );
            }
            for (i, c) in x.communication.iter().enumerate() {
                v.required(
                    &format!("{p}.communication[{i}]"),
                    "language",
                    c.language.is_some(),
                );
            }
        }
        Resource::Encounter(x) => {
            v.required(p, "status", x.status.is_some());
            v.binding(
                p,
                "status",
                x.status.as_deref(),
                &[
                    "planned",
                    "arrived",
                    "triaged",
                    "in-progress",
                    "onleave",
                    "finished",
                    "cancelled",
                    "entered-in-error",
                    "unknown",
                ],
            );
            v.required(p, "class", x.class_.is_some());
            identifiers(v, p, &x.identifier);
            for (i, l) in x.location.iter().enumerate() {
                let lp = format!("{p}.location[{i}]");
                v.required(&lp, "location", l.location.is_some());
                v.binding(
                    &lp,
                    "status",
                    l.status.as_deref(),
                    &["planned", "active", "reserved", "completed"],
                );
            }
            for (i, d) in x.diagnosis.iter().enumerate() {
                v.required(
                    &format!("{p}.diagnosis[{i}]"),
                    "condition",
                    d.condition.is_some(),
                );
            }
        }
        Resource::Observation(x) => {
            v.required(p, "status", x.status.is_some());
            v.binding(
                p,
                "status",
                x.status.as_deref(),
                &[
                    "registered",
                    "preliminary",
                    "final",
                    "amended",
                    "corrected",
                    "cancelled",
                    "entered-in-error",
                    "unknown",
                ],
            );
            v.required(p, "code", x.code.is_some());
            for (i, c) in x.component.iter().enumerate() {
                v.required(&format!("{p}.component[{i}]"), "code", c.code.is_some());
            }
        }
        Resource::MessageHeader(x) => {
            v.required(p, "event[x]", x.event.is_some());
            v.required(p, "source", x.source.is_some());
            if let Some(s) = &x.source {
                v.required(&format!("{p}.source"), "endpoint", s.endpoint.is_some());
            }
            for (i, d) in x.destination.iter().enumerate() {
                v.required(
                    &format!("{p}.destination[{i}]"),
                    "endpoint",
                    d.endpoint.is_some(),
                );
            }
        }
        Resource::Provenance(x) => {
            v.required(p, "target", !x.target.is_empty());
            v.required(p, "recorded", x.recorded.is_some());
            v.required(p, "agent", !x.agent.is_empty());
            for (i, a) in x.agent.iter().enumerate() {
                v.required(&format!("{p}.agent[{i}]"), "who", a.who.is_some());
            }
            for (i, e) in x.entity.iter().enumerate() {
                let ep = format!("{p}.entity[{i}]");
                v.required(&ep, "role", e.role.is_some());
                v.binding(
                    &ep,
                    "role",
                    e.role.as_deref(),
                    &["derivation", "revision", "quotation", "source", "removal"],
                );
                v.required(&ep, "what", e.what.is_some());
            }
        }
        Resource::RelatedPerson(x) => {
            v.required(p, "patient", x.patient.is_some());
            v.binding(p, "gender", x.gender.as_deref(), GENDER);
            identifiers(v, p, &x.identifier);
            names(v, p, &x.name);
            addresses(v, p, &x.address);
            telecoms(v, p, &x.telecom);
        }
        Resource::AllergyIntolerance(x) => {
            v.required(p, "patient", x.patient.is_some());
            v.binding(p, "type", x.type_.as_deref(), &["allergy", "intolerance"]);
            for c in &x.category {
                v.binding(
                    p,
                    "category",
                    Some(c),
                    &["food", "medication", "environment", "biologic"],
                );
            }
            v.binding(
                p,
                "criticality",
                x.criticality.as_deref(),
                &["low", "high", "unable-to-assess"],
            );
            for (i, r) in x.reaction.iter().enumerate() {
                let rp = format!("{p}.reaction[{i}]");
                v.required(&rp, "manifestation", !r.manifestation.is_empty());
                v.binding(
                    &rp,
                    "severity",
                    r.severity.as_deref(),
                    &["mild", "moderate", "severe"],
                );
            }
        }
        Resource::Condition(x) => {
            v.required(p, "subject", x.subject.is_some());
        }
        Resource::Coverage(x) => {
            v.required(p, "status", x.status.is_some());
            v.binding(
                p,
                "status",
                x.status.as_deref(),
                &["active", "cancelled", "draft", "entered-in-error"],
            );
            v.required(p, "beneficiary", x.beneficiary.is_some());
            v.required(p, "payor", !x.payor.is_empty());
        }
        Resource::DiagnosticReport(x) => {
            v.required(p, "status", x.status.is_some());
            v.binding(
                p,
                "status",
                x.status.as_deref(),
                &[
                    "registered",
                    "partial",
                    "preliminary",
                    "final",
                    "amended",
                    "corrected",
                    "appended",
                    "cancelled",
                    "entered-in-error",
                    "unknown",
                ],
            );
            v.required(p, "code", x.code.is_some());
        }
        Resource::ServiceRequest(x) => {
            v.required(p, "status", x.status.is_some());
            v.binding(
                p,
                "status",
                x.status.as_deref(),
                &[
                    "draft",
                    "active",
                    "on-hold",
                    "revoked",
                    "completed",
                    "entered-in-error",
                    "unknown",
                ],
            );
            v.required(p, "intent", x.intent.is_some());
            v.binding(p, "intent", x.intent.as_deref(), REQUEST_INTENT);
            v.binding(p, "priority", x.priority.as_deref(), REQUEST_PRIORITY);
            v.required(p, "subject", x.subject.is_some());
        }
        Resource::Immunization(x) => {
            v.required(p, "status", x.status.is_some());
            v.binding(
                p,
                "status",
                x.status.as_deref(),
                &["completed", "entered-in-error", "not-done"],
            );
            v.required(p, "vaccineCode", x.vaccine_code.is_some());
            v.required(p, "patient", x.patient.is_some());
            v.required(p, "occurrence[x]", x.occurrence.is_some());
        }
        Resource::MedicationRequest(x) => {
            v.required(p, "status", x.status.is_some());
            v.binding(
                p,
                "status",
                x.status.as_deref(),
                &[
                    "active",
                    "on-hold",
                    "cancelled",
                    "completed",
                    "entered-in-error",
                    "stopped",
                    "draft",
                    "unknown",
                ],
            );
            v.required(p, "intent", x.intent.is_some());
            v.binding(p, "intent", x.intent.as_deref(), REQUEST_INTENT);
            v.binding(p, "priority", x.priority.as_deref(), REQUEST_PRIORITY);
            v.required(p, "medication[x]", x.medication.is_some());
            v.required(p, "subject", x.subject.is_some());
        }
        Resource::Specimen(x) => {
            v.binding(
                p,
                "status",
                x.status.as_deref(),
                &[
                    "available",
                    "unavailable",
                    "unsatisfactory",
                    "entered-in-error",
                ],
            );
        }
        Resource::Practitioner(x) => {
            v.binding(p, "gender", x.gender.as_deref(), GENDER);
            identifiers(v, p, &x.identifier);
            names(v, p, &x.name);
            addresses(v, p, &x.address);
            telecoms(v, p, &x.telecom);
        }
        Resource::Organization(x) => {
            identifiers(v, p, &x.identifier);
            addresses(v, p, &x.address);
            telecoms(v, p, &x.telecom);
            // org-1: an organization needs a name or an identifier.
            if x.name.is_none() && x.identifier.is_empty() {
                v.error(
                    "FHIR_REQUIRED",
                    p.to_string(),
                    "an Organization needs a name or an identifier (org-1)".into(),
                );
            }
        }
        Resource::Location(x) => {
            v.binding(
                p,
                "status",
                x.status.as_deref(),
                &["active", "suspended", "inactive"],
            );
            v.binding(p, "mode", x.mode.as_deref(), &["instance", "kind"]);
            addresses(v, p, &x.address);
            telecoms(v, p, &x.telecom);
        }
        Resource::Bundle(b) => bundle_rules(v, b, p),
        Resource::OperationOutcome(x) => {
            v.required(p, "issue", !x.issue.is_empty());
            for (i, is) in x.issue.iter().enumerate() {
                let ip = format!("{p}.issue[{i}]");
                v.required(&ip, "severity", is.severity.is_some());
                v.binding(
                    &ip,
                    "severity",
                    is.severity.as_deref(),
                    &["fatal", "error", "warning", "information"],
                );
                v.required(&ip, "code", is.code.is_some());
            }
        }
        Resource::PractitionerRole(x) => {
            identifiers(v, p, &x.identifier);
            telecoms(v, p, &x.telecom);
            for (i, t) in x.available_time.iter().enumerate() {
                let tp = format!("{p}.availableTime[{i}]");
                for d in &t.days_of_week {
                    v.binding(
                        &tp,
                        "daysOfWeek",
                        Some(d),
                        &["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
                    );
                }
            }
            for (i, n) in x.not_available.iter().enumerate() {
                v.required(
                    &format!("{p}.notAvailable[{i}]"),
                    "description",
                    n.description.is_some(),
                );
            }
        }
        Resource::Medication(x) => {
            identifiers(v, p, &x.identifier);
            v.binding(
                p,
                "status",
                x.status.as_deref(),
                &["active", "inactive", "entered-in-error"],
            );
            for (i, g) in x.ingredient.iter().enumerate() {
                v.required(&format!("{p}.ingredient[{i}]"), "item[x]", g.item.is_some());
            }
        }
        Resource::Account(x) => {
            identifiers(v, p, &x.identifier);
            v.required(p, "status", x.status.is_some());
            v.binding(
                p,
                "status",
                x.status.as_deref(),
                &[
                    "active",
                    "inactive",
                    "entered-in-error",
                    "on-hold",
                    "unknown",
                ],
            );
            for (i, c) in x.coverage.iter().enumerate() {
                v.required(
                    &format!("{p}.coverage[{i}]"),
                    "coverage",
                    c.coverage.is_some(),
                );
            }
            for (i, g) in x.guarantor.iter().enumerate() {
                v.required(&format!("{p}.guarantor[{i}]"), "party", g.party.is_some());
            }
        }
        Resource::DocumentReference(x) => {
            identifiers(v, p, &x.identifier);
            v.required(p, "status", x.status.is_some());
            v.binding(
                p,
                "status",
                x.status.as_deref(),
                &["current", "superseded", "entered-in-error"],
            );
            v.binding(
                p,
                "docStatus",
                x.doc_status.as_deref(),
                &["preliminary", "final", "amended", "entered-in-error"],
            );
            for (i, r) in x.relates_to.iter().enumerate() {
                let rp = format!("{p}.relatesTo[{i}]");
                v.required(&rp, "code", r.code.is_some());
                v.binding(
                    &rp,
                    "code",
                    r.code.as_deref(),
                    &["replaces", "transforms", "signs", "appends"],
                );
                v.required(&rp, "target", r.target.is_some());
            }
            v.required(p, "content", !x.content.is_empty());
            for (i, c) in x.content.iter().enumerate() {
                v.required(
                    &format!("{p}.content[{i}]"),
                    "attachment",
                    c.attachment.is_some(),
                );
            }
        }
        Resource::Consent(x) => {
            identifiers(v, p, &x.identifier);
            v.required(p, "status", x.status.is_some());
            v.binding(
                p,
                "status",
                x.status.as_deref(),
                &[
                    "draft",
                    "proposed",
                    "active",
                    "rejected",
                    "inactive",
                    "entered-in-error",
                ],
            );
            v.required(p, "scope", x.scope.is_some());
            v.required(p, "category", !x.category.is_empty());
            // ppc-1: either a policy or a policyRule.
            if x.policy.is_empty() && x.policy_rule.is_none() {
                v.error(
                    "FHIR_REQUIRED",
                    format!("{p}.policyRule"),
                    "a Consent needs a policy or a policyRule (ppc-1)".into(),
                );
            }
            for (i, ver) in x.verification.iter().enumerate() {
                v.required(
                    &format!("{p}.verification[{i}]"),
                    "verified",
                    ver.verified.is_some(),
                );
            }
            if let Some(pr) = &x.provision {
                consent_provision(v, &format!("{p}.provision"), pr);
            }
        }
        Resource::AuditEvent(x) => {
            v.required(p, "type", x.type_.is_some());
            v.binding(p, "action", x.action.as_deref(), &["C", "R", "U", "D", "E"]);
            v.required(p, "recorded", x.recorded.is_some());
            v.binding(p, "outcome", x.outcome.as_deref(), &["0", "4", "8", "12"]);
            v.required(p, "agent", !x.agent.is_empty());
            for (i, a) in x.agent.iter().enumerate() {
                let ap = format!("{p}.agent[{i}]");
                v.required(&ap, "requestor", a.requestor.is_some());
                if let Some(n) = &a.network {
                    v.binding(
                        &format!("{ap}.network"),
                        "type",
                        n.type_.as_deref(),
                        &["1", "2", "3", "4", "5"],
                    );
                }
            }
            v.required(p, "source", x.source.is_some());
            if let Some(s) = &x.source {
                v.required(&format!("{p}.source"), "observer", s.observer.is_some());
            }
            for (i, e) in x.entity.iter().enumerate() {
                for (j, d) in e.detail.iter().enumerate() {
                    let dp = format!("{p}.entity[{i}].detail[{j}]");
                    v.required(&dp, "type", d.type_.is_some());
                    v.required(&dp, "value[x]", d.value.is_some());
                }
            }
        }
        Resource::Other(_) => {}
    }
}

fn consent_provision(v: &mut V, p: &str, pr: &ConsentProvision) {
    v.binding(p, "type", pr.type_.as_deref(), &["deny", "permit"]);
    for (i, a) in pr.actor.iter().enumerate() {
        let ap = format!("{p}.actor[{i}]");
        v.required(&ap, "role", a.role.is_some());
        v.required(&ap, "reference", a.reference.is_some());
    }
    for (i, d) in pr.data.iter().enumerate() {
        let dp = format!("{p}.data[{i}]");
        v.required(&dp, "meaning", d.meaning.is_some());
        v.binding(
            &dp,
            "meaning",
            d.meaning.as_deref(),
            &["instance", "related", "dependents", "authoredby"],
        );
        v.required(&dp, "reference", d.reference.is_some());
    }
    for (i, sub) in pr.provision.iter().enumerate() {
        consent_provision(v, &format!("{p}.provision[{i}]"), sub);
    }
}

fn bundle_rules(v: &mut V, b: &Bundle, p: &str) {
    v.required(p, "type", b.type_.is_some());
    v.binding(
        p,
        "type",
        b.type_.as_deref(),
        &[
            "document",
            "message",
            "transaction",
            "transaction-response",
            "batch",
            "batch-response",
            "history",
            "searchset",
            "collection",
        ],
    );
    let mut full_urls = HashSet::new();
    let mut local = HashSet::new();
    for e in &b.entry {
        if let Some(r) = &e.resource {
            if let Some(id) = r.id() {
                local.insert(format!("{}/{id}", r.resource_type()));
            }
        }
        if let Some(u) = &e.full_url {
            local.insert(u.clone());
        }
    }
    let batch_like = matches!(b.type_.as_deref(), Some("batch") | Some("transaction"));
    for (i, e) in b.entry.iter().enumerate() {
        let ep = format!("{p}.entry[{i}]");
        if let Some(u) = &e.full_url {
            if !full_urls.insert(u.clone()) {
                v.error(
                    "FHIR_DUPLICATE_FULLURL",
                    format!("{ep}.fullUrl"),
                    format!("{u} appears more than once"),
                );
            }
        }
        if batch_like {
            v.required(&ep, "request", e.request.is_some());
        }
        if let Some(rq) = &e.request {
            let rp = format!("{ep}.request");
            v.required(&rp, "method", rq.method.is_some());
            v.binding(
                &rp,
                "method",
                rq.method.as_deref(),
                &["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH"],
            );
            v.required(&rp, "url", rq.url.is_some());
        }
        if let Some(r) = &e.resource {
            let rp = format!("{ep}.resource.{}", r.resource_type());
            check_into(v, r, &rp);
            let mut refs = Vec::new();
            collect_refs(&to_value(r), &mut refs);
            for target in refs {
                if target.starts_with('#') || target.contains("://") || local.contains(&target) {
                    continue;
                }
                v.out.push(Issue {
                    severity: Severity::Warning,
                    code: "FHIR_UNRESOLVED_REFERENCE".into(),
                    location: rp.clone(),
                    message: format!("reference {target} is not in the bundle"),
                });
            }
        }
    }
}

fn collect_refs(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                match (k.as_str(), x) {
                    ("reference", Value::String(s)) => out.push(s.clone()),
                    ("contained", _) => {}
                    _ => collect_refs(x, out),
                }
            }
        }
        Value::Array(a) => a.iter().for_each(|x| collect_refs(x, out)),
        _ => {}
    }
}

fn check_into(v: &mut V, r: &Resource, path: &str) {
    resource_rules(v, r, path);
    json_rules(v, &to_value(r), path);
}

/// Validates one resource (a Bundle with its entries).
pub fn validate_resource(r: &Resource) -> Vec<Issue> {
    let mut out = Vec::new();
    check_into(&mut V { out: &mut out }, r, r.resource_type());
    out
}

/// Validates a Bundle and every resource in it.
pub fn validate_bundle(b: &Bundle) -> Vec<Issue> {
    let mut out = Vec::new();
    let mut v = V { out: &mut out };
    bundle_rules(&mut v, b, "Bundle");
    let mut header = b.clone();
    header.entry.clear();
    json_rules(&mut v, &to_value(&header), "Bundle");
    out
}

/// True when no finding is an error.
pub fn is_valid(issues: &[Issue]) -> bool {
    issues.iter().all(|i| i.severity != Severity::Error)
}

/// The findings as an OperationOutcome (an `information` issue when there are none).
pub fn to_operation_outcome(issues: &[Issue]) -> OperationOutcome {
    let mut oo = OperationOutcome::default();
    for i in issues {
        oo.issue.push(OperationOutcomeIssue {
            severity: Some(match i.severity {
                Severity::Error => "error".into(),
                Severity::Warning => "warning".into(),
            }),
            code: Some(match i.code.as_str() {
                "FHIR_REQUIRED" => "required".into(),
                "FHIR_BINDING" => "code-invalid".into(),
                "FHIR_UNRESOLVED_REFERENCE" => "not-found".into(),
                "FHIR_DUPLICATE_FULLURL" => "duplicate".into(),
                _ => "structure".into(),
            }),
            diagnostics: Some(format!("{}: {}", i.code, i.message)),
            expression: vec![i.location.clone()],
            ..Default::default()
        });
    }
    if oo.issue.is_empty() {
        oo.issue.push(OperationOutcomeIssue {
            severity: Some("information".into()),
            code: Some("informational".into()),
            diagnostics: Some("no issues".into()),
            ..Default::default()
        });
    }
    oo
}
