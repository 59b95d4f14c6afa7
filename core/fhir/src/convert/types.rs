//! v2 data types to FHIR data types: CX, XPN, XAD, XTN, CWE/CE, DTM, HD, XCN (IG data type maps).

use super::tables::{concept, system_uri};
use super::Ctx;
use crate::model::*;
use medcore_hl7::{Repetition, Segment};

/// Component `n` of a repetition, escape-decoded; `None` when empty or the null `""`.
pub(crate) fn comp(rep: &Repetition<'_>, n: usize) -> Option<String> {
    let c = rep.component(n)?;
    if c.is_empty() || c.is_null() {
        return None;
    }
    let s = c.subcomponent(1).map(|s| s.decoded().into_owned())?;
    (!s.trim().is_empty()).then_some(s)
}

/// Subcomponent `s` of component `n`.
pub(crate) fn sub(rep: &Repetition<'_>, n: usize, s: usize) -> Option<String> {
    let sc = rep.component(n)?.subcomponent(s)?;
    if sc.is_empty() || sc.is_null() {
        return None;
    }
    let v = sc.decoded().into_owned();
    (!v.trim().is_empty()).then_some(v)
}

/// The non-empty repetitions of field `n`.
pub(crate) fn reps<'m>(seg: &Segment<'m>, n: usize) -> Vec<Repetition<'m>> {
    seg.field(n)
        .map(|f| {
            f.repetitions()
                .filter(|r| !r.is_empty() && !r.is_null())
                .collect()
        })
        .unwrap_or_default()
}

/// The first repetition of field `n`, when not empty.
pub(crate) fn rep1<'m>(seg: &Segment<'m>, n: usize) -> Option<Repetition<'m>> {
    reps(seg, n).into_iter().next()
}

/// Component 1 of the first repetition of field `n` (an ST/ID/IS/NM field's value).
pub(crate) fn text(seg: &Segment<'_>, n: usize) -> Option<String> {
    rep1(seg, n).and_then(|r| comp(&r, 1))
}

/// DTM (`YYYY[MM[DD[HH[MM[SS[.S+]]]]]][+/-ZZZZ]`) to a FHIR `date`/`dateTime`, keeping the
/// precision that was sent and the time zone. FHIR requires a zone when a time is given: without
/// one the configured default offset is used, else the value is cut to its date (with a warning).
pub(crate) fn dtm(ctx: &mut Ctx, value: &str, location: &str) -> Option<String> {
    let v = value.trim();
    if v.is_empty() {
        return None;
    }
    let (main, zone) = match v.find(['+', '-']) {
        Some(i) => (&v[..i], Some(&v[i..])),
        None => (v, None),
    };
    let (digits, frac) = match main.find('.') {
        Some(i) => (&main[..i], Some(&main[i + 1..])),
        None => (main, None),
    };
    let bad = |ctx: &mut Ctx| {
        ctx.warn(location, format!("not a valid DTM: {value:?}"));
        None
    };
    if !digits.bytes().all(|b| b.is_ascii_digit())
        || ![4, 6, 8, 10, 12, 14].contains(&digits.len())
        || frac.is_some_and(|f| f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit()))
    {
        return bad(ctx);
    }
    let num = |a: usize, b: usize| digits[a..b].parse::<u32>().unwrap_or(99);
    let mut out = digits[0..4].to_string();
    if digits.len() >= 6 {
        if !(1..=12).contains(&num(4, 6)) {
            return bad(ctx);
        }
        out.push('-');
        out.push_str(&digits[4..6]);
    }
    if digits.len() >= 8 {
        if !(1..=31).contains(&num(6, 8)) {
            return bad(ctx);
        }
        out.push('-');
        out.push_str(&digits[6..8]);
    }
    if digits.len() < 10 {
        return Some(out);
    }
    let zone = match zone {
        Some(z) => {
            let zd = &z[1..];
            if zd.len() != 4 || !zd.bytes().all(|b| b.is_ascii_digit()) {
                return bad(ctx);
            }
            format!("{}{}:{}", &z[..1], &zd[..2], &zd[2..])
        }
        None => match &ctx.options.default_offset {
            Some(o) => o.clone(),
            None => {
                ctx.warn(
                    location,
                    format!("{value:?} has a time but no time zone: kept to the date"),
                );
                return Some(out);
            }
        },
    };
    let hh = num(8, 10);
    let mm = if digits.len() >= 12 { num(10, 12) } else { 0 };
    let ss = if digits.len() >= 14 { num(12, 14) } else { 0 };
    if hh > 23 || mm > 59 || ss > 60 {
        return bad(ctx);
    }
    out.push_str(&format!("T{hh:02}:{mm:02}:{ss:02}"));
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    out.push_str(&zone);
    Some(out)
}

/// DTM in component `n` of a repetition.
pub(crate) fn dtm_comp(ctx: &mut Ctx, rep: &Repetition<'_>, n: usize, loc: &str) -> Option<String> {
    comp(rep, n).and_then(|v| dtm(ctx, &v, loc))
}

/// DTM in field `n` of a segment.
pub(crate) fn dtm_field(ctx: &mut Ctx, seg: &Segment<'_>, n: usize) -> Option<String> {
    let loc = format!("{}-{n}", seg.id());
    text(seg, n).and_then(|v| dtm(ctx, &v, &loc))
}

/// A period from two DTMs; `None` when both are absent.
pub(crate) fn period(start: Option<String>, end: Option<String>) -> Option<Period> {
    (start.is_some() || end.is_some()).then(|| Period {
        start,
        end,
        ..Default::default()
    })
}

/// A coding of a v2 code with its coding system name (table 0396 → FHIR URI).
fn coding(
    code: Option<String>,
    display: Option<String>,
    system: Option<String>,
    version: Option<String>,
) -> Option<Coding> {
    if code.is_none() && display.is_none() {
        return None;
    }
    Some(Coding {
        system: system.as_deref().and_then(system_uri),
        version,
        code,
        display,
        ..Default::default()
    })
}

/// CWE/CE/CNE to CodeableConcept: primary and alternate codings, original text (CWE.9).
pub(crate) fn cwe(rep: &Repetition<'_>) -> Option<CodeableConcept> {
    let mut cc = CodeableConcept::default();
    cc.coding.extend(coding(
        comp(rep, 1),
        comp(rep, 2),
        comp(rep, 3),
        comp(rep, 7),
    ));
    cc.coding.extend(coding(
        comp(rep, 4),
        comp(rep, 5),
        comp(rep, 6),
        comp(rep, 8),
    ));
    cc.text = comp(rep, 9);
    if cc.coding.iter().all(|c| c.code.is_none()) && cc.text.is_none() {
        // Text only: CWE.2 becomes the text.
        cc.text = comp(rep, 2);
        cc.coding.retain(|c| c.code.is_some());
    }
    (!cc.coding.is_empty() || cc.text.is_some()).then_some(cc)
}

/// A v2 table code through an IG concept map, as a CodeableConcept; the original v2 code is kept
/// as a second coding when the map gives a different code system.
pub(crate) fn mapped_cc(map: &str, rep: &Repetition<'_>) -> Option<CodeableConcept> {
    let code = comp(rep, 1)?;
    match concept(map, &code) {
        Some(m) => Some(CodeableConcept {
            coding: vec![Coding {
                system: Some(m.system.to_string()),
                code: Some(m.code.to_string()),
                display: (!m.display.is_empty()).then(|| m.display.to_string()),
                ..Default::default()
            }],
            ..Default::default()
        }),
        None => cwe(rep),
    }
}

/// HD to a system URI: `urn:oid:` / `urn:uuid:` for ISO/UUID universal ids, else the namespace.
pub(crate) fn hd_uri(
    ns: Option<String>,
    uid: Option<String>,
    kind: Option<String>,
) -> Option<String> {
    match (uid, kind.as_deref()) {
        (Some(u), Some("ISO")) => Some(format!("urn:oid:{u}")),
        (Some(u), Some("UUID")) => Some(format!("urn:uuid:{u}")),
        (Some(u), _) if u.contains("://") || u.starts_with("urn:") => Some(u),
        _ => ns.map(|n| {
            if n.contains("://") || n.starts_with("urn:") {
                n
            } else {
                format!("urn:id:{n}")
            }
        }),
    }
}

/// CX to Identifier: value, assigning authority as system, type (table 0203), period.
pub(crate) fn cx(ctx: &mut Ctx, rep: &Repetition<'_>, loc: &str) -> Option<Identifier> {
    let value = comp(rep, 1)?;
    let system = hd_uri(sub(rep, 4, 1), sub(rep, 4, 2), sub(rep, 4, 3));
    let type_ = comp(rep, 5).map(|t| CodeableConcept {
        coding: vec![Coding {
            system: Some("http://terminology.hl7.org/CodeSystem/v2-0203".into()),
            code: Some(t),
            ..Default::default()
        }],
        ..Default::default()
    });
    let start = dtm_comp(ctx, rep, 7, loc);
    let end = dtm_comp(ctx, rep, 8, loc);
    Some(Identifier {
        value: Some(value),
        system,
        type_,
        period: period(start, end),
        ..Default::default()
    })
}

/// XPN/XCN name parts starting at component `base` (XPN: 1, XCN: 2) to HumanName.
pub(crate) fn xpn_at(
    ctx: &mut Ctx,
    rep: &Repetition<'_>,
    base: usize,
    loc: &str,
) -> Option<HumanName> {
    let c = |n: usize| comp(rep, base + n - 1);
    let mut name = HumanName {
        family: sub(rep, base, 1),
        ..Default::default()
    };
    name.given.extend(c(2));
    if let Some(more) = c(3) {
        name.given.extend(
            more.split(' ')
                .filter(|s| !s.is_empty())
                .map(str::to_string),
        );
    }
    name.suffix.extend(c(4));
    name.prefix.extend(c(5));
    if base == 1 {
        name.suffix.extend(c(6)); // XPN.6 degree
        if let Some(t) = c(7) {
            name.use_ = concept("NameType", &t).map(|m| m.code.to_string());
        }
        // XPN.12/13 (effective/expiration), else the older XPN.10 validity range.
        let start =
            dtm_comp(ctx, rep, 12, loc).or_else(|| sub(rep, 10, 1).and_then(|v| dtm(ctx, &v, loc)));
        let end =
            dtm_comp(ctx, rep, 13, loc).or_else(|| sub(rep, 10, 2).and_then(|v| dtm(ctx, &v, loc)));
        name.period = period(start, end);
        name.suffix.extend(c(14)); // XPN.14 professional suffix
    }
    (name.family.is_some() || !name.given.is_empty()).then_some(name)
}

/// XPN to HumanName(s): the name, and XPN.15 "called by" as a second, nickname, name.
pub(crate) fn xpn(ctx: &mut Ctx, rep: &Repetition<'_>, loc: &str) -> Vec<HumanName> {
    let mut out: Vec<HumanName> = xpn_at(ctx, rep, 1, loc).into_iter().collect();
    if let Some(called) = comp(rep, 15) {
        out.push(HumanName {
            given: vec![called],
            use_: Some("nickname".into()),
            ..Default::default()
        });
    }
    out
}

/// XAD to Address: street lines, city, state, postal code, country, type/use (table 0190),
/// county/parish as district, period.
pub(crate) fn xad(ctx: &mut Ctx, rep: &Repetition<'_>, loc: &str) -> Option<Address> {
    let mut a = Address::default();
    for s in 1..=3 {
        a.line.extend(sub(rep, 1, s));
    }
    a.line.extend(comp(rep, 2));
    a.city = comp(rep, 3);
    a.state = comp(rep, 4);
    a.postal_code = comp(rep, 5);
    a.country = comp(rep, 6);
    if let Some(t) = comp(rep, 7) {
        a.type_ = concept("AddressType[Type]", &t).map(|m| m.code.to_string());
        a.use_ = concept("AddressType[Use]", &t).map(|m| m.code.to_string());
    }
    a.district = comp(rep, 9);
    let start = sub(rep, 12, 1).and_then(|v| dtm(ctx, &v, loc));
    let end = sub(rep, 12, 2).and_then(|v| dtm(ctx, &v, loc));
    a.period = period(start, end);
    (!a.line.is_empty()
        || a.city.is_some()
        || a.state.is_some()
        || a.postal_code.is_some()
        || a.country.is_some())
    .then_some(a)
}

/// XTN to ContactPoint: the number or address (XTN.12, XTN.4, XTN.1, or built from 5-8),
/// use (table 0201), equipment type as system (table 0202), period and rank.
pub(crate) fn xtn(
    ctx: &mut Ctx,
    rep: &Repetition<'_>,
    default_use: &str,
    loc: &str,
) -> Option<ContactPoint> {
    let equip = comp(rep, 3);
    let email = matches!(equip.as_deref(), Some("Internet") | Some("X.400"));
    let built = || {
        let parts: Vec<String> = [5, 6, 7].iter().filter_map(|&n| comp(rep, n)).collect();
        let mut v = parts.join(" ");
        if let Some(ext) = comp(rep, 8) {
            v.push_str(&format!(" ext. {ext}"));
        }
        (!v.is_empty()).then_some(v)
    };
    let value = comp(rep, 12)
        .or_else(|| if email { comp(rep, 4) } else { None })
        .or_else(|| comp(rep, 1))
        .or_else(|| comp(rep, 4))
        .or_else(built)?;
    let mut cp = ContactPoint {
        value: Some(value),
        ..Default::default()
    };
    if let Some(e) = &equip {
        if let Some(m) = concept("TelecommunicationEquipmentType", e) {
            if m.system.ends_with("contact-point-use") {
                cp.system = Some("phone".into());
                cp.use_ = Some(m.code.to_string());
            } else {
                cp.system = Some(m.code.to_string());
            }
        }
    }
    if cp.system.is_none() {
        // FHIR requires a system with a value (cpt-2); XTN is a telephone number unless it
        // holds an email address.
        let email = cp.value.as_deref().is_some_and(|v| v.contains('@'));
        cp.system = Some(if email { "email" } else { "phone" }.into());
    }
    if cp.use_.is_none() {
        cp.use_ = match comp(rep, 2) {
            Some(u) => concept("TelecommunicationUseCode", &u).map(|m| m.code.to_string()),
            None => (!default_use.is_empty()).then(|| default_use.to_string()),
        };
    }
    let start = dtm_comp(ctx, rep, 13, loc);
    let end = dtm_comp(ctx, rep, 14, loc);
    cp.period = period(start, end);
    cp.rank = comp(rep, 18)
        .and_then(|r| r.parse().ok())
        .filter(|r| *r > 0);
    Some(cp)
}
