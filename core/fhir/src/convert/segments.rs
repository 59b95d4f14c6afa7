//! Segment maps (IG "HL7 Segment - FHIR R4" tables): MSH, EVN, PID, PD1, PV1, PV2, NK1, OBX, AL1,
//! DG1, OBR, ORC, SPM, IN1, RXA, RXO/RXE.

use super::tables::concept;
use super::types::*;
use super::Ctx;
use crate::model::*;
use medcore_hl7::{Message, Repetition, Segment};

const V2_0203: &str = "http://terminology.hl7.org/CodeSystem/v2-0203";

fn code(system: &str, code: &str, display: Option<&str>) -> CodeableConcept {
    CodeableConcept {
        coding: vec![Coding {
            system: Some(system.into()),
            code: Some(code.into()),
            display: display.map(str::to_string),
            ..Default::default()
        }],
        ..Default::default()
    }
}

fn ext(url: &str, value: ExtensionValue) -> Extension {
    Extension {
        url: url.into(),
        value: Some(value),
        ..Default::default()
    }
}

fn loc(seg: &Segment<'_>, n: usize) -> String {
    format!("{}-{n}", seg.id())
}

/// Converts every segment and returns the Bundle's header part (identifier, timestamp).
pub(crate) fn convert(ctx: &mut Ctx, msg: &Message<'_>, msh: &Segment<'_>) -> Bundle {
    let bundle = Bundle {
        identifier: text(msh, 10).map(|v| Identifier {
            value: Some(v),
            ..Default::default()
        }),
        timestamp: dtm_field(ctx, msh, 7),
        ..Default::default()
    };
    ctx.event = rep1(msh, 9).and_then(|r| comp(&r, 2));
    let header = message_header(ctx, msh);
    // The patient first, so every other resource can point at it.
    if let Some(pid) = msg.segments().find(|s| s.id() == "PID") {
        patient(ctx, &pid, msg);
    }
    if let Some(pv1) = msg.segments().find(|s| s.id() == "PV1") {
        let pv2 = msg.segments().find(|s| s.id() == "PV2");
        encounter(ctx, &pv1, pv2.as_ref());
    }
    let mut last_order: Option<(String, String)> = None; // (ServiceRequest, DiagnosticReport)
    let mut last_orc: Option<Segment<'_>> = None;
    for seg in msg.segments() {
        match seg.id() {
            "EVN" => provenance(ctx, &seg, &header),
            "NK1" => related_person(ctx, &seg),
            "OBX" => {
                let r = observation(ctx, &seg);
                if let (Some((_, dr)), Some(r)) = (&last_order, r) {
                    add_result(ctx, dr, &r);
                }
            }
            "AL1" => allergy(ctx, &seg),
            "IAM" => allergy_iam(ctx, &seg),
            "DG1" => condition(ctx, &seg),
            "ORC" => last_orc = Some(seg),
            "OBR" => last_order = Some(order(ctx, &seg, last_orc.as_ref())),
            "SPM" => specimen(ctx, &seg, last_order.as_ref().map(|o| o.0.as_str())),
            "IN1" => coverage(ctx, &seg),
            "RXA" => immunization(ctx, &seg),
            "RXO" | "RXE" => medication_request(ctx, &seg, last_orc.as_ref()),
            _ => {}
        }
    }
    bundle
}

fn subject(ctx: &Ctx) -> Option<Reference> {
    ctx.patient.as_deref().map(Ctx::reference)
}

fn encounter_ref(ctx: &Ctx) -> Option<Reference> {
    ctx.encounter.as_deref().map(Ctx::reference)
}

fn position_key(ctx: &Ctx, seg: &Segment<'_>) -> String {
    format!("{}|{}|{}", ctx.seed, seg.index(), seg.id())
}

/// HD to an Organization (name, identifier), keyed by content.
fn organization_hd(ctx: &mut Ctx, rep: &Repetition<'_>) -> Option<String> {
    let name = comp(rep, 1);
    let system = hd_uri(None, comp(rep, 2), comp(rep, 3));
    if name.is_none() && system.is_none() {
        return None;
    }
    let mut org = Organization {
        name: name.clone(),
        ..Default::default()
    };
    if let Some(s) = &system {
        org.identifier.push(Identifier {
            system: Some("urn:ietf:rfc:3986".into()),
            value: Some(s.clone()),
            ..Default::default()
        });
    }
    let key = to_json(&org);
    Some(ctx.add(org.into(), &key))
}

/// XCN to a Practitioner (identifier, name), keyed by content.
fn practitioner(ctx: &mut Ctx, rep: &Repetition<'_>, location: &str) -> Option<String> {
    let mut p = Practitioner::default();
    if let Some(id) = comp(rep, 1) {
        p.identifier.push(Identifier {
            value: Some(id),
            system: hd_uri(sub(rep, 9, 1), sub(rep, 9, 2), sub(rep, 9, 3)),
            type_: comp(rep, 13).map(|t| code(V2_0203, &t, None)),
            ..Default::default()
        });
    }
    p.name.extend(xpn_at(ctx, rep, 2, location));
    if p.identifier.is_empty() && p.name.is_empty() {
        return None;
    }
    let key = to_json(&p);
    Some(ctx.add(p.into(), &key))
}

fn message_header(ctx: &mut Ctx, msh: &Segment<'_>) -> String {
    let mut h = MessageHeader::default();
    let mt = rep1(msh, 9);
    let event = mt.as_ref().and_then(|r| comp(r, 2));
    let display = msh.field(9).map(|f| f.decoded().into_owned());
    h.event = Some(MessageHeaderEvent::Coding(Coding {
        system: Some("http://terminology.hl7.org/CodeSystem/v2-0003".into()),
        code: event,
        display,
        ..Default::default()
    }));
    if let Some(app) = rep1(msh, 3) {
        h.source = Some(MessageHeaderSource {
            name: comp(&app, 1),
            endpoint: hd_uri(comp(&app, 1), comp(&app, 2), comp(&app, 3)),
            ..Default::default()
        });
    }
    if h.source.is_none() {
        // MessageHeader.source is required; the sending facility stands in.
        h.source = Some(MessageHeaderSource {
            endpoint: Some("urn:id:unknown".into()),
            ..Default::default()
        });
        ctx.warn(
            "MSH-3",
            "no sending application: source.endpoint set to urn:id:unknown".into(),
        );
    }
    if let Some(fac) = rep1(msh, 4) {
        h.sender = organization_hd(ctx, &fac).map(|r| Ctx::reference(&r));
    }
    for app in reps(msh, 5) {
        let receiver = rep1(msh, 6).and_then(|f| organization_hd(ctx, &f));
        h.destination.push(MessageHeaderDestination {
            name: comp(&app, 1),
            endpoint: hd_uri(comp(&app, 1), comp(&app, 2), comp(&app, 3)),
            receiver: receiver.map(|r| Ctx::reference(&r)),
            ..Default::default()
        });
    }
    if let Some(p) = text(msh, 11) {
        h.meta = Some(Meta {
            tag: vec![Coding {
                system: Some("http://terminology.hl7.org/CodeSystem/v2-0103".into()),
                code: Some(p),
                ..Default::default()
            }],
            ..Default::default()
        });
    }
    h.language = text(msh, 19).and_then(|l| rep1(msh, 19).and_then(|r| comp(&r, 1)).or(Some(l)));
    let key = position_key(ctx, msh);
    ctx.add(h.into(), &key)
}

fn provenance(ctx: &mut Ctx, evn: &Segment<'_>, header: &str) {
    let mut p = Provenance {
        recorded: dtm_field(ctx, evn, 2),
        ..Default::default()
    };
    p.target.push(Ctx::reference(header));
    p.target.extend(subject(ctx));
    p.occurred = dtm_field(ctx, evn, 6).map(ProvenanceOccurred::DateTime);
    if let Some(r) = rep1(evn, 4) {
        p.reason.extend(cwe(&r));
    }
    p.activity =
        text(evn, 1).map(|e| code("http://terminology.hl7.org/CodeSystem/v2-0003", &e, None));
    for op in reps(evn, 5) {
        if let Some(who) = practitioner(ctx, &op, "EVN-5") {
            p.agent.push(ProvenanceAgent {
                who: Some(Ctx::reference(&who)),
                ..Default::default()
            });
        }
    }
    if p.recorded.is_none() {
        // Provenance.recorded is required: fall back to the message time.
        p.recorded = p.occurred.as_ref().and_then(|o| match o {
            ProvenanceOccurred::DateTime(d) => Some(d.clone()),
            ProvenanceOccurred::Period(_) => None,
        });
    }
    if p.agent.is_empty() {
        // Provenance.agent is 1..*: the sending organization is the agent.
        p.agent.push(ProvenanceAgent {
            type_: Some(code(
                "http://terminology.hl7.org/CodeSystem/provenance-participant-type",
                "author",
                Some("Author"),
            )),
            who: ctx.entries.iter().find_map(|r| match r {
                Resource::MessageHeader(h) => h.sender.clone(),
                _ => None,
            }),
            ..Default::default()
        });
    }
    let key = position_key(ctx, evn);
    ctx.add(p.into(), &key);
}

fn patient(ctx: &mut Ctx, pid: &Segment<'_>, msg: &Message<'_>) {
    let mut p = Patient::default();
    for n in [2, 3, 4] {
        for r in reps(pid, n) {
            p.identifier.extend(cx(ctx, &r, &loc(pid, n)));
        }
    }
    if let Some(ssn) = text(pid, 19) {
        p.identifier.push(Identifier {
            value: Some(ssn),
            system: Some("http://hl7.org/fhir/sid/us-ssn".into()),
            type_: Some(code(V2_0203, "SS", None)),
            ..Default::default()
        });
    }
    if let Some(dl) = rep1(pid, 20) {
        if let Some(v) = comp(&dl, 1) {
            let end = dtm_comp(ctx, &dl, 3, "PID-20");
            p.identifier.push(Identifier {
                value: Some(v),
                type_: Some(code(V2_0203, "DL", None)),
                period: period(None, end),
                ..Default::default()
            });
        }
    }
    for n in [5, 9] {
        for r in reps(pid, n) {
            p.name.extend(xpn(ctx, &r, &loc(pid, n)));
        }
    }
    if let Some(m) = rep1(pid, 6) {
        if let Some(family) = sub(&m, 1, 1) {
            p.extension.push(ext(
                "http://hl7.org/fhir/StructureDefinition/patient-mothersMaidenName",
                ExtensionValue::String(family),
            ));
        }
    }
    if let Some(raw) = text(pid, 7) {
        if let Some(dt) = dtm(ctx, &raw, "PID-7") {
            p.birth_date = Some(dt.chars().take(10).collect());
            if dt.len() > 10 {
                p.extra.insert(
                    "_birthDate".into(),
                    serde_json::json!({"extension": [{
                        "url": "http://hl7.org/fhir/StructureDefinition/patient-birthTime",
                        "valueDateTime": dt
                    }]}),
                );
            }
        }
    }
    if let Some(sex) = text(pid, 8) {
        p.gender = concept("AdministrativeSex", &sex).map(|m| m.code.to_string());
    }
    for r in reps(pid, 11) {
        p.address.extend(xad(ctx, &r, "PID-11"));
    }
    if let Some(county) = text(pid, 12) {
        match p.address.first_mut() {
            Some(first) => {
                first.district.get_or_insert(county);
            }
            None => p.address.push(Address {
                district: Some(county),
                ..Default::default()
            }),
        }
    }
    for (n, default_use) in [(13, "home"), (14, "work"), (40, "")] {
        for r in reps(pid, n) {
            p.telecom.extend(xtn(ctx, &r, default_use, &loc(pid, n)));
        }
    }
    for r in reps(pid, 15) {
        if let Some(language) = cwe(&r) {
            p.communication.push(PatientCommunication {
                language: Some(language),
                preferred: Some(true),
                ..Default::default()
            });
        }
    }
    if let Some(r) = rep1(pid, 16) {
        p.marital_status = mapped_cc("MaritalStatus", &r);
    }
    if let Some(r) = rep1(pid, 17) {
        if let Some(cc) = mapped_cc("Religion", &r) {
            p.extension.push(ext(
                "http://hl7.org/fhir/StructureDefinition/patient-religion",
                ExtensionValue::CodeableConcept(cc),
            ));
        }
    }
    if let Some(place) = text(pid, 23) {
        p.extension.push(ext(
            "http://hl7.org/fhir/StructureDefinition/patient-birthPlace",
            ExtensionValue::Address(Address {
                text: Some(place),
                ..Default::default()
            }),
        ));
    }
    p.multiple_birth = match (text(pid, 25).and_then(|o| o.parse().ok()), text(pid, 24)) {
        (Some(order), _) => Some(PatientMultipleBirth::Integer(order)),
        (None, Some(y)) if y == "Y" || y == "N" => Some(PatientMultipleBirth::Boolean(y == "Y")),
        _ => None,
    };
    p.deceased = match (dtm_field(ctx, pid, 29), text(pid, 30)) {
        (Some(d), _) => Some(PatientDeceased::DateTime(d)),
        (None, Some(y)) if y == "Y" || y == "N" => Some(PatientDeceased::Boolean(y == "Y")),
        _ => None,
    };
    if let Some(pd1) = msg.segments().find(|s| s.id() == "PD1") {
        for r in reps(&pd1, 4) {
            if let Some(pr) = practitioner(ctx, &r, "PD1-4") {
                p.general_practitioner.push(Ctx::reference(&pr));
            }
        }
    }
    // Same patient, same id: keyed by the first identifier when there is one.
    let key = match p.identifier.first() {
        Some(i) => format!(
            "{}|{}",
            i.system.as_deref().unwrap_or(""),
            i.value.as_deref().unwrap_or("")
        ),
        None => position_key(ctx, pid),
    };
    let r = ctx.add(p.into(), &key);
    ctx.patient = Some(r);
}

fn location_pl(ctx: &mut Ctx, rep: &Repetition<'_>) -> Option<String> {
    // PL: point of care ^ room ^ bed ^ facility ... ; named from the most specific part.
    let parts: Vec<String> = [1, 2, 3].iter().filter_map(|&n| comp(rep, n)).collect();
    let facility = sub(rep, 4, 1);
    if parts.is_empty() && facility.is_none() {
        return None;
    }
    let mut l = Location {
        name: Some(if parts.is_empty() {
            facility.clone().unwrap_or_default()
        } else {
            parts.join(" ")
        }),
        mode: Some("instance".into()),
        ..Default::default()
    };
    l.description = comp(rep, 9);
    let key = to_json(&l);
    Some(ctx.add(l.into(), &key))
}

fn encounter(ctx: &mut Ctx, pv1: &Segment<'_>, pv2: Option<&Segment<'_>>) {
    let mut e = Encounter {
        subject: subject(ctx),
        ..Default::default()
    };
    let class = text(pv1, 2);
    if let Some(c) = &class {
        e.class_ = concept("PatientClass[EncounterClass]", c).map(|m| Coding {
            system: Some(m.system.into()),
            code: Some(m.code.into()),
            display: (!m.display.is_empty()).then(|| m.display.into()),
            ..Default::default()
        });
        e.status = concept("PatientClass[EncounterStatus]", c).map(|m| m.code.into());
    }
    if e.class_.is_none() {
        // Encounter.class is required (1..1).
        e.class_ = Some(Coding {
            system: Some("http://terminology.hl7.org/CodeSystem/v3-NullFlavor".into()),
            code: Some("UNK".into()),
            display: Some("unknown".into()),
            ..Default::default()
        });
    }
    if let Some(r) = rep1(pv1, 3) {
        if let Some(l) = location_pl(ctx, &r) {
            e.location.push(EncounterLocation {
                location: Some(Ctx::reference(&l)),
                ..Default::default()
            });
        }
    }
    if let Some(r) = rep1(pv1, 4) {
        e.type_.extend(mapped_cc("AdmissionType", &r));
    }
    for (n, role, display) in [
        (7, "ATND", "attender"),
        (8, "REF", "referrer"),
        (9, "CON", "consultant"),
        (17, "ADM", "admitter"),
    ] {
        for r in reps(pv1, n) {
            if let Some(pr) = practitioner(ctx, &r, &loc(pv1, n)) {
                e.participant.push(EncounterParticipant {
                    type_: vec![code(
                        "http://terminology.hl7.org/CodeSystem/v3-ParticipationType",
                        role,
                        Some(display),
                    )],
                    individual: Some(Ctx::reference(&pr)),
                    ..Default::default()
                });
            }
        }
    }
    if let Some(r) = rep1(pv1, 10) {
        e.service_type = cwe(&r);
    }
    let mut hosp = EncounterHospitalization::default();
    if let Some(r) = rep1(pv1, 5) {
        hosp.pre_admission_identifier = cx(ctx, &r, "PV1-5");
    }
    if let Some(r) = rep1(pv1, 13) {
        hosp.re_admission = cwe(&r);
    }
    if let Some(r) = rep1(pv1, 14) {
        hosp.admit_source = cwe(&r);
    }
    if let Some(r) = rep1(pv1, 36) {
        hosp.discharge_disposition = cwe(&r);
    }
    for r in reps(pv1, 38) {
        hosp.diet_preference.extend(cwe(&r));
    }
    if hosp != EncounterHospitalization::default() {
        e.hospitalization = Some(hosp);
    }
    for r in reps(pv1, 19) {
        if let Some(mut i) = cx(ctx, &r, "PV1-19") {
            i.type_
                .get_or_insert_with(|| code(V2_0203, "VN", Some("Visit number")));
            e.identifier.push(i);
        }
    }
    let start = dtm_field(ctx, pv1, 44);
    let end = dtm_field(ctx, pv1, 45);
    // Status: discharged (PV1-45) is finished; else the trigger event (IG MSH[Encounter],
    // Event[EncounterStatus]); else the patient class (PatientClass[EncounterStatus]).
    if end.is_some() {
        e.status = Some("finished".into());
    } else if let Some(m) = ctx
        .event
        .as_deref()
        .and_then(|t| concept("Event[EncounterStatus]", t))
    {
        e.status = Some(m.code.into());
    }
    e.period = period(start, end);
    if e.status.is_none() {
        e.status = Some("unknown".into());
    }
    if let Some(pv2) = pv2 {
        if let Some(r) = rep1(pv2, 3) {
            e.reason_code.extend(cwe(&r));
        }
        if let Some(r) = rep1(pv2, 25) {
            e.priority = mapped_cc("EncounterPriority", &r);
        }
        if let Some(days) = text(pv2, 11).and_then(|d| d.parse::<u64>().ok()) {
            e.length = Some(Quantity {
                value: Some(days.into()),
                unit: Some("d".into()),
                system: Some("http://unitsofmeasure.org".into()),
                code: Some("d".into()),
                ..Default::default()
            });
        }
    }
    let key = match e.identifier.first().and_then(|i| i.value.clone()) {
        Some(visit) => format!("{}|{visit}", ctx.patient.as_deref().unwrap_or("")),
        None => position_key(ctx, pv1),
    };
    let r = ctx.add(e.into(), &key);
    ctx.encounter = Some(r);
}

fn related_person(ctx: &mut Ctx, nk1: &Segment<'_>) {
    let mut p = RelatedPerson {
        patient: subject(ctx),
        ..Default::default()
    };
    for r in reps(nk1, 2) {
        p.name.extend(xpn(ctx, &r, "NK1-2"));
    }
    if let Some(r) = rep1(nk1, 3) {
        p.relationship.extend(cwe(&r));
    }
    for r in reps(nk1, 4) {
        p.address.extend(xad(ctx, &r, "NK1-4"));
    }
    for (n, u) in [(5, "home"), (6, "work"), (40, ""), (41, "")] {
        for r in reps(nk1, n) {
            p.telecom.extend(xtn(ctx, &r, u, &loc(nk1, n)));
        }
    }
    let start = dtm_field(ctx, nk1, 8);
    let end = dtm_field(ctx, nk1, 9);
    p.period = period(start, end);
    if let Some(sex) = text(nk1, 15) {
        p.gender = concept("AdministrativeSex", &sex).map(|m| m.code.to_string());
    }
    p.birth_date = dtm_field(ctx, nk1, 16).map(|d| d.chars().take(10).collect());
    for r in reps(nk1, 33) {
        p.identifier.extend(cx(ctx, &r, "NK1-33"));
    }
    if p.patient.is_none() {
        ctx.warn(
            "NK1",
            "no PID: RelatedPerson.patient (required) is missing".into(),
        );
    }
    let key = position_key(ctx, nk1);
    ctx.add(p.into(), &key);
}

/// OBX-5 by value type (OBX-2).
fn obx_value(ctx: &mut Ctx, obx: &Segment<'_>) -> Option<ObservationValue> {
    let vt = text(obx, 2).unwrap_or_default();
    let r = rep1(obx, 5)?;
    let units = rep1(obx, 6);
    let quantity = |value: serde_json::Number, comparator: Option<String>| {
        let mut q = Quantity {
            value: Some(value),
            comparator,
            ..Default::default()
        };
        if let Some(u) = &units {
            q.code = comp(u, 1);
            q.unit = comp(u, 2).or_else(|| comp(u, 1));
            q.system = comp(u, 3).and_then(|s| super::tables::system_uri(&s));
        }
        q
    };
    match vt.as_str() {
        "NM" => {
            let raw = comp(&r, 1)?;
            match number(&raw) {
                Some(n) => Some(ObservationValue::Quantity(quantity(n, None))),
                None => {
                    ctx.warn(
                        "OBX-5",
                        format!("NM value {raw:?} is not a number: kept as text"),
                    );
                    Some(ObservationValue::String(raw))
                }
            }
        }
        "SN" => {
            let cmp = comp(&r, 1);
            let n1 = comp(&r, 2).and_then(|v| number(&v));
            let sep = comp(&r, 3);
            let n2 = comp(&r, 4).and_then(|v| number(&v));
            match (sep.as_deref(), n1, n2) {
                (None, Some(a), _) => Some(ObservationValue::Quantity(quantity(a, cmp))),
                (Some("-"), Some(a), Some(b)) => Some(ObservationValue::Range(Range {
                    low: Some(quantity(a, None)),
                    high: Some(quantity(b, None)),
                    ..Default::default()
                })),
                (Some(":") | Some("/"), Some(a), Some(b)) => Some(ObservationValue::Ratio(Ratio {
                    numerator: Some(quantity(a, None)),
                    denominator: Some(Quantity {
                        value: Some(b),
                        ..Default::default()
                    }),
                    ..Default::default()
                })),
                _ => Some(ObservationValue::String(r.decoded().into_owned())),
            }
        }
        "CE" | "CWE" | "CNE" | "CF" => cwe(&r).map(ObservationValue::CodeableConcept),
        "DT" | "DTM" | "TS" => comp(&r, 1)
            .and_then(|v| dtm(ctx, &v, "OBX-5"))
            .map(ObservationValue::DateTime),
        _ => {
            // ST, TX, FT and the rest: the text, repetitions on separate lines.
            let f = obx.field(5)?;
            let text: Vec<String> = f
                .repetitions()
                .map(|r| r.decoded().into_owned())
                .filter(|s| !s.is_empty())
                .collect();
            (!text.is_empty()).then(|| ObservationValue::String(text.join("\n")))
        }
    }
}

fn number(s: &str) -> Option<serde_json::Number> {
    let t = s.trim();
    if let Ok(i) = t.parse::<i64>() {
        return Some(i.into());
    }
    t.parse::<f64>().ok().and_then(serde_json::Number::from_f64)
}

fn observation(ctx: &mut Ctx, obx: &Segment<'_>) -> Option<String> {
    let mut o = Observation {
        subject: subject(ctx),
        encounter: encounter_ref(ctx),
        ..Default::default()
    };
    o.code = rep1(obx, 3).and_then(|r| cwe(&r));
    if o.code.is_none() {
        // Observation.code is 1..1: say the code is unknown (FHIR data-absent-reason).
        ctx.warn(
            "OBX-3",
            "no observation identifier: Observation.code marked data-absent".into(),
        );
        o.code = Some(CodeableConcept {
            extension: vec![ext(
                "http://hl7.org/fhir/StructureDefinition/data-absent-reason",
                ExtensionValue::Code("unknown".into()),
            )],
            ..Default::default()
        });
    }
    o.value = obx_value(ctx, obx);
    if let Some(r) = rep1(obx, 7) {
        o.reference_range.push(ObservationReferenceRange {
            text: Some(r.decoded().into_owned()),
            ..Default::default()
        });
    }
    for r in reps(obx, 8) {
        o.interpretation
            .extend(mapped_cc("InterpretationCodes", &r));
    }
    o.status = Some(
        text(obx, 11)
            .and_then(|s| concept("ObservationResultStatusCodesInterpretation", &s))
            .map(|m| m.code.to_string())
            .unwrap_or_else(|| "unknown".into()),
    );
    o.effective = dtm_field(ctx, obx, 14).map(ObservationEffective::DateTime);
    for r in reps(obx, 16) {
        if let Some(p) = practitioner(ctx, &r, "OBX-16") {
            o.performer.push(Ctx::reference(&p));
        }
    }
    if let Some(r) = rep1(obx, 17) {
        o.method = cwe(&r);
    }
    o.issued = dtm_field(ctx, obx, 19).filter(|d| d.len() > 10);
    if let Some(r) = rep1(obx, 20) {
        o.body_site = cwe(&r);
    }
    for r in reps(obx, 21) {
        if let Some(v) = comp(&r, 1) {
            o.identifier.push(Identifier {
                value: Some(v),
                system: hd_uri(comp(&r, 2), comp(&r, 3), comp(&r, 4)),
                ..Default::default()
            });
        }
    }
    let key = position_key(ctx, obx);
    Some(ctx.add(o.into(), &key))
}

fn add_result(ctx: &mut Ctx, report: &str, observation: &str) {
    let id = report.rsplit('/').next().unwrap_or("");
    for r in ctx.entries.iter_mut() {
        if let Resource::DiagnosticReport(d) = r {
            if d.id.as_deref() == Some(id) {
                d.result.push(Ctx::reference(observation));
            }
        }
    }
}

fn allergy(ctx: &mut Ctx, al1: &Segment<'_>) {
    let mut a = AllergyIntolerance {
        patient: subject(ctx),
        encounter: encounter_ref(ctx),
        clinical_status: Some(code(
            "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical",
            "active",
            Some("Active"),
        )),
        ..Default::default()
    };
    if let Some(t) = text(al1, 2) {
        a.category.extend(
            concept("AllergenType[AllergyIntoleranceCategory]", &t).map(|m| m.code.to_string()),
        );
    }
    a.code = rep1(al1, 3).and_then(|r| cwe(&r));
    let severity = text(al1, 4);
    if let Some(s) = &severity {
        a.criticality = concept("AllergySeverity[AllergyIntolerance.criticality]", s)
            .map(|m| m.code.to_string());
    }
    let mut reaction = AllergyIntoleranceReaction::default();
    for r in reps(al1, 5) {
        let t = r.decoded().into_owned();
        reaction.manifestation.push(CodeableConcept {
            text: Some(t),
            ..Default::default()
        });
    }
    if !reaction.manifestation.is_empty() {
        reaction.severity = severity
            .as_deref()
            .and_then(|s| concept("AllergySeverity[AllergyIntolerance.reaction.severity]", s))
            .map(|m| m.code.to_string());
        a.reaction.push(reaction);
    }
    a.onset = dtm_field(ctx, al1, 6).map(OnsetChoice::DateTime);
    let key = position_key(ctx, al1);
    ctx.add(a.into(), &key);
}

/// IAM (allergy with action code, ADT^A60) to AllergyIntolerance.
fn allergy_iam(ctx: &mut Ctx, iam: &Segment<'_>) {
    let mut a = AllergyIntolerance {
        patient: subject(ctx),
        encounter: encounter_ref(ctx),
        ..Default::default()
    };
    if let Some(t) = rep1(iam, 2).and_then(|r| comp(&r, 1)) {
        a.category.extend(
            concept("AllergenType[AllergyIntoleranceCategory]", &t).map(|m| m.code.to_string()),
        );
    }
    a.code = rep1(iam, 3).and_then(|r| cwe(&r));
    if let Some(clinician) = rep1(iam, 27).and_then(|r| cwe(&r)) {
        match &mut a.code {
            Some(c) => c.coding.extend(clinician.coding),
            None => a.code = Some(clinician),
        }
    }
    let severity = rep1(iam, 4).and_then(|r| comp(&r, 1));
    if let Some(s) = &severity {
        a.criticality = concept("AllergySeverity[AllergyIntolerance.criticality]", s)
            .map(|m| m.code.to_string());
    }
    let mut reaction = AllergyIntoleranceReaction::default();
    for r in reps(iam, 5) {
        reaction.manifestation.push(CodeableConcept {
            text: Some(r.decoded().into_owned()),
            ..Default::default()
        });
    }
    if !reaction.manifestation.is_empty() {
        reaction.severity = severity
            .as_deref()
            .and_then(|s| concept("AllergySeverity[AllergyIntolerance.reaction.severity]", s))
            .map(|m| m.code.to_string());
        a.reaction.push(reaction);
    }
    a.identifier.extend(ei(iam, 7, "FILL").map(|mut i| {
        i.type_ = None;
        i
    }));
    a.onset = dtm_field(ctx, iam, 11)
        .map(OnsetChoice::DateTime)
        .or_else(|| text(iam, 12).map(OnsetChoice::String));
    a.recorded_date = dtm_field(ctx, iam, 13);
    a.clinical_status = rep1(iam, 17).and_then(|r| cwe(&r)).or_else(|| {
        Some(code(
            "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical",
            "active",
            Some("Active"),
        ))
    });
    let key = position_key(ctx, iam);
    ctx.add(a.into(), &key);
}

fn condition(ctx: &mut Ctx, dg1: &Segment<'_>) {
    let mut c = Condition {
        subject: subject(ctx),
        encounter: encounter_ref(ctx),
        category: vec![code(
            "http://terminology.hl7.org/CodeSystem/condition-category",
            "encounter-diagnosis",
            Some("Encounter Diagnosis"),
        )],
        ..Default::default()
    };
    c.code = rep1(dg1, 3).and_then(|r| cwe(&r));
    if c.code.is_none() {
        c.code = text(dg1, 4).map(|t| CodeableConcept {
            text: Some(t),
            ..Default::default()
        });
    }
    c.onset = dtm_field(ctx, dg1, 5).map(OnsetChoice::DateTime);
    c.recorded_date = dtm_field(ctx, dg1, 19);
    if let Some(r) = rep1(dg1, 20) {
        if let Some(v) = comp(&r, 1) {
            c.identifier.push(Identifier {
                value: Some(v),
                system: hd_uri(comp(&r, 2), comp(&r, 3), comp(&r, 4)),
                ..Default::default()
            });
        }
    }
    let key = position_key(ctx, dg1);
    ctx.add(c.into(), &key);
}

/// EI (entity identifier) in field `n`.
fn ei(seg: &Segment<'_>, n: usize, type_code: &str) -> Option<Identifier> {
    let r = rep1(seg, n)?;
    Some(Identifier {
        value: Some(comp(&r, 1)?),
        system: hd_uri(comp(&r, 2), comp(&r, 3), comp(&r, 4)),
        type_: Some(code(V2_0203, type_code, None)),
        ..Default::default()
    })
}

/// OBR (+ its ORC) to a ServiceRequest and a DiagnosticReport; returns both references.
fn order(ctx: &mut Ctx, obr: &Segment<'_>, orc: Option<&Segment<'_>>) -> (String, String) {
    let mut sr = ServiceRequest {
        subject: subject(ctx),
        encounter: encounter_ref(ctx),
        intent: Some("order".into()),
        ..Default::default()
    };
    let placer = ei(obr, 2, "PLAC").or_else(|| orc.and_then(|o| ei(o, 2, "PLAC")));
    let filler = ei(obr, 3, "FILL").or_else(|| orc.and_then(|o| ei(o, 3, "FILL")));
    sr.identifier.extend(placer.clone());
    sr.identifier.extend(filler.clone());
    sr.code = rep1(obr, 4).and_then(|r| cwe(&r));
    sr.status = Some(
        match orc.and_then(|o| text(o, 5)).as_deref() {
            Some("CM") => "completed",
            Some("CA") | Some("DC") => "revoked",
            Some("HD") => "on-hold",
            Some("IP") | Some("SC") | Some("A") => "active",
            _ => "unknown",
        }
        .into(),
    );
    sr.authored_on = orc.and_then(|o| dtm_field(ctx, o, 9));
    let requester = rep1(obr, 16).or_else(|| orc.and_then(|o| rep1(o, 12)));
    if let Some(r) = requester {
        sr.requester = practitioner(ctx, &r, "OBR-16").map(|p| Ctx::reference(&p));
    }
    for r in reps(obr, 31) {
        sr.reason_code.extend(cwe(&r));
    }
    let sr_ref = {
        let key = position_key(ctx, obr);
        ctx.add(sr.into(), &key)
    };
    let mut dr = DiagnosticReport {
        subject: subject(ctx),
        encounter: encounter_ref(ctx),
        ..Default::default()
    };
    dr.identifier.extend(placer);
    dr.identifier.extend(filler);
    dr.based_on.push(Ctx::reference(&sr_ref));
    dr.code = rep1(obr, 4).and_then(|r| cwe(&r));
    if dr.code.is_none() {
        ctx.warn(
            "OBR-4",
            "no universal service identifier: DiagnosticReport.code (required) is missing".into(),
        );
    }
    dr.status = Some(
        text(obr, 25)
            .and_then(|s| concept("ResultStatus[Non-Queries]", &s))
            .map(|m| m.code.to_string())
            .unwrap_or_else(|| "unknown".into()),
    );
    dr.effective = dtm_field(ctx, obr, 7).map(DiagnosticReportEffective::DateTime);
    dr.issued = dtm_field(ctx, obr, 22).filter(|d| d.len() > 10);
    if let Some(r) = rep1(obr, 24) {
        dr.category.extend(cwe(&r));
    }
    let key = format!("{}|report", position_key(ctx, obr));
    let dr_ref = ctx.add(dr.into(), &key);
    (sr_ref, dr_ref)
}

fn specimen(ctx: &mut Ctx, spm: &Segment<'_>, request: Option<&str>) {
    let mut s = Specimen {
        subject: subject(ctx),
        ..Default::default()
    };
    if let Some(r) = rep1(spm, 2) {
        for n in [1, 2] {
            if let Some(v) = sub(&r, n, 1) {
                s.identifier.push(Identifier {
                    value: Some(v),
                    system: hd_uri(sub(&r, n, 2), sub(&r, n, 3), sub(&r, n, 4)),
                    ..Default::default()
                });
            }
        }
    }
    s.type_ = rep1(spm, 4).and_then(|r| cwe(&r));
    s.request.extend(request.map(Ctx::reference));
    let mut col = SpecimenCollection::default();
    if let Some(r) = rep1(spm, 7) {
        col.method = cwe(&r);
    }
    if let Some(r) = rep1(spm, 8) {
        col.body_site = cwe(&r);
    }
    if let Some(r) = rep1(spm, 17) {
        let start = dtm_comp(ctx, &r, 1, "SPM-17");
        let end = dtm_comp(ctx, &r, 2, "SPM-17");
        col.collected = match (start, end) {
            (Some(a), None) => Some(SpecimenCollected::DateTime(a)),
            (a, b) => period(a, b).map(SpecimenCollected::Period),
        };
    }
    if col != SpecimenCollection::default() {
        s.collection = Some(col);
    }
    s.received_time = dtm_field(ctx, spm, 18);
    for r in reps(spm, 24) {
        s.condition.extend(cwe(&r));
    }
    let key = position_key(ctx, spm);
    ctx.add(s.into(), &key);
}

fn coverage(ctx: &mut Ctx, in1: &Segment<'_>) {
    let mut c = Coverage {
        beneficiary: subject(ctx),
        status: Some("active".into()),
        ..Default::default()
    };
    if let Some(r) = rep1(in1, 2) {
        if let Some(v) = comp(&r, 1) {
            c.identifier.push(Identifier {
                value: Some(v),
                ..Default::default()
            });
        }
    }
    let mut payor = Organization {
        name: text(in1, 4),
        ..Default::default()
    };
    for r in reps(in1, 3) {
        payor.identifier.extend(cx(ctx, &r, "IN1-3"));
    }
    for r in reps(in1, 5) {
        payor.address.extend(xad(ctx, &r, "IN1-5"));
    }
    if payor.name.is_some() || !payor.identifier.is_empty() {
        let key = to_json(&payor);
        let p = ctx.add(payor.into(), &key);
        c.payor.push(Ctx::reference(&p));
    } else if let Some(p) = ctx.patient.clone() {
        // Coverage.payor is 1..*: without an insurer, the patient pays.
        c.payor.push(Ctx::reference(&p));
    }
    let start = dtm_field(ctx, in1, 12);
    let end = dtm_field(ctx, in1, 13);
    c.period = period(start, end);
    if let Some(r) = rep1(in1, 15) {
        c.type_ = cwe(&r);
    }
    if let Some(r) = rep1(in1, 17) {
        c.relationship = cwe(&r);
    }
    c.subscriber_id = text(in1, 36);
    let key = position_key(ctx, in1);
    ctx.add(c.into(), &key);
}

fn immunization(ctx: &mut Ctx, rxa: &Segment<'_>) {
    let mut i = Immunization {
        patient: subject(ctx),
        encounter: encounter_ref(ctx),
        ..Default::default()
    };
    i.occurrence = dtm_field(ctx, rxa, 3).map(ImmunizationOccurrence::DateTime);
    i.vaccine_code = rep1(rxa, 5).and_then(|r| cwe(&r));
    if let Some(amount) = text(rxa, 6).and_then(|a| number(&a)) {
        if amount.as_f64() != Some(999.0) {
            let mut q = Quantity {
                value: Some(amount),
                ..Default::default()
            };
            if let Some(u) = rep1(rxa, 7) {
                q.code = comp(&u, 1);
                q.unit = comp(&u, 2).or_else(|| comp(&u, 1));
                q.system = comp(&u, 3).and_then(|s| super::tables::system_uri(&s));
            }
            i.dose_quantity = Some(q);
        }
    }
    for r in reps(rxa, 10) {
        if let Some(p) = practitioner(ctx, &r, "RXA-10") {
            i.performer.push(ImmunizationPerformer {
                function: Some(code(
                    "http://terminology.hl7.org/CodeSystem/v2-0443",
                    "AP",
                    Some("Administering Provider"),
                )),
                actor: Some(Ctx::reference(&p)),
                ..Default::default()
            });
        }
    }
    i.lot_number = text(rxa, 15);
    i.expiration_date = dtm_field(ctx, rxa, 16).map(|d| d.chars().take(10).collect());
    i.status = Some(
        match text(rxa, 20).as_deref() {
            Some("CP") | Some("PA") | None => "completed",
            Some("RE") | Some("NA") => "not-done",
            _ => "entered-in-error",
        }
        .into(),
    );
    if i.occurrence.is_none() {
        ctx.warn(
            "RXA-3",
            "no administration time: Immunization.occurrence (required) is missing".into(),
        );
    }
    let key = position_key(ctx, rxa);
    ctx.add(i.into(), &key);
}

fn medication_request(ctx: &mut Ctx, seg: &Segment<'_>, orc: Option<&Segment<'_>>) {
    let mut m = MedicationRequest {
        subject: subject(ctx),
        encounter: encounter_ref(ctx),
        intent: Some("order".into()),
        status: Some("active".into()),
        ..Default::default()
    };
    // RXO-1 / RXE-2: requested or give code.
    let code_field = if seg.id() == "RXO" { 1 } else { 2 };
    m.medication = rep1(seg, code_field)
        .and_then(|r| cwe(&r))
        .map(MedicationChoice::CodeableConcept);
    if let Some(o) = orc {
        m.identifier.extend(ei(o, 2, "PLAC"));
        m.identifier.extend(ei(o, 3, "FILL"));
        m.authored_on = dtm_field(ctx, o, 9);
        if let Some(r) = rep1(o, 12) {
            m.requester = practitioner(ctx, &r, "ORC-12").map(|p| Ctx::reference(&p));
        }
    }
    if m.medication.is_none() {
        ctx.warn(
            seg.id(),
            "no medication code: MedicationRequest.medication (required) is missing".into(),
        );
    }
    let key = position_key(ctx, seg);
    ctx.add(m.into(), &key);
}
