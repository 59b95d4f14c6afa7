//! Normalizers: the canonical form of a value per identifier type, so that `123-45-6789` and
//! `123 45 6789` get the same token. Each rejects values that are not of its type with
//! `PII_NORMALIZE`, naming the type and the reason.
//!
//! | type | canonical form |
//! |---|---|
//! | ssn | 9 digits; separators (space, `-`, `.`) removed; area 000, 666, 900-999, group 00 and serial 0000 rejected (never issued, SSA) |
//! | mrn | ASCII letters uppercased, digits kept; spaces, `-`, `.`, `/` removed; other characters rejected |
//! | phone | E.164 `+<digits>`: separators removed; `00` prefix read as `+`; 10 digits, or 11 starting with 1, read as North American (+1); 8-15 digits |
//! | email | trimmed, lowercased; exactly one `@`, non-empty local part, a domain with a dot |
//! | name | lowercased, punctuation other than `-` and `'` removed, whitespace collapsed; `Last, First` and HL7 `Last^First^Middle` reordered to `first middle last` |
//! | dob | `YYYY-MM-DD`; accepts `YYYY-MM-DD`, `YYYYMMDD` (HL7; a time part is ignored) and US `MM/DD/YYYY`; calendar-checked |
//! | postcode | uppercased, spaces and `-` removed, 3-10 letters/digits; US ZIP+4 keeps all nine digits |
//! | address, other | trimmed, whitespace collapsed, lowercased |

use crate::error::PiiError;
use crate::kind::PiiType;

/// The canonical form of `value` as a `kind`.
pub fn normalize(kind: PiiType, value: &str) -> Result<String, PiiError> {
    let v = value.trim();
    match kind {
        PiiType::Ssn => ssn(v),
        PiiType::Mrn => mrn(v),
        PiiType::Phone => phone(v),
        PiiType::Email => email(v),
        PiiType::Name => name(v),
        PiiType::Dob => dob(v).map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}")),
        PiiType::Postcode => postcode(v),
        PiiType::Address | PiiType::Other => generic(kind, v),
    }
}

fn err(kind: PiiType, why: impl Into<String>) -> PiiError {
    PiiError::normalize(kind.as_str(), why)
}

fn ssn(v: &str) -> Result<String, PiiError> {
    let mut d = String::with_capacity(9);
    for c in v.chars() {
        match c {
            '0'..='9' => d.push(c),
            ' ' | '-' | '.' => {}
            _ => return Err(err(PiiType::Ssn, format!("unexpected character `{c}`"))),
        }
    }
    if d.len() != 9 {
        return Err(err(
            PiiType::Ssn,
            format!("expected 9 digits, got {}", d.len()),
        ));
    }
    let area = d.get(0..3).unwrap_or_default();
    if area == "000" || area == "666" || area.starts_with('9') {
        return Err(err(
            PiiType::Ssn,
            format!("area number {area} is never issued"),
        ));
    }
    if d.get(3..5) == Some("00") {
        return Err(err(PiiType::Ssn, "group number 00 is never issued"));
    }
    if d.get(5..9) == Some("0000") {
        return Err(err(PiiType::Ssn, "serial number 0000 is never issued"));
    }
    Ok(d)
}

fn mrn(v: &str) -> Result<String, PiiError> {
    let mut out = String::with_capacity(v.len());
    for c in v.chars() {
        match c {
            'a'..='z' | 'A'..='Z' | '0'..='9' => out.push(c.to_ascii_uppercase()),
            ' ' | '-' | '.' | '/' => {}
            _ => return Err(err(PiiType::Mrn, format!("unexpected character `{c}`"))),
        }
    }
    if out.is_empty() {
        return Err(err(PiiType::Mrn, "empty"));
    }
    Ok(out)
}

fn phone(v: &str) -> Result<String, PiiError> {
    let mut digits = String::with_capacity(16);
    let mut plus = false;
    for (i, c) in v.chars().enumerate() {
        match c {
            '0'..='9' => digits.push(c),
            '+' if i == 0 => plus = true,
            ' ' | '-' | '.' | '(' | ')' | '/' => {}
            _ => return Err(err(PiiType::Phone, format!("unexpected character `{c}`"))),
        }
    }
    if !plus {
        if let Some(rest) = digits.strip_prefix("00") {
            digits = rest.to_string();
            plus = true;
        }
    }
    let e164 = if plus {
        digits
    } else if digits.len() == 10 {
        format!("1{digits}")
    } else if digits.len() == 11 && digits.starts_with('1') {
        digits
    } else {
        return Err(err(
            PiiType::Phone,
            format!(
                "{} digits without a country code (give +CC for non-North-American numbers)",
                digits.len()
            ),
        ));
    };
    if !(8..=15).contains(&e164.len()) || e164.starts_with('0') {
        return Err(err(
            PiiType::Phone,
            format!(
                "E.164 numbers have 8-15 digits and no leading 0, got {}",
                e164.len()
            ),
        ));
    }
    Ok(format!("+{e164}"))
}

fn email(v: &str) -> Result<String, PiiError> {
    let lower = v.to_lowercase();
    let mut parts = lower.split('@');
    let (local, domain) = match (parts.next(), parts.next(), parts.next()) {
        (Some(l), Some(d), None) => (l, d),
        _ => return Err(err(PiiType::Email, "expected exactly one `@`")),
    };
    if local.is_empty() {
        return Err(err(PiiType::Email, "empty local part"));
    }
    if !domain.contains('.') || domain.starts_with('.') || domain.ends_with('.') {
        return Err(err(
            PiiType::Email,
            format!("domain `{domain}` is not a dotted host name"),
        ));
    }
    if lower.chars().any(char::is_whitespace) {
        return Err(err(PiiType::Email, "contains whitespace"));
    }
    Ok(lower)
}

fn name(v: &str) -> Result<String, PiiError> {
    // Reorder "Last, First Middle" and HL7 XPN "Last^First^Middle" to "First Middle Last".
    let ordered: String = if v.contains('^') {
        let comps: Vec<&str> = v.split('^').collect();
        let family = comps.first().copied().unwrap_or_default();
        let given: Vec<&str> = comps.iter().skip(1).take(2).copied().collect();
        let mut s = given.join(" ");
        s.push(' ');
        s.push_str(family);
        s
    } else if let Some((last, first)) = v.split_once(',') {
        format!("{first} {last}")
    } else {
        v.to_string()
    };
    let mut out = String::with_capacity(ordered.len());
    for word in ordered.split_whitespace() {
        let w: String = word
            .chars()
            .filter(|c| c.is_alphanumeric() || *c == '-' || *c == '\'')
            .flat_map(char::to_lowercase)
            .collect();
        if w.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&w);
    }
    if out.is_empty() {
        return Err(err(PiiType::Name, "no letters"));
    }
    Ok(out)
}

/// Parses a date of birth into (year, month, day), calendar-checked.
pub(crate) fn dob(v: &str) -> Result<(u32, u32, u32), PiiError> {
    let bad = || {
        err(
            PiiType::Dob,
            format!("`{v}` is not YYYY-MM-DD, YYYYMMDD or MM/DD/YYYY"),
        )
    };
    let num = |s: &str| -> Result<u32, PiiError> {
        if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        s.parse().map_err(|_| bad())
    };
    let (y, m, d) = if let Some((mm, rest)) = v.split_once('/') {
        let (dd, yy) = rest.split_once('/').ok_or_else(bad)?;
        if yy.len() != 4 {
            return Err(bad());
        }
        (num(yy)?, num(mm)?, num(dd)?)
    } else if v.len() >= 10 && v.as_bytes().get(4) == Some(&b'-') {
        let s = v.get(..10).ok_or_else(bad)?;
        if v.len() > 10 && !matches!(v.as_bytes().get(10), Some(b'T' | b' ')) {
            return Err(bad());
        }
        (
            num(s.get(0..4).unwrap_or_default())?,
            num(s.get(5..7).unwrap_or_default())?,
            num(s.get(8..10).unwrap_or_default())?,
        )
    } else if v.len() >= 8 && v.bytes().take(8).all(|b| b.is_ascii_digit()) {
        (
            num(v.get(0..4).unwrap_or_default())?,
            num(v.get(4..6).unwrap_or_default())?,
            num(v.get(6..8).unwrap_or_default())?,
        )
    } else {
        return Err(bad());
    };
    if !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) {
        return Err(err(
            PiiType::Dob,
            format!("{y:04}-{m:02}-{d:02} is not a calendar date"),
        ));
    }
    Ok((y, m, d))
}

/// Days in a month of the proleptic Gregorian calendar.
pub(crate) fn days_in_month(y: u32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

fn postcode(v: &str) -> Result<String, PiiError> {
    let mut out = String::with_capacity(v.len());
    for c in v.chars() {
        match c {
            'a'..='z' | 'A'..='Z' | '0'..='9' => out.push(c.to_ascii_uppercase()),
            ' ' | '-' => {}
            _ => {
                return Err(err(
                    PiiType::Postcode,
                    format!("unexpected character `{c}`"),
                ))
            }
        }
    }
    if !(3..=10).contains(&out.len()) {
        return Err(err(
            PiiType::Postcode,
            format!("expected 3-10 letters or digits, got {}", out.len()),
        ));
    }
    Ok(out)
}

fn generic(kind: PiiType, v: &str) -> Result<String, PiiError> {
    let out = v
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    if out.is_empty() {
        return Err(err(kind, "empty"));
    }
    Ok(out)
}
