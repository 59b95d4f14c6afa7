//! HIPAA Safe Harbor de-identification of FHIR resources (45 CFR 164.514(b)(2)), through
//! `medcore-pii`'s policy, generalizations and tokenizer.
//!
//! Every element that can hold one of the eighteen identifier kinds is found by its FHIR type
//! (HumanName, Address, ContactPoint, Identifier, Attachment, Reference display, Narrative,
//! Annotation) or name, wherever it is (any resource type, contained resources, extensions), and
//! the policy's action for its kind is applied:
//!
//! | kind | elements | Safe Harbor default |
//! |---|---|---|
//! | (A) names | every HumanName, `Reference.display`, mother's maiden name, AuditEvent agent name | removed |
//! | (B) geography | every Address: line, city, district, text, period; `Location.position` | state and country kept, postalCode to ZIP3 (`000` for restricted areas) |
//! | (C) dates | every date, dateTime and instant | year only; a birth date of someone over 89 removed; ages over 89 as `>= 90` |
//! | (D)-(F), (N) | ContactPoint by system (phone, fax, email, url) | removed |
//! | (G)-(M), (R) | Identifier by type (v2 table 0203) or system; `Coverage.subscriberId`, Device serial/UDI, AuditEvent altId | removed |
//! | (O) | `AuditEvent.agent.network.address` | removed |
//! | (P), (Q) | `photo`, Attachment `data` and `url` | removed |
//! | free text | Narrative (`text`), Annotation (`note`) | removed (may hold any identifier) |
//!
//! With [`DeidAction::Tokenize`] (see [`linkable_policy`]) identifier values, names and telecoms
//! are replaced by their `medcore-pii` token instead, so records stay linkable across extracts;
//! note that 164.514(c) does not count a code derived from the identifier as de-identified (use
//! tokens for limited data sets or expert determination). Resource ids (which the converter derives
//! from identifiers) are replaced too: by a keyed id when a tokenizer is given, else by a sequence
//! number, with every reference in the bundle rewritten to match.

use crate::model::{from_value, to_value, Bundle, ReadMode, Resource};
use crate::FhirError;
use medcore_pii::deid::{age_at, zip3};
use medcore_pii::{DeidAction, DeidPolicy, IdentifierKind, PiiType, Tokenizer};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::{BTreeSet, HashMap};

/// What was done to one element.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeidChange {
    /// The element, as a FHIRPath-like path (e.g. `Patient.identifier[0].value`).
    pub path: String,
    /// The Safe Harbor identifier kind it held.
    pub kind: IdentifierKind,
    /// The action applied.
    pub action: DeidAction,
}

/// A de-identified resource and what was changed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Deidentified<T> {
    /// The de-identified resource or bundle.
    pub value: T,
    /// Every element changed, in document order.
    pub changes: Vec<DeidChange>,
}

/// Safe Harbor defaults, except that identifiers (G)-(M), (R), names and telecoms are tokenized
/// (`tenant` keys the tokens) so that records stay linkable. See the module notes on 164.514(c).
pub fn linkable_policy(as_of: &str, tenant: &str) -> DeidPolicy {
    let mut p = DeidPolicy::safe_harbor(as_of);
    p.tenant = tenant.to_string();
    for k in [
        IdentifierKind::Names,
        IdentifierKind::TelephoneNumbers,
        IdentifierKind::FaxNumbers,
        IdentifierKind::EmailAddresses,
        IdentifierKind::SocialSecurityNumbers,
        IdentifierKind::MedicalRecordNumbers,
        IdentifierKind::HealthPlanBeneficiaryNumbers,
        IdentifierKind::AccountNumbers,
        IdentifierKind::CertificateLicenseNumbers,
        IdentifierKind::VehicleIdentifiers,
        IdentifierKind::DeviceIdentifiers,
        IdentifierKind::OtherUniqueIdentifiers,
    ] {
        p.overrides.insert(k, DeidAction::Tokenize);
    }
    p
}

/// The Safe Harbor kind of an Identifier, from its type (v2 table 0203) or system.
pub fn identifier_kind(identifier: &Value) -> IdentifierKind {
    let system = identifier
        .get("system")
        .and_then(Value::as_str)
        .unwrap_or("");
    if system == "http://hl7.org/fhir/sid/us-ssn" {
        return IdentifierKind::SocialSecurityNumbers;
    }
    let code = identifier
        .get("type")
        .and_then(|t| t.get("coding"))
        .and_then(Value::as_array)
        .and_then(|c| c.iter().find_map(|c| c.get("code").and_then(Value::as_str)))
        .unwrap_or("");
    match code {
        "SS" => IdentifierKind::SocialSecurityNumbers,
        "MR" | "MRT" | "PI" | "PT" | "PN" => IdentifierKind::MedicalRecordNumbers,
        "MB" | "MA" | "MC" | "SN" | "MCN" | "MI" => IdentifierKind::HealthPlanBeneficiaryNumbers,
        "AN" | "AM" | "ANC" | "AND" | "ANT" | "BA" | "BC" => IdentifierKind::AccountNumbers,
        "DL" | "DR" | "PPN" | "LN" | "LR" | "MD" | "DEA" | "NPI" | "PRN" | "CZ" | "BCT" | "NP"
        | "RN" => IdentifierKind::CertificateLicenseNumbers,
        "UDI" | "SNO" => IdentifierKind::DeviceIdentifiers,
        _ => IdentifierKind::OtherUniqueIdentifiers,
    }
}

fn pii_type(kind: IdentifierKind) -> PiiType {
    match kind {
        IdentifierKind::Names => PiiType::Name,
        IdentifierKind::TelephoneNumbers | IdentifierKind::FaxNumbers => PiiType::Phone,
        IdentifierKind::EmailAddresses => PiiType::Email,
        IdentifierKind::SocialSecurityNumbers => PiiType::Ssn,
        IdentifierKind::MedicalRecordNumbers => PiiType::Mrn,
        _ => PiiType::Other,
    }
}

fn telecom_kind(system: Option<&str>) -> IdentifierKind {
    match system {
        Some("fax") => IdentifierKind::FaxNumbers,
        Some("email") => IdentifierKind::EmailAddresses,
        Some("url") => IdentifierKind::WebUrls,
        Some("phone") | Some("sms") | Some("pager") => IdentifierKind::TelephoneNumbers,
        _ => IdentifierKind::OtherUniqueIdentifiers,
    }
}

struct Deid<'a> {
    policy: &'a DeidPolicy,
    tokenizer: Option<&'a Tokenizer>,
    changes: Vec<DeidChange>,
}

impl Deid<'_> {
    fn record(&mut self, path: &str, kind: IdentifierKind, action: DeidAction) {
        self.changes.push(DeidChange {
            path: path.to_string(),
            kind,
            action,
        });
    }

    /// The action for `kind`; Tokenize without a tokenizer falls back to the kind's default.
    fn action(&self, kind: IdentifierKind) -> DeidAction {
        match self.policy.action(kind) {
            DeidAction::Tokenize if self.tokenizer.is_none() => kind.default_action(),
            a => a,
        }
    }

    /// The token of a value (as `kind`, falling back to `other` when the value does not normalize
    /// as its kind, e.g. an SSN that is not nine digits).
    fn token(&self, kind: IdentifierKind, value: &str) -> Option<String> {
        let t = self.tokenizer?;
        let tenant = &self.policy.tenant;
        t.tokenize_text(pii_type(kind), tenant, value)
            .or_else(|_| t.tokenize_text(PiiType::Other, tenant, value))
            .ok()
    }

    /// Applies a remove/tokenize action to the string at `obj[key]`; returns false when the whole
    /// element should be removed.
    fn value_field(
        &mut self,
        obj: &mut Map<String, Value>,
        key: &str,
        kind: IdentifierKind,
        path: &str,
    ) -> bool {
        let Some(Value::String(v)) = obj.get(key) else {
            return true;
        };
        match self.action(kind) {
            DeidAction::Keep => true,
            DeidAction::Tokenize => match self.token(kind, v) {
                Some(t) => {
                    obj.insert(key.into(), Value::String(t));
                    obj.remove(&format!("_{key}"));
                    self.record(&format!("{path}.{key}"), kind, DeidAction::Tokenize);
                    true
                }
                None => {
                    self.record(path, kind, DeidAction::Remove);
                    false
                }
            },
            _ => {
                self.record(path, kind, DeidAction::Remove);
                false
            }
        }
    }

    fn identifier(&mut self, id: &mut Value, path: &str) -> bool {
        let kind = identifier_kind(id);
        let Some(obj) = id.as_object_mut() else {
            return false;
        };
        // Period dates, assigner display; the value is handled below.
        let value = obj.remove("value");
        self.object(obj, path);
        let Some(value) = value else {
            return true;
        };
        obj.insert("value".into(), value);
        if !obj.contains_key("value") {
            return true;
        }
        self.value_field(obj, "value", kind, path)
    }

    fn name(&mut self, name: &mut Value, path: &str) -> bool {
        let kind = IdentifierKind::Names;
        match self.action(kind) {
            DeidAction::Keep => true,
            DeidAction::Tokenize => {
                let text = name_text(name);
                match (self.token(kind, &text), name.as_object_mut()) {
                    (Some(t), Some(obj)) => {
                        let use_ = obj.get("use").cloned();
                        obj.clear();
                        if let Some(u) = use_ {
                            obj.insert("use".into(), u);
                        }
                        obj.insert("text".into(), Value::String(t));
                        self.record(&format!("{path}.text"), kind, DeidAction::Tokenize);
                        true
                    }
                    _ => {
                        self.record(path, kind, DeidAction::Remove);
                        false
                    }
                }
            }
            _ => {
                self.record(path, kind, DeidAction::Remove);
                false
            }
        }
    }

    fn telecom(&mut self, cp: &mut Value, path: &str) -> bool {
        let kind = telecom_kind(cp.get("system").and_then(Value::as_str));
        let Some(obj) = cp.as_object_mut() else {
            return false;
        };
        if !obj.contains_key("value") {
            return true;
        }
        self.value_field(obj, "value", kind, path)
    }

    fn address(&mut self, a: &mut Value, path: &str) -> bool {
        let kind = IdentifierKind::GeographicSubdivisions;
        let action = self.action(kind);
        if action == DeidAction::Keep {
            return true;
        }
        let Some(obj) = a.as_object_mut() else {
            return false;
        };
        if action != DeidAction::StateAndZip3 && action != DeidAction::Tokenize {
            self.record(path, kind, DeidAction::Remove);
            return false;
        }
        let mut changed = false;
        for k in [
            "line", "city", "district", "text", "period", "_line", "_city", "_text",
        ] {
            changed |= obj.remove(k).is_some();
        }
        if let Some(Value::String(z)) = obj.get("postalCode").cloned() {
            match zip3(&z) {
                Some(z3) => {
                    obj.insert("postalCode".into(), Value::String(z3));
                }
                None => {
                    obj.remove("postalCode");
                }
            }
            changed = true;
        }
        if changed {
            self.record(path, kind, DeidAction::StateAndZip3);
        }
        // An address left with nothing but its use/type says nothing: removed.
        obj.keys().any(|k| k != "use" && k != "type")
    }

    fn date(&mut self, s: &mut String, path: &str) {
        let kind = IdentifierKind::Dates;
        if looks_like_date(s) && self.action(kind) != DeidAction::Keep {
            s.truncate(4);
            self.record(path, kind, DeidAction::YearOnly);
        }
    }

    /// Walks any element, applying the rules by element name.
    fn walk(&mut self, v: &mut Value, path: &str) {
        match v {
            Value::Object(obj) => self.object(obj, path),
            Value::Array(a) => {
                for (i, x) in a.iter_mut().enumerate() {
                    self.walk(x, &format!("{path}[{i}]"));
                }
            }
            Value::String(s) => self.date(s, path),
            _ => {}
        }
    }

    /// Applies `f` to one element or to each element of a list; `f` returns false to remove it.
    fn list<F>(&mut self, v: &mut Value, path: &str, mut f: F)
    where
        F: FnMut(&mut Self, &mut Value, &str) -> bool,
    {
        match v {
            Value::Array(a) => {
                let mut kept = Vec::with_capacity(a.len());
                for (i, mut x) in std::mem::take(a).into_iter().enumerate() {
                    if f(self, &mut x, &format!("{path}[{i}]")) {
                        kept.push(x);
                    }
                }
                *a = kept;
            }
            other => {
                if !f(self, other, path) {
                    *other = Value::Null;
                }
            }
        }
    }

    fn object(&mut self, obj: &mut Map<String, Value>, path: &str) {
        // Age quantities over 89 (UCUM `a`): grouped as ">= 90".
        let is_age = obj.get("system").and_then(Value::as_str) == Some("http://unitsofmeasure.org")
            && obj.get("code").and_then(Value::as_str) == Some("a");
        if is_age {
            if let Some(age) = obj.get("value").and_then(Value::as_f64) {
                if age > 89.0 && self.action(IdentifierKind::Dates) != DeidAction::Keep {
                    obj.insert("value".into(), Value::from(90));
                    obj.insert("comparator".into(), Value::String(">=".into()));
                    self.record(path, IdentifierKind::Dates, DeidAction::YearOnly);
                }
            }
        }
        // A Reference's display (no code/system: not a Coding) usually names a person.
        let is_reference = obj.contains_key("reference")
            || (obj.contains_key("display")
                && !obj.contains_key("code")
                && !obj.contains_key("system"));
        let attachment = is_attachment(obj);
        // Elements in name order, whatever order the map keeps: tokens, sequence ids and the
        // change list then come out the same in every build.
        let mut keys: Vec<String> = obj.keys().cloned().collect();
        keys.sort_unstable();
        for key in keys {
            let p = format!("{path}.{key}");
            let Some(v) = obj.get_mut(&key) else { continue };
            let remove = match key.as_str() {
                "name" if is_human_name(v) => {
                    self.list(v, &p, |d, x, p| d.name(x, p));
                    is_gone(v)
                }
                "telecom" | "valueContactPoint" => {
                    self.list(v, &p, |d, x, p| d.telecom(x, p));
                    is_gone(v)
                }
                "address" | "valueAddress" => {
                    self.list(v, &p, |d, x, p| d.address(x, p));
                    is_gone(v)
                }
                "identifier"
                | "valueIdentifier"
                | "masterIdentifier"
                | "preAdmissionIdentifier"
                | "accessionIdentifier"
                | "groupIdentifier" => {
                    self.list(v, &p, |d, x, p| d.identifier(x, p));
                    is_gone(v)
                }
                "display" if is_reference => {
                    self.record(&p, IdentifierKind::Names, DeidAction::Remove);
                    true
                }
                "photo" => {
                    self.record(&p, IdentifierKind::FullFacePhotographs, DeidAction::Remove);
                    true
                }
                "text" if v.get("div").is_some() => {
                    self.record(
                        &p,
                        IdentifierKind::OtherUniqueIdentifiers,
                        DeidAction::Remove,
                    );
                    true
                }
                "note" => {
                    self.record(
                        &p,
                        IdentifierKind::OtherUniqueIdentifiers,
                        DeidAction::Remove,
                    );
                    true
                }
                "position" if v.get("latitude").is_some() => {
                    self.record(
                        &p,
                        IdentifierKind::GeographicSubdivisions,
                        DeidAction::Remove,
                    );
                    true
                }
                "subscriberId" | "altId" => {
                    let kind = if key == "altId" {
                        IdentifierKind::OtherUniqueIdentifiers
                    } else {
                        IdentifierKind::HealthPlanBeneficiaryNumbers
                    };
                    !self.value_field(obj, &key, kind, &p)
                }
                "serialNumber" | "udiCarrier" | "lotNumber" if path.contains("Device") => {
                    self.record(&p, IdentifierKind::DeviceIdentifiers, DeidAction::Remove);
                    true
                }
                "network" => {
                    if let Some(n) = v.as_object_mut() {
                        if n.remove("address").is_some() {
                            self.record(
                                &format!("{p}.address"),
                                IdentifierKind::IpAddresses,
                                DeidAction::Remove,
                            );
                        }
                    }
                    false
                }
                "data" | "url" if attachment => {
                    let kind = if key == "url" {
                        IdentifierKind::WebUrls
                    } else {
                        IdentifierKind::BiometricIdentifiers
                    };
                    self.record(&p, kind, DeidAction::Remove);
                    true
                }
                "extension" => {
                    self.extensions(v, &p);
                    is_gone(v)
                }
                "birthDate" => {
                    let over_89 = v
                        .as_str()
                        .and_then(|b| age_at(b, &self.policy.as_of).ok())
                        .is_some_and(|a| a > 89);
                    if over_89 && self.action(IdentifierKind::Dates) != DeidAction::Keep {
                        self.record(&p, IdentifierKind::Dates, DeidAction::Remove);
                        obj.remove("_birthDate");
                        true
                    } else {
                        if let Some(v) = obj.get_mut(&key) {
                            self.walk(v, &p);
                        }
                        false
                    }
                }
                // Extension urls and system uris are not dates or identifiers.
                "url" | "system" | "reference" | "fullUrl" | "id" | "resourceType" => false,
                _ => {
                    if let Some(v) = obj.get_mut(&key) {
                        self.walk(v, &p);
                    }
                    false
                }
            };
            if remove {
                obj.remove(&key);
            }
        }
    }

    fn extensions(&mut self, v: &mut Value, path: &str) {
        if let Value::Array(a) = v {
            let mut out = Vec::with_capacity(a.len());
            for (i, mut x) in std::mem::take(a).into_iter().enumerate() {
                let p = format!("{path}[{i}]");
                let url = x.get("url").and_then(Value::as_str).unwrap_or("");
                if url.ends_with("patient-mothersMaidenName") {
                    self.record(&p, IdentifierKind::Names, DeidAction::Remove);
                    continue;
                }
                self.walk(&mut x, &p);
                out.push(x);
            }
            *a = out;
        }
    }
}

fn is_gone(v: &Value) -> bool {
    v.is_null() || v.as_array().is_some_and(|a| a.is_empty())
}

fn is_human_name(v: &Value) -> bool {
    let obj = |x: &Value| {
        x.as_object().is_some_and(|o| {
            ["family", "given", "text", "prefix", "suffix"]
                .iter()
                .any(|k| o.contains_key(*k))
        })
    };
    match v {
        Value::Array(a) => a.iter().any(obj),
        other => obj(other),
    }
}

fn is_attachment(obj: &Map<String, Value>) -> bool {
    ["contentType", "data", "size", "hash", "creation", "title"]
        .iter()
        .any(|k| obj.contains_key(*k))
        && !obj.contains_key("resourceType")
}

fn name_text(name: &Value) -> String {
    if let Some(t) = name.get("text").and_then(Value::as_str) {
        return t.to_string();
    }
    let mut parts: Vec<&str> = Vec::new();
    if let Some(g) = name.get("given").and_then(Value::as_array) {
        parts.extend(g.iter().filter_map(Value::as_str));
    }
    parts.extend(name.get("family").and_then(Value::as_str));
    parts.join(" ")
}

/// `YYYY-MM[-DD[Thh:mm:ss...]]`: a FHIR date, dateTime or instant with more than a year.
fn looks_like_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 7
        && b.get(..4).is_some_and(|y| y.iter().all(u8::is_ascii_digit))
        && b.get(4) == Some(&b'-')
        && b.get(5..7)
            .is_some_and(|m| m.iter().all(u8::is_ascii_digit))
        && (b.len() == 7 || (b.get(7) == Some(&b'-') && b.len() >= 10))
}

/// New resource ids: keyed hex from the tokenizer (stable across extracts), else a sequence.
struct IdMap<'a> {
    tokenizer: Option<&'a Tokenizer>,
    tenant: &'a str,
    map: HashMap<String, String>,
}

impl IdMap<'_> {
    fn new_id(&mut self, rt: &str, old: &str) -> String {
        let key = format!("{rt}/{old}");
        let n = self.map.len() + 1;
        let tok = self.tokenizer;
        let tenant = self.tenant;
        self.map
            .entry(key.clone())
            .or_insert_with(|| {
                match tok.and_then(|t| t.tokenize(PiiType::Other, tenant, &key).ok()) {
                    Some(t) => t
                        .bytes
                        .iter()
                        .take(16)
                        .map(|b| format!("{b:02x}"))
                        .collect(),
                    None => format!("deid-{n}"),
                }
            })
            .clone()
    }
}

fn deid_value(
    v: &mut Value,
    policy: &DeidPolicy,
    tokenizer: Option<&Tokenizer>,
    path: &str,
) -> Vec<DeidChange> {
    let mut d = Deid {
        policy,
        tokenizer,
        changes: Vec::new(),
    };
    d.walk(v, path);
    d.changes
}

fn back(v: &Value) -> Result<Resource, FhirError> {
    from_value(v, ReadMode::Lenient)
}

/// De-identifies one resource (its id replaced, see the module notes).
pub fn deidentify_resource(
    r: &Resource,
    policy: &DeidPolicy,
    tokenizer: Option<&Tokenizer>,
) -> Result<Deidentified<Resource>, FhirError> {
    let mut ids = IdMap {
        tokenizer,
        tenant: &policy.tenant,
        map: HashMap::new(),
    };
    let mut v = to_value(r);
    let rt = r.resource_type().to_string();
    let changes = deid_value(&mut v, policy, tokenizer, &rt);
    if let Some(old) = r.id() {
        let new = ids.new_id(&rt, old);
        v["id"] = Value::String(new);
    }
    // References to other resources get the ids those resources get when de-identified with
    // the same tokenizer (a sequence number without one).
    let mut found = BTreeSet::new();
    collect_relative_refs(&v, &mut found);
    let refs: HashMap<String, String> = found
        .into_iter()
        .map(|k| {
            let (t, id) = k.split_once('/').unwrap_or(("", &k));
            let new = format!("{t}/{}", ids.new_id(t, id));
            (k.clone(), new)
        })
        .collect();
    rewrite_refs(&mut v, &refs);
    Ok(Deidentified {
        value: back(&v)?,
        changes,
    })
}

/// De-identifies every resource of a bundle; resource ids, `fullUrl`s, request urls and
/// references are rewritten consistently.
pub fn deidentify_bundle(
    b: &Bundle,
    policy: &DeidPolicy,
    tokenizer: Option<&Tokenizer>,
) -> Result<Deidentified<Bundle>, FhirError> {
    let mut ids = IdMap {
        tokenizer,
        tenant: &policy.tenant,
        map: HashMap::new(),
    };
    let mut refs: HashMap<String, String> = HashMap::new();
    for e in &b.entry {
        if let Some(r) = &e.resource {
            if let Some(old) = r.id() {
                let rt = r.resource_type();
                let new = ids.new_id(rt, old);
                refs.insert(format!("{rt}/{old}"), format!("{rt}/{new}"));
                if let Some(u) = &e.full_url {
                    let nu = match u.strip_prefix("urn:uuid:") {
                        Some(_) => format!("urn:uuid:{new}"),
                        None => format!("{rt}/{new}"),
                    };
                    refs.insert(u.clone(), nu);
                }
            }
        }
    }
    let mut out = b.clone();
    let mut changes = Vec::new();
    if let Some(id) = &b.id {
        out.id = Some(ids.new_id("Bundle", id));
    }
    // The bundle's time (an instant: it cannot be cut to a year) and identifier (the message
    // control id) date and identify the transaction: removed.
    if out.timestamp.take().is_some() {
        changes.push(DeidChange {
            path: "Bundle.timestamp".into(),
            kind: IdentifierKind::Dates,
            action: DeidAction::Remove,
        });
    }
    if out.identifier.take().is_some() {
        changes.push(DeidChange {
            path: "Bundle.identifier".into(),
            kind: IdentifierKind::OtherUniqueIdentifiers,
            action: DeidAction::Remove,
        });
    }
    for (i, e) in out.entry.iter_mut().enumerate() {
        let p = format!("Bundle.entry[{i}]");
        if let Some(u) = &e.full_url {
            e.full_url = Some(refs.get(u).cloned().unwrap_or_else(|| u.clone()));
        }
        if let Some(rq) = &mut e.request {
            if let Some(u) = &rq.url {
                rq.url = Some(refs.get(u).cloned().unwrap_or_else(|| u.clone()));
            }
        }
        if let Some(r) = &e.resource {
            let rt = r.resource_type().to_string();
            let mut v = to_value(r);
            changes.extend(deid_value(
                &mut v,
                policy,
                tokenizer,
                &format!("{p}.resource.{rt}"),
            ));
            if let Some(old) = r.id() {
                v["id"] = Value::String(ids.new_id(&rt, old));
            }
            rewrite_refs(&mut v, &refs);
            e.resource = Some(back(&v)?);
        }
    }
    Ok(Deidentified {
        value: out,
        changes,
    })
}

/// Relative references `Type/id` (no contained `#`, no absolute URLs).
fn collect_relative_refs(v: &Value, out: &mut BTreeSet<String>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                match (k.as_str(), x) {
                    ("reference", Value::String(s)) => {
                        let parts: Vec<&str> = s.split('/').collect();
                        if parts.len() == 2 && !parts.iter().any(|p| p.is_empty()) {
                            out.insert(s.clone());
                        }
                    }
                    (_, x) => collect_relative_refs(x, out),
                }
            }
        }
        Value::Array(a) => a.iter().for_each(|x| collect_relative_refs(x, out)),
        _ => {}
    }
}

fn rewrite_refs(v: &mut Value, refs: &HashMap<String, String>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m.iter_mut() {
                match (k.as_str(), x) {
                    ("reference", Value::String(s)) => {
                        if let Some(n) = refs.get(s.as_str()) {
                            *s = n.clone();
                        }
                    }
                    (_, x) => rewrite_refs(x, refs),
                }
            }
        }
        Value::Array(a) => a.iter_mut().for_each(|x| rewrite_refs(x, refs)),
        _ => {}
    }
}
