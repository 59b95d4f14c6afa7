//! Obligation-driven masking of FHIR resources: applies the MASK and REDACT obligations of a
//! `medcore-authz` decision to a resource, with `medcore-pii`'s masking functions.
//!
//! An obligation names a field of the authorization model; this module maps it to FHIR elements:
//!
//! | field | FHIR elements |
//! |---|---|
//! | `ssn` | `identifier` entries with the us-ssn system or type `SS`, their `value` |
//! | `mrn` | `identifier` entries of type `MR` (also `MRT`, `PI`, `PT`), their `value` |
//! | `identifier` | every `identifier` entry's `value` |
//! | `name` | every HumanName in `name` (masked to initials in `text`) |
//! | `dob` | `birthDate` |
//! | `phone` / `email` | `telecom` entries of system phone, fax, sms, pager / email, their `value` |
//! | `telecom` | every `telecom` entry's `value` |
//! | `address` | every Address in `address` (masked to city and state in `text`) |
//! | `zip` | `address[*].postalCode` |
//! | `notes` | `note` |
//! | any other name | the top-level element of that JSON name (e.g. `photo`, `maritalStatus`) |
//!
//! MASK replaces each named value by `medcore_pii::mask(kind, value)` (the obligation's kind;
//! never the input); REDACT removes the named elements. Nothing else in the resource changes.

use crate::model::{from_value, to_value, Bundle, ReadMode, Resource};
use crate::FhirError;
use medcore_authz::{Decision, Obligation};
use medcore_pii::{mask, PiiType};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// One element changed by an obligation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MaskChange {
    /// The element, e.g. `Patient.identifier[1].value`.
    pub path: String,
    /// The obligation code: `MASK` or `REDACT`.
    pub obligation: String,
    /// The obligation's field.
    pub field: String,
}

/// A masked resource and what was changed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Masked<T> {
    /// The masked resource or bundle.
    pub value: T,
    /// Every element changed.
    pub changes: Vec<MaskChange>,
}

/// The pii type a MASK kind (`medcore_authz::MASK_KINDS`) masks as.
pub fn mask_kind(kind: &str) -> PiiType {
    match kind {
        "ssn" => PiiType::Ssn,
        "mrn" => PiiType::Mrn,
        "name" => PiiType::Name,
        "dob" => PiiType::Dob,
        "phone" => PiiType::Phone,
        "email" => PiiType::Email,
        "address" => PiiType::Address,
        "zip" => PiiType::Postcode,
        _ => PiiType::Other,
    }
}

enum Op {
    Mask(PiiType),
    Redact,
}

struct Ctx<'a> {
    field: &'a str,
    code: &'static str,
    changes: Vec<MaskChange>,
}

impl Ctx<'_> {
    fn record(&mut self, path: String) {
        self.changes.push(MaskChange {
            path,
            obligation: self.code.to_string(),
            field: self.field.to_string(),
        });
    }
}

fn type_code(id: &Value) -> &str {
    id.get("type")
        .and_then(|t| t.get("coding"))
        .and_then(Value::as_array)
        .and_then(|c| c.iter().find_map(|c| c.get("code").and_then(Value::as_str)))
        .unwrap_or("")
}

fn is_ssn(id: &Value) -> bool {
    id.get("system").and_then(Value::as_str) == Some("http://hl7.org/fhir/sid/us-ssn")
        || type_code(id) == "SS"
}

fn is_mrn(id: &Value) -> bool {
    matches!(type_code(id), "MR" | "MRT" | "PI" | "PT")
}

fn telecom_system(cp: &Value) -> &str {
    cp.get("system").and_then(Value::as_str).unwrap_or("")
}

/// Applies `op` to the `value` of each entry of the array `obj[key]` that `select` accepts.
fn values_of(
    obj: &mut Map<String, Value>,
    key: &str,
    root: &str,
    op: &Op,
    ctx: &mut Ctx,
    select: &dyn Fn(&Value) -> bool,
) {
    let Some(Value::Array(a)) = obj.get_mut(key) else {
        return;
    };
    let mut kept = Vec::with_capacity(a.len());
    for (i, mut x) in std::mem::take(a).into_iter().enumerate() {
        if !select(&x) {
            kept.push(x);
            continue;
        }
        match op {
            Op::Redact => {
                ctx.record(format!("{root}.{key}[{i}]"));
                continue;
            }
            Op::Mask(t) => {
                if let Some(Value::String(v)) = x.get("value") {
                    let m = mask(*t, v);
                    x["value"] = Value::String(m);
                    if let Some(o) = x.as_object_mut() {
                        o.remove("_value");
                    }
                    ctx.record(format!("{root}.{key}[{i}].value"));
                }
            }
        }
        kept.push(x);
    }
    if kept.is_empty() {
        obj.remove(key);
    } else {
        obj.insert(key.to_string(), Value::Array(kept));
    }
}

/// Replaces each entry of `obj[key]` (HumanName or Address) with `{use, type, text: mask(...)}`.
fn whole_entries(
    obj: &mut Map<String, Value>,
    key: &str,
    root: &str,
    op: &Op,
    ctx: &mut Ctx,
    text_of: &dyn Fn(&Value) -> String,
) {
    let Some(v) = obj.get_mut(key) else { return };
    match op {
        Op::Redact => {
            obj.remove(key);
            ctx.record(format!("{root}.{key}"));
        }
        Op::Mask(t) => {
            let entries: Vec<&mut Value> = match v {
                Value::Array(a) => a.iter_mut().collect(),
                other => vec![other],
            };
            for (i, e) in entries.into_iter().enumerate() {
                let text = text_of(e);
                let Some(o) = e.as_object_mut() else { continue };
                o.retain(|k, _| k == "use" || k == "type");
                o.insert("text".into(), Value::String(mask(*t, &text)));
                ctx.record(format!("{root}.{key}[{i}]"));
            }
        }
    }
}

fn name_text(n: &Value) -> String {
    if let Some(t) = n.get("text").and_then(Value::as_str) {
        return t.to_string();
    }
    let mut parts: Vec<String> = Vec::new();
    if let Some(g) = n.get("given").and_then(Value::as_array) {
        parts.extend(g.iter().filter_map(Value::as_str).map(str::to_string));
    }
    parts.extend(n.get("family").and_then(Value::as_str).map(str::to_string));
    parts.join(" ")
}

fn address_text(a: &Value) -> String {
    if let Some(t) = a.get("text").and_then(Value::as_str) {
        return t.to_string();
    }
    let s = |k: &str| a.get(k).and_then(Value::as_str).unwrap_or("").to_string();
    let lines: Vec<String> = a
        .get("line")
        .and_then(Value::as_array)
        .map(|l| {
            l.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    format!(
        "{}, {}, {} {}",
        lines.join(" "),
        s("city"),
        s("state"),
        s("postalCode")
    )
}

fn apply_one(obj: &mut Map<String, Value>, root: &str, field: &str, op: &Op, ctx: &mut Ctx) {
    match field {
        "ssn" => values_of(obj, "identifier", root, op, ctx, &is_ssn),
        "mrn" => values_of(obj, "identifier", root, op, ctx, &is_mrn),
        "identifier" => values_of(obj, "identifier", root, op, ctx, &|_| true),
        "phone" => values_of(obj, "telecom", root, op, ctx, &|c| {
            matches!(telecom_system(c), "phone" | "fax" | "sms" | "pager")
        }),
        "email" => values_of(obj, "telecom", root, op, ctx, &|c| {
            telecom_system(c) == "email"
        }),
        "telecom" => values_of(obj, "telecom", root, op, ctx, &|_| true),
        "name" if obj.get("name").is_some_and(|n| !n.is_string()) => {
            whole_entries(obj, "name", root, op, ctx, &name_text)
        }
        "address" => whole_entries(obj, "address", root, op, ctx, &address_text),
        "zip" => {
            let entries: Vec<&mut Value> = match obj.get_mut("address") {
                Some(Value::Array(a)) => a.iter_mut().collect(),
                Some(other) => vec![other],
                None => vec![],
            };
            let mut paths = Vec::new();
            for (i, a) in entries.into_iter().enumerate() {
                let Some(o) = a.as_object_mut() else { continue };
                let Some(Value::String(z)) = o.get("postalCode").cloned() else {
                    continue;
                };
                match op {
                    Op::Redact => {
                        o.remove("postalCode");
                    }
                    Op::Mask(t) => {
                        o.insert("postalCode".into(), Value::String(mask(*t, &z)));
                    }
                }
                paths.push(format!("{root}.address[{i}].postalCode"));
            }
            for p in paths {
                ctx.record(p);
            }
        }
        "dob" => element(obj, "birthDate", root, op, ctx),
        "notes" => element(obj, "note", root, op, ctx),
        other => element(obj, &crate::model::json_name(other), root, op, ctx),
    }
}

/// A top-level element: removed (REDACT) or its string leaves masked (MASK).
fn element(obj: &mut Map<String, Value>, key: &str, root: &str, op: &Op, ctx: &mut Ctx) {
    if !obj.contains_key(key) {
        return;
    }
    match op {
        Op::Redact => {
            obj.remove(key);
            obj.remove(&format!("_{key}"));
            ctx.record(format!("{root}.{key}"));
        }
        Op::Mask(t) => {
            if let Some(v) = obj.get_mut(key) {
                mask_leaves(v, *t);
                ctx.record(format!("{root}.{key}"));
            }
        }
    }
}

fn mask_leaves(v: &mut Value, t: PiiType) {
    match v {
        Value::String(s) => *s = mask(t, s),
        Value::Array(a) => a.iter_mut().for_each(|x| mask_leaves(x, t)),
        Value::Object(o) => {
            for (k, x) in o.iter_mut() {
                // Code system URIs and codes are not identifiers.
                if !matches!(k.as_str(), "system" | "code" | "url" | "use") {
                    mask_leaves(x, t);
                }
            }
        }
        _ => {}
    }
}

fn apply_value(v: &mut Value, root: &str, obligations: &[Obligation]) -> Vec<MaskChange> {
    let mut changes = Vec::new();
    let Some(obj) = v.as_object_mut() else {
        return changes;
    };
    for o in obligations {
        let (field, op, code) = match o {
            Obligation::Mask { field, kind } => (field, Op::Mask(mask_kind(kind)), "MASK"),
            Obligation::Redact { field } => (field, Op::Redact, "REDACT"),
            _ => continue,
        };
        let mut ctx = Ctx {
            field,
            code,
            changes: Vec::new(),
        };
        apply_one(obj, root, field, &op, &mut ctx);
        changes.extend(ctx.changes);
    }
    changes
}

/// Applies the MASK and REDACT obligations to one resource.
pub fn apply_obligations(
    r: &Resource,
    obligations: &[Obligation],
) -> Result<Masked<Resource>, FhirError> {
    let mut v = to_value(r);
    let changes = apply_value(&mut v, r.resource_type(), obligations);
    Ok(Masked {
        value: from_value(&v, ReadMode::Lenient)?,
        changes,
    })
}

/// Applies a decision's MASK and REDACT obligations to one resource.
pub fn apply_decision(r: &Resource, decision: &Decision) -> Result<Masked<Resource>, FhirError> {
    apply_obligations(r, &decision.obligations)
}

/// Applies the MASK and REDACT obligations to every resource of a bundle.
pub fn apply_obligations_bundle(
    b: &Bundle,
    obligations: &[Obligation],
) -> Result<Masked<Bundle>, FhirError> {
    let mut out = b.clone();
    let mut changes = Vec::new();
    for (i, e) in out.entry.iter_mut().enumerate() {
        if let Some(r) = &e.resource {
            let mut v = to_value(r);
            let root = format!("Bundle.entry[{i}].resource.{}", r.resource_type());
            changes.extend(apply_value(&mut v, &root, obligations));
            e.resource = Some(from_value(&v, ReadMode::Lenient)?);
        }
    }
    Ok(Masked {
        value: out,
        changes,
    })
}
