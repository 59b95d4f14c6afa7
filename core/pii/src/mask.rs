//! Masking for display: what a user without clearance sees in place of an identifier. This is the
//! function an authorization MASK obligation applies.
//!
//! | type | example in | masked |
//! |---|---|---|
//! | ssn | `123-45-6789` | `***-**-6789` |
//! | phone | `(555) 867-5309` | `***-***-5309` |
//! | email | `jane.doe@example.com` | `j***@example.com` |
//! | name | `Jane Q. Doe`, `DOE^JANE^Q` | `J. Q. D.` |
//! | dob | `1987-03-04`, `19870304` | `1987` |
//! | address | `12 Elm St, Springfield, IL 62704`, `12 Elm St^^Springfield^IL^62704` | `Springfield, IL` |
//! | postcode | `62704-1234` | `627**` |
//! | mrn, other | `MRN00123456` | `****3456` |
//!
//! A value that cannot be read as its type is masked completely (`****`): masking never fails and
//! never returns the input.

use crate::kind::PiiType;
use crate::normalize;

/// The fully redacted form used when a value cannot be read as its type.
pub const REDACTED: &str = "****";

/// Masks `value` as `kind` (see the module table).
pub fn mask(kind: PiiType, value: &str) -> String {
    let v = value.trim();
    let out = match kind {
        PiiType::Ssn => last_digits(v, 4)
            .filter(|_| digit_count(v) == 9)
            .map(|l| format!("***-**-{l}")),
        PiiType::Phone => last_digits(v, 4)
            .filter(|_| digit_count(v) >= 7)
            .map(|l| format!("***-***-{l}")),
        PiiType::Email => email(v),
        PiiType::Name => initials(v),
        PiiType::Dob => normalize::dob(v).ok().map(|(y, _, _)| format!("{y:04}")),
        PiiType::Address => address(v),
        PiiType::Postcode => postcode(v),
        PiiType::Mrn | PiiType::Other => {
            let chars: Vec<char> = v.chars().filter(|c| c.is_alphanumeric()).collect();
            (chars.len() > 4).then(|| {
                let tail: String = chars.iter().skip(chars.len() - 4).collect();
                format!("****{tail}")
            })
        }
    };
    out.unwrap_or_else(|| REDACTED.to_string())
}

/// Masks many values of one type.
pub fn mask_batch(kind: PiiType, values: &[&str]) -> Vec<String> {
    values.iter().map(|v| mask(kind, v)).collect()
}

fn digit_count(v: &str) -> usize {
    v.chars().filter(char::is_ascii_digit).count()
}

fn last_digits(v: &str, n: usize) -> Option<String> {
    let d: Vec<char> = v.chars().filter(char::is_ascii_digit).collect();
    (d.len() >= n).then(|| d.iter().skip(d.len() - n).collect())
}

fn email(v: &str) -> Option<String> {
    let (local, domain) = v.rsplit_once('@')?;
    let first = local.chars().next()?;
    if domain.is_empty() || !domain.contains('.') {
        return None;
    }
    Some(format!("{first}***@{}", domain.to_lowercase()))
}

fn initials(v: &str) -> Option<String> {
    let ordered = if v.contains('^') {
        let comps: Vec<&str> = v.split('^').collect();
        let mut parts: Vec<&str> = comps.iter().skip(1).take(2).copied().collect();
        parts.push(comps.first().copied().unwrap_or_default());
        parts.join(" ")
    } else if let Some((last, first)) = v.split_once(',') {
        format!("{first} {last}")
    } else {
        v.to_string()
    };
    let inits: Vec<String> = ordered
        .split_whitespace()
        .filter_map(|w| w.chars().find(|c| c.is_alphabetic()))
        .map(|c| format!("{}.", c.to_uppercase()))
        .collect();
    (!inits.is_empty()).then(|| inits.join(" "))
}

fn is_state(s: &str) -> bool {
    s.len() == 2 && s.chars().all(|c| c.is_ascii_alphabetic())
}

fn address(v: &str) -> Option<String> {
    if v.contains('^') {
        // HL7 XAD: street ^ other ^ city ^ state ^ zip ^ country ...
        let comps: Vec<&str> = v.split('^').collect();
        let city = comps.get(2).map(|s| s.trim()).filter(|s| !s.is_empty());
        let state = comps.get(3).map(|s| s.trim()).filter(|s| !s.is_empty());
        return match (city, state) {
            (Some(c), Some(s)) => Some(format!("{c}, {s}")),
            (Some(c), None) => Some(c.to_string()),
            (None, Some(s)) => Some(s.to_string()),
            (None, None) => None,
        };
    }
    let parts: Vec<&str> = v
        .split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    let last = *parts.last()?;
    let state = last.split_whitespace().next().filter(|s| is_state(s))?;
    let city = match parts.len() {
        0 | 1 => None,
        n => parts.get(n - 2).copied(),
    }?;
    // "Springfield, IL 62704" has no street; "12 Elm St, IL" has no city (a number in it).
    if city.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    Some(format!("{city}, {}", state.to_uppercase()))
}

fn postcode(v: &str) -> Option<String> {
    let p = normalize::normalize(PiiType::Postcode, v).ok()?;
    let head: String = p.chars().take(3).collect();
    Some(format!("{head}**"))
}
