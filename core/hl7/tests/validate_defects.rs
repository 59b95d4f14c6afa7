//! Planted defects, each reported at its exact location with its HL7 table 0357 code.
//!
//! The base message is a conformant HL7 v2.5 ADT^A01 (chapter 3 of the standard: MSH, EVN,
//! PID, PV1); each test changes one thing. Expected offsets are computed from the text itself.
use medcore_hl7::profile::Profile;
use medcore_hl7::validate::{ErrorCode, Issue, Rule, Severity, ValidationReport, Validator};

const MSH: &str =
    "MSH|^~\\&|SENDAPP|SENDFAC|RECVAPP|RECVFAC|20240101120000||ADT^A01^ADT_A01|MSG00001|P|2.5";
const EVN: &str = "EVN|A01|20240101120000";
const PID: &str =
    "PID|1||12345^^^HOSP^MR||Doe^Jane^^^^^L||19800101|F|||1 Main St^^Springfield^IL^62701^USA";
const PV1: &str = "PV1|1|I|WARD^101^1";

fn join(segs: &[&str]) -> String {
    let mut s = segs.join("\r");
    s.push('\r');
    s
}

fn validate(text: &str, profile: Profile) -> ValidationReport {
    let msg = medcore_hl7::parse_str(text).unwrap();
    Validator::new(profile).validate(&msg)
}

fn only(report: &ValidationReport, severity_at_least: Severity) -> Vec<&Issue> {
    report
        .issues
        .iter()
        .filter(|i| i.severity >= severity_at_least)
        .collect()
}

#[test]
fn base_message_is_clean_under_strict() {
    let r = validate(&join(&[MSH, EVN, PID, PV1]), Profile::strict());
    assert_eq!(r.structure.as_deref(), Some("ADT_A01"));
    assert_eq!(r.definitions.as_deref(), Some("2.5"));
    assert!(r.issues.is_empty(), "{:#?}", r.issues);
}

#[test]
fn missing_msh_9() {
    let msh = MSH.replace("ADT^A01^ADT_A01", "");
    let text = join(&[&msh, EVN, PID, PV1]);
    let r = validate(&text, Profile::lenient());
    let errs = only(&r, Severity::Error);
    assert_eq!(errs.len(), 1, "{errs:#?}");
    let i = errs[0];
    assert_eq!(i.code, ErrorCode::RequiredFieldMissing);
    assert_eq!(i.code.as_u16(), 101);
    assert_eq!(
        (i.segment.as_str(), i.segment_index, i.field),
        ("MSH", 1, Some(9))
    );
    assert_eq!(i.line, 1);
    assert_eq!(i.offset, text.find("||MSG00001").unwrap() + 1);
    assert!(r.has_errors());
}

#[test]
fn bad_date_in_pid_7() {
    let pid = PID.replace("19800101", "19801340");
    let text = join(&[MSH, EVN, &pid, PV1]);
    for profile in [Profile::lenient(), Profile::strict()] {
        let strict = profile.name == "strict";
        let r = validate(&text, profile);
        assert_eq!(r.issues.len(), 1, "{:#?}", r.issues);
        let i = &r.issues[0];
        assert_eq!(i.code.as_u16(), 102);
        assert_eq!(i.rule, Rule::DataType);
        assert_eq!((i.segment.as_str(), i.segment_index), ("PID", 3));
        // PID-7 is a TS in v2.5: the date is its first component.
        assert_eq!(
            (i.field, i.repetition, i.component),
            (Some(7), Some(1), Some(1))
        );
        assert_eq!(i.line, 3);
        assert_eq!(i.offset, text.find("19801340").unwrap());
        assert!(i.message.contains("month 13"), "{}", i.message);
        assert_eq!(
            i.severity,
            if strict {
                Severity::Error
            } else {
                Severity::Warning
            }
        );
    }
}

#[test]
fn value_outside_its_table() {
    let pid = PID.replace("|F|", "|X|");
    let text = join(&[MSH, EVN, &pid, PV1]);
    let r = validate(&text, Profile::strict());
    assert_eq!(r.issues.len(), 1, "{:#?}", r.issues);
    let i = &r.issues[0];
    assert_eq!(i.code, ErrorCode::TableValueNotFound);
    assert_eq!(i.code.as_u16(), 103);
    assert_eq!(
        (i.segment.as_str(), i.segment_index, i.field, i.repetition),
        ("PID", 3, Some(8), Some(1))
    );
    assert_eq!(i.offset, text.find("|X|").unwrap() + 1);
    assert!(i.message.contains("0001"), "{}", i.message);
    assert_eq!(i.severity, Severity::Error);
    // Lenient reports it too, as a warning.
    let r = validate(&text, Profile::lenient());
    assert_eq!(r.issues.len(), 1);
    assert_eq!(
        (r.issues[0].code.as_u16(), r.issues[0].severity),
        (103, Severity::Warning)
    );
}

#[test]
fn missing_required_segment() {
    let text = join(&[MSH, PID, PV1]);
    let r = validate(&text, Profile::strict());
    assert_eq!(r.issues.len(), 1, "{:#?}", r.issues);
    let i = &r.issues[0];
    assert_eq!(i.code, ErrorCode::SegmentSequence);
    assert_eq!(i.rule, Rule::SegmentMissing);
    // EVN was expected where PID (segment 2, line 2) is.
    assert_eq!(
        (i.segment.as_str(), i.segment_index, i.field),
        ("EVN", 2, None)
    );
    assert_eq!((i.line, i.offset), (2, MSH.len() + 1));
    assert!(i.message.contains("EVN"), "{}", i.message);
    // At the end of the message: after the last segment.
    let text = join(&[MSH, EVN, PID]);
    let r = validate(&text, Profile::strict());
    assert_eq!(r.issues.len(), 1, "{:#?}", r.issues);
    let i = &r.issues[0];
    assert_eq!((i.segment.as_str(), i.segment_index, i.line), ("PV1", 4, 4));
    assert_eq!(i.offset, text.len() - 1);
}

#[test]
fn segments_out_of_order() {
    let text = join(&[MSH, EVN, PV1, PID]);
    let r = validate(&text, Profile::strict());
    assert_eq!(r.issues.len(), 1, "{:#?}", r.issues);
    let i = &r.issues[0];
    assert_eq!(i.code.as_u16(), 100);
    assert_eq!(i.rule, Rule::SegmentOutOfOrder);
    assert_eq!((i.segment.as_str(), i.segment_index, i.line), ("PID", 4, 4));
    assert_eq!(i.offset, text.find("PID|").unwrap());
}

#[test]
fn too_many_repetitions() {
    // A field: PID-8 may occur once.
    let pid = PID.replace("|F|", "|F~M|");
    let text = join(&[MSH, EVN, &pid, PV1]);
    let r = validate(&text, Profile::strict());
    assert_eq!(r.issues.len(), 1, "{:#?}", r.issues);
    let i = &r.issues[0];
    assert_eq!(i.code.as_u16(), 102);
    assert_eq!(i.rule, Rule::FieldRepetition);
    assert_eq!(
        (i.segment.as_str(), i.field, i.repetition),
        ("PID", Some(8), Some(2))
    );
    assert_eq!(i.offset, text.find("~M").unwrap() + 1);
    // A segment: PID may occur once in ADT_A01.
    let text = join(&[MSH, EVN, PID, PID, PV1]);
    let r = validate(&text, Profile::strict());
    assert_eq!(r.issues.len(), 1, "{:#?}", r.issues);
    let i = &r.issues[0];
    assert_eq!((i.code.as_u16(), i.rule), (100, Rule::SegmentRepetition));
    assert_eq!((i.segment.as_str(), i.segment_index, i.line), ("PID", 4, 4));
}

#[test]
fn every_problem_is_reported_and_the_walk_resynchronizes() {
    let pid = PID.replace("19800101", "1980").replace("|F|", "|Q|");
    let text = join(&[MSH, EVN, "ORC|NW", &pid, "ZPI|custom", PV1, "XYZ|1"]);
    let r = validate(&text, Profile::strict());
    let rules: Vec<(Rule, usize)> = r.issues.iter().map(|i| (i.rule, i.segment_index)).collect();
    assert_eq!(
        rules,
        vec![
            (Rule::SegmentUnexpected, 3),
            (Rule::TableValue, 4),
            (Rule::ZSegment, 5),
            (Rule::SegmentUnknown, 7),
        ],
        "{:#?}",
        r.issues
    );
}

#[test]
fn profiles_override_usage_length_and_define_z_segments() {
    let profile = Profile::from_json(
        r#"{"name":"site","extends":"lenient",
            "segments":{"PID":{"fields":{"7":{"length":6},"19":{"usage":"R"}}},
                        "PV1":{"usage":"X"},
                        "ZPI":{"fields":{"1":{"datatype":"NM","usage":"R"}}}}}"#,
    )
    .unwrap();
    let text = join(&[MSH, EVN, PID, PV1, "ZPI|abc"]);
    let r = validate(&text, profile);
    let got: Vec<(Rule, &str, Option<usize>, u16)> = r
        .issues
        .iter()
        .map(|i| (i.rule, i.segment.as_str(), i.field, i.code.as_u16()))
        .collect();
    assert_eq!(
        got,
        vec![
            (Rule::Length, "PID", Some(7), 104),
            (Rule::FieldRequired, "PID", Some(19), 101),
            (Rule::SegmentNotSupported, "PV1", None, 100),
            (Rule::DataType, "ZPI", Some(1), 102),
        ],
        "{:#?}",
        r.issues
    );
}

#[test]
fn unsupported_type_event_and_version() {
    let text = join(&[&MSH.replace("ADT^A01^ADT_A01", "QQQ^Q99"), EVN]);
    let r = validate(&text, Profile::strict());
    assert_eq!(r.issues[0].code, ErrorCode::UnsupportedMessageType);
    assert_eq!(
        (r.issues[0].field, r.issues[0].component),
        (Some(9), Some(1))
    );
    let text = join(&[&MSH.replace("ADT^A01^ADT_A01", "ADT^Z99"), EVN]);
    let r = validate(&text, Profile::strict());
    assert_eq!(r.issues[0].code, ErrorCode::UnsupportedEventCode);
    let text = join(&[&MSH.replace("|2.5", "|2.1"), EVN, PID, PV1]);
    let r = validate(&text, Profile::strict());
    assert_eq!(r.issues[0].code, ErrorCode::UnsupportedVersionId);
    assert_eq!(
        (r.issues[0].field, r.issues[0].offset),
        (Some(12), text.find("2.1").unwrap())
    );
    // 2.7.1 is checked against 2.7, where EVN-1 is withdrawn (an error in strict).
    let text = join(&[&MSH.replace("|2.5", "|2.7.1"), EVN, PID, PV1]);
    let r = validate(&text, Profile::strict());
    assert_eq!(r.definitions.as_deref(), Some("2.7"));
    let got: Vec<(Severity, Rule)> = r.issues.iter().map(|i| (i.severity, i.rule)).collect();
    assert_eq!(
        got,
        vec![
            (Severity::Info, Rule::Version),
            (Severity::Error, Rule::FieldWithdrawn)
        ]
    );
}
