//! Civil-time helpers (no dependency): RFC 3339 UTC parsing and time-of-day arithmetic.

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Parses `YYYY-MM-DDTHH:MM:SSZ` (UTC, optional fraction ignored) into seconds since the epoch.
pub fn parse_rfc3339(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() < 20 || !s.is_ascii() {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<i64> { s.get(r)?.parse::<i64>().ok() };
    if b.get(4) != Some(&b'-')
        || b.get(7) != Some(&b'-')
        || !matches!(b.get(10), Some(b'T') | Some(b't'))
        || b.get(13) != Some(&b':')
        || b.get(16) != Some(&b':')
    {
        return None;
    }
    let (y, mo, d, h, mi, se) = (
        num(0..4)?,
        num(5..7)?,
        num(8..10)?,
        num(11..13)?,
        num(14..16)?,
        num(17..19)?,
    );
    let rest = s.get(19..)?;
    let rest = if let Some(frac) = rest.strip_prefix('.') {
        let digits = frac.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        frac.get(digits..)?
    } else {
        rest
    };
    if rest != "Z" && rest != "z" {
        return None;
    }
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || se > 60 {
        return None;
    }
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let mdays = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    if d > mdays[(mo - 1) as usize] {
        return None;
    }
    Some(days_from_civil(y, mo, d) * 86_400 + h * 3600 + mi * 60 + se)
}

/// Parses `HH:MM` (00:00 to 24:00) into minutes after midnight.
pub fn parse_hhmm(s: &str) -> Option<u16> {
    let (h, m) = s.split_once(':')?;
    if h.len() != 2 || m.len() != 2 {
        return None;
    }
    let h: u16 = h.parse().ok()?;
    let m: u16 = m.parse().ok()?;
    if m > 59 || h > 24 || (h == 24 && m != 0) {
        return None;
    }
    Some(h * 60 + m)
}

/// Local minute of the day of an epoch time at an offset from UTC.
pub fn minute_of_day(epoch_seconds: i64, utc_offset_minutes: i32) -> u16 {
    let local = epoch_seconds.saturating_add(i64::from(utc_offset_minutes) * 60);
    (local.rem_euclid(86_400) / 60) as u16
}

/// Whether a minute of the day lies in `[from, to)`, wrapping past midnight when `to < from`.
pub fn in_window(minute: u16, from: u16, to: u16) -> bool {
    if from <= to {
        minute >= from && minute < to
    } else {
        minute >= from || minute < to
    }
}

/// Formats a minute of the day as `HH:MM`.
pub fn format_hhmm(minutes: u16) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_reference_values() {
        // 2000-01-01T00:00:00Z is 946684800 (POSIX time, e.g. `date -u -d 2000-01-01 +%s`).
        assert_eq!(parse_rfc3339("2000-01-01T00:00:00Z"), Some(946_684_800));
        assert_eq!(parse_rfc3339("1970-01-01T00:00:00Z"), Some(0));
        // 2024-02-29T12:30:00Z, a leap day: 1709209800.
        assert_eq!(
            parse_rfc3339("2024-02-29T12:30:00.250Z"),
            Some(1_709_209_800)
        );
        assert_eq!(parse_rfc3339("2023-02-29T12:30:00Z"), None);
        assert_eq!(parse_rfc3339("2023-02-28 12:30:00Z"), None);
    }

    #[test]
    fn windows_wrap_past_midnight() {
        assert!(in_window(23 * 60, 22 * 60, 6 * 60));
        assert!(in_window(60, 22 * 60, 6 * 60));
        assert!(!in_window(12 * 60, 22 * 60, 6 * 60));
        assert!(in_window(8 * 60, 8 * 60, 18 * 60));
        assert!(!in_window(18 * 60, 8 * 60, 18 * 60));
        assert_eq!(minute_of_day(946_684_800 + 3600, 60), 120);
        assert_eq!(parse_hhmm("24:00"), Some(1440));
        assert_eq!(parse_hhmm("7:00"), None);
    }
}
