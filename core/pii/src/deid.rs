//! HIPAA Safe Harbor de-identification (45 CFR 164.514(b)(2)).
//!
//! The eighteen identifier kinds of 164.514(b)(2)(i)(A)-(R) are [`IdentifierKind`], each with a
//! default [`DeidAction`]. The generalizations the rule allows are provided as functions:
//! dates to their year ([`date_to_year`]), ages over 89 to `90+` ([`age_category`]) and ZIP codes to
//! their first three digits, or `000` where the three-digit area holds 20,000 people or fewer
//! ([`zip3`], [`RESTRICTED_ZIP3`]).
//!
//! [`deidentify_pid`] applies a policy to an HL7 v2 PID segment given as text with its encoding
//! characters. It splits fields, repetitions and components only; it does not unescape, since every
//! value it keeps is kept verbatim and every value it writes (a year, a ZIP3, a token) contains no
//! delimiter. The HL7 crate passes the segment text and the message's MSH-1/MSH-2 characters.
//!
//! Tokenizing identifiers instead of removing them is available ([`DeidAction::Tokenize`]) but is not
//! the default: 164.514(c) allows a re-identification code only if it is "not derived from or
//! related to information about the individual", and a keyed hash of the identifier is derived from
//! it. Use tokenization for limited data sets or expert-determination pipelines.

use crate::error::PiiError;
use crate::kind::PiiType;
use crate::normalize;
use crate::token::Tokenizer;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The eighteen Safe Harbor identifier kinds, in the order of 164.514(b)(2)(i)(A)-(R).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IdentifierKind {
    /// (A) Names.
    Names,
    /// (B) Geographic subdivisions smaller than a state (street, city, county, precinct, ZIP code).
    GeographicSubdivisions,
    /// (C) All elements of dates (except year) directly related to an individual, and ages over 89.
    Dates,
    /// (D) Telephone numbers.
    TelephoneNumbers,
    /// (E) Fax numbers.
    FaxNumbers,
    /// (F) Email addresses.
    EmailAddresses,
    /// (G) Social Security numbers.
    SocialSecurityNumbers,
    /// (H) Medical record numbers.
    MedicalRecordNumbers,
    /// (I) Health plan beneficiary numbers.
    HealthPlanBeneficiaryNumbers,
    /// (J) Account numbers.
    AccountNumbers,
    /// (K) Certificate/license numbers.
    CertificateLicenseNumbers,
    /// (L) Vehicle identifiers and serial numbers, including license plate numbers.
    VehicleIdentifiers,
    /// (M) Device identifiers and serial numbers.
    DeviceIdentifiers,
    /// (N) Web Universal Resource Locators (URLs).
    WebUrls,
    /// (O) Internet Protocol (IP) addresses.
    IpAddresses,
    /// (P) Biometric identifiers, including finger and voice prints.
    BiometricIdentifiers,
    /// (Q) Full-face photographs and any comparable images.
    FullFacePhotographs,
    /// (R) Any other unique identifying number, characteristic, or code.
    OtherUniqueIdentifiers,
}

impl IdentifierKind {
    /// All eighteen kinds in regulation order.
    pub const ALL: [IdentifierKind; 18] = [
        IdentifierKind::Names,
        IdentifierKind::GeographicSubdivisions,
        IdentifierKind::Dates,
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
        IdentifierKind::WebUrls,
        IdentifierKind::IpAddresses,
        IdentifierKind::BiometricIdentifiers,
        IdentifierKind::FullFacePhotographs,
        IdentifierKind::OtherUniqueIdentifiers,
    ];

    /// The paragraph letter in 164.514(b)(2)(i): `A` for names ... `R` for other identifiers.
    pub fn paragraph(self) -> char {
        let i = Self::ALL.iter().position(|k| *k == self).unwrap_or(0);
        char::from(b'A' + u8::try_from(i).unwrap_or(0))
    }

    /// The Safe Harbor default action: dates to year, geography to state + ZIP3, all else removed.
    pub fn default_action(self) -> DeidAction {
        match self {
            IdentifierKind::Dates => DeidAction::YearOnly,
            IdentifierKind::GeographicSubdivisions => DeidAction::StateAndZip3,
            _ => DeidAction::Remove,
        }
    }
}

/// What to do with a value of an identifier kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeidAction {
    /// Remove the value (empty field).
    Remove,
    /// Keep the value (not Safe Harbor compliant for the eighteen kinds; for expert determination).
    Keep,
    /// Keep only the year of a date; for a birth date of someone over 89, remove the year too.
    YearOnly,
    /// Keep the state, country and the restricted-aware ZIP3 of an address; remove the rest.
    StateAndZip3,
    /// Replace the identifier with its token (needs a tokenizer; see the module notes on 164.514(c)).
    Tokenize,
}

/// A de-identification policy: an action per identifier kind and the date ages are computed at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeidPolicy {
    /// Actions that differ from each kind's default.
    #[serde(default)]
    pub overrides: BTreeMap<IdentifierKind, DeidAction>,
    /// The date (`YYYY-MM-DD`) at which ages are computed (normally today, or the data's extract date).
    pub as_of: String,
    /// Tenant used for tokens when an action is `Tokenize`.
    #[serde(default)]
    pub tenant: String,
}

impl DeidPolicy {
    /// The Safe Harbor defaults, with ages computed at `as_of` (`YYYY-MM-DD`).
    pub fn safe_harbor(as_of: impl Into<String>) -> Self {
        DeidPolicy {
            overrides: BTreeMap::new(),
            as_of: as_of.into(),
            tenant: String::new(),
        }
    }

    /// The action for a kind.
    pub fn action(&self, kind: IdentifierKind) -> DeidAction {
        self.overrides
            .get(&kind)
            .copied()
            .unwrap_or_else(|| kind.default_action())
    }
}

/// The three-digit ZIP code areas with 20,000 or fewer people, which Safe Harbor requires to be
/// replaced by `000`. Source: HHS, "Guidance Regarding Methods for De-identification of Protected
/// Health Information in Accordance with the HIPAA Privacy Rule" (2012), section 2.4 (2000 Census
/// data): 036, 059, 063, 102, 203, 556, 692, 790, 821, 823, 830, 831, 878, 879, 884, 890, 893.
pub const RESTRICTED_ZIP3: [&str; 17] = [
    "036", "059", "063", "102", "203", "556", "692", "790", "821", "823", "830", "831", "878",
    "879", "884", "890", "893",
];

/// The Safe Harbor form of a US ZIP code: its first three digits, or `000` for a restricted area.
/// Returns `None` when the value has fewer than three leading digits (not a US ZIP code).
pub fn zip3(zip: &str) -> Option<String> {
    let z: String = zip.trim().chars().take(3).collect();
    if z.len() != 3 || !z.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if RESTRICTED_ZIP3.contains(&z.as_str()) {
        Some("000".to_string())
    } else {
        Some(z)
    }
}

/// An age in whole years in its Safe Harbor form: the number up to 89, `90+` above.
pub fn age_category(age: u32) -> String {
    if age > 89 {
        "90+".to_string()
    } else {
        age.to_string()
    }
}

/// The year of a date in any form [`crate::normalize()`] accepts for dates of birth, or an HL7 TS
/// (`YYYY[MM[DD[HH...]]]`).
pub fn date_to_year(value: &str) -> Result<String, PiiError> {
    let v = value.trim();
    if v.len() >= 4 && v.bytes().take(4).all(|b| b.is_ascii_digit()) && !v.contains('/') {
        return Ok(v.get(..4).unwrap_or_default().to_string());
    }
    normalize::dob(v).map(|(y, _, _)| format!("{y:04}"))
}

/// Whole years between a birth date and `as_of` (both parsed like dates of birth; an HL7 TS with
/// only a year or year and month counts from the first day).
pub fn age_at(birth: &str, as_of: &str) -> Result<u32, PiiError> {
    let (by, bm, bd) = parse_partial(birth)?;
    let (ay, am, ad) = normalize::dob(as_of)?;
    let mut age = i64::from(ay) - i64::from(by);
    if (am, ad) < (bm, bd) {
        age -= 1;
    }
    Ok(u32::try_from(age.max(0)).unwrap_or(0))
}

fn parse_partial(v: &str) -> Result<(u32, u32, u32), PiiError> {
    let v = v.trim();
    if v.bytes().all(|b| b.is_ascii_digit()) && (v.len() == 4 || v.len() == 6) {
        let y = v.get(..4).and_then(|s| s.parse().ok()).unwrap_or(0);
        let m = v.get(4..6).and_then(|s| s.parse().ok()).unwrap_or(1);
        return Ok((y, m, 1));
    }
    normalize::dob(v)
}

/// What was done to one field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange {
    /// The field, e.g. `PID-7`.
    pub field: String,
    /// The identifier kind it holds.
    pub kind: IdentifierKind,
    /// The action applied.
    pub action: DeidAction,
}

/// The result of de-identifying a segment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeidResult {
    /// The de-identified segment text.
    pub segment: String,
    /// Every field that was changed, in field order.
    pub changes: Vec<FieldChange>,
    /// The patient's age at the policy date in Safe Harbor form (`90+` above 89), when a birth
    /// date was present.
    pub age: Option<String>,
}

/// HL7 v2 encoding characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Delimiters {
    /// Field separator (MSH-1), usually `|`.
    pub field: char,
    /// Component separator, usually `^`.
    pub component: char,
    /// Repetition separator, usually `~`.
    pub repetition: char,
}

impl Default for Delimiters {
    fn default() -> Self {
        Delimiters {
            field: '|',
            component: '^',
            repetition: '~',
        }
    }
}

/// The identifier kind held by each PID field (HL7 v2.5.1 field numbers). Fields not listed
/// (set id, sex, race, language, marital status, religion, ethnic group, multiple birth, birth
/// order, citizenship, veteran status, nationality, death indicator, ...) are kept.
pub const PID_FIELDS: [(usize, IdentifierKind); 17] = [
    (2, IdentifierKind::MedicalRecordNumbers),
    (3, IdentifierKind::MedicalRecordNumbers),
    (4, IdentifierKind::OtherUniqueIdentifiers),
    (5, IdentifierKind::Names),
    (6, IdentifierKind::Names),
    (7, IdentifierKind::Dates),
    (9, IdentifierKind::Names),
    (11, IdentifierKind::GeographicSubdivisions),
    (12, IdentifierKind::GeographicSubdivisions),
    (13, IdentifierKind::TelephoneNumbers),
    (14, IdentifierKind::TelephoneNumbers),
    (18, IdentifierKind::AccountNumbers),
    (19, IdentifierKind::SocialSecurityNumbers),
    (20, IdentifierKind::CertificateLicenseNumbers),
    (21, IdentifierKind::OtherUniqueIdentifiers),
    (23, IdentifierKind::GeographicSubdivisions),
    (29, IdentifierKind::Dates),
];

/// The token type used when an identifier kind is tokenized.
fn token_type(kind: IdentifierKind) -> PiiType {
    match kind {
        IdentifierKind::SocialSecurityNumbers => PiiType::Ssn,
        IdentifierKind::MedicalRecordNumbers => PiiType::Mrn,
        IdentifierKind::TelephoneNumbers | IdentifierKind::FaxNumbers => PiiType::Phone,
        IdentifierKind::EmailAddresses => PiiType::Email,
        IdentifierKind::Names => PiiType::Name,
        _ => PiiType::Other,
    }
}

/// De-identifies an HL7 v2 PID segment (text starting `PID`) under `policy`. `tokenizer` is needed
/// only when an action is [`DeidAction::Tokenize`].
pub fn deidentify_pid(
    segment: &str,
    delimiters: Delimiters,
    policy: &DeidPolicy,
    tokenizer: Option<&Tokenizer>,
) -> Result<DeidResult, PiiError> {
    let seg = segment.trim_end_matches(['\r', '\n']);
    let mut fields: Vec<String> = seg.split(delimiters.field).map(str::to_string).collect();
    if fields.first().map(String::as_str) != Some("PID") {
        return Err(PiiError::Deidentify {
            reason: format!(
                "segment starts `{}`, expected `PID`",
                seg.chars().take(3).collect::<String>()
            ),
        });
    }
    let mut changes = Vec::new();
    let mut age = None;
    let mut dob_over_89 = false;
    if let Some(dob) = fields.get(7).filter(|f| !f.is_empty()) {
        let first = dob.split(delimiters.component).next().unwrap_or_default();
        let a = age_at(first, &policy.as_of).map_err(|e| PiiError::Deidentify {
            reason: format!("PID-7: {e}"),
        })?;
        dob_over_89 = a > 89;
        age = Some(age_category(a));
    }
    for (idx, kind) in PID_FIELDS {
        let Some(value) = fields.get(idx) else {
            continue;
        };
        if value.is_empty() {
            continue;
        }
        let action = policy.action(kind);
        let new = match action {
            DeidAction::Keep => continue,
            DeidAction::Remove => String::new(),
            DeidAction::YearOnly => {
                if idx == 7 && dob_over_89 {
                    String::new()
                } else {
                    map_reps(value, delimiters, |rep| {
                        let ts = rep.split(delimiters.component).next().unwrap_or_default();
                        date_to_year(ts).map_err(|e| PiiError::Deidentify {
                            reason: format!("PID-{idx}: {e}"),
                        })
                    })?
                }
            }
            DeidAction::StateAndZip3 => {
                if idx == 11 {
                    map_reps(value, delimiters, |rep| {
                        Ok(address_state_zip3(rep, delimiters))
                    })?
                } else {
                    String::new()
                }
            }
            DeidAction::Tokenize => {
                let tok = tokenizer.ok_or_else(|| PiiError::Deidentify {
                    reason: format!(
                        "PID-{idx}: the policy tokenizes {kind:?} but no tokenizer was given"
                    ),
                })?;
                map_reps(value, delimiters, |rep| {
                    let id = rep.split(delimiters.component).next().unwrap_or_default();
                    tok.tokenize_text(token_type(kind), &policy.tenant, id)
                        .map_err(|e| PiiError::Deidentify {
                            reason: format!("PID-{idx}: {e}"),
                        })
                })?
            }
        };
        if let Some(slot) = fields.get_mut(idx) {
            if *slot != new {
                *slot = new;
                changes.push(FieldChange {
                    field: format!("PID-{idx}"),
                    kind,
                    action,
                });
            }
        }
    }
    // Drop trailing empty fields created by removal.
    while fields.len() > 1 && fields.last().is_some_and(String::is_empty) {
        fields.pop();
    }
    let mut out = String::with_capacity(seg.len());
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            out.push(delimiters.field);
        }
        out.push_str(f);
    }
    Ok(DeidResult {
        segment: out,
        changes,
        age,
    })
}

fn map_reps(
    value: &str,
    d: Delimiters,
    mut f: impl FnMut(&str) -> Result<String, PiiError>,
) -> Result<String, PiiError> {
    let mut out = Vec::new();
    for rep in value.split(d.repetition) {
        out.push(if rep.is_empty() {
            String::new()
        } else {
            f(rep)?
        });
    }
    Ok(out.join(&d.repetition.to_string()))
}

/// XAD: keep state (4), ZIP3 (5), country (6) and address type (7); clear the rest.
fn address_state_zip3(rep: &str, d: Delimiters) -> String {
    let comps: Vec<&str> = rep.split(d.component).collect();
    let get = |i: usize| comps.get(i).copied().unwrap_or_default();
    let zip = zip3(get(4)).unwrap_or_default();
    let kept = [
        String::new(),
        String::new(),
        String::new(),
        get(3).to_string(),
        zip,
        get(5).to_string(),
        get(6).to_string(),
    ];
    let mut n = kept.len();
    while n > 0 && kept.get(n - 1).is_some_and(String::is_empty) {
        n -= 1;
    }
    kept.get(..n)
        .unwrap_or_default()
        .join(&d.component.to_string())
}
