//! FHIR R4 back to HL7 v2: Patient to PID, Encounter to PV1, Observation to OBX.
//!
//! Each function inverts the corresponding v2 to FHIR map of [`crate::convert`] (the IG's
//! segment, data type and concept maps), so a v2 message converted to FHIR and back gives the same
//! values in the mapped fields. Where the forward map merges or generalizes, the reverse cannot
//! restore what was sent; those fields are listed in `tests/to_v2.rs` with the reason. Segments
//! are written with the standard delimiters (`|^~\&`), values escaped.

use crate::convert::tables::{system_name, v2_code};
use crate::model::*;
use medcore_hl7::Delimiters;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

const V2_0203: &str = "http://terminology.hl7.org/CodeSystem/v2-0203";
const US_SSN: &str = "http://hl7.org/fhir/sid/us-ssn";
const BIRTH_TIME: &str = "http://hl7.org/fhir/StructureDefinition/patient-birthTime";
const MAIDEN_NAME: &str = "http://hl7.org/fhir/StructureDefinition/patient-mothersMaidenName";
const BIRTH_PLACE: &str = "http://hl7.org/fhir/StructureDefinition/patient-birthPlace";
const RELIGION: &str = "http://hl7.org/fhir/StructureDefinition/patient-religion";
const DATA_ABSENT: &str = "http://hl7.org/fhir/StructureDefinition/data-absent-reason";

/// The v2 segments made from a Bundle: its first Patient, first Encounter and every Observation.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct V2Segments {
    /// PID from the first Patient.
    pub pid: Option<String>,
    /// PV1 from the first Encounter.
    pub pv1: Option<String>,
    /// OBX from each Observation, in bundle order, numbered from 1.
    pub obx: Vec<String>,
}

impl V2Segments {
    /// The segments joined with the v2 segment terminator (`\r`).
    pub fn to_text(&self) -> String {
        let mut out: Vec<&str> = Vec::new();
        out.extend(self.pid.as_deref());
        out.extend(self.pv1.as_deref());
        out.extend(self.obx.iter().map(String::as_str));
        out.join("\r")
    }
}

/// Resources of a Bundle by reference (`Type/id` and `fullUrl`), for resolving participants,
/// performers and locations.
struct Lookup<'b> {
    by_ref: HashMap<String, &'b Resource>,
}

impl<'b> Lookup<'b> {
    fn new(bundle: Option<&'b Bundle>) -> Self {
        let mut by_ref = HashMap::new();
        for e in bundle.into_iter().flat_map(|b| &b.entry) {
            let Some(r) = &e.resource else { continue };
            if let Some(id) = r.id() {
                by_ref.insert(format!("{}/{id}", r.resource_type()), r);
            }
            if let Some(u) = &e.full_url {
                by_ref.insert(u.clone(), r);
            }
        }
        Lookup { by_ref }
    }

    fn get(&self, r: Option<&Reference>) -> Option<&'b Resource> {
        r.and_then(|r| r.reference.as_deref())
            .and_then(|k| self.by_ref.get(k).copied())
    }
}

/// A segment under construction: fields 1.. as already-encoded text.
struct Seg {
    id: &'static str,
    fields: Vec<String>,
}

impl Seg {
    fn new(id: &'static str) -> Self {
        Seg {
            id,
            fields: Vec::new(),
        }
    }

    fn set(&mut self, n: usize, value: String) {
        if value.is_empty() || n == 0 {
            return;
        }
        if self.fields.len() < n {
            self.fields.resize(n, String::new());
        }
        if let Some(f) = self.fields.get_mut(n - 1) {
            *f = value;
        }
    }

    fn finish(self) -> String {
        let mut s = self.id.to_string();
        for f in self.fields {
            s.push('|');
            s.push_str(&f);
        }
        s
    }
}

/// Escapes a value for the standard delimiters.
fn esc(s: &str) -> String {
    let d = Delimiters::default();
    medcore_hl7::escape::encode(s, &d)
        .map(|c| c.into_owned())
        .unwrap_or_else(|_| s.to_string())
}

/// Joins already-encoded parts with `sep`, leaving out trailing empty ones.
fn join(parts: &[String], sep: char) -> String {
    let end = parts
        .iter()
        .rposition(|p| !p.is_empty())
        .map_or(0, |i| i + 1);
    parts[..end].join(&sep.to_string())
}

/// Components from plain values (escaped), trailing empties left out.
fn comps(values: &[Option<&str>]) -> String {
    let parts: Vec<String> = values
        .iter()
        .map(|v| v.map(esc).unwrap_or_default())
        .collect();
    join(&parts, '^')
}

fn reps(values: Vec<String>) -> String {
    join(&values, '~')
}

/// FHIR `date`/`dateTime`/`instant` to v2 DTM (`2008-08-25T15:31:30+05:30` ->
/// `20080825153130+0530`, `Z` -> `+0000`).
pub fn dtm(value: &str) -> String {
    let (main, zone) = match value.find('T') {
        Some(t) => {
            let time = &value[t..];
            match time.find(['+', '-', 'Z']) {
                Some(z) => (&value[..t + z], Some(&value[t + z..])),
                None => (value, None),
            }
        }
        None => (value, None),
    };
    let mut out: String = main
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    match zone {
        Some("Z") => out.push_str("+0000"),
        Some(z) => out.extend(z.chars().filter(|c| *c != ':')),
        None => {}
    }
    out
}

/// A v2 table code: the IG concept map's inverse, else the FHIR code itself.
fn table_code<'a>(map: &str, code: &'a str) -> &'a str {
    v2_code(map, code).unwrap_or(code)
}

/// CodeableConcept to CWE: coding 1 in components 1-3 (+7), coding 2 in 4-6 (+8), text in 9; a
/// text-only concept goes to component 2.
pub fn cwe(cc: &CodeableConcept) -> String {
    let codings: Vec<&Coding> = cc.coding.iter().take(2).collect();
    if codings.is_empty() {
        return comps(&[None, cc.text.as_deref()]);
    }
    let sys = |c: &Coding| c.system.as_deref().and_then(system_name);
    let s1 = codings.first().and_then(|c| sys(c));
    let s2 = codings.get(1).and_then(|c| sys(c));
    let c1 = codings.first();
    let c2 = codings.get(1);
    comps(&[
        c1.and_then(|c| c.code.as_deref()),
        c1.and_then(|c| c.display.as_deref()),
        s1.as_deref(),
        c2.and_then(|c| c.code.as_deref()),
        c2.and_then(|c| c.display.as_deref()),
        s2.as_deref(),
        c1.and_then(|c| c.version.as_deref()),
        c2.and_then(|c| c.version.as_deref()),
        cc.text.as_deref(),
    ])
}

/// A concept mapped by an IG concept map: its first coding's code through the inverse map.
fn mapped(map: &str, cc: &CodeableConcept) -> String {
    match cc.coding.first().and_then(|c| c.code.as_deref()) {
        Some(code) if v2_code(map, code).is_some() => comps(&[v2_code(map, code)]),
        _ => cwe(cc),
    }
}

/// HD from an identifier system: `urn:oid:` -> `^oid^ISO`, `urn:uuid:` -> `^uuid^UUID`,
/// `urn:id:NS` -> `NS`, any other URI as the namespace. Returns subcomponents joined with `&`.
fn hd_sub(system: Option<&str>) -> String {
    let parts: Vec<String> = match system {
        None => vec![],
        Some(s) => {
            if let Some(oid) = s.strip_prefix("urn:oid:") {
                vec![String::new(), esc(oid), "ISO".into()]
            } else if let Some(u) = s.strip_prefix("urn:uuid:") {
                vec![String::new(), esc(u), "UUID".into()]
            } else if let Some(ns) = s.strip_prefix("urn:id:") {
                vec![esc(ns)]
            } else {
                vec![esc(s)]
            }
        }
    };
    join(&parts, '&')
}

fn type_code(id: &Identifier) -> Option<&str> {
    id.type_
        .as_ref()
        .and_then(|t| {
            t.coding
                .iter()
                .find(|c| c.system.as_deref() == Some(V2_0203))
        })
        .and_then(|c| c.code.as_deref())
}

/// Identifier to CX: value ^^^ assigning authority ^ type ^^ start ^ end.
pub fn cx(id: &Identifier) -> String {
    let start = id.period.as_ref().and_then(|p| p.start.as_deref()).map(dtm);
    let end = id.period.as_ref().and_then(|p| p.end.as_deref()).map(dtm);
    let parts = vec![
        id.value.as_deref().map(esc).unwrap_or_default(),
        String::new(),
        String::new(),
        hd_sub(id.system.as_deref()),
        type_code(id).map(esc).unwrap_or_default(),
        String::new(),
        start.unwrap_or_default(),
        end.unwrap_or_default(),
    ];
    join(&parts, '^')
}

/// The name parts of XPN (from component 1) or XCN (from component 2).
fn name_parts(n: &HumanName) -> Vec<String> {
    let given = n.given.first().map(|g| esc(g)).unwrap_or_default();
    let middle = n
        .given
        .iter()
        .skip(1)
        .map(|g| esc(g))
        .collect::<Vec<_>>()
        .join(" ");
    vec![
        n.family.as_deref().map(esc).unwrap_or_default(),
        given,
        middle,
        n.suffix.first().map(|s| esc(s)).unwrap_or_default(),
        n.prefix.first().map(|s| esc(s)).unwrap_or_default(),
    ]
}

/// HumanName to XPN: family ^ given ^ middle names ^ suffix ^ prefix ^ degree ^ name type, with
/// the period in 12/13 and a nickname in 15.
pub fn xpn(n: &HumanName, nickname: Option<&str>) -> String {
    let mut parts = name_parts(n);
    parts.push(n.suffix.get(1).map(|s| esc(s)).unwrap_or_default());
    parts.push(
        n.use_
            .as_deref()
            .and_then(|u| v2_code("NameType", u))
            .map(esc)
            .unwrap_or_default(),
    );
    parts.resize(15, String::new());
    if let Some(p) = &n.period {
        parts[11] = p.start.as_deref().map(dtm).unwrap_or_default();
        parts[12] = p.end.as_deref().map(dtm).unwrap_or_default();
    }
    parts[13] = n.suffix.get(2).map(|s| esc(s)).unwrap_or_default();
    parts[14] = nickname.map(esc).unwrap_or_default();
    join(&parts, '^')
}

/// Address to XAD: street ^ other designation ^ city ^ state ^ zip ^ country ^ type ^^ county,
/// the period in 12. Lines after the second are joined to the second with `, `.
pub fn xad(a: &Address) -> String {
    let kind = a
        .use_
        .as_deref()
        .and_then(|u| v2_code("AddressType[Use]", u))
        .or_else(|| {
            a.type_
                .as_deref()
                .and_then(|t| v2_code("AddressType[Type]", t))
        });
    let other = (a.line.len() > 1).then(|| a.line[1..].join(", "));
    let mut parts: Vec<String> = [
        a.line.first().map(String::as_str),
        other.as_deref(),
        a.city.as_deref(),
        a.state.as_deref(),
        a.postal_code.as_deref(),
        a.country.as_deref(),
        kind,
        None,
        a.district.as_deref(),
    ]
    .iter()
    .map(|v| v.map(esc).unwrap_or_default())
    .collect();
    if let Some(p) = &a.period {
        parts.resize(12, String::new());
        let range = [
            p.start.as_deref().map(dtm).unwrap_or_default(),
            p.end.as_deref().map(dtm).unwrap_or_default(),
        ];
        parts[11] = join(&range, '&');
    }
    join(&parts, '^')
}

/// ContactPoint to XTN: a phone number in 1, an email address in 4 (equipment `Internet`), use
/// (table 0201) in 2, equipment (table 0202) in 3, period in 13/14, rank in 18.
pub fn xtn(c: &ContactPoint) -> String {
    let value = c.value.as_deref().map(esc).unwrap_or_default();
    let email = c.system.as_deref() == Some("email");
    let mobile = c.use_.as_deref() == Some("mobile");
    let equip = match (c.system.as_deref(), mobile) {
        (Some("email"), _) => "Internet",
        (Some("phone"), true) => "CP",
        (Some(s), _) => v2_code("TelecommunicationEquipmentType", s).unwrap_or(""),
        (None, _) => "",
    };
    let use_code = c
        .use_
        .as_deref()
        .filter(|_| !mobile)
        .and_then(|u| v2_code("TelecommunicationUseCode", u))
        .unwrap_or("");
    let mut parts = vec![String::new(); 18];
    if email {
        parts[3] = value;
    } else {
        parts[0] = value;
    }
    parts[1] = use_code.to_string();
    parts[2] = equip.to_string();
    if let Some(p) = &c.period {
        parts[12] = p.start.as_deref().map(dtm).unwrap_or_default();
        parts[13] = p.end.as_deref().map(dtm).unwrap_or_default();
    }
    parts[17] = c.rank.map(|r| r.to_string()).unwrap_or_default();
    join(&parts, '^')
}

/// Practitioner (resolved in the bundle) to XCN: id ^ name parts ^^^ authority ^^^^ type.
fn xcn(p: &Practitioner) -> String {
    let id = p.identifier.first();
    let mut parts = vec![id
        .and_then(|i| i.value.as_deref())
        .map(esc)
        .unwrap_or_default()];
    if let Some(n) = p.name.first() {
        parts.extend(name_parts(n));
    }
    parts.resize(13, String::new());
    if let Some(i) = id {
        parts[8] = hd_sub(i.system.as_deref());
        parts[12] = type_code(i).map(esc).unwrap_or_default();
    }
    join(&parts, '^')
}

fn ext_value<'a>(ext: &'a [Extension], url: &str) -> Option<&'a ExtensionValue> {
    ext.iter()
        .find(|e| e.url == url)
        .and_then(|e| e.value.as_ref())
}

fn is_type(id: &Identifier, code: &str) -> bool {
    type_code(id) == Some(code)
}

/// Patient to PID (set id 1).
///
/// PID-3 takes every identifier except the SSN (the one with the `us-ssn` system, PID-19) and the
/// driver's licence (type DL, PID-20); PID-5 every
/// name (a `nickname` name with only a given name becomes XPN.15 of the first name); PID-13 the
/// telecoms not of `work` use, PID-14 the `work` ones.
pub fn patient_to_pid(p: &Patient) -> String {
    let mut s = Seg::new("PID");
    s.set(1, "1".into());
    // PID-19 converts with the us-ssn system; an SS-typed identifier without it came from PID-3.
    let ssn = p
        .identifier
        .iter()
        .find(|i| i.system.as_deref() == Some(US_SSN));
    let dl = p.identifier.iter().find(|i| is_type(i, "DL"));
    let ids: Vec<String> = p
        .identifier
        .iter()
        .filter(|i| Some(*i) != ssn && Some(*i) != dl)
        .map(cx)
        .collect();
    s.set(3, reps(ids));
    let nickname = p
        .name
        .iter()
        .find(|n| n.use_.as_deref() == Some("nickname") && n.family.is_none());
    let names: Vec<String> = p
        .name
        .iter()
        .filter(|n| Some(*n) != nickname)
        .enumerate()
        .map(|(i, n)| {
            let nick = if i == 0 {
                nickname.and_then(|n| n.given.first()).map(String::as_str)
            } else {
                None
            };
            xpn(n, nick)
        })
        .collect();
    s.set(5, reps(names));
    if let Some(ExtensionValue::String(m)) = ext_value(&p.extension, MAIDEN_NAME) {
        s.set(6, esc(m));
    }
    let birth_time = p
        .extra
        .get("_birthDate")
        .and_then(|v| v.get("extension"))
        .and_then(|v| v.as_array())
        .and_then(|a| {
            a.iter()
                .find(|e| e.get("url").and_then(|u| u.as_str()) == Some(BIRTH_TIME))
        })
        .and_then(|e| e.get("valueDateTime"))
        .and_then(|v| v.as_str());
    if let Some(b) = birth_time.or(p.birth_date.as_deref()) {
        s.set(7, dtm(b));
    }
    if let Some(g) = &p.gender {
        s.set(8, esc(table_code("AdministrativeSex", g)));
    }
    s.set(11, reps(p.address.iter().map(xad).collect()));
    let (work, home): (Vec<&ContactPoint>, Vec<&ContactPoint>) = p
        .telecom
        .iter()
        .partition(|c| c.use_.as_deref() == Some("work"));
    s.set(13, reps(home.into_iter().map(xtn).collect()));
    s.set(14, reps(work.into_iter().map(xtn).collect()));
    s.set(
        15,
        reps(
            p.communication
                .iter()
                .filter_map(|c| c.language.as_ref().map(cwe))
                .collect(),
        ),
    );
    if let Some(m) = &p.marital_status {
        s.set(16, mapped("MaritalStatus", m));
    }
    if let Some(ExtensionValue::CodeableConcept(r)) = ext_value(&p.extension, RELIGION) {
        s.set(17, mapped("Religion", r));
    }
    if let Some(v) = ssn.and_then(|i| i.value.as_deref()) {
        s.set(19, esc(v));
    }
    if let Some(d) = dl {
        let end = d.period.as_ref().and_then(|p| p.end.as_deref()).map(dtm);
        let parts = [
            d.value.as_deref().map(esc).unwrap_or_default(),
            String::new(),
            end.unwrap_or_default(),
        ];
        s.set(20, join(&parts, '^'));
    }
    if let Some(ExtensionValue::Address(a)) = ext_value(&p.extension, BIRTH_PLACE) {
        s.set(23, a.text.as_deref().map(esc).unwrap_or_default());
    }
    match &p.multiple_birth {
        Some(PatientMultipleBirth::Integer(n)) => {
            s.set(24, "Y".into());
            s.set(25, n.to_string());
        }
        Some(PatientMultipleBirth::Boolean(b)) => s.set(24, if *b { "Y" } else { "N" }.into()),
        None => {}
    }
    match &p.deceased {
        Some(PatientDeceased::DateTime(d)) => {
            s.set(29, dtm(d));
            s.set(30, "Y".into());
        }
        Some(PatientDeceased::Boolean(b)) => s.set(30, if *b { "Y" } else { "N" }.into()),
        None => {}
    }
    s.finish()
}

/// Encounter to PV1 (set id 1); participants and locations are resolved in `bundle` when given.
///
/// PV1-3 is written from the Location's name (the forward map joins point of care, room and bed
/// with spaces into one name) and description.
pub fn encounter_to_pv1(e: &Encounter, bundle: Option<&Bundle>) -> String {
    let lookup = Lookup::new(bundle);
    let mut s = Seg::new("PV1");
    s.set(1, "1".into());
    if let Some(c) = &e.class_ {
        let unknown =
            c.system.as_deref() == Some("http://terminology.hl7.org/CodeSystem/v3-NullFlavor");
        if let (Some(code), false) = (c.code.as_deref(), unknown) {
            s.set(2, esc(table_code("PatientClass[EncounterClass]", code)));
        }
    }
    if let Some(Resource::Location(l)) = e
        .location
        .first()
        .and_then(|l| lookup.get(l.location.as_ref()))
    {
        let mut parts = vec![String::new(); 9];
        parts[0] = l.name.as_deref().map(esc).unwrap_or_default();
        parts[8] = l.description.as_deref().map(esc).unwrap_or_default();
        s.set(3, join(&parts, '^'));
    }
    if let Some(t) = e.type_.first() {
        s.set(4, mapped("AdmissionType", t));
    }
    let hosp = e.hospitalization.as_ref();
    if let Some(i) = hosp.and_then(|h| h.pre_admission_identifier.as_ref()) {
        s.set(5, cx(i));
    }
    for (n, role) in [(7, "ATND"), (8, "REF"), (9, "CON"), (17, "ADM")] {
        let xcns: Vec<String> = e
            .participant
            .iter()
            .filter(|p| {
                p.type_
                    .iter()
                    .flat_map(|t| &t.coding)
                    .any(|c| c.code.as_deref() == Some(role))
            })
            .filter_map(|p| match lookup.get(p.individual.as_ref()) {
                Some(Resource::Practitioner(pr)) => Some(xcn(pr)),
                _ => None,
            })
            .collect();
        s.set(n, reps(xcns));
    }
    if let Some(st) = &e.service_type {
        s.set(10, cwe(st));
    }
    if let Some(h) = hosp {
        s.set(13, h.re_admission.as_ref().map(cwe).unwrap_or_default());
        s.set(14, h.admit_source.as_ref().map(cwe).unwrap_or_default());
        s.set(
            36,
            h.discharge_disposition
                .as_ref()
                .map(cwe)
                .unwrap_or_default(),
        );
        s.set(38, reps(h.diet_preference.iter().map(cwe).collect()));
    }
    let visits: Vec<String> = e
        .identifier
        .iter()
        .map(|i| {
            // VN is the type the forward map gives a visit number that had none.
            let mut i = i.clone();
            if is_type(&i, "VN") {
                i.type_ = None;
            }
            cx(&i)
        })
        .collect();
    s.set(19, reps(visits));
    if let Some(p) = &e.period {
        s.set(44, p.start.as_deref().map(dtm).unwrap_or_default());
        s.set(45, p.end.as_deref().map(dtm).unwrap_or_default());
    }
    s.finish()
}

fn number(n: &Decimal) -> String {
    n.to_string()
}

/// OBX-6 from a quantity's code, unit and system.
fn units(q: &Quantity) -> String {
    let unit = q.unit.as_deref().filter(|u| Some(*u) != q.code.as_deref());
    let sys = q.system.as_deref().and_then(system_name);
    comps(&[
        q.code.as_deref().or(unit),
        unit.filter(|_| q.code.is_some()),
        sys.as_deref(),
    ])
}

/// Observation to OBX with set id `set_id`; performers are resolved in `bundle` when given.
///
/// OBX-2 follows the value: Quantity `NM` (`SN` with a comparator), Range and Ratio `SN`,
/// CodeableConcept `CWE`, dateTime `DTM`, string `ST` (`TX`, one repetition per line, when it has
/// several lines), integer `NM`, boolean `ST`.
pub fn observation_to_obx(o: &Observation, set_id: u32, bundle: Option<&Bundle>) -> String {
    let lookup = Lookup::new(bundle);
    let mut s = Seg::new("OBX");
    s.set(1, set_id.to_string());
    if let Some(c) = &o.code {
        let absent = c.extension.iter().any(|e| e.url == DATA_ABSENT);
        if !absent {
            s.set(3, cwe(c));
        }
    }
    let mut unit_q: Option<&Quantity> = None;
    let (vt, value) = match &o.value {
        Some(ObservationValue::Quantity(q)) => {
            unit_q = Some(q);
            let v = q.value.as_ref().map(number).unwrap_or_default();
            match &q.comparator {
                Some(c) => ("SN", join(&[esc(c), v], '^')),
                None => ("NM", v),
            }
        }
        Some(ObservationValue::Range(r)) => {
            unit_q = r.low.as_ref().or(r.high.as_ref());
            let lo = r.low.as_ref().and_then(|q| q.value.as_ref()).map(number);
            let hi = r.high.as_ref().and_then(|q| q.value.as_ref()).map(number);
            let parts = [
                String::new(),
                lo.unwrap_or_default(),
                "-".into(),
                hi.unwrap_or_default(),
            ];
            ("SN", join(&parts, '^'))
        }
        Some(ObservationValue::Ratio(r)) => {
            unit_q = r.numerator.as_ref();
            let a = r
                .numerator
                .as_ref()
                .and_then(|q| q.value.as_ref())
                .map(number);
            let b = r
                .denominator
                .as_ref()
                .and_then(|q| q.value.as_ref())
                .map(number);
            let parts = [
                String::new(),
                a.unwrap_or_default(),
                ":".into(),
                b.unwrap_or_default(),
            ];
            ("SN", join(&parts, '^'))
        }
        Some(ObservationValue::CodeableConcept(c)) => ("CWE", cwe(c)),
        Some(ObservationValue::DateTime(d)) => ("DTM", dtm(d)),
        Some(ObservationValue::String(t)) if t.contains('\n') => {
            ("TX", reps(t.split('\n').map(esc).collect()))
        }
        Some(ObservationValue::String(t)) => ("ST", esc(t)),
        Some(ObservationValue::Integer(i)) => ("NM", i.to_string()),
        Some(ObservationValue::Boolean(b)) => ("ST", b.to_string()),
        Some(ObservationValue::Time(t)) => ("TM", t.replace(':', "")),
        Some(ObservationValue::Period(_)) | Some(ObservationValue::SampledData(_)) | None => {
            ("", String::new())
        }
    };
    s.set(2, vt.into());
    s.set(5, value);
    if let Some(q) = unit_q {
        s.set(6, units(q));
    }
    if let Some(t) = o.reference_range.first().and_then(|r| r.text.as_deref()) {
        s.set(7, esc(t));
    }
    s.set(
        8,
        reps(
            o.interpretation
                .iter()
                .map(|c| mapped("InterpretationCodes", c))
                .collect(),
        ),
    );
    if let Some(st) = o.status.as_deref().filter(|s| *s != "unknown") {
        s.set(
            11,
            esc(table_code("ObservationResultStatusCodesInterpretation", st)),
        );
    }
    match &o.effective {
        Some(ObservationEffective::DateTime(d)) | Some(ObservationEffective::Instant(d)) => {
            s.set(14, dtm(d))
        }
        Some(ObservationEffective::Period(p)) => {
            s.set(14, p.start.as_deref().map(dtm).unwrap_or_default())
        }
        _ => {}
    }
    let performers: Vec<String> = o
        .performer
        .iter()
        .filter_map(|p| match lookup.get(Some(p)) {
            Some(Resource::Practitioner(pr)) => Some(xcn(pr)),
            _ => None,
        })
        .collect();
    s.set(16, reps(performers));
    if let Some(m) = &o.method {
        s.set(17, cwe(m));
    }
    if let Some(i) = &o.issued {
        s.set(19, dtm(i));
    }
    if let Some(b) = &o.body_site {
        s.set(20, cwe(b));
    }
    let eis: Vec<String> = o
        .identifier
        .iter()
        .map(|i| {
            let hd = hd_sub(i.system.as_deref()).replace('&', "^");
            let parts = [i.value.as_deref().map(esc).unwrap_or_default(), hd];
            join(&parts, '^')
        })
        .collect();
    s.set(21, reps(eis));
    s.finish()
}

/// PID, PV1 and OBX segments from a Bundle (see [`V2Segments`]).
pub fn bundle_to_v2(bundle: &Bundle) -> V2Segments {
    let mut out = V2Segments::default();
    let mut n = 0u32;
    for e in &bundle.entry {
        match &e.resource {
            Some(Resource::Patient(p)) if out.pid.is_none() => {
                out.pid = Some(patient_to_pid(p));
            }
            Some(Resource::Encounter(x)) if out.pv1.is_none() => {
                out.pv1 = Some(encounter_to_pv1(x, Some(bundle)));
            }
            Some(Resource::Observation(o)) => {
                n += 1;
                out.obx.push(observation_to_obx(o, n, Some(bundle)));
            }
            _ => {}
        }
    }
    out
}

/// [`bundle_to_v2`] for many bundles.
pub fn bundle_to_v2_batch(bundles: &[Bundle]) -> Vec<V2Segments> {
    bundles.iter().map(bundle_to_v2).collect()
}
