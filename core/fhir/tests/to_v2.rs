//! v2 -> FHIR -> v2 on the 139 FHIR-Converter samples (testdata/hl7/microsoft-FHIR-Converter,
//! MIT): the PID, PV1 and OBX written back from the converted Patient, Encounter and Observations
//! carry the same values in the mapped fields.
//!
//! Compared after these normalizations, each forced by the forward (IG) map, which merges or
//! generalizes what v2 sent:
//! - PID-2, PID-3 and PID-4 all become `Patient.identifier`; they come back in PID-3 (PID-19 SSN
//!   and PID-20 driver's licence go back to their own fields, recognised by their type).
//! - PID-5 and PID-9 (alias) both become `Patient.name`; they come back in PID-5. XPN.1 keeps only
//!   its surname subcomponent.
//! - PID-13, PID-14 and PID-40 all become `Patient.telecom` with a use; they come back by use
//!   (work in PID-14, the rest in PID-13), so the union of their values is compared.
//! - XPN.2 (given) and XPN.3 (further given names) both become `HumanName.given`; the first given
//!   name comes back in XPN.2, the others in XPN.3 (a name sent with only XPN.3 comes back in
//!   XPN.2), so the given names are compared as one list.
//! - A PID-3 identifier typed SS stays in PID-3; the PID-19 SSN (the one with the us-ssn system)
//!   comes back in PID-19.
//! - XAD.1 (street, name, dwelling subcomponents) and XAD.2 become `Address.line`; the lines come
//!   back as XAD.1 and XAD.2 (further lines joined with `, `), so the lines are compared joined.
//! - DTM: a time without a zone is cut to its date (FHIR needs a zone with a time), and a time
//!   without seconds gets `:00` (FHIR dateTime has no minute precision); compared at what FHIR kept.
//! - Many-to-one IG concept maps come back as the first v2 code: AdministrativeSex A and N -> O,
//!   MaritalStatus A/E -> A, G/P/R -> G; ObservationResultStatus W -> D. Compared through the map.
//! - PV1-3: point of care, room and bed are joined with spaces into one Location name; compared
//!   joined.
//! - OBX-5: an SN holding only a number (`^182`) is a plain Quantity and comes back as NM `182`.
//! - OBX-2: the value type comes back from the FHIR value type: CE/CWE/CNE/CF as CWE, DT/TS/DTM as
//!   DTM, ST/TX/FT/other text as ST (TX when multi-line); an NM that is not a number becomes ST.
//!   Compared by group.
//! - Coding systems: aliases (`LOINC`, `LN`) become one URI and come back as its canonical name;
//!   local names (`L`, `99xxx`) have no URI and do not come back. Compared as URIs.

mod common;

use medcore_fhir::convert::tables::{concept, system_uri};
use medcore_fhir::convert::{convert_text, ConvertOptions};
use medcore_fhir::to_v2::bundle_to_v2;
use medcore_hl7::{parse_str, Message, Segment};
use std::collections::BTreeMap;

/// Decoded value at field/repetition/component/subcomponent (1-based; repetition 0 = first).
fn v(seg: &Segment<'_>, f: usize, r: usize, c: usize, s: usize) -> String {
    seg.field(f)
        .and_then(|f| f.repetition(r + 1))
        .and_then(|r| r.component(c))
        .and_then(|c| c.subcomponent(s))
        .map(|s| s.decoded().trim().to_string())
        .filter(|s| s != "\"\"")
        .unwrap_or_default()
}

fn rep_count(seg: &Segment<'_>, f: usize) -> usize {
    seg.field(f).map_or(0, |f| f.repetition_count())
}

/// Non-empty repetitions' values of one component.
fn rep_values(seg: &Segment<'_>, f: usize, c: usize, s: usize) -> Vec<String> {
    (0..rep_count(seg, f))
        .map(|r| v(seg, f, r, c, s))
        .filter(|x| !x.is_empty())
        .collect()
}

/// A DTM as FHIR keeps it: with a zone, padded to seconds; without, its date.
fn dtm_norm(d: &str) -> String {
    let d = d.trim();
    let zone_at = d.find(['+', '-']);
    let (main, zone) = match zone_at {
        Some(i) => (&d[..i], &d[i..]),
        None => (d, ""),
    };
    let (digits, frac) = match main.find('.') {
        Some(i) => (&main[..i], &main[i..]),
        None => (main, ""),
    };
    if digits.len() <= 8 || zone.is_empty() {
        return digits.chars().take(8).collect();
    }
    let mut p = digits.to_string();
    while p.len() < 14 {
        p.push('0');
    }
    format!("{p}{frac}{zone}")
}

fn mapped(map: &str, code: &str) -> String {
    concept(map, code).map_or(code.to_string(), |m| m.code.to_string())
}

fn sys(name: &str) -> String {
    system_uri(name).unwrap_or_default()
}

#[derive(Default)]
struct Tally {
    compared: BTreeMap<&'static str, usize>,
    differ: Vec<String>,
}

impl Tally {
    fn eq<T: PartialEq + std::fmt::Debug>(
        &mut self,
        sample: &str,
        field: &'static str,
        a: T,
        b: T,
    ) {
        *self.compared.entry(field).or_default() += 1;
        if a != b {
            self.differ
                .push(format!("{sample} {field}: {a:?} != {b:?}"));
        }
    }
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

fn pid(t: &mut Tally, name: &str, a: &Segment<'_>, b: &Segment<'_>) {
    let mut ids = Vec::new();
    for f in [2, 3, 4] {
        ids.extend(rep_values(a, f, 1, 1));
    }
    t.eq(
        name,
        "PID-3 identifiers",
        sorted(ids),
        sorted(rep_values(b, 3, 1, 1)),
    );
    let names = |s: &Segment<'_>, fields: &[usize]| {
        let mut out = Vec::new();
        for &f in fields {
            for r in 0..rep_count(s, f) {
                let given = v(s, f, r, 2, 1);
                let family = v(s, f, r, 1, 1);
                if family.is_empty() && given.is_empty() {
                    continue;
                }
                let mut given = vec![given];
                given.extend(v(s, f, r, 3, 1).split(' ').map(str::to_string));
                given.retain(|x| !x.is_empty());
                out.push(format!("{family}|{}", given.join(" ")));
            }
        }
        sorted(out)
    };
    t.eq(name, "PID-5 names", names(a, &[5, 9]), names(b, &[5]));
    t.eq(
        name,
        "PID-7 birth date",
        dtm_norm(&v(a, 7, 0, 1, 1)),
        v(b, 7, 0, 1, 1),
    );
    let sex = v(a, 8, 0, 1, 1);
    let sex = concept("AdministrativeSex", &sex)
        .map(|m| m.code.to_string())
        .unwrap_or_default();
    t.eq(
        name,
        "PID-8 sex",
        sex,
        mapped("AdministrativeSex", &v(b, 8, 0, 1, 1)),
    );
    let addresses = |s: &Segment<'_>, back: bool| {
        let mut out = Vec::new();
        for r in 0..rep_count(s, 11) {
            let mut lines: Vec<String> = if back {
                vec![v(s, 11, r, 1, 1)]
            } else {
                (1..=3).map(|k| v(s, 11, r, 1, k)).collect()
            };
            lines.push(v(s, 11, r, 2, 1));
            lines.retain(|l| !l.is_empty());
            let parts: Vec<String> = [3, 4, 5, 6].iter().map(|&c| v(s, 11, r, c, 1)).collect();
            if lines.is_empty() && parts.iter().all(String::is_empty) {
                continue;
            }
            out.push(format!("{}|{}", lines.join(", "), parts.join("|")));
        }
        out
    };
    t.eq(
        name,
        "PID-11 addresses",
        addresses(a, false),
        addresses(b, true),
    );
    let telecoms = |s: &Segment<'_>, back: bool| {
        let mut out = Vec::new();
        let fields: &[usize] = if back { &[13, 14] } else { &[13, 14, 40] };
        for &f in fields {
            for r in 0..rep_count(s, f) {
                let c = |n: usize| v(s, f, r, n, 1);
                let email = matches!(c(3).as_str(), "Internet" | "X.400");
                let built = {
                    let parts: Vec<String> = [5, 6, 7]
                        .iter()
                        .map(|&n| c(n))
                        .filter(|x| !x.is_empty())
                        .collect();
                    let mut x = parts.join(" ");
                    if !c(8).is_empty() {
                        x.push_str(&format!(" ext. {}", c(8)));
                    }
                    x
                };
                let value = [
                    if back { String::new() } else { c(12) },
                    if email { c(4) } else { String::new() },
                    c(1),
                    c(4),
                    if back { String::new() } else { built },
                ]
                .into_iter()
                .find(|x| !x.is_empty());
                out.extend(value);
            }
        }
        sorted(out)
    };
    t.eq(
        name,
        "PID-13/14 telecom",
        telecoms(a, false),
        telecoms(b, true),
    );
    let ms = |s: &Segment<'_>| mapped("MaritalStatus", &v(s, 16, 0, 1, 1));
    t.eq(name, "PID-16 marital status", ms(a), ms(b));
    t.eq(name, "PID-19 SSN", v(a, 19, 0, 1, 1), v(b, 19, 0, 1, 1));
    t.eq(
        name,
        "PID-29 death",
        dtm_norm(&v(a, 29, 0, 1, 1)),
        v(b, 29, 0, 1, 1),
    );
}

fn pv1(t: &mut Tally, name: &str, a: &Segment<'_>, b: &Segment<'_>) {
    t.eq(name, "PV1-2 class", v(a, 2, 0, 1, 1), v(b, 2, 0, 1, 1));
    let pl: Vec<String> = (1..=3)
        .map(|c| v(a, 3, 0, c, 1))
        .filter(|x| !x.is_empty())
        .collect();
    let pl = if pl.is_empty() {
        v(a, 3, 0, 4, 1)
    } else {
        pl.join(" ")
    };
    t.eq(name, "PV1-3 location", pl, v(b, 3, 0, 1, 1));
    t.eq(
        name,
        "PV1-4 admission type",
        v(a, 4, 0, 1, 1),
        v(b, 4, 0, 1, 1),
    );
    for f in [7, 8, 9, 17] {
        let xcn = |s: &Segment<'_>| {
            (0..rep_count(s, f))
                .map(|r| format!("{}|{}", v(s, f, r, 1, 1), v(s, f, r, 2, 1)))
                .filter(|x| x != "|")
                .collect::<Vec<_>>()
        };
        t.eq(name, "PV1-7/8/9/17 doctors", xcn(a), xcn(b));
    }
    for f in [10, 14, 36] {
        t.eq(
            name,
            "PV1-10/14/36 codes",
            v(a, f, 0, 1, 1),
            v(b, f, 0, 1, 1),
        );
    }
    t.eq(
        name,
        "PV1-19 visit number",
        rep_values(a, 19, 1, 1),
        rep_values(b, 19, 1, 1),
    );
    for f in [44, 45] {
        t.eq(
            name,
            "PV1-44/45 period",
            dtm_norm(&v(a, f, 0, 1, 1)),
            v(b, f, 0, 1, 1),
        );
    }
}

fn vt_group(vt: &str) -> &'static str {
    match vt {
        "NM" => "NM",
        "SN" => "SN",
        "CE" | "CWE" | "CNE" | "CF" => "CWE",
        "DT" | "DTM" | "TS" => "DTM",
        _ => "ST",
    }
}

fn obx(t: &mut Tally, name: &str, a: &Segment<'_>, b: &Segment<'_>) {
    t.eq(name, "OBX-3 code", v(a, 3, 0, 1, 1), v(b, 3, 0, 1, 1));
    t.eq(
        name,
        "OBX-3 system",
        sys(&v(a, 3, 0, 3, 1)),
        sys(&v(b, 3, 0, 3, 1)),
    );
    let mut avt = v(a, 2, 0, 1, 1);
    let bvt = v(b, 2, 0, 1, 1);
    let mut a5 = v(a, 5, 0, 1, 1);
    // An SN with only its number is a plain quantity: it comes back as NM.
    if avt == "SN" && a5.is_empty() && v(a, 5, 0, 3, 1).is_empty() {
        avt = "NM".into();
        a5 = v(a, 5, 0, 2, 1);
    }
    let a_is_number = a5.trim().parse::<f64>().is_ok();
    let group = match vt_group(&avt) {
        "NM" if !a_is_number => "ST",
        g => g,
    };
    if a.field(5).is_none_or(|f| f.is_empty()) {
        t.eq(name, "OBX-5 value", "", &v(b, 5, 0, 1, 1));
        return;
    }
    t.eq(name, "OBX-2 value type", group, vt_group(&bvt));
    let value = |s: &Segment<'_>| -> String {
        match group {
            "NM" => v(s, 5, 0, 1, 1)
                .parse::<f64>()
                .map(|x| x.to_string())
                .unwrap_or_default(),
            "SN" => (1..=4)
                .map(|c| v(s, 5, 0, c, 1))
                .collect::<Vec<_>>()
                .join("|"),
            "CWE" => v(s, 5, 0, 1, 1),
            "DTM" => dtm_norm(&v(s, 5, 0, 1, 1)),
            _ => (0..rep_count(s, 5))
                .map(|r| {
                    s.field(5)
                        .and_then(|f| f.repetition(r + 1))
                        .map(|r| r.decoded().into_owned())
                        .unwrap_or_default()
                })
                .filter(|x| !x.is_empty())
                .collect::<Vec<_>>()
                .join("\n"),
        }
    };
    let va = if group == "NM" {
        a5.trim()
            .parse::<f64>()
            .map(|x| x.to_string())
            .unwrap_or_default()
    } else {
        value(a)
    };
    let vb = value(b);
    // A DT value has only a date; compare what the back value kept.
    if group == "DTM" {
        t.eq(name, "OBX-5 value", va, dtm_norm(&vb));
    } else {
        t.eq(name, "OBX-5 value", va, vb);
    }
    if matches!(group, "NM" | "SN") {
        t.eq(name, "OBX-6 units", v(a, 6, 0, 1, 1), v(b, 6, 0, 1, 1));
    }
    t.eq(
        name,
        "OBX-8 interpretation",
        rep_values(a, 8, 1, 1),
        rep_values(b, 8, 1, 1),
    );
    let status = |s: &Segment<'_>| {
        concept(
            "ObservationResultStatusCodesInterpretation",
            &v(s, 11, 0, 1, 1),
        )
        .map(|m| m.code.to_string())
        .unwrap_or_default()
    };
    t.eq(name, "OBX-11 status", status(a), status(b));
    t.eq(
        name,
        "OBX-14 time",
        dtm_norm(&v(a, 14, 0, 1, 1)),
        v(b, 14, 0, 1, 1),
    );
}

fn back_message(segments: &str) -> String {
    format!("MSH|^~\\&|A|B|C|D|20240101||ADT^A01|1|P|2.5\r{segments}")
}

#[test]
fn v2_fhir_v2_gives_back_the_mapped_values() {
    let mut t = Tally::default();
    let mut samples = 0;
    let mut obx_count = 0;
    for (name, text) in common::samples() {
        let orig: Message<'_> = parse_str(&text).unwrap();
        let c = convert_text(&text, &ConvertOptions::default()).unwrap();
        let back = bundle_to_v2(&c.bundle);
        let back_text = back_message(&back.to_text());
        let b = parse_str(&back_text).unwrap_or_else(|e| panic!("{name}: {e}\n{back_text}"));
        samples += 1;
        let seg = |m: &Message<'_>, id: &str| m.segments().find(|s| s.id() == id).is_some();
        if let (Some(a), Some(bb)) = (
            orig.segments().find(|s| s.id() == "PID"),
            b.segments().find(|s| s.id() == "PID"),
        ) {
            pid(&mut t, &name, &a, &bb);
        } else {
            assert_eq!(seg(&orig, "PID"), seg(&b, "PID"), "{name}");
        }
        if let (Some(a), Some(bb)) = (
            orig.segments().find(|s| s.id() == "PV1"),
            b.segments().find(|s| s.id() == "PV1"),
        ) {
            pv1(&mut t, &name, &a, &bb);
        } else {
            assert_eq!(seg(&orig, "PV1"), seg(&b, "PV1"), "{name}");
        }
        let ao: Vec<Segment<'_>> = orig.segments().filter(|s| s.id() == "OBX").collect();
        let bo: Vec<Segment<'_>> = b.segments().filter(|s| s.id() == "OBX").collect();
        assert_eq!(ao.len(), bo.len(), "{name}: OBX count");
        for (x, y) in ao.iter().zip(&bo) {
            obx(&mut t, &name, x, y);
            obx_count += 1;
        }
    }
    assert_eq!(samples, 139);
    assert!(obx_count > 200, "{obx_count}");
    assert!(
        t.differ.is_empty(),
        "{:#?}\ncompared: {:?}",
        t.differ,
        t.compared
    );
}

#[test]
fn segments_are_escaped_and_times_keep_their_zone() {
    use medcore_fhir::model::{HumanName, Identifier, Patient, PatientDeceased};
    use medcore_fhir::to_v2::{dtm, patient_to_pid};
    assert_eq!(dtm("2008-08-25T15:31:30+05:30"), "20080825153130+0530");
    assert_eq!(dtm("2024-05-16T10:00:00.25Z"), "20240516100000.25+0000");
    assert_eq!(dtm("1988-08"), "198808");
    let p = Patient {
        identifier: vec![Identifier {
            value: Some("A|1".into()),
            system: Some("urn:oid:2.16.840.1".into()),
            ..Default::default()
        }],
        name: vec![HumanName {
            family: Some("O^Brien".into()),
            given: vec!["Ann".into(), "Mary".into(), "Jo".into()],
            use_: Some("official".into()),
            ..Default::default()
        }],
        gender: Some("female".into()),
        birth_date: Some("1990-02-03".into()),
        deceased: Some(PatientDeceased::Boolean(false)),
        ..Default::default()
    };
    assert_eq!(
        patient_to_pid(&p),
        "PID|1||A\\F\\1^^^&2.16.840.1&ISO||O\\S\\Brien^Ann^Mary Jo^^^^L||19900203|F||||||||||||||||||||||N"
    );
}
