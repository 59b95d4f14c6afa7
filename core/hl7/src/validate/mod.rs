//! Validation of HL7 v2 messages against the embedded definitions and a profile.
//!
//! The validator reports every problem it finds, not only the first: the message structure
//! (segment order, groups, required and repeating segments) is walked by a tolerant matcher
//! that re-synchronizes after an unexpected segment, and every field of every segment is
//! checked (required, repetitions, data types down to subcomponents, tables, lengths).
//! Each issue carries its HL7 table 0357 code, a severity set by the profile, its exact
//! location and a message a person understands.

pub mod datatype;
mod fields;
pub mod issue;
pub(crate) mod structure;

pub use issue::{ErrorCode, Issue, Location, Rule, Severity};

use crate::defs::{self, Definitions, VersionMatch};
use crate::profile::Profile;
use crate::{Delimiters, Message};
use serde::{Deserialize, Serialize};
use structure::Finding;

/// The delimiters of a message (from MSH-1 and MSH-2), as bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Separators {
    /// Field separator, usually `|`.
    pub field: u8,
    /// Component separator, usually `^`.
    pub component: u8,
    /// Repetition separator, usually `~`.
    pub repetition: u8,
    /// Escape character, usually `\`.
    pub escape: u8,
    /// Subcomponent separator, usually `&`.
    pub subcomponent: u8,
}

impl From<&Delimiters> for Separators {
    fn from(d: &Delimiters) -> Self {
        let byte = |c: char, fallback: u8| u8::try_from(u32::from(c)).unwrap_or(fallback);
        let def = Separators::default();
        Separators {
            field: byte(d.field, def.field),
            component: byte(d.component, def.component),
            repetition: byte(d.repetition, def.repetition),
            // A message without escape or subcomponent characters never splits on them: use a
            // byte that cannot occur in text.
            escape: d.escape.map_or(0, |c| byte(c, 0)),
            subcomponent: d.subcomponent.map_or(0, |c| byte(c, 0)),
        }
    }
}

impl Default for Separators {
    fn default() -> Self {
        Separators {
            field: b'|',
            component: b'^',
            repetition: b'~',
            escape: b'\\',
            subcomponent: b'&',
        }
    }
}

/// One segment as the validator sees it: its raw text and where it is in the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SegmentInput<'a> {
    /// The segment's text, from its id up to (not including) the segment separator.
    pub text: &'a str,
    /// Byte offset of the segment's first byte in the input.
    pub offset: usize,
    /// Line of the input (1-based) the segment starts on.
    pub line: usize,
}

impl SegmentInput<'_> {
    /// The segment id: the text up to the first field separator.
    pub fn id(&self, field_sep: u8) -> &str {
        let end = self
            .text
            .as_bytes()
            .iter()
            .position(|b| *b == field_sep)
            .unwrap_or(self.text.len());
        self.text.get(..end).unwrap_or("")
    }
}

/// The result of validating one message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValidationReport {
    /// MSH-10, the message control id.
    pub control_id: String,
    /// MSH-9 as sent, e.g. `ADT^A04^ADT_A01`.
    pub message_type: String,
    /// MSH-12 as sent.
    pub version: String,
    /// The definitions the message was checked against, e.g. `2.5.1`.
    pub definitions: Option<String>,
    /// The message structure the segments were matched against, e.g. `ADT_A01`.
    pub structure: Option<String>,
    /// Every issue found, in message order.
    pub issues: Vec<Issue>,
}

impl ValidationReport {
    /// `true` when any issue is an error.
    pub fn has_errors(&self) -> bool {
        self.issues.iter().any(|i| i.severity == Severity::Error)
    }

    /// The most serious severity among the issues, `None` when there are none.
    pub fn worst(&self) -> Option<Severity> {
        self.issues.iter().map(|i| i.severity).max()
    }

    /// Issues of one severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.issues
            .iter()
            .filter(|i| i.severity == severity)
            .count()
    }
}

/// A validator: a profile prepared for use on many messages (long-lived, shareable across
/// threads).
#[derive(Debug, Clone)]
pub struct Validator {
    profile: Profile,
}

impl Default for Validator {
    fn default() -> Self {
        Validator::new(Profile::lenient())
    }
}

impl Validator {
    /// A validator for `profile`.
    pub fn new(profile: Profile) -> Validator {
        Validator { profile }
    }

    /// The profile in use.
    pub fn profile(&self) -> &Profile {
        &self.profile
    }

    /// Validates one parsed message.
    pub fn validate(&self, message: &Message<'_>) -> ValidationReport {
        let segments: Vec<SegmentInput<'_>> = message
            .segments()
            .map(|s| SegmentInput {
                text: s.raw(),
                offset: s.offset(),
                line: s.line(),
            })
            .collect();
        self.run(
            &segments,
            Separators::from(message.delimiters()),
            Some(message),
        )
    }

    /// Validates many parsed messages (one call for a whole batch).
    pub fn validate_all(&self, messages: &[Message<'_>]) -> Vec<ValidationReport> {
        messages.iter().map(|m| self.validate(m)).collect()
    }

    /// Validates one message given as its segments. `seps` are the message's delimiters;
    /// the first segment should be MSH.
    pub fn validate_segments(
        &self,
        segments: &[SegmentInput<'_>],
        seps: Separators,
    ) -> ValidationReport {
        self.run(segments, seps, None)
    }

    /// Validates `segments`; when they come from a parsed `message`, its field boundaries are
    /// used instead of splitting the text again.
    fn run(
        &self,
        segments: &[SegmentInput<'_>],
        seps: Separators,
        message: Option<&Message<'_>>,
    ) -> ValidationReport {
        let profile = &self.profile;
        let mut issues = Vec::new();
        let mut report = ValidationReport {
            control_id: String::new(),
            message_type: String::new(),
            version: String::new(),
            definitions: None,
            structure: None,
            issues: Vec::new(),
        };
        let ids: Vec<&str> = segments.iter().map(|s| s.id(seps.field)).collect();
        let seg_loc = |i: usize| -> Location {
            match segments.get(i) {
                Some(s) => Location {
                    segment: ids.get(i).copied().unwrap_or("").to_string(),
                    segment_index: i + 1,
                    line: s.line,
                    offset: s.offset,
                    ..Location::default()
                },
                None => {
                    let (line, offset) = segments
                        .last()
                        .map_or((1, 0), |s| (s.line + 1, s.offset + s.text.len()));
                    Location {
                        segment: String::new(),
                        segment_index: segments.len() + 1,
                        line,
                        offset,
                        ..Location::default()
                    }
                }
            }
        };
        let push = |issues: &mut Vec<Issue>, rule: Rule, loc: &Location, msg: String| {
            if let Some(sev) = profile.severity_of(rule) {
                issues.push(Issue::new(sev, rule, loc, msg));
            }
        };

        let Some(msh) = segments.first().filter(|_| ids.first() == Some(&"MSH")) else {
            let loc = seg_loc(0);
            push(
                &mut issues,
                Rule::SegmentMissing,
                &Location {
                    segment: "MSH".into(),
                    ..loc
                },
                "the message does not start with an MSH segment".into(),
            );
            report.issues = issues;
            return report;
        };
        let msh_fields: Vec<&str> = msh.text.split(seps.field as char).collect();
        // msh_fields[n - 1] is MSH-n for n >= 2.
        let msh_field = |n: usize| -> &str { msh_fields.get(n - 1).copied().unwrap_or("") };
        let comp = |v: &str, k: usize| -> String {
            v.split(seps.component as char)
                .nth(k)
                .unwrap_or("")
                .split(seps.repetition as char)
                .next()
                .unwrap_or("")
                .to_string()
        };
        report.control_id = msh_field(10).to_string();
        report.message_type = msh_field(9).to_string();
        report.version = comp(msh_field(12), 0);

        // Version (MSH-12) -> definitions.
        let msh_loc = |field: usize, component: Option<usize>| -> Location {
            let mut l = seg_loc(0);
            l.field = Some(field);
            if component.is_some() {
                l.repetition = Some(1);
            }
            l.component = component;
            let mut pos = if field == 1 {
                3
            } else {
                msh_fields
                    .iter()
                    .take(field - 1)
                    .map(|f| f.len() + 1)
                    .sum::<usize>()
            };
            if let Some(k) = component {
                // Move to the start of component k of the first repetition.
                let value = msh_field(field);
                let first_rep = value.split(seps.repetition as char).next().unwrap_or("");
                pos += first_rep
                    .split(seps.component as char)
                    .take(k.saturating_sub(1))
                    .map(|c| c.len() + 1)
                    .sum::<usize>();
            }
            l.offset += pos.min(msh.text.len());
            l
        };
        let version = report.version.clone();
        let defs: &Definitions = match defs::match_version(&version) {
            VersionMatch::Exact(v) => defs::definitions(v),
            VersionMatch::Nearest(v) => {
                if profile.severity_of(Rule::Version).is_some() {
                    issues.push(Issue::new(
                        Severity::Info,
                        Rule::Version,
                        &msh_loc(12, Some(1)),
                        format!("HL7 version {version} is checked against the {v} definitions"),
                    ));
                }
                defs::definitions(v)
            }
            VersionMatch::Unsupported => {
                let fallback = fallback_version(&version);
                let what = if version.is_empty() {
                    "MSH-12 (version id) is empty".to_string()
                } else {
                    format!("HL7 version '{version}' is not supported")
                };
                push(
                    &mut issues,
                    Rule::Version,
                    &msh_loc(12, Some(1)),
                    format!(
                        "{what}; supported: {}; checked against {fallback}",
                        defs::SUPPORTED_VERSIONS.join(", ")
                    ),
                );
                defs::definitions(fallback)
            }
        }
        .or_else(|| defs::definitions("2.5"))
        .unwrap_or_else(|| unreachable_defs());
        report.definitions = Some(defs.version().to_string());

        // Message type (MSH-9) -> structure.
        let msg9 = msh_field(9);
        let mtype = comp(msg9, 0);
        let event = comp(msg9, 1);
        let declared = comp(msg9, 2);
        let mut structure_id: Option<String> = None;
        if !mtype.is_empty() {
            let by_event = if mtype == "ACK" && defs.structure("ACK").is_some() {
                Some("ACK".to_string())
            } else {
                defs.structure_for_event(&mtype, &event).map(str::to_string)
            };
            if !declared.is_empty() {
                if defs.structure(&declared).is_some() {
                    structure_id = Some(declared.clone());
                } else {
                    push(
                        &mut issues,
                        Rule::MessageStructure,
                        &msh_loc(9, Some(3)),
                        format!(
                            "MSH-9-3 names message structure '{declared}', which HL7 {} does not define{}",
                            defs.version(),
                            by_event
                                .as_ref()
                                .map(|s| format!("; {mtype}^{event} uses {s}"))
                                .unwrap_or_default()
                        ),
                    );
                }
            }
            if structure_id.is_none() {
                structure_id = by_event.clone();
            }
            if structure_id.is_none() {
                if !defs.knows_message_type(&mtype) {
                    push(
                        &mut issues,
                        Rule::MessageType,
                        &msh_loc(9, Some(1)),
                        format!(
                            "message type '{mtype}' is not defined in HL7 {}; the segment order was not checked",
                            defs.version()
                        ),
                    );
                } else {
                    push(
                        &mut issues,
                        Rule::EventCode,
                        &msh_loc(9, Some(2)),
                        format!(
                            "trigger event '{event}' is not defined for message type {mtype} in HL7 {}; the segment order was not checked",
                            defs.version()
                        ),
                    );
                }
            }
        }
        report.structure = structure_id.clone();

        // Segment-level classification: Z-segments, unknown segments.
        let mut skip = vec![false; segments.len()];
        for (i, id) in ids.iter().enumerate() {
            let defined_by_profile = profile.segment(id).is_some_and(|s| !s.fields.is_empty());
            if id.starts_with('Z') {
                skip[i] = true;
                if !defined_by_profile {
                    push(
                        &mut issues,
                        Rule::ZSegment,
                        &seg_loc(i),
                        format!(
                            "{id} is a locally defined Z-segment that the profile does not define"
                        ),
                    );
                }
            } else if defs.segment(id).is_none() && !defined_by_profile {
                skip[i] = true;
                let what = if id.len() == 3
                    && id
                        .bytes()
                        .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
                {
                    format!("segment {id} is not defined in HL7 {}", defs.version())
                } else {
                    format!("'{id}' is not a segment id (three upper-case letters or digits)")
                };
                push(&mut issues, Rule::SegmentUnknown, &seg_loc(i), what);
            }
        }

        // Structure.
        if let Some(sid) = &structure_id {
            if let Some(st) = defs.structure(sid) {
                let findings = structure::match_structure(st, &ids, profile, &|i| skip[i]);
                for f in findings {
                    let (rule, at, msg, seg_override) = match f {
                        Finding::Missing { at, segment, group } => {
                            let what = match group {
                                Some(g) => format!(
                                    "required segment group {g} of {sid} is missing (its {segment} segment)"
                                ),
                                None => format!("required segment {segment} of {sid} is missing"),
                            };
                            let place = match ids.get(at) {
                                Some(s) => format!("; expected before {s} (segment {})", at + 1),
                                None => "; expected before the end of the message".to_string(),
                            };
                            (
                                Rule::SegmentMissing,
                                at,
                                what + &place,
                                Some(segment.to_string()),
                            )
                        }
                        Finding::OutOfOrder { at, expected } => {
                            let exp = if expected.is_empty() {
                                String::new()
                            } else {
                                format!("; expected {} here", expected.join(" or "))
                            };
                            let prev = at
                                .checked_sub(1)
                                .and_then(|p| ids.get(p))
                                .map(|p| format!(" after {p}"))
                                .unwrap_or_default();
                            (
                                Rule::SegmentOutOfOrder,
                                at,
                                format!(
                                    "segment {} is out of order: {sid} does not allow it{prev}{exp}",
                                    ids.get(at).copied().unwrap_or("")
                                ),
                                None,
                            )
                        }
                        Finding::TooMany { at, max } => (
                            Rule::SegmentRepetition,
                            at,
                            format!(
                                "segment {} repeats more than the {max} time{} {sid} allows here",
                                ids.get(at).copied().unwrap_or(""),
                                if max == 1 { "" } else { "s" }
                            ),
                            None,
                        ),
                        Finding::NotInStructure { at } => (
                            Rule::SegmentUnexpected,
                            at,
                            format!(
                                "segment {} is not part of message structure {sid}",
                                ids.get(at).copied().unwrap_or("")
                            ),
                            None,
                        ),
                        Finding::NotSupported { at } => (
                            Rule::SegmentNotSupported,
                            at,
                            format!(
                                "segment {} is not supported by the profile (usage X)",
                                ids.get(at).copied().unwrap_or("")
                            ),
                            None,
                        ),
                    };
                    let mut loc = seg_loc(at);
                    if let Some(s) = seg_override {
                        loc.segment = s;
                    }
                    push(&mut issues, rule, &loc, msg);
                }
            }
        }

        // Fields.
        let tables = fields::TableScope::of(profile);
        let mut obx_type: Option<String> = None;
        // One location reused for every segment (its id is copied in, not allocated anew).
        let mut base = Location::default();
        for (i, seg) in segments.iter().enumerate() {
            let id = ids.get(i).copied().unwrap_or("");
            if skip[i] && profile.segment(id).is_none_or(|s| s.fields.is_empty()) {
                continue;
            }
            if id == "OBX" {
                obx_type = seg
                    .text
                    .split(seps.field as char)
                    .nth(2)
                    .map(|t| comp(t, 0));
            }
            let mut check = fields::SegmentCheck {
                defs,
                profile,
                tables,
                seps,
                issues: &mut issues,
                msg: message,
            };
            let parsed = message.map(|_| i);
            base.segment.clear();
            base.segment.push_str(id);
            base.segment_index = i + 1;
            base.line = seg.line;
            base.offset = seg.offset;
            check.check(
                id,
                seg.text,
                &base,
                obx_type.as_deref().filter(|_| id == "OBX"),
                parsed,
            );
        }

        issues.sort_by_key(|i| (i.segment_index, i.offset));
        report.issues = issues;
        report
    }
}

fn fallback_version(version: &str) -> &'static str {
    let minor: Option<u32> = version
        .strip_prefix("2.")
        .and_then(|r| r.split('.').next())
        .and_then(|m| m.parse().ok());
    match minor {
        Some(m) if m < 3 => "2.3",
        Some(m) if m > 8 => "2.8.2",
        _ => "2.5",
    }
}

fn unreachable_defs() -> &'static Definitions {
    // The embedded definitions are covered by the crate's tests; this is never reached in a
    // correct build. A static empty set keeps validation from panicking if it ever is.
    static EMPTY: std::sync::OnceLock<Definitions> = std::sync::OnceLock::new();
    EMPTY.get_or_init(Definitions::empty)
}
