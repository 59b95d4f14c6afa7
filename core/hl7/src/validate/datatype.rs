//! Checkers for HL7 v2 primitive data types over raw (encoded) text.
//!
//! Each checker takes the text of one component or subcomponent and says what is wrong with it,
//! in words a person understands; composite types are checked by the validator, which recurses
//! into their components with these checkers at the leaves.

use serde::{Deserialize, Serialize};

/// The precision of a date/time value (HL7 DTM/TS, DT, TM).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Precision {
    /// `YYYY`
    Year,
    /// `YYYYMM`
    Month,
    /// `YYYYMMDD`
    Day,
    /// `...HH`
    Hour,
    /// `...HHMM`
    Minute,
    /// `...HHMMSS`
    Second,
    /// `...HHMMSS.S` to `.SSSS`
    FractionalSecond,
}

/// A date/time value as HL7 writes it (`YYYY[MM[DD[HH[MM[SS[.S[S[S[S]]]]]]]]][+/-ZZZZ]`),
/// with its precision and time zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateTime {
    /// Year.
    pub year: u16,
    /// Month 1-12 (1 when not given).
    pub month: u8,
    /// Day 1-31 (1 when not given).
    pub day: u8,
    /// Hour 0-23.
    pub hour: u8,
    /// Minute 0-59.
    pub minute: u8,
    /// Second 0-59.
    pub second: u8,
    /// Fraction of a second in units of 1/10000 s.
    pub fraction: u16,
    /// How much of the value was given.
    pub precision: Precision,
    /// The offset from UTC in minutes, when given (`+0100` is 60).
    pub offset_minutes: Option<i16>,
}

/// Parses an HL7 DTM/TS value (the first component of TS), checking every part's range.
pub fn parse_datetime(s: &str) -> Result<DateTime, String> {
    let (body, offset) = split_offset(s)?;
    let (main, frac) = match body.bytes().position(|b| b == b'.') {
        Some(i) => (&body[..i], Some(&body[i + 1..])),
        None => (body, None),
    };
    let m = main.as_bytes();
    if !m.iter().all(u8::is_ascii_digit) {
        return Err(format!("'{s}' is not a date/time: only digits are allowed before the fraction and time zone (YYYY[MM[DD[HH[MM[SS[.S]]]]]][+/-ZZZZ])"));
    }
    if !matches!(m.len(), 4 | 6 | 8 | 10 | 12 | 14) {
        return Err(format!(
            "'{s}' is not a date/time: {} digits; expected 4 (YYYY), 6, 8, 10, 12 or 14 (YYYYMMDDHHMMSS)",
            m.len()
        ));
    }
    let num = |from: usize, to: usize| -> u32 {
        m[from..to]
            .iter()
            .fold(0u32, |acc, d| acc * 10 + u32::from(d - b'0'))
    };
    let mut dt = DateTime {
        year: u16::try_from(num(0, 4)).unwrap_or(0),
        month: 1,
        day: 1,
        hour: 0,
        minute: 0,
        second: 0,
        fraction: 0,
        precision: Precision::Year,
        offset_minutes: offset,
    };
    if m.len() >= 6 {
        dt.month = num(4, 6) as u8;
        dt.precision = Precision::Month;
        if !(1..=12).contains(&dt.month) {
            return Err(format!("'{s}' has month {:02}; months are 01-12", dt.month));
        }
    }
    if m.len() >= 8 {
        dt.day = num(6, 8) as u8;
        dt.precision = Precision::Day;
        let dim = days_in_month(dt.year, dt.month);
        if dt.day == 0 || dt.day > dim {
            return Err(format!(
                "'{s}' has day {:02}; {:04}-{:02} has days 01-{dim}",
                dt.day, dt.year, dt.month
            ));
        }
    }
    if m.len() >= 10 {
        dt.hour = num(8, 10) as u8;
        dt.precision = Precision::Hour;
        if dt.hour > 23 {
            return Err(format!("'{s}' has hour {:02}; hours are 00-23", dt.hour));
        }
    }
    if m.len() >= 12 {
        dt.minute = num(10, 12) as u8;
        dt.precision = Precision::Minute;
        if dt.minute > 59 {
            return Err(format!(
                "'{s}' has minute {:02}; minutes are 00-59",
                dt.minute
            ));
        }
    }
    if m.len() >= 14 {
        dt.second = num(12, 14) as u8;
        dt.precision = Precision::Second;
        if dt.second > 59 {
            return Err(format!(
                "'{s}' has second {:02}; seconds are 00-59",
                dt.second
            ));
        }
    }
    if let Some(f) = frac {
        if m.len() != 14 {
            return Err(format!(
                "'{s}' has a fraction of a second without seconds (YYYYMMDDHHMMSS.S)"
            ));
        }
        if f.is_empty() || f.len() > 4 || !f.bytes().all(|c| c.is_ascii_digit()) {
            return Err(format!(
                "'{s}' has fraction '{f}'; 1 to 4 digits are allowed after the point"
            ));
        }
        let mut v: u16 = f
            .bytes()
            .fold(0u16, |acc, d| acc * 10 + u16::from(d - b'0'));
        for _ in f.len()..4 {
            v *= 10;
        }
        dt.fraction = v;
        dt.precision = Precision::FractionalSecond;
    }
    Ok(dt)
}

fn split_offset(s: &str) -> Result<(&str, Option<i16>), String> {
    match s.bytes().position(|b| b == b'+' || b == b'-') {
        None => Ok((s, None)),
        Some(i) => {
            let z = &s[i + 1..];
            if z.len() != 4 || !z.bytes().all(|c| c.is_ascii_digit()) {
                return Err(format!(
                    "'{s}' has time zone '{}'; expected +HHMM or -HHMM",
                    &s[i..]
                ));
            }
            let hh = i16::from(z.as_bytes()[0] - b'0') * 10 + i16::from(z.as_bytes()[1] - b'0');
            let mm = i16::from(z.as_bytes()[2] - b'0') * 10 + i16::from(z.as_bytes()[3] - b'0');
            if hh > 14 || mm > 59 {
                return Err(format!(
                    "'{s}' has time zone '{}' out of range (-1200 to +1400)",
                    &s[i..]
                ));
            }
            let mut off = hh * 60 + mm;
            if s.as_bytes()[i] == b'-' {
                off = -off;
            }
            Ok((&s[..i], Some(off)))
        }
    }
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        2 => 28,
        _ => 0,
    }
}

/// Checks a DT (date) value: `YYYY[MM[DD]]`.
pub fn check_date(s: &str) -> Result<(), String> {
    if s.len() > 8 || s.contains(['+', '-', '.']) {
        return Err(format!("'{s}' is not a date: expected YYYY[MM[DD]]"));
    }
    parse_datetime(s).map(|_| ())
}

/// Checks a TM (time) value: `HH[MM[SS[.S[S[S[S]]]]]][+/-ZZZZ]`.
pub fn check_time(s: &str) -> Result<(), String> {
    let (body, _off) = split_offset(s)?;
    let (main, frac) = match body.bytes().position(|b| b == b'.') {
        Some(i) => (&body[..i], Some(&body[i + 1..])),
        None => (body, None),
    };
    if !matches!(main.len(), 2 | 4 | 6) || !main.bytes().all(|c| c.is_ascii_digit()) {
        return Err(format!(
            "'{s}' is not a time: expected HH[MM[SS[.S[S[S[S]]]]]][+/-ZZZZ]"
        ));
    }
    let m = main.as_bytes();
    let two = |i: usize| u32::from(m[i] - b'0') * 10 + u32::from(m[i + 1] - b'0');
    if two(0) > 23 {
        return Err(format!("'{s}' has hour {:02}; hours are 00-23", two(0)));
    }
    if m.len() >= 4 && two(2) > 59 {
        return Err(format!("'{s}' has minute {:02}; minutes are 00-59", two(2)));
    }
    if m.len() >= 6 && two(4) > 59 {
        return Err(format!("'{s}' has second {:02}; seconds are 00-59", two(4)));
    }
    if let Some(f) = frac {
        if m.len() != 6 || f.is_empty() || f.len() > 4 || !f.bytes().all(|c| c.is_ascii_digit()) {
            return Err(format!(
                "'{s}' has a malformed fraction of a second (HHMMSS.S to HHMMSS.SSSS)"
            ));
        }
    }
    Ok(())
}

/// Checks an NM (numeric) value: an optional sign, digits and an optional decimal point.
pub fn check_numeric(s: &str) -> Result<(), String> {
    let body = s.strip_prefix(['+', '-']).unwrap_or(s);
    let mut digits = 0;
    let mut points = 0;
    for c in body.bytes() {
        match c {
            b'0'..=b'9' => digits += 1,
            b'.' => points += 1,
            _ => {
                return Err(format!(
                    "'{s}' is not a number: only an optional sign, digits and one decimal point are allowed"
                ))
            }
        }
    }
    if digits == 0 || points > 1 {
        return Err(format!("'{s}' is not a number"));
    }
    Ok(())
}

/// Checks an SI (sequence id) value: a non-negative integer of at most 4 digits.
pub fn check_sequence_id(s: &str) -> Result<(), String> {
    if s.is_empty() || !s.bytes().all(|c| c.is_ascii_digit()) {
        return Err(format!(
            "'{s}' is not a sequence id: a non-negative integer is expected"
        ));
    }
    if s.len() > 4 {
        return Err(format!("'{s}' is not a sequence id: at most 4 digits"));
    }
    Ok(())
}

/// Checks a coded value (ID or IS): no leading or trailing spaces.
pub fn check_code(s: &str) -> Result<(), String> {
    let b = s.as_bytes();
    // Fast path: a first and last byte that are ASCII and not white space (U+0009 to U+000D
    // and the space are the ASCII characters `trim` removes), so there is nothing to trim.
    let solid =
        |c: Option<&u8>| c.is_some_and(|c| c.is_ascii() && !matches!(c, 0x09..=0x0d | b' '));
    if (solid(b.first()) && solid(b.last())) || s.is_empty() {
        return Ok(());
    }
    if s.trim() != s {
        return Err(format!("coded value '{s}' has leading or trailing spaces"));
    }
    Ok(())
}

/// The primitive data types this module checks.
pub fn is_checked_primitive(datatype: &str) -> bool {
    matches!(
        datatype,
        "NM" | "SI" | "DT" | "TM" | "DTM" | "ID" | "IS" | "ST" | "TX" | "FT" | "GTS" | "WD"
    )
}

/// Checks `value` against the primitive data type `datatype`. Types without a lexical rule
/// (ST, TX, FT and unknown ones) accept any text.
pub fn check_primitive(datatype: &str, value: &str) -> Result<(), String> {
    match datatype {
        "NM" => check_numeric(value),
        "SI" => check_sequence_id(value),
        "DT" => check_date(value),
        "TM" => check_time(value),
        "DTM" => parse_datetime(value).map(|_| ()),
        "ID" | "IS" => check_code(value),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Formats from HL7 v2.5 chapter 2A (2A.3.21 DT, 2A.3.22 DTM, 2A.3.47 NM, 2A.3.66 SI,
    // 2A.3.77 TM, 2A.3.80 TS).
    #[test]
    fn datetimes() {
        let d = parse_datetime("200501151230").unwrap();
        assert_eq!(
            (d.year, d.month, d.day, d.hour, d.minute),
            (2005, 1, 15, 12, 30)
        );
        assert_eq!(d.precision, Precision::Minute);
        let d = parse_datetime("20050115123015.1234-0500").unwrap();
        assert_eq!(d.fraction, 1234);
        assert_eq!(d.offset_minutes, Some(-300));
        assert_eq!(d.precision, Precision::FractionalSecond);
        assert_eq!(parse_datetime("2005").unwrap().precision, Precision::Year);
        assert_eq!(parse_datetime("20240229").unwrap().day, 29);
        assert!(parse_datetime("20230229").is_err());
        assert!(parse_datetime("19801340").is_err());
        assert!(parse_datetime("200501151260").is_err());
        assert!(parse_datetime("2005011").is_err());
        assert!(parse_datetime("2005-01-15").is_err());
        assert!(parse_datetime("20050115+05").is_err());
        assert!(parse_datetime("20050115.5").is_err());
        assert!(parse_datetime("").is_err());
    }

    #[test]
    fn dates_times_numbers() {
        assert!(check_date("19800101").is_ok());
        assert!(check_date("198001").is_ok());
        assert!(check_date("1980010112").is_err());
        assert!(check_date("19800230").is_err());
        assert!(check_time("1230").is_ok());
        assert!(check_time("123015.5+0100").is_ok());
        assert!(check_time("2460").is_err());
        assert!(check_numeric("-12.5").is_ok());
        assert!(check_numeric("+.5").is_ok());
        assert!(check_numeric("1e5").is_err());
        assert!(check_numeric("1.2.3").is_err());
        assert!(check_numeric("-").is_err());
        assert!(check_sequence_id("1").is_ok());
        assert!(check_sequence_id("-1").is_err());
        assert!(check_sequence_id("12345").is_err());
        assert!(check_code(" F").is_err());
        assert!(check_primitive("ST", "anything \u{1}").is_ok());
    }
}
